"""The sent marker of signaalmails and what a mail needs (issue 12: never mailed twice).

``claim_mail`` moves one signal from 'wacht' (or 'mislukt') to 'bezig' in a single statement, so
of any number of concurrent runs exactly one sends it; only a failed send hands it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import duckdb

from kwhcore.access import Scope
from kwhcore.signalen import SignaalRegel
from warehouse.stores import audit
from warehouse.stores.signaalregels import get_regel
from warehouse.stores.signalen import Signaal, get_signaal


def te_mailen(con: duckdb.DuckDBPyConnection, max_pogingen: int) -> list[int]:
    return [r[0] for r in con.execute(
        "SELECT signaal_id FROM signaal WHERE mail_status IN ('wacht', 'mislukt') AND mail_attempts < ? "
        "ORDER BY signaal_id", [max_pogingen]).fetchall()]


def claim_mail(con: duckdb.DuckDBPyConnection, signaal_id: int, now: datetime) -> bool:
    """Claim one signal's mail in one statement: only one run ever gets True for it."""
    row = con.execute(
        "UPDATE signaal SET mail_status = 'bezig', mail_claimed_at = ?, mail_attempts = mail_attempts + 1 "
        "WHERE signaal_id = ? AND mail_status IN ('wacht', 'mislukt') RETURNING signaal_id",
        [now, signaal_id],
    ).fetchone()
    return row is not None


def mail_verzonden(con: duckdb.DuckDBPyConnection, signaal_id: int, ontvangers: Sequence[str], now: datetime) -> None:
    corporatie_id = con.execute(
        "UPDATE signaal SET mail_status = 'verzonden', mail_sent_at = ?, mail_error = NULL WHERE signaal_id = ? "
        "RETURNING corporatie_id", [now, signaal_id]).fetchone()[0]
    audit.record(con, None, "signaal_gemaild", corporatie_id=corporatie_id, onderwerp=f"signaal {signaal_id}",
                 toelichting="aan " + ", ".join(ontvangers), at=now)


def mail_mislukt(con: duckdb.DuckDBPyConnection, signaal_id: int, reden: str, *, terug_naar_wachten: bool) -> None:
    """A failed send is tried again next run; without a mail server the attempt does not count."""
    if terug_naar_wachten:
        con.execute("UPDATE signaal SET mail_status = 'wacht', mail_attempts = mail_attempts - 1, mail_error = ? "
                    "WHERE signaal_id = ?", [reden, signaal_id])
    else:
        con.execute("UPDATE signaal SET mail_status = 'mislukt', mail_error = ? WHERE signaal_id = ?", [reden, signaal_id])


def mail_gegevens(con: duckdb.DuckDBPyConnection, signaal_id: int) -> tuple[Signaal, SignaalRegel, str, tuple[str, ...], list[tuple[str, str]]]:
    """What a signaalmail needs: the signal, its rule, the corporation's name, the recipients
    (the rule's, plus the aannemer's own accounts when the rule says so) and the other answers."""
    signaal = get_signaal(con, Scope.system(), signaal_id)
    regel = get_regel(con, signaal.signaal_regel_id)
    naam = con.execute("SELECT naam FROM corporatie WHERE corporatie_id = ?", [signaal.corporatie_id]).fetchone()[0]
    ontvangers = list(regel.ontvangers)
    if regel.is_aannemer_ontvanger and signaal.aannemer:
        for (email,) in con.execute(
            "SELECT g.email FROM gebruiker g JOIN gebruiker_aannemer ga ON ga.gebruiker_id = g.gebruiker_id "
            "WHERE g.rol = 'aannemer' AND g.corporatie_id = ? AND ga.is_eigen_naam AND ga.aannemer_naam = ? "
            "ORDER BY g.email", [signaal.corporatie_id, signaal.aannemer]).fetchall():
            if email not in ontvangers:
                ontvangers.append(email)
    andere = [
        (tekst, str(cijfer) if cijfer is not None else (antwoord or ""))
        for tekst, cijfer, antwoord in con.execute(
            "SELECT v.tekst, a.cijfer, a.antwoord_tekst FROM antwoord a JOIN vraag v USING (vraag_code) "
            "WHERE a.respondent_id = ? AND a.vraag_code IS DISTINCT FROM ? ORDER BY v.volgorde",
            [signaal.respondent_id, signaal.vraag_code]).fetchall()
    ]
    return signaal, regel, naam, tuple(ontvangers), andere


def dienst(con: duckdb.DuckDBPyConnection, respondent_id: str) -> tuple[date | None, str | None]:
    """The date and short description of the service the tenant was asked about (for the
    question text's {{datum}} and {{type}}), when the respondent came from an upload."""
    row = con.execute(
        "SELECT h.dienst_date, h.type_omschrijving FROM respondent r "
        "LEFT JOIN heruitnodiging hu ON hu.uitnodiging_id = r.uitnodiging_id "
        "JOIN uitnodiging u ON u.uitnodiging_id = coalesce(hu.oorspronkelijke_uitnodiging_id, r.uitnodiging_id) "
        "JOIN huurder_rij h ON h.aanlevering_id = u.aanlevering_id AND h.rij_nummer = u.rij_nummer "
        "WHERE r.respondent_id = ?", [respondent_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)
