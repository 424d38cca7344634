"""`privacy-audit`: the exact disclosure audit of one corporatie × vragenlijst × year.

interfaces.md: exit 1 when a small cell is derivable from what is published; the JSON reports
every cell that can be published, the small ones, the derivable ones and the information loss.
"""

from __future__ import annotations

import argparse

from kwhcore import cli
from kwhcore.cli import EXIT_BAD_INPUT, EXIT_NOT_ACCEPTABLE, EXIT_OK, CliError
from kwhcore.formatting import procent
from kwhcore.vragenlijsten import VRAGENLIJST_CODES


def cmd_privacy_audit(args: argparse.Namespace) -> int:
    from kwhcore.corporaties import find_corporatie
    from warehouse import privacy

    if not 1900 <= args.jaar <= 2999:
        raise CliError(f"Jaar {args.jaar} ligt buiten het bereik 1900–2999.", EXIT_BAD_INPUT)
    if args.vragenlijst not in VRAGENLIJST_CODES:
        raise CliError(
            f"Onbekende vragenlijst '{args.vragenlijst}'; kies uit {', '.join(VRAGENLIJST_CODES)}.", EXIT_BAD_INPUT
        )
    con = cli._open(args)
    corp = find_corporatie(con, args.corporatie)
    if corp is None:
        raise CliError(f"Onbekende corporatie '{args.corporatie}'.")
    result = privacy.audit_pair_year(con, corp.corporatie_id, args.vragenlijst, args.jaar)
    payload = {"corporatie": corp.naam, "vragenlijst": args.vragenlijst, "jaar": args.jaar, **result}
    if args.json:
        cli._print_json(payload)
    elif result["afleidbaar"]:
        print(f"{len(result['afleidbaar'])} kleine cellen zijn afleidbaar uit wat getoond wordt.")
    else:
        print(
            f"Geen kleine cel afleidbaar: {result['cellen']} cellen, waarvan {result['klein']} klein en "
            f"{result['getoond']} getoond; verlies {procent(result['verlies_pct'])} van de cellen met genoeg respondenten."
        )
    return EXIT_NOT_ACCEPTABLE if result["afleidbaar"] else EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("privacy-audit", parents=[common],
                       help="controleer dat geen kleine cel afleidbaar is uit wat getoond wordt")
    p.add_argument("--corporatie", required=True)
    p.add_argument("--vragenlijst", required=True)
    p.add_argument("--jaar", required=True, type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_privacy_audit)


cli.EXTRA_COMMANDS.append(register)
