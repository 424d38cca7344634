"""Blokkeren NAW-gegevens (domain.md §6.5, seed 002 "Een huurder wil niet meedoen …").

An address (postcode + huisnummer + toevoeging) is excluded from all surveys of its corporation
for a period that depends on the reason: *wil niet meedoen* 3 years, *overleden* 1 year,
*foutief in bestand* 1 month. A blokkade is active on day ``d`` when ``starts_on <= d < ends_on``
(blocked from 1 January 2026 for a year → invitable again on 1 January 2027). Ending one early
sets ``ends_on`` to today, so the history stays.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from kwhcore import config
from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.validation import normalise_huisnummer, normalise_postcode, normalise_toevoeging

# Duration per reason in months (seed 002).
REDENEN: dict[str, tuple[str, int]] = {
    "wil_niet_meedoen": ("Wil niet meedoen", 36),
    "overleden": ("Overleden", 12),
    "foutief_in_bestand": ("Foutief in bestand", 1),
}


class BlokkadeError(ValueError):
    """Bad input for a blokkade; the message is a Dutch sentence for the user."""


@dataclass(frozen=True)
class Blokkade:
    blokkade_id: int
    corporatie_id: int
    postcode: str
    huisnummer: str
    toevoeging: str
    reden: str
    starts_on: date
    ends_on: date
    created_by: str | None

    @property
    def reden_label(self) -> str:
        return REDENEN[self.reden][0]

    def is_active(self, day: date) -> bool:
        return self.starts_on <= day < self.ends_on

    @property
    def address_key(self) -> tuple[str, str, str]:
        return (self.postcode, self.huisnummer, self.toevoeging)


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ends_on_for(reden: str, starts_on: date) -> date:
    if reden not in REDENEN:
        raise BlokkadeError("Kies een reden: wil niet meedoen, overleden of foutief in bestand.")
    return add_months(starts_on, REDENEN[reden][1])


def _require(scope: Scope, corporatie_id: int) -> None:
    if not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Geen toegang tot Mijn KWH.")
    scope.require_corporatie(corporatie_id)


_COLUMNS = "blokkade_id, corporatie_id, postcode, huisnummer, coalesce(toevoeging, ''), reden, starts_on, ends_on, created_by"


def add_blokkade(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    corporatie_id: int,
    postcode: str,
    huisnummer: str | int,
    toevoeging: str | None,
    reden: str,
    *,
    starts_on: date | None = None,
) -> Blokkade:
    _require(scope, corporatie_id)
    normal_postcode = normalise_postcode(postcode)
    if normal_postcode is None:
        raise BlokkadeError("Vul een geldige postcode in, bijvoorbeeld 1234 AB.")
    normal_nummer = normalise_huisnummer(huisnummer)
    if normal_nummer is None:
        raise BlokkadeError("Vul een huisnummer in (alleen cijfers; letters horen bij de toevoeging).")
    start = starts_on or config.CONFIG.today()
    end = ends_on_for(reden, start)
    row = con.execute(
        "INSERT INTO blokkade (corporatie_id, postcode, huisnummer, toevoeging, reden, starts_on, "
        "ends_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING blokkade_id",
        [corporatie_id, normal_postcode, normal_nummer, normalise_toevoeging(toevoeging), reden,
         start, end, scope.user_email, datetime.now()],
    ).fetchone()
    return get_blokkade(con, scope, row[0])


def get_blokkade(con: duckdb.DuckDBPyConnection, scope: Scope, blokkade_id: int) -> Blokkade:
    row = con.execute(f"SELECT {_COLUMNS} FROM blokkade WHERE blokkade_id = ?", [blokkade_id]).fetchone()
    if row is None:
        raise BlokkadeError("Deze blokkade bestaat niet.")
    blokkade = Blokkade(*row)
    _require(scope, blokkade.corporatie_id)
    return blokkade


def list_blokkades(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, *, on: date | None = None,
    include_ended: bool = False,
) -> list[Blokkade]:
    """The corporation's blokkades, active ones (on ``on``, default today) unless ``include_ended``."""
    _require(scope, corporatie_id)
    day = on or config.CONFIG.today()
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM blokkade WHERE corporatie_id = ? "
        "AND (? OR (starts_on <= ? AND ends_on > ?)) ORDER BY postcode, huisnummer, starts_on",
        [corporatie_id, include_ended, day, day],
    ).fetchall()
    return [Blokkade(*row) for row in rows]


def end_blokkade(
    con: duckdb.DuckDBPyConnection, scope: Scope, blokkade_id: int, *, on: date | None = None
) -> Blokkade:
    """End a blokkade today: the address can be invited again from today."""
    blokkade = get_blokkade(con, scope, blokkade_id)
    day = on or config.CONFIG.today()
    if not blokkade.is_active(day):
        raise BlokkadeError("Deze blokkade is al beëindigd.")
    con.execute(
        "UPDATE blokkade SET ends_on = ?, ended_at = ? WHERE blokkade_id = ?",
        [day, datetime.now(), blokkade_id],
    )
    return get_blokkade(con, scope, blokkade_id)


def active_blokkades(con: duckdb.DuckDBPyConnection, corporatie_id: int, on: date) -> dict[tuple[str, str, str], Blokkade]:
    """Address key → blokkade active on ``on`` (used by the ontdubbeling; no scope: internal)."""
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM blokkade WHERE corporatie_id = ? AND starts_on <= ? AND ends_on > ?",
        [corporatie_id, on, on],
    ).fetchall()
    return {b.address_key: b for b in (Blokkade(*row) for row in rows)}
