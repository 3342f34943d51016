"""Shared fixtures: an isolated cache per test session, the real reference data, small frames."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

# Fixture notebooks (one of them fails on purpose) are test data, not notebooks to smoke-test.
collect_ignore_glob = ["fixtures/*"]

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _reference_dir() -> Path | None:
    """The real unvotes-2021 data: UNVOTES_DATA_DIR, else ../shared/data/unvotes-2021."""
    env = os.environ.get("UNVOTES_DATA_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data" / "unvotes-2021")
    for c in candidates:
        if (c / "unvotes.csv.gz").exists() or (c / "unvotes.csv").exists():
            return c.resolve()
    return None


REFERENCE_DIR = _reference_dir()
IDEAL_POINTS_FILE = (
    REFERENCE_DIR.parent / "reference" / "IdealpointestimatesAll_Apr2020.csv" if REFERENCE_DIR else None
)


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Every test session gets its own cache and default source, never the user's."""
    old = {k: os.environ.get(k) for k in ("UNVOTES_CACHE", "UNVOTES_SOURCE")}
    os.environ["UNVOTES_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("UNVOTES_SOURCE", None)
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in matplotlib.sys.modules:
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Folder of the real unvotes-2021 CSVs; skips the test when it is absent."""
    if REFERENCE_DIR is None:
        pytest.skip("real reference data not found: set UNVOTES_DATA_DIR to ../shared/data/unvotes-2021")
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def real_data(reference_dir):
    """The full unvotes-2021 VoteData (successors merged), loaded once per test session."""
    import unvotes_lib

    return unvotes_lib.load("unvotes-2021", path=reference_dir)


@pytest.fixture(scope="session")
def ideal_points_file() -> Path:
    """The published Bailey-Strezhnev-Voeten table; skips when absent."""
    if IDEAL_POINTS_FILE is None or not IDEAL_POINTS_FILE.exists():
        pytest.skip(
            "published ideal points not found: expected ../shared/data/reference/"
            "IdealpointestimatesAll_Apr2020.csv beside UNVOTES_DATA_DIR"
        )
    return IDEAL_POINTS_FILE


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own (imports and downloads stay here)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("UNVOTES_CACHE", str(folder))
    return folder
