"""The score rules themselves (domain.md §4, §8.3), with hypothesis for the invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.scoring import (
    foutmarge,
    is_tevreden,
    onderdeelscore,
    percentage_tevreden,
    valid_grades,
    verdeling,
    vraag_score,
)

grades = st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=8)
respondents = st.dictionaries(st.integers(0, 10_000), grades, min_size=1, max_size=40)


def test_weet_niet_and_blanks_are_not_grades():
    assert valid_grades([7, None, "weet niet", 11, 0, True, 3]) == [7, 3]
    assert vraag_score(["n.v.t.", None]) is None


@pytest.mark.parametrize(
    ("answers", "expected"),
    [([5, 6], True), ([5, 5, 6, 6], True), ([5, 6, 5], False), ([6], True), ([5], False), ([1, 10], True)],
)
def test_five_and_a_half_exactly_is_tevreden(answers, expected):
    assert is_tevreden(answers) is expected


@given(respondents)
def test_onderdeelscore_lies_between_the_lowest_and_highest_respondent_mean(data):
    means = [sum(g) / len(g) for g in data.values()]
    assert min(means) - 1e-9 <= onderdeelscore(data) <= max(means) + 1e-9


@given(respondents)
def test_onderdeelscore_weighs_respondents_not_answers(data):
    # Doubling every answer of one respondent must not change the score.
    key = next(iter(data))
    doubled = dict(data, **{str(key): data[key] * 2})
    doubled.pop(key)
    assert math.isclose(onderdeelscore(doubled), onderdeelscore(data))


@given(respondents)
def test_percentage_tevreden_counts_respondent_means_from_5_5(data):
    expected = 100 * sum(sum(g) / len(g) >= 5.5 for g in data.values()) / len(data)
    assert math.isclose(percentage_tevreden(data), expected)
    assert 0 <= percentage_tevreden(data) <= 100


@given(st.lists(st.integers(1, 10), min_size=1, max_size=200))
def test_distribution_buckets_add_up_to_100(values):
    split = verdeling(values)
    assert math.isclose(split.pct_1_5 + split.pct_6_7 + split.pct_8_10, 100)


def test_margin_of_error_matches_the_formula_of_seed_002():
    # e = 1,645 · √(0,25/n) · √((N−n)/(N−1))
    assert foutmarge(100, 1000) == pytest.approx(1.645 * math.sqrt(0.25 / 100) * math.sqrt(900 / 999))
    assert foutmarge(400, None) == pytest.approx(0.041125)
    assert foutmarge(0, 100) is None
    assert foutmarge(50, 50) == 0.0


@given(st.integers(1, 5000), st.integers(2, 100_000))
def test_margin_of_error_shrinks_with_more_respondents(n, population):
    if n + 1 < population:
        assert foutmarge(n + 1, population) <= foutmarge(n, population)
