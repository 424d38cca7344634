"""Signaalmails end to end through the public CLI, against a real local SMTP server (aiosmtpd):
exactly the expected mails, none for anonymous tenants, none twice (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from smtp_inbox import smtp_env, smtp_inbox

from kwhcore.cli import main

HEADER = ("respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,checkvraag,id1,id2,email,telefoon,"
          "rep_totaal,rep_melden_gemak\n")
# R1 consents and gives a 3; R2 gives a 2 but stays anonymous; R3 consents, checkvraag 3;
# R4 consents and is content; R5 consents, checkvraag 4 (no rule for 4 below).
ANTWOORDEN = (
    "R1,Woonstede,reparaties,2026-11-20,online,nee,1,ORD-1,VHE-9,h1@example.nl,0612345678,3,7\n"
    "R2,Woonstede,reparaties,2026-11-20,online,ja,1,ORD-2,,h2@example.nl,,2,2\n"
    "R3,Woonstede,reparaties,2026-11-21,telefonisch,nee,3,ORD-3,,h3@example.nl,,,\n"
    "R4,Woonstede,reparaties,2026-11-21,online,nee,1,ORD-4,,,,8,4\n"
    "R5,Woonstede,reparaties,2026-11-22,online,nee,4,ORD-5,,h5@example.nl,,,\n"
)


@pytest.fixture
def warehouse(tmp_path: Path) -> str:
    db = str(tmp_path / "wh.duckdb")
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht",
                 "--stedelijkheid", "2"]) == 0
    return db


def _import(db: str, tmp_path: Path, body: str, name: str = "antwoorden.csv") -> int:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return main(["--db", db, "import-responses", str(path)])


def _rules(db: str) -> None:
    assert main(["--db", db, "signaal", "regel", "add", "--corporatie", "Woonstede", "--vragenlijst", "reparaties",
                 "--vraag", "rep_totaal", "--max", "5", "--ontvanger", "a@woonstede.nl", "b@woonstede.nl"]) == 0
    assert main(["--db", db, "signaal", "regel", "add", "--corporatie", "Woonstede", "--vragenlijst", "reparaties",
                 "--checkvraag", "3", "--ontvanger", "a@woonstede.nl"]) == 0


@pytest.fixture
def smtp(monkeypatch):
    with smtp_inbox() as (inbox, port):
        for key, value in smtp_env(port).items():
            monkeypatch.setenv(key, value)
        yield inbox


@pytest.mark.parametrize("rules_first", [True, False], ids=["regels-eerst", "import-eerst"])
def test_jobs_run_mails_each_consenting_signal_once_and_nothing_for_anonymous_tenants(
    warehouse, tmp_path, smtp, rules_first
):
    if rules_first:
        _rules(warehouse)
        assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    else:
        assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
        _rules(warehouse)
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
    assert len(smtp.messages) == 2
    assert sorted(smtp.recipients()) == ["a@woonstede.nl", "a@woonstede.nl", "b@woonstede.nl"]
    bodies = "\n".join(smtp.bodies())
    assert "ORD-2" not in bodies and "h2@example.nl" not in bodies  # R2 is anonymous
    assert "ORD-4" not in bodies and "ORD-5" not in bodies  # content; checkvraag 4 has no rule here
    laag = next(b for b in smtp.bodies() if "ORD-1" in b)
    assert "Antwoord: cijfer 3" in laag and "id2: VHE-9" in laag
    assert "Telefoon: 0612345678" in laag and "E-mail: h1@example.nl" in laag
    assert "Wat vindt u van wat Woonstede voor u heeft gedaan" in laag  # the question, filled in
    check = next(b for b in smtp.bodies() if "ORD-3" in b)
    assert "Nee, de reparatie is nog niet (helemaal) klaar" in check

    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-02"]) == 0
    assert len(smtp.messages) == 2

    # The same file again changes nothing; a new consenting low grade gives exactly one mail more.
    assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    assert _import(warehouse, tmp_path, "R6,Woonstede,reparaties,2026-11-25,online,nee,1,ORD-6,,,0301234567,5,9\n"
                                        "R7,Woonstede,reparaties,2026-11-25,online,ja,1,,,,,1,1\n", "nieuw.csv") == 0
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-03"]) == 0
    assert len(smtp.messages) == 3
    assert "ORD-6" in smtp.bodies()[2]


def test_a_respondent_who_withdraws_consent_on_reimport_raises_nothing_new(warehouse, tmp_path, smtp, capsys):
    _rules(warehouse)
    assert _import(warehouse, tmp_path, "R1,Woonstede,reparaties,2026-11-20,online,ja,1,ORD-1,,,,3,7\n") == 0
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
    assert smtp.messages == []
    capsys.readouterr()
    assert main(["--db", warehouse, "signalen", "--corporatie", "Woonstede", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_without_a_mail_server_signals_wait_and_go_out_once_it_is_there(warehouse, tmp_path, monkeypatch, capsys):
    for key in ("HOST", "PORT", "SECURITY", "FROM"):
        monkeypatch.delenv(f"KLANTVIZIER_SMTP_{key}", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    _rules(warehouse)
    assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    capsys.readouterr()
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
    assert "geen mailserver ingesteld: 2" in capsys.readouterr().out
    with smtp_inbox() as (inbox, port):
        for key, value in smtp_env(port).items():
            monkeypatch.setenv(key, value)
        assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
        assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
        assert len(inbox.messages) == 2


def test_a_failed_send_is_tried_again_and_then_sent_once(warehouse, tmp_path, monkeypatch, capsys):
    from smtp_inbox import free_port

    _rules(warehouse)
    assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    for key, value in smtp_env(free_port()).items():  # nobody listens on this port
        monkeypatch.setenv(key, value)
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01", "--json"]) == 0
    assert '"signaalmails_mislukt": 2' in capsys.readouterr().out
    with smtp_inbox() as (inbox, port):
        for key, value in smtp_env(port).items():
            monkeypatch.setenv(key, value)
        assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-02"]) == 0
        assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-03"]) == 0
        assert len(inbox.messages) == 2


def test_signalen_json_lists_status_and_filters_by_status(warehouse, tmp_path, smtp, capsys):
    import json

    _rules(warehouse)
    assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    assert main(["--db", warehouse, "jobs", "run", "--op", "2026-12-01"]) == 0
    capsys.readouterr()
    assert main(["--db", warehouse, "signalen", "--corporatie", "Woonstede", "--status", "open", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["respondent_id"], r["status"], r["mail"]) for r in rows] == [
        ("R1", "open", "verzonden"), ("R3", "open", "verzonden")]
    assert main(["--db", warehouse, "signalen", "--corporatie", "Woonstede", "--status", "afgehandeld", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", warehouse, "signalen", "--corporatie", "Onbekend", "--json"]) == 1


@pytest.mark.parametrize("argv", [
    ["--vraag", "rep_totaal", "--max", "11", "--ontvanger", "a@woonstede.nl"],
    ["--vraag", "rep_totaal", "--checkvraag", "3", "--ontvanger", "a@woonstede.nl"],
    ["--checkvraag", "2", "--ontvanger", "a@woonstede.nl"],
    ["--vraag", "rep_totaal"],
])
def test_bad_rule_invocations_exit_2_with_one_dutch_sentence(warehouse, capsys, argv):
    capsys.readouterr()
    assert main(["--db", warehouse, "signaal", "regel", "add", "--corporatie", "Woonstede",
                 "--vragenlijst", "reparaties", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (["--vraag", "rep_open_tip", "--max", "5", "--ontvanger", "a@woonstede.nl"], "rapportcijfer"),
    (["--vraag", "nh_totaal", "--max", "5", "--ontvanger", "a@woonstede.nl"], "hoort niet bij"),
    (["--vraag", "rep_totaal", "--max", "5", "--ontvanger", "geen-adres"], "Geen geldig e-mailadres"),
    (["--vraag", "bestaat_niet", "--max", "5", "--ontvanger", "a@woonstede.nl"], "bestaat niet"),
])
def test_unacceptable_rules_exit_1_and_store_nothing(warehouse, capsys, argv, message):
    capsys.readouterr()
    assert main(["--db", warehouse, "signaal", "regel", "add", "--corporatie", "Woonstede",
                 "--vragenlijst", "reparaties", *argv]) == 1
    assert message in capsys.readouterr().err
    assert main(["--db", warehouse, "signaal", "regel", "list", "--corporatie", "Woonstede", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_recipients_may_be_given_after_one_option_or_by_repeating_it(warehouse, capsys):
    import json

    assert main(["--db", warehouse, "signaal", "regel", "add", "--corporatie", "Woonstede", "--vragenlijst",
                 "reparaties", "--vraag", "rep_totaal", "--ontvanger", "a@woonstede.nl", "--ontvanger", "b@woonstede.nl"]) == 0
    capsys.readouterr()
    assert main(["--db", warehouse, "signaal", "regel", "list", "--corporatie", "Woonstede", "--json"]) == 0
    [regel] = json.loads(capsys.readouterr().out)
    assert regel["ontvangers"] == ["a@woonstede.nl", "b@woonstede.nl"] and (regel["min"], regel["max"]) == (1, 5)


def test_a_local_smtp_server_needs_only_host_and_port(warehouse, tmp_path, monkeypatch):
    for key in ("SECURITY", "FROM", "USER", "PASSWORD"):
        monkeypatch.delenv(f"KLANTVIZIER_SMTP_{key}", raising=False)
    _rules(warehouse)
    assert _import(warehouse, tmp_path, ANTWOORDEN) == 0
    with smtp_inbox() as (inbox, port):
        monkeypatch.setenv("KLANTVIZIER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KLANTVIZIER_SMTP_PORT", str(port))
        assert main(["--db", warehouse, "jobs", "run"]) == 0
        assert main(["--db", warehouse, "jobs", "run"]) == 0
        assert len(inbox.messages) == 2
