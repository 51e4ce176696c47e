"""How eokjo writes decimals, and how it rounds a converted amount.

Every decimal leaves eokjo as a string in one form: plain digits, a point only when there
is a fraction, never an exponent (``1000000000000``, ``0.01``, ``-3.5``).

>>> plain(Decimal("1E+9")), plain(Decimal("0.010")), plain(None)
('1000000000', '0.010', None)

A converted amount is a quotient: 18조 원 at 1,380 won per dollar is 13043478260.869565…
dollars, as many digits as the arithmetic carries. It is given rounded half-up to the
currency's minor unit (CLDR's digits: KRW 0, USD 2, KWD 3); an amount below one unit keeps
:data:`SMALL_DIGITS` significant digits, so one won in dollars is not zero.

>>> round_money(Decimal("13043478260.8695652173913"), "USD")
Decimal('13043478260.87')
>>> round_money(Decimal("17940000000000.000"), "KRW"), round_money(Decimal("0.000724637681"), "USD")
(Decimal('17940000000000'), Decimal('0.0007246'))
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from collections.abc import Callable
from functools import lru_cache

__all__ = ["plain", "round_money", "money_rounding", "minor_digits", "SMALL_DIGITS"]

SMALL_DIGITS = 4
_ROUNDING = Context(prec=100, rounding=ROUND_HALF_UP)  # wide enough for any amount eokjo reads


def plain(d: Decimal | None) -> str | None:
    """The one text form of a decimal: plain digits, no exponent."""
    return None if d is None else f"{d:f}"


@lru_cache(maxsize=512)
def minor_digits(currency: str) -> int:
    """Digits after the point of the currency's minor unit, from CLDR (2 when unknown)."""
    from babel.numbers import get_currency_precision

    return get_currency_precision(currency)


@lru_cache(maxsize=512)
def _exponent(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits)


_ONE = Decimal(1)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the minor unit of ``currency`` (keeping
    :data:`SMALL_DIGITS` significant digits below one unit)."""
    return money_rounding(currency)(amount)


@lru_cache(maxsize=512)
def money_rounding(currency: str) -> Callable[[Decimal], Decimal]:
    """:func:`round_money` for one currency, as a function: its minor unit looked up once,
    for callers that round many amounts of one currency.

    >>> to_cents = money_rounding("USD")
    >>> to_cents(Decimal("1.005")), to_cents(Decimal("-0.000724637681"))
    (Decimal('1.01'), Decimal('-0.0007246'))
    """
    digits = minor_digits(currency)
    unit = _exponent(digits)

    def rounded(amount: Decimal) -> Decimal:
        if not amount.is_finite():
            return amount
        if -1 < amount < 1:
            if not amount:
                return amount.quantize(_ONE)
            return amount.quantize(_exponent(max(digits, SMALL_DIGITS - 1 - amount.adjusted())), None, _ROUNDING)
        return amount.quantize(unit, None, _ROUNDING)  # positional: a keyword costs 3x the rounding

    return rounded
