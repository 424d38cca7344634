"""The Dutch sentences of the validatieverslag: each names the value found and the rule it breaks.

Issue 14 / seed 002 §3: a steward must be able to fix a row from the message alone, so every
value finding quotes the cell ("Telefoonnummer '06-9123' is geen geldig Nederlands nummer …")
and states the rule with an example. The quoted value is shortened and stripped of control
characters: a hostile cell must not flood the report or break the line it is printed on.
"""

from __future__ import annotations

from datetime import date, datetime

from kwhcore.formatting import datum

MAX_QUOTED_LENGTH = 40

PHONE_RULE = "10 cijfers, bijv. 06-12345678 of 010-2210360"
EMAIL_RULE = "de vorm naam@domein.nl"
POSTCODE_RULE = "4 cijfers en 2 letters, bijv. 1234 AB"
DATUM_RULE = "gebruik een datumcel of bijv. 22-04-2026"

GEEN_ANDER_CONTACT = "deze huurder heeft geen ander geldig telefoonnummer of e-mailadres en kan zo niet benaderd worden"
WEL_ANDER_CONTACT = "de huurder wordt benaderd via het andere telefoonnummer of e-mailadres"
LABELS = {"telefoon1": "Telefoonnummer", "telefoon2": "Telefoonnummer 2", "email": "E-mailadres"}


def quoted(value: object) -> str:
    """The cell value as the steward typed it, quoted, at most MAX_QUOTED_LENGTH characters."""
    if isinstance(value, datetime):
        text = datum(value.date())
    elif isinstance(value, date):
        text = datum(value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if len(text) > MAX_QUOTED_LENGTH:
        text = text[: MAX_QUOTED_LENGTH - 1] + "…"
    return f"'{text}'"


def phone_invalid(column: str, value: object, *, blocking: bool) -> str:
    gevolg = GEEN_ANDER_CONTACT if blocking else WEL_ANDER_CONTACT
    return f"{LABELS[column]} {quoted(value)} is geen geldig Nederlands nummer ({PHONE_RULE}); {gevolg}."


def email_invalid(value: object, *, blocking: bool) -> str:
    gevolg = GEEN_ANDER_CONTACT if blocking else WEL_ANDER_CONTACT
    return f"E-mailadres {quoted(value)} is geen geldig e-mailadres ({EMAIL_RULE}); {gevolg}."


def contact_missing() -> str:
    return (
        "Telefoonnummer en e-mailadres zijn allebei leeg; een huurder heeft minstens één geldig "
        "telefoonnummer of e-mailadres nodig om benaderd te worden."
    )


def postcode_missing() -> str:
    return f"De postcode is leeg; elke huurder heeft een postcode nodig ({POSTCODE_RULE})."


def postcode_invalid(value: object) -> str:
    return f"Postcode {quoted(value)} is geen geldige Nederlandse postcode ({POSTCODE_RULE})."


def huisnummer_invalid(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "Het huisnummer is leeg; elke huurder heeft een huisnummer nodig (een getal, bijv. 12)."
    return (
        f"Huisnummer {quoted(value)} is geen getal (bijv. 12); zet letters en toevoegingen in de "
        "kolom 'toevoeging'."
    )


def date_invalid(value: object) -> str:
    return f"Datum {quoted(value)} is geen datum ({DATUM_RULE})."


def date_future(value: object, today: date) -> str:
    return (
        f"Datum {quoted(value)} ligt in de toekomst; de datum van de dienst ligt op of vóór "
        f"vandaag ({datum(today)})."
    )


def tenant_duplicate(first_row: int, address: str) -> str:
    return (
        f"Dezelfde huurder ({address}) staat ook in rij {first_row}; dat mag (bijv. meerdere "
        "reparaties op één adres), de huurder krijgt één uitnodiging."
    )


def eerder_geleverd(kolom: str, waarde: str, eerder: str, rijen: int) -> str:
    rij_tekst = "1 rij" if rijen == 1 else f"{rijen} rijen"
    return (
        f"In de kolom {kolom} staat {quoted(waarde)} ({rij_tekst}), eerder geleverd als "
        f"{quoted(eerder)}; koppel de waarde op de pagina Aanleveren aan de eerdere schrijfwijze, "
        "anders ziet u twee scores in plaats van één."
    )
