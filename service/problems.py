"""RFC 9457 problem details: every error the service returns has this shape.

    {"type": "https://eokjo.dev/problems/invalid-rate", "title": "Invalid rate",
     "status": 422, "detail": "rate 0 must be a positive ...", "request_id": "…",
     "errors": [{"loc": ["body", "rate"], "msg": "...", "type": "..."}]}
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

__all__ = ["Problem", "domain_problem", "problem_response", "validation_problem", "PROBLEM_TYPES", "MEDIA_TYPE"]

MEDIA_TYPE = "application/problem+json"
BASE = "https://eokjo.dev/problems/"

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
        msg = e["msg"]
        if e["type"] == "enum":  # the currency enum lists ~300 codes; point at the list instead
            msg = f"unknown currency code {e.get('input')!r}; GET /v1/currencies lists the accepted codes"
        out.append({"loc": list(e["loc"]), "msg": msg, "type": e["type"]})
    detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in out)
    return Problem(422, "validation-error", "Invalid request", detail, errors=out)


class Problem(Exception):
    """An error answered as a problem body."""

    def __init__(self, status: int, slug: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail, self.extra = status, slug, title, detail, extra

    def body(self, request_id: str | None = None) -> dict[str, Any]:
        out = {"type": BASE + self.slug, "title": self.title, "status": self.status, "detail": self.detail}
        if request_id:
            out["request_id"] = request_id
        out.update(self.extra)
        return out


def problem_response(problem: Problem, request_id: str | None = None, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(problem.body(request_id)), status_code=problem.status, media_type=MEDIA_TYPE,
                    headers=headers)
