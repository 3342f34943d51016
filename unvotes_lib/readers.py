"""One reader per source format, each returning the canonical tables.

Readers read columns by NAME (publishers add and reorder columns), map every
country to its ISO3 code (:mod:`unvotes_lib.countries`) and every vote to one of
``yes``, ``no``, ``abstain``, ``absent``, and keep official totals beside the counted
votes. They never touch the cache or the network: :mod:`unvotes_lib.store` does.

=================  ==============================================  =======================
reader             format                                          function
=================  ==============================================  =======================
``unvotes``        TidyTuesday / R ``unvotes`` CSVs (3 files)      :func:`read_unvotes`
``undl-ga``        UN DHL General Assembly CSV (2024-2026)         :func:`read_undl_ga`
``undl-sc``        UN DHL Security Council CSV                     :func:`read_undl_sc`
``marcxml``        one UN Digital Library voting record (XML)      :func:`read_marcxml`
``curated``        hand-entered records (YAML, data/curated)       :func:`read_curated`
``bsv-ideal``      published Bailey-Strezhnev-Voeten ideal points  :func:`read_bsv_ideal_points`
``unxml-ga``       UN GA resolution extracts (JSON lines)          :func:`read_unxml`
``unxml-sc``       UN SC resolution extracts (JSON lines)          :func:`read_unxml`
=================  ==============================================  =======================

:func:`read` is the one entry point :func:`unvotes_lib.load` uses: a reader's name and the
files that :func:`unvotes_lib.sources.resolve` found (by role), whatever their number.

Every reader writes symbols in one form (:func:`canonical_symbol`) into ``symbol`` and
keeps the source's own spelling in ``source_symbol``.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import countries
from .bundled import sc_elected
from .errors import DataFileError, ParameterError
from .errors import warn as _warn

__all__ = [
    "READERS",
    "Tables",
    "canonical_symbol",
    "read",
    "read_bsv_ideal_points",
    "read_curated",
    "read_marcxml",
    "read_undl_ga",
    "read_undl_sc",
    "read_unvotes",
    "read_unxml",
    "read_unxml_ga",
    "read_unxml_sc",
    "sniff",
    "unxml_rcid",
]

VOTE_LABELS = ("yes", "no", "abstain", "absent")


class Tables(NamedTuple):
    """What a reader returns: the three per-roll-call tables, not yet typed."""

    roll_calls: pd.DataFrame
    votes: pd.DataFrame
    issues: pd.DataFrame


# Column sets that identify each CSV layout (a subset that must all be present).
# Several UN DHL names changed between versions: canonical -> accepted names.
_UNDL_ALIASES = {
    "ms_code": ("ms_code", "ms_codes"),
    "ms_name": ("ms_name", "ms_names"),
    "ms_vote": ("ms_vote", "ms_votes"),
    "resolution": ("resolution", "resolutions"),
}
LAYOUTS: dict[str, tuple[str, ...]] = {
    "unvotes": ("rcid", "country", "country_code", "vote"),
    "unvotes-roll_calls": ("rcid", "session", "date", "unres", "short", "descr"),
    "unvotes-issues": ("rcid", "short_name", "issue"),
    "undl-sc": ("undl_id", "ms_code", "permanent_member", "ms_vote", "date", "resolution"),
    "undl-ga": ("undl_id", "ms_code", "ms_vote", "date", "session", "resolution"),
    "bsv-ideal": ("ccode", "session", "IdealPoint"),
}
_FORMAT_HINT = {
    "unvotes": "the unvotes / TidyTuesday votes table: use source='unvotes-2021'",
    "unvotes-roll_calls": "the unvotes / TidyTuesday roll_calls table: use source='unvotes-2021'",
    "unvotes-issues": "the unvotes / TidyTuesday issues table: use source='unvotes-2021'",
    "undl-ga": "a UN DHL General Assembly file: use source='undl-ga'",
    "undl-sc": "a UN DHL Security Council file: use source='undl-sc'",
    "bsv-ideal": "the published ideal-point table: use unvotes_lib.readers.read_bsv_ideal_points",
}


# ---------------------------------------------------------------- CSV plumbing


def _canonical_names(columns) -> list[str]:
    back = {alt: canon for canon, alts in _UNDL_ALIASES.items() for alt in alts}
    return [back.get(c, c) for c in columns]


def _guess(columns) -> str | None:
    cols = set(_canonical_names(columns))
    for name, needed in LAYOUTS.items():
        if set(needed) <= cols:
            return name
    return None


def _check_bytes(path: Path) -> None:
    """Refuse, with a word on what they are, files whose first bytes are not a text CSV."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    is_gz = path.name.lower().endswith(".gz")
    if head.startswith(b"\x1f\x8b") and not is_gz:
        msg = f"{path.name} is gzip-compressed but not named .gz: rename it to {path.name}.gz ({path})."
        raise DataFileError(msg)
    if is_gz:
        return
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:200].count(b"\x00") > 2:
        msg = (
            f"{path.name} is UTF-16 (or another wide encoding), not UTF-8: save it again as UTF-8 CSV "
            f"(in a spreadsheet: 'CSV UTF-8') and read it again ({path})."
        )
        raise DataFileError(msg)


def _read_header(path: Path, encoding: str = "utf-8") -> list[str]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    if path.exists() and path.is_file():
        _check_bytes(path)
    try:
        with opener(path, "rt", encoding=encoding, errors="replace") as fh:
            line = fh.readline()
    except (OSError, EOFError, zlib.error) as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise _damaged(path, err) from err
    if not line.strip():
        msg = f"{path.name} is empty: no header line. Download it again or check the file ({path})."
        raise DataFileError(msg)
    return list(pd.read_csv(io.StringIO(line), nrows=0).columns)


def _damaged(path: Path, err: Exception) -> ValueError:
    if isinstance(err, (EOFError, zlib.error, gzip.BadGzipFile)):
        return DataFileError(
            f"{path.name} is a truncated or damaged gzip file ({err}). "
            f"Download it again (or delete it so it is fetched anew): {path}"
        )
    return DataFileError(f"Could not read {path}: {type(err).__name__}: {err}")


def sniff(path: str | os.PathLike, *, expected: str | None = None) -> str:
    """Guess a CSV file's format from its column names.

    Parameters
    ----------
    path : path-like
    expected : str, optional
        A reader name; if given, raise unless the file is in that format.

    Returns
    -------
    str
        A key of :data:`LAYOUTS` (``"undl-ga"``, ``"unvotes"``, ...), or ``"marcxml"``,
        ``"curated"``, ``"unxml-ga"``/``"unxml-sc"`` (``.json``: by the first symbol).

    Raises
    ------
    DataFileError
        Unknown layout, or not the ``expected`` one; the message lists the columns found.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "votes.csv").write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n")
    >>> sniff(d / "votes.csv"), sniff(d / "records.yaml")
    ('undl-ga', 'curated')
    >>> sniff(d / "votes.csv", expected="undl-sc")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: votes.csv is not a undl-sc file: ... use source='undl-ga'.
    >>> shutil.rmtree(d)
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        found = _sniff_json(path)
        if expected and expected != found:
            msg = f"{path.name} looks like a {found} file, not {expected!r}."
            raise DataFileError(msg)
        return found
    if path.suffix.lower() in (".xml", ".yaml", ".yml"):
        found = "marcxml" if path.suffix.lower() == ".xml" else "curated"
        if expected and expected != found:
            msg = f"{path.name} looks like a {found} file, not {expected!r}."
            raise DataFileError(msg)
        return found
    columns = _read_header(path)
    guess = _guess(columns)
    if guess is None or (expected and not guess.startswith(expected)):
        need = LAYOUTS.get(expected or "", ())
        what = f"expected columns {list(need)}" if need else f"expected one of the layouts {list(LAYOUTS)}"
        hint = f" It looks like {_FORMAT_HINT[guess]}." if guess else ""
        msg = f"{path.name} is not a {expected or 'known'} file: {what}; found {columns}.{hint}"
        raise DataFileError(msg)
    return guess


def _sniff_json(path: Path) -> str:
    """``"unxml-ga"`` or ``"unxml-sc"`` from the first resolution symbol of a JSON extract."""
    entries = _read_json_entries(path)
    symbol = canonical_symbol(entries[0][1]["symbol"])
    if symbol.startswith("A/"):
        return "unxml-ga"
    if symbol.startswith("S/"):
        return "unxml-sc"
    msg = (
        f"{path.name} line {entries[0][0]}: symbol {entries[0][1]['symbol']!r} is neither a General Assembly "
        "(A/RES/...) nor a Security Council (S/RES/...) resolution; expected a UN data_extract file."
    )
    raise DataFileError(msg)


def _require(path: Path, columns, needed, layout: str) -> None:
    missing = [c for c in needed if c not in columns]
    if missing:
        guess = _guess(columns)
        hint = f" Is this {_FORMAT_HINT[guess]}?" if guess and guess != layout else ""
        msg = (
            f"{path.name} has no column(s) {missing} needed by the {layout} format; "
            f"expected {list(needed)}, found {list(columns)}.{hint}"
        )
        raise DataFileError(msg)


def _read_csv(path: Path, *, encoding: str = "utf-8", **kwargs) -> pd.DataFrame:
    """pandas.read_csv with a byte progress bar and errors that name the file."""
    from tqdm import tqdm

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        msg = f"{path.name} is empty (0 bytes). Download it again: {path}"
        raise DataFileError(msg)
    compression = "gzip" if path.name.lower().endswith(".gz") else None
    # Columns are chosen after reading: with ``usecols`` pandas drops the extra fields of a
    # ragged line without a word, so a line with a stray comma would be read shifted or cut.
    usecols = kwargs.pop("usecols", None)
    try:
        with (
            open(path, "rb") as raw,
            tqdm.wrapattr(
                raw,
                "read",
                total=size,
                desc=f"Reading {path.name}",
                unit="B",
                unit_scale=True,
                disable=None if size > 20_000_000 else True,
                leave=False,
            ) as fh,
        ):
            df = pd.read_csv(fh, compression=compression, encoding=encoding, **kwargs)
    except UnicodeDecodeError as err:
        if encoding.lower().replace("-", "") != "utf8":
            raise
        _warn(
            f"{path.name} is not UTF-8 (byte {err.start}: {err.object[err.start : err.start + 1]!r}); "
            "read it as Latin-1. Check the names in it.",
            UnicodeWarning,
        )
        return _read_csv(path, encoding="latin-1", usecols=usecols, **kwargs)
    except pd.errors.EmptyDataError as err:
        msg = f"{path.name} has no data (no header line). Download it again: {path}"
        raise DataFileError(msg) from err
    except pd.errors.ParserError as err:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
        what = (
            f"line {m.group(2)} has {m.group(3)} fields where the header has {m.group(1)}"
            if m
            else f"the CSV cannot be parsed ({str(err).strip()})"
        )
        msg = (
            f"{path.name}: {what}; a stray comma or an unquoted text with a comma? "
            f"Fix that line or download the file again ({path})."
        )
        raise DataFileError(msg) from err
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise _damaged(path, err) from err
    if not isinstance(df.index, pd.RangeIndex):
        # pandas takes a first column without a header name as the index when the data lines
        # have one more field than the header: every column would be read one place off.
        n = len(_read_header(path, encoding))
        msg = (
            f"{path.name}: line 2 has {n + 1} fields where the header has {n}; a stray comma or an "
            f"unquoted text with a comma? Fix that line or download the file again ({path})."
        )
        raise DataFileError(msg)
    if df.empty:
        msg = f"{path.name} has a header line but no rows: a truncated or unfinished file? "
        msg += f"Download it again ({path})."
        raise DataFileError(msg)
    return df if usecols is None else df[list(usecols)]


def _py(value):
    """A numpy scalar as the Python value, so that messages show ``3``, not ``np.int64(3)``."""
    return value.item() if isinstance(value, np.generic) else value


def _row_of(index_label) -> int:
    """File line number of a data row (header is line 1)."""
    return int(index_label) + 2


def _parse_dates(path: Path, raw: pd.Series, column: str = "date") -> pd.Series:
    text = raw.astype("string").str.strip()
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    bad = parsed.isna() & text.notna() & (text != "")
    if bad.any():
        first = bad.idxmax()
        msg = (
            f"{path.name} line {_row_of(first)}: {column} {text[first]!r} is not a date "
            f"(expected YYYY-MM-DD); {int(bad.sum())} such row(s). Fix or remove them."
        )
        raise DataFileError(msg)
    missing = parsed.isna()
    if missing.any():
        first = missing.idxmax()
        msg = f"{path.name} line {_row_of(first)}: {column} is empty; every vote needs a date."
        raise DataFileError(msg)
    return parsed.astype("datetime64[ns]")


def _map_votes(path: Path, raw: pd.Series, mapping: dict, column: str) -> pd.Categorical:
    """Vote codes -> canonical labels, working on the few distinct values only."""
    cat = raw.astype("category") if not isinstance(raw.dtype, pd.CategoricalDtype) else raw
    labels = [str(c).strip() for c in cat.cat.categories]
    for pos, label in enumerate(labels):
        if label not in mapping:
            first = (cat.cat.codes == pos).idxmax()
            bad = int((cat.cat.codes == pos).sum())
            valid = sorted(k for k in mapping if k)
            msg = (
                f"{path.name} line {_row_of(first)}: unknown vote {label!r} in column {column!r}; "
                f"expected one of {valid} (or empty for non-voting). {bad} such row(s)."
            )
            raise DataFileError(msg)
    codes = cat.cat.codes.to_numpy()
    if "" not in mapping and (codes < 0).any():
        first = int(np.argmax(codes < 0))
        msg = (
            f"{path.name} line {_row_of(first)}: empty vote in column {column!r}; expected {sorted(mapping)}."
        )
        raise DataFileError(msg)
    # An empty cell (code -1) picks the last entry: non-voting where the format allows it.
    lookup = np.array(
        [VOTE_LABELS.index(mapping[label]) for label in labels]
        + [VOTE_LABELS.index(mapping.get("", "absent"))],
        dtype=np.int8,
    )
    return pd.Categorical.from_codes(lookup[codes], categories=list(VOTE_LABELS))


def _check_duplicates(path: Path, votes: pd.DataFrame, rcid="rcid", country="country") -> None:
    dup = votes.duplicated([rcid, country], keep=False)
    if dup.any():
        rows = votes.index[dup][:4]
        first = votes.loc[rows[0]]
        msg = (
            f"{path.name}: roll call {first[rcid]} has more than one vote for {first[country]} "
            f"(lines {[_row_of(r) for r in rows]}); {int(dup.sum())} duplicated rows. "
            "Each (roll call, country) pair must appear once: remove the duplicates."
        )
        raise DataFileError(msg)


def _to_int(path: Path, s: pd.Series, column: str) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any() or ((num % 1) != 0).any() or (num < 0).any():
        first = (bad | ((num % 1) != 0) | (num < 0)).idxmax()
        value = _py(s[first])
        msg = f"{path.name} line {_row_of(first)}: {column} {value!r} is not a count (a whole number >= 0)."
        raise DataFileError(msg)
    huge = num >= _MAX_ID
    if huge.any():
        first = huge.idxmax()
        msg = (
            f"{path.name} line {_row_of(first)}: {column} {_py(s[first])!r} is too large "
            f"(at most {_MAX_ID - 1:,}); a damaged file?"
        )
        raise DataFileError(msg)
    return num.astype("Int64")


#: Numbers the readers accept as ids and counts: below 2**53, exact as float and as int64.
_MAX_ID = 2**53


def _bool(s: pd.Series) -> pd.Series:
    text = s.astype("string").str.strip().str.lower()
    return text.map({"1": True, "1.0": True, "true": True, "0": False, "0.0": False, "false": False}).astype(
        "boolean"
    )


# ---------------------------------------------------------------- unvotes / TidyTuesday


def read_unvotes(
    votes: str | os.PathLike, roll_calls: str | os.PathLike, issues: str | os.PathLike | None = None
) -> Tables:
    """Read the three CSVs of the R package ``unvotes`` / TidyTuesday 2021-03-23.

    Country codes are ISO 3166 alpha-2 (Namibia's ``NA`` is read as Namibia, not as a
    missing value); the three countries without a code are matched by name
    (Federal Republic of Germany -> ``DEU``, Yemen Arab Republic -> ``YEM``,
    Zanzibar -> ``ZAN``); votes filed under Russia before 25 December 1991 become
    the USSR's (``SUN``), and those under Yugoslavia become ``YUG``/``SCG``/``SRB`` by
    date (see :mod:`unvotes_lib.countries`). Taiwan's votes (China's seat until
    1971) stay ``TWN``.

    Parameters
    ----------
    votes : path-like
        The votes table (``unvotes.csv``): ``rcid``, ``country``, ``country_code``, ``vote``.
    roll_calls : path-like
        The roll-call table (``roll_calls.csv``): ``rcid``, ``session``, ``date``, ``unres``,
        ``short``, ``descr`` and, if present, ``importantvote``, ``amend``, ``para``.
    issues : path-like, optional
        The issues table (``issues.csv``: ``rcid``, ``short_name``, ``issue``); without it
        the issues table is empty.

    Returns
    -------
    Tables
        ``roll_calls``: ``rcid``, ``body`` (``"GA"``), ``date``, ``session``, ``symbol``
        (:func:`canonical_symbol` of ``unres``), ``source_symbol`` (``unres``), ``title``
        (``short``), ``description`` (``descr``), ``amend``, ``para``, ``important``
        (booleans, NA when the column is absent). ``votes``: ``rcid``, ``country`` (ISO3),
        ``vote``. ``issues``: ``rcid``, ``issue_code`` (``short_name``), ``issue``.

    Raises
    ------
    DataFileError
        A missing column, a repeated or non-numeric rcid, a vote for an unknown roll call,
        an unknown vote or country, a duplicated (roll call, country) pair.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "unvotes.csv").write_text(
    ...     "rcid,country,country_code,vote\\n3,Russia,RU,yes\\n3,Namibia,NA,no\\n")
    >>> _ = (d / "roll_calls.csv").write_text(
    ...     "rcid,session,importantvote,date,unres,amend,para,short,descr\\n"
    ...     "3,1,0,1946-01-01,R/1/66,1,0,SHORT,LONG\\n")
    >>> t = read_unvotes(d / "unvotes.csv", d / "roll_calls.csv")
    >>> t.votes[["country", "vote"]].values.tolist()
    [['SUN', 'yes'], ['NAM', 'no']]
    """
    vpath, rpath = Path(votes), Path(roll_calls)
    rc_cols = _read_header(rpath)
    _require(rpath, rc_cols, LAYOUTS["unvotes-roll_calls"], "unvotes roll_calls")
    rc = _read_csv(
        rpath,
        keep_default_na=False,
        na_values=[""],
        dtype={"unres": "string", "short": "string", "descr": "string", "session": "string"},
    )
    rcid = _to_int(rpath, rc["rcid"], "rcid")
    if rcid.isna().any() or rcid.duplicated().any():
        first = (rcid.isna() | rcid.duplicated()).idxmax()
        msg = (
            f"{rpath.name} line {_row_of(first)}: rcid {_py(rc['rcid'][first])!r} is missing or repeated; "
            "rcid must be unique."
        )
        raise DataFileError(msg)
    roll = pd.DataFrame(
        {
            "rcid": rcid.astype("int64"),
            "body": "GA",
            "date": _parse_dates(rpath, rc["date"]),
            "session": rc["session"].astype("string"),
            "symbol": _canonical_symbols(rc["unres"]),
            "source_symbol": rc["unres"],
            "title": rc["short"],
            "description": rc["descr"],
            "amend": _bool(rc["amend"]) if "amend" in rc else pd.NA,
            "para": _bool(rc["para"]) if "para" in rc else pd.NA,
            "important": _bool(rc["importantvote"]) if "importantvote" in rc else pd.NA,
        }
    )

    v_cols = _read_header(vpath)
    _require(vpath, v_cols, LAYOUTS["unvotes"], "unvotes votes")
    v = _read_csv(
        vpath,
        keep_default_na=False,
        na_values=[],
        usecols=list(LAYOUTS["unvotes"]),
        dtype={"country": "category", "country_code": "category", "vote": "category"},
    )
    rcids = pd.to_numeric(v["rcid"], errors="coerce")
    if rcids.isna().any():
        first = rcids.isna().idxmax()
        msg = f"{vpath.name} line {_row_of(first)}: rcid {_py(v['rcid'][first])!r} is not a number."
        raise DataFileError(msg)
    vote = _map_votes(vpath, v["vote"], {k: k for k in VOTE_LABELS}, "vote")

    # Map each distinct (name, code) pair once, then broadcast through the category codes.
    name_codes = v["country"].cat.codes.to_numpy().astype(np.int64)
    iso2_codes = v["country_code"].cat.codes.to_numpy().astype(np.int64) + 1  # 0 = missing
    width = len(v["country_code"].cat.categories) + 1
    pair_key = name_codes * width + iso2_codes
    pairs = v[["country", "country_code"]].drop_duplicates()
    code_of: dict[int, str] = {}
    for idx, name, iso2 in pairs.itertuples():
        iso2 = "" if pd.isna(iso2) else str(iso2)
        iso3 = countries.from_iso2(iso2) if iso2 else None
        if iso3 is None:
            try:
                iso3 = countries.resolve(str(name))
            except ValueError as err:
                msg = (
                    f"{vpath.name} line {_row_of(idx)}: unknown country {name!r} with code {iso2!r}; "
                    "expected an ISO 3166 alpha-2 code or a known country name."
                )
                raise DataFileError(msg) from err
        code_of[int(pair_key[idx])] = iso3

    positions = pd.Index(roll["rcid"].to_numpy()).get_indexer(rcids.to_numpy())
    if (positions < 0).any():
        first = int(np.argmax(positions < 0))
        msg = (
            f"{vpath.name} line {_row_of(first)}: roll call {int(rcids.iloc[first])} is not in "
            f"{rpath.name}; {int((positions < 0).sum())} vote(s) refer to unknown roll calls."
        )
        raise DataFileError(msg)
    eras = countries.eras()
    cats = sorted(set(code_of.values()) | {old for e in eras.values() for _, old in e})
    lookup = np.full(int(pair_key.max()) + 1, -1, dtype=np.int64)
    for key, iso3 in code_of.items():
        lookup[key] = cats.index(iso3)
    country_idx = lookup[pair_key]
    dates = roll["date"].to_numpy()[positions]
    for current, periods in eras.items():
        if current not in cats:
            continue
        rows = country_idx == cats.index(current)
        for start_next, older in reversed(periods):
            country_idx[rows & (dates < np.datetime64(start_next))] = cats.index(older)
    code = pd.Categorical.from_codes(country_idx, categories=cats)
    out_votes = pd.DataFrame({"rcid": rcids.astype("int64").to_numpy(), "country": code, "vote": vote})
    _check_duplicates(vpath, out_votes)

    if issues is not None:
        ipath = Path(issues)
        _require(ipath, _read_header(ipath), LAYOUTS["unvotes-issues"], "unvotes issues")
        iss = _read_csv(ipath, dtype={"short_name": "string", "issue": "string"})
        out_issues = pd.DataFrame(
            {
                "rcid": _to_int(ipath, iss["rcid"], "rcid").astype("int64"),
                "issue_code": iss["short_name"],
                "issue": iss["issue"],
            }
        )
    else:
        out_issues = pd.DataFrame(
            {
                "rcid": pd.Series(dtype="int64"),
                "issue_code": pd.Series(dtype="string"),
                "issue": pd.Series(dtype="string"),
            }
        )
    return Tables(roll, out_votes, out_issues)


# ---------------------------------------------------------------- UN DHL CSVs

#: ``modality`` values of resolutions adopted without a recorded vote (case-insensitive).
WITHOUT_VOTE = r"without (?:a )?vote|consensus|acclamation"


def seat_codes(codes: pd.Series, dates: pd.Series) -> pd.Series:
    """File each vote under the code of the state holding the seat on that day.

    A seat with successive codes (USSR / Russia; Yugoslavia / Serbia and Montenegro /
    Serbia) is spelled by the date of the vote, whatever code the source used: a source
    that calls the Federal Republic of Yugoslavia of 2000-2003 "YUG" gets ``SCG``, one
    that files USSR votes under ``RUS`` gets ``SUN`` (see :mod:`unvotes_lib.countries`).

    Parameters
    ----------
    codes : Series of str
        Country codes (ISO3 or historical) as the source wrote them.
    dates : Series of dates
        The date of each vote, aligned with ``codes``.

    Returns
    -------
    Series of string
        The codes, those of a seat with successive codes replaced by the one in use on
        the date; other codes unchanged.

    Examples
    --------
    >>> seat_codes(pd.Series(["YUG", "RUS", "FRA"]),
    ...            pd.Series(pd.to_datetime(["2001-10-01", "1985-10-01", "1985-10-01"]))).tolist()
    ['SCG', 'SUN', 'FRA']
    """
    out = codes.astype("string").copy()
    for current, eras in countries.eras().items():
        lineage = {current, *(old for _, old in eras)}
        rows = out.isin(lineage).to_numpy()
        if not rows.any():
            continue
        day = pd.to_datetime(dates[rows]).to_numpy()
        values = np.full(int(rows.sum()), current, dtype=object)
        for start_next, older in reversed(eras):
            values[day < np.datetime64(start_next)] = older
        out[rows] = values
    return out


_UNDL_VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent", "NV": "absent", "": "absent"}


def _read_undl(path: str | os.PathLike, *, body: str, needed: tuple[str, ...]) -> tuple[pd.DataFrame, Path]:
    path = Path(path)
    header = _read_header(path)
    columns = _canonical_names(header)
    _require(path, columns, needed, f"UN DHL {body}")
    df = _read_csv(path, keep_default_na=False, na_values=[""], dtype="string")
    df.columns = _canonical_names(df.columns)
    return df, path


def _undl_tables(df: pd.DataFrame, path: Path, *, body: str) -> Tables:
    rcid = _to_int(path, df["undl_id"], "undl_id")
    if rcid.isna().any():
        first = rcid.isna().idxmax()
        msg = f"{path.name} line {_row_of(first)}: undl_id is empty; every row needs its record number."
        raise DataFileError(msg)
    codes = df["ms_code"].astype("string").str.strip().str.upper()
    unknown = ~codes.isin([c.code for c in countries.all_countries()])
    if unknown.any():
        first = unknown.idxmax()
        msg = (
            f"{path.name} line {_row_of(first)}: ms_code {codes[first]!r} is not a known ISO3 or "
            "historical code (see unvotes_lib.all_countries())."
        )
        raise DataFileError(msg)
    dates = _parse_dates(path, df["date"])
    votes = pd.DataFrame(
        {
            "rcid": rcid.astype("int64"),
            "country": seat_codes(codes, dates),
            "vote": _map_votes(path, df["ms_vote"], _UNDL_VOTES, "ms_vote"),
        }
    )
    _check_duplicates(path, votes)
    first_rows = ~rcid.duplicated()
    rc = df[first_rows]

    def col(name):
        return rc[name].astype("string") if name in rc else pd.Series(pd.NA, index=rc.index, dtype="string")

    def total(name):
        return (
            _to_int(path, rc[name], name) if name in rc else pd.Series(pd.NA, index=rc.index, dtype="Int64")
        )

    symbol = col("resolution")
    roll = pd.DataFrame(
        {
            "rcid": rcid[first_rows].astype("int64"),
            "body": body,
            "date": dates[first_rows],
            "session": col("session") if body == "GA" else dates[first_rows].dt.year.astype("string"),
            "symbol": _canonical_symbols(symbol),
            "source_symbol": symbol,
            "title": col("title") if body == "GA" else col("description"),
            "description": col("agenda_title") if body == "GA" else col("agenda"),
            "draft": col("draft"),
            "meeting": col("meeting"),
            "modality": col("modality"),
            "yes_total": total("total_yes"),
            "no_total": total("total_no"),
            "abstain_total": total("total_abstentions"),
            "non_voting_total": total("total_non_voting"),
            "url": col("undl_link"),
        }
    )
    subjects = col("subjects").dropna()
    parts = subjects.str.split(r"\s*[|;]\s*", regex=True).explode().str.strip()
    parts = parts[parts.notna() & (parts != "")]
    issues = pd.DataFrame(
        {
            "rcid": rcid[parts.index].astype("int64").to_numpy(),
            "issue_code": "unbis",
            "issue": parts.to_numpy(),
        }
    )
    # Resolutions adopted without a vote list every member as "Y": those rows are not votes.
    unvoted = roll["modality"].str.contains(WITHOUT_VOTE, case=False, regex=True).fillna(False).to_numpy()
    roll["partial"] = unvoted
    votes = votes[~votes["rcid"].isin(roll.loc[unvoted, "rcid"]).to_numpy()]
    return Tables(roll.reset_index(drop=True), votes, issues.drop_duplicates(ignore_index=True))


def read_undl_ga(path: str | os.PathLike) -> Tables:
    """Read a UN Dag Hammarskjöld Library General Assembly voting file.

    Accepts the 2024 layout (``ms_codes``, ``ms_votes``, ``resolutions``, ``NV``),
    the 2025 layout and the 2026 layout (with ``vote_note``), ``.csv`` or ``.csv.gz``.
    ``rcid`` is the record number ``undl_id``; an empty or ``X`` vote is ``absent``;
    the ``total_*`` columns become the official totals.

    Parameters
    ----------
    path : path-like
        The CSV (``.csv`` or ``.csv.gz``), one row per (record, Member State).

    Returns
    -------
    Tables
        ``roll_calls``: ``rcid`` (``undl_id``), ``body`` (``"GA"``), ``date``, ``session``,
        ``symbol`` (:func:`canonical_symbol`), ``source_symbol`` (``resolution``), ``title``,
        ``description`` (``agenda_title``), ``draft``, ``meeting``, ``modality``,
        ``yes_total``/``no_total``/``abstain_total``/``non_voting_total`` (official, NA when
        absent), ``url`` (``undl_link``), ``partial`` (adopted without a vote: its rows are
        not kept as votes). ``votes``: ``rcid``, ``country`` (ISO3, by :func:`seat_codes`),
        ``vote``. ``issues``: the ``subjects`` terms with ``issue_code`` ``"unbis"``.

    Raises
    ------
    DataFileError
        A missing column, an unknown country code or vote, a bad date or count, a
        duplicated (record, country) pair; the message names the line.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ga.csv").write_text(
    ...     "undl_id,ms_code,ms_vote,date,session,resolution,total_yes,total_no,total_abstentions\\n"
    ...     "4025240,FRA,Y,2023-10-27,ES-10,A/RES/ES-10/21,120,14,45\\n"
    ...     "4025240,ISR,N,2023-10-27,ES-10,A/RES/ES-10/21,120,14,45\\n"
    ...     "4025240,GBR,A,2023-10-27,ES-10,A/RES/ES-10/21,120,14,45\\n")
    >>> t = read_undl_ga(d / "ga.csv")
    >>> t.roll_calls[["rcid", "session", "symbol", "yes_total", "no_total", "abstain_total"]].values.tolist()
    [[4025240, 'ES-10', 'A/RES/ES-10/21', 120, 14, 45]]
    >>> t.votes[["country", "vote"]].values.tolist()
    [['FRA', 'yes'], ['ISR', 'no'], ['GBR', 'abstain']]
    >>> shutil.rmtree(d)
    """
    df, path = _read_undl(path, body="GA", needed=LAYOUTS["undl-ga"])
    return _undl_tables(df, path, body="GA")


def read_undl_sc(path: str | os.PathLike) -> Tables:
    """Read a UN Dag Hammarskjöld Library Security Council voting file.

    ``session`` is the year (the Council has no sessions). A resolution adopted without
    a vote (``modality`` matching :data:`WITHOUT_VOTE`) is listed in the file with "Y"
    for every member; those rows are not recorded votes, so they are left out and the
    roll call is marked ``partial`` (its official totals stand, no member vote is on record).

    Parameters
    ----------
    path : path-like
        The CSV (``.csv`` or ``.csv.gz``), one row per (record, Council member).

    Returns
    -------
    Tables
        As :func:`read_undl_ga`, with ``body`` ``"SC"``, ``session`` the year, ``title``
        from ``description`` and ``description`` from ``agenda``.

    Raises
    ------
    DataFileError
        As :func:`read_undl_ga`.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> head = "undl_id,ms_code,permanent_member,ms_vote,date,resolution,modality,total_yes\\n"
    >>> _ = (d / "sc.csv").write_text(head +
    ...     "9000274,FRA,True,A,2025-02-24,S/RES/2774(2025),Voted,10\\n"
    ...     "9000274,USA,True,Y,2025-02-24,S/RES/2774(2025),Voted,10\\n"
    ...     "9000300,FRA,True,Y,2025-03-14,S/RES/2777 (2025),Adopted without vote,15\\n")
    >>> t = read_undl_sc(d / "sc.csv")
    >>> t.roll_calls[["symbol", "session", "partial", "yes_total"]].values.tolist()
    [['S/RES/2774 (2025)', '2025', False, 10], ['S/RES/2777 (2025)', '2025', True, 15]]
    >>> t.votes[["rcid", "country", "vote"]].values.tolist()
    [[9000274, 'FRA', 'abstain'], [9000274, 'USA', 'yes']]
    >>> shutil.rmtree(d)
    """
    df, path = _read_undl(path, body="SC", needed=LAYOUTS["undl-sc"])
    return _undl_tables(df, path, body="SC")


# ---------------------------------------------------------------- MARCXML

_MARC = "{http://www.loc.gov/MARC21/slim}"


def _session_of(symbol: str) -> str | None:
    m = re.match(r"A/RES/(ES-\d+|S-\d+|\d+)/", symbol or "")
    return m.group(1) if m else None


def _marc_date(text: str) -> pd.Timestamp:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%d %B %Y"):
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    msg = f"date {text!r} is not a date (expected YYYY-MM-DD or YYYYMMDD)"
    raise DataFileError(msg)


def read_marcxml(source: str | os.PathLike | bytes) -> Tables:
    """Read one UN Digital Library voting record in MARC 21 XML.

    Parameters
    ----------
    source : path-like or bytes
        The file ``https://digitallibrary.un.org/record/<id>/export/xm`` returns
        (use :func:`unvotes_lib.load` with the URL to download it).

    Returns
    -------
    Tables
        One roll call (``partial`` when the record holds fewer vote fields than the
        membership in ``996 $f``), its votes, no issues.

    Notes
    -----
    Fields: ``001`` record number (the rcid), ``791 $a`` symbol, ``269 $a`` date,
    ``245 $a`` title (its trailing " :" or " /" dropped), ``952 $a`` meeting
    (``A/78/PV.65``), ``993 $a`` related documents (the draft: the first that looks like
    one, ``A/78/L.56`` or ``S/2025/104``), ``591 $a`` a note on the vote (kept in
    ``description``); ``967`` one per Member State, with overflow fields ``968`` and
    ``969`` in the same layout (``$c`` code, ``$d`` vote, missing = non-voting, ``$e``
    name); ``996`` the official totals as numbers: ``$b`` yes, ``$c`` no,
    ``$d`` abstentions, ``$e`` non-voting, ``$f`` total membership (A/RES/78/264 reads
    115-0-44, 34 non-voting of 193). An older tally text in ``996 $a``
    ("Yes: 10 | No: 0 | ...") is read when ``$b``-``$e`` are absent.

    Raises
    ------
    DataFileError
        Not XML, not a MARC record, no record number/symbol/date, an unknown country code or
        vote, a total that is not a number.

    Examples
    --------
    >>> xml = b'''<record xmlns="http://www.loc.gov/MARC21/slim">
    ...   <controlfield tag="001">9000274</controlfield>
    ...   <datafield tag="269"><subfield code="a">2025-02-24</subfield></datafield>
    ...   <datafield tag="791"><subfield code="a">S/RES/2774(2025)</subfield></datafield>
    ...   <datafield tag="967"><subfield code="c">FRA</subfield><subfield code="d">A</subfield></datafield>
    ...   <datafield tag="967"><subfield code="c">USA</subfield><subfield code="d">Y</subfield></datafield>
    ...   <datafield tag="996"><subfield code="b">10</subfield><subfield code="c">0</subfield>
    ...     <subfield code="d">5</subfield><subfield code="f">15</subfield></datafield>
    ... </record>'''
    >>> t = read_marcxml(xml)
    >>> t.roll_calls[["rcid", "body", "symbol", "partial", "yes_total", "abstain_total"]].values.tolist()
    [[9000274, 'SC', 'S/RES/2774 (2025)', True, 10, 5]]
    >>> t.votes[["country", "vote"]].values.tolist()
    [['FRA', 'abstain'], ['USA', 'yes']]
    """
    name = "record" if isinstance(source, bytes) else Path(source).name
    try:
        root = ET.fromstring(source) if isinstance(source, bytes) else ET.parse(source).getroot()
    except ET.ParseError as err:
        line, column = getattr(err, "position", (None, None))
        where = f" at line {line}, column {column}" if line else ""
        msg = f"{name} is not valid XML{where} ({err}); expected a MARCXML record from /export/xm."
        raise DataFileError(msg) from err
    record = root if root.tag == f"{_MARC}record" else root.find(f"{_MARC}record")
    if record is None:
        msg = f"{name} has no MARC record (namespace {_MARC[1:-1]}); expected /export/xm output."
        raise DataFileError(msg)

    def subs_of(tag):
        for field in record.findall(f"{_MARC}datafield[@tag='{tag}']"):
            yield {s.get("code"): (s.text or "").strip() for s in field.findall(f"{_MARC}subfield")}

    def sub(tag, code):
        for subs in subs_of(tag):
            if subs.get(code):
                return subs[code]
        return None

    control = record.find(f"{_MARC}controlfield[@tag='001']")
    symbol, date_text = sub("791", "a"), sub("269", "a")
    if control is None or not (control.text or "").strip().isdigit() or not symbol or not date_text:
        msg = f"{name} lacks the record number (001), symbol (791 $a) or date (269 $a) of a voting record."
        raise DataFileError(msg)
    rcid = int(control.text.strip())
    try:
        date = _marc_date(date_text)
    except ValueError as err:
        msg = f"{name} field 269: {err}"
        raise DataFileError(msg) from None
    rows = []
    fields: dict[str, list[str]] = {}
    for tag in ("967", "968", "969"):
        for i, subs in enumerate(subs_of(tag)):
            code = subs.get("c", "").upper()
            if not countries.is_known(code):
                msg = f"{name} {tag} field {i + 1}: country code {code!r} is not a known ISO3 or historical"
                msg += " code (see unvotes_lib.all_countries())."
                raise DataFileError(msg)
            vote = subs.get("d", "")
            if vote not in _UNDL_VOTES:
                msg = f"{name} {tag} field {i + 1} ({code}): unknown vote {vote!r}; expected Y, N, A or none."
                raise DataFileError(msg)
            rows.append((rcid, code, _UNDL_VOTES[vote]))
            fields.setdefault(code, []).append(f"{tag} #{i + 1}")
    twice = {code: where for code, where in fields.items() if len(where) > 1}
    if twice:
        code, where = next(iter(twice.items()))
        msg = (
            f"{name}: {code} has more than one vote field ({', '.join(where)}); "
            f"{len(twice)} member(s) repeated. Each member must appear once: download the record again."
        )
        raise DataFileError(msg)
    votes = pd.DataFrame(rows, columns=["rcid", "country", "vote"])
    votes["country"] = seat_codes(votes["country"], pd.Series(date, index=votes.index))
    votes["vote"] = votes["vote"].astype(pd.CategoricalDtype(list(VOTE_LABELS)))

    totals = next(subs_of("996"), {})

    def number(code, pattern):
        text = totals.get(code)
        if text:
            if not text.isdigit():
                msg = f"{name} field 996 ${code}: {text!r} is not a count (a whole number >= 0)."
                raise DataFileError(msg)
            return int(text)
        m = re.search(pattern + r"\s*:?\s*(\d+)", totals.get("a") or "", flags=re.IGNORECASE)
        return int(m.group(1)) if m else pd.NA

    membership = number("f", r"\btotal voting membership\b")
    drafts = [subs.get("a") for subs in subs_of("993") if subs.get("a")]
    draft = next((d for d in drafts if re.search(r"/L\.\d|^S/\d{4}/\d", d)), drafts[0] if drafts else None)
    title = sub("245", "a")
    body = "SC" if symbol.upper().startswith("S/") else "GA"
    roll = pd.DataFrame(
        [
            {
                "rcid": rcid,
                "body": body,
                "date": date,
                "session": _session_of(canonical_symbol(symbol)) if body == "GA" else str(date.year),
                "symbol": canonical_symbol(symbol),
                "source_symbol": symbol,
                "title": re.sub(r"\s*[:/]\s*$", "", title) if title else None,
                "description": sub("591", "a"),
                "draft": draft,
                "meeting": sub("952", "a"),
                "partial": bool(pd.notna(membership) and len(rows) < membership),
                "yes_total": number("b", r"\byes\b"),
                "no_total": number("c", r"\bno\b"),
                "abstain_total": number("d", r"\babstentions?\b"),
                "non_voting_total": number("e", r"\bnon-?voting\b"),
                "url": f"https://digitallibrary.un.org/record/{rcid}",
            }
        ]
    )
    issues = pd.DataFrame(
        {
            "rcid": pd.Series(dtype="int64"),
            "issue_code": pd.Series(dtype="string"),
            "issue": pd.Series(dtype="string"),
        }
    )
    return Tables(roll, votes, issues)


# ---------------------------------------------------------------- curated YAML

_RECORD_KEYS = {
    "symbol",
    "body",
    "date",
    "session",
    "title",
    "description",
    "draft",
    "meeting",
    "rcid",
    "complete",
    "totals",
    "votes",
    "issues",
    "sources",
    "note",
    "important",
    "amend",
    "para",
    "modality",
}
_TOTAL_KEYS = {"yes", "no", "abstain", "non_voting"}
_YAML_BOOL = {True: "yes", False: "no"}


def curated_rcid(symbol: str) -> int:
    """The rcid a curated record gets when it names none: stable, from its symbol.

    Parameters
    ----------
    symbol : str
        The record's resolution symbol; spaces and case are ignored.

    Returns
    -------
    int
        ``10**9 + crc32(symbol) % 10**9``: between ``10**9`` and ``2 * 10**9``, above
        Voeten's rcids and the UN Digital Library's record numbers.

    Examples
    --------
    >>> curated_rcid("S/RES/2774 (2025)") == curated_rcid("S/RES/2774(2025)")
    True
    """
    return 10**9 + zlib.crc32(re.sub(r"\s+", "", symbol).upper().encode()) % 10**9


def read_curated(path: str | os.PathLike) -> Tables:
    """Read hand-entered voting records (YAML, format ``unvotes-curated/1``).

    See ``data/curated/README.md`` for the format. A record with ``complete: false``
    lists only some members' votes; its official ``totals`` are required and the
    roll call is marked ``partial``. A complete record's votes must add up to its
    totals when both are given.

    Parameters
    ----------
    path : path-like
        A UTF-8 YAML file with a ``records`` list.

    Returns
    -------
    Tables
        ``roll_calls``: one row per record: ``rcid`` (given, or :func:`curated_rcid`),
        ``body``, ``date``, ``session`` (given, else from a GA symbol or the SC year),
        ``symbol`` (:func:`canonical_symbol`), ``source_symbol``, ``title``, ``description``,
        ``draft``, ``meeting``, ``modality``, ``important``, ``amend``, ``para``, ``partial``
        (not ``complete``), ``yes_total``/``no_total``/``abstain_total``/``non_voting_total``
        (the ``totals``, or the counted votes of a complete record without them), ``url``
        (the sources' URLs, space-separated). ``votes``: ``rcid``, ``country`` (ISO3),
        ``vote``. ``issues``: ``rcid``, ``issue_code``, ``issue``.

    Raises
    ------
    DataFileError
        Not UTF-8 or not YAML, an unknown or missing key, an unknown country, a country
        listed twice, totals missing from a partial record or not matching a complete one.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "records.yaml").write_text('''format: unvotes-curated/1
    ... records:
    ...   - symbol: A/RES/ES-11/8
    ...     body: GA
    ...     date: 2025-02-24
    ...     complete: false
    ...     totals: {yes: 93, no: 8, abstain: 73}
    ...     votes:
    ...       abstain: [United States]
    ... ''', encoding="utf-8")
    >>> t = read_curated(d / "records.yaml")
    >>> t.roll_calls[["symbol", "session", "partial", "yes_total", "no_total"]].values.tolist()
    [['A/RES/ES-11/8', 'ES-11', True, 93, 8]]
    >>> t.votes[["country", "vote"]].values.tolist()
    [['USA', 'abstain']]
    >>> shutil.rmtree(d)
    """
    from .yamlio import load_yaml

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"{path.name} is not UTF-8 (byte {err.start}): save it as UTF-8 and read it again ({path})."
        raise DataFileError(msg) from err
    doc = load_yaml(text, what=path.name)
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), list):
        msg = f"{path.name}: expected a mapping with a 'records' list (format unvotes-curated/1)."
        raise DataFileError(msg)
    rolls, votes, issues = [], [], []
    for i, rec in enumerate(doc["records"], start=1):
        where = f"{path.name} record {i}"
        if not isinstance(rec, dict):
            msg = f"{where}: expected a mapping, got {type(rec).__name__}."
            raise DataFileError(msg)
        unknown = set(rec) - _RECORD_KEYS
        if unknown:
            msg = f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_RECORD_KEYS)}."
            raise DataFileError(msg)
        for key in ("symbol", "body", "date", "votes"):
            if key not in rec:
                msg = f"{where}: missing required key {key!r}."
                raise DataFileError(msg)
        symbol, body = str(rec["symbol"]), str(rec["body"]).upper()
        where = f"{path.name} record {i} ({symbol})"
        if body not in ("GA", "SC"):
            msg = f"{where}: body {rec['body']!r} must be 'GA' or 'SC'."
            raise DataFileError(msg)
        try:
            date = pd.Timestamp(rec["date"])
        except (ValueError, TypeError):
            msg = f"{where}: date {rec['date']!r} is not a date (expected YYYY-MM-DD)."
            raise DataFileError(msg) from None
        rcid = int(rec.get("rcid") or curated_rcid(symbol))
        seen: dict[str, str] = {}
        # YAML 1.1 reads the keys `yes:` and `no:` as booleans: take them back.
        for key in ("votes", "totals"):
            if isinstance(rec.get(key), dict):
                rec[key] = {
                    _YAML_BOOL.get(k, k) if isinstance(k, bool) else k: v for k, v in rec[key].items()
                }
        if not isinstance(rec["votes"], dict) or set(rec["votes"]) - set(VOTE_LABELS):
            msg = f"{where}: votes must map {list(VOTE_LABELS)} to lists of countries."
            raise DataFileError(msg)
        for label, members in rec["votes"].items():
            for member in members or []:
                try:
                    code = countries.resolve(str(member), param=f"{where} votes.{label}")
                except ValueError as err:
                    raise DataFileError(str(err)) from None
                if code in seen:
                    msg = f"{where}: {code} is listed under both {seen[code]!r} and {label!r}."
                    raise DataFileError(msg)
                seen[code] = label
                votes.append((rcid, code, label))
        complete = bool(rec.get("complete", False))
        totals = rec.get("totals") or {}
        if set(totals) - _TOTAL_KEYS:
            msg = f"{where}: totals keys must be among {sorted(_TOTAL_KEYS)}."
            raise DataFileError(msg)
        counted = {k: sum(1 for v in seen.values() if v == k) for k in ("yes", "no", "abstain")}
        counted["non_voting"] = sum(1 for v in seen.values() if v == "absent")
        if not complete and not {"yes", "no", "abstain"} <= set(totals):
            msg = f"{where}: a partial record (complete: false) needs official totals yes, no and abstain."
            raise DataFileError(msg)
        for key, value in totals.items():
            if not isinstance(value, int) or value < 0:
                msg = f"{where}: totals.{key} {value!r} is not a count (a whole number >= 0)."
                raise DataFileError(msg)
            if complete and counted[key] != value:
                msg = f"{where}: totals.{key} is {value} but {counted[key]} countries are listed."
                raise DataFileError(msg)
            if not complete and counted[key] > value:
                msg = f"{where}: {counted[key]} countries listed under {key!r}, more than the total {value}."
                raise DataFileError(msg)
        if complete and not totals:
            totals = counted
        urls = [s.get("url") if isinstance(s, dict) else str(s) for s in rec.get("sources") or []]
        session_of = _session_of(canonical_symbol(symbol))
        rolls.append(
            {
                "rcid": rcid,
                "body": body,
                "date": date,
                "session": str(rec.get("session") or (session_of if body == "GA" else date.year)),
                "symbol": canonical_symbol(symbol),
                "source_symbol": symbol,
                "title": rec.get("title"),
                "description": rec.get("description"),
                "draft": rec.get("draft"),
                "meeting": rec.get("meeting"),
                "modality": rec.get("modality"),
                "important": rec.get("important"),
                "amend": rec.get("amend"),
                "para": rec.get("para"),
                "partial": not complete,
                "yes_total": totals.get("yes"),
                "no_total": totals.get("no"),
                "abstain_total": totals.get("abstain"),
                "non_voting_total": totals.get("non_voting"),
                "url": " ".join(u for u in urls if u) or None,
            }
        )
        for item in rec.get("issues") or []:
            if isinstance(item, dict):
                issues.append((rcid, item.get("code"), item.get("issue")))
            else:
                issues.append((rcid, None, str(item)))
    roll = pd.DataFrame(rolls)
    if roll["rcid"].duplicated().any():
        dup = roll.loc[roll["rcid"].duplicated(), "symbol"].tolist()
        msg = f"{path.name}: records {dup} have the same rcid as another record; give each a distinct rcid."
        raise DataFileError(msg)
    vt = pd.DataFrame(votes, columns=["rcid", "country", "vote"])
    vt["country"] = seat_codes(vt["country"], vt["rcid"].map(roll.set_index("rcid")["date"]))
    vt["vote"] = vt["vote"].astype(pd.CategoricalDtype(list(VOTE_LABELS)))
    return Tables(roll, vt, pd.DataFrame(issues, columns=["rcid", "issue_code", "issue"]))


# ---------------------------------------------------------------- published ideal points


# COW codes whose published iso3c differs from this package's code for the same seat.
_BSV_CCODE = {678: "YEM", 680: "YMD", 345: "SRB", 365: "RUS", 260: "DEU", 255: "DEU", 265: "DDR", 713: "TWN"}


def read_bsv_ideal_points(path: str | os.PathLike) -> pd.DataFrame:
    """Read the published Bailey-Strezhnev-Voeten ideal points (Latin-1 encoded CSV).

    Parameters
    ----------
    path : path-like
        The published CSV: at least ``ccode``, ``session`` and ``IdealPoint`` (or
        ``IdealPointAll``); ``iso3c``, ``Countryname``, ``NVotes`` and the quantile columns
        (``QO%``, ``Q5%``, ...) when present.

    Returns
    -------
    DataFrame
        ``country`` (ISO3 as published, ``DDR``/``YAR`` for the two Germanys' and
        Yemens' predecessors), ``code`` (this package's code for the same seat under
        ``successors="merge"``, from the COW code: 678 Yemen Arab Republic -> ``YEM``,
        680 South Yemen -> ``YMD``, 345 Yugoslavia/Serbia -> ``SRB``, 365 -> ``RUS``,
        255 and 260 -> ``DEU``, 265 -> ``DDR``, 713 -> ``TWN``; else ``country``),
        ``ccode`` (COW code), ``name``, ``session`` (int),
        ``n_votes``, ``ideal`` (posterior mean), and the published quantiles
        ``q0, q5, q10, q50, q90, q95, q100``.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ideal.csv").write_bytes(
    ...     b"Row,ccode,session,NVotes,IdealPoint,QO%,Q50%,iso3c,Countryname\\n"
    ...     b"1,2,1,42,1.675486,0.927,1.675,USA,United States\\n"
    ...     b"2,678,5,9,-0.5,-0.9,-0.5,YAR,Yemen Arab Republic\\n"
    ...     b"3,437,15,60,-0.8,-1.2,-0.8,CIV,C\\xf4te d'Ivoire\\n")
    >>> ip = read_bsv_ideal_points(d / "ideal.csv")
    >>> cols = ["country", "code", "session", "n_votes", "ideal", "q0"]
    >>> ip[cols].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['USA', 'USA', 1, 42, 1.675486, 0.927], ['YAR', 'YEM', 5, 9, -0.5, -0.9],
     ['CIV', 'CIV', 15, 60, -0.8, -1.2]]
    >>> ip["name"].iloc[2]
    "Côte d'Ivoire"
    >>> shutil.rmtree(d)
    """
    path = Path(path)
    header = _read_header(path, encoding="latin-1")
    _require(path, header, LAYOUTS["bsv-ideal"], "ideal-point")
    df = _read_csv(path, encoding="latin-1")
    ideal = "IdealPoint" if "IdealPoint" in df else "IdealPointAll"
    published = df["iso3c"].astype("string") if "iso3c" in df else pd.Series(pd.NA, index=df.index)
    out = pd.DataFrame(
        {
            "country": published,
            "code": df["ccode"].map(_BSV_CCODE).astype("string").fillna(published),
            "ccode": df["ccode"].astype("int64"),
            "name": df["Countryname"].astype("string") if "Countryname" in df else pd.NA,
            "session": df["session"].astype("int64"),
            "n_votes": df["NVotes"].astype("Int64") if "NVotes" in df else pd.NA,
            "ideal": df[ideal].astype("float64"),
        }
    )
    for col in df.columns:
        m = re.fullmatch(r"Q[O0]?(\d*)%", col)
        if m:
            out[f"q{m.group(1) or '0'}"] = df[col].astype("float64")
    return out


# ---------------------------------------------------------------- canonical symbols

_ROMAN = {"I", "V", "X", "L", "C"}


def canonical_symbol(text) -> str:
    """One spelling for a resolution symbol, whichever source wrote it.

    ==========================  ==========================  =====================================
    given                       canonical                   rule
    ==========================  ==========================  =====================================
    ``R/74/9`` (Voeten)         ``A/RES/74/9``              ``R/`` is the Assembly's ``A/RES/``
    ``R/31/6A``, ``R/1/1287/B`` ``A/RES/31/6 A``, ...       a part letter after one space
    ``ESS/11/1``, ``SS/17/2``   ``A/RES/ES-11/1``, ...      emergency and special sessions
    ``a/res/75/254a-c``         ``A/RES/75/254 A-C``        upper case, one space before parts
    ``A/RES/194(III)``          ``A/RES/194 (III)``         early numbering, as the UN prints it
    ``S/RES/2774(2025)``        ``S/RES/2774 (2025)``       Council: one space before the year
    ==========================  ==========================  =====================================

    The Council's form keeps the space the UN prints and its extracts use
    (``S/RES/2774 (2025)``); ``S/RES/2774(2025)`` and other spacing are accepted. A text
    that is none of these is returned with its spaces tidied and upper-cased (never an
    error: a symbol is a label, and an unknown one simply matches nothing).

    Voeten's symbols name the resolution a roll call was ABOUT: an amendment or a
    paragraph vote carries the symbol of the resolution it amended (``amend``/``para``
    say which), so in that source one symbol can have several roll calls. For sessions
    1-30 its ``R/<session>/<number>`` is put in the modern pattern ``A/RES/<session>/<number>``
    without pretending it is the UN's symbol of the time (the UN numbered those resolutions
    ``A/RES/<number> (<session in roman>)`` and Voeten's number is not always one).

    Parameters
    ----------
    text : str
        A symbol as some source wrote it (missing values give ``""``).

    Returns
    -------
    str

    Examples
    --------
    >>> canonical_symbol("R/74/9"), canonical_symbol("ESS/11/7"), canonical_symbol("R/31/6A")
    ('A/RES/74/9', 'A/RES/ES-11/7', 'A/RES/31/6 A')
    >>> canonical_symbol("S/RES/2774(2025)"), canonical_symbol(" S/RES/2774  (2025) ")
    ('S/RES/2774 (2025)', 'S/RES/2774 (2025)')
    >>> canonical_symbol("A/RES/75/254A-C"), canonical_symbol("A/RES/194(III)")
    ('A/RES/75/254 A-C', 'A/RES/194 (III)')
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return _canonical(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _canonical(text: str) -> str:
    s = " ".join(text.split()).upper()  # str.split() also splits on no-break spaces
    m = re.fullmatch(r"(R|ESS|SS)/(\d+)/(\d+)\s*/?\s*([A-Z]{1,4}(?:-[A-Z])?)?", s)
    if m:
        kind, session, number, part = m.groups()
        prefix = {"R": "", "ESS": "ES-", "SS": "S-"}[kind]
        return f"A/RES/{prefix}{int(session)}/{int(number)}" + (f" {part}" if part else "")
    m = re.fullmatch(r"A/RES/((?:ES-|S-)?\d+)/(\d+)\s*([A-Z](?:\s*-\s*[A-Z])?)?", s)
    if m:
        session, number, part = m.groups()
        return f"A/RES/{session}/{int(number)}" + (f" {part.replace(' ', '')}" if part else "")
    m = re.fullmatch(r"A/RES/(\d+)\s*\(\s*([IVXLC]+|S-[IVXLC]+|ES-[IVXLC]+)\s*\)\s*([A-Z])?", s)
    if m:
        return f"A/RES/{int(m.group(1))} ({m.group(2)})" + (f" {m.group(3)}" if m.group(3) else "")
    m = re.fullmatch(r"S/RES/(\d+)\s*\(\s*(\d{4})\s*\)", s)
    if m:
        return f"S/RES/{int(m.group(1))} ({m.group(2)})"
    return s


def _canonical_symbols(raw: pd.Series) -> pd.Series:
    """:func:`canonical_symbol` over a column, once per distinct value."""
    text = raw.astype("string")
    uniques = text.dropna().unique()
    mapping = {u: canonical_symbol(u) for u in uniques}
    return text.map(mapping).astype("string")


# ---------------------------------------------------------------- UN extracts (JSON lines)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("january february march april may june july august september october november december").split(),
        start=1,
    )
}
_UNXML_DATE = re.compile(
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}:\d{2})?"
    r"|(?P<day>\d{1,2}) (?P<month>[A-Za-z]+) (?P<year>\d{4})(?: in [A-Z][A-Za-z .'-]*)?)"
)
_LISTS = (("MS_in_favour", "yes"), ("MS_against", "no"), ("MS_abstaining", "abstain"))
_COUNTS = {"yes": "MS_in_favour_count", "no": "MS_against_count", "abstain": "MS_abstaining_count"}
#: The permanent members of the Council from 2000 on (the extracts start in 2000).
_P5 = frozenset({"CHN", "FRA", "GBR", "RUS", "USA"})
#: The Council's size since the 1965 enlargement.
_SC_SIZE = 15
_GA_TYPES = {"by a recorded vote": "recorded vote", "without a vote": "without vote"}
_SC_RESULT = re.compile(
    r"adopted\s*(?:"
    r"(?P<open>\()?\s*(?P<yes>\d+)\s*-\s*(?P<no>\d+)\s*-\s*(?P<abstain>\d+)"
    r"(?:\s*,\s*(?P<absent>\d+)\s+absent)?\s*\)?"
    r"|(?P<non>non-unanimously)"
    r"|(?P<unanimous>unanim[a-z]*)"
    r"|(?P<without>without\s+(?:a\s+)?vote)"
    r"|(?P<acclamation>by\s+acclamation))"
    r"\s*(?:[,;]\s*(?P<rest>.*?))?\s*",
    flags=re.IGNORECASE,
)
_SC_REST = re.compile(
    r"(?:\d+(?:st|nd|rd|th)\s*(?:\(resumption \d+\)\s*)?meeting(?:\s*,\s*part [ivx]+)?\.?"
    r"|voting by mail)",
    flags=re.IGNORECASE,
)


def _unxml_date(value, where: str) -> pd.Timestamp:
    text = str(value or "").replace("\u00a0", " ").strip()
    text = re.sub(r" +", " ", text)
    m = _UNXML_DATE.fullmatch(text)
    if m and m.group("iso"):
        return pd.Timestamp(m.group("iso"))
    if m and m.group("month").lower() in _MONTHS:
        try:
            return pd.Timestamp(int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day")))
        except ValueError:
            pass
    msg = (
        f"{where}: adoption_date {value!r} is not a date in a known shape "
        "('2019-10-10 00:00:00', '29 October 2025', '19 November 2004 in Nairobi'). "
        "Report the new shape; the file was not read."
    )
    raise DataFileError(msg)


def _count(value, where: str, field: str, listed: int | None) -> int | None:
    """A count field: digits (``"010"`` is 10); ``"N.A."`` or empty is 0 when its list is empty."""
    text = str(value if value is not None else "").strip()
    if text.isdigit() and int(text) <= 1000:  # 193 members at most; 1000 leaves room, not overflow
        return int(text)
    if text in ("", "N.A."):
        # Measured: "N.A." appears only beside an empty list ("against: none"), so it is 0;
        # beside names it would be an unknown total, not zero.
        return 0 if not listed else None
    msg = f"{where}: {field} {value!r} is not a count (digits up to 1000, 'N.A.' or empty)."
    raise DataFileError(msg)


def _members_on(body: str, date: pd.Timestamp) -> frozenset[str] | None:
    """Who could vote on ``date``: the UN's members (GA) or the Council (SC); None if unknown."""
    if body == "GA":
        return countries.un_members(f"{date:%Y-%m-%d}") if date.year >= 2000 else None
    elected = sc_elected().get(date.year)
    return (_P5 | elected) if elected is not None and date.year >= 2000 else None


def _read_json_entries(path: Path) -> list[tuple[int, dict]]:
    """(line, object) of a JSON-lines file, or of a JSON array (line = position in it)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        msg = f"Could not read {path}: {err.strerror or err}."
        raise DataFileError(msg) from err
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        msg = (
            f"{path.name} line {line}: not UTF-8 (byte {raw[err.start : err.start + 1]!r}); "
            "the UN extracts are UTF-8 JSON lines. Download the file again."
        )
        raise DataFileError(msg) from err
    if not text.strip():
        msg = f"{path.name} is empty: expected one JSON object per line (a UN data_extract file). ({path})"
        raise DataFileError(msg)
    entries: list[tuple[int, dict]] = []
    if text.lstrip().startswith("["):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            msg = f"{path.name} line {err.lineno}: not JSON ({err.msg}, column {err.colno})."
            raise DataFileError(msg) from err
        items = list(enumerate(doc, start=1)) if isinstance(doc, list) else [(1, doc)]
    else:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                shown = line[:60] + ("..." if len(line) > 60 else "")
                msg = (
                    f"{path.name} line {number}: not JSON ({err.msg}, column {err.colno}): {shown!r}. "
                    "Each line must be one JSON object; download the file again."
                )
                raise DataFileError(msg) from err
    for number, item in items:
        if not isinstance(item, dict) or not isinstance(item.get("symbol"), str):
            got = type(item).__name__ if not isinstance(item, dict) else f"keys {sorted(item)[:6]}"
            msg = f"{path.name} line {number}: expected a resolution object with a 'symbol'; got {got}."
            raise DataFileError(msg)
        entries.append((number, item))
    return entries


class _Names:
    """Member names -> ISO3, once per distinct spelling, with the reader's error message."""

    def __init__(self):
        self.codes: dict[str, str | None] = {}

    def code(self, name: str) -> str | None:
        if name not in self.codes:
            try:
                self.codes[name] = countries.resolve_member_name(name)
            except ValueError:
                self.codes[name] = None
        return self.codes[name]

    def map_list(self, names, where: str, field: str) -> list[str]:
        if not names:
            return []
        fast = [self.codes.get(n) for n in names]
        if None not in fast:
            return fast
        out, i = [], 0
        names = [str(n) for n in names]
        while i < len(names):
            code = self.code(names[i])
            if code is None and i + 1 < len(names):
                # A name split over two items: "CÔTE." + "D'IVOIRE".
                code = self.code(f"{names[i]} {names[i + 1]}")
                if code is not None:
                    i += 1
            if code is None:
                near = countries.suggest(names[i])
                hint = ", ".join(f"{c} ({countries.name_of(c)})" for c in near) or "none close"
                msg = (
                    f"{where}: {field} lists {names[i]!r}, which is not a known Member State name "
                    f"(closest: {hint}). Add the spelling to unvotes_lib.countries._ALIASES."
                )
                raise DataFileError(msg)
            out.append(code)
            i += 1
        return out


def _unxml_result(entry: dict, body: str, where: str, listed: dict[str, int]) -> tuple[str, dict]:
    """(modality, official totals) of one extract entry."""
    kind = str(entry.get("adoption_type") or "").strip()
    some_listed = any(listed.values())

    def from_counts():
        return {
            label: _count(entry.get(field), where, field, listed[label]) for label, field in _COUNTS.items()
        }

    if body == "GA":
        modality = _GA_TYPES.get(re.sub(r"\s+", " ", kind).lower())
        if modality is None and kind:
            msg = (
                f"{where}: adoption_type {kind!r} is not one seen before "
                f"({sorted(_GA_TYPES)} or empty). Report it; the file was not read."
            )
            raise DataFileError(msg)
        if modality is None:  # empty: decided by the lists and voting_type
            recorded = some_listed or entry.get("voting_type") == "adoptedRecordedVote"
            modality = "recorded vote" if recorded else "unknown"
        if modality == "recorded vote":
            return modality, {**from_counts(), "absent": None}
        return modality, {"yes": None, "no": None, "abstain": None, "absent": None}

    if not kind:
        return ("recorded vote", {**from_counts(), "absent": None}) if some_listed else ("unknown", {})
    m = _SC_RESULT.fullmatch(kind)
    if m is None or (m.group("rest") and not _SC_REST.fullmatch(m.group("rest"))):
        msg = (
            f"{where}: adoption_type {kind!r} is not a result seen before (such as 'Adopted 12-0-3, "
            "9836th meeting', 'Adopted unanimously', 'Adopted without vote', 'Adopted by acclamation'). "
            "Report it; the file was not read."
        )
        raise DataFileError(msg)
    by_mail = bool(m.group("rest")) and m.group("rest").lower() == "voting by mail"
    suffix = " (voting by mail)" if by_mail else ""
    if m.group("without"):
        return "without vote" + suffix, {}
    if m.group("acclamation"):
        return "acclamation" + suffix, {}
    if m.group("yes") is not None:
        totals = {k: int(m.group(k)) for k in ("yes", "no", "abstain")}
        if max(totals.values()) > _SC_SIZE:
            msg = f"{where}: adoption_type {kind!r} counts more votes than the Council's {_SC_SIZE} members."
            raise DataFileError(msg)
    elif m.group("unanimous"):
        yes = _count(entry.get("MS_in_favour_count"), where, "MS_in_favour_count", listed["yes"])
        totals = {"yes": yes or _SC_SIZE, "no": 0, "abstain": 0}
    else:  # non-unanimously: the count fields
        totals = from_counts()
    if None not in totals.values():
        totals["absent"] = _SC_SIZE - sum(totals.values())
    return ("unanimous" if m.group("unanimous") else "recorded vote") + suffix, totals


def read_unxml(paths, *, body: str) -> Tables:
    """Read the UN's machine-readable resolution extracts (JSON lines) of the GA or the SC.

    The files are ``data_extract/<session>.json`` of UNxml/GAresolutions (``body="GA"``)
    or ``data_extract/<year>.json`` of UNxml/SCresolutions (``body="SC"``); see
    ``FORMATS.md`` sections 6 and 7. One JSON object per line; a JSON array is accepted.

    Parameters
    ----------
    paths : path-like or sequence of path-like
        The files to read together (symbols repeated across them are collapsed).
    body : {"GA", "SC"}

    Returns
    -------
    Tables
        ``roll_calls``: one row per resolution, adopted by a recorded vote or not:
        ``rcid`` (stable: from the canonical symbol, :func:`unxml_rcid`), ``body``,
        ``date``, ``session`` (GA ``"74"``, ``"ES-11"``, ``"S-32"`` from the symbol; SC the
        year), ``symbol`` (:func:`canonical_symbol`), ``source_symbol`` (as the file has it),
        ``title``, ``description`` (agenda item), ``draft``, ``meeting``, ``modality``,
        ``partial``, ``yes_total``/``no_total``/``abstain_total``/``non_voting_total``
        (official), ``amend``/``para`` (False: resolutions voted as a whole), ``url`` (the
        UN's document link), ``listed_twice``.
        ``votes``: ``rcid``, ``country`` (ISO3), ``vote``. ``issues``: UNBIS subjects with
        ``issue_code`` ``"unbis"``.

    Notes
    -----
    **Modality.** GA: ``"recorded vote"``, ``"without vote"`` or, for an empty
    ``adoption_type`` with no lists and ``voting_type`` not ``adoptedRecordedVote``,
    ``"unknown"`` (4 entries in 79-80, all with zero counts: no vote is on file). SC:
    ``"recorded vote"`` (a result such as 12-0-3 or "non-unanimously"), ``"unanimous"``,
    ``"without vote"``, ``"acclamation"``, each with ``" (voting by mail)"`` when the
    Council voted in writing (2020-2021). Resolutions without a recorded vote are kept as
    roll calls with NO votes: they are not votes and analyses must not count them.

    **Official totals.** GA: the count fields; ``"N.A."`` is 0 (it appears only beside an
    empty list). ``non_voting_total`` is not given by the Assembly's extract (NA). SC: the
    result stated in ``adoption_type`` ("Adopted 13-0-2": the count fields disagree with
    it in a few entries, and it is the Council's own statement); "unanimously" is every
    voting member yes (the ``MS_in_favour_count``, else 15); ``non_voting_total`` is 15
    less the three totals. Totals and votes are never adjusted to agree:
    :meth:`unvotes_lib.VoteData.check` reports where they differ.

    **Votes.** Each listed name becomes a vote (:func:`unvotes_lib.countries.resolve_member_name`:
    UN long forms, accents, mojibake such as ``TÜRKÝYE``, a name split over two items
    ``CÔTE.`` + ``D'IVOIRE``, the typo ``CHILEs``). A member on the day of the vote that no
    list names is ``absent``: the UN's members (:func:`unvotes_lib.countries.un_members`)
    for the GA, the permanent members and that year's elected members
    (``data/sc_members.yaml``) for the SC. A recorded vote whose lists are all empty (the
    GA's A/RES/75/254 A-C) has no votes at all, not 193 absences; a unanimous Council
    resolution without lists has every member voting yes. A member listed twice (in one
    list or in two) keeps its first vote (in favour, against, abstaining order) and is
    named in ``listed_twice`` ("ALB twice in abstain"), which ``check()`` reports.

    **Dates.** ``2019-10-10 00:00:00``, ``29 October 2025`` (with no-break spaces or not)
    and ``19 November 2004 in Nairobi``; any other shape is an error. A Council date in
    another year than its symbol's (S/RES/2423 (2018) is dated "29 June 2016") takes the
    symbol's year, with a warning naming the entry.

    **Duplicates.** Entries with the same canonical symbol are one roll call when they
    agree (same date and the same votes once names are mapped, or one of them without
    any list); otherwise a :class:`~unvotes_lib.errors.DataFileError` names both places.

    Raises
    ------
    DataFileError
        A line that is not JSON, an empty file, a date or ``adoption_type`` of a shape not
        seen before, an unknown member name, contradicting duplicates; the message names
        the file, the line and the symbol.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "2025.json"
    >>> entry = {"symbol": "S/RES/2774 (2025)", "adoption_date": "24\\u00a0February 2025",
    ...          "adoption_type": "Adopted 10-0-5, 9866th meeting",
    ...          "MS_in_favour": ["ALGERIA", "CHINA", "GUYANA", "PAKISTAN", "PANAMA",
    ...              "REPUBLIC OF KOREA", "RUSSIAN FEDERATION", "SIERRA LEONE", "SOMALIA", "UNITED STATES"],
    ...          "MS_against": [],
    ...          "MS_abstaining": ["DENMARK", "FRANCE", "GREECE", "SLOVENIA", "UNITED KINGDOM"]}
    >>> _ = f.write_text(json.dumps(entry) + "\\n", encoding="utf-8")
    >>> t = read_unxml([f], body="SC")
    >>> t.roll_calls[["symbol", "yes_total", "no_total", "abstain_total", "non_voting_total"]].values.tolist()
    [['S/RES/2774 (2025)', 10, 0, 5, 0]]
    >>> t.votes["vote"].value_counts().to_dict()
    {'yes': 10, 'abstain': 5, 'no': 0, 'absent': 0}
    """
    body = str(body).upper()
    if body not in ("GA", "SC"):
        msg = f"`body` {body!r} must be 'GA' or 'SC'."
        raise ParameterError(msg)
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        msg = "`paths` is empty: give the extract files to read (e.g. 74.json ... 80.json)."
        raise ParameterError(msg)
    names = _Names()
    kept: dict[str, dict] = {}
    order: list[str] = []
    for path in paths:
        for number, entry in _read_json_entries(path):
            record = _unxml_record(entry, body, f"{path.name} line {number}", names)
            key = record["roll"]["symbol"]
            if key not in kept:
                kept[key] = record
                order.append(key)
            else:
                kept[key] = _merge_duplicates(kept[key], record)
    rolls = [kept[k]["roll"] for k in order]
    roll = pd.DataFrame(rolls)
    rcids = [unxml_rcid(s, body=body) for s in roll["symbol"]]
    if len(set(rcids)) != len(rcids):  # pragma: no cover - a crc32 collision among a few thousand symbols
        seen: set[int] = set()
        for i, r in enumerate(rcids):
            while r in seen:
                r += 1
            seen.add(r)
            rcids[i] = r
    roll.insert(0, "rcid", np.asarray(rcids, dtype="int64"))
    for col in ("yes_total", "no_total", "abstain_total", "non_voting_total"):
        roll[col] = pd.array(roll[col].tolist(), dtype="Int64")
    roll["date"] = pd.to_datetime(roll["date"]).astype("datetime64[ns]")
    rcid_of = dict(zip(order, rcids, strict=True))
    sizes = [len(kept[k]["votes"]) for k in order]
    votes = pd.DataFrame(
        {
            "rcid": np.repeat(np.asarray(rcids, dtype="int64"), sizes),
            "country": [code for k in order for code in kept[k]["votes"]],
            "vote": [vote for k in order for vote in kept[k]["votes"].values()],
        }
    )
    dates = votes["rcid"].map(dict(zip(rcids, roll["date"], strict=True)))
    votes["country"] = seat_codes(votes["country"], dates).astype("category")
    votes["vote"] = votes["vote"].astype(pd.CategoricalDtype(list(VOTE_LABELS)))
    issue_rows = [(rcid_of[k], "unbis", term) for k in order for term in kept[k]["issues"]]
    issues = pd.DataFrame(issue_rows, columns=["rcid", "issue_code", "issue"]).astype(
        {"rcid": "int64", "issue_code": "string", "issue": "string"}
    )
    return Tables(roll, votes, issues)


def unxml_rcid(symbol: str, *, body: str) -> int:
    """The rcid of a UN-extract roll call: stable, from its canonical symbol.

    GA roll calls get ``2_000_000_000 + crc32(symbol) % 10**9``, SC ones ``3_000_000_000 + ...``,
    beyond Voeten's rcids (< 10**5), the UN Digital Library's record numbers (< 10**8) and
    curated records (``10**9 + ...``).

    Parameters
    ----------
    symbol : str
        The resolution symbol, in any spelling :func:`canonical_symbol` accepts.
    body : {"GA", "SC"}

    Returns
    -------
    int

    Raises
    ------
    KeyError
        If ``body`` is neither ``"GA"`` nor ``"SC"``.

    Examples
    --------
    >>> unxml_rcid("A/RES/80/4", body="GA") == unxml_rcid("a/res/80/4", body="GA")
    True
    >>> 3_000_000_000 <= unxml_rcid("S/RES/2774 (2025)", body="SC") < 4_000_000_000
    True
    """
    base = {"GA": 2, "SC": 3}[str(body).upper()] * 10**9
    return base + zlib.crc32(canonical_symbol(symbol).encode()) % 10**9


def _text(entry: dict, *fields) -> str | None:
    for field in fields:
        value = entry.get(field)
        if isinstance(value, str):
            value = " ".join(value.split())
            if value and value != "N.A.":
                return value
    return None


def _unxml_record(entry: dict, body: str, where: str, names: _Names) -> dict:
    source_symbol = entry["symbol"]
    symbol = canonical_symbol(source_symbol)
    where = f"{where} ({source_symbol})"
    date = _unxml_date(entry.get("adoption_date"), where)
    year = re.fullmatch(r"S/RES/\d+ \((\d{4})\)", symbol)
    if body == "SC" and year and int(year.group(1)) != date.year:
        # S/RES/2423 (2018) is dated "29 June 2016": the symbol's year is the Council's own.
        try:
            fixed = date.replace(year=int(year.group(1)))
        except ValueError:  # 29 February
            fixed = date.replace(year=int(year.group(1)), day=28)
        _warn(
            f"{where}: adoption_date {entry.get('adoption_date')!r} is not in the year of the symbol; "
            f"read as {fixed:%Y-%m-%d}.",
            UserWarning,
        )
        date = fixed
    lists = {}
    for field, label in _LISTS:
        value = entry.get(field) or []
        if not isinstance(value, list):
            msg = f"{where}: {field} is {type(value).__name__}, expected a list of member names."
            raise DataFileError(msg)
        lists[label] = names.map_list(value, where, field)
    listed = {label: len(codes) for label, codes in lists.items()}
    modality, totals = _unxml_result(entry, body, where, listed)
    votes: dict[str, str] = {}
    twice: list[str] = []
    recorded = modality.startswith(("recorded vote", "unanimous"))
    if recorded:
        for label, codes in lists.items():
            for code in codes:
                if code in votes:
                    how = f"twice in {label}" if votes[code] == label else f"in {votes[code]} and {label}"
                    twice.append(f"{code} {how}")
                else:
                    votes[code] = label
        members = _members_on(body, date)
        if not votes and modality.startswith("unanimous") and members is not None:
            votes = dict.fromkeys(sorted(members), "yes")
        if votes and members is not None:
            for code in sorted(members - set(votes)):
                votes[code] = "absent"
    elif any(listed.values()):
        # Lists under a resolution adopted without a vote (S/RES/2403 (2018) lists all 15):
        # no vote was taken, so no votes are kept.
        pass
    if body == "GA":
        m = re.match(r"A/RES/((?:ES-|S-)?\d+)/", symbol)
        session = m.group(1) if m else None
    else:
        session = str(date.year)
    subjects = []
    if not isinstance(entry.get("subjects") or [], list):
        got = type(entry["subjects"]).__name__
        msg = f"{where}: subjects is {got}, expected a list of [term, thesaurus] pairs."
        raise DataFileError(msg)
    for pair in entry.get("subjects") or []:
        if isinstance(pair, list) and len(pair) == 2 and pair[1] == "UNBIS Thesaurus" and pair[0]:
            subjects.append(str(pair[0]).strip())
    roll = {
        "body": body,
        "date": date,
        "session": session,
        "symbol": symbol,
        "source_symbol": source_symbol,
        "title": _text(entry, "title", "resolution_title", "agenda_item_name")
        if body == "GA"
        else _text(entry, "resolution_title", "agenda_item_name", "title"),
        "description": _text(entry, "agenda_item_name"),
        "draft": _text(entry, "originating_document", "draft_resolution"),
        "meeting": _text(entry, "pv", "outcome_letter", "adoption_meeting"),
        "modality": modality,
        # The extracts hold adopted resolutions voted as a whole: no amendment or paragraph votes.
        "amend": False,
        "para": False,
        "partial": False,
        "yes_total": totals.get("yes"),
        "no_total": totals.get("no"),
        "abstain_total": totals.get("abstain"),
        "non_voting_total": totals.get("absent"),
        "url": f"https://undocs.org/{symbol.replace(' ', '')}",
        "listed_twice": _summarise_twice(twice),
    }
    return {"roll": roll, "votes": votes, "issues": list(dict.fromkeys(subjects)), "where": where}


def _summarise_twice(twice: list[str]) -> str | None:
    if not twice:
        return None
    shown = "; ".join(twice[:5])
    return shown + (f"; and {len(twice) - 5} more" if len(twice) > 5 else "")


def _merge_duplicates(first: dict, again: dict) -> dict:
    """One roll call from two entries with the same symbol, or an error if they disagree.

    They agree when their dates and results (modality, official totals) are the same and their
    votes too, or when one of them lists no names at all (it adds nothing; S/RES/2820 (2026)).
    """
    a, b = first["roll"], again["roll"]
    what = None
    if a["date"] != b["date"]:
        what = f"dates {a['date']:%Y-%m-%d} and {b['date']:%Y-%m-%d}"
    elif a["modality"] != b["modality"]:
        what = f"results {a['modality']!r} and {b['modality']!r}"
    elif first["votes"] and again["votes"] and first["votes"] != again["votes"]:
        diff = sorted(
            c
            for c in set(first["votes"]) | set(again["votes"])
            if first["votes"].get(c) != again["votes"].get(c)
        )
        what = f"votes of {diff[:6]}" + (f" and {len(diff) - 6} more" if len(diff) > 6 else "")
    if what is not None:
        msg = (
            f"{b['symbol']} appears twice with different {what}: {first['where']} and {again['where']}. "
            "Which one is right cannot be told from the file; report it to the publisher or remove one."
        )
        raise DataFileError(msg)
    return again if again["votes"] and not first["votes"] else first


def _unxml_paths(paths) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return [Path(p) for p in paths]


def read_unxml_ga(paths) -> Tables:
    """:func:`read_unxml` with ``body="GA"`` (the reader registered as ``"unxml-ga"``).

    Parameters
    ----------
    paths : path-like or sequence of path-like
        The General Assembly extract files (``data_extract/<session>.json``).

    Returns
    -------
    Tables
        As :func:`read_unxml`. A recorded vote lists every member of the day: those named
        in none of the lists are ``absent``; a resolution adopted without a vote has no votes.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> entries = [
    ...     {"symbol": "A/RES/74/9", "adoption_date": "2019-11-27 00:00:00",
    ...      "adoption_type": "By a recorded vote", "MS_in_favour_count": "2",
    ...      "MS_against_count": "1", "MS_abstaining_count": "N.A.",
    ...      "MS_in_favour": ["AFGHANISTAN", "NETHERLANDS"], "MS_against": ["UNITED STATES"],
    ...      "MS_abstaining": []},
    ...     {"symbol": "A/RES/74/1", "adoption_date": "10 October 2019", "adoption_type": "Without a vote"}]
    >>> _ = (d / "74.json").write_text("\\n".join(json.dumps(e) for e in entries), encoding="utf-8")
    >>> t = read_unxml_ga(d / "74.json")
    >>> cols = ["symbol", "session", "modality", "yes_total", "no_total", "abstain_total"]
    >>> t.roll_calls[cols].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['A/RES/74/9', '74', 'recorded vote', 2, 1, 0],
     ['A/RES/74/1', '74', 'without vote', <NA>, <NA>, <NA>]]
    >>> t.votes["vote"].value_counts().to_dict()
    {'absent': 190, 'yes': 2, 'no': 1, 'abstain': 0}
    >>> shutil.rmtree(d)
    """
    return read_unxml(_unxml_paths(paths), body="GA")


def read_unxml_sc(paths) -> Tables:
    """:func:`read_unxml` with ``body="SC"`` (the reader registered as ``"unxml-sc"``).

    Parameters
    ----------
    paths : path-like or sequence of path-like
        The Security Council extract files (``data_extract/<year>.json``).

    Returns
    -------
    Tables
        As :func:`read_unxml`; ``session`` is the year. A resolution "Adopted unanimously"
        without member lists gets a ``yes`` for each of the 15 members of that year.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> entry = {"symbol": "S/RES/2775(2025)", "adoption_date": "2025-03-07 00:00:00",
    ...          "adoption_type": "Adopted unanimously, 9873rd meeting"}
    >>> _ = (d / "2025.json").write_text(json.dumps(entry) + "\\n", encoding="utf-8")
    >>> t = read_unxml_sc([d / "2025.json"])
    >>> t.roll_calls[["symbol", "session", "modality", "yes_total", "non_voting_total"]].values.tolist()
    [['S/RES/2775 (2025)', '2025', 'unanimous', 15, 0]]
    >>> len(t.votes), set(t.votes["vote"])
    (15, {'yes'})
    >>> shutil.rmtree(d)
    """
    return read_unxml(_unxml_paths(paths), body="SC")


READERS = {
    "unvotes": read_unvotes,
    "undl-ga": read_undl_ga,
    "undl-sc": read_undl_sc,
    "marcxml": read_marcxml,
    "curated": read_curated,
    "unxml-ga": read_unxml_ga,
    "unxml-sc": read_unxml_sc,
}


#: Readers that take every file of a series (one file per session or year) at once.
SERIES_READERS = frozenset({"unxml-ga", "unxml-sc"})


def read(reader: str, files) -> Tables:
    """Read a source's raw files with the reader of their format: the second of the three
    steps of :func:`unvotes_lib.load` (resolve, read, wrap).

    Each format's own way of taking its files is handled here, so that the store only names
    the reader: the unvotes CSVs by role (``votes``, ``roll_calls``, optional ``issues``),
    a series (unxml) as one list of files, curated records as one table from every YAML
    file, any other format as its single file. Splicing several sources is not reading:
    the store does it (it needs the wrapped, typed tables of each part).

    Parameters
    ----------
    reader : str
        A key of :data:`READERS`.
    files : dict of str to path-like, or list of path-like
        The files by role (as in :attr:`unvotes_lib.sources.Located.files`), or a list.

    Returns
    -------
    Tables
        Raw tables, not yet typed (:class:`unvotes_lib.VoteData` types them).

    Raises
    ------
    ParameterError
        If ``reader`` is not a votes reader (the message lists those there are), or a
        single-file reader gets several files.
    DataFileError
        If a file does not read as the format (from the reader, naming file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "unvotes.csv").write_text("rcid,country,country_code,vote\\n5,France,FR,no\\n")
    >>> _ = (d / "roll_calls.csv").write_text(
    ...     "rcid,session,importantvote,date,unres,amend,para,short,descr\\n"
    ...     "5,45,0,1990-10-01,R/45/1,0,0,SHORT,LONG\\n")
    >>> t = read("unvotes", {"votes": d / "unvotes.csv", "roll_calls": d / "roll_calls.csv"})
    >>> t.votes[["rcid", "country", "vote"]].values.tolist()
    [[5, 'FRA', 'no']]
    >>> read("bsv-ideal", [d / "unvotes.csv"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `reader` 'bsv-ideal' does not read votes; the vote readers are ...
    """
    if reader not in READERS:
        msg = f"`reader` {reader!r} does not read votes; the vote readers are {sorted(READERS)}."
        raise ParameterError(msg)
    by_role = dict(files) if isinstance(files, dict) else {str(i): f for i, f in enumerate(files)}
    paths = [Path(f) for f in by_role.values()]
    if reader == "unvotes":
        if "votes" not in by_role or "roll_calls" not in by_role:
            msg = f"`files` of the unvotes reader need 'votes' and 'roll_calls'; got {sorted(by_role)}."
            raise ParameterError(msg)
        return read_unvotes(by_role["votes"], by_role["roll_calls"], by_role.get("issues"))
    if reader in SERIES_READERS:
        return READERS[reader](paths)
    if reader == "curated":
        parts = [read_curated(p) for p in paths]
        return Tables(*(pd.concat([getattr(p, t) for p in parts], ignore_index=True) for t in Tables._fields))
    if len(paths) != 1:
        msg = f"The {reader!r} reader reads one file at a time; got {len(paths)}: {[p.name for p in paths]}."
        raise ParameterError(msg)
    return READERS[reader](paths[0])
