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

The stages and their rules are listed in :mod:`units.extraction.extractor`.
"""

from units.extraction.api import count_spots, default_extractor, explain, extract, rate_quotes
from units.extraction.extractor import STAGES, Explanation, Extractor, Reading, plain
from units.extraction.figure import CURRENCY_BASES, QUALIFIERS, SHAPES, Candidate, Figure, Rejection
from units.extraction.quotes import KINDS, RateQuote

__all__ = ["Extractor", "Explanation", "Reading", "Figure", "Candidate", "Rejection", "RateQuote", "QUALIFIERS",
           "SHAPES", "CURRENCY_BASES", "KINDS", "STAGES", "default_extractor", "extract", "explain", "rate_quotes", "plain", "count_spots"]
