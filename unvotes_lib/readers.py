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
=================  ==============================================  =======================
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import re
import warnings
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from tqdm import tqdm

from . import countries

__all__ = [
    "READERS",
    "Tables",
    "read_bsv_ideal_points",
    "read_curated",
    "read_marcxml",
    "read_undl_ga",
    "read_undl_sc",
    "read_unvotes",
    "sniff",
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


def _read_header(path: Path, encoding: str = "utf-8") -> list[str]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding=encoding, errors="replace") as fh:
            line = fh.readline()
    except (OSError, EOFError, zlib.error) as err:
        if isinstance(err, FileNotFoundError):
            raise
        raise _damaged(path, err) from err
    if not line.strip():
        msg = f"{path.name} is empty: no header line. Download it again or check the file ({path})."
        raise ValueError(msg)
    return list(pd.read_csv(io.StringIO(line), nrows=0).columns)


def _damaged(path: Path, err: Exception) -> ValueError:
    if isinstance(err, (EOFError, zlib.error, gzip.BadGzipFile)):
        return ValueError(
            f"{path.name} is a truncated or damaged gzip file ({err}). "
            f"Download it again (or delete it so it is fetched anew): {path}"
        )
    return ValueError(f"Could not read {path}: {type(err).__name__}: {err}")


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
        A key of :data:`LAYOUTS` (``"undl-ga"``, ``"unvotes"``, ...).

    Raises
    ------
    ValueError
        Unknown layout, or not the ``expected`` one; the message lists the columns found.
    """
    path = Path(path)
    if path.suffix.lower() in (".xml", ".yaml", ".yml"):
        found = "marcxml" if path.suffix.lower() == ".xml" else "curated"
        if expected and expected != found:
            msg = f"{path.name} looks like a {found} file, not {expected!r}."
            raise ValueError(msg)
        return found
    columns = _read_header(path)
    guess = _guess(columns)
    if guess is None or (expected and not guess.startswith(expected)):
        need = LAYOUTS.get(expected or "", ())
        what = f"expected columns {list(need)}" if need else f"expected one of the layouts {list(LAYOUTS)}"
        hint = f" It looks like {_FORMAT_HINT[guess]}." if guess else ""
        msg = f"{path.name} is not a {expected or 'known'} file: {what}; found {columns}.{hint}"
        raise ValueError(msg)
    return guess


def _require(path: Path, columns, needed, layout: str) -> None:
    missing = [c for c in needed if c not in columns]
    if missing:
        guess = _guess(columns)
        hint = f" Is this {_FORMAT_HINT[guess]}?" if guess and guess != layout else ""
        msg = (
            f"{path.name} has no column(s) {missing} needed by the {layout} format; "
            f"expected {list(needed)}, found {list(columns)}.{hint}"
        )
        raise ValueError(msg)


def _read_csv(path: Path, *, encoding: str = "utf-8", **kwargs) -> pd.DataFrame:
    """pandas.read_csv with a byte progress bar and errors that name the file."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        msg = f"{path.name} is empty (0 bytes). Download it again: {path}"
        raise ValueError(msg)
    compression = "gzip" if path.name.lower().endswith(".gz") else None
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
            return pd.read_csv(fh, compression=compression, encoding=encoding, **kwargs)
    except UnicodeDecodeError as err:
        if encoding.lower().replace("-", "") != "utf8":
            raise
        warnings.warn(
            f"{path.name} is not UTF-8 (byte {err.start}: {err.object[err.start : err.start + 1]!r}); "
            "read it as Latin-1. Check the names in it.",
            UnicodeWarning,
            stacklevel=3,
        )
        return _read_csv(path, encoding="latin-1", **kwargs)
    except pd.errors.EmptyDataError as err:
        msg = f"{path.name} has no data (no header line). Download it again: {path}"
        raise ValueError(msg) from err
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise _damaged(path, err) from err


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
        raise ValueError(msg)
    missing = parsed.isna()
    if missing.any():
        first = missing.idxmax()
        msg = f"{path.name} line {_row_of(first)}: {column} is empty; every vote needs a date."
        raise ValueError(msg)
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
            raise ValueError(msg)
    codes = cat.cat.codes.to_numpy()
    if "" not in mapping and (codes < 0).any():
        first = int(np.argmax(codes < 0))
        msg = (
            f"{path.name} line {_row_of(first)}: empty vote in column {column!r}; expected {sorted(mapping)}."
        )
        raise ValueError(msg)
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
        raise ValueError(msg)


def _to_int(path: Path, s: pd.Series, column: str) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna() & s.notna()
    if bad.any() or ((num % 1) != 0).any() or (num < 0).any():
        first = (bad | ((num % 1) != 0) | (num < 0)).idxmax()
        msg = (
            f"{path.name} line {_row_of(first)}: {column} {s[first]!r} is not a count (a whole number >= 0)."
        )
        raise ValueError(msg)
    return num.astype("Int64")


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
            f"{rpath.name} line {_row_of(first)}: rcid {rc['rcid'][first]!r} is missing or repeated; "
            "rcid must be unique."
        )
        raise ValueError(msg)
    roll = pd.DataFrame(
        {
            "rcid": rcid.astype("int64"),
            "body": "GA",
            "date": _parse_dates(rpath, rc["date"]),
            "session": rc["session"].astype("string"),
            "symbol": rc["unres"],
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
        msg = f"{vpath.name} line {_row_of(first)}: rcid {v['rcid'][first]!r} is not a number."
        raise ValueError(msg)
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
                raise ValueError(msg) from err
        code_of[int(pair_key[idx])] = iso3

    positions = pd.Index(roll["rcid"].to_numpy()).get_indexer(rcids.to_numpy())
    if (positions < 0).any():
        first = int(np.argmax(positions < 0))
        msg = (
            f"{vpath.name} line {_row_of(first)}: roll call {int(rcids.iloc[first])} is not in "
            f"{rpath.name}; {int((positions < 0).sum())} vote(s) refer to unknown roll calls."
        )
        raise ValueError(msg)
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
        raise ValueError(msg)
    codes = df["ms_code"].astype("string").str.strip().str.upper()
    unknown = ~codes.isin([c.code for c in countries.all_countries()])
    if unknown.any():
        first = unknown.idxmax()
        msg = (
            f"{path.name} line {_row_of(first)}: ms_code {codes[first]!r} is not a known ISO3 or "
            "historical code (see unvotes_lib.all_countries())."
        )
        raise ValueError(msg)
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
            "symbol": symbol,
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
    """
    df, path = _read_undl(path, body="GA", needed=LAYOUTS["undl-ga"])
    return _undl_tables(df, path, body="GA")


def read_undl_sc(path: str | os.PathLike) -> Tables:
    """Read a UN Dag Hammarskjöld Library Security Council voting file.

    ``session`` is the year (the Council has no sessions). A resolution adopted without
    a vote (``modality`` matching :data:`WITHOUT_VOTE`) is listed in the file with "Y"
    for every member; those rows are not recorded votes, so they are left out and the
    roll call is marked ``partial`` (its official totals stand, no member vote is on record).
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
    raise ValueError(msg)


def read_marcxml(source: str | os.PathLike | bytes) -> Tables:
    """Read one UN Digital Library voting record in MARC 21 XML.

    Parameters
    ----------
    source : path-like or bytes
        The file ``https://digitallibrary.un.org/record/<id>/export/xm`` returns
        (use :func:`unvotes_lib.load` with the URL to download it).

    Notes
    -----
    Fields: ``001`` record number (the rcid), ``791 $a`` symbol, ``269 $a`` date,
    ``245 $a`` title, ``967`` one per Member State (``$c`` code, ``$d`` vote, missing =
    non-voting, ``$e`` name), ``996`` the printed tally (official totals).
    """
    name = "record" if isinstance(source, bytes) else Path(source).name
    try:
        root = ET.fromstring(source) if isinstance(source, bytes) else ET.parse(source).getroot()
    except ET.ParseError as err:
        msg = f"{name} is not valid XML ({err}); expected a MARCXML record from /export/xm."
        raise ValueError(msg) from err
    record = root if root.tag == f"{_MARC}record" else root.find(f"{_MARC}record")
    if record is None:
        msg = f"{name} has no MARC record (namespace {_MARC[1:-1]}); expected /export/xm output."
        raise ValueError(msg)

    def sub(tag, code):
        for field in record.findall(f"{_MARC}datafield[@tag='{tag}']"):
            for s in field.findall(f"{_MARC}subfield[@code='{code}']"):
                if s.text:
                    return s.text.strip()
        return None

    control = record.find(f"{_MARC}controlfield[@tag='001']")
    symbol, date_text = sub("791", "a"), sub("269", "a")
    if control is None or not (control.text or "").strip().isdigit() or not symbol or not date_text:
        msg = f"{name} lacks the record number (001), symbol (791 $a) or date (269 $a) of a voting record."
        raise ValueError(msg)
    rcid = int(control.text.strip())
    try:
        date = _marc_date(date_text)
    except ValueError as err:
        msg = f"{name} field 269: {err}"
        raise ValueError(msg) from None
    rows = []
    for i, field in enumerate(record.findall(f"{_MARC}datafield[@tag='967']")):
        subs = {s.get("code"): (s.text or "").strip() for s in field.findall(f"{_MARC}subfield")}
        code = subs.get("c", "").upper()
        if not countries.is_known(code):
            msg = f"{name} 967 field {i + 1}: country code {code!r} is not a known ISO3 or historical code."
            raise ValueError(msg)
        vote = subs.get("d", "")
        if vote not in _UNDL_VOTES:
            msg = f"{name} 967 field {i + 1} ({code}): unknown vote {vote!r}; expected Y, N, A or none."
            raise ValueError(msg)
        rows.append((rcid, code, _UNDL_VOTES[vote]))
    votes = pd.DataFrame(rows, columns=["rcid", "country", "vote"])
    votes["country"] = seat_codes(votes["country"], pd.Series(date, index=votes.index))
    votes["vote"] = votes["vote"].astype(pd.CategoricalDtype(list(VOTE_LABELS)))
    _check_duplicates(Path(name), votes)
    tally = sub("996", "a") or ""

    def number(pattern):
        m = re.search(pattern + r"\s*:?\s*(\d+)", tally, flags=re.IGNORECASE)
        return int(m.group(1)) if m else pd.NA

    body = "SC" if symbol.upper().startswith("S/") else "GA"
    roll = pd.DataFrame(
        [
            {
                "rcid": rcid,
                "body": body,
                "date": date,
                "session": _session_of(symbol) if body == "GA" else str(date.year),
                "symbol": symbol,
                "title": sub("245", "a"),
                "yes_total": number(r"\byes\b"),
                "no_total": number(r"\bno\b"),
                "abstain_total": number(r"\babstentions?\b"),
                "non_voting_total": number(r"\bnon-?voting\b"),
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
    """
    import yaml

    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        msg = f"{path.name} is not valid YAML: {err}"
        raise ValueError(msg) from err
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), list):
        msg = f"{path.name}: expected a mapping with a 'records' list (format unvotes-curated/1)."
        raise ValueError(msg)
    rolls, votes, issues = [], [], []
    for i, rec in enumerate(doc["records"], start=1):
        where = f"{path.name} record {i}"
        if not isinstance(rec, dict):
            msg = f"{where}: expected a mapping, got {type(rec).__name__}."
            raise ValueError(msg)
        unknown = set(rec) - _RECORD_KEYS
        if unknown:
            msg = f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_RECORD_KEYS)}."
            raise ValueError(msg)
        for key in ("symbol", "body", "date", "votes"):
            if key not in rec:
                msg = f"{where}: missing required key {key!r}."
                raise ValueError(msg)
        symbol, body = str(rec["symbol"]), str(rec["body"]).upper()
        where = f"{path.name} record {i} ({symbol})"
        if body not in ("GA", "SC"):
            msg = f"{where}: body {rec['body']!r} must be 'GA' or 'SC'."
            raise ValueError(msg)
        try:
            date = pd.Timestamp(rec["date"])
        except (ValueError, TypeError):
            msg = f"{where}: date {rec['date']!r} is not a date (expected YYYY-MM-DD)."
            raise ValueError(msg) from None
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
            raise ValueError(msg)
        for label, members in rec["votes"].items():
            for member in members or []:
                try:
                    code = countries.resolve(str(member), param=f"{where} votes.{label}")
                except ValueError as err:
                    raise ValueError(str(err)) from None
                if code in seen:
                    msg = f"{where}: {code} is listed under both {seen[code]!r} and {label!r}."
                    raise ValueError(msg)
                seen[code] = label
                votes.append((rcid, code, label))
        complete = bool(rec.get("complete", False))
        totals = rec.get("totals") or {}
        if set(totals) - _TOTAL_KEYS:
            msg = f"{where}: totals keys must be among {sorted(_TOTAL_KEYS)}."
            raise ValueError(msg)
        counted = {k: sum(1 for v in seen.values() if v == k) for k in ("yes", "no", "abstain")}
        counted["non_voting"] = sum(1 for v in seen.values() if v == "absent")
        if not complete and not {"yes", "no", "abstain"} <= set(totals):
            msg = f"{where}: a partial record (complete: false) needs official totals yes, no and abstain."
            raise ValueError(msg)
        for key, value in totals.items():
            if not isinstance(value, int) or value < 0:
                msg = f"{where}: totals.{key} {value!r} is not a count (a whole number >= 0)."
                raise ValueError(msg)
            if complete and counted[key] != value:
                msg = f"{where}: totals.{key} is {value} but {counted[key]} countries are listed."
                raise ValueError(msg)
            if not complete and counted[key] > value:
                msg = f"{where}: {counted[key]} countries listed under {key!r}, more than the total {value}."
                raise ValueError(msg)
        if complete and not totals:
            totals = counted
        urls = [s.get("url") if isinstance(s, dict) else str(s) for s in rec.get("sources") or []]
        rolls.append(
            {
                "rcid": rcid,
                "body": body,
                "date": date,
                "session": str(rec.get("session") or (_session_of(symbol) if body == "GA" else date.year)),
                "symbol": symbol,
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
        raise ValueError(msg)
    vt = pd.DataFrame(votes, columns=["rcid", "country", "vote"])
    vt["country"] = seat_codes(vt["country"], vt["rcid"].map(roll.set_index("rcid")["date"]))
    vt["vote"] = vt["vote"].astype(pd.CategoricalDtype(list(VOTE_LABELS)))
    return Tables(roll, vt, pd.DataFrame(issues, columns=["rcid", "issue_code", "issue"]))


# ---------------------------------------------------------------- published ideal points


# COW codes whose published iso3c differs from this package's code for the same seat.
_BSV_CCODE = {678: "YEM", 680: "YMD", 345: "SRB", 365: "RUS", 260: "DEU", 255: "DEU", 265: "DDR", 713: "TWN"}


def read_bsv_ideal_points(path: str | os.PathLike) -> pd.DataFrame:
    """Read the published Bailey-Strezhnev-Voeten ideal points (Latin-1 encoded CSV).

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


READERS = {
    "unvotes": read_unvotes,
    "undl-ga": read_undl_ga,
    "undl-sc": read_undl_sc,
    "marcxml": read_marcxml,
    "curated": read_curated,
}
