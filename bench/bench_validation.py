"""Time the validation of a 50.000-row tenant file (issue 5 target: ≤ 3 s on the build machine).

Run from the repository root: ``python bench/bench_validation.py [ROWS]``. The file is built with
the same writer as the example files (fictitious rows, 80% with e-mail) in a temporary folder;
one in twenty addresses appears twice (several repairs at one dwelling) and one in fifty rows has
a malformed second phone number beside a good first one, so the attention-point paths are timed.

Besides the absolute time it prints the ratio to a plain openpyxl read of the same file
(``load_workbook(read_only=True)`` and every cell value): a figure that does not depend on the
machine, so a slower build machine does not hide a slower validator (issue 14).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import openpyxl

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
            if n % 50 == 7:
                row["telefoon2"] = "06-9123"
            if n % 20 == 19:
                row.update(postcode=data[n - 1]["postcode"], huisnummer=data[n - 1]["huisnummer"])
        write_xlsx(path, data)
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            report = validate_file(path, "reparaties")
            timings.append(time.perf_counter() - started)
        best = min(timings)
        plain = min(_plain_openpyxl_read(path) for _ in range(repeats))
        print(
            f"validate_file: {rows} rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"best of {repeats}: {best:.2f} s (target ≤ {TARGET_SECONDS:.0f} s); "
            f"accepted={report.accepted}, errors={len(report.errors)}, warnings={len(report.warnings)}"
        )
        print(
            f"plain openpyxl read (read_only, every value): {plain:.2f} s; "
            f"validation / plain read = {best / plain:.2f}"
        )
        return best


def _plain_openpyxl_read(path: Path) -> float:
    """Seconds to read every cell value of the file with openpyxl, nothing else."""
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
