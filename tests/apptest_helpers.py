"""Run the app headless (streamlit.testing.v1.AppTest) as a given account, against a test
warehouse — the shared way to test a page per role.

    con = demo_warehouse()                      # or any warehouse.db.connect(":memory:")
    at = app_as(con, "demo-aannemer", "pages/mijn_account.py", monkeypatch)
    assert not at.exception

``app_as`` runs ``app.py`` (router, login, navigation by rights) with the session already logged
in, the way the authenticator leaves it after a correct password; the app's warehouse connection
is pointed at ``con`` for the duration of the test (``monkeypatch``).
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from ui.text import unescape

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = str(REPO_ROOT / "app.py")
# A first run imports the pages and the query layer; later runs are fast.
DEFAULT_TIMEOUT_S = 60


def demo_warehouse(path: str | Path = ":memory:", *, fresh: bool = False) -> duckdb.DuckDBPyConnection:
    """The deterministic demo sample (with the demo accounts), as the app builds it.

    Built once per test process into a pristine file and copied for every caller: the build
    (with the privacy gate's decision) takes half a minute, a copy a fraction of a second.
    ``fresh`` builds anew, for a test that changes the generator's texts first.
    """
    from warehouse import db

    if fresh:
        from sample_data.generator import build_sample

        con = db.connect(path)
        build_sample(con, scale="demo")
        return con
    pristine = _pristine_demo()
    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        con.execute(f"ATTACH '{pristine}' AS pristine (READ_ONLY)")
        con.execute("COPY FROM DATABASE pristine TO memory")
        con.execute("DETACH pristine")
        return con
    shutil.copyfile(pristine, path)
    return db.connect(path)


@functools.lru_cache(maxsize=1)
def _pristine_demo() -> Path:
    from sample_data.generator import build_sample
    from warehouse import db

    path = Path(tempfile.mkdtemp(prefix="klantvizier-demo-")) / "pristine.duckdb"
    con = db.connect(path)
    build_sample(con, scale="demo")
    con.close()
    return path


def use_warehouse(con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app's process-wide connection (ui.state) at ``con``, and route every run
    through app.py."""
    from ui import state

    monkeypatch.setattr(state, "connection", lambda: con)
    always_run_app_py(monkeypatch)


def always_run_app_py(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest re-detects the ``pages/`` folder before every run and then executes a switched-to
    page file on its own (Streamlit's legacy folder mode), skipping app.py — the router, login
    and sidebar. The server leaves that mode for good at the first ``st.navigation`` call, so
    every later run executes app.py; this makes AppTest do the same."""
    import runpy

    from streamlit.runtime.scriptrunner import script_runner

    monkeypatch.setattr(
        script_runner, "_mpa_v1", lambda main_script_path: runpy.run_path(main_script_path, run_name="__main__")
    )


def log_in(at: AppTest, username: str, started_at: datetime | None = None) -> AppTest:
    """Leave the session as streamlit-authenticator does after a correct password."""
    from ui import session

    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["logout"] = None
    at.session_state[session.STARTED_AT] = started_at or datetime.now()
    return at


def app_as(
    con: duckdb.DuckDBPyConnection,
    username: str | None,
    page: str | None,
    monkeypatch: pytest.MonkeyPatch,
    *,
    query_params: dict[str, str] | None = None,
    run: bool = True,
) -> AppTest:
    """app.py as ``username`` (None: not logged in), opened on ``page`` (e.g.
    "pages/mijn_account.py"; None: the default page), already run on that page unless
    ``run=False``."""
    use_warehouse(con, monkeypatch)
    at = AppTest.from_file(APP, default_timeout=DEFAULT_TIMEOUT_S)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    if username is not None:
        log_in(at, username)
    if page is None:
        return at.run() if run else at
    # AppTest resolves a page by file name until st.navigation has registered the url paths, so
    # the first run lands on the default page; then the page is opened by its URL path, as a
    # browser does — also when the router shows a refusal in its place.
    at.run()
    open_url_path(at, page.removeprefix("pages/").removesuffix(".py"))
    return at.run() if run else at


def open_url_path(at: AppTest, url_path: str) -> AppTest:
    """Open ``/url_path`` like a typed or bookmarked URL. ``AppTest.switch_page`` only accepts
    pages the router registered as files, so a page replaced by a refusal is opened by the
    page hash st.navigation gives every URL path (``calc_hash(url_path)``)."""
    at._page_hash = calc_hash(url_path)
    return at


def texts(at: AppTest) -> Iterator[str]:
    """Every text a user can read in the run's element tree: markdown, titles, captions,
    alerts, metric labels and values, table cells, widget labels and options (each also as the
    reader sees it, without the escapes of ``ui.text.plain``)."""
    yield from _walk(at._tree)


def _walk(node) -> Iterator[str]:
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield str(proto)
    for attribute in ("value", "label", "body", "options", "help", "placeholder"):
        try:
            value = getattr(node, attribute, None)
        except Exception:  # noqa: BLE001 — some elements compute value lazily and may not have one
            value = None
        if value is not None:
            yield str(value)
            # As the reader sees it: user text is escaped for Markdown by ui.text.plain.
            yield unescape(str(value))
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)
