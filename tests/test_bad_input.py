"""Issue 10, bad input on the CLI and the response import: every bad period, year, date, field
or size gets a Dutch reason with exit 1 or 2 — never "Onverwachte fout" — and an import with one
bad value loads nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kwhcore.cli import main
from kwhcore.corporaties import add_corporatie
from kwhcore.periods import InvalidPeriode, parse_periode
from kwhcore.responses_import import ImportRejected, ImportUnreadable, import_responses

BAD_PERIODS = ["0000", "0001", "2025-Q5", "2025-Q0", "2025-13", "2025-00", "99999", "1850", "2025-7", "Q3-2025", "2025\x00"]
HEADER = "respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,rep_totaal,rep_melden_gemak,rep_open_tip\n"
GOOD = "R1,Woonstede,reparaties,2025-01-05,online,ja,8,7,Prima\n"


@pytest.mark.parametrize("text", BAD_PERIODS)
def test_a_bad_period_is_refused_by_the_one_parser_in_dutch(text):
    with pytest.raises(InvalidPeriode) as refused:
        parse_periode(text)
    message = str(refused.value)
    assert message.startswith("Onbekende periode") and "\n" not in message and "\x00" not in message


def test_a_period_at_the_edge_of_the_range_still_has_a_previous_one():
    assert parse_periode("2000-Q1").previous().key == "1999-Q4"


@pytest.fixture
def warehouse(tmp_path) -> str:
    path = str(tmp_path / "w.duckdb")
    assert main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2", "--db", path]) == 0
    return path


def _one_dutch_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err and "Onverwachte fout" not in err and "Traceback" not in err and "Error" not in err
    return err


@pytest.mark.parametrize("text", BAD_PERIODS)
def test_scores_and_export_refuse_a_bad_period_with_exit_2(warehouse, tmp_path, capsys, text):
    capsys.readouterr()
    assert main(["scores", "--corporatie", "Woonstede", "--vragenlijst", "reparaties", "--periode", text, "--db", warehouse]) == 2
    assert "Onbekende periode" in _one_dutch_line(capsys)
    out = tmp_path / "uit.csv"
    assert main(["export", "--corporatie", "Woonstede", "--periode", text, "--format", "csv", "--out", str(out), "--db", warehouse]) == 2
    assert "Onbekende periode" in _one_dutch_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("jaar", ["99999", "0", "-1", "1999"])
def test_aedes_freeze_refuses_an_impossible_year_in_dutch(warehouse, capsys, jaar):
    capsys.readouterr()
    assert main(["aedes-freeze", "--jaar", jaar, "--db", warehouse]) in (1, 2)
    assert "jaar" in _one_dutch_line(capsys).lower()


@pytest.fixture
def con(empty_db):
    add_corporatie(empty_db, "Woonstede", 3000, "Utrecht", 2)
    return empty_db


def _write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "antwoorden.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def _problems(con, path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        import_responses(con, path, today=date(2026, 12, 1))
    assert con.execute("SELECT count(*) FROM respondent").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM antwoord").fetchone()[0] == 0
    return [(p.row, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("value", ["2026-11-01garbage", "2026-11-01 garbage", "0001-01-01", "0000-01-01",
                                   "1899-12-31", "2026-02-30", "2026-1-5", "20261101", "2026-11-01T25:00"])
def test_a_bad_completion_date_names_row_column_and_reason(con, tmp_path, value):
    path = _write(tmp_path, GOOD + f"R2,Woonstede,reparaties,{value},online,ja,8,7,\n")
    [(row, column, message)] = _problems(con, path)
    assert (row, column) == (3, "ingevuld_op") and ("datum" in message or "vóór" in message)


def test_a_completion_date_with_a_time_is_still_a_date(con, tmp_path):
    path = _write(tmp_path, "R1,Woonstede,reparaties,2025-01-05 14:03:00,online,ja,8,7,\n")
    assert import_responses(con, path).respondenten == 1
    assert con.execute("SELECT completed_date FROM respondent").fetchone()[0] == date(2025, 1, 5)


@pytest.mark.parametrize("column_index, column", [(8, "rep_open_tip"), (1, "corporatie"), (0, "respondent_id")])
def test_a_nul_character_is_refused_with_row_and_column(con, tmp_path, column_index, column):
    fields = "R2,Woonstede,reparaties,2025-01-06,online,ja,8,7,ok".split(",")
    fields[column_index] = fields[column_index][:2] + "\x00" + fields[column_index][2:]
    path = _write(tmp_path, GOOD + ",".join(fields) + "\n")
    problems = _problems(con, path)
    assert problems[0][:2] == (3, column) and "NUL" in problems[0][2]


@pytest.mark.parametrize("length", [131_073, 1_000_000])
def test_an_overlong_csv_field_gives_row_and_column_not_an_unexpected_error(con, tmp_path, length):
    path = _write(tmp_path, GOOD + "R2,Woonstede,reparaties,2025-01-06,online,ja,8,7,\"" + "x" * length + "\"\n")
    [(row, column, message)] = _problems(con, path)
    assert (row, column) == (3, "rep_open_tip") and "tekens" in message


def test_the_cli_reports_an_overlong_field_and_exits_1(warehouse, tmp_path, capsys):
    path = _write(tmp_path, GOOD + "R2,Woonstede,reparaties,2025-01-06,online,ja,8,7," + "x" * 200_000 + "\n")
    capsys.readouterr()
    assert main(["import-responses", str(path), "--db", warehouse]) == 1
    err = capsys.readouterr().err
    assert "Rij 3, kolom rep_open_tip" in err and "Onverwachte fout" not in err


def test_an_unclosed_quote_or_odd_bytes_are_one_dutch_sentence(con, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(HEADER.encode() + b"R1,Woonstede,reparaties,2025-01-05,online,ja,8,7,\"open\xff\n")
    with pytest.raises(ImportUnreadable, match="UTF-8"):
        import_responses(con, path)


def test_row_numbers_stay_excels_after_a_blank_line_and_a_quoted_line_break(con, tmp_path):
    path = _write(tmp_path, GOOD + "\n" + "R2,Woonstede,reparaties,2025-01-06,online,ja,8,7,\"twee\nregels\"\n"
                  + "R3,Woonstede,reparaties,2025-01-06,online,ja,11,7,\n")
    [(row, column, _)] = _problems(con, path)
    assert (row, column) == (6, "rep_totaal")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_import_never_reads_from_a_device(warehouse, capsys, target):
    capsys.readouterr()
    assert main(["import-responses", target, "--db", warehouse]) == 2
    assert "geen gewoon bestand" in _one_dutch_line(capsys)


def test_import_refuses_a_directory(warehouse, tmp_path, capsys):
    folder = tmp_path / "map.csv"
    folder.mkdir()
    capsys.readouterr()
    assert main(["import-responses", str(folder), "--db", warehouse]) == 2
    assert "geen gewoon bestand" in _one_dutch_line(capsys)


@pytest.mark.parametrize("vhe", ["99999999999999999999", "2147483648", "1000001"])
def test_an_impossible_number_of_vhe_is_refused_in_dutch(tmp_path, capsys, vhe):
    argv = ["corporatie", "add", "X", "--vhe", vhe, "--regio", "U", "--stedelijkheid", "2", "--db", str(tmp_path / "w.duckdb")]
    assert main(argv) == 1
    assert "VHE" in _one_dutch_line(capsys)


@pytest.mark.parametrize("text", ["2026-11-01garbage", "0000-01-01", "2026-02-30", "2026-1-5", "99999-01-01", "", "morgen", "2026-11-01\x00"])
def test_the_one_date_parser_for_command_options_refuses_in_dutch(text):
    from kwhcore.periods import parse_datum

    with pytest.raises(InvalidPeriode) as refused:
        parse_datum(text)
    assert str(refused.value).startswith("Onbekende datum") and "\x00" not in str(refused.value)


def test_the_date_parser_accepts_a_real_day():
    from kwhcore.periods import parse_datum

    assert parse_datum(" 2026-04-22 ") == date(2026, 4, 22)


@pytest.mark.parametrize("naam", ["x" * 201, "Woon\nstede", "Woon\tstede"])
def test_an_oversized_or_invisible_corporation_name_is_refused_in_dutch(tmp_path, capsys, naam):
    argv = ["corporatie", "add", naam, "--vhe", "100", "--regio", "U", "--stedelijkheid", "2", "--db", str(tmp_path / "w.duckdb")]
    assert main(argv) == 1
    _one_dutch_line(capsys)
