"""Databank exports (domain.md §9, §4.8): blanking, formula neutralisation, scope and minimum-N."""

from __future__ import annotations

import csv
import io
from datetime import date

import judgements_data as data
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.access import AccessDenied, Scope
from kwhcore.cli import main
from kwhcore.export import FORMULA_PREFIXES, Databank, neutraliseer, to_bytes
from warehouse.queries.databank import DatabankSelectie, databank

ADRES = {"achternaam": "Jansen", "straat": "Dorpsstraat", "huisnummer": "12", "postcode": "1234 AB",
         "woonplaats": "Made", "telefoon1": "0612345678", "email": "jansen@example.nl"}


def read_csv(payload: bytes) -> list[dict[str, str]]:
    assert payload.startswith(b"\xef\xbb\xbf"), "Dutch Excel needs the UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://evil\",\"klik\")", "'=HYPERLINK(\"http://evil\",\"klik\")"),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Wijk Oost", "Wijk Oost"),
        (7, 7),
        (None, None),
    ],
)
def test_text_that_would_start_a_formula_is_neutralised(value, expected):
    assert neutraliseer(value) == expected


@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_csv_cell_can_start_a_formula(cells):
    table = Databank(kolommen=tuple(f"k{i}" for i in range(len(cells))), rijen=[tuple(cells)])
    row = read_csv(to_bytes(table, "csv"))[0]
    for value in row.values():
        assert not value.startswith(FORMULA_PREFIXES)


def test_xlsx_stores_hostile_text_as_plain_strings_never_formulas(tmp_path):
    table = Databank(kolommen=("a", "b", "c"), rijen=[("=HYPERLINK(\"http://x\")", "+31612345678", 8)])
    path = tmp_path / "databank.xlsx"
    path.write_bytes(to_bytes(table, "xlsx"))
    sheet = openpyxl.load_workbook(path).active
    a, b, c = sheet[2]
    assert (a.data_type, a.value) == ("s", "'=HYPERLINK(\"http://x\")")
    assert (b.data_type, b.value) == ("s", "'+31612345678")
    assert c.value == 8


@pytest.fixture
def wh():
    con = data.warehouse()
    corp = data.corporatie(con)
    other = data.corporatie(con, "Andere Woningstichting")
    split = ("Wijk Oost", "Complex 12", None, None)
    for day in range(10, 15):
        data.respondent(con, corp, "reparaties", date(2025, 3, day), aannemer="Bouwbedrijf Jansen",
                        uitsplitsingen=split, teksten={"rep_open_tip": "=HYPERLINK(\"http://evil\")"})
    invite = data.uitnodiging(con, corp, "reparaties", date(2025, 3, 1), adres=ADRES, aannemer="Schilder Smit")
    for i in range(5):
        data.respondent(con, corp, "reparaties", date(2025, 4, 2), aannemer="Schilder Smit",
                        uitsplitsingen=split, anoniem=i > 0, uitnodiging_id=invite if i == 0 else None)
    for _ in range(3):
        data.respondent(con, corp, "nieuwe_huurders", date(2025, 4, 2))
    for _ in range(6):
        data.respondent(con, other, "reparaties", date(2025, 4, 2), aannemer="Bouwbedrijf Jansen")
    data.build(con)
    yield con, corp, other
    con.close()


def test_anonymous_respondents_have_splits_ids_and_day_blanked(wh):
    con, corp, _ = wh
    table = databank(con, Scope.corporatie(corp), DatabankSelectie(corp, "reparaties", "2025"))
    rows = read_csv(to_bytes(table, "csv"))
    anon = [r for r in rows if r["anoniem"] == "ja"]
    assert len(anon) == 9
    for row in anon:
        assert row["uitsplitsing1"] == row["uitsplitsing2"] == ""
        assert row["respondent_id"] == row["ingevuld_op"] == row["straat"] == row["postcode"] == ""
        assert row["maand"] in ("2025-03", "2025-04") and row["aannemer"]


def test_a_respondent_who_lifted_anonymity_keeps_splits_and_address_but_never_name_phone_or_email(wh):
    con, corp, _ = wh
    table = databank(con, Scope.corporatie(corp), DatabankSelectie(corp, "reparaties", "2025"))
    payload = to_bytes(table, "csv")
    (row,) = [r for r in read_csv(payload) if r["anoniem"] == "nee"]
    assert (row["uitsplitsing1"], row["straat"], row["postcode"]) == ("Wijk Oost", "Dorpsstraat", "1234 AB")
    assert row["ingevuld_op"] == "2025-04-02"
    text = payload.decode("utf-8-sig")
    for secret in ("Jansen@", "jansen@example.nl", "0612345678"):
        assert secret not in text


def test_hyperlink_in_an_open_answer_cannot_execute_in_the_download(wh):
    con, corp, _ = wh
    table = databank(con, Scope.corporatie(corp), DatabankSelectie(corp, "reparaties"))
    tips = [r["rep_open_tip"] for r in read_csv(to_bytes(table, "csv")) if r["rep_open_tip"]]
    assert tips == ["'=HYPERLINK(\"http://evil\")"] * 5


def test_a_contractor_gets_only_its_own_rows_and_never_an_address(wh):
    con, corp, _ = wh
    scope = Scope.aannemer(corp, {"Schilder Smit"})
    table = databank(con, scope, DatabankSelectie(corp, "reparaties"))
    rows = read_csv(to_bytes(table, "csv"))
    assert {r["aannemer"] for r in rows} == {"Schilder Smit"} and len(rows) == 5
    assert all(r["straat"] == "" for r in rows)
    with pytest.raises(AccessDenied):
        databank(con, scope, DatabankSelectie(corp, "reparaties", aannemer="Bouwbedrijf Jansen"))


def test_no_one_gets_another_corporations_rows(wh):
    con, corp, other = wh
    with pytest.raises(AccessDenied):
        databank(con, Scope.corporatie(corp), DatabankSelectie(other))
    rows = databank(con, Scope.corporatie(corp), DatabankSelectie(corp)).rijen
    assert len(rows) == 10


def test_a_selection_below_minimum_n_yields_no_rows_and_says_why(wh):
    con, corp, _ = wh
    table = databank(con, Scope.corporatie(corp), DatabankSelectie(corp, "nieuwe_huurders"))
    assert table.rijen == [] and "te weinig respondenten (3)" in table.meldingen[0]
    mixed = databank(con, Scope.corporatie(corp), DatabankSelectie(corp))
    assert {r[1] for r in mixed.rijen} == {"reparaties"}
    assert any("Nieuwe huurders" in m for m in mixed.meldingen)
    small_split = databank(con, Scope.system(), DatabankSelectie(corp, "reparaties", "2025-03",
                                                                   aannemer="Schilder Smit"))
    assert small_split.rijen == []


def test_progress_is_reported_up_to_complete(wh):
    con, corp, _ = wh
    table = databank(con, Scope.corporatie(corp), DatabankSelectie(corp))
    seen = []
    to_bytes(table, "xlsx", progress=lambda fraction, text: seen.append(fraction))
    assert seen[-1] == 1.0


# --- the command line: `python -m kwhcore export` (interfaces.md) ------------------------------



@pytest.fixture
def wh_file(tmp_path):
    from warehouse import db

    path = tmp_path / "wh.duckdb"
    con = db.connect(path)
    corp = data.corporatie(con)
    for _ in range(6):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1), uitsplitsingen=("Oost", None, None, None),
                        teksten={"rep_open_tip": "+31 6 1234"})
    data.respondent(con, corp, "nieuwe_huurders", date(2025, 5, 1))
    data.build(con)
    con.close()
    return path


def test_cli_export_writes_a_dutch_excel_csv_with_the_app_privacy_rules(wh_file, tmp_path, capsys):
    out = tmp_path / "export.csv"
    status = main(["export", "--db", str(wh_file), "--corporatie", "woonstede", "--vragenlijst",
                   "reparaties", "--periode", "2025", "--format", "csv", "--out", str(out)])
    assert status == 0
    rows = read_csv(out.read_bytes())
    assert len(rows) == 6
    assert {r["uitsplitsing1"] for r in rows} == {""}
    assert {r["rep_open_tip"] for r in rows} == {"'+31 6 1234"}
    assert "6 respondenten" in capsys.readouterr().out


def test_cli_export_xlsx(wh_file, tmp_path):
    out = tmp_path / "export.xlsx"
    assert main(["export", "--db", str(wh_file), "--corporatie", "Woonstede", "--format", "xlsx",
                 "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 7  # header + 6; the single Nieuwe huurders respondent stays out


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        (["--corporatie", "Onbekend"], 1, "Onbekende corporatie"),
        (["--corporatie", "Woonstede", "--vragenlijst", "nieuwe_huurders"], 1, "te weinig respondenten"),
        (["--corporatie", "Woonstede", "--periode", "2025-13"], 2, "Onbekende periode"),
        (["--corporatie", "Woonstede", "--vragenlijst", "taart"], 2, "Ongeldige aanroep"),
    ],
)
def test_cli_export_refuses_with_one_dutch_sentence_and_writes_nothing(wh_file, tmp_path, capsys, extra, status, message):
    out = tmp_path / "export.csv"
    assert main(["export", "--db", str(wh_file), *extra, "--format", "csv", "--out", str(out)]) == status
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_cli_export_to_an_unwritable_place_is_exit_2(wh_file, tmp_path, capsys):
    out = tmp_path / "missing-dir" / "export.csv"
    assert main(["export", "--db", str(wh_file), "--corporatie", "Woonstede", "--format", "csv",
                 "--out", str(out)]) == 2
    assert "Kan" in capsys.readouterr().err


def test_a_filter_on_an_uitsplitsing_leaves_anonymous_respondents_out(tmp_path):
    """Issue 9: exporting once per uitsplitsing value must not link anonymous tenants back to it."""
    from warehouse import db
    from warehouse.queries.databank import ANONIEM_BUITEN_FILTER, DatabankSelectie, databank

    con = db.connect(":memory:")
    corp = data.corporatie(con)
    for i in range(14):
        data.respondent(con, corp, "reparaties", date(2025, 5, 1), uitsplitsingen=("Oost" if i % 2 else "West", None, None, None),
                        anoniem=i >= 6)
    data.build(con)
    scope = Scope.corporatie(corp)
    everyone = databank(con, scope, DatabankSelectie(corp, "reparaties"))
    assert everyone.n_respondenten == 14
    per_value = [databank(con, scope, DatabankSelectie(corp, "reparaties", uitsplitsing=("uitsplitsing1", wijk)))
                 for wijk in ("Oost", "West")]
    # Only the 6 who lifted anonymity can be selected by their wijk (3 each: below minimum N).
    assert sum(d.n_respondenten for d in per_value) == 0
    assert all(ANONIEM_BUITEN_FILTER in d.meldingen for d in per_value)
    assert all(any("te weinig respondenten (3)" in m for m in d.meldingen) for d in per_value)
