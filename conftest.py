"""Root of the test run: the notebooks' smoke test (nbval, run on their defaults) needs the
real data through UNVOTES_DATA_DIR, like every real-data test; without it, skip them, saying why.

``UNVOTES_DATA_DIR`` names the folder with one subfolder per source (``unvotes-2021/``,
``unxml-ga/``, ``unxml-sc/``, ``reference/``): ../shared/data beside the repository. The older
form, one source's files directly in the folder, still loads that source.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_SHARED = Path(__file__).resolve().parent.parent / "shared" / "data"
#: Notebooks whose defaults read the real data (the default source ``ga``; the others use the
#: curated records).
_NEEDS_REAL_DATA = {
    "vote_shift.ipynb",
    "explore.ipynb",
    "voting_practices.ipynb",
    "resolution_brief.ipynb",
    "security_council.ipynb",
}


def has_source(folder: str | os.PathLike | None, name: str, probe: str) -> bool:
    """True if ``folder`` holds source ``name`` (file ``probe``), per-source or directly."""
    if not folder:
        return False
    folder = Path(folder)
    return (folder / name / probe).exists() or (folder / probe).exists()


def pytest_configure(config):
    # Kernels started by nbval inherit this process's environment.
    if not os.environ.get("UNVOTES_DATA_DIR") and (_SHARED / "unvotes-2021" / "unvotes.csv.gz").exists():
        os.environ["UNVOTES_DATA_DIR"] = str(_SHARED)


def pytest_collection_modifyitems(config, items):
    folder = os.environ.get("UNVOTES_DATA_DIR")
    have_data = has_source(folder, "unvotes-2021", "unvotes.csv.gz") and has_source(
        folder, "unxml-ga", "80.json"
    )
    if have_data:
        return
    reason = (
        "real data not found: set UNVOTES_DATA_DIR to ../shared/data (one subfolder per source: "
        "unvotes-2021/, unxml-ga/, unxml-sc/, reference/)"
    )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.name in _NEEDS_REAL_DATA:
            item.add_marker(skip)
