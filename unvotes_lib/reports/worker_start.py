"""What a batch's worker processes load before their first report (:data:`~.batches.WORKER_PRELOAD`).

Local workers are forked from multiprocessing's fork server, which imports this module once
per batch; every worker then starts with it done.

- jsonschema, which nbformat imports, imports ``rfc3987_syntax`` when it is installed
  (JupyterLab installs it) for its ``"iri"`` format checker alone; that import builds about 35
  grammars, 0.9 s of CPU (python-jsonschema/jsonschema#1428). A worker validates notebooks
  against nbformat's schema, which checks no IRI, so its processes go without: jsonschema then
  leaves the ``"iri"`` format unchecked, as it does when the package is missing. Only the
  workers import this module; a user's own process is left as it is.
- The rendering side is imported (papermill, nbformat, nbconvert) and the page exporter warmed
  up (:func:`~unvotes_lib.reports.page.warm_up`: 0.3 s at a process's first page).
"""

import contextlib
import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: `import` raises ImportError

import nbconvert.exporters.html  # noqa: E402, F401
import papermill  # noqa: E402, F401

from unvotes_lib.reports import page, rendering  # noqa: E402, F401

with contextlib.suppress(Exception):  # a broken exporter fails the first report, which says why
    page.warm_up()
