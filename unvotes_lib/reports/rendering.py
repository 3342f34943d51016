"""Rendering one report: a validated job, papermill in a fresh kernel, outputs swapped in whole.

:func:`render` validates the parameters (before any kernel starts), runs the notebook with
papermill (``kernel_name="python3"``, working directory = the notebooks folder) and writes, in
``OUT/<report>/<slug of params>/``:

``report.ipynb``
    The executed notebook (normalised: cell ids, title, no timings).
``report.html``
    The page (see :mod:`.page`): no code, images embedded, no scripts, a CSP.
``metrics.json``
    The key numbers the notebook recorded with :func:`record_metrics`, the provenance shown
    by :func:`show_provenance`, the effective parameters, the inputs (notebook sha256, dataset
    files' sha256, library version, and their hash) and the sha256 of the two files above.

Atomic: the run writes into a temporary folder beside the report
(``OUT/<report>/.<slug>.rendering-<pid>-*``) and the folder is swapped in only when the
notebook, the page and the metrics are complete; until then the previous good report stays
as it was, whatever happens to the process (kill -9 included). A report whose notebook fails
keeps the previous good report, and writes the executed notebook with the error beside it as
``report.failed.ipynb``. A render is skipped as unchanged only when all three files are there
and the page and the notebook still have the sha256 recorded in ``metrics.json`` for the same
inputs (a 0-byte or edited ``report.html`` is rendered again).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .kernel import METRICS_MIME, PROVENANCE_MIME
from .page import _export_html, collect
from .parameters import Report, get_report
from .validation import validate_against

__all__ = [
    "RENDERER_VERSION",
    "Job",
    "RenderResult",
    "ReportFailed",
    "params_slug",
    "prepare",
    "render",
    "result_dict",
]

#: Bumped whenever the rendered files change for the same inputs (invalidates skips).
RENDERER_VERSION = 2
OUTPUTS = ("report.ipynb", "report.html", "metrics.json")
FAILED_NOTEBOOK = "report.failed.ipynb"

#: papermill changes the working directory of the whole process: one render at a time per
#: process (threads of a Dask worker take turns; processes run in parallel).
_PROCESS_LOCK = threading.Lock()


# ---------------------------------------------------------------- slugs and inputs


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, list):
        return "+".join(_value_text(v) for v in value) or "empty"
    return str(value)


def _canonical_json(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def params_slug(given: dict, *, limit: int = 80) -> str:
    """A folder name for a parameter set: ``key-value`` pairs joined by ``_``.

    Only parameters that differ from the report's defaults are named
    (``"defaults"`` when none do). Lists are joined by ``+``. Characters other
    than letters, digits, ``.``, ``+`` and ``-`` become ``-``; when that happens,
    or the name is longer than ``limit``, a short hash of the values is appended
    so different parameter sets never share a folder.

    Parameters
    ----------
    given : dict
        The parameters that differ from the defaults, in the order of the cell.
    limit : int
        Longest name kept before the hash is appended.

    Returns
    -------
    str

    Examples
    --------
    >>> params_slug({})
    'defaults'
    >>> params_slug({"country": "FRA", "partners": ["RUS", "GBR"], "years": "2000-2019"})
    'country-FRA_partners-RUS+GBR_years-2000-2019'
    >>> params_slug({"symbol": "A/RES/74/10"})
    'symbol-A-RES-74-10-46599a13'
    """
    if not given:
        return "defaults"
    lossy = False
    parts = []
    for key, value in given.items():
        text = _value_text(value)
        safe = re.sub(r"[^A-Za-z0-9.+-]+", "-", text).strip("-") or "empty"
        lossy = lossy or safe != text
        parts.append(f"{key}-{safe}")
    slug = "_".join(parts)
    if lossy or len(slug) > limit:
        slug = slug[:limit].rstrip("-_+.") + "-" + _sha256_text(_canonical_json(given))[:8]
    return slug


def _dataset_files(data: str | None) -> list[dict]:
    """sha256 of the raw files a ``data`` value names, without loading them."""
    from .. import sources

    if data is None:
        data = sources.default_source()
    if data in sources.REGISTRY:
        located = sources.locate(data)
        return [
            {"source": data, "version": located.version, "file": p.name, "sha256": sources.file_sha256(p)}
            for p in located.files.values()
        ]
    if re.match(r"https?://", data):
        return [{"source": data, "version": None, "file": data, "sha256": None}]
    path = Path(data)
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    )
    return [
        {"source": str(path), "version": None, "file": p.name, "sha256": sources.file_sha256(p)}
        for p in files
    ]


def _library_version() -> str:
    from .kernel import library_version

    return library_version()


@functools.cache
def _library_sha256() -> str:
    """sha256 of the library's code, templates and data files: a changed library re-renders a
    report even when its version number stayed the same (an editable install, a fix in progress)."""
    from importlib import resources

    package = Path(__file__).resolve().parents[1]
    data = Path(str(resources.files("unvotes_lib.data")))
    files = sorted(package.rglob("*.py")) + sorted(package.rglob("*.j2")) + sorted(data.rglob("*.yaml"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _title(report: str, given: dict) -> str:
    if not given:
        return f"{report} (defaults)"
    return f"{report}: " + "; ".join(f"{k}={_value_text(v).replace('+', ', ')}" for k, v in given.items())


# ---------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Job:
    """One validated render, ready to run (picklable, passed to worker processes).

    Attributes
    ----------
    report : str
    notebook : Path
    notebooks_dir : Path
        Working directory of the kernel.
    params : dict
        Every parameter (validated), injected into the notebook.
    given : dict
        The parameters that differ from the defaults (they make the slug and title).
    out : Path
        ``OUT/<report>/<slug>``.
    title : str
    inputs : dict
        notebook_sha256, params, datasets (file, sha256, ...), library_version,
        library_sha256 (the library's code and data files),
        renderer and ``hash`` (sha256 of all of them).
    """

    report: str
    notebook: Path
    notebooks_dir: Path
    params: dict
    given: dict
    out: Path
    title: str
    inputs: dict

    @property
    def slug(self) -> str:
        """The folder name of this parameter set."""
        return self.out.name

    def up_to_date(self) -> bool:
        """True if the three outputs exist, were rendered from the same inputs, and the page
        and notebook still have the sha256 recorded when they were written."""
        _recover(self.out)
        if not all((self.out / name).is_file() for name in OUTPUTS):
            return False
        try:
            doc = json.loads((self.out / "metrics.json").read_text(encoding="utf-8"))
            recorded, outputs = doc["inputs"]["hash"], doc["outputs"]
            if recorded != self.inputs["hash"]:
                return False
            return all(_file_sha(self.out / name) == outputs[name] for name in OUTPUTS[:2])
        except (OSError, ValueError, KeyError, TypeError):
            return False


def make_job(report: Report, params: dict | None, out_dir) -> Job:
    """Validate ``params`` for ``report`` and work out its folder and inputs hash.

    Parameters
    ----------
    report : Report
        The report, as :func:`~unvotes_lib.reports.parameters.get_report` read it.
    params : dict or None
        Given values (coerced and validated here).
    out_dir : path-like
        Root of the outputs.

    Returns
    -------
    Job
        Its folder is ``out_dir/<report>/<slug of the parameters that differ from the
        defaults>``; its ``inputs`` hash the notebook, parameters, data files and library.

    Raises
    ------
    ParameterError
        Invalid parameters (see :func:`~unvotes_lib.reports.validate`).

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> from unvotes_lib.reports.parameters import get_report
    >>> report = get_report("profile", folder)
    >>> a = make_job(report, {"n": 5}, folder / "out")
    >>> b = make_job(report, {"country": "France"}, folder / "out")
    >>> a.slug, b.slug, b.given, b.title
    ('defaults', 'country-FRA', {'country': 'FRA'}, 'profile: country=FRA')
    >>> a.inputs["hash"] == make_job(report, None, folder / "out").inputs["hash"] != b.inputs["hash"]
    True
    >>> shutil.rmtree(folder)
    """
    from .. import sources

    effective = validate_against(report, params)
    defaults = {n: p.default for n, p in report.parameters.items()}
    given = {k: v for k, v in effective.items() if v != defaults[k] or type(v) is not type(defaults[k])}
    datasets = []
    if "data" in effective:
        data = effective["data"]
        if (
            isinstance(data, str)
            and data not in sources.REGISTRY
            and not re.match(r"https?://", data)
            and not Path(data).is_absolute()
        ):
            data = str(report.path.parent / data)  # a default path is relative to the notebooks folder
        datasets = _dataset_files(data)
    inputs = {
        "report": report.name,
        "notebook_sha256": _file_sha(report.path),
        "params": effective,
        "datasets": datasets,
        "library_version": _library_version(),
        "library_sha256": _library_sha256(),
        "renderer": RENDERER_VERSION,
    }
    inputs["hash"] = _sha256_text(_canonical_json(inputs))
    out = Path(out_dir).expanduser().resolve() / report.name / params_slug(given)
    return Job(
        report.name,
        report.path,
        report.path.parent,
        effective,
        given,
        out,
        _title(report.name, given),
        inputs,
    )


def prepare(name: str, params: dict | None = None, *, out_dir="reports", notebooks_dir=None) -> Job:
    """Validate a report's parameters and work out its output folder and inputs hash.

    No kernel starts. See :func:`~unvotes_lib.reports.validate` for the errors raised.

    Parameters
    ----------
    name : str
        Report name (see :func:`~unvotes_lib.reports.list_reports`).
    params : dict, optional
        Parameter values; strings are coerced.
    out_dir : path-like
        Root of the outputs (default ``reports``).
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: the repository's ``notebooks/``).

    Returns
    -------
    Job
        See :func:`make_job`.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> job = prepare("profile", {"n": "3"}, out_dir=folder / "out", notebooks_dir=folder)
    >>> job.params, job.given, job.slug, job.title
    ({'country': 'USA', 'n': 3}, {'n': 3}, 'n-3', 'profile: n=3')
    >>> job.out == (folder / "out" / "profile" / "n-3").resolve(), job.up_to_date()
    (True, False)
    >>> sorted(job.inputs)  # doctest: +NORMALIZE_WHITESPACE
    ['datasets', 'hash', 'library_sha256', 'library_version', 'notebook_sha256', 'params',
     'renderer', 'report']
    >>> shutil.rmtree(folder)
    """
    return make_job(get_report(name, notebooks_dir), params, out_dir)


# ---------------------------------------------------------------- results


@dataclass
class RenderResult:
    """What :func:`render` did.

    Attributes
    ----------
    report : str
    params : dict
        Every parameter the notebook ran with.
    status : str
        ``ok``, ``failed``, ``skipped`` (unchanged inputs) or ``invalid`` (batch only).
    out : Path or None
        The report's folder.
    notebook, html, metrics_path : Path or None
        ``report.ipynb`` (``report.failed.ipynb`` when failed), ``report.html`` and
        ``metrics.json`` when they exist.
    metrics : dict
        The recorded key numbers (empty when failed).
    error : str or None
        Why it failed or was invalid; says where the executed notebook is.
    duration : float
        Seconds spent (0 when skipped).
    inputs : dict
        As :attr:`Job.inputs` (empty when invalid).
    """

    report: str
    params: dict
    status: str
    out: Path | None = None
    notebook: Path | None = None
    html: Path | None = None
    metrics_path: Path | None = None
    metrics: dict = field(default_factory=dict)
    error: str | None = None
    duration: float = 0.0
    inputs: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True unless the report failed or was invalid."""
        return self.status in ("ok", "skipped")


class ReportFailed(RuntimeError):  # noqa: N818 - named for what the user sees
    """A report's notebook raised; ``.result`` is its :class:`RenderResult`."""

    def __init__(self, result: RenderResult):
        super().__init__(result.error)
        self.result = result


def result_dict(result: RenderResult) -> dict:
    """A RenderResult as plain JSON values (paths as strings).

    Parameters
    ----------
    result : RenderResult

    Returns
    -------
    dict
        Its fields by name; paths as strings, None where there is no file.

    Examples
    --------
    >>> r = RenderResult("profile", {"n": 3}, "failed", Path("reports/profile/n-3"), error="boom")
    >>> d = result_dict(r)
    >>> d["out"], d["notebook"], d["status"], d["error"]
    ('reports/profile/n-3', None, 'failed', 'boom')
    >>> json.loads(json.dumps(d)) == d
    True
    """
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(result).items()}


# ---------------------------------------------------------------- running a notebook


#: Folders named in the environment: kernels run in the notebook's folder, so a relative path
#: (``UNVOTES_DATA_DIR=../shared/data make run``) must reach them made absolute.
_PATH_VARIABLES = ("UNVOTES_DATA_DIR", "UNVOTES_CACHE")


@contextlib.contextmanager
def _kernel_environment():
    """Run kernels without MPLBACKEND (it would make every figure vanish silently), with the
    data and cache folders as absolute paths (kernels run in the notebook's folder), and
    without papermill's warnings about parameters: they were validated here, and its own
    parser misreads comments holding ``=`` or quotes ("Passed unknown parameter")."""
    import logging

    saved = os.environ.pop("MPLBACKEND", None)
    paths = {name: os.environ[name] for name in _PATH_VARIABLES if os.environ.get(name)}
    for name, value in paths.items():
        os.environ[name] = os.path.abspath(value)
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        os.environ.update(paths)
        if saved is not None:
            os.environ["MPLBACKEND"] = saved


#: The papermill engine reports run with (see :func:`_engine_name`).
ENGINE = "unvotes"


@functools.cache
def _engine_name() -> str:
    """Register, once, papermill's nbclient engine with one change: the executed notebook is
    written once, when the run ends (after an error too), instead of at the start and end of
    every cell. Papermill's saves let one follow a long run in its output file; a render writes
    into a temporary folder nobody reads, and the 46 saves of a ``vote_shift`` notebook (up to
    1.7 MB each, validated every time) cost 0.2-0.3 s of a 3.5 s render."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class SavedAtEnd(NotebookExecutionManager):
        def save(self, **kwargs):
            if self.end_time is not None:  # set by notebook_complete, the final save
                super().save(**kwargs)

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(
            cls,
            nb,
            kernel_name,
            output_path=None,
            progress_bar=True,
            log_output=False,
            autosave_cell_every=30,
            **kwargs,
        ):
            # Engine.execute_notebook with the manager above (papermill has no hook for it)
            nb_man = SavedAtEnd(
                nb,
                output_path=output_path,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(ENGINE, Engine)
    return ENGINE


#: The temporary file ipykernel compiles a cell into, e.g. /tmp/ipykernel_21004/722127822.py.
_KERNEL_FILE = re.compile(r"(?:[A-Za-z]:)?[/\\](?:[^\s'\"\x1b]*[/\\])?ipykernel_\d+[/\\]\d+\.py")


def _normalise(nb, job: Job, failed: bool) -> None:
    """Remove what differs between two runs with the same inputs.

    Cell ids become ``cell-<i>``, execution timings go, papermill's metadata keeps only the
    parameters and whether it failed, and the kernel's temporary file names in warnings
    and tracebacks become ``<cell>``.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook, changed in place.
    job : Job
        The job it ran (its parameters and title go into the metadata).
    failed : bool
        Whether the run failed.

    Returns
    -------
    None
    """
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": job.params, "exception": bool(failed or pm.get("exception"))}
    nb.metadata["title"] = job.title
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("execution", None)
        cell_pm = cell.metadata.get("papermill")
        if isinstance(cell_pm, dict):
            cell.metadata["papermill"] = {k: v for k, v in cell_pm.items() if k in ("status", "exception")}
        for output in cell.get("outputs", []):
            # Warnings and tracebacks name the kernel's temporary file, which holds its process id.
            if output.get("output_type") == "stream":
                output["text"] = _KERNEL_FILE.sub("<cell>", output["text"])
            elif output.get("output_type") == "error":
                output["traceback"] = [_KERNEL_FILE.sub("<cell>", line) for line in output["traceback"]]


def _metrics_document(job: Job, nb, outputs: dict) -> bytes:
    doc = {
        "report": job.report,
        "title": job.title,
        "params": job.params,
        "metrics": collect(nb, METRICS_MIME),
        "provenance": collect(nb, PROVENANCE_MIME) or None,
        "inputs": job.inputs,
        "outputs": outputs,
    }
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(out: Path) -> None:
    """Undo what a killed render left: a report swapped out but not back in is restored, and
    temporary folders of processes that no longer run are removed."""
    parent = out.parent
    if not parent.is_dir():
        return
    for tmp in parent.glob(f".{out.name}.rendering-*"):
        m = re.match(r".*\.rendering-(\d+)-", tmp.name)
        if m and not _pid_alive(int(m.group(1))):
            shutil.rmtree(tmp, ignore_errors=True)
    previous = sorted(parent.glob(f".{out.name}.previous-*"), key=lambda p: p.stat().st_mtime)
    if previous and not out.exists():
        with contextlib.suppress(OSError):
            os.rename(previous.pop(), out)
    for p in previous:
        m = re.match(r".*\.previous-(\d+)$", p.name)
        if m and not _pid_alive(int(m.group(1))):
            shutil.rmtree(p, ignore_errors=True)


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by the complete folder ``tmp``: two renames, the old folder kept
    aside until the new one is in place (see :func:`_recover` for a kill in between)."""
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    if out.exists():
        os.rename(out, previous)
    os.rename(tmp, out)
    shutil.rmtree(previous, ignore_errors=True)


def _write(path: Path, data: bytes) -> None:
    from ..sources import atomic_write_bytes

    atomic_write_bytes(path, data)


def execute(job: Job, *, progress_bar: bool = False, kernel_manager_class=None) -> RenderResult:
    """Run one validated job and swap its outputs in; never raises for a failing notebook.

    Parameters
    ----------
    job : Job
        From :func:`prepare` or :func:`make_job`.
    progress_bar : bool
        Show papermill's progress bar over the cells.
    kernel_manager_class : type, optional
        What starts the kernel (default:
        :class:`~unvotes_lib.reports.kernel_client.ReportKernelManager`), e.g. one
        forked from a :class:`~unvotes_lib.reports.forking.KernelForkServer` in a batch
        (:func:`unvotes_lib.reports.forking.kernel_manager_class`).

    Returns
    -------
    RenderResult
        ``status`` ``"ok"`` (the three outputs swapped in) or ``"failed"`` (the previous
        report kept, the executed notebook beside it as ``report.failed.ipynb``).

    Examples
    --------
    ``execute`` starts a kernel (seconds); the job it runs is cheap to look at:

    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> job = prepare("profile", {"country": "NO"}, out_dir=folder / "out", notebooks_dir=folder)
    >>> job.params, job.up_to_date()  # not rendered yet: execute(job) would run it
    ({'country': 'NOR', 'n': 5}, False)
    >>> shutil.rmtree(folder)
    """
    with _PROCESS_LOCK:
        return _execute(job, progress_bar=progress_bar, kernel_manager_class=kernel_manager_class)


def _execute(job: Job, *, progress_bar: bool, kernel_manager_class=None) -> RenderResult:
    import nbformat
    import papermill

    from .kernel_client import ReportKernelManager

    start = time.perf_counter()
    out = job.out
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.rendering-{os.getpid()}-"))
    mask = os.umask(0o022)
    os.umask(mask)
    tmp.chmod(0o777 & ~mask)  # mkdtemp makes it private; the report folder is published as usual
    try:
        executed = tmp / "report.ipynb"
        error = None
        with _kernel_environment():
            try:
                papermill.execute_notebook(
                    str(job.notebook),
                    str(executed),
                    parameters=job.params,
                    kernel_name="python3",
                    engine_name=_engine_name(),
                    cwd=str(job.notebooks_dir),
                    progress_bar=progress_bar,
                    log_output=False,
                    language="python",  # notebooks saved without kernel metadata still run
                    report_mode=False,
                    record_timing=False,
                    # Kernel log lines ("running over TCP without encryption", the interrupt
                    # jupyter_client sends before every shutdown) are noise; cell errors are in the notebook.
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                    # Every output is in once the last cell is done: the kernel is stopped, not
                    # asked to wind down (0.2-0.3 s of exit handlers and teardown per report).
                    shutdown_kernel="immediate",
                    kernel_manager_class=kernel_manager_class or ReportKernelManager,
                )
            except papermill.PapermillExecutionError as err:
                error = f"{err.ename}: {err.evalue} (in cell [{err.exec_count}])"
            except Exception as err:  # noqa: BLE001 - a dead kernel or timeout fails this report only
                error = f"{type(err).__name__}: {err}"
        result = RenderResult(job.report, job.params, "ok", out, inputs=job.inputs)
        nb = None
        if executed.exists():
            nb = nbformat.read(executed, as_version=4)
            _normalise(nb, job, failed=error is not None)
        if error is not None:
            where = "no notebook was written"
            if nb is not None:
                failed = out / FAILED_NOTEBOOK
                _write(failed, nbformat.writes(nb).encode("utf-8") + b"\n")
                result.notebook = failed
                where = f"the executed notebook with the error is {failed}"
            kept = " (the previous report is kept)" if (out / "report.html").is_file() else ""
            result.status = "failed"
            result.error = f"report {job.report!r} failed: {error}; {where}{kept}"
            result.duration = time.perf_counter() - start
            return result
        notebook_bytes = nbformat.writes(nb).encode("utf-8") + b"\n"
        page = _export_html(
            nb, report=job.report, title=job.title, params=job.params, datasets=job.inputs["datasets"]
        )
        outputs = {
            "report.ipynb": hashlib.sha256(notebook_bytes).hexdigest(),
            "report.html": hashlib.sha256(page).hexdigest(),
        }
        document = _metrics_document(job, nb, outputs)
        executed.write_bytes(notebook_bytes)
        (tmp / "report.html").write_bytes(page)
        (tmp / "metrics.json").write_bytes(document)
        for name in OUTPUTS:  # on disk before the swap, so that a crash cannot swap in less
            with open(tmp / name, "rb") as fh:
                os.fsync(fh.fileno())
        _swap_in(tmp, out)
        result.notebook, result.html, result.metrics_path = (out / name for name in OUTPUTS)
        result.metrics = json.loads(document)["metrics"]
        result.duration = time.perf_counter() - start
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def skipped(job: Job) -> RenderResult:
    """The result of a job whose outputs are up to date.

    Parameters
    ----------
    job : Job
        A job whose folder holds ``metrics.json`` (the caller checked
        :meth:`Job.up_to_date`).

    Returns
    -------
    RenderResult
        ``status`` ``"skipped"``, the three output paths, the recorded metrics, duration 0.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> job = prepare("profile", out_dir=folder / "out", notebooks_dir=folder)
    >>> job.out.mkdir(parents=True)
    >>> _ = (job.out / "metrics.json").write_text(json.dumps({"metrics": {"n_votes": 12}}))
    >>> result = skipped(job)
    >>> result.status, result.metrics, result.html.name, result.duration
    ('skipped', {'n_votes': 12}, 'report.html', 0.0)
    >>> shutil.rmtree(folder)
    """
    metrics = json.loads((job.out / "metrics.json").read_text(encoding="utf-8")).get("metrics", {})
    return RenderResult(
        job.report,
        job.params,
        "skipped",
        job.out,
        job.out / "report.ipynb",
        job.out / "report.html",
        job.out / "metrics.json",
        metrics,
        inputs=job.inputs,
    )


def render(
    name: str,
    params: dict | None = None,
    *,
    out_dir: str | os.PathLike = "reports",
    force: bool = False,
    notebooks_dir: str | os.PathLike | None = None,
    raise_on_error: bool = True,
) -> RenderResult:
    """Validate, execute and export one report.

    Parameters
    ----------
    name : str
        Report name (see :func:`~unvotes_lib.reports.list_reports`).
    params : dict, optional
        Parameter values; strings are coerced (see :mod:`.validation`).
    out_dir : path-like
        Outputs go to ``out_dir/<name>/<slug of params>/`` (default ``reports``).
    force : bool
        Render even if the inputs are unchanged since the last render.
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: the repository's ``notebooks/``).
    raise_on_error : bool
        If True (default) a failing notebook raises :class:`ReportFailed`;
        otherwise the result has ``status == "failed"``.

    Returns
    -------
    RenderResult
        ``status`` is ``ok`` or ``skipped`` (or ``failed`` with ``raise_on_error=False``).

    Raises
    ------
    ParameterError
        Invalid parameters (before any kernel starts), see :func:`~unvotes_lib.reports.validate`.
    ReportFailed
        The notebook raised; the executed notebook with the error is written as
        ``report.failed.ipynb`` in the report's folder (the message says where), and the
        previous good report, if any, is left as it was.

    Examples
    --------
    A render takes seconds (a kernel starts); invalid parameters are refused before that:

    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> render("profile", {"country": "Atlantis", "n": "-1"}, out_dir=folder / "out", notebooks_dir=folder)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: report 'profile': invalid parameters:
      - `country` 'Atlantis' ...
      - `n` -1 is negative; give a count of 0 or more.
    >>> (folder / "out").exists()
    False
    >>> shutil.rmtree(folder)
    """
    job = prepare(name, params, out_dir=out_dir, notebooks_dir=notebooks_dir)
    if not force and job.up_to_date():
        return skipped(job)
    result = execute(job)
    if result.status == "failed" and raise_on_error:
        raise ReportFailed(result)
    return result
