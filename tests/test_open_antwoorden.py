"""Open answers: what the selection holds, newest first, searchable, with the grade beside the
text — and never for a contractor's competitor, never below minimum N, never a name or address."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG
from kwhcore.selection import Selection
from warehouse.queries.open_antwoorden import OpenAntwoord, open_antwoorden

CORP = 1
JANSEN = "Bouwbedrijf Jansen"
JANSEN_ONDERHOUD = "Bouwbedrijf Jansen Onderhoud"
SYSTEEM = Scope.system()
AANNEMER = Scope.aannemer(CORP, {JANSEN, JANSEN_ONDERHOUD})
ALLES = 100_000


def _expected(con, selection: Selection, aannemers: tuple[str, ...] | None = None) -> list[tuple]:
    """(date, text, grade on rep_totaal) of every open answer, straight from the base tables."""
    periode = selection.parsed_periode
    sql = (
        "SELECT r.completed_date, a.antwoord_tekst, t.cijfer FROM respondent r "
        "JOIN antwoord a ON a.respondent_id = r.respondent_id AND a.vraag_code = 'rep_open_tip' "
        "LEFT JOIN antwoord t ON t.respondent_id = r.respondent_id AND t.vraag_code = 'rep_totaal' "
        "WHERE r.corporatie_id = ? AND r.vragenlijst_code = 'reparaties' AND r.completed_date BETWEEN ? AND ? "
        "AND a.antwoord_tekst IS NOT NULL"
    )
    params: list = [selection.corporatie_id, periode.start, periode.end]
    if selection.aannemer:
        sql += " AND r.aannemer = ?"
        params.append(selection.aannemer)
    if aannemers:
        sql += f" AND r.aannemer IN ({', '.join('?' * len(aannemers))})"
        params.extend(aannemers)
    return sorted(con.execute(sql, params).fetchall(), key=repr)


def _as_rows(result) -> list[tuple]:
    return sorted(((a.ingevuld_op, a.tekst, a.cijfer) for a in result.antwoorden), key=repr)


@pytest.mark.parametrize("selection", [
    Selection(CORP, "reparaties", "2025"),
    Selection(CORP, "reparaties", "2026-Q1"),
    Selection(CORP, "reparaties", "2025", aannemer=JANSEN),
])
def test_answers_are_exactly_those_of_the_selection_with_the_first_question_grade(demo, selection):
    result = open_antwoorden(demo, SYSTEEM, selection, limit=ALLES)
    expected = _expected(demo, selection)
    assert expected, "the demo sample has open answers here"
    assert _as_rows(result) == expected
    assert result.n_gevonden == len(expected)


def test_answers_come_newest_first_and_page_on(demo):
    selection = Selection(CORP, "reparaties", "2025")
    first = open_antwoorden(demo, SYSTEEM, selection, limit=10)
    second = open_antwoorden(demo, SYSTEEM, selection, limit=10, offset=10)
    dates = [a.ingevuld_op for a in (*first.antwoorden, *second.antwoorden)]
    assert dates == sorted(dates, reverse=True)
    assert len(first.antwoorden) == len(second.antwoorden) == 10
    assert first.n_gevonden == second.n_gevonden > 20
    everything = open_antwoorden(demo, SYSTEEM, selection, limit=20).antwoorden
    assert (*first.antwoorden, *second.antwoorden) == everything


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(term=st.sampled_from(["lang", "LANG", "afspraak", "telefoon", "netjes", "Niets", "xyzzy", "%", "_", "a%b"]))
def test_search_finds_only_answers_containing_the_term_case_insensitively(demo, term):
    selection = Selection(CORP, "reparaties", "2025")
    result = open_antwoorden(demo, SYSTEEM, selection, zoekterm=term, limit=ALLES)
    everything = _expected(demo, selection)
    expected = [row for row in everything if term.lower() in row[1].lower()]
    assert _as_rows(result) == sorted(expected, key=repr)


def test_contractor_reads_only_answers_under_its_own_names(demo):
    whole = Selection(CORP, "reparaties", "2025")
    result = open_antwoorden(demo, AANNEMER, whole, limit=ALLES)
    assert _as_rows(result) == _expected(demo, whole, aannemers=(JANSEN, JANSEN_ONDERHOUD))
    assert result.n_gevonden < open_antwoorden(demo, SYSTEEM, whole, limit=ALLES).n_gevonden


def test_contractor_is_refused_another_contractors_answers(demo):
    with pytest.raises(AccessDenied):
        open_antwoorden(demo, AANNEMER, Selection(CORP, "reparaties", "2025", aannemer="Installatiebedrijf Meijer"))


def test_corporation_user_never_reads_another_corporations_answers(demo):
    with pytest.raises(AccessDenied):
        open_antwoorden(demo, Scope.corporatie(CORP), Selection(2, "reparaties", "2025"))


def test_no_answers_below_minimum_n(demo):
    rows = demo.execute(
        "SELECT strftime(completed_date, '%Y-%m'), aannemer FROM respondent WHERE corporatie_id = ? "
        "AND vragenlijst_code = 'reparaties' AND aannemer IS NOT NULL GROUP BY ALL "
        "HAVING count(*) BETWEEN 1 AND ? ORDER BY 1, 2 LIMIT 1",
        [CORP, CONFIG.min_n - 1],
    ).fetchone()
    small = Selection(CORP, "reparaties", rows[0], aannemer=rows[1])
    result = open_antwoorden(demo, SYSTEEM, small, limit=ALLES)
    assert 0 < result.n_respondenten < CONFIG.min_n
    assert result.onderdrukt and result.antwoorden == ()


def test_an_answer_carries_only_date_question_text_and_grade():
    assert [f.name for f in dataclasses.fields(OpenAntwoord)] == ["ingevuld_op", "vraag_code", "tekst", "cijfer"]


def test_names_and_addresses_of_the_upload_never_reach_the_answers(empty_db):
    from warehouse.refresh import refresh

    con = empty_db
    con.execute("INSERT INTO corporatie (naam, vhe_count, regio, stedelijkheid, created_at) "
                "VALUES ('Test Wonen', 1000, 'Utrecht', 2, current_timestamp)")
    con.execute("INSERT INTO aanlevering (corporatie_id, vragenlijst_code, ronde, bestandsnaam, status, uploaded_at) "
                "VALUES (1, 'reparaties', '2025-03', 'x.xlsx', 'verwerkt', current_timestamp)")
    for i in range(6):
        con.execute(
            "INSERT INTO huurder_rij (aanlevering_id, rij_nummer, voornaam, achternaam, straat, huisnummer, postcode, "
            "woonplaats, email) VALUES (1, ?, 'Geheime', 'Achternaamsen', 'Verborgenstraat', '12', '1234 AB', "
            "'Utrecht', 'geheim@example.nl')", [i + 2])
        con.execute(
            "INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, aanlevering_id, rij_nummer, "
            "postcode, huisnummer, kanaal, invited_date) VALUES (?, 1, 'reparaties', 1, ?, '1234 AB', '12', 'email', "
            "DATE '2025-03-10')", [f"u{i}", i + 2])
        con.execute(
            "INSERT INTO respondent (respondent_id, corporatie_id, vragenlijst_code, completed_date, kanaal, "
            "is_anoniem, uitnodiging_id, imported_at) VALUES (?, 1, 'reparaties', DATE '2025-03-20', 'online', "
            "FALSE, ?, current_timestamp)", [f"r{i}", f"u{i}"])
        con.execute("INSERT INTO antwoord VALUES (?, 'rep_totaal', 7, NULL)", [f"r{i}"])
        con.execute("INSERT INTO antwoord VALUES (?, 'rep_open_tip', NULL, 'Prima geholpen')", [f"r{i}"])
    refresh(con)
    result = open_antwoorden(con, SYSTEEM, Selection(1, "reparaties", "2025"), limit=ALLES)
    assert len(result.antwoorden) == 6
    shown = repr(result)
    for secret in ("Geheime", "Achternaamsen", "Verborgenstraat", "1234 AB", "geheim@example.nl", "r0", "u0"):
        assert secret not in shown
