"""A short atheris run of every fuzz target (FUZZ_SMOKE_SECONDS, default 20 each):
no crash, and the extract target's slowest input per kilobyte makes the extractor do at
most 100x the seed article's work per kilobyte (counted, tests/work.py; its time ratio is
reported, not asserted: a busy machine would decide it). `make fuzz` runs them longer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.fuzz.targets import TARGETS

SECONDS = int(os.environ.get("FUZZ_SMOKE_SECONDS", "20"))
BOUND = 100


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_smoke(target: str, tmp_path) -> None:
    out = subprocess.run([sys.executable, "-m", "tests.fuzz.run", target, "--seconds", str(SECONDS),
                          "--artifacts", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=SECONDS + 120)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["crashes"] == [] and report["exit"] == 0, out.stderr[-2000:]
    assert report["executions"] > 100
    if target == "extract":
        assert report["slowest_work_per_kb_ratio"] < BOUND, report
