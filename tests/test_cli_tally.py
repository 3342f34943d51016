"""`unvotes tally ...` as a user types it."""

from __future__ import annotations

import json

import pytest

from unvotes_lib.cli import main

ABSTAINERS = ["Denmark (DNK)", "France (FRA)", "United Kingdom (GBR)", "Greece (GRC)", "Slovenia (SVN)"]


def test_symbol_from_curated_says_adopted_10_0_5_and_names_the_abstainers(capsys):
    assert main(["tally", "--symbol", "S/RES/2774 (2025)", "--data", "curated"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("S/RES/2774 (2025) (Security Council, 2025-02-24)\nAdopted 10-0-5\n")
    abstain_line = next(line for line in out.splitlines() if line.strip().startswith("Abstain:"))
    for name in ABSTAINERS:
        assert name in abstain_line
    assert "are not vetoes" in out


def test_what_if_france_voted_no_says_vetoed_by_fra(capsys):
    assert main(["tally", "--symbol", "S/RES/2774 (2025)", "--data", "curated", "--what-if", "FRA=no"]) == 0
    out = capsys.readouterr().out
    assert "If France (FRA) had voted no (not abstain):\nVetoed 10-1-4 by FRA\n" in out
    assert "a permanent member, France (FRA), voted no" in out


def test_counts_ga_human_readable(capsys):
    assert main(["tally", "--yes", "93", "--no", "18", "--abstain", "65"]) == 0
    out = capsys.readouterr().out
    assert "Adopted 93-18-65" in out
    assert "a simple majority of the 111 members present and voting needs 56" in out


def test_counts_two_thirds_rejected(capsys):
    # 79-40: P = 119 needs ceil(238 / 3) = 80
    assert main(["tally", "--yes", "79", "--no", "40", "--majority", "two-thirds"]) == 0
    assert "Rejected 79-40-0" in capsys.readouterr().out


def test_json_for_scripts(capsys):
    argv = [
        "tally",
        "--yes",
        "13",
        "--no",
        "1",
        "--abstain",
        "1",
        "--body",
        "SC",
        "--p5",
        "USA=no,GBR=abstain",
        "--date",
        "2023-12-08",
        "--format",
        "json",
    ]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["decision"]["outcome"] == "vetoed"
    assert out["decision"]["vetoed_by"] == ["USA"]
    assert out["decision"]["required"] == 9
    assert out["decision"]["tally"]["votes"] == {"GBR": "abstain", "USA": "no"}


def test_json_what_if_and_pivotal(capsys):
    argv = [
        "tally",
        "--symbol",
        "S/RES/2774 (2025)",
        "--data",
        "curated",
        "--what-if",
        "DZA=abstain",
        "--what-if",
        "GUY=abstain",
        "--pivotal",
        "--format",
        "json",
    ]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["what_if"]["outcome"] == "failed: insufficient votes"
    assert out["what_if"]["tally"]["yes"] == 8
    single = [r["countries"] for r in out["pivotal"] if r["n_switched"] == 1]
    assert single == ["FRA", "GBR", "CHN", "RUS", "USA"]  # one permanent member's no: a veto
    assert {r["n_switched"] for r in out["pivotal"]} == {1, 2}  # two elected yes votes: 8 < 9


def test_pivotal_table(capsys):
    assert main(["tally", "--yes", "51", "--no", "49", "--pivotal"]) == 0
    out = capsys.readouterr().out
    assert "The fewest switches of vote that would reverse the outcome" in out
    # one yes turned no makes a 50-50 tie
    assert "1       yes      no any 1 of the 51 members voting yes (not entered by country) rejected" in out


@pytest.mark.parametrize(
    ("argv", "pattern"),
    [
        (["tally"], "nothing to tally"),
        (
            ["tally", "--yes", "1", "--symbol", "S/RES/2774 (2025)", "--data", "curated"],
            "either --symbol or counts",
        ),
        (["tally", "--yes", "-3"], "`yes` -3 is a negative count"),
        (["tally", "--yes", "200"], "more than the 193 members"),
        (["tally", "--yes", "13", "--no", "1", "--body", "SC"], r"could be a veto.*--p5"),
        (["tally", "--yes", "10", "--body", "SC", "--p5", "DZA=yes"], "which is not a permanent member"),
        (
            ["tally", "--symbol", "S/RES/2774 (2025)", "--data", "curated", "--what-if", "DEU=no"],
            "not a member of the Security Council",
        ),
        (["tally", "--yes", "5", "--what-if", "FRA"], "not of the form COUNTRY=VOTE"),
    ],
)
def test_errors_exit_2_with_a_message(capsys, argv, pattern):
    import re

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("unvotes: error: ")
    assert re.search(pattern, err, flags=re.DOTALL)
