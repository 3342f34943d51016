"""Figures from analysis results (matplotlib/seaborn); no data loading, no statistics.

Every function takes a result first, options keyword-only, draws on ``ax`` (a new
figure's axes if None) and returns the Axes. Nothing here calls ``matplotlib.use``
or sets a backend: notebooks keep their inline backend.
"""

from __future__ import annotations

__all__ = ["TALLY_COLOURS", "plot_tally"]

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
