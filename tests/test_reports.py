"""Tests of unvotes_lib.reports and `unvotes report`, on the fixture notebooks of
tests/fixtures/notebooks (country_votes: a figure, record_metrics, show_provenance on the
real unvotes-2021 data; failing: raises when divisor is 0; roll_call: symbol parameters).

Every render starts a kernel (a few seconds each); this file renders 8 notebooks.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import nbformat
import pytest

from unvotes_lib import reports
from unvotes_lib.cli import main
from unvotes_lib.errors import ParameterError
from unvotes_lib.reports.rendering import _normalise

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"


# ---------------------------------------------------------------- helpers and fixtures


@pytest.fixture(scope="module")
def data_env(reference_dir):
    """Kernels find the real data through UNVOTES_DATA_DIR (they inherit the environment)."""
    old = os.environ.get("UNVOTES_DATA_DIR")
    os.environ["UNVOTES_DATA_DIR"] = str(reference_dir.parent)  # one subfolder per source
    yield reference_dir
    if old is None:
        os.environ.pop("UNVOTES_DATA_DIR", None)
    else:
        os.environ["UNVOTES_DATA_DIR"] = old


def expected_counts(real_data, country: str, first: int, last: int) -> dict:
    """The country's votes by label in [first, last], by plain pandas on the raw tables."""
    votes = real_data.votes.merge(real_data.roll_calls[["rcid", "date"]], on="rcid")
    years = votes["date"].dt.year
    mine = votes[(votes["country"].astype(str) == country) & years.between(first, last)]
    counts = mine["vote"].astype(str).value_counts()
    return {"n_votes": len(mine), **{k: int(counts.get(k, 0)) for k in ("yes", "no", "abstain")}}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png_outputs(notebook: Path) -> list[bytes]:
    nb = nbformat.read(notebook, as_version=4)
    return [
        base64.b64decode(o["data"]["image/png"])
        for c in nb.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]


@pytest.fixture(scope="module")
def rendered(data_env, tmp_path_factory):
    """country_votes with its defaults (USA, 2000-2009), rendered once for several tests."""
    out = tmp_path_factory.mktemp("reports")
    result = reports.render("country_votes", {}, out_dir=out, notebooks_dir=FIXTURES)
    return result, out


def test_a_relative_data_folder_reaches_the_kernel(reference_dir, tmp_path, monkeypatch):
    # `UNVOTES_DATA_DIR=../shared/data make run`: the kernel runs in the notebook's folder, where
    # the relative path names nothing; the renderer must hand it over as an absolute path.
    monkeypatch.chdir(reference_dir.parent.parent)
    monkeypatch.setenv("UNVOTES_DATA_DIR", reference_dir.parent.name)  # "data", relative
    result = reports.render("country_votes", {}, out_dir=tmp_path, notebooks_dir=FIXTURES)
    assert result.status == "ok"
    assert os.environ["UNVOTES_DATA_DIR"] == reference_dir.parent.name  # restored afterwards
    assert sha256_of(reference_dir / "unvotes.csv.gz") in result.html.read_text()


# ---------------------------------------------------------------- discovery and parameters


def test_list_reports_reads_the_parameters_cells():
    found = {r.name: r for r in reports.list_reports(notebooks_dir=FIXTURES)}
    assert sorted(found) == ["country_votes", "failing", "roll_call"]
    params = found["country_votes"].parameters
    # As written in the fixture's parameters cell.
    assert [(p.name, p.type, p.default) for p in params.values()] == [
        ("country", "str", "USA"),
        ("years", "str", "2000-2009"),
        ("data", "str", "unvotes-2021"),
        ("partners", "list[str]", ["RUS", "GBR"]),
        ("top", "int", 3),
        ("threshold", "float", 0.5),
        ("by_issue", "bool", True),
    ]
    assert params["country"].help == "ISO3 code of the country profiled"
    assert found["country_votes"].title == "Votes of one country (test fixture)"
    assert reports.report_parameters("failing", notebooks_dir=FIXTURES)["divisor"].default == 0


def _notebook_with(folder: Path, name: str, parameters: str, body: str = "x = 1") -> Path:
    cells = [
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_a_computed_parameters_cell_is_rejected(tmp_path):
    _notebook_with(tmp_path, "computed", 'first: int = 1990\nyears: str = f"{first}-2019"  # derived')
    _notebook_with(tmp_path, "untyped", 'country = "USA"')
    _notebook_with(tmp_path, "badtype", "when: dict = {}")
    _notebook_with(tmp_path, "mismatch", 'top: int = "three"')
    found = {r.name: r for r in reports.list_reports(notebooks_dir=tmp_path)}
    assert "computes `years`" in found["computed"].error
    assert "may only hold typed literal defaults" in found["untyped"].error
    assert "supported types are str, int, float, bool, list[str], list[int]" in found["badtype"].error
    assert "the default of `top` does not match its type" in found["mismatch"].error
    with pytest.raises(ValueError, match=r"computes `years` \(f\"\{first\}-2019\"\)"):
        reports.render("computed", {}, out_dir=tmp_path / "out", notebooks_dir=tmp_path)
    assert not (tmp_path / "out").exists()  # nothing ran


def test_parse_parameters_optional_and_multiline():
    params = reports.parse_parameters(
        "# a comment line\n"
        "symbol: str | None = None  # roll call\n"
        "years: list[int] = [\n    1990,\n    2000,\n]  # first and last\n"
    )
    assert params["symbol"].optional
    assert params["symbol"].default is None
    assert params["years"].default == [1990, 2000]
    assert params["years"].help == "first and last"
    with pytest.raises(ValueError, match="sets `a` twice"):
        reports.parse_parameters("a: int = 1\na: int = 2")


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("007", "str", "007"),  # a code stays a string, unlike papermill's -p
        (7, "str", "7"),  # YAML turned it into an int
        ("true", "bool", True),
        ("FALSE", "bool", False),
        ("no", "bool", False),
        ("12", "int", 12),
        ("-3", "int", -3),
        ("0.25", "float", 0.25),
        (2, "float", 2.0),
        ("RUS, GBR", "list[str]", ["RUS", "GBR"]),
        ("[RUS, GBR]", "list[str]", ["RUS", "GBR"]),
        ("", "list[str]", []),
        ("1990,2000", "list[int]", [1990, 2000]),
        (["1990", 2000], "list[int]", [1990, 2000]),
    ],
)
def test_coercion_rules(value, kind, expected):
    got = reports.coerce(value, reports.Parameter("x", kind, None))
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("1.5", "int", r"`x` '1.5' is not an int"),
        (True, "int", r"`x` True is not an int"),
        ("maybe", "bool", r"`x` 'maybe' is not a bool; use true or false"),
        ("abc", "float", r"`x` 'abc' is not a float"),
        (["a", 1.5], "list[int]", r"`x\[0\]` 'a' is not an int"),
        ({"a": 1}, "list[str]", r"is not a list of str"),
        (None, "str", r"`x` is None but must be a str"),
    ],
)
def test_coercion_errors(value, kind, message):
    with pytest.raises(TypeError, match=message):
        reports.coerce(value, reports.Parameter("x", kind, None))


def test_optional_accepts_none():
    param = reports.Parameter("x", "str", None, optional=True)
    assert reports.coerce("null", param) is None
    assert reports.coerce(None, param) is None


# ---------------------------------------------------------------- validation (no kernel)


def test_unknown_report_suggests_the_closest():
    with pytest.raises(
        ValueError, match=r"report 'country_vote' is not a notebook .*did you mean 'country_votes'"
    ):
        reports.validate("country_vote", {}, notebooks_dir=FIXTURES)


def test_unknown_parameter_suggests_the_closest():
    with pytest.raises(
        ValueError, match=r"`contry` is not a parameter of report 'country_votes'; did you mean `country`"
    ):
        reports.validate("country_votes", {"contry": "USA"}, notebooks_dir=FIXTURES)


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match=r"`top` 'ten' is not an int"):
        reports.validate("country_votes", {"top": "ten"}, notebooks_dir=FIXTURES)


def test_countries_are_checked_and_normalised():
    with pytest.raises(
        ValueError, match=r"`country` 'RUSIA' is not a known country code or name; did you mean 'RUS'"
    ):
        reports.validate("country_votes", {"country": "RUSIA"}, notebooks_dir=FIXTURES)
    with pytest.raises(ValueError, match=r"`partners` 'Germny' is not a known country"):
        reports.validate("country_votes", {"partners": "FRA,Germny"}, notebooks_dir=FIXTURES)
    got = reports.validate(
        "country_votes", {"country": "France", "partners": "germany, gb"}, notebooks_dir=FIXTURES
    )
    assert got["country"] == "FRA"
    assert got["partners"] == ["DEU", "GBR"]
    # the defaults fill in the rest, in the cell's order
    assert list(got) == ["country", "years", "data", "partners", "top", "threshold", "by_issue"]
    assert got["top"] == 3


def test_partners_accept_bloc_names():
    got = reports.validate("country_votes", {"partners": ["RUS", "eu"]}, notebooks_dir=FIXTURES)
    assert got["partners"] == ["RUS", "EU"]
    got = reports.validate("roll_call", {"bloc": "nato"}, notebooks_dir=FIXTURES)
    assert got["bloc"] == "NATO"
    with pytest.raises(ValueError, match=r"`bloc` 'NAM' is not a known bloc; .*Known blocs: EU"):
        reports.validate("roll_call", {"bloc": "NAM"}, notebooks_dir=FIXTURES)


def test_metric_must_be_an_agreement_metric():
    with pytest.raises(
        ValueError, match=r"`metric` 'coincidance' is not an agreement metric; did you mean 'coincidence'"
    ):
        reports.validate("roll_call", {"metric": "coincidance"}, notebooks_dir=FIXTURES)


def test_data_must_be_a_source_or_a_path(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match=r"`data` 'unvotes2021' is neither .*did you mean 'unvotes-2021'"):
        reports.validate("country_votes", {"data": "unvotes2021"}, notebooks_dir=FIXTURES)
    # A relative path is made absolute: the kernel runs in the notebooks folder.
    (tmp_path / "votes").mkdir()
    monkeypatch.chdir(tmp_path)
    got = reports.validate("country_votes", {"data": "votes"}, notebooks_dir=FIXTURES)
    assert got["data"] == str(tmp_path / "votes")


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("2019-2000", r"`years` '2019-2000' runs backwards; write it like '2000-2019'"),
        ("20x0", r"`years` '20x0' is not a year or a range of years"),
        ("1900-1910", r"`years` '1900-1910' has year 1900 outside 1945-2100"),
    ],
)
def test_years_are_checked(years, message):
    with pytest.raises(ValueError, match=message):
        reports.validate("country_votes", {"years": years}, notebooks_dir=FIXTURES)


def test_all_problems_are_listed_at_once():
    with pytest.raises(
        ValueError, match=r"invalid parameters:\n  - `contry`.*\n  - `top` 'x'.*\n  - `years`"
    ):
        reports.validate(
            "country_votes", {"contry": "USA", "top": "x", "years": "then"}, notebooks_dir=FIXTURES
        )


@pytest.mark.data
def test_symbols_must_be_roll_calls_in_the_data(data_env):
    with pytest.raises(
        ValueError, match=r"`symbol` 'A/RES/74/1O' is not a roll call in this data.*\(data: unvotes-2021\)"
    ):
        reports.validate("roll_call", {"symbol": "A/RES/74/1O"}, notebooks_dir=FIXTURES)
    with pytest.raises(ValueError, match=r"`compare_to` 'A/RES/ES-11/7' is not a roll call"):
        # ES-11/7 is from 2025, after the end of unvotes-2021 (2020)
        reports.validate("roll_call", {"compare_to": "A/RES/ES-11/7"}, notebooks_dir=FIXTURES)
    got = reports.validate("roll_call", {"symbol": "A/RES/74/10"}, notebooks_dir=FIXTURES)
    assert got["symbol"] == "A/RES/74/10"


def test_slug_names_only_what_differs_from_the_defaults(tmp_path):
    job = reports.prepare("failing", {"divisor": "0"}, out_dir=tmp_path, notebooks_dir=FIXTURES)
    assert job.out == tmp_path.resolve() / "failing" / "defaults"  # 0 is the default
    job = reports.prepare("failing", {"divisor": "4"}, out_dir=tmp_path, notebooks_dir=FIXTURES)
    assert job.out == tmp_path.resolve() / "failing" / "divisor-4"
    assert job.title == "failing: divisor=4"
    a = reports.params_slug({"data": "/a/b"})
    b = reports.params_slug({"data": "a-b"})
    assert a != b
    assert a.startswith("data-a-b-")
    assert len(reports.params_slug({"partners": ["ABC"] * 60})) <= 80 + 9


# ---------------------------------------------------------------- batch plans and shards


CONFIG = {
    "reports": [
        {
            "report": "vote_shift",
            "params": {"data": "undl-ga", "partners": ["RUS", "GBR", "FRA", "CHN"]},
            "grid": {"country": ["USA", "FRA", "BRA", "IND", "ZAF"]},
        },
        {
            "report": "resolution_brief",
            "grid": {"symbol": ["A/RES/ES-11/7", "A/RES/ES-11/8"], "data": ["a", "b"]},
        },
        {"report": "explore"},
    ]
}


def test_plan_expands_grids_and_keeps_lists_under_params():
    jobs = reports.plan(CONFIG)
    # 5 countries + 2 symbols x 2 data + 1 = 10
    assert len(jobs) == 10
    assert jobs[0].params == {"data": "undl-ga", "partners": ["RUS", "GBR", "FRA", "CHN"], "country": "USA"}
    assert [j.params["country"] for j in jobs[:5]] == ["USA", "FRA", "BRA", "IND", "ZAF"]
    assert [(j.params["symbol"], j.params["data"]) for j in jobs[5:9]] == [
        ("A/RES/ES-11/7", "a"),
        ("A/RES/ES-11/7", "b"),
        ("A/RES/ES-11/8", "a"),
        ("A/RES/ES-11/8", "b"),
    ]
    assert jobs[9].report == "explore"
    assert jobs[9].params == {}


@pytest.mark.parametrize("n", [1, 2, 3, 4, 11])
def test_shards_partition_the_batch(n):
    everything = [j.index for j in reports.plan(CONFIG)]
    shards = [[j.index for j in reports.plan(CONFIG, shard=f"{i}/{n}")] for i in range(1, n + 1)]
    assert sorted(sum(shards, [])) == everything  # every render in exactly one shard
    sizes = [len(s) for s in shards]
    assert max(sizes) - min(sizes) <= 1  # balanced
    assert shards[0] == everything[::n]  # k-th render -> shard k mod n + 1
    assert shards == [[j.index for j in reports.plan(CONFIG, shard=(i, n))] for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, r"batch config: 'reports' is a required property"),
        (
            {"reports": [{"params": {}}]},
            r"batch config: `reports\[0\]`: 'report' is a required property",
        ),
        (
            {"reports": [{"report": "x", "grid": {"country": "USA"}}]},
            r"`reports\[0\].grid.country`: 'USA' is not of type 'array'",
        ),
        (
            {"reports": [{"report": "x", "params": {"a": 1}, "grid": {"a": [1]}}]},
            r"`a` is both in params and in grid",
        ),
        (
            {"reports": [{"report": "x", "parms": {}}]},
            r"`reports\[0\]`: Additional properties are not allowed \('parms' was unexpected\)",
        ),
        ({"reports": []}, r"`reports`: \[\] should be non-empty"),
        ({"reports": ["x"], "jobs": 2}, r"Additional properties are not allowed \('jobs' was unexpected\)"),
    ],
)
def test_malformed_configs(config, message):
    with pytest.raises(ParameterError, match=message):
        reports.plan(config)


def test_batch_config_is_yaml_1_2_with_file_and_line(tmp_path):
    # YAML 1.1 (PyYAML) read NO as False and `yes: 10` as {True: 10}.
    config = tmp_path / "batch.yaml"
    config.write_text(
        "reports:\n  - report: voting_mechanics\n    params: {yes: 10, no: 3}\n"
        "    grid:\n      country: [NO, SE, DK]\n"
    )
    planned = reports.plan(config)
    assert [p.params for p in planned] == [
        {"yes": 10, "no": 3, "country": "NO"},
        {"yes": 10, "no": 3, "country": "SE"},
        {"yes": 10, "no": 3, "country": "DK"},
    ]
    config.write_text("reports:\n  - report: vote_shift\n    grid:\n      country: USA\n")
    with pytest.raises(
        ParameterError,
        match=r"batch config batch.yaml, line 4: `reports\[0\].grid.country`: 'USA' is not of type",
    ):
        reports.plan(config)
    config.write_text("reports:\n  - report: [unclosed\n")
    with pytest.raises(ParameterError, match=r"batch config batch.yaml, line \d: not valid YAML"):
        reports.plan(config)


@pytest.mark.parametrize("shard", ["0/3", "4/3", "1", "a/b"])
def test_bad_shards(shard):
    with pytest.raises(ParameterError, match=r"`shard` .* must be i/n"):
        reports.plan(CONFIG, shard=shard)


# ---------------------------------------------------------------- rendering


@pytest.mark.data
def test_render_writes_the_layout_and_metrics(rendered, real_data):
    result, out = rendered
    assert result.status == "ok"
    folder = out.resolve() / "country_votes" / "defaults"
    assert result.out == folder
    assert sorted(p.name for p in folder.iterdir()) == ["metrics.json", "report.html", "report.ipynb"]
    doc = json.loads((folder / "metrics.json").read_text())
    expected = expected_counts(real_data, "USA", 2000, 2009)
    for key in ("n_votes", "yes", "no", "abstain"):
        assert doc["metrics"][key] == expected[key], key
    assert doc["metrics"]["yes_share"] == pytest.approx(expected["yes"] / expected["n_votes"])
    assert doc["metrics"]["n_roll_calls_all"] == 6203  # GA roll calls in unvotes-2021 (DESIGN/common docs)
    assert doc["metrics"]["partners_votes"] == {
        p: expected_counts(real_data, p, 2000, 2009)["n_votes"] for p in ("RUS", "GBR")
    }
    assert doc["params"]["country"] == "USA"
    assert doc["params"]["partners"] == ["RUS", "GBR"]
    assert result.metrics == doc["metrics"]


@pytest.mark.data
def test_executed_notebook_has_png_figures_and_no_timings(rendered):
    result, _ = rendered
    pngs = png_outputs(result.notebook)
    assert len(pngs) == 1
    assert pngs[0].startswith(b"\x89PNG\r\n\x1a\n")
    nb = nbformat.read(result.notebook, as_version=4)
    assert [c.id for c in nb.cells] == [f"cell-{i}" for i in range(len(nb.cells))]
    assert nb.metadata["title"] == "country_votes (defaults)"
    assert set(nb.metadata["papermill"]) == {"parameters", "exception"}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    text = json.dumps(nb)
    assert "start_time" not in text
    assert "end_time" not in text
    assert '"duration"' not in text


@pytest.mark.data
def test_html_shows_the_dataset_sha256_without_code(rendered, reference_dir):
    result, _ = rendered
    page = result.html.read_text(encoding="utf-8")
    for name in ("unvotes.csv.gz", "roll_calls.csv.gz", "issues.csv.gz"):
        assert sha256_of(reference_dir / name) in page, name  # hashed here, independently of the library
    assert "<title>country_votes (defaults)</title>" in page
    assert "record_metrics(" not in page
    assert "import matplotlib" not in page
    assert "<script src" not in page  # self-contained: no CDN scripts
    assert page.count("data:image/png;base64,iVBORw0KGgo") >= 1  # the figure, embedded
    assert reports.METRICS_MIME not in page
    doc = json.loads(result.metrics_path.read_text())
    assert [d["sha256"] for d in doc["provenance"]["datasets"]] == [
        sha256_of(reference_dir / n) for n in ("unvotes.csv.gz", "roll_calls.csv.gz", "issues.csv.gz")
    ]


@pytest.mark.data
def test_unchanged_inputs_are_skipped_and_force_gives_identical_bytes(rendered):
    result, out = rendered
    files = {n: (result.out / n).read_bytes() for n in ("report.html", "metrics.json", "report.ipynb")}
    mtimes = {n: (result.out / n).stat().st_mtime_ns for n in files}
    again = reports.render("country_votes", {"country": "USA"}, out_dir=out, notebooks_dir=FIXTURES)
    assert again.status == "skipped"
    assert again.metrics == result.metrics
    assert {n: (result.out / n).stat().st_mtime_ns for n in files} == mtimes  # untouched
    forced = reports.render("country_votes", {}, out_dir=out, notebooks_dir=FIXTURES, force=True)
    assert forced.status == "ok"
    for name, before in files.items():
        assert (result.out / name).read_bytes() == before, f"{name} differs between two renders"


def test_notebook_change_rerenders_and_a_failure_keeps_the_good_report(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    # Saved without kernel metadata (as some editors do): the renderer must still run it.
    nb = nbformat.read(FIXTURES / "failing.ipynb", as_version=4)
    nb.metadata = {}
    nbformat.write(nb, notebooks / "ratio.ipynb")
    out = tmp_path / "out"
    ok = reports.render("ratio", {"divisor": 2}, out_dir=out, notebooks_dir=notebooks)
    assert ok.status == "ok"
    assert ok.metrics == {"ratio": 5.0}  # 10 / 2
    good = {n: (ok.out / n).read_bytes() for n in ("report.html", "metrics.json", "report.ipynb")}
    assert reports.render("ratio", {"divisor": 2}, out_dir=out, notebooks_dir=notebooks).status == "skipped"
    # Edit the notebook: now 10 / (divisor - 2) fails for divisor 2.
    nb = nbformat.read(notebooks / "ratio.ipynb", as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("10 / divisor", "10 / (divisor - 2)")
    nbformat.write(nb, notebooks / "ratio.ipynb")
    with pytest.raises(
        reports.ReportFailed, match=r"ZeroDivisionError.*the executed notebook with the error is .*kept"
    ) as info:
        reports.render("ratio", {"divisor": 2}, out_dir=out, notebooks_dir=notebooks)
    failed = info.value.result
    assert failed.status == "failed"
    assert failed.notebook == ok.out / "report.failed.ipynb"
    assert str(failed.notebook) in str(info.value)
    # The previous good report is untouched; no temporary folder is left beside it.
    assert sorted(p.name for p in failed.out.iterdir()) == [
        "metrics.json",
        "report.failed.ipynb",
        "report.html",
        "report.ipynb",
    ]
    assert {n: (ok.out / n).read_bytes() for n in good} == good
    assert [p.name for p in failed.out.parent.iterdir()] == ["divisor-2"]
    executed = nbformat.read(failed.notebook, as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ZeroDivisionError"]
    assert executed.metadata["papermill"]["exception"] is True
    # The inputs changed: not "unchanged" although the old outputs are complete.
    job = reports.prepare("ratio", {"divisor": 2}, out_dir=out, notebooks_dir=notebooks)
    assert not job.up_to_date()


@pytest.mark.data
def test_a_report_without_show_provenance_still_shows_its_files(data_env, real_data, tmp_path):
    # roll_call.ipynb never calls show_provenance: render adds the table of the files it was given.
    result = reports.render("roll_call", {"symbol": "a/res/74/10"}, out_dir=tmp_path, notebooks_dir=FIXTURES)
    rcid = real_data.roll_calls.loc[real_data.roll_calls["symbol"] == "A/RES/74/10", "rcid"].item()
    votes = real_data.votes.loc[real_data.votes["rcid"] == rcid, "vote"].astype(str)
    assert result.params["symbol"] == "A/RES/74/10"  # spelled as in the data
    assert result.metrics == {
        "symbol": "A/RES/74/10",
        "yes": int((votes == "yes").sum()),
        "no": int((votes == "no").sum()),
    }
    page = result.html.read_text(encoding="utf-8")
    assert "Data provenance" in page
    for name in ("unvotes.csv.gz", "roll_calls.csv.gz", "issues.csv.gz"):
        assert sha256_of(data_env / name) in page, name
    assert json.loads(result.metrics_path.read_text())["provenance"] is None  # none recorded by the notebook


@pytest.mark.data
@pytest.mark.slow
def test_batch_renders_the_valid_sets_and_exits_non_zero(data_env, real_data, tmp_path):
    config = tmp_path / "batch.yaml"
    config.write_text(
        "reports:\n"
        "  - report: country_votes\n"
        "    params: {years: 1990-1999}\n"
        "    grid: {country: [FRA, RUSIA]}\n"
        "  - report: failing\n"
        "    params: {divisor: 0}\n"
    )
    out = tmp_path / "out"
    result = reports.batch(config, out_dir=out, jobs=2, notebooks_dir=FIXTURES, progress=False)
    assert [r.status for r in result.results] == ["ok", "invalid", "failed"]
    assert result.exit_code == 2
    assert "'RUSIA'" in result.results[1].error
    fra = json.loads((out / "country_votes" / "country-FRA_years-1990-1999" / "metrics.json").read_text())
    expected = expected_counts(real_data, "FRA", 1990, 1999)
    assert fra["metrics"]["n_votes"] == expected["n_votes"]
    assert fra["metrics"]["yes"] == expected["yes"]
    assert png_outputs(result.results[0].notebook)
    assert (out / "failing" / "defaults" / "report.failed.ipynb").is_file()
    assert not (out / "failing" / "defaults" / "report.html").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"] == {"ok": 1, "failed": 1, "skipped": 0, "invalid": 1}
    entries = manifest["reports"]
    assert [e["status"] for e in entries] == ["ok", "invalid", "failed"]
    assert entries[0]["html"] == "country_votes/country-FRA_years-1990-1999/report.html"
    assert entries[0]["params"]["country"] == "FRA"
    assert {d["sha256"] for d in entries[0]["datasets"]} == {
        sha256_of(data_env / n) for n in ("unvotes.csv.gz", "roll_calls.csv.gz", "issues.csv.gz")
    }
    assert entries[2]["notebook"] == "failing/defaults/report.failed.ipynb"
    assert "ZeroDivisionError" in entries[2]["error"]


# ---------------------------------------------------------------- command line


def test_cli_list(capsys):
    assert main(["report", "list", "--notebooks", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "country_votes" in out
    assert "ISO3 code of the country profiled" in out
    assert "list[str]" in out
    assert main(["report", "list", "--notebooks", str(FIXTURES), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["report"] for r in listed] == ["country_votes", "failing", "roll_call"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-p", "contry=USA"], "did you mean `country`"),
        (["-p", "country"], "must be KEY=VALUE"),
        (["-p", "top=ten"], "`top` 'ten' is not an int"),
        (["-p", "country=RUSIA"], "did you mean 'RUS'"),
    ],
)
def test_cli_render_invalid_parameters_exit_2(argv, message, tmp_path, capsys):
    code = main(
        ["report", "render", "country_votes", *argv, "--out", str(tmp_path), "--notebooks", str(FIXTURES)]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # no kernel ran, nothing written


@pytest.mark.data
def test_cli_render_other_parameters(data_env, real_data, tmp_path, capsys, monkeypatch):
    # MPLBACKEND=Agg would make figures vanish from the executed notebook: render drops it for the kernel.
    monkeypatch.setenv("MPLBACKEND", "Agg")
    params = tmp_path / "params.yaml"
    params.write_text("partners: [FRA, DEU]\nyears: '1980-1989'\ncountry: CHN\n")
    code = main([
        "report", "render", "country_votes", "-f", str(params), "-p", "country=gb", "-p", "years=1990-1999",
        "--out", str(tmp_path / "out"), "--notebooks", str(FIXTURES),
    ])  # fmt: skip
    assert code == 0
    folder = (tmp_path / "out" / "country_votes" / "country-GBR_years-1990-1999_partners-FRA+DEU").resolve()
    assert f"Open {(folder / 'report.html').as_uri()}" in capsys.readouterr().out
    doc = json.loads((folder / "metrics.json").read_text())
    assert doc["metrics"]["n_votes"] == expected_counts(real_data, "GBR", 1990, 1999)["n_votes"]
    assert doc["metrics"]["partners_votes"] == {
        p: expected_counts(real_data, p, 1990, 1999)["n_votes"] for p in ("FRA", "DEU")
    }
    assert png_outputs(folder / "report.ipynb"), "no PNG output: figures vanished"
    assert os.environ["MPLBACKEND"] == "Agg"  # restored for the caller


def test_cli_render_failure_exits_1_and_says_where(tmp_path, capsys):
    code = main(["report", "render", "failing", "--out", str(tmp_path), "--notebooks", str(FIXTURES)])
    assert code == 1
    err = capsys.readouterr().err
    notebook = (tmp_path / "failing" / "defaults" / "report.failed.ipynb").resolve()
    assert "ZeroDivisionError" in err
    assert str(notebook) in err
    assert notebook.is_file()


def test_cli_batch_with_only_invalid_sets_exits_2(tmp_path, capsys):
    config = tmp_path / "batch.yaml"
    config.write_text("reports:\n  - report: failing\n    grid: {divisor: [one, 2.5]}\n")
    code = main(
        ["report", "batch", str(config), "--out", str(tmp_path / "out"), "--notebooks", str(FIXTURES)]
    )
    assert code == 2
    captured = capsys.readouterr()
    assert "`divisor` 'one' is not an int" in captured.err
    assert "`divisor` 2.5 is not an int" in captured.err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [e["status"] for e in manifest["reports"]] == ["invalid", "invalid"]
    assert "0 ok, 0 failed, 0 skipped, 2 invalid" in captured.out


def test_cli_batch_shard_writes_its_own_manifest(tmp_path, capsys):
    config = tmp_path / "batch.yaml"
    config.write_text("reports:\n  - report: failing\n    grid: {divisor: [x, y, z]}\n")
    code = main([
        "report", "batch", str(config), "--shard", "2/2",
        "--out", str(tmp_path), "--notebooks", str(FIXTURES),
    ])  # fmt: skip
    assert code == 2
    manifest = json.loads((tmp_path / "manifest.shard-2-of-2.json").read_text())
    assert manifest["shard"] == "2/2"
    assert [e["index"] for e in manifest["reports"]] == [1]  # of 0, 1, 2 only 1 is in shard 2 of 2
    assert "'y'" in manifest["reports"][0]["error"]


# ---------------------------------------------------------------- odds and ends


def test_notebooks_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("UNVOTES_NOTEBOOKS", raising=False)
    repo = Path(__file__).resolve().parent.parent
    if (repo / "notebooks").is_dir():
        assert reports.notebooks_folder() == repo / "notebooks"  # a source tree: the repository's folder
    else:  # no report notebook committed yet
        with pytest.raises(FileNotFoundError, match="No report notebooks found"):
            reports.notebooks_folder()
    monkeypatch.setenv("UNVOTES_NOTEBOOKS", str(FIXTURES))
    assert reports.notebooks_folder() == FIXTURES
    assert [r.name for r in reports.list_reports()] == ["country_votes", "failing", "roll_call"]
    with pytest.raises(
        ParameterError, match=r"`notebooks_dir` '.*nowhere' is not a folder of report notebooks"
    ):
        reports.notebooks_folder(tmp_path / "nowhere")


def test_record_metrics_rejects_what_json_cannot_hold():
    with pytest.raises(TypeError, match=r"record_metrics: `metrics.when` is a object"):
        reports.record_metrics({"when": object()})
    with pytest.raises(TypeError, match=r"takes a dict of name -> value, not list"):
        reports.record_metrics([("a", 1)])


def test_normalise_drops_the_kernel_temp_file_from_warnings_and_tracebacks():
    # ipykernel compiles each cell into /tmp/ipykernel_<pid>/<hash>.py: the pid differs per run.
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.outputs = [
        nbformat.v4.new_output(
            "stream", name="stderr", text="/tmp/ipykernel_19711/722127822.py:1: UserWarning: partial\n"
        ),
        nbformat.v4.new_output(
            "error",
            ename="ValueError",
            evalue="bad",
            traceback=["File \x1b[0;32m/tmp/ipykernel_4242/99.py:3\x1b[0m"],
        ),
    ]
    nb.cells = [cell]
    job = reports.Job("r", Path("r.ipynb"), Path("."), {}, {}, Path("out"), "r", {})
    _normalise(nb, job, failed=False)
    assert nb.cells[0].outputs[0]["text"] == "<cell>:1: UserWarning: partial\n"
    assert nb.cells[0].outputs[1]["traceback"] == ["File \x1b[0;32m<cell>:3\x1b[0m"]
    assert nb.cells[0]["id"] == "cell-0"
