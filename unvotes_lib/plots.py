"""Figures from analysis results (matplotlib/seaborn); no data loading, no statistics.

Every function takes a result first, options keyword-only, draws on ``ax`` (a new
figure's axes if None) and returns the Axes. Nothing here calls ``matplotlib.use``
or sets a backend: notebooks keep their inline backend.
"""

from __future__ import annotations

__all__ = [
    "TALLY_COLOURS",
    "plot_agreement_heatmap",
    "plot_alignment",
    "plot_bloc_votes",
    "plot_ideal_points",
    "plot_p5_votes",
    "plot_tally",
    "plot_vote_shares",
]

#: Colours of the vote kinds in :func:`plot_tally` (colour-blind safe: Okabe-Ito).
TALLY_COLOURS = {"yes": "#009E73", "no": "#D55E00", "abstain": "#999999", "absent": "#DDDDDD"}
_LABELS = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "not voting"}


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
        _, ax = plt.subplots(figsize=(8, 2.2), layout="constrained")
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
                fontsize=10,
                color="white" if kind in ("yes", "no") else "black",
            )
        left += n
    ax.axvline(
        decision.required,
        color="black",
        linestyle="--",
        linewidth=1.5,
        label=f"yes votes needed ({decision.required})",
    )
    ax.set_xlim(0, max(left, decision.required) * 1.02 or 1)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    members = "members of the Security Council" if decision.body == "SC" else "members"
    ax.set_xlabel(members)
    if decision.permanent_no:
        who = ", ".join(decision.permanent_no)
        kind = "veto" if decision.vetoed_by else "permanent member no, not a veto"
        ax.annotate(f"{kind}: {who}", xy=(0, -0.45), xycoords=("axes fraction", "data"), fontsize=9)
    if title is None:
        title = f"{t.symbol + ': ' if t.symbol else ''}{decision.outcome}"
        if t.partial:
            title += " (official totals)"
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=5, frameon=False, fontsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return ax


def _axes(ax, figsize=(8, 4)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_alignment(shift, *, ax=None, title: str | None = None):
    """Agreement with each partner over time, the unusual changes circled in red.

    Parameters
    ----------
    shift : DataFrame
        The output of :func:`unvotes_lib.shifts.alignment_shift` (period, partner,
        value, unusual).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> shift = pd.DataFrame({"period": [2000, 2001, 2000, 2001], "partner": ["RUS", "RUS", "GBR", "GBR"],
    ...                       "value": [0.5, 0.2, 0.8, 0.9], "unusual": [False, True, False, False]})
    >>> ax = plot_alignment(shift)
    >>> [line.get_label() for line in ax.get_lines()]
    ['RUS', 'GBR']
    >>> ax.collections[0].get_offsets().tolist()  # the one unusual point
    [[2001.0, 0.2]]
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax)
    data = shift.dropna(subset=["value"])
    for partner, g in data.groupby("partner", sort=False):
        ax.plot(g["period"], g["value"], marker="o", markersize=3, label=str(partner))
    flagged = data[data["unusual"].astype(bool)]
    ax.scatter(
        flagged["period"],
        flagged["value"],
        s=120,
        facecolors="none",
        edgecolors="#D55E00",
        linewidths=1.8,
        label="unusual change",
        zorder=3,
    )
    ax.set_ylim(-0.02 if data["value"].min() >= 0 else None, 1.02)
    ax.set_xlabel("")
    ax.set_ylabel("agreement")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_agreement_heatmap(matrix, *, ax=None, title: str | None = None, annot: bool = True):
    """A countries x countries agreement table as a heatmap (0 to 1).

    Parameters
    ----------
    matrix : DataFrame
        The output of :func:`unvotes_lib.agreement.agreement_matrix`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[1.0, 0.25], [0.25, 1.0]], index=["USA", "CUB"], columns=["USA", "CUB"])
    >>> ax = plot_agreement_heatmap(m)
    >>> [t.get_text() for t in ax.texts]
    ['1.00', '0.25', '0.25', '1.00']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    import seaborn as sns

    size = max(4.0, 0.5 * len(matrix) + 2)
    ax = _axes(ax, figsize=(size + 1, size))
    sns.heatmap(
        matrix,
        vmin=0,
        vmax=1,
        cmap="viridis",
        annot=annot and len(matrix) <= 16,
        fmt=".2f",
        square=True,
        cbar_kws={"label": "agreement", "shrink": 0.7},
        ax=ax,
        annot_kws={"size": 8},
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    return ax


def plot_ideal_points(ideal, *, countries=None, ax=None, title: str | None = None):
    """Ideal-point trajectories, one line per country, with their uncertainty bands.

    Parameters
    ----------
    ideal : DataFrame
        The output of :func:`unvotes_lib.ideal.ideal_points` (year, country, ideal,
        and ``lo``/``hi`` or ``se``).
    countries : list of str, optional
        Which countries to draw (default: all in ``ideal``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ideal = pd.DataFrame({"year": [2000, 2001, 2000, 2001], "country": ["USA", "USA", "RUS", "RUS"],
    ...                       "ideal": [1.5, 1.6, -0.5, -0.4], "se": [0.1, 0.1, 0.2, 0.2]})
    >>> ax = plot_ideal_points(ideal)
    >>> [line.get_label() for line in ax.get_lines()][:2], len(ax.collections)
    (['USA', 'RUS'], 2)
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax)
    codes = list(dict.fromkeys(ideal["country"].astype(str))) if countries is None else list(countries)
    for code in codes:
        g = ideal[ideal["country"].astype(str) == code].sort_values("year")
        if g.empty:
            continue
        (line,) = ax.plot(g["year"], g["ideal"], marker="o", markersize=3, label=code)
        if {"lo", "hi"} <= set(g.columns):
            lo, hi = g["lo"], g["hi"]
        elif "se" in g.columns:
            lo, hi = g["ideal"] - 1.96 * g["se"], g["ideal"] + 1.96 * g["se"]
        else:
            continue
        ax.fill_between(g["year"], lo, hi, color=line.get_color(), alpha=0.2, linewidth=0)
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_xlabel("")
    ax.set_ylabel("ideal point (higher: closer to the US-led order)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
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
    ax = _axes(ax, figsize=(8, 0.45 * len(table) + 1.2))
    left = None
    kinds = ["yes", "no", "abstain", "absent", "not_recorded"]
    for kind in kinds:
        widths = table[kind].to_numpy()
        ax.barh(
            table["bloc"],
            widths,
            left=left,
            color=colours[kind],
            edgecolor="#555555",
            linewidth=0.5,
            label=kind.replace("_", " ") if kind != "absent" else "not voting",
        )
        left = widths if left is None else left + widths
    ax.invert_yaxis()
    ax.set_xlabel("members")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_vote_shares(shares, *, ax=None, kind: str = "yes", title: str | None = None):
    """Share of yes (or no, or abstain) votes per period, one line per country.

    Parameters
    ----------
    shares : DataFrame
        The output of :func:`unvotes_lib.briefs.vote_shares`.
    kind : {"yes", "no", "abstain"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"period": [2018, 2019], "country": ["USA", "USA"], "share_yes": [0.2, 0.3]})
    >>> ax = plot_vote_shares(s)
    >>> ax.get_lines()[0].get_ydata().tolist()
    [0.2, 0.3]
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    ax = _axes(ax)
    for country, g in shares.groupby("country", sort=False):
        ax.plot(g["period"], g[f"share_{kind}"], label=str(country))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    ax.set_ylim(0, 1)
    ax.set_xlabel("")
    ax.set_ylabel(f"share of {kind} votes")
    if title:
        ax.set_title(title)
    return ax


def plot_p5_votes(p5, *, ax=None, title: str | None = None, colours: dict | None = None):
    """How each permanent seat voted, as stacked bars per seat (all years together).

    Parameters
    ----------
    p5 : DataFrame
        The output of :func:`unvotes_lib.briefs.p5_votes` (year, seat, yes, no,
        abstain, absent).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> p5 = pd.DataFrame({"year": [2025, 2025], "seat": ["France", "China"], "yes": [0, 1], "no": [0, 0],
    ...                    "abstain": [1, 0], "absent": [0, 0]})
    >>> ax = plot_p5_votes(p5)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['China', 'France']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    totals = p5.groupby("seat")[["yes", "no", "abstain", "absent"]].sum().reset_index()
    table = totals.rename(columns={"seat": "bloc"}).assign(not_recorded=0)
    ax = plot_bloc_votes(table, ax=ax, title=title, colours=colours)
    ax.set_xlabel("votes")
    return ax
