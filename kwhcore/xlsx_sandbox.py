"""Reading an untrusted spreadsheet in a child process with memory, CPU and time limits.

The reader (python-calamine, Rust) allocates what a file claims and aborts the whole process
when that fails; a pyo3 panic, a segfault or a loop in any parser would do the same to the app
(issue 10: one 26 KB file took the site down). So :func:`read_in_child` hands the file's bytes to
``python -m kwhcore.xlsx_sandbox`` over a pipe. The child sets ``RLIMIT_AS`` (address space),
``RLIMIT_CPU``, ``RLIMIT_FSIZE`` 0 (it writes no files) and ``RLIMIT_CORE`` 0 (no core dumps)
*before* it touches the file, reads it with :func:`kwhcore.xlsx_reader.read_unsandboxed`, and
pickles plain values back (str, numbers, dates — no classes of ours). The parent unpickles with a
whitelist of the four datetime types, so even a subverted child cannot make it run code, and
kills the child when the wall-clock limit passes. Whatever happens, the caller gets a
:class:`~kwhcore.xlsx_reader.Workbook` or one Dutch sentence in
:class:`~kwhcore.xlsx_reader.UnreadableFile`.

A fresh interpreter (not ``fork``) because the app is multi-threaded (Streamlit, DuckDB):
forking a threaded process can deadlock the child on a lock some other thread held.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from kwhcore.xlsx_reader import (
    NOT_READABLE,
    Limits,
    SheetFlags,
    SheetInfo,
    UnreadableFile,
    Workbook,
    too_much_memory,
)

_REPO_ROOT = Path(__file__).resolve().parent.parent
_ALLOWED_GLOBALS = {("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta")}


def read_in_child(data: bytes, limits: Limits) -> Workbook:
    """Read ``data`` (the file's bytes) in a limited child process; see the module docstring."""
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_REPO_ROOT), os.environ.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kwhcore.xlsx_sandbox", json.dumps(asdict(limits))],
            input=data, capture_output=True, timeout=limits.wall_seconds, cwd=_REPO_ROOT, env=env, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(_too_slow(limits)) from exc
    except OSError as exc:
        raise UnreadableFile(
            "Het bestand kan op dit moment niet worden gelezen (de server is te druk); probeer het over enkele minuten opnieuw."
        ) from exc
    if done.returncode == 0 and done.stdout:
        try:
            outcome = _SafeUnpickler(io.BytesIO(done.stdout)).load()
        except Exception as exc:  # noqa: BLE001 — a broken answer from the child is a refusal, not a crash
            raise UnreadableFile(NOT_READABLE) from exc
        return _workbook(outcome)
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise UnreadableFile(_too_slow(limits))
    if done.returncode == -signal.SIGABRT and b"memory allocation" in done.stderr:
        raise UnreadableFile(too_much_memory(limits))
    raise UnreadableFile(NOT_READABLE)


def _too_slow(limits: Limits) -> str:
    return (
        f"Het lezen van het bestand duurde langer dan {int(limits.wall_seconds)} seconden en is afgebroken; "
        "sla het opnieuw op in Excel als 'Excel-werkmap (*.xlsx)' en upload het opnieuw."
    )


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def _workbook(outcome: object) -> Workbook:
    kind, payload = outcome  # type: ignore[misc]
    if kind == "refused":
        raise UnreadableFile(str(payload))
    data_sheet, sheets, cells, flags = payload
    return Workbook(
        data_sheet,
        tuple(SheetInfo(name, member, hidden) for name, member, hidden in sheets),
        cells,
        SheetFlags(tuple(map(tuple, flags[0])), tuple(flags[1]), tuple(flags[2]), bool(flags[3])),
    )


def _plain(book: Workbook) -> tuple:
    flags = book.flags
    return (
        book.data_sheet,
        [(s.name, s.member, s.is_hidden) for s in book.sheets_with_data],
        book.cells,
        ([list(f) for f in flags.formula_cells], list(flags.hidden_rows), list(flags.hidden_columns), flags.has_active_filter),
    )


def _limit_self(limits: Limits) -> None:
    import resource

    for which, value in (
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_CORE, 0),
    ):
        _, hard = resource.getrlimit(which)
        soft = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (soft, hard))


def _child_main() -> int:
    from kwhcore.xlsx_reader import read_unsandboxed

    limits = Limits(**json.loads(sys.argv[1]))
    data = sys.stdin.buffer.read(limits.max_file_bytes + 1)
    _limit_self(limits)
    try:
        outcome: tuple = ("ok", _plain(read_unsandboxed(data, limits)))
    except UnreadableFile as exc:
        outcome = ("refused", str(exc))
    except MemoryError:
        outcome = ("refused", too_much_memory(limits))
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: plain values, no cycles; halves the time for a million cells
    try:
        pickler.dump(outcome)
    except MemoryError:
        buffer = io.BytesIO(pickle.dumps(("refused", too_much_memory(limits))))
    sys.stdout.buffer.write(buffer.getvalue())
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
