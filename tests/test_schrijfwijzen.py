"""Spellings across deliveries (issue 14, seed 002 "Vestiging Oost" one month, "Oost" the next):
pointed out on upload, mapped once by the steward, applied to the current and every later file."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kwhcore.access import AccessDenied, Scope
from kwhcore.corporaties import add_corporatie
from kwhcore.example_files import fictitious_rows, write_xlsx
from kwhcore.spelling import EerderGeleverd, eerder_geleverd
from kwhcore.uploads import accorderen, upload
from warehouse.stores import schrijfwijzen

MAY = date(2026, 4, 20)   # round 2026-05
JUNE = date(2026, 5, 20)  # round 2026-06


@pytest.mark.parametrize(
    ("nieuw", "eerder", "expected"),
    [
        ("Oost", "Vestiging Oost", "Vestiging Oost"),
        ("Bouwbedrijf Jansen Onderhoud", "Bouwbedrijf Jansen", "Bouwbedrijf Jansen"),
        ("Bouwbedrijf Jansne", "Bouwbedrijf Jansen", "Bouwbedrijf Jansen"),
        ("vestiging  oost", "Vestiging Oost", "Vestiging Oost"),
        ("Wijk 2", "Wijk 1", None),
        ("Noord", "Vestiging Oost", None),
    ],
)
def test_a_new_value_is_compared_with_everything_delivered_before(nieuw, eerder, expected):
    found = eerder_geleverd({"uitsplitsing1": Counter({nieuw: 3})}, {"uitsplitsing1": {eerder}}, {})
    assert found == ([EerderGeleverd("uitsplitsing1", nieuw, expected, 3)] if expected else [])


def test_a_mapped_or_known_value_is_not_asked_again():
    nieuw = {"aannemer": Counter({"Oost": 2, "Vestiging Oost": 1})}
    assert eerder_geleverd(nieuw, {"aannemer": {"Vestiging Oost"}}, {"aannemer": {"Oost": "Oost"}}) == []


@pytest.fixture
def corp(empty_db):
    return add_corporatie(empty_db, "Woonstede", 4000, "Utrecht", 2).corporatie_id


@pytest.fixture
def steward(corp):
    return Scope(role="gebruiker", corporatie_id=corp, user_email="steward@woonstede.nl")


def _file(tmp_path, name, today, wijk_oost):
    rows = fictitious_rows(10, "reparaties", today=today, seed=len(name))
    for row in rows:
        if row["uitsplitsing1"] == "Oost":
            row["uitsplitsing1"] = wijk_oost
    path = tmp_path / name
    write_xlsx(path, rows)
    return path


def _upload(con, scope, corp, path, today):
    return upload(
        con, scope, corp, "reparaties", path, path.name, today=today,
        koppelingen=schrijfwijzen.koppelingen(con, scope, corp),
        eerder=schrijfwijzen.eerdere_waarden(con, scope, corp),
    )


def _wijken(con, aanlevering_id):
    return {r[0] for r in con.execute(
        "SELECT DISTINCT uitsplitsing1 FROM huurder_rij WHERE aanlevering_id = ?", [aanlevering_id]).fetchall()}


def test_a_spelling_delivered_before_is_pointed_out_mapped_once_and_applied_later(empty_db, corp, steward, tmp_path):
    con = empty_db
    mei = _upload(con, steward, corp, _file(tmp_path, "mei.xlsx", MAY, "Vestiging Oost"), MAY)
    accorderen(con, steward, mei.aanlevering_id, today=MAY)

    juni = _upload(con, steward, corp, _file(tmp_path, "juni.xlsx", JUNE, "Oost"), JUNE)
    assert juni.report.accepted
    [punt] = [f for f in juni.report.warnings if f.code == "split_eerder_geleverd"]
    assert punt.column == "uitsplitsing1" and "eerder geleverd als 'Vestiging Oost'" in punt.message
    assert schrijfwijzen.voorstellen(con, steward, juni) == [
        EerderGeleverd("uitsplitsing1", "Oost", "Vestiging Oost", 2)
    ]

    assert schrijfwijzen.koppel(con, steward, corp, "uitsplitsing1", "Oost", "Vestiging Oost") == 2
    assert "Oost" not in _wijken(con, juni.aanlevering_id) and "Vestiging Oost" in _wijken(con, juni.aanlevering_id)
    from kwhcore.uploads import get_aanlevering
    juni = get_aanlevering(con, steward, juni.aanlevering_id)
    assert not [f for f in juni.report.warnings if f.code == "split_eerder_geleverd"]
    assert schrijfwijzen.voorstellen(con, steward, juni) == []

    vervanging = _upload(con, steward, corp, _file(tmp_path, "juni_nieuw.xlsx", JUNE, "Oost"), JUNE)
    assert "Oost" not in _wijken(con, vervanging.aanlevering_id)
    assert not [f for f in vervanging.report.warnings if f.code == "split_eerder_geleverd"]


def test_another_corporation_cannot_read_or_map_spellings(empty_db, corp, tmp_path):
    other = Scope(role="hoofdgebruiker", corporatie_id=corp + 1, user_email="x@elders.nl")
    with pytest.raises(AccessDenied):
        schrijfwijzen.eerdere_waarden(empty_db, other, corp)
    with pytest.raises(AccessDenied):
        schrijfwijzen.koppel(empty_db, other, corp, "aannemer", "A", "B")


def test_only_split_columns_can_be_mapped(empty_db, corp, steward):
    with pytest.raises(schrijfwijzen.KoppelingError):
        schrijfwijzen.koppel(empty_db, steward, corp, "email; DROP TABLE x", "A", "B")
