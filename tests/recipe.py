"""The container image's recipe, run without Docker: the wheel built from the files the
Dockerfile copies, a wheelhouse of it and its dependencies, and fresh virtual environments
installed from that wheelhouse alone (``--no-index``), as the image's last stage does. The
Spark cluster test builds the executors' environments the same way.

The dependency versions are those of the running environment (a constraints file), so
pip takes them from its cache rather than resolving newer ones.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from tests.conftest import ROOT

__all__ = ["DOCKERFILE", "Stage", "stages", "build_context", "wheelhouse", "User", "unprivileged_user", "venv"]

DOCKERFILE = ROOT / "Dockerfile"
PIP_QUIET = ["--quiet", "--disable-pip-version-check", "--no-input"]


class Stage(NamedTuple):
    name: str | None
    base: str
    instructions: list[tuple[str, str]]  # (INSTRUCTION, arguments), continuation lines joined


def stages(text: str | None = None) -> list[Stage]:
    """The Dockerfile's stages with their instructions (comments dropped, lines joined)."""
    text = DOCKERFILE.read_text(encoding="utf-8") if text is None else text
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    args = {}
    found: list[Stage] = []
    for line in joined.splitlines():
        if not line.strip():
            continue
        word, _, rest = line.strip().partition(" ")
        word, rest = word.upper(), " ".join(rest.split())
        if word == "ARG" and not found:
            name, _, default = rest.partition("=")
            args[name] = default
        elif word == "FROM":
            base, _, name = rest.partition(" AS ") if " AS " in rest else rest.partition(" as ")
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), base)
            found.append(Stage(name.strip() or None, base.strip(), []))
        else:
            found[-1].instructions.append((word, rest))
    return found


def build_context(folder: Path) -> Path:
    """The sources the image's build stage copies (its COPY lines, each into a folder of
    the build), copied into ``folder``: a wheel built there proves that they are enough."""
    for word, rest in stages()[0].instructions:
        if word != "COPY" or rest.startswith("--"):
            continue
        *sources, target = rest.split()
        into = folder / target
        into.mkdir(parents=True, exist_ok=True)
        for source in sources:
            src = ROOT / source
            if src.is_dir():
                shutil.copytree(src, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(src, into / src.name)
    return folder


def _constraints(folder: Path) -> Path:
    """The running environment's versions, to install the same ones."""
    lines = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()
                    if d.metadata["Name"] and d.metadata["Name"].lower() != "eokjo"})
    path = folder / "constraints.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def wheelhouse(folder: Path, *extra: str) -> Path:
    """``folder/wheels``: eokjo's wheel, built from the image's build context, and the
    wheels of its runtime dependencies and of ``extra`` requirements (pip's cache serves
    them). Readable by every user."""
    context = build_context(folder / "context")
    wheels = folder / "wheels"
    pip = [sys.executable, "-m", "pip"]
    _run([*pip, "wheel", *PIP_QUIET, "--wheel-dir", str(wheels), str(context)], cwd=folder)
    constraints = _constraints(folder)
    built = next(wheels.glob("eokjo-*.whl"))
    _run([*pip, "wheel", *PIP_QUIET, "--wheel-dir", str(wheels), "-c", str(constraints), str(built), *extra],
         cwd=folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o444 | (0o111 if path.is_dir() else 0))
    return wheels


class User(NamedTuple):
    name: str
    uid: int
    gid: int


def _can_run(python: str, user: User) -> bool:
    check = "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"
    try:
        return subprocess.run([python, "-c", check], user=user.uid, group=user.gid, extra_groups=[],
                              capture_output=True, cwd="/", timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def unprivileged_user(name: str = "eokjo") -> tuple[User | None, str]:
    """A user that is not root to run the recipe as: this one when it is not root; else
    ``name``, created with useradd when missing (CI runs as root). None and why when
    there cannot be one."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        return User(entry.pw_name, entry.pw_uid, entry.pw_gid), ""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        useradd = shutil.which("useradd")
        if useradd is None:
            return None, "running as root and there is no useradd to create a user that is not"
        done = subprocess.run([useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                              capture_output=True, text=True)
        if done.returncode != 0 and "already exists" not in done.stderr:
            return None, f"useradd {name} failed: {done.stderr.strip()}"
        entry = pwd.getpwnam(name)
    return User(entry.pw_name, entry.pw_uid, entry.pw_gid), ""


def interpreter_for(user: User) -> str | None:
    """A Python 3.11+ with venv that ``user`` can run: this one's base interpreter when
    its folder is open to the user, else the system's."""
    candidates = [getattr(sys, "_base_executable", sys.executable), shutil.which("python3.11") or "",
                  "/usr/bin/python3", "/usr/local/bin/python3"]
    return next((c for c in dict.fromkeys(candidates) if c and os.path.exists(c) and _can_run(c, user)), None)


def venv(path: Path, wheels: Path, *requirements: str, python: str | None = None, user: User | None = None,
         copies: bool = False) -> Path:
    """A fresh virtual environment at ``path`` with ``requirements`` installed from
    ``wheels`` alone (no index), made by ``user`` when given; its ``bin/python``."""
    as_user = {"user": user.uid, "group": user.gid, "extra_groups": []} if user else {}
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(path.parent), "LANG": "C.UTF-8",
           "PIP_NO_CACHE_DIR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    made = [python or getattr(sys, "_base_executable", sys.executable), "-m", "venv", *(["--copies"] * copies), str(path)]
    _run(made, env=env, cwd=path.parent, **as_user)
    # --no-compile: no bytecode written ahead (a test's minutes); the image's own install compiles
    _run([str(path / "bin" / "pip"), "install", *PIP_QUIET, "--no-compile", "--no-index", "--find-links", str(wheels),
          *requirements],
         env=env, cwd=path.parent, **as_user)
    return path / "bin" / "python"


def scratch(prefix: str) -> Path:
    """A folder under the system's temporary folder, outside the checkout, that other
    users may enter (pytest's are closed to them)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``command``, which must succeed; its error output in the exception when it fails."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done
