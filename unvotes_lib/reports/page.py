"""The report page: an executed notebook exported to one self-contained, locked-down HTML file.

The page is built by nbconvert's ``lab`` template extended by ``templates/unvotes_report.html.j2``
(the only place HTML is written): no code, no scripts from anywhere, figures embedded, and a
Content-Security-Policy (:data:`CSP`) that allows only what the page ships: inline styles
(the lab CSS, great-tables' ``<style>`` blocks), ``data:`` images and fonts (PNG and SVG
figures), and no script at all. Data-derived text is escaped where notebooks compose Markdown
(:func:`unvotes_lib.markup.escape`, :func:`~unvotes_lib.reports.show_markdown`); the policy is
the second line of defence: an event handler or ``<script>`` that slipped through does not run.
Links (``<a download href="data:text/csv;...">``, links to UN records) and ``<details>`` are
not restricted by it.
"""

from __future__ import annotations

import copy
import functools

from .kernel import METRICS_MIME, PROVENANCE_MIME, TEMPLATES, library_version

__all__ = ["CSP", "warm_up"]

#: The Content-Security-Policy of every report page (and of a batch's index.html).
CSP = (
    "default-src 'none'; "
    "style-src 'unsafe-inline'; "
    "img-src data:; "
    "font-src data:; "
    "script-src 'none'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'none'"
)

#: Outputs that would run code in the page: dropped (the policy would block them anyway).
_ACTIVE_MIMES = ("application/javascript", "text/javascript", "application/vnd.jupyter.widget-view+json")


@functools.cache
def _exporter():
    from jinja2 import FileSystemLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        template_file="unvotes_report.html.j2",
        extra_loaders=[FileSystemLoader(str(TEMPLATES))],
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


def collect(nb, mime: str) -> dict:
    """Every output of MIME type ``mime`` holding a dict, merged in cell order.

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook (anything with ``cells``, each a mapping with ``outputs``).
    mime : str
        The MIME type, e.g. :data:`~unvotes_lib.reports.METRICS_MIME`.

    Returns
    -------
    dict
        The outputs' dicts merged: a later output's keys override an earlier one's.

    Examples
    --------
    >>> import types
    >>> def shown(value):
    ...     return {"output_type": "display_data", "data": {METRICS_MIME: value}}
    >>> nb = types.SimpleNamespace(cells=[
    ...     {"cell_type": "code", "outputs": [shown({"n": 1, "share": 0.5})]},
    ...     {"cell_type": "markdown"},
    ...     {"cell_type": "code", "outputs": [shown({"n": 2}), shown("not a dict")]}])
    >>> collect(nb, METRICS_MIME)
    {'n': 2, 'share': 0.5}
    >>> collect(nb, PROVENANCE_MIME)
    {}
    """
    out: dict = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data and isinstance(data[mime], dict):
                out.update(data[mime])
    return out


def value_text(value) -> str:
    """A parameter value as a reader sees it in the header line.

    Parameters
    ----------
    value : object
        A parameter value (str, int, float, bool, list or None).

    Returns
    -------
    str
        Booleans as ``true``/``false``, an empty value as ``(none)``, list items joined
        by ``", "``, anything else as ``str(value)``.

    Examples
    --------
    >>> value_text(["RUS", "GBR"]), value_text(""), value_text(True)
    ('RUS, GBR', '(none)', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return str(value)


def warm_up() -> None:
    """Export a one-cell page and drop it: a process's first page compiles the template and
    loads the Markdown renderer (0.3 s), which a batch worker does before its first report.

    Examples
    --------
    >>> warm_up()
    """
    import nbformat

    output = nbformat.v4.new_output("display_data", data={"text/html": "<p>1</p>", "text/plain": "1"})
    cells = [nbformat.v4.new_markdown_cell("# A *page*"), nbformat.v4.new_code_cell("1", outputs=[output])]
    _export_html(
        nbformat.v4.new_notebook(cells=cells), report="warm-up", title="warm-up", params={}, datasets=[]
    )


def _export_html(nb, *, report: str, title: str, params: dict, datasets: list[dict]) -> bytes:
    """The page of an executed notebook.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook (not modified).
    report, title : str
        The report's name (header line) and the page title.
    params : dict
        Every parameter it ran with (header line).
    datasets : list of dict
        The files it was given; shown at the bottom when the notebook did not call
        :func:`~unvotes_lib.reports.show_provenance`.

    Returns
    -------
    bytes
        The HTML page (UTF-8): no code cells' input, no metrics or active outputs, images
        embedded, the :data:`CSP` in a ``<meta>`` tag.
    """
    shown = copy.deepcopy(nb)
    for cell in shown.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                if METRICS_MIME in data:  # key numbers go to metrics.json, not to readers
                    continue
                for mime in (PROVENANCE_MIME, *_ACTIVE_MIMES):
                    data.pop(mime, None)
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept
    shown.cells = [
        c
        for c in shown.cells
        if c.cell_type != "code"
        or c.outputs
        or not {"injected-parameters", "parameters"} & set(c.metadata.get("tags", []))
    ]
    shown.metadata.pop("widgets", None)
    fallback = None
    if not collect(nb, PROVENANCE_MIME) and datasets:
        fallback = {"datasets": datasets}
    resources = {
        "metadata": {"name": title},
        "unvotes": {
            "csp": CSP,
            "report": report,
            "params": [(k, value_text(v)) for k, v in params.items()],
            "library_version": library_version(),
            "fallback": fallback,
        },
    }
    body, _ = _exporter().from_notebook_node(shown, resources=resources)
    return body.encode("utf-8")
