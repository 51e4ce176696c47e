"""RFC 9457 problem details: every error the service returns has this shape.

    {"type": "https://eokjo.dev/problems/invalid-rate", "title": "Invalid rate",
     "status": 422, "detail": "rate 0 must be a positive ...", "request_id": "…",
     "errors": [{"loc": ["body", "rate"], "msg": "...", "type": "..."}]}
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

__all__ = ["Problem", "domain_problem", "problem_response", "validation_problem", "PROBLEM_TYPES", "MEDIA_TYPE", "TYPES", "BASE"]

MEDIA_TYPE = "application/problem+json"
BASE = "https://eokjo.dev/problems/"

# Every problem type the service answers: slug -> (status, what it means). The OpenAPI
# document (x-problem-types and the Problem schema) and the README list them from here.
TYPES: dict[str, tuple[int, str]] = {
    "malformed-json": (400, "the body, or a batch line, is not valid JSON"),
    "invalid-utf8": (400, "the body, or a batch line, is not UTF-8; detail names the first bad byte's offset"),
    "not-found": (404, "no such route; /openapi.json lists them"),
    "method-not-allowed": (405, "the route exists, but not for this method"),
    "headers-timeout": (408, "the request headers did not arrive within EOKJO_HEADER_TIMEOUT_SECONDS"),
    "body-timeout": (408, "the body stalled, or took longer than EOKJO_BODY_DEADLINE_SECONDS"),
    "body-too-large": (413, "the body is over EOKJO_MAX_BODY_BYTES"),
    "line-too-large": (413, "a batch line is over EOKJO_BATCH_MAX_LINE_BYTES (that line only)"),
    "too-many-lines": (413, "a batch is over EOKJO_BATCH_MAX_LINES; the last answer line counts what was not read"),
    "unsupported-media-type": (415, "the content type is not one the operation accepts"),
    "validation-error": (422, "a field is missing, of the wrong type, or out of range; errors lists each"),
    "query-with-json": (422, "options in the query string of a JSON request; they go in the body"),
    "no-single-amount": (422, "convert's text holds no exact amount, or more than one"),
    "too-many-targets": (422, "more target currencies than EOKJO_MAX_TARGETS"),
    "too-many-figures": (422, "the text holds more figures, rate quotes and pairs than EOKJO_MAX_FIGURES"),
    "answer-too-large": (422, "the answer would be over EOKJO_MAX_ANSWER_BYTES"),
    "empty-line": (422, "a batch line is empty"),
    "unreadable-number": (422, "an amount that cannot be read as a number"),
    "invalid-rate": (422, "a rate or date given with the call that is malformed or outside the pair's band"),
    "date-out-of-range": (422, "a date outside the reference-rate data"),
    "unknown-currency": (422, "a currency code eokjo does not know, or a pair without a rate"),
    "invalid-input": (422, "input the domain core refused; detail says why"),
    "headers-too-large": (431, "the request headers are over EOKJO_MAX_HEADER_BYTES"),
    "internal-error": (500, "a bug; quote the request id when reporting it"),
    "deadline-exceeded": (503, "the request used more than EOKJO_CPU_SECONDS of CPU time"),
    "overloaded": (503, "the lane of the request's cost is full (EOKJO_LIGHT_QUEUE, EOKJO_HEAVY_QUEUE); "
                        "retry after Retry-After seconds"),
    "too-many-connections": (503, "the worker holds EOKJO_MAX_CONNECTIONS connections, or the client "
                                  "EOKJO_MAX_CONNECTIONS_PER_CLIENT, all busy; retry after Retry-After seconds"),
    "batch-deadline-exceeded": (503, "a batch used more than EOKJO_BATCH_CPU_SECONDS; the last line says where it stopped"),
    "http-error": (400, "another HTTP-level error; status and detail say which"),
}

# domain error class name -> (status, slug, title)
PROBLEM_TYPES = {
    "ParseError": (422, "unreadable-number", "Unreadable number"),
    "RateError": (422, "invalid-rate", "Invalid rate"),
    "DateOutOfRange": (422, "date-out-of-range", "Date outside the rate data"),
    "CurrencyError": (422, "unknown-currency", "Unknown currency"),
    "TooManyFigures": (422, "too-many-figures", "Too many figures"),
    "DeadlineExceeded": (503, "deadline-exceeded", "Request took too much CPU time"),
}


def domain_problem(exc: Exception) -> Problem:
    """The problem a domain error answers: what was wrong, in the error's own words."""
    status, slug, title = PROBLEM_TYPES.get(type(exc).__name__, (422, "invalid-input", "Invalid input"))
    return Problem(status, slug, title, str(exc))


def validation_problem(errors: list[dict]) -> Problem:
    """A 422 naming each offending field, in words a caller can act on."""
    out = []
    for e in errors:
        msg = e["msg"].removeprefix("Value error, ")
        out.append({"loc": list(e["loc"]), "msg": msg, "type": e["type"]})
    detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in out)
    return Problem(422, "validation-error", "Invalid request", detail, errors=out)


class Problem(Exception):
    """An error answered as a problem body."""

    def __init__(self, status: int, slug: str, title: str, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        assert slug in TYPES, f"problem type {slug!r} is not listed in service.http.problems.TYPES"
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail, self.extra = status, slug, title, detail, extra
        self.headers = headers  # sent with the answer (Retry-After), not in its body

    def body(self, request_id: str | None = None) -> dict[str, Any]:
        out = {"type": BASE + self.slug, "title": self.title, "status": self.status, "detail": self.detail}
        if request_id:
            out["request_id"] = request_id
        out.update(self.extra)
        return out


def problem_response(problem: Problem, request_id: str | None = None, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(problem.body(request_id)), status_code=problem.status, media_type=MEDIA_TYPE,
                    headers=headers)
