"""Corporations: registration and the peer-group attributes used for comparisons (§4.7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

# domain.md glossary / seed 002 phone-quota table: size classes by number of VHE.
GROOTTEKLASSEN = ("≤ 2.500", "2.501–5.000", "5.001–10.000", "10.001–20.000", "> 20.000")
_GRENZEN = (2500, 5000, 10000, 20000)

STEDELIJKHEID_LABELS = {
    1: "zeer sterk stedelijk",
    2: "sterk stedelijk",
    3: "matig stedelijk",
    4: "weinig stedelijk",
    5: "niet stedelijk",
}

REGIOS = (
    "Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)


class CorporatieError(ValueError):
    pass


def grootteklasse(vhe_count: int) -> str:
    for grens, label in zip(_GRENZEN, GROOTTEKLASSEN[:-1], strict=True):
        if vhe_count <= grens:
            return label
    return GROOTTEKLASSEN[-1]


@dataclass(frozen=True)
class Corporatie:
    corporatie_id: int
    naam: str
    vhe_count: int
    regio: str
    stedelijkheid: int

    @property
    def grootteklasse(self) -> str:
        return grootteklasse(self.vhe_count)


# The largest Dutch corporations own ~80.000 VHE; a bigger number is a typing error (and past
# 2^31 the database refuses it with an English error).
MAX_VHE = 1_000_000
MAX_NAAM = 200


def add_corporatie(
    con: duckdb.DuckDBPyConnection, naam: str, vhe: int, regio: str, stedelijkheid: int
) -> Corporatie:
    naam = (naam or "").strip()
    if not naam:
        raise CorporatieError("Geef de naam van de corporatie op.")
    if len(naam) > MAX_NAAM or len((regio or "").strip()) > MAX_NAAM:
        raise CorporatieError(f"Een naam of regio mag hoogstens {MAX_NAAM} tekens lang zijn.")
    if not naam.isprintable():
        raise CorporatieError("De naam bevat een onzichtbaar stuurteken (zoals een tab of regeleinde); verwijder het.")
    if vhe <= 0:
        raise CorporatieError("Het aantal VHE moet groter dan 0 zijn.")
    if vhe > MAX_VHE:
        raise CorporatieError(f"Het aantal VHE kan niet groter zijn dan {MAX_VHE:,}; controleer het getal.".replace(",", "."))
    if not 1 <= stedelijkheid <= 5:
        raise CorporatieError("Stedelijkheid loopt van 1 (zeer sterk stedelijk) tot 5 (niet stedelijk).")
    if not (regio or "").strip():
        raise CorporatieError("Geef de regio van de corporatie op.")
    if con.execute("SELECT 1 FROM corporatie WHERE lower(naam) = lower(?)", [naam]).fetchone():
        raise CorporatieError(f"Er bestaat al een corporatie met de naam '{naam}'.")
    row = con.execute(
        "INSERT INTO corporatie (naam, vhe_count, regio, stedelijkheid, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING corporatie_id",
        [naam, vhe, regio.strip(), stedelijkheid, datetime.now()],
    ).fetchone()
    con.execute(
        "INSERT INTO onderzoek_instelling (corporatie_id, vragenlijst_code) "
        "SELECT ?, vragenlijst_code FROM vragenlijst",
        [row[0]],
    )
    return Corporatie(row[0], naam, vhe, regio.strip(), stedelijkheid)


def list_corporaties(con: duckdb.DuckDBPyConnection) -> list[Corporatie]:
    rows = con.execute(
        "SELECT corporatie_id, naam, vhe_count, regio, stedelijkheid FROM corporatie ORDER BY naam"
    ).fetchall()
    return [Corporatie(*row) for row in rows]


def find_corporatie(con: duckdb.DuckDBPyConnection, naam: str) -> Corporatie | None:
    row = con.execute(
        "SELECT corporatie_id, naam, vhe_count, regio, stedelijkheid FROM corporatie "
        "WHERE lower(naam) = lower(?)",
        [naam.strip()],
    ).fetchone()
    return Corporatie(*row) if row else None


def get_corporatie(con: duckdb.DuckDBPyConnection, corporatie_id: int) -> Corporatie:
    row = con.execute(
        "SELECT corporatie_id, naam, vhe_count, regio, stedelijkheid FROM corporatie "
        "WHERE corporatie_id = ?",
        [corporatie_id],
    ).fetchone()
    if row is None:
        raise CorporatieError(f"Onbekende corporatie {corporatie_id}.")
    return Corporatie(*row)
