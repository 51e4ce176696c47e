"""Running the domain work of a request: under a budget, off the event loop unless it is
estimated cheap, and stopped when the client goes away.

The event loop answers every connection of a worker, so work on it must be short: the
decision to run inline is made on the estimated cost of the work (the text's length and
how many amounts it may hold, times the currencies asked for), not on the size of the
body — a 4 KB body of "$1 $1 …" asks for more than a 40 KB article.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

import units
from units.config import Settings

__all__ = ["estimate_us", "run", "budget_for"]

T = TypeVar("T")

# Measured on this 2-core machine (tests/benchmarks/test_bench_service.py keeps them honest):
# extraction reads ordinary text at about 0.12 us a character, and each amount it finds
# costs about 25 us to read, convert into one currency and render, plus 6 us per more
# currency.
US_PER_CHAR = 0.15
US_PER_AMOUNT = 25.0
US_PER_CONVERSION = 6.0
_AMOUNT_HINT = re.compile(r"\d+|[$₩€£¥]")


def estimate_us(text: str, targets: int = 0) -> float:
    """A generous estimate of the microseconds the work on ``text`` takes."""
    amounts = len(_AMOUNT_HINT.findall(text)) if len(text) < 65536 else len(text)
    return US_PER_CHAR * len(text) + amounts * (US_PER_AMOUNT + US_PER_CONVERSION * max(0, targets - 1))


def budget_for(settings: Settings) -> units.Budget:
    """The budget of one request (or one batch line)."""
    return units.Budget(cpu_seconds=settings.cpu_seconds, max_figures=settings.max_figures)


async def _disconnected(request: Request) -> None:
    """Return when the client goes away (the body has been read: only a disconnect comes)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


_LOW = threading.local()
NICE = 10  # how much lower than the event loop a thread doing request work runs


def _in_low_priority(fn: Callable[[], T]) -> T:
    """Run ``fn`` in this pool thread at a lower scheduling priority (once per thread): on a
    busy machine the event loop thread, which answers health checks and small requests,
    then gets the CPU first whenever it has something to do."""
    if not getattr(_LOW, "set", False):
        _LOW.set = True
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
        except (AttributeError, OSError):  # not Linux, or not allowed: run at the usual priority
            pass
    return fn()


_SLOTS: dict[int, asyncio.Semaphore] = {}


def _slots(settings: Settings) -> asyncio.Semaphore:
    """How many pieces of heavy work one worker runs at once; the rest wait their turn, so
    the worker's memory and the machine's CPU stay bounded under a flood of big requests."""
    loop = id(asyncio.get_running_loop())
    if loop not in _SLOTS:
        _SLOTS[loop] = asyncio.Semaphore(settings.heavy_slots)
    return _SLOTS[loop]


async def run(request: Request, fn: Callable[[], T], *, budget: units.Budget, cost_us: float,
              settings: Settings) -> T:
    """``fn()`` inline when it is estimated under ``inline_budget_ms``, else in the thread
    pool (at most ``heavy_slots`` at a time per worker, at a lower priority than the event
    loop) while watching the client: when it disconnects, the budget is cancelled and the
    work stops at its next check (:class:`units.Cancelled`)."""
    if cost_us <= settings.inline_budget_ms * 1000:
        return fn()
    gone = asyncio.ensure_future(_disconnected(request))
    slots = _slots(settings)
    waiting = asyncio.ensure_future(slots.acquire())
    done, _ = await asyncio.wait({waiting, gone}, return_when=asyncio.FIRST_COMPLETED)
    if waiting not in done:  # the client left while its request waited for a slot
        waiting.cancel()
        raise units.Cancelled("the client disconnected before its work began", limit="cancelled", value=True)
    try:
        return await _watched(fn, gone, budget)
    finally:
        slots.release()


async def _watched(fn: Callable[[], T], gone: asyncio.Future, budget: units.Budget) -> T:
    work = asyncio.ensure_future(run_in_threadpool(_in_low_priority, fn))
    try:
        done, _ = await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        budget.cancel()
        raise
    if work in done:
        gone.cancel()
        return work.result()
    budget.cancel()
    try:
        await work
    except units.LimitExceeded:
        pass
    raise units.Cancelled("the client disconnected; the work stopped", limit="cancelled", value=True)


async def run_batch_block(fn: Callable[[T], tuple[bytes, bool]], lines: T, settings: Settings) -> tuple[bytes, bool]:
    """One block of a batch in the thread pool, in a slot of the worker's heavy work, at the
    lower priority: a batch takes its turn between other requests' work, a block at a time."""
    async with _slots(settings):
        return await run_in_threadpool(_in_low_priority, lambda: fn(lines))
