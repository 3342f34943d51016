"""Root of the test run: the notebooks' smoke test (nbval, run on their defaults) needs the
real data through UNVOTES_DATA_DIR, like every real-data test; without it, skip them, saying why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_SHARED = Path(__file__).resolve().parent.parent / "shared" / "data" / "unvotes-2021"
#: Notebooks whose defaults read the unvotes-2021 data (the others use the curated records).
_NEEDS_REAL_DATA = {"vote_shift.ipynb", "explore.ipynb"}


def pytest_configure(config):
    # Kernels started by nbval inherit this process's environment.
    if not os.environ.get("UNVOTES_DATA_DIR") and (_SHARED / "unvotes.csv.gz").exists():
        os.environ["UNVOTES_DATA_DIR"] = str(_SHARED)


def pytest_collection_modifyitems(config, items):
    folder = os.environ.get("UNVOTES_DATA_DIR")
    have_data = bool(folder) and any((Path(folder) / f).exists() for f in ("unvotes.csv.gz", "unvotes.csv"))
    if have_data:
        return
    reason = "real reference data not found: set UNVOTES_DATA_DIR to ../shared/data/unvotes-2021"
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.name in _NEEDS_REAL_DATA:
            item.add_marker(skip)
