"""The public peer suites, scored by ../shared/conformance/run.py when it is present.

Every case passes except the deviations listed here, each with its reason; the test fails
when another case fails, and when a listed one starts passing (so the list stays true).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

RUNNER = SHARED / "conformance" / "run.py"
SUITES = ("rt-currency", "duckling-money", "duckling-number", "rt-number")
KNOWN_DEVIATIONS = {
    ("rt-currency", 104): "'10만 루피' with no country named: Recognizers-Text expects the Sri Lankan rupee; "
                          "a bare 루피 in Korean news is the Indian rupee, which eokjo reads by default "
                          "(Extractor(defaults={'루피': 'LKR'}) reads it the suite's way)",
}
_FAIL = re.compile(r"^FAIL (\S+) (\d+) ")
_SCORE = re.compile(r"^units\s+(\S+)\s+(.*)$")


@pytest.fixture(scope="module")
def report() -> tuple[set[tuple[str, int]], str]:
    if not RUNNER.exists():
        pytest.skip("../shared/conformance is not present beside this checkout")
    out = subprocess.run([sys.executable, str(RUNNER), "--show", "1000"], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=300).stdout
    failing = {(m.group(1), int(m.group(2))) for line in out.splitlines() if (m := _FAIL.match(line))}
    return failing, out


def test_only_the_known_deviations_fail(report: tuple[set[tuple[str, int]], str]) -> None:
    failing, out = report
    assert failing == set(KNOWN_DEVIATIONS), out


@pytest.mark.parametrize("suite", SUITES)
def test_every_suite_was_scored(report: tuple[set[tuple[str, int]], str], suite: str) -> None:
    _, out = report
    lines = [m.group(2) for line in out.splitlines() if (m := _SCORE.match(line)) and m.group(1) == suite]
    assert lines, f"{suite} missing from the runner's output"
    totals = [int(t) for t in re.findall(r"\d+/(\d+)", lines[0])]
    assert totals and min(totals) > 20, lines[0]


def test_the_deviation_is_a_configurable_default() -> None:
    import units

    text = "Bob, 비상시 10만 루피를 빌려 주실 수 있습니까?"
    assert [f.currency for f in units.extract(text)] == ["INR"]
    assert [f.currency for f in units.Extractor(defaults={"루피": "LKR"}).extract(text)] == ["LKR"]
