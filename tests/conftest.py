"""Shared helpers: corpus loading from fixtures/ and paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = ROOT / "seeds" / "000_7c994772bbdf61d2.txt"
SHARED = ROOT.parent / "shared"


def corpus(name: str) -> list[dict]:
    """The examples of ``fixtures/NAME.jsonl``, each with a readable ``id``."""
    rows = []
    path = FIXTURES / f"{name}.jsonl"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["id"] = f"{name}:{lineno}:{(row.get('text') or row.get('expr') or '')[:24]}"
            rows.append(row)
    return rows


@pytest.fixture(scope="session")
def wheels():
    """A wheelhouse as the container image's build stage makes it (tests/recipe.py): eokjo
    built from the Dockerfile's build context, its runtime dependencies, and pyarrow for
    the archive's executors. Open to every user; removed after the session."""
    import shutil

    from tests.recipe import scratch, wheelhouse

    folder = scratch("eokjo-wheels-")
    try:
        yield wheelhouse(folder, "pyarrow")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
