"""Figures from analysis results (matplotlib); no data loading, no statistics.

Every function takes a result first, options keyword-only, draws on ``ax`` (a new
figure's axes if None) and returns the Axes. Nothing here calls ``matplotlib.use``
or sets a backend: notebooks keep their inline backend.

One look for every report:

- :func:`country_colours` gives each country of a page one colour, used by every figure
  of the page: the focus country the strongest (:data:`FOCUS_COLOUR`), the partners hues
  of a fixed palette in the alphabetical order of their codes (so the same partners get
  the same colours whatever order a reader lists them in), everything else grey.
  :data:`MARKER_COLOUR` (rings on unusual changes) is a colour no country gets.
- :func:`label` writes a country as "Russia (RUS)"; blocs keep their name.
- :func:`show` puts a figure on the page with its alt text, a source line, and a
  second, narrow layout for phones (text stays at least 11 px high at 390 px).
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap

__all__ = [
    "FOCUS_COLOUR",
    "MARKER_COLOUR",
    "OTHER_COLOUR",
    "PALETTE",
    "TALLY_COLOURS",
    "country_colours",
    "FIGURE_METADATA",
    "drawn_colours",
    "figure_html",
    "label",
    "plot_agreement_heatmap",
    "plot_alignment",
    "plot_bloc_votes",
    "plot_group_coincidence",
    "plot_ideal_points",
    "plot_p5_votes",
    "plot_tally",
    "plot_vote_shares",
    "show",
]

#: Colours of the vote kinds in :func:`plot_tally` (colour-blind safe: Okabe-Ito).
TALLY_COLOURS = {"yes": "#009E73", "no": "#D55E00", "abstain": "#999999", "absent": "#DDDDDD"}
_LABELS = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "not voting"}

#: The focus country of a page: the strongest colour (Okabe-Ito blue).
FOCUS_COLOUR = "#0072B2"
#: Partners, in the alphabetical order of their codes (Okabe-Ito, then darker hues).
PALETTE = ("#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#762A83", "#1B7837")
#: Every other country.
OTHER_COLOUR = "#B0B0B0"
#: Rings and marks that are not a country (e.g. "unusual change"): a colour no country has.
MARKER_COLOUR = "#000000"

_MIN_POINTS = 10  # smallest text on a figure, in points (about 12 px on a phone at 390 px)
_NARROW_INCHES = 4.2  # the phone layout's width (420 px at 100 dpi, shown at about 360 px)


def country_colours(focus: str | None = None, partners=()) -> dict[str, str]:
    """One colour per country for a whole page (and the same across pages where possible).

    Parameters
    ----------
    focus : str, optional
        The country the page is about: :data:`FOCUS_COLOUR`.
    partners : list of str
        The countries (or blocs) compared with it. They get :data:`PALETTE` in the
        alphabetical order of their codes, so the same set of partners gets the same
        colours whatever order they are listed in; the focus is never a partner.
        Beyond the palette's length, partners are grey.

    Returns
    -------
    dict
        Code -> colour (hex). Codes not in it are drawn in :data:`OTHER_COLOUR`.

    Examples
    --------
    >>> country_colours("USA", ["RUS", "GBR"]) == country_colours("USA", ["GBR", "RUS", "USA"])
    True
    >>> country_colours("USA", ["RUS", "GBR"])
    {'USA': '#0072B2', 'GBR': '#D55E00', 'RUS': '#009E73'}
    """
    out = {str(focus): FOCUS_COLOUR} if focus else {}
    others = sorted({str(p) for p in partners} - set(out))
    for i, code in enumerate(others):
        out[code] = PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR
    return out


def label(code) -> str:
    """A country as its name with its code ("Russia (RUS)"); a bloc or unknown code as given.

    Parameters
    ----------
    code : str
        ISO3 code or bloc name.

    Returns
    -------
    str

    Examples
    --------
    >>> label("RUS"), label("EU"), label("XYZ")
    ('Russia (RUS)', 'EU', 'XYZ')
    """
    from . import blocs as _blocs
    from . import countries as _countries

    code = str(code)
    if _blocs.is_bloc(code):
        return code
    name = _countries.name_of(code)
    return f"{name} ({code})" if name != code else code


def _colour(colours: dict | None, code) -> str:
    return (colours or {}).get(str(code), OTHER_COLOUR)


def _legend_below(ax, n: int, *, ncol: int | None = None):
    if not ax.get_legend_handles_labels()[0]:
        return None
    return ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=ncol or min(n, 3),
        frameon=False,
        fontsize=_MIN_POINTS,
    )


def _tidy(ax) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_MIN_POINTS)


def plot_tally(
    decision_or_tally,
    *,
    ax=None,
    title: str | None = None,
    colours: dict | None = None,
    annotate: bool = True,
    **decide_options,
):
    """Draw a roll call's votes as one stacked bar, with the yes votes needed marked.

    The bar stacks yes, no, abstain and not voting, left to right, in members; a
    vertical line marks the yes votes needed (:attr:`Decision.required`), so the yes
    segment passes the line exactly when the yes votes suffice. For the Security
    Council, the permanent members who voted no are named under the bar.

    Parameters
    ----------
    decision_or_tally : Decision or Tally
        A :class:`~unvotes_lib.tally.Decision`, or a :class:`~unvotes_lib.tally.Tally`
        decided here with :func:`~unvotes_lib.tally.decide` and ``decide_options``.
    ax : matplotlib Axes, optional
    title : str, optional
        Default: the symbol (if any) and the outcome.
    colours : dict, optional
        Vote kind -> colour; default :data:`TALLY_COLOURS`.
    annotate : bool
        Write each segment's count inside it.
    **decide_options
        Passed to :func:`~unvotes_lib.tally.decide` when a Tally is given.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from unvotes_lib.tally import decide, tally
    >>> ax = plot_tally(decide(tally(yes=93, no=18, abstain=65)))
    >>> [round(p.get_width()) for p in ax.patches]
    [93, 18, 65]
    >>> ax.lines[0].get_xdata()[0]
    56
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    from .tally import Decision, Tally, decide

    if isinstance(decision_or_tally, Tally):
        decision = decide(decision_or_tally, **decide_options)
    elif isinstance(decision_or_tally, Decision):
        if decide_options:
            msg = f"options {sorted(decide_options)} only apply to a Tally; this is a Decision already."
            raise TypeError(msg)
        decision = decision_or_tally
    else:
        msg = (
            f"`decision_or_tally` must be a Decision or a Tally (unvotes_lib.tally); "
            f"got {type(decision_or_tally).__name__}."
        )
        raise TypeError(msg)
    t = decision.tally
    colours = {**TALLY_COLOURS, **(colours or {})}
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 2.4), layout="constrained")
    left = 0
    for kind in ("yes", "no", "abstain", "absent"):
        n = getattr(t, kind)
        if n == 0:
            continue
        ax.barh(
            0,
            n,
            left=left,
            height=0.6,
            color=colours[kind],
            edgecolor="white",
            label=f"{_LABELS[kind]} ({n})",
        )
        if annotate:
            ax.text(
                left + n / 2,
                0,
                str(n),
                ha="center",
                va="center",
                fontsize=_MIN_POINTS + 1,
                color="white" if kind in ("yes", "no") else "black",
            )
        left += n
    ax.axvline(
        decision.required,
        color=MARKER_COLOUR,
        linestyle="--",
        linewidth=1.5,
        label=f"yes votes needed ({decision.required})",
    )
    ax.set_xlim(0, max(left, decision.required) * 1.02 or 1)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    members = "members of the Security Council" if decision.body == "SC" else "members (votes)"
    ax.set_xlabel(members, fontsize=_MIN_POINTS)
    if decision.permanent_no:
        who = ", ".join(decision.permanent_no)
        kind = "veto" if decision.vetoed_by else "permanent member no, not a veto"
        ax.annotate(f"{kind}: {who}", xy=(0, -0.45), xycoords=("axes fraction", "data"), fontsize=_MIN_POINTS)
    if title is None:
        title = f"{t.symbol + ': ' if t.symbol else ''}{decision.outcome}"
        if t.partial:
            title += " (official totals)"
    ax.set_title(title)
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: labels[i].startswith("yes votes needed"))  # line last
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.45),
        ncol=min(len(labels), 4),
        frameon=False,
        fontsize=_MIN_POINTS,
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_MIN_POINTS)
    return ax


def _axes(ax, figsize=(8, 4.2)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_alignment(
    shift,
    *,
    colours: dict | None = None,
    ax=None,
    title: str | None = None,
    ylabel: str = "agreement (coincidence, 0-1)",
):
    """Agreement with each partner over time, one colour per partner, unusual changes ringed.

    Parameters
    ----------
    shift : DataFrame
        The output of :func:`unvotes_lib.shifts.alignment_shift` (period, partner,
        value, unusual).
    colours : dict, optional
        Code -> colour for the page (:func:`country_colours`); default: the partners
        in the order of :func:`country_colours`.
    ax : matplotlib Axes, optional
    title : str, optional
    ylabel : str
        The measure and its unit.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> shift = pd.DataFrame({"period": [2000, 2001, 2000, 2001], "partner": ["RUS", "RUS", "GBR", "GBR"],
    ...                       "value": [0.5, 0.2, 0.8, 0.9], "unusual": [False, True, False, False]})
    >>> ax = plot_alignment(shift, colours=country_colours("USA", ["RUS", "GBR"]))
    >>> [(line.get_label(), line.get_color()) for line in ax.get_lines()]
    [('Russia (RUS)', '#009E73'), ('United Kingdom (GBR)', '#D55E00')]
    >>> ax.collections[0].get_offsets().tolist()  # the one unusual point
    [[2001.0, 0.2]]
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax)
    data = shift.dropna(subset=["value"])
    if colours is None:
        colours = country_colours(None, data["partner"].astype(str).unique())
    for partner, g in data.groupby("partner", sort=False):
        ax.plot(
            g["period"],
            g["value"],
            marker="o",
            markersize=3,
            color=_colour(colours, partner),
            label=label(partner),
        )
    flagged = data[data["unusual"].astype(bool)]
    if len(flagged):
        ax.scatter(
            flagged["period"],
            flagged["value"],
            s=110,
            facecolors="none",
            edgecolors=MARKER_COLOUR,
            linewidths=1.5,
            label="unusual change",
            zorder=3,
        )
    low = data["value"].min() if len(data) else 0
    ax.set_ylim(-0.02 if low >= 0 else -1.02, 1.02)
    if low < 0:
        ax.axhline(0, color="#666666", linewidth=0.8)
    ax.set_xlabel("year", fontsize=_MIN_POINTS)
    ax.set_ylabel(ylabel, fontsize=_MIN_POINTS)
    _tidy(ax)
    _legend_below(ax, data["partner"].nunique() + 1)
    if title:
        ax.set_title(title)
    return ax


def plot_agreement_heatmap(
    matrix,
    *,
    diverging: bool | None = None,
    ax=None,
    title: str | None = None,
    annot: bool = True,
    label_name: str = "agreement",
):
    """A countries x countries agreement table as a heatmap, countries named.

    Parameters
    ----------
    matrix : DataFrame
        The output of :func:`unvotes_lib.agreement.agreement_matrix` (codes on both axes).
    diverging : bool, optional
        True for measures that go below 0 (kappa, pi, S): a red-blue scale from -1 to 1
        centred on 0. False: a sequential scale from 0 to 1. Default: diverging when
        any value is below 0.
    label_name : str
        The colour bar's label (the measure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[1.0, -0.25], [-0.25, 1.0]], index=["USA", "CUB"], columns=["USA", "CUB"])
    >>> ax = plot_agreement_heatmap(m)
    >>> [t.get_text() for t in ax.texts]
    ['1.00', '−0.25', '−0.25', '1.00']
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['United States (USA)', 'Cuba (CUB)']
    >>> [float(v) for v in ax.collections[0].get_clim()]  # centred on 0
    [-1.0, 1.0]
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    if diverging is None:
        diverging = bool((matrix.to_numpy(dtype=float) < 0).any())
    size = max(4.5, 0.45 * len(matrix) + 2.5)
    ax = _axes(ax, figsize=(size + 1.5, size))
    values = np.ma.masked_invalid(matrix.to_numpy(dtype=float))
    # -1..1 for the diverging measures puts 0 (chance) on the map's white middle
    mesh = ax.pcolormesh(values, cmap="RdBu" if diverging else "viridis", vmin=-1 if diverging else 0, vmax=1)
    ax.set_aspect("equal")
    ax.set_xlim(0, matrix.shape[1])
    ax.set_ylim(matrix.shape[0], 0)  # the first row at the top, as in the table
    ax.set_xticks(np.arange(matrix.shape[1]) + 0.5, [label(c) for c in matrix.columns], rotation=90)
    ax.set_yticks(np.arange(matrix.shape[0]) + 0.5, [label(c) for c in matrix.index])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if annot and len(matrix) <= 16:
        for (i, j), v in np.ndenumerate(values.filled(np.nan)):
            if v == v:
                r, g, b = to_rgb(mesh.cmap(mesh.norm(v)))
                dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5  # white text on dark cells
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    f"{v:.2f}",
                    ha="center",
                    va="center",
                    size=9,
                    color="white" if dark else "#262626",
                    in_layout=False,  # inside its cell: the layout need not measure 144 numbers
                )
    ax.figure.colorbar(
        mesh, ax=ax, shrink=0.7, label=label_name + (" (-1 to 1; 0 = chance)" if diverging else " (0 to 1)")
    )
    for t in ax.texts:  # a true minus sign, so the sign reads at a glance
        t.set_text(t.get_text().replace("-", "\u2212"))
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(labelsize=_MIN_POINTS)
    if title:
        ax.set_title(title)
    return ax


def plot_ideal_points(
    ideal,
    *,
    countries=None,
    colours: dict | None = None,
    errorbar=("ci", 95),
    ax=None,
    title: str | None = None,
):
    """Ideal-point trajectories, one line per country, with their uncertainty bands.

    Parameters
    ----------
    ideal : DataFrame
        The output of :func:`unvotes_lib.ideal.ideal_points` (year, country, ideal, se,
        lo, hi).
    countries : list of str, optional
        Which countries to draw (default: all in ``ideal``).
    colours : dict, optional
        Code -> colour for the page (:func:`country_colours`).
    errorbar : ("ci", level) or None
        The band: a ``level`` % interval from :func:`unvotes_lib.briefs.interval`
        (the 95 % one is the model's ``lo``/``hi``); None for no band.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ideal = pd.DataFrame({"year": [2000, 2001, 2000, 2001], "country": ["USA", "USA", "RUS", "RUS"],
    ...                       "ideal": [1.5, 1.6, -0.5, -0.4], "se": [0.1, 0.1, 0.2, 0.2]})
    >>> ax = plot_ideal_points(ideal, colours=country_colours("USA", ["RUS"]))
    >>> [(line.get_label(), line.get_color()) for line in ax.get_lines()][:2], len(ax.collections)
    ([('United States (USA)', '#0072B2'), ('Russia (RUS)', '#D55E00')], 2)
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    from .briefs import interval

    ax = _axes(ax)
    codes = list(dict.fromkeys(ideal["country"].astype(str))) if countries is None else list(countries)
    if colours is None:
        colours = country_colours(codes[0] if codes else None, codes[1:])
    if errorbar is not None:
        kind, level = errorbar
        if kind != "ci":
            msg = f"`errorbar` {errorbar!r}: only ('ci', level) or None is supported."
            raise ValueError(msg)
        ideal = interval(ideal, level=level)
    drawn = 0
    for code in codes:
        g = ideal[ideal["country"].astype(str) == code].sort_values("year")
        if g.empty:
            continue
        colour = _colour(colours, code)
        ax.plot(g["year"], g["ideal"], marker="o", markersize=3, color=colour, label=label(code))
        drawn += 1
        if errorbar is not None:
            ax.fill_between(g["year"], g["lo"], g["hi"], color=colour, alpha=0.2, linewidth=0)
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.set_xlabel("year the session opened", fontsize=_MIN_POINTS)
    ax.set_ylabel("ideal point (sd units;\nhigher: closer to the US)", fontsize=_MIN_POINTS)
    _tidy(ax)
    _legend_below(ax, drawn)
    if title:
        ax.set_title(title)
    return ax


def plot_bloc_votes(table, *, ax=None, title: str | None = None, colours: dict | None = None):
    """How each bloc's members voted on one roll call, as horizontal stacked bars.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`unvotes_lib.briefs.votes_by_bloc` (bloc, yes, no,
        abstain, absent, not_recorded).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"bloc": ["P5"], "yes": [3], "no": [0], "abstain": [2], "absent": [0],
    ...                   "not_recorded": [0]})
    >>> ax = plot_bloc_votes(t)
    >>> [round(p.get_width()) for p in ax.patches if p.get_width() > 0]
    [3, 2]
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    colours = {**TALLY_COLOURS, "not_recorded": "#FFFFFF", **(colours or {})}
    ax = _axes(ax, figsize=(8, 0.45 * len(table) + 1.8))
    left = None
    kinds = ["yes", "no", "abstain", "absent", "not_recorded"]
    shown = 0
    for kind in kinds:
        if kind not in table:
            continue
        widths = table[kind].to_numpy()
        ax.barh(
            table["bloc"].astype(str),
            widths,
            left=left,
            color=colours[kind],
            edgecolor="#555555",
            linewidth=0.5,
            label=kind.replace("_", " ") if kind != "absent" else "not voting",
        )
        shown += 1
        left = widths if left is None else left + widths
    ax.invert_yaxis()
    ax.set_xlabel("members (countries)", fontsize=_MIN_POINTS)
    _tidy(ax)
    _legend_below(ax, shown)
    if title:
        ax.set_title(title)
    return ax


def plot_vote_shares(
    shares, *, kind: str = "yes", colours: dict | None = None, ax=None, title: str | None = None
):
    """Share of yes (or no, or abstain) votes per period, one line per country, in %.

    Parameters
    ----------
    shares : DataFrame
        The output of :func:`unvotes_lib.briefs.vote_shares`.
    kind : {"yes", "no", "abstain"}
    colours : dict, optional
        Code -> colour for the page (:func:`country_colours`); default: the first
        country as the focus.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"period": [2018, 2019], "country": ["USA", "USA"], "share_yes": [0.2, 0.3]})
    >>> ax = plot_vote_shares(s)
    >>> ax.get_lines()[0].get_ydata().tolist(), [float(y) for y in ax.get_ylim()]
    ([20.0, 30.0], [0.0, 100.0])
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax)
    codes = list(dict.fromkeys(shares["country"].astype(str)))
    if colours is None:
        colours = country_colours(codes[0] if codes else None, codes[1:])
    for country, g in shares.groupby("country", sort=False):
        ax.plot(g["period"], g[f"share_{kind}"] * 100, color=_colour(colours, country), label=label(country))
    ax.set_ylim(0, 100)
    ax.set_xlabel("year", fontsize=_MIN_POINTS)
    ax.set_ylabel(f"{kind} votes (% of votes cast)", fontsize=_MIN_POINTS)
    _tidy(ax)
    _legend_below(ax, len(codes))
    if title:
        ax.set_title(title)
    return ax


def plot_p5_votes(totals, *, ax=None, title: str | None = None, colours: dict | None = None):
    """How each permanent seat voted, as stacked bars per seat.

    Parameters
    ----------
    totals : DataFrame
        The output of :func:`unvotes_lib.briefs.p5_totals` (seat, yes, no, abstain,
        absent, n).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> totals = pd.DataFrame({"seat": ["China", "France"], "yes": [1, 0], "no": [0, 0],
    ...                        "abstain": [0, 1], "absent": [0, 0]})
    >>> ax = plot_p5_votes(totals)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['China', 'France']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    table = totals.rename(columns={"seat": "bloc"})
    ax = plot_bloc_votes(
        table[["bloc", "yes", "no", "abstain", "absent"]], ax=ax, title=title, colours=colours
    )
    ax.set_xlabel("resolutions (votes of the seat)", fontsize=_MIN_POINTS)
    return ax


def plot_group_coincidence(groups, *, ax=None, title: str | None = None, colour: str = FOCUS_COLOUR):
    """Coincidence of each group with a country, as horizontal bars in % (0 to 100).

    Parameters
    ----------
    groups : DataFrame
        The output of :func:`unvotes_lib.briefs.group_coincidence` (group, coincidence).
    colour : str
        The bars' colour (the focus country's, by default).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"group": ["EU", "African Group"], "coincidence": [0.52, 0.23]})
    >>> ax = plot_group_coincidence(g)
    >>> [round(float(p.get_width()), 1) for p in ax.patches], [t.get_text() for t in ax.texts]
    ([52.0, 23.0], ['52 %', '23 %'])
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax, figsize=(8, 0.42 * len(groups) + 1.4))
    values = groups["coincidence"].astype(float) * 100
    bars = ax.barh(groups["group"].astype(str), values.fillna(0), color=colour)
    for bar, v in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            "\u2013" if v != v else f"{v:.0f} %",
            va="center",
            fontsize=_MIN_POINTS,
        )
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("coincidence (% of votes, State Department formula)", fontsize=_MIN_POINTS)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_MIN_POINTS)
    if title:
        ax.set_title(title)
    return ax


# ------------------------------------------------------------------ figures on the page


def _png(fig) -> str:
    buffer = io.BytesIO()
    # Constrained layout already fits a chart to its figure; "tight" would lay it out once more
    # to trim a few pixels. Square cells (a heatmap) leave margins only "tight" trims.
    fitted = fig.get_layout_engine() is not None and all(ax.get_aspect() == "auto" for ax in fig.axes)
    tight = None if fitted else "tight"
    fig.savefig(buffer, format="png", dpi=100, bbox_inches=tight, facecolor="white")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_CODE_IN_LABEL = re.compile(r"^.*\((\w{3})\)$")  # "Russia (RUS)" -> "RUS"


def _narrow(fig) -> None:
    """Re-lay the figure for a phone: narrower, legends in two columns, text at least 10 pt."""
    from matplotlib.collections import QuadMesh
    from matplotlib.text import Text
    from matplotlib.ticker import MaxNLocator

    width, height = fig.get_size_inches()
    fig.set_size_inches(_NARROW_INCHES, max(height * 0.95, 2.6))
    for ax in fig.axes:
        if isinstance(ax.xaxis.get_major_locator(), MaxNLocator):  # numbers, not names: fewer ticks
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        legend = ax.get_legend()
        if legend is not None and legend.get_texts():
            # the figure's own legend under everything: constrained layout makes room for it
            handles, texts = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
            legend.remove()
            fig.set_layout_engine("constrained")
            fig.legend(
                handles,
                texts,
                loc="outside lower center",
                ncols=min(2, len(texts)),
                frameon=False,
                fontsize=_MIN_POINTS,
            )
        if len(ax.texts) > 60:  # a big heatmap's numbers cannot be read on a phone
            for t in ax.texts:
                t.set_visible(False)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        if any(isinstance(c, QuadMesh) for c in ax.collections):
            # a heatmap: rows keep their names (wrapped, they would overlap); columns the codes;
            # the title over the whole figure (over the grid alone, the colour bar cuts it)
            fig.set_size_inches(_NARROW_INCHES, 3.6)
            if ax.get_title():
                fig.suptitle(ax.get_title())
                ax.set_title("")
            ax.set_xticks(
                ax.get_xticks(), [_CODE_IN_LABEL.sub(r"\1", t.get_text()) for t in ax.get_xticklabels()]
            )
        elif any(len(text) > 18 for text in labels):  # long names would squeeze the plot to a strip
            ax.set_yticks(ax.get_yticks(), [textwrap.fill(text, 18) for text in labels])
    for t in fig.findobj(Text):
        if t.get_fontsize() < _MIN_POINTS:
            t.set_fontsize(_MIN_POINTS)


def _parts(fig, *, alt: str, source: str | None) -> tuple[str, str]:
    for t in fig.findobj(lambda a: hasattr(a, "get_fontsize")):
        if t.get_fontsize() < _MIN_POINTS:
            t.set_fontsize(_MIN_POINTS)
    wide = _png(fig)
    _narrow(fig)
    narrow = _png(fig)
    caption = f"<figcaption>{html.escape(source)}</figcaption>" if source else ""
    page = (
        '<figure class="uv-figure"><picture>'
        f'<source media="(max-width: 640px)" srcset="data:image/png;base64,{narrow}">'
        f'<img src="data:image/png;base64,{wide}" alt="{html.escape(alt, quote=True)}">'
        f"</picture>{caption}</figure>"
    )
    return wide, page


def figure_html(fig, *, alt: str, source: str | None = None) -> str:
    """The HTML of a figure: a wide and a phone PNG in a ``<picture>``, alt text, source line.

    Both images are ``data:`` URIs, so the page stays one file. The phone version is
    the same figure re-laid 4.2 inches wide with no text under 10 points, so that it
    reads at 11 px or more on a 390 px screen.

    Parameters
    ----------
    fig : matplotlib Figure or Axes
    alt : str
        What the figure shows, in one sentence with its main number.
    source : str, optional
        The source line written under the figure.

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"period": [2018, 2019], "country": "USA", "share_yes": [0.2, 0.3]})
    >>> ax = plot_vote_shares(shares)
    >>> page = figure_html(ax, alt='US "yes" votes rose from 20 % to 30 %', source="Source: unvotes")
    >>> 'alt="US &quot;yes&quot; votes rose from 20 % to 30 %"' in page, page.count("data:image/png;base64,")
    (True, 2)
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    return _parts(getattr(fig, "figure", fig), alt=alt, source=source)[1]


#: Key of the metadata :func:`show` attaches to a figure's output (alt text, colours drawn).
FIGURE_METADATA = "unvotes_lib/figure"

_FIGURE_STYLE = (
    "<style>.uv-figure{margin:0.5em 0 1.5em 0}.uv-figure img{max-width:100%;height:auto}"
    ".uv-figure figcaption{font-size:0.85em;color:#555}</style>"
)


def show(fig, *, alt: str, source: str | None = None) -> None:
    """Show a figure in the notebook and the report with its alt text, then close it.

    The output carries the HTML of :func:`figure_html` (what the exported page shows:
    the ``<img alt=...>``, a narrow version for phones, the source line), the wide PNG
    (``image/png``, for JupyterLab and for tests) and the alt text as ``text/plain``.

    Parameters
    ----------
    fig : matplotlib Figure or Axes
    alt : str
        One sentence stating what the figure shows, with its main number.
    source : str, optional
        The source line under the figure.

    Returns
    -------
    None
        The output is displayed (``IPython.display.display``); the figure is closed.

    Examples
    --------
    Outside a notebook, catch what would be displayed (a tiny figure, drawn fast):

    >>> from unittest import mock
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 2))
    >>> _ = ax.plot([2018, 2019], [20, 30], label="United States (USA)", color="#d55e00")
    >>> ax.set_axis_off()
    >>> with mock.patch("IPython.display.display") as display:
    ...     show(ax, alt="US yes votes rose from 20 % to 30 %")
    >>> (bundle,), options = display.call_args
    >>> sorted(bundle), bundle["text/plain"]
    (['image/png', 'text/html', 'text/plain'], 'US yes votes rose from 20 % to 30 %')
    >>> options["metadata"][FIGURE_METADATA]["colours"], plt.fignum_exists(fig.number)
    ({'United States (USA)': '#d55e00'}, False)
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    figure = getattr(fig, "figure", fig)
    drawn = drawn_colours(figure)
    wide, page = _parts(figure, alt=alt, source=source)
    plt.close(figure)
    display(
        {"text/html": _FIGURE_STYLE + page, "image/png": wide, "text/plain": alt},
        raw=True,
        metadata={FIGURE_METADATA: {"alt": alt, "colours": drawn}},
    )


def drawn_colours(fig) -> dict[str, str]:
    """The colour of every labelled line of a figure, as drawn: label -> hex colour.

    :func:`show` stores it in the output's metadata (:data:`FIGURE_METADATA`), so that
    a test can check that a country keeps one colour across a page's figures.

    Parameters
    ----------
    fig : matplotlib Figure or Axes
        An Axes stands for its whole figure.

    Returns
    -------
    dict
        Label -> "#rrggbb" for every line whose label does not start with "_" (matplotlib's
        unlabelled lines), over all the figure's axes.

    Examples
    --------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"period": [2018, 2019], "country": "USA", "share_yes": [0.2, 0.3]})
    >>> ax = plot_vote_shares(shares)
    >>> drawn_colours(ax.figure)
    {'United States (USA)': '#0072b2'}
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    from matplotlib.colors import to_hex

    fig = getattr(fig, "figure", fig)
    out = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            text = line.get_label()
            if text and not text.startswith("_"):
                out[text] = to_hex(line.get_color())
    return out
