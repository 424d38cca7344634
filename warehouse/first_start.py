"""First start: the demo warehouse is built beside its place and renamed into it when complete.

Building the demo sample takes the better part of a minute. Built in place, a reload or a
stopped process left a half-built file (corporations, no respondents, no accounts) that the app
then used for good (issue 10). Here the build goes into ``<name>.bouw``, which is renamed onto
``<name>`` only after its last write, so a file at the warehouse's path is complete by
construction. One build at a time across processes: an ``fcntl`` lock on ``<name>.lock``; the
build's progress is kept in ``<name>.voortgang.json`` for whoever waits, in any process.

A file left half-built by an older version (in place) is recognised and set aside — renamed,
never deleted — and built again. A real warehouse (``init``) is never touched here.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse import db

Progress = Callable[[float, str], None]
Builder = Callable[[duckdb.DuckDBPyConnection, Progress], None]


@dataclass(frozen=True)
class BuildProgress:
    """How far the build is, for the waiting page: a fraction 0–1, a Dutch line, an error."""

    fraction: float
    text: str
    error: str | None = None
    done: bool = False


def build_path(path: Path) -> Path:
    return path.with_name(path.name + ".bouw")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def progress_path(path: Path) -> Path:
    return path.with_name(path.name + ".voortgang.json")


def needs_build(path: Path) -> bool:
    """Whether the demo warehouse must (still) be built at ``path``: there is no file, or only
    an unfinished one. A file another process holds open is in use, so not unfinished."""
    if not path.exists():
        return True
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:  # held by another process (or already open in this one)
        return False
    try:
        return _is_unfinished(con)
    finally:
        con.close()


def _is_unfinished(con: duckdb.DuckDBPyConnection) -> bool:
    """A demo sample without its accounts, or an empty file that is no real warehouse."""
    if not db.table_exists(con, "warehouse_info"):
        return True
    if db.info(con, "warehouse_kind") == "echt":
        return False
    if db.info(con, "sample_scale") is None:
        return not con.execute("SELECT count(*) FROM corporatie").fetchone()[0]
    if db.info(con, "data_version") is None or not db.table_exists(con, "gebruiker"):
        return True
    return not con.execute("SELECT count(*) FROM gebruiker WHERE is_demo").fetchone()[0]


def read_progress(path: Path) -> BuildProgress | None:
    """The progress the building process last wrote, or None when none is known."""
    try:
        data = json.loads(progress_path(path).read_text(encoding="utf-8"))
        return BuildProgress(float(data["fraction"]), str(data["text"]), data.get("error"), bool(data.get("done")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_progress(path: Path, progress: BuildProgress) -> None:
    target = progress_path(path)
    scratch = target.with_name(target.name + f".{os.getpid()}")
    scratch.write_text(json.dumps(progress.__dict__), encoding="utf-8")
    os.replace(scratch, target)


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _set_aside(path: Path) -> None:
    """An unfinished file is kept for inspection under another name, with its WAL."""
    aside = path.with_name(f"{path.name}.onvolledig-{datetime.now():%Y%m%d-%H%M%S}")
    os.replace(path, aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))


def build_demo(path: Path, builder: Builder) -> bool:
    """Build the demo warehouse at ``path`` unless it is there or another process is building
    it. True when this call built it; exceptions of the build propagate (after cleaning up)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(path), "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        try:
            if not needs_build(path):
                return False
            if path.exists():
                _set_aside(path)
            scratch = build_path(path)
            _remove(scratch)

            def report(fraction: float, text: str) -> None:
                _write_progress(path, BuildProgress(min(max(fraction, 0.0), 1.0), text))

            report(0.0, "Het voorbeeldwarehouse wordt opgebouwd…")
            try:
                con = db.connect(scratch)
                try:
                    builder(con, report)
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
                os.replace(scratch, path)
                _sync_directory(path.parent)
            except BaseException as exc:
                _remove(scratch)
                _write_progress(path, BuildProgress(0.0, "", error=type(exc).__name__))
                raise
            _write_progress(path, BuildProgress(1.0, "Klaar.", done=True))
            return True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable: a crash right after it leaves the complete file, not none."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
