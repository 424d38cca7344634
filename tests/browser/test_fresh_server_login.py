"""A freshly started server takes the first click on "Inloggen" (issue 10, known defect): five
fresh servers, each logged into with exactly one click, as a person does right after a deploy."""

from __future__ import annotations

import shutil
import time

import pytest

REPEATS = 5
UI_TIMEOUT_MS = 20_000


@pytest.mark.parametrize("attempt", range(REPEATS))
def test_the_first_click_on_inloggen_of_a_fresh_server_logs_in(
        attempt, demo_warehouse_path, tmp_path, fresh_server, _browser, wait_for_app, assert_no_exception):
    # A copy: the session's own server (app_url) may hold the shared demo file open.
    path = tmp_path / "klantvizier.duckdb"
    shutil.copy(demo_warehouse_path, path)
    url = fresh_server(path)
    context = _browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(url)
        page.get_by_label("Gebruikersnaam").wait_for(timeout=3 * UI_TIMEOUT_MS)  # a fresh process
        page.get_by_label("Gebruikersnaam").fill("demo-gebruiker")
        page.get_by_label("Wachtwoord").fill("demo")
        clicked = time.monotonic()
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("button", name="Uitloggen").wait_for(timeout=3 * UI_TIMEOUT_MS)
        print(f"fresh server {attempt + 1}: logged in {time.monotonic() - clicked:.1f} s after one click")
        wait_for_app(page)
        assert_no_exception(page)
    finally:
        context.close()
