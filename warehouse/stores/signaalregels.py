"""Signal rules and raising signals: every read and write (issue 12; domain.md §5, §7).

Which answer meets a rule is decided in ``kwhcore/signalen.py``; this module fetches the
candidates, asks, and stores what is met. Signals are raised for consenting respondents only
(``signaal_respondent`` never holds an anonymous one), once per rule and respondent (a unique
key), in the caller's transaction — the import's own, or the one that adds a rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.signalen import DEFAULT_MAX_CIJFER, INHAAL_DAGEN, SignaalError, SignaalRegel, check_regel
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


def require_beheer(scope: Scope, corporatie_id: int) -> None:
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
    require_beheer(scope, corporatie_id)
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
    require_beheer(scope, regel.corporatie_id)
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
