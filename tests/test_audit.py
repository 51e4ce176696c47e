"""The consistency audit (issue 4): the seed article, planted cases, the report's schema."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

import units
from service.cli import main
from tests.conftest import ROOT, SEED, corpus
from units.auditing import Interval, find_article_date, find_pairs

CASES = corpus("audit")
SCHEMA = json.loads((ROOT / "units" / "schemas" / "audit_report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_pairs(seed: str) -> None:
    pairs = find_pairs(seed)
    assert [(p.source.text, p.stated.text, p.source.start) for p in pairs] == [
        ("130억 달러", "18조 원", 425), ("1000억 달러", "135조 원", 2011)]


def test_seed_at_1380(seed: str) -> None:
    report = units.audit(seed, rate="1380")
    first, second = report.pairs
    assert first.verdict == "consistent"
    assert second.verdict == "inconsistent"
    assert second.deviation_percent == Decimal("-2.17")
    assert first.reference is not None and first.reference.source == "request"


def test_seed_at_its_own_date(seed: str) -> None:
    report = units.audit(seed)
    assert (report.article_date, report.article_date_source) == (date(2025, 11, 7), "text")
    assert [p.verdict for p in report.pairs] == ["inconsistent", "inconsistent"]
    assert all(p.stale for p in report.pairs)
    for p in report.pairs:
        assert p.reference is not None and p.reference.source == "ecb" and p.reference.date == date(2025, 11, 7)
        assert Decimal("1459.63") < p.reference.value < Decimal("1459.65")
        assert p.matching_dates and all(d < date(2025, 11, 7) for d, _ in p.matching_dates)
        assert all(p.implied_interval.contains(v) for _, v in p.matching_dates)
        dates = [d for d, _ in p.matching_dates]
        assert dates == sorted(dates, reverse=True)
    joint = report.joint_rate_interval["USD/KRW"]
    assert joint is not None
    assert Decimal("1346.1") < joint.low < Decimal("1346.2") and joint.high == Decimal("1355")


def test_latest_matching_date_is_really_the_latest(seed: str) -> None:
    from units.rates import HistoryRates

    report = units.audit(seed)
    series = HistoryRates.bundled().series("USD", "KRW")
    for p in report.pairs:
        latest = p.matching_dates[0][0]
        later = [d for d, v in series if latest < d < date(2025, 11, 7) and p.implied_interval.contains(v)]
        assert later == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_planted_cases(case: dict) -> None:
    report = units.audit(case["text"], rate=case.get("rate"), date=case.get("date"))
    assert [[p.source.text, p.stated.text, p.verdict] for p in report.pairs] == [x[:3] for x in case["pairs"]]
    for p, expected in zip(report.pairs, case["pairs"], strict=True):
        if len(expected) > 3:
            assert p.deviation_percent == Decimal(expected[3])
        assert p.reason_ko and p.reason_en
    if "repeats" in case:
        assert len(report.repeats) == case["repeats"]
    if "magnitude" in case:
        assert report.pairs[0].magnitude == case["magnitude"]
    if "date_found" in case:
        assert report.article_date == date.fromisoformat(case["date_found"])
    if case.get("undated"):
        assert report.article_date is None and report.notes
    if "stale" in case:
        assert report.pairs[0].stale == case["stale"]
    if "arithmetic" in case:  # per pair: the verdict against the article's own rate, or null
        assert [p.arithmetic and [p.arithmetic.verdict, p.arithmetic.tie] for p in report.pairs] == case["arithmetic"]
    if "outliers" in case:  # per pair: the outlier's cause, or null
        assert [p.outlier and p.outlier.cause for p in report.pairs] == case["outliers"]
    if "quotes" in case:  # per quote: its text and verdict
        assert [[q.quote.text, q.verdict] for q in report.rate_quotes] == case["quotes"]
    if "reason" in case:
        assert all(case["reason"] in p.reason_en for p in report.pairs)


def test_planted_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [("by 초록이 2025. 11. 7.\n본문", date(2025, 11, 7)), ("입력 2026.02.18 07:15", date(2026, 2, 18)),
     ("2026-02-18 07:15", date(2026, 2, 18)), ("2024년 12월 17일 오후", date(2024, 12, 17)),
     ("2019년부터 투자. 기자 입력 2023.05.01", date(2023, 5, 1)), ("날짜 없음 2023년 11월", None),
     ("2025. 13. 45.", None)],
)
def test_article_dates(text: str, expected: date | None) -> None:
    found = find_article_date(text)
    assert (found[0] if found else None) == expected


def test_intervals() -> None:
    a, b = Interval(Decimal(1), Decimal(3)), Interval(Decimal(3), Decimal(5), True)
    assert a.intersect(b) is None
    assert a.intersect(Interval(Decimal(2), None)) == Interval(Decimal(2), Decimal(3))
    assert Interval(None, Decimal(1), high_open=True).contains(Decimal(1)) is False


def test_report_is_json_without_losing_decimals(seed: str) -> None:
    data = json.loads(json.dumps(units.audit(seed).to_dict()))
    jsonschema.validate(data, SCHEMA)
    assert data["pairs"][0]["reference"]["rate"] == str(units.resolve_rate("USD", "KRW", date="2025-11-07").value)


def test_cli_json_validates_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "seeds/", "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    jsonschema.validate(report, SCHEMA)
    assert report["file"].endswith("000_7c994772bbdf61d2.txt")
    assert report["summary"]["pairs"] == 2


def test_cli_fail_on_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(SEED), "--rate", "1380", "--fail-on", "inconsistent"]) == 1
    assert main(["audit", str(SEED), "--rate", "1380", "--fail-on", "magnitude_error"]) == 0
    slip = tmp_path / "slip.txt"
    slip.write_text("130억 달러(약 18억 원)", encoding="utf-8")
    assert main(["audit", str(slip), "--rate", "1380", "--fail-on", "magnitude_error"]) == 1
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("130억 달러".encode("utf-8") + b"\xff\xfe")
    good = tmp_path / "good.txt"
    good.write_text("100억 달러(약 13조8000억 원)", encoding="utf-8")
    capsys.readouterr()
    assert main(["audit", str(bad), str(good), "--rate", "1380", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert "latin1.txt: not UTF-8" in captured.err
    assert json.loads(captured.out)["file"].endswith("good.txt")  # the other file was still audited


def test_cli_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["audit", "seeds/", "--format", "html", "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    # no script that runs: the one script element is the report's JSON, as data
    assert page.count("<script") == 1 and '<script type="application/json" id="eokjo-data">' in page
    assert "http://" not in page and "https://" not in page.replace("https://eokjo", "")
    assert 'class="m pair v-inconsistent stale"' in page and ">130억 달러</mark>" in page


def test_cli_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "seeds/", "--format", "markdown", "--rate", "1380"]) == 0
    out = capsys.readouterr().out
    assert "| 1000억 달러 | 135조 원 |" in out and "-2.17%" in out


def test_matching_dates_skips_blocks_but_finds_what_a_full_scan_finds() -> None:
    """The block index of matching_dates against a scan of every date, over intervals
    around the rates of the whole series (and far from them) and cut-off dates."""
    import random
    from datetime import date as Date

    from units.auditing.intervals import Interval
    from units.auditing.judge import MATCHING_DATES, matching_dates, series

    rows = series("USD", "KRW")
    rng = random.Random(3)
    for _ in range(300):
        centre = rng.choice(rows)[1] * Decimal(rng.choice(["1", "1", "1", "10", "0.001"]))
        width = Decimal(rng.randint(0, 4000)) / 100
        interval = Interval(centre - width, centre + width, rng.random() < 0.3, rng.random() < 0.3)
        before = rng.choice([None, rng.choice(rows)[0], Date(1999, 1, 1)])
        naive = [(d, v) for d, v in reversed(rows) if (before is None or d < before) and interval.contains(v)]
        assert matching_dates("USD", "KRW", interval, before) == tuple(naive[:MATCHING_DATES])


EIGHT_PRICES = ("아이폰15 미국 가격은 799달러(약 106만원), 899달러(약 119만6000원), 999달러(약 132만9000원), "
                "1099달러(약 146만2000원), 1199달러(약 159만5000원), 1299달러(약 172만8000원)이다. "
                "보급형은 599달러(약 58만2000원), 프로맥스 1TB는 1399달러(약 180만3000원)다.")


def test_two_of_eight_are_outliers_and_no_copy_from_fifteen_years_before() -> None:
    """Six conversions share a rate, two do not: both are outliers. The one at 972 won a
    dollar matches no rate within the stale window before 2023 (only 2008's), so it is
    not called copied; the one at 1,289 matches a rate of weeks before, and is."""
    report = units.audit(EIGHT_PRICES, date="2023-09-13")
    off = [p for p in report.pairs if p.outlier is not None]
    assert [(p.source.text, p.outlier.cause) for p in off] == [("599달러", "unknown"), ("1399달러", "stale")]
    assert off[0].matching_dates == () and "copied" not in off[0].reason_en and not off[0].stale
    assert (date(2023, 9, 13) - off[1].matching_dates[0][0]).days <= units.get_settings().stale_window_days
    assert report.summary["outliers"] == 2


def test_an_undated_article_gets_the_dates_its_rate_fits() -> None:
    report = units.audit(EIGHT_PRICES)
    assert report.article_date is None
    fits = report.fitting_dates["USD/KRW"]
    shared = next(p.outlier.agreed for p in report.pairs if p.outlier is not None)
    assert fits and all(shared.contains(rate) for _, rate in fits)
    assert report.to_dict()["fitting_dates"]["USD/KRW"][0]["date"] == fits[0][0].isoformat()
    assert units.audit(EIGHT_PRICES, date="2023-09-13").fitting_dates == {}


def test_a_deviation_beyond_the_rate_arithmetic_keeps_its_cents() -> None:
    """Found by the audit fuzz target: 39 digits of won beside 20억 달러 imply a rate of
    3.3 x 10^29, a deviation of 24 x 10^27 percent, past the 28 digits of RATE_CONTEXT:
    quantizing it to cents raised InvalidOperation."""
    text = "666666666666666666666666662조7000억 원(20억 달러)"
    pair = units.audit(text, rate="1380").pairs[0]
    assert pair.verdict == "inconsistent"
    assert pair.deviation_percent == Decimal("24154589371980676328502415220.00")
    assert "24,154,589,371,980,676,328,502,415,220.00%" in pair.reason_en
