"""parse_number over fixtures/numbers.jsonl, and the errors it raises."""

from __future__ import annotations

from decimal import Decimal

import pytest

import units
from tests.conftest import corpus
from units.numerals import scan_number, written_precision

CASES = corpus("numbers")
VALUES = [c for c in CASES if "value" in c]
ERRORS = [c for c in CASES if "error" in c]


@pytest.mark.parametrize("case", VALUES, ids=[c["id"] for c in VALUES])
def test_parse_number(case: dict) -> None:
    assert units.parse_number(case["expr"]) == Decimal(case["value"])


@pytest.mark.parametrize("case", ERRORS, ids=[c["id"] for c in ERRORS])
def test_parse_error_names_the_position(case: dict) -> None:
    with pytest.raises(units.ParseError) as info:
        units.parse_number(case["expr"])
    assert info.value.position == case["error"]
    assert isinstance(info.value, ValueError)
    assert f"position {case['error']}" in str(info.value)
    assert "expected" in str(info.value)


@pytest.mark.parametrize("bad", [None, 130, b"130"])
def test_parse_number_rejects_non_strings(bad: object) -> None:
    with pytest.raises(units.ParseError):
        units.parse_number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "precision"),
    [("9000", "1E+3"), ("143", "1"), ("2.50", "0.01"), ("0", "1"), ("140", "10")],
)
def test_written_precision(written: str, precision: str) -> None:
    assert written_precision(Decimal(written)) == Decimal(precision)


def test_a_callers_decimal_context_neither_rounds_a_number_nor_is_left_changed() -> None:
    """Numbers are read in eokjo's own exact context, and the caller's is put back, also
    when reading stops early (a number with no atoms) or a number is malformed."""
    from decimal import Inexact, Rounded, getcontext, localcontext

    with localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[Inexact] = ctx.traps[Rounded] = False
        figures = units.extract("1조 2천억 3456만 7890원, 삼천오백억원, 29억7,085억원, 일을 한다")
        assert [f.value for f in figures] == [Decimal("1200034567890"), Decimal("350000000000")]
        assert units.parse_number("1조 2천억 3456만 7890") == Decimal("1200034567890")
        assert getcontext() is ctx and ctx.prec == 3


def test_glued_cells_after_a_myriad_are_not_its_last_group() -> None:
    """A flattened table glues the next cells to an amount (3097억3.3104.4: 3.3 and 104.4);
    a decimal group followed by another decimal point is no lower group of the amount, while
    a last group with cents is (1만356.29 달러)."""
    glued = scan_number("3097억3.3104.4", 0)
    assert glued is not None and (glued.end, glued.low) == (5, Decimal("309700000000"))
    cents = scan_number("1만356.29 달러", 0)
    assert cents is not None and cents.low == Decimal("10356.29")


def test_marks_placed_otherwise_are_kept_apart() -> None:
    """Scan.marked keeps one list of places per pattern and placing: a second caller who
    places the same pattern's matches elsewhere does not get the first caller's places."""
    import re

    from units.extraction.scan import Scan

    scan = Scan.__new__(Scan)
    scan.s, scan._marks = "ab 12원", {}
    won = re.compile("원")
    assert scan.marked(won, 5, 6)  # the 원 itself stands at 5
    assert not scan.marked(won, 3, 4, place=lambda s, m: m.start() - 1)  # placed at its numeral, 4: outside [3, 4)
    assert scan.marked(won, 4, 5, place=lambda s, m: m.start() - 1)
