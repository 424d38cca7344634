"""The query layer of the two external judgements: Aedes-benchmark and KWH-Kwaliteitslabel.

Every function takes the Scope first and enforces it: both judgements concern a corporation as a
whole, so they are for the corporation's own users and the platform beheerder — a contractor
account gets AccessDenied (domain.md §10). Freezing is for the beheerder (or the CLI run by an
operator) only. The rules themselves live in ``kwhcore.aedes``, ``kwhcore.kwaliteitslabel`` and
``kwhcore.prognose``; this module only reads the warehouse and stores the freeze.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from kwhcore import aedes
from kwhcore import config as settings
from kwhcore.access import AccessDenied, Scope
from kwhcore.config import CONFIG, Config
from kwhcore.kwaliteitslabel import (
    ALGEMENE_WAARDERING,
    LABEL_ONDERDELEN,
    JaarOordeel,
    OnderdeelJaar,
    beoordeel_jaar,
)
from kwhcore.prognose import Steekproef
from warehouse.stores import audit

AEDES_VRAGENLIJSTEN = tuple(d.vragenlijst for d in aedes.DEELSCORES)


def _require(scope: Scope, corporatie_id: int) -> None:
    if scope.is_aannemer:
        raise AccessDenied("Het Aedes-oordeel en het Kwaliteitslabel zijn alleen voor de corporatie zelf.")
    scope.require_corporatie(corporatie_id)


def _placeholders(values: tuple[str, ...]) -> str:
    return ", ".join("?" * len(values))


# --- Aedes-benchmark ----------------------------------------------------------------------------

def aedes_steekproef(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
    config: Config = CONFIG,
) -> dict[str, Steekproef]:
    """Per deelscore: grades on the aedes question in the benchmark window, their mean and spread,
    and the tenants approached in the window (the population of the margin of error)."""
    _require(scope, corporatie_id)
    start, eind = aedes.venster(jaar, config)
    grades = con.execute(
        "SELECT c.vragenlijst_code, count(*), avg(c.cijfer), stddev_samp(c.cijfer) "
        "FROM fct_cijfer c JOIN vraag v ON v.vraag_code = c.vraag_code "
        "WHERE c.corporatie_id = ? AND v.is_aedes AND c.completed_date BETWEEN ? AND ? "
        f"AND c.vragenlijst_code IN ({_placeholders(AEDES_VRAGENLIJSTEN)}) "
        "GROUP BY c.vragenlijst_code",
        [corporatie_id, start, eind, *AEDES_VRAGENLIJSTEN],
    ).fetchall()
    populatie = dict(con.execute(
        "SELECT vragenlijst_code, count(*) FROM uitnodiging WHERE corporatie_id = ? "
        "AND invited_date BETWEEN ? AND ? GROUP BY vragenlijst_code",
        [corporatie_id, start, eind],
    ).fetchall())
    by_vragenlijst = {d.vragenlijst: d.code for d in aedes.DEELSCORES}
    return {
        by_vragenlijst[code]: Steekproef(n, mean, sd, populatie.get(code) or None)
        for code, n, mean, sd in grades
    }


def aedes_live(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
    config: Config = CONFIG,
) -> aedes.AedesResultaat:
    """The benchmark year computed from the warehouse as it is now (minimum-N applied)."""
    steekproef = aedes_steekproef(con, scope, corporatie_id, jaar, config)
    return aedes.resultaat(jaar, {k: (s.n, s.gemiddelde) for k, s in steekproef.items()}, config)


def aedes_bevroren(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
) -> aedes.AedesResultaat | None:
    """The stored result of a frozen benchmark year, exactly as frozen; None when not frozen."""
    _require(scope, corporatie_id)
    top = con.execute(
        "SELECT venster_start_date, venster_eind_date, gewogen_score, letter, frozen_by, frozen_at "
        "FROM aedes_bevriezing_prestatieveld WHERE corporatie_id = ? AND benchmark_jaar = ?",
        [corporatie_id, jaar],
    ).fetchone()
    if top is None:
        return None
    rows = {
        code: (n, mean, letter)
        for code, n, mean, letter in con.execute(
            "SELECT deelscore, n_respondenten, gemiddelde, letter FROM aedes_bevriezing "
            "WHERE corporatie_id = ? AND benchmark_jaar = ?",
            [corporatie_id, jaar],
        ).fetchall()
    }
    deel = []
    for d in aedes.DEELSCORES:
        n, mean, letter = rows.get(d.code, (0, None, None))
        deel.append(aedes.DeelscoreResultaat(d, n, mean, letter, onderdrukt=mean is None and n > 0))
    start, eind, score, letter, by, at = top
    return aedes.AedesResultaat(jaar, start, eind, tuple(deel), score, letter, True, by, at)


def bevroren_jaren(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[int]:
    """Frozen benchmark years of the corporation, newest first (earlier years stay viewable)."""
    _require(scope, corporatie_id)
    rows = con.execute(
        "SELECT benchmark_jaar FROM aedes_bevriezing_prestatieveld WHERE corporatie_id = ? "
        "ORDER BY benchmark_jaar DESC",
        [corporatie_id],
    ).fetchall()
    return [row[0] for row in rows]


def aedes_tegel(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vandaag: date | None = None,
    config: Config = CONFIG,
) -> aedes.AedesResultaat:
    """What the Aedes tile shows today: the tile's year, frozen when it was frozen, else live."""
    jaar = aedes.tegeljaar(vandaag or settings.CONFIG.today())
    frozen = aedes_bevroren(con, scope, corporatie_id, jaar)
    return frozen if frozen is not None else aedes_live(con, scope, corporatie_id, jaar, config)


@dataclass(frozen=True)
class BevriesVerslag:
    """What the freeze did for one corporation."""

    corporatie_id: int
    corporatie: str
    resultaat: aedes.AedesResultaat | None
    status: str  # 'bevroren' | 'al_bevroren' | 'geen_resultaten'


def bevries(
    con: duckdb.DuckDBPyConnection,
    scope: Scope,
    jaar: int,
    door: str,
    corporatie_ids: list[int] | None = None,
    vandaag: date | None = None,
    config: Config = CONFIG,
) -> list[BevriesVerslag]:
    """Store benchmark year ``jaar`` once per corporation; a year already frozen is left as it is.

    Seed 002 §6: "Eind augustus verzamelen we de resultaten … en 'bevriezen' we de tegel: de
    resultaten veranderen dan niet meer." Only after the window's end; corporations without a
    single response in the window have nothing to freeze. All in one transaction.
    """
    if scope.role not in ("beheerder", "systeem"):
        raise AccessDenied("Alleen de beheerder van het platform kan een benchmarkjaar bevriezen.")
    vandaag = vandaag or settings.CONFIG.today()
    if not aedes.kan_bevriezen(jaar, vandaag, config):
        raise ValueError(
            f"Benchmarkjaar {jaar} loopt nog; bevriezen kan vanaf "
            f"{aedes.vroegste_bevriesdatum(jaar, config).strftime('%d-%m-%Y')}."
        )
    corporaties = con.execute("SELECT corporatie_id, naam FROM corporatie ORDER BY naam").fetchall()
    if corporatie_ids is not None:
        corporaties = [c for c in corporaties if c[0] in set(corporatie_ids)]
    now = datetime.now()
    verslagen = []
    con.execute("BEGIN TRANSACTION")
    try:
        for corporatie_id, naam in corporaties:
            if aedes_bevroren(con, scope, corporatie_id, jaar) is not None:
                verslagen.append(BevriesVerslag(
                    corporatie_id, naam, aedes_bevroren(con, scope, corporatie_id, jaar), "al_bevroren"))
                continue
            live = aedes_live(con, scope, corporatie_id, jaar, config)
            if all(d.n == 0 for d in live.deelscores):
                verslagen.append(BevriesVerslag(corporatie_id, naam, None, "geen_resultaten"))
                continue
            con.executemany(
                "INSERT INTO aedes_bevriezing VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [[corporatie_id, jaar, d.deelscore.code, d.n, d.gemiddelde, d.letter, door, now]
                 for d in live.deelscores],
            )
            con.execute(
                "INSERT INTO aedes_bevriezing_prestatieveld VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [corporatie_id, jaar, live.venster_start, live.venster_eind, live.gewogen_score,
                 live.letter, door, now],
            )
            audit.record(con, scope, "aedes_bevroren", corporatie_id=corporatie_id, onderwerp=f"benchmarkjaar {jaar}",
                         toelichting=f"door {door}; letter {live.letter or '–'}", at=now)
            verslagen.append(BevriesVerslag(
                corporatie_id, naam, aedes_bevroren(con, scope, corporatie_id, jaar), "bevroren"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return verslagen


# --- KWH-Kwaliteitslabel ------------------------------------------------------------------------

def label_onderdelen(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
) -> tuple[dict[str, OnderdeelJaar], bool]:
    """Per vragenlijst the year's n, onderdeelscore, % tevreden and quarters with research, and
    whether Algemene waardering was put to tenants (invitations or responses) this year."""
    _require(scope, corporatie_id)
    totals = con.execute(
        "SELECT vragenlijst_code, n_respondenten, som_gemiddelde, n_tevreden, n_ingevuld "
        "FROM mart_onderdeel_per_periode WHERE corporatie_id = ? AND periode_type = 'jaar' "
        "AND periode = ? AND slice_dim = 'totaal'",
        [corporatie_id, str(jaar)],
    ).fetchall()
    quarters = [f"{jaar}-Q{q}" for q in range(1, 5)]
    covered = con.execute(
        "SELECT vragenlijst_code, periode FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND periode_type = 'kwartaal' AND slice_dim = 'totaal' AND n_ingevuld > 0 "
        "AND periode IN (?, ?, ?, ?) "
        "UNION SELECT vragenlijst_code, periode FROM mart_respons_per_periode WHERE corporatie_id = ? "
        "AND periode_type = 'kwartaal' AND slice_dim = 'totaal' AND n_benaderd > 0 "
        "AND periode IN (?, ?, ?, ?)",
        [corporatie_id, *quarters, corporatie_id, *quarters],
    ).fetchall()
    kwartalen: dict[str, set[int]] = {}
    for code, periode in covered:
        kwartalen.setdefault(code, set()).add(int(periode[-1]))
    result = {}
    ingevuld = {}
    for code, n, som, n_tevreden, n_ingevuld in totals:
        ingevuld[code] = n_ingevuld
        result[code] = OnderdeelJaar(
            code, n,
            som / n if n else None,
            100 * n_tevreden / n if n else None,
            frozenset(kwartalen.get(code, ())),
        )
    for code in LABEL_ONDERDELEN:
        if code not in result and code in kwartalen:
            result[code] = OnderdeelJaar(code, 0, None, None, frozenset(kwartalen[code]))
    aw_voorgelegd = ingevuld.get(ALGEMENE_WAARDERING, 0) > 0 or ALGEMENE_WAARDERING in kwartalen
    return result, aw_voorgelegd


def lid_sinds(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> date | None:
    _require(scope, corporatie_id)
    row = con.execute(
        "SELECT lid_sinds_date FROM corporatie WHERE corporatie_id = ?", [corporatie_id]
    ).fetchone()
    return row[0] if row else None


def label_jaren(con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int) -> list[int]:
    """Research years with any results or invitations, oldest first."""
    _require(scope, corporatie_id)
    rows = con.execute(
        "SELECT periode FROM mart_onderdeel_per_periode WHERE corporatie_id = ? "
        "AND periode_type = 'jaar' AND slice_dim = 'totaal' "
        "UNION SELECT periode FROM mart_respons_per_periode WHERE corporatie_id = ? "
        "AND periode_type = 'jaar' AND slice_dim = 'totaal'",
        [corporatie_id, corporatie_id],
    ).fetchall()
    return sorted(int(row[0]) for row in rows)


def label_oordeel(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
    config: Config = CONFIG,
) -> JaarOordeel:
    """The judgement of one research year (domain.md §8.2)."""
    onderdelen, aw = label_onderdelen(con, scope, corporatie_id, jaar)
    return beoordeel_jaar(jaar, onderdelen, aw, lid_sinds(con, scope, corporatie_id), config)


def label_oordelen(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, vandaag: date | None = None,
    config: Config = CONFIG,
) -> list[JaarOordeel]:
    """Judgements of every completed research year (the running year is a forecast, not a verdict)."""
    lopend = (vandaag or settings.CONFIG.today()).year
    return [
        label_oordeel(con, scope, corporatie_id, jaar, config)
        for jaar in label_jaren(con, scope, corporatie_id)
        if jaar < lopend
    ]


def label_spreiding(
    con: duckdb.DuckDBPyConnection, scope: Scope, corporatie_id: int, jaar: int,
) -> dict[str, Steekproef]:
    """Spread of the respondent means and tenants approached per label onderdeel (for margins)."""
    _require(scope, corporatie_id)
    spread = con.execute(
        "SELECT vragenlijst_code, count(respondent_gemiddelde), avg(respondent_gemiddelde), "
        "stddev_samp(respondent_gemiddelde) FROM fct_respondent WHERE corporatie_id = ? AND jaar = ? "
        "GROUP BY vragenlijst_code",
        [corporatie_id, str(jaar)],
    ).fetchall()
    populatie = dict(con.execute(
        "SELECT vragenlijst_code, n_benaderd FROM mart_respons_per_periode WHERE corporatie_id = ? "
        "AND periode_type = 'jaar' AND periode = ? AND slice_dim = 'totaal'",
        [corporatie_id, str(jaar)],
    ).fetchall())
    return {
        code: Steekproef(n, mean, sd, populatie.get(code) or None)
        for code, n, mean, sd in spread
    }
