"""Ontdubbeling: which uploaded tenants are invited, and why the others are not (domain.md §6.4).

Rules (seed 002 "Hoe vaak worden huurders benaderd voor het onderzoek?"), applied per address
(postcode + huisnummer + toevoeging) within one corporation, in this order:

0. ``dubbel_in_bestand`` — the same address more than once in one file (normal in Reparaties:
   several orders at one dwelling) is one tenant: the first row is kept, the others get no
   invitation of their own (domain.md §6.2: 'ontdubbeld', never refused for it).
1. ``blokkade`` — the address is blocked on the invitation date (§6.5); it always wins.
2. ``zelfde_vragenlijst_2_maanden`` — invited for the same vragenlijst less than 2 calendar
   months before the invitation date (invited 15 January → invitable again from 15 March).
3. ``algemene_waardering_2_per_jaar`` — Algemene waardering at most twice in 12 months.
4. ``automatisch_14_dagen`` — with automatic delivery no other invitation within 14 days after
   an invitation (any vragenlijst).
5. ``steekproef`` — Algemene waardering rows not drawn in the sample (kwhcore.steekproef).
6. ``ronde_voorrang`` — one Mijn KWH delivery round gives a tenant at most one questionnaire,
   except that Nieuwe huurders and Vertrokken huurders may both be received.

Priority within a round (rule 6), decided and documented here: the rarest event wins, because
it is the experience a tenant has least often and the one that is hardest to measure again:

    Nieuwe huurders = Vertrokken huurders  >  Groot onderhoud  >  Planmatig onderhoud
    >  Reparaties  >  Algemene waardering

A move happens once per tenancy (and NH/VH at one address are usually two different people, the
leaving and the arriving tenant — why seed 002 lets both through); groot onderhoud once in
decades, planmatig onderhoud every few years, a repair several times a year. Algemene waardering
is a random sample, so skipping one drawn address costs no information. History rules (2–4) go
before the round priority: a tenant excluded from Groot onderhoud by rule 2 can still receive the
Reparaties questionnaire of the same round.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kwhcore.blokkades import Blokkade, add_months
from kwhcore.vragenlijsten import naam_van

AddressKey = tuple[str, str, str]

PRIORITEIT: dict[str, int] = {
    "nieuwe_huurders": 1,
    "vertrokken_huurders": 1,
    "groot_onderhoud": 2,
    "planmatig_onderhoud": 3,
    "reparaties": 4,
    "algemene_waardering": 5,
}
# seed 002: these two may both be received in one round.
SAMEN_TOEGESTAAN = frozenset({"nieuwe_huurders", "vertrokken_huurders"})

ZELFDE_VRAGENLIJST_MAANDEN = 2
ALGEMENE_WAARDERING_MAX_PER_JAAR = 2
AUTOMATISCH_RUST_DAGEN = 14

REGEL_LABELS = {
    "dubbel_in_bestand": "Staat vaker in hetzelfde bestand",
    "blokkade": "Geblokkeerd adres",
    "zelfde_vragenlijst_2_maanden": "Binnen 2 maanden al uitgenodigd voor dezelfde vragenlijst",
    "algemene_waardering_2_per_jaar": "Algemene waardering al 2 keer in 12 maanden",
    "automatisch_14_dagen": "Binnen 14 dagen al uitgenodigd (automatisch aanleveren)",
    "steekproef": "Niet getrokken in de steekproef",
    "ronde_voorrang": "In dezelfde ronde al uitgenodigd voor een andere vragenlijst",
}


@dataclass(frozen=True)
class Kandidaat:
    """One approved upload row that may become an invitation."""

    aanlevering_id: int
    rij: int
    vragenlijst_code: str
    address: AddressKey

    @property
    def uitnodiging_id(self) -> str:
        return f"A{self.aanlevering_id}-{self.rij}"


@dataclass(frozen=True)
class EerdereUitnodiging:
    uitnodiging_id: str
    vragenlijst_code: str
    address: AddressKey
    invited_date: date


@dataclass(frozen=True)
class Uitsluiting:
    kandidaat: Kandidaat
    regel: str
    toelichting: str
    eerdere_uitnodiging_id: str | None = None
    blokkade_id: int | None = None


def _history_exclusion(
    kandidaat: Kandidaat,
    eerdere: Sequence[EerdereUitnodiging],
    blokkade: Blokkade | None,
    invite_date: date,
    automatisch: bool,
) -> Uitsluiting | None:
    if blokkade is not None:
        return Uitsluiting(
            kandidaat, "blokkade",
            f"Adres geblokkeerd ({blokkade.reden_label.lower()}) tot {blokkade.ends_on.isoformat()}.",
            blokkade_id=blokkade.blokkade_id,
        )
    before = sorted((e for e in eerdere if e.invited_date < invite_date), key=lambda e: e.invited_date, reverse=True)
    for earlier in before:
        if (
            earlier.vragenlijst_code == kandidaat.vragenlijst_code
            and invite_date < add_months(earlier.invited_date, ZELFDE_VRAGENLIJST_MAANDEN)
        ):
            return Uitsluiting(
                kandidaat, "zelfde_vragenlijst_2_maanden",
                f"Op {earlier.invited_date.isoformat()} al uitgenodigd voor {naam_van(earlier.vragenlijst_code)}.",
                earlier.uitnodiging_id,
            )
    if kandidaat.vragenlijst_code == "algemene_waardering":
        year_ago = add_months(invite_date, -12)
        recent = [e for e in before if e.vragenlijst_code == "algemene_waardering" and e.invited_date > year_ago]
        if len(recent) >= ALGEMENE_WAARDERING_MAX_PER_JAAR:
            return Uitsluiting(
                kandidaat, "algemene_waardering_2_per_jaar",
                f"In de 12 maanden hiervoor al {len(recent)} keer uitgenodigd voor Algemene waardering "
                f"(laatst op {recent[0].invited_date.isoformat()}).",
                recent[0].uitnodiging_id,
            )
    if automatisch:
        for earlier in before:
            if invite_date < earlier.invited_date + timedelta(days=AUTOMATISCH_RUST_DAGEN):
                return Uitsluiting(
                    kandidaat, "automatisch_14_dagen",
                    f"Op {earlier.invited_date.isoformat()} al uitgenodigd voor "
                    f"{naam_van(earlier.vragenlijst_code)}; 14 dagen geen nieuwe uitnodiging.",
                    earlier.uitnodiging_id,
                )
    return None


def within_file(kandidaten: Sequence[Kandidaat]) -> tuple[list[Kandidaat], list[Uitsluiting]]:
    """Rule 0: one candidate per address per file, the first row; the rest explained."""
    first: dict[tuple[int, AddressKey], Kandidaat] = {}
    kept: list[Kandidaat] = []
    excluded: list[Uitsluiting] = []
    for kandidaat in sorted(kandidaten, key=lambda k: (k.aanlevering_id, k.rij)):
        earlier = first.setdefault((kandidaat.aanlevering_id, kandidaat.address), kandidaat)
        if earlier is kandidaat:
            kept.append(kandidaat)
        else:
            excluded.append(Uitsluiting(
                kandidaat, "dubbel_in_bestand",
                f"Zelfde adres als rij {earlier.rij} van dit bestand; de huurder krijgt één uitnodiging.",
                earlier.uitnodiging_id,
            ))
    return kept, excluded


def round_priority(kandidaten: Sequence[Kandidaat]) -> list[Uitsluiting]:
    """Within one round: keep the highest-priority vragenlijst per address (NH and VH together)."""
    by_address: dict[AddressKey, list[Kandidaat]] = defaultdict(list)
    for kandidaat in kandidaten:
        by_address[kandidaat.address].append(kandidaat)
    excluded = []
    for group in by_address.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda k: (PRIORITEIT[k.vragenlijst_code], k.vragenlijst_code, k.aanlevering_id))
        winner = group[0]
        kept = [winner]
        for other in group[1:]:
            if (
                winner.vragenlijst_code in SAMEN_TOEGESTAAN
                and other.vragenlijst_code in SAMEN_TOEGESTAAN
                and all(k.vragenlijst_code != other.vragenlijst_code for k in kept)
            ):
                kept.append(other)
                continue
            excluded.append(
                Uitsluiting(
                    other, "ronde_voorrang",
                    f"Deze huurder staat in deze ronde ook in het bestand {naam_van(winner.vragenlijst_code)}, "
                    "dat voorrang heeft; een huurder krijgt per ronde één vragenlijst.",
                    winner.uitnodiging_id,
                )
            )
    return excluded


def ontdubbel(
    kandidaten: Sequence[Kandidaat],
    eerdere: Sequence[EerdereUitnodiging],
    blokkades: Mapping[AddressKey, Blokkade],
    invite_date: date,
    *,
    automatisch: bool = False,
    steekproef: Callable[[Sequence[Kandidaat]], set[Kandidaat]] | None = None,
) -> tuple[list[Kandidaat], list[Uitsluiting]]:
    """Split a round's candidates into invitations and explained exclusions (rules 0–6 above).

    ``steekproef`` draws the Algemene waardering sample from the AW candidates that passed the
    history rules; without it every AW candidate stays in.
    """
    eerdere_by_address: dict[AddressKey, list[EerdereUitnodiging]] = defaultdict(list)
    for earlier in eerdere:
        eerdere_by_address[earlier.address].append(earlier)
    survivors: list[Kandidaat] = []
    unique, excluded = within_file(kandidaten)
    for kandidaat in unique:
        reason = _history_exclusion(
            kandidaat, eerdere_by_address.get(kandidaat.address, ()), blokkades.get(kandidaat.address),
            invite_date, automatisch,
        )
        if reason:
            excluded.append(reason)
        else:
            survivors.append(kandidaat)
    if steekproef is not None:
        pool = [k for k in survivors if k.vragenlijst_code == "algemene_waardering"]
        if pool:
            drawn = steekproef(pool)
            for kandidaat in pool:
                if kandidaat not in drawn:
                    excluded.append(Uitsluiting(kandidaat, "steekproef", "Niet getrokken in de steekproef voor Algemene waardering."))
            survivors = [k for k in survivors if k.vragenlijst_code != "algemene_waardering" or k in drawn]
    lost = round_priority(survivors)
    lost_keys = {u.kandidaat for u in lost}
    invited = [k for k in survivors if k not in lost_keys]
    return invited, excluded + lost
