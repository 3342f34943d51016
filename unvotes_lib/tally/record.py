"""The tally of one roll call: the counts, the votes entered country by country, the official totals.

:class:`Tally` is an immutable record that checks itself (no negative counts, no more
votes than members, no vote from a state whose seat had ended, no Council vote from a
country that was not on the Council); :func:`tally` builds one from a votes table, a
mapping, a :class:`~unvotes_lib.VoteData` roll call or counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import countries
from ..errors import ParameterError
from .membership import SEAT_ENDED, max_members, permanent_members, sc_members
from .values import VOTES, check_body, country_code, iso_date, vote_label

__all__ = ["Tally", "tally"]


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
    unvotes_lib.errors.ParameterError: `yes` -1 is a negative count; counts are whole numbers >= 0.
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
                raise ParameterError(msg)
        object.__setattr__(self, "body", check_body(self.body))
        object.__setattr__(self, "date", iso_date(self.date))
        resolved: dict[str, str] = {}
        for c, v in dict(self.votes).items():
            code = c if countries.is_known(str(c)) else country_code(c, "country")
            if code in resolved:
                msg = f"{code} has more than one vote; give each country one vote."
                raise ParameterError(msg)
            resolved[code] = vote_label(v, f"vote of {code}")
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
                raise ParameterError(msg)
        limit = max_members(self.body, self.date, None)
        if self.total > limit:
            where = "the Security Council" if self.body == "SC" else "the United Nations"
            msg = (
                f"{self.total} votes ({self.yes} yes, {self.no} no, {self.abstain} abstain, "
                f"{self.absent} absent) is more than the {limit} members of {where}"
                f"{' on ' + self.date if self.date and self.body == 'SC' else ''}; check the counts."
            )
            raise ParameterError(msg)
        self._check_members()

    def _check_members(self) -> None:
        for code, _ in self.votes:
            if not countries.is_known(code):
                country_code(code, "country")  # raises with suggestions
            ended = SEAT_ENDED.get(code)
            if self.body == "SC" and code in ("SUN", "TWN"):
                ended = None  # permanent seats: checked below, with the Council's own message
            if ended is not None and self.date is not None and self.date >= ended:
                msg = (
                    f"{code} ({countries.name_of(code)}) was not a UN member on {self.date}: its seat ended "
                    f"on {ended}. Check the country code or the date."
                )
                raise ParameterError(msg)
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
                    raise ParameterError(msg)
                seats[p5[code]] = code
                continue
            if code in ("CHN", "TWN", "SUN", "RUS"):
                msg = (
                    f"{code} ({countries.name_of(code)}) did not hold a permanent seat on {self.date}: "
                    f"the permanent members then were {sorted(p5)}."
                )
                raise ParameterError(msg)
            if elected is not None and code not in elected:
                msg = (
                    f"{code} ({countries.name_of(code)}) was not a member of the Security Council on "
                    f"{self.date}; the members were {sorted(p5)} (permanent) and {sorted(elected)} (elected)."
                )
                raise ParameterError(msg)

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
            raise ParameterError(msg)
        if "rcid" in votes.columns and len(pd.unique(votes["rcid"])) > 1:
            msg = (
                f"`votes` holds {votes['rcid'].nunique()} roll calls (rcids "
                f"{sorted(votes['rcid'].unique().tolist())[:5]}...); tally one at a time, e.g. "
                "tally(data, symbol=...)."
            )
            raise ParameterError(msg)
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
        code = country_code(country, "country")
        label = vote_label(vote, f"vote of {code}")
        if code in out:
            msg = f"{code} has more than one vote ({out[code]!r} and {label!r}); give each country one vote."
            raise ParameterError(msg)
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
        raise ParameterError(msg)
    if symbol is not None:
        row = data.roll_call(symbol)
    else:
        rows = data.roll_calls[data.roll_calls["rcid"] == rcid]
        if rows.empty:
            msg = f"`rcid` {rcid!r} is not a roll call in this data."
            raise ParameterError(msg)
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
    if body is not None and rec_body is not None and check_body(body) != rec_body:
        msg = f"`body` {body!r} does not match the record of {row['symbol']}, a {rec_body} vote."
        raise ParameterError(msg)
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
