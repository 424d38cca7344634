"""All tunable rules in one place, each with the source of its default.

A deployment overrides values with a TOML file named by ``KLANTVIZIER_CONFIG`` (keys as the
field names below); nothing else in the code holds its own copy of a threshold.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE_PATH = REPO_ROOT / "warehouse" / "data" / "klantvizier.duckdb"


@dataclass(frozen=True)
class Config:
    # domain.md §4.8 / seed 002 AVG: "we tonen … geen resultaten van één persoon"; default 5.
    min_n: int = 5
    # domain.md §4.7: a comparison group needs enough corporations that no single other one can
    # be derived from it.
    min_corporaties_vergelijking: int = 5
    # domain.md §4.3: a respondent is tevreden from a mean of 5,5.
    tevreden_grens: float = 5.5
    # domain.md §8.1: Aedes letter boundaries per deelscore (since 2021 fixed classes). Default
    # consistent with the known points 7,1 → C, 7,5 → B, 7,8 → B: A from 7,9, B from 7,2.
    aedes_grens_a: float = 7.9
    aedes_grens_b: float = 7.2
    # domain.md §8.1: weights of the prestatieveld letter (Aedes, "Toelichting letters").
    aedes_gewicht_nieuwe_huurders: float = 0.25
    aedes_gewicht_reparaties: float = 0.55
    aedes_gewicht_vertrokken_huurders: float = 0.20
    # seed 002 §6: KWH delivers 1 September (Y−1) through 31 July (Y); month/day of the window.
    aedes_venster_start: tuple[int, int] = (9, 1)
    aedes_venster_eind: tuple[int, int] = (7, 31)
    # seed 002 §5: label thresholds.
    label_min_score: float = 7.0
    label_min_pct_tevreden: float = 85.0
    label_ckv_min_n_reparaties_onderhoud: int = 50
    label_ckv_min_n_huurders: int = 20
    # domain.md §8.3: 90% confidence.
    betrouwbaarheid_z: float = 1.645
    # Failed-login window (issue 3): 5 wrong passwords lock the account for 15 minutes.
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    invite_valid_days: int = 5
    warehouse_path: Path = field(default=DEFAULT_WAREHOUSE_PATH)
    # Optional "today" override, so the demo and tests can be pinned to a date.
    today_override: date | None = None

    def today(self) -> date:
        return self.today_override or date.today()


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Defaults, overridden by the TOML file named by ``path`` or ``KLANTVIZIER_CONFIG``."""
    config = Config()
    source = path or os.environ.get("KLANTVIZIER_CONFIG")
    if env_db := os.environ.get("KLANTVIZIER_DB"):
        config = replace(config, warehouse_path=Path(env_db))
    if not source:
        return config
    with open(source, "rb") as handle:
        overrides = tomllib.load(handle)
    known = {f.name: f for f in fields(Config)}
    values = {}
    for key, value in overrides.items():
        if key not in known:
            raise ValueError(f"Onbekende instelling '{key}' in {source}.")
        if key == "warehouse_path":
            value = Path(value)
        elif key in ("aedes_venster_start", "aedes_venster_eind"):
            value = tuple(value)
        elif key == "today_override" and isinstance(value, str):
            value = date.fromisoformat(value)
        values[key] = value
    return replace(config, **values)


CONFIG = load_config()
