"""The command line never misleads: a bad path is an error that names it, `-` reads
standard input, several inputs make one JSON document, nothing is cut when piped."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

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


def test_audit_gives_each_file_the_limits_of_a_request(tmp_path: Path, monkeypatch, capsys) -> None:
    """A file past EOKJO_MAX_FIGURES (or EOKJO_CPU_SECONDS) is skipped with the limit named;
    the other files are audited (exit 2, as for any skipped file)."""
    (tmp_path / "a.txt").write_text("130억 달러(약 18조 원)", encoding="utf-8")
    (tmp_path / "b.txt").write_text("1억 달러(약 1,400억 원) " * 40, encoding="utf-8")
    monkeypatch.setenv("EOKJO_MAX_FIGURES", "50")
    units.get_settings.cache_clear()
    try:
        assert main(["audit", str(tmp_path), "--format", "json", "--rate", "1380"]) == 2
    finally:
        monkeypatch.delenv("EOKJO_MAX_FIGURES")
        units.get_settings.cache_clear()
    out, err = capsys.readouterr()
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(tmp_path / "a.txt")]
    assert "b.txt" in err and "EOKJO_MAX_FIGURES" in err and "skipped" in err


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


# ------------------------------------------------------------------ what a newcomer trips over


def test_audit_with_no_path_says_what_it_reads(tmp_path: Path) -> None:
    """An installed eokjo has no seeds/ folder: with no path, the command says what to give
    it (exit 2), rather than naming a folder the user never asked for."""
    run = subprocess.run([sys.executable, "-m", "service.cli", "audit"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 2 and run.stdout == ""
    assert "nothing to audit" in run.stderr and "files or folders" in run.stderr and " - " in run.stderr
    assert "no such file" not in run.stderr


@pytest.mark.parametrize("name", ["x[/red].txt", "bad[red].txt", "[bold]a[/bold].txt", "50[%].txt"])
def test_file_names_print_as_given(name: str, tmp_path: Path, capsys) -> None:
    missing = str(tmp_path / name)
    with pytest.raises(SystemExit) as exit:
        main(["extract", missing])
    assert exit.value.code == 2 and f"{missing}: no such file" in capsys.readouterr().err
    assert main(["audit", missing, str(SEED)]) == 2
    assert f"{missing}: no such file or folder" in capsys.readouterr().err
    present = tmp_path / name.replace("/", "")  # a name with a slash is a folder and a file
    present.write_text("130억 달러(약 18조 원)", encoding="utf-8")
    assert main(["extract", str(present)]) == 0
    assert f"{present}: 2 figures" in capsys.readouterr().out
    assert main(["extract", "--explain", str(present)]) == 0
    assert f"{present}: 2 figures, 0 readings turned down" in capsys.readouterr().out
    assert main(["audit", str(present), "--rate", "1380"]) == 0
    assert f"{present}: 2 figures" in capsys.readouterr().out


def test_the_archive_hint_prints_whole(monkeypatch, capsys) -> None:
    for module in [m for m in sys.modules if m == "service.archive" or m.startswith("units.archive")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the archive extra were not installed
    assert main(["archive", "news/", "--out", "audited/"]) == 2
    assert "pip install 'eokjo[archive]'" in capsys.readouterr().err


def test_rates_print_with_the_digits_that_matter() -> None:
    run = _eokjo("convert", "130억 달러", "--to", "KRW", "--date", "2025-11-07")
    assert run.returncode == 0, run.stderr
    assert "rate USD/KRW = 1,459.64 from ecb of 2025-11-07" in run.stdout
    assert "1459.640169" not in run.stdout
    given = _eokjo("convert", "130억 달러", "--to", "KRW", "--rate", "1380.5")
    assert "rate USD/KRW = 1,380.5 from request" in given.stdout


def test_convert_by_default_leaves_out_the_amounts_own_currency() -> None:
    dollars = _eokjo("convert", "130억 달러", "--rate", "1380")
    assert dollars.returncode == 0, dollars.stderr
    assert "130억 달러 = 17조 9,400억 원" in dollars.stdout and "= 130억 달러" not in dollars.stdout
    assert dollars.stdout.count(" = ") == 2  # the amount's line and its rate's line
    won = _eokjo("convert", "18조 원", "--rate", "1380")
    assert "= 130억 4,348만 달러" in won.stdout and "= 18조 원" not in won.stdout
    euros = _eokjo("convert", "100억 유로", "--date", "2025-11-07")
    assert "EUR/KRW" in euros.stdout and "EUR/USD" in euros.stdout
    asked = _eokjo("convert", "130억 달러", "--to", "USD")  # asked for by name: shown
    assert "= 130억 달러" in asked.stdout


def _cell_words(report) -> set[str]:
    from service.report import AuditTable

    table = AuditTable("seed", report)
    return {word for row in table.rows for cell in row for word in cell.split()}


def _in_a_terminal(args: list[str], columns: int, stdin: str) -> str:
    """The command's output as a terminal of ``columns`` columns shows it (a pseudo-
    terminal of that size, and COLUMNS set), colours taken out."""
    import fcntl
    import pty
    import re
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    try:
        run = subprocess.run([sys.executable, "-m", "service.cli", *args], input=stdin.encode(), stdout=follower,
                             stderr=subprocess.PIPE, cwd=ROOT, timeout=120,
                             env={**os.environ, "COLUMNS": str(columns), "TERM": "xterm"})
        os.close(follower)
        follower = -1
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            out += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert run.returncode == 0, run.stderr.decode()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode()).replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [200, 100, 80, 60])
def test_the_audit_table_fits_the_terminal_and_splits_no_word(columns: int) -> None:
    text = SEED.read_text(encoding="utf-8") + "\n달러당 1,352.4원을 적용하면 1,099달러는 158만6000원이다."
    shown = _in_a_terminal(["audit", "-"], columns, text)
    assert max(cell_len(line) for line in shown.splitlines()) <= columns  # Hangul takes two columns
    words = _cell_words(units.audit(text))
    assert {"inconsistent", "(stale)", "2025-10-29", "(1,422.95),", "(달러당"} <= words  # the check is not empty
    split = sorted(word for word in words if word not in shown)
    assert not split, f"split across lines at {columns} columns: {split}\n{shown}"
    for header in ("reference", "deviation", "verdict"):
        assert header in shown
