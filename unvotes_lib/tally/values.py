"""The values a tally is made of, checked once: dates, bodies, majorities, vote labels, codes.

Every function here takes what a user typed (``"Y"``, ``"sc"``, ``"2/3"``, ``"France"``)
and returns the canonical value, or raises a ``ValueError`` that names the parameter,
shows what arrived and what is expected.
"""

from __future__ import annotations

import pandas as pd

from .. import countries
from ..errors import ParameterError

__all__ = [
    "MAJORITIES",
    "VOTES",
    "check_body",
    "check_majority",
    "country_code",
    "iso_date",
    "join_names",
    "plural",
    "vote_label",
]

#: The four vote labels of a tally, in the order of its counts.
VOTES = ("yes", "no", "abstain", "absent")
#: The General Assembly's two majorities (Charter Art. 18).
MAJORITIES = ("simple", "two-thirds")

#: Spellings of a vote accepted besides the four labels (UN DHL letters, long forms).
_VOTE_ALIASES = {
    "y": "yes",
    "n": "no",
    "a": "abstain",
    "x": "absent",
    "abstention": "abstain",
    "non-voting": "absent",
    "not voting": "absent",
}


def iso_date(date) -> str | None:
    """A date as ``YYYY-MM-DD`` (None for None or NA).

    Parameters
    ----------
    date : str, date, Timestamp or None
        Anything :class:`pandas.Timestamp` reads.

    Returns
    -------
    str or None

    Raises
    ------
    ValueError
        ``date`` is not a date.

    Examples
    --------
    >>> iso_date("24 February 2025"), iso_date(None)
    ('2025-02-24', None)
    >>> iso_date("soon")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `date` 'soon' is not a date; expected YYYY-MM-DD such as '2025-02-24'.
    """
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return None
    try:
        return pd.Timestamp(date).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        msg = f"`date` {date!r} is not a date; expected YYYY-MM-DD such as '2025-02-24'."
        raise ParameterError(msg) from None


def check_body(body) -> str | None:
    """``"GA"`` or ``"SC"`` from any case (None stays None).

    Parameters
    ----------
    body : str or None

    Returns
    -------
    str or None

    Examples
    --------
    >>> check_body(" sc ")
    'SC'
    >>> check_body("GC")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `body` 'GC' must be 'GA' (General Assembly) or 'SC' (Security Council).
    """
    if body is None:
        return None
    b = str(body).strip().upper()
    if b not in ("GA", "SC"):
        msg = f"`body` {body!r} must be 'GA' (General Assembly) or 'SC' (Security Council)."
        raise ParameterError(msg)
    return b


def check_majority(majority) -> str:
    """``"simple"`` or ``"two-thirds"`` from the usual spellings (``"2/3"``, ``"two_thirds"``).

    Parameters
    ----------
    majority : str

    Returns
    -------
    str

    Examples
    --------
    >>> check_majority("2/3"), check_majority("Simple")
    ('two-thirds', 'simple')
    >>> check_majority("three-quarters")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `majority` 'three-quarters' must be 'simple' or 'two-thirds'.
    """
    m = str(majority).strip().lower().replace("_", "-").replace(" ", "-")
    m = {"2/3": "two-thirds", "two-third": "two-thirds", "twothirds": "two-thirds"}.get(m, m)
    if m not in MAJORITIES:
        msg = f"`majority` {majority!r} must be 'simple' or 'two-thirds'."
        raise ParameterError(msg)
    return m


def vote_label(vote, where: str = "vote") -> str:
    """One of :data:`VOTES` from a label or a UN letter (``Y``, ``N``, ``A``, ``X``).

    Parameters
    ----------
    vote : str
    where : str
        How to name the value in an error message (``"vote of FRA"``).

    Returns
    -------
    str

    Examples
    --------
    >>> vote_label("Y"), vote_label("Abstention"), vote_label("non-voting")
    ('yes', 'abstain', 'absent')
    >>> vote_label("maybe", "vote of FRA")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: vote of FRA 'maybe' is not a vote; expected one of ['yes', 'no',...
    """
    v = str(vote).strip().lower()
    v = _VOTE_ALIASES.get(v, v)
    if v not in VOTES:
        msg = f"{where} {vote!r} is not a vote; expected one of {list(VOTES)}."
        raise ParameterError(msg)
    return v


def country_code(code, where: str = "country") -> str:
    """The ISO3 code of a country code or name (:func:`unvotes_lib.countries.resolve`).

    Parameters
    ----------
    code : str
        A code or an English name.
    where : str
        The parameter named in an error message.

    Returns
    -------
    str

    Examples
    --------
    >>> country_code("United Kingdom"), country_code("fra")
    ('GBR', 'FRA')
    """
    return countries.resolve(str(code), param=where)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 abstention"``, ``"65 abstentions"``; ``many`` for an irregular plural.

    Parameters
    ----------
    n : int
    word : str
    many : str, optional
        The plural (default ``word + "s"``).

    Returns
    -------
    str

    Examples
    --------
    >>> plural(1, "abstention"), plural(65, "abstention"), plural(2, "yes", "yes")
    ('1 abstention', '65 abstentions', '2 yes')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def join_names(codes, *, ussr: bool = False) -> str:
    """``"France (FRA) and Russia (RUS)"``: names with codes, joined for a sentence.

    Parameters
    ----------
    codes : iterable of str
        ISO3 codes.
    ussr : bool
        Name ``RUS`` "Soviet Union" (a vote before 25 December 1991).

    Returns
    -------
    str

    Examples
    --------
    >>> join_names(["FRA", "GBR", "RUS"], ussr=True)
    'France (FRA), United Kingdom (GBR) and Soviet Union (RUS)'
    """
    items = [f"{'Soviet Union' if ussr and c == 'RUS' else countries.name_of(c)} ({c})" for c in codes]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
