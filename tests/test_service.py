"""The HTTP API through TestClient: every endpoint, every error status, the batch contract."""

from __future__ import annotations

import json
import time
from decimal import ROUND_HALF_UP, Decimal
from concurrent.futures import ThreadPoolExecutor

import jsonschema
import orjson
import pytest
from fastapi.testclient import TestClient

from service.http.app import create_app
from tests.conftest import ROOT, SEED
from units.config import Settings

SCHEMA = json.loads((ROOT / "units" / "schemas" / "audit_report.schema.json").read_text(encoding="utf-8"))
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(batch_max_lines=50, batch_max_line_bytes=4096)), raise_server_exceptions=False) as c:
        yield c


def _problem(r, status: int, slug: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["type"].endswith(slug) and body["title"] and body["detail"]
    assert body["request_id"] == r.headers["x-request-id"]
    return body


def test_extract_json(client) -> None:
    r = client.post("/v1/extract", json={"text": "130억 달러(약 18조 원)", "rate": "1380", "to": ["KRW", "USD"]})
    assert r.status_code == 200
    first, second = r.json()["figures"]
    assert first["text"] == "130억 달러" and first["value"] == "13000000000"
    assert [c["currency"] for c in first["conversions"]] == ["KRW", "USD"]
    krw, usd = first["conversions"]
    assert krw["amount"] == "17940000000000" and krw["rate"]["source"] == "request"
    assert usd["amount"] == "13000000000.00"  # rounded to the minor unit: cents
    usd18 = second["conversions"][1]
    assert usd18["amount"] == "13043478260.87" and usd18["display"]["en"] == "about $13.0 billion"
    assert first["display"] == {"ko": "130억 달러", "en": "$13.0 billion"}
    assert second["qualifier"] == "approx" and second["display"]["ko"] == "약 18조 원"
    assert [x["pair"] for x in r.json()["rates"]] == ["USD/KRW"]


def test_extract_text_plain_with_query_options(client) -> None:
    r = client.post("/v1/extract/text", content="1000억 달러".encode(), params={"rate": "1380", "to": "krw"},
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 200 and "deprecation" not in r.headers
    assert r.json()["figures"][0]["conversions"][0]["amount"] == "138000000000000"
    r = client.post("/v1/extract/text", content="1억 원".encode(), params={"to": "USD", "rate": "1380", "exact": "true"},
                    headers={"content-type": "text/plain"})
    assert r.json()["figures"][0]["conversions"][0]["amount"].startswith("72463.768115942028985507246376811594")
    problem = _problem(client.post("/v1/extract/text", content=b"1", params={"to": "XYZ"},
                                   headers={"content-type": "text/plain"}), 422, "validation-error")
    assert problem["errors"][0]["loc"] == ["query", "to", 0]
    _problem(client.post("/v1/extract/text", json={"text": "1"}), 415, "unsupported-media-type")


def test_extract_text_plain_on_the_old_path_is_deprecated(client) -> None:
    r = client.post("/v1/extract", content="1000억 달러".encode(), params={"rate": "1380", "to": "KRW"},
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 200 and r.headers["deprecation"] == "true" and "/v1/extract/text" in r.headers["link"]
    assert r.json()["figures"][0]["conversions"][0]["amount"] == "138000000000000"
    _problem(client.post("/v1/extract", json={"text": "1달러"}, params={"rate": "1380"}), 422, "query-with-json")


def test_extract_by_ecb_date(client) -> None:
    r = client.post("/v1/extract", json={"text": "130억 달러", "date": "2025-11-08"})
    rate = r.json()["figures"][0]["conversions"][1]["rate"]
    assert (rate["source"], rate["date"], rate["requested_date"]) == ("ecb", "2025-11-07", "2025-11-08")


def test_convert_text_and_value(client) -> None:
    r = client.post("/v1/convert", json={"text": "130억 달러", "to": ["KRW"], "rate": "1380"})
    assert r.json()["conversions"][0]["amount"] == "17940000000000"
    r = client.post("/v1/convert", json={"value": "17940000000000", "currency": "krw", "to": ["usd"], "rate": "1380"})
    assert r.json()["source"]["currency"] == "KRW"
    assert r.json()["conversions"][0]["amount"] == "13000000000.00"  # the same shape as extract's conversions
    r = client.post("/v1/convert", json={"value": "1000", "currency": "EUR", "to": ["KRW", "SAR"], "date": "2025-11-07"})
    krw, sar = r.json()["conversions"]
    assert krw["rate"]["pair"] == "EUR/KRW" and krw["rate"]["source"] == "ecb" and "." not in krw["amount"]
    assert r.status_code == 200 and sar["amount"] is None and "no rate" in sar["error"]  # a missing rate fails alone
    _problem(client.post("/v1/convert", json={"text": "no money here"}), 422, "no-single-amount")
    _problem(client.post("/v1/convert", json={"value": "1"}), 422, "validation-error")


def test_audit_matches_the_cli_schema_and_the_core(client) -> None:
    r = client.post("/v1/audit", json={"text": SEED.read_text(encoding="utf-8"), "rate": "1380"})
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    assert [p["verdict"] for p in report["pairs"]] == ["consistent", "inconsistent"]
    assert report["pairs"][1]["deviation_percent"] == "-2.17"


def test_rates_and_currencies(client) -> None:
    r = client.get("/v1/rates", params={"base": "USD", "quote": "KRW", "date": "2025-11-07"})
    assert r.json()["rate"].startswith("1459.64") and r.json()["source"] == "ecb"
    codes = {c["code"]: c for c in client.get("/v1/currencies").json()["currencies"]}
    assert codes["KRW"]["reference_rates"] and codes["KRW"]["name_ko"] == "대한민국 원"


def test_health_ready_metrics(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    # the field the docs name, the same name every rate's data_end has
    assert ready == {"status": "ready", "data_start": "1999-01-04", "data_end": "2026-10-30"}
    rate = client.get("/v1/rates", params={"date": "2025-11-07"}).json()
    assert rate["data_end"] == ready["data_end"]
    client.post("/v1/audit", json={"text": "130억 달러(약 18조 원)", "rate": "1380"})
    text = client.get("/metrics").text
    assert 'eokjo_requests_total{method="POST",route="/v1/audit",status="200"}' in text
    assert 'eokjo_audit_verdicts_total{verdict="consistent"}' in text
    assert "eokjo_figures_extracted_total" in text and "eokjo_request_duration_seconds_bucket" in text


@pytest.mark.parametrize(
    ("body", "headers", "status", "slug"),
    [
        (b'{"text": ', {"content-type": "application/json"}, 400, "malformed-json"),
        (b'\xff\xfe{"text": "x"}', {"content-type": "application/json"}, 400, "invalid-utf8"),
        (b"\xff\xfe", {"content-type": "text/plain"}, 400, "invalid-utf8"),
        (b"<x/>", {"content-type": "application/xml"}, 415, "unsupported-media-type"),
        (b'{"text": 1}', {"content-type": "application/json"}, 422, "validation-error"),
        (b'{"text": "a", "extra": 1}', {"content-type": "application/json"}, 422, "validation-error"),
        (b'{"text": "a", "to": ["XYZ"]}', {"content-type": "application/json"}, 422, "validation-error"),
        (b'{"text": "a", "rate": "0"}', {"content-type": "application/json"}, 422, "invalid-rate"),
        (b'{"text": "a", "rate": "1.5"}', {"content-type": "application/json"}, 422, "invalid-rate"),
        (b'{"text": "a", "rate": true}', {"content-type": "application/json"}, 422, "validation-error"),
        (b'{"text": "a", "date": "1990-01-01"}', {"content-type": "application/json"}, 422, "date-out-of-range"),
        (b'{"text": "1\xec\x96\xb5 \xeb\x8b\xac\xeb\x9f\xac", "date": "1990-01-01"}', {"content-type": "application/json"}, 422, "date-out-of-range"),
        (b'[1, 2]', {"content-type": "application/json"}, 422, "validation-error"),
    ],
)
def test_bad_input_statuses(client, body: bytes, headers: dict, status: int, slug: str) -> None:
    r = client.post("/v1/extract", content=body, headers=headers)
    if status == 200:
        assert r.status_code == 200
        return
    problem = _problem(r, status, slug)
    if slug == "validation-error":
        assert problem["errors"] and all("loc" in e and "msg" in e for e in problem["errors"])


def test_validation_error_names_the_field(client) -> None:
    problem = _problem(client.post("/v1/audit", json={"text": "x", "date": "yesterday"}), 422, "validation-error")
    assert problem["errors"][0]["loc"] == ["date"] and "2025-11-07" in problem["errors"][0]["msg"]
    problem = _problem(client.post("/v1/extract", json={"text": "x", "to": ["XYZ"]}), 422, "validation-error")
    assert problem["errors"][0]["loc"] == ["to", 0] and "/v1/currencies" in problem["detail"]
    problem = _problem(client.get("/v1/rates", params={"base": "usx", "date": "0"}), 422, "validation-error")
    assert {tuple(e["loc"]) for e in problem["errors"]} == {("query", "base"), ("query", "date")}


def test_body_limit_by_header_and_by_stream() -> None:
    app = create_app(Settings(max_body_bytes=2048))
    with TestClient(app) as c:
        _problem(c.post("/v1/extract", content=b"x" * 5000, headers={"content-type": "application/json"}), 413,
                 "body-too-large")

        def chunks():
            for _ in range(10):
                yield b"x" * 1000

        r = c.post("/v1/extract", content=chunks(), headers={"content-type": "application/json"})
        _problem(r, 413, "body-too-large")


def test_unknown_route_and_method(client) -> None:
    _problem(client.get("/v2/nothing"), 404, "not-found")
    _problem(client.get("/v1/extract"), 405, "method-not-allowed")
    _problem(client.delete("/v1/rates"), 405, "method-not-allowed")


def test_unexpected_error_is_a_problem_with_request_id(client, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.http.api

    def boom(req, **_):
        raise RuntimeError("boom")

    monkeypatch.setattr(service.http.api, "_audit_report", lambda req, budget, settings: boom(req))
    body = _problem(client.post("/v1/audit", json={"text": "x"}, headers={"x-request-id": "abc123"}), 500, "internal-error")
    assert body["request_id"] == "abc123" and "abc123" in body["detail"]


def _ndjson(client, path: str, lines: list[bytes]):
    r = client.post(path, content=b"\n".join(lines) + b"\n", headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    return [orjson.loads(line) for line in r.content.splitlines()]


def test_batch_extract_contract(client) -> None:
    lines = [json.dumps({"id": i, "text": f"{i}억 달러", "rate": "1380"}, ensure_ascii=False).encode() for i in range(1, 6)]
    lines.insert(2, b"{not json")
    lines.insert(4, json.dumps({"id": "bad-rate", "text": "1억 달러", "rate": "1.5"}).encode())
    out = _ndjson(client, "/v1/batch/extract", lines)
    assert len(out) == len(lines)
    assert [r["line"] for r in out] == list(range(1, len(lines) + 1))
    assert out[2]["error"]["status"] == 400 and out[2]["id"] is None
    assert out[4]["id"] == "bad-rate" and out[4]["error"]["type"].endswith("invalid-rate")
    good = [r for r in out if "result" in r]
    assert [r["id"] for r in good] == [1, 2, 3, 4, 5]
    assert good[2]["result"]["figures"][0]["conversions"][1]["amount"] == "414000000000"


def test_batch_audit_and_limits(client) -> None:
    out = _ndjson(client, "/v1/batch/audit", [b'{"id": "a", "text": "130\xec\x96\xb5 \xeb\x8b\xac\xeb\x9f\xac(\xec\x95\xbd 18\xec\xa1\xb0 \xec\x9b\x90)", "rate": "1380"}',
                                               b"", b"x" * 5000, b'{"id": "z", "text": "none"}'])
    assert len(out) == 4
    assert out[0]["result"]["pairs"][0]["verdict"] == "consistent"
    assert out[1]["error"]["type"].endswith("empty-line")
    assert out[2]["error"]["type"].endswith("line-too-large")
    assert out[3]["id"] == "z" and out[3]["result"]["summary"]["pairs"] == 0
    many = _ndjson(client, "/v1/batch/extract", [b'{"text": "1\xec\x9b\x90"}'] * 60)
    # the lines past the limit get one error line between them, that counts them: no amplification
    assert len(many) == 51 and all("result" in r for r in many[:50])
    assert many[50]["error"]["type"].endswith("too-many-lines") and "the 10 lines after line 50" in many[50]["error"]["detail"]
    assert many[50]["error"]["request_id"] and many[50]["line"] is None


def test_batch_wrong_content_type(client) -> None:
    _problem(client.post("/v1/batch/extract", json={"text": "x"}), 415, "unsupported-media-type")


def test_health_stays_fast_while_heavy_requests_run(client) -> None:
    heavy = {"text": SEED.read_text(encoding="utf-8") * 150}  # about 430 KB

    def post():
        return client.post("/v1/extract", json=heavy).status_code

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(post) for _ in range(4)]
        time.sleep(0.05)
        health = [client.get("/healthz").status_code for _ in range(5)]
        still_working = sum(not f.done() for f in futures)
        statuses = [f.result() for f in futures]
    assert health == [200] * 5 and statuses == [200] * 4
    # the health checks are answered between the heavy requests, not after all of them
    assert still_working > 0


def test_openapi_has_seed_examples(client) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert "130억 달러(약 18조 원)" in body["application/json"]["example"]["text"]
    assert list(body) == ["application/json"]
    assert "text/plain" in spec["paths"]["/v1/extract/text"]["post"]["requestBody"]["content"]
    answer = spec["paths"]["/v1/extract"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    assert [f["text"] for f in answer["figures"]] == ["130억 달러", "18조 원"]
    audit = spec["paths"]["/v1/audit"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    assert [p["verdict"] for p in audit["pairs"]] == ["consistent", "inconsistent"]


def test_page_and_offline_docs_are_served_from_the_package(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "script-src 'self'" in csp
    assert 'id="audit-form"' in page.text and "/static/page.js" in page.text
    assert client.get("/static/page.js").status_code == 200 and client.get("/static/eokjo.css").status_code == 200
    for path, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = client.get(path).text
        assert f"/static-docs/{asset}" in html and "cdn.jsdelivr" not in html and "fonts.googleapis" not in html
        assert client.get(f"/static-docs/{asset}").status_code == 200


def test_audit_answers_the_html_report_when_asked(client) -> None:
    body = {"text": "130억 달러(약 18조 원)에 이어 1000억 달러(약 135조 원)", "rate": "1380"}
    html = client.post("/v1/audit", json=body, headers={"accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert html.text.count('<mark class="m pair v-consistent"') == 2
    assert html.text.count('<mark class="m pair v-inconsistent') == 2
    # browsers' defaults and JSON-first clients still get JSON
    for accept in ("application/json", "*/*", "application/json, text/html;q=0.5", ""):
        r = client.post("/v1/audit", json=body, headers={"accept": accept})
        assert r.headers["content-type"] == "application/json", accept


def test_the_readme_batch_example_file_audits() -> None:
    from tests.conftest import FIXTURES

    body = (FIXTURES / "articles.ndjson").read_bytes()
    with TestClient(create_app()) as default:  # the default limits, as make serve runs
        r = default.post("/v1/batch/audit", content=body, headers={"content-type": "application/x-ndjson"})
    out = [json.loads(line) for line in r.content.splitlines()]
    assert [o["id"] for o in out] == ["seed", "ipo", "rate-given", "no-pairs"] and all("result" in o for o in out)
    assert out[0]["result"]["summary"]["pairs"] == 2 and out[3]["result"]["summary"]["pairs"] == 0
    assert out[2]["result"]["pairs"][0]["reference"]["source"] == "request"


# ------------------------------------------------------------------ numbers, messages, encodings


@pytest.mark.parametrize(("sent", "rate"), [
    (b"1380", "1380"), (b"1459.64", "1459.64"), (b"1380.50", "1380.50"), (b"1.38e3", "1380"),
    (b"1459.640169535507309056", "1459.640169535507309056"),  # more digits than a float holds
])
def test_a_json_number_rate_is_read_from_its_digits(client, sent: bytes, rate: str) -> None:
    body = b'{"text": "130\xec\x96\xb5 \xeb\x8b\xac\xeb\x9f\xac", "to": ["KRW"], "rate": ' + sent + b"}"
    r = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    conversion = r.json()["figures"][0]["conversions"][0]
    assert conversion["rate"]["rate"] == rate  # never 1459.6400000000001
    assert conversion["amount"] == str((Decimal(rate) * 13_000_000_000).quantize(Decimal(1), ROUND_HALF_UP))


def test_json_numbers_in_convert_audit_and_batches(client) -> None:
    r = client.post("/v1/convert", json={"value": 13000000000, "currency": "USD", "to": ["KRW"], "rate": 1380})
    assert r.status_code == 200, r.text
    assert r.json()["conversions"][0]["amount"] == "17940000000000"
    r = client.post("/v1/convert", content=b'{"value": 0.1, "currency": "USD", "to": ["KRW"], "rate": 1380}',
                    headers={"content-type": "application/json"})
    assert r.json()["source"]["value"] == "0.1" and r.json()["conversions"][0]["amount"] == "138"
    r = client.post("/v1/audit", json={"text": "130억 달러(약 18조 원)", "rate": 1380})
    assert r.json()["pairs"][0]["verdict"] == "consistent"
    lines = b'{"id": 1, "text": "$1", "rate": 1459.64, "to": ["KRW"]}\n{"id": 2, "text": "$1", "rate": -5}\n'
    r = client.post("/v1/batch/extract", content=lines, headers={"content-type": "application/x-ndjson"})
    first, second = (json.loads(line) for line in r.text.splitlines())
    assert first["result"]["figures"][0]["conversions"][0]["rate"]["rate"] == "1459.64"
    assert second["error"]["type"].endswith("validation-error")


@pytest.mark.parametrize(("field", "value"), [
    ("rate", "abc"), ("rate", "1,380"), ("rate", "-5"), ("rate", "1e3"), ("rate", 1e400), ("to", ["usdd"]),
    ("to", ["1"]), ("value", "13억"),
])
def test_messages_say_in_words_what_is_accepted(client, field: str, value: object) -> None:
    if field == "value":
        path, body = "/v1/convert", {"value": value, "currency": "USD", "to": ["KRW"]}
    else:
        path, body = "/v1/extract", {"text": "130억 달러", field: value}
    raw = json.dumps(body).replace("Infinity", "1e400").encode()
    problem = _problem(client.post(path, content=raw, headers={"content-type": "application/json"}),
                       422, "validation-error")
    message = problem["errors"][0]["msg"]
    assert "pattern" not in problem["detail"] and "^" not in problem["detail"] and "[0-9]" not in message
    assert ("such as" in message) and ("1380" in message or "KRW" in message or "13000000000" in message), message


def test_the_rate_message_on_the_page_is_words(client) -> None:
    """The page shows the problem's detail: "rate: expected a positive decimal such as …"."""
    problem = _problem(client.post("/v1/audit", json={"text": "130억 달러", "rate": "abc"}), 422, "validation-error")
    assert problem["detail"].startswith("rate: expected a positive decimal such as \"1380\"")


@pytest.mark.parametrize(("path", "body", "offset"), [
    ("/v1/extract", '{"text": "130억 달러"}'.encode()[:10] + b"\xff" + '{"text": "130억 달러"}'.encode()[10:], 10),
    ("/v1/audit", b'{"text": "' + "한국은행 ".encode() + b'\xed\xa0\x80"}', 23),  # an encoded surrogate
])
def test_invalid_utf8_in_a_json_body_names_the_byte(client, path: str, body: bytes, offset: int) -> None:
    problem = _problem(client.post(path, content=body, headers={"content-type": "application/json"}),
                       400, "invalid-utf8")
    assert f"at offset {offset}" in problem["detail"] and "surrogates not allowed" not in problem["detail"]
    assert f"byte 0x{body[offset]:02x}" in problem["detail"]


def test_invalid_utf8_in_a_batch_line_names_the_line_and_the_byte(client) -> None:
    lines = b'{"id": 1, "text": "$1"}\n{"id": 2, "text": "\xc3("}\n{"id": 3, "text": "$2"}\n'
    r = client.post("/v1/batch/extract", content=lines, headers={"content-type": "application/x-ndjson"})
    answers = [json.loads(line) for line in r.text.splitlines()]
    assert [("result" in a, a["line"]) for a in answers] == [(True, 1), (False, 2), (True, 3)]
    assert answers[1]["error"]["type"].endswith("invalid-utf8")
    assert answers[1]["error"]["detail"].startswith("line 2 is not UTF-8: byte 0xc3 at offset 19")


@pytest.mark.parametrize(("body", "status"), [
    (b"1e999988888888888888888888888888888888888888888888", 400),  # found by the fuzzer: past Decimal's exponent
    (b'{"text": "$1", "rate": 1e999999}', 422),
    (b'{"text": "$1", "rate": 1e999999999999}', 422),
    (b'{"text": "$1", "rate": 123456789012345678901234567890}', 422),
    (b'{"text": "$1", "rate": 0.0000000000000000000000000000001}', 422),
])
def test_numbers_no_decimal_can_hold_are_refused_not_crashed(client, body: bytes, status: int) -> None:
    problem = _problem(client.post("/v1/extract", content=body, headers={"content-type": "application/json"}),
                       status, "malformed-json" if status == 400 else "validation-error")
    assert len(problem["detail"]) < 400  # a refusal, not the number written out
