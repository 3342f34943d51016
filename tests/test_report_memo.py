"""unvotes_lib.memo: results shared across reports and processes, keyed by data, parameters
and library; damaged entries rebuilt; an unusable cache folder degrades to computing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
import warnings

import pandas as pd
import pytest

from unvotes_lib import memo


def fake_data(*hashes: str):
    return types.SimpleNamespace(source=pd.DataFrame({"sha256": list(hashes)}))


@pytest.fixture
def counter():
    calls: list[dict] = []

    def make(value: float = 1.5):
        def compute():
            calls.append({"value": value})
            return pd.DataFrame({"country": ["USA", "RUS"], "ideal": [value, -value]}).set_index("country")

        return compute

    make.calls = calls
    return make


def test_second_call_reads_the_entry(fresh_cache, counter):
    data = fake_data("aa", "bb")
    first = memo.memoize("ideal_points", counter(), data=data, params={"years": "1990-2019"})
    second = memo.memoize("ideal_points", counter(), data=data, params={"years": "1990-2019"})
    assert len(counter.calls) == 1
    pd.testing.assert_frame_equal(first, second)  # index and dtypes round-trip
    files = list((fresh_cache / "results" / "ideal_points").glob("*.parquet"))
    assert len(files) == 1
    assert files[0].stem == memo.memo_key("ideal_points", data=data, params={"years": "1990-2019"})


@pytest.mark.parametrize(
    ("data", "params"),
    [
        (fake_data("aa", "bb"), {"years": "2000-2019"}),  # another parameter
        (fake_data("aa", "cc"), {"years": "1990-2019"}),  # another data file
    ],
)
def test_a_change_of_parameter_or_data_misses(fresh_cache, counter, data, params):
    memo.memoize("ideal_points", counter(1.0), data=fake_data("aa", "bb"), params={"years": "1990-2019"})
    got = memo.memoize("ideal_points", counter(2.0), data=data, params=params)
    assert len(counter.calls) == 2
    assert got.loc["USA", "ideal"] == 2.0


def test_a_filtered_selection_of_the_same_files_misses(fresh_cache, counter):
    # VoteData.filter keeps the files' sha256: the roll calls kept must key the entry too.
    def data(rcids, countries):
        return types.SimpleNamespace(
            source=pd.DataFrame({"sha256": ["aa"]}),
            roll_calls=pd.DataFrame({"rcid": rcids}),
            votes=pd.DataFrame({"rcid": [rcids[0]] * len(countries), "country": countries}),
        )

    memo.memoize("x", counter(1.0), data=data([1, 2, 3], ["USA", "RUS"]))
    memo.memoize("x", counter(1.0), data=data([3, 1, 2], ["RUS", "USA"]))  # the same selection
    assert len(counter.calls) == 1
    memo.memoize("x", counter(1.0), data=data([1, 2], ["USA", "RUS"]))  # fewer roll calls
    memo.memoize("x", counter(1.0), data=data([1, 2, 3], ["USA", "SUN"]))  # successors not merged
    assert len(counter.calls) == 3


def test_the_order_of_files_does_not_matter(fresh_cache, counter):
    memo.memoize("x", counter(), data=fake_data("aa", "bb"))
    memo.memoize("x", counter(), data=fake_data("bb", "aa"))
    assert len(counter.calls) == 1


def test_a_damaged_entry_is_computed_again_and_replaced(fresh_cache, counter):
    data = fake_data("aa")
    memo.memoize("x", counter(1.0), data=data)
    entry = memo.entry_path("x", memo.memo_key("x", data=data))
    entry.write_bytes(entry.read_bytes()[:40])  # truncated, as by a full disk
    with pytest.warns(UserWarning, match=r"results cache entry .* of x is damaged"):
        got = memo.memoize("x", counter(1.0), data=data)
    assert len(counter.calls) == 2
    assert got.loc["RUS", "ideal"] == -1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rewritten entry reads cleanly
        memo.memoize("x", counter(1.0), data=data)
    assert len(counter.calls) == 2


def test_data_without_sha256_is_never_cached(fresh_cache, counter):
    data = fake_data("aa", None)
    memo.memoize("x", counter(), data=data)
    memo.memoize("x", counter(), data=data)
    assert len(counter.calls) == 2
    assert not (fresh_cache / "results").exists()


def test_an_unwritable_cache_degrades_to_computing(tmp_path, monkeypatch, counter):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("UNVOTES_CACHE", str(blocker))  # results/ cannot be made under a file
    with pytest.warns(UserWarning, match=r"cannot be written .*computing x without it"):
        got = memo.memoize("x", counter(3.0), data=fake_data("aa"))
    assert got.loc["USA", "ideal"] == 3.0


def test_bad_kind_and_bad_result():
    with pytest.raises(ValueError, match=r"`kind` '../x' must be a plain name"):
        memo.entry_path("../x", "k")
    with pytest.raises(TypeError, match=r"compute\(\) returned list, not a DataFrame"):
        memo.memoize("x", lambda: [1], data=fake_data("aa", None))


def test_two_processes_compute_once(fresh_cache, tmp_path):
    # Both start together; the second waits on the lock and reads what the first wrote.
    log = tmp_path / "computed.log"
    script = textwrap.dedent(
        f"""
        import sys, time, types
        import pandas as pd
        from unvotes_lib import memo
        data = types.SimpleNamespace(source=pd.DataFrame({{"sha256": ["aa", "bb"]}}))
        def compute():
            with open({str(log)!r}, "a") as fh:
                fh.write("computed\\n")
            time.sleep(2)
            return pd.DataFrame({{"x": [1, 2, 3]}})
        print(memo.memoize("shared", compute, data=data, params={{"n": 3}})["x"].sum())
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outs == ["6", "6"]  # 1 + 2 + 3 in both
    assert log.read_text().splitlines() == ["computed"]
