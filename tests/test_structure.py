"""The tree's architecture is checked, not hoped for: layers import only downwards, Whoosh is
reached only through search/whoosh/, and an index written before the move still opens."""

import ast
import shutil
from pathlib import Path

from search.engine import IndexHandle, search
from search.engine.lookup import resolve_article
from search.models import SearchRequest
from tests.conftest import ROOT

PACKAGE = ROOT / "search"
# From the top down: a module may import from its own layer and from any layer below it.
LAYERS = [
    {"search.cli", "search.__main__"},
    {"search.web"},
    {"search.research"},
    {"search.engine", "search.index", "search.importer"},
    {"search.whoosh"},
    {"search.store", "search.query", "search.echoes"},
    {"search.corpus"},
    {"search.ids"},
    {"search.models", "search.config", "search.procs", "search.cache", "search.sanitize"},
]
COMPAT = {"search.analysis"}  # an alias kept for old indexes' pickled schema, nothing more


def _modules() -> dict[str, set[str]]:
    """Return each module of the package with the modules it imports."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
                imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        found[name] = imported
    return found


def _layer(module: str) -> int | None:
    """Return the layer a module of the package belongs to (None: not a search module)."""
    for number, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer):
            return number
    return None


def test_every_module_belongs_to_a_layer() -> None:
    unplaced = [m for m in _modules() if m != "search" and m not in COMPAT and _layer(m) is None]
    assert unplaced == []


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for module, imported in _modules().items():
        own = _layer(module)
        for target in imported:
            theirs = _layer(target)
            if own is not None and theirs is not None and theirs < own:
                upward.append(f"{module} imports {target}")
    assert upward == []


def test_only_the_whoosh_package_imports_whoosh() -> None:
    outside = [f"{m} imports {t}" for m, imported in _modules().items() for t in imported
               if (t == "whoosh" or t.startswith("whoosh."))
               and not m.startswith("search.whoosh")]
    assert outside == []


def test_the_web_layer_never_reaches_past_the_engine_into_whoosh_or_the_build() -> None:
    reached = [f"{m} imports {t}" for m, imported in _modules().items()
               if m.startswith("search.web")
               for t in imported if t.startswith(("search.whoosh", "search.index"))]
    assert reached == []


def test_an_index_written_before_the_move_still_opens_and_answers(tmp_path: Path) -> None:
    old = ROOT / "tests" / "fixtures" / "index-before-move"
    shutil.copytree(old, tmp_path / "index")
    handle = IndexHandle(tmp_path / "index")
    result = search(handle, SearchRequest(text="Senkata"))
    assert [h.text for h in result.hits] == [
        "Soldiers fired on the crowd at Senkata, near El Alto."]
    found = resolve_article(handle, "old-article", "Morales")
    assert found.status == "found" and len(found.paragraphs) == 2
    assert "<mark>Morales</mark>" in next(iter(found.highlights.values()))
