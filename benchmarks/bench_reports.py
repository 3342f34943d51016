"""Report rendering: one report, then a 20-report batch with 2 worker processes.

Run:  UNVOTES_DATA_DIR=../shared/data/unvotes-2021 python benchmarks/bench_reports.py

Prints the time of one `vote_shift` render (first, then warm), the time of a batch of 20
`vote_shift` reports (one per country) with --jobs 2, and the batch's ratio to one render.
Target (issue 5): one render under 30 s; the 20-report batch well under 20 times one report.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["USA", "FRA", "BRA", "IND", "ZAF", "CHN", "RUS", "GBR", "DEU", "JPN"]
COUNTRIES += ["MEX", "EGY", "NGA", "IDN", "TUR", "ARG", "CAN", "AUS", "KEN", "SAU"]


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "shared/data/unvotes-2021"
    folder = os.environ.get("UNVOTES_DATA_DIR") or str(default)
    if not (Path(folder) / "unvotes.csv.gz").exists():
        print(f"skipped: the real unvotes-2021 data is not in {folder}; set UNVOTES_DATA_DIR")
        return 0
    os.environ["UNVOTES_DATA_DIR"] = folder
    os.environ.setdefault("UNVOTES_CACHE", tempfile.mkdtemp(prefix="unvotes-bench-"))
    from unvotes_lib import reports

    out = Path(tempfile.mkdtemp(prefix="unvotes-reports-"))
    start = time.perf_counter()
    reports.render("vote_shift", {"country": "USA"}, out_dir=out / "single", force=True)
    first = time.perf_counter() - start
    start = time.perf_counter()
    reports.render("vote_shift", {"country": "USA"}, out_dir=out / "single", force=True)
    one = time.perf_counter() - start

    config = {"reports": [{"report": "vote_shift", "grid": {"country": COUNTRIES}}]}
    start = time.perf_counter()
    result = reports.batch(config, out_dir=out / "batch", jobs=2, force=True)
    twenty = time.perf_counter() - start
    statuses = {status: result.count(status) for status in ("ok", "failed", "skipped", "invalid")}

    print(f"one vote_shift render (first in this process) : {first:6.1f} s")
    print(f"one vote_shift render (warm)                  : {one:6.1f} s")
    print(f"20 vote_shift reports, --jobs 2               : {twenty:6.1f} s  ({statuses})")
    print(
        f"batch / one render                            : {twenty / one:6.1f}  (20 sequential renders = 20.0)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
