"""Work counted, not timed: what the extractor does for a text, in units that do not
depend on how busy the machine is.

    characters  the spotting regex passed over (up to the end of each spot it found)
    candidates  places the spotting regex stopped at, each read as a number
    rules       stage rules applied to those candidates
    stage characters  what the stages' own patterns read around the candidates

A cost that grows faster than the text shows up here as it would in time, except inside
one rule (the benchmarks in ``make bench`` time that): tests/test_adversarial.py and the
fuzz smoke run count with :func:`extraction_work`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import re

from units.extraction import boundary, implied, notmoney, qualify, quotes, resolve, shapes
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


class _ReadingPattern:
    """A stage's compiled pattern that counts the characters its calls may read: a search
    to its match's end (or the end of the range), a match to its end (or one)."""

    def __init__(self, pattern: re.Pattern, counts: Counter) -> None:
        self.pattern, self.counts = pattern, counts

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)  # .pattern, .groupindex, …

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __eq__(self, other: object) -> bool:
        return self is other

    def search(self, s: str, pos: int = 0, end: int | None = None):
        end = len(s) if end is None else min(end, len(s))
        m = self.pattern.search(s, pos, end)
        self.counts["stage characters"] += max(1, (end if m is None else m.end()) - pos)
        return m

    def match(self, s: str, pos: int = 0, end: int | None = None):
        m = self.pattern.match(s, pos, len(s) if end is None else end)
        self.counts["stage characters"] += max(1, 0 if m is None else m.end() - pos)
        return m

    def fullmatch(self, s: str, pos: int = 0, end: int | None = None):
        end = len(s) if end is None else min(end, len(s))
        self.counts["stage characters"] += max(1, end - pos)
        return self.pattern.fullmatch(s, pos, end)

    def finditer(self, s: str, pos: int = 0, end: int | None = None):
        end = len(s) if end is None else min(end, len(s))
        self.counts["stage characters"] += max(1, end - pos)
        return self.pattern.finditer(s, pos, end)

    def findall(self, s: str, pos: int = 0, end: int | None = None):
        end = len(s) if end is None else min(end, len(s))
        self.counts["stage characters"] += max(1, end - pos)
        return self.pattern.findall(s, pos, end)

    def sub(self, repl, s: str, count: int = 0):
        self.counts["stage characters"] += max(1, len(s))
        return self.pattern.sub(repl, s, count)


# the stages whose rules read the text around each candidate: a pattern there that rereads
# the text from its start for every candidate (a headline's line, a coin's sentence) costs
# the square of the text, and shows up in "stage characters"
_STAGES = (quotes, implied, resolve, notmoney, qualify, boundary, shapes)


@contextmanager
def counting() -> Iterator[Counter]:
    """Count the default extractor's work inside the block (one thread at a time)."""
    counts: Counter = Counter()
    ex = default_extractor()
    spot, read, rules = ex._spot, _extractor.read, _extractor._RULES
    ex._spot = _CountingPattern(spot, counts)  # type: ignore[assignment]
    _extractor.read = _counted(read, counts, "candidates")  # type: ignore[assignment]
    _extractor._RULES = tuple(_counted(rule, counts, "rules") for rule in rules)
    saved = [(module, name, value) for module in _STAGES for name, value in vars(module).items()
             if isinstance(value, re.Pattern)]
    for module, name, value in saved:
        setattr(module, name, _ReadingPattern(value, counts))
    try:
        yield counts
    finally:
        ex._spot, _extractor.read, _extractor._RULES = spot, read, rules  # type: ignore[assignment]
        for module, name, value in saved:
            setattr(module, name, value)


def extraction_work(text: str, fn: Callable[[str], object] | None = None) -> int:
    """The work ``fn(text)`` (default: extracting it) makes the extractor do, all kinds summed."""
    with counting() as counts:
        (fn or default_extractor().extract)(text)
    return sum(counts.values())
