"""User-supplied strings inside Streamlit's markdown elements (st.success, st.info …), shown
literally: house rule "every user-supplied string is rendered as plain text"."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; that also disarms
# Streamlit's own ':red[…]' and ':material/…:' directives and inline HTML.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def letterlijk(text: str) -> str:
    """``text`` escaped so that markdown shows exactly these characters."""
    return _PUNCTUATION.sub(r"\\\1", text.replace("\n", " "))
