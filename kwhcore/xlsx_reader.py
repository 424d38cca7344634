"""Reading an uploaded tenant file (.xlsx) safely and fast.

Uploaded files come from outside and are treated as hostile (issue 5): a zip bomb is refused
from the archive's announced sizes *before* anything is inflated, every member is then inflated
in bounded chunks (the real size may not exceed the announced one), XML is only parsed with
defusedxml (no DTDs, no entity expansion), and anything that is not a readable .xlsx is answered
with one Dutch sentence in :class:`UnreadableFile`.

Issue 10: what a file *claims* is bounded before any reader allocates for it — the sheet's
``<dimension>`` and the cell references (one cell at XFD1048576 makes calamine allocate 512 GiB),
rows × columns, the number of shared strings (an ``uniqueCount`` of 4 billion makes it reserve
96 GB), the member count and sizes. And the whole read runs in a child process with memory, CPU
and wall-clock limits (:mod:`kwhcore.xlsx_sandbox`), so an unknown reader bug — a Rust panic, an
allocation abort, a segfault, a loop — costs the user one Dutch sentence, never the server.
:func:`read_workbook` is the one reader of untrusted spreadsheets: the upload page, ``validate``
and ``import-responses`` (with :data:`RESPONSE_LIMITS`) all go through it.

The cell values are read by python-calamine (Rust; ~0,5 s for 50.000 rows, where a full openpyxl
load takes ~18 s). What only the sheet XML shows — formulas, hidden rows and columns, an active
filter (seed 002 §3 "Zorg dat er geen verborgen kolommen of rijen…", "Gebruik geen filters") —
is read from the raw sheet XML: a byte scan of the inflated stream proves most sheets clean, and
only a sheet that may hold such a flag is walked with defusedxml's iterparse to locate it.
"""

from __future__ import annotations

import io
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

_MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one spreadsheet may claim and cost. A real 50.000-row tenant file is ~4 MB compressed,
    ~50 MB inflated (ratio ~12), 23 columns and needs ~1 GB of address space to read; the tenant
    limits leave a wide margin. ``memory_bytes``/``cpu_seconds`` bound the reading child process
    (RLIMIT_AS / RLIMIT_CPU), ``wall_seconds`` its life."""

    label: str = "huurdersbestand"
    max_file_bytes: int = 40 * _MIB
    max_members: int = 1_000
    max_total_inflated_bytes: int = 300 * _MIB
    max_ratio: int = 100
    max_rows: int = 250_000
    max_columns: int = 200
    max_cells: int = 10_000_000
    max_shared_strings: int = 5_000_000
    memory_bytes: int = 3 * 1024 * _MIB
    cpu_seconds: int = 60
    wall_seconds: float = 90.0


TENANT_LIMITS = Limits()
# A fieldwork response export: more rows and question columns, operator-run (CLI), still bounded.
RESPONSE_LIMITS = Limits(
    label="antwoordbestand", max_file_bytes=200 * _MIB, max_total_inflated_bytes=1536 * _MIB,
    max_rows=500_000, max_columns=400, max_cells=25_000_000, max_shared_strings=12_000_000,
    memory_bytes=8 * 1024 * _MIB, cpu_seconds=600, wall_seconds=900.0,
)

MAX_FILE_BYTES = TENANT_LIMITS.max_file_bytes
MAX_MEMBERS = TENANT_LIMITS.max_members
MAX_TOTAL_INFLATED_BYTES = TENANT_LIMITS.max_total_inflated_bytes
# A member above this size must not inflate more than max_ratio times (zip bombs: ~1000×).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_RATIO = TENANT_LIMITS.max_ratio
MAX_ROWS = TENANT_LIMITS.max_rows
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


DAMAGED = (
    "Het bestand is beschadigd of onvolledig en kan niet worden gelezen. Sla het opnieuw op in "
    "Excel als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
)
NOT_READABLE = (
    "Het bestand kan niet worden gelezen als Excel-werkmap. Sla het opnieuw op in Excel als "
    "'Excel-werkmap (*.xlsx)' en upload het opnieuw."
)
ZIP_BOMB = (
    "Het bestand wordt uitgepakt onredelijk groot (mogelijk een 'zip-bom') en is daarom geweigerd. "
    "Lever een gewoon Excel-bestand aan."
)


def read_workbook(source: str | Path | IO[bytes], limits: Limits = TENANT_LIMITS) -> Workbook:
    """Check the archive, then read the one sheet with data and its XML flags — in a child
    process with memory, CPU and time limits (:mod:`kwhcore.xlsx_sandbox`).

    Raises :class:`UnreadableFile` for anything that is not a sound .xlsx within ``limits``.
    """
    from kwhcore.xlsx_sandbox import read_in_child

    return read_in_child(_file_bytes(source, limits), limits)


def _file_bytes(source: str | Path | IO[bytes], limits: Limits) -> bytes:
    """The file's bytes, refusing a device, fifo or directory and an oversized file before reading."""
    if isinstance(source, (str, Path)):
        import os
        import stat

        try:
            mode = os.stat(source).st_mode
        except FileNotFoundError as exc:
            raise UnreadableFile("Het bestand bestaat niet.") from exc
        except OSError as exc:
            raise UnreadableFile("Het bestand kan niet worden geopend.") from exc
        if not stat.S_ISREG(mode):
            raise UnreadableFile("Dit is geen gewoon bestand (maar bijvoorbeeld een map of apparaat).")
        try:
            with open(source, "rb") as handle:
                return _bounded_read(handle, limits)
        except OSError as exc:
            raise UnreadableFile("Het bestand kan niet worden geopend (geen leesrechten).") from exc
    return _bounded_read(source, limits)


def _bounded_read(handle: IO[bytes], limits: Limits) -> bytes:
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    _check_magic(handle.read(8), size, limits)
    handle.seek(0)
    return handle.read(size)


def read_unsandboxed(data: bytes, limits: Limits = TENANT_LIMITS) -> Workbook:
    """The read itself, in this process: only for the sandbox child (and nothing else)."""
    try:
        return _read(io.BytesIO(data), limits)
    except UnreadableFile:
        raise
    except MemoryError as exc:
        raise UnreadableFile(too_much_memory(limits)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            SafeET.ParseError, python_calamine.CalamineError) as exc:
        raise UnreadableFile(DAMAGED) from exc
    except BaseException as exc:  # noqa: BLE001 — a hostile file may trip any parser (a pyo3 panic is a BaseException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise UnreadableFile(NOT_READABLE) from exc


def too_much_memory(limits: Limits) -> str:
    amount = (f"{limits.memory_bytes // (1024 * _MIB)} GB" if limits.memory_bytes >= 1024 * _MIB
              else f"{limits.memory_bytes // _MIB} MB")
    return (
        f"Het bestand vraagt bij het lezen meer dan {amount} geheugen en "
        "is daarom geweigerd; sla het opnieuw op in Excel als 'Excel-werkmap (*.xlsx)' zonder lege rijen "
        "en kolommen buiten de gegevens en upload het opnieuw."
    )


def _read(handle: IO[bytes], limits: Limits) -> Workbook:
    with zipfile.ZipFile(handle) as archive:
        _check_announced_sizes(archive, limits)
        sheets = _sheets(archive)
        sheet_members = {sheet.member for sheet in sheets}
        scans = {sheet.member: _scan_member(archive, sheet.member, limits, is_sheet=True) for sheet in sheets}
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")) and name not in sheet_members:
                _scan_member(archive, name, limits, is_sheet=False)
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
        if len(cells) > limits.max_rows + 1:
            raise UnreadableFile(_too_many_rows(limits))
        flags = _sheet_flags(archive, sheet.member) if scans[sheet.member] else SheetFlags()
        return Workbook(sheet.name, tuple(s for s, _ in with_data), cells, flags)


def _dutch_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_many_rows(limits: Limits) -> str:
    return f"Het bestand heeft meer dan {_dutch_int(limits.max_rows)} rijen; lever het aan in delen."


def _check_magic(head: bytes, size: int, limits: Limits = TENANT_LIMITS) -> None:
    if size == 0:
        raise UnreadableFile("Het bestand is leeg.")
    if size > limits.max_file_bytes:
        raise UnreadableFile(
            f"Het bestand is groter dan {limits.max_file_bytes // _MIB} MB; lever het aan in delen."
        )
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            "Dit is een oud Excel-bestand (.xls) of een met een wachtwoord beveiligd bestand. Sla "
            "het zonder wachtwoord op als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
        )
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFile(NOT_XLSX)


def _check_announced_sizes(archive: zipfile.ZipFile, limits: Limits = TENANT_LIMITS) -> None:
    """Refuse a zip bomb on the central directory alone, before inflating a single byte."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise UnreadableFile(NOT_XLSX)
    total = 0
    for info in members:
        total += info.file_size
        too_dense = (
            info.file_size > RATIO_CHECKED_FROM_BYTES
            and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        )
        if too_dense or total > limits.max_total_inflated_bytes:
            raise UnreadableFile(ZIP_BOMB)


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


# What a sheet and the shared strings claim, found by byte scans of the inflated stream. Only
# tall (row ≥ 100.000) and wide (column ≥ AA) references are collected and every pattern starts
# with a literal, so an ordinary 50.000-row sheet costs ~0,1 s. The dimension is written before
# the sheet data (first chunk). Cells placed without a reference are left to the child's limits.
_DIMENSION = re.compile(rb'dimension ref="([^"]{0,64})"')
_TALL_ROW = re.compile(rb'row r="(\d{6,})"')
# A reference with a wide column (group 1, its row in group 2) or a tall row (group 3).
_BIG_CELL = re.compile(rb' r="(?:([A-Za-z]{2,9})(\d+)|[A-Za-z](\d{6,}))"')
_SST_CLAIM = re.compile(rb'\b(?:uniqueCount|count)="(\d+)"')
_AREA_REF = re.compile(r"^\$?([A-Za-z]{1,9})\$?(\d{1,12})(?::\$?([A-Za-z]{1,9})\$?(\d{1,12}))?$")


@dataclass
class _Claims:
    """The largest row and column a sheet refers to, and how many cells it has."""

    max_row: int = 0
    max_column: int = 26
    cells: int = 0
    dimension: str | None = None


def _check_area(claims: _Claims, limits: Limits) -> None:
    rows, columns, columns_known = claims.max_row, claims.max_column, claims.max_column > 26
    if claims.dimension is not None:
        match = _AREA_REF.match(claims.dimension.strip())
        if match:
            last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
            rows = max(rows, int(last_row))
            columns_known = columns_known or _column_index(last_col.upper()) > 26
            columns = max(columns, _column_index(last_col.upper()))
    too_tall, too_wide = rows > limits.max_rows + 1, columns > limits.max_columns
    if too_tall and too_wide:
        reach = f"cel {column_letter(columns)}{rows}" if columns <= _MAX_EXCEL_COLUMNS and rows < 10**9 else "buiten het werkblad"
        raise UnreadableFile(
            f"Het werkblad loopt tot {reach} ({_dutch_int(rows)} rijen, {_dutch_int(columns)} kolommen), "
            f"groter dan een {limits.label} mag zijn (hoogstens {_dutch_int(limits.max_rows)} rijen en "
            f"{limits.max_columns} kolommen); verwijder wat onder en rechts van de gegevens staat, ook lege "
            "opmaak, en upload het opnieuw."
        )
    if too_tall:
        raise UnreadableFile(
            f"Het werkblad heeft meer dan {_dutch_int(limits.max_rows)} rijen (het loopt door tot ten minste rij "
            f"{_dutch_int(rows)}), meer dan een {limits.label} mag hebben; verwijder wat onder de gegevens staat, "
            "ook lege opmaak, of lever het bestand in delen aan."
        )
    if too_wide:
        raise UnreadableFile(
            f"Het werkblad loopt door tot kolom {column_letter(min(columns, _MAX_EXCEL_COLUMNS))} ({_dutch_int(columns)} "
            f"kolommen), meer dan de {limits.max_columns} die een {limits.label} mag hebben; verwijder wat rechts van "
            "de gegevens staat, ook lege opmaak, en upload het opnieuw."
        )
    if columns_known and rows * columns > limits.max_cells or claims.cells > limits.max_cells:
        raise UnreadableFile(
            f"Het werkblad heeft meer dan {_dutch_int(limits.max_cells)} cellen, meer dan een {limits.label} "
            "kan hebben; lever het aan in delen."
        )


def _scan_member(archive: zipfile.ZipFile, name: str, limits: Limits = TENANT_LIMITS, *, is_sheet: bool = False) -> bool:
    """Inflate one member in bounded chunks; True when it may hold a formula/hidden/filter flag.

    Refuses DTDs: OOXML never has them, and they are the vehicle of entity-expansion attacks. A
    sheet's dimension and cell references and the shared strings' announced and real count are
    bounded here, before calamine sizes anything by them.
    """
    maybe_flags = False
    tail = b""
    claims = _Claims()
    is_sst = name.lower().endswith("sharedstrings.xml")
    strings = 0
    first = True
    for chunk in _inflate(archive, name):
        window = tail + chunk
        if any(marker in window for marker in _DTD_BYTES):
            raise UnreadableFile(
                "Het bestand bevat niet-toegestane XML-constructies (entiteiten) en is daarom geweigerd."
            )
        if not maybe_flags and (
            any(word in window for word in _FLAG_WORDS)
            # the literal pre-check spares the regex on the many chunks without any <f…
            or ((b"<f" in window or b":f" in window) and _FORMULA_BYTES.search(window))
        ):
            maybe_flags = True
        if is_sheet:
            if first and (found := _DIMENSION.search(window)):
                claims.dimension = found.group(1).decode("ascii", "replace")
            claims.max_row = max([claims.max_row, *map(int, _TALL_ROW.findall(window))])
            big = set(_BIG_CELL.findall(window))
            if big:
                claims.max_row = max(claims.max_row, *(int(row or tall_row) for _, row, tall_row in big))
                claims.max_column = max([claims.max_column, *(_column_index(col.decode().upper()) for col, _, _ in big if col)])
            claims.cells += chunk.count(b"<c")
            _check_area(claims, limits)
        elif is_sst:
            if first:
                header = window[: window.find(b">", window.find(b"<sst")) + 1] if b"<sst" in window else b""
                claimed = [int(n) for n in _SST_CLAIM.findall(header)]
                if any(n > limits.max_shared_strings for n in claimed):
                    raise UnreadableFile(_too_many_strings(limits))
            strings += chunk.count(b"<si>") + chunk.count(b"<si ") + chunk.count(b":si>")
            if strings > limits.max_shared_strings:
                raise UnreadableFile(_too_many_strings(limits))
        first = False
        tail = window[-_OVERLAP:]
    return maybe_flags


def _too_many_strings(limits: Limits) -> str:
    return (
        f"Het bestand geeft meer dan {_dutch_int(limits.max_shared_strings)} verschillende teksten op, meer dan "
        f"een {limits.label} kan hebben, en is daarom geweigerd; sla het opnieuw op in Excel en upload het opnieuw."
    )


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
