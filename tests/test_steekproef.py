"""Algemene waardering sample (reproducible, sized by the margin of error) and phone quotas (§6.6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwhcore.deduplication import Kandidaat
from kwhcore.steekproef import steekproef_omvang, telefoon_quotum, telefoon_quotum_per_ronde, trek_steekproef


@pytest.mark.parametrize(
    ("vhe", "code", "expected"),
    [
        (2500, "algemene_waardering", 24), (2500, "nieuwe_huurders", None), (2501, "nieuwe_huurders", 12),
        (5000, "planmatig_onderhoud", 24), (2000, "groot_onderhoud", 12), (10000, "reparaties", 36),
        (20000, "vertrokken_huurders", 24), (20001, "reparaties", 60), (50000, "algemene_waardering", 48),
    ],
)
def test_phone_quota_follows_the_seed_table_at_the_class_boundaries(vhe, code, expected):
    assert telefoon_quotum(vhe, code) == expected


def test_the_yearly_quota_is_spread_over_the_rounds():
    assert telefoon_quotum_per_ronde(30000, "reparaties", "maand") == 5
    assert telefoon_quotum_per_ronde(30000, "algemene_waardering", "halfjaar") == 24
    assert telefoon_quotum_per_ronde(1000, "nieuwe_huurders", "maand") is None


def pool(n: int) -> list[Kandidaat]:
    return [Kandidaat(9, rij, "algemene_waardering", ("1234 AB", str(rij), "")) for rij in range(2, n + 2)]


def test_the_sample_is_reproducible_and_differs_per_round():
    first = trek_steekproef(pool(5000), 1, "2026-06")
    assert first == trek_steekproef(list(reversed(pool(5000))), 1, "2026-06")
    assert first != trek_steekproef(pool(5000), 1, "2026-12")
    assert len(first) == steekproef_omvang(5000)


def test_sample_size_targets_a_five_percent_margin_at_ninety_percent():
    # 1,645² · 0,25 / 0,05² ≈ 271 respondents for a large population; at 30% response ≈ 902.
    assert 890 <= steekproef_omvang(1_000_000) <= 905
    assert steekproef_omvang(100) == 100
    assert steekproef_omvang(0) == 0


@given(st.integers(1, 200_000))
def test_the_sample_never_exceeds_the_population_and_grows_with_it(n):
    assert 0 < steekproef_omvang(n) <= n
    assert steekproef_omvang(n) <= steekproef_omvang(n + 1000)


def test_the_steward_sees_the_phone_quota_of_the_corporation_size_per_round(tmp_path):
    from kwhcore.access import Scope
    from kwhcore.corporaties import add_corporatie
    from kwhcore.uploads import telefoon_quota
    from warehouse import db

    con = db.connect(":memory:")
    klein = add_corporatie(con, "Klein", 2000, "Drenthe", 5)
    groot = add_corporatie(con, "Groot", 30000, "Zuid-Holland", 1)
    con.execute("UPDATE onderzoek_instelling SET frequentie = 'kwartaal' WHERE corporatie_id = ? "
                "AND vragenlijst_code = 'reparaties'", [groot.corporatie_id])
    assert telefoon_quota(con, Scope.system(), klein.corporatie_id)["nieuwe_huurders"] == (None, None)
    assert telefoon_quota(con, Scope.system(), klein.corporatie_id)["reparaties"] == (24, 2)
    assert telefoon_quota(con, Scope.system(), groot.corporatie_id)["reparaties"] == (60, 15)
