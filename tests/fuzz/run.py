"""Run one atheris fuzz target for a bounded time and report what it did.

    python -m tests.fuzz.run extract --seconds 300

Seeds the corpus from fixtures/ (every text and expression there). Prints one JSON line:
executions, crashes, and the slowest input per kilobyte (as a ratio to the seed article's
per-kilobyte extraction time, measured in the same process, and as the same ratio of the
extractor's work counted by tests/work.py). A crash leaves its input in
the artifacts folder and exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seed_corpus(folder: Path) -> int:
    n = 0
    for path in sorted((ROOT / "fixtures").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            for key in ("text", "expr"):
                if isinstance(row.get(key), str):
                    (folder / f"{path.stem}-{n}").write_bytes(row[key].encode("utf-8"))
                    n += 1
            (folder / f"{path.stem}-json-{n}").write_bytes(line.encode("utf-8"))
            n += 1
    seed = (ROOT / "seeds" / "000_7c994772bbdf61d2.txt").read_bytes()
    (folder / "seed-article").write_bytes(seed)
    return n + 1


def _timed(fn, arg) -> float:
    started = time.perf_counter()
    fn(arg)
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target")
    ap.add_argument("--seconds", type=int, default=300)
    ap.add_argument("--artifacts", default=str(ROOT / ".fuzz-artifacts"))
    args = ap.parse_args()

    import atheris

    with atheris.instrument_imports(include=["units", "service", "tests.fuzz"]):
        import units  # noqa: F401
        from tests.fuzz.targets import TARGETS
    target = TARGETS[args.target]

    seed = (ROOT / "seeds" / "000_7c994772bbdf61d2.txt").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    for _ in range(20):
        units.extract(seed)
    seed_per_kb = (time.perf_counter() - t0) / 20 / (len(seed.encode()) / 1024)

    stats = {"target": args.target, "executions": 0, "slowest_per_kb_ratio": 0.0, "slowest_input_bytes": 0}
    work = Path(tempfile.mkdtemp())
    stats_file, slowest_file = work / "stats.json", work / "slowest.bin"

    def timed(data: bytes) -> None:
        started = time.perf_counter()
        target(data)
        took = time.perf_counter() - started
        stats["executions"] += 1
        if len(data) >= 64:  # per-KB ratios of tiny inputs measure call overhead, not scanning
            ratio = took / (len(data) / 1024) / seed_per_kb
            if ratio > stats["slowest_per_kb_ratio"]:
                stats["slowest_per_kb_ratio"], stats["slowest_input_bytes"] = round(ratio, 2), len(data)
                slowest_file.write_bytes(data)
        if stats["executions"] % 500 == 0:
            stats_file.write_text(json.dumps(stats))

    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{args.target}-"))
    seeded = seed_corpus(corpus)
    Path(args.artifacts).mkdir(exist_ok=True)
    pid = os.fork()
    if pid == 0:  # atheris ends the process when its time is up; the parent reports
        atheris.Setup([sys.argv[0], f"-max_total_time={args.seconds}", "-rss_limit_mb=4096",
                       f"-artifact_prefix={args.artifacts}/{args.target}-", "-print_final_stats=1", str(corpus)], timed)
        try:
            atheris.Fuzz()
        finally:
            stats_file.write_text(json.dumps(stats))
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    report = json.loads(stats_file.read_text()) if stats_file.exists() else dict(stats)
    crashes = sorted(p.name for p in Path(args.artifacts).glob(f"{args.target}-*"))
    report.update({"seconds": args.seconds, "seed_inputs": seeded, "exit": code, "crashes": crashes})
    if args.target == "extract" and slowest_file.exists():
        # one timing in a fuzz loop is noisy: time the slowest input again, best of 5
        data = slowest_file.read_bytes()
        text = data.decode("utf-8", errors="replace")
        best = min(_timed(units.extract, text) for _ in range(5))
        seed_best = min(_timed(units.extract, seed) for _ in range(5)) / (len(seed.encode()) / 1024)
        report["slowest_retimed_per_kb_ratio"] = round(best / (len(data) / 1024) / seed_best, 2)
        # the same input's work, counted: what `make test` holds it to (a count does not
        # depend on how busy the machine is)
        from tests.work import extraction_work

        seed_work = extraction_work(seed) / (len(seed.encode()) / 1024)
        report["slowest_work_per_kb_ratio"] = round(extraction_work(text) / (len(data) / 1024) / seed_work, 2)
    print(json.dumps(report))
    return 0 if code == 0 and not crashes else 1


if __name__ == "__main__":
    sys.exit(main())
