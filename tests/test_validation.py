"""Every error class and attention point of domain.md §6.2 on a small file built in code."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import email_validator
import openpyxl
import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kwhcore.example_files import example_xlsx, fictitious_rows, write_xlsx
from kwhcore.validation import (
    COLUMNS,
    is_valid_email,
    normalise_header,
    normalise_phone,
    normalise_postcode,
    similar_values,
    validate_file,
)
from kwhcore.vragenlijsten import VRAGENLIJST_CODES

TODAY = date(2026, 5, 1)
REPO = Path(__file__).resolve().parent.parent


def tenant_file(tmp_path: Path, rows: list[dict], columns=COLUMNS, headers=None, name="huurders.xlsx") -> Path:
    path = tmp_path / name
    write_xlsx(path, rows, columns, headers=headers)
    return path


def rows(count: int = 3, vragenlijst: str = "reparaties") -> list[dict]:
    return fictitious_rows(count, vragenlijst, today=TODAY)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def only(findings, code: str):
    found = [f for f in findings if f.code == code]
    assert found, f"no finding {code} in {codes(findings)}"
    return found


@pytest.mark.parametrize("vragenlijst", VRAGENLIJST_CODES)
def test_the_example_file_of_every_vragenlijst_is_accepted(tmp_path, vragenlijst):
    path = tmp_path / "voorbeeld.xlsx"
    path.write_bytes(example_xlsx(vragenlijst))
    report = validate_file(path, vragenlijst)
    assert report.accepted, report.errors
    assert report.rows == 3
    header = next(openpyxl.load_workbook(path).active.iter_rows(max_row=1, values_only=True))
    assert tuple(header) == COLUMNS


def test_header_matching_ignores_case_spaces_and_hyphens(tmp_path):
    headers = [c.upper() for c in COLUMNS]
    headers[COLUMNS.index("email")] = "E-mail"
    headers[COLUMNS.index("uitsplitsing1")] = "Uitsplitsing 1"
    report = validate_file(tenant_file(tmp_path, rows(), headers=headers), "reparaties", today=TODAY)
    assert report.accepted, report.errors
    assert normalise_header(" Telefoon 2 ") == "telefoon2"


@pytest.mark.parametrize(
    ("header", "column"),
    [("Telefoonnummer", "telefoon1"), ("Telefoonnummer 2", "telefoon2"), ("Huisnummer toevoeging", "toevoeging"),
     ("Huisnr", "huisnummer"), ("E-mailadres", "email"), ("Tussenvoegsels", "tussenvoegsel")],
)
def test_the_longer_names_of_erp_exports_are_recognised(header, column):
    assert normalise_header(header) == column


def test_a_missing_required_column_is_an_error_naming_the_column(tmp_path):
    columns = tuple(c for c in COLUMNS if c != "postcode")
    report = validate_file(tenant_file(tmp_path, rows(), columns), "reparaties", today=TODAY)
    [finding] = only(report.errors, "column_missing")
    assert finding.column == "postcode" and finding.row is None
    assert not report.accepted


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("postcode", "1234A", "postcode_invalid"),
        ("postcode", "0123 AB", "postcode_invalid"),
        ("postcode", "1234 SS", "postcode_invalid"),
        ("postcode", "", "postcode_missing"),
        ("datum", "gisteren", "date_invalid"),
        ("datum", "31-02-2026", "date_invalid"),
        ("datum", date(2026, 5, 2), "date_future"),
        ("huisnummer", "12a", "huisnummer_invalid"),
    ],
)
def test_a_bad_value_is_reported_with_its_excel_row_and_column(tmp_path, column, value, code):
    data = rows(4)
    data[2][column] = value  # Excel row 4: header is row 1
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    finding = only(report.errors, code)[0]
    assert (finding.row, finding.column) == (4, column)
    assert not report.accepted


def test_a_row_without_phone_and_email_cannot_be_approached(tmp_path):
    data = rows(3)
    data[1].update(telefoon1="", telefoon2="", email="")
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    [finding] = only(report.errors, "contact_missing")
    assert finding.row == 3


def test_the_same_tenant_twice_is_an_attention_point_naming_both_rows(tmp_path):
    data = rows(3)
    data[2].update(postcode=data[0]["postcode"].replace(" ", "").lower(), huisnummer=data[0]["huisnummer"])
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted, report.errors
    [finding] = only(report.warnings, "tenant_duplicate")
    assert finding.row == 4 and "rij 2" in finding.message and "één uitnodiging" in finding.message


def _contact_row(data: list[dict], **values) -> list[dict]:
    data[1].update(telefoon1="", telefoon2="", email="")
    data[1].update(values)
    return data


@pytest.mark.parametrize(
    ("values", "column", "code", "quoted"),
    [
        ({"telefoon1": "06-9123", "email": "jan@example.nl"}, "telefoon1", "phone_invalid", "'06-9123'"),
        ({"telefoon2": "12345", "telefoon1": "06-12345678"}, "telefoon2", "phone_invalid", "'12345'"),
        ({"email": "jan@@example", "telefoon1": "010-2210360"}, "email", "email_invalid", "'jan@@example'"),
    ],
)
def test_a_malformed_contact_beside_a_working_one_is_an_attention_point(tmp_path, values, column, code, quoted):
    data = _contact_row(rows(3), **values)
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted, report.errors
    [finding] = only(report.warnings, code)
    assert (finding.row, finding.column) == (3, column)
    assert quoted in finding.message and "andere" in finding.message


@pytest.mark.parametrize(
    ("values", "column", "code", "rule"),
    [
        ({"telefoon1": "06-9123"}, "telefoon1", "phone_invalid", "(10 cijfers, bijv. 06-12345678"),
        ({"telefoon1": "06-9123", "telefoon2": "12345"}, "telefoon2", "phone_invalid", "10 cijfers"),
        ({"email": "jan at example.nl"}, "email", "email_invalid", "naam@domein.nl"),
        ({"email": "jan@@example", "telefoon1": "0612"}, "email", "email_invalid", "naam@domein.nl"),
    ],
)
def test_a_malformed_contact_without_a_working_one_is_an_error_naming_value_and_rule(
    tmp_path, values, column, code, rule
):
    data = _contact_row(rows(3), **values)
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert not report.accepted
    finding = [f for f in only(report.errors, code) if f.column == column][0]
    assert finding.row == 3
    assert f"'{values[column]}'" in finding.message and rule in finding.message


def test_the_phone_message_reads_as_the_steward_expects(tmp_path):
    data = _contact_row(rows(3), telefoon1="06-9123")
    [finding] = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY).errors
    assert finding.message.startswith(
        "Telefoonnummer '06-9123' is geen geldig Nederlands nummer (10 cijfers, bijv. 06-12345678"
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("postcode", "1234A", "Postcode '1234A' is geen geldige Nederlandse postcode (4 cijfers en 2 letters"),
        ("huisnummer", "12a", "Huisnummer '12a' is geen getal"),
        ("datum", "gisteren", "Datum 'gisteren' is geen datum"),
        ("datum", date(2026, 5, 2), "Datum '2 mei 2026' ligt in de toekomst"),
    ],
)
def test_every_value_error_names_the_value_and_the_rule(tmp_path, column, value, expected):
    data = rows(3)
    data[1][column] = value
    [finding] = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY).errors
    assert finding.message.startswith(expected), finding.message


def test_a_quoted_value_is_shortened_and_loses_control_characters(tmp_path):
    data = rows(3)
    data[1]["postcode"] = "12\x07" + "X" * 5000
    [finding] = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY).errors
    assert "\x07" not in finding.message and len(finding.message) < 200


def test_the_same_house_number_with_another_toevoeging_is_another_tenant(tmp_path):
    data = rows(2)
    data[1].update(postcode=data[0]["postcode"], huisnummer=data[0]["huisnummer"], toevoeging="A")
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted, report.errors


def test_excel_phone_numbers_that_lost_their_leading_zero_are_accepted(tmp_path):
    data = rows(2)
    data[0]["telefoon1"] = 612345678
    data[1]["telefoon1"] = "+31 10 221 03 60"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted, report.errors
    assert normalise_phone(612345678) == "+31612345678"


def _openpyxl_file(tmp_path: Path, mutate) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows(4):
        sheet.append([row[c] if row[c] != "" else None for c in COLUMNS])
    mutate(workbook, sheet)
    path = tmp_path / "bewerkt.xlsx"
    workbook.save(path)
    return path


def test_a_formula_is_reported_at_its_cell(tmp_path):
    def mutate(workbook, sheet):
        sheet["N3"] = '=CONCAT("a","@example.nl")'  # column N = email

    report = validate_file(_openpyxl_file(tmp_path, mutate), "reparaties", today=TODAY)
    [finding] = only(report.errors, "formula")
    assert (finding.row, finding.column) == (3, "email")
    assert "N3" in finding.message


def test_hidden_rows_and_columns_are_errors(tmp_path):
    def mutate(workbook, sheet):
        sheet.row_dimensions[4].hidden = True
        sheet.column_dimensions["P"].hidden = True  # uitsplitsing1

    report = validate_file(_openpyxl_file(tmp_path, mutate), "reparaties", today=TODAY)
    assert only(report.errors, "row_hidden")[0].row == 4
    assert only(report.errors, "column_hidden")[0].column == "uitsplitsing1"


def test_an_active_filter_is_an_error(tmp_path):
    def mutate(workbook, sheet):
        sheet.auto_filter.ref = "A1:W5"
        sheet.auto_filter.add_filter_column(21, ["cv-ketel storing"])

    report = validate_file(_openpyxl_file(tmp_path, mutate), "reparaties", today=TODAY)
    assert only(report.errors, "filter_active")


def test_a_second_sheet_with_data_is_an_error_even_when_hidden(tmp_path):
    def mutate(workbook, sheet):
        extra = workbook.create_sheet("Oud")
        extra["A1"] = "restant"
        extra.sheet_state = "hidden"
        workbook.create_sheet("Leeg")

    report = validate_file(_openpyxl_file(tmp_path, mutate), "reparaties", today=TODAY)
    [finding] = only(report.errors, "sheets_multiple")
    assert "'Oud' (verborgen)" in finding.message


def test_a_file_with_only_a_header_is_empty(tmp_path):
    report = validate_file(tenant_file(tmp_path, []), "reparaties", today=TODAY)
    assert codes(report.errors) == ["file_empty"]


def test_thousands_of_identical_errors_are_listed_up_to_a_cap_and_counted(tmp_path):
    data = rows(620)
    for row in data:
        row["postcode"] = "12"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    postcode = only(report.errors, "postcode_invalid")
    assert len(postcode) == 501
    assert postcode[-1].row is None and "En nog 120 rijen" in postcode[-1].message


# --- attention points -------------------------------------------------------------------------

def test_tenants_without_email_are_counted(tmp_path):
    data = rows(4)
    data[0]["email"] = ""
    data[1]["email"] = ""
    data[2]["email"] = "a@example.nl"
    data[3]["email"] = "b@example.nl"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted
    [finding] = only(report.warnings, "email_missing")
    assert finding.row is None and finding.column == "email"
    assert finding.message.startswith("2 van de 4 huurders (50%)")


def test_empty_uitsplitsing_columns_are_an_attention_point(tmp_path):
    data = rows(3)
    for row in data:
        row["uitsplitsing1"] = ""
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert report.accepted and only(report.warnings, "uitsplitsing_empty")


@pytest.mark.parametrize(("vragenlijst", "expected"), [("reparaties", True), ("groot_onderhoud", True), ("nieuwe_huurders", False)])
def test_an_empty_aannemer_matters_only_for_repairs_and_maintenance(tmp_path, vragenlijst, expected):
    data = rows(3, vragenlijst)
    for row in data:
        row["aannemer"] = ""
    report = validate_file(tenant_file(tmp_path, data), vragenlijst, today=TODAY)
    assert ("aannemer_missing" in codes(report.warnings)) is expected


def test_too_many_groups_in_a_split_column(tmp_path):
    data = rows(60)
    for n, row in enumerate(data):
        row["uitsplitsing2"] = f"Complex {chr(65 + n % 26)}{chr(65 + n // 26 % 26)}"
    data[59]["uitsplitsing2"] = data[0]["uitsplitsing2"]
    for n, row in enumerate(data):
        row["uitsplitsing2"] = f"Complex {n % 30}"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    finding = only(report.warnings, "split_too_many_values")[0]
    assert finding.column == "uitsplitsing2" and "30 verschillende" in finding.message


def test_unique_codes_in_a_split_column(tmp_path):
    data = rows(12)
    for n, row in enumerate(data):
        row["uitsplitsing3"] = f"CPLX-{9000 + n}"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert only(report.warnings, "split_unique_codes")[0].column == "uitsplitsing3"


@pytest.mark.parametrize(
    ("left", "right"),
    [("Vestiging Oost", "Oost"), ("Bouwbedrijf Jansen", "Bouwbedrijf Jansen Onderhoud"),
     ("Centrum", "centrum "), ("Schildersbedrijf De Kwast", "Schildersbedrijf De Kwats")],
)
def test_near_identical_spellings_are_pointed_out(tmp_path, left, right):
    data = rows(6)
    for n, row in enumerate(data):
        row["aannemer"] = left if n % 2 else right
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    finding = only(report.warnings, "split_similar_values")[0]
    assert finding.column == "aannemer"
    assert left.strip() in finding.message and right.strip() in finding.message


def test_different_values_are_not_called_similar():
    assert similar_values(["Noord", "Zuid", "Centrum", "Bouwbedrijf Jansen", "Installatietechniek Oost"]) == []


def test_long_and_cryptic_type_texts_are_attention_points(tmp_path):
    data = rows(3)
    data[0]["type"] = "vervangen van de complete keuken inclusief alle apparatuur, tegelwerk en leidingwerk in de woning"
    data[1]["type"] = "RPR-0034 KKR"
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    assert "rij 2" in only(report.warnings, "type_too_long")[0].message
    assert "rij 3" in only(report.warnings, "type_cryptic")[0].message
    assert report.accepted


def test_an_unknown_column_is_ignored_with_a_note(tmp_path):
    report = validate_file(
        tenant_file(tmp_path, rows(), COLUMNS + ("rayon",)), "reparaties", today=TODAY
    )
    assert report.accepted and only(report.warnings, "column_unknown")[0].column == "rayon"


# --- the contract of `validate --json` ---------------------------------------------------------

def test_cli_json_matches_the_interface_and_exit_status(tmp_path):
    data = rows(3)
    data[1]["postcode"] = "1234A"
    path = tenant_file(tmp_path, data)
    result = subprocess.run(
        [sys.executable, "-m", "kwhcore", "validate", str(path), "--vragenlijst", "reparaties", "--json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["file", "vragenlijst", "rows", "accepted", "errors", "warnings"]
    assert payload["accepted"] is False and payload["rows"] == 3
    assert payload["errors"][0] == {
        "row": 3, "column": "postcode", "code": "postcode_invalid", "message": payload["errors"][0]["message"]
    }
    assert payload["errors"][0]["message"].startswith("Postcode '1234A' is geen geldige Nederlandse postcode")
    assert result.stderr == ""


def test_cli_accepts_a_good_file_with_exit_zero(tmp_path):
    path = tmp_path / "goed.xlsx"
    path.write_bytes(example_xlsx("nieuwe_huurders"))
    result = subprocess.run(
        [sys.executable, "-m", "kwhcore", "validate", str(path), "--vragenlijst", "nieuwe_huurders"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 0 and "Geaccepteerd" in result.stdout


# --- invariants -------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcxyz.@-_+\"é 019", max_size=30))
def test_fast_email_check_agrees_with_email_validator(text):
    try:
        email_validator.validate_email(text.strip(), check_deliverability=False)
        expected = True
    except email_validator.EmailNotValidError:
        expected = False
    assert is_valid_email(text) is expected


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[1-9][0-9]{3} ?[A-RT-Z]{2}", fullmatch=True))
def test_every_well_formed_postcode_normalises_to_one_spelling(text):
    normal = normalise_postcode(text.lower())
    assert normal is not None and len(normal) == 7 and normalise_postcode(normal) == normal


# --- the validatieverslag as the steward downloads it -----------------------------------------

def test_the_excel_verslag_is_dutch_only_and_names_value_and_rule(tmp_path):
    from kwhcore.validatieverslag import as_xlsx

    data = _contact_row(rows(4), telefoon1="06-9123")
    data[2].update(postcode=data[0]["postcode"], huisnummer=data[0]["huisnummer"])
    report = validate_file(tenant_file(tmp_path, data), "reparaties", today=TODAY)
    verslag = tmp_path / "verslag.xlsx"
    verslag.write_bytes(as_xlsx(report))
    cells = [c for row in openpyxl.load_workbook(verslag).active.iter_rows(values_only=True) for c in row if c]
    assert ("Soort", "Rij", "Kolom", "Melding") == tuple(
        next(r for r in openpyxl.load_workbook(verslag).active.iter_rows(values_only=True) if r[0] == "Soort")[:4]
    )
    texts = " ".join(str(c) for c in cells)
    assert "Code" not in texts and "phone_invalid" not in texts and "tenant_duplicate" not in texts
    assert "Telefoonnummer '06-9123' is geen geldig Nederlands nummer" in texts


@settings(max_examples=500, deadline=None)
@given(st.integers(100_000_000, 999_999_999))
def test_the_fast_dutch_phone_check_agrees_with_libphonenumber(national):
    number = phonenumbers.PhoneNumber(country_code=31, national_number=national)
    expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if phonenumbers.is_valid_number(number) else None
    assert normalise_phone(f"0{national}") == expected
