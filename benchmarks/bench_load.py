"""Load speed: cold parse, warm (cached) load, and plain pandas / json of the same files.

Run:  UNVOTES_DATA_DIR=../shared/data python benchmarks/bench_load.py

``UNVOTES_DATA_DIR`` is the folder with one subfolder per source (unvotes-2021/, unxml-ga/);
the older form (the unvotes-2021 folder itself) runs the unvotes-2021 part only.
Prints the median of several runs of each, in one process, and the ratios. Targets:
- unvotes-2021 (issue 2): warm load <= 0.3 s and >= 5x faster than pandas.read_csv of the 3 gz files;
- unxml-ga (issue 9): cold parse < 2 s;
- ga, the spliced default (issue 9): warm load < 60 ms and >= 5x faster than plain pandas
  reading the same raw files (read_csv of the 3 gz files + json of the 10 session files).
"""

from __future__ import annotations

import gc
import json
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
    root = Path(os.environ.get("UNVOTES_DATA_DIR") or Path(__file__).resolve().parents[2] / "shared/data")
    folder = root / "unvotes-2021" if (root / "unvotes-2021").is_dir() else root
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

    unxml = root / "unxml-ga"
    if not unxml.is_dir():
        print(f"\nskipped ga / unxml-ga: no unxml-ga/ folder in {root}")
        return 0
    sessions = sorted(unxml.glob("*.json"))

    def plain_json():
        return [
            json.loads(line) for f in sessions for line in f.read_text(encoding="utf-8").splitlines() if line
        ]

    def plain_ga():
        return plain_pandas(), plain_json()

    def cold_unxml():
        return unvotes_lib.load("unxml-ga", path=root, use_cache=False)

    def warm_ga():
        return unvotes_lib.load("ga", path=root)

    t_json, entries = _timed(plain_json, 5)
    t_cold_unxml, unxml_data = _timed(cold_unxml, 3)
    t_plain_ga, _ = _timed(plain_ga, 3)
    warm_ga()  # builds the spliced entry
    t_warm_ga, ga = _timed(warm_ga, 15)
    n_rolls = len(unxml_data.roll_calls)
    print(f"\nunxml-ga: {len(entries):,} entries in {len(sessions)} files -> {n_rolls:,} roll calls")
    print(f"json.loads of the unxml-ga files  : {t_json:7.3f} s")
    print(
        f"cold parse of unxml-ga (no cache) : {t_cold_unxml:7.3f} s   target < 2 s: "
        f"{'met' if t_cold_unxml < 2 else 'NOT met'}"
    )
    print(f"ga: {len(ga.votes):,} votes on {len(ga.roll_calls):,} roll calls")
    print(f"pandas + json of the same raw files: {t_plain_ga:7.3f} s")
    print(
        f"warm load of ga (Parquet cache)   : {t_warm_ga:7.3f} s   "
        f"plain / warm = {t_plain_ga / t_warm_ga:5.1f}x faster"
    )
    ok = t_warm_ga < 0.060 and t_plain_ga / t_warm_ga >= 5
    print(f"targets (warm ga < 60 ms, >= 5x faster than plain pandas + json): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
