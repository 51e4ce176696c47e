"""The API contract: the committed OpenAPI document, its examples, and a client generated
from it (openapi-python-client) calling every operation of the app.

``make openapi`` rewrites service/http/openapi.json; ``make contract`` lints it with redocly
and type-checks a TypeScript client (contract/)."""

from __future__ import annotations

import ast
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from service.http.app import create_app
from service.http.contract import dumps
from service.http.problems import TYPES

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "service" / "http" / "openapi.json"
OPERATION_IDS = {"extract", "extractText", "convert", "audit", "batchExtract", "batchAudit", "getRate",
                 "listCurrencies", "health", "ready", "metrics"}
SEED = "2019년부터 이어진 누적 투자액은 130억 달러(약 18조 원)에 달하는 것으로 알려졌는데요."


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def doc(app) -> dict:
    with TestClient(app) as c:
        return c.get("/openapi.json").json()


def _validator(doc: dict, schema: dict) -> jsonschema.Draft202012Validator:
    """A validator for ``schema`` whose ``#/components/...`` refs resolve in the document."""
    return jsonschema.Draft202012Validator({"components": doc["components"], **schema})


def _operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield path, method, op


# ------------------------------------------------------------------ the document


def test_served_document_is_the_committed_one(app) -> None:
    served = dumps(app.openapi())
    assert COMMITTED.read_bytes() == served, "the API contract changed: run `make openapi` and commit the diff"


def test_operations_are_named_tagged_and_answer_problems(doc: dict) -> None:
    ids = {op["operationId"] for _, _, op in _operations(doc)}
    assert ids == OPERATION_IDS
    tags = {t["name"] for t in doc["tags"]}
    for path, method, op in _operations(doc):
        assert op["tags"] and set(op["tags"]) <= tags, (path, method)
        default = op["responses"]["default"]["content"]["application/problem+json"]["schema"]
        assert default == {"$ref": "#/components/schemas/Problem"}, (path, method)
    assert doc["security"] == [] and doc["info"]["license"]["identifier"] == "MIT" and doc["servers"]
    names = set(doc["components"]["schemas"])
    assert not {n for n in names if "-" in n or "_" in n or n.endswith(("Post", "Get"))}, "machine-made names"
    assert {"BatchExtractLine", "BatchAuditLine", "BatchExtractResult", "BatchAuditResult", "ValidationErrorItem",
            "Conversion", "Problem", "Ready", "NotReady"} <= names


def test_request_bodies_are_components_and_streams_name_their_lines(doc: dict) -> None:
    paths = doc["paths"]
    body = paths["/v1/extract"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ExtractRequest"}
    for path, line, result in (("/v1/batch/extract", "BatchExtractLine", "BatchExtractResult"),
                               ("/v1/batch/audit", "BatchAuditLine", "BatchAuditResult")):
        op = paths[path]["post"]
        assert op["requestBody"]["content"]["application/x-ndjson"]["x-item-schema"]["$ref"].endswith(line)
        assert op["responses"]["200"]["content"]["application/x-ndjson"]["x-item-schema"]["$ref"].endswith(result)
    assert "parameters" not in paths["/v1/extract"]["post"]  # options of a JSON request go in its body
    assert {p["name"] for p in paths["/v1/extract/text"]["post"]["parameters"]} == {"to", "rate", "date", "locale",
                                                                                     "exact"}


def test_every_ref_resolves_and_every_decimal_is_typed(doc: dict) -> None:
    text = json.dumps(doc)
    schemas = doc["components"]["schemas"]
    for ref in set(__import__("re").findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in schemas, ref

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("format") == "decimal":
                assert node.get("pattern"), where
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    walk(doc, "#")
    rate = schemas["Rate"]["properties"]["rate"]
    assert rate["format"] == "decimal" and rate["pattern"].startswith("^-?[0-9]+")
    assert set(schemas["AuditSummary"]["required"]) == set(schemas["AuditSummary"]["properties"])
    assert schemas["Conversion"]["properties"].keys() == {"currency", "amount", "low", "high", "rate", "error", "display"}


def test_every_example_matches_its_schema(doc: dict) -> None:
    checked = 0
    for path, method, op in _operations(doc):
        bodies = [op.get("requestBody", {}).get("content", {})] + [r.get("content", {}) for r in op["responses"].values()]
        for content in bodies:
            for media, entry in content.items():
                if "example" not in entry:
                    continue
                example = entry["example"]
                _validator(doc, entry["schema"]).validate(example)
                if "x-item-schema" in entry:  # every NDJSON line against the line's schema
                    lines = example.splitlines()
                    assert lines
                    for line in lines:
                        _validator(doc, entry["x-item-schema"]).validate(json.loads(line))
                        checked += 1
                checked += 1
    for name, schema in doc["components"]["schemas"].items():
        for prop, sub in schema.get("properties", {}).items():
            for example in sub.get("examples", []):
                _validator(doc, {k: v for k, v in sub.items() if k != "examples"}).validate(example)
                checked += 1
    assert checked > 40


def test_problem_types_are_listed_and_used_ones_registered(doc: dict) -> None:
    listed = {t["type"].rsplit("/", 1)[1]: t["status"] for t in doc["components"]["x-problem-types"]}
    assert listed == {slug: status for slug, (status, _) in TYPES.items()}
    used = set()
    for source in (ROOT / "service").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" and len(node.args) >= 2:
                if isinstance(node.args[1], ast.Constant):
                    used.add(node.args[1].value)
    assert used and used <= set(TYPES), used - set(TYPES)
    assert "| `validation-error` | 422 |" in doc["components"]["schemas"]["Problem"]["description"]


# ------------------------------------------------------------------ a generated client

CLIENT_CONFIG = """\
post_hooks: []
content_type_overrides:
  text/plain: application/octet-stream
  application/x-ndjson: application/octet-stream
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory, app):
    """A client generated by openapi-python-client from the served document."""
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    if generator is None:
        pytest.skip("openapi-python-client is not installed (pip install -e '.[dev]')")
    folder = tmp_path_factory.mktemp("client")
    spec = folder / "openapi.json"
    spec.write_bytes(dumps(app.openapi()))
    (folder / "config.yaml").write_text(CLIENT_CONFIG)
    run = subprocess.run([generator, "generate", "--path", str(spec), "--config", str(folder / "config.yaml"),
                          "--meta", "none", "--output-path", str(folder / "eokjo_client")],
                         capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "will not be generated" not in output and "Unsupported content" not in output, output
    assert "Warning" not in output, output
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("eokjo_client")
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def api(generated, app):
    with TestClient(app) as http:
        client = generated.Client(base_url="http://testserver")
        client.set_httpx_client(http)
        yield client


def _call(generated, module: str, client, **kwargs):
    return importlib.import_module(f"eokjo_client.api.{module}").sync_detailed(client=client, **kwargs)


def test_generated_client_calls_every_operation(generated, api) -> None:
    m = importlib.import_module("eokjo_client.models")
    from eokjo_client.types import File

    answer = _call(generated, "extract.extract", api,
                   body=m.ExtractRequest(text=SEED, to=["USD", "krw"], rate="1380")).parsed
    assert isinstance(answer, m.ExtractResponse)
    usd, krw = answer.figures[0].conversions
    assert (answer.figures[0].text, usd.amount, krw.amount) == ("130억 달러", "13000000000.00", "17940000000000")

    text = _call(generated, "extract.extract_text", api, body=File(payload=SEED.encode()), rate="1380", to=["KRW"]).parsed
    assert [f.text for f in text.figures] == ["130억 달러", "18조 원"]

    conv = _call(generated, "convert.convert", api, body=m.ConvertRequest(text="130억 달러", to=["KRW"], rate="1380")).parsed
    assert isinstance(conv, m.ConvertResponse) and conv.conversions[0].amount == "17940000000000"

    report = _call(generated, "audit.audit", api, body=m.AuditRequest(text=SEED, rate="1380")).parsed
    assert isinstance(report, m.AuditResponse) and report.summary.pairs == 1 and report.pairs[0].verdict == "consistent"

    rate = _call(generated, "rates.get_rate", api, base="EUR", quote="KRW", date="2025-11-07").parsed
    assert isinstance(rate, m.Rate) and rate.source == "ecb" and rate.pair == "EUR/KRW"
    currencies = _call(generated, "rates.list_currencies", api).parsed
    assert "KRW" in {c.code for c in currencies.currencies}

    assert _call(generated, "operations.health", api).parsed.status == "ok"
    assert isinstance(_call(generated, "operations.ready", api).parsed, m.Ready)
    metrics = _call(generated, "operations.metrics", api).parsed
    assert b"eokjo_requests_total" in (metrics if isinstance(metrics, bytes) else metrics.encode())


def test_generated_client_reads_problems(generated, api) -> None:
    m = importlib.import_module("eokjo_client.models")
    problem = _call(generated, "extract.extract", api, body=m.ExtractRequest(text="x", to=["XYZ"])).parsed
    assert isinstance(problem, m.Problem) and problem.status == 422
    assert problem.errors[0].loc == ["to", 0] and "/v1/currencies" in problem.errors[0].msg
    missing = _call(generated, "convert.convert", api, body=m.ConvertRequest(value="1")).parsed
    assert isinstance(missing, m.Problem) and missing.type_.endswith("validation-error")


def test_generated_models_read_a_streamed_batch(generated, api) -> None:
    m = importlib.import_module("eokjo_client.models")
    from eokjo_client.types import File

    lines = [m.BatchExtractLine(text="130억 달러", id=1, rate="1380", to=["KRW"]).to_dict(),
             {"id": "bad", "text": "1달러", "rate": "0"}]
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    answer = _call(generated, "batch.batch_extract", api, body=File(payload=body))
    assert answer.status_code == 200
    results = [m.BatchExtractResult.from_dict(json.loads(line)) for line in answer.content.splitlines()]
    assert [r.line for r in results] == [1, 2]
    assert results[0].result.figures[0].conversions[0].amount == "17940000000000"
    assert results[1].id == "bad" and results[1].error.type_.endswith("invalid-rate")

    body = json.dumps(m.BatchAuditLine(text=SEED, rate="1380", id="a").to_dict(), ensure_ascii=False).encode()
    answer = _call(generated, "batch.batch_audit", api, body=File(payload=body + b"\n"))
    (audited,) = [m.BatchAuditResult.from_dict(json.loads(line)) for line in answer.content.splitlines()]
    assert audited.id == "a" and audited.result.pairs[0].verdict == "consistent"


def test_answers_match_the_document(doc: dict, app) -> None:
    """The app's answers, checked with jsonschema against the committed schemas."""
    schemas = {"/v1/extract": "ExtractResponse", "/v1/convert": "ConvertResponse", "/v1/audit": "AuditResponse"}
    bodies = {"/v1/extract": {"text": SEED + " 1원, 1억 엔, 사우디 10억 리얄, 1E+3 달러? 50조 원대"},
              "/v1/convert": {"value": "0.5", "currency": "KRW", "to": ["USD", "JPY", "KWD"]},
              "/v1/audit": {"text": SEED + " 원·달러 환율은 1,450원이다."}}
    with TestClient(app) as c:
        for path, name in schemas.items():
            answer = c.post(path, json=bodies[path])
            assert answer.status_code == 200, answer.text
            _validator(doc, {"$ref": f"#/components/schemas/{name}"}).validate(answer.json())
        problem = c.post("/v1/extract", json={"text": 1})
        _validator(doc, {"$ref": "#/components/schemas/Problem"}).validate(problem.json())
