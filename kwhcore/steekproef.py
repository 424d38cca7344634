"""The Algemene waardering sample and the yearly phone-interview quotas (domain.md §6.6, seed 002
"Hoeveel huurders worden er voor het onderzoek benaderd?").

Algemene waardering is a random sample from the whole tenant file. It is reproducible: the
random generator is seeded with corporation, round and vragenlijst, so drawing again gives the
same addresses. Its size aims at a margin of error of at most 5% at 90% confidence (seed 002:
"betrouwbaarheidsinterval van 90% en een steekproeffout van 5% tot 10%"), with the finite
population correction, and assumes a response of 30% of the invited tenants (KWH's online +
phone response is typically 25–35%).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from kwhcore import config
from kwhcore.corporaties import GROOTTEKLASSEN, grootteklasse
from kwhcore.deduplication import Kandidaat

DOEL_MARGE = 0.05
VERWACHTE_RESPONS = 0.30

# seed 002 table: phone interviews per year by size class; None = every tenant without e-mail
# (100%).
_QUOTA_KOLOMMEN = (
    "algemene_waardering", "nieuwe_huurders", "vertrokken_huurders", "reparaties",
    "planmatig_onderhoud", "groot_onderhoud",
)
_QUOTA_RIJEN: dict[str, tuple[int | None, ...]] = {
    GROOTTEKLASSEN[0]: (24, None, None, 24, 12, 12),
    GROOTTEKLASSEN[1]: (24, 12, 12, 24, 24, 24),
    GROOTTEKLASSEN[2]: (36, 24, 24, 36, 24, 24),
    GROOTTEKLASSEN[3]: (36, 24, 24, 36, 24, 24),
    GROOTTEKLASSEN[4]: (48, 48, 48, 60, 48, 48),
}
RONDES_PER_JAAR = {"maand": 12, "kwartaal": 4, "halfjaar": 2, "automatisch": 12}


def telefoon_quotum(vhe_count: int, vragenlijst_code: str) -> int | None:
    """Phone interviews per year for a corporation of this size; None means 100%."""
    return _QUOTA_RIJEN[grootteklasse(vhe_count)][_QUOTA_KOLOMMEN.index(vragenlijst_code)]


def telefoon_quotum_per_ronde(vhe_count: int, vragenlijst_code: str, frequentie: str) -> int | None:
    """The yearly quota spread over the rounds of the delivery frequency, rounded up."""
    yearly = telefoon_quotum(vhe_count, vragenlijst_code)
    if yearly is None:
        return None
    return math.ceil(yearly / RONDES_PER_JAAR[frequentie])


def steekproef_omvang(populatie: int, *, marge: float = DOEL_MARGE, respons: float = VERWACHTE_RESPONS) -> int:
    """Tenants to invite so the expected respondents give a margin ≤ ``marge`` (domain.md §8.3)."""
    if populatie <= 0:
        return 0
    z = config.CONFIG.betrouwbaarheid_z
    oneindig = z * z * 0.25 / (marge * marge)
    nodig = oneindig / (1 + (oneindig - 1) / populatie)
    return min(populatie, math.ceil(nodig / respons))


def trek_steekproef(
    kandidaten: Sequence[Kandidaat], corporatie_id: int, ronde: str, omvang: int | None = None
) -> set[Kandidaat]:
    """A reproducible random sample of the Algemene waardering candidates of one round."""
    pool = sorted(kandidaten, key=lambda k: (k.aanlevering_id, k.rij))
    size = steekproef_omvang(len(pool)) if omvang is None else min(omvang, len(pool))
    rng = random.Random(f"{corporatie_id}:{ronde}:algemene_waardering")
    return set(rng.sample(pool, size))
