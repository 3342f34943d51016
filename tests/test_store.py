"""VoteData: canonical tables, filter, matrix, successors, merge, and the Parquet cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import unvotes_lib
from unvotes_lib import cache
from unvotes_lib.store import ABSENT, ABSTAIN, MISSING, NO, YES, VoteData

from .conftest import FIXTURES


@pytest.fixture
def ga():
    return unvotes_lib.load(FIXTURES / "undl_ga_2026.csv")


def test_matrix_codes_by_hand(ga):
    m = ga.matrix
    # Columns in date order: record 900001 (1990) then 4025240 (2023).
    assert m.rcids.tolist() == [900001, 4025240]
    frame = m.frame()
    # Successors merged: SUN -> RUS and YUG -> SRB; CSK keeps its code.
    assert frame.loc["RUS"].tolist() == [YES, MISSING]
    assert frame.loc["SRB"].tolist() == [ABSTAIN, MISSING]
    assert frame.loc["CSK"].tolist() == [NO, MISSING]
    assert frame.loc["FRA"].tolist() == [ABSENT, YES]
    assert frame.loc["USA"].tolist() == [YES, NO]
    assert frame.loc["NAM"].tolist() == [MISSING, ABSENT]
    assert m.values.dtype == np.int8
    assert list(m.countries) == sorted(m.countries)


def test_successors_keep(ga):
    kept = unvotes_lib.load(FIXTURES / "undl_ga_2026.csv", successors="keep")
    assert {"SUN", "YUG"} <= set(kept.votes["country"].astype(str))
    assert "RUS" not in set(kept.votes["country"].astype(str))
    assert ga.successors == "merge"
    assert kept.successors == "keep"
    hist = kept.countries.set_index("country")
    assert bool(hist.loc["SUN", "historical"])
    assert hist.loc["SUN", "successor"] == "RUS"


def test_filter_by_each_option(ga):
    assert ga.filter(years=1990).roll_calls["rcid"].tolist() == [900001]
    assert ga.filter(years=(2020, 2025)).roll_calls["rcid"].tolist() == [4025240]
    assert ga.filter(sessions="ES-10").roll_calls["rcid"].tolist() == [4025240]
    assert ga.filter(issue="nuclear").roll_calls["rcid"].tolist() == [900001]
    assert ga.filter(symbols="a/res/es-10/21").roll_calls["rcid"].tolist() == [4025240]
    only = ga.filter(countries=["United States", "fr"])
    assert sorted(only.votes["country"].astype(str).unique()) == ["FRA", "USA"]
    assert len(only.roll_calls) == 2
    assert ga.filter(body="SC").roll_calls.empty


def test_filter_errors(ga):
    with pytest.raises(
        ValueError, match=r"`symbols` 'A/RES/ES-10/2' is not a roll call in this data; did you mean"
    ):
        ga.filter(symbols="A/RES/ES-10/2")
    with pytest.raises(ValueError, match="`body` 'UNSC' must be 'GA'"):
        ga.filter(body="UNSC")
    with pytest.raises(ValueError, match="`years` 'last year' is not a year"):
        ga.filter(years="last year")
    with pytest.raises(ValueError, match=r"`countries` 'Atlantis' is not a known country"):
        ga.filter(countries="Atlantis")
    with pytest.warns(UserWarning, match=r"No votes for \['CHN'\]"):
        ga.filter(countries=["CHN", "USA"])


def test_roll_call_lookup(ga):
    assert ga.roll_call("A/RES/ES-10/21")["rcid"] == 4025240


def test_merge_keeps_first_on_duplicates_and_rejects_rcid_clash(ga):
    sc = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    both = ga.merge(sc)
    assert sorted(both.roll_calls["body"]) == ["GA", "GA", "SC"]
    assert len(both.votes) == 12 + 15
    with pytest.warns(UserWarning, match="kept from the first"):
        again = both.merge(unvotes_lib.load(FIXTURES / "sc_2774.xml"))
    assert len(again.roll_calls) == 3
    clash = VoteData(
        pd.DataFrame(
            {
                "rcid": [900001],
                "body": ["GA"],
                "date": ["2000-01-01"],
                "session": ["54"],
                "symbol": ["A/RES/54/1"],
            }
        ),
        pd.DataFrame({"rcid": [900001], "country": ["USA"], "vote": ["yes"]}),
    )
    with pytest.raises(ValueError, match="rcid 900001 names different roll calls"):
        ga.merge(clash)


def test_source_table_has_sha256_of_every_file(ga):
    import hashlib

    row = ga.source.iloc[0]
    assert row["sha256"] == hashlib.sha256((FIXTURES / "undl_ga_2026.csv").read_bytes()).hexdigest()
    assert row["file"] == "undl_ga_2026.csv"
    assert "UN Digital Library record 4060887" in row["citation"]


# ------------------------------------------------------------------ cache


def test_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("UNVOTES_CACHE", str(tmp_path))
    first = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    entries = list((tmp_path / "parsed").iterdir())
    assert len(entries) == 1
    assert (entries[0] / "manifest.json").exists()
    second = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    pd.testing.assert_frame_equal(first.votes, second.votes)
    pd.testing.assert_frame_equal(first.roll_calls, second.roll_calls)
    assert not [p for p in (tmp_path / "parsed").iterdir() if p.name.startswith(".")]  # no temp left


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest"])
def test_corrupt_cache_is_detected_and_rebuilt(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("UNVOTES_CACHE", str(tmp_path))
    good = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    entry = next((tmp_path / "parsed").iterdir())
    target = entry / "votes.parquet"
    raw = bytearray(target.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0xFF
        target.write_bytes(bytes(raw))
    elif damage == "truncate":
        target.write_bytes(bytes(raw[:100]))
    else:
        (entry / "manifest.json").write_text("{not json")
    with pytest.warns(RuntimeWarning, match="is damaged"):
        again = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    pd.testing.assert_frame_equal(good.votes, again.votes)
    assert json.loads((entry / "manifest.json").read_text())["schema"] == cache.SCHEMA_VERSION


def test_failed_parse_leaves_no_cache_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("UNVOTES_CACHE", str(tmp_path))
    bad = tmp_path / "bad_ga_voting.csv"
    bad.write_text(
        (FIXTURES / "undl_ga_2026.csv").read_text().replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Z,")
    )
    with pytest.raises(ValueError, match="unknown vote 'Z'"):
        unvotes_lib.load(bad)
    assert not (tmp_path / "parsed").exists() or not list((tmp_path / "parsed").iterdir())


_LOADER = """
import sys, unvotes_lib
d = unvotes_lib.load("unvotes-2021", path=sys.argv[1])
print(len(d.votes), len(d.roll_calls))
"""


@pytest.mark.data
def test_two_processes_loading_at_once_both_succeed(tmp_path, reference_dir):
    env = {**__import__("os").environ, "UNVOTES_CACHE": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _LOADER, str(reference_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert out.split() == ["870109", "6203"]
    entries = [p for p in (tmp_path / "parsed").iterdir()]
    assert len(entries) == 1
    assert not entries[0].name.startswith(".")


# ------------------------------------------------------------------ the real unvotes-2021 data


@pytest.mark.data
def test_real_data_facts(real_data, reference_dir):
    # Published sizes of the TidyTuesday 2021-03-23 tables (shared/data/README.md).
    assert len(real_data.votes) == 870_109
    assert len(real_data.roll_calls) == 6_203
    assert real_data.roll_calls["rcid"].is_unique
    assert real_data.votes["country"].notna().all()
    assert set(real_data.votes["vote"].cat.categories) == {"yes", "no", "abstain", "absent"}
    assert real_data.votes["vote"].value_counts()["absent"] == 0  # the R package dropped absences
    codes = set(real_data.votes["country"].astype(str))
    assert all(len(c) == 3 and c.isupper() for c in codes)
    assert {"NAM", "TWN", "CSK", "DDR", "YMD", "ZAN"} <= codes
    assert not {"SUN", "YUG", "SCG", "NA"} & codes  # merged (default rule) / never a missing value
    # The first and last dates of the raw file, read with plain pandas (the last roll call of
    # session 74 is dated 14 January 2020, though the data is described as 1946-2019).
    raw_dates = pd.read_csv(reference_dir / "roll_calls.csv.gz")["date"]
    assert real_data.roll_calls["date"].min() == pd.Timestamp(raw_dates.min()) == pd.Timestamp("1946-01-01")
    assert real_data.roll_calls["date"].max() == pd.Timestamp(raw_dates.max())
    assert sorted(real_data.roll_calls["session"].astype(int).unique()) == list(range(1, 75))
    assert real_data.check().empty  # no official totals in this source


@pytest.mark.data
def test_real_data_traps_keep_rule(reference_dir):
    kept = unvotes_lib.load("unvotes-2021", path=reference_dir, successors="keep")
    rc = kept.roll_calls.set_index("rcid")["date"]
    votes = kept.votes.assign(date=kept.votes["rcid"].map(rc), country=kept.votes["country"].astype(str))
    sun = votes[votes["country"] == "SUN"]["date"]
    rus = votes[votes["country"] == "RUS"]["date"]
    assert sun.max() < pd.Timestamp("1991-12-25") <= rus.min()
    twn = votes[votes["country"] == "TWN"]["date"]
    chn = votes[votes["country"] == "CHN"]["date"]
    assert twn.max() < pd.Timestamp("1971-10-25") < chn.min()  # res. 2758 of 25 October 1971
    # The FRG (no code in the file) is filed under DEU from its admission in 1973.
    deu = votes[votes["country"] == "DEU"]["date"]
    assert deu.min().year == 1973
    assert votes[votes["country"] == "NAM"]["date"].min().year == 1990  # Namibia admitted 1990


@pytest.mark.data
def test_real_data_filter_and_matrix(real_data):
    recent = real_data.filter(years="2018", countries=["USA", "ISR", "CUB"])
    m = recent.matrix
    assert list(m.countries) == ["CUB", "ISR", "USA"]
    assert m.values.shape[1] == len(recent.roll_calls)
    assert set(np.unique(m.values)) <= {MISSING, YES, ABSTAIN, NO}


def test_merge_keeps_symbols_repeated_within_one_source():
    # Amendments and paragraph votes share their resolution's symbol within one source.
    rolls = pd.DataFrame(
        {
            "rcid": [1, 2],
            "body": ["GA", "GA"],
            "date": ["1990-01-01", "1990-01-01"],
            "session": ["44", "44"],
            "symbol": ["A/RES/44/1", "A/RES/44/1"],
        }
    )
    votes = pd.DataFrame({"rcid": [1, 2], "country": ["USA", "USA"], "vote": ["yes", "no"]})
    other = VoteData(
        pd.DataFrame(
            {"rcid": [3], "body": ["GA"], "date": ["1991-01-01"], "session": ["45"], "symbol": ["A/RES/45/1"]}
        ),
        pd.DataFrame({"rcid": [3], "country": ["USA"], "vote": ["yes"]}),
    )
    merged = VoteData(rolls, votes).merge(other)
    assert merged.roll_calls["rcid"].tolist() == [1, 2, 3]


def test_stale_temporary_entries_are_removed_on_the_next_write(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("UNVOTES_CACHE", str(tmp_path))
    stale = tmp_path / "parsed" / ".undl-sc-keep-abc-xyz"
    fresh = tmp_path / "parsed" / ".undl-sc-keep-def-uvw"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / "votes.parquet").write_bytes(b"half")
    os.utime(stale, (0, 0))  # left by a process killed long ago
    unvotes_lib.load(FIXTURES / "undl_sc.csv")
    assert not stale.exists()
    assert fresh.exists()  # maybe another process writing right now


def test_a_path_in_the_way_of_the_cache_is_moved_aside(tmp_path, monkeypatch):
    monkeypatch.setenv("UNVOTES_CACHE", str(tmp_path))
    (tmp_path / "parsed").write_text("not a folder")
    with pytest.warns(RuntimeWarning, match=r"parsed was a file where the cache keeps a folder; moved aside"):
        data = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    assert data.counted().iloc[0].tolist() == [10, 0, 5, 0]  # S/RES/2774 in the fixture: 10-0-5
    (aside,) = tmp_path.glob("parsed.in-the-way-*")
    assert aside.read_text() == "not a folder"  # kept, not deleted
    (entry,) = (tmp_path / "parsed").iterdir()
    shutil.rmtree(entry)
    entry.write_text("a file where an entry belongs")
    with pytest.warns(RuntimeWarning, match="moved aside"):
        again = unvotes_lib.load(FIXTURES / "undl_sc.csv")
    pd.testing.assert_frame_equal(again.votes, data.votes)
    assert (entry / "manifest.json").exists()  # rebuilt


def test_splice_rejects_an_rcid_shared_by_two_parts():
    from unvotes_lib.store import _splice

    def part(symbol, dataset):
        return VoteData(
            pd.DataFrame(
                {
                    "rcid": [5],
                    "body": ["GA"],
                    "date": ["2020-01-01"],
                    "session": ["74"],
                    "symbol": [symbol],
                    "dataset": [dataset],
                }
            ),
            pd.DataFrame({"rcid": [5], "country": ["USA"], "vote": ["yes"]}),
        )

    with pytest.raises(ValueError, match=r"rcid 5 names two roll calls of the spliced data \(\['a', 'b'\]"):
        _splice([part("A/RES/74/1", "a"), part("A/RES/74/2", "b")])
    # The same symbol in a later part is dropped, so its rcid does not matter.
    assert len(_splice([part("A/RES/74/1", "a"), part("A/RES/74/1", "b")]).roll_calls) == 1


@pytest.mark.data
def test_an_unwritable_cache_gives_one_warning_for_a_spliced_load(monkeypatch, data_dir):
    from unvotes_lib import store

    monkeypatch.setattr(store, "_CACHE_WARNED", set())
    monkeypatch.setenv("UNVOTES_CACHE", "/proc/unvotes-cache")  # cannot be created, even by root
    with pytest.warns(RuntimeWarning, match="Loaded without caching") as caught:
        data = unvotes_lib.load("sc", path=data_dir)  # two parts, two cache writes refused
    assert len([w for w in caught if "without caching" in str(w.message)]) == 1
    assert len(data.roll_calls) > 1500  # loaded all the same
