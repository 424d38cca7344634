"""Spellings across deliveries: the values delivered before and the steward's koppelingen.

seed 002: "Vestiging Oost" one month and "Oost" the next would give two scores for one group.
The earlier values of a corporation are those of its approved files and of its invitations
(sample data and older rounds); a koppeling is stored once (``schrijfwijze_koppeling``) and
applied to every later upload (kwhcore.uploads.upload), and at once to the corporation's files
that are not yet processed, so the current file needs no new upload.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from kwhcore import meldingen, spelling, uploads
from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope


class KoppelingError(ValueError):
    """A koppeling that cannot be made; the message is one Dutch sentence."""


def _require(scope: Scope, corporatie_id: int) -> None:
    if not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Geen toegang tot Mijn KWH.")
    scope.require_corporatie(corporatie_id)


def koppelingen(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> dict[str, dict[str, str]]:
    """kolom → {spelling as delivered → spelling stored} of this corporation."""
    _require(scope, corporatie_id)
    result: dict[str, dict[str, str]] = {}
    for kolom, van, naar in con.execute(
        "SELECT kolom, van_waarde, naar_waarde FROM schrijfwijze_koppeling WHERE corporatie_id = ?",
        [corporatie_id],
    ).fetchall():
        result.setdefault(kolom, {})[van] = naar
    return result


def eerdere_waarden(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, *, behalve: int | None = None
) -> dict[str, set[str]]:
    """kolom → every aannemer/uitsplitsing value delivered before by this corporation.

    ``behalve``: an aanlevering left out (the file being compared with its predecessors).
    """
    _require(scope, corporatie_id)
    result: dict[str, set[str]] = {kolom: set() for kolom in spelling.SPLIT_COLUMNS}
    for kolom in spelling.SPLIT_COLUMNS:
        rows = con.execute(
            f"SELECT DISTINCT h.{kolom} FROM huurder_rij h JOIN aanlevering a USING (aanlevering_id) "
            "WHERE a.corporatie_id = ? AND a.status IN ('geaccordeerd', 'verwerkt') "
            f"AND a.aanlevering_id <> coalesce(?, -1) AND h.{kolom} IS NOT NULL "
            f"UNION SELECT DISTINCT {kolom} FROM uitnodiging WHERE corporatie_id = ? "
            f"AND coalesce(aanlevering_id, -1) <> coalesce(?, -1) AND {kolom} IS NOT NULL",
            [corporatie_id, behalve, corporatie_id, behalve],
        ).fetchall()
        result[kolom] = {r[0] for r in rows}
    return result


def voorstellen(
    con: duckdb.DuckDBPyConnection, scope: Scope, aanlevering: uploads.Aanlevering
) -> list[spelling.EerderGeleverd]:
    """The values of a stored file that were delivered before under another spelling."""
    _require(scope, aanlevering.corporatie_id)
    columns = ", ".join(spelling.SPLIT_COLUMNS)
    rows = con.execute(
        f"SELECT {columns} FROM huurder_rij WHERE aanlevering_id = ?", [aanlevering.aanlevering_id]
    ).fetchall()
    nieuw = spelling.values_per_column([dict(zip(spelling.SPLIT_COLUMNS, row, strict=True)) for row in rows])
    eerder = eerdere_waarden(con, scope, aanlevering.corporatie_id, behalve=aanlevering.aanlevering_id)
    return spelling.eerder_geleverd(nieuw, eerder, koppelingen(con, scope, aanlevering.corporatie_id))


def koppel(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, kolom: str, van: str, naar: str
) -> int:
    """Remember that ``van`` in ``kolom`` means ``naar`` (``naar == van``: a different value).

    Applied at once to the corporation's files not yet processed; their attention point goes
    from the stored verslag and approved rounds get their invitations recomputed. Returns the
    number of rows changed.
    """
    _require(scope, corporatie_id)
    if kolom not in spelling.SPLIT_COLUMNS:
        raise KoppelingError(f"De kolom '{kolom}' kan niet gekoppeld worden; kies aannemer of uitsplitsing1–4.")
    van, naar = van.strip(), naar.strip()
    if not van or not naar:
        raise KoppelingError("Kies een waarde en de schrijfwijze waaraan u die wilt koppelen.")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "DELETE FROM schrijfwijze_koppeling WHERE corporatie_id = ? AND kolom = ? AND van_waarde = ?",
            [corporatie_id, kolom, van],
        )
        con.execute(
            "INSERT INTO schrijfwijze_koppeling VALUES (?, ?, ?, ?, ?, ?)",
            [corporatie_id, kolom, van, naar, scope.user_email, datetime.now()],
        )
        open_files = con.execute(
            f"SELECT DISTINCT a.aanlevering_id, a.ronde, a.status, a.report_json FROM aanlevering a "
            f"JOIN huurder_rij h USING (aanlevering_id) WHERE a.corporatie_id = ? "
            f"AND a.status IN ('gevalideerd', 'geaccordeerd') AND h.{kolom} = ?",
            [corporatie_id, van],
        ).fetchall()
        changed = 0
        for aanlevering_id, _ronde, _status, report_json in open_files:
            changed += con.execute(
                f"UPDATE huurder_rij SET {kolom} = ? WHERE aanlevering_id = ? AND {kolom} = ?",
                [naar, aanlevering_id, van],
            ).fetchone()[0]
            _drop_finding(con, aanlevering_id, report_json, kolom, van)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    for ronde in sorted({r[1] for r in open_files if r[2] == "geaccordeerd"}):
        uploads.verwerk_ronde(con, corporatie_id, ronde)
    return changed


def _drop_finding(con: duckdb.DuckDBPyConnection, aanlevering_id: int, report_json: str | None, kolom: str, van: str) -> None:
    """Remove the resolved "eerder geleverd als" attention point from the stored verslag."""
    if not report_json:
        return
    report = json.loads(report_json)
    prefix = f"In de kolom {kolom} staat {meldingen.quoted(van)} ("
    kept = [
        f for f in report["warnings"]
        if not (f["code"] == "split_eerder_geleverd" and f["column"] == kolom and f["message"].startswith(prefix))
    ]
    if len(kept) != len(report["warnings"]):
        report["warnings"] = kept
        con.execute(
            "UPDATE aanlevering SET report_json = ?, warnings_count = ? WHERE aanlevering_id = ?",
            [json.dumps(report, ensure_ascii=False), len(kept), aanlevering_id],
        )
