"""unvotes_lib: load, tally and analyse how countries vote at the United Nations.

Everything a user needs is reachable from here::

    import unvotes_lib as uv
    data = uv.load("unvotes-2021")
    uv.country("Russian Federation")
    uv.agreement.agreement(data.filter(years=2018), countries="USA", partners=["ISR", "CUB"])

The rule for names
------------------
* Every submodule is reachable under its own name: ``uv.tally``, ``uv.agreement``,
  ``uv.blocs``, ``uv.shifts``, ``uv.ideal``, ``uv.plots``, ``uv.briefs``, ``uv.reports``,
  ... are the MODULES, after ``import unvotes_lib`` as after ``import unvotes_lib.tally``.
* The public functions and classes of the modules are also names of the package
  (``uv.load``, ``uv.decide``, ``uv.pivotal``, ``uv.cohesion``, ``uv.ideal_points``), except
  where a function has the name of its own module: then the module wins and the
  function is reached through it, ``uv.tally.tally(...)`` and
  ``uv.agreement.agreement(...)`` (``from unvotes_lib.tally import tally`` works as
  always). ``uv.ideal_distance`` is :func:`unvotes_lib.ideal.distance`.

Nothing heavy is imported by ``import unvotes_lib``: each name imports its module on
first use (PEP 562 module ``__getattr__``), so the command line and a script that only
counts votes never load matplotlib, scipy or papermill.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

#: Public name -> (module, attribute): the flat API, each resolved on first use.
_EXPORTS = {
    "METRICS": ("agreement", "METRICS"),
    "agreement_matrix": ("agreement", "agreement_matrix"),
    "bloc_line": ("blocs", "bloc_line"),
    "bloc_members": ("blocs", "bloc_members"),
    "bloc_names": ("blocs", "bloc_names"),
    "cohesion": ("blocs", "cohesion"),
    "defections": ("blocs", "defections"),
    "Country": ("countries", "Country"),
    "all_countries": ("countries", "all_countries"),
    "country": ("countries", "country"),
    "ideal_distance": ("ideal", "distance"),
    "ideal_points": ("ideal", "ideal_points"),
    "plot_tally": ("plots", "plot_tally"),
    "read_bsv_ideal_points": ("readers", "read_bsv_ideal_points"),
    "batch": ("reports", "batch"),
    "list_reports": ("reports", "list_reports"),
    "record_metrics": ("reports", "record_metrics"),
    "render": ("reports", "render"),
    "report_parameters": ("reports", "report_parameters"),
    "show_provenance": ("reports", "show_provenance"),
    "Transitions": ("shifts", "Transitions"),
    "alignment_shift": ("shifts", "alignment_shift"),
    "movers": ("shifts", "movers"),
    "transitions": ("shifts", "transitions"),
    "unusual_votes": ("shifts", "unusual_votes"),
    "REGISTRY": ("sources", "REGISTRY"),
    "default_source": ("sources", "default_source"),
    "fetch": ("sources", "fetch"),
    "import_file": ("store", "import_file"),
    "set_default_source": ("sources", "set_default_source"),
    "ABSENT": ("store", "ABSENT"),
    "ABSTAIN": ("store", "ABSTAIN"),
    "MISSING": ("store", "MISSING"),
    "NO": ("store", "NO"),
    "YES": ("store", "YES"),
    "VoteData": ("store", "VoteData"),
    "VoteMatrix": ("store", "VoteMatrix"),
    "load": ("store", "load"),
    "Decision": ("tally", "Decision"),
    "Tally": ("tally", "Tally"),
    "decide": ("tally", "decide"),
    "decisions": ("tally", "decisions"),
    "pivotal": ("tally", "pivotal"),
    "what_if": ("tally", "what_if"),
}

__all__ = [*sorted(_EXPORTS), "__version__"]  # every name resolved by __getattr__ on first use


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unvotes")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


@functools.cache
def submodules() -> frozenset[str]:
    """The public submodules of the package (every module or package not starting with ``_``).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> {"tally", "agreement", "plots", "briefs"} <= submodules()
    True
    """
    return frozenset(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str):
    if name in submodules():
        return importlib.import_module(f".{name}", __name__)
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
    elif name == "__version__":
        value = _version()
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | submodules() | {"__version__"})
