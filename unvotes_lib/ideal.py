"""Ideal points: one position per country and session from yes / abstain / no votes.

The model is the one-dimensional ordinal probit IRT of Bailey, Strezhnev & Voeten
(2017). On roll call ``j`` country ``i`` has a latent utility
``y*_ij = b_j * x_i + e_ij`` with standard normal ``e``; it votes no when ``y*`` is
below the roll call's first cutpoint, abstains between the two cutpoints and votes yes
above the second (a roll call where only two of the three choices occur has a single
cutpoint). ``x_i`` is the ideal point, ``b_j`` the roll call's discrimination.

Estimation is a deterministic posterior mode (MAP), not MCMC: blocks of parameters are
updated by damped Newton steps (all roll-call parameters at once, then all positions at
once; each block's objective is concave), initialised from the first principal
component of each session's vote matrix. All sessions are fitted together in one set of
long arrays, whose elementwise work (probabilities and their derivatives) runs in fixed
blocks shared by one thread per core, so the 74 sessions of the General Assembly take 7-20 s
on two cores (``benchmarks/bench_ideal.py``); the blocks do not depend on the number of
threads, so neither do the results.

* ``model="static"``: every session on its own (prior ``x ~ N(0, 1)``); the scale of
  one session is not comparable with another's. The posterior has local optima, so
  it is fitted from two starts (the first principal component, and the dynamic
  model's positions) and each session keeps the mode with the higher posterior.
* ``model="dynamic"``: a random-walk prior links each country's positions across
  sessions, ``x_t ~ N(x_{t-1}, tau^2 * gap)`` (``gap`` = sessions since the country's
  last estimate), together with ``x ~ N(0, 1)`` on every position (which keeps the
  scale near 1, so ``tau`` is in units of the spread of positions). Values are then
  comparable from one session to the next, like the published estimates. With
  ``bridge=True`` (default) roll calls of different sessions with the same description
  (resolutions repeated year after year) also share their parameters: a second stage,
  started from the random-walk fit, estimates one parameter set per such group.

Priors on roll calls: cutpoints ``N(0, 2^2)``, discrimination ``N(0, prior_b^2)``.

Thresholds (all keyword arguments of :func:`ideal_points`): roll calls where every
recorded vote is the same are dropped (they carry no information on positions);
country-sessions with fewer than ``min_votes`` (default 3) votes on the kept roll calls
are not estimated; sessions with fewer than ``min_roll_calls`` (default 5) informative
roll calls (session 19, 1964-65, has one recorded vote in Voeten's data) are skipped
with a :class:`UserWarning` and are absent from the result.

Orientation: the USA is positive (in every session for the static model; on average
over the whole span for the dynamic one). Where the USA has no estimate, the first of
:data:`ANCHORS` that has one sets the sign. Scale of the output: standardised to mean 0
and sd 1 over all country-sessions (dynamic) or within each session (static).
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from statistics import NormalDist

import numpy as np
import pandas as pd
import scipy  # its submodules load on first use: a cached result needs none of them

from .countries import resolve
from .errors import ParameterError
from .memo import memoize
from .store import ABSTAIN, NO, YES, VoteData

__all__ = ["ANCHORS", "distance", "ideal_points"]

#: Countries whose position is made positive, in order of preference.
ANCHORS = ("USA", "GBR", "CAN", "ISR", "AUS", "FRA")

_PRIOR_C = 2.0  # prior sd of the cutpoints
_STATIC_START_TAU = 0.1  # random walk of the linked fit that gives the static model its second start
# The bridged stage has no per-session shortcut (_align) and creeps along directions that
# hardly move the positions' order: 20 and 40 iterations give the same correlations with
# the published table to 3 decimals, so it stops at 20.
_BRIDGE_ITER = 20
_BOOT_ITER = 10  # iterations of a bootstrap refit (warm-started, compared with a reference refit)
_START_ITER = 12  # static iterations from the principal-component start
_INF = 1e3  # stands for an infinite cutpoint (phi(1e3) == 0 exactly)
_LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)
_SQRT_HALF = np.sqrt(0.5)


# ---------------------------------------------------------------- problem layout


class _Problem:
    """Long-format arrays of one estimation problem.

    ``unit`` = one country in one period; ``item`` = one set of roll-call parameters:
    one roll call, or (``bridge``) every roll call of one bridge group. For every
    observation: ``obs_unit``, ``obs_item``, ``obs_rc`` (the roll call), and the indices
    into the flat cutpoint array of its lower and upper bounds (``-1`` = infinite).
    """

    def __init__(
        self,
        codes: np.ndarray,
        period_of_item: np.ndarray,
        countries: pd.Index,
        periods: np.ndarray,
        bridge: np.ndarray | None = None,
    ):
        # codes: countries x items with 0 = no, 1 = abstain, 2 = yes, -1 = missing
        self.periods = periods
        ci, ii = np.nonzero(codes >= 0)
        cat = codes[ci, ii].astype(np.int64)
        period = period_of_item[ii]
        # units: (country, period) pairs present, ordered by country then period
        unit_key = ci.astype(np.int64) * len(periods) + period
        ukeys, obs_unit = np.unique(unit_key, return_inverse=True)
        self.unit_country = ukeys // len(periods)
        self.unit_period = ukeys % len(periods)
        self.countries = countries
        self.n_units = len(ukeys)
        self.rc_period = period_of_item
        rc = ii.astype(np.int64)
        if bridge is None:
            self.n_items = codes.shape[1]
            self.item_period = period_of_item
        else:
            self.n_items = int(bridge.max()) + 1 if len(bridge) else 0
            self.item_period = np.zeros(self.n_items, dtype=np.int64)
            self.item_period[bridge[::-1]] = period_of_item[::-1]  # period of the first roll call
            ii = bridge[ii].astype(np.int64)
        self.obs_unit = obs_unit
        self.obs_item = ii.astype(np.int64)
        self.obs_cat = cat
        # which categories each item has
        present = np.zeros((self.n_items, 3), dtype=bool)
        present[ii, cat] = True
        self.item_ncut = present.sum(axis=1) - 1
        # rank of the observed category among the item's categories
        rank = np.cumsum(present, axis=1) - 1
        r = rank[ii, cat]
        lower = np.where(r > 0, 2 * ii + r - 1, -1)
        upper = np.where(r < self.item_ncut[ii], 2 * ii + r, -1)
        # order the observations: top category (no upper bound), bottom (no lower), middle
        group = np.where(upper < 0, 0, np.where(lower < 0, 1, 2))
        order = np.argsort(group, kind="stable")
        self.groups = (int((group == 0).sum()), int((group <= 1).sum()))
        self.obs_unit = self.obs_unit[order]
        self.obs_item = self.obs_item[order]
        self.obs_cat = self.obs_cat[order]
        self.obs_rc = rc[order]
        self.obs_lower = lower[order]
        self.obs_upper = upper[order]
        self.up_ext = np.where(self.obs_upper >= 0, self.obs_upper, 2 * self.n_items)
        self.lo_ext = np.where(self.obs_lower >= 0, self.obs_lower, 2 * self.n_items + 1)
        self.obs_country = self.unit_country[self.obs_unit]
        self.n_votes = np.bincount(obs_unit, minlength=self.n_units)
        self.n_obs = len(cat)
        self.weight = np.ones(len(cat))


# ---------------------------------------------------------------- elementwise work, in blocks

#: Observations per block of the elementwise work. Fixed, so that a fit gives the same numbers
#: whatever the number of threads that share its blocks.
_BLOCK = 1 << 16
_POOL: list[ThreadPoolExecutor] = []  # one pool per process, made at first use


def _threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _forget_pool() -> None:  # a forked child has the pool object but not its threads
    _POOL.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _each_block(n: int, work) -> None:
    """Call ``work(block)`` for consecutive slices of ``range(n)``, on all cores.

    numpy and scipy.special release the GIL inside their elementwise loops, so threads
    share the blocks; a block also keeps its temporaries in cache.
    """
    blocks = [slice(start, min(start + _BLOCK, n)) for start in range(0, n, _BLOCK)]
    if len(blocks) < 2 or _threads() < 2:
        for block in blocks:
            work(block)
        return
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(_threads(), thread_name_prefix="unvotes-ideal"))
    for future in [_POOL[0].submit(work, block) for block in blocks]:
        future.result()


def _bounds_block(prob: _Problem, flat: np.ndarray, b: np.ndarray, x: np.ndarray, rows):
    """Upper and lower bounds of the latent interval of the observations ``rows``, minus b * x."""
    eta = b[prob.obs_item[rows]] * x[prob.obs_unit[rows]]
    return flat[prob.up_ext[rows]] - eta, flat[prob.lo_ext[rows]] - eta


def _flat_cuts(cuts: np.ndarray) -> np.ndarray:
    """The cutpoints as one array, followed by the stand-ins for +infinity and -infinity."""
    return np.concatenate([cuts.ravel(), [_INF, -_INF]])


def _log_prob(prob: _Problem, cuts: np.ndarray, b: np.ndarray, x: np.ndarray, idx=None) -> np.ndarray:
    """log(Phi(u) - Phi(l)) of every observation (or of the observations ``idx``), accurate in
    both tails, where ``u`` and ``l`` are its latent bounds under ``(cuts, b, x)``."""
    flat = _flat_cuts(cuts)
    n = prob.n_obs if idx is None else len(idx)
    out = np.empty(n)

    def work(block):
        if idx is None:  # all observations, ordered top / bottom / middle (see _Problem)
            rows = block
            # the group ends, counted from this block's start and clipped to it
            local = tuple(min(max(end - block.start, 0), block.stop - block.start) for end in prob.groups)
        else:
            rows, local = idx[block], None
        out[block] = _log_prob_block(*_bounds_block(prob, flat, b, x, rows), local)

    _each_block(n, work)
    return out


def _log_tail(z: np.ndarray) -> np.ndarray:
    """log Phi(-z), accurate for every z (via the scaled complementary error function)."""
    z = np.clip(z, -30.0, 60.0)
    return np.log(0.5 * scipy.special.erfcx(z * _SQRT_HALF)) - 0.5 * z * z


def _log_prob_block(u: np.ndarray, low: np.ndarray, groups) -> np.ndarray:
    """log P of one block, given (end of the top-category rows, end of the bottom ones) or
    None when its rows are in no particular order."""
    if groups is None:
        top = u >= _INF  # highest category: P = Phi(-l)
        bottom = low <= -_INF  # lowest category: P = Phi(u)
        mid = ~(top | bottom)
    else:
        top, bottom, mid = slice(0, groups[0]), slice(groups[0], groups[1]), slice(groups[1], None)
    out = np.empty(len(u))
    out[top] = _log_tail(low[top])
    out[bottom] = _log_tail(-u[bottom])
    um, lm = u[mid], low[mid]
    if len(um):  # the difference of the two tails that are further from 1: no cancellation
        pos = lm > 0
        neg = ~pos
        p = np.empty(len(um))
        p[pos] = scipy.special.ndtr(-lm[pos]) - scipy.special.ndtr(-um[pos])
        p[neg] = scipy.special.ndtr(um[neg]) - scipy.special.ndtr(lm[neg])
        out[mid] = np.log(np.maximum(p, 1e-300))
    return out


def _score_terms(prob: _Problem, st, terms, count: int) -> list[np.ndarray]:
    """Per observation, the ``count`` arrays that ``terms`` makes of the derivatives of log P.

    ``terms(rows, fu, fl, fuu, fll, ful)`` gets the first and second derivatives of log P in
    (u, l) at the state ``st`` for the observations ``rows`` (a slice), and returns ``count``
    arrays of their length: the weighted products that the Newton steps sum. Bounds,
    derivatives and products are made block by block on all cores, so that a block's
    temporaries stay in cache and the main thread only sums.
    """
    flat = _flat_cuts(st.cuts)
    outs = [np.empty(prob.n_obs) for _ in range(count)]

    def work(block):
        ub, lb = _bounds_block(prob, flat, st.b, st.x, block)
        lp = st.logp[block]
        d_u = np.exp(-0.5 * ub * ub - _LOG_SQRT_2PI - lp)
        d_l = -np.exp(-0.5 * lb * lb - _LOG_SQRT_2PI - lp)
        derivs = (d_u, d_l, -ub * d_u - d_u * d_u, -lb * d_l - d_l * d_l, -d_u * d_l)
        for out, value in zip(outs, terms(block, *derivs), strict=True):
            out[block] = value

    _each_block(prob.n_obs, work)
    return outs


# ---------------------------------------------------------------- block updates


def _item_penalty(prob, cuts, b, prior_c, prior_b):
    used = np.arange(2)[None, :] < prob.item_ncut[:, None]
    pen = 0.5 * (np.where(used, cuts, 0.0) ** 2).sum(axis=1) / prior_c**2 + 0.5 * b**2 / prior_b**2
    bad = (prob.item_ncut == 2) & (cuts[:, 1] <= cuts[:, 0])
    return np.where(bad, np.inf, pen)


def _backtrack(prob, logp, obs_group, old, *, trial, log_prob, penalty, accept, halve, halvings):
    """The damped step shared by both block updates: halve each group's step until its
    objective does not fall.

    A group is a roll call (item update) or a country (position update); ``obs_group``
    maps each observation to its group and ``old`` holds each group's objective before
    the step. ``trial()`` gives the candidate parameters for the current steps,
    ``log_prob(cand, idx)`` the log probability of the observations ``idx`` (None: all),
    ``penalty(cand)`` each group's minus log prior; ``accept(ok)`` takes the step of the
    groups in ``ok`` and ``halve(pending)`` halves the others'. Returns the new log
    probability of every observation.
    """
    w = prob.weight
    n = len(old)
    pending = np.ones(n, dtype=bool)
    idx = None
    for _ in range(halvings):
        cand = trial()
        lp = log_prob(cand, idx)
        if idx is None:
            val = np.bincount(obs_group, w * lp, minlength=n)
        else:
            val = np.bincount(obs_group[idx], w[idx] * lp, minlength=n)
        val -= penalty(cand)
        ok = pending & (val >= old - 1e-10)
        accept(ok)
        if idx is None:
            logp = np.where(ok[obs_group], lp, logp)
        else:
            take = ok[obs_group[idx]]
            logp[idx[take]] = lp[take]
        pending &= ~ok
        if not pending.any():
            break
        halve(pending)
        idx = np.flatnonzero(pending[obs_group])
    return logp


def _per_cutpoint(prob, on_upper: np.ndarray, on_lower: np.ndarray) -> np.ndarray:
    """Sum per flat cutpoint of terms on each observation's upper and on its lower bound.

    Only finite bounds count: the top-category block (no upper bound) is left out of the
    first sum and the bottom block (no lower bound) out of the second. A cutpoint takes
    its lower-bound terms from the top block or from the middle one, never both, so the
    two partial sums add up to what one pass over all observations gives.
    """
    m = 2 * prob.n_items
    top_end, bottom_end = prob.groups
    up, lo = prob.up_ext, prob.lo_ext
    total = np.bincount(up[top_end:], on_upper[top_end:], minlength=m)
    total += np.bincount(lo[:top_end], on_lower[:top_end], minlength=m)
    total += np.bincount(lo[bottom_end:], on_lower[bottom_end:], minlength=m)
    return total


def _update_items(prob, st, prior_c, prior_b, halvings=8):
    """One damped Newton step on every roll call's (c0, c1, b); updates ``st`` in place."""
    cuts, b, x, logp = st.cuts, st.b, st.x, st.logp
    w = prob.weight
    n = prob.n_items

    def terms(rows, fu, fl, fuu, fll, ful):
        # u = c_upper - b x and l = c_lower - b x: d/dc = indicator, d/db = -x
        wr, xo = w[rows], x[prob.obs_unit[rows]]
        return (
            wr * fu, wr * fl, wr * fuu, wr * fll, -wr * xo * (fuu + ful), -wr * xo * (fll + ful),
            wr * ful, -wr * xo * (fu + fl), wr * xo * xo * (fuu + 2 * ful + fll),
        )  # fmt: skip

    w_fu, w_fl, w_fuu, w_fll, on_cb_u, on_cb_l, w_ful, on_g_b, on_h_bb = _score_terms(prob, st, terms, 9)
    g_c = _per_cutpoint(prob, w_fu, w_fl)
    h_cc = _per_cutpoint(prob, w_fuu, w_fll)
    h_cb = _per_cutpoint(prob, on_cb_u, on_cb_l)
    mid = slice(prob.groups[1], None)
    h_01 = np.bincount(prob.obs_item[mid], w_ful[mid], minlength=n)
    g_b = np.bincount(prob.obs_item, on_g_b, minlength=n)
    h_bb = np.bincount(prob.obs_item, on_h_bb, minlength=n)
    grad = np.column_stack([g_c[0::2], g_c[1::2], g_b])
    hess = np.empty((n, 3, 3))
    hess[:, 0, 0], hess[:, 1, 1], hess[:, 2, 2] = h_cc[0::2], h_cc[1::2], h_bb
    hess[:, 0, 1] = hess[:, 1, 0] = h_01
    hess[:, 0, 2] = hess[:, 2, 0] = h_cb[0::2]
    hess[:, 1, 2] = hess[:, 2, 1] = h_cb[1::2]
    params = np.column_stack([cuts, b])
    prec = np.array([1 / prior_c**2, 1 / prior_c**2, 1 / prior_b**2])
    grad -= params * prec
    hess[:, [0, 1, 2], [0, 1, 2]] -= prec
    # an unused second cutpoint gets no step
    unused = prob.item_ncut < 2
    grad[unused, 1] = 0.0
    hess[unused, 1, :] = 0.0
    hess[unused, :, 1] = 0.0
    hess[unused, 1, 1] = -1.0
    step = -np.linalg.solve(hess, grad[..., None])[..., 0]
    step = np.clip(step, -1.0, 1.0)
    old = np.bincount(prob.obs_item, w * logp, minlength=n) - _item_penalty(prob, cuts, b, prior_c, prior_b)

    def accept(ok):
        params[ok] = params[ok] + step[ok]

    def halve(pending):
        step[pending] *= 0.5

    st.logp = _backtrack(
        prob,
        logp,
        prob.obs_item,
        old,
        trial=lambda: params + step,
        log_prob=lambda cand, idx: _log_prob(prob, cand[:, :2], cand[:, 2], x, idx),
        penalty=lambda cand: _item_penalty(prob, cand[:, :2], cand[:, 2], prior_c, prior_b),
        accept=accept,
        halve=halve,
        halvings=halvings,
    )
    st.cuts = np.ascontiguousarray(params[:, :2])
    st.b = np.ascontiguousarray(params[:, 2])


def _rw_links(prob: _Problem, tau: float | None):
    """Precision of the random-walk link between each unit and the next (0 = none)."""
    link = np.zeros(prob.n_units)
    if tau is None or prob.n_units < 2:
        return link
    same = prob.unit_country[1:] == prob.unit_country[:-1]
    gap = np.diff(prob.periods[prob.unit_period]).astype(float)
    link[:-1] = np.where(same, 1.0 / (tau**2 * np.maximum(gap, 1.0)), 0.0)
    return link


def _x_prior(prob, x, link):
    """Minus log prior of the positions, per country: N(0, 1) on every position and the random walk."""
    dx = np.zeros(prob.n_units)
    dx[:-1] = np.diff(x)
    per_unit = 0.5 * x**2 + 0.5 * link * dx**2
    return np.bincount(prob.unit_country, per_unit, minlength=len(prob.countries))


def _update_x(prob, st, link, halvings=8):
    """One damped Newton step on all positions (tridiagonal when linked); updates ``st``."""
    cuts, b, x, logp = st.cuts, st.b, st.x, st.logp
    w = prob.weight
    n = prob.n_units

    def terms(rows, fu, fl, fuu, fll, ful):  # d/dx of u = c - b x and of l: -b
        wr, bo = w[rows], b[prob.obs_item[rows]]
        return -wr * bo * (fu + fl), wr * bo * bo * (fuu + 2 * ful + fll)

    on_grad, on_hess = _score_terms(prob, st, terms, 2)
    grad = np.bincount(prob.obs_unit, on_grad, minlength=n)
    hdiag = np.bincount(prob.obs_unit, on_hess, minlength=n)
    grad -= x  # N(0, 1) on every position
    hdiag -= 1.0
    # random walk: -0.5 * link_t * (x_{t+1} - x_t)^2
    dx = np.zeros(n)
    dx[:-1] = np.diff(x)
    grad += link * dx
    grad[1:] -= link[:-1] * dx[:-1]
    hdiag -= link
    hdiag[1:] -= link[:-1]
    # solve (-H) step = grad; -H is tridiagonal and positive definite
    if link.any():
        ab = np.zeros((3, n))
        ab[0, 1:] = -link[:-1]
        ab[1] = -hdiag
        ab[2, :-1] = -link[:-1]
        step = scipy.linalg.solve_banded((1, 1), ab, grad, check_finite=False)
    else:
        step = grad / -hdiag
    step = np.clip(step, -1.0, 1.0)
    nc = len(prob.countries)
    old = np.bincount(prob.obs_country, w * logp, minlength=nc) - _x_prior(prob, x, link)
    pos = {"x": x, "step": step}

    def accept(ok):
        pos["x"] = np.where(ok[prob.unit_country], pos["x"] + pos["step"], pos["x"])

    def halve(pending):
        pos["step"] = np.where(pending[prob.unit_country], pos["step"] * 0.5, pos["step"])

    st.logp = _backtrack(
        prob,
        logp,
        prob.obs_country,
        old,
        trial=lambda: pos["x"] + pos["step"],
        log_prob=lambda cand, idx: _log_prob(prob, cuts, b, cand, idx),
        penalty=lambda cand: _x_prior(prob, cand, link),
        accept=accept,
        halve=halve,
        halvings=halvings,
    )
    st.x = pos["x"]


class _State:
    def __init__(self, prob, x, cuts, b):
        self.x, self.cuts, self.b = x, cuts, b
        self.logp = _log_prob(prob, cuts, b, x)


def _align(prob, st, link, prior_c, prior_b):
    """Move each period along the likelihood's flat directions to the prior's optimum.

    For a period t, ``x -> s x + a`` with ``b -> b / s`` and ``c -> c + a b / s`` leaves
    every vote probability unchanged; only the priors move. Optimising the 2 x T
    numbers (a_t, log s_t) is cheap and removes the slow zig-zag of block updates.
    """
    n_p = len(prob.periods)
    up, ip = prob.unit_period, prob.item_period
    x0, b0, c0 = st.x, st.b, st.cuts
    used = np.arange(2)[None, :] < prob.item_ncut[:, None]

    def objective(theta):
        a, ls = theta[:n_p], theta[n_p:]
        s = np.exp(ls)
        x = s[up] * x0 + a[up]
        dx = np.zeros(prob.n_units)
        dx[:-1] = np.diff(x)
        ux = 0.5 * np.sum(x * x) + 0.5 * np.sum(link * dx * dx)
        gx = x - link * dx
        gx[1:] += link[:-1] * dx[:-1]
        bn = b0 / s[ip]
        cn = np.where(used, c0 + (bn * a[ip])[:, None], 0.0)
        ui = 0.5 * np.sum(cn * cn) / prior_c**2 + 0.5 * np.sum(bn * bn) / prior_b**2
        csum = cn.sum(axis=1) / prior_c**2
        g_a = np.bincount(up, gx, minlength=n_p) + np.bincount(ip, csum * bn, minlength=n_p)
        g_s = np.bincount(up, gx * s[up] * x0, minlength=n_p) + np.bincount(
            ip, -bn * bn / prior_b**2 - csum * bn * a[ip], minlength=n_p
        )
        return ux + ui, np.concatenate([g_a, g_s])

    res = scipy.optimize.minimize(objective, np.zeros(2 * n_p), jac=True, method="L-BFGS-B")
    a, s = res.x[:n_p], np.exp(res.x[n_p:])
    st.x = s[up] * x0 + a[up]
    st.b = b0 / s[ip]
    st.cuts = np.where(used, c0 + (st.b * a[ip])[:, None], 0.0)


def _fit(prob, st, *, tau, prior_c, prior_b, max_iter, tol, align=True):
    """Alternate the blocks until no position moves by more than ``tol``."""
    link = _rw_links(prob, tau)
    st.logp = _log_prob(prob, st.cuts, st.b, st.x)
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - returned
        _update_items(prob, st, prior_c, prior_b)
        old = st.x
        _update_x(prob, st, link)
        if align:
            _align(prob, st, link, prior_c, prior_b)
        if len(old) == 0 or np.max(np.abs(st.x - old)) < tol:
            break
    return it


def _period_objective(prob, st, prior_c, prior_b):
    """Static log posterior of each period (log-likelihood plus log priors)."""
    n_p = len(prob.periods)
    ll = np.bincount(prob.item_period[prob.obs_item], prob.weight * st.logp, minlength=n_p)
    pen_i = np.bincount(prob.item_period, _item_penalty(prob, st.cuts, st.b, prior_c, prior_b), minlength=n_p)
    pen_x = np.bincount(prob.unit_period, 0.5 * st.x**2, minlength=n_p)
    return ll - pen_i - pen_x


def _pca_start(prob: _Problem) -> np.ndarray:
    """First principal component of each period's unit x item matrix (yes 1, abstain 0, no -1)."""
    x = np.zeros(prob.n_units)
    val = prob.obs_cat.astype(float) - 1.0
    obs_period = prob.item_period[prob.obs_item]
    order = np.argsort(obs_period, kind="stable")
    bounds = np.searchsorted(obs_period[order], np.arange(len(prob.periods) + 1))
    for p in range(len(prob.periods)):
        sel = order[bounds[p] : bounds[p + 1]]
        units = np.flatnonzero(prob.unit_period == p)
        items = np.flatnonzero(prob.item_period == p)
        if len(units) < 2 or len(items) == 0:
            continue
        m = np.full((len(units), len(items)), np.nan)
        m[np.searchsorted(units, prob.obs_unit[sel]), np.searchsorted(items, prob.obs_item[sel])] = val[sel]
        m = np.nan_to_num(m - np.nanmean(m, axis=0))
        uvec, _, _ = np.linalg.svd(m, full_matrices=False)
        pc = uvec[:, 0]
        x[units] = (pc - pc.mean()) / (pc.std() or 1.0)
    return x


def _marginal_cuts(prob: _Problem) -> np.ndarray:
    """Cutpoints that reproduce each roll call's vote shares when b = 0."""
    counts = np.zeros((prob.n_items, 3))
    np.add.at(counts, (prob.obs_item, prob.obs_cat), 1.0)
    present = counts > 0
    # cumulative shares of the present categories, in order, minus the last
    shares = counts / counts.sum(axis=1, keepdims=True)
    cum = np.cumsum(shares, axis=1)
    cuts = np.zeros((prob.n_items, 2))
    for k in range(2):
        # k-th cut = cumulative share up to the (k+1)-th present category
        rank = np.cumsum(present, axis=1)
        col = np.argmax(rank >= k + 1, axis=1)
        val = scipy.special.ndtri(np.clip(cum[np.arange(prob.n_items), col], 1e-6, 1 - 1e-6))
        cuts[:, k] = np.where(prob.item_ncut > k, val, 0.0)
    return cuts


def _orientation(prob: _Problem, x: np.ndarray, per_period: bool) -> np.ndarray:
    """Sign (+1/-1) per period that makes the first anchor country with an estimate positive."""
    n_p = len(prob.periods)
    sign = np.zeros(n_p)
    for code in ANCHORS:
        if code not in prob.countries:
            continue
        units = np.flatnonzero(prob.unit_country == prob.countries.get_loc(code))
        if per_period:
            todo = sign[prob.unit_period[units]] == 0
            u = units[todo]
            sign[prob.unit_period[u]] = np.where(x[u] < 0, -1.0, 1.0)
        elif len(units) and not sign.any():
            sign[:] = -1.0 if x[units].mean() < 0 else 1.0
    return np.where(sign == 0, 1.0, sign)


def _flip(prob, st, sign):
    st.x = st.x * sign[prob.unit_period]
    st.b = st.b * sign[prob.item_period]


def _laplace_se(prob, st, link):
    """Posterior sd of each position given the roll-call parameters (Laplace approximation).

    Minus the Hessian of the log posterior in the positions is block tridiagonal: one
    block per country, linking its sessions by the random walk (diagonal: the
    likelihood's curvature, the N(0, 1) prior and the links; off-diagonal: minus the
    links). The sd is the square root of the diagonal of each block's inverse, so a
    position borrows strength from, and shares the uncertainty of, its neighbours; without
    links (static model) it is ``1 / sqrt(diagonal)``.
    """
    w = prob.weight

    def terms(rows, fu, fl, fuu, fll, ful):
        bo = st.b[prob.obs_item[rows]]
        return (w[rows] * bo * bo * (fuu + 2 * ful + fll),)

    (on_hess,) = _score_terms(prob, st, terms, 1)
    n = prob.n_units
    prec = -np.bincount(prob.obs_unit, on_hess, minlength=n)
    prec += 1.0 + link
    prec[1:] += link[:-1]
    if not link.any():
        return 1.0 / np.sqrt(prec)
    var = np.empty(n)
    starts = np.flatnonzero(np.r_[True, link[:-1] == 0])  # a country's first linked session
    for a, z in zip(starts, [*starts[1:], n], strict=True):
        block = np.diag(prec[a:z]) - np.diag(link[a : z - 1], 1) - np.diag(link[a : z - 1], -1)
        var[a:z] = np.diag(np.linalg.inv(block))
    return np.sqrt(var)


def _standard(prob, x, per_period: bool):
    """Centre and scale per unit: mean 0 and sd 1 per period (static) or over all (dynamic)."""
    if not per_period:
        sd = x.std() if len(x) > 1 and x.std() > 0 else 1.0
        return np.full(len(x), x.mean()), np.full(len(x), sd)
    n_p = len(prob.periods)
    cnt = np.bincount(prob.unit_period, minlength=n_p)
    mean = np.bincount(prob.unit_period, x, minlength=n_p) / np.maximum(cnt, 1)
    var = np.bincount(prob.unit_period, x * x, minlength=n_p) / np.maximum(cnt, 1) - mean**2
    sd = np.where(var > 1e-12, np.sqrt(np.maximum(var, 0.0)), 1.0)
    return mean[prob.unit_period], sd[prob.unit_period]


# ---------------------------------------------------------------- public API

_MODELS = ("static", "dynamic")
_UNCERTAINTY = ("laplace", "bootstrap", None)


def _session_of_dates(dates: pd.Series) -> np.ndarray:
    """Regular GA session in progress on each date (session N opens in September 1945 + N)."""
    year, month = dates.dt.year.to_numpy(), dates.dt.month.to_numpy()
    return np.where(month >= 9, year - 1945, year - 1946)


def _periods_of(roll: pd.DataFrame, by: str) -> np.ndarray:
    if by == "year":
        return roll["date"].dt.year.to_numpy().astype(np.int64)
    session = roll["session"].astype("string")
    numeric = session.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    out = _session_of_dates(roll["date"])
    out[numeric] = session[numeric].astype(int).to_numpy()
    return out.astype(np.int64)


def _prepare(data: VoteData, by: str, min_votes: int, min_roll_calls: int):
    """The estimation problem: codes, kept roll calls and periods (with the skipped ones)."""
    roll = data.roll_calls
    mat = data.matrix
    ga = (roll["body"] == "GA").fillna(False).to_numpy(dtype=bool)
    codes = np.full(mat.values.shape, -1, dtype=np.int8)
    codes[mat.values == NO] = 0
    codes[mat.values == ABSTAIN] = 1
    codes[mat.values == YES] = 2
    codes[:, ~ga] = -1
    if not ga.any():
        msg = (
            f"No session has {min_roll_calls} or more informative roll calls: the data hold no "
            "General Assembly roll calls (ideal points use GA votes only)."
        )
        raise ParameterError(msg)
    period = _periods_of(roll, by)
    all_periods = np.unique(period[ga])
    # non-GA columns are masked out; clip their index so it stays in range
    pidx = np.minimum(np.searchsorted(all_periods, period), len(all_periods) - 1)
    keep_item = ga.copy()
    keep_unit = np.ones_like(codes, dtype=bool)
    while True:
        c = np.where(keep_unit & keep_item[None, :], codes, -1)
        n_cat = sum((c == k).any(axis=0) for k in range(3))
        new_items = keep_item & (n_cat >= 2)
        c[:, ~new_items] = -1
        # votes per country and period on the kept roll calls
        counts = np.zeros((codes.shape[0], len(all_periods)), dtype=np.int64)
        for k in range(len(all_periods)):
            cols = new_items & (pidx == k)
            counts[:, k] = (c[:, cols] >= 0).sum(axis=1)
        new_units = counts[:, pidx] >= min_votes
        if (new_items == keep_item).all() and (new_units == keep_unit).all():
            break
        keep_item, keep_unit = new_items, new_units
    per_period = np.bincount(pidx[keep_item], minlength=len(all_periods))
    good = per_period >= min_roll_calls
    skipped = all_periods[~good]
    keep_item &= good[pidx]
    codes = np.where(keep_unit & keep_item[None, :], codes, -1)[:, keep_item]
    periods = all_periods[good]
    prob = _Problem(codes, np.searchsorted(periods, period[keep_item]), mat.countries, periods)
    prob.item_rcid = mat.rcids.to_numpy()[keep_item]
    prob.codes = codes
    prob.text = roll["description"].astype("string").str.strip().str.lower().to_numpy()[keep_item]
    return prob, skipped


def _bridged(prob: _Problem) -> _Problem:
    """The same votes with one parameter set per bridge group: roll calls of different
    sessions with the same description (the resolution repeated year after year)."""
    text = pd.Series(prob.text, dtype="string")
    key = pd.DataFrame({"text": text, "period": prob.item_period})
    first_in_period = ~key.duplicated(["text", "period"]) & text.notna()
    label = np.where(first_in_period.to_numpy(), text.fillna("").to_numpy(dtype=object), None)
    label = np.array([lab if lab is not None else f"\0{i}" for i, lab in enumerate(label)], dtype=object)
    _, group = np.unique(label, return_inverse=True)
    # number the groups in order of first appearance (deterministic, period order)
    order = pd.unique(group)
    renum = np.empty(len(order), dtype=np.int64)
    renum[order] = np.arange(len(order))
    out = _Problem(prob.codes, prob.item_period, prob.countries, prob.periods, bridge=renum[group])
    out.bridge_of_rc = renum[group]
    return out


def _estimate(prob, model, *, tau, prior_b, max_iter, tol, start=None, bridge=False):
    prior_c = _PRIOR_C
    common = {"prior_c": prior_c, "prior_b": prior_b, "tol": tol}
    bridged = {"tau": tau, "max_iter": min(max_iter, _BRIDGE_ITER), "align": False, **common}
    if start is not None and bridge and model == "dynamic":
        st = _State(prob.bridged, start.x.copy(), start.cuts.copy(), start.b.copy())
        _fit(prob.bridged, st, **bridged)
        return st
    if start is not None:
        st = _State(prob, start.x.copy(), start.cuts.copy(), start.b.copy())
        _fit(prob, st, tau=tau if model == "dynamic" else None, max_iter=max_iter, **common)
        return st
    st = _State(prob, _pca_start(prob), _marginal_cuts(prob), np.zeros(prob.n_items))
    _fit(prob, st, tau=None, max_iter=min(max_iter, _START_ITER), **common)
    _flip(prob, st, _orientation(prob, st.x, per_period=True))
    dyn = _State(prob, st.x.copy(), st.cuts.copy(), st.b.copy())
    linked_iter = max_iter if model == "dynamic" and not bridge else min(max_iter, _START_ITER)
    _fit(prob, dyn, tau=tau if model == "dynamic" else _STATIC_START_TAU, max_iter=linked_iter, **common)
    if model == "dynamic" and bridge:
        # second stage: one parameter set per bridge group, started from the linked solution
        pg = prob.bridged
        size = np.bincount(pg.bridge_of_rc, minlength=pg.n_items)
        b = np.bincount(pg.bridge_of_rc, dyn.b, minlength=pg.n_items) / np.maximum(size, 1)
        dyn = _State(pg, dyn.x.copy(), _marginal_cuts(pg), b)
        _fit(pg, dyn, **bridged)
        _flip(pg, dyn, _orientation(pg, dyn.x, per_period=False))
        return dyn
    if model == "dynamic":
        _flip(prob, dyn, _orientation(prob, dyn.x, per_period=False))
        return dyn
    # static: a second start from the linked solution; per period keep the better posterior mode
    again = _State(prob, dyn.x.copy(), dyn.cuts.copy(), dyn.b.copy())
    _fit(prob, again, tau=None, prior_c=prior_c, prior_b=prior_b, max_iter=max_iter, tol=tol)
    better = _period_objective(prob, again, prior_c, prior_b) > _period_objective(prob, st, prior_c, prior_b)
    st.x = np.where(better[prob.unit_period], again.x, st.x)
    st.b = np.where(better[prob.item_period], again.b, st.b)
    st.cuts = np.where(better[prob.item_period][:, None], again.cuts, st.cuts)
    st.logp = _log_prob(prob, st.cuts, st.b, st.x)
    _flip(prob, st, _orientation(prob, st.x, per_period=True))
    return st


def ideal_points(
    data: VoteData,
    *,
    by: str = "session",
    model: str = "dynamic",
    dims: int = 1,
    uncertainty: str | None = "laplace",
    seed: int = 0,
    n_boot: int = 20,
    tau: float = 0.3,
    prior_b: float | None = None,
    min_votes: int = 3,
    min_roll_calls: int = 5,
    countries=None,
    max_iter: int = 40,
    tol: float = 1e-3,
    bridge: bool = True,
    level: float = 0.95,
    cache: bool = False,
) -> pd.DataFrame:
    """Ideal points of every country in every session (or year), from GA roll calls.

    See the module documentation (:mod:`unvotes_lib.ideal`) for the model.

    Parameters
    ----------
    data : VoteData
        Votes; only General Assembly roll calls are used (yes / abstain / no;
        absences are missing data). Emergency special sessions count in the regular
        session in progress on the day of the vote.
    by : {"session", "year"}
        One estimate per GA session (default) or per calendar year.
    model : {"dynamic", "static"}
        ``"dynamic"`` links sessions by a random walk on each country's position;
        ``"static"`` fits every session alone (its scale differs between sessions;
        from two starts, the first principal component and the dynamic solution,
        each session keeps the posterior mode with the higher posterior).
    dims : int
        Number of dimensions; only 1 is implemented.
    uncertainty : {"laplace", "bootstrap", None}
        ``"laplace"`` (default): posterior sd of each position given the roll-call
        parameters (inverse Hessian), with a normal 95% interval. ``"bootstrap"``:
        ``n_boot`` refits on roll calls resampled with replacement within each
        session (seeded by ``seed``), each warm-started from the estimate and compared
        with a refit on the original votes; ``se`` is their sd and ``lo``/``hi`` their
        2.5% and 97.5% quantiles (each refit runs at most 10 iterations; about 3 s
        per replicate on the 74 sessions). None: no uncertainty columns are filled
        (NaN).
    seed : int
        Seed of the bootstrap; the point estimates are deterministic in any case.
    n_boot : int
        Bootstrap replicates.
    tau : float
        Random-walk sd per session of the dynamic model, in units of the spread of
        positions (larger = positions may move faster). Ignored by the static model.
    prior_b : float, optional
        Prior sd of the roll calls' discrimination (cutpoints: sd 2). Default 0.3 for
        the static model, 0.5 for the dynamic one.
    min_votes : int
        A country-session with fewer votes on informative roll calls gets no estimate.
    min_roll_calls : int
        Sessions with fewer informative (not unanimous) roll calls are skipped with a
        warning (session 19 has one).
    countries : str or list of str, optional
        Only return these countries (codes or names); all are used in the fit.
    max_iter, tol : int, float
        Iteration limit and convergence tolerance (largest change of a position).
    bridge : bool
        Dynamic model only: roll calls of different sessions with the same description
        (a resolution repeated year after year) share one set of parameters, which ties
        the sessions' scales together (the bridge of Bailey, Strezhnev & Voeten).
        Within one session, repeated descriptions keep separate parameters.
    level : float
        Coverage of the interval ``lo``-``hi`` (0 < level < 1; default 0.95): the normal
        interval ``ideal +/- z * se`` for ``"laplace"``, the bootstrap quantiles
        ``(1 - level) / 2`` and ``(1 + level) / 2`` for ``"bootstrap"``.
    cache : bool
        If True, the fit of every country is kept in the shared results cache
        (:func:`unvotes_lib.memo.memoize`, beside the Parquet tables) keyed by the data, these
        settings and the library, and reused by every later call, in any process, with the
        same inputs: a batch of reports fits once. ``countries`` then selects rows of the
        cached fit. A call served from the cache does not repeat the fit's warnings.

    Returns
    -------
    DataFrame
        One row per country and session with an estimate, sorted by session then
        country:

        ``session`` (Int64): GA session (NA when ``by="year"``);
        ``year`` (int64): the year the session opened (1945 + session), or the
        calendar year when ``by="year"``;
        ``country`` (string): ISO3 code;
        ``ideal`` (float64): the position, higher = closer to the USA, standardised
        to mean 0 and sd 1 over all country-sessions (dynamic) or within each
        session (static);
        ``se`` (float64): its standard error;
        ``lo``, ``hi`` (float64): the interval of coverage ``level`` (95% by default);
        ``n_votes`` (int64): the country's votes on the informative roll calls of
        the session.

    Raises
    ------
    ValueError
        Unknown ``by``, ``model`` or ``uncertainty``, ``dims`` other than 1, bad
        thresholds, or no session left to estimate.
    TypeError
        ``data`` is not a VoteData.

    Warns
    -----
    UserWarning
        Sessions (or years) skipped for want of informative roll calls.

    Notes
    -----
    The defaults (``tau=0.3``, ``prior_b`` 0.5 dynamic / 0.3 static, cutpoint prior
    sd 2, ``bridge=True``) are those that agreed best with the published estimates
    (April 2020 release, sessions 1-74) among the few values tried (tau 0.05-0.5,
    prior_b 0.2-4, cutpoint sd 1-5). Against that table the static model reaches a
    per-session Pearson r of median 0.99 (min 0.91, session 10: 27 roll calls), the
    dynamic one a median of 0.99 (min 0.98) and a pooled r of 0.97 over all
    country-sessions: see ``tests/test_ideal.py`` and ``benchmarks/bench_ideal.py``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> pos = dict(USA=2.0, GBR=1.5, FRA=1.0, IND=-0.5, CHN=-1.0, CUB=-2.0)
    >>> rows, rolls = [], []
    >>> for j in range(30):
    ...     cut = rng.uniform(-1.5, 1.5)
    ...     rolls.append({"rcid": j, "body": "GA", "date": "2001-10-01", "session": "56"})
    ...     rows += [{"rcid": j, "country": c, "vote": "yes" if p > cut else "no"}
    ...              for c, p in pos.items()]
    >>> vd = VoteData(pd.DataFrame(rolls), pd.DataFrame(rows))
    >>> est = ideal_points(vd, model="static")
    >>> est.sort_values("ideal", ascending=False)["country"].tolist()
    ['USA', 'GBR', 'FRA', 'IND', 'CHN', 'CUB']
    """
    if not isinstance(data, VoteData):
        msg = f"`data` must be a VoteData (from unvotes_lib.load), got {type(data).__name__}."
        raise TypeError(msg)
    if by not in ("session", "year"):
        msg = f"`by` {by!r} must be 'session' or 'year'."
        raise ParameterError(msg)
    if model not in _MODELS:
        msg = (
            f"`model` {model!r} must be 'dynamic' (linked across sessions) or 'static' (each session alone)."
        )
        raise ParameterError(msg)
    if dims != 1:
        msg = f"`dims` {dims!r}: only one-dimensional ideal points are implemented; use dims=1."
        raise ParameterError(msg)
    if uncertainty not in _UNCERTAINTY:
        msg = f"`uncertainty` {uncertainty!r} must be 'laplace', 'bootstrap' or None."
        raise ParameterError(msg)
    _check_level(level)
    for name, value in (("min_votes", min_votes), ("min_roll_calls", min_roll_calls), ("n_boot", n_boot)):
        if int(value) != value or value < 1:
            msg = f"`{name}` {value!r} must be a positive whole number."
            raise ParameterError(msg)
    if prior_b is None:
        prior_b = 0.3 if model == "static" else 0.5
    if not tau > 0 or not prior_b > 0:
        msg = f"`tau` ({tau!r}) and `prior_b` ({prior_b!r}) must be positive numbers."
        raise ParameterError(msg)
    wanted = None
    if countries is not None:
        wanted = [resolve(c) for c in ([countries] if isinstance(countries, str) else countries)]
    if cache:
        settings = dict(
            by=by, model=model, dims=dims, uncertainty=uncertainty, seed=seed, n_boot=n_boot, tau=tau,
            prior_b=prior_b, min_votes=min_votes, min_roll_calls=min_roll_calls, max_iter=max_iter,
            tol=tol, bridge=bridge, level=level,
        )  # fmt: skip
        every = memoize("ideal_points", lambda: ideal_points(data, **settings), data=data, params=settings)
        if wanted is None:
            return every
        return every[every["country"].isin(wanted)].reset_index(drop=True)

    prob, skipped = _prepare(data, by, int(min_votes), int(min_roll_calls))
    if len(skipped):
        label = "sessions" if by == "session" else "years"
        warnings.warn(
            f"Skipped {label} {skipped.tolist()}: fewer than {min_roll_calls} informative "
            "(not unanimous) roll calls; they have no ideal points.",
            UserWarning,
            stacklevel=2,
        )
    if prob.n_units == 0 or prob.n_items == 0:
        msg = (
            f"No {by} has {min_roll_calls} or more informative roll calls with countries "
            f"casting {min_votes} or more votes; lower `min_roll_calls`/`min_votes` or load more data."
        )
        raise ParameterError(msg)
    bridge = bool(bridge) and model == "dynamic"
    if bridge:
        prob.bridged = _bridged(prob)
    fit = dict(tau=tau, prior_b=prior_b, max_iter=max_iter, tol=tol, bridge=bridge)
    st = _estimate(prob, model, **fit)
    fitted = prob.bridged if bridge else prob  # the problem whose parameters ``st`` holds
    link = _rw_links(prob, tau if model == "dynamic" else None)
    center, scale = _standard(prob, st.x, per_period=model == "static")
    ideal = (st.x - center) / scale
    se = lo = hi = np.full(prob.n_units, np.nan)
    if uncertainty == "laplace":
        se = _laplace_se(fitted, st, link) / scale
        z = _z(level)
        lo, hi = ideal - z * se, ideal + z * se
    elif uncertainty == "bootstrap":
        se, lo, hi = _bootstrap(
            prob, st, model, seed=seed, n_boot=int(n_boot), fit=fit, ideal=ideal, level=level
        )
    out = pd.DataFrame(
        {
            "session": pd.array(
                prob.periods[prob.unit_period] if by == "session" else np.full(prob.n_units, pd.NA),
                dtype="Int64",
            ),
            "year": (prob.periods[prob.unit_period] + (1945 if by == "session" else 0)).astype(np.int64),
            "country": pd.array(prob.countries[prob.unit_country].astype(str), dtype="string"),
            "ideal": ideal,
            "se": se,
            "lo": lo,
            "hi": hi,
            "n_votes": prob.n_votes.astype(np.int64),
        }
    )
    if wanted is not None:
        out = out[out["country"].isin(wanted).to_numpy()]
    return out.sort_values(["year", "country"], kind="stable").reset_index(drop=True)


def _bootstrap(prob, st, model, *, seed, n_boot, fit, ideal, level):
    """Refits on roll calls resampled within each period, warm-started from ``st``.

    A refit with the original weights, run the same way, is the reference: each
    replicate's difference from it is added to ``ideal``, so that what the warm-started
    refits would still move without resampling does not bias the intervals.
    """
    rng = np.random.default_rng(seed)
    draws = np.empty((n_boot, prob.n_units))
    fit = dict(fit, max_iter=min(fit["max_iter"], _BOOT_ITER))
    fitted = prob.bridged if fit.get("bridge") else prob
    base_weight = fitted.weight

    def refit():
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            # roll calls drawn zero times carry no weight; their updates may overflow harmlessly
            rep = _estimate(prob, model, start=st, **fit)
        if model == "static":
            # a replicate may flip a session: align its sign with the estimate
            dot = np.bincount(prob.unit_period, rep.x * st.x, minlength=len(prob.periods))
            rep.x = rep.x * np.where(dot < 0, -1.0, 1.0)[prob.unit_period]
        center, scale = _standard(prob, rep.x, per_period=model == "static")
        return (rep.x - center) / scale

    try:
        reference = refit()
        for r in range(n_boot):
            w = np.zeros(len(prob.rc_period))
            for p in range(len(prob.periods)):
                rcs = np.flatnonzero(prob.rc_period == p)
                w[rcs] = np.bincount(rng.integers(0, len(rcs), len(rcs)), minlength=len(rcs))
            fitted.weight = w[fitted.obs_rc]
            draws[r] = ideal + refit() - reference
    finally:
        fitted.weight = base_weight
    tail = (1 - level) / 2
    return draws.std(axis=0, ddof=1), np.quantile(draws, tail, axis=0), np.quantile(draws, 1 - tail, axis=0)


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        msg = f"`level` {level!r} must be a coverage between 0 and 1, e.g. 0.95 for a 95% interval."
        raise ParameterError(msg)
    return float(level)


def _z(level: float) -> float:
    """The normal quantile of a two-sided interval of coverage ``level`` (1.96 for 0.95)."""
    return NormalDist().inv_cdf((1 + level) / 2)


def distance(ideal: pd.DataFrame, a: str, b, *, level: float = 0.95) -> pd.DataFrame:
    """Absolute distance between two countries' ideal points, session by session.

    Parameters
    ----------
    ideal : DataFrame
        The result of :func:`ideal_points`.
    a : str
        A country (code or name).
    b : str or list of str
        One or several partners (codes or names).
    level : float
        Coverage of the interval ``lo``-``hi`` (default 0.95).

    Returns
    -------
    DataFrame
        One row per partner and session where both have an estimate, sorted by
        partner then year: ``session`` (Int64), ``year`` (int64), ``country``
        (string, ``a``), ``partner`` (string), ``ideal`` and ``partner_ideal``
        (float64), ``distance`` (float64, ``abs(ideal - partner_ideal)``), ``se``
        (float64, ``sqrt(se_a^2 + se_b^2)``, treating the two estimates as
        independent; NaN without uncertainty), ``lo``, ``hi`` (float64: the normal
        interval ``distance +/- z * se`` of coverage ``level``, the lower end at least 0).

    Raises
    ------
    ValueError
        A country that is not a UN member code or name, or ``ideal`` lacking the
        columns of :func:`ideal_points`.

    Warns
    -----
    UserWarning
        No session where both countries have an estimate (the result is empty).

    Examples
    --------
    >>> est = pd.DataFrame({"session": [74, 74, 74], "year": [2019] * 3,
    ...                     "country": ["USA", "RUS", "FRA"], "ideal": [2.5, -1.0, 1.0],
    ...                     "se": [0.1, 0.1, 0.1]})
    >>> distance(est, "USA", ["RUS", "FRA"])[["partner", "distance"]].values.tolist()
    [['FRA', 1.5], ['RUS', 3.5]]
    """
    _check_level(level)
    need = {"year", "country", "ideal"}
    missing = need - set(ideal.columns)
    if missing:
        msg = (
            f"`ideal` has no column(s) {sorted(missing)}; found {list(ideal.columns)}. "
            "Pass the result of ideal_points()."
        )
        raise ParameterError(msg)
    a = resolve(a, param="a")
    partners = [resolve(x, param="b") for x in ([b] if isinstance(b, str) else b)]
    cols = [c for c in ("session", "year", "country", "ideal", "se") if c in ideal.columns]
    df = ideal[cols].copy()
    if "se" not in df:
        df["se"] = np.nan
    if "session" not in df:
        df["session"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["country"] = df["country"].astype(str)
    left = df[df["country"] == a]
    right = df[df["country"].isin(partners)].rename(
        columns={"country": "partner", "ideal": "partner_ideal", "se": "partner_se"}
    )
    keys = ["year", "session"]
    out = left.merge(right, on=keys, how="inner")
    if out.empty:
        warnings.warn(
            f"No session where {a} and {partners} both have ideal points; the result is empty.",
            UserWarning,
            stacklevel=2,
        )
    out["distance"] = (out["ideal"] - out["partner_ideal"]).abs()
    out["se"] = np.sqrt(out["se"] ** 2 + out["partner_se"] ** 2)
    z = _z(level)
    out["lo"] = (out["distance"] - z * out["se"]).clip(lower=0)
    out["hi"] = out["distance"] + z * out["se"]
    out = out.sort_values(["partner", "year"], kind="stable").reset_index(drop=True)
    return out.astype({"session": "Int64", "year": "int64", "country": "string", "partner": "string"})[
        ["session", "year", "country", "partner", "ideal", "partner_ideal", "distance", "se", "lo", "hi"]
    ]
