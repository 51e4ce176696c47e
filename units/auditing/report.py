"""What an audit reports: plain, frozen records (``to_dict`` keeps decimals as strings)."""

from __future__ import annotations

from units.decimals import plain

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from units.auditing.intervals import Interval
from units.extraction import Figure, RateQuote
from units.rates import Rate

__all__ = ["Arithmetic", "AuditReport", "Outlier", "Pair", "QuoteCheck", "Repeat", "SEVERITY", "VERDICTS",
           "QUOTE_VERDICTS", "OUTLIER_CAUSES"]

VERDICTS = ("consistent", "inconsistent", "magnitude_error", "not_checkable")
SEVERITY = {"not_checkable": 0, "consistent": 0, "inconsistent": 1, "magnitude_error": 2}
QUOTE_VERDICTS = ("consistent", "off", "stale", "not_checkable")
OUTLIER_CAUSES = ("magnitude", "typo", "wrong_currency", "stale", "unknown")


def _s(d: Decimal | None) -> str | None:
    return plain(d)


def _dates(rows: tuple[tuple[Date, Decimal], ...]) -> list[dict]:
    return [{"date": d.isoformat(), "rate": plain(r)} for d, r in rows]


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """A stated conversion against the rate the article itself quotes: the article's own
    arithmetic. ``tie`` says how the text ties them: ``applied`` (달러당 1,352.4원을
    적용하면 …) or ``single_quote`` (the one rate a short article quotes)."""

    quote: RateQuote
    rate: Decimal  # the quoted rate in the pair's direction
    verdict: str  # consistent | inconsistent
    deviation_percent: Decimal | None
    tie: str

    def to_dict(self) -> dict:
        return {"quote": self.quote.to_dict(), "rate": plain(self.rate), "verdict": self.verdict,
                "deviation_percent": _s(self.deviation_percent), "tie": self.tie}


@dataclass(frozen=True, slots=True)
class Outlier:
    """A pair that breaks the article's own consistency: the other pairs of its rate agree
    on one rate and it does not. ``cause`` is what the evidence points to."""

    cause: str  # magnitude | typo | wrong_currency | stale | unknown
    agreed: Interval  # the rates every other pair allows
    expected: Decimal | None  # the stated amount at the middle of that interval
    detail_ko: str
    detail_en: str

    def to_dict(self) -> dict:
        return {"cause": self.cause, "agreed_interval": self.agreed.to_dict(), "expected": _s(self.expected),
                "detail": {"ko": self.detail_ko, "en": self.detail_en}}


@dataclass(frozen=True, slots=True)
class Pair:
    """One stated conversion and its verdicts."""

    source: Figure
    stated: Figure
    form: str
    cue: str
    pair: str  # the rate's pair, e.g. "USD/KRW" (won per dollar)
    implied_rate: Decimal | None
    implied_interval: Interval | None
    reference: Rate | None
    verdict: str
    deviation_percent: Decimal | None
    magnitude: int | None  # the power of ten that explains a magnitude error
    reason_ko: str
    reason_en: str
    matching_dates: tuple[tuple[Date, Decimal], ...] = ()
    arithmetic: Arithmetic | None = None
    outlier: Outlier | None = None

    @property
    def stale(self) -> bool:
        return self.verdict == "inconsistent" and bool(self.matching_dates)

    def to_dict(self) -> dict:
        return {
            "source": self.source.to_dict(),
            "stated": self.stated.to_dict(),
            "form": self.form,
            "cue": self.cue,
            "pair": self.pair,
            "implied_rate": _s(self.implied_rate),
            "implied_interval": None if self.implied_interval is None else self.implied_interval.to_dict(),
            "reference": None if self.reference is None else self.reference.to_dict(),
            "verdict": self.verdict,
            "deviation_percent": _s(self.deviation_percent),
            "magnitude": self.magnitude,
            "stale": self.stale,
            "matching_dates": _dates(self.matching_dates),
            "reason": {"ko": self.reason_ko, "en": self.reason_en},
            "arithmetic": None if self.arithmetic is None else self.arithmetic.to_dict(),
            "outlier": None if self.outlier is None else self.outlier.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """An exchange-rate quote of the article against the reference rate of its date."""

    quote: RateQuote
    reference: Rate | None
    verdict: str  # consistent | off | stale | not_checkable
    deviation_percent: Decimal | None
    reason_ko: str
    reason_en: str
    matching_dates: tuple[tuple[Date, Decimal], ...] = ()

    def to_dict(self) -> dict:
        return {**self.quote.to_dict(), "reference": None if self.reference is None else self.reference.to_dict(),
                "verdict": self.verdict, "deviation_percent": _s(self.deviation_percent),
                "matching_dates": _dates(self.matching_dates), "reason": {"ko": self.reason_ko, "en": self.reason_en}}


@dataclass(frozen=True, slots=True)
class Repeat:
    """One source amount stated with different conversions in the same text."""

    currency: str
    amount: Decimal
    pairs: tuple[Pair, ...]

    def to_dict(self) -> dict:
        return {"currency": self.currency, "amount": plain(self.amount),
                "stated": [{"text": p.stated.text, "start": p.stated.start, "end": p.stated.end,
                            "source_start": p.source.start, "source_end": p.source.end} for p in self.pairs]}


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the audit found in one text."""

    figures: tuple[Figure, ...]
    pairs: tuple[Pair, ...]
    article_date: Date | None
    article_date_source: str | None  # "call", "text" or None
    article_date_span: tuple[int, int] | None
    joint_rate_interval: dict[str, Interval | None]
    repeats: tuple[Repeat, ...]
    notes: tuple[str, ...] = ()
    rate_quotes: tuple[QuoteCheck, ...] = ()
    # an undated article: per rate pair, the latest dates whose reference rate fits its conversions
    fitting_dates: dict[str, tuple[tuple[Date, Decimal], ...]] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        for p in self.pairs:
            counts[p.verdict] += 1
        quotes = {f"quotes_{v}": 0 for v in QUOTE_VERDICTS}
        for q in self.rate_quotes:
            quotes[f"quotes_{q.verdict}"] += 1
        return {"figures": len(self.figures), "pairs": len(self.pairs), **counts,
                "stale": sum(p.stale for p in self.pairs), "repeats": len(self.repeats),
                "outliers": sum(p.outlier is not None for p in self.pairs),
                "arithmetic_checked": sum(p.arithmetic is not None for p in self.pairs),
                "arithmetic_inconsistent": sum(p.arithmetic is not None and p.arithmetic.verdict != "consistent"
                                               for p in self.pairs),
                "rate_quotes": len(self.rate_quotes), **quotes}

    @property
    def worst(self) -> str | None:
        """The most severe verdict (magnitude_error > inconsistent), or None."""
        bad = [p.verdict for p in self.pairs if SEVERITY[p.verdict]]
        return max(bad, key=SEVERITY.__getitem__) if bad else None

    FIELDS = ("summary", "article_date", "pairs", "rate_quotes", "joint_rate_interval", "fitting_dates", "repeats",
              "figures", "notes")

    def to_dict(self, parts: tuple[str, ...] = FIELDS) -> dict:
        """Plain JSON-ready data, in the order of ``FIELDS`` (``parts`` picks some of them)."""
        make = {
            "summary": lambda: self.summary,
            "article_date": lambda: None if self.article_date is None else {
                "date": self.article_date.isoformat(), "source": self.article_date_source,
                "span": list(self.article_date_span) if self.article_date_span else None},
            "pairs": lambda: [p.to_dict() for p in self.pairs],
            "rate_quotes": lambda: [q.to_dict() for q in self.rate_quotes],
            "joint_rate_interval": lambda: {k: None if v is None else v.to_dict()
                                            for k, v in self.joint_rate_interval.items()},
            "fitting_dates": lambda: {k: _dates(v) for k, v in self.fitting_dates.items()},
            "repeats": lambda: [r.to_dict() for r in self.repeats],
            "figures": lambda: [f.to_dict() for f in self.figures],
            "notes": lambda: list(self.notes),
        }
        return {k: make[k]() for k in self.FIELDS if k in parts}
