"""Extraction speed, as ratios measured in one run: against Duckling, and text length.

Run with ``make bench``. Figures from the last run are in the README.
"""

from __future__ import annotations

import time

import pytest

import units
from tests.benchmarks.conftest import SEED_TEXT, korean_text

MB = korean_text(1_000_000)


def _best(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def test_extract_seed(benchmark) -> None:
    figures = benchmark(units.extract, SEED_TEXT)
    assert len(figures) == 9


def test_extract_1mb(benchmark) -> None:
    figures = benchmark.pedantic(units.extract, args=(MB,), rounds=3, iterations=1)
    assert len(figures) > 1000


def test_duckling_seed(benchmark, duckling) -> None:
    if duckling is None:
        pytest.skip("Duckling peer not installed (pip install -e '.[peers]')")
    benchmark(duckling.extract, SEED_TEXT)


def test_ratio_against_duckling(duckling, capsys) -> None:
    if duckling is None:
        pytest.skip("Duckling peer not installed (pip install -e '.[peers]')")
    ours = _best(units.extract, SEED_TEXT, 50)
    theirs = _best(duckling.extract, SEED_TEXT, 5)
    figures = len(units.extract(SEED_TEXT))
    with capsys.disabled():
        print(f"\nseed article: eokjo {ours * 1e3:.2f} ms ({ours * 1e6 / figures:.1f} us per figure), "
              f"Duckling {theirs * 1e3:.1f} ms, eokjo is {theirs / ours:.0f}x faster")
    assert theirs / ours >= 100


def test_ratio_on_real_news(duckling, capsys) -> None:
    """The shared set's real news joined: dense in money (about 300 figures), the text the
    release is judged on. eokjo must stay 150x Duckling there, and say its cost per figure."""
    import json

    from tests.realtext import SHARED

    if duckling is None:
        pytest.skip("Duckling peer not installed (pip install -e '.[peers]')")
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not here (the workplace's shared folder)")
    text = "\n\n".join(json.loads(line)["text"] for line in SHARED.read_text(encoding="utf-8").splitlines() if line)
    ours = _best(units.extract, text, 30)
    theirs = _best(duckling.extract, text, 3)
    figures = len(units.extract(text))
    with capsys.disabled():
        print(f"\nshared real news ({len(text):,} chars, {figures} figures): eokjo {ours * 1e3:.2f} ms "
              f"({ours * 1e6 / figures:.1f} us per figure), Duckling {theirs * 1e3:.0f} ms, "
              f"eokjo is {theirs / ours:.0f}x faster")
    assert theirs / ours >= 150


def test_cost_per_figure_on_the_corpora(capsys) -> None:
    """The fixture corpora: dense in money and in near-misses (statutes, scores, homographs)."""
    import json

    from tests.conftest import FIXTURES

    texts = []
    for path in sorted((FIXTURES / "extract").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [t.replace("⟦", "").replace("⟧", "") for t in row.get("forms", row.get("negative", []))]
    blob = "\n".join(texts)
    seconds = _best(units.extract, blob, 20)
    figures = len(units.extract(blob))
    with capsys.disabled():
        print(f"\ncorpora ({len(blob):,} chars, {figures} figures): {seconds * 1e3:.2f} ms, "
              f"{seconds * 1e6 / figures:.1f} us per figure")
    assert figures > 150


def test_growth_is_linear(duckling, capsys) -> None:
    small, large = korean_text(20_000), korean_text(200_000)
    t_small, t_large = _best(units.extract, small, 5), _best(units.extract, large, 3)
    lines = [f"eokjo 20 KB -> 200 KB: {t_large / t_small:.1f}x time for 10x text"]
    if duckling is not None:
        d_small, d_large = _best(duckling.extract, korean_text(2_000), 2), _best(duckling.extract, korean_text(20_000), 1)
        lines.append(f"Duckling 2 KB -> 20 KB: {d_large / d_small:.1f}x time for 10x text")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert t_large / t_small <= 11
