"""One table style for every report, on great-tables (a library made for publication tables).

:func:`table` turns a tidy DataFrame into the HTML a reader expects: no index column, headers
in words, percentages with one decimal, thousands separators, country names instead of codes,
``–`` for missing values, a note when rows are left out ("20 of 399 shown, the most unusual
first"), notes that explain the columns, and a "Download CSV" link whose data is a ``data:``
URI, so the page stays one self-contained file. great-tables escapes every unformatted cell,
so text from data files is shown literally.
"""

from __future__ import annotations

import hashlib
import html
import urllib.parse
from dataclasses import dataclass

import pandas as pd

__all__ = ["MISSING", "Table", "csv_link", "table"]

#: What a missing value looks like in a table.
MISSING = "\u2013"


@dataclass(frozen=True)
class Table:
    """A rendered table: ``html`` is what the report shows (also via ``_repr_html_``).

    ``shown`` and ``total`` are the numbers of rows shown and in the data.
    """

    html: str
    shown: int
    total: int

    def _repr_html_(self) -> str:
        return self.html


def csv_link(df: pd.DataFrame, *, name: str = "table.csv", text: str | None = None) -> str:
    """An ``<a download>`` link holding ``df`` as CSV in a ``data:`` URI (no index column).

    Parameters
    ----------
    df : DataFrame
        Every row and column goes in the file.
    name : str
        The file name the browser saves it as.
    text : str, optional
        The link text; default "Download CSV (N rows)".

    Returns
    -------
    str
        The HTML of the link, with the name, URI and text escaped.

    Examples
    --------
    >>> link = csv_link(pd.DataFrame({"country": ["USA"], "n": [3]}), name="votes.csv")
    >>> print(link.replace(" href", "\\nhref"))
    <a class="uv-csv" download="votes.csv"
    href="data:text/csv;charset=utf-8,country%2Cn%0AUSA%2C3%0A">Download CSV (1 row)</a>
    >>> csv_link(pd.DataFrame({"n": [1, 2]}), text="All <2> rows").endswith(">All &lt;2&gt; rows</a>")
    True
    """
    body = df.to_csv(index=False, lineterminator="\n")
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote(body, safe="")
    n = len(df)
    text = text or f"Download CSV ({n:,} row{'s' if n != 1 else ''})"
    return (
        f'<a class="uv-csv" download="{html.escape(name, quote=True)}" '
        f'href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'
    )


def _country_name(code) -> str:
    from . import blocs as _blocs
    from . import countries as _countries

    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return code
    code = str(code)
    return code if _blocs.is_bloc(code) else _countries.name_of(code)


def table(
    df: pd.DataFrame,
    *,
    columns: dict | None = None,
    percent=(),
    decimals: dict | None = None,
    integers=(),
    years=(),
    countries=(),
    links: dict | None = None,
    title: str | None = None,
    notes=(),
    max_rows: int | None = None,
    order: str | None = None,
    csv: bool = False,
    csv_name: str = "table.csv",
    empty: str = "Nothing to show.",
    details: str | None = None,
) -> Table:
    """A DataFrame as a publication table (great-tables), with its notes and CSV download.

    Parameters
    ----------
    df : DataFrame
        Tidy rows; its index is never shown.
    columns : dict, optional
        Column -> header in words, in the order to show; columns not named are left
        out. Default: every column, under its own name.
    percent : list of str
        Columns holding shares from 0 to 1, shown as percentages with one decimal.
    decimals : dict, optional
        Column -> number of decimals (thousands separators included).
    integers : list of str
        Columns shown as whole numbers with thousands separators.
    years : list of str
        Columns of years: whole numbers without separators (2025, not 2,025).
    countries : list of str
        Columns holding ISO3 codes (or bloc names), shown as country names.
    links : dict, optional
        Column -> column holding a URL: the cell becomes a link to it.
    title : str, optional
    notes : list of str
        Notes under the table (what a column means, caveats), shown as written
        (escaped).
    max_rows : int, optional
        Show the first ``max_rows`` rows only (order ``df`` so that the most
        informative come first); a note says "n of N shown" and ``order``.
    order : str, optional
        How the rows are ordered, for that note ("the most unusual first").
    csv : bool
        Add a "Download CSV" link with all rows and columns of ``df``.
    csv_name : str
    empty : str
        The sentence shown instead of a table when ``df`` has no rows.
    details : str, optional
        Collapse the table in a ``<details>`` element with this summary line.

    Returns
    -------
    Table

    Raises
    ------
    ValueError
        If ``columns`` (or another option) names a column that ``df`` does not have.

    Examples
    --------
    >>> df = pd.DataFrame({"country": ["USA", "FRA", "CUB"], "same": [1200, 61, None],
    ...                    "coincidence": [1.0, 0.8, None]})
    >>> t = table(df, columns={"country": "Country", "same": "Same vote", "coincidence": "Coincidence"},
    ...           countries=["country"], integers=["same"], percent=["coincidence"], max_rows=2,
    ...           order="the highest coincidence first", csv=True)
    >>> ["United States" in t.html, "1,200" in t.html, "80.0%" in t.html, "Cuba" in t.html]
    [True, True, True, False]
    >>> "2 of 3 shown, the highest coincidence first" in t.html, "Download CSV (3 rows)" in t.html
    (True, True)
    >>> table(df, columns={"votes": "Votes"})
    Traceback (most recent call last):
    ...
    ValueError: table: no column 'votes'; the data has ['country', 'same', 'coincidence'].
    """
    from great_tables import GT

    columns = dict(columns) if columns is not None else {c: str(c) for c in df.columns}
    links = dict(links or {})
    decimals = dict(decimals or {})
    named = [*columns, *percent, *decimals, *integers, *years, *countries, *links, *links.values()]
    missing = [c for c in dict.fromkeys(named) if c not in df.columns]
    if missing:
        msg = f"table: no column {missing[0]!r}; the data has {[str(c) for c in df.columns]}."
        raise ValueError(msg)
    total = len(df)
    if total == 0:
        return Table(html=f'<p class="uv-empty">{html.escape(empty)}</p>', shown=0, total=0)
    shown_df = df.head(max_rows) if max_rows is not None else df
    body = shown_df.reset_index(drop=True).copy()
    for c in countries:
        body[c] = body[c].map(_country_name).astype("object")
    for c, url in links.items():
        body[c] = [
            f'<a href="{html.escape(str(u), quote=True)}">{html.escape(str(v))}</a>'
            if isinstance(u, str) and u
            else html.escape(str(v))
            for v, u in zip(body[c], body[url], strict=True)
        ]
    body = body[list(columns)]
    for c in body.columns:  # dates as days, never with a midnight time
        if pd.api.types.is_datetime64_any_dtype(body[c]):
            body[c] = body[c].dt.strftime("%Y-%m-%d")
    # pandas' NA in object columns would print as <NA>: make every missing value None
    body = body.astype("object").where(body.notna(), None)
    digest = hashlib.sha256((title or "").encode() + body.to_csv().encode()).hexdigest()[:10]
    gt = GT(body, id=f"uv-{digest}").cols_label(**columns)
    if title:
        gt = gt.tab_header(title=title)
    if percent:
        gt = gt.fmt_percent(columns=[c for c in percent if c in columns], decimals=1)
    for c, d in decimals.items():
        if c in columns:
            gt = gt.fmt_number(columns=c, decimals=d, use_seps=True)
    if integers:
        gt = gt.fmt_integer(columns=[c for c in integers if c in columns], use_seps=True)
    if years:
        gt = gt.fmt_integer(columns=[c for c in years if c in columns], use_seps=False)
    for c in links:
        if c in columns:
            gt = gt.fmt(lambda x: x, columns=c)  # built and escaped above
    numeric = [c for c in columns if c in (*percent, *decimals, *integers)]
    if numeric:
        gt = gt.cols_align("right", columns=numeric)
    gt = gt.sub_missing(missing_text=MISSING)
    if max_rows is not None and total > max_rows:
        gt = gt.tab_source_note(f"{max_rows:,} of {total:,} shown" + (f", {order}." if order else "."))
    for note in notes:
        gt = gt.tab_source_note(str(note))
    out = gt.as_raw_html()
    if csv:
        out += f'<p class="uv-download">{csv_link(df, name=csv_name)}</p>'
    style = "<style>.uv-table{overflow-x:auto;max-width:100%}</style>"
    out = f'{style}<div class="uv-table">{out}</div>'
    if details:
        out = f"<details><summary>{html.escape(details)}</summary>{out}</details>"
    return Table(html=out, shown=len(shown_df), total=total)
