"""Render the report notebooks: parameters, validation, papermill, safe HTML, batches.

One job per module:

- :mod:`.parameters`: which reports exist and the parameters of each (its ``parameters`` cell);
- :mod:`.validation`: every parameter checked, by type then by meaning, before a kernel starts;
- :mod:`.rendering`: one report run by papermill, outputs swapped in only when complete;
- :mod:`.page`: the executed notebook as one self-contained HTML page with a CSP (jinja2 template);
- :mod:`.batches`: batch configs, shards, local workers or a Dask cluster, manifest and index;
- :mod:`.kernel`: what notebooks call in their kernel (:func:`record_metrics`,
  :func:`show_provenance`, :func:`show_markdown`).

Nothing heavy is imported here: a kernel imports this package for :func:`record_metrics`, and
papermill, nbconvert and dask are imported only when a report is rendered.
"""

from .batches import STATUSES, BatchResult, Planned, batch, parse_shard, plan
from .kernel import METRICS_MIME, PROVENANCE_MIME, provenance, record_metrics, show_markdown, show_provenance
from .page import CSP
from .parameters import (
    TYPES,
    Parameter,
    Report,
    list_reports,
    notebooks_folder,
    parse_parameters,
    report_parameters,
)
from .rendering import (
    RENDERER_VERSION,
    Job,
    RenderResult,
    ReportFailed,
    params_slug,
    prepare,
    render,
    result_dict,
)
from .validation import ParameterTypeError, coerce, load_params_file, validate

__all__ = [
    "CSP",
    "METRICS_MIME",
    "PROVENANCE_MIME",
    "RENDERER_VERSION",
    "STATUSES",
    "TYPES",
    "BatchResult",
    "Job",
    "Parameter",
    "ParameterTypeError",
    "Planned",
    "RenderResult",
    "Report",
    "ReportFailed",
    "batch",
    "coerce",
    "list_reports",
    "load_params_file",
    "notebooks_folder",
    "params_slug",
    "parse_parameters",
    "parse_shard",
    "plan",
    "prepare",
    "provenance",
    "record_metrics",
    "render",
    "report_parameters",
    "result_dict",
    "show_markdown",
    "show_provenance",
    "validate",
]
