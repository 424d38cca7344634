"""Eigen dashboard: which question tiles a user may pin, and whose pins they are.

seed 002 §4 ("je eigen dashboard om snel de resultaten te kunnen monitoren waar je specifiek op
stuurt"): a user pins the questions they steer on and finds them together on one page. A pin
belongs to the person, not to the corporation, so it is keyed by the account's e-mail address
(which never changes, seed 002 §2) or, lacking one, its id.
"""

from __future__ import annotations

from dataclasses import dataclass

from kwhcore.access import Scope
from kwhcore.vragenlijsten import Vraag, vragenlijst

# A page of tiles that still reads at a glance; more pins would make it a second databank.
MAX_PINS = 24


class EigenDashboardError(ValueError):
    """A pin that cannot be made; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Pin:
    vragenlijst: str
    vraag_code: str
    volgorde: int


def gebruiker_sleutel(scope: Scope) -> str:
    """The key a user's pins are stored under; a scope without a person has no dashboard."""
    if scope.user_email:
        return f"email:{scope.user_email.strip().lower()}"
    if scope.user_id is not None:
        return f"id:{scope.user_id}"
    raise EigenDashboardError("Een eigen dashboard hoort bij een persoonlijk account.")


def pinbare_vraag(vragenlijst_code: str, vraag_code: str) -> Vraag:
    """Only grade questions have a score tile to pin (seed 000: score, verdeling, trend)."""
    try:
        definition = vragenlijst(vragenlijst_code)
    except KeyError:
        raise EigenDashboardError(f"Onbekende vragenlijst '{vragenlijst_code}'.") from None
    found = next((q for q in definition.vragen if q.code == vraag_code), None)
    if found is None:
        raise EigenDashboardError(f"De vraag '{vraag_code}' hoort niet bij {definition.naam}.")
    if not found.is_cijfervraag:
        raise EigenDashboardError("Alleen vragen met een rapportcijfer kunnen op uw dashboard.")
    return found
