"""All text is text (issue 10): hostile names planted in a demo warehouse — a contractor, an
uitsplitsing value, the corporation, a file name, account names — are shown literally on every
page each role reaches, never as a link, an image or bold text.

Every Markdown-rendered string of a run (bodies of markdown, captions, alerts, titles, and the
labels and help texts of widgets, metrics, tabs, expanders and page links) is rendered with
markdown-it (GitHub flavour, with bare-URL autolinks, as Streamlit does) and inspected.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from apptest_helpers import app_as, demo_warehouse
from markdown_it import MarkdownIt

from ui.text import plain

LINK = "[Klik hier](https://evil.example/login)"
IMG = "<img src=x onerror=alert(1)>"
BOLD = "**vet**"
HOSTILE_AANNEMER = f"{LINK} Bouw"
HOSTILE_CORPORATIE = f"Woonstede {BOLD} {IMG}"
HOSTILE_UITSPLITSING = f"{BOLD} wijk https://evil.example/wijk"
HOSTILE_BESTAND = f"{LINK}.xlsx"
HOSTILE_NAAM = f"{IMG} {LINK}"
TODAY = date(2026, 4, 20)

_MD = MarkdownIt("gfm-like")
_MARKDOWN_FIELDS = {"body", "label", "help", "caption"}

KLANTVIZIER_PAGES = [
    "pages/start.py", "pages/hoofddashboard.py", "pages/klantreis.py", "pages/vraag.py",
    "pages/open_antwoorden.py", "pages/eigen_dashboard.py", "pages/databank.py",
]
MIJN_KWH_PAGES = ["pages/aanleveren.py", "pages/aanlevercalender.py", "pages/blokkeren.py",
                  "pages/onderzoeken.py", "pages/vragenlijsten.py"]
OTHER_PAGES = ["pages/mijn_account.py", "pages/gebruikersbeheer.py", "pages/informatie.py",
               "pages/aedes.py", "pages/kwaliteitslabel.py"]


@pytest.fixture(scope="module")
def hostile():
    """The demo sample with hostile names in every place a user can type or upload one."""
    from kwhcore import uploads
    from kwhcore.access import Scope
    from kwhcore.example_files import fictitious_rows, write_xlsx
    from sample_data import texts
    from warehouse.refresh import refresh

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(texts, "DEMO_CORPORATIES",
                   ((HOSTILE_CORPORATIE, *texts.DEMO_CORPORATIES[0][1:]), *texts.DEMO_CORPORATIES[1:]))
        mp.setattr(texts, "DEMO_CORPORATIE", HOSTILE_CORPORATIE)
        mp.setattr(texts, "DEMO_AANNEMER_SPELLINGEN", (HOSTILE_AANNEMER, texts.DEMO_AANNEMER_SPELLINGEN[1]))
        con = demo_warehouse(fresh=True)
    corp = con.execute("SELECT corporatie_id FROM corporatie WHERE naam = ?", [HOSTILE_CORPORATIE]).fetchone()[0]
    waarde = con.execute(
        "SELECT uitsplitsing1 FROM respondent WHERE corporatie_id = ? AND vragenlijst_code = 'reparaties' "
        "AND uitsplitsing1 IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC LIMIT 1", [corp]
    ).fetchone()[0]
    for table in ("respondent", "uitnodiging"):
        con.execute(f"UPDATE {table} SET uitsplitsing1 = ? WHERE corporatie_id = ? AND uitsplitsing1 = ?",
                    [HOSTILE_UITSPLITSING, corp, waarde])
    con.execute("UPDATE gebruiker SET naam = ?", [HOSTILE_NAAM])
    refresh(con)
    buffer = io.BytesIO()
    write_xlsx(buffer, fictitious_rows(3, "reparaties", today=TODAY))
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="demo-steward@voorbeeld.nl")
    uploads.upload(con, steward, corp, "reparaties", io.BytesIO(buffer.getvalue()), HOSTILE_BESTAND, today=TODAY)
    yield con, corp
    con.close()


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from kwhcore import config

    monkeypatch.setattr(config, "CONFIG", replace(config.CONFIG, today_override=TODAY))


def _markdown_strings(node):
    """Every string Streamlit renders as Markdown in the element tree below ``node``."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield from _proto_strings(proto)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _markdown_strings(child)


def _proto_strings(message):
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            values = [value] if hasattr(value, "ListFields") else value
            for item in values:
                if hasattr(item, "ListFields"):
                    yield from _proto_strings(item)
        elif field.type == field.TYPE_STRING and field.name in _MARKDOWN_FIELDS and value:
            yield value


def rendered(at) -> list[str]:
    return [_MD.render(text) for text in _markdown_strings(at._tree)]


def assert_all_text_is_text(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for html in rendered(at):
        assert not [href for href in re.findall(r'<a href="([^"]*)"', html) if "evil.example" in href], html
        assert "<img" not in html, html
        assert "<strong>vet</strong>" not in html, html


def shows_literally(at, text: str) -> bool:
    """The hostile string appears as typed in the rendered text (so the checks above looked)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return any(escaped in html for html in rendered(at))


def test_plain_escapes_markdown_so_it_renders_literally():
    for text in (LINK, IMG, BOLD, "# kop", "- lijst", "1. lijst", ":red[rood]", "$x$", "www.evil.example",
                 "a\n\n# kop", "`code`", "| a | b |", "> citaat", "\\[x](y)"):
        html = _MD.render(plain(text))
        assert "<a " not in html and "<img" not in html and "<strong>" not in html, (text, html)
        assert "<h1>" not in html and "<li>" not in html and "<code>" not in html and "<table>" not in html
        assert "<blockquote>" not in html
    assert _MD.render(plain(LINK)).strip() == f"<p>{LINK}</p>"


@pytest.mark.parametrize("page", KLANTVIZIER_PAGES + OTHER_PAGES)
@pytest.mark.parametrize("username", ["demo-hoofdgebruiker", "demo-aannemer", "demo-beheerder"])
def test_hostile_names_show_literally_on_every_klantvizier_page(hostile, monkeypatch, page, username):
    con, corp = hostile
    params = {"corporatie": str(corp), "vragenlijst": "reparaties", "periode": "2025",
              "aannemer": HOSTILE_AANNEMER}
    at = app_as(con, username, page, monkeypatch, query_params=params)
    assert_all_text_is_text(at)
    if page in ("pages/start.py", "pages/hoofddashboard.py", "pages/vraag.py") and username != "demo-beheerder":
        assert shows_literally(at, HOSTILE_AANNEMER)


@pytest.mark.parametrize("page", ["pages/hoofddashboard.py", "pages/klantreis.py", "pages/vraag.py",
                                  "pages/open_antwoorden.py"])
def test_a_hostile_uitsplitsing_value_shows_literally(hostile, monkeypatch, page):
    con, corp = hostile
    params = {"vragenlijst": "reparaties", "periode": "2025", "uitsplitsing": f"uitsplitsing1:{HOSTILE_UITSPLITSING}"}
    at = app_as(con, "demo-hoofdgebruiker", page, monkeypatch, query_params=params)
    assert_all_text_is_text(at)
    assert shows_literally(at, HOSTILE_UITSPLITSING)
    assert shows_literally(at, HOSTILE_CORPORATIE)


@pytest.mark.parametrize("page", MIJN_KWH_PAGES + ["pages/mijn_account.py", "pages/gebruikersbeheer.py"])
def test_hostile_names_show_literally_on_mijn_kwh_and_account_pages(hostile, monkeypatch, page):
    con, _ = hostile
    at = app_as(con, "demo-steward", page, monkeypatch)
    if page == "pages/aanleveren.py":
        at.selectbox(key="aanleveren_vragenlijst").select("reparaties").run()
        assert shows_literally(at, HOSTILE_BESTAND)
    assert_all_text_is_text(at)
    assert shows_literally(at, HOSTILE_NAAM)  # the sidebar's "Ingelogd als …"


def test_a_hostile_name_in_the_url_is_quoted_literally_in_the_warning(hostile, monkeypatch):
    con, _ = hostile
    at = app_as(con, "demo-hoofdgebruiker", None, monkeypatch,  # the start page, on its first run
                query_params={"aannemer": "[x](https://evil.example/y)"})
    assert_all_text_is_text(at)
    assert any("[x](https://evil.example/y)" in html for html in rendered(at))
