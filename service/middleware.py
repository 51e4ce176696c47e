"""Pure ASGI middleware (no per-request task overhead): request ids, the body limit
enforced while the body streams in, and request metrics.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import orjson

from service import metrics
from service.problems import MEDIA_TYPE, Problem

__all__ = ["ServiceMiddleware", "BodyTooLarge", "BodyTooSlow"]

log = logging.getLogger("eokjo.service")


class BodyTooLarge(Exception):
    """Raised inside ``receive`` when the body passes the configured limit."""


class BodyTooSlow(Exception):
    """Raised inside ``receive`` when the next body chunk does not come in time."""


class ServiceMiddleware:
    """Adds ``X-Request-ID``, cuts bodies over ``max_body_bytes`` with 413 (by the
    ``Content-Length`` header when given, else as the chunks arrive, so an endless or
    oversized body is never buffered whole), and records count and latency per route."""

    def __init__(self, app, max_body_bytes: int, body_timeout: float = 15.0) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500, "sent": False}
        limit = self.max_body_bytes

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(send_with_id, request_id, limit)
        else:
            seen, body_done = 0, False

            async def limited_receive():
                nonlocal seen, body_done
                if body_done:  # after the body, receive only waits for a disconnect: no deadline
                    return await receive()
                try:  # a slow-drip body is cut off: each chunk must come within the timeout
                    message = await asyncio.wait_for(receive(), self.body_timeout)
                except TimeoutError:
                    raise BodyTooSlow from None
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    body_done = not message.get("more_body", False)
                    if seen > limit:
                        raise BodyTooLarge
                return message

            try:
                await self.app(scope, limited_receive, send_with_id)
            except BodyTooLarge:
                if not status["sent"]:
                    await self._too_large(send_with_id, request_id, limit)
            except BodyTooSlow:
                if not status["sent"]:
                    await self._send(send_with_id, Problem(
                        408, "body-timeout", "Request body too slow",
                        f"no body data for {self.body_timeout:g} s; send the body without pauses "
                        "(EOKJO_BODY_TIMEOUT_SECONDS sets the limit)"), request_id)
            except Exception:  # noqa: BLE001 - the last line of defence: log it, answer a problem
                log.exception("unexpected error, request id %s", request_id)
                if not status["sent"]:
                    await self._send(send_with_id, Problem(
                        500, "internal-error", "Internal error",
                        f"an unexpected error; quote request id {request_id} when reporting it"), request_id)
        route = scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        metrics.observe(scope.get("method", ""), path, status["code"], time.perf_counter() - started)

    @classmethod
    async def _too_large(cls, send, request_id: str, limit: int) -> None:
        await cls._send(send, Problem(413, "body-too-large", "Request body too large",
                                      f"the body is over the limit of {limit} bytes; send less, or split it into "
                                      "batches (EOKJO_MAX_BODY_BYTES sets the limit)"), request_id)

    @staticmethod
    async def _send(send, problem: Problem, request_id: str) -> None:
        body = orjson.dumps(problem.body(request_id))
        await send({"type": "http.response.start", "status": problem.status,
                    "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
