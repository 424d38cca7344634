"""Process-wide handles for the Streamlit app: the one warehouse connection per process.

DuckDB connections are not thread-safe; every query takes its own ``.cursor()`` of the shared
connection (style.md §6). The warehouse is built with the demo sample on first start.
"""

from __future__ import annotations

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


def ensure_warehouse() -> None:
    """On first start, fill an empty warehouse with the deterministic demo sample."""
    con = connection()
    if db.info(con, "data_version") is not None:
        return
    from sample_data.generator import build_sample

    bar = st.progress(0.0, text="Eerste start: het voorbeeldwarehouse wordt opgebouwd…")

    def report(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    build_sample(con, scale="demo", progress=report)
    bar.empty()


def data_version() -> str:
    """Changes after every import/refresh; part of every st.cache_data key."""
    return db.info(cursor(), "data_version") or "0"
