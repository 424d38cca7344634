"""The downloadable example file per vragenlijst (domain.md §6.1, seed 002 "Voorbeelden van de
bestandsformats … kun je per vragenlijst downloaden"), and fictitious tenant rows in that format.

The same writer builds the files of the tests and the 50.000-row bench, so what is tested is
exactly the format stewards are shown.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from kwhcore import config
from kwhcore.validation import AANNEMER_VRAGENLIJSTEN, COLUMNS
from kwhcore.vragenlijsten import VRAGENLIJST_CODES

# Fictitious data only: streets and names invented, postcodes in real ranges, phone numbers
# in the 06-1234xxxx style, e-mail at example.nl (RFC 2606-style reserved names).
_VOORNAMEN = ("Anna", "Bram", "Chantal", "Dirk", "Esra", "Fatima", "Gerrit", "Hanna", "Ivo", "Jasmijn")
_ACHTERNAMEN = (("", "Jansen"), ("de", "Vries"), ("van", "Dijk"), ("", "Bakker"), ("", "Yilmaz"), ("de", "Boer"))
_STRATEN = ("Lindelaan", "Kerkstraat", "Molenweg", "Dorpsstraat", "Beukenhof", "Zonnebloemstraat")
_PLAATSEN = (("3011", "Rotterdam"), ("3512", "Utrecht"), ("9711", "Groningen"), ("5611", "Eindhoven"))
_AANNEMERS = ("Bouwbedrijf Jansen", "Installatietechniek Oost", "Schildersbedrijf De Kwast")
# Postcode letters without S, so the reserved pairs SA, SD and SS never occur.
_LETTERS = "ABCDEFGHJKLMNPRTVWXZ"
_WIJKEN = ("Centrum", "Noord", "Oost", "Zuid", "West")
_TYPES = {
    "reparaties": ("sluiting keukenraam kapot", "lekkage onder het aanrecht", "cv-ketel storing"),
    "planmatig_onderhoud": ("buitenschilderwerk", "onderhoud cv-ketel", "vervangen dakgoten"),
    "groot_onderhoud": ("isolatie en nieuwe kozijnen", "renovatie badkamer en keuken"),
}


def fictitious_rows(
    count: int, vragenlijst_code: str, *, seed: int = 1, today: date | None = None
) -> list[dict[str, object]]:
    """``count`` distinct, valid tenant rows (unique addresses) for ``vragenlijst_code``."""
    rng = random.Random(seed)
    today = today or config.CONFIG.today()
    rows = []
    for n in range(count):
        prefix, plaats = _PLAATSEN[n % len(_PLAATSEN)]
        tussen, achter = _ACHTERNAMEN[rng.randrange(len(_ACHTERNAMEN))]
        voornaam = _VOORNAMEN[rng.randrange(len(_VOORNAMEN))]
        # Unique address per row: the house number walks up per postcode letter pair.
        block = n // 900
        letters = _LETTERS[block % len(_LETTERS)] + _LETTERS[block // len(_LETTERS) % len(_LETTERS)]
        has_email = rng.random() < 0.8
        row: dict[str, object] = {
            "vhe": f"VHE{100000 + n}",
            "geslacht": rng.choice(("m", "v")),
            "voorletters": voornaam[0] + ".",
            "voornaam": voornaam,
            "tussenvoegsel": tussen,
            "achternaam": achter,
            "straat": _STRATEN[n % len(_STRATEN)],
            "huisnummer": n % 900 + 1,
            "toevoeging": "",
            "postcode": f"{prefix} {letters}",
            "woonplaats": plaats,
            "telefoon1": f"06-{12000000 + n:08d}",
            "telefoon2": "",
            "email": f"huurder{n}@example.nl" if has_email else "",
            "aannemer": _AANNEMERS[n % len(_AANNEMERS)] if vragenlijst_code in AANNEMER_VRAGENLIJSTEN else "",
            "uitsplitsing1": _WIJKEN[n % len(_WIJKEN)],
            "uitsplitsing2": "",
            "uitsplitsing3": "",
            "uitsplitsing4": "",
            "datum": today - timedelta(days=1 + n % 28),
            "type": rng.choice(_TYPES[vragenlijst_code]) if vragenlijst_code in _TYPES else "",
            "id1": f"OPDR-{500000 + n}",
            "id2": "",
        }
        rows.append(row)
    return rows


def write_xlsx(
    target: str | Path | io.BytesIO,
    rows: Iterable[dict[str, object]],
    columns: Sequence[str] = COLUMNS,
    *,
    headers: Sequence[str] | None = None,
) -> None:
    """Write rows as a one-sheet tenant file; streaming, so 50.000 rows take about a second."""
    options = {"constant_memory": True, "in_memory": isinstance(target, io.BytesIO)}
    workbook = xlsxwriter.Workbook(target, options)
    sheet = workbook.add_worksheet("Huurders")
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    text_format = workbook.add_format({"num_format": "@"})
    sheet.write_row(0, 0, list(headers or columns))
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            value = row.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value, text_format)
            else:
                sheet.write(r, c, value)
    workbook.close()


def example_xlsx(vragenlijst_code: str) -> bytes:
    """The example file a steward downloads: the exact columns and three fictitious rows."""
    if vragenlijst_code not in VRAGENLIJST_CODES:
        raise KeyError(vragenlijst_code)
    buffer = io.BytesIO()
    write_xlsx(buffer, fictitious_rows(3, vragenlijst_code, seed=7))
    return buffer.getvalue()


def example_file_name(vragenlijst_code: str) -> str:
    return f"voorbeeldbestand_{vragenlijst_code}.xlsx"
