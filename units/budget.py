"""Budgets: limits on one piece of work, checked as it runs.

>>> b = Budget(max_figures=2)
>>> b.count_item("figure"); b.count_item("rate quote")
>>> b.count_item("pair")
Traceback (most recent call last):
...
units.errors.TooManyFigures: the answer would hold more than 2 figures, rate quotes and pairs (max_figures); split the text, or raise the limit

The domain core knows nothing of requests; a caller that has limits (the service, a
pipeline) passes a budget, and the scans call :meth:`Budget.check` every few steps. A
deadline is on the thread's CPU time, so a busy machine does not cut work short; a
cancel flag lets another thread (one that saw the client go) stop the work at its next
check.

A budget also tallies the work spent on it, by kind (:meth:`Budget.spend`): the
characters a stage reads, the candidates it compares, the pairs it judges. The tally is
how a test shows that a cost grows linearly with the input without timing anything, and
spending is where the limits are checked:

>>> b = Budget()
>>> b.spend("pairs.chars", 24); b.spend("pairs.chars", 8); b.spend("judge.pairs")
>>> dict(b.work)
{'pairs.chars': 32, 'judge.pairs': 1}
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import TYPE_CHECKING

from units.errors import Cancelled, DeadlineExceeded, TooManyFigures

if TYPE_CHECKING:
    from units.config import Settings

__all__ = ["Budget", "CHECK_EVERY"]

CHECK_EVERY = 32  # calls to Budget.spend between two checks of the limits


class Budget:
    """Limits for one piece of work.

    :param cpu_seconds: CPU time of the threads that do the work, from their first
        :meth:`check` on (summed when the work moves from one thread to another).
    :param max_figures: items one answer may hold: figures, rate quotes and pairs, all
        counted (:meth:`count_item`) as the work finds them.
    """

    __slots__ = ("cpu_seconds", "max_figures", "limit_name", "items", "work", "_calls", "_cancel", "_thread",
                 "_start", "_spent", "_segment")

    def __init__(self, *, cpu_seconds: float | None = None, max_figures: int | None = None,
                 limit_name: str = "cpu_seconds") -> None:
        self.cpu_seconds = cpu_seconds
        self.max_figures = max_figures
        self.limit_name = limit_name
        self.items: Counter[str] = Counter()  # the answer's items found so far, by kind
        self.work: Counter[str] = Counter()  # units of work spent, by kind
        self._calls = 0
        self._cancel = threading.Event()
        self._thread: int | None = None
        self._start = 0.0  # thread CPU time when the current thread began working
        self._spent = 0.0  # CPU time used in threads that worked before it
        self._segment = 0.0  # CPU time used in the current thread, at its last check

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        """The limits the settings give one text (``cpu_seconds``, ``max_figures``): one
        request's in the service, one article's in ``eokjo audit`` and the archive."""
        return cls(cpu_seconds=settings.cpu_seconds, max_figures=settings.max_figures)

    def cancel(self) -> None:
        """Ask the work to stop at its next check (safe from any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise if the work was cancelled or went past its CPU deadline."""
        if self._cancel.is_set():
            raise Cancelled("the caller gave up; the work stopped", limit="cancelled", value=True)
        if self.cpu_seconds is None:
            return
        ident, now = threading.get_ident(), time.thread_time()
        if self._thread != ident:  # the work moved to another thread: carry over what it used
            self._spent += self._segment
            self._thread, self._start, self._segment = ident, now, 0.0
            return
        self._segment = now - self._start
        self._over()

    def spend(self, kind: str, n: int = 1) -> None:
        """Tally ``n`` units of work of ``kind``; every :data:`CHECK_EVERY` calls, check
        the limits (so a stage that spends as it goes is stopped in time)."""
        self.work[kind] += n
        self._calls += 1
        if self._calls % CHECK_EVERY == 0:
            self.check()

    def charge(self, seconds: float) -> None:
        """Count CPU time measured elsewhere (a batch counts each line's); raise past the limit."""
        self._spent += seconds
        self._over()

    def _over(self) -> None:
        if self.cpu_seconds is not None and self._spent + self._segment > self.cpu_seconds:
            raise DeadlineExceeded(f"the work used more than {self.cpu_seconds:g} s of CPU time ({self.limit_name}); "
                                   "split the text, or raise the limit", limit=self.limit_name, value=self.cpu_seconds)

    def count_item(self, kind: str) -> None:
        """Count one more item of the answer (``figure``, ``rate quote``, ``pair``); raise
        when the items of every kind together pass ``max_figures``."""
        self.items[kind] += 1
        if self.max_figures is not None and self.items.total() > self.max_figures:
            raise TooManyFigures(f"the answer would hold more than {self.max_figures} figures, rate quotes and pairs "
                                 "(max_figures); split the text, or raise the limit", limit="max_figures",
                                 value=self.max_figures)
