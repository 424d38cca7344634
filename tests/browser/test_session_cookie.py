"""The re-login cookie in a real browser (issue 10): a reload after login keeps the user logged
in, a logout ends that (a reload shows the login form), and the cookie is SameSite=Strict."""

from __future__ import annotations

COOKIE = "klantvizier_sessie"


def test_a_reload_keeps_the_login_and_a_logout_ends_it(app_url, browser_page, login, wait_for_app,
                                                       assert_no_exception):
    page = browser_page
    login(page, app_url, "demo-gebruiker", "demo")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')")
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert cookie["sameSite"] == "Strict"
    page.reload()
    page.get_by_role("button", name="Uitloggen").wait_for()
    assert_no_exception(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Gebruikersnaam").wait_for()
    # The cookie is removed by a component on one of the next runs, which a busy machine may
    # delay; what the user must see is that a reload right away no longer logs in, because a
    # logout ends the account's sessions on the server (sessions_valid_from).
    page.reload()
    page.get_by_label("Gebruikersnaam").wait_for()
    wait_for_app(page)
    assert page.get_by_role("button", name="Uitloggen").count() == 0
    assert_no_exception(page)
