"""Writing amounts the way people read them: Korean newspaper style, English style, and
locale formats through babel (CLDR).

>>> format_korean(Decimal("1439000000000"))
'1조 4,390억'
>>> format_korean(Decimal("143900000000000"), compact=True)
'143조9,000억'
>>> format_korean(Decimal("17940000000000"), groups=1)
'18조'
>>> format_korean(Decimal("300000000000"), hangul=True)
'삼천억'
>>> format_money_korean(Decimal("13000000000"), "USD")
'130억 달러'
>>> format_english(Decimal("13000000000"), "USD")
'$13.0 billion'

Rounding happens only here, with an explicit mode (half-up by default, as newspapers do).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from units.lexicon import numerals as _tables
from units.numerals import ARITHMETIC

__all__ = ["format_korean", "format_money_korean", "format_english", "format_locale", "format_rate", "round_groups"]

_T = _tables()
_MYRIAD_WORDS = sorted(((e, w) for w, e in _T["myriads"].items()), reverse=True)  # (16,경)…(4,만)
_SINO = {v: k for k, v in _T["sino_digits"].items() if k in "일이삼사오육칠팔구"}
_PLACES = sorted(((v, k) for k, v in _T["small_units"].items()), reverse=True)  # (1000,천)…
# How each currency is named after a Korean number; others fall back to the ISO code.
KOREAN_UNIT = {"KRW": "원", "USD": "달러", "EUR": "유로", "JPY": "엔", "CNY": "위안", "GBP": "파운드",
               "CHF": "스위스 프랑", "CAD": "캐나다 달러", "AUD": "호주 달러", "HKD": "홍콩 달러"}
_ENGLISH_SCALES = [(12, "trillion"), (9, "billion"), (6, "million"), (3, "thousand")]
_EN_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def round_groups(value: Decimal, groups: int, *, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to the lowest of the ``groups`` most significant myriad groups.

    >>> f"{round_groups(Decimal('17940000000000'), 1):,f}", f"{round_groups(Decimal('143912345678901'), 2):,f}"
    ('18,000,000,000,000', '143,912,300,000,000')
    """
    if value == 0 or groups < 1:
        return value
    with localcontext(ARITHMETIC):
        top = (abs(value).adjusted()) // 4  # index of the highest myriad group
        exponent = max(0, (top - groups + 1) * 4)
        return value.quantize(Decimal(1).scaleb(exponent), rounding=rounding) if exponent else value


def _group_digits(n: int) -> str:
    return f"{n:,}"


def _group_hangul(n: int) -> str:
    out = []
    for place, word in _PLACES:
        d, n = divmod(n, place)
        if d:
            out.append(("" if d == 1 else _SINO[d]) + word)
    if n:
        out.append(_SINO[n])
    return "".join(out)


def format_korean(
    value: Decimal, *, groups: int | None = None, compact: bool = False, hangul: bool = False,
    rounding: str = ROUND_HALF_UP,
) -> str:
    """A number in myriad groups: ``1조 4,390억``; ``groups`` keeps that many significant
    groups (rounding the rest); ``compact`` drops the spaces; ``hangul`` writes 삼천억."""
    if groups is not None:
        value = round_groups(value, groups, rounding=rounding)
    with localcontext(ARITHMETIC):
        sign = "-" if value < 0 else ""
        value = abs(value)
        whole = int(value)
        fraction = value - whole
    parts = []
    for exponent, word in _MYRIAD_WORDS:
        group, whole = divmod(whole, 10**exponent)
        if group:
            if hangul:
                parts.append(("일" if group == 1 else _group_hangul(group)) + word)
            else:
                parts.append(_group_digits(group) + word)
    tail = ""
    if whole or fraction or not parts:
        if hangul:
            tail = _group_hangul(whole) if whole else ("영" if not parts else "")
            if fraction:
                digits = str(fraction.normalize()).split(".")[1]
                tail = (tail or "영") + "점" + "".join(_SINO.get(int(c), "영") for c in digits)
        else:
            tail = _group_digits(whole)
            if fraction:
                tail += "." + format(fraction.normalize(), "f").split(".")[1]
        parts.append(tail)
    return sign + ("" if compact or hangul else " ").join(parts)


def format_money_korean(value: Decimal, currency: str, *, groups: int | None = None,
                        compact: bool = False, approx: bool = False) -> str:
    """``130억 달러``, ``1조 4,390억 원``, ``약 18조 원`` (``approx`` writes 약)."""
    unit = KOREAN_UNIT.get(currency, currency)
    text = f"{format_korean(value, groups=groups, compact=compact)} {unit}"
    return f"약 {text}" if approx else text


def format_english(value: Decimal, currency: str, *, digits: int = 1, rounding: str = ROUND_HALF_UP) -> str:
    """``$13.0 billion``, ``KRW 18.0 trillion``: one scale word, ``digits`` decimals."""
    prefix = _EN_SYMBOL.get(currency)
    lead = prefix if prefix else f"{currency} "
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    for exponent, word in _ENGLISH_SCALES:
        if magnitude >= Decimal(10) ** exponent:
            with localcontext(ARITHMETIC):
                scaled = (magnitude.scaleb(-exponent)).quantize(Decimal(1).scaleb(-digits), rounding=rounding)
            return f"{sign}{lead}{scaled:,} {word}"
    with localcontext(ARITHMETIC):
        return f"{sign}{lead}{magnitude.quantize(Decimal('0.01'), rounding=rounding):,}"


def format_rate(value: Decimal, *, digits: int = 6) -> str:
    """A rate with the digits that matter: ``digits`` significant digits (half-up), never
    fewer than its whole part, trailing zeros dropped. A cross rate through the euro is
    exact to 28 digits, but its inputs were published to five or six.

    >>> format_rate(Decimal("1459.640169535507309056310008"))
    '1,459.64'
    >>> format_rate(Decimal("0.0006851071234")), format_rate(Decimal("9.4857")), format_rate(Decimal("1380"))
    ('0.000685107', '9.4857', '1,380')
    >>> format_rate(Decimal("1234567.89"))
    '1,234,568'
    """
    if not value:
        return "0"
    places = max(digits - 1 - value.adjusted(), 0)
    with localcontext(ARITHMETIC):
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_locale(value: Decimal, currency: str, locale: str = "ko_KR", *, compact: bool = False) -> str:
    """CLDR formatting through babel: ``₩18,000,000,000,000``, ``US$13,000,000,000``,
    compact ``$13B`` (en_US) or ``18조`` (ko_KR)."""
    from babel.numbers import format_compact_currency, format_compact_decimal, format_currency

    if compact:
        if locale.startswith("ko") and currency == "KRW":
            return format_compact_decimal(value, locale=locale)
        return format_compact_currency(value, currency, locale=locale)
    pattern = "¤#,##0" if value == value.to_integral_value() else None
    return format_currency(value, currency, pattern, locale=locale, currency_digits=pattern is None,
                           decimal_quantization=False)
