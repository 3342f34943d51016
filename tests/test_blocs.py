"""Blocs: dated membership, successor codes, HNR cohesion, the bloc line, defections."""

from __future__ import annotations

import importlib.resources

import numpy as np
import pandas as pd
import pytest

from unvotes_lib import blocs
from unvotes_lib.countries import is_known
from unvotes_lib.store import VoteData
from unvotes_lib.yamlio import load_yaml


def make_data(votes: dict[str, list[str]], dates: list[str], *, successors="keep") -> VoteData:
    rolls = pd.DataFrame(
        {
            "rcid": range(1, len(dates) + 1),
            "body": "GA",
            "date": dates,
            "session": "1",
            "symbol": [f"A/RES/{i}" for i in range(1, len(dates) + 1)],
        }
    )
    recs = [(i + 1, c, v) for c, vs in votes.items() for i, v in enumerate(vs) if v]
    vd = VoteData(rolls, pd.DataFrame(recs, columns=["rcid", "country", "vote"]))
    vd.successors = successors
    return vd


def test_bloc_names_and_yaml_sources():
    # the blocs of the first release, in file order (more may be added to data/blocs.yaml)
    first = ["EU", "NATO", "P5", "G7", "BRICS", "Arab League", "African Group"]
    assert [n for n in blocs.bloc_names() if n in first] == first
    raw = load_yaml(str(importlib.resources.files("unvotes_lib.data") / "blocs.yaml"))
    for name, spec in raw["blocs"].items():
        assert spec["source"].strip(), name  # every bloc cites its source
        for m in spec["members"]:
            assert is_known(m["country"]), (name, m)
    assert "NAM" not in raw["blocs"]


def test_unknown_bloc_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"`bloc` 'NAM' is not a known bloc; known blocs: EU, NATO, P5"):
        blocs.bloc_members("NAM")
    with pytest.raises(ValueError, match="`bloc` 'Warsaw Pact' is not a known bloc"):
        blocs.cohesion(make_data({"USA": ["yes"]}, ["2000-01-01"]), "Warsaw Pact")
    with pytest.raises(ValueError, match=r"`date` 'yesterday' is not a date"):
        blocs.bloc_members("EU", "yesterday")


@pytest.mark.parametrize(
    ("bloc", "date", "expected"),
    [
        ("P5", "1971-10-24", ["FRA", "GBR", "SUN", "TWN", "USA"]),  # res. 2758 of 25 Oct 1971
        ("P5", "1971-10-25", ["CHN", "FRA", "GBR", "SUN", "USA"]),
        ("P5", "1991-12-24", ["CHN", "FRA", "GBR", "SUN", "USA"]),
        ("P5", "1991-12-25", ["CHN", "FRA", "GBR", "RUS", "USA"]),
        ("EU", "1957-12-31", []),
        ("EU", "1958-01-01", ["BEL", "DEU", "FRA", "ITA", "LUX", "NLD"]),  # Treaty of Rome
        ("G7", "1976-01-01", ["DEU", "FRA", "GBR", "ITA", "JPN", "USA"]),  # Canada from June 1976
        ("BRICS", "2010-12-23", ["BRA", "CHN", "IND", "RUS"]),
        ("BRICS", "2024-06-01", ["ARE", "BRA", "CHN", "EGY", "ETH", "IND", "IRN", "RUS", "ZAF"]),
    ],
)
def test_members_on_a_date(bloc, date, expected):
    assert blocs.bloc_members(bloc, date) == expected


def test_member_counts_and_exits():
    assert "GBR" in blocs.bloc_members("EU", "2020-01-31")  # left at the end of 31 January 2020
    assert "GBR" not in blocs.bloc_members("EU", "2020-02-01")
    assert len(blocs.bloc_members("EU", "2020-02-01")) == 27
    assert len(blocs.bloc_members("EU", "2013-07-01")) == 28  # Croatia
    assert len(blocs.bloc_members("NATO", "1949-08-24")) == 12
    assert len(blocs.bloc_members("NATO", "2024-03-07")) == 32  # Sweden the 32nd
    assert len(blocs.bloc_members("African Group", "2020-01-01")) == 54
    assert len(blocs.bloc_members("Arab League", "2024-01-01")) == 22
    assert "EGY" not in blocs.bloc_members("Arab League", "1985-01-01")  # suspended 1979-1989
    assert "SYR" not in blocs.bloc_members("Arab League", "2015-01-01")  # suspended 2011-2023
    assert "YMD" in blocs.bloc_members("Arab League", "1980-01-01")
    assert "YMD" not in blocs.bloc_members("Arab League", "1991-01-01")
    assert blocs.is_bloc("arab-league")
    assert blocs.is_bloc("AFRICAN_GROUP")
    assert not blocs.is_bloc("USA")


def test_hnr_index_domain_checks():
    # DOMAIN.md: (7,2,1) -> 0.55, (10,10,100) -> 0.75, (3,3,3) -> 0, (10,0,0) -> 1
    got = blocs.hnr_index(np.array([7, 10, 3, 10]), np.array([2, 10, 3, 0]), np.array([1, 100, 3, 0]))
    assert got == pytest.approx([0.55, 0.75, 0.0, 1.0])
    assert np.isnan(blocs.hnr_index(0, 0, 0))


def test_cohesion_on_built_votes():
    eu6 = ["BEL", "DEU", "FRA", "ITA", "LUX", "NLD"]
    # roll call 1: 4 yes 1 no 1 abstain -> (4 - 2/2)/6 = 0.5; roll call 2: 3 yes 3 no -> (3 - 1.5)/6 = 0.25
    # roll call 3 (2011): 6 yes -> 1
    votes = {
        c: v
        for c, v in zip(
            eu6,
            [
                ["yes", "yes", "yes"],
                ["yes", "yes", "yes"],
                ["yes", "yes", "yes"],
                ["yes", "no", "yes"],
                ["no", "no", "yes"],
                ["abstain", "no", "yes"],
            ],
            strict=True,
        )
    }
    votes["USA"] = ["no", "no", "no"]  # not a member: ignored
    data = make_data(votes, ["2010-01-01", "2010-06-01", "2011-01-01"])
    coh = blocs.cohesion(data, "EU")
    assert coh["period"].tolist() == [2010, 2011]
    assert coh["cohesion"].tolist() == pytest.approx([0.375, 1.0])
    assert coh["roll_calls"].tolist() == [2, 1]
    assert coh["members"].tolist() == [6.0, 6.0]
    whole = blocs.cohesion(data, "EU", by=None)
    assert whole["cohesion"].iloc[0] == pytest.approx((0.5 + 0.25 + 1) / 3)


def test_cohesion_needs_two_members_voting():
    data = make_data({"FRA": ["yes", "yes"], "DEU": ["", "no"]}, ["2010-01-01", "2010-02-01"])
    coh = blocs.cohesion(data, "EU")
    assert coh["roll_calls"].tolist() == [1]  # roll call 1 has one member voting
    assert coh["cohesion"].tolist() == [0.25]  # 1 yes 1 no: (1 - 1/2) / 2


def test_bloc_line_plurality_split_and_none():
    data = make_data(
        {
            "FRA": ["yes", "yes", "abstain", ""],
            "DEU": ["yes", "no", "abstain", ""],
            "ITA": ["no", "", "no", ""],
            "USA": ["no", "no", "no", "yes"],
        },
        ["2010-01-01"] * 4,
    )
    line = blocs.bloc_line(data, "EU")
    assert line["line"].tolist()[:3] == ["yes", "split", "abstain"]
    assert line["line"].isna().tolist() == [False, False, False, True]  # no member voted on roll call 4
    assert line["members"].tolist() == [3, 2, 3, 0]
    assert (line["yes"].tolist(), line["no"].tolist(), line["abstain"].tolist()) == (
        [2, 1, 0, 0],
        [1, 1, 1, 0],
        [0, 0, 2, 0],
    )
    assert line["share"].iloc[0] == pytest.approx(2 / 3)
    assert np.isnan(line["share"].iloc[1])
    assert line["cohesion"].iloc[0] == pytest.approx((2 - 0.5) / 3)


def test_defections_and_membership_dates():
    # the UK votes against the EU line before and after Brexit: only the first is a defection
    data = make_data(
        {"FRA": ["yes", "yes"], "DEU": ["yes", "yes"], "GBR": ["no", "no"], "ITA": ["abstain", "yes"]},
        ["2020-01-31", "2020-02-01"],
    )
    d = blocs.defections(data, "EU")
    assert d[["rcid", "country", "vote", "line", "kind"]].values.tolist() == [
        [1, "GBR", "no", "yes", "opposite"],
        [1, "ITA", "abstain", "yes", "partial"],
    ]


def test_successor_codes_under_merge_and_keep():
    # A 1980 vote of the USSR filed under RUS (merge) or SUN (keep): a P5 member either way
    votes = {"USA": ["no"], "GBR": ["no"], "FRA": ["no"], "CHN": ["yes"]}
    merged = make_data(votes | {"RUS": ["yes"]}, ["1980-01-01"], successors="merge")
    kept = make_data(votes | {"SUN": ["yes"]}, ["1980-01-01"])
    for data in (merged, kept):
        line = blocs.bloc_line(data, "P5")
        assert (line["members"].iloc[0], line["yes"].iloc[0], line["no"].iloc[0]) == (5, 2, 3)
    # China's seat in 1970 was Taiwan's: the PRC's row is not a member then
    early = make_data({"CHN": ["yes"], "TWN": ["no"], "USA": ["no"]}, ["1970-01-01"])
    assert blocs.bloc_line(early, "P5")[["members", "yes", "no"]].values.tolist() == [[2, 0, 2]]


def test_partial_roll_calls_warn():
    rolls = pd.DataFrame(
        {
            "rcid": [1],
            "body": "GA",
            "date": ["2010-01-01"],
            "session": "64",
            "symbol": ["A/RES/64/1"],
            "partial": [True],
        }
    )
    data = VoteData(rolls, pd.DataFrame({"rcid": [1, 1], "country": ["FRA", "DEU"], "vote": ["yes", "no"]}))
    with pytest.warns(UserWarning, match=r"partial roll call\(s\) \(A/RES/64/1\)"):
        blocs.cohesion(data, "EU")
    with pytest.warns(UserWarning, match="partial roll call"):
        blocs.defections(data, "EU")


@pytest.mark.data
def test_real_eu_more_cohesive_than_p5(real_data):
    eu = blocs.cohesion(real_data, "EU").set_index("period")["cohesion"]
    p5 = blocs.cohesion(real_data, "P5").set_index("period")["cohesion"]
    assert eu.index.min() == 1958  # the EEC from 1 January 1958
    # EU members coordinate their UNGA votes; the P5 split along Cold War and later lines
    assert eu.loc[2010:2019].mean() > 0.85
    assert eu.loc[2010:2019].mean() > p5.loc[2010:2019].mean() + 0.2


@pytest.mark.data
def test_real_p5_membership_1980_uses_the_rus_row(real_data):
    line = blocs.bloc_line(real_data.filter(years=1980), "P5")
    assert line["members"].max() == 5  # USA GBR FRA CHN and the USSR (filed under RUS)
    assert line["members"].min() >= 4
