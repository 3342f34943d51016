"""Shared helpers of the analysis modules: one behaviour each, worked by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from unvotes_lib import common
from unvotes_lib.store import ABSENT, ABSTAIN, MISSING, NO, YES, VoteData


def small(dates, symbols=None, partial=None, countries=("USA",), sessions=None) -> VoteData:
    n = len(dates)
    rolls = pd.DataFrame(
        {
            "rcid": range(1, n + 1),
            "body": "GA",
            "date": dates,
            "session": sessions or ["1"] * n,
            "symbol": symbols or [f"A/RES/{i}" for i in range(1, n + 1)],
            "partial": partial or [False] * n,
        }
    )
    votes = pd.DataFrame(
        [(r, c, "yes") for r in range(1, n + 1) for c in countries], columns=["rcid", "country", "vote"]
    )
    return VoteData(rolls, votes)


def test_as_list_has_one_behaviour():
    assert common.as_list(None) == []
    assert common.as_list("USA") == ["USA"]  # a string is one item, not its letters
    assert common.as_list(2019) == [2019]
    assert common.as_list(np.int64(5)) == [5]
    assert common.as_list(("USA", "RUS")) == ["USA", "RUS"]
    assert common.as_list(c for c in "AB") == ["A", "B"]


def test_vote_names_follow_the_store_codes():
    codes = np.array([YES, ABSTAIN, NO, ABSENT, MISSING], dtype=np.int8)
    assert common.vote_names(codes).tolist() == ["yes", "abstain", "no", "absent", ""]
    assert common.vote_names(codes, missing="split")[-1] == "split"


def test_plurality_needs_a_unique_top():
    # columns: 5-3-2 (yes), 4-4-0 (tie), 0-0-0 (nobody), 1-2-3 (no)
    counts = np.array([[5, 4, 0, 1], [3, 4, 0, 2], [2, 0, 0, 3]])
    code, top, total, unique = common.plurality(counts)
    assert code[[0, 3]].tolist() == [YES, NO]
    assert top.tolist() == [5, 4, 0, 3]
    assert total.tolist() == [10, 8, 0, 6]
    assert unique.tolist() == [True, False, False, True]


def test_periods_by_year_window_session_and_span():
    vd = small(["2015-03-01", "2016-10-01", "2016-12-01", "2019-01-01"], sessions=["69", "71", "71", "73"])
    cols = np.arange(4)
    assert [(k, c.tolist()) for k, c in common.periods(vd, cols, "year")] == [
        (2015, [0]),
        (2016, [1, 2]),
        (2019, [3]),
    ]
    # 3-year windows labelled by their last year, full windows only (2017 first): 2015-17, ..., 2017-19
    assert [(k, c.tolist()) for k, c in common.periods(vd, cols, 3)] == [
        (2017, [0, 1, 2]),
        (2018, [1, 2]),
        (2019, [3]),
    ]
    assert [k for k, _ in common.periods(vd, cols, "session")] == ["69", "71", "73"]
    assert [k for k, _ in common.periods(vd, cols, None)] == ["2015-2019"]
    assert common.periods(vd, np.array([], dtype=int), "year") == []
    with pytest.raises(ValueError, match=r"`by` 0 must be 'year', 'session', None"):
        common.periods(vd, cols, 0)


def test_resolve_in_data_names_the_successor():
    vd = small(["1990-10-01"], countries=("RUS", "USA"))
    vd.successors = "merge"
    assert common.resolve_in_data(vd, "Russian Federation", param="country") == "RUS"
    with pytest.raises(ValueError, match=r"`partners` 'SUN' \(SUN\) is filed under 'RUS' in this data"):
        common.resolve_in_data(vd, "SUN", param="partners")


def test_column_of_names_the_callers_parameter():
    vd = small(["2025-02-24", "2025-02-24"], symbols=["A/RES/ES-11/7", "A/RES/ES-11/8"])
    assert common.column_of(vd, "A/RES/ES-11/8") == 1
    with pytest.raises(ValueError, match=r"`symbol_b`"):
        common.column_of(vd, "A/RES/ES-11/99", param="symbol_b")


def test_warn_partial_only_for_partial_roll_calls():
    vd = small(
        ["2025-02-24", "2025-02-24"], symbols=["A/RES/ES-11/7", "A/RES/ES-11/8"], partial=[False, True]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        common.warn_partial(vd, np.array([0]), "The roll calls")  # complete: silent
    with pytest.warns(
        UserWarning, match=r"The roll calls include 1 partial roll call\(s\) \(A/RES/ES-11/8\)"
    ):
        common.warn_partial(vd, np.array([0, 1]), "The roll calls")
