"""The ``/v1`` routes: a thin shell that decodes requests, calls :mod:`units` off the event
loop, and shapes the answers. No domain rules live here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

import units
from service import metrics
from units.extract import default_extractor
from service.models import (
    SEED_SENTENCE,
    AuditRequest,
    AuditResponse,
    CurrenciesResponse,
    ConvertRequest,
    ConvertResponse,
    ExtractRequest,
    CurrencyCode,
    ExtractResponse,
    IsoDate,
    ProblemOut,
    RateOut,
)
from service.problems import MEDIA_TYPE, PROBLEM_TYPES, Problem, validation_problem
from units.format import format_english, format_korean, format_money_korean
from units.rates import HistoryRates

__all__ = ["router", "domain_problem"]

router = APIRouter(prefix="/v1")

JSON = "application/json"
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-lines")


def _problem_doc(*codes: int) -> dict:
    return {code: {"model": ProblemOut, "description": "problem details (RFC 9457)",
                   "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}} for code in codes}


def _body_doc(model: type[BaseModel], example: dict, *, text_plain: bool = False, ndjson: bool = False) -> dict:
    schema = model.model_json_schema()
    content: dict[str, Any] = {JSON: {"schema": schema, "example": example}}
    if text_plain:
        content["text/plain"] = {"schema": {"type": "string"}, "example": SEED_SENTENCE}
    if ndjson:
        content = {"application/x-ndjson": {"schema": {"type": "string"},
                                            "example": '{"id": 1, "text": "130억 달러(약 18조 원)"}\n'}}
    return {"requestBody": {"required": True, "content": content}}


# ------------------------------------------------------------------ decoding


def domain_problem(exc: units.EokjoError) -> Problem:
    slug, title = PROBLEM_TYPES.get(type(exc).__name__, ("invalid-input", "Invalid input"))
    return Problem(422, slug, title, str(exc))


def _validation_problem(exc: ValidationError) -> Problem:
    return validation_problem(exc.errors())


def _decode(body: bytes, model: type[BaseModel]) -> Any:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise Problem(400, "malformed-json", "Malformed JSON",
                      f"the body is not valid UTF-8 JSON ({exc}); send a JSON object such as "
                      '{"text": "130억 달러(약 18조 원)"}') from None
    if not isinstance(data, dict):
        raise Problem(422, "validation-error", "Invalid request", "the body must be a JSON object",
                      errors=[{"loc": ["body"], "msg": "expected an object", "type": "model_type"}])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _validation_problem(exc) from None


def _mime(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _json_body(request: Request, *, also: tuple[str, ...] = ()) -> tuple[str, bytes]:
    mime = _mime(request)
    if mime != JSON and not mime.endswith("+json") and mime not in also:
        accepted = ", ".join((JSON, *also))
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"content type {mime or '(none)'!r} is not accepted here; send {accepted}")
    return mime, await request.body()


# Work on a body this small takes well under a millisecond: the thread hop would cost more
# than it saves. Larger bodies go to the thread pool so the loop keeps answering.
INLINE_BYTES = 4096


async def _work(fn: Callable, *args: Any, size: int = INLINE_BYTES + 1, **kwargs: Any) -> Any:
    """Run domain work (off the event loop unless tiny); domain errors become problems."""
    try:
        if size <= INLINE_BYTES:
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)
    except units.EokjoError as exc:
        raise domain_problem(exc) from None


def _json(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type=JSON)


# ------------------------------------------------------------------ shaping answers


@lru_cache(maxsize=4096)
def _display(value: Decimal | None, low: Decimal, high: Decimal, currency: str, approx: bool) -> dict[str, str]:
    if value is not None:
        return {"ko": format_money_korean(value, currency, groups=2, approx=approx),
                "en": ("about " if approx else "") + format_english(value, currency)}
    return {"ko": f"{format_korean(low, groups=2)}~{format_money_korean(high, currency, groups=2)}",
            "en": f"{format_english(low, currency)} to {format_english(high, currency)}"}


def _codes(codes: list) -> list[str]:
    return [getattr(c, "value", c) for c in codes]


def _extract(req: ExtractRequest, count: bool = True) -> dict:
    if req.rate is not None:  # refuse a bad rate even when the text holds no figure
        units.Rate.of("USD", "KRW", req.rate, source="request")
    reading = default_extractor().scan(req.text, date=req.date)
    figures = list(reading.figures)
    rows = units.convert_figures(figures, _codes(req.to), rate=req.rate, date=req.date)
    out, rates = [], {}
    for figure, row in zip(figures, rows, strict=True):
        approx = figure.qualifier == "approx"
        conversions = {}
        for code, c in row.items():
            rate = c.rate.to_dict()
            if c.rate.source != "identity":
                rates[(rate["pair"], rate["rate"], rate["date"], rate["source"])] = rate
            conversions[code] = {"currency": code, "value": None if c.value is None else str(c.value),
                                 "low": str(c.low), "high": str(c.high), "rate": rate,
                                 "display": dict(_display(c.value, c.low, c.high, code, approx))}
        out.append({**figure.to_dict(), "conversions": conversions,
                    "display": dict(_display(figure.value, figure.low, figure.high, figure.currency, approx))})
    if count:
        metrics.figures_extracted(len(out))
    return {"figures": out, "rate_quotes": [q.to_dict() for q in reading.quotes], "rates": list(rates.values())}


def _convert(req: ConvertRequest) -> dict:
    if req.text is not None:
        figures = [f for f in units.extract(req.text) if f.value is not None]
        if len(figures) != 1:
            found = ", ".join(f.text for f in units.extract(req.text)) or "none"
            raise Problem(422, "no-single-amount", "No single amount",
                          f"text must hold exactly one exact amount such as '130억 달러'; found: {found}")
        value, currency, text = figures[0].value, figures[0].currency, figures[0].text
    else:
        value, currency, text = Decimal(req.value), req.currency.value, None  # type: ignore[arg-type, union-attr]
    conversions = []
    for code in _codes(req.to):
        c = units.convert(value, currency, code, rate=req.rate, date=req.date)
        conversions.append({"amount": str(c.amount), "currency": c.currency, "rate": c.rate.to_dict(),
                            "display": dict(_display(c.amount, c.amount, c.amount, c.currency, False))})
    return {"source": {"text": text, "value": str(value), "currency": currency}, "conversions": conversions}


def _audit(req: AuditRequest) -> dict:
    report = units.audit(req.text, rate=req.rate, date=req.date)
    metrics.verdicts([p.verdict for p in report.pairs])
    metrics.figures_extracted(len(report.figures))
    return report.to_dict()


# ------------------------------------------------------------------ routes

SEED_EXTRACT = {"text": SEED_SENTENCE, "to": ["USD", "KRW"], "rate": "1380"}
SEED_CONVERT = {"text": "130억 달러", "to": ["KRW"], "rate": "1380"}
SEED_AUDIT = {"text": SEED_SENTENCE + " 두 회사가 무려 1000억 달러(약 135조 원)를 투입해", "rate": "1380"}


def _answer_doc(example: dict) -> dict:
    """A documented 200 answer whose example is what the service answers for the seed."""
    return {200: {"description": "OK", "content": {JSON: {"example": example}}}}


# Examples computed by the service itself from the seed article, so they cannot drift.
_EXTRACT_EXAMPLE = _extract(ExtractRequest.model_validate(SEED_EXTRACT), count=False)
_CONVERT_EXAMPLE = _convert(ConvertRequest.model_validate(SEED_CONVERT))
_AUDIT_EXAMPLE = units.audit(SEED_AUDIT["text"], rate=SEED_AUDIT["rate"]).to_dict()


@router.post("/extract", response_model=ExtractResponse, responses={**_answer_doc(_EXTRACT_EXAMPLE), **_problem_doc(400, 413, 415, 422)},
             openapi_extra=_body_doc(ExtractRequest, SEED_EXTRACT, text_plain=True),
             summary="Every monetary figure, with USD and KRW conversions")
async def extract(request: Request,
                  to: list[CurrencyCode] = Query(default=["USD", "KRW"], description="for text/plain bodies"),
                  rate: str | None = Query(default=None, pattern=r"^[0-9]{1,12}(\.[0-9]{1,20})?$",
                                           description="for text/plain bodies"),
                  date: IsoDate | None = Query(default=None, description="for text/plain bodies"),
                  locale: Literal["ko", "en"] = Query(default="ko", description="for text/plain bodies")) -> Response:
    mime, body = await _json_body(request, also=("text/plain",))
    if mime == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Problem(400, "invalid-utf8", "Invalid UTF-8",
                          f"the text/plain body is not UTF-8 (byte {exc.start}); send UTF-8 text") from None
        try:
            req = ExtractRequest(text=text, to=to, rate=rate, date=date, locale=locale)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise _validation_problem(exc) from None
    else:
        req = _decode(body, ExtractRequest)
    return _json(await _work(_extract, req, size=len(body)))


@router.post("/convert", response_model=ConvertResponse, responses={**_answer_doc(_CONVERT_EXAMPLE), **_problem_doc(400, 413, 415, 422)},
             openapi_extra=_body_doc(ConvertRequest, SEED_CONVERT),
             summary="Convert one amount, given as text or as value and currency")
async def convert(request: Request) -> Response:
    _, body = await _json_body(request)
    return _json(await _work(_convert, _decode(body, ConvertRequest), size=len(body)))


@router.post("/audit", response_model=AuditResponse, responses={**_answer_doc(_AUDIT_EXAMPLE), **_problem_doc(400, 413, 415, 422)},
             openapi_extra=_body_doc(AuditRequest, SEED_AUDIT),
             summary="Audit the conversions a text states")
async def audit(request: Request) -> Response:
    _, body = await _json_body(request)
    return _json(await _work(_audit, _decode(body, AuditRequest), size=len(body)))


@router.get("/rates", response_model=RateOut, responses=_problem_doc(422), summary="A reference rate with provenance")
async def rates(base: CurrencyCode = Query("USD"), quote: CurrencyCode = Query("KRW"),  # type: ignore[assignment]
                date: IsoDate | None = None) -> Response:
    rate = await _work(units.resolve_rate, *_codes([base, quote]), date=date, size=0)
    return _json(rate.to_dict())


@router.get("/currencies", response_model=CurrenciesResponse, summary="Supported currency codes")
async def currencies() -> Response:
    return _json(_currency_list())


def _currency_list() -> dict:
    from babel import Locale

    ko, en = Locale("ko").currencies, Locale("en").currencies
    covered = set(HistoryRates.bundled().currencies())
    return {"currencies": [{"code": c, "name_ko": ko.get(c), "name_en": en.get(c), "reference_rates": c in covered}
                           for c in sorted(units.supported_codes())]}


# ------------------------------------------------------------------ batches


class _BatchExtract(ExtractRequest):
    id: str | int | None = None


class _BatchAudit(AuditRequest):
    id: str | int | None = None


def _batch_line(raw: bytes, lineno: int, model: type[BaseModel], work: Callable[[Any], dict]) -> bytes:
    """One output line for one input line; never raises."""
    ident = None
    try:
        data = orjson.loads(raw)
        if isinstance(data, dict):
            ident = data.get("id") if isinstance(data.get("id"), (str, int)) else None
        req = _decode(raw, model)
        result = work(req)
        return orjson.dumps({"id": ident, "line": lineno, "result": result}) + b"\n"
    except orjson.JSONDecodeError as exc:
        problem = Problem(400, "malformed-json", "Malformed JSON", f"line {lineno} is not valid UTF-8 JSON ({exc})")
    except Problem as exc:
        problem = exc
    except units.EokjoError as exc:
        problem = domain_problem(exc)
    return orjson.dumps({"id": ident, "line": lineno, "error": problem.body()}) + b"\n"


async def _batch(request: Request, model: type[BaseModel], work: Callable[[Any], dict]) -> StreamingResponse:
    mime = _mime(request)
    if mime not in NDJSON_TYPES:
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"content type {mime or '(none)'!r} is not accepted here; send application/x-ndjson, "
                      'one JSON object per line such as {"id": 1, "text": "130억 달러"}')
    settings = request.app.state.settings
    max_lines, max_line = settings.batch_max_lines, settings.batch_max_line_bytes

    # The body is read before answering (the middleware caps it while it streams in): a
    # streamed response and a streamed request would compete for the connection's
    # messages on servers that watch for disconnects. The answer streams line by line.
    body = await request.body()
    raw_lines = body.split(b"\n")
    if raw_lines and raw_lines[-1].strip() == b"":
        raw_lines.pop()  # the newline that ends the last line opens no new one

    async def records() -> AsyncIterator[bytes]:
        for lineno, raw in enumerate(raw_lines, 1):
            raw = raw.rstrip(b"\r")
            if len(raw) > max_line:
                problem = Problem(413, "line-too-large", "Line too large", f"line {lineno} is over {max_line} bytes")
            elif lineno > max_lines:
                problem = Problem(413, "too-many-lines", "Too many lines",
                                  f"line {lineno} is past the batch limit of {max_lines} lines")
            elif not raw.strip():
                problem = Problem(422, "empty-line", "Empty line", f"line {lineno} is empty; expected a JSON object")
            else:
                yield await run_in_threadpool(_batch_line, raw, lineno, model, work)
                continue
            yield orjson.dumps({"id": None, "line": lineno, "error": problem.body()}) + b"\n"

    return StreamingResponse(records(), media_type="application/x-ndjson")


_BATCH_DOC = {200: {"description": "one JSON line per input line, in order",
                    "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}}


@router.post("/batch/extract", response_class=StreamingResponse, responses={**_BATCH_DOC, **_problem_doc(413, 415)},
             openapi_extra=_body_doc(_BatchExtract, {}, ndjson=True), summary="Extract over NDJSON, streamed")
async def batch_extract(request: Request) -> StreamingResponse:
    return await _batch(request, _BatchExtract, _extract)


@router.post("/batch/audit", response_class=StreamingResponse, responses={**_BATCH_DOC, **_problem_doc(413, 415)},
             openapi_extra=_body_doc(_BatchAudit, {}, ndjson=True), summary="Audit over NDJSON, streamed")
async def batch_audit(request: Request) -> StreamingResponse:
    return await _batch(request, _BatchAudit, _audit)
