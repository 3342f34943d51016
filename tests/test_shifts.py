"""Shifts: trailing-baseline flags, movers, transitions between two votes, unusual votes."""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest

from unvotes_lib.shifts import agenda_key, alignment_shift, movers, transitions, unusual_votes
from unvotes_lib.store import VoteData

LABEL = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}


def make_data(rows: dict[str, str], dates: list[str], titles=None, symbols=None) -> VoteData:
    m = len(dates)
    rolls = pd.DataFrame(
        {
            "rcid": range(1, m + 1),
            "body": "GA",
            "date": dates,
            "session": "1",
            "symbol": symbols or [f"A/RES/{i}" for i in range(1, m + 1)],
            "title": titles or [f"Item {i}" for i in range(1, m + 1)],
        }
    )
    recs = [(i + 1, c, LABEL[x]) for c, s in rows.items() for i, x in enumerate(s) if x != "."]
    return VoteData(rolls, pd.DataFrame(recs, columns=["rcid", "country", "vote"]))


def yearly(values: list[str], start=2000) -> list[str]:
    return [f"{start + i}-10-01" for i in range(len(values))]


def test_alignment_shift_baseline_by_hand():
    # one vote a year; GBR agrees with the USA (1.0) or not (0.0)
    gbr = "YYNYYN"  # values 1, 1, 0, 1, 1, 0
    data = make_data({"USA": "YYYYYY", "GBR": gbr}, yearly(list(gbr)))
    out = alignment_shift(data, "USA", "GBR", baseline=3, threshold=1.0, min_votes=1)
    assert out["value"].tolist() == [1, 1, 0, 1, 1, 0]
    # 2003: baseline (1, 1, 0): mean 2/3, sd 0.57735; change 1/3 -> z 0.577 (not unusual at 1 sd)
    # 2005: baseline (0, 1, 1): mean 2/3, change -2/3 -> z -1.1547 (unusual)
    b = [1, 1, 0]
    assert out["baseline_mean"].iloc[3] == pytest.approx(statistics.mean(b))
    assert out["baseline_std"].iloc[3] == pytest.approx(statistics.stdev(b))
    assert out["z"].iloc[5] == pytest.approx((0 - 2 / 3) / statistics.stdev([0, 1, 1]))
    assert out["unusual"].tolist() == [False, False, False, False, False, True]
    assert out["baseline_mean"].iloc[:3].isna().all()  # no full baseline yet
    assert list(out.columns) == [
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
    ]


def test_alignment_shift_counts_the_sampling_error_of_a_thin_year():
    # Four votes a year. GBR agrees on all four for three years, then on two of four:
    # baseline (1, 1, 1): mean 1, sd 0; 2003 value 0.5 from n = 4 has se = sqrt(.5 * .5 / 4) = 0.25,
    # so z = (0.5 - 1) / sqrt(0 + 0.25**2) = -2: unusual at threshold 2, not at 2.5.
    dates = [f"{y}-10-0{d}" for y in range(2000, 2004) for d in range(1, 5)]
    data = make_data({"USA": "Y" * 16, "GBR": "Y" * 12 + "YYNN"}, dates)
    out = alignment_shift(data, "USA", "GBR", baseline=3, min_votes=1)
    last = out.iloc[-1]
    assert (last["value"], last["se"], last["z"]) == pytest.approx((0.5, 0.25, -2.0))
    assert bool(last["unusual"])
    assert not alignment_shift(data, "USA", "GBR", baseline=3, min_votes=1, threshold=2.5)["unusual"].any()


def test_alignment_shift_zero_spread_and_bloc_partner():
    data = make_data({"USA": "YYYN", "FRA": "YYYY", "DEU": "YYYY"}, yearly(list("YYYN")))
    out = alignment_shift(data, "USA", ["FRA", "EU"], baseline=3, min_votes=1)
    assert out["partner"].tolist() == ["FRA"] * 4 + ["EU"] * 4  # in the order given
    last = out[out["period"] == 2003]
    assert np.isinf(last["z"]).all()  # baseline (1, 1, 1) has no spread: any change is flagged
    assert last["unusual"].all()


def test_alignment_shift_min_votes_skips_thin_periods():
    data = make_data({"USA": "YYYN", "FRA": "YYYY"}, yearly(list("YYYN")))
    out = alignment_shift(data, "USA", "FRA", baseline=2, min_votes=2)
    assert not out["unusual"].any()  # every year has one shared vote: nothing is judged


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"baseline": 1}, r"`baseline` 1 must be a whole number of periods >= 2"),
        ({"threshold": 0}, r"`threshold` 0 must be a positive number"),
        ({"metric": "tau"}, r"`metric` 'tau' is not an agreement metric"),
    ],
)
def test_alignment_shift_errors(kwargs, match):
    data = make_data({"USA": "Y", "FRA": "Y"}, ["2000-01-01"])
    with pytest.raises(ValueError, match=match):
        alignment_shift(data, "USA", "FRA", **kwargs)
    with pytest.raises(ValueError, match="`partners` is empty"):
        alignment_shift(data, "USA", [])


def test_movers_ranked_by_absolute_change():
    dates = ["2000-01-01", "2000-02-01", "2010-01-01", "2010-02-01"]
    data = make_data({"USA": "YYYY", "FRA": "YYNN", "RUS": "NNYA", "CHN": "NNNN"}, dates)
    out = movers(data, "USA", period_a=2000, period_b="2010", min_votes=1)
    # FRA 1 -> 0 (-1), RUS 0 -> 0.75 (+0.75), CHN 0 -> 0 (0)
    assert out["country"].tolist() == ["FRA", "RUS", "CHN"]
    assert out["change"].tolist() == pytest.approx([-1.0, 0.75, 0.0])
    assert out["rank"].tolist() == [1, 2, 3]
    assert movers(data, "USA", period_a=2000, period_b=2010, min_votes=3).empty  # 2 shared votes each
    with pytest.raises(ValueError, match=r"`period_b` 1990 has no roll calls"):
        movers(data, "USA", period_a=2000, period_b=1990)


def test_transitions_crosstab_and_moves():
    data = make_data(
        {"USA": "YN", "FRA": "YY", "RUS": "NN", "IND": "AY", "BRA": "Y.", "CHN": "XA"},
        ["2022-03-02", "2025-02-24"],
        symbols=["A/RES/ES-11/1", "A/RES/ES-11/7"],
    )
    t = transitions(data, "a/res/es-11/1", "A/RES/ES-11/7")
    ct = t.crosstab
    assert list(ct.index) == ["yes", "abstain", "no", "absent", "not recorded"] == list(ct.columns)
    assert ct.values.sum() == 6
    assert ct.loc["yes", "yes"] == 1  # FRA
    assert ct.loc["yes", "no"] == 1  # USA
    assert ct.loc["abstain", "yes"] == 1  # IND
    assert ct.loc["absent", "abstain"] == 1  # CHN
    assert ct.loc["yes", "not recorded"] == 1  # BRA
    moved = t.countries[t.countries["moved"]]
    assert dict(zip(moved["country"], moved["change"], strict=True)) == {
        "USA": "yes -> no",
        "IND": "abstain -> yes",
        "CHN": "absent -> abstain",
    }
    # BRA has no record on the second vote: unknown, not a move.
    bra = t.countries.set_index("country").loc["BRA"]
    assert (bool(bra["moved"]), bra["change"]) == (False, "")
    assert t.countries["moved"].tolist() == [True] * 3 + [False] * 3  # movers first
    with pytest.raises(ValueError, match=r"`symbol_b` 'A/RES/ES-11/9' is not a roll call"):
        transitions(data, "A/RES/ES-11/1", "A/RES/ES-11/9")


def test_transitions_warn_on_partial_records():
    import unvotes_lib

    curated = unvotes_lib.load("curated")
    with pytest.warns(UserWarning, match="partial roll call"):
        t = transitions(curated, "A/RES/ES-11/7", "A/RES/ES-11/8")
    # only the votes entered by hand: the USA voted no on ES-11/7 and abstained on ES-11/8
    usa = t.countries.set_index("country").loc["USA"]
    assert (usa["vote_a"], usa["vote_b"], usa["change"]) == ("no", "abstain", "no -> abstain")


def test_agenda_key():
    assert agenda_key("Question of Palestine : resolution / adopted by the General Assembly") == (
        "question of palestine"
    )
    assert agenda_key("QUESTION  OF PALESTINE") == "question of palestine"
    assert agenda_key(None) == ""


def test_unusual_votes_both_rules_by_hand():
    titles = ["Embargo", "Embargo", "Embargo", "Embargo", "Other"]
    dates = ["2000-01-01", "2001-01-01", "2002-01-01", "2003-01-01", "2003-02-01"]
    data = make_data({"USA": "NNNYY", "ISR": "NNNNY", "GBR": "YYYNN", "CAN": "NNNNN"}, dates, titles=titles)
    out = unusual_votes(data, "USA", against=["ISR", "CAN"])
    # roll call 4: USA yes; its record on "Embargo" is no, no, no (3 of 3); ISR and CAN both no -> both rules
    # roll call 5: USA yes, partners split 1-1 (no clear line), no earlier "Other" vote -> nothing
    assert out[["rcid", "rule", "vote", "expected", "support", "basis", "kind"]].values.tolist() == [
        [4, "own record", "yes", "no", 1.0, 3, "opposite"],
        [4, "partners", "yes", "no", 1.0, 2, "opposite"],
    ]
    # a fourth earlier vote is required with min_record=4: the own-record rule falls silent
    out4 = unusual_votes(data, "USA", against=["ISR", "CAN"], min_record=4)
    assert out4["rule"].tolist() == ["partners"]


def test_unusual_votes_closest_partners_default():
    dates = [f"2000-01-{d:02d}" for d in range(1, 7)]
    data = make_data({"USA": "YYYYYN", "ISR": "YYYYYY", "CAN": "YYYYYY", "CUB": "NNNNNN"}, dates)
    out = unusual_votes(data, "USA", k=2, min_shared=1)
    # closest two: ISR and CAN (5/6 each); on roll call 6 both vote yes, the USA no
    assert out["rcid"].tolist() == [6]
    assert out["partners"].iloc[0] == "CAN, ISR"
    with pytest.raises(ValueError, match=r"`min_share` 0.4 must be in \(0.5, 1\]"):
        unusual_votes(data, "USA", min_share=0.4)
    with pytest.raises(ValueError, match=r"`k` 0 must be a whole number of partners >= 1"):
        unusual_votes(data, "USA", k=0)


@pytest.mark.data
def test_real_us_russia_series_and_movers(real_data):
    out = alignment_shift(real_data, "USA", ["RUS", "EU"])
    rus = out[out["partner"] == "RUS"].set_index("period")
    # the end of the Cold War: US-Russia coincidence jumps from the 1980s to 1992
    assert rus.loc[1992, "value"] > rus.loc[1985:1989, "value"].mean() + 0.2
    assert rus.loc[1991, "unusual"] or rus.loc[1992, "unusual"]
    mv = movers(real_data, "USA", period_a="1985-1989", period_b="1992-1996")
    top = mv.head(20)["country"].tolist()
    assert "RUS" in top or mv.set_index("country").loc["RUS", "change"] > 0.2
    assert (mv["rank"] == np.arange(1, len(mv) + 1)).all()
    assert mv["change"].abs().is_monotonic_decreasing


def test_alignment_shift_joins_ideal_point_distances_by_year():
    data = make_data({"USA": "YY", "RUS": "NN", "FRA": "YY"}, ["2018-10-01", "2019-10-01"])
    # Hand-made ideal points: USA 2.0 / 2.5, RUS -1.0 / -1.5 -> distances 3.0 and 4.0.
    ideal = pd.DataFrame(
        {
            "session": [73, 73, 74, 74],
            "year": [2018, 2018, 2019, 2019],
            "country": ["USA", "RUS", "USA", "RUS"],
            "ideal": [2.0, -1.0, 2.5, -1.5],
            "se": [0.1] * 4,
        }
    )
    out = alignment_shift(data, "USA", ["RUS", "FRA", "EU"], baseline=2, min_votes=1, ideal=ideal)
    got = {(p, y): d for p, y, d in zip(out["partner"], out["period"], out["ideal_distance"], strict=True)}
    assert got[("RUS", 2018)] == 3.0
    assert got[("RUS", 2019)] == 4.0
    assert np.isnan(got[("FRA", 2019)])  # no ideal point for France in this table
    assert all(np.isnan(d) for (p, _), d in got.items() if p == "EU")
    with pytest.raises(ValueError, match="joined by year"):
        alignment_shift(data, "USA", "RUS", by="session", ideal=ideal)
