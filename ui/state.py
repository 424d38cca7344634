"""Process-wide handles for the Streamlit app: the one warehouse connection per process.

DuckDB connections are not thread-safe; every query takes its own ``.cursor()`` of the shared
connection (style.md §6). The warehouse is built with the demo sample on first start.
"""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from kwhcore.config import CONFIG
from warehouse import db


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(str(CONFIG.warehouse_path))


def cursor() -> duckdb.DuckDBPyConnection:
    return connection().cursor()


_BUILD_LOCK = threading.Lock()
# Data versions already checked to have every mart of this code version: the check runs once per
# import, not on every rerun.
_CURRENT_VERSIONS: set[str] = set()


def ensure_warehouse() -> None:
    """On first start, fill an empty warehouse with the deterministic demo sample."""
    from warehouse.refresh import is_current

    con = connection()
    version = db.info(con.cursor(), "data_version")
    if version in _CURRENT_VERSIONS:
        return
    with _BUILD_LOCK:  # two first visitors at once must not both build
        if db.info(con.cursor(), "data_version") is None or not is_current(con.cursor()):
            _build(con)
        _CURRENT_VERSIONS.add(db.info(con.cursor(), "data_version"))


def _build(con: duckdb.DuckDBPyConnection) -> None:
    bar = st.progress(0.0, text="Eerste start: het voorbeeldwarehouse wordt opgebouwd…")

    def report(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    if db.info(con, "warehouse_kind") == "echt" or con.execute("SELECT count(*) FROM corporatie").fetchone()[0]:
        # A real warehouse (made by `init`), or one from an older version, gets its marts rebuilt —
        # never the demo sample or demo accounts.
        from warehouse.refresh import refresh

        bar.progress(0.0, text="De cijfers worden opgebouwd…")
        refresh(con, progress=report)
    else:
        from sample_data.generator import build_sample

        build_sample(con, scale="demo", progress=report)
    bar.empty()


def data_version() -> str:
    """Changes after every import/refresh; part of every st.cache_data key."""
    return db.info(cursor(), "data_version") or "0"
