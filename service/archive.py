"""``eokjo archive``: an archive of articles (JSON Lines or Parquet) audited into Parquet
tables, on this machine (``local``: worker processes) or on Apache Spark (``spark``:
``mapInArrow``). Both engines run one step in their workers, :func:`audit_part`: parse,
:func:`units.archive.audit_batch`, and write the task's part of each table,
``DIR/{figures,pairs,rate_quotes,articles,errors}/part-*.parquet``. The datasets are the
same whichever engine wrote them; only the part names differ.
"""

from __future__ import annotations

import glob
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from units.archive import TABLES, Columns, articles_from_json_lines, audit_batch, warm

__all__ = ["Job", "is_local", "sources", "run_local", "run_spark", "spark_session", "stop_spark", "NotOnExecutors",
           "read_table", "summary", "prepare_output", "JSON_SUFFIXES"]

JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class Job:
    """One archive run: where from, where to, and how. For Spark, ``inputs`` and ``out``
    may be URIs (``s3a://bucket/news/``, ``gs://``, ``hdfs://``) with ``input_format``."""

    inputs: list[Path | str]
    out: Path | str
    columns: Columns = field(default_factory=Columns)
    rate: str | None = None
    batch_rows: int = 256
    input_format: str | None = None  # jsonl | parquet; None: by each file's suffix

    @property
    def bytes(self) -> int:
        """The input's size, when it is on this machine (else 0)."""
        return sum(Path(p).stat().st_size for p in self.inputs if is_local(p) and Path(p).is_file())

    def format_of(self, path: Path | str) -> str:
        if self.input_format:
            return self.input_format
        return "parquet" if str(path).rstrip("/").endswith(PARQUET_SUFFIXES) else "jsonl"


def is_local(path: Path | str) -> bool:
    return "://" not in str(path) or str(path).startswith("file://")


def _absolute(path: Path | str) -> Path | str:
    """A local path made absolute here; a URI unchanged."""
    return Path(str(path).removeprefix("file://")).resolve() if is_local(path) else path


def sources(spec: str) -> list[Path]:
    """The JSON Lines and Parquet files a file, a folder or a glob names, sorted."""
    path = Path(spec)
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.is_file() and p.suffix in JSON_SUFFIXES + PARQUET_SUFFIXES]
    elif path.is_file():
        found = [path]
    else:
        found = [Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file()]
    found = sorted(p for p in found if not p.name.startswith((".", "_")))
    if not found:
        raise FileNotFoundError(f"{spec}: no JSON Lines (.jsonl, .ndjson, .json) or Parquet (.parquet) files")
    odd = [str(p) for p in found if p.suffix not in JSON_SUFFIXES + PARQUET_SUFFIXES]
    if odd:
        raise ValueError(f"not JSON Lines or Parquet: {', '.join(odd[:3])}")
    return found


def _filesystem(out: Path | str):
    """The pyarrow filesystem of ``out`` and the path on it (local paths, or URIs such as
    s3://, gs://, hdfs:// that pyarrow knows)."""
    import pyarrow.fs as pafs

    if is_local(out):
        return pafs.LocalFileSystem(), str(Path(str(out).removeprefix("file://")).resolve())
    fs, path = pafs.FileSystem.from_uri(str(out))
    return fs, path.rstrip("/")


def prepare_output(out: Path | str, overwrite: bool) -> None:
    """Refuse to write over an earlier run unless asked to; then clear its tables."""
    import pyarrow.fs as pafs

    fs, root = _filesystem(out)
    existing = [name for name in TABLES if fs.get_file_info(f"{root}/{name}").type != pafs.FileType.NotFound]
    if existing and not overwrite:
        raise FileExistsError(f"{out} already holds an archive ({', '.join(existing)}); "
                              "give --overwrite to replace it, or another --out")
    for name in existing:
        fs.delete_dir(f"{root}/{name}")
    fs.create_dir(root, recursive=True)


# ------------------------------------------------------------------ reading batches


def _parquet_tasks(path: Path, job: Job, rows: int) -> Iterator[tuple[pa.RecordBatch, int]]:
    f = pq.ParquetFile(path)
    total = max(f.metadata.num_rows, 1)
    size = path.stat().st_size
    names = set(f.schema_arrow.names)
    wanted = [c for c in (job.columns.id, job.columns.text, job.columns.date, job.columns.outlet) if c in names]
    for batch in f.iter_batches(batch_size=rows, columns=wanted):
        yield batch, size * batch.num_rows // total


def _json_tasks(path: Path, job: Job, rows: int) -> Iterator[tuple[list[bytes], int]]:
    with path.open("rb") as f:
        lines: list[bytes] = []
        size = 0
        for line in f:
            lines.append(line)
            size += len(line)
            if len(lines) == rows:
                yield lines, size
                lines, size = [], 0
        if lines:
            yield lines, size


def tasks(job: Job, rows: int) -> Iterator[tuple[list[bytes] | pa.RecordBatch, int]]:
    """The job's articles in tasks of ``rows``: raw JSON lines (parsed by the worker) or a
    Parquet record batch, with the input bytes each covers."""
    for path in job.inputs:
        yield from (_parquet_tasks if job.format_of(path) == "parquet" else _json_tasks)(Path(path), job, rows)


# ------------------------------------------------------------------ one step for both engines


class Parts:
    """The part files one task writes: ``OUT/<table>/<name>.parquet`` for each table that
    has rows, written under a temporary name and moved into place when complete, so a
    retried task (Spark) replaces its own part and a reader never sees half a file. Rows
    are written in row groups of about :attr:`ROW_GROUP`, not one per batch."""

    ROW_GROUP = 65536  # rows a table gathers before they are written as one Parquet row group

    def __init__(self, out: Path | str, name: str) -> None:
        self.fs, root = _filesystem(out)
        self.root, self.name, self.writers, self.rows = root.rstrip("/"), name, {}, dict.fromkeys(TABLES, 0)
        self.pending: dict[str, list[pa.RecordBatch]] = {table: [] for table in TABLES}
        self.tmp = f".{name}.{os.getpid()}.{time.monotonic_ns()}.tmp"

    def write(self, tables: dict[str, pa.RecordBatch]) -> None:
        for table, batch in tables.items():
            if batch.num_rows:
                self.pending[table].append(batch)
                self.rows[table] += batch.num_rows
                if sum(b.num_rows for b in self.pending[table]) >= self.ROW_GROUP:
                    self._flush(table)

    def _flush(self, table: str) -> None:
        writer = self.writers.get(table)
        if writer is None:
            self.fs.create_dir(f"{self.root}/{table}", recursive=True)
            writer = self.writers[table] = pq.ParquetWriter(f"{self.root}/{table}/{self.tmp}", TABLES[table],
                                                            filesystem=self.fs)
        writer.write_table(pa.Table.from_batches(self.pending[table], schema=TABLES[table]))
        self.pending[table] = []

    def close(self) -> dict[str, int]:
        for table, batches in self.pending.items():
            if batches:
                self._flush(table)
        for table, writer in self.writers.items():
            writer.close()
            self.fs.move(f"{self.root}/{table}/{self.tmp}", f"{self.root}/{table}/{self.name}.parquet")
        return self.rows


def audit_part(articles: Iterator[pa.RecordBatch], parts: Parts, columns: Columns, rate: str | None,
               batch_rows: int) -> dict[str, int]:
    """Audit record batches of articles (at most ``batch_rows`` at a time) into ``parts``:
    the step every engine runs, inside its workers."""
    for batch in articles:
        for start in range(0, batch.num_rows, batch_rows):
            parts.write(audit_batch(batch.slice(start, batch_rows), columns=columns, rate=rate))
    return parts.close()


# ------------------------------------------------------------------ the local engine

_WORKER: dict = {}


def _init_worker(job: Job) -> None:
    _WORKER["job"] = job
    _settle()


def _settle() -> None:
    """Load the lexicons, matcher and rate history in this worker, once, and keep them out
    of the garbage collector's full passes (as the service does): they live as long as
    the worker, and walking them on every pass costs more than the audit's own work."""
    import gc

    if not _WORKER.get("settled"):
        warm()
        gc.collect()
        gc.freeze()
        _WORKER["settled"] = True


def _local_task(index: int, payloads: list[list[bytes] | pa.RecordBatch]) -> dict[str, int]:
    job: Job = _WORKER["job"]
    articles = (articles_from_json_lines(p, job.columns) if isinstance(p, list) else p for p in payloads)
    return audit_part(articles, Parts(job.out, f"part-{index:05d}"), job.columns, job.rate, job.batch_rows)


TASK_BATCHES = 4  # record batches per local task: one part file per table per task


def _grouped(job: Job, processes: int) -> Iterator[tuple[list[list[bytes] | pa.RecordBatch], int, int]]:
    """The job's record batches in tasks of :data:`TASK_BATCHES`, with their bytes and
    rows; towards the end of the input, a batch per task, so that no worker sits idle
    while another finishes a long last task."""
    total, seen, count = job.bytes, 0, 0
    group: list = []
    size = rows = 0
    for payload, n_bytes in tasks(job, job.batch_rows):
        seen, count = seen + n_bytes, count + 1
        group.append(payload)
        size += n_bytes
        rows += len(payload) if isinstance(payload, list) else payload.num_rows
        near_end = total > 0 and total - seen <= 2 * processes * TASK_BATCHES * seen / count
        if len(group) == TASK_BATCHES or near_end:
            yield group, size, rows
            group, size, rows = [], 0, 0
    if group:
        yield group, size, rows


@contextmanager
def _frozen_for_fork():
    """Load eokjo here and freeze this process's objects out of the collector's passes
    while the workers fork: they then start warm, and their collector never walks the
    inherited objects, which would copy every page that holds one (copy-on-write).
    Afterwards the objects are thawed again, unless the caller had frozen some itself
    (as the service does): gc cannot thaw part of what it froze."""
    import gc

    warm()
    thaw = gc.get_freeze_count() == 0
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        if thaw:
            gc.unfreeze()


def run_local(job: Job, processes: int = 2, progress: bool = True) -> None:
    """Audit the job's articles in ``processes`` worker processes. Each task (a few
    thousand articles) is parsed, audited and written by its worker, so the parent only
    reads and hands out; parts are numbered in the order of the input."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    Path(job.out).mkdir(parents=True, exist_ok=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rows]:,} rows"),
                   TransferSpeedColumn(), TimeRemainingColumn(), disable=not progress, transient=True,
                   console=Console(stderr=True))
    with bar, _frozen_for_fork(), ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(job,)) as pool:
        task = bar.add_task("auditing", total=job.bytes, rows=0)
        pending: list = []
        done = 0

        def collect() -> None:
            nonlocal done
            future, size, n = pending.pop(0)
            future.result()
            done += n
            bar.update(task, advance=size, rows=done)

        for index, (payloads, size, n) in enumerate(_grouped(job, processes)):
            pending.append((pool.submit(_local_task, index, payloads), size, n))
            while len(pending) >= 2 * processes:  # bounded: a few tasks in flight at a time
                collect()
        while pending:
            collect()


# ------------------------------------------------------------------ the Spark engine
# One mapInArrow runs, in every Python worker, the step the local engine runs: each
# partition is audited and written as its own parts (part-s<partition>), named by the
# partition so that a retried task replaces its own files. Spark gets back one small row
# per table written.

MANIFEST = pa.schema([("table", pa.string()), ("part", pa.string()), ("rows", pa.int64())])


def _spark_step(job: Job, json_lines: bool):
    def run(batches):
        from pyspark import TaskContext

        _settle()
        partition = TaskContext.get().partitionId()
        if json_lines:
            batches = (articles_from_json_lines(b.column(0).to_pylist(), job.columns) for b in batches)
        name = f"part-s{'j' if json_lines else 'p'}{partition:05d}"
        rows = audit_part(batches, Parts(job.out, name), job.columns, job.rate, job.batch_rows)
        written = [(table, name, n) for table, n in rows.items() if n]
        yield pa.RecordBatch.from_pylist([dict(zip(MANIFEST.names, w)) for w in written], schema=MANIFEST)
    return run


def spark_session(master: str = "local[2]", conf: dict[str, str] | None = None, batch_rows: int = 256):
    """The Spark session an archive runs in. ``conf`` is Spark settings: ``spark.archives``
    to ship a packed environment to the executors, ``spark.pyspark.python`` for the Python
    they run it with, memory."""
    from pyspark.sql import SparkSession

    conf = dict(conf or {})
    # The executors' Python: PySpark reads it from PYSPARK_PYTHON when the session starts
    # in a running Python (as here), not from spark.pyspark.python, which it reads only
    # when spark-submit starts the driver; eokjo honours the setting either way.
    if "spark.pyspark.python" in conf:
        os.environ["PYSPARK_PYTHON"] = conf["spark.pyspark.python"]
    elif master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
    builder = (SparkSession.builder.master(master).appName("eokjo archive")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.log.level", "ERROR").config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
               .config("spark.driver.memory", os.environ.get("EOKJO_SPARK_DRIVER_MEMORY", "2g")))
    # The JVM only reads the input and hands Arrow batches to Python: the optimizing JIT
    # tier costs it more CPU (taken from the Python workers) than it saves on a job of
    # minutes. In local mode the driver is the executor; on a cluster, the executors.
    java = os.environ.get("EOKJO_SPARK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1")
    builder = builder.config("spark.driver.extraJavaOptions" if master.startswith("local")
                             else "spark.executor.extraJavaOptions", java)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_spark(job: Job, master: str = "local[2]", partitions: int | None = None, spark=None,
              conf: dict[str, str] | None = None) -> dict[str, int]:
    """Audit the job's articles with Spark (``mapInArrow``), writing the same tables as
    the local engine; returns the rows written per table. Without ``spark``, in a session
    of :func:`spark_session` (``master``, ``conf``), stopped afterwards."""
    from pyspark.sql.pandas.types import from_arrow_schema

    # Executors resolve a relative path against their own working folder: give them this one's.
    job = replace(job, out=_absolute(job.out), inputs=[_absolute(p) for p in job.inputs])
    own = spark is None
    if own:
        spark = spark_session(master, conf, job.batch_rows)
    try:
        frames = []
        json_files = [str(p) for p in job.inputs if job.format_of(p) == "jsonl"]
        parquet_files = [str(p) for p in job.inputs if job.format_of(p) == "parquet"]
        manifest = from_arrow_schema(MANIFEST)
        # Spread the input over every core: by split size when its size is known here (no
        # shuffle), else by repartitioning what arrives.
        partitions = partitions or 2 * spark.sparkContext.defaultParallelism
        if job.bytes:
            spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(job.bytes // partitions + 1, 1 << 20)))
        if json_files:
            lines = spark.read.text(json_files)
            if lines.rdd.getNumPartitions() < partitions:
                lines = lines.repartition(partitions)
            frames.append(lines.mapInArrow(_spark_step(job, json_lines=True), manifest))
        if parquet_files:
            c = job.columns
            articles = spark.read.parquet(*parquet_files)
            articles = articles.select(*[n for n in (c.id, c.text, c.date, c.outlet) if n in articles.columns])
            if articles.rdd.getNumPartitions() < partitions:
                articles = articles.repartition(partitions)
            frames.append(articles.mapInArrow(_spark_step(job, json_lines=False), manifest))
        try:
            written = [row for frame in frames for row in frame.collect()]
        except Exception as exc:
            _raise_if_missing_on_executors(exc)
            raise
        return {table: sum(r["rows"] for r in written if r["table"] == table) for table in TABLES}
    finally:
        if own:
            stop_spark(spark)


class NotOnExecutors(RuntimeError):
    """The Spark executors' Python cannot import eokjo: it was neither installed on them
    nor shipped with the job."""


SHIP_EOKJO = ("ship it with the job (--conf spark.archives=eokjo-env.tar.gz#env --conf "
              "spark.pyspark.python=./env/bin/python, a packed environment: docs/operations.md) "
              "or install eokjo[archive] in the executors' Python")


def _raise_if_missing_on_executors(exc: BaseException) -> None:
    missing = re.search(r"No module named '((?:units|service)\b[\w.]*)'", str(exc))
    if missing:
        raise NotOnExecutors(f"the Spark executors' Python cannot import eokjo (No module named "
                             f"'{missing.group(1)}'): {SHIP_EOKJO}") from None


def stop_spark(spark) -> None:
    """Stop a session eokjo started. PySpark's ``stop`` then waits for its accumulator
    server's poll loop (0.5 s a round, about a second in all); eokjo uses no
    accumulators, so that server is asked to stop and left to finish on its own."""
    import threading

    context = spark.sparkContext
    server = getattr(context, "_accumulatorServer", None)
    if server is not None:
        context._accumulatorServer = None
        threading.Thread(target=server.shutdown, name="accumulator-server-stop", daemon=True).start()
    spark.stop()


# ------------------------------------------------------------------ reading the output


def read_table(out: Path, name: str) -> pa.Table:
    """A table of an audited archive, with its schema (empty when no rows were written)."""
    folder = out / name
    files = [p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_"))] if folder.exists() else []
    if not files:
        return TABLES[name].empty_table()
    import pyarrow.dataset as ds  # here: it imports pandas, which no worker needs

    table = ds.dataset([str(p) for p in sorted(files)], format="parquet").to_table()
    return table.select(TABLES[name].names).cast(TABLES[name])


def summary(out: Path) -> dict[str, int]:
    """Counts of an audited archive, from its tables."""
    articles = read_table(out, "articles")
    counts = {name: read_table(out, name).num_rows for name in TABLES}
    for column in ("consistent", "inconsistent", "magnitude_error", "not_checkable", "stale"):
        counts[f"pairs_{column}"] = int(pc.sum(articles.column(column)).as_py() or 0)
    return counts


def timed(run, *args, **kwargs) -> float:
    started = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - started
