"""The public command line (interfaces.md): outputs, exit codes, no tracebacks."""

from __future__ import annotations

import json

import pytest

from kwhcore.cli import main


def test_deadlines_prints_twelve_iso_dates(capsys):
    assert main(["deadlines", "2026"]) == 0
    lines = capsys.readouterr().out.split()
    assert len(lines) == 12 and lines[0] == "2026-01-07" and lines[-1] == "2026-12-09"


def test_vragenlijsten_json_has_the_contract_keys(capsys):
    assert main(["vragenlijsten", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [v["code"] for v in payload] == ["nieuwe_huurders", "vertrokken_huurders", "reparaties",
                                            "planmatig_onderhoud", "groot_onderhoud", "algemene_waardering"]
    for vl in payload:
        for q in vl["vragen"]:
            assert {"code", "tekst", "type", "stap", "kwaliteitslabel", "aedes"} <= set(q)
            assert q["type"] in ("rapportcijfer", "keuze", "meerkeuze", "ja_nee", "open")
    aedes = {vl["code"]: [q["code"] for q in vl["vragen"] if q["aedes"]] for vl in payload}
    # The first question of NH, VH and Reparaties is the Aedes question (seeds 000, 002).
    for code in ("nieuwe_huurders", "vertrokken_huurders", "reparaties"):
        first = next(vl for vl in payload if vl["code"] == code)["vragen"][0]["code"]
        assert aedes[code] == [first]


def test_corporatie_add_refuses_a_duplicate_with_exit_1(tmp_path, capsys):
    db = str(tmp_path / "w.duckdb")
    args = ["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2", "--db", db]
    assert main(args) == 0
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == "Er bestaat al een corporatie met de naam 'Woonstede'."


@pytest.mark.parametrize(
    "argv",
    [["deadlines", "twintig"], ["bestaat-niet"], ["scores", "--corporatie", "X"], [],
     ["corporatie", "add", "X", "--vhe", "veel", "--regio", "U", "--stedelijkheid", "2"]],
)
def test_bad_invocations_exit_2_with_one_dutch_sentence(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Ongeldige aanroep") and "Traceback" not in err


def test_scores_refuses_unknown_vragenlijst_and_period(tmp_path, capsys):
    db = str(tmp_path / "w.duckdb")
    main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2", "--db", db])
    assert main(["scores", "--corporatie", "Woonstede", "--vragenlijst", "onbekend", "--periode", "2025", "--db", db]) == 2
    assert main(["scores", "--corporatie", "Woonstede", "--vragenlijst", "reparaties", "--periode", "2025-Q9", "--db", db]) == 2
    assert "Onbekende periode" in capsys.readouterr().err


def test_sample_builds_a_demo_warehouse(tmp_path, capsys):
    db = str(tmp_path / "demo.duckdb")
    assert main(["sample", "--db", db]) == 0
    assert "15 corporaties" in capsys.readouterr().out
    assert main(["scores", "--corporatie", "Woonstichting De Vechtstreek", "--vragenlijst", "reparaties",
                 "--periode", "2025", "--aannemer", "Bouwbedrijf Jansen", "--json", "--db", db]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n"] > 20 and 1 <= payload["onderdeelscore"] <= 10
