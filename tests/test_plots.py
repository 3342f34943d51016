"""plot_tally: artists, not pixels."""

from __future__ import annotations

import dataclasses

import matplotlib.colors as mcolors
import pytest

from unvotes_lib.plots import TALLY_COLOURS, plot_tally
from unvotes_lib.tally import decide, tally, what_if

RES_2774 = {
    **dict.fromkeys(["CHN", "RUS", "USA", "DZA", "GUY", "KOR", "SLE", "PAK", "PAN", "SOM"], "yes"),
    **dict.fromkeys(["FRA", "GBR", "DNK", "GRC", "SVN"], "abstain"),
}


def _bars(ax):
    return [(round(p.get_x()), round(p.get_width()), mcolors.to_hex(p.get_facecolor())) for p in ax.patches]


def test_ga_bar_segments_and_threshold_line():
    ax = plot_tally(decide(tally(yes=93, no=18, abstain=65)))
    # yes 0..93, no 93..111, abstain 111..176
    assert _bars(ax) == [
        (0, 93, TALLY_COLOURS["yes"].lower()),
        (93, 18, TALLY_COLOURS["no"].lower()),
        (111, 65, TALLY_COLOURS["abstain"].lower()),
    ]
    line = ax.lines[0]
    assert list(line.get_xdata()) == [56, 56]  # 111 // 2 + 1
    assert ax.get_title() == "adopted"
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["93", "18", "65"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "yes votes needed (56)" in legend
    assert "abstain (65)" in legend


def test_sc_veto_is_named_under_the_bar():
    base = tally(RES_2774, body="SC", date="2025-02-24")
    ax = plot_tally(what_if(base, {"FRA": "no"}))
    assert ax.lines[0].get_xdata()[0] == 9
    assert [w for _, w, _ in _bars(ax)] == [10, 1, 4]
    assert ax.get_title() == "vetoed"
    assert any(t.get_text() == "veto: FRA" for t in ax.texts)
    assert ax.get_xlabel() == "members of the Security Council"


def test_sc_permanent_no_without_votes_is_not_called_a_veto():
    t = tally(yes=8, no=2, abstain=5, body="SC")
    ax = plot_tally(
        t, permanent_votes={"USA": "no", "CHN": "yes", "FRA": "yes", "RUS": "yes", "GBR": "abstain"}
    )
    assert any(x.get_text() == "permanent member no, not a veto: USA" for x in ax.texts)
    # counts plus only the permanent members' votes: a partial record, counted from its totals
    assert ax.get_title() == "failed: insufficient votes (official totals)"


def test_partial_record_title_says_official_totals():
    t = tally({"USA": "no"}, yes=93, no=18, abstain=65)
    t = dataclasses.replace(t, symbol="A/RES/ES-11/7")
    ax = plot_tally(t)
    assert ax.get_title() == "A/RES/ES-11/7: adopted (official totals)"


def test_draws_on_a_given_axes_and_returns_it():
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(2)
    assert plot_tally(tally(yes=5, no=1), ax=b) is b
    assert len(b.patches) == 2
    assert len(a.patches) == 0
    assert plot_tally(tally(yes=5, no=1), ax=a, title="mine").get_title() == "mine"


def test_errors():
    with pytest.raises(TypeError, match="must be a Decision or a Tally"):
        plot_tally({"yes": 3})
    with pytest.raises(TypeError, match=r"options \['majority'\] only apply to a Tally"):
        plot_tally(decide(tally(yes=3)), majority="two-thirds")
