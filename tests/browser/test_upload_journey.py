"""Browser journey (issue 5): a data steward uploads a bad file, reads the validatieverslag,
uploads a corrected file and approves it."""

from __future__ import annotations

from kwhcore.example_files import fictitious_rows, write_xlsx

UI_TIMEOUT_MS = 30_000


def _choose_file(page, path, wait_for_app) -> None:
    """Pick a file and wait until the uploader lists it; the page checks it at once."""
    page.locator('input[type="file"]').set_input_files(str(path))
    # The chip shortens long names on screen; its title holds the whole name.
    page.locator(f'[data-testid="stFileChipName"][title="{path.name}"]').wait_for(timeout=UI_TIMEOUT_MS)
    wait_for_app(page)


def test_steward_uploads_a_bad_file_reads_the_report_then_approves_a_good_one(
    app_url, browser_page, login, assert_no_exception, wait_for_app, tmp_path
):
    page = browser_page
    bad_rows = fictitious_rows(5, "nieuwe_huurders", seed=41)
    bad_rows[2]["postcode"] = "1234A"
    bad = tmp_path / "nieuwe_huurders_fout.xlsx"
    write_xlsx(bad, bad_rows)
    good = tmp_path / "nieuwe_huurders_goed.xlsx"
    write_xlsx(good, fictitious_rows(5, "nieuwe_huurders", seed=41))

    login(page, app_url, "demo-steward", "demo")
    page.goto(f"{app_url}/aanleveren")
    page.get_by_role("heading", name="Aanleveren").wait_for(timeout=UI_TIMEOUT_MS)

    _choose_file(page, bad, wait_for_app)
    page.get_by_text("Niet geaccepteerd").first.wait_for(timeout=UI_TIMEOUT_MS)
    # The report table is a canvas grid: its cells are in the DOM but not "visible".
    page.get_by_text("Postcode '1234A' is geen geldige Nederlandse postcode").first.wait_for(state="attached", timeout=UI_TIMEOUT_MS)
    assert page.get_by_role("button", name="Accorderen").count() == 0
    assert_no_exception(page)

    _choose_file(page, good, wait_for_app)
    page.get_by_text("Gevalideerd, wacht op accorderen").first.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_role("button", name="Accorderen").click()
    page.get_by_text("is geaccordeerd").first.wait_for(timeout=UI_TIMEOUT_MS)
    page.get_by_text("Uitnodigingen deze ronde").first.wait_for(timeout=UI_TIMEOUT_MS)
    assert_no_exception(page)
