"""Process-wide handles for the Streamlit app: the one warehouse connection per process.

DuckDB connections are not thread-safe; every query takes its own ``.cursor()`` of the shared
connection (style.md §6).

On first start the demo warehouse is built by a background thread into a file beside the
warehouse's place and renamed into it when complete (``warehouse.first_start``); every visitor
meanwhile sees a Dutch "even geduld" page with the build's progress that polls until the
warehouse is there — a reload or a second visitor neither interrupts nor repeats the build.
When another process (a CLI command) holds the warehouse, visitors see a Dutch message and the
page tries again by itself (issue 10).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import duckdb
import streamlit as st

from kwhcore.config import CONFIG
from warehouse import db, first_start

_LOG = logging.getLogger(__name__)
# How often a waiting page looks again (first-start build, busy warehouse).
POLL_SECONDS = 2.0
# After a failed build, wait this long before the next visitor's request tries again.
RETRY_AFTER_FAILURE_SECONDS = 60.0
BUSY_MESSAGE = (
    "Het warehouse wordt even bijgewerkt (er worden bijvoorbeeld gegevens ingelezen). "
    "De pagina gaat vanzelf verder zodra dat klaar is."
)


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return db.connect(path)


class _FirstStart:
    """The build thread of this process and whether the warehouse file is known complete."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready: set[str] = set()
        self.thread: threading.Thread | None = None
        self.failed_at: float | None = None


_FIRST_START = _FirstStart()


def connection() -> duckdb.DuckDBPyConnection:
    """The warehouse connection; on first start the waiting page instead (the run stops), and
    while another process holds the file the busy message (the run stops and tries again)."""
    path = Path(CONFIG.warehouse_path)
    if str(path) not in _FIRST_START.ready:
        if _build_pending(path):
            _waiting_page(path)
        _FIRST_START.ready.add(str(path))
    try:
        return _connection(str(path))
    except db.WarehouseBusy:
        _busy_page()
        raise  # not reached: the busy page stops the run


def cursor() -> duckdb.DuckDBPyConnection:
    return connection().cursor()


def _build_pending(path: Path) -> bool:
    """Whether the demo warehouse is still to be built; starts this process's build thread
    when it is and no build runs here (another process's lock makes that thread end at once)."""
    with _FIRST_START.lock:
        if str(path) in _FIRST_START.ready:
            return False
        building = _FIRST_START.thread is not None and _FIRST_START.thread.is_alive()
        if not building and not first_start.needs_build(path):
            return False
        recently_failed = (_FIRST_START.failed_at is not None
                           and time.monotonic() - _FIRST_START.failed_at < RETRY_AFTER_FAILURE_SECONDS)
        if not building and not recently_failed:
            _FIRST_START.thread = threading.Thread(
                target=_build, args=(path,), name="klantvizier-eerste-start", daemon=True
            )
            _FIRST_START.thread.start()
        return True


def _build(path: Path) -> None:
    from sample_data.generator import build_sample

    try:
        first_start.build_demo(path, lambda con, report: build_sample(con, scale="demo", progress=report))
    except Exception:
        _FIRST_START.failed_at = time.monotonic()
        _LOG.exception("Het voorbeeldwarehouse kon niet worden opgebouwd (%s)", path)


def _waiting_page(path: Path) -> None:
    """'Even geduld' with the build's progress; looks again every POLL_SECONDS and continues
    to the app once the warehouse is complete. Stops the run."""
    st.title("Klantvizier")
    st.info(
        "Even geduld: Klantvizier wordt voor de eerste keer klaargezet met voorbeeldgegevens. "
        "Dat duurt ongeveer een minuut. Deze pagina gaat daarna vanzelf verder; herladen mag.",
        icon=":material/hourglass_top:",
    )

    @st.fragment(run_every=POLL_SECONDS)
    def voortgang() -> None:
        if not _build_pending(path):
            st.rerun(scope="app")
        progress = first_start.read_progress(path)
        if progress is not None and progress.error and _FIRST_START.failed_at is not None:
            st.error(
                "Het klaarzetten is mislukt. De beheerder vindt de oorzaak in het logboek van de "
                "server; over een minuut wordt het opnieuw geprobeerd."
            )
        elif progress is not None:
            st.progress(progress.fraction, text=progress.text or "Bezig…")
        else:
            st.progress(0.0, text="Het opbouwen begint…")

    voortgang()
    st.stop()


def _busy_page() -> None:
    """The warehouse is held by another process: a Dutch message, and the page looks again
    every POLL_SECONDS until it can open the warehouse. Stops the run."""
    st.title("Klantvizier")
    st.info(BUSY_MESSAGE, icon=":material/hourglass_top:")

    @st.fragment(run_every=POLL_SECONDS)
    def opnieuw() -> None:
        try:
            _connection(str(CONFIG.warehouse_path))
        except db.WarehouseBusy:
            return
        st.rerun(scope="app")

    opnieuw()
    st.stop()


_CHECK_LOCK = threading.Lock()
# Data versions already checked to have every mart of this code version: the check runs once per
# import, not on every rerun.
_CURRENT_VERSIONS: set[str] = set()


def ensure_warehouse() -> None:
    """A warehouse from an older version (or a real one made by ``init``) gets the marts of this
    version, once per data version. The demo warehouse itself is built by ``connection``."""
    from warehouse.refresh import is_current

    con = connection()
    version = db.info(con.cursor(), "data_version")
    if version in _CURRENT_VERSIONS:
        return
    with _CHECK_LOCK:
        if version is None or not is_current(con.cursor()):
            _refresh(con)
        _CURRENT_VERSIONS.add(db.info(con.cursor(), "data_version"))


def _refresh(con: duckdb.DuckDBPyConnection) -> None:
    from warehouse.refresh import refresh

    bar = st.progress(0.0, text="De cijfers worden opgebouwd…")

    def report(fraction: float, text: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=text)

    refresh(con, progress=report)
    bar.empty()


def data_version() -> str:
    """Changes after every import/refresh; part of every st.cache_data key."""
    return db.info(cursor(), "data_version") or "0"
