"""CLI commands for the databank download and the Aedes freeze (interfaces.md).

``export`` applies the same privacy rules as the app (the query layer enforces them: minimum-N,
anonymous respondents blanked, formulas neutralised). ``aedes-freeze`` is meant for cron at the
end of August (seed 002 §6); it records who froze and when, and never touches a frozen year.
"""

from __future__ import annotations

import argparse
import getpass
import os
import tempfile
from pathlib import Path

from kwhcore import cli
from kwhcore.cli import EXIT_BAD_INPUT, EXIT_OK, CliError
from kwhcore.vragenlijsten import VRAGENLIJST_CODES


def _corporatie(con, naam: str):
    from kwhcore.corporaties import find_corporatie

    corp = find_corporatie(con, naam)
    if corp is None:
        raise CliError(f"Onbekende corporatie '{naam}'.")
    return corp


def export_target(out: str) -> Path:
    """Where ``--out`` may be written: a new path, or an existing regular file (a symlink to one
    is followed). A directory, device, fifo or socket is refused (issue 10: as root, ``--out
    /dev/full`` replaced the device with a regular file)."""
    target = Path(out)
    if target.is_symlink():
        real = target.resolve()
        if not real.is_file():
            raise CliError(
                f"{out} is een snelkoppeling (symlink) naar iets anders dan een gewoon bestand; kies een bestandsnaam.",
                EXIT_BAD_INPUT,
            )
        target = real
    if target.exists() and not target.is_file():
        raise CliError(
            f"{out} bestaat al en is geen gewoon bestand (maar een map, apparaat of pijp); kies een bestandsnaam.",
            EXIT_BAD_INPUT,
        )
    if target.is_file() and _is_database(target):
        raise CliError(
            f"{out} is een database (bijvoorbeeld het warehouse zelf) en wordt niet overschreven; kies een andere bestandsnaam.",
            EXIT_BAD_INPUT,
        )
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CliError(f"Kan {out} niet schrijven: de map {directory} bestaat niet.", EXIT_BAD_INPUT)
    return target


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head[8:12] == b"DUCK" or head.startswith(b"SQLite format 3")


def _write_atomically(out: str, payload: bytes) -> None:
    """Write to a temporary file in the target's directory and rename it over the target, so a
    failed export never leaves half a file and never writes into something that is not a file."""
    target = export_target(out)
    try:
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CliError(f"Kan {out} niet schrijven: {exc.strerror or exc}.", EXIT_BAD_INPUT) from exc
    try:
        with os.fdopen(handle, "wb") as written:
            written.write(payload)
            written.flush()
            os.fsync(written.fileno())
        export_target(out)  # nothing else took the name meanwhile
        os.replace(tmp, target)
    except OSError as exc:
        raise CliError(f"Kan {out} niet schrijven: {exc.strerror or exc}.", EXIT_BAD_INPUT) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def selectie_dict(args: argparse.Namespace) -> dict:
    """The selection of an export as the audit log keeps it."""
    return {k: v for k, v in (("vragenlijst", args.vragenlijst), ("periode", args.periode),
                              ("aannemer", args.aannemer), ("uitsplitsing", args.uitsplitsing)) if v}


def cmd_export(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from kwhcore.export import to_bytes
    from kwhcore.periods import InvalidPeriode
    from kwhcore.selection import UITSPLITSING_DIMS, InvalidSelection
    from warehouse.queries.databank import DatabankSelectie, databank

    uitsplitsing = None
    if args.uitsplitsing:
        key, sep, value = args.uitsplitsing.partition("=")
        key = key.strip().lower().replace(" ", "")
        if not sep or key not in UITSPLITSING_DIMS or not value.strip():
            raise CliError("Gebruik --uitsplitsing uitsplitsing1=WAARDE (uitsplitsing1 t/m uitsplitsing4).", EXIT_BAD_INPUT)
        uitsplitsing = (key, value.strip())
    export_target(args.out)
    con = cli._open(args)
    corp = _corporatie(con, args.corporatie)
    try:
        selectie = DatabankSelectie(corp.corporatie_id, args.vragenlijst, args.periode, args.aannemer, uitsplitsing)
    except (InvalidSelection, InvalidPeriode) as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    table = databank(con, Scope.system(), selectie)
    if not table.rijen:
        raise CliError("Niets geëxporteerd. " + " ".join(table.meldingen))
    _write_atomically(args.out, to_bytes(table, args.format))
    from warehouse.stores import audit

    audit.record(con, None, "export", corporatie_id=corp.corporatie_id, onderwerp=f"{args.out} ({args.format})",
                 selectie=selectie_dict(args), rows_count=table.n_respondenten,
                 toelichting=f"cli:{getpass.getuser()}")
    for melding in table.meldingen:
        print(f"Let op: {melding}")
    print(f"{table.n_respondenten} respondenten van {corp.naam} geëxporteerd naar {args.out} ({args.format}).")
    return EXIT_OK


def cmd_aedes_freeze(args: argparse.Namespace) -> int:
    from kwhcore import aedes
    from kwhcore.access import Scope
    from kwhcore.config import CONFIG
    from kwhcore.formatting import cijfer
    from kwhcore.periods import InvalidPeriode, parse_jaar
    from warehouse import db
    from warehouse.queries.judgements import bevries

    try:
        jaar = parse_jaar(args.jaar, tot=9999) if args.jaar is not None else aedes.laatst_afgesloten_jaar(CONFIG.today())
    except InvalidPeriode as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    con = cli._open(args)
    if not db.table_exists(con, "fct_cijfer"):
        raise CliError("Het warehouse heeft nog geen cijfers; laad eerst antwoorden (import-responses).")
    ids = [_corporatie(con, args.corporatie).corporatie_id] if args.corporatie else None
    try:
        verslagen = bevries(con, Scope.system(), jaar, f"cli:{getpass.getuser()}", ids)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    for v in verslagen:
        if v.status == "geen_resultaten":
            print(f"{v.corporatie}: geen resultaten in benchmarkjaar {jaar}; niets bevroren.")
            continue
        r = v.resultaat
        deel = ", ".join(
            f"{d.deelscore.naam} {cijfer(d.gemiddelde)} ({d.letter or '–'})" for d in r.deelscores
        )
        wanneer = f"{r.frozen_at:%d-%m-%Y %H:%M}"
        status = "bevroren" if v.status == "bevroren" else f"was al bevroren op {wanneer} door {r.frozen_by}"
        print(f"{v.corporatie}: benchmarkjaar {jaar} {status} — {deel}; totaal {r.letter or '–'}.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="de databank-download (CSV of Excel)")
    p.add_argument("--corporatie", required=True)
    p.add_argument("--vragenlijst", choices=VRAGENLIJST_CODES)
    p.add_argument("--periode")
    p.add_argument("--aannemer")
    p.add_argument("--uitsplitsing", help="uitsplitsingN=WAARDE")
    p.add_argument("--format", choices=("csv", "xlsx"), required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("aedes-freeze", parents=[common], help="bevries een Aedes-benchmarkjaar (cron)")
    p.add_argument("--jaar", type=int, help="standaard: het laatst afgesloten benchmarkjaar")
    p.add_argument("--corporatie", help="standaard: alle corporaties")
    p.set_defaults(func=cmd_aedes_freeze)


cli.EXTRA_COMMANDS.append(register)
