"""A real Spark standalone cluster on this machine, for the cluster test and
``make bench-archive``: a master and workers started from the pyspark wheel's
``bin/spark-class`` on 127.0.0.1, each worker with its own cores, memory and work folder,
waited for until the master counts every worker alive, and stopped with SIGTERM.

The daemons get an environment without ``PYTHONPATH``, ``PYSPARK_PYTHON`` or a virtual
environment, and run in a folder outside the checkout: the executors they start see only
what a job ships to them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NamedTuple

from tests.servers import free_port

__all__ = ["Cluster", "java_missing", "spark_home", "standalone_cluster", "daemon_env", "executor_logs"]


class Cluster(NamedTuple):
    master: str  # spark://127.0.0.1:PORT
    ui: str  # the master's web UI, whose /json/ lists the workers
    folder: Path  # the workers' folders (work/ holds each application's executors) and logs
    processes: list[subprocess.Popen]


def java_missing() -> str | None:
    """Why a Spark cluster cannot start here, or None when it can."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java: Spark needs Java 17 or newer (apt-get install openjdk-17-jre-headless)"
    return None


def spark_home() -> Path:
    """The Spark distribution inside the pyspark wheel (bin/spark-class, jars/)."""
    import pyspark

    return Path(pyspark.__file__).parent


def daemon_env() -> dict[str, str]:
    """The environment of the cluster's daemons: this one without anything that would
    let an executor's Python find eokjo (no PYTHONPATH, no virtual environment on PATH)."""
    drop = ("PYTHONPATH", "PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "VIRTUAL_ENV", "PYSPARK_SUBMIT_ARGS")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith(("EOKJO_", "SPARK_"))}
    venv_bin = os.path.dirname(os.path.abspath(sys.executable))
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if os.path.abspath(p) != venv_bin)
    env.update(SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1", SPARK_NO_DAEMONIZE="1")
    return env


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=2) as r:
        return json.loads(r.read())


def _start(args: list[str], folder: Path, name: str, env: dict[str, str]) -> subprocess.Popen:
    log = (folder / f"{name}.log").open("wb")
    return subprocess.Popen([str(spark_home() / "bin" / "spark-class"), *args], cwd=folder, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def standalone_cluster(folder: Path, *, workers: int = 2, cores: int = 1, memory: str = "2g",
                       timeout: float = 90) -> Iterator[Cluster]:
    """A master and ``workers`` workers of ``cores`` cores on 127.0.0.1, ready; stopped
    (executors, workers, then the master) when the block ends. Logs are
    ``folder/{master,worker-N}.log``; worker N's executors run in ``folder/worker-N/``."""
    folder.mkdir(parents=True, exist_ok=True)
    env = daemon_env()
    port, ui = free_port(), free_port()
    master = f"spark://127.0.0.1:{port}"
    with ExitStack() as stack:
        boss = _start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                       "--webui-port", str(ui)], folder, "master", env)
        stack.callback(_stop, boss)
        processes = [boss]
        deadline = time.monotonic() + timeout
        _wait(lambda state: True, ui, folder, processes, deadline)  # workers that start first retry late
        for n in range(workers):
            work = folder / f"worker-{n}"
            work.mkdir(exist_ok=True)
            proc = _start(["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", str(cores),
                           "--memory", memory, "--work-dir", str(work), "--webui-port", str(free_port()), master],
                          folder, f"worker-{n}", env)
            stack.callback(_stop, proc)  # stopped before the master (callbacks run last in, first out)
            processes.append(proc)
        _wait(lambda state: state.get("aliveworkers", 0) >= workers, ui, folder, processes, deadline)
        yield Cluster(master, f"http://127.0.0.1:{ui}", folder, processes)


def _wait(ready, ui: int, folder: Path, processes: list[subprocess.Popen], deadline: float) -> None:
    """Until the master's state (its web UI's /json/) is ``ready``; an error with the logs
    when a daemon exits or the deadline passes."""
    while True:
        try:
            if ready(_json(f"http://127.0.0.1:{ui}/json/")):
                return
        except OSError:
            pass
        dead = [" ".join(p.args[1:2]) for p in processes if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            logs = "\n".join(f"--- {f.name}\n" + f.read_text(errors="replace")[-3000:] for f in sorted(folder.glob("*.log")))
            raise RuntimeError(f"the Spark cluster did not start ({'exited: ' + ', '.join(dead) if dead else 'too slow'}):"
                               f"\n{logs}")
        time.sleep(0.3)


def executor_logs(cluster: Cluster) -> dict[str, str]:
    """Each executor's standard error, by its folder (worker-N/app-.../ID)."""
    return {str(p.parent.relative_to(cluster.folder)): p.read_text(errors="replace")
            for p in sorted(cluster.folder.glob("worker-*/app-*/*/stderr"))}
