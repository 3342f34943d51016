"""The voting rules of the GA and the SC (DOMAIN.md sections 1-2), worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unvotes_lib.tally import (
    Decision,
    Tally,
    decide,
    decisions,
    parse_votes,
    permanent_members,
    pivotal,
    sc_members,
    tally,
    what_if,
)

# ---------------------------------------------------------------- the Security Council votes of DOMAIN.md

# S/RES/2774 (2025), 24 Feb 2025: 10-0-5 (DOMAIN.md section 2, composition listed there).
RES_2774 = {
    **dict.fromkeys(["CHN", "RUS", "USA", "DZA", "GUY", "KOR", "SLE", "PAK", "PAN", "SOM"], "yes"),
    **dict.fromkeys(["FRA", "GBR", "DNK", "GRC", "SVN"], "abstain"),
}
# S/RES/1973 (2011), 17 Mar 2011: 10-0-5; Brazil, China, Germany, India, Russia abstained.
RES_1973 = {
    **dict.fromkeys(["BIH", "COL", "FRA", "GAB", "LBN", "NGA", "PRT", "ZAF", "GBR", "USA"], "yes"),
    **dict.fromkeys(["BRA", "CHN", "DEU", "IND", "RUS"], "abstain"),
}
# Draft of 8 Dec 2023 (Gaza ceasefire): 13 yes, the United States no, the United Kingdom abstains.
DRAFT_2023 = {
    **dict.fromkeys(
        ["ALB", "BRA", "CHN", "ECU", "FRA", "GAB", "GHA", "JPN", "MLT", "MOZ", "RUS", "CHE", "ARE"], "yes"
    ),
    "USA": "no",
    "GBR": "abstain",
}
# S/2014/916, 30 Dec 2014: 8 yes, the United States and Australia no, 5 abstentions.
DRAFT_2014 = {
    **dict.fromkeys(["ARG", "CHL", "CHN", "FRA", "JOR", "LUX", "RUS", "TCD"], "yes"),
    **dict.fromkeys(["USA", "AUS"], "no"),
    **dict.fromkeys(["GBR", "KOR", "LTU", "NGA", "RWA"], "abstain"),
}


# ---------------------------------------------------------------- GA worked examples (DOMAIN.md section 1)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "majority", "adopted", "required"),
    [
        # A/RES/ES-11/7: P = 111; simple needs 111 // 2 + 1 = 56; two-thirds ceil(222 / 3) = 74
        (93, 18, 65, "simple", True, 56),
        (93, 18, 65, "two-thirds", True, 74),
        # A/RES/ES-11/8: P = 101; simple 51; two-thirds ceil(202 / 3) = ceil(67.3) = 68
        (93, 8, 73, "simple", True, 51),
        (93, 8, 73, "two-thirds", True, 68),
        # A/RES/ES-11/3 (two-thirds required): P = 117, ceil(234 / 3) = 78
        (93, 24, 58, "two-thirds", True, 78),
        # A/RES/ES-11/1: P = 146, ceil(292 / 3) = ceil(97.3) = 98
        (141, 5, 35, "two-thirds", True, 98),
        # 80-40: P = 120, needs 80, 80 >= 2 * 40: adopted exactly at the line
        (80, 40, 0, "two-thirds", True, 80),
        # 79-40: P = 119, ceil(238 / 3) = ceil(79.3) = 80: one short
        (79, 40, 0, "two-thirds", False, 80),
        # 50-50: a tie fails (rule 95); P = 100 needs 51
        (50, 50, 0, "simple", False, 51),
    ],
)
def test_ga_worked_examples(yes, no, abstain, majority, adopted, required):
    d = decide(tally(yes=yes, no=no, abstain=abstain), body="GA", majority=majority)
    assert d.adopted is adopted
    assert d.outcome == ("adopted" if adopted else "rejected")
    assert d.required == required
    assert d.margin == yes - required
    assert d.vetoed_by == ()


def test_ga_explanation_reads_like_the_issue():
    d = decide(tally(yes=93, no=18, abstain=65), body="GA")
    assert d.explanation == (
        "Adopted: 93 yes against 18 no; a simple majority of the 111 members present and voting needs 56. "
        "The 65 abstentions do not count."
    )


def test_ga_tie_says_it_is_a_tie():
    d = decide(tally(yes=50, no=50))
    assert "tied vote is a rejection" in d.explanation
    assert d.margin == -1


def test_ga_two_thirds_short_by_one_says_so():
    d = decide(tally(yes=79, no=40), majority="two-thirds")
    assert "needs 80, 1 short" in d.explanation


def test_ga_nobody_voting_yes_or_no_adopts_nothing():
    # 0 yes, 0 no: yes >= 2 * no holds, but no member supported the text
    assert not decide(tally(abstain=10), majority="two-thirds").adopted
    assert not decide(tally(abstain=10)).adopted


def test_ga_quorum_applies_when_the_members_present_are_known():
    # 2020: 193 members, quorum 193 // 2 + 1 = 97; 90 present
    d = decide(tally(yes=50, no=10, abstain=30, date="2020-01-01"), present=90)
    assert d.outcome == "failed: no quorum"
    assert d.quorum == 97
    assert not d.adopted
    assert "only 90 members were present" in d.explanation
    # 97 present (7 present but not voting): adopted, 50 > 10
    assert decide(tally(yes=50, no=10, abstain=30, date="2020-01-01"), present=97).outcome == "adopted"


def test_ga_record_below_quorum_is_noted_not_failed():
    # a record cannot prove absence: members present but not voting are recorded as non-voting
    d = decide(tally(yes=50, no=10, abstain=30, date="2020-01-01"))
    assert d.outcome == "adopted"
    assert any("fewer than the quorum of 97" in n for n in d.notes)
    assert not any("quorum" in n for n in decide(tally(yes=93, no=18, abstain=65, date="2025-02-24")).notes)


def test_ga_quorum_unknown_before_2011_unless_members_given():
    d = decide(tally(yes=50, no=10, abstain=30, date="1990-01-01"), present=90)
    assert d.outcome == "adopted"
    assert d.quorum is None
    assert any("Quorum not checked" in n for n in d.notes)
    # 159 members (given): quorum 159 // 2 + 1 = 80
    assert decide(tally(yes=50, no=10, abstain=30), members=159, present=90).quorum == 80
    assert decide(tally(yes=40, no=10, abstain=20), members=159, present=79).outcome == "failed: no quorum"
    assert decide(tally(yes=40, no=10, abstain=20), members=159, present=80).outcome == "adopted"


def test_present_errors():
    with pytest.raises(ValueError, match=r"`present` 80 must be a whole number of members at least the 90"):
        decide(tally(yes=50, no=10, abstain=30), present=80)
    with pytest.raises(ValueError, match=r"`present` 194 is more than the 193 members"):
        decide(tally(yes=50, date="2020-01-01"), present=194)
    with pytest.raises(ValueError, match=r"`present` applies to the General Assembly quorum"):
        decide(tally(yes=9, body="SC"), present=12)


# ---------------------------------------------------------------- SC worked examples (DOMAIN.md section 2)


def test_sc_2774_adopted_abstentions_are_not_vetoes():
    d = decide(tally(RES_2774, body="SC", date="2025-02-24"))
    assert (d.outcome, d.adopted, d.required, d.margin) == ("adopted", True, 9, 1)
    assert d.vetoed_by == ()
    assert d.permanent_no == ()
    assert "abstentions of France (FRA) and United Kingdom (GBR), permanent members, are not vetoes" in (
        d.explanation
    )
    assert d.notes == ()


def test_sc_1973_adopted_with_china_and_russia_abstaining():
    d = decide(tally(RES_1973, body="SC", date="2011-03-17"))
    assert d.outcome == "adopted"
    assert "China (CHN) and Russia (RUS)" in d.explanation


def test_sc_gaza_draft_2023_vetoed_by_the_united_states():
    d = decide(tally(DRAFT_2023, body="SC", date="2023-12-08"))
    assert d.outcome == "vetoed"
    assert not d.adopted
    assert d.vetoed_by == ("USA",)
    assert d.margin == 13 - 9


def test_sc_2014_draft_failed_for_insufficient_votes_not_a_veto():
    d = decide(tally(DRAFT_2014, body="SC", date="2014-12-30"))
    assert d.outcome == "failed: insufficient votes"
    assert d.vetoed_by == ()
    assert d.permanent_no == ("USA",)  # reported separately
    assert d.margin == 8 - 9
    assert "is not a veto" in d.explanation


def test_sc_same_examples_from_counts_and_permanent_votes():
    d = decide(tally(yes=13, no=1, abstain=1, body="SC"), permanent_votes={"USA": "no", "GBR": "abstain"})
    assert d.vetoed_by == ("USA",)
    d = decide(
        tally(yes=8, no=2, abstain=5, body="SC"),
        permanent_votes={"USA": "no", "CHN": "yes", "FRA": "yes", "RUS": "yes", "GBR": "abstain"},
    )
    assert d.outcome == "failed: insufficient votes"


def test_sc_threshold_is_7_before_1966():
    votes = {"USA": "yes", "GBR": "yes", "FRA": "yes", "TWN": "yes", "SUN": "abstain"}
    before = decide(tally(votes, yes=7, abstain=4, body="SC", date="1965-12-31"))
    assert (before.outcome, before.required) == ("adopted", 7)
    after = decide(tally(yes=7, abstain=8, body="SC", date="1966-01-01"))
    assert (after.outcome, after.required) == ("failed: insufficient votes", 9)


def test_sc_absent_permanent_member_is_not_a_veto():
    # a 1950 vote with the USSR's seat empty: 7 yes of 11 members
    d = decide(
        tally(
            {"SUN": "absent", "USA": "yes"}, yes=7, no=1, abstain=2, absent=1, body="SC", date="1950-06-27"
        ),
        permanent_votes={"GBR": "yes", "FRA": "yes", "TWN": "yes"},
    )
    assert d.outcome == "adopted"
    assert "absence of Soviet Union (SUN)" in d.explanation
    assert any("not on file" in n for n in d.notes)  # 1950 composition not checked


def test_sc_procedural_vote_has_no_veto():
    t = tally(yes=9, no=2, abstain=4, body="SC", date="2025-02-24")
    pv = {"CHN": "no", "RUS": "no", "USA": "yes", "FRA": "yes", "GBR": "yes"}
    assert decide(t, procedural=True, permanent_votes=pv).outcome == "adopted"
    assert decide(t, permanent_votes=pv).vetoed_by == ("CHN", "RUS")
    assert decide(tally(yes=8, no=7, body="SC"), procedural=True).outcome == "failed: insufficient votes"


def test_sc_no_vote_without_knowing_the_permanent_members_is_an_error():
    with pytest.raises(ValueError, match=r"could be a veto.*pass permanent_votes"):
        decide(tally(yes=13, no=1, abstain=1, body="SC"))
    # with no "no" votes there can be no veto: no need to know
    assert decide(tally(yes=10, abstain=5, body="SC")).adopted
    # too few yes votes: a veto is impossible, the outcome is known
    assert decide(tally(yes=5, no=5, abstain=5, body="SC")).outcome == "failed: insufficient votes"


def test_ussr_seat_accepts_rus_and_sun_before_1991():
    assert decide(tally({"RUS": "no"}, yes=9, no=1, body="SC", date="1990-01-01")).vetoed_by == ("RUS",)
    assert decide(tally({"SUN": "no"}, yes=9, no=1, body="SC", date="1990-01-01")).vetoed_by == ("SUN",)
    with pytest.raises(ValueError, match=r"SUN.*did not hold a permanent seat on 2025-02-24"):
        tally({"SUN": "yes"}, body="SC", date="2025-02-24")


def test_china_seat_by_date():
    assert "TWN" in permanent_members("1971-10-24")
    assert "CHN" not in permanent_members("1971-10-24")
    assert "CHN" in permanent_members("1971-10-25")
    assert "TWN" not in permanent_members("1971-10-25")
    with pytest.raises(ValueError, match=r"CHN \(China\) did not hold a permanent seat on 1960-01-01"):
        tally({"CHN": "yes"}, body="SC", date="1960-01-01")
    with pytest.raises(ValueError, match=r"TWN \(Taiwan\) did not hold a permanent seat"):
        tally({"TWN": "yes"}, body="SC", date="2025-02-24")


def test_two_codes_for_one_permanent_seat_is_an_error():
    with pytest.raises(ValueError, match="both hold Russia's permanent seat"):
        tally({"SUN": "yes", "RUS": "yes"}, body="SC", date="1980-01-01")


# ---------------------------------------------------------------- membership and count checks


def test_sc_composition_on_file():
    # DOMAIN.md: 2025 elected members
    assert sc_members("2025-02-24") == frozenset(
        ["DZA", "GUY", "KOR", "SLE", "SVN", "DNK", "GRC", "PAK", "PAN", "SOM"]
    )
    assert sc_members("2024-12-31") & sc_members("2025-01-01") == frozenset(
        ["DZA", "GUY", "KOR", "SLE", "SVN"]
    )
    assert sc_members("1999-01-01") is None


def test_non_member_of_the_council_is_an_error():
    with pytest.raises(
        ValueError, match=r"DEU \(Germany\) was not a member of the Security Council on 2025-02-24"
    ):
        tally(
            {**{c: v for c, v in RES_2774.items() if c != "SOM"}, "DEU": "yes"}, body="SC", date="2025-02-24"
        )


def test_permanent_vote_for_a_non_permanent_member_is_an_error():
    with pytest.raises(ValueError, match=r"DZA \(Algeria\), which is not a permanent member"):
        decide(tally(yes=10, abstain=5, body="SC", date="2025-02-24"), permanent_votes={"DZA": "yes"})


def test_permanent_votes_conflicting_with_the_record_is_an_error():
    with pytest.raises(ValueError, match=r"says FRA voted 'no' but the record says 'abstain'"):
        decide(tally(RES_2774, body="SC"), permanent_votes={"FRA": "no"})


def test_permanent_votes_for_the_ga_is_an_error():
    with pytest.raises(ValueError, match="apply to the Security Council"):
        decide(tally(yes=1), permanent_votes={"USA": "no"})


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"yes": 100, "no": 100}, r"200 votes .* more than the 193 members of the United Nations"),
        ({"yes": 10, "no": 6, "body": "SC"}, r"16 votes .* more than the 15 members of the Security Council"),
        ({"yes": 10, "no": 2, "body": "SC", "date": "1960-01-01"}, r"more than the 11 members"),
        ({"yes": -1}, r"`yes` -1 is a negative count"),
        ({"absent": -3}, r"`absent` -3 is a negative count"),
    ],
)
def test_count_errors(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        tally(**kwargs)


def test_non_integer_count_is_a_type_error():
    with pytest.raises(TypeError, match=r"`no` 2.5 is not a count"):
        Tally(yes=1, no=2.5)


def test_members_option_checks_counts():
    with pytest.raises(ValueError, match="more than the 51 members given in `members`"):
        decide(tally(yes=40, no=20), members=51)
    with pytest.raises(ValueError, match="`members` 0 must be a positive whole number"):
        decide(tally(yes=1), members=0)


def test_unknown_country_code_suggests():
    with pytest.raises(ValueError, match=r"'RUSIA' is not a known country code or name; did you mean 'RUS'"):
        tally({"RUSIA": "no"})


def test_bad_vote_label():
    with pytest.raises(ValueError, match=r"vote of FRA 'maybe' is not a vote; expected one of"):
        tally({"FRA": "maybe"})


def test_entered_votes_beyond_the_counts_is_an_error():
    with pytest.raises(
        ValueError, match=r"2 countries are entered as 'no' \(FRA, USA\) but the count of 'no' is 1"
    ):
        tally({"USA": "no", "FRA": "no"}, yes=5, no=1)


def test_body_majority_and_procedural_errors():
    with pytest.raises(ValueError, match=r"`body` 'UNGA' must be 'GA'"):
        decide(tally(yes=1), body="UNGA")
    with pytest.raises(ValueError, match=r"`body` 'GA' does not match the tally, a SC vote"):
        decide(tally(yes=9, body="SC"), body="GA")
    with pytest.raises(ValueError, match=r"`majority` 'half' must be 'simple' or 'two-thirds'"):
        decide(tally(yes=1), majority="half")
    with pytest.raises(ValueError, match="'two-thirds' applies to the General Assembly"):
        decide(tally(yes=9, body="SC"), majority="two-thirds")
    with pytest.raises(ValueError, match="`procedural` applies to the Security Council"):
        decide(tally(yes=9), procedural=True)
    with pytest.raises(ValueError, match=r"`date` 'soon' is not a date"):
        tally(yes=1, date="soon")


# ---------------------------------------------------------------- tally inputs


def test_tally_from_a_votes_frame_and_a_mapping_agree():
    frame = pd.DataFrame({"rcid": [1] * 15, "country": list(RES_2774), "vote": list(RES_2774.values())})
    a = tally(frame, body="SC", date="2025-02-24")
    b = tally(RES_2774, body="SC", date="2025-02-24")
    assert a == b
    assert (a.yes, a.no, a.abstain, a.absent, a.present_and_voting) == (10, 0, 5, 0, 10)


def test_tally_frame_errors():
    with pytest.raises(ValueError, match=r"holds 2 roll calls"):
        tally(pd.DataFrame({"rcid": [1, 2], "country": ["USA", "FRA"], "vote": ["yes", "no"]}))
    with pytest.raises(ValueError, match=r"no column\(s\) \['vote'\]"):
        tally(pd.DataFrame({"country": ["USA"], "choice": ["yes"]}))
    with pytest.raises(ValueError, match=r"USA has more than one vote"):
        tally(pd.DataFrame({"country": ["USA", "USA"], "vote": ["yes", "no"]}))
    with pytest.raises(TypeError, match="must be a votes DataFrame"):
        tally([("USA", "yes")])
    with pytest.raises(TypeError, match="pass the VoteData"):
        tally(symbol="A/RES/ES-11/7")


def test_tally_names_and_codes_resolve():
    t = tally({"United States": "no", "fr": "yes"})
    assert t.by_country == {"USA": "no", "FRA": "yes"}


def test_tally_with_counts_and_some_votes_is_partial():
    t = tally({"USA": "no"}, yes=93, no=18, abstain=65)
    assert t.partial
    assert t.entered["no"] == 1
    assert "only 1 of the 176 recorded votes is entered" in t.note


# ---------------------------------------------------------------- what_if and pivotal


def test_what_if_france_had_voted_no():
    d = what_if(tally(RES_2774, body="SC", date="2025-02-24"), {"FRA": "no"})
    assert d.outcome == "vetoed"
    assert d.vetoed_by == ("FRA",)
    assert (d.tally.yes, d.tally.no, d.tally.abstain) == (10, 1, 4)
    assert d.scenario == "If France (FRA) had voted no (not abstain):"


def test_what_if_two_of_the_ten_had_abstained():
    d = what_if(tally(RES_2774, body="SC", date="2025-02-24"), {"DZA": "abstain", "GUY": "abstain"})
    assert (d.outcome, d.tally.yes, d.margin) == ("failed: insufficient votes", 8, -1)
    d = what_if(tally(yes=10, abstain=5, body="SC"), {"yes->abstain": 2})
    assert d.outcome == "failed: insufficient votes"


def test_what_if_on_a_partial_ga_record():
    t = tally({"USA": "no", "RUS": "no"}, yes=93, no=18, abstain=65, body="GA")
    d = what_if(t, {"USA": "yes"})
    assert (d.tally.yes, d.tally.no, d.tally.abstain) == (94, 17, 65)
    with pytest.raises(ValueError, match=r"FRA, whose vote is not entered in this record"):
        what_if(t, {"FRA": "no"})
    with pytest.raises(ValueError, match=r"cannot move 17 'no' votes; only 16"):
        what_if(t, {"no->yes": 17})


def test_what_if_errors():
    t = tally(RES_2774, body="SC", date="2025-02-24")
    with pytest.raises(ValueError, match=r"DEU \(Germany\), which was not a member of the Security Council"):
        what_if(t, {"DEU": "no"})
    with pytest.raises(ValueError, match="`changes` must be a non-empty mapping"):
        what_if(t, {})


def test_pivotal_2774_is_any_permanent_member_voting_no():
    # 10 yes, 5 abstain (complete record): one permanent member's "no" is a veto (FRA and GBR turning
    # an abstention into a no; CHN, RUS, USA a yes). An elected member alone leaves 9 yes: adopted.
    # Two of the seven elected yes votes moved leave 8 < 9: failed, whatever they become.
    p = pivotal(tally(RES_2774, body="SC", date="2025-02-24"))
    single = p[p["n_switched"] == 1]
    assert single["countries"].tolist() == ["FRA", "GBR", "CHN", "RUS", "USA"]
    assert set(single["to_vote"]) == {"no"}
    assert set(single["outcome"]) == {"vetoed"}
    assert single["who"].tolist()[0] == "France (FRA)"
    pairs = p[p["n_switched"] == 2]
    assert pairs[["from_vote", "to_vote"]].values.tolist() == [
        ["yes", "absent"],
        ["yes", "abstain"],
        ["yes", "no"],
    ]
    assert set(pairs["countries"]) == {"DZA, GUY, KOR, PAK, PAN, SLE, SOM"}
    assert set(pairs["who"]) == {"any 2 of the 7 elected members voting yes"}
    assert set(pairs["outcome"]) == {"failed: insufficient votes"}
    assert len(p) == 8


def _complete_ga(yes: int, no: int, abstain: int) -> dict:
    import unvotes_lib as uv

    codes = [c.code for c in uv.all_countries() if not c.historical][: yes + no + abstain]
    labels = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    return dict(zip(codes, labels, strict=True))


def test_pivotal_on_a_complete_ga_record_gives_the_smallest_switch_and_who():
    # A/RES/ES-11/7 as a complete record, 93-18-65, simple majority (DOMAIN.md section 1):
    # k yes -> no gives (93 - k) yes against (18 + k) no; it fails once 93 - k <= 18 + k, i.e. k >= 37.5:
    # 38 (55-56). k yes -> abstain (or absent) gives 93 - k against 18: fails once 93 - k <= 18: 75.
    # no -> yes or abstain only strengthens the text; abstain -> no would need 75 of the 65 abstainers.
    votes = _complete_ga(93, 18, 65)
    p = pivotal(tally(votes, body="GA", date="2025-02-24"))
    got = {(r.from_vote, r.to_vote): r.n_switched for r in p.itertuples()}
    assert got == {("yes", "no"): 38, ("yes", "abstain"): 75, ("yes", "absent"): 75}
    row = p[(p["from_vote"] == "yes") & (p["to_vote"] == "no")].iloc[0]
    yes_voters = sorted(c for c, v in votes.items() if v == "yes")
    assert row["countries"].split(", ") == yes_voters
    assert row["who"] == "any 38 of the 93 members voting yes"
    assert (row["outcome"], row["adopted"]) == ("rejected", False)
    # and the switch it names does reverse it, while one fewer does not
    assert what_if(tally(votes), dict.fromkeys(yes_voters[:38], "no")).outcome == "rejected"
    assert what_if(tally(votes), dict.fromkeys(yes_voters[:37], "no")).outcome == "adopted"


def test_pivotal_of_a_vetoed_draft_is_the_veto_withdrawn():
    # Draft of 8 Dec 2023: 13 yes, USA no. The USA voting yes, abstaining or staying away adopts it;
    # no other single or group switch removes the veto.
    p = pivotal(tally(DRAFT_2023, body="SC", date="2023-12-08"))
    assert p[["countries", "from_vote", "to_vote", "adopted"]].values.tolist() == [
        ["USA", "no", "absent", True],
        ["USA", "no", "abstain", True],
        ["USA", "no", "yes", True],
    ]


def test_pivotal_on_curated_partial_records_names_no_missing_country():
    import unvotes_lib as uv

    data = uv.load("curated")
    for symbol in data.roll_calls["symbol"]:
        p = pivotal(tally(data, symbol=symbol))
        assert len(p), symbol
        assert p["countries"].notna().all(), symbol
        assert p["who"].notna().all(), symbol
        assert not p["who"].str.contains("<NA>").any()
    # A/RES/ES-11/7 (93-18-65): the switch of the exercise in voting_mechanics is 38 yes -> no
    p = pivotal(tally(data, symbol="A/RES/ES-11/7"))
    assert p.query("from_vote == 'yes' and to_vote == 'no'")["n_switched"].item() == 38


def test_pivotal_counts_only():
    # 51-49: one yes to no gives 50-50 (tie fails); yes to abstain needs 2 (49-49)
    p = pivotal(tally(yes=51, no=49))
    got = {(r.from_vote, r.to_vote): r.n_switched for r in p.itertuples()}
    assert got[("yes", "no")] == 1
    assert got[("yes", "abstain")] == 2
    assert ("no", "yes") not in got  # more yes never rejects
    assert set(p["countries"]) == {""}  # nobody entered by country


# ---------------------------------------------------------------- parse_votes


def test_parse_votes():
    assert parse_votes("CHN=yes, FRA=abstain; gb=no") == {"CHN": "yes", "FRA": "abstain", "GBR": "no"}
    assert parse_votes("yes->abstain=2, no > yes = 1") == {"yes->abstain": 2, "no->yes": 1}
    with pytest.raises(ValueError, match="not of the form COUNTRY=VOTE"):
        parse_votes("FRA no")
    with pytest.raises(ValueError, match="must be a whole number"):
        parse_votes("yes->no=two")


# ---------------------------------------------------------------- property tests


@st.composite
def ga_counts(draw):
    yes = draw(st.integers(0, 192))
    no = draw(st.integers(0, 192 - yes))
    abstain = draw(st.integers(0, 192 - yes - no))
    return yes, no, abstain


@settings(max_examples=300, deadline=None)
@given(ga_counts(), st.sampled_from(["simple", "two-thirds"]), st.sampled_from([None, "2020-01-01"]))
def test_adding_a_yes_never_turns_adoption_into_rejection_ga(counts, majority, date):
    yes, no, abstain = counts
    before = decide(tally(yes=yes, no=no, abstain=abstain, date=date), majority=majority)
    after = decide(tally(yes=yes + 1, no=no, abstain=abstain, date=date), majority=majority)
    assert after.adopted or not before.adopted


@settings(max_examples=300, deadline=None)
@given(ga_counts(), st.sampled_from(["simple", "two-thirds"]), st.sampled_from([None, "2020-01-01"]))
def test_an_abstention_changes_a_ga_outcome_only_through_quorum(counts, majority, date):
    yes, no, abstain = counts
    # without a known number present, the quorum never applies: an abstention changes nothing
    before = decide(tally(yes=yes, no=no, abstain=abstain, date=date), majority=majority)
    after = decide(tally(yes=yes, no=no, abstain=abstain + 1, date=date), majority=majority)
    assert after.outcome == before.outcome
    # with everyone present voting, the added abstainer is one more member present
    present = yes + no + abstain
    before = decide(tally(yes=yes, no=no, abstain=abstain, date=date), majority=majority, present=present)
    after = decide(
        tally(yes=yes, no=no, abstain=abstain + 1, date=date), majority=majority, present=present + 1
    )
    if after.outcome != before.outcome:
        assert before.outcome == "failed: no quorum"
        assert present + 1 == 97  # the abstainer completes the quorum of 2020 (193 members)


SC_2025 = sorted(RES_2774)
P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}


def _sc_oracle(votes: dict) -> str:
    """Art. 27 written out independently: 9 yes, and no permanent 'no' once 9 are reached."""
    yes = sum(v == "yes" for v in votes.values())
    p5_no = any(votes[c] == "no" for c in P5)
    if yes < 9:
        return "failed: insufficient votes"
    return "vetoed" if p5_no else "adopted"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["yes", "no", "abstain", "absent"]), min_size=15, max_size=15))
def test_sc_outcome_depends_on_permanent_votes_only_through_no(labels):
    votes = dict(zip(SC_2025, labels, strict=True))
    d = decide(tally(votes, body="SC", date="2025-02-24"))
    assert d.outcome == _sc_oracle(votes)
    # a permanent member's abstention and absence are interchangeable
    swapped = {
        c: ({"abstain": "absent", "absent": "abstain"}.get(v, v) if c in P5 else v) for c, v in votes.items()
    }
    assert decide(tally(swapped, body="SC", date="2025-02-24")).outcome == d.outcome


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["yes", "no", "abstain", "absent"]), min_size=15, max_size=15),
    st.sampled_from(SC_2025),
)
def test_adding_a_yes_never_turns_adoption_into_rejection_sc(labels, who):
    votes = dict(zip(SC_2025, labels, strict=True))
    before = decide(tally(votes, body="SC", date="2025-02-24"))
    after = decide(tally({**votes, who: "yes"}, body="SC", date="2025-02-24"))
    assert after.adopted or not before.adopted


# ---------------------------------------------------------------- VoteData


def test_decisions_of_the_curated_records():
    import unvotes_lib as uv

    out = decisions(uv.load("curated"))
    assert out.set_index("symbol").loc["A/RES/ES-11/7", ["yes", "no", "abstain", "required"]].tolist() == [
        93,
        18,
        65,
        56,
    ]
    assert out["outcome"].tolist() == ["adopted"] * 3
    assert out["partial"].tolist() == [True, True, False]


@pytest.mark.data
def test_real_vote_on_ukraine_territorial_integrity_2014(real_data):
    # A/RES/68/262, 27 March 2014: 100 in favour, 11 against, 58 abstentions (the official record);
    # Voeten's data files it as R/68/262. P = 111, simple majority needs 56.
    t = tally(real_data, symbol="R/68/262")
    assert (t.yes, t.no, t.abstain) == (100, 11, 58)
    assert t.by_country["RUS"] == "no"
    assert t.by_country["UKR"] == "yes"
    d = decide(t)
    assert (d.outcome, d.required) == ("adopted", 56)
    assert isinstance(d, Decision)


@pytest.mark.data
def test_real_symbol_naming_several_roll_calls_is_an_error(real_data):
    dup = real_data.roll_calls["symbol"].dropna()
    symbol = dup[dup.duplicated()].iloc[0]
    with pytest.raises(ValueError, match="names .* roll calls"):
        tally(real_data, symbol=symbol)


def test_a_state_whose_seat_had_ended_cannot_vote():
    with pytest.raises(
        ValueError, match=r"DDR \(German Democratic Republic\) was not a UN member on 1991-01-01"
    ):
        tally({"DDR": "yes"}, date="1991-01-01")
    with pytest.raises(ValueError, match=r"SUN \(Soviet Union\) was not a UN member on 1992-01-01"):
        tally({"SUN": "no"}, date="1992-01-01")
    # the day before its seat ended it still voted
    assert tally({"DDR": "yes"}, date="1990-10-02").yes == 1
    # RUS holds the USSR's seat in the merged data: accepted at any date
    assert tally({"RUS": "no"}, date="1960-01-01").no == 1


@pytest.mark.data
def test_every_real_ga_roll_call_is_decided(real_data):
    # no vote in unvotes-2021 breaks a membership check; and the record's adoptions are the majority
    out = decisions(real_data)
    assert len(out) == 6203
    assert set(out["outcome"]) <= {"adopted", "rejected"}
    # A/RES/68/262, Voeten's R/68/262 (100-11-58), among them
    row = out[out["symbol"] == "A/RES/68/262"].iloc[0]
    assert (row["yes"], row["no"], row["abstain"], row["required"], row["outcome"]) == (
        100,
        11,
        58,
        56,
        "adopted",
    )
