"""The first beheerder of a real warehouse comes from the command line, with an invitation link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from kwhcore import accounts
from kwhcore.cli import main
from warehouse import db


def _token(output: str) -> str:
    link = output.strip().splitlines()[-1]
    assert link.startswith("http://localhost:8501/wachtwoord_instellen?")
    return parse_qs(urlsplit(link).query)["uitnodiging"][0]


def test_init_then_first_beheerder_gets_a_working_invitation(tmp_path, capsys):
    path = str(tmp_path / "echt.duckdb")
    assert main(["init", "--db", path]) == 0
    assert main(["gebruiker", "add", "beheer@example.nl", "--rol", "beheerder", "--naam", "Beheer", "--db", path]) == 0
    token = _token(capsys.readouterr().out)
    con = db.connect(path)
    accounts.accept_invitation(con, token, "een-lang-wachtwoord", "een-lang-wachtwoord")
    assert "beheer@example.nl" in accounts.credentials(con)["usernames"]
    assert accounts.scope_for_account(con, "beheer@example.nl").role == "beheerder"
    # A real warehouse never gets the demo accounts.
    assert accounts.get_account(con, "demo-aannemer") is None
    assert db.info(con, "warehouse_kind") == "echt"


def test_reinviting_gives_a_new_link_and_unknown_accounts_are_refused(tmp_path, capsys):
    path = str(tmp_path / "echt.duckdb")
    main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2", "--db", path])
    assert main(["gebruiker", "add", "hg@example.nl", "--rol", "hoofdgebruiker", "--corporatie", "Woonstede",
                 "--mijn-kwh", "--db", path]) == 0
    first = _token(capsys.readouterr().out)
    assert main(["gebruiker", "uitnodigen", "hg@example.nl", "--db", path]) == 0
    second = _token(capsys.readouterr().out)
    assert first != second
    assert main(["gebruiker", "uitnodigen", "niemand@example.nl", "--db", path]) == 1
    assert capsys.readouterr().err.strip() == "Onbekend account 'niemand@example.nl'."


def test_a_corporation_account_needs_its_corporation(tmp_path, capsys):
    path = str(tmp_path / "echt.duckdb")
    assert main(["gebruiker", "add", "x@example.nl", "--rol", "gebruiker", "--db", path]) == 1
    assert capsys.readouterr().err.strip() == "Kies de corporatie van dit account."
