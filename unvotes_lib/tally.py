"""Tallies and the voting rules of the General Assembly and the Security Council.

A :class:`Tally` holds the counts of one roll call (yes, no, abstain, absent) and,
where known, each member's vote; :func:`decide` applies the rules of the body and
returns a :class:`Decision` that says whether the text passed and why, in plain
English. :func:`what_if` replays a vote with some votes changed and :func:`pivotal`
lists the switches that would have changed the result.

The rules (``../shared/DOMAIN.md`` sections 1-2)
-------------------------------------------------
General Assembly (Charter Art. 18, rules of procedure 67, 83-88, 95)
    Decisions need a majority of the members *present and voting*: members casting
    yes or no (r.86). Abstentions and members not voting do not count. A simple
    majority is ``yes > no`` (a tie fails, r.95); a two-thirds majority, for
    important questions, is ``yes >= 2 * no``, the same as
    ``yes >= ceil(2 * (yes + no) / 3)``. With nobody voting yes or no nothing is
    adopted (at least one yes vote is required). Quorum (r.67): a majority of the
    members must be present. A record cannot prove a member absent (a member
    present but not voting is recorded as non-voting, like an absent one), so the
    quorum decides the outcome only when the number of members present is given
    (``present=``); otherwise the members recorded voting yes, no or abstaining are
    a lower bound, and a decision notes when that bound is below the quorum. The
    number of members is known from 14 July 2011 (193) or given as ``members=``.
Security Council (Charter Art. 27)
    Nine affirmative votes (seven of eleven members for votes before 1966).
    Procedural matters: nine votes, no veto. Other matters: nine votes and no "no"
    from a permanent member (a veto). A permanent member's abstention or absence
    is not a veto, and neither is its "no" on a draft that lacks nine yes votes:
    that draft failed for insufficient votes (the "no" is reported separately).

Membership checks
-----------------
General Assembly: the counts may not exceed the number of members (193, the most
the UN has ever had; ``members=`` for another number). Country codes must be known
codes (:func:`unvotes_lib.countries.resolve`), and a state whose seat had ended
(:data:`SEAT_ENDED`: ``SUN``, ``TWN``, ``DDR``, ``YMD``, ``CSK``, ``YUG``, ``SCG``,
``ZAN``) cannot vote after that day, in either body. Admission dates are not on
file: a vote by a state before it joined is not caught.

Security Council: at most 15 votes (11 before 1966). Permanent members are known
for every date: ``CHN`` (``TWN`` held China's seat before 25 October 1971), ``FRA``,
``GBR``, ``USA`` and ``RUS`` (``SUN`` for the USSR's seat before 25 December 1991,
where ``RUS`` is also accepted because the package files the USSR's votes under
Russia by default). The elected members are checked for the years listed in
``data/sc_members.yaml`` (2011, 2014 and 2021-2026, see :func:`sc_members`); for
any other year only the permanent seats are checked and the decision carries a
note saying that the elected members were not checked.

Note: ``import unvotes_lib.tally`` may give the *function* :func:`tally` once it is
re-exported from :mod:`unvotes_lib`; use ``from unvotes_lib.tally import ...``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from . import countries

__all__ = [
    "OUTCOMES",
    "Decision",
    "Tally",
    "decide",
    "decisions",
    "parse_votes",
    "permanent_members",
    "pivotal",
    "sc_members",
    "tally",
    "what_if",
]

VOTES = ("yes", "no", "abstain", "absent")
OUTCOMES = ("adopted", "rejected", "vetoed", "failed: insufficient votes", "failed: no quorum")
MAJORITIES = ("simple", "two-thirds")

#: Date from which the UN has had 193 members (South Sudan admitted 14 July 2011).
GA_193_SINCE = "2011-07-14"
GA_MAX_MEMBERS = 193
#: The enlarged Council (15 members, threshold 9) sat from 1 January 1966.
SC_ENLARGED = "1966-01-01"
CHINA_SEAT_CHANGE = "1971-10-25"  # GA resolution 2758 (XXVI)
USSR_SEAT_CHANGE = "1991-12-25"

#: Seats that ended: code -> first day it no longer voted in the UN (dissolution,
#: unification, succession; China's seat passed from TWN to CHN by resolution 2758).
SEAT_ENDED = {
    "SUN": USSR_SEAT_CHANGE,  # seat continued by the Russian Federation
    "TWN": CHINA_SEAT_CHANGE,  # GA resolution 2758 (XXVI)
    "DDR": "1990-10-03",  # German unification
    "YMD": "1990-05-22",  # Yemeni unification
    "CSK": "1993-01-01",  # dissolution of Czechoslovakia
    "YUG": "2000-11-01",  # FR Yugoslavia admitted as a new member
    "SCG": "2006-06-03",  # seat continued by Serbia
    "ZAN": "1964-04-26",  # union with Tanganyika
}


# ---------------------------------------------------------------- membership


def permanent_members(date: str | None = None) -> dict[str, str]:
    """The permanent members of the Security Council on a date.

    Parameters
    ----------
    date : str, optional
        ISO date (``"1970-05-01"``); default: today's composition.

    Returns
    -------
    dict
        Every accepted code -> the seat it holds (``"China"``, ``"France"``,
        ``"Russia"``, ``"United Kingdom"``, ``"United States"``). Before
        25 December 1991 both ``SUN`` and ``RUS`` name the USSR's seat (the package
        files USSR votes under ``RUS`` by default).

    Examples
    --------
    >>> sorted(permanent_members("2025-02-24"))
    ['CHN', 'FRA', 'GBR', 'RUS', 'USA']
    >>> permanent_members("1960-01-01")["TWN"], permanent_members("1960-01-01")["SUN"]
    ('China', 'Russia')
    """
    date = _iso(date)
    seats = {"FRA": "France", "GBR": "United Kingdom", "USA": "United States", "RUS": "Russia"}
    if date is not None and date < CHINA_SEAT_CHANGE:
        seats["TWN"] = "China"
    else:
        seats["CHN"] = "China"
    if date is not None and date < USSR_SEAT_CHANGE:
        seats["SUN"] = "Russia"
    return seats


@functools.cache
def _sc_table() -> dict[int, frozenset[str]]:
    import yaml

    path = resources.files("unvotes_lib.data") / "sc_members.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    table = {}
    for year, members in (doc.get("elected") or {}).items():
        codes = frozenset(str(m).upper() for m in members)
        unknown = sorted(c for c in codes if not countries.is_known(c))
        if len(codes) != 10 or len(members) != 10 or unknown:
            msg = (
                f"data/sc_members.yaml: year {year} must list 10 distinct known codes; "
                f"got {list(members)} (unknown: {unknown})."
            )
            raise ValueError(msg)
        table[int(year)] = codes
    return table


def sc_members(date: str) -> frozenset[str] | None:
    """The elected members of the Security Council on a date, or None if not on file.

    Covered: calendar years 2011, 2014 and 2021-2026 (``data/sc_members.yaml``, from
    the UN Security Council's lists of elected members). Elected members serve from
    1 January to 31 December.

    Examples
    --------
    >>> sorted(sc_members("2025-02-24"))[:5]
    ['DNK', 'DZA', 'GRC', 'GUY', 'KOR']
    >>> sc_members("1999-06-01") is None
    True
    """
    iso = _iso(date)
    if iso is None:
        return None
    return _sc_table().get(int(iso[:4]))


def _iso(date) -> str | None:
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return None
    try:
        return pd.Timestamp(date).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        msg = f"`date` {date!r} is not a date; expected YYYY-MM-DD such as '2025-02-24'."
        raise ValueError(msg) from None


def _max_members(body: str | None, date: str | None, members: int | None) -> int:
    if members is not None:
        return members
    if body == "SC":
        return 11 if date is not None and date < SC_ENLARGED else 15
    return GA_MAX_MEMBERS


def _body(body) -> str | None:
    if body is None:
        return None
    b = str(body).strip().upper()
    if b not in ("GA", "SC"):
        msg = f"`body` {body!r} must be 'GA' (General Assembly) or 'SC' (Security Council)."
        raise ValueError(msg)
    return b


def _label(vote, where: str) -> str:
    v = str(vote).strip().lower()
    v = {
        "y": "yes",
        "n": "no",
        "a": "abstain",
        "x": "absent",
        "abstention": "abstain",
        "non-voting": "absent",
        "not voting": "absent",
    }.get(v, v)
    if v not in VOTES:
        msg = f"{where} {vote!r} is not a vote; expected one of {list(VOTES)}."
        raise ValueError(msg)
    return v


def _code(code, where: str = "country") -> str:
    return countries.resolve(str(code), param=where)


# ---------------------------------------------------------------- Tally


@dataclass(frozen=True)
class Tally:
    """The counts of one roll call, and the votes entered country by country.

    Build it with :func:`tally` (from a votes table, a mapping, a VoteData or counts)
    or directly from counts.

    Attributes
    ----------
    yes, no, abstain, absent : int
        The counts the decision uses. For a partial record these are the official
        totals; ``absent`` is 0 when the source drops absences (unvotes-2021).
    body : {"GA", "SC"} or None
    date : str or None
        ISO date of the vote.
    symbol : str or None
    partial : bool
        True if only some members' votes are entered (``votes``); the counts are then
        the official totals, not a count of ``votes``.
    votes : tuple of (code, vote)
        The votes entered country by country (ISO3 code, vote label), sorted by code.
    yes_total, no_total, abstain_total, non_voting_total : int or None
        The official totals where the source has them.

    Examples
    --------
    >>> t = Tally(yes=93, no=18, abstain=65)
    >>> t.present_and_voting
    111
    >>> Tally(yes=-1)
    Traceback (most recent call last):
    ...
    ValueError: `yes` -1 is a negative count; counts are whole numbers >= 0.
    """

    yes: int = 0
    no: int = 0
    abstain: int = 0
    absent: int = 0
    body: str | None = None
    date: str | None = None
    symbol: str | None = None
    partial: bool = False
    votes: tuple[tuple[str, str], ...] = ()
    yes_total: int | None = None
    no_total: int | None = None
    abstain_total: int | None = None
    non_voting_total: int | None = None

    def __post_init__(self):
        for name in (*VOTES, "yes_total", "no_total", "abstain_total", "non_voting_total"):
            value = getattr(self, name)
            if value is None and name not in VOTES:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    ok = float(value) == int(value)
                except (TypeError, ValueError):
                    ok = False
                if not ok:
                    msg = f"`{name}` {value!r} is not a count; expected a whole number >= 0."
                    raise TypeError(msg)
                object.__setattr__(self, name, int(value))
                value = int(value)
            if value < 0:
                msg = f"`{name}` {value} is a negative count; counts are whole numbers >= 0."
                raise ValueError(msg)
        object.__setattr__(self, "body", _body(self.body))
        object.__setattr__(self, "date", _iso(self.date))
        resolved: dict[str, str] = {}
        for c, v in dict(self.votes).items():
            code = c if countries.is_known(str(c)) else _code(c, "country")
            if code in resolved:
                msg = f"{code} has more than one vote; give each country one vote."
                raise ValueError(msg)
            resolved[code] = _label(v, f"vote of {code}")
        votes = tuple(sorted(resolved.items()))
        object.__setattr__(self, "votes", votes)
        entered = self.entered
        for label in VOTES:
            if entered[label] > getattr(self, label):
                who = [c for c, v in votes if v == label]
                msg = (
                    f"{entered[label]} countries are entered as {label!r} ({', '.join(who)}) but the "
                    f"count of {label!r} is {getattr(self, label)}; fix the counts or the votes."
                )
                raise ValueError(msg)
        limit = _max_members(self.body, self.date, None)
        if self.total > limit:
            where = "the Security Council" if self.body == "SC" else "the United Nations"
            msg = (
                f"{self.total} votes ({self.yes} yes, {self.no} no, {self.abstain} abstain, "
                f"{self.absent} absent) is more than the {limit} members of {where}"
                f"{' on ' + self.date if self.date and self.body == 'SC' else ''}; check the counts."
            )
            raise ValueError(msg)
        self._check_members()

    def _check_members(self) -> None:
        for code, _ in self.votes:
            if not countries.is_known(code):
                _code(code, "country")  # raises with suggestions
            ended = SEAT_ENDED.get(code)
            if self.body == "SC" and code in ("SUN", "TWN"):
                ended = None  # permanent seats: checked below, with the Council's own message
            if ended is not None and self.date is not None and self.date >= ended:
                msg = (
                    f"{code} ({countries.name_of(code)}) was not a UN member on {self.date}: its seat ended "
                    f"on {ended}. Check the country code or the date."
                )
                raise ValueError(msg)
        if self.body != "SC" or not self.votes:
            return
        p5 = permanent_members(self.date)
        elected = sc_members(self.date) if self.date else None
        seats = {}
        for code, _ in self.votes:
            if code in p5:
                if p5[code] in seats:
                    msg = (
                        f"{seats[p5[code]]} and {code} both hold {p5[code]}'s permanent seat; "
                        "enter one vote per seat."
                    )
                    raise ValueError(msg)
                seats[p5[code]] = code
                continue
            if code in ("CHN", "TWN", "SUN", "RUS"):
                msg = (
                    f"{code} ({countries.name_of(code)}) did not hold a permanent seat on {self.date}: "
                    f"the permanent members then were {sorted(p5)}."
                )
                raise ValueError(msg)
            if elected is not None and code not in elected:
                msg = (
                    f"{code} ({countries.name_of(code)}) was not a member of the Security Council on "
                    f"{self.date}; the members were {sorted(p5)} (permanent) and {sorted(elected)} (elected)."
                )
                raise ValueError(msg)

    # -------------------------------------------------------- derived
    @property
    def present_and_voting(self) -> int:
        """Members casting yes or no (rule 86): the base of every GA majority."""
        return self.yes + self.no

    @property
    def present(self) -> int:
        """Members recorded as voting yes, no or abstaining (counted for quorum)."""
        return self.yes + self.no + self.abstain

    @property
    def total(self) -> int:
        """All members recorded, absent included."""
        return self.yes + self.no + self.abstain + self.absent

    @property
    def by_country(self) -> dict[str, str]:
        """The entered votes as a dict code -> vote."""
        return dict(self.votes)

    @property
    def entered(self) -> dict[str, int]:
        """How many votes of each kind are entered country by country."""
        out = dict.fromkeys(VOTES, 0)
        for _, v in self.votes:
            out[v] += 1
        return out

    @property
    def official(self) -> dict[str, int | None]:
        """The official totals (None where the source has none)."""
        return {
            "yes": self.yes_total,
            "no": self.no_total,
            "abstain": self.abstain_total,
            "absent": self.non_voting_total,
        }

    @property
    def note(self) -> str:
        """A sentence on where the counts come from (empty for an ordinary record)."""
        if not self.partial:
            return ""
        verb = "is" if len(self.votes) == 1 else "are"
        return (
            f"Partial record: the counts are the official totals; only {len(self.votes)} of the "
            f"{self.total} recorded votes {verb} entered country by country."
        )

    def to_dict(self) -> dict:
        """A JSON-ready dict of the counts, the entered votes and the official totals."""
        return {
            "symbol": self.symbol,
            "body": self.body,
            "date": self.date,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "absent": self.absent,
            "present_and_voting": self.present_and_voting,
            "partial": self.partial,
            "official": self.official,
            "votes": dict(self.votes),
        }


def tally(
    votes=None,
    *,
    symbol: str | None = None,
    rcid: int | None = None,
    yes: int | None = None,
    no: int | None = None,
    abstain: int | None = None,
    absent: int | None = None,
    body: str | None = None,
    date: str | None = None,
) -> Tally:
    """Count the votes of one roll call.

    Parameters
    ----------
    votes : DataFrame, mapping, VoteData or Tally, optional
        * a votes table of one roll call with columns ``country`` and ``vote``
          (an ``rcid`` column, if present, must hold a single value);
        * a mapping ``{"USA": "no", "FRA": "abstain", ...}`` (codes or names);
        * a :class:`~unvotes_lib.VoteData` with ``symbol=`` or ``rcid=``: the roll call's
          votes, body, date and official totals; a partial record (``partial``) is
          counted from its official totals;
        * None: counts only (``yes=``, ``no=``, ...).
    symbol, rcid : optional
        Which roll call of a VoteData.
    yes, no, abstain, absent : int, optional
        Counts. Given together with votes, they are the official totals and the votes
        are the ones known country by country (a partial record, e.g. the permanent
        members' votes of a Council vote).
    body : {"GA", "SC"}, optional
    date : str, optional
        ISO date; sets the Council's threshold and membership.

    Returns
    -------
    Tally

    Raises
    ------
    ValueError
        Negative counts, more votes than members, an unknown code, a code that is not
        a Council member on ``date``, votes that exceed the counts.

    Examples
    --------
    >>> tally(yes=93, no=18, abstain=65, body="GA").present_and_voting
    111
    >>> t = tally({"USA": "no", "France": "yes", "GBR": "yes"})
    >>> (t.yes, t.no, t.by_country["FRA"])
    (2, 1, 'yes')
    """
    counts = {"yes": yes, "no": no, "abstain": abstain, "absent": absent}
    given = {k: v for k, v in counts.items() if v is not None}
    if isinstance(votes, Tally):
        meta = {"body": body or votes.body, "date": date or votes.date}
        return dataclasses.replace(votes, **meta, **given)
    if votes is not None and hasattr(votes, "roll_calls") and hasattr(votes, "votes"):
        return _from_data(votes, symbol=symbol, rcid=rcid, body=body, date=date, given=given)
    if symbol is not None or rcid is not None:
        msg = "`symbol`/`rcid` select a roll call of a VoteData; pass the VoteData as the first argument."
        raise TypeError(msg)
    entered = _entered(votes)
    return _build(entered, given, body=body, date=date, symbol=None)


def _entered(votes) -> dict[str, str]:
    if votes is None:
        return {}
    if isinstance(votes, pd.DataFrame):
        missing = [c for c in ("country", "vote") if c not in votes.columns]
        if missing:
            msg = (
                f"`votes` has no column(s) {missing}; expected a votes table with 'country' and 'vote' "
                f"(found {list(votes.columns)})."
            )
            raise ValueError(msg)
        if "rcid" in votes.columns and len(pd.unique(votes["rcid"])) > 1:
            msg = (
                f"`votes` holds {votes['rcid'].nunique()} roll calls (rcids "
                f"{sorted(votes['rcid'].unique().tolist())[:5]}...); tally one at a time, e.g. "
                "tally(data, symbol=...)."
            )
            raise ValueError(msg)
        pairs = list(zip(votes["country"].astype(str), votes["vote"].astype(str), strict=True))
    elif isinstance(votes, Mapping):
        pairs = list(votes.items())
    else:
        msg = (
            f"`votes` must be a votes DataFrame, a mapping country -> vote, a VoteData or a Tally; "
            f"got {type(votes).__name__}."
        )
        raise TypeError(msg)
    out: dict[str, str] = {}
    for country, vote in pairs:
        code = _code(country, "country")
        label = _label(vote, f"vote of {code}")
        if code in out:
            msg = f"{code} has more than one vote ({out[code]!r} and {label!r}); give each country one vote."
            raise ValueError(msg)
        out[code] = label
    return out


def _build(entered: dict, given: dict, *, body, date, symbol, partial=None, official=None) -> Tally:
    counted = dict.fromkeys(VOTES, 0)
    for v in entered.values():
        counted[v] += 1
    counts = {k: given.get(k, counted[k]) for k in VOTES}
    if partial is None:
        partial = bool(given) and bool(entered) and counts != counted
    official = official or {}
    return Tally(
        **counts,
        body=body,
        date=date,
        symbol=symbol,
        partial=partial,
        votes=tuple(entered.items()),
        **official,
    )


def _from_data(data, *, symbol, rcid, body, date, given) -> Tally:
    if (symbol is None) == (rcid is None):
        msg = "Choose one roll call of the VoteData: pass `symbol=` (e.g. 'A/RES/ES-11/7') or `rcid=`."
        raise ValueError(msg)
    if symbol is not None:
        row = data.roll_call(symbol)
    else:
        rows = data.roll_calls[data.roll_calls["rcid"] == rcid]
        if rows.empty:
            msg = f"`rcid` {rcid!r} is not a roll call in this data."
            raise ValueError(msg)
        row = rows.iloc[0]
    sub = data.votes[data.votes["rcid"].to_numpy() == row["rcid"]]
    entered = _entered(sub)
    total = {"yes": "yes_total", "no": "no_total", "abstain": "abstain_total", "absent": "non_voting_total"}
    official = {col: (None if pd.isna(row[col]) else int(row[col])) for col in total.values()}
    partial = bool(row["partial"])
    if partial:
        counts = {k: official[col] for k, col in total.items() if official[col] is not None}
        counts.setdefault("absent", 0)
        counts.update(given)
        given = counts
    rec_body = None if pd.isna(row["body"]) else str(row["body"])
    if body is not None and rec_body is not None and _body(body) != rec_body:
        msg = f"`body` {body!r} does not match the record of {row['symbol']}, a {rec_body} vote."
        raise ValueError(msg)
    return _build(
        entered,
        given,
        body=rec_body or body,
        date=date or row["date"],
        symbol=None if pd.isna(row["symbol"]) else str(row["symbol"]),
        partial=partial,
        official=official,
    )


# ---------------------------------------------------------------- Decision


@dataclass(frozen=True)
class Decision:
    """Whether a text passed under the rules of its body, and why.

    Attributes
    ----------
    adopted : bool
    outcome : str
        "adopted", "rejected" (GA), "vetoed" (SC), "failed: insufficient votes" (SC)
        or "failed: no quorum" (GA, fewer than a majority of members present, when
        ``present`` is given).
    required : int
        Yes votes needed: GA ``floor(P/2) + 1`` (simple) or ``ceil(2P/3)`` (two-thirds)
        of the P members present and voting, at least 1; SC the threshold (9, or 7
        before 1966).
    margin : int
        ``yes - required`` (negative: votes short).
    vetoed_by : tuple of str
        Permanent members whose "no" vetoed the text (ISO3), else empty.
    explanation : str
        Plain English a student can read.
    body, majority : str
    procedural : bool
    permanent_no : tuple of str
        Permanent members that voted no (a veto or not).
    quorum : int or None
        Members that must be present (GA, where the membership is known).
    notes : tuple of str
        Caveats: partial record, unchecked membership, assumed date.
    scenario : str
        For :func:`what_if`: the changes played ("If FRA had voted no ...").
    tally : Tally
        The tally decided.
    """

    adopted: bool
    outcome: str
    required: int
    margin: int
    vetoed_by: tuple[str, ...]
    explanation: str
    body: str
    majority: str
    procedural: bool
    permanent_no: tuple[str, ...]
    quorum: int | None
    notes: tuple[str, ...]
    tally: Tally
    scenario: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (the tally nested under ``tally``)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "tally"}
        out["vetoed_by"] = list(self.vetoed_by)
        out["permanent_no"] = list(self.permanent_no)
        out["notes"] = list(self.notes)
        out["tally"] = self.tally.to_dict()
        return out


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _names(codes, date: str | None = None) -> str:
    """'France (FRA) and Russia (RUS)'; RUS before 25 December 1991 is the Soviet Union's seat."""
    ussr = date is not None and date < USSR_SEAT_CHANGE
    items = [f"{'Soviet Union' if ussr and c == 'RUS' else countries.name_of(c)} ({c})" for c in codes]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _majority(majority) -> str:
    m = str(majority).strip().lower().replace("_", "-").replace(" ", "-")
    m = {"2/3": "two-thirds", "two-third": "two-thirds", "twothirds": "two-thirds"}.get(m, m)
    if m not in MAJORITIES:
        msg = f"`majority` {majority!r} must be 'simple' or 'two-thirds'."
        raise ValueError(msg)
    return m


def decide(
    tally_or_votes,
    *,
    body: str | None = None,
    majority: str = "simple",
    procedural: bool = False,
    permanent_votes: Mapping[str, str] | None = None,
    date: str | None = None,
    members: int | None = None,
    present: int | None = None,
) -> Decision:
    """Apply the rules of the General Assembly or the Security Council to a tally.

    Parameters
    ----------
    tally_or_votes : Tally, or anything :func:`tally` accepts
    body : {"GA", "SC"}, optional
        Default: the tally's body, else "GA". Must match the tally's body if both are given.
    majority : {"simple", "two-thirds"}
        GA only: "two-thirds" for important questions (Art. 18(2)).
    procedural : bool
        SC only: a procedural matter (nine votes, no veto).
    permanent_votes : mapping, optional
        SC: permanent members' votes not in the tally, e.g. ``{"USA": "no"}`` for a
        tally of counts. A code that is not a permanent member on ``date`` is an error.
    date : str, optional
        ISO date; default the tally's. Sets the SC threshold (7 before 1966) and the
        membership checks. Without a date the SC threshold is 9.
    members : int, optional
        Number of members of the body, for the quorum and the more-votes-than-members
        check (default: 193 for the GA, known from 14 July 2011; the SC has no quorum
        rule here).
    present : int, optional
        GA: members present (at least those voting yes, no or abstaining). When given
        and below the quorum (a majority of ``members``), the outcome is
        "failed: no quorum". Without it the quorum is not applied: the record cannot
        tell a member present but not voting from an absent one.

    Returns
    -------
    Decision

    Raises
    ------
    ValueError
        Bad body or majority, body mismatch, a permanent vote for a non-permanent
        member, or an SC vote where a "no" could be a veto but the permanent members'
        votes are unknown (pass ``permanent_votes``).

    Examples
    --------
    >>> d = decide(tally(yes=93, no=18, abstain=65), body="GA")
    >>> d.outcome, d.required, d.margin
    ('adopted', 56, 37)
    >>> print(d.explanation)  # doctest: +NORMALIZE_WHITESPACE
    Adopted: 93 yes against 18 no; a simple majority of the 111 members present and voting
    needs 56. The 65 abstentions do not count.
    >>> decide(tally(yes=13, no=1, abstain=1), body="SC", permanent_votes={"USA": "no"}).vetoed_by
    ('USA',)
    """
    t = tally_or_votes if isinstance(tally_or_votes, Tally) else tally(tally_or_votes)
    b = _body(body)
    if b is not None and t.body is not None and b != t.body:
        which = f" ({t.symbol})" if t.symbol else ""
        msg = f"`body` {body!r} does not match the tally, a {t.body} vote{which}."
        raise ValueError(msg)
    b = b or t.body or "GA"
    d = _iso(date) or t.date
    majority = _majority(majority)
    if members is not None and (isinstance(members, bool) or not isinstance(members, int) or members < 1):
        msg = f"`members` {members!r} must be a positive whole number (the size of the body)."
        raise ValueError(msg)
    if b != t.body or d != t.date:
        t = dataclasses.replace(t, body=b, date=d)
    if members is not None and t.total > members:
        msg = f"{t.total} votes is more than the {members} members given in `members`; check the counts."
        raise ValueError(msg)
    if permanent_votes:
        t = _with_permanent(t, permanent_votes)
    if present is not None and b == "SC":
        msg = "`present` applies to the General Assembly quorum; the Security Council has no quorum rule."
        raise ValueError(msg)
    if b == "GA":
        if procedural:
            msg = (
                "`procedural` applies to the Security Council; "
                "the General Assembly's majorities do not depend on it."
            )
            raise ValueError(msg)
        return _decide_ga(t, majority, members, present)
    if majority != "simple":
        msg = (
            "`majority` 'two-thirds' applies to the General Assembly; the Security Council needs 9 yes votes."
        )
        raise ValueError(msg)
    return _decide_sc(t, procedural)


def _with_permanent(t: Tally, permanent_votes: Mapping[str, str]) -> Tally:
    if t.body != "SC":
        msg = "`permanent_votes` apply to the Security Council; this is a General Assembly vote."
        raise ValueError(msg)
    p5 = permanent_members(t.date)
    known = t.by_country
    for country, vote in dict(permanent_votes).items():
        code = _code(country, "permanent_votes")
        label = _label(vote, f"`permanent_votes` vote of {code}")
        if code not in p5:
            when = f" on {t.date}" if t.date else ""
            msg = (
                f"`permanent_votes` gives a vote for {code} ({countries.name_of(code)}), which is not a "
                f"permanent member{when}; the permanent members are {sorted(p5)}."
            )
            raise ValueError(msg)
        if code in known and known[code] != label:
            msg = f"`permanent_votes` says {code} voted {label!r} but the record says {known[code]!r}."
            raise ValueError(msg)
        if code not in known and t.votes and not t.partial:
            msg = (
                f"`permanent_votes` gives a vote for {code}, which has no vote in this complete record "
                f"({', '.join(sorted(known))})."
            )
            raise ValueError(msg)
        known[code] = label
    counted = dict.fromkeys(VOTES, 0)
    for v in known.values():
        counted[v] += 1
    partial = any(counted[k] != getattr(t, k) for k in VOTES)
    return dataclasses.replace(t, votes=tuple(known.items()), partial=partial)


def _dont_count(t: Tally) -> str:
    parts = []
    if t.abstain:
        parts.append(_plural(t.abstain, "abstention"))
    if t.absent:
        parts.append(_plural(t.absent, "member", "members") + " not voting")
    if not parts:
        return ""
    verb = "does" if len(parts) == 1 and (t.abstain + t.absent) == 1 else "do"
    return f" The {' and '.join(parts)} {verb} not count."


def _decide_ga(t: Tally, majority: str, members: int | None, present: int | None) -> Decision:
    p = t.present_and_voting
    if majority == "simple":
        required = p // 2 + 1
        adopted = t.yes > t.no
    else:
        required = max(1, math.ceil(2 * p / 3))
        adopted = t.yes >= 2 * t.no and t.yes >= 1
    notes = [t.note] if t.partial else []
    n_members = members or (GA_MAX_MEMBERS if t.date is not None and t.date >= GA_193_SINCE else None)
    quorum = n_members // 2 + 1 if n_members else None
    if present is not None:
        if isinstance(present, bool) or not isinstance(present, int) or present < t.present:
            msg = (
                f"`present` {present!r} must be a whole number of members at least the {t.present} "
                "recorded voting yes, no or abstaining."
            )
            raise ValueError(msg)
        if n_members is not None and present > n_members:
            msg = f"`present` {present} is more than the {n_members} members."
            raise ValueError(msg)
    if quorum is None:
        notes.append(
            "Quorum not checked: the number of members on this date is not on file "
            "(pass `members=` to check it)."
        )
    elif present is None and t.present < quorum:
        notes.append(
            f"Only {t.present} members are recorded voting yes, no or abstaining, fewer than the quorum of "
            f"{quorum} (rule 67); members present but not voting are not in the record, so the quorum is "
            "not applied (pass `present=` if the number present is known)."
        )
    kind = "a simple majority" if majority == "simple" else "a two-thirds majority"
    base = f"{t.yes} yes against {t.no} no; {kind} of the {p} members present and voting needs {required}"
    if quorum is not None and present is not None and present < quorum:
        outcome, adopted = "failed: no quorum", False
        text = (
            f"Failed, no quorum: only {present} members were present, but a majority of "
            f"the {n_members} members ({quorum}) must be present for a decision (rule 67)."
        )
    elif adopted:
        outcome = "adopted"
        text = f"Adopted: {base}.{_dont_count(t)}"
    else:
        outcome = "rejected"
        if p == 0:
            text = "Rejected: no member voted yes or no, so there is no majority for the text."
        elif t.yes == t.no and majority == "simple":
            text = f"Rejected: {base}. A tied vote is a rejection (rule 95).{_dont_count(t)}"
        else:
            text = f"Rejected: {base}, {required - t.yes} short.{_dont_count(t)}"
    return Decision(
        adopted=adopted,
        outcome=outcome,
        required=required,
        margin=t.yes - required,
        vetoed_by=(),
        explanation=text,
        body="GA",
        majority=majority,
        procedural=False,
        permanent_no=(),
        quorum=quorum,
        notes=tuple(notes),
        tally=t,
    )


def _decide_sc(t: Tally, procedural: bool) -> Decision:
    early = t.date is not None and t.date < SC_ENLARGED
    threshold = 7 if early else 9
    notes = [t.note] if t.partial else []
    if t.date is None:
        notes.append("No date given: the rules of the 15-member Council (9 votes) are assumed.")
    elif t.votes and sc_members(t.date) is None:
        notes.append(
            f"Elected members not checked: the Council's composition in {t.date[:4]} is not on file "
            "(data/sc_members.yaml); only the permanent seats were checked."
        )
    p5 = permanent_members(t.date)
    known = t.by_country
    p5_votes = {c: v for c, v in known.items() if c in p5}
    p5_no = tuple(sorted(c for c, v in p5_votes.items() if v == "no"))
    seats_known = {p5[c] for c in p5_votes}
    unknown_no = t.no - sum(1 for v in known.values() if v == "no")
    size = "11-member Council before 1966" if early else "Council"
    counts = (
        f"{_plural(t.yes, 'yes', 'yes')}, {_plural(t.no, 'no', 'no')}, {_plural(t.abstain, 'abstention')}"
    )
    if t.absent:
        counts += f", {_plural(t.absent, 'member')} absent"
    not_veto = [c for c, v in p5_votes.items() if v in ("abstain", "absent")]
    tail = ""
    if not_veto:
        abst = sorted(c for c in not_veto if p5_votes[c] == "abstain")
        gone = sorted(c for c in not_veto if p5_votes[c] == "absent")
        bits = []
        if abst:
            bits.append(f"abstention{'s' if len(abst) > 1 else ''} of {_names(abst, t.date)}")
        if gone:
            bits.append(f"absence{'s' if len(gone) > 1 else ''} of {_names(gone, t.date)}")
        many = len(not_veto) > 1
        verdict = "permanent members, are not vetoes" if many else "a permanent member, is not a veto"
        tail = f" The {' and the '.join(bits)}, {verdict}."
    vetoed_by: tuple[str, ...] = ()
    if procedural:
        adopted = t.yes >= threshold
        outcome = "adopted" if adopted else "failed: insufficient votes"
        rule = (
            f"a procedural decision of the {size} needs {threshold} yes votes, and permanent members have "
            "no veto on procedure"
        )
        text = (
            f"Adopted: {counts}; {rule}."
            if adopted
            else f"Failed, insufficient votes: {counts}; {rule}: {threshold - t.yes} short."
        )
    elif t.yes >= threshold:
        if p5_no:
            adopted, outcome, vetoed_by = False, "vetoed", p5_no
            who = (
                f"a permanent member, {_names(p5_no, t.date)}, voted no"
                if len(p5_no) == 1
                else f"permanent members {_names(p5_no, t.date)} voted no"
            )
            text = f"Vetoed: {counts}; the {t.yes} yes votes reach the {threshold} needed, but {who}.{tail}"
        elif unknown_no > 0 and len(seats_known) < 5:
            missing = sorted(set(p5.values()) - seats_known)
            msg = (
                f"{_plural(unknown_no, 'no vote')} of this Security Council vote could be a veto, but "
                f"the votes "
                f"of the permanent members {missing} are not known; pass permanent_votes, e.g. "
                "permanent_votes={'USA': 'no', 'FRA': 'yes', ...} (--p5 USA=no,FRA=yes on the command line), "
                "or procedural=True."
            )
            raise ValueError(msg)
        else:
            adopted, outcome = True, "adopted"
            text = (
                f"Adopted: {counts}; a substantive decision of the {size} needs {threshold} yes votes and no "
                f"'no' from a permanent member.{tail}"
            )
    else:
        adopted, outcome = False, "failed: insufficient votes"
        text = (
            f"Failed, insufficient votes: {counts}; a substantive decision of the {size} needs {threshold} "
            f"yes votes, {threshold - t.yes} short."
        )
        if p5_no:
            text += (
                f" The no of {_names(p5_no, t.date)}, a permanent member{'s' if len(p5_no) > 1 else ''}, "
                "is not a veto: the draft did not have the votes anyway."
            )
        text += tail
    return Decision(
        adopted=adopted,
        outcome=outcome,
        required=threshold,
        margin=t.yes - threshold,
        vetoed_by=vetoed_by,
        explanation=text,
        body="SC",
        majority="simple",
        procedural=procedural,
        permanent_no=p5_no,
        quorum=None,
        notes=tuple(notes),
        tally=t,
    )


# ---------------------------------------------------------------- counterfactuals

_SHIFT = re.compile(r"^\s*(yes|no|abstain|absent)\s*(?:->|>|to)\s*(yes|no|abstain|absent)\s*$", re.IGNORECASE)


def parse_votes(text: str | None) -> dict:
    """Parse ``"FRA=no, GBR=abstain"`` (and ``"yes->abstain=2"``) into a dict.

    The form used by the command line (``--what-if``, ``--p5``) and the notebook
    parameters. Country keys become ISO3 codes, vote values vote labels; a key
    ``from->to`` takes a whole number (that many votes moved, anonymously).

    Examples
    --------
    >>> parse_votes("FRA=no, United Kingdom=abstain")
    {'FRA': 'no', 'GBR': 'abstain'}
    >>> parse_votes("yes->abstain=2")
    {'yes->abstain': 2}
    >>> parse_votes("")
    {}
    >>> parse_votes("FRA")
    Traceback (most recent call last):
    ...
    ValueError: 'FRA' is not of the form COUNTRY=VOTE (e.g. 'FRA=no') or FROM->TO=N (e.g. 'yes->abstain=2').
    """
    out: dict = {}
    for part in re.split(r"[,;]", text or ""):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            msg = (
                f"{part.strip()!r} is not of the form COUNTRY=VOTE (e.g. 'FRA=no') or FROM->TO=N "
                "(e.g. 'yes->abstain=2')."
            )
            raise ValueError(msg)
        m = _SHIFT.match(key)
        if m:
            if not value.strip().isdigit():
                msg = f"{part.strip()!r}: the number of votes moved must be a whole number, not {value!r}."
                raise ValueError(msg)
            out[f"{m.group(1).lower()}->{m.group(2).lower()}"] = int(value)
        else:
            code = _code(key.strip(), "country")
            out[code] = _label(value, f"vote of {code}")
    return out


def _apply(t: Tally, changes: Mapping) -> tuple[Tally, str]:
    counts = {k: getattr(t, k) for k in VOTES}
    known = t.by_country
    said = []
    p5 = permanent_members(t.date) if t.body == "SC" else {}
    elected = sc_members(t.date) if t.body == "SC" and t.date else None
    for key, value in dict(changes).items():
        m = _SHIFT.match(str(key))
        if m:
            src, dst = m.group(1).lower(), m.group(2).lower()
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                msg = f"`changes` {key!r}: votes moved must be a whole number >= 0, not {value!r}."
                raise ValueError(msg)
            free = counts[src] - sum(1 for v in known.values() if v == src)
            if value > free:
                msg = (
                    f"`changes` {key!r}: cannot move {value} {src!r} votes; only {free} {src!r} votes "
                    "are not "
                    "entered country by country (move named countries instead, e.g. {'FRA': 'no'})."
                )
                raise ValueError(msg)
            counts[src] -= value
            counts[dst] += value
            said.append(f"{_plural(value, 'member')} voting {src} had voted {dst}")
            continue
        code = _code(key, "changes")
        label = _label(value, f"`changes` vote of {code}")
        if t.body == "SC" and code not in p5 and elected is not None and code not in elected:
            msg = (
                f"`changes` names {code} ({countries.name_of(code)}), which was not a member of the Security "
                f"Council on {t.date}; the members were {sorted(p5)} and {sorted(elected)}."
            )
            raise ValueError(msg)
        if code not in known:
            if t.partial or not t.votes:
                msg = (
                    f"`changes` names {code}, whose vote is not entered in this record (only the counts are "
                    f"known{' and ' + ', '.join(sorted(known)) if known else ''}); move anonymous votes "
                    "instead, e.g. {'yes->no': 1}."
                )
            else:
                msg = (
                    f"`changes` names {code}, which has no vote in this record ({', '.join(sorted(known))})."
                )
            raise ValueError(msg)
        old = known[code]
        counts[old] -= 1
        counts[label] += 1
        known[code] = label
        said.append(f"{countries.name_of(code)} ({code}) had voted {label} (not {old})")
    new = dataclasses.replace(t, votes=tuple(known.items()), **counts)
    return new, ("If " + "; and if ".join(said) + ":") if said else ""


def what_if(
    votes, changes: Mapping, *, symbol: str | None = None, rcid: int | None = None, **options
) -> Decision:
    """Decide a roll call again with some votes changed.

    Parameters
    ----------
    votes : Tally, VoteData (with ``symbol=``/``rcid=``), votes table or mapping
    changes : mapping
        ``{"FRA": "no"}``: a country's vote changed (the country must have an entered
        vote, or for the SC be given in ``permanent_votes``); ``{"yes->abstain": 2}``:
        that many anonymous votes moved (from votes not entered by country; for the SC
        read them as elected members' votes).
    symbol, rcid : optional
        The roll call of a VoteData.
    **options
        Passed to :func:`decide` (body, majority, procedural, permanent_votes, date, members).

    Returns
    -------
    Decision
        Its ``scenario`` says what was changed; ``tally`` is the changed tally.

    Examples
    --------
    >>> sc = tally({"CHN": "yes", "RUS": "yes", "USA": "yes", "DZA": "yes", "GUY": "yes",
    ...             "KOR": "yes", "SLE": "yes", "PAK": "yes", "PAN": "yes", "SOM": "yes",
    ...             "FRA": "abstain", "GBR": "abstain", "DNK": "abstain", "GRC": "abstain",
    ...             "SVN": "abstain"}, body="SC", date="2025-02-24")
    >>> d = what_if(sc, {"FRA": "no"})
    >>> d.outcome, d.vetoed_by
    ('vetoed', ('FRA',))
    >>> what_if(sc, {"DZA": "abstain", "GUY": "abstain"}).outcome
    'failed: insufficient votes'
    """
    t = votes if isinstance(votes, Tally) else tally(votes, symbol=symbol, rcid=rcid)
    body = _body(options.get("body")) or t.body or "GA"
    date = _iso(options.get("date")) or t.date
    t = dataclasses.replace(t, body=body, date=date)
    pv = options.pop("permanent_votes", None)
    if pv:
        t = _with_permanent(t, pv)
    if not isinstance(changes, Mapping) or not changes:
        msg = "`changes` must be a non-empty mapping such as {'FRA': 'no'} or {'yes->abstain': 2}."
        raise ValueError(msg)
    new, scenario = _apply(t, changes)
    return dataclasses.replace(decide(new, **options), scenario=scenario)


def pivotal(votes, *, symbol: str | None = None, rcid: int | None = None, **options) -> pd.DataFrame:
    """The switches of vote that would change whether a text is adopted.

    Two kinds of rows: every single member whose change of vote alone flips the
    decision (``n_switched`` 1, for the members whose votes are entered), and, for each
    pair of vote kinds, the smallest number of anonymous votes moved from one to the
    other that flips it (``country`` NA; for the SC, anonymous moves are read as
    elected members' votes, so they never add a veto).

    Parameters
    ----------
    votes, symbol, rcid, **options
        As for :func:`what_if`.

    Returns
    -------
    DataFrame
        ``country`` (string ISO3, NA for an anonymous move), ``from_vote``, ``to_vote``
        (string), ``n_switched`` (int64: votes moved), ``outcome`` (string: the new
        outcome), ``adopted`` (bool: the new decision), sorted by n_switched, country.

    Examples
    --------
    >>> p = pivotal(tally(yes=10, no=0, abstain=5, body="SC", date="2025-02-24"),
    ...             permanent_votes={"FRA": "abstain", "GBR": "abstain", "CHN": "yes",
    ...                              "RUS": "yes", "USA": "yes"})
    >>> p[["country", "from_vote", "to_vote", "n_switched"]].head(3).values.tolist()
    [['CHN', 'yes', 'no', 1], ['FRA', 'abstain', 'no', 1], ['GBR', 'abstain', 'no', 1]]
    >>> p[p["country"].isna()][["from_vote", "to_vote", "n_switched", "outcome"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['yes', 'no', 2, 'failed: insufficient votes'],
     ['yes', 'abstain', 2, 'failed: insufficient votes'],
     ['yes', 'absent', 2, 'failed: insufficient votes']]
    """
    t = votes if isinstance(votes, Tally) else tally(votes, symbol=symbol, rcid=rcid)
    body = _body(options.get("body")) or t.body or "GA"
    date = _iso(options.get("date")) or t.date
    t = dataclasses.replace(t, body=body, date=date)
    pv = options.pop("permanent_votes", None)
    if pv:
        t = _with_permanent(t, pv)
    base = decide(t, **options)
    rows = []
    for code, old in t.votes:
        for new in VOTES:
            if new == old:
                continue
            d = decide(_apply(t, {code: new})[0], **options)
            if d.adopted != base.adopted:
                rows.append((code, old, new, 1, d.outcome, d.adopted))
    entered = t.entered
    for src in VOTES:
        free = getattr(t, src) - entered[src]
        for dst in VOTES:
            if dst == src:
                continue
            for k in range(1, free + 1):
                try:
                    d = decide(_apply(t, {f"{src}->{dst}": k})[0], **options)
                except ValueError:
                    break
                if d.adopted != base.adopted:
                    rows.append((pd.NA, src, dst, k, d.outcome, d.adopted))
                    break
    out = pd.DataFrame(rows, columns=["country", "from_vote", "to_vote", "n_switched", "outcome", "adopted"])
    out = out.astype(
        {
            "country": "string",
            "from_vote": "string",
            "to_vote": "string",
            "n_switched": "int64",
            "outcome": "string",
            "adopted": bool,
        }
    )
    return out.sort_values(["n_switched", "country"], kind="stable", na_position="last").reset_index(
        drop=True
    )


def decisions(data, *, majority: str = "simple") -> pd.DataFrame:
    """The decision of every roll call in a VoteData, one row each.

    GA roll calls are decided from their counts (official totals for partial
    records), SC roll calls from their members' votes.

    Parameters
    ----------
    data : VoteData
    majority : {"simple", "two-thirds"}
        The GA majority applied to every GA roll call.

    Returns
    -------
    DataFrame
        ``rcid`` (int64), ``body``, ``date`` (datetime64), ``symbol``, ``yes``, ``no``,
        ``abstain``, ``absent`` (int64, the counts decided), ``partial`` (bool),
        ``required``, ``margin`` (int64), ``outcome`` (string), ``adopted`` (bool),
        ``vetoed_by`` (string: codes joined by ", ", empty if none), ``explanation``
        (string), in the order of ``data.roll_calls``.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> decisions(uv.load("curated", use_cache=False))[["symbol", "outcome"]].values.tolist()
    [['A/RES/ES-11/8', 'adopted'], ['A/RES/ES-11/7', 'adopted'], ['S/RES/2774 (2025)', 'adopted']]
    """
    rows = []
    counted = data.counted()
    sc = set(data.roll_calls.loc[data.roll_calls["body"] == "SC", "rcid"])
    for row in data.roll_calls.itertuples(index=False):
        if row.rcid in sc or row.partial:
            t = tally(data, rcid=row.rcid)
        else:
            c = counted.loc[row.rcid]
            t = Tally(
                yes=int(c["yes"]),
                no=int(c["no"]),
                abstain=int(c["abstain"]),
                absent=int(c["absent"]),
                body=row.body,
                date=row.date,
                symbol=None if pd.isna(row.symbol) else row.symbol,
            )
        d = decide(t, majority=majority if row.body != "SC" else "simple")
        rows.append(
            (
                row.rcid,
                row.body,
                row.date,
                row.symbol,
                t.yes,
                t.no,
                t.abstain,
                t.absent,
                bool(row.partial),
                d.required,
                d.margin,
                d.outcome,
                d.adopted,
                ", ".join(d.vetoed_by),
                d.explanation,
            )
        )
    cols = [
        "rcid",
        "body",
        "date",
        "symbol",
        "yes",
        "no",
        "abstain",
        "absent",
        "partial",
        "required",
        "margin",
        "outcome",
        "adopted",
        "vetoed_by",
        "explanation",
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype(
        {
            "rcid": "int64",
            "body": "string",
            "date": "datetime64[ns]",
            "symbol": "string",
            "yes": "int64",
            "no": "int64",
            "abstain": "int64",
            "absent": "int64",
            "partial": bool,
            "required": "int64",
            "margin": "int64",
            "outcome": "string",
            "adopted": bool,
            "vetoed_by": "string",
            "explanation": "string",
        }
    )
