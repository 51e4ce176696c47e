"""The extraction corpora by rule (fixtures/extract/*.jsonl): every form yields exactly its
one figure, every negative text none. See fixtures/extract/README.md for the format."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest

import units
from tests.conftest import FIXTURES

OPEN, CLOSE = "⟦", "⟧"
CORPORA = sorted((FIXTURES / "extract").glob("*.jsonl"))
STYLES = {"statute", "bill", "sports", "tech", "finance", "print1990", "general"}


def _load() -> list[tuple[str, dict, str]]:
    cases = []
    for path in CORPORA:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for k, text in enumerate(row.get("forms", row.get("negative", []))):
                cases.append((f"{path.stem}:{lineno}.{k}:{text.replace(OPEN, '').replace(CLOSE, '')[:24]}", row, text))
    return cases


CASES = _load()


def _params() -> list:
    out = []
    for ident, row, text in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if "xfail" in row else []
        out.append(pytest.param(row, text, id=ident, marks=marks))
    return out


@pytest.mark.parametrize(("row", "text"), _params())
def test_form(row: dict, text: str) -> None:
    plain = text.replace(OPEN, "").replace(CLOSE, "")
    got = units.extract(plain, date=row.get("date"))
    if "negative" in row:
        assert [f.text for f in got] == []
        return
    start = text.index(OPEN)
    end = text.index(CLOSE) - 1
    others = row.get("with", [])  # other figures the text holds, by their text
    assert sorted(f.text for f in got) == sorted([plain[start:end], *others])
    (f,) = [f for f in got if (f.start, f.end) == (start, end)]
    if "v" in row:
        assert f.value == Decimal(row["v"])
    else:
        assert (f.value, f.low, f.high) == (None, Decimal(row["lo"]), Decimal(row["hi"]))
    assert f.currency == row["c"]
    assert f.qualifier == row.get("q")
    assert f.currency_basis == row.get("b", "written")


def test_corpora_are_large_and_cover_every_style() -> None:
    negatives = sum(1 for _, row, _ in CASES if "negative" in row)
    assert len(CASES) >= 300
    assert negatives * 2 >= len(CASES)
    styles = Counter(row["style"] for _, row, _ in CASES)
    assert set(styles) <= STYLES
    assert all(styles[s] >= 10 for s in STYLES - {"general"}), styles
