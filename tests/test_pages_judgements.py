"""AppTest of the Aedes-benchmark, Kwaliteitslabel and Databank pages, per role."""

from __future__ import annotations

from datetime import date

import judgements_data as data
import pytest
from apptest_helpers import app_as, texts


@pytest.fixture(scope="module")
def small_wh():
    """One corporation with the demo accounts and a little of everything; built once (bcrypt
    hashing of the demo passwords is the slow part). Tests that write clean up after themselves."""
    from kwhcore.accounts import create_demo_accounts

    con = data.warehouse()
    corp = data.corporatie(con)
    create_demo_accounts(con, corp, ("Bouwbedrijf Jansen",))
    for jaar in (2024, 2025):
        for code in ("nieuwe_huurders", "vertrokken_huurders", "reparaties", "planmatig_onderhoud"):
            for q in (1, 2, 3, 4):
                for _ in range(6):
                    data.respondent(con, corp, code, date(jaar, 3 * q - 1, 10), 8, aannemer="Bouwbedrijf Jansen",
                                    uitsplitsingen=("Oost", None, None, None),
                                    teksten={"rep_open_tip": "=HYPERLINK(\"http://x\")"})
        data.respondent(con, corp, "algemene_waardering", date(jaar, 6, 1), 7)
    for _ in range(6):
        data.respondent(con, corp, "reparaties", date(2026, 2, 10), aedes_cijfer=7, aannemer="Schilder Smit")
    data.build(con)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Pin 'today' to late November 2026: benchmark year 2026 frozen-able, 2027 running."""
    from dataclasses import replace

    from kwhcore import config

    monkeypatch.setattr(config, "CONFIG", replace(config.CONFIG, today_override=date(2026, 11, 23)))


def all_text(at) -> str:
    return "\n".join(texts(at))


@pytest.mark.parametrize("username", ["demo-hoofdgebruiker", "demo-beheerder"])
def test_aedes_page_shows_the_tile_with_letters_and_the_forecast(small_wh, monkeypatch, username):
    at = app_as(small_wh, username, "pages/aedes.py", monkeypatch)
    assert not at.exception
    text = all_text(at)
    assert "Benchmarkjaar 2026" in text and "Reparatieverzoeken" in text
    assert "Prognose benchmarkjaar" in text


@pytest.fixture
def unfreeze(small_wh):
    yield small_wh
    small_wh.execute("DELETE FROM aedes_bevriezing")
    small_wh.execute("DELETE FROM aedes_bevriezing_prestatieveld")


def test_beheerder_freezes_from_the_page_and_the_tile_says_who_and_when(unfreeze, monkeypatch):
    at = app_as(unfreeze, "demo-beheerder", "pages/aedes.py", monkeypatch)
    at.button(key="aedes_bevries").click().run()
    assert not at.exception
    assert any("1 corporaties bevroren" in s.value for s in at.success)
    assert "bevroren" in all_text(at) and "demo-beheerder" in all_text(at)
    frozen_by = unfreeze.execute("SELECT DISTINCT frozen_by FROM aedes_bevriezing").fetchall()
    assert frozen_by == [("demo-beheerder",)]


def test_a_corporation_user_cannot_freeze(small_wh, monkeypatch):
    at = app_as(small_wh, "demo-hoofdgebruiker", "pages/aedes.py", monkeypatch)
    assert not at.exception
    assert not [b for b in at.button if b.key == "aedes_bevries"]


@pytest.mark.parametrize("page", ["pages/aedes.py", "pages/kwaliteitslabel.py"])
def test_a_contractor_never_sees_the_judgements(small_wh, monkeypatch, page):
    at = app_as(small_wh, "demo-aannemer", page, monkeypatch)
    assert not at.exception
    text = all_text(at)
    assert "Deze pagina hoort niet bij uw account" in text
    assert "Reparatieverzoeken" not in text and "Onderzoeksjaar" not in text


def test_label_page_shows_verdicts_outcome_and_history(small_wh, monkeypatch):
    at = app_as(small_wh, "demo-hoofdgebruiker", "pages/kwaliteitslabel.py", monkeypatch)
    assert not at.exception
    assert "Prognose 2026" in all_text(at)
    at.selectbox(key="label_jaar").select(2025).run()
    assert not at.exception
    text = all_text(at)
    assert "Kwaliteitslabel verlengd met 2 jaar" in text
    assert "voldoet" in text and "K1, K2, K3, K4" in text


def test_databank_preview_hides_addresses_and_offers_a_csv(small_wh, monkeypatch):
    at = app_as(small_wh, "demo-hoofdgebruiker", "pages/databank.py", monkeypatch)
    assert not at.exception
    preview = at.dataframe[0].value
    assert "straat" not in preview.columns
    tips = set(preview["rep_open_tip"].dropna())
    assert tips == {"'=HYPERLINK(\"http://x\")"}  # the table's own CSV download is safe too
    at.button[0].click().run()
    assert not at.exception
    assert at.get("download_button")


def test_contractor_databank_holds_only_its_own_rows(small_wh, monkeypatch):
    at = app_as(small_wh, "demo-aannemer", "pages/databank.py", monkeypatch)
    assert not at.exception
    frame = at.dataframe[0].value
    assert set(frame["aannemer"]) == {"Bouwbedrijf Jansen"}
    assert "Schilder Smit" not in all_text(at)
