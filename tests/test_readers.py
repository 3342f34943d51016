"""Readers: every layout into the same canonical tables, and every kind of bad input."""

from __future__ import annotations

import gzip
import shutil

import pandas as pd
import pytest

import unvotes_lib
from unvotes_lib import countries, readers
from unvotes_lib.errors import DataFileError
from unvotes_lib.store import VoteData

from .conftest import FIXTURES

GA_LAYOUTS = ["undl_ga_2024.csv", "undl_ga_2025.csv", "undl_ga_2026.csv"]


def _as_data(tables) -> VoteData:
    return VoteData(tables.roll_calls, tables.votes, tables.issues)


# ------------------------------------------------------------------ UN DHL GA


@pytest.mark.parametrize("name", GA_LAYOUTS)
def test_ga_layouts_read_the_same_votes(name):
    data = _as_data(readers.read_undl_ga(FIXTURES / name))
    votes = data.votes.assign(country=data.votes["country"].astype(str), vote=data.votes["vote"].astype(str))
    got = dict(zip(zip(votes["rcid"], votes["country"], strict=True), votes["vote"], strict=True))
    # Written by hand from the fixture rows: Y/N/A as such, empty, X and NV are "absent".
    assert got == {
        (4025240, "AFG"): "yes",
        (4025240, "FRA"): "yes",
        (4025240, "GBR"): "abstain",
        (4025240, "ISR"): "no",
        (4025240, "USA"): "no",
        (4025240, "NAM"): "absent",
        (900001, "SUN"): "yes",
        (900001, "YUG"): "abstain",
        (900001, "CSK"): "no",
        (900001, "USA"): "yes",
        (900001, "FRA"): "absent",
        (900001, "DEU"): "yes",
    }
    rc = data.roll_calls.set_index("rcid")
    assert rc.loc[4025240, "symbol"] == "A/RES/ES-10/21"
    assert rc.loc[4025240, "session"] == "ES-10"
    assert rc.loc[4025240, "date"] == pd.Timestamp("2023-10-27")
    # Official totals kept beside the rows (floats such as 120.0 in the file).
    assert rc.loc[4025240, ["yes_total", "no_total", "abstain_total", "non_voting_total"]].tolist() == [
        120,
        14,
        45,
        14,
    ]
    assert (rc["body"] == "GA").all()
    assert set(data.issues.loc[data.issues["rcid"] == 900001, "issue"]) == {"DISARMAMENT", "NUCLEAR WEAPONS"}


def test_ga_layouts_give_identical_tables():
    tables = [_as_data(readers.read_undl_ga(FIXTURES / n)) for n in GA_LAYOUTS]
    for other in tables[1:]:
        pd.testing.assert_frame_equal(tables[0].votes, other.votes)
        pd.testing.assert_frame_equal(tables[0].roll_calls, other.roll_calls)


def test_check_reports_counted_against_official_totals():
    data = _as_data(readers.read_undl_ga(FIXTURES / "undl_ga_2026.csv"))
    report = data.check()
    # Record 4025240 has 6 rows (3 yes, 2 no... see fixture) against 120-14-45-14;
    # record 900001 counts 3 yes, 1 no, 1 abstain, 1 absent = its totals.
    assert report["rcid"].tolist() == [4025240]
    row = report.iloc[0]
    assert (row["yes"], row["no"], row["abstain"], row["absent"]) == (2, 2, 1, 1)
    assert "yes 2 (official 120)" in row["mismatch"]
    assert "absent 1 (official 14)" in row["mismatch"]


# ------------------------------------------------------------------ SC and MARCXML


def test_sc_file_and_marcxml_record_agree():
    sc = _as_data(readers.read_undl_sc(FIXTURES / "undl_sc.csv"))
    xml = _as_data(readers.read_marcxml(FIXTURES / "sc_2774.xml"))
    for data in (sc, xml):
        counts = data.counted().iloc[0].to_dict()
        assert counts == {"yes": 10, "no": 0, "abstain": 5, "absent": 0}  # DOMAIN.md: 10-0-5
        abstainers = set(data.votes.loc[data.votes["vote"] == "abstain", "country"].astype(str))
        assert abstainers == {"FRA", "GBR", "DNK", "GRC", "SVN"}
        rc = data.roll_calls.iloc[0]
        assert rc["body"] == "SC"
        assert rc["symbol"] == "S/RES/2774 (2025)"
        assert (rc["yes_total"], rc["no_total"], rc["abstain_total"], rc["non_voting_total"]) == (10, 0, 5, 0)
        assert data.check().empty
    pd.testing.assert_frame_equal(sc.votes, xml.votes)


def test_marcxml_missing_vote_is_non_voting(tmp_path):
    text = (
        (FIXTURES / "sc_2774.xml")
        .read_text()
        .replace(
            '<subfield code="c">SOM</subfield><subfield code="d">Y</subfield>',
            '<subfield code="c">SOM</subfield>',
        )
    )
    (tmp_path / "r.xml").write_text(text)
    data = _as_data(readers.read_marcxml(tmp_path / "r.xml"))
    assert data.votes.set_index("country").loc["SOM", "vote"] == "absent"


def test_marcxml_not_a_record(tmp_path):
    (tmp_path / "r.xml").write_text("<html><body>blocked</body></html>")
    with pytest.raises(ValueError, match="has no MARC record"):
        readers.read_marcxml(tmp_path / "r.xml")


# ------------------------------------------------------------------ unvotes CSVs


def _write_unvotes(folder, votes_rows, roll_rows=None, encoding="utf-8"):
    roll_rows = roll_rows or [
        "3,1,0,1946-01-01,R/1/66,1,0,SHORT,LONG",
        "4,47,0,1992-09-01,R/47/1,0,0,S,L",
        "5,58,1,2003-10-01,R/58/1,0,0,S,L",
        "6,65,,2010-10-01,R/65/1,0,0,S,L",
    ]
    (folder / "unvotes.csv").write_bytes(
        ("rcid,country,country_code,vote\n" + "\n".join(votes_rows) + "\n").encode(encoding)
    )
    (folder / "roll_calls.csv").write_text(
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n" + "\n".join(roll_rows) + "\n"
    )
    (folder / "issues.csv").write_text("rcid,short_name,issue\n3,hr,Human rights\n")
    return folder


def test_unvotes_traps(tmp_path):
    folder = _write_unvotes(
        tmp_path,
        [
            "3,Russia,RU,yes",
            "4,Russia,RU,no",  # USSR before 25 Dec 1991, Russia after
            "3,Namibia,NA,abstain",  # NA is Namibia
            "3,Federal Republic of Germany,,yes",  # no code: by name
            "3,Yemen Arab Republic,,no",
            "3,Zanzibar,,yes",
            "3,Taiwan,TW,yes",
            "3,Yugoslavia,YU,no",
            "4,Yugoslavia,YU,yes",  # YUG until 1 Nov 2000,
            "5,Yugoslavia,YU,yes",
            "6,Yugoslavia,YU,no",  # SCG until 3 Jun 2006, then SRB
        ],
    )
    t = readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv", folder / "issues.csv")
    got = list(zip(t.votes["rcid"], t.votes["country"], strict=True))
    assert got == [
        (3, "SUN"),
        (4, "RUS"),
        (3, "NAM"),
        (3, "DEU"),
        (3, "YEM"),
        (3, "ZAN"),
        (3, "TWN"),
        (3, "YUG"),
        (4, "YUG"),
        (5, "SCG"),
        (6, "SRB"),
    ]
    assert t.roll_calls["important"].tolist() == [False, False, True, pd.NA]
    assert t.issues["issue_code"].tolist() == ["hr"]


def test_unvotes_latin1_file_is_read_with_a_warning(tmp_path):
    folder = _write_unvotes(
        tmp_path,
        ["3,Côte d’Ivoire,CI,yes".replace("’", "'"), "3,São Tomé & Príncipe,ST,no"],
        encoding="latin-1",
    )
    with pytest.warns(UnicodeWarning, match="not UTF-8"):
        t = readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")
    assert t.votes["country"].tolist() == ["CIV", "STP"]


def test_unknown_vote_code_names_file_row_and_value(tmp_path):
    folder = _write_unvotes(tmp_path, ["3,Cuba,CU,yes", "3,Haiti,HT,maybe"])
    with pytest.raises(ValueError, match=r"unvotes.csv line 3: unknown vote 'maybe'"):
        readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")


def test_unknown_vote_code_in_undl_file(tmp_path):
    text = (FIXTURES / "undl_ga_2026.csv").read_text().replace(",ISR,ISRAEL,N,", ",ISR,ISRAEL,Q,")
    (tmp_path / "x_ga_voting.csv").write_text(text)
    with pytest.raises(ValueError, match=r"x_ga_voting.csv line 5: unknown vote 'Q' in column 'ms_vote'"):
        readers.read_undl_ga(tmp_path / "x_ga_voting.csv")


def test_duplicated_vote_is_an_error(tmp_path):
    folder = _write_unvotes(tmp_path, ["3,Cuba,CU,yes", "3,Haiti,HT,yes", "3,Cuba,CU,no"])
    with pytest.raises(ValueError, match=r"roll call 3 has more than one vote for CUB \(lines \[2, 4\]\)"):
        readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")


def test_bad_date_names_row_and_value(tmp_path):
    folder = _write_unvotes(
        tmp_path, ["3,Cuba,CU,yes"], ["3,1,0,1946-01-01,R/1/66,1,0,S,L", "4,1,0,1946-13-45,R/1/67,1,0,S,L"]
    )
    with pytest.raises(ValueError, match=r"roll_calls.csv line 3: date '1946-13-45' is not a date"):
        readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")


def test_unknown_country_code_is_an_error(tmp_path):
    folder = _write_unvotes(tmp_path, ["3,Atlantis,QQ,yes"])
    with pytest.raises(ValueError, match=r"line 2: unknown country 'Atlantis' with code 'QQ'"):
        readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")


def test_vote_on_unknown_roll_call(tmp_path):
    folder = _write_unvotes(tmp_path, ["99,Cuba,CU,yes"])
    with pytest.raises(ValueError, match=r"roll call 99 is not in roll_calls.csv"):
        readers.read_unvotes(folder / "unvotes.csv", folder / "roll_calls.csv")


def test_missing_columns_say_expected_found_and_guess(tmp_path):
    shutil.copy(FIXTURES / "undl_ga_2026.csv", tmp_path / "unvotes.csv")
    _write_unvotes(tmp_path / "", ["3,Cuba,CU,yes"])
    shutil.copy(FIXTURES / "undl_ga_2026.csv", tmp_path / "unvotes.csv")
    with pytest.raises(
        ValueError,
        match=r"unvotes.csv has no column\(s\) \['rcid', 'country', 'country_code', "
        r"'vote'\].*found \['undl_id'.*UN DHL General Assembly file: use "
        r"source='undl-ga'",
    ):
        readers.read_unvotes(tmp_path / "unvotes.csv", tmp_path / "roll_calls.csv")


def test_sc_reader_on_ga_file_guesses_the_format():
    with pytest.raises(ValueError, match=r"no column\(s\) \['permanent_member'\].*use source='undl-ga'"):
        readers.read_undl_sc(FIXTURES / "undl_ga_2026.csv")


def test_empty_file(tmp_path):
    (tmp_path / "e_ga_voting.csv").write_bytes(b"")
    with pytest.raises(ValueError, match="e_ga_voting.csv is empty"):
        readers.read_undl_ga(tmp_path / "e_ga_voting.csv")


def test_truncated_gzip(tmp_path):
    data = gzip.compress((FIXTURES / "undl_ga_2026.csv").read_bytes() * 20)
    (tmp_path / "t_ga_voting.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="t_ga_voting.csv.gz is a truncated or damaged gzip file"):
        readers.read_undl_ga(tmp_path / "t_ga_voting.csv.gz")


def test_gzip_and_plain_csv_read_the_same(tmp_path):
    (tmp_path / "g_ga_voting.csv.gz").write_bytes(gzip.compress((FIXTURES / "undl_ga_2025.csv").read_bytes()))
    a = _as_data(readers.read_undl_ga(tmp_path / "g_ga_voting.csv.gz"))
    b = _as_data(readers.read_undl_ga(FIXTURES / "undl_ga_2025.csv"))
    pd.testing.assert_frame_equal(a.votes, b.votes)


def test_unknown_member_code_in_undl_file(tmp_path):
    text = (FIXTURES / "undl_ga_2026.csv").read_text().replace(",GBR,UNITED KINGDOM,", ",UKX,UNITED KINGDOM,")
    (tmp_path / "c_ga_voting.csv").write_text(text)
    with pytest.raises(ValueError, match=r"line 4: ms_code 'UKX' is not a known ISO3"):
        readers.read_undl_ga(tmp_path / "c_ga_voting.csv")


def test_sniff_guesses_each_layout():
    assert readers.sniff(FIXTURES / "undl_ga_2024.csv") == "undl-ga"
    assert readers.sniff(FIXTURES / "undl_sc.csv") == "undl-sc"
    assert readers.sniff(FIXTURES / "sc_2774.xml") == "marcxml"
    with pytest.raises(ValueError, match="looks like a UN DHL General Assembly file"):
        readers.sniff(FIXTURES / "undl_ga_2026.csv", expected="undl-sc")


# ------------------------------------------------------------------ curated YAML (format errors)


def _yaml(tmp_path, text):
    p = tmp_path / "r.yaml"
    p.write_text(text)
    return p


def test_curated_partial_needs_totals(tmp_path):
    p = _yaml(tmp_path, "records:\n  - {symbol: A/RES/1, body: GA, date: 2025-02-24, votes: {no: [USA]}}\n")
    with pytest.raises(ValueError, match="partial record .* needs official totals"):
        readers.read_curated(p)


def test_curated_complete_totals_must_add_up(tmp_path):
    p = _yaml(
        tmp_path,
        "records:\n  - {symbol: S/RES/1, body: SC, date: 2025-02-24, complete: true,\n"
        "     totals: {yes: 2, no: 0, abstain: 0}, votes: {yes: [USA]}}\n",
    )
    with pytest.raises(ValueError, match=r"totals.yes is 2 but 1 countries are listed"):
        readers.read_curated(p)


def test_curated_unknown_country_suggests(tmp_path):
    p = _yaml(
        tmp_path,
        "records:\n  - {symbol: S/RES/1, body: SC, date: 2025-02-24, complete: true,\n"
        "     votes: {yes: [Rusia]}}\n",
    )
    with pytest.raises(ValueError, match=r"'Rusia' is not a known country code or name; did you mean 'RUS'"):
        readers.read_curated(p)


def test_curated_partial_record_keeps_official_totals(tmp_path):
    p = _yaml(
        tmp_path,
        "records:\n  - {symbol: A/RES/ES-11/7, body: GA, date: 2025-02-24, complete: false,\n"
        "     totals: {yes: 93, no: 18, abstain: 65}, votes: {no: [USA, RUS]}}\n",
    )
    data = _as_data(readers.read_curated(p))
    rc = data.roll_calls.iloc[0]
    assert bool(rc["partial"]) is True
    assert (rc["yes_total"], rc["no_total"], rc["abstain_total"]) == (93, 18, 65)
    assert rc["session"] == "ES-11"
    assert data.check().empty  # partial records disagree by design and are left out
    assert len(data.check(include_partial=True)) == 1


# ------------------------------------------------------------------ published ideal points (Latin-1)


@pytest.mark.data
def test_published_ideal_points_latin1(ideal_points_file):
    ip = unvotes_lib.read_bsv_ideal_points(ideal_points_file)
    names = set(ip["name"])
    assert "São Tomé & Príncipe" in names  # bytes e3/e9/ed in the file: Latin-1
    usa1 = ip[(ip["country"] == "USA") & (ip["session"] == 1)].iloc[0]
    assert usa1["ideal"] == pytest.approx(1.675486)  # first data row of the published file
    assert usa1["n_votes"] == 42
    assert {"q0", "q5", "q50", "q100"} <= set(ip.columns)


def test_seat_codes_follow_the_date_whatever_the_source_wrote(tmp_path):
    # A UN file may call the Federal Republic of Yugoslavia (admitted 1 Nov 2000) "YUG" until 2003:
    # the seat is SCG from that day; USSR votes filed under RUS become SUN.
    text = (FIXTURES / "undl_ga_2026.csv").read_text()
    text = text.replace(",YUG,YUGOSLAVIA,A,1990-10-01,", ",YUG,YUGOSLAVIA,A,2001-10-01,")
    text = text.replace(",SUN,UNION OF SOVIET SOCIALIST REPUBLICS,", ",RUS,RUSSIAN FEDERATION,")
    (tmp_path / "y_ga_voting.csv").write_text(text)
    t = readers.read_undl_ga(tmp_path / "y_ga_voting.csv")
    by_country = dict(zip(t.votes["country"], t.votes["rcid"], strict=True))
    assert "SCG" in by_country  # 2001 vote of the FRY
    assert "SUN" in by_country  # 1990 vote filed under RUS
    assert not {"YUG", "RUS"} & set(by_country)


def test_sc_resolution_adopted_without_a_vote_has_no_member_votes(tmp_path):
    rows = (FIXTURES / "undl_sc.csv").read_text().splitlines()
    extra = [
        r.replace("9000274", "9000275")
        .replace("S/RES/2774 (2025)", "S/RES/2775 (2025)")
        .replace(",Voted,", ",Adopted without vote,")
        .replace(",A,2025", ",Y,2025")
        .replace(",10.0,0.0,5.0,0.0,15.0,", ",15.0,0.0,0.0,0.0,15.0,")
        for r in rows[1:]
    ]
    (tmp_path / "w_sc_voting.csv").write_text("\n".join(rows + extra) + "\n")
    data = _as_data(readers.read_undl_sc(tmp_path / "w_sc_voting.csv"))
    rc = data.roll_calls.set_index("rcid")
    assert bool(rc.loc[9000275, "partial"]) is True
    assert bool(rc.loc[9000274, "partial"]) is False
    assert set(data.votes["rcid"]) == {9000274}  # the 15 "Y" rows of 2775 are not recorded votes
    assert rc.loc[9000275, "yes_total"] == 15
    # Decided from its official totals (15-0-0): adopted, with no member vote on record.
    outcome = unvotes_lib.decisions(data).set_index("rcid").loc[9000275, "outcome"]
    assert outcome == "adopted"


@pytest.mark.data
def test_published_ideal_points_give_our_code_for_each_seat(ideal_points_file):
    ip = unvotes_lib.read_bsv_ideal_points(ideal_points_file)
    code = dict(zip(zip(ip["ccode"], ip["session"], strict=True), ip["code"], strict=True))
    # COW 678 (Yemen Arab Republic) and 680 (South Yemen) are both "YAR" in the file.
    assert (code[(678, 40)], code[(680, 40)]) == ("YEM", "YMD")
    assert code[(260, 40)] == "DEU"  # German Federal Republic
    assert code[(713, 20)] == "TWN"  # China's seat before 1971
    assert code[(2, 74)] == "USA"  # unchanged where the codes agree


# ------------------------------------------------------------------ canonical symbols


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("R/74/9", "A/RES/74/9"),  # Voeten
        ("A/RES/74/9", "A/RES/74/9"),
        ("a/res/74/9 ", "A/RES/74/9"),
        ("R/31/6A", "A/RES/31/6 A"),
        ("R/1/1287/B", "A/RES/1/1287 B"),
        ("ESS/11/1", "A/RES/ES-11/1"),
        ("SS/17/2", "A/RES/S-17/2"),
        ("A/RES/ES-11/7", "A/RES/ES-11/7"),
        ("A/RES/75/254 A-C", "A/RES/75/254 A-C"),
        ("A/RES/75/254A-C", "A/RES/75/254 A-C"),
        ("A/RES/194(III)", "A/RES/194 (III)"),
        ("S/RES/2774 (2025)", "S/RES/2774 (2025)"),
        ("S/RES/2774(2025)", "S/RES/2774 (2025)"),
        ("S/RES/2774\u00a0(2025)", "S/RES/2774 (2025)"),
        ("GOAR/1/1288B", "GOAR/1/1288B"),  # not a symbol pattern: tidied, kept
        (None, ""),
    ],
)
def test_canonical_symbol(given, expected):
    assert readers.canonical_symbol(given) == expected


def test_every_reader_writes_canonical_symbols_and_keeps_the_raw_one(tmp_path):
    _write_unvotes(tmp_path, ["3,Russia,RU,yes", "4,Russia,RU,no", "5,Russia,RU,yes", "6,Russia,RU,yes"])
    t = readers.read_unvotes(tmp_path / "unvotes.csv", tmp_path / "roll_calls.csv")
    rc = t.roll_calls.set_index("rcid")
    assert (rc.loc[4, "symbol"], rc.loc[4, "source_symbol"]) == ("A/RES/47/1", "R/47/1")
    xml = readers.read_marcxml(FIXTURES / "sc_2774.xml").roll_calls.iloc[0]
    assert (xml["symbol"], xml["source_symbol"]) == ("S/RES/2774 (2025)", "S/RES/2774 (2025)")


# ------------------------------------------------------------------ MARCXML (issue 9 item 7)

_MARC_NS = "http://www.loc.gov/MARC21/slim"


def _marc_record(votes, totals=None, extra="", tag_of=lambda i: "967"):
    """A GA voting record in the Digital Library's layout: votes = [(code, 'Y'|'N'|'A'|None)]."""
    fields = []
    for i, (code, vote) in enumerate(votes, start=1):
        d = f'<subfield code="d">{vote}</subfield>' if vote else ""
        fields.append(
            f'<datafield tag="{tag_of(i)}" ind1=" " ind2=" "><subfield code="a">{i:03d}</subfield>'
            f'<subfield code="c">{code}</subfield>{d}<subfield code="e">{code}</subfield></datafield>'
        )
    tally = ""
    if totals:
        tally = (
            '<datafield tag="996" ind1=" " ind2=" ">'
            + "".join(f'<subfield code="{k}">{v}</subfield>' for k, v in totals.items())
            + "</datafield>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{_MARC_NS}"><record>'
        '<controlfield tag="001">4040915</controlfield>'
        '<datafield tag="245" ind1=" " ind2=" "><subfield code="a">'
        "Situation of human rights of Rohingya Muslims and other minorities in Myanmar :</subfield>"
        '<subfield code="b">resolution /</subfield></datafield>'
        '<datafield tag="269" ind1=" " ind2=" "><subfield code="a">2023-12-22</subfield></datafield>'
        '<datafield tag="591" ind1=" " ind2=" "><subfield code="a">'
        "RECORDED - No machine generated vote</subfield></datafield>"
        '<datafield tag="791" ind1=" " ind2=" "><subfield code="a">A/RES/78/264</subfield></datafield>'
        '<datafield tag="952" ind1=" " ind2=" "><subfield code="a">A/78/PV.50</subfield></datafield>'
        '<datafield tag="993" ind1=" " ind2=" "><subfield code="a">A/78/481/Add.3</subfield></datafield>'
        '<datafield tag="993" ind1=" " ind2=" "><subfield code="a">A/C.3/78/L.40</subfield></datafield>'
        + "".join(fields)
        + tally
        + extra
        + "</record></collection>\n"
    )


def _a_78_264():
    # A/RES/78/264 as FORMATS.md section 3 gives it: $b 115 $c 0 $d 44 $e 34 $f 193. Which member
    # voted how is made up here (the record's 193 967 fields in the real layout): the first 115 UN
    # members in code order yes, the next 44 abstain, the last 34 non-voting (no $d).
    members = sorted(countries.un_members("2023-12-22"))
    votes = [(c, "Y") for c in members[:115]] + [(c, "A") for c in members[115:159]]
    votes += [(c, None) for c in members[159:]]
    return votes, {"b": 115, "c": 0, "d": 44, "e": 34, "f": 193}


def test_marcxml_totals_from_996_b_to_f(tmp_path):
    votes, totals = _a_78_264()
    (tmp_path / "r.xml").write_text(_marc_record(votes, totals), encoding="utf-8")
    data = _as_data(readers.read_marcxml(tmp_path / "r.xml"))
    rc = data.roll_calls.iloc[0]
    assert (rc["yes_total"], rc["no_total"], rc["abstain_total"], rc["non_voting_total"]) == (115, 0, 44, 34)
    assert not rc["partial"]
    assert data.counted().iloc[0].to_dict() == {"yes": 115, "no": 0, "abstain": 44, "absent": 34}
    assert data.check().empty
    assert rc["title"] == "Situation of human rights of Rohingya Muslims and other minorities in Myanmar"
    assert (rc["meeting"], rc["draft"]) == ("A/78/PV.50", "A/C.3/78/L.40")
    assert rc["description"] == "RECORDED - No machine generated vote"
    assert (rc["session"], rc["symbol"]) == ("78", "A/RES/78/264")


def test_marcxml_totals_now_catch_a_mismatch(tmp_path):
    votes, totals = _a_78_264()
    votes[0] = (votes[0][0], "N")  # one yes turned into a no: 114-1-44 against 115-0-44
    (tmp_path / "r.xml").write_text(_marc_record(votes, totals), encoding="utf-8")
    report = _as_data(readers.read_marcxml(tmp_path / "r.xml")).check()
    assert report["mismatch"].tolist() == ["yes 114 (official 115); no 1 (official 0)"]


def test_marcxml_fewer_vote_fields_than_members_is_partial(tmp_path):
    votes, totals = _a_78_264()
    (tmp_path / "r.xml").write_text(_marc_record(votes[:20], totals), encoding="utf-8")
    rc = readers.read_marcxml(tmp_path / "r.xml").roll_calls.iloc[0]
    assert rc["partial"]
    assert rc["yes_total"] == 115


def test_marcxml_overflow_fields_968_969(tmp_path):
    votes, totals = _a_78_264()
    # Fields 1-99 in 967, 100-179 in 968, the rest in 969.
    xml = _marc_record(votes, totals, tag_of=lambda i: "967" if i < 100 else ("968" if i < 180 else "969"))
    (tmp_path / "r.xml").write_text(xml, encoding="utf-8")
    data = _as_data(readers.read_marcxml(tmp_path / "r.xml"))
    assert len(data.votes) == 193
    assert data.check().empty


def test_marcxml_total_that_is_not_a_number(tmp_path):
    votes, totals = _a_78_264()
    (tmp_path / "r.xml").write_text(_marc_record(votes, {**totals, "b": "many"}), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"r\.xml field 996 \$b: 'many' is not a count"):
        readers.read_marcxml(tmp_path / "r.xml")


def test_marcxml_broken_xml_names_the_line(tmp_path):
    (tmp_path / "r.xml").write_text('<?xml version="1.0"?>\n<collection>\n<record>\n</collection>\n')
    with pytest.raises(DataFileError, match=r"r\.xml is not valid XML at line 4, column \d+"):
        readers.read_marcxml(tmp_path / "r.xml")


def test_marcxml_member_in_two_vote_fields(tmp_path):
    votes, totals = _a_78_264()
    votes.append((votes[0][0], "N"))
    (tmp_path / "r.xml").write_text(_marc_record(votes, totals), encoding="utf-8")
    expected = rf"r\.xml: {votes[0][0]} has more than one vote field \(967 #1, 967 #194\)"
    with pytest.raises(DataFileError, match=expected):
        readers.read_marcxml(tmp_path / "r.xml")


# ------------------------------------------------------------------ issue 11: bad files, clear words


def _unvotes_pair(folder, votes_text: bytes):
    (folder / "roll_calls.csv").write_text(
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n3,1,0,1946-01-01,R/1/66,1,0,S,L\n"
    )
    (folder / "unvotes.csv").write_bytes(votes_text)
    return folder / "unvotes.csv", folder / "roll_calls.csv"


def test_header_only_file(tmp_path):
    v, r = _unvotes_pair(tmp_path, b"rcid,country,country_code,vote\n")
    with pytest.raises(DataFileError, match=r"unvotes\.csv has a header line but no rows") as info:
        readers.read_unvotes(v, r)
    assert "zero-size" not in str(info.value)


def test_ragged_rows_name_file_and_line(tmp_path):
    v, r = _unvotes_pair(tmp_path, b"rcid,country,country_code,vote\n3,France,FR,yes\n")
    with open(r, "a") as fh:
        fh.write("4,1,0,1946-01-02,R/1/67,0,0,SHORT, WITH A COMMA,LONG\n")
    expected = r"roll_calls\.csv: line 3 has 10 fields where the header has 9"
    with pytest.raises(DataFileError, match=expected) as info:
        readers.read_unvotes(v, r)
    assert info.value.__cause__ is not None  # pandas' error chained, not lost


def test_utf16_file_says_so(tmp_path):
    v, r = _unvotes_pair(tmp_path, "rcid,country,country_code,vote\n3,France,FR,yes\n".encode("utf-16"))
    with pytest.raises(DataFileError, match=r"unvotes\.csv is UTF-16 .*save it again as UTF-8"):
        readers.read_unvotes(v, r)


def test_gzip_named_csv_says_so(tmp_path):
    v, r = _unvotes_pair(tmp_path, gzip.compress(b"rcid,country,country_code,vote\n3,France,FR,yes\n"))
    with pytest.raises(DataFileError, match=r"unvotes\.csv is gzip-compressed but not named \.gz"):
        readers.read_unvotes(v, r)


def test_messages_show_plain_numbers(tmp_path):
    (tmp_path / "roll_calls.csv").write_text(
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "3,1,0,1946-01-01,R/1/66,1,0,S,L\n3,1,0,1946-01-02,R/1/67,1,0,S,L\n"
    )
    (tmp_path / "unvotes.csv").write_text("rcid,country,country_code,vote\n3,France,FR,yes\n")
    with pytest.raises(DataFileError, match=r"roll_calls\.csv line 3: rcid 3 is missing or repeated") as info:
        readers.read_unvotes(tmp_path / "unvotes.csv", tmp_path / "roll_calls.csv")
    assert "np." not in str(info.value)


# The fuzz test of every layout through `load` (issue 11 item 6) is tests/test_fuzz.py.


def test_huge_record_number_is_an_error_not_a_negative_rcid(tmp_path):
    lines = (FIXTURES / "undl_ga_2026.csv").read_text(encoding="utf-8").splitlines()
    first = lines[1]
    lines[1] = "99999999999999999999999" + first[first.index(",") :]
    (tmp_path / "ga.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"ga\.csv line 2: undl_id '9{23}' is too large"):
        readers.read_undl_ga(tmp_path / "ga.csv")


# ------------------------------------------------------------------ readers.read: the one read step of load


def test_read_takes_each_formats_files_the_way_it_needs_them(tmp_path):
    from unvotes_lib.errors import ParameterError

    # The unvotes trio by role: 2 roll calls x 2 countries = 4 votes, RU before 1991-12-25 is SUN.
    (tmp_path / "unvotes.csv").write_text(
        "rcid,country,country_code,vote\n1,France,FR,yes\n1,Russia,RU,no\n2,France,FR,no\n2,Russia,RU,yes\n"
    )
    (tmp_path / "roll_calls.csv").write_text(
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,45,0,1990-10-01,R/45/1,0,0,a,A\n2,45,0,1990-11-02,R/45/2,0,0,b,B\n"
    )
    t = readers.read(
        "unvotes", {"votes": tmp_path / "unvotes.csv", "roll_calls": tmp_path / "roll_calls.csv"}
    )
    assert sorted(
        zip(t.votes["rcid"], t.votes["country"].astype(str), t.votes["vote"].astype(str), strict=True)
    ) == [
        (1, "FRA", "yes"),
        (1, "SUN", "no"),
        (2, "FRA", "no"),
        (2, "SUN", "yes"),
    ]
    # A series: every session file at once, as one table (the fixture sessions 74 and ES-11).
    ga = sorted((FIXTURES / "unxml" / "ga").glob("*.json"))
    both = readers.read("unxml-ga", ga)
    one = [readers.read("unxml-ga", [f]) for f in ga]
    assert len(both.roll_calls) == sum(len(t.roll_calls) for t in one)
    # Curated records: one table from every YAML file (here the same file under two names).
    curated = FIXTURES.parent.parent / "data" / "curated" / "24feb2025.yaml"
    single = readers.read("curated", [curated])
    shutil.copyfile(curated, tmp_path / "copy.yaml")
    twice = readers.read("curated", {"records:a": curated, "records:b": tmp_path / "copy.yaml"})
    assert len(twice.roll_calls) == 2 * len(single.roll_calls)
    with pytest.raises(ParameterError, match=r"`files` of the unvotes reader need 'votes' and 'roll_calls'"):
        readers.read("unvotes", {"votes": tmp_path / "unvotes.csv"})
    with pytest.raises(ParameterError, match=r"The 'undl-sc' reader reads one file at a time; got 2"):
        readers.read("undl-sc", [FIXTURES / "undl_sc.csv", FIXTURES / "undl_sc.csv"])
    with pytest.raises(ParameterError, match=r"`reader` 'bsv-ideal' does not read votes"):
        readers.read("bsv-ideal", [FIXTURES / "undl_sc.csv"])
