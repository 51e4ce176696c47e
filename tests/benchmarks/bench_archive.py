"""make bench-archive: throughput of eokjo archive on a generated news archive.

Reports articles/s and MB/s for units.audit in a plain loop (the baseline), the local
engine with 1 and 2 processes, and Spark local[2]; parallel efficiency (2 processes
against 1); Spark's overhead against the local engine; and the peak memory (PSS) of Spark's
Python workers and JVM. Run: python -m tests.benchmarks.bench_archive [--articles N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

import units
from service import archive
from tests.archive_data import articles, write_jsonl


PYTHON_WORKERS = "pyspark.daemon"  # Spark's Python daemon and the workers it forks


def _rss_mb(match: str) -> float:
    """Summed proportional memory (PSS, MB) of the processes whose command line contains
    ``match``: forked workers share their parent's pages, and PSS counts each shared page
    once across them (their summed RSS would count it in every worker)."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if match in cmd:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class Peak:
    """Samples the memory of matching processes every 0.2 s; keeps the peak."""

    def __init__(self, *matches: str) -> None:
        self.matches, self.peaks, self._stop = matches, dict.fromkeys(matches, 0.0), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for m in self.matches:
                self.peaks[m] = max(self.peaks[m], _rss_mb(m))

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def spark_run(source: str, out: str) -> None:
    """One Spark run in this fresh process, with its start; prints its seconds."""
    archive.prepare_output(out, overwrite=True)
    print(archive.timed(archive.run_spark, archive.Job([Path(source)], Path(out)), master="local[2]"))


def main() -> None:
    if sys.argv[1:2] == ["--spark-run"]:
        return spark_run(*sys.argv[2:4])
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()
    console = Console()
    work = Path(tempfile.mkdtemp(prefix="eokjo-bench-archive-"))
    rows = articles(args.articles, bad=False, parts=(10, 30))
    source = write_jsonl(work / "news.jsonl", rows)
    size_mb = source.stat().st_size / 1e6
    console.print(f"{len(rows):,} articles, {size_mb:.1f} MB of JSON Lines in {source}")

    try:
        import pyspark  # noqa: F401
    except ImportError:
        spark = False
        console.print("[yellow]pyspark is not installed: no Spark figures[/yellow]")
    else:
        spark = True
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    def plain() -> None:  # the baseline: units.audit in a plain loop
        for row in rows:
            units.audit(row["text"], date=row.get("date"))

    runs = {"units.audit, plain loop": plain}
    for processes in (1, 2):
        def local(processes: int = processes) -> None:
            archive.prepare_output(work / f"local{processes}", overwrite=True)
            archive.run_local(archive.Job([source], work / f"local{processes}"), processes=processes, progress=False)
        runs[f"local engine, {processes} process{'es' * (processes > 1)}"] = local
    if spark:
        def on_spark() -> float:
            # In a process of its own: a JVM stays up in the process that started it, and
            # a second run would not pay for starting one.
            done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_archive", "--spark-run",
                                   str(source), str(work / "spark")], check=True, capture_output=True, text=True)
            return float(done.stdout.strip().splitlines()[-1])
        runs["Spark local[2] (with its start)"] = on_spark

    # Every run, round after round; each run's best round counts (this machine is shared
    # and noisy, and the baseline gets the same treatment as the engines).
    rounds: dict[str, list[float]] = {name: [] for name in runs}
    memory = {"Spark Python workers": 0.0, "Spark JVM (driver and executor)": 0.0}
    for _ in range(args.rounds):
        for name, run in runs.items():
            with Peak(PYTHON_WORKERS, "org.apache.spark.deploy.SparkSubmit") as peak:
                started = time.perf_counter()
                seconds = run()
                rounds[name].append(seconds if seconds is not None else time.perf_counter() - started)
            if name.startswith("Spark"):
                memory = {"Spark Python workers": max(memory["Spark Python workers"], peak.peaks[PYTHON_WORKERS]),
                          "Spark JVM (driver and executor)": max(memory["Spark JVM (driver and executor)"],
                                                                 peak.peaks["org.apache.spark.deploy.SparkSubmit"])}
    results = {name: min(times) for name, times in rounds.items()}
    if not spark:
        memory = {}

    base = results["units.audit, plain loop"]
    table = Table(title=f"eokjo archive, {len(rows):,} articles ({size_mb:.1f} MB), {os.cpu_count()} CPUs, "
                        f"best of {args.rounds}")
    for col in ("run", "seconds", "articles/s", "MB/s", "× plain loop"):
        table.add_column(col, justify="left" if col == "run" else "right")
    for name, seconds in results.items():
        table.add_row(name, f"{seconds:.1f}", f"{len(rows) / seconds:,.0f}", f"{size_mb / seconds:.2f}",
                      f"{base / seconds:.2f}")
    console.print(table)
    one, two = results["local engine, 1 process"], results["local engine, 2 processes"]
    lines = [f"parallel efficiency, 2 processes against 1: {one / (2 * two):.0%}"]
    spark = results.get("Spark local[2] (with its start)")
    if spark:
        lines.append(f"Spark local[2] against the local engine with 2 processes: {spark / two:.2f}× the time "
                     f"({spark - two:+.1f} s)")
    lines += [f"peak memory, {k}: {v:,.0f} MB" for k, v in memory.items()]
    for line in lines:
        console.print(line)
    (work / "results.json").write_text(json.dumps({"articles": len(rows), "mb": size_mb, "seconds": results,
                                                   "rounds": rounds, "memory_mb": memory}, indent=2))
    console.print(f"results: {work / 'results.json'}")


if __name__ == "__main__":
    main()
