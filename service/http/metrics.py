"""Prometheus metrics: requests and latency per route and status, figures extracted,
audit verdicts by kind. With several workers, ``eokjo serve`` sets
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` aggregates every worker.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess

__all__ = ["observe", "figures_extracted", "verdicts", "render", "CONTENT_TYPE_LATEST"]

REQUESTS = Counter("eokjo_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("eokjo_request_duration_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
FIGURES = Counter("eokjo_figures_extracted_total", "Monetary figures extracted")
VERDICTS = Counter("eokjo_audit_verdicts_total", "Audit verdicts", ["verdict"])


def observe(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def figures_extracted(n: int) -> None:
    FIGURES.inc(n)


def verdicts(kinds: list[str]) -> None:
    for kind in kinds:
        VERDICTS.labels(kind).inc()


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
