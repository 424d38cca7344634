"""The score rules in plain Python: the reference the SQL marts are tested against.

The warehouse computes the same figures in SQL at scale (warehouse/marts/); these functions
say what the numbers mean and recompute them independently in tests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kwhcore.config import CONFIG


def valid_grades(values: Iterable[object]) -> list[int]:
    """Grades 1–10 only: 'weet niet', 'n.v.t.' and blanks are not grades (domain.md §4.1)."""
    grades = []
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int) and 1 <= value <= 10:
            grades.append(value)
    return grades


def vraag_score(grades: Iterable[object]) -> float | None:
    """Question score: the arithmetic mean of the valid grades (domain.md §4.1)."""
    valid = valid_grades(grades)
    return sum(valid) / len(valid) if valid else None


@dataclass(frozen=True)
class Verdeling:
    """The three buckets the Klantvizier shows beside every grade (seed 000)."""

    pct_1_5: float
    pct_6_7: float
    pct_8_10: float


def verdeling(grades: Iterable[object]) -> Verdeling | None:
    valid = valid_grades(grades)
    if not valid:
        return None
    n = len(valid)
    return Verdeling(
        pct_1_5=100 * sum(g <= 5 for g in valid) / n,
        pct_6_7=100 * sum(6 <= g <= 7 for g in valid) / n,
        pct_8_10=100 * sum(g >= 8 for g in valid) / n,
    )


def respondent_means(per_respondent: Mapping[object, Sequence[object]]) -> dict[object, float]:
    """Each respondent's mean over the kwaliteitslabel grades they gave (domain.md §4.2)."""
    means = {}
    for respondent, grades in per_respondent.items():
        valid = valid_grades(grades)
        if valid:
            means[respondent] = sum(valid) / len(valid)
    return means


def onderdeelscore(per_respondent: Mapping[object, Sequence[object]]) -> float | None:
    """Mean of respondent means over respondents with at least one grade (seed 002)."""
    means = respondent_means(per_respondent)
    return sum(means.values()) / len(means) if means else None


def is_tevreden(grades: Sequence[object], grens: float = CONFIG.tevreden_grens) -> bool | None:
    """5,5 exactly is tevreden; compared on the unrounded mean, exactly (integer arithmetic)."""
    valid = valid_grades(grades)
    if not valid:
        return None
    # sum/n >= grens  <=>  sum*2 >= grens*2*n, exact for the half-point default.
    return 2 * sum(valid) >= round(2 * grens * len(valid), 9)


def percentage_tevreden(per_respondent: Mapping[object, Sequence[object]]) -> float | None:
    """Share of respondents whose own mean is ≥ 5,5 (domain.md §4.3), in percent."""
    verdicts = [v for v in (is_tevreden(g) for g in per_respondent.values()) if v is not None]
    return 100 * sum(verdicts) / len(verdicts) if verdicts else None


def foutmarge(n: int, populatie: int | None, z: float = CONFIG.betrouwbaarheid_z) -> float | None:
    """Margin of error at 90% with finite population correction, p = 0,5 (domain.md §8.3).

    e = z · √(p(1−p)/n) · √((N−n)/(N−1)). Returns a fraction (0,05 = 5%); None when it cannot
    be computed (no respondents). With N unknown or N ≤ n the correction is left out / zero.
    """
    if n <= 0:
        return None
    base = z * math.sqrt(0.25 / n)
    if populatie is None:
        return base
    if populatie <= 1 or populatie <= n:
        return 0.0
    return base * math.sqrt((populatie - n) / (populatie - 1))
