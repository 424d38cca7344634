"""Shared fixtures: small warehouses built from the deterministic generator, never the real file."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db


@pytest.fixture
def empty_db() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory warehouse with schema and library, no data."""
    con = db.connect(":memory:")
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_con() -> duckdb.DuckDBPyConnection:
    """The demo sample, built once per test session. Read-only by convention: use a cursor."""
    from sample_data.generator import build_sample

    con = db.connect(":memory:")
    build_sample(con, scale="demo")
    yield con
    con.close()


@pytest.fixture
def demo(demo_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return demo_con.cursor()
