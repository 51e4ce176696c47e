"""Auditing the conversions an article states: "130억 달러(약 18조 원)".

>>> report = audit("130억 달러(약 18조 원)", rate="1380")
>>> [(p.source.text, p.stated.text, p.verdict) for p in report.pairs]
[('130억 달러', '18조 원', 'consistent')]

The pieces: :mod:`units.auditing.pairs` finds the stated conversions (driven by
``lexicon/pairs.toml``), :mod:`units.auditing.judge` gives the verdicts (against the
reference rate, against the rate the article itself quotes, against the article's other
conversions), :mod:`units.auditing.dating` finds the article's date, and
:mod:`units.auditing.report` holds the records.
"""

from units.auditing.auditor import audit
from units.auditing.dating import find_article_date
from units.auditing.intervals import Interval, stated_interval
from units.auditing.pairs import FORMS, PairSpan, find_pairs
from units.auditing.report import (
    OUTLIER_CAUSES,
    QUOTE_VERDICTS,
    SEVERITY,
    VERDICTS,
    Arithmetic,
    AuditReport,
    Outlier,
    Pair,
    QuoteCheck,
    Repeat,
)

__all__ = ["AuditReport", "Arithmetic", "Interval", "Outlier", "Pair", "PairSpan", "QuoteCheck", "Repeat", "audit",
           "find_article_date", "find_pairs", "stated_interval", "FORMS", "VERDICTS", "QUOTE_VERDICTS",
           "OUTLIER_CAUSES", "SEVERITY"]
