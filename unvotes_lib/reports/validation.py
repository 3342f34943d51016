"""Every parameter of a report checked before a kernel starts: types, then meaning by name.

Types first (:mod:`.coercion`: values from the command line arrive as strings), then
meaning, by the parameter's name (so that a new notebook's parameters are checked without
code of its own): see :data:`RULES`. Every ``int`` parameter is a count (0 or more) unless its
name says it is a year. Empty values (``""``, ``None``, ``[]``) mean "not given" and are not
checked. Every message starts with the parameter's own name in backquotes; all problems of
one parameter set are reported together, as :class:`~unvotes_lib.errors.ParameterError`
(exit status 2 on the command line).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from pathlib import Path

from ..errors import ParameterError
from .coercion import ParameterTypeError, coerce
from .parameters import Parameter, Report, get_report

__all__ = [
    "PARAMS_FILE_SCHEMA",
    "RULES",
    "ParameterTypeError",
    "coerce",
    "load_params_file",
    "validate",
    "validate_against",
]


#: JSON Schema of a parameter file (``unvotes report render NAME -f params.yaml``).
PARAMS_FILE_SCHEMA = {
    "type": ["object", "null"],
    "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
    "additionalProperties": {
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
        ]
    },
}

#: Voeten's issue codes (the unvotes-2021 data); other sources match text in their issue labels.
ISSUE_CODES = {
    "me": "Palestinian conflict",
    "nu": "nuclear weapons and material",
    "di": "arms control and disarmament",
    "hr": "human rights",
    "co": "colonialism",
    "ec": "economic development",
}


def _empty(value) -> bool:
    return value is None or value == "" or value == []


# ---------------------------------------------------------------- checks by meaning


def _bloc_names() -> list[str]:
    from ..blocs import bloc_names  # not `from .. import blocs`: the package re-exports names

    return list(bloc_names())


def _bloc_key(name: str) -> str:
    """Bloc names compare ignoring case, spaces, hyphens and underscores (as in unvotes_lib.blocs)."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def _choose(name: str, value: str, choices, what: str) -> str:
    by_key = {str(c).casefold(): c for c in choices}
    if str(value).strip().casefold() in by_key:
        return by_key[str(value).strip().casefold()]
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    msg = f"`{name}` {value!r} is not {what}; {hint}choose one of {', '.join(map(str, choices))}."
    raise ParameterError(msg)


@functools.lru_cache(maxsize=4)
def _data_for_validation(data):
    from ..store import load

    return load(data)


def _loaded(name: str, value, data):
    try:
        return _data_for_validation(data)
    except (ValueError, OSError) as err:
        msg = f"`{name}` {value!r} cannot be checked: the data {data!r} does not load ({err})."
        raise ParameterError(msg) from None


def _check_country(name: str, value: str, params: dict, *, blocs_ok: bool = False) -> str:
    from ..countries import resolve

    if blocs_ok:
        by_key = {_bloc_key(b): b for b in _bloc_names()}
        if _bloc_key(value) in by_key:
            return by_key[_bloc_key(value)]
    try:
        return resolve(value, param=name)
    except ValueError as err:
        extra = f" Blocs are accepted too: {', '.join(_bloc_names())}." if blocs_ok else ""
        msg = f"{err}{extra}"
        raise ParameterError(msg) from None


def _countries(name: str, value, params: dict):
    items = [value] if isinstance(value, str) else value
    out = [_check_country(name, v, params, blocs_ok=name == "partners") for v in items]
    return out[0] if isinstance(value, str) else out


def _check_bloc(name: str, value: str, params: dict) -> str:
    blocs = _bloc_names()
    by_key = {_bloc_key(b): b for b in blocs}
    if _bloc_key(value) in by_key:
        return by_key[_bloc_key(value)]
    close = difflib.get_close_matches(value, blocs, n=2, cutoff=0.5)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    msg = f"`{name}` {value!r} is not a known bloc; {hint}Known blocs: {', '.join(blocs)}."
    raise ParameterError(msg)


def _check_data(name: str, value: str, params: dict) -> str:
    from .. import sources

    if value in sources.REGISTRY or re.match(r"https?://", value):
        return value
    path = Path(value).expanduser()
    if path.exists():
        return str(path.resolve())
    close = difflib.get_close_matches(value, list(sources.REGISTRY), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    msg = (
        f"`{name}` {value!r} is neither a known source nor an existing file or folder; {hint}"
        f"known sources: {', '.join(sources.REGISTRY)}."
    )
    raise ParameterError(msg)


def _years_in_range(name: str, value, values: list[int]) -> None:
    bad = [v for v in values if not 1945 <= int(v) <= 2100]
    if bad:
        msg = f"`{name}` {value!r} has year {bad[0]} outside 1945-2100 (the UN's votes start in 1946)."
        raise ParameterError(msg)


def _check_years(name: str, value, params: dict):
    if isinstance(value, int):
        values = [value]
    elif isinstance(value, list):
        values = value
    else:
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:]\s*(\d{4})\s*)?", value)
        if not m:
            msg = (
                f"`{name}` {value!r} is not a year or a range of years; write it like '2000-2019' or '2019'."
            )
            raise ParameterError(msg)
        values = [int(m.group(1)), int(m.group(2) or m.group(1))]
        if values[0] > values[1]:
            msg = f"`{name}` {value!r} runs backwards; write it like '{values[1]}-{values[0]}'."
            raise ParameterError(msg)
    _years_in_range(name, value, values)
    return value


def _check_year(name: str, value, params: dict):
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{4}\s*", value):
        msg = f"`{name}` {value!r} is not a year; write it like '2018'."
        raise ParameterError(msg)
    _years_in_range(name, value, [int(value)])
    return value


def _check_date(name: str, value, params: dict):
    try:
        dt.date.fromisoformat(str(value).strip())
    except ValueError:
        msg = f"`{name}` {value!r} is not a date; write it as YYYY-MM-DD, like '2025-02-24'."
        raise ParameterError(msg) from None
    return str(value).strip()


def _check_symbol(name: str, value: str, params: dict) -> str:
    from .. import sources

    data = params.get("data") or sources.default_source()
    vd = _loaded(name, value, data)
    try:
        row = vd.roll_call(value)
    except ValueError as err:
        text = re.sub(r"^`symbols?` ", f"`{name}` ", str(err))
        msg = f"{text} (data: {data})"
        raise ParameterError(msg) from None
    return str(row["symbol"])  # as the data spells it


def _check_metric(name: str, value: str, params: dict) -> str:
    from ..agreement import METRICS  # the module, not the function the package re-exports

    if value in METRICS:
        return value
    close = difflib.get_close_matches(value, list(METRICS), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    msg = f"`{name}` {value!r} is not an agreement metric; {hint}choose one of {', '.join(METRICS)}."
    raise ParameterError(msg)


def _check_majority(name: str, value: str, params: dict) -> str:
    from ..tally import MAJORITIES

    return _choose(name, value, MAJORITIES, "a General Assembly majority")


def _check_body(name: str, value: str, params: dict) -> str:
    return _choose(name, value, ("GA", "SC"), "a UN body (GA: General Assembly, SC: Security Council)")


def _check_issue(name: str, value: str, params: dict) -> str:
    from .. import sources

    if value.strip().casefold() in ISSUE_CODES:
        return value.strip().casefold()
    codes = ", ".join(f"{k} ({v})" for k, v in ISSUE_CODES.items())
    data = params.get("data") or sources.default_source()
    vd = _loaded(name, value, data)
    matched = vd.filter(issue=value).roll_calls
    if len(matched):
        return value
    msg = (
        f"`{name}` {value!r} matches no roll call in the data {data!r}; give an issue code "
        f"({codes}) or words from an issue label."
    )
    raise ParameterError(msg)


def _check_votes(name: str, value: str, params: dict) -> str:
    from ..tally import parse_votes

    try:
        parse_votes(value)
    except ValueError as err:
        msg = f"`{name}`: {err}"
        raise ParameterError(msg) from None
    return value


def _check_count(name: str, value, params: dict):
    if value < 0:
        msg = f"`{name}` {value!r} is negative; give a count of 0 or more."
        raise ParameterError(msg)
    return value


#: (name pattern, check) in order; the first pattern that matches the whole name applies.
#: A check gets (name, value, the parameters so far) and returns the normalised value.
RULES: list[tuple[str, object]] = [
    (r"country", _check_country),
    (r"countries|partners", _countries),
    (r"bloc", _check_bloc),
    (r"data", _check_data),
    (r"years|period(_\w+)?|\w+_(years|period)", _check_years),
    (r"year|\w+_year", _check_year),
    (r"date|\w+_date", _check_date),
    (r"symbol|compare_to", _check_symbol),
    (r"metric", _check_metric),
    (r"majority", _check_majority),
    (r"body", _check_body),
    (r"issue", _check_issue),
    (r"\w+_votes", _check_votes),
]

#: Checked after the others, since they read the data the others normalised.
_NEED_DATA = (_check_symbol, _check_issue)


def _rule(param: Parameter):
    for pattern, check in RULES:
        if re.fullmatch(pattern, param.name):
            if check in (_check_country, _check_bloc, _check_data, _check_symbol, _check_date) and (
                param.type != "str"
            ):
                continue
            return check
    if param.type in ("int", "list[int]"):
        return _check_count
    return None


def _check(check, name: str, value, params: dict):
    if isinstance(value, list) and check not in (_countries, _check_years):
        return [check(f"{name}", v, params) for v in value]
    return check(name, value, params)


def validate_against(report: Report, params: dict | None) -> dict:
    """:func:`validate` for a :class:`Report` already read.

    Parameters
    ----------
    report : Report
        The report (:func:`~unvotes_lib.reports.parameters.get_report`).
    params : dict or None
        Given values; strings are coerced.

    Returns
    -------
    dict
        Every parameter of the report, as :func:`validate` returns them.

    Raises
    ------
    ParameterError, ParameterTypeError
        As :func:`validate`.

    Examples
    --------
    >>> from unvotes_lib.reports.parameters import Parameter, Report
    >>> report = Report("profile", Path("profile.ipynb"), parameters={
    ...     "country": Parameter("country", "str", "USA"), "n": Parameter("n", "int", 5)})
    >>> validate_against(report, {"country": "france", "n": "3"})
    {'country': 'FRA', 'n': 3}
    >>> validate_against(report, {"n": "-1"})
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: report 'profile': `n` -1 is negative; give a count of 0 or more.
    """
    params = dict(params or {})
    spec = report.parameters
    problems: list[tuple[type, str]] = []
    for key in params:
        if key not in spec:
            close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`? " if close else ""
            known = ", ".join(spec) or "none"
            problems.append(
                (
                    ParameterError,
                    f"`{key}` is not a parameter of report {report.name!r}; {hint}Parameters: {known}.",
                )
            )
    effective: dict = {}
    mistyped: set[str] = set()
    for name, param in spec.items():
        value = params.get(name, param.default)
        try:
            effective[name] = coerce(value, param) if name in params else value
        except ParameterTypeError as err:
            problems.append((ParameterTypeError, str(err)))
            mistyped.add(name)
            effective[name] = param.default
    # The given values are checked by meaning (defaults are the notebook's business); checks that
    # read the data come last, and run again when `data` itself was given.
    given = [n for n in spec if n in params and n not in mistyped]
    rules = {n: _rule(spec[n]) for n in spec}
    first = [n for n in given if rules[n] is not None and rules[n] not in _NEED_DATA]
    later = [
        n for n in spec if rules[n] in _NEED_DATA and (n in given or ("data" in given and n not in mistyped))
    ]
    data_ok = True
    for name in first + later:
        value = effective[name]
        if _empty(value) or (rules[name] in _NEED_DATA and not data_ok):
            continue
        context = dict(effective)
        data = context.get("data")
        if "data" not in given and isinstance(data, str) and (report.path.parent / data).exists():
            context["data"] = str((report.path.parent / data).resolve())  # a default path: the notebook's
        try:
            effective[name] = _check(rules[name], name, value, context)
        except ParameterError as err:
            problems.append((ParameterError, str(err)))
            data_ok = data_ok and rules[name] is not _check_data
    if problems:
        lines = [msg for _, msg in problems]
        head = f"report {report.name!r}: " + (
            lines[0] if len(lines) == 1 else "invalid parameters:\n  - " + "\n  - ".join(lines)
        )
        kind = ParameterTypeError if all(k is ParameterTypeError for k, _ in problems) else ParameterError
        raise kind(head)
    return effective


def validate(name: str, params: dict | None = None, *, notebooks_dir=None) -> dict:
    """Check a report's parameters without starting a kernel; return all of them.

    Parameters
    ----------
    name : str
        Report name (notebook file name without ``.ipynb``).
    params : dict, optional
        Given values (strings from a command line are coerced, see the module doc).
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`~.parameters.notebooks_folder`).

    Returns
    -------
    dict
        Every parameter of the report, in the cell's order: the given values,
        coerced and normalised (countries as ISO3 codes, data paths absolute), and
        the defaults for the others.

    Raises
    ------
    ParameterError
        Unknown report or parameter name (with the closest match), a value that
        fails its check by meaning (unknown country, symbol, source, majority, a negative
        count, a date that is not one, ...). All the problems are listed in one message.
    ParameterTypeError
        If every problem is a value of the wrong type.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nyears: str = "2000-2019"\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> validate("profile", {"country": "france", "n": "3"}, notebooks_dir=folder)
    {'country': 'FRA', 'years': '2000-2019', 'n': 3}
    >>> validate("profile", {"years": "2019-2000", "colour": "red"}, notebooks_dir=folder)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: report 'profile': invalid parameters:
      - `colour` is not a parameter of report 'profile'; did you mean `country`? Parameters: ...
      - `years` '2019-2000' runs backwards; write it like '2000-2019'.
    >>> shutil.rmtree(folder)
    """
    return validate_against(get_report(name, notebooks_dir), params)


def load_params_file(path) -> dict:
    """The parameters of a YAML file (YAML 1.2: ``NO`` is Norway, ``yes: 10`` a count).

    Parameters
    ----------
    path : path-like
        A YAML file holding a mapping of parameter names to values (or nothing).

    Returns
    -------
    dict
        Name -> value as YAML read it (not yet coerced or validated); ``{}`` for an empty file.

    Raises
    ------
    ParameterError
        If the file does not exist, is not YAML, or is not a mapping of names to values
        (the message names the file and line).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "params.yaml"
    >>> _ = path.write_text("country: NO\\nyes: 10\\n")
    >>> load_params_file(path)
    {'country': 'NO', 'yes': 10}
    """
    from ..yamlio import load_yaml

    path = Path(path)
    if not path.is_file():
        msg = f"`--params-file` {str(path)!r} is not a file."
        raise ParameterError(msg)
    doc = load_yaml(path, schema=PARAMS_FILE_SCHEMA, what=f"parameter file {path.name}", error=ParameterError)
    return doc or {}
