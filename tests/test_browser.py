"""A rendered report opened in a real browser: headless Chromium (Debian's `chromium`
package, never a browser download) driven by Playwright for Python.

Skipped, with the reason, only where /usr/bin/chromium or the playwright package is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from unvotes_lib import reports

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
#: A copy of the screenshot for people to look at (the lead checks it by eye).
SHARED_SCREENSHOT = Path("/tmp/report_screenshot.png")


@pytest.mark.data
def test_rendered_report_opens_in_chromium(browser, reference_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir.parent))  # one subfolder per source
    result = reports.render(
        "country_votes", {"country": "FRA"}, out_dir=tmp_path / "out", notebooks_dir=FIXTURES
    )
    assert result.status == "ok"

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    page.goto(result.html.as_uri())
    page.wait_for_load_state("load")

    images = page.evaluate(
        "Array.from(document.images)"
        ".map(i => ({src: i.src.slice(0, 30), complete: i.complete, w: i.naturalWidth}))"
    )
    assert len(images) == 1  # the fixture draws one figure
    for image in images:
        assert image["complete"], image
        assert image["w"] > 0, f"figure did not decode: {image}"
        assert image["src"].startswith("data:image/png;base64,")  # embedded, not a file beside the page
    assert problems == []
    assert page.title() == "country_votes: country=FRA"
    text = page.inner_text("body")
    assert "Data provenance" in text
    assert "import matplotlib" not in text  # the code is hidden

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    if os.access(SHARED_SCREENSHOT.parent, os.W_OK):
        shutil.copyfile(shot, SHARED_SCREENSHOT)
    page.close()


def test_resolution_brief_opens_in_chromium(browser, tmp_path, reference_dir, monkeypatch):
    """The product report of the README's main job, not only a fixture."""
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir.parent))  # its default data is `ga`
    result = reports.render("resolution_brief", {}, out_dir=tmp_path / "out")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.goto(result.html.as_uri())
    page.wait_for_load_state("load")
    widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == 2  # the tally bar and the votes by bloc
    assert all(w > 0 for w in widths), widths
    assert problems == []
    text = page.inner_text("body")
    assert "Adopted: 93 yes against 18 no" in text  # DOMAIN.md section 1
    assert "Partial record" in text
    assert "briefs.decide_roll_call" not in text  # the code is hidden
    page.screenshot(path=str(tmp_path / "brief.png"), full_page=True)
    page.close()


def test_phone_width_shows_the_narrow_figures_with_readable_text(
    browser, tmp_path, reference_dir, monkeypatch
):
    """At 390 px each figure switches to its phone layout (plots.figure_html): the smallest text,
    10 pt at 100 dpi (13.9 px in the PNG), is drawn at 11 px or more on the screen."""
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(reference_dir.parent))  # its default data is `ga`
    result = reports.render("resolution_brief", {}, out_dir=tmp_path / "out")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(result.html.as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate(
        "Array.from(document.images).map(i => ({src: i.src, current: i.currentSrc, shown: i.width,"
        " natural: i.naturalWidth, alt: i.alt}))"
    )
    assert len(images) == 2
    for image in images:
        assert image["current"] != image["src"]  # the <source> for narrow screens was chosen
        assert image["shown"] <= 390
        assert image["shown"] / image["natural"] * 10 * 100 / 72 >= 11, image["shown"] / image["natural"]
        assert image["alt"].startswith("Stacked bar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    page.close()
