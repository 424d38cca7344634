"""Dashboard figures beyond the score functions: start tiles, klantreis steps, ontevredenheid.

Every function takes the Scope first and enforces it through ``scores.check_scope`` (a contractor
reads only its own names, or the corporation as a whole), and applies minimum-N here, so a page
cannot forget it (domain.md §4.8). Figures come from the additive marts where they can; the
ontevredenheid follow-up is a yes/no answer, which only the fact tables hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.periods import parse_periode
from kwhcore.selection import SLICE_DIMS, Selection
from kwhcore.vragenlijsten import ONTEVREDENHEID_STAP, VRAGENLIJST_CODES
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def
from warehouse import privacy
from warehouse.privacy import MAAT_ONTEVREDENHEID, cell_of
from warehouse.queries.scores import OnderdeelFigure, check_scope, onderdeel_figure, reden_verborgen

_PERIOD_COLUMN = {"jaar": "jaar", "kwartaal": "kwartaal", "maand": "maand"}


def respondent_filter(selection: Selection, alias: str = "f") -> tuple[str, list]:
    """WHERE clause on ``fct_respondent`` for one selection (corporation, vragenlijst, period,
    aannemer and/or uitsplitsing value, combined or not)."""
    periode = selection.parsed_periode
    clauses = [
        f"{alias}.corporatie_id = ?",
        f"{alias}.vragenlijst_code = ?",
        f"{alias}.{_PERIOD_COLUMN[periode.type]} = ?",
    ]
    params: list = [selection.corporatie_id, selection.vragenlijst, periode.key]
    if selection.aannemer is not None:
        clauses.append(f"{alias}.aannemer = ?")
        params.append(selection.aannemer)
    if selection.uitsplitsing is not None:
        dim, value = selection.uitsplitsing
        if dim not in SLICE_DIMS:
            raise ValueError(dim)
        clauses.append(f"{alias}.{dim} = ?")
        params.append(value)
    return " AND ".join(clauses), params


# --- start screen ------------------------------------------------------------------------------

@dataclass(frozen=True)
class StartTegel:
    """One vragenlijst tile of the start screen (seed 000 'Startscherm')."""

    vragenlijst: str
    aannemer: str | None          # the contractor name the figure belongs to (None: corporation)
    figure: OnderdeelFigure
    vorige: OnderdeelFigure       # the same slice one period earlier, for the trend arrow

    @property
    def trend(self) -> int | None:
        """+1 up, −1 down, 0 level (within 0,05: invisible at one decimal), None unknown."""
        if self.figure.onderdeelscore is None or self.vorige.onderdeelscore is None:
            return None
        delta = self.figure.onderdeelscore - self.vorige.onderdeelscore
        if abs(delta) < 0.05:
            return 0
        return 1 if delta > 0 else -1


def start_tegels(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, periode: str,
    aannemer: str | None = None,
) -> list[StartTegel]:
    """Onderdeelscore, N and the previous period per vragenlijst the user may see, in one query.

    A corporation user gets every vragenlijst (the corporation as a whole, or ``aannemer``). A
    contractor gets only the vragenlijsten where one of its own names has results, each under
    the chosen name when it has results there, else under its first own name that has (seed 000:
    "Bouwbedrijf Jansen" on Nieuwe huurders, "Bouwbedrijf Jansen Onderhoud" on Reparaties).
    """
    scope.require_corporatie(corporatie_id)
    if aannemer is not None and not scope.can_see_aannemer(aannemer):
        raise AccessDenied("Deze aannemer hoort niet bij uw account.")
    huidig = parse_periode(periode)
    vorig = huidig.previous()
    rows = con.execute(
        "SELECT vragenlijst_code, slice_dim, slice_value, periode, sum(n_ingevuld), sum(n_respondenten), "
        "sum(som_gemiddelde), sum(n_tevreden) FROM mart_onderdeel_per_periode "
        "WHERE corporatie_id = ? AND periode_type = ? AND periode IN (?, ?) "
        "AND slice_dim IN ('totaal', 'aannemer') GROUP BY ALL",
        [corporatie_id, huidig.type, huidig.key, vorig.key],
    ).fetchall()
    sums = {(r[0], r[1], r[2], r[3]): r[4:] for r in rows}
    empty = (0, 0, 0, 0)

    def tegel(vl: str, dim: str, value: str) -> StartTegel:
        gate = privacy.publicatie(con, corporatie_id, vl)
        return StartTegel(
            vl, value or None,
            onderdeel_figure(gate, (huidig.key, value, "", ""), *sums.get((vl, dim, value, huidig.key), empty)),
            onderdeel_figure(gate, (vorig.key, value, "", ""), *sums.get((vl, dim, value, vorig.key), empty)),
        )

    if not scope.is_aannemer:
        if aannemer is None:
            return [tegel(vl, "totaal", "") for vl in VRAGENLIJST_CODES]
        return [tegel(vl, "aannemer", aannemer) for vl in VRAGENLIJST_CODES]

    eigen = sorted(scope.eigen_aannemers) + sorted((scope.aannemers or frozenset()) - scope.eigen_aannemers)
    with_results = {(vl, value) for vl, dim, value, _ in sums if dim == "aannemer"}
    result = []
    for vl in VRAGENLIJST_CODES:
        names = [n for n in eigen if (vl, n) in with_results]
        if not names:
            continue
        result.append(tegel(vl, "aannemer", aannemer if aannemer in names else names[0]))
    return result


# --- klantreis steps -----------------------------------------------------------------------------

@dataclass(frozen=True)
class StapFigure:
    """The score of one klantreis step (seed 000: a tile per step on the hoofddashboard)."""

    stap: str
    n: int
    score: float | None
    onderdrukt: bool


def stappen(con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection) -> list[StapFigure]:
    """Per klantreis step: the mean of all grades given on the step's rapportcijfer questions.

    The seeds name the steps but give no formula for a step score; we use the same rule as a
    question score (domain.md §4.1, the mean of the valid grades) over the step's questions. Its
    N is the number of respondents on the step's most-answered question — a lower bound of the
    respondents behind the step. A step score sums its questions' grades, so the privacy gate
    shows it only when every question figure it sums is shown (warehouse/privacy.py).
    """
    check_scope(scope, selection, con)
    definition = vragenlijst_def(selection.vragenlijst)
    codes = [q.code for q in definition.vragen if q.is_cijfervraag and q.stap != ONTEVREDENHEID_STAP]
    placeholders = ", ".join("?" * len(codes))
    periode = selection.parsed_periode
    if selection.slice[0] == "combinatie":
        where, params = respondent_filter(selection, alias="c")
        rows = con.execute(
            f"SELECT c.vraag_code, count(*), sum(c.cijfer) FROM fct_cijfer c WHERE {where} "
            f"AND c.vraag_code IN ({placeholders}) GROUP BY c.vraag_code",
            [*params, *codes],
        ).fetchall()
    else:
        dim, value = selection.slice
        rows = con.execute(
            f"SELECT vraag_code, n, som_cijfers FROM mart_vraag_per_periode WHERE corporatie_id = ? "
            f"AND vragenlijst_code = ? AND periode_type = ? AND periode = ? AND slice_dim = ? "
            f"AND slice_value = ? AND vraag_code IN ({placeholders})",
            [selection.corporatie_id, selection.vragenlijst, periode.type, periode.key, dim, value, *codes],
        ).fetchall()
    by_code = {code: (int(n), float(som)) for code, n, som in rows}
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    cell = cell_of(selection)
    result = []
    for stap in definition.stappen:
        codes_in_stap = [q.code for q in definition.vragen_in_stap(stap) if q.code in by_code]
        in_stap = [by_code[code] for code in codes_in_stap]
        n = max((n for n, _ in in_stap), default=0)
        grades = sum(n for n, _ in in_stap)
        shown = gate.toont_stap((code, cell, by_code[code][0]) for code in codes_in_stap)
        score = sum(som for _, som in in_stap) / grades if shown else None
        result.append(StapFigure(stap, n, score, not shown))
    return result


# --- ontevredenheid ------------------------------------------------------------------------------

@dataclass(frozen=True)
class OntevredenheidFigure:
    """Results of the ontevredenheid follow-up (seed 002 'Uiten van ontevredenheid')."""

    n: int                          # respondents who got the follow-up (a grade of 5 or lower)
    pct_gemeld: float | None        # share that reported its dissatisfaction to the corporation
    onderdrukt: bool


def ontevredenheid(
    con: duckdb.DuckDBPyConnection, scope: Scope, selection: Selection
) -> OntevredenheidFigure:
    """How many dissatisfied tenants said they reported it ("Heeft u uw ontevredenheid gemeld?").

    The follow-up is only asked after a grade of 5 or lower (domain.md §3), so its N is the
    number of dissatisfied respondents who answered it.
    """
    check_scope(scope, selection, con)
    gemeld = privacy.gemeld_vraag(selection.vragenlijst)
    if gemeld is None:
        return OntevredenheidFigure(0, None, True)
    where, params = respondent_filter(selection)
    row = con.execute(
        f"SELECT count(*), sum(CASE WHEN lower(f.antwoord_tekst) = 'ja' THEN 1 ELSE 0 END) "
        f"FROM fct_antwoord_tekst f "
        f"WHERE {where} AND f.vraag_code = ? AND lower(f.antwoord_tekst) IN ('ja', 'nee')",
        [*params, gemeld],
    ).fetchone()
    n, ja = int(row[0] or 0), int(row[1] or 0)
    gate = privacy.publicatie(con, selection.corporatie_id, selection.vragenlijst)
    hidden = bool(reden_verborgen(gate, MAAT_ONTEVREDENHEID, cell_of(selection), n))
    return OntevredenheidFigure(n, None if hidden else 100 * ja / n, hidden)
