"""uvicorn's httptools protocol with bounds on what a client may send before the app sees
the request: the size of the request line and headers (431 past ``max_header_bytes``)
and the time to send them (408 past ``header_timeout_seconds``). Both answer a problem
body and close the connection; neither reaches the application.

uvicorn's own settings bound the rest: ``timeout_keep_alive`` idle connections,
``limit_concurrency`` connections at once, and the middleware the body.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.http.problems import MEDIA_TYPE, Problem
from units.config import get_settings

__all__ = ["BoundedHttpToolsProtocol"]

log = logging.getLogger("eokjo.service")


class _HeadTooLarge(Exception):
    """Raised from a parser callback to stop reading a head that is too large."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """An HTTP/1.1 protocol that refuses oversized or slow request heads."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.max_header_bytes = settings.max_header_bytes
        self.header_timeout = settings.header_timeout_seconds
        self._in_head = True  # reading a request line and headers
        self._head_bytes = 0  # the request line and headers read so far (by the parser's callbacks)
        self._raw_head = 0  # bytes received while the head is not complete
        self._head_over = False
        self._head_timer: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
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
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._in_head, self._head_bytes, self._raw_head, self._head_over = True, 0, 0, False  # the next request

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
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
        body = orjson.dumps(problem.body())
        self.transport.write(
            f"HTTP/1.1 {problem.status} {problem.title}\r\ncontent-type: {MEDIA_TYPE}\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode("latin-1") + body)
        self.transport.close()
        self._cancel_head_timer()
