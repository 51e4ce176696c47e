"""The container image (Dockerfile): its shape, its recipe run without Docker (the wheel
installed into a fresh virtual environment as a user that is not root, from a folder
outside the checkout, serving), and the image itself where a Docker daemon is reachable.
The deployment manifest (deploy/kubernetes.yaml) probes routes the app serves."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.conftest import ROOT, SEED
from tests.recipe import interpreter_for, scratch, stages, unprivileged_user, venv
from tests.servers import free_port

MANIFEST = ROOT / "deploy" / "kubernetes.yaml"


def _final() -> dict[str, list[str]]:
    """The image's last stage, as {INSTRUCTION: [arguments, ...]}."""
    out: dict[str, list[str]] = {}
    for word, rest in stages()[-1].instructions:
        out.setdefault(word, []).append(rest)
    return out


def _healthcheck_command() -> list[str]:
    (check,) = _final()["HEALTHCHECK"]
    return json.loads(check[check.index("CMD") + 3:])


def _get(url: str, body: bytes | None = None, timeout: float = 30) -> tuple[int, bytes, str]:
    headers = {"content-type": "application/json"} if body is not None else {}
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=timeout) as r:
        return r.status, r.read(), r.headers.get("content-type", "")


@pytest.fixture(scope="module")
def app_routes() -> set[str]:
    """The paths the app serves: its own routes and the API's (from its OpenAPI document)."""
    from service.http.app import create_app

    app = create_app()
    return {getattr(route, "path", "") for route in app.routes} | set(app.openapi()["paths"])


# ------------------------------------------------------------------ the Dockerfile


def test_the_image_is_built_in_two_stages_and_runs_as_a_user() -> None:
    build, final = stages()[0], stages()[-1]
    assert len(stages()) == 2 and build.name == "build" and build.base == final.base == "python:3.11-slim"
    assert [w for w, _ in build.instructions].count("COPY") == 3
    assert all(rest.split()[-1].endswith("/") for w, rest in build.instructions if w == "COPY")
    last = _final()
    (user,) = last["USER"]
    assert user not in ("root", "0") and int(user) > 0
    (install,) = [r for r in last["RUN"] if "pip install" in r]
    assert "from=build" in install and "--no-index" in install and "eokjo[" not in install  # no extras
    env = dict(pair.split("=", 1) for line in last["ENV"] for pair in line.split())
    assert env["EOKJO_HOST"] == "0.0.0.0" and env["EOKJO_PORT"] == last["EXPOSE"][0]
    assert json.loads(last["CMD"][0]) == ["eokjo", "serve"]  # exec form: the server itself gets SIGTERM


def test_the_healthcheck_asks_a_route_the_app_serves(app_routes: set[str]) -> None:
    command = _healthcheck_command()
    assert command[:2] == ["python", "-c"] and "/healthz" in command[2]
    assert "/healthz" in app_routes


def test_dockerignore_lets_in_only_what_the_build_copies() -> None:
    lines = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and not line.startswith("#")]
    assert lines[0] == "*"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    copied = {source.rstrip("/") for w, rest in stages()[0].instructions if w == "COPY" for source in rest.split()[:-1]}
    assert allowed == copied


# ------------------------------------------------------------------ the recipe, without Docker


@pytest.fixture(scope="module")
def installed(wheels: Path):
    """The recipe's environment: a fresh virtual environment made and filled from the
    wheelhouse (built from the Dockerfile's build context), with no index, by a user that
    is not root."""
    user, why = unprivileged_user()
    if user is None:
        pytest.skip(why)
    python = interpreter_for(user)
    if python is None:
        pytest.skip(f"no Python 3.11+ with venv that user {user.name} can run")
    folder = scratch("eokjo-recipe-")
    try:
        home = folder / "home"
        home.mkdir()
        os.chown(home, user.uid, user.gid)
        yield user, venv(home / "venv", wheels, "eokjo", python=python, user=user), home
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_recipe_installs_eokjo_and_not_the_checkout(installed) -> None:
    user, python, home = installed
    where = subprocess.run([str(python), "-c", "import units, service, sys; print(units.__file__); "
                            "print(sys.prefix)"], capture_output=True, text=True, check=True, cwd=home,
                           user=user.uid, group=user.gid, env={"PATH": "/usr/bin:/bin"}).stdout.split()
    assert Path(where[0]).is_relative_to(home / "venv") and not Path(where[0]).is_relative_to(ROOT)
    dev = subprocess.run([str(python), "-c", "import pyarrow"], capture_output=True, cwd=home, user=user.uid)
    assert dev.returncode != 0  # the extras stay out
    assert os.stat(python.parent.parent).st_uid == user.uid != 0


def test_the_recipe_serves(installed) -> None:
    user, python, home = installed
    port = free_port()
    env = {"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "EOKJO_HOST": "127.0.0.1", "EOKJO_PORT": str(port), "EOKJO_WORKERS": "2"}
    log = (home / "serve.log").open("wb")
    proc = subprocess.Popen([str(python.parent / "eokjo"), "serve"], cwd=home, env=env, user=user.uid,
                            group=user.gid, extra_groups=[], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(base + "/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (home / "serve.log").read_text()
            time.sleep(0.2)
        assert _get(base + "/healthz") == (200, b'{"status":"ok"}', "application/json")
        ready = json.loads(_get(base + "/readyz")[1])
        assert ready["status"] == "ready" and ready["data_start"] == "1999-01-04"  # the bundled ECB history
        report = json.loads(_get(base + "/v1/audit", json.dumps({"text": SEED.read_text(encoding="utf-8")}).encode())[1])
        assert report["article_date"]["date"] == "2025-11-07"
        assert [p["verdict"] for p in report["pairs"]] == ["inconsistent", "inconsistent"]
        status, page, kind = _get(base + "/")
        assert status == 200 and kind.startswith("text/html") and b"<form" in page
        metrics = _get(base + "/metrics")[1].decode()  # both workers' counts, in one answer
        assert 'eokjo_requests_total{method="POST",route="/v1/audit",status="200"} 1.0' in metrics
        # the image's HEALTHCHECK, as Docker would run it, with this environment's python
        check = _healthcheck_command()
        assert subprocess.run([str(python), *check[1:]], env=env, cwd=home, user=user.uid, timeout=30).returncode == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert proc.returncode in (0, -signal.SIGTERM), (home / "serve.log").read_text()
    assert subprocess.run([str(python), *check[1:]], env=env, cwd=home, timeout=30,
                          capture_output=True).returncode != 0  # and it fails once the server is gone


# ------------------------------------------------------------------ the image itself


def _docker_unavailable() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return "no docker command"
    info = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True)
    if info.returncode != 0:
        said = (info.stderr or info.stdout).strip().splitlines()
        return f"no Docker daemon reachable ({said[-1] if said else f'docker info exited {info.returncode}'})"
    base = stages()[-1].base
    if subprocess.run([docker, "image", "inspect", base], capture_output=True).returncode != 0:
        pulled = subprocess.run([docker, "pull", base], capture_output=True, text=True)
        if pulled.returncode != 0:
            return f"the base image {base} is not here and cannot be pulled: {pulled.stderr.strip()[-200:]}"
    return None


def test_the_image_builds_and_serves_without_network() -> None:
    why = _docker_unavailable()
    if why:
        pytest.skip(why)
    tag = f"eokjo-test:{os.getpid()}"
    subprocess.run(["docker", "build", "--tag", tag, str(ROOT)], check=True, capture_output=True)
    name = f"eokjo-test-{os.getpid()}"
    try:
        # no network at all: the rates are inside; the checks run inside the container
        subprocess.run(["docker", "run", "--detach", "--name", name, "--network", "none", tag], check=True,
                       capture_output=True)
        deadline = time.monotonic() + 120
        while True:
            state = subprocess.run(["docker", "inspect", "--format", "{{.State.Health.Status}}", name],
                                   capture_output=True, text=True).stdout.strip()
            if state == "healthy":
                break
            assert state in ("starting", "") and time.monotonic() < deadline, state
            time.sleep(1)
        probe = ("import json, urllib.request as u; b='http://127.0.0.1:8000';"
                 "r=json.load(u.urlopen(b+'/readyz')); a=json.load(u.urlopen(u.Request(b+'/v1/audit', "
                 "data=json.dumps({'text': open('/dev/stdin').read()}).encode(), headers={'content-type': "
                 "'application/json'}))); p=u.urlopen(b+'/').read();"
                 "print(r['status'], [x['verdict'] for x in a['pairs']], b'<form' in p)")
        out = subprocess.run(["docker", "exec", "-i", name, "python", "-c", probe], input=SEED.read_bytes(),
                             capture_output=True, check=True).stdout.decode()
        assert out.strip() == "ready ['inconsistent', 'inconsistent'] True"
        uid = subprocess.run(["docker", "exec", name, "id", "-u"], capture_output=True, text=True, check=True)
        assert uid.stdout.strip() != "0"
    finally:
        subprocess.run(["docker", "rm", "--force", name], capture_output=True)
        subprocess.run(["docker", "image", "rm", "--force", tag], capture_output=True)


# ------------------------------------------------------------------ the deployment manifest


def _pods() -> list[dict]:
    """The pod templates of the manifest's Deployments."""
    docs = [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    assert deployments, "deploy/kubernetes.yaml has no Deployment"
    return [d["spec"]["template"]["spec"] for d in deployments]


def test_the_manifest_probes_routes_the_app_serves(app_routes: set[str]) -> None:
    from service.http.app import create_app

    (pod,) = _pods()
    (container,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    probes = {kind: container[kind]["httpGet"] for kind in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert probes["livenessProbe"]["path"] == "/healthz" and probes["readinessProbe"]["path"] == "/readyz"
    with TestClient(create_app()) as client:
        for kind, probe in probes.items():
            assert probe["path"] in app_routes, kind
            assert probe["port"] in (ports["http"], "http") and ports["http"] == int(env["EOKJO_PORT"]), kind
            assert client.get(probe["path"]).status_code == 200, kind
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert int(pod["securityContext"]["runAsUser"]) == int(_final()["USER"][0])  # the image's user
    assert int(env["EOKJO_WORKERS"]) >= 1 and env["EOKJO_HOST"] == "0.0.0.0"


def test_the_manifest_mounts_a_writable_tmp_for_a_read_only_root() -> None:
    """eokjo serve keeps the workers' metrics files in a temporary folder (several workers)."""
    (pod,) = _pods()
    (container,) = pod["containers"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    (tmp,) = [m["name"] for m in container["volumeMounts"] if m["mountPath"] == "/tmp"]
    assert "emptyDir" in {v["name"]: v for v in pod["volumes"]}[tmp]


def test_the_proxy_example_keeps_eokjos_limits(app_routes: set[str]) -> None:
    """deploy/nginx.conf refuses at the edge what eokjo would refuse, and streams batches."""
    import re

    from units.config import Settings

    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    settings = Settings()

    def directive(name: str, text: str = conf) -> str:
        (value,) = re.findall(rf"^\s*{name}\s+([^;]+);", text, re.M)
        return value

    assert directive("client_max_body_size") == f"{settings.max_body_bytes >> 20}m"
    assert directive("client_header_timeout") == f"{settings.header_timeout_seconds:g}s"
    assert directive("client_body_timeout") == f"{settings.body_timeout_seconds:g}s"
    assert directive("large_client_header_buffers").split()[1] == f"{settings.max_header_bytes >> 10}k"
    assert float(directive("keepalive_timeout").rstrip("s")) < settings.keep_alive_seconds
    batch = conf[conf.index("location /v1/batch/"):]
    batch = batch[:batch.index("}")]
    assert directive("proxy_buffering", batch) == "off"
    assert float(directive("proxy_read_timeout", batch).rstrip("s")) > settings.batch_cpu_seconds
    assert any(route.startswith("/v1/batch/") for route in app_routes)
    (probes,) = re.findall(r"location ~ \^/\(([^)]+)\)\$", conf)
    assert {f"/{name}" for name in probes.split("|")} <= app_routes
