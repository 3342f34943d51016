"""Ideal points of all 74 GA sessions: time and peak memory, static and dynamic, against a plain
numpy/pandas baseline (first principal component per session), plus the correlation with the
published Bailey-Strezhnev-Voeten estimates.

    UNVOTES_DATA_DIR=../shared/data/unvotes-2021 .venv/bin/python benchmarks/bench_ideal.py

The fits make many small SVD and L-BFGS-B calls, which multi-threaded OpenBLAS slows down about
two-fold on a machine whose cores are busy (1985-2000, static: 16.5 s with the default threads,
7.9 s with one). Like bench_agreement.py, this sets ``OPENBLAS_NUM_THREADS=1`` (and the OpenMP/MKL
equivalents) unless the variable is already set.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy is imported: see the module docstring

import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import unvotes_lib as uv  # noqa: E402
from unvotes_lib.ideal import ideal_points  # noqa: E402


def data_dir() -> Path | None:
    env = os.environ.get("UNVOTES_DATA_DIR")
    root = Path(__file__).resolve().parent.parent
    for c in ([Path(env)] if env else []) + [root.parent / "shared" / "data" / "unvotes-2021"]:
        if (c / "unvotes.csv.gz").exists():
            return c
    return None


def pca_baseline(data: uv.VoteData) -> pd.DataFrame:
    """Plain approach: per session, the country x roll-call frame (yes 1, abstain 0, no -1),
    roll calls with some disagreement, centred, first principal component (numpy SVD)."""
    lookup = np.full(9, np.nan)
    lookup[[1, 2, 3]] = [1.0, 0.0, -1.0]  # yes, abstain, no; 0 (no record) and 8 (absent) missing
    mat = data.matrix
    frame = pd.DataFrame(lookup[mat.values], index=mat.countries, columns=mat.rcids)
    session = data.roll_calls.set_index("rcid").loc[frame.columns, "session"].to_numpy()
    rows = []
    for s in pd.unique(session):
        m = frame.loc[:, session == s].dropna(how="all")
        m = m.loc[:, m.std() > 0]
        if m.shape[1] < 5:
            continue
        u, _, _ = np.linalg.svd((m - m.mean()).fillna(0.0).to_numpy(), full_matrices=False)
        pc = pd.Series(u[:, 0], index=m.index)
        if "USA" in pc and pc["USA"] < 0:
            pc = -pc
        rows.append(pd.DataFrame({"session": int(s), "country": pc.index.astype(str), "ideal": pc.values}))
    return pd.concat(rows, ignore_index=True)


def measure(fn):
    """Wall time of one run, then peak traced memory of a second run (tracing slows numpy)."""
    t = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - t
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, elapsed, peak


def summary(est: pd.DataFrame, ref: pd.DataFrame | None) -> str:
    if ref is None:
        return "(published table not found)"
    j = est.merge(ref, left_on=["country", "session"], right_on=["ours", "session"], suffixes=("", "_pub"))
    per = j.groupby("session").apply(
        lambda g: np.corrcoef(g["ideal"], g["ideal_pub"])[0, 1], include_groups=False
    )
    pooled = np.corrcoef(j["ideal"], j["ideal_pub"])[0, 1]
    return (
        f"matched {len(j):,}; per-session r median {per.median():.3f}, min {per.min():.3f} "
        f"(session {per.idxmin()}); pooled r {pooled:.3f}"
    )


def main() -> int:
    folder = data_dir()
    if folder is None:
        print("reference data not found: set UNVOTES_DATA_DIR to ../shared/data/unvotes-2021")
        return 0
    data = uv.load("unvotes-2021", path=folder)
    ref_path = folder.parent / "reference" / "IdealpointestimatesAll_Apr2020.csv"
    ref = None
    if ref_path.exists():
        ref = uv.read_bsv_ideal_points(ref_path)
        ref["ours"] = ref["code"]  # our code for the seat (successors merged)
    warnings.simplefilter("ignore", UserWarning)  # session 19 skipped: expected
    base, t_base, m_base = measure(lambda: pca_baseline(data))
    print(f"{'method':<34}{'time s':>8}{'peak MiB':>10}{'x baseline':>12}  agreement with published")
    label = "baseline: PCA per session (pandas)"
    print(f"{label:<34}{t_base:>8.2f}{m_base:>10.0f}{1.0:>12.2f}  {summary(base, ref)}")
    for model in ("static", "dynamic"):
        est, t, mem = measure(lambda model=model: ideal_points(data, model=model))
        label = f"ideal_points(model={model!r})"
        print(f"{label:<34}{t:>8.2f}{mem:>10.0f}{t / t_base:>12.2f}  {summary(est, ref)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
