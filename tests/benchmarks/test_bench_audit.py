"""The audit's cost against extraction, measured in one run: on the seed article, the
whole audit (dating, extraction, pairs, verdicts, quotes, outliers) costs at most 3x
extracting its figures; on hostile texts, 8x the text costs at most 8 x 1.5x the time."""

from __future__ import annotations

import time

import pytest

import units
from tests.benchmarks.conftest import SEED_TEXT
from tests.hostile_texts import AUDIT_HOSTILE

SMALL, LARGE = 100_000, 800_000


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


def _cpu_seconds(text: str, repeat: int) -> float:
    """The least CPU time of ``repeat`` audits (CPU, not wall time: the machine is shared)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        units.audit(text)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("name", sorted(AUDIT_HOSTILE))
def test_audit_cost_per_character_on_hostile_text(name: str, capsys) -> None:
    """In-process ``units.audit``, no limits: 800 KB of each hostile text of issue 20
    costs at most 1.5x per character what 100 KB costs (docs/performance.md has the
    figures; tests/test_audit_work.py counts the same work without a clock)."""
    make = AUDIT_HOSTILE[name]
    units.audit(make(2000))  # load the rate history outside the timing
    small, large = _cpu_seconds(make(SMALL), 3), _cpu_seconds(make(LARGE), 3)
    ratio = large / small * SMALL / LARGE
    with capsys.disabled():
        print(f"\n{name}: 100 KB {small:.2f} s, 800 KB {large:.2f} s of CPU: {ratio:.2f}x per character")
    assert ratio <= 1.5
