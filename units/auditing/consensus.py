"""The rate an article's conversions share, and the ones that break it.

Each stated conversion fixes the interval of rates its writer could have used
(:func:`units.auditing.intervals.stated_interval`). An article that converts several
amounts of one pair mostly uses one rate: the rate most intervals share is where the most
of them overlap, found in one sweep over their ends (n log n, however many pairs).

>>> from decimal import Decimal as D
>>> rows = [Interval(D(lo), D(hi)) for lo, hi in
...         [("1300", "1310"), ("1302", "1312"), ("1299", "1309"), ("1301", "1306"), ("970", "975"), ("1285", "1292")]]
>>> shared = consensus(rows)
>>> shared.members, str(shared.interval.low), str(shared.interval.high)
((0, 1, 2, 3), '1302', '1306')
>>> shared.outliers
(4, 5)

A rate is shared when at least two conversions agree and they are more than half of
three or more; then every conversion whose interval misses it is an outlier (two of eight
can be wrong at once, as in a real 2023 list of eight dollar prices). With two
conversions, a known rate (the reference of the date, or the level the article quotes)
tells which one is off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from units.auditing.intervals import Interval

__all__ = ["Shared", "consensus", "MIN_AGREEING"]

MIN_AGREEING = 2  # conversions that must share a rate (and be a majority) before the others are outliers


@dataclass(frozen=True, slots=True)
class Shared:
    """The interval of rates the most conversions share, which of them share it (indices
    into the intervals given), and which do not (the outliers)."""

    interval: Interval
    members: tuple[int, ...]
    outliers: tuple[int, ...]


def _deepest(intervals: Sequence[Interval | None]) -> tuple[Interval, list[int]] | None:
    """Where the most bounded intervals overlap (the first such place, from below), and the
    intervals that cover it. One sort of the ends, one sweep."""
    ends: list[tuple[Decimal, int, int]] = []  # (position, 0 opens / 1 closes, index)
    for i, iv in enumerate(intervals):
        if iv is not None and iv.bounded:
            ends.append((iv.low, 0, i))  # type: ignore[arg-type]
            ends.append((iv.high, 1, i))  # type: ignore[arg-type]
    ends.sort()  # at one position, opening before closing: closed intervals that touch overlap
    depth = best_depth = 0
    best = -1  # the opening event after which the most intervals are open
    for k, (_, kind, _) in enumerate(ends):
        depth += 1 if kind == 0 else -1
        if kind == 0 and depth > best_depth:
            best_depth, best = depth, k
    if best < 0:
        return None
    low = ends[best][0]
    high = next(p for p, kind, _ in ends[best + 1 :] if kind == 1)  # the first end after it
    covering = [i for i, iv in enumerate(intervals) if iv is not None and iv.bounded and iv.contains_any(low, high)
                and iv.low <= low and iv.high >= high]  # type: ignore[operator]
    joint: Interval | None = None
    for i in covering:
        joint = intervals[i] if joint is None else joint.intersect(intervals[i])  # type: ignore[arg-type]
    if joint is None:  # touching open ends: no rate is in all of them
        return None
    return joint, covering


def consensus(intervals: Sequence[Interval | None], anchor: Decimal | None = None) -> Shared | None:
    """The rate the conversions share, when enough of them share one and some do not.

    :param intervals: the implied-rate interval of each conversion of one pair (None, or
        unbounded, for one that cannot be checked: it is neither member nor outlier).
    :param anchor: a rate known beside the article's conversions (the reference of the
        date, the level the article quotes): with two conversions, the one it refutes is
        the outlier.
    """
    bounded = [i for i, iv in enumerate(intervals) if iv is not None and iv.bounded]
    if len(bounded) < 2:
        return None
    found = _deepest(intervals)
    if found is None:
        return None
    joint, members = found
    agreeing = set(members)
    outliers = tuple(i for i in bounded if i not in agreeing)
    if not outliers:
        return None
    if len(bounded) >= 3 and len(members) >= MIN_AGREEING and len(members) * 2 > len(bounded):
        return Shared(joint, tuple(members), outliers)
    if len(bounded) == 2 and anchor is not None:
        holds = [i for i in bounded if intervals[i].contains(anchor)]  # type: ignore[union-attr]
        if len(holds) == 1:
            other = bounded[0] if holds[0] == bounded[1] else bounded[1]
            return Shared(intervals[holds[0]], (holds[0],), (other,))  # type: ignore[arg-type]
    return None
