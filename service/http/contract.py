"""The OpenAPI document, completed after FastAPI generates it.

FastAPI writes the paths, parameters and answer schemas. The routes read their bodies
themselves (to bound them and to answer problems in their own words), so what FastAPI
cannot see is added here, in one place:

- request bodies as named components (``#/components/schemas/ExtractRequest``), and
  the NDJSON line formats (``x-item-schema``: ``BatchExtractLine`` in, ``BatchExtractResult``
  out), since OpenAPI 3.1 has no way to type the lines of a stream;
- a ``default`` answer of ``application/problem+json`` on every operation, and the problem
  types the service answers (``x-problem-types``, from :data:`service.http.problems.TYPES`);
- examples computed by the service from the seed article, added after generation so that
  they keep their nulls and match their schemas.

``make openapi`` (:mod:`service.http.publish`) writes the result to ``service/http/openapi.json``; a test fails when the
served document differs from that file.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from service.http import models
from service.http.problems import BASE, MEDIA_TYPE, TYPES

__all__ = ["build_openapi", "NDJSON", "TAGS"]

REF = "#/components/schemas/{model}"
JSON = "application/json"
NDJSON = "application/x-ndjson"
TEXT = "text/plain"

TAGS = [
    {"name": "extract", "description": "Find every monetary figure of a text, with its conversions."},
    {"name": "convert", "description": "Convert one amount."},
    {"name": "audit", "description": "Check the conversions a text states against reference rates."},
    {"name": "batch", "description": "Extract or audit many texts in one request, as NDJSON streams."},
    {"name": "rates", "description": "Reference rates and the currencies eokjo knows."},
    {"name": "operations", "description": "Health, readiness and metrics."},
]

SERVERS = [{"url": "http://{host}:{port}", "description": "a running eokjo (make serve: 127.0.0.1:8000)",
            "variables": {"host": {"default": "127.0.0.1"}, "port": {"default": "8000"}}}]

LICENSE = {"name": "MIT", "identifier": "MIT"}

# Request models (validated) and the other models the document names (as answered).
REQUEST_MODELS = (models.ExtractRequest, models.ConvertRequest, models.AuditRequest, models.BatchExtractLine,
                  models.BatchAuditLine)
ANSWER_MODELS = (models.Problem, models.BatchExtractResult, models.BatchAuditResult)

# operationId -> media type -> the component its body is (None: a plain string)
BODIES: dict[str, dict[str, str | None]] = {
    "extract": {JSON: "ExtractRequest"},
    "extractText": {TEXT: None},
    "convert": {JSON: "ConvertRequest"},
    "audit": {JSON: "AuditRequest"},
    "batchExtract": {NDJSON: "BatchExtractLine"},
    "batchAudit": {NDJSON: "BatchAuditLine"},
}
STREAMS = {"batchExtract": "BatchExtractResult", "batchAudit": "BatchAuditResult"}

# operationId -> the error statuses it documents, besides the default problem
ERRORS = {
    "extract": (400, 413, 415, 422, 503),
    "extractText": (400, 413, 415, 422, 503),
    "convert": (400, 413, 415, 422, 503),
    "audit": (400, 413, 415, 422, 503),
    "batchExtract": (413, 415),
    "batchAudit": (413, 415),
    "getRate": (422,),
}

DEPRECATED_TEXT = ("A `text/plain` body sent here is still read, as `POST /v1/extract/text` reads it, and "
                   "answered with `Deprecation: true` and a `Link` to that operation; this form goes in 0.3.")

HTML_REPORT = ("with `Accept: text/html`: the standalone HTML report (as `eokjo audit --format html`), "
               "the article with its figures marked by verdict, and the exact JSON inside as data")

STREAM_NOTE = ("NDJSON: one JSON object per line, UTF-8, lines ended by `\\n`. The schema of each line is "
               "`x-item-schema` (OpenAPI 3.1 cannot type the lines of a stream).")


def _problem_types() -> list[dict[str, Any]]:
    return [{"type": BASE + slug, "status": status, "meaning": meaning}
            for slug, (status, meaning) in sorted(TYPES.items(), key=lambda kv: (kv[1][0], kv[0]))]


def _problem_description() -> str:
    rows = "\n".join(f"| `{t['type'].removeprefix(BASE)}` | {t['status']} | {t['meaning']} |" for t in _problem_types())
    return (f"RFC 9457 problem details: every error the service answers. `type` is `{BASE}` followed by one of:\n\n"
            f"| type | status | meaning |\n|---|---|---|\n{rows}\n")


def _problem(example: dict) -> dict:
    return {"description": "problem details (RFC 9457)",
            "content": {MEDIA_TYPE: {"schema": {"$ref": REF.format(model="Problem")}, "example": example}}}


STATUS_TEXT = {400: "Bad request", 413: "Body too large", 415: "Unsupported media type",
               422: "Invalid request", 503: "Out of CPU time"}


def build_openapi(app: FastAPI, examples: dict[str, Any]) -> dict:
    """The complete document for ``app``; ``examples`` maps operationIds (and ``problem``)
    to the service's own answers for the seed (:func:`service.http.api.examples`)."""
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                      tags=TAGS, servers=SERVERS, license_info=LICENSE)
    doc["security"] = []
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    _, defs = models_json_schema([(m, "validation") for m in REQUEST_MODELS]
                                 + [(m, "serialization") for m in ANSWER_MODELS], ref_template=REF)
    schemas.update(defs["$defs"])
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's; the service answers Problem
        schemas.pop(name, None)
    schemas["Problem"]["description"] = _problem_description()
    components["x-problem-types"] = _problem_types()

    for path, item in doc["paths"].items():
        for method, op in item.items():
            _complete(op, examples)
    return doc


def _complete(op: dict, examples: dict[str, Any]) -> None:
    op_id = op["operationId"]
    if op_id in BODIES:
        content = {}
        for media, model in BODIES[op_id].items():
            # Text and streams are bytes on the wire (format: binary): generators then send
            # them as they are (openapi-python-client, with content_type_overrides).
            schema: dict[str, Any] = ({"type": "string", "format": "binary", "description": "UTF-8 text"}
                                      if model is None else {"$ref": REF.format(model=model)})
            entry: dict[str, Any] = {"schema": schema}
            if op_id in STREAMS:
                entry = {"schema": {"type": "string", "format": "binary", "description": STREAM_NOTE},
                         "x-item-schema": {"$ref": REF.format(model=model)}}
            if f"{op_id}:request" in examples:
                entry["example"] = examples[f"{op_id}:request"]
            content[media] = entry
        op["requestBody"] = {"required": True, "content": content}
    if op_id == "extract":
        op["description"] = DEPRECATED_TEXT
    responses = op["responses"]
    ok = responses.get("200", {})
    if op_id in STREAMS:
        ok["description"] = "one JSON line per input line, in order, streamed as they are ready"
        ok["content"] = {NDJSON: {"schema": {"type": "string", "description": STREAM_NOTE},
                                  "x-item-schema": {"$ref": REF.format(model=STREAMS[op_id])}}}
    if op_id in examples:
        for media in ok.get("content", {}).values():
            media["example"] = examples[op_id]
    if op_id == "audit":  # the same report for people, when the client prefers text/html
        ok["content"]["text/html"] = {"schema": {"type": "string", "description": HTML_REPORT}}
    responses.pop("422", None)  # FastAPI's HTTPValidationError: the service answers a Problem instead
    for status in ERRORS.get(op_id, ()):
        example = examples.get(f"problem:{status}") or examples["problem"]
        responses[str(status)] = {**_problem(example), "description": STATUS_TEXT[status]}
    responses["default"] = _problem(examples["problem"])


def dumps(doc: dict) -> bytes:
    """The document as committed: indented, keys in FastAPI's order, UTF-8 (Hangul as is)."""
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"
