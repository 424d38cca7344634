"""KWH-Kwaliteitslabel: the verdict per onderdeel, the outcome of a research year, the history.

domain.md §8.2, seed 002 §5 "Wat zijn de voorwaarden voor het behalen en behouden van het
KWH-Kwaliteitslabel?". Judged per corporation per research year (calendar year):

- Nieuwe huurders, Vertrokken huurders, Reparaties and Planmatig onderhoud each need an
  onderdeelscore of 7,0 or higher **and** 85% tevreden or more.
- Research at least every 3 months: every quarter of the year must hold research (invitations
  or responses). Onderhoud is the exception: one delivery in the year is enough; a year without
  any Onderhoud data goes to the CKV, which knows whether there was maintenance.
- A failing onderdeel with fewer than 50 respondents (Reparaties, Onderhoud) or 20 (Nieuwe and
  Vertrokken huurders) is "ter beoordeling CKV": the committee decides whether it counts.
- Algemene waardering must have been put to tenants at least once; its result never counts.
- Granted or extended for two years when the year passes; not granted / not extended when it
  fails; expired after two consecutive failing years. New members need a full year of results.

The thresholds are applied to the figures as the CKV reads them in the report — the score with
one decimal, the percentage whole (both rounded half up) — so a page never shows "7,0" beside
"voldoet niet".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from kwhcore.config import CONFIG, Config

Verdict = Literal["voldoet", "voldoet_niet", "ckv"]
Uitkomst = Literal[
    "toegekend", "verlengd", "niet_toegekend", "niet_verlengd", "verlopen", "ckv", "geen_oordeel"
]

LABEL_ONDERDELEN: tuple[str, ...] = (
    "nieuwe_huurders", "vertrokken_huurders", "reparaties", "planmatig_onderhoud",
)
ONDERHOUD = "planmatig_onderhoud"
ALGEMENE_WAARDERING = "algemene_waardering"
KWARTALEN = (1, 2, 3, 4)
# Validity of a granted or extended label, in research years after the judged one.
GELDIGHEID_JAREN = 2

VERDICT_TEKST: dict[str, str] = {
    "voldoet": "voldoet",
    "voldoet_niet": "voldoet niet",
    "ckv": "ter beoordeling CKV",
}
UITKOMST_TEKST: dict[str, str] = {
    "toegekend": "Kwaliteitslabel toegekend voor 2 jaar",
    "verlengd": "Kwaliteitslabel verlengd met 2 jaar",
    "niet_toegekend": "Kwaliteitslabel niet toegekend",
    "niet_verlengd": "Kwaliteitslabel niet verlengd",
    "verlopen": "Kwaliteitslabel verlopen (2 jaar op rij niet voldaan)",
    "ckv": "Ter beoordeling CKV",
    "geen_oordeel": "Geen oordeel",
}


def _half_up(value: float, places: str) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def ckv_min_n(vragenlijst: str, config: Config = CONFIG) -> int:
    """Below this many respondents a failing result goes to the CKV (50 Reparaties/Onderhoud, 20 NH/VH)."""
    if vragenlijst in ("reparaties", ONDERHOUD):
        return config.label_ckv_min_n_reparaties_onderhoud
    return config.label_ckv_min_n_huurders


@dataclass(frozen=True)
class OnderdeelJaar:
    """What the warehouse knows about one onderdeel of one corporation in one research year."""

    vragenlijst: str
    n: int
    onderdeelscore: float | None
    percentage_tevreden: float | None
    # Quarters (1–4) in which research was done: tenants invited or responses completed.
    kwartalen: frozenset[int] = frozenset()


@dataclass(frozen=True)
class OnderdeelOordeel:
    onderdeel: OnderdeelJaar
    verdict: Verdict
    redenen: tuple[str, ...]

    @property
    def tekst(self) -> str:
        return VERDICT_TEKST[self.verdict]


def haalt_normen(score: float | None, pct: float | None, config: Config = CONFIG) -> bool:
    """7,0 or higher and 85% tevreden or more, on the figures as published."""
    if score is None or pct is None:
        return False
    return (
        _half_up(score, "0.1") >= config.label_min_score
        and _half_up(pct, "1") >= config.label_min_pct_tevreden
    )


def ontbrekende_kwartalen(onderdeel: OnderdeelJaar, kwartalen: Iterable[int] = KWARTALEN) -> list[int]:
    return [q for q in kwartalen if q not in onderdeel.kwartalen]


def beoordeel_onderdeel(
    onderdeel: OnderdeelJaar,
    config: Config = CONFIG,
    kwartalen: Iterable[int] = KWARTALEN,
) -> OnderdeelOordeel:
    """The verdict on one onderdeel; ``kwartalen`` are the quarters that must hold research."""
    vereist = tuple(kwartalen)
    if onderdeel.vragenlijst == ONDERHOUD:
        if not onderdeel.kwartalen and onderdeel.n == 0:
            return OnderdeelOordeel(onderdeel, "ckv", (
                "Geen gegevens over Planmatig onderhoud: de CKV stelt vast of er dit jaar onderhoud was.",
            ))
        missing: list[int] = []
    else:
        missing = ontbrekende_kwartalen(onderdeel, vereist)
    if missing:
        namen = ", ".join(f"{q}e" for q in missing)
        return OnderdeelOordeel(onderdeel, "voldoet_niet", (
            f"Geen onderzoek in het {namen} kwartaal: er moet minimaal iedere 3 maanden onderzoek zijn.",
        ))
    if haalt_normen(onderdeel.onderdeelscore, onderdeel.percentage_tevreden, config):
        return OnderdeelOordeel(onderdeel, "voldoet", ())
    redenen = []
    if onderdeel.onderdeelscore is None or _half_up(onderdeel.onderdeelscore, "0.1") < config.label_min_score:
        redenen.append("Onderdeelscore lager dan 7,0.")
    if onderdeel.percentage_tevreden is None or _half_up(onderdeel.percentage_tevreden, "1") < config.label_min_pct_tevreden:
        redenen.append("Minder dan 85% tevreden huurders.")
    drempel = ckv_min_n(onderdeel.vragenlijst, config)
    if onderdeel.n < drempel:
        redenen.append(
            f"Minder dan {drempel} respondenten ({onderdeel.n}): de CKV bepaalt of dit resultaat meetelt."
        )
        return OnderdeelOordeel(onderdeel, "ckv", tuple(redenen))
    return OnderdeelOordeel(onderdeel, "voldoet_niet", tuple(redenen))


@dataclass(frozen=True)
class JaarOordeel:
    """The judgement of one research year, before the history decides granted/extended/expired."""

    jaar: int
    onderdelen: tuple[OnderdeelOordeel, ...]
    algemene_waardering_voorgelegd: bool
    volledig_jaar: bool = True
    redenen: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> Verdict | None:
        """None when the year cannot be judged (a new member without a full year of results)."""
        if not self.volledig_jaar:
            return None
        verdicts = {o.verdict for o in self.onderdelen}
        if "voldoet_niet" in verdicts or not self.algemene_waardering_voorgelegd:
            return "voldoet_niet"
        if "ckv" in verdicts:
            return "ckv"
        return "voldoet"


def beoordeel_jaar(
    jaar: int,
    onderdelen: Mapping[str, OnderdeelJaar],
    algemene_waardering_voorgelegd: bool,
    lid_sinds: date | None = None,
    config: Config = CONFIG,
    kwartalen: Iterable[int] = KWARTALEN,
) -> JaarOordeel:
    """Judge a research year. Algemene waardering is only checked for having been sent."""
    vereist = tuple(kwartalen)
    oordelen = tuple(
        beoordeel_onderdeel(onderdelen.get(code, OnderdeelJaar(code, 0, None, None)), config, vereist)
        for code in LABEL_ONDERDELEN
    )
    redenen = []
    if not algemene_waardering_voorgelegd:
        redenen.append("Algemene waardering is dit jaar niet aan huurders voorgelegd.")
    volledig = lid_sinds is None or lid_sinds <= date(jaar, 1, 1)
    if not volledig:
        redenen.append("Nieuw lid: de CKV beoordeelt pas na een volledig jaar met resultaten.")
    return JaarOordeel(jaar, oordelen, algemene_waardering_voorgelegd, volledig, tuple(redenen))


@dataclass(frozen=True)
class LabelStand:
    """The outcome of one research year in the label's history."""

    jaar: int
    uitkomst: Uitkomst
    geldig_tot_en_met: int | None  # last research year the label is valid for, None without label

    @property
    def tekst(self) -> str:
        return UITKOMST_TEKST[self.uitkomst]

    @property
    def heeft_label(self) -> bool:
        return self.geldig_tot_en_met is not None and self.geldig_tot_en_met > self.jaar


def geschiedenis(oordelen: Iterable[JaarOordeel]) -> list[LabelStand]:
    """Walk the years in order: grant/extend on a pass, expire after two consecutive failures.

    A year "ter beoordeling CKV" or without a judgement neither extends the label nor counts as
    a failure: the committee's decision is not in the warehouse.
    """
    standen: list[LabelStand] = []
    geldig_tot: int | None = None
    mislukt_op_rij = 0
    for oordeel in sorted(oordelen, key=lambda o: o.jaar):
        heeft_label = geldig_tot is not None and geldig_tot >= oordeel.jaar
        verdict = oordeel.verdict
        if verdict == "voldoet":
            uitkomst: Uitkomst = "verlengd" if heeft_label else "toegekend"
            geldig_tot = oordeel.jaar + GELDIGHEID_JAREN
            mislukt_op_rij = 0
        elif verdict == "voldoet_niet":
            mislukt_op_rij += 1
            if not heeft_label:
                uitkomst = "niet_toegekend"
                geldig_tot = None
            elif mislukt_op_rij >= 2:
                uitkomst = "verlopen"
                geldig_tot = None
            else:
                uitkomst = "niet_verlengd"
        elif verdict == "ckv":
            uitkomst = "ckv"
        else:
            uitkomst = "geen_oordeel"
        if geldig_tot is not None and geldig_tot < oordeel.jaar:
            geldig_tot = None
        standen.append(LabelStand(oordeel.jaar, uitkomst, geldig_tot))
    return standen
