"""Onderzoeken settings per corporation (domain.md §3, §5; seed 002 §2 "Bewerk gegevens").

Per vragenlijst: delivery method (Mijn KWH or automatic), frequency (monthly, quarterly, twice a
year, automatic), who manages the vragenlijst, and the signal recipients (one address per line).
Per corporation: the contactpersoon shown to tenants in the invitation e-mail, and the Reparaties
checkvraag on/off with the re-invite after 3 or 6 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.validation import is_valid_email

AANLEVERMETHODEN = {"mijn_kwh": "Via Mijn KWH", "automatisch": "Automatisch via koppeling"}
FREQUENTIES = {"maand": "Iedere maand", "kwartaal": "Ieder kwartaal", "halfjaar": "Twee keer per jaar", "automatisch": "Automatisch"}


class InstellingError(ValueError):
    """Bad settings input; the message is a Dutch sentence."""


@dataclass(frozen=True)
class OnderzoekInstelling:
    vragenlijst_code: str
    is_actief: bool
    aanlevermethode: str
    frequentie: str
    beheerder_naam: str | None
    signaal_ontvangers: tuple[str, ...]


@dataclass(frozen=True)
class CorporatieInstelling:
    contactpersoon_naam: str | None
    contactpersoon_email: str | None
    contactpersoon_telefoon: str | None
    is_checkvraag_enabled: bool
    checkvraag_reinvite_weeks: int


def _require(scope: Scope, corporatie_id: int) -> None:
    if not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Geen toegang tot Mijn KWH.")
    scope.require_corporatie(corporatie_id)


def parse_ontvangers(text: str) -> tuple[str, ...]:
    """One address per line (or separated by ',' / ';'); every one must be a valid address."""
    addresses = tuple(a.strip() for a in text.replace(";", "\n").replace(",", "\n").splitlines() if a.strip())
    wrong = [a for a in addresses if not is_valid_email(a)]
    if wrong:
        raise InstellingError(f"Geen geldig e-mailadres: {', '.join(wrong)}.")
    return addresses


def onderzoek_instellingen(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[OnderzoekInstelling]:
    _require(scope, corporatie_id)
    rows = con.execute(
        "SELECT o.vragenlijst_code, o.is_actief, o.aanlevermethode, o.frequentie, o.beheerder_naam, "
        "o.signaal_ontvangers FROM onderzoek_instelling o JOIN vragenlijst v USING (vragenlijst_code) "
        "WHERE o.corporatie_id = ? ORDER BY v.volgorde",
        [corporatie_id],
    ).fetchall()
    return [
        OnderzoekInstelling(r[0], r[1], r[2], r[3], r[4], tuple(a for a in (r[5] or "").splitlines() if a))
        for r in rows
    ]


def save_onderzoek_instelling(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst_code: str, *,
    aanlevermethode: str, frequentie: str, beheerder_naam: str | None, signaal_ontvangers: str,
) -> OnderzoekInstelling:
    _require(scope, corporatie_id)
    if aanlevermethode not in AANLEVERMETHODEN:
        raise InstellingError("Kies hoe u aanlevert: via Mijn KWH of automatisch.")
    if frequentie not in FREQUENTIES:
        raise InstellingError("Kies hoe vaak u aanlevert.")
    if (aanlevermethode == "automatisch") != (frequentie == "automatisch"):
        raise InstellingError("Automatisch aanleveren hoort bij de frequentie 'Automatisch' en andersom.")
    ontvangers = parse_ontvangers(signaal_ontvangers or "")
    con.execute(
        "INSERT INTO onderzoek_instelling (corporatie_id, vragenlijst_code, aanlevermethode, frequentie, "
        "beheerder_naam, signaal_ontvangers) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (corporatie_id, vragenlijst_code) "
        "DO UPDATE SET aanlevermethode = excluded.aanlevermethode, frequentie = excluded.frequentie, "
        "beheerder_naam = excluded.beheerder_naam, signaal_ontvangers = excluded.signaal_ontvangers",
        [corporatie_id, vragenlijst_code, aanlevermethode, frequentie, (beheerder_naam or "").strip() or None,
         "\n".join(ontvangers) or None],
    )
    return next(o for o in onderzoek_instellingen(con, scope, corporatie_id) if o.vragenlijst_code == vragenlijst_code)


def corporatie_instelling(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> CorporatieInstelling:
    _require(scope, corporatie_id)
    row = con.execute(
        "SELECT contactpersoon_naam, contactpersoon_email, contactpersoon_telefoon, is_checkvraag_enabled, "
        "checkvraag_reinvite_weeks FROM corporatie WHERE corporatie_id = ?",
        [corporatie_id],
    ).fetchone()
    return CorporatieInstelling(*row)


def save_corporatie_instelling(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, *, contactpersoon_naam: str,
    contactpersoon_email: str, contactpersoon_telefoon: str, is_checkvraag_enabled: bool, checkvraag_reinvite_weeks: int,
) -> CorporatieInstelling:
    """seed 002: the contactpersoon appears in every invitation; checkvraag re-invites after 3 or 6 weeks."""
    _require(scope, corporatie_id)
    email = (contactpersoon_email or "").strip()
    if email and not is_valid_email(email):
        raise InstellingError("Vul een geldig e-mailadres in voor de contactpersoon.")
    if checkvraag_reinvite_weeks not in (3, 6):
        raise InstellingError("Opnieuw uitnodigen kan na 3 of na 6 weken.")
    con.execute(
        "UPDATE corporatie SET contactpersoon_naam = ?, contactpersoon_email = ?, contactpersoon_telefoon = ?, "
        "is_checkvraag_enabled = ?, checkvraag_reinvite_weeks = ? WHERE corporatie_id = ?",
        [(contactpersoon_naam or "").strip() or None, email or None, (contactpersoon_telefoon or "").strip() or None,
         is_checkvraag_enabled, checkvraag_reinvite_weeks, corporatie_id],
    )
    return corporatie_instelling(con, scope, corporatie_id)
