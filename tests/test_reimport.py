"""Issue 10: re-importing existing respondent ids runs at the speed of a fresh import (set-based,
one staging table) and still keeps the first import moment and refreshes every pair it touched."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from kwhcore.corporaties import add_corporatie
from kwhcore.responses_import import import_responses

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_import import CORPORATIES, TODAY, write_responses  # noqa: E402


def test_a_re_import_of_10000_existing_ids_takes_at_most_about_a_fresh_import(empty_db, tmp_path):
    for i, naam in enumerate(CORPORATIES):
        add_corporatie(empty_db, naam, 2000 + 1000 * i, "Utrecht", 1 + i % 5)
    path = tmp_path / "antwoorden.csv"
    write_responses(path, 10_000)
    started = time.perf_counter()
    import_responses(empty_db, path, today=TODAY)
    fresh = time.perf_counter() - started
    first_moment = empty_db.execute("SELECT max(imported_at) FROM respondent").fetchone()[0]
    started = time.perf_counter()
    again = import_responses(empty_db, path, today=TODAY)
    repeat = time.perf_counter() - started
    # Row by row this took ~9x the fresh time at 10.000 rows; set-based it is ~1x. 3x leaves
    # room for a busy machine.
    assert repeat < 3 * fresh + 1, (fresh, repeat)
    assert (again.nieuw, again.bijgewerkt) == (0, 10_000)
    assert empty_db.execute("SELECT count(*), max(imported_at) FROM respondent").fetchone() == (10_000, first_moment)


def test_a_respondent_moved_to_another_corporation_leaves_the_old_ones_figures(empty_db, tmp_path):
    add_corporatie(empty_db, "Woonstede", 3000, "Utrecht", 2)
    add_corporatie(empty_db, "Ymere", 9000, "Amsterdam", 1)
    header = "respondent_id,corporatie,vragenlijst,ingevuld_op,kanaal,rep_totaal\n"
    path = tmp_path / "a.csv"
    path.write_text(header + "R1,Woonstede,reparaties,2025-01-05,online,8\n", encoding="utf-8")
    import_responses(empty_db, path, today=date(2026, 1, 1))
    path.write_text(header + "R1,Ymere,reparaties,2025-01-05,online,6\n", encoding="utf-8")
    result = import_responses(empty_db, path, today=date(2026, 1, 1))
    assert result.pairs == {(1, "reparaties"), (2, "reparaties")}
    assert empty_db.execute("SELECT corporatie_id FROM fct_respondent").fetchall() == [(2,)]
