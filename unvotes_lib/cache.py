"""Parquet cache of parsed tables, keyed by the raw files' sha256 and the schema version.

Each entry is a folder ``<cache>/parsed/<reader>-<key>/`` holding one Parquet file per
table and a ``manifest.json`` with each file's sha256 and row count. An entry is
written into a temporary folder and renamed into place, so a reader never sees a
half-written entry; when two processes build the same entry at once, the first
rename wins and the other discards its copy. An entry whose manifest or files do
not check out is reported, removed and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import CacheError
from .errors import warn as _warn
from .sources import cache_dir

__all__ = ["SCHEMA_VERSION", "entry_key", "read_entry", "write_entry"]

#: Bump when the canonical tables change shape: old entries are then ignored.
SCHEMA_VERSION = 7


class Tables(NamedTuple):
    """The three per-roll-call tables (same fields as :class:`unvotes_lib.readers.Tables`)."""

    roll_calls: pd.DataFrame
    votes: pd.DataFrame
    issues: pd.DataFrame


_TABLES = Tables._fields


def entry_key(reader: str, sha256s: list[str]) -> str:
    """Folder name of the cache entry for these raw files read by ``reader``.

    Parameters
    ----------
    reader : str
        The reader's name (``"unvotes"``, ``"curated"``, ...).
    sha256s : list of str
        The sha256 of each raw file read, in any order.

    Returns
    -------
    str
        ``<reader>-<24 hex digits>``, a digest of the reader, :data:`SCHEMA_VERSION` and
        the sorted hashes.

    Examples
    --------
    >>> entry_key("unvotes", ["aa", "bb"]) == entry_key("unvotes", ["bb", "aa"])
    True
    >>> key = entry_key("unvotes", ["aa"])
    >>> key.startswith("unvotes-"), len(key), key == entry_key("curated", ["aa"])
    (True, 32, False)
    """
    digest = hashlib.sha256(f"{reader}|{SCHEMA_VERSION}|{'|'.join(sorted(sha256s))}".encode())
    return f"{reader}-{digest.hexdigest()[:24]}"


def _entry_dir(key: str, *, create: bool) -> Path:
    return cache_dir(create=create) / "parsed" / key


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_table(df: pd.DataFrame, path: Path) -> dict:
    """Write one table so that it reads back fast.

    Categorical columns are stored as their integer codes (the categories go in the
    manifest) and plain integer columns in the smallest integer type that holds them
    (the manifest keeps their dtype): both read back as raw arrays, several times faster
    than Parquet dictionaries or pandas conversions. Other columns go through pandas.
    """
    categories = {c: df[c].cat for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)}
    arrays = {
        c: str(df[c].dtype)
        for c in df.columns
        if c not in categories and isinstance(df[c].dtype, np.dtype) and df[c].dtype.kind in "iu"
    }
    import pyarrow as pa
    import pyarrow.parquet as pq

    rest = [c for c in df.columns if c not in categories and c not in arrays]
    names, columns = [], []
    for c in arrays:
        values = df[c].to_numpy()
        names.append(c)
        columns.append(pa.array(values.astype(_smallest_int(values), copy=False)))
    for c, cat in categories.items():
        names.append(c)
        columns.append(pa.array(cat.codes.to_numpy()))
    table = pa.Table.from_pandas(df[rest], preserve_index=False) if rest else None
    extra = pa.Table.from_arrays(columns, names=names) if names else None
    if table is None:
        table = extra
    elif extra is not None:
        for name, column in zip(names, extra.columns, strict=True):
            table = table.append_column(name, column)
    pq.write_table(table, path, compression="lz4", use_dictionary=False)
    return {
        "rows": len(df),
        "columns": list(df.columns),
        "arrays": arrays,
        "categories": {c: [str(x) for x in cat.categories] for c, cat in categories.items()},
    }


def _smallest_int(values: np.ndarray) -> np.dtype:
    if not len(values):
        return values.dtype
    for candidate in (np.int8, np.int16, np.int32):
        info = np.iinfo(candidate)
        if values.min() >= info.min and values.max() <= info.max:
            return np.dtype(candidate)
    return values.dtype


def _read_table(path: Path, info: dict) -> pd.DataFrame:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path, memory_map=True).read()
    categories, arrays = info["categories"], info["arrays"]
    rest = [c for c in info["columns"] if c not in categories and c not in arrays]
    frame = table.select(rest).to_pandas() if rest else None
    columns = {}
    for column in info["columns"]:
        if column in arrays:
            columns[column] = table.column(column).to_numpy().astype(arrays[column], copy=False)
        elif column in categories:
            cats = categories[column]
            codes = table.column(column).to_numpy()
            if len(codes) and (codes.min() < -1 or codes.max() >= len(cats)):
                msg = f"{path.name} column {column!r} has codes outside its {len(cats)} categories"
                raise CacheError(msg)
            columns[column] = pd.Categorical.from_codes(codes, categories=cats, validate=False)
        else:
            columns[column] = frame[column].array  # an array: no index alignment
    return pd.DataFrame(columns, copy=False)


def _checked_table(folder: Path, name: str, manifest: dict) -> pd.DataFrame:
    info = manifest["files"][name]
    path = folder / f"{name}.parquet"
    if _digest(path) != info["sha256"]:
        msg = f"{path.name} does not match its recorded sha256"
        raise CacheError(msg)
    table = _read_table(path, info)
    if len(table) != info["rows"]:
        msg = f"{path.name} has {len(table)} rows, not {info['rows']}"
        raise CacheError(msg)
    return table


def read_entry(key: str) -> Tables | None:
    """The cached tables for ``key``, or None if absent or corrupt (then removed).

    Parameters
    ----------
    key : str
        From :func:`entry_key`.

    Returns
    -------
    Tables or None
        roll_calls, votes and issues as written by :func:`write_entry` (same columns and
        dtypes); None when there is no entry, or it is damaged (a ``RuntimeWarning`` says
        so and the entry is removed) or of another :data:`SCHEMA_VERSION`.

    Examples
    --------
    See :func:`write_entry`; a key never written has no entry:

    >>> import tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as d, mock.patch.dict("os.environ", {"UNVOTES_CACHE": d}):
    ...     print(read_entry(entry_key("demo", ["ab12"])))
    None
    """
    folder = _entry_dir(key, create=False)
    manifest_path = folder / "manifest.json"
    if not folder.exists():
        return None
    if not folder.is_dir():  # a file where an entry belongs: moved aside, the entry is rebuilt
        _move_aside(folder)
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("schema") != SCHEMA_VERSION:
            msg = f"schema {manifest.get('schema')} is not {SCHEMA_VERSION}"
            raise CacheError(msg)
        tables = {name: _checked_table(folder, name, manifest) for name in _TABLES}
        return Tables(**_rcids_back(tables, manifest))
    except Exception as err:  # any damage at all means: rebuild
        _warn(f"Cache entry {folder} is damaged ({err}); rebuilding it from the raw files.", RuntimeWarning)
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        return None


def _rcids_as_positions(tables: Tables) -> dict:
    """Votes and issues store each rcid as its row number in ``roll_calls`` (int16 for up to
    32,767 roll calls instead of int64): a quarter of the bytes to read on a warm load."""
    out = dict(zip(_TABLES, tables, strict=True))
    out["positions"] = []
    ids = pd.Index(tables.roll_calls["rcid"].to_numpy())
    if not ids.is_unique:
        return out
    for name in ("votes", "issues"):
        pos = ids.get_indexer(out[name]["rcid"].to_numpy())
        if len(pos) and (pos >= 0).all():
            out[name] = out[name].assign(rcid=pos.astype(_smallest_int(pos)))
            out["positions"].append(name)
    return out


def _rcids_back(tables: dict, manifest: dict) -> dict:
    ids = tables["roll_calls"]["rcid"].to_numpy()
    for name in ("votes", "issues"):
        if manifest["files"][name].get("rcid_positions"):
            pos = tables[name]["rcid"].to_numpy()
            if len(pos) and (pos.min() < 0 or pos.max() >= len(ids)):
                msg = f"{name}.parquet refers to roll calls that are not in roll_calls.parquet"
                raise CacheError(msg)
            frame = tables[name]
            tables[name] = pd.DataFrame(
                {c: ids.take(pos) if c == "rcid" else frame[c].array for c in frame.columns}, copy=False
            )
    return tables


def _move_aside(path: Path) -> None:
    """A file where the cache needs a folder: renamed (never deleted), with a warning."""
    aside = path.with_name(f"{path.name}.in-the-way-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(path, aside)
    _warn(f"{path} was a file where the cache keeps a folder; moved aside to {aside.name}.", RuntimeWarning)


def _remove_stale(folder: Path, max_age: float = 3600) -> None:
    """Remove temporary entry folders (``.<key>-...``) left by a process killed over an hour ago."""
    now = time.time()
    for tmp in folder.glob(".*-*"):
        with contextlib.suppress(OSError):
            if tmp.is_dir() and now - tmp.stat().st_mtime > max_age:
                shutil.rmtree(tmp, ignore_errors=True)


def write_entry(key: str, tables: Tables) -> Path | None:
    """Write ``tables`` as the entry ``key`` atomically; return its folder.

    If another process has written the same entry meanwhile, keep theirs.

    Parameters
    ----------
    key : str
        From :func:`entry_key`.
    tables : Tables
        roll_calls, votes and issues (``rcid`` in each).

    Returns
    -------
    Path
        The entry's folder, ``<cache>/parsed/<key>``.

    Raises
    ------
    CacheError
        (an ``OSError``) The cache folder cannot be written; nothing half-written is left.
        :func:`unvotes_lib.load` then loads without the cache, with one warning.

    Examples
    --------
    In a temporary cache folder: the tables read back equal, a damaged file is noticed.

    >>> import tempfile, warnings
    >>> from unittest import mock
    >>> rc = pd.DataFrame({"rcid": [7, 9], "symbol": ["A/RES/1", "A/RES/2"]})
    >>> votes = pd.DataFrame({"rcid": [7, 9, 9], "country": pd.Categorical(["USA", "USA", "FRA"]),
    ...                       "vote": pd.Categorical(["yes", "no", "no"])})
    >>> issues = pd.DataFrame({"rcid": [9], "issue_code": ["me"]})
    >>> key = entry_key("demo", ["ab12"])
    >>> with tempfile.TemporaryDirectory() as d, mock.patch.dict("os.environ", {"UNVOTES_CACHE": d}):
    ...     path = write_entry(key, Tables(rc, votes, issues))
    ...     files = sorted(p.name for p in path.iterdir())
    ...     back = read_entry(key)
    ...     _ = (path / "votes.parquet").write_bytes(b"damaged")
    ...     with warnings.catch_warnings(record=True) as caught:
    ...         warnings.simplefilter("always")
    ...         damaged = read_entry(key)
    ...     removed = not path.exists()
    >>> path.name == key, files
    (True, ['issues.parquet', 'manifest.json', 'roll_calls.parquet', 'votes.parquet'])
    >>> back.votes.equals(votes), back.roll_calls.equals(rc), back.issues.equals(issues)
    (True, True, True)
    >>> damaged is None, removed, "does not match its recorded sha256" in str(caught[0].message)
    (True, True, True)
    """
    try:
        return _write_entry(key, tables)
    except CacheError:
        raise
    except OSError as err:
        msg = f"Cannot write the cache entry {key} ({err.strerror or err})."
        raise CacheError(msg) from err


def _write_entry(key: str, tables: Tables) -> Path | None:
    final = _entry_dir(key, create=True)
    if final.parent.exists() and not final.parent.is_dir():
        _move_aside(final.parent)
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(final.parent)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{key}-"))
    try:
        files = {}
        stored = _rcids_as_positions(tables)
        for name in _TABLES:
            path = tmp / f"{name}.parquet"
            info = _write_table(stored[name], path)
            files[name] = {"sha256": _digest(path), "rcid_positions": name in stored["positions"], **info}
        manifest = {"schema": SCHEMA_VERSION, "files": files}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / "manifest.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process won the race
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
