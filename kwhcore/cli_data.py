"""CLI commands for the data itself: sample, import-responses, scores (interfaces.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kwhcore import cli
from kwhcore.cli import EXIT_BAD_INPUT, EXIT_NOT_ACCEPTABLE, EXIT_OK, CliError

MAX_PROBLEMS_SHOWN = 25


def cmd_sample(args: argparse.Namespace) -> int:
    from kwhcore.config import CONFIG
    from sample_data.generator import SampleError, build_sample
    from warehouse import db

    target = Path(args.db) if args.db else CONFIG.warehouse_path
    if str(target) != ":memory:":
        # (Re)build: a fresh file, so no stale table of an older build survives.
        for path in (target, Path(f"{target}.wal")):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise CliError(f"Kan {path} niet verwijderen: {exc.strerror}.", EXIT_BAD_INPUT) from exc
    try:
        con = db.connect(target)
    except db.WarehouseBusy as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc

    def progress(fraction: float, text: str) -> None:
        if sys.stderr.isatty():
            print(f"\r[{int(100 * fraction):3d}%] {text:<50}", end="", file=sys.stderr, flush=True)

    try:
        counts = build_sample(con, scale=args.scale, seed=args.seed, progress=progress)
    except SampleError as exc:
        raise CliError(str(exc)) from exc
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Voorbeeldwarehouse ({args.scale}, seed {args.seed}) in {target}: {counts['corporatie']} corporaties, "
        f"{counts['uitnodiging']} uitnodigingen, {counts['respondent']} respondenten, {counts['antwoord']} antwoorden."
    )
    return EXIT_OK


def cmd_import_responses(args: argparse.Namespace) -> int:
    from kwhcore.responses_import import ImportRejected, ImportUnreadable, import_responses

    con = cli._open(args)
    try:
        result = import_responses(con, Path(args.file))
    except ImportUnreadable as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    except ImportRejected as exc:
        lines = [f"Het bestand is niet geladen: {len(exc.problems)} rij(en) zijn niet bruikbaar."]
        lines += [f"  {problem}" for problem in exc.problems[:MAX_PROBLEMS_SHOWN]]
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … en nog {len(exc.problems) - MAX_PROBLEMS_SHOWN} meer.")
        raise CliError("\n".join(lines), EXIT_NOT_ACCEPTABLE) from exc
    print(
        f"{result.respondenten} respondenten geladen ({result.nieuw} nieuw, {result.bijgewerkt} bijgewerkt), "
        f"{result.antwoorden} antwoorden; cijfers bijgewerkt."
    )
    return EXIT_OK


def cmd_scores(args: argparse.Namespace) -> int:
    from kwhcore.access import Scope
    from kwhcore.corporaties import find_corporatie
    from kwhcore.periods import InvalidPeriode
    from kwhcore.selection import UITSPLITSING_DIMS, InvalidSelection, Selection
    from warehouse.queries.scores import scores_payload

    con = cli._open(args)
    corp = find_corporatie(con, args.corporatie)
    if corp is None:
        raise CliError(f"Onbekende corporatie '{args.corporatie}'.")
    uitsplitsing = None
    if args.uitsplitsing:
        key, sep, value = args.uitsplitsing.partition("=")
        key = key.strip().lower().replace(" ", "")
        if not sep or key not in UITSPLITSING_DIMS or not value.strip():
            raise CliError("Gebruik --uitsplitsing uitsplitsing1=WAARDE (uitsplitsing1 t/m uitsplitsing4).", EXIT_BAD_INPUT)
        uitsplitsing = (key, value.strip())
    try:
        selection = Selection(corp.corporatie_id, args.vragenlijst, args.periode, args.aannemer, uitsplitsing)
    except (InvalidSelection, InvalidPeriode) as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    if not _has_marts(con):
        raise CliError("Het warehouse heeft nog geen cijfers; laad eerst antwoorden (import-responses).")
    payload = scores_payload(con, Scope.system(), selection, corp.naam)
    if args.json:
        cli._print_json(payload)
    else:
        from kwhcore.formatting import cijfer, procent

        if payload.get("onderdrukt"):
            print(f"N = {payload['n']}: {REDEN_TEKST.get(payload.get('reden'), REDEN_TEKST['klein'])}")
        else:
            print(
                f"Onderdeelscore {cijfer(payload['onderdeelscore'])}, "
                f"{procent(payload['percentage_tevreden'])} tevreden (N = {payload['n']})."
            )
    return EXIT_OK


# The privacy gate's reasons (warehouse/privacy.py REDEN_*), in the CLI's words.
REDEN_TEKST = {
    "leeg": "geen respondenten in deze selectie.",
    "klein": "te weinig respondenten om een resultaat te tonen.",
    "afleidbaar": "verborgen, omdat dit cijfer samen met de getoonde cijfers een kleine groep zou verraden.",
    "combinatie_maand": "een combinatie van aannemer en uitsplitsing tonen we per kwartaal of jaar, niet per maand.",
}


def _has_marts(con) -> bool:
    from warehouse import db

    return db.table_exists(con, "mart_onderdeel_per_periode")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sample", parents=[common], help="(her)bouw het warehouse met voorbeelddata")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--scale", choices=("demo", "national"), default="demo")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("import-responses", parents=[common], help="laad een antwoordbestand (CSV/XLSX)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import_responses)

    p = sub.add_parser("scores", parents=[common], help="de cijfers van een selectie")
    p.add_argument("--corporatie", required=True)
    p.add_argument("--vragenlijst", required=True)
    p.add_argument("--periode", required=True)
    p.add_argument("--aannemer")
    p.add_argument("--uitsplitsing", help="uitsplitsingN=WAARDE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scores)


cli.EXTRA_COMMANDS.append(register)
