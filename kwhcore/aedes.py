"""Aedes-benchmark, prestatieveld Huurdersoordeel: window, letters, weighted letter, freeze calendar.

domain.md §8.1, seed 002 §6 ("Over welke periode…", "Hoe kan ik de resultaten … monitoren"),
seed 004 (weights as a corporation sees them). Three deelscores, each the mean grade on the
first (aedes) question of its vragenlijst. Benchmark year *Y* covers the responses completed
from 1 September *Y−1* through 31 July *Y* (configurable). January to early September the tile
is live; at the end of August the year is frozen (stored once, never recomputed); from
September the next year runs in the background while the tile keeps showing the frozen year —
so the tile always shows benchmark year = the calendar year of today.

Letters are given on the published deelscore (one decimal, rounded half up): a corporation
that reads "7,2" must never get the letter of "7,1". Class boundaries and weights come from
``CONFIG`` (the defaults there are consistent with Aedes' known points 7,1 → C, 7,5 → B, 7,8 → B).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from kwhcore.config import CONFIG, Config

Letter = Literal["A", "B", "C"]

# The letter's value in the weighted sum (Aedes, "Toelichting letters prestatieveld Huurdersoordeel").
LETTER_WAARDE: dict[str, int] = {"A": 1, "B": 0, "C": -1}
# Weighted sum ≥ 0,50 → A; ≤ −0,50 → C; in between B (domain.md §8.1).
TOTAAL_GRENS = 0.5


@dataclass(frozen=True)
class Deelscore:
    """One of the three parts of the prestatieveld and the vragenlijst whose first question feeds it."""

    code: str
    naam: str
    vragenlijst: str

    def gewicht(self, config: Config = CONFIG) -> float:
        return {
            "nieuwe_huurders": config.aedes_gewicht_nieuwe_huurders,
            "reparaties": config.aedes_gewicht_reparaties,
            "vertrokken_huurders": config.aedes_gewicht_vertrokken_huurders,
        }[self.code]


DEELSCORES: tuple[Deelscore, ...] = (
    Deelscore("nieuwe_huurders", "Nieuwe huurders", "nieuwe_huurders"),
    Deelscore("reparaties", "Reparatieverzoeken", "reparaties"),
    Deelscore("vertrokken_huurders", "Vertrokken huurders", "vertrokken_huurders"),
)
DEELSCORE_BY_CODE = {d.code: d for d in DEELSCORES}


def gepubliceerd(score: float) -> float:
    """The deelscore as published: one decimal, rounded half up (7,15 → 7,2)."""
    return float(Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- the benchmark year -----------------------------------------------------------------------

def venster(jaar: int, config: Config = CONFIG) -> tuple[date, date]:
    """First and last completion date (inclusive) counted for benchmark year ``jaar``.

    Default 1 September ``jaar``−1 through 31 July ``jaar`` (seed 002 §6). A window whose start
    lies later in the calendar than its end starts in the previous year.
    """
    start_md, eind_md = config.aedes_venster_start, config.aedes_venster_eind
    start_jaar = jaar - 1 if tuple(start_md) > tuple(eind_md) else jaar
    return date(start_jaar, *start_md), date(jaar, *eind_md)


def benchmarkjaar_van(dag: date, config: Config = CONFIG) -> int | None:
    """The benchmark year a response completed on ``dag`` counts for; None in the gap (August)."""
    for jaar in (dag.year, dag.year + 1):
        start, eind = venster(jaar, config)
        if start <= dag <= eind:
            return jaar
    return None


def tegeljaar(vandaag: date) -> int:
    """The benchmark year the tile shows: live January–August, frozen from September on.

    Seed 002: "vanaf de aanlevering in oktober … beginnen we weer met het nieuwe benchmarkjaar.
    De tegel … blijft echter 'bevroren'": the tile's year only moves on in January.
    """
    return vandaag.year


def lopend_jaar(vandaag: date, config: Config = CONFIG) -> int:
    """The latest benchmark year that has started: from September already the next one.

    In the gap between the window's end and the next start (August) that is the year just
    closed, which is still waiting for its freeze.
    """
    jaar = vandaag.year + 1
    while venster(jaar, config)[0] > vandaag:
        jaar -= 1
    return jaar


def kan_bevriezen(jaar: int, vandaag: date, config: Config = CONFIG) -> bool:
    """A year can be frozen once its window is over: nothing can still change its figures."""
    return vandaag > venster(jaar, config)[1]


def laatst_afgesloten_jaar(vandaag: date, config: Config = CONFIG) -> int:
    """The most recent benchmark year whose window is over: what the cron freeze picks."""
    jaar = vandaag.year
    while not kan_bevriezen(jaar, vandaag, config):
        jaar -= 1
    return jaar


def vroegste_bevriesdatum(jaar: int, config: Config = CONFIG) -> date:
    return venster(jaar, config)[1] + timedelta(days=1)


# --- letters ------------------------------------------------------------------------------------

def letter(score: float | None, config: Config = CONFIG) -> Letter | None:
    """The letter of one deelscore by the fixed class boundaries (same for all three deelscores)."""
    if score is None:
        return None
    published = gepubliceerd(score)
    if published >= config.aedes_grens_a:
        return "A"
    if published >= config.aedes_grens_b:
        return "B"
    return "C"


def gewogen_score(letters: Mapping[str, str | None], config: Config = CONFIG) -> float | None:
    """A = 1, B = 0, C = −1 weighted 25/55/20 (NH/Reparatieverzoeken/VH); None when a letter is missing.

    Rounded to two decimals as Aedes writes it ("−0,25"), which also keeps float noise such as
    0,5000000000000001 from deciding a letter.
    """
    if any(letters.get(d.code) is None for d in DEELSCORES):
        return None
    total = sum(LETTER_WAARDE[letters[d.code]] * d.gewicht(config) for d in DEELSCORES)
    return round(total, 2)


def totaalletter(letters: Mapping[str, str | None], config: Config = CONFIG) -> Letter | None:
    """The letter of the whole prestatieveld: ≥ 0,50 A; ≤ −0,50 C; otherwise B (C, B, B → −0,25 → B)."""
    score = gewogen_score(letters, config)
    if score is None:
        return None
    if score >= TOTAAL_GRENS:
        return "A"
    if score <= -TOTAAL_GRENS:
        return "C"
    return "B"


# --- a result, live or frozen --------------------------------------------------------------------

@dataclass(frozen=True)
class DeelscoreResultaat:
    deelscore: Deelscore
    n: int
    gemiddelde: float | None
    letter: Letter | None
    onderdrukt: bool = False  # fewer respondents than CONFIG.min_n: no figure is shown


@dataclass(frozen=True)
class AedesResultaat:
    """The prestatieveld of one corporation for one benchmark year."""

    jaar: int
    venster_start: date
    venster_eind: date
    deelscores: tuple[DeelscoreResultaat, ...]
    gewogen_score: float | None
    letter: Letter | None
    is_bevroren: bool
    frozen_by: str | None = None
    frozen_at: datetime | None = None

    def deelscore(self, code: str) -> DeelscoreResultaat:
        return next(d for d in self.deelscores if d.deelscore.code == code)


def resultaat(
    jaar: int,
    per_deelscore: Mapping[str, tuple[int, float | None]],
    config: Config = CONFIG,
) -> AedesResultaat:
    """A live result from (n, mean grade) per deelscore code; min-N hides a mean and its letter."""
    start, eind = venster(jaar, config)
    deel = []
    for d in DEELSCORES:
        n, mean = per_deelscore.get(d.code, (0, None))
        hidden = n < config.min_n
        shown = None if hidden else mean
        deel.append(DeelscoreResultaat(d, n, shown, letter(shown, config), hidden and n > 0))
    letters = {r.deelscore.code: r.letter for r in deel}
    return AedesResultaat(
        jaar, start, eind, tuple(deel), gewogen_score(letters, config),
        totaalletter(letters, config), is_bevroren=False,
    )
