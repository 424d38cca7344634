"""Signal, cron and audit commands (interfaces.md; issue 12):

- ``signaal regel add --corporatie NAME --vragenlijst CODE (--vraag CODE [--min G] --max G |
  --checkvraag 3|4) --ontvanger EMAIL… [--aannemer-mailen]``, ``signaal regel list``,
  ``signaal regel stop ID``;
- ``signalen --corporatie NAME [--status …] [--vragenlijst CODE] --json``;
- ``jobs run [--op YYYY-MM-DD] [--json]`` — for cron, idempotent;
- ``audit [--since YYYY-MM-DD] [--corporatie NAME] --json``.

Mail goes through SMTP as configured by ``KLANTVIZIER_SMTP_*`` (or ``[smtp]`` in
``.streamlit/secrets.toml``); without it ``jobs run`` sends nothing and says what waits.
"""

from __future__ import annotations

import argparse
import json
import os
import tomllib
from datetime import date
from pathlib import Path

from kwhcore import cli
from kwhcore.cli import EXIT_BAD_INPUT, EXIT_NOT_ACCEPTABLE, EXIT_OK, CliError
from kwhcore.signalen import STATUSSEN
from kwhcore.vragenlijsten import VRAGENLIJST_CODES

SECRETS_FILE = Path(".streamlit/secrets.toml")


def _corporatie(con, naam: str):
    from kwhcore.corporaties import find_corporatie

    corp = find_corporatie(con, naam)
    if corp is None:
        raise CliError(f"Onbekende corporatie '{naam}'.", EXIT_NOT_ACCEPTABLE)
    return corp


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} verwacht een datum als JJJJ-MM-DD, niet '{text}'.", EXIT_BAD_INPUT) from exc


def _print_json(payload: object) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def mail_settings():
    """The environment first (cron), then the app's secrets file."""
    from kwhcore.mail import MailSettings

    try:
        settings = MailSettings.from_env()
        if settings is None and SECRETS_FILE.is_file():
            settings = MailSettings.from_mapping(tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8")).get("smtp", {}))
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise CliError(f"De SMTP-instellingen kloppen niet: {exc}", EXIT_BAD_INPUT) from exc
    return settings


# --- signaal regel ----------------------------------------------------------------------------

def cmd_regel_add(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from kwhcore.signalen import SignaalError
    from warehouse.stores import signaalregels

    if args.checkvraag is not None and (args.max is not None or args.min is not None):
        raise CliError("Een regel op de checkvraag heeft geen cijfergrens (--min/--max).", EXIT_BAD_INPUT)
    con = cli._open(args)
    corp = _corporatie(con, args.corporatie)
    try:
        verslag = signaalregels.add_regel(
            con, Scope.system(), corp.corporatie_id, args.vragenlijst, ontvangers=args.ontvanger,
            vraag_code=args.vraag, min_cijfer=args.min, max_cijfer=args.max, checkvraag_antwoord=args.checkvraag,
            is_aannemer_ontvanger=args.aannemer_mailen,
        )
    except SignaalError as exc:
        raise CliError(str(exc), EXIT_NOT_ACCEPTABLE) from exc
    regel = verslag.regel
    wat = f"vraag {regel.vraag_code}" if regel.vraag_code else "de checkvraag"
    actie = "toegevoegd" if verslag.is_nieuw else "bijgewerkt"
    print(f"Signaalregel {regel.signaal_regel_id} {actie}: {wat}, {regel.omschrijving} → {', '.join(regel.ontvangers)}.")
    if verslag.signalen:
        print(f"{verslag.signalen} signaal/signalen uit de antwoorden van de afgelopen dagen; "
              "'jobs run' mailt ze.")
    return EXIT_OK


def _regel_dict(regel) -> dict:
    return {
        "id": regel.signaal_regel_id, "vragenlijst": regel.vragenlijst_code, "vraag": regel.vraag_code,
        "min": regel.min_cijfer, "max": regel.max_cijfer, "checkvraag": regel.checkvraag_antwoord,
        "ontvangers": list(regel.ontvangers), "aannemer_mailen": regel.is_aannemer_ontvanger,
        "omschrijving": regel.omschrijving,
    }


def cmd_regel_list(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from warehouse.stores import signaalregels

    con = cli._open(args)
    corp = _corporatie(con, args.corporatie)
    rules = signaalregels.regels(con, Scope.system(), corp.corporatie_id, args.vragenlijst)
    if args.json:
        _print_json([_regel_dict(r) for r in rules])
    else:
        for r in rules:
            print(f"{r.signaal_regel_id}: {r.vragenlijst_code} {r.vraag_code or 'checkvraag'} {r.omschrijving} → "
                  f"{', '.join(r.ontvangers)}")
    return EXIT_OK


def cmd_regel_stop(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from warehouse.stores import signaalregels

    con = cli._open(args)
    if not con.execute("SELECT count(*) FROM signaal_regel WHERE signaal_regel_id = ? AND is_actief",
                       [args.id]).fetchone()[0]:
        raise CliError(f"Er is geen actieve signaalregel {args.id}.", EXIT_NOT_ACCEPTABLE)
    signaalregels.end_regel(con, Scope.system(), args.id)
    print(f"Signaalregel {args.id} beëindigd; de signalen die er al zijn, blijven.")
    return EXIT_OK


# --- signalen ---------------------------------------------------------------------------------

def cmd_signalen(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from warehouse.stores import signalen

    con = cli._open(args)
    corp = _corporatie(con, args.corporatie)
    rows = signalen.signalen(con, Scope.system(), corp.corporatie_id, status=args.status,
                             vragenlijst_code=args.vragenlijst)
    if args.json:
        _print_json([s.as_dict() for s in rows])
    else:
        for s in rows:
            print(f"{s.signaal_id}\t{s.status_label}\t{s.raised_at:%Y-%m-%d}\t{s.vragenlijst_code}\t"
                  f"{s.vraag_code or 'checkvraag'}\t{s.antwoord}\t{s.huurder.id1 or ''}\t{s.huurder.id2 or ''}")
    return EXIT_OK


# --- jobs run ---------------------------------------------------------------------------------

def cmd_jobs_run(args: argparse.Namespace) -> int:
    from kwhcore.config import CONFIG
    from warehouse import jobs

    op = _date(args.op, "--op") if args.op else CONFIG.today()
    settings = mail_settings()
    con = cli._open(args)
    verslag = jobs.run(con, op, settings=settings, base_url=os.environ.get("KLANTVIZIER_BASE_URL"))
    if args.json:
        _print_json(verslag.as_dict())
    else:
        print(f"Jobs van {op.isoformat()}: {verslag.signaalmails} signaalmail(s), {verslag.heruitnodigingen} "
              f"heruitnodiging(en), {verslag.herinneringen} herinnering(en), {verslag.validatieverslagen} "
              "validatieverslag(en) verzonden.")
        for melding in verslag.meldingen:
            print(f"Let op: {melding}")
    return EXIT_OK


# --- audit ------------------------------------------------------------------------------------

def cmd_audit(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from warehouse.stores import audit

    since = _date(args.since, "--since") if args.since else None
    con = cli._open(args)
    corporatie_id = _corporatie(con, args.corporatie).corporatie_id if args.corporatie else None
    rows = audit.regels(con, Scope.system(), since=since, corporatie_id=corporatie_id)
    if args.json:
        _print_json([r.as_dict() for r in rows])
    else:
        for r in rows:
            print(f"{r.occurred_at:%Y-%m-%d %H:%M:%S}\t{r.actor}\t{r.corporatie_naam or ''}\t{r.actie_label}\t"
                  f"{r.onderwerp or ''}\t{'' if r.rows_count is None else r.rows_count}")
    return EXIT_OK


def _grade(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is geen cijfer van 1 tot en met 10") from exc
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError(f"'{text}' is geen cijfer van 1 tot en met 10")
    return value


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("signaal", parents=[common], help="signaalregels")
    signaal_sub = p.add_subparsers(dest="signaal_command", parser_class=cli._Parser)
    signaal_sub.required = True
    regel = signaal_sub.add_parser("regel", parents=[common], help="signaalregels instellen")
    regel_sub = regel.add_subparsers(dest="regel_command", parser_class=cli._Parser)
    regel_sub.required = True

    add = regel_sub.add_parser("add", parents=[common], help="een signaalregel toevoegen")
    add.add_argument("--corporatie", required=True)
    add.add_argument("--vragenlijst", required=True, choices=VRAGENLIJST_CODES, metavar="CODE")
    which = add.add_mutually_exclusive_group(required=True)
    which.add_argument("--vraag", metavar="CODE")
    which.add_argument("--checkvraag", type=int, choices=(3, 4))
    add.add_argument("--min", type=_grade, metavar="CIJFER", help="laagste cijfer dat signaleert (standaard 1)")
    add.add_argument("--max", type=_grade, metavar="CIJFER", help="hoogste cijfer dat signaleert (standaard 5)")
    add.add_argument("--ontvanger", nargs="+", action="extend", required=True, metavar="EMAIL")
    add.add_argument("--aannemer-mailen", action="store_true", help="ook de accounts van de betrokken aannemer mailen")
    add.set_defaults(func=cmd_regel_add)

    lst = regel_sub.add_parser("list", parents=[common], help="de actieve signaalregels")
    lst.add_argument("--corporatie", required=True)
    lst.add_argument("--vragenlijst", choices=VRAGENLIJST_CODES, metavar="CODE")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_regel_list)

    stop = regel_sub.add_parser("stop", parents=[common], help="een signaalregel beëindigen")
    stop.add_argument("id", type=int)
    stop.set_defaults(func=cmd_regel_stop)

    p = sub.add_parser("signalen", parents=[common], help="de signalen en hun opvolging")
    p.add_argument("--corporatie", required=True)
    p.add_argument("--status", choices=tuple(STATUSSEN))
    p.add_argument("--vragenlijst", choices=VRAGENLIJST_CODES, metavar="CODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_signalen)

    p = sub.add_parser("jobs", parents=[common], help="werk dat vandaag moet gebeuren (cron)")
    jobs_sub = p.add_subparsers(dest="jobs_command", parser_class=cli._Parser)
    jobs_sub.required = True
    run = jobs_sub.add_parser("run", parents=[common], help="signaalmails, heruitnodigingen, herinneringen")
    run.add_argument("--op", metavar="JJJJ-MM-DD")
    run.add_argument("--json", action="store_true")
    run.set_defaults(func=cmd_jobs_run)

    p = sub.add_parser("audit", parents=[common], help="het logboek: wie deed wat wanneer")
    p.add_argument("--since", metavar="JJJJ-MM-DD")
    p.add_argument("--corporatie")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)


cli.EXTRA_COMMANDS.append(register)
