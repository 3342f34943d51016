"""The voting_practices report against a plain pandas computation on the raw unvotes-2021 files.

`unvotes report render voting_practices -p country=USA -p year=2018`: every member's same,
opposite, partial counts and State Department coincidence (DOMAIN.md section 3) must equal
what pandas computes from unvotes.csv.gz and roll_calls.csv.gz directly.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from unvotes_lib.countries import from_iso2

from .test_report_notebooks import assert_clean_page

pytestmark = [pytest.mark.slow, pytest.mark.data]


def _by_pandas(folder, year: int, focus_iso2: str) -> pd.DataFrame:
    votes = pd.read_csv(folder / "unvotes.csv.gz", keep_default_na=False)  # "NA" is Namibia
    rolls = pd.read_csv(folder / "roll_calls.csv.gz")
    rcids = rolls.loc[pd.to_datetime(rolls["date"]).dt.year == year, "rcid"]
    v = votes[votes["rcid"].isin(rcids)]
    focus = v[v["country_code"] == focus_iso2][["rcid", "vote"]]
    pair = v[v["country_code"] != focus_iso2].merge(focus, on="rcid", suffixes=("", "_focus"))
    a, b = pair["vote"], pair["vote_focus"]
    pair = pair.assign(
        same=a == b,
        opposite=((a == "yes") & (b == "no")) | ((a == "no") & (b == "yes")),
        partial=(a != b) & ((a == "abstain") | (b == "abstain")),
    )
    out = pair.groupby("country_code")[["same", "opposite", "partial"]].sum()
    out["coincidence"] = (out["same"] + out["partial"] / 2) / (out["same"] + out["opposite"] + out["partial"])
    out.index = [from_iso2(c) for c in out.index]  # ISO2 -> ISO3, only a code lookup
    return out


def test_cli_render_matches_pandas_for_every_member(reference_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir.parent))  # one subfolder per source
    monkeypatch.delenv("MPLBACKEND", raising=False)
    out = tmp_path / "reports"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "unvotes_lib.cli",
            "report",
            "render",
            "voting_practices",
            "-p",
            "country=USA",
            "-p",
            "year=2018",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    metrics_path = next(out.rglob("metrics.json"))
    doc = json.loads(metrics_path.read_text())
    m = doc.get("metrics", doc)
    expected = _by_pandas(reference_dir, 2018, "US")
    members = m["members"]
    assert set(members) == set(expected.index)
    assert len(members) == 192  # every member but the United States
    for code, row in expected.iterrows():
        got = members[code]
        assert [got["same"], got["opposite"], got["partial"]] == [
            int(row["same"]),
            int(row["opposite"]),
            int(row["partial"]),
        ], code
        assert got["coincidence"] == pytest.approx(row["coincidence"], abs=1e-6), code
    # overall: the pooled counts of every member
    pooled = expected[["same", "opposite", "partial"]].sum()
    overall = (pooled["same"] + pooled["partial"] / 2) / pooled.sum()
    assert m["overall"] == pytest.approx(overall, abs=1e-9)
    assert m["highest"]["country"] == expected["coincidence"].idxmax()
    html = next(out.rglob("report.html")).read_text()
    assert_clean_page(html)
    assert "Download CSV (192 rows)" in html
    assert "Western European and Others Group" in html


@pytest.mark.data
def test_defaults_render_the_latest_year_on_ga_as_a_clean_page(reference_dir, tmp_path, monkeypatch):
    from unvotes_lib import reports

    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir.parent))
    result = reports.render("voting_practices", {}, out_dir=tmp_path)
    assert result.status == "ok"
    m = result.metrics
    # year 0 = the latest year with ten or more roll calls: the UN's GA files run to June 2026
    assert m["year"] == 2026
    assert "USA" not in m["members"]
    assert {"FRA", "RUS", "CHN", "ISR"} <= set(m["members"])
    assert all(0 <= v["coincidence"] <= 1 for v in m["members"].values() if v["coincidence"] is not None)
    assert_clean_page(result.html.read_text())
