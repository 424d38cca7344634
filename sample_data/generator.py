"""The deterministic sample warehouse behind the demo (and, at national scale, the bench).

Everything is generated inside DuckDB from a hash-based random stream (``hash(key, tag, seed)``)
so the same seed gives the same warehouse on every machine, and the national scale (≈300
corporations, 5 years, ≈3 million respondents) builds in minutes rather than hours.
Grades follow a simple model — corporation level + contractor effect + question effect +
respondent mood + noise — so that contractors, quarters and corporations really differ.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import duckdb

from kwhcore.config import CONFIG
from kwhcore.corporaties import REGIOS
from sample_data import texts
from warehouse import db
from warehouse.refresh import refresh

Progress = Callable[[float, str], None]

# Invitations per VHE per month, by vragenlijst (Algemene waardering: a spring and autumn
# sample, seed 002 "maximaal 2 keer per jaar").
INVITE_RATE = {
    "reparaties": 0.010,
    "nieuwe_huurders": 0.0035,
    "vertrokken_huurders": 0.003,
    "planmatig_onderhoud": 0.004,
    "groot_onderhoud": 0.0015,
    "algemene_waardering": 0.03,
}
AW_MONTHS = (3, 9)
VL_WITH_AANNEMER = ("reparaties", "planmatig_onderhoud", "groot_onderhoud")

SCALES = {
    # corporations, years of history, invitation multiplier
    "demo": (len(texts.DEMO_CORPORATIES), 3, 1.0),
    "national": (300, 5, 2.0),
}


class SampleError(Exception):
    pass


def build_sample(
    con: duckdb.DuckDBPyConnection,
    scale: str = "demo",
    seed: int = 42,
    progress: Progress | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Fill an empty warehouse; returns counts. Raises SampleError when it already holds data."""
    if scale not in SCALES:
        raise SampleError(f"Onbekende schaal '{scale}': kies demo of national.")
    if con.execute("SELECT count(*) FROM corporatie").fetchone()[0]:
        raise SampleError("Het warehouse bevat al corporaties; de voorbeelddata vraagt een leeg warehouse.")
    report = progress or (lambda fraction, text: None)
    today = today or CONFIG.today()
    n_corps, years, factor = SCALES[scale]
    start = date(today.year - years + 1, 1, 1)

    con.execute(f"CREATE OR REPLACE TEMP MACRO rnd(a, b) AS (hash(a, b, {int(seed)}) % 1000003) / 1000003.0")
    report(0.02, "Corporaties en aannemers")
    _corporations(con, scale, n_corps, seed)
    _aannemers(con)
    report(0.10, "Uitnodigingen")
    _invitations(con, start, today, factor)
    report(0.30, "Respondenten")
    _respondents(con, today)
    report(0.45, "Antwoorden")
    _answers(con)
    _cleanup(con)
    if scale == "demo":
        _demo_accounts(con)
    db.set_info(con, "sample_scale", scale)
    db.set_info(con, "sample_seed", str(seed))
    db.set_info(con, "sample_today", today.isoformat())

    def refresh_progress(fraction: float, text: str) -> None:
        report(0.6 + 0.4 * fraction, text)

    refresh(con, progress=refresh_progress)
    if scale == "demo":
        _freeze_past_benchmark_years(con, start, today)
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("corporatie", "uitnodiging", "respondent", "antwoord")
    }
    report(1.0, "Voorbeelddata klaar")
    return counts


def _corporations(con: duckdb.DuckDBPyConnection, scale: str, n_corps: int, seed: int) -> None:
    if scale == "demo":
        rows = [
            (i, naam, vhe, regio, sted, checkvraag)
            for i, (naam, vhe, regio, sted, checkvraag) in enumerate(texts.DEMO_CORPORATIES, start=1)
        ]
    else:
        rows = []
        sizes = (1200, 2300, 3800, 4700, 6500, 9000, 12000, 16000, 19000, 26000, 38000)
        for i in range(1, n_corps + 1):
            vhe = sizes[(i * 7) % len(sizes)] + (i * 37) % 900
            rows.append((i, f"Woningcorporatie {i:03d}", vhe, REGIOS[i % len(REGIOS)], 1 + (i * 3) % 5, i % 2 == 0))
    con.executemany(
        "INSERT INTO corporatie (naam, vhe_count, regio, stedelijkheid, is_checkvraag_enabled, "
        "checkvraag_reinvite_weeks, contactpersoon_naam, contactpersoon_email, lid_sinds_date, created_at) "
        "VALUES (?, ?, ?, ?, ?, 6, 'Klantcontactcentrum', 'klantcontact@example.nl', DATE '2015-01-01', "
        "current_timestamp)",
        [list(r[1:]) for r in rows],
    )
    con.execute(
        "INSERT INTO onderzoek_instelling (corporatie_id, vragenlijst_code, signaal_ontvangers) "
        "SELECT c.corporatie_id, v.vragenlijst_code, 'klantcontact@example.nl' FROM corporatie c, vragenlijst v"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gen_corp AS SELECT corporatie_id, vhe_count, is_checkvraag_enabled, "
        "6.9 + 1.1 * rnd(corporatie_id, 'basis') AS basis, rnd(corporatie_id, 'vestigingen') < 0.7 AS has_vestiging "
        "FROM corporatie"
    )


def _aannemers(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE gen_naam (idx INTEGER, naam VARCHAR)")
    con.executemany("INSERT INTO gen_naam VALUES (?, ?)", [[i, n] for i, n in enumerate(texts.AANNEMERS)])
    pool = len(texts.AANNEMERS)
    vl_list = ", ".join(f"('{v}')" for v in VL_WITH_AANNEMER)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gen_aannemer AS
        WITH slots AS (
            SELECT c.corporatie_id, v.vragenlijst_code, s.slot
            FROM gen_corp c
            CROSS JOIN (VALUES {vl_list}) v(vragenlijst_code)
            CROSS JOIN range(3 + CAST(floor(rnd(c.corporatie_id, 'n_aannemers') * 4) AS INTEGER)) s(slot)
        )
        SELECT s.corporatie_id, s.vragenlijst_code, s.slot, n.naam,
               -0.6 + 1.1 * rnd(n.naam, 'effect' || s.corporatie_id) AS effect
        FROM slots s
        JOIN gen_naam n ON n.idx = (s.corporatie_id * 5 + s.slot * 3
            + CASE s.vragenlijst_code WHEN 'reparaties' THEN 0 WHEN 'planmatig_onderhoud' THEN 1 ELSE 2 END) % {pool}
    """)
    # The demo contractor: one firm under two spellings (seed 000), at the demo corporation.
    demo_id = con.execute("SELECT corporatie_id FROM corporatie WHERE naam = ?", [texts.DEMO_CORPORATIE]).fetchone()
    if demo_id:
        jansen, jansen_onderhoud = texts.DEMO_AANNEMER_SPELLINGEN
        con.execute(
            "UPDATE gen_aannemer SET naam = CASE WHEN vragenlijst_code = 'reparaties' AND slot = 0 THEN ? "
            "WHEN slot = 0 THEN ? ELSE naam END WHERE corporatie_id = ?",
            [jansen, jansen_onderhoud, demo_id[0]],
        )
        con.execute(
            "UPDATE gen_aannemer SET naam = ? WHERE corporatie_id = ? AND vragenlijst_code = 'reparaties' AND slot = 1",
            [jansen_onderhoud, demo_id[0]],
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE gen_aannemer_count AS SELECT corporatie_id, vragenlijst_code, "
        "count(*) AS n FROM gen_aannemer GROUP BY ALL"
    )


def _text_table(con: duckdb.DuckDBPyConnection, name: str, values: tuple[str, ...]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (idx INTEGER, value VARCHAR)")
    con.executemany(f"INSERT INTO {name} VALUES (?, ?)", [[i, v] for i, v in enumerate(values)])


def _invitations(con: duckdb.DuckDBPyConnection, start: date, today: date, factor: float) -> None:
    for name, values in (
        ("gen_wijk", texts.WIJKEN), ("gen_vestiging", texts.VESTIGINGEN),
        ("gen_complex", texts.COMPLEXTYPEN), ("gen_type", texts.TYPES_REPARATIE),
    ):
        _text_table(con, name, values)
    con.execute("CREATE OR REPLACE TEMP TABLE gen_rate (vragenlijst_code VARCHAR, rate DOUBLE)")
    con.executemany("INSERT INTO gen_rate VALUES (?, ?)", [[k, v] for k, v in INVITE_RATE.items()])
    aw_months = ", ".join(str(m) for m in AW_MONTHS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gen_batch AS
        WITH months AS (
            SELECT CAST(m AS DATE) AS maand
            FROM range(DATE '{start.isoformat()}', DATE '{today.isoformat()}' + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m)
        )
        SELECT c.corporatie_id, r.vragenlijst_code, m.maand,
               CAST(round(c.vhe_count * r.rate * {factor}
                    * (0.75 + 0.5 * rnd(c.corporatie_id || r.vragenlijst_code, CAST(m.maand AS VARCHAR))))
                    AS INTEGER) AS n
        FROM gen_corp c CROSS JOIN gen_rate r CROSS JOIN months m
        WHERE r.vragenlijst_code <> 'algemene_waardering' OR month(m.maand) IN ({aw_months})
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gen_invite AS
        WITH rows AS (
            SELECT b.corporatie_id, b.vragenlijst_code, b.maand, i,
                   b.corporatie_id || '-' || b.vragenlijst_code || '-' || strftime(b.maand, '%Y%m') || '-' || i AS k
            FROM gen_batch b, range(b.n) t(i)
        ),
        enriched AS (
            SELECT r.*,
                   r.maand + CAST(floor(rnd(k, 'dag') * 28) AS INTEGER) AS invited_date,
                   CAST(floor(rnd(k, 'aannemer') * coalesce(ac.n, 1)) AS INTEGER) AS aannemer_slot,
                   rnd(k, 'email') < 0.78 AS has_email
            FROM rows r
            LEFT JOIN gen_aannemer_count ac
                ON ac.corporatie_id = r.corporatie_id AND ac.vragenlijst_code = r.vragenlijst_code
        )
        SELECT
            'U' || e.k AS uitnodiging_id,
            e.k, e.corporatie_id, e.vragenlijst_code, e.invited_date,
            lpad(CAST(1000 + (e.corporatie_id * 617 + CAST(floor(rnd(e.k, 'pc') * 40) AS INTEGER)) % 8999 AS VARCHAR), 4, '0')
                || ' ' || chr(65 + CAST(floor(rnd(e.k, 'l1') * 26) AS INTEGER))
                || chr(65 + CAST(floor(rnd(e.k, 'l2') * 26) AS INTEGER)) AS postcode,
            CAST(1 + CAST(floor(rnd(e.k, 'huisnr') * 180) AS INTEGER) AS VARCHAR) AS huisnummer,
            a.naam AS aannemer, a.effect AS aannemer_effect,
            w.value AS uitsplitsing1,
            CASE WHEN c.has_vestiging THEN v.value END AS uitsplitsing2,
            cx.value AS uitsplitsing3,
            CASE WHEN e.has_email THEN 'email' ELSE 'telefoon' END AS kanaal,
            c.basis, c.is_checkvraag_enabled
        FROM enriched e
        JOIN gen_corp c ON c.corporatie_id = e.corporatie_id
        LEFT JOIN gen_aannemer a ON a.corporatie_id = e.corporatie_id
            AND a.vragenlijst_code = e.vragenlijst_code AND a.slot = e.aannemer_slot
        JOIN gen_wijk w ON w.idx = CAST(floor(rnd(e.k, 'wijk') * {len(texts.WIJKEN)}) AS INTEGER)
        JOIN gen_vestiging v ON v.idx = CAST(floor(rnd(e.k, 'vestiging') * {len(texts.VESTIGINGEN)}) AS INTEGER)
        JOIN gen_complex cx ON cx.idx = CAST(floor(rnd(e.k, 'complex') * {len(texts.COMPLEXTYPEN)}) AS INTEGER)
        WHERE e.invited_date <= DATE '{today.isoformat()}'
    """)
    con.execute("""
        INSERT INTO uitnodiging (uitnodiging_id, corporatie_id, vragenlijst_code, postcode, huisnummer,
            aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, kanaal, invited_date, reminder_date,
            phone_from_date, is_automatisch)
        SELECT uitnodiging_id, corporatie_id, vragenlijst_code, postcode, huisnummer, aannemer,
            uitsplitsing1, uitsplitsing2, uitsplitsing3, kanaal, invited_date, invited_date + 6,
            CASE WHEN kanaal = 'email' THEN invited_date + 8 ELSE invited_date END, FALSE
        FROM gen_invite
    """)


def _respondents(con: duckdb.DuckDBPyConnection, today: date) -> None:
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE gen_respondent AS
        WITH responded AS (
            SELECT i.*,
                   i.invited_date + CAST(floor(rnd(i.k, 'wacht') * 21) AS INTEGER) AS completed_date,
                   rnd(i.k, 'check') AS check_u
            FROM gen_invite i
            WHERE rnd(i.k, 'respons') < CASE WHEN i.kanaal = 'email' THEN 0.42 ELSE 0.30 END
        )
        SELECT
            'R' || substr(uitnodiging_id, 2) AS respondent_id, k, uitnodiging_id, corporatie_id,
            vragenlijst_code, completed_date,
            CASE WHEN kanaal = 'email' AND rnd(k, 'kanaal') < 0.85 THEN 'online' ELSE 'telefonisch' END AS kanaal,
            rnd(k, 'anoniem') < 0.30 AS is_anoniem,
            aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3,
            CASE WHEN vragenlijst_code = 'reparaties' AND is_checkvraag_enabled THEN
                CASE WHEN check_u < 0.63 THEN 1 WHEN check_u < 0.75 THEN 2 WHEN check_u < 0.95 THEN 3 ELSE 4 END
            END AS checkvraag,
            basis + coalesce(aannemer_effect, 0)
                + 0.08 * (year(completed_date) - 2024)
                + 2.4 * (rnd(k, 'm1') + rnd(k, 'm2') + rnd(k, 'm3') + rnd(k, 'm4') - 2.0) AS stemming
        FROM responded
        WHERE completed_date <= DATE '{today.isoformat()}'
    """)
    con.execute("""
        INSERT INTO respondent (respondent_id, corporatie_id, vragenlijst_code, completed_date, kanaal,
            is_anoniem, uitnodiging_id, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, checkvraag, imported_at)
        SELECT respondent_id, corporatie_id, vragenlijst_code, completed_date, kanaal, is_anoniem,
            uitnodiging_id, aannemer, uitsplitsing1, uitsplitsing2, uitsplitsing3, checkvraag, current_timestamp
        FROM gen_respondent
    """)


def _answers(con: duckdb.DuckDBPyConnection) -> None:
    _text_table(con, "gen_open_pos", texts.OPEN_POSITIEF)
    _text_table(con, "gen_open_neu", texts.OPEN_NEUTRAAL)
    _text_table(con, "gen_open_neg", texts.OPEN_NEGATIEF)
    con.execute(f"""
        INSERT INTO antwoord (respondent_id, vraag_code, cijfer, antwoord_tekst)
        WITH pairs AS (
            SELECT r.respondent_id, r.k, r.stemming - CASE WHEN r.checkvraag = 2 THEN 2.0 ELSE 0 END AS stemming,
                   q.vraag_code, q.vraag_type, q.is_ontevredenheid, q.opties,
                   -0.4 + 0.7 * rnd(q.vraag_code, 'vraag') AS vraag_effect,
                   rnd(r.k, q.vraag_code) AS u
            FROM gen_respondent r
            JOIN vraag q ON q.vragenlijst_code = r.vragenlijst_code AND q.corporatie_id IS NULL
            -- checkvraag 3 and 4 stop before the questionnaire (domain.md §5).
            WHERE coalesce(r.checkvraag, 1) IN (1, 2)
              AND (NOT q.is_ontevredenheid OR r.stemming < 5.5)
        ),
        answered AS (
            SELECT *,
                CAST(greatest(1, least(10, round(stemming + vraag_effect
                    + 1.6 * (rnd(k, vraag_code || 'n1') + rnd(k, vraag_code || 'n2') - 1.0)))) AS INTEGER) AS grade
            FROM pairs
            WHERE u >= 0.02 AND (vraag_type <> 'open' OR u < 0.38)
        )
        SELECT respondent_id, vraag_code,
            CASE WHEN vraag_type = 'rapportcijfer' AND u >= 0.05 THEN grade END AS cijfer,
            CASE
                WHEN vraag_type = 'rapportcijfer' AND u < 0.05 THEN 'weet niet'
                WHEN vraag_type = 'rapportcijfer' THEN NULL
                WHEN vraag_type = 'ja_nee' THEN CASE WHEN rnd(k, vraag_code || 'jn') < 0.35 + 0.07 * stemming THEN 'ja' ELSE 'nee' END
                WHEN vraag_type IN ('keuze', 'meerkeuze') THEN
                    string_split(opties, '|')[1 + CAST(floor(rnd(k, vraag_code || 'opt') * len(string_split(opties, '|'))) AS INTEGER)]
                WHEN stemming >= 7.5 THEN (SELECT value FROM gen_open_pos WHERE idx = CAST(floor(rnd(k, 'open') * {len(texts.OPEN_POSITIEF)}) AS INTEGER))
                WHEN stemming < 6.0 THEN (SELECT value FROM gen_open_neg WHERE idx = CAST(floor(rnd(k, 'open') * {len(texts.OPEN_NEGATIEF)}) AS INTEGER))
                ELSE (SELECT value FROM gen_open_neu WHERE idx = CAST(floor(rnd(k, 'open') * {len(texts.OPEN_NEUTRAAL)}) AS INTEGER))
            END AS antwoord_tekst
        FROM answered
    """)


def _cleanup(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("gen_corp", "gen_naam", "gen_aannemer", "gen_aannemer_count", "gen_rate", "gen_batch",
                  "gen_invite", "gen_respondent", "gen_wijk", "gen_vestiging", "gen_complex", "gen_type",
                  "gen_open_pos", "gen_open_neu", "gen_open_neg"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _freeze_past_benchmark_years(con: duckdb.DuckDBPyConnection, start: date, today: date) -> None:
    """The demo shows what a corporation sees in reality: every finished Aedes year frozen (as
    KWH does at the end of August), from the first year whose window the history fully covers."""
    from kwhcore import aedes
    from kwhcore.access import Scope
    from warehouse.queries.judgements import bevries

    for jaar in range(start.year + 1, today.year + 1):
        if aedes.kan_bevriezen(jaar, today):
            bevries(con, Scope.system(), jaar, "KWH (voorbeelddata)", vandaag=today)


def _demo_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """The README's demo accounts exist only in the sample warehouse (issue 3)."""
    try:
        from kwhcore.accounts import create_demo_accounts
    except ImportError:
        return
    corporatie_id = con.execute("SELECT corporatie_id FROM corporatie WHERE naam = ?", [texts.DEMO_CORPORATIE]).fetchone()[0]
    create_demo_accounts(con, corporatie_id, texts.DEMO_AANNEMER_SPELLINGEN)
