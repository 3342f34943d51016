"""The tables and sentences the report notebooks show, composed from the analysis modules.

Notebooks stay thin (a parameters cell, library calls, short narrative): whatever a
report computes beyond one call into an analysis module lives here, where tests reach it.
Every function returns a tidy DataFrame, or a dict of key numbers with a ``text``
sentence built from them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import blocs as _blocs
from . import countries as _countries
from .agreement import _as_list, agreement, resolve_in_data
from .store import ABSENT, ABSTAIN, NO, YES, VoteData

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

    Returns
    -------
    DataFrame
        bloc, members (members on that day), yes, no, abstain, absent (recorded
        votes of members), not_recorded (members with no vote in the data: not
        entered in a partial record, or not a member of the body).
    """
    row = data.roll_call(symbol)
    col = int(data.matrix.rcids.get_loc(row["rcid"]))
    values = data.matrix.values[:, col]
    rows = []
    for bloc in blocs:
        member = _blocs.membership(data, bloc)[:, col]
        n_members = len(_blocs.bloc_members(bloc, row["date"]))
        counts = {k: int(((values == code) & member).sum()) for k, code in _CODES.items()}
        rows.append(
            {"bloc": bloc, "members": n_members, **counts, "not_recorded": n_members - sum(counts.values())}
        )
    return pd.DataFrame(rows).astype({k: "int64" for k in ("members", *_CODES, "not_recorded")})


def security_council(data: VoteData, *, years=None) -> VoteData:
    """The Security Council roll calls of ``data`` (in ``years``), or a clear error if none.

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
    sc = data.filter(body="SC", years=years)
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

    Returns
    -------
    DataFrame
        year, seat ("China", "France", "Russia", "United Kingdom", "United States"),
        yes, no, abstain, absent (counts of the seat's recorded votes), n.
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

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> moved = transitions_in_order(uv.load("curated", use_cache=False), "A/RES/ES-11/8", "A/RES/ES-11/7")
    >>> moved.countries.loc[moved.countries["moved"], ["country", "change"]].values.tolist()
    [['USA', 'no -> abstain']]
    """
    from .shifts import transitions

    rows = sorted((data.roll_call(s) for s in (symbol, other)), key=_chronological)
    return transitions(data, rows[0]["symbol"], rows[1]["symbol"])


def _chronological(row) -> tuple:
    numbers = tuple(int(n) for n in re.findall(r"\d+", str(row["symbol"])))
    return (row["date"], numbers)


def who_voted(data: VoteData, symbol: str) -> pd.DataFrame:
    """The countries on record for each vote on one roll call.

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
    shift = shift[shift["n"] > 0].dropna(subset=["value"])
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

    Examples
    --------
    >>> ideal = pd.DataFrame({"ideal": [1.0], "se": [0.5]})
    >>> interval(ideal, level=95)[["lo", "hi"]].round(3).values.tolist()
    [[0.02, 1.98]]
    >>> interval(ideal, level=50)[["lo", "hi"]].round(3).values.tolist()
    [[0.663, 1.337]]
    """
    from scipy.stats import norm

    if not 0 < level < 100:
        msg = f"`level` {level!r} must be a percentage between 0 and 100, e.g. 95."
        raise ValueError(msg)
    if level == 95 and {"lo", "hi"} <= set(ideal.columns):
        return ideal
    if "se" not in ideal.columns:
        msg = f"an interval needs a column `se`; found {list(ideal.columns)}."
        raise ValueError(msg)
    z = float(norm.ppf(0.5 + level / 200))
    return ideal.assign(lo=ideal["ideal"] - z * ideal["se"], hi=ideal["ideal"] + z * ideal["se"])


def p5_totals(p5: pd.DataFrame) -> pd.DataFrame:
    """The votes of each permanent seat summed over the years of :func:`p5_votes`.

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

    Examples
    --------
    >>> record_url({"symbol": "A/RES/74/251", "url": None})
    'https://digitallibrary.un.org/search?p=A%2FRES%2F74%2F251'
    """
    import urllib.parse

    url = row.get("url") if hasattr(row, "get") else None
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    return _DL_SEARCH + urllib.parse.quote(str(row["symbol"]), safe="")


def partners_of(country: str, partners) -> list[str]:
    """``partners`` without ``country`` itself and without repeats (a country is not its own partner).

    Examples
    --------
    >>> partners_of("CHN", ["RUS", "GBR", "CHN", "RUS"])
    ['RUS', 'GBR']
    """
    return [p for p in dict.fromkeys(_as_list(partners)) if str(p) != str(country)]


def since_bloc_exists(shift: pd.DataFrame, *, column: str = "partner") -> pd.DataFrame:
    """Rows of a bloc before the bloc existed (its first member's ``from`` year) left out.

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

    Examples
    --------
    >>> print(contents(["Who voted how", "Data"]))
    **Contents:** [Who voted how](#Who-voted-how) · [Data](#Data)
    """
    links = [f"[{s}](#{s.replace(' ', '-')})" for s in sections]
    return "**Contents:** " + " · ".join(links)


def findings(sentences, *, title: str = "Key findings") -> str:
    """The key findings as Markdown: a heading and one bullet per non-empty sentence.

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

    Examples
    --------
    >>> percent(0.7449), percent(0.7449, 1), percent(None)
    ('74 %', '74.5 %', 'n/a')
    """
    if x is None or pd.isna(x):
        return "n/a"
    return f"{100 * float(x):.{digits}f} %"
