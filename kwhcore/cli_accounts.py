"""CLI commands for accounts: the first beheerder of a real warehouse, and new invitation links.

A real warehouse (made by ``init``) has no accounts at all; this is how an operator creates the
first platform beheerder, who then manages corporations' main users in the app. The account gets
no password here: the command prints a one-time invitation link (seed 002 §2: valid 5 days).
"""

from __future__ import annotations

import argparse
import os
from urllib.parse import urlencode

from kwhcore import cli
from kwhcore.cli import EXIT_OK, CliError

DEFAULT_BASE_URL = "http://localhost:8501"


def _link(token: str) -> str:
    base = os.environ.get("KLANTVIZIER_BASE_URL", DEFAULT_BASE_URL).rstrip("/")
    return f"{base}/wachtwoord_instellen?{urlencode({'uitnodiging': token})}"


def _print_invitation(invitation, username: str) -> None:
    print(f"Account '{username}' ({invitation.email}) — stel het wachtwoord in via deze link "
          f"(één keer te gebruiken, geldig tot {invitation.expires_at:%d-%m-%Y %H:%M}):")
    print(_link(invitation.token))


def cmd_gebruiker_add(args: argparse.Namespace) -> int:
    from kwhcore import accounts
    from kwhcore.access import Scope
    from kwhcore.corporaties import find_corporatie

    con = cli._open(args)
    corporatie_id = None
    if args.corporatie:
        corp = find_corporatie(con, args.corporatie)
        if corp is None:
            raise CliError(f"Onbekende corporatie '{args.corporatie}'.")
        corporatie_id = corp.corporatie_id
    try:
        account = accounts.add_account(
            con, Scope.system(), email=args.email, rol=args.rol, corporatie_id=corporatie_id,
            naam=args.naam or "", toegang_klantvizier=not args.alleen_mijn_kwh,
            toegang_mijn_kwh=args.mijn_kwh or args.alleen_mijn_kwh, eigen_aannemers=args.aannemer or (),
        )
        invitation = accounts.invite(con, Scope.system(), account.gebruiker_id)
    except accounts.AccountError as exc:
        raise CliError(str(exc)) from exc
    _print_invitation(invitation, account.username)
    return EXIT_OK


def cmd_gebruiker_uitnodigen(args: argparse.Namespace) -> int:
    from kwhcore import accounts
    from kwhcore.access import Scope

    con = cli._open(args)
    account = accounts.get_account(con, args.username.strip().lower())
    if account is None:
        raise CliError(f"Onbekend account '{args.username}'.")
    try:
        invitation = accounts.invite(con, Scope.system(), account.gebruiker_id)
    except accounts.AccountError as exc:
        raise CliError(str(exc)) from exc
    _print_invitation(invitation, account.username)
    return EXIT_OK


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gebruiker", parents=[common], help="accounts: aanmaken en uitnodigen")
    gebruiker_sub = p.add_subparsers(dest="gebruiker_command", parser_class=cli._Parser)
    gebruiker_sub.required = True
    add = gebruiker_sub.add_parser("add", parents=[common], help="een account aanmaken en de uitnodiging tonen")
    add.add_argument("email")
    add.add_argument("--rol", required=True, choices=("beheerder", "hoofdgebruiker", "gebruiker", "aannemer"))
    add.add_argument("--corporatie", help="naam van de corporatie (niet voor een beheerder)")
    add.add_argument("--naam", help="naam van de gebruiker")
    add.add_argument("--mijn-kwh", action="store_true", help="ook toegang tot Mijn KWH")
    add.add_argument("--alleen-mijn-kwh", action="store_true", help="alleen toegang tot Mijn KWH")
    add.add_argument("--aannemer", action="append", help="schrijfwijze van de aannemersnaam (herhaalbaar)")
    add.set_defaults(func=cmd_gebruiker_add)
    again = gebruiker_sub.add_parser("uitnodigen", parents=[common], help="een nieuwe uitnodigingslink (reset)")
    again.add_argument("username")
    again.set_defaults(func=cmd_gebruiker_uitnodigen)


cli.EXTRA_COMMANDS.append(register)
