"""Who sits where: the UN's membership and the Security Council's seats on a date.

Permanent seats are known for every date (China's seat held by ``TWN`` before
25 October 1971; the USSR's by ``SUN``, also accepted under ``RUS``, before
25 December 1991); the elected members come from ``data/sc_members.yaml`` through
:func:`unvotes_lib.bundled.sc_elected`, for the years on file only.
"""

from __future__ import annotations

from ..bundled import sc_elected
from .values import iso_date

__all__ = [
    "CHINA_SEAT_CHANGE",
    "GA_193_SINCE",
    "GA_MAX_MEMBERS",
    "SC_ENLARGED",
    "SEAT_ENDED",
    "USSR_SEAT_CHANGE",
    "max_members",
    "permanent_members",
    "sc_members",
]

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
    date = iso_date(date)
    seats = {"FRA": "France", "GBR": "United Kingdom", "USA": "United States", "RUS": "Russia"}
    if date is not None and date < CHINA_SEAT_CHANGE:
        seats["TWN"] = "China"
    else:
        seats["CHN"] = "China"
    if date is not None and date < USSR_SEAT_CHANGE:
        seats["SUN"] = "Russia"
    return seats


def sc_members(date: str) -> frozenset[str] | None:
    """The elected members of the Security Council on a date, or None if not on file.

    Covered: calendar years 2011, 2014 and 2021-2026 (``data/sc_members.yaml``, from
    the UN Security Council's lists of elected members). Elected members serve from
    1 January to 31 December.

    Parameters
    ----------
    date : str
        ISO date of the vote.

    Returns
    -------
    frozenset of str or None
        The ten elected members' ISO3 codes; None for a year not on file (or no date).

    Examples
    --------
    >>> sorted(sc_members("2025-02-24"))[:5]
    ['DNK', 'DZA', 'GRC', 'GUY', 'KOR']
    >>> sc_members("1999-06-01") is None
    True
    """
    iso = iso_date(date)
    if iso is None:
        return None
    return sc_elected().get(int(iso[:4]))


def max_members(body: str | None, date: str | None, members: int | None = None) -> int:
    """The most members that can vote in a body on a date.

    Parameters
    ----------
    body : {"GA", "SC"} or None
    date : str or None
        ISO date; the Council had 11 members before 1966.
    members : int, optional
        A number given by the user, returned as it is.

    Returns
    -------
    int
        ``members`` if given; 11 or 15 for the Council; 193 (the most the UN has had)
        otherwise.

    Examples
    --------
    >>> max_members("SC", "1960-01-01"), max_members("SC", None), max_members("GA", None)
    (11, 15, 193)
    """
    if members is not None:
        return members
    if body == "SC":
        return 11 if date is not None and date < SC_ENLARGED else 15
    return GA_MAX_MEMBERS
