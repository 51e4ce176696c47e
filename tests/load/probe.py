"""A prober in a process of its own (so the load's clients do not slow the measurement):
every 20 ms it asks for /healthz and, when given a body, for an ordinary extract, each on
a new connection as a monitor would, and keeps the latencies and statuses."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

PROBE = """
import json, select, sys, time, urllib.error, urllib.request
base, body_file = sys.argv[1], sys.argv[2]
body = open(body_file, "rb").read() if body_file else None
out = {"healthz": [], "ordinary": []}
def ask(name, req):
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError:
        status = 0
    out[name].append((time.perf_counter() - t0, status))
urllib.request.urlopen(base + "/healthz", timeout=10).read()  # warm up, then say so
print("ready", flush=True)
while True:
    ask("healthz", base + "/healthz")
    if body is not None:
        ask("ordinary", urllib.request.Request(base + "/v1/extract", data=body,
                                               headers={"content-type": "application/json"}))
    if select.select([sys.stdin], [], [], 0.02)[0]:
        break
print(json.dumps(out))
"""


class Prober:
    """Probes /healthz (and an ordinary request, when ``ordinary_body`` names a file of one)
    every 20 ms until :meth:`stop`."""

    def __init__(self, base: str, ordinary_body: str = "") -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", PROBE, base, ordinary_body], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True,
                                     preexec_fn=lambda: os.nice(-os.nice(0)) if os.geteuid() == 0 else None)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"
        self.results: dict[str, list[tuple[float, int]]] = {}

    def stop(self) -> None:
        out, _ = self.proc.communicate("stop\n", timeout=60)
        self.results = json.loads(out)

    @property
    def times(self) -> list[float]:
        """The /healthz latencies (a failed probe counts as 10 s)."""
        return [t if status else 10.0 for t, status in self.results.get("healthz", [])]

    def summary(self, name: str = "healthz") -> dict:
        rows = self.results.get(name, [])
        if len(rows) < 2:
            return {"probes": len(rows)}
        times = sorted(t for t, _ in rows)
        q = statistics.quantiles(times, n=100)
        statuses: dict[int, int] = {}
        for _, status in rows:
            statuses[status] = statuses.get(status, 0) + 1
        return {"probes": len(rows), "statuses": statuses, "p50_ms": round(q[49] * 1000, 2),
                "p99_ms": round(q[98] * 1000, 2), "max_ms": round(times[-1] * 1000, 1)}

    def p99_ms(self) -> float:
        return self.summary().get("p99_ms", float("nan"))
