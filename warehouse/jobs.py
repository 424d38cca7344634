"""Everything that is due on one day, for cron (``python -m kwhcore jobs run [--op DATE]``).

Idempotent — a second run sends nothing twice — because every mail is claimed by a sent marker
before it is sent (``signaal.mail_status``, ``verzonden_mail``) and every re-invitation has its
own row keyed by the respondent (``heruitnodiging``). Handles, in this order:
1. checkvraag re-invitations after the corporation's 3 or 6 weeks (domain.md §5);
2. signaalmails of raised signals (domain.md §7);
3. the delivery reminder one week before each deadline, to users who opted in (§6.3);
4. the validatieverslag of an upload that was not mailed yet (§6.2), e.g. when the mail server
   was down at upload time.
The demo accounts of the sample warehouse have made-up addresses: cron never mails them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from kwhcore import signalen as regels
from kwhcore.formatting import datum
from kwhcore.mail import MailResult, MailSettings, send_mail
from kwhcore.periods import deadline_for
from kwhcore.vragenlijsten import fill_placeholders, naam_van
from warehouse.stores import audit
from warehouse.stores import signaalmail as store

# A re-invitation that is more than this overdue (the cron job did not run for weeks, or the
# warehouse was loaded with old answers) is no longer sent: the repair is history by then.
HERUITNODIGING_INHAAL_DAGEN = 28
# The validatieverslag is news for a week; older uploads are not mailed any more.
VALIDATIEVERSLAG_DAGEN = 7


@dataclass
class JobsVerslag:
    op: date
    heruitnodigingen: int = 0
    signaalmails: int = 0
    signaalmails_mislukt: int = 0
    herinneringen: int = 0
    validatieverslagen: int = 0
    wachten_op_mailserver: int = 0
    meldingen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        result = asdict(self)
        result["op"] = self.op.isoformat()
        return result


def run(con: duckdb.DuckDBPyConnection, op: date, *, settings: MailSettings | None,
        base_url: str | None = None, now: datetime | None = None) -> JobsVerslag:
    now = now or datetime.now()
    verslag = JobsVerslag(op)
    verslag.heruitnodigingen = heruitnodigen(con, op, now)
    _signaalmails(con, verslag, settings, base_url, now)
    _herinneringen(con, verslag, op, settings, now)
    _validatieverslagen(con, verslag, op, settings, now)
    if verslag.wachten_op_mailserver:
        verslag.meldingen.append(
            f"Er is geen mailserver ingesteld: {verslag.wachten_op_mailserver} e-mail(s) wachten op de volgende run."
        )
    return verslag


# --- 1. checkvraag re-invitations -------------------------------------------------------------

def heruitnodigen(con: duckdb.DuckDBPyConnection, op: date, now: datetime) -> int:
    """An invitation record (beside the others in ``uitnodiging``) for each checkvraag answer 3
    whose 3 or 6 weeks are up: once per respondent, never for an answer to a re-invitation, never
    to a blocked address. Tenants without an invitation are re-invited only when they consented
    and left contact details."""
    from kwhcore.blokkades import active_blokkades
    from warehouse.refresh import refresh_in_transaction

    rows = con.execute(
        "SELECT r.respondent_id, r.corporatie_id, r.completed_date, c.checkvraag_reinvite_weeks, u.uitnodiging_id, "
        "u.postcode, u.huisnummer, u.toevoeging, u.kanaal, s.email, r.aannemer, r.uitsplitsing1, r.uitsplitsing2, "
        "r.uitsplitsing3, r.uitsplitsing4 FROM respondent r JOIN corporatie c ON c.corporatie_id = r.corporatie_id "
        "LEFT JOIN heruitnodiging done ON done.respondent_id = r.respondent_id "
        "LEFT JOIN heruitnodiging zelf ON zelf.uitnodiging_id = r.uitnodiging_id "
        "LEFT JOIN uitnodiging u ON u.uitnodiging_id = r.uitnodiging_id "
        "LEFT JOIN signaal_respondent s ON s.respondent_id = r.respondent_id "
        "WHERE r.vragenlijst_code = 'reparaties' AND r.checkvraag = ? AND done.respondent_id IS NULL "
        "AND zelf.respondent_id IS NULL AND (u.uitnodiging_id IS NOT NULL OR s.email IS NOT NULL OR s.telefoon IS NOT NULL) "
        "AND r.completed_date >= ? ORDER BY r.respondent_id",
        [regels.CHECKVRAAG_HERUITNODIGEN, op - timedelta(weeks=6, days=HERUITNODIGING_INHAAL_DAGEN)],
    ).fetchall()
    due = []
    for row in rows:
        due_date = regels.heruitnodiging_date(row[2], row[3])
        if due_date <= op and (op - due_date).days <= HERUITNODIGING_INHAAL_DAGEN:
            due.append((row, due_date))
    if not due:
        return 0
    blocked = {cid: active_blokkades(con, cid, op) for cid in {row[1] for row, _ in due}}
    made = 0
    pairs = set()
    con.execute("BEGIN TRANSACTION")
    try:
        for row, due_date in due:
            (rid, cid, _, _, oud_id, postcode, huisnummer, toevoeging, kanaal, email, aannemer, *splits) = row
            if postcode and (postcode, huisnummer or "", toevoeging or "") in blocked[cid]:
                continue
            kanaal = kanaal or ("email" if email else "telefoon")
            nieuw_id = f"her-{rid}"
            con.execute(
                "INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, aanlevering_id, rij_nummer, "
                "postcode, huisnummer, toevoeging, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, uitsplitsing4, "
                "kanaal, invited_date, reminder_date, phone_from_date, is_automatisch) "
                "VALUES (?, ?, 'reparaties', NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
                [nieuw_id, cid, postcode, huisnummer, toevoeging, aannemer, *splits, kanaal, op,
                 op + timedelta(days=6) if kanaal == "email" else None,
                 op + timedelta(days=8) if kanaal == "email" else op + timedelta(days=1)],
            )
            con.execute("INSERT INTO heruitnodiging VALUES (?, ?, ?, ?, ?, ?)", [rid, cid, nieuw_id, oud_id, due_date, now])
            audit.record(con, None, "heruitnodiging", corporatie_id=cid, onderwerp=f"uitnodiging {nieuw_id}",
                         toelichting=f"checkvraag 3 van respondent {rid}; opnieuw uitgenodigd op {op.isoformat()}", at=now)
            pairs.add((cid, "reparaties"))
            made += 1
        if pairs:
            refresh_in_transaction(con, pairs)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return made


# --- 2. signaalmails --------------------------------------------------------------------------

def _signaalmails(con, verslag: JobsVerslag, settings: MailSettings | None, base_url: str | None, now: datetime) -> None:
    pending = store.te_mailen(con, regels.MAX_MAIL_POGINGEN)
    if settings is None:
        verslag.wachten_op_mailserver += len(pending)
        return
    for signaal_id in pending:
        if not store.claim_mail(con, signaal_id, now):
            continue  # another run has it
        signaal, regel, corporatie_naam, ontvangers, andere = store.mail_gegevens(con, signaal_id)
        dienst_date, dienst_type = store.dienst(con, signaal.respondent_id)

        wie = signaal.aannemer or corporatie_naam
        wanneer = datum(dienst_date) if dienst_date else "de datum van de dienst"
        wat = dienst_type or "zie de opdracht"

        def tekst(vraag: str, wie: str = wie, wanneer: str = wanneer, wat: str = wat) -> str:
            # The question as the tenant read it (seed 000 'Meer info').
            return fill_placeholders(vraag, wie, wanneer, wat)

        subject, body = regels.mail_tekst(regels.SignaalMail(
            signaal_id=signaal_id, corporatie_naam=corporatie_naam, vragenlijst_naam=naam_van(signaal.vragenlijst_code),
            vraag_tekst=tekst(signaal.vraag_tekst), antwoord=signaal.antwoord, antwoord_kort=signaal.antwoord_kort, completed_date=signaal.completed_date,
            aannemer=signaal.aannemer, huurder=signaal.huurder,
            andere_antwoorden=tuple((tekst(v), a) for v, a in andere),
            link=f"{base_url.rstrip('/')}/signalen" if base_url else None,
        ))
        outcome = send_mail(list(ontvangers), subject, body, settings=settings)
        if outcome.is_sent:
            store.mail_verzonden(con, signaal_id, ontvangers, now)
            verslag.signaalmails += 1
        else:
            store.mail_mislukt(con, signaal_id, outcome.message,
                               terug_naar_wachten=outcome.result is MailResult.NOT_CONFIGURED)
            verslag.signaalmails_mislukt += 1
            verslag.meldingen.append(f"Signaal {signaal_id}: {outcome.message}")


# --- 3. and 4. reminders and validatieverslagen: one marker per mail and recipient --------------

def claim_marker(con: duckdb.DuckDBPyConnection, soort: str, sleutel: str, ontvanger: str, now: datetime) -> bool:
    row = con.execute(
        "INSERT INTO verzonden_mail VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING sleutel",
        [soort, sleutel, ontvanger, now],
    ).fetchone()
    return row is not None


def release_marker(con: duckdb.DuckDBPyConnection, soort: str, sleutel: str, ontvanger: str) -> None:
    con.execute("DELETE FROM verzonden_mail WHERE soort = ? AND sleutel = ? AND ontvanger = ?", [soort, sleutel, ontvanger])


def _send_once(con, verslag: JobsVerslag, settings: MailSettings, soort: str, sleutel: str, ontvanger: str,
               subject: str, body: str, now: datetime, attachments=()) -> bool:
    if not claim_marker(con, soort, sleutel, ontvanger, now):
        return False
    outcome = send_mail(ontvanger, subject, body, attachments, settings=settings)
    if not outcome.is_sent:
        release_marker(con, soort, sleutel, ontvanger)
        verslag.meldingen.append(f"{soort} {sleutel} aan {ontvanger}: {outcome.message}")
    return outcome.is_sent


def _due_deadlines(op: date) -> list[date]:
    volgende = date(op.year + (op.month == 12), op.month % 12 + 1, 1)
    kandidaten = (deadline_for(op.year, op.month), deadline_for(volgende.year, volgende.month))
    return [d for d in kandidaten if regels.herinnering_due(d, op)]


def _herinneringen(con, verslag: JobsVerslag, op: date, settings: MailSettings | None, now: datetime) -> None:
    deadlines = _due_deadlines(op)
    if not deadlines:
        return
    users = con.execute(
        "SELECT g.email, g.naam, c.naam FROM gebruiker g JOIN corporatie c ON c.corporatie_id = g.corporatie_id "
        "WHERE g.has_herinnering_aanleveren AND g.has_toegang_mijn_kwh AND g.rol IN ('hoofdgebruiker', 'gebruiker') "
        "AND NOT g.is_demo "
        "AND (NOT EXISTS (SELECT 1 FROM onderzoek_instelling o WHERE o.corporatie_id = g.corporatie_id) "
        "OR EXISTS (SELECT 1 FROM onderzoek_instelling o WHERE o.corporatie_id = g.corporatie_id "
        "AND o.is_actief AND o.aanlevermethode = 'mijn_kwh')) ORDER BY g.email",
    ).fetchall()
    for deadline in deadlines:
        for email, naam, corporatie_naam in users:
            if settings is None:
                if not con.execute("SELECT count(*) FROM verzonden_mail WHERE soort = 'herinnering_aanleveren' "
                                   "AND sleutel = ? AND ontvanger = ?", [deadline.isoformat(), email]).fetchone()[0]:
                    verslag.wachten_op_mailserver += 1
                continue
            subject, body = regels.herinnering_tekst(naam, corporatie_naam, deadline)
            if _send_once(con, verslag, settings, "herinnering_aanleveren", deadline.isoformat(), email, subject, body, now):
                verslag.herinneringen += 1


def mark_validatieverslag(con: duckdb.DuckDBPyConnection, aanlevering_id: int, ontvangers: list[str], now: datetime) -> None:
    """Called when the page mailed the report at upload time, so cron does not send it again."""
    for ontvanger in ontvangers:
        claim_marker(con, "validatieverslag", str(aanlevering_id), ontvanger, now)


def _validatieverslagen(con, verslag: JobsVerslag, op: date, settings: MailSettings | None, now: datetime) -> None:
    from kwhcore import uploads
    from kwhcore.access import Scope
    from kwhcore.validatieverslag import as_text, as_xlsx

    ids = [r[0] for r in con.execute(
        "SELECT aanlevering_id FROM aanlevering WHERE uploaded_at >= ? AND uploaded_at < ? ORDER BY aanlevering_id",
        [datetime.combine(op - timedelta(days=VALIDATIEVERSLAG_DAGEN), datetime.min.time()),
         datetime.combine(op + timedelta(days=1), datetime.min.time())],
    ).fetchall()]
    demo = {r[0] for r in con.execute("SELECT email FROM gebruiker WHERE is_demo").fetchall()}
    for aanlevering_id in ids:
        aanlevering = uploads.get_aanlevering(con, Scope.system(), aanlevering_id)
        for ontvanger in uploads.validatieverslag_ontvangers(con, aanlevering.corporatie_id):
            if ontvanger in demo:
                continue
            if settings is None:
                if not con.execute("SELECT count(*) FROM verzonden_mail WHERE soort = 'validatieverslag' AND sleutel = ? "
                                   "AND ontvanger = ?", [str(aanlevering_id), ontvanger]).fetchone()[0]:
                    verslag.wachten_op_mailserver += 1
                continue
            report = aanlevering.report
            if _send_once(con, verslag, settings, "validatieverslag", str(aanlevering_id), ontvanger,
                          f"Validatieverslag {aanlevering.bestandsnaam}", as_text(report), now,
                          [(f"validatieverslag_{aanlevering_id}.xlsx", as_xlsx(report))]):
                verslag.validatieverslagen += 1
