"""Render the report notebooks: parameters, validation, papermill, HTML, batches.

A *report* is a notebook in the ``notebooks/`` folder whose first code cell is
tagged ``parameters`` and holds plain typed defaults, one per line::

    country: str = "USA"  # ISO3 code of the country profiled
    partners: list[str] = ["RUS", "GBR"]  # countries compared with `country`

:func:`render` validates the parameters (before any kernel starts), runs the
notebook with papermill (``kernel_name="python3"``, working directory = the
notebooks folder) and writes, in ``OUT/<report>/<slug of params>/``:

``report.ipynb``
    The executed notebook (normalised: cell ids, title, no timings). It is kept
    when the report fails, with the error in it.
``report.html``
    The notebook without its code (images embedded, no external scripts).
``metrics.json``
    The key numbers the notebook recorded with :func:`record_metrics`, the
    provenance shown by :func:`show_provenance`, the effective parameters and the
    inputs (notebook sha256, dataset files' sha256, library version, and their hash).

Same inputs give byte-identical ``report.html`` and ``metrics.json``. A render whose
inputs (notebook file, parameters, dataset files, library version) are unchanged
is skipped unless ``force=True``. :func:`batch` expands a YAML config into many
renders, runs them in worker processes and writes a ``manifest.json``.

Parameter coercion (values from the command line arrive as strings)
-------------------------------------------------------------------
=============  ===================================================================
type           accepted
=============  ===================================================================
``str``        any string, unchanged (``"007"`` stays ``"007"``); an int or float
               (from YAML) becomes its text
``int``        an int, or a string of digits with an optional sign (``"12"``)
``float``      an int or float, or a string ``float()`` reads (``"0.5"``)
``bool``       True/False, or ``true/false/yes/no/1/0`` in any case
``list[str]``  a list, a YAML flow list ``"[RUS, GBR]"`` or a comma-separated
``list[int]``  string ``"RUS,GBR"`` (``""`` is the empty list); items coerced
``T | None``   also ``None``, ``"none"`` or ``"null"``
=============  ===================================================================

Semantic checks by parameter name: ``country``, ``countries`` and ``partners``
must be countries (``partners`` may also name blocs); ``bloc`` a bloc name;
``data`` a registry source, a URL, or an existing file or folder (relative paths
are made absolute, since the notebook runs in the notebooks folder); ``years`` a
year or a range like ``"2000-2019"``; ``symbol`` and ``compare_to`` roll calls in
the chosen data; ``metric`` one of the agreement metrics. Empty values
(``""``, ``None``, ``[]``) mean "not given" and are not checked.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import difflib
import functools
import hashlib
import html
import io
import itertools
import json
import math
import os
import re
import sys
import time
import tokenize
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from . import sources

__all__ = [
    "METRICS_MIME",
    "PROVENANCE_MIME",
    "BatchResult",
    "Job",
    "Parameter",
    "RenderResult",
    "Report",
    "ReportFailed",
    "batch",
    "coerce",
    "list_reports",
    "notebooks_folder",
    "params_slug",
    "parse_parameters",
    "plan",
    "record_metrics",
    "render",
    "report_parameters",
    "show_provenance",
    "validate",
]

#: MIME type of the outputs :func:`record_metrics` displays (invisible in HTML).
METRICS_MIME = "application/vnd.unvotes.metrics+json"
#: MIME type of the machine-readable part of :func:`show_provenance`'s output.
PROVENANCE_MIME = "application/vnd.unvotes.provenance+json"
#: Bumped whenever the rendered files change for the same inputs (invalidates skips).
RENDERER_VERSION = 1

TYPES = ("str", "int", "float", "bool", "list[str]", "list[int]")
STATUSES = ("ok", "failed", "skipped", "invalid")


# ====================================================================== notebooks in reports


@dataclass(frozen=True)
class Parameter:
    """One parameter of a report, read from its ``parameters`` cell.

    Attributes
    ----------
    name : str
    type : str
        One of ``str``, ``int``, ``float``, ``bool``, ``list[str]``, ``list[int]``.
    default : object
        The literal default of the cell.
    help : str
        The comment at the end of the line ("" if none).
    optional : bool
        True if annotated ``T | None`` (``None`` accepted).
    """

    name: str
    type: str
    default: object
    help: str = ""
    optional: bool = False

    @property
    def type_label(self) -> str:
        """The annotation as written, e.g. ``list[str]`` or ``str | None``."""
        return f"{self.type} | None" if self.optional else self.type


@dataclass(frozen=True)
class Report:
    """A report notebook.

    Attributes
    ----------
    name : str
        File name without ``.ipynb``.
    path : Path
    title : str
        The first markdown heading of the notebook ("" if none).
    parameters : dict
        Name -> :class:`Parameter`, in the order of the cell.
    error : str or None
        Why the parameters cell cannot be used (the report cannot be rendered then).
    """

    name: str
    path: Path
    title: str = ""
    parameters: dict[str, Parameter] = field(default_factory=dict)
    error: str | None = None


def notebooks_folder(notebooks_dir: str | os.PathLike | None = None) -> Path:
    """The folder the reports are read from.

    In order: ``notebooks_dir``; the environment variable ``UNVOTES_NOTEBOOKS``;
    the repository's ``notebooks/`` folder (source tree or editable install); the
    notebooks shipped in the package as ``unvotes_lib.notebooks``.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist.
    """
    if notebooks_dir is None:
        notebooks_dir = os.environ.get("UNVOTES_NOTEBOOKS") or None
    if notebooks_dir is not None:
        folder = Path(notebooks_dir).expanduser().resolve()
        if not folder.is_dir():
            msg = f"`notebooks_dir` {str(notebooks_dir)!r} is not a folder of report notebooks."
            raise FileNotFoundError(msg)
        return folder
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir():  # a source tree
        return root / "notebooks"
    with contextlib.suppress(ImportError, TypeError):
        from importlib import resources

        shipped = Path(str(resources.files("unvotes_lib.notebooks")))
        if shipped.is_dir():
            return shipped
    msg = (
        "No report notebooks found: neither the repository's notebooks/ folder nor the "
        "package unvotes_lib.notebooks exists. Pass notebooks_dir= (or --notebooks DIR)."
    )
    raise FileNotFoundError(msg)


def _comments(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    with contextlib.suppress(tokenize.TokenError, IndentationError):
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def parse_parameters(source: str, *, where: str = "the parameters cell") -> dict[str, Parameter]:
    """Read the parameters of a ``parameters`` cell.

    Every statement must be a typed literal default, ``name: type = literal``,
    optionally followed by ``# help``; comments and blank lines may stand between.

    Parameters
    ----------
    source : str
        The cell's source.
    where : str
        How to name the cell in error messages.

    Returns
    -------
    dict
        Name -> :class:`Parameter`, in the order of the cell.

    Raises
    ------
    ValueError
        A statement that is not a typed literal default (a computed value, a call,
        an untyped assignment), an unsupported type, a default that does not match
        its type, or a name given twice.

    Examples
    --------
    >>> params = parse_parameters('country: str = "USA"  # ISO3 code\\nn: int = 5\\n')
    >>> params["country"]
    Parameter(name='country', type='str', default='USA', help='ISO3 code', optional=False)
    >>> parse_parameters("first: int = 1990\\nyears: str = f'{first}-2019'")
    Traceback (most recent call last):
    ...
    ValueError: the parameters cell computes `years` (f'{first}-2019'); keep it to literal defaults ...
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        msg = f"{where} is not valid Python ({err.msg}, line {err.lineno})."
        raise ValueError(msg) from None
    comments = _comments(source)
    out: dict[str, Parameter] = {}
    for node in tree.body:
        segment = ast.get_source_segment(source, node) or ast.unparse(node)
        if not (
            isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
        ):
            msg = (
                f"{where} has `{segment}` (line {node.lineno}); it may only hold typed literal defaults, "
                'one per line, like `country: str = "USA"  # ISO3 code`.'
            )
            raise ValueError(msg)
        name = node.target.id
        annotation = ast.unparse(node.annotation).replace(" ", "").replace("typing.", "")
        optional = False
        for pattern in (r"^(.+)\|None$", r"^None\|(.+)$", r"^Optional\[(.+)\]$"):
            m = re.match(pattern, annotation)
            if m:
                optional, annotation = True, m.group(1)
                break
        annotation = {"List[str]": "list[str]", "List[int]": "list[int]"}.get(annotation, annotation)
        if annotation not in TYPES:
            msg = (
                f"{where}: `{name}` has type `{ast.unparse(node.annotation)}`; supported types are "
                f"{', '.join(TYPES)} (optionally `| None`)."
            )
            raise ValueError(msg)
        try:
            default = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError):
            value_text = ast.get_source_segment(source, node.value) or ast.unparse(node.value)
            msg = (
                f"{where} computes `{name}` ({value_text}); keep it to literal defaults such as "
                '`years: str = "2000-2019"` and compute derived values in a later cell.'
            )
            raise ValueError(msg) from None
        if name in out:
            msg = f"{where} sets `{name}` twice (lines {node.lineno} and before); keep one."
            raise ValueError(msg)
        param = Parameter(
            name,
            annotation,
            default,
            comments.get(node.end_lineno) or comments.get(node.lineno, ""),
            optional,
        )
        if not (default is None and optional):
            try:
                checked = coerce(default, param, strict=True)
            except (TypeError, ValueError) as err:
                msg = f"{where}: the default of `{name}` does not match its type: {err}"
                raise ValueError(msg) from None
            if checked != default or type(checked) is not type(default):
                param = Parameter(name, annotation, checked, param.help, optional)
        out[name] = param
    return out


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _read_report(path: Path) -> Report:
    # Plain JSON, not nbformat: importing nbformat costs seconds (jsonschema), and listing
    # reports or rejecting a parameter must be quick.
    name = path.stem
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        cells = [c for c in doc["cells"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError) as err:
        return Report(name, path, error=f"{path.name} is not a readable notebook ({err}).")
    title = ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            m = re.search(r"^#+\s*(.+?)\s*$", _source(cell), flags=re.MULTILINE)
            if m:
                title = m.group(1)
                break
    cells = [c for c in cells if "parameters" in (c.get("metadata") or {}).get("tags", [])]
    if not cells:
        return Report(name, path, title)
    if len(cells) > 1:
        return Report(
            name, path, title, error=f"{path.name} has {len(cells)} cells tagged `parameters`; keep one."
        )
    try:
        params = parse_parameters(_source(cells[0]), where=f"the parameters cell of {path.name}")
    except ValueError as err:
        return Report(name, path, title, error=str(err))
    return Report(name, path, title, params)


def _report_paths(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith((".", "_"))}


def list_reports(*, notebooks_dir: str | os.PathLike | None = None) -> list[Report]:
    """Every report notebook of the notebooks folder, sorted by name.

    A notebook whose parameters cell cannot be used is listed with its ``error``.

    Examples
    --------
    >>> import pathlib, tempfile, nbformat
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = nbformat.v4.new_code_cell('n: int = 3  # how many', metadata={"tags": ["parameters"]})
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "tiny.ipynb")
    >>> [(r.name, list(r.parameters)) for r in list_reports(notebooks_dir=folder)]
    [('tiny', ['n'])]
    """
    folder = notebooks_folder(notebooks_dir)
    return [_read_report(p) for p in _report_paths(folder).values()]


def _get_report(name: str, notebooks_dir=None) -> Report:
    folder = notebooks_folder(notebooks_dir)
    paths = _report_paths(folder)
    stem = str(name).removesuffix(".ipynb")
    if stem not in paths:
        close = difflib.get_close_matches(stem, list(paths), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        known = ", ".join(paths) or "none"
        msg = f"report {name!r} is not a notebook in {folder}; {hint}Reports: {known}."
        raise ValueError(msg)
    report = _read_report(paths[stem])
    if report.error:
        raise ValueError(report.error)
    return report


def report_parameters(name: str, *, notebooks_dir: str | os.PathLike | None = None) -> dict[str, Parameter]:
    """The parameters of one report (name -> :class:`Parameter`).

    Raises
    ------
    ValueError
        Unknown report (with the closest names) or an unusable parameters cell.
    """
    return _get_report(name, notebooks_dir).parameters


# ====================================================================== coercion and validation

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


def _coerce_scalar(value, kind: str, name: str, strict: bool):
    if kind == "str":
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not strict:
            return str(value)
        msg = f"`{name}` {value!r} is not a string."
        raise TypeError(msg)
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, str) and not strict and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        msg = f"`{name}` {value!r} is not an int; give a whole number such as 5."
        raise TypeError(msg)
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and not strict:
            with contextlib.suppress(ValueError):
                return float(value)
        msg = f"`{name}` {value!r} is not a float; give a number such as 0.5."
        raise TypeError(msg)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and not strict:
            if value.strip().lower() in _TRUE:
                return True
            if value.strip().lower() in _FALSE:
                return False
        msg = f"`{name}` {value!r} is not a bool; use true or false."
        raise TypeError(msg)
    raise AssertionError(kind)  # pragma: no cover


def coerce(value, param: Parameter, *, strict: bool = False):
    """Convert a value (often a command-line string) to a parameter's type.

    The rules are in the module docstring. ``strict=True`` accepts only values
    already of the type (ints for floats), as for the defaults of a notebook.

    Raises
    ------
    TypeError
        If the value cannot be read as the type; the message names the parameter.

    Examples
    --------
    >>> coerce("007", Parameter("code", "str", ""))
    '007'
    >>> coerce("true", Parameter("flag", "bool", False))
    True
    >>> coerce("RUS, GBR", Parameter("partners", "list[str]", []))
    ['RUS', 'GBR']
    >>> coerce("[1990, 2000]", Parameter("years", "list[int]", []))
    [1990, 2000]
    >>> coerce("maybe", Parameter("flag", "bool", False))
    Traceback (most recent call last):
    ...
    TypeError: `flag` 'maybe' is not a bool; use true or false.
    """
    name = param.name
    if value is None or (
        param.optional and not strict and isinstance(value, str) and value.strip().lower() in ("none", "null")
    ):
        if param.optional:
            return None
        msg = f"`{name}` is None but must be a {param.type}."
        raise TypeError(msg)
    if param.type.startswith("list["):
        item = param.type[5:-1]
        if isinstance(value, str) and not strict:
            text = value.strip()
            if text.startswith("["):
                try:
                    value = yaml.safe_load(text)
                except yaml.YAMLError:
                    msg = f"`{name}` {text!r} is not a list; write [A, B] or A,B."
                    raise TypeError(msg) from None
            else:
                value = [v.strip() for v in text.split(",") if v.strip()]
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list):
            msg = f"`{name}` {value!r} is not a list of {item}; write [A, B] or A,B."
            raise TypeError(msg)
        return [_coerce_scalar(v, item, f"{name}[{i}]", strict) for i, v in enumerate(value)]
    return _coerce_scalar(value, param.type, name, strict)


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _bloc_names() -> list[str]:
    """The bloc names of :mod:`unvotes_lib.blocs`."""
    from .blocs import bloc_names  # not `from . import blocs`: the package re-exports names

    return list(bloc_names())


def _bloc_key(name: str) -> str:
    """Bloc names compare ignoring case, spaces, hyphens and underscores (as in unvotes_lib.blocs)."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def _agreement_metrics() -> list[str]:
    # `from . import agreement` would give the function the package re-exports, not the module.
    from .agreement import METRICS

    return list(METRICS)


@functools.lru_cache(maxsize=4)
def _data_for_validation(data):
    from .store import load

    return load(data)


def _check_country(name: str, value: str, *, blocs_ok: bool = False) -> str:
    from .countries import resolve

    if blocs_ok:
        by_key = {_bloc_key(b): b for b in _bloc_names()}
        if _bloc_key(value) in by_key:
            return by_key[_bloc_key(value)]
    try:
        return resolve(value, param=name)
    except ValueError as err:
        if blocs_ok:
            msg = f"{err} Blocs are accepted too: {', '.join(_bloc_names())}."
            raise ValueError(msg) from None
        raise


def _check_data(value: str) -> str:
    if value in sources.REGISTRY or re.match(r"https?://", value):
        return value
    path = Path(value).expanduser()
    if path.exists():
        return str(path.resolve())
    close = difflib.get_close_matches(value, list(sources.REGISTRY), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    msg = (
        f"`data` {value!r} is neither a known source nor an existing file or folder; {hint}"
        f"known sources: {', '.join(sources.REGISTRY)}."
    )
    raise ValueError(msg)


def _check_years(name: str, value):
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
            raise ValueError(msg)
        values = [int(m.group(1)), int(m.group(2) or m.group(1))]
        if values[0] > values[1]:
            msg = f"`{name}` {value!r} runs backwards; write it like '{values[1]}-{values[0]}'."
            raise ValueError(msg)
    bad = [v for v in values if not 1945 <= int(v) <= 2100]
    if bad:
        msg = f"`{name}` {value!r} has year {bad[0]} outside 1945-2100 (the UN's votes start in 1946)."
        raise ValueError(msg)
    return value


def _check_symbol(name: str, value: str, data) -> str:
    try:
        vd = _data_for_validation(data)
    except (ValueError, FileNotFoundError) as err:
        msg = f"`{name}` {value!r} cannot be checked: the data {data!r} does not load ({err})."
        raise ValueError(msg) from None
    try:
        row = vd.roll_call(value)
    except ValueError as err:
        text = re.sub(r"^`symbols?` ", f"`{name}` ", str(err))
        msg = f"{text} (data: {data})"
        raise ValueError(msg) from None
    return str(row["symbol"])  # as the data spells it


def _semantic(name: str, value, params: dict):
    """Check a coerced value by its parameter name; return the normalised value."""
    if _empty(value):
        return value
    if name == "country" and isinstance(value, str):
        return _check_country(name, value)
    if name in ("countries", "partners"):
        items = [value] if isinstance(value, str) else value
        out = [_check_country(name, v, blocs_ok=name == "partners") for v in items]
        return out[0] if isinstance(value, str) else out
    if name == "bloc" and isinstance(value, str):
        blocs = _bloc_names()
        by_key = {_bloc_key(b): b for b in blocs}
        if _bloc_key(value) in by_key:
            return by_key[_bloc_key(value)]
        close = difflib.get_close_matches(value, blocs, n=2, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        msg = f"`bloc` {value!r} is not a known bloc; {hint}Known blocs: {', '.join(blocs)}."
        raise ValueError(msg)
    if name == "data" and isinstance(value, str):
        return _check_data(value)
    if name == "years":
        return _check_years(name, value)
    if name in ("symbol", "compare_to") and isinstance(value, str):
        data = params.get("data") or sources.default_source()
        return _check_symbol(name, value, data)
    if name == "metric" and isinstance(value, str):
        metrics = _agreement_metrics()
        if value not in metrics:
            close = difflib.get_close_matches(value, metrics, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = f"`metric` {value!r} is not an agreement metric; {hint}choose one of {', '.join(metrics)}."
            raise ValueError(msg)
    return value


def _validate_against(report: Report, params: dict | None) -> dict:
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
                    ValueError,
                    f"`{key}` is not a parameter of report {report.name!r}; {hint}Parameters: {known}.",
                )
            )
    effective: dict = {}
    mistyped: set[str] = set()
    for name, param in spec.items():
        value = params.get(name, param.default)
        try:
            effective[name] = coerce(value, param) if name in params else value
        except TypeError as err:
            problems.append((TypeError, str(err)))
            mistyped.add(name)
            effective[name] = param.default
    # Semantic checks of the given values (defaults are the notebook's business), data
    # first since symbols are looked up in it; symbols are re-checked when data changes.
    checked = [n for n in ("data", *spec) if n in params and n in spec]
    if "data" in params:
        checked += [n for n in ("symbol", "compare_to") if n in spec]
    data_ok = True
    for name in dict.fromkeys(checked):
        if name in mistyped or (name in ("symbol", "compare_to") and not data_ok):
            continue
        try:
            effective[name] = _semantic(name, effective[name], effective)
        except (ValueError, FileNotFoundError) as err:
            problems.append((ValueError, str(err)))
            data_ok = data_ok and name != "data"
    if problems:
        lines = [msg for _, msg in problems]
        head = f"report {report.name!r}: " + (
            lines[0] if len(lines) == 1 else "invalid parameters:\n  - " + "\n  - ".join(lines)
        )
        kind = TypeError if all(k is TypeError for k, _ in problems) else ValueError
        raise kind(head)
    return effective


def validate(
    name: str, params: dict | None = None, *, notebooks_dir: str | os.PathLike | None = None
) -> dict:
    """Check a report's parameters without starting a kernel; return all of them.

    Parameters
    ----------
    name : str
        Report name (notebook file name without ``.ipynb``).
    params : dict, optional
        Given values (strings from a command line are coerced, see the module doc).
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`notebooks_folder`).

    Returns
    -------
    dict
        Every parameter of the report, in the cell's order: the given values,
        coerced and normalised (countries as ISO3 codes, data paths absolute), and
        the defaults for the others.

    Raises
    ------
    ValueError
        Unknown report or parameter name (with the closest match), a value that
        fails its semantic check (unknown country, symbol, source, ...). All the
        problems are listed in one message.
    TypeError
        If every problem is a value of the wrong type.
    """
    return _validate_against(_get_report(name, notebooks_dir), params)


# ====================================================================== jobs, slugs, inputs


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, list):
        return "+".join(_value_text(v) for v in value) or "empty"
    return str(value)


def _canonical_json(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def params_slug(given: dict, *, limit: int = 80) -> str:
    """A folder name for a parameter set: ``key-value`` pairs joined by ``_``.

    Only parameters that differ from the report's defaults are named
    (``"defaults"`` when none do). Lists are joined by ``+``. Characters other
    than letters, digits, ``.``, ``+`` and ``-`` become ``-``; when that happens,
    or the name is longer than ``limit``, a short hash of the values is appended
    so different parameter sets never share a folder.

    Examples
    --------
    >>> params_slug({})
    'defaults'
    >>> params_slug({"country": "FRA", "partners": ["RUS", "GBR"], "years": "2000-2019"})
    'country-FRA_partners-RUS+GBR_years-2000-2019'
    >>> params_slug({"symbol": "A/RES/74/10"})
    'symbol-A-RES-74-10-46599a13'
    """
    if not given:
        return "defaults"
    lossy = False
    parts = []
    for key, value in given.items():
        text = _value_text(value)
        safe = re.sub(r"[^A-Za-z0-9.+-]+", "-", text).strip("-") or "empty"
        lossy = lossy or safe != text
        parts.append(f"{key}-{safe}")
    slug = "_".join(parts)
    if lossy or len(slug) > limit:
        slug = slug[:limit].rstrip("-_+.") + "-" + _sha256_text(_canonical_json(given))[:8]
    return slug


def _dataset_files(data: str | None) -> list[dict]:
    """sha256 of the raw files a ``data`` value names, without loading them."""
    if data is None:
        data = sources.default_source()
    if data in sources.REGISTRY:
        located = sources.locate(data)
        return [
            {"source": data, "version": located.version, "file": p.name, "sha256": sources.file_sha256(p)}
            for p in located.files.values()
        ]
    if re.match(r"https?://", data):
        return [{"source": data, "version": None, "file": data, "sha256": None}]
    path = Path(data)
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    )
    return [
        {"source": str(path), "version": None, "file": p.name, "sha256": sources.file_sha256(p)}
        for p in files
    ]


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _title(report: str, given: dict) -> str:
    if not given:
        return f"{report} (defaults)"
    return f"{report}: " + "; ".join(f"{k}={_value_text(v).replace('+', ', ')}" for k, v in given.items())


@dataclass(frozen=True)
class Job:
    """One validated render, ready to run (picklable, passed to worker processes).

    Attributes
    ----------
    report : str
    notebook : Path
    notebooks_dir : Path
        Working directory of the kernel.
    params : dict
        Every parameter (validated), injected into the notebook.
    given : dict
        The parameters that differ from the defaults (they make the slug and title).
    out : Path
        ``OUT/<report>/<slug>``.
    title : str
    inputs : dict
        notebook_sha256, params, datasets (file, sha256, ...), library_version,
        library_sha256 (the library's code and data files),
        renderer and ``hash`` (sha256 of all of them).
    """

    report: str
    notebook: Path
    notebooks_dir: Path
    params: dict
    given: dict
    out: Path
    title: str
    inputs: dict

    @property
    def slug(self) -> str:
        """The folder name of this parameter set."""
        return self.out.name

    def up_to_date(self) -> bool:
        """True if the outputs exist and were rendered from the same inputs."""
        metrics = self.out / "metrics.json"
        if not (
            metrics.is_file()
            and (self.out / "report.html").is_file()
            and (self.out / "report.ipynb").is_file()
        ):
            return False
        try:
            recorded = json.loads(metrics.read_text(encoding="utf-8"))["inputs"]["hash"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        return recorded == self.inputs["hash"]


def _make_job(report: Report, params: dict | None, out_dir) -> Job:
    effective = _validate_against(report, params)
    defaults = {n: p.default for n, p in report.parameters.items()}
    given = {k: v for k, v in effective.items() if v != defaults[k] or type(v) is not type(defaults[k])}
    datasets = []
    if "data" in effective:
        data = effective["data"]
        if (
            isinstance(data, str)
            and data not in sources.REGISTRY
            and not re.match(r"https?://", data)
            and not Path(data).is_absolute()
        ):
            data = str(report.path.parent / data)  # a default path is relative to the notebooks folder
        datasets = _dataset_files(data)
    inputs = {
        "report": report.name,
        "notebook_sha256": _file_sha(report.path),
        "params": effective,
        "datasets": datasets,
        "library_version": _library_version(),
        "library_sha256": _library_sha256(),
        "renderer": RENDERER_VERSION,
    }
    inputs["hash"] = _sha256_text(_canonical_json(inputs))
    out = Path(out_dir).expanduser().resolve() / report.name / params_slug(given)
    return Job(
        report.name,
        report.path,
        report.path.parent,
        effective,
        given,
        out,
        _title(report.name, given),
        inputs,
    )


def prepare(
    name: str,
    params: dict | None = None,
    *,
    out_dir="reports",
    notebooks_dir: str | os.PathLike | None = None,
) -> Job:
    """Validate a report's parameters and work out its output folder and inputs hash.

    No kernel starts. See :func:`validate` for the errors raised.
    """
    return _make_job(_get_report(name, notebooks_dir), params, out_dir)


# ====================================================================== notebook-side helpers


def _jsonable(value, where: str):
    """Plain JSON values from numpy/pandas scalars; NaN becomes None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, f"{where}[{i}]") for i, v in enumerate(value)]
    item = getattr(value, "item", None)  # numpy scalars, 0-d arrays
    if callable(item) and getattr(value, "ndim", 0) == 0:
        with contextlib.suppress(ValueError, TypeError):
            return _jsonable(item(), where)
    tolist = getattr(value, "tolist", None)  # numpy arrays, pandas Series/Index
    if callable(tolist):
        return _jsonable(tolist(), where)
    isoformat = getattr(value, "isoformat", None)  # datetime, date, Timestamp
    if callable(isoformat):
        return isoformat()
    if str(value) in ("<NA>", "NaT"):
        return None
    kind = type(value).__name__
    msg = f"record_metrics: `{where}` is a {kind} ({value!r}); give numbers, strings, lists or dicts."
    raise TypeError(msg)


def _display(bundle: dict) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    if get_ipython() is not None:  # outside a kernel (a script, a doctest) there is no one to show it to
        display(bundle, raw=True)


def record_metrics(metrics: dict) -> None:
    """Hand the report's key numbers to the renderer (called from a notebook).

    The dict is displayed as an output of MIME type :data:`METRICS_MIME`, which
    the HTML does not show; :func:`render` collects every such output (later
    keys override earlier ones) into ``metrics.json``. numpy and pandas scalars
    are converted, NaN becomes null.

    Parameters
    ----------
    metrics : dict
        Name -> number, string, list or dict.

    Raises
    ------
    TypeError
        If ``metrics`` is not a dict or holds a value JSON cannot represent.

    Examples
    --------
    >>> record_metrics({"n_votes": 12, "share_yes": 0.75})  # in a notebook: invisible output
    >>> record_metrics([1, 2])
    Traceback (most recent call last):
    ...
    TypeError: record_metrics takes a dict of name -> value, not list.
    """
    if not isinstance(metrics, dict):
        msg = f"record_metrics takes a dict of name -> value, not {type(metrics).__name__}."
        raise TypeError(msg)
    clean = _jsonable(metrics, "metrics")
    text = "recorded metrics: " + ", ".join(f"{k}={v!r}" for k, v in clean.items())
    _display({METRICS_MIME: clean, "text/plain": text})  # text for JupyterLab; the HTML drops it


def provenance(data) -> dict:
    """The provenance of a VoteData: its raw files (with sha256) and the library version.

    Returns
    -------
    dict
        ``datasets``: list of {name, version, file, sha256, licence, citation},
        one per raw file read; ``library_version``: ``unvotes_lib.__version__``.
    """
    table = getattr(data, "source", None)
    rows = []
    if table is not None and len(table):
        for r in table.itertuples(index=False):
            rows.append(
                {
                    k: (None if str(getattr(r, k, None)) in ("None", "nan", "<NA>") else str(getattr(r, k)))
                    for k in ("name", "version", "file", "sha256", "licence", "citation")
                }
            )
    return {"datasets": rows, "library_version": _library_version()}


def _provenance_html(datasets: list[dict], notes: str = "") -> str:
    """A small HTML table: dataset (name or source), version, file, sha256; then notes."""

    def cell(value, code=False):
        text = html.escape("" if value is None else str(value))
        return f"<td><code>{text}</code></td>" if code else f"<td>{text}</td>"

    rows = "".join(
        "<tr>"
        + cell(d.get("name") or d.get("source"))
        + cell(d.get("version"))
        + cell(d.get("file"))
        + cell(d.get("sha256"), code=True)
        + "</tr>"
        for d in datasets
    )
    rows = rows or '<tr><td colspan="4">no provenance recorded for this data</td></tr>'
    return (
        '<div class="unvotes-provenance"><h3>Data provenance</h3>'
        "<table><thead><tr><th>dataset</th><th>version</th><th>file</th><th>sha256</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{notes}"
        f"<p>Rendered with unvotes_lib {html.escape(_library_version())}.</p></div>"
    )


def show_provenance(data) -> None:
    """Show where a report's data came from (called from a notebook).

    Displays a small table: the dataset name and version and the sha256 of every
    raw file read (``data.source``), the licence and citation, and the library
    version; its machine-readable form (:data:`PROVENANCE_MIME`, see
    :func:`provenance`) goes into ``metrics.json``.

    Examples
    --------
    >>> import types, pandas as pd
    >>> data = types.SimpleNamespace(source=pd.DataFrame({
    ...     "name": ["unvotes-2021"], "version": ["2021-03-23"], "file": ["unvotes.csv"],
    ...     "sha256": ["ab12"], "licence": ["CC0"], "citation": ["Voeten et al."]}))
    >>> provenance(data)["datasets"][0]["sha256"]
    'ab12'
    >>> show_provenance(data)  # in a notebook: a table with every file's sha256
    """
    prov = provenance(data)
    cites = sorted({d["citation"] for d in prov["datasets"] if d["citation"]})
    licences = sorted({d["licence"] for d in prov["datasets"] if d["licence"]})
    notes = "".join(f"<p><b>Citation:</b> {html.escape(c)}</p>" for c in cites)
    notes += "".join(f"<p><b>Licence:</b> {html.escape(x)}</p>" for x in licences)
    page = _provenance_html(prov["datasets"], notes)
    text = "\n".join(
        [f"dataset {d['name']} {d['version']} {d['file']} sha256 {d['sha256']}" for d in prov["datasets"]]
        + [f"unvotes_lib {prov['library_version']}"]
    )
    _display({"text/html": page, "text/plain": text, PROVENANCE_MIME: prov})


# ====================================================================== rendering


@dataclass
class RenderResult:
    """What :func:`render` did.

    Attributes
    ----------
    report : str
    params : dict
        Every parameter the notebook ran with.
    status : str
        ``ok``, ``failed``, ``skipped`` (unchanged inputs) or ``invalid`` (batch only).
    out : Path or None
        The report's folder.
    notebook, html, metrics_path : Path or None
        ``report.ipynb``, ``report.html`` and ``metrics.json`` when they exist.
    metrics : dict
        The recorded key numbers (empty when failed).
    error : str or None
        Why it failed or was invalid; says where the executed notebook is.
    duration : float
        Seconds spent (0 when skipped).
    inputs : dict
        As :attr:`Job.inputs` (empty when invalid).
    """

    report: str
    params: dict
    status: str
    out: Path | None = None
    notebook: Path | None = None
    html: Path | None = None
    metrics_path: Path | None = None
    metrics: dict = field(default_factory=dict)
    error: str | None = None
    duration: float = 0.0
    inputs: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True unless the report failed or was invalid."""
        return self.status in ("ok", "skipped")


class ReportFailed(RuntimeError):  # noqa: N818 - named for what the user sees
    """A report's notebook raised; ``.result`` is its :class:`RenderResult`."""

    def __init__(self, result: RenderResult):
        super().__init__(result.error)
        self.result = result


def _library_version() -> str:
    from . import __version__

    return __version__


@functools.cache
def _library_sha256() -> str:
    """sha256 of the library's code and data files: a changed library re-renders a report
    even when its version number stayed the same (an editable install, a fix in progress)."""
    from importlib import resources

    package = Path(__file__).resolve().parent
    data = Path(str(resources.files("unvotes_lib.data")))
    files = sorted(package.rglob("*.py")) + sorted(data.rglob("*.yaml"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@contextlib.contextmanager
def _kernel_environment():
    """Run kernels without MPLBACKEND (it would make every figure vanish silently), and
    without papermill's warnings about parameters: they were validated here, and its own
    parser misreads comments holding ``=`` or quotes ("Passed unknown parameter")."""
    import logging

    saved = os.environ.pop("MPLBACKEND", None)
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        if saved is not None:
            os.environ["MPLBACKEND"] = saved


#: Thread pools of numerical libraries, sized by these variables when a process starts.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _share_cores(threads: int) -> None:
    """Initializer of batch workers: their kernels share the cores instead of each starting
    one BLAS thread per core (two OpenBLAS pools on two cores made a 20-report batch
    slower than rendering one report after another). A value the user set is kept."""
    for variable in _THREAD_VARIABLES:
        os.environ.setdefault(variable, str(threads))


def _normalise(nb, job: Job, failed: bool) -> None:
    """Remove what differs between two runs with the same inputs."""
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": job.params, "exception": bool(failed or pm.get("exception"))}
    nb.metadata["title"] = job.title
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("execution", None)
        cell_pm = cell.metadata.get("papermill")
        if isinstance(cell_pm, dict):
            cell.metadata["papermill"] = {k: v for k, v in cell_pm.items() if k in ("status", "exception")}
        for output in cell.get("outputs", []):
            # Warnings and tracebacks name the kernel's temporary file, which holds its process id.
            if output.get("output_type") == "stream":
                output["text"] = _KERNEL_FILE.sub("<cell>", output["text"])
            elif output.get("output_type") == "error":
                output["traceback"] = [_KERNEL_FILE.sub("<cell>", line) for line in output["traceback"]]


#: The temporary file ipykernel compiles a cell into, e.g. /tmp/ipykernel_21004/722127822.py.
_KERNEL_FILE = re.compile(r"(?:[A-Za-z]:)?[/\\](?:[^\s'\"\x1b]*[/\\])?ipykernel_\d+[/\\]\d+\.py")


def _collect(nb, mime: str) -> dict:
    out: dict = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data and isinstance(data[mime], dict):
                out.update(data[mime])
    return out


_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{#- A self-contained page: no require.js, MathJax or Mermaid from a CDN. -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
.unvotes-params { font-family: var(--jp-ui-font-family); color: var(--jp-ui-font-color2);
  border-bottom: 1px solid var(--jp-border-color2); padding: 0 0 6px 0; margin: 0 0 8px 0; }
.unvotes-provenance table { font-size: 85%; }
</style>
{%- endblock extra_css -%}
"""


@functools.cache
def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        template_file="unvotes_report.html.j2",
        extra_loaders=[DictLoader({"unvotes_report.html.j2": _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags={"injected-parameters", "parameters", "remove_cell"},
            remove_input_tags={"remove_input"},
            enabled=True,
        ),
        enabled=True,
    )
    return exporter


def _html(nb, job: Job) -> bytes:
    import nbformat

    shown = copy.deepcopy(nb)
    for cell in shown.cells:
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                if METRICS_MIME in data:  # key numbers go to metrics.json, not to readers
                    continue
                data.pop(PROVENANCE_MIME, None)
                if not data:
                    continue
            kept.append(output)
        if cell.cell_type == "code":
            cell.outputs = kept
    shown.cells = [
        c
        for c in shown.cells
        if c.cell_type != "code"
        or c.outputs
        or not {"injected-parameters", "parameters"} & set(c.metadata.get("tags", []))
    ]
    values = ", ".join(
        f"{k} = {_value_text(v).replace('+', ', ') if not _empty(v) else '(none)'}"
        for k, v in job.params.items()
    )
    header = (
        f'<div class="unvotes-params"><b>{html.escape(job.report)}</b>'
        + (f" &middot; {html.escape(values)}" if values else "")
        + f" &middot; unvotes_lib {html.escape(_library_version())}</div>"
    )
    shown.cells.insert(0, nbformat.v4.new_markdown_cell(header, id="unvotes-header"))
    if not _collect(nb, PROVENANCE_MIME) and job.inputs.get("datasets"):
        # The notebook did not call show_provenance: say at least which files it was given.
        footer = _provenance_html(job.inputs["datasets"])
        shown.cells.append(nbformat.v4.new_markdown_cell(footer, id="unvotes-provenance"))
    body, _ = _exporter().from_notebook_node(shown, resources={"metadata": {"name": job.title}})
    return body.encode("utf-8")


def _metrics_document(job: Job, nb) -> bytes:
    doc = {
        "report": job.report,
        "title": job.title,
        "params": job.params,
        "metrics": _collect(nb, METRICS_MIME),
        "provenance": _collect(nb, PROVENANCE_MIME) or None,
        "inputs": job.inputs,
    }
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _execute(job: Job, *, progress_bar: bool = False) -> RenderResult:
    """Run one validated job; never raises for a failing notebook."""
    import nbformat
    import papermill

    start = time.perf_counter()
    out = job.out
    out.mkdir(parents=True, exist_ok=True)
    ipynb, page, metrics = out / "report.ipynb", out / "report.html", out / "metrics.json"
    for stale in (metrics, page):  # never leave outputs of other inputs beside a new notebook
        stale.unlink(missing_ok=True)
    partial = out / ".report.partial.ipynb"
    error = None
    with _kernel_environment():
        try:
            papermill.execute_notebook(
                str(job.notebook),
                str(partial),
                parameters=job.params,
                kernel_name="python3",
                cwd=str(job.notebooks_dir),
                progress_bar=progress_bar,
                log_output=False,
                language="python",  # notebooks saved without kernel metadata still run
                report_mode=False,
                record_timing=False,
                # Kernel log lines ("running over TCP without encryption", the interrupt jupyter_client
                # sends before every shutdown) are noise here; cell errors are in the notebook.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except papermill.PapermillExecutionError as err:
            error = f"{err.ename}: {err.evalue} (in cell [{err.exec_count}])"
        except Exception as err:  # noqa: BLE001 - a dead kernel or timeout fails this report only
            error = f"{type(err).__name__}: {err}"
    result = RenderResult(job.report, job.params, "ok", out, inputs=job.inputs)
    nb = None
    if partial.exists():
        nb = nbformat.read(partial, as_version=4)
        _normalise(nb, job, failed=error is not None)
        sources.atomic_write_bytes(ipynb, nbformat.writes(nb).encode("utf-8") + b"\n")
        partial.unlink()
        result.notebook = ipynb
    if error is not None:
        where = (
            f"the executed notebook with the error is {ipynb}"
            if result.notebook
            else "no notebook was written"
        )
        result.status, result.error = "failed", f"report {job.report!r} failed: {error}; {where}"
        result.duration = time.perf_counter() - start
        return result
    sources.atomic_write_bytes(page, _html(nb, job))
    document = _metrics_document(job, nb)
    sources.atomic_write_bytes(metrics, document)  # written last: its presence marks a complete report
    result.html, result.metrics_path = page, metrics
    result.metrics = json.loads(document)["metrics"]
    result.duration = time.perf_counter() - start
    return result


def _skipped(job: Job) -> RenderResult:
    metrics = json.loads((job.out / "metrics.json").read_text(encoding="utf-8")).get("metrics", {})
    return RenderResult(
        job.report,
        job.params,
        "skipped",
        job.out,
        job.out / "report.ipynb",
        job.out / "report.html",
        job.out / "metrics.json",
        metrics,
        inputs=job.inputs,
    )


def render(
    name: str,
    params: dict | None = None,
    *,
    out_dir: str | os.PathLike = "reports",
    force: bool = False,
    notebooks_dir: str | os.PathLike | None = None,
    raise_on_error: bool = True,
) -> RenderResult:
    """Validate, execute and export one report.

    Parameters
    ----------
    name : str
        Report name (see :func:`list_reports`).
    params : dict, optional
        Parameter values; strings are coerced (see the module doc).
    out_dir : path-like
        Outputs go to ``out_dir/<name>/<slug of params>/`` (default ``reports``).
    force : bool
        Render even if the inputs are unchanged since the last render.
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`notebooks_folder`).
    raise_on_error : bool
        If True (default) a failing notebook raises :class:`ReportFailed`;
        otherwise the result has ``status == "failed"``.

    Returns
    -------
    RenderResult
        ``status`` is ``ok`` or ``skipped`` (or ``failed`` with
        ``raise_on_error=False``).

    Raises
    ------
    ValueError, TypeError
        Invalid parameters (before any kernel starts), see :func:`validate`.
    ReportFailed
        The notebook raised; the executed notebook with the error is kept in the
        output folder (the message says where); no ``report.html`` or
        ``metrics.json`` is left there.
    """
    job = prepare(name, params, out_dir=out_dir, notebooks_dir=notebooks_dir)
    if not force and job.up_to_date():
        return _skipped(job)
    result = _execute(job)
    if result.status == "failed" and raise_on_error:
        raise ReportFailed(result)
    return result


# ====================================================================== batches


@dataclass
class Planned:
    """One entry of an expanded batch: its position, report, given params and shard."""

    index: int
    report: str
    params: dict
    shard: int


def _load_config(config) -> dict:
    if isinstance(config, dict):
        return config
    path = Path(config)
    if not path.is_file():
        msg = f"batch config {str(config)!r} is not a file."
        raise FileNotFoundError(msg)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        msg = f"batch config {path.name} is not valid YAML: {err}"
        raise ValueError(msg) from None
    if not isinstance(doc, dict):
        msg = f"batch config {path.name} must be a mapping with a `reports` list."
        raise ValueError(msg)
    return doc


def parse_shard(shard: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"i/n"`` -> (i, n), shards numbered 1..n.

    Examples
    --------
    >>> parse_shard("2/3")
    (2, 3)
    >>> parse_shard("0/3")
    Traceback (most recent call last):
    ...
    ValueError: `shard` '0/3' must be i/n with 1 <= i <= n, like 1/3 (shards are numbered from 1).
    """
    if shard is None:
        return None
    if isinstance(shard, tuple):
        i, n = shard
    else:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(shard))
        if not m:
            msg = f"`shard` {shard!r} must be i/n, like 1/3."
            raise ValueError(msg)
        i, n = int(m.group(1)), int(m.group(2))
    if not 1 <= i <= n:
        msg = f"`shard` {shard!r} must be i/n with 1 <= i <= n, like 1/3 (shards are numbered from 1)."
        raise ValueError(msg)
    return i, n


def plan(config, *, shard: str | tuple[int, int] | None = None) -> list[Planned]:
    """Expand a batch config into its list of renders (no validation, no kernel).

    The config is a mapping with a ``reports`` list; each entry has ``report``
    (a name), ``params`` (fixed values; a list there is one list value) and
    ``grid`` (name -> list of values; one render per combination, the cartesian
    product over the grid's keys in their order). Entries expand in order; the
    k-th render (from 0) belongs to shard ``k mod n + 1`` of ``n``, so the shards
    ``1/n`` ... ``n/n`` partition the batch and each is stable for a given config.

    Parameters
    ----------
    config : dict or path-like
        The config or a YAML file holding it.
    shard : str or (i, n), optional
        Keep only the renders of shard ``i`` of ``n``.

    Raises
    ------
    ValueError
        A malformed config (the message names the entry and key).

    Examples
    --------
    >>> cfg = {"reports": [{"report": "vote_shift", "params": {"partners": ["RUS"]},
    ...                     "grid": {"country": ["USA", "FRA"], "years": ["1990-1999", "2000-2009"]}}]}
    >>> for p in plan(cfg)[:2]:
    ...     print(p.params)
    {'partners': ['RUS'], 'country': 'USA', 'years': '1990-1999'}
    {'partners': ['RUS'], 'country': 'USA', 'years': '2000-2009'}
    >>> [p.index for p in plan(cfg, shard="2/2")]
    [1, 3]
    """
    doc = _load_config(config)
    entries = doc.get("reports")
    extra = set(doc) - {"reports"}
    if extra:
        msg = f"batch config has unknown key(s) {sorted(extra)}; it takes only `reports`."
        raise ValueError(msg)
    if not isinstance(entries, list) or not entries:
        msg = "batch config needs a non-empty `reports` list of {report, params, grid} entries."
        raise ValueError(msg)
    where = parse_shard(shard)
    out: list[Planned] = []
    k = 0
    for e, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            entry = {"report": entry}
        if not isinstance(entry, dict) or "report" not in entry:
            msg = f"batch config entry {e} must be a mapping with a `report` name; got {entry!r}."
            raise ValueError(msg)
        unknown = set(entry) - {"report", "params", "grid"}
        if unknown:
            msg = (
                f"batch config entry {e} ({entry['report']}) has unknown key(s) {sorted(unknown)}; "
                "it takes report, params and grid."
            )
            raise ValueError(msg)
        fixed = entry.get("params") or {}
        grid = entry.get("grid") or {}
        if not isinstance(fixed, dict) or not isinstance(grid, dict):
            msg = f"batch config entry {e} ({entry['report']}): `params` and `grid` must be mappings."
            raise ValueError(msg)
        for key, values in grid.items():
            if not isinstance(values, list) or not values:
                msg = (
                    f"batch config entry {e} ({entry['report']}): grid `{key}` must be a non-empty list of "
                    f"values (one report each); got {values!r}."
                )
                raise ValueError(msg)
            if key in fixed:
                msg = f"batch config entry {e} ({entry['report']}): `{key}` is both in params and in grid."
                raise ValueError(msg)
        for combo in itertools.product(*grid.values()):
            params = {**fixed, **dict(zip(grid, combo, strict=True))}
            planned = Planned(k, str(entry["report"]), params, k % where[1] + 1 if where else 1)
            if where is None or planned.shard == where[0]:
                out.append(planned)
            k += 1
    return out


@dataclass
class BatchResult:
    """What :func:`batch` did.

    Attributes
    ----------
    results : list of RenderResult
        One per planned render of this shard, in config order.
    manifest : Path
        The manifest file written.
    """

    results: list[RenderResult]
    manifest: Path

    def count(self, status: str) -> int:
        """How many renders ended with ``status``."""
        return sum(r.status == status for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 if all are ok or skipped; 2 if any parameter set was invalid; else 1."""
        if self.count("invalid"):
            return 2
        return 1 if self.count("failed") else 0


def _relative(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _manifest_entry(planned: Planned, result: RenderResult, root: Path) -> dict:
    return {
        "index": planned.index,
        "report": planned.report,
        "params": result.params or planned.params,
        "status": result.status,
        "error": result.error,
        "duration_s": round(result.duration, 3),
        "folder": _relative(result.out, root),
        "notebook": _relative(result.notebook, root),
        "html": _relative(result.html, root),
        "metrics": _relative(result.metrics_path, root),
        "datasets": result.inputs.get("datasets", []),
        "inputs_hash": result.inputs.get("hash"),
        "library_version": _library_version(),
    }


def batch(
    config,
    *,
    out_dir: str | os.PathLike = "reports",
    jobs: int = 1,
    shard: str | tuple[int, int] | None = None,
    force: bool = False,
    notebooks_dir: str | os.PathLike | None = None,
    progress: bool = True,
) -> BatchResult:
    """Render every report of a batch config, in parallel worker processes.

    Every parameter set is validated first, before any kernel starts; an invalid
    one is recorded (status ``invalid``, naming the bad value) and the others still
    render. Unchanged reports are skipped unless ``force``. A failing report is
    marked ``failed`` and never stops the others.

    Parameters
    ----------
    config : dict or path-like
        See :func:`plan` for the format.
    out_dir : path-like
        Root of the outputs; the manifest is ``out_dir/manifest.json`` (or
        ``manifest.shard-i-of-n.json`` for a shard, so shards can share a folder).
    jobs : int
        Worker processes (papermill changes directory process-wide, so never
        threads); 1 runs in this process. Workers are started with ``spawn``: a
        script calling ``batch(jobs>1)`` must do so under
        ``if __name__ == "__main__":``.
    shard : str or (i, n), optional
        Render only shard ``i`` of ``n`` (see :func:`plan`).
    force : bool
        Re-render unchanged reports.
    notebooks_dir : path-like, optional
    progress : bool
        Show a progress bar over the batch (on stderr).

    Returns
    -------
    BatchResult
        Its ``exit_code`` is non-zero if anything failed or was invalid.

    The manifest (JSON) holds ``library_version``, ``shard``, ``counts`` per status
    and ``reports``: one entry per render with index, report, params, status,
    error, duration_s, folder, notebook, html, metrics (paths relative to
    ``out_dir``), datasets (file, sha256), inputs_hash and library_version.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    from tqdm.auto import tqdm

    if not isinstance(jobs, int) or jobs < 1:
        msg = f"`jobs` {jobs!r} must be a whole number >= 1."
        raise ValueError(msg)
    planned = plan(config, shard=shard)
    where = parse_shard(shard)
    root = Path(out_dir).expanduser().resolve()
    reports: dict[str, Report] = {}
    results: dict[int, RenderResult] = {}
    todo: dict[int, Job] = {}
    folders: dict[Path, int] = {}
    for p in planned:
        try:
            if p.report not in reports:
                reports[p.report] = _get_report(p.report, notebooks_dir)
            job = _make_job(reports[p.report], p.params, root)
        except (ValueError, TypeError, FileNotFoundError) as err:
            results[p.index] = RenderResult(p.report, p.params, "invalid", error=str(err))
            continue
        if job.out in folders:
            results[p.index] = RenderResult(
                job.report,
                job.params,
                "skipped",
                job.out,
                inputs=job.inputs,
                error=f"same report and parameters as entry {folders[job.out]}",
            )
            continue
        folders[job.out] = p.index
        if not force and job.up_to_date():
            results[p.index] = _skipped(job)
        else:
            todo[p.index] = job
    bar = tqdm(
        total=len(todo), desc="reports", unit="report", disable=not progress or not todo, file=sys.stderr
    )
    with bar:
        if jobs == 1 or len(todo) <= 1:
            for index, job in todo.items():
                results[index] = _execute(job)
                bar.update()
        else:
            workers = min(jobs, len(todo))
            with ProcessPoolExecutor(
                max_workers=workers,
                mp_context=get_context("spawn"),
                initializer=_share_cores,
                initargs=(max(1, (os.cpu_count() or 1) // workers),),
            ) as pool:
                futures = {pool.submit(_execute, job): index for index, job in todo.items()}
                for future in as_completed(futures):
                    index = futures[future]
                    try:
                        results[index] = future.result()
                    except Exception as err:  # noqa: BLE001 - a crashed worker fails its report only
                        job = todo[index]
                        results[index] = RenderResult(
                            job.report,
                            job.params,
                            "failed",
                            job.out,
                            error=f"worker crashed: {type(err).__name__}: {err} (a script calling "
                            "batch(jobs>1) must do so under `if __name__ == '__main__':`)",
                            inputs=job.inputs,
                        )
                    bar.update()
    ordered = [results[p.index] for p in planned]
    counts = {s: sum(r.status == s for r in ordered) for s in STATUSES}
    manifest = {
        "library_version": _library_version(),
        "shard": f"{where[0]}/{where[1]}" if where else None,
        "counts": counts,
        "reports": [_manifest_entry(p, r, root) for p, r in zip(planned, ordered, strict=True)],
    }
    name = f"manifest.shard-{where[0]}-of-{where[1]}.json" if where else "manifest.json"
    path = root / name
    sources.atomic_write_bytes(
        path, (json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    )
    return BatchResult(ordered, path)


def result_dict(result: RenderResult) -> dict:
    """A RenderResult as plain JSON values (paths as strings)."""
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(result).items()}
