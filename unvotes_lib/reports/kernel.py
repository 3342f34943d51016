"""Helpers that report notebooks call inside their kernel: key numbers, provenance, safe Markdown.

They only display outputs (of MIME types the renderer collects, or HTML/Markdown the page
shows); they never touch files. Imports stay light: a kernel imports this module first.
"""

from __future__ import annotations

import contextlib
import functools
import math
from pathlib import Path

from ..markup import escape

__all__ = [
    "METRICS_MIME",
    "PROVENANCE_MIME",
    "provenance",
    "record_metrics",
    "render_template",
    "show_markdown",
    "show_provenance",
]

#: MIME type of the outputs :func:`record_metrics` displays (invisible in HTML).
METRICS_MIME = "application/vnd.unvotes.metrics+json"
#: MIME type of the machine-readable part of :func:`show_provenance`'s output.
PROVENANCE_MIME = "application/vnd.unvotes.provenance+json"

TEMPLATES = Path(__file__).resolve().parent / "templates"


def library_version() -> str:
    """``unvotes_lib.__version__`` (installed package metadata).

    Returns
    -------
    str
        The version of the installed ``unvotes`` distribution (``"0+unknown"`` in a source
        tree that is not installed).

    Examples
    --------
    >>> import unvotes_lib
    >>> v = library_version()
    >>> v == unvotes_lib.__version__, v[0].isdigit()
    (True, True)
    """
    import unvotes_lib

    return unvotes_lib.__version__


def _warm() -> None:
    """What a kernel fork server does once for all its kernels: compile the template that
    :func:`show_provenance` fills and read the library's version (package metadata)."""
    _environment().get_template("provenance.html.j2")
    library_version()


@functools.cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )


def render_template(name: str, **values) -> str:
    """One of the package's jinja2 templates (``reports/templates``), autoescaped.

    Parameters
    ----------
    name : str
        The template's file name (``"provenance.html.j2"``, ``"index.html.j2"``).
    **values
        The template's variables; every value is HTML-escaped where it is inserted.

    Returns
    -------
    str
        The rendered text.

    Examples
    --------
    >>> html = render_template("provenance.html.j2", datasets=[{"name": "<b>x</b>"}], citations=[],
    ...                        licences=[], library_version="1")
    >>> "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    True
    """
    return _environment().get_template(name).render(**values)


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
    the HTML does not show; :func:`~unvotes_lib.reports.render` collects every such output
    (later keys override earlier ones) into ``metrics.json``. numpy and pandas scalars
    are converted, NaN becomes null.

    Parameters
    ----------
    metrics : dict
        Name -> number, string, list or dict.

    Returns
    -------
    None
        Outside a kernel (a script, a doctest) nothing is shown.

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

    Parameters
    ----------
    data : VoteData or object
        Anything with a ``source`` table (:attr:`VoteData.source`); without one, no datasets.

    Returns
    -------
    dict
        ``datasets``: list of {name, version, file, sha256, licence, citation},
        one per raw file read (missing values as None); ``library_version``:
        ``unvotes_lib.__version__``.

    Examples
    --------
    >>> import types, pandas as pd
    >>> data = types.SimpleNamespace(source=pd.DataFrame({
    ...     "name": ["unxml-sc"], "version": ["2026-01-05"], "file": ["2025.json"],
    ...     "sha256": ["ab12"], "licence": [None], "citation": ["United Nations"]}))
    >>> provenance(data)["datasets"]  # doctest: +NORMALIZE_WHITESPACE
    [{'name': 'unxml-sc', 'version': '2026-01-05', 'file': '2025.json', 'sha256': 'ab12',
      'licence': None, 'citation': 'United Nations'}]
    >>> provenance(object())["datasets"]
    []
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
    return {"datasets": rows, "library_version": library_version()}


def show_provenance(data) -> None:
    """Show where a report's data came from (called from a notebook).

    Displays a small table: the dataset name and version and the sha256 of every
    raw file read (``data.source``), the licence and citation, and the library
    version; its machine-readable form (:data:`PROVENANCE_MIME`, see
    :func:`provenance`) goes into ``metrics.json``. Every value is escaped: a file name
    or citation holding markup shows as text.

    Parameters
    ----------
    data : VoteData or object
        Anything with a ``source`` table (see :func:`provenance`).

    Returns
    -------
    None
        Outside a kernel (a script, a doctest) nothing is shown.

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
    page = render_template(
        "provenance.html.j2",
        datasets=prov["datasets"],
        citations=sorted({d["citation"] for d in prov["datasets"] if d["citation"]}),
        licences=sorted({d["licence"] for d in prov["datasets"] if d["licence"]}),
        library_version=prov["library_version"],
    )
    text = "\n".join(
        [f"dataset {d['name']} {d['version']} {d['file']} sha256 {d['sha256']}" for d in prov["datasets"]]
        + [f"unvotes_lib {prov['library_version']}"]
    )
    _display({"text/html": page, "text/plain": text, PROVENANCE_MIME: prov})


def show_markdown(template: str, /, **values) -> str:
    """Show Markdown whose ``{placeholders}`` are filled with data-derived text, made literal.

    The template is the report's own Markdown (headings, emphasis, links stay markup); every
    value goes through :func:`unvotes_lib.markup.escape`, so a title like
    ``<img src=x onerror=...>`` or ``**x**`` from a data file shows as the text it is.

    Parameters
    ----------
    template : str
        Markdown with ``str.format`` placeholders (``{title}``, ``{yes:,}`` is not allowed:
        values are text once escaped; format numbers before passing them).
    **values
        The values, any type (``None`` shows as nothing).

    Returns
    -------
    str
        The Markdown shown (also what a script outside a kernel gets).

    Examples
    --------
    >>> show_markdown("## {symbol}: {title}", symbol="A/RES/ES-11/7", title='<img src=x onerror="alert(1)">')
    '## A/RES/ES-11/7: &lt;img src=x onerror=&quot;alert\\\\(1\\\\)&quot;&gt;'
    """
    text = template.format(**{k: escape(v) for k, v in values.items()})
    _display({"text/markdown": text, "text/plain": text})
    return text
