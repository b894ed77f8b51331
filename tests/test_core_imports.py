"""The import rules the contracts in pyproject.toml cannot state (see ARCHITECTURE.md).

`lint-imports` checks the contracts between parts; these check every module: no import
cycle between any two, no eventsite import hidden inside a function, models import models.
"""

import ast
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "eventsite"
# What a model may import besides other models: the model base, column types, pure helpers.
MODEL_HELPERS = {
    "eventsite.extensions",
    "eventsite.dbtypes",
    "eventsite.core.paper",
    "eventsite.prisoners.text",
}


@pytest.fixture(scope="module")
def graph():
    # Imports under `if TYPE_CHECKING:` only name types for the checker; they never run.
    return grimp.build_graph("eventsite", exclude_type_checking_imports=True, cache_dir=None)


def cycles(graph) -> list[list[str]]:
    """Return every group of modules that import each other in a circle (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_in_a_circle(graph):
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def imports_inside_functions(source: str) -> list[tuple[int, str]]:
    """Return (line, module) for every eventsite import made inside a function body."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                names = [alias.name for alias in inner.names]
            elif isinstance(inner, ast.ImportFrom) and inner.level == 0:
                names = [inner.module or ""]
            elif isinstance(inner, ast.ImportFrom):
                names = ["." * inner.level + (inner.module or "")]  # relative: ours
            else:
                continue
            found += [(inner.lineno, n) for n in names if n.startswith(("eventsite", "."))]
    return sorted(set(found))


def test_no_eventsite_import_inside_a_function():
    # Third-party imports may wait for first use (WeasyPrint needs system libraries the site
    # can run without); an import of our own inside a function only hides a cycle.
    hidden = {
        f"{path.relative_to(PACKAGE.parent)}:{line}": module
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in imports_inside_functions(path.read_text(encoding="utf-8"))
    }
    assert hidden == {}


def test_the_scan_sees_an_import_inside_a_function():
    source = "import eventsite.a\n\ndef f():\n    from eventsite.b import c\n    import json\n"
    assert imports_inside_functions(source) == [(4, "eventsite.b")]


def test_models_import_only_models(graph):
    models = [m for m in graph.modules if m.endswith(".models") and m != "eventsite.models"]
    assert len(models) >= 8
    strays = {
        model: sorted(
            imported
            for imported in graph.find_modules_directly_imported_by(model)
            if imported.startswith("eventsite")
            and not imported.endswith(".models")
            and imported not in MODEL_HELPERS
        )
        for model in models
    }
    assert {model: found for model, found in strays.items() if found} == {}
