"""Scoped filter lists for the top bar: the aannemers and uitsplitsing values a user may pick."""

from __future__ import annotations

import duckdb

from kwhcore.access import Scope
from kwhcore.selection import UITSPLITSING_DIMS


def aannemers(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst: str | None = None
) -> list[str]:
    """Aannemer names with results, within the scope: a contractor only gets its own names."""
    scope.require_corporatie(corporatie_id)
    sql = (
        "SELECT DISTINCT slice_value FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND slice_dim = 'aannemer' AND periode_type = 'jaar'"
    )
    params: list = [corporatie_id]
    if vragenlijst:
        sql += " AND vragenlijst_code = ?"
        params.append(vragenlijst)
    names = [row[0] for row in con.execute(sql + " ORDER BY 1", params).fetchall()]
    if scope.aannemers is not None:
        names = [n for n in names if n in scope.aannemers]
        # Own spellings first: that is the choice a contractor makes in the top bar (seed 000).
        names.sort(key=lambda n: (n not in scope.eigen_aannemers, n))
    return names


def uitsplitsing_waarden(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst: str, dim: str
) -> list[str]:
    """Values of one uitsplitsing column; for a contractor only values in its own results."""
    scope.require_corporatie(corporatie_id)
    if dim not in UITSPLITSING_DIMS:
        raise ValueError(dim)
    if scope.aannemers is not None:
        allowed = sorted(scope.aannemers)
        if not allowed:
            return []
        rows = con.execute(
            f"SELECT DISTINCT {dim} FROM fct_respondent WHERE corporatie_id = ? AND vragenlijst_code = ? "
            f"AND {dim} IS NOT NULL AND aannemer IN ({', '.join('?' * len(allowed))}) ORDER BY 1",
            [corporatie_id, vragenlijst, *allowed],
        ).fetchall()
    else:
        rows = con.execute(
            "SELECT DISTINCT slice_value FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
            "AND vragenlijst_code = ? AND slice_dim = ? AND periode_type = 'jaar' ORDER BY 1",
            [corporatie_id, vragenlijst, dim],
        ).fetchall()
    return [row[0] for row in rows]


def uitsplitsing_dims_in_use(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst: str
) -> list[str]:
    """Which of uitsplitsing1–4 the corporation actually fills for this vragenlijst."""
    scope.require_corporatie(corporatie_id)
    rows = con.execute(
        "SELECT DISTINCT slice_dim FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND vragenlijst_code = ? AND slice_dim LIKE 'uitsplitsing%' ORDER BY 1",
        [corporatie_id, vragenlijst],
    ).fetchall()
    return [row[0] for row in rows]


def periodes_met_data(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, periode_type: str
) -> list[str]:
    """Periods with any results for the corporation, newest first (for the period picker)."""
    scope.require_corporatie(corporatie_id)
    rows = con.execute(
        "SELECT DISTINCT periode FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND periode_type = ? AND slice_dim = 'totaal' ORDER BY 1 DESC",
        [corporatie_id, periode_type],
    ).fetchall()
    return [row[0] for row in rows]
