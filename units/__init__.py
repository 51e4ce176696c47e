"""eokjo's domain core: Korean money figures, conversions and audits.

>>> [f.text for f in extract("130억 달러(약 18조 원)")]
['130억 달러', '18조 원']

The public API is exactly ``__all__`` (docs/python.md); each name also lives in the
module that does the work (``units.extraction``, ``units.auditing``, ``units.conversion``,
``units.rates``, ``units.numerals``, ``units.format``, ``units.errors``).
"""

from units.auditing import AuditReport, Pair, audit
from units.budget import Budget
from units.config import Settings, get_settings
from units.conversion import (
    Conversion,
    ConversionColumns,
    ConversionFailure,
    FigureConversion,
    check_date,
    check_rate,
    convert,
    convert_columns,
    convert_figure,
    convert_figures,
    resolve_rate,
)
from units.currencies import supported_codes
from units.errors import (
    Cancelled,
    ConfigError,
    CurrencyError,
    DateOutOfRange,
    DeadlineExceeded,
    EokjoError,
    LimitExceeded,
    ParseError,
    RateError,
    TooManyFigures,
)
from units.extraction import Explanation, Extractor, Figure, RateQuote, explain, extract, rate_quotes
from units.format import format_english, format_korean, format_locale, format_money_korean, format_rate
from units.numerals import parse_number
from units.rates import DatedRates, FixedRates, HistoryRates, Rate, RateChain

__all__ = [
    "AuditReport", "Budget", "Cancelled", "ConfigError", "Conversion", "ConversionColumns", "ConversionFailure", "CurrencyError",
    "DateOutOfRange", "DatedRates", "DeadlineExceeded", "EokjoError", "Explanation", "Extractor", "Figure",
    "FigureConversion", "FixedRates", "HistoryRates", "LimitExceeded", "Pair", "ParseError", "Rate", "RateChain",
    "RateError", "RateQuote", "Settings", "TooManyFigures", "audit", "check_date", "check_rate", "convert",
    "convert_columns", "convert_figure", "convert_figures", "explain", "extract", "format_english", "format_korean",
    "format_locale", "format_money_korean", "format_rate", "get_settings", "parse_number", "rate_quotes", "resolve_rate",
    "supported_codes",
]
