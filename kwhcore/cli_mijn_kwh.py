"""Mijn KWH commands: ``validate FILE --vragenlijst CODE [--json]`` (interfaces.md).

Exit 0 when the file is accepted, 1 when it was read but has errors, 2 when it cannot be read
(not an .xlsx, damaged, hostile) or the call is wrong — always one Dutch sentence on stderr.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kwhcore import cli
from kwhcore.vragenlijsten import VRAGENLIJST_CODES


def cmd_validate(args: argparse.Namespace) -> int:
    from kwhcore.validatieverslag import as_text
    from kwhcore.validation import check_file
    from kwhcore.xlsx_reader import UnreadableFile

    path = Path(args.file)
    if not path.is_file():
        raise cli.CliError(f"Het bestand '{args.file}' bestaat niet of is geen bestand.", cli.EXIT_BAD_INPUT)
    try:
        report = check_file(path, args.vragenlijst, file_name=args.file).report
    except UnreadableFile as exc:
        raise cli.CliError(str(exc), cli.EXIT_BAD_INPUT) from exc
    except PermissionError as exc:
        raise cli.CliError(f"Het bestand '{args.file}' kan niet worden geopend (geen leesrechten).", cli.EXIT_BAD_INPUT) from exc
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(as_text(report))
    return cli.EXIT_OK if report.accepted else cli.EXIT_NOT_ACCEPTABLE


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", parents=[common], help="een huurdersbestand valideren (validatieverslag)")
    p.add_argument("file")
    p.add_argument("--vragenlijst", required=True, choices=VRAGENLIJST_CODES, metavar="CODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_validate)


cli.EXTRA_COMMANDS.append(register)
