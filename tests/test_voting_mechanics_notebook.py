"""The teaching notebook: rendered once with its defaults, and run once more under papermill with
Security Council parameters and a deliberately wrong exercise answer (two kernel runs in all)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from unvotes_lib import reports

from .test_report_notebooks import CURATED, _curated_sha, assert_clean_page

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "voting_mechanics.ipynb"


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o["text"])
        for mime in ("text/markdown", "text/plain", "text/html"):
            if mime in o.get("data", {}):
                parts.append(o["data"][mime])
    return "\n".join(parts).replace("\\", "")  # Markdown escapes: "\\(USA\\)" reads "(USA)"


def test_committed_stripped_with_a_tagged_typed_parameters_cell_and_blank_answers():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = nb.cells[0]
    assert first.metadata.get("tags") == ["parameters"]
    lines = [line for line in first.source.splitlines() if line.strip()]
    assert all(": " in line.split("=")[0] and "#" in line for line in lines)  # typed and commented
    assert not _outputs(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "def " not in code
    assert "class " not in code
    for n in range(1, 6):  # the exercises are left for the student
        assert f"answer_{n} = None" in code
    assert "assert " not in code  # a wrong answer gives a hint, not an AssertionError


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return reports.render("voting_mechanics", {}, out_dir=tmp_path_factory.mktemp("vm"))


@pytest.mark.slow
def test_defaults_render_a_clean_teaching_page(rendered):
    assert rendered.status == "ok"
    nb = nbformat.read(rendered.notebook, as_version=4)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # your vote, its what-if, A/RES/ES-11/7, S/RES/2774 and France's veto: five figures
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5
    metrics = json.loads(rendered.metrics_path.read_text())
    assert metrics["provenance"]["datasets"][0]["sha256"] == _curated_sha()
    # Defaults: 93-18-65 adopted needing 56 (DOMAIN.md); S/RES/2774 with France voting no is vetoed;
    # with Algeria and Guyana abstaining it has 8 yes votes: failed, insufficient votes.
    m = rendered.metrics
    assert (m["your_outcome"], m["your_required"], m["your_margin"]) == ("adopted", 56, 37)
    assert (m["s_res_2774"], m["france_no"], m["two_abstain"]) == (
        "adopted",
        "vetoed",
        "failed: insufficient votes",
    )
    assert m["what_if_outcome"] == "rejected"
    html = rendered.html.read_text()
    assert_clean_page(html)
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    # the default what-if moves 38 of 93 yes votes to no: 55 against 56
    assert "Rejected: 55 yes against 56 no" in text
    assert "The 65 abstentions do not count." in text
    # 193 members, 93 yes: 100 did not vote yes (18 no, 65 abstained, 193 - 93 - 18 - 65 = 17 did not vote)
    assert (
        "although 100 of the 193 members did not vote yes: 18 voted no, 65 abstained and the other 17" in text
    )
    # the primer comes before the numbers
    primer = text.find("present and voting")
    assert 0 <= primer < text.find("Your vote ¶")
    assert "China, France, Russia, United Kingdom, United States" in text
    assert "Tally(" not in text
    # exercises blank with a prompt; the answers collapsed at the end
    assert text.count("Write your answer in the cell above") == 5
    details = BeautifulSoup(html, "html.parser").find("details")
    assert details is not None
    assert "Answers" in details.find("summary").get_text()
    assert [li.find("b").get_text() for li in details.find_all("li")] == [
        "80",
        "vetoed",
        "failed: insufficient votes",
        "rejected",
        "38",
    ]


@pytest.mark.slow
def test_security_council_parameters_and_a_wrong_answer(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # would silently drop every figure (NOTEBOOKS.md)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.source.startswith("answer_4 = None"):
            cell.source = 'answer_4 = "adopted"  # wrong: 50-50 is a tie'
        if cell.source.startswith("answer_1 = None"):
            cell.source = "answer_1 = 80"
    edited = tmp_path / "edited.ipynb"
    nbformat.write(nb, edited)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(edited),
        str(out),
        parameters={
            "body": "SC",
            "yes": 13,
            "no": 1,
            "abstain": 1,
            "p5_votes": "USA=no,GBR=abstain",
            "date": "2023-12-08",
            "what_if_votes": "USA=abstain",
        },
        kernel_name="python3",
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
    )
    ran = nbformat.read(out, as_version=4)
    outputs = _outputs(ran)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 5
    text = _text(ran)
    assert "Vetoed: 13 yes, 1 no, 1 abstention" in text
    # if the US had abstained: 13 yes, no veto
    assert "If United States (USA) had voted abstain (not no)" in text
    assert "Adopted: 13 yes, 0 no, 2 abstentions" in text
    assert "**Not yet** (you wrote adopted). Hint: a simple majority needs more yes than no votes." in text
    assert text.count("**Correct.**") == 1
    assert "Traceback" not in text
    assert CURATED.exists()
