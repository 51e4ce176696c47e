"""Formatting: babel locales, Korean newspaper style, English style; round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import units
from units.format import format_english, format_korean, format_locale, format_money_korean, round_groups

D = Decimal


@pytest.mark.parametrize(
    ("value", "currency", "locale", "compact", "expected"),
    [
        (D("18000000000000"), "KRW", "ko_KR", False, "₩18,000,000,000,000"),
        (D("13000000000"), "USD", "ko_KR", False, "US$13,000,000,000"),
        (D("13000000000"), "USD", "en_US", True, "$13B"),
        (D("18000000000000"), "KRW", "ko_KR", True, "18조"),
        (D("2.75"), "USD", "en_US", False, "$2.75"),
    ],
)
def test_babel_locales(value: Decimal, currency: str, locale: str, compact: bool, expected: str) -> None:
    assert format_locale(value, currency, locale, compact=compact) == expected


@pytest.mark.parametrize(
    ("value", "currency", "kwargs", "expected"),
    [
        (D("1439000000000"), "KRW", {}, "1조 4,390억 원"),
        (D("143900000000000"), "KRW", {"compact": True}, "143조9,000억 원"),
        (D("13000000000"), "USD", {}, "130억 달러"),
        (D("18000000000000"), "KRW", {}, "18조 원"),
        (D("17940000000000"), "KRW", {"groups": 1, "approx": True}, "약 18조 원"),
        (D("2.75"), "USD", {}, "2.75 달러"),
        (D("100000000"), "JPY", {}, "1억 엔"),
    ],
)
def test_newspaper_style(value: Decimal, currency: str, kwargs: dict, expected: str) -> None:
    assert format_money_korean(value, currency, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [(D("13000000000"), "USD", "$13.0 billion"), (D("18000000000000"), "KRW", "KRW 18.0 trillion"),
     (D("1500000"), "EUR", "€1.5 million"), (D("950"), "USD", "$950.00")],
)
def test_english_style(value: Decimal, currency: str, expected: str) -> None:
    assert format_english(value, currency) == expected


def test_rounding_is_half_up_and_explicit() -> None:
    assert round_groups(D("17500000000000"), 1) == D("18000000000000")
    assert round_groups(D("17499999999999"), 1) == D("17000000000000")
    from decimal import ROUND_DOWN

    assert format_korean(D("17940000000000"), groups=1, rounding=ROUND_DOWN) == "17조"


@given(st.integers(min_value=1, max_value=10**20).map(Decimal), st.integers(min_value=1, max_value=5),
       st.sampled_from(["KRW", "USD", "EUR", "JPY"]))
def test_written_amounts_read_back(value: Decimal, groups: int, currency: str) -> None:
    text = format_money_korean(value, currency, groups=groups)
    (figure,) = units.extract(text)
    assert figure.value == round_groups(value, groups)
    assert units.parse_number(format_korean(value, groups=groups)) == round_groups(value, groups)
