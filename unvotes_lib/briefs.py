"""The tables and sentences the report notebooks show, composed from the analysis modules.

Notebooks stay thin (a parameters cell, library calls, short narrative): whatever a
report computes beyond one call into an analysis module lives here, where tests reach it.
Every function returns a tidy DataFrame, or a dict of key numbers with a ``text``
sentence built from them.
"""

from __future__ import annotations

import re
import warnings
from statistics import NormalDist

import numpy as np
import pandas as pd

from . import blocs as _blocs
from . import countries as _countries
from .agreement import agreement
from .common import as_list as _as_list
from .common import resolve_in_data
from .markup import escape as md  # data-derived text made literal in the report's Markdown
from .store import ABSENT, ABSTAIN, NO, YES, VoteData
from .store import load as _load

__all__ = [
    "DEFAULT_BLOCS",
    "decide_roll_call",
    "p5_votes",
    "permanent_codes",
    "security_council",
    "partner_extremes",
    "resolution_summary",
    "shift_summary",
    "transitions_in_order",
    "vote_shares",
    "votes_by_bloc",
    "who_voted",
]

#: Blocs a resolution brief breaks the vote down by.
DEFAULT_BLOCS = ("P5", "EU", "NATO", "G7", "BRICS", "African Group", "Arab League")
_CODES = {"yes": YES, "no": NO, "abstain": ABSTAIN, "absent": ABSENT}


def vote_shares(data: VoteData, *, countries=None, by: str = "year") -> pd.DataFrame:
    """How often each country voted yes, no or abstained, per year or session.

    Parameters
    ----------
    data : VoteData
    countries : str or list of str, optional
        Default: every country in the data.
    by : {"year", "session"}

    Returns
    -------
    DataFrame
        period (int year, or session string), country (ISO3), n (roll calls with a
        recorded vote, absences included), yes, no, abstain, absent (counts),
        share_yes, share_no, share_abstain (of the yes/no/abstain votes; NaN when
        there are none).

    Examples
    --------
    >>> import pandas as pd
    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2, 3], "body": "GA", "session": "74",
    ...                             "date": ["2019-10-01", "2019-11-01", "2019-12-01"]}),
    ...               pd.DataFrame({"rcid": [1, 2, 3], "country": "USA", "vote": ["yes", "no", "no"]}))
    >>> vote_shares(vd)[["period", "country", "n", "yes", "no", "share_no"]].round(3).values.tolist()
    [[2019, 'USA', 3, 1, 2, 0.667]]
    """
    if by not in ("year", "session"):
        msg = f"`by` {by!r} must be 'year' or 'session'."
        raise ValueError(msg)
    if countries is not None:
        codes = [resolve_in_data(data, c, param="countries") for c in _as_list(countries)]
        data = data.filter(countries=codes)
    rc = data.roll_calls.set_index("rcid")
    period = rc["date"].dt.year if by == "year" else rc["session"]
    table = data.votes.assign(
        period=data.votes["rcid"].map(period), country=data.votes["country"].astype(str)
    )
    counts = pd.crosstab([table["period"], table["country"]], table["vote"].astype(str))
    counts = counts.reindex(columns=list(_CODES), fill_value=0)
    out = counts.reset_index()
    out.columns.name = None
    out.insert(2, "n", counts.sum(axis=1).to_numpy())
    voted = (out["yes"] + out["no"] + out["abstain"]).astype("float64").replace(0, np.nan)
    for kind in ("yes", "no", "abstain"):
        out[f"share_{kind}"] = out[kind] / voted
    return out.astype({k: "int64" for k in ("n", *_CODES)}).reset_index(drop=True)


def partner_extremes(
    data: VoteData, country: str, *, n: int = 5, metric: str = "coincidence", min_votes: int = 30
) -> pd.DataFrame:
    """The countries that agreed most and least with ``country`` over the whole data.

    Parameters
    ----------
    data : VoteData
    country : str
    n : int
        How many closest and how many farthest partners.
    metric : str
        An agreement metric (:data:`unvotes_lib.agreement.METRICS`).
    min_votes : int
        Partners with fewer shared roll calls are left out (too few to rank).

    Returns
    -------
    DataFrame
        partner (ISO3), name, n (shared roll calls), value (agreement), group
        ("closest" or "farthest"); closest first, by decreasing value.

    Examples
    --------
    With ``n=2`` and three partners, the United Kingdom is among both the two closest and the
    two farthest: it is listed once, as closest. Its coincidence with the USA is 0.75: one
    same vote and one partial (no against abstain), (1 + 1/2) / 2.

    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2], "body": "GA", "session": "74",
    ...                             "date": ["2019-10-01", "2019-11-01"]}),
    ...               pd.DataFrame({"rcid": [1] * 4 + [2] * 4, "country": ["USA", "ISR", "GBR", "CUB"] * 2,
    ...                             "vote": ["no", "no", "no", "yes", "no", "no", "abstain", "yes"]}))
    >>> partner_extremes(vd, "USA", n=2, min_votes=1)[["partner", "n", "value", "group"]].values.tolist()
    [['ISR', 2, 1.0, 'closest'], ['GBR', 2, 0.75, 'closest'], ['CUB', 2, 0.0, 'farthest']]
    """
    code = resolve_in_data(data, country, param="country")
    df = agreement(data, metric=metric, by=None, countries=[code])
    df = df[(df["country_b"].astype(str) != code) & (df["n"] >= min_votes)]
    df = df.sort_values(["value", "country_b"], ascending=[False, True], kind="stable")
    closest = df.head(n)
    farthest = df.tail(n)
    farthest = farthest[~farthest.index.isin(closest.index)]  # fewer than 2n partners
    out = pd.concat([closest.assign(group="closest"), farthest.assign(group="farthest")])
    partner = out["country_b"].astype(str)
    return pd.DataFrame(
        {
            "partner": partner.to_numpy(),
            "name": [_countries.name_of(c) for c in partner],
            "n": out["n"].to_numpy(),
            "value": out["value"].to_numpy(),
            "group": out["group"].to_numpy(),
        }
    )


def votes_by_bloc(data: VoteData, symbol: str, *, blocs=DEFAULT_BLOCS) -> pd.DataFrame:
    """How the members of each bloc voted on one roll call.

    Membership is taken on the day of the vote (:func:`unvotes_lib.blocs.bloc_members`).
    On a Security Council vote only the bloc's members sitting on the Council that day
    count: the others had no vote to cast.

    Parameters
    ----------
    data : VoteData
    symbol : str
        The roll call's resolution symbol.
    blocs : list of str
        Bloc names of ``data/blocs.yaml``, in the order of the rows (default
        :data:`DEFAULT_BLOCS`).

    Returns
    -------
    DataFrame
        bloc, members (members on that day; on the Council for an SC vote), yes, no, abstain, absent (recorded
        votes of members), not_recorded (members with no vote in the data: not
        entered in a partial record, or not a member of the body).

    Examples
    --------
    In 2019 the EU had 28 members (the United Kingdom left it on 31 January 2020):

    >>> vd = VoteData(pd.DataFrame({"rcid": [1], "body": "GA", "session": "74", "date": ["2019-10-01"],
    ...                             "symbol": ["A/RES/74/1"]}),
    ...               pd.DataFrame({"rcid": 1, "country": ["USA", "FRA", "RUS"],
    ...                             "vote": ["no", "yes", "no"]}))
    >>> votes_by_bloc(vd, "A/RES/74/1", blocs=["P5", "EU"]).values.tolist()
    [['P5', 5, 1, 2, 0, 0, 2], ['EU', 28, 1, 0, 0, 0, 27]]
    """
    row = data.roll_call(symbol)
    col = int(data.matrix.rcids.get_loc(row["rcid"]))
    values = data.matrix.values[:, col]
    council = _council(data, row) if row["body"] == "SC" else None
    on_council = np.array([str(c) in council for c in data.matrix.countries]) if council is not None else True
    rows = []
    for bloc in blocs:
        member = _blocs.membership(data, bloc)[:, col] & on_council
        day_members = set(_blocs.bloc_members(bloc, row["date"]))
        if council is not None:
            day_members &= council | {_countries.apply_successors(c) for c in council}
        n_members = len(day_members)
        counts = {k: int(((values == code) & member).sum()) for k, code in _CODES.items()}
        rows.append(
            {"bloc": bloc, "members": n_members, **counts, "not_recorded": n_members - sum(counts.values())}
        )
    return pd.DataFrame(rows).astype({k: "int64" for k in ("members", *_CODES, "not_recorded")})


def _council(data: VoteData, row) -> set[str]:
    """The members of the Security Council on the day of a roll call (P5 and elected)."""
    from .tally import permanent_members, sc_members

    day = f"{row['date']:%Y-%m-%d}"
    elected = sc_members(day)
    if elected is None:  # not on file: the members with a vote on record
        rcid = row["rcid"]
        elected = set(data.votes.loc[data.votes["rcid"] == rcid, "country"].astype(str))
    return set(permanent_members(day)) | set(elected)


def security_council(data: VoteData, *, years=None) -> VoteData:
    """The Security Council roll calls of ``data`` (in ``years``) that were put to a recorded vote.

    Resolutions adopted without a vote or by acclamation hold no member votes and are left out.

    Parameters
    ----------
    data : VoteData
    years : int, str or (first, last), optional
        Calendar years as :meth:`VoteData.filter` takes them ("2000-2025"); default every year.

    Returns
    -------
    VoteData
        The Security Council roll calls with at least one member's vote on record.

    Raises
    ------
    ValueError
        If the data holds no Security Council vote in those years; the message says
        how to get the UN's Security Council file.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> len(security_council(uv.load("curated", use_cache=False)).roll_calls)
    1
    """
    sc = data.filter(body="SC", years=years, recorded=True)  # adopted without a vote: no votes to show
    if sc.roll_calls.empty:
        span = f" in {years}" if years is not None else ""
        msg = (
            f"This data holds no Security Council vote{span}. Use data='curated' for the votes of "
            "24 February 2025, or download the UN Digital Library's Security Council voting file "
            "(record 4055387) and run `unvotes data import FILE --source undl-sc`."
        )
        raise ValueError(msg)
    return sc


def permanent_codes(data: VoteData) -> list[str]:
    """Codes of the permanent members that have votes in ``data``, in seat order.

    China's seat appears as TWN before 1971 and CHN after; the USSR's as SUN or RUS.

    Parameters
    ----------
    data : VoteData

    Returns
    -------
    list of str
        Among TWN, CHN, FRA, GBR, SUN, RUS and USA, those with at least one vote (of any
        body) in ``data``, in that order.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> permanent_codes(uv.load("curated", use_cache=False))
    ['CHN', 'FRA', 'GBR', 'RUS', 'USA']
    """
    present = set(data.votes["country"].astype(str))
    order = ["TWN", "CHN", "FRA", "GBR", "SUN", "RUS", "USA"]
    return [c for c in order if c in present]


def p5_votes(data: VoteData) -> pd.DataFrame:
    """How each permanent seat of the Security Council voted, per year.

    China's seat is TWN until 25 October 1971 and the USSR's seat is SUN (or RUS,
    under the default successor rule) until 25 December 1991: rows are per seat.

    Parameters
    ----------
    data : VoteData
        Votes of any body; only the Security Council's are counted.

    Returns
    -------
    DataFrame
        year, seat ("China", "France", "Russia", "United Kingdom", "United States"),
        yes, no, abstain, absent (counts of the seat's recorded votes), n; one row per
        year and seat with a vote on record, by year then seat.

    Examples
    --------
    China's seat was held by TWN in 1970 and by CHN in 1972; Brazil, an elected member, is
    not counted:

    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2], "body": "SC", "session": ["1970", "1972"],
    ...                             "date": ["1970-03-17", "1972-09-10"]}),
    ...               pd.DataFrame({"rcid": [1, 1, 2, 2, 2], "country": ["TWN", "GBR", "CHN", "GBR", "BRA"],
    ...                             "vote": ["yes", "no", "no", "yes", "yes"]}))
    >>> p5_votes(vd)
       year            seat  yes  no  abstain  absent  n
    0  1970           China    1   0        0       0  1
    1  1970  United Kingdom    0   1        0       0  1
    2  1972           China    0   1        0       0  1
    3  1972  United Kingdom    1   0        0       0  1
    """
    from .tally import permanent_members

    sc = data.filter(body="SC")
    rc = sc.roll_calls.set_index("rcid")
    rows = []
    for rcid, group in sc.votes.groupby("rcid", observed=True, sort=False):
        date = rc.loc[rcid, "date"]
        seats = permanent_members(f"{date:%Y-%m-%d}")
        for code, vote in zip(group["country"].astype(str), group["vote"].astype(str), strict=True):
            if code in seats:
                rows.append((date.year, seats[code], vote))
    votes = pd.DataFrame(rows, columns=["year", "seat", "vote"])
    counts = pd.crosstab([votes["year"], votes["seat"]], votes["vote"]).reindex(
        columns=list(_CODES), fill_value=0
    )
    out = counts.reset_index()
    out.columns.name = None
    out["n"] = counts.sum(axis=1).to_numpy()
    return out


def decide_roll_call(data: VoteData, symbol: str, *, majority: str = "simple"):
    """Tally and decide one roll call by symbol, under the rules of its body.

    Parameters
    ----------
    data : VoteData
    symbol : str
    majority : {"simple", "two-thirds"}
        GA majority (default simple). No source says which GA votes were "important
        questions" under Art. 18(2): Voeten's ``important`` flag marks the votes the US
        State Department rated important, so it is not used here.

    Returns
    -------
    (Tally, Decision)

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> t, d = decide_roll_call(uv.load("curated", use_cache=False), "S/RES/2774 (2025)")
    >>> (t.yes, t.no, t.abstain), d.outcome
    ((10, 0, 5), 'adopted')
    """
    from .tally import decide, tally

    row = data.roll_call(symbol)
    t = tally(data, symbol=symbol)
    return t, decide(t, majority=majority if row["body"] == "GA" else "simple")


def transitions_in_order(data: VoteData, symbol: str, other: str):
    """:func:`unvotes_lib.shifts.transitions` between two roll calls, the earlier first.

    Roll calls of one day are ordered by the numbers in their symbols, the order in which
    the UN numbers its resolutions as it adopts them (A/RES/ES-11/7 before A/RES/ES-11/8).

    Parameters
    ----------
    data : VoteData
    symbol, other : str
        Symbols of the two roll calls, in any order.

    Returns
    -------
    Transitions
        As :func:`unvotes_lib.shifts.transitions` returns it, ``vote_a`` being the vote on
        the earlier roll call. The warning on a partial roll call is not shown (a report
        says so in words).

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> moved = transitions_in_order(uv.load("curated", use_cache=False), "A/RES/ES-11/8", "A/RES/ES-11/7")
    >>> moved.countries.loc[moved.countries["moved"], ["country", "change"]].values.tolist()
    [['USA', 'no -> abstain']]
    """
    from .shifts import transitions

    rows = sorted((data.roll_call(s) for s in (symbol, other)), key=_chronological)
    with warnings.catch_warnings():
        # A partial record is said in words by the report (resolution_summary), not as a
        # warning quoting the library's file path.
        warnings.filterwarnings("ignore", message=".*partial roll call", category=UserWarning)
        return transitions(data, rows[0]["symbol"], rows[1]["symbol"])


def _chronological(row) -> tuple:
    numbers = tuple(int(n) for n in re.findall(r"\d+", str(row["symbol"])))
    return (row["date"], numbers)


def who_voted(data: VoteData, symbol: str) -> pd.DataFrame:
    """The countries on record for each vote on one roll call.

    Parameters
    ----------
    data : VoteData
    symbol : str
        The roll call's resolution symbol.

    Returns
    -------
    DataFrame
        vote (yes, no, abstain, absent), n (countries on record), countries (their
        names, comma-separated, alphabetical).

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> w = who_voted(uv.load("curated", use_cache=False), "S/RES/2774 (2025)")
    >>> w.loc[w["vote"] == "abstain", "countries"].item()
    'Denmark, France, Greece, Slovenia, United Kingdom'
    """
    rcid = data.roll_call(symbol)["rcid"]
    votes = data.votes[data.votes["rcid"] == rcid]
    rows = []
    for kind in _CODES:
        names = sorted(_countries.name_of(c) for c in votes.loc[votes["vote"] == kind, "country"].astype(str))
        rows.append({"vote": kind, "n": len(names), "countries": ", ".join(names)})
    return pd.DataFrame(rows).astype({"n": "int64"})


def _fmt(x: float) -> str:
    return "n/a" if pd.isna(x) else f"{x:.2f}"


def shift_summary(
    shift: pd.DataFrame,
    *,
    country: str,
    movers: pd.DataFrame | None = None,
    unusual: pd.DataFrame | None = None,
) -> dict:
    """Key numbers and one paragraph from :func:`unvotes_lib.shifts.alignment_shift`.

    Parameters
    ----------
    shift : DataFrame
        The output of ``alignment_shift`` (period, partner, n, value, unusual, ...).
    country : str
        The country profiled (for the sentence).
    movers, unusual : DataFrame, optional
        Outputs of ``movers`` and ``unusual_votes``, for their counts.

    Returns
    -------
    dict
        ``text`` (the paragraph), ``first_period``, ``last_period``, and per partner
        ``agreement_first``, ``agreement_last``, ``change`` and ``unusual_periods``
        under ``partners`` (plus ``ideal_distance_first`` and ``ideal_distance_last``
        when ``shift`` has an ``ideal_distance`` column); ``top_mover`` and
        ``n_unusual_votes`` when given.

    Examples
    --------
    >>> import pandas as pd
    >>> shift = pd.DataFrame({"period": [2000, 2019, 2000, 2019], "partner": ["RUS", "RUS", "GBR", "GBR"],
    ...                       "n": [60, 70, 60, 70], "value": [0.5, 0.3, 0.9, 0.8],
    ...                       "unusual": [False, True, False, False]})
    >>> s = shift_summary(shift, country="USA")
    >>> s["partners"]["RUS"]["change"]
    -0.2
    >>> s["text"]  # doctest: +NORMALIZE_WHITESPACE
    'From 2000 to 2019, agreement of United States with Russia went from 0.50 to 0.30 (-0.20; 1 unusual
    year); with United Kingdom from 0.90 to 0.80 (-0.10).'
    """
    shift = since_bloc_exists(shift[shift["n"] > 0].dropna(subset=["value"]))
    if shift.empty:
        return {"text": f"No shared votes between {country} and its partners in this period.", "partners": {}}
    first, last = _plain(shift["period"].min()), _plain(shift["period"].max())
    partners: dict[str, dict] = {}
    parts, ideal_parts = [], []
    for partner, g in shift.groupby("partner", sort=False):
        g = g.sort_values("period")
        a, b = float(g["value"].iloc[0]), float(g["value"].iloc[-1])
        k = int(g["unusual"].sum()) if "unusual" in g else 0
        partners[str(partner)] = {
            "first_period": _plain(g["period"].iloc[0]),
            "last_period": _plain(g["period"].iloc[-1]),
            "agreement_first": round(a, 4),
            "agreement_last": round(b, 4),
            "change": round(b - a, 4),
            "unusual_periods": k,
        }
        if "ideal_distance" in g and g["ideal_distance"].notna().any():
            d = g["ideal_distance"].dropna()
            partners[str(partner)]["ideal_distance_first"] = round(float(d.iloc[0]), 4)
            partners[str(partner)]["ideal_distance_last"] = round(float(d.iloc[-1]), 4)
            ideal_parts.append(f"{_countries.name_of(str(partner))} {_fmt(d.iloc[0])} to {_fmt(d.iloc[-1])}")
        name = partner if _blocs.is_bloc(partner) else _countries.name_of(str(partner))
        more = f"; {k} unusual year{'s' if k != 1 else ''}" if k else ""
        lead = "agreement of {c} with " if not parts else "with "
        parts.append(
            f"{lead}{name} {'went ' if not parts else ''}from {_fmt(a)} to {_fmt(b)} ({b - a:+.2f}{more})"
        )
    who = country if _blocs.is_bloc(country) else _countries.name_of(country)
    text = f"From {first} to {last}, " + "; ".join(parts).format(c=who) + "."
    if ideal_parts:
        text += f" On the ideal-point scale, its distance to {'; to '.join(ideal_parts)}."
    out = {"text": text, "first_period": first, "last_period": last, "partners": partners}
    if movers is not None and len(movers):
        top = movers.iloc[0]
        out["top_mover"] = {"country": str(top["country"]), "change": round(float(top["change"]), 4)}
        out["text"] += (
            f" The country whose agreement with {who} changed most between the two periods "
            f"is {_countries.name_of(str(top['country']))} ({float(top['change']):+.2f})."
        )
    if unusual is not None:
        out["n_unusual_votes"] = len(unusual)
        out["text"] += (
            f" {len(unusual)} of its votes stand out against its closest partners or its own record."
        )
    return out


def resolution_summary(decision, tally, *, transitions=None) -> dict:
    """Key numbers and a sentence for a resolution brief.

    Parameters
    ----------
    decision : Decision
        From :func:`unvotes_lib.tally.decide`.
    tally : Tally
        From :func:`unvotes_lib.tally.tally` (its ``partial`` flag is reported).
    transitions : Transitions, optional
        From :func:`unvotes_lib.shifts.transitions`; the number of countries that moved.

    Returns
    -------
    dict
        ``text``, ``outcome``, ``adopted``, ``yes``, ``no``, ``abstain``,
        ``required``, ``margin``, ``partial``, and ``n_moved`` when transitions are given.

    Examples
    --------
    A simple majority of the 111 members voting yes or no needs 56 yes votes:

    >>> from unvotes_lib.tally import decide, tally
    >>> t = tally(yes=93, no=18, abstain=65)
    >>> s = resolution_summary(decide(t), t)
    >>> s["outcome"], s["required"], s["margin"], s["partial"]
    ('adopted', 56, 37, False)
    >>> print(s["text"])  # doctest: +NORMALIZE_WHITESPACE
    Adopted: 93 yes against 18 no; a simple majority of the 111 members present and voting needs 56.
    The 65 abstentions do not count.
    """
    out = {
        "outcome": decision.outcome,
        "adopted": bool(decision.adopted),
        "yes": int(tally.yes),
        "no": int(tally.no),
        "abstain": int(tally.abstain),
        "required": int(decision.required),
        "margin": int(decision.margin),
        "partial": bool(tally.partial),
        "text": decision.explanation,
    }
    if out["partial"]:
        out["text"] += (
            " Only some members' votes are on record for this roll call: the totals are the"
            " official ones, the country tables show the entered votes only."
        )
    if transitions is not None:
        moved = transitions.countries[transitions.countries["moved"]]
        out["n_moved"] = len(moved)
    return out


def _plain(value):
    """A numpy scalar as the Python number it holds (for JSON and for text)."""
    return value.item() if isinstance(value, np.generic) else value


# ------------------------------------------------------------------ shared by every report

#: Names of the five UN regional groups in ``data/blocs.yaml``, in the UN's order.
REGIONAL_GROUPS = (
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group",
    "Western European and Others Group",
)
_DL_SEARCH = "https://digitallibrary.un.org/search?p="


def interval(ideal: pd.DataFrame, *, level: float = 95) -> pd.DataFrame:
    """``ideal`` with ``lo``/``hi`` as a ``level`` % normal interval around ``ideal`` from ``se``.

    The 95 % interval the model gives (``lo``/``hi`` of :func:`unvotes_lib.ideal.ideal_points`)
    is kept as it is; other levels are ``ideal +/- z * se``.

    Parameters
    ----------
    ideal : DataFrame
        With columns ``ideal`` and ``se`` (and ``lo``/``hi``, kept at level 95).
    level : float
        Coverage in percent, strictly between 0 and 100.

    Returns
    -------
    DataFrame
        ``ideal`` with ``lo`` and ``hi`` set (or added); ``ideal`` itself at level 95 when it
        has both.

    Raises
    ------
    ValueError
        If ``level`` is not between 0 and 100, or ``se`` is needed and missing.

    Examples
    --------
    >>> ideal = pd.DataFrame({"ideal": [1.0], "se": [0.5]})
    >>> interval(ideal, level=95)[["lo", "hi"]].round(3).values.tolist()
    [[0.02, 1.98]]
    >>> interval(ideal, level=50)[["lo", "hi"]].round(3).values.tolist()
    [[0.663, 1.337]]
    """
    if not 0 < level < 100:
        msg = f"`level` {level!r} must be a percentage between 0 and 100, e.g. 95."
        raise ValueError(msg)
    if level == 95 and {"lo", "hi"} <= set(ideal.columns):
        return ideal
    if "se" not in ideal.columns:
        msg = f"an interval needs a column `se`; found {list(ideal.columns)}."
        raise ValueError(msg)
    z = NormalDist().inv_cdf(0.5 + level / 200)
    return ideal.assign(lo=ideal["ideal"] - z * ideal["se"], hi=ideal["ideal"] + z * ideal["se"])


def p5_totals(p5: pd.DataFrame) -> pd.DataFrame:
    """The votes of each permanent seat summed over the years of :func:`p5_votes`.

    Parameters
    ----------
    p5 : DataFrame
        :func:`p5_votes`' table (seat, yes, no, abstain, absent, n).

    Returns
    -------
    DataFrame
        seat, yes, no, abstain, absent, n (sums over the years); one row per seat, by name.

    Examples
    --------
    >>> p5 = pd.DataFrame({"year": [2024, 2025], "seat": ["France", "France"], "yes": [3, 0], "no": [0, 0],
    ...                    "abstain": [0, 1], "absent": [0, 0], "n": [3, 1]})
    >>> p5_totals(p5).values.tolist()
    [['France', 3, 0, 1, 0, 4]]
    """
    cols = ["yes", "no", "abstain", "absent", "n"]
    return p5.groupby("seat", sort=True)[cols].sum().reset_index()


def latest_year(data: VoteData, *, min_roll_calls: int = 10) -> int:
    """The latest calendar year with at least ``min_roll_calls`` roll calls in ``data``.

    A year that has only begun (one January vote) does not count as the latest year.

    Parameters
    ----------
    data : VoteData
    min_roll_calls : int
        Roll calls (of any body) a year needs to count.

    Returns
    -------
    int
        The year; when no year has ``min_roll_calls``, the latest year with any roll call.

    Raises
    ------
    ValueError
        If ``data`` holds no roll call.

    Examples
    --------
    >>> rc = pd.DataFrame({"rcid": range(12), "body": "GA", "session": "74",
    ...                    "date": ["2019-10-01"] * 11 + ["2020-01-14"]})
    >>> latest_year(VoteData(rc, pd.DataFrame({"rcid": [0], "country": ["USA"], "vote": ["yes"]})))
    2019
    """
    counts = data.roll_calls["date"].dt.year.value_counts()
    full = counts[counts >= min_roll_calls]
    if full.empty:
        if counts.empty:
            msg = "The data holds no roll call: no latest year."
            raise ValueError(msg)
        return int(counts.index.max())
    return int(full.index.max())


def years_text(years, data: VoteData, *, first: int = 1990) -> str:
    """``years`` as given, or "first-latest" when it is empty (latest from :func:`latest_year`).

    Parameters
    ----------
    years : str or None
        A report's ``years`` parameter ("2000-2019"); None or "" for the default span.
    data : VoteData
        The data whose latest year ends the default span.
    first : int
        First year of the default span.

    Returns
    -------
    str

    Examples
    --------
    >>> rc = pd.DataFrame({"rcid": range(10), "body": "GA", "session": "74", "date": "2019-10-01"})
    >>> years_text("", VoteData(rc, pd.DataFrame({"rcid": [0], "country": ["USA"], "vote": ["yes"]})))
    '1990-2019'
    """
    if years not in (None, ""):
        return str(years)
    return f"{first}-{latest_year(data)}"


def record_url(row) -> str:
    """The link to a roll call's UN record: its ``url``, else a UN Digital Library search.

    Parameters
    ----------
    row : Series or dict
        A roll call, with ``symbol`` and optionally ``url``.

    Returns
    -------
    str
        ``url`` when it is an http(s) link, else the search URL with the symbol
        percent-encoded.

    Examples
    --------
    >>> record_url({"symbol": "A/RES/74/251", "url": None})
    'https://digitallibrary.un.org/search?p=A%2FRES%2F74%2F251'
    >>> record_url({"symbol": "A/RES/74/251", "url": "https://example.org/record/1"})
    'https://example.org/record/1'
    """
    import urllib.parse

    url = row.get("url") if hasattr(row, "get") else None
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    return _DL_SEARCH + urllib.parse.quote(str(row["symbol"]), safe="")


def partners_of(country: str, partners) -> list[str]:
    """``partners`` without ``country`` itself and without repeats (a country is not its own partner).

    Parameters
    ----------
    country : str
    partners : str or list of str

    Returns
    -------
    list of str
        In the order given.

    Examples
    --------
    >>> partners_of("CHN", ["RUS", "GBR", "CHN", "RUS"])
    ['RUS', 'GBR']
    """
    return [p for p in dict.fromkeys(_as_list(partners)) if str(p) != str(country)]


def since_bloc_exists(shift: pd.DataFrame, *, column: str = "partner") -> pd.DataFrame:
    """Rows of a bloc before the bloc existed (its first member's ``from`` year) left out.

    Parameters
    ----------
    shift : DataFrame
        With ``period`` (a year, or a string starting with one) and ``column``.
    column : str
        The column naming a partner, country or bloc.

    Returns
    -------
    DataFrame
        The rows of ``shift`` kept, index unchanged; rows of countries are all kept.

    Examples
    --------
    >>> shift = pd.DataFrame({"period": [1990, 2009, 1990], "partner": ["BRICS", "BRICS", "RUS"]})
    >>> since_bloc_exists(shift).values.tolist()
    [[2009, 'BRICS'], [1990, 'RUS']]
    """
    keep = pd.Series(True, index=shift.index)
    for name in shift[column].astype(str).unique():
        if not _blocs.is_bloc(name):
            continue
        starts = [s for _, s, _ in _blocs.bloc_info(name)["spells"] if s]
        if not starts:
            continue
        first = int(min(starts)[:4])
        period = pd.to_numeric(shift["period"].astype(str).str[:4], errors="coerce")
        keep &= ~((shift[column].astype(str) == name) & (period < first))
    return shift[keep]


def contents(sections) -> str:
    """A Markdown table of contents linking to the report's ``##`` headings.

    nbconvert gives each heading the id of its text with spaces as hyphens.

    Parameters
    ----------
    sections : list of str
        The headings' texts, in order.

    Returns
    -------
    str
        One Markdown line.

    Examples
    --------
    >>> print(contents(["Who voted how", "Data"]))
    **Contents:** [Who voted how](#Who-voted-how) · [Data](#Data)
    """
    links = [f"[{s}](#{s.replace(' ', '-')})" for s in sections]
    return "**Contents:** " + " · ".join(links)


def findings(sentences, *, title: str = "Key findings") -> str:
    """The key findings as Markdown: a heading and one bullet per non-empty sentence.

    Parameters
    ----------
    sentences : list of str
        Markdown sentences; empty ones are skipped.
    title : str
        The ``##`` heading.

    Returns
    -------
    str

    Examples
    --------
    >>> print(findings(["It passed.", "", "93 voted yes."]))
    ## Key findings
    <BLANKLINE>
    - It passed.
    - 93 voted yes.
    """
    kept = [s for s in sentences if s]
    return f"## {title}\n\n" + "\n".join(f"- {s}" for s in kept)


def percent(x, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage ("74 %"), or "n/a" when missing.

    Parameters
    ----------
    x : float or None
    digits : int
        Decimals shown.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.7449), percent(0.7449, 1), percent(None)
    ('74 %', '74.5 %', 'n/a')
    """
    if x is None or pd.isna(x):
        return "n/a"
    return f"{100 * float(x):.{digits}f} %"


# ------------------------------------------------------------------ voting practices

_PAIR = ["same", "opposite", "partial", "absent"]


def _coincidence(same, opposite, partial):
    n = same + opposite + partial
    return (same + partial / 2) / n if n else np.nan


def _group_of(code: str, day: str) -> str | None:
    for g in REGIONAL_GROUPS:
        if code in _blocs.bloc_members(g, day):
            return g
    return None


def voting_practices(data: VoteData, country: str, year: int) -> pd.DataFrame:
    """Every member's voting coincidence with ``country`` in the General Assembly in ``year``.

    The US State Department's measure (its "Voting Practices in the United Nations" since
    2017; DOMAIN.md section 3): on each recorded vote of the year where ``country`` voted
    yes, no or abstained, a member casting the same vote is *same*, yes against no is
    *opposite*, one abstaining while the other votes yes or no is *partial*, and a member
    recorded as not voting is *absent* (absences do not count). Coincidence =
    (same + partial / 2) / (same + opposite + partial).

    Parameters
    ----------
    data : VoteData
    country : str
        Code or name of the country the others are compared with.
    year : int
        Calendar year of the votes.

    Returns
    -------
    DataFrame
        One row per member with a vote that year, highest coincidence first (ties by
        name): country (ISO3), name, group (UN regional group on 31 December of the year,
        or None), same, opposite, partial, absent, n (same + opposite + partial; int64),
        coincidence (float64, NaN when n is 0), rank (1 = highest; ties share a rank).

    Raises
    ------
    ParameterError
        If the data has no General Assembly vote in ``year``, or ``country`` cast none.

    Examples
    --------
    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2, 3], "body": "GA", "session": "74",
    ...                             "date": ["2019-10-01", "2019-11-01", "2019-12-01"]}),
    ...               pd.DataFrame({"rcid": [1, 2, 3] * 3, "country": ["USA"] * 3 + ["ISR"] * 3 + ["CUB"] * 3,
    ...                             "vote": ["yes", "no", "no", "yes", "no", "abstain",
    ...                                      "no", "yes", "absent"]}))
    >>> t = voting_practices(vd, "USA", 2019)
    >>> t[["country", "same", "opposite", "partial", "absent", "coincidence"]].values.tolist()
    [['ISR', 2, 0, 1, 0, 0.8333333333333334], ['CUB', 0, 2, 0, 1, 0.0]]
    """
    from .errors import ParameterError

    code = resolve_in_data(data, country, param="country")
    ga = data.filter(body="GA", years=f"{int(year)}-{int(year)}")
    if ga.roll_calls.empty:
        msg = (
            f"`year` {year}: the data holds no recorded General Assembly vote that year; "
            "choose a year the data covers (see `unvotes data info`)."
        )
        raise ParameterError(msg)
    v = pd.DataFrame(
        {
            "rcid": ga.votes["rcid"],
            "country": ga.votes["country"].astype(str),
            "vote": ga.votes["vote"].astype(str),
        }
    )
    cast = v["vote"].isin(["yes", "no", "abstain"])
    focus = v[(v["country"] == code) & cast].set_index("rcid")["vote"]
    if focus.empty:
        msg = f"`country` {code} cast no vote in the General Assembly in {year}; choose another year."
        raise ParameterError(msg)
    others = v[v["country"] != code]
    others = others[others["rcid"].isin(focus.index)].assign(theirs=lambda d: d["rcid"].map(focus))
    mine, theirs = others["vote"], others["theirs"]
    voted = mine.isin(["yes", "no", "abstain"])
    counts = (
        pd.DataFrame(
            {
                "country": others["country"],
                "same": voted & (mine == theirs),
                "opposite": ((mine == "yes") & (theirs == "no")) | ((mine == "no") & (theirs == "yes")),
                "partial": voted & (mine != theirs) & ((mine == "abstain") | (theirs == "abstain")),
                "absent": mine == "absent",
            }
        )
        .groupby("country", sort=True)[_PAIR]
        .sum()
        .astype("int64")
        .reset_index()
    )
    counts["n"] = (counts["same"] + counts["opposite"] + counts["partial"]).astype("int64")
    counts["coincidence"] = (counts["same"] + counts["partial"] / 2) / counts["n"].replace(0, np.nan)
    day = f"{int(year)}-12-31"
    counts.insert(1, "name", [_countries.name_of(c) for c in counts["country"]])
    counts.insert(2, "group", [_group_of(c, day) for c in counts["country"]])
    counts = counts.sort_values(["coincidence", "name"], ascending=[False, True], kind="stable")
    counts["rank"] = counts["coincidence"].rank(ascending=False, method="min").astype("Int64")
    return counts.reset_index(drop=True)


def group_coincidence(practices: pd.DataFrame, year: int, *, blocs=DEFAULT_BLOCS) -> pd.DataFrame:
    """Coincidence of each UN regional group and bloc with the country, from :func:`voting_practices`.

    The counts of the group's members (on 31 December of ``year``) are pooled, as the
    State Department does: (sum same + sum partial / 2) / (sum same + opposite + partial).

    Parameters
    ----------
    practices : DataFrame
        :func:`voting_practices`' table (country, same, opposite, partial, absent).
    year : int
        The year whose 31 December sets each group's members.
    blocs : list of str
        Blocs shown after the regional groups; ``P5`` and regional groups are skipped.

    Returns
    -------
    DataFrame
        group, kind ("regional group" or "bloc"), members (members with votes that
        year), same, opposite, partial, absent, coincidence; the regional groups first.

    Examples
    --------
    >>> t = pd.DataFrame({"country": ["FRA", "DEU"], "same": [8, 6], "opposite": [0, 2], "partial": [2, 2],
    ...                   "absent": [0, 1]})
    >>> eu = group_coincidence(t, 2019, blocs=["EU"]).set_index("group").loc["EU"]
    >>> int(eu["members"]), float(eu["coincidence"])  # (8 + 6 + 4 / 2) / (14 + 2 + 4)
    (2, 0.8)
    """
    day = f"{int(year)}-12-31"
    rows = []
    others = [b for b in blocs if b != "P5" and b not in REGIONAL_GROUPS]
    for kind, names in (("regional group", REGIONAL_GROUPS), ("bloc", others)):
        for name in names:
            members = set(_blocs.bloc_members(name, day))
            sub = practices[practices["country"].astype(str).isin(members)]
            sums = {k: int(sub[k].sum()) for k in _PAIR}
            rows.append(
                {
                    "group": name,
                    "kind": kind,
                    "members": len(sub),
                    **sums,
                    "coincidence": _coincidence(sums["same"], sums["opposite"], sums["partial"]),
                }
            )
    return pd.DataFrame(rows).astype({k: "int64" for k in ("members", *_PAIR)})


def most_alone(data: VoteData, country: str, year: int, *, n: int = 10) -> pd.DataFrame:
    """The General Assembly votes of ``year`` on which ``country`` stood most alone.

    Parameters
    ----------
    data : VoteData
    country : str
        Code or name.
    year : int
        Calendar year of the votes.
    n : int
        How many roll calls to return.

    Returns
    -------
    DataFrame
        The ``n`` roll calls with the smallest share of other voting members (yes, no
        or abstain) casting the country's vote, earliest first among ties: rcid, symbol,
        date, title, vote (the country's), with_it (others casting the same vote),
        voting (others voting), share (with_it / voting), yes, no, abstain (all
        members' votes on record), url (:func:`record_url`).

    Examples
    --------
    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2], "body": "GA", "session": "74", "symbol": ["A", "B"],
    ...                             "title": ["t1", "t2"], "date": ["2019-10-01", "2019-11-01"]}),
    ...               pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2], "country": ["USA", "ISR", "CUB"] * 2,
    ...                             "vote": ["no", "yes", "yes", "yes", "yes", "no"]}))
    >>> most_alone(vd, "USA", 2019)[["symbol", "vote", "with_it", "voting", "share"]].values.tolist()
    [['A', 'no', 0, 2, 0.0], ['B', 'yes', 1, 2, 0.5]]
    """
    code = resolve_in_data(data, country, param="country")
    ga = data.filter(body="GA", years=f"{int(year)}-{int(year)}")
    v = pd.DataFrame(
        {
            "rcid": ga.votes["rcid"],
            "country": ga.votes["country"].astype(str),
            "vote": ga.votes["vote"].astype(str),
        }
    )
    v = v[v["vote"].isin(["yes", "no", "abstain"])]
    focus = v[v["country"] == code].set_index("rcid")["vote"]
    others = v[(v["country"] != code) & v["rcid"].isin(focus.index)]
    same = (others["vote"] == others["rcid"].map(focus)).groupby(others["rcid"]).sum()
    voting = others.groupby("rcid").size()
    kinds = pd.crosstab(v["rcid"], v["vote"]).reindex(columns=["yes", "no", "abstain"], fill_value=0)
    rc = ga.roll_calls.set_index("rcid")
    out = pd.DataFrame({"rcid": focus.index, "vote": focus.to_numpy()})
    out["with_it"] = out["rcid"].map(same).fillna(0).astype("int64")
    out["voting"] = out["rcid"].map(voting).fillna(0).astype("int64")
    out["share"] = out["with_it"] / out["voting"].replace(0, np.nan)
    for k in ("yes", "no", "abstain"):
        out[k] = out["rcid"].map(kinds[k]).fillna(0).astype("int64")
    for col in ("symbol", "date", "title"):
        out[col] = out["rcid"].map(rc[col]) if col in rc else None
    out["url"] = [record_url(rc.loc[r]) if "symbol" in rc else None for r in out["rcid"]]
    out = out.sort_values(["share", "date", "rcid"], kind="stable").head(n)
    cols = [
        "rcid",
        "symbol",
        "date",
        "title",
        "vote",
        "with_it",
        "voting",
        "share",
        "yes",
        "no",
        "abstain",
        "url",
    ]
    return out[cols].reset_index(drop=True)


def practices_summary(
    practices: pd.DataFrame,
    groups: pd.DataFrame,
    *,
    country: str,
    year: int,
    previous: pd.DataFrame | None = None,
) -> dict:
    """The key numbers of a voting-practices report, for ``metrics.json`` and its findings.

    Parameters
    ----------
    practices : DataFrame
        :func:`voting_practices` for ``year``.
    groups : DataFrame
        :func:`group_coincidence` (group, coincidence, members).
    country : str
        The country compared with (stored as given).
    year : int
    previous : DataFrame, optional
        :func:`voting_practices` for the year before, for ``overall_previous``.

    Returns
    -------
    dict
        country, year, overall (pooled coincidence of all members), members (ISO3 ->
        same, opposite, partial, absent, coincidence), groups (name -> coincidence,
        members), highest and lowest (country, name, coincidence), overall_previous
        (when ``previous`` is given).

    Examples
    --------
    >>> t = pd.DataFrame({"country": ["ISR", "CUB"], "name": ["Israel", "Cuba"], "same": [2, 0],
    ...                   "opposite": [0, 2], "partial": [1, 0], "absent": [0, 1],
    ...                   "coincidence": [2.5 / 3, 0.0]})
    >>> s = practices_summary(t, pd.DataFrame(columns=["group", "coincidence", "members"]), country="USA",
    ...                       year=2019)
    >>> round(s["overall"], 4), s["highest"]["country"], s["lowest"]["country"]
    (0.5, 'ISR', 'CUB')
    """
    sums = {k: int(practices[k].sum()) for k in ("same", "opposite", "partial")}
    ranked = practices.dropna(subset=["coincidence"])
    out = {
        "country": country,
        "year": int(year),
        "overall": _coincidence(sums["same"], sums["opposite"], sums["partial"]),
        "members": {
            str(r["country"]): {k: int(r[k]) for k in _PAIR}
            | {"coincidence": None if pd.isna(r["coincidence"]) else round(float(r["coincidence"]), 6)}
            for _, r in practices.iterrows()
        },
        "groups": {
            str(r["group"]): {
                "coincidence": None if pd.isna(r["coincidence"]) else round(float(r["coincidence"]), 6),
                "members": int(r["members"]),
            }
            for _, r in groups.iterrows()
        },
    }
    if len(ranked):
        top = ranked.sort_values(["coincidence", "name"], ascending=[False, True]).iloc[0]
        low = ranked.sort_values(["coincidence", "name"], ascending=[True, True]).iloc[0]
        for key, r in (("highest", top), ("lowest", low)):
            out[key] = {
                "country": str(r["country"]),
                "name": str(r["name"]),
                "coincidence": round(float(r["coincidence"]), 6),
            }
    if previous is not None and len(previous):
        p = {k: int(previous[k].sum()) for k in ("same", "opposite", "partial")}
        out["overall_previous"] = _coincidence(p["same"], p["opposite"], p["partial"])
    return out


#: Agreement measures that are shares from 0 to 1 (shown as percentages).
SHARE_METRICS = ("identical", "coincidence", "votes_only")


def _value(x, metric: str) -> str:
    return percent(x) if metric in SHARE_METRICS else f"{float(x):.2f}"


def shift_findings(summary: dict, *, country: str, metric: str = "coincidence") -> list[str]:
    """The key findings of a vote-shift report, as sentences, from :func:`shift_summary`.

    Each claim gives both ends and their years; shares are percentages, other measures
    (kappa, pi, S) two decimals.

    Parameters
    ----------
    summary : dict
        :func:`shift_summary`'s dict (``partners``, and optionally ``top_mover``,
        ``n_unusual_votes``, ``text``).
    country : str
        The country profiled: a code, or a bloc name.
    metric : str
        The agreement measure of the values (:data:`SHARE_METRICS` are shown in %).

    Returns
    -------
    list of str
        The partner that changed most first, then the others in one sentence, then the top
        mover and the unusual votes when the summary has them; only ``summary["text"]``
        when it has no partner.

    Examples
    --------
    >>> summary = {"partners": {
    ...     "RUS": {"first_period": 1990, "last_period": 2019, "agreement_first": 0.5, "agreement_last": 0.3,
    ...             "change": -0.2, "unusual_periods": 1},
    ...     "BRICS": {"first_period": 2009, "last_period": 2019, "agreement_first": 0.4,
    ...               "agreement_last": 0.35,
    ...               "change": -0.05, "unusual_periods": 0}},
    ...     "n_unusual_votes": 3}
    >>> for s in shift_findings(summary, country="USA"):
    ...     print(s)  # doctest: +NORMALIZE_WHITESPACE
    Agreement of United States with Russia fell from 50 % (1990) to 30 % (2019), the largest change
    among the partners shown.
    With BRICS: from 40 % (2009) to 35 % (2019).
    3 votes of United States stand out against its closest partners or its own record.
    """
    who = country if _blocs.is_bloc(country) else _countries.name_of(country)
    parts = summary.get("partners") or {}
    if not parts:
        return [summary.get("text", "No shared votes in this period.")]

    def name(p):
        return p if _blocs.is_bloc(p) else _countries.name_of(p)

    def span(p, v):
        return (
            f"from {_value(v['agreement_first'], metric)} ({v['first_period']}) "
            f"to {_value(v['agreement_last'], metric)} ({v['last_period']})"
        )

    order = sorted(parts, key=lambda p: -abs(parts[p]["change"]))
    top = order[0]
    verb = "fell" if parts[top]["change"] < 0 else "rose" if parts[top]["change"] > 0 else "stayed"
    out = [
        f"Agreement of {who} with {name(top)} {verb} {span(top, parts[top])}, "
        "the largest change among the partners shown."
    ]
    if len(order) > 1:
        out.append("With " + "; with ".join(f"{name(p)}: {span(p, parts[p])}" for p in order[1:]) + ".")
    if "top_mover" in summary:
        m = summary["top_mover"]
        out.append(
            f"Of all members, {name(m['country'])} changed most in its agreement with {who} between the "
            f"two periods compared ({m['change']:+.2f})."
        )
    if summary.get("n_unusual_votes"):
        out.append(
            f"{summary['n_unusual_votes']:,} votes of {who} stand out against its closest partners "
            "or its own record."
        )
    return out


def source_line(data: VoteData) -> str:
    """The source line under a figure: the data sets a VoteData was read from.

    Parameters
    ----------
    data : VoteData
        Its ``source`` table names the data sets.

    Returns
    -------
    str
        "Source: NAMES UN voting records (unvotes); analysis: unvotes_lib.", NAMES being
        the names in ``data.source`` joined by commas, else "UN voting records".

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> source_line(uv.load("curated", use_cache=False))
    'Source: curated UN voting records (unvotes); analysis: unvotes_lib.'
    """
    names = []
    table = getattr(data, "source", None)
    if table is not None and len(table):
        names = list(dict.fromkeys(str(n) for n in table["name"] if isinstance(n, str) and n))
    what = ", ".join(names) if names else "UN voting records"
    return f"Source: {what} UN voting records (unvotes); analysis: unvotes_lib."


_RULES = {
    "partners": "against its closest partners",
    "record": "against its own record on the agenda item",
}


def unusual_ranked(unusual: pd.DataFrame) -> pd.DataFrame:
    """:func:`unvotes_lib.shifts.unusual_votes` ordered for readers, the most unusual first.

    Opposite votes (yes against no) before partial ones, then by how united the others
    were (``support``) and how many they were (``basis``), the latest first among ties.
    Adds ``rule_text`` (the rule in words), ``partner_names`` (the partners' names) and
    ``url`` (:func:`record_url`).

    Parameters
    ----------
    unusual : DataFrame
        :func:`unvotes_lib.shifts.unusual_votes`' table (kind, rule, support, basis, date,
        partners, symbol, url if any).

    Returns
    -------
    DataFrame
        The rows of ``unusual`` reordered, with the three columns added, index 0 to n-1.

    Examples
    --------
    >>> u = pd.DataFrame({"rcid": [1, 2], "date": pd.to_datetime(["1990-01-01", "2019-01-01"]),
    ...                   "symbol": ["A", "B"], "title": ["t", "u"], "vote": ["no", "no"], "rule": "partners",
    ...                   "expected": ["abstain", "yes"], "support": [1.0, 1.0], "basis": [2, 2],
    ...                   "kind": ["partial", "opposite"], "partners": ["ISR, GBR", "ISR"]})
    >>> unusual_ranked(u)[["symbol", "partner_names"]].values.tolist()
    [['B', 'Israel'], ['A', 'Israel, United Kingdom']]
    """
    out = unusual.assign(
        _kind=(unusual["kind"] != "opposite").astype(int),
        rule_text=unusual["rule"].map(_RULES).fillna(unusual["rule"]),
        partner_names=[
            ", ".join(_countries.name_of(c.strip()) for c in str(p).split(",") if c.strip())
            if isinstance(p, str)
            else None
            for p in unusual["partners"]
        ],
    )
    out["url"] = [record_url(r) for _, r in out.iterrows()]
    out = out.sort_values(
        ["_kind", "support", "basis", "date"], ascending=[True, False, False, False], kind="stable"
    )
    return out.drop(columns="_kind").reset_index(drop=True)


def moved_list(transitions) -> list[dict]:
    """The countries that changed their vote between two roll calls, as {country, name, change}.

    Parameters
    ----------
    transitions : Transitions or None
        From :func:`transitions_in_order`.

    Returns
    -------
    list of dict
        One dict per country that moved (``country``, ``name``, ``change`` such as
        "no -> abstain"), in the order of ``transitions.countries``; [] for None.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> curated = uv.load("curated", use_cache=False)
    >>> moved_list(transitions_in_order(curated, "A/RES/ES-11/7", "A/RES/ES-11/8"))
    [{'country': 'USA', 'name': 'United States', 'change': 'no -> abstain'}]
    """
    if transitions is None:
        return []
    moved = transitions.countries[transitions.countries["moved"]]
    return [
        {"country": str(r["country"]), "name": str(r["name"]), "change": str(r["change"])}
        for _, r in moved.iterrows()
    ]


def resolution_findings(summary: dict, *, symbol: str, compare_to: str = "", moved=()) -> list[str]:
    """The key findings of a resolution brief, from :func:`resolution_summary` and :func:`moved_list`.

    Parameters
    ----------
    summary : dict
        :func:`resolution_summary`'s dict (``text``, ``margin``, ``adopted``, ``partial``).
    symbol : str
        The resolution's symbol (not used in the sentences).
    compare_to : str
        The symbol of the roll call compared with, or "" for none.
    moved : list of dict
        :func:`moved_list`; the first eight are named.

    Returns
    -------
    list of str
        The decision, the margin, the countries that voted differently (with
        ``compare_to``) and the partial-record caveat (when partial), as Markdown
        sentences.

    Examples
    --------
    >>> s = {"text": "Adopted: 93 yes against 18 no.", "margin": 37, "partial": True, "adopted": True}
    >>> for line in resolution_findings(s, symbol="A/RES/ES-11/7", compare_to="A/RES/ES-11/8",
    ...                                 moved=[{"name": "United States", "change": "no -> abstain"}]):
    ...     print(line)
    Adopted: 93 yes against 18 no.
    It passed with 37 yes votes to spare.
    1 country voted differently on A/RES/ES-11/8: United States (no to abstain).
    Partial record: only some members' votes are entered country by country; the totals are the official ones.
    """
    out = [summary["text"].split(" Only some members")[0]]
    margin = int(summary.get("margin", 0))
    if summary.get("adopted") and margin >= 0:
        out.append(f"It passed with {margin} yes vote{'s' if margin != 1 else ''} to spare.")
    elif not summary.get("adopted") and margin < 0:
        out.append(f"It lacked {-margin} yes vote{'s' if margin != -1 else ''}.")
    if compare_to:
        n = len(moved)
        shown = ", ".join(f"{m['name']} ({m['change'].replace(' -> ', ' to ')})" for m in list(moved)[:8])
        more = f" and {n - 8} more" if n > 8 else ""
        out.append(
            f"{n} countr{'y' if n == 1 else 'ies'} voted differently on {md(compare_to)}"
            + (f": {shown}{more}." if n else ".")
        )
    if summary.get("partial"):
        out.append(
            "Partial record: only some members' votes are entered country by country; "
            "the totals are the official ones."
        )
    return out


def chronological(data: VoteData, *symbols: str) -> list[str]:
    """Symbols of roll calls in the order they were voted (see :func:`transitions_in_order`).

    Parameters
    ----------
    data : VoteData
    *symbols : str
        Resolution symbols of roll calls in ``data``.

    Returns
    -------
    list of str
        The symbols as ``data`` spells them, by date, then by the numbers in the symbol.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> chronological(uv.load("curated", use_cache=False), "A/RES/ES-11/8", "A/RES/ES-11/7")
    ['A/RES/ES-11/7', 'A/RES/ES-11/8']
    """
    return [str(r["symbol"]) for r in sorted((data.roll_call(s) for s in symbols), key=_chronological)]


def crosstab_table(transitions) -> pd.DataFrame:
    """The crosstab of :func:`transitions_in_order` as a plain table: one row per earlier vote.

    Parameters
    ----------
    transitions : Transitions
        From :func:`transitions_in_order` (or :func:`unvotes_lib.shifts.transitions`).

    Returns
    -------
    DataFrame
        "earlier vote" (yes, abstain, no, absent, not recorded), then one count column
        per later vote in the same order.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> t = crosstab_table(transitions_in_order(uv.load("curated", use_cache=False), "A/RES/ES-11/7",
    ...                                         "A/RES/ES-11/8"))
    >>> t.loc[t["earlier vote"] == "no", ["abstain", "not recorded"]].values.tolist()
    [[1, 4]]
    """
    ct = transitions.crosstab
    out = ct.reset_index()
    out.columns = ["earlier vote", *[str(c) for c in ct.columns]]
    return out


def adopted_but_decided_otherwise(outcomes: pd.DataFrame) -> str:
    """A sentence on the resolutions the rules decide otherwise although the source lists them adopted.

    The UN's Council files hold adopted resolutions only. Where Art. 27's substantive rule gives
    another outcome, the matter was procedural (no veto): the page says so instead of counting a
    veto that never happened.

    Parameters
    ----------
    outcomes : DataFrame
        :func:`unvotes_lib.tally.decisions` of Council roll calls (``symbol``, ``yes``, ``no``,
        ``abstain``, ``adopted``).

    Returns
    -------
    str
        "" when every resolution is decided adopted.

    Examples
    --------
    >>> o = pd.DataFrame({"symbol": ["S/RES/2623 (2022)", "S/RES/2774 (2025)"], "yes": [11, 10],
    ...                   "no": [1, 0], "abstain": [3, 5], "adopted": [False, True]})
    >>> print(adopted_but_decided_otherwise(o))  # doctest: +NORMALIZE_WHITESPACE
    S/RES/2623 (2022) (11-1-3) is counted above as the rules for a substantive decision would
    decide it, yet the Council adopted it: a procedural decision, on which a permanent member's
    no is not a veto.
    """
    odd = outcomes[~outcomes["adopted"].astype(bool)]
    if odd.empty:
        return ""
    texts = [f"{r.symbol} ({r.yes}-{r.no}-{r.abstain})" for r in odd.itertuples()]
    verb = "is" if len(texts) == 1 else "are"
    it = "it" if len(texts) == 1 else "them"
    kind = "a procedural decision" if len(texts) == 1 else "procedural decisions"
    return (
        f"{', '.join(texts)} {verb} counted above as the rules for a substantive decision would decide "
        f"{it}, yet the Council adopted {it}: {kind}, on which a permanent member's no is not a veto."
    )


def outcomes_by_year(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Roll calls per year and outcome, from :func:`unvotes_lib.tally.decisions`.

    Parameters
    ----------
    outcomes : DataFrame
        With ``date`` (datetime64) and ``outcome``.

    Returns
    -------
    DataFrame
        year, one count column per outcome found (alphabetical, e.g. adopted, vetoed), and
        total; one row per year with a roll call.

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2025-02-24", "2025-03-01"]),
    ...                   "outcome": ["adopted", "adopted", "vetoed"]})
    >>> outcomes_by_year(d).values.tolist()
    [[2024, 1, 0, 1], [2025, 1, 1, 2]]
    """
    table = pd.crosstab(outcomes["date"].dt.year.rename("year"), outcomes["outcome"])
    table.columns = [str(c) for c in table.columns]
    out = table.reset_index()
    out.columns.name = None
    out["total"] = table.sum(axis=1).to_numpy()
    return out


def council_findings(metrics: dict) -> list[str]:
    r"""The key findings of the Security Council report, from its metrics.

    Parameters
    ----------
    metrics : dict
        ``years`` (text), ``resolutions`` (number adopted by recorded vote), ``p5`` (seat
        -> counts with ``abstain``), and optionally ``symbol`` and its ``outcome``.

    Returns
    -------
    list of str
        Markdown sentences: the number of resolutions, the permanent members'
        abstentions (most first; or that none abstained), and the outcome of ``symbol``
        when both are given.

    Examples
    --------
    >>> m = {"years": "2000-2025", "resolutions": 1, "outcome": "adopted", "symbol": "S/RES/2774 (2025)",
    ...      "p5": {"France": {"yes": 0, "no": 0, "abstain": 1, "absent": 0},
    ...             "China": {"yes": 1, "no": 0, "abstain": 0, "absent": 0}}}
    >>> for line in council_findings(m):
    ...     print(line)  # doctest: +NORMALIZE_WHITESPACE
    This data holds 1 Security Council resolution adopted by recorded vote in 2000-2025 (the UN's files
    hold adopted resolutions only: vetoed drafts are not in them).
    The permanent members abstained 1 time: France 1.
    S/RES/2774 \(2025\) was adopted.
    """
    n = int(metrics["resolutions"])
    out = [
        f"This data holds {n:,} Security Council resolution{'s' if n != 1 else ''} adopted by recorded vote "
        f"in {md(metrics['years'])} (the UN's files hold adopted resolutions only: vetoed drafts are not "
        "in them)."
    ]
    p5 = metrics.get("p5") or {}
    abst = {seat: int(v["abstain"]) for seat, v in p5.items() if int(v["abstain"])}
    total = sum(abst.values())
    if total:
        ranked = sorted(abst.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            f"The permanent members abstained {total:,} time{'s' if total != 1 else ''}: "
            + ", ".join(f"{seat} {k:,}" for seat, k in ranked)
            + "."
        )
    else:
        out.append("No permanent member abstained on these resolutions.")
    if metrics.get("symbol") and metrics.get("outcome"):
        out.append(f"{md(metrics['symbol'])} was {metrics['outcome']}.")
    return out


def shares_findings(shares: pd.DataFrame, *, kind: str = "yes") -> list[str]:
    """One sentence per country: its share of ``kind`` votes in the first and the last period.

    Parameters
    ----------
    shares : DataFrame
        :func:`vote_shares`' table (period, country, ``share_<kind>``).
    kind : {"yes", "no", "abstain"}

    Returns
    -------
    list of str
        In the order the countries first appear; periods with no share are skipped.

    Examples
    --------
    >>> s = pd.DataFrame({"period": [1990, 2019], "country": ["USA", "USA"], "share_yes": [0.2, 0.31]})
    >>> shares_findings(s)
    ['United States voted yes on 20 % of its votes in 1990 and 31 % in 2019.']
    """
    out = []
    col = f"share_{kind}"
    for code, g in shares.dropna(subset=[col]).groupby("country", sort=False):
        g = g.sort_values("period")
        first, last = g.iloc[0], g.iloc[-1]
        out.append(
            f"{_countries.name_of(str(code))} voted {kind} on {percent(first[col])} of its votes in "
            f"{_plain(first['period'])} and {percent(last[col])} in {_plain(last['period'])}."
        )
    return out


def has_year(data: VoteData, year: int, *, body: str = "GA") -> bool:
    """True if ``data`` holds a recorded vote of ``body`` in calendar year ``year``.

    Parameters
    ----------
    data : VoteData
    year : int
    body : {"GA", "SC"}

    Returns
    -------
    bool
        Whether a roll call of ``body`` is dated in ``year`` (with or without votes on
        record).

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> curated = uv.load("curated", use_cache=False)
    >>> has_year(curated, 2025), has_year(curated, 2024)
    (True, False)
    """
    rc = data.roll_calls
    return bool(((rc["body"] == body) & (rc["date"].dt.year == int(year))).any())


def practices_findings(summary: dict, *, alone: pd.DataFrame | None = None) -> list[str]:
    """The key findings of a voting-practices report, from :func:`practices_summary`.

    With ``alone`` (:func:`most_alone`), a sentence on the vote where it stood most alone.

    Parameters
    ----------
    summary : dict
        :func:`practices_summary`'s dict.
    alone : DataFrame, optional
        :func:`most_alone`'s table; its first row is described.

    Returns
    -------
    list of str
        The overall coincidence (and the previous year's), the closest and farthest
        members, the range over the regional groups, and the vote where it stood most
        alone, each when the summary has it.

    Examples
    --------
    >>> s = {"country": "USA", "year": 2019, "overall": 0.3, "overall_previous": 0.25,
    ...      "highest": {"name": "Israel", "coincidence": 0.9},
    ...      "lowest": {"name": "Syria", "coincidence": 0.1},
    ...      "groups": {"African Group": {"coincidence": 0.2, "members": 54},
    ...                 "Western European and Others Group": {"coincidence": 0.6, "members": 28}}}
    >>> for line in practices_findings(s):
    ...     print(line)
    In 2019 the members of the General Assembly voted with United States 30.0 % of the time (25.0 % in 2018).
    Closest: Israel (90.0 %); farthest: Syria (10.0 %).
    By regional group, from Western European and Others Group (60.0 %) to African Group (20.0 %).
    """
    who = _countries.name_of(summary["country"])
    year = summary["year"]
    before = (
        f" ({percent(summary['overall_previous'], 1)} in {year - 1})"
        if summary.get("overall_previous") is not None
        else ""
    )
    out = [
        f"In {year} the members of the General Assembly voted with {who} "
        f"{percent(summary['overall'], 1)} of the time{before}."
    ]
    if "highest" in summary:
        hi, lo = summary["highest"], summary["lowest"]
        out.append(
            f"Closest: {hi['name']} ({percent(hi['coincidence'], 1)}); "
            f"farthest: {lo['name']} ({percent(lo['coincidence'], 1)})."
        )
    regional = {
        g: v["coincidence"]
        for g, v in (summary.get("groups") or {}).items()
        if g in REGIONAL_GROUPS and v["coincidence"] is not None
    }
    if regional:
        top = max(regional, key=regional.get)
        low = min(regional, key=regional.get)
        out.append(
            f"By regional group, from {top} ({percent(regional[top], 1)}) "
            f"to {low} ({percent(regional[low], 1)})."
        )
    if alone is not None and len(alone):
        r = alone.iloc[0]
        others = int(r["with_it"])
        out.append(
            f"It stood most alone on {md(r['symbol'])} ({r['date']:%d %B}): it voted {r['vote']}, and "
            + (
                f"none of the {int(r['voting'])} other members voting did"
                if others == 0
                else f"{others} of the {int(r['voting'])} other members voting did too"
            )
            + "."
        )
    return out


def practices_notes(practices: pd.DataFrame) -> list[str]:
    """The notes under a voting-practices table: the measure, and any caveat of the data.

    Parameters
    ----------
    practices : DataFrame
        :func:`voting_practices`' table (its ``absent`` column is read).

    Returns
    -------
    list of str
        What same, opposite, partial and absent mean, the formula, and a caveat when no
        absence is recorded.

    Examples
    --------
    >>> len(practices_notes(pd.DataFrame({"absent": [0, 0]})))
    3
    >>> print(practices_notes(pd.DataFrame({"absent": [0, 0]}))[-1])
    This source does not record absences: every Absent count is 0.
    >>> len(practices_notes(pd.DataFrame({"absent": [0, 2]})))
    2
    """
    notes = [
        "Same vote: both voted yes, both no, or both abstained. Opposite: one yes, the other no. Partial: "
        "one abstained, the other voted yes or no. Absent: the member did not vote (not counted).",
        "Coincidence = (same + partial / 2) / (same + opposite + partial).",
    ]
    if int(practices["absent"].sum()) == 0:
        notes.append("This source does not record absences: every Absent count is 0.")
    return notes


# ------------------------------------------------------------------ the teaching notebook

_BODY = {"GA": "General Assembly", "SC": "Security Council"}


def ga_members(date) -> int | None:
    """Members of the General Assembly on a date: 193 since South Sudan's admission (14 July 2011).

    None before (the count then changed year by year: use the data's own records).

    Parameters
    ----------
    date : str or Timestamp

    Returns
    -------
    int or None

    Examples
    --------
    >>> ga_members("2025-02-24"), ga_members("2000-01-01")
    (193, None)
    """
    return 193 if pd.Timestamp(date) >= pd.Timestamp("2011-07-14") else None


def tally_sentence(t) -> str:
    """A tally in words: "93 yes, 18 no, 65 abstentions and 0 members not voting".

    Parameters
    ----------
    t : Tally
        From :func:`unvotes_lib.tally.tally` (its yes, no, abstain and absent counts).

    Returns
    -------
    str
        "abstention" and "member" are singular for a count of 1.

    Examples
    --------
    >>> from unvotes_lib.tally import tally
    >>> tally_sentence(tally(yes=93, no=18, abstain=65))
    '93 yes, 18 no, 65 abstentions and 0 members not voting'
    >>> tally_sentence(tally(yes=10, no=3, abstain=1, absent=1))
    '10 yes, 3 no, 1 abstention and 1 member not voting'
    """
    return (
        f"{t.yes} yes, {t.no} no, {t.abstain} abstention{'s' if t.abstain != 1 else ''} and "
        f"{t.absent} member{'s' if t.absent != 1 else ''} not voting"
    )


def your_vote(
    *,
    yes: int,
    no: int,
    abstain: int,
    absent: int,
    body: str,
    date: str,
    p5_votes: str = "",
    majority: str = "simple",
) -> dict:
    """The reader's own vote, decided; numbers that do not fit the body become a sentence, not an error.

    Parameters
    ----------
    yes, no, abstain, absent : int
        The counts of the vote (absent: members not voting).
    body : {"GA", "SC"}
    date : str
        ISO date of the vote (sets the membership and the rules).
    p5_votes : str
        Named votes of permanent members as :func:`unvotes_lib.tally.parse_votes` reads
        them ("USA=no"), counted within the numbers above; "" for none.
    majority : {"simple", "two-thirds"}
        General Assembly majority.

    Returns
    -------
    dict
        ``tally`` and ``decision`` (None when the numbers do not fit), ``text`` (the
        tally and the decision in words, or what to change).

    Examples
    --------
    >>> your_vote(yes=93, no=18, abstain=65, absent=0, body="GA", date="2025-02-24")["decision"].outcome
    'adopted'
    >>> print(your_vote(yes=93, no=18, abstain=65, absent=0, body="SC", date="2025-02-24")["text"])
    ... # doctest: +ELLIPSIS
    These numbers do not fit the Security Council: 176 votes ... Change `yes`, `no`, ...
    """
    from .tally import decide, parse_votes, tally

    where = _BODY.get(str(body).upper(), str(body))
    try:
        t = tally(parse_votes(p5_votes), yes=yes, no=no, abstain=abstain, absent=absent, body=body, date=date)
        d = decide(t, majority=majority)
    except ValueError as err:
        size = (
            '15 members, e.g. yes=13, no=1, abstain=1 with p5_votes="USA=no"'
            if body == "SC"
            else ("193 members, e.g. yes=93, no=18, abstain=65")
        )
        text = (
            f"These numbers do not fit the {where}: {md(str(err))} Change `yes`, `no`, `abstain` and "
            f"`absent` to a vote of the {where} ({size}), then run the notebook again."
        )
        return {"tally": None, "decision": None, "text": text}
    text = f"Your vote in the {where}: {tally_sentence(t)}.\n\n{md(d.explanation)}"
    return {"tally": t, "decision": d, "text": text}


def your_what_if(mine: dict, changes: str, *, majority: str = "simple") -> dict:
    """:func:`unvotes_lib.tally.what_if` on :func:`your_vote`, with any misfit as a sentence.

    Parameters
    ----------
    mine : dict
        :func:`your_vote`'s dict.
    changes : str
        Changes as :func:`unvotes_lib.tally.parse_votes` reads them: "FRA=no" or
        "yes->no=38".
    majority : {"simple", "two-thirds"}

    Returns
    -------
    dict
        ``decision`` (the Decision with the changes, or None when the vote does not fit or
        the change cannot be applied) and ``text`` (the scenario and the decision in
        Markdown, or what to change).

    Examples
    --------
    >>> mine = your_vote(yes=93, no=18, abstain=65, absent=0, body="GA", date="2025-02-24")
    >>> your_what_if(mine, "yes->no=38")["decision"].outcome
    'rejected'
    """
    from .tally import parse_votes, what_if

    if mine["tally"] is None:
        return {"decision": None, "text": "No what-if: your vote above does not fit the body yet."}
    try:
        d = what_if(mine["tally"], parse_votes(changes), majority=majority)
    except ValueError as err:
        text = (
            f'This change cannot be applied: {md(str(err))} Write `what_if_votes` as "FRA=no" (a '
            'named vote) or "yes->no=38" (a number of votes).'
        )
        return {"decision": None, "text": text}
    return {"decision": d, "text": f"{md(d.scenario)} {md(d.explanation)}"}


def check_answer(answer, expected, *, hint: str) -> str:
    """Check an exercise: a prompt when blank, "Correct" when right, the hint when wrong (never an error).

    Strings are compared without case and surrounding spaces; numbers as numbers.

    Parameters
    ----------
    answer : object
        What the reader wrote (None or blank when not yet answered).
    expected : str or number
        The right answer.
    hint : str
        Markdown shown when the answer is wrong.

    Returns
    -------
    str
        A Markdown line.

    Examples
    --------
    >>> check_answer(None, 80, hint="Two-thirds of 120.")
    '*Write your answer in the cell above, then run this cell again.*'
    >>> check_answer(80, 80, hint="Two-thirds of 120.")
    '**Correct.**'
    >>> check_answer(" Rejected", "rejected", hint="A tie fails.")
    '**Correct.**'
    >>> check_answer(60, 80, hint="Two-thirds of 120.")
    '**Not yet** (you wrote 60). Hint: Two-thirds of 120.'
    """
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return "*Write your answer in the cell above, then run this cell again.*"
    if isinstance(expected, str):
        right = str(answer).strip().casefold() == expected.strip().casefold()
    else:
        try:
            right = float(answer) == float(expected)
        except (TypeError, ValueError):
            right = False
    if right:
        return "**Correct.**"
    return f"**Not yet** (you wrote {md(answer)}). Hint: {hint}"


def answers_html(answers) -> str:
    """The exercises' answers in a collapsed ``<details>`` element (open it to read them).

    Parameters
    ----------
    answers : list of (question number, answer, why)

    Returns
    -------
    str
        HTML, with the answers and reasons escaped.

    Examples
    --------
    >>> print(answers_html([(1, 80, "two-thirds of 120")]).replace("<ol>", "\\n<ol>"))
    <details><summary>Answers (click to open)</summary>
    <ol><li value="1"><b>80</b>: two-thirds of 120</li></ol></details>
    """
    import html as _html

    items = "".join(
        f'<li value="{int(n)}"><b>{_html.escape(str(a))}</b>: {_html.escape(str(why))}</li>'
        for n, a, why in answers
    )
    return f"<details><summary>Answers (click to open)</summary><ol>{items}</ol></details>"


def with_record_urls(table: pd.DataFrame, data: VoteData) -> pd.DataFrame:
    """``table`` (with ``rcid`` and ``symbol``) with a ``url`` column: each roll call's UN record.

    The source's own link where it gives one, else a UN Digital Library search for the
    symbol (:func:`record_url`).

    Parameters
    ----------
    table : DataFrame
        With an ``rcid`` column.
    data : VoteData
        The data holding those roll calls.

    Returns
    -------
    DataFrame
        A copy of ``table`` with ``url`` added (None for an rcid not in ``data``).

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> curated = uv.load("curated", use_cache=False)
    >>> t = with_record_urls(uv.decisions(curated), curated)
    >>> t.loc[t["symbol"] == "A/RES/ES-11/7", "url"].item()
    'https://digitallibrary.un.org/search?p=A%2FRES%2FES-11%2F7'
    """
    rc = data.roll_calls.set_index("rcid")
    urls = [record_url(rc.loc[r]) if r in rc.index else None for r in table["rcid"]]
    return table.assign(url=urls)


def md_link(text, url) -> str:
    """A Markdown link whose text is escaped (:func:`md`) and whose URL cannot break out of it.

    Only http(s) URLs are linked; spaces, parentheses, brackets and quotes in the URL are
    percent-encoded. Markdown, not an ``<a>`` tag: nbconvert re-parses inline HTML tags one
    by one and would leave the tag empty.

    Parameters
    ----------
    text : object
        The link text (made literal).
    url : str or None

    Returns
    -------
    str
        ``[text](url)``, or the escaped text alone when ``url`` is not an http(s) URL.

    Examples
    --------
    >>> md_link("S/RES/2774 (2025)", "https://digitallibrary.un.org/search?p=S/RES/2774 (2025)")
    '[S/RES/2774 \\\\(2025\\\\)](https://digitallibrary.un.org/search?p=S/RES/2774%20%282025%29)'
    >>> md_link("x", "javascript:alert(1)")
    'x'
    """
    import urllib.parse

    label = md(text)
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return label
    safe = urllib.parse.quote(url, safe=":/?&=%#+,;@!$*~-._")
    return f"[{label}]({safe})"


def load(source) -> VoteData:
    """Load ``source`` for a report (:func:`unvotes_lib.load`) without the parser's warnings.

    Warnings raised while parsing raw files (e.g. a date the reader corrected) appear only when
    the cache is cold; shown in a page they would make two renders of the same inputs differ.
    They belong to ``unvotes data info`` / ``unvotes data check``, not to a report, whose
    provenance section names every file and its sha256.

    Parameters
    ----------
    source : str
        A registry name, a file or folder path, or a record URL.

    Returns
    -------
    VoteData

    Examples
    --------
    >>> load("curated").roll_calls["symbol"].tolist()
    ['A/RES/ES-11/8', 'A/RES/ES-11/7', 'S/RES/2774 (2025)']
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _load(source)


def complete_records(data: VoteData) -> tuple[VoteData, list[str]]:
    """``data`` without its partial roll calls, and a note for the report saying which were left out.

    A partial record (a curated vote on which only some members' votes are entered, such as the
    24 February 2025 records before the UN's files have them) would bias every agreement figure
    of the countries it names; analyses of many votes leave it out and the page says so.

    Parameters
    ----------
    data : VoteData
        Loaded votes.

    Returns
    -------
    tuple of (VoteData, list of str)
        The data without partial roll calls (the same object when it has none) and zero or one
        note naming the records left out.

    Examples
    --------
    >>> rc = pd.DataFrame({"rcid": [1, 2], "body": "GA", "session": "79", "date": "2025-02-24",
    ...                    "symbol": ["A/RES/ES-11/7", "A/RES/79/1"], "partial": [True, False]})
    >>> votes = pd.DataFrame({"rcid": [1, 2, 2], "country": ["USA", "USA", "FRA"], "vote": "yes"})
    >>> complete, notes = complete_records(VoteData(rc, votes))
    >>> complete.roll_calls["symbol"].tolist()
    ['A/RES/79/1']
    >>> print(notes[0])
    1 partial record (A/RES/ES-11/7), on which only some members’ votes are entered, is left out of ...
    """
    roll = data.roll_calls
    partial = roll["partial"].to_numpy(dtype=bool)
    if not partial.any():
        return data, []
    symbols = ", ".join(map(str, roll.loc[partial, "symbol"]))
    n = int(partial.sum())
    what = "1 partial record" if n == 1 else f"{n} partial records"
    verb = "is" if n == 1 else "are"
    note = f"{what} ({symbols}), on which only some members’ votes are entered, {verb} left out of "
    note += "these figures."
    return data.filter(rcids=roll.loc[~partial, "rcid"]), [note]


def quietly(func, *args, **kwargs):
    """Call ``func`` and return ``(result, notes)``: its warnings as sentences for the report.

    A report shows an expected condition as a sentence, never as a warning that quotes the
    library's file path (issue 10). Errors still raise.

    Parameters
    ----------
    func : callable
    *args, **kwargs
        Passed to ``func``.

    Returns
    -------
    tuple of (object, list of str)
        ``func``'s result, and the messages of the ``UserWarning`` s it raised (each once,
        in order); other warnings are dropped.

    Examples
    --------
    >>> import warnings
    >>> def f():
    ...     warnings.warn("Skipped sessions [54]: too few votes.", UserWarning, stacklevel=2)
    ...     return 1
    >>> quietly(f)
    (1, ['Skipped sessions [54]: too few votes.'])
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    notes = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, UserWarning)))
    return result, notes


def notes_text(notes) -> str:
    """Notes from :func:`quietly` as one Markdown paragraph ("" when there are none).

    Parameters
    ----------
    notes : list of str
        Plain-text notes; made literal in Markdown.

    Returns
    -------
    str

    Examples
    --------
    >>> notes_text(["Skipped sessions [54]: too few votes."])
    '*Note:* Skipped sessions \\\\[54\\\\]: too few votes.'
    >>> notes_text([])
    ''
    """
    return " ".join(f"*Note:* {md(n)}" for n in notes)
