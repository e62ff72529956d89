"""The house's rules, checked on the code itself: the domain package never imports Streamlit (not
even through another module), components/ holds only Streamlit pieces, no module passes 400 lines,
no import cycle, no import of another module's private name."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOMAIN = sorted([*(ROOT / "sistercities").glob("*.py"), *(ROOT / "sistercities" / "site").glob("*.py")])
WEB = sorted((ROOT / "web").glob("*.py"))
PIECES = sorted(p for p in (ROOT / "components").glob("*.py") if p.name != "__init__.py")
PROJECT = [*DOMAIN, *PIECES, *WEB, ROOT / "app.py", ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]
MAX_LINES = 400


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in the file, at any depth (inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


# Parsed once, at collection: CPython 3.11's ast can fail with "AST constructor recursion depth
# mismatch" when another test has changed the recursion limit since (a known interpreter bug).
IMPORTS = {path: imports(path) for path in PROJECT}


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: p.name)
def test_a_domain_module_loads_without_streamlit(path):
    # A fresh interpreter: importing the module must not bring Streamlit in by any route.
    code = (
        f"import sys, importlib; importlib.import_module({module_name(path)!r}); sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_components_holds_only_streamlit_pieces():
    plain = [p.name for p in PIECES if not any(m == "streamlit" or m.startswith("streamlit.") for m, _ in IMPORTS[p])]
    assert plain == [], "pure modules belong in sistercities/"


@pytest.mark.parametrize("path", PROJECT, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_past_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_no_module_imports_another_modules_private_name():
    reaching = [
        f"{path.relative_to(ROOT)}: {module}.{name}"
        for path in PROJECT
        for module, names in IMPORTS[path]
        if module.split(".")[0] in ("sistercities", "components")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert reaching == []


def test_there_is_no_import_cycle():
    own = {module_name(p): p for p in PROJECT}
    graph = {
        name: {m for m, _ in IMPORTS[path] if m in own}
        | {f"{m}.{n}" for m, names in IMPORTS[path] for n in names if f"{m}.{n}" in own}
        for name, path in own.items()
    }
    visiting, done, cycles = [], set(), []

    def visit(node: str) -> None:
        if node in visiting:
            cycles.append(visiting[visiting.index(node) :] + [node])
            return
        if node in done:
            return
        visiting.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        visiting.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    assert cycles == []


def test_no_module_uses_a_private_module_of_a_library():
    # e.g. plotly.io._utils: private modules change without notice between releases.
    private = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in PROJECT
        for module, _ in IMPORTS[path]
        if any(part.startswith("_") and not part.startswith("__") for part in module.split(".")[1:])
    ]
    assert private == []
