"""Time a fresh response import against a re-import of the same respondent ids (issue 10 target:
re-importing 200.000 rows takes at most twice the fresh import).

Run from the repository root: ``python bench/bench_import.py [ROWS]`` (default 200.000). It
builds a scratch warehouse in a temporary folder (never the app's, never national scale) with
five corporations, writes one Reparaties response CSV (every question column filled the way the
fieldwork does: grades, options, ja/nee, a short open answer for one in four) and imports it
through ``kwhcore.responses_import.import_responses`` twice: fresh, then again with every
respondent already present. Both runs include the incremental mart refresh. Exit 0 when the
re-import stays within the target.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kwhcore.corporaties import add_corporatie  # noqa: E402
from kwhcore.responses_import import import_responses  # noqa: E402
from kwhcore.vragenlijsten import load_library  # noqa: E402
from warehouse import db  # noqa: E402

TARGET_RATIO = 2.0
CORPORATIES = ("Woonstede", "Havensteder", "Ymere", "Portaal", "Mitros")
TODAY = date(2026, 4, 22)


def write_responses(path: Path, rows: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    vragen = next(vl for vl in load_library() if vl.code == "reparaties").vragen
    header = ["respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "anoniem",
              "aannemer", "uitsplitsing1", *(q.code for q in vragen)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(rows):
            answers = []
            for q in vragen:
                if q.type == "rapportcijfer":
                    answers.append(str(rng.randint(1, 10)) if rng.random() > 0.05 else "weet niet")
                elif q.type == "ja_nee":
                    answers.append(rng.choice(("ja", "nee")))
                elif q.type == "keuze":
                    answers.append(rng.choice(q.opties))
                else:
                    answers.append("Sneller langskomen graag" if rng.random() < 0.25 else "")
            writer.writerow([
                f"BENCH-{n:07d}", CORPORATIES[n % len(CORPORATIES)], "reparaties",
                (TODAY - timedelta(days=rng.randint(1, 700))).isoformat(),
                rng.choice(("online", "telefonisch")), rng.choice(("ja", "ja", "nee")),
                f"Aannemer {n % 7}", f"Wijk {n % 11}", *answers,
            ])


def main(rows: int = 200_000) -> int:
    with tempfile.TemporaryDirectory() as folder:
        con = db.connect(Path(folder) / "bench_import.duckdb")
        for i, naam in enumerate(CORPORATIES):
            add_corporatie(con, naam, 2000 + 1000 * i, "Utrecht", 1 + i % 5)
        path = Path(folder) / "antwoorden.csv"
        write_responses(path, rows)
        megabytes = path.stat().st_size / 1e6

        started = time.perf_counter()
        fresh = import_responses(con, path, today=TODAY)
        fresh_s = time.perf_counter() - started

        started = time.perf_counter()
        again = import_responses(con, path, today=TODAY)
        again_s = time.perf_counter() - started

        respondents = con.execute("SELECT count(*) FROM respondent").fetchone()[0]
        con.close()
    ratio = again_s / fresh_s
    print(
        f"import-responses, {rows} rows ({megabytes:.0f} MB CSV): "
        f"fresh {fresh_s:.1f} s ({fresh.nieuw} nieuw), re-import {again_s:.1f} s ({again.bijgewerkt} bijgewerkt), "
        f"ratio {ratio:.2f} (target ≤ {TARGET_RATIO:.0f}); {respondents} respondents after both."
    )
    assert respondents == rows, "a re-import must update, never duplicate"
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000))
