"""Periods and the Mijn KWH delivery calendar (domain.md §6.3)."""

from __future__ import annotations

from datetime import date

import pytest

from kwhcore.periods import InvalidPeriode, current_round, deadline_for, deadlines, parse_periode, tijdlijn

DEADLINES_2026 = ["2026-01-07", "2026-02-11", "2026-03-11", "2026-04-08", "2026-05-06", "2026-06-10",
                  "2026-07-08", "2026-08-05", "2026-09-09", "2026-10-07", "2026-11-11", "2026-12-09"]


def test_deadlines_2026_are_the_twelve_of_the_seed():
    assert [d.isoformat() for d in deadlines(2026)] == DEADLINES_2026


@pytest.mark.parametrize("year", range(2020, 2032))
def test_deadline_is_a_wednesday_from_the_5th_to_the_11th(year):
    for day in deadlines(year):
        assert day.weekday() == 2 and 5 <= day.day <= 11


def test_first_wednesday_on_the_4th_moves_a_week():
    assert deadline_for(2026, 2) == date(2026, 2, 11)  # 4 Feb is a Wednesday
    assert deadline_for(2026, 5) == date(2026, 5, 6)   # 6 May is the first Wednesday


def test_current_round_after_the_deadline_is_next_month():
    assert current_round(date(2026, 11, 11)) == date(2026, 11, 11)
    assert current_round(date(2026, 11, 12)) == date(2026, 12, 9)
    assert current_round(date(2026, 12, 10)) == date(2027, 1, 6)


def test_timeline_after_the_deadline():
    plan = tijdlijn(date(2026, 11, 11))
    assert plan.uitnodigingen == date(2026, 11, 17)            # Tuesday after the deadline
    assert plan.herinnering == date(2026, 11, 23)              # Monday of week 2
    assert plan.telefonisch_non_respons == date(2026, 11, 25)  # Wednesday of week 2
    assert plan.herinnering_steward == date(2026, 11, 4)       # a week before the deadline


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
     ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30), "3e kwartaal 2025"),
     ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "februari 2024")],
)
def test_period_codes(text, start, end, label):
    periode = parse_periode(text)
    assert (periode.start, periode.end, periode.label) == (start, end, label)


@pytest.mark.parametrize("text", ["2025-Q5", "2025-13", "25", "", "2025/07"])
def test_bad_period_codes_are_refused_in_dutch(text):
    with pytest.raises(InvalidPeriode, match="Onbekende periode"):
        parse_periode(text)
