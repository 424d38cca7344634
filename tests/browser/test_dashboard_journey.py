"""Browser journey (issue 4): a corporation manager logs in, opens the Reparaties tile, walks
hoofddashboard → klantreis step → question detail → open answers, switches the period to a
quarter and finds the checkvraag chart. Screenshots of every step go to the test's tmp folder."""

from __future__ import annotations

import re

UI_TIMEOUT_MS = 30_000


def _wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=UI_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=UI_TIMEOUT_MS
    )


def _step(page, tmp_path, name: str, assert_no_exception) -> None:
    _wait_idle(page)
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert_no_exception(page)


def test_manager_walks_from_tile_to_question_to_open_answers_and_the_checkvraag(
    app_url, browser_page, login, assert_no_exception, tmp_path
):
    page = browser_page
    # Warm up: on a busy machine the server's first run (imports, first query) can take longer
    # than the login helper waits for.
    page.goto(app_url)
    page.get_by_label("Gebruikersnaam").wait_for(timeout=90_000)
    login(page, app_url, "demo-hoofdgebruiker", "demo")
    page.get_by_role("heading", name="Klantvizier").first.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Onderdeelscore").first.wait_for(timeout=UI_TIMEOUT_MS)
    _step(page, tmp_path, "01_start", assert_no_exception)

    tile = page.locator(".st-key-tegel_reparaties")
    tile.get_by_role("link", name="Bekijk resultaten").click()
    page.get_by_role("heading", name="Reparaties", exact=True).wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Percentage tevreden").first.wait_for(timeout=UI_TIMEOUT_MS)
    assert "vragenlijst=reparaties" in page.url
    _step(page, tmp_path, "02_hoofddashboard", assert_no_exception)

    page.get_by_role("link", name="Vragen in deze stap").nth(2).click()
    page.get_by_role("heading", name="Reparaties – Uitvoering").wait_for(timeout=UI_TIMEOUT_MS)
    assert "stap=Uitvoering" in page.url
    _step(page, tmp_path, "03_klantreis", assert_no_exception)

    page.get_by_role("link", name="Meer over deze vraag").first.click()
    page.get_by_text("Verdeling van de cijfers").wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Meer info").click()
    page.get_by_text(re.compile(r"Foutmarge \(90% betrouwbaarheid\)")).wait_for(timeout=UI_TIMEOUT_MS)
    assert "vraag=rep_" in page.url
    _step(page, tmp_path, "04_vraag", assert_no_exception)

    page.get_by_role("link", name="Open antwoorden bij deze vragenlijst").click()
    page.get_by_role("heading", name="Reparaties – open antwoorden").wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("nieuwste eerst").wait_for(timeout=UI_TIMEOUT_MS)
    _step(page, tmp_path, "05_open_antwoorden", assert_no_exception)

    page.locator(".st-key-kv_topbar").get_by_text("Kwartaal", exact=True).click()
    page.wait_for_url(re.compile(r"periode=\d{4}-Q[1-4]"), timeout=UI_TIMEOUT_MS)
    page.get_by_text("kwartaal").first.wait_for(timeout=UI_TIMEOUT_MS)
    _step(page, tmp_path, "06_kwartaal", assert_no_exception)

    page.get_by_role("link", name="Terug naar Reparaties").click()
    page.get_by_text("Checkvraag: is de reparatie klaar?").wait_for(timeout=UI_TIMEOUT_MS)
    assert re.search(r"periode=\d{4}-Q[1-4]", page.url), "the quarter survives the navigation"
    page.locator('[data-testid="stVegaLiteChart"]').last.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Checkvraag: is de reparatie klaar?").scroll_into_view_if_needed()
    _step(page, tmp_path, "07_checkvraag", assert_no_exception)
    assert (tmp_path / "07_checkvraag.png").stat().st_size > 0
