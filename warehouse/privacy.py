"""The privacy gate: every figure, text and row of a corporation × vragenlijst leaves through it.

domain.md §4.8–4.9. The decision which cells may be shown is taken at refresh time, over the
whole lattice of linked tables (``kwhcore.disclosure``), and stored in
``mart_onderdrukte_cel``; at read time a cell is shown exactly when it has at least minimum N
respondents and is not stored as suppressed. The query layer asks ``Publicatie.toont`` for
every figure it returns, the CLI and the exports read through the query layer, so a page only
reads a published flag. docs/privacy.md explains the whole to an auditor.

Measures (*maten*) with their own respondent sets, each its own lattice:

- ``onderdeel``: respondents with a kwaliteitslabel grade (onderdeelscore and % tevreden);
- ``vraag:<code>``: the grades of one rapportcijfer question (score and distribution);
- ``checkvraag``: respondents who answered the checkvraag (the four shares);
- ``ontevredenheid``: answers to the "ontevredenheid gemeld" follow-up.

A klantreis step is the sum of its questions' grades, so a step figure is shown only when every
question figure it sums is shown: it is then a linear combination of shown figures and reveals
nothing new. Comparison groups sum only shown corporation figures, for the same reason.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from threadpoolctl import threadpool_limits

from kwhcore.config import CONFIG
from kwhcore.disclosure import AtomKey, Cell, Lattice, PeriodTree, audit, combinatie_aangeboden, decide
from kwhcore.selection import Selection
from kwhcore.vragenlijsten import load_library
from warehouse import db

MAAT_ONDERDEEL = "onderdeel"
MAAT_CHECKVRAAG = "checkvraag"
MAAT_ONTEVREDENHEID = "ontevredenheid"
TABLE = "mart_onderdrukte_cel"

# Why a figure is not shown (the UI words each reason; issue 13 asks for the specific one).
REDEN_LEEG = "leeg"                   # no respondents at all
REDEN_KLEIN = "klein"                 # fewer than minimum N respondents (§4.8)
REDEN_AFLEIDBAAR = "afleidbaar"       # shown, it would reveal a small cell elsewhere (§4.9)
REDEN_COMBINATIE = "combinatie_maand" # aannemer × uitsplitsing is offered per quarter and year

# A large aannemer's year is a headline figure (domain.md §4.9: "never the headline figures … when
# avoidable"); from this many respondents an aannemer counts as large.
GROTE_AANNEMER_FACTOR = 4


def maat_vraag(vraag_code: str) -> str:
    return f"vraag:{vraag_code}"


def gemeld_vraag(vragenlijst: str) -> str | None:
    """The ja/nee question "heeft u uw ontevredenheid gemeld?" of a vragenlijst, if it has one."""
    definition = {vl.code: vl for vl in load_library()}[vragenlijst]
    return next((q.code for q in definition.vragen if q.ontevredenheid and q.type == "ja_nee"), None)


def cell_of(selection: Selection, periode: str | None = None) -> Cell:
    dim, value = selection.uitsplitsing or ("", "")
    return (periode or selection.parsed_periode.key, selection.aannemer or "", dim, value)


# --- the decision, at refresh time ---------------------------------------------------------------

_ATOMS_SQL = """
with gemeld(vragenlijst_code, vraag_code) as (select * from gemeld_vraag_target),
members as (
    select corporatie_id, vragenlijst_code, jaar, maand, aannemer, uitsplitsing1, uitsplitsing2,
        uitsplitsing3, uitsplitsing4, 'onderdeel' as maat
    from fct_respondent where n_label_cijfers > 0
    union all
    select corporatie_id, vragenlijst_code, jaar, maand, aannemer, uitsplitsing1, uitsplitsing2,
        uitsplitsing3, uitsplitsing4, 'checkvraag'
    from fct_respondent where checkvraag between 1 and 4
    union all
    select corporatie_id, vragenlijst_code, jaar, maand, aannemer, uitsplitsing1, uitsplitsing2,
        uitsplitsing3, uitsplitsing4, 'vraag:' || vraag_code
    from fct_cijfer
    union all
    select f.corporatie_id, f.vragenlijst_code, f.jaar, f.maand, f.aannemer, f.uitsplitsing1,
        f.uitsplitsing2, f.uitsplitsing3, f.uitsplitsing4, 'ontevredenheid'
    from fct_antwoord_tekst f
    join gemeld g on g.vragenlijst_code = f.vragenlijst_code and g.vraag_code = f.vraag_code
    where lower(f.antwoord_tekst) in ('ja', 'nee')
)
select m.corporatie_id, m.vragenlijst_code, m.jaar, m.maat, m.maand,
    coalesce(m.aannemer, ''), coalesce(m.uitsplitsing1, ''), coalesce(m.uitsplitsing2, ''),
    coalesce(m.uitsplitsing3, ''), coalesce(m.uitsplitsing4, ''), count(*)
from members m
join refresh_target t on t.corporatie_id = m.corporatie_id and t.vragenlijst_code = m.vragenlijst_code
group by all
"""

_SCHEMA = pa.schema([
    ("corporatie_id", pa.int32()), ("vragenlijst_code", pa.string()), ("jaar", pa.string()),
    ("maat", pa.string()), ("periode", pa.string()), ("aannemer", pa.string()),
    ("uitsplitsing_dim", pa.string()), ("uitsplitsing_waarde", pa.string()), ("n", pa.int32()),
])


def is_headline(cell: Cell, n: int, year: str, min_n: int) -> bool:
    periode, aannemer, dim, _ = cell
    return periode == year and not dim and (not aannemer or n >= GROTE_AANNEMER_FACTOR * min_n)


def _atoms(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, str, str, str], dict[AtomKey, int]]:
    """Per corporatie × vragenlijst × year × maat of the refresh target: its atoms."""
    gemeld = [(vl.code, gemeld_vraag(vl.code)) for vl in load_library()]
    con.execute("CREATE OR REPLACE TEMP TABLE gemeld_vraag_target (vragenlijst_code VARCHAR, vraag_code VARCHAR)")
    con.executemany("INSERT INTO gemeld_vraag_target VALUES (?, ?)", [g for g in gemeld if g[1]])
    atoms: dict[tuple[int, str, str, str], dict[AtomKey, int]] = defaultdict(dict)
    for cid, vl, jaar, maat, maand, *slice_values, count in con.execute(_ATOMS_SQL).fetchall():
        atoms[(cid, vl, jaar, maat)][(maand, *slice_values)] = int(count)
    return atoms


def _decide_many(work: list[tuple[tuple[int, str, str, str], dict[AtomKey, int]]], min_n: int) -> list[tuple]:
    """Decide lattices; returns the rows of their secondary suppressions (run in a worker too)."""
    rows = []
    with threadpool_limits(1):   # many small matrices: one BLAS thread is 3× faster than a pool
        for (cid, vl, jaar, maat), atoms in work:
            lattice = Lattice.build(atoms, PeriodTree.of(jaar))
            decision = decide(lattice, min_n, lambda cell, n, year=jaar: is_headline(cell, n, year, min_n))
            rows += [(cid, vl, jaar, maat, *cell, n) for cell, n in zip(decision.cells, decision.n, strict=True)
                     if n >= min_n and cell in decision.hidden]
    return rows


# Below this many respondents in the target a refresh decides in its own process; above it the
# lattices are spread over worker processes (one per core).
PARALLEL_FROM = 20_000


def _decide_all(atoms: dict[tuple[int, str, str, str], dict[AtomKey, int]], min_n: int) -> list[tuple]:
    """All lattices of the target; a large target is spread over one worker process per core.

    Workers are plain child processes (``python -m warehouse.privacy_worker``, pickles over
    stdin/stdout) rather than a multiprocessing pool: the app's process has threads (Streamlit,
    DuckDB) that make forking unsafe, and a pool would re-import the app's main module.
    """
    work = sorted(atoms.items(), key=lambda item: -sum(item[1].values()))
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or sum(sum(a.values()) for _, a in work) < PARALLEL_FROM:
        return _decide_many(work, min_n)
    chunks = [work[i::workers] for i in range(workers)]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    children = [
        subprocess.Popen([sys.executable, "-m", "warehouse.privacy_worker"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, cwd=root, env=env)
        for _ in chunks
    ]
    for child, chunk in zip(children, chunks, strict=True):
        child.stdin.write(pickle.dumps((chunk, min_n)))
        child.stdin.close()
    rows: list[tuple] = []
    for child in children:
        output = child.stdout.read()
        if child.wait() != 0:
            raise RuntimeError("privacy worker failed")
        rows += pickle.loads(output)
    return rows


FINGERPRINTS = "mart_onderdrukking_vingerafdruk"
_KEY_SCHEMA = pa.schema([("corporatie_id", pa.int32()), ("vragenlijst_code", pa.string()), ("jaar", pa.string()),
                         ("maat", pa.string()), ("vingerafdruk", pa.string())])


def _fingerprint(atoms: dict[AtomKey, int], min_n: int) -> str:
    """Identical atoms (and minimum N) give an identical decision: the lattice need not be redone."""
    return hashlib.sha1(repr((min_n, sorted(atoms.items()))).encode("utf-8")).hexdigest()


def rebuild(con: duckdb.DuckDBPyConnection, full: bool, min_n: int | None = None) -> int:
    """Decide and store the suppressed cells of the refresh target; returns how many it decided.

    Only cells hidden while they have minimum N are stored (secondary suppression): a cell
    under minimum N is hidden by its own n, which every reader has at hand. An incremental
    refresh redoes only the lattices whose respondents changed (a fingerprint per corporatie ×
    vragenlijst × year × maat), so an import of this month's answers leaves earlier years alone.
    """
    min_n = CONFIG.min_n if min_n is None else min_n
    atoms = _atoms(con)
    prints = {key: _fingerprint(value, min_n) for key, value in atoms.items()}
    full = full or not (db.table_exists(con, TABLE) and db.table_exists(con, FINGERPRINTS))
    if full:
        todo = atoms
        stale: list[tuple] = []
    else:
        stored = {tuple(row[:4]): row[4] for row in con.execute(
            f"SELECT f.corporatie_id, f.vragenlijst_code, f.jaar, f.maat, f.vingerafdruk FROM {FINGERPRINTS} f "
            "JOIN refresh_target t ON t.corporatie_id = f.corporatie_id AND t.vragenlijst_code = f.vragenlijst_code"
        ).fetchall()}
        todo = {key: value for key, value in atoms.items() if stored.get(key) != prints[key]}
        stale = [key for key in stored if key not in atoms or key in todo]
    rows = _decide_all(todo, min_n)
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in _SCHEMA.names]
    keys = [(*key, prints.get(key, "")) for key in (*todo, *(k for k in stale if k not in todo))]
    key_columns = list(zip(*keys, strict=True)) if keys else [[] for _ in _KEY_SCHEMA.names]
    con.register("onderdrukte_cel_nieuw", pa.table(dict(zip(_SCHEMA.names, columns, strict=True)), schema=_SCHEMA))
    con.register("onderdrukking_sleutels", pa.table(dict(zip(_KEY_SCHEMA.names, key_columns, strict=True)),
                                                     schema=_KEY_SCHEMA))
    try:
        if full:
            con.execute(f"CREATE OR REPLACE TABLE {TABLE} AS SELECT * FROM onderdrukte_cel_nieuw "
                        "ORDER BY corporatie_id, vragenlijst_code, maat, periode")
            con.execute(f"CREATE OR REPLACE TABLE {FINGERPRINTS} AS SELECT * FROM onderdrukking_sleutels")
        else:
            for table in (TABLE, FINGERPRINTS):
                con.execute(
                    f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM onderdrukking_sleutels k "
                    f"WHERE k.corporatie_id = {table}.corporatie_id AND k.vragenlijst_code = {table}.vragenlijst_code "
                    f"AND k.jaar = {table}.jaar AND k.maat = {table}.maat)"
                )
            con.execute(f"INSERT INTO {TABLE} SELECT * FROM onderdrukte_cel_nieuw")
            con.execute(f"INSERT INTO {FINGERPRINTS} SELECT * FROM onderdrukking_sleutels WHERE vingerafdruk <> ''")
    finally:
        con.unregister("onderdrukte_cel_nieuw")
        con.unregister("onderdrukking_sleutels")
    return len(todo)


# --- the gate, at read time ----------------------------------------------------------------------

@dataclass(frozen=True)
class Publicatie:
    """What may be shown of one corporatie × vragenlijst (for the current data version)."""

    min_n: int
    onderdrukt: frozenset[tuple[str, str, str, str, str]]   # (maat, periode, aannemer, dim, value)

    def toont(self, maat: str, cell: Cell, n: int) -> bool:
        if cell[1] and cell[2] and not combinatie_aangeboden(cell[0]):
            return False
        return n >= self.min_n and (maat, *cell) not in self.onderdrukt

    def toont_stap(self, vraag_cellen: Iterable[tuple[str, Cell, int]]) -> bool:
        """A step figure sums its questions' grades: shown only when each of them is shown."""
        parts = [(code, cell, n) for code, cell, n in vraag_cellen if n > 0]
        return bool(parts) and all(self.toont(maat_vraag(code), cell, n) for code, cell, n in parts)


def publicatie(con: duckdb.DuckDBPyConnection, corporatie_id: int, vragenlijst: str) -> Publicatie:
    """The stored decision for one pair; cached per data version (one small indexed read)."""
    version = db.info(con, "data_version") or ""
    return _publicatie(con, version, corporatie_id, vragenlijst, CONFIG.min_n)


_loaded: dict[tuple[str, int, str, int], Publicatie] = {}


def _publicatie(con, version: str, corporatie_id: int, vragenlijst: str, min_n: int) -> Publicatie:
    key = (version, corporatie_id, vragenlijst, min_n)
    found = _loaded.get(key)
    if found is not None:
        return found
    rows = con.execute(
        f"SELECT maat, periode, aannemer, uitsplitsing_dim, uitsplitsing_waarde FROM {TABLE} "
        "WHERE corporatie_id = ? AND vragenlijst_code = ?",
        [corporatie_id, vragenlijst],
    ).fetchall() if db.table_exists(con, TABLE) else []
    found = Publicatie(min_n, frozenset(tuple(r) for r in rows))
    if len(_loaded) > 512:
        _loaded.clear()
    _loaded[key] = found
    return found


# --- the audit -----------------------------------------------------------------------------------

def audit_pair_year(con: duckdb.DuckDBPyConnection, corporatie_id: int, vragenlijst: str, jaar: int) -> dict:
    """interfaces.md ``privacy-audit``: the exact audit of everything published for that year.

    It rebuilds every lattice from the fact tables and checks, by a rank test over respondents,
    that no small cell is derivable from the cells the gate shows. Step figures and comparison
    groups are sums of shown figures by construction (module doc), so they add no cells.
    """
    db.set_refresh_target(con, [(corporatie_id, vragenlijst)])
    gate = publicatie(con, corporatie_id, vragenlijst)
    totals = {"cellen": 0, "klein": 0, "getoond": 0, "groot": 0, "verborgen_groot": 0}
    afleidbaar: list[dict] = []
    for (_, _, year, maat), atoms in _atoms(con).items():
        if year != str(jaar):
            continue
        lattice = Lattice.build(atoms, PeriodTree.of(year))
        result = audit(lattice, lambda cell, n, maat=maat: gate.toont(maat, cell, n), gate.min_n)
        totals["cellen"] += result.cellen
        totals["klein"] += result.klein
        totals["getoond"] += result.getoond
        totals["groot"] += result.groot
        totals["verborgen_groot"] += result.verborgen_groot
        afleidbaar += [
            {"maat": maat, "periode": c[0], "aannemer": c[1] or None,
             "uitsplitsing": f"{c[2]}={c[3]}" if c[2] else None}
            for c in result.afleidbaar
        ]
    groot = totals.pop("groot")
    verborgen = totals.pop("verborgen_groot")
    return {**totals, "afleidbaar": afleidbaar,
            "verlies_pct": round(100.0 * verborgen / groot, 2) if groot else 0.0}
