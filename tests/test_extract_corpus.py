"""Runs every money corpus in fixtures/: each text must yield exactly the listed figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

import units
from tests.conftest import corpus

CORPORA = ["money_korean_numbers", "money_currencies", "money_english", "money_qualifiers", "money_tables", "hygiene",
           "negative"]
ROWS = [row for name in CORPORA for row in corpus(name)]
CASES = [
    pytest.param(row, id=row["id"], marks=[pytest.mark.xfail(strict=True, reason=row["xfail"])] if "xfail" in row else [])
    for row in ROWS
]


def _expected_spans(text: str, expect: list[dict]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for e in expect:
        start = text.index(e["t"], at)
        spans.append((start, start + len(e["t"])))
        at = start + len(e["t"])
    return spans


@pytest.mark.parametrize("case", CASES)
def test_corpus(case: dict) -> None:
    text, expect = case["text"], case.get("expect", [])
    got = units.extract(text)
    assert [f.text for f in got] == [e["t"] for e in expect]
    for f, e, (start, end) in zip(got, expect, _expected_spans(text, expect), strict=True):
        assert (f.start, f.end) == (start, end)
        assert text[f.start : f.end] == f.text
        value = None if e.get("v") is None else Decimal(e["v"])
        assert f.value == value
        assert f.currency == e["c"]
        assert f.qualifier == e.get("q")
        assert f.low == Decimal(e.get("lo", e.get("v")))
        assert f.high == Decimal(e.get("hi", e.get("v")))
        if "p" in e:
            assert f.precision == Decimal(e["p"])


def test_corpus_is_large_enough() -> None:
    positives = sum(len(c.get("expect", [])) for c in ROWS)
    negatives = sum(1 for c in ROWS if not c.get("expect"))
    assert positives + negatives + len(corpus("numbers")) >= 300
    assert negatives >= 40
