"""The public API is exactly ``units.__all__`` (as httpx's tests/test_exported_members.py
holds it): every name imports, nothing else public hides in ``units``, no function shadows
a module, and docs/python.md documents every name. The documented calls themselves run
in tests/test_docs.py (docs/python.md is doctested)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

import pytest

import units
from tests.conftest import ROOT

SUBMODULES = sorted(m.name for m in pkgutil.walk_packages(units.__path__, "units.") if not m.name.startswith(
    "units.archive"))  # units.archive needs pyarrow; tested below when it is installed


def test_all_is_exactly_what_units_exports() -> None:
    exported = sorted(name for name, value in vars(units).items()
                      if not name.startswith("_") and not isinstance(value, ModuleType))
    assert units.__all__ == exported  # sorted, and nothing public left out


@pytest.mark.parametrize("name", units.__all__)
def test_every_name_imports(name: str) -> None:
    namespace: dict = {}
    exec(f"from units import {name}", namespace)
    assert namespace[name] is getattr(units, name)
    assert not isinstance(namespace[name], ModuleType)


def test_the_core_verbs_are_functions_not_packages() -> None:
    """`units.extract` once was the package units/extract/ or the function, depending on
    import order; the verbs are functions, the rooms are named otherwise."""
    for verb in ("extract", "explain", "rate_quotes", "audit", "convert", "parse_number"):
        assert callable(getattr(units, verb)) and not isinstance(getattr(units, verb), ModuleType)
    assert units.explain("2024 달러 전망").rejected[0].rule == "year"
    assert {name.split(".")[1] for name in SUBMODULES}.isdisjoint(units.__all__)


@pytest.mark.parametrize("module", SUBMODULES)
def test_every_stage_module_imports_under_its_own_name(module: str) -> None:
    """``import units.extraction.spot as spot`` is the module, whatever was imported first
    (the form that broke when a function shadowed its package)."""
    namespace: dict = {}
    exec(f"import {module} as imported", namespace)
    assert isinstance(namespace["imported"], ModuleType)
    assert namespace["imported"] is importlib.import_module(module)


def test_archive_modules_import_under_their_own_names() -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'eokjo[archive]')")
    namespace: dict = {}
    exec("import units.archive.schemas as schemas\nimport units.archive.batch as batch", namespace)
    assert isinstance(namespace["schemas"], ModuleType) and isinstance(namespace["batch"], ModuleType)


def test_docs_python_md_names_every_public_name() -> None:
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    missing = [name for name in units.__all__ if not re.search(rf"\b{re.escape(name)}\b", text)]
    assert not missing, f"docs/python.md does not mention {missing}"
