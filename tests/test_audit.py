"""The audit log (issue 12): every step that matters leaves a line — who, what, which selection,
how many rows — it is append-only, and only the beheerder (all) and a hoofdgebruiker (own
corporation) read it."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import judgements_data as data
import pytest

from kwhcore import accounts
from kwhcore.access import AccessDenied, Scope
from kwhcore.cli import main
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import fictitious_rows, write_xlsx
from kwhcore.uploads import accorderen, upload, verwijderen
from warehouse.queries import judgements
from warehouse.stores import audit, signaalregels

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 4, 20)


@pytest.fixture
def corps(empty_db):
    a = add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id
    b = add_corporatie(empty_db, "Anders Wonen", 9000, "Noord", 1).corporatie_id
    return a, b


def _acties(con, scope=None, **kwargs) -> list[str]:
    return [r.actie for r in reversed(audit.regels(con, scope or Scope.system(), **kwargs))]


def test_upload_approval_and_deletion_are_logged_with_who_selection_and_rows(empty_db, corps, tmp_path):
    corp = corps[0]
    steward = Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")
    path = tmp_path / "reparaties.xlsx"
    write_xlsx(path, fictitious_rows(4, "reparaties", seed=2, today=TODAY))
    a = upload(empty_db, steward, corp, "reparaties", path, path.name, today=TODAY)
    accorderen(empty_db, steward, a.aanlevering_id, today=TODAY)
    verwijderen(empty_db, steward, a.aanlevering_id, today=TODAY)
    regels = list(reversed(audit.regels(empty_db, Scope.system())))
    assert [r.actie for r in regels] == ["bestand_geupload", "bestand_geaccordeerd", "bestand_verwijderd"]
    assert {r.actor for r in regels} == {"steward@woonstede.nl"}
    assert regels[0].selectie == {"vragenlijst": "reparaties", "ronde": "2026-05"}
    assert regels[0].rows_count == 4 and regels[0].onderwerp == "reparaties.xlsx"


def test_account_creation_rights_reset_and_deletion_are_logged(empty_db, corps):
    corp = corps[0]
    hoofd = Scope(role="hoofdgebruiker", corporatie_id=corp, user_email="hoofd@woonstede.nl")
    account = accounts.add_account(empty_db, hoofd, email="collega@woonstede.nl", rol="gebruiker", corporatie_id=corp)
    accounts.update_account(empty_db, hoofd, account.gebruiker_id, naam="Collega", toegang_klantvizier=True,
                            toegang_mijn_kwh=True, herinnering_aanleveren=True, validatieverslag=False)
    accounts.invite(empty_db, hoofd, account.gebruiker_id)
    accounts.delete_account(empty_db, hoofd, account.gebruiker_id)
    regels = list(reversed(audit.regels(empty_db, Scope.system())))
    assert [r.actie for r in regels] == ["account_aangemaakt", "account_gewijzigd", "account_uitgenodigd",
                                         "account_verwijderd"]
    assert all(r.actor == "hoofd@woonstede.nl" and r.corporatie_id == corp for r in regels)
    assert "Mijn KWH" in regels[1].toelichting and regels[0].onderwerp == "collega@woonstede.nl (gebruiker)"


def test_cli_export_is_logged_with_its_selection_and_row_count(empty_db, tmp_path, capsys):
    db = str(tmp_path / "wh.duckdb")
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht",
                 "--stedelijkheid", "2"]) == 0
    rows = "".join(f"R{i},Woonstede,reparaties,2025-03-0{i},online,nee,{5 + i % 3}\n" for i in range(1, 8))
    (tmp_path / "a.csv").write_text("respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,rep_totaal\n" + rows)
    assert main(["--db", db, "import-responses", str(tmp_path / "a.csv")]) == 0
    assert main(["--db", db, "export", "--corporatie", "Woonstede", "--vragenlijst", "reparaties", "--periode", "2025",
                 "--format", "csv", "--out", str(tmp_path / "uit.csv")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "audit", "--corporatie", "Woonstede", "--json"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert [r["actie"] for r in log] == ["export", "antwoorden_geimporteerd"]
    assert log[0]["selectie"] == {"vragenlijst": "reparaties", "periode": "2025"} and log[0]["rijen"] == 7
    assert log[1]["rijen"] == 7
    assert main(["--db", db, "audit", "--since", "2999-01-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "audit", "--since", "gisteren", "--json"]) == 2


def test_an_aedes_freeze_is_logged():
    con = data.warehouse()
    corp = data.corporatie(con)
    for _ in range(6):
        data.respondent(con, corp, "nieuwe_huurders", date(2025, 9, 1), aedes_cijfer=7)
    data.build(con)
    judgements.bevries(con, Scope.system(), 2026, "cron", vandaag=date(2026, 8, 31))
    [regel] = audit.regels(con, Scope.system())
    assert regel.actie == "aedes_bevroren" and regel.onderwerp == "benchmarkjaar 2026" and "cron" in regel.toelichting
    con.close()


def test_signal_rules_are_logged(empty_db, corps):
    signaalregels.add_regel(empty_db, Scope(role="hoofdgebruiker", corporatie_id=corps[0], user_email="h@w.nl"),
                       corps[0], "reparaties", vraag_code="rep_totaal", ontvangers="a@woonstede.nl")
    assert _acties(empty_db) == ["signaalregel_toegevoegd"]


def test_beheerder_reads_all_hoofdgebruiker_only_own_and_others_nothing(empty_db, corps):
    a, b = corps
    for corp in corps:
        audit.record(empty_db, Scope.system(), "export", corporatie_id=corp, rows_count=1)
    assert len(audit.regels(empty_db, Scope(role="beheerder"))) == 2
    own = audit.regels(empty_db, Scope(role="hoofdgebruiker", corporatie_id=a))
    assert [r.corporatie_id for r in own] == [a]
    with pytest.raises(AccessDenied):
        audit.regels(empty_db, Scope(role="hoofdgebruiker", corporatie_id=a), corporatie_id=b)
    for role in ("gebruiker", "aannemer"):
        with pytest.raises(AccessDenied):
            audit.regels(empty_db, Scope(role=role, corporatie_id=a))


def test_the_log_is_append_only_no_code_updates_or_deletes_it():
    sources = [p for folder in ("kwhcore", "warehouse", "pages", "ui", "sample_data")
               for p in (REPO / folder).rglob("*") if p.suffix in (".py", ".sql")]
    sources.append(REPO / "app.py")
    changing = re.compile(r"(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+audit_log|DROP\s+TABLE\s+audit_log)", re.I)
    assert [p.name for p in sources if changing.search(p.read_text(encoding="utf-8"))] == []
    writers = [p.relative_to(REPO).as_posix() for p in sources if "INSERT INTO audit_log" in p.read_text(encoding="utf-8")]
    assert writers == ["warehouse/stores/audit.py"]
