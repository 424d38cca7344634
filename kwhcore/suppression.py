"""Minimum-N privacy rule with secondary suppression (domain.md §4.8).

Primary: a cell with fewer respondents than ``min_n`` shows no figure. Secondary: when a split
(aannemers, uitsplitsing values) is shown beside its total, the hidden cells together must not
be recoverable by subtraction. Total minus the visible cells gives the *sum* of the hidden
cells, so that residue must itself be safe: it must contain at least two hidden cells and at
least ``min_n`` respondents. We hide the smallest visible cells until it is; if no cells are
left to hide, the total is hidden too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kwhcore.config import CONFIG


def is_primary_suppressed(n: int, min_n: int = CONFIG.min_n) -> bool:
    """A selection with respondents but fewer than min_n shows no figure (nor does an empty one)."""
    return n < min_n


@dataclass(frozen=True)
class SuppressionResult:
    hidden: frozenset[object]      # keys of the split cells that show no figure
    total_hidden: bool             # the total shows no figure either

    def is_hidden(self, key: object) -> bool:
        return key in self.hidden


def suppress(cells: Mapping[object, int], total_n: int | None = None, min_n: int = CONFIG.min_n) -> SuppressionResult:
    """Decide which cells of a split (key → n) must be hidden when shown beside their total.

    ``total_n`` defaults to the sum of the cells; pass it when the split does not cover the
    whole total (respondents without a value) — the uncovered part then already counts as a
    residue the cells hide in.
    """
    # A cell without respondents shows nothing and hides nothing: it takes no part.
    cells = {key: n for key, n in cells.items() if n > 0}
    total = sum(cells.values()) if total_n is None else total_n
    hidden = {key for key, n in cells.items() if n < min_n}
    total_hidden = total < min_n
    if total_hidden or not hidden:
        return SuppressionResult(frozenset(hidden), total_hidden)

    uncovered = total - sum(cells.values())
    visible = sorted((n, str(key), key) for key, n in cells.items() if key not in hidden)

    def residue_is_safe() -> bool:
        parts = len(hidden) + (1 if uncovered > 0 else 0)
        residue = sum(cells[key] for key in hidden) + uncovered
        return parts >= 2 and residue >= min_n

    while not residue_is_safe():
        if not visible:
            return SuppressionResult(frozenset(hidden), True)
        _, _, key = visible.pop(0)
        hidden.add(key)
    return SuppressionResult(frozenset(hidden), False)
