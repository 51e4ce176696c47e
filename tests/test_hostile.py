"""The attacks of issue 11 against the real server (2 workers, loopback, default limits):
each answers a bounded result — its status, its size, the workers' memory — and the server
logs a line, never a traceback. Time is bounded by the CPU budget (a request past it would
answer 503, not the status expected here), never asserted: `make stress` runs the same
inputs four at a time and reports their time per MiB as a ratio to the seed article's.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.load.stress import HOSTILE, _encode, _peak_rss_mb
from tests.servers import heavy_processes, running_server, server_env
from tests.servers import workers as _workers

pytestmark = pytest.mark.e2e
RSS_LIMIT_MB = 400


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "server.log"
    with open(log, "wb") as fh, running_server(server_env(EOKJO_HEADER_TIMEOUT_SECONDS="1"), output=fh) as s:
        yield s.base, s.port, s.proc, log


def _post(base: str, path: str, encoded: tuple[bytes, str], timeout: float = 120) -> tuple[int, bytes, float]:
    data, kind = encoded
    req = urllib.request.Request(base + path, data=data, headers={"content-type": kind})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), time.perf_counter() - t0
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.perf_counter() - t0


EXPECTED = {  # input -> (status, largest answer in KB)
    "$1 x N, 8 currencies": (422, 2),
    "$1 x N, 16 currencies": (422, 2),
    "4 KB of $1, 8 currencies": (200, 8000),
    "dates 2025.1.1 x N": (200, 2),
    "dates 2025년 11월 7일 x N": (200, 2),
    "pairs 1억 달러(약 9,999억 원) x N": (422, 2),
    "pairs under the figure limit": (200, 3000),
    "news, 16 x the seed": (200, 600),
    "batch: 1 MiB of newlines": (200, 2500),
}


@pytest.mark.parametrize(("name", "path", "body"), [h for h in HOSTILE if h[0] in EXPECTED], ids=lambda x: str(x)[:30])
def test_hostile_input_is_bounded(server, name: str, path: str, body: object) -> None:
    base, _, proc, log = server
    encoded = _encode(body)
    results = [_post(base, path, encoded) for _ in range(3)]
    status, kb = EXPECTED[name]
    assert {r[0] for r in results} == {status}, results[0][1][:300]
    assert max(len(r[1]) for r in results) <= kb * 1024
    assert _peak_rss_mb(_workers(proc.pid) + heavy_processes(proc.pid)) < RSS_LIMIT_MB
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")


def test_health_is_answered_while_four_worst_case_requests_run(server) -> None:
    base = server[0]
    worst = _encode({"text": "$1 " * 1365, "to": ["USD", "KRW", "EUR", "JPY", "CNY", "GBP", "CHF", "CAD"]})
    with ThreadPoolExecutor(4) as pool:
        heavy = [pool.submit(_post, base, "/v1/extract", worst) for _ in range(8)]
        time.sleep(0.05)
        with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
            assert r.status == 200
        answered_while_busy = sum(not f.done() for f in heavy)
        assert all(f.result()[0] == 200 for f in heavy)
    assert answered_while_busy > 0  # the health check did not wait for the heavy requests to finish


def test_a_client_that_hangs_up_is_logged_once_and_its_work_stops(server) -> None:
    base, port, proc, log = server
    # 6,000 figures and 3,000 pairs: under the 10,000 items one answer may hold (EOKJO_MAX_FIGURES)
    text = ("인공지능 투자 경쟁이 치열해지면서 130억 달러(약 18조 원)가 오갔다. " * 3000)
    body = json.dumps({"text": text}, ensure_ascii=False).encode()
    full = _post(base, "/v1/audit", (body, "application/json"))  # starts the heavy lane's processes
    workers = _workers(proc.pid) + heavy_processes(proc.pid)  # the work runs in a heavy process
    before = _cpu_seconds(workers)
    full = _post(base, "/v1/audit", (body, "application/json"))
    assert full[0] == 200
    whole = _cpu_seconds(workers) - before  # the CPU time of the whole work, counted by the kernel
    before = _cpu_seconds(workers)
    head = (f"POST /v1/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-ID: hangup-1\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head + body)
        time.sleep(0.05)
    time.sleep(max(2.0, full[2] * 2))
    used = _cpu_seconds(workers) - before
    assert used < whole * 0.8, f"the workers went on for {used:.2f} s of CPU after the client left ({whole:.2f} s whole)"
    text_log = log.read_text(encoding="utf-8", errors="replace")
    assert text_log.count("client disconnected, request id hangup-1") == 1
    assert "Traceback" not in text_log
    with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
        metrics = r.read().decode()
    assert 'status="disconnected"' in metrics


def test_a_client_that_hangs_up_mid_body_is_not_a_500(server) -> None:
    base, port, _, log = server
    head = (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Request-ID: midbody-1\r\n"
            b"Content-Length: 100000\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head + b'{"text": "' + b"a" * 1000)
    time.sleep(1)
    text_log = log.read_text(encoding="utf-8", errors="replace")
    assert "client disconnected, request id midbody-1" in text_log and "Traceback" not in text_log


def test_oversized_and_slow_request_heads(server) -> None:
    base, port, proc, _ = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        try:
            for _ in range(4096):  # 256 MiB of header
                s.sendall(b"a" * 65536)
        except OSError:
            pass
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 431") and b"headers-too-large" in answer
    assert _peak_rss_mb(_workers(proc.pid) + heavy_processes(proc.pid)) < RSS_LIMIT_MB
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408") and b"headers-timeout" in answer


def test_urllib_reads_the_413_ten_times_of_ten(server) -> None:
    base = server[0]
    body = b'{"text": "' + b"a" * (2 << 20) + b'"}'
    seen = 0
    for _ in range(10):
        req = urllib.request.Request(base + "/v1/extract", data=body, headers={"content-type": "application/json"})
        try:
            urllib.request.urlopen(req, timeout=30)
        except urllib.error.HTTPError as e:
            seen += e.code == 413 and b"body-too-large" in e.read()
    assert seen == 10


def test_metrics_directory_is_removed_on_exit(tmp_path) -> None:
    with running_server(server_env(TMPDIR=str(tmp_path))):
        assert list(tmp_path.glob("eokjo-metrics-*"))
    assert list(tmp_path.glob("eokjo-metrics-*")) == []
