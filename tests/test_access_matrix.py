"""Roles × every registered page: rights decide what opens, nothing crashes, and an aannemer
never reads another aannemer's name (issue 3 acceptance). Iterates ui.navigation.PAGES, so a
new page is covered the moment it is registered."""

from __future__ import annotations

import pytest
from apptest_helpers import app_as, demo_warehouse, texts

from kwhcore import accounts
from kwhcore.access import RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH
from ui.navigation import BEHEER, PAGES, allowed_pages
from warehouse import db

REFUSAL = "Deze pagina hoort niet bij uw account"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "klantvizier.duckdb"
    demo_warehouse(path).close()
    return db.connect(path)


@pytest.fixture(scope="module")
def other_aannemers(con) -> set[str]:
    scope = accounts.scope_for_account(con, "demo-aannemer")
    every = {row[0] for row in con.execute("SELECT DISTINCT aannemer FROM respondent WHERE aannemer IS NOT NULL").fetchall()}
    every |= {row[0] for row in con.execute("SELECT DISTINCT aannemer FROM huurder_rij WHERE aannemer IS NOT NULL").fetchall()}
    others = {name for name in every if name not in scope.aannemers}
    # A name that is part of an own spelling cannot be told apart in text; none should exist.
    return {name for name in others if not any(name in own for own in scope.aannemers)}


@pytest.mark.parametrize("username", accounts.DEMO_USERNAMES)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_every_role_on_every_page(con, other_aannemers, monkeypatch, username, spec):
    scope = accounts.scope_for_account(con, username)
    at = app_as(con, username, spec.path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    alerts = " ".join(e.body for e in [*at.info, *at.warning, *at.error])
    if spec.allows(scope):
        assert REFUSAL not in alerts
    else:
        assert REFUSAL in alerts
        assert len(at.main) < 12  # the refusal, not the page
    if username == "demo-aannemer":
        seen = "\n".join(texts(at))
        leaked = sorted(name for name in other_aannemers if name in seen)
        assert not leaked, f"{spec.url_path} toont andere aannemers: {leaked}"


@pytest.mark.parametrize(
    ("username", "forbidden"),
    [
        ("demo-aannemer", {RIGHT_MIJN_KWH, "beheer"}),
        ("demo-gebruiker", {RIGHT_MIJN_KWH, "beheer"}),
        ("demo-steward", {RIGHT_KLANTVIZIER, "beheer"}),
        ("demo-hoofdgebruiker", set()),
        ("demo-beheerder", set()),
    ],
)
def test_the_menu_lists_only_the_pages_the_rights_allow(con, username, forbidden):
    """st.navigation lists exactly ``allowed_pages``; forbidden ones resolve to the refusal."""
    scope = accounts.scope_for_account(con, username)
    for spec in allowed_pages(scope):
        assert spec.right not in forbidden
        assert "beheer" not in forbidden or spec.section != BEHEER
