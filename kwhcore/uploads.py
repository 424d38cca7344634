"""The aanlevering lifecycle in Mijn KWH (domain.md §6.2–6.4, seed 002 §3).

upload → validatieverslag at once (status 'afgekeurd' or 'gevalideerd') → the steward
*accordeert* (status 'geaccordeerd') or uploads a replacement (the unapproved one is set aside).
Before the round's deadline an uploaded file can be deleted ('verwijderd'; its tenant rows are
removed, seed 002 "Ik heb het verkeerde bestand geüpload"). Every step records who and when.

Invitations are (re)computed per round from all approved files of that round (``verwerk_ronde``):
the ontdubbeling needs every file of the round to apply its priority, and until the invitation
date (the Tuesday after the deadline) the outcome is a plan that a later approval may change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from kwhcore import config, meldingen, spelling
from kwhcore.access import RIGHT_MIJN_KWH, AccessDenied, Scope
from kwhcore.blokkades import active_blokkades
from kwhcore.deduplication import REGEL_LABELS, EerdereUitnodiging, Kandidaat, ontdubbel
from kwhcore.periods import current_round, deadline_for, tijdlijn
from kwhcore.steekproef import telefoon_quotum, telefoon_quotum_per_ronde, trek_steekproef
from kwhcore.validation import (
    CheckedFile,
    Finding,
    TenantRow,
    ValidationReport,
    check_file,
    normalise_huisnummer,
    normalise_postcode,
    normalise_toevoeging,
)
from kwhcore.vragenlijsten import VRAGENLIJST_CODES
from kwhcore.xlsx_reader import UnreadableFile

STATUS_LABELS = {
    "afgekeurd": "Afgekeurd",
    "gevalideerd": "Gevalideerd, wacht op accorderen",
    "geaccordeerd": "Geaccordeerd",
    "verwerkt": "Verwerkt",
    "verwijderd": "Verwijderd",
}
_ROW_COLUMNS = (
    "vhe", "geslacht", "voorletters", "voornaam", "tussenvoegsel", "achternaam", "straat",
    "huisnummer", "toevoeging", "postcode", "woonplaats", "telefoon1", "telefoon2", "email",
    "aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4",
)


class UploadError(ValueError):
    """An action that is not allowed now; the message is a Dutch sentence for the user."""


@dataclass(frozen=True)
class Aanlevering:
    aanlevering_id: int
    corporatie_id: int
    vragenlijst_code: str
    ronde: str
    bestandsnaam: str
    status: str
    rows_count: int
    errors_count: int
    warnings_count: int
    uploaded_by: str | None
    uploaded_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    deleted_by: str | None
    deleted_at: datetime | None
    report_json: str | None

    @property
    def report(self) -> ValidationReport:
        return ValidationReport.from_dict(json.loads(self.report_json))

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def deadline(self) -> date:
        return ronde_deadline(self.ronde)


@dataclass(frozen=True)
class Gebeurtenis:
    """One line of the upload history: who did what, when."""

    at: datetime
    wie: str
    wat: str
    aanlevering_id: int
    vragenlijst_code: str
    bestandsnaam: str


def ronde_key(deadline: date) -> str:
    return f"{deadline.year}-{deadline.month:02d}"


def ronde_deadline(ronde: str) -> date:
    year, month = (int(part) for part in ronde.split("-"))
    return deadline_for(year, month)


def komende_rondes(today: date, aantal: int = 3) -> list[str]:
    """The current round and the next ones ('2026-12', '2027-01', …): the rounds a steward can
    still say something about, such as "deze maand geen levering"."""
    rondes = [ronde_key(current_round(today))]
    while len(rondes) < aantal:
        rondes.append(ronde_key(current_round(ronde_deadline(rondes[-1]) + timedelta(days=1))))
    return rondes


def _require(scope: Scope, corporatie_id: int) -> None:
    if not scope.has_right(RIGHT_MIJN_KWH):
        raise AccessDenied("Geen toegang tot Mijn KWH.")
    scope.require_corporatie(corporatie_id)


_SELECT = (
    "SELECT aanlevering_id, corporatie_id, vragenlijst_code, ronde, bestandsnaam, status, rows_count, "
    "errors_count, warnings_count, uploaded_by, uploaded_at, approved_by, approved_at, deleted_by, "
    "deleted_at, report_json FROM aanlevering"
)


def get_aanlevering(con: duckdb.DuckDBPyConnection, scope: Scope, aanlevering_id: int) -> Aanlevering:
    row = con.execute(f"{_SELECT} WHERE aanlevering_id = ?", [aanlevering_id]).fetchone()
    if row is None:
        raise UploadError("Deze aanlevering bestaat niet.")
    aanlevering = Aanlevering(*row)
    _require(scope, aanlevering.corporatie_id)
    return aanlevering


def list_aanleveringen(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, *,
    vragenlijst_code: str | None = None, ronde: str | None = None,
) -> list[Aanlevering]:
    """The corporation's uploads, newest first."""
    _require(scope, corporatie_id)
    rows = con.execute(
        f"{_SELECT} WHERE corporatie_id = ? AND (? IS NULL OR vragenlijst_code = ?) "
        "AND (? IS NULL OR ronde = ?) ORDER BY uploaded_at DESC, aanlevering_id DESC",
        [corporatie_id, vragenlijst_code, vragenlijst_code, ronde, ronde],
    ).fetchall()
    return [Aanlevering(*row) for row in rows]


def upload(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    corporatie_id: int,
    vragenlijst_code: str,
    path: str | Path,
    bestandsnaam: str,
    *,
    today: date | None = None,
    koppelingen: spelling.Koppelingen | None = None,
    eerder: Mapping[str, Iterable[str]] | None = None,
) -> Aanlevering:
    """Validate and store one uploaded file for the current round; returns it with its report.

    An unreadable or hostile file is stored as 'afgekeurd' with the one-sentence reason, so the
    history shows the attempt. An earlier unapproved file of the same round and vragenlijst is
    set aside ('verwijderd') — the new file replaces it.

    ``koppelingen`` (the corporation's mapped spellings) are applied to the rows before they are
    stored; values that look like one of ``eerder`` (the aannemer/uitsplitsing values delivered
    before) become attention points "eerder geleverd als …" (warehouse/stores/schrijfwijzen.py).
    """
    _require(scope, corporatie_id)
    day = today or config.CONFIG.today()
    ronde = ronde_key(current_round(day))
    if _approved(con, corporatie_id, vragenlijst_code, ronde):
        raise UploadError(
            "Voor deze vragenlijst is in deze ronde al een bestand geaccordeerd. Verwijder dat "
            "bestand eerst als u het wilt vervangen."
        )
    try:
        checked = check_file(path, vragenlijst_code, today=day, file_name=bestandsnaam)
    except UnreadableFile as exc:
        report = ValidationReport(bestandsnaam, vragenlijst_code, 0, (Finding(None, None, "file_unreadable", str(exc)),))
        checked = CheckedFile(report, ())
    checked = _met_schrijfwijzen(checked, koppelingen or {}, eerder or {})
    report = checked.report
    now = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE aanlevering SET status = 'verwijderd', deleted_by = ?, deleted_at = ? "
            "WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ? AND status = 'gevalideerd'",
            [f"vervangen door nieuwe upload van {scope.user_email or 'onbekend'}", now, corporatie_id, vragenlijst_code, ronde],
        )
        con.execute(
            "DELETE FROM huurder_rij WHERE aanlevering_id IN (SELECT aanlevering_id FROM aanlevering "
            "WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ? AND status = 'verwijderd')",
            [corporatie_id, vragenlijst_code, ronde],
        )
        aanlevering_id = con.execute(
            "INSERT INTO aanlevering (corporatie_id, vragenlijst_code, ronde, bestandsnaam, status, "
            "rows_count, errors_count, warnings_count, report_json, uploaded_by, uploaded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING aanlevering_id",
            [corporatie_id, vragenlijst_code, ronde, bestandsnaam,
             "gevalideerd" if report.accepted else "afgekeurd", report.rows, len(report.errors),
             len(report.warnings), json.dumps(report.as_dict(), ensure_ascii=False),
             scope.user_email, now],
        ).fetchone()[0]
        if report.accepted:
            _store_rows(con, aanlevering_id, checked)
        _audit(con, scope, "bestand_geupload", corporatie_id, vragenlijst_code, ronde, bestandsnaam, report.rows,
               "geaccepteerd" if report.accepted else f"{len(report.errors)} fouten")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return get_aanlevering(con, scope, aanlevering_id)


def _audit(con: duckdb.DuckDBPyConnection, scope: Scope, actie: str, corporatie_id: int, vragenlijst_code: str,
           ronde: str, bestandsnaam: str, rows: int, toelichting: str | None = None) -> None:
    """One line in the audit log (issue 12), in the caller's transaction."""
    from warehouse.stores import audit

    audit.record(con, scope, actie, corporatie_id=corporatie_id, onderwerp=bestandsnaam,
                 selectie={"vragenlijst": vragenlijst_code, "ronde": ronde}, rows_count=rows, toelichting=toelichting)


def _met_schrijfwijzen(
    checked: CheckedFile, koppelingen: spelling.Koppelingen, eerder: Mapping[str, Iterable[str]]
) -> CheckedFile:
    """Mapped spellings applied, and spellings delivered before under another name pointed out."""
    if not checked.tenant_rows:
        return checked
    rows = tuple(TenantRow(r.rij, spelling.apply_koppelingen(r.values, koppelingen)) for r in checked.tenant_rows)
    found = spelling.eerder_geleverd(spelling.values_per_column([r.values for r in rows]), eerder, koppelingen)
    extra = tuple(
        Finding(None, f.kolom, "split_eerder_geleverd", meldingen.eerder_geleverd(f.kolom, f.waarde, f.eerder, f.rijen))
        for f in found
    )
    return CheckedFile(replace(checked.report, warnings=checked.report.warnings + extra), rows)


def _store_rows(con: duckdb.DuckDBPyConnection, aanlevering_id: int, checked: CheckedFile) -> None:
    frame = pd.DataFrame(
        [
            {"aanlevering_id": aanlevering_id, "rij_nummer": row.rij,
             **{name: _as_text(row.values.get(name)) for name in _ROW_COLUMNS},
             "dienst_date": row.values.get("datum"), "type_omschrijving": _as_text(row.values.get("type")),
             "id1": _as_text(row.values.get("id1")), "id2": _as_text(row.values.get("id2"))}
            for row in checked.tenant_rows
        ],
        columns=["aanlevering_id", "rij_nummer", *_ROW_COLUMNS, "dienst_date", "type_omschrijving", "id1", "id2"],
    )
    frame["dienst_date"] = pd.to_datetime(frame["dienst_date"]).dt.date
    con.register("upload_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO huurder_rij ({columns}) SELECT {columns} FROM upload_rows")
    finally:
        con.unregister("upload_rows")


def _as_text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _approved(con: duckdb.DuckDBPyConnection, corporatie_id: int, vragenlijst_code: str, ronde: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM aanlevering WHERE corporatie_id = ? AND vragenlijst_code = ? "
            "AND ronde = ? AND status IN ('geaccordeerd', 'verwerkt')",
            [corporatie_id, vragenlijst_code, ronde],
        ).fetchone()[0]
    )


def accorderen(
    con: duckdb.DuckDBPyConnection, scope: Scope, aanlevering_id: int, *, today: date | None = None
) -> Aanlevering:
    """Approve a validated file; its tenants are planned for invitation (``verwerk_ronde``)."""
    aanlevering = get_aanlevering(con, scope, aanlevering_id)
    if aanlevering.status != "gevalideerd":
        raise UploadError(
            "Alleen een gevalideerd bestand zonder fouten kan worden geaccordeerd."
            if aanlevering.status == "afgekeurd"
            else f"Dit bestand is al {aanlevering.status_label.lower()}."
        )
    if (today or config.CONFIG.today()) > aanlevering.deadline:
        raise UploadError("De deadline van deze ronde is verstreken; neem contact op met KWH.")
    con.execute(
        "UPDATE aanlevering SET status = 'geaccordeerd', approved_by = ?, approved_at = ? WHERE aanlevering_id = ?",
        [scope.user_email, datetime.now(), aanlevering_id],
    )
    # A file approved after all ends a "deze maand geen levering" report for its round.
    con.execute(
        "DELETE FROM geen_levering WHERE corporatie_id = ? AND vragenlijst_code = ? AND ronde = ?",
        [aanlevering.corporatie_id, aanlevering.vragenlijst_code, aanlevering.ronde],
    )
    verwerk_ronde(con, aanlevering.corporatie_id, aanlevering.ronde)
    _audit(con, scope, "bestand_geaccordeerd", aanlevering.corporatie_id, aanlevering.vragenlijst_code,
           aanlevering.ronde, aanlevering.bestandsnaam, aanlevering.rows_count)
    return get_aanlevering(con, scope, aanlevering_id)


def verwijderen(
    con: duckdb.DuckDBPyConnection, scope: Scope, aanlevering_id: int, *, today: date | None = None
) -> Aanlevering:
    """Delete a file before the deadline of its round (seed 002); its tenant rows go too."""
    aanlevering = get_aanlevering(con, scope, aanlevering_id)
    if aanlevering.status == "verwijderd":
        raise UploadError("Dit bestand is al verwijderd.")
    if (today or config.CONFIG.today()) > aanlevering.deadline:
        raise UploadError(
            "De deadline van deze ronde is verstreken; een bestand verwijderen kan dan alleen via "
            "KWH (010 – 221 03 60)."
        )
    con.execute(
        "UPDATE aanlevering SET status = 'verwijderd', deleted_by = ?, deleted_at = ? WHERE aanlevering_id = ?",
        [scope.user_email, datetime.now(), aanlevering_id],
    )
    con.execute("DELETE FROM huurder_rij WHERE aanlevering_id = ?", [aanlevering_id])
    verwerk_ronde(con, aanlevering.corporatie_id, aanlevering.ronde)
    _audit(con, scope, "bestand_verwijderd", aanlevering.corporatie_id, aanlevering.vragenlijst_code,
           aanlevering.ronde, aanlevering.bestandsnaam, aanlevering.rows_count)
    return get_aanlevering(con, scope, aanlevering_id)


def _address(postcode: object, huisnummer: object, toevoeging: object) -> tuple[str, str, str]:
    return (
        normalise_postcode(postcode) or str(postcode or ""),
        normalise_huisnummer(huisnummer) or str(huisnummer or ""),
        normalise_toevoeging(toevoeging),
    )


def verwerk_ronde(con: duckdb.DuckDBPyConnection, corporatie_id: int, ronde: str) -> tuple[int, int]:
    """Recompute the round's invitations and exclusions from its approved files.

    Returns (invitations, exclusions). Idempotent: running it twice gives the same rows.
    """
    plan = tijdlijn(ronde_deadline(ronde))
    round_ids = [r[0] for r in con.execute(
        "SELECT aanlevering_id FROM aanlevering WHERE corporatie_id = ? AND ronde = ?", [corporatie_id, ronde]
    ).fetchall()]
    approved = {r[0]: r[1] for r in con.execute(
        "SELECT aanlevering_id, vragenlijst_code FROM aanlevering WHERE corporatie_id = ? AND ronde = ? "
        "AND status IN ('geaccordeerd', 'verwerkt')", [corporatie_id, ronde]
    ).fetchall()}
    rows = con.execute(
        "SELECT h.aanlevering_id, h.rij_nummer, h.postcode, h.huisnummer, h.toevoeging, h.email, h.aannemer, "
        "h.uitsplitsing1, h.uitsplitsing2, h.uitsplitsing3, h.uitsplitsing4 FROM huurder_rij h "
        "JOIN aanlevering a USING (aanlevering_id) WHERE a.corporatie_id = ? AND a.ronde = ? "
        "AND a.status IN ('geaccordeerd', 'verwerkt') ORDER BY h.aanlevering_id, h.rij_nummer",
        [corporatie_id, ronde],
    ).fetchall()
    details = {(r[0], r[1]): r for r in rows}
    kandidaten = [Kandidaat(r[0], r[1], approved[r[0]], _address(r[2], r[3], r[4])) for r in rows]
    placeholders = ", ".join("?" for _ in round_ids) or "NULL"
    eerdere = [
        EerdereUitnodiging(r[0], r[1], _address(r[2], r[3], r[4]), r[5])
        for r in con.execute(
            "SELECT uitnodiging_id, vragenlijst_code, postcode, huisnummer, toevoeging, invited_date "
            f"FROM uitnodiging WHERE corporatie_id = ? AND invited_date < ? AND invited_date >= ? "
            f"AND (aanlevering_id IS NULL OR aanlevering_id NOT IN ({placeholders}))",
            [corporatie_id, plan.uitnodigingen, date(plan.uitnodigingen.year - 1, 1, 1), *round_ids],
        ).fetchall()
    ]
    invited, excluded = ontdubbel(
        kandidaten, eerdere, active_blokkades(con, corporatie_id, plan.uitnodigingen), plan.uitnodigingen,
        steekproef=lambda pool: trek_steekproef(pool, corporatie_id, ronde),
    )
    con.execute("BEGIN TRANSACTION")
    try:
        if round_ids:
            con.execute(f"DELETE FROM uitnodiging WHERE aanlevering_id IN ({placeholders})", round_ids)
            con.execute(f"DELETE FROM uitsluiting WHERE aanlevering_id IN ({placeholders})", round_ids)
        invitations = pd.DataFrame(
            [
                {
                    "uitnodiging_id": k.uitnodiging_id, "corporatie_id": corporatie_id,
                    "vragenlijst_code": k.vragenlijst_code, "aanlevering_id": k.aanlevering_id,
                    "rij_nummer": k.rij, "postcode": k.address[0], "huisnummer": k.address[1],
                    "toevoeging": k.address[2] or None, "aannemer": details[(k.aanlevering_id, k.rij)][6],
                    **{f"uitsplitsing{i}": details[(k.aanlevering_id, k.rij)][6 + i] for i in range(1, 5)},
                    "kanaal": "email" if details[(k.aanlevering_id, k.rij)][5] else "telefoon",
                    "invited_date": plan.uitnodigingen,
                    "reminder_date": plan.herinnering if details[(k.aanlevering_id, k.rij)][5] else None,
                    "phone_from_date": plan.telefonisch_non_respons if details[(k.aanlevering_id, k.rij)][5] else plan.telefonisch_zonder_email,
                    "is_automatisch": False,
                }
                for k in invited
            ],
            columns=["uitnodiging_id", "corporatie_id", "vragenlijst_code", "aanlevering_id", "rij_nummer",
                     "postcode", "huisnummer", "toevoeging", "aannemer", "uitsplitsing1", "uitsplitsing2",
                     "uitsplitsing3", "uitsplitsing4", "kanaal", "invited_date", "reminder_date",
                     "phone_from_date", "is_automatisch"],
        )
        exclusions = pd.DataFrame(
            [
                {"aanlevering_id": u.kandidaat.aanlevering_id, "rij_nummer": u.kandidaat.rij, "regel": u.regel,
                 "toelichting": u.toelichting, "eerdere_uitnodiging_id": u.eerdere_uitnodiging_id,
                 "blokkade_id": u.blokkade_id}
                for u in excluded
            ],
            columns=["aanlevering_id", "rij_nummer", "regel", "toelichting", "eerdere_uitnodiging_id", "blokkade_id"],
        )
        exclusions["blokkade_id"] = exclusions["blokkade_id"].astype("Int64")
        for name, frame in (("uitnodiging", invitations), ("uitsluiting", exclusions)):
            if len(frame):
                con.register("plan_rows", frame)
                columns = ", ".join(frame.columns)
                con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM plan_rows")
                con.unregister("plan_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(invited), len(excluded)


@dataclass(frozen=True)
class Uitsluitingsregel:
    """One line of the downloadable exclusion overview (no names: row number and rule)."""

    aanlevering_id: int
    bestandsnaam: str
    vragenlijst_code: str
    rij: int
    regel: str
    regel_label: str
    toelichting: str
    eerdere_uitnodiging_id: str | None


def uitsluitingen(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, ronde: str
) -> list[Uitsluitingsregel]:
    """Every excluded row of the round with the rule and the earlier invitation that caused it."""
    _require(scope, corporatie_id)
    rows = con.execute(
        "SELECT u.aanlevering_id, a.bestandsnaam, a.vragenlijst_code, u.rij_nummer, u.regel, u.toelichting, "
        "u.eerdere_uitnodiging_id FROM uitsluiting u JOIN aanlevering a USING (aanlevering_id) "
        "WHERE a.corporatie_id = ? AND a.ronde = ? ORDER BY a.vragenlijst_code, u.rij_nummer",
        [corporatie_id, ronde],
    ).fetchall()
    return [Uitsluitingsregel(r[0], r[1], r[2], r[3], r[4], REGEL_LABELS.get(r[4], r[4]), r[5], r[6]) for r in rows]


def uitnodigingen_per_vragenlijst(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, ronde: str
) -> dict[str, dict[str, int]]:
    """vragenlijst → {'email': n, 'telefoon': n} for the round's planned invitations."""
    _require(scope, corporatie_id)
    result: dict[str, dict[str, int]] = {}
    for code, kanaal, count in con.execute(
        "SELECT u.vragenlijst_code, u.kanaal, count(*) FROM uitnodiging u JOIN aanlevering a USING (aanlevering_id) "
        "WHERE a.corporatie_id = ? AND a.ronde = ? GROUP BY 1, 2",
        [corporatie_id, ronde],
    ).fetchall():
        result.setdefault(code, {"email": 0, "telefoon": 0})[kanaal] = count
    return result


def telefoon_quota(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> dict[str, tuple[int | None, int | None]]:
    """vragenlijst → (phone interviews per year, per round) for this corporation (domain.md §6.6).

    (None, None) means every tenant without an e-mail address is called (the seed's "100%").
    The round share follows the vragenlijst's delivery frequency in the Onderzoeken settings.
    """
    _require(scope, corporatie_id)
    vhe = con.execute("SELECT vhe_count FROM corporatie WHERE corporatie_id = ?", [corporatie_id]).fetchone()[0]
    frequenties = dict(con.execute(
        "SELECT vragenlijst_code, frequentie FROM onderzoek_instelling WHERE corporatie_id = ?", [corporatie_id]
    ).fetchall())
    return {
        code: (telefoon_quotum(vhe, code), telefoon_quotum_per_ronde(vhe, code, frequenties.get(code, "maand")))
        for code in VRAGENLIJST_CODES
    }


def geschiedenis(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, ronde: str | None = None
) -> list[Gebeurtenis]:
    """Who uploaded, approved and deleted which file and when, newest first."""
    events: list[Gebeurtenis] = []
    for a in list_aanleveringen(con, scope, corporatie_id, ronde=ronde):
        outcome = "geaccepteerd" if a.errors_count == 0 else f"{a.errors_count} fouten"
        events.append(Gebeurtenis(a.uploaded_at, a.uploaded_by or "onbekend", f"Geüpload ({outcome})", a.aanlevering_id, a.vragenlijst_code, a.bestandsnaam))
        if a.approved_at:
            events.append(Gebeurtenis(a.approved_at, a.approved_by or "onbekend", "Geaccordeerd", a.aanlevering_id, a.vragenlijst_code, a.bestandsnaam))
        if a.deleted_at:
            events.append(Gebeurtenis(a.deleted_at, a.deleted_by or "onbekend", "Verwijderd", a.aanlevering_id, a.vragenlijst_code, a.bestandsnaam))
    return sorted(events, key=lambda e: e.at, reverse=True)


def validatieverslag_ontvangers(con: duckdb.DuckDBPyConnection, corporatie_id: int) -> list[str]:
    """E-mail addresses of the corporation's Mijn KWH users who opted in to the validatieverslag."""
    from kwhcore.accounts import list_accounts

    return [
        account.email
        for account in list_accounts(con, Scope.system())
        if account.corporatie_id == corporatie_id and account.has_validatieverslag and account.has_toegang_mijn_kwh
    ]


def mail_validatieverslag(con: duckdb.DuckDBPyConnection, aanlevering: Aanlevering, *, settings=None):
    """Send the report to opted-in users (seed 002 'Validatieverslag aangeleverd bestand').

    Returns the mail outcome, or None when nobody opted in.
    """
    from kwhcore.mail import send_mail
    from kwhcore.validatieverslag import as_text, as_xlsx

    recipients = validatieverslag_ontvangers(con, aanlevering.corporatie_id)
    if not recipients:
        return None
    report = aanlevering.report
    outcome = send_mail(
        recipients,
        f"Validatieverslag {aanlevering.bestandsnaam}",
        as_text(report),
        [(f"validatieverslag_{aanlevering.aanlevering_id}.xlsx", as_xlsx(report))],
        settings=settings,
    )
    if outcome.is_sent:
        from warehouse.jobs import mark_validatieverslag

        mark_validatieverslag(con, aanlevering.aanlevering_id, recipients, datetime.now())  # cron skips it
    return outcome
