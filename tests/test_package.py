"""The package as one surface: lazy imports, modules under their own names, no import cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from pathlib import Path

import pytest

import unvotes_lib as uv

PACKAGE = Path(uv.__file__).resolve().parent
HEAVY = ("pandas", "numpy", "matplotlib", "scipy", "papermill", "nbconvert", "pooch", "pyarrow")
#: Modules of the analysis core: no import inside a function at all.
CORE = ("agreement", "blocs", "bundled", "common", "ideal", "shifts", "tally")


def test_import_unvotes_lib_loads_nothing_heavy():
    code = f"import sys, unvotes_lib; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_counting_votes_needs_neither_the_data_layer_nor_plotting():
    code = (
        "import sys, unvotes_lib as uv; d = uv.decide(uv.tally.tally(yes=93, no=18, abstain=65)); "
        "print(d.outcome, [m for m in ('matplotlib', 'scipy', 'unvotes_lib.store') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "adopted []"


def test_unvotes_tally_on_the_command_line_loads_no_model_code():
    # `unvotes tally` builds the parser of every sub-command: none of them may import the ideal-point
    # model (scipy) or read the bloc table (jsonschema) just to describe itself
    code = (
        "import sys; from unvotes_lib.cli import main; main(['tally', '--yes', '93', '--no', '18']); "
        "print([m for m in ('scipy', 'unvotes_lib.ideal', 'jsonschema') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "Adopted 93-18-0" in out.stdout


def test_modules_are_reachable_under_their_own_names():
    for name in ("tally", "agreement", "blocs", "shifts", "ideal", "plots", "briefs", "common", "bundled"):
        assert isinstance(getattr(uv, name), types.ModuleType), name
        assert getattr(uv, name).__name__ == f"unvotes_lib.{name}"
    # the function named like its module is reached through the module
    from unvotes_lib.tally import tally

    assert uv.tally.tally is tally
    assert uv.tally.tally(yes=2, no=1).present_and_voting == 3
    assert callable(uv.agreement.agreement)
    for name in uv.submodules():  # every public submodule, present and future (tables, ...)
        assert getattr(uv, name).__name__ == f"unvotes_lib.{name}"


def test_every_exported_name_resolves_and_is_listed():
    for name in uv.__all__:
        assert getattr(uv, name) is not None, name
    listed = dir(uv)
    assert set(uv.__all__) <= set(listed)
    assert {"tally", "agreement", "plots", "briefs"} <= set(listed)
    assert uv.ideal_distance is uv.ideal.distance
    assert uv.YES == 1  # the store's code (Voeten's numbering)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match=r"module 'unvotes_lib' has no attribute 'talley'"):
        _ = uv.talley
    assert not hasattr(uv, "no_such_module")


def _imports(path: Path):
    """(module-level relative imports, imports inside functions) of one file, as module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    top, inner = set(), set()
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            names = (
                [".".join([*base, node.module])]
                if node.module
                else [".".join([*base, a.name]) for a in node.names]
            )
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("unvotes_lib")]
        else:
            continue
        inside = id(node) in nested
        (inner if inside else top).update(names)
    return ".".join(parts), top, inner


def _assert_acyclic(graph: dict[str, set[str]], what: str) -> None:
    # a module importing a name from a package depends on the package's __init__ only
    known = set(graph)
    edges = {m: {t if t in known else t.rsplit(".", 1)[0] for t in ts} & known for m, ts in graph.items()}
    state: dict[str, int] = {}

    def visit(m, trail):
        state[m] = 1
        for t in edges[m]:
            if t == m or t.startswith(m + "."):  # a package importing its own submodules
                continue
            assert state.get(t) != 1, f"{what}: {' -> '.join([*trail, m, t])}"
            if t not in state:
                visit(t, [*trail, m])
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m, [])


def test_the_import_graph_has_no_cycle_and_the_core_no_hidden_import():
    graph, hidden = {}, {}
    for path in PACKAGE.rglob("*.py"):
        name, top, inner = _imports(path)
        graph[name] = {m for m in top if m.startswith("unvotes_lib")}
        hidden[name] = inner
    _assert_acyclic(graph, "import cycle")
    # Imports inside functions only defer loading (matplotlib, scipy, papermill): made module-level,
    # they would close no cycle either, so none of them hides one.
    everything = {m: graph[m] | {t for t in hidden[m] if t.startswith("unvotes_lib")} for m in graph}
    _assert_acyclic(everything, "import cycle hidden by an import inside a function")
    for module in CORE:
        for name, inner in hidden.items():
            if name == f"unvotes_lib.{module}" or name.startswith(f"unvotes_lib.{module}."):
                assert not inner, f"{name} imports {sorted(inner)} inside a function"
