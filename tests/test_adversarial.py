"""Bad input: extract() returns a list for any string and stays linear on hostile input.

Time is checked as ratios measured in the same run, never as absolute times (this machine
is shared): for each hostile pattern, 10x the text may cost at most 15x the time (linear;
catastrophic backtracking would give 100x), and per character it may cost at most 100x
ordinary Korean news text (dense strings hold a number every two or three characters,
news about one per hundred).
"""

from __future__ import annotations

import time

import pytest

import units
from tests.conftest import SEED

SIZE = 200_000
ADVERSARIAL = {
    "digits": "1" * SIZE,
    "myriads": "억" * SIZE,
    "numbers": "1억 " * (SIZE // 3),
    "approx": "약 " * (SIZE // 2),
    "alternating": "1억2" * (SIZE // 3),
    "sino": "일이삼사오육칠팔구십" * (SIZE // 10),
    "separators": "1," * (SIZE // 2),
    "tildes": "1억~" * (SIZE // 3),
    "currency": "달러" * (SIZE // 2),
    "spaces": " " * SIZE + "1억 달러",
    "vague": "수" * SIZE,
    "symbols": "$" * SIZE,
    "decimal": "1." * (SIZE // 2),
    "money": "1억 달러 " * (SIZE // 7),
    "dollars": "$1 " * (SIZE // 3),
    "quotes": "원·달러 환율 1,450원 " * (SIZE // 14),
}
# Inputs that once cost the audit time quadratic in their length (issue 11): a date on
# every line of one long line, stated conversions back to back, respectively lists.
AUDIT_ADVERSARIAL = {
    "dates": "2025.1.1 " * (SIZE // 9),
    "korean_dates": "2025년 11월 7일 " * (SIZE // 13),
    "pairs": "1억 달러(약 9,999억 원) " * (SIZE // 19),
    "dated_pairs": "2025.11.7 1억 달러(약 1,480억 원) " * (SIZE // 28),
    "respectively": "1달러와 2달러는 각각 1원, 2원 " * (SIZE // 19),
    "next_sentences": "10억 달러를 냈다. 한화로 약 1조원이다. " * (SIZE // 24),
    "dollars": "$1 " * (SIZE // 3),
}
BOUND = 100  # per character, against real news text
GROWTH = 15  # time for 10x the text


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        units.extract(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.fixture(scope="module")
def news_time() -> float:
    seed = SEED.read_text(encoding="utf-8")
    return _seconds((seed * (SIZE // len(seed) + 1))[:SIZE])


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_is_linear(name: str, news_time: float) -> None:
    text = ADVERSARIAL[name]
    figures = units.extract(text)
    assert isinstance(figures, list)
    large = _seconds(text)
    ratio = large / max(news_time, 1e-4) * SIZE / len(text)
    assert ratio < BOUND, f"{name}: {ratio:.1f}x the per-character time of news text"
    small = _seconds(text[: len(text) // 10])
    growth = large / max(small, 1e-5)
    assert growth < GROWTH, f"{name}: 10x the text took {growth:.1f}x the time"


def _audit_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        units.audit(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("name", sorted(AUDIT_ADVERSARIAL))
def test_audit_on_adversarial_input_is_linear(name: str, news_time: float) -> None:
    """The same bounds for the audit, per character against extracting news text."""
    text = AUDIT_ADVERSARIAL[name]
    units.audit(text[:2000])  # load the rate history outside the timing
    large = _audit_seconds(text)
    ratio = large / max(news_time, 1e-4) * SIZE / len(text)
    assert ratio < BOUND, f"{name}: {ratio:.1f}x the per-character time of extracting news text"
    small = _audit_seconds(text[: len(text) // 10])
    growth = large / max(small, 1e-5)
    assert growth < GROWTH, f"{name}: 10x the text took {growth:.1f}x the time"


@pytest.mark.parametrize("bad", [None, 42, b"130\xec\x96\xb5", ["130억 달러"]])
def test_extract_rejects_non_strings_clearly(bad: object) -> None:
    with pytest.raises(TypeError, match="extract\\(\\) takes a str"):
        units.extract(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", "\x00", "\ud800", "달러", "억", "₩", "$", "~", "△"])
def test_degenerate_strings_yield_lists(text: str) -> None:
    assert units.extract(text) == []
