"""Scanning text for money: every figure with its exact value, currency and offsets.

>>> [(f.text, str(f.value), f.currency, f.qualifier) for f in extract("130억 달러(약 18조 원)")]
[('130억 달러', '13000000000', 'USD', None), ('18조 원', '18000000000000', 'KRW', 'approx')]
>>> f = extract("매출은 100억~200억 달러")[0]
>>> (f.text, f.value, str(f.low), str(f.high), f.qualifier)
('100억~200억 달러', None, '10000000000', '20000000000', 'range_of')
>>> [f.text for f in extract("이불을 덮고 잤다. 사유로 인하여, 일원화된 창구")]
[]

A figure is a number next to a currency form standing as words of the sentence: a word
after it (달러, 원, 엔화, "캐나다 달러"), or a symbol or code before it ($, ₩, USD). A
currency word alone, or a number alone, is not money (except a won amount the sentence
implies: 매출 270조). The span covers the (signed) number and the currency; qualifier
words around it (약, 이상, 가량) are reported in ``qualifier`` and stay outside.

The stages and their rules are listed in :mod:`units.extract.extractor`.
"""

from __future__ import annotations

from datetime import date as Date

from units.budget import Budget
from units.extract.extractor import STAGES, Explanation, Extractor, Reading, plain
from units.extract.figure import CURRENCY_BASES, QUALIFIERS, SHAPES, Candidate, Figure, Rejection
from units.extract.quotes import KINDS, RateQuote, rate_quotes

__all__ = ["Extractor", "Explanation", "Reading", "Figure", "Candidate", "Rejection", "RateQuote", "QUALIFIERS",
           "SHAPES", "CURRENCY_BASES", "KINDS", "STAGES", "default_extractor", "extract", "explain", "rate_quotes", "plain"]

_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    """The extractor with the default lexicon, built on first use and shared."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract(text: str, *, date: Date | str | None = None, budget: Budget | None = None) -> list[Figure]:
    """Every monetary figure in ``text``, in reading order.

    >>> [(f.text, str(f.value)) for f in extract("누적 투자액은 1조 2천억 원, 약 $13 billion")]
    [('1조 2천억 원', '1200000000000'), ('$13 billion', '13000000000')]
    >>> [(f.text, f.currency, f.currency_basis) for f in extract("인도 루피화 급락… 84루피 선")]
    [('84루피', 'INR', 'context')]
    """
    return default_extractor().extract(text, date=date, budget=budget)


def explain(text: str, *, date: Date | str | None = None) -> Explanation:
    """The figures and the readings rules turned down (see :meth:`Extractor.explain`)."""
    return default_extractor().explain(text, date=date)
