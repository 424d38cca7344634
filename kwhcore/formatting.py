"""Dutch display of figures: '7,4', '85%', '22 april 2026', '12.345' (domain.md §4.5)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kwhcore.periods import format_datum

ONDERDRUKT_TEKST = "Te weinig respondenten om een resultaat te tonen"


def _round_half_up(value: float, digits: int) -> Decimal:
    # Round the way people do on paper (6,05 → 6,1), not banker's rounding; repr() first so
    # 6.05 is not read as 6.04999….
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def cijfer(value: float | None, digits: int = 1) -> str:
    """A grade with a decimal comma: 6.057 → '6,1'. None → '–'."""
    if value is None:
        return "–"
    return f"{_round_half_up(value, digits):.{digits}f}".replace(".", ",")


def procent(value: float | None) -> str:
    """A whole percentage: 88.1 → '88%'."""
    if value is None:
        return "–"
    return f"{_round_half_up(value, 0):.0f}%"


def aantal(value: int | None) -> str:
    """Thousands with a dot: 12345 → '12.345'."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", ".")


def datum(value: date | None) -> str:
    return format_datum(value) if value else "–"


def foutmarge_tekst(fraction: float | None) -> str:
    """'± 4,3%' for a margin of error given as a fraction."""
    if fraction is None:
        return "–"
    return f"± {cijfer(100 * fraction)}%"
