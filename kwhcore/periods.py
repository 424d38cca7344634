"""Periods (year / quarter / month) and the Mijn KWH delivery calendar.

interfaces.md "Codes": a period is written ``2025`` (year), ``2025-Q3`` (quarter) or
``2025-07`` (month). A response falls in the period of its completion date (domain.md §4.6).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodeType = Literal["jaar", "kwartaal", "maand"]

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "jaar"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "kwartaal"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "maand"),
)
_ALMOST = (
    (re.compile(r"^\d{4}-Q\d+$"), "een kwartaal loopt van Q1 tot en met Q4 (2025-Q3)"),
    (re.compile(r"^\d{4}-\d{1,2}$"), "een maand schrijft u met twee cijfers van 01 tot en met 12 (2025-07)"),
)
# The years a period may name: KWH's measurements start in this century; a year 0000, 0001 or
# 99999 is a typing error (and year 0 does not exist for Python's dates).
EERSTE_JAAR = 2000
LAATSTE_JAAR = 2100


class InvalidPeriode(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Periode:
    """One reporting period; ``key`` is the public code ('2025', '2025-Q3', '2025-07')."""

    start: date
    end: date  # inclusive
    type: PeriodeType
    key: str

    @property
    def label(self) -> str:
        """Dutch label for the UI: '2025', '3e kwartaal 2025', 'juli 2025'."""
        if self.type == "jaar":
            return self.key
        if self.type == "kwartaal":
            return f"{self.key[-1]}e kwartaal {self.start.year}"
        return f"{MAANDEN[self.start.month - 1]} {self.start.year}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Periode:
        return periode_of(self.start - timedelta(days=1), self.type)


def parse_periode(text: str) -> Periode:
    """The one validation of a period code from a user (URL, CLI, form): raises
    :class:`InvalidPeriode` with one Dutch sentence for anything else."""
    raw = str(text or "").strip()
    code = raw.upper()
    shown = _shown(raw)
    for pattern, kind in _PATTERNS:
        match = pattern.match(code)
        if not match:
            continue
        year = int(match.group(1))
        if not EERSTE_JAAR <= year <= LAATSTE_JAAR:
            raise InvalidPeriode(
                f"Onbekende periode '{shown}': het jaar moet tussen {EERSTE_JAAR} en {LAATSTE_JAAR} liggen."
            )
        return _build(year, kind, int(match.group(2)) if kind != "jaar" else 0)
    for pattern, hint in _ALMOST:
        if pattern.match(code):
            raise InvalidPeriode(f"Onbekende periode '{shown}': {hint}.")
    raise InvalidPeriode(
        f"Onbekende periode '{shown}': gebruik een jaar (2025), kwartaal (2025-Q3) of maand (2025-07)."
    )


def _shown(raw: str) -> str:
    """The user's text as it may appear in a message: printable and short."""
    printable = "".join(char if char.isprintable() else "?" for char in raw)
    return printable if len(printable) <= 20 else printable[:20] + "…"


def _build(year: int, kind: PeriodeType, number: int) -> Periode:
    if kind == "jaar":
        return Periode(date(year, 1, 1), date(year, 12, 31), "jaar", f"{year}")
    if kind == "kwartaal":
        first = 3 * (number - 1) + 1
        last_day = calendar.monthrange(year, first + 2)[1]
        return Periode(date(year, first, 1), date(year, first + 2, last_day), "kwartaal", f"{year}-Q{number}")
    last_day = calendar.monthrange(year, number)[1]
    return Periode(date(year, number, 1), date(year, number, last_day), "maand", f"{year}-{number:02d}")


def periode_of(day: date, kind: PeriodeType) -> Periode:
    """The period of ``kind`` a day falls in (any year a date can have: trend lines go back)."""
    if kind == "jaar":
        return _build(day.year, "jaar", 0)
    if kind == "kwartaal":
        return _build(day.year, "kwartaal", (day.month - 1) // 3 + 1)
    return _build(day.year, "maand", day.month)


def parse_datum(text: object) -> date:
    """A day given by a user on the command line (``--op``, ``--since``): exactly JJJJ-MM-DD, a
    real day, in EERSTE_JAAR–LAATSTE_JAAR; :class:`InvalidPeriode` with a Dutch reason otherwise."""
    raw = str(text or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
    if not match:
        raise InvalidPeriode(f"Onbekende datum '{_shown(raw)}': schrijf een datum als JJJJ-MM-DD (2026-04-22).")
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise InvalidPeriode(f"Onbekende datum '{_shown(raw)}': die dag bestaat niet.") from exc
    if not EERSTE_JAAR <= day.year <= LAATSTE_JAAR:
        raise InvalidPeriode(
            f"Onbekende datum '{_shown(raw)}': het jaar moet tussen {EERSTE_JAAR} en {LAATSTE_JAAR} liggen."
        )
    return day


def parse_jaar(value: object, *, tot: int = LAATSTE_JAAR) -> int:
    """A year given on its own (``--jaar``): four digits from EERSTE_JAAR to ``tot``."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text) or not EERSTE_JAAR <= int(text) <= tot:
        raise InvalidPeriode(f"Onbekend jaar '{_shown(text)}': geef een jaartal tussen {EERSTE_JAAR} en {tot}.")
    return int(text)


def periodes_between(start: date, end: date, kind: PeriodeType) -> list[Periode]:
    """Every period of ``kind`` that overlaps [start, end], oldest first (for trend lines)."""
    result = []
    current = periode_of(start, kind)
    while current.start <= end:
        result.append(current)
        current = periode_of(current.end + timedelta(days=1), kind)
    return result


# --- the delivery calendar (domain.md §6.3, seed 002 "Wanneer kan ik … aanleveren?") ------------

def deadline_for(year: int, month: int) -> date:
    """The first Wednesday of the month, unless that is the 1st–4th: then the Wednesday after.

    Equivalently: the first Wednesday on or after the 5th.
    """
    fifth = date(year, month, 5)
    return fifth + timedelta(days=(2 - fifth.weekday()) % 7)


def deadlines(year: int) -> list[date]:
    return [deadline_for(year, month) for month in range(1, 13)]


def current_round(today: date) -> date:
    """The deadline of the round a steward delivers for now: the next deadline on or after today."""
    this_month = deadline_for(today.year, today.month)
    if today <= this_month:
        return this_month
    nxt = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return deadline_for(nxt.year, nxt.month)


@dataclass(frozen=True)
class Tijdlijn:
    """The planned fieldwork dates of one delivery round (seed 002 'Tijdlijn')."""

    deadline: date
    uitnodigingen: date            # Tuesday after the deadline
    telefonisch_zonder_email: date  # Tuesday of week 1
    herinnering: date              # Monday of week 2
    telefonisch_non_respons: date  # Wednesday of week 2
    herinnering_steward: date      # one week before the deadline


def tijdlijn(deadline: date) -> Tijdlijn:
    invite = deadline + timedelta(days=(1 - deadline.weekday()) % 7 or 7)
    week2_monday = invite + timedelta(days=6)
    return Tijdlijn(
        deadline=deadline,
        uitnodigingen=invite,
        telefonisch_zonder_email=invite,
        herinnering=week2_monday,
        telefonisch_non_respons=week2_monday + timedelta(days=2),
        herinnering_steward=deadline - timedelta(days=7),
    )


def format_datum(day: date) -> str:
    """Dutch long date: '22 april 2026'."""
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"
