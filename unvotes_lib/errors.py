"""The library's own exceptions: one family, so that callers can catch what they mean.

Every error the library raises on purpose is an :class:`UnvotesError`, and each subclass is
also an instance of the builtin that fits, so code written against ``ValueError`` or
``OSError`` keeps working::

    UnvotesError
    ├── DataFileError(UnvotesError, ValueError)        a data file is damaged or not what it claims
    ├── ParameterError(UnvotesError, ValueError)       a function or report parameter is wrong
    ├── SourceUnavailableError(UnvotesError, OSError)  a source cannot be fetched or found
    └── CacheError(UnvotesError, OSError)              the cache folder cannot be used

Messages name the file, line or parameter, say what arrived and what was expected, and what to
do. Third-party exceptions raised by bad input (pandas, numpy, json, XML, pyarrow) are caught
where they arise and re-raised as one of these with the cause chained (``raise ... from err``).

The command line maps them to exit codes (:data:`EXIT_CODES`): 2 for bad input, 1 for a
source or folder that cannot be used; anything else is a bug in the library (exit 70).

Examples
--------
>>> from unvotes_lib.errors import DataFileError, UnvotesError
>>> err = DataFileError("unvotes.csv, line 3: vote 'Q' is not one of yes, no, abstain")
>>> isinstance(err, UnvotesError), isinstance(err, ValueError)
(True, True)
>>> exit_code(err), exit_code(SourceUnavailableError("offline")), exit_code(KeyError("x"))
(2, 1, 70)
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = [
    "EXIT_CODES",
    "CacheError",
    "DataFileError",
    "ParameterError",
    "SourceUnavailableError",
    "UnvotesError",
    "exit_code",
    "warn",
]


class UnvotesError(Exception):
    """Base class of every error the library raises on purpose."""


class DataFileError(UnvotesError, ValueError):
    """A data file is damaged, has an unknown layout, or holds values that cannot be right.

    The message names the file (and the line, record or column where known), what was found
    and what was expected.
    """


class ParameterError(UnvotesError, ValueError):
    """A parameter (of a function, a CLI option or a report) has a value that cannot be used.

    The message names the parameter, shows the value and lists or describes the valid ones.
    """


class SourceUnavailableError(UnvotesError, OSError):
    """A data source cannot be had: not downloadable, not found locally, refused or offline."""


class CacheError(UnvotesError, OSError):
    """The cache folder cannot be read or written (permissions, a path in the way, no space)."""


#: Exit status of the command line for each error family; anything else is a bug (70).
EXIT_CODES: dict[type[UnvotesError], int] = {
    DataFileError: 2,
    ParameterError: 2,
    SourceUnavailableError: 1,
    CacheError: 1,
}

#: Exit status for an exception that is not one of ours (EX_SOFTWARE of sysexits.h).
BUG_EXIT_CODE = 70


def exit_code(err: BaseException) -> int:
    """The command line's exit status for an exception.

    Parameters
    ----------
    err : BaseException
        The exception that ended a command.

    Returns
    -------
    int
        2 for bad input (:class:`DataFileError`, :class:`ParameterError` and any other
        :class:`UnvotesError`), 1 for an unavailable source or an unusable cache, 70 for
        anything else (a bug in the library).

    Examples
    --------
    >>> exit_code(ParameterError("`years` 'abc' is not a year range")), exit_code(RuntimeError())
    (2, 70)
    """
    for cls, code in EXIT_CODES.items():
        if isinstance(err, cls):
            return code
    if isinstance(err, UnvotesError):
        return 2
    return BUG_EXIT_CODE


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Issue a warning that points at the first line outside ``unvotes_lib``: the user's call.

    ``warnings.warn(..., stacklevel=N)`` with a fixed ``N`` points at whichever internal line
    happens to be ``N`` frames up, which changes with every refactoring and differs between
    callers (``load`` and ``unvotes data info`` reach a reader through different paths).

    Parameters
    ----------
    message : str
    category : type of Warning
        Default ``UserWarning``.

    Returns
    -------
    None
        The warning is issued (shown, recorded or raised as the warnings filters say).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("No votes for TWN in the selected roll calls.")
    >>> caught[0].filename == __file__ or not caught[0].filename.startswith(_PACKAGE_DIR)
    True
    >>> str(caught[0].message), caught[0].category.__name__
    ('No votes for TWN in the selected roll calls.', 'UserWarning')
    """
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
