"""Pairwise voting agreement: every pair of countries, every period, by matrix products.

Categories of a pair on one roll call where both cast a vote (yes, no or abstain):

* ``same``: identical votes (both yes, both no, or both abstaining);
* ``opposite``: one yes and the other no;
* ``partial``: exactly one of the two abstains.

Absences (the UN's non-voting X, code :data:`~unvotes_lib.store.ABSENT`) and missing
records (not a member, or dropped by the source) are excluded pairwise: a roll call
counts for a pair only when both countries voted yes, no or abstain on it, so
``n = same + opposite + partial``.

Metrics (``metric=``), as in DOMAIN.md section 3:

==============  ===============================================================  ==========
metric          formula                                                          test vector
==============  ===============================================================  ==========
``identical``   same / n                                                         0.600
``votes_only``  identical / pairs where both voted yes or no: (yy + nn) /        0.8333
                (yy + nn + opposite), the State Department's share up to 2016
``coincidence`` (same + partial / 2) / n, the State Department's "voting          0.750
                coincidence" since 2017; equal to Voeten's ``agree`` (mean of
                1 - abs(a - b) / 2 on codes yes = 1, abstain = 2, no = 3)
``s``           Signorino-Ritter S with absolute distances and d_max = 2:        0.500
                1 - (2 * opposite + partial) / n  (= 2 * coincidence - 1)
``pi``          Scott's pi on the three nominal categories: (Po - Pe) / (1 - Pe),  0.3277
                Po = same / n, Pe = sum_k ((a_k + b_k) / 2n)^2 from the pair's
                pooled marginals over its n shared roll calls
``kappa``       Cohen's kappa: as pi with Pe = sum_k (a_k / n) * (b_k / n)        0.3333
==============  ===============================================================  ==========

A value is NaN when it is undefined: when ``n = 0`` (the two countries never voted on
the same roll call in the period, so there is nothing to compare: 0/0), and for
``votes_only`` when no shared roll call had both voting yes or no. For ``pi`` and
``kappa``, Pe = 1 happens only when both countries cast one and the same option on
every shared roll call; Po is then 1 too, and the value is set to 1 (perfect
observed agreement) rather than 0/0.

Unanimous roll calls are KEPT by default (as the State Department does); pass
``drop_unanimous=True`` for Voeten's convention for his dyadic ``agree``, which drops
every roll call on which all countries that voted cast the same vote (judged over all
countries in the data, not only the selected ones).

Everything is computed from :attr:`VoteData.matrix`: per period, indicator matrices
(countries x roll calls, float32) and four matrix products (one or two more for pi and
kappa) give the counts of every pair at once (see :func:`period_counts`); there is no
pandas self-join and no Python loop over pairs. Roll calls of both bodies are used as they come: pass
``data.filter(body="GA")`` to compare General Assembly votes only.

Performance: all six metrics for all pairs of countries in every year 1946-2019 take
about 0.3 s (``benchmarks/bench_agreement.py``). The per-year products are small; on a
machine whose cores are busy with other work, multi-threaded BLAS slows them down
10-fold or more. Set ``OPENBLAS_NUM_THREADS=1`` (before numpy is imported) there.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import blocs
from .common import as_list, check_by, periods, resolve_in_data, warn_partial
from .errors import ParameterError
from .store import ABSTAIN, NO, YES, VoteData

__all__ = ["METRICS", "METRIC_RANGES", "agreement", "agreement_matrix"]

#: The metric names accepted by ``metric=``.
METRICS = ("identical", "coincidence", "votes_only", "s", "pi", "kappa")
#: The range of each metric: (value of complete disagreement, value of identical votes).
#: S, pi and kappa are centred on 0 (their sign says more or less agreement than chance
#: or than the midpoint); the shares run from 0 to 1.
METRIC_RANGES = {
    "identical": (0.0, 1.0),
    "coincidence": (0.0, 1.0),
    "votes_only": (0.0, 1.0),
    "s": (-1.0, 1.0),
    "pi": (-1.0, 1.0),
    "kappa": (-1.0, 1.0),
}

COLUMNS = ["period", "country_a", "country_b", "n", "same", "opposite", "partial", "value"]


# ---------------------------------------------------------------- validation helpers


def check_metric(metric: str) -> str:
    """Return ``metric`` if it is one of :data:`METRICS`, else raise a clear ValueError.

    Parameters
    ----------
    metric : str

    Returns
    -------
    str

    Examples
    --------
    >>> check_metric("kappa")
    'kappa'
    >>> check_metric("cosine")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `metric` 'cosine' is not an agreement metric; use one of ['identi...
    """
    if metric not in METRICS:
        msg = f"`metric` {metric!r} is not an agreement metric; use one of {list(METRICS)}."
        raise ParameterError(msg)
    return metric


# ---------------------------------------------------------------- roll-call selection


def selected_columns(data: VoteData, *, issue=None, drop_unanimous: bool = False) -> np.ndarray:
    """Indices of the matrix columns (roll calls) to use, in date order.

    Parameters
    ----------
    data : VoteData
    issue : str or list of str, optional
        Keep roll calls on these issues (as :meth:`VoteData.filter`); a warning when
        none matches.
    drop_unanimous : bool
        Drop roll calls on which every country that voted cast the same vote.

    Returns
    -------
    numpy.ndarray of int

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": "2018-10-01", "session": "73"})
    >>> votes = pd.DataFrame({"rcid": [1, 1, 2, 2], "country": ["USA", "CUB"] * 2,
    ...                       "vote": ["yes", "yes", "yes", "no"]})
    >>> selected_columns(VoteData(rolls, votes), drop_unanimous=True).tolist()
    [1]
    """
    rc = data.roll_calls
    keep = np.ones(len(rc), dtype=bool)
    if issue is not None:
        wanted = set(data.filter(issue=issue).roll_calls["rcid"].tolist())
        keep &= rc["rcid"].isin(wanted).to_numpy()
        if not keep.any():
            known = sorted(data.issues["issue_code"].dropna().unique().tolist())
            warnings.warn(
                f"`issue` {issue!r} matches no roll call in this data; issue codes here are "
                f"{known[:12]} (text in the issue labels matches too).",
                UserWarning,
                stacklevel=3,
            )
    if drop_unanimous:
        v = data.matrix.values
        counts = np.stack([(v == YES).sum(0), (v == ABSTAIN).sum(0), (v == NO).sum(0)])
        present = counts.sum(0)
        keep &= counts.max(0) < present
    return np.flatnonzero(keep)


# ---------------------------------------------------------------- the engine


def _indicators(v: np.ndarray):
    """float32 indicators of a block of vote codes: present, abstain, yes-minus-no, yes-or-no."""
    yes, abstain, no = (v == YES), (v == ABSTAIN), (v == NO)
    f = np.float32
    return (
        (yes | abstain | no).astype(f),
        abstain.astype(f),
        yes.astype(f) - no.astype(f),
        (yes | no).astype(f),
    )


#: Rows of the count stack returned by :func:`period_counts`.
COUNT_ROWS = ("n", "same", "opposite", "aa", "ww", "a_yes", "a_abstain", "a_no", "b_yes", "b_abstain", "b_no")


def period_counts(va: np.ndarray, vb: np.ndarray | None, *, marginals: bool = False) -> np.ndarray:
    """Pair counts for every pair of rows of ``va`` x ``vb``, by matrix products.

    ``va`` (ra x m) and ``vb`` (rb x m) hold vote codes of the same m roll calls; ``vb``
    None means ``va`` with itself. With indicator matrices P (voted yes, no or abstain),
    A (abstain), x = yes - no and w = yes or no, the four products n = P P', aa = A A',
    xx = x x' and ww = w w' give: both yes-or-no and equal (yy + nn) = (ww + xx) / 2,
    opposite = (ww - xx) / 2, same = yy + nn + aa (and partial = n - same - opposite).
    Scott's pi and Cohen's kappa also need each side's marginals over the roll calls
    both voted on: a_k = K P' and b_k = P K' for K in (yes, abstain, no). The products
    run in float32 (exact for counts below 2**24); the result is stored as float64.

    Parameters
    ----------
    va : numpy.ndarray of int8, shape (ra, m)
        Vote codes of the first countries.
    vb : numpy.ndarray of int8, shape (rb, m), or None
        Vote codes of the second countries (None: ``va`` again).
    marginals : bool
        Also count each side's yes, abstain and no (for pi and kappa).

    Returns
    -------
    numpy.ndarray, float64, shape (5 or 11, ra, rb)
        The rows of :data:`COUNT_ROWS` (the six marginals only if ``marginals``).

    Examples
    --------
    >>> va = np.array([[1, 1, 3, 2, 8]], dtype=np.int8)   # yes yes no abstain absent
    >>> vb = np.array([[1, 3, 3, 1, 1]], dtype=np.int8)   # yes no  no yes     yes
    >>> dict(zip(COUNT_ROWS, period_counts(va, vb, marginals=True)[:, 0, 0].astype(int).tolist()))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'n': 4, 'same': 2, 'opposite': 1, 'aa': 0, 'ww': 3, 'a_yes': 2, 'a_abstain': 1, 'a_no': 1,
     'b_yes': 2, 'b_abstain': 0, 'b_no': 2}
    """
    pa, aa_, xa, wa = _indicators(va)
    pb, ab_, xb, wb = (pa, aa_, xa, wa) if vb is None else _indicators(vb)
    ra, rb = pa.shape[0], pb.shape[0]
    out = np.empty((len(COUNT_ROWS) if marginals else 5, ra, rb), dtype=np.float64)
    out[0] = pa @ pb.T
    out[3] = aa_ @ ab_.T
    xx = xa @ xb.T
    out[4] = wa @ wb.T
    out[2] = (out[4] - xx) / 2
    out[1] = (out[4] + xx) / 2 + out[3]
    if marginals:
        ka = np.concatenate([va == YES, va == ABSTAIN, va == NO]).astype(np.float32)
        out[5:8] = (ka @ pb.T).reshape(3, ra, rb)
        if vb is None:
            out[8:11] = out[5:8].transpose(0, 2, 1)
        else:
            kb = np.concatenate([vb == YES, vb == ABSTAIN, vb == NO]).astype(np.float32)
            out[8:11] = (kb @ pa.T).reshape(3, rb, ra).transpose(0, 2, 1)
    return out


def metric_from_counts(counts: np.ndarray, metric: str) -> np.ndarray:
    """A metric from stacked counts (rows of :data:`COUNT_ROWS`, any trailing shape).

    Parameters
    ----------
    counts : numpy.ndarray
        Rows of :data:`COUNT_ROWS` (:func:`period_counts`; the marginals for pi and kappa).
    metric : str
        One of :data:`METRICS`.

    Returns
    -------
    numpy.ndarray of float64
        The metric, NaN where undefined.

    Examples
    --------
    DOMAIN.md's test vector: n 10, same 6, opposite 1, both abstaining 1, both yes or
    no 6, marginals A: yes 6, abstain 2, no 2 and B: yes 5, abstain 3, no 2.

    >>> c = np.array([10, 6, 1, 1, 6, 6, 2, 2, 5, 3, 2], dtype=float)
    >>> [round(float(metric_from_counts(c, m)), 4) for m in METRICS]
    [0.6, 0.75, 0.8333, 0.5, 0.3277, 0.3333]
    """

    return metric_values(counts, [metric])[0]


def metric_values(counts: np.ndarray, metrics) -> list[np.ndarray]:
    """Several metrics from stacked counts, sharing the common terms (see :func:`metric_from_counts`).

    With po = same / n and d = (same - opposite) / n: identical = po, S = d (since
    2 * opposite + partial = n - same + opposite), coincidence = (1 + d) / 2.

    Parameters
    ----------
    counts : numpy.ndarray
        Rows of :data:`COUNT_ROWS`.
    metrics : list of str
        Names of :data:`METRICS`.

    Returns
    -------
    list of numpy.ndarray
        One float64 array per metric, in the order asked.

    Examples
    --------
    >>> c = np.array([10, 6, 1, 1, 6], dtype=float)  # DOMAIN.md's vector, without marginals
    >>> [round(float(v), 4) for v in metric_values(c, ["coincidence", "s", "votes_only"])]
    [0.75, 0.5, 0.8333]
    """
    c = np.asarray(counts, dtype=np.float64)
    out = []
    with np.errstate(invalid="ignore", divide="ignore"):
        inv = 1.0 / c[0]
        po = c[1] * inv
        d = None
        for metric in metrics:
            if metric in ("s", "coincidence") and d is None:
                d = (c[1] - c[2]) * inv
            if metric == "identical":
                out.append(po)
            elif metric == "coincidence":
                out.append((1 + d) / 2)
            elif metric == "s":
                out.append(d)
            elif metric == "votes_only":
                out.append((c[1] - c[3]) / c[4])
            else:
                check_metric(metric)
                if len(c) < len(COUNT_ROWS):
                    msg = "pi and kappa need the marginal counts: call period_counts(..., marginals=True)."
                    raise ParameterError(msg)
                if metric == "pi":
                    half = inv / 2
                    pe = (
                        ((c[5] + c[8]) * half) ** 2
                        + ((c[6] + c[9]) * half) ** 2
                        + ((c[7] + c[10]) * half) ** 2
                    )
                else:
                    pe = (c[5] * c[8] + c[6] * c[9] + c[7] * c[10]) * (inv * inv)
                # Pe = 1 only if both cast one and the same option throughout: then Po = 1 too.
                # (compare counts, not po == 1: same * (1 / n) can round below 1, e.g. n = 49)
                out.append(np.where((c[1] == c[0]) & (c[0] > 0), 1.0, (po - pe) / (1 - pe)))
    return out


def _pair_table(data, metrics, by, cols, rows_a, rows_b, labels, mode, self_pairs, vb_extra=None):
    """Counts and metrics of the requested pairs for every period, as a long frame.

    rows_a / rows_b index the rows of the vote-code matrix stacked with ``vb_extra``
    (pseudo-countries such as bloc lines); ``labels`` names those rows.
    """
    codes = data.matrix.values
    if vb_extra is not None and len(vb_extra):
        codes = np.concatenate([codes, vb_extra])
    per = periods(data, cols, by)
    mlist = [metrics] if isinstance(metrics, str) else list(metrics)
    marginals = any(m in ("pi", "kappa") for m in mlist)
    # pass 1: who voted in each period, and which pairs (row indices i, j of the products) to keep
    plan, produced = [], []
    for label, pcols in per:
        v = codes[:, pcols]
        present = ((v == YES) | (v == ABSTAIN) | (v == NO)).any(axis=1)
        if mode == "triangle":
            act_a = act_b = np.flatnonzero(present)
            if len(act_a) < 2:
                continue
            i, j = np.triu_indices(len(act_a), 1)
        else:
            act_a = rows_a[present[rows_a]]
            act_b = rows_b[present[rows_b]]
            if len(act_a) == 0 or len(act_b) == 0:
                continue
            i, j = np.meshgrid(np.arange(len(act_a)), np.arange(len(act_b)), indexing="ij")
            i, j = i.ravel(), j.ravel()
            keep = (act_a[i] != act_b[j]) | np.isin(act_a[i], self_pairs)
            i, j = i[keep], j[keep]
        plan.append((pcols, act_a, act_b, i, j))
        produced.append(label)
    value_cols = ["value"] if isinstance(metrics, str) else mlist
    if not plan:
        dtypes = ["object", "string", "string", "int64", "int64", "int64", "int64"]
        return pd.DataFrame(
            {
                col: pd.Series(dtype=dt)
                for col, dt in zip(
                    COLUMNS[:-1] + value_cols, dtypes + ["float64"] * len(value_cols), strict=True
                )
            }
        )
    # pass 2: the products, written straight into one preallocated count table
    total = sum(len(p[3]) for p in plan)
    counts = np.empty((len(COUNT_ROWS) if marginals else 5, total), dtype=np.float64)
    a = np.empty(total, dtype=np.int32)
    b = np.empty(total, dtype=np.int32)
    pidx = np.empty(total, dtype=np.int32)
    at = 0
    for k, (pcols, act_a, act_b, i, j) in enumerate(plan):
        v = codes[:, pcols]
        if mode == "triangle":
            c = period_counts(v[act_a], None, marginals=marginals)
        else:
            c = period_counts(v[act_a], v[act_b], marginals=marginals)
        end = at + len(i)
        counts[:, at:end] = c.reshape(len(c), -1)[:, i * len(act_b) + j]
        a[at:end], b[at:end], pidx[at:end] = act_a[i], act_b[j], k
        at = end
    if by == "session" or by is None:
        period = pd.Categorical.from_codes(pidx, categories=pd.Index(produced, dtype="string"), ordered=True)
    else:
        period = np.asarray(produced, dtype=np.int64)[pidx]
    cat = pd.CategoricalDtype(labels)
    n, same, opposite = (counts[k].astype(np.int64) for k in range(3))
    columns = {
        "period": period,
        "country_a": pd.Categorical.from_codes(a, dtype=cat),
        "country_b": pd.Categorical.from_codes(b, dtype=cat),
        "n": n,
        "same": same,
        "opposite": opposite,
        "partial": n - same - opposite,
    }
    columns.update(zip(value_cols, metric_values(counts, mlist), strict=True))
    return pd.DataFrame(columns, copy=False)


# ---------------------------------------------------------------- public API


def _partner_rows(data: VoteData, names, *, param: str, allow_blocs: bool):
    """Resolve countries (and bloc names) to rows of the stacked matrix.

    Returns (codes, extra_labels, extra_rows): codes of countries in data.matrix, and the
    labels and vote-code rows of bloc lines (pseudo-countries voting their bloc's line).
    """
    codes, extra_labels, extra_rows = [], [], []
    for name in as_list(names):
        if allow_blocs and blocs.is_bloc(name):
            bloc = blocs.resolve_bloc(name)
            if bloc not in extra_labels:
                extra_labels.append(bloc)
                extra_rows.append(blocs.line_codes(data, bloc))
            continue
        code = resolve_in_data(data, name, param=param)
        if code not in codes:
            codes.append(code)
    return codes, extra_labels, extra_rows


def agreement(
    data: VoteData,
    *,
    metric: str = "coincidence",
    by="year",
    countries=None,
    partners=None,
    issue=None,
    drop_unanimous: bool = False,
) -> pd.DataFrame:
    """Agreement of pairs of countries per period, in long form.

    Parameters
    ----------
    data : VoteData
    metric : {"coincidence", "identical", "votes_only", "s", "pi", "kappa"} or a list of them
        See the table in :mod:`unvotes_lib.agreement` (formulas and DOMAIN.md's test
        vector). With a list, one float64 column per metric, named after it, replaces
        ``value``: the counts are computed once, so all six cost little more than one.
    by : "year", "session", None or int
        "year": calendar year of the vote date; "session": GA session (periods in
        chronological order); None: the whole span of the data, labelled "first-last"
        year (e.g. "1946-2020"); an int k: a rolling window of k calendar years,
        labelled by its LAST year (period 2019 with ``by=5`` covers 2015-2019); only
        full windows are produced, the first ending k - 1 years after the data's first
        year.
    countries, partners : str or list of str, optional
        Countries (codes or names). With neither, every pair of countries that both
        voted in a period appears once, as the upper triangle (``country_a <
        country_b`` in code order). With either, the rows are ORDERED pairs: each
        ``country_a`` in ``countries`` (default every country) with each
        ``country_b`` in ``partners`` (default every country); a country is paired
        with itself only if it is named in both lists. ``partners`` may also name a
        bloc (:func:`unvotes_lib.blocs.bloc_names`): the bloc then acts as a country
        that votes its line (:func:`unvotes_lib.blocs.bloc_line`; no vote on roll
        calls where the bloc is split or has no member voting).
    issue : str or list of str, optional
        Keep roll calls on these issues (Voeten codes "me", "nu", "di", "hr", "co",
        "ec", or text in the issue labels), as :meth:`VoteData.filter`.
    drop_unanimous : bool
        False (default, State Department convention): unanimous roll calls are kept.
        True (Voeten's ``agree``): drop roll calls on which all voting countries of
        the data cast the same vote.

    Returns
    -------
    DataFrame
        One row per pair and period; rows for a pair are produced only for periods in
        which both countries cast at least one vote.

        ==========  =========================  =========================================
        period      int64, or ordered           year, last year of the window, session,
                    categorical of strings      or "first-last" for ``by=None``
        country_a   categorical (ISO3)          first country
        country_b   categorical (ISO3 / bloc)   second country (or bloc)
        n           int64                       roll calls on which both voted yes, no or
                                                abstain (absences excluded pairwise)
        same        int64                       identical votes (incl. both abstaining)
        opposite    int64                       yes against no
        partial     int64                       exactly one abstained
        value       float64                     the metric; NaN when undefined (n = 0:
                                                nothing to compare)
        ==========  =========================  =========================================

    Raises
    ------
    ValueError
        Unknown metric, bad ``by``, or a country without votes in the data.

    Warns
    -----
    UserWarning
        When partial roll calls (only some members' votes recorded) are included, or
        when ``issue`` matches no roll call.

    Examples
    --------
    DOMAIN.md's test vector (A = FRA, B = DEU; the last two roll calls have one absent):

    >>> import pandas as pd
    >>> a = list("YYYYYYNNAA") + ["Y", "X"]
    >>> b = list("YYYYNANAAY") + ["X", "Y"]
    >>> label = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
    >>> votes = pd.DataFrame({"rcid": list(range(1, 13)) * 2, "country": ["FRA"] * 12 + ["DEU"] * 12,
    ...                       "vote": [label[x] for x in a + b]})
    >>> rolls = pd.DataFrame({"rcid": range(1, 13), "body": "GA", "date": "2018-10-01", "session": "73"})
    >>> vd = VoteData(rolls, votes)
    >>> agreement(vd, metric="coincidence")
       period country_a country_b   n  same  opposite  partial  value
    0    2018       DEU       FRA  10     6         1        3   0.75
    >>> [round(float(agreement(vd, metric=m)["value"].iloc[0]), 4) for m in METRICS]
    [0.6, 0.75, 0.8333, 0.5, 0.3277, 0.3333]
    """
    if isinstance(metric, str):
        check_metric(metric)
    else:
        metric = [check_metric(m) for m in metric]
    check_by(by)
    matrix = data.matrix
    labels = list(matrix.countries)
    cols = selected_columns(data, issue=issue, drop_unanimous=drop_unanimous)
    if countries is None and partners is None:
        df = _pair_table(data, metric, by, cols, None, None, labels, "triangle", [])
    else:
        codes_a, _, _ = _partner_rows(data, countries, param="countries", allow_blocs=False)
        codes_b, extra_labels, extra_rows = _partner_rows(data, partners, param="partners", allow_blocs=True)
        index = pd.Index(labels)
        all_rows = np.arange(len(labels))
        rows_a = index.get_indexer(codes_a) if countries is not None else all_rows
        rows_b = index.get_indexer(codes_b) if partners is not None else all_rows
        if extra_labels:
            rows_b = np.concatenate([rows_b, len(labels) + np.arange(len(extra_labels))])
        self_pairs = index.get_indexer([c for c in codes_a if c in codes_b])
        extra = np.array(extra_rows, dtype=np.int8).reshape(-1, matrix.values.shape[1])
        df = _pair_table(
            data, metric, by, cols, rows_a, rows_b, labels + extra_labels, "grid", self_pairs, extra
        )
    if len(df):
        warn_partial(data, cols, "The roll calls of this agreement table")
    return df


def agreement_matrix(
    data: VoteData,
    *,
    metric: str = "coincidence",
    by=None,
    period=None,
    countries=None,
    issue=None,
    drop_unanimous: bool = False,
) -> pd.DataFrame:
    """Agreement as a wide, symmetric countries x countries table (for heatmaps).

    Parameters
    ----------
    data : VoteData
    metric, issue, drop_unanimous
        As :func:`agreement` (unanimous roll calls kept unless ``drop_unanimous``).
    by : "year", "session", None or int
        As :func:`agreement`; default None (the whole span of the data).
    period : optional
        Which period to show when ``by`` gives several (e.g. 2018); required then.
    countries : list of str, optional
        Rows and columns, in this order (default: every country with votes in the
        selected roll calls, in code order).

    Returns
    -------
    DataFrame
        float64, index ``country_a`` and columns ``country_b`` (ISO3). The diagonal is
        1 for countries that voted and NaN where a country has no vote (n = 0); a cell
        is NaN when the two countries never voted on the same roll call.

    Examples
    --------
    >>> import pandas as pd
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": "2018-10-01", "session": "73"})
    >>> votes = pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2], "country": ["USA", "ISR", "CUB"] * 2,
    ...                       "vote": ["no", "no", "yes", "yes", "yes", "abstain"]})
    >>> m = agreement_matrix(VoteData(rolls, votes), countries=["USA", "ISR", "CUB"])
    >>> m  # doctest: +NORMALIZE_WHITESPACE
    country_b   USA   ISR   CUB
    country_a
    USA        1.00  1.00  0.25
    ISR        1.00  1.00  0.25
    CUB        0.25  0.25  1.00
    """
    if countries is None:
        cols = selected_columns(data, issue=issue, drop_unanimous=drop_unanimous)
        v = data.matrix.values[:, cols]
        voted = ((v == YES) | (v == ABSTAIN) | (v == NO)).any(axis=1)
        codes = list(data.matrix.countries[voted])
    else:
        codes = [resolve_in_data(data, c, param="countries") for c in as_list(countries)]
    df = agreement(
        data,
        metric=metric,
        by=by,
        countries=codes,
        partners=codes,
        issue=issue,
        drop_unanimous=drop_unanimous,
    )
    labels = df["period"].unique().tolist() if len(df) else []
    if period is None:
        if len(labels) > 1:
            msg = (
                f"`period` is required when `by`={by!r} gives several periods; choose one of "
                f"{labels[:10]}{' ...' if len(labels) > 10 else ''}."
            )
            raise ParameterError(msg)
    else:
        if str(period) not in [str(x) for x in labels]:
            msg = f"`period` {period!r} is not a period of this data with by={by!r}; choose one of "
            msg += str(labels[:10])
            msg += " ..." if len(labels) > 10 else "."
            raise ParameterError(msg)
        df = df[df["period"].astype(str) == str(period)]
    wide = df.pivot_table(
        index="country_a", columns="country_b", values="value", aggfunc="first", observed=True, dropna=False
    )
    wide = wide.reindex(index=codes, columns=codes).astype("float64")
    wide.index.name, wide.columns.name = "country_a", "country_b"
    return wide
