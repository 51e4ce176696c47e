"""Hostile input, timed: the ratios tests/test_adversarial.py once asserted in `make test`,
where a busy machine made them fail. There they are now work counts; here, in `make
bench`, they are measured and reported: per character against ordinary news text, and the
time 10x the text takes (linear is 10x; catastrophic backtracking would give 100x).
"""

from __future__ import annotations

import time

import pytest

import units
from tests.benchmarks.conftest import korean_text
from tests.test_adversarial import ADVERSARIAL, AUDIT_ADVERSARIAL, SIZE

BOUND = 100  # per character, against news text
GROWTH = 15  # time for 10x the text


def _best(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.fixture(scope="module")
def news_time() -> float:
    return _best(units.extract, korean_text(SIZE), 3)


@pytest.mark.parametrize(("kind", "name"), [("extract", n) for n in sorted(ADVERSARIAL)]
                         + [("audit", n) for n in sorted(AUDIT_ADVERSARIAL)])
def test_hostile_input_time(kind: str, name: str, news_time: float, capsys) -> None:
    fn, text = (units.extract, ADVERSARIAL[name]) if kind == "extract" else (units.audit, AUDIT_ADVERSARIAL[name])
    fn(text[:2000])  # load the rate history outside the timing
    large = _best(fn, text, 2)
    small = _best(fn, text[-(len(text) // 10) :], 3)  # (the tenth that ends it: "spaces" is padding before its figure,
    # whose reading scans the text once; its first tenth, no figure, grew faster than the figure's cost)
    per_char = large / news_time * SIZE / len(text)
    with capsys.disabled():
        print(f"\n{kind} {name}: {per_char:.1f}x news text per character; 10x the text took {large / small:.1f}x")
    assert per_char < BOUND and large / small < GROWTH
