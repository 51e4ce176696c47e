"""Request and response bodies of the HTTP API, as named components of its OpenAPI
document (service/http/openapi.json). Decimals travel as strings in one plain form, never floats.

The examples come from the seed article (seeds/000_7c994772bbdf61d2.txt).
"""

from __future__ import annotations

import re
from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema

from units.currencies import supported_codes

__all__ = [
    "ExtractRequest", "ConvertRequest", "AuditRequest", "BatchExtractLine", "BatchAuditLine", "ExtractResponse",
    "ConvertResponse", "AuditResponse", "Rate", "CurrenciesResponse", "Problem", "BatchExtractResult",
    "BatchAuditResult", "Health", "Ready", "NotReady", "SEED_SENTENCE", "DECIMAL_PATTERN",
]

SEED_SENTENCE = "2019년부터 이어진 누적 투자액은 130억 달러(약 18조 원)에 달하는 것으로 알려졌는데요."

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


CODE_PATTERN = r"^[A-Za-z]{3}$"
POSITIVE_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,20})?$"
SIGNED_PATTERN = r"^-?[0-9]{1,40}(\.[0-9]{1,30})?$"
# What the patterns say, in words: validation messages never show a pattern.
_POSITIVE = re.compile(POSITIVE_PATTERN)
_SIGNED = re.compile(SIGNED_PATTERN)
_CODE = re.compile(CODE_PATTERN)


def _known_code(value: object) -> str:
    """An ISO 4217 code in any case, answered in upper case."""
    if not isinstance(value, str) or not _CODE.match(value):
        raise ValueError(f"expected a three-letter ISO 4217 currency code such as KRW or usd, got {value!r}; "
                         "GET /v1/currencies lists the accepted codes")
    code = value.upper()
    if code not in supported_codes():
        raise ValueError(f"unknown currency code {value!r}; GET /v1/currencies lists the accepted codes")
    return code


CurrencyCode = Annotated[str, BeforeValidator(_known_code), Field(
    json_schema_extra={"pattern": CODE_PATTERN}, examples=["KRW"],
    description="an ISO 4217 code known to CLDR, in any case (usd = USD); GET /v1/currencies lists them")]
CodeOut = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["KRW"], description="an ISO 4217 code")]


def _iso_date_only(value: object) -> object:
    """Dates are ISO text (2025-11-07): no timestamps, no other formats."""
    if isinstance(value, Date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("expected an ISO date such as 2025-11-07")


IsoDate = Annotated[Date, BeforeValidator(_iso_date_only)]


def _digits(value: object, what: str) -> str:
    """A decimal given as a string, or as a JSON number read from its digits (the decoder
    gives ``int`` or ``Decimal``, never a binary float): its plain text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        if not -60 < value.adjusted() < 60:  # written out it would be longer than any field takes
            raise ValueError(f"expected {what} such as \"1380\", got {value}: far more digits than any rate or "
                             "amount has")
        return format(value, "f")
    if isinstance(value, float):  # only from Python callers: the HTTP decoder never makes one
        raise ValueError(f"{what} as a float cannot be read exactly; send it as a string such as \"1459.64\"")
    raise ValueError(f"expected {what} as a string such as \"1380\" or a JSON number, got {type(value).__name__}")


def _positive_decimal(value: object) -> str:
    text = _digits(value, "a positive decimal")
    if not _POSITIVE.match(text):
        raise ValueError(f"expected a positive decimal such as \"1380\" or \"1459.64\", got {text[:40]!r}: "
                         "digits with at most one decimal point (up to 12 digits before it, 20 after), "
                         "no sign, exponent, spaces or thousands separators")
    return text


def _signed_decimal(value: object) -> str:
    text = _digits(value, "a decimal")
    if not _SIGNED.match(text):
        raise ValueError(f"expected a decimal such as \"13000000000\" or \"-2.5\", got {text[:40]!r}: "
                         "digits with an optional minus sign and at most one decimal point (up to 40 digits "
                         "before it, 30 after), no exponent, spaces or thousands separators")
    return text


_DECIMAL_TEXT = {"type": "string", "format": "decimal"}
PositiveDecimal = Annotated[str, BeforeValidator(_positive_decimal), Field(
    examples=["1380"], json_schema_extra={"format": "decimal", "pattern": POSITIVE_PATTERN},
    description="a positive decimal, as a string")]
PositiveDecimalIn = Annotated[str, BeforeValidator(_positive_decimal), WithJsonSchema({
    "anyOf": [{**_DECIMAL_TEXT, "pattern": POSITIVE_PATTERN}, {"type": "number", "exclusiveMinimum": 0}],
    "examples": ["1380"],
    "description": "a positive decimal: a string, or a JSON number read exactly from its digits"})]
SignedDecimalIn = Annotated[str, BeforeValidator(_signed_decimal), WithJsonSchema({
    "anyOf": [{**_DECIMAL_TEXT, "pattern": SIGNED_PATTERN}, {"type": "number"}],
    "examples": ["13000000000"],
    "description": "a decimal: a string, or a JSON number read exactly from its digits"})]
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
DecimalOut = Annotated[str, Field(pattern=DECIMAL_PATTERN, json_schema_extra={"format": "decimal"},
                                  description="a decimal as a string: plain digits, no exponent",
                                  examples=["13000000000"])]
EXACT = ("give converted amounts unrounded: the exact quotient (up to 60 significant digits) instead of "
         "the amount rounded half-up to the currency's minor unit")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractRequest(_In):
    """The text to read and the currencies to convert its figures into."""

    text: str = Field(examples=[SEED_SENTENCE], description="any length up to the body limit (413 above it)")
    to: list[CurrencyCode] = Field(default=["USD", "KRW"], max_length=16,
                                   description="target currencies; at most EOKJO_MAX_TARGETS (8) per request")
    rate: PositiveDecimalIn | None = Field(None, description="USD/KRW rate for this call (won per dollar)")
    date: IsoDate | None = Field(None, description="reference-rate date; default: the latest in the data")
    locale: Literal["ko", "en"] = "ko"
    exact: StrictBool = Field(False, description=EXACT)


class ConvertRequest(_In):
    """One amount, given either as ``text`` ("130억 달러") or as ``value`` with ``currency``
    (never both; the server answers 422 otherwise)."""

    text: str | None = Field(None, max_length=10_000, examples=["130억 달러"],
                             description="an amount as written; leave out value and currency")
    value: SignedDecimalIn | None = Field(None, description="the amount; give currency too, and no text")
    currency: CurrencyCode | None = None
    to: list[CurrencyCode] = Field(default=["KRW", "USD"], max_length=16,
                                   description="target currencies; at most EOKJO_MAX_TARGETS (8) per request")
    rate: PositiveDecimalIn | None = Field(None, description="rate for the pair; won per unit when KRW is involved")
    date: IsoDate | None = None
    exact: StrictBool = Field(False, description=EXACT)


class AuditRequest(_In):
    """An article whose stated conversions are to be checked."""

    text: str = Field(examples=[SEED_SENTENCE], description="any length up to the body limit (413 above it)")
    rate: PositiveDecimalIn | None = Field(None, description="reference USD/KRW rate instead of ECB of the article date")
    date: IsoDate | None = Field(None, description="the article's date; default: found in its byline. A date outside "
                                                  "the rate data is kept: its pairs are then judged without a "
                                                  "reference rate, and say so")


LineId = Annotated[str | int | None, Field(description="echoed on the answer line; any string or integer")]


class BatchExtractLine(ExtractRequest):
    """One line of a ``POST /v1/batch/extract`` body: an extract request with an optional id."""

    id: LineId = None


class BatchAuditLine(AuditRequest):
    """One line of a ``POST /v1/batch/audit`` body: an audit request with an optional id."""

    id: LineId = None


# ------------------------------------------------------------------ responses


class Rate(BaseModel):
    """A rate with where it came from: ``rate`` units of ``quote`` buy one ``base``."""

    pair: str = Field(examples=["USD/KRW"])
    base: CodeOut
    quote: CodeOut
    rate: DecimalOut
    source: Literal["request", "config", "ecb", "file", "identity"]
    date: Date | None
    requested_date: Date | None
    dataset: str | None = Field(description="the dated data the rate comes from, by name (never a server path)")
    dataset_version: str | None = Field(description="its version: the package that ships it, or a hash of the file")
    data_end: Date | None
    nearest: bool
    stale_reference: bool = Field(description="the rate is more than a week older than the date asked")


Qualifier = Literal["approx", "at_least", "at_most", "over", "under", "range_of", "vague"]


class Figure(BaseModel):
    """A monetary figure as written: ``text`` is ``start``..``end`` of the caller's text (in
    code points). ``value`` is null for ranges, bands and vague amounts, which have bounds."""

    start: int
    end: int
    text: str
    value: DecimalOut | None
    low: DecimalOut
    high: DecimalOut
    currency: CodeOut
    qualifier: Qualifier | None
    precision: DecimalOut = Field(description="the place of the last digit written: 1000000000 for 130억")
    shape: Literal["amount", "range", "band", "vague"]
    currency_basis: Literal["written", "context", "default", "implied", "header"] = Field(
        description="how the currency was decided: written with the amount (달러, $), from the text around it "
                    "or the article's date (인도 ... 84루피), by default for a word several currencies share "
                    "(루피 -> INR), implied (매출 270조: won), or by its table's unit header ((단위: 백만원) over 1,234)")


class Display(BaseModel):
    ko: str = Field(examples=["약 18조 원"])
    en: str = Field(examples=["KRW 18.0 trillion"])


class Conversion(BaseModel):
    """An amount in another currency, the same shape in extract and convert answers.

    ``amount`` is null for a range (see ``low`` and ``high``). Amounts are rounded half-up
    to the currency's minor unit (CLDR digits; below one unit, 4 significant digits) unless
    the request asked for ``exact``. When no reference rate exists for the pair on the date,
    ``error`` says so and the other fields are null; the rest of the answer stands."""

    currency: CodeOut
    amount: DecimalOut | None
    low: DecimalOut | None
    high: DecimalOut | None
    rate: Rate | None
    error: str | None = Field(description="why this conversion is missing, e.g. no reference rate for SAR")
    display: Display | None


class ExtractedFigure(Figure):
    conversions: list[Conversion] = Field(description="one per target currency, in the order asked")
    display: Display


class ExtractResponse(BaseModel):
    figures: list[ExtractedFigure]
    rate_quotes: list[RateQuote] = Field(description="exchange-rate quotes: prices of a currency, not money")
    rates: list[Rate] = Field(description="every rate used, with where it came from")


class ConvertSource(BaseModel):
    """The amount converted: as read from ``text``, or as given."""

    text: str | None
    value: DecimalOut
    currency: CodeOut


class ConvertResponse(BaseModel):
    source: ConvertSource
    conversions: list[Conversion] = Field(description="one per target currency, in the order asked")


class Interval(BaseModel):
    """Rates between ``low`` and ``high``; a null bound is unbounded."""

    low: DecimalOut | None
    high: DecimalOut | None
    low_open: bool
    high_open: bool


class MatchingDate(BaseModel):
    date: Date
    rate: DecimalOut


class Reason(BaseModel):
    ko: str
    en: str


class RateQuote(BaseModel):
    """An exchange-rate quote: ``rate`` units of ``quote`` buy one ``base`` (``per``: the base
    amount written, 100 for 100엔당 950원)."""

    start: int
    end: int
    text: str
    pair: str
    base: CodeOut
    quote: CodeOut
    rate: DecimalOut
    per: DecimalOut
    qualifier: Literal["line", "band", "approx"] | None
    kind: Literal["level", "change", "limit"]
    high: DecimalOut | None = None  # the top of a level written as a range (1,140~1,250원), per the same per


class QuoteCheck(RateQuote):
    """A rate quote against the reference rate of the article's date."""

    reference: Rate | None
    verdict: Literal["consistent", "off", "stale", "not_checkable"]
    deviation_percent: DecimalOut | None
    matching_dates: list[MatchingDate]
    reason: Reason


class Arithmetic(BaseModel):
    """The stated conversion against the rate the article itself quotes."""

    quote: RateQuote
    rate: DecimalOut
    verdict: Literal["consistent", "inconsistent"]
    deviation_percent: DecimalOut | None
    tie: Literal["applied", "single_quote"]


class Outlier(BaseModel):
    """The pair breaks the article's own consistency; ``cause`` is what the evidence points to."""

    cause: Literal["magnitude", "typo", "wrong_currency", "stale", "unknown"]
    agreed_interval: Interval
    expected: DecimalOut | None
    detail: Reason


class Pair(BaseModel):
    """A conversion the text states: ``source`` said to be worth ``stated``."""

    source: Figure
    stated: Figure
    form: Literal["parenthesis", "phrase", "cue", "headline", "arrow", "next_sentence", "respectively", "table"]
    cue: str = Field(description="the text that ties the two amounts, as written")
    pair: str
    implied_rate: DecimalOut | None
    implied_interval: Interval | None
    reference: Rate | None
    verdict: Literal["consistent", "inconsistent", "magnitude_error", "not_checkable"]
    deviation_percent: DecimalOut | None
    magnitude: int | None
    stale: bool
    matching_dates: list[MatchingDate]
    reason: Reason
    arithmetic: Arithmetic | None
    outlier: Outlier | None


class ArticleDate(BaseModel):
    date: Date
    source: Literal["call", "text"]
    span: list[int] | None


class RepeatStated(BaseModel):
    text: str
    start: int
    end: int
    source_start: int
    source_end: int


class Repeat(BaseModel):
    currency: CodeOut
    amount: DecimalOut
    stated: list[RepeatStated]


class AuditSummary(BaseModel):
    """Counts of one report."""

    figures: int
    pairs: int
    consistent: int
    inconsistent: int
    magnitude_error: int
    not_checkable: int
    stale: int
    repeats: int
    outliers: int
    arithmetic_checked: int
    arithmetic_inconsistent: int
    rate_quotes: int
    quotes_consistent: int
    quotes_off: int
    quotes_stale: int
    quotes_not_checkable: int


class AuditResponse(BaseModel):
    """The same JSON as ``eokjo audit --format json`` (units/schemas/audit_report.schema.json)."""

    summary: AuditSummary
    article_date: ArticleDate | None
    pairs: list[Pair]
    rate_quotes: list[QuoteCheck]
    joint_rate_interval: dict[str, Interval | None] = Field(
        description="per currency pair, the rates every checkable pair of the text agrees with")
    fitting_dates: dict[str, list[MatchingDate]] = Field(
        description="an undated article (no date found or given, no rate): per currency pair, the latest dates "
                    "whose reference rate fits every checkable pair (or the rate most of them share)")
    repeats: list[Repeat]
    figures: list[Figure]
    notes: list[str]


class Currency(BaseModel):
    code: CodeOut
    name_ko: str | None
    name_en: str | None
    reference_rates: bool = Field(description="the loaded ECB data has rates for it")


class CurrenciesResponse(BaseModel):
    currencies: list[Currency]


class ValidationErrorItem(BaseModel):
    """One offending field: where it is (``["body", "to", 0]``), what is wrong, and pydantic's type."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details: every error the service answers has this shape (the
    document's ``x-problem-types`` and the README list every ``type``)."""

    type: str = Field(examples=["https://eokjo.dev/problems/validation-error"])
    title: str
    status: int
    detail: str = Field(description="what was wrong and what is accepted")
    request_id: str | None = Field(None, description="the X-Request-ID of the request")
    errors: list[ValidationErrorItem] | None = Field(None, description="validation errors, one per field")


class BatchExtractResult(BaseModel):
    """One line of a ``POST /v1/batch/extract`` answer: the input's ``id`` and ``line``
    number, and either ``result`` or ``error``. ``line`` is null on the batch's own last
    line when it stops early (too many lines, out of CPU time)."""

    id: str | int | None
    line: int | None
    result: ExtractResponse | None = None
    error: Problem | None = None


class BatchAuditResult(BaseModel):
    """One line of a ``POST /v1/batch/audit`` answer (see BatchExtractResult)."""

    id: str | int | None
    line: int | None
    result: AuditResponse | None = None
    error: Problem | None = None


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    data_start: Date = Field(description="the first date of the reference-rate data")
    data_end: Date = Field(description="the last date of the reference-rate data, as every rate's data_end")


class NotReady(BaseModel):
    status: Literal["starting"]
