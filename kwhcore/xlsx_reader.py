"""Reading an uploaded tenant file (.xlsx) safely and fast.

Uploaded files come from outside and are treated as hostile (issue 5): a zip bomb is refused
from the archive's announced sizes *before* anything is inflated, every member is then inflated
in bounded chunks (the real size may not exceed the announced one), XML is only parsed with
defusedxml (no DTDs, no entity expansion), and anything that is not a readable .xlsx is answered
with one Dutch sentence in :class:`UnreadableFile`.

The cell values are read by python-calamine (Rust; ~0,5 s for 50.000 rows, where a full openpyxl
load takes ~18 s). What only the sheet XML shows — formulas, hidden rows and columns, an active
filter (seed 002 §3 "Zorg dat er geen verborgen kolommen of rijen…", "Gebruik geen filters") —
is read from the raw sheet XML: a byte scan of the inflated stream proves most sheets clean, and
only a sheet that may hold such a flag is walked with defusedxml's iterparse to locate it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

import python_calamine
from defusedxml import ElementTree as SafeET

CellValue = str | int | float | bool | date | datetime | None

# Limits against hostile archives. A real 50.000-row tenant file is ~3 MB compressed and
# ~20 MB inflated with a compression ratio below 15; the limits leave a wide margin.
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_TOTAL_INFLATED_BYTES = 300 * 1024 * 1024
# A member above this size must not inflate more than MAX_RATIO times (zip bombs: ~1000×).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 250_000
_CHUNK = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# A formula is an <f> element (possibly namespace-prefixed); DTDs never occur in OOXML.
_FORMULA_BYTES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_FLAG_WORDS = (b"hidden", b"autoFilter", b"filterMode")
_DTD_BYTES = (b"<!DOCTYPE", b"<!ENTITY")
_OVERLAP = 32
_MAX_EXCEL_COLUMNS = 16_384

NOT_XLSX = (
    "Dit bestand is geen Excel-werkmap (.xlsx). Open het in Excel, kies 'Opslaan als' → "
    "'Excel-werkmap (*.xlsx)' en upload het opnieuw."
)


class UnreadableFile(Exception):
    """The file cannot be read as a tenant file; ``str(exc)`` is one Dutch sentence for the user."""


@dataclass(frozen=True)
class SheetFlags:
    """What only the sheet XML shows. Rows/columns are 1-based Excel numbers."""

    formula_cells: tuple[tuple[int, int], ...] = ()
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()
    has_active_filter: bool = False


@dataclass(frozen=True)
class SheetInfo:
    name: str
    member: str
    is_hidden: bool


@dataclass(frozen=True)
class Workbook:
    """The sheet with the tenant data, as rows of cell values (row 0 is Excel row 1)."""

    data_sheet: str | None
    sheets_with_data: tuple[SheetInfo, ...]
    cells: list[list[CellValue]] = field(default_factory=list)
    flags: SheetFlags = SheetFlags()


def column_letter(index: int) -> str:
    """1 → 'A', 28 → 'AB'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def read_workbook(source: str | Path | IO[bytes]) -> Workbook:
    """Check the archive, then read the one sheet with data and its XML flags.

    Raises :class:`UnreadableFile` for anything that is not a sound .xlsx within the limits.
    """
    try:
        return _read(source)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            SafeET.ParseError, python_calamine.CalamineError) as exc:
        raise UnreadableFile(
            "Het bestand is beschadigd of onvolledig en kan niet worden gelezen. Sla het opnieuw "
            "op in Excel als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        ) from exc
    except Exception as exc:  # noqa: BLE001 — a hostile file may trip any parser error
        raise UnreadableFile(
            "Het bestand kan niet worden gelezen als Excel-werkmap. Sla het opnieuw op in Excel "
            "als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        ) from exc


def _read(source: str | Path | IO[bytes]) -> Workbook:
    handle = open(source, "rb") if isinstance(source, (str, Path)) else source
    try:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(0)
        head = handle.read(8)
        handle.seek(0)
        _check_magic(head, size)
        with zipfile.ZipFile(handle) as archive:
            _check_announced_sizes(archive)
            sheets = _sheets(archive)
            scans = {sheet.member: _scan_member(archive, sheet.member) for sheet in sheets}
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")) and name not in scans:
                    _scan_member(archive, name)
            handle.seek(0)
            book = python_calamine.load_workbook(handle)
            with_data: list[tuple[SheetInfo, list[list[CellValue]]]] = []
            for index, sheet in enumerate(sheets):
                cells = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
                if any(value not in ("", None) for row in cells for value in row):
                    with_data.append((sheet, cells))
            if not with_data:
                return Workbook(None, ())
            sheet, cells = with_data[0]
            if len(cells) > MAX_ROWS + 1:
                raise UnreadableFile(
                    f"Het bestand heeft meer dan {MAX_ROWS:,} rijen; lever het aan in delen.".replace(",", ".")
                )
            flags = _sheet_flags(archive, sheet.member) if scans[sheet.member] else SheetFlags()
            return Workbook(sheet.name, tuple(s for s, _ in with_data), cells, flags)
    finally:
        if handle is not source:
            handle.close()


def _check_magic(head: bytes, size: int) -> None:
    if size == 0:
        raise UnreadableFile("Het bestand is leeg.")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB; lever het aan in delen."
        )
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            "Dit is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligd bestand. Sla "
            "het zonder wachtwoord op als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        )
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFile(NOT_XLSX)


def _check_announced_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb on the central directory alone, before inflating a single byte."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(NOT_XLSX)
    total = 0
    for info in members:
        total += info.file_size
        too_dense = (
            info.file_size > RATIO_CHECKED_FROM_BYTES
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        )
        if too_dense or total > MAX_TOTAL_INFLATED_BYTES:
            raise UnreadableFile(
                "Het bestand wordt uitgepakt onredelijk groot (mogelijk een 'zip-bom') en is "
                "daarom geweigerd. Lever een gewoon Excel-bestand aan."
            )


def _inflate(archive: zipfile.ZipFile, name: str):
    """Yield the member in chunks; never more than its announced size (zipfile checks the CRC)."""
    info = archive.getinfo(name)
    produced = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            produced += len(chunk)
            if produced > info.file_size:
                raise UnreadableFile(
                    "Het bestand wordt uitgepakt groter dan het aangeeft en is daarom geweigerd."
                )
            yield chunk


def _scan_member(archive: zipfile.ZipFile, name: str) -> bool:
    """Inflate one member in bounded chunks; True when it may hold a formula/hidden/filter flag.

    Refuses DTDs: OOXML never has them, and they are the vehicle of entity-expansion attacks.
    """
    maybe_flags = False
    tail = b""
    for chunk in _inflate(archive, name):
        window = tail + chunk
        if any(marker in window for marker in _DTD_BYTES):
            raise UnreadableFile(
                "Het bestand bevat niet-toegestane XML-constructies (entiteiten) en is daarom geweigerd."
            )
        if not maybe_flags and (
            any(word in window for word in _FLAG_WORDS) or _FORMULA_BYTES.search(window)
        ):
            maybe_flags = True
        tail = window[-_OVERLAP:]
    return maybe_flags


def _parse_small(archive: zipfile.ZipFile, name: str):
    return SafeET.fromstring(b"".join(_inflate(archive, name)))


def _sheets(archive: zipfile.ZipFile) -> list[SheetInfo]:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(NOT_XLSX)
    workbook = _parse_small(archive, "xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _parse_small(archive, "xl/_rels/workbook.xml.rels").iter(f"{{{_NS_PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = path
    sheets = []
    for element in workbook.iter(f"{{{_NS_MAIN}}}sheet"):
        member = targets.get(element.get(f"{{{_NS_REL}}}id", ""), "")
        if member not in names:
            raise UnreadableFile(NOT_XLSX)
        sheets.append(
            SheetInfo(element.get("name", ""), member, element.get("state", "visible") != "visible")
        )
    if not sheets:
        raise UnreadableFile(NOT_XLSX)
    return sheets


def _is_true(value: str | None) -> bool:
    return value in ("1", "true")


class _ChunkReader:
    """A file-like view of a member's bounded chunks, for iterparse."""

    def __init__(self, chunks) -> None:
        self._chunks = chunks
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        result, self._buffer = self._buffer[:size], self._buffer[size:]
        return result


def _sheet_flags(archive: zipfile.ZipFile, member: str) -> SheetFlags:
    """Walk the sheet XML (defusedxml iterparse) and locate formulas, hidden rows/cols, filters."""
    formulas: list[tuple[int, int]] = []
    hidden_rows: list[int] = []
    hidden_columns: set[int] = set()
    active_filter = False
    current_cell: tuple[int, int] | None = None
    current_row = 0
    main = f"{{{_NS_MAIN}}}"
    for event, element in SafeET.iterparse(_ChunkReader(_inflate(archive, member)), events=("start", "end")):
        tag = element.tag.removeprefix(main)
        if event == "start":
            if tag == "row":
                current_row = int(element.get("r") or current_row + 1)
                if _is_true(element.get("hidden")):
                    hidden_rows.append(current_row)
            elif tag == "c":
                match = _CELL_REF.match(element.get("r", ""))
                current_cell = (int(match.group(2)), _column_index(match.group(1))) if match else None
            elif tag == "f" and current_cell is not None:
                formulas.append(current_cell)
            elif tag == "col" and _is_true(element.get("hidden")):
                first = max(int(element.get("min", "1")), 1)
                last = min(int(element.get("max", "1")), _MAX_EXCEL_COLUMNS)
                hidden_columns.update(range(first, last + 1))
            elif tag == "sheetPr" and _is_true(element.get("filterMode")):
                active_filter = True
            elif tag == "filterColumn":
                active_filter = True
        elif tag == "row":
            element.clear()
    return SheetFlags(tuple(formulas), tuple(hidden_rows), tuple(sorted(hidden_columns)), active_filter)
