"""The eigen dashboard's pins: read and changed only for the user of the scope.

There is no way to name another user: the key comes from the Scope (kwhcore.eigen_dashboard),
so one user can never read or change another user's dashboard.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from kwhcore.access import Scope
from kwhcore.eigen_dashboard import MAX_PINS, EigenDashboardError, Pin, gebruiker_sleutel, pinbare_vraag


def pins(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[Pin]:
    """The user's pinned questions, in the order they were pinned."""
    rows = con.execute(
        "SELECT vragenlijst_code, vraag_code, volgorde FROM eigen_dashboard_pin "
        "WHERE gebruiker_sleutel = ? ORDER BY volgorde, pinned_at",
        [gebruiker_sleutel(scope)],
    ).fetchall()
    return [Pin(*row) for row in rows]


def is_pinned(con: duckdb.DuckDBPyConnection, scope: Scope, vragenlijst: str, vraag_code: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM eigen_dashboard_pin WHERE gebruiker_sleutel = ? "
        "AND vragenlijst_code = ? AND vraag_code = ?",
        [gebruiker_sleutel(scope), vragenlijst, vraag_code],
    ).fetchone()[0] > 0


def pin(con: duckdb.DuckDBPyConnection, scope: Scope, vragenlijst: str, vraag_code: str) -> bool:
    """Pin a grade question; False when it was already pinned. Raises EigenDashboardError."""
    pinbare_vraag(vragenlijst, vraag_code)
    sleutel = gebruiker_sleutel(scope)
    if is_pinned(con, scope, vragenlijst, vraag_code):
        return False
    count, last = con.execute(
        "SELECT count(*), coalesce(max(volgorde), 0) FROM eigen_dashboard_pin WHERE gebruiker_sleutel = ?",
        [sleutel],
    ).fetchone()
    if count >= MAX_PINS:
        raise EigenDashboardError(
            f"Uw dashboard heeft al {MAX_PINS} tegels; haal er eerst een weg."
        )
    con.execute(
        "INSERT INTO eigen_dashboard_pin VALUES (?, ?, ?, ?, ?)",
        [sleutel, vragenlijst, vraag_code, last + 1, datetime.now()],
    )
    return True


def unpin(con: duckdb.DuckDBPyConnection, scope: Scope, vragenlijst: str, vraag_code: str) -> bool:
    """Remove a pin; False when it was not there."""
    if not is_pinned(con, scope, vragenlijst, vraag_code):
        return False
    con.execute(
        "DELETE FROM eigen_dashboard_pin WHERE gebruiker_sleutel = ? AND vragenlijst_code = ? AND vraag_code = ?",
        [gebruiker_sleutel(scope), vragenlijst, vraag_code],
    )
    return True
