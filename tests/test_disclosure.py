"""kwhcore.disclosure: secondary suppression over a lattice, with its exact audit.

Small hand-made lattices for the rules a reader can check by eye (the aannemer split of one
month's year), and hypothesis for the invariant: whatever the data, no small cell is derivable
from what ``decide`` leaves shown, by an independent rank test.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kwhcore.disclosure import Lattice, PeriodTree, audit, decide

MIN_N = 5
YEAR = "2025"


def lattice(groups: dict[tuple[str, str, str], int]) -> Lattice:
    """Atoms from {(maand, aannemer, wijk): n}."""
    return Lattice.build({(m, a, w, "", "", ""): n for (m, a, w), n in groups.items()}, PeriodTree.of(YEAR))


def hidden_aannemers(groups, periode=YEAR) -> set[str]:
    decision = decide(lattice(groups), MIN_N)
    return {cell[1] for cell in decision.hidden if cell[0] == periode and cell[1] and not cell[2]}


def test_a_single_small_aannemer_forces_a_second_one_hidden():
    groups = {("2025-05", "Jansen", ""): 3, ("2025-05", "De Hamer", ""): 40, ("2025-05", "Visser", ""): 12}
    # Jansen alone could be recovered as the whole − De Hamer − Visser; hiding Visser prevents it.
    assert hidden_aannemers(groups) == {"Jansen", "Visser"}


def test_two_tiny_cells_are_not_enough_when_their_sum_is_below_min_n():
    groups = {("2025-05", "a", ""): 1, ("2025-05", "b", ""): 2, ("2025-05", "c", ""): 30, ("2025-05", "d", ""): 50}
    assert hidden_aannemers(groups) == {"a", "b", "c"}


def test_nothing_hidden_when_every_cell_is_large_enough():
    assert hidden_aannemers({("2025-05", "a", ""): 5, ("2025-05", "b", ""): 9}) == set()


def test_respondents_outside_the_split_protect_a_single_small_cell():
    # 10 respondents have no aannemer: the whole − visible = the hidden cell + those 10.
    assert hidden_aannemers({("2025-05", "a", ""): 2, ("2025-05", "b", ""): 30, ("2025-05", "", ""): 10}) == {"a"}


def test_the_whole_corporations_year_stays_visible_as_a_headline():
    groups = {("2025-01", "a", "Oost"): 1, ("2025-02", "b", "West"): 30, ("2025-03", "b", "Oost"): 20}
    decision = decide(lattice(groups), MIN_N, lambda cell, n: cell[0] == YEAR and not cell[1] and not cell[2])
    assert (YEAR, "", "", "") not in decision.hidden


def _brute_force_derivable(lat: Lattice, hidden: frozenset) -> list:
    shown = [row for row, (cell, n) in enumerate(zip(lat.cells, lat.n, strict=True)) if n >= MIN_N and cell not in hidden]
    base = lat.incidence[shown]
    rank = np.linalg.matrix_rank(base) if len(shown) else 0
    return [cell for row, (cell, n) in enumerate(zip(lat.cells, lat.n, strict=True))
            if 0 < n < MIN_N and np.linalg.matrix_rank(np.vstack([base, lat.incidence[row]])) == rank]


groups_strategy = st.dictionaries(
    st.tuples(st.sampled_from([f"{YEAR}-{m:02d}" for m in range(1, 13)]), st.sampled_from(["", "a", "b", "c"]),
              st.sampled_from(["", "Oost", "West", "Zuid"])),
    st.integers(1, 9), min_size=1, max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(groups_strategy)
def test_no_small_cell_is_derivable_after_the_decision(groups):
    lat = lattice(groups)
    decision = decide(lat, MIN_N)
    assert _brute_force_derivable(lat, decision.hidden) == []
    assert audit(lat, lambda cell, n: cell not in decision.hidden, MIN_N).afleidbaar == []


@settings(max_examples=60, deadline=None)
@given(groups_strategy, st.randoms(use_true_random=False))
def test_the_audit_agrees_with_a_plain_rank_test(groups, random):
    lat = lattice(groups)
    hidden = frozenset(cell for cell in lat.cells if random.random() < 0.3)
    found = audit(lat, lambda cell, n: cell not in hidden, MIN_N).afleidbaar
    assert sorted(found) == sorted(_brute_force_derivable(lat, hidden))
