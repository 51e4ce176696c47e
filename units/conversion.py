"""Converting amounts between currencies, exactly, with the rate's provenance.

>>> c = convert("13000000000", "USD", "KRW", rate="1380")
>>> c.amount, c.rate.source
(Decimal('17940000000000'), 'request')

Currencies are pint units, each its own dimension (``USD = [currency_USD]``), and a rate is
a pint Context that transforms one into the other, as pint documents for currencies. A
pint conversion costs about 200 microseconds, far too slow for every figure of every
article, so the factor a rate gives is computed through pint once and cached: the hot path
is one Decimal multiplication or division.
"""

from __future__ import annotations

from units.decimals import money_rounding, plain

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from units.config import Settings, get_settings
from units.currencies import validate_code
from units.budget import Budget
from units.errors import ConfigError, CurrencyError, DateOutOfRange, RateError
from units.extraction import Figure
from units.numerals import ARITHMETIC
from units.rates import DatedRates, FixedRates, HistoryRates, Rate, RateChain, RateProvider, bundled_dataset, quote_pair

__all__ = ["Conversion", "ConversionColumns", "ConversionFailure", "FigureConversion", "check_date", "check_rate",
           "convert", "convert_columns", "convert_figure", "convert_figures", "resolve_rate", "rate_chain", "parse_date"]

RateArg = Rate | Mapping[str, object] | Decimal | str | int | None


@dataclass(frozen=True, slots=True)
class Conversion:
    """``source_amount`` ``source_currency`` = ``amount`` ``currency`` at ``rate``."""

    amount: Decimal
    currency: str
    source_amount: Decimal
    source_currency: str
    rate: Rate

    def to_dict(self) -> dict:
        return {"amount": plain(self.amount), "currency": self.currency, "source_amount": plain(self.source_amount),
                "source_currency": self.source_currency, "rate": self.rate.to_dict()}


class ConversionFailure(NamedTuple):
    """A figure that cannot be converted into ``currency``: no reference rate for the pair
    on the date (SAR, AED, a currency that left the data). The figure and its other
    conversions stand; ``error`` says why."""

    currency: str
    error: str

    def to_dict(self) -> dict:
        return {"currency": self.currency, "amount": None, "low": None, "high": None, "rate": None, "error": self.error}


class FigureConversion(NamedTuple):
    """A figure's amount and bounds in another currency (a tuple: many are made per article)."""

    currency: str
    amount: Decimal | None
    low: Decimal
    high: Decimal
    rate: Rate

    def to_dict(self) -> dict:
        return {"currency": self.currency, "amount": plain(self.amount),
                "low": plain(self.low), "high": plain(self.high), "rate": self.rate.to_dict()}


# ------------------------------------------------------------------ pint, once per rate


class _Pint:
    """The unit registry: each currency a dimension, each rate a Context."""

    def __init__(self) -> None:
        import pint

        self.pint = pint
        self.ureg = pint.UnitRegistry(None, non_int_type=Decimal)
        self.defined: set[str] = set()
        self.lock = threading.Lock()

    def _define(self, code: str) -> None:
        if code not in self.defined:
            self.ureg.define(f"{code} = [currency_{code}]")
            self.defined.add(code)

    def factor(self, base: str, quote: str, value: Decimal) -> Decimal:
        """How many ``quote`` one ``base`` is worth under the rate, computed by pint."""
        with self.lock:
            self._define(base)
            self._define(quote)
            name = f"FX_{base}_{quote}_{value}"
            ctx = self.pint.Context(name)
            ctx.add_transformation(f"[currency_{base}]", f"[currency_{quote}]",
                                   lambda ureg, x: x * value / ureg.Unit(base) * ureg.Unit(quote))
            ctx.add_transformation(f"[currency_{quote}]", f"[currency_{base}]",
                                   lambda ureg, x: x / value / ureg.Unit(quote) * ureg.Unit(base))
            self.ureg.add_context(ctx)
            try:
                with self.ureg.context(name):
                    return self.ureg.Quantity(Decimal(1), base).to(quote).magnitude
            finally:
                self.ureg.remove_context(name)


_PINT: _Pint | None = None


@lru_cache(maxsize=1024)
def _unit_factor(base: str, quote: str) -> Decimal:
    """What pint makes of a rate of 1 between the pair: the factor per unit of rate."""
    global _PINT
    if _PINT is None:
        _PINT = _Pint()
    return _PINT.factor(base, quote, Decimal(1))


@lru_cache(maxsize=8192)
def conversion_factor(base: str, quote: str, value: Decimal) -> Decimal:
    """The factor of a rate: pint's factor for the pair (its context is linear in the
    rate, so it is computed once per pair) times the rate. An archive with a rate per
    day and pair then costs one multiplication per new rate, not one pint conversion."""
    with localcontext(ARITHMETIC):
        return _unit_factor(base, quote) * value


_ONE = Decimal(1)


def _scale(amount: Decimal, factor: Decimal, forward: bool) -> Decimal:
    """The one conversion step: times the factor from the base, divided by it from the
    quote, written plainly (:func:`_tidy`). Callers hold the ARITHMETIC context."""
    return _tidy(amount * factor if forward else amount / factor)


def _tidy(result: Decimal) -> Decimal:
    """An exact quotient written plainly: no exponent, no trailing zeros."""
    if result == result.to_integral_value():
        return result.quantize(_ONE)
    return result.normalize()  # the 60-digit arithmetic leaves trailing zeros after the point


def _apply(rate: Rate, amount: Decimal, from_currency: str) -> Decimal:
    with localcontext(ARITHMETIC):
        return _scale(amount, conversion_factor(rate.base, rate.quote, rate.value), from_currency == rate.base)


# ------------------------------------------------------------------ resolving a rate


def parse_date(value: Date | str | None) -> Date | None:
    """A date from a ``date`` or ISO text ("2025-11-07")."""
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise RateError(f"date {value!r} is not an ISO date: expected YYYY-MM-DD such as 2025-11-07") from exc


def rate_chain(settings: Settings | None = None) -> RateChain:
    """The configured providers: fixed rates from the settings, the user's dated rates
    file, then the ECB history (a configured newer file, else the bundled one)."""
    settings = settings or get_settings()
    if settings._rate_chain is None:
        providers: list[RateProvider] = []
        if settings.fixed_rates():
            providers.append(FixedRates(settings.fixed_rates(), source="config"))
        if settings.dated_rates_file:
            with _named_setting("EOKJO_DATED_RATES_FILE", settings.dated_rates_file, "a CSV of date,base,quote,rate"):
                providers.append(DatedRates(settings.dated_rates_file, allow_nearest=settings.allow_nearest_date))
        ages = {"stale_after_days": settings.stale_reference_days, "max_age_days": settings.max_reference_age_days}
        default_ages = (ages["stale_after_days"], ages["max_age_days"]) == (HistoryRates.STALE_AFTER_DAYS,
                                                                            HistoryRates.MAX_AGE_DAYS)
        if settings.history_file:
            with _named_setting("EOKJO_HISTORY_FILE", settings.history_file, "an ECB eurofxref-hist zip or CSV"):
                providers.append(HistoryRates(settings.history_file, allow_nearest=settings.allow_nearest_date, **ages))
        elif settings.allow_nearest_date or not default_ages:
            providers.append(HistoryRates(HistoryRates.bundled().path, allow_nearest=settings.allow_nearest_date,
                                          **bundled_dataset(), **ages))
        else:
            providers.append(HistoryRates.bundled())
        settings._rate_chain = RateChain(providers)
    return settings._rate_chain  # type: ignore[return-value]


@contextmanager
def _named_setting(variable: str, value: object, accepted: str) -> Iterator[None]:
    """A rate file that cannot be read is a bad setting: say which, in one line."""
    try:
        yield
    except (RateError, OSError, ValueError) as exc:
        reason = str(exc) if "expected" in str(exc) else f"{exc}; expected {accepted}"
        raise ConfigError(f"{variable}={str(value)!r}: {reason}") from None


def resolve_rate(from_currency: str, to_currency: str, *, rate: RateArg = None,
                 date: Date | str | None = None, settings: Settings | None = None) -> Rate:
    """The rate for a conversion: the one given with the call, else the configured chain.

    ``rate`` may be a :class:`Rate`, a mapping ``{"USD/KRW": "1380"}``, or a bare number,
    read in the direction :func:`units.rates.quote_pair` gives (won per unit of the
    foreign currency when KRW is involved).
    """
    if rate is None:  # the common case: the configured chain, remembered per pair and date
        settings = settings or get_settings()
        key = (id(settings), from_currency, to_currency, date)
        entry = _RESOLVED.get(key)
        if entry is None or entry[0] is not settings:  # the entry keeps its settings alive
            if len(_RESOLVED) > 32768:  # an archive asks for a rate per pair and day
                _RESOLVED.clear()
            try:
                found: Rate | tuple = _resolve(from_currency, to_currency, None, date, settings)
            except (CurrencyError, RateError) as exc:  # no rate for the pair that day: as costly to find again
                found = (type(exc), exc.args)  # remembered without its traceback
            entry = _RESOLVED[key] = (settings, found)
        if isinstance(entry[1], tuple):
            kind, args = entry[1]
            raise kind(*args)
        return entry[1]
    return _resolve(from_currency, to_currency, rate, date, settings)


_RESOLVED: dict[tuple, tuple[Settings, Rate | tuple]] = {}  # a rate, or the error's kind and args


def _resolve(from_currency: str, to_currency: str, rate: RateArg, date: Date | str | None,
             settings: Settings | None) -> Rate:
    source, target = validate_code(from_currency), validate_code(to_currency)
    on = parse_date(date)
    if source == target:
        return Rate(source, target, Decimal(1), "identity", requested=on)
    base, quote = quote_pair(source, target)
    if isinstance(rate, Rate):
        if {rate.base, rate.quote} != {source, target}:
            raise RateError(f"a {rate.pair} rate cannot convert {source} to {target}")
        return rate
    chain = rate_chain(settings)
    if isinstance(rate, Mapping):
        chain = RateChain([FixedRates(rate, source="request"), *chain.providers])
    elif rate is not None:
        return Rate.of(base, quote, rate, source="request")
    found = chain.rate(base, quote, on)
    if found is None:
        raise CurrencyError(
            f"no rate for {base}/{quote}: give one with the call, configure it (EOKJO_RATES), or use a "
            f"currency the ECB data covers ({', '.join(HistoryRates.bundled().currencies())})"
        )
    return found


def check_rate(rate: RateArg) -> None:
    """Refuse a rate given with a call before any work: a bare number is the USD/KRW rate
    and must sit in that pair's band, a mapping names its pairs. One validator for extract,
    convert, audit and the command line.

    :raise RateError: not a positive decimal, or outside the pair's band.
    """
    if rate is None or isinstance(rate, Rate):
        return
    if isinstance(rate, Mapping):
        FixedRates(rate, source="request")
        return
    Rate.of("USD", "KRW", rate, source="request")


def check_date(date: Date | str | None, settings: Settings | None = None) -> Date | None:
    """The date given with a call, refused when the dated data does not cover it (unless
    the settings allow the nearest date). One validator for extract, convert, audit and
    the command line.

    :raise RateError: not an ISO date. :raise DateOutOfRange: outside the data.
    """
    if date is None:
        return None
    settings = settings or get_settings()
    key = (id(settings), date)
    entry = _CHECKED.get(key)
    if entry is not None and entry[0] is settings:  # a date already checked against these settings
        return entry[1]
    on = parse_date(date)
    if not settings.allow_nearest_date:
        for provider in rate_chain(settings).providers:
            if isinstance(provider, HistoryRates):
                provider._index(on)  # raises DateOutOfRange with the data's span
                break
    if len(_CHECKED) > 4096:
        _CHECKED.clear()
    _CHECKED[key] = (settings, on)
    return on


_CHECKED: dict[tuple, tuple[Settings, Date | None]] = {}  # per settings and date given: the date, checked


def _amount(value: object) -> Decimal:
    if isinstance(value, (float, bool)):
        raise RateError(f"amount {value!r}: pass amounts as str or Decimal, not float")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise RateError(f"amount {value!r} is not a number: expected a decimal such as 13000000000") from exc
    if not amount.is_finite():
        raise RateError(f"amount {value!r} must be finite")
    return amount


def convert(amount: Decimal | str | int, from_currency: str, to_currency: str, *, rate: RateArg = None,
            date: Date | str | None = None, settings: Settings | None = None) -> Conversion:
    """``amount`` of ``from_currency`` in ``to_currency``, exact, with the rate used.

    :param rate: a rate for this call (see :func:`resolve_rate`); else the configured
        fixed rate, else the ECB reference rate of ``date`` (the latest if no date).
    :raise RateError: bad amount, bad rate, or a date outside the rate data.
    :raise CurrencyError: an unknown code, or a pair no provider knows.
    """
    value = _amount(amount)
    used = resolve_rate(from_currency, to_currency, rate=rate, date=date, settings=settings)
    source, target = from_currency.strip().upper(), to_currency.strip().upper()
    result = value if used.source == "identity" else _apply(used, value, source)
    return Conversion(result, target, value, source, used)


def convert_figure(figure: Figure, to: Iterable[str] = ("USD", "KRW"), *, rate: RateArg = None,
                   date: Date | str | None = None, settings: Settings | None = None) -> dict[str, FigureConversion]:
    """A figure's value and bounds in each currency of ``to``.

    A bare number for ``rate`` is the USD/KRW rate; pass a mapping for other pairs.
    """
    return convert_figures([figure], to, rate=rate, date=date, settings=settings)[0]


def convert_figures(figures: Iterable[Figure], to: Iterable[str] = ("USD", "KRW"), *, rate: RateArg = None,
                    date: Date | str | None = None, settings: Settings | None = None,
                    budget: Budget | None = None, rounded: bool = False,
                    ) -> list[dict[str, FigureConversion | ConversionFailure]]:
    """:func:`convert_figure` for many figures: each pair's rate and factor is resolved
    once, then every figure costs one Decimal operation per bound.

    ``rounded`` gives every amount rounded to its currency's minor unit
    (:func:`units.decimals.round_money`) instead of the exact quotient.

    A pair without a reference rate (SAR on a date the data has none) is a
    :class:`ConversionFailure` for that figure and currency; the rest of the answer stands.
    A bad rate or date given with the call still raises (:func:`check_rate`, :func:`check_date`).
    """
    figures = figures if isinstance(figures, Sequence) else list(figures)
    columns = convert_columns(figures, to, rate=rate, date=date, settings=settings, rounded=rounded, budget=budget)
    per_currency = []
    for code, c in columns.items():
        made: list[FigureConversion | ConversionFailure] = list(
            map(FigureConversion, repeat(code), c.amount, c.low, c.high, c.rate))
        if c.error.count(None) != len(made):
            for i, error in enumerate(c.error):
                if error is not None:
                    made[i] = ConversionFailure(code, error)
        per_currency.append(made)
    return [dict(zip(columns, row)) for row in zip(*per_currency)] if per_currency else [{} for _ in figures]


class ConversionColumns(NamedTuple):
    """Many figures converted into one currency, as columns: one item per figure, in the
    order of the figures. A figure that cannot be converted has ``None`` in ``amount``,
    ``low``, ``high`` and ``rate``, and its reason in ``error``."""

    currency: str
    amount: list[Decimal | None]
    low: list[Decimal | None]
    high: list[Decimal | None]
    rate: list[Rate | None]
    error: list[str | None]


def convert_columns(figures: Sequence[Figure], to: Iterable[str] = ("USD", "KRW"), *, rate: RateArg = None,
                    date: Date | str | None = None, settings: Settings | None = None,
                    rounded: bool = True, budget: Budget | None = None) -> dict[str, ConversionColumns]:
    """:func:`convert_figures` as columns, one :class:`ConversionColumns` per currency of
    ``to``, for callers that build tables (``units.archive``): the same amounts, rounded
    to the minor unit by default. This is the one conversion loop; :func:`convert_figures`
    reads its rows from it.

    >>> from units import extract
    >>> usd = convert_columns(extract("130억 달러, 18조 원"), ["USD"], rate="1380")["USD"]
    >>> [str(a) for a in usd.amount], usd.rate[1].source
    (['13000000000.00', '13043478260.87'], 'request')
    """
    plans = _Plans(to, rate, date, settings)
    out = {}
    with localcontext(ARITHMETIC):
        for code in plans.targets:
            rounding = money_rounding(code) if rounded else None
            amounts: list[Decimal | None] = []
            lows: list[Decimal | None] = []
            highs: list[Decimal | None] = []
            rates: list[Rate | None] = []
            errors: list[str | None] = [None] * len(figures)
            add_amount, add_low, add_high, add_rate = amounts.append, lows.append, highs.append, rates.append
            by_currency: dict[str, _Plan | ConversionFailure] = {}
            for n, figure in enumerate(figures):
                if budget is not None and not n % 64:
                    budget.check()
                plan = by_currency.get(figure.currency)
                if plan is None:
                    plan = by_currency[figure.currency] = plans.get(figure.currency, code)
                if plan.__class__ is ConversionFailure:
                    add_amount(None)
                    add_low(None)
                    add_high(None)
                    add_rate(None)
                    errors[n] = plan.error  # type: ignore[union-attr]
                    continue
                used, factor, forward = plan  # type: ignore[misc]
                low, high = figure.low, figure.high
                same = high == low
                if factor is not None:  # times the factor from the base, divided by it from the quote
                    low = low * factor if forward else low / factor
                    high = low if same else high * factor if forward else high / factor
                if rounding is not None:  # straight to the minor unit: no exact quotient to tidy first
                    low = rounding(low)
                    high = low if same else rounding(high)
                elif factor is not None:
                    low = _tidy(low)
                    high = low if same else _tidy(high)
                add_amount(None if figure.value is None else low)
                add_low(low)
                add_high(high)
                add_rate(used)
            out[code] = ConversionColumns(code, amounts, lows, highs, rates, errors)
    return out


_Plan = tuple[Rate, Decimal | None, bool]  # the rate, its factor (None: the identity), whether from the base


class _Plans:
    """The rate of each (source, target) pair of one call, resolved once: a pair without
    a reference rate is a :class:`ConversionFailure`, a date outside the data raises."""

    def __init__(self, to: Iterable[str], rate: RateArg, date: Date | str | None, settings: Settings | None) -> None:
        self.settings = settings or get_settings()
        self.rates = {"USD/KRW": rate} if rate is not None and not isinstance(rate, (Mapping, Rate)) else rate
        self.targets = [validate_code(code) for code in to]
        check_date(date, self.settings)
        self.date = date
        self.plans: dict[tuple[str, str], _Plan | ConversionFailure] = {}

    def get(self, currency: str, code: str) -> _Plan | ConversionFailure:
        plan = self.plans.get((currency, code))
        if plan is None and self.rates is None:  # the configured chain: remembered per pair and date
            key = (id(self.settings), currency, code, self.date)
            entry = _PLANNED.get(key)
            if entry is None or entry[0] is not self.settings:  # the entry keeps its settings alive
                if len(_PLANNED) > 32768:
                    _PLANNED.clear()
                entry = _PLANNED[key] = (self.settings, self._plan(currency, code))
            plan = self.plans[(currency, code)] = entry[1]
        elif plan is None:
            plan = self.plans[(currency, code)] = self._plan(currency, code)
        return plan

    def _plan(self, currency: str, code: str) -> _Plan | ConversionFailure:
        try:
            used = resolve_rate(currency, code, rate=self.rates, date=self.date, settings=self.settings)
        except (CurrencyError, RateError) as exc:
            if isinstance(exc, DateOutOfRange):
                raise
            return ConversionFailure(code, str(exc))
        factor = None if used.source == "identity" else conversion_factor(used.base, used.quote, used.value)
        return used, factor, used.base == currency


_PLANNED: dict[tuple, tuple[Settings, _Plan | ConversionFailure]] = {}  # per settings, pair and date
