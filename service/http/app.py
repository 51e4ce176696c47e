"""The FastAPI application: routes from :mod:`service.http.api`, problem+json for every error,
health, readiness and metrics. ``create_app`` is the uvicorn factory."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

import units
from service.http import metrics
from service.http.api import domain_problem, examples, router, warm
from service.http.contract import build_openapi
from service.http.models import Health, NotReady, Ready
from service.report import WEB, page
from service.http.middleware import ServiceMiddleware
from service.http.isolation import trim_memory
from service.http.work import Lanes
from service.http.problems import Problem, problem_response, validation_problem
from units.config import Settings, get_settings
from units.rates import HistoryRates

from service import __version__

__all__ = ["create_app"]


DESCRIPTION = """Finds, converts and audits monetary figures in Korean text. The page at `/` audits an
article in the browser.

Decimals are strings. Errors are RFC 9457 `application/problem+json`. Rates carry their
provenance (request, config, ecb, file) and date."""


# The page loads only its own style sheet and script, and talks only to this service.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005


def _request_id(request: Request) -> str | None:
    return request.scope.get("state", {}).get("request_id")


def _logging(level: str) -> None:
    """The service's own log lines (client disconnects, refused requests) beside uvicorn's,
    in its format, on standard error."""
    logger = logging.getLogger("eokjo")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level.upper())


DOCS_ASSETS = "/static-docs"
# Swagger UI and ReDoc start from an inline script; nothing may come from elsewhere (ReDoc
# would fetch its logo from a CDN).
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'")


def _docs(app: FastAPI) -> None:
    """/docs and /redoc with Swagger UI and ReDoc served from the fastapi-offline package:
    no CDN, so they work with the network unplugged."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).with_name("static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> Response:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="eokjo API", swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None})
        return Response(page.body, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": DOCS_CSP})

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> Response:
        page = get_redoc_html(openapi_url="/openapi.json", title="eokjo API", redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png", with_google_fonts=False)
        return Response(page.body, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": DOCS_CSP})


TRIM_SECONDS = 10.0


async def _trim_when_idle(lanes: Lanes) -> None:
    """Every few seconds, when no work runs, give the allocator's free memory back: after a
    burst of large bodies and answers the worker's RSS falls back instead of staying."""
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(TRIM_SECONDS)
        if not (lanes.light.active or lanes.heavy.active or lanes.batch.active):
            await loop.run_in_executor(None, trim_memory)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    _logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Work in threads holds the GIL in slices; a short slice lets the event loop answer
        # (health checks, small requests) between them while heavy requests run.
        sys.setswitchinterval(SWITCH_INTERVAL)
        # load lexicons and the rate data before the first request, so /readyz means it
        units.audit("원·달러 환율은 1,380원이다. 130억 달러(약 18조 원)", date="2025-11-07")
        with metrics.deferred():  # not counted as requests' work
            warm(settings)
        # What is loaded now lives as long as the worker: keep it out of the collector's
        # full passes, which otherwise stall every thread (the event loop too) for tens of ms.
        gc.collect()
        gc.freeze()

        app.state.history = HistoryRates.bundled()
        # the heavy lane's processes start beside the first requests, not in their way
        starting = asyncio.get_running_loop().run_in_executor(None, app.state.lanes.workers.start)
        trimming = asyncio.ensure_future(_trim_when_idle(app.state.lanes))
        app.state.ready = True
        try:
            yield
        finally:
            app.state.ready = False
            trimming.cancel()
            await asyncio.wait({starting}, timeout=30)
            app.state.lanes.close()

    # No trailing-slash redirects: they would echo the client's Host header into Location.
    app = FastAPI(title="eokjo", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  redirect_slashes=False, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    _docs(app)
    app.state.settings = settings
    app.state.lanes = Lanes(settings, warm)
    app.state.ready = False
    app.include_router(router)

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, _request_id(request), headers=exc.headers)

    @app.exception_handler(units.EokjoError)
    async def on_domain(request: Request, exc: units.EokjoError) -> Response:
        return problem_response(domain_problem(exc), _request_id(request))

    @app.exception_handler(units.Cancelled)
    async def on_cancelled(request: Request, exc: units.Cancelled) -> Response:
        raise exc  # the client is gone: nothing to answer; the middleware logs it and counts it

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(validation_problem(list(exc.errors())), _request_id(request))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        detail = {404: f"no route {request.url.path}; see /openapi.json for the API",
                  405: f"{request.method} is not allowed on {request.url.path}"}.get(exc.status_code, str(exc.detail))
        return problem_response(Problem(exc.status_code, slug, str(exc.detail), detail), _request_id(request),
                                headers=getattr(exc, "headers", None))

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return Response(page(), media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": PAGE_CSP})

    @app.get("/healthz", operation_id="health", tags=["operations"], response_model=Health,
             summary="The process is alive")
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    @app.get("/readyz", operation_id="ready", tags=["operations"], response_model=Ready,
             summary="Lexicons and rate data are loaded",
             responses={503: {"model": NotReady, "description": "still loading"}})
    async def readyz(request: Request) -> Response:
        if not getattr(request.app.state, "ready", False):
            return Response(b'{"status":"starting"}', status_code=503, media_type="application/json")
        history = request.app.state.history
        return Response(
            f'{{"status":"ready","data_start":"{history.first}","data_end":"{history.last}"}}'.encode(),
            media_type="application/json")

    @app.get("/metrics", operation_id="metrics", tags=["operations"], summary="Prometheus metrics",
             response_class=Response,
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}})
    async def prometheus() -> Response:
        return Response(metrics.render(), media_type=metrics.CONTENT_TYPE_LATEST)

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app, examples())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(ServiceMiddleware, max_body_bytes=settings.max_body_bytes,
                       body_timeout=settings.body_timeout_seconds, body_deadline=settings.body_deadline_seconds,
                       heavy_body_bytes=settings.heavy_body_bytes)
    return app
