"""The ``/v1`` routes: a thin shell that decodes requests, calls :mod:`units` off the event
loop, and shapes the answers. No domain rules live here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

import time

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ValidationError

import units
from service.http import metrics
from units.extraction import default_extractor
from service.http.models import (
    EXACT,
    SEED_SENTENCE,
    AuditRequest,
    AuditResponse,
    BatchAuditLine,
    BatchExtractLine,
    CurrenciesResponse,
    ConvertRequest,
    ConvertResponse,
    CurrencyCode,
    ExtractRequest,
    ExtractResponse,
    IsoDate,
    PositiveDecimal,
    Rate,
)
from service.http.decoding import check_utf8, decode, loads, validate
from service.http.problems import Problem, domain_problem, validation_problem
from service.http.work import Price, budget_for, run, run_batch_block
from units.decimals import plain
from units.format import format_english, format_korean, format_money_korean
from units.rates import HistoryRates, quote_pair

__all__ = ["router", "domain_problem", "warm"]

router = APIRouter(prefix="/v1")

JSON = "application/json"
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-lines")


def _mime(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _json_body(request: Request, *, also: tuple[str, ...] = ()) -> tuple[str, bytes]:
    mime = _mime(request)
    if mime != JSON and not mime.endswith("+json") and mime not in also:
        accepted = ", ".join((JSON, *also))
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"content type {mime or '(none)'!r} is not accepted here; send {accepted}")
    return mime, await request.body()


async def _work(request: Request, fn: Callable, req: Any, *, text: str, per_spot_us: float) -> bytes:
    """Run ``fn(req, budget=…, settings=…)`` and serialize its answer, in the lane its
    estimated cost picks (service.http.work); domain errors become problems. Returns the
    answer's JSON (or HTML) bytes."""
    try:
        return await run(request, fn, req, text=text, per_spot_us=per_spot_us)
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
    return codes


# Bytes an answer takes, measured on real answers (tests/test_budgets.py keeps them honest):
# a figure without conversions, and each conversion of it (its rate inline, with provenance).
BYTES_PER_FIGURE = 420
BYTES_PER_CONVERSION = 640
BYTES_PER_QUOTE = 160  # a rate quote of an extract answer
BYTES_PER_QUOTE_CHECK = 960  # a rate quote of an audit answer, judged (with its reference and matching dates)


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


def _conversion_out(c: units.FigureConversion | units.ConversionFailure, approx: bool,
                    rates: dict | None = None) -> dict:
    """One conversion, the same shape in extract and convert answers (models.Conversion);
    its amounts come rounded unless the request asked for ``exact``. ``rates`` collects the
    rates used, each written once per request (a text of many figures shares a few)."""
    if isinstance(c, units.ConversionFailure):
        return {**c.to_dict(), "display": None}
    rate = None if rates is None else rates.get(id(c.rate))
    if rate is None:
        rate = c.rate.to_dict()
        if rates is not None:
            rates[id(c.rate)] = rate
    return {"currency": c.currency, "amount": plain(c.amount), "low": plain(c.low), "high": plain(c.high),
            "rate": rate, "error": None, "display": _display(c.amount, c.low, c.high, c.currency, approx)}


def _rates_used(rates: dict) -> list[dict]:
    """The rates an answer used, once each (two pairs may share one rate)."""
    seen = {}
    for rate in rates.values():
        if rate["source"] != "identity":
            seen.setdefault((rate["pair"], rate["rate"], rate["date"], rate["source"]), rate)
    return list(seen.values())


def _figure_out(figure: units.Figure, row: dict, rates: dict) -> dict:
    """One figure of an extract answer, with its conversions (and the rates they used)."""
    approx = figure.qualifier == "approx"
    return {**figure.to_dict(), "conversions": [_conversion_out(c, approx, rates) for c in row.values()],
            "display": _display(figure.value, figure.low, figure.high, figure.currency, approx)}


def _extract_json(req: ExtractRequest, *, budget: units.Budget | None = None, settings: Any = None) -> bytes:
    """The extract answer as JSON, the one way it is built (routes, batch lines, the
    OpenAPI examples). Figures first, counted against the budget; then the answer's size,
    estimated; only then the conversions, serialized a figure at a time: no large tree of
    objects lives at once, and no single serialization holds the interpreter long."""
    settings = settings or units.get_settings()
    units.check_rate(req.rate)  # refuse a bad rate or date even when the text holds no figure
    units.check_date(req.date, settings)
    reading = default_extractor().scan(req.text, date=req.date, budget=budget)
    figures = list(reading.figures)
    _check_answer_size(len(figures), len(req.to), settings, len(reading.quotes) * BYTES_PER_QUOTE)
    rows = units.convert_figures(figures, req.to, rate=req.rate, date=req.date, budget=budget, rounded=not req.exact)
    metrics.figures_extracted(len(figures))
    rates: dict = {}
    out = [orjson.dumps(_figure_out(f, row, rates)) for f, row in zip(figures, rows, strict=True)]
    return b"".join((b'{"figures":[', b",".join(out), b'],"rate_quotes":',
                     orjson.dumps([q.to_dict() for q in reading.quotes]), b',"rates":', orjson.dumps(_rates_used(rates)),
                     b"}"))


def _convert(req: ConvertRequest, *, budget: units.Budget | None = None, settings: Any = None) -> dict:
    if (req.text is None) == (req.value is None) or (req.value is None) != (req.currency is None):
        raise Problem(422, "validation-error", "Invalid request",
                      "give either text (e.g. '130억 달러') or value and currency (e.g. '13000000000', 'USD')",
                      errors=[{"loc": ["body"], "msg": "give either text, or value and currency", "type": "value_error"}])
    if req.text is not None:
        figures = units.extract(req.text)
        exact = [f for f in figures if f.value is not None]
        if len(exact) != 1:
            found = ", ".join(f.text for f in figures) or "none"
            raise Problem(422, "no-single-amount", "No single amount",
                          f"text must hold exactly one exact amount such as '130억 달러'; found: {found}")
        value, currency, text = exact[0].value, exact[0].currency, exact[0].text
    else:
        value, currency, text = Decimal(req.value), req.currency, None  # type: ignore[arg-type]
    figure = units.Figure(0, 0, text or "", value, value, value, currency, None, Decimal(1))  # type: ignore[arg-type]
    # A bare rate is the rate of each pair asked for (won per unit when KRW is involved).
    rates = None if req.rate is None else {"/".join(quote_pair(currency, code)): req.rate
                                           for code in req.to if code != currency}  # type: ignore[arg-type]
    units.check_rate(rates or None)
    (row,) = units.convert_figures([figure], req.to, rate=rates or None, date=req.date, settings=settings,
                                   budget=budget, rounded=not req.exact)
    return {"source": {"text": text, "value": plain(value), "currency": currency},
            "conversions": [_conversion_out(c, False) for c in row.values()]}


def _audit_report(req: AuditRequest, budget: units.Budget | None, settings: Any) -> units.AuditReport:
    settings = settings or units.get_settings()
    report = units.audit(req.text, rate=req.rate, date=req.date, budget=budget)
    extra = len(report.pairs) * 3 * BYTES_PER_FIGURE + len(report.rate_quotes) * BYTES_PER_QUOTE_CHECK
    _check_answer_size(len(report.figures), 0, settings, extra)
    metrics.verdicts([p.verdict for p in report.pairs])
    metrics.figures_extracted(len(report.figures))
    return report


def _audit_html(req: AuditRequest, *, budget: units.Budget | None = None, settings: Any = None) -> bytes:
    """The standalone HTML report of the text: the page at / shows it as it is."""
    from service.report import html_page

    report = _audit_report(req, budget, settings)
    return html_page([("기사 · article", req.text, report)], rate=req.rate, budget=budget).encode()


def _audit_json(req: AuditRequest, *, budget: units.Budget | None = None, settings: Any = None) -> bytes:
    """The audit answer as JSON, the one way it is built, serialized a pair and a figure
    at a time (each spent on the budget: the CPU limit holds while the answer is written)."""
    report = _audit_report(req, budget, settings)
    head = report.to_dict(parts=("summary", "article_date"))
    tail = report.to_dict(parts=("joint_rate_interval", "fitting_dates", "repeats", "notes"))
    return b"".join((orjson.dumps(head)[:-1], b',"pairs":[', b",".join(_serialized(report.pairs, budget)),
                     b'],"rate_quotes":[', b",".join(_serialized(report.rate_quotes, budget)),
                     b'],', orjson.dumps(tail)[1:-1], b',"figures":[',
                     b",".join(_serialized(report.figures, budget)), b"]}"))


def _serialized(items: Sequence[Any], budget: units.Budget | None) -> Iterator[bytes]:
    for item in items:
        if budget is not None:
            budget.spend("answer.items")
        yield orjson.dumps(item.to_dict())


# ------------------------------------------------------------------ routes
# Request bodies, examples and problem answers are declared in service.http.contract.

TEXT_OPTIONS = ("to", "rate", "date", "locale", "exact")


@router.post("/extract", operation_id="extract", tags=["extract"], response_model=ExtractResponse,
             summary="Every monetary figure of a text, with its conversions")
async def extract(request: Request) -> Response:
    mime, body = await _json_body(request, also=("text/plain",))
    if mime == "text/plain":  # the form before /v1/extract/text: kept for one release
        query = request.query_params
        options = {k: (query.getlist(k) if k == "to" else query[k]) for k in ("to", "rate", "date", "locale") if k in query}
        response = await _extract_text(request, body, **options)
        response.headers["Deprecation"] = "true"
        response.headers["Link"] = '</v1/extract/text>; rel="successor-version"'
        return response
    req = decode(body, ExtractRequest)
    if any(k in request.query_params for k in TEXT_OPTIONS):
        raise Problem(422, "query-with-json", "Options in the query string",
                      "to, rate, date, locale and exact go in the JSON body; the query string carries them only "
                      "with text/plain bodies (POST /v1/extract/text)")
    _targets(request, req.to)
    return _json(await _work(request, _extract_json, req, text=req.text, per_spot_us=Price.extract(len(req.to))))


@router.post("/extract/text", operation_id="extractText", tags=["extract"], response_model=ExtractResponse,
             summary="Every monetary figure of a plain-text body, options in the query string")
async def extract_text(request: Request,
                       to: Annotated[list[CurrencyCode], Query(description="target currencies")] = ["USD", "KRW"],
                       rate: Annotated[PositiveDecimal | None, Query(description="USD/KRW rate for this call")] = None,
                       date: Annotated[IsoDate | None, Query(description="reference-rate date")] = None,
                       locale: Annotated[Literal["ko", "en"], Query()] = "ko",
                       exact: Annotated[bool, Query(description=EXACT)] = False) -> Response:
    mime = _mime(request)
    if mime != "text/plain":
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"content type {mime or '(none)'!r} is not accepted here; send text/plain (UTF-8), "
                      "or JSON to POST /v1/extract")
    return await _extract_text(request, await request.body(), to=to, rate=rate, date=date, locale=locale, exact=exact)


async def _extract_text(request: Request, body: bytes, **options: Any) -> Response:
    check_utf8(body, "the text/plain body")
    text = body.decode("utf-8")
    try:
        req = ExtractRequest.model_validate({"text": text, **{k: v for k, v in options.items() if v is not None}})
    except ValidationError as exc:
        raise validation_problem([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None
    _targets(request, req.to)
    return _json(await _work(request, _extract_json, req, text=req.text, per_spot_us=Price.extract(len(req.to))))


@router.post("/convert", operation_id="convert", tags=["convert"], response_model=ConvertResponse,
             summary="Convert one amount, given as text or as value and currency")
async def convert(request: Request) -> Response:
    _, body = await _json_body(request)
    req = decode(body, ConvertRequest)
    _targets(request, req.to)
    return _json(await _work(request, _convert, req, text=req.text or "", per_spot_us=Price.extract(len(req.to))))


@router.post("/audit", operation_id="audit", tags=["audit"], response_model=AuditResponse,
             summary="Audit the conversions a text states")
async def audit(request: Request) -> Response:
    _, body = await _json_body(request)
    req = decode(body, AuditRequest)
    if _prefers_html(request.headers.get("accept", "")):
        page = await _work(request, _audit_html, req, text=req.text, per_spot_us=Price.AUDIT_HTML_PER_SPOT)
        return Response(page, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": REPORT_CSP})
    return _json(await _work(request, _audit_json, req, text=req.text, per_spot_us=Price.AUDIT_PER_SPOT))


REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def _quality(accept: str, media: str) -> float:
    """The q-value ``accept`` gives ``media`` (exact type, then type/*, then */*)."""
    best, rank = 0.0, -1
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()), 1.0)
        r = 2 if kind == media else 1 if kind == media.split("/")[0] + "/*" else 0 if kind == "*/*" else -1
        if r > rank:
            best, rank = q, r
    return best if rank >= 0 else 0.0


def _prefers_html(accept: str) -> bool:
    """The client asked for the HTML report rather than JSON."""
    return "text/html" in accept and _quality(accept, "text/html") > _quality(accept, JSON)


@router.get("/rates", operation_id="getRate", tags=["rates"], response_model=Rate,
            summary="A reference rate with provenance")
async def rates(base: Annotated[CurrencyCode, Query(description="the currency one unit of which is priced")] = "USD",
                quote: Annotated[CurrencyCode, Query(description="the currency the price is in")] = "KRW",
                date: Annotated[IsoDate | None, Query(description="default: the latest date in the data")] = None,
                ) -> Response:
    try:
        rate = units.resolve_rate(base, quote, date=date)
    except units.EokjoError as exc:
        raise domain_problem(exc) from None
    return _json(rate.to_dict())


@router.get("/currencies", operation_id="listCurrencies", tags=["rates"], response_model=CurrenciesResponse,
            summary="Supported currency codes, with names and whether reference rates exist")
async def currencies() -> Response:
    return _json(_currency_list())


def _currency_list() -> dict:
    from babel import Locale

    ko, en = Locale("ko").currencies, Locale("en").currencies
    covered = set(HistoryRates.bundled().currencies())
    return {"currencies": [{"code": c, "name_ko": ko.get(c), "name_en": en.get(c), "reference_rates": c in covered}
                           for c in sorted(units.supported_codes())]}


# ------------------------------------------------------------------ batches


def _batch_line(raw: bytes, lineno: int, model: type[BaseModel], work: Callable[..., bytes], request_id: str,
                settings: Any, batch: units.Budget) -> bytes:
    """One output line for one input line, under its own budget; never raises (but lets
    the batch's own budget, and a cancelled batch, stop the batch)."""
    ident = None
    try:
        data = loads(raw, f"line {lineno}")
        if isinstance(data, dict):
            ident = data.get("id") if isinstance(data.get("id"), (str, int)) and not isinstance(data.get("id"), bool) else None
        req = validate(data, model)
        if len(req.to if hasattr(req, "to") else ()) > settings.max_targets:
            raise Problem(422, "too-many-targets", "Too many target currencies",
                          f"line {lineno} asks for {len(req.to)} target currencies; at most {settings.max_targets} "
                          "(EOKJO_MAX_TARGETS)")
        started = time.thread_time()
        try:
            result = work(req, budget=budget_for(settings), settings=settings)
        finally:
            batch.charge(time.thread_time() - started)
        return _line(ident, lineno, b'"result":' + result)
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
    return _line(ident, lineno, b'"error":' + orjson.dumps(problem.body(request_id)))


BATCH_BLOCK = 32  # input lines handed to the thread pool at a time


def _line(ident: str | int | None, lineno: int | None, answer: bytes) -> bytes:
    """One answer line: ``{"id", "line", "result"}`` or ``{"id", "line", "error"}``, the
    answer already serialized (a batch line's result is built once, as bytes)."""
    return b'{"id":' + orjson.dumps(ident) + b',"line":' + orjson.dumps(lineno) + b"," + answer + b"}\n"


def _line_error(lineno: int | None, problem: Problem, request_id: str) -> bytes:
    return _line(None, lineno, b'"error":' + orjson.dumps(problem.body(request_id)))


async def _batch(request: Request, model: type[BaseModel], work: Callable[..., bytes]) -> StreamingResponse:
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
            answer, stop = await run_batch_block(block, lines, request.app.state.lanes)
            yield answer
            if stop:
                return
        if unread:
            yield _line_error(None, Problem(
                413, "too-many-lines", "Too many lines",
                f"the batch is over the limit of {max_lines} lines (EOKJO_BATCH_MAX_LINES); the {unread} lines after "
                f"line {max_lines} were not read"), request_id)

    return StreamingResponse(records(), media_type="application/x-ndjson")


@router.post("/batch/extract", operation_id="batchExtract", tags=["batch"], response_class=StreamingResponse,
             summary="Extract over NDJSON (BatchExtractLine per line), answered line by line (BatchExtractResult)")
async def batch_extract(request: Request) -> StreamingResponse:
    return await _batch(request, BatchExtractLine, _extract_json)


@router.post("/batch/audit", operation_id="batchAudit", tags=["batch"], response_class=StreamingResponse,
             summary="Audit over NDJSON (BatchAuditLine per line), answered line by line (BatchAuditResult)")
async def batch_audit(request: Request) -> StreamingResponse:
    return await _batch(request, BatchAuditLine, _audit_json)


def warm(settings: Any = None) -> None:
    """Run each kind of work once, so that what is loaded or cached on first use (lexicons,
    rate data, formatting tables) is not paid by a request, nor counted in its budget."""
    extract_req = ExtractRequest.model_validate({"text": SEED_SENTENCE, "rate": "1380"})
    audit_req = AuditRequest.model_validate({"text": SEED_AUDIT["text"], "date": SEED_RATE_DATE})
    _extract_json(extract_req, settings=settings)
    _audit_json(audit_req, settings=settings)
    _audit_html(audit_req, settings=settings)
    _convert(ConvertRequest.model_validate(SEED_CONVERT), settings=settings)


# ------------------------------------------------------------------ examples for the contract

SEED_EXTRACT = {"text": SEED_SENTENCE, "to": ["USD", "KRW"], "rate": "1380", "date": None, "locale": "ko",
                "exact": False}
SEED_CONVERT = {"text": "130억 달러", "to": ["KRW"], "rate": "1380"}
SEED_AUDIT = {"text": SEED_SENTENCE + " 두 회사가 무려 1000억 달러(약 135조 원)를 투입해", "rate": "1380", "date": None}
SEED_RATE_DATE = "2025-11-07"


def examples() -> dict[str, Any]:
    """The service's own answers for the seed article, by operationId, for the OpenAPI
    document (service.http.contract): examples that cannot drift from what the service does."""
    extract_req = ExtractRequest.model_validate(SEED_EXTRACT)
    audit_req = AuditRequest.model_validate(SEED_AUDIT)
    lines = [{"id": 1, "text": SEED_SENTENCE, "rate": "1380"}, {"id": "b", "text": "$1"}]
    extract_lines = b"".join(_line(line["id"], n, b'"result":' + _extract_json(BatchExtractLine.model_validate(line)))
                             for n, line in enumerate(lines, 1))
    audit_json = _audit_json(audit_req)
    extracted = orjson.loads(_extract_json(extract_req))
    try:
        ExtractRequest.model_validate({"text": SEED_SENTENCE, "to": ["XYZ"]})
    except ValidationError as exc:
        invalid = validation_problem(exc.errors()).body("7c9f0e3a")
    history = HistoryRates.bundled()
    currencies = _currency_list()
    return {
        "extract": extracted,
        "extract:request": SEED_EXTRACT,
        "extractText": extracted,
        "extractText:request": SEED_SENTENCE,
        "convert": _convert(ConvertRequest.model_validate(SEED_CONVERT)),
        "convert:request": SEED_CONVERT,
        "audit": orjson.loads(audit_json),
        "audit:request": SEED_AUDIT,
        "batchExtract": extract_lines.decode(),
        "batchExtract:request": "".join(orjson.dumps(line).decode() + "\n" for line in lines),
        "batchAudit": _line(1, 1, b'"result":' + audit_json).decode(),
        "batchAudit:request": orjson.dumps({"id": 1, **SEED_AUDIT}).decode() + "\n",
        "getRate": units.resolve_rate("USD", "KRW", date=SEED_RATE_DATE).to_dict(),
        "listCurrencies": {"currencies": [c for c in currencies["currencies"] if c["code"] in ("KRW", "USD")]},
        "health": {"status": "ok"},
        "ready": {"status": "ready", "data_start": history.first.isoformat(), "data_end": history.last.isoformat()},
        "problem": invalid,
        "problem:413": Problem(413, "body-too-large", "Request body too large",
                               "the body is over the limit of 2097152 bytes; send less, or split it into batches "
                               "(EOKJO_MAX_BODY_BYTES sets the limit)").body("7c9f0e3a"),
        "problem:415": Problem(415, "unsupported-media-type", "Unsupported media type",
                               "content type 'text/html' is not accepted here; send application/json").body("7c9f0e3a"),
    }
