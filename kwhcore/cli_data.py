"""CLI commands for the data itself: sample, import-responses, scores (interfaces.md)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from kwhcore import cli
from kwhcore.cli import EXIT_BAD_INPUT, EXIT_NOT_ACCEPTABLE, EXIT_OK, CliError

MAX_PROBLEMS_SHOWN = 25


def cmd_sample(args: argparse.Namespace) -> int:
    """Build the sample into a temporary file beside the target and rename it into place when
    complete: an existing demo warehouse stays usable until the new one is whole, and a failed
    build leaves nothing half-built behind. Anything at the target that is not a demo warehouse
    (a real one made by ``init``, any other file, a device) is refused, never deleted."""
    from kwhcore.config import CONFIG
    from sample_data.generator import SampleError, build_sample
    from warehouse import db

    target = Path(args.db) if args.db else CONFIG.warehouse_path
    in_memory = str(target) == ":memory:"
    if not in_memory:
        _refuse_unless_demo_warehouse(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(target)
        building = target.with_name(f".{target.name}.bouw-{os.getpid()}")
        # A stopped build (Ctrl-C, or SIGTERM turned into one) still removes its half file.
        signal.signal(signal.SIGTERM, _interrupt)
    else:
        building = target
    try:
        con = db.connect(building)
    except db.WarehouseBusy as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc

    def progress(fraction: float, text: str) -> None:
        if sys.stderr.isatty():
            print(f"\r[{int(100 * fraction):3d}%] {text:<50}", end="", file=sys.stderr, flush=True)

    try:
        counts = build_sample(con, scale=args.scale, seed=args.seed, progress=progress)
        if not in_memory:
            con.execute("CHECKPOINT")
            con.close()
            _refuse_unless_demo_warehouse(target)  # nothing else moved in meanwhile
            os.replace(building, target)
            _remove(Path(f"{target}.wal"))
    except SampleError as exc:
        raise CliError(str(exc)) from exc
    except (KeyboardInterrupt, RuntimeError) as exc:
        if isinstance(exc, RuntimeError) and "interrupted" not in str(exc).lower():
            raise
        raise CliError(f"Afgebroken; {target} is niet veranderd.", EXIT_BAD_INPUT) from exc
    finally:
        if not in_memory:
            con.close()
            _remove(building)
            _remove(Path(f"{building}.wal"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Voorbeeldwarehouse ({args.scale}, seed {args.seed}) in {target}: {counts['corporatie']} corporaties, "
        f"{counts['uitnodiging']} uitnodigingen, {counts['respondent']} respondenten, {counts['antwoord']} antwoorden."
    )
    return EXIT_OK


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _remove_stale_builds(target: Path) -> None:
    """Half files of builds that were killed outright (their process no longer exists)."""
    for stale in target.parent.glob(f".{target.name}.bouw-*"):
        pid = stale.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _remove(stale)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise CliError(f"Kan {path} niet verwijderen: {exc.strerror}.", EXIT_BAD_INPUT) from exc


def _refuse_unless_demo_warehouse(target: Path) -> None:
    """``sample`` may only replace what ``sample`` made: a DuckDB warehouse marked as sample."""
    from warehouse import db

    if not target.exists() and not target.is_symlink():
        return
    refusal = (
        f"{target} bestaat al en is geen voorbeeldwarehouse; 'sample' vervangt alleen een eerder gebouwd "
        "voorbeeldwarehouse. Kies een ander pad met --db of verwijder het bestand zelf."
    )
    if target.is_symlink():
        raise CliError(refusal, EXIT_NOT_ACCEPTABLE)
    cli.refuse_special_file(target)
    try:
        is_demo = db.is_sample_warehouse(target)
    except db.WarehouseBusy as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    if not is_demo:
        raise CliError(refusal, EXIT_NOT_ACCEPTABLE)


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
