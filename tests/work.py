"""Work counted, not timed: what the extractor does for a text, in units that do not
depend on how busy the machine is.

    characters  the spotting regex passed over (up to the end of each spot it found)
    candidates  places the spotting regex stopped at, each read as a number
    rules       stage rules applied to those candidates

A cost that grows faster than the text shows up here as it would in time, except inside
one rule (the benchmarks in ``make bench`` time that): tests/test_adversarial.py and the
fuzz smoke run count with :func:`extraction_work`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from units.extraction import extractor as _extractor
from units.extraction.api import default_extractor

__all__ = ["counting", "extraction_work"]


class _CountingPattern:
    """A compiled pattern that counts the characters each search may read."""

    def __init__(self, pattern, counts: Counter) -> None:
        self.pattern, self.counts = pattern, counts

    def search(self, s: str, pos: int = 0, end: int | None = None):
        end = len(s) if end is None else end
        m = self.pattern.search(s, pos, end)
        self.counts["characters"] += (end if m is None else m.end()) - pos
        return m


def _counted(fn: Callable, counts: Counter, kind: str) -> Callable:
    def wrapper(*args, **kwargs):
        counts[kind] += 1
        return fn(*args, **kwargs)

    return wrapper


@contextmanager
def counting() -> Iterator[Counter]:
    """Count the default extractor's work inside the block (one thread at a time)."""
    counts: Counter = Counter()
    ex = default_extractor()
    spot, read, rules = ex._spot, _extractor.read, _extractor._RULES
    ex._spot = _CountingPattern(spot, counts)  # type: ignore[assignment]
    _extractor.read = _counted(read, counts, "candidates")  # type: ignore[assignment]
    _extractor._RULES = tuple(_counted(rule, counts, "rules") for rule in rules)
    try:
        yield counts
    finally:
        ex._spot, _extractor.read, _extractor._RULES = spot, read, rules  # type: ignore[assignment]


def extraction_work(text: str, fn: Callable[[str], object] | None = None) -> int:
    """The work ``fn(text)`` (default: extracting it) makes the extractor do, all kinds summed."""
    with counting() as counts:
        (fn or default_extractor().extract)(text)
    return sum(counts.values())
