"""Time a page's data at national scale: our query path beside the limit and the pandas peer.

Issues 2 and 4: with ≈300 corporations, 5 years, ≈3 million respondents and ≈45 million
answers on 2 cores, every page's data calls must come back within 100 ms at p95, server-side.
This script builds (or reuses) that warehouse with the sample generator and, for a fixed,
seeded set of realistic selections, prints side by side:

1. our query path — the calls the pages make (``warehouse.queries.scores`` / ``filters``),
   with the user's Scope, from the additive marts;
2. the limit — one raw DuckDB query computing the same onderdeelscore straight from the
   ``respondent`` and ``antwoord`` base tables, which is the best a mart-less app could do;
3. the pandas peer — the corporation's respondent/answer rows loaded into pandas and grouped
   per request, the way a naive dashboard does it;

and checks the three give the same N and onderdeelscore. It ends with the time of a
1.000-respondent import (incremental refresh) against a full refresh, then removes the bench
respondents again so the reused warehouse stays the generator's.

Run from the repository root: ``python bench/bench_queries.py [--rebuild] [--samples N]``.
Exit status 0 when every page's p95 is within the target and the three paths agree, else 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from kwhcore.access import Scope  # noqa: E402
from kwhcore.config import CONFIG  # noqa: E402
from kwhcore.responses_import import import_responses  # noqa: E402
from kwhcore.selection import UITSPLITSING_DIMS, Selection  # noqa: E402
from kwhcore.vragenlijsten import vragenlijst as vragenlijst_def  # noqa: E402
from sample_data.generator import VL_WITH_AANNEMER, build_sample  # noqa: E402
from warehouse import db  # noqa: E402
from warehouse.queries import dashboard, filters, open_antwoorden, scores  # noqa: E402
from warehouse.refresh import is_current, refresh  # noqa: E402

DEFAULT_DB = ROOT / "bench" / "output" / "national.duckdb"
# Pinned so every run, on every machine, builds the same warehouse.
BENCH_TODAY = date(2026, 4, 22)
TARGET_P95_MS = 100.0
IMPORT_RESPONDENTS = 1_000
BENCH_ID_PREFIX = "BENCH-"
# The machine of the issue: 2 cores, 24 GB. 16 GB keeps the build bounded; at 8 GB the
# generator's bulk inserts (primary keys of 11 M invitations) spilled and, on a busy machine,
# the build took 19 minutes instead of 3 to 6.
DUCKDB_SETTINGS = ("SET threads = 2", "SET memory_limit = '16GB'")
WARMUP_CASES = 10


# --- the warehouse ------------------------------------------------------------------------------

@dataclass
class BuildFacts:
    reused: bool
    seconds: float
    refresh_seconds: float
    counts: dict[str, int]
    file_bytes: int


def open_warehouse(path: Path, rebuild: bool, seed: int) -> tuple[duckdb.DuckDBPyConnection, BuildFacts]:
    """Reuse a finished national warehouse, or build one and remember how long that took."""
    if rebuild or not _is_finished(path):
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        con = db.connect(path)
        _tune(con)
        phases: dict[str, float] = {}
        started = time.perf_counter()

        def progress(fraction: float, text: str) -> None:
            if fraction >= 0.6 and "refresh" not in phases:
                phases["refresh"] = time.perf_counter()
            print(f"  {time.perf_counter() - started:7.1f} s  {text}", flush=True)

        print(f"National warehouse bouwen in {path} …", flush=True)
        build_sample(con, scale="national", seed=seed, progress=progress, today=BENCH_TODAY)
        finished = time.perf_counter()
        db.set_info(con, "bench_build_seconds", f"{finished - started:.1f}")
        db.set_info(con, "bench_refresh_seconds", f"{finished - phases.get('refresh', finished):.1f}")
        con.execute("CHECKPOINT")
        reused = False
    else:
        con = db.connect(path)
        _tune(con)
        reused = True
        if not is_current(con):
            # A warehouse built before a new fact table or mart: bring its marts up to date.
            print("Nieuwe marts sinds de bouw: volledige refresh …", flush=True)
            refresh(con)
            con.execute("CHECKPOINT")
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("corporatie", "uitnodiging", "respondent", "antwoord", "fct_respondent", "fct_cijfer",
                      "mart_onderdeel_per_periode", "mart_vraag_per_periode", "mart_respons_per_periode",
                      "mart_vergelijking_onderdeel", "mart_vergelijking_vraag")
    }
    return con, BuildFacts(
        reused=reused,
        seconds=float(db.info(con, "bench_build_seconds") or "nan"),
        refresh_seconds=float(db.info(con, "bench_refresh_seconds") or "nan"),
        counts=counts,
        file_bytes=path.stat().st_size,
    )


def _is_finished(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            print(f"{path} is in gebruik door een ander proces; wacht tot dat klaar is.", file=sys.stderr)
            raise SystemExit(2) from exc
        return False
    except duckdb.Error:
        return False
    try:
        row = con.execute("SELECT info_value FROM warehouse_info WHERE info_key = 'bench_build_seconds'").fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    return row is not None


def _tune(con: duckdb.DuckDBPyConnection) -> None:
    for statement in DUCKDB_SETTINGS:
        con.execute(statement)


# --- the selections -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One request: who asks (scope), what they look at, and the page's extra choices."""

    kind: str  # totaal | aannemer | uitsplitsing | combinatie
    scope: Scope
    selection: Selection
    vraag_code: str
    split_dim: str


def make_cases(con: duckdb.DuckDBPyConnection, count: int, seed: int) -> list[Case]:
    """A fixed, seeded mix of realistic selections over corporations, periods and slices."""
    rng = random.Random(seed)
    corporaties = [row[0] for row in con.execute("SELECT corporatie_id FROM corporatie ORDER BY 1").fetchall()]
    cases: list[Case] = []
    while len(cases) < count:
        corporatie_id = rng.choice(corporaties)
        kind = rng.choices(("totaal", "aannemer", "uitsplitsing", "combinatie"), weights=(3, 3, 2, 2))[0]
        pool = VL_WITH_AANNEMER if kind in ("aannemer", "combinatie") else tuple(
            v.code for v in _library_codes())
        vragenlijst = rng.choice(pool)
        periode_type = rng.choices(("jaar", "kwartaal", "maand"), weights=(4, 3, 3))[0]
        periodes = _setup_values(
            con, "SELECT DISTINCT periode FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
            "AND vragenlijst_code = ? AND periode_type = ? AND slice_dim = 'totaal' ORDER BY 1",
            [corporatie_id, vragenlijst, periode_type])
        if not periodes:
            continue
        periode = rng.choice(periodes)
        case = _case(con, rng, kind, corporatie_id, vragenlijst, periode)
        if case is not None:
            cases.append(case)
    return cases


def _library_codes():
    from kwhcore.vragenlijsten import load_library

    return load_library()


def _setup_values(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list:
    return [row[0] for row in con.execute(sql, params).fetchall()]


def _case(con, rng: random.Random, kind: str, corporatie_id: int, vragenlijst: str, periode: str) -> Case | None:
    base = Selection(corporatie_id, vragenlijst, periode)
    p = base.parsed_periode
    aannemer = uitsplitsing = None
    if kind in ("aannemer", "combinatie"):
        names = _setup_values(
            con, "SELECT DISTINCT aannemer FROM fct_respondent WHERE corporatie_id = ? AND vragenlijst_code = ? "
            "AND completed_date BETWEEN ? AND ? AND aannemer IS NOT NULL ORDER BY 1",
            [corporatie_id, vragenlijst, p.start, p.end])
        if not names:
            return None
        aannemer = rng.choice(names)
    if kind in ("uitsplitsing", "combinatie"):
        dim = rng.choice(UITSPLITSING_DIMS[:3])
        condition = "AND aannemer = ?" if aannemer else ""
        values = _setup_values(
            con, f"SELECT DISTINCT {dim} FROM fct_respondent WHERE corporatie_id = ? AND vragenlijst_code = ? "
            f"AND completed_date BETWEEN ? AND ? AND {dim} IS NOT NULL {condition} ORDER BY 1",
            [corporatie_id, vragenlijst, p.start, p.end, *([aannemer] if aannemer else [])])
        if not values:
            return None
        uitsplitsing = (dim, rng.choice(values))
    selection = base.with_(aannemer=aannemer, uitsplitsing=uitsplitsing)
    # Half of the contractor selections are asked by the contractor itself (seed 000).
    if aannemer and rng.random() < 0.5:
        scope = Scope.aannemer(corporatie_id, {aannemer})
        split_dim = "aannemer"
    else:
        scope = Scope.corporatie(corporatie_id, role=rng.choice(("hoofdgebruiker", "gebruiker")))
        split_dim = uitsplitsing[0] if uitsplitsing else (
            "aannemer" if vragenlijst in VL_WITH_AANNEMER else rng.choice(UITSPLITSING_DIMS[:3]))
    cijfervragen = [q.code for q in vragenlijst_def(vragenlijst).vragen if q.is_cijfervraag]
    return Case(kind, scope, selection, rng.choice(cijfervragen), split_dim)


# --- 1. our query path: the calls each page makes -------------------------------------------------

@dataclass
class Timings:
    """Milliseconds per page and per query-layer call, over all cases."""

    pages: dict[str, list[float]] = field(default_factory=dict)
    calls: dict[str, list[float]] = field(default_factory=dict)

    def call(self, name: str, function: Callable, *args):
        started = time.perf_counter()
        result = function(*args)
        self.calls.setdefault(name, []).append(1000 * (time.perf_counter() - started))
        return result

    def page(self, name: str, function: Callable, *args) -> None:
        started = time.perf_counter()
        function(self, *args)
        self.pages.setdefault(name, []).append(1000 * (time.perf_counter() - started))


def start(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> None:
    """pages/start.py: every vragenlijst tile in one call."""
    s = case.selection
    t.call("start_tegels", dashboard.start_tegels, con, case.scope, s.corporatie_id, s.periode, s.aannemer)


def hoofddashboard(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> scores.OnderdeelFigure:
    """pages/hoofddashboard.py: the slice beside the corporation as a whole, and everything else."""
    scope, s = case.scope, case.selection
    totaal = s.as_totaal()
    is_slice = totaal != s
    figure = t.call("onderdeel", scores.onderdeel, con, scope, s)
    t.call("vragen", scores.vragen, con, scope, s)
    t.call("stappen", dashboard.stappen, con, scope, s)
    t.call("vergelijking_onderdeel", scores.vergelijking_onderdeel, con, scope, s)
    t.call("onderdeel_trend", scores.onderdeel_trend, con, scope, s, s.parsed_periode.type)
    t.call("split_onderdeel", scores.split_onderdeel, con, scope, s, case.split_dim)
    t.call("ontevredenheid", dashboard.ontevredenheid, con, scope, s)
    t.call("respons", scores.respons, con, scope, s)
    t.call("checkvraag", scores.checkvraag, con, scope, s)
    if is_slice:
        t.call("onderdeel", scores.onderdeel, con, scope, totaal)
        t.call("vragen", scores.vragen, con, scope, totaal)
        t.call("onderdeel_trend", scores.onderdeel_trend, con, scope, totaal, s.parsed_periode.type)
        t.call("checkvraag", scores.checkvraag, con, scope, totaal)
    return figure


def klantreis(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> None:
    """pages/klantreis.py: the step's score and its questions, beside the whole."""
    scope, s = case.scope, case.selection
    t.call("stappen", dashboard.stappen, con, scope, s)
    t.call("vragen", scores.vragen, con, scope, s)
    if s.as_totaal() != s:
        t.call("vragen", scores.vragen, con, scope, s.as_totaal())


def vraagdetail(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> None:
    """pages/vraag.py: score, trend beside the whole, comparison lines and groups, respons."""
    scope, s, code = case.scope, case.selection, case.vraag_code
    totaal = s.as_totaal()
    t.call("vragen", scores.vragen, con, scope, s)
    t.call("vraag_trend", scores.vraag_trend, con, scope, s, code, s.parsed_periode.type)
    if totaal != s:
        t.call("vragen", scores.vragen, con, scope, totaal)
        t.call("vraag_trend", scores.vraag_trend, con, scope, totaal, code, s.parsed_periode.type)
    for groep_type in scores.GROEP_TYPES:
        t.call("vergelijking_vraag_trend", scores.vergelijking_vraag_trend, con, scope, s, code,
               s.parsed_periode.type, groep_type)
    t.call("vergelijking_vraag", scores.vergelijking_vraag, con, scope, s, code)
    t.call("respons", scores.respons, con, scope, s)


def open_antwoorden_pagina(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> None:
    """pages/open_antwoorden.py: the newest answers, and a search."""
    scope, s = case.scope, case.selection
    t.call("open_antwoorden", open_antwoorden.open_antwoorden, con, scope, s)
    t.call("open_antwoorden_zoeken", open_antwoorden.open_antwoorden, con, scope, s, None, "afspraak")


def filterlijsten(t: Timings, con: duckdb.DuckDBPyConnection, case: Case) -> None:
    """The top bar: aannemers, the uitsplitsingen in use and their values, the periods."""
    scope, s = case.scope, case.selection
    t.call("aannemers", filters.aannemers, con, scope, s.corporatie_id, s.vragenlijst)
    dims = t.call("uitsplitsing_dims_in_use", filters.uitsplitsing_dims_in_use, con, scope, s.corporatie_id,
                  s.vragenlijst)
    for dim in dims:
        t.call("uitsplitsing_waarden", filters.uitsplitsing_waarden, con, scope, s.corporatie_id, s.vragenlijst, dim)
    t.call("periodes_met_data", filters.periodes_met_data, con, scope, s.corporatie_id, s.parsed_periode.type)


PAGES = (
    ("start", start), ("hoofddashboard", hoofddashboard), ("klantreis", klantreis),
    ("vraagdetail", vraagdetail), ("open_antwoorden", open_antwoorden_pagina), ("filterlijsten", filterlijsten),
)


def time_query_path(con: duckdb.DuckDBPyConnection, cases: list[Case]) -> Timings:
    for case in cases[:WARMUP_CASES]:
        for _, page in PAGES:
            page(Timings(), con, case)
    timings = Timings()
    for case in cases:
        for name, page in PAGES:
            timings.page(name, page, con, case)
    return timings


# --- 2. the limit: one raw query over the base tables ----------------------------------------------

def _slice_sql(selection: Selection, prefix: str) -> tuple[str, list]:
    sql, params = "", []
    if selection.aannemer is not None:
        sql += f" AND {prefix}aannemer = ?"
        params.append(selection.aannemer)
    if selection.uitsplitsing is not None:
        sql += f" AND {prefix}{selection.uitsplitsing[0]} = ?"
        params.append(selection.uitsplitsing[1])
    return sql, params


def raw_onderdeel(con: duckdb.DuckDBPyConnection, selection: Selection) -> tuple[int, float | None]:
    """Onderdeelscore (domain.md §4.2) in one query from respondent + antwoord, no marts."""
    p = selection.parsed_periode
    slice_sql, params = _slice_sql(selection, "r.")
    n, score = con.execute(
        "WITH per_respondent AS ("
        " SELECT r.respondent_id, avg(a.cijfer) AS gemiddelde"
        " FROM respondent r JOIN antwoord a ON a.respondent_id = r.respondent_id"
        " JOIN vraag v ON v.vraag_code = a.vraag_code"
        " WHERE r.corporatie_id = ? AND r.vragenlijst_code = ? AND r.completed_date BETWEEN ? AND ?"
        f" AND v.is_kwaliteitslabel AND a.cijfer BETWEEN 1 AND 10{slice_sql}"
        " GROUP BY r.respondent_id)"
        " SELECT count(*), avg(gemiddelde) FROM per_respondent",
        [selection.corporatie_id, selection.vragenlijst, p.start, p.end, *params],
    ).fetchone()
    return int(n), score


# --- 3. the pandas peer: load the corporation, group per request -----------------------------------

def load_corporatie_frame(con: duckdb.DuckDBPyConnection, corporatie_id: int) -> pd.DataFrame:
    return con.execute(
        "SELECT r.respondent_id, r.vragenlijst_code, r.completed_date, r.aannemer, r.uitsplitsing1, "
        "r.uitsplitsing2, r.uitsplitsing3, r.uitsplitsing4, a.vraag_code, a.cijfer "
        "FROM respondent r JOIN antwoord a ON a.respondent_id = r.respondent_id WHERE r.corporatie_id = ?",
        [corporatie_id],
    ).df()


def pandas_onderdeel(frame: pd.DataFrame, selection: Selection, label_codes: frozenset[str]) -> tuple[int, float | None]:
    p = selection.parsed_periode
    dates = pd.to_datetime(frame["completed_date"])
    mask = (
        (frame["vragenlijst_code"] == selection.vragenlijst)
        & (dates >= pd.Timestamp(p.start)) & (dates <= pd.Timestamp(p.end))
        & frame["vraag_code"].isin(label_codes)
        & frame["cijfer"].between(1, 10)
    )
    if selection.aannemer is not None:
        mask &= frame["aannemer"] == selection.aannemer
    if selection.uitsplitsing is not None:
        mask &= frame[selection.uitsplitsing[0]] == selection.uitsplitsing[1]
    per_respondent = frame.loc[mask].groupby("respondent_id")["cijfer"].mean()
    return len(per_respondent), (float(per_respondent.mean()) if len(per_respondent) else None)


@dataclass
class PeerTimings:
    ours: list[float] = field(default_factory=list)
    limit: list[float] = field(default_factory=list)
    pandas_request: list[float] = field(default_factory=list)
    pandas_groupby: list[float] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def time_peers(con: duckdb.DuckDBPyConnection, cases: list[Case]) -> PeerTimings:
    """Onderdeelscore per case along all three paths, checking they give the same figure."""
    label_codes = frozenset(
        row[0] for row in con.execute("SELECT vraag_code FROM vraag WHERE is_kwaliteitslabel").fetchall())
    result = PeerTimings()
    for case in cases[:WARMUP_CASES // 2]:
        raw_onderdeel(con, case.selection)
    for case in cases:
        s = case.selection
        started = time.perf_counter()
        ours = scores.onderdeel(con, case.scope, s)
        result.ours.append(1000 * (time.perf_counter() - started))

        started = time.perf_counter()
        limit = raw_onderdeel(con, s)
        result.limit.append(1000 * (time.perf_counter() - started))

        started = time.perf_counter()
        frame = load_corporatie_frame(con, s.corporatie_id)
        loaded = time.perf_counter()
        peer = pandas_onderdeel(frame, s, label_codes)
        done = time.perf_counter()
        result.pandas_request.append(1000 * (done - started))
        result.pandas_groupby.append(1000 * (done - loaded))

        ours_score = None if ours.onderdrukt else ours.onderdeelscore
        for name, (n, score) in (("raw", limit), ("pandas", peer)):
            shown = None if n < CONFIG.min_n else score
            if n != ours.n or (shown is None) != (ours_score is None) or (
                    shown is not None and abs(shown - ours_score) > 1e-9):
                result.disagreements.append(f"{s} ({name}): N {n} vs {ours.n}, score {shown} vs {ours_score}")
    return result


# --- refresh: a 1.000-respondent import against a full refresh ----------------------------------

@dataclass
class RefreshTimes:
    corporatie: str
    vragenlijst: str
    respondenten: int
    import_seconds: float
    incremental_seconds: float
    full_seconds: float


def time_refresh(con: duckdb.DuckDBPyConnection, seed: int, full: bool) -> RefreshTimes:
    """Import 1.000 respondents into the largest corporation's Reparaties, then clean up."""
    corporatie_id, naam = con.execute(
        "SELECT c.corporatie_id, c.naam FROM corporatie c ORDER BY vhe_count DESC, corporatie_id LIMIT 1"
    ).fetchone()
    vragenlijst = "reparaties"
    aannemers = _setup_values(
        con, "SELECT DISTINCT aannemer FROM fct_respondent WHERE corporatie_id = ? AND vragenlijst_code = ? "
        "AND aannemer IS NOT NULL ORDER BY 1", [corporatie_id, vragenlijst])
    rng = random.Random(seed)
    questions = [q for q in vragenlijst_def(vragenlijst).vragen if q.is_cijfervraag]
    header = ["respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "anoniem", "aannemer",
              "uitsplitsing1", *(q.code for q in questions)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "respons_bench.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i in range(IMPORT_RESPONDENTS):
                writer.writerow([
                    f"{BENCH_ID_PREFIX}{i:06d}", naam, vragenlijst,
                    (BENCH_TODAY - timedelta(days=rng.randrange(28))).isoformat(),
                    rng.choice(("online", "telefonisch")), "ja", rng.choice(aannemers), "Centrum",
                    *(rng.randint(4, 10) for _ in questions),
                ])
        started = time.perf_counter()
        imported = import_responses(con, path, today=BENCH_TODAY)
        import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    refresh(con, imported.pairs)
    incremental_seconds = time.perf_counter() - started
    full_seconds = float("nan")
    if full:
        started = time.perf_counter()
        refresh(con)
        full_seconds = time.perf_counter() - started
    con.execute(f"DELETE FROM antwoord WHERE respondent_id LIKE '{BENCH_ID_PREFIX}%'")
    con.execute(f"DELETE FROM respondent WHERE respondent_id LIKE '{BENCH_ID_PREFIX}%'")
    refresh(con, imported.pairs)
    return RefreshTimes(naam, vragenlijst, imported.nieuw, import_seconds, incremental_seconds, full_seconds)


# --- the report -----------------------------------------------------------------------------------

def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _row(label: str, values: list[float], extra: str = "") -> str:
    return (f"  {label:<54} {statistics.median(values):9.1f} {_p(values, 0.95):9.1f} "
            f"{max(values):9.1f}  {extra}")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def report(build: BuildFacts, cases: list[Case], timings: Timings, peers: PeerTimings,
           refresh_times: RefreshTimes | None, load: str) -> bool:
    c = build.counts
    how = "hergebruikt (bouwtijd van de eerste run)" if build.reused else "gebouwd"
    print(f"\nWarehouse {how}: {build.seconds:.0f} s, waarvan volledige refresh {build.refresh_seconds:.0f} s; "
          f"bestand {build.file_bytes / 1e9:.2f} GB")
    print(f"  corporaties {_number(c['corporatie'])}, uitnodigingen {_number(c['uitnodiging'])}, "
          f"respondenten {_number(c['respondent'])}, antwoorden {_number(c['antwoord'])}")
    print("  " + ", ".join(f"{k} {_number(v)}" for k, v in c.items() if k.startswith(("fct_", "mart_"))))

    print(f"Belasting van de machine tijdens de metingen (load average, 2 cores): {load}")
    kinds = {k: sum(1 for case in cases if case.kind == k) for k in ("totaal", "aannemer", "uitsplitsing", "combinatie")}
    print(f"\n{len(cases)} selecties ({', '.join(f'{k} {v}' for k, v in kinds.items())}; "
          f"{sum(1 for case in cases if case.scope.is_aannemer)} door een aannemer), warm, server-side, in ms:")
    print(f"  {'pagina / aanroep':<54} {'p50':>9} {'p95':>9} {'max':>9}")
    ok = True
    for name, values in timings.pages.items():
        within = _p(values, 0.95) <= TARGET_P95_MS
        ok &= within
        print(_row(f"{name} (alle aanroepen)", values, "ok" if within else f"BOVEN {TARGET_P95_MS:.0f} ms"))
    for name, values in timings.calls.items():
        print(_row(f"  {name}", values, f"({len(values)}×)"))
    print(f"  p95 per soort selectie (ms): {'':<24}" + "".join(f"{k:>13}" for k in kinds))
    for name, values in timings.pages.items():
        per_kind = ["" if not kinds[k] else f"{_p([v for v, c in zip(values, cases, strict=True) if c.kind == k], 0.95):.1f}"
                    for k in kinds]
        print(f"    {name:<48}" + "".join(f"{v:>13}" for v in per_kind))

    ours_p50 = statistics.median(peers.ours)
    page_p50 = statistics.median(timings.pages["hoofddashboard"])
    print("\nDezelfde onderdeelscore, drie manieren (ms; verhouding = p50 / p50 van onze query):")
    print(f"  {'':<54} {'p50':>9} {'p95':>9} {'max':>9}  verhouding")
    print(_row("ons pad: scores.onderdeel() op de marts", peers.ours, "1×"))
    print(_row("de limiet: één ruwe DuckDB-query op de basistabellen", peers.limit,
               f"{statistics.median(peers.limit) / ours_p50:.0f}×"))
    print(_row("pandas-peer: corporatie laden + groupby per verzoek", peers.pandas_request,
               f"{statistics.median(peers.pandas_request) / ours_p50:.0f}×"))
    print(_row("pandas-groupby alleen (frame al in geheugen)", peers.pandas_groupby,
               f"{statistics.median(peers.pandas_groupby) / ours_p50:.0f}×"))
    print(f"  Heel het hoofddashboard (p50 {page_p50:.1f} ms) is {statistics.median(peers.limit) / page_p50:.1f}× "
          f"sneller dan die ene ruwe query en {statistics.median(peers.pandas_request) / page_p50:.0f}× sneller "
          "dan de pandas-peer.")
    if peers.disagreements:
        ok = False
        print(f"  VERSCHIL in {len(peers.disagreements)} selecties, bijvoorbeeld: {peers.disagreements[0]}")
    else:
        print(f"  Alle {len(peers.ours)} selecties: zelfde N en onderdeelscore langs alle drie de wegen.")

    if refresh_times:
        r = refresh_times
        full = f"{r.full_seconds:.1f} s" if r.full_seconds == r.full_seconds else "overgeslagen"
        print(f"\nImport van {_number(r.respondenten)} respondenten ({r.corporatie}, {r.vragenlijst}): "
              f"{r.import_seconds:.2f} s inclusief incrementele refresh; incrementele refresh alleen "
              f"{r.incremental_seconds:.2f} s; volledige refresh {full}.")
    print(f"\nDoel: elke pagina p95 ≤ {TARGET_P95_MS:.0f} ms — {'gehaald' if ok else 'NIET gehaald'}.")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="bouw het national warehouse opnieuw")
    parser.add_argument("--samples", type=int, default=200, help="aantal selecties (standaard 200)")
    parser.add_argument("--peer-samples", type=int, default=40,
                        help="de eerste N selecties ook via de limiet en pandas (elk ±1-3 s; standaard 40)")
    parser.add_argument("--seed", type=int, default=42, help="seed van generator en selecties")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="pad van het bench-warehouse")
    parser.add_argument("--skip-full-refresh", action="store_true",
                        help="meet de volledige refresh niet (scheelt enkele minuten)")
    args = parser.parse_args(argv)
    if args.samples < 1 or args.peer_samples < 1:
        parser.error("--samples en --peer-samples moeten minstens 1 zijn")

    con, build = open_warehouse(args.db, args.rebuild, args.seed)
    cases = make_cases(con, args.samples, args.seed)
    load_before = os.getloadavg()[0]
    timings = time_query_path(con, cases)
    peers = time_peers(con, cases[:args.peer_samples])
    refresh_times = time_refresh(con, args.seed, full=not args.skip_full_refresh)
    load = f"{load_before:.1f} bij de start, {os.getloadavg()[0]:.1f} aan het eind"
    ok = report(build, cases, timings, peers, refresh_times, load)
    con.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
