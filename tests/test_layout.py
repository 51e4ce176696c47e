"""The shape of the code: data flows one way, so no module of ``units/`` or ``service/``
imports, however indirectly, a module that imports it back; ``__init__.py`` files only
re-export (the logic lives in named modules); ``units/`` imports no web framework.

Every import counts, those inside functions too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("units", "service")
INIT_MAX_LINES = 60
WEB_FRAMEWORKS = {"fastapi", "starlette", "uvicorn", "httpx", "jinja2", "flask", "django", "aiohttp", "werkzeug",
                  "fastapi_offline", "prometheus_client", "service"}


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages."""
    out = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imported_names(module: str, path: Path, known: dict[str, Path] | None = None) -> set[str]:
    """Every module name ``module`` imports, anywhere in its body, made absolute.

    ``from a import b, c`` names the modules ``a.b`` and ``a.c`` when they are modules of
    ``known``, and ``a`` itself only when some name is not (a function or a class of
    ``a``): a package is imported before its submodules whatever the form, so that edge
    is not the module's own choice."""
    known = known or {}
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = {f"{source}.{alias.name}" for alias in node.names} & set(known)
            names.update(submodules)
            if len(submodules) < len(node.names):
                names.add(source)
    return names


def import_graph(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of ``mods`` it imports."""
    return {m: {n for n in imported_names(m, p, mods) if n in mods and n != m} for m, p in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


MODULES = modules(ROOT, PACKAGES)


def test_the_walk_sees_every_module_and_lazy_imports() -> None:
    """The walk is not vacuous: it finds the packages' modules, and an import inside a
    function (cmd_audit imports service.report lazily) is an edge."""
    assert {"units", "units.extraction.spot", "units.auditing.judge", "service.cli", "service.http.app"} <= set(MODULES)
    graph = import_graph(MODULES)
    assert "service.report" in graph["service.cli"]
    assert "units.extraction.api" in graph["units.extraction"]


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_import_walk_follows_relative_and_from_imports(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from pkg.a import f\n")
    (tmp_path / "pkg" / "a.py").write_text("def f():\n    from . import b\n    return b\n")
    (tmp_path / "pkg" / "b.py").write_text("from .a import f\n")
    (tmp_path / "pkg" / "c.py").write_text("from pkg import a, b\n")
    graph = import_graph(modules(tmp_path, ("pkg",)))
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": {"pkg.a", "pkg.b"}}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circle(package: str) -> None:
    graph = import_graph(modules(ROOT, (package,)))
    found = cycles(graph)
    explained = [f"{c}: " + "; ".join(f"{m} -> {sorted(graph[m] & set(c))}" for m in c) for c in found]
    assert not found, "\n".join(explained)


@pytest.mark.parametrize("path", [p for p in MODULES.values() if p.name == "__init__.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_init_files_only_re_export(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= INIT_MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; move its logic to a named module"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    logic = [type(node).__name__ for node in tree.body
             if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.With))]
    assert not logic, f"{path.relative_to(ROOT)} defines {logic}; __init__ files re-export"


def test_units_imports_no_web_framework() -> None:
    found = {}
    for module, path in MODULES.items():
        if module.split(".")[0] != "units":
            continue
        bad = {n for n in imported_names(module, path) if n.split(".")[0] in WEB_FRAMEWORKS}
        if bad:
            found[module] = sorted(bad)
    assert not found, f"units/ is the domain core and imports no web framework (nor service/): {found}"


_PATTERNS = """
import gc, hashlib, re, units
units.audit("130억 달러(약 18조 원), 원·달러 환율은 1,300원")
texts = sorted(p.pattern for p in gc.get_objects() if isinstance(p, re.Pattern) and isinstance(p.pattern, str))
print(len(texts), hashlib.sha256("\\n".join(texts).encode()).hexdigest())
"""


def test_the_patterns_read_the_same_whatever_the_hash_seed() -> None:
    """Patterns built from the lexicon's sets (alternations, character classes) are written
    in one order in every process: a reading that differs between two workers, or an
    instruction count that moves between runs, is then never the hash seed's doing."""
    import subprocess

    def built(seed: str) -> str:
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        out = subprocess.run([sys.executable, "-c", _PATTERNS], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        return out.stdout

    first = built("1")
    assert int(first.split()[0]) > 100  # (the walk saw the extractor's patterns, not an empty module)
    assert built("2") == first
