"""Country lookups: ISO3, ISO2, names in any case/accent/punctuation, historical states."""

from __future__ import annotations

import pytest

import unvotes_lib
from unvotes_lib import countries


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("USA", "USA"),
        ("usa", "USA"),
        ("US", "USA"),
        ("United States of America", "USA"),
        ("Russian Federation", "RUS"),
        ("RUSSIAN FEDERATION", "RUS"),
        ("Russia", "RUS"),
        ("TÜRKIYE", "TUR"),
        ("Turkey", "TUR"),
        ("CZECHIA", "CZE"),
        ("Czech Republic", "CZE"),
        ("Côte d’Ivoire", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("COTE D IVOIRE", "CIV"),
        ("NA", "NAM"),
        ("Namibia", "NAM"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("North Korea", "PRK"),
        ("St. Kitts & Nevis", "KNA"),
        ("Saint Kitts and Nevis", "KNA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Congo - Kinshasa", "COD"),
        ("Federal Republic of Germany", "DEU"),
        ("Yemen Arab Republic", "YEM"),
        ("USSR", "SUN"),
        ("Czechoslovakia", "CSK"),
        ("German Democratic Republic", "DDR"),
        ("Zanzibar", "ZAN"),
        ("Taiwan", "TWN"),
    ],
)
def test_resolve(given, code):
    assert countries.resolve(given) == code


def test_unknown_country_suggests_closest():
    with pytest.raises(
        ValueError,
        match=r"`country` 'Rusia' is not a known country code or name; "
        r"did you mean 'RUS' \(Russia\)\?",
    ):
        countries.resolve("Rusia")
    with pytest.raises(ValueError, match=r"`partners` 'Frnace'.*'FRA' \(France\)"):
        countries.resolve("Frnace", param="partners")


def test_nothing_close_points_to_the_list():
    with pytest.raises(ValueError, match=r"use an ISO 3166 alpha-3 code such as 'USA'"):
        countries.resolve("zzzzzzzzzz")


def test_country_records():
    assert unvotes_lib.country("SUN") == countries.Country("SUN", "Soviet Union", "SU", True, "RUS")
    assert unvotes_lib.country("Viet Nam").name == "Vietnam"
    assert unvotes_lib.country("GBR").iso2 == "GB"


def test_successor_rule_is_documented_and_small():
    # The rule of the module docstring, nothing more: continuing seats only.
    assert countries.SUCCESSORS == {"SUN": "RUS", "YUG": "SRB", "SCG": "SRB"}
    assert countries.apply_successors("DDR") == "DDR"


@pytest.mark.parametrize(
    ("code", "date", "expected"),
    [
        ("RUS", "1991-12-24", "SUN"),
        ("RUS", "1991-12-25", "RUS"),
        ("SRB", "2000-10-31", "YUG"),
        ("SRB", "2000-11-01", "SCG"),
        ("SRB", "2006-06-03", "SRB"),
        ("FRA", "1950-01-01", "FRA"),
    ],
)
def test_seat_eras(code, date, expected):
    assert countries.historical_code(code, date) == expected


def test_every_code_is_three_upper_letters():
    for c in unvotes_lib.all_countries():
        assert len(c.code) == 3
        assert c.code.isupper()
        assert c.code.isalpha()


# ------------------------------------------------------------------ names in the UN's voting lists


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("TURKEY", "TUR"),
        ("TURKIYE", "TUR"),
        ("TÜRKIYE", "TUR"),
        ("TÜRKİYE", "TUR"),
        ("TÜRKÝYE", "TUR"),  # Windows-1254 read as Windows-1252
        ("TÃœRKIYE", "TUR"),  # UTF-8 read as Windows-1252
        ("NETHERLANDS", "NLD"),
        ("NETHERLANDS (KINGDOM OF THE)", "NLD"),
        ("VENEZUELA (BOLIVARIAN REPUBLIC OF)", "VEN"),
        ("IRAN (ISLAMIC REPUBLIC OF)", "IRN"),
        ("MICRONESIA (FEDERATED STATES OF)", "FSM"),
        ("CÔTE D'IVOIRE", "CIV"),
        ("CÔTE D’IVOIRE", "CIV"),
        ("COTE D'IVOIRE", "CIV"),
        ("CÔTE. D'IVOIRE", "CIV"),
        ("LIBYAN ARAB JAMAHIRIYA", "LBY"),
        ("CHILEs", "CHL"),
        ("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "PRK"),
        ("REPUBLIC OF KOREA", "KOR"),
        ("UNITED STATES", "USA"),
        ("VIET NAM", "VNM"),
        ("ESWATINI", "SWZ"),
    ],
)
def test_resolve_member_name(name, code):
    assert countries.resolve_member_name(name) == code


def test_unknown_member_name_suggests():
    with pytest.raises(ValueError, match=r"`member name` 'FRANCEE' .*did you mean 'FRA' \(France\)"):
        countries.resolve_member_name("FRANCEE")
    # A lower-case ending is a typo only on an upper-case name.
    with pytest.raises(ValueError, match="not a known country"):
        countries.resolve_member_name("Chiles")


def test_un_membership_by_date():
    # The UN's growth in membership (un.org): 191 in 2002, 192 in 2006, 193 from 2011.
    assert len(countries.un_members("2002-12-31")) == 191
    assert len(countries.un_members("2006-12-31")) == 192
    assert len(countries.un_members("2011-07-13")) == 192
    assert countries.un_members("2011-07-14") - countries.un_members("2011-07-13") == {"SSD"}
    assert len(countries.un_members("2026-01-01")) == 193
    assert {"PSE", "VAT", "TWN"}.isdisjoint(countries.un_members("2026-01-01"))


def test_un_membership_before_2000_is_not_guessed():
    from unvotes_lib.errors import ParameterError

    with pytest.raises(
        ParameterError, match=r"`date` '1999-12-31': UN membership is tabulated from 2000-01-01"
    ):
        countries.un_members("1999-12-31")
