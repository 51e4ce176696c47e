"""Conversion cost, as ratios in one run: against extraction, and against raw pint."""

from __future__ import annotations

import time
from decimal import Decimal

import units
from tests.benchmarks.conftest import SEED_TEXT
from units.conversion import _Pint

FIGURES = units.extract(SEED_TEXT)


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def test_convert_seed_figures(benchmark) -> None:
    rows = benchmark(units.convert_figures, FIGURES, date="2025-11-07")
    assert len(rows) == 9


def test_conversion_costs_under_5_percent_of_extraction(capsys) -> None:
    units.convert_figures(FIGURES, date="2025-11-07")  # warm the caches once
    extract = _best(lambda: units.extract(SEED_TEXT), 200)
    convert = _best(lambda: units.convert_figures(FIGURES, date="2025-11-07"), 200)
    with capsys.disabled():
        print(f"\nseed: extract {extract * 1e6:.0f} us, convert 9 figures to USD+KRW {convert * 1e6:.1f} us "
              f"({100 * convert / extract:.1f}% of extraction)")
    assert convert / extract < 0.05


def test_cached_factor_against_pint_through_a_context(capsys) -> None:
    pint = _Pint()
    raw = _best(lambda: pint.factor("USD", "KRW", Decimal("1380")), 50)
    cached = _best(lambda: units.convert("13000000000", "USD", "KRW", rate="1380"), 500)
    with capsys.disabled():
        print(f"\none conversion: pint through a Context {raw * 1e6:.0f} us, eokjo cached {cached * 1e6:.1f} us "
              f"({raw / cached:.0f}x)")
    assert cached < raw
