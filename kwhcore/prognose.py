"""Live forecast for the running year: where the Aedes letters and the label would land today.

Issue 6 §3 — "what none of the existing tools shows". The figures so far are treated as a
sample of the year's tenants; the margin of error tells whether the letter or verdict could
still go either way.

- The margin of a mean grade is z · s/√n · √((N−n)/(N−1)) — the same 90% confidence and finite
  population correction as domain.md §8.3, with the grades' standard deviation s in place of
  √(p(1−p)); N is the number of tenants approached.
- The margin of a percentage tevreden is §8.3 exactly (p = 0,5), via ``scoring.foutmarge``.
A letter or verdict is "zeker" when the whole interval gives the same answer, otherwise the
page names every answer the interval allows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kwhcore import aedes
from kwhcore.config import CONFIG, Config
from kwhcore.kwaliteitslabel import (
    LABEL_ONDERDELEN,
    OnderdeelJaar,
    OnderdeelOordeel,
    beoordeel_onderdeel,
    haalt_normen,
)
from kwhcore.scoring import foutmarge


def foutmarge_gemiddelde(
    n: int, sd: float | None, populatie: int | None, z: float = CONFIG.betrouwbaarheid_z
) -> float | None:
    """Margin of error of a mean grade in grade points; None without at least two grades."""
    if n < 2 or sd is None:
        return None
    base = z * sd / math.sqrt(n)
    if populatie is None:
        return base
    if populatie <= n:
        return 0.0
    return base * math.sqrt((populatie - n) / (populatie - 1))


@dataclass(frozen=True)
class Meting:
    """A figure so far and its margin (same unit as the figure: grade points or percent points)."""

    waarde: float | None
    marge: float | None

    @property
    def onder(self) -> float | None:
        if self.waarde is None:
            return None
        return self.waarde - (self.marge or 0.0)

    @property
    def boven(self) -> float | None:
        if self.waarde is None:
            return None
        return self.waarde + (self.marge or 0.0)


@dataclass(frozen=True)
class Steekproef:
    """Grades so far in the running year: count, mean, standard deviation, tenants approached."""

    n: int
    gemiddelde: float | None
    sd: float | None
    populatie: int | None


@dataclass(frozen=True)
class DeelscorePrognose:
    deelscore: aedes.Deelscore
    n: int
    meting: Meting
    letter: aedes.Letter | None
    mogelijke_letters: tuple[str, ...]  # every letter inside the margin, best first
    onderdrukt: bool

    @property
    def is_zeker(self) -> bool:
        return len(self.mogelijke_letters) == 1


@dataclass(frozen=True)
class AedesPrognose:
    jaar: int
    deelscores: tuple[DeelscorePrognose, ...]
    letter: aedes.Letter | None
    mogelijke_letters: tuple[str, ...]


def _letters_between(low: float, high: float, config: Config) -> tuple[str, ...]:
    found = {aedes.letter(low, config), aedes.letter(high, config)}
    if "A" in found and "C" in found:
        found.add("B")
    return tuple(sorted(x for x in found if x))


def aedes_prognose(
    jaar: int, per_deelscore: Mapping[str, Steekproef], config: Config = CONFIG
) -> AedesPrognose:
    """The letters if the benchmark year ended today, and every letter the margin still allows."""
    deel = []
    for d in aedes.DEELSCORES:
        s = per_deelscore.get(d.code, Steekproef(0, None, None, None))
        hidden = s.n < config.min_n
        mean = None if hidden else s.gemiddelde
        meting = Meting(mean, None if hidden else foutmarge_gemiddelde(
            s.n, s.sd, s.populatie, config.betrouwbaarheid_z))
        mogelijk = () if mean is None else _letters_between(meting.onder, meting.boven, config)
        deel.append(DeelscorePrognose(d, s.n, meting, aedes.letter(mean, config), mogelijk, hidden))
    letters = {p.deelscore.code: p.letter for p in deel}
    totaal = aedes.totaalletter(letters, config)
    mogelijk_totaal: set[str] = set()
    if totaal is not None:
        codes = [p.deelscore.code for p in deel]
        for combo in itertools.product(*(p.mogelijke_letters for p in deel)):
            mogelijk_totaal.add(aedes.totaalletter(dict(zip(codes, combo, strict=True)), config))
    return AedesPrognose(jaar, tuple(deel), totaal, tuple(sorted(mogelijk_totaal)))


@dataclass(frozen=True)
class OnderdeelPrognose:
    oordeel: OnderdeelOordeel
    score: Meting
    percentage_tevreden: Meting
    zeker: bool  # the margin cannot change the verdict on the norms

    @property
    def toelichting(self) -> str:
        if self.oordeel.verdict != "voldoet" and self.oordeel.onderdeel.n == 0:
            return "Nog geen resultaten dit jaar."
        if self.zeker:
            return "Binnen de foutmarge verandert dit oordeel niet."
        return "Binnen de foutmarge kan het oordeel nog beide kanten op vallen."


def verstreken_kwartalen(jaar: int, vandaag: date) -> tuple[int, ...]:
    """Quarters of ``jaar`` that are already over on ``vandaag`` (the running one may still come)."""
    if vandaag.year > jaar:
        return (1, 2, 3, 4)
    if vandaag.year < jaar:
        return ()
    return tuple(range(1, (vandaag.month - 1) // 3 + 1))


def label_prognose(
    jaar: int,
    vandaag: date,
    onderdelen: Mapping[str, OnderdeelJaar],
    spreiding: Mapping[str, Steekproef],
    config: Config = CONFIG,
) -> list[OnderdeelPrognose]:
    """Each label onderdeel judged as if the year ended today, only on quarters already over."""
    vereist = verstreken_kwartalen(jaar, vandaag)
    result = []
    for code in LABEL_ONDERDELEN:
        onderdeel = onderdelen.get(code, OnderdeelJaar(code, 0, None, None))
        s = spreiding.get(code, Steekproef(onderdeel.n, onderdeel.onderdeelscore, None, None))
        oordeel = beoordeel_onderdeel(onderdeel, config, vereist)
        score = Meting(onderdeel.onderdeelscore, foutmarge_gemiddelde(
            s.n, s.sd, s.populatie, config.betrouwbaarheid_z))
        e = foutmarge(onderdeel.n, s.populatie, config.betrouwbaarheid_z)
        pct = Meting(onderdeel.percentage_tevreden, None if e is None else 100 * e)
        zeker = _zelfde_oordeel(score, pct, config)
        result.append(OnderdeelPrognose(oordeel, score, pct, zeker))
    return result


def _zelfde_oordeel(score: Meting, pct: Meting, config: Config) -> bool:
    if score.waarde is None or pct.waarde is None:
        return False
    corners: Iterable[tuple[float, float]] = itertools.product(
        (score.onder, score.boven), (pct.onder, pct.boven)
    )
    return len({haalt_normen(s, p, config) for s, p in corners}) == 1
