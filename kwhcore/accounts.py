"""Accounts: create, invite, accept, reset, delete; passwords, lockout and session revocation.

domain.md §10 / seed 002 §2 ("Gebruikers"): a hoofdgebruiker adds users of the own corporation
(e-mail, type corporatie | aannemer, rights, e-mail preferences), invites them with a link valid
5 days, resets a password by inviting again, and never changes an e-mail address. The platform
beheerder manages corporations and their hoofdgebruikers.

streamlit-authenticator checks the password and keeps the re-login cookie; what it cannot do is
kept here, in the warehouse (issue 3): a per-account failed-login window with a temporary lock
(its own counter lives in memory) and server-side session revocation (its cookie cannot be
revoked: every session that began before ``sessions_valid_from`` is ended on its next rerun).

The tables are reached through SQLAlchemy Core so the same statements run on DuckDB now and
PostgreSQL later; every call takes its own cursor of the connection it is given.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import bcrypt
import duckdb
import duckdb_engine
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from kwhcore.access import RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH, Scope
from kwhcore.config import CONFIG

# Least powerful first (issue 14): every role choice opens on a role that manages nothing.
ROLLEN = ("gebruiker", "aannemer", "hoofdgebruiker", "beheerder")
ROL_LABELS = {
    "beheerder": "Beheerder (platform)",
    "hoofdgebruiker": "Hoofdgebruiker",
    "gebruiker": "Gebruiker",
    "aannemer": "Aannemer",
}
# A password a person chooses must be at least this long (NIST SP 800-63B: length over complexity).
MIN_PASSWORD_LENGTH = 12
# zxcvbn's guessability score (0-4) a chosen password must reach: 3 is "safely unguessable"
# (about 10^8 guesses), which with bcrypt and the lockout protects well.
MIN_PASSWORD_SCORE = 3
# Words of this service a password must not lean on (NIST 800-63B: context-specific words).
_CONTEXT_WORDS = ("klantvizier", "kwh", "wachtwoord", "huurder", "woningcorporatie", "corporatie")
# bcrypt work factor; tests lower it to stay fast, the hash records its own cost.
BCRYPT_ROUNDS = 12

DEMO_PASSWORD = "demo"
DEMO_USERNAMES = (
    "demo-beheerder", "demo-hoofdgebruiker", "demo-gebruiker", "demo-steward", "demo-aannemer",
)

_metadata = sa.MetaData()
gebruiker = sa.Table(
    "gebruiker", _metadata,
    sa.Column("gebruiker_id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String), sa.Column("email", sa.String), sa.Column("naam", sa.String),
    sa.Column("rol", sa.String), sa.Column("corporatie_id", sa.Integer),
    sa.Column("has_toegang_klantvizier", sa.Boolean), sa.Column("has_toegang_mijn_kwh", sa.Boolean),
    sa.Column("has_herinnering_aanleveren", sa.Boolean), sa.Column("has_validatieverslag", sa.Boolean),
    sa.Column("password_hash", sa.String), sa.Column("password_set_at", sa.DateTime),
    sa.Column("failed_login_count", sa.Integer), sa.Column("failed_window_started_at", sa.DateTime),
    sa.Column("locked_until", sa.DateTime), sa.Column("sessions_valid_from", sa.DateTime),
    sa.Column("session_generation", sa.Integer), sa.Column("last_login_at", sa.DateTime),
    sa.Column("is_demo", sa.Boolean), sa.Column("created_by", sa.String),
    sa.Column("created_at", sa.DateTime),
)
gebruiker_aannemer = sa.Table(
    "gebruiker_aannemer", _metadata,
    sa.Column("gebruiker_id", sa.Integer), sa.Column("aannemer_naam", sa.String),
    sa.Column("is_eigen_naam", sa.Boolean),
)
account_uitnodiging = sa.Table(
    "account_uitnodiging", _metadata,
    sa.Column("token_hash", sa.String, primary_key=True), sa.Column("gebruiker_id", sa.Integer),
    sa.Column("created_by", sa.String), sa.Column("created_at", sa.DateTime),
    sa.Column("expires_at", sa.DateTime), sa.Column("used_at", sa.DateTime),
    sa.Column("revoked_at", sa.DateTime),
)
login_poging = sa.Table(
    "login_poging", _metadata,
    sa.Column("username", sa.String, primary_key=True),
    sa.Column("failed_login_count", sa.Integer), sa.Column("failed_window_started_at", sa.DateTime),
    sa.Column("locked_until", sa.DateTime),
)
_corporatie = sa.Table(
    "corporatie", _metadata,
    sa.Column("corporatie_id", sa.Integer, primary_key=True), sa.Column("naam", sa.String),
)


class AccountError(ValueError):
    """A user-facing refusal (one Dutch sentence): bad input or an action outside the scope."""


class UnknownAccount(AccountError):
    """The account does not exist (any more): its sessions must end."""


@dataclass(frozen=True)
class Account:
    gebruiker_id: int
    username: str
    email: str
    naam: str
    rol: str
    corporatie_id: int | None
    corporatie_naam: str | None
    has_toegang_klantvizier: bool
    has_toegang_mijn_kwh: bool
    has_herinnering_aanleveren: bool
    has_validatieverslag: bool
    has_password: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    eigen_aannemers: tuple[str, ...] = ()
    andere_aannemers: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        """seed 002 §2: an account is of type 'corporatie' or 'aannemer'."""
        return "aannemer" if self.rol == "aannemer" else "corporatie"


@dataclass(frozen=True)
class Invitation:
    """A one-time link's secret part; only its hash is stored."""

    gebruiker_id: int
    email: str
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class LoginCheck:
    """Outcome of recording a failed password under a login name."""

    failures_in_window: int
    locked_until: datetime | None


@dataclass(frozen=True)
class LoginOutcome:
    """Outcome of one login attempt: the username on success, else the lock (if any)."""

    username: str | None
    locked_until: datetime | None = None


# --- plumbing ---------------------------------------------------------------------------------

@contextmanager
def _session(con: duckdb.DuckDBPyConnection) -> Iterator[sa.Connection]:
    """One SQLAlchemy transaction on a fresh cursor of ``con`` (DuckDB connections are not
    thread-safe; a cursor per call is the style.md §6 habit)."""
    cursor = con.cursor()
    engine = sa.create_engine(
        "duckdb://",
        creator=lambda: duckdb_engine.ConnectionWrapper(cursor),
        poolclass=sa.pool.StaticPool,
    )
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()
        cursor.close()


def _now() -> datetime:
    return datetime.now()


def _audit(con: duckdb.DuckDBPyConnection, actor: Scope, actie: str, account: Account, toelichting: str | None = None) -> None:
    """One line in the audit log (issue 12: account creation, deletion, rights, password resets)."""
    from warehouse.stores import audit

    audit.record(con, actor, actie, corporatie_id=account.corporatie_id,
                 onderwerp=f"{account.email} ({account.rol})", toelichting=toelichting)


def _self_scope(account: Account) -> Scope:
    return Scope(role=account.rol, corporatie_id=account.corporatie_id, user_id=account.gebruiker_id,
                 user_email=account.email)


def _rechten(account: Account) -> str:
    rechten = [naam for naam, aan in (("Klantvizier", account.has_toegang_klantvizier),
                                      ("Mijn KWH", account.has_toegang_mijn_kwh),
                                      ("herinnering", account.has_herinnering_aanleveren),
                                      ("validatieverslag", account.has_validatieverslag)) if aan]
    namen = ", ".join(account.eigen_aannemers + account.andere_aannemers)
    return "toegang: " + (", ".join(rechten) or "geen") + (f"; aannemers: {namen}" if namen else "")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    """bcrypt hash (the format streamlit-authenticator checks against)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


def check_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


@functools.cache
def _dummy_hash(rounds: int) -> str:
    """A bcrypt hash of nobody's password at the current cost, checked for a name without a
    password, so an unknown name takes as long to refuse as a wrong password (issue 10)."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds)).decode("ascii")


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of the breach corpora zxcvbn ships (a kept list)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def _name_parts(username: str) -> list[str]:
    """The login name and its parts (e-mail local part and domain words) of 4+ characters."""
    login = (username or "").strip().lower()
    parts = [login, *re.split(r"[@._+\-]+", login)]
    return [part for part in dict.fromkeys(parts) if len(part) >= 4]


def password_problem(password: str, repeat: str, username: str | None = None) -> str | None:
    """Why a chosen password is not acceptable (Dutch), or None.

    NIST SP 800-63B §3.1.1.2: at least 12 characters, any characters, no composition rules;
    refused when it is on a list of common or breached passwords, a dictionary word, a
    repetition or sequence, or built on the username or this service's name.
    """
    if password != repeat:
        return "De twee wachtwoorden zijn niet gelijk."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."
    if password.strip() != password:
        return "Een wachtwoord mag niet beginnen of eindigen met een spatie."
    if len(password.encode("utf-8")) > 72:
        return "Kies een wachtwoord van hoogstens 72 tekens."
    lowered = password.lower()
    if any(part in lowered for part in _name_parts(username or "")):
        return "Uw wachtwoord mag uw gebruikersnaam niet bevatten."
    if lowered in _common_passwords():
        return ("Dit wachtwoord staat op een lijst van veelgebruikte of gelekte wachtwoorden. "
                "Kies een ander, bijvoorbeeld een zin van een paar woorden.")
    if zxcvbn(password, user_inputs=[*_name_parts(username or ""), *_CONTEXT_WORDS])["score"] < MIN_PASSWORD_SCORE:
        return ("Dit wachtwoord is te makkelijk te raden (een bekend woord, een reeks als 123456 of "
                "een herhaling). Kies een langer wachtwoord, bijvoorbeeld een zin van een paar woorden.")
    return None


def normalize_email(email: str) -> str:
    """Checked and lower-cased e-mail address; raises AccountError with a Dutch sentence."""
    try:
        result = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"'{email}' is geen geldig e-mailadres.") from exc
    return result.normalized.lower()


def _clean_names(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        cleaned = re.sub(r"\s+", " ", (name or "").strip())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


# --- reading ----------------------------------------------------------------------------------

def _account_from_row(row: sa.Row, links: list[sa.Row]) -> Account:
    return Account(
        gebruiker_id=row.gebruiker_id, username=row.username, email=row.email, naam=row.naam,
        rol=row.rol, corporatie_id=row.corporatie_id, corporatie_naam=row.corporatie_naam,
        has_toegang_klantvizier=bool(row.has_toegang_klantvizier),
        has_toegang_mijn_kwh=bool(row.has_toegang_mijn_kwh),
        has_herinnering_aanleveren=bool(row.has_herinnering_aanleveren),
        has_validatieverslag=bool(row.has_validatieverslag),
        has_password=row.password_hash is not None, locked_until=row.locked_until,
        last_login_at=row.last_login_at,
        eigen_aannemers=tuple(sorted(r.aannemer_naam for r in links if r.is_eigen_naam)),
        andere_aannemers=tuple(sorted(r.aannemer_naam for r in links if not r.is_eigen_naam)),
    )


def _account_query() -> sa.Select:
    return sa.select(gebruiker, _corporatie.c.naam.label("corporatie_naam")).select_from(
        gebruiker.outerjoin(_corporatie, gebruiker.c.corporatie_id == _corporatie.c.corporatie_id)
    )


def _links(connection: sa.Connection, gebruiker_ids: list[int]) -> dict[int, list[sa.Row]]:
    found: dict[int, list[sa.Row]] = {gid: [] for gid in gebruiker_ids}
    if gebruiker_ids:
        rows = connection.execute(
            sa.select(gebruiker_aannemer).where(gebruiker_aannemer.c.gebruiker_id.in_(gebruiker_ids))
        ).all()
        for row in rows:
            found[row.gebruiker_id].append(row)
    return found


def get_account(con: duckdb.DuckDBPyConnection, username: str) -> Account | None:
    """The account with this login name (case-insensitive), or None."""
    with _session(con) as connection:
        row = connection.execute(
            _account_query().where(gebruiker.c.username == (username or "").strip().lower())
        ).first()
        if row is None:
            return None
        return _account_from_row(row, _links(connection, [row.gebruiker_id])[row.gebruiker_id])


def get_account_by_id(con: duckdb.DuckDBPyConnection, gebruiker_id: int) -> Account | None:
    with _session(con) as connection:
        row = connection.execute(_account_query().where(gebruiker.c.gebruiker_id == gebruiker_id)).first()
        if row is None:
            return None
        return _account_from_row(row, _links(connection, [row.gebruiker_id])[row.gebruiker_id])


def list_accounts(con: duckdb.DuckDBPyConnection, actor: Scope) -> list[Account]:
    """The accounts ``actor`` may manage: all for the beheerder, the own corporation's for a
    hoofdgebruiker, none for anyone else (seed 002 §2)."""
    if not may_manage_accounts(actor):
        return []
    query = _account_query().order_by(_corporatie.c.naam, gebruiker.c.email)
    if not actor.is_all_corporations:
        query = query.where(gebruiker.c.corporatie_id == actor.corporatie_id)
    with _session(con) as connection:
        rows = connection.execute(query).all()
        links = _links(connection, [row.gebruiker_id for row in rows])
    return [_account_from_row(row, links[row.gebruiker_id]) for row in rows]


def credentials(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dict]]:
    """The accounts that can log in, in the shape streamlit-authenticator expects.

    The lock is not passed on: the app asks ``lock_status`` before it lets the library check a
    password, so a locked account is refused even with the right password.
    """
    with _session(con) as connection:
        rows = connection.execute(
            sa.select(
                gebruiker.c.username, gebruiker.c.email, gebruiker.c.naam, gebruiker.c.rol,
                gebruiker.c.password_hash,
            ).where(gebruiker.c.password_hash.is_not(None))
        ).all()
    return {
        "usernames": {
            row.username: {
                "email": row.email,
                "name": row.naam,
                "password": row.password_hash,
                "roles": [row.rol],
                "failed_login_attempts": 0,
                "logged_in": False,
            }
            for row in rows
        }
    }


def scope_for_account(con: duckdb.DuckDBPyConnection, username: str) -> Scope:
    """The access scope of an account, read fresh from the warehouse (built on every rerun).

    domain.md §10: corporation users see their own corporation with the rights of their account;
    an aannemer sees its own name spellings plus the named other aannemers, in the Klantvizier
    only; the platform beheerder sees everything. Raises UnknownAccount when the account is gone.
    """
    account = get_account(con, username)
    if account is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    if account.rol == "beheerder":
        return Scope(
            role="beheerder", user_id=account.gebruiker_id, user_email=account.email,
            rights=frozenset({RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH}),
        )
    if account.rol == "aannemer":
        eigen = frozenset(account.eigen_aannemers)
        return Scope(
            role="aannemer", corporatie_id=account.corporatie_id, user_id=account.gebruiker_id,
            user_email=account.email, aannemers=eigen | frozenset(account.andere_aannemers),
            eigen_aannemers=eigen,
            # seed 000: contractors use the Klantvizier only; Mijn KWH is the corporation's.
            rights=frozenset({RIGHT_KLANTVIZIER}) if account.has_toegang_klantvizier else frozenset(),
        )
    rights = set()
    if account.has_toegang_klantvizier:
        rights.add(RIGHT_KLANTVIZIER)
    if account.has_toegang_mijn_kwh:
        rights.add(RIGHT_MIJN_KWH)
    return Scope(
        role=account.rol,  # type: ignore[arg-type]
        corporatie_id=account.corporatie_id, user_id=account.gebruiker_id,
        user_email=account.email, rights=frozenset(rights),
    )


# --- managing accounts ------------------------------------------------------------------------

def may_manage_accounts(actor: Scope) -> bool:
    """seed 002 §2: the hoofdgebruiker manages the own corporation's users; the beheerder all."""
    return actor.role in ("beheerder", "systeem", "hoofdgebruiker")


def roles_actor_may_create(actor: Scope) -> tuple[str, ...]:
    """A hoofdgebruiker adds gebruikers, aannemers and other hoofdgebruikers of the own
    corporation (seed 002 §2); beheerders are made by the platform beheerder (domain.md §10).
    Least powerful first, so a form preselects the safest role."""
    if actor.is_all_corporations:
        return ROLLEN
    if actor.role == "hoofdgebruiker":
        return ("gebruiker", "aannemer", "hoofdgebruiker")
    return ()


def is_last_hoofdgebruiker(con: duckdb.DuckDBPyConnection, account: Account) -> bool:
    """Whether ``account`` is its corporation's only hoofdgebruiker (who may never be removed:
    nobody could then manage the corporation's users)."""
    if account.rol != "hoofdgebruiker" or account.corporatie_id is None:
        return False
    with _session(con) as connection:
        others = connection.execute(
            sa.select(sa.func.count()).select_from(gebruiker).where(
                gebruiker.c.corporatie_id == account.corporatie_id,
                gebruiker.c.rol == "hoofdgebruiker",
                gebruiker.c.gebruiker_id != account.gebruiker_id,
            )
        ).scalar_one()
    return others == 0


def _require_may_manage(actor: Scope, account: Account) -> None:
    if not may_manage_accounts(actor):
        raise AccountError("U mag geen gebruikers beheren.")
    if not actor.is_all_corporations:
        if account.corporatie_id != actor.corporatie_id:
            raise AccountError("Dit account hoort niet bij uw corporatie.")
        if account.rol not in roles_actor_may_create(actor):
            raise AccountError("Alleen de beheerder van het platform kan dit account wijzigen.")


def add_account(
    con: duckdb.DuckDBPyConnection,
    actor: Scope,
    *,
    email: str,
    rol: str,
    corporatie_id: int | None,
    naam: str = "",
    toegang_klantvizier: bool = True,
    toegang_mijn_kwh: bool = False,
    herinnering_aanleveren: bool = False,
    validatieverslag: bool = False,
    eigen_aannemers: Iterable[str] = (),
    andere_aannemers: Iterable[str] = (),
    username: str | None = None,
    is_demo: bool = False,
) -> Account:
    """Add an account without a password; it gets one through an invitation (seed 002 §2)."""
    if rol not in roles_actor_may_create(actor):
        raise AccountError("U mag geen account van dit type aanmaken.")
    if not actor.is_all_corporations:
        corporatie_id = actor.corporatie_id
    email = normalize_email(email)
    login = (username or email).strip().lower()
    eigen = _clean_names(eigen_aannemers)
    andere = tuple(n for n in _clean_names(andere_aannemers) if n not in eigen)
    if rol == "beheerder":
        corporatie_id = None
    elif corporatie_id is None:
        raise AccountError("Kies de corporatie van dit account.")
    if rol == "aannemer":
        if not eigen:
            raise AccountError("Geef minstens één schrijfwijze van de naam van de aannemer op.")
        # seed 000: contractors only use the Klantvizier.
        toegang_klantvizier, toegang_mijn_kwh = True, False
        herinnering_aanleveren = validatieverslag = False
    elif eigen or andere:
        raise AccountError("Alleen een aannemersaccount heeft aannemersnamen.")
    if rol in ("hoofdgebruiker", "gebruiker") and not (toegang_klantvizier or toegang_mijn_kwh):
        raise AccountError("Geef toegang tot Klantvizier, Mijn KWH of beide.")
    with _session(con) as connection:
        if corporatie_id is not None and connection.execute(
            sa.select(_corporatie.c.corporatie_id).where(_corporatie.c.corporatie_id == corporatie_id)
        ).first() is None:
            raise AccountError("Deze corporatie bestaat niet.")
        clash = connection.execute(
            sa.select(gebruiker.c.gebruiker_id).where(
                sa.or_(gebruiker.c.email == email, gebruiker.c.username == login)
            )
        ).first()
        if clash is not None:
            raise AccountError(f"Er bestaat al een account met het e-mailadres {email}.")
        gebruiker_id = connection.execute(
            sa.insert(gebruiker).values(
                username=login, email=email, naam=(naam or "").strip() or email, rol=rol,
                corporatie_id=corporatie_id, has_toegang_klantvizier=toegang_klantvizier,
                has_toegang_mijn_kwh=toegang_mijn_kwh,
                has_herinnering_aanleveren=herinnering_aanleveren,
                has_validatieverslag=validatieverslag, failed_login_count=0,
                session_generation=0, is_demo=is_demo, created_by=actor.user_email or actor.role,
                created_at=_now(),
            ).returning(gebruiker.c.gebruiker_id)
        ).scalar_one()
        rows = [{"gebruiker_id": gebruiker_id, "aannemer_naam": n, "is_eigen_naam": True} for n in eigen]
        rows += [{"gebruiker_id": gebruiker_id, "aannemer_naam": n, "is_eigen_naam": False} for n in andere]
        if rows:
            connection.execute(sa.insert(gebruiker_aannemer), rows)
    account = get_account_by_id(con, gebruiker_id)
    assert account is not None
    _audit(con, actor, "account_aangemaakt", account, f"rol {rol}")
    return account


def update_account(
    con: duckdb.DuckDBPyConnection,
    actor: Scope,
    gebruiker_id: int,
    *,
    naam: str,
    toegang_klantvizier: bool,
    toegang_mijn_kwh: bool,
    herinnering_aanleveren: bool,
    validatieverslag: bool,
    eigen_aannemers: Iterable[str] = (),
    andere_aannemers: Iterable[str] = (),
) -> Account:
    """Change rights, preferences and aannemer names — never the e-mail address (seed 002 §2)."""
    account = get_account_by_id(con, gebruiker_id)
    if account is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    _require_may_manage(actor, account)
    eigen = _clean_names(eigen_aannemers)
    andere = tuple(n for n in _clean_names(andere_aannemers) if n not in eigen)
    if account.rol == "aannemer":
        if not eigen:
            raise AccountError("Geef minstens één schrijfwijze van de naam van de aannemer op.")
        toegang_klantvizier, toegang_mijn_kwh = True, False
        herinnering_aanleveren = validatieverslag = False
    elif account.rol != "beheerder" and not (toegang_klantvizier or toegang_mijn_kwh):
        raise AccountError("Geef toegang tot Klantvizier, Mijn KWH of beide.")
    with _session(con) as connection:
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.gebruiker_id == gebruiker_id).values(
                naam=(naam or "").strip() or account.email,
                has_toegang_klantvizier=toegang_klantvizier, has_toegang_mijn_kwh=toegang_mijn_kwh,
                has_herinnering_aanleveren=herinnering_aanleveren,
                has_validatieverslag=validatieverslag,
            )
        )
        if account.rol == "aannemer":
            connection.execute(
                sa.delete(gebruiker_aannemer).where(gebruiker_aannemer.c.gebruiker_id == gebruiker_id)
            )
            rows = [{"gebruiker_id": gebruiker_id, "aannemer_naam": n, "is_eigen_naam": True} for n in eigen]
            rows += [{"gebruiker_id": gebruiker_id, "aannemer_naam": n, "is_eigen_naam": False} for n in andere]
            connection.execute(sa.insert(gebruiker_aannemer), rows)
    updated = get_account_by_id(con, gebruiker_id)
    assert updated is not None
    _audit(con, actor, "account_gewijzigd", updated, _rechten(updated))
    return updated


def delete_account(con: duckdb.DuckDBPyConnection, actor: Scope, gebruiker_id: int) -> None:
    """Delete an account; its open sessions end on their next rerun (the account is gone)."""
    account = get_account_by_id(con, gebruiker_id)
    if account is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    _require_may_manage(actor, account)
    if actor.user_id == gebruiker_id:
        raise AccountError("U kunt uw eigen account niet verwijderen.")
    if is_last_hoofdgebruiker(con, account):
        raise AccountError(
            "Dit is de enige hoofdgebruiker van de corporatie; maak eerst een andere hoofdgebruiker "
            "aan, dan kunt u dit account verwijderen."
        )
    with _session(con) as connection:
        connection.execute(
            sa.delete(account_uitnodiging).where(account_uitnodiging.c.gebruiker_id == gebruiker_id)
        )
        connection.execute(
            sa.delete(gebruiker_aannemer).where(gebruiker_aannemer.c.gebruiker_id == gebruiker_id)
        )
        connection.execute(sa.delete(gebruiker).where(gebruiker.c.gebruiker_id == gebruiker_id))
    _audit(con, actor, "account_verwijderd", account)


# --- invitations ------------------------------------------------------------------------------

def invite(
    con: duckdb.DuckDBPyConnection, actor: Scope, gebruiker_id: int, *, now: datetime | None = None
) -> Invitation:
    """A new one-time link for the account, valid CONFIG.invite_valid_days (seed 002 §2: 5 days).

    Inviting again is how a password is reset: earlier unused links stop working.
    """
    account = get_account_by_id(con, gebruiker_id)
    if account is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    _require_may_manage(actor, account)
    now = now or _now()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=CONFIG.invite_valid_days)
    with _session(con) as connection:
        connection.execute(
            sa.update(account_uitnodiging)
            .where(account_uitnodiging.c.gebruiker_id == gebruiker_id)
            .where(account_uitnodiging.c.used_at.is_(None))
            .where(account_uitnodiging.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        connection.execute(
            sa.insert(account_uitnodiging).values(
                token_hash=_token_hash(token), gebruiker_id=gebruiker_id,
                created_by=actor.user_email or actor.role, created_at=now, expires_at=expires_at,
            )
        )
    _audit(con, actor, "account_uitgenodigd", account,
           "wachtwoord herstellen" if account.has_password else "eerste uitnodiging")
    return Invitation(gebruiker_id, account.email, token, expires_at)


def invitation_mail(account: Account, link: str, expires_at: datetime) -> tuple[str, str]:
    """Subject and body of the invitation e-mail (seed 002 §2: link valid 5 days)."""
    from kwhcore.periods import format_datum

    subject = "Uitnodiging voor Klantvizier"
    toegang = []
    if account.has_toegang_klantvizier:
        toegang.append("Klantvizier")
    if account.has_toegang_mijn_kwh:
        toegang.append("Mijn KWH")
    body = (
        f"Beste {account.naam},\n\n"
        f"Er staat een account voor u klaar voor {' en '.join(toegang) or 'Klantvizier'}"
        f"{' van ' + account.corporatie_naam if account.corporatie_naam else ''}.\n"
        f"Uw gebruikersnaam is: {account.username}\n\n"
        "Stel via deze link uw wachtwoord in:\n"
        f"{link}\n\n"
        f"De link kunt u één keer gebruiken, tot {format_datum(expires_at.date())} "
        f"{expires_at:%H:%M} uur. Daarna kan uw hoofdgebruiker u opnieuw uitnodigen.\n"
    )
    return subject, body


def invitation_account(
    con: duckdb.DuckDBPyConnection, token: str, *, now: datetime | None = None
) -> Account:
    """The account a still-valid invitation link belongs to; AccountError (Dutch) otherwise."""
    now = now or _now()
    with _session(con) as connection:
        row = connection.execute(
            sa.select(account_uitnodiging).where(
                account_uitnodiging.c.token_hash == _token_hash((token or "").strip())
            )
        ).first()
    if row is None or row.revoked_at is not None:
        raise AccountError(
            "Deze uitnodigingslink is niet (meer) geldig. Vraag uw hoofdgebruiker om een nieuwe."
        )
    if row.used_at is not None:
        raise AccountError("Deze uitnodigingslink is al gebruikt. Log in met uw wachtwoord.")
    if row.expires_at <= now:
        raise AccountError(
            "Deze uitnodigingslink is verlopen (een link is "
            f"{CONFIG.invite_valid_days} dagen geldig). Vraag uw hoofdgebruiker om een nieuwe."
        )
    account = get_account_by_id(con, row.gebruiker_id)
    if account is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    return account


def accept_invitation(
    con: duckdb.DuckDBPyConnection, token: str, password: str, repeat: str,
    *, now: datetime | None = None,
) -> Account:
    """Set the password from an invitation link; the link is used up and every earlier session
    of the account ends (a reset must lock out whoever knew the old password)."""
    now = now or _now()
    account = invitation_account(con, token, now=now)
    if problem := password_problem(password, repeat, account.username):
        raise AccountError(problem)
    with _session(con) as connection:
        connection.execute(
            sa.update(account_uitnodiging)
            .where(account_uitnodiging.c.token_hash == _token_hash(token.strip()))
            .values(used_at=now)
        )
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.gebruiker_id == account.gebruiker_id).values(
                password_hash=hash_password(password), password_set_at=now,
                failed_login_count=0, failed_window_started_at=None, locked_until=None,
                sessions_valid_from=now,
                session_generation=gebruiker.c.session_generation + 1,
            )
        )
    _audit(con, _self_scope(account), "wachtwoord_gewijzigd", account, "ingesteld via de uitnodigingslink")
    return account


def password_reset_mail(account: Account, link: str, expires_at: datetime) -> tuple[str, str]:
    """Subject and body of the self-service "Wachtwoord vergeten" e-mail (seed 002 §2)."""
    from kwhcore.periods import format_datum

    subject = "Nieuw wachtwoord voor Klantvizier"
    body = (
        f"Beste {account.naam},\n\n"
        "U (of iemand anders) heeft een nieuw wachtwoord aangevraagd voor uw account bij "
        f"Klantvizier. Uw gebruikersnaam is: {account.username}\n\n"
        "Stel via deze link een nieuw wachtwoord in:\n"
        f"{link}\n\n"
        f"De link kunt u één keer gebruiken, tot {format_datum(expires_at.date())} "
        f"{expires_at:%H:%M} uur. Heeft u niets aangevraagd? Dan kunt u deze e-mail negeren; "
        "uw huidige wachtwoord blijft gewoon werken.\n"
    )
    return subject, body


# --- passwords, lockout, sessions -------------------------------------------------------------

def change_password(
    con: duckdb.DuckDBPyConnection, username: str, current: str, new: str, repeat: str,
    *, now: datetime | None = None,
) -> datetime:
    """Change one's own password; every other session of the account ends (issue 3).

    Returns the new ``sessions_valid_from``: the caller's own session continues from that moment.
    """
    now = now or _now()
    with _session(con) as connection:
        row = connection.execute(
            sa.select(gebruiker.c.password_hash).where(gebruiker.c.username == username.lower())
        ).first()
    if row is None:
        raise UnknownAccount("Dit account bestaat niet (meer).")
    if not check_password(current, row.password_hash):
        raise AccountError("Uw huidige wachtwoord klopt niet.")
    if problem := password_problem(new, repeat, username):
        raise AccountError(problem)
    if new == current:
        raise AccountError("Kies een ander wachtwoord dan uw huidige.")
    with _session(con) as connection:
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.username == username.lower()).values(
                password_hash=hash_password(new), password_set_at=now, sessions_valid_from=now,
                session_generation=gebruiker.c.session_generation + 1,
            )
        )
    if (account := get_account(con, username)) is not None:
        _audit(con, _self_scope(account), "wachtwoord_gewijzigd", account, "zelf gewijzigd")
    return now


def authenticate(
    con: duckdb.DuckDBPyConnection, username: str, password: str, *, now: datetime | None = None
) -> LoginOutcome:
    """One login attempt, alike for every name (issue 10): exactly one bcrypt check — against a
    dummy hash for a name without an account or password — then the lock, then the count.

    An unknown name is refused with the same outcome, after the same time, and is locked after
    the same number of failures as a real account, so neither reveals whether a name exists.
    """
    now = now or _now()
    login = (username or "").strip().lower()
    with _session(con) as connection:
        stored = connection.execute(
            sa.select(gebruiker.c.password_hash).where(gebruiker.c.username == login)
        ).scalar_one_or_none()
    dummy = _dummy_hash(BCRYPT_ROUNDS)
    correct = check_password(password or "", stored or dummy) and stored is not None
    if locked_until := lock_status(con, login, now=now):
        return LoginOutcome(None, locked_until)
    if correct:
        record_successful_login(con, login, now=now)
        return LoginOutcome(login)
    return LoginOutcome(None, record_failed_login(con, login, now=now).locked_until)


def lock_status(
    con: duckdb.DuckDBPyConnection, username: str, *, now: datetime | None = None
) -> datetime | None:
    """Until when logging in under this name is locked after too many wrong passwords, or None
    (an unknown name is locked just like an account)."""
    now = now or _now()
    login = (username or "").strip().lower()
    with _session(con) as connection:
        locked_until = connection.execute(
            sa.select(gebruiker.c.locked_until).where(gebruiker.c.username == login)
        ).scalar_one_or_none()
        if locked_until is None:
            locked_until = connection.execute(
                sa.select(login_poging.c.locked_until).where(login_poging.c.username == login)
            ).scalar_one_or_none()
    return locked_until if locked_until and locked_until > now else None


def _next_window(row: sa.Row | None, now: datetime) -> LoginCheck:
    """The failure window after one more failure: a lock at CONFIG.max_failed_logins failures
    within CONFIG.lockout_minutes, for CONFIG.lockout_minutes."""
    window = timedelta(minutes=CONFIG.lockout_minutes)
    if row is not None and row.locked_until and row.locked_until > now:
        return LoginCheck(row.failed_login_count, row.locked_until)
    started = row.failed_window_started_at if row is not None else None
    if started is None or now - started >= window:
        count = 1
    else:
        count = row.failed_login_count + 1
    return LoginCheck(count, now + window if count >= CONFIG.max_failed_logins else None)


def _record_failed_unknown(connection: sa.Connection, login: str, now: datetime) -> LoginCheck:
    window = timedelta(minutes=CONFIG.lockout_minutes)
    connection.execute(
        sa.delete(login_poging).where(
            sa.and_(
                sa.or_(login_poging.c.locked_until.is_(None), login_poging.c.locked_until <= now),
                sa.or_(login_poging.c.failed_window_started_at.is_(None),
                       login_poging.c.failed_window_started_at <= now - window),
            )
        )
    )
    row = connection.execute(sa.select(login_poging).where(login_poging.c.username == login)).first()
    check = _next_window(row, now)
    if row is not None and row.locked_until and row.locked_until > now:
        return check
    values = {
        "failed_login_count": 0 if check.locked_until else check.failures_in_window,
        "failed_window_started_at": None if check.locked_until else (
            now if check.failures_in_window == 1 else row.failed_window_started_at),
        "locked_until": check.locked_until,
    }
    if row is None:
        connection.execute(sa.insert(login_poging).values(username=login, **values))
    else:
        connection.execute(sa.update(login_poging).where(login_poging.c.username == login).values(**values))
    return check


def record_failed_login(
    con: duckdb.DuckDBPyConnection, username: str, *, now: datetime | None = None
) -> LoginCheck:
    """Count a wrong password in the name's window; the CONFIG.max_failed_logins-th failure
    within CONFIG.lockout_minutes locks it for CONFIG.lockout_minutes. A name that is no
    account is counted the same way, in ``login_poging``."""
    now = now or _now()
    login = (username or "").strip().lower()
    with _session(con) as connection:
        row = connection.execute(
            sa.select(
                gebruiker.c.failed_login_count, gebruiker.c.failed_window_started_at,
                gebruiker.c.locked_until,
            ).where(gebruiker.c.username == login)
        ).first()
        if row is None:
            return _record_failed_unknown(connection, login, now)
        check = _next_window(row, now)
        if row.locked_until and row.locked_until > now:
            return check
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.username == login).values(
                failed_login_count=0 if check.locked_until else check.failures_in_window,
                failed_window_started_at=None if check.locked_until else (
                    now if check.failures_in_window == 1 else row.failed_window_started_at),
                locked_until=check.locked_until,
            )
        )
    return check


def record_successful_login(
    con: duckdb.DuckDBPyConnection, username: str, *, now: datetime | None = None
) -> None:
    """A correct password clears the failure window."""
    with _session(con) as connection:
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.username == username.strip().lower()).values(
                failed_login_count=0, failed_window_started_at=None, locked_until=None,
                last_login_at=now or _now(),
            )
        )


def revoke_sessions(
    con: duckdb.DuckDBPyConnection, username: str, *, now: datetime | None = None
) -> datetime:
    """End every session of the account, in every browser (logout; issue 3)."""
    now = now or _now()
    with _session(con) as connection:
        connection.execute(
            sa.update(gebruiker).where(gebruiker.c.username == username.strip().lower()).values(
                sessions_valid_from=now, session_generation=gebruiker.c.session_generation + 1,
            )
        )
    return now


def session_is_valid(
    con: duckdb.DuckDBPyConnection, username: str, session_started_at: datetime
) -> bool:
    """Whether a session that began at ``session_started_at`` may continue: the account still
    exists, can log in, and its sessions were not revoked after that moment."""
    with _session(con) as connection:
        row = connection.execute(
            sa.select(gebruiker.c.password_hash, gebruiker.c.sessions_valid_from).where(
                gebruiker.c.username == (username or "").strip().lower()
            )
        ).first()
    if row is None or row.password_hash is None:
        return False
    return row.sessions_valid_from is None or session_started_at >= row.sessions_valid_from


# --- demo -------------------------------------------------------------------------------------

def create_demo_accounts(
    con: duckdb.DuckDBPyConnection, corporatie_id: int, aannemer_namen: tuple[str, ...]
) -> list[Account]:
    """The five demo accounts of the sample warehouse, all with password ``demo`` (README).

    Only the sample generator calls this — never ``init`` — so a real warehouse holds no account
    with a known password. ``aannemer_namen`` are the spellings of demo-aannemer's own name.
    """
    systeem = Scope.system()
    specs = (
        ("demo-beheerder", "beheerder", "Demo Beheerder", True, True),
        ("demo-hoofdgebruiker", "hoofdgebruiker", "Demo Hoofdgebruiker", True, True),
        ("demo-gebruiker", "gebruiker", "Demo Gebruiker", True, False),
        ("demo-steward", "gebruiker", "Demo Datasteward", False, True),
        ("demo-aannemer", "aannemer", "Demo Aannemer", True, False),
    )
    created = []
    for username, rol, naam, klantvizier, mijn_kwh in specs:
        existing = get_account(con, username)
        if existing is not None:
            created.append(existing)
            continue
        account = add_account(
            con, systeem, email=f"{username}@voorbeeld.nl", username=username, rol=rol,
            corporatie_id=corporatie_id, naam=naam, toegang_klantvizier=klantvizier,
            toegang_mijn_kwh=mijn_kwh, herinnering_aanleveren=mijn_kwh,
            validatieverslag=mijn_kwh,
            eigen_aannemers=aannemer_namen if rol == "aannemer" else (), is_demo=True,
        )
        with _session(con) as connection:
            connection.execute(
                sa.update(gebruiker).where(gebruiker.c.gebruiker_id == account.gebruiker_id).values(
                    password_hash=hash_password(DEMO_PASSWORD), password_set_at=_now()
                )
            )
        created.append(account)
    return created
