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

# Every ASCII punctuation mark that can start or close Markdown, HTML, an entity, a GFM autolink
# (``https://…``, ``www.…``, ``naam@domein.nl``) or one of Streamlit's extensions is escaped with
# a backslash (CommonMark allows that for all ASCII punctuation). Left alone, because they never
# make markup on their own: , ; ? ' " % /
MARKDOWN_PUNCTUATION = "\\`*_{}[]()#+-.!|<>~:$&=^@"
_PUNCTUATION = re.compile("([" + re.escape(MARKDOWN_PUNCTUATION) + "])")
_WHITESPACE = re.compile(r"\s+")


def plain(value: object) -> str:
    """``value`` as text that Markdown shows literally: every markup punctuation mark escaped and all
    whitespace (line breaks, tabs) folded to single spaces, so a name cannot start a heading,
    list, table or code block either."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return _PUNCTUATION.sub(r"\\\1", text)


def unescape(markdown: str) -> str:
    """What a reader sees of a text made with ``plain`` (for tests and logs)."""
    return re.sub("\\\\([" + re.escape(MARKDOWN_PUNCTUATION) + "])", r"\1", markdown)
