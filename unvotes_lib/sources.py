"""Known datasets, where their files come from, and the local cache.

A *source* is a named dataset (``unvotes-2021``, ``undl-ga``, ``undl-sc``,
``voeten-ideal-points``, ``curated``). :func:`locate` finds the raw files of a source
in this order, and the first that has them wins:

1. the ``path`` argument (a folder holding the files, or one file);
2. the local mirror folder named by the environment variable ``UNVOTES_DATA_DIR``;
3. files imported with :func:`import_file` or downloaded before, in the cache;
4. a download with :mod:`pooch` into the cache (with a progress bar, and a hash
   check where the registry knows the hash).

The cache lives in ``platformdirs.user_cache_dir("unvotes")`` unless
``UNVOTES_CACHE`` names another folder. The UN Digital Library refuses scripted
downloads; for its files the error explains how to download by hand and import.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs

__all__ = [
    "REGISTRY",
    "Located",
    "RemoteFile",
    "Source",
    "cache_dir",
    "default_source",
    "fetch",
    "file_sha256",
    "get_source",
    "import_file",
    "locate",
    "set_default_source",
]

GZ_SUFFIXES = (".csv", ".csv.gz")


@dataclass(frozen=True)
class RemoteFile:
    """One published file: its name, download URL and sha256 (None if unknown)."""

    name: str
    url: str | None = None
    sha256: str | None = None


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
        Format of its files (a key of ``unvotes_lib.readers.READERS``).
    roles : tuple of str
        The files a version is made of, by role (``("votes", "roll_calls",
        "issues")`` for the unvotes CSVs, ``("votes",)`` for a single file).
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

    @property
    def latest(self) -> str | None:
        """The newest version the registry knows, or None."""
        return list(self.versions)[-1] if self.versions else None


_TT = "https://raw.githubusercontent.com/rfordatascience/tidytuesday/master/data/2021/2021-03-23/"
_UNDL_GA = "https://digitallibrary.un.org/record/4060887"
_UNDL_SC = "https://digitallibrary.un.org/record/4055387"
_UNDL_CITATION = (
    "United Nations Dag Hammarskjöld Library, {what} voting data, "
    "UN Digital Library record {rec}, version {{version}}."
)

REGISTRY: dict[str, Source] = {
    s.name: s
    for s in [
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
            patterns={"ideal_points": r"^Idealpointestimates.*\.csv(\.gz)?$"},
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


def get_source(name: str) -> Source:
    """The registry entry called ``name``; a clear error listing the known names."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(REGISTRY)
        msg = f"`source` {name!r} is not a known source; known sources: {known}. A file path is accepted too."
        raise ValueError(msg) from None


# ---------------------------------------------------------------- cache and config


def cache_dir(*, create: bool = True) -> Path:
    """The cache folder: ``UNVOTES_CACHE`` or the platform's user cache folder.

    Raises
    ------
    PermissionError
        If the folder cannot be created or written to.
    """
    path = Path(os.environ.get("UNVOTES_CACHE") or platformdirs.user_cache_dir("unvotes"))
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
            raise PermissionError(msg) from err
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a reader sees the
    old file or the new one, never half of one. The file gets the usual permissions."""
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
    return cache_dir() / "config.json"


def _read_config() -> dict:
    path = _config_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}


def default_source() -> str:
    """The configured default source: ``UNVOTES_SOURCE``, then the saved default,
    then ``"unvotes-2021"`` (the one source that downloads anywhere without a browser).
    """
    env = os.environ.get("UNVOTES_SOURCE")
    if env:
        return env
    return _read_config().get("default_source", "unvotes-2021")


def set_default_source(name: str) -> None:
    """Save ``name`` (a registry name or a file path) as the default source."""
    if name not in REGISTRY and not Path(name).exists():
        get_source(name)  # raises with the list of known names
    if name not in REGISTRY:
        name = str(Path(name).resolve())
    config = _read_config() | {"default_source": name}
    atomic_write_bytes(_config_path(), json.dumps(config, indent=2).encode())


# ---------------------------------------------------------------- hashing


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike) -> str:
    """sha256 of a file, remembered by (path, size, mtime) so a warm load does not rehash.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    path = Path(path).resolve()
    stat = path.stat()
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        index_path = cache_dir() / "hashes.json"
    except PermissionError:
        return _sha256_of(path)
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    if key in index:
        return index[key]
    digest = _sha256_of(path)
    index = {k: v for k, v in index.items() if not k.startswith(f"{path}|")}
    index[key] = digest
    with contextlib.suppress(OSError):
        atomic_write_bytes(index_path, json.dumps(index, indent=0).encode())
    return digest


# ---------------------------------------------------------------- locating files


@dataclass(frozen=True)
class Located:
    """The raw files of one source version, ready for a reader.

    Attributes
    ----------
    source : Source
    version : str or None
    files : dict
        Role -> Path.
    origin : str
        Where they were found: "path", "mirror", "cache" or "download".
    """

    source: Source
    version: str | None
    files: dict[str, Path]
    origin: str


def _match_role(source: Source, role: str, name: str) -> bool:
    return re.search(source.patterns[role], name, flags=re.IGNORECASE) is not None


def _version_of(source: Source, file_name: str) -> str:
    stem = re.sub(r"\.csv(\.gz)?$|\.ya?ml$", "", file_name, flags=re.IGNORECASE)
    if source.name == "unvotes-2021":
        return source.latest or stem
    if source.name == "voeten-ideal-points":
        return stem.split("_")[-1]
    return stem


def _date_key(name: str) -> tuple:
    """Sort key that orders UN DHL file names by their publication date."""
    m = re.match(r"(\d{4})_(\d{1,2})_(\d{1,2})", name)
    return (tuple(int(x) for x in m.groups()), name) if m else ((0, 0, 0), name)


def _find_in_folder(
    source: Source, folder: Path, version: str | None, *, any_name: bool = False
) -> dict[str, Path] | None:
    """The source's files in ``folder``; ``any_name`` accepts any .csv/.csv.gz name for a
    one-file source (the cache folder of imports, where the user's file name is kept)."""
    if not folder.is_dir():
        return None
    names = sorted(
        (p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")), key=_date_key
    )
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
        # Prefer the plain .csv over .csv.gz for the same stem, newest version last.
        found[role] = folder / candidates[-1]
    return found


def _package_version() -> str:
    """The curated records ship with the package: their version is the package's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unvotes")
    except PackageNotFoundError:  # pragma: no cover - a source tree without installation
        return "unreleased"


def _curated_folder() -> Path:
    return Path(str(resources.files("unvotes_lib.data") / "curated"))


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
        (``"2025_03_31_ga_voting_corr1"``); default: the newest found.
    path : path-like, optional
        A folder holding the files, or a single file; nothing else is searched.
    download : bool
        If False, never use the network.

    Returns
    -------
    Located

    Raises
    ------
    FileNotFoundError
        If the files are not found and cannot be downloaded; the message says how
        to get them by hand.
    """
    src = get_source(source) if isinstance(source, str) else source
    if src.name == "curated" and path is None:
        folder = _curated_folder()
        files = sorted(folder.glob("*.yaml"))
        return Located(src, version or _package_version(), {f"records:{p.name}": p for p in files}, "package")
    if path is not None:
        p = Path(path)
        if p.is_file():
            role = src.roles[0]
            return Located(src, version or _version_of(src, p.name), {role: p}, "path")
        found = _find_in_folder(src, p, version)
        if not found:
            msg = _missing_message(src, p, version)
            raise FileNotFoundError(msg)
        return Located(src, version or _version_of(src, next(iter(found.values())).name), found, "path")
    mirror = os.environ.get("UNVOTES_DATA_DIR")
    if mirror:
        found = _find_in_folder(src, Path(mirror), version)
        if found:
            return Located(src, version or _version_of(src, next(iter(found.values())).name), found, "mirror")
    stored = cache_dir(create=False) / "files" / src.name
    found = _find_in_folder(src, stored, version, any_name=True)
    if found:
        return Located(src, version or _version_of(src, next(iter(found.values())).name), found, "cache")
    if not download:
        raise FileNotFoundError(_missing_message(src, stored, version))
    return fetch(src, version=version)


def _missing_message(src: Source, folder: Path, version: str | None) -> str:
    want = ", ".join(f"{role} (matching {src.patterns[role]!r})" for role in src.roles)
    ver = f" version {version!r}" if version else ""
    return f"No files of source {src.name!r}{ver} in {str(folder)!r}: expected {want}. {_by_hand(src)}"


def _by_hand(src: Source, url: str | None = None) -> str:
    where = url or src.landing
    return (
        f"Download the file by hand from {where} (in a browser), then run "
        f"`unvotes data import FILE --source {src.name}` or pass path=FILE to unvotes_lib.load."
    )


def fetch(source: str | Source, *, version: str | None = None) -> Located:
    """Download the files of a source version into the cache (if not there yet).

    Uses :mod:`pooch` with a progress bar on stderr; checks sha256 where the
    registry knows it and records the computed one where it does not.

    Raises
    ------
    FileNotFoundError
        If the source has no download URL (the message says how to get it by hand).
    ConnectionError
        If a download fails or is refused; names the URL and how to download by hand.
    ValueError
        If a downloaded file does not match its known sha256 (the file is removed).
    """
    src = get_source(source) if isinstance(source, str) else source
    version = version or src.latest
    remote = src.versions.get(version) if version else None
    if not remote or any(f.url is None for f in remote):
        known = ", ".join(src.versions) or "none known"
        msg = (
            f"Source {src.name!r} version {version!r} has no download URL (versions in the "
            f"registry: {known}). {_by_hand(src)}"
        )
        raise FileNotFoundError(msg)
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


def download_file(
    url: str, folder: Path, name: str, *, known_hash: str | None = None, hint: str = ""
) -> Path:
    """Download ``url`` to ``folder/name`` atomically, with a progress bar.

    Nothing is left in ``folder`` if the download fails, is truncated, is an HTML
    page instead of data, or does not match ``known_hash``.
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
        status = err.response.status_code if err.response is not None else "?"
        msg = f"Download of {url} failed with HTTP status {status}. {hint}"
        raise ConnectionError(msg) from err
    except (requests.exceptions.RequestException, OSError) as err:
        if isinstance(err, PermissionError):
            raise
        msg = f"Download of {url} failed or was cut short ({type(err).__name__}: {err}). {hint}"
        raise ConnectionError(msg) from err
    except ValueError as err:  # pooch: hash mismatch, the file is already removed
        msg = f"Download of {url} does not match its known sha256: {err} Nothing was kept. {hint}"
        raise ValueError(msg) from err
    out = Path(out)
    with open(out, "rb") as fh:
        head = fh.read(512).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        out.unlink()
        msg = (
            f"Download of {url} returned a web page, not data (the server refuses scripted downloads). {hint}"
        )
        raise ConnectionError(msg)
    file_sha256(out)  # record the hash of what arrived
    return out


def import_file(file: str | os.PathLike, *, source: str = "undl-ga", default: bool = False) -> Path:
    """Copy a file you downloaded by hand into the cache as a version of ``source``.

    The file is checked first (its columns must be those of the source's format);
    the copy is atomic. The version is the file name without extension.

    Returns
    -------
    Path
        The imported copy.
    """
    from .readers import sniff

    src = get_source(source)
    file = Path(file)
    if not file.is_file():
        msg = f"Cannot import {str(file)!r}: no such file."
        raise FileNotFoundError(msg)
    sniff(file, expected=src.reader)
    if len(src.roles) != 1 and not any(_match_role(src, r, file.name) for r in src.roles):
        msg = (
            f"Cannot tell which file of {src.name!r} {file.name!r} is; name it like "
            f"{[src.patterns[r] for r in src.roles]}."
        )
        raise ValueError(msg)
    name = file.name
    folder = cache_dir() / "files" / src.name
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(file, tmp)
        os.replace(tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if default:
        set_default_source(src.name)
    return folder / name
