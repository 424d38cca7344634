"""Small hand-built warehouses for the judgement and databank tests (never the real file).

Each helper inserts base rows the way an import would; ``refresh`` then builds the marts, so the
tests exercise the same path as the app.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

import duckdb

from kwhcore.vragenlijsten import load_library
from warehouse import db
from warehouse.refresh import refresh

_ids = itertools.count(1)


def warehouse() -> duckdb.DuckDBPyConnection:
    return db.connect(":memory:")


def corporatie(con: duckdb.DuckDBPyConnection, naam: str = "Woonstede", lid_sinds: date | None = None) -> int:
    return con.execute(
        "INSERT INTO corporatie (naam, vhe_count, regio, stedelijkheid, lid_sinds_date, created_at) "
        "VALUES (?, 4000, 'Utrecht', 2, ?, ?) RETURNING corporatie_id",
        [naam, lid_sinds, datetime(2020, 1, 1)],
    ).fetchone()[0]


def label_vragen(vragenlijst: str) -> list[str]:
    vl = next(v for v in load_library() if v.code == vragenlijst)
    return [q.code for q in vl.vragen if q.kwaliteitslabel]


def aedes_vraag(vragenlijst: str) -> str:
    vl = next(v for v in load_library() if v.code == vragenlijst)
    return vl.aedes_vraag.code


def respondent(
    con: duckdb.DuckDBPyConnection,
    corporatie_id: int,
    vragenlijst: str,
    datum: date,
    cijfer: int | None = 8,
    *,
    aedes_cijfer: int | None = None,
    anoniem: bool = True,
    aannemer: str | None = None,
    uitsplitsingen: tuple[str | None, ...] = (None, None, None, None),
    teksten: dict[str, str] | None = None,
    uitnodiging_id: str | None = None,
) -> str:
    """One completed questionnaire: ``cijfer`` on every kwaliteitslabel question (the aedes
    question gets ``aedes_cijfer`` when given), plus free-text answers in ``teksten``."""
    respondent_id = f"R{next(_ids):06d}"
    con.execute(
        "INSERT INTO respondent (respondent_id, corporatie_id, vragenlijst_code, completed_date, kanaal, "
        "is_anoniem, uitnodiging_id, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, uitsplitsing4, "
        "imported_at) VALUES (?, ?, ?, ?, 'online', ?, ?, ?, ?, ?, ?, ?, ?)",
        [respondent_id, corporatie_id, vragenlijst, datum, anoniem, uitnodiging_id, aannemer,
         *uitsplitsingen, datetime.now()],
    )
    rows = []
    if cijfer is not None:
        rows += [[respondent_id, code, cijfer, None] for code in label_vragen(vragenlijst)]
    if aedes_cijfer is not None:
        code = aedes_vraag(vragenlijst)
        rows = [r for r in rows if r[1] != code] + [[respondent_id, code, aedes_cijfer, None]]
    rows += [[respondent_id, code, None, text] for code, text in (teksten or {}).items()]
    if rows:
        con.executemany("INSERT INTO antwoord VALUES (?, ?, ?, ?)", rows)
    return respondent_id


def uitnodiging(
    con: duckdb.DuckDBPyConnection, corporatie_id: int, vragenlijst: str, datum: date,
    adres: dict[str, str] | None = None, aannemer: str | None = None,
) -> str:
    """An invitation; with ``adres`` also the uploaded tenant row it came from."""
    uitnodiging_id = f"U{next(_ids):06d}"
    aanlevering_id = rij = None
    if adres is not None:
        aanlevering_id = con.execute(
            "INSERT INTO aanlevering (corporatie_id, vragenlijst_code, ronde, bestandsnaam, status, "
            "uploaded_at) VALUES (?, ?, ?, 'huurders.xlsx', 'verwerkt', ?) RETURNING aanlevering_id",
            [corporatie_id, vragenlijst, f"{datum:%Y-%m}", datetime.now()],
        ).fetchone()[0]
        rij = 2
        con.execute(
            "INSERT INTO huurder_rij (aanlevering_id, rij_nummer, achternaam, straat, huisnummer, postcode, "
            "woonplaats, telefoon1, email, aannemer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [aanlevering_id, rij, adres.get("achternaam"), adres.get("straat"), adres.get("huisnummer"),
             adres.get("postcode"), adres.get("woonplaats"), adres.get("telefoon1"), adres.get("email"),
             aannemer],
        )
    con.execute(
        "INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, aanlevering_id, "
        "rij_nummer, aannemer, kanaal, invited_date) VALUES (?, ?, ?, ?, ?, ?, 'email', ?)",
        [uitnodiging_id, corporatie_id, vragenlijst, aanlevering_id, rij, aannemer, datum],
    )
    return uitnodiging_id


def build(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    refresh(con)
    return con
