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
    # A Council vote counts only the bloc's members on the Council: of the EU's 27, Denmark, France,
    # Greece and Slovenia (all abstained); none is "not recorded" for not sitting on the Council.
    assert table.loc["EU", ["members", "yes", "abstain", "not_recorded"]].tolist() == [4, 0, 4, 0]
    # NATO on the Council: USA yes; FRA GBR DNK GRC SVN abstain.
    assert table.loc["NATO", ["members", "yes", "abstain", "not_recorded"]].tolist() == [6, 1, 5, 0]
    # African Group on the Council: Algeria, Sierra Leone, Somalia, all yes.
    assert table.loc["African Group", ["members", "yes", "not_recorded"]].tolist() == [3, 3, 0]


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


# ---------------------------------------------------------------- voting practices


def _domain_vector() -> VoteData:
    """DOMAIN.md section 3: A = Y Y Y Y Y Y N N A A | Y X ; B = Y Y Y Y N A N A A Y | X Y.

    Roll calls 11 and 12 have one of the two absent. C votes the opposite of A where A votes
    yes or no and is absent where A abstains.
    """
    a = ["yes"] * 6 + ["no", "no", "abstain", "abstain", "yes", "absent"]
    b = ["yes"] * 4 + ["no", "abstain", "no", "abstain", "abstain", "yes", "absent", "yes"]
    c = ["no"] * 6 + ["yes", "yes", "absent", "absent", "no", "no"]
    rolls = pd.DataFrame(
        {
            "rcid": range(1, 13),
            "body": "GA",
            "session": "74",
            "symbol": [f"R{i}" for i in range(1, 13)],
            "title": "t",
            "date": pd.date_range("2019-01-01", periods=12, freq="7D"),
        }
    )
    rows = [
        (i, code, v)
        for code, votes in (("USA", a), ("ISR", b), ("CUB", c))
        for i, v in enumerate(votes, start=1)
    ]
    return VoteData(rolls, pd.DataFrame(rows, columns=["rcid", "country", "vote"]))


def test_voting_practices_on_the_domain_test_vector():
    t = briefs.voting_practices(_domain_vector(), "USA", 2019).set_index("country")
    # DOMAIN.md: same 6, opposite 1, partial 3, coincidence (6 + 1.5) / 10 = 0.75. Roll call 11:
    # ISR absent while USA voted: 1 absence; roll call 12: USA absent, not counted.
    assert t.loc["ISR", ["same", "opposite", "partial", "absent", "n"]].tolist() == [6, 1, 3, 1, 10]
    assert t.loc["ISR", "coincidence"] == pytest.approx(0.75)
    # CUB: opposite on the 8 yes/no votes of USA plus roll call 11 (9), absent on 9 and 10.
    assert t.loc["CUB", ["same", "opposite", "partial", "absent"]].tolist() == [0, 9, 0, 2]
    assert t.loc["CUB", "coincidence"] == 0.0
    assert t.loc["ISR", "group"] == "Western European and Others Group"
    assert t.loc["CUB", "group"] == "Latin American and Caribbean Group"
    assert t["rank"].tolist() == [1, 2]


def test_voting_practices_errors_name_the_parameter():
    with pytest.raises(ValueError, match="`year` 2018: the data holds no recorded General Assembly vote"):
        briefs.voting_practices(_domain_vector(), "USA", 2018)
    data = _domain_vector()
    data = VoteData(
        data.roll_calls,
        data.votes[data.votes["country"] != "USA"].assign(country=lambda d: d["country"].astype(str)),
    )
    with pytest.raises(ValueError, match="`country`"):
        briefs.voting_practices(data, "USA", 2019)


def test_group_coincidence_pools_counts():
    t = briefs.voting_practices(_domain_vector(), "USA", 2019)
    groups = briefs.group_coincidence(t, 2019).set_index("group")
    # only ISR is in WEOG: its own figure; no African member voted: members 0 and no value
    assert groups.loc["Western European and Others Group", "coincidence"] == pytest.approx(0.75)
    assert groups.loc["African Group", "members"] == 0
    assert pd.isna(groups.loc["African Group", "coincidence"])
    assert "African Group" not in set(groups.loc[groups["kind"] == "bloc"].index)  # not twice


def test_most_alone_and_findings():
    alone = briefs.most_alone(_domain_vector(), "USA", 2019, n=3)
    # Share of the others voting who voted as USA did: R5 (ISR no, CUB no) 0/2, R6 (abstain, no) 0/2,
    # R7 (no, yes) 1/2, R8 (abstain, yes) 0/2, R10 (ISR yes; CUB absent) 0/1, R11 (CUB no) 0/1;
    # the three first of the zeros by date: R5, R6, R8.
    assert alone["symbol"].tolist() == ["R5", "R6", "R8"]
    assert alone["share"].tolist() == [0.0, 0.0, 0.0]
    assert alone["url"].iloc[0] == "https://digitallibrary.un.org/search?p=R5"


def test_check_answer_never_raises():
    assert briefs.check_answer(None, 80, hint="h").startswith("*Write your answer")
    assert briefs.check_answer("80", 80, hint="h") == "**Correct.**"
    assert briefs.check_answer("adopted", "rejected", hint="A tie fails.") == (
        "**Not yet** (you wrote adopted). Hint: A tie fails."
    )
    assert "Hint" in briefs.check_answer("eighty", 80, hint="h")


def test_your_vote_that_does_not_fit_the_council_is_a_sentence():
    mine = briefs.your_vote(yes=93, no=18, abstain=65, absent=0, body="SC", date="2025-02-24")
    assert mine["decision"] is None
    assert "do not fit the Security Council" in mine["text"]
    assert "15 members" in mine["text"]
    assert briefs.your_what_if(mine, "yes->no=38")["decision"] is None
    ok = briefs.your_vote(yes=13, no=1, abstain=1, absent=0, body="SC", date="2023-12-08", p5_votes="USA=no")
    assert ok["decision"].outcome == "vetoed"  # DOMAIN.md section 2


def test_partners_never_include_the_country_and_blocs_start_when_founded():
    assert briefs.partners_of("CHN", ["RUS", "CHN", "GBR", "RUS"]) == ["RUS", "GBR"]
    shift = pd.DataFrame(
        {
            "period": [1990, 2008, 2009, 1990],
            "partner": ["BRICS", "BRICS", "BRICS", "RUS"],
            "n": [50, 50, 50, 50],
            "value": [0.96, 0.9, 0.5, 0.4],
            "unusual": False,
        }
    )
    # BRIC's first summit: 16 June 2009 (data/blocs.yaml)
    summary = briefs.shift_summary(shift, country="USA")
    assert summary["partners"]["BRICS"]["first_period"] == 2009
    assert summary["partners"]["BRICS"]["agreement_first"] == 0.5
    assert "0.96" not in summary["text"]


def test_latest_year_skips_a_year_just_begun(real_data):
    # unvotes-2021 runs to 14 January 2020: 2019 is the latest full year
    assert briefs.latest_year(real_data) == 2019
    assert briefs.years_text("", real_data) == "1990-2019"
