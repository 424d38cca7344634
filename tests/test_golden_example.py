"""Seed 002's worked example (ten tenants, seven kwaliteitslabel questions) end to end:
CSV → `import-responses` → `scores --json` gives 80% tevreden and onderdeelscore 424/70."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kwhcore.cli import main
from kwhcore.formatting import cijfer, procent
from kwhcore.vragenlijsten import vragenlijst

GOLDEN = [
    [7, 6, 8, 5, 9, 7, 6],
    [5, 5, 5, 4, 6, 6, 4],
    [8, 8, 8, 6, 7, 7, 8],
    [7, 7, 7, 5, 6, 7, 6],
    [1, 2, 4, 4, 2, 1, 6],
    [5, 6, 5, 5, 7, 5, 6],
    [7, 7, 7, 5, 7, 5, 8],
    [7, 5, 5, 5, 7, 5, 5],
    [8, 8, 8, 7, 9, 8, 7],
    [7, 6, 5, 7, 7, 6, 7],
]
REPO = Path(__file__).resolve().parent.parent


def label_codes() -> list[str]:
    return [q.code for q in vragenlijst("reparaties").vragen if q.kwaliteitslabel]


def write_golden_csv(path: Path, corporatie: str = "Woonstede", delimiter: str = ",") -> Path:
    codes = label_codes()
    assert len(codes) == 7, "the worked example needs seven kwaliteitslabel questions"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "anoniem", *codes])
        for i, grades in enumerate(GOLDEN, start=1):
            writer.writerow([f"H{i}", corporatie, "reparaties", f"2025-03-{i:02d}", "online", "ja", *grades])
    return path


@pytest.fixture
def warehouse_with_golden(tmp_path: Path, capsys) -> Path:
    db_path = tmp_path / "golden.duckdb"
    assert main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht",
                 "--stedelijkheid", "2", "--db", str(db_path)]) == 0
    assert main(["import-responses", str(write_golden_csv(tmp_path / "golden.csv")), "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def scores_json(db_path: Path, capsys, *extra: str) -> dict:
    assert main(["scores", "--corporatie", "Woonstede", "--vragenlijst", "reparaties", "--periode", "2025",
                 "--json", "--db", str(db_path), *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_worked_example_gives_80_percent_tevreden_and_6_057(warehouse_with_golden, capsys):
    payload = scores_json(warehouse_with_golden, capsys)
    assert payload["n"] == 10
    assert payload["percentage_tevreden"] == pytest.approx(80.0)
    assert payload["onderdeelscore"] == pytest.approx(424 / 70)
    assert payload["onderdeelscore"] == pytest.approx(6.057142857)
    assert cijfer(payload["onderdeelscore"]) == "6,1"
    assert procent(payload["percentage_tevreden"]) == "80%"


def test_worked_example_question_scores_are_column_means(warehouse_with_golden, capsys):
    payload = scores_json(warehouse_with_golden, capsys)
    by_code = {q["code"]: q for q in payload["vragen"]}
    for column, code in enumerate(label_codes()):
        grades = [row[column] for row in GOLDEN]
        assert by_code[code]["gemiddelde"] == pytest.approx(sum(grades) / 10)
        assert by_code[code]["pct_1_5"] == pytest.approx(10 * sum(g <= 5 for g in grades))


def test_worked_example_quarter_and_month_hold_the_same_ten(warehouse_with_golden, capsys):
    for periode in ("2025-Q1", "2025-03"):
        payload = scores_json(warehouse_with_golden, capsys, "--periode", periode)
        assert payload["n"] == 10 and payload["onderdeelscore"] == pytest.approx(424 / 70)
    empty = scores_json(warehouse_with_golden, capsys, "--periode", "2025-04")
    assert empty["n"] == 0 and empty["onderdeelscore"] is None and empty["onderdrukt"] is True


def test_reimporting_the_same_file_changes_nothing(warehouse_with_golden, tmp_path, capsys):
    before = scores_json(warehouse_with_golden, capsys)
    assert main(["import-responses", str(write_golden_csv(tmp_path / "again.csv", delimiter=";")),
                 "--db", str(warehouse_with_golden)]) == 0
    assert "0 nieuw, 10 bijgewerkt" in capsys.readouterr().out
    assert scores_json(warehouse_with_golden, capsys) == before


def test_cli_in_a_real_process_prints_no_traceback_for_bad_input(warehouse_with_golden):
    result = subprocess.run(
        [sys.executable, "-m", "kwhcore", "scores", "--corporatie", "Onbekend", "--vragenlijst", "reparaties",
         "--periode", "2025", "--json", "--db", str(warehouse_with_golden)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "Onbekende corporatie 'Onbekend'."
