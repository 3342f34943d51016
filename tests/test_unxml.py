"""The UN's machine-readable GA and SC resolution extracts (FORMATS.md sections 6 and 7).

Hand-written fixtures in tests/fixtures/unxml/ (the real layouts, a few entries each; what
every entry exercises is commented in tests/fixtures/unxml/README.md) and, under the `data`
marker, the real files of ../shared/data/unxml-ga and unxml-sc.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from unvotes_lib import countries, readers
from unvotes_lib.errors import DataFileError, ParameterError
from unvotes_lib.store import VoteData

from .conftest import FIXTURES

GA_FILES = [FIXTURES / "unxml" / "ga" / "74.json", FIXTURES / "unxml" / "ga" / "ES-11.json"]
SC_FILE = FIXTURES / "unxml" / "sc" / "extracts.json"


def _data(tables) -> VoteData:
    return VoteData(tables.roll_calls, tables.votes, tables.issues)


def _votes_of(tables, symbol) -> dict[str, str]:
    rc = tables.roll_calls.set_index("symbol")
    v = tables.votes[tables.votes["rcid"] == rc.loc[symbol, "rcid"]]
    return dict(zip(v["country"].astype(str), v["vote"].astype(str), strict=True))


@pytest.fixture(scope="module")
def ga():
    return readers.read_unxml(GA_FILES, body="GA")


@pytest.fixture(scope="module")
def sc():
    return readers.read_unxml([SC_FILE], body="SC")


# ------------------------------------------------------------------ GA fixture


def test_ga_roll_calls_one_per_symbol(ga):
    rc = ga.roll_calls.set_index("symbol")
    # 7 entries in two files, A/RES/74/9 twice -> 6 roll calls.
    assert sorted(rc.index) == sorted(
        ["A/RES/74/9", "A/RES/74/1", "A/RES/74/32", "A/RES/74/40", "A/RES/74/259 A-C", "A/RES/ES-11/1"]
    )
    assert rc["rcid"].is_unique
    assert (rc["body"] == "GA").all()
    assert rc.loc["A/RES/ES-11/1", "session"] == "ES-11"
    assert rc.loc["A/RES/74/9", "session"] == "74"
    # Three date shapes: "2019-11-27 00:00:00", "12<NBSP>December 2019", "2<NBSP>March 2022".
    assert rc.loc["A/RES/74/9", "date"] == pd.Timestamp("2019-11-27")
    assert rc.loc["A/RES/74/32", "date"] == pd.Timestamp("2019-12-12")
    assert rc.loc["A/RES/74/40", "date"] == pd.Timestamp("2019-12-12")
    assert rc.loc["A/RES/ES-11/1", "date"] == pd.Timestamp("2022-03-02")
    assert rc.loc["A/RES/74/9", "meeting"] == "A/74/PV.36"
    assert rc.loc["A/RES/74/9", "draft"] == "A/74/L.13"
    assert rc.loc["A/RES/74/9", "description"] == "The situation in Afghanistan"
    assert rc.loc["A/RES/74/9", "source_symbol"] == "A/RES/74/9"


def test_ga_recorded_vote_members_in_no_list_are_absent(ga):
    votes = _votes_of(ga, "A/RES/74/9")
    # 5 in favour (long forms, old and new names), 2 abstaining, the other 186 of 193 absent.
    assert {c for c, v in votes.items() if v == "yes"} == {"AFG", "NLD", "VEN", "CIV", "TUR"}
    assert {c for c, v in votes.items() if v == "abstain"} == {"RUS", "USA"}
    assert sum(v == "absent" for v in votes.values()) == 193 - 7
    assert set(votes) == countries.un_members("2019-11-27")
    rc = ga.roll_calls.set_index("symbol").loc["A/RES/74/9"]
    # "N.A." beside an empty list is 0 (137-0-2 is the official result of the real A/RES/74/9).
    assert (rc["yes_total"], rc["no_total"], rc["abstain_total"]) == (5, 0, 2)
    assert pd.isna(rc["non_voting_total"])  # the Assembly's extract does not give it
    assert rc["modality"] == "recorded vote"


def test_ga_without_vote_and_empty_adoption_type_have_no_votes(ga):
    rc = ga.roll_calls.set_index("symbol")
    assert rc.loc["A/RES/74/1", "modality"] == "without vote"
    assert rc.loc["A/RES/74/259 A-C", "modality"] == "unknown"
    for symbol in ("A/RES/74/1", "A/RES/74/259 A-C"):
        assert _votes_of(ga, symbol) == {}
        assert rc.loc[symbol, ["yes_total", "no_total", "abstain_total"]].isna().all()
    # 4 recorded votes x 193 members.
    assert len(ga.votes) == 4 * 193


def test_ga_unbis_subjects_become_issues(ga):
    rcid = ga.roll_calls.set_index("symbol").loc["A/RES/74/9", "rcid"]
    issues = ga.issues[ga.issues["rcid"] == rcid]
    # The agenda reference ["[36]", "A/74/251"] is not a UNBIS subject; the duplicate adds none.
    assert sorted(issues["issue"]) == ["Afghanistan Situation", "Internal Security"]
    assert set(issues["issue_code"]) == {"unbis"}


def test_ga_counts_against_lists_are_reported_not_hidden(ga):
    report = _data(ga).check().set_index("symbol")
    # A/RES/74/32: counts 3-1-0, 2 names in favour. A/RES/74/40: counts 3-1-0, lists FRANCE, CHINA,
    # CHINA in favour and FRANCE against -> counted yes 2 (FRA, CHN), no 0.
    assert sorted(report.index) == ["A/RES/74/32", "A/RES/74/40"]
    assert report.loc["A/RES/74/32", "mismatch"] == "yes 2 (official 3)"
    # ... and VoteData.check() names the member listed twice beside the counts.
    assert report.loc["A/RES/74/40", "mismatch"] == (
        "yes 2 (official 3); no 0 (official 1); listed twice: CHN twice in yes; FRA in yes and no"
    )


def test_ga_member_listed_twice_keeps_first_vote_and_says_so(ga):
    votes = _votes_of(ga, "A/RES/74/40")
    assert (votes["FRA"], votes["CHN"]) == ("yes", "yes")
    rc = ga.roll_calls.set_index("symbol")
    assert rc.loc["A/RES/74/40", "listed_twice"] == "CHN twice in yes; FRA in yes and no"
    assert rc["listed_twice"].notna().sum() == 1


def test_json_array_is_read_like_json_lines(tmp_path):
    lines = SC_FILE.read_text(encoding="utf-8").splitlines()[:2]
    (tmp_path / "a.json").write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    as_array = readers.read_unxml([tmp_path / "a.json"], body="SC")
    (tmp_path / "l.json").write_text("\n".join(lines) + "\n", encoding="utf-8")
    as_lines = readers.read_unxml(tmp_path / "l.json", body="SC")
    pd.testing.assert_frame_equal(as_array.roll_calls, as_lines.roll_calls)
    pd.testing.assert_frame_equal(as_array.votes, as_lines.votes)
    assert len(as_array.roll_calls) == 2


def test_registered_readers_take_a_list_of_paths():
    assert readers.READERS["unxml-ga"](GA_FILES).roll_calls.shape[0] == 6
    assert set(readers.READERS["unxml-sc"]([SC_FILE]).roll_calls["body"]) == {"SC"}


# ------------------------------------------------------------------ SC fixture


def test_sc_2774_result_and_votes(sc):
    rc = sc.roll_calls.set_index("symbol").loc["S/RES/2774 (2025)"]
    assert (rc["yes_total"], rc["no_total"], rc["abstain_total"], rc["non_voting_total"]) == (10, 0, 5, 0)
    assert rc["date"] == pd.Timestamp("2025-02-24")  # no-break spaces on both sides of the month
    assert rc["modality"] == "recorded vote"
    assert rc["meeting"] == "S/PV.9866"
    votes = _votes_of(sc, "S/RES/2774 (2025)")
    # DOMAIN.md section 2: the ten yes votes and the five abstainers.
    assert {c for c, v in votes.items() if v == "yes"} == {
        "CHN", "RUS", "USA", "DZA", "GUY", "KOR", "SLE", "PAK", "PAN", "SOM",
    }  # fmt: skip
    assert {c for c, v in votes.items() if v == "abstain"} == {"FRA", "GBR", "DNK", "GRC", "SVN"}


def test_sc_results_in_every_spelling(sc):
    rc = sc.roll_calls.set_index("symbol")
    got = {
        s: (rc.loc[s, "modality"], *rc.loc[s, ["yes_total", "no_total", "abstain_total", "non_voting_total"]])
        for s in rc.index
    }
    na = pd.NA
    assert got["S/RES/2771 (2025)"] == ("unanimous", 15, 0, 0, 0)  # "unanimoulsy"
    assert got["S/RES/2723 (2024)"] == ("unanimous", 15, 0, 0, 0)
    # "12-0-3; voting by mail": the stated result, not the count fields ("15", "0", "3").
    assert got["S/RES/2521 (2020)"] == ("recorded vote (voting by mail)", 12, 0, 3, 0)
    assert got["S/RES/1402 (2002)"] == ("recorded vote", 14, 0, 0, 1)
    assert got["S/RES/2214 (2015)"] == ("recorded vote", 14, 0, 1, 0)  # "Adopted (14-0-1), ..."
    assert got["S/RES/1326 (2000)"][0] == "without vote"
    assert got["S/RES/1358 (2001)"][0] == "acclamation"
    for s in ("S/RES/1326 (2000)", "S/RES/1358 (2001)"):
        assert all(x is na for x in got[s][1:])
        assert _votes_of(sc, s) == {}


def test_sc_membership_decides_who_was_absent(sc):
    votes = _votes_of(sc, "S/RES/1402 (2002)")
    # 14 names; the 15th member of 2002, Syria, took no part.
    assert len(votes) == 15
    assert {c for c, v in votes.items() if v != "yes"} == {"SYR"}
    assert votes["SYR"] == "absent"


def test_sc_unanimous_without_lists_is_every_member_yes(sc):
    votes = _votes_of(sc, "S/RES/2723 (2024)")
    # 2024: P5 + Ecuador, Japan, Malta, Mozambique, Switzerland (2023-24), Algeria, Guyana,
    # Korea, Sierra Leone, Slovenia (2024-25).
    p5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
    elected = ["ECU", "JPN", "MLT", "MOZ", "CHE", "DZA", "GUY", "KOR", "SLE", "SVN"]
    assert votes == dict.fromkeys(p5 + elected, "yes")


def test_sc_split_and_misspelt_names(sc):
    votes = _votes_of(sc, "S/RES/2423 (2018)")  # 16 items: "CÔTE." + "D'IVOIRE"
    assert len(votes) == 15
    assert votes["CIV"] == "yes"
    votes = _votes_of(sc, "S/RES/2214 (2015)")  # "CHILEs"
    assert votes["CHL"] == "yes"
    assert votes["RUS"] == "abstain"


def test_sc_duplicate_without_lists_collapses(sc):
    rc = sc.roll_calls
    assert (rc["symbol"] == "S/RES/2776 (2025)").sum() == 1
    votes = _votes_of(sc, "S/RES/2776 (2025)")
    assert sorted(c for c, v in votes.items() if v == "abstain") == ["CHN", "RUS"]
    assert sum(v == "yes" for v in votes.values()) == 13
    # 11 entries, one duplicate -> 10 roll calls; every result agrees with its lists.
    assert len(rc) == 10
    assert _data(sc).check().empty


def test_sc_date_in_another_year_than_the_symbol_warns(tmp_path):
    entry = json.loads(SC_FILE.read_text(encoding="utf-8").splitlines()[1])
    entry["symbol"], entry["adoption_date"] = "S/RES/2771 (2025)", "31 January 2023"
    (tmp_path / "2025.json").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"2025.json line 1 \(S/RES/2771 \(2025\)\).*read as 2025-01-31"):
        t = readers.read_unxml([tmp_path / "2025.json"], body="SC")
    assert t.roll_calls["date"].iloc[0] == pd.Timestamp("2025-01-31")


# ------------------------------------------------------------------ bad input


def _one(tmp_path, name, lines) -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _ga_line(**change) -> str:
    entry = json.loads(GA_FILES[0].read_text(encoding="utf-8").splitlines()[0])
    entry.update(change)
    return json.dumps(entry, ensure_ascii=False)


def test_line_that_is_not_json(tmp_path):
    path = _one(tmp_path, "74.json", [_ga_line(), '{"symbol": "A/RES/74/2", "title": '])
    with pytest.raises(DataFileError, match=r"74\.json line 2: not JSON \(Expecting value, column \d+\)"):
        readers.read_unxml([path], body="GA")


def test_empty_file(tmp_path):
    path = _one(tmp_path, "80.json", [""])
    with pytest.raises(DataFileError, match=r"80\.json is empty: expected one JSON object per line"):
        readers.read_unxml([path], body="GA")


def test_unmapped_member_name_names_file_symbol_and_closest(tmp_path):
    path = _one(tmp_path, "74.json", [_ga_line(), _ga_line(symbol="A/RES/74/8", MS_in_favour=["FRANCEE"])])
    with pytest.raises(
        DataFileError,
        match=r"74\.json line 2 \(A/RES/74/8\): MS_in_favour lists 'FRANCEE'.*closest: FRA \(France\)",
    ):
        readers.read_unxml([path], body="GA")


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("GA", "By consensus"),
        ("SC", "Rejected 5-4-6, 9000th meeting"),
        ("SC", "Adopted 10-0-5 at dawn"),
        ("SC", "Adopted 99999999999999999999-0-5, 9866th meeting"),
    ],
)
def test_unseen_adoption_type(tmp_path, body, value):
    path = _one(tmp_path, "x.json", [_ga_line(adoption_type=value)])
    where = r"x\.json line 1 \(A/RES/74/9\): "
    with pytest.raises(DataFileError, match=where + f"adoption_type {re.escape(repr(value))}"):
        readers.read_unxml([path], body=body)


@pytest.mark.parametrize("value", ["2019/11/27", "27 Brumaire 2019", "", "November 27, 2019"])
def test_unseen_date_shape(tmp_path, value):
    path = _one(tmp_path, "74.json", [_ga_line(adoption_date=value)])
    where = r"74\.json line 1 \(A/RES/74/9\): "
    with pytest.raises(DataFileError, match=where + f"adoption_date {re.escape(repr(value))}"):
        readers.read_unxml([path], body="GA")


def test_contradicting_duplicates_are_an_error(tmp_path):
    path = _one(
        tmp_path,
        "74.json",
        [_ga_line(), _ga_line(MS_abstaining=["UNITED STATES"], MS_against=["RUSSIAN FEDERATION"])],
    )
    with pytest.raises(
        DataFileError,
        match=r"A/RES/74/9 appears twice with different votes of \['RUS'\]: 74\.json line 1.*line 2",
    ):
        readers.read_unxml([path], body="GA")


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"adoption_date": "28 November 2019"}, r"dates 2019-11-27 and 2019-11-28"),
        (
            {"adoption_type": "Without a vote", "MS_in_favour": [], "MS_abstaining": []},
            r"results 'recorded vote' and 'without vote'",
        ),
    ],
)
def test_duplicates_with_other_date_or_result_are_an_error(tmp_path, change, what):
    path = _one(tmp_path, "74.json", [_ga_line(), _ga_line(**change)])
    with pytest.raises(DataFileError, match=rf"A/RES/74/9 appears twice with different {what}"):
        readers.read_unxml([path], body="GA")


@pytest.mark.parametrize("value", ["five", "99999999999999999999999", "-3"])
def test_count_that_is_not_a_number(tmp_path, value):
    path = _one(tmp_path, "74.json", [_ga_line(MS_in_favour_count=value)])
    with pytest.raises(DataFileError, match=rf"\(A/RES/74/9\): MS_in_favour_count '{value}' is not a count"):
        readers.read_unxml([path], body="GA")


def test_object_without_symbol(tmp_path):
    path = _one(tmp_path, "74.json", ['{"title": "no symbol"}'])
    with pytest.raises(DataFileError, match=r"74\.json line 1: expected a resolution object with a 'symbol'"):
        readers.read_unxml([path], body="GA")


def test_bad_body_and_no_paths():
    with pytest.raises(ParameterError, match=r"`body` 'UNSC' must be 'GA' or 'SC'"):
        readers.read_unxml(GA_FILES, body="UNSC")
    with pytest.raises(ParameterError, match=r"`paths` is empty"):
        readers.read_unxml([], body="GA")


def test_not_utf8(tmp_path):
    path = tmp_path / "74.json"
    path.write_bytes(_ga_line().encode("utf-8") + b"\n" + _ga_line().encode("utf-16"))
    with pytest.raises(DataFileError, match=r"74\.json line 2: not UTF-8"):
        readers.read_unxml([path], body="GA")


# ------------------------------------------------------------------ real files


def _raw_entries(folder: Path):
    for path in sorted(folder.glob("*.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def _listed_names(folder: Path) -> set[str]:
    return {
        name
        for e in _raw_entries(folder)
        for key in ("MS_in_favour", "MS_against", "MS_abstaining")
        for name in e.get(key) or []
    }


@pytest.mark.data
def test_every_real_name_maps(unxml_ga_dir, unxml_sc_dir):
    ga_names = _listed_names(unxml_ga_dir)
    assert len(ga_names) == 199  # FORMATS.md section 6
    ga_codes = {countries.resolve_member_name(n) for n in ga_names}
    assert len(ga_codes) == 193
    assert ga_codes == countries.un_members("2025-01-01")
    # The Council's lists: every spelling but the two halves of "CÔTE." + "D'IVOIRE" maps alone.
    unmapped = []
    for name in _listed_names(unxml_sc_dir):
        try:
            countries.resolve_member_name(name)
        except ValueError:
            unmapped.append(name)
    assert sorted(unmapped) == ["CÔTE.", "D'IVOIRE"]


@pytest.mark.data
def test_real_ga_files(unxml_ga_dir):
    tables = readers.read_unxml(sorted(unxml_ga_dir.glob("*.json")), body="GA")
    raw = list(_raw_entries(unxml_ga_dir))
    rc = tables.roll_calls
    # One roll call per distinct symbol (FORMATS: 33 symbols of 79.json appear twice or more).
    assert len(rc) == len({e["symbol"] for e in raw})
    assert rc["rcid"].is_unique
    assert not rc["amend"].any()
    assert not rc["para"].any()
    recorded = {e["symbol"] for e in raw if e["adoption_type"] == "By a recorded vote"}
    assert set(rc.loc[rc["modality"] == "recorded vote", "symbol"]) == recorded
    assert set(rc.loc[rc["modality"] == "unknown", "symbol"]) == {
        e["symbol"] for e in raw if e["adoption_type"] == ""
    }
    assert tables.votes["country"].astype(str).str.fullmatch(r"[A-Z]{3}").all()
    # Issue 9: "the United States voted no on 152 of the 168 recorded votes of session 80", counting
    # entries: 80.json holds A/RES/80/131 and 80/144 twice (recorded votes, US against), so 150 of 166.
    s80 = rc[(rc["session"] == "80") & (rc["modality"] == "recorded vote")]
    assert len(s80) == 168 - 2
    us = tables.votes[(tables.votes["country"] == "USA") & tables.votes["rcid"].isin(s80["rcid"])]
    assert (us["vote"] == "no").sum() == 152 - 2
    data = _data(tables)
    # What the files contain (measured from the raw JSON): counts 168/2/0 beside empty lists
    # (A/RES/75/254 A-C); 59 abstentions counted, 58 names (A/RES/77/293); A/RES/75/290 A lists
    # every member twice.
    assert rc.loc[rc["listed_twice"].notna(), "symbol"].tolist() == ["A/RES/75/290 A"]
    assert sorted(data.check()["symbol"]) == ["A/RES/75/254 A-C", "A/RES/75/290 A", "A/RES/77/293"]


@pytest.mark.data
def test_real_sc_files(unxml_sc_dir):
    with pytest.warns(UserWarning, match=r"S/RES/2423 \(2018\)"):
        tables = readers.read_unxml(sorted(unxml_sc_dir.glob("*.json")), body="SC")
    rc = tables.roll_calls
    assert len(rc) == 1541 - 3  # S/RES/2820-2822 (2026) twice
    assert rc["rcid"].is_unique
    rc = rc.set_index("symbol")
    assert rc.loc["S/RES/2774 (2025)", ["yes_total", "no_total", "abstain_total"]].tolist() == [10, 0, 5]
    no_votes = set(rc.index) - set(rc.loc[rc["rcid"].isin(tables.votes["rcid"])].index)
    # No votes exactly where no vote was taken (some of those entries list all 15 members anyway).
    raw = list(_raw_entries(unxml_sc_dir))
    unvoted = {e["symbol"] for e in raw if re.search("without vote|acclamation", e["adoption_type"], re.I)}
    assert no_votes == unvoted
    assert len(unvoted) == 18
    assert tables.votes["country"].astype(str).str.fullmatch(r"[A-Z]{3}").all()


def test_sniff_names_the_extract_by_its_symbols():
    assert readers.sniff(GA_FILES[0]) == "unxml-ga"
    assert readers.sniff(SC_FILE) == "unxml-sc"
    with pytest.raises(DataFileError, match=r"extracts\.json looks like a unxml-sc file, not 'unxml-ga'"):
        readers.sniff(SC_FILE, expected="unxml-ga")
