"""`unvotes agreement` and `unvotes shift` as a user types them."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from unvotes_lib.cli import main

CURATED = """\
format: unvotes-curated/1
records:
  - {symbol: A/RES/1, body: GA, date: 2010-10-01, session: "65", complete: true,
     votes: {yes: [USA, ISR, FRA, DEU], no: [CUB]}}
  - {symbol: A/RES/2, body: GA, date: 2010-10-02, session: "65", complete: true,
     votes: {yes: [CUB, FRA], no: [USA, ISR], abstain: [DEU]}}
  - {symbol: A/RES/3, body: GA, date: 2011-10-01, session: "66", complete: true,
     votes: {yes: [CUB, FRA, DEU], no: [USA], abstain: [ISR]}}
"""


@pytest.fixture
def curated(tmp_path):
    path = tmp_path / "votes.yaml"
    path.write_text(CURATED)
    return str(path)


def test_agreement_csv_on_a_small_file(capsys, curated):
    assert (
        main(["agreement", "--data", curated, "--country", "USA", "--with", "ISR,CUB", "--format", "csv"])
        == 0
    )
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    got = {(r.period, r.country_b): r.value for r in df.itertuples()}
    # 2010: USA-ISR Y/Y, N/N -> 1; USA-CUB Y/N, N/Y -> 0; 2011: USA-ISR N/A -> 0.5; USA-CUB N/Y -> 0
    assert got == {(2010, "ISR"): 1.0, (2010, "CUB"): 0.0, (2011, "ISR"): 0.5, (2011, "CUB"): 0.0}


def test_agreement_bloc_json_and_whole_span(capsys, curated):
    assert (
        main(
            [
                "agreement",
                "--data",
                curated,
                "--country",
                "USA",
                "--bloc",
                "eu",
                "--by",
                "all",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    # EU line (FRA, DEU): yes; split (yes/abstain) -> no line; yes. USA: yes, -, no -> (1 + 0) / 2
    assert len(rows) == 1
    assert (rows[0]["country_b"], rows[0]["n"], rows[0]["value"]) == ("EU", 2, 0.5)
    assert rows[0]["period"] == "2010-2011"


def test_agreement_table_years_and_metric(capsys, curated):
    assert (
        main(
            [
                "agreement",
                "--data",
                curated,
                "--country",
                "USA",
                "--with",
                "ISR",
                "--years",
                "2011",
                "--metric",
                "identical",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    header, row = (line.split() for line in out.strip().splitlines())
    assert header == ["period", "country_a", "country_b", "n", "same", "opposite", "partial", "value"]
    assert row == ["2011", "USA", "ISR", "1", "0", "0", "1", "0.000"]  # N against A: partial, not identical


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--with", "ISR", "--bloc", "EU"], "give either --with CODES or --bloc NAME, not both"),
        (["--bloc", "NAM"], "`--bloc` 'NAM' is not a known bloc; known blocs: EU, NATO"),
        (["--with", "Atlantis"], "`partners` 'Atlantis' is not a known country code or name"),
        (["--years", "1990"], "--years '1990' selects no roll calls"),
    ],
)
def test_agreement_errors_exit_2(capsys, curated, argv, message):
    assert main(["agreement", "--data", curated, "--country", "USA", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unvotes: error: ")
    assert message in err


def test_bad_by_is_a_usage_error(capsys, curated):
    with pytest.raises(SystemExit) as exc:
        main(["agreement", "--data", curated, "--country", "USA", "--by", "month"])
    assert exc.value.code == 2
    assert "use year, session, all, or a number of years" in capsys.readouterr().err


def test_shift_needs_partners(capsys, curated):
    assert main(["shift", "--data", curated, "--country", "USA"]) == 2
    assert "give partners with --with CODES and/or --bloc NAME" in capsys.readouterr().err


def test_shift_json_columns(capsys, curated):
    assert (
        main(
            [
                "shift",
                "--data",
                curated,
                "--country",
                "USA",
                "--with",
                "ISR",
                "--bloc",
                "EU",
                "--baseline",
                "2",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["partner"], r["period"]) for r in rows] == [
        ("ISR", 2010),
        ("ISR", 2011),
        ("EU", 2010),
        ("EU", 2011),
    ]
    assert set(rows[0]) == {
        "period",
        "country",
        "partner",
        "n",
        "value",
        "baseline_mean",
        "baseline_std",
        "change",
        "se",
        "z",
        "unusual",
    }
    assert not any(r["unusual"] for r in rows)  # two years: no full baseline of 2 earlier periods


@pytest.mark.data
def test_real_us_coincidence_2018_from_the_cli(capsys, reference_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir))
    assert (
        main(
            [
                "agreement",
                "--data",
                "unvotes-2021",
                "--country",
                "USA",
                "--with",
                "ISR,CUB",
                "--years",
                "2018",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    df = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("country_b")
    assert df.loc["ISR", "value"] > 0.9
    assert df.loc["CUB", "value"] < 0.3
    assert (df["period"] == 2018).all()


@pytest.mark.data
def test_real_shift_unusual_only(capsys, reference_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir))
    assert (
        main(
            [
                "shift",
                "--data",
                "unvotes-2021",
                "--country",
                "USA",
                "--with",
                "RUS",
                "--bloc",
                "EU",
                "--years",
                "1980-2019",
                "--unusual",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(df) > 0
    assert df["unusual"].all()
    assert set(df["partner"]) <= {"RUS", "EU"}
    assert (df["z"].abs() >= 2).all()
