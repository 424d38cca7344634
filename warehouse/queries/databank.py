"""The databank: respondent-level data within the user's scope, ready for preview and download.

domain.md §9 and §4.8. The scope is enforced here, not in the page or the CLI: a corporation
user gets only the own corporation, a contractor only the rows of its aannemer names (and never
an address). Minimum-N holds per vragenlijst on the selection as it is exported: a vragenlijst
with fewer exported respondents than ``CONFIG.min_n`` yields no rows, and the result says why.
A filter on an uitsplitsing leaves anonymous respondents out (their uitsplitsing is blanked). Every row passes the
anonymity rules of ``kwhcore.export`` before it leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG, Config
from kwhcore.export import Databank, rijen_uit_records
from kwhcore.periods import parse_periode
from kwhcore.selection import UITSPLITSING_DIMS, InvalidSelection
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, load_library

VRAGENLIJST_NAAM = {vl.code: vl.naam for vl in load_library()}


@dataclass(frozen=True)
class DatabankSelectie:
    """The filters of the databank (like the top bar); None means 'all'. Hashable for caching."""

    corporatie_id: int
    vragenlijst: str | None = None
    periode: str | None = None
    aannemer: str | None = None
    uitsplitsing: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if self.vragenlijst is not None and self.vragenlijst not in VRAGENLIJST_CODES:
            raise InvalidSelection(
                f"Onbekende vragenlijst '{self.vragenlijst}'; kies uit {', '.join(VRAGENLIJST_CODES)}."
            )
        if self.periode is not None:
            parse_periode(self.periode)
        if self.uitsplitsing is not None and self.uitsplitsing[0] not in UITSPLITSING_DIMS:
            raise InvalidSelection(f"Onbekende uitsplitsing '{self.uitsplitsing[0]}'.")


def _where(scope: Scope, selectie: DatabankSelectie) -> tuple[str, list[object]]:
    """The WHERE clause over ``respondent r`` for this scope and selection."""
    scope.require_corporatie(selectie.corporatie_id)
    clauses = ["r.corporatie_id = ?"]
    params: list[object] = [selectie.corporatie_id]
    if selectie.vragenlijst:
        clauses.append("r.vragenlijst_code = ?")
        params.append(selectie.vragenlijst)
    if selectie.periode:
        periode = parse_periode(selectie.periode)
        clauses.append("r.completed_date BETWEEN ? AND ?")
        params += [periode.start, periode.end]
    if selectie.aannemer is not None:
        if not scope.can_see_aannemer(selectie.aannemer):
            raise AccessDenied("Geen toegang tot de resultaten van deze aannemer.")
        clauses.append("r.aannemer = ?")
        params.append(selectie.aannemer)
    if scope.aannemers is not None:
        allowed = sorted(scope.aannemers)
        if not allowed:
            clauses.append("1 = 0")
        else:
            clauses.append(f"r.aannemer IN ({', '.join('?' * len(allowed))})")
            params += allowed
    if selectie.uitsplitsing is not None:
        dim, value = selectie.uitsplitsing
        clauses.append(f"r.{dim} = ?")  # dim is checked against UITSPLITSING_DIMS
        params.append(value)
        # domain.md §4.9: the uitsplitsing is blanked for anonymous respondents, so a filter on
        # it would reveal it (export once per value). They are left out of such a selection.
        clauses.append("NOT r.is_anoniem")
    return " AND ".join(clauses), params


ANONIEM_BUITEN_FILTER = (
    "Anonieme respondenten vallen buiten deze selectie: hun uitsplitsing wordt niet gedeeld, "
    "dus een filter erop zou die alsnog verraden."
)


def aantallen(
    con: duckdb.DuckDBPyConnection, scope: Scope, selectie: DatabankSelectie
) -> dict[str, int]:
    """Respondents per vragenlijst in the selection (what the page shows before a download)."""
    where, params = _where(scope, selectie)
    rows = con.execute(
        f"SELECT r.vragenlijst_code, count(*) FROM respondent r WHERE {where} GROUP BY 1", params
    ).fetchall()
    return dict(rows)


def databank(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    selectie: DatabankSelectie,
    limit: int | None = None,
    config: Config = CONFIG,
) -> Databank:
    """All respondent rows of the selection within the scope; ``limit`` for a preview."""
    counts = aantallen(con, scope, selectie)
    meldingen = [ANONIEM_BUITEN_FILTER] if selectie.uitsplitsing is not None else []
    toegestaan = []
    for code in VRAGENLIJST_CODES:
        n = counts.get(code, 0)
        if n == 0:
            continue
        if n < config.min_n:
            meldingen.append(
                f"{VRAGENLIJST_NAAM[code]}: te weinig respondenten ({n}) om gegevens te tonen; "
                f"minimaal {config.min_n} — zo blijven antwoorden onherleidbaar tot één persoon."
            )
        else:
            toegestaan.append(code)
    if not toegestaan:
        if not counts:
            meldingen.append("Er zijn geen respondenten in deze selectie.")
        return Databank(kolommen=(), rijen=[], meldingen=tuple(meldingen))

    where, params = _where(scope, selectie)
    where += f" AND r.vragenlijst_code IN ({', '.join('?' * len(toegestaan))})"
    params += toegestaan
    limit_sql = f" LIMIT {int(limit)}" if limit else ""
    respondents = con.execute(
        "SELECT r.respondent_id, r.vragenlijst_code, r.completed_date, r.kanaal, r.is_anoniem, "
        "r.aannemer, r.uitsplitsing1, r.uitsplitsing2, r.uitsplitsing3, r.uitsplitsing4, r.checkvraag, "
        "h.straat, h.huisnummer, h.toevoeging, h.postcode, h.woonplaats "
        "FROM respondent r "
        "LEFT JOIN uitnodiging u ON u.uitnodiging_id = r.uitnodiging_id "
        "LEFT JOIN huurder_rij h ON h.aanlevering_id = u.aanlevering_id AND h.rij_nummer = u.rij_nummer "
        f"WHERE {where} ORDER BY r.vragenlijst_code, r.completed_date, r.respondent_id{limit_sql}",
        params,
    ).fetchall()
    answers: dict[str, dict[str, object]] = {row[0]: {} for row in respondents}
    for rid, code, cijfer, tekst in con.execute(
        "SELECT a.respondent_id, a.vraag_code, a.cijfer, a.antwoord_tekst FROM antwoord a "
        "JOIN (SELECT r.respondent_id FROM respondent r "
        f"WHERE {where} ORDER BY r.vragenlijst_code, r.completed_date, r.respondent_id{limit_sql}) s "
        "ON s.respondent_id = a.respondent_id",
        params,
    ).fetchall():
        answers[rid][code] = cijfer if cijfer is not None else tekst
    vraag_codes = [
        row[0] for row in con.execute(
            "SELECT v.vraag_code FROM vraag v JOIN vragenlijst l ON l.vragenlijst_code = v.vragenlijst_code "
            f"WHERE v.vragenlijst_code IN ({', '.join('?' * len(toegestaan))}) "
            "AND (v.corporatie_id IS NULL OR v.corporatie_id = ?) ORDER BY l.volgorde, v.volgorde",
            [*toegestaan, selectie.corporatie_id],
        ).fetchall()
    ]
    records = (
        {
            "respondent_id": row[0],
            "vragenlijst": row[1],
            "maand": f"{row[2]:%Y-%m}",
            "ingevuld_op": row[2],
            "kanaal": row[3],
            "is_anoniem": row[4],
            "aannemer": row[5],
            "uitsplitsing1": row[6], "uitsplitsing2": row[7],
            "uitsplitsing3": row[8], "uitsplitsing4": row[9],
            "checkvraag": row[10],
            "straat": row[11], "huisnummer": row[12], "toevoeging": row[13],
            "postcode": row[14], "woonplaats": row[15],
            "antwoorden": answers[row[0]],
        }
        for row in respondents
    )
    kolommen, rijen = rijen_uit_records(records, vraag_codes, alleen_zonder_adres=scope.is_aannemer)
    return Databank(kolommen=kolommen, rijen=rijen, meldingen=tuple(meldingen))
