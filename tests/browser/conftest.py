"""Browser journeys: the real app served by ``streamlit run`` against a demo warehouse, driven
by Playwright with Debian's chromium.

Fixtures for every browser test:
- ``app_url`` (session): a demo warehouse in a tmp dir, the app on a free port, its base URL.
- ``fresh_server``: a fixture giving ``fresh_server(db, **env)``, a newly started app's base URL.
- ``browser_page``: a fresh Playwright page (own context, so no cookies leak between tests).
- ``login``: a fixture giving ``login(page, app_url, username, password)``.
- ``assert_no_exception``: a fixture giving ``assert_no_exception(page)``.
- ``wait_for_app``: a fixture giving ``wait_for_app(page)`` (the current run has finished).
- ``mail_app`` (session): a second app on its own copy of the demo warehouse, sending its mail
  to a local SMTP server (aiosmtpd); yields ``(base_url, inbox)``, ``inbox`` a list of the
  received ``email.message.Message`` objects.
(Fixtures, not imports: two conftest modules cannot both be imported as ``conftest``.)

Without /usr/bin/chromium the tests skip, unless CI=true: then they must run.
"""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
# Streamlit reruns take a moment; every wait in these tests is bounded by this.
UI_TIMEOUT_MS = 20_000


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} ontbreekt, maar in CI moeten de browsertests draaien.")
        pytest.skip(f"{CHROMIUM} is niet geïnstalleerd")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit stopte bij het starten:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit antwoordde niet binnen {SERVER_START_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def demo_warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo sample in a tmp file, built once per test session and closed again (the app's
    process must be able to open it)."""
    from sample_data.generator import build_sample
    from warehouse import db

    path = tmp_path_factory.mktemp("warehouse") / "klantvizier.duckdb"
    con = db.connect(path)
    try:
        build_sample(con, scale="demo")
    finally:
        con.close()
    # A pristine copy, taken before any server opens the file, for apps that need their own.
    shutil.copyfile(path, path.with_name("pristine.duckdb"))
    return path


@contextmanager
def _serve(db: Path, log: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` against ``db`` on a free port, stopped again afterwards."""
    port = _free_port()
    env = {
        **os.environ,
        "KLANTVIZIER_DB": str(db),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true", "--server.port", str(port),
                "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
            ],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_chromium()
    with _serve(demo_warehouse_path, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def mail_app(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """An app of its own (on a clean copy of the demo warehouse) that mails to a local SMTP
    server; yields (base URL, the list of received messages)."""
    _require_chromium()
    from aiosmtpd.controller import Controller

    inbox: list = []

    class _Inbox:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
            inbox.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    smtp = Controller(_Inbox(), hostname="127.0.0.1", port=_free_port())
    smtp.start()
    folder = tmp_path_factory.mktemp("mail_warehouse")
    path = folder / "klantvizier.duckdb"
    shutil.copyfile(demo_warehouse_path.with_name("pristine.duckdb"), path)
    env = {"KLANTVIZIER_SMTP_HOST": "127.0.0.1", "KLANTVIZIER_SMTP_PORT": str(smtp.port),
           "KLANTVIZIER_SMTP_SECURITY": "none", "KLANTVIZIER_SMTP_FROM": "klantvizier@kwh.nl"}
    try:
        with _serve(path, folder / "server.log", env) as url:
            yield url, inbox
    finally:
        smtp.stop()


@pytest.fixture
def fresh_server(tmp_path: Path):
    """A fixture giving ``fresh_server(db, **env)``: a newly started server of its own (its
    first request is a fresh process's first), stopped when the test ends."""
    _require_chromium()
    with ExitStack() as stack:
        def start(db: Path, **extra_env: str) -> str:
            log = tmp_path / f"server-{len(stack._exit_callbacks)}.log"
            return stack.enter_context(_serve(db, log, extra_env))

        yield start


@pytest.fixture(scope="session")
def _browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser):
    """A page in its own browser context: no cookie or session of another test leaks in."""
    context = _browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _wait_for_app(page) -> None:
    """Wait until Streamlit finished the current run (no 'running' indicator)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=UI_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=UI_TIMEOUT_MS,
    )


def _login(page, app_url: str, username: str, password: str) -> None:
    """Log in through the login form with one click and wait until the app shows the logged-in
    sidebar (a fresh server takes the first click too: tests/browser/test_fresh_server_login.py)."""
    page.goto(app_url)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        # The first login of a fresh server also imports the pages and fills the caches.
        page.get_by_role("button", name="Uitloggen").wait_for(timeout=3 * UI_TIMEOUT_MS)
    except PlaywrightTimeout:
        shown = page.locator("body").inner_text()[:1500]
        pytest.fail(f"Inloggen als {username} lukte niet; de pagina ({page.url}) toont:\n{shown}")
    _wait_for_app(page)


def _assert_no_exception(page) -> None:
    """Fail when Streamlit shows an exception box (a traceback must never reach a user)."""
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        pytest.fail(f"De app toont een fout: {boxes.first.inner_text()[:500]}")


@pytest.fixture
def login():
    return _login


@pytest.fixture
def assert_no_exception():
    return _assert_no_exception


@pytest.fixture
def wait_for_app():
    return _wait_for_app
