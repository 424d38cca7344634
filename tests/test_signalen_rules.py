"""The pure signal rules (kwhcore/signalen.py): which answer meets a rule, the follow-up steps,
re-invitation and reminder dates, the median time to close, the mail text."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.signalen import (
    Huurder,
    SignaalError,
    SignaalMail,
    SignaalRegel,
    check_overgang,
    check_regel,
    cijfer_bereik,
    doorlooptijden,
    herinnering_due,
    heruitnodiging_date,
    mail_tekst,
)

NOW = datetime(2026, 12, 1, 9, 0)


def regel(min_cijfer=1, max_cijfer=5, checkvraag=None, vraag="rep_totaal") -> SignaalRegel:
    if checkvraag is not None:
        min_cijfer = max_cijfer = vraag = None
    return SignaalRegel(1, 1, "reparaties", vraag, min_cijfer, max_cijfer, checkvraag, ("a@b.nl",), False, True,
                        None, NOW)


@pytest.mark.parametrize(("cijfer", "met"), [(None, False), (1, True), (5, True), (6, False), (10, False)])
def test_default_rule_signals_five_or_lower_and_never_weet_niet(cijfer, met):
    assert regel().is_triggered_by(cijfer=cijfer) is met


@pytest.mark.parametrize(("checkvraag", "cijfer", "met"), [(3, None, True), (4, None, False), (None, 1, False), (1, 1, False)])
def test_a_checkvraag_rule_looks_only_at_the_checkvraag(checkvraag, cijfer, met):
    assert regel(checkvraag=3).is_triggered_by(cijfer=cijfer, checkvraag=checkvraag) is met


@given(st.integers(1, 10), st.integers(1, 10), st.integers(1, 10))
def test_a_grade_rule_is_met_exactly_inside_its_range(low, high, cijfer):
    low, high = min(low, high), max(low, high)
    assert regel(low, high).is_triggered_by(cijfer=cijfer, checkvraag=3) is (low <= cijfer <= high)


@pytest.mark.parametrize(("low", "high", "text"), [
    (1, 5, "cijfer 5 of lager"), (9, 10, "cijfer 9 of hoger"), (1, 2, "cijfer 2 of lager"), (3, 4, "cijfer 3 t/m 4"),
    (7, 7, "cijfer 7")])
def test_rule_descriptions_read_as_dutch(low, high, text):
    assert cijfer_bereik(low, high) == text


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"vraag_code": None, "checkvraag_antwoord": None}, "Kies een vraag"),
    ({"vraag_code": None, "checkvraag_antwoord": 3, "vragenlijst_code": "nieuwe_huurders"}, "alleen bij Reparaties"),
    ({"vraag_type": "open"}, "geen rapportcijfer"),
    ({"vraag_vragenlijst": "nieuwe_huurders"}, "hoort niet bij"),
    ({"min_cijfer": 6, "max_cijfer": 5}, "hoger dan het hoogste"),
    ({"ontvangers": ()}, "minstens één e-mailadres"),
])
def test_a_rule_that_cannot_work_is_refused_in_one_sentence(kwargs, message):
    args = {"vragenlijst_code": "reparaties", "vraag_code": "rep_totaal", "vraag_type": "rapportcijfer",
            "vraag_vragenlijst": "reparaties", "min_cijfer": 1, "max_cijfer": 5, "checkvraag_antwoord": None,
            "ontvangers": ("a@b.nl",), **kwargs}
    with pytest.raises(SignaalError, match=message):
        check_regel(args.pop("vragenlijst_code"), **args)


@pytest.mark.parametrize(("huidig", "nieuw", "ok"), [
    ("open", "in_behandeling", True), ("open", "afgehandeld", True), ("in_behandeling", "afgehandeld", True),
    ("afgehandeld", "in_behandeling", True), ("in_behandeling", "open", False), ("afgehandeld", "open", False)])
def test_follow_up_moves_forward_and_a_closed_signal_can_be_reopened(huidig, nieuw, ok):
    def move():
        check_overgang(huidig, nieuw, behandelaar="Team", notitie="Gebeld", actie_date=NOW.date(), vandaag=NOW.date())
    if ok:
        move()
    else:
        with pytest.raises(SignaalError):
            move()


def test_closing_needs_a_note_a_handler_and_no_future_date():
    with pytest.raises(SignaalError, match="wat er met het signaal is gedaan"):
        check_overgang("open", "afgehandeld", behandelaar="Team", notitie=" ", actie_date=NOW.date(), vandaag=NOW.date())
    with pytest.raises(SignaalError, match="wie het signaal behandelt"):
        check_overgang("open", "in_behandeling", behandelaar="", notitie="", actie_date=NOW.date(), vandaag=NOW.date())
    with pytest.raises(SignaalError, match="toekomst"):
        check_overgang("open", "in_behandeling", behandelaar="T", notitie="", actie_date=date(2026, 12, 2),
                       vandaag=NOW.date())


@pytest.mark.parametrize(("weeks", "due"), [(3, date(2026, 5, 4)), (6, date(2026, 5, 25))])
def test_reinvitation_after_the_corporation_s_weeks(weeks, due):
    assert heruitnodiging_date(date(2026, 4, 13), weeks) == due


def test_reminder_is_due_from_a_week_before_the_deadline_until_the_deadline():
    deadline = date(2026, 12, 9)
    assert [d.day for d in (deadline - timedelta(days=n) for n in range(0, 10)) if herinnering_due(deadline, d)] == [
        8, 7, 6, 5, 4, 3, 2]


def test_median_time_to_close_per_month_of_arrival():
    rows = [(datetime(2026, 10, 1), datetime(2026, 10, 2)), (datetime(2026, 10, 5), datetime(2026, 10, 8)),
            (datetime(2026, 10, 9), datetime(2026, 10, 19)), (datetime(2026, 11, 3), None)]
    result = doorlooptijden(rows)
    assert [(d.maand, d.aantal, d.afgehandeld, d.mediaan_dagen) for d in result] == [
        ("2026-10", 3, 3, 3.0), ("2026-11", 1, 0, None)]


def test_the_mail_holds_question_answer_contact_and_ids_as_plain_text():
    subject, body = mail_tekst(SignaalMail(
        7, "Woonstede", "Reparaties", "Hoe tevreden bent u?", "cijfer 2", date(2026, 11, 20), "Bouwbedrijf Jansen",
        Huurder("J. de Vries", "Kerkstraat 1, 1234 AB Utrecht", "0612345678", "j@example.nl", "ORD-1", "VHE-2"),
        (("Hoe makkelijk was melden?", "**8**"),), antwoord_kort="cijfer 2"))
    assert subject == "Signaal Reparaties: cijfer 2 (ORD-1 / VHE-2)"
    for part in ("Vraag: Hoe tevreden bent u?", "Antwoord: cijfer 2", "Ingevuld op: 20 november 2026",
                 "Aannemer: Bouwbedrijf Jansen", "Naam: J. de Vries", "Telefoon: 0612345678", "id1: ORD-1",
                 "id2: VHE-2", "- Hoe makkelijk was melden?: **8**", "nr. 7"):
        assert part in body
