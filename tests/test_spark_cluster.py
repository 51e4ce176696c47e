"""eokjo archive on a real Spark standalone cluster: a master and two one-core workers
started from the pyspark wheel (tests/spark_cluster.py), whose executors run a Python of
their own that has pyarrow but not eokjo, and cannot see the checkout. eokjo reaches them
as docs/operations.md tells users to ship it: a packed environment (venv-pack) given to
``eokjo archive --conf spark.archives=…#env --conf spark.pyspark.python=./env/bin/python``.
The tables it writes equal the local engine's, row for row."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'eokjo[archive]')")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'eokjo[spark]')")

from service import archive  # noqa: E402
from tests.archive_data import articles, sorted_rows, write_jsonl  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.recipe import scratch, venv  # noqa: E402
from tests.spark_cluster import executor_logs, java_missing, standalone_cluster  # noqa: E402
from units.archive.schemas import TABLES  # noqa: E402

pytestmark = pytest.mark.cluster  # make test-cluster

EOKJO = Path(sys.executable).with_name("eokjo")


@pytest.fixture(scope="module")
def folder():
    path = scratch("eokjo-cluster-")  # outside the checkout
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(folder: Path):
    why = java_missing()
    if why:
        pytest.skip(why)
    with standalone_cluster(folder / "cluster", workers=2, cores=1, memory="2g") as running:
        yield running


@pytest.fixture(scope="module")
def pythons(folder: Path, wheels: Path) -> tuple[Path, Path]:
    """eokjo packed for the executors, and their own Python without it. The packed
    environment is a venv with its interpreter copied, not linked (Spark will not unpack
    a link that points outside the archive), packed with venv-pack, as
    docs/operations.md does it. Once packed, eokjo is uninstalled from that venv, which
    is then the executors' own Python: pyarrow and eokjo's dependencies, no eokjo."""
    python = venv(folder / "eokjo-env", wheels, "eokjo[archive]", copies=True)
    packed = folder / "eokjo-env.tar.gz"
    subprocess.run([str(Path(sys.executable).with_name("venv-pack")), "--prefix", str(folder / "eokjo-env"),
                    "--output", str(packed), "--quiet"], check=True, capture_output=True)
    subprocess.run([str(python), "-m", "pip", "uninstall", "--yes", "--quiet", "eokjo"], check=True, capture_output=True)
    return python, packed


@pytest.fixture(scope="module")
def news(folder: Path) -> Path:
    return write_jsonl(folder / "news.jsonl", articles(600))


def _driver_env() -> dict[str, str]:
    """The environment `eokjo archive` runs in: nothing that points at the checkout, and
    Spark's driver on the loopback address, as the cluster is."""
    drop = ("PYTHONPATH", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "PYSPARK_SUBMIT_ARGS")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("EOKJO_")}
    return env | {"SPARK_LOCAL_IP": "127.0.0.1"}


def _archive(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(EOKJO), "archive", *args], cwd=cwd, env=_driver_env(), capture_output=True, text=True,
                          timeout=600)


def test_the_executors_python_cannot_import_eokjo(cluster, pythons, news: Path, folder: Path) -> None:
    """Without the packed environment the job fails as the issue saw it, and says what to do."""
    cluster_python, _ = pythons
    assert subprocess.run([str(cluster_python), "-c", "import pyarrow, pydantic"], cwd=folder).returncode == 0
    assert subprocess.run([str(cluster_python), "-c", "import units"], cwd=folder, capture_output=True).returncode == 1
    done = _archive(folder, str(news), "--out", "unshipped", "--engine", "spark", "--master", cluster.master,
                    "--conf", f"spark.pyspark.python={cluster_python}", "--conf", "spark.task.maxFailures=1")
    assert done.returncode == 2, done.stderr[-3000:]
    message = " ".join(done.stderr.split())
    assert "the Spark executors' Python cannot import eokjo (No module named 'service')" in message, message[-3000:]
    assert "spark.archives=eokjo-env.tar.gz#env" in message
    ran = [log for log in executor_logs(cluster).values() if "Running task" in log]
    assert ran, "no executor ran a task"


def test_the_cluster_writes_the_local_engines_tables(cluster, pythons, news: Path, folder: Path) -> None:
    _, packed = pythons
    local = folder / "local"
    archive.run_local(archive.Job([news], local), processes=2, progress=False)
    before = set(executor_logs(cluster))
    done = _archive(folder, str(news), "--out", "shipped", "--engine", "spark", "--master", cluster.master,
                    "--conf", f"spark.archives={packed}#env", "--conf", "spark.pyspark.python=./env/bin/python")
    assert done.returncode == 0, done.stderr[-3000:]
    (printed,) = re.findall(r"│ articles\s*│\s*([\d,]+) │", done.stdout)
    assert int(printed.replace(",", "")) == archive.read_table(local, "articles").num_rows >= 600
    out = folder / "shipped"  # --out was relative: the executors wrote where the command ran
    for name in TABLES:
        remote, mine = archive.read_table(out, name), archive.read_table(local, name)
        assert remote.num_rows == mine.num_rows > 0, name
        assert sorted_rows(remote, name) == sorted_rows(mine, name), name
    # two executors, each with the environment unpacked beside it, each ran tasks
    logs = {k: v for k, v in executor_logs(cluster).items() if k not in before}
    assert len(logs) == 2 and {k.split("/")[0] for k in logs} == {"worker-0", "worker-1"}, sorted(logs)
    for where, log in logs.items():
        assert "Unpacking an archive" in log and "Running task" in log, where
        assert (cluster.folder / where / "env" / "bin" / "python").is_file(), where
    assert not any(Path(p).is_relative_to(ROOT) for p in (out, cluster.folder, packed))
