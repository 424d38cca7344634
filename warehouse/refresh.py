"""Build the fact tables and marts from the base tables — fully, or for what an import touched.

Each model is a CTE-style SELECT in ``marts/<name>.sql`` that reads only the rows of the
``refresh_target`` temp table (corporatie × vragenlijst pairs). A full refresh targets every
pair and rewrites the tables sorted by (corporatie_id, vragenlijst_code), so a page's query
touches one small stretch of each table; an incremental refresh deletes and re-inserts only the
targeted pairs. All in one transaction: a reader never sees half a refresh.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from kwhcore.config import CONFIG
from kwhcore.selection import SLICE_DIMS
from warehouse import db, privacy

MARTS_DIR = Path(__file__).with_name("marts")

# (table, scope of its rows): 'pair' tables hold rows per corporatie × vragenlijst;
# 'vragenlijst' tables (comparison groups) are rebuilt per vragenlijst.
MODELS: tuple[tuple[str, str], ...] = (
    ("fct_respondent", "pair"),
    ("fct_cijfer", "pair"),
    ("fct_uitnodiging", "pair"),
    ("fct_antwoord_tekst", "pair"),
    ("mart_onderdeel_per_periode", "pair"),
    ("mart_vraag_per_periode", "pair"),
    ("mart_respons_per_periode", "pair"),
    ("mart_vergelijking_onderdeel", "vragenlijst"),
    ("mart_vergelijking_vraag", "vragenlijst"),
)
VIEWS = ("stg_corporatie", "stg_corporatie_groep")
FIRST_COMPARISON_MODEL = "mart_vergelijking_onderdeel"

Progress = Callable[[float, str], None]


# The one-dimension-at-a-time slices of every mart (domain.md §4.6): the grand total plus one
# grouping per slice column. Written once here and expanded into the model files as macros,
# the way dbt models share a macro.
SLICE_COLUMNS = SLICE_DIMS
_MACRO = re.compile(r"\{\{\s*(\w+)(?:\s*:\s*([^}]*?))?\s*\}\}")


def _slice_case(value_of: str) -> str:
    whens = " ".join(
        f"when grouping({column}) = 0 then {value_of.format(column=column)}" for column in SLICE_COLUMNS
    )
    fallback = "'totaal'" if value_of.startswith("'") else "''"
    return f"case {whens} else {fallback} end"


def _macro(name: str, argument: str | None) -> str:
    if name == "slice_dim":
        return _slice_case("'{column}'")
    if name == "slice_value":
        return _slice_case("{column}")
    if name == "slice_grouping_sets":
        sets = [argument] + [f"{argument}, {column}" for column in SLICE_COLUMNS]
        return "grouping sets (" + ", ".join(f"({s})" for s in sets) + ")"
    if name == "min_n":
        return str(int(CONFIG.min_n))
    if name == "tevreden_grens":
        return repr(float(CONFIG.tevreden_grens))
    raise KeyError(f"unknown macro {name}")


def model_sql(name: str) -> str:
    sql = (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _MACRO.sub(lambda match: _macro(match.group(1), match.group(2)), sql)


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Every model table and view of this version exists (an older warehouse needs a refresh)."""
    return all(db.table_exists(con, name) for name in (*(name for name, _ in MODELS), *VIEWS, privacy.TABLE, privacy.FINGERPRINTS))


def _all_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    return con.execute(
        "SELECT DISTINCT corporatie_id, vragenlijst_code FROM respondent "
        "UNION SELECT DISTINCT corporatie_id, vragenlijst_code FROM uitnodiging"
    ).fetchall()



def refresh(
    con: duckdb.DuckDBPyConnection,
    pairs: Iterable[tuple[int, str]] | None = None,
    progress: Progress | None = None,
) -> None:
    """Rebuild the marts; ``pairs`` limits the work to those corporatie × vragenlijst pairs."""
    con.execute("BEGIN TRANSACTION")
    try:
        refresh_in_transaction(con, pairs, progress)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def refresh_in_transaction(
    con: duckdb.DuckDBPyConnection,
    pairs: Iterable[tuple[int, str]] | None = None,
    progress: Progress | None = None,
) -> None:
    """The refresh itself, for callers (imports) that hold a transaction of their own."""
    full = pairs is None or not all(db.table_exists(con, name) for name, _ in MODELS)
    report = progress or (lambda fraction, text: None)
    for view in VIEWS:
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {model_sql(view)}")
    db.set_refresh_target(con, _all_pairs(con) if full else pairs)
    for index, (name, grain) in enumerate(MODELS):
        if name == FIRST_COMPARISON_MODEL:
            # The privacy gate decides after the pair marts and before the comparison groups,
            # which sum only figures it shows (warehouse/privacy.py).
            report(index / len(MODELS), "Privacy: onderdrukking over de gekoppelde tabellen")
            privacy.rebuild(con, full)
        report(index / len(MODELS), f"Bijwerken: {name}")
        sql = model_sql(name)
        if full:
            order = "corporatie_id, vragenlijst_code" if grain == "pair" else "vragenlijst_code"
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM ({sql}) m ORDER BY {order}")
        elif grain == "pair":
            con.execute(
                f"DELETE FROM {name} WHERE EXISTS (SELECT 1 FROM refresh_target t "
                f"WHERE t.corporatie_id = {name}.corporatie_id "
                f"AND t.vragenlijst_code = {name}.vragenlijst_code)"
            )
            con.execute(f"INSERT INTO {name} {sql}")
        else:
            con.execute(
                f"DELETE FROM {name} WHERE vragenlijst_code IN "
                "(SELECT vragenlijst_code FROM refresh_target)"
            )
            con.execute(f"INSERT INTO {name} {sql}")
    db.set_info(con, "data_version", uuid.uuid4().hex)
    report(1.0, "Klaar")
