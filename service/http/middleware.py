"""Pure ASGI middleware (no per-request task overhead): request ids, HEAD as GET without a
body, the body limit enforced while the body streams in (and a 413 that ordinary
clients get to read), deadlines on the body, disconnects logged as what they are, and
request metrics.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import orjson
from starlette.requests import ClientDisconnect

import units
from service.http import metrics
from service.http.problems import MEDIA_TYPE, Problem

__all__ = ["ServiceMiddleware", "BodyTooLarge", "BodyTooSlow", "DISCONNECTED"]

log = logging.getLogger("eokjo.service")
DISCONNECTED = "disconnected"  # the metrics label of a request whose client went away
DRAIN_SECONDS = 5.0  # after a 413, read and discard the rest of the body for at most this long
DRAIN_FACTOR = 8  # ... or this many times the body limit
HEAVY_PATHS = frozenset({"/v1/extract", "/v1/extract/text", "/v1/audit", "/v1/convert"})  # work that has lanes


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when the body passes the configured limit."""


class BodyTooSlow(Exception):
    """Raised inside ``receive`` when the body does not come in time."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ServiceMiddleware:
    """Adds ``X-Request-ID``; answers HEAD like GET without a body; cuts bodies over
    ``max_body_bytes`` with 413 (by ``Content-Length`` before reading, else as the chunks
    arrive) and then drains a bounded amount of the rest, so that a client that writes its
    whole body before reading (urllib, requests) reads the 413 rather than a reset; cuts a
    body whose next chunk is ``body_timeout`` late, or that is not complete within
    ``body_deadline``, with 408; and records count and latency per route."""

    def __init__(self, app, max_body_bytes: int, body_timeout: float = 15.0, body_deadline: float = 60.0,
                 heavy_body_bytes: int | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.heavy_body_bytes = heavy_body_bytes
        self.body_timeout = body_timeout
        self.body_deadline = body_deadline

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500, "sent": False}
        head = scope.get("method") == "HEAD"
        if head:  # HEAD answers as GET does, without the body
            scope = {**scope, "method": "GET"}

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                if message["status"] == 503 and any(k.lower() == b"retry-after" for k, _ in message.get("headers", ())):
                    refused = scope.get("extensions", {}).get("eokjo.refused_for_load")
                    if refused is not None:  # the connection reads this client's next request more slowly
                        refused()
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        limit = self.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send_with_id, receive, request_id, limit, int(declared))
        elif (declared is not None and declared.isdigit() and (full := self._heavy_lane_full(scope, int(declared)))):
            await self._too_large(send_with_id, receive, request_id, limit, int(declared), full)
        else:
            await self._serve(scope, receive, send_with_id, request_id, status)
        route = scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        code = status.get("label") or status["code"]
        metrics.observe(scope.get("method", ""), path, code, time.perf_counter() - started)

    async def _serve(self, scope, receive, send, request_id: str, status: dict) -> None:
        limit, seen, body_done = self.max_body_bytes, 0, False
        deadline = time.monotonic() + self.body_deadline

        async def limited_receive():
            nonlocal seen, body_done
            if body_done:  # after the body, receive only waits for a disconnect: no deadline
                return await receive()
            wait = min(self.body_timeout, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), max(wait, 0.001))
            except TimeoutError:
                late = time.monotonic() >= deadline
                raise BodyTooSlow(
                    f"the body did not arrive within {self.body_deadline:g} s (EOKJO_BODY_DEADLINE_SECONDS)"
                    if late else f"no body data for {self.body_timeout:g} s; send the body without pauses "
                                 "(EOKJO_BODY_TIMEOUT_SECONDS sets the limit)") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if seen > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            if not status["sent"]:
                await self._too_large(send, receive, request_id, limit, None)
        except BodyTooSlow as exc:
            if not status["sent"]:
                await self._send(send, Problem(408, "body-timeout", "Request body too slow", exc.detail), request_id)
        except (ClientDisconnect, units.Cancelled):
            log.info("client disconnected, request id %s", request_id)
            status["label"] = DISCONNECTED
        except Exception:  # noqa: BLE001 - the last line of defence: log it, answer a problem
            log.exception("unexpected error, request id %s", request_id)
            if not status["sent"]:
                await self._send(send, Problem(
                    500, "internal-error", "Internal error",
                    f"an unexpected error; quote request id {request_id} when reporting it"), request_id)

    def _heavy_lane_full(self, scope, declared: int) -> Problem | None:
        """The heavy lane's 503 when a body this large (``heavy_body_bytes`` and over: its
        reading and decoding are work too, whatever its text) meets a full heavy lane:
        answered before the body is read or decoded."""
        if self.heavy_body_bytes is None or declared < self.heavy_body_bytes or scope.get("method") != "POST" \
                or scope.get("path") not in HEAVY_PATHS:
            return None
        lanes = getattr(getattr(scope.get("app"), "state", None), "lanes", None)
        if lanes is None or not lanes.heavy.full:
            return None
        metrics.lane("heavy", "refused")
        return lanes.heavy.full_problem()

    async def _too_large(self, send, receive, request_id: str, limit: int, declared: int | None,
                         problem: Problem | None = None) -> None:
        """Answer 413 (or ``problem``) at once, then read and discard the rest of the body
        within bounds before the answer completes: a client that writes its whole body
        before reading (urllib, requests) then reads the answer rather than a reset."""
        problem = problem or Problem(413, "body-too-large", "Request body too large",
                                     f"the body is over the limit of {limit} bytes; send less, or split it into "
                                     "batches (EOKJO_MAX_BODY_BYTES sets the limit)")
        body = orjson.dumps(problem.body(request_id))
        extra = [(k.lower().encode(), v.encode()) for k, v in (problem.headers or {}).items()]
        await send({"type": "http.response.start", "status": problem.status,
                    "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
                                *extra, (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body, "more_body": True})
        budget = self.max_body_bytes * DRAIN_FACTOR
        if declared is None or declared <= budget:
            end, seen = time.monotonic() + DRAIN_SECONDS, 0
            while seen <= budget:
                try:
                    message = await asyncio.wait_for(receive(), max(end - time.monotonic(), 0.001))
                except TimeoutError:
                    break
                if message["type"] != "http.request":
                    break
                seen += len(message.get("body", b""))
                if not message.get("more_body", False):
                    break
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    async def _send(send, problem: Problem, request_id: str) -> None:
        body = orjson.dumps(problem.body(request_id))
        await send({"type": "http.response.start", "status": problem.status,
                    "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
