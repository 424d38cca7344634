"""A contractor logged in through a real browser finds no other contractor's name on any page
it can reach (issue 3 acceptance; domain.md §10)."""

from __future__ import annotations

import pytest

from kwhcore import accounts
from warehouse import db


@pytest.fixture(scope="session")
def other_aannemers(demo_warehouse_path) -> set[str]:
    """Read before the app opens the file (one process holds a DuckDB file at a time)."""
    con = db.connect(demo_warehouse_path)
    try:
        own = accounts.scope_for_account(con, "demo-aannemer").aannemers
        every = {row[0] for row in con.execute(
            "SELECT DISTINCT aannemer FROM respondent WHERE aannemer IS NOT NULL "
            "UNION SELECT DISTINCT aannemer FROM huurder_rij WHERE aannemer IS NOT NULL"
        ).fetchall()}
    finally:
        con.close()
    return {name for name in every - own if not any(name in mine for mine in own)}


def _menu_links(page) -> set[str]:
    """Every page the top menu offers: open each section's dropdown and read its links."""
    sections = page.locator('[data-testid="stTopNavSection"]')
    names = [sections.nth(i).inner_text().strip() for i in range(sections.count())]
    assert names and "Mijn KWH" not in names and "Beheer" not in names, names
    hrefs: set[str] = set()
    for i in range(sections.count()):
        sections.nth(i).click()
        links = page.locator('[data-testid="stTopNavDropdownLink"]')
        links.first.wait_for()
        for j in range(links.count()):
            link = links.nth(j)
            hrefs.add(link.get_attribute("href") or link.locator("a").first.get_attribute("href"))
        page.keyboard.press("Escape")
    return hrefs


def test_demo_aannemer_sees_no_other_contractor_anywhere(
    other_aannemers, app_url, browser_page, login, assert_no_exception, wait_for_app
):
    page = browser_page
    login(page, app_url, "demo-aannemer", "demo")
    hrefs = sorted(_menu_links(page))
    assert hrefs, "the aannemer reaches at least one page"
    assert not any("gebruikersbeheer" in href or "aanleveren" in href for href in hrefs)
    for href in hrefs:
        page.goto(href if href.startswith("http") else f"{app_url}/{href.lstrip('/')}")
        # A new page load is a new session: it must be logged in again through the cookie.
        page.get_by_role("button", name="Uitloggen").wait_for()
        page.locator("h1").first.wait_for()
        wait_for_app(page)
        assert_no_exception(page)
        shown = page.locator("body").inner_text() + page.content()
        leaked = sorted(name for name in other_aannemers if name in shown)
        assert not leaked, f"{href} toont andere aannemers: {leaked}"
