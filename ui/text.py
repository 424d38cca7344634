"""Plain text inside Streamlit's markdown: the one way a user-supplied string reaches a page.

Streamlit renders the body of ``st.markdown``, ``st.caption``, ``st.write``, the alerts
(``st.info`` …), titles and headers, and the labels of widgets, tabs, expanders, metrics and
page links as Markdown (GitHub flavour, with its own ``:color[…]``, ``:material/…:`` and ``$…$``
extensions). A contractor named ``[Klik hier](https://evil.example/login)`` would become a live
link, ``**vet**`` bold and ``<img …>`` an attempt at HTML. Every string that came from a file,
an import, a form or a URL is passed through ``plain`` before it is placed in such a text, so
it shows exactly as typed (issue 10).

Not needed — and wrong, because the backslashes would show — where Streamlit shows text as it
is: options of a selectbox/radio/multiselect (``format_func``), dataframe cells, ``st.text``,
``st.code`` and altair labels and tooltips (vega escapes its tooltips itself).
"""

from __future__ import annotations

import re

# CommonMark lets every ASCII punctuation character be escaped with a backslash; escaping all of
# them also covers the GFM autolinks (``https://…``, ``www.…``) and Streamlit's extensions.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_WHITESPACE = re.compile(r"\s+")


def plain(value: object) -> str:
    """``value`` as text that Markdown shows literally: every punctuation mark escaped and all
    whitespace (line breaks, tabs) folded to single spaces, so a name cannot start a heading,
    list, table or code block either."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return _PUNCTUATION.sub(r"\\\1", text)
