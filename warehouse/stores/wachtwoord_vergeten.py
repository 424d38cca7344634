"""Self-service "Wachtwoord vergeten" (seed 002 §2 "Vraag een nieuw wachtwoord aan").

A request for an address with an account gets a one-time link (the same link as an invitation:
kwhcore.accounts.invite, so the earlier unused links stop working). The caller answers the same
sentence whatever happens here — an address without an account, a rate-limited request — so the
form never tells who has an account. Every request is counted under a hash of the address
(``wachtwoord_aanvraag``): at most MAX_PER_ADRES per address per hour and MAX_TOTAAL in all per
hour, so the form cannot be used to flood a mailbox or the mail server.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from kwhcore import accounts
from kwhcore.access import Scope

MAX_PER_ADRES = 3
MAX_TOTAAL = 100
VENSTER = timedelta(hours=1)

ANTWOORD = (
    "Als er een account bij dit e-mailadres hoort, ontvangt u binnen enkele minuten een e-mail "
    "met een link om een nieuw wachtwoord in te stellen. Geen e-mail ontvangen? Kijk in uw map "
    "met ongewenste e-mail of vraag de hoofdgebruiker van uw corporatie om een nieuwe uitnodiging."
)


@dataclass(frozen=True)
class Herstel:
    """What to mail: the account and its fresh one-time link."""

    account: accounts.Account
    invitation: accounts.Invitation


def _email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def vraag_aan(con: duckdb.DuckDBPyConnection, email: str, *, now: datetime | None = None) -> Herstel | None:
    """Count the request; a link for the account when it exists and the limits allow it."""
    now = now or datetime.now()
    key = _email_hash(email or "")
    since = now - VENSTER
    per_adres, totaal = con.execute(
        "SELECT count(*) FILTER (WHERE email_hash = ?), count(*) FROM wachtwoord_aanvraag WHERE requested_at > ?",
        [key, since],
    ).fetchone()
    con.execute("DELETE FROM wachtwoord_aanvraag WHERE requested_at <= ?", [now - 24 * VENSTER])
    con.execute("INSERT INTO wachtwoord_aanvraag VALUES (?, ?)", [key, now])
    if per_adres >= MAX_PER_ADRES or totaal >= MAX_TOTAAL:
        return None
    row = con.execute(
        "SELECT gebruiker_id FROM gebruiker WHERE lower(email) = ?", [(email or "").strip().lower()]
    ).fetchone()
    if row is None:
        return None
    account = accounts.get_account_by_id(con, row[0])
    if account is None:
        return None
    return Herstel(account, accounts.invite(con, Scope.system(), account.gebruiker_id, now=now))
