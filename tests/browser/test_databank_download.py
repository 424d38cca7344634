"""Browser journey: a corporation user downloads the databank CSV and it reopens as Dutch Excel
would read it — BOM, semicolons, anonymous respondents blanked, no cell that starts a formula."""

from __future__ import annotations

import csv
import io

from kwhcore.export import FORMULA_PREFIXES

DOWNLOAD_TIMEOUT_MS = 60_000


def test_databank_csv_downloads_and_reopens(browser_page, app_url, login, assert_no_exception, tmp_path):
    page = browser_page
    login(page, app_url, "demo-hoofdgebruiker", "demo")
    page.get_by_test_id("stTopNavSection").filter(has_text="Klantvizier").click()
    page.get_by_test_id("stTopNavDropdownLink").filter(has_text="Databank").click()
    page.get_by_role("heading", name="Databank").wait_for()
    page.get_by_text("Voorbeeld (").wait_for()
    assert_no_exception(page)

    page.get_by_role("button", name="Bestand maken").click()
    download_button = page.get_by_test_id("stDownloadButton").get_by_role("button")
    download_button.wait_for(timeout=DOWNLOAD_TIMEOUT_MS)
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        download_button.click()
    target = tmp_path / "databank.csv"
    info.value.save_as(target)
    assert_no_exception(page)

    payload = target.read_bytes()
    assert payload.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) >= 5
    assert {"respondent_id", "vragenlijst", "aannemer", "uitsplitsing1"} <= set(rows[0])
    anonymous = [r for r in rows if r["anoniem"] == "ja"]
    assert anonymous and all(r["uitsplitsing1"] == "" and r["respondent_id"] == "" for r in anonymous)
    for row in rows:
        for value in row.values():
            assert not (value or "").startswith(FORMULA_PREFIXES)
