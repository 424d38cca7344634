"""Opening the warehouse, applying numbered migrations, loading the questionnaire library.

The embedded DuckDB file lives in ``warehouse/data/`` and is created on first use (never
committed). Schema changes are numbered ``migrations/NNNN_name.sql`` files recorded in
``schema_migration`` — the sqlite-utils habit — so an old warehouse upgrades in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb

from kwhcore.config import CONFIG
from kwhcore.vragenlijsten import load_library

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class WarehouseBusy(Exception):
    """Another process holds the warehouse file open for writing."""


class NotAWarehouse(Exception):
    """The path holds a file DuckDB cannot open as a database (a README, a spreadsheet…)."""


def connect(path: str | Path | None = None, *, migrate: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (and create when missing) the warehouse; ``":memory:"`` gives a fresh one for tests."""
    target = str(path or CONFIG.warehouse_path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(
                f"Het warehouse {target} is in gebruik door een ander proces (bijvoorbeeld de app)."
            ) from exc
        raise NotAWarehouse(
            f"{target} is geen Klantvizier-warehouse (geen leesbaar DuckDB-bestand); geef het pad van een "
            "warehouse of maak er een met 'init'."
        ) from exc
    except duckdb.Error as exc:
        raise NotAWarehouse(
            f"{target} is geen Klantvizier-warehouse (geen leesbaar DuckDB-bestand); geef het pad van een "
            "warehouse of maak er een met 'init'."
        ) from exc
    if migrate:
        apply_migrations(con)
    return con


def migration_files() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return found


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migration").fetchall()}
    applied = []
    for version, name, path in migration_files():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            if version == 1:
                load_vragenbibliotheek(con)
            con.execute(
                "INSERT INTO schema_migration VALUES (?, ?, ?)", [version, name, datetime.now()]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def load_vragenbibliotheek(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the standard library rows; own questions of corporations are left alone."""
    library = load_library()
    for vl in library:
        con.execute(
            "INSERT INTO vragenlijst VALUES (?, ?, ?) ON CONFLICT (vragenlijst_code) "
            "DO UPDATE SET naam = excluded.naam, volgorde = excluded.volgorde",
            [vl.code, vl.naam, vl.volgorde],
        )
        con.execute("DELETE FROM klantreis_stap WHERE vragenlijst_code = ?", [vl.code])
        con.executemany(
            "INSERT INTO klantreis_stap VALUES (?, ?, ?)",
            [[vl.code, stap, i] for i, stap in enumerate(vl.stappen, start=1)],
        )
        for q in vl.vragen:
            con.execute(
                "INSERT INTO vraag VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (vraag_code) DO UPDATE SET tekst = excluded.tekst, "
                "volgorde = excluded.volgorde, vraag_type = excluded.vraag_type, "
                "klantreis_stap = excluded.klantreis_stap, "
                "is_kwaliteitslabel = excluded.is_kwaliteitslabel, is_aedes = excluded.is_aedes, "
                "is_ontevredenheid = excluded.is_ontevredenheid, "
                "is_signaalvraag = excluded.is_signaalvraag, opties = excluded.opties",
                [
                    q.code, vl.code, q.volgorde, q.tekst, q.type, q.stap, q.kwaliteitslabel,
                    q.aedes, q.ontevredenheid, q.signaal, "|".join(q.opties) or None,
                ],
            )


def is_sample_warehouse(path: str | Path) -> bool:
    """True when the file is a DuckDB warehouse built by the sample generator (and not marked
    real by ``init``); read-only, so nothing is changed. Raises :class:`WarehouseBusy` when
    another process holds it."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16)[8:12] != b"DUCK":
                return False
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(
                f"Het warehouse {path} is in gebruik door een ander proces (bijvoorbeeld de app); stop dat eerst."
            ) from exc
        return False
    except OSError:
        return False
    try:
        return (
            table_exists(con, "warehouse_info")
            and info(con, "sample_scale") is not None
            and info(con, "warehouse_kind") != "echt"
        )
    except duckdb.Error:
        return False
    finally:
        con.close()


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


def info(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT info_value FROM warehouse_info WHERE info_key = ?", [key]).fetchone()
    return row[0] if row else None


def set_info(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO warehouse_info VALUES (?, ?) ON CONFLICT (info_key) "
        "DO UPDATE SET info_value = excluded.info_value",
        [key, value],
    )


def set_refresh_target(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[int, str]]) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE refresh_target (corporatie_id INTEGER, vragenlijst_code VARCHAR)"
    )
    rows = sorted(set(pairs))
    if rows:
        con.executemany("INSERT INTO refresh_target VALUES (?, ?)", rows)
