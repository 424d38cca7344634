"""The query layer for score figures: every function takes the Scope first and enforces it.

Figures come from the additive marts (one indexed stretch per corporation × vragenlijst), so a
page's data is one small query away; only a combined filter (aannemer *and* uitsplitsing) reads
the fact tables. Every figure passes the privacy gate (``warehouse.privacy``) here, so no
caller can forget it (domain.md §4.8–4.9): a figure is shown only when its cell is published.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG
from kwhcore.disclosure import combinatie_aangeboden
from kwhcore.periods import PeriodeType
from kwhcore.selection import SLICE_DIMS, Selection
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from warehouse import privacy
from warehouse.privacy import MAAT_CHECKVRAAG, MAAT_ONDERDEEL, cell_of, maat_vraag

GROEP_TYPES = ("landelijk", "regio", "grootteklasse", "stedelijkheid")
TREND_LENGTH = {"maand": 13, "kwartaal": 8, "jaar": 5}


@dataclass(frozen=True)
class OnderdeelFigure:
    """Onderdeelscore and percentage tevreden of one selection (domain.md §4.2–4.3)."""

    n: int                         # respondents with at least one kwaliteitslabel grade
    n_ingevuld: int                # all completed questionnaires in the selection
    onderdeelscore: float | None
    percentage_tevreden: float | None
    onderdrukt: bool
    reden: str = ""                # why hidden: privacy.REDEN_* ("" when shown)


@dataclass(frozen=True)
class VraagFigure:
    code: str
    n: int
    gemiddelde: float | None
    pct_1_5: float | None
    pct_6_7: float | None
    pct_8_10: float | None
    onderdrukt: bool
    reden: str = ""


@dataclass(frozen=True)
class GroepFigure:
    groep_type: str
    groep_waarde: str
    n_corporaties: int
    n: int
    waarde: float | None           # onderdeelscore or question mean
    percentage_tevreden: float | None
    onderdrukt: bool               # too few corporations or respondents to show


@dataclass(frozen=True)
class ResponsFigure:
    n_benaderd: int
    n_online: int
    n_telefonisch: int

    @property
    def n_totaal(self) -> int:
        return self.n_online + self.n_telefonisch

    @property
    def percentage(self) -> float | None:
        return 100 * self.n_totaal / self.n_benaderd if self.n_benaderd else None


@dataclass(frozen=True)
class CheckvraagFigure:
    n: int
    percentages: tuple[float | None, float | None, float | None, float | None]
    onderdrukt: bool
    reden: str = ""


# --- scope ------------------------------------------------------------------------------------

def check_scope(scope: Scope, selection: Selection, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """A contractor reads its own names, or the corporation as a whole — never another slice.

    With ``con``, a contractor also reaches only the vragenlijsten and periods in which one of
    its own names has results (issue 9: not the corporation's trends elsewhere, by URL).
    """
    scope.require_corporatie(selection.corporatie_id)
    if not scope.is_aannemer:
        return
    if selection.aannemer is not None:
        if not scope.can_see_aannemer(selection.aannemer):
            raise AccessDenied("Deze aannemer hoort niet bij uw account.")
    elif selection.uitsplitsing is not None:
        raise AccessDenied("Uitsplitsingen zijn alleen zichtbaar binnen uw eigen resultaten.")
    if con is not None and not _aannemer_has_results(con, scope, selection):
        raise AccessDenied(
            "Uw bedrijf heeft geen resultaten in deze vragenlijst en periode; kies een andere vragenlijst of periode."
        )


def _aannemer_has_results(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> bool:
    names = sorted(scope.eigen_aannemers | (scope.aannemers or frozenset()))
    if not names:
        return False
    periode = selection.parsed_periode
    return bool(con.execute(
        "SELECT count(*) FROM mart_onderdeel_per_periode WHERE corporatie_id = ? AND vragenlijst_code = ? "
        f"AND periode_type = ? AND periode = ? AND slice_dim = 'aannemer' AND slice_value IN ({', '.join('?' * len(names))}) "
        "AND n_ingevuld > 0",
        [selection.corporatie_id, selection.vragenlijst, periode.type, periode.key, *names],
    ).fetchone()[0])


def _slice_filter(selection: Selection) -> tuple[str, list]:
    dim, value = selection.slice
    return "slice_dim = ? AND slice_value = ?", [dim, value]


def _combined_filter(selection: Selection) -> tuple[str, list]:
    dim, value = selection.uitsplitsing  # type: ignore[misc]
    assert dim in SLICE_DIMS
    return f"aannemer = ? AND {dim} = ?", [selection.aannemer, value]


def _period_column(periode_type: str) -> str:
    return {"jaar": "jaar", "kwartaal": "kwartaal", "maand": "maand"}[periode_type]


def _read(
    con: duckdb.DuckDBPyConnection, selection: Selection, *, mart: str, mart_columns: str,
    fact: str, fact_columns: str, fact_group_by: str = "",
) -> list[tuple]:
    """One selection's sums: a single slice from its additive mart, a combined aannemer ×
    uitsplitsing filter from the sorted fact table (the marts hold one dimension at a time)."""
    periode = selection.parsed_periode
    base = [selection.corporatie_id, selection.vragenlijst]
    if selection.slice[0] == "combinatie":
        where, params = _combined_filter(selection)
        sql = (f"SELECT {fact_columns} FROM {fact} WHERE corporatie_id = ? AND vragenlijst_code = ? "
               f"AND {_period_column(periode.type)} = ? AND {where}")
        args = [*base, periode.key, *params]
        if fact_group_by:
            sql += f" GROUP BY {fact_group_by}"
    else:
        where, params = _slice_filter(selection)
        sql = (f"SELECT {mart_columns} FROM {mart} WHERE corporatie_id = ? AND vragenlijst_code = ? "
               f"AND periode_type = ? AND periode = ? AND {where}")
        args = [*base, periode.type, periode.key, *params]
    return con.execute(sql, args).fetchall()


def reden_verborgen(gate: privacy.Publicatie, maat: str, cell: privacy.Cell, n: int) -> str:
    """Why the gate hides this cell, or "" when it is shown."""
    if cell[1] and cell[2] and not combinatie_aangeboden(cell[0]):
        return privacy.REDEN_COMBINATIE
    if n < gate.min_n:
        return privacy.REDEN_KLEIN if n > 0 else privacy.REDEN_LEEG
    return "" if gate.toont(maat, cell, n) else privacy.REDEN_AFLEIDBAAR


# --- onderdeel --------------------------------------------------------------------------------

def onderdeel_figure(gate: privacy.Publicatie, cell: privacy.Cell, n_ingevuld, n, som, n_tevreden) -> OnderdeelFigure:
    """The onderdeelscore of one cell from its sums, through the privacy gate."""
    n, n_ingevuld = int(n or 0), int(n_ingevuld or 0)
    reden = reden_verborgen(gate, MAAT_ONDERDEEL, cell, n)
    if reden:
        return OnderdeelFigure(n, n_ingevuld, None, None, True, reden)
    return OnderdeelFigure(n, n_ingevuld, float(som) / n, 100 * float(n_tevreden) / n, False)


def onderdeel(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> OnderdeelFigure:
    check_scope(scope, selection, con)
    [row] = _read(
        con, selection,
        mart="mart_onderdeel_per_periode",
        mart_columns="sum(n_ingevuld), sum(n_respondenten), sum(som_gemiddelde), sum(n_tevreden)",
        fact="fct_respondent",
        fact_columns="count(*), count(respondent_gemiddelde), sum(respondent_gemiddelde), "
                     "sum(CASE WHEN is_tevreden THEN 1 ELSE 0 END)",
    )
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    return onderdeel_figure(gate, cell_of(selection), *row)


def onderdeel_trend(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, periode_type: PeriodeType
) -> list[tuple[str, OnderdeelFigure]]:
    """The onderdeelscore per period of ``periode_type`` up to the selection's end (seed 000)."""
    check_scope(scope, selection, con)
    end = selection.parsed_periode.end
    from kwhcore.periods import periode_of

    last = periode_of(end, periode_type).key
    if selection.slice[0] == "combinatie":
        where, params = _combined_filter(selection)
        column = _period_column(periode_type)
        rows = con.execute(
            f"SELECT {column}, count(*), count(respondent_gemiddelde), sum(respondent_gemiddelde), "
            f"sum(CASE WHEN is_tevreden THEN 1 ELSE 0 END) FROM fct_respondent "
            f"WHERE corporatie_id = ? AND vragenlijst_code = ? AND {column} <= ? AND {where} "
            f"GROUP BY {column} ORDER BY {column} DESC LIMIT ?",
            [selection.corporatie_id, selection.vragenlijst, last, *params, TREND_LENGTH[periode_type]],
        ).fetchall()
    else:
        where, params = _slice_filter(selection)
        rows = con.execute(
            f"SELECT periode, n_ingevuld, n_respondenten, som_gemiddelde, n_tevreden "
            f"FROM mart_onderdeel_per_periode WHERE corporatie_id = ? AND vragenlijst_code = ? "
            f"AND periode_type = ? AND periode <= ? AND {where} ORDER BY periode DESC LIMIT ?",
            [selection.corporatie_id, selection.vragenlijst, periode_type, last, *params,
             TREND_LENGTH[periode_type]],
        ).fetchall()
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    return [(p, onderdeel_figure(gate, cell_of(selection, p), *sums)) for p, *sums in reversed(rows)]


# --- questions --------------------------------------------------------------------------------

def vraag_figure(gate: privacy.Publicatie, cell: privacy.Cell, code, n, som, n15, n67, n810) -> VraagFigure:
    """A question's score and distribution in one cell, through the privacy gate."""
    n = int(n or 0)
    reden = reden_verborgen(gate, maat_vraag(code), cell, n)
    if reden:
        return VraagFigure(code, n, None, None, None, None, True, reden)
    return VraagFigure(code, n, float(som) / n, 100 * float(n15) / n, 100 * float(n67) / n, 100 * float(n810) / n, False)


def vragen(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> list[VraagFigure]:
    """Score, N and distribution of every rapportcijfer question, in questionnaire order."""
    check_scope(scope, selection, con)
    rows = _read(
        con, selection,
        mart="mart_vraag_per_periode",
        mart_columns="vraag_code, n, som_cijfers, n_1_5, n_6_7, n_8_10",
        fact="fct_cijfer",
        fact_columns="vraag_code, count(*), sum(cijfer), sum(CASE WHEN cijfer <= 5 THEN 1 ELSE 0 END), "
                     "sum(CASE WHEN cijfer BETWEEN 6 AND 7 THEN 1 ELSE 0 END), "
                     "sum(CASE WHEN cijfer >= 8 THEN 1 ELSE 0 END)",
        fact_group_by="vraag_code",
    )
    by_code = {row[0]: row for row in rows}
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    cell = cell_of(selection)
    return [
        vraag_figure(gate, cell, *by_code.get(q.code, (q.code, 0, 0, 0, 0, 0)))
        for q in vragenlijst_def(selection.vragenlijst).vragen if q.is_cijfervraag
    ]


def vraag_trend(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, vraag_code: str,
    periode_type: PeriodeType,
) -> list[tuple[str, VraagFigure]]:
    check_scope(scope, selection, con)
    from kwhcore.periods import periode_of

    last = periode_of(selection.parsed_periode.end, periode_type).key
    if selection.slice[0] == "combinatie":
        where, params = _combined_filter(selection)
        column = _period_column(periode_type)
        rows = con.execute(
            f"SELECT {column}, count(*), sum(cijfer), sum(CASE WHEN cijfer <= 5 THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN cijfer BETWEEN 6 AND 7 THEN 1 ELSE 0 END), sum(CASE WHEN cijfer >= 8 THEN 1 ELSE 0 END) "
            f"FROM fct_cijfer WHERE corporatie_id = ? AND vragenlijst_code = ? AND vraag_code = ? "
            f"AND {column} <= ? AND {where} GROUP BY {column} ORDER BY {column} DESC LIMIT ?",
            [selection.corporatie_id, selection.vragenlijst, vraag_code, last, *params, TREND_LENGTH[periode_type]],
        ).fetchall()
    else:
        where, params = _slice_filter(selection)
        rows = con.execute(
            f"SELECT periode, n, som_cijfers, n_1_5, n_6_7, n_8_10 FROM mart_vraag_per_periode "
            f"WHERE corporatie_id = ? AND vragenlijst_code = ? AND vraag_code = ? AND periode_type = ? "
            f"AND periode <= ? AND {where} ORDER BY periode DESC LIMIT ?",
            [selection.corporatie_id, selection.vragenlijst, vraag_code, periode_type, last, *params,
             TREND_LENGTH[periode_type]],
        ).fetchall()
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    return [(p, vraag_figure(gate, cell_of(selection, p), vraag_code, *sums)) for p, *sums in reversed(rows)]


# --- comparisons ------------------------------------------------------------------------------

def _groepen_of(con: duckdb.DuckDBPyConnection, corporatie_id: int) -> list[tuple[str, str]]:
    """The comparison groups of a corporation, in display order (landelijk, regio, …)."""
    rows = dict(con.execute(
        "SELECT groep_type, groep_waarde FROM stg_corporatie_groep WHERE corporatie_id = ?", [corporatie_id]
    ).fetchall())
    return [(groep_type, rows[groep_type]) for groep_type in GROEP_TYPES if groep_type in rows]


def _groep_hidden(n_corporaties: int, n: int) -> bool:
    # domain.md §4.7: enough corporations that no single other corporation can be derived.
    return n_corporaties < CONFIG.min_corporaties_vergelijking or n < CONFIG.min_n


def vergelijking_onderdeel(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection
) -> list[GroepFigure]:
    """The corporation's peer groups for this vragenlijst and period (landelijk, regio …)."""
    check_scope(scope, selection.as_totaal(), con)
    periode = selection.parsed_periode
    groepen = _groepen_of(con, selection.corporatie_id)
    rows = con.execute(
        "SELECT groep_type, groep_waarde, n_corporaties, n_respondenten, som_gemiddelde, n_tevreden "
        "FROM mart_vergelijking_onderdeel WHERE vragenlijst_code = ? AND periode_type = ? AND periode = ?",
        [selection.vragenlijst, periode.type, periode.key],
    ).fetchall()
    found = {(r[0], r[1]): r for r in rows}
    result = []
    for groep in groepen:
        _, _, n_corp, n, som, n_tev = found.get(groep, (*groep, 0, 0, 0, 0))
        hidden = _groep_hidden(n_corp, n)
        result.append(GroepFigure(
            groep[0], groep[1], int(n_corp), int(n),
            None if hidden else float(som) / n, None if hidden else 100 * float(n_tev) / n, hidden,
        ))
    return result


def vergelijking_vraag(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, vraag_code: str
) -> list[GroepFigure]:
    check_scope(scope, selection.as_totaal(), con)
    periode = selection.parsed_periode
    rows = con.execute(
        "SELECT groep_type, groep_waarde, n_corporaties, n, som_cijfers FROM mart_vergelijking_vraag "
        "WHERE vragenlijst_code = ? AND periode_type = ? AND periode = ? AND vraag_code = ?",
        [selection.vragenlijst, periode.type, periode.key, vraag_code],
    ).fetchall()
    found = {(r[0], r[1]): r for r in rows}
    result = []
    for groep in _groepen_of(con, selection.corporatie_id):
        _, _, n_corp, n, som = found.get(groep, (*groep, 0, 0, 0))
        hidden = _groep_hidden(n_corp, n)
        result.append(GroepFigure(groep[0], groep[1], int(n_corp), int(n),
                                  None if hidden else float(som) / n, None, hidden))
    return result


def vergelijking_vraag_trend(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, vraag_code: str,
    periode_type: PeriodeType, groep_type: str = "landelijk",
) -> list[tuple[str, float | None]]:
    """A comparison line for the question trend chart."""
    check_scope(scope, selection.as_totaal(), con)
    groep = dict(_groepen_of(con, selection.corporatie_id)).get(groep_type)
    from kwhcore.periods import periode_of

    last = periode_of(selection.parsed_periode.end, periode_type).key
    rows = con.execute(
        "SELECT periode, n_corporaties, n, som_cijfers FROM mart_vergelijking_vraag "
        "WHERE vragenlijst_code = ? AND vraag_code = ? AND periode_type = ? AND groep_type = ? "
        "AND groep_waarde = ? AND periode <= ? ORDER BY periode DESC LIMIT ?",
        [selection.vragenlijst, vraag_code, periode_type, groep_type, groep, last, TREND_LENGTH[periode_type]],
    ).fetchall()
    return [(p, None if _groep_hidden(nc, n) else float(s) / n) for p, nc, n, s in reversed(rows)]


# --- splits (aannemers, uitsplitsing values) beside the total ------------------------------------

@dataclass(frozen=True)
class SplitRow:
    waarde: str
    figure: OnderdeelFigure


def split_onderdeel(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, dim: str
) -> tuple[list[SplitRow], OnderdeelFigure]:
    """The onderdeelscore per value of ``dim`` beside the total, with secondary suppression.

    A contractor only gets its own names' rows (plus the corporation total).
    """
    if dim not in SLICE_DIMS:
        raise ValueError(dim)
    base = selection.as_totaal()
    check_scope(scope, base, con)
    if scope.is_aannemer and dim != "aannemer":
        raise AccessDenied("Uitsplitsingen zijn alleen zichtbaar binnen uw eigen resultaten.")
    periode = selection.parsed_periode
    rows = con.execute(
        "SELECT slice_value, n_ingevuld, n_respondenten, som_gemiddelde, n_tevreden FROM mart_onderdeel_per_periode "
        "WHERE corporatie_id = ? AND vragenlijst_code = ? AND periode_type = ? AND periode = ? AND slice_dim = ? "
        "ORDER BY slice_value",
        [selection.corporatie_id, selection.vragenlijst, periode.type, periode.key, dim],
    ).fetchall()
    total = onderdeel(con, scope, base)
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    visible_rows = []
    for value, *sums in rows:
        if scope.is_aannemer and not scope.can_see_aannemer(value):
            continue
        cell = (periode.key, value, "", "") if dim == "aannemer" else (periode.key, "", dim, value)
        visible_rows.append(SplitRow(value, onderdeel_figure(gate, cell, *sums)))
    return visible_rows, total


# --- respons and checkvraag ---------------------------------------------------------------------

def respons(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> ResponsFigure:
    check_scope(scope, selection, con)
    [row] = _read(
        con, selection,
        mart="mart_respons_per_periode",
        mart_columns="sum(n_benaderd), sum(n_respons_online), sum(n_respons_telefonisch)",
        fact="fct_uitnodiging",
        fact_columns="count(*), sum(CASE WHEN respons_kanaal = 'online' THEN 1 ELSE 0 END), "
                     "sum(CASE WHEN respons_kanaal = 'telefonisch' THEN 1 ELSE 0 END)",
    )
    return ResponsFigure(*(int(v or 0) for v in row))


def checkvraag(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> CheckvraagFigure:
    """Shares of the four checkvraag options (domain.md §5) in the selection."""
    check_scope(scope, selection, con)
    [row] = _read(
        con, selection,
        mart="mart_onderdeel_per_periode",
        mart_columns="sum(n_checkvraag_1), sum(n_checkvraag_2), sum(n_checkvraag_3), sum(n_checkvraag_4)",
        fact="fct_respondent",
        fact_columns=", ".join(f"sum(CASE WHEN checkvraag = {i} THEN 1 ELSE 0 END)" for i in range(1, 5)),
    )
    counts = [int(v or 0) for v in row]
    n = sum(counts)
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    reden = reden_verborgen(gate, MAAT_CHECKVRAAG, cell_of(selection), n)
    pcts = tuple(None if reden else 100 * c / n for c in counts)
    return CheckvraagFigure(n, pcts, bool(reden), reden)  # type: ignore[arg-type]


# --- the CLI's `scores --json` payload --------------------------------------------------------

def scores_payload(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection, corporatie_naam: str) -> dict:
    """interfaces.md `scores --json`: unrounded numbers, null + "onderdrukt" under minimum N."""
    figure = onderdeel(con, scope, selection)
    payload: dict = {
        "corporatie": corporatie_naam,
        "vragenlijst": selection.vragenlijst,
        "periode": selection.periode,
        "n": figure.n,
        "onderdeelscore": figure.onderdeelscore,
        "percentage_tevreden": figure.percentage_tevreden,
    }
    if selection.aannemer:
        payload["aannemer"] = selection.aannemer
    if selection.uitsplitsing:
        payload["uitsplitsing"] = f"{selection.uitsplitsing[0]}={selection.uitsplitsing[1]}"
    if figure.onderdrukt:
        payload["onderdrukt"] = True
        payload["reden"] = figure.reden
    payload["vragen"] = []
    for q in vragen(con, scope, selection):
        item = {"code": q.code, "n": q.n, "gemiddelde": q.gemiddelde,
                "pct_1_5": q.pct_1_5, "pct_6_7": q.pct_6_7, "pct_8_10": q.pct_8_10}
        if q.onderdrukt:
            item["onderdrukt"] = True
            item["reden"] = q.reden
        payload["vragen"].append(item)
    return payload
