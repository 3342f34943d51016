"""The teaching notebook runs under papermill, with its defaults and with SC parameters."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "voting_mechanics.ipynb"


def _run(tmp_path, monkeypatch, **parameters):
    papermill = pytest.importorskip("papermill")
    # an inherited MPLBACKEND=Agg would silently drop every figure (NOTEBOOKS.md)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    out = tmp_path / "voting_mechanics.out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o["text"])
        elif "text/plain" in o.get("data", {}):
            parts.append(o["data"]["text/plain"])
    return "\n".join(parts)


def test_committed_stripped_with_a_tagged_typed_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = nb.cells[0]
    assert first.metadata.get("tags") == ["parameters"]
    lines = [line for line in first.source.splitlines() if line.strip()]
    assert all(": " in line.split("=")[0] and "#" in line for line in lines)  # typed and commented
    assert not _outputs(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "def " not in code
    assert "class " not in code


@pytest.mark.slow
def test_defaults_run_with_figures(tmp_path, monkeypatch):
    nb = _run(tmp_path, monkeypatch)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # your vote, its what-if, A/RES/ES-11/7, S/RES/2774 and France's veto: five figures
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5
    text = _text(nb)
    # the default what-if moves 38 of 93 yes votes to no: 55 against 56
    assert "Rejected: 55 yes against 56 no" in text
    assert "The 65 abstentions do not count." in text


@pytest.mark.slow
def test_security_council_parameters(tmp_path, monkeypatch):
    nb = _run(
        tmp_path,
        monkeypatch,
        body="SC",
        yes=13,
        no=1,
        abstain=1,
        p5_votes="USA=no,GBR=abstain",
        date="2023-12-08",
        what_if_votes="USA=abstain",
    )
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5
    text = _text(nb)
    assert "Vetoed: 13 yes, 1 no, 1 abstention" in text
    # if the US had abstained: 13 yes, no veto
    assert "If United States (USA) had voted abstain (not no): Adopted: 13 yes, 0 no, 2 abstentions" in text


@pytest.mark.slow
def test_a_wrong_exercise_answer_fails_the_run(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.source.strip() == 'answer_4 = "rejected"':
            cell.source = 'answer_4 = "adopted"'
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nb, broken)
    monkeypatch.delenv("MPLBACKEND", raising=False)
    with pytest.raises(papermill.PapermillExecutionError, match="AssertionError"):
        papermill.execute_notebook(
            str(broken),
            str(tmp_path / "out.ipynb"),
            kernel_name="python3",
            cwd=str(NOTEBOOK.parent),
            progress_bar=False,
        )
