"""Raised signals and their follow-up (issue 12; seed 003 "het vastleggen wat er met de 'Stem'
wordt gedaan"): reading within the scope, counts, status changes with their audit line, the
median-time-to-close input, the corporation's contractor setting and the re-invitations list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from kwhcore.access import AccessDenied, Scope
from kwhcore.signalen import STATUSSEN, Huurder, SignaalError, check_overgang, checkvraag_antwoord_tekst
from warehouse.stores import audit
from warehouse.stores.signaalregels import require_beheer


@dataclass(frozen=True)
class Signaal:
    signaal_id: int
    corporatie_id: int
    vragenlijst_code: str
    respondent_id: str
    vraag_code: str | None
    vraag_tekst: str
    cijfer: int | None
    checkvraag: int | None
    completed_date: date | None
    aannemer: str | None
    huurder: Huurder
    raised_at: datetime
    mail_status: str
    mail_sent_at: datetime | None
    status: str
    behandelaar: str | None
    notitie: str | None
    actie_date: date | None
    afgehandeld_at: datetime | None
    signaal_regel_id: int

    @property
    def antwoord(self) -> str:
        if self.checkvraag is not None:
            return checkvraag_antwoord_tekst(self.checkvraag)
        return f"cijfer {self.cijfer}"

    @property
    def antwoord_kort(self) -> str:
        return f"checkvraag {self.checkvraag}" if self.checkvraag is not None else f"cijfer {self.cijfer}"

    @property
    def status_label(self) -> str:
        return STATUSSEN[self.status]

    def as_dict(self, *, met_contact: bool = True) -> dict:
        h = self.huurder
        return {
            "id": self.signaal_id, "vragenlijst": self.vragenlijst_code, "respondent_id": self.respondent_id,
            "vraag": self.vraag_code or "checkvraag", "vraag_tekst": self.vraag_tekst, "cijfer": self.cijfer,
            "checkvraag": self.checkvraag, "antwoord": self.antwoord,
            "ingevuld_op": self.completed_date.isoformat() if self.completed_date else None,
            "aannemer": self.aannemer, "id1": h.id1, "id2": h.id2,
            **({"naam": h.naam, "adres": h.adres, "telefoon": h.telefoon, "email": h.email} if met_contact else {}),
            "gesignaleerd_op": self.raised_at.isoformat(timespec="seconds"),
            "mail": self.mail_status,
            "gemaild_op": self.mail_sent_at.isoformat(timespec="seconds") if self.mail_sent_at else None,
            "status": self.status, "behandelaar": self.behandelaar, "notitie": self.notitie,
            "datum": self.actie_date.isoformat() if self.actie_date else None,
            "afgehandeld_op": self.afgehandeld_at.isoformat(timespec="seconds") if self.afgehandeld_at else None,
        }


_SIGNAAL_SELECT = (
    "SELECT s.signaal_id, s.corporatie_id, s.vragenlijst_code, s.respondent_id, s.vraag_code, "
    "coalesce(v.tekst, 'Checkvraag: is de reparatie klaar?'), s.cijfer, s.checkvraag, s.completed_date, s.aannemer, "
    "s.huurder_naam, s.adres, s.telefoon, s.email, s.id1, s.id2, s.raised_at, s.mail_status, s.mail_sent_at, "
    "s.status, s.behandelaar, s.notitie, s.actie_date, s.afgehandeld_at, s.signaal_regel_id "
    "FROM signaal s LEFT JOIN vraag v ON v.vraag_code = s.vraag_code "
)


def _signaal(row: tuple) -> Signaal:
    return Signaal(*row[:10], Huurder(*row[10:16]), *row[16:])


def aannemer_mag_zien(con: duckdb.DuckDBPyConnection, corporatie_id: int) -> bool:
    row = con.execute("SELECT is_zichtbaar_voor_aannemer FROM signaal_instelling WHERE corporatie_id = ?",
                      [corporatie_id]).fetchone()
    return bool(row and row[0])


def set_aannemer_mag_zien(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, value: bool) -> None:
    require_beheer(scope, corporatie_id)
    con.execute(
        "INSERT INTO signaal_instelling VALUES (?, ?) ON CONFLICT (corporatie_id) "
        "DO UPDATE SET is_zichtbaar_voor_aannemer = excluded.is_zichtbaar_voor_aannemer",
        [corporatie_id, value],
    )


def _scope_filter(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> tuple[str, list]:
    """A contractor sees the signals about its own work, only when the corporation allows it."""
    scope.require_corporatie(corporatie_id)
    if not scope.is_aannemer:
        return "s.corporatie_id = ?", [corporatie_id]
    if not aannemer_mag_zien(con, corporatie_id) or not scope.eigen_aannemers:
        raise AccessDenied("Uw corporatie deelt de signalen niet met aannemers.")
    names = sorted(scope.eigen_aannemers)
    return f"s.corporatie_id = ? AND s.aannemer IN ({', '.join('?' for _ in names)})", [corporatie_id, *names]


def signalen(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, *, status: str | None = None,
    vragenlijst_code: str | None = None, aannemer: str | None = None,
) -> list[Signaal]:
    """The signals in scope, open ones first and the oldest first within each status."""
    where, params = _scope_filter(con, scope, corporatie_id)
    for column, value in (("s.status", status), ("s.vragenlijst_code", vragenlijst_code), ("s.aannemer", aannemer)):
        if value is not None:
            where += f" AND {column} = ?"
            params.append(value)
    rows = con.execute(
        f"{_SIGNAAL_SELECT} WHERE {where} ORDER BY CASE s.status WHEN 'open' THEN 0 WHEN 'in_behandeling' THEN 1 "
        "ELSE 2 END, s.raised_at, s.signaal_id",
        params,
    ).fetchall()
    return [_signaal(r) for r in rows]


def get_signaal(con: duckdb.DuckDBPyConnection, scope: Scope, signaal_id: int) -> Signaal:
    row = con.execute(f"{_SIGNAAL_SELECT} WHERE s.signaal_id = ?", [signaal_id]).fetchone()
    if row is None:
        raise SignaalError("Dit signaal bestaat niet.")
    signaal = _signaal(row)
    where, params = _scope_filter(con, scope, signaal.corporatie_id)
    if not con.execute(f"SELECT count(*) FROM signaal s WHERE {where} AND s.signaal_id = ?",
                       [*params, signaal_id]).fetchone()[0]:
        raise AccessDenied("Geen toegang tot dit signaal.")
    return signaal


def tellingen(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> dict[str, int]:
    """Signals per status in scope: {'open': n, 'in_behandeling': n, 'afgehandeld': n}."""
    where, params = _scope_filter(con, scope, corporatie_id)
    counts = dict(con.execute(f"SELECT s.status, count(*) FROM signaal s WHERE {where} GROUP BY s.status",
                              params).fetchall())
    return {code: int(counts.get(code, 0)) for code in STATUSSEN}


def open_aantal(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> int | None:
    """Open signals for the start page; None when the scope sees no signals at all."""
    try:
        return tellingen(con, scope, corporatie_id)["open"]
    except AccessDenied:
        return None


def wijzig_status(
    con: duckdb.DuckDBPyConnection, scope: Scope, signaal_id: int, nieuw: str, *, behandelaar: str,
    notitie: str = "", actie_date: date | None = None, now: datetime | None = None,
) -> Signaal:
    """Move a signal on (seed 003: record what was done with each 'Stem'); logged."""
    now = now or datetime.now()
    signaal = get_signaal(con, scope, signaal_id)
    if scope.is_aannemer:
        raise AccessDenied("Alleen de corporatie volgt signalen op.")
    actie_date = actie_date or now.date()
    check_overgang(signaal.status, nieuw, behandelaar=behandelaar, notitie=notitie, actie_date=actie_date,
                   vandaag=now.date())
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE signaal SET status = ?, behandelaar = ?, notitie = ?, actie_date = ?, status_changed_by = ?, "
            "status_changed_at = ?, in_behandeling_at = CASE WHEN ? = 'in_behandeling' THEN coalesce(in_behandeling_at, ?) "
            "ELSE in_behandeling_at END, afgehandeld_at = CASE WHEN ? = 'afgehandeld' THEN ? ELSE NULL END "
            "WHERE signaal_id = ? AND status = ?",
            [nieuw, behandelaar.strip(), notitie.strip() or None, actie_date, audit.actor_of(scope)[0], now,
             nieuw, now, nieuw, now, signaal_id, signaal.status],
        )
        audit.record(con, scope, "signaal_status", corporatie_id=signaal.corporatie_id,
                     onderwerp=f"signaal {signaal_id}",
                     toelichting=f"{STATUSSEN[signaal.status]} → {STATUSSEN[nieuw]}; behandelaar {behandelaar.strip()}"
                     + (f"; {notitie.strip()}" if notitie.strip() else ""), at=now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return get_signaal(con, scope, signaal_id)


def doorloop(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[tuple[datetime, datetime | None]]:
    """(raised_at, afgehandeld_at) of every signal in scope, for kwhcore.signalen.doorlooptijden."""
    where, params = _scope_filter(con, scope, corporatie_id)
    return con.execute(f"SELECT s.raised_at, s.afgehandeld_at FROM signaal s WHERE {where}", params).fetchall()


def heruitnodigingen(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[tuple]:
    """(invited_date, uitnodiging_id, aannemer, kanaal) of the checkvraag re-invitations, newest
    first; addresses stay out (no addresses in dashboards)."""
    where, params = _scope_filter(con, scope, corporatie_id)
    where = where.replace("s.", "u.")
    return con.execute(
        "SELECT u.invited_date, u.uitnodiging_id, u.aannemer, u.kanaal FROM heruitnodiging h "
        f"JOIN uitnodiging u ON u.uitnodiging_id = h.uitnodiging_id WHERE {where} "
        "ORDER BY u.invited_date DESC, u.uitnodiging_id", params).fetchall()
