"""Bad input: extract() returns a list for any string and stays linear on hostile input.

Linear is shown by counting work, never by timing it (this machine is shared, and a busy
neighbour once turned these tests red): for each hostile pattern, 10x the text may make
the extractor read at most 10x the characters, read 10x the candidates and apply 10x the
rules (plus a constant for the edges), and each candidate tries each rule at most once.
``make bench`` times the same inputs and reports the ratios (tests/benchmarks/
test_bench_adversarial.py).
"""

from __future__ import annotations

import pytest

import units
from tests.work import counting
from units.extraction.extractor import _RULES

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
    # rate-quote rules that look back along the line or sentence (a headline's level, a
    # coin's denomination, a move after a level): once quadratic on a text with no line break
    "moves": "한때 1,096.30원까지 하락했고 3.2원 올라 " * (SIZE // 28),
    "coins": "환율 기준 2달러 동전은 1600원 " * (SIZE // 20),
    # a bracket after an amount, read for its won (4년 8000만(930억원) 달러): a run of digits with no
    # 원 once made its pattern backtrack exponentially (found by tests/fuzz)
    "won_brackets": ("1만(" + "1" * 20 + "x ") * (SIZE // 25),
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
GROWTH = 10.2  # work for 10x the text, per kind of work
EDGE = 64  # work that does not grow with the text (a window's margin, the last partial unit)


def _work(fn, text: str) -> dict[str, int]:
    with counting() as counts:
        fn(text)
    return dict(counts)


def _assert_linear(name: str, fn, text: str) -> None:
    large, small = _work(fn, text), _work(fn, text[: len(text) // 10])
    for kind in ("characters", "candidates", "rules", "stage characters"):
        assert large.get(kind, 0) <= GROWTH * small.get(kind, 0) + EDGE, (
            f"{name}: 10x the text made {large.get(kind, 0)} {kind} of work against {small.get(kind, 0)}")
    assert large.get("characters", 0) <= 1.05 * len(text) + 4096, f"{name}: the spotting regex reread the text"
    assert large.get("rules", 0) <= large.get("candidates", 0) * len(_RULES), f"{name}: a candidate was tried twice"


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_is_linear(name: str) -> None:
    text = ADVERSARIAL[name]
    assert isinstance(units.extract(text), list)
    _assert_linear(name, units.extract, text)


@pytest.mark.parametrize("name", sorted(AUDIT_ADVERSARIAL))
def test_audit_on_adversarial_input_is_linear(name: str) -> None:
    """The audit's reading of the text grows with the text; its own work (pairs compared,
    characters read between figures) is counted by its budget's tally."""
    _assert_linear(name, units.audit, AUDIT_ADVERSARIAL[name])


@pytest.mark.parametrize("bad", [None, 42, b"130\xec\x96\xb5", ["130억 달러"]])
def test_extract_rejects_non_strings_clearly(bad: object) -> None:
    with pytest.raises(TypeError, match="extract\\(\\) takes a str"):
        units.extract(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", "\x00", "\ud800", "달러", "억", "₩", "$", "~", "△"])
def test_degenerate_strings_yield_lists(text: str) -> None:
    assert units.extract(text) == []
