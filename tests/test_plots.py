"""The figures: artists, not pixels (colours, labels, scales), and the HTML that carries them."""

from __future__ import annotations

import dataclasses

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from unvotes_lib import plots
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


# ---------------------------------------------------------------- one look for every page


SHIFT = pd.DataFrame(
    {
        "period": [2000, 2001] * 3,
        "partner": ["RUS", "RUS", "GBR", "GBR", "EU", "EU"],
        "value": [0.5, 0.2, 0.8, 0.9, 0.7, 0.6],
        "unusual": [False, True, False, False, False, False],
    }
)


def _hex(c) -> str:
    return mcolors.to_hex(c)


def test_colours_follow_the_country_not_the_order():
    a = plots.country_colours("USA", ["RUS", "GBR", "EU"])
    b = plots.country_colours("USA", ["EU", "GBR", "RUS", "USA"])
    assert a == b
    assert a["USA"] == plots.FOCUS_COLOUR
    assert len(set(a.values())) == 4  # distinguishable hues
    # the marker colour and grey are no country's colour
    assert plots.MARKER_COLOUR not in plots.PALETTE
    assert plots.MARKER_COLOUR != plots.FOCUS_COLOUR
    assert plots.OTHER_COLOUR not in plots.PALETTE


def test_alignment_lines_use_the_page_colours_and_names():
    colours = plots.country_colours("USA", ["RUS", "GBR", "EU"])
    ax = plots.plot_alignment(SHIFT, colours=colours)
    drawn = {line.get_label(): _hex(line.get_color()) for line in ax.get_lines()}
    assert drawn == {
        "Russia (RUS)": colours["RUS"].lower(),
        "United Kingdom (GBR)": colours["GBR"].lower(),
        "EU": colours["EU"].lower(),
    }
    ring = ax.collections[0]
    assert _hex(ring.get_edgecolor()[0]) == plots.MARKER_COLOUR
    assert ring.get_offsets().tolist() == [[2001.0, 0.2]]
    assert ax.get_xlabel()  # axis labels everywhere
    assert ax.get_ylabel()
    plt.close("all")


def test_ideal_points_band_is_the_given_interval():
    ideal = pd.DataFrame(
        {
            "year": [2000, 2001],
            "country": "USA",
            "ideal": [1.0, 1.2],
            "se": [0.5, 0.5],
            "lo": [0.0, 0.2],
            "hi": [2.0, 2.2],
        }
    )
    ax = plots.plot_ideal_points(ideal, colours=plots.country_colours("USA"))
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(0.0)  # lo/hi as given
    assert band[:, 1].max() == pytest.approx(2.2)
    plt.close("all")
    ax = plots.plot_ideal_points(ideal, errorbar=("ci", 50))
    # 50 %: z = 0.6745, 1.0 +/- 0.337
    assert ax.collections[0].get_paths()[0].vertices[:, 1].min() == pytest.approx(
        1.0 - 0.6745 * 0.5, abs=1e-3
    )
    plt.close("all")
    assert len(plots.plot_ideal_points(ideal, errorbar=None).collections) == 0
    plt.close("all")
    with pytest.raises(ValueError, match=r"`errorbar` \('sd', 1\)"):
        plots.plot_ideal_points(ideal, errorbar=("sd", 1))


def test_heatmap_diverging_scale_centred_on_zero_with_names():
    m = pd.DataFrame([[1.0, -0.4], [-0.4, 1.0]], index=["USA", "CUB"], columns=["USA", "CUB"])
    ax = plots.plot_agreement_heatmap(m, label_name="kappa")
    mesh = ax.collections[0]
    assert mesh.get_clim() == (-1.0, 1.0)
    # 0 gets the middle of the red-blue map (near white); -1 red, +1 blue
    import matplotlib as mpl

    rdbu = mpl.colormaps["RdBu"]
    assert mesh.cmap(mesh.norm(0.0)) == pytest.approx(rdbu(0.5), abs=0.02)
    assert mesh.cmap(mesh.norm(-1.0)) == pytest.approx(rdbu(0.0), abs=0.02)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["United States (USA)", "Cuba (CUB)"]
    assert "\u22120.40" in [t.get_text() for t in ax.texts]
    plt.close("all")
    ax = plots.plot_agreement_heatmap(m.abs())
    assert ax.collections[0].get_clim() == (0.0, 1.0)
    plt.close("all")


def test_vote_shares_in_percent_from_0_to_100():
    s = pd.DataFrame({"period": [2018, 2019], "country": "USA", "share_yes": [0.25, 0.5]})
    ax = plots.plot_vote_shares(s)
    assert ax.get_lines()[0].get_ydata().tolist() == [25.0, 50.0]
    assert tuple(ax.get_ylim()) == (0.0, 100.0)
    assert "%" in ax.get_ylabel()
    plt.close("all")


def test_p5_plot_draws_the_totals_it_is_given():
    totals = pd.DataFrame(
        {"seat": ["China", "France"], "yes": [10, 8], "no": [1, 0], "abstain": [0, 3], "absent": [0, 0]}
    )
    ax = plots.plot_p5_votes(totals)
    widths = [round(p.get_width()) for p in ax.patches]
    assert widths[:2] == [10, 8]  # yes bars: no summing inside the plot
    plt.close("all")


def test_figure_html_alt_text_narrow_version_and_source():
    ax = plots.plot_alignment(SHIFT, colours=plots.country_colours("USA", ["RUS", "GBR", "EU"]))
    page = plots.figure_html(
        ax, alt='Agreement with Russia fell from 50 % to 20 % <"2001">', source="Source: x"
    )
    soup = BeautifulSoup(page, "html.parser")
    img = soup.find("img")
    assert img["alt"] == 'Agreement with Russia fell from 50 % to 20 % <"2001">'
    assert img["src"].startswith("data:image/png;base64,")
    phone = soup.find("source")
    assert phone["media"] == "(max-width: 640px)"
    assert phone["srcset"].startswith("data:image/png;base64,")
    assert soup.find("figcaption").get_text() == "Source: x"
    # after the phone layout no text is under 10 pt: at 420 px shown in 360 px, about 12 px
    texts = [
        t for t in ax.figure.findobj(lambda a: hasattr(a, "get_fontsize")) if getattr(t, "get_text", None)
    ]
    assert min(t.get_fontsize() for t in texts if t.get_text()) >= 10
    assert ax.figure.get_size_inches()[0] == pytest.approx(4.2)
    plt.close("all")


def test_drawn_colours_reads_the_lines():
    colours = plots.country_colours("USA", ["RUS"])
    ax = plots.plot_alignment(SHIFT[SHIFT["partner"] == "RUS"], colours=colours)
    assert plots.drawn_colours(ax.figure) == {"Russia (RUS)": colours["RUS"].lower()}
    plt.close("all")
