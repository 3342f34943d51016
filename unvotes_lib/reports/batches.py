"""Batches: a YAML config expanded into renders, run in local processes or on a Dask cluster,
recorded in ``manifest.json`` and shown in ``index.html``.

Every parameter set is validated first, before any kernel starts. Unchanged reports are
skipped; the others render with the atomic rules of :mod:`.rendering` wherever they run.

Local workers (``jobs=N``) die with the batch: a worker asks the kernel (Linux) to send it
SIGTERM when its parent dies and also watches its parent, so SIGKILL of the batch ends the
workers; SIGTERM and SIGINT of the batch terminate them before it exits. A worker's kernels
end by themselves within a second of their worker (ipykernel polls its parent).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError, SourceUnavailableError, warn
from . import forking
from .kernel import render_template
from .page import CSP, value_text
from .parameters import Report, get_report
from .rendering import Job, RenderResult, execute, make_job, skipped

__all__ = [
    "BATCH_SCHEMA",
    "STATUSES",
    "BatchResult",
    "Planned",
    "batch",
    "parse_shard",
    "plan",
]

STATUSES = ("ok", "failed", "skipped", "invalid")

_VALUE = {"type": ["string", "number", "boolean", "null"]}
_LIST_VALUE = {"type": "array", "items": _VALUE}
#: JSON Schema of a batch config (YAML 1.2: ``NO`` in a grid is Norway).
BATCH_SCHEMA = {
    "type": "object",
    "required": ["reports"],
    "additionalProperties": False,
    "properties": {
        "reports": {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {
                        "type": "object",
                        "required": ["report"],
                        "additionalProperties": False,
                        "properties": {
                            "report": {"type": "string", "minLength": 1},
                            "params": {
                                "type": ["object", "null"],
                                "additionalProperties": {"anyOf": [_VALUE, _LIST_VALUE]},
                            },
                            "grid": {
                                "type": ["object", "null"],
                                "additionalProperties": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {"anyOf": [_VALUE, _LIST_VALUE]},
                                },
                            },
                        },
                    },
                ]
            },
        }
    },
}


@dataclass
class Planned:
    """One entry of an expanded batch: its position, report, given params and shard."""

    index: int
    report: str
    params: dict
    shard: int


def _load_config(config) -> dict:
    from ..yamlio import load_yaml, validate

    if isinstance(config, dict):
        validate(config, BATCH_SCHEMA, what="batch config", error=ParameterError)
        return config
    path = Path(config)
    if not path.is_file():
        msg = f"batch config {str(config)!r} is not a file."
        raise ParameterError(msg)
    return load_yaml(path, schema=BATCH_SCHEMA, what=f"batch config {path.name}", error=ParameterError)


def parse_shard(shard: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"i/n"`` -> (i, n), shards numbered 1..n.

    Parameters
    ----------
    shard : str, (int, int) or None
        ``"i/n"`` (spaces allowed), or the pair itself.

    Returns
    -------
    (int, int) or None
        ``(i, n)`` with ``1 <= i <= n``; None for None.

    Raises
    ------
    ParameterError
        Not ``i/n``, or ``i`` outside 1..n.

    Examples
    --------
    >>> parse_shard("2/3")
    (2, 3)
    >>> parse_shard("0/3")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `shard` '0/3' must be i/n with 1 <= i <= n, like 1/3 ...
    """
    if shard is None:
        return None
    if isinstance(shard, tuple):
        i, n = shard
    else:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(shard))
        if not m:
            msg = f"`shard` {shard!r} must be i/n, like 1/3."
            raise ParameterError(msg)
        i, n = int(m.group(1)), int(m.group(2))
    if not 1 <= i <= n:
        msg = f"`shard` {shard!r} must be i/n with 1 <= i <= n, like 1/3 (shards are numbered from 1)."
        raise ParameterError(msg)
    return i, n


def plan(config, *, shard: str | tuple[int, int] | None = None) -> list[Planned]:
    """Expand a batch config into its list of renders (no validation of values, no kernel).

    The config is a mapping with a ``reports`` list; each entry has ``report``
    (a name), ``params`` (fixed values; a list there is one list value) and
    ``grid`` (name -> list of values; one render per combination, the cartesian
    product over the grid's keys in their order). Entries expand in order; the
    k-th render (from 0) belongs to shard ``k mod n + 1`` of ``n``, so the shards
    ``1/n`` ... ``n/n`` partition the batch and each is stable for a given config.
    A YAML file is read as YAML 1.2 (``NO`` is Norway) and checked against
    :data:`BATCH_SCHEMA`.

    Parameters
    ----------
    config : dict or path-like
        The config or a YAML file holding it.
    shard : str or (i, n), optional
        Keep only the renders of shard ``i`` of ``n``.

    Returns
    -------
    list of Planned
        In config order: ``index`` (position in the whole batch, from 0), ``report``,
        ``params`` (the given values, not yet validated) and ``shard`` (1 without ``shard``).

    Raises
    ------
    ParameterError
        A malformed config (the message names the file, line and key).

    Examples
    --------
    >>> cfg = {"reports": [{"report": "vote_shift", "params": {"partners": ["RUS"]},
    ...                     "grid": {"country": ["USA", "NO"], "years": ["1990-1999", "2000-2009"]}}]}
    >>> for p in plan(cfg)[:2]:
    ...     print(p.params)
    {'partners': ['RUS'], 'country': 'USA', 'years': '1990-1999'}
    {'partners': ['RUS'], 'country': 'USA', 'years': '2000-2009'}
    >>> [p.index for p in plan(cfg, shard="2/2")]
    [1, 3]
    """
    doc = _load_config(config)
    where = parse_shard(shard)
    out: list[Planned] = []
    k = 0
    for e, entry in enumerate(doc["reports"], start=1):
        if isinstance(entry, str):
            entry = {"report": entry}
        fixed = entry.get("params") or {}
        grid = entry.get("grid") or {}
        for key in grid:
            if key in fixed:
                msg = f"batch config entry {e} ({entry['report']}): `{key}` is both in params and in grid."
                raise ParameterError(msg)
        for combo in itertools.product(*grid.values()):
            params = {**fixed, **dict(zip(grid, combo, strict=True))}
            planned = Planned(k, str(entry["report"]), params, k % where[1] + 1 if where else 1)
            if where is None or planned.shard == where[0]:
                out.append(planned)
            k += 1
    return out


@dataclass
class BatchResult:
    """What :func:`batch` did.

    Attributes
    ----------
    results : list of RenderResult
        One per planned render of this shard, in config order.
    manifest : Path
        The manifest file written.
    index : Path
        The ``index.html`` written beside it.
    """

    results: list[RenderResult]
    manifest: Path
    index: Path | None = None

    def count(self, status: str) -> int:
        """How many renders ended with ``status``."""
        return sum(r.status == status for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 if all are ok or skipped; 2 if any parameter set was invalid; else 1."""
        if self.count("invalid"):
            return 2
        return 1 if self.count("failed") else 0


# ---------------------------------------------------------------- local workers

#: Thread pools of numerical libraries, sized by these variables when a process starts.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _watch_parent(parent: int, server: int) -> None:
    while True:
        if os.getppid() != server or not _alive(parent):
            os._exit(1)
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, owned by someone else
        return True
    return True


def _worker_init(threads: int, parent: int) -> None:
    """Initializer of batch workers.

    Their kernels share the cores instead of each starting one BLAS thread per core (a value
    the user set is kept); and the worker dies with the batch: PR_SET_PDEATHSIG on Linux
    (the worker's parent is the batch, or the fork server that ends with it), and a thread
    that watches the batch everywhere (a worker whose batch is gone exits).
    """
    for variable in _THREAD_VARIABLES:
        os.environ.setdefault(variable, str(threads))
    server = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != server or not _alive(parent):  # the parent died before the line above
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent, server), daemon=True, name="unvotes-parent-watch"
    ).start()


#: What a local worker imports before it is forked (:mod:`~unvotes_lib.reports.worker_start`:
#: the rendering side, papermill, nbformat, nbconvert, and a warmed-up page exporter): seconds
#: paid once per batch process instead of once per worker.
WORKER_PRELOAD = ("unvotes_lib.reports.worker_start",)


def _worker_context():
    """Where local workers come from: forked from multiprocessing's fork server, or spawned.

    The fork server is one clean process (no threads of this one) that imports
    :data:`WORKER_PRELOAD` once; every worker is a fork of it, ready at once. Where there
    is no fork (Windows), workers are spawned and import it themselves.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_PRELOAD))  # no effect once the server runs
    return context


class _Terminated(BaseException):  # noqa: N818 - a signal, not an error
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _terminate_raises():
    """SIGTERM raises in the main thread while a batch runs, so that its workers are ended."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Terminated(signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _crashed(job: Job, err: BaseException, hint: str) -> RenderResult:
    return RenderResult(
        job.report,
        job.params,
        "failed",
        job.out,
        error=f"worker crashed: {type(err).__name__}: {err}{hint}",
        inputs=job.inputs,
    )


def _execute_forked(job: Job, address: str | None) -> RenderResult:
    """:func:`execute` with a kernel forked from the zygote at ``address`` (fresh if None)."""
    if address is None:
        return execute(job)
    return execute(job, kernel_manager_class=forking.kernel_manager_class(address))


#: The fork server of a Dask worker process, started by its first report.
_WORKER_SERVER = forking.KernelForkServer()


def _execute_on_worker(job: Job, fork_kernels: bool) -> RenderResult:
    """A Dask task: :func:`execute` with a kernel forked from this worker's fork server."""
    address = None
    if fork_kernels and forking.available():
        with contextlib.suppress(RuntimeError):  # no fork server: a fresh kernel
            address = _WORKER_SERVER.address()
    return _execute_forked(job, address)


@contextlib.contextmanager
def _fork_server(todo: dict[int, Job], fork_kernels: bool):
    """A started fork server for this batch's kernels (None: fresh kernels), stopped after.

    Its imports run while the caller goes on (starting workers); :func:`_ready_address`
    waits for them.
    """
    if not fork_kernels or len(todo) <= 1 or not forking.available():
        yield None
        return
    server = forking.KernelForkServer(forking.PRELOAD)
    try:
        server.start()
        yield server
    finally:
        server.close()


def _ready_address(server: forking.KernelForkServer | None) -> str | None:
    """The fork server's address once it has imported (None: fresh kernels for this batch)."""
    if server is None:
        return None
    try:
        return server.address()
    except RuntimeError as err:
        warn(f"{err}; this batch starts a fresh kernel for each report.")
        return None


def _imports() -> None:
    """A worker's first task, which starts it now: :data:`WORKER_PRELOAD` is imported already
    in a worker forked from the fork server, and imported here in a spawned one."""
    import importlib

    for name in WORKER_PRELOAD:
        importlib.import_module(name)


def _run_local(todo: dict[int, Job], jobs: int, done, fork_kernels: bool = True) -> None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if jobs == 1 or len(todo) <= 1:
        with _fork_server(todo, fork_kernels) as server:
            address = _ready_address(server)
            for index, job in todo.items():
                done(index, _execute_forked(job, address))
        return
    workers = min(jobs, len(todo))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_worker_context(),
        initializer=_worker_init,
        initargs=(max(1, (os.cpu_count() or 1) // workers), os.getpid()),
    )
    try:
        with _terminate_raises(), contextlib.ExitStack() as stack:
            # the kernels' fork server first: its imports overlap the workers' start
            server = stack.enter_context(_fork_server(todo, fork_kernels))
            for _ in range(workers):
                pool.submit(_imports)
            address = _ready_address(server)
            futures = {pool.submit(_execute_forked, job, address): index for index, job in todo.items()}
            for future in as_completed(futures):
                index = futures[future]
                try:
                    result = future.result()
                except Exception as err:  # noqa: BLE001 - a crashed worker fails its report only
                    hint = " (a script calling batch(jobs>1) must do so under `if __name__ == '__main__':`)"
                    result = _crashed(todo[index], err, hint)
                done(index, result)
    except BaseException as err:
        # Interrupted (SIGINT, SIGTERM) or failing: end the workers now, not after their reports.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, AttributeError):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        if isinstance(err, _Terminated):
            raise SystemExit(128 + err.signum) from None
        raise
    pool.shutdown(wait=True)


def _run_dask(todo: dict[int, Job], scheduler: str, done, fork_kernels: bool = True) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError as err:
        msg = (
            f"`--scheduler` {scheduler!r} needs dask.distributed, which is not installed; "
            "install it with `pip install 'unvotes[dask]'`."
        )
        raise ParameterError(msg) from err
    import dask

    try:
        # Dask's own setting (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT), 30 s unless changed.
        client = Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except (OSError, TimeoutError) as err:
        msg = (
            f"`--scheduler` {scheduler!r}: no Dask scheduler answers there ({err}); start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`."
        )
        raise SourceUnavailableError(msg) from err
    with client:
        futures = {
            client.submit(
                _execute_on_worker,
                job,
                fork_kernels,
                key=f"unvotes-{job.report}-{job.inputs['hash'][:12]}-{index}",
                pure=False,
            ): index
            for index, job in todo.items()
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                result = future.result()
            except Exception as err:  # noqa: BLE001 - a lost worker fails its report only
                result = _crashed(todo[index], err, " (on the Dask cluster)")
            done(index, result)


# ---------------------------------------------------------------- manifest and index


def _relative(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _manifest_entry(planned: Planned, result: RenderResult, root: Path, given: dict, version: str) -> dict:
    return {
        "index": planned.index,
        "report": planned.report,
        "params": result.params or planned.params,
        "given": given,
        "status": result.status,
        "error": result.error,
        "duration_s": round(result.duration, 3),
        "folder": _relative(result.out, root),
        "notebook": _relative(result.notebook, root),
        "html": _relative(result.html, root),
        "metrics": _relative(result.metrics_path, root),
        "datasets": result.inputs.get("datasets", []),
        "inputs_hash": result.inputs.get("hash"),
        "library_version": version,
    }


def _index_page(manifest: dict, manifest_name: str) -> bytes:
    counts = manifest["counts"]
    entries = [
        {**e, "shown_params": [(k, value_text(v)) for k, v in (e["given"] or {}).items()]}
        for e in manifest["reports"]
    ]
    page = render_template(
        "index.html.j2",
        title="Reports" + (f" (shard {manifest['shard']})" if manifest["shard"] else ""),
        csp=CSP,
        counts_text=f"{len(entries)} report(s): " + ", ".join(f"{counts[s]} {s}" for s in STATUSES),
        library_version=manifest["library_version"],
        shard=manifest["shard"],
        manifest=manifest_name,
        entries=entries,
    )
    return page.encode("utf-8")


def batch(
    config,
    *,
    out_dir: str | os.PathLike = "reports",
    jobs: int = 1,
    shard: str | tuple[int, int] | None = None,
    force: bool = False,
    notebooks_dir: str | os.PathLike | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    fork_kernels: bool = True,
) -> BatchResult:
    """Render every report of a batch config, in parallel worker processes or on a Dask cluster.

    Every parameter set is validated first, before any kernel starts; an invalid
    one is recorded (status ``invalid``, naming the bad value) and the others still
    render. Unchanged reports are skipped unless ``force``. A failing report is
    marked ``failed`` and never stops the others.

    Parameters
    ----------
    config : dict or path-like
        See :func:`plan` for the format.
    out_dir : path-like
        Root of the outputs; the manifest is ``out_dir/manifest.json`` (or
        ``manifest.shard-i-of-n.json`` for a shard, so shards can share a folder), and
        ``index.html`` (``index.shard-i-of-n.html``) beside it links every report.
    jobs : int
        Local worker processes (papermill changes directory process-wide, so never
        threads); 1 runs in this process. Workers are forked from multiprocessing's
        fork server, which imports the rendering side once (spawned on Windows: there, a
        script calling ``batch(jobs>1)`` must do so under ``if __name__ == "__main__":``).
        They end with the batch (SIGTERM, SIGINT or SIGKILL of this process).
    shard : str or (i, n), optional
        Render only shard ``i`` of ``n`` (see :func:`plan`).
    force : bool
        Re-render unchanged reports.
    notebooks_dir : path-like, optional
    progress : bool
        Show a progress bar over the batch (on stderr).
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://HOST:8786``): the renders run as tasks on its
        workers (``jobs`` is ignored). The workers need unvotes installed, the data, and
        ``out_dir`` on a shared file system; start them with ``--nthreads 1``.
    fork_kernels : bool
        Fork every report's kernel from one process that has already imported what the
        reports import (:mod:`unvotes_lib.reports.forking`; one per Dask worker), instead
        of starting each kernel afresh: two to three seconds less per report. The pages
        are the same either way. POSIX only; elsewhere (or if False) kernels start afresh.

    Returns
    -------
    BatchResult
        Its ``exit_code`` is non-zero if anything failed or was invalid.

    Raises
    ------
    ParameterError
        A malformed config, shard or ``jobs``.
    SourceUnavailableError
        No Dask scheduler answers at ``scheduler``.

    The manifest (JSON) holds ``library_version``, ``shard``, ``counts`` per status
    and ``reports``: one entry per render with index, report, params, given (those that
    differ from the defaults), status, error, duration_s, folder, notebook, html, metrics
    (paths relative to ``out_dir``), datasets (file, sha256), inputs_hash and library_version.

    Examples
    --------
    Parameter sets are validated before any kernel starts; a batch whose every entry is
    invalid writes its manifest and index at once:

    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": "n: int = 5  # how many\\n"}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> cfg = {"reports": [{"report": "profile", "grid": {"n": [-1, "many"]}}, "profil"]}
    >>> done = batch(cfg, out_dir=folder / "out", notebooks_dir=folder, progress=False)
    >>> [(r.report, r.status) for r in done.results], done.exit_code
    ([('profile', 'invalid'), ('profile', 'invalid'), ('profil', 'invalid')], 2)
    >>> print(done.results[0].error)
    report 'profile': `n` -1 is negative; give a count of 0 or more.
    >>> manifest = json.loads(done.manifest.read_text())
    >>> manifest["counts"], done.index.name
    ({'ok': 0, 'failed': 0, 'skipped': 0, 'invalid': 3}, 'index.html')
    >>> shutil.rmtree(folder)
    """
    from tqdm.auto import tqdm

    from .. import sources
    from .rendering import _library_version

    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        msg = f"`jobs` {jobs!r} must be a whole number >= 1."
        raise ParameterError(msg)
    planned = plan(config, shard=shard)
    where = parse_shard(shard)
    root = Path(out_dir).expanduser().resolve()
    reports: dict[str, Report] = {}
    results: dict[int, RenderResult] = {}
    given: dict[int, dict] = {}
    todo: dict[int, Job] = {}
    folders: dict[Path, int] = {}
    for p in planned:
        given[p.index] = p.params
        try:
            if p.report not in reports:
                reports[p.report] = get_report(p.report, notebooks_dir)
            job = make_job(reports[p.report], p.params, root)
        except (ValueError, TypeError, OSError) as err:
            results[p.index] = RenderResult(p.report, p.params, "invalid", error=str(err))
            continue
        given[p.index] = job.given
        if job.out in folders:
            results[p.index] = RenderResult(
                job.report,
                job.params,
                "skipped",
                job.out,
                inputs=job.inputs,
                error=f"same report and parameters as entry {folders[job.out]}",
            )
            continue
        folders[job.out] = p.index
        if not force and job.up_to_date():
            results[p.index] = skipped(job)
        else:
            todo[p.index] = job
    bar = tqdm(
        total=len(todo), desc="reports", unit="report", disable=not progress or not todo, file=sys.stderr
    )

    def done(index: int, result: RenderResult) -> None:
        results[index] = result
        bar.update()

    with bar:
        if scheduler:
            _run_dask(todo, scheduler, done, fork_kernels)
        else:
            _run_local(todo, jobs, done, fork_kernels)
    ordered = [results[p.index] for p in planned]
    version = _library_version()
    manifest = {
        "library_version": version,
        "shard": f"{where[0]}/{where[1]}" if where else None,
        "counts": {s: sum(r.status == s for r in ordered) for s in STATUSES},
        "reports": [
            _manifest_entry(p, r, root, given[p.index], version)
            for p, r in zip(planned, ordered, strict=True)
        ],
    }
    suffix = f".shard-{where[0]}-of-{where[1]}" if where else ""
    path = root / f"manifest{suffix}.json"
    sources.atomic_write_bytes(
        path, (json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    )
    index = root / f"index{suffix}.html"
    sources.atomic_write_bytes(index, _index_page(manifest, path.name))
    return BatchResult(ordered, path, index)
