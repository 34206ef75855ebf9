"""The package's layout is its pipeline: each stage a package, imports one way.

The order of the layers is the one fact this file owns; docs/architecture.md
draws it (``python tests/test_layers.py --write`` redraws it from the code).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "publisher"
DRAWING = PACKAGE.parent / "docs" / "architecture.md"

#: The stages in the order data flows through them: a package imports only
#: the packages before it (and itself).  ``catalogs`` is the gettext library
#: the stages share (model, PO format, merge, checks); it knows no document.
LAYERS = ("core", "figures", "sources", "catalogs", "extract", "gate", "translate", "render",
          "build", "serve", "cli")

#: The only modules that may import WeasyPrint (it loads Pango and HarfBuzz).
WEASYPRINT = {"publisher.render.pdf", "publisher.render.pdftext"}

#: The modules that make cache keys: each output's own (pages, PDFs, web
#: fonts) and the cache's record of the versions; the build only asks them.
KEY_MAKERS = {"publisher.render.html", "publisher.render.pdf", "publisher.render.webfonts",
              "publisher.build.cache"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports (at any depth of the code), with its line."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # ``from package import module`` imports the module too
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def internal_imports() -> dict[str, set[str]]:
    """Module -> the publisher modules it imports (names that are modules only)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        graph[name] = {target for target, _ in imports(name, path)
                       if target in known and target != name}
    return graph


def layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None          # publisher itself: the version
    if parts[1] == "__main__":
        return "cli"
    return parts[1]


def test_every_module_lives_in_a_stage_package():
    flat = [name for name in modules() if name.count(".") == 1
            and name not in ("publisher.__main__",) and layer(name) not in LAYERS]
    assert flat == [], "modules outside the stage packages"
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(LAYERS)


def test_imports_run_one_way():
    wrong = []
    for name, path in modules().items():
        own = layer(name)
        if own is None:
            continue
        for target, line in imports(name, path):
            if not target.startswith("publisher."):
                continue
            other = layer(target)
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(own):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {own} imports {target}")
    assert wrong == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_itself_round_about():
    # A package's __init__ is imported with each of its modules: leave it out.
    graph = {name: {t for t in targets if modules()[t].name != "__init__.py"}
             for name, targets in internal_imports().items()}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_pdf_modules_import_weasyprint():
    users = sorted(name for name, path in modules().items()
                   if any(t.split(".")[0] == "weasyprint" for t, _ in imports(name, path)))
    assert set(users) <= WEASYPRINT, users


def test_cache_keys_are_made_by_the_modules_that_own_the_outputs():
    users = sorted(name for name, path in modules().items()
                   if any(t == "publisher.core.fingerprints" for t, _ in imports(name, path)))
    assert set(users) <= KEY_MAKERS, users
    assert {"publisher.render.html", "publisher.render.pdf", "publisher.render.webfonts"} <= \
        set(users)


def test_extract_and_check_never_load_weasyprint():
    code = ("import sys, publisher.extract.pot, publisher.gate.check, publisher.gate.reports, "
            "publisher.cli.catalog_commands, publisher.cli.check_command; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_the_command_line_prints_or_exits():
    found = []
    for name, path in modules().items():
        if layer(name) == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = (func.id if isinstance(func, ast.Name)
                          else f"{getattr(func.value, 'id', '?')}.{func.attr}" if isinstance(func, ast.Attribute)
                          else "")
                if called in ("print", "exit", "quit", "sys.exit", "os._exit"):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {called}")
    assert found == []


def package_edges() -> list[tuple[str, str]]:
    edges = set()
    for name, targets in internal_imports().items():
        for target in targets:
            a, b = layer(name), layer(target)
            if a and b and a != b:
                edges.add((a, b))
    order = {name: i for i, name in enumerate(LAYERS)}
    return sorted(edges, key=lambda e: (order[e[0]], order[e[1]]))


def drawing() -> str:
    lines = ["```mermaid", "flowchart BT"]
    lines += [f"    {a} --> {b}" for a, b in package_edges()]
    lines.append("```")
    return "\n".join(lines) + "\n"


def test_the_drawing_shows_the_code():
    text = DRAWING.read_text("utf-8")
    assert drawing() in text, "docs/architecture.md is out of date: python tests/test_layers.py --write"


def test_edges_point_down_the_layers():
    order = {name: i for i, name in enumerate(LAYERS)}
    assert all(order[a] > order[b] for a, b in package_edges())
    assert ("build", "render") in package_edges()




def test_every_module_imports():
    code = ("import importlib, pkgutil, publisher\n"
            "for m in pkgutil.walk_packages(publisher.__path__, 'publisher.'):\n"
            "    if not m.name.endswith('__main__'):\n"
            "        importlib.import_module(m.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]



def test_every_name_imported_exists():
    """Imports inside functions run only when called: each name any import
    (at any depth) takes from publisher must exist, a module or an attribute."""
    code = r"""
import ast, importlib, sys
from pathlib import Path
root = Path(sys.argv[1])
bad = []
for path in sorted(root.rglob("*.py")):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    name = ".".join(parts)
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = name.split(".") if is_package else name.split(".")[:-1]
        target = (".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
                  if node.level else node.module or "")
        if target.split(".")[0] != "publisher":
            continue
        try:
            module = importlib.import_module(target)
        except Exception as error:
            bad.append(f"{path}:{node.lineno}: {target}: {error}")
            continue
        for alias in node.names:
            if not hasattr(module, alias.name):
                try:
                    importlib.import_module(f"{target}.{alias.name}")
                except Exception:
                    bad.append(f"{path}:{node.lineno}: {target} has no {alias.name}")
print("\n".join(bad))
"""
    result = subprocess.run([sys.executable, "-c", code, str(PACKAGE)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr[-2000:]

if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    text = DRAWING.read_text("utf-8")
    start, end = text.index("```mermaid"), text.index("```\n", text.index("```mermaid") + 3) + 4
    DRAWING.write_text(text[:start] + drawing() + text[end:], "utf-8")
elif __name__ == "__main__":
    pytest.main([__file__])
