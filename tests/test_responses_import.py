"""Response import: all or nothing, rows named, idempotent, inheriting the invitation's slices."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kwhcore.cli import main
from kwhcore.corporaties import add_corporatie
from kwhcore.responses_import import ImportRejected, ImportUnreadable, import_responses

HEADER = "respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,anoniem,rep_totaal,rep_melden_gemak,rep_open_tip\n"


@pytest.fixture
def con(empty_db):
    add_corporatie(empty_db, "Woonstede", 3000, "Utrecht", 2)
    return empty_db


def write(tmp_path: Path, body: str, name: str = "antwoorden.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_one_bad_grade_loads_nothing_and_names_the_row(con, tmp_path):
    path = write(tmp_path, "R1,Woonstede,reparaties,2025-01-05,online,ja,8,7,Prima\n"
                           "R2,Woonstede,reparaties,2025-01-06,online,ja,11,7,\n")
    with pytest.raises(ImportRejected) as caught:
        import_responses(con, path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "rep_totaal")]
    assert "11" in str(caught.value.problems[0])
    assert count(con, "respondent") == 0 and count(con, "antwoord") == 0


def test_cli_reports_the_bad_row_and_exits_1(con, tmp_path, capsys):
    db_path = tmp_path / "w.duckdb"
    main(["corporatie", "add", "Woonstede", "--vhe", "3000", "--regio", "Utrecht", "--stedelijkheid", "2",
          "--db", str(db_path)])
    path = write(tmp_path, "R1,Woonstede,reparaties,2025-01-05,online,ja,acht,7,\n")
    assert main(["import-responses", str(path), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "niet geladen" in err and "Rij 2, kolom rep_totaal" in err


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("R1,Onbekend,reparaties,2025-01-05,online,ja,8,,\n", "corporatie"),
        ("R1,Woonstede,reparatie,2025-01-05,online,ja,8,,\n", "vragenlijst"),
        ("R1,Woonstede,reparaties,05-01-2025,online,ja,8,,\n", "ingevuld_op"),
        ("R1,Woonstede,reparaties,2099-01-05,online,ja,8,,\n", "ingevuld_op"),
        ("R1,Woonstede,reparaties,2025-01-05,post,ja,8,,\n", "kanaal"),
        ("R1,Woonstede,reparaties,2025-01-05,online,misschien,8,,\n", "anoniem"),
        (",Woonstede,reparaties,2025-01-05,online,ja,8,,\n", "respondent_id"),
        ("R1,Woonstede,reparaties,2025-01-05,online,ja,7.5,,\n", "rep_totaal"),
    ],
)
def test_each_unusable_field_is_named(con, tmp_path, row, column):
    with pytest.raises(ImportRejected) as caught:
        import_responses(con, write(tmp_path, row), today=date(2026, 1, 1))
    assert caught.value.problems[0].column == column


def test_weet_niet_is_kept_as_text_not_as_a_grade(con, tmp_path):
    import_responses(con, write(tmp_path, "R1,Woonstede,reparaties,2025-01-05,online,nee,weet niet,6,\n"))
    rows = con.execute("SELECT vraag_code, cijfer, antwoord_tekst FROM antwoord ORDER BY 1").fetchall()
    assert rows == [("rep_melden_gemak", 6, None), ("rep_totaal", None, "weet niet")]
    assert con.execute("SELECT is_anoniem FROM respondent").fetchone()[0] is False


def test_duplicate_respondent_in_one_file_is_refused(con, tmp_path):
    body = "R1,Woonstede,reparaties,2025-01-05,online,ja,8,,\nR1,Woonstede,reparaties,2025-01-06,online,ja,7,,\n"
    with pytest.raises(ImportRejected) as caught:
        import_responses(con, write(tmp_path, body))
    assert "rij 2" in str(caught.value.problems[0])


def test_reimport_with_a_corrected_grade_updates_without_duplicating(con, tmp_path):
    import_responses(con, write(tmp_path, "R1,Woonstede,reparaties,2025-01-05,online,ja,4,5,\n"))
    import_responses(con, write(tmp_path, "R1,Woonstede,reparaties,2025-01-05,online,ja,9,5,\n"))
    assert count(con, "respondent") == 1 and count(con, "antwoord") == 2
    assert con.execute("SELECT cijfer FROM antwoord WHERE vraag_code = 'rep_totaal'").fetchone()[0] == 9


def test_respondent_inherits_aannemer_and_uitsplitsing_from_its_invitation(con, tmp_path):
    con.execute(
        "INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, aannemer, uitsplitsing1, "
        "kanaal, invited_date) VALUES ('U1', 1, 'reparaties', 'Bouwbedrijf Jansen', 'Oost', 'email', DATE '2025-01-02')"
    )
    path = tmp_path / "met_uitnodiging.csv"
    path.write_text("respondent_id;corporatie;vragenlijst;ingevuld_op;kanaal;uitnodiging_id;rep_totaal\n"
                    "R1;Woonstede;reparaties;2025-01-05;online;U1;8\n", encoding="utf-8")
    import_responses(con, path)
    assert con.execute("SELECT aannemer, uitsplitsing1 FROM respondent").fetchone() == ("Bouwbedrijf Jansen", "Oost")


def test_unknown_invitation_is_refused(con, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,uitnodiging_id,rep_totaal\n"
                    "R1,Woonstede,reparaties,2025-01-05,online,U404,8\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_responses(con, path)
    assert caught.value.problems[0].column == "uitnodiging_id"


def test_xlsx_export_loads_like_csv(con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "rep_totaal"])
    sheet.append(["R1", "Woonstede", "reparaties", "2025-02-01", "telefonisch", 7])
    path = tmp_path / "antwoorden.xlsx"
    book.save(path)
    assert import_responses(con, path).respondenten == 1
    assert con.execute("SELECT kanaal FROM respondent").fetchone()[0] == "telefonisch"


def test_unknown_column_and_unreadable_files_are_refused_whole(con, tmp_path):
    bad = tmp_path / "kolom.csv"
    bad.write_text("respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,schoenmaat\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        import_responses(con, bad)
    fake = tmp_path / "nep.xlsx"
    fake.write_text("dit is geen excel", encoding="utf-8")
    with pytest.raises(ImportUnreadable):
        import_responses(con, fake)
    with pytest.raises(ImportUnreadable):
        import_responses(con, tmp_path / "bestaat-niet.csv")


def test_cli_unreadable_file_exits_2_with_one_sentence(tmp_path, capsys):
    fake = tmp_path / "nep.xlsx"
    fake.write_bytes(b"PK\x03\x04 kapot")
    assert main(["import-responses", str(fake), "--db", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("nep.xlsx: Het bestand is beschadigd") and "\n" not in err
