"""make stress: hostile inputs against the real server (2 workers, loopback), four clients at
a time, while /healthz is probed. For each input it reports the server's time per MiB as
a ratio to the seed article's, the workers' peak RSS, the answer's size and status, and
the /healthz p99 during the run. Bounded in time: ROUNDS rounds of four requests each.

    python -m tests.load.stress [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.load.probe import Prober
from tests.servers import heavy_processes, running_server
from tests.servers import workers as _workers

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "000_7c994772bbdf61d2.txt").read_text(encoding="utf-8")
BODY = 900 * 1024  # under the 1 MiB body limit, with the JSON around it
MIN_SECONDS = 3.0  # of load per input, so that the health probe's p99 rests on enough samples


def _fill(unit: str, size: int = BODY) -> str:
    return (unit * (size // len(unit.encode()) + 1))[: size // 3]


# (name, path, body): each is one of the attacks of issue 11, at the largest size accepted
HOSTILE = [
    ("seed article (baseline)", "/v1/audit", {"text": SEED}),
    ("$1 x N, 8 currencies", "/v1/extract", {"text": "$1 " * (BODY // 3), "to": ["USD", "KRW", "EUR", "JPY", "CNY", "GBP", "CHF", "CAD"]}),
    ("$1 x N, 16 currencies", "/v1/extract", {"text": "$1 " * 60000, "to": ["USD"] * 16}),
    ("4 KB of $1, 8 currencies", "/v1/extract", {"text": "$1 " * 1365, "to": ["USD", "KRW", "EUR", "JPY", "CNY", "GBP", "CHF", "CAD"]}),
    ("dates 2025.1.1 x N", "/v1/audit", {"text": "2025.1.1 " * (BODY // 9)}),
    ("dates 2025년 11월 7일 x N", "/v1/audit", {"text": _fill("2025년 11월 7일 ")}),
    ("pairs 1억 달러(약 9,999억 원) x N", "/v1/audit", {"text": _fill("1억 달러(약 9,999억 원) ")}),
    ("pairs under the figure limit", "/v1/audit", {"text": _fill("1억 달러(약 9,999억 원) 그리고 아무 말 없는 문장이 이어진다. " * 3, 180_000)}),
    ("news, 16 x the seed", "/v1/extract", {"text": SEED * 16, "to": ["USD", "KRW", "EUR", "JPY"]}),
    ("batch: 1 MiB of newlines", "/v1/batch/extract", "\n" * (BODY - 1)),
]


def _peak_rss_mb(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def _encode(body: object) -> tuple[bytes, str]:
    if isinstance(body, str):
        return body.encode(), "application/x-ndjson"
    return json.dumps(body, ensure_ascii=False).encode(), "application/json"


def _post(base: str, path: str, encoded: tuple[bytes, str]) -> tuple[int, int, float]:
    data, kind = encoded
    req = urllib.request.Request(base + path, data=data, headers={"content-type": kind})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            answer = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        answer, status = e.read(), e.code
    return status, len(answer), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server's writes
    try:
        with running_server(errors=log) as (base, _, server):
            # The load's clients stand in for other machines: on this one they must not take the
            # CPU from the server's event loops, so they run at the priority of its request work.
            os.nice(10)
            rows = []
            seed_per_mib = None
            for name, path, body in HOSTILE:
                encoded = _encode(body)  # once, so the clients spend their CPU sending, not encoding
                size = len(encoded[0])
                prober = Prober(base)
                results = []
                started = time.monotonic()
                with ThreadPoolExecutor(4) as pool:  # ROUNDS rounds, and at least MIN_SECONDS of load
                    while len(results) < 4 * args.rounds or time.monotonic() - started < MIN_SECONDS:
                        results += list(pool.map(lambda _: _post(base, path, encoded), range(4)))
                prober.stop()
                per_mib = min(t for _, _, t in results) / (size / (1 << 20))
                if seed_per_mib is None:
                    seed_per_mib = per_mib
                rows.append({"input": name, "path": path, "body_kb": round(size / 1024),
                             "status": sorted({s for s, _, _ in results}), "answer_kb": round(max(a for _, a, _ in results) / 1024, 1),
                             "per_mib_ratio": round(per_mib / seed_per_mib, 1),
                             "peak_rss_mb": round(_peak_rss_mb(_workers(server.pid) + heavy_processes(server.pid)), 1),
                             "healthz_p99_ms": round(prober.p99_ms(), 1)})
    finally:
        log.seek(0)
        err = log.read()
    tracebacks = err.decode(errors="replace").count("Traceback")
    if args.json:
        print(json.dumps({"rows": rows, "tracebacks": tracebacks}, ensure_ascii=False))
        return 0
    print(f"{'input':36} {'path':18} {'body':>7} {'status':>9} {'answer':>9} {'x seed/MiB':>10} {'peak RSS':>9} {'healthz p99':>11}")
    for r in rows:
        print(f"{r['input'][:36]:36} {r['path']:18} {r['body_kb']:>5}KB {','.join(map(str, r['status'])):>9} "
              f"{r['answer_kb']:>7}KB {r['per_mib_ratio']:>10} {r['peak_rss_mb']:>7}MB {r['healthz_p99_ms']:>9}ms")
    print(f"server log: {tracebacks} tracebacks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
