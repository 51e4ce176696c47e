"""Auditing the conversions an article states: "130억 달러(약 18조 원)".

>>> report = audit("130억 달러(약 18조 원)", rate="1380")
>>> [(p.source.text, p.stated.text, p.verdict) for p in report.pairs]
[('130억 달러', '18조 원', 'consistent')]

A *pair* is two figures in different currencies that the text presents as equal: the
second in parentheses ("A(약 B)", "A(한화 약 B)", "B(A)") or after a comma with a phrase
such as 우리 돈, 한화로, 원화로 ("A, 우리 돈 약 B").

The stated figure fixes an interval, not a point: what it says to its last written digit
("약 18조 원" means 17.5조..18.5조; "143조9000억원" ±500억; "50조 원대" 50조..60조; 이상
and 미만 make it one-sided). Divided by the source amount, that is the interval of rates
the writer could have used. A reference rate (per call, configured, or ECB of the
article's date, widened by a small tolerance for bank spreads) inside it is
``consistent``; outside, ``inconsistent`` with a signed deviation, or ``magnitude_error``
when a power of ten (억 for 조) explains the gap. For an inconsistent pair the ECB history
tells which earlier dates' rates fit: the figure was likely copied from then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal, localcontext
from functools import lru_cache

from units.config import Settings, get_settings
from units.convert import RateArg, parse_date, resolve_rate
from units.errors import RateError
from units.extract import Figure, extract
from units.rates import RATE_CONTEXT, HistoryRates, Rate, quote_pair, validate_rate
from units.text import normalize

__all__ = ["AuditReport", "Interval", "Pair", "Repeat", "audit", "find_article_date", "find_pairs", "VERDICTS"]

VERDICTS = ("consistent", "inconsistent", "magnitude_error", "not_checkable")
SEVERITY = {"not_checkable": 0, "consistent": 0, "inconsistent": 1, "magnitude_error": 2}
MATCHING_DATES = 3

# ------------------------------------------------------------------ intervals


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of reals between ``low`` and ``high`` (None: unbounded), each end open or closed."""

    low: Decimal | None
    high: Decimal | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, x: Decimal) -> bool:
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return False
        return not (self.high is not None and (x > self.high or (self.high_open and x == self.high)))

    def intersect(self, other: Interval) -> Interval | None:
        low, low_open = _max_low(self, other)
        high, high_open = _min_high(self, other)
        if low is not None and high is not None and (low > high or (low == high and (low_open or high_open))):
            return None
        return Interval(low, high, low_open, high_open)

    def scaled(self, factor: Decimal) -> Interval:
        with localcontext(RATE_CONTEXT):
            return Interval(None if self.low is None else self.low * factor,
                            None if self.high is None else self.high * factor, self.low_open, self.high_open)

    def to_dict(self) -> dict:
        return {"low": None if self.low is None else str(self.low), "high": None if self.high is None else str(self.high),
                "low_open": self.low_open, "high_open": self.high_open}


def _max_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.low is None:
        return b.low, b.low_open
    if b.low is None or a.low > b.low:
        return a.low, a.low_open
    if b.low > a.low:
        return b.low, b.low_open
    return a.low, a.low_open or b.low_open


def _min_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.high is None:
        return b.high, b.high_open
    if b.high is None or a.high < b.high:
        return a.high, a.high_open
    if b.high < a.high:
        return b.high, b.high_open
    return a.high, a.high_open or b.high_open


def stated_interval(figure: Figure) -> Interval | None:
    """The amounts a figure can stand for, from what it states; None if vague."""
    if figure.shape == "vague":
        return None
    half = figure.precision / 2
    if figure.shape == "band":  # 50조 원대: from 50조 up to, not including, 60조
        return Interval(figure.low, figure.high, False, True)
    if figure.shape == "range":
        return Interval(figure.low - half, figure.high + half)
    value = figure.value
    assert value is not None
    q = figure.qualifier
    if q == "at_least":
        return Interval(value, None)
    if q == "over":
        return Interval(value, None, True)
    if q == "at_most":
        return Interval(Decimal(0), value)
    if q == "under":
        return Interval(Decimal(0), value, False, True)
    return Interval(value - half, value + half)


# ------------------------------------------------------------------ finding pairs

# What may stand between two figures that state one amount in two currencies.
_WORDS = r"(?:한화|원화|우리\s?돈|미화|달러화|엔화|위안화|유로화|환산\s?(?:시|하면|액)?|약|대략|원화\s?환산|한국\s?돈)"
_OPEN = re.compile(r"^\s*\(\s*(?:" + _WORDS + r"(?:로|으로)?\s*)*$")
_COMMA = re.compile(r"^(?:[은는을를이가]|(?:으로|로))?\s*,\s*(?:" + _WORDS + r"(?:로|으로)?\s*,?\s*)+$")
_CLOSE = re.compile(r"^\s*(?:가량|정도|안팎|내외|남짓|이상|이하|초과|미만|규모|상당)?\s*\)")
_MAX_GAP = 24


@dataclass(frozen=True, slots=True)
class PairSpan:
    source: Figure
    stated: Figure
    form: str  # "parenthesis" or "phrase"


def find_pairs(text: str, figures: list[Figure] | None = None) -> list[PairSpan]:
    """Neighbouring figures in different currencies that the text states as equal."""
    figures = extract(text) if figures is None else figures
    out = []
    for a, b in zip(figures, figures[1:]):
        if a.currency == b.currency or b.start - a.end > _MAX_GAP:
            continue
        gap = normalize(text[a.end : b.start])
        if _OPEN.match(gap) and _CLOSE.match(normalize(text[b.end : b.end + 12])):
            out.append(PairSpan(a, b, "parenthesis"))
        elif _COMMA.match(gap):
            out.append(PairSpan(a, b, "phrase"))
    return out


# ------------------------------------------------------------------ the article's date

_DATES = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:(?:[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2}))"
    r"|(?:년\s*(?P<m2>\d{1,2})\s*월\s*(?P<d2>\d{1,2})\s*일))(?!\d)"
)
_BYLINE = re.compile(r"(?:입력|기사입력|등록|작성|발행|수정|송고|게재|by|By|BY|Posted|posted|기자)[^\n]{0,40}$")


def find_article_date(text: str) -> tuple[Date, int, int] | None:
    """The article's date from its byline ("입력 2026.02.18", "2025. 11. 7.", "2024년 12월
    17일"): a date after a byline word wins, else the first full date in the text."""
    first = None
    for m in _DATES.finditer(text):
        try:
            day = Date(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
        except ValueError:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _BYLINE.search(text[line_start : m.start()]):
            return day, m.start(), m.end()
        first = first or (day, m.start(), m.end())
    return first


# ------------------------------------------------------------------ the report


@dataclass(frozen=True, slots=True)
class Pair:
    """One stated conversion and its verdict."""

    source: Figure
    stated: Figure
    form: str
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

    @property
    def stale(self) -> bool:
        return self.verdict == "inconsistent" and bool(self.matching_dates)

    def to_dict(self) -> dict:
        return {
            "source": self.source.to_dict(),
            "stated": self.stated.to_dict(),
            "form": self.form,
            "pair": self.pair,
            "implied_rate": _s(self.implied_rate),
            "implied_interval": None if self.implied_interval is None else self.implied_interval.to_dict(),
            "reference": None if self.reference is None else self.reference.to_dict(),
            "verdict": self.verdict,
            "deviation_percent": _s(self.deviation_percent),
            "magnitude": self.magnitude,
            "stale": self.stale,
            "matching_dates": [{"date": d.isoformat(), "rate": str(r)} for d, r in self.matching_dates],
            "reason": {"ko": self.reason_ko, "en": self.reason_en},
        }


@dataclass(frozen=True, slots=True)
class Repeat:
    """One source amount stated with different conversions in the same text."""

    currency: str
    amount: Decimal
    pairs: tuple[Pair, ...]

    def to_dict(self) -> dict:
        return {"currency": self.currency, "amount": str(self.amount),
                "stated": [{"text": p.stated.text, "start": p.stated.start, "end": p.stated.end,
                            "source_start": p.source.start, "source_end": p.source.end} for p in self.pairs]}


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything the audit found in one text; plain data (``to_dict`` keeps decimals as strings)."""

    figures: tuple[Figure, ...]
    pairs: tuple[Pair, ...]
    article_date: Date | None
    article_date_source: str | None  # "call", "text" or None
    article_date_span: tuple[int, int] | None
    joint_rate_interval: dict[str, Interval | None]
    repeats: tuple[Repeat, ...]
    notes: tuple[str, ...] = ()

    @property
    def summary(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        for p in self.pairs:
            counts[p.verdict] += 1
        return {"figures": len(self.figures), "pairs": len(self.pairs), **counts,
                "stale": sum(p.stale for p in self.pairs), "repeats": len(self.repeats)}

    @property
    def worst(self) -> str | None:
        """The most severe verdict (magnitude_error > inconsistent), or None."""
        bad = [p.verdict for p in self.pairs if SEVERITY[p.verdict]]
        return max(bad, key=SEVERITY.__getitem__) if bad else None

    def to_dict(self) -> dict:
        return {
            "summary": self.summary,
            "article_date": None if self.article_date is None else {
                "date": self.article_date.isoformat(), "source": self.article_date_source,
                "span": list(self.article_date_span) if self.article_date_span else None},
            "pairs": [p.to_dict() for p in self.pairs],
            "joint_rate_interval": {k: None if v is None else v.to_dict() for k, v in self.joint_rate_interval.items()},
            "repeats": [r.to_dict() for r in self.repeats],
            "figures": [f.to_dict() for f in self.figures],
            "notes": list(self.notes),
        }


def _s(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


# ------------------------------------------------------------------ judging


def audit(text: str, *, rate: RateArg = None, date: Date | str | None = None,
          settings: Settings | None = None) -> AuditReport:
    """Find the conversions ``text`` states and judge each against a reference rate.

    :param rate: a rate for this call; a bare number is read as won per unit of the
        foreign currency (USD/KRW 1380). Else the configured rate, else ECB of the date.
    :param date: the article's date; else found in its byline; else only internal
        consistency is judged.
    """
    settings = settings or get_settings()
    figures = extract(text)
    on, date_source, span = parse_date(date), ("call" if date is not None else None), None
    if on is None and (found := find_article_date(text)) is not None:
        on, date_source, span = found[0], "text", (found[1], found[2])
    notes = []
    if on is None and rate is None and not settings.fixed_rates():
        notes.append("could not date the article and no rate was given: only internal consistency is judged")
    pairs = tuple(_judge(p, rate, on, settings) for p in find_pairs(text, figures))
    return AuditReport(tuple(figures), pairs, on, date_source, span, _joint(pairs), _repeats(pairs), tuple(notes))


def _orient(p: PairSpan) -> tuple[str, str, Figure, Figure]:
    """(base, quote, figure in base, figure in quote) in the rate's reading direction."""
    base, quote = quote_pair(p.source.currency, p.stated.currency)
    if p.source.currency == base:
        return base, quote, p.source, p.stated
    return base, quote, p.stated, p.source


def _implied(p: PairSpan, base_fig: Figure, quote_fig: Figure) -> tuple[Decimal | None, Interval | None]:
    """The rate the text implies, as a point and as the interval its rounding allows."""
    src = p.source
    if src.value is None or src.value == 0 or src.qualifier not in (None, "approx"):
        return None, None
    interval = stated_interval(p.stated)
    if interval is None:
        return None, None
    with localcontext(RATE_CONTEXT):
        point = None if p.stated.value is None or p.stated.value == 0 else quote_fig.value / base_fig.value  # type: ignore[operator]
        if p.stated is quote_fig:  # rate = stated / source
            return point, _divide(interval, src.value)
        # the stated figure is in the base currency: rate = source / stated, ends swap
        return point, _reciprocal_times(src.value, interval)


def _divide(interval: Interval, by: Decimal) -> Interval:
    with localcontext(RATE_CONTEXT):
        return Interval(None if interval.low is None else interval.low / by,
                        None if interval.high is None else interval.high / by, interval.low_open, interval.high_open)


def _reciprocal_times(numerator: Decimal, interval: Interval) -> Interval:
    with localcontext(RATE_CONTEXT):
        low = None if interval.high is None else numerator / interval.high
        high = None if interval.low is None or interval.low <= 0 else numerator / interval.low
        return Interval(low, high, interval.high_open, interval.low_open)


def _reference(base: str, quote: str, rate: RateArg, on: Date | None, settings: Settings) -> Rate | None:
    """The per-call rate, else the configured one, else ECB of the article's date."""
    if rate is None and on is None and not settings.fixed_rates():
        return None
    if rate is not None and not isinstance(rate, (Mapping, Rate)):
        rate = {f"{base}/{quote}": rate}  # a bare number: won per unit of foreign currency
    return resolve_rate(base, quote, rate=rate, date=on, settings=settings)


def _judge(p: PairSpan, rate: RateArg, on: Date | None, settings: Settings) -> Pair:
    base, quote, base_fig, quote_fig = _orient(p)
    pair = f"{base}/{quote}"
    point, interval = _implied(p, base_fig, quote_fig)
    if interval is None:
        why = "vague" if "vague" in (p.source.shape, p.stated.shape) else "open-ended"
        return Pair(p.source, p.stated, p.form, pair, None, None, None, "not_checkable", None, None,
                    f"{'막연한' if why == 'vague' else '범위가 열린'} 금액이라 환산을 검증할 수 없습니다.",
                    f"A {why} amount cannot be checked against a rate.")
    try:
        reference = _reference(base, quote, rate, on, settings)
    except RateError as exc:
        reference, note = None, str(exc)
    else:
        note = None
    if reference is None:
        return _judge_internally(p, pair, point, interval, note)
    tolerance = settings.rate_tolerance
    r = reference.towards(quote)
    with localcontext(RATE_CONTEXT):
        window = Interval(r * (1 - tolerance), r * (1 + tolerance))
    if window.intersect(interval) is not None:
        return Pair(p.source, p.stated, p.form, pair, point, interval, reference, "consistent", _deviation(point, interval, r),
                    None, f"{_fmt(r)}의 기준 환율로 본 환산은 표기된 자릿수 안에서 맞습니다.",
                    f"At the reference rate {_fmt(r)} the conversion holds to the digits stated.")
    magnitude = _magnitude(interval, Interval(r * Decimal("0.85"), r * Decimal("1.15")))
    deviation = _deviation(point, interval, r)
    if magnitude is not None:
        return Pair(p.source, p.stated, p.form, pair, point, interval, reference, "magnitude_error", deviation, magnitude,
                    f"환산 금액의 자릿수가 10^{magnitude}배 어긋납니다(억과 조를 혼동한 듯합니다).",
                    f"The converted amount is off by a factor of 10^{magnitude} (a slip between 억 and 조, say).")
    matches = _matching_dates(base, quote, interval, on or (reference.date if reference else None))
    when = f" {matches[0][0].isoformat()}({_fmt(matches[0][1])})의 환율과 맞아 예전 환산을 옮겨 적은 듯합니다." if matches else ""
    when_en = f"; it matches {pair} of {matches[0][0].isoformat()} ({_fmt(matches[0][1])}), likely copied from then" if matches else ""
    return Pair(p.source, p.stated, p.form, pair, point, interval, reference, "inconsistent", deviation, None,
                f"기준 환율 {_fmt(r)}과 {_fmt(deviation)}% 차이가 납니다.{when}",
                f"It is {_fmt(deviation)}% off the reference rate {_fmt(r)}{when_en}.", matches)


def _judge_internally(p: PairSpan, pair: str, point: Decimal | None, interval: Interval, note: str | None) -> Pair:
    """No reference rate: only a magnitude slip against the pair's sane band can be told."""
    base, _, quote = pair.partition("/")
    bounded = interval.low is not None and interval.high is not None and interval.low > 0
    if bounded and not _in_band(base, quote, interval):
        for k in sorted(range(-12, 13), key=abs):
            if not k or not _in_band(base, quote, interval.scaled(Decimal(10) ** k)):
                continue
            return Pair(p.source, p.stated, p.form, pair, point, interval, None, "magnitude_error", None, k,
                        f"환산 금액의 자릿수가 10^{k}배 어긋나 보입니다.",
                        f"The converted amount looks off by a factor of 10^{k}.")
    reason = note or "no article date and no rate"
    return Pair(p.source, p.stated, p.form, pair, point, interval, None, "not_checkable", None, None,
                "기사 날짜도 환율도 없어 기준 환율과 비교하지 못했습니다.",
                f"No reference rate to compare with ({reason}).")


def _in_band(base: str, quote: str, interval: Interval) -> bool:
    """Could a rate of the interval be real? Against the range the pair has had in the
    ECB history (a quarter wider either way), else the pair's sane band."""
    series = _series(base, quote)
    if series:
        values = [v for _, v in series]
        plausible = Interval(min(values) * Decimal("0.8"), max(values) * Decimal("1.25"))
        return plausible.intersect(interval) is not None
    try:
        for probe in (interval.low, interval.high):
            if probe is not None and probe > 0:
                validate_rate(base, quote, probe)
    except RateError:
        return False
    return True


def _deviation(point: Decimal | None, interval: Interval, r: Decimal) -> Decimal:
    """Signed percent from the reference: of the stated point, else the nearest edge."""
    if point is None:
        if interval.low is not None and r < interval.low:
            point = interval.low
        elif interval.high is not None and r > interval.high:
            point = interval.high
        else:
            point = r
    with localcontext(RATE_CONTEXT):
        return ((point - r) / r * 100).quantize(Decimal("0.01"))


def _magnitude(interval: Interval, window: Interval) -> int | None:
    """The power of ten that carries a bounded implied interval onto the reference; a
    one-sided bound (이상, 미만) reaches every magnitude, so it never tells one."""
    if interval.low is None or interval.high is None or interval.low <= 0:
        return None
    for k in sorted(range(-12, 13), key=abs):
        if k and interval.scaled(Decimal(10) ** k).intersect(window) is not None:
            return k
    return None


@lru_cache(maxsize=64)
def _series(base: str, quote: str) -> tuple[tuple[Date, Decimal], ...]:
    if base == quote:
        return ()
    return tuple(HistoryRates.bundled().series(base, quote))


def _matching_dates(base: str, quote: str, interval: Interval, before: Date | None) -> tuple[tuple[Date, Decimal], ...]:
    """The latest dates before ``before`` whose ECB rate lies in the implied interval."""
    out = []
    for day, value in reversed(_series(base, quote)):
        if before is not None and day >= before:
            continue
        if interval.contains(value):
            out.append((day, value))
            if len(out) == MATCHING_DATES:
                break
    return tuple(out)


def _joint(pairs: tuple[Pair, ...]) -> dict[str, Interval | None]:
    """Per rate pair: the rates that satisfy every checkable stated conversion at once."""
    joint: dict[str, Interval | None] = {}
    for p in pairs:
        if p.implied_interval is None:
            continue
        if p.pair not in joint:
            joint[p.pair] = p.implied_interval
        elif joint[p.pair] is not None:
            joint[p.pair] = joint[p.pair].intersect(p.implied_interval)  # type: ignore[union-attr]
    return joint


def _repeats(pairs: tuple[Pair, ...]) -> tuple[Repeat, ...]:
    groups: dict[tuple[str, Decimal, str], list[Pair]] = {}
    for p in pairs:
        if p.source.value is not None:
            groups.setdefault((p.source.currency, p.source.value, p.stated.currency), []).append(p)
    out = []
    for (currency, amount, _), members in groups.items():
        if len({(m.stated.low, m.stated.high, m.stated.shape) for m in members}) > 1:
            out.append(Repeat(currency, amount, tuple(members)))
    return tuple(out)


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "?"
    with localcontext(RATE_CONTEXT):
        return f"{d.quantize(Decimal('0.01')):,}"
