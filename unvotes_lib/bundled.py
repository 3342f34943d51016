"""The two reference tables that ship with the package, read once and checked.

* ``data/blocs.yaml``: voting blocs (EU, NATO, P5, ...) with dated membership spells and
  the source of each; read by :func:`blocs_table` for :mod:`unvotes_lib.blocs`.
* ``data/sc_members.yaml``: the elected members of the Security Council by calendar
  year; read by :func:`sc_elected` for :mod:`unvotes_lib.tally`.

Both go through :func:`unvotes_lib.yamlio.load_yaml` (YAML 1.2, so Norway's ``NO`` is a
string) with one JSON Schema each (:data:`BLOCS_SCHEMA`, :data:`SC_MEMBERS_SCHEMA`);
what a schema cannot say (a code that is not a country, an ``until`` before its
``from``, ten distinct members a year) is checked here, with the file and the entry in
the message. The analysis modules never parse YAML themselves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from . import countries
from .errors import DataFileError
from .yamlio import load_yaml

__all__ = ["BLOCS_SCHEMA", "SC_MEMBERS_SCHEMA", "Bloc", "blocs_table", "sc_elected"]

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_CODE = {"type": "string", "pattern": "^[A-Z]{3}$"}

#: JSON Schema of ``data/blocs.yaml`` (extra keys per bloc are allowed for presentation).
BLOCS_SCHEMA = {
    "type": "object",
    "required": ["blocs"],
    "properties": {
        "blocs": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["title", "source", "members"],
                "properties": {
                    "title": {"type": "string", "minLength": 1},
                    "source": {"type": "string", "minLength": 1},
                    "notes": {"type": "string"},
                    "members": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["country"],
                            "properties": {"country": _CODE, "from": _DATE, "until": _DATE},
                            "additionalProperties": False,
                        },
                    },
                },
            },
        }
    },
}

#: JSON Schema of ``data/sc_members.yaml``: ten elected members per calendar year.
SC_MEMBERS_SCHEMA = {
    "type": "object",
    "required": ["format", "elected"],
    "properties": {
        "format": {"const": "unvotes-sc-members/1"},
        "elected": {
            "type": "object",
            "propertyNames": {"pattern": r"^\d{4}$"},
            "additionalProperties": {
                "type": "array",
                "items": _CODE,
                "minItems": 10,
                "maxItems": 10,
                "uniqueItems": True,
            },
        },
    },
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Bloc:
    """One bloc of ``data/blocs.yaml``.

    Attributes
    ----------
    name, title, source, notes : str
        The key in the file, a long title, where the membership comes from (URLs, one
        line), and caveats (one line, may be empty).
    spells : tuple of (code, from, until)
        Membership spells: ISO3 code, first and last day (inclusive ISO dates, None for
        open-ended).
    """

    name: str
    title: str
    source: str
    notes: str
    spells: tuple[tuple[str, str | None, str | None], ...]


def _read(name: str, schema: dict):
    text = (resources.files("unvotes_lib.data") / name).read_text(encoding="utf-8")
    return load_yaml(text, schema=schema, what=f"data/{name}")


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def parse_blocs(doc: dict, *, what: str = "data/blocs.yaml") -> dict[str, Bloc]:
    """Blocs from a document already validated against :data:`BLOCS_SCHEMA`.

    Parameters
    ----------
    doc : dict
        The loaded YAML document.
    what : str
        The file named in error messages.

    Returns
    -------
    dict
        Bloc name -> :class:`Bloc`, in the order of the document.

    Raises
    ------
    DataFileError
        An unknown country code, or a spell whose ``until`` is before its ``from``.

    Examples
    --------
    >>> doc = {"blocs": {"Benelux": {"title": "Benelux", "source": "treaty",
    ...        "members": [{"country": "BEL", "from": "1944-09-05"}, {"country": "NLD"}]}}}
    >>> parse_blocs(doc)["Benelux"].spells
    (('BEL', '1944-09-05', None), ('NLD', None, None))
    >>> parse_blocs({"blocs": {"X": {"title": "X", "source": "s", "members": [{"country": "ZZZ"}]}}})
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: data/blocs.yaml: bloc 'X' lists unknown country code 'ZZZ'.
    """
    out = {}
    for name, spec in doc["blocs"].items():
        spells = []
        for m in spec["members"]:
            code, start, end = m["country"], m.get("from"), m.get("until")
            if not countries.is_known(code):
                msg = f"{what}: bloc {name!r} lists unknown country code {code!r}."
                raise DataFileError(msg)
            if start and end and end < start:
                msg = f"{what}: bloc {name!r}, {code}: `until` {end} is before `from` {start}."
                raise DataFileError(msg)
            spells.append((code, start, end))
        out[name] = Bloc(
            name, spec["title"], _one_line(spec["source"]), _one_line(spec.get("notes")), tuple(spells)
        )
    return out


@functools.cache
def blocs_table() -> dict[str, Bloc]:
    """The blocs of ``data/blocs.yaml``, read and checked once per process.

    Returns
    -------
    dict
        Bloc name -> :class:`Bloc`, in the order of the file.

    Examples
    --------
    >>> table = blocs_table()
    >>> sorted(code for code, start, until in table["P5"].spells if until is None)
    ['CHN', 'FRA', 'GBR', 'RUS', 'USA']
    """
    return parse_blocs(_read("blocs.yaml", BLOCS_SCHEMA))


def parse_sc_elected(doc: dict, *, what: str = "data/sc_members.yaml") -> dict[int, frozenset[str]]:
    """Elected Council members by year from a document validated against :data:`SC_MEMBERS_SCHEMA`.

    Parameters
    ----------
    doc : dict
    what : str
        The file named in error messages.

    Returns
    -------
    dict
        Year -> frozenset of ten ISO3 codes.

    Raises
    ------
    DataFileError
        A code that is not a country.

    Examples
    --------
    >>> ten = ["DZA", "GUY", "KOR", "SLE", "SVN", "DNK", "GRC", "PAK", "PAN", "SOM"]
    >>> sorted(parse_sc_elected({"format": "unvotes-sc-members/1", "elected": {"2025": ten}})[2025])[:3]
    ['DNK', 'DZA', 'GRC']
    """
    table = {}
    for year, members in doc["elected"].items():
        unknown = sorted(c for c in members if not countries.is_known(c))
        if unknown:
            msg = f"{what}: year {year} lists unknown country codes {unknown}; use ISO 3166 alpha-3 codes."
            raise DataFileError(msg)
        table[int(year)] = frozenset(members)
    return table


@functools.cache
def sc_elected() -> dict[int, frozenset[str]]:
    """The elected members of the Security Council by calendar year (``data/sc_members.yaml``).

    Returns
    -------
    dict
        Year -> frozenset of the ten elected members' ISO3 codes; years not on file are
        absent.

    Examples
    --------
    >>> sorted(sc_elected()[2025])
    ['DNK', 'DZA', 'GRC', 'GUY', 'KOR', 'PAK', 'PAN', 'SLE', 'SOM', 'SVN']
    """
    return parse_sc_elected(_read("sc_members.yaml", SC_MEMBERS_SCHEMA))
