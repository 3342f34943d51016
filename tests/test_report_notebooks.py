"""The real report notebooks, rendered through unvotes_lib.reports with their defaults and
with other parameters. Expected numbers come from DOMAIN.md, the curated record, or a plain
pandas computation on the raw CSV files, never from the library itself."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from unvotes_lib import reports

from .conftest import REPO

pytestmark = pytest.mark.slow

CURATED = REPO / "data" / "curated" / "24feb2025.yaml"
UNVOTES_SHA = "dd61cbd22f6f74494b517f104256190d4ce0f5fabaa7e885f161fcf5206ac89e"  # shared/data/SHA256SUMS


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("reports")


def _pngs(result) -> int:
    nb = nbformat.read(result.notebook, as_version=4)
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def _errors(result) -> list:
    nb = nbformat.read(result.notebook, as_version=4)
    return [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def _curated_sha() -> str:
    return hashlib.sha256(CURATED.read_bytes()).hexdigest()


def _coincidence_by_pandas(folder: Path, year: int, a: str, b: str) -> float:
    """State Department coincidence of two ISO2 codes in one year, straight from the raw CSVs."""
    votes = pd.read_csv(folder / "unvotes.csv.gz", keep_default_na=False)
    rolls = pd.read_csv(folder / "roll_calls.csv.gz")
    rcids = rolls.loc[pd.to_datetime(rolls["date"]).dt.year == year, "rcid"]
    v = votes[votes["rcid"].isin(rcids)]
    pair = v[v["country_code"] == a].merge(v[v["country_code"] == b], on="rcid")
    same = (pair["vote_x"] == pair["vote_y"]).sum()
    partial = ((pair["vote_x"] == "abstain") ^ (pair["vote_y"] == "abstain")).sum()
    return (same + partial / 2) / len(pair)


@pytest.mark.data
def test_vote_shift_defaults(out_dir, reference_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir))
    result = reports.render("vote_shift", {}, out_dir=out_dir)
    assert result.status == "ok"
    m = result.metrics
    rolls = pd.read_csv(reference_dir / "roll_calls.csv.gz")
    years = pd.to_datetime(rolls["date"]).dt.year
    assert m["roll_calls"] == int(years.between(1990, 2019).sum())
    # In 1990 Russia's seat was the USSR's: ISO2 RU in the raw file.
    assert m["partners"]["RUS"]["agreement_first"] == pytest.approx(
        _coincidence_by_pandas(reference_dir, 1990, "US", "RU"), abs=1e-4
    )
    assert m["partners"]["GBR"]["agreement_last"] == pytest.approx(
        _coincidence_by_pandas(reference_dir, 2019, "US", "GB"), abs=1e-4
    )
    assert set(m["partners"]) == {"RUS", "GBR", "FRA", "CHN", "EU"}
    assert _pngs(result) >= 2
    assert not _errors(result)
    assert UNVOTES_SHA in result.html.read_text()


@pytest.mark.data
def test_vote_shift_other_country(out_dir, reference_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir))
    params = {
        "country": "Brazil",
        "partners": "ARG,USA",
        "bloc": "BRICS",
        "years": "2000-2019",
        "period_a": "2000-2009",
        "period_b": "2010-2019",
        "issue": "hr",
    }
    result = reports.render("vote_shift", params, out_dir=out_dir)
    m = result.metrics
    assert m["country"] == "BRA"  # the name was resolved before the kernel started
    assert set(m["partners"]) == {"ARG", "USA", "BRICS"}
    assert m["first_period"] == 2000
    assert _pngs(result) >= 2


def test_resolution_brief_defaults_partial_record(out_dir):
    result = reports.render("resolution_brief", {}, out_dir=out_dir)
    m = result.metrics
    # DOMAIN.md section 1: 93-18-65, P = 111, a simple majority needs 56.
    assert (m["outcome"], m["yes"], m["no"], m["abstain"], m["required"], m["margin"]) == (
        "adopted",
        93,
        18,
        65,
        56,
        37,
    )
    assert m["partial"] is True
    # Only the USA is entered on both ES-11/8 (abstain) and ES-11/7 (no): one country moved.
    assert m["n_moved"] == 1
    html = result.html.read_text()
    assert _curated_sha() in html
    assert "Partial record" in html
    assert _pngs(result) >= 2


def test_resolution_brief_security_council_and_reproducible(out_dir):
    params = {"symbol": "S/RES/2774 (2025)", "compare_to": ""}
    first = reports.render("resolution_brief", params, out_dir=out_dir)
    m = first.metrics
    # DOMAIN.md section 2: 10-0-5 adopted; 9 needed.
    assert (m["outcome"], m["yes"], m["no"], m["abstain"], m["required"], m["partial"]) == (
        "adopted",
        10,
        0,
        5,
        9,
        False,
    )
    assert "France (FRA) and United Kingdom (GBR)" in first.html.read_text()
    files = {p: p.read_bytes() for p in (first.html, first.metrics_path)}
    again = reports.render("resolution_brief", params, out_dir=out_dir, force=True)
    assert again.status == "ok"
    for path, content in files.items():
        assert path.read_bytes() == content, f"{path.name} differs between two renders"


def test_security_council_defaults_and_other_years(out_dir):
    result = reports.render("security_council", {}, out_dir=out_dir)
    m = result.metrics
    assert m["resolutions"] == 1
    assert m["outcome"] == "adopted"
    assert m["p5"]["France"] == {"yes": 0, "no": 0, "abstain": 1, "absent": 0}
    assert m["p5"]["Russia"] == {"yes": 1, "no": 0, "abstain": 0, "absent": 0}
    assert _pngs(result) >= 3
    other = reports.render("security_council", {"years": "2025", "symbol": ""}, out_dir=out_dir)
    assert other.metrics["outcome"] is None
    assert _curated_sha() in other.html.read_text()


@pytest.mark.data
def test_explore_defaults_and_other_countries(out_dir, reference_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir))
    for params in ({}, {"countries": "FRA,DEU,GBR", "years": "1991-2019"}):
        result = reports.render("explore", params, out_dir=out_dir)
        assert result.status == "ok"
        assert _pngs(result) == 2
        assert UNVOTES_SHA in result.html.read_text()


def test_voting_mechanics_defaults(out_dir):
    result = reports.render("voting_mechanics", {}, out_dir=out_dir)
    assert result.status == "ok"
    assert _pngs(result) >= 3
    assert not _errors(result)
    metrics = json.loads(result.metrics_path.read_text())
    assert metrics["provenance"]["datasets"][0]["sha256"] == _curated_sha()
    # Defaults: 93-18-65 adopted needing 56 (DOMAIN.md); S/RES/2774 with France voting no is vetoed;
    # with Algeria and Guyana abstaining it has 8 yes votes: failed, insufficient votes.
    m = result.metrics
    assert (m["your_outcome"], m["your_required"], m["your_margin"]) == ("adopted", 56, 37)
    assert (m["s_res_2774"], m["france_no"], m["two_abstain"]) == (
        "adopted",
        "vetoed",
        "failed: insufficient votes",
    )
