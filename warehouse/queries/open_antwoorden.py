"""Open answers (seed 000 "antwoorden op open vragen"): scoped, minimum-N, newest first.

Privacy (domain.md §4.8–4.9, §9): open answers follow the figures — texts are shown exactly when
the privacy gate shows the selection's onderdeelscore, with the same N (respondents with a
kwaliteitslabel grade); a contractor only reads answers of respondents under its own names,
and only of names whose own figure is shown in that period; only the
answer text, its date and the respondent's grade on the vragenlijst's first question leave this
module — never a name, address or id (the answer table holds none; nothing here joins the
uploaded tenant rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from kwhcore.access import Scope
from kwhcore.selection import Selection
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from warehouse import privacy
from warehouse.privacy import MAAT_ONDERDEEL, cell_of
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


def _shown_own_names(con, gate: privacy.Publicatie, scope: Scope, selection: Selection) -> list[str]:
    """A contractor's own names whose figure the gate shows in this period (their texts may go)."""
    periode = selection.parsed_periode
    names = sorted(scope.aannemers or ())
    if not names:
        return []
    rows = con.execute(
        "SELECT slice_value, n_respondenten FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND vragenlijst_code = ? AND periode_type = ? AND periode = ? AND slice_dim = 'aannemer' "
        f"AND slice_value IN ({', '.join('?' * len(names))})",
        [selection.corporatie_id, selection.vragenlijst, periode.type, periode.key, *names],
    ).fetchall()
    return [name for name, n in rows if gate.toont(MAAT_ONDERDEEL, (periode.key, name, "", ""), int(n))]


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
    check_scope(scope, selection, con)
    codes = open_vragen(selection.vragenlijst)
    if vraag_code is not None:
        if vraag_code not in codes:
            raise ValueError(f"'{vraag_code}' is geen open vraag van deze vragenlijst.")
        codes = [vraag_code]
    where, params = respondent_filter(selection)
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    n_respondenten = int(con.execute(
        f"SELECT count(respondent_gemiddelde) FROM fct_respondent f WHERE {where}", params
    ).fetchone()[0])
    shown = gate.toont(MAAT_ONDERDEEL, cell_of(selection), n_respondenten)
    if shown and scope.aannemers is not None and selection.aannemer is None:
        allowed = _shown_own_names(con, gate, scope, selection)
        if not allowed:
            shown = False
        else:
            where += f" AND f.aannemer IN ({', '.join('?' * len(allowed))})"
            params = [*params, *allowed]
    if not shown or not codes:
        return OpenAntwoorden(n_respondenten, 0, (), not shown)

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
