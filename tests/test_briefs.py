"""The tables and sentences of the report notebooks, on small data worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import unvotes_lib
from unvotes_lib import briefs
from unvotes_lib.store import VoteData

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def curated():
    return unvotes_lib.load("curated")


def test_votes_by_bloc_on_resolution_2774(curated):
    table = briefs.votes_by_bloc(curated, "S/RES/2774 (2025)").set_index("bloc")
    # Council of 24 Feb 2025: yes CHN RUS USA DZA GUY KOR SLE PAK PAN SOM; abstain FRA GBR DNK GRC SVN.
    assert table.loc["P5", ["members", "yes", "no", "abstain", "not_recorded"]].tolist() == [5, 3, 0, 2, 0]
    # EU members on the Council: Denmark, France, Greece, Slovenia (all abstained); 27 members in 2025.
    assert table.loc["EU", ["members", "yes", "abstain", "not_recorded"]].tolist() == [27, 0, 4, 23]
    # NATO (32 members since Sweden, March 2024): USA yes; FRA GBR DNK GRC SVN abstain.
    assert table.loc["NATO", ["members", "yes", "abstain", "not_recorded"]].tolist() == [32, 1, 5, 26]


def test_who_voted_and_p5(curated):
    who = briefs.who_voted(curated, "S/RES/2774 (2025)").set_index("vote")
    assert who.loc["yes", "n"] == 10
    assert who.loc["abstain", "countries"] == "Denmark, France, Greece, Slovenia, United Kingdom"
    p5 = briefs.p5_votes(curated).set_index("seat")
    assert p5.loc["France", ["yes", "abstain"]].tolist() == [0, 1]
    assert p5.loc["Russia", ["yes", "abstain"]].tolist() == [1, 0]
    assert briefs.permanent_codes(curated) == ["CHN", "FRA", "GBR", "RUS", "USA"]


def test_decide_roll_call_majority_is_chosen_not_read_from_the_important_flag():
    rolls = pd.DataFrame(
        {
            "rcid": [1],
            "body": "GA",
            "date": "1990-10-01",
            "session": "45",
            "symbol": ["A/RES/45/1"],
            "important": [True],
        }
    )
    members = [c.code for c in unvotes_lib.all_countries() if not c.historical][:100]
    votes = pd.DataFrame({"rcid": [1] * 100, "country": members, "vote": ["yes"] * 60 + ["no"] * 40})
    data = VoteData(rolls, votes)
    # 60-40: a simple majority (needs 51) but not two-thirds (needs 67 of 100).
    assert briefs.decide_roll_call(data, "A/RES/45/1")[1].outcome == "adopted"
    assert briefs.decide_roll_call(data, "A/RES/45/1", majority="two-thirds")[1].outcome == "rejected"


@pytest.mark.data
def test_a_vote_the_state_department_rated_important_is_still_adopted(real_data):
    # R/68/144 (2013): 94-71-23, adopted; Voeten flags it `importantvote` (a State Department rating).
    row = real_data.roll_call("R/68/144")
    assert bool(row["important"])
    tally, decision = briefs.decide_roll_call(real_data, "R/68/144")
    assert (tally.yes, tally.no, tally.abstain) == (94, 71, 23)
    assert decision.outcome == "adopted"


def test_security_council_without_council_votes_says_what_to_do():
    ga = unvotes_lib.load(FIXTURES / "undl_ga_2026.csv")
    with pytest.raises(
        ValueError, match=r"no Security Council vote.*unvotes data import FILE --source undl-sc"
    ):
        briefs.security_council(ga)


def test_vote_shares_by_hand():
    rolls = pd.DataFrame(
        {
            "rcid": [1, 2, 3, 4],
            "body": "GA",
            "session": ["44", "44", "45", "45"],
            "date": ["1989-10-01", "1989-11-01", "1990-10-01", "1990-11-01"],
        }
    )
    votes = pd.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 1, 3],
            "country": ["USA"] * 4 + ["FRA"] * 2,
            "vote": ["yes", "abstain", "no", "absent", "yes", "yes"],
        }
    )
    shares = briefs.vote_shares(VoteData(rolls, votes), countries=["USA"]).set_index("period")
    # 1989: yes + abstain -> share_yes 1/2; 1990: no + absent -> share_no 1/1 (absences not counted).
    assert shares.loc[1989, ["n", "yes", "abstain"]].tolist() == [2, 1, 1]
    assert shares.loc[1989, "share_yes"] == 0.5
    assert shares.loc[1990, ["n", "no", "absent", "share_no"]].tolist() == [2, 1, 1, 1.0]


def test_partner_extremes_by_hand():
    rolls = pd.DataFrame({"rcid": range(1, 5), "body": "GA", "session": "70", "date": "2015-10-01"})
    rows = []
    pattern = {"USA": "yyyy", "ISR": "yyyy", "GBR": "yyya", "FRA": "yyaa", "CUB": "nnnn"}
    for country, votes in pattern.items():
        for rcid, v in enumerate(votes, start=1):
            rows.append((rcid, country, {"y": "yes", "n": "no", "a": "abstain"}[v]))
    data = VoteData(rolls, pd.DataFrame(rows, columns=["rcid", "country", "vote"]))
    ext = briefs.partner_extremes(data, "USA", n=1, min_votes=1)
    # coincidence with USA: ISR 4/4 = 1; GBR (3 + 0.5)/4 = 0.875; FRA (2 + 1)/4 = 0.75; CUB 0.
    assert ext[["partner", "group"]].values.tolist() == [["ISR", "closest"], ["CUB", "farthest"]]
    assert ext["value"].tolist() == [1.0, 0.0]


def test_shift_summary_counts_movers_and_unusual():
    shift = pd.DataFrame(
        {
            "period": [2000, 2019],
            "partner": ["RUS", "RUS"],
            "n": [10, 12],
            "value": [0.25, 0.75],
            "unusual": [False, True],
        }
    )
    movers = pd.DataFrame({"country": ["UZB"], "change": [-0.333]})
    summary = briefs.shift_summary(
        shift, country="USA", movers=movers, unusual=pd.DataFrame({"rcid": [1, 2]})
    )
    assert summary["partners"]["RUS"] == {
        "first_period": 2000,
        "last_period": 2019,
        "agreement_first": 0.25,
        "agreement_last": 0.75,
        "change": 0.5,
        "unusual_periods": 1,
    }
    assert summary["top_mover"] == {"country": "UZB", "change": -0.333}
    assert summary["n_unusual_votes"] == 2
    assert "Uzbekistan (-0.33)" in summary["text"]


def test_shift_summary_reports_ideal_point_distances():
    shift = pd.DataFrame(
        {
            "period": [2000, 2001, 2019],
            "partner": ["RUS"] * 3,
            "n": [10, 10, 12],
            "value": [0.25, 0.3, 0.75],
            "unusual": [False] * 3,
            "ideal_distance": [float("nan"), 3.0, 4.5],
        }
    )
    summary = briefs.shift_summary(shift, country="USA")
    # The first and last years with a distance: 2001 (3.0) and 2019 (4.5).
    assert summary["partners"]["RUS"]["ideal_distance_first"] == 3.0
    assert summary["partners"]["RUS"]["ideal_distance_last"] == 4.5
    assert "its distance to Russia 3.00 to 4.50" in summary["text"]
