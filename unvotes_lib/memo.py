"""Results shared by many reports, computed once and kept on disk beside the Parquet tables.

A batch of 12 ``vote_shift`` reports needs the ideal points of every country 12 times; they
depend only on the data and a few parameters. :func:`memoize` keys a DataFrame result by

- the ``kind`` of result (``"ideal_points"``),
- the sha256 of every raw file the data was read from (``data.source["sha256"]``), and what a
  filtered VoteData kept of them (its roll calls' rcids, its number of votes, its countries),
- the parameters of the computation (JSON), and
- the library: its version and the sha256 of its code (an edited library recomputes),

and keeps it in ``<cache>/results/<kind>/<key>.parquet``. Entries are written atomically (a
temporary file renamed into place), so a reader sees a whole entry or none; a lock file makes
concurrent processes wait for the one computing instead of computing again; an entry that
cannot be read (damaged, truncated) is computed again and replaced. A cache folder that cannot
be written means computing without caching (one warning), never an error.

Examples
--------
>>> import os, tempfile, types, pandas as pd
>>> saved = os.environ.get("UNVOTES_CACHE")
>>> os.environ["UNVOTES_CACHE"] = tempfile.mkdtemp()
>>> data = types.SimpleNamespace(source=pd.DataFrame({"sha256": ["ab12"]}))
>>> calls = []
>>> def compute():
...     calls.append(1)
...     return pd.DataFrame({"country": ["USA"], "ideal": [1.5]})
>>> memoize("demo", compute, data=data, params={"years": "2000-2019"})["ideal"].tolist()
[1.5]
>>> memoize("demo", compute, data=data, params={"years": "2000-2019"})["ideal"].tolist()
[1.5]
>>> len(calls)  # the second call read the entry
1
>>> _ = os.environ.pop("UNVOTES_CACHE") if saved is None else os.environ.update(UNVOTES_CACHE=saved)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path

from .errors import ParameterError

__all__ = ["entry_path", "memo_key", "memoize"]


@functools.cache
def _library_fingerprint() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        text = version("unvotes")
    except PackageNotFoundError:  # pragma: no cover - a source tree without installation
        text = "0+unknown"
    digest = hashlib.sha256(text.encode())
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _data_hashes(data) -> list[str] | None:
    table = getattr(data, "source", None)
    if table is None or "sha256" not in getattr(table, "columns", ()):
        return None
    hashes = [str(h) for h in table["sha256"].tolist()]
    if not hashes or any(h in ("", "None", "nan", "<NA>") for h in hashes):
        return None  # a file without a known sha256 cannot key a shared result
    return sorted(hashes)


def _selection(data) -> dict | None:
    """What a VoteData holds beyond its files: a filtered one keeps the files' sha256, so the
    roll calls it kept (their rcids), its number of votes and the country codes present key it."""
    roll_calls, votes = getattr(data, "roll_calls", None), getattr(data, "votes", None)
    if roll_calls is None or "rcid" not in getattr(roll_calls, "columns", ()):
        return None
    import numpy as np

    rcids = np.sort(np.asarray(roll_calls["rcid"], dtype="int64"))
    out = {"rcids": hashlib.sha256(rcids.tobytes()).hexdigest(), "n_roll_calls": len(rcids)}
    if votes is not None and "country" in getattr(votes, "columns", ()):
        out["n_votes"] = len(votes)
        out["countries"] = sorted(map(str, votes["country"].dropna().unique()))
    return out


def memo_key(kind: str, *, data, params: dict | None = None) -> str | None:
    """The key of a result: sha256 of kind, data files' sha256, parameters and library.

    ``None`` when the data do not say the sha256 of every file they were read from.

    Parameters
    ----------
    kind : str
        What is computed, e.g. ``"ideal_points"``.
    data : VoteData
        Or any object with a ``source`` table holding ``sha256`` (and, optionally,
        ``roll_calls`` and ``votes``, whose selection is part of the key).
    params : dict, optional
        The parameters of the computation (JSON; other values as their ``str``).

    Returns
    -------
    str or None
        64 hexadecimal digits.

    Examples
    --------
    >>> import types, pandas as pd
    >>> d = types.SimpleNamespace(source=pd.DataFrame({"sha256": ["ab12", "cd34"]}))
    >>> memo_key("x", data=d, params={"a": 1}) == memo_key("x", data=d, params={"a": 1})
    True
    >>> memo_key("x", data=d, params={"a": 1}) == memo_key("x", data=d, params={"a": 2})
    False
    >>> len(memo_key("x", data=d))
    64
    >>> memo_key("x", data=types.SimpleNamespace(source=pd.DataFrame({"sha256": ["ab12", ""]}))) is None
    True
    """
    hashes = _data_hashes(data)
    if hashes is None:
        return None
    doc = {
        "kind": kind,
        "data": hashes,
        "selection": _selection(data),
        "params": params or {},
        "library": _library_fingerprint(),
    }
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_path(kind: str, key: str) -> Path:
    """Where the entry of ``kind`` and ``key`` lives: ``<cache>/results/<kind>/<key>.parquet``.

    Parameters
    ----------
    kind : str
        A plain name (letters, digits, ``_ . -``).
    key : str
        From :func:`memo_key`.

    Returns
    -------
    Path
        In the cache folder (:func:`unvotes_lib.sources.cache_dir`); nothing is created.

    Raises
    ------
    ParameterError
        If ``kind`` is not a plain name.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict("os.environ", {"UNVOTES_CACHE": "/tmp/uv-cache"}):
    ...     print(entry_path("ideal_points", "ab12").as_posix())
    /tmp/uv-cache/results/ideal_points/ab12.parquet
    >>> entry_path("../ideal_points", "ab12")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `kind` '../ideal_points' must be a plain name (letters, ...
    """
    from .sources import cache_dir

    if not re.fullmatch(r"[A-Za-z0-9_.-]+", kind):
        msg = f"`kind` {kind!r} must be a plain name (letters, digits, _ . -), like 'ideal_points'."
        raise ParameterError(msg)
    return cache_dir(create=False) / "results" / kind / f"{key}.parquet"


def _read(path: Path):
    import pandas as pd

    return pd.read_parquet(path)


def _write(path: Path, frame) -> None:
    from .sources import atomic_write_bytes

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=True)
    atomic_write_bytes(path, buffer.getvalue())


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path.lock`` (POSIX); without fcntl, no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def memoize(kind: str, compute: Callable[[], object], *, data, params: dict | None = None):
    """``compute()``'s DataFrame, from the shared results cache when the same inputs made it before.

    Parameters
    ----------
    kind : str
        What is computed (a folder name), e.g. ``"ideal_points"``.
    compute : callable
        Called without arguments when the entry is missing or unreadable; returns a DataFrame.
    data : VoteData
        The data the result is computed from; its ``source["sha256"]`` keys the entry (data
        without a sha256 for every file are computed every time).
    params : dict, optional
        Every parameter the result depends on (JSON-serialisable). A filtered VoteData
        (``data.filter(years=..., issue=...)``) keeps the sha256 of the files it came from; the
        roll calls, votes and countries it kept are part of the key too, so filters need not be
        repeated here.

    Returns
    -------
    DataFrame
        As ``compute()`` returned it (index, columns and dtypes round-trip through Parquet).

    Raises
    ------
    ValueError
        If ``kind`` is not a plain name.
    TypeError
        If ``compute()`` does not return a DataFrame.

    Examples
    --------
    In a temporary cache folder: the same kind, data and parameters are computed once.

    >>> import tempfile, types
    >>> from unittest import mock
    >>> import pandas as pd
    >>> data = types.SimpleNamespace(source=pd.DataFrame({"sha256": ["ab12"]}))
    >>> calls = []
    >>> def compute():
    ...     calls.append(1)
    ...     return pd.DataFrame({"country": ["USA"], "ideal": [1.5]})
    >>> with tempfile.TemporaryDirectory() as d, mock.patch.dict("os.environ", {"UNVOTES_CACHE": d}):
    ...     first = memoize("demo", compute, data=data, params={"years": "2000-2019"})
    ...     again = memoize("demo", compute, data=data, params={"years": "2000-2019"})
    ...     other = memoize("demo", compute, data=data, params={"years": "2000-2020"})
    >>> again.equals(first), len(calls)  # computed for 2000-2019 and for 2000-2020 only
    (True, 2)
    """
    key = memo_key(kind, data=data, params=params)
    if key is None:
        return _checked(kind, compute())
    path = entry_path(kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        warnings.warn(
            f"results cache {str(path.parent)!r} cannot be written ({err.strerror or err}); "
            f"computing {kind} without it.",
            UserWarning,
            stacklevel=2,
        )
        return _checked(kind, compute())
    with _locked(path):
        if path.is_file():
            try:
                return _read(path)
            except Exception as err:  # noqa: BLE001 - any unreadable entry is rebuilt
                warnings.warn(
                    f"results cache entry {path.name} of {kind} is damaged ({type(err).__name__}); "
                    "computing it again.",
                    UserWarning,
                    stacklevel=2,
                )
                with contextlib.suppress(OSError):
                    path.unlink()
        frame = _checked(kind, compute())
        try:
            _write(path, frame)
        except (OSError, ValueError, TypeError) as err:  # a full disk or a frame Parquet cannot hold
            warnings.warn(f"results of {kind} not cached: {err}", UserWarning, stacklevel=2)
        return frame


def _checked(kind: str, frame):
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        msg = f"memoize({kind!r}): compute() returned {type(frame).__name__}, not a DataFrame."
        raise TypeError(msg)
    return frame
