"""The rendering engine (issue 12): safe pages, atomic renders, workers that die with the batch,
parameters checked before a kernel starts, the batch index, and batches on a Dask cluster.

Fixture notebooks in tests/fixtures/report_engine: `markup` (shows a data file whose title,
symbol and subjects carry markup, through the helpers the report notebooks use), `sleepy`
(sleeps as long as UNVOTES_TEST_SLEEP says, after writing a marker file), `params_all` (every
parameter name the report notebooks use; never rendered).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from unvotes_lib import reports
from unvotes_lib.cli import main
from unvotes_lib.errors import ParameterError

ENGINE = Path(__file__).resolve().parent / "fixtures" / "report_engine"
MARKUP_CSV = ENGINE / "markup_ga.csv"
TITLE = '<img src=x onerror="alert(1)"> Territorial integrity of **Ukraine** <script>alert(2)</script>'
SYMBOL = "A/RES/ES-11/7<script>alert(5)</script>"
SUBJECT = "UKRAINE--<i>TERRITORIAL</i> INTEGRITY"


class _Page(HTMLParser):
    """Elements, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if not self._in or self._in[-1] != "style":
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _interruptible() -> None:
    # A command started in the background by a non-interactive shell (`make test &`, some CI
    # runners) inherits SIGINT ignored, and Python keeps it so: Ctrl-C at a terminal never is.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "unvotes_lib.cli", *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
        **kw,
    )


# ---------------------------------------------------------------- process trees (Linux /proc)


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


# ---------------------------------------------------------------- 1. safe HTML


@pytest.fixture(scope="module")
def markup_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("markup")
    result = reports.render("markup", {}, out_dir=out, notebooks_dir=ENGINE)
    return result, result.html.read_text(encoding="utf-8")


def test_markup_from_data_shows_as_text_and_never_as_elements(markup_report):
    result, html = markup_report
    page = parse(html)
    text = "".join(page.text)
    # The literal strings of the data file are there as text...
    assert TITLE in text
    # symbols are shown in canonical form (upper case, no spaces), the markup still as text
    assert SYMBOL.upper() in text
    assert SUBJECT in text
    # ...and none of them became an element: no script at all, no event handler, no image that
    # is not an embedded figure, no <i> or <b> from the data.
    assert [t for t, _ in page.tags if t == "script"] == []
    handlers = [(t, a) for t, attrs in page.tags for a in attrs if a.lower().startswith("on")]
    assert handlers == []
    assert [
        a.get("src") for t, a in page.tags if t == "img" and not a.get("src", "").startswith("data:")
    ] == []
    assert result.metrics["title"] == TITLE  # metrics keep the text as it is in the file
    assert result.metrics["n_votes"] == 5  # five rows in markup_ga.csv


def test_page_carries_a_csp_that_allows_only_what_it_ships(markup_report):
    _, html = markup_report
    page = parse(html)
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = dict(
        (d.split()[0], d.split()[1:]) for d in (p.strip() for p in metas[0]["content"].split(";")) if d
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'none'"]  # the page ships no script
    assert policy["img-src"] == ["data:"]  # embedded PNG/SVG figures only
    assert policy["style-src"] == ["'unsafe-inline'"]  # the lab CSS and tables' <style> blocks
    # The policy comes before anything it governs: the first element in <head>.
    first = [t for t, _ in page.tags if t not in ("html", "head")][0]
    assert first == "meta"
    remote = [
        (t, v)
        for t, attrs in page.tags
        for a, v in attrs.items()
        if t != "a" and a in ("src", "href") and str(v).startswith(("http:", "https:", "//"))
    ]
    assert remote == []  # nothing loaded from elsewhere
    assert not [a for t, a in page.tags if t in ("link", "iframe", "object", "embed")]


# ---------------------------------------------------------------- 2. atomic renders


def _sleepy(out: Path, **params) -> reports.RenderResult:
    return reports.render("sleepy", params, out_dir=out, notebooks_dir=ENGINE, force=True)


@needs_proc
@pytest.mark.slow
def test_a_killed_render_leaves_the_previous_report_intact(tmp_path):
    out = tmp_path / "out"
    good = _sleepy(out, tag="k")
    before = {n: (good.out / n).read_bytes() for n in ("report.html", "metrics.json", "report.ipynb")}
    markers = tmp_path / "markers"
    markers.mkdir()
    proc = cli(
        "report", "render", "sleepy", "-p", "tag=k", "--force", "--out", str(out), "--notebooks", str(ENGINE),
        env={"UNVOTES_TEST_SLEEP": "120", "UNVOTES_TEST_MARKERS": str(markers)},
    )  # fmt: skip
    try:
        wait_until(lambda: any(markers.iterdir()), 90, "the kernel to start the sleeping cell")
        kernel = int(next(markers.iterdir()).name.split(".")[1])
        assert kernel in descendants(proc.pid)
        assert [p for p in good.out.parent.iterdir() if ".rendering-" in p.name]  # the run writes aside
        proc.kill()  # kill -9 in the middle of the run
        proc.wait(timeout=10)
        wait_until(lambda: not running(kernel), 15, "the kernel to end with its parent")
    finally:
        if proc.poll() is None:
            proc.kill()
    # Every byte of the last good report is still there, and still counts as unchanged.
    assert {n: (good.out / n).read_bytes() for n in before} == before
    job = reports.prepare("sleepy", {"tag": "k"}, out_dir=out, notebooks_dir=ENGINE)
    assert job.up_to_date()
    # The temporary folder of the killed process was removed by that check.
    assert [p.name for p in good.out.parent.iterdir()] == ["tag-k"]


def test_an_empty_or_edited_page_is_not_unchanged(tmp_path):
    out = tmp_path / "out"
    first = _sleepy(out)
    mask = os.umask(0o022)
    os.umask(mask)
    assert first.out.stat().st_mode & 0o777 == 0o777 & ~mask  # as mkdir makes it, not private
    job = reports.prepare("sleepy", {}, out_dir=out, notebooks_dir=ENGINE)
    assert job.up_to_date()
    first.html.write_bytes(b"")  # what a killed writer could leave behind
    assert not job.up_to_date()
    again = reports.render("sleepy", {}, out_dir=out, notebooks_dir=ENGINE)
    assert again.status == "ok"  # rendered again, not "skipped"
    assert again.html.stat().st_size > 1000
    assert reports.render("sleepy", {}, out_dir=out, notebooks_dir=ENGINE).status == "skipped"
    (out / "sleepy" / "defaults" / "report.ipynb").write_text("{}")
    assert not job.up_to_date()


def test_a_report_swapped_out_but_not_in_is_restored(tmp_path):
    out = tmp_path / "out"
    result = _sleepy(out)
    page = result.html.read_bytes()
    # A process killed between its two renames (pid 4194304 is above Linux's pid_max: not running).
    aside = result.out.parent / ".defaults.previous-4194304"
    os.rename(result.out, aside)
    job = reports.prepare("sleepy", {}, out_dir=out, notebooks_dir=ENGINE)
    assert job.up_to_date()
    assert result.html.read_bytes() == page
    assert not aside.exists()


def test_the_executed_notebook_is_written_once_when_the_run_ends(tmp_path):
    # papermill saves its output notebook when the run starts and at the start and end of every
    # cell (46 saves of up to 1.7 MB for vote_shift); a render saves it once, at the end. So
    # while a cell runs, the temporary folder of the run holds no notebook yet: 0, not 1.
    import nbformat

    cells = [
        nbformat.v4.new_code_cell('out: str = ""  # the output folder', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import glob\nfrom unvotes_lib.reports import record_metrics\n"
            'record_metrics({"saved": len(glob.glob(out + "/saves/.*.rendering-*/report.ipynb"))})'
        ),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "saves.ipynb")
    out = tmp_path / "out"
    result = reports.render("saves", {"out": str(out)}, out_dir=out, notebooks_dir=tmp_path)
    assert result.metrics == {"saved": 0}
    executed = nbformat.read(result.notebook, as_version=4)  # ... and written whole at the end:
    statuses = [c.metadata.papermill["status"] for c in executed.cells]
    assert statuses == ["completed"] * 3  # the parameters cell, papermill's injected one, ours


def test_the_report_kernel_client_runs_code_once_ready():
    import asyncio

    from unvotes_lib.reports.kernel_client import ReportKernelManager

    async def run() -> str:
        manager = ReportKernelManager(kernel_name="python3")
        await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive("6 * 7", timeout=60, output_hook=outputs.append)
            assert reply["content"]["status"] == "ok"
            return next(
                m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"
            )
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    outputs: list[dict] = []
    assert asyncio.run(run()) == "42"


# ---------------------------------------------------------------- 3. workers die with the batch


def _batch_config(tmp_path: Path, tags: list[str]) -> Path:
    config = tmp_path / "batch.yaml"
    config.write_text("reports:\n  - report: sleepy\n    grid:\n      tag: [" + ", ".join(tags) + "]\n")
    return config


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_stopping_a_batch_stops_its_workers_and_kernels(tmp_path, signum):
    markers = tmp_path / "markers"
    markers.mkdir()
    config = _batch_config(tmp_path, ["a", "b"])
    proc = cli(
        "report", "batch", str(config), "--jobs", "2", "--out", str(tmp_path / "out"),
        "--notebooks", str(ENGINE),
        env={"UNVOTES_TEST_SLEEP": "300", "UNVOTES_TEST_MARKERS": str(markers)},
    )  # fmt: skip
    try:
        wait_until(lambda: len(list(markers.iterdir())) == 2, 150, "both kernels to run their sleeping cell")
        kernels = {int(p.name.split(".")[1]) for p in markers.iterdir()}
        family = descendants(proc.pid)
        assert kernels <= family  # two kernels, under two workers, under the batch
        assert len(family) >= 4
        os.kill(proc.pid, signum)
        proc.wait(timeout=30)
        wait_until(lambda: not any(running(p) for p in family), 20, "workers and kernels to end")
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in descendants(proc.pid):
            os.kill(pid, signal.SIGKILL)
    if signum == signal.SIGINT:
        assert proc.returncode == 130
    elif signum == signal.SIGTERM:
        assert proc.returncode in (143, -signal.SIGTERM)


def _imported(names: list[str]) -> dict[str, bool]:  # runs in a batch worker
    return {name: sys.modules.get(name) is not None for name in names}  # None: an import kept out


def _page_exporters() -> int:  # runs in a batch worker: page exporters already built
    from unvotes_lib.reports import page

    return page._exporter.cache_info().currsize


@pytest.mark.skipif(sys.platform == "win32", reason="no fork server on Windows: workers are spawned")
def test_batch_workers_start_with_the_rendering_side_imported():
    # The workers' fork server imports papermill and nbconvert once; a worker forked from
    # it has them before its first task. A spawned worker would not: unpickling this task
    # imports only this module, and unvotes_lib.reports imports papermill lazily.
    from concurrent.futures import ProcessPoolExecutor

    from unvotes_lib.reports import batches

    with ProcessPoolExecutor(1, mp_context=batches._worker_context()) as pool:
        names = ["papermill", "nbconvert", "nbformat", "jsonschema", "rfc3987_syntax"]
        loaded = pool.submit(_imported, names).result(timeout=120)
        exporters = pool.submit(_page_exporters).result(timeout=120)
    # rfc3987_syntax (installed here with JupyterLab) would be imported by jsonschema: 0.9 s
    assert loaded == {"papermill": True, "nbconvert": True, "nbformat": True, "jsonschema": True,
                      "rfc3987_syntax": False}  # fmt: skip
    assert exporters == 1  # warmed up before the first report (its first page costs 0.3 s)


# ---------------------------------------------------------------- 4-5. parameters before a kernel


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("majority", "three-quarters", r"`majority` 'three-quarters' is not a General Assembly majority; "
         r".*choose one of simple, two-thirds"),
        ("body", "XX", r"`body` 'XX' is not a UN body .*choose one of GA, SC"),
        ("date", "notadate", r"`date` 'notadate' is not a date; write it as YYYY-MM-DD"),
        ("date", "2025-02-30", r"`date` '2025-02-30' is not a date"),
        ("yes", "-5", r"`yes` -5 is negative; give a count of 0 or more"),
        ("period_a", "abc", r"`period_a` 'abc' is not a year or a range of years"),
        ("period_b", "2019-2010", r"`period_b` '2019-2010' runs backwards"),
        ("year", "20x8", r"`year` '20x8' is not an int"),
        ("year", "1900", r"`year` 1900 has year 1900 outside 1945-2100"),
        ("issue", "zzzz", r"`issue` 'zzzz' matches no roll call in the data .*issue code \(me \(Palestinian"),
        ("metric", "coincidance", r"`metric` 'coincidance' is not an agreement metric; did you mean"),
        ("p5_votes", "USA=maybe", r"`p5_votes`: .*maybe"),
        ("what_if_votes", "yes->no=many", r"`what_if_votes`: .*whole number"),
        ("country", "RUSIA", r"`country` 'RUSIA' is not a known country"),
        ("bloc", "NAMM", r"`bloc` 'NAMM' is not a known bloc"),
    ],
)  # fmt: skip
def test_each_parameter_is_checked_by_its_own_name_before_a_kernel(tmp_path, capsys, param, value, message):
    with pytest.raises(ParameterError, match=message):
        reports.validate("params_all", {param: value}, notebooks_dir=ENGINE)
    code = main([
        "report", "render", "params_all", "-p", f"{param}={value}",
        "--out", str(tmp_path), "--notebooks", str(ENGINE),
    ])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert f"`{param}`" in err
    assert "Traceback" not in err
    assert not any(tmp_path.iterdir())  # no kernel ran, nothing written


def test_valid_values_are_normalised():
    got = reports.validate(
        "params_all",
        {"majority": "Two-Thirds", "body": "sc", "issue": "HR", "date": "2025-02-24", "yes": "0",
         "p5_votes": "USA=no,France=abstain", "period_a": "2000-2009"},
        notebooks_dir=ENGINE,
    )  # fmt: skip
    assert (got["majority"], got["body"], got["issue"], got["yes"]) == ("two-thirds", "SC", "hr", 0)
    # An issue named by words of a label in the data (the fixture's subject) is accepted.
    assert reports.validate("params_all", {"issue": "ukraine"}, notebooks_dir=ENGINE)["issue"] == "ukraine"


def test_params_file_is_yaml_1_2(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("country: NO\nyes: 10\nno: 3\npartners: [NO, SE]\n")
    # YAML 1.1 made these {'country': False, True: 10, False: 3, 'partners': [False, 'SE']}.
    assert reports.load_params_file(params) == {"country": "NO", "yes": 10, "no": 3, "partners": ["NO", "SE"]}
    got = reports.validate("params_all", reports.load_params_file(params), notebooks_dir=ENGINE)
    assert (got["country"], got["yes"], got["partners"]) == ("NOR", 10, ["NOR", "SWE"])
    params.write_text("country: USA\npartners: {a: 1}\n")
    with pytest.raises(ParameterError, match=r"parameter file params.yaml, line 2: `partners`"):
        reports.load_params_file(params)
    with pytest.raises(ParameterError, match=r"`--params-file` '.*nothere.yaml' is not a file"):
        reports.load_params_file(tmp_path / "nothere.yaml")


# ---------------------------------------------------------------- command line: exit codes


def test_a_bug_exits_70_and_says_so(monkeypatch, capsys):
    def broken(**kwargs):
        msg = "oops"
        raise KeyError(msg)

    monkeypatch.setattr(reports, "list_reports", broken)
    assert main(["report", "list", "--notebooks", str(ENGINE)]) == 70
    err = capsys.readouterr().err
    assert "internal error: KeyError: oops" in err
    assert "This is a bug in unvotes" in err
    assert "--debug" in err
    assert "Traceback" not in err
    assert main(["--debug", "report", "list", "--notebooks", str(ENGINE)]) == 70
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_an_unreachable_scheduler_exits_1(tmp_path, capsys):
    import dask
    import distributed  # noqa: F401 - loads the distributed.* settings

    config = _batch_config(tmp_path, ["a"])
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):  # not the default 30 s
        code = main([
            "report", "batch", str(config), "--scheduler", "tcp://127.0.0.1:9",
            "--out", str(tmp_path / "out"), "--notebooks", str(ENGINE),
        ])  # fmt: skip
    assert code == 1
    assert "`--scheduler` 'tcp://127.0.0.1:9': no Dask scheduler answers there" in capsys.readouterr().err


def test_cli_imports_only_the_command_it_runs():
    code = (
        "import sys; from unvotes_lib.cli import build_parser; build_parser(['report', 'list']); "
        "print(sorted(m for m in sys.modules if m.startswith('unvotes_lib.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['unvotes_lib.cli.report']"


# ---------------------------------------------------------------- batch index and Dask


def test_batch_writes_an_index_linking_every_report(tmp_path):
    config = tmp_path / "batch.yaml"
    config.write_text(
        "reports:\n  - report: sleepy\n    grid:\n      tag: ['<b>x</b>', b]\n"
        "  - report: sleepy\n    params: {seconds: abc}\n"
    )
    out = tmp_path / "out"
    result = reports.batch(config, out_dir=out, notebooks_dir=ENGINE, progress=False)
    assert [r.status for r in result.results] == ["ok", "ok", "invalid"]
    assert result.index == out.resolve() / "index.html"
    html = result.index.read_text(encoding="utf-8")
    page = parse(html)
    links = [a["href"] for t, a in page.tags if t == "a" and "href" in a]
    b_folder = "sleepy/tag-b"
    assert f"{b_folder}/report.html" in links
    assert "manifest.json" in links
    for href in links:
        assert (out / href).is_file(), href  # every link points at a file that exists
    text = " ".join("".join(page.text).split())
    assert "tag = <b>x</b>" in text  # the parameter as text, not as markup
    assert [t for t, _ in page.tags if t == "b"] == []
    assert "3 report(s): 2 ok, 0 failed, 0 skipped, 1 invalid" in text
    assert "`seconds` 'abc' is not a float" in text
    assert [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]


@pytest.mark.slow
def test_batch_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    config = _batch_config(tmp_path, ["a", "b"])
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        result = reports.batch(
            config, out_dir=out, notebooks_dir=ENGINE, progress=False, scheduler=cluster.scheduler_address
        )
        assert [r.status for r in result.results] == ["ok", "ok"]
        assert [r.metrics["tag"] for r in result.results] == ["a", "b"]
        manifest = json.loads((out / "manifest.json").read_text())
        assert [e["html"] for e in manifest["reports"]] == [
            "sleepy/defaults/report.html",
            "sleepy/tag-b/report.html",
        ]
        # The same skip rule as a local batch: nothing changed, nothing runs.
        again = reports.batch(
            config, out_dir=out, notebooks_dir=ENGINE, progress=False, scheduler=cluster.scheduler_address
        )
        assert [r.status for r in again.results] == ["skipped", "skipped"]
