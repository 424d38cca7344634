"""AppTest of the Mijn KWH pages: every page per role, and the accorderen / blokkeren flows."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from apptest_helpers import app_as, texts

from kwhcore.access import Scope
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import example_xlsx, fictitious_rows, write_xlsx

TODAY = date(2026, 4, 20)
PAGES = ("aanleveren", "aanlevercalender", "blokkeren", "onderzoeken", "vragenlijsten", "voorbeeld")


@pytest.fixture(scope="module")
def wh():
    from kwhcore.accounts import create_demo_accounts
    from warehouse import db

    con = db.connect(":memory:")
    corp = add_corporatie(con, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    create_demo_accounts(con, corp, ("Bouwbedrijf Jansen",))
    yield con
    con.close()


@pytest.fixture(autouse=True)
def today(monkeypatch):
    from kwhcore import config

    monkeypatch.setattr(config, "CONFIG", replace(config.CONFIG, today_override=TODAY))


def all_text(at) -> str:
    return "\n".join(texts(at))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("user", ["demo-steward", "demo-beheerder"])
def test_every_mijn_kwh_page_opens_without_error(wh, monkeypatch, page, user):
    at = app_as(wh, user, f"pages/{page}.py", monkeypatch)
    assert not at.exception
    assert "hoort niet bij uw account" not in all_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_a_contractor_gets_a_polite_refusal_instead_of_mijn_kwh(wh, monkeypatch, page):
    at = app_as(wh, "demo-aannemer", f"pages/{page}.py", monkeypatch)
    assert not at.exception
    assert "hoort niet bij uw account" in all_text(at)


def _corp(con) -> int:
    return con.execute("SELECT corporatie_id FROM corporatie WHERE naam = 'Woonstede'").fetchone()[0]


def test_a_validated_file_shows_its_report_and_can_be_approved(wh, monkeypatch):
    from kwhcore import uploads

    corp = _corp(wh)
    rows = fictitious_rows(3, "reparaties", today=TODAY)
    rows[0]["email"] = ""
    buffer = io.BytesIO()
    write_xlsx(buffer, rows)
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="steward@example.nl")
    aanlevering = uploads.upload(wh, steward, corp, "reparaties", io.BytesIO(buffer.getvalue()), "reparaties_mei.xlsx", today=TODAY)
    try:
        at = app_as(wh, "demo-steward", "pages/aanleveren.py", monkeypatch)
        at.selectbox(key="aanleveren_vragenlijst").select("reparaties").run()
        text = all_text(at)
        assert "reparaties_mei.xlsx" in text and "Aandachtspunten" in text and "1 van de 3 huurders" in text
        at.button[[b.label for b in at.button].index("Accorderen")].click().run()
        assert not at.exception
        assert "is geaccordeerd" in all_text(at)
        assert uploads.get_aanlevering(wh, steward, aanlevering.aanlevering_id).status == "geaccordeerd"
        assert wh.execute("SELECT count(*) FROM uitnodiging").fetchone()[0] == 3
    finally:
        wh.execute("DELETE FROM uitnodiging")
        wh.execute("DELETE FROM uitsluiting")
        wh.execute("DELETE FROM huurder_rij")
        wh.execute("DELETE FROM aanlevering")


def test_blocking_an_address_with_a_bad_postcode_explains_and_a_good_one_is_listed(wh, monkeypatch):
    at = app_as(wh, "demo-steward", "pages/blokkeren.py", monkeypatch)
    at.text_input[0].input("12345")
    at.text_input[1].input("7")
    at.button[0].click().run()
    assert "geldige postcode" in all_text(at)
    at.text_input[0].input("3511 AB")
    at.text_input[1].input("7")
    at.button[0].click().run()
    assert not at.exception
    text = all_text(at)
    assert "geblokkeerd tot" in text and "3511 AB" in text
    wh.execute("DELETE FROM blokkade")


def test_the_calendar_shows_the_year_s_deadlines_and_the_current_round(wh, monkeypatch):
    at = app_as(wh, "demo-steward", "pages/aanlevercalender.py", monkeypatch)
    text = all_text(at)
    assert "6 mei 2026" in text and "7 januari 2026" in text and "9 december 2026" in text


def test_the_vragenlijsten_page_marks_kwaliteitslabel_and_signal_questions(wh, monkeypatch):
    at = app_as(wh, "demo-steward", "pages/vragenlijsten.py", monkeypatch)
    assert "💬" in all_text(at) and "✉️" in all_text(at)


def test_the_example_file_is_offered_for_download(wh, monkeypatch):
    at = app_as(wh, "demo-steward", "pages/aanleveren.py", monkeypatch)
    assert "Voorbeeldbestand" in all_text(at)
    assert example_xlsx("nieuwe_huurders")[:2] == b"PK"


@pytest.mark.parametrize(
    ("user", "title"),
    [("demo-steward", "Aanleveren"), ("demo-gebruiker", "Klantvizier"), ("demo-hoofdgebruiker", "Klantvizier"),
     ("demo-aannemer", "Klantvizier"), ("demo-beheerder", "Klantvizier")],
)
def test_every_role_lands_on_a_page_it_can_use(wh, monkeypatch, user, title):
    at = app_as(wh, user, None, monkeypatch)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    shown = all_text(at)
    assert "hoort niet bij uw account" not in shown and "geen toegang" not in shown


def test_the_steward_lands_on_aanleveren_with_the_next_deadline(wh, monkeypatch):
    at = app_as(wh, "demo-steward", None, monkeypatch)
    assert any("Volgende deadline: woensdag 6 mei 2026 (nog 16 dagen)" in i.value for i in at.info)


def test_an_account_without_klantvizier_or_mijn_kwh_lands_on_mijn_account(monkeypatch):
    from ui import navigation

    spec = navigation.landing_page(Scope(role="gebruiker", corporatie_id=1, rights=frozenset()))
    assert spec.path == "pages/mijn_account.py"



def test_the_steward_maps_a_spelling_delivered_before_on_the_aanleveren_page(monkeypatch, tmp_path):
    from kwhcore.accounts import create_demo_accounts
    from kwhcore.uploads import accorderen, list_aanleveringen, upload
    from warehouse import db

    con = db.connect(":memory:")
    corp = add_corporatie(con, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    create_demo_accounts(con, corp, ("Bouwbedrijf Jansen",))
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="demo-steward@voorbeeld.nl")
    rows = fictitious_rows(6, "nieuwe_huurders", today=date(2026, 3, 20))
    for row in rows:
        row["uitsplitsing1"] = "Vestiging Oost"
    write_xlsx(tmp_path / "maart.xlsx", rows)
    maart = upload(con, steward, corp, "nieuwe_huurders", tmp_path / "maart.xlsx", "maart.xlsx", today=date(2026, 3, 20))
    accorderen(con, steward, maart.aanlevering_id, today=date(2026, 3, 20))
    for row in rows:
        row["uitsplitsing1"] = "Oost"
    write_xlsx(tmp_path / "april.xlsx", rows)
    from warehouse.stores import schrijfwijzen
    upload(con, steward, corp, "nieuwe_huurders", tmp_path / "april.xlsx", "april.xlsx", today=TODAY,
           eerder=schrijfwijzen.eerdere_waarden(con, steward, corp))

    at = app_as(con, "demo-steward", "pages/aanleveren.py", monkeypatch)
    assert "eerder geleverd als 'Vestiging Oost'" in all_text(at)
    at.button(key="koppel_0").click().run()
    assert not at.exception
    assert any("wordt voortaan opgeslagen als" in s.value and "Vestiging Oost" in s.value for s in at.success)
    [april] = [a for a in list_aanleveringen(con, steward, corp) if a.bestandsnaam == "april.xlsx"]
    assert schrijfwijzen.voorstellen(con, steward, april) == []


def test_the_steward_reports_no_delivery_and_the_calendar_shows_it(monkeypatch):
    from kwhcore.accounts import create_demo_accounts
    from warehouse import db
    from warehouse.stores import geen_levering

    con = db.connect(":memory:")
    corp = add_corporatie(con, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    create_demo_accounts(con, corp, ("Bouwbedrijf Jansen",))
    at = app_as(con, "demo-steward", "pages/aanleveren.py", monkeypatch)
    at.selectbox(key="aanleveren_vragenlijst").set_value("reparaties").run()
    at.text_input[0].input("Overstap naar een nieuw ERP-systeem")
    at.button[[b.label for b in at.button].index("Deze maand geen levering melden")].click().run()
    assert not at.exception
    assert geen_levering.is_geen_levering(con, corp, "reparaties", "2026-05")
    assert "gemeld als geen levering door demo-steward@voorbeeld.nl — Overstap naar een nieuw ERP-systeem" in all_text(at)

    calendar = app_as(con, "demo-steward", "pages/aanlevercalender.py", monkeypatch)
    table = calendar.dataframe[0].value
    assert table.loc[table["Maand"] == "mei", "Geen levering"].item() == "Reparaties"
    assert table.loc[table["Maand"] == "juni", "Geen levering"].item() == ""


@pytest.mark.parametrize("code", ["reparaties", "nieuwe_huurders", "algemene_waardering"])
def test_the_preview_shows_the_vragenlijst_and_invitation_with_the_corporations_own_name(wh, monkeypatch, code):
    at = app_as(wh, "demo-steward", "pages/voorbeeld.py", monkeypatch)
    at.selectbox(key="voorbeeld_vragenlijst").set_value(code).run()
    assert not at.exception
    shown = all_text(at)
    assert "{{" not in shown and "Woonstede" in shown
    mail = [t.value for t in at.text if "Beste heer/mevrouw" in t.value]
    assert mail and "Woonstede" in mail[0] and "[persoonlijke link naar de vragenlijst]" in mail[0]
    radios = [r.label for r in at.radio]
    assert radios and all(r.disabled for r in at.radio)


def test_the_preview_can_show_an_aannemer_name_in_the_questions(wh, monkeypatch):
    at = app_as(wh, "demo-steward", "pages/voorbeeld.py", monkeypatch)
    at.selectbox(key="voorbeeld_vragenlijst").set_value("reparaties").run()
    at.text_input(key="voorbeeld_aannemer").input("Bouwbedrijf Jansen").run()
    assert "Iemand van Bouwbedrijf Jansen is op" in at.radio[0].label


@pytest.mark.parametrize(
    ("user", "choices"),
    [("demo-beheerder", ["gebruiker", "aannemer", "hoofdgebruiker", "beheerder"]),
     ("demo-hoofdgebruiker", ["gebruiker", "aannemer", "hoofdgebruiker"])],
)
def test_gebruikersbeheer_preselects_the_least_powerful_role(wh, monkeypatch, user, choices):
    at = app_as(wh, user, "pages/gebruikersbeheer.py", monkeypatch)
    assert not at.exception
    soort = at.radio(key="kv_nieuw_rol")
    assert list(soort.options) == [{"gebruiker": "Gebruiker", "aannemer": "Aannemer", "hoofdgebruiker": "Hoofdgebruiker",
                                     "beheerder": "Beheerder (platform)"}[c] for c in choices]
    assert soort.value == "gebruiker"
