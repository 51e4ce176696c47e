"""The public peer suites, scored by ../shared/conformance/run.py when it is present."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

RUNNER = SHARED / "conformance" / "run.py"
REQUIRED = {  # suite -> metric -> minimum percentage (issue 2's acceptance)
    "rt-currency": {"values": 100.0, "spans": 100.0},
    "duckling-money": {"whole": 100.0},
    "duckling-number": {"parse": 100.0},
    "rt-number": {"parse": 97.0},
}


@pytest.fixture(scope="module")
def scores() -> dict:
    if not RUNNER.exists():
        pytest.skip("../shared/conformance is not present beside this checkout")
    out = subprocess.run([sys.executable, str(RUNNER), "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=300)
    return json.loads(out.stdout)["scores"]


@pytest.mark.parametrize(("suite", "metric"), [(s, m) for s, ms in REQUIRED.items() for m in ms])
def test_peer_suite(scores: dict, suite: str, metric: str) -> None:
    got = scores[suite][metric]
    percent = 100 * got["passed"] / got["total"]
    assert percent >= REQUIRED[suite][metric], f"{suite} {metric}: {got['passed']}/{got['total']}"
