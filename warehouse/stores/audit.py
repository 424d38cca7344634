"""The append-only audit log (issue 12): uploads, approvals, deletions, exports, account and
rights changes, signal follow-up, Aedes freezes.

Only ``record`` writes, and it only inserts: there is no update or delete here, and the tests
check that no other module writes to ``audit_log``. ``record`` never opens a transaction of its
own, so a caller's action and its log line commit or roll back together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.audit import actie_label

SYSTEEM = "systeem"


@dataclass(frozen=True)
class AuditRegel:
    audit_log_id: int
    occurred_at: datetime
    actor: str
    actor_role: str | None
    corporatie_id: int | None
    corporatie_naam: str | None
    actie: str
    onderwerp: str | None
    selectie: dict | None
    rows_count: int | None
    toelichting: str | None

    @property
    def actie_label(self) -> str:
        return actie_label(self.actie)

    def as_dict(self) -> dict:
        return {
            "id": self.audit_log_id, "tijdstip": self.occurred_at.isoformat(timespec="seconds"),
            "wie": self.actor, "rol": self.actor_role, "corporatie": self.corporatie_naam,
            "actie": self.actie, "omschrijving": self.actie_label, "onderwerp": self.onderwerp,
            "selectie": self.selectie, "rijen": self.rows_count, "toelichting": self.toelichting,
        }


def actor_of(scope: Scope | None) -> tuple[str, str | None]:
    if scope is None:
        return SYSTEEM, SYSTEEM
    return scope.user_email or SYSTEEM, scope.role


def record(
    con: duckdb.DuckDBPyConnection, scope: Scope | None, actie: str, *,
    corporatie_id: int | None = None, onderwerp: str | None = None, selectie: dict | None = None,
    rows_count: int | None = None, toelichting: str | None = None, at: datetime | None = None,
) -> None:
    """Append one line. ``scope`` None (or the system scope) is a cron job or the operator's CLI."""
    actor, role = actor_of(scope)
    con.execute(
        "INSERT INTO audit_log (occurred_at, actor, actor_role, corporatie_id, actie, onderwerp, selectie, "
        "rows_count, toelichting) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at or datetime.now(), actor, role, corporatie_id, actie, onderwerp,
         json.dumps(selectie, ensure_ascii=False, sort_keys=True, default=str) if selectie else None,
         rows_count, toelichting],
    )


def may_read(scope: Scope) -> bool:
    """The beheerder reads everything, a hoofdgebruiker the own corporation (issue 12)."""
    return scope.is_all_corporations or scope.role == "hoofdgebruiker"


def regels(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, since: date | None = None,
    corporatie_id: int | None = None, limit: int | None = None,
) -> list[AuditRegel]:
    """The log, newest first, within the scope."""
    if not may_read(scope):
        raise AccessDenied("Alleen de beheerder en de hoofdgebruiker kunnen het logboek inzien.")
    if not scope.is_all_corporations:
        if corporatie_id is not None and corporatie_id != scope.corporatie_id:
            raise AccessDenied("Geen toegang tot de gegevens van deze corporatie.")
        corporatie_id = scope.corporatie_id
    where, params = ["1 = 1"], []
    if since is not None:
        where.append("a.occurred_at >= ?")
        params.append(datetime.combine(since, time.min))
    if corporatie_id is not None:
        where.append("a.corporatie_id = ?")
        params.append(corporatie_id)
    sql = (
        "SELECT a.audit_log_id, a.occurred_at, a.actor, a.actor_role, a.corporatie_id, c.naam, a.actie, "
        "a.onderwerp, a.selectie, a.rows_count, a.toelichting FROM audit_log a "
        "LEFT JOIN corporatie c ON c.corporatie_id = a.corporatie_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.occurred_at DESC, a.audit_log_id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [
        AuditRegel(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]) if r[8] else None, r[9], r[10])
        for r in con.execute(sql, params).fetchall()
    ]
