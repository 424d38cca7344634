"""Secondary cell suppression over the linked tables of one corporation × vragenlijst × year.

domain.md §4.9: the app publishes linked tables — a year is the sum of its quarters and months,
the corporation the sum of its aannemers and of its uitsplitsing values, and an aannemer ×
uitsplitsing combination sits inside both. Minimum N per cell (§4.8) is not enough: a hidden
cell (1 ≤ n < minimum N) must not follow from the shown cells by any linear combination, since
n and n × mean are sums over respondents. This is the secondary cell suppression of statistical
offices (CBS's τ-Argus; sdcTable, whose ``attack`` computes what can be derived).

Method (docs/privacy.md explains it to an auditor):

1. *Primary*: every cell with 1 ≤ n < min_n is hidden.
2. *Equations*: along every additive relation (a period = Σ its sub-periods, the whole = Σ its
   aannemers or the values of one uitsplitsing, an aannemer = Σ its combinations …) the hidden
   part of a shown total must hold at least two cells and at least min_n respondents; the
   smallest shown cells are hidden until it does. Headline cells (the year of the whole corporation and of
   its large aannemers) are chosen last.
3. *Exact audit and repair*: a rank test over respondents decides whether any small hidden cell
   lies in the row space of the shown cells. If one does, the cheapest shown cell next to it
   (in one of its relations, else overlapping it) is hidden as well and the audit runs again,
   until no small cell is derivable. The heuristics only keep this loop short; the outcome is
   decided by exact linear algebra.

Respondents are grouped into *atoms* (the same month and the same slice values): respondents of
one atom are in exactly the same cells, so merging them changes no rank. The rank test follows
the period tree (months inside quarters inside the year), which keeps every matrix small.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from kwhcore.selection import UITSPLITSING_DIMS

# A cell: (periode key, aannemer, uitsplitsing dim, uitsplitsing value); '' means "all".
Cell = tuple[str, str, str, str]
AtomKey = tuple[str, str, str, str, str, str]     # maand, aannemer, uitsplitsing1..4 ('' = none)

_TOLERANCE = 1e-9


def combinatie_aangeboden(periode_key: str) -> bool:
    """An aannemer × uitsplitsing combination is offered per quarter and year, not per month.

    Within one month a combination nearly always has fewer than minimum N respondents; offering
    it would show nothing and force many shown cells around it to be hidden (loss), so the
    lattice leaves it out and the app says it is available per kwartaal or jaar.
    """
    return len(periode_key) != 7 or "-Q" in periode_key


@dataclass(frozen=True)
class PeriodTree:
    """The periods of one year: the year, its quarters, its months (children lists)."""

    year: str
    quarters: tuple[str, ...]
    months: tuple[tuple[str, ...], ...]   # per quarter, its months

    @classmethod
    def of(cls, year: str) -> PeriodTree:
        quarters = tuple(f"{year}-Q{q}" for q in range(1, 5))
        months = tuple(tuple(f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)) for q in range(1, 5))
        return cls(year, quarters, months)

    @property
    def all_months(self) -> tuple[str, ...]:
        return tuple(m for group in self.months for m in group)


@dataclass
class Lattice:
    """The cells of one corporation × vragenlijst × year for one measure, over its atoms.

    Atoms are ordered by month, so every period covers one contiguous range of columns.
    """

    cells: list[Cell]
    index: dict[Cell, int]
    incidence: np.ndarray            # cells × atoms, 0/1
    n: np.ndarray                    # respondents per cell
    tree: PeriodTree
    column_range: dict[str, tuple[int, int]]
    cells_at: dict[str, list[int]]   # period → its cells
    _basis_cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, atoms: Mapping[AtomKey, int], tree: PeriodTree) -> Lattice:
        """The lattice of these atoms: every (period, slice) cell they fall in, vectorised."""
        month_order = {m: i for i, m in enumerate(tree.all_months)}
        atom_list = sorted((key for key, weight in atoms.items() if weight > 0 and key[0] in month_order),
                           key=lambda key: (month_order[key[0]], key))
        size = len(atom_list)
        months = np.fromiter((month_order[key[0]] for key in atom_list), dtype=np.int64, count=size)
        # Integer codes per dimension, 0 meaning "no value": aannemer, then uitsplitsing1..4.
        names: list[list[str]] = []
        codes = []
        for position in range(1, 6):
            seen: dict[str, int] = {}
            codes.append(np.fromiter((seen.setdefault(key[position], len(seen) + 1) if key[position] else 0
                                      for key in atom_list), dtype=np.int64, count=size))
            names.append(["", *seen])
        aannemer, values = codes[0], codes[1:]
        offsets = np.cumsum([1] + [len(names[d + 1]) - 1 for d in range(4)])   # value block per dim
        width = int(offsets[-1])                    # slice code = aannemer × width + value offset
        atom_index = np.arange(size)
        kinds = [(atom_index, np.zeros(size, dtype=np.int64), False)]
        has_aannemer = aannemer > 0
        kinds.append((atom_index[has_aannemer], aannemer[has_aannemer] * width, False))
        for d in range(4):
            has_value = values[d] > 0
            kinds.append((atom_index[has_value], offsets[d] + values[d][has_value] - 1, False))
            both = has_value & has_aannemer
            kinds.append((atom_index[both], aannemer[both] * width + offsets[d] + values[d][both] - 1, True))
        # Periods: 0 = the year, 1–4 the quarters, 5–16 the months.
        period_keys = [tree.year, *tree.quarters, *tree.all_months]
        period_of = {"jaar": lambda m: np.zeros_like(m), "kwartaal": lambda m: 1 + m // 3, "maand": lambda m: 5 + m}
        slice_count = (len(names[0])) * width
        member_atoms, member_cells = [], []
        for kind_atoms, slice_codes, is_combinatie in kinds:
            for level, to_period in period_of.items():
                if is_combinatie and level == "maand":
                    continue   # combinations are offered per quarter and year (combinatie_aangeboden)
                member_atoms.append(kind_atoms)
                member_cells.append(to_period(months[kind_atoms]) * slice_count + slice_codes)
        all_atoms = np.concatenate(member_atoms) if member_atoms else np.zeros(0, dtype=np.int64)
        codes_flat = np.concatenate(member_cells) if member_cells else np.zeros(0, dtype=np.int64)
        unique, rows = np.unique(codes_flat, return_inverse=True)
        incidence = np.zeros((len(unique), size))
        incidence[rows, all_atoms] = 1.0
        value_names = [(d, name) for d in range(4) for name in names[d + 1][1:]]
        cells: list[Cell] = []
        for code in unique.tolist():
            period, slice_code = divmod(code, slice_count)
            a, value_code = divmod(slice_code, width)
            dim, value = ("", "") if value_code == 0 else (
                UITSPLITSING_DIMS[value_names[value_code - 1][0]], value_names[value_code - 1][1])
            cells.append((period_keys[period], names[0][a], dim, value))
        index = {cell: row for row, cell in enumerate(cells)}
        weights = np.fromiter((atoms[key] for key in atom_list), dtype=float, count=size)
        column_range: dict[str, tuple[int, int]] = {}
        if size:
            bounds = np.searchsorted(months, np.arange(13))
            for m, key in enumerate(tree.all_months):
                if bounds[m] < bounds[m + 1]:
                    column_range[key] = (int(bounds[m]), int(bounds[m + 1]))
            for q, key in enumerate(tree.quarters):
                if bounds[3 * q] < bounds[3 * q + 3]:
                    column_range[key] = (int(bounds[3 * q]), int(bounds[3 * q + 3]))
            column_range[tree.year] = (0, size)
        cells_at: dict[str, list[int]] = {}
        for row, cell in enumerate(cells):
            cells_at.setdefault(cell[0], []).append(row)
        return cls(cells, index, incidence, incidence @ weights, tree, column_range, cells_at)

    def equations(self) -> list[tuple[int, list[int]]]:
        """Every additive relation: (parent cell, the child cells that partition part of it)."""
        children_of = {self.tree.year: self.tree.quarters}
        children_of.update(zip(self.tree.quarters, self.tree.months, strict=True))
        groups: dict[tuple[int, str], list[int]] = {}
        for row, (periode, aannemer, dim, value) in enumerate(self.cells):
            for child_period in children_of.get(periode, ()):
                child = self.index.get((child_period, aannemer, dim, value))
                if child is not None:
                    groups.setdefault((row, "periode"), []).append(child)
            parents: list[tuple[Cell, str]] = []
            if aannemer and dim:
                parents = [((periode, aannemer, "", ""), dim), ((periode, "", dim, value), "aannemer")]
            elif aannemer:
                parents = [((periode, "", "", ""), "aannemer")]
            elif dim:
                parents = [((periode, "", "", ""), dim)]
            for parent, over in parents:
                groups.setdefault((self.index[parent], over), []).append(row)
        return [(parent, children) for (parent, _), children in groups.items()]

    # --- the exact audit -------------------------------------------------------------------

    def derivable(self, shown: np.ndarray, candidates: Sequence[int]) -> list[int]:
        """The candidate cells whose respondent sets lie in the row space of the shown cells.

        A cell's value (n, and n × mean of any measure) is a linear function of its
        respondents' values; it follows from the shown figures for every possible data set
        exactly when its indicator vector is a linear combination of theirs — a rank test.
        The span is built bottom-up along the period tree: an orthonormal basis per month,
        then per quarter of what its shown cells add beyond its months, then for the year.
        These bases are mutually orthogonal, so a candidate's squared distance to the span is
        its squared length minus the squared lengths of its projections on each basis.
        """
        if not len(candidates):
            return []
        bases = self._bases(shown)
        targets = self.incidence[list(candidates)]
        remaining = targets.sum(axis=1)       # squared length of a 0/1 vector
        for start, end, basis in bases:
            part = targets[:, start:end]
            touched = part.any(axis=1)
            if touched.any():
                coefficients = part[touched] @ basis
                remaining[touched] -= np.einsum("ij,ij->i", coefficients, coefficients)
        return [cell for cell, distance in zip(candidates, remaining, strict=True) if distance < 1e-6]

    def _bases(self, shown: np.ndarray) -> list[tuple[int, int, np.ndarray]]:
        """Mutually orthogonal bases (column range, atoms × rank) spanning the shown cells.

        Cached per period on the shown cells of its subtree, so the repair loop of ``decide``
        only recomputes the periods its last changes touched.
        """
        tree = self.tree
        bases: list[tuple[int, int, np.ndarray]] = []
        signatures: dict[str, tuple] = {}
        children = {tree.year: tree.quarters, **dict(zip(tree.quarters, tree.months, strict=True))}
        for level in (tree.all_months, tree.quarters, (tree.year,)):
            for periode in level:
                if periode not in self.column_range:
                    continue
                rows = tuple(row for row in self.cells_at.get(periode, ()) if shown[row])
                signature = (rows, tuple(signatures.get(child) for child in children.get(periode, ())))
                signatures[periode] = signature
                start, end = self.column_range[periode]
                key = (periode, signature)
                basis = self._basis_cache.get(key)
                if basis is None:
                    block = self.incidence[list(rows)][:, start:end] if rows else np.zeros((0, end - start))
                    lower = [b for b in bases if start <= b[0] and b[1] <= end]
                    residual = block.copy()
                    for lo, hi, below in lower:
                        part = block[:, lo - start:hi - start]
                        residual[:, lo - start:hi - start] -= (part @ below) @ below.T
                    basis = _orthonormal_rows(residual)
                    if len(self._basis_cache) > 4096:
                        self._basis_cache.clear()
                    self._basis_cache[key] = basis
                if basis.shape[1]:
                    bases.append((start, end, basis))
        return bases


def _orthonormal_rows(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis (columns) of the span of the matrix's rows."""
    if matrix.shape[0] == 0 or not matrix.any():
        return np.zeros((matrix.shape[1], 0))
    # Through the Gram matrix of the rows (few rows, many atoms): an eigendecomposition of a
    # small square matrix instead of an SVD of a wide one.
    values, vectors = np.linalg.eigh(matrix @ matrix.T)
    keep = values > _TOLERANCE * max(values[-1], 1.0)
    return (matrix.T @ vectors[:, keep]) / np.sqrt(values[keep])


# --- the decision ------------------------------------------------------------------------------

def _apply_equations(
    n: list[float], hidden: list[bool], cost: list[float], min_n: int,
    equations: list[tuple[int, list[int]]], same: list[list[int]],
) -> None:
    """Hide shown cells until the hidden part of every shown total is safe (in place).

    A worklist: an equation is looked at again only when one of its cells became hidden.
    """
    of_cell: dict[int, list[int]] = {}
    for number, (parent, children) in enumerate(equations):
        of_cell.setdefault(parent, []).append(number)
        for child in children:
            of_cell.setdefault(child, []).append(number)
    uncovered = [n[parent] - sum(n[c] for c in children) for parent, children in equations]
    pending = list(range(len(equations)))
    queued = [True] * len(equations)
    while pending:
        number = pending.pop()
        queued[number] = False
        parent, children = equations[number]
        if hidden[parent]:
            continue
        rest = uncovered[number]
        while True:
            hidden_children = [c for c in children if hidden[c]]
            if not hidden_children:
                break
            parts = len(hidden_children) + (1 if rest > 0.5 else 0)
            if parts >= 2 and sum(n[c] for c in hidden_children) + max(rest, 0.0) >= min_n:
                break
            shown = [c for c in children if not hidden[c]]
            target = min(shown, key=cost.__getitem__) if shown else parent
            for twin in same[target]:
                hidden[twin] = True
                for other in of_cell.get(twin, ()):
                    if not queued[other] and other != number:
                        queued[other] = True
                        pending.append(other)
            if target == parent or hidden[parent]:
                break


def _neighbours(equations: list[tuple[int, list[int]]]) -> dict[int, set[int]]:
    """Per cell: the cells it shares a relation with (parent, siblings, children)."""
    related: dict[int, set[int]] = {}
    for parent, children in equations:
        related.setdefault(parent, set()).update(children)
        for child in children:
            related.setdefault(child, set()).update(children)
            related[child].add(parent)
    return related


@dataclass(frozen=True)
class Decision:
    cells: list[Cell]
    n: list[int]
    hidden: frozenset[Cell]


def decide(
    lattice: Lattice, min_n: int, is_headline: Callable[[Cell, int], bool] = lambda cell, n: False,
) -> Decision:
    """Which cells of the lattice to hide so that no small cell can be derived (module doc).

    Cells with the same respondents under different names (a quarter with one month of data,
    an aannemer working in one wijk only) are one figure: they are shown or hidden together.
    """
    n = [float(v) for v in lattice.n]
    hidden = [0 < v < min_n for v in n]
    small = [row for row, is_small in enumerate(hidden) if is_small]
    same = _twins(lattice.incidence)
    cost = [v + (1e9 if is_headline(cell, int(v)) else 0.0) for cell, v in zip(lattice.cells, n, strict=True)]
    cost = [max(cost[twin] for twin in same[row]) for row in range(len(cost))]
    equations = lattice.equations()
    _apply_equations(n, hidden, cost, min_n, equations, same)
    related: dict[int, set[int]] | None = None
    while small:
        found = lattice.derivable(np.array(hidden) == False, small)  # noqa: E712
        if not found:
            break
        related = _neighbours(equations) if related is None else related
        before = sum(hidden)
        for target in found:
            near = [c for c in related.get(target, ()) if not hidden[c]]
            if not near:
                overlap = lattice.incidence @ lattice.incidence[target]
                near = [c for c in np.flatnonzero(overlap).tolist() if not hidden[c]]
            if near:
                for twin in same[min(near, key=cost.__getitem__)]:
                    hidden[twin] = True
        if sum(hidden) == before:
            raise RuntimeError("a derivable cell without a shown cell overlapping it")
        _apply_equations(n, hidden, cost, min_n, equations, same)
    return Decision(
        list(lattice.cells), [int(v) for v in n],
        frozenset(cell for cell, is_hidden in zip(lattice.cells, hidden, strict=True) if is_hidden),
    )


def _twins(incidence: np.ndarray) -> list[list[int]]:
    """Per cell, every cell with exactly the same respondents (itself included)."""
    if not len(incidence):
        return []
    _, klass = np.unique(incidence, axis=0, return_inverse=True)
    groups: dict[int, list[int]] = {}
    for row, k in enumerate(klass.ravel().tolist()):
        groups.setdefault(k, []).append(row)
    return [groups[k] for k in klass.ravel().tolist()]


@dataclass(frozen=True)
class AuditResult:
    cellen: int
    klein: int
    afleidbaar: list[Cell]
    getoond: int
    verborgen_groot: int
    groot: int

    @property
    def verlies_pct(self) -> float:
        return 100.0 * self.verborgen_groot / self.groot if self.groot else 0.0


def audit(lattice: Lattice, is_shown: Callable[[Cell, int], bool], min_n: int) -> AuditResult:
    """The exact disclosure audit of one lattice given what is published (interfaces.md)."""
    shown = np.array([is_shown(cell, int(size)) and size >= min_n
                      for cell, size in zip(lattice.cells, lattice.n, strict=True)], dtype=bool)
    small = [row for row, size in enumerate(lattice.n) if 0 < size < min_n]
    found = lattice.derivable(shown, small)
    large = lattice.n >= min_n
    return AuditResult(
        cellen=len(lattice.cells),
        klein=len(small),
        afleidbaar=[lattice.cells[row] for row in found],
        getoond=int(shown.sum()),
        verborgen_groot=int((large & ~shown).sum()),
        groot=int(large.sum()),
    )
