"""make bench-archive: eokjo archive on a generated archive of news (at least 100,000
articles from the fixture corpora and the shared real-news excerpts), three ways:

- ``units.audit`` in a plain loop (the baseline);
- the local engine with 2 processes;
- a Spark standalone cluster on this machine (a master and two workers of one core,
  tests/spark_cluster.py), whose executors get eokjo as a packed environment shipped
  with the job (``spark.archives``), as on a real cluster.

Each run is a fresh process, so it pays for its own start, and is timed in two parts: the
start (measured: everything before the real work, ending with a job of two articles that
makes every worker load eokjo: the JVM and the session, both executors registered, the
environment unpacked, the Python workers started) and the work (the archive itself, on the
warm workers). Reports total seconds, start, work, articles/s with and without the start,
and the peak memory (PSS) of each kind of process.

    python -m tests.benchmarks.bench_archive [--articles N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ARTICLE_PARTS = (10, 30)  # sentences per generated article (about 3 KB, 27 figures)
TINY = 2  # articles of the job that ends the start: one per worker

# ------------------------------------------------------------------ the runs (each in a process of its own)


def _lines(source: Path):
    with source.open("rb") as f:
        yield from f


def run_plain(source: Path, out: Path, tiny: Path, cluster: dict) -> dict:
    started = time.perf_counter()
    import orjson

    import units

    for line in _lines(tiny):  # the start: imports, lexicons, matcher and rates loaded
        row = orjson.loads(line)
        units.audit(row["text"], date=row.get("date"))
    warm = time.perf_counter()
    n = 0
    for line in _lines(source):
        row = orjson.loads(line)
        units.audit(row["text"], date=row.get("date"))
        n += 1
    return {"start": warm - started, "work": time.perf_counter() - warm, "articles": n}


def run_local(source: Path, out: Path, tiny: Path, cluster: dict) -> dict:
    started = time.perf_counter()
    from service import archive

    archive.run_local(archive.Job([tiny], out / "tiny"), processes=2, progress=False)
    warm = time.perf_counter()
    archive.run_local(archive.Job([source], out / "big"), processes=2, progress=False)
    done = time.perf_counter()
    return {"start": warm - started, "work": done - warm, "rows": _rows(out / "big")}


def _rows(out: Path) -> dict[str, int]:
    """Rows written per table, from the Parquet footers (reading the tables back would
    take more memory than the run itself)."""
    import pyarrow.parquet as pq

    return {table.name: sum(pq.ParquetFile(f).metadata.num_rows for f in table.glob("*.parquet"))
            for table in sorted(out.iterdir()) if table.is_dir()}


def run_cluster(source: Path, out: Path, tiny: Path, cluster: dict) -> dict:
    started = time.perf_counter()
    from service import archive

    conf = {"spark.archives": f"{cluster['env']}#env", "spark.pyspark.python": "./env/bin/python",
            "spark.executor.cores": "1", "spark.executor.memory": "1g"}
    spark = archive.spark_session(cluster["master"], conf)
    try:
        status = spark.sparkContext._jsc.sc()
        while status.getExecutorMemoryStatus().size() < 3:  # the driver and both executors
            time.sleep(0.1)
        registered = time.perf_counter()
        archive.run_spark(archive.Job([tiny], out / "tiny"), spark=spark, partitions=TINY)
        warm = time.perf_counter()
        rows = archive.run_spark(archive.Job([source], out / "big"), spark=spark)
        done = time.perf_counter()
    finally:
        archive.stop_spark(spark)
    return {"start": warm - started, "work": done - warm, "registered": registered - started, "rows": rows}


RUNS = {"plain": run_plain, "local": run_local, "cluster": run_cluster}
TITLES = {"plain": "`units.audit` in a plain loop", "local": "local engine, 2 processes",
          "cluster": "standalone cluster, 2 executors of 1 core"}

# ------------------------------------------------------------------ memory, per process


def _processes(root: int) -> dict[int, str]:
    """Every process under ``root`` (itself included), with its command line."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        todo.extend(children)
    out = {}
    for pid in tree:
        try:
            out[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    return out


KINDS = [("executor JVM", "CoarseGrainedExecutorBackend"), ("worker JVM", "deploy.worker.Worker"),
         ("master JVM", "deploy.master.Master"), ("driver JVM", "SparkSubmit"),
         ("executor Python", "pyspark.daemon"), ("executor Python", "pyspark.worker")]


def _kind(cmdline: str, run_pid: int, pid: int) -> str | None:
    for kind, mark in KINDS:
        if mark in cmdline:
            return kind
    if pid == run_pid:
        return "main Python"  # the loop itself, the local engine's parent, or Spark's driver
    if "python" in cmdline and "bench_archive" in cmdline:
        return "local worker"  # the local engine's forked workers
    return None


def _pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class Peaks:
    """Samples every process of a run and of the cluster twice a second: its
    proportional memory (PSS: a page that forked processes share counts once, split
    between them) and its CPU time. Keeps each kind's peak for one process, how many
    processes of the kind there were, and the CPU time they used during the run (up to
    their last sample)."""

    def __init__(self, roots: list[int], run_pid: int) -> None:
        self.roots, self.run_pid = roots, run_pid
        self.peak: dict[str, float] = {}
        self.count: dict[str, set[int]] = {}
        self.cpu_first: dict[int, float] = {p: _cpu_seconds(p) for r in roots for p in _processes(r)}
        self.cpu_last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for root in self.roots:
                for pid, cmdline in _processes(root).items():
                    kind = _kind(cmdline, self.run_pid, pid)
                    if kind:
                        self.peak[kind] = max(self.peak.get(kind, 0.0), _pss_mb(pid))
                        self.count.setdefault(kind, set()).add(pid)
                        self.cpu_last[pid] = (kind, _cpu_seconds(pid))

    def stop(self) -> dict[str, tuple[float, int, float]]:
        """{kind: (peak MB of one process, processes, CPU seconds)}."""
        self._stop.set()
        self._thread.join()
        cpu: dict[str, float] = {}
        for pid, (kind, seconds) in self.cpu_last.items():
            cpu[kind] = cpu.get(kind, 0.0) + seconds - self.cpu_first.get(pid, 0.0)
        return {kind: (mb, len(self.count[kind]), cpu.get(kind, 0.0)) for kind, mb in sorted(self.peak.items())}


# ------------------------------------------------------------------ the bench


def _unpacking_seconds(cluster_folder: Path, since: float) -> list[float]:
    """How long each executor of a run took to unpack the shipped environment (its log)."""
    out = []
    for log in cluster_folder.glob("worker-*/app-*/*/stderr"):
        if log.stat().st_mtime < since:
            continue
        lines = log.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if "Unpacking an archive" in line and i + 1 < len(lines):
                stamps = [re.match(r"(\d\d/\d\d/\d\d \d\d:\d\d:\d\d)", x) for x in (line, lines[i + 1])]
                if all(stamps):
                    a, b = (datetime.strptime(m.group(1), "%y/%m/%d %H:%M:%S") for m in stamps)
                    out.append((b - a).total_seconds())
    return out


def _one(name: str, source: Path, work: Path, tiny: Path, cluster: dict, roots: list[int]) -> dict:
    out = work / f"out-{name}"
    shutil.rmtree(out, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYSPARK_PYTHON", "PYTHONPATH")}
    env["SPARK_LOCAL_IP"] = "127.0.0.1"
    since = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "tests.benchmarks.bench_archive", "--run", name, str(source),
                             str(out), str(tiny), json.dumps(cluster)], stdout=subprocess.PIPE, env=env, text=True)
    peaks = Peaks([proc.pid, *(roots if name == "cluster" else [])], proc.pid)
    stdout, _ = proc.communicate()
    memory = peaks.stop()
    load = os.getloadavg()[1]  # the machine's load over the last 5 minutes: other users' work too
    if proc.returncode != 0:
        raise SystemExit(f"the {name} run failed (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["memory"], result["load"] = memory, load
    if name == "cluster":
        result["unpacking"] = _unpacking_seconds(Path(cluster["folder"]), since)
    return result


def _ship(work: Path) -> Path:
    """eokjo packed for the executors, as the cluster test and docs/operations.md do it."""
    from tests.recipe import venv, wheelhouse

    for earlier in ("build", "eokjo-env"):
        shutil.rmtree(work / earlier, ignore_errors=True)
    wheels = wheelhouse(work / "build", "pyarrow")
    venv(work / "eokjo-env", wheels, "eokjo[archive]", copies=True)
    packed = work / "eokjo-env.tar.gz"
    subprocess.run([str(Path(sys.executable).with_name("venv-pack")), "--prefix", str(work / "eokjo-env"),
                    "--output", str(packed), "--quiet", "--force"], check=True)
    return packed


def _table(results: dict, n: int, mb: float) -> list[str]:
    base = results.get("plain") or next(iter(results.values()))
    plain = base["start"] + base["work"]
    rows = ["| run | total s | start s | work s | articles/s | articles/s without the start | × plain loop (total) | "
            "peak memory per process, PSS |", "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        total = r["start"] + r["work"]
        memory = "; ".join(f"{kind} {mb_:,.0f} MB" + (f" (×{count})" if count > 1 else "")
                           for kind, (mb_, count, _) in r["memory"].items())
        rows.append(f"| {TITLES[name]} | {total:.1f} | {r['start']:.1f} | {r['work']:.1f} | {n / total:,.0f} | "
                    f"{n / r['work']:,.0f} | {plain / total:.2f} | {memory} |")
    return rows


def main() -> None:
    if sys.argv[1:2] == ["--run"]:
        name, source, out, tiny, cluster = sys.argv[2:7]
        result = RUNS[name](Path(source), Path(out), Path(tiny), json.loads(cluster))
        print(json.dumps(result, default=str))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", default="plain,local,cluster", help="which runs, in this order")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    from tests.archive_data import articles, real_texts, sentences, write_jsonl
    from tests.spark_cluster import java_missing, standalone_cluster

    work = args.keep or Path(tempfile.mkdtemp(prefix="eokjo-bench-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    real = real_texts()
    source = write_jsonl(work / "news.jsonl", articles(args.articles, bad=False, parts=ARTICLE_PARTS,
                                                       pool=sentences() + real))
    tiny = write_jsonl(work / "tiny.jsonl", articles(TINY, bad=False, seed=1))
    mb = source.stat().st_size / 1e6
    print(f"{args.articles:,} articles, {mb:.1f} MB of JSON Lines ({len(real)} real-news paragraphs in the pool of "
          f"sentences), {os.cpu_count()} CPUs; in {work}", flush=True)
    runs = args.runs.split(",")
    results: dict[str, dict] = {}
    if "cluster" in runs and java_missing():
        print(f"no cluster run: {java_missing()}")
        runs.remove("cluster")
    cluster_ctx = None
    cluster: dict = {}
    try:
        if "cluster" in runs:
            packed = _ship(work)
            cluster_ctx = standalone_cluster(work / "spark-cluster", workers=2, cores=1, memory="2g")
            running = cluster_ctx.__enter__()
            cluster = {"master": running.master, "env": str(packed), "folder": str(running.folder)}
            roots = [p.pid for p in running.processes]
        else:
            roots = []
        for name in runs:
            results[name] = _one(name, source, work, tiny, cluster, roots)
            r = results[name]
            print(f"{name}: start {r['start']:.1f} s, work {r['work']:.1f} s", flush=True)
    finally:
        if cluster_ctx is not None:
            cluster_ctx.__exit__(None, None, None)
    lines = _table(results, args.articles, mb)
    lines += ["", "CPU seconds used during each run, by kind of process (and the machine's load average at its end):"]
    for name, r in results.items():
        lines.append(f"- {TITLES[name]}: " + ", ".join(f"{kind} {cpu:,.0f}" for kind, (_, _, cpu) in r["memory"].items()
                                                      if cpu >= 0.5) + f" (load {r['load']:.1f})")
    if "local" in results and "cluster" in results:
        local, spark = results["local"], results["cluster"]
        ratio = local["work"] / spark["work"]
        lines.append(f"\nwithout the start, the cluster audits {ratio:.2f}× the articles a second of the local "
                     f"engine with 2 processes (target ≥ 0.90: {'met' if ratio >= 0.9 else 'not met'})")
        lines.append(f"the cluster's start: {spark['start']:.1f} s, of which {spark['registered']:.1f} s until both "
                     f"executors registered; unpacking the environment took "
                     f"{', '.join(f'{s:.0f}' for s in spark['unpacking']) or '?'} s on the executors")
    if "plain" in results and "cluster" in results:
        plain = results["plain"]["start"] + results["plain"]["work"]
        total = results["cluster"]["start"] + results["cluster"]["work"]
        lines.append(f"the cluster, start included, is {plain / total:.2f}× the plain loop "
                     f"(target ≥ 1.50: {'met' if plain / total >= 1.5 else 'not met'})")
    print("\n".join(lines))
    saved = Path(__file__).resolve().parents[2] / ".benchmarks" / "bench_archive.json"
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps({"articles": args.articles, "mb": mb, "results": results, "table": lines},
                                indent=2, default=str))
    print(f"results: {saved}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
