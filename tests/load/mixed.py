"""Fair scheduling, measured: ordinary requests alone, then beside heavy ones, against the
same server, and the workers' memory during and after.

    mixed  CONNECTIONS connections of the seed article's extract alone; then the same
           connections with each request, at random, one time in ten a 400 KB audit of
           news full of rate quotes (near the body limit). Ordinary requests should keep
           >= 70% of their throughput alone, with p99 under 4x; every heavy request is
           answered, 200 or 503 with Retry-After.
    loop   8 connections of the seed article's extract alone; then beside one client
           looping a 1 MB audit (prose, then 9,800 "1원 "): >= 70% of the throughput.
    flood  64 connections of 10 KB of "일억원 " (830 figures each) for 20 s, /healthz
           probed every 20 ms from another process: p99 < 50 ms.
    hold   1,000 silent connections and 1,000 slow request heads for 60 s, each reopened
           when closed, while /healthz and the seed article's extract are probed: both
           answer 200 with p99 < 50 ms.

    python -m tests.load.mixed --port PORT --server-pid PID mixed loop   # a running server
    python -m tests.load.mixed flood hold                                 # starts its own

The clients run at the priority of the server's workers (CLIENT_NICE raises theirs): on
one machine a client starved by the heavy lane's processes would measure itself, not the
server; at equal priority the ratios show what the heavy lane takes from ordinary work.
The attackers of hold run at nice 10 (they only hold sockets). Each run prints one JSON
line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from tests.load.client import Kind, Memory, mix, request_bytes, run_connections
from tests.load.probe import Prober
from tests.servers import ROOT, running_server

SEED = (ROOT / "seeds" / "000_7c994772bbdf61d2.txt").read_text(encoding="utf-8")
QUOTE = " 원·달러 환율은 1,352.4원에 마감했다."


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def seed_extract() -> bytes:
    return _json({"text": SEED})


def quote_audit(size: int = 400_000) -> bytes:
    """About ``size`` bytes of news with a rate quote after every paragraph (3,300 quotes)."""
    text, paragraphs = "", SEED.split("\n")
    while len(text.encode()) < size:
        text += "".join(p + QUOTE + "\n" for p in paragraphs)
    return _json({"text": text.encode()[:size].decode("utf-8", "ignore")})


def prose_and_won(size: int = 1_000_000, won: int = 9_800) -> bytes:
    """``size`` bytes: news prose (the seed without its digits), then ``won`` times "1원 "."""
    tail = "1원 " * won
    prose = re.sub(r"[0-9]", "", SEED) * (size // len(SEED.encode()) + 2)
    head = prose.encode()[: size - len(tail.encode()) - 16].decode("utf-8", "ignore")
    return _json({"text": head + tail})


def ilek(count: int = 830) -> bytes:
    return _json({"text": "일억원 " * count})


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("nan")


def _alternate(port: int, pid: int, seconds: float, rounds: int, alone: list, beside: list,
               kinds: list[Kind]) -> dict:
    """``rounds`` windows of ``alone`` and of ``beside`` in turn, ``seconds`` each: on a
    shared machine whatever else runs weighs on both alike."""
    run_connections(port, alone, 2)  # warm up
    with Memory(pid) as memory:
        for _ in range(rounds):
            run_connections(port, alone, seconds, kinds=kinds[:1])
            run_connections(port, beside, seconds, kinds=kinds[1:])
    return memory.settle()


def run_mixed(port: int, pid: int, seconds: float, connections: int, rounds: int) -> dict:
    wire = request_bytes("/v1/extract", seed_extract())
    alone, ordinary = Kind("ordinary alone", wire), Kind("ordinary", wire)
    heavy = Kind("heavy", request_bytes("/v1/audit", quote_audit()))
    settled = _alternate(port, pid, seconds, rounds, [(connections, lambda: alone)],
                         [(1, mix(ordinary, heavy, 0.1, seed=n)) for n in range(connections)], [alone, ordinary, heavy])
    window = seconds * rounds
    a, m, h = alone.summary(window), ordinary.summary(window), heavy.summary(window)
    return {"run": "mixed", "connections": connections, "seconds": window, "alone": a, "mixed": m, "heavy": h,
            "throughput_kept": _ratio(m["ok_per_s"], a["ok_per_s"]), "p99_ratio": _ratio(m["p99_ms"], a["p99_ms"]),
            "heavy_all_answered": h["unanswered"] == 0 and set(h["statuses"]) <= {200, 503}, "memory": settled}


def run_loop(port: int, pid: int, seconds: float, rounds: int) -> dict:
    wire = request_bytes("/v1/extract", seed_extract())
    alone, beside = Kind("ordinary alone", wire), Kind("ordinary", wire)
    heavy = Kind("1 MB audit", request_bytes("/v1/audit", prose_and_won()))
    settled = _alternate(port, pid, seconds, rounds, [(8, lambda: alone)], [(8, lambda: beside), (1, lambda: heavy)],
                         [alone, beside, heavy])
    window = seconds * rounds
    a, b, h = alone.summary(window), beside.summary(window), heavy.summary(window)
    return {"run": "loop", "seconds": window, "alone": a, "beside": b, "heavy": h,
            "throughput_kept": _ratio(b["ok_per_s"], a["ok_per_s"]), "memory": settled}


def run_flood(seconds: float) -> dict:
    with running_server() as server, Memory(server.proc.pid) as memory:
        flood = Kind("일억원 x 830", request_bytes("/v1/extract", ilek()))
        prober = Prober(server.base)
        run_connections(server.port, [(64, lambda: flood)], seconds)
        prober.stop()
        settled = memory.settle()
    return {"run": "flood", "seconds": seconds, "flood": flood.summary(seconds), "healthz": prober.summary(),
            "memory": settled}


def run_hold(seconds: float, silent: int, slow: int) -> dict:
    with ExitStack() as stack:
        body = stack.enter_context(tempfile.NamedTemporaryFile(suffix=".json"))
        body.write(seed_extract())
        body.flush()
        server = stack.enter_context(running_server())
        memory = stack.enter_context(Memory(server.proc.pid))
        hold = subprocess.Popen([sys.executable, "-m", "tests.load.hold", str(server.port), "--silent", str(silent),
                                 "--slow", str(slow), "--seconds", str(seconds)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True, preexec_fn=lambda: os.nice(10))
        time.sleep(2)  # the connections are open
        prober = Prober(server.base, body.name)
        held = json.loads(hold.communicate(timeout=seconds + 120)[0])
        prober.stop()
        settled = memory.settle()
    return {"run": "hold", "seconds": seconds, "held": held, "healthz": prober.summary(),
            "ordinary": prober.summary("ordinary"), "memory": settled}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", choices=["mixed", "loop", "flood", "hold"])
    ap.add_argument("--port", type=int, help="a running server (mixed, loop)")
    ap.add_argument("--server-pid", type=int, help="its process id, for its memory")
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("SECONDS_PER_RUN", 10)),
                    help="each window of mixed and loop, and the flood")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", 3)),
                    help="windows of each kind, in turn, in mixed and loop")
    ap.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", 32)))
    ap.add_argument("--hold-seconds", type=float, default=60)
    args = ap.parse_args(argv)
    os.nice(int(os.environ.get("CLIENT_NICE", 0)))
    results = []
    for name in args.runs:
        if name in ("mixed", "loop") and (args.port is None or args.server_pid is None):
            ap.error(f"{name} needs --port and --server-pid of a running server")
        if name == "mixed":
            result = run_mixed(args.port, args.server_pid, args.seconds, args.connections, args.rounds)
        elif name == "loop":
            result = run_loop(args.port, args.server_pid, args.seconds, args.rounds)
        elif name == "flood":
            result = run_flood(20)
        else:
            result = run_hold(args.hold_seconds, 1000, 1000)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        results.append(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
