"""AppTest of the Klantvizier dashboards: every page for every role, and the flows a user
notices — the top bar's selection in the URL, contractors' own names only, comparisons,
minimum-N messages, the eigen dashboard and the open answers' search."""

from __future__ import annotations

import pytest
from apptest_helpers import app_as, texts

from kwhcore.formatting import ONDERDRUKT_TEKST

PAGES = [
    "pages/start.py", "pages/hoofddashboard.py", "pages/klantreis.py", "pages/vraag.py",
    "pages/open_antwoorden.py", "pages/eigen_dashboard.py", "pages/informatie.py",
]
ROLES = ["demo-hoofdgebruiker", "demo-gebruiker", "demo-aannemer", "demo-beheerder", "demo-steward"]
JANSEN = "Bouwbedrijf Jansen"
JANSEN_ONDERHOUD = "Bouwbedrijf Jansen Onderhoud"


def all_text(at) -> str:
    return "\n".join(texts(at))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ROLES)
def test_every_dashboard_page_runs_for_every_role_without_an_exception(demo_con, monkeypatch, page, username):
    at = app_as(demo_con, username, page, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "Traceback" not in text
    if username == "demo-steward" and page != "pages/informatie.py":
        assert "geen toegang" in text.lower() or "hoort niet bij uw account" in text


def test_start_screen_has_a_tile_per_vragenlijst_with_score_n_and_the_extra_tiles(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/start.py", monkeypatch)
    text = all_text(at)
    for naam in ("Nieuwe huurders", "Vertrokken huurders", "Reparaties", "Planmatig onderhoud",
                 "Groot onderhoud", "Algemene waardering"):
        assert naam in [s.value for s in at.subheader]
    assert "Onderdeelscore" in text and "Respondenten (N)" in text
    for extra in ("Aedes-benchmark", "Databank", "Informatie en nieuws", "Eigen dashboard"):
        assert extra in text
    # Dutch number: a grade like "7,4", never "7.4".
    scores = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert scores and all("," in s for s in scores if s != "### –")


def test_contractor_start_screen_shows_only_vragenlijsten_under_its_own_names(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-aannemer", "pages/start.py", monkeypatch)
    headers = [s.value for s in at.subheader]
    assert "Reparaties" in headers and "Nieuwe huurders" not in headers
    assert "Installatiebedrijf Meijer" not in all_text(at)


def test_the_period_defaults_to_the_current_year_and_lives_in_the_url(demo_con, monkeypatch):
    from kwhcore.config import CONFIG

    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch)
    assert at.query_params["periode"] == str(CONFIG.today().year)
    assert at.query_params["vragenlijst"] == "nieuwe_huurders"


def test_a_bookmarked_quarter_and_vragenlijst_are_shown(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025-Q3"})
    assert at.title[0].value == "Reparaties"
    assert "3e kwartaal 2025" in all_text(at)


def _open_link(con, username, page, monkeypatch, params):
    """Follow a link with ``params`` while on ``page`` (the URL as the browser sends it)."""
    at = app_as(con, username, page, monkeypatch)
    for key in list(at.query_params):
        del at.query_params[key]
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_a_hand_edited_link_gets_a_dutch_note_and_the_default(demo_con, monkeypatch):
    at = _open_link(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                    {"vragenlijst": "onzin", "periode": "2025-Q9"})
    assert not at.exception
    assert any("niet (meer) bestaat" in w.value for w in at.warning)
    assert at.title[0].value == "Nieuwe huurders"


def test_changing_the_period_type_to_quarter_updates_the_url(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025"})
    at.segmented_control(key="kv_tb_periodetype").set_value("kwartaal").run()
    assert not at.exception
    assert at.query_params["periode"] == "2026-Q4"  # the current quarter of the demo's today
    assert "kwartaal" in all_text(at)


def test_contractor_top_bar_lists_only_its_own_names(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-aannemer", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025"})
    options = at.selectbox(key="kv_tb_aannemer").options
    assert set(options) <= {JANSEN, JANSEN_ONDERHOUD} and options
    text = all_text(at)
    assert "Landelijk" not in text, "contractors see the corporation as a whole, nothing else"
    assert "als geheel" in text


def test_contractor_link_to_a_competitor_shows_its_own_results_instead(demo_con, monkeypatch):
    at = _open_link(demo_con, "demo-aannemer", "pages/hoofddashboard.py", monkeypatch,
                    {"vragenlijst": "reparaties", "periode": "2025", "aannemer": "Installatiebedrijf Meijer"})
    assert not at.exception
    assert any("niet bij uw account" in w.value for w in at.warning)
    assert at.query_params["aannemer"] in {JANSEN, JANSEN_ONDERHOUD}


def test_corporation_dashboard_compares_with_peer_groups_and_shows_respons_and_checkvraag(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025"})
    text = all_text(at)
    for expected in ("Onderdeelscore", "Percentage tevreden", "Eerste vraag (Aedes-benchmark)", "Landelijk",
                     "Regio", "Grootteklasse", "Stedelijkheid", "Benaderd", "Ingevuld online", "Ingevuld telefonisch",
                     "Checkvraag", "Melden reparatie", "Nazorg", "Ontevredenheid", "Per aannemer"):
        assert expected in text, expected


def test_a_slice_is_shown_beside_the_corporation_as_a_whole(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025", "uitsplitsing": "uitsplitsing1:Centrum"})
    text = all_text(at)
    assert "Uitsplitsing 1: Centrum" in text
    assert "Woonstichting De Vechtstreek als geheel" in text
    assert any("t.o.v. de corporatie als geheel" in (m.proto.delta_description or "") for m in at.metric)


def test_a_selection_below_minimum_n_says_why_instead_of_a_number(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025-09", "aannemer": JANSEN})
    assert ONDERDRUKT_TEKST in all_text(at)
    assert at.metric[0].value == "–"


def test_selection_survives_navigation_through_the_menu(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025-Q2"})
    at.query_params.clear()
    at.switch_page("pages/klantreis.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("Reparaties")
    assert at.query_params["periode"] == "2025-Q2"


def test_klantreis_step_lists_every_question_with_score_and_distribution(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/klantreis.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025", "stap": "Uitvoering"})
    assert at.title[0].value == "Reparaties – Uitvoering"
    text = all_text(at)
    assert "Woonstichting De Vechtstreek" in text and "{{" not in text
    assert len([m for m in at.metric if m.label == "Gemiddelde"]) == 2  # two grade questions in Uitvoering
    assert "1 t/m 5" in text  # the distribution chart's buckets


def test_question_detail_has_meer_info_with_n_text_and_margin_of_error(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/vraag.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025", "vraag": "rep_totaal"})
    meer_info = next(e for e in at.expander if e.label == "Meer info")
    body = "\n".join(m.value for m in meer_info.markdown)
    assert "Respondenten (N):" in body and "Foutmarge (90% betrouwbaarheid):** ± " in body
    assert "Woonstichting De Vechtstreek" in body and "{{corpnaam/aannemer}}" not in body
    assert "Landelijk" in all_text(at)


def test_contractor_sees_the_question_with_its_own_name_filled_in(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-aannemer", "pages/vraag.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025", "vraag": "rep_totaal", "aannemer": JANSEN})
    assert f"Iemand van {JANSEN}" in all_text(at) or JANSEN in at.markdown[0].value


def test_pinning_a_question_puts_it_on_the_eigen_dashboard(demo_con, monkeypatch):
    from kwhcore import accounts
    from warehouse.queries import eigen_dashboard

    scope = accounts.scope_for_account(demo_con, "demo-gebruiker")
    try:
        at = app_as(demo_con, "demo-gebruiker", "pages/vraag.py", monkeypatch,
                    query_params={"vragenlijst": "reparaties", "periode": "2025", "vraag": "rep_vakmanschap"})
        at.button(key="kv_pin").click().run()
        assert [p.vraag_code for p in eigen_dashboard.pins(demo_con, scope)] == ["rep_vakmanschap"]
        at = app_as(demo_con, "demo-gebruiker", "pages/eigen_dashboard.py", monkeypatch)
        assert not at.exception
        assert any(m.label == "Gemiddelde" for m in at.metric)
        # another user's dashboard stays empty
        other = app_as(demo_con, "demo-hoofdgebruiker", "pages/eigen_dashboard.py", monkeypatch)
        assert "nog geen vragen op uw dashboard" in all_text(other)
        at.button(key="unpin_reparaties_rep_vakmanschap").click().run()
        assert eigen_dashboard.pins(demo_con, scope) == []
    finally:
        eigen_dashboard.unpin(demo_con, scope, "reparaties", "rep_vakmanschap")


def test_open_answers_are_searchable_and_show_the_grade(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/open_antwoorden.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025"})
    assert "nieuwste eerst" in all_text(at)
    at.text_input(key="kv_open_zoek").input("afspraak").run()
    answers = [t.value for t in at.text]
    assert answers and all("afspraak" in a.lower() for a in answers)


def test_open_answers_below_minimum_n_are_not_shown(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-hoofdgebruiker", "pages/open_antwoorden.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025-09", "aannemer": JANSEN})
    assert ONDERDRUKT_TEKST in all_text(at)
    assert not at.text


def test_informatie_explains_the_scores_and_lists_the_deadlines(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-gebruiker", "pages/informatie.py", monkeypatch)
    text = all_text(at)
    assert "80% tevreden" in text and "6,1" in text
    assert "uwvraag@kwh.nl" in text and "woensdag" in text


def test_beheerder_switches_corporation_and_the_url_follows(demo_con, monkeypatch):
    at = app_as(demo_con, "demo-beheerder", "pages/hoofddashboard.py", monkeypatch,
                query_params={"vragenlijst": "reparaties", "periode": "2025"})
    at.selectbox(key="kv_tb_corporatie").set_value(2).run()
    assert not at.exception
    assert at.query_params["corporatie"] == "2"
    assert "Wooncorporatie Maasoever" in all_text(at)
    at.run()
    assert at.query_params["corporatie"] == "2", "a rerun keeps the choice just made"
