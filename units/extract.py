"""Scanning text for money: every figure with its exact value, currency and offsets.

>>> [(f.text, str(f.value), f.currency, f.qualifier) for f in extract("130억 달러(약 18조 원)")]
[('130억 달러', '13000000000', 'USD', None), ('18조 원', '18000000000000', 'KRW', 'approx')]
>>> f = extract("매출은 100억~200억 달러")[0]
>>> (f.text, f.value, str(f.low), str(f.high), f.qualifier)
('100억~200억 달러', None, '10000000000', '20000000000', 'range_of')

A figure is a number next to a currency form: a word after it (달러, 원, 엔화, "캐나다
달러"), or a symbol or code before it ($, ₩, USD). A currency word alone, or a number
alone, is not money. The span covers the (signed) number and the currency; qualifier
words around it (약, 이상, 가량) are reported in ``qualifier`` and stay outside.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from units.currencies import CurrencyMatcher, is_hangul
from units.lexicon import CurrencyWord, currency_words, numerals, qualifiers
from units.numerals import (
    ARITHMETIC,
    MYRIADS,
    NUMERAL_CHARS,
    SINO_DIGITS,
    SMALL_UNITS,
    VAGUE,
    Number,
)
from units.numerals import scan_number as _scan_number


class _Text(str):
    """The normalized text of one extract() call, with the numbers read so far: a range
    or compound reads its second number, and the scan reads it again when it moves on."""

    memo: dict[int, Number | None]


def scan_number(s: _Text, i: int) -> Number | None:
    try:
        return s.memo[i]
    except KeyError:
        found = s.memo[i] = _scan_number(s, i)
        return found
from units.text import Normalized

__all__ = ["Extractor", "Figure", "QUALIFIERS", "extract"]

QUALIFIERS = ("approx", "at_least", "at_most", "over", "under", "range_of", "vague")

_Q = qualifiers()
_BEFORE = sorted(_Q["before"].items(), key=lambda kv: -len(kv[0]))
_AFTER = sorted(_Q["after"].items(), key=lambda kv: -len(kv[0]))
_PARTICLES = tuple(_Q["particles"]["before_after"])
_BAND = _Q["band"]["suffix"]
_N = numerals()
_MAGNITUDES = {k.lower(): v for k, v in _N["english_magnitudes"].items()}
_LETTERS = _N["english_magnitude_letters"]
_NEGATIVE = frozenset(_N["signs"]["negative"])
_MINUS_WORDS = tuple(_N["words"]["minus"])
_APPROX_INFIX = _N["words"]["approx_infix"]
_MAGNITUDE = re.compile(
    r" ?(" + "|".join(sorted(map(re.escape, _MAGNITUDES), key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_AFTER_KIND = dict(_AFTER)
_BEFORE_KIND = dict(_BEFORE)
_AFTER_RE = re.compile(r" ?(" + "|".join(re.escape(w) for w, _ in _AFTER) + ")")
_PARTICLE_AFTER_RE = re.compile(
    "[" + "".join(_PARTICLES) + "] ?(" + "|".join(re.escape(w) for w, k in _AFTER if k != "approx") + ")"
)
_BEFORE_SPAN = max(len(w) for w, _ in _BEFORE) + 3
_BEFORE_RE = re.compile(r"(?<![\uac00-\ud7a3])(" + "|".join(re.escape(w) for w, _ in _BEFORE) + r") {0,2}$")
_RANGE_MARKS = frozenset("~-")
_MAX_GAP = 2  # spaces allowed between a number and its currency word


@dataclass(frozen=True, slots=True)
class Figure:
    """One monetary figure found in a text.

    ``start``/``end`` index the caller's original text (``text[start:end] == figure.text``).
    ``value`` is in the currency's main unit, or None for ranges, bands ("50조 원대") and
    vague amounts ("수십억 달러"), whose bounds are ``low``/``high``; otherwise
    ``low == high == value``. ``precision`` is the unit of the last significant digit
    written (1E+12 for "18조 원").
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    low: Decimal
    high: Decimal
    currency: str
    qualifier: str | None
    precision: Decimal
    shape: str = "amount"  # "amount", "range" (100억~200억), "band" (50조 원대), "vague" (수십억)

    def to_dict(self) -> dict:
        """Plain JSON-ready data; decimals as strings so nothing is lost."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": None if self.value is None else str(self.value),
            "low": str(self.low),
            "high": str(self.high),
            "currency": self.currency,
            "qualifier": self.qualifier,
            "precision": str(self.precision),
            "shape": self.shape,
        }


@dataclass(slots=True)
class _Draft:
    """A figure being assembled in normalized coordinates."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    currency: str
    precision: Decimal
    exact: bool = True  # False for ranges, bands and vague amounts
    qualifier: str | None = None
    shape: str = "amount"
    scale: Decimal = Decimal(1)  # what the written number was multiplied by (bn, 센트)


def _skip_spaces(s: str, i: int, limit: int = _MAX_GAP) -> int:
    j = i
    while j < len(s) and s[j] == " " and j - i < limit:
        j += 1
    return j


class Extractor:
    """A configured money scanner; :func:`extract` uses one with the default lexicon.

    :param defaults: the currency read for words shared by several currencies, e.g.
        ``{"프랑": "FRF"}`` for 1990s French news (the default reads 프랑 as CHF).
    """

    def __init__(self, defaults: Mapping[str, str] | None = None) -> None:
        self.currencies = CurrencyMatcher(defaults)
        symbols = sorted((w.name for w in currency_words() if w.kind == "symbol"), key=len, reverse=True)
        numeral_class = "".join(sorted(NUMERAL_CHARS | set(VAGUE)))
        # A Korean numeral run is worth reading only when a currency word, a range mark or
        # more of the number can follow it; most runs in prose are ordinary words (이, 사, 수).
        follow = "".join(sorted(ch for ch in self.currencies.root if is_hangul(ch)))
        heads = sorted({w.name.replace(" ", "")[:2] for w in currency_words() if is_hangul(w.name[0])})
        word_follow = "|".join(heads)
        cont = follow + numeral_class + "".join(sorted({w[0] for w in symbols}))
        # One character class opens the pattern, so the regex engine skips ahead with its
        # fast prefix scan; each branch then checks, looking back, which kind of
        # character opened it and whether it starts a word.
        first = "0-9A-Z" + "".join(sorted({re.escape(w[0]) for w in symbols})) + numeral_class
        symbol_branches = "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in symbols)
        self._candidate = re.compile(
            "[" + first + "](?:"
            r"(?<=[0-9])(?<![A-Za-z0-9.,][0-9])[\d,.]*(?= {0,2}[" + cont + r"A-Za-z~\-" + _APPROX_INFIX + r"])"
            r"|(?<=[A-Z])(?<![A-Za-z][A-Z])[A-Z]{2}(?= ?\d)"
            "|" + symbol_branches
            + r"|(?<=[" + numeral_class + r"])(?<![\uac00-\ud7a3][" + numeral_class + r"])[" + numeral_class + r"]*"
            + r"(?= {0,2}(?:" + word_follow + r"|[0-9~\-" + _APPROX_INFIX + r"점쩜]))"
            ")"
        )

    def extract(self, text: str) -> list[Figure]:
        """Every monetary figure in ``text``, in reading order; never raises on a string."""
        if not isinstance(text, str):
            raise TypeError(f"extract() takes a str, not {type(text).__name__}")
        norm = Normalized.of(text)
        s = _Text(norm.text)
        s.memo = {}
        out: list[Figure] = []
        pos = 0
        while (m := self._candidate.search(s, pos)) is not None:
            draft = self._figure_at(s, m.start())
            if draft is None:
                pos = m.end()
                continue
            out.append(self._finish(norm, draft))
            pos = draft.end
        return out

    # ------------------------------------------------------------ one figure

    def _figure_at(self, s: str, i: int) -> _Draft | None:
        prefix = self.currencies.prefix(s, i)
        if prefix is not None:
            draft = self._prefixed(s, i, *prefix)
            if draft is not None:
                return self._qualify(s, draft)
        number = scan_number(s, i)
        if number is None:
            return None
        draft = self._suffixed(s, number)
        return None if draft is None else self._qualify(s, draft)

    def _prefixed(self, s: str, i: int, word: CurrencyWord, after: int) -> _Draft | None:
        """"$13 billion", "US$1.5bn", "₩18조", "EUR 20"."""
        j = _skip_spaces(s, after, 1)
        number = scan_number(s, j)
        if number is None or number.vague:
            return None
        end, scale = number.end, Decimal(1)
        if number.top_myriad is None:
            end, scale = self._magnitude(s, number.end, letters=True)
        return self._draft(i, end, number, number, word.code, scale)

    def _suffixed(self, s: str, number: Number, *, tail: bool = False) -> _Draft | None:
        """A number followed by its currency; ``tail`` reads the second half of a range."""
        end, scale = number.end, Decimal(1)
        if number.top_myriad is None and number.arabic:
            end, scale = self._magnitude(s, number.end, letters=False)
        approx = number.approx
        if end < len(s) and s[end] == _APPROX_INFIX:  # 100억여 원, 1000여 달러
            end, approx = end + 1, True
        gap = _skip_spaces(s, end)
        found = self.currencies.match(s, gap)
        if found is None:
            return None if tail else self._range(s, number)
        word, cur_end = found
        if not self._plausible(s, number, gap > end, s[gap:cur_end], word, cur_end):
            return None
        scale *= word.scale
        draft = self._draft(number.start, cur_end, number, number, word.code, scale)
        if approx and draft.qualifier is None:
            draft.qualifier = "approx"
        if word.kind != "subunit":
            self._compound(s, draft, word)
            if not tail:
                self._range_after(s, draft, number)
                self._band(s, draft)
        return draft

    def _plausible(self, s: str, number: Number, spaced: bool, written: str, word: CurrencyWord, end: int) -> bool:
        """Reject one-syllable numerals that are really words: 이 불, 일원, 사원."""
        if number.arabic or number.end - number.start != 1 or not is_hangul(s[number.start]):
            return True
        ch = s[number.start]
        if ch in SINO_DIGITS:
            if spaced:
                return False
            if sum(map(is_hangul, written)) < 2:
                # 이불 is a blanket, 일원 an area; 이불이십삼센트 is still money
                return self._subunit_after(s, end, word) is not None
            return True
        return ch in SMALL_UNITS or ch in MYRIADS

    def _magnitude(self, s: str, i: int, *, letters: bool) -> tuple[int, Decimal]:
        m = _MAGNITUDE.match(s, i)
        if m is not None:
            return m.end(), Decimal(1).scaleb(_MAGNITUDES[m.group(1).lower()])
        if letters and i < len(s) and s[i] in _LETTERS and not (i + 1 < len(s) and s[i + 1].isalpha()):
            return i + 1, Decimal(1).scaleb(_LETTERS[s[i]])
        return i, Decimal(1)

    def _draft(self, start: int, end: int, low: Number, high: Number, code: str, scale: Decimal) -> _Draft:
        with localcontext(ARITHMETIC):
            draft = _Draft(
                start, end, low.low * scale, high.high * scale, code,
                min(low.precision, high.precision) * scale, scale=scale,
            )
        if low.vague or high.vague:
            draft.exact, draft.qualifier, draft.shape = False, "vague", "vague"
        return draft

    # ------------------------------------------------------------ shapes around the figure

    def _subunit_after(self, s: str, end: int, word: CurrencyWord) -> tuple[Number, CurrencyWord, int] | None:
        j = _skip_spaces(s, end, 1)
        if j >= len(s) or not (s[j].isdigit() or s[j] in NUMERAL_CHARS):
            return None
        number = scan_number(s, j)
        if number is None or number.vague:
            return None
        found = self.currencies.match(s, _skip_spaces(s, number.end, 1))
        if found is None or found[0].kind != "subunit" or word.code not in found[0].joins:
            return None
        return number, found[0], found[1]

    def _compound(self, s: str, draft: _Draft, word: CurrencyWord) -> None:
        """"1달러 20센트" = 1.20 USD; "3 달러 50 센트"."""
        found = self._subunit_after(s, draft.end, word)
        if found is None or not draft.exact:
            return
        number, sub, end = found
        with localcontext(ARITHMETIC):
            draft.low += number.low * sub.scale
            draft.high += number.low * sub.scale
            draft.precision = min(draft.precision, number.precision * sub.scale)
        draft.end = end

    def _range(self, s: str, first: Number) -> _Draft | None:
        """"100억~200억 달러", "1~2조 원" (the first number borrows the second's myriad)."""
        j = _skip_spaces(s, first.end, 1)
        if j >= len(s) or s[j] not in _RANGE_MARKS:
            return None
        k = _skip_spaces(s, j + 1, 1)
        second = scan_number(s, k)
        if second is None:
            return None
        tail = self._suffixed(s, second, tail=True)
        if tail is None or not tail.exact or tail.qualifier is not None:
            return None
        scale = tail.scale
        low = first
        if first.top_myriad is None and second.top_myriad is not None and first.low < 10000:
            with localcontext(ARITHMETIC):
                borrow = Decimal(1).scaleb(second.top_myriad)
                low = Number(first.start, first.end, first.low * borrow, first.high * borrow,
                             first.precision * borrow, first.vague)
        with localcontext(ARITHMETIC):
            lo, hi = low.low * scale, tail.low
        if lo >= hi:
            return None
        return _Draft(first.start, tail.end, lo, hi, tail.currency,
                      min(low.precision * scale, tail.precision), False, "range_of", "range")

    def _range_after(self, s: str, draft: _Draft, first: Number) -> None:
        """"100억 달러~200억 달러": two figures of one currency joined by a range mark."""
        j = _skip_spaces(s, draft.end, 1)
        if not draft.exact or j >= len(s) or s[j] not in _RANGE_MARKS:
            return
        k = _skip_spaces(s, j + 1, 1)
        second = scan_number(s, k)
        if second is None:
            return
        tail = self._suffixed(s, second, tail=True)
        if tail is None or not tail.exact or tail.currency != draft.currency or tail.low <= draft.low:
            return
        draft.high, draft.end, draft.exact, draft.qualifier, draft.shape = tail.high, tail.end, False, "range_of", "range"
        draft.precision = min(draft.precision, tail.precision)

    def _band(self, s: str, draft: _Draft) -> None:
        """"50조 원대": from 50조 up to (not including) 60조."""
        if draft.exact and s.startswith(_BAND, draft.end) and is_hangul(s[draft.end - 1]):
            with localcontext(ARITHMETIC):
                draft.high = draft.low + draft.precision
            draft.end += len(_BAND)
            draft.exact, draft.qualifier, draft.shape = False, "range_of", "band"

    def _qualify(self, s: str, draft: _Draft) -> _Draft:
        self._sign(s, draft)
        if draft.qualifier is not None and draft.qualifier != "approx":
            return draft
        after = self._after_word(s, draft.end)
        before = self._before_word(s, draft.start)
        draft.qualifier = after or before or draft.qualifier
        return draft

    def _sign(self, s: str, draft: _Draft) -> None:
        """"△30억 원", "-30억 원", "마이너스 3달러" are negative; the sign joins the span."""
        i = draft.start
        start = None
        if i > 0 and s[i - 1] in _NEGATIVE and (i < 2 or not s[i - 2].isalnum()):
            start = i - 1
        else:
            j = i - 1 if i > 0 and s[i - 1] == " " else i
            for word in _MINUS_WORDS:
                if s.startswith(word, j - len(word)) and (j - len(word) == 0 or not is_hangul(s[j - len(word) - 1])):
                    start = j - len(word)
                    break
        if start is not None:
            draft.start = start
            draft.low, draft.high = -draft.high, -draft.low

    @staticmethod
    def _after_word(s: str, end: int) -> str | None:
        m = _AFTER_RE.match(s, end)
        if m is not None:
            return _AFTER_KIND[m.group(1)]
        m = _PARTICLE_AFTER_RE.match(s, end)
        return _AFTER_KIND[m.group(1)] if m is not None else None

    @staticmethod
    def _before_word(s: str, start: int) -> str | None:
        m = _BEFORE_RE.search(s, max(0, start - _BEFORE_SPAN), start)
        return _BEFORE_KIND[m.group(1)] if m is not None else None

    @staticmethod
    def _finish(norm: Normalized, draft: _Draft) -> Figure:
        start, end = norm.span(draft.start, draft.end)
        low, high = plain(draft.low), plain(draft.high)
        return Figure(start, end, norm.original[start:end], low if draft.exact else None, low, high,
                      draft.currency, draft.qualifier, draft.precision, draft.shape)


def plain(d: Decimal) -> Decimal:
    """The same value without exponent or trailing zeros: 1.3E+10 -> 13000000000, 2.50 -> 2.5."""
    with localcontext(ARITHMETIC):
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()


_DEFAULT: Extractor | None = None


def extract(text: str) -> list[Figure]:
    """Every monetary figure in ``text``, in reading order.

    >>> [(f.text, str(f.value)) for f in extract("누적 투자액은 1조 2천억 원, 약 $13 billion")]
    [('1조 2천억 원', '1200000000000'), ('$13 billion', '13000000000')]
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT.extract(text)
