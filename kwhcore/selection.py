"""What a user looks at: one vragenlijst of one corporation in one period, optionally a slice."""

from __future__ import annotations

from dataclasses import dataclass

from kwhcore.periods import Periode, parse_periode
from kwhcore.vragenlijsten import VRAGENLIJST_CODES

SLICE_DIMS = ("aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4")
UITSPLITSING_DIMS = SLICE_DIMS[1:]


class InvalidSelection(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    """Hashable, so it is part of every cache key together with the Scope."""

    corporatie_id: int
    vragenlijst: str
    periode: str
    aannemer: str | None = None
    # (uitsplitsing1..4, value)
    uitsplitsing: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if self.vragenlijst not in VRAGENLIJST_CODES:
            raise InvalidSelection(
                f"Onbekende vragenlijst '{self.vragenlijst}'; kies uit {', '.join(VRAGENLIJST_CODES)}."
            )
        parse_periode(self.periode)
        if self.uitsplitsing is not None and self.uitsplitsing[0] not in UITSPLITSING_DIMS:
            raise InvalidSelection(f"Onbekende uitsplitsing '{self.uitsplitsing[0]}'.")

    @property
    def parsed_periode(self) -> Periode:
        return parse_periode(self.periode)

    @property
    def slice(self) -> tuple[str, str]:
        """The single mart slice this selection reads, or ('combinatie', …) for two filters."""
        if self.aannemer is not None and self.uitsplitsing is not None:
            return ("combinatie", "")
        if self.aannemer is not None:
            return ("aannemer", self.aannemer)
        if self.uitsplitsing is not None:
            return self.uitsplitsing
        return ("totaal", "")

    def with_(self, **changes) -> Selection:
        from dataclasses import replace

        return replace(self, **changes)

    def as_totaal(self) -> Selection:
        return self.with_(aannemer=None, uitsplitsing=None)
