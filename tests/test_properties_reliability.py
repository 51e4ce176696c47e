"""Properties that must hold for every input (issue 6): round trips and composition."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import units
from units.format import format_korean, round_groups

values = st.integers(min_value=0, max_value=10**20).map(Decimal)
groups = st.one_of(st.none(), st.integers(min_value=1, max_value=6))


@settings(max_examples=400)
@given(values, groups, st.booleans())
def test_format_then_parse_any_groups(value: Decimal, g: int | None, compact: bool) -> None:
    expected = value if g is None else round_groups(value, g)
    assert units.parse_number(format_korean(value, groups=g, compact=compact)) == expected


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=10**15).map(Decimal),
       st.decimals(min_value=Decimal("900"), max_value=Decimal("2000"), places=2))
def test_usd_to_krw_and_back(amount: Decimal, rate: Decimal) -> None:
    krw = units.convert(amount, "USD", "KRW", rate=str(rate)).amount
    back = units.convert(krw, "KRW", "USD", rate=str(rate)).amount
    assert abs(back - amount) <= amount * Decimal("1e-40")
    assert back.quantize(Decimal("0.01")) == amount  # what any display rounding shows


CHUNKS = ["130억 달러(약 18조 원)", "이불을 덮고", "1조 2천억 원", "수십억 달러", "$13 billion", "약 ", "100억~200억 달러",
          "원", "2019년", "５억 엔", "\u200b", "삼천억원", "50조 원대", "GPT-6", "△30억 원", "1달러 20센트"]
texts = st.lists(st.sampled_from(CHUNKS), max_size=8).map("".join)
SEPARATORS = ["\n\n", ". ", " | ", "\n"]
WHOLE_TEXT_RULES = {"implied_won_headline", "implied_won_echo"}


@settings(max_examples=300)
@given(texts, st.sampled_from(SEPARATORS), texts)
def test_figures_of_a_survive_concatenation(a: str, sep: str, b: str) -> None:
    """What follows a text takes none of its figures away, nor changes them; it may add
    only what a rule reads from the whole text: a headline's bare 억 over a body in won."""
    alone = [(f.start, f.end, f.text, f.value, f.currency) for f in units.extract(a)]
    joined = [(f.start, f.end, f.text, f.value, f.currency) for f in units.extract(a + sep + b) if f.end <= len(a)
              if f.rules[0] not in WHOLE_TEXT_RULES or f.start in {x[0] for x in alone}]
    assert joined == alone
