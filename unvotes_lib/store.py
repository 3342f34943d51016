"""VoteData: the canonical tables, their provenance, and :func:`load`.

Tables and columns
------------------
``roll_calls`` (one row per recorded vote, sorted by date then rcid)
    ========================  ==========  ==============================================
    rcid                      int64       roll-call id, unique in a dataset (Voeten's rcid;
                                          the UN Digital Library record number for UN
                                          sources; for curated records the given rcid or
                                          one derived from the symbol)
    body                      string      "GA" or "SC"
    date                      datetime64  day of the vote (Voeten's early dates are
                                          approximate, e.g. 1946-01-01)
    session                   string      "74", "ES-11"; the year for the SC
    symbol                    string      canonical symbol, one form for every source:
                                          "A/RES/ES-11/7", "S/RES/2774 (2025)" (Voeten's
                                          "R/74/9" becomes "A/RES/74/9"); lookups accept
                                          either form (:func:`readers.canonical_symbol`)
    source_symbol             string      the symbol as the source spells it
    title                     string      short title
    description               string      longer description or agenda item
    draft                     string      draft symbol (UN sources)
    meeting                   string      meeting record (UN sources)
    modality                  string      how it was adopted; "without vote" means no
                                          recorded vote: the UN extracts give such a roll
                                          call no votes at all (all MISSING in the matrix,
                                          so pairwise analyses never count it; drop it with
                                          ``filter(recorded=True)``); the UN DHL SC file
                                          shows all members as yes
    amend, para               boolean     amendment / paragraph vote (Voeten; NA where
                                          unknown)
    important                 boolean     Voeten's ``importantvote``: a vote the US State
                                          Department rated important in its reports (NOT
                                          the Charter's "important questions" that need
                                          two-thirds); NA where unknown
    partial                   bool        True if only some members' votes are recorded
                                          (curated records; SC resolutions adopted without
                                          a vote, with none); use the official totals
    yes_total, no_total,      Int64       official totals as printed by the UN (NA where
    abstain_total,                        the source has none); may disagree with a count
    non_voting_total                      of the rows: see :meth:`VoteData.check`
    url                       string      link to the record or its public sources
    listed_twice              string      members the source lists twice on this roll
                                          call (in two lists, or twice in one; the
                                          reader keeps the first vote), NA normally;
                                          reported by :meth:`VoteData.check`
    dataset                   string      registry name of the source the roll call came
                                          from ("unvotes-2021", "unxml-ga", "curated"; for
                                          a spliced source, the part)
    ========================  ==========  ==============================================

Spliced sources (``ga``, ``sc``)
    ``ga`` is unvotes-2021 (Voeten's roll calls to January 2020, amendment and paragraph
    votes included), then every unxml-ga roll call whose canonical symbol no Voeten roll
    call has (Voeten's data has several roll calls per symbol; a UN roll call is added
    only when none of them has its symbol), then the curated GA records neither has.
    ``sc`` is unxml-sc, then the curated SC records it lacks. rcids keep the values each
    part gives them, which are stable across loads and disjoint: Voeten's own rcids
    (below 100,000), the UN extracts' (from the reader: derived from the canonical
    symbol), the curated records' (given, or 10**9 + a checksum of the symbol). The
    successor rule is applied once, across the spliced whole; ``source`` lists every
    file of every part. Since 2020 the record holds resolutions only: compare like with
    like with ``filter(kind="resolution")``.

``votes`` (one row per country per roll call)
    rcid (int64), country (categorical ISO3), vote (categorical: yes, no, abstain,
    absent; "absent" is the UN's non-voting X; sources that drop absences have none).

``issues``
    rcid (int64), issue_code (string: Voeten's me, nu, di, hr, co, ec; "unbis" for UN
    subject terms), issue (string: label or subject term).

``countries``
    country (ISO3), name (short English), iso2 (string), historical (bool),
    successor (code under the successor rule, or NA), n_votes (int64).

``source`` (one row per raw file read)
    name, version, file, sha256, origin ("mirror", "cache", "download", "path",
    "package"), retrieved_at (file time, UTC), licence, citation.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from . import cache, countries, readers, sources
from .countries import resolve as resolve_country
from .errors import DataFileError, ParameterError
from .errors import warn as _warn
from .readers import VOTE_LABELS, Tables

__all__ = ["ABSENT", "ABSTAIN", "MISSING", "NO", "YES", "VoteData", "VoteMatrix", "load"]

#: Codes of :attr:`VoteData.matrix` (Voeten's numbering; 0 = no record).
MISSING, YES, ABSTAIN, NO, ABSENT = 0, 1, 2, 3, 8
_CODE_OF_LABEL = np.array([YES, NO, ABSTAIN, ABSENT], dtype=np.int8)  # order of VOTE_LABELS

ROLL_CALL_DTYPES = {
    "rcid": "int64",
    "body": "string",
    "date": "datetime64[ns]",
    "session": "string",
    "symbol": "string",
    "title": "string",
    "description": "string",
    "draft": "string",
    "meeting": "string",
    "modality": "string",
    "amend": "boolean",
    "para": "boolean",
    "important": "boolean",
    "partial": "bool",
    "yes_total": "Int64",
    "no_total": "Int64",
    "abstain_total": "Int64",
    "non_voting_total": "Int64",
    "url": "string",
    "source_symbol": "string",
    "listed_twice": "string",
    "dataset": "string",
}
VOTE_DTYPE = pd.CategoricalDtype(list(VOTE_LABELS))
SOURCE_COLUMNS = ["name", "version", "file", "sha256", "origin", "retrieved_at", "licence", "citation"]


def _canonical_roll_calls(df: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col, dtype in ROLL_CALL_DTYPES.items():
        if col in df:
            s = df[col]
        elif col == "partial":
            s = pd.Series(False, index=df.index)
        else:
            s = pd.Series(pd.NA, index=df.index)
        if dtype == "bool":
            s = s.fillna(False).astype(bool)
        out[col] = s.astype(dtype)
    roll = pd.DataFrame(out)
    return roll.sort_values(["date", "rcid"], kind="stable").reset_index(drop=True)


def _canonical_votes(df: pd.DataFrame) -> pd.DataFrame:
    country = df["country"]
    if isinstance(country.dtype, pd.CategoricalDtype):
        country = _compact(country.array)
    else:
        country = pd.Categorical(country.astype(str), categories=sorted(pd.unique(country.astype(str))))
    return pd.DataFrame(
        {
            "rcid": df["rcid"].astype("int64").to_numpy(),
            "country": pd.Series(country).array,
            "vote": df["vote"].astype(VOTE_DTYPE).array,
        }
    )


def _compact(cat: pd.Categorical) -> pd.Categorical:
    """Drop unused categories and sort the rest (cheaply: bincount, not unique)."""
    codes = np.asarray(cat.codes)
    cats = pd.Index(cat.categories.astype(str))
    used = np.bincount(codes[codes >= 0], minlength=len(cats)) > 0
    if used.all() and cats.is_monotonic_increasing:
        return pd.Categorical.from_codes(codes, categories=cats)
    new_cats = cats[used].sort_values()
    lookup = np.full(len(cats), -1, dtype=np.int64)
    lookup[used] = new_cats.get_indexer(cats[used])
    return pd.Categorical.from_codes(np.where(codes >= 0, lookup[codes], -1), categories=new_cats)


def _canonical_issues(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rcid": df["rcid"].astype("int64").to_numpy(),
            "issue_code": df["issue_code"].astype("string").to_numpy(),
            "issue": df["issue"].astype("string").to_numpy(),
        }
    )


def _normalise_symbol(symbol: str) -> str:
    """The comparison key of a symbol: canonical form, no spaces, upper case.

    Examples
    --------
    >>> _normalise_symbol("s/res/2774 (2025)") == _normalise_symbol("S/RES/2774(2025)")
    True
    """
    canonical = getattr(readers, "canonical_symbol", None)
    text = str(symbol)
    if canonical is not None:
        with contextlib.suppress(ValueError, TypeError):
            text = canonical(text) or text
    return re.sub(r"\s+", "", text).upper()


def _symbol_keys(symbols: pd.Series) -> pd.Series:
    """Comparison keys of a column of canonical symbols (the readers canonicalise them)."""
    return symbols.fillna("").astype(str).str.replace(r"\s+", "", regex=True).str.upper()


#: Values of ``filter(kind=...)``.
KINDS = ("resolution", "amendment", "paragraph")


@dataclass(frozen=True)
class VoteMatrix:
    """Country x roll-call matrix of small integer vote codes.

    Attributes
    ----------
    values : numpy.ndarray of int8, shape (n_countries, n_roll_calls)
        :data:`YES` = 1, :data:`ABSTAIN` = 2, :data:`NO` = 3, :data:`ABSENT` = 8,
        :data:`MISSING` = 0 (no record: not a member, or dropped by the source). A
        resolution adopted without a vote (``modality`` "without vote") has no votes, so its
        column is all MISSING and no pairwise statistic counts it; ``filter(recorded=True)``
        drops such columns altogether.
    countries : pandas.Index
        ISO3 codes of the rows, sorted.
    rcids : pandas.Index
        rcid of each column, in the order of ``VoteData.roll_calls`` (date, rcid).
    """

    values: np.ndarray
    countries: pd.Index
    rcids: pd.Index

    def frame(self) -> pd.DataFrame:
        """The matrix as a DataFrame (countries x rcids)."""
        return pd.DataFrame(self.values, index=self.countries, columns=self.rcids)

    def row(self, country: str) -> np.ndarray:
        """The codes of one country (ISO3) across all roll calls."""
        return self.values[self.countries.get_loc(country)]


class VoteData:
    """UN votes in canonical tables, with provenance. Build with :func:`load`.

    Attributes
    ----------
    roll_calls, votes, issues, countries, source : pandas.DataFrame
        The tables described in :mod:`unvotes_lib.store` (every column documented there).
    successors : str
        "merge" or "keep": the successor rule applied (see :mod:`unvotes_lib.countries`).

    Examples
    --------
    >>> import pandas as pd
    >>> vd = VoteData(
    ...     roll_calls=pd.DataFrame({"rcid": [1], "body": ["GA"], "date": ["2025-02-24"],
    ...                              "session": ["ES-11"], "symbol": ["A/RES/ES-11/7"]}),
    ...     votes=pd.DataFrame({"rcid": [1, 1, 1], "country": ["USA", "RUS", "FRA"],
    ...                         "vote": ["no", "no", "yes"]}))
    >>> vd
    VoteData(3 votes on 1 roll calls, 3 countries, 2025-02-24 to 2025-02-24)
    >>> vd.matrix.frame().loc["USA"].tolist()  # 3 = no
    [3]
    """

    def __init__(
        self,
        roll_calls: pd.DataFrame,
        votes: pd.DataFrame,
        issues: pd.DataFrame | None = None,
        source: pd.DataFrame | None = None,
        *,
        successors: str = "keep",
    ):
        self.roll_calls = _canonical_roll_calls(roll_calls)
        self.votes = _canonical_votes(votes)
        if issues is None:
            issues = pd.DataFrame({"rcid": [], "issue_code": [], "issue": []})
        self.issues = _canonical_issues(issues)
        self.source = (source if source is not None else pd.DataFrame(columns=SOURCE_COLUMNS)).reset_index(
            drop=True
        )
        self.successors = successors

    # ------------------------------------------------------------ derived tables
    @functools.cached_property
    def countries(self) -> pd.DataFrame:
        """One row per country with votes in this data (see module docs for columns)."""
        counts = self.votes["country"].value_counts(sort=False)
        counts = counts[counts > 0]
        rows = []
        for code, n in counts.items():
            info = countries.country(code) if countries.is_known(code) else None
            rows.append(
                {
                    "country": code,
                    "name": info.name if info else code,
                    "iso2": info.iso2 if info else None,
                    "historical": bool(info.historical) if info else False,
                    "successor": info.successor if info else None,
                    "n_votes": int(n),
                }
            )
        out = pd.DataFrame(rows, columns=["country", "name", "iso2", "historical", "successor", "n_votes"])
        return out.astype(
            {
                "country": "string",
                "name": "string",
                "iso2": "string",
                "historical": bool,
                "successor": "string",
                "n_votes": "int64",
            }
        )

    @functools.cached_property
    def matrix(self) -> VoteMatrix:
        """The country x roll-call matrix of vote codes (built once, then cached)."""
        country = pd.Series(_compact(self.votes["country"].array))
        rcids = pd.Index(self.roll_calls["rcid"].to_numpy(), name="rcid")
        cols = rcids.get_indexer(self.votes["rcid"].to_numpy())
        values = np.zeros((len(country.cat.categories), len(rcids)), dtype=np.int8)
        keep = cols >= 0
        values[country.cat.codes.to_numpy()[keep], cols[keep]] = _CODE_OF_LABEL[
            self.votes["vote"].cat.codes.to_numpy()[keep]
        ]
        return VoteMatrix(values, pd.Index(country.cat.categories.astype(str), name="country"), rcids)

    # ------------------------------------------------------------ views
    def __len__(self) -> int:
        return len(self.votes)

    def __repr__(self) -> str:
        name = ""
        if len(self.source):
            parts = dict(zip(self.source["name"], self.source["version"].astype(str), strict=True))
            name = " + ".join(f"{n!r} {v}".rstrip() for n, v in parts.items()) + ": "
        dates = self.roll_calls["date"]
        span = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dates"
        n_countries = self.votes["country"].nunique()
        return (
            f"VoteData({name}{len(self.votes):,} votes on {len(self.roll_calls):,} roll calls, "
            f"{n_countries} countries, {span})"
        )

    @classmethod
    def _trusted(cls, roll_calls, votes, issues, source=None, *, successors: str) -> VoteData:
        """Wrap tables that are canonical already (read back from the cache)."""
        new = object.__new__(cls)
        new.roll_calls, new.votes, new.issues = roll_calls, votes, issues
        new.source = source if source is not None else pd.DataFrame(columns=SOURCE_COLUMNS)
        new.successors = successors
        return new

    def _derive(self, roll_calls: pd.DataFrame, votes: pd.DataFrame, issues: pd.DataFrame) -> VoteData:
        new = object.__new__(VoteData)
        new.roll_calls = roll_calls.reset_index(drop=True)
        new.votes = votes.reset_index(drop=True)
        new.issues = issues.reset_index(drop=True)
        new.source = self.source
        new.successors = self.successors
        return new

    def roll_call(self, symbol: str) -> pd.Series:
        """The roll-call row of one symbol (spaces and case ignored).

        Raises
        ------
        ParameterError
            (a ``ValueError``) If the symbol is not in this data (with the closest symbols), or names
            several roll calls (use the rcid then).
        """
        rows = self.roll_calls[self._symbol_mask([symbol])]
        if len(rows) != 1:
            msg = (
                f"`symbol` {symbol!r} names {len(rows)} roll calls (rcids {rows['rcid'].tolist()}); "
                "choose one by rcid with data.filter(rcids=[...])."
            )
            raise ParameterError(msg)
        return rows.iloc[0]

    def _symbol_mask(self, symbols) -> pd.Series:
        wanted = {_normalise_symbol(s) for s in symbols}
        norm = _symbol_keys(self.roll_calls["symbol"])
        mask = norm.isin(wanted)
        missing = wanted - set(norm[mask])
        if missing:
            bad = sorted(missing)[0]
            close = difflib.get_close_matches(bad, norm.unique().tolist(), n=3, cutoff=0.6)
            hint = f"; did you mean {close}?" if close else "; list them with data.roll_calls['symbol']."
            msg = f"`symbols` {bad!r} is not a roll call in this data{hint}"
            raise ParameterError(msg)
        return mask

    def filter(
        self,
        *,
        years=None,
        sessions=None,
        countries=None,
        body=None,
        issue=None,
        symbols=None,
        rcids=None,
        recorded=None,
        kind=None,
    ) -> VoteData:
        """A VoteData restricted to some roll calls and/or countries.

        Parameters
        ----------
        years : int, (first, last), range, list of int or "1990-2019", optional
            Calendar years of the vote date, inclusive.
        sessions : int, str or list, optional
            GA sessions ("74", 74, "ES-11").
        countries : str or list of str, optional
            Countries by code or name; only their votes are kept.
        body : {"GA", "SC"}, optional
        issue : str or list of str, optional
            Voeten issue codes ("hr", "me", ...) or text found in the issue label
            (case-insensitive, e.g. "human rights" or a UNBIS term).
        symbols : str or list of str, optional
            Resolution symbols (spaces and case ignored); an unknown symbol is an error.
        rcids : list of int, optional
        recorded : bool, optional
            True keeps only roll calls with at least one country's vote (drops resolutions
            adopted without a vote, which the UN extracts keep as roll calls with no votes);
            False keeps only those.
        kind : {"resolution", "amendment", "paragraph"} or list, optional
            "resolution" drops Voeten's amendment and paragraph votes (``amend`` or ``para``
            true): the record since 2020 holds resolutions only, so use it to compare like
            with like across the 2019/2020 splice of ``ga``.

        Examples
        --------
        >>> import pandas as pd
        >>> vd = VoteData(pd.DataFrame({"rcid": [1, 2], "body": ["GA", "GA"],
        ...                              "date": ["1990-01-01", "2000-06-01"], "session": ["44", "54"]}),
        ...               pd.DataFrame({"rcid": [1, 2], "country": ["USA", "USA"], "vote": ["yes", "no"]}))
        >>> len(vd.filter(years="1995-2005").roll_calls)
        1
        >>> vd.roll_calls["amend"] = pd.array([True, pd.NA], dtype="boolean")
        >>> vd.filter(kind="resolution").roll_calls["rcid"].tolist()  # NA counts as a resolution
        [2]
        """
        rc = self.roll_calls
        mask = pd.Series(True, index=rc.index)
        if years is not None:
            mask &= rc["date"].dt.year.isin(_years(years))
        if sessions is not None:
            wanted = [str(s) for s in _as_list(sessions)]
            mask &= rc["session"].isin(wanted)
        if body is not None:
            if str(body).upper() not in ("GA", "SC"):
                msg = f"`body` {body!r} must be 'GA' (General Assembly) or 'SC' (Security Council)."
                raise ParameterError(msg)
            mask &= rc["body"] == str(body).upper()
        if issue is not None:
            iss = self.issues
            hit = pd.Series(False, index=iss.index)
            for item in _as_list(issue):
                text = str(item).casefold()
                hit |= iss["issue_code"].str.casefold().eq(text).fillna(False)
                hit |= iss["issue"].str.casefold().str.contains(text, regex=False).fillna(False)
            mask &= rc["rcid"].isin(iss.loc[hit, "rcid"])
        if symbols is not None:
            mask &= self._symbol_mask(_as_list(symbols))
        if rcids is not None:
            mask &= rc["rcid"].isin(list(_as_list(rcids)))
        if recorded is not None:
            if not isinstance(recorded, (bool, np.bool_)):
                msg = f"`recorded` {recorded!r} must be True or False."
                raise ParameterError(msg)
            with_votes = rc["rcid"].isin(pd.unique(self.votes["rcid"].to_numpy()))
            mask &= with_votes if recorded else ~with_votes
        if kind is not None:
            kinds = [str(k).lower() for k in _as_list(kind)]
            bad = [k for k in kinds if k not in KINDS]
            if bad:
                msg = f"`kind` {bad[0]!r} is not one of {list(KINDS)}."
                raise ParameterError(msg)
            amend = rc["amend"].fillna(False).to_numpy(dtype=bool)
            para = rc["para"].fillna(False).to_numpy(dtype=bool)
            hit = np.zeros(len(rc), dtype=bool)
            if "resolution" in kinds:
                hit |= ~amend & ~para
            if "amendment" in kinds:
                hit |= amend
            if "paragraph" in kinds:
                hit |= para
            mask &= hit
        roll = rc[mask]
        keep = self.votes["rcid"].isin(roll["rcid"].to_numpy()) if not mask.all() else None
        votes = self.votes if keep is None else self.votes[keep.to_numpy()]
        if countries is not None:
            codes = [resolve_country(c, param="countries") for c in _as_list(countries)]
            votes = votes[votes["country"].isin(codes).to_numpy()]
            absent = sorted(set(codes) - set(votes["country"].astype(str).unique()))
            if absent:
                _warn(f"No votes for {absent} in the selected roll calls.", UserWarning)
        issues = self.issues[self.issues["rcid"].isin(roll["rcid"].to_numpy())]
        return self._derive(roll, votes, issues)

    # ------------------------------------------------------------ checks and summaries
    def counted(self) -> pd.DataFrame:
        """Counted votes per roll call: rcid x (yes, no, abstain, absent)."""
        counts = pd.crosstab(self.votes["rcid"], self.votes["vote"])
        counts = counts.reindex(columns=list(VOTE_LABELS), fill_value=0)
        counts.columns = list(counts.columns)
        return counts.reindex(self.roll_calls["rcid"], fill_value=0)

    def check(self, *, include_partial: bool = False) -> pd.DataFrame:
        """Roll calls whose counted votes disagree with the official totals.

        Only totals the source gives are compared; ``absent`` is compared with
        ``non_voting_total``. Partial (curated) records disagree by design and are left
        out unless ``include_partial=True``.

        Returns
        -------
        DataFrame
            rcid, body, date, symbol, partial, yes, no, abstain, absent (counted),
            yes_total, no_total, abstain_total, non_voting_total (official), and
            ``mismatch``: text such as "yes 92 (official 93)".
        """
        rc = self.roll_calls.set_index("rcid")
        counts = self.counted()
        pairs = [
            ("yes", "yes_total"),
            ("no", "no_total"),
            ("abstain", "abstain_total"),
            ("absent", "non_voting_total"),
        ]
        parts = []
        for counted_col, total_col in pairs:
            official = rc[total_col]
            diff = official.notna() & (official != counts[counted_col]).fillna(False)
            parts.append(
                pd.Series(
                    np.where(
                        diff,
                        counted_col
                        + " "
                        + counts[counted_col].astype(str)
                        + " (official "
                        + official.astype(str)
                        + ")",
                        "",
                    ),
                    index=rc.index,
                )
            )
        twice = rc["listed_twice"] if "listed_twice" in rc else pd.Series(pd.NA, index=rc.index)
        parts.append(
            pd.Series(np.where(twice.notna(), "listed twice: " + twice.fillna(""), ""), index=rc.index)
        )
        mismatch = pd.concat(parts, axis=1).apply(lambda r: "; ".join(x for x in r if x), axis=1)
        official = [total for _, total in pairs]
        described = ["body", "date", "symbol", "partial"]
        out = rc[described + official].join(counts).assign(mismatch=mismatch)
        out = out[out["mismatch"] != ""]
        if not include_partial:
            out = out[~out["partial"]]
        return out[[*described, *VOTE_LABELS, *official, "mismatch"]].reset_index()

    def summary(self) -> dict:
        """Key facts: counts, date range, sessions, countries, files and citation."""
        dates = self.roll_calls["date"]
        return {
            "source": ", ".join(dict.fromkeys(self.source["name"])) if len(self.source) else None,
            "version": ", ".join(dict.fromkeys(self.source["version"].astype(str)))
            if len(self.source)
            else None,
            "votes": len(self.votes),
            "roll_calls": len(self.roll_calls),
            "bodies": sorted(self.roll_calls["body"].dropna().unique().tolist()),
            "first_date": f"{dates.min():%Y-%m-%d}" if len(dates) else None,
            "last_date": f"{dates.max():%Y-%m-%d}" if len(dates) else None,
            "sessions": int(self.roll_calls["session"].nunique()),
            "countries": int(self.votes["country"].nunique()),
            "votes_by_label": {k: int(v) for k, v in self.votes["vote"].value_counts(sort=False).items()},
            "partial_roll_calls": int(self.roll_calls["partial"].sum()),
            "successors": self.successors,
            "parts": self._parts(),
            "files": [
                {"file": r.file, "sha256": r.sha256, "origin": r.origin} for r in self.source.itertuples()
            ],
            "citation": "; ".join(dict.fromkeys(self.source["citation"].dropna()))
            if len(self.source)
            else None,
        }

    def _parts(self) -> list[dict]:
        """Per dataset (part of a spliced source): version, roll calls and date range."""
        if "dataset" not in self.roll_calls:
            return []
        versions = dict(zip(self.source["name"], self.source["version"].astype(str), strict=True))
        out = []
        for name, rc in self.roll_calls.groupby(self.roll_calls["dataset"].fillna(""), sort=False):
            dates = rc["date"]
            out.append(
                {
                    "name": name,
                    "version": versions.get(name, ""),
                    "roll_calls": len(rc),
                    "first_date": f"{dates.min():%Y-%m-%d}",
                    "last_date": f"{dates.max():%Y-%m-%d}",
                }
            )
        return sorted(out, key=lambda d: d["first_date"])

    # ------------------------------------------------------------ combining
    def with_successors(self, rule: str) -> VoteData:
        """Apply the successor rule: "merge" files SUN under RUS, YUG and SCG under SRB;
        "keep" leaves each state under its own code (see :mod:`unvotes_lib.countries`).
        """
        if rule not in ("merge", "keep"):
            msg = f"`successors` {rule!r} must be 'merge' or 'keep'."
            raise ParameterError(msg)
        if rule == "keep" or self.successors == "merge":
            if rule == "keep" and self.successors == "merge":
                msg = "This VoteData has merged successors already; load again with successors='keep'."
                raise ParameterError(msg)
            return self
        country = self.votes["country"]
        old = country.cat.categories.astype(str)
        mapped = np.array([countries.apply_successors(c) for c in old], dtype=object)
        new_cats = sorted(set(mapped))
        lookup = pd.Index(new_cats).get_indexer(mapped)
        codes = country.cat.codes.to_numpy()
        new_codes = np.where(codes >= 0, lookup[codes], -1)
        votes = self.votes.assign(country=pd.Categorical.from_codes(new_codes, categories=new_cats))
        touched = votes[votes["country"].isin(set(countries.SUCCESSORS.values())).to_numpy()]
        if touched.duplicated(["rcid", "country"]).any():
            dup = touched[touched.duplicated(["rcid", "country"], keep=False)].head(2)
            msg = (
                "Merging successors gives two votes for one country on one roll call: "
                f"{dup.to_dict('records')}."
            )
            raise DataFileError(msg)
        out = self._derive(self.roll_calls, votes, self.issues)
        out.successors = "merge"
        return out

    def merge(self, *others: VoteData) -> VoteData:
        """Combine this data with others (e.g. a bulk file and curated records).

        A roll call present in both (same body and symbol) is kept from the first data
        that has it, with a warning; two different roll calls with one rcid are an error.
        """
        parts = [self, *others]
        rules = {p.successors for p in parts}
        if len(rules) > 1:
            parts = [p.with_successors("merge") for p in parts]
        rolls, votes, issues = [], [], []
        seen_symbols: dict[tuple, int] = {}
        seen_rcids: set[int] = set()
        dropped = []
        for part in parts:
            rc = part.roll_calls
            key = list(zip(rc["body"], _symbol_keys(rc["symbol"]), strict=True))
            keep, found = [], {}
            for k, rcid in zip(key, rc["rcid"], strict=True):
                if k[1] and k in seen_symbols:
                    dropped.append(k[1])
                    keep.append(False)
                    continue
                if rcid in seen_rcids:
                    msg = (
                        f"rcid {rcid} names different roll calls in the merged data; "
                        "give the curated record another rcid."
                    )
                    raise DataFileError(msg)
                seen_rcids.add(int(rcid))
                if k[1]:
                    found[k] = rcid
                keep.append(True)
            # Only earlier parts knock a roll call out: a symbol repeated within one source
            # (amendments and paragraph votes share their resolution's symbol) is kept.
            seen_symbols.update(found)
            kept = rc[keep]
            rolls.append(kept)
            votes.append(
                part.votes[part.votes["rcid"].isin(kept["rcid"]).to_numpy()].assign(
                    country=lambda d: d["country"].astype(str)
                )
            )
            issues.append(part.issues[part.issues["rcid"].isin(kept["rcid"])])
        if dropped:
            _warn(f"Roll calls in more than one source were kept from the first: {dropped[:5]}", UserWarning)
        source = pd.concat([p.source for p in parts], ignore_index=True)
        return VoteData(
            pd.concat(rolls), pd.concat(votes), pd.concat(issues), source, successors=parts[0].successors
        )


def _as_list(value):
    if isinstance(value, (str, int, np.integer)):
        return [value]
    return list(value)


def _years(value) -> list[int]:
    """Years from 2019, (2000, 2019), range(...), [..] or "2000-2019"."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:]\s*(\d{4})\s*)?", value)
        if not m:
            msg = f"`years` {value!r} is not a year or a range like '2000-2019'."
            raise ParameterError(msg)
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        return list(range(first, last + 1))
    if isinstance(value, tuple) and len(value) == 2:
        return list(range(int(value[0]), int(value[1]) + 1))
    return [int(v) for v in _as_list(value)]


# ---------------------------------------------------------------- load


def _source_rows(located: sources.Located, shas: dict[str, str]) -> pd.DataFrame:
    """One row per raw file read (every file of every part of a spliced source)."""
    rows = []
    for part in located.leaves():
        src = part.source
        version = "" if part.version is None else str(part.version)
        citation = src.citation.replace("{version}", version or "unknown")
        for path in part.files.values():
            mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            rows.append(
                (
                    src.name,
                    version,
                    path.name,
                    shas[str(path)],
                    part.origin,
                    mtime.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    src.licence,
                    citation,
                )
            )
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS, dtype=object)


def _parse(located: sources.Located) -> Tables:
    """Read the located files (:func:`readers.read`: no cache, no network) and tag each roll
    call with the registry name of its source; a source that holds other data than votes is
    a :class:`ParameterError` naming it."""
    src = located.source
    if src.reader not in readers.READERS:
        msg = f"Source {src.name!r} holds {src.reader!r} data, not votes; it cannot be loaded as VoteData."
        raise ParameterError(msg)
    tables = readers.read(src.reader, located.files)
    roll = tables.roll_calls
    if "dataset" not in roll:
        roll = roll.assign(dataset=src.name)
    return Tables(roll, tables.votes, tables.issues)


def _splice(parts: list[VoteData]) -> VoteData:
    """The parts in order of precedence: a later part adds only roll calls whose canonical
    symbol no earlier part has (roll calls without a symbol are always added).

    Raises
    ------
    DataFileError
        If two kept roll calls of different parts share an rcid.

    Examples
    --------
    >>> import pandas as pd
    >>> voeten = VoteData(pd.DataFrame({"rcid": [1, 2], "body": "GA", "date": "2019-12-19",
    ...                                 "session": "74", "symbol": ["A/RES/74/9", "A/RES/74/9"]}),
    ...                   pd.DataFrame({"rcid": [1, 2], "country": "USA", "vote": ["yes", "no"]}))
    >>> un = VoteData(pd.DataFrame({"rcid": [7, 8], "body": "GA", "date": "2020-01-02",
    ...                             "session": "74", "symbol": ["A/RES/74/9", "A/RES/74/300"]}),
    ...               pd.DataFrame({"rcid": [7, 8], "country": "USA", "vote": ["yes", "abstain"]}))
    >>> _splice([voeten, un]).roll_calls["rcid"].tolist()  # both Voeten votes on 74/9, then 74/300
    [1, 2, 8]
    """
    seen: set[str] = set()
    rolls, votes, issues = [], [], []
    for part in parts:
        rc = part.roll_calls
        keys = _symbol_keys(rc["symbol"])
        keep = (~keys.isin(seen) | (keys == "")).to_numpy()
        seen |= set(keys[keys != ""])
        kept = rc[keep]
        rolls.append(kept)
        ids = kept["rcid"].to_numpy()
        votes.append(
            part.votes[part.votes["rcid"].isin(ids).to_numpy()].assign(
                country=lambda d: d["country"].astype(str)
            )
        )
        issues.append(part.issues[part.issues["rcid"].isin(ids).to_numpy()])
    roll = pd.concat(rolls, ignore_index=True)
    clash = roll[roll["rcid"].duplicated(keep=False)]
    if len(clash):
        first = clash.head(2)
        msg = (
            f"rcid {first['rcid'].iloc[0]} names two roll calls of the spliced data "
            f"({first['dataset'].tolist()}: {first['symbol'].tolist()}); give one of them another rcid."
        )
        raise DataFileError(msg)
    source = pd.concat([p.source for p in parts], ignore_index=True)
    return VoteData(roll, pd.concat(votes, ignore_index=True), pd.concat(issues, ignore_index=True), source)


#: Cache problems already reported in this process (one warning each, not one per part).
_CACHE_WARNED: set[str] = set()


def _warn_cache(text: str) -> None:
    if text not in _CACHE_WARNED:
        _CACHE_WARNED.add(text)
        _warn(text, RuntimeWarning)


def _read_cache(key: str) -> Tables | None:
    try:
        return cache.read_entry(key)
    except OSError as err:  # an unreadable cache never blocks a load
        _warn_cache(f"Cache not readable ({err}); loading without it.")
        return None


def _write_cache(key: str, data: VoteData) -> None:
    try:
        cache.write_entry(key, Tables(data.roll_calls, data.votes, data.issues))
    except OSError as err:
        _warn_cache(f"{err} Loaded without caching.")


def _load_located(located: sources.Located, successors: str, use_cache: bool, shas=None) -> VoteData:
    src = located.source
    if shas is None:
        shas = sources.file_sha256s(located.all_files())
    else:  # a part of a spliced source: its own files only, so its entry is the standalone one
        shas = {str(f): shas[str(f)] for f in located.all_files()}
    tag = f"{src.reader}-{src.name}" if located.parts else src.reader
    # One entry per successor rule: a warm load then does no work beyond reading Parquet. The
    # package version is part of the key: a release whose readers read differently re-parses.
    key = cache.entry_key(f"{tag}-{successors}", [*shas.values(), sources._package_version()])
    tables = _read_cache(key) if use_cache else None
    if tables is not None:
        data = VoteData._trusted(*tables, successors=successors)
    else:
        if located.parts:
            parts = []
            for part in located.parts:
                vd = _load_located(part, "keep", use_cache, shas)
                if src.body and part.source.name == "curated":
                    vd = vd.filter(body=src.body)
                parts.append(vd)
            data = _splice(parts)
        else:
            tables = _parse(located)
            data = VoteData(tables.roll_calls, tables.votes, tables.issues, successors="keep")
        data = data.with_successors(successors)
        if use_cache:
            _write_cache(key, data)
    data.source = _source_rows(located, shas)
    return data


def load(
    source: str | os.PathLike | None = None,
    *,
    path: str | os.PathLike | None = None,
    version: str | None = None,
    successors: str = "merge",
    use_cache: bool = True,
) -> VoteData:
    """Load UN votes into a :class:`VoteData`.

    Three steps: :func:`unvotes_lib.sources.resolve` finds the raw files (mirror, cache or
    download), :func:`unvotes_lib.readers.read` reads them with the reader of their format
    (a lone file's format is first detected from its content by :func:`readers.sniff`), and
    the store wraps the tables in a VoteData and caches them. A spliced source (``ga``,
    ``sc``) is loaded part by part (each part cached under its own files' key) and spliced
    here, in the store: splicing needs the typed tables of every part, not raw files.
    The first load parses the raw files and caches the tables as Parquet keyed by the
    files' sha256; later loads read the cache in a fraction of a second, offline.

    Parameters
    ----------
    source : str or path-like, optional
        A registry name (``"ga"``, ``"sc"``, ``"unvotes-2021"``, ``"unxml-ga"``,
        ``"unxml-sc"``, ``"undl-ga"``, ``"undl-sc"``, ``"curated"``), a file or folder path,
        or the URL of a UN Digital Library MARCXML record. Default: ``path`` if that is
        a file, else :func:`unvotes_lib.sources.default_source` (``UNVOTES_SOURCE``, the
        saved default, else ``"ga"``).
    path : path-like, optional
        Folder (or file) holding the source's raw files, or a folder with one subfolder
        per source, instead of the mirror, the cache or a download.
    version : str, optional
        A version of the source (a registry version, an imported file's stem, or the
        retrieval date of a series); one that is not at hand is an error.
    successors : {"merge", "keep"}
        The successor rule of :mod:`unvotes_lib.countries` ("merge": USSR votes under
        RUS, Yugoslavia's and Serbia and Montenegro's under SRB).
    use_cache : bool
        If False, parse the raw files and neither read nor write the cache.

    Returns
    -------
    VoteData

    Raises
    ------
    ParameterError
        (a ``ValueError``) Unknown source, version the source lacks, or a bad ``successors``.
    SourceUnavailableError
        (an ``OSError``) Files not found and not downloadable (the message says how to get them).
    DataFileError
        (a ``ValueError``) A file that does not read as its format, naming file and line (or is
        not votes: the message says what it is and how to read it).

    Notes
    -----
    The cache never makes a load fail: an unusable cache gives one ``RuntimeWarning`` and the
    data is read from the raw files.

    Examples
    --------
    A lone file, its format detected from its columns:

    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> good = tmp / "2026_02_06_ga_voting.csv"
    >>> _ = good.write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n"
    ...                     "4025240,FRA,Y,2023-10-27,ES-10,A/RES/ES-10/21\\n"
    ...                     "4025240,ISR,N,2023-10-27,ES-10,A/RES/ES-10/21\\n")
    >>> vd = load(good, use_cache=False)
    >>> vd.roll_calls[["rcid", "symbol", "dataset"]].values.tolist()
    [[4025240, 'A/RES/ES-10/21', 'undl-ga']]
    >>> vd.votes[["country", "vote"]].astype(str).values.tolist()
    [['FRA', 'yes'], ['ISR', 'no']]
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    if successors not in ("merge", "keep"):
        msg = f"`successors` {successors!r} must be 'merge' or 'keep'."
        raise ParameterError(msg)
    located = sources.resolve(source, path=path, version=version)
    if located.source.reader == "auto":
        located = sources.for_format(located, readers.sniff(next(iter(located.files.values()))))
    return _load_located(located, successors, use_cache)


def import_file(file: str | os.PathLike, *, source: str = "undl-ga", default: bool = False) -> Path:
    """Import a file you downloaded by hand (see :func:`unvotes_lib.sources.import_file`),
    after reading ALL of it with its reader and every check :func:`load` makes: a truncated,
    damaged or inconsistent file is refused and nothing is written.

    Parameters
    ----------
    file : path-like
    source : str, default "undl-ga"
        A registry source made of one file (``undl-ga``, ``undl-sc``, ``curated``, ...).
    default : bool
        Also make ``source`` the default source.

    Returns
    -------
    Path
        The imported copy, in the cache folder ``files/<source>``.

    Raises
    ------
    DataFileError
        The file does not read as ``source``'s format, or fails a check of :func:`load` (the
        reader's message, naming the row); nothing is written.
    ParameterError
        ``source`` is unknown, spliced or a series.

    Examples
    --------
    >>> import os, pathlib, shutil, tempfile
    >>> from unittest import mock
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> env = mock.patch.dict(os.environ, UNVOTES_CACHE=str(tmp))  # a throw-away cache
    >>> _ = env.start()
    >>> good = tmp / "2026_02_06_ga_voting.csv"
    >>> _ = good.write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n"
    ...                     "4025240,FRA,Y,2023-10-27,ES-10,A/RES/ES-10/21\\n"
    ...                     "4025240,ISR,N,2023-10-27,ES-10,A/RES/ES-10/21\\n")
    >>> bad = tmp / "2026_03_01_ga_voting.csv"
    >>> _ = bad.write_text(good.read_text().replace("ISR", "XXX"))
    >>> import_file(good).relative_to(tmp).as_posix()
    'files/undl-ga/2026_02_06_ga_voting.csv'
    >>> import_file(bad)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: 2026_03_01_ga_voting.csv line 3: ms_code 'XXX' is not a known ISO3 ...
    >>> sorted(f.name for f in (tmp / "files" / "undl-ga").iterdir())  # nothing written for it
    ['2026_02_06_ga_voting.csv']
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    return sources.import_file(file, source=source, default=default, validate=import_check(source))


def import_check(source: str | sources.Source):
    """The check an imported file of ``source`` must pass: its reader reads all of it and the
    tables pass every check of :class:`VoteData` (both successor rules); raises otherwise.

    A source of several files (the unvotes CSVs) has only its file's layout checked here,
    since one table cannot be read without the others; :func:`load` reads them together.

    Parameters
    ----------
    source : str or Source
        The registry source the file is imported into.

    Returns
    -------
    callable
        ``validate(path)``: returns None for a good file, raises
        :class:`~unvotes_lib.errors.DataFileError` otherwise. It writes nothing.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> good = tmp / "2026_02_06_ga_voting.csv"
    >>> _ = good.write_text("undl_id,ms_code,ms_vote,date,session,resolution\\n"
    ...                     "4025240,FRA,Y,2023-10-27,ES-10,A/RES/ES-10/21\\n"
    ...                     "4025240,ISR,N,2023-10-27,ES-10,A/RES/ES-10/21\\n")
    >>> bad = tmp / "2026_03_01_ga_voting.csv"
    >>> _ = bad.write_text(good.read_text().replace("ISR", "XXX"))
    >>> check = import_check("undl-ga")
    >>> check(good)
    >>> check(bad)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: 2026_03_01_ga_voting.csv line 3: ms_code 'XXX' is not a known ISO3 ...
    >>> import_check("undl-sc")(good)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: 2026_02_06_ga_voting.csv is not a undl-sc file: ...
    >>> shutil.rmtree(tmp)
    """
    src = sources.get_source(source) if isinstance(source, str) else source

    def validate(path: Path) -> None:
        readers.sniff(path, expected=src.reader)
        if len(src.roles) == 1 and src.reader in readers.READERS:
            tables = _parse(sources.Located(src, None, {src.roles[0]: Path(path)}, "path"))
            VoteData(tables.roll_calls, tables.votes, tables.issues).with_successors("merge")

    return validate


def update(source: str, *, base_url: str | None = None, probe: bool = True) -> list[sources.FileUpdate]:
    """Download a source's files again (see :func:`unvotes_lib.sources.update`), checking
    each new copy with the source's reader before it replaces the old one.

    For a spliced source (``ga``, ``sc``) the parts the publisher changes in place (the
    series ``unxml-ga``, ``unxml-sc``) are updated; fixed releases (unvotes-2021) and the
    curated records do not change.

    Parameters
    ----------
    source : str
        A registry name.
    base_url : str, optional
        Folder URL of a series instead of the registry's (a mirror, or a test server).
    probe : bool
        Look for the next session or year of a series.

    Returns
    -------
    list of FileUpdate
        One per file tried, in order (:class:`unvotes_lib.sources.FileUpdate`: ``name``,
        ``status``, the old and new sha256, ``message``).

    Examples
    --------
    A fixed release already in the cache is not downloaded again (no network needed):

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
    >>> _ = env.stop()
    >>> shutil.rmtree(tmp)
    """
    src = sources.get_source(source)
    if src.parts:
        names = [n for n in src.parts if sources.get_source(n).series is not None]
    else:
        names = [src.name]
    report = []
    for name in names:
        part = sources.get_source(name)

        def validate(path: Path, part=part) -> None:
            if part.series is not None:
                readers.read(part.reader, [path])
            else:
                readers.sniff(path, expected=part.reader)

        report += sources.update(part, base_url=base_url, probe=probe, validate=validate)
    return report
