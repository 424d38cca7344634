"""The privacy gate on a whole warehouse: decision time, the exact audit of every year, the loss.

Run from the repository root: ``python bench/bench_privacy.py [--db PATH]`` (default: a fresh
demo warehouse in a temporary folder). It times a full decision of the gate (every corporatie ×
vragenlijst × year × measure), then runs ``privacy-audit``'s check for every corporatie ×
vragenlijst × year and reports the totals: cells, small cells, derivable cells (must be 0) and
the information loss — the share of cells with at least minimum N respondents that are hidden.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data.generator import build_sample  # noqa: E402
from warehouse import db, privacy  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or str(Path(folder) / "demo.duckdb")
        con = db.connect(path)
        if not con.execute("SELECT count(*) FROM corporatie").fetchone()[0]:
            started = time.perf_counter()
            build_sample(con)
            print(f"demo warehouse built in {time.perf_counter() - started:.1f} s")
        pairs = con.execute("SELECT DISTINCT corporatie_id, vragenlijst_code FROM fct_respondent ORDER BY ALL").fetchall()
        db.set_refresh_target(con, pairs)
        started, cpu = time.perf_counter(), time.process_time()
        stored = privacy.rebuild(con, full=True)
        print(f"gate decision, all {len(pairs)} pairs: {time.perf_counter() - started:.1f} s wall "
              f"({time.process_time() - cpu:.1f} s CPU in this process), {stored} secondary suppressions")
        totals = {"cellen": 0, "klein": 0, "afleidbaar": 0, "getoond": 0}
        hidden_large = large = 0
        worst = (0.0, None)
        started = time.perf_counter()
        years = [int(y) for (y,) in con.execute("SELECT DISTINCT jaar FROM fct_respondent ORDER BY 1").fetchall()]
        for corporatie_id, vragenlijst in pairs:
            for jaar in years:
                report = privacy.audit_pair_year(con, corporatie_id, vragenlijst, jaar)
                for key in ("cellen", "klein", "getoond"):
                    totals[key] += report[key]
                totals["afleidbaar"] += len(report["afleidbaar"])
                cells_large = report["cellen"] - report["klein"]
                large += cells_large
                hidden_large += cells_large - report["getoond"]
                worst = max(worst, (report["verlies_pct"], (corporatie_id, vragenlijst, jaar)))
        print(f"audit of {len(pairs) * len(years)} corporatie × vragenlijst × years in "
              f"{time.perf_counter() - started:.1f} s: {totals}")
        print(f"loss: {100 * hidden_large / large:.1f}% of the {large} cells with at least minimum N are hidden "
              f"(worst single year {worst[0]:.1f}% at {worst[1]})")
        return 1 if totals["afleidbaar"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
