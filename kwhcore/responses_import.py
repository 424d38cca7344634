"""Loading a fieldwork response export (interfaces.md "Response export format").

All or nothing: every row is checked first; one unusable row rejects the whole file with the
row number and reason, and nothing is written. Idempotent by ``respondent_id``: importing the
same id again replaces that respondent's answers, never duplicates them. The marts touched by
the import are refreshed in the same transaction.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kwhcore.vragenlijsten import VRAGENLIJST_CODES, load_library
from kwhcore.xlsx_reader import column_letter

BASE_COLUMNS = (
    "respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "anoniem",
    "uitnodiging_id", "aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3",
    "uitsplitsing4", "checkvraag", "id1", "id2", "email", "telefoon",
)
REQUIRED_COLUMNS = ("respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal")
NOT_A_GRADE = {"weet niet", "n.v.t.", "nvt", "n.v.t", "weet ik niet", "geen mening"}
MAX_TEXT = 4000
MAX_FILE_BYTES = 200 * 1024 * 1024


class ImportUnreadable(Exception):
    """The file itself cannot be read (exit 2)."""


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # 1-based data row as the analyst sees it in Excel (header = row 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        prefix = (", ".join(where).capitalize() + ": ") if where else ""
        return prefix + self.message


class ImportRejected(Exception):
    """The file was read but holds unusable rows (exit 1); nothing was loaded."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} probleem/problemen; niets geladen.")


@dataclass
class ImportResult:
    respondenten: int = 0
    nieuw: int = 0
    bijgewerkt: int = 0
    antwoorden: int = 0
    pairs: set[tuple[int, str]] = field(default_factory=set)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (row number, cells) as text, from CSV (comma or semicolon, UTF-8) or XLSX.

    The row number is the one the analyst sees in Excel (header = 1), also after blank lines and
    quoted line breaks. XLSX goes through the one sandboxed spreadsheet reader (bounded claims,
    a child process with memory and time limits).
    """
    _check_regular_file(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from kwhcore.xlsx_reader import RESPONSE_LIMITS, UnreadableFile, read_workbook

        try:
            book = read_workbook(path, RESPONSE_LIMITS)
        except UnreadableFile as exc:
            raise ImportUnreadable(f"{path.name}: {exc}") from exc
        numbered = [(number, [_cell_text(c) for c in row]) for number, row in enumerate(book.cells, start=1)]
    elif suffix in (".csv", ".txt"):
        numbered = _csv_rows(path)
    else:
        raise ImportUnreadable(f"{path.name}: lever een .csv- of .xlsx-bestand aan.")
    numbered = [(number, row) for number, row in numbered if any(cell for cell in row)]
    if not numbered:
        raise ImportUnreadable(f"{path.name} is leeg.")
    header = [h.strip().lower() for h in numbered[0][1]]
    return header, numbered[1:]


def _check_regular_file(path: Path) -> None:
    """Only a regular file within the size limit: never a device, fifo or directory (issue 10)."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise ImportUnreadable(f"Het bestand {path} bestaat niet.") from exc
    except OSError as exc:
        raise ImportUnreadable(f"Het bestand {path} kan niet worden geopend.") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ImportUnreadable(f"{path} is geen gewoon bestand (maar bijvoorbeeld een map of apparaat).")
    if info.st_size > MAX_FILE_BYTES:
        raise ImportUnreadable(f"Het bestand {path.name} is groter dan 200 MB.")


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """CSV records with the Excel row each starts on; a field may be as long as the file.

    ``csv`` refuses fields over 131.072 characters with an English error; the limit is raised to
    the file's size for the duration of the read (the text is in memory already), and the length
    of every value is then checked per row and column by :func:`parse_file`.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportUnreadable(
            f"{path.name} is geen UTF-8-tekstbestand; sla het in Excel op als 'CSV UTF-8 (door komma's "
            "gescheiden)'."
        ) from exc
    except OSError as exc:
        raise ImportUnreadable(f"Het bestand {path.name} kan niet worden gelezen.") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    previous = csv.field_size_limit()
    csv.field_size_limit(max(len(text), previous))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        numbered = []
        start = 1
        for row in reader:
            numbered.append((start, [c.strip() for c in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportUnreadable(
            f"{path.name} is geen geldig CSV-bestand (rond regel {reader.line_num}): controleer de "
            "aanhalingstekens."
        ) from exc
    finally:
        csv.field_size_limit(previous)
    return numbered


# A value no analyst typed: NUL and the other control characters (tab and line breaks are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_FIELD = 32_767  # what one Excel cell holds; open answers have their own, smaller MAX_TEXT
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$")


def _field_problem(value: str) -> str | None:
    if len(value) > MAX_FIELD:
        return f"de waarde is {len(value):,} tekens lang; een cel mag er hoogstens {MAX_FIELD:,} hebben.".replace(",", ".")
    if _CONTROL.search(value):
        return "de waarde bevat een onzichtbaar stuurteken (zoals een NUL-teken); verwijder het."
    return None


def parse_completed(text: str, today: date) -> tuple[date | None, str | None]:
    """``ingevuld_op``: an ISO date (optionally with a time), in the past, from EERSTE_JAAR on."""
    from kwhcore.periods import EERSTE_JAAR, format_datum

    match = _ISO_DATE.match(text)
    try:
        day = datetime.fromisoformat(text).date() if match else None
    except ValueError:
        day = None
    if day is None:
        return None, f"'{text}' is geen datum (JJJJ-MM-DD)."
    if day > today:
        return None, f"{day.isoformat()} ligt in de toekomst."
    if day.year < EERSTE_JAAR:
        return None, f"{format_datum(day)} ligt vóór {EERSTE_JAAR}; controleer het jaartal."
    return day, None


def _parse_answer(vraag, text: str) -> tuple[int | None, str | None, str | None]:
    """(cijfer, antwoord_tekst, problem) for one cell of a question column."""
    lowered = text.lower()
    if vraag.type == "rapportcijfer":
        if lowered in NOT_A_GRADE:
            return None, text, None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None, None, f"'{text}' is geen cijfer van 1 tot en met 10 (of 'weet niet' / 'n.v.t.')."
        if not number.is_integer() or not 1 <= number <= 10:
            return None, None, f"'{text}' is geen cijfer van 1 tot en met 10."
        return int(number), None, None
    if vraag.type == "ja_nee":
        if lowered in ("ja", "nee") or lowered in NOT_A_GRADE:
            return None, lowered if lowered in ("ja", "nee") else text, None
        return None, None, f"'{text}' is geen ja of nee."
    if vraag.type in ("keuze", "meerkeuze"):
        options = {o.lower(): o for o in vraag.opties}
        chosen = [part.strip() for part in text.split("|")] if vraag.type == "meerkeuze" else [text]
        normalised = []
        for part in chosen:
            if part.lower() not in options:
                return None, None, f"'{part}' is geen antwoordoptie van deze vraag."
            normalised.append(options[part.lower()])
        return None, "|".join(normalised), None
    if len(text) > MAX_TEXT:
        return None, None, f"het antwoord is langer dan {MAX_TEXT} tekens."
    return None, text, None


def parse_file(con: duckdb.DuckDBPyConnection, path: Path, today: date | None = None):
    """Check every row; returns (respondent rows, answer rows) or raises ImportRejected."""
    header, rows = read_rows(path)
    today = today or date.today()
    problems: list[RowProblem] = []
    questions = {q.code: q for vl in load_library() for q in vl.vragen}
    for own in con.execute("SELECT vraag_code FROM vraag WHERE corporatie_id IS NOT NULL").fetchall():
        questions.setdefault(own[0], None)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRejected([RowProblem(None, c, "verplichte kolom ontbreekt.") for c in missing])
    unknown = [h for h in header if h and h not in BASE_COLUMNS and h not in questions]
    if unknown:
        raise ImportRejected([RowProblem(None, h, "onbekende kolom (geen vraagcode).") for h in unknown])
    dupes = {h for h in header if h and header.count(h) > 1}
    if dupes:
        raise ImportRejected([RowProblem(None, h, "kolom komt twee keer voor.") for h in sorted(dupes)])

    corporaties = {n.lower(): cid for cid, n in con.execute("SELECT corporatie_id, naam FROM corporatie").fetchall()}
    index = {name: i for i, name in enumerate(header)}
    seen_ids: dict[str, int] = {}
    invitation_ids = []
    respondents, answers = [], []

    def cell(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for excel_row, row in rows:
        before = len(problems)

        def problem(column: str | None, message: str, row: int = excel_row) -> None:
            problems.append(RowProblem(row, column, message))

        joined = "".join(row)
        if len(joined) > MAX_FIELD or _CONTROL.search(joined):
            for i, value in enumerate(row):
                issue = _field_problem(value)
                if issue:
                    problem(header[i] if i < len(header) and header[i] else column_letter(i + 1), issue)
            if len(problems) > before:
                continue

        rid = cell(row, "respondent_id")
        if not rid:
            problem("respondent_id", "leeg; elke rij heeft een uniek respondent_id nodig.")
        elif rid in seen_ids:
            problem("respondent_id", f"'{rid}' staat ook al in rij {seen_ids[rid]}.")
        else:
            seen_ids[rid] = excel_row
        corp_name = cell(row, "corporatie")
        corporatie_id = corporaties.get(corp_name.lower())
        if corporatie_id is None:
            problem("corporatie", f"'{corp_name}' is geen geregistreerde corporatie.")
        vl = cell(row, "vragenlijst").lower()
        if vl not in VRAGENLIJST_CODES:
            problem("vragenlijst", f"'{vl}' is geen vragenlijstcode ({', '.join(VRAGENLIJST_CODES)}).")
        completed, date_issue = parse_completed(cell(row, "ingevuld_op"), today)
        if date_issue:
            problem("ingevuld_op", date_issue)
        kanaal = cell(row, "kanaal").lower()
        if kanaal not in ("online", "telefonisch"):
            problem("kanaal", f"'{kanaal}' moet 'online' of 'telefonisch' zijn.")
        anoniem_text = cell(row, "anoniem").lower() or "ja"
        if anoniem_text not in ("ja", "nee"):
            problem("anoniem", f"'{anoniem_text}' moet 'ja' of 'nee' zijn.")
        checkvraag_text = cell(row, "checkvraag")
        checkvraag = None
        if checkvraag_text:
            if vl != "reparaties":
                problem("checkvraag", "de checkvraag hoort alleen bij Reparaties.")
            elif checkvraag_text not in ("1", "2", "3", "4"):
                problem("checkvraag", f"'{checkvraag_text}' moet 1, 2, 3 of 4 zijn.")
            else:
                checkvraag = int(checkvraag_text)
        uitnodiging_id = cell(row, "uitnodiging_id") or None
        if uitnodiging_id:
            invitation_ids.append((excel_row, uitnodiging_id, corporatie_id, vl))

        row_answers = []
        for code, vraag in questions.items():
            if code not in index:
                continue
            text = cell(row, code)
            if not text:
                continue
            if vraag is None or vraag.vragenlijst != vl:
                problem(code, f"deze vraag hoort niet bij vragenlijst '{vl}'.")
                continue
            grade, answer_text, issue = _parse_answer(vraag, text)
            if issue:
                problem(code, issue)
            else:
                row_answers.append((rid, code, grade, answer_text))
        if len(problems) == before:
            respondents.append({
                "respondent_id": rid, "corporatie_id": corporatie_id, "vragenlijst_code": vl,
                "completed_date": completed, "kanaal": kanaal, "is_anoniem": anoniem_text == "ja",
                "uitnodiging_id": uitnodiging_id,
                "aannemer": cell(row, "aannemer") or None,
                **{f"uitsplitsing{i}": cell(row, f"uitsplitsing{i}") or None for i in range(1, 5)},
                "checkvraag": checkvraag,
                # interfaces.md: contact details only count for respondents who consent.
                **{k: (cell(row, k) or None) if anoniem_text == "nee" else None
                   for k in ("id1", "id2", "email", "telefoon")},
            })
            answers.extend(row_answers)

    if invitation_ids:
        wanted = sorted({u for _, u, _, _ in invitation_ids})
        known = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for uid, cid, vl, *rest in con.execute(
                "SELECT uitnodiging_id, corporatie_id, vragenlijst_code, aannemer, uitsplitsing1, "
                "uitsplitsing2, uitsplitsing3, uitsplitsing4 FROM uitnodiging WHERE uitnodiging_id IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall():
                known[uid] = (cid, vl, rest)
        by_id = {r["respondent_id"]: r for r in respondents}
        for excel_row, uid, cid, vl in invitation_ids:
            found = known.get(uid)
            if found is None or found[0] != cid or found[1] != vl:
                problems.append(RowProblem(excel_row, "uitnodiging_id",
                                           f"'{uid}' is geen uitnodiging van deze corporatie en vragenlijst."))
                continue
        for r in by_id.values():
            found = known.get(r["uitnodiging_id"]) if r["uitnodiging_id"] else None
            if found:
                # domain.md §3: a respondent inherits aannemer and uitsplitsingen of the invitation.
                aannemer, *splits = found[2]
                r["aannemer"] = r["aannemer"] or aannemer
                for i, value in enumerate(splits, start=1):
                    r[f"uitsplitsing{i}"] = r[f"uitsplitsing{i}"] or value
    if problems:
        raise ImportRejected(problems)
    return respondents, answers


def import_responses(con: duckdb.DuckDBPyConnection, path: str | Path, today: date | None = None) -> ImportResult:
    """Validate and load a response export, then refresh the marts it touches — atomically."""
    from warehouse.refresh import refresh_in_transaction
    from warehouse.stores.signaalregels import record_import

    respondents, answers = parse_file(con, Path(path), today)
    result = ImportResult(respondenten=len(respondents), antwoorden=len(answers))
    if not respondents:
        return result
    now = datetime.now()
    frame = pd.DataFrame(respondents)
    frame["imported_at"] = now
    answer_frame = pd.DataFrame(answers, columns=["respondent_id", "vraag_code", "cijfer", "antwoord_tekst"])
    answer_frame["cijfer"] = answer_frame["cijfer"].astype("Int64")
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("import_respondent", frame)
        con.register("import_antwoord", answer_frame)
        # Set-based, in one staging table: a re-import of existing ids costs what a fresh one
        # does (a row-by-row UPDATE took 56 s for 50.000 rows). The first import moment is kept,
        # so re-importing the same file changes nothing.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE import_stage AS SELECT i.* REPLACE "
            "(coalesce(r.imported_at, i.imported_at) AS imported_at), r.respondent_id IS NOT NULL AS bestond, "
            "r.corporatie_id AS oud_corporatie_id, r.vragenlijst_code AS oud_vragenlijst_code "
            "FROM import_respondent i LEFT JOIN respondent r USING (respondent_id)"
        )
        previous = con.execute(
            "SELECT DISTINCT oud_corporatie_id, oud_vragenlijst_code FROM import_stage WHERE bestond"
        ).fetchall()
        result.bijgewerkt = con.execute("SELECT count(*) FROM import_stage WHERE bestond").fetchone()[0]
        result.nieuw = len(respondents) - result.bijgewerkt
        result.pairs = {(r["corporatie_id"], r["vragenlijst_code"]) for r in respondents}
        result.pairs |= {(cid, vl) for cid, vl in previous}
        if result.bijgewerkt:
            con.execute(
                "DELETE FROM antwoord WHERE respondent_id IN (SELECT respondent_id FROM import_stage WHERE bestond)"
            )
            con.execute(
                "DELETE FROM respondent WHERE respondent_id IN (SELECT respondent_id FROM import_stage WHERE bestond)"
            )
        con.execute(
            "INSERT INTO respondent (respondent_id, corporatie_id, vragenlijst_code, completed_date, kanaal, "
            "is_anoniem, uitnodiging_id, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, uitsplitsing4, "
            "checkvraag, imported_at) SELECT respondent_id, corporatie_id, vragenlijst_code, completed_date, "
            "kanaal, is_anoniem, uitnodiging_id, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, "
            "uitsplitsing4, checkvraag, imported_at FROM import_stage"
        )
        con.execute("INSERT INTO antwoord SELECT respondent_id, vraag_code, cijfer, antwoord_tekst FROM import_antwoord")
        record_import(con, respondents, now)  # signals of consenting respondents (issue 12)
        con.execute("DROP TABLE import_stage")
        refresh_in_transaction(con, result.pairs)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("import_respondent")
        con.unregister("import_antwoord")
    return result
