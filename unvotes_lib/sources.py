"""Known datasets, where their files come from, and the local cache.

A *source* is a named dataset of :data:`REGISTRY`:

=========================  ===================================================================
``ga`` (the default)       the General Assembly's record 1946 to today, spliced from the three
                           below (see :func:`unvotes_lib.store.load`)
``sc``                     the Security Council's record 2000 to today: ``unxml-sc`` and the
                           curated Council records it lacks
``unvotes-2021``           Voeten's roll calls 1946 - January 2020 (TidyTuesday CSVs)
``unxml-ga``               the UN's machine-readable GA resolutions, one JSON file per session
``unxml-sc``               the UN's machine-readable SC resolutions, one JSON file per year
``undl-ga``, ``undl-sc``   the UN Digital Library's voting files (browser download, then import)
``voeten-ideal-points``    Bailey-Strezhnev-Voeten ideal points
``curated``                hand-entered records shipped with the package
=========================  ===================================================================

:func:`locate` finds the raw files of a source in this order, and the first that has them wins:

1. the ``path`` argument (a folder holding the files, a folder with one subfolder per source
   named as the registry names it, or one file);
2. the local mirror folder named by the environment variable ``UNVOTES_DATA_DIR``: either one
   subfolder per source (``unvotes-2021/``, ``unxml-ga/``, ``unxml-sc/``, ``reference/``) or,
   the older form, one source's files directly;
3. files imported with :func:`import_file` or downloaded before, in the cache;
4. a download with :mod:`pooch` into the cache (with a progress bar, and a hash
   check where the registry knows the hash).

A *series* source (``unxml-ga``, ``unxml-sc``) is a folder of files named by session or year;
the publisher changes them in place, so no hash is fixed in advance: the version of a copy is
the day it was retrieved, and :func:`update` downloads the files again, probes the next session
or year (HTTP 404 = not published yet), keeps each old copy until the new one passes a check,
and says which files changed. A *spliced* source (``ga``, ``sc``) names its parts; the store
reads each and splices them.

The cache lives in ``platformdirs.user_cache_dir("unvotes")`` unless
``UNVOTES_CACHE`` names another folder. The UN Digital Library refuses scripted
downloads; for its files the error explains how to download by hand and import.
The base URL of a series can be overridden with ``UNVOTES_URL_<NAME>`` (``UNVOTES_URL_UNXML_GA``)
or the ``base_url`` argument of :func:`fetch` and :func:`update` (a mirror, or a test server).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import CacheError, DataFileError, ParameterError, SourceUnavailableError
from .errors import warn as _warn

__all__ = [
    "REGISTRY",
    "DownloadError",
    "FileUpdate",
    "Located",
    "RemoteFile",
    "Series",
    "Source",
    "cache_dir",
    "default_source",
    "fetch",
    "file_sha256",
    "get_source",
    "import_file",
    "locate",
    "resolve",
    "set_default_source",
    "update",
]


class DownloadError(SourceUnavailableError, ConnectionError):
    """A download failed, was refused or cut short; ``status`` is the HTTP status if any."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class SourceNotFoundError(SourceUnavailableError, FileNotFoundError):
    """The files of a source are neither at hand nor downloadable."""


class CacheUnwritableError(CacheError, PermissionError):
    """The cache folder cannot be created or written to."""


@dataclass(frozen=True)
class RemoteFile:
    """One published file: its name, download URL and sha256 (None if unknown)."""

    name: str
    url: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Series:
    r"""A source published as one file per session or year, changed in place by its publisher.

    Attributes
    ----------
    base_url : str
        URL of the folder; a file's URL is ``base_url + stem + suffix``.
    names : tuple of str
        File stems known to exist (``"74"``, ``"ES-11"``; ``"2025"``).
    pattern : str
        Regular expression that a file name of the series matches.
    suffix : str
        File name suffix (``".json"``).

    Examples
    --------
    >>> s = Series("https://example.org/", ("74", "75", "ES-11"), r"^(\d+|ES-\d+)\.json$")
    >>> s.next_name(["74", "75", "ES-11"])
    '76'
    """

    base_url: str
    names: tuple[str, ...]
    pattern: str
    suffix: str = ".json"

    def next_name(self, present) -> str:
        """The stem after the highest numeric stem: the next session or year to probe."""
        numbers = [int(n) for n in [*self.names, *present] if str(n).isdigit()]
        return str(max(numbers) + 1)


@dataclass(frozen=True)
class Source:
    """A named dataset of the registry.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"unvotes-2021"``.
    title : str
        One-line description.
    reader : str
        Format of its files (a key of ``unvotes_lib.readers.READERS``; ``"splice"`` for a
        spliced source).
    roles : tuple of str
        The files a version is made of, by role (``("votes", "roll_calls",
        "issues")`` for the unvotes CSVs, ``("votes",)`` for a single file; the known
        stems for a series).
    patterns : dict
        Role -> regular expression that recognises a file of that role by name
        (``.csv`` and ``.csv.gz`` both match).
    versions : dict
        Version -> tuple of :class:`RemoteFile`, one per role, newest version last.
    landing : str
        Page where a person can download the files by hand.
    licence, citation : str
        Terms and the reference to cite.
    browser_only : bool
        True if the publisher refuses scripted downloads (UN Digital Library).
    series : Series, optional
        For a source of one file per session or year (version = retrieval date).
    parts : tuple of str
        For a spliced source: the registry names of its parts, first has precedence.
    body : str, optional
        For a spliced source: the body ("GA", "SC") whose records it takes from its parts.
    """

    name: str
    title: str
    reader: str
    roles: tuple[str, ...]
    patterns: dict[str, str]
    versions: dict[str, tuple[RemoteFile, ...]] = field(default_factory=dict)
    landing: str = ""
    licence: str = ""
    citation: str = ""
    browser_only: bool = False
    series: Series | None = None
    parts: tuple[str, ...] = ()
    body: str | None = None

    @property
    def latest(self) -> str | None:
        """The newest version the registry knows, or None."""
        return list(self.versions)[-1] if self.versions else None

    def known_hashes(self) -> dict[str, str]:
        """File name -> sha256 for every registered file whose hash the registry knows."""
        return {rf.name: rf.sha256 for files in self.versions.values() for rf in files if rf.sha256}


def _series_source(name, title, reader, series: Series, **kwargs) -> Source:
    return Source(
        name=name,
        title=title,
        reader=reader,
        roles=series.names,
        patterns={n: rf"^{re.escape(n)}{re.escape(series.suffix)}$" for n in series.names},
        series=series,
        **kwargs,
    )


_TT = "https://raw.githubusercontent.com/rfordatascience/tidytuesday/master/data/2021/2021-03-23/"
_UNDL_GA = "https://digitallibrary.un.org/record/4060887"
_UNDL_SC = "https://digitallibrary.un.org/record/4055387"
_UNDL_CITATION = (
    "United Nations Dag Hammarskjöld Library, {what} voting data, "
    "UN Digital Library record {rec}, version {{version}}."
)
_UNXML_GA = "https://raw.githubusercontent.com/UNxml/GAresolutions/main/data_extract/"
_UNXML_SC = "https://raw.githubusercontent.com/UNxml/SCresolutions/main/data_extract/"
_UNXML_CITATION = (
    "United Nations, Department for General Assembly and Conference Management, {what} "
    "resolutions in machine-readable form (github.com/UNxml/{repo}, data_extract), retrieved {{version}}."
)
#: First year of the Security Council extracts.
SC_FIRST_YEAR = 2000

REGISTRY: dict[str, Source] = {
    s.name: s
    for s in [
        Source(
            name="ga",
            title=(
                "UN General Assembly roll calls 1946 to today: unvotes-2021, then unxml-ga "
                "resolutions it lacks, then curated GA records neither has"
            ),
            reader="splice",
            roles=(),
            patterns={},
            parts=("unvotes-2021", "unxml-ga", "curated"),
            body="GA",
            landing="see the parts: unvotes-2021, unxml-ga, curated",
            licence="as each part (see data.source)",
            citation="as each part (see data.source)",
        ),
        Source(
            name="sc",
            title=(
                "UN Security Council resolutions 2000 to today (unxml-sc) and curated Council "
                "records not in it; adopted resolutions only, vetoed drafts are not in it"
            ),
            reader="splice",
            roles=(),
            patterns={},
            parts=("unxml-sc", "curated"),
            body="SC",
            landing="see the parts: unxml-sc, curated",
            licence="as each part (see data.source)",
            citation="as each part (see data.source)",
        ),
        Source(
            name="unvotes-2021",
            title="UN General Assembly roll calls, sessions 1-74 (Voeten; R unvotes, TidyTuesday 2021-03-23)",
            reader="unvotes",
            roles=("votes", "roll_calls", "issues"),
            patterns={
                "votes": r"^(unvotes|un_votes)\.csv(\.gz)?$",
                "roll_calls": r"^(un_)?roll_calls\.csv(\.gz)?$",
                "issues": r"^(un_roll_call_)?issues\.csv(\.gz)?$",
            },
            versions={
                "2021-03-23": (
                    RemoteFile("unvotes.csv", _TT + "unvotes.csv"),
                    RemoteFile("roll_calls.csv", _TT + "roll_calls.csv"),
                    RemoteFile("issues.csv", _TT + "issues.csv"),
                )
            },
            landing="https://github.com/rfordatascience/tidytuesday/tree/master/data/2021/2021-03-23",
            licence="CC0 1.0 (Voeten's Dataverse data)",
            citation=(
                "Erik Voeten, Anton Strezhnev and Michael Bailey, United Nations General "
                "Assembly Voting Data, Harvard Dataverse, doi:10.7910/DVN/LEJUQZ; as packaged "
                "by the R package unvotes (Robinson) and TidyTuesday 2021-03-23."
            ),
        ),
        _series_source(
            "unxml-ga",
            "UN General Assembly resolutions with recorded votes, sessions 74-80, ES-10, ES-11, S-32 "
            "(UNxml/GAresolutions, one JSON file per session)",
            "unxml-ga",
            Series(
                _UNXML_GA,
                (*(str(n) for n in range(74, 81)), "ES-10", "ES-11", "S-32"),
                r"^(\d+|ES-\d+|S-\d+)\.json$",
            ),
            landing="https://github.com/UNxml/GAresolutions/tree/main/data_extract",
            licence="United Nations terms of use (public UN documents, with attribution)",
            citation=_UNXML_CITATION.format(what="General Assembly", repo="GAresolutions"),
        ),
        _series_source(
            "unxml-sc",
            "UN Security Council resolutions adopted 2000 to this year, with each member's vote "
            "(UNxml/SCresolutions, one JSON file per year; vetoed drafts are not in it)",
            "unxml-sc",
            Series(
                _UNXML_SC,
                tuple(str(y) for y in range(SC_FIRST_YEAR, dt.date.today().year + 1)),
                r"^\d{4}\.json$",
            ),
            landing="https://github.com/UNxml/SCresolutions/tree/main/data_extract",
            licence="United Nations terms of use (public UN documents, with attribution)",
            citation=_UNXML_CITATION.format(what="Security Council", repo="SCresolutions"),
        ),
        Source(
            name="undl-ga",
            title="UN General Assembly voting data (UN Dag Hammarskjöld Library)",
            reader="undl-ga",
            roles=("votes",),
            patterns={"votes": r"ga_voting.*\.csv(\.gz)?$"},
            versions={
                v: (RemoteFile(f"{v}.csv", f"{_UNDL_GA}/files/{v}.csv"),)
                for v in [
                    "2024_09_12_ga_voting",
                    "2025_03_31_ga_voting_corr1",
                    "2026_02_06_ga_voting",
                ]
            },
            landing=_UNDL_GA,
            licence="UN Digital Library terms of use (free for non-commercial use, with attribution)",
            citation=_UNDL_CITATION.format(what="General Assembly", rec=4060887),
            browser_only=True,
        ),
        Source(
            name="undl-sc",
            title="UN Security Council voting data (UN Dag Hammarskjöld Library)",
            reader="undl-sc",
            roles=("votes",),
            patterns={"votes": r"sc_voting.*\.csv(\.gz)?$"},
            # File names of this record change with each version and none is known
            # for certain: import the file you downloaded (see the error message).
            versions={},
            landing=_UNDL_SC,
            licence="UN Digital Library terms of use (free for non-commercial use, with attribution)",
            citation=_UNDL_CITATION.format(what="Security Council", rec=4055387),
            browser_only=True,
        ),
        Source(
            name="voeten-ideal-points",
            title="Bailey-Strezhnev-Voeten ideal-point estimates per country and session",
            reader="bsv-ideal",
            roles=("ideal_points",),
            # The All file: the other five published tables (HumanRights, Important,
            # MiddleEast, NoNukes, Nuclear) are estimates from subsets of the votes.
            patterns={"ideal_points": r"^IdealpointestimatesAll_.*\.csv(\.gz)?$"},
            versions={
                "Apr2020": (
                    RemoteFile(
                        "IdealpointestimatesAll_Apr2020.csv",
                        None,
                        "1b8393959be273a8a8f1969822283e33871a1ece78b2a87e836250dee91b8aac",
                    ),
                )
            },
            landing="https://doi.org/10.7910/DVN/LEJUQZ",
            licence="CC0 1.0",
            citation=(
                "Michael A. Bailey, Anton Strezhnev and Erik Voeten (2017), Estimating "
                "Dynamic State Preferences from United Nations Voting Data, Journal of "
                "Conflict Resolution 61(2): 430-456; data doi:10.7910/DVN/LEJUQZ."
            ),
        ),
        Source(
            name="curated",
            title="Hand-entered voting records curated in this package (data/curated)",
            reader="curated",
            roles=("records",),
            patterns={"records": r"\.ya?ml$"},
            landing="data/curated/README.md in the unvotes repository",
            licence="CC0 1.0 (facts from the public record; each record cites its sources)",
            citation="unvotes curated records; each record lists its public sources.",
        ),
    ]
}

#: Folder name of each source in a mirror with one subfolder per source, where it differs.
MIRROR_FOLDERS = {"voeten-ideal-points": ("voeten-ideal-points", "reference")}


def get_source(name: str) -> Source:
    """The registry entry called ``name``; a clear error listing the known names.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY` (``"ga"``, ``"unxml-sc"``, ...).

    Returns
    -------
    Source

    Raises
    ------
    ParameterError
        If ``name`` is not in the registry; the message lists the known names.

    Examples
    --------
    >>> src = get_source("unvotes-2021")
    >>> src.reader, src.roles, src.latest
    ('unvotes', ('votes', 'roll_calls', 'issues'), '2021-03-23')
    >>> get_source("ga").parts
    ('unvotes-2021', 'unxml-ga', 'curated')
    >>> get_source("gaa")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `source` 'gaa' is not a known source; known sources: ga, sc, ...
    """
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(REGISTRY)
        msg = f"`source` {name!r} is not a known source; known sources: {known}. A file path is accepted too."
        raise ParameterError(msg) from None


# ---------------------------------------------------------------- cache and config


def cache_dir(*, create: bool = True) -> Path:
    """The cache folder: ``UNVOTES_CACHE`` or the platform's user cache folder.

    Parameters
    ----------
    create : bool, default True
        Create the folder if needed and check that a file can be written in it.

    Returns
    -------
    Path
        The folder (it may not exist when ``create`` is False).

    Raises
    ------
    CacheError
        (``CacheUnwritableError``, also a ``PermissionError``) If the folder cannot be
        created or written to.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> os.environ["UNVOTES_CACHE"] = str(tmp / "cache")
    >>> cache_dir(create=False) == tmp / "cache", (tmp / "cache").exists()
    (True, False)
    >>> cache_dir().is_dir()
    True
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    env = os.environ.get("UNVOTES_CACHE")
    if env:
        path = Path(env)
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir("unvotes"))
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-"):
                pass
        except OSError as err:
            msg = (
                f"The cache folder {str(path)!r} is not writable ({err.strerror or err}). "
                "Set the environment variable UNVOTES_CACHE to a folder you can write to."
            )
            raise CacheUnwritableError(msg) from err
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a reader sees the
    old file or the new one, never half of one. The file gets the usual permissions.

    Parameters
    ----------
    path : Path
        The file to write (replaced if it exists); its folder is created if needed.
    data : bytes

    Returns
    -------
    None

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(d / "sub" / "a.json", b'{"a": 1}')
    >>> atomic_write_bytes(d / "sub" / "a.json", b'{"a": 2}')
    >>> (d / "sub" / "a.json").read_bytes(), [f.name for f in (d / "sub").iterdir()]
    (b'{"a": 2}', ['a.json'])
    >>> shutil.rmtree(d)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _config_path() -> Path:
    return cache_dir(create=False) / "config.json"


def _read_json_object(path: Path) -> dict:
    """A settings file's JSON object; anything else is ignored with one warning."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):  # none yet, or no cache folder at all
        return {}
    except (OSError, ValueError) as err:
        _warn(f"Ignoring {path}: not readable JSON ({err}).", RuntimeWarning)
        return {}
    if not isinstance(value, dict):
        _warn(
            f"Ignoring {path}: it holds a JSON {type(value).__name__}, not an object; delete it to "
            "silence this warning.",
            RuntimeWarning,
        )
        return {}
    return value


def _read_config() -> dict:
    return _read_json_object(_config_path())


#: The default source when none is configured.
DEFAULT_SOURCE = "ga"


def default_source() -> str:
    """The configured default source: ``UNVOTES_SOURCE``, then the saved default,
    then ``"ga"`` (the General Assembly's record 1946 to today).

    Returns
    -------
    str
        A registry name, or a file or folder path saved by :func:`set_default_source`.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> _ = os.environ.pop("UNVOTES_SOURCE", None)
    >>> default_source()  # nothing configured
    'ga'
    >>> os.environ["UNVOTES_SOURCE"] = "sc"
    >>> default_source()
    'sc'
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    env = os.environ.get("UNVOTES_SOURCE")
    if env:
        return env
    value = _read_config().get("default_source", DEFAULT_SOURCE)
    return value if isinstance(value, str) and value else DEFAULT_SOURCE


def set_default_source(name: str) -> None:
    """Save ``name`` (a registry name or a file path) as the default source.

    The command ``unvotes data default NAME`` loads the source first and refuses one that
    does not load; this function checks only that the name is known or the path exists.

    Parameters
    ----------
    name : str
        A registry name, or the path of a file or folder (saved as an absolute path).

    Returns
    -------
    None
        The choice is saved in ``config.json`` in :func:`cache_dir`.

    Raises
    ------
    ParameterError
        If ``name`` is neither a registry name nor an existing path.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> _ = os.environ.pop("UNVOTES_SOURCE", None)
    >>> set_default_source("unvotes-2021")
    >>> default_source(), (tmp / "config.json").read_text()
    ('unvotes-2021', '{\\n  "default_source": "unvotes-2021"\\n}')
    >>> set_default_source("no-such-source")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `source` 'no-such-source' is not a known source; ...
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    if name not in REGISTRY and not Path(name).exists():
        get_source(name)  # raises with the list of known names
    if name not in REGISTRY:
        name = str(Path(name).resolve())
    config = _read_config() | {"default_source": name}
    atomic_write_bytes(cache_dir() / "config.json", json.dumps(config, indent=2).encode())


# ---------------------------------------------------------------- hashing


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: Size of the hash memo above which entries of files that no longer exist are dropped.
_MEMO_LIMIT = 2000


def _memo_key(path: Path, stat: os.stat_result) -> str:
    # ctime and inode cannot be set by `touch -r`: an edit that keeps size and mtime is seen.
    return f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}|{stat.st_ino}"


def file_sha256s(paths) -> dict[str, str]:
    """sha256 of several files (str(path) -> hex digest), with one read of the hash memo.

    Hashes are remembered by (path, size, mtime, ctime, inode), so a warm load does not
    rehash, and an edit that keeps the size and the modification time (``touch -r``) is
    still seen (the change time and maybe the inode differ).

    Parameters
    ----------
    paths : iterable of path-like

    Returns
    -------
    dict of str to str
        ``str(path)`` as given -> sha256 as 64 hex digits.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> _ = (tmp / "a.txt").write_bytes(b"abc")
    >>> _ = (tmp / "b.txt").write_bytes(b"")
    >>> shas = file_sha256s([tmp / "a.txt", tmp / "b.txt"])
    >>> [digest[:12] for digest in shas.values()]
    ['ba7816bf8f01', 'e3b0c44298fc']
    >>> (tmp / "hashes.json").exists()  # the memo, in the cache folder
    True
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    resolved = [(str(p), Path(p).resolve()) for p in paths]
    keys = {}
    for given, path in resolved:
        keys[given] = (path, _memo_key(path, path.stat()))
    try:
        index_path = cache_dir(create=False) / "hashes.json"
        index = _read_json_object(index_path) if index_path.exists() else {}
    except OSError:
        index_path, index = None, {}
    out, changed = {}, False
    for given, (path, key) in keys.items():
        digest = index.get(key)
        if not isinstance(digest, str):
            digest = _sha256_of(path)
            index = {k: v for k, v in index.items() if not k.startswith(f"{path}|")}
            index[key] = digest
            changed = True
        out[given] = digest
    if changed and index_path is not None:
        if len(index) > _MEMO_LIMIT:  # forget files that are gone (temporary copies, old versions)
            index = {k: v for k, v in index.items() if os.path.exists(k.split("|", 1)[0])}
        with contextlib.suppress(OSError):
            cache_dir()
            atomic_write_bytes(index_path, json.dumps(index, indent=0).encode())
    return out


def file_sha256(path: str | os.PathLike) -> str:
    """sha256 of a file, remembered by (path, size, mtime, ctime, inode) so a warm load does
    not rehash (see :func:`file_sha256s`).

    Parameters
    ----------
    path : path-like

    Returns
    -------
    str
        The sha256 as 64 hex digits.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> p = tmp / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    return file_sha256s([path])[str(path)]


def check_known_hashes(src: Source, shas: dict[str, str]) -> None:
    """Warn when a file the registry knows by name has another sha256 than registered.

    The file is still used (a copy with CRLF line endings, say, reads the same); the
    warning gives both hashes so the user can tell which copy a result came from.

    Parameters
    ----------
    src : Source
    shas : dict of str to str
        File path -> sha256, as :func:`file_sha256s` returns; files the registry does not
        know by name are ignored.

    Returns
    -------
    None

    Warns
    -----
    UserWarning
        One per file whose sha256 differs from the registered one, giving both.

    Examples
    --------
    >>> import warnings
    >>> src = get_source("voeten-ideal-points")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     check_known_hashes(src, {"ref/IdealpointestimatesAll_Apr2020.csv": "0" * 64,
    ...                              "ref/other.csv": "0" * 64})
    >>> [str(w.message)[:75] for w in caught]
    ['ref/IdealpointestimatesAll_Apr2020.csv is not the registered copy of voeten']
    """
    known = src.known_hashes()
    for given, digest in shas.items():
        name = Path(given).name
        if name in known and known[name] != digest:
            _warn(
                f"{given} is not the registered copy of {src.name} {name}: its sha256 is {digest}, "
                f"the registry's is {known[name]}. It is used all the same (a copy with other line "
                "endings, say); the provenance records the sha256 of the file read.",
                UserWarning,
            )


# ---------------------------------------------------------------- locating files


@dataclass(frozen=True)
class Located:
    """The raw files of one source version, ready for a reader.

    Attributes
    ----------
    source : Source
    version : str or None
    files : dict
        Role -> Path (for a series: file stem -> Path).
    origin : str
        Where they were found: "path", "mirror", "cache", "download" or "package"
        ("splice" for a spliced source, whose files are in ``parts``).
    parts : tuple of Located
        For a spliced source: each part, in order of precedence.
    """

    source: Source
    version: str | None
    files: dict[str, Path]
    origin: str
    parts: tuple[Located, ...] = ()

    def leaves(self) -> tuple[Located, ...]:
        """The sources actually read: the parts of a spliced source, else this one."""
        return tuple(leaf for part in self.parts for leaf in part.leaves()) if self.parts else (self,)

    def all_files(self) -> list[Path]:
        """Every raw file read, the parts' included."""
        return [f for leaf in self.leaves() for f in leaf.files.values()]


def _match_role(source: Source, role: str, name: str) -> bool:
    return re.search(source.patterns[role], name, flags=re.IGNORECASE) is not None


def _version_of(source: Source, file_name: str) -> str:
    stem = re.sub(r"\.csv(\.gz)?$|\.ya?ml$", "", file_name, flags=re.IGNORECASE)
    if source.name == "unvotes-2021":
        return source.latest or stem
    if source.name == "voeten-ideal-points":
        return stem.split("_")[-1]
    return stem


def _retrieved(files) -> str:
    """Version of a series copy: the day (UTC) its newest file was retrieved (written)."""
    newest = max(Path(f).stat().st_mtime for f in files)
    return dt.datetime.fromtimestamp(newest, tz=dt.UTC).strftime("%Y-%m-%d")


def _date_key(name: str) -> tuple:
    """Sort key that orders UN DHL file names by their publication date."""
    m = re.match(r"(\d{4})_(\d{1,2})_(\d{1,2})", name)
    return (tuple(int(x) for x in m.groups()), name) if m else ((0, 0, 0), name)


def _series_key(stem: str) -> tuple:
    """Sessions and years in numeric order, then special sessions (ES-10, ES-11, S-32)."""
    m = re.fullmatch(r"([A-Z]*)-?(\d+)", stem)
    return (m.group(1), int(m.group(2))) if m else (stem, 0)


def _names_in(folder: Path) -> list[str]:
    """Plain, visible files in ``folder`` (not recursive; no special files)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        (e.name for e in entries if not e.name.startswith(".") and e.is_file(follow_symlinks=True)),
        key=_date_key,
    )


def _both_forms(a: str, b: str) -> DataFileError:
    plain, gz = sorted([a, b], key=len)
    return DataFileError(
        f"Both {plain} and {gz} are in the folder and it is not clear which to read; remove one "
        "(they may differ)."
    )


def _find_in_folder(
    source: Source, folder: Path, version: str | None, *, any_name: bool = False
) -> dict[str, Path] | None:
    """The source's files in ``folder``; ``any_name`` accepts any .csv/.csv.gz name for a
    one-file source (the cache folder of imports, where the user's file name is kept)."""
    if not folder.is_dir():
        return None
    names = _names_in(folder)
    if source.series is not None:
        stems = [n[: -len(source.series.suffix)] for n in names if re.search(source.series.pattern, n)]
        if not any(s in source.series.names for s in stems):
            return None
        return {s: folder / f"{s}{source.series.suffix}" for s in sorted(stems, key=_series_key)}
    found: dict[str, Path] = {}
    for role in source.roles:
        if any_name and len(source.roles) == 1:
            candidates = [n for n in names if re.search(r"\.csv(\.gz)?$", n, flags=re.IGNORECASE)]
        else:
            candidates = [n for n in names if _match_role(source, role, n)]
        if version and len(source.roles) == 1:
            candidates = [n for n in candidates if _version_of(source, n) == version or n.startswith(version)]
        if not candidates:
            return None
        chosen = candidates[-1]  # newest version last
        other = chosen[:-3] if chosen.lower().endswith(".gz") else chosen + ".gz"
        if other in candidates and _contents_differ(folder / chosen, folder / other):
            raise _both_forms(chosen, other)
        found[role] = folder / chosen
    return found


def _contents_differ(a: Path, b: Path) -> bool:
    """True unless the two files (one gzipped) hold the same bytes once decompressed."""
    import gzip

    def content(path: Path) -> bytes:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        try:
            with opener(path, "rb") as fh:
                return fh.read()
        except (OSError, EOFError) as err:
            return repr(err).encode()

    return content(a) != content(b)


@functools.cache
def _package_version() -> str:
    """The curated records ship with the package: their version is the package's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unvotes")
    except PackageNotFoundError:  # pragma: no cover - a source tree without installation
        return "unreleased"


def _curated_folder() -> Path:
    return Path(str(resources.files("unvotes_lib.data") / "curated"))


def _candidate_folders(src: Source, folder: Path) -> list[Path]:
    """A folder, or its subfolder named as the source (a mirror with one folder per source)."""
    subs = [folder / name for name in MIRROR_FOLDERS.get(src.name, (src.name,))]
    return [*subs, folder]


def _located(src: Source, version: str | None, found: dict[str, Path], origin: str) -> Located:
    """A Located for files found; ``version`` must be theirs (an error lists what is at hand)."""
    if src.known_hashes():
        check_known_hashes(src, file_sha256s(found.values()))
    first = next(iter(found.values()))
    have = _retrieved(found.values()) if src.series is not None else _version_of(src, first.name)
    if version and version != have and not (len(src.roles) == 1 and first.name.startswith(version)):
        listed = ", ".join(dict.fromkeys([have, *src.versions]))
        msg = (
            f"`version` {version!r} of source {src.name!r} is not at hand; versions it has: {listed}. "
            "Leave out `version` to use the one found."
        )
        raise ParameterError(msg)
    return Located(src, have, found, origin)


def locate(
    source: str | Source,
    *,
    version: str | None = None,
    path: str | os.PathLike | None = None,
    download: bool = True,
) -> Located:
    """Find (or download) the raw files of a source.

    Parameters
    ----------
    source : str or Source
        Registry name.
    version : str, optional
        A version the registry lists, or the stem of a file name you imported
        (``"2025_03_31_ga_voting_corr1"``), or the retrieval date of a series;
        default: the newest found. A version that is not at hand is an error listing
        those that are.
    path : path-like, optional
        A folder holding the files (or one subfolder per source), or a single file;
        nothing else is searched.
    download : bool
        If False, never use the network.

    Returns
    -------
    Located

    Raises
    ------
    SourceUnavailableError
        (``SourceNotFoundError``, also a ``FileNotFoundError``) If the files are not found
        and cannot be downloaded; the message says how to get them by hand.
    ParameterError
        Unknown source, a version that is not at hand, a symbolic link that loops.
    DataFileError
        Both ``X.csv`` and ``X.csv.gz`` in the folder with different contents.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("unvotes.csv", "roll_calls.csv", "issues.csv"):
    ...     _ = (d / name).write_text("rcid\\n1\\n")
    >>> found = locate("unvotes-2021", path=d, download=False)
    >>> found.version, found.origin, {role: f.name for role, f in found.files.items()}
    ('2021-03-23', 'path', {'votes': 'unvotes.csv', 'roll_calls': 'roll_calls.csv', 'issues': 'issues.csv'})
    >>> locate("unxml-sc", path=d, download=False)
    Traceback (most recent call last):
    ...
    unvotes_lib.sources.SourceNotFoundError: No files of source 'unxml-sc' in '...': expected ...2000.json...
    >>> shutil.rmtree(d)
    """
    src = get_source(source) if isinstance(source, str) else source
    if src.parts:
        if version is not None:
            msg = (
                f"`version` {version!r}: source {src.name!r} is spliced from {', '.join(src.parts)}; "
                "load a part by name to choose its version."
            )
            raise ParameterError(msg)
        parts = tuple(locate(name, path=path, download=download) for name in src.parts)
        return Located(src, None, {}, "splice", parts)
    if src.name == "curated" and path is not None and Path(path).is_dir():
        # A folder of records, or a data folder with a curated/ subfolder; else the package's.
        for folder in (Path(path) / "curated", Path(path)):
            files = [folder / n for n in _names_in(folder) if re.search(r"\.ya?ml$", n, flags=re.IGNORECASE)]
            if files:
                return Located(
                    src, version or _package_version(), {f"records:{f.name}": f for f in files}, "path"
                )
        path = None
    if src.name == "curated" and path is None:
        # The package's records, then those imported with `unvotes data import FILE --source curated`.
        files = sorted(_curated_folder().glob("*.yaml"))
        imported = cache_dir(create=False) / "files" / "curated"
        files += [imported / n for n in _names_in(imported) if re.search(r"\.ya?ml$", n, flags=re.IGNORECASE)]
        origin = "package" if all(f.parent == _curated_folder() for f in files) else "package+cache"
        return Located(src, version or _package_version(), {f"records:{p.name}": p for p in files}, origin)
    if path is not None:
        p = _checked_path(path, "path")
        if p.is_file():
            if src.series is not None:  # one session or year
                return _located(src, version, {p.name[: -len(src.series.suffix)]: p}, "path")
            if len(src.roles) != 1:  # one table of several: the folder holds the others
                return locate(src, version=version, path=p.parent, download=False)
            return _located(src, version, {src.roles[0]: p}, "path")
        for folder in _candidate_folders(src, p):
            found = _find_in_folder(src, folder, version)
            if found:
                return _located(src, version, found, "path")
        raise SourceNotFoundError(_missing_message(src, p, version))
    mirror = os.environ.get("UNVOTES_DATA_DIR")
    if mirror:
        for folder in _candidate_folders(src, Path(mirror)):
            found = _find_in_folder(src, folder, version)
            if found:
                return _located(src, version, found, "mirror")
    stored = cache_dir(create=False) / "files" / src.name
    found = _find_in_folder(src, stored, version, any_name=True)
    if found:
        return _located(src, version, found, "cache")
    if not download:
        raise SourceNotFoundError(_missing_message(src, stored, version))
    return fetch(src, version=version)


#: A stand-in source for a lone file whose format the readers must sniff (see :func:`resolve`).
FILE_SOURCE = Source("file", "a file whose format is detected from its content", "auto", ("file",), {})


def _marcxml_source(where: str) -> Source:
    return Source(
        "marcxml",
        "UN Digital Library voting record",
        "marcxml",
        ("votes",),
        {"votes": r"\.xml$"},
        landing=where if where.startswith("http") else "",
        licence="UN Digital Library terms of use",
        citation=f"UN Digital Library voting record {where}",
    )


def resolve(
    source: str | os.PathLike | None = None,
    *,
    path: str | os.PathLike | None = None,
    version: str | None = None,
) -> Located:
    """What :func:`unvotes_lib.load` reads: the first of its three steps (then read, then wrap).

    Parameters
    ----------
    source : str or path-like, optional
        A registry name, a file or folder, or the URL of a MARCXML record. Default: ``path``
        if that is a file, else :func:`default_source`.
    path, version
        As for :func:`locate`.

    Returns
    -------
    Located
        For a lone file of unknown format, ``source`` is :data:`FILE_SOURCE` (reader
        ``"auto"``): the readers sniff it, then :func:`for_format` names its source.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("unvotes.csv", "roll_calls.csv", "issues.csv"):
    ...     _ = (d / name).write_text("rcid\\n1\\n")
    >>> found = resolve(d)  # a folder of unvotes CSVs
    >>> found.source.name, found.origin, found.files["roll_calls"].name
    ('unvotes-2021', 'path', 'roll_calls.csv')
    >>> lone = resolve(d / "issues.csv")  # a lone file: its format is read later
    >>> lone.source.name, lone.source.reader, lone.files
    ('file', 'auto', {'file': PosixPath('.../issues.csv')})
    >>> shutil.rmtree(d)
    """
    if source is None:
        if path is not None and Path(path).is_file():
            source, path = path, None
        else:
            source = default_source()
    source = str(source)
    if re.match(r"https?://", source):
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", source.split("://", 1)[1])[:120]
        if not name.endswith(".xml"):
            name += ".xml"
        folder = cache_dir() / "files" / "marcxml"
        got = download_file(
            source,
            folder,
            name,
            hint="Download the record by hand (in a browser, /export/xm) and pass the file path.",
        )
        return Located(_marcxml_source(source), None, {"votes": got}, "download")
    if source in REGISTRY:
        return locate(source, version=version, path=path)
    p = _checked_path(source, "source")
    if p.is_dir() and any((p / name).is_dir() for name in REGISTRY):
        # A data folder with one subfolder per source: the default source from it.
        default = default_source()
        return locate(default if default in REGISTRY else DEFAULT_SOURCE, path=p, version=version)
    if p.is_dir():
        for name in ("unvotes-2021", *(n for n in REGISTRY if REGISTRY[n].series)):
            with contextlib.suppress(FileNotFoundError):
                return locate(name, path=p, version=version, download=False)
        msg = f"{str(p)!r} holds no files of a known source (unvotes CSVs, or unxml session/year JSON files)."
        raise SourceNotFoundError(msg)
    if p.is_file():
        return Located(FILE_SOURCE, version, {"file": p}, "path")
    if p.exists():
        msg = f"{str(p)!r} is neither a regular file nor a folder."
        raise ParameterError(msg)
    if os.sep in source or "/" in source or re.search(r"\.(csv|gz|json|jsonl|xml|ya?ml)$", source, re.I):
        msg = f"`source` {source!r}: no such file or folder (nor a registry name: {', '.join(REGISTRY)})."
        raise SourceNotFoundError(msg)
    get_source(source)  # raises: unknown name, lists the known ones
    raise AssertionError  # pragma: no cover


def _checked_path(value: str | os.PathLike, param: str) -> Path:
    """``value`` as a Path; a symbolic link that loops or points at nothing is a
    :class:`ParameterError` saying so (not "unknown source" or "no files").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> loop = pathlib.Path(tempfile.mkdtemp()) / "loop"
    >>> loop.symlink_to(loop)
    >>> _checked_path(loop, "path")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `path` '...loop' is a symbolic link that loops back on itself; ...
    """
    p = Path(value)
    if os.path.lexists(p) and not p.exists():
        try:
            os.stat(p)
            why = "cannot be read"
        except OSError as err:
            if err.errno == errno.ELOOP:
                why = "is a symbolic link that loops back on itself"
            else:
                why = f"is a symbolic link to {os.readlink(p)!r}, which {err.strerror.lower()}"
        msg = f"`{param}` {str(p)!r} {why}; point it at a data file or folder."
        raise ParameterError(msg)
    return p


#: Formats that are data but not votes, and how to read them instead.
NOT_VOTES = {
    "bsv-ideal": (
        "the Bailey-Strezhnev-Voeten ideal-point estimates (one row per country and session), "
        "not votes; read it with unvotes_lib.read_bsv_ideal_points(path)"
    ),
    "unvotes-roll_calls": (
        "the roll_calls table of the unvotes CSVs; pass the folder that holds unvotes.csv, "
        "roll_calls.csv and issues.csv"
    ),
    "unvotes-issues": (
        "the issues table of the unvotes CSVs; pass the folder that holds unvotes.csv, "
        "roll_calls.csv and issues.csv"
    ),
    "unvotes": (
        "the votes table of the unvotes CSVs; pass the folder that holds unvotes.csv, "
        "roll_calls.csv and issues.csv"
    ),
}


def for_format(located: Located, fmt: str) -> Located:
    """The registry source of a lone file once the readers have named its format ``fmt``.

    Parameters
    ----------
    located : Located
        What :func:`resolve` returned for a lone file (exactly one file).
    fmt : str
        Its format, as :func:`unvotes_lib.readers.sniff` names it.

    Returns
    -------
    Located
        The file under the registry source that reads ``fmt``, ``origin`` ``"path"``; its
        version from the file name (a series file: the day it was written); a MARCXML
        record gets a source of its own.

    Raises
    ------
    DataFileError
        For a file that is data but not one the store loads alone (:data:`NOT_VOTES`):
        the message says what it is and how to read it.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> f = d / "2025_03_31_ga_voting_corr1.csv"
    >>> _ = f.write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n")
    >>> got = for_format(resolve(f), "undl-ga")
    >>> got.source.name, got.version, list(got.files)
    ('undl-ga', '2025_03_31_ga_voting_corr1', ['votes'])
    >>> for_format(resolve(f), "bsv-ideal")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: 2025_03_31_ga_voting_corr1.csv is the Bailey-Strezhnev-Voeten ...
    >>> shutil.rmtree(d)
    """
    (file,) = located.files.values()
    if fmt in NOT_VOTES:
        msg = f"{file.name} is {NOT_VOTES[fmt]}."
        raise DataFileError(msg)
    if fmt == "marcxml":
        return Located(_marcxml_source(file.name), located.version, {"votes": file}, "path")
    if fmt == "curated":
        return Located(get_source("curated"), located.version, {"records": file}, "path")
    for src in REGISTRY.values():
        if src.reader == fmt and not src.parts:
            if src.series is not None:
                return Located(src, _retrieved([file]), {file.stem: file}, "path")
            return Located(src, located.version or _version_of(src, file.name), {src.roles[0]: file}, "path")
    msg = f"{file.name}: no source of the registry reads the format {fmt!r}."
    raise DataFileError(msg)


def _missing_message(src: Source, folder: Path, version: str | None) -> str:
    want = ", ".join(f"{role} (matching {src.patterns[role]!r})" for role in src.roles)
    if src.series is not None:
        want = f"files named like {', '.join(n + src.series.suffix for n in src.series.names[:3])}, ..."
    ver = f" version {version!r}" if version else ""
    return f"No files of source {src.name!r}{ver} in {str(folder)!r}: expected {want}. {_by_hand(src)}"


def _by_hand(src: Source, url: str | None = None) -> str:
    if src.series is not None:
        return (
            f"Download them with `unvotes data update {src.name}`, or by hand from {src.landing}, "
            f"into a folder {src.name}/ under UNVOTES_DATA_DIR."
        )
    where = url or src.landing
    return (
        f"Download the file by hand from {where} (in a browser), then run "
        f"`unvotes data import FILE --source {src.name}` or pass path=FILE to unvotes_lib.load."
    )


def _base_url(src: Source, base_url: str | None) -> str:
    env = os.environ.get("UNVOTES_URL_" + re.sub(r"\W", "_", src.name).upper())
    url = base_url or env or src.series.base_url
    return url if url.endswith("/") else url + "/"


def fetch(source: str | Source, *, version: str | None = None, base_url: str | None = None) -> Located:
    """Download the files of a source version into the cache (if not there yet).

    Uses :mod:`pooch` with a progress bar on stderr; checks sha256 where the
    registry knows it and records the computed one where it does not. For a series,
    downloads the known files missing from the cache (see :func:`update` to refresh).

    Parameters
    ----------
    source : str or Source
        A registry name.
    version : str, optional
        A version the registry lists; default: the newest. For a series, the retrieval
        date the files at hand must have.
    base_url : str, optional
        For a series: the folder URL to download from instead of the registry's.

    Returns
    -------
    Located
        The files in the cache folder ``files/<source>``, ``origin`` ``"download"`` (for a
        spliced source: :func:`locate` of its parts).

    Raises
    ------
    SourceNotFoundError
        (a ``SourceUnavailableError``) If the source has no download URL (the message says
        how to get it by hand).
    DownloadError
        (a ``SourceUnavailableError`` and ``ConnectionError``) If a download fails or is
        refused; names the URL and how to download by hand.
    DataFileError
        If a downloaded file does not match its known sha256 (the file is removed).

    Examples
    --------
    A source that scripts may not download fails at once, and files already in the cache
    are not downloaded again (neither needs the network):

    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> fetch("undl-sc")
    Traceback (most recent call last):
    ...
    unvotes_lib.sources.SourceNotFoundError: Source 'undl-sc' version None has no download URL ...
    >>> folder = tmp / "files" / "unvotes-2021"
    >>> folder.mkdir(parents=True)
    >>> for name in ("unvotes.csv", "roll_calls.csv", "issues.csv"):
    ...     _ = (folder / name).write_text("rcid\\n1\\n")
    >>> got = fetch("unvotes-2021")
    >>> got.version, got.origin, got.files["votes"] == folder / "unvotes.csv"
    ('2021-03-23', 'download', True)
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    src = get_source(source) if isinstance(source, str) else source
    if src.parts:
        return locate(src)
    if src.series is not None:
        folder = cache_dir() / "files" / src.name
        report = update(src, base_url=base_url, probe=False, only_missing=True)
        failed = [u for u in report if u.status == "failed"]
        found = _find_in_folder(src, folder, None)
        if failed or not found:
            why = "; ".join(u.message for u in failed) or f"nothing downloaded into {folder}"
            msg = f"Could not fetch {src.name}: {why}"
            raise DownloadError(msg)
        return _located(src, version, found, "download")
    version = version or src.latest
    remote = src.versions.get(version) if version else None
    if not remote or any(f.url is None for f in remote):
        known = ", ".join(src.versions) or "none known"
        msg = (
            f"Source {src.name!r} version {version!r} has no download URL (versions in the "
            f"registry: {known}). {_by_hand(src)}"
        )
        raise SourceNotFoundError(msg)
    folder = cache_dir() / "files" / src.name
    files: dict[str, Path] = {}
    for role, rf in zip(src.roles, remote, strict=True):
        files[role] = download_file(
            rf.url,
            folder,
            rf.name,
            known_hash=rf.sha256,
            hint=_by_hand(src, src.landing if src.browser_only else rf.url),
        )
    return Located(src, version, files, "download")


@dataclass(frozen=True)
class FileUpdate:
    """What :func:`update` did with one file.

    Attributes
    ----------
    name : str
        File name (``"80.json"``).
    status : str
        "new", "changed", "unchanged", "not yet" (a probed next file answered 404),
        "kept" (the new copy failed its check; the old one stays) or "failed" (download
        failed and there was no old copy).
    old_sha256, new_sha256 : str or None
    message : str
        Why a file was kept or failed.
    """

    name: str
    status: str
    old_sha256: str | None = None
    new_sha256: str | None = None
    message: str = ""


def _clean_stale(folder: Path, prefix: str, max_age: float = 3600) -> None:
    """Remove temporary folders left by a killed process more than ``max_age`` seconds ago."""
    now = time.time()
    for entry in folder.glob(f"{prefix}*") if folder.is_dir() else []:
        with contextlib.suppress(OSError):
            if now - entry.stat().st_mtime > max_age:
                shutil.rmtree(entry, ignore_errors=True)


def update(
    source: str | Source,
    *,
    base_url: str | None = None,
    probe: bool = True,
    only_missing: bool = False,
    validate: Callable[[Path], None] | None = None,
) -> list[FileUpdate]:
    """Download a source's files again, keeping each old copy until the new one checks out.

    Every file goes first into a staging folder; a file that fails to download (404, cut
    short, a web page) or fails ``validate`` leaves the old copy in place; a good one
    replaces the old copy with one rename. For a series, the file after the last session or
    year is probed too (HTTP 404: not published yet) and, if found, the one after it.

    Parameters
    ----------
    source : str or Source
        A downloadable registry name (``unxml-ga``, ``unxml-sc``, ``unvotes-2021``).
    base_url : str, optional
        Folder URL of a series instead of the registry's (``UNVOTES_URL_<NAME>`` also works).
    probe : bool
        Look for the next session or year.
    only_missing : bool
        Download only files not in the cache yet (what :func:`fetch` does).
    validate : callable, optional
        Called with the path of each downloaded file; raises (``ValueError``) if the file
        does not parse. :func:`unvotes_lib.store.update` passes the source's reader.

    Returns
    -------
    list of FileUpdate
        One per file tried, in order.

    Raises
    ------
    SourceNotFoundError
        If the source cannot be downloaded by a script (no URL in the registry).

    Examples
    --------
    A release of the registry (``unvotes-2021``) is fixed: copies already in the cache are
    kept as they are, without a download:

    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> folder = tmp / "files" / "unvotes-2021"
    >>> folder.mkdir(parents=True)
    >>> for name in ("unvotes.csv", "roll_calls.csv", "issues.csv"):
    ...     _ = (folder / name).write_text("rcid\\n1\\n")
    >>> [(u.name, u.status) for u in update("unvotes-2021")]
    [('unvotes.csv', 'unchanged'), ('roll_calls.csv', 'unchanged'), ('issues.csv', 'unchanged')]
    >>> update("voeten-ideal-points")
    Traceback (most recent call last):
    ...
    unvotes_lib.sources.SourceNotFoundError: Source 'voeten-ideal-points' cannot be downloaded by a script...
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    src = get_source(source) if isinstance(source, str) else source
    if src.parts:  # the parts the publisher changes in place
        return [
            u
            for name in src.parts
            if get_source(name).series is not None
            for u in update(
                name, base_url=base_url, probe=probe, only_missing=only_missing, validate=validate
            )
        ]
    folder = cache_dir() / "files" / src.name
    if src.series is not None:
        url = _base_url(src, base_url)
        present = [
            n[: -len(src.series.suffix)] for n in _names_in(folder) if re.search(src.series.pattern, n)
        ]
        stems = sorted(set(src.series.names) | set(present), key=_series_key)
        # The newest registered session or year may not be published yet (a new calendar year
        # for the Council): a 404 for it, with no copy at hand, is "not yet" as for a probe.
        newest = max((x for x in src.series.names if x.isdigit()), key=int, default=None)
        wanted = [
            (x + src.series.suffix, url + x + src.series.suffix, "probe" if x == newest else None)
            for x in stems
        ]
    else:
        remote = src.versions.get(src.latest) if src.latest else None
        if not remote or any(f.url is None for f in remote):
            msg = f"Source {src.name!r} cannot be downloaded by a script. {_by_hand(src)}"
            raise SourceNotFoundError(msg)
        wanted = [(rf.name, rf.url, rf.sha256) for rf in remote]
        only_missing = True  # a registry version is a fixed release: a copy at hand is it
    folder.mkdir(parents=True, exist_ok=True)
    _clean_stale(folder.parent, f".update-{src.name}-")
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".update-{src.name}-"))
    report: list[FileUpdate] = []
    try:
        for name, file_url, known in wanted:
            report.append(_update_one(folder, staging, name, file_url, known, only_missing, validate, src))
        if probe and src.series is not None and not any(u.status == "not yet" for u in report):
            tried = [u.name[: -len(src.series.suffix)] for u in report]
            for _ in range(20):  # a bound, should a server answer every name
                stem = src.series.next_name(tried)
                tried.append(stem)
                name = stem + src.series.suffix
                got = _update_one(folder, staging, name, url + name, "probe", only_missing, validate, src)
                report.append(got)
                if got.status not in ("new", "changed", "unchanged"):
                    break
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _update_one(folder, staging, name, url, known, only_missing, validate, src) -> FileUpdate:
    target = folder / name
    old = _sha256_of(target) if target.exists() else None
    if only_missing and old is not None:
        return FileUpdate(name, "unchanged", old, old)
    is_probe = known == "probe"  # may answer 404: not published yet
    try:
        got = download_file(
            url, staging, name, known_hash=None if is_probe else known, hint=_by_hand(src), memo=False
        )
    except DownloadError as err:
        if is_probe and err.status == 404 and old is None:
            return FileUpdate(name, "not yet", old, None, f"{url} answered 404: not published yet")
        return FileUpdate(name, "kept" if old else "failed", old, None, str(err))
    except ValueError as err:
        return FileUpdate(name, "kept" if old else "failed", old, None, str(err))
    new = _sha256_of(got)
    if validate is not None:
        try:
            validate(got)
        except (ValueError, OSError) as err:
            why = f"{name}: the downloaded copy does not read ({err})"
            return FileUpdate(name, "kept" if old else "failed", old, new, why)
    if new == old:
        return FileUpdate(name, "unchanged", old, new)
    os.replace(got, target)
    return FileUpdate(name, "changed" if old else "new", old, new)


def download_file(
    url: str,
    folder: Path,
    name: str,
    *,
    known_hash: str | None = None,
    hint: str = "",
    memo: bool = True,
) -> Path:
    """Download ``url`` to ``folder/name`` atomically, with a progress bar.

    Nothing is left in ``folder`` if the download fails, is truncated, is an HTML
    page instead of data, or does not match ``known_hash``.

    Parameters
    ----------
    url : str
    folder : Path
        Where the file goes (created if needed).
    name : str
        The file's name in ``folder``.
    known_hash : str, optional
        The expected sha256 (64 hex digits). A file already at ``folder/name`` is kept when
        this is not given or matches it; otherwise it is downloaded again.
    hint : str
        Appended to error messages: how to get the file by hand.
    memo : bool, default True
        Record the sha256 of the downloaded file in the hash memo (:func:`file_sha256`).

    Returns
    -------
    Path
        ``folder / name``.

    Raises
    ------
    DownloadError
        (a ``ConnectionError``) naming the URL, the HTTP status if any, and ``hint``.
    ValueError
        If the file does not match ``known_hash`` (nothing is kept).

    Examples
    --------
    A file already in ``folder`` with the expected sha256 is returned without a download:

    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> _ = (tmp / "a.csv").write_bytes(b"abc")
    >>> sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    >>> download_file("https://example.org/a.csv", tmp, "a.csv", known_hash=sha) == tmp / "a.csv"
    True
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    import pooch
    import requests

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and (known_hash is None or file_sha256(target) == known_hash):
        return target
    downloader = pooch.HTTPDownloader(progressbar=True, timeout=60)
    try:
        out = pooch.retrieve(
            url,
            known_hash=f"sha256:{known_hash}" if known_hash else None,
            fname=name,
            path=folder,
            downloader=downloader,
        )
    except requests.exceptions.HTTPError as err:
        status = err.response.status_code if err.response is not None else None
        msg = f"Download of {url} failed with HTTP status {status or '?'}. {hint}"
        raise DownloadError(msg, status=status) from err
    except (requests.exceptions.RequestException, OSError) as err:
        if isinstance(err, PermissionError):
            raise
        msg = f"Download of {url} failed or was cut short ({type(err).__name__}: {err}). {hint}"
        raise DownloadError(msg) from err
    except ValueError as err:  # pooch: hash mismatch, the file is already removed
        msg = f"Download of {url} does not match its known sha256: {err} Nothing was kept. {hint}"
        raise DataFileError(msg) from err
    out = Path(out)
    with open(out, "rb") as fh:
        head = fh.read(512).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        out.unlink()
        msg = (
            f"Download of {url} returned a web page, not data (the server refuses scripted downloads). {hint}"
        )
        raise DownloadError(msg)
    if memo:
        file_sha256(out)  # record the hash of what arrived
    return out


def _split_name(name: str) -> tuple[str, str]:
    m = re.match(r"(.+?)((?:\.[A-Za-z0-9]{1,5})*)$", name)
    return (m.group(1), m.group(2)) if m else (name, "")


def import_file(
    file: str | os.PathLike,
    *,
    source: str = "undl-ga",
    default: bool = False,
    validate: Callable[[Path], None],
) -> Path:
    """Copy a file you downloaded by hand into the cache as a version of ``source``.

    A transaction: the file is checked first, and nothing is written if the check fails;
    the copy is atomic; ``default`` is saved only after success. A good file already
    imported under the same name is never replaced: the same bytes are "already imported",
    other bytes are kept beside it as a new version (``<stem>_<sha256[:8]>``), with a warning.
    The version is the file name without extension. Curated YAML records imported with
    ``source="curated"`` are read by ``load("curated")`` beside the package's own.

    Parameters
    ----------
    file : path-like
    source : str
        A registry source made of one file (``undl-ga``, ``undl-sc``, ``curated``, ...).
    default : bool
        Also make ``source`` the default source.
    validate : callable
        Raises an :class:`~unvotes_lib.errors.UnvotesError` if the file does not read as the
        source's format. :func:`unvotes_lib.store.import_file` (``unvotes_lib.import_file``,
        ``unvotes data import``) passes :func:`unvotes_lib.store.import_check`, which parses
        the whole file with its reader, with every check of ``load``: reading is the store's
        and the readers' job, and the store imports this module.

    Returns
    -------
    Path
        The imported copy.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> _ = os.environ.pop("UNVOTES_DATA_DIR", None)
    >>> f = tmp / "2026_02_06_ga_voting.csv"
    >>> _ = f.write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n"
    ...                  "4025240,FRA,Y,2023-10-27,ES-10,A/RES/ES-10/21\\n")
    >>> from unvotes_lib.store import import_check
    >>> check = import_check("undl-ga")  # reads the whole file as load() would
    >>> got = import_file(f, source="undl-ga", validate=check)
    >>> got == tmp / "files" / "undl-ga" / f.name, import_file(f, source="undl-ga", validate=check) == got
    (True, True)
    >>> found = locate("undl-ga", download=False)
    >>> found.origin, found.version
    ('cache', '2026_02_06_ga_voting')
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    src = get_source(source)
    if src.parts or src.series is not None:
        msg = (
            f"`source` {source!r} is {'spliced from ' + ', '.join(src.parts) if src.parts else 'a series'}: "
            f"files are not imported into it; put them in a folder {src.name}/ under UNVOTES_DATA_DIR "
            "or run `unvotes data update`."
        )
        raise ParameterError(msg)
    file = Path(file)
    if not file.is_file():
        msg = f"Cannot import {str(file)!r}: no such file."
        raise SourceNotFoundError(msg)
    if len(src.roles) != 1 and not any(_match_role(src, r, file.name) for r in src.roles):
        msg = (
            f"Cannot tell which file of {src.name!r} {file.name!r} is; name it like "
            f"{[src.patterns[r] for r in src.roles]}."
        )
        raise ParameterError(msg)
    digest = _sha256_of(file)
    validate(file)
    folder = cache_dir() / "files" / src.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        msg = (
            f"Cannot import into {str(folder)!r} ({err.strerror or err}): a file may be in the way; "
            "move it, or set UNVOTES_CACHE to a folder you can write to."
        )
        raise CacheError(msg) from err
    target = folder / file.name
    stem, ext = _split_name(file.name)
    beside = folder / f"{stem}_{digest[:8]}{ext}"
    for existing in (target, beside):
        if existing.is_file() and _sha256_of(existing) == digest:
            return existing  # already imported: nothing to do
    if target.exists():
        target = beside
        _warn(
            f"A different {file.name} was imported before; it is kept, and this file is imported "
            f"beside it as {target.name} (version {stem}_{digest[:8]}).",
            UserWarning,
        )
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(file, tmp)
        if _sha256_of(Path(tmp)) != digest:  # the file changed after it was checked
            msg = f"{file} changed while it was being imported; nothing was imported. Import it again."
            raise DataFileError(msg)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if default:
        set_default_source(src.name)
    return target
