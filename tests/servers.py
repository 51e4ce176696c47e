"""A real eokjo server for the tests and load scripts that need one (hostile input,
faults, stress): started on a free port with two workers, waited for until it answers
/readyz with both workers up, and stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Server(NamedTuple):
    base: str
    port: int
    proc: subprocess.Popen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[tuple[int, bytes]]:
    """The live children of ``pid`` with their command lines (not zombies)."""
    out = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return out
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                out.append((int(child), cmdline))
    return out


def workers(pid: int) -> list[int]:
    """The server's worker processes: not multiprocessing's resource tracker, not a heavy
    lane's process, and not a killed worker that lingers as a zombie."""
    return [child for child, cmdline in _children(pid)
            if b"resource_tracker" not in cmdline and b"service.http.isolation" not in cmdline]


def heavy_processes(pid: int) -> list[int]:
    """The heavy lane's processes of the server's workers (or of its one process)."""
    roots = workers(pid) or [pid]
    return [child for root in roots for child, cmdline in _children(root) if b"service.http.isolation" in cmdline]


def server_env(**settings: str) -> dict[str, str]:
    """This environment without any EOKJO_ setting or metrics directory, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOKJO_") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(settings)
    return env


@contextmanager
def running_server(env: dict[str, str] | None = None, output: IO[bytes] | int = subprocess.DEVNULL,
                   errors: IO[bytes] | int | None = None, timeout: float = 60, n_workers: int = 2) -> Iterator[Server]:
    """``eokjo serve --workers 2`` (or ``n_workers``) on a free port, ready; its stdout goes
    to ``output`` and its stderr to ``errors`` (``output`` when not given; a file, not a
    pipe: a full pipe would stall the server's writes)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers",
                             str(n_workers)],
                            cwd=ROOT, env=env if env is not None else server_env(), stdout=output,
                            stderr=output if errors is None else errors)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    if r.status == 200 and (n_workers == 1 or len(workers(proc.pid)) >= n_workers):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the server did not start within {timeout:.0f} s (exit code {proc.poll()})")
            time.sleep(0.2)
        yield Server(base, port, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
