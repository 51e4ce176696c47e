"""The module-level functions over one shared :class:`Extractor` with the default lexicon:
:func:`extract`, :func:`explain` and :func:`rate_quotes` (``units`` exports them).

>>> [(f.text, str(f.value)) for f in extract("누적 투자액은 1조 2천억 원, 약 $13 billion")]
[('1조 2천억 원', '1200000000000'), ('$13 billion', '13000000000')]
>>> [f.text for f in explain("사유로 인하여 10달러").figures]
['10달러']
"""

from __future__ import annotations

from datetime import date as Date

from units.budget import Budget
from units.extraction.extractor import Explanation, Extractor
from units.extraction.figure import Figure
from units.extraction.quotes import RateQuote

__all__ = ["default_extractor", "extract", "explain", "rate_quotes", "count_spots"]

_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    """The extractor with the default lexicon, built on first use and shared."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract(text: str, *, date: Date | str | None = None, budget: Budget | None = None) -> list[Figure]:
    """Every monetary figure in ``text``, in reading order.

    >>> [(f.text, f.currency, f.currency_basis) for f in extract("인도 루피화 급락… 84루피 선")]
    [('84루피', 'INR', 'context')]
    """
    return default_extractor().extract(text, date=date, budget=budget)


def explain(text: str, *, date: Date | str | None = None) -> Explanation:
    """The figures, the rate quotes and every reading a rule turned down, with the rule
    that did (see :meth:`Extractor.explain`).

    >>> [(r.rule, r.reason) for r in explain("2024 달러 전망").rejected]
    [('year', '2024 is a year')]
    """
    return default_extractor().explain(text, date=date)


def rate_quotes(text: str, *, date: Date | str | None = None) -> list[RateQuote]:
    """Every exchange-rate quote in ``text``, in reading order.

    >>> [(q.text, q.pair, str(q.rate)) for q in rate_quotes("원·달러 환율은 1,450.3원에 마감했다.")]
    [('1,450.3원', 'USD/KRW', '1450.3')]
    """
    return list(default_extractor().scan(text, date=date).quotes)


def count_spots(text: str, limit: int | None = None) -> int:
    """Where the extractor may read a candidate in ``text``, counted up to ``limit`` (see
    :meth:`Extractor.count_spots`): the work a text asks for, before doing it.

    >>> count_spots("일억원 일억원"), count_spots("이번 주에 사람이 오늘"), count_spots("$1 " * 100, limit=10)
    (2, 0, 10)
    """
    return default_extractor().count_spots(text, limit)
