"""The invitation link opens its page without Streamlit's English "Page not found" (issue 10),
both as a fresh server's very first request and on a server that already served others, and
after setting the password it leads to the login form."""

from __future__ import annotations

import shutil

from kwhcore import accounts
from warehouse import db

PASSWORD = "paars fiets regen boom"


def _invitations(demo_warehouse_path, tmp_path, *usernames) -> tuple:
    copy = tmp_path / "klantvizier.duckdb"
    shutil.copy(demo_warehouse_path, copy)
    con = db.connect(copy)
    try:
        tokens = tuple(
            accounts.invite(con, accounts.Scope.system(), accounts.get_account(con, name).gebruiker_id).token
            for name in usernames
        )
    finally:
        con.close()
    return copy, tokens


def _open(browser, url: str, wait_for_app):
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("heading", name="Wachtwoord instellen").wait_for()
    wait_for_app(page)
    return context, page


def _no_page_not_found(page) -> None:
    assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').inner_text()
    assert "Page not found" not in page.locator("body").inner_text()


def test_the_invitation_link_opens_without_page_not_found_and_leads_to_the_login(
        demo_warehouse_path, tmp_path, fresh_server, _browser, wait_for_app, assert_no_exception):
    path, (eerste, tweede) = _invitations(demo_warehouse_path, tmp_path, "demo-gebruiker", "demo-steward")
    url = fresh_server(path)

    # A fresh server's first request is the link.
    context, page = _open(_browser, f"{url}/wachtwoord_instellen?uitnodiging={eerste}", wait_for_app)
    # A fresh server leaves Streamlit's legacy pages/ mode and runs the page again through
    # app.py; on a busy machine the form arrives a moment after the page's title.
    page.get_by_label("Nieuw wachtwoord").wait_for(timeout=60_000)
    _no_page_not_found(page)
    assert "demo-gebruiker" in page.locator("body").inner_text()
    page.get_by_label("Nieuw wachtwoord").fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_role("button", name="Naar inloggen").click()
    page.get_by_label("Gebruikersnaam").wait_for()
    assert "Log in met gebruikersnaam demo-gebruiker" in page.locator("body").inner_text()
    page.get_by_label("Gebruikersnaam").fill("demo-gebruiker")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Uitloggen").wait_for()
    assert_no_exception(page)
    context.close()

    # The same server, now past its first request: another visitor's link.
    context, page = _open(_browser, f"{url}/wachtwoord_instellen?uitnodiging={tweede}", wait_for_app)
    _no_page_not_found(page)
    assert "demo-steward" in page.locator("body").inner_text()
    assert "/wachtwoord_instellen" in page.url
    assert_no_exception(page)
    context.close()
