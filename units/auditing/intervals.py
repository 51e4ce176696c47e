"""Intervals of amounts and of rates: what a stated figure can stand for.

>>> i = Interval(Decimal("17.5"), Decimal("18.5"))
>>> i.contains(Decimal("18")), i.intersect(Interval(Decimal(19), None))
(True, None)
"""

from __future__ import annotations

from units.decimals import plain

from dataclasses import dataclass
from decimal import Decimal, localcontext

from units.extraction import Figure
from units.rates import RATE_CONTEXT

__all__ = ["Interval", "stated_interval"]


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of reals between ``low`` and ``high`` (None: unbounded), each end open or closed."""

    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def contains_any(self, low: Decimal, high: Decimal) -> bool:
        """Whether the interval meets the closed range [low, high]."""
        if self.low is not None and (high < self.low or (self.low_open and high == self.low)):
            return False
        return not (self.high is not None and (low > self.high or (self.high_open and low == self.high)))

    def contains(self, x: Decimal) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        return not (self.high is not None and (x > self.high or (self.high_open and x == self.high)))

    def intersect(self, other: Interval) -> Interval | None:
        low, low_open = _max_low(self, other)
        high, high_open = _min_high(self, other)
        if low is not None and high is not None and (low > high or (low == high and (low_open or high_open))):
            return None
        return Interval(low, high, low_open, high_open)

    def scaled(self, factor: Decimal) -> Interval:
        with localcontext(RATE_CONTEXT):
            return Interval(None if self.low is None else self.low * factor,
                            None if self.high is None else self.high * factor, self.low_open, self.high_open)

    @property
    def bounded(self) -> bool:
        return self.low is not None and self.high is not None and self.low > 0

    @property
    def middle(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        with localcontext(RATE_CONTEXT):
            return (self.low + self.high) / 2

    def to_dict(self) -> dict:
        return {"low": plain(self.low), "high": plain(self.high),
                "low_open": self.low_open, "high_open": self.high_open}


def _max_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _min_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


def stated_interval(figure: Figure) -> Interval | None:
    """The amounts a figure can stand for, from what it states; None if vague.

    "약 18조 원" is 17.5조..18.5조 (half the last written digit either way); "50조 원대"
    50조 up to 60조; "14조 원 이상" from 14조 on; a range its ends, each with that slack.
    """
    if figure.shape == "vague":
        return None
    half = figure.precision / 2
    if figure.shape == "band":
        return Interval(figure.low, figure.high, False, True)
    if figure.shape == "range":
        return Interval(figure.low - half, figure.high + half)
    value = figure.value
    assert value is not None
    q = figure.qualifier
    if q == "at_least":
        return Interval(value, None)
    if q == "over":
        return Interval(value, None, True)
    if q == "at_most":
        return Interval(Decimal(0), value)
    if q == "under":
        return Interval(Decimal(0), value, False, True)
    return Interval(value - half, value + half)
