"""data/sc_members.yaml: the Council's elected members by year, 2000-2026."""

from __future__ import annotations

import json

import pytest

from unvotes_lib import bundled, countries

P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}


@pytest.fixture(scope="module")
def elected():
    return bundled.sc_elected()


def test_every_year_2000_to_2026_lists_ten_known_members(elected):
    assert sorted(elected) == list(range(2000, 2027))
    for year, codes in elected.items():
        assert len(codes) == 10, year
        assert all(countries.is_known(c) for c in codes), year
        assert not codes & P5, year


def test_2025_as_in_domain_md(elected):
    # DOMAIN.md section 2: elected for 2024-25 Algeria, Guyana, Republic of Korea, Sierra Leone,
    # Slovenia; for 2025-26 Denmark, Greece, Pakistan, Panama, Somalia.
    assert elected[2025] == {"DZA", "GUY", "KOR", "SLE", "SVN", "DNK", "GRC", "PAK", "PAN", "SOM"}


def test_two_year_terms_half_renewed_each_year(elected):
    # Charter Art. 23(2): two-year terms, five seats renewed each year, no immediate re-election.
    # The one exception: Italy (2017) and the Netherlands (2018) split the 2017-18 term.
    for year in range(2001, 2027):
        carried = elected[year] & elected[year - 1]
        if year == 2018:
            assert carried == {"BOL", "ETH", "KAZ", "SWE"}
            assert elected[2018] - elected[2017] >= {"NLD"}
            assert "ITA" not in elected[2018]
        else:
            assert len(carried) == 5, year
    for year in range(2002, 2027):
        assert not elected[year] & elected[year - 1] & elected[year - 2], year


@pytest.mark.data
def test_members_listed_in_the_councils_own_extracts(unxml_sc_dir, elected):
    """For each year, every name the year's resolutions list == P5 + that year's ten elected.

    No exception was needed: the 14-name lists (S/RES/1402, 1483, 2756, 2797) leave out a member
    that other resolutions of the same year list, and Côte d'Ivoire split over two items in
    S/RES/2403 (2018) is listed whole elsewhere in 2018.
    """
    for path in sorted(unxml_sc_dir.glob("*.json")):
        year = int(path.stem)
        listed = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            for key in ("MS_in_favour", "MS_against", "MS_abstaining"):
                for name in entry.get(key) or []:
                    if name in ("CÔTE.", "D'IVOIRE"):
                        continue
                    listed.add(countries.resolve_member_name(name))
        assert listed == P5 | elected[year], (year, listed ^ (P5 | elected[year]))
