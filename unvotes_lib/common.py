"""Helpers shared by the analysis modules (agreement, blocs, shifts, briefs).

One place for what several analyses need, so that none of them imports another to get
it: list coercion (:func:`as_list`), vote labels of the matrix codes
(:func:`vote_names`), periods of roll calls (:func:`periods`), a country or a symbol
resolved against the data (:func:`resolve_in_data`, :func:`column_of`), the plurality
of a set of votes (:func:`plurality`) and the warning about partial records
(:func:`warn_partial`). The vote codes themselves come from the data layer
(:mod:`unvotes_lib.store`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import countries as _countries
from .errors import ParameterError
from .store import ABSENT, ABSTAIN, NO, YES

__all__ = [
    "CAST",
    "as_list",
    "check_by",
    "column_of",
    "periods",
    "plurality",
    "resolve_in_data",
    "vote_names",
    "warn_partial",
]

#: The codes of a vote cast (yes, abstain, no), in the order of :func:`plurality`'s counts.
CAST = (YES, ABSTAIN, NO)
_LABEL_OF_CODE = {YES: "yes", ABSTAIN: "abstain", NO: "no", ABSENT: "absent"}


def as_list(value) -> list:
    """A list from one value or many: None -> [], a string or a number -> [it].

    Parameters
    ----------
    value : None, str, int, or an iterable

    Returns
    -------
    list

    Examples
    --------
    >>> as_list(None), as_list("USA"), as_list(2019), as_list(("USA", "RUS"))
    ([], ['USA'], [2019], ['USA', 'RUS'])
    """
    if value is None:
        return []
    if isinstance(value, (str, bytes, int, np.integer)):
        return [value]
    return list(value)


def vote_names(codes, *, missing: str = "") -> np.ndarray:
    """The vote labels of matrix codes (:data:`unvotes_lib.store.YES`, ...).

    Parameters
    ----------
    codes : array of int
        Codes of :attr:`VoteData.matrix` (0 = no record).
    missing : str
        The label of a code without a vote (no record).

    Returns
    -------
    numpy.ndarray of object
        "yes", "abstain", "no", "absent", or ``missing``.

    Examples
    --------
    >>> vote_names([YES, NO, ABSTAIN, ABSENT, 0], missing="not recorded").tolist()
    ['yes', 'no', 'abstain', 'absent', 'not recorded']
    """
    lookup = np.array([_LABEL_OF_CODE.get(i, missing) for i in range(max(_LABEL_OF_CODE) + 1)], dtype=object)
    return lookup[np.asarray(codes, dtype=np.int64)]


def plurality(counts: np.ndarray):
    """The option cast by the most voters, where it is unique.

    Parameters
    ----------
    counts : array, shape (3, ...)
        Votes for yes, abstain and no (the order of :data:`CAST`).

    Returns
    -------
    (code, top, total, unique)
        ``code``: the vote code of the most cast option (int8); ``top``: its count;
        ``total``: votes cast; ``unique``: True where one option has the most votes and
        someone voted.

    Examples
    --------
    >>> code, top, total, unique = plurality(np.array([[7, 2, 0], [1, 2, 0], [2, 1, 0]]))
    >>> code.tolist(), top.tolist(), total.tolist(), unique.tolist()
    ([1, 1, 1], [7, 2, 0], [10, 5, 0], [True, False, False])
    """
    c = np.asarray(counts)
    top = c.max(0)
    unique = ((c == top) & (top > 0)).sum(0) == 1
    code = np.array(CAST, dtype=np.int8)[c.argmax(0)]
    return code, top, c.sum(0), unique


def check_by(by):
    """Check a period choice: "year", "session", None (the whole span) or a window of k years.

    Parameters
    ----------
    by : "year", "session", None or int

    Returns
    -------
    str, int or None

    Examples
    --------
    >>> check_by("year"), check_by(5), check_by(None)
    ('year', 5, None)
    >>> check_by("decade")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `by` 'decade' must be 'year', 'session', None (the whole span) or...
    """
    if by is None or by in ("year", "session"):
        return by
    if isinstance(by, (int, np.integer)) and not isinstance(by, bool) and by >= 1:
        return int(by)
    msg = (
        f"`by` {by!r} must be 'year', 'session', None (the whole span) or a whole number "
        "of years >= 1 (a rolling window)."
    )
    raise ParameterError(msg)


def periods(data, columns: np.ndarray, by) -> list[tuple[object, np.ndarray]]:
    """Split roll calls (matrix columns) into labelled periods.

    Parameters
    ----------
    data : VoteData
    columns : array of int
        Indices of the roll calls (columns of ``data.matrix``) to split.
    by : "year", "session", None or int
        Calendar year; GA session (in order of first appearance); the whole span,
        labelled "first-last" year; or a rolling window of k years labelled by its last
        year (only full windows).

    Returns
    -------
    list of (label, columns)

    Examples
    --------
    >>> from unvotes_lib.store import VoteData
    >>> rolls = pd.DataFrame({"rcid": [1, 2, 3], "body": "GA", "session": ["72", "73", "73"],
    ...                       "date": ["2017-12-01", "2018-10-01", "2019-03-01"]})
    >>> votes = pd.DataFrame({"rcid": [1, 2, 3], "country": "USA", "vote": "yes"})
    >>> vd = VoteData(rolls, votes)
    >>> [(label, cols.tolist()) for label, cols in periods(vd, np.arange(3), 2)]
    [(2018, [0, 1]), (2019, [1, 2])]
    >>> [(label, cols.tolist()) for label, cols in periods(vd, np.arange(3), "session")]
    [('72', [0]), ('73', [1, 2])]
    """
    by = check_by(by)
    if len(columns) == 0:
        return []
    rc = data.roll_calls
    years = rc["date"].dt.year.to_numpy()[columns]
    if by is None:
        return [(f"{years.min()}-{years.max()}", columns)]
    if by == "session":
        keys = rc["session"].astype(str).to_numpy()[columns]
        codes, labels = pd.factorize(keys)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(labels) + 1))
        return [(str(lab), columns[order[bounds[i] : bounds[i + 1]]]) for i, lab in enumerate(labels)]
    order = np.argsort(years, kind="stable")
    cols, yrs = columns[order], years[order]
    width = 1 if by == "year" else by
    out = []
    for last in range(int(yrs.min()) + width - 1, int(yrs.max()) + 1):
        lo, hi = np.searchsorted(yrs, [last - width + 1, last + 1])
        if hi > lo:
            out.append((last, cols[lo:hi]))
    return out


def resolve_in_data(data, code_or_name: str, *, param: str) -> str:
    """The ISO3 code of a country that has votes in ``data``, or a clear ValueError.

    Parameters
    ----------
    data : VoteData
    code_or_name : str
        A code or a name.
    param : str
        The parameter named in the error message.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        An unknown country, or one without votes in ``data`` (saying where a successor
        state's votes are filed).

    Examples
    --------
    >>> from unvotes_lib.store import VoteData
    >>> vd = VoteData(pd.DataFrame({"rcid": [1], "body": "GA", "date": ["2018-10-01"], "session": ["73"]}),
    ...               pd.DataFrame({"rcid": [1], "country": ["USA"], "vote": ["yes"]}))
    >>> resolve_in_data(vd, "United States", param="country")
    'USA'
    >>> resolve_in_data(vd, "FRA", param="country")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `country` 'FRA' (FRA, France) has no votes in this data; check th...
    """
    code = _countries.resolve(code_or_name, param=param)
    present = data.matrix.countries
    if code in present:
        return code
    succ = _countries.apply_successors(code)
    if succ != code and succ in present:
        msg = (
            f"`{param}` {code_or_name!r} ({code}) is filed under {succ!r} in this data "
            f"(successors={data.successors!r}); use {succ!r} or load with successors='keep'."
        )
    else:
        msg = (
            f"`{param}` {code_or_name!r} ({code}, {_countries.name_of(code)}) has no votes in this "
            "data; check the years or the source."
        )
    raise ParameterError(msg)


def column_of(data, symbol: str, *, param: str = "symbol") -> int:
    """The matrix column of the roll call with this symbol (:meth:`VoteData.roll_call`).

    Parameters
    ----------
    data : VoteData
    symbol : str
        Resolution symbol (spaces and case ignored).
    param : str
        The parameter named in an error message.

    Returns
    -------
    int

    Examples
    --------
    >>> from unvotes_lib.store import VoteData
    >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": ["2025-02-24"] * 2,
    ...                             "session": "ES-11", "symbol": ["A/RES/ES-11/7", "A/RES/ES-11/8"]}),
    ...               pd.DataFrame({"rcid": [1, 2], "country": ["USA", "USA"], "vote": ["no", "abstain"]}))
    >>> column_of(vd, "a/res/es-11/8")
    1
    """
    try:
        row = data.roll_call(symbol)
    except ValueError as err:
        msg = str(err).replace("`symbol`", f"`{param}`").replace("`symbols`", f"`{param}`")
        raise ParameterError(msg) from err
    return int(data.matrix.rcids.get_loc(row["rcid"]))


def warn_partial(data, columns: np.ndarray, what: str, *, stacklevel: int = 3) -> None:
    """Warn when partial roll calls (only some members' votes recorded) are among ``columns``.

    Parameters
    ----------
    data : VoteData
    columns : array of int
        The roll calls (matrix columns) an analysis uses.
    what : str
        The subject of the warning's sentence ("The roll calls of this agreement table").
    stacklevel : int
        Passed to :func:`warnings.warn` (point at the user's call).

    Returns
    -------
    None

    Warns
    -----
    UserWarning
        Naming up to five partial roll calls and how to drop them.

    Examples
    --------
    >>> from unvotes_lib.store import VoteData
    >>> vd = VoteData(pd.DataFrame({"rcid": [1], "body": "GA", "date": ["2025-02-24"], "session": ["ES-11"],
    ...                             "symbol": ["A/RES/ES-11/7"], "partial": [True]}),
    ...               pd.DataFrame({"rcid": [1], "country": ["USA"], "vote": ["no"]}))
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_partial(vd, np.array([0]), "The roll calls")
    >>> str(caught[0].message)[:60]
    'The roll calls include 1 partial roll call(s) (A/RES/ES-11/7'
    """
    partial = data.roll_calls["partial"].to_numpy()[columns]
    if partial.any():
        symbols = data.roll_calls["symbol"].to_numpy()[columns][partial]
        shown = ", ".join(str(s) for s in symbols[:5]) + (" ..." if len(symbols) > 5 else "")
        warnings.warn(
            f"{what} include {int(partial.sum())} partial roll call(s) ({shown}) on which only some "
            "members' votes are recorded; per-country figures on them are incomplete. Drop them with "
            "data.filter(rcids=data.roll_calls.loc[~data.roll_calls['partial'], 'rcid']).",
            UserWarning,
            stacklevel=stacklevel,
        )
