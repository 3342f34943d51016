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


def _data_dir() -> Path | None:
    """The real data: UNVOTES_DATA_DIR (one subfolder per source), else ../shared/data.

    The older form, UNVOTES_DATA_DIR naming the unvotes-2021 folder itself, is accepted:
    the parent folder then holds the other sources.
    """
    env = os.environ.get("UNVOTES_DATA_DIR")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data")
    for c in candidates:
        if (c / "unvotes-2021" / "unvotes.csv.gz").exists():
            return c.resolve()
        if (c / "unvotes.csv.gz").exists() or (c / "unvotes.csv").exists():
            return c.resolve().parent
    return None


DATA_DIR = _data_dir()
REFERENCE_DIR = DATA_DIR / "unvotes-2021" if DATA_DIR and (DATA_DIR / "unvotes-2021").is_dir() else None
IDEAL_POINTS_FILE = DATA_DIR / "reference" / "IdealpointestimatesAll_Apr2020.csv" if DATA_DIR else None
_NO_DATA = (
    "real data not found: set UNVOTES_DATA_DIR to ../shared/data (one subfolder per source: "
    "unvotes-2021/, unxml-ga/, unxml-sc/, reference/)"
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
def data_dir() -> Path:
    """The folder with one subfolder per source (UNVOTES_DATA_DIR); skips when absent."""
    if DATA_DIR is None:
        pytest.skip(_NO_DATA)
    return DATA_DIR


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Folder of the real unvotes-2021 CSVs (``<data_dir>/unvotes-2021``); skips when absent."""
    if REFERENCE_DIR is None:
        pytest.skip(_NO_DATA)
    return REFERENCE_DIR


def _source_dir(name: str) -> Path:
    if DATA_DIR is None or not (DATA_DIR / name).is_dir():
        pytest.skip(f"{name}/ not found under UNVOTES_DATA_DIR: {_NO_DATA}")
    return DATA_DIR / name


@pytest.fixture(scope="session")
def unxml_ga_dir() -> Path:
    """Folder of the UN's GA session files (``<data_dir>/unxml-ga``); skips when absent."""
    return _source_dir("unxml-ga")


@pytest.fixture(scope="session")
def unxml_sc_dir() -> Path:
    """Folder of the UN's SC year files (``<data_dir>/unxml-sc``); skips when absent."""
    return _source_dir("unxml-sc")


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


#: Debian's Chromium (never a browser download), started as the workplace's probe starts it.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright; skips, saying why, where either is absent."""
    if not CHROMIUM.exists():
        pytest.skip(
            "/usr/bin/chromium is absent: install Debian's chromium package (apt-get install chromium)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
