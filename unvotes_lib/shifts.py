"""Vote shifts: when alignment changed, which countries moved, who switched, unusual votes.

Built on :mod:`unvotes_lib.agreement` (pairwise metrics by matrix products) and
:mod:`unvotes_lib.blocs` (a bloc can be a partner: it then votes its line, the
plurality position of its members on each roll call).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import blocs
from . import countries as _countries
from .agreement import METRIC_RANGES, agreement, check_metric
from .common import CAST, as_list, column_of, plurality, resolve_in_data, vote_names, warn_partial
from .errors import ParameterError
from .ideal import distance
from .store import MISSING, VoteData

__all__ = ["Transitions", "alignment_shift", "movers", "transitions", "unusual_votes"]

#: Categories of :func:`transitions`, in order.
VOTE_ORDER = ["yes", "abstain", "no", "absent", "not recorded"]


def _partner_label(data: VoteData, name: str, *, param: str) -> str:
    if blocs.is_bloc(name):
        return blocs.resolve_bloc(name)
    return resolve_in_data(data, name, param=param)


def alignment_shift(
    data: VoteData,
    country: str,
    partners,
    *,
    metric: str = "coincidence",
    by="year",
    baseline: int = 5,
    threshold: float = 2.0,
    issue=None,
    drop_unanimous: bool = False,
    min_votes: int = 10,
    ideal: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Agreement of a country with each partner over time, and the unusual changes.

    For each partner and period, the value is compared with a trailing baseline: the
    mean and standard deviation (ddof = 1) of the partner's ``baseline`` previous
    periods with at least ``min_votes`` shared roll calls (thinner periods, such as a
    year with one vote, are neither used in baselines nor flagged). The change
    is flagged as unusual when ``abs(z) >= threshold``, where ``z`` divides the change
    by the baseline's spread combined with the period's own sampling error (a year of
    few roll calls needs a larger change to count as unusual). A period without
    ``baseline`` earlier values has no baseline and is never flagged. If the
    baseline's spread is 0, any non-zero change is flagged (``z`` is +/-inf).

    Parameters
    ----------
    data : VoteData
    country : str
        The country followed (code or name).
    partners : str or list of str
        Countries and/or blocs (:func:`unvotes_lib.blocs.bloc_names`; a bloc votes its
        line).
    metric, by, issue, drop_unanimous
        As :func:`unvotes_lib.agreement.agreement` (unanimous roll calls kept unless
        ``drop_unanimous``).
    baseline : int
        Number of previous periods in the baseline (>= 2).
    threshold : float
        Flag when the change is at least this many baseline standard deviations (> 0).
    min_votes : int
        Shared roll calls a period needs to enter a baseline or be flagged.
    ideal : DataFrame, optional
        Ideal points from :func:`unvotes_lib.ideal.ideal_points` (``by="year"`` only):
        adds ``ideal_distance``, the distance between the two countries' positions in
        the session that opened that year (:func:`unvotes_lib.ideal.distance`; NaN for
        blocs and years without estimates).

    Returns
    -------
    DataFrame
        One row per partner and period, sorted by partner (in the order given) then
        period:

        =============  =======  ==================================================
        period         as ``agreement`` (int year, or string)
        country        string   the country followed
        partner        string   partner code or bloc name
        n              int64    roll calls both voted on in the period
        value          float64  agreement in the period (NaN when n = 0)
        baseline_mean  float64  mean of the previous ``baseline`` values (NaN
                                without a full baseline, or if n < min_votes)
        baseline_std   float64  their standard deviation (ddof = 1)
        change         float64  value - baseline_mean
        se             float64  approximate sampling error of ``value``:
                                ``w * sqrt(q (1 - q) / n)`` with ``q`` the value
                                rescaled to [0, 1] and ``w`` the metric's range
                                (1, or 2 for s, pi and kappa)
        z              float64  change / sqrt(baseline_std**2 + se**2)
        unusual        bool     abs(z) >= threshold
        ideal_distance float64  only with ``ideal``: distance of the ideal points
        =============  =======  ==================================================

    Examples
    --------
    >>> years = list(range(2000, 2007))
    >>> rolls = pd.DataFrame({"rcid": range(len(years) * 2), "body": "GA", "session": "1",
    ...                       "date": [f"{y}-10-0{d}" for y in years for d in (1, 2)]})
    >>> usa = ["yes", "yes"] * 7
    >>> gbr = ["yes", "yes", "yes", "no", "yes", "yes", "yes", "no", "yes", "yes", "no", "no", "no", "no"]
    >>> votes = pd.DataFrame({"rcid": list(range(14)) * 2, "country": ["USA"] * 14 + ["GBR"] * 14,
    ...                       "vote": usa + gbr})
    >>> out = alignment_shift(VoteData(rolls, votes), "USA", "GBR", baseline=3, min_votes=1)
    >>> out[["period", "value", "baseline_mean", "unusual"]].tail(2)  # 2005: 0 vs mean(1, .5, 1), sd .29
       period  value  baseline_mean  unusual
    5    2005    0.0       0.833333     True
    6    2006    0.0       0.500000    False
    """
    if not isinstance(baseline, (int, np.integer)) or isinstance(baseline, bool) or baseline < 2:
        msg = f"`baseline` {baseline!r} must be a whole number of periods >= 2 (a spread needs two values)."
        raise ParameterError(msg)
    if not isinstance(threshold, (int, float)) or threshold <= 0:
        msg = f"`threshold` {threshold!r} must be a positive number of standard deviations, e.g. 2.0."
        raise ParameterError(msg)
    check_metric(metric)
    code = resolve_in_data(data, country, param="country")
    names = [_partner_label(data, p, param="partners") for p in as_list(partners)]
    if not names:
        msg = "`partners` is empty; give at least one country or bloc, e.g. partners=['RUS', 'EU']."
        raise ParameterError(msg)
    df = agreement(
        data,
        metric=metric,
        by=by,
        countries=[code],
        partners=names,
        issue=issue,
        drop_unanimous=drop_unanimous,
    )
    out = pd.DataFrame(
        {
            "period": df["period"].to_numpy()
            if by not in (None, "session")
            else df["period"].astype("string"),
            "country": pd.array(df["country_a"].astype(str), dtype="string"),
            "partner": pd.array(df["country_b"].astype(str), dtype="string"),
            "n": df["n"].to_numpy(),
            "value": df["value"].to_numpy(),
        }
    )
    order = {name: i for i, name in enumerate(names)}
    out = out.sort_values("partner", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    valid = out["value"].notna() & (out["n"] >= min_votes)
    past = out[valid].groupby("partner", sort=False)["value"]
    out["baseline_mean"] = past.transform(lambda s: s.shift(1).rolling(baseline, min_periods=baseline).mean())
    out["baseline_std"] = past.transform(lambda s: s.shift(1).rolling(baseline, min_periods=baseline).std())
    out["change"] = out["value"] - out["baseline_mean"]
    # A year's value is itself an estimate from its n roll calls: its sampling error joins the
    # baseline's spread, so a year of few votes needs a larger change to be flagged.
    low, high = METRIC_RANGES[metric]
    p = ((out["value"] - low) / (high - low)).clip(0, 1).to_numpy(dtype=float)
    out["se"] = (high - low) * np.sqrt(p * (1 - p) / out["n"].clip(lower=1).to_numpy(dtype=float))
    spread = np.sqrt(out["baseline_std"].to_numpy(dtype=float) ** 2 + out["se"].to_numpy() ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["z"] = out["change"].to_numpy(dtype=float) / spread
    out["unusual"] = ((out["z"].abs() >= threshold) & valid).fillna(False).astype(bool)
    if ideal is not None:
        if by != "year":
            msg = f"`ideal` distances are joined by year; use by='year', not by={by!r}."
            raise ParameterError(msg)
        countries_only = [n for n in names if not blocs.is_bloc(n)]
        dist = distance(ideal, code, countries_only) if countries_only else None
        if dist is None or dist.empty:
            out["ideal_distance"] = np.nan
        else:
            keyed = dist.set_index(["partner", "year"])["distance"]
            index = pd.MultiIndex.from_arrays([out["partner"].astype(str), out["period"].astype("int64")])
            out["ideal_distance"] = keyed.reindex(index).to_numpy()
    return out


def movers(
    data: VoteData,
    reference: str,
    *,
    period_a,
    period_b,
    metric: str = "coincidence",
    issue=None,
    drop_unanimous: bool = False,
    min_votes: int = 10,
) -> pd.DataFrame:
    """Every country ranked by how much its agreement with a reference changed.

    Agreement with ``reference`` (a country, or a bloc voting its line) is computed
    over all roll calls of ``period_a`` and over all roll calls of ``period_b``; the
    change is ``value_b - value_a`` (positive: moved towards the reference).

    Parameters
    ----------
    data : VoteData
    reference : str
        Country code or name, or a bloc name.
    period_a, period_b : int, "2000-2010", (first, last), range or list of years
        The two periods (calendar years, inclusive), as ``VoteData.filter(years=)``.
    metric, issue, drop_unanimous
        As :func:`unvotes_lib.agreement.agreement` (unanimous roll calls kept unless
        ``drop_unanimous``).
    min_votes : int
        Countries with fewer shared roll calls than this in either period are left
        out (their values are too noisy to rank).

    Returns
    -------
    DataFrame
        Sorted by ``rank``: country (string), name (string), n_a, value_a, n_b,
        value_b (shared roll calls and agreement in each period), change (float64,
        value_b - value_a), rank (int64, 1 = largest absolute change).

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2, 3, 4], "body": "GA", "session": "1",
    ...                       "date": ["2000-01-01", "2000-02-01", "2010-01-01", "2010-02-01"]})
    >>> votes = pd.DataFrame({"rcid": [1, 2, 3, 4] * 3, "country": ["USA"] * 4 + ["FRA"] * 4 + ["RUS"] * 4,
    ...                       "vote": ["yes", "yes", "yes", "yes",  "yes", "yes", "no", "no",
    ...                                "no", "no", "yes", "abstain"]})
    >>> movers(VoteData(rolls, votes), "USA", period_a=2000, period_b=2010, min_votes=1)
      country    name  n_a  value_a  n_b  value_b  change  rank
    0     FRA  France    2      1.0    2     0.00   -1.00     1
    1     RUS  Russia    2      0.0    2     0.75    0.75     2
    """
    check_metric(metric)
    ref = _partner_label(data, reference, param="reference")
    parts = []
    for years, suffix in ((period_a, "a"), (period_b, "b")):
        sub = data.filter(years=years)
        if not len(sub.roll_calls):
            msg = f"`period_{suffix}` {years!r} has no roll calls in this data; choose years with votes."
            raise ParameterError(msg)
        if ref not in blocs.bloc_names() and ref not in sub.matrix.countries:
            msg = f"`reference` {reference!r} has no votes in `period_{suffix}` {years!r}."
            raise ParameterError(msg)
        df = agreement(
            sub, metric=metric, by=None, partners=[ref], issue=issue, drop_unanimous=drop_unanimous
        )
        parts.append(
            pd.DataFrame(
                {
                    "country": df["country_a"].astype(str).to_numpy(),
                    f"n_{suffix}": df["n"].to_numpy(),
                    f"value_{suffix}": df["value"].to_numpy(),
                }
            )
        )
    out = parts[0].merge(parts[1], on="country", how="inner")
    out = out[(out["n_a"] >= min_votes) & (out["n_b"] >= min_votes)]
    out["change"] = out["value_b"] - out["value_a"]
    out = out.dropna(subset=["change"])
    out = out.assign(absch=out["change"].abs()).sort_values(["absch", "country"], ascending=[False, True])
    out["rank"] = np.arange(1, len(out) + 1, dtype=np.int64)
    out.insert(1, "name", [_countries.name_of(c) for c in out["country"]])
    out = out.drop(columns="absch").reset_index(drop=True)
    return out.astype({"country": "string", "name": "string"})


class Transitions(NamedTuple):
    """What :func:`transitions` returns: a crosstab and the long table of countries."""

    crosstab: pd.DataFrame
    countries: pd.DataFrame


def transitions(data: VoteData, symbol_a: str, symbol_b: str) -> Transitions:
    """How each country voted on two roll calls: who stayed, who moved.

    Vote categories: yes, abstain, no, absent (recorded as not voting), and "not
    recorded" (no record: not a member then, or a source that drops absences, such as
    unvotes-2021). Countries recorded on neither roll call are left out.

    Parameters
    ----------
    data : VoteData
    symbol_a, symbol_b : str
        Resolution symbols (spaces and case ignored), e.g. "A/RES/ES-11/1" and
        "A/RES/ES-11/7".

    Returns
    -------
    Transitions
        ``crosstab``: DataFrame of int64 counts, index ``vote_a`` (the vote on
        ``symbol_a``) and columns ``vote_b``, both in the order yes, abstain, no,
        absent, not recorded (every category shown).
        ``countries``: one row per country: country (string), name (string), vote_a,
        vote_b (string), moved (bool: both votes are on record and differ; a
        "not recorded" vote is unknown, not a move), change (string such as
        "yes -> no", empty when unchanged or unknown); moved countries first, then by
        vote_a, vote_b and country.

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": ["2022-03-02", "2025-02-24"],
    ...                       "session": "ES-11", "symbol": ["A/RES/ES-11/1", "A/RES/ES-11/7"]})
    >>> votes = pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2], "country": ["USA", "FRA", "RUS"] * 2,
    ...                       "vote": ["yes", "yes", "no", "no", "yes", "no"]})
    >>> t = transitions(VoteData(rolls, votes), "A/RES/ES-11/1", "A/RES/ES-11/7")
    >>> t.countries[["country", "vote_a", "vote_b", "moved"]]
      country vote_a vote_b  moved
    0     USA    yes     no   True
    1     FRA    yes    yes  False
    2     RUS     no     no  False
    >>> t.countries["change"].iloc[0]
    'yes -> no'
    >>> int(t.crosstab.loc["yes", "no"])
    1
    """
    ca = column_of(data, symbol_a, param="symbol_a")
    cb = column_of(data, symbol_b, param="symbol_b")
    warn_partial(data, np.array([ca, cb]), "The two roll calls")
    v = data.matrix.values
    keep = (v[:, ca] != MISSING) | (v[:, cb] != MISSING)
    codes = data.matrix.countries[keep]
    vote_a = vote_names(v[keep, ca], missing="not recorded")
    vote_b = vote_names(v[keep, cb], missing="not recorded")
    cat = pd.CategoricalDtype(VOTE_ORDER, ordered=True)
    df = pd.DataFrame(
        {
            "country": pd.array(list(codes), dtype="string"),
            "name": pd.array([_countries.name_of(c) for c in codes], dtype="string"),
            "vote_a": pd.Categorical(vote_a, dtype=cat),
            "vote_b": pd.Categorical(vote_b, dtype=cat),
        }
    )
    # A partial record (or a non-member) says nothing about a vote: only recorded votes can move.
    df["moved"] = ((vote_a != vote_b) & (vote_a != "not recorded") & (vote_b != "not recorded")).astype(bool)
    df["change"] = np.where(df["moved"], df["vote_a"].astype(str) + " -> " + df["vote_b"].astype(str), "")
    df = df.sort_values(["moved", "vote_a", "vote_b", "country"], ascending=[False, True, True, True])
    df = df.reset_index(drop=True)
    table = pd.crosstab(df["vote_a"], df["vote_b"], dropna=False).reindex(
        index=VOTE_ORDER, columns=VOTE_ORDER, fill_value=0
    )
    table = table.astype("int64")
    table.index = pd.Index(VOTE_ORDER, name="vote_a")
    table.columns = pd.Index(VOTE_ORDER, name="vote_b")
    out = df.assign(vote_a=df["vote_a"].astype("string"), vote_b=df["vote_b"].astype("string"))
    return Transitions(table, out.astype({"change": "string"}))


_SUFFIX = re.compile(r"\s*:\s*resolution\s*/\s*adopted by the general assembly.*$", re.IGNORECASE)


def agenda_key(title) -> str:
    """The agenda-item key of a roll call's title: case-folded, spaces collapsed, and the
    UN Digital Library suffix " : resolution / adopted by the General Assembly" removed.

    Parameters
    ----------
    title : str or None

    Returns
    -------
    str
        Empty for a missing title.

    Examples
    --------
    >>> agenda_key("Necessity of ending the embargo : resolution / adopted by the General Assembly")
    'necessity of ending the embargo'
    >>> agenda_key("APARTHEID ")
    'apartheid'
    """
    if title is None or title is pd.NA or (isinstance(title, float) and np.isnan(title)):
        return ""
    return " ".join(_SUFFIX.sub("", str(title)).split()).casefold()


def _clear_line(counts: np.ndarray, min_total: int, min_share: float):
    """The line of a set of votes where it is clear: a unique plurality, held by at least
    ``min_share`` of at least ``min_total`` votes. Returns (code, share, total, clear)."""
    code, top, total, unique = plurality(counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = top / total
    return code, share, total, unique & (total >= min_total) & (share >= min_share)


def unusual_votes(
    data: VoteData,
    country: str,
    *,
    against=None,
    k: int = 5,
    min_share: float = 0.75,
    min_record: int = 3,
    min_shared: int = 20,
) -> pd.DataFrame:
    """Roll calls on which a country broke with its closest partners or its own record.

    Two rules, applied to every roll call on which ``country`` voted yes, no or abstain
    (unanimous roll calls included; a unanimous vote is never unusual by rule 1):

    1. ``rule="partners"``: the partners are ``against`` (countries and/or blocs) or,
       if None, the ``k`` countries with the highest coincidence with ``country`` over
       all roll calls of ``data`` (among those sharing at least ``min_shared`` roll
       calls with it; pass ``data.filter(years=...)`` to choose the window). The
       partners' line on a roll call is the option cast by the most partners voting
       (a bloc partner casts its own line); it counts only if it is unique and held by
       at least ``min_share`` of the partners voting, and at least two partners voted.
       The vote is unusual if it differs from that line.
    2. ``rule="own record"``: the country's earlier votes on the same agenda item (roll
       calls before this one, in date order, with the same :func:`agenda_key` of the
       title). The record counts only if there are at least ``min_record`` earlier
       votes and one option holds at least ``min_share`` of them. The vote is unusual
       if it differs from that option.

    Parameters
    ----------
    data : VoteData
    country : str
    against : str or list of str, optional
        Partner countries or blocs; default: the ``k`` closest countries.
    k : int
        Number of closest partners when ``against`` is None.
    min_share : float
        Share (0.5 to 1] that makes a line or a record clear.
    min_record : int
        Earlier votes on the agenda item needed for rule 2.
    min_shared : int
        Shared roll calls needed to be a candidate closest partner.

    Returns
    -------
    DataFrame
        One row per roll call and rule that flags it, sorted by date, rcid and rule:
        rcid (int64), date (datetime64), symbol (string), title (string), vote
        (string: what the country cast), rule ("partners" or "own record"), expected
        (string: the partners' line or the usual vote), support (float64: the share
        behind ``expected``), basis (int64: partners voting, or earlier votes on the
        item), kind ("opposite" for yes against no, "partial" when an abstention is
        involved), partners (string: the partners used, comma-separated; rule 1).

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2, 3, 4], "body": "GA", "session": "1",
    ...                       "date": ["2000-01-01", "2001-01-01", "2002-01-01", "2003-01-01"],
    ...                       "title": ["Embargo"] * 4})
    >>> votes = pd.DataFrame({"rcid": [1, 2, 3, 4] * 3, "country": ["USA"] * 4 + ["ISR"] * 4 + ["GBR"] * 4,
    ...                       "vote": ["no", "no", "no", "abstain"] + ["no"] * 4 + ["no"] * 4})
    >>> out = unusual_votes(VoteData(rolls, votes), "USA", against=["ISR", "GBR"])
    >>> out[["rcid", "vote", "rule", "expected", "support", "basis", "kind"]]
       rcid     vote        rule expected  support  basis     kind
    0     4  abstain  own record       no      1.0      3  partial
    1     4  abstain    partners       no      1.0      2  partial
    """
    if not 0.5 < float(min_share) <= 1:
        msg = f"`min_share` {min_share!r} must be in (0.5, 1], e.g. 0.75."
        raise ParameterError(msg)
    code = resolve_in_data(data, country, param="country")
    matrix = data.matrix
    v = matrix.values
    row = v[matrix.countries.get_loc(code)]
    voted = np.isin(row, CAST)
    warn_partial(data, np.flatnonzero(voted), f"The roll calls {code} voted on")
    rc = data.roll_calls
    frames = []

    # rule 1: partners
    if against is None:
        if not isinstance(k, (int, np.integer)) or k < 1:
            msg = f"`k` {k!r} must be a whole number of partners >= 1."
            raise ParameterError(msg)
        ag = agreement(data, metric="coincidence", by=None, countries=[code])
        ag = ag[ag["n"] >= min_shared].sort_values(["value", "country_b"], ascending=[False, True])
        partner_names = [str(c) for c in ag["country_b"].head(k)]
    else:
        partner_names = [_partner_label(data, p, param="against") for p in as_list(against)]
    prow = []
    for name in partner_names:
        prow.append(
            blocs.line_codes(data, name) if name in blocs.bloc_names() else v[matrix.countries.get_loc(name)]
        )
    if prow:
        pv = np.stack(prow)
        line, share, total, clear = _clear_line(np.stack([(pv == c).sum(0) for c in CAST]), 2, min_share)
        hit = voted & clear & (row != line)
        idx = np.flatnonzero(hit)
        frames.append(
            pd.DataFrame(
                {
                    "col": idx,
                    "rule": "partners",
                    "expected": vote_names(line[idx]),
                    "support": share[idx],
                    "basis": total[idx],
                    "partners": ", ".join(partner_names),
                }
            )
        )

    # rule 2: own record on the same agenda item (earlier roll calls, date order)
    cols = np.flatnonzero(voted)
    keys = rc["title"].to_numpy()[cols]
    own = pd.DataFrame({"col": cols, "key": [agenda_key(t) for t in keys], "code": row[cols]})
    own = own[own["key"] != ""]
    if len(own):
        onehot = pd.DataFrame({c: (own["code"] == c).astype(np.int64) for c in CAST})
        onehot["key"] = own["key"].to_numpy()
        onehot.index = own.index
        before = onehot.groupby("key", sort=False).cumsum() - onehot[list(CAST)]
        usual, share, total, clear = _clear_line(before.to_numpy().T, min_record, min_share)
        hit = clear & (own["code"].to_numpy() != usual)
        frames.append(
            pd.DataFrame(
                {
                    "col": own["col"].to_numpy()[hit],
                    "rule": "own record",
                    "expected": vote_names(usual[hit]),
                    "support": share[hit],
                    "basis": total[hit],
                    "partners": "",
                }
            )
        )
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["col", "rule", "expected", "support", "basis", "partners"])
    )
    col = out["col"].to_numpy(dtype=np.int64)
    vote = vote_names(row[col])
    expected = out["expected"].to_numpy(dtype=object)
    kind = np.where((vote == "abstain") | (expected == "abstain"), "partial", "opposite")
    result = pd.DataFrame(
        {
            "rcid": rc["rcid"].to_numpy()[col],
            "date": rc["date"].to_numpy()[col],
            "symbol": pd.array(rc["symbol"].to_numpy()[col], dtype="string"),
            "title": pd.array(rc["title"].to_numpy()[col], dtype="string"),
            "vote": pd.array(vote, dtype="string"),
            "rule": pd.array(out["rule"].to_numpy(dtype=object), dtype="string"),
            "expected": pd.array(expected, dtype="string"),
            "support": out["support"].to_numpy(dtype=np.float64),
            "basis": out["basis"].to_numpy(dtype=np.int64),
            "kind": pd.array(kind, dtype="string"),
            "partners": pd.array(out["partners"].to_numpy(dtype=object), dtype="string"),
        }
    )
    return result.sort_values(["date", "rcid", "rule"], kind="stable").reset_index(drop=True)
