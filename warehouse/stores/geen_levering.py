""""Deze maand geen levering" (seed 002): a steward reports that a vragenlijst will not be
delivered in a round. The Aanlevercalender shows it, and the deadline-reminder job asks
:func:`is_geen_levering` (or :func:`geen_levering_per_corporatie` for a whole run) so no
reminder is sent for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from kwhcore import config
from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.uploads import ronde_deadline
from kwhcore.vragenlijsten import VRAGENLIJST_CODES, naam_van


class GeenLeveringError(ValueError):
    """A report that cannot be made now; the message is one Dutch sentence."""


@dataclass(frozen=True)
class GeenLevering:
    corporatie_id: int
    vragenlijst_code: str
    ronde: str
    toelichting: str | None
    reported_by: str | None
    reported_at: datetime


def _require(scope: Scope, corporatie_id: int) -> None:
    if not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Geen toegang tot Mijn KWH.")
    scope.require_corporatie(corporatie_id)


def meld_geen_levering(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst_code: str, ronde: str,
    toelichting: str = "", *, today: date | None = None,
) -> GeenLevering:
    """Record that ``vragenlijst_code`` is not delivered in ``ronde`` ('2026-12'); idempotent."""
    _require(scope, corporatie_id)
    if vragenlijst_code not in VRAGENLIJST_CODES:
        raise GeenLeveringError(f"Onbekende vragenlijst '{vragenlijst_code}'.")
    day = today or config.CONFIG.today()
    if ronde_deadline(ronde) < day:
        raise GeenLeveringError("De deadline van deze ronde is al voorbij; melden kan alleen voor deze en latere rondes.")
    approved = con.execute(
        "SELECT count(*) FROM aanlevering WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ? "
        "AND status IN ('geaccordeerd', 'verwerkt')",
        [corporatie_id, vragenlijst_code, ronde],
    ).fetchone()[0]
    if approved:
        raise GeenLeveringError(
            f"Voor {naam_van(vragenlijst_code)} is in deze ronde al een bestand geaccordeerd; verwijder dat eerst."
        )
    con.execute(
        "DELETE FROM geen_levering WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ?",
        [corporatie_id, vragenlijst_code, ronde],
    )
    now = datetime.now()
    con.execute(
        "INSERT INTO geen_levering VALUES (?, ?, ?, ?, ?, ?)",
        [corporatie_id, vragenlijst_code, ronde, toelichting.strip() or None, scope.user_email, now],
    )
    return GeenLevering(corporatie_id, vragenlijst_code, ronde, toelichting.strip() or None, scope.user_email, now)


def trek_in(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst_code: str, ronde: str
) -> None:
    """Withdraw the report: the file will be delivered after all."""
    _require(scope, corporatie_id)
    con.execute(
        "DELETE FROM geen_levering WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ?",
        [corporatie_id, vragenlijst_code, ronde],
    )


def meldingen(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[GeenLevering]:
    """The corporation's reports, by round then vragenlijst."""
    _require(scope, corporatie_id)
    rows = con.execute(
        "SELECT corporatie_id, vragenlijst_code, ronde, toelichting, reported_by, reported_at FROM geen_levering "
        "WHERE corporatie_id = ? ORDER BY ronde, vragenlijst_code",
        [corporatie_id],
    ).fetchall()
    return [GeenLevering(*row) for row in rows]


def is_geen_levering(con: duckdb.DuckDBPyConnection, corporatie_id: int, vragenlijst_code: str, ronde: str) -> bool:
    """For the reminder job (no user scope): is this vragenlijst × round reported as not delivered?"""
    return bool(con.execute(
        "SELECT count(*) FROM geen_levering WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ?",
        [corporatie_id, vragenlijst_code, ronde],
    ).fetchone()[0])


def geen_levering_per_corporatie(con: duckdb.DuckDBPyConnection, ronde: str) -> dict[int, frozenset[str]]:
    """For the reminder job: corporation → vragenlijsten reported as not delivered in ``ronde``."""
    result: dict[int, set[str]] = {}
    for corporatie_id, code in con.execute(
        "SELECT corporatie_id, vragenlijst_code FROM geen_levering WHERE ronde = ?", [ronde]
    ).fetchall():
        result.setdefault(corporatie_id, set()).add(code)
    return {k: frozenset(v) for k, v in result.items()}
