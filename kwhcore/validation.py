"""The validatieverslag of an uploaded tenant file (domain.md §6.1–6.2, seed 002 §3).

``validate_file(path, vragenlijst_code)`` returns a :class:`ValidationReport`: *errors* (the file
cannot be accepted) and *warnings* (attention points; the file can still be approved), each a
:class:`Finding` with the Excel row (header = row 1) and the column, so the steward can find it
(seed 002 "Er zijn fouten … hoe kan ik zien waar de fouten zitten?"). A file that cannot be read
at all raises :class:`kwhcore.xlsx_reader.UnreadableFile` with one Dutch sentence.

A value finding quotes the cell and states the rule (kwhcore.meldingen, issue 14), so the
steward can fix the row from the message; it quotes only the wrong cell, never a whole row. E-mail syntax is checked with email-validator and phone numbers with phonenumbers (Google's
libphonenumber metadata) — kept libraries, not home-made patterns.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import email_validator
import phonenumbers
from email_validator import syntax as email_syntax

from kwhcore import config, meldingen
from kwhcore.formatting import aantal
from kwhcore.spelling import similar_values
from kwhcore.vragenlijsten import VRAGENLIJST_CODES
from kwhcore.xlsx_reader import CellValue, Workbook, column_letter, read_workbook

# domain.md §6.1 / seed 001: the columns of the upload, in the order of the example file.
COLUMNS = (
    "vhe", "geslacht", "voorletters", "voornaam", "tussenvoegsel", "achternaam", "straat",
    "huisnummer", "toevoeging", "postcode", "woonplaats", "telefoon1", "telefoon2", "email",
    "aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4", "datum",
    "type", "id1", "id2",
)
# Columns without which tenants cannot be approached or deduplicated (seed 002 "Welke gegevens
# hebben jullie … nodig?"). 'voorletters' or 'voornaam' is checked separately.
REQUIRED_COLUMNS = (
    "vhe", "geslacht", "achternaam", "straat", "huisnummer", "postcode", "woonplaats",
    "telefoon1", "email",
)
SPLIT_COLUMNS = ("aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4")
# Seed 001 and 002 name some columns differently ("plaats", "e-mailadres").
# ERP exports use the longer Dutch names ("Telefoonnummer", "Huisnummer toevoeging").
_ALIASES = {
    "plaats": "woonplaats", "emailadres": "email", "telefoon": "telefoon1", "mail": "email",
    "telefoonnummer": "telefoon1", "telefoonnummer1": "telefoon1", "telefoonnummer2": "telefoon2",
    "huisnr": "huisnummer", "huisnummertoevoeging": "toevoeging", "huisnrtoevoeging": "toevoeging",
    "tussenvoegsels": "tussenvoegsel", "voorvoegsel": "tussenvoegsel",
}
# domain.md §6.2: the aannemer column matters for Reparaties and (Groot) Onderhoud.
AANNEMER_VRAGENLIJSTEN = ("reparaties", "planmatig_onderhoud", "groot_onderhoud")

# Attention-point thresholds (seed 002 "Neem niet te veel verschillende groepen op, dan kan de
# respons per wijk … te laag blijven"; "Neem geen unieke codes op"; the type text is read inside
# one sentence of the invitation e-mail, seed 002 example "sluiting keukenraam kapot").
MAX_GROUPS_PER_SPLIT = 25
UNIQUE_CODES_MIN_ROWS = 10
UNIQUE_CODES_SHARE = 0.9
TYPE_MAX_LENGTH = 80
# A file with thousands of identical mistakes gets the first ones listed and a count of the rest.
MAX_FINDINGS_PER_CODE = 500

_POSTCODE = re.compile(r"^[1-9][0-9]{3}([A-Z]{2})$")
_POSTCODE_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}  # never issued by PostNL
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_DUTCH_NATIONAL = re.compile(r"^(?:0|\+31|0031)([1-9][0-9]{8})$")
_DATE_TEXT = (
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")  # also kwhcore.spelling
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


@dataclass(frozen=True)
class Finding:
    row: int | None
    column: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class ValidationReport:
    file: str
    vragenlijst: str
    rows: int
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``validate --json`` (interfaces.md), key for key."""
        return {
            "file": self.file,
            "vragenlijst": self.vragenlijst,
            "rows": self.rows,
            "accepted": self.accepted,
            "errors": [f.as_dict() for f in self.errors],
            "warnings": [f.as_dict() for f in self.warnings],
        }

    @classmethod
    def from_dict(cls, payload: dict) -> ValidationReport:
        def findings(key: str) -> tuple[Finding, ...]:
            return tuple(Finding(f["row"], f["column"], f["code"], f["message"]) for f in payload[key])

        return cls(payload["file"], payload["vragenlijst"], payload["rows"], findings("errors"), findings("warnings"))


@dataclass(frozen=True)
class TenantRow:
    """One data row, values normalised for storage (postcode '1234 AB', dates as dates)."""

    rij: int
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckedFile:
    report: ValidationReport
    tenant_rows: tuple[TenantRow, ...]


class UnknownVragenlijst(ValueError):
    pass


def normalise_header(text: object) -> str:
    """'Uitsplitsing 1' → 'uitsplitsing1', 'E-mail' → 'email' (domain.md §6.1)."""
    key = re.sub(r"[\s\-_]", "", str(text or "")).lower()
    return _ALIASES.get(key, key)


def normalise_postcode(value: object) -> str | None:
    """'1234ab' → '1234 AB'; None when it is not a Dutch postcode."""
    text = re.sub(r"\s", "", str(value or "")).upper()
    match = _POSTCODE.match(text)
    if not match or match.group(1) in _POSTCODE_FORBIDDEN_LETTERS:
        return None
    return f"{text[:4]} {text[4:]}"


def normalise_huisnummer(value: object) -> str | None:
    """12, 12.0 and '12' → '12'; None for anything that is not a positive whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return text.lstrip("0") if text.isdigit() and int(text) > 0 else None


def normalise_toevoeging(value: object) -> str:
    """Toevoeging as part of an address key: 'A', ' a ', '-a' all become 'A'."""
    return re.sub(r"[\s\-]", "", _text(value)).upper()


def normalise_phone(value: CellValue) -> str | None:
    """A valid phone number as E.164 ('+31612345678'), or None.

    Excel drops the leading zero of a number typed in a numeric cell (612345678), so a 9-digit
    number is read as a Dutch national number. The common Dutch spellings are mapped straight to
    a PhoneNumber (parsing is the slow part); anything else goes through phonenumbers.parse.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = f"0{value}" if len(str(value)) == 9 else str(value)
    text = _text(value)
    match = _DUTCH_NATIONAL.match(_PHONE_SEPARATORS.sub("", text))
    if match:
        national = match.group(1)
        return f"+31{national}" if _dutch_prefix_valid(national[:3]) else None
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1024)
def _dutch_prefix_valid(prefix: str) -> bool:
    """Whether 9-digit Dutch national numbers starting with ``prefix`` (3 digits) are issued.

    In libphonenumber's NL metadata every 9-digit range (fixed line, 06 mobile, 085/091 VoIP,
    066, 08x service numbers) is a fixed 2- or 3-digit prefix followed by free digits, so the first
    three digits decide; asking the library once per prefix keeps a 50.000-row file fast.
    tests/test_validation.py checks this against ``is_valid_number`` for random numbers.
    """
    number = phonenumbers.PhoneNumber(country_code=31, national_number=int(prefix + "000000"))
    return phonenumbers.is_valid_number(number)


@lru_cache(maxsize=4096)
def _domain_ok(domain: str) -> bool:
    try:
        email_syntax.validate_email_domain_name(domain)
    except email_validator.EmailNotValidError:
        return False
    return True


def is_valid_email(value: object) -> bool:
    """E-mail syntax per email-validator (no DNS lookups: an upload must not wait on the network).

    The domain part repeats in thousands of rows, so its check is cached; the local part is
    checked per address. Anything unusual (quotes, several '@') takes the full validator.
    """
    text = _text(value)
    local, at, domain = text.rpartition("@")
    if at and local and domain and "@" not in local and '"' not in local and len(text) <= 254:
        try:
            email_syntax.validate_email_local_part(local)
        except email_validator.EmailNotValidError:
            return False
        return _domain_ok(domain.lower())
    try:
        email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def parse_datum(value: CellValue) -> date | None:
    """A date cell, or a text in a common Dutch/ISO notation; None when it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern, fmt in _DATE_TEXT:
        if pattern.match(text):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                return None
    return None


@lru_cache(maxsize=8192)  # ERP files repeat a few work descriptions on thousands of rows
def is_cryptic_type(text: str) -> bool:
    """A type text a tenant would not recognise: no real word, or mostly digits ('RPR-0034 KKR')."""
    words = [w for w in _WORD.findall(text) if len(w) >= 4 and _VOWELS & set(w.lower())]
    digits = sum(ch.isdigit() for ch in text)
    return not words or digits > 0.3 * len(text.replace(" ", ""))


def _text(value: object) -> str:
    if type(value) is str:  # the common case first: this runs for every cell of the file
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Findings:
    """Collects findings, listing at most MAX_FINDINGS_PER_CODE per code and counting the rest."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._counts: Counter[str] = Counter()
        self._labels: dict[str, str] = {}

    def add(self, row: int | None, column: str | None, code: str, message: str, label: str = "") -> None:
        self._counts[code] += 1
        if self._counts[code] <= MAX_FINDINGS_PER_CODE:
            self.items.append(Finding(row, column, code, message))
        self._labels.setdefault(code, label or message)

    def done(self) -> tuple[Finding, ...]:
        extra = [
            Finding(None, None, code, f"En nog {count - MAX_FINDINGS_PER_CODE} rijen met dezelfde melding: {self._labels[code]}")
            for code, count in self._counts.items()
            if count > MAX_FINDINGS_PER_CODE
        ]
        return tuple(self.items + extra)


def validate_file(path: str | Path, vragenlijst_code: str, *, today: date | None = None) -> ValidationReport:
    """The validatieverslag of one tenant file (interfaces.md ``validate``)."""
    return check_file(path, vragenlijst_code, today=today).report


def check_file(
    path: str | Path, vragenlijst_code: str, *, today: date | None = None, file_name: str | None = None
) -> CheckedFile:
    """Validate and return the normalised rows too (for storing an accepted upload)."""
    if vragenlijst_code not in VRAGENLIJST_CODES:
        raise UnknownVragenlijst(
            f"Onbekende vragenlijst '{vragenlijst_code}'; kies uit {', '.join(VRAGENLIJST_CODES)}."
        )
    workbook = read_workbook(path)
    return check_workbook(workbook, vragenlijst_code, file_name or str(path), today or config.CONFIG.today())


def check_workbook(workbook: Workbook, vragenlijst_code: str, file_name: str, today: date) -> CheckedFile:
    errors = _Findings()
    warnings = _Findings()
    if workbook.data_sheet is None or not workbook.cells:
        errors.add(None, None, "file_empty", "Het bestand bevat geen gegevens.")
        return CheckedFile(ValidationReport(file_name, vragenlijst_code, 0, errors.done()), ())
    if len(workbook.sheets_with_data) > 1:
        names = ", ".join(
            f"'{s.name}'" + (" (verborgen)" if s.is_hidden else "") for s in workbook.sheets_with_data
        )
        errors.add(
            None, None, "sheets_multiple",
            f"Het bestand heeft meer dan één tabblad met gegevens ({names}); lever één tabblad aan.",
        )

    header = workbook.cells[0]
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        if _is_empty(raw):
            continue
        key = normalise_header(raw)
        if key in columns:
            errors.add(1, key, "column_duplicate", f"De kolom '{raw}' komt twee keer voor; laat er één staan.")
        elif key in COLUMNS:
            columns[key] = index
        else:
            warnings.add(
                1, str(raw), "column_unknown",
                f"De kolom '{raw}' hoort niet bij het bestandsformat en wordt genegeerd; verwijder "
                "hem (gebruik uitsplitsing1–4 voor eigen indelingen).",
            )
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.add(None, name, "column_missing", f"De verplichte kolom '{name}' ontbreekt.")
    if "voorletters" not in columns and "voornaam" not in columns:
        errors.add(None, "voorletters", "column_missing", "De kolom 'voorletters' of 'voornaam' ontbreekt.")

    _flag_findings(workbook, columns, len(header), errors)
    tenant_rows = _check_rows(workbook.cells, columns, vragenlijst_code, today, errors, warnings)
    _attention_points(tenant_rows, columns, vragenlijst_code, warnings)
    report = ValidationReport(
        file_name, vragenlijst_code, len(tenant_rows), errors.done(), warnings.done()
    )
    return CheckedFile(report, tuple(tenant_rows))


def _column_name(index: int, columns: dict[str, int]) -> str:
    """The column as the steward knows it: the header name, else the Excel letter."""
    for name, position in columns.items():
        if position == index - 1:
            return name
    return column_letter(index)


def _flag_findings(workbook: Workbook, columns: dict[str, int], width: int, errors: _Findings) -> None:
    flags = workbook.flags
    for row, col in flags.formula_cells:
        errors.add(
            row, _column_name(col, columns), "formula",
            f"Cel {column_letter(col)}{row} bevat een formule; plak de waarden (Plakken speciaal → Waarden).",
            "cellen met een formule.",
        )
    last_row = len(workbook.cells)
    for row in flags.hidden_rows:
        if row <= last_row:
            errors.add(row, None, "row_hidden", f"Rij {row} is verborgen; maak alle rijen zichtbaar.", "verborgen rijen.")
    for col in flags.hidden_columns:
        if col <= width:
            errors.add(
                None, _column_name(col, columns), "column_hidden",
                f"Kolom {column_letter(col)} is verborgen; maak alle kolommen zichtbaar.",
            )
    if flags.has_active_filter:
        errors.add(
            None, None, "filter_active",
            "Er staat een filter aan op het tabblad; zet het filter uit zodat alle rijen meegaan.",
        )


def _check_contact(
    offset: int, raw: dict[str, CellValue], values: dict[str, object], errors: _Findings, warnings: _Findings
) -> None:
    """Phone and e-mail (domain.md §6.2): a malformed one blocks only a row left without contact.

    Seed 002's error is a tenant "zonder (een correct) telefoonnummer en e-mailadres"; a broken
    phone number beside a good e-mail address is an attention point, and the broken value is not
    stored, so no invitation goes to it.
    """
    malformed: list[tuple[str, CellValue]] = []
    has_valid = False
    for name in ("telefoon1", "telefoon2"):
        if name in raw and not _is_empty(raw[name]):
            phone = normalise_phone(raw[name])
            values[name] = phone
            if phone is None:
                malformed.append((name, raw[name]))
            else:
                has_valid = True
    if "email" in raw and not _is_empty(raw["email"]):
        if is_valid_email(raw["email"]):
            values["email"] = _text(raw["email"])
            has_valid = True
        else:
            values["email"] = None
            malformed.append(("email", raw["email"]))
    if not has_valid and not malformed and ("telefoon1" in raw or "email" in raw):
        errors.add(
            offset, "email", "contact_missing", meldingen.contact_missing(),
            "rijen zonder telefoonnummer en e-mailadres.",
        )
    target = warnings if has_valid else errors
    for name, value in malformed:
        if name == "email":
            target.add(
                offset, name, "email_invalid", meldingen.email_invalid(value, blocking=not has_valid),
                "ongeldige e-mailadressen.",
            )
        else:
            target.add(
                offset, name, "phone_invalid", meldingen.phone_invalid(name, value, blocking=not has_valid),
                "ongeldige telefoonnummers.",
            )


def _check_rows(
    cells: list[list[CellValue]], columns: dict[str, int], vragenlijst_code: str, today: date,
    errors: _Findings, warnings: _Findings,
) -> list[TenantRow]:
    index = columns.get
    present = [(name, position) for name, position in columns.items()]
    seen_addresses: dict[tuple[str, str, str], int] = {}
    tenant_rows: list[TenantRow] = []
    for offset, row in enumerate(cells[1:], start=2):
        if all(_is_empty(value) for value in row):
            continue
        raw = {name: (row[position] if position < len(row) else None) for name, position in present}
        values: dict[str, object] = {
            name: (value.strip() if type(value) is str else _text(value)) or None for name, value in raw.items()
        }

        postcode = None
        if "postcode" in raw:
            if _is_empty(raw["postcode"]):
                errors.add(offset, "postcode", "postcode_missing", meldingen.postcode_missing(), "lege postcodes.")
            else:
                postcode = normalise_postcode(raw["postcode"])
                if postcode is None:
                    errors.add(
                        offset, "postcode", "postcode_invalid", meldingen.postcode_invalid(raw["postcode"]),
                        "ongeldige postcodes.",
                    )
            values["postcode"] = postcode
        huisnummer = None
        if "huisnummer" in raw:
            huisnummer = normalise_huisnummer(raw["huisnummer"])
            if huisnummer is None:
                errors.add(
                    offset, "huisnummer", "huisnummer_invalid", meldingen.huisnummer_invalid(raw["huisnummer"]),
                    "ongeldige huisnummers.",
                )
            values["huisnummer"] = huisnummer

        _check_contact(offset, raw, values, errors, warnings)

        if index("datum") is not None:
            value = raw["datum"]
            values["datum"] = None
            if not _is_empty(value):
                day = parse_datum(value)
                if day is None:
                    errors.add(offset, "datum", "date_invalid", meldingen.date_invalid(value), "ongeldige datums.")
                elif day > today:
                    errors.add(offset, "datum", "date_future", meldingen.date_future(value, today), "datums in de toekomst.")
                else:
                    values["datum"] = day

        if postcode and huisnummer:
            toevoeging = normalise_toevoeging(raw.get("toevoeging"))
            key = (postcode, huisnummer, toevoeging)
            first = seen_addresses.setdefault(key, offset)
            if first != offset:
                address = f"{postcode} {huisnummer}{(' ' + toevoeging) if toevoeging else ''}"
                warnings.add(
                    offset, "postcode", "tenant_duplicate", meldingen.tenant_duplicate(first, address),
                    "huurders die al eerder in het bestand staan (zij krijgen één uitnodiging).",
                )
        tenant_rows.append(TenantRow(offset, values))
    if not tenant_rows:
        errors.add(None, None, "file_empty", "Het bestand bevat alleen een kopregel en geen huurders.")
    return tenant_rows


def _attention_points(
    rows: list[TenantRow], columns: dict[str, int], vragenlijst_code: str, warnings: _Findings
) -> None:
    total = len(rows)
    if not total:
        return
    without_email = sum(1 for r in rows if not r.values.get("email"))
    if without_email:
        share = round(100 * without_email / total)
        warnings.add(
            None, "email", "email_missing",
            f"{aantal(without_email)} van de {aantal(total)} huurders ({share}%) hebben geen e-mailadres; zij kunnen "
            "alleen telefonisch benaderd worden. Vul e-mailadressen aan waar ze bekend zijn.",
        )
    uitsplitsingen = SPLIT_COLUMNS[1:]
    if not any(r.values.get(name) for r in rows for name in uitsplitsingen):
        warnings.add(
            None, "uitsplitsing1", "uitsplitsing_empty",
            "De kolommen uitsplitsing1 t/m uitsplitsing4 zijn leeg; in het Klantvizier kunt u de "
            "scores dan niet uitsplitsen (bijvoorbeeld naar wijk of vestiging).",
        )
    if vragenlijst_code in AANNEMER_VRAGENLIJSTEN:
        empty = sum(1 for r in rows if not r.values.get("aannemer"))
        if empty:
            warnings.add(
                None, "aannemer", "aannemer_missing",
                f"Bij {aantal(empty)} van de {aantal(total)} huurders is geen aannemer ingevuld; die resultaten "
                "zijn niet per aannemer te zien.",
            )
    for name in SPLIT_COLUMNS:
        if name not in columns:
            continue
        filled = [str(r.values[name]) for r in rows if r.values.get(name)]
        distinct = Counter(filled)
        if not filled:
            continue
        if len(filled) >= UNIQUE_CODES_MIN_ROWS and len(distinct) >= UNIQUE_CODES_SHARE * len(filled):
            warnings.add(
                None, name, "split_unique_codes",
                f"De kolom {name} bevat (bijna) alleen unieke waarden; unieke codes worden in het "
                "Klantvizier niet getoond. Gebruik een indeling in groepen.",
            )
            continue
        if len(distinct) > MAX_GROUPS_PER_SPLIT:
            warnings.add(
                None, name, "split_too_many_values",
                f"De kolom {name} heeft {len(distinct)} verschillende waarden; de respons per groep "
                f"blijft dan vaak te laag. Gebruik liefst niet meer dan {MAX_GROUPS_PER_SPLIT} groepen.",
            )
        for first, second in similar_values(distinct.keys()):
            warnings.add(
                None, name, "split_similar_values",
                f"In de kolom {name} lijken '{first}' en '{second}' dezelfde waarde; gebruik "
                "consequent één schrijfwijze, anders ziet u twee scores in plaats van één.",
            )
    if "type" in columns:
        too_long = [r.rij for r in rows if r.values.get("type") and len(str(r.values["type"])) > TYPE_MAX_LENGTH]
        cryptic = [r.rij for r in rows if r.values.get("type") and is_cryptic_type(str(r.values["type"]))]
        if too_long:
            warnings.add(
                None, "type", "type_too_long",
                f"In {len(too_long)} rijen is de omschrijving in 'type' langer dan {TYPE_MAX_LENGTH} "
                f"tekens (bijvoorbeeld rij {_example_rows(too_long)}); de huurder leest die in één zin.",
            )
        if cryptic:
            warnings.add(
                None, "type", "type_cryptic",
                f"In {len(cryptic)} rijen lijkt 'type' een code in plaats van een omschrijving die de "
                f"huurder herkent (bijvoorbeeld rij {_example_rows(cryptic)}); laat de kolom anders leeg.",
            )


def _example_rows(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:5])
