"""Prometheus metrics: requests and latency per route and status, figures extracted,
audit verdicts by kind. With several workers, ``eokjo serve`` sets
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` aggregates every worker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess

__all__ = ["observe", "figures_extracted", "verdicts", "lane", "render", "deferred", "replay", "CONTENT_TYPE_LATEST"]

REQUESTS = Counter("eokjo_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("eokjo_request_duration_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
FIGURES = Counter("eokjo_figures_extracted_total", "Monetary figures extracted")
VERDICTS = Counter("eokjo_audit_verdicts_total", "Audit verdicts", ["verdict"])
LANES = Counter("eokjo_lane_requests_total", "Requests by the lane their cost chose, and what became of them "
                "(admitted, refused when full, outgrown: light work measured past its limit)", ["lane", "outcome"])


def observe(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def lane(name: str, outcome: str) -> None:
    LANES.labels(name, outcome).inc()


_DEFERRED: list[tuple[str, object]] | None = None  # in a heavy process: what to count, for the worker


def figures_extracted(n: int) -> None:
    if _DEFERRED is not None:
        _DEFERRED.append(("figures", n))
    else:
        FIGURES.inc(n)


def verdicts(kinds: list[str]) -> None:
    if _DEFERRED is not None:
        _DEFERRED.append(("verdicts", list(kinds)))
        return
    for kind in kinds:
        VERDICTS.labels(kind).inc()


@contextmanager
def deferred() -> Iterator[list[tuple[str, object]]]:
    """Collect the counts of the work inside the block instead of counting them: a heavy
    process sends them to its worker, which counts them with :func:`replay`."""
    global _DEFERRED
    _DEFERRED = tally = []
    try:
        yield tally
    finally:
        _DEFERRED = None


def replay(tally: list[tuple[str, object]]) -> None:
    for kind, value in tally:
        if kind == "figures":
            figures_extracted(value)  # type: ignore[arg-type]
        elif kind == "verdicts":
            verdicts(value)  # type: ignore[arg-type]


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
