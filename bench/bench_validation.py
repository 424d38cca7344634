"""Time the validation of a 50.000-row tenant file (issue 5 target: ≤ 3 s on the build machine).

Run from the repository root: ``python bench/bench_validation.py [ROWS]``. The file is built with
the same writer as the example files (fictitious rows, 80% with e-mail) in a temporary folder.
The file is read in a limited child process (issue 10); the CPU seconds of this process and of
the reading child are printed beside the wall time, so the child's share shows even when a busy
machine makes the wall time jump.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kwhcore.example_files import fictitious_rows, write_xlsx  # noqa: E402
from kwhcore.validation import validate_file  # noqa: E402

TARGET_SECONDS = 3.0


def main(rows: int = 50_000, repeats: int = 3) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reparaties_50k.xlsx"
        data = fictitious_rows(rows, "reparaties")
        for n, row in enumerate(data):
            if n % 3 == 0:
                row["telefoon2"] = f"010-{2000000 + n:07d}"
        write_xlsx(path, data)
        timings = []
        for _ in range(repeats):
            own, child = _cpu()
            started = time.perf_counter()
            report = validate_file(path, "reparaties")
            own_after, child_after = _cpu()
            timings.append((time.perf_counter() - started, own_after - own, child_after - child))
        best, own_cpu, child_cpu = min(timings)
        print(
            f"validate_file: {rows} rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"best of {repeats}: {best:.2f} s (target ≤ {TARGET_SECONDS:.0f} s); CPU {own_cpu:.2f} s here + "
            f"{child_cpu:.2f} s in the reading child; "
            f"accepted={report.accepted}, errors={len(report.errors)}, warnings={len(report.warnings)}"
        )
        return best


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
