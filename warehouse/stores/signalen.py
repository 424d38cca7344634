"""Signal rules, raised signals and their follow-up: every read and write (issue 12).

The rules themselves — which answer meets a rule, which status may follow which — are decided
in ``kwhcore/signalen.py``; this module fetches the candidates, asks, and stores the outcome.
Signals are raised for consenting respondents only (``signaal_respondent`` holds no anonymous
respondent), once per rule and respondent (a unique key), in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.signalen import (
    DEFAULT_MAX_CIJFER,
    INHAAL_DAGEN,
    STATUSSEN,
    Huurder,
    SignaalError,
    SignaalRegel,
    check_overgang,
    check_regel,
    checkvraag_antwoord_tekst,
)
from kwhcore.validation import is_valid_email
from warehouse.stores import audit

_REGEL_COLUMNS = (
    "signaal_regel_id, corporatie_id, vragenlijst_code, vraag_code, min_cijfer, max_cijfer, "
    "checkvraag_antwoord, ontvangers, is_aannemer_ontvanger, is_actief, created_by, created_at"
)


def _regel(row: tuple) -> SignaalRegel:
    values = list(row)
    values[7] = tuple(a for a in (values[7] or "").splitlines() if a)
    return SignaalRegel(*values)


def parse_ontvangers(value: str | Iterable[str]) -> tuple[str, ...]:
    """Addresses from a text (one per line, or separated by ',' / ';') or a list; all valid."""
    parts = [value] if isinstance(value, str) else list(value)
    addresses: list[str] = []
    for part in parts:
        for address in part.replace(";", "\n").replace(",", "\n").splitlines():
            address = address.strip().lower()
            if address and address not in addresses:
                addresses.append(address)
    wrong = [a for a in addresses if not is_valid_email(a)]
    if wrong:
        raise SignaalError(f"Geen geldig e-mailadres: {', '.join(wrong)}.")
    return tuple(addresses)


def _require_beheer(scope: Scope, corporatie_id: int) -> None:
    """Setting rules belongs to Mijn KWH (seed 002: 'In Mijn KWH onder de tegel Onderzoeken')."""
    if scope.is_aannemer or not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Signaalregels stelt u in via Mijn KWH.")
    scope.require_corporatie(corporatie_id)


# --- rules ------------------------------------------------------------------------------------

def regels(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst_code: str | None = None,
) -> list[SignaalRegel]:
    """The active rules of a corporation (optionally one vragenlijst), oldest first."""
    if scope.is_aannemer:
        raise AccessDenied("Signaalregels zijn alleen zichtbaar voor de corporatie.")
    scope.require_corporatie(corporatie_id)
    rows = con.execute(
        f"SELECT {_REGEL_COLUMNS} FROM signaal_regel WHERE corporatie_id = ? AND is_actief "
        "AND (? IS NULL OR vragenlijst_code = ?) ORDER BY signaal_regel_id",
        [corporatie_id, vragenlijst_code, vragenlijst_code],
    ).fetchall()
    return [_regel(r) for r in rows]


@dataclass(frozen=True)
class RegelVerslag:
    regel: SignaalRegel
    is_nieuw: bool
    signalen: int  # raised at once for answers imported in the INHAAL_DAGEN before


def add_regel(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vragenlijst_code: str, *,
    ontvangers: str | Iterable[str], vraag_code: str | None = None, min_cijfer: int | None = None,
    max_cijfer: int | None = None, checkvraag_antwoord: int | None = None,
    is_aannemer_ontvanger: bool = False, now: datetime | None = None,
) -> RegelVerslag:
    """Store a rule; the same condition again adds its recipients to the existing rule."""
    _require_beheer(scope, corporatie_id)
    now = now or datetime.now()
    adressen = parse_ontvangers(ontvangers)
    if vraag_code is not None:
        min_cijfer = 1 if min_cijfer is None else min_cijfer
        max_cijfer = DEFAULT_MAX_CIJFER if max_cijfer is None else max_cijfer
    vraag = None
    if vraag_code is not None:
        vraag = con.execute(
            "SELECT vraag_type, vragenlijst_code FROM vraag WHERE vraag_code = ? "
            "AND (corporatie_id IS NULL OR corporatie_id = ?)",
            [vraag_code, corporatie_id],
        ).fetchone()
    check_regel(
        vragenlijst_code, vraag_code=vraag_code, vraag_type=vraag[0] if vraag else None,
        vraag_vragenlijst=vraag[1] if vraag else None, min_cijfer=min_cijfer, max_cijfer=max_cijfer,
        checkvraag_antwoord=checkvraag_antwoord, ontvangers=adressen,
    )
    bestaand = next(
        (r for r in regels(con, Scope.system(), corporatie_id, vragenlijst_code)
         if (r.vraag_code, r.min_cijfer, r.max_cijfer, r.checkvraag_antwoord)
         == (vraag_code, min_cijfer, max_cijfer, checkvraag_antwoord)),
        None,
    )
    con.execute("BEGIN TRANSACTION")
    try:
        if bestaand is not None:
            merged = tuple(dict.fromkeys(bestaand.ontvangers + adressen))
            con.execute(
                "UPDATE signaal_regel SET ontvangers = ?, is_aannemer_ontvanger = ? WHERE signaal_regel_id = ?",
                [("\n".join(merged)), bestaand.is_aannemer_ontvanger or is_aannemer_ontvanger,
                 bestaand.signaal_regel_id],
            )
            regel_id = bestaand.signaal_regel_id
        else:
            regel_id = con.execute(
                "INSERT INTO signaal_regel (corporatie_id, vragenlijst_code, vraag_code, min_cijfer, max_cijfer, "
                "checkvraag_antwoord, ontvangers, is_aannemer_ontvanger, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING signaal_regel_id",
                [corporatie_id, vragenlijst_code, vraag_code, min_cijfer, max_cijfer, checkvraag_antwoord,
                 "\n".join(adressen), is_aannemer_ontvanger, audit.actor_of(scope)[0], now],
            ).fetchone()[0]
        regel = get_regel(con, regel_id)
        raised = raise_signalen(con, regel_ids=[regel_id], imported_since=now - timedelta(days=INHAAL_DAGEN), now=now)
        audit.record(con, scope, "signaalregel_toegevoegd", corporatie_id=corporatie_id,
                     onderwerp=f"{vragenlijst_code}: {vraag_code or 'checkvraag'} {regel.omschrijving}",
                     selectie={"ontvangers": list(regel.ontvangers)}, rows_count=raised, at=now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return RegelVerslag(regel, bestaand is None, raised)


def get_regel(con: duckdb.DuckDBPyConnection, regel_id: int) -> SignaalRegel:
    return _regel(con.execute(f"SELECT {_REGEL_COLUMNS} FROM signaal_regel WHERE signaal_regel_id = ?",
                              [regel_id]).fetchone())


def end_regel(con: duckdb.DuckDBPyConnection, scope: Scope, regel_id: int, now: datetime | None = None) -> None:
    """A rule is ended, never deleted: its signals keep pointing at it."""
    regel = get_regel(con, regel_id)
    _require_beheer(scope, regel.corporatie_id)
    now = now or datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE signaal_regel SET is_actief = FALSE, ended_by = ?, ended_at = ? WHERE signaal_regel_id = ?",
                    [audit.actor_of(scope)[0], now, regel_id])
        audit.record(con, scope, "signaalregel_beeindigd", corporatie_id=regel.corporatie_id,
                     onderwerp=f"{regel.vragenlijst_code}: {regel.vraag_code or 'checkvraag'} {regel.omschrijving}", at=now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


# --- raising ----------------------------------------------------------------------------------

def record_import(con: duckdb.DuckDBPyConnection, respondents: Sequence[dict], now: datetime) -> int:
    """The import hook (kwhcore/responses_import.py), inside its transaction: remember which
    respondents consent (with the contact details of the export), raise their signals, log it.
    Returns the number of signals raised."""
    if not respondents:
        return 0
    frame = pd.DataFrame(
        [{"respondent_id": r["respondent_id"], "corporatie_id": r["corporatie_id"],
          "vragenlijst_code": r["vragenlijst_code"], "is_anoniem": bool(r["is_anoniem"]),
          **{k: (r.get(k) or None) for k in ("id1", "id2", "email", "telefoon")}} for r in respondents],
        columns=["respondent_id", "corporatie_id", "vragenlijst_code", "is_anoniem", "id1", "id2", "email", "telefoon"],
    ).astype({"id1": "object", "id2": "object", "email": "object", "telefoon": "object"})
    frame["imported_at"] = now
    con.register("signaal_import", frame)
    try:
        # A respondent who is anonymous now (re-import) loses the row: no signal, no contact data.
        con.execute("DELETE FROM signaal_respondent WHERE respondent_id IN (SELECT respondent_id FROM signaal_import)")
        con.execute(
            "INSERT INTO signaal_respondent (respondent_id, corporatie_id, vragenlijst_code, id1, id2, email, "
            "telefoon, imported_at) SELECT respondent_id, corporatie_id, vragenlijst_code, id1, id2, email, "
            "telefoon, imported_at FROM signaal_import WHERE NOT is_anoniem"
        )
        raised = raise_signalen(con, respondent_table="signaal_import", now=now)
    finally:
        con.unregister("signaal_import")
    for corporatie_id, group in frame.groupby("corporatie_id"):
        audit.record(con, None, "antwoorden_geimporteerd", corporatie_id=int(corporatie_id),
                     onderwerp=", ".join(sorted(group["vragenlijst_code"].unique())),
                     rows_count=len(group), toelichting=f"{int((~group['is_anoniem']).sum())} met toestemming", at=now)
    return raised


def raise_signalen(
    con: duckdb.DuckDBPyConnection, *, respondent_table: str | None = None, regel_ids: Sequence[int] | None = None,
    imported_since: datetime | None = None, now: datetime | None = None,
) -> int:
    """Raise the signals that are met and not yet raised, for the respondents in a registered
    table, or for the given rules over respondents imported since a moment."""
    now = now or datetime.now()
    where, params = ["g.is_actief"], []
    if respondent_table is not None:
        where.append(f"s.respondent_id IN (SELECT respondent_id FROM {respondent_table})")
    if regel_ids is not None:
        where.append(f"g.signaal_regel_id IN ({', '.join('?' for _ in regel_ids)})")
        params += list(regel_ids)
    if imported_since is not None:
        where.append("s.imported_at >= ?")
        params.append(imported_since)
    candidates = con.execute(
        f"SELECT {', '.join('g.' + c.strip() for c in _REGEL_COLUMNS.split(','))}, s.respondent_id, a.cijfer, "
        "r.checkvraag FROM signaal_respondent s "
        "JOIN respondent r ON r.respondent_id = s.respondent_id AND NOT r.is_anoniem "
        "JOIN signaal_regel g ON g.corporatie_id = r.corporatie_id AND g.vragenlijst_code = r.vragenlijst_code "
        "LEFT JOIN antwoord a ON a.respondent_id = r.respondent_id AND a.vraag_code = g.vraag_code "
        "LEFT JOIN signaal x ON x.signaal_regel_id = g.signaal_regel_id AND x.respondent_id = r.respondent_id "
        f"WHERE x.signaal_id IS NULL AND {' AND '.join(where)}",
        params,
    ).fetchall()
    met = []
    for row in candidates:
        regel = _regel(row[:12])
        respondent_id, cijfer, checkvraag = row[12:]
        if regel.is_triggered_by(cijfer, checkvraag):
            met.append((regel, respondent_id, cijfer, checkvraag))
    if not met:
        return 0
    columns = ["signaal_regel_id", "corporatie_id", "vragenlijst_code", "respondent_id", "vraag_code", "cijfer",
               "checkvraag", "completed_date", "aannemer", "huurder_naam", "adres", "telefoon", "email", "id1", "id2"]
    contacts = _contacts(con, sorted({m[1] for m in met}))
    frame = pd.DataFrame(
        [[regel.signaal_regel_id, regel.corporatie_id, regel.vragenlijst_code, rid, regel.vraag_code,
          cijfer if not regel.is_checkvraag else None, checkvraag if regel.is_checkvraag else None, *contacts[rid]]
         for regel, rid, cijfer, checkvraag in met],
        columns=columns,
    ).astype({"cijfer": "Int64", "checkvraag": "Int64", **{c: "object" for c in columns[9:]}})
    frame["raised_at"] = now
    con.register("signaal_nieuw", frame)
    try:
        names = ", ".join([*columns, "raised_at"])
        con.execute(f"INSERT INTO signaal ({names}) SELECT {names} FROM signaal_nieuw")
    finally:
        con.unregister("signaal_nieuw")
    return len(met)


def _join(*parts: object, sep: str = " ") -> str | None:
    text = sep.join(str(p).strip() for p in parts if p not in (None, "") and str(p).strip())
    return text or None


def _contacts(con: duckdb.DuckDBPyConnection, respondent_ids: list[str]) -> dict[str, list]:
    """completed_date, aannemer, naam, adres, telefoon, email, id1, id2 per respondent: from the
    uploaded row of its invitation (through a re-invitation to the first one), else the export."""
    result = {}
    con.register("signaal_contact_ids", pd.DataFrame({"respondent_id": respondent_ids}))
    try:
        rows = con.execute(
            "SELECT r.respondent_id, r.completed_date, r.aannemer, h.voorletters, h.voornaam, h.tussenvoegsel, "
            "h.achternaam, h.straat, h.huisnummer, h.toevoeging, h.postcode, h.woonplaats, h.telefoon1, h.telefoon2, "
            "h.email, h.id1, h.id2, s.telefoon, s.email, s.id1, s.id2 FROM signaal_contact_ids i "
            "JOIN respondent r ON r.respondent_id = i.respondent_id "
            "JOIN signaal_respondent s ON s.respondent_id = r.respondent_id "
            "LEFT JOIN heruitnodiging hu ON hu.uitnodiging_id = r.uitnodiging_id "
            "LEFT JOIN uitnodiging u ON u.uitnodiging_id = coalesce(hu.oorspronkelijke_uitnodiging_id, r.uitnodiging_id) "
            "LEFT JOIN huurder_rij h ON h.aanlevering_id = u.aanlevering_id AND h.rij_nummer = u.rij_nummer"
        ).fetchall()
    finally:
        con.unregister("signaal_contact_ids")
    for (rid, completed, aannemer, voorletters, voornaam, tussen, achternaam, straat, nr, toev, postcode,
         plaats, tel1, tel2, mail, id1, id2, s_tel, s_mail, s_id1, s_id2) in rows:
        adres = _join(_join(straat, _join(nr, toev, sep="")), _join(postcode, plaats), sep=", ")
        result[rid] = [
            completed, aannemer, _join(voornaam or voorletters, tussen, achternaam), adres,
            _join(tel1, tel2, sep=" / ") or s_tel, mail or s_mail, id1 or s_id1, id2 or s_id2,
        ]
    return result


# --- follow-up --------------------------------------------------------------------------------

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
    _require_beheer(scope, corporatie_id)
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


# --- the sent marker --------------------------------------------------------------------------

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
