"""Databank downloads: respondent rows → CSV (what Dutch Excel opens) or .xlsx, safely.

domain.md §9, seed 002 "Hoe waarborgen jullie anonimiteit…": "Als een huurder anoniem wil
blijven, zijn wij vanwege de herleidbaarheid genoodzaakt gegevens die in het huurdersbestand
zijn meegeleverd (zoals wijk, complexnummer, etc.) te wissen in de Excel-download".

What is blanked for a respondent who stayed anonymous (``is_anoniem``):
- uitsplitsing1–4 (the corporation's own split data: wijk, complex, vestiging…);
- the respondent id (the fieldwork id leads back to the invitation and so to the address);
- the completion date: only the month is kept, because a day plus the work order in the
  corporation's own systems points at one tenant;
- the address (it is only ever filled for respondents who lifted anonymity).
The aannemer stays: it is the contractor's own result and is shared by many tenants.
Names, phone numbers and e-mail addresses are never exported, not even after lifting anonymity:
seed 002 only says the address may be added to the answers.

Formula neutralisation follows the OWASP "CSV Injection" rules: a text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so
``=HYPERLINK(…)`` or ``+31 6…`` is shown as text and never evaluated. The .xlsx writer also
stores every text as a string cell (never a formula, URL or number).

CSV: UTF-8 with a byte-order mark and ``;`` as separator — what Excel with Dutch regional
settings opens directly into columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

Progress = Callable[[float, str], None]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Fixed columns ahead of the answers, in the order the download shows them.
BASIS_KOLOMMEN: tuple[str, ...] = (
    "respondent_id", "vragenlijst", "maand", "ingevuld_op", "kanaal", "anoniem", "aannemer",
    "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4", "checkvraag",
    "straat", "huisnummer", "toevoeging", "postcode", "woonplaats",
)
# Blanked for anonymous respondents (see the module docstring for why each one).
ANONIEM_GEWIST: frozenset[str] = frozenset({
    "respondent_id", "ingevuld_op", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3",
    "uitsplitsing4", "straat", "huisnummer", "toevoeging", "postcode", "woonplaats",
})
ADRES_KOLOMMEN: frozenset[str] = frozenset({"straat", "huisnummer", "toevoeging", "postcode", "woonplaats"})

CHUNK = 2000  # rows between progress reports


@dataclass(frozen=True)
class Databank:
    """A databank selection ready for download: header, rows, and why rows were left out."""

    kolommen: tuple[str, ...]
    rijen: list[tuple[object, ...]] = field(default_factory=list)
    meldingen: tuple[str, ...] = ()

    @property
    def n_respondenten(self) -> int:
        return len(self.rijen)


def neutraliseer(value: object) -> object:
    """Make a text cell inert in a spreadsheet (OWASP CSV injection); other values pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def anonimiseer(record: dict[str, object]) -> dict[str, object]:
    """Blank what identifies an anonymous respondent; others keep their row (address included)."""
    if not record.get("is_anoniem", True):
        return dict(record)
    return {key: (None if key in ANONIEM_GEWIST else value) for key, value in record.items()}


def zonder_adres(record: dict[str, object]) -> dict[str, object]:
    """Rows for a contractor never carry an address, whatever the respondent agreed to."""
    return {key: (None if key in ADRES_KOLOMMEN else value) for key, value in record.items()}


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _report(progress: Progress | None, done: int, total: int, soort: str) -> None:
    if progress is not None:
        fraction = 1.0 if total == 0 else done / total
        progress(fraction, f"{soort}: {done} van {total} respondenten geschreven")


def write_csv(databank: Databank, target: BinaryIO, progress: Progress | None = None) -> None:
    """UTF-8 with BOM, ';' separated, every text cell neutralised."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(databank.kolommen)
    total = len(databank.rijen)
    for start in range(0, total, CHUNK):
        chunk = databank.rijen[start:start + CHUNK]
        writer.writerows([_cell_text(neutraliseer(v)) for v in row] for row in chunk)
        _report(progress, start + len(chunk), total, "CSV")
    _report(progress, total, total, "CSV")
    text.flush()
    text.detach()


def write_xlsx(databank: Databank, target: BinaryIO, progress: Progress | None = None) -> None:
    """One sheet; texts stored as string cells (never formulas, URLs or numbers) and neutralised."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": False,
    })
    sheet = workbook.add_worksheet("Databank")
    bold = workbook.add_format({"bold": True})
    for col, name in enumerate(databank.kolommen):
        sheet.write_string(0, col, name, bold)
    total = len(databank.rijen)
    for index, row in enumerate(databank.rijen, start=1):
        for col, value in enumerate(row):
            value = neutraliseer(value)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                sheet.write_string(index, col, _cell_text(value))
            else:
                sheet.write_number(index, col, value)
        if index % CHUNK == 0:
            _report(progress, index, total, "Excel")
    if databank.kolommen:
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(total, 1), len(databank.kolommen) - 1)
    workbook.close()
    _report(progress, total, total, "Excel")


def to_bytes(databank: Databank, formaat: str, progress: Progress | None = None) -> bytes:
    """The download as bytes, for ``st.download_button`` and tests."""
    buffer = io.BytesIO()
    if formaat == "csv":
        write_csv(databank, buffer, progress)
    elif formaat == "xlsx":
        write_xlsx(databank, buffer, progress)
    else:
        raise ValueError(f"Onbekend formaat '{formaat}': kies csv of xlsx.")
    return buffer.getvalue()


def rijen_uit_records(
    records: Iterable[dict[str, object]],
    vraag_codes: Sequence[str],
    alleen_zonder_adres: bool = False,
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """Turn respondent records (fixed fields + an ``antwoorden`` dict per record) into a table.

    Each record passes :func:`anonimiseer` (and :func:`zonder_adres` for contractors) before
    it becomes a row, so no caller can forget the privacy rules.
    """
    kolommen = BASIS_KOLOMMEN + tuple(vraag_codes)
    rijen = []
    for record in records:
        record = anonimiseer(record)
        if alleen_zonder_adres:
            record = zonder_adres(record)
        antwoorden = record.get("antwoorden") or {}
        basis = tuple(
            ("nee" if not record.get("is_anoniem", True) else "ja") if k == "anoniem" else record.get(k)
            for k in BASIS_KOLOMMEN
        )
        rijen.append(basis + tuple(antwoorden.get(code) for code in vraag_codes))
    return kolommen, rijen
