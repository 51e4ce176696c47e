"""eokjo's domain core: Korean money figures, conversions and audits."""

from units.errors import CurrencyError, DateOutOfRange, EokjoError, ParseError, RateError
from units.extract import Extractor, Figure, extract
from units.numerals import parse_number

__all__ = ["Extractor", "Figure", "extract", "CurrencyError", "DateOutOfRange", "EokjoError", "ParseError", "RateError", "parse_number"]
