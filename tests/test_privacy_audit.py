"""No hidden figure can be derived from what is shown (domain.md §4.9, issue 9).

An attacker's view, built independently of the gate: random small corporations with planted
rare aannemers and uitsplitsing values go in through the real import path; every figure the
query layer publishes is collected the way the CLI's ``scores`` shows it — every period of the
year (year, quarters, months) × whole, each aannemer, each uitsplitsing value and each
combination — plus the klantreis steps. Then a plain rank test over respondents (numpy's
matrix_rank on the raw rows, not kwhcore.disclosure) asks whether any small cell's respondent set
is a linear combination of the shown cells'. The test fails on any derivable cell.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwhcore.access import Scope
from kwhcore.config import CONFIG
from kwhcore.corporaties import add_corporatie
from kwhcore.periods import parse_periode
from kwhcore.responses_import import import_responses
from kwhcore.selection import Selection
from kwhcore.vragenlijsten import vragenlijst
from warehouse import db, privacy
from warehouse.queries import dashboard, scores

REPO = Path(__file__).resolve().parent.parent
VL = vragenlijst("reparaties")
GRADED = [q.code for q in VL.vragen if q.is_cijfervraag and q.stap != "Ontevredenheid"]
AANNEMERS = ["Jansen", "Jansen", "Jansen", "De Hamer", "De Hamer", "Visser", ""]   # Visser is rare
WIJKEN = ["Oost", "Oost", "West", "West", "Noord", "Zuid", ""]                     # Zuid is rare
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
PERIODS = ["2025", *(f"2025-Q{q}" for q in range(1, 5)), *MONTHS]

grade = st.one_of(st.integers(1, 10), st.integers(1, 10), st.integers(1, 10), st.none(), st.just("weet niet"))
respondent = st.tuples(
    st.sampled_from(AANNEMERS), st.sampled_from(WIJKEN), st.integers(1, 12), st.integers(1, 28),
    st.lists(grade, min_size=len(GRADED), max_size=len(GRADED)),
)
corporation = st.lists(respondent, min_size=8, max_size=70)


def load(rows, tmp_path: Path):
    con = db.connect(":memory:")
    corp = add_corporatie(con, "Woonstede", 3000, "Utrecht", 2)
    path = tmp_path / "antwoorden.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", "corporatie", "vragenlijst", "ingevuld_op", "kanaal", "aannemer",
                         "uitsplitsing1", *GRADED])
        for i, (aannemer, wijk, month, day, grades) in enumerate(rows):
            writer.writerow([f"R{i}", "Woonstede", "reparaties", date(2025, month, day).isoformat(), "online",
                             aannemer, wijk, *["" if g is None else g for g in grades]])
    import_responses(con, path, today=date(2026, 1, 1))
    return con, corp.corporatie_id


def selections(rows, corporatie_id: int):
    aannemers = sorted({r[0] for r in rows if r[0]})
    wijken = sorted({r[1] for r in rows if r[1]})
    for periode in PERIODS:
        yield Selection(corporatie_id, "reparaties", periode)
        for a in aannemers:
            yield Selection(corporatie_id, "reparaties", periode, aannemer=a)
        for w in wijken:
            yield Selection(corporatie_id, "reparaties", periode, uitsplitsing=("uitsplitsing1", w))
            for a in aannemers:
                yield Selection(corporatie_id, "reparaties", periode, aannemer=a, uitsplitsing=("uitsplitsing1", w))


def members(rows, selection: Selection) -> list[int]:
    span = parse_periode(selection.periode)
    wijk = selection.uitsplitsing[1] if selection.uitsplitsing else None
    return [i for i, (a, w, month, day, _) in enumerate(rows)
            if span.contains(date(2025, month, day))
            and (selection.aannemer is None or a == selection.aannemer) and (wijk is None or w == wijk)]


def derivable_small_cells(shown: list[list[int]], small: list[list[int]], size: int) -> list[int]:
    """Indices of the small cells whose indicator vector lies in the span of the shown ones."""
    def vector(cell):
        v = np.zeros(size)
        v[cell] = 1.0
        return v

    base = np.array([vector(c) for c in shown]) if shown else np.zeros((0, size))
    rank = np.linalg.matrix_rank(base) if len(base) else 0
    return [i for i, cell in enumerate(small)
            if np.linalg.matrix_rank(np.vstack([base, vector(cell)])) == rank]


def attack(con, corporatie_id: int, rows, scope: Scope) -> list[str]:
    """Every derivable small cell, over the onderdeelscore, each question and the steps."""
    min_n = CONFIG.min_n
    label = {q.code for q in VL.vragen if q.kwaliteitslabel}
    # Entries (respondent, question) with a grade: the variables of question and step figures.
    entries = [(i, code) for i, r in enumerate(rows) for code, g in zip(GRADED, r[4], strict=True)
               if isinstance(g, int)]
    entry_index = {e: k for k, e in enumerate(entries)}
    with_label = {i for i, r in enumerate(rows)
                  if any(isinstance(g, int) for code, g in zip(GRADED, r[4], strict=True) if code in label)}
    onderdeel_shown, onderdeel_small = [], []
    grade_shown, grade_small = [], []
    findings = []
    for selection in selections(rows, corporatie_id):
        try:
            figure = scores.onderdeel(con, scope, selection)
            vragen = scores.vragen(con, scope, selection)
            stappen = dashboard.stappen(con, scope, selection)
        except Exception as exc:  # noqa: BLE001 — access refused: nothing shown to this role
            if type(exc).__name__ != "AccessDenied":
                raise
            continue
        who = members(rows, selection)
        label_members = [i for i in who if i in with_label]
        if figure.onderdeelscore is not None:
            onderdeel_shown.append(label_members)
            assert len(label_members) >= min_n
        elif 0 < len(label_members) < min_n:
            onderdeel_small.append(label_members)
        for q in vragen:
            if q.code not in GRADED:
                continue
            cell = [entry_index[(i, q.code)] for i in who if (i, q.code) in entry_index]
            if q.gemiddelde is not None:
                grade_shown.append(cell)
                assert len(cell) >= min_n
            elif 0 < len(cell) < min_n:
                grade_small.append(cell)
        for stap in stappen:
            if stap.score is not None:
                codes = {q.code for q in VL.vragen_in_stap(stap.stap)}
                grade_shown.append([entry_index[(i, c)] for i in who for c in codes if (i, c) in entry_index])
    for k in derivable_small_cells(onderdeel_shown, onderdeel_small, len(rows)):
        findings.append(f"onderdeel {onderdeel_small[k]}")
    for k in derivable_small_cells(grade_shown, grade_small, len(entries)):
        findings.append(f"vraag {[entries[e] for e in grade_small[k]]}")
    return findings


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=corporation)
def test_no_small_cell_is_derivable_for_any_role(rows, tmp_path_factory):
    con, corporatie_id = load(rows, tmp_path_factory.mktemp("audit"))
    # A corporation user sees what the system scope sees; contractors see a subset of it.
    for scope in (Scope.system(), Scope.aannemer(corporatie_id, {"Visser"})):
        assert attack(con, corporatie_id, rows, scope) == [], scope.role
    con.close()


def test_the_attack_finds_what_minimum_n_alone_would_reveal(tmp_path, monkeypatch):
    """The attack has teeth: with only the minimum-N rule (no stored secondary suppression)
    a planted single tenant follows from the year minus the other months."""
    rows = [("Jansen", "Oost", m, 10, [7] * len(GRADED)) for m in range(1, 12) for _ in range(6)]
    rows.append(("Jansen", "Oost", 12, 20, [1] * len(GRADED)))
    con, corporatie_id = load(rows, tmp_path)
    assert attack(con, corporatie_id, rows, Scope.system()) == []
    monkeypatch.setattr(privacy, "publicatie", lambda con, cid, vl: privacy.Publicatie(CONFIG.min_n, frozenset()))
    assert attack(con, corporatie_id, rows, Scope.system()) != []


def test_the_issue_example_a_month_inside_a_quarter_stays_hidden(tmp_path):
    """Q4 shows N=6, October N=5: November's single tenant must not follow from the two."""
    rows = [("Jansen", "Oost", 10, 5 + i, [8] * len(GRADED)) for i in range(5)]
    rows.append(("Jansen", "Oost", 11, 3, [2] * len(GRADED)))
    rows += [("De Hamer", "West", m, 10, [7] * len(GRADED)) for m in range(1, 13) for _ in range(6)]
    con, corporatie_id = load(rows, tmp_path)
    q4 = scores.onderdeel(con, Scope.system(), Selection(corporatie_id, "reparaties", "2025-Q4", aannemer="Jansen"))
    october = scores.onderdeel(con, Scope.system(), Selection(corporatie_id, "reparaties", "2025-10", aannemer="Jansen"))
    assert q4.onderdeelscore is None or october.onderdeelscore is None
    assert attack(con, corporatie_id, rows, Scope.system()) == []


def test_cli_audit_reports_no_derivable_cell_and_the_loss(tmp_path):
    rows = [(a, w, m, 10, [((i * 7 + m) % 10) + 1] * len(GRADED))
            for i, (a, w) in enumerate([("Jansen", "Oost"), ("Jansen", "West"), ("De Hamer", "Oost"),
                                        ("Visser", "Zuid")] * 3) for m in range(1, 13, 2)]
    path = tmp_path / "warehouse.duckdb"
    con, _ = load(rows, tmp_path)
    con.execute(f"ATTACH '{path}' AS target")
    con.execute("COPY FROM DATABASE memory TO target")
    con.close()
    run = subprocess.run(
        [sys.executable, "-m", "kwhcore", "privacy-audit", "--db", str(path), "--corporatie", "Woonstede",
         "--vragenlijst", "reparaties", "--jaar", "2025", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["afleidbaar"] == []
    assert report["klein"] > 0 and report["cellen"] > report["getoond"] > 0
    assert 0 <= report["verlies_pct"] <= 100
    assert set(report) >= {"corporatie", "vragenlijst", "jaar", "cellen", "klein", "afleidbaar", "getoond",
                           "verlies_pct"}


@pytest.mark.parametrize("jaar", ["99999", "0"])
def test_cli_audit_refuses_an_impossible_year_in_dutch(jaar, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "kwhcore", "privacy-audit", "--db", str(tmp_path / "w.duckdb"), "--corporatie", "X",
         "--vragenlijst", "reparaties", "--jaar", jaar],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2 and "Jaar" in run.stderr and "Traceback" not in run.stderr
