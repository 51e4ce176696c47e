"""A small HTTP/1.1 load client for the mixed runs: keep-alive connections on loopback, each
sending requests one after another, every answer timed and counted by the kind of request
it answered. asyncio with raw streams: a few tens of microseconds a request, so that the
client takes little of the CPU it measures. Also: the server's processes' memory, sampled.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import heavy_processes, workers

__all__ = ["Kind", "Stats", "run_connections", "Memory", "request_bytes"]


def request_bytes(path: str, body: bytes, content_type: str = "application/json", method: str = "POST") -> bytes:
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


@dataclass
class Kind:
    """One kind of request: its bytes on the wire, and what its answers were."""

    name: str
    wire: bytes
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    unanswered: int = 0  # an error, a timeout, or a 503 without Retry-After
    until: float = float("inf")  # the end of the run's window
    late: int = 0  # answers of status 200 that came after it (the rate leaves them out)

    def summary(self, duration: float) -> dict:
        ok = self.statuses.get(200, 0) - self.late
        q = statistics.quantiles(self.seconds, n=100) if len(self.seconds) >= 2 else [float("nan")] * 99
        return {"requests": sum(self.statuses.values()) + self.unanswered, "ok": ok,
                "ok_per_s": round(ok / duration, 1), "statuses": dict(sorted(self.statuses.items())),
                "unanswered": self.unanswered, "p50_ms": round(q[49] * 1000, 2), "p99_ms": round(q[98] * 1000, 2)}


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[bytes, bytes], int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0][9:12])
    headers = {}
    for line in lines[1:]:
        if b":" in line:
            k, v = line.split(b":", 1)
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get(b"content-length", b"0"))
    await reader.readexactly(length)
    return status, headers, length


async def _connection(port: int, pick: Callable[[], Kind], until: float, timeout: float) -> None:
    reader = writer = None
    while time.monotonic() < until:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        kind = pick()
        started = time.perf_counter()
        try:
            writer.write(kind.wire)
            status, headers, _ = await asyncio.wait_for(_read_answer(reader), timeout)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            kind.unanswered += 1
            writer.close()
            reader = writer = None
            continue
        kind.seconds.append(time.perf_counter() - started)
        if status == 200 and time.monotonic() > kind.until:
            kind.late += 1
        if status == 503 and b"retry-after" not in headers:
            kind.unanswered += 1
        else:
            kind.statuses[status] += 1
        if headers.get(b"connection", b"").lower() == b"close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run(port: int, groups: list[tuple[int, Callable[[], Kind]]], seconds: float, timeout: float,
               kinds: list[Kind]) -> None:
    until = time.monotonic() + seconds
    for kind in kinds:
        kind.until = until
    await asyncio.gather(*(_connection(port, pick, until, timeout) for n, pick in groups for _ in range(n)))


def run_connections(port: int, groups: list[tuple[int, Callable[[], Kind]]], seconds: float,
                    timeout: float = 120.0, kinds: list[Kind] = ()) -> float:
    """Run ``n`` connections per (n, pick) group for ``seconds`` (each picks the kind of
    its next request; answers to ``kinds`` after the window are not counted in its rate);
    the window's length, for rates."""
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    runner(_run(port, groups, seconds, timeout, list(kinds)))
    return seconds


def mix(ordinary: Kind, heavy: Kind, share: float, seed: int) -> Callable[[], Kind]:
    """Each request heavy with probability ``share``."""
    rng = random.Random(seed)
    return lambda: heavy if rng.random() < share else ordinary


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Memory:
    """Samples the RSS of a server's workers and heavy processes twice a second; keeps each
    process's peak, and the largest worker's RSS over time."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.peak: dict[str, float] = {}
        self.timeline: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def processes(self) -> dict[str, int]:
        out = {f"worker {i}": pid for i, pid in enumerate(workers(self.server_pid) or [self.server_pid])}
        out.update({f"heavy {i}": pid for i, pid in enumerate(heavy_processes(self.server_pid))})
        return out

    def largest_worker(self) -> float:
        return max((_rss_mb(pid) for pid in workers(self.server_pid) or [self.server_pid]), default=0.0)

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for name, pid in self.processes().items():
                self.peak[name] = max(self.peak.get(name, 0.0), _rss_mb(pid))
            self.timeline.append((time.monotonic(), self.largest_worker()))

    def __enter__(self) -> Memory:
        self.before = self.largest_worker()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def settle(self, seconds: float = 60.0, margin_mb: float = 30.0) -> dict:
        """After the load: how long the largest worker took to come back within
        ``margin_mb`` of its RSS before the load (None if not within ``seconds``)."""
        started, back = time.monotonic(), None
        while time.monotonic() - started < seconds:
            if self.largest_worker() <= self.before + margin_mb:
                back = time.monotonic() - started
                break
            time.sleep(1)
        return {"before_mb": round(self.before, 1), "peak_mb": {k: round(v, 1) for k, v in sorted(self.peak.items())},
                "after_mb": round(self.largest_worker(), 1),
                "back_within_s": None if back is None else round(back, 1)}
