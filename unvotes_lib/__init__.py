"""unvotes_lib: load, tally and analyse how countries vote at the United Nations.

Everything a user needs is importable from here::

    import unvotes_lib as uv
    data = uv.load("unvotes-2021")
    uv.country("Russian Federation")
"""

from importlib.metadata import PackageNotFoundError, version

from .agreement import METRICS, agreement, agreement_matrix
from .blocs import bloc_line, bloc_members, bloc_names, cohesion, defections
from .countries import Country, all_countries, country
from .ideal import distance as ideal_distance
from .ideal import ideal_points
from .plots import plot_tally
from .readers import read_bsv_ideal_points
from .reports import batch, list_reports, record_metrics, render, report_parameters, show_provenance
from .shifts import Transitions, alignment_shift, movers, transitions, unusual_votes
from .sources import REGISTRY, default_source, fetch, import_file, set_default_source
from .store import ABSENT, ABSTAIN, MISSING, NO, YES, VoteData, VoteMatrix, load
from .tally import Decision, Tally, decide, decisions, pivotal, tally, what_if

try:
    __version__ = version("unvotes")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "ABSENT",
    "ABSTAIN",
    "METRICS",
    "MISSING",
    "NO",
    "REGISTRY",
    "YES",
    "Country",
    "Decision",
    "Tally",
    "Transitions",
    "VoteData",
    "VoteMatrix",
    "agreement",
    "agreement_matrix",
    "alignment_shift",
    "all_countries",
    "batch",
    "bloc_line",
    "bloc_members",
    "bloc_names",
    "cohesion",
    "country",
    "decide",
    "decisions",
    "default_source",
    "defections",
    "fetch",
    "ideal_distance",
    "ideal_points",
    "import_file",
    "list_reports",
    "load",
    "movers",
    "pivotal",
    "plot_tally",
    "read_bsv_ideal_points",
    "record_metrics",
    "render",
    "report_parameters",
    "set_default_source",
    "show_provenance",
    "tally",
    "transitions",
    "unusual_votes",
    "what_if",
    "__version__",
]
