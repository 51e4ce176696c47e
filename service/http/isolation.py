"""Heavy requests in processes of their own: each service worker keeps ``heavy_slots``
children, started from a fork server that has eokjo loaded, that run one request at a
time at a lower scheduling priority (``heavy_nice``).

Threads of one process share its interpreter lock: a heavy audit in a thread of the worker
takes half the interpreter from the requests the event loop and the light threads serve,
whatever its priority. In a child process it takes only what the kernel gives a process of
lower priority, which is little while ordinary requests keep the CPU busy and all of it
when they do not.

A child runs the request under its own budget (CPU time, figures). The worker watches it:
when the client goes away the child is told (the job's number on a second socket, then
SIGUSR1: the budget stops the work at its next check),
and a child that keeps going past the CPU limit and a grace period, checked or not, is
killed and replaced: the limit holds for work that never checks it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson

import units
from service.http import metrics
from service.http.problems import Problem, domain_problem
from units.config import Settings

__all__ = ["HeavyWorkers", "trim_memory"]

log = logging.getLogger("eokjo.service")

GRACE_SECONDS = 1.0  # of CPU past the limit before a child is killed
CANCEL_GRACE_SECONDS = 5.0  # after a cancel, for the child to reach its budget's next check (it may wait for a CPU)
WATCH_SECONDS = 0.25  # how often the worker looks at a running child
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def trim_memory() -> None:
    """Give the memory the allocator keeps free back to the system (glibc's malloc_trim):
    a large answer's buffers otherwise stay in the process after it is sent."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
        return lib if lib is not None and hasattr(lib, "malloc_trim") else None
    except OSError:  # not glibc
        return None


_LIBC = _libc()


# ------------------------------------------------------------------ in the child

_RUNNING: dict[int, units.Budget] = {}  # the job the child is running: its number and budget
_CANCELS: socket.socket | None = None  # the numbers of jobs the worker cancelled, 8 bytes each
_CANCELLED: set[int] = set()


def _cancel(_signum: int = 0, _frame: object = None) -> None:
    """SIGUSR1: read which jobs the worker cancelled; cancel the running one if it is one.
    A signal carries no number, and one may come late, after its job ended: the number
    keeps a late one from cancelling the next job."""
    while _CANCELS is not None:
        try:
            data = _CANCELS.recv(8 * 64)
        except (BlockingIOError, InterruptedError):
            break
        if not data:
            break
        _CANCELLED.update(int.from_bytes(data[i : i + 8], "big") for i in range(0, len(data) - 7, 8))
    for job, budget in _RUNNING.items():
        if job in _CANCELLED:
            budget.cancel()
    if _RUNNING:
        current = min(_RUNNING)
        _CANCELLED.difference_update([j for j in _CANCELLED if j < current])  # the cancels of ended jobs


def _child_main(fd: int, cancels: int, nice: int) -> None:
    """A child's life: read a job, run it, send the answer, until the worker goes."""
    global _CANCELS
    _CANCELS = socket.socket(fileno=cancels)
    _CANCELS.setblocking(False)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, min(19, os.getpriority(os.PRIO_PROCESS, 0) + nice))
    signal.signal(signal.SIGUSR1, _cancel)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the worker decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    conn = Connection(fd)
    try:  # the settings, and the warm-up (by name: its module brings the routes' work functions)
        settings_data, warm = conn.recv()
        settings = Settings(**settings_data)
    except (EOFError, OSError):
        return
    with metrics.deferred():
        warm(settings)
    gc.collect()
    gc.freeze()  # what is loaded stays out of the collector's passes
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the worker is gone
            return
        conn.send(_run(job, settings))
        del job
        trim_memory()


def _run(job: tuple, settings: Settings) -> tuple[str, Any, list]:
    """One job: ("ok", answer bytes, metrics) or ("problem", its fields, metrics), or
    ("cancelled", None, metrics). Errors travel as data: not every exception pickles."""
    number, fn, req, cpu_seconds, max_figures = job
    budget = units.Budget(cpu_seconds=cpu_seconds, max_figures=max_figures)
    _RUNNING[number] = budget
    _cancel()  # a cancel that came while the job was being read
    with metrics.deferred() as tally:
        try:
            answer = fn(req, budget=budget, settings=settings)
            return "ok", answer if isinstance(answer, bytes) else orjson.dumps(answer), tally
        except Problem as exc:
            return "problem", (exc.status, exc.slug, exc.title, exc.detail, exc.extra), tally
        except units.Cancelled:
            return "cancelled", None, tally
        except units.EokjoError as exc:
            p = domain_problem(exc)
            return "problem", (p.status, p.slug, p.title, p.detail, p.extra), tally
        except Exception:  # noqa: BLE001 - a bug: logged here, answered as a 500 by the worker
            log.exception("unexpected error in a heavy process")
            return "error", None, tally
        finally:
            _RUNNING.clear()


# ------------------------------------------------------------------ in the worker


class _Busy(Exception):
    """Every heavy slot has its child (running or starting)."""


class _Child:
    """One child process (``python -m service.http.isolation``: a fresh interpreter, so
    nothing of the worker's threads or event loop comes along) and the worker's end of the
    socket pair they talk over."""

    def __init__(self, settings_data: dict, warm: Callable[..., None], nice: int) -> None:
        mine, theirs = socket.socketpair()
        self.cancels, their_cancels = socket.socketpair()
        self.proc = subprocess.Popen([sys.executable, "-m", __name__, str(theirs.fileno()), str(their_cancels.fileno()),
                                      str(nice)], pass_fds=(theirs.fileno(), their_cancels.fileno()),
                                     stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        their_cancels.close()
        self.conn = Connection(mine.detach())
        self.conn.send((settings_data, warm))

    def ready(self) -> None:
        """Wait until the child has loaded eokjo and can take a job (blocking)."""
        if self.conn.recv() != "ready":
            raise RuntimeError("a heavy process did not start")

    def call(self, job: tuple) -> tuple:
        """Send a job and wait for its answer (blocking: run in a thread)."""
        self.conn.send(job)
        return self.conn.recv()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def cpu_seconds(self) -> float:
        """The CPU time the child has used, read from /proc (Linux); 0 elsewhere."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / _TICKS

    def interrupt(self, number: int) -> None:
        """Cancel job ``number``: the child's budget stops it at its next check."""
        with contextlib.suppress(OSError):
            self.cancels.send(number.to_bytes(8, "big"))
            self.proc.send_signal(signal.SIGUSR1)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()

    def stop(self, kill: bool = False) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()  # the child reads the end of its input and returns
            self.cancels.close()
        if kill:
            self.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait(timeout=5)


class HeavyWorkers:
    """The heavy lane's processes of one service worker: ``run`` gives a request's work to
    an idle child (the lane has admitted it, so one is free or starting)."""

    def __init__(self, settings: Settings, warm: Callable[..., None]) -> None:
        """``warm(settings)`` runs in each child before its first job (a module-level
        function: it travels by name, and its module comes along)."""
        self.settings = settings
        self._warm = warm
        self._data = settings.model_dump()
        self._idle: list[_Child] = []
        self._all: set[_Child] = set()
        self._ready = threading.Condition()
        self._starting = 0  # children being started
        # each call waits for its child in a thread; starting a child also takes one
        self._threads = ThreadPoolExecutor(max_workers=2 * settings.heavy_slots, thread_name_prefix="eokjo-heavy")
        self.seconds = 1.0  # how long a heavy request takes, smoothed (for Retry-After)
        self._jobs = 0

    def start(self) -> None:
        """Start the children now rather than at the first heavy request (blocking)."""
        children = []
        with contextlib.suppress(_Busy):
            while len(children) < self.settings.heavy_slots:
                children.append(self._take(wait=False))
        for child in children:
            self._give_back(child)

    def _take(self, wait: bool = True) -> _Child:
        """An idle child, or a new one while there are fewer than ``heavy_slots``; else wait
        for one to come back (the lane admits no more work than there are slots, but a
        child may still be starting)."""
        with self._ready:
            while True:
                while self._idle:
                    child = self._idle.pop()
                    if child.alive:
                        return child
                    self._all.discard(child)
                if len(self._all) + self._starting < self.settings.heavy_slots:
                    self._starting += 1
                    break
                if not wait:
                    raise _Busy
                self._ready.wait(timeout=1.0)
        child = None
        try:
            child = _Child(self._data, self._warm, self.settings.heavy_nice)
            child.ready()
        except (EOFError, OSError, RuntimeError):
            if child is not None:
                child.stop(kill=True)
            raise RuntimeError("a heavy process did not start; its log says why") from None
        finally:
            with self._ready:
                self._starting -= 1
                self._ready.notify_all()
        with self._ready:
            self._all.add(child)
        return child

    def _give_back(self, child: _Child) -> None:
        with self._ready:
            self._idle.append(child)
            self._ready.notify_all()

    def _drop(self, child: _Child, kill: bool) -> None:
        with self._ready:
            self._all.discard(child)
            self._ready.notify_all()
        self._threads.submit(child.stop, kill)

    async def run(self, fn: Callable, req: Any, gone: asyncio.Future) -> bytes:
        """``fn(req, budget=…, settings=…)`` in a child: its answer's bytes, or the problem
        it raised; :class:`units.Cancelled` when the client went away."""
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        child = await loop.run_in_executor(self._threads, self._take)
        self._jobs += 1
        number = self._jobs
        job = (number, fn, req, self.settings.cpu_seconds, self.settings.max_figures)
        call = loop.run_in_executor(self._threads, child.call, job)
        cpu_before, limit = child.cpu_seconds(), self.settings.cpu_seconds + GRACE_SECONDS
        cancelled_at, over = None, False
        while True:
            watch = {call} if cancelled_at is not None else {call, gone}
            done, _ = await asyncio.wait(watch, timeout=WATCH_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            if call in done:
                break
            if cancelled_at is None and gone in done:
                child.interrupt(number)  # the budget stops the work at its next check
                cancelled_at = time.monotonic()
            over = over or child.cpu_seconds() - cpu_before > limit
            late = cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE_SECONDS
            if over or late:  # work that does not check its budget: the child goes, another comes
                child.kill()
        try:
            kind, value, tally = call.result()
        except (EOFError, OSError):
            self._drop(child, kill=True)
            if cancelled_at is not None:
                raise units.Cancelled("the client disconnected; the work stopped", limit="cancelled", value=True)
            if over:
                raise Problem(503, "deadline-exceeded", "Request took too much CPU time",
                              f"the work used more than {self.settings.cpu_seconds:g} s of CPU time (cpu_seconds); "
                              "send less text per request") from None
            raise RuntimeError(f"a heavy process ended unexpectedly (exit code {child.proc.poll()})") from None
        self._give_back(child)
        self.seconds = 0.8 * self.seconds + 0.2 * (time.monotonic() - started)
        metrics.replay(tally)
        if kind == "ok":
            return value
        if kind == "cancelled":
            raise units.Cancelled("the client disconnected; the work stopped", limit="cancelled", value=True)
        if kind == "problem":
            status, slug, title, detail, extra = value
            raise Problem(status, slug, title, detail, **extra)
        raise RuntimeError("a heavy process failed; its log has the traceback")

    def close(self) -> None:
        """Stop every child (the worker is shutting down)."""
        with self._ready:
            children, self._idle = list(self._all), []
            self._all.clear()
        for child in children:
            child.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)


if __name__ == "__main__":
    _child_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
