"""The ``/v1`` routes: a thin shell that decodes requests, calls :mod:`units` off the event
loop, and shapes the answers. No domain rules live here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import time

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
from service.problems import MEDIA_TYPE, Problem, domain_problem, validation_problem
from service.work import budget_for, estimate_us, run, run_batch_block
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


async def _work(request: Request, fn: Callable, req: Any, *, text: str = "", targets: int = 0) -> Any:
    """Run ``fn(req, budget=…, settings=…)`` and serialize its answer, under the request's
    budget (inline only when estimated cheap, else in the thread pool, stopped if the
    client goes); domain errors become problems. Returns the answer's JSON bytes."""
    settings = request.app.state.settings
    budget = budget_for(settings)

    def work() -> bytes:  # the answer is serialized where it is computed, off the event loop
        answer = fn(req, budget=budget, settings=settings)
        return answer if isinstance(answer, bytes) else orjson.dumps(answer)

    try:
        return await run(request, work, budget=budget, cost_us=estimate_us(text, targets), settings=settings)
    except units.Cancelled:
        raise
    except units.EokjoError as exc:
        raise domain_problem(exc) from None


def _targets(request: Request, codes: list) -> list[str]:
    """The target currencies, within the request budget's ``max_targets``."""
    limit = request.app.state.settings.max_targets
    if len(codes) > limit:
        raise Problem(422, "too-many-targets", "Too many target currencies",
                      f"{len(codes)} target currencies asked for; at most {limit} per request (EOKJO_MAX_TARGETS); "
                      "ask in several requests")
    return _codes(codes)


# Bytes an answer takes, measured on real answers (tests/test_budgets.py keeps them honest):
# a figure without conversions, and each conversion of it (its rate inline, with provenance).
BYTES_PER_FIGURE = 420
BYTES_PER_CONVERSION = 640


def _check_answer_size(figures: int, targets: int, settings: Any, extra: int = 0) -> None:
    """Refuse, before building it, an answer larger than ``max_answer_bytes``."""
    size = figures * (BYTES_PER_FIGURE + targets * BYTES_PER_CONVERSION) + extra
    if size > settings.max_answer_bytes:
        raise Problem(422, "answer-too-large", "Answer too large",
                      f"the answer would be about {size // (1 << 20) or 1} MiB ({figures} figures x {targets} "
                      f"currencies), over the limit of {settings.max_answer_bytes // (1 << 20) or 1} MiB "
                      "(EOKJO_MAX_ANSWER_BYTES); ask for fewer currencies or send less text")


def _json(data: Any, status: int = 200) -> Response:
    """A JSON answer from data, or from bytes already serialized."""
    return Response(data if isinstance(data, bytes) else orjson.dumps(data), status_code=status, media_type=JSON)


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


def _figure_out(figure: units.Figure, row: dict, rates: dict) -> dict:
    """One figure of an extract answer, with its conversions (and the rates they used)."""
    approx = figure.qualifier == "approx"
    conversions = {}
    for code, c in row.items():
        if isinstance(c, units.ConversionFailure):
            conversions[code] = {**c.to_dict(), "display": None}
            continue
        rate = c.rate.to_dict()
        if c.rate.source != "identity":
            rates[(rate["pair"], rate["rate"], rate["date"], rate["source"])] = rate
        conversions[code] = {"currency": code, "value": None if c.value is None else str(c.value),
                             "low": str(c.low), "high": str(c.high), "rate": rate, "error": None,
                             "display": dict(_display(c.value, c.low, c.high, code, approx))}
    return {**figure.to_dict(), "conversions": conversions,
            "display": dict(_display(figure.value, figure.low, figure.high, figure.currency, approx))}


def _extract_parts(req: ExtractRequest, budget: units.Budget | None, settings: Any):
    """Figures first, counted against the budget; then the answer's size, estimated; only
    then the conversions: (figures with their conversions, in order; quotes; rates used)."""
    settings = settings or units.get_settings()
    units.check_rate(req.rate)  # refuse a bad rate or date even when the text holds no figure
    units.check_date(req.date, settings)
    targets = _codes(req.to)
    reading = default_extractor().scan(req.text, date=req.date, budget=budget)
    figures = list(reading.figures)
    _check_answer_size(len(figures), len(targets), settings)
    rows = units.convert_figures(figures, targets, rate=req.rate, date=req.date, budget=budget)
    metrics.figures_extracted(len(figures))
    return zip(figures, rows, strict=True), reading.quotes


def _extract(req: ExtractRequest, *, budget: units.Budget | None = None, settings: Any = None) -> dict:
    """The extract answer as data (batch lines, the OpenAPI examples)."""
    pairs, quotes = _extract_parts(req, budget, settings)
    rates: dict = {}
    figures = [_figure_out(f, row, rates) for f, row in pairs]
    return {"figures": figures, "rate_quotes": [q.to_dict() for q in quotes], "rates": list(rates.values())}


def _extract_json(req: ExtractRequest, *, budget: units.Budget | None = None, settings: Any = None) -> bytes:
    """The extract answer as JSON, serialized a figure at a time: no large tree of objects
    lives at once, and no single serialization holds the interpreter long."""
    pairs, quotes = _extract_parts(req, budget, settings)
    rates: dict = {}
    figures = [orjson.dumps(_figure_out(f, row, rates)) for f, row in pairs]
    return b"".join((b'{"figures":[', b",".join(figures), b'],"rate_quotes":',
                     orjson.dumps([q.to_dict() for q in quotes]), b',"rates":', orjson.dumps(list(rates.values())), b"}"))


def _convert(req: ConvertRequest, *, budget: units.Budget | None = None, settings: Any = None) -> dict:
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


def _audit_report(req: AuditRequest, budget: units.Budget | None, settings: Any) -> units.AuditReport:
    settings = settings or units.get_settings()
    report = units.audit(req.text, rate=req.rate, date=req.date, budget=budget)
    extra = len(report.pairs) * 3 * BYTES_PER_FIGURE + len(report.rate_quotes) * BYTES_PER_FIGURE
    _check_answer_size(len(report.figures), 0, settings, extra)
    metrics.verdicts([p.verdict for p in report.pairs])
    metrics.figures_extracted(len(report.figures))
    return report


def _audit(req: AuditRequest, *, budget: units.Budget | None = None, settings: Any = None) -> dict:
    return _audit_report(req, budget, settings).to_dict()


def _audit_json(req: AuditRequest, *, budget: units.Budget | None = None, settings: Any = None) -> bytes:
    """The audit answer as JSON, serialized a pair and a figure at a time."""
    report = _audit_report(req, budget, settings)
    head = report.to_dict(parts=("summary", "article_date"))
    tail = report.to_dict(parts=("joint_rate_interval", "repeats", "notes"))
    return b"".join((orjson.dumps(head)[:-1], b',"pairs":[', b",".join(orjson.dumps(p.to_dict()) for p in report.pairs),
                     b'],"rate_quotes":[', b",".join(orjson.dumps(q.to_dict()) for q in report.rate_quotes),
                     b'],', orjson.dumps(tail)[1:-1], b',"figures":[',
                     b",".join(orjson.dumps(f.to_dict()) for f in report.figures), b"]}"))


# ------------------------------------------------------------------ routes

SEED_EXTRACT = {"text": SEED_SENTENCE, "to": ["USD", "KRW"], "rate": "1380"}
SEED_CONVERT = {"text": "130억 달러", "to": ["KRW"], "rate": "1380"}
SEED_AUDIT = {"text": SEED_SENTENCE + " 두 회사가 무려 1000억 달러(약 135조 원)를 투입해", "rate": "1380"}


def _answer_doc(example: dict) -> dict:
    """A documented 200 answer whose example is what the service answers for the seed."""
    return {200: {"description": "OK", "content": {JSON: {"example": example}}}}


# Examples computed by the service itself from the seed article, so they cannot drift.
_EXTRACT_EXAMPLE = _extract(ExtractRequest.model_validate(SEED_EXTRACT))
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
        if any(k in request.query_params for k in ("to", "rate", "date", "locale")):
            raise Problem(422, "query-with-json", "Options in the query string",
                          "to, rate, date and locale go in the JSON body; the query string carries them only for "
                          "text/plain bodies (POST /v1/extract/text)")
    _targets(request, req.to)
    return _json(await _work(request, _extract_json, req, text=req.text, targets=len(req.to)))


@router.post("/convert", response_model=ConvertResponse, responses={**_answer_doc(_CONVERT_EXAMPLE), **_problem_doc(400, 413, 415, 422)},
             openapi_extra=_body_doc(ConvertRequest, SEED_CONVERT),
             summary="Convert one amount, given as text or as value and currency")
async def convert(request: Request) -> Response:
    _, body = await _json_body(request)
    req = _decode(body, ConvertRequest)
    _targets(request, req.to)
    return _json(await _work(request, _convert, req, text=req.text or "", targets=len(req.to)))


@router.post("/audit", response_model=AuditResponse, responses={**_answer_doc(_AUDIT_EXAMPLE), **_problem_doc(400, 413, 415, 422)},
             openapi_extra=_body_doc(AuditRequest, SEED_AUDIT),
             summary="Audit the conversions a text states")
async def audit(request: Request) -> Response:
    _, body = await _json_body(request)
    req = _decode(body, AuditRequest)
    return _json(await _work(request, _audit_json, req, text=req.text, targets=2))


@router.get("/rates", response_model=RateOut, responses=_problem_doc(422), summary="A reference rate with provenance")
async def rates(base: CurrencyCode = Query("USD"), quote: CurrencyCode = Query("KRW"),  # type: ignore[assignment]
                date: IsoDate | None = None) -> Response:
    try:
        rate = units.resolve_rate(*_codes([base, quote]), date=date)
    except units.EokjoError as exc:
        raise domain_problem(exc) from None
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


def _batch_line(raw: bytes, lineno: int, model: type[BaseModel], work: Callable[..., dict], request_id: str,
                settings: Any, batch: units.Budget) -> bytes:
    """One output line for one input line, under its own budget; never raises (but lets
    the batch's own budget, and a cancelled batch, stop the batch)."""
    ident = None
    try:
        data = orjson.loads(raw)
        if isinstance(data, dict):
            ident = data.get("id") if isinstance(data.get("id"), (str, int)) else None
        req = _decode(raw, model)
        if len(req.to if hasattr(req, "to") else ()) > settings.max_targets:
            raise Problem(422, "too-many-targets", "Too many target currencies",
                          f"line {lineno} asks for {len(req.to)} target currencies; at most {settings.max_targets} "
                          "(EOKJO_MAX_TARGETS)")
        started = time.thread_time()
        try:
            result = work(req, budget=budget_for(settings), settings=settings)
        finally:
            batch.charge(time.thread_time() - started)
        return orjson.dumps({"id": ident, "line": lineno, "result": result}) + b"\n"
    except orjson.JSONDecodeError as exc:
        problem = Problem(400, "malformed-json", "Malformed JSON", f"line {lineno} is not valid UTF-8 JSON ({exc})")
    except Problem as exc:
        problem = exc
    except units.Cancelled:
        raise
    except units.DeadlineExceeded as exc:
        if exc.limit == "batch_cpu_seconds":
            raise
        problem = domain_problem(exc)
    except units.EokjoError as exc:
        problem = domain_problem(exc)
    return orjson.dumps({"id": ident, "line": lineno, "error": problem.body(request_id)}) + b"\n"


BATCH_BLOCK = 32  # input lines handed to the thread pool at a time


def _line_error(lineno: int | None, problem: Problem, request_id: str) -> bytes:
    return orjson.dumps({"id": None, "line": lineno, "error": problem.body(request_id)}) + b"\n"


async def _batch(request: Request, model: type[BaseModel], work: Callable[..., dict]) -> StreamingResponse:
    mime = _mime(request)
    if mime not in NDJSON_TYPES:
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"content type {mime or '(none)'!r} is not accepted here; send application/x-ndjson, "
                      'one JSON object per line such as {"id": 1, "text": "130억 달러"}')
    settings = request.app.state.settings
    request_id = request.scope.get("state", {}).get("request_id", "")
    max_lines, max_line = settings.batch_max_lines, settings.batch_max_line_bytes

    # The body is read before answering (the middleware caps it while it streams in): a
    # streamed response and a streamed request would compete for the connection's
    # messages on servers that watch for disconnects. The answer streams line by line.
    body = await request.body()
    raw_lines = body.split(b"\n", max_lines)  # what lies past the line limit is counted, never split
    rest = b""
    if len(raw_lines) > max_lines:
        rest = raw_lines.pop()
    if raw_lines and not rest and raw_lines[-1].strip() == b"":
        raw_lines.pop()  # the newline that ends the last line opens no new one
    unread = rest.count(b"\n") + (0 if rest.endswith(b"\n") else 1) if rest else 0
    batch = units.Budget(cpu_seconds=settings.batch_cpu_seconds, limit_name="batch_cpu_seconds")
    total = len(raw_lines)

    def block(lines: list[tuple[int, bytes]]) -> tuple[bytes, bool]:
        """The answer lines of a block of input lines, and whether the batch must stop."""
        out = []
        for lineno, raw in lines:
            raw = raw.rstrip(b"\r")
            if len(raw) > max_line:
                out.append(_line_error(lineno, Problem(413, "line-too-large", "Line too large",
                                                       f"line {lineno} is over {max_line} bytes"), request_id))
            elif not raw.strip():
                out.append(_line_error(lineno, Problem(422, "empty-line", "Empty line",
                                                       f"line {lineno} is empty; expected a JSON object"), request_id))
            else:
                try:
                    out.append(_batch_line(raw, lineno, model, work, request_id, settings, batch))
                except units.DeadlineExceeded:
                    left = total - lineno + 1 + unread
                    out.append(_line_error(None, Problem(
                        503, "batch-deadline-exceeded", "Batch took too much CPU time",
                        f"the batch used more than {settings.batch_cpu_seconds:g} s of CPU time "
                        f"(EOKJO_BATCH_CPU_SECONDS); {left} lines from line {lineno} on were not processed"),
                        request_id))
                    return b"".join(out), True
        return b"".join(out), False

    async def records() -> AsyncIterator[bytes]:
        # Lines go to the thread pool a block at a time (error lines too): the event loop
        # only passes the answers on, whatever the batch holds.
        for start in range(0, total, BATCH_BLOCK):
            lines = list(enumerate(raw_lines[start : start + BATCH_BLOCK], start + 1))
            answer, stop = await run_batch_block(block, lines, settings)
            yield answer
            if stop:
                return
        if unread:
            yield _line_error(None, Problem(
                413, "too-many-lines", "Too many lines",
                f"the batch is over the limit of {max_lines} lines (EOKJO_BATCH_MAX_LINES); the {unread} lines after "
                f"line {max_lines} were not read"), request_id)

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
