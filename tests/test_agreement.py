"""Agreement metrics: DOMAIN.md's test vector, a plain-Python reference, properties, real data."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from unvotes_lib.agreement import METRICS, agreement, agreement_matrix, metric_from_counts
from unvotes_lib.store import VoteData

LABEL = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
CODE_LABEL = {1: "yes", 2: "abstain", 3: "no", 8: "absent"}
POOL = ["ARG", "BRA", "CAN", "DEU", "FRA", "GBR", "IND", "JPN"]


def make_data(rows: dict[str, str], *, dates=None, sessions=None, partial=None) -> VoteData:
    """VoteData from one string of Y/N/A/X/. per country (. = no record)."""
    m = len(next(iter(rows.values())))
    dates = dates or ["2018-10-01"] * m
    rolls = pd.DataFrame(
        {
            "rcid": range(1, m + 1),
            "body": "GA",
            "date": dates,
            "session": sessions or ["73"] * m,
            "symbol": [f"A/RES/73/{i}" for i in range(1, m + 1)],
        }
    )
    if partial is not None:
        rolls["partial"] = partial
    recs = [(i + 1, c, LABEL[x]) for c, s in rows.items() for i, x in enumerate(s) if x != "."]
    votes = pd.DataFrame(recs, columns=["rcid", "country", "vote"])
    return VoteData(rolls, votes)


# DOMAIN.md section 3: A = Y Y Y Y Y Y N N A A | Y X ; B = Y Y Y Y N A N A A Y | X Y
VECTOR = {"FRA": "YYYYYYNNAAYX", "DEU": "YYYYNANAAYXY"}
EXPECTED = {
    "identical": 0.600,
    "votes_only": 5 / 6,
    "coincidence": 0.750,
    "s": 0.500,
    "pi": 0.3277,
    "kappa": 0.3333,
}


@pytest.mark.parametrize("metric", METRICS)
def test_domain_test_vector(metric):
    df = agreement(make_data(VECTOR), metric=metric)
    assert len(df) == 1
    row = df.iloc[0]
    # pairs: YY x4, YN, YA, NN, NA, AA, AY -> same 6, opposite 1, partial 3; n = 10 (last two dropped)
    assert (row["n"], row["same"], row["opposite"], row["partial"]) == (10, 6, 1, 3)
    assert row["value"] == pytest.approx(EXPECTED[metric], abs=5e-5)


def test_pi_and_kappa_worked_by_hand():
    # marginals A: Y6 A2 N2, B: Y5 A3 N2; Po = 0.6
    # pi: pooled Y 11/20, A 5/20, N 4/20 -> Pe = .3025 + .0625 + .04 = .405 -> (.6-.405)/.595
    # kappa: Pe = .6*.5 + .2*.3 + .2*.2 = .40 -> (.6-.4)/.6
    df = agreement(make_data(VECTOR), metric=["pi", "kappa"])
    assert df["pi"].iloc[0] == pytest.approx(0.195 / 0.595)
    assert df["kappa"].iloc[0] == pytest.approx(1 / 3)


@pytest.mark.parametrize("n", [49, 98, 3])
def test_identical_records_give_chance_corrected_one(n):
    # same on every shared roll call -> Po = 1; one option only -> Pe = 1: defined as 1 (perfect agreement)
    # (49 * (1/49) rounds to 0.9999999999999999 in floating point: the rule must compare counts)
    one = agreement(make_data({"USA": "Y" * n, "ISR": "Y" * n}), metric=["pi", "kappa"])
    assert (one["pi"].iloc[0], one["kappa"].iloc[0]) == (1.0, 1.0)
    mixed = agreement(make_data({"USA": "YN" * n, "ISR": "YN" * n}), metric=["pi", "kappa"])
    assert (mixed["pi"].iloc[0], mixed["kappa"].iloc[0]) == (1.0, 1.0)


def test_metric_from_counts_needs_marginals_for_kappa():
    with pytest.raises(ValueError, match="marginal counts"):
        metric_from_counts(np.array([10, 6, 1, 1, 6], dtype=float), "kappa")


# ------------------------------------------------------------------ a plain-Python reference


def reference(a: list[int], b: list[int]) -> dict:
    """Each metric from its textbook formula, one roll call at a time (codes 1/2/3, else skipped)."""
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x in (1, 2, 3) and y in (1, 2, 3)]
    n = len(pairs)
    out = {"n": n}
    if n == 0:
        return out | dict.fromkeys(METRICS, np.nan)
    same = sum(x == y for x, y in pairs)
    out["identical"] = same / n
    out["coincidence"] = sum(1 - abs(x - y) / 2 for x, y in pairs) / n  # Voeten's agree
    out["s"] = 1 - 2 * sum(abs(x - y) for x, y in pairs) / (n * 2)  # Signorino-Ritter, d_max = 2
    yn = [(x, y) for x, y in pairs if x != 2 and y != 2]
    out["votes_only"] = sum(x == y for x, y in yn) / len(yn) if yn else np.nan
    pa = [sum(x == k for x, _ in pairs) / n for k in (1, 2, 3)]
    pb = [sum(y == k for _, y in pairs) / n for k in (1, 2, 3)]
    po = same / n
    pe_pi = sum(((p + q) / 2) ** 2 for p, q in zip(pa, pb, strict=True))
    pe_k = sum(p * q for p, q in zip(pa, pb, strict=True))
    out["pi"] = 1.0 if po == 1 else (po - pe_pi) / (1 - pe_pi)
    out["kappa"] = 1.0 if po == 1 else (po - pe_k) / (1 - pe_k)
    return out


def data_from_codes(codes: np.ndarray, names: list[str], shuffle_seed=None) -> VoteData:
    m = codes.shape[1]
    rolls = pd.DataFrame({"rcid": range(1, m + 1), "body": "GA", "date": "2000-10-01", "session": "55"})
    recs = [
        (j + 1, names[i], CODE_LABEL[int(codes[i, j])])
        for i in range(codes.shape[0])
        for j in range(m)
        if codes[i, j] != 0
    ]
    votes = pd.DataFrame(recs, columns=["rcid", "country", "vote"])
    if shuffle_seed is not None:
        votes = votes.sample(frac=1, random_state=shuffle_seed)
    return VoteData(rolls, votes)


matrices = st.integers(2, 5).flatmap(
    lambda c: st.integers(1, 25).flatmap(
        lambda m: st.lists(
            st.lists(st.sampled_from([0, 1, 1, 2, 3, 3, 8]), min_size=m, max_size=m), min_size=c, max_size=c
        )
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=matrices)
def test_matches_plain_python_reference(rows):
    codes = np.array(rows)
    data = data_from_codes(codes, POOL[: len(rows)])
    keep = [i for i in range(len(rows)) if POOL[i] in data.matrix.countries]  # has some record
    assume(keep)
    codes, names = codes[keep], [POOL[i] for i in keep]
    df = agreement(data, metric=list(METRICS), countries=names, partners=names)
    got = {(r.country_a, r.country_b): r for r in df.itertuples()}
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            ref = reference(list(codes[i]), list(codes[j]))
            voted_a = np.isin(codes[i], (1, 2, 3)).any()
            voted_b = np.isin(codes[j], (1, 2, 3)).any()
            if not (voted_a and voted_b):
                assert (a, b) not in got  # no row for a country that cast no vote in the period
                continue
            row = got[(a, b)]
            assert row.n == ref["n"]
            assert row.n == row.same + row.opposite + row.partial
            for metric in METRICS:
                value = getattr(row, metric)
                if np.isnan(ref[metric]):
                    assert np.isnan(value), (a, b, metric)
                else:
                    assert value == pytest.approx(ref[metric], abs=1e-9), (a, b, metric)


@settings(max_examples=40, deadline=None)
@given(rows=matrices, seed=st.integers(0, 1000))
def test_properties_symmetry_bounds_self_order(rows, seed):
    codes = np.array(rows)
    data = data_from_codes(codes, POOL[: len(rows)])
    names = [c for c in POOL[: len(rows)] if c in data.matrix.countries]
    assume(names)
    shuffled = data_from_codes(
        codes, POOL[: len(rows)], shuffle_seed=seed
    )  # votes table in another row order
    order = list(np.random.default_rng(seed).permutation(names))  # countries in another order
    df = agreement(data, metric=list(METRICS), countries=names, partners=names).set_index(
        ["country_a", "country_b"]
    )
    df2 = agreement(shuffled, metric=list(METRICS), countries=order, partners=order).set_index(
        ["country_a", "country_b"]
    )
    pd.testing.assert_frame_equal(
        df.sort_index(), df2.sort_index(), check_categorical=False, check_index_type=False
    )
    for (a, b), row in df.iterrows():
        back = df.loc[(b, a)]
        for metric in METRICS:
            v, w = row[metric], back[metric]
            assert (np.isnan(v) and np.isnan(w)) or v == pytest.approx(w), "symmetry"
            if not np.isnan(v):
                lower = -1 if metric in ("s", "pi", "kappa") else 0
                assert lower - 1e-12 <= v <= 1 + 1e-12
        if a == b:  # self-agreement is 1, or undefined when the country never voted with itself (n = 0)
            for metric in ("identical", "coincidence", "s", "pi", "kappa"):
                assert row[metric] == pytest.approx(1.0) if row["n"] > 0 else np.isnan(row[metric])
        if row["n"] > 0:  # S (absolute) = 2 * coincidence - 1 on three categories
            assert row["s"] == pytest.approx(2 * row["coincidence"] - 1)
    # the all-pairs (upper triangle) form holds the same numbers
    tri = agreement(data, metric="kappa")
    assert (tri["country_a"].astype(str) < tri["country_b"].astype(str)).all()
    for r in tri.itertuples():
        assert r.value == pytest.approx(df.loc[(r.country_a, r.country_b), "kappa"], nan_ok=True)


# ------------------------------------------------------------------ shapes, periods, options


def test_upper_triangle_versus_ordered_pairs():
    data = make_data({"USA": "YYN", "GBR": "YNN", "FRA": "YYY"})
    tri = agreement(data)
    assert list(zip(tri["country_a"].astype(str), tri["country_b"].astype(str), strict=True)) == [
        ("FRA", "GBR"),
        ("FRA", "USA"),
        ("GBR", "USA"),
    ]
    one = agreement(data, countries="USA")
    assert sorted(one["country_b"].astype(str)) == ["FRA", "GBR"]  # every other country, never itself
    both = agreement(data, countries=["USA", "GBR"], partners=["USA", "GBR"])
    assert len(both) == 4  # ordered pairs incl. self pairs named in both lists
    usa_gbr = both[(both.country_a == "USA") & (both.country_b == "GBR")].iloc[0]
    # Y-Y same, Y-N opposite, N-N same -> (2 + 0) / 3
    assert usa_gbr["value"] == pytest.approx(2 / 3)
    partners_only = agreement(data, partners="USA")
    assert sorted(partners_only["country_a"].astype(str)) == ["FRA", "GBR"]


def test_by_session_all_and_rolling_windows():
    dates = ["2015-10-01", "2016-10-01", "2017-10-01", "2018-10-01"]
    data = make_data({"USA": "YYNN", "GBR": "YNNY"}, dates=dates, sessions=["70", "71", "72", "73"])
    by_year = agreement(data, by="year")
    assert by_year["period"].tolist() == [2015, 2016, 2017, 2018]
    assert by_year["value"].tolist() == [1.0, 0.0, 1.0, 0.0]
    by_session = agreement(data, by="session")
    assert by_session["period"].astype(str).tolist() == ["70", "71", "72", "73"]
    whole = agreement(data, by=None)
    assert whole["period"].astype(str).tolist() == ["2015-2018"]
    assert (whole["n"].iloc[0], whole["same"].iloc[0], whole["opposite"].iloc[0]) == (4, 2, 2)
    window = agreement(data, by=2)  # labelled by the window's last year; full windows only
    assert window["period"].tolist() == [2016, 2017, 2018]
    assert window["n"].tolist() == [2, 2, 2]
    assert window["value"].tolist() == [0.5, 0.5, 0.5]


def test_n_zero_gives_nan():
    # both voted in the year, never on the same roll call: nothing to compare (0/0)
    df = agreement(make_data({"USA": "YY..", "GBR": "..NN"}))
    assert df["n"].tolist() == [0]
    assert np.isnan(df["value"].iloc[0])


def test_votes_only_undefined_without_yes_no_pairs():
    df = agreement(make_data({"USA": "AY", "GBR": "AA"}), metric="votes_only")
    assert np.isnan(df["value"].iloc[0])  # no roll call with both voting yes or no


def test_drop_unanimous_and_issue():
    data = make_data({"USA": "YYN", "GBR": "YNN", "FRA": "YNY"})
    data.issues = pd.DataFrame(
        {"rcid": [2, 3], "issue_code": ["hr", "me"], "issue": ["Human rights", "Palestinian conflict"]}
    ).astype({"rcid": "int64", "issue_code": "string", "issue": "string"})
    kept = agreement(data, countries="USA", partners="GBR")
    assert kept["n"].tolist() == [3]
    dropped = agreement(data, countries="USA", partners="GBR", drop_unanimous=True)
    assert dropped["n"].tolist() == [2]  # roll call 1 (all yes) is unanimous; roll call 3 is not
    assert dropped["value"].iloc[0] == pytest.approx(0.5)  # Y/N opposite, N/N same
    hr = agreement(data, countries="USA", partners="GBR", issue="hr")
    assert (hr["n"].iloc[0], hr["opposite"].iloc[0]) == (1, 1)
    with pytest.warns(UserWarning, match="matches no roll call"):
        agreement(data, issue="xx")


def test_partial_roll_calls_warn():
    data = make_data({"USA": "YN", "GBR": "YY"}, partial=[False, True])
    with pytest.warns(UserWarning, match="1 partial roll call"):
        agreement(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agreement(make_data({"USA": "YN", "GBR": "YY"}))


def test_partial_records_of_the_curated_data_warn():
    import unvotes_lib

    curated = unvotes_lib.load("curated")  # the 24 Feb 2025 GA records list only some members' votes
    assert curated.roll_calls["partial"].any()
    with pytest.warns(UserWarning, match=r"2 partial roll call\(s\) \(A/RES/ES-11/8, A/RES/ES-11/7\)"):
        agreement(curated, countries="USA", partners="RUS")


def test_bloc_as_partner_votes_its_line():
    data = make_data({"USA": "YN", "FRA": "YY", "DEU": "YN", "ITA": "NN"}, dates=["2010-10-01"] * 2)
    df = agreement(data, countries="USA", partners="EU")
    # EU line: roll call 1 yes (2 of 3), roll call 2 no (2 of 3); USA Y, N -> 1.0
    assert df["country_b"].astype(str).tolist() == ["EU"]
    assert (df["n"].iloc[0], df["value"].iloc[0]) == (2, 1.0)


def test_agreement_matrix():
    data = make_data({"USA": "YYN", "GBR": "YNN", "FRA": "YYY"})
    m = agreement_matrix(data, countries=["USA", "GBR", "FRA"])
    assert list(m.index) == ["USA", "GBR", "FRA"] == list(m.columns)
    assert np.allclose(np.diag(m), 1.0)
    assert m.loc["USA", "FRA"] == m.loc["FRA", "USA"] == pytest.approx(2 / 3)  # Y-Y, Y-Y, N-Y
    full = agreement_matrix(data)
    assert sorted(full.index) == ["FRA", "GBR", "USA"]


def test_agreement_matrix_period_errors():
    data = make_data({"USA": "YY", "GBR": "YN"}, dates=["2017-10-01", "2018-10-01"])
    with pytest.raises(ValueError, match="`period` is required"):
        agreement_matrix(data, by="year")
    with pytest.raises(ValueError, match="`period` 1999 is not a period"):
        agreement_matrix(data, by="year", period=1999)
    assert agreement_matrix(data, by="year", period=2018).loc["USA", "GBR"] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": "cosine"}, r"`metric` 'cosine' is not an agreement metric; use one of \['identical'"),
        ({"by": "month"}, r"`by` 'month' must be 'year', 'session', None"),
        ({"by": 0}, r"`by` 0 must be"),
        ({"by": True}, r"`by` True must be"),
        ({"countries": "Atlantis"}, r"`countries` 'Atlantis' is not a known country"),
        ({"partners": "JPN"}, r"`partners` 'JPN' \(JPN, Japan\) has no votes in this data"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        agreement(make_data({"USA": "Y", "GBR": "Y"}), **kwargs)


# ------------------------------------------------------------------ real data


@pytest.mark.data
def test_real_us_coincidence_2018(real_data):
    df = agreement(real_data, countries="USA", partners=["ISR", "CUB"], by="year")
    y2018 = df[df["period"] == 2018].set_index(df[df["period"] == 2018]["country_b"].astype(str))
    assert y2018.loc["ISR", "value"] > 0.9
    assert y2018.loc["CUB", "value"] < 0.3


@pytest.mark.data
def test_real_matches_a_plain_pandas_computation(real_data):
    # independent route: pivot 2018 votes to a wide table and count categories pairwise with pandas
    rc = real_data.roll_calls
    rcids = rc.loc[rc["date"].dt.year == 2018, "rcid"]
    v = real_data.votes[real_data.votes["rcid"].isin(rcids)]
    wide = v.pivot_table(index="rcid", columns="country", values="vote", aggfunc="first", observed=True)
    wide = wide.astype(object)
    usa = wide["USA"]
    got = agreement(real_data, countries="USA", by="year")
    got = got[got["period"] == 2018].set_index(got[got["period"] == 2018]["country_b"].astype(str))
    for other in ["ISR", "CUB", "GBR", "RUS", "CHN", "FRA", "BRA", "IND"]:
        both = usa.notna() & wide[other].notna()
        a, b = usa[both], wide[other][both]
        same = int((a == b).sum())
        opposite = int((((a == "yes") & (b == "no")) | ((a == "no") & (b == "yes"))).sum())
        n = int(both.sum())
        assert (got.loc[other, "n"], got.loc[other, "same"], got.loc[other, "opposite"]) == (
            n,
            same,
            opposite,
        )
        assert got.loc[other, "value"] == pytest.approx((same + (n - same - opposite) / 2) / n)


@pytest.mark.data
def test_real_successor_codes_and_twn_chn_1971(real_data):
    with pytest.raises(ValueError, match=r"`countries` 'SUN' \(SUN\) is filed under 'RUS'"):
        agreement(real_data, countries="SUN")
    df = agreement(real_data, countries="TWN", partners="CHN", by="year")
    y1971 = df[df["period"] == 1971]
    # Taiwan voted until 25 October 1971, the PRC after: both voted that year, never together
    assert y1971["n"].tolist() == [0]
    assert np.isnan(y1971["value"].iloc[0])


@pytest.mark.data
def test_real_all_pairs_shape(real_data):
    df = agreement(real_data, metric=list(METRICS))
    assert set(df["period"]) == set(range(1946, 2021)) - {1964}  # session 19 (1964) has no recorded votes
    assert (df["n"] == df["same"] + df["opposite"] + df["partial"]).all()
    assert df["s"].dropna().between(-1, 1).all()
    assert np.allclose(df["s"], 2 * df["coincidence"] - 1, equal_nan=True)
