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
import warnings
from pathlib import Path

import pandas as pd

from .readers import Tables
from .sources import cache_dir

__all__ = ["SCHEMA_VERSION", "entry_key", "read_entry", "write_entry"]

#: Bump when the canonical tables change shape: old entries are then ignored.
SCHEMA_VERSION = 3

_TABLES = Tables._fields


def entry_key(reader: str, sha256s: list[str]) -> str:
    """Folder name of the cache entry for these raw files read by ``reader``.

    Examples
    --------
    >>> entry_key("unvotes", ["aa", "bb"]) == entry_key("unvotes", ["bb", "aa"])
    True
    """
    digest = hashlib.sha256(f"{reader}|{SCHEMA_VERSION}|{'|'.join(sorted(sha256s))}".encode())
    return f"{reader}-{digest.hexdigest()[:24]}"


def _entry_dir(key: str, *, create: bool) -> Path:
    return cache_dir(create=create) / "parsed" / key


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_entry(key: str) -> Tables | None:
    """The cached tables for ``key``, or None if absent or corrupt (then removed)."""
    folder = _entry_dir(key, create=False)
    manifest_path = folder / "manifest.json"
    if not folder.exists():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("schema") != SCHEMA_VERSION:
            msg = f"schema {manifest.get('schema')} is not {SCHEMA_VERSION}"
            raise ValueError(msg)
        tables = {}
        for name in _TABLES:
            info = manifest["files"][name]
            path = folder / f"{name}.parquet"
            if _digest(path) != info["sha256"]:
                msg = f"{path.name} does not match its recorded sha256"
                raise ValueError(msg)
            tables[name] = pd.read_parquet(path)
            if len(tables[name]) != info["rows"]:
                msg = f"{path.name} has {len(tables[name])} rows, not {info['rows']}"
                raise ValueError(msg)
        return Tables(**tables)
    except Exception as err:  # any damage at all means: rebuild
        warnings.warn(
            f"Cache entry {folder} is damaged ({err}); rebuilding it from the raw files.",
            RuntimeWarning,
            stacklevel=3,
        )
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        return None


def write_entry(key: str, tables: Tables) -> Path | None:
    """Write ``tables`` as the entry ``key`` atomically; return its folder.

    If another process has written the same entry meanwhile, keep theirs.
    """
    final = _entry_dir(key, create=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{key}-"))
    try:
        files = {}
        for name in _TABLES:
            path = tmp / f"{name}.parquet"
            getattr(tables, name).to_parquet(path, index=False)
            files[name] = {"sha256": _digest(path), "rows": len(getattr(tables, name))}
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
