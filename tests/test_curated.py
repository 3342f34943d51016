"""The curated records of 24 February 2025 (data/curated/24feb2025.yaml)."""

from __future__ import annotations

import warnings

import pytest

import unvotes_lib as uv
from unvotes_lib.tally import decide, tally

# The Council of 2025 as DOMAIN.md lists it (section 2).
SC_2025 = {
    "CHN",
    "FRA",
    "RUS",
    "GBR",
    "USA",
    "DZA",
    "GUY",
    "KOR",
    "SLE",
    "SVN",
    "DNK",
    "GRC",
    "PAK",
    "PAN",
    "SOM",
}


@pytest.fixture(scope="module")
def curated():
    return uv.load("curated")


def _votes(data, symbol):
    rcid = data.roll_call(symbol)["rcid"]
    sub = data.votes[data.votes["rcid"] == rcid]
    return dict(zip(sub["country"].astype(str), sub["vote"].astype(str), strict=True))


def test_three_records_of_24_february_2025(curated):
    rc = curated.roll_calls.set_index("symbol")
    assert sorted(rc.index) == ["A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774 (2025)"]
    assert set(rc["date"].dt.strftime("%Y-%m-%d")) == {"2025-02-24"}
    assert rc.loc["A/RES/ES-11/7", "body"] == "GA"
    assert rc.loc["A/RES/ES-11/7", "session"] == "ES-11"
    assert rc.loc["S/RES/2774 (2025)", "body"] == "SC"


def test_es_11_7_partial_with_official_totals(curated):
    row = curated.roll_call("A/RES/ES-11/7")
    assert bool(row["partial"])
    assert (row["yes_total"], row["no_total"], row["abstain_total"]) == (93, 18, 65)
    assert _votes(curated, "A/RES/ES-11/7") == dict.fromkeys(["USA", "RUS", "BLR", "PRK", "SDN"], "no")


def test_es_11_8_partial_usa_abstains(curated):
    row = curated.roll_call("A/RES/ES-11/8")
    assert bool(row["partial"])
    assert (row["yes_total"], row["no_total"], row["abstain_total"]) == (93, 8, 73)
    assert _votes(curated, "A/RES/ES-11/8") == {"USA": "abstain"}


def test_2774_complete_fifteen_members_of_the_2025_council(curated):
    row = curated.roll_call("S/RES/2774(2025)")  # spaces ignored
    assert not bool(row["partial"])
    votes = _votes(curated, "S/RES/2774 (2025)")
    assert set(votes) == SC_2025
    assert sorted(c for c, v in votes.items() if v == "abstain") == ["DNK", "FRA", "GBR", "GRC", "SVN"]
    assert sum(v == "yes" for v in votes.values()) == 10
    assert (row["yes_total"], row["no_total"], row["abstain_total"]) == (10, 0, 5)


def test_every_record_cites_a_public_source(curated):
    for url in curated.roll_calls["url"]:
        assert isinstance(url, str)
        assert url.startswith("https://digitallibrary.un.org/")


def test_partial_tally_uses_official_totals_and_says_so(curated):
    t = tally(curated, symbol="A/RES/ES-11/7")
    assert (t.yes, t.no, t.abstain, t.partial) == (93, 18, 65, True)
    assert t.entered["no"] == 5
    d = decide(t)
    assert (d.outcome, d.required) == ("adopted", 56)  # 111 present and voting: 56 needed
    assert any("Partial record" in n for n in d.notes)
    d8 = decide(tally(curated, symbol="A/RES/ES-11/8"))
    assert (d8.outcome, d8.required) == ("adopted", 51)  # 101 present and voting


def test_2774_decided_from_the_record(curated):
    d = decide(tally(curated, symbol="S/RES/2774 (2025)"))
    assert (d.outcome, d.vetoed_by, d.required) == ("adopted", (), 9)


def test_curated_body_mismatch_is_an_error(curated):
    with pytest.raises(ValueError, match=r"`body` 'GA' does not match the record of S/RES/2774 \(2025\)"):
        tally(curated, symbol="S/RES/2774 (2025)", body="GA")


def test_unknown_symbol_suggests(curated):
    with pytest.raises(ValueError, match=r"'A/RES/ES-11/9' is not a roll call in this data; did you mean"):
        tally(curated, symbol="A/RES/ES-11/9")


@pytest.mark.data
def test_merge_with_unvotes_2021_keeps_the_curated_records(real_data, curated):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        merged = real_data.merge(curated)
    rc = merged.roll_calls
    tail = rc[rc["date"] == "2025-02-24"]
    assert sorted(tail["symbol"]) == ["A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774 (2025)"]
    assert tail.set_index("symbol")["partial"].to_dict() == {
        "A/RES/ES-11/8": True,
        "A/RES/ES-11/7": True,
        "S/RES/2774 (2025)": False,
    }
    assert decide(tally(merged, symbol="S/RES/2774 (2025)")).adopted
    # the 2025 US vote sits beside its record: the USA voted no on ES-11/7
    assert (
        merged.matrix.row("USA")[merged.matrix.rcids.get_loc(merged.roll_call("A/RES/ES-11/7")["rcid"])] == 3
    )


@pytest.mark.data
def test_merge_keeps_every_unvotes_roll_call(real_data, curated):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        merged = real_data.merge(curated)
    assert len(merged.roll_calls) == len(real_data.roll_calls) + 3  # 6,203 + 3
    assert len(merged.votes) == len(real_data.votes) + 21  # 5 + 1 + 15 entered votes


# ------------------------------------------------------------------ the reader (YAML 1.2, symbols)


def test_yaml_1_2_no_is_norway_and_yes_no_are_keys(tmp_path):
    from unvotes_lib import readers

    path = tmp_path / "mine.yaml"
    path.write_text(
        "format: unvotes-curated/1\n"
        "records:\n"
        "  - {symbol: S/RES/9999(2025), body: SC, date: 2025-06-01, complete: false,\n"
        "     totals: {yes: 13, no: 1, abstain: 1}, votes: {no: [NO], yes: [USA, FR]}}\n",
        encoding="utf-8",
    )
    t = readers.read_curated(path)
    votes = dict(zip(t.votes["country"].astype(str), t.votes["vote"].astype(str), strict=True))
    # YAML 1.1 would read NO as false and `no:`/`yes:` as booleans; YAML 1.2 keeps them text.
    assert votes == {"NOR": "no", "USA": "yes", "FRA": "yes"}
    rc = t.roll_calls.iloc[0]
    assert (rc["symbol"], rc["source_symbol"]) == ("S/RES/9999 (2025)", "S/RES/9999(2025)")
    assert (rc["yes_total"], rc["no_total"], rc["abstain_total"]) == (13, 1, 1)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    from unvotes_lib import readers
    from unvotes_lib.errors import DataFileError

    path = tmp_path / "broken.yaml"
    path.write_text("format: unvotes-curated/1\nrecords:\n  - {symbol: A/RES/1, body: GA\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken\.yaml.*line \d"):
        readers.read_curated(path)
