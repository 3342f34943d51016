"""YAML files of the project, read with YAML 1.2 semantics and checked against a JSON Schema.

Every YAML format the project reads (curated records, blocs, Council membership, report
parameter files and batch configs) goes through :func:`load_yaml`:

- YAML 1.2 (ruamel.yaml), so that ``NO`` is Norway and ``yes: 10`` is a count: YAML 1.1's
  booleans (``yes``/``no``/``on``/``off``) are plain strings here; only ``true``/``false`` are booleans;
- dates (``2025-02-24``) are returned as ISO strings, so that a schema can describe them;
- the document is validated against the format's JSON Schema: valid documents by
  ``fastjsonschema`` (compiled; imported in milliseconds where ``jsonschema`` takes seconds),
  and a document that fails by ``jsonschema``, whose best match names the file, the line, the
  place in the document and what was expected;
- mapping keys are strings, as in JSON (a year key ``2025:`` reads as ``"2025"``).

Examples
--------
>>> doc = load_yaml("country: NO\\nyes: 10\\ndate: 2025-02-24\\n", what="params.yaml")
>>> doc
{'country': 'NO', 'yes': 10, 'date': '2025-02-24'}
>>> schema = {"type": "object", "properties": {"yes": {"type": "integer", "minimum": 0}}}
>>> load_yaml("yes: -5\\n", schema=schema, what="params.yaml")
Traceback (most recent call last):
...
unvotes_lib.errors.DataFileError: params.yaml, line 1: `yes`: -5 is less than the minimum of 0
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from pathlib import Path

from .errors import DataFileError, UnvotesError

__all__ = ["load_yaml", "validate"]


def _plain(node):
    """ruamel's round-trip containers as plain dicts, lists and scalars; dates as ISO text."""
    if isinstance(node, dict):
        return {str(_plain(k)): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, dt.datetime | dt.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)  # ruamel's ScalarString subclasses
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _line_of(raw, path) -> int | None:
    """1-based line of the deepest node along ``path`` that ruamel knows the position of."""
    line = None
    node = raw
    for key in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, list):
                key = int(key)
            elif isinstance(node, dict) and key not in node:
                key = next(k for k in node if str(k) == key)
            if lc is not None:
                line = (lc.key(key) if isinstance(node, dict) else lc.item(key))[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, StopIteration):
            break
    return line


def _where(doc, path) -> str:
    """``a.b[0].c``: list positions in brackets, mapping keys (even ``2025``) after dots."""
    out, node = "", doc
    for key in path:
        if isinstance(node, list) and str(key).isdigit():
            out += f"[{key}]"
            node = node[int(key)] if int(key) < len(node) else None
        else:
            out += f".{key}" if out else str(key)
            node = node.get(key) if isinstance(node, dict) else None
    return out


@functools.cache
def _compiled(schema_json: str):
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_json))


def validate(doc, schema: dict, *, what: str, raw=None, error: type[UnvotesError] = DataFileError) -> None:
    """Check a loaded document against a JSON Schema; raise ``error`` on the first problem.

    Parameters
    ----------
    doc : object
        The document as plain Python (dicts with string keys, lists, scalars).
    schema : dict
        A JSON Schema (draft 7 keywords, which both validators read).
    what : str
        How to name the document in a message (a file name).
    raw : object, optional
        The ruamel round-trip document, for line numbers.
    error : type, default DataFileError
        The exception class to raise (e.g. :class:`~unvotes_lib.errors.ParameterError`).

    Returns
    -------
    None
        When ``doc`` conforms to ``schema``.

    Raises
    ------
    DataFileError
        (or ``error``) naming ``what``, the line if known, the place in the document and
        what the schema expected.

    Examples
    --------
    >>> schema = {"properties": {"members": {"items": {"type": "string"}}}}
    >>> validate({"members": ["FRA", "GBR"]}, schema, what="blocs.yaml") is None
    True
    >>> validate({"members": ["FRA", 7]}, schema, what="blocs.yaml")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.DataFileError: blocs.yaml: `members[1]`: 7 is not of type 'string'
    """
    import fastjsonschema

    try:
        _compiled(json.dumps(schema, sort_keys=True))(doc)
        return
    except fastjsonschema.JsonSchemaValueException:
        pass
    # Only a document that fails pays for jsonschema (its import takes seconds), whose best_match
    # descends into anyOf branches to the error a person can act on.
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    path = [str(p) for p in err.absolute_path]
    line = _line_of(raw, path) if raw is not None else None
    place = f", line {line}" if line else ""
    where = f"`{_where(doc, path)}`: " if path else ""
    msg = f"{what}{place}: {where}{err.message}"
    raise error(msg) from None


def load_yaml(
    source: str | os.PathLike,
    *,
    schema: dict | None = None,
    what: str | None = None,
    error: type[UnvotesError] = DataFileError,
):
    """Read a YAML document (YAML 1.2) and check it against a JSON Schema.

    Parameters
    ----------
    source : str or path-like
        A path to a ``.yaml``/``.yml`` file, or the YAML text itself (a ``str`` that is not
        an existing file's path).
    schema : dict, optional
        A JSON Schema the document must satisfy.
    what : str, optional
        How to name the document in messages; default: the file name, or ``"YAML text"``.
    error : type, default DataFileError
        The exception class for a document that cannot be parsed or does not fit ``schema``.

    Returns
    -------
    object
        The document as plain dicts, lists, strings, numbers, booleans and ``None``; dates and
        timestamps as ISO 8601 strings.

    Raises
    ------
    DataFileError
        (or ``error``) if the text is not YAML (with the line) or does not fit ``schema``.
    FileNotFoundError
        If ``source`` is a path that does not exist.

    Examples
    --------
    >>> load_yaml("grid: {country: [NO, SE, DK]}\\n")
    {'grid': {'country': ['NO', 'SE', 'DK']}}
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    path = None
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and source.endswith((".yaml", ".yml"))
    ):
        path = Path(source)
        text = path.read_text(encoding="utf-8")
    else:
        text = str(source)
    what = what or (path.name if path is not None else "YAML text")
    yaml = YAML(typ="rt")  # round-trip: YAML 1.2 and line numbers; pure Python
    try:
        raw = yaml.load(text)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        place = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        msg = f"{what}{place}: not valid YAML ({problem})."
        raise error(msg) from err
    doc = _plain(raw)
    if schema is not None:
        validate(doc, schema, what=what, raw=raw, error=error)
    return doc
