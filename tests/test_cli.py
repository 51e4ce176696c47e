"""The command line never misleads: a bad path is an error that names it, `-` reads
standard input, several inputs make one JSON document, nothing is cut when piped."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
import sys
from pathlib import Path

import pytest

import units
from service import __version__
from service.cli import main, plural
from units.korean import josa

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))


def _eokjo(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The command as a user runs it, with its output piped (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "service.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_a_missing_path_is_an_error_naming_it() -> None:
    run = _eokjo("extract", "no-such-article.txt")
    assert run.returncode == 2 and "no-such-article.txt: no such file" in run.stderr and "--text" in run.stderr
    assert run.stdout == ""  # not "0 figures"


def test_a_folder_is_an_error_for_extract(tmp_path: Path) -> None:
    run = _eokjo("extract", str(tmp_path))
    assert run.returncode == 2 and f"{tmp_path}: is a folder" in run.stderr


def test_nothing_to_read_is_an_error() -> None:
    run = _eokjo("extract")
    assert run.returncode == 2 and "--text" in run.stderr


def test_dash_reads_standard_input_and_text_comes_with_an_option() -> None:
    run = _eokjo("extract", "-", "--text", "1조 2천억 원", "--format", "json", stdin="130억 달러(약 18조 원)")
    assert run.returncode == 0, run.stderr
    docs = json.loads(run.stdout)  # one document for several inputs
    assert [d["source"] for d in docs] == ["<stdin>", "--text"]
    assert [f["text"] for f in docs[0]["figures"]] == ["130억 달러", "18조 원"]
    assert docs[1]["figures"][0]["value"] == "1200000000000"


def test_ndjson_is_one_line_per_input() -> None:
    run = _eokjo("extract", str(SEED), "--text", "3억 엔", "--format", "ndjson")
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["source"] for line in lines] == [str(SEED), "--text"]
    assert len(lines[0]["figures"]) == len(units.extract(SEED.read_text(encoding="utf-8")))


def test_piped_tables_are_not_truncated() -> None:
    long = "일금 1조 2345억 6789만 1234원 " + "그리고 " * 40 + "98조 7654억 3210만 9876원"
    run = _eokjo("extract", "--text", long)
    assert run.returncode == 0
    assert "1,234,567,891,234" in run.stdout and "98,765,432,109,876" in run.stdout
    assert "…" not in run.stdout
    audit = _eokjo("audit", str(SEED), "--rate", "1380")
    assert audit.returncode == 0 and "inconsistent" in audit.stdout and "…" not in audit.stdout
    # every cell whole, on one line: the matching dates of each pair, the reference rate
    report = units.audit(SEED.read_text(encoding="utf-8"), rate="1380")
    for p in report.pairs:
        assert ", ".join(f"{d} ({v.quantize(Decimal('0.01')):,})" for d, v in p.matching_dates) in audit.stdout


def test_version_and_plurals() -> None:
    run = _eokjo("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"eokjo {__version__}"
    assert plural(1, "figure") == "1 figure" and plural(0, "figure") == "0 figures" and plural(2, "pair") == "2 pairs"
    one = _eokjo("extract", "--text", "130억 달러")
    assert ": 1 figure\n" in one.stdout or ": 1 figure " in one.stdout


def test_audit_reads_standard_input(capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("130억 달러(약 18조 원)"))
    assert main(["audit", "-", "--rate", "1380", "--format", "json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    report = json.loads(line)
    assert report["file"] == "<stdin>" and report["pairs"][0]["verdict"] == "consistent"


@pytest.mark.parametrize(("text", "pair", "expected"), [
    ("1,459.64", "과/와", "1,459.64와"), ("1,380", "과/와", "1,380과"), ("1,000", "이/가", "1,000이"),
    ("2.17%", "이/가", "2.17%가"), ("18조 원", "을/를", "18조 원을"), ("130억 달러", "은/는", "130억 달러는"),
    ("전망치", "이라/라", "전망치라"), ("변동폭", "이라/라", "변동폭이라"), ("1,459", "이어야/여야", "1,459여야"),
    ("1,350", "으로/로", "1,350으로"), ("1,351", "으로/로", "1,351로"), ("7", "으로/로", "7로"),
])
def test_korean_particles_follow_the_number_as_read(text: str, pair: str, expected: str) -> None:
    assert josa(text, pair) == expected


def test_korean_explanations_choose_particles_by_sound() -> None:
    """Every Korean reason of the audit, over texts whose rates end in every digit: no
    particle disagrees with the sound before it."""
    import re

    bad = []
    for rate in ("1380", "1381", "1382", "1383", "1384", "1385", "1386", "1387", "1388", "1389", "1459.64"):
        report = units.audit("130억 달러(약 18조 원) 원·달러 환율은 1,450원이다. 1000억 달러(약 135조 원)", rate=rate)
        reasons = [p.reason_ko for p in report.pairs] + [q.reason_ko for q in report.rate_quotes]
        for reason in reasons:
            for number, particle in re.findall(r"([0-9][0-9,.%]*)(과|와|이|가|을|를|은|는|으로|로)(?=[ .])", reason):
                pairs = {"과": "과/와", "와": "과/와", "이": "이/가", "가": "이/가", "을": "을/를", "를": "을/를",
                         "은": "은/는", "는": "은/는", "으로": "으로/로", "로": "으로/로"}
                if josa(number, pairs[particle]) != number + particle:
                    bad.append(f"{number}{particle} in {reason!r}")
    assert not bad
