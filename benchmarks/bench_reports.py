"""Report rendering against its floors, in one run (issue 12).

Run:  UNVOTES_DATA_DIR=../shared/data/unvotes-2021 python benchmarks/bench_reports.py

Prints, measured in this process and its children:

- papermill's floor: ``papermill.execute_notebook`` with its defaults on an almost empty
  notebook (pandas and matplotlib imports, one record_metrics), warm, best of 3, as the issue
  defines it; and, for comparison, the same notebook through ``reports.render`` (papermill
  with the report engine's kernel client and saves, plus the HTML page and metrics.json);
- one default ``vote_shift`` render, warm (its data cache and results cache filled), best
  of 3, as a ratio to papermill's floor (target: at most 2x);
- a 12-country ``vote_shift`` batch with ``--jobs 2``, as a ratio to one warm report (target:
  at most 5x; two workers that share nothing give 6x), and how many ideal-point fits it ran
  (target: one), counted by an IPython startup file in every kernel;
- ``unvotes tally --yes 93 --no 18 --abstain 65`` against ``python -c "import pandas"``, best
  of 5 each (target: at most 1.3x).

The vote_shift notebook calls ``ideal_points(..., cache=True)``: one fit of every country per
data and settings, kept by :func:`unvotes_lib.memo.memoize` and shared by every report. The
batch starts with an empty results cache, so it makes that one fit itself; it is then run
again with the fit cached, as a scheduled re-render on unchanged data would be.

CPU heavy (a few minutes on 2 cores): the figures move with the machine's load (`uptime` is
printed with them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["USA", "FRA", "BRA", "IND", "ZAF", "CHN", "RUS", "GBR", "DEU", "JPN", "MEX", "EGY"]

_COUNT_FITS = """\
import os
import unvotes_lib.ideal as _ideal

_estimate = _ideal._estimate


def _counted(*args, **kwargs):  # one call = one ideal-point fit (a cached result makes none)
    with open(os.environ["UNVOTES_BENCH_FITS"], "a") as fh:
        fh.write("fit\\n")
    return _estimate(*args, **kwargs)


_ideal._estimate = _counted
"""


def _data_folder() -> Path | None:
    """UNVOTES_DATA_DIR as given (one source's folder, or the parent of one folder per source)."""
    default = Path(__file__).resolve().parents[2] / "shared/data/unvotes-2021"
    folder = Path(os.environ.get("UNVOTES_DATA_DIR") or default)
    for candidate in (folder, folder / "unvotes-2021"):
        if (candidate / "unvotes.csv.gz").exists():
            return folder
    return None


def _floor_notebooks(folder: Path) -> Path:
    import nbformat

    cells = [
        nbformat.v4.new_code_cell("n: int = 1  # anything", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nimport pandas as pd\n\n"
            "from unvotes_lib.reports import record_metrics"
        ),
        nbformat.v4.new_code_cell('record_metrics({"n": n})'),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "floor.ipynb")
    return folder


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _best_of(n: int, argv: list[str]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def _fits(counter: Path) -> int:
    n = len(counter.read_text().splitlines()) if counter.exists() else 0
    counter.unlink(missing_ok=True)
    return n


def main(argv: list[str]) -> int:
    folder = _data_folder()
    if folder is None:
        print("skipped: the real unvotes-2021 data is not there; set UNVOTES_DATA_DIR")
        return 0
    os.environ["UNVOTES_DATA_DIR"] = str(folder)
    work = Path(tempfile.mkdtemp(prefix="unvotes-bench-reports-"))
    os.environ.setdefault("UNVOTES_CACHE", str(work / "cache"))
    startup = work / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-count-ideal-fits.py").write_text(_COUNT_FITS)
    os.environ["IPYTHONDIR"] = str(work / "ipython")  # kernels inherit it
    counter = work / "fits.log"
    os.environ["UNVOTES_BENCH_FITS"] = str(counter)

    import papermill

    from unvotes_lib import reports

    floor_dir = _floor_notebooks(Path(tempfile.mkdtemp(dir=work)))
    out = work / "out"

    def plain_papermill():
        papermill.execute_notebook(
            str(floor_dir / "floor.ipynb"), str(work / "floor-out.ipynb"), kernel_name="python3",
            cwd=str(floor_dir), progress_bar=False,
        )  # fmt: skip

    plain_papermill()
    floor = min(_timed(plain_papermill) for _ in range(3))
    reports.render("floor", {}, out_dir=out, notebooks_dir=floor_dir, force=True)
    floor_render = min(
        _timed(lambda: reports.render("floor", {}, out_dir=out, notebooks_dir=floor_dir, force=True))
        for _ in range(3)
    )

    first = _timed(lambda: reports.render("vote_shift", {}, out_dir=out, force=True))
    fits_first = _fits(counter)
    warm = min(_timed(lambda: reports.render("vote_shift", {}, out_dir=out, force=True)) for _ in range(3))
    fits_warm = _fits(counter)

    # The batch starts with no shared result: it must make the one fit itself.
    import shutil

    from unvotes_lib.sources import cache_dir

    shutil.rmtree(cache_dir() / "results", ignore_errors=True)
    config = {"reports": [{"report": "vote_shift", "grid": {"country": COUNTRIES}}]}
    result = None

    def run_batch():
        nonlocal result
        result = reports.batch(config, out_dir=out / "batch", jobs=2, force=True, progress=False)

    batch = _timed(run_batch)
    fits_batch = _fits(counter)
    statuses = {s: result.count(s) for s in reports.STATUSES}
    # The same batch again, the fit now shared from the results cache: what a scheduled
    # re-render of a newsroom's grid costs once the data has not changed.
    batch_warm = _timed(run_batch)
    fits_batch_warm = _fits(counter)

    unvotes = str(Path(sys.executable).with_name("unvotes"))
    tally = _best_of(5, [unvotes, "tally", "--yes", "93", "--no", "18", "--abstain", "65"])
    pandas = _best_of(5, [sys.executable, "-c", "import pandas"])
    load = os.getloadavg()

    print(f"papermill floor (almost empty notebook, warm)  : {floor:6.2f} s")
    print(f"  the same notebook through reports.render     : {floor_render:6.2f} s")
    print(f"vote_shift default, first in this process      : {first:6.1f} s  ({fits_first} ideal-point fits)")
    print(f"vote_shift default, warm                       : {warm:6.2f} s  ({fits_warm} ideal-point fits)")
    print(f"  / floor                                      : {warm / floor:6.2f}  (target <= 2)")
    print(f"12 vote_shift reports, --jobs 2                : {batch:6.1f} s  {statuses}")
    print(
        f"  / one warm report                            : {batch / warm:6.2f}  (target <= 5; 6 = no sharing)"
    )
    print(f"  ideal-point fits in the batch                : {fits_batch:6d}  (target 1)")
    print(f"the same batch, its fit in the results cache   : {batch_warm:6.1f} s  ({fits_batch_warm} fits)")
    print(f"  / one warm report                            : {batch_warm / warm:6.2f}")
    print(f"unvotes tally --yes 93 --no 18 --abstain 65    : {tally:6.2f} s")
    print(f"python -c 'import pandas'                      : {pandas:6.2f} s")
    print(f"  tally / import pandas                        : {tally / pandas:6.2f}  (target <= 1.3)")
    print(f"load average during the run (1, 5, 15 min)     : {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
