"""Which reports exist and what parameters they take: the ``parameters`` cell of each notebook.

A *report* is a notebook in the notebooks folder whose first code cell is tagged
``parameters`` and holds plain typed defaults, one per line::

    country: str = "USA"  # ISO3 code of the country profiled
    partners: list[str] = ["RUS", "GBR"]  # countries compared with `country`

The cell is read with :mod:`ast`, not with ``papermill.inspect_notebook``: papermill's reader
is a regular expression that skips every line holding more than one ``=`` (measured with
papermill 2.7: ``p5_votes: str = ""  # e.g. "CHN=yes,FRA=abstain"`` and
``what_if_votes: str = "yes->no=38"`` of ``voting_mechanics`` vanish from its answer, with a
warning), and it cannot tell a computed default from a literal one. The answer here has the
same shape as papermill's (name, type, default, help) and refuses what papermill would inject
wrongly.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import io
import json
import os
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError
from .coercion import coerce

__all__ = [
    "TYPES",
    "Parameter",
    "Report",
    "get_report",
    "list_reports",
    "notebooks_folder",
    "parse_parameters",
    "report_parameters",
]

#: The parameter types a report may declare (each optionally ``| None``).
TYPES = ("str", "int", "float", "bool", "list[str]", "list[int]")


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

    Parameters
    ----------
    notebooks_dir : path-like, optional
        A folder of report notebooks (``~`` is expanded).

    Returns
    -------
    Path
        The folder, absolute.

    Raises
    ------
    ParameterError
        If ``notebooks_dir`` (or ``UNVOTES_NOTEBOOKS``) is not a folder.
    FileNotFoundError
        If no notebooks folder exists at all (a broken installation).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> notebooks_folder(folder) == pathlib.Path(folder).resolve()
    True
    >>> notebooks_folder(pathlib.Path(folder) / "missing")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: `notebooks_dir` '.../missing' is not a folder of report notebooks.
    >>> pathlib.Path(folder).rmdir()
    """
    if notebooks_dir is None:
        notebooks_dir = os.environ.get("UNVOTES_NOTEBOOKS") or None
    if notebooks_dir is not None:
        folder = Path(notebooks_dir).expanduser().resolve()
        if not folder.is_dir():
            msg = f"`notebooks_dir` {str(notebooks_dir)!r} is not a folder of report notebooks."
            raise ParameterError(msg)
        return folder
    root = Path(__file__).resolve().parents[2]
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


def _annotation(node: ast.expr) -> tuple[str, bool]:
    text = ast.unparse(node).replace(" ", "").replace("typing.", "")
    for pattern in (r"^(.+)\|None$", r"^None\|(.+)$", r"^Optional\[(.+)\]$"):
        m = re.match(pattern, text)
        if m:
            return {"List[str]": "list[str]", "List[int]": "list[int]"}.get(m.group(1), m.group(1)), True
    return {"List[str]": "list[str]", "List[int]": "list[int]"}.get(text, text), False


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
    ParameterError
        A statement that is not a typed literal default (a computed value, a call,
        an untyped assignment), an unsupported type, a default that does not match
        its type, or a name given twice.

    Examples
    --------
    >>> params = parse_parameters('country: str = "USA"  # ISO3 code\\nn: int = 5\\n')
    >>> params["country"]
    Parameter(name='country', type='str', default='USA', help='ISO3 code', optional=False)
    >>> parse_parameters('p5_votes: str = ""  # e.g. "CHN=yes,FRA=abstain"')["p5_votes"].help
    'e.g. "CHN=yes,FRA=abstain"'
    >>> parse_parameters("first: int = 1990\\nyears: str = f'{first}-2019'")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: the parameters cell computes `years` (f'{first}-2019'); ...
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        msg = f"{where} is not valid Python ({err.msg}, line {err.lineno})."
        raise ParameterError(msg) from None
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
            raise ParameterError(msg)
        name = node.target.id
        kind, optional = _annotation(node.annotation)
        if kind not in TYPES:
            msg = (
                f"{where}: `{name}` has type `{ast.unparse(node.annotation)}`; supported types are "
                f"{', '.join(TYPES)} (optionally `| None`)."
            )
            raise ParameterError(msg)
        try:
            default = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError):
            value_text = ast.get_source_segment(source, node.value) or ast.unparse(node.value)
            msg = (
                f"{where} computes `{name}` ({value_text}); keep it to literal defaults such as "
                '`years: str = "2000-2019"` and compute derived values in a later cell.'
            )
            raise ParameterError(msg) from None
        if name in out:
            msg = f"{where} sets `{name}` twice (line {node.lineno} and before); keep one."
            raise ParameterError(msg)
        param = Parameter(
            name, kind, default, comments.get(node.end_lineno) or comments.get(node.lineno, ""), optional
        )
        if not (default is None and optional):
            try:
                checked = coerce(default, param, strict=True)
            except (TypeError, ValueError) as err:
                msg = f"{where}: the default of `{name}` does not match its type: {err}"
                raise ParameterError(msg) from None
            if checked != default or type(checked) is not type(default):
                param = Parameter(name, kind, checked, param.help, optional)
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
    except ParameterError as err:
        return Report(name, path, title, error=str(err))
    return Report(name, path, title, params)


def _report_paths(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith((".", "_"))}


def list_reports(*, notebooks_dir: str | os.PathLike | None = None) -> list[Report]:
    """Every report notebook of the notebooks folder, sorted by name.

    A notebook whose parameters cell cannot be used is listed with its ``error``.

    Parameters
    ----------
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`notebooks_folder`).

    Returns
    -------
    list of Report
        One per ``*.ipynb`` of the folder (not those whose name starts with ``.`` or ``_``).

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> _ = (folder / "broken.ipynb").write_text("{")
    >>> [(r.name, list(r.parameters), r.error is None) for r in list_reports(notebooks_dir=folder)]
    [('broken', [], False), ('profile', ['country', 'n'], True)]
    >>> shutil.rmtree(folder)
    """
    folder = notebooks_folder(notebooks_dir)
    return [_read_report(p) for p in _report_paths(folder).values()]


def get_report(name: str, notebooks_dir: str | os.PathLike | None = None) -> Report:
    """One report by name.

    Parameters
    ----------
    name : str
        The notebook's file name, with or without ``.ipynb``.
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`notebooks_folder`).

    Returns
    -------
    Report

    Raises
    ------
    ParameterError
        Unknown report (with the closest names) or an unusable parameters cell.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> report = get_report("profile.ipynb", folder)
    >>> report.name, report.path.name, list(report.parameters)
    ('profile', 'profile.ipynb', ['country', 'n'])
    >>> get_report("profil", folder)
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: report 'profil' is not a notebook in ...; did you mean 'profile'? ...
    >>> shutil.rmtree(folder)
    """
    folder = notebooks_folder(notebooks_dir)
    paths = _report_paths(folder)
    stem = str(name).removesuffix(".ipynb")
    if stem not in paths:
        close = difflib.get_close_matches(stem, list(paths), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        known = ", ".join(paths) or "none"
        msg = f"report {name!r} is not a notebook in {folder}; {hint}Reports: {known}."
        raise ParameterError(msg)
    report = _read_report(paths[stem])
    if report.error:
        raise ParameterError(report.error)
    return report


def report_parameters(name: str, *, notebooks_dir: str | os.PathLike | None = None) -> dict[str, Parameter]:
    """The parameters of one report (name -> :class:`Parameter`).

    Parameters
    ----------
    name : str
        The report's name (see :func:`get_report`).
    notebooks_dir : path-like, optional
        Folder of the report notebooks (default: :func:`notebooks_folder`).

    Returns
    -------
    dict
        Name -> :class:`Parameter`, in the order of the cell.

    Raises
    ------
    ParameterError
        Unknown report (with the closest names) or an unusable parameters cell.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [],
    ...         "source": 'country: str = "USA"  # ISO3 code\\nn: int = 5\\n'}
    >>> _ = (folder / "profile.ipynb").write_text(json.dumps({"cells": [cell]}))
    >>> params = report_parameters("profile", notebooks_dir=folder)
    >>> [(p.name, p.type, p.default, p.help) for p in params.values()]
    [('country', 'str', 'USA', 'ISO3 code'), ('n', 'int', 5, '')]
    >>> shutil.rmtree(folder)
    """
    return get_report(name, notebooks_dir).parameters
