"""Every code block of README.md and docs/*.md runs, so a documented call cannot break
unnoticed:

- ``python`` with ``>>>`` prompts: a doctest; without prompts: run as a script;
- ``sh``: each command runs, ``eokjo …`` as the command line, ``python -m …`` in a fresh
  interpreter, ``curl … localhost:8000 …`` against a live server; each exits 0, and no
  answer is a problem;
- ``json`` and ``toml`` parse (a ``# eokjo.toml`` block is loaded as settings);
- ``text`` is not code.

A block that cannot run says why on the line above it: ``<!-- not run: starts a server -->``.
"""

from __future__ import annotations

import doctest
import io
import json
import re
import shlex
import subprocess
import sys
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_e2e import server  # noqa: F401 - the live server, for the curl blocks

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
NOT_RUN = re.compile(r"<!--\s*not run:\s*(.*?)\s*-->\s*$")
RUNNABLE = {"python", "sh", "json", "toml"}
KNOWN = RUNNABLE | {"text"}
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    language: str
    source: str
    not_run: str | None  # the reason, when the block says it is not run

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = NOT_RUN.search(before)
        found.append(Block(path, line, match.group(1), match.group(2), marker.group(1) if marker else None))
    return found


BLOCKS = [b for path in DOCS for b in blocks(path)]
TO_RUN = [b for b in BLOCKS if b.not_run is None and b.language in RUNNABLE]


def test_the_docs_have_blocks_and_every_fence_is_read() -> None:
    assert len(DOCS) >= 10 and len(TO_RUN) >= 20
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        fences = [line for line in text.splitlines() if line.lstrip().startswith("```")]
        assert all(f.startswith("```") for f in fences), f"{path.name}: an indented fence is not read here"
        assert len(fences) == 2 * len(blocks(path)), f"{path.name}: a fence is not closed"


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_every_block_says_its_language_and_a_skipped_one_why(block: Block) -> None:
    assert block.language in KNOWN, f"{block.id}: say which language (one of {sorted(KNOWN)})"
    if block.not_run is not None:
        assert len(block.not_run.split()) >= 2, f"{block.id}: say why the block is not run"
        assert block.language != "text", f"{block.id}: a text block is not code; it needs no marker"


# ------------------------------------------------------------------ running them


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder where the repository's seeds/ and fixtures/ are at hand, and where
    commands may write (audited/, reports)."""
    for name in ("seeds", "fixtures"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def commands(source: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, blank lines and comment
    lines left out."""
    joined = re.sub(r"\\\n\s*", " ", source)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _run_eokjo(argv: list[str]) -> tuple[int, str]:
    from service.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue() + err.getvalue()


def _run_curl(argv: list[str], base: str, cwd: Path) -> tuple[int, str]:
    argv = [re.sub(r"^(https?://)?(localhost|127\.0\.0\.1):8000", base, arg) if "8000" in arg else arg for arg in argv]
    run = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=60)
    answer = run.stdout
    problems = [line for line in answer.splitlines()
                if '"type":"https://eokjo.dev/problems/' in line.replace(" ", "") and '"line"' not in line]
    failed_lines = [line for line in answer.splitlines() if line.startswith('{"id"') and '"error"' in line]
    if problems or failed_lines or not answer.strip():
        return 1, answer + run.stderr
    return run.returncode, answer + run.stderr


def _shell(block: Block, request: pytest.FixtureRequest, cwd: Path) -> None:
    for command in commands(block.source):
        argv = shlex.split(command, comments=True)
        if argv[0] == "eokjo":
            status, output = _run_eokjo(argv[1:])
        elif argv[:2] == ["python", "-m"]:
            run = subprocess.run([sys.executable, *argv[1:]], capture_output=True, text=True, cwd=cwd, timeout=300)
            status, output = run.returncode, run.stdout + run.stderr
            assert "Warning" not in run.stderr, f"{block.id}: {command} warns:\n{run.stderr[-2000:]}"
        elif argv[0] == "curl":
            base, _ = request.getfixturevalue("server")
            status, output = _run_curl(argv, base, cwd)
        else:
            pytest.fail(f"{block.id}: cannot run {command!r}; mark the block <!-- not run: why -->")
        assert status == 0, f"{block.id}: {command}\n{output[-2000:]}"
        assert output.strip(), f"{block.id}: {command} printed nothing"


def _python(block: Block, namespace: dict | None = None) -> None:
    """Run a python block in ``namespace``, after the python blocks above it on its page
    (a page reads top to bottom: a later example uses what an earlier one imported)."""
    if namespace is None:
        namespace = {"__name__": "__docs__"}
        for earlier in (b for b in TO_RUN if b.path == block.path and b.language == "python" and b.line < block.line):
            _python(earlier, namespace)
    if ">>>" in block.source:
        test = doctest.DocTestParser().get_doctest(block.source, namespace, block.id, str(block.path), block.line)
        runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
        report = io.StringIO()
        runner.run(test, out=report.write, clear_globs=False)
        namespace.update(test.globs)  # the doctest ran in a copy
        assert runner.failures == 0 and runner.tries > 0, report.getvalue()
    else:
        exec(compile(block.source, block.id, "exec"), namespace)


def _data(block: Block, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.language == "json":
        try:
            json.loads(block.source)
        except json.JSONDecodeError:  # JSON Lines: each line a document
            for line in filter(str.strip, block.source.splitlines()):
                json.loads(line)
        return
    tomllib.loads(block.source)
    name = re.match(r"#\s*(\S+\.toml)", block.source)
    if name:  # a settings file: eokjo reads it
        from units.config import Settings

        (cwd / name.group(1)).write_text(block.source, encoding="utf-8")
        monkeypatch.setenv("EOKJO_CONFIG", str(cwd / name.group(1)))
        assert Settings().model_dump(exclude_defaults=True), f"{block.id}: the settings file set nothing"


@pytest.mark.parametrize("block", TO_RUN, ids=lambda b: b.id)
def test_every_block_runs(block: Block, workdir: Path, request: pytest.FixtureRequest,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    if block.language == "python":
        monkeypatch.chdir(ROOT)  # the examples open seeds/ as a reader in a clone would
        _python(block)
    elif block.language == "sh":
        _shell(block, request, workdir)
    else:
        _data(block, workdir, monkeypatch)


def test_a_broken_example_fails(workdir: Path, request: pytest.FixtureRequest) -> None:
    """The runner is not vacuous: a wrong output, a failing command and an unknown
    command each fail."""
    wrong = Block(ROOT / "README.md", 1, "python", ">>> 1 + 1\n3\n", None)
    with pytest.raises(AssertionError):
        _python(wrong)
    with pytest.raises(AssertionError):
        _shell(Block(ROOT / "README.md", 1, "sh", "eokjo extract no-such-file.txt\n", None), request, workdir)
    with pytest.raises(pytest.fail.Exception):
        _shell(Block(ROOT / "README.md", 1, "sh", "rm -rf audited/\n", None), request, workdir)
