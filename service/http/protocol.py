"""uvicorn's httptools protocol with bounds on what a client may hold and send before the
app sees a request:

- a connection idle for ``keep_alive_seconds`` is closed: from accept to its first byte
  (uvicorn's own timer only runs between requests), and between requests;
- the request line and headers: 431 past ``max_header_bytes``, 408 past
  ``header_timeout_seconds`` from their first byte;
- connections: at most ``max_connections`` per worker and ``max_connections_per_client``
  per client address. A new connection past either makes room by closing the longest-idle
  connection that has no request in progress (a silent one, a slow head, an idle
  keep-alive); when every one is busy it is refused with 503 ``too-many-connections`` and
  ``Retry-After``. A client holding a thousand silent sockets thus costs the others
  nothing: their new connections push its idle ones out.

A connection answered 503 ``overloaded`` three times in a row is read more slowly (its next
request a third of a second later, until an answer is not a refusal), so a client looping
on refusals cannot keep the event loop busy refusing it.

Each refusal of a request begun is a problem body (application/problem+json) before the
connection closes; a connection refused at accept gets its 503 and a lingering close, so
that a client that already wrote its request reads the answer rather than a reset. None
of this reaches the application; the middleware bounds the body.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections import OrderedDict

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.http.problems import MEDIA_TYPE, Problem
from units.config import get_settings

__all__ = ["BoundedHttpToolsProtocol", "connection_limit", "REFUSED_FOR_LOAD"]

log = logging.getLogger("eokjo.service")
REFUSED_FOR_LOAD = "eokjo.refused_for_load"  # the scope extension the middleware calls on a 503 with Retry-After
REFUSALS_IN_A_ROW = 3  # refusals for load in a row before a connection is read more slowly
REFUSALS_PER_SECOND = 3  # and then at most this many a second
LINGER_SECONDS = 2.0  # a connection refused at accept is read and discarded this long before it closes
FDS_KEPT = 64  # file descriptors a worker keeps for itself (its files, pipes, the heavy processes)


def connection_limit(configured: int) -> int:
    """``configured``, or less when the process may not open that many files: past its
    descriptor limit a server cannot even accept a connection to refuse it."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(1, min(configured, soft - FDS_KEPT)) if soft != resource.RLIM_INFINITY else configured


class _Registry:
    """The connections of one worker, least recently active first, all and per client."""

    def __init__(self, total: int, per_client: int) -> None:
        self.total, self.per_client = connection_limit(total), per_client
        self.all: OrderedDict[BoundedHttpToolsProtocol, None] = OrderedDict()
        self.clients: dict[str, OrderedDict[BoundedHttpToolsProtocol, None]] = {}

    def add(self, conn: BoundedHttpToolsProtocol) -> bool:
        """Register ``conn``, closing the longest-idle connection where a limit is passed;
        False when no connection could give way (``conn`` is then refused)."""
        mine = self.clients.setdefault(conn.client_host, OrderedDict())
        for group, limit in ((mine, self.per_client), (self.all, self.total)):
            if len(group) >= limit and not self._evict(group):
                if not mine:
                    del self.clients[conn.client_host]
                return False
        self.all[conn] = None
        mine[conn] = None
        return True

    @staticmethod
    def _evict(group: OrderedDict) -> bool:
        for other in group:  # least recently active first; the busy ones are skipped
            if not other.busy:
                other.evict()
                return True
        return False

    def touch(self, conn: BoundedHttpToolsProtocol) -> None:
        if conn in self.all:
            self.all.move_to_end(conn)
            self.clients[conn.client_host].move_to_end(conn)

    def remove(self, conn: BoundedHttpToolsProtocol) -> None:
        if conn in self.all:
            del self.all[conn]
            mine = self.clients[conn.client_host]
            del mine[conn]
            if not mine:
                del self.clients[conn.client_host]


class _HeadTooLarge(Exception):
    """Raised from a parser callback to stop reading a head that is too large."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """An HTTP/1.1 protocol that refuses oversized or slow request heads."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.max_header_bytes = settings.max_header_bytes
        self.header_timeout = settings.header_timeout_seconds
        registry = getattr(self.server_state, "eokjo_connections", None)
        if registry is None:  # one per worker, beside uvicorn's own connection set
            registry = self.server_state.eokjo_connections = _Registry(settings.max_connections,  # type: ignore[attr-defined]
                                                                      settings.max_connections_per_client)
        self._registry: _Registry = registry
        self.client_host = ""
        self._lingering = False
        self._refused_now, self._refused_in_a_row = False, 0
        self._in_head = True  # reading a request line and headers
        self._head_bytes = 0  # the request line and headers read so far (by the parser's callbacks)
        self._raw_head = 0  # bytes received while the head is not complete
        self._head_over = False
        self._head_timer: asyncio.TimerHandle | None = None

    # connections: idle from accept, limits, eviction

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.client_host = self.client[0] if self.client else ""
        if not self._registry.add(self):
            self._refuse_connection()
            return
        # idle from accept to the first byte: the same timer uvicorn runs between requests
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    @property
    def busy(self) -> bool:
        """A request is in progress: its head is read and its answer not yet sent."""
        return self.cycle is not None and not self.cycle.response_complete

    def evict(self) -> None:
        """Close this idle connection to make room for a new one; a request head begun on
        it is answered first."""
        if self._raw_head and self._in_head:
            self._refuse(self._too_many("the worker's connections are all taken; this one had sent only part of "
                                        "a request head"))
        else:
            self.transport.close()
        self._registry.remove(self)

    def _too_many(self, why: str) -> Problem:
        return Problem(503, "too-many-connections", "Too many connections",
                       f"{why}; retry in 1 s (EOKJO_MAX_CONNECTIONS {self._registry.total} per worker, "
                       f"EOKJO_MAX_CONNECTIONS_PER_CLIENT {self._registry.per_client})", headers={"Retry-After": "1"})

    def _refuse_connection(self) -> None:
        """Answer 503 at once, then read and discard what the client sends for a moment
        before closing: closing on unread data would reset the connection, answer and all."""
        self._lingering = True
        log.info("refused a connection from %s: every connection is busy", self.client_host)
        self._write_problem(self._too_many("every connection of this worker, or of this client, has a request "
                                           "in progress"))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return
        self._registry.touch(self)
        if self._in_head:
            self._raw_head += len(data)
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)
        try:
            super().data_received(data)
        except _HeadTooLarge:  # pragma: no cover - the parser wraps it; kept for other parsers
            self._refuse_large()
        # a header that arrives in pieces is only handed to the callbacks when complete:
        # count the raw bytes too, so that the parser never buffers more than the limit
        if self._in_head and self._raw_head > self.max_header_bytes:
            self._refuse_large()

    def send_400_response(self, msg: str) -> None:
        if self._head_over:  # the parser stopped at our callback: the head was too large
            self._refuse_large()
            return
        super().send_400_response(msg)

    # the parser's callbacks: count the request line and the headers as they are read
    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count(self, n: int) -> None:
        self._head_bytes += n
        if self._head_bytes > self.max_header_bytes:
            self._head_over = True
            raise _HeadTooLarge

    def _refuse_large(self) -> None:
        self._refuse(Problem(431, "headers-too-large", "Request headers too large",
                             f"the request line and headers are over {self.max_header_bytes} bytes; send shorter "
                             "headers (EOKJO_MAX_HEADER_BYTES sets the limit)"))

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_head_timer()
        # the middleware tells the connection when its request was refused for load
        self.scope.setdefault("extensions", {})[REFUSED_FOR_LOAD] = self._refused_for_load  # type: ignore[typeddict-item]
        super().on_headers_complete()

    # refusals for load: a connection whose last REFUSALS_IN_A_ROW answers were all 503
    # overloaded has its next request read 1/REFUSALS_PER_SECOND s later. A client that
    # honours Retry-After, or mixes a few heavy requests among ordinary ones, never meets
    # this; one that loops on refusals cannot keep the event loop busy refusing it.

    def _refused_for_load(self) -> None:
        self._refused_now = True

    def on_response_complete(self) -> None:
        self._registry.touch(self)
        super().on_response_complete()
        self._in_head, self._head_bytes, self._raw_head, self._head_over = True, 0, 0, False  # the next request
        self._refused_in_a_row = self._refused_in_a_row + 1 if self._refused_now else 0
        self._refused_now = False
        if self._refused_in_a_row >= REFUSALS_IN_A_ROW and not self.transport.is_closing():
            self.flow.pause_reading()
            self.loop.call_later(1 / REFUSALS_PER_SECOND, self._resume_after_refusals)

    def _resume_after_refusals(self) -> None:
        if not self.transport.is_closing():
            self.flow.resume_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        self._registry.remove(self)
        super().connection_lost(exc)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            self._refuse(Problem(408, "headers-timeout", "Request headers too slow",
                                 f"the request line and headers did not arrive within {self.header_timeout:g} s "
                                 "(EOKJO_HEADER_TIMEOUT_SECONDS sets the limit)"))

    def _refuse(self, problem: Problem) -> None:
        if self.transport.is_closing():
            return
        log.info("refused a request head: %s", problem.detail)
        self._write_problem(problem)
        self.transport.close()
        self._cancel_head_timer()

    def _write_problem(self, problem: Problem) -> None:
        body = orjson.dumps(problem.body())
        extra = "".join(f"{k.lower()}: {v}\r\n" for k, v in (problem.headers or {}).items())
        self.transport.write(
            f"HTTP/1.1 {problem.status} {problem.title}\r\ncontent-type: {MEDIA_TYPE}\r\n{extra}"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode("latin-1") + body)
