"""``python -m kwhcore`` — the public command line (interfaces.md).

Exit status: 0 ok; 1 the input was read but is not acceptable; 2 bad invocation or unreadable
input. Errors go to stderr as one clear Dutch sentence — never a traceback for bad input.
Each command is one function ``cmd_<name>(args) -> int`` registered in ``build_parser``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_NOT_ACCEPTABLE = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A user-facing failure: one Dutch sentence and an exit status."""

    def __init__(self, message: str, status: int = EXIT_NOT_ACCEPTABLE) -> None:
        super().__init__(message)
        self.status = status


# argparse's own messages, in the users' language.
_ARGPARSE_DUTCH = (
    (re.compile(r"the following arguments are required: (.*)"), r"verplicht: \1"),
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)"), r"ongeldige keuze \1 (kies uit \2)"),
    (re.compile(r"invalid int value: (.*)"), r"\1 is geen geheel getal"),
    (re.compile(r"unrecognized arguments: (.*)"), r"onbekende argumenten: \1"),
    (re.compile(r"expected one argument"), r"verwacht een waarde"),
)


def _dutch(message: str) -> str:
    for pattern, replacement in _ARGPARSE_DUTCH:
        message = pattern.sub(replacement, message)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage + English text
        raise CliError(f"Ongeldige aanroep: {_dutch(message)}. Zie 'python -m kwhcore --help'.", EXIT_BAD_INPUT)


def _open(args: argparse.Namespace):
    from warehouse import db

    target = getattr(args, "db", None)
    refuse_special_file(target)
    try:
        return db.connect(target)
    except (db.WarehouseBusy, db.NotAWarehouse) as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc


def refuse_special_file(value: str | Path | None, what: str = "warehouse") -> None:
    """No command follows a path into a device, fifo or directory (issue 10: as root, writing to
    ``/dev/full`` replaced the device). A path that does not exist yet is fine."""
    import stat

    if value is None or str(value) == ":memory:" or "://" in str(value):
        return
    try:
        mode = Path(value).stat().st_mode
    except FileNotFoundError:
        if Path(value).is_symlink():
            raise CliError(f"{value} is een snelkoppeling (symlink) naar niets; geef een gewoon pad als {what}.", EXIT_BAD_INPUT) from None
        return
    except OSError as exc:
        raise CliError(f"{value} kan niet worden geopend: {exc.strerror}.", EXIT_BAD_INPUT) from exc
    if not stat.S_ISREG(mode):
        raise CliError(
            f"{value} is geen gewoon bestand (maar een map, apparaat of pijp); geef een bestandspad als {what}.",
            EXIT_BAD_INPUT,
        )


def _print_json(payload: object) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


# --- commands -------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from warehouse import db

    con = _open(args)
    if db.info(con, "sample_scale") is None:
        # Marks a real warehouse: the app then never fills it with the demo sample.
        db.set_info(con, "warehouse_kind", "echt")
    count = con.execute("SELECT count(*) FROM vraag").fetchone()[0]
    print(f"Warehouse klaar: {args.db or 'standaardlocatie'} ({count} vragen in de bibliotheek).")
    return EXIT_OK


def cmd_deadlines(args: argparse.Namespace) -> int:
    from kwhcore.periods import deadlines

    if not 1900 <= args.year <= 9999:
        raise CliError("Geef een jaartal tussen 1900 en 9999.", EXIT_BAD_INPUT)
    for day in deadlines(args.year):
        print(day.isoformat())
    return EXIT_OK


def cmd_corporatie_add(args: argparse.Namespace) -> int:
    from kwhcore.corporaties import CorporatieError, add_corporatie

    con = _open(args)
    try:
        corp = add_corporatie(con, args.name, args.vhe, args.regio, args.stedelijkheid)
    except CorporatieError as exc:
        raise CliError(str(exc)) from exc
    print(f"Corporatie '{corp.naam}' geregistreerd (id {corp.corporatie_id}, {corp.grootteklasse} VHE).")
    return EXIT_OK


def cmd_vragenlijsten(args: argparse.Namespace) -> int:
    from kwhcore.vragenlijsten import load_library

    payload = [
        {
            "code": vl.code,
            "naam": vl.naam,
            "stappen": list(vl.stappen),
            "vragen": [
                {
                    "code": q.code, "tekst": q.tekst, "type": q.type, "stap": q.stap,
                    "kwaliteitslabel": q.kwaliteitslabel, "aedes": q.aedes,
                    "ontevredenheid": q.ontevredenheid, "signaal": q.signaal,
                    "opties": list(q.opties),
                }
                for q in vl.vragen
            ],
        }
        for vl in load_library()
    ]
    if args.json:
        _print_json(payload)
    else:
        for vl in payload:
            print(f"{vl['code']}: {vl['naam']} ({len(vl['vragen'])} vragen)")
    return EXIT_OK


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m kwhcore", description="Klantvizier command line.")
    parser.add_argument("--db", default=None, help="pad naar het warehouse (standaard: dat van de app)")
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="pad naar het warehouse")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("init", parents=[common], help="leeg warehouse met schema en vragenbibliotheek")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("deadlines", parents=[common], help="de 12 aanleverdeadlines van een jaar")
    p.add_argument("year", type=int)
    p.set_defaults(func=cmd_deadlines)

    p = sub.add_parser("corporatie", parents=[common], help="corporaties beheren")
    corp_sub = p.add_subparsers(dest="corporatie_command", parser_class=_Parser)
    corp_sub.required = True
    add = corp_sub.add_parser("add", parents=[common], help="een corporatie registreren")
    add.add_argument("name")
    add.add_argument("--vhe", type=int, required=True)
    add.add_argument("--regio", required=True)
    add.add_argument("--stedelijkheid", type=int, required=True)
    add.set_defaults(func=cmd_corporatie_add)

    p = sub.add_parser("vragenlijsten", parents=[common], help="de vragenbibliotheek")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_vragenlijsten)

    for register in EXTRA_COMMANDS:
        register(sub, common)
    return parser


# Modules that add commands: each a function (subparsers, common_parent) -> None.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]] = []


def _load_extra_commands() -> None:
    """Command groups living beside their domain module register themselves here."""
    import importlib

    for module in ("kwhcore.cli_data", "kwhcore.cli_mijn_kwh", "kwhcore.cli_judgements", "kwhcore.cli_accounts",
                   "kwhcore.cli_privacy", "kwhcore.cli_signalen"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _load_extra_commands()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.func(args)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        # Output piped into e.g. `head`: the reader left; not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 — the contract: never a traceback on stderr
        log = Path.home() / ".klantvizier-cli-error.log"
        try:
            import traceback

            log.write_text(traceback.format_exc(), encoding="utf-8")
        except OSError:
            pass
        print(f"Onverwachte fout ({type(exc).__name__}); details staan in {log}.", file=sys.stderr)
        return EXIT_BAD_INPUT
