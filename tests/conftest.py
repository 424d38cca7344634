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
    """The demo sample, built once per test process. Read-only by convention: use a cursor."""
    from apptest_helpers import demo_warehouse

    con = demo_warehouse()
    yield con
    con.close()


@pytest.fixture
def demo(demo_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return demo_con.cursor()
