"""The first import of a batch's worker processes (:data:`~.batches.WORKER_PRELOAD`).

jsonschema, which nbformat imports, imports ``rfc3987_syntax`` when it is installed (JupyterLab
installs it) for its ``"iri"`` format checker alone; that import builds about 35 grammars and
takes 0.9 s of CPU at the start of every batch (python-jsonschema/jsonschema#1428). A worker
validates notebooks against nbformat's schema, which checks no IRI, so its processes go
without: jsonschema then leaves the ``"iri"`` format unchecked, as it does when the package is
missing. Only the workers import this module; a user's own process is left as it is.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: `import` raises ImportError
