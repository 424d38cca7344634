"""Near-identical spellings of one aannemer or uitsplitsing value, within a file and across
deliveries (domain.md §6.2, seed 002: "Vestiging Oost" one month and "Oost" the next).

A steward maps a new spelling once to the one delivered before (a *koppeling*); the mapping is
applied to every later file of the corporation before its rows are stored, so the Klantvizier
shows one score instead of two. Pure rules here; the koppelingen and the earlier values are read
and written in warehouse/stores/schrijfwijzen.py.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SPLIT_COLUMNS = ("aannemer", "uitsplitsing1", "uitsplitsing2", "uitsplitsing3", "uitsplitsing4")
# A column with more distinct values than this holds codes, not groups: no spelling check.
SIMILARITY_MAX_VALUES = 300
SIMILARITY_RATIO = 0.9

_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+")

# kolom → {spelling in a file → spelling to store}
Koppelingen = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class EerderGeleverd:
    """A value of the new file that is probably a value delivered before, spelled another way."""

    kolom: str
    waarde: str
    eerder: str
    rijen: int


def _words(value: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(value))


def _alike(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Same words, all words of one inside the other, or a typo (similarity ≥ SIMILARITY_RATIO)."""
    if not left or not right:
        return False
    if left == right:
        return True
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    if set(small) < set(large) and all(w in large for w in small):
        return True
    joined_l, joined_r = " ".join(left), " ".join(right)
    return (
        min(len(joined_l), len(joined_r)) >= 5
        and difflib.SequenceMatcher(None, joined_l, joined_r).ratio() >= SIMILARITY_RATIO
    )


def similar_values(values: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs within one file that are probably one value spelled two ways.

    Same words in another case/spacing; all words of one contained in the other ('Bouwbedrijf
    Jansen' / 'Bouwbedrijf Jansen Onderhoud'); or a typo (similarity ≥ SIMILARITY_RATIO).
    """
    distinct = sorted(set(values))
    if len(distinct) > SIMILARITY_MAX_VALUES:
        return []
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for value in distinct:
        by_words[_words(value)].append(value)
    pairs: list[tuple[str, str]] = []
    for spellings in by_words.values():
        pairs.extend((spellings[0], other) for other in spellings[1:])
    keys = [k for k in by_words if k]
    for i, left in enumerate(keys):
        for right in keys[i + 1:]:
            if _alike(left, right):
                small, large = (left, right) if len(left) <= len(right) else (right, left)
                pairs.append((by_words[small][0], by_words[large][0]))
    return pairs


def eerder_geleverd(
    nieuw: Mapping[str, Counter[str]], eerder: Mapping[str, Iterable[str]], koppelingen: Koppelingen
) -> list[EerderGeleverd]:
    """Per column, each new value not delivered before that looks like an earlier value.

    ``nieuw``: kolom → value → rows in the new file; ``eerder``: kolom → values of the
    corporation's earlier deliveries. A value that was mapped before (also "a different value")
    is never asked again. Of several earlier look-alikes the closest spelling is proposed.
    """
    found: list[EerderGeleverd] = []
    for kolom in SPLIT_COLUMNS:
        waarden = nieuw.get(kolom) or Counter()
        earlier = sorted(set(eerder.get(kolom, ())))
        if not waarden or not earlier or len(earlier) > SIMILARITY_MAX_VALUES or len(waarden) > SIMILARITY_MAX_VALUES:
            continue
        known = set(earlier)
        mapped = koppelingen.get(kolom, {})
        earlier_words = [(value, _words(value)) for value in earlier]
        for waarde, rijen in sorted(waarden.items()):
            if waarde in known or waarde in mapped:
                continue
            words = _words(waarde)
            alike = [value for value, other in earlier_words if _alike(words, other)]
            if alike:
                closest = max(alike, key=lambda v: (difflib.SequenceMatcher(None, waarde.lower(), v.lower()).ratio(), v))
                found.append(EerderGeleverd(kolom, waarde, closest, rijen))
    return found


def apply_koppelingen(values: dict[str, object], koppelingen: Koppelingen) -> dict[str, object]:
    """One row's values with every mapped spelling replaced (a copy; the input is unchanged)."""
    result = dict(values)
    for kolom, mapping in koppelingen.items():
        value = result.get(kolom)
        if isinstance(value, str) and value in mapping:
            result[kolom] = mapping[value]
    return result


def values_per_column(rows: Sequence[Mapping[str, object]]) -> dict[str, Counter[str]]:
    """kolom → value → number of rows, for the split columns of a file's rows."""
    counts: dict[str, Counter[str]] = {kolom: Counter() for kolom in SPLIT_COLUMNS}
    for row in rows:
        for kolom in SPLIT_COLUMNS:
            value = row.get(kolom)
            if value:
                counts[kolom][str(value)] += 1
    return counts
