"""unvotes_lib: load, tally and analyse how countries vote at the United Nations.

Everything a user needs is importable from here::

    import unvotes_lib as uv
    data = uv.load("unvotes-2021")
    uv.country("Russian Federation")
"""

from importlib.metadata import PackageNotFoundError, version

from .countries import Country, all_countries, country
from .plots import plot_tally
from .readers import read_bsv_ideal_points
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
    "MISSING",
    "NO",
    "REGISTRY",
    "YES",
    "Country",
    "Decision",
    "Tally",
    "VoteData",
    "VoteMatrix",
    "__version__",
    "all_countries",
    "country",
    "decide",
    "decisions",
    "default_source",
    "fetch",
    "import_file",
    "load",
    "pivotal",
    "plot_tally",
    "read_bsv_ideal_points",
    "set_default_source",
    "tally",
    "what_if",
]
