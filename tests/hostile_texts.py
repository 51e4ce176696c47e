"""Texts that once cost the audit more per character the longer they were (issue 20):
each pattern repeated to any size, for the work-counting tests (tests/test_audit_work.py)
and the timing benchmark (tests/benchmarks/test_bench_audit.py).

Pair finding used to read, for every amount, the text from its sentence's start: in a
long sentence of amounts (no full stop between them) that is amounts x text length.

>>> len(AUDIT_HOSTILE["ranges"](1000))
1000
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["AUDIT_HOSTILE", "PROSE", "fill"]

# ordinary words that hold no amount, and no full stop: one long sentence, as in a page
# whose punctuation was lost
PROSE = "인공지능 투자 경쟁이 치열해지면서 데이터센터 증설 계획이 잇따르고 "


def fill(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _prose_then(unit: str, share: float) -> Callable[[int], str]:
    """Prose, then ``unit`` repeated over the last ``share`` of the text."""
    def make(size: int) -> str:
        tail = fill(unit, int(size * share))
        return fill(PROSE, size - len(tail)) + tail
    return make


AUDIT_HOSTILE: dict[str, Callable[[int], str]] = {
    # 1 MB of prose followed by 9,800 "1원": 3% of the text, all amounts
    "prose_then_ones": _prose_then("1원 ", 0.03),
    # range figures, one every 17 characters (38,000 in 800 KB in the run)
    "ranges": lambda size: fill("사업비는 1~2억 원 안팎이고 ", size),
    # a bracket opened after each amount and never closed
    "unclosed_brackets": lambda size: fill("1억 달러(약 1,400억 원 ", size),
    # stated conversions in brackets, back to back
    "pairs_in_brackets": lambda size: fill("130억 달러(약 18조 원) ", size),
    # respectively lists
    "respectively": lambda size: fill("1달러와 2달러는 각각 1,400원, 2,800원 ", size),
    # a sentence stating the conversion of the sentence before
    "next_sentences": lambda size: fill("10억 달러를 냈다. 한화로 약 1조원이다. ", size),
    # rate quotes, judged one by one
    "rate_quotes": lambda size: fill("달러당 1,352.4원 ", size),
}
