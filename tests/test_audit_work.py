"""The audit's cost is linear in its text, shown by counting its work, never by timing it.

Every stage of the audit tallies its work on the budget (:attr:`units.Budget.work`): the
characters pair finding reads and the candidates it compares, the pairs and quotes judged,
the pairs weighed for outliers. For each hostile text of issue 20, 800 KB must cost per
character what 100 KB costs, in every kind of work (the pair finder of before read the
text from each amount's sentence start: 8x the text gave 64x the characters read).
The timing of the same texts is in ``make bench`` (tests/benchmarks/test_bench_audit.py).
"""

from __future__ import annotations

import pytest

import units
from service.report import html_page
from tests.hostile_texts import AUDIT_HOSTILE

SMALL, LARGE = 100_000, 800_000
GROWTH = 1.1  # work per character, 800 KB against 100 KB (the texts repeat one unit: 1.0 but for the edges)
STAGES = ("pairs.chars",)  # every text goes through pair finding


def _work(text: str) -> tuple[units.AuditReport, units.Budget]:
    budget = units.Budget()
    return units.audit(text, budget=budget), budget


@pytest.mark.parametrize("name", sorted(AUDIT_HOSTILE))
def test_audit_work_per_character_does_not_grow_with_the_text(name: str) -> None:
    make = AUDIT_HOSTILE[name]
    small_report, small = _work(make(SMALL))
    large_report, large = _work(make(LARGE))
    assert set(STAGES) <= set(small.work) and set(small.work) == set(large.work), (dict(small.work), dict(large.work))
    for kind, count in small.work.items():
        growth = large.work[kind] / count * SMALL / LARGE
        assert growth <= GROWTH, f"{name}: {kind} grew {growth:.2f}x per character ({count} -> {large.work[kind]})"
    # the tallies are the work done: a judged pair is one pair of the report
    assert large.work["judge.pairs"] == len(large_report.pairs)
    assert large.work["judge.quotes"] == len(large_report.rate_quotes)
    assert large.items["figure"] == len(large_report.figures) >= 8 * len(small_report.figures) * 0.9


def test_every_stage_tallies_its_work() -> None:
    text = "달러당 1,352.4원을 적용하면 130억 달러(약 18조 원), 20억 달러(약 2조 원), 1억 달러(약 1,400억 원)이다."
    report, budget = _work(text)
    assert len(report.pairs) == 3 and len(report.rate_quotes) == 1
    assert budget.work["judge.pairs"] == budget.work["arithmetic.pairs"] == 3
    assert budget.work["judge.quotes"] == 1
    assert budget.work["arithmetic.chars"] > 0 and budget.work["outliers.intervals"] >= 3
    assert budget.work["pairs.candidates"] >= len(report.figures) - 1
    assert budget.work["pairs.chars"] >= len(text)  # at least the one pass for sentence ends


def test_a_budget_checks_its_limits_as_work_is_spent() -> None:
    budget = units.Budget()
    budget.cancel()
    with pytest.raises(units.Cancelled):
        for _ in range(units.budget.CHECK_EVERY):
            budget.spend("pairs.chars")


def test_the_audit_stops_at_its_budget_in_every_stage() -> None:
    """A budget that runs out in pair finding, in judging or in weighing outliers stops
    the audit there: each stage spends, and spending checks."""
    text = "130억 달러(약 18조 원), 1억 달러(약 2,000억 원) " * 200  # pairs that disagree: outliers weighed
    full = _work(text)[1].work
    for stage in ("pairs.chars", "judge.pairs", "outliers.intervals"):
        budget = _CancelAt(stage)
        with pytest.raises(units.Cancelled):
            units.audit(text, budget=budget)
        assert 0 < budget.work[stage] < full[stage]


class _CancelAt(units.Budget):
    """A budget that cancels itself (as a client leaving would) when a stage begins."""

    def __init__(self, stage: str) -> None:
        super().__init__()
        self.stage = stage

    def spend(self, kind: str, n: int = 1) -> None:
        if kind == self.stage:
            self.cancel()
        super().spend(kind, n)


def test_the_html_report_spends_as_it_is_written() -> None:
    """The HTML of a long text costs more than its audit: the report spends per figure,
    pair, row and serialized item, so a CPU limit holds until its last byte."""
    text = "130억 달러(약 18조 원), 달러당 1,352.4원. " * 50
    report = units.audit(text)
    budget = units.Budget()
    html_page([("a", text, report)], budget=budget)
    items = len(report.figures) + len(report.pairs) + len(report.rate_quotes)
    assert budget.work["report.items"] == items  # the JSON that rides along, an item at a time
    assert budget.work["report.rows"] > 2 * len(report.figures)  # the template's loops: text segments and rows
    cancelled = _CancelAt("report.rows")
    with pytest.raises(units.Cancelled):
        html_page([("a", text, report)], budget=cancelled)
