"""The questionnaire library (vragenbibliotheek), read from the readable data file beside it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LIBRARY_PATH = Path(__file__).with_name("vragenbibliotheek.toml")

VRAAG_TYPES = ("rapportcijfer", "keuze", "meerkeuze", "ja_nee", "open")

# interfaces.md "Codes": the public vragenlijst codes, in the order the product shows them.
VRAGENLIJST_CODES = (
    "nieuwe_huurders",
    "vertrokken_huurders",
    "reparaties",
    "planmatig_onderhoud",
    "groot_onderhoud",
    "algemene_waardering",
)

# Steps that hold the ontevredenheid follow-up questions; not a klantreis step of their own.
ONTEVREDENHEID_STAP = "Ontevredenheid"


@dataclass(frozen=True)
class Vraag:
    code: str
    vragenlijst: str
    volgorde: int
    tekst: str
    type: str
    stap: str
    kwaliteitslabel: bool = False
    aedes: bool = False
    ontevredenheid: bool = False
    signaal: bool = False
    opties: tuple[str, ...] = ()

    @property
    def is_cijfervraag(self) -> bool:
        return self.type == "rapportcijfer"


@dataclass(frozen=True)
class Vragenlijst:
    code: str
    naam: str
    volgorde: int
    stappen: tuple[str, ...]
    vragen: tuple[Vraag, ...]

    @property
    def aedes_vraag(self) -> Vraag | None:
        return next((v for v in self.vragen if v.aedes), None)

    @property
    def eerste_vraag(self) -> Vraag:
        return self.vragen[0]

    def vragen_in_stap(self, stap: str) -> tuple[Vraag, ...]:
        return tuple(v for v in self.vragen if v.stap == stap)


@cache
def load_library(path: Path = LIBRARY_PATH) -> tuple[Vragenlijst, ...]:
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    result = []
    for index, entry in enumerate(raw["vragenlijst"], start=1):
        vragen = tuple(
            Vraag(
                code=q["code"],
                vragenlijst=entry["code"],
                volgorde=position,
                tekst=q["tekst"],
                type=q["type"],
                stap=q["stap"],
                kwaliteitslabel=q.get("kwaliteitslabel", False),
                aedes=q.get("aedes", False),
                ontevredenheid=q.get("ontevredenheid", False),
                signaal=q.get("signaal", False),
                opties=tuple(q.get("opties", ())),
            )
            for position, q in enumerate(entry["vraag"], start=1)
        )
        result.append(
            Vragenlijst(
                code=entry["code"],
                naam=entry["naam"],
                volgorde=index,
                stappen=tuple(entry["stappen"]),
                vragen=vragen,
            )
        )
    return tuple(result)


def vragenlijst(code: str) -> Vragenlijst:
    for item in load_library():
        if item.code == code:
            return item
    raise KeyError(code)


def vraag(code: str) -> Vraag:
    for item in load_library():
        for question in item.vragen:
            if question.code == code:
                return question
    raise KeyError(code)


def naam_van(code: str) -> str:
    return vragenlijst(code).naam


def fill_placeholders(tekst: str, corpnaam_of_aannemer: str, datum: str = "[datum]", type_: str = "[type]") -> str:
    """Fill the library placeholders the way the tenant saw them (seed 000 'Meer info')."""
    return (
        tekst.replace("{{corpnaam/aannemer}}", corpnaam_of_aannemer)
        .replace("{{datum}}", datum)
        .replace("{{type}}", type_)
    )
