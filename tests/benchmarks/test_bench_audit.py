"""The audit's cost against extraction, measured in one run: on the seed article, the
whole audit (dating, extraction, pairs, verdicts, quotes, outliers) costs at most 3x
extracting its figures."""

from __future__ import annotations

import time

import units
from tests.benchmarks.conftest import SEED_TEXT


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(SEED_TEXT)
        best = min(best, time.perf_counter() - t0)
    return best


def test_audit_seed(benchmark) -> None:
    report = benchmark(units.audit, SEED_TEXT)
    assert len(report.pairs) == 2


def test_audit_costs_at_most_three_extractions(capsys) -> None:
    units.audit(SEED_TEXT)  # load the rate history first
    audit, extract = _best(units.audit, 200), _best(units.extract, 200)
    with capsys.disabled():
        print(f"\nseed article: audit {audit * 1e3:.2f} ms, extract {extract * 1e3:.2f} ms: {audit / extract:.2f}x")
    assert audit / extract <= 3
