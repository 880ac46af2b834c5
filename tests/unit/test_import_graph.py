"""The package has no import circles (counting imports inside functions too, but not those only for
type checking), and the core never imports the web or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "guihua"
CORE = ("guihua.documents", "guihua.extraction", "guihua.store", "guihua.monitoring", "guihua.reports",
        "guihua.gazetteer")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, here: str, is_pkg: bool, modules: set[str]) -> set[str]:
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                for a in child.names:
                    out.add(a.name)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    pkg = here.split(".") if is_pkg else here.split(".")[:-1]
                    pkg = pkg[: len(pkg) - (child.level - 1)]
                    base = ".".join([*pkg, base] if base else pkg)
                out.add(base)
                for a in child.names:
                    if f"{base}.{a.name}" in modules:
                        out.add(f"{base}.{a.name}")
            visit(child)

    visit(tree)
    return {m for m in out if m.startswith("guihua")}


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PKG.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        deps = _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", modules)
        resolved = set()
        for d in deps:
            while d and d not in modules:
                d = d.rpartition(".")[0]
            if d and d != name:
                resolved.add(d)
        graph[name] = resolved
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def _ignoring_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's __init__ re-exporting its modules is not a circle of the modules themselves."""
    packages = {m for m in graph if (PKG.parent / m.replace(".", "/") / "__init__.py").exists()}
    return {m: {d for d in deps if d not in packages} for m, deps in graph.items() if m not in packages}


def test_no_import_circles() -> None:
    assert _cycles(_ignoring_packages(_graph())) == []


def test_the_core_never_imports_the_web_or_the_cli() -> None:
    bad = {m: sorted(d for d in deps if d.startswith(("guihua.web", "guihua.cli")))
           for m, deps in _graph().items() if m.startswith(CORE)}
    assert {m: d for m, d in bad.items() if d} == {}


def test_a_circle_is_found_when_there_is_one() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_over_600_lines() -> None:
    long = {str(p.relative_to(PKG.parent)): n for p in PKG.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}
