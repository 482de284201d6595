"""The source documents the examples are encoded from: ../shared/seeds beside the clone, or FINSAM_SEEDS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
_PLACES = [_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
SEEDS = Path(os.environ.get("FINSAM_SEEDS") or next((p for p in _PLACES if p.is_dir()), _PLACES[0]))
# example name → the seed it is encoded from (../shared/seeds/README.md)
SEED = {
    "lekeberg-orebro-2020": "000_7e7d819bfdc785f8.txt",
    "lekeberg-orebro-2025": "001_e3ca5dddb94c2f25.txt",
    "sydnarke-2023": "003_676d460a7b20bd12.txt",
}
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"källtexterna saknas ({SEEDS}; sätt FINSAM_SEEDS)")
