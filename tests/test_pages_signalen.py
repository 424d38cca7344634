"""The Signalen, Logboek and Onderzoeken pages driven headless (AppTest) on the demo warehouse:
follow-up by the corporation, the contractor's view only when allowed, rules set on the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from apptest_helpers import app_as, demo_warehouse, texts

from kwhcore.access import Scope
from kwhcore.corporaties import find_corporatie
from kwhcore.responses_import import import_responses
from ui.text import unescape
from warehouse.stores import audit, signaalregels, signalen

CORP = "Woonstichting De Vechtstreek"


@pytest.fixture
def con(tmp_path):
    con = demo_warehouse()
    corp = find_corporatie(con, CORP).corporatie_id
    signaalregels.add_regel(con, Scope.system(), corp, "reparaties", vraag_code="rep_totaal", ontvangers="klant@vechtstreek.nl")
    day = (date.today() - timedelta(days=1)).isoformat()
    path = tmp_path / "antwoorden.csv"
    path.write_text(
        "respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,aannemer,id1,telefoon,rep_totaal\n"
        f"S1,{CORP},reparaties,{day},online,nee,Bouwbedrijf Jansen,WERK-1,0611111111,2\n"
        f"S2,{CORP},reparaties,{day},online,nee,Schildersbedrijf Anders,WERK-2,0622222222,4\n"
        f"S3,{CORP},reparaties,{day},online,ja,Bouwbedrijf Jansen,WERK-3,0633333333,1\n",
        encoding="utf-8",
    )
    import_responses(con, path)
    yield con, corp
    con.close()


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_corporation_follows_a_signal_up_to_afgehandeld_and_the_log_shows_it(con, monkeypatch):
    con, corp = con
    at = app_as(con, "demo-hoofdgebruiker", "pages/signalen.py", monkeypatch)
    assert not at.exception
    assert [m.value for m in at.metric] == ["2", "0", "0"]
    seen = "\n".join(texts(at))
    assert "WERK-3" not in seen  # the anonymous tenant raised nothing
    at.radio[0].set_value("in_behandeling")
    at.text_input[0].set_value("Team Reparaties")
    _button(at, "Opslaan").click().run()
    assert "staat nu op 'In behandeling'" in " ".join(s.value for s in at.success)
    at.radio[0].set_value("afgehandeld")
    _button(at, "Opslaan").click().run()
    assert "Schrijf kort op wat er met het signaal is gedaan." in [unescape(e.value) for e in at.error]
    at.text_area[0].set_value("Huurder gebeld; monteur komt terug.")
    _button(at, "Opslaan").click().run()
    assert [m.value for m in at.metric] == ["1", "0", "1"]
    statuses = [r.toelichting for r in audit.regels(con, Scope.system(), corporatie_id=corp) if r.actie == "signaal_status"]
    assert statuses == ["In behandeling → Afgehandeld; behandelaar Team Reparaties; Huurder gebeld; monteur komt terug.",
                        "Open → In behandeling; behandelaar Team Reparaties"]
    assert signalen.tellingen(con, Scope.system(), corp) == {"open": 1, "in_behandeling": 0, "afgehandeld": 1}


def test_start_page_counts_the_open_signals(con, monkeypatch):
    at = app_as(con[0], "demo-hoofdgebruiker", "pages/start.py", monkeypatch)
    assert not at.exception
    assert any("2 open signalen om op te volgen" in t for t in texts(at))


def test_a_contractor_sees_only_its_own_signals_and_only_when_allowed(con, monkeypatch):
    con, corp = con
    at = app_as(con, "demo-aannemer", "pages/signalen.py", monkeypatch)
    assert "Uw corporatie deelt de signalen niet met aannemers." in [unescape(i.value) for i in at.info]
    signalen.set_aannemer_mag_zien(con, Scope.system(), corp, True)
    at = app_as(con, "demo-aannemer", "pages/signalen.py", monkeypatch)
    assert not at.exception
    seen = "\n".join(texts(at))
    assert "WERK-1" in seen and "WERK-2" not in seen
    assert "0611111111" not in seen  # contact details stay with the corporation
    assert not [b for b in at.button if b.label == "Opslaan"]  # a contractor reads; the corporation follows up


def test_logboek_shows_the_steps_to_the_hoofdgebruiker(con, monkeypatch):
    at = app_as(con[0], "demo-hoofdgebruiker", "pages/logboek.py", monkeypatch)
    assert not at.exception
    seen = "\n".join(texts(at))
    assert "Antwoorden geïmporteerd" in seen and "Signaalregel toegevoegd" in seen


def test_a_rule_set_on_the_onderzoeken_page_is_stored(con, monkeypatch):
    con, corp = con
    at = app_as(con, "demo-hoofdgebruiker", "pages/onderzoeken.py", monkeypatch)
    assert not at.exception
    at.selectbox(key="signaalregel_vragenlijst").set_value("nieuwe_huurders").run()
    form_area = [t for t in at.text_area if t.label.startswith("Ontvangers")][0]
    form_area.set_value("wonen@vechtstreek.nl")
    _button(at, "Regel toevoegen").click().run()
    assert not at.exception
    assert any("Signaalregel opgeslagen" in s.value for s in at.success)
    [regel] = signaalregels.regels(con, Scope.system(), corp, "nieuwe_huurders")
    assert regel.ontvangers == ("wonen@vechtstreek.nl",) and (regel.min_cijfer, regel.max_cijfer) == (1, 5)
