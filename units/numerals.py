"""Korean and Arabic number grammar -> exact Decimal with the precision the writer stated.

One engine reads every written form newspapers use, driven by the tables in
``lexicon/numerals.toml``: Arabic digits with validated separators ("1,234,567"),
Sino-Korean numerals ("삼천억", "일점이삼"), digits mixed with place and myriad words
("1조 2천억", "143조9000억", "7천5백30만", "8백 10만"), and, for whole expressions,
native numerals, fractions and signs.

>>> parse_number("1조 2천억")
Decimal('1200000000000')
>>> parse_number("삼천억")
Decimal('300000000000')
>>> parse_number("삼분의 일")
Decimal('0.3333333333333333333333333333')

Inside one number the myriad words must strictly decrease ("1억 2조" is two numbers);
within a myriad group the places must decrease too, and a trailing bare number must be
smaller than the last place written ("8백 10만" is 810만).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import (Context, Decimal, DecimalException, DivisionByZero, InvalidOperation, Overflow, getcontext, localcontext,
                     setcontext)

from units.errors import ParseError
from units.lexicon import numerals as _tables
from units.text import gap_end, longest_first, normalize

__all__ = ["Number", "parse_number", "scan_number", "unmistakable", "written_precision", "ARITHMETIC"]

# Exact for every amount the scanner accepts (at most 30 written digits times 10^16 and a
# little more); division (fractions) rounds to this many significant digits.
_TRAPS = [InvalidOperation, DivisionByZero, Overflow]
ARITHMETIC = Context(prec=60, traps=_TRAPS)
_DIVISION = Context(prec=28, traps=_TRAPS)
MAX_DIGITS = 30
ONE = Decimal(1)
ZERO = Decimal(0)

_T = _tables()
SINO_DIGITS: dict[str, int] = _T["sino_digits"]
SMALL_UNITS: dict[str, int] = _T["small_units"]
MYRIADS: dict[str, int] = _T["myriads"]
VAGUE: dict[str, tuple[int, int]] = {k: tuple(v) for k, v in _T["vague_coefficients"].items()}
_VAGUE_WORDS = tuple(sorted(VAGUE, key=longest_first))
_VAGUE_FIRST = frozenset(w[0] for w in VAGUE)


def _vague_at(s: str, i: int) -> str | None:
    """The vague coefficient written at ``i`` (수, 몇, 십수), the longest first."""
    return next((w for w in _VAGUE_WORDS if s.startswith(w, i)), None)
NATIVE_UNITS: dict[str, int] = _T["native_units"]
NATIVE_TENS: dict[str, int] = _T["native_tens"]
STANDALONE: dict[str, Decimal] = {k: Decimal(v) for k, v in _T["standalone"].items()}
WORDS = _T["words"]
DECIMAL_POINTS = frozenset(WORDS["decimal_point"])
APPROX_INFIX: str = WORDS["approx_infix"]
NUMERAL_CHARS = frozenset(SINO_DIGITS) | frozenset(SMALL_UNITS) | frozenset(MYRIADS)
_SCALES = {e: Decimal(10) ** e for e in range(0, 40)}
_SCALES_NEG = [Decimal(1).scaleb(-e) for e in range(0, 20)]

# Thousands groups with a comma, or (as court rulings print them) a comma and a space:
# 3,000,000 and 3, 000, 000; never the two mixed in one number, and never the spaced
# groups after a number and a comma: 10, 50, 100, 500원 is a list of coins, not 50,100,500.
_ARABIC_TEXT = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|(?<!\d, )\d{1,3}(?:, \d{3})+(?:\.\d+)?(?!\d|,\d)|\d+(?:\.\d+)?"
)
_PLAIN_DIGITS = re.compile(r"\d+")
_ROUND = frozenset(("1", "2", "5", "25"))  # the first digits of a currency's notes and coins (10, 20, 50, 250)


def _denominations(text: str) -> bool:
    """Do spaced thousands groups read as a rising list of round numbers (50, 100, 200, 500
    리엘: the notes of a currency) rather than one number as courts print it (3, 000, 000)?"""
    groups = text.split(".")[0].split(", ")
    values = [int(g) for g in groups]
    return len(groups[0]) >= 2 and all(g.rstrip("0") in _ROUND for g in groups) and all(
        a < b for a, b in zip(values, values[1:]))


# thousands written with points, two groups or more (1.500.000원), as European and Latin
# American pages write them: tried only where a number's reading stops at a point
_DOTTED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3}){2,}(?![\d.])")
# thousands grouped with spaces before an English magnitude or cents, as South Africa and Europe
# write them (R2 647 million, 9 957 cents per share); not a table's cells apart (66 700 | 26 832)
_SPACE_GROUPED = re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?![\d,.])(?= ?(?:trn|tn|bn|mn|billion|million|trillion|cents?)\b)")
# a decimal comma before an English magnitude, as European pages write it (KRW 2,25trn, 2,3 Billionen Won)
_DECIMAL_COMMA = re.compile(r"\d{1,3},\d{1,2}(?= ?(?:trn|tn|bn|mn|billion|million|trillion|Billionen|Milliarden|Mrd|Mio)\b)",
                            re.IGNORECASE)
# thousands, lakhs and crores as South Asia groups them (Rs 1,00,000; Tk. 25,24,501.00; ₹1,26,22,495):
# tried only where a number's reading stops at a comma, which a thousands group would have passed
_LAKH = re.compile(r"[1-9]\d?(?:,\d\d)+,\d{3}(?:\.\d+)?(?!\d|,\d)")
_ARABIC_EXPR = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d/])|\d+(?:\.\d+)?|\.\d+"
)


def written_precision(written: Decimal) -> Decimal:
    """The unit of the last significant digit as written.

    >>> written_precision(Decimal("9000")), written_precision(Decimal("2.50"))
    (Decimal('1E+3'), Decimal('0.01'))
    """
    exponent = written.as_tuple().exponent
    if exponent < 0:  # type: ignore[operator]
        return ONE.scaleb(exponent)  # type: ignore[arg-type]
    digits = str(abs(written.scaleb(-exponent)))  # type: ignore[operator]
    if digits == "0":
        return ONE
    return ONE.scaleb(len(digits) - len(digits.rstrip("0")) + exponent)  # type: ignore[operator]


@dataclass(slots=True, unsafe_hash=True)
class Number:
    """A number found at ``[start, end)`` of the scanned text.

    ``low`` and ``high`` differ only for vague numbers ("수십억" is 20억..90억).
    ``precision`` is the unit of the last significant digit written (1E+11 for
    "143조9000억"). ``top_myriad`` is the largest myriad exponent written (12 for 조).

    Not frozen: the scanner builds one for every number a text holds, and a frozen
    dataclass costs three times as much to build (each field set through
    ``object.__setattr__``). No stage changes a number; each builds its own (hashable still).
    """

    start: int
    end: int
    low: Decimal
    high: Decimal
    precision: Decimal
    vague: bool = False
    approx: bool = False
    top_myriad: int | None = None
    arabic: bool = False
    hangul: int = 0
    malformed: bool = False  # a typo such as 29억7,085억 or 2조5000천억: no reading is safe

    @property
    def value(self) -> Decimal:
        return self.low


class _Section:
    """The running state of one scan: groups closed by myriad words, and the open one."""

    __slots__ = ("total", "group", "prec", "group_prec", "coef", "place", "myriad", "top")

    def __init__(self) -> None:
        self.total = [ZERO, ZERO]  # low, high
        self.group = [ZERO, ZERO]
        self.prec: Decimal | None = None
        self.group_prec: Decimal | None = None
        self.coef: tuple[Decimal, Decimal, Decimal | None] | None = None  # lo, hi, precision
        self.place: int | None = None  # last small unit of the open group (1 after decimals)
        self.myriad = 99
        self.top: int | None = None

    def _note(self, prec: Decimal | None, scale: Decimal) -> None:
        if prec is not None:
            p = prec * scale
            self.group_prec = p if self.group_prec is None else min(self.group_prec, p)

    def unit(self, place: int) -> None:
        lo, hi, prec = self.coef or (ONE, ONE, ONE)
        self.group[0] += lo * place
        self.group[1] += hi * place
        self._note(prec, Decimal(place))
        self.coef, self.place = None, place

    def close_group(self, exponent: int) -> None:
        self._flush_coef()
        if self.group == [ZERO, ZERO] and self.group_prec is None:
            self.group, self.group_prec = [ONE, ONE], ONE  # bare 만 = 1만
        scale = _SCALES[exponent]
        self.total[0] += self.group[0] * scale
        self.total[1] += self.group[1] * scale
        if self.group_prec is not None:
            p = self.group_prec * scale
            self.prec = p if self.prec is None else min(self.prec, p)
        self.group, self.group_prec, self.place, self.myriad = [ZERO, ZERO], None, None, exponent
        self.top = exponent if self.top is None else self.top

    def lift(self, exponent: int) -> None:
        """Count the whole read so far in the higher myriad word after it: 6만7100억 is
        67,100억 (6조7,100억), as budgets sometimes write 조 amounts in 억."""
        low, high, prec = self.finish()
        scale = _SCALES[exponent]
        self.total, self.prec = [low * scale, high * scale], prec * scale
        self.group, self.group_prec, self.place, self.myriad, self.top = [ZERO, ZERO], None, None, exponent, exponent

    def _flush_coef(self) -> None:
        if self.coef is not None:
            lo, hi, prec = self.coef
            self.group[0] += lo
            self.group[1] += hi
            self._note(prec, ONE)
            self.coef = None

    def finish(self) -> tuple[Decimal, Decimal, Decimal]:
        self._flush_coef()
        low, high = self.total[0] + self.group[0], self.total[1] + self.group[1]
        prec = self.prec
        if self.group_prec is not None:
            prec = self.group_prec if prec is None else min(prec, self.group_prec)
        return low, high, prec if prec is not None else ONE


def _coef(value: Decimal) -> tuple[Decimal, Decimal, Decimal | None]:
    return value, value, (written_precision(value) if value else None)


def _digits_coef(digits: str) -> tuple[Decimal, Decimal, Decimal | None]:
    """A coefficient from plain digits, its precision read off the string."""
    value = Decimal(digits)
    whole, dot, frac = digits.partition(".")
    if dot:
        return value, value, _SCALES_NEG[len(frac)] if len(frac) < len(_SCALES_NEG) else written_precision(value)
    stripped = whole.rstrip("0")
    if not stripped.strip("0"):
        return value, value, ONE  # 0억 is nought, not a bare 억 (1억)
    return value, value, _SCALES[len(whole) - len(stripped)]


_SINO_COEF = {ch: _coef(Decimal(v)) for ch, v in SINO_DIGITS.items()}


def _sino_fraction(s: str, i: int, spaces: bool) -> tuple[Decimal, int] | None:
    """Digits after 점, read one by one: 점이삼 -> (0.23, end)."""
    j = i
    if spaces:
        while j < len(s) and s[j] == " ":
            j += 1
    k = j
    while k < len(s) and s[k] in SINO_DIGITS:
        k += 1
    if k == j:
        return None
    digits = "".join(str(SINO_DIGITS[c]) for c in s[j:k])
    return Decimal("0." + digits), k


def _native(s: str, i: int) -> tuple[int, int] | None:
    """A native Korean numeral below 100 at ``i``: 서른다섯 -> (35, end)."""
    value, j = 0, i
    for word, tens in sorted(NATIVE_TENS.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(word, j):
            value, j = tens, j + len(word)
            break
    for word, units in sorted(NATIVE_UNITS.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(word, j):
            return value + units, j + len(word)
    return (value, j) if value else None


def grouped_start(s: str, i: int) -> int | None:
    """Where a number grouped in thousands with spaces starts, when the digits at ``s[i]``
    are its last groups (9 957 cents: 9); else None."""
    if not s[i : i + 3].isdigit() or s[i + 3 : i + 4].isdigit():
        return None  # (a group is three digits)
    k = i
    while k > 0 and i - k < _GROUPED_REACH and s[k - 1] in _DIGITS_OR_SPACE:
        k -= 1
    for p in range(k, i - 1):
        if "0" <= s[p] <= "9" and (p == 0 or not "0" <= s[p - 1] <= "9"):
            m = _SPACE_GROUPED.match(s, p)
            if m is not None and m.end() > i:
                return p
    return None


_GROUPED_REACH = 12  # characters before the spot's digits: two groups of three and the first
_DIGITS_OR_SPACE = frozenset("0123456789 ")


def scan_number(s: str, i: int, *, expr: bool = False) -> Number | None:
    """Read the longest number starting at ``s[i]``, or None.

    ``expr`` selects the reading of a standalone expression: any spacing, native
    numerals, space-grouped digits and bare trailing digits after a myriad word. In
    running text (the default) the scanner is stricter, because ordinary words contain
    numeral syllables: "1000억이" is 1000억 followed by a particle, not 1000억 2.
    """
    n = len(s)
    if not expr and i < n and "0" <= s[i] <= "9":  # the common case first: digits that end the number
        m = _ARABIC_TEXT.match(s, i)
        written = m.group()  # type: ignore[union-attr]
        if ", " in written and _denominations(written):
            m = _PLAIN_DIGITS.match(s, i)  # 50, 100, 200, 500 리엘: a list of notes, not 50,100,200,500
            written = m.group()  # type: ignore[union-attr]
        end = m.end()  # type: ignore[union-attr]
        after = s[end] if end < n else ""
        if after == "." and (dotted := _DOTTED.match(s, i)) is not None:
            value, _, precision = _digits_coef(dotted.group().replace(".", ""))
            return Number(i, dotted.end(), value, value, precision or ONE, False, False, None, True, 0)  # 1.500.000원: thousands
        if after == "," and (lakh := _LAKH.match(s, i)) is not None:
            value, _, precision = _digits_coef(lakh.group().replace(",", ""))
            return Number(i, lakh.end(), value, value, precision or ONE, False, False, None, True, 0)  # Rs 1,00,000: a lakh
        if after == "," and (comma := _DECIMAL_COMMA.match(s, i)) is not None:
            value, _, precision = _digits_coef(comma.group().replace(",", "."))
            return Number(i, comma.end(), value, value, precision or ONE, False, False, None, True, 0)  # KRW 2,25trn: 2.25 trillion
        if after == " " and (grouped := _SPACE_GROUPED.match(s, i)) is not None:
            value, _, precision = _digits_coef(grouped.group().replace(" ", ""))
            return Number(i, grouped.end(), value, value, precision or ONE, False, False, None, True, 0)  # R2 647 million: thousands
        if after not in _GOES_ON or (after == " " and end + 1 < n and s[end + 1] < "\x80" and not s[end + 1].isspace()
                                     and not "0" <= s[end + 1] <= "9"):
            # (1 dollar, $1 $1: past a space only a Korean numeral or a place word goes on, never a letter or a sign)
            digits = written.replace(",", "").replace(" ", "")
            if len(digits) > MAX_DIGITS + 1:
                return None
            value, _, precision = _digits_coef(digits)  # (exact in any context: a string's digits, a table's powers)
            return Number(i, end, value, value, precision or ONE, False, False, None, True, 0)
        k = end + 1
        if after in MYRIADS and (k >= n or s[k] not in _GOES_ON_AFTER_MYRIAD or (
                s[k] == " " and (k + 1 >= n or s[k + 1] not in _GOES_ON_AFTER_MYRIAD))):
            # the next commonest: digits and one myriad word that end the number (130억 달러, 18조 원)
            digits = written.replace(",", "").replace(" ", "")
            if len(digits) > MAX_DIGITS + 1:
                return None
            value, _, precision = _digits_coef(digits)
            scale, mul = _SCALES[MYRIADS[after]], ARITHMETIC.multiply
            value, precision = mul(value, scale), mul(precision, scale)  # type: ignore[arg-type]
            return Number(i, k, value, value, precision, False, False, MYRIADS[after], True, 1)  # type: ignore[arg-type]
    st = _Section()
    p = end = i
    arabic = vague = approx = False
    hangul = atoms = 0
    prev = ""  # kind of the previous atom
    loose = False
    saved = getcontext()
    setcontext(ARITHMETIC)  # exact sums in any caller's context (a local context copies it first: 3x the cost)
    try:
        while p < n:
            q = p
            if s[q] in " \n" and prev in ("unit", "myriad", "arabic", "point"):
                if expr:
                    while q < n and s[q] in " \n":
                        q += 1
                else:  # running text: a gap, as defined in units.text ("1조\n2천억원")
                    q = gap_end(s, p)
                    if q == p:
                        break
            spaced = q > p
            if q >= n:
                break
            loose = loose or spaced  # a gap since the last myriad word: 1억 2조 is two numbers
            ch = s[q]
            native = _native(s, q) if expr else None
            if native is not None and native[1] - q < 2 and ch in SINO_DIGITS:
                native = None  # 일 is Sino; 일흔, 일곱 are native
            if "0" <= ch <= "9" or (expr and ch == "." and atoms == 0):
                if st.coef is not None or (spaced and prev == "arabic") or (not expr and hangul and not st.place and prev != "myriad"):
                    break
                m = (_ARABIC_EXPR if expr else _ARABIC_TEXT).match(s, q)
                if m is None:
                    break
                if not expr and atoms and m.end() + 1 < n and s[m.end()] == "," and s[m.end() + 1].isdigit():
                    return _malformed(s, i, m.end())  # 4조 9,00억원: a thousands group of two digits
                if spaced and m.end() + 1 < n and s[m.end()] in "-./" and s[m.end() + 1].isdigit():
                    break  # 지금의 10억 2005.01.02: a date after the number, not its last group
                if spaced and s.count("\n", p, q) > 1 and (m.end() >= n or s[m.end()] not in SMALL_UNITS):
                    break  # 72억⏎⏎2019년: across a blank line only a group with its place word (1조⏎⏎2천억원)
                if (not expr and prev == "myriad" and "." in m.group() and m.end() + 1 < n and s[m.end()] == "."
                        and s[m.end() + 1].isdigit()):
                    break  # 1조3837억14.90.3: cells glued after the amount (14.9 and 0.3), not its last group
                digits = m.group().replace(",", "").replace(" ", "")
                if len(digits) > MAX_DIGITS + 1:
                    return None
                coef = _digits_coef(digits)
                if st.place is not None and coef[0] >= st.place:
                    break
                st.coef, arabic, prev, p = coef, True, "arabic", m.end()
            elif ch in _VAGUE_FIRST and atoms == 0 and not spaced and (word := _vague_at(s, q)) is not None:
                k = q + len(word)
                k += s.startswith(" ", k)  # 몇 만엔, 수 억 원: one space may follow
                nxt = s[k] if k < n else ""
                if nxt not in SMALL_UNITS and nxt not in MYRIADS:
                    break
                lo, hi = VAGUE[word]
                st.coef, vague, prev, p = (Decimal(lo), Decimal(hi), ONE), True, "digit", k
                hangul += 1
            elif ch in SINO_DIGITS and native is None:
                nxt = s[q + 1] if q + 1 < n else ""
                # a spaced Sino digit continues only a myriad group it opens: 일억 오천만 원
                spaced_group = spaced and prev == "myriad" and (nxt in SMALL_UNITS or nxt in MYRIADS)
                if st.coef is not None or (not expr and (arabic or (spaced and not spaced_group))):
                    break
                if not expr and prev == "myriad" and not (nxt in SMALL_UNITS or nxt in MYRIADS or nxt in DECIMAL_POINTS):
                    break  # 1000억이: a particle, not a trailing digit
                st.coef, prev, p = _SINO_COEF[ch], "digit", q + 1
                hangul += 1
            elif ch in SMALL_UNITS:
                place = SMALL_UNITS[ch]
                if not expr and st.top is not None and st.coef is not None and st.coef[0] >= 10 and not (
                        st.coef[0] < 100 and ch == "백" and s.startswith("만", q + 1)):
                    return _malformed(s, i, q)  # 2조5000천억: a group below a myriad word has four digits
                    # (but 4억 74백만 원: 백만, a million, as budgets write the group under 억)
                if st.place is not None and place >= st.place:
                    break
                if st.coef is not None and st.coef[0] >= 10 and st.place is not None:
                    break
                st.unit(place)
                prev, p = "unit", q + 1
                hangul += 1
            elif ch in MYRIADS:
                exponent = MYRIADS[ch]
                if (st.top == st.myriad == 4 and exponent > 4 and not loose and prev in ("arabic", "digit", "unit")
                        and (st.coef is not None or st.place is not None)
                        and st.group[1] + (st.coef[1] if st.coef is not None else ZERO) < _GROUP):
                    st.lift(exponent)  # 6만7100억원, 1만8760억원: a count of 억 past ten thousand
                    prev, p = "myriad", q + 1
                    hangul += 1
                    atoms += 1
                    end = p
                    continue
                if exponent >= st.myriad and not expr and not loose and prev in ("arabic", "digit", "unit"):
                    return _malformed(s, i, q)  # 29억7,085억: the myriad words must decrease
                if exponent >= st.myriad or (atoms == 0 and not expr and exponent > 4):
                    break
                if not expr and st.top is not None and st.coef is not None and st.coef[0] >= _GROUP:
                    return _malformed(s, i, q)  # 14조90000억: a group below a myriad word is under 10,000
                if prev == "myriad" and not spaced and st.coef is None and st.place is None:
                    break  # 30억만 넘으면: the particle 만 (only); a lower group needs its digits (3억 1만)
                st.close_group(exponent)
                prev, p, loose = "myriad", q + 1, False
                hangul += 1
            elif ch in DECIMAL_POINTS and atoms and prev in ("digit", "unit", "myriad") and not arabic:
                frac = _sino_fraction(s, q + 1, expr)
                if frac is None:
                    break
                st._flush_coef()
                whole = st.group[0]
                written = whole + frac[0]
                st.group = [ZERO, ZERO]
                st.group_prec = None
                st.coef = (written, written, written_precision(frac[0]))
                st.place, prev, p = 1, "point", frac[1]
                hangul += frac[1] - q
            elif ch == APPROX_INFIX and not expr and prev in ("arabic", "digit", "unit") and q + 1 < n and s[q + 1] in MYRIADS and not spaced:
                approx, p = True, q + 1
                continue
            elif native is not None:
                value = Decimal(native[0])
                if st.coef is not None or (st.place is not None and value >= st.place):
                    break
                st.coef, prev, p = _coef(value), "digit", native[1]
                hangul += native[1] - q
            else:
                break
            atoms += 1
            end = p
        if atoms == 0:
            return None
        if (not expr and st.top is not None and st.myriad >= _JO and st.group[0] + (st.coef[0] if st.coef is not None else ZERO) >= _SKIPPED
                and s[end - 1] not in MYRIADS and not _MYRIAD_NEXT.match(s, end)):
            st.close_group(_EOK)  # 4조8231원, 2조5천562원: the 억 the writer dropped (no count of won runs so
            # precise under 조; a group of 만 would say 만)
        low, high, precision = st.finish()
    finally:
        setcontext(saved)
    return Number(i, end, low, high, precision, vague, approx, st.top, arabic, hangul)


_RUN = frozenset("0123456789,.") | NUMERAL_CHARS
# what may follow digits and make more of the number: a place or myriad word, a gap, 여
_GOES_ON = frozenset(SMALL_UNITS) | frozenset(MYRIADS) | frozenset(" \n" + APPROX_INFIX)
# what may follow a myriad word and make more of the number (1억5000만, 1억 5천만, 억오천): any
# digit, numeral, point, gap or 여 sends the scan the long way
_GOES_ON_AFTER_MYRIAD = _RUN | DECIMAL_POINTS | frozenset(" \n\t" + APPROX_INFIX) | frozenset("".join(VAGUE))


_GROUP = Decimal(10_000)
_JO = 12  # the exponent of 조
_EOK = 8  # of 억
_SKIPPED = Decimal(1000)  # a last group this large under 조 skips the 억 and 만 it must have had
_MYRIAD_NEXT = re.compile("[" + APPROX_INFIX + r" ]{1,3}[" + "".join(MYRIADS) + "]")  # 1조 3천여 억원: read on by another reader


def _malformed(s: str, i: int, q: int) -> Number:
    """A number a typo broke (29억7,085억원, 2조5000천억원), to the end of its run of
    digits and numerals: no part of it is read as an amount."""
    end = q
    while end < len(s) and s[end] in _RUN:
        end += 1
    return Number(i, end, ZERO, ZERO, ONE, malformed=True)


# ------------------------------------------------------------------ whole expressions

_MINUS = tuple(sorted(WORDS["minus"], key=longest_first))
_FRACTION = re.compile(r"\s*" + WORDS["fraction"] + r"\s*")
_CONJUNCTION = re.compile(r"(?<=\S)(?:" + "|".join(WORDS["conjunction"]) + r")(?:\s+|$)")
_ORDINAL = re.compile(r"\s*(?:" + "|".join(WORDS["ordinal_suffix"]) + r")$")
_OF_WHICH = re.compile(r"^(\S+)\s*" + WORDS["of_which"] + r"\s+(\S+)$")
_SLASH = re.compile(r"^(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)$")
_POWER = re.compile(r"^(\d+(?:\.\d+)?)\^([+-]*)(\d+)$")
_SCIENTIFIC = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")


def parse_number(expr: str) -> Decimal:
    """Read one standalone number expression.

    >>> parse_number("1,234,567"), parse_number("일점이삼"), parse_number("마이너스 3")
    (Decimal('1234567'), Decimal('1.23'), Decimal('-3'))
    >>> parse_number("스물"), parse_number("143조9000억")
    (Decimal('20'), Decimal('143900000000000'))

    :param expr: the expression; surrounding whitespace is ignored.
    :raise ParseError: when ``expr`` is not one number; the message names the position.
    """
    if not isinstance(expr, str):
        raise ParseError(f"cannot read a {type(expr).__name__} at position 0: expected a string", "", 0)
    text = normalize(expr).strip()
    if not text:
        raise _fail(text, 0, "empty expression")
    with localcontext(ARITHMETIC):
        try:
            return _expression(text, text, 0)
        except DecimalException as exc:  # an exponent or power beyond what a number can be
            raise _fail(text, 0, f"number out of range ({type(exc).__name__})") from exc


def _fail(whole: str, at: int, what: str) -> ParseError:
    shown = whole[at : at + 12]
    return ParseError(
        f"cannot read {whole!r} at position {at} ({shown!r}): {what}; expected digits "
        "(1,234.5), Korean numerals (삼천억, 1조 2천억), a fraction (삼분의 일) or a sign (마이너스)",
        whole,
        at,
    )


def _expression(s: str, whole: str, offset: int) -> Decimal:
    s = _ORDINAL.sub("", s)
    if (m := _OF_WHICH.match(s)) is not None:  # 셋 중 하나 = 1/3
        return _divide(_term(m.group(2), whole, offset + m.start(2)), _term(m.group(1), whole, offset), whole, offset)
    parts = _CONJUNCTION.split(s)
    if len(parts) > 1:
        total, at = ZERO, offset
        for part in parts:
            total += _term(part.strip(), whole, at)
            at += len(part) + 1
        return total
    return _term(s, whole, offset)


def _divide(numerator: Decimal, denominator: Decimal, whole: str, offset: int) -> Decimal:
    if denominator == 0:
        raise _fail(whole, offset, "a fraction with denominator zero")
    with localcontext(_DIVISION):
        return numerator / denominator


def _term(s: str, whole: str, offset: int) -> Decimal:
    if not s:
        raise _fail(whole, offset, "missing number")
    for word in _MINUS:
        if s.startswith(word):
            return -_term(s[len(word) :].lstrip(), whole, offset + len(word))
    if s[0] == "-":
        return -_term(s[1:].lstrip(), whole, offset + 1)
    if s[0] == "+":
        return _term(s[1:].lstrip(), whole, offset + 1)
    if (m := _FRACTION.search(s)) is not None:  # 삼분의 일: denominator first
        return _divide(_term(s[m.end() :], whole, offset + m.end()), _term(s[: m.start()], whole, offset), whole, offset)
    if (m := _SLASH.match(s)) is not None:
        whole_part = Decimal(m.group(1) or 0)
        return whole_part + _divide(Decimal(m.group(2)), Decimal(m.group(3)), whole, offset)
    if (m := _POWER.match(s)) is not None:
        exponent = int(m.group(3)) * (-1 if m.group(2).count("-") % 2 else 1)
        try:
            value = Decimal(m.group(1)) ** exponent
        except (InvalidOperation, DivisionByZero, Overflow, ZeroDivisionError) as exc:
            raise _fail(whole, offset, "power out of range") from exc
        if not value.is_finite():  # 0 to a negative power
            raise _fail(whole, offset, "zero to a negative power has no value")
        return value
    if _SCIENTIFIC.match(s):
        value = Decimal(s)
        if not value.is_finite() or abs(value.adjusted()) > 1000:
            raise _fail(whole, offset, "exponent out of range")
        return value
    if s in STANDALONE:
        return STANDALONE[s]
    number = scan_number(s, 0, expr=True)
    if number is None:
        raise _fail(whole, offset, "not a number")
    if number.end != len(s):
        at = number.end + len(s[number.end :]) - len(s[number.end :].lstrip())
        raise _fail(whole, offset + at, "unexpected text after the number")
    if number.vague:
        raise _fail(whole, offset, "a vague amount (수십, 몇백) has no single value")
    return number.value


def unmistakable(s: str, n: Number) -> bool:
    """Is the number at ``n`` one that can be nothing but a number: a myriad word (만불, 3억),
    a Sino place word (십불), a thousands separator or decimal point, or three or more digits?"""
    if n.top_myriad is not None:
        return True
    text = s[n.start : n.end]
    if any(ch in SMALL_UNITS or ch in "점쩜,." for ch in text):
        return True
    return sum(ch.isdigit() for ch in text) >= 3
