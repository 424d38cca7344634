"""The national bench's own parts, on the demo sample: its three paths must agree, its
selections must be requests a real user can make, and its import must leave no trace."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import bench_queries as bench  # noqa: E402

from warehouse import db  # noqa: E402


@pytest.fixture(scope="module")
def cases(demo_con):
    return bench.make_cases(demo_con.cursor(), 24, seed=7)


def test_selections_cover_every_slice_kind_and_contractor_requests(cases):
    assert {case.kind for case in cases} == {"totaal", "aannemer", "uitsplitsing", "combinatie"}
    assert any(case.scope.is_aannemer for case in cases)
    assert {case.selection.parsed_periode.type for case in cases} == {"jaar", "kwartaal", "maand"}


def test_every_page_of_every_selection_is_timed_within_the_users_scope(demo, cases):
    timings = bench.time_query_path(demo, cases)
    assert {name: len(values) for name, values in timings.pages.items()} == {
        name: len(cases) for name, _ in bench.PAGES}
    assert {name for name, _ in bench.PAGES} >= {"start", "hoofddashboard", "klantreis", "vraagdetail",
                                                 "open_antwoorden", "filterlijsten"}
    assert len(timings.calls["split_onderdeel"]) == len(cases)


def test_marts_raw_query_and_pandas_give_the_same_onderdeelscore(demo, cases):
    peers = bench.time_peers(demo, cases)
    assert peers.disagreements == []
    assert len(peers.limit) == len(peers.pandas_request) == len(cases)


def test_a_wrong_raw_figure_is_reported_as_a_disagreement(demo, cases, monkeypatch):
    monkeypatch.setattr(bench, "raw_onderdeel", lambda con, selection: (10**6, 1.0))
    assert len(bench.time_peers(demo, cases[:3]).disagreements) == 3


def test_the_import_bench_leaves_the_warehouse_as_it_was(demo_con, tmp_path):
    copy = tmp_path / "copy.duckdb"
    source = demo_con.cursor()
    source.execute(f"ATTACH '{copy}' AS bench_copy")
    source.execute("COPY FROM DATABASE memory TO bench_copy")
    source.execute("DETACH bench_copy")
    con = db.connect(copy)
    before = {t: con.execute(f"SELECT count(*), sum(n_respondenten) FROM {t}").fetchone()
              for t in ("mart_onderdeel_per_periode",)}
    respondents = con.execute("SELECT count(*) FROM respondent").fetchone()[0]
    times = bench.time_refresh(con, seed=1, full=False)
    assert times.respondenten == bench.IMPORT_RESPONDENTS
    assert con.execute("SELECT count(*) FROM respondent").fetchone()[0] == respondents
    assert {t: con.execute(f"SELECT count(*), sum(n_respondenten) FROM {t}").fetchone() for t in before} == before
    con.close()
