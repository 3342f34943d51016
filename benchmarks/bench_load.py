"""Load speed: cold parse, warm (cached) load, and plain pandas.read_csv of the same files.

Run:  UNVOTES_DATA_DIR=../shared/data/unvotes-2021 python benchmarks/bench_load.py

Prints the median of several runs of each, in one process, and the ratios. Targets (issue 2):
warm load <= 0.3 s and at least 5x faster than pandas.read_csv of the three gz files.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def _timed(fn, repeat: int) -> tuple[float, object]:
    gc.collect()  # start each series from the same heap, whatever ran before it
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    folder = os.environ.get("UNVOTES_DATA_DIR") or str(
        Path(__file__).resolve().parents[2] / "shared/data/unvotes-2021"
    )
    folder = Path(folder)
    if not (folder / "unvotes.csv.gz").exists():
        print(f"skipped: the real unvotes-2021 data is not in {folder}; set UNVOTES_DATA_DIR")
        return 0
    os.environ["UNVOTES_CACHE"] = tempfile.mkdtemp(prefix="unvotes-bench-")
    import unvotes_lib

    files = [folder / f"{n}.csv.gz" for n in ("unvotes", "roll_calls", "issues")]

    def plain_pandas():
        return [pd.read_csv(f, keep_default_na=False) for f in files]

    def cold():
        return unvotes_lib.load("unvotes-2021", path=folder, use_cache=False)

    def warm():
        return unvotes_lib.load("unvotes-2021", path=folder)

    t_pandas, frames = _timed(plain_pandas, 5)
    warm()  # builds the cache entry (and remembers the files' sha256)
    t_warm, data = _timed(warm, 9)
    t_matrix, _ = _timed(lambda: unvotes_lib.load("unvotes-2021", path=folder).matrix, 5)
    t_cold, _ = _timed(cold, 3)

    print(f"data: {len(data.votes):,} votes on {len(data.roll_calls):,} roll calls ({folder})")
    print(f"pandas.read_csv of the 3 gz files : {t_pandas:7.3f} s   ({sum(len(f) for f in frames):,} rows)")
    print(
        f"cold parse (no cache)             : {t_cold:7.3f} s   ratio to read_csv {t_cold / t_pandas:5.2f}x"
    )
    print(
        f"warm load (Parquet cache)         : {t_warm:7.3f} s   "
        f"read_csv / warm = {t_pandas / t_warm:5.1f}x faster"
    )
    print(f"warm load + vote matrix           : {t_matrix:7.3f} s")
    ok = t_warm <= 0.3 and t_pandas / t_warm >= 5
    print(f"targets (warm <= 0.3 s, >= 5x faster than read_csv): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
