"""Who may see what: the one access-scope object threaded through every query and cache key.

domain.md §10: corporation users see only their own corporation (comparison groups excepted);
an aannemer account sees only the results under its own name spellings (plus named other
aannemers when its account allows it) beside the corporation as a whole; the platform
beheerder sees everything. The query layer filters by the scope — pages never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["beheerder", "hoofdgebruiker", "gebruiker", "aannemer", "systeem"]

RIGHT_KLANTVIZIER = "klantvizier"
RIGHT_MIJN_KWH = "mijn_kwh"


class AccessDenied(Exception):
    """Raised by the query layer when a scope asks for data outside its reach."""


@dataclass(frozen=True)
class Scope:
    """The access scope of one request. Hashable, so it can be part of every cache key."""

    role: Role
    corporatie_id: int | None = None
    user_id: int | None = None
    user_email: str | None = None
    # Aannemer names this scope may see. None = every aannemer of the corporation.
    aannemers: frozenset[str] | None = None
    # The account's own name spellings (shown first in the top bar); a subset of ``aannemers``.
    eigen_aannemers: frozenset[str] = field(default_factory=frozenset)
    rights: frozenset[str] = frozenset({RIGHT_KLANTVIZIER, RIGHT_MIJN_KWH})

    @classmethod
    def system(cls) -> Scope:
        """Full access: the CLI run by an operator and internal refresh jobs."""
        return cls(role="systeem")

    @classmethod
    def corporatie(cls, corporatie_id: int, role: Role = "hoofdgebruiker") -> Scope:
        return cls(role=role, corporatie_id=corporatie_id)

    @classmethod
    def aannemer(
        cls,
        corporatie_id: int,
        eigen_namen: frozenset[str] | set[str],
        andere_namen: frozenset[str] | set[str] = frozenset(),
        user_id: int | None = None,
    ) -> Scope:
        eigen = frozenset(eigen_namen)
        return cls(
            role="aannemer",
            corporatie_id=corporatie_id,
            user_id=user_id,
            aannemers=eigen | frozenset(andere_namen),
            eigen_aannemers=eigen,
            rights=frozenset({RIGHT_KLANTVIZIER}),
        )

    @property
    def is_all_corporations(self) -> bool:
        return self.role in ("beheerder", "systeem")

    @property
    def is_aannemer(self) -> bool:
        return self.role == "aannemer"

    def can_see_corporatie(self, corporatie_id: int) -> bool:
        return self.is_all_corporations or self.corporatie_id == corporatie_id

    def can_see_aannemer(self, naam: str) -> bool:
        return self.aannemers is None or naam in self.aannemers

    def require_corporatie(self, corporatie_id: int) -> None:
        if not self.can_see_corporatie(corporatie_id):
            raise AccessDenied("Geen toegang tot de gegevens van deze corporatie.")

    def has_right(self, right: str) -> bool:
        return self.role in ("beheerder", "systeem") or right in self.rights
