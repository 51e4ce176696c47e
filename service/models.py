"""Request and response bodies of the HTTP API. Decimals travel as strings, never floats.

The examples come from the seed article (seeds/000_7c994772bbdf61d2.txt).
"""

from __future__ import annotations

import re
from datetime import date as Date
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from units.currencies import supported_codes

__all__ = [
    "ExtractRequest", "ConvertRequest", "AuditRequest", "ExtractResponse", "ConvertResponse", "AuditResponse",
    "RateOut", "CurrenciesResponse", "ProblemOut", "BatchRecord", "SEED_SENTENCE",
]

SEED_SENTENCE = "2019년부터 이어진 누적 투자액은 130억 달러(약 18조 원)에 달하는 것으로 알려졌는데요."

CurrencyCode = Enum("CurrencyCode", {c: c for c in sorted(supported_codes())}, type=str)  # type: ignore[misc]
CurrencyCode.__doc__ = "An ISO 4217 code known to CLDR (GET /v1/currencies lists them with names)."
Code = Annotated[CurrencyCode, Field(examples=["KRW"])]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: object) -> object:
    """Dates are ISO text (2025-11-07): no timestamps, no other formats."""
    if isinstance(value, Date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError("expected an ISO date such as 2025-11-07")


IsoDate = Annotated[Date, BeforeValidator(_iso_date_only)]
PositiveDecimal = Annotated[str, Field(pattern=r"^[0-9]{1,12}(\.[0-9]{1,20})?$", examples=["1380"],
                                       description="a positive decimal, as a string")]
SignedDecimal = Annotated[str, Field(pattern=r"^-?[0-9]{1,40}(\.[0-9]{1,30})?$", examples=["13000000000"])]
DecimalOut = Annotated[str, Field(description="a decimal, as a string", examples=["13000000000"])]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractRequest(_In):
    text: str = Field(examples=[SEED_SENTENCE], description="any length up to the body limit (413 above it)")
    to: list[Code] = Field(default=["USD", "KRW"], max_length=16)  # type: ignore[assignment]
    rate: PositiveDecimal | None = Field(None, description="USD/KRW rate for this call (won per dollar)")
    date: IsoDate | None = Field(None, description="reference-rate date; default: the latest in the data")
    locale: Literal["ko", "en"] = "ko"


class ConvertRequest(_In):
    """Either ``text`` ("130억 달러") or ``value`` with ``currency``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"oneOf": [
        {"required": ["text"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["currency"]}]},
         "properties": {"text": {"type": "string"}}},
        {"required": ["value", "currency"], "not": {"required": ["text"]},
         "properties": {"value": {"type": "string"}, "currency": {"type": "string"}}},
    ]})

    text: str | None = Field(None, max_length=10_000, examples=["130억 달러"])
    value: SignedDecimal | None = None
    currency: Code | None = None
    to: list[Code] = Field(default=["KRW", "USD"], max_length=16)  # type: ignore[assignment]
    rate: PositiveDecimal | None = Field(None, description="rate for the pair; won per unit when KRW is involved")
    date: IsoDate | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> ConvertRequest:
        if (self.text is None) == (self.value is None) or (self.text is not None and self.currency is not None):
            raise ValueError("give either text (e.g. '130억 달러') or value and currency")
        if self.value is not None and self.currency is None:
            raise ValueError("value needs a currency (e.g. 'USD')")
        return self


class AuditRequest(_In):
    text: str = Field(examples=[SEED_SENTENCE], description="any length up to the body limit (413 above it)")
    rate: PositiveDecimal | None = Field(None, description="reference USD/KRW rate instead of ECB of the article date")
    date: IsoDate | None = Field(None, description="the article's date; default: found in its byline")


# ------------------------------------------------------------------ responses


class RateOut(BaseModel):
    pair: str
    base: str
    quote: str
    rate: DecimalOut
    source: Literal["request", "config", "ecb", "file", "identity"]
    date: Date | None
    requested_date: Date | None
    dataset: str | None = Field(description="the dated data the rate comes from, by name (never a server path)")
    dataset_version: str | None = Field(description="its version: the package that ships it, or a hash of the file")
    data_end: Date | None
    nearest: bool
    stale_reference: bool = Field(description="the rate is more than a week older than the date asked")


class FigureOut(BaseModel):
    start: int
    end: int
    text: str
    value: DecimalOut | None
    low: DecimalOut
    high: DecimalOut
    currency: str
    qualifier: Literal["approx", "at_least", "at_most", "over", "under", "range_of", "vague"] | None
    precision: DecimalOut
    shape: Literal["amount", "range", "band", "vague"]
    currency_basis: Literal["written", "context", "default", "implied"] = Field(
        description="how the currency was decided: written with the amount (달러, $), from the text around it "
                    "or the article's date (인도 ... 84루피), by default for a word several currencies share "
                    "(루피 -> INR), or implied (매출 270조: won)")


class Display(BaseModel):
    ko: str = Field(examples=["약 18조 원"])
    en: str = Field(examples=["KRW 18.0 trillion"])


class ConvertedOut(BaseModel):
    """A figure in another currency, or why it cannot be (``error``: no reference rate for
    the pair on the date), with the other fields null."""

    currency: str
    value: DecimalOut | None
    low: DecimalOut | None
    high: DecimalOut | None
    rate: RateOut | None
    error: str | None = Field(description="why this conversion is missing, e.g. no reference rate for SAR")
    display: Display | None


class ExtractedFigure(FigureOut):
    conversions: dict[str, ConvertedOut]
    display: Display


class ExtractResponse(BaseModel):
    figures: list[ExtractedFigure]
    rate_quotes: list["RateQuoteOut"] = Field(description="exchange-rate quotes: prices of a currency, not money")
    rates: list[RateOut] = Field(description="every rate used, with where it came from")


class AmountOut(BaseModel):
    text: str | None
    value: DecimalOut
    currency: str


class ConversionOut(BaseModel):
    amount: DecimalOut
    currency: str
    rate: RateOut
    display: Display


class ConvertResponse(BaseModel):
    source: AmountOut
    conversions: list[ConversionOut]


class IntervalOut(BaseModel):
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


class RateQuoteOut(BaseModel):
    """An exchange-rate quote: ``rate`` units of ``quote`` buy one ``base`` (``per``: the base
    amount written, 100 for 100엔당 950원)."""

    start: int
    end: int
    text: str
    pair: str
    base: str
    quote: str
    rate: DecimalOut
    per: DecimalOut
    qualifier: Literal["line", "band", "approx"] | None
    kind: Literal["level", "change", "limit"]


class QuoteCheckOut(RateQuoteOut):
    reference: RateOut | None
    verdict: Literal["consistent", "off", "stale", "not_checkable"]
    deviation_percent: DecimalOut | None
    matching_dates: list[MatchingDate]
    reason: Reason


class ArithmeticOut(BaseModel):
    """The stated conversion against the rate the article itself quotes."""

    quote: RateQuoteOut
    rate: DecimalOut
    verdict: Literal["consistent", "inconsistent"]
    deviation_percent: DecimalOut | None
    tie: Literal["applied", "single_quote"]


class OutlierOut(BaseModel):
    """The pair breaks the article's own consistency; ``cause`` is what the evidence points to."""

    cause: Literal["magnitude", "typo", "wrong_currency", "stale", "unknown"]
    agreed_interval: IntervalOut
    expected: DecimalOut | None
    detail: Reason


class PairOut(BaseModel):
    source: FigureOut
    stated: FigureOut
    form: Literal["parenthesis", "phrase", "cue", "headline", "arrow", "next_sentence", "respectively"]
    cue: str = Field(description="the text that ties the two amounts, as written")
    pair: str
    implied_rate: DecimalOut | None
    implied_interval: IntervalOut | None
    reference: RateOut | None
    verdict: Literal["consistent", "inconsistent", "magnitude_error", "not_checkable"]
    deviation_percent: DecimalOut | None
    magnitude: int | None
    stale: bool
    matching_dates: list[MatchingDate]
    reason: Reason
    arithmetic: ArithmeticOut | None
    outlier: OutlierOut | None


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


class RepeatOut(BaseModel):
    currency: str
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
    pairs: list[PairOut]
    rate_quotes: list[QuoteCheckOut]
    joint_rate_interval: dict[str, IntervalOut | None]
    repeats: list[RepeatOut]
    figures: list[FigureOut]
    notes: list[str]


class CurrencyOut(BaseModel):
    code: str
    name_ko: str | None
    name_en: str | None
    reference_rates: bool = Field(description="the loaded ECB data has rates for it")


class CurrenciesResponse(BaseModel):
    currencies: list[CurrencyOut]


class ProblemOut(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    request_id: str | None = None
    errors: list[dict] | None = None


class BatchRecord(BaseModel):
    """One NDJSON output line: the input's id and line number, and a result or an error."""

    id: str | int | None
    line: int
    result: dict | None = None
    error: ProblemOut | None = None
