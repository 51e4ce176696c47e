"""make soak: mixed traffic at a fixed rate against a 2-worker server on loopback for
DURATION seconds (default 600), sampling the server's RSS (all its processes) every second.

The bar: RSS grows under 10% after the warm-up (the first WARMUP seconds), zero 5xx, zero
lost batch lines. Loops are bounded: exactly DURATION x RATE requests are sent.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

import httpx

from tests.servers import running_server

ROOT = Path(__file__).resolve().parents[2]
DURATION = int(os.environ.get("DURATION", "600"))
RATE = int(os.environ.get("RATE", "40"))  # requests per second
WARMUP = int(os.environ.get("WARMUP", str(max(10, DURATION // 10))))
SEED = (ROOT / "seeds" / "000_7c994772bbdf61d2.txt").read_text(encoding="utf-8")
SENTENCES = ["130억 달러(약 18조 원)", "1000억 달러(약 135조 원)를 투입", "360억 달러, 우리 돈 50조 원대",
             "수십억 달러", "매출 1조 2천억 원", "$13 billion", "30만9천381엔", "이불을 덮고 잤다"]


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children, in KiB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total


def request_for(i: int, rng: random.Random) -> tuple[str, str, bytes, str, int]:
    """(method, path, body, content type, expected batch lines) for the i-th request."""
    kind = i % 10
    text = " ".join(rng.sample(SENTENCES, 3))
    if kind < 4:
        return "POST", "/v1/extract", json.dumps({"text": text, "rate": "1380"}).encode(), "application/json", 0
    if kind < 6:
        return "POST", "/v1/audit", json.dumps({"text": SEED if kind == 5 else text}).encode(), "application/json", 0
    if kind < 8:
        lines = rng.randint(5, 40)
        body = b"".join(json.dumps({"id": n, "text": rng.choice(SENTENCES)}).encode() + b"\n" for n in range(lines))
        if kind == 7:
            body += b"{broken\n"  # a bad line must still be answered
            lines += 1
        return "POST", "/v1/batch/extract", body, "application/x-ndjson", lines
    if kind == 8:
        return "POST", "/v1/extract", b'{"text": ', "application/json", 0  # malformed: 400
    return "GET", "/v1/rates?base=USD&quote=KRW&date=2025-11-08", b"", "", 0


async def main() -> int:
    stats = {"sent": 0, "by_status": {}, "5xx": 0, "errors": 0, "batch_lines_sent": 0, "batch_lines_received": 0}
    samples: list[tuple[float, int]] = []
    with running_server() as (base, _, server):
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            rng = random.Random(7)
            started = time.monotonic()
            total = DURATION * RATE
            pending: set[asyncio.Task] = set()

            async def one(i: int) -> None:
                method, path, body, ctype, lines = request_for(i, rng)
                headers = {"content-type": ctype} if ctype else {}
                try:
                    r = await client.request(method, path, content=body or None, headers=headers)
                except httpx.HTTPError:
                    stats["errors"] += 1
                    return
                stats["by_status"][r.status_code] = stats["by_status"].get(r.status_code, 0) + 1
                stats["5xx"] += r.status_code >= 500
                if lines:
                    stats["batch_lines_sent"] += lines
                    stats["batch_lines_received"] += len(r.content.splitlines())

            async def sampler() -> None:
                while True:
                    samples.append((time.monotonic() - started, rss_kb(server.pid)))
                    await asyncio.sleep(1)

            sampling = asyncio.create_task(sampler())
            for i in range(total):  # bounded: exactly DURATION x RATE requests, paced
                await asyncio.sleep(max(0.0, started + i / RATE - time.monotonic()))
                task = asyncio.create_task(one(i))
                pending.add(task)
                task.add_done_callback(pending.discard)
                stats["sent"] += 1
            await asyncio.gather(*pending)
            sampling.cancel()
    after_warmup = [kb for t, kb in samples if t >= WARMUP] or [samples[-1][1]]
    base_kb, end_kb, peak_kb = after_warmup[0], after_warmup[-1], max(after_warmup)
    growth = 100 * (end_kb - base_kb) / base_kb
    report = {**stats, "duration_s": DURATION, "rate_per_s": RATE, "warmup_s": WARMUP,
              "rss_after_warmup_mb": round(base_kb / 1024, 1), "rss_end_mb": round(end_kb / 1024, 1),
              "rss_peak_mb": round(peak_kb / 1024, 1), "rss_growth_percent": round(growth, 2)}
    print(json.dumps(report, indent=1))
    ok = growth < 10 and stats["5xx"] == 0 and stats["errors"] == 0 and \
        stats["batch_lines_sent"] == stats["batch_lines_received"]
    print("SOAK", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
