"""Voting blocs with dated membership: cohesion, the bloc's line, and defections.

Blocs and their membership dates come from ``data/blocs.yaml`` (shipped as
``unvotes_lib.data``, read and checked by :func:`unvotes_lib.bundled.blocs_table`), each
with its source. Membership is evaluated at the date of
each roll call: a country counts as a member on the days from its ``from`` date to
its ``until`` date, both inclusive (the UK is an EU member on 31 January 2020 and
not on 1 February 2020).

Successor codes: the P5 list gives the USSR's seat to ``SUN`` until 24 December
1991 and to ``RUS`` from 25 December 1991, and China's seat to ``TWN`` until
24 October 1971. Data loaded with ``successors="merge"`` file USSR votes under
``RUS``; a spell of a code without a row in the data is then applied to the row of
its successor (``SUN -> RUS``), so membership works with both codes.

Blocs (see :func:`bloc_names`): EU (with the European Communities from 1958), NATO,
P5, G7, BRICS, Arab League, African Group. The Non-Aligned Movement is left out:
no reliable dated list of its membership exists (the YAML says why).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import countries as _countries
from .bundled import blocs_table
from .common import CAST, periods, plurality, vote_names, warn_partial
from .errors import ParameterError
from .store import ABSENT, ABSTAIN, NO, YES, VoteData

__all__ = ["bloc_info", "bloc_line", "bloc_members", "bloc_names", "cohesion", "defections", "is_bloc"]


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def bloc_names() -> list[str]:
    """Names of the known blocs, in the order of ``data/blocs.yaml``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> bloc_names()[:5]
    ['EU', 'NATO', 'P5', 'G7', 'BRICS']
    """
    return list(blocs_table())


def is_bloc(name) -> bool:
    """True if ``name`` names a bloc (case, spaces, hyphens and underscores ignored).

    Parameters
    ----------
    name : object
        Anything; only a string can name a bloc.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_bloc("eu"), is_bloc("arab_league"), is_bloc("USA")
    (True, True, False)
    """
    return isinstance(name, str) and _key(name) in {_key(n) for n in blocs_table()}


def resolve_bloc(name: str, *, param: str = "bloc") -> str:
    """The canonical name of a bloc; a clear ValueError listing the known blocs otherwise.

    Parameters
    ----------
    name : str
        A bloc name (case, spaces, hyphens and underscores ignored).
    param : str
        The parameter named in the error message.

    Returns
    -------
    str

    Examples
    --------
    >>> resolve_bloc("african-group")
    'African Group'
    >>> resolve_bloc("NAM")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `bloc` 'NAM' is not a known bloc; known blocs: EU, NATO, P5, ...
    """
    for known in blocs_table():
        if _key(known) == _key(name):
            return known
    msg = f"`{param}` {name!r} is not a known bloc; known blocs: {', '.join(blocs_table())}."
    raise ParameterError(msg)


def bloc_info(name: str) -> dict:
    """Title, source, notes and membership spells of a bloc (as in ``data/blocs.yaml``).

    Parameters
    ----------
    name : str
        A bloc of :func:`bloc_names`.

    Returns
    -------
    dict
        ``name``, ``title``, ``source``, ``notes`` (str) and ``spells`` (list of
        (code, from, until), inclusive ISO dates, None for open-ended).

    Examples
    --------
    >>> bloc_info("P5")["spells"][3]
    ('TWN', '1945-10-24', '1971-10-24')
    """
    b = blocs_table()[resolve_bloc(name)]
    return {"name": b.name, "title": b.title, "source": b.source, "notes": b.notes, "spells": list(b.spells)}


def _day(date) -> str:
    if date is None:
        return pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d")
    try:
        return pd.Timestamp(date).strftime("%Y-%m-%d")
    except (ValueError, TypeError) as err:
        msg = f"`date` {date!r} is not a date; use 'YYYY-MM-DD'."
        raise ParameterError(msg) from err


def bloc_members(name: str, date=None) -> list[str]:
    """Members of a bloc on a date, as the codes of ``data/blocs.yaml``, sorted.

    Parameters
    ----------
    name : str
        A bloc of :func:`bloc_names` (case-insensitive).
    date : str, date or Timestamp, optional
        The day (default: today). Historical seats give historical codes: the P5 on
        1980-01-01 include ``SUN`` (filed under ``RUS`` by ``successors="merge"``).

    Returns
    -------
    list of str
        ISO3 (or historical) codes, sorted.

    Examples
    --------
    >>> bloc_members("P5", "1970-01-01")
    ['FRA', 'GBR', 'SUN', 'TWN', 'USA']
    >>> bloc_members("P5", "2000-01-01")
    ['CHN', 'FRA', 'GBR', 'RUS', 'USA']
    >>> "GBR" in bloc_members("EU", "2020-01-31"), "GBR" in bloc_members("EU", "2020-02-01")
    (True, False)
    """
    day = _day(date)
    b = blocs_table()[resolve_bloc(name)]
    return sorted(
        {c for c, start, end in b.spells if (start is None or start <= day) and (end is None or day <= end)}
    )


def membership(data: VoteData, bloc: str) -> np.ndarray:
    """Boolean matrix aligned with ``data.matrix``: True where the row's country is a member
    of ``bloc`` on the date of the column's roll call.

    A spell of a code without a row in the data applies to the row of its successor
    (``SUN`` -> ``RUS`` under ``successors="merge"``).

    Parameters
    ----------
    data : VoteData
    bloc : str
        A bloc of :func:`bloc_names`.

    Returns
    -------
    numpy.ndarray of bool, shape of ``data.matrix.values``

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": ["2020-01-31", "2020-02-01"],
    ...                       "session": "74"})
    >>> votes = pd.DataFrame({"rcid": [1, 2], "country": "GBR", "vote": "yes"})
    >>> membership(VoteData(rolls, votes), "EU").tolist()  # the UK left at the end of 31 January
    [[True, False]]
    """
    b = blocs_table()[resolve_bloc(bloc)]
    matrix = data.matrix
    rows = matrix.countries
    dates = data.roll_calls["date"].to_numpy().astype("datetime64[D]")
    mask = np.zeros(matrix.values.shape, dtype=bool)
    for code, start, end in b.spells:
        target = code if code in rows else _countries.apply_successors(code)
        if target not in rows:
            continue
        cols = np.ones(len(dates), dtype=bool)
        if start:
            cols &= dates >= np.datetime64(start)
        if end:
            cols &= dates <= np.datetime64(end)
        mask[rows.get_loc(target)] |= cols
    return mask


def _member_counts(data: VoteData, bloc: str):
    member = membership(data, bloc)
    v = data.matrix.values
    counts = np.stack([((v == code) & member).sum(0) for code in (*CAST, ABSENT)])
    recorded = ((v != 0) & member).sum(0)
    return member, counts, recorded


def hnr_index(yes, no, abstain):
    """Hix-Noury-Roland agreement index: (max - (total - max) / 2) / total.

    NaN when nobody voted. Absences do not count; abstaining is the third option.

    Parameters
    ----------
    yes, no, abstain : int or array of int
        Members voting yes, no and abstaining (broadcast together).

    Returns
    -------
    numpy.ndarray of float64

    Examples
    --------
    >>> [float(hnr_index(*c)) for c in [(7, 2, 1), (10, 10, 100), (3, 3, 3), (10, 0, 0)]]
    [0.55, 0.75, 0.0, 1.0]
    """
    c = np.stack(np.broadcast_arrays(yes, no, abstain)).astype(np.float64)
    total = c.sum(0)
    top = c.max(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (top - (total - top) / 2) / total


def _line(counts: np.ndarray) -> np.ndarray:
    """Line codes (YES/ABSTAIN/NO, 0 for split or nobody voting) from counts (4, rollcalls)."""
    code, _, _, unique = plurality(counts[:3])
    return np.where(unique, code, 0).astype(np.int8)


def line_codes(data: VoteData, bloc: str) -> np.ndarray:
    """The bloc's line as vote codes per matrix column (0 where split or nobody voted).

    Parameters
    ----------
    data : VoteData
    bloc : str
        A bloc of :func:`bloc_names`.

    Returns
    -------
    numpy.ndarray of int8
        :data:`~unvotes_lib.store.YES`, ``ABSTAIN`` or ``NO`` per roll call, 0 where the
        bloc is split or no member voted (see :func:`bloc_line`).

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": "2010-01-01", "session": "64"})
    >>> votes = pd.DataFrame({"rcid": [1, 1, 1, 2, 2], "country": ["FRA", "DEU", "GBR", "FRA", "DEU"],
    ...                       "vote": ["no", "no", "yes", "yes", "no"]})
    >>> line_codes(VoteData(rolls, votes), "EU").tolist()  # NO, then a 1-1 split
    [3, 0]
    """
    _, counts, _ = _member_counts(data, bloc)
    return _line(counts)


def _warn_partial(data, what):
    warn_partial(data, np.arange(len(data.roll_calls)), what, stacklevel=4)


def bloc_line(data: VoteData, bloc: str) -> pd.DataFrame:
    """The majority position of a bloc on each roll call.

    The line is the option (yes, no, abstain) cast by the most members present and
    voting on that day (a plurality; abstaining counts as an option); a tie for the most
    votes gives ``"split"``, and no member voting gives NA. Membership is taken on the
    date of each roll call.

    Parameters
    ----------
    data : VoteData
    bloc : str
        A bloc of :func:`bloc_names`.

    Returns
    -------
    DataFrame
        One row per roll call:

        =========  ==========  ==================================================
        rcid       int64       roll call
        date       datetime64  day of the vote
        symbol     string      resolution symbol
        members    int64       members on that day with a record on the roll call
        yes        int64       members voting yes
        no         int64       members voting no
        abstain    int64       members abstaining
        absent     int64       members recorded absent
        line       string      "yes", "no", "abstain", "split", or NA
        share      float64     share of the voting members who cast the line
                               (NaN when split or nobody voted)
        cohesion   float64     Hix-Noury-Roland index of the vote (NaN if nobody voted)
        =========  ==========  ==================================================

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": ["2010-01-01", "2021-01-01"],
    ...                       "session": ["64", "75"]})
    >>> votes = pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2], "country": ["FRA", "DEU", "GBR"] * 2,
    ...                       "vote": ["yes", "yes", "no", "yes", "no", "no"]})
    >>> bloc_line(VoteData(rolls, votes), "EU")[["rcid", "members", "yes", "no", "line"]]
       rcid  members  yes  no   line
    0     1        3    2   1    yes
    1     2        2    1   1  split
    """
    bloc = resolve_bloc(bloc)
    _, counts, recorded = _member_counts(data, bloc)
    code = _line(counts)
    voting = counts[:3].sum(0)
    line = pd.array(vote_names(code, missing="split"), dtype="string")
    line[voting == 0] = pd.NA
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(code > 0, counts[:3].max(0) / voting, np.nan)
    rc = data.roll_calls
    _warn_partial(data, f"The roll calls of bloc_line({bloc!r})")
    return pd.DataFrame(
        {
            "rcid": rc["rcid"].to_numpy(),
            "date": rc["date"].to_numpy(),
            "symbol": rc["symbol"].array,
            "members": recorded.astype(np.int64),
            "yes": counts[0].astype(np.int64),
            "no": counts[2].astype(np.int64),
            "abstain": counts[1].astype(np.int64),
            "absent": counts[3].astype(np.int64),
            "line": line,
            "share": share,
            "cohesion": hnr_index(counts[0], counts[2], counts[1]),
        }
    )


def cohesion(data: VoteData, bloc: str, *, by="year") -> pd.DataFrame:
    """Cohesion of a bloc per period: the mean Hix-Noury-Roland agreement index.

    For each roll call, AI = (max(Y, N, A) - ((Y + N + A) - max(Y, N, A)) / 2) / (Y + N + A)
    over the bloc's members on that day (Y, N, A: members voting yes, no, abstaining;
    absences do not count). AI is 1 when all vote alike and 0 when the votes split
    evenly three ways. A period's cohesion is the unweighted mean over its roll calls on
    which at least two members voted (one member alone is trivially cohesive).

    Parameters
    ----------
    data : VoteData
    bloc : str
        A bloc of :func:`bloc_names`.
    by : "year", "session", None or int
        Periods as :func:`unvotes_lib.agreement.agreement` (an int is a rolling window
        of years, labelled by its last year).

    Returns
    -------
    DataFrame
        period (as in ``agreement``), bloc (string), roll_calls (int64: roll calls
        averaged), members (float64: mean number of members voting on them), cohesion
        (float64: mean AI).

    Examples
    --------
    DOMAIN.md's check (7, 2, 1) -> 0.55, as seven EU members for, two against, one
    abstaining:

    >>> eu = ["FRA", "DEU", "ITA", "BEL", "NLD", "LUX", "ESP", "PRT", "GRC", "IRL"]
    >>> votes = pd.DataFrame({"rcid": 1, "country": eu, "vote": ["yes"] * 7 + ["no"] * 2 + ["abstain"]})
    >>> rolls = pd.DataFrame({"rcid": [1], "body": "GA", "date": ["2010-10-01"], "session": ["65"]})
    >>> cohesion(VoteData(rolls, votes), "EU")
       period bloc  roll_calls  members  cohesion
    0    2010   EU           1     10.0      0.55
    """
    bloc = resolve_bloc(bloc)
    _, counts, _ = _member_counts(data, bloc)
    voting = counts[:3].sum(0)
    ai = hnr_index(counts[0], counts[2], counts[1])
    cols = np.flatnonzero(voting >= 2)
    rows = [
        (label, len(pc), float(voting[pc].mean()), float(ai[pc].mean()))
        for label, pc in periods(data, cols, by)
    ]
    out = pd.DataFrame(rows, columns=["period", "roll_calls", "members", "cohesion"])
    out.insert(1, "bloc", pd.array([bloc] * len(out), dtype="string"))
    out = out.astype({"roll_calls": "int64", "members": "float64", "cohesion": "float64"})
    if by not in (None, "session"):
        out["period"] = out["period"].astype("int64")
    _warn_partial(data, f"The roll calls of cohesion({bloc!r})")
    return out


def defections(data: VoteData, bloc: str) -> pd.DataFrame:
    """Members that voted against their bloc's line (see :func:`bloc_line`).

    A defection is a member's yes, no or abstention that differs from the line on a roll
    call where the line is defined (not split, someone voted). Absences are not
    defections.

    Parameters
    ----------
    data : VoteData
    bloc : str
        A bloc of :func:`bloc_names`.

    Returns
    -------
    DataFrame
        rcid (int64), date (datetime64), symbol (string), country (string, ISO3),
        vote (string: what the member cast), line (string: the bloc's line), kind
        (string: "opposite" for yes against no or no against yes, "partial" when one of
        the two is an abstention), sorted by date, rcid and country.

    Examples
    --------
    >>> rolls = pd.DataFrame({"rcid": [1], "body": "GA", "date": ["2010-01-01"], "session": ["64"]})
    >>> votes = pd.DataFrame({"rcid": 1, "country": ["FRA", "DEU", "GBR", "ITA"],
    ...                       "vote": ["yes", "yes", "no", "abstain"]})
    >>> defections(VoteData(rolls, votes), "EU")[["country", "vote", "line", "kind"]]
      country     vote line      kind
    0     GBR       no  yes  opposite
    1     ITA  abstain  yes   partial
    """
    bloc = resolve_bloc(bloc)
    member, counts, _ = _member_counts(data, bloc)
    line = _line(counts)
    v = data.matrix.values
    cast = (v == YES) | (v == ABSTAIN) | (v == NO)
    hit = member & cast & (line[None, :] > 0) & (v != line[None, :])
    r, c = np.nonzero(hit)
    vote, lin = v[r, c], line[c]
    kind = np.where((vote == ABSTAIN) | (lin == ABSTAIN), "partial", "opposite")
    rc = data.roll_calls
    out = pd.DataFrame(
        {
            "rcid": rc["rcid"].to_numpy()[c],
            "date": rc["date"].to_numpy()[c],
            "symbol": pd.array(rc["symbol"].to_numpy()[c], dtype="string"),
            "country": pd.array(np.asarray(data.matrix.countries)[r], dtype="string"),
            "vote": pd.array(vote_names(vote), dtype="string"),
            "line": pd.array(vote_names(lin), dtype="string"),
            "kind": pd.array(kind, dtype="string"),
        }
    )
    _warn_partial(data, f"The roll calls of defections({bloc!r})")
    return out.sort_values(["date", "rcid", "country"], kind="stable").reset_index(drop=True)
