"""Open answers (seed 000 "antwoorden op open vragen"): scoped, minimum-N, newest first.

Privacy (domain.md §4.8, §9): no answer is shown for a selection with fewer respondents than
``CONFIG.min_n``; a contractor only reads answers of respondents under its own names; only the
answer text, its date and the respondent's grade on the vragenlijst's first question leave this
module — never a name, address or id (the answer table holds none; nothing here joins the
uploaded tenant rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG
from kwhcore.selection import Selection
from kwhcore.suppression import is_primary_suppressed
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from warehouse.queries.dashboard import respondent_filter
from warehouse.queries.scores import check_scope

PAGINA_GROOTTE = 50


@dataclass(frozen=True)
class OpenAntwoord:
    ingevuld_op: date
    vraag_code: str
    tekst: str
    cijfer: int | None            # the respondent's grade on the vragenlijst's first question


@dataclass(frozen=True)
class OpenAntwoorden:
    n_respondenten: int           # respondents in the selection (the minimum-N base)
    n_gevonden: int               # answers matching the question and search term
    antwoorden: tuple[OpenAntwoord, ...]
    onderdrukt: bool


def open_vragen(vragenlijst: str) -> list[str]:
    """Codes of the vragenlijst's open questions, in questionnaire order."""
    return [q.code for q in vragenlijst_def(vragenlijst).vragen if q.type == "open"]


def _like_pattern(zoekterm: str) -> str:
    escaped = zoekterm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def open_antwoorden(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    selection: Selection,
    vraag_code: str | None = None,
    zoekterm: str | None = None,
    limit: int = PAGINA_GROOTTE,
    offset: int = 0,
) -> OpenAntwoorden:
    """The open answers of the selection, newest first, optionally one question and a search.

    A contractor looking at the corporation as a whole still only gets its own names' answers:
    the whole is a figure, the answers are its own tenants' words.
    """
    check_scope(scope, selection)
    codes = open_vragen(selection.vragenlijst)
    if vraag_code is not None:
        if vraag_code not in codes:
            raise ValueError(f"'{vraag_code}' is geen open vraag van deze vragenlijst.")
        codes = [vraag_code]
    where, params = respondent_filter(selection)
    if scope.aannemers is not None and selection.aannemer is None:
        allowed = sorted(scope.aannemers)
        if not allowed:
            raise AccessDenied("Er zijn geen aannemers aan uw account gekoppeld.")
        where += f" AND f.aannemer IN ({', '.join('?' * len(allowed))})"
        params = [*params, *allowed]

    n_respondenten = int(con.execute(f"SELECT count(*) FROM fct_respondent f WHERE {where}", params).fetchone()[0])
    if is_primary_suppressed(n_respondenten, CONFIG.min_n) or not codes:
        return OpenAntwoorden(n_respondenten, 0, (), is_primary_suppressed(n_respondenten, CONFIG.min_n))

    answer_where = f"{where} AND f.vraag_code IN ({', '.join('?' * len(codes))})"
    answer_params = [*params, *codes]
    if zoekterm and zoekterm.strip():
        answer_where += " AND lower(f.antwoord_tekst) LIKE ? ESCAPE '\\'"
        answer_params.append(_like_pattern(zoekterm.strip()))
    rows = con.execute(
        f"SELECT f.completed_date, f.vraag_code, f.antwoord_tekst, f.eerste_cijfer, count(*) OVER () "
        f"FROM fct_antwoord_tekst f WHERE {answer_where} "
        f"ORDER BY f.completed_date DESC, f.respondent_id, f.vraag_code LIMIT ? OFFSET ?",
        [*answer_params, int(limit), int(offset)],
    ).fetchall()
    if rows:
        n_gevonden = int(rows[0][4])
    elif offset:
        n_gevonden = int(con.execute(
            f"SELECT count(*) FROM fct_antwoord_tekst f WHERE {answer_where}", answer_params,
        ).fetchone()[0])
    else:
        n_gevonden = 0
    antwoorden = tuple(OpenAntwoord(r[0], r[1], r[2], None if r[3] is None else int(r[3])) for r in rows)
    return OpenAntwoorden(n_respondenten, n_gevonden, antwoorden, False)
