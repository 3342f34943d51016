"""Kernels forked from a fork server (unvotes_lib.reports.forking) are the kernels a batch
would start afresh: same page, same world (folder, environment, sys.path, matplotlib's inline
backend), and a batch whose fork server cannot start still renders, with fresh kernels."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unvotes_lib import reports
from unvotes_lib.reports import forking

ENGINE = Path(__file__).resolve().parent / "fixtures" / "report_engine"

pytestmark = pytest.mark.skipif(not forking.available(), reason="forking kernels needs POSIX fork")


def _config(tags):
    return {"reports": [{"report": "kernel_world", "grid": {"tag": tags}}]}


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """The same two reports rendered with forked kernels and with fresh ones."""
    root = tmp_path_factory.mktemp("forking")
    os.environ["UNVOTES_TEST_WORLD"] = "given by the test"
    try:
        out = {}
        for fork in (True, False):
            result = reports.batch(
                _config(["a", "b"]),
                out_dir=root / ("forked" if fork else "fresh"),
                notebooks_dir=ENGINE,
                progress=False,
                fork_kernels=fork,
            )
            assert [r.status for r in result.results] == ["ok", "ok"], [r.error for r in result.results]
            out[fork] = result
    finally:
        del os.environ["UNVOTES_TEST_WORLD"]
    return out


def test_forked_and_fresh_kernels_give_the_same_pages(both_ways):
    for forked, fresh in zip(both_ways[True].results, both_ways[False].results, strict=True):
        assert forked.html.read_bytes() == fresh.html.read_bytes()
        assert forked.notebook.read_bytes() == fresh.notebook.read_bytes()
        assert forked.metrics == fresh.metrics


def test_a_forked_kernel_lives_in_its_launchers_world(both_ways):
    metrics = [r.metrics for r in both_ways[True].results]
    assert [m["tag"] for m in metrics] == ["a", "b"]
    for m in metrics:
        assert m["cwd"] == "report_engine"  # the notebook's folder, as papermill asks
        assert m["path0_is_cwd"] is False  # ipykernel_launcher removes the folder from sys.path
        assert m["env"] == "given by the test"  # the environment of this process, not the zygote's
        assert m["backend"] == "module://matplotlib_inline.backend_inline"  # as ipykernel sets it
    page = both_ways[True].results[1].html.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 1  # the inline backend showed the figure


def test_a_fork_server_that_cannot_start_falls_back_to_fresh_kernels(tmp_path, monkeypatch):
    # the zygote dies while preloading (it calls os.abort), so it never says "ready"
    monkeypatch.setattr(forking, "PRELOAD", ("os:abort",))
    with pytest.warns(UserWarning, match=r"fork server did not start.*fresh kernel for each report"):
        result = reports.batch(_config(["a", "b"]), out_dir=tmp_path, notebooks_dir=ENGINE, progress=False)
    assert [r.status for r in result.results] == ["ok", "ok"]
