"""End to end: the real server as a subprocess on a free loopback port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal

import pytest

from tests.conftest import ROOT, SEED
from tests.test_seed import EXPECTED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOKJO_")}
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if _request(base + "/readyz")["status"] == "ready":
                break
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("server did not become ready: " + proc.stdout.read().decode(errors="replace"))
        time.sleep(0.1)
    yield base, proc
    if proc.poll() is None:
        proc.kill()


@pytest.mark.e2e
def test_seed_over_http_then_clean_sigterm(server) -> None:
    base, proc = server
    text = SEED.read_text(encoding="utf-8")
    extracted = _request(base + "/v1/extract", {"text": text})
    got = [(f["start"], f["end"], f["text"], Decimal(f["value"]), f["currency"], f["qualifier"]) for f in extracted["figures"]]
    assert got == [(s, e, t, Decimal(v), c, q) for s, e, t, v, c, q in EXPECTED]
    report = _request(base + "/v1/audit", {"text": text})
    assert report["article_date"]["date"] == "2025-11-07"
    assert [p["verdict"] for p in report["pairs"]] == ["inconsistent", "inconsistent"]
    assert all(p["stale"] for p in report["pairs"])
    at_1380 = _request(base + "/v1/audit", {"text": text, "rate": "1380"})
    assert [p["verdict"] for p in at_1380["pairs"]] == ["consistent", "inconsistent"]
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    # uvicorn finishes in-flight work, shuts the app down, then re-raises the signal
    assert proc.returncode in (0, -signal.SIGTERM), out.decode(errors="replace")
    assert b"Application shutdown complete" in out and b"Finished server process" in out
