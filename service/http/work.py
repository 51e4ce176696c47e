"""Running the domain work of a request: in a lane chosen by its cost before the work
starts, under a budget, and stopped when the client goes away.

    lane     where the work runs                          at once       waiting
    inline   on the event loop                            -             -
    light    in the worker's threads                      light_slots   light_queue
    heavy    in the worker's child processes, at a lower  heavy_slots   heavy_queue
             scheduling priority (service.http.isolation)

The cost is estimated from the request: the text's length, and the places the extractor
will read a candidate at, counted with its own spotting pattern over the normalized text
(:func:`units.extraction.count_spots`), so 일억원, 億 and １３０ count as the scan counts
them; each is priced as a figure read, converted into every currency asked for, and
serialized into the answer (measured: the benchmarks keep the prices honest). A text past
``heavy_chars`` is heavy without counting: counting it would hold the event loop. Work
estimated under ``inline_budget_ms`` runs inline, under ``light_budget_ms`` in a thread,
the rest in a heavy process. A lane whose slots are taken and whose queue is full answers
503 ``overloaded`` at once, with ``Retry-After``: cheap requests never queue behind
expensive ones, and nothing queues without end.

An estimate is a guess; the light lane also measures: light work whose CPU time passes four
times ``light_budget_ms`` stops and starts again in the heavy lane, so input that fooled
the estimate costs the light lane at most that.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

import units
from service.http import metrics
from service.http.isolation import HeavyWorkers, trim_memory
from service.http.problems import Problem
from units.config import Settings
from units.extraction import count_spots

__all__ = ["Lane", "Lanes", "Price", "estimate_us", "lane_for", "run", "run_batch_block", "budget_for"]

T = TypeVar("T")

# What work costs on this 2-core machine (tests/benchmarks/test_bench_service.py measures
# it): reading ordinary text, about 0.12 us a character; each spot the extractor reads, up
# to 20 us (a figure: read, resolved, converted and rendered), plus 20 us for each currency
# it is converted into; in an audit about 90 us with its pair checks, in the HTML report
# 140 us. The prices below are those costs, rounded up.
US_PER_CHAR = 0.15


class Price:
    """Microseconds per spot for each kind of answer."""

    EXTRACT_PER_SPOT = 20.0
    PER_CONVERSION = 20.0
    AUDIT_PER_SPOT = 90.0
    AUDIT_HTML_PER_SPOT = 140.0

    @classmethod
    def extract(cls, targets: int) -> float:
        return cls.EXTRACT_PER_SPOT + cls.PER_CONVERSION * targets


LIGHT_OVERRUN = 4  # light work measured past this many times light_budget_ms moves to the heavy lane


def estimate_us(text: str, per_spot_us: float, settings: Settings) -> float:
    """A generous estimate of the microseconds the work on ``text`` takes, answer included
    (``inf`` for a text past ``heavy_chars``, which is not counted).

    >>> s = Settings()
    >>> estimate_us("130억 달러(약 18조 원)", Price.extract(2), s) < s.inline_budget_ms * 1000
    True
    >>> estimate_us("일억원 " * 830, Price.extract(2), s) > s.light_budget_ms * 1000
    True
    """
    if len(text) > settings.heavy_chars:  # (and a body past heavy_body_bytes is heavy before it is read)
        return math.inf
    base = US_PER_CHAR * len(text)
    # counting stops where the text is heavy whatever follows: the loop spends no more on it
    enough = max(0, math.ceil((settings.light_budget_ms * 1000 - base) / per_spot_us)) + 1 if per_spot_us else None
    return base + count_spots(text, enough) * per_spot_us


def lane_for(cost_us: float, settings: Settings) -> str:
    """The lane of work estimated to take ``cost_us``."""
    if cost_us <= settings.inline_budget_ms * 1000:
        return "inline"
    return "light" if cost_us <= settings.light_budget_ms * 1000 else "heavy"


def budget_for(settings: Settings) -> units.Budget:
    """The budget of one request (or one batch line)."""
    return units.Budget(cpu_seconds=settings.cpu_seconds, max_figures=settings.max_figures)


class _Outgrown(Exception):
    """Light work measured past the light lane's limit: it goes to the heavy lane."""


class Lane:
    """Slots for work at once and a bounded queue for work waiting, on one event loop.
    Admission is first come, first served; a full queue refuses at once."""

    def __init__(self, name: str, slots: int, queue: int) -> None:
        self.name, self.slots, self.queue = name, slots, queue
        self.active = 0
        self._waiting: deque[asyncio.Future] = deque()
        self.seconds = 0.05  # how long its work takes, smoothed: for Retry-After

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def full(self) -> bool:
        """A request arriving now would be refused."""
        return self.active >= self.slots and self.waiting >= self.queue

    def retry_after(self) -> int:
        """Seconds until a new request would likely find room."""
        return max(1, min(60, math.ceil((self.waiting + self.active) / self.slots * self.seconds)))

    def full_problem(self) -> Problem:
        return Problem(503, "overloaded", "Service overloaded",
                       f"the {self.name} lane, for requests of this cost, is full: {self.active} running and "
                       f"{self.waiting} waiting (EOKJO_{self.name.upper()}_SLOTS, EOKJO_{self.name.upper()}_QUEUE); "
                       f"retry in {self.retry_after()} s", headers={"Retry-After": str(self.retry_after())})

    async def enter(self, gone: asyncio.Future) -> None:
        """Take a slot, waiting in the queue if there is room there; raise the lane's 503
        when there is not, and :class:`units.Cancelled` if the client leaves meanwhile."""
        if self.active < self.slots and not self._waiting:
            self.active += 1
            return
        if self.full:
            metrics.lane(self.name, "refused")
            raise self.full_problem()
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            done, _ = await asyncio.wait({turn, gone}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            self._forfeit(turn)
            raise
        if turn not in done:
            self._forfeit(turn)
            raise units.Cancelled("the client disconnected before its work began", limit="cancelled", value=True)

    def _forfeit(self, turn: asyncio.Future) -> None:
        if turn.done() and not turn.cancelled():  # the slot was handed over: pass it on
            self.leave()
        else:
            turn.cancel()
            self._waiting.remove(turn)

    def leave(self, seconds: float | None = None) -> None:
        """Free a slot: the next in the queue takes it over."""
        if seconds is not None:
            self.seconds = 0.8 * self.seconds + 0.2 * seconds
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.active -= 1


class Lanes:
    """The lanes of one service worker, and its heavy processes (``warm`` readies each)."""

    def __init__(self, settings: Settings, warm: Callable[..., None]) -> None:
        self.settings = settings
        self.light = Lane("light", settings.light_slots, settings.light_queue)
        self.heavy = Lane("heavy", settings.heavy_slots, settings.heavy_queue)
        # a batch's blocks take turns in a thread, one block at a time per worker; a batch
        # waits for its turn (it has begun its 200 answer: it cannot be refused any more)
        self.batch = Lane("batch", 1, settings.max_connections)
        self.workers = HeavyWorkers(settings, warm)

    def close(self) -> None:
        self.workers.close()


async def _disconnected(request: Request) -> None:
    """Return when the client goes away (the body has been read: only a disconnect comes)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def _serialized(answer: Any) -> bytes:
    return answer if isinstance(answer, bytes) else orjson.dumps(answer)


async def run(request: Request, fn: Callable[..., Any], req: Any, *, text: str, per_spot_us: float) -> bytes:
    """``fn(req, budget=…, settings=…)``, serialized, in the lane its estimated cost picks:
    inline, in a light thread (watching the client: when it disconnects the budget is
    cancelled and the work stops at its next check), or in a heavy process."""
    settings: Settings = request.app.state.settings
    lanes: Lanes = request.app.state.lanes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) >= settings.heavy_body_bytes:  # its reading was work too
        lane = "heavy"
    else:
        lane = lane_for(estimate_us(text, per_spot_us, settings), settings)
    metrics.lane(lane, "admitted")
    if lane == "inline":
        return _serialized(fn(req, budget=budget_for(settings), settings=settings))
    gone = asyncio.ensure_future(_disconnected(request))
    try:
        if lane == "light":
            try:
                return await _light(lanes.light, fn, req, settings, gone)
            except _Outgrown:
                metrics.lane("light", "outgrown")
        return await _heavy(lanes, fn, req, gone)
    finally:
        gone.cancel()


async def _light(lane: Lane, fn: Callable[..., Any], req: Any, settings: Settings, gone: asyncio.Future) -> bytes:
    await lane.enter(gone)
    loop = asyncio.get_running_loop()
    started = loop.time()
    cutoff = LIGHT_OVERRUN * settings.light_budget_ms / 1000
    if cutoff < settings.cpu_seconds:
        budget = units.Budget(cpu_seconds=cutoff, max_figures=settings.max_figures, limit_name="light_budget_ms")
    else:
        budget = budget_for(settings)

    def work() -> bytes:  # the answer is serialized where it is computed, off the event loop
        try:
            return _serialized(fn(req, budget=budget, settings=settings))
        except units.DeadlineExceeded as exc:
            if exc.limit == "light_budget_ms":
                raise _Outgrown from None
            raise

    try:
        return await _watched(work, gone, budget)
    finally:
        lane.leave(loop.time() - started)


async def _heavy(lanes: Lanes, fn: Callable[..., Any], req: Any, gone: asyncio.Future) -> bytes:
    await lanes.heavy.enter(gone)
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        return await lanes.workers.run(fn, req, gone)
    finally:
        lanes.heavy.leave(loop.time() - started)


async def _watched(fn: Callable[[], T], gone: asyncio.Future, budget: units.Budget) -> T:
    work = asyncio.ensure_future(run_in_threadpool(fn))
    try:
        done, _ = await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        budget.cancel()
        raise
    if work in done:
        return work.result()
    budget.cancel()
    try:
        await work
    except (units.LimitExceeded, _Outgrown):
        pass
    raise units.Cancelled("the client disconnected; the work stopped", limit="cancelled", value=True)


async def run_batch_block(fn: Callable[[T], tuple[bytes, bool]], lines: T, lanes: Lanes) -> tuple[bytes, bool]:
    """One block of a batch in the thread pool, in the worker's batch slot: a batch takes
    its turn between other batches, a block at a time."""
    never: asyncio.Future = asyncio.get_running_loop().create_future()
    await lanes.batch.enter(never)
    try:
        return await run_in_threadpool(lambda: fn(lines))
    finally:
        lanes.batch.leave()
        if not lanes.batch.active:
            trim_memory()
