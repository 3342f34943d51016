"""The two tables shipped with the package (data/blocs.yaml, data/sc_members.yaml): read through
yamlio with a JSON Schema each, bad files rejected with the file, the line and what to fix."""

from __future__ import annotations

import pytest

from unvotes_lib import bundled
from unvotes_lib.errors import DataFileError
from unvotes_lib.yamlio import load_yaml


def blocs_doc(text: str) -> dict:
    return bundled.parse_blocs(
        load_yaml(text, schema=bundled.BLOCS_SCHEMA, what="blocs.yaml"), what="blocs.yaml"
    )


def test_shipped_tables_load_and_hold_what_the_docs_say():
    table = bundled.blocs_table()
    # the UK left the EU at the end of 31 January 2020 (data/blocs.yaml, EU)
    assert ("GBR", "1973-01-01", "2020-01-31") in table["EU"].spells
    assert table["NATO"].source.startswith("http")
    assert "\n" not in table["EU"].notes  # folded to one line
    elected = bundled.sc_elected()
    assert all(len(m) == 10 for m in elected.values())
    # DOMAIN.md section 2: elected for 2024-25 and 2025-26
    assert elected[2025] == {"DZA", "GUY", "KOR", "SLE", "SVN", "DNK", "GRC", "PAK", "PAN", "SOM"}
    assert bundled.blocs_table() is table  # read once per process


def test_yaml_12_keeps_norway_a_country():
    # YAML 1.1 would read NO as False; the shipped tables list Norway in NATO as NO-free ISO3 codes,
    # and a spell written with the two-letter NO would fail the ISO3 pattern, not become a boolean.
    out = blocs_doc("blocs:\n  Nordic:\n    title: t\n    source: s\n    members:\n      - {country: NOR}\n")
    assert out["Nordic"].spells == (("NOR", None, None),)
    where = r"blocs.yaml, line 6: `blocs.Nordic.members\[0\].country`"
    with pytest.raises(DataFileError, match=where + r": 'NO'"):
        blocs_doc("blocs:\n  Nordic:\n    title: t\n    source: s\n    members:\n      - {country: NO}\n")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("blocs:\n  X:\n    title: t\n    members: [{country: FRA}]\n", r"'source' is a required property"),
        (
            "blocs:\n  X:\n    title: t\n    source: s\n    members: [{country: FRA, from: 1958}]\n",
            r"`blocs.X.members\[0\].from`: 1958 is not of type 'string'",
        ),
        (
            "blocs:\n  X:\n    title: t\n    source: s\n    members: [{country: FRA, since: 1958-01-01}]\n",
            r"Additional properties are not allowed \('since' was unexpected\)",
        ),
        (
            "blocs:\n  X:\n    title: t\n    source: s\n    members: [{country: ZZZ}]\n",
            r"blocs.yaml: bloc 'X' lists unknown country code 'ZZZ'",
        ),
        (
            "blocs:\n  X:\n    title: t\n    source: s\n"
            "    members: [{country: FRA, from: 2000-01-01, until: 1999-12-31}]\n",
            r"bloc 'X', FRA: `until` 1999-12-31 is before `from` 2000-01-01",
        ),
    ],
)
def test_bad_blocs_files_are_rejected_with_the_place(text, match):
    with pytest.raises(DataFileError, match=match):
        blocs_doc(text)


def test_bad_council_tables_are_rejected():
    nine = "[DZA, GUY, KOR, SLE, SVN, DNK, GRC, PAK, PAN]"
    doc = f"format: unvotes-sc-members/1\nelected:\n  2025: {nine}\n"
    with pytest.raises(DataFileError, match=r"sc_members.yaml, line 3: `elected.2025`: .* is too short"):
        load_yaml(doc, schema=bundled.SC_MEMBERS_SCHEMA, what="sc_members.yaml")
    twice = "[DZA, DZA, KOR, SLE, SVN, DNK, GRC, PAK, PAN, SOM]"
    doc = f"format: unvotes-sc-members/1\nelected:\n  2025: {twice}\n"
    with pytest.raises(DataFileError, match=r"has non-unique elements"):
        load_yaml(doc, schema=bundled.SC_MEMBERS_SCHEMA, what="sc_members.yaml")
    unknown = {"format": "unvotes-sc-members/1", "elected": {2025: ["ZZZ", *"DZA KOR".split()]}}
    with pytest.raises(DataFileError, match=r"year 2025 lists unknown country codes \['ZZZ'\]"):
        bundled.parse_sc_elected(unknown)
