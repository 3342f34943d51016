"""Agreement for all pairs of countries, every year 1946-2019: matrix products vs a pandas self-join.

Run: ``python benchmarks/bench_agreement.py`` (needs the unvotes-2021 data: UNVOTES_DATA_DIR or the
mirror). Prints, in one run:

1. the library: all six metrics for all pairs of all countries for every year 1946-2019, in one
   call (``metric=[...]``: counts once, six value columns) and as six separate calls;
2. the plain pandas approach: per year, a self-join of the votes on ``rcid``, the upper triangle
   of country pairs, and a groupby summing the categories per pair (same / opposite / partial,
   and for all six metrics also both-abstain, both-yes-or-no and each side's marginals), then
   the metrics from those sums; once for all six metrics and once for coincidence alone. It
   runs on a stated subset of years (every 5th year: 1950, 1955, ..., 2015) and is scaled to
   1946-2019 by the number of joined rows (sum over roll calls of voters squared);
3. the ratios, a check that both give the same counts and metrics on the subset, and peak memory
   (tracemalloc for the library call; the process's max RSS).

BLAS threads: the per-year products are small (about 190 x 100 by 100 x 190). On a 2-core machine
that is busy with other work, OpenBLAS's threads fight the other processes and such products
become 10-50 times slower and erratic; one thread is faster and stable. This script therefore
sets ``OPENBLAS_NUM_THREADS=1`` (and the OpenMP/MKL equivalents) unless the variable is already
set; run ``OPENBLAS_NUM_THREADS=2 python benchmarks/bench_agreement.py`` to measure two threads.
The setting in force and the load average are printed.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: see the module docstring

import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import unvotes_lib  # noqa: E402
from unvotes_lib.agreement import METRICS, agreement  # noqa: E402

YEARS = (1946, 2019)
SUBSET = list(range(1950, 2016, 5))  # pandas self-join years (14 of 74), scaled by joined rows
REPEAT = 3


def best_of(fn, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, min(times), statistics.median(times)


def pandas_self_join(votes: pd.DataFrame, years: pd.Series, *, all_metrics: bool) -> pd.DataFrame:
    """Per year: self-join on rcid, keep country_x < country_y, count categories per pair and
    compute coincidence (or, with ``all_metrics``, all six metrics from the counts and marginals)."""
    code = votes["vote"].map({"yes": 1, "abstain": 2, "no": 3}).astype("float64")
    v = pd.DataFrame(
        {
            "rcid": votes["rcid"],
            "country": votes["country"].astype(str),
            "code": code,
            "year": votes["rcid"].map(years),
        }
    ).dropna(subset=["code"])
    parts = []
    for year, vy in v.groupby("year", sort=True):
        m = vy.merge(vy[["rcid", "country", "code"]], on="rcid")
        m = m[m["country_x"] < m["country_y"]]
        d = (m["code_x"] - m["code_y"]).abs()
        cols = {"same": d == 0, "opposite": d == 2, "partial": d == 1}
        if all_metrics:
            cols |= {
                "aa": (m["code_x"] == 2) & (m["code_y"] == 2),
                "ww": (m["code_x"] != 2) & (m["code_y"] != 2),
            }
            for k, lab in ((1, "yes"), (2, "abstain"), (3, "no")):
                cols[f"x_{lab}"] = m["code_x"] == k
                cols[f"y_{lab}"] = m["code_y"] == k
        m = m.assign(**cols)
        g = m.groupby(["country_x", "country_y"], sort=False)[list(cols)].sum()
        n = g["same"] + g["opposite"] + g["partial"]
        g["n"] = n
        g["coincidence"] = (g["same"] + g["partial"] / 2) / n
        if all_metrics:
            g["identical"] = g["same"] / n
            g["votes_only"] = (g["same"] - g["aa"]) / g["ww"]
            g["s"] = 1 - (2 * g["opposite"] + g["partial"]) / n
            po = g["same"] / n
            pe_pi = sum(((g[f"x_{k}"] + g[f"y_{k}"]) / (2 * n)) ** 2 for k in ("yes", "abstain", "no"))
            pe_k = sum(g[f"x_{k}"] * g[f"y_{k}"] for k in ("yes", "abstain", "no")) / n**2
            g["pi"] = ((po - pe_pi) / (1 - pe_pi)).where(po < 1, 1.0)
            g["kappa"] = ((po - pe_k) / (1 - pe_k)).where(po < 1, 1.0)
        parts.append(g.assign(period=year).reset_index())
    return pd.concat(parts, ignore_index=True)


def joined_rows(votes: pd.DataFrame) -> int:
    per_rcid = votes[votes["vote"].isin(["yes", "no", "abstain"])].groupby("rcid").size()
    return int((per_rcid.astype("int64") ** 2).sum())


def main() -> int:
    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"cores {os.cpu_count()}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    data = unvotes_lib.load("unvotes-2021").filter(years=f"{YEARS[0]}-{YEARS[1]}")
    t = time.perf_counter()
    matrix = data.matrix
    t_matrix = time.perf_counter() - t
    print(
        f"data: {len(data.votes):,} votes, {len(data.roll_calls):,} roll calls, {YEARS[0]}-{YEARS[1]}; "
        f"vote matrix {matrix.values.shape[0]} x {matrix.values.shape[1]} built once in {t_matrix:.3f} s"
    )

    agreement(data, metric="coincidence")  # warm-up (imports, first BLAS call)
    allm, t_all, t_all_med = best_of(lambda: agreement(data, metric=list(METRICS)))
    n_pairs = len(allm)
    print(
        f"\nlibrary, all 6 metrics in one call: {t_all:.3f} s (best of {REPEAT}; median {t_all_med:.3f} s), "
        f"{n_pairs:,} pair-years x 6 metrics"
    )
    total_sep = 0.0
    for metric in METRICS:
        _, t_m, _ = best_of(lambda metric=metric: agreement(data, metric=metric))
        total_sep += t_m
        print(f"  {metric:<12} alone: {t_m:.3f} s")
    print(f"  six separate calls: {total_sep:.3f} s")

    tracemalloc.start()
    agreement(data, metric=list(METRICS))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_lib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory of the all-metrics call (tracemalloc): {peak / 2**20:.1f} MiB; "
        f"process max RSS so far: {rss_lib:.0f} MiB"
    )

    # ---------------------------------------------------------------- pandas self-join
    years = data.roll_calls.set_index("rcid")["date"].dt.year
    sub_rcids = years[years.isin(SUBSET)].index
    sub_votes = data.votes[data.votes["rcid"].isin(sub_rcids)]
    joined_sub, joined_all = joined_rows(sub_votes), joined_rows(data.votes)
    scale = joined_all / joined_sub
    pd1, t_pd1, _ = best_of(lambda: pandas_self_join(sub_votes, years, all_metrics=False), repeat=1)
    pdres, t_pd, _ = best_of(lambda: pandas_self_join(sub_votes, years, all_metrics=True), repeat=1)
    t_pd1_full, t_pd_full = t_pd1 * scale, t_pd * scale
    print(
        f"\npandas self-join, years {SUBSET[0]}..{SUBSET[-1]} every 5th ({len(SUBSET)} years, "
        f"{joined_sub:,} joined rows), scaled to {YEARS[0]}-{YEARS[1]} ({joined_all:,} rows, x{scale:.2f}):"
    )
    print(f"  all 6 metrics:    {t_pd:.2f} s on the subset -> {t_pd_full:.1f} s for all years")
    print(f"  coincidence only: {t_pd1:.2f} s on the subset -> {t_pd1_full:.1f} s for all years")
    rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process max RSS after the self-joins: {rss_all:.0f} MiB")

    # same numbers on the subset?
    mine = allm[allm["period"].isin(SUBSET)]
    key = ["period", "country_x", "country_y"]
    mine = mine.rename(columns={"country_a": "country_x", "country_b": "country_y"}).astype(
        {"country_x": str, "country_y": str}
    )
    mine = mine[mine["n"] > 0]  # the self-join has no row for pairs that never voted together
    both = mine.merge(pdres, on=key, suffixes=("", "_pd"))
    agree = len(both) == len(pdres) == len(mine) and (both["n"] == both["n_pd"]).all()
    for metric in METRICS:
        agree = agree and np.allclose(both[metric], both[f"{metric}_pd"], equal_nan=True)
    print(
        f"  same pairs, counts and all six metrics as the library on the subset: {agree} "
        f"({len(both):,} pairs)"
    )
    t_one = total_sep / len(METRICS)
    print(
        f"\nratio, all 6 metrics: pandas {t_pd_full:.1f} s / library {t_all:.3f} s = {t_pd_full / t_all:.0f}x"
    )
    print(
        f"ratio, one metric:    pandas {t_pd1_full:.1f} s / library {t_one:.3f} s (mean of the six) "
        f"= {t_pd1_full / t_one:.0f}x"
    )
    target = "met" if t_all < 1.0 else "NOT met"
    print(f"target all metrics, all pairs, all years < 1 s: {target} ({t_all:.3f} s)")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
