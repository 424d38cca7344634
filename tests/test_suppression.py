"""Minimum N with secondary suppression: no hidden cell can be recovered by subtraction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kwhcore.suppression import suppress

MIN_N = 5


def test_small_total_is_hidden():
    assert suppress({"a": 2, "b": 1}).total_hidden


def test_single_small_cell_forces_a_second_cell_hidden():
    result = suppress({"Jansen": 3, "De Hamer": 40, "Visser": 12}, min_n=MIN_N)
    # Jansen alone could be recovered as total − De Hamer − Visser; hiding Visser prevents it.
    assert result.hidden == {"Jansen", "Visser"} and not result.total_hidden


def test_two_tiny_cells_are_not_enough_when_their_sum_is_below_min_n():
    result = suppress({"a": 1, "b": 2, "c": 30, "d": 50}, min_n=MIN_N)
    assert result.hidden == {"a", "b", "c"}


def test_empty_cells_take_no_part():
    # An aannemer whose respondents gave no grade has n = 0: no figure, but not a hidden one
    # that would force a second cell to be hidden.
    assert suppress({"a": 0, "b": 9, "c": 12}).hidden == frozenset()


def test_nothing_hidden_when_every_cell_is_large_enough():
    assert suppress({"a": 5, "b": 9}).hidden == frozenset()


def test_respondents_outside_the_split_protect_a_single_small_cell():
    # 10 respondents have no aannemer: total − visible = hidden cell + those 10.
    result = suppress({"a": 2, "b": 30}, total_n=42, min_n=MIN_N)
    assert result.hidden == {"a"}


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(1, 60), min_size=1, max_size=8),
       st.integers(0, 20))
def test_no_hidden_cell_is_recoverable_by_subtraction(cells, outside):
    total = sum(cells.values()) + outside
    result = suppress(cells, total_n=total, min_n=MIN_N)
    for key, n in cells.items():
        if n < MIN_N:
            assert result.is_hidden(key) or result.total_hidden
    if result.total_hidden:
        return
    residue_cells = [cells[k] for k in result.hidden] + ([outside] if outside else [])
    if result.hidden:
        # What subtraction yields is the sum of at least two parts and at least MIN_N respondents.
        assert len(residue_cells) >= 2 and sum(residue_cells) >= MIN_N
