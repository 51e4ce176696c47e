"""Fuzz targets: each takes raw bytes and must never raise anything but the documented
errors, nor take more than linear time. Used by tests/fuzz/run.py (atheris)."""

from __future__ import annotations

import re

import orjson

import units
from service.http import api
from service.http.decoding import decode
from service.http.models import AuditRequest, ExtractRequest
from service.http.problems import Problem


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def fuzz_extract(data: bytes) -> None:
    text = _text(data)
    last = 0
    for f in units.extract(text):
        assert text[f.start : f.end] == f.text and f.start >= last and f.low <= f.high, f
        last = f.end


def fuzz_parse_number(data: bytes) -> None:
    try:
        value = units.parse_number(_text(data)[:200])
    except units.ParseError:
        return
    assert value.is_finite()


def fuzz_audit(data: bytes) -> None:
    report = units.audit(_text(data), rate="1380")
    orjson.dumps(report.to_dict())


def fuzz_request_decoding(data: bytes) -> None:
    """The service's JSON and NDJSON decoding: a problem or a model, never anything else;
    a decimal field, when given, is plain digits whatever number or string was sent."""
    for model in (ExtractRequest, AuditRequest):
        try:
            req = decode(data, model)
        except Problem as p:
            assert 400 <= p.status < 500
        else:
            assert req.rate is None or DIGITS.match(req.rate), req.rate
    line = api._batch_line(data[:4096], 1, ExtractRequest,
                           lambda req, **_: orjson.dumps({"n": len(units.extract(req.text))}),
                           "fuzz", SETTINGS, units.Budget(cpu_seconds=60, limit_name="batch_cpu_seconds"))
    record = orjson.loads(line)
    assert record["line"] == 1 and ("result" in record) != ("error" in record)


SETTINGS = units.get_settings()
DIGITS = re.compile(r"^[0-9]+(\.[0-9]+)?$")

TARGETS = {
    "extract": fuzz_extract,
    "parse_number": fuzz_parse_number,
    "audit": fuzz_audit,
    "requests": fuzz_request_decoding,
}
