"""The page registry: which pages exist, in which menu section, and who may open them.

app.py builds ``st.navigation`` from this table on every rerun, so a user only sees the pages
their rights allow; a page they may not open is still registered under its own URL, hidden,
pointing at a polite refusal — a bookmarked URL never shows data (issue 3).
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

from kwhcore.access import RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH, Scope

APP_ROOT = Path(__file__).resolve().parent.parent
ALL_ROLES = frozenset({"beheerder", "hoofdgebruiker", "gebruiker", "aannemer", "systeem"})
CORPORATIE_ROLES = frozenset({"beheerder", "hoofdgebruiker", "gebruiker", "systeem"})
BEHEER_ROLES = frozenset({"beheerder", "hoofdgebruiker", "systeem"})


@dataclass(frozen=True)
class PageSpec:
    path: str            # file under pages/
    title: str
    icon: str
    section: str         # menu section header
    right: str | None    # RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH or None (any logged-in user)
    roles: frozenset[str] = ALL_ROLES
    hidden: bool = False  # reachable by link only (drill-downs), never listed in the menu

    @property
    def url_path(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")

    def allows(self, scope: Scope) -> bool:
        if scope.role not in self.roles:
            return False
        return self.right is None or scope.has_right(self.right)


KLANTVIZIER = "Klantvizier"
MIJN_KWH = "Mijn KWH"
BEHEER = "Beheer"
ACCOUNT = "Account"

PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/start.py", "Start", ":material/home:", KLANTVIZIER, None),
    PageSpec("pages/hoofddashboard.py", "Hoofddashboard", ":material/dashboard:", KLANTVIZIER,
             RIGHT_KLANTVIZIER),
    PageSpec("pages/klantreis.py", "Klantreis", ":material/route:", KLANTVIZIER, RIGHT_KLANTVIZIER,
             hidden=True),
    PageSpec("pages/vraag.py", "Vraag", ":material/query_stats:", KLANTVIZIER, RIGHT_KLANTVIZIER,
             hidden=True),
    PageSpec("pages/open_antwoorden.py", "Open antwoorden", ":material/chat:", KLANTVIZIER,
             RIGHT_KLANTVIZIER),
    PageSpec("pages/eigen_dashboard.py", "Eigen dashboard", ":material/dashboard_customize:",
             KLANTVIZIER, RIGHT_KLANTVIZIER),
    PageSpec("pages/informatie.py", "Informatie en nieuws", ":material/info:", KLANTVIZIER, None),
    PageSpec("pages/aedes.py", "Aedes-benchmark", ":material/leaderboard:", KLANTVIZIER,
             RIGHT_KLANTVIZIER, roles=CORPORATIE_ROLES),
    PageSpec("pages/kwaliteitslabel.py", "Kwaliteitslabel", ":material/verified:", KLANTVIZIER,
             RIGHT_KLANTVIZIER, roles=CORPORATIE_ROLES),
    PageSpec("pages/databank.py", "Databank", ":material/table_view:", KLANTVIZIER, RIGHT_KLANTVIZIER),
    PageSpec("pages/signalen.py", "Signalen", ":material/notifications:", KLANTVIZIER, RIGHT_KLANTVIZIER),
    PageSpec("pages/aanleveren.py", "Aanleveren", ":material/upload_file:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/aanlevercalender.py", "Aanlevercalender", ":material/calendar_month:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/blokkeren.py", "Blokkeren NAW-gegevens", ":material/block:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/onderzoeken.py", "Onderzoeken", ":material/tune:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/vragenlijsten.py", "Vragenlijsten", ":material/quiz:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/voorbeeld.py", "Voorbeeld voor huurders", ":material/preview:", MIJN_KWH,
             RIGHT_MIJN_KWH, roles=CORPORATIE_ROLES),
    PageSpec("pages/gebruikersbeheer.py", "Gebruikersbeheer", ":material/group:", BEHEER, None,
             roles=BEHEER_ROLES),
    PageSpec("pages/logboek.py", "Logboek", ":material/history:", BEHEER, None, roles=BEHEER_ROLES),
    PageSpec("pages/mijn_account.py", "Mijn account", ":material/account_circle:", ACCOUNT, None),
    PageSpec("pages/wachtwoord_instellen.py", "Wachtwoord instellen", ":material/key:", ACCOUNT,
             None, hidden=True),
)


def allowed_pages(scope: Scope) -> list[PageSpec]:
    return [spec for spec in PAGES if spec.allows(scope)]


# Where a user lands (issue 14): the first of these the account can use. A Klantvizier user
# starts on the tiles; a data steward with only Mijn KWH starts where the work is, Aanleveren
# with the next deadline; an account with neither still lands on a page it can use.
LANDING_ORDER = ("pages/start.py", "pages/aanleveren.py", "pages/gebruikersbeheer.py", "pages/mijn_account.py")


def landing_page(scope: Scope) -> PageSpec:
    """The page ``/`` opens for this scope: one it can use, never a refusal."""
    by_path = {spec.path: spec for spec in PAGES}
    for path in LANDING_ORDER:
        spec = by_path[path]
        if spec.allows(scope) and (path != "pages/start.py" or scope.has_right(RIGHT_KLANTVIZIER)):
            return spec
    return by_path["pages/mijn_account.py"]


def refusal(spec: PageSpec):
    """The polite refusal shown in place of a page the user may not open."""
    def render() -> None:
        import streamlit as st

        st.title(spec.title)
        st.info(
            "Deze pagina hoort niet bij uw account. Vraag de hoofdgebruiker van uw corporatie "
            "om toegang als u deze pagina nodig heeft."
        )

    render.__name__ = f"geen_toegang_{spec.url_path}"
    return render


def build(scope: Scope) -> dict[str, list]:
    """Sections of st.Page objects for ``scope``; forbidden pages resolve to a refusal."""
    import streamlit as st

    landing = landing_page(scope)

    def to_landing_page() -> None:
        # Run the landing page's file in place rather than st.switch_page: the run right after
        # the login must finish on this page, or the session cookie component never reaches
        # the browser and a reload asks for the password again.
        runpy.run_path(str(APP_ROOT / landing.path))

    # The app root is a hidden page showing the user's landing page, so every real page keeps
    # its own URL (/start, /aanleveren) whichever of them is the landing page.
    sections: dict[str, list] = {
        "": [st.Page(to_landing_page, title="Klantvizier", url_path="welkom", default=True, visibility="hidden")]
    }
    for spec in PAGES:
        if spec.allows(scope):
            page = st.Page(
                spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                visibility="hidden" if spec.hidden else "visible",
            )
            sections.setdefault(spec.section, []).append(page)
        else:
            page = st.Page(
                refusal(spec), title=spec.title, url_path=spec.url_path, visibility="hidden"
            )
            sections.setdefault(spec.section, []).append(page)
    # A section with only hidden pages shows no header.
    return {name: pages for name, pages in sections.items()}
