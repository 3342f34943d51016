"""tables.table: the HTML a reader sees (no index, words, percentages, names, notes, CSV)."""

from __future__ import annotations

import io
import urllib.parse

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from unvotes_lib.tables import MISSING, csv_link, table

# Israel and Canada in the State Department's report on 2020 votes (DOMAIN.md section 3):
# Israel same 78, opposite 1, partial 9 -> 82.5 / 88 = 0.9375 -> "93.8%";
# Canada 61 / 9 / 18 -> 70 / 88 = 0.7955 -> "79.5%".
ROWS = pd.DataFrame(
    {
        "country": ["ISR", "CAN", "PRK"],
        "same": [78, 61, None],
        "opposite": [1, 9, None],
        "partial": [9, 18, None],
        "coincidence": [82.5 / 88, 70 / 88, None],
        "votes": [1234, 88, None],
    },
    index=[10, 11, 12],  # an index the page must not show
)
COLUMNS = {"country": "Country", "same": "Same vote", "coincidence": "Coincidence", "votes": "Votes"}


def _soup(t):
    return BeautifulSoup(t.html, "html.parser")


def _cells(t) -> list[list[str]]:
    rows = _soup(t).select("table tbody tr")
    return [[td.get_text(strip=True) for td in r.find_all(["td", "th"])] for r in rows]


def _headers(t) -> list[str]:
    return [th.get_text(strip=True) for th in _soup(t).select("table thead th")]


def _table():
    return table(
        ROWS,
        columns=COLUMNS,
        countries=["country"],
        integers=["same", "votes"],
        percent=["coincidence"],
        notes=["Coincidence = (same + partial / 2) / (same + opposite + partial)."],
    )


def test_headers_in_words_no_index_column():
    t = _table()
    assert _headers(t) == ["Country", "Same vote", "Coincidence", "Votes"]
    assert [r[0] for r in _cells(t)] == ["Israel", "Canada", "North Korea"]  # names, not codes, not 10..12


def test_percentages_thousands_and_missing():
    cells = _cells(_table())
    assert cells[0] == ["Israel", "78", "93.8%", "1,234"]
    assert cells[1] == ["Canada", "61", "79.5%", "88"]
    assert cells[2] == ["North Korea", MISSING, MISSING, MISSING]
    text = _soup(_table()).get_text()
    for bad in ("NaN", "<NA>", "None", "nan"):
        assert bad not in text


def test_numbers_are_right_aligned():
    html = _table().html
    soup = _soup(_table())
    first = soup.select("table tbody tr")[0].find_all("td")
    assert "gt_right" in first[1]["class"]
    assert "gt_right" in first[3]["class"]
    assert "gt_right" not in first[0].get("class", [])
    assert "<style" in html  # great-tables' scoped CSS, allowed by the page's policy


def test_notes_and_truncation_note():
    t = table(
        ROWS,
        columns=COLUMNS,
        max_rows=2,
        order="the highest coincidence first",
        notes=["Coincidence: the State Department's formula."],
    )
    assert (t.shown, t.total) == (2, 3)
    text = _soup(t).get_text(" ")
    assert "2 of 3 shown, the highest coincidence first." in text
    assert "Coincidence: the State Department's formula." in text
    assert len(_cells(t)) == 2


def test_csv_download_holds_every_row_and_column():
    t = table(ROWS, columns={"country": "Country"}, max_rows=1, csv=True, csv_name="coincidence.csv")
    link = _soup(t).select_one("a.uv-csv")
    assert link["download"] == "coincidence.csv"
    assert link.get_text() == "Download CSV (3 rows)"
    prefix = "data:text/csv;charset=utf-8,"
    assert link["href"].startswith(prefix)
    back = pd.read_csv(io.StringIO(urllib.parse.unquote(link["href"][len(prefix) :])))
    assert back["country"].tolist() == ["ISR", "CAN", "PRK"]  # all rows, not the one shown
    assert back.columns.tolist() == list(ROWS.columns)  # all columns, no index
    assert back["same"].tolist()[:2] == [78, 61]


def test_data_text_is_shown_literally_and_links_are_escaped():
    df = pd.DataFrame({"symbol": ['<img src=x onerror="alert(1)">'], "url": ['https://x.org/?a="b"&c']})
    t = table(df, columns={"symbol": "Resolution"}, links={"symbol": "url"})
    soup = _soup(t)
    assert soup.find("img") is None
    a = soup.select_one("tbody a")
    assert a["href"] == 'https://x.org/?a="b"&c'
    assert a.get_text() == '<img src=x onerror="alert(1)">'


def test_empty_table_is_a_sentence_and_details_collapse():
    t = table(ROWS.iloc[:0], columns=COLUMNS, empty="No year stands out.")
    assert t.html == '<p class="uv-empty">No year stands out.</p>'
    d = table(ROWS, columns=COLUMNS, details="Every member, alphabetical")
    soup = _soup(d)
    assert soup.find("details").find("summary").get_text() == "Every member, alphabetical"
    assert soup.find("details").find("table") is not None


def test_same_input_same_html():
    assert _table().html == _table().html  # the table id is derived from the content, not random


def test_unknown_column_names_the_column_and_what_exists():
    with pytest.raises(ValueError, match=r"no column 'votez'; the data has \['country', 'same'"):
        table(ROWS, columns={"votez": "Votes"})
    with pytest.raises(ValueError, match="no column 'share'"):
        table(ROWS, columns=COLUMNS, percent=["share"])


def test_csv_link_counts_rows():
    assert "Download CSV (1 row)" in csv_link(pd.DataFrame({"a": [1]}))
    assert "Download CSV (1,200 rows)" in csv_link(pd.DataFrame({"a": range(1200)}))


def test_years_have_no_thousands_separator():
    t = table(pd.DataFrame({"year": [2025.0], "n": [1200]}), years=["year"], integers=["n"])
    assert _cells(t) == [["2025", "1,200"]]


def test_dates_are_days():
    t = table(pd.DataFrame({"date": pd.to_datetime(["1946-01-01", None])}))
    assert _cells(t) == [["1946-01-01"], [MISSING]]
