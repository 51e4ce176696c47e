"""Verdicts: each stated conversion against a reference rate, each quoted rate against the
reference of the article's date, each conversion against the rate the article itself
quotes, and the pairs that break the article's own consistency.

A stated figure fixes an interval, not a point: what it says to its last written digit
("약 18조 원" means 17.5조..18.5조; "50조 원대" 50조..60조; 이상 and 미만 make it
one-sided). Divided by the source amount, that is the interval of rates the writer could
have used. A reference rate (per call, configured, or ECB of the article's date, widened
by a tolerance for bank spreads) inside it is ``consistent``; outside, ``inconsistent``
with a signed deviation, or ``magnitude_error`` when a power of ten (억 for 조) explains
the gap. For an inconsistent pair the ECB history tells which earlier dates' rates fit:
the figure was likely copied from then.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date as Date
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from units.auditing.consensus import consensus
from units.auditing.intervals import Interval, stated_interval
from units.auditing.pairs import PairSpan
from units.auditing.report import Arithmetic, Outlier, Pair, QuoteCheck
from units.budget import Budget
from units.config import Settings
from units.conversion import RateArg, resolve_rate
from units.errors import CurrencyError, RateError
from units.extraction import Figure, RateQuote
from units.korean import josa
from units.lexicon import load_table
from units.rates import RATE_CONTEXT, HistoryRates, Rate, quote_pair, validate_rate
from units.text import normalize

__all__ = ["judge", "check_quote", "arithmetic", "outliers", "MATCHING_DATES"]

MATCHING_DATES = 3
_APPLY = tuple(load_table("quotes.toml")["apply"]["words"])
_SHORT_ARTICLE = 4000  # characters: one quoted rate in a text this short is the rate it uses
_APPLY_WINDOW = 200  # characters from a quoted rate to the conversion it is applied to
_TYPO_DIGITS = 1


_CENT = Decimal("0.01")
_WIDE = Context(prec=100, traps=[InvalidOperation])  # a deviation of 10^28 percent still has its cents


def _hundredths(d: Decimal) -> Decimal:
    """``d`` to two places, however large (an amount of 40 digits beside one of 4 gives
    a rate, and a deviation, beyond the 28 digits of the rate arithmetic)."""
    return d.quantize(_CENT, None, _WIDE)


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "?"
    return f"{_hundredths(d):,}"


# ------------------------------------------------------------------ implied rates


def orient(p: PairSpan) -> tuple[str, str, Figure, Figure]:
    """(base, quote, figure in base, figure in quote) in the rate's reading direction."""
    base, quote = quote_pair(p.source.currency, p.stated.currency)
    if p.source.currency == base:
        return base, quote, p.source, p.stated
    return base, quote, p.stated, p.source


def implied(p: PairSpan) -> tuple[Decimal | None, Interval | None]:
    """The rate the text implies, as a point and as the interval its rounding allows."""
    _, _, base_fig, quote_fig = orient(p)
    src = p.source
    if src.value is None or src.value == 0 or src.qualifier not in (None, "approx"):
        return None, None
    interval = stated_interval(p.stated)
    if interval is None:
        return None, None
    with localcontext(RATE_CONTEXT):
        point = None if p.stated.value is None or p.stated.value == 0 else quote_fig.value / base_fig.value  # type: ignore[operator]
        if p.stated is quote_fig:  # rate = stated / source
            return point, Interval(None if interval.low is None else interval.low / src.value,
                                   None if interval.high is None else interval.high / src.value,
                                   interval.low_open, interval.high_open)
        # the stated figure is in the base currency: rate = source / stated, ends swap
        low = None if interval.high is None else src.value / interval.high
        high = None if interval.low is None or interval.low <= 0 else src.value / interval.low
        return point, Interval(low, high, interval.high_open, interval.low_open)


def reference_rate(base: str, quote: str, rate: RateArg, on: Date | None, settings: Settings) -> Rate | None:
    """The per-call rate, else the configured one, else ECB of the article's date."""
    if rate is None and on is None and not settings.fixed_rates():
        return None
    if rate is not None and not isinstance(rate, (Mapping, Rate)):
        # a bare number is won per dollar (USD/KRW); other pairs go to the configured data
        rate = {"USD/KRW": rate} if {base, quote} == {"USD", "KRW"} else None
        if rate is None and on is None and not settings.fixed_rates():
            return None
    return resolve_rate(base, quote, rate=rate, date=on, settings=settings)


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
        return _hundredths((point - r) / r * 100)


def _magnitude(interval: Interval, window: Interval) -> int | None:
    """The power of ten that carries a bounded implied interval onto the reference; a
    one-sided bound (이상, 미만) reaches every magnitude, so it never tells one."""
    if not interval.bounded:
        return None
    for k in sorted(range(-12, 13), key=abs):
        if k and interval.scaled(Decimal(10) ** k).intersect(window) is not None:
            return k
    return None


@lru_cache(maxsize=64)
def series(base: str, quote: str) -> tuple[tuple[Date, Decimal], ...]:
    if base == quote:
        return ()
    return tuple(HistoryRates.bundled().series(base, quote))


BLOCK = 64  # dates per block of the series index


@lru_cache(maxsize=64)
def _indexed(base: str, quote: str) -> tuple[list[Date], list[Decimal], list[tuple[Decimal, Decimal]]]:
    """A series as its dates and values, and the lowest and highest value of each block
    of :data:`BLOCK` dates, so a search skips the blocks an interval cannot meet."""
    rows = series(base, quote)
    values = [v for _, v in rows]
    blocks = [(min(values[i:i + BLOCK]), max(values[i:i + BLOCK])) for i in range(0, len(values), BLOCK)]
    return [d for d, _ in rows], values, blocks


@lru_cache(maxsize=1024)
def matching_dates(base: str, quote: str, interval: Interval, before: Date | None) -> tuple[tuple[Date, Decimal], ...]:
    """The latest dates before ``before`` whose ECB rate lies in the interval (an article
    repeating one conversion asks once), found block by block from the latest: a block
    whose rates the interval does not meet is skipped whole (a magnitude error skips all)."""
    dates, values, blocks = _indexed(base, quote)
    end = len(dates) if before is None else bisect_left(dates, before)
    out = []
    for block in range((end - 1) // BLOCK, -1, -1):
        low, high = blocks[block]
        if not interval.contains_any(low, high):
            continue
        for i in range(min(end, (block + 1) * BLOCK) - 1, block * BLOCK - 1, -1):
            if interval.contains(values[i]):
                out.append((dates[i], values[i]))
                if len(out) == MATCHING_DATES:
                    return tuple(out)
    return tuple(out)


def _recent(matches: tuple[tuple[Date, Decimal], ...], day: Date | None, window: int) -> tuple[tuple[Date, Decimal], ...]:
    """The matching dates within ``window`` days before ``day``: a rate copied from longer
    ago is no plausible cause (a 2023 price does not come from 2008's rate). Without a day
    to count from, none."""
    if day is None:
        return ()
    return tuple((d, v) for d, v in matches if (day - d).days <= window)


# ------------------------------------------------------------------ a stated conversion


def judge(p: PairSpan, rate: RateArg, on: Date | None, settings: Settings) -> Pair:
    base, quote, _, _ = orient(p)
    pair = f"{base}/{quote}"
    point, interval = implied(p)
    common = {"source": p.source, "stated": p.stated, "form": p.form, "cue": p.cue, "pair": pair}
    if interval is None:
        why = "vague" if "vague" in (p.source.shape, p.stated.shape) else "open-ended"
        return Pair(**common, implied_rate=None, implied_interval=None, reference=None, verdict="not_checkable",
                    deviation_percent=None, magnitude=None,
                    reason_ko=f"{'막연한' if why == 'vague' else '범위가 열린'} 금액이라 환산을 검증할 수 없습니다.",
                    reason_en=f"A {why} amount cannot be checked against a rate.")
    try:
        reference = reference_rate(base, quote, rate, on, settings)
    except (RateError, CurrencyError) as exc:
        reference, note = None, _missing(base, quote, on, exc)
    else:
        note = None
    if reference is None:
        return _judge_internally(common, point, interval, note)
    r = reference.towards(quote)
    tolerance = settings.rate_tolerance
    with localcontext(RATE_CONTEXT):
        window = Interval(r * (1 - tolerance), r * (1 + tolerance))
    head = {**common, "implied_rate": point, "implied_interval": interval, "reference": reference}
    deviation = _deviation(point, interval, r)
    if window.intersect(interval) is not None:
        return Pair(**head, verdict="consistent", deviation_percent=deviation, magnitude=None,
                    reason_ko=f"{_fmt(r)}의 기준 환율로 본 환산은 표기된 자릿수 안에서 맞습니다.",
                    reason_en=f"At the reference rate {_fmt(r)} the conversion holds to the digits stated.")
    magnitude = _magnitude(interval, Interval(r * Decimal("0.85"), r * Decimal("1.15")))
    if magnitude is not None:
        return Pair(**head, verdict="magnitude_error", deviation_percent=deviation, magnitude=magnitude,
                    reason_ko=f"환산 금액의 자릿수가 10^{magnitude}배 어긋납니다(억과 조를 혼동한 듯합니다).",
                    reason_en=f"The converted amount is off by a factor of 10^{magnitude} (a slip between 억 and 조, say).")
    matches = _recent(matching_dates(base, quote, interval, on or reference.date), on or reference.date,
                      settings.stale_window_days)
    when = (f" {matches[0][0].isoformat()}({_fmt(matches[0][1])})의 환율과 맞아 예전 환산을 옮겨 적은 듯합니다."
            if matches else "")
    when_en = (f"; it matches {pair} of {matches[0][0].isoformat()} ({_fmt(matches[0][1])}), likely copied from then"
               if matches else "")
    return Pair(**head, verdict="inconsistent", deviation_percent=deviation, magnitude=None,
                reason_ko=f"기준 환율 {josa(_fmt(r), '과/와')} {_fmt(deviation)}% 차이가 납니다.{when}",
                reason_en=f"It is {_fmt(deviation)}% off the reference rate {_fmt(r)}{when_en}.",
                matching_dates=matches)


def _missing(base: str, quote: str, on: Date | None, exc: Exception) -> str:
    """Why there is no reference rate, in the words a reader needs."""
    if isinstance(exc, CurrencyError):
        when = f" on {on.isoformat()}" if on else ""
        covered = set(HistoryRates.bundled().currencies())
        missing = [c for c in (base, quote) if c not in covered]
        return f"no reference rate for {'/'.join(missing) or base + '/' + quote}{when} (the ECB data has none)"
    return str(exc)


def _judge_internally(common: dict, point: Decimal | None, interval: Interval, note: str | None) -> Pair:
    """No reference rate: only a magnitude slip against the pair's history can be told."""
    base, _, quote = common["pair"].partition("/")
    head = {**common, "implied_rate": point, "implied_interval": interval, "reference": None}
    if interval.bounded and not _in_band(base, quote, interval):
        for k in sorted(range(-12, 13), key=abs):
            if not k or not _in_band(base, quote, interval.scaled(Decimal(10) ** k)):
                continue
            return Pair(**head, verdict="magnitude_error", deviation_percent=None, magnitude=k,
                        reason_ko=f"환산 금액의 자릿수가 10^{k}배 어긋나 보입니다.",
                        reason_en=f"The converted amount looks off by a factor of 10^{k}.")
    if note is not None:
        return Pair(**head, verdict="not_checkable", deviation_percent=None, magnitude=None,
                    reason_ko=f"기준 환율이 없어 비교하지 못했습니다({note}).",
                    reason_en=f"Not checkable: {note}.")
    return Pair(**head, verdict="not_checkable", deviation_percent=None, magnitude=None,
                reason_ko="기사 날짜도 환율도 없어 기준 환율과 비교하지 못했습니다.",
                reason_en="No reference rate to compare with (no article date and no rate).")


@lru_cache(maxsize=256)
def _plausible_rates(base: str, quote: str) -> Interval | None:
    """The range the pair has had in the ECB history, a quarter wider either way."""
    values = [v for _, v in series(base, quote)]
    if not values:
        return None
    return Interval(min(values) * Decimal("0.8"), max(values) * Decimal("1.25"))


def _in_band(base: str, quote: str, interval: Interval) -> bool:
    """Could a rate of the interval be real? Against the range the pair has had in the
    ECB history (a quarter wider either way), else the pair's sane band."""
    plausible = _plausible_rates(base, quote)
    if plausible is not None:
        return plausible.intersect(interval) is not None
    try:
        for probe in (interval.low, interval.high):
            if probe is not None and probe > 0:
                validate_rate(base, quote, probe)
    except RateError:
        return False
    return True


# ------------------------------------------------------------------ a quoted rate


def check_quote(q: RateQuote, rate: RateArg, on: Date | None, settings: Settings) -> QuoteCheck:
    """A level the article quotes against the reference rate of its date, within the
    tolerance between market and reference rates (``quote_tolerance``); when off, the
    earlier dates whose rate it matches (a stale figure)."""
    if q.kind != "level":
        what = "변동폭" if q.kind == "change" else "전망치"
        return QuoteCheck(q, None, "not_checkable", None, f"환율의 {josa(what, '이라/라')} 기준 환율과 비교하지 않습니다.",
                          f"A {q.kind} of the rate, not a level: not compared with a reference.")
    try:
        reference = reference_rate(q.base, q.quote, rate, on, settings)
    except (RateError, CurrencyError) as exc:
        note = _missing(q.base, q.quote, on, exc)
        return QuoteCheck(q, None, "not_checkable", None, f"기준 환율이 없어 비교하지 못했습니다({note}).",
                          f"Not checkable: {note}.")
    if reference is None:
        return QuoteCheck(q, None, "not_checkable", None, "기사 날짜도 환율도 없어 기준 환율과 비교하지 못했습니다.",
                          "No reference rate to compare with (no article date and no rate).")
    r = reference.towards(q.quote)
    tolerance = settings.quote_tolerance
    with localcontext(RATE_CONTEXT):
        deviation = _hundredths((q.rate - r) / r * 100)
        near = Interval(q.rate / (1 + tolerance), q.rate / (1 - tolerance))
    if near.contains(r):
        return QuoteCheck(q, reference, "consistent", deviation,
                          f"기준 환율 {josa(_fmt(r), '과/와')} 허용 오차({tolerance * 100:g}%) 안에서 맞습니다.",
                          f"Within {tolerance * 100:g}% of the reference rate {_fmt(r)}.")
    matches = _recent(matching_dates(q.base, q.quote, near, on or reference.date), on or reference.date,
                      settings.stale_window_days)
    if matches:
        return QuoteCheck(q, reference, "stale", deviation,
                          f"기준 환율 {josa(_fmt(r), '과/와')} {_fmt(deviation)}% 다르고, "
                          f"{matches[0][0].isoformat()}({_fmt(matches[0][1])})의 환율과 맞습니다.",
                          f"{_fmt(deviation)}% off the reference {_fmt(r)}; it matches {q.pair} of "
                          f"{matches[0][0].isoformat()} ({_fmt(matches[0][1])}).", matches)
    return QuoteCheck(q, reference, "off", deviation, f"기준 환율 {josa(_fmt(r), '과/와')} {_fmt(deviation)}% 차이가 납니다.",
                      f"{_fmt(deviation)}% off the reference rate {_fmt(r)}.")


# ------------------------------------------------------------------ the article's own rate


def arithmetic(text: str, pairs: Sequence[Pair], quotes: Sequence[RateQuote], *,
               budget: Budget | None = None) -> list[Pair]:
    """Each conversion the text ties to a rate it quotes, checked against that rate: after
    an apply word (달러당 1,352.4원을 적용하면 …), or the single level a short article
    quotes for the pair. The text read is tallied on ``budget`` (``arithmetic.chars``)."""
    budget = budget if budget is not None else Budget()
    groups: dict[frozenset[str], list[RateQuote]] = {}
    for q in quotes:
        if q.kind == "level":
            groups.setdefault(frozenset((q.base, q.quote)), []).append(q)
    ends = {k: [q.end for q in v] for k, v in groups.items()}
    out = []
    for p in pairs:
        if p.implied_interval is None:
            out.append(p)
            continue
        base, quote = p.pair.split("/")
        key = frozenset((base, quote))
        same = groups.get(key, [])
        tied = None
        k = bisect_right(ends.get(key, []), p.source.start)
        budget.spend("arithmetic.pairs")
        if k and p.source.start - same[k - 1].end <= _APPLY_WINDOW:
            between = normalize(text[same[k - 1].end : p.source.start + 1])
            budget.spend("arithmetic.chars", len(between))
            if any(w in between for w in _APPLY):
                tied = (same[k - 1], "applied")
        if tied is None and len(same) == 1 and len(text) <= _SHORT_ARTICLE:
            tied = (same[0], "single_quote")
        if tied is None:
            out.append(p)
            continue
        q, how = tied
        with localcontext(RATE_CONTEXT):
            r = q.rate if q.base == base else Decimal(1) / q.rate
        verdict = "consistent" if p.implied_interval.contains(r) else "inconsistent"
        deviation = None if verdict == "consistent" else _deviation(p.implied_rate, p.implied_interval, r)
        out.append(replace(p, arithmetic=Arithmetic(q, r, verdict, deviation, how)))
    return out


# ------------------------------------------------------------------ outliers


def outliers(pairs: Sequence[Pair], anchors: dict[str, Decimal], on: Date | None, *,
             budget: Budget | None = None) -> list[Pair]:
    """The pairs whose rate breaks the one most pairs of its rate share: when a majority
    (at least two) of three or more agree, every other is an outlier, however many (two of
    eight wrong at once); with two pairs, the one a known rate (reference or quoted)
    refutes. Each outlier gets the cause that fits it best (:func:`_cause`).

    One sort and one sweep per rate pair (:func:`units.auditing.consensus.consensus`),
    tallied on ``budget`` as ``outliers.intervals``."""
    budget = budget if budget is not None else Budget()
    out = list(pairs)
    by_pair: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        if p.implied_interval is not None and p.implied_interval.bounded:
            by_pair.setdefault(p.pair, []).append(i)
    for name, members in by_pair.items():
        budget.spend("outliers.intervals", len(members))
        if len(members) < 2:
            continue
        shared = consensus([pairs[i].implied_interval for i in members], anchors.get(name))
        wrong = set() if shared is None else set(shared.outliers)
        for k, i in enumerate(members):  # each pair weighed against the shared rate
            budget.spend("outliers.intervals")
            if k in wrong:
                out[i] = replace(pairs[i], outlier=_cause(pairs[i], shared.interval, on))  # type: ignore[union-attr]
    return out


def _expected(p: Pair, rate: Decimal) -> Decimal | None:
    """The stated amount at ``rate``, in the pair's own direction."""
    if p.source.value is None:
        return None
    base = p.pair.split("/")[0]
    with localcontext(RATE_CONTEXT):
        return p.source.value * rate if p.source.currency == base else p.source.value / rate


def _cause(p: Pair, agreed: Interval, on: Date | None) -> Outlier:
    """What the evidence points to, strongest first: a slip of 억 and 조, a wrong currency
    (the amount fits another currency's rate of the day), a mistyped digit (one changed or
    two swapped; first when three or more digits are written), an older rate copied (a
    date within the stale window whose rate fits: ``stale_window_days``); else unknown."""
    mid = agreed.middle
    expected = None if mid is None else _expected(p, mid)
    interval = p.implied_interval
    assert interval is not None
    for k in sorted(range(-12, 13), key=abs):
        if k and interval.scaled(Decimal(10) ** k).intersect(agreed) is not None:
            return Outlier("magnitude", agreed, expected, f"다른 환산들과 자릿수가 10^{k}배 다릅니다(억·조 혼동).",
                           f"Off from the other conversions by a factor of 10^{k} (a slip between 억 and 조).")
    typo = expected is not None and p.stated.value is not None and _one_digit_apart(p.stated.value, expected,
                                                                                    p.stated.precision)
    if typo and _significant(p.stated) >= 3:
        return _typo(p, agreed, expected)  # type: ignore[arg-type]
    currency = _other_currency(p, on)
    if currency is not None:
        return Outlier("wrong_currency", agreed, expected,
                       f"원래 금액을 {currency} 금액으로 읽으면 기준 환율과 맞습니다(통화를 잘못 쓴 듯합니다).",
                       f"Read as {currency}, the source amount fits the reference rate: a wrong currency, it seems.")
    recent = bool(p.matching_dates)  # only dates within the stale window are kept (judge)
    if typo and not recent:
        return _typo(p, agreed, expected)  # type: ignore[arg-type]
    if recent:
        day = p.matching_dates[0][0].isoformat()
        return Outlier("stale", agreed, expected, f"{day}의 환율과 맞아 예전 환산을 옮겨 적은 듯합니다.",
                       f"It matches the rate of {day}: an older conversion copied, it seems.")
    return Outlier("unknown", agreed, expected, "다른 환산들과 환율이 맞지 않습니다.",
                   "Its rate disagrees with the one the other conversions agree on.")


def _typo(p: Pair, agreed: Interval, expected: Decimal) -> Outlier:
    shown = _round_like(expected, p.stated.precision)
    return Outlier("typo", agreed, expected, f"다른 환산들의 환율로는 {josa(f'{shown:,}', '이어야/여야')} 해 숫자 한 자리를 잘못 쓴 듯합니다.",
                   f"At the rate the other conversions agree on it would be {shown:,}: one digit looks mistyped.")


def _significant(f: Figure) -> int:
    """How many significant digits the stated amount writes (4조4100억: 3)."""
    if f.value is None:
        return 0
    return len(_digits(f.value, f.precision).lstrip("-"))


def _round_like(value: Decimal, precision: Decimal) -> Decimal:
    """``value`` to the unit of the stated amount's last written digit."""
    with localcontext(RATE_CONTEXT):
        return (value / precision).quantize(Decimal(1)) * precision


def _digits(value: Decimal, precision: Decimal) -> str:
    with localcontext(RATE_CONTEXT):
        return str(int((value / precision).to_integral_value()))


def _one_digit_apart(stated: Decimal, expected: Decimal, precision: Decimal) -> bool:
    """Do the written digits differ by one digit changed, or two adjacent ones swapped?"""
    a, b = _digits(stated, precision), _digits(_round_like(expected, precision), precision)
    if len(a) != len(b) or a == b:
        return False
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    if len(diff) == _TYPO_DIGITS:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


_USUAL = ("USD", "EUR", "JPY", "CNY", "GBP")


def _other_currency(p: Pair, on: Date | None) -> str | None:
    """A usual currency whose rate to the stated side, on the article's date, the pair's
    implied rate fits: the source amount was written in the wrong currency."""
    base, quote = p.pair.split("/")
    interval = p.implied_interval
    if quote != "KRW" or p.source.currency != base or interval is None or not interval.bounded:
        return None
    with localcontext(RATE_CONTEXT):
        widened = Interval(interval.low * Decimal("0.98"), interval.high * Decimal("1.02"))  # type: ignore[operator]
    for other in _USUAL:
        if other == base:
            continue
        rows = series(other, quote)
        if not rows:
            continue
        value = next((v for d, v in reversed(rows) if on is None or d <= on), rows[-1][1])
        if widened.contains(value):
            return other
    return None
