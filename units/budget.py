"""Budgets: limits on one piece of work, checked as it runs.

>>> b = Budget(max_figures=2)
>>> b.count_figure(); b.count_figure()
>>> b.count_figure()
Traceback (most recent call last):
...
units.errors.TooManyFigures: the text holds more than 2 figures (max_figures); split it, or raise the limit

The domain core knows nothing of requests; a caller that has limits (the service, a
pipeline) passes a budget, and the scans call :meth:`Budget.check` every few steps. A
deadline is on the thread's CPU time, so a busy machine does not cut work short; a
cancel flag lets another thread (one that saw the client go) stop the work at its next
check.
"""

from __future__ import annotations

import threading
import time

from units.errors import Cancelled, DeadlineExceeded, TooManyFigures

__all__ = ["Budget"]


class Budget:
    """Limits for one piece of work.

    :param cpu_seconds: CPU time of the threads that do the work, from their first
        :meth:`check` on (summed when the work moves from one thread to another).
    :param max_figures: figures one text may yield.
    """

    __slots__ = ("cpu_seconds", "max_figures", "limit_name", "figures", "_cancel", "_thread", "_start", "_spent",
                 "_segment")

    def __init__(self, *, cpu_seconds: float | None = None, max_figures: int | None = None,
                 limit_name: str = "cpu_seconds") -> None:
        self.cpu_seconds = cpu_seconds
        self.max_figures = max_figures
        self.limit_name = limit_name
        self.figures = 0
        self._cancel = threading.Event()
        self._thread: int | None = None
        self._start = 0.0  # thread CPU time when the current thread began working
        self._spent = 0.0  # CPU time used in threads that worked before it
        self._segment = 0.0  # CPU time used in the current thread, at its last check

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

    def charge(self, seconds: float) -> None:
        """Count CPU time measured elsewhere (a batch counts each line's); raise past the limit."""
        self._spent += seconds
        self._over()

    def _over(self) -> None:
        if self.cpu_seconds is not None and self._spent + self._segment > self.cpu_seconds:
            raise DeadlineExceeded(f"the work used more than {self.cpu_seconds:g} s of CPU time ({self.limit_name}); "
                                   "send less text per request", limit=self.limit_name, value=self.cpu_seconds)

    def count_figure(self) -> None:
        """Count one more figure; raise past ``max_figures``."""
        self.figures += 1
        if self.max_figures is not None and self.figures > self.max_figures:
            raise TooManyFigures(f"the text holds more than {self.max_figures} figures (max_figures); split it, "
                                 "or raise the limit", limit="max_figures", value=self.max_figures)
