"""Reading an amount at a spotted position: a number and the currency written with it.

The rules, in the order they are tried (the first that reads something wins):

* ``prefix_symbol`` / ``prefix_code``: a symbol or code before the number ($13 billion,
  US$1.5bn, ₩18조, EUR 20, £2m);
* ``suffix_word``: a currency word after the number (130억 달러, 50센트, 3億弗, 25¢),
  possibly in quotes (100「달러」) and across a gap ("300만\\n\\n원");
* ``range``: a number without a currency before a range mark borrows the currency, and
  the myriad, of the number after it (100억~200억 달러, 1~2조 원);
(A bare myriad amount that the text makes won, 매출 270조, is read by
:mod:`units.extraction.implied`.)

A minor unit after the main one joins it (``subunit_compound``: 1달러 20센트, 913원42전).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, localcontext

from units.currencies import is_hangul
from units.decimals import minor_digits
from units.extraction.grammar import costing, hangul_run_end, run_on, run_on_act, short_from, word_end
from units.extraction.figure import Candidate, Rejection
from units.extraction.scan import Scan
from units.lexicon import CurrencyWord, currency_overrides, load_table, numerals, qualifiers
from units.numerals import ARITHMETIC, MYRIADS, Number, grouped_start, scan_number, unmistakable, written_precision
from units.text import gap_end, longest_first

__all__ = ["HANGUL_MAGNITUDE_FIRSTS", "read", "read_amount", "read_suffixed", "draft", "english_groups", "range_link", "from_to_range", "range_tail",
           "prefixed_tail", "between_tail", "RANGE_LINKS", "DASH_LINKS", "after_change_word",
           "english_magnitude_words"]

_N = numerals()
_MAGNITUDES = {k.lower(): v for k, v in _N["english_magnitudes"].items()}
_LETTERS = {**{k.lower(): v for k, v in _N["english_magnitude_letters"].items()}, **_N["english_magnitude_letters"]}
_APPROX_INFIX = _N["words"]["approx_infix"]
_MAGNITUDE = re.compile(
    r"[ \n-]?(" + "|".join(sorted(map(re.escape, _MAGNITUDES), key=longest_first))
    + r")(?![A-Za-z\u00c0-\u024f])",  # (not the K of 100Kč)
    re.IGNORECASE,
)
HANGUL_MAGNITUDE_FIRSTS = frozenset(w[0] for w in _MAGNITUDES if not w.isascii())  # 밀리언, 빌리언: 밀, 빌, 트
# magnitudes read only after a currency's sign or code (KRW 45.02tr), as "tr" after a bare
# number is as often the Vietnamese triệu (a million: 50tr VND)
_MAGNITUDES_SIGNED = _N["english_magnitudes_signed"]
_SIGNED_ONLY = re.compile(r" ?(" + "|".join(map(re.escape, _MAGNITUDES_SIGNED)) + r")(?![A-Za-z])")
RANGE_MARKS = frozenset("~-")
QUOTES = {"「": "」", "『": "』", '"': '"', "'": "'", "“": "”", "‘": "’", "〈": "〉", "《": "》", "<": ">"}
ONE = Decimal(1)

_SPOKEN = currency_overrides()["spoken"]
_FROM_TO = {key: tuple(words) if isinstance(words, list) else words for key, words in qualifiers()["from_to"].items()}
_WON_AFTER = re.compile(r"\s?(?:(?:" + "|".join(map(re.escape, _FROM_TO["cues"])) + r")\s?)*(?:[0-9][0-9,.]*\s?(?:[십백천만억조]\s?)*)+원")


def read(scan: Scan, i: int) -> Candidate | Rejection | None:
    """The amount starting at ``s[i]``, None when there is none, or a :class:`Rejection`
    when a typo broke the number there (29억7,085억원: no part of it is an amount)."""
    s = scan.s
    if i >= 2 and s[i - 1] == "-" and s[i - 2].isascii() and s[i - 2].isalpha():
        return None  # one-thousand-862-point-one trillion won: the rest of a number spelled in words
    start, prefix = i, None
    if not (i < len(s) and "0" <= s[i] <= "9"):  # (no sign or code starts with a digit)
        prefix = (i and s[i - 1] == "(" and _bracketed_sign(scan, i)) or scan.currencies.prefix(s, i)
    elif i and s[i - 1] == ")":  # (Won)5,000: the sign in brackets right before the number
        start = s.rfind("(", max(0, i - _BRACKETED_SIGN), i) + 1
        prefix = _bracketed_sign(scan, start)
    if prefix is not None:
        found = _prefixed(scan, start, *prefix)
        if found is not None:
            return found
    number = scan.written(i)
    if number is None:
        return None
    if number.end < len(s) and s[number.end] == "," and _GLUED_YEAR.match(s, i, number.end + 5) is not None:
        return read(scan, i + 4)  # 2016755,317억원: a year's cell glued to the amount of its row (2016 | 755,317억원)
    if number.malformed:
        return Rejection(number.start, _malformed_end(scan, number), "malformed_number",
                         f"{scan.s[number.start:number.end]} is not a well-formed number (a typo?): no reading is safe")
    found = read_suffixed(scan, number)
    if found is not None:
        if i >= 2 and s[i - 1] == " " and "0" <= s[i - 2] <= "9" and (whole := grouped_start(s, i)) is not None:
            return read(scan, whole)  # 9 957 cents: the spot found the last group of a number grouped with spaces
        return found
    if number.top_myriad is not None and s.startswith("(", number.end) and (found := _won_between(scan, number)):
        return found  # 4년 8000만(930억원) 달러
    return _range(scan, number)


# (one class, possessive and bounded: a run of digits and no 원 fails in one pass; the fuzzer found
# the nested repetition this replaced exponential on "(111…1x")
_WON_BRACKET = re.compile(r"\((?:약|한화|우리 ?돈|원화)? ?[0-9][0-9천백십만억조,. ]{0,24}+원\) ?")


def _won_between(scan: Scan, number: Number) -> Candidate | None:
    """An amount whose won is written in brackets before its own currency, as sports pages
    write contracts (4년 8000만(930억원) 달러에 계약): the amount in the currency after the
    bracket, its span the number alone (the won in the bracket is a figure of its own)."""
    s = scan.s
    bracket = _WON_BRACKET.match(s, number.end)
    if bracket is None:
        return None
    k = bracket.end()
    for word, cur_end in scan.currencies.matches(s, k):
        if (word.kind != "name" or word.strength not in ("strong", "contextual") or "KRW" in word.candidates
                or word_end(s, _SPOKEN.get(word.name[-1], word.name[-1]), cur_end, number.start) is None):
            continue
        return draft(number.start, number.end, number, number, word, word.code, ONE, "won_in_brackets_before_currency",
                     word_start=k, word_end=cur_end)
    return None


_GLUED_YEAR = re.compile(r"(?:19|20)\d\d[1-9]\d{0,2},\d{3}(?!\d)")
_DECIMAL_COMMA = re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})*),(?P<frac>[0-9]{1,2})(?![0-9]|[,.][0-9])")


def _decimal_comma(s: str, number: Number) -> Number | None:
    """The number at ``number.start`` read with a decimal comma, as Europe and Brazil write
    prices after their sign, where the scanner stopped at the comma (4,50; 1.234,56)."""
    m = _DECIMAL_COMMA.match(s, number.start)
    if m is None or m.end() <= number.end:
        return None
    value = Decimal(m.group("int").replace(".", "") + "." + m.group("frac"))
    return Number(number.start, m.end(), value, value, ONE.scaleb(-len(m.group("frac"))), arabic=True)


def _bracketed_sign(scan: Scan, i: int) -> tuple[CurrencyWord, int] | None:
    """The sign or code a filing writes in brackets at ``i``, right before a number: par
    value (Won)5,000 per share, (KRW)1,000."""
    s = scan.s
    if i <= 0 or s[i - 1] != "(" or (k := s.find(")", i, i + _BRACKETED_SIGN)) < 0 or not (
            k + 1 < len(s) and "0" <= s[k + 1] <= "9"):
        return None  # (most brackets hold no sign before a number: 아마존(AWS)을)
    return next(((w, end) for w, end in scan.currencies.matches(s, i) if end == k), None)


def read_amount(scan: Scan, i: int) -> Candidate | None:
    """The amount starting at ``s[i]``, or None (a malformed number is none either)."""
    found = read(scan, i)
    return found if found.__class__ is Candidate else None  # type: ignore[return-value]


def draft(start: int, end: int, low: Number, high: Number, word: CurrencyWord | None, code: str, scale: Decimal,
          rule: str, *, word_start: int = -1, word_end: int = -1, basis: str = "written") -> Candidate:
    mul = ARITHMETIC.multiply  # (the context's own method: entering a local context costs more than the products)
    lo, hi, precision = mul(low.low, scale), mul(high.high, scale), mul(min(low.precision, high.precision), scale)
    # (the fields in their order, as keywords cost twice as much at every candidate read)
    if low.vague or high.vague:
        return Candidate(start, end, lo, hi, precision, code, low, word, word_start, word_end, False, "vague", "vague",
                         scale, basis, (rule,))
    return Candidate(start, end, lo, hi, precision, code, low, word, word_start, word_end, True, None, "amount",
                     scale, basis, (rule,))


def english_magnitude_words() -> dict[str, int]:
    """The English magnitude words, lower case, and their powers of ten (crore: 7)."""
    return _MAGNITUDES


def english_magnitude(s: str, i: int) -> tuple[int, Decimal]:
    """The English magnitude word after a number ending at ``i`` (194.7 billion): where it
    ends and its scale (``i`` and 1 when there is none)."""
    return _magnitude(s, i, letters=False)


def _magnitude(s: str, i: int, *, letters: bool) -> tuple[int, Decimal]:
    """An English magnitude after the number: "13 billion", "1.5bn"; after a symbol also
    a glued letter: "$13B", "£2m"."""
    if i >= len(s):
        return i, ONE
    first = s[i + 1] if s[i] in " -\n" and i + 1 < len(s) else s[i]  # (US$42.6⏎million: a wire wraps its line)
    if not (first.isascii() and first.isalpha()) and first not in HANGUL_MAGNITUDE_FIRSTS:
        return i, ONE  # (after most numbers a Korean word follows: no English magnitude to look for)
    m = _MAGNITUDE.match(s, i)
    if m is not None:
        return m.end(), ONE.scaleb(_MAGNITUDES[m.group(1).lower()])
    if letters and i < len(s) and s[i] in _LETTERS and not (i + 1 < len(s) and s[i + 1].isascii() and s[i + 1].isalpha()):
        return i + 1, ONE.scaleb(_LETTERS[s[i]])
    if (letters and s.startswith(" ", i) and i + 1 < len(s) and s[i + 1] in _LETTERS
            and not (i + 2 < len(s) and (s[i + 2].isalnum() or s[i + 2] in "-&'"))):
        return i + 2, ONE.scaleb(_LETTERS[s[i + 1]])  # KRW 9.8 T, ₩61.6 t, as IR slides abbreviate (not $5 T-shirts)
    return i, ONE


def _glued_letter(scan: Scan, i: int) -> tuple[int, Decimal] | None:
    """A magnitude letter glued to the number when a currency word follows it (2.2m won,
    30k KRW, 2m 파운드), or None: 2.2m alone is a length."""
    s = scan.s
    if i >= len(s) or s[i] not in _LETTERS:
        return None
    end, scale = _magnitude(s, i, letters=True)
    if scale == ONE or end == i or not s.startswith(" ", end):
        return None
    return (end, scale) if any(w.name.isascii() and w.name.isalpha() or w.kind == "name" and is_hangul(w.name[0])
                               for w, _ in scan.currencies.matches(s, end + 1)) else None  # (2m 파운드: a football page)


def _malformed_end(scan: Scan, number: Number) -> int:
    """Where a malformed amount ends: its currency word, and the hundredths written after it
    (83억1612억9088루블 32코페이카: the kopecks are part of the sum no reading is safe for)."""
    s, end = scan.s, number.end
    k = end + s.startswith(" ", end)
    word = next(((w, e) for w, e in scan.currencies.matches(s, k) if w.kind != "subunit"), None)
    if word is None:
        return end
    end = word[1]
    if s.startswith(" ", end) and (cents := scan.number(end + 1)) is not None:
        sub = next((e for w, e in scan.currencies.matches(s, cents.end)
                    if w.kind == "subunit" and set(w.joins) & set(word[0].candidates)), None)
        end = sub if sub is not None else end
    return end


def english_groups(scan: Scan, number: Number, end: int, scale: Decimal) -> tuple[Number, int, Decimal]:
    """A magnitude followed by a smaller one, as English calques Korean 조 and 억: "1
    trillion 500 billion won" is 1.5 trillion, "6 trillion 14.5 billion won" 6,014.5
    billion. Returns the whole as one number (scale 1), or the first group as it was."""
    s = scan.s
    if not s.startswith(" ", end):
        return number, end, scale
    second = scan.number(end + 1)
    if second is None or second.top_myriad is not None or not second.arabic or second.vague:
        return number, end, scale
    stop, smaller = _magnitude(s, second.end, letters=False)
    if scale == _THOUSAND and smaller == ONE and second.low < scale and second.low == second.high:
        with localcontext(ARITHMETIC):  # 5 thousand 300 dollars: 5,300, as Korean writes 5천300
            low = number.low * scale + second.low
            precision = min(number.precision * scale, second.precision)
        return Number(number.start, second.end, low, low, precision, arabic=True), stop, ONE
    if scale == _THOUSAND and smaller > scale and second.low < scale:
        # 14 thousand 500 billion rupees: a count of thousands and units of the larger magnitude
        # after it, as translations from Urdu and Korean write 14,500 billion (not 500 billion)
        with localcontext(ARITHMETIC):
            low = (number.low * scale + second.low) * smaller
            precision = min(number.precision * scale, second.precision) * smaller
        return Number(number.start, second.end, low, low, precision, arabic=True), stop, ONE
    if smaller == ONE or smaller >= scale or second.low * smaller >= scale:
        return number, end, scale
    with localcontext(ARITHMETIC):
        low = number.low * scale + second.low * smaller
        precision = min(number.precision * scale, second.precision * smaller)
    return Number(number.start, second.end, low, low, precision, arabic=True), stop, ONE


_THOUSAND = Decimal(1000)
_RANGE_DASHES = frozenset("-~–")
_RANGE_SCALED = re.compile(r"\d{1,4}(?:\.\d+)?")  # (the second number of a range whose magnitude follows it)
_CODE_AFTER = re.compile(r" ?([A-Z]{3})(?![A-Za-z])")
# after a weak sign's bare number, the unit an exchange rate is quoted for: W924 to 100 yen,
# W950/$1 (the rate stages read it as a level, never money)
_RATE_UNIT_AFTER = re.compile(r"/\$1(?!\d)| (?:to|per|against) (?:the |one |a |1 |100 )?(?:dollar|yen|euro|greenback|US\$1|\$1)(?![A-Za-z\d])")
_CODE_BEFORE = re.compile(r"([A-Z]{3}) ")
# the currencies a sign is written for, which a code after the amount names ($670 AUD)
_SIGN_CODES = {sign: frozenset(codes) for sign, codes in currency_overrides()["sign_codes"].items()}
_THOUSANDS_SIGNS = frozenset(currency_overrides()["weak_signs"]["thousands"])  # KW8,055, as W10,000
_SPACED_SIGNS = frozenset(currency_overrides()["weak_signs"]["thousands_spaced"])  # Won 5,000 per share
_BRACKETED_SIGN = 6  # characters back from a number to the bracket a sign before it opens: (Won)5,000, (US$)1.5


def _prefixed(scan: Scan, i: int, word: CurrencyWord, after: int) -> Candidate | None:
    s = scan.s
    if i and word.name[0].isalpha() and s[i - 1].isascii() and s[i - 1].isalpha():
        return None  # the end of another word or sign (AR$ 5 holds R$ 5)
    if after < len(s) and s[after] == ")" and i and s[i - 1] == "(":
        i, j = i - 1, after + 1  # a filing's sign in brackets right before the number: par value (Won)5,000 per share
        after = j
    else:
        j = after + 1 if after < len(s) and s[after] in " \n" else after  # (KRW⏎6.7 trillion: a wrapped line, below)
        if j < len(s) and s[j] == " " and word.kind == "symbol" and j + 1 < len(s) and "0" <= s[j + 1] <= "9":
            j += 1  # =  ₩  1,500,000: a sign spaced out to its column
    number = scan.number(j)
    if number is None and word.kind == "symbol" and (m := _CENTS_ONLY.match(s, j)) is not None:
        cents = Decimal(m.group())  # $.80 USD: cents, the dollars' 0 left out
        number = Number(j, m.end(), cents, cents, ONE.scaleb(-len(m.group(1))), arabic=True)
    if number is None or number.vague:
        return None
    if (number.top_myriad == 4 and number.end >= 2 and s[number.end - 2] == " " and s[number.end - 1] == "만"
            and (k := number.end + s.startswith(" ", number.end)) < len(s) and is_hangul(s[k])
            and not scan.currencies.matches(s, k) and (digits := scan_number(s[number.start : number.end - 2], 0)) is not None):
        # $1 만 내면: the particle 만 (only) before a word, not ten thousand (but $3 만 달러, $5 万 ·); the digits
        # read alone, then placed (a copy of the text before them would cost each such amount the text's length)
        number = replace(digits, start=number.start, end=number.start + digits.end)
    if word.code != "KRW" and number.end < len(s) and s[number.end] == "," and (
            comma := _decimal_comma(s, number)) is not None:
        number = comma  # R$ 4,50, € 1.234,56: a price with a decimal comma, not 4 cut at its comma
    end, scale = number.end, ONE
    if number.top_myriad is None:
        end, scale = _magnitude(s, number.end, letters=True)
        if scale == ONE and word.code != "VND" and (m := _SIGNED_ONLY.match(s, number.end)) is not None:
            end, scale = m.end(), ONE.scaleb(_MAGNITUDES_SIGNED[m.group(1)])  # KRW 45.02tr: after a sign or code only
    magnified = scale != ONE or (number.top_myriad is None and end < len(s) and s[end] in _RANGE_DASHES
                                 and (m := _RANGE_SCALED.match(s, end + 1)) is not None
                                 and _MAGNITUDE.match(s, m.end()) is not None)  # W2.4-3 bn: a range's magnitude
    if not magnified and s[after : after + 1] == "\n":
        return None  # a sign or code alone on its line counts for the amount below only before a magnitude
        # (sales of KRW⏎6.7 trillion, as a PDF wraps it; never USD⏎1,380.50, a table's code and its rate)
    if magnified:
        number, end, scale = english_groups(scan, number, end, scale)  # Rs 5 billion 40 crore, as after the number
    if (word.strength == "weak" or word.kind == "english") and (
            (not magnified and ("," not in s[number.start : number.end] or len(word.name) > 1
                               and (word.name not in _THOUSANDS_SIGNS or j != after) and word.name not in _SPACED_SIGNS)
             and not (word.kind == "symbol" and _RATE_UNIT_AFTER.match(s, end))) or (i and s[i - 1].isalnum())):
        return None  # a weak sign (W, \) counts only as its own word before a magnitude or thousands: W1.5 trillion,
        # \4,169,000; a sign of letters (Wn, Eu) only before a magnitude: Eu453m
    rule = "prefix_symbol" if word.kind == "symbol" else "prefix_code"
    code = word.code
    if (signed := _SIGN_CODES.get(word.name)) and (m := _CODE_AFTER.match(s, end)) is not None and m.group(1) in signed:
        code, end, rule = m.group(1), m.end(), "prefix_symbol_code"  # $670 AUD, $357 CAD: the code names the dollar
    elif (signed and i >= 4 and (m := _CODE_BEFORE.match(s, i - 4)) is not None and m.group(1) in signed
          and not (i >= 5 and s[i - 5].isalnum()) and (scan.last is None or scan.last.end <= i - 4)):
        code, i, rule = m.group(1), i - 4, "prefix_symbol_code"  # AUD $24: the code before the sign names it
    if (k := end + (s.startswith(" ", end))) < len(s) and is_hangul(s[k]) and (
            after := scan.currencies.matches(s, k)):
        named = [cur_end for w, cur_end in after
                 if (word.code in w.candidates or code in w.candidates or word.name.endswith("$") and "USD" in w.candidates)
                 and word_end(s, _SPOKEN.get(w.name[-1], w.name[-1]), cur_end, number.start) is not None]
        # $21호주달러, $9 호주달러: the sign's dollar named after it, one amount in that dollar
        own = [(cur_end, dollar) for w, cur_end in after if rule == "prefix_symbol"
               and (dollar := _named_dollar(s, word, w, cur_end, number.start)) is not None and dollar != code]
        if own and not named:
            (end, code), rule = max(own), "prefix_symbol_code"
        elif named and (k == end or word.name.isalpha()):
            end = max(named)  # $400불, A$1,360억불, AUD 635 달러: the currency named twice, one amount
        elif word.name.isalpha() and not named:
            return None  # SDR 0.7억달러: a row's label, then an amount in its own currency
    return draft(i, end, number, number, word, code, scale, rule, word_start=i, word_end=end)


def _named_dollar(s: str, sign: CurrencyWord, w: CurrencyWord, end: int, start: int) -> str | None:
    """The one currency the word ``w`` (ending at ``end``) names after an amount written with
    ``sign``, when the sign is written for it and the word stands as a word: $21호주달러 (AUD)."""
    signed = _SIGN_CODES.get(sign.name)
    if (signed and len(w.candidates) == 1 and w.candidates[0] in signed
            and word_end(s, _SPOKEN.get(w.name[-1], w.name[-1]), end, start) is not None):
        return w.candidates[0]
    return None


_CENTS_ONLY = re.compile(r"\.([0-9]{2})(?![0-9.,])")
_UNIT_CELL = re.compile(r"\|[ \t]*(?=[^\s|])")
_CELL_END = re.compile(r"[ \t]*(?:\||\n|$)")
_POINT_THOUSAND = re.compile(r"[1-9][0-9]{0,2}\.000")
_POINT_GROUP = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # an English page's 57.300 won (Korean 9.123원 may be a rate)
_THOUSAND = Decimal(1000)


def _thousand(number: Number) -> Number:
    """9.000 read as nine thousand."""
    value = number.low * _THOUSAND
    return Number(number.start, number.end, value, value, _THOUSAND, approx=number.approx, arabic=number.arabic)


_MOVED = re.compile(r"(?:으로|로)?[^.\n]{0,12}?(?:" + "|".join(map(re.escape, _FROM_TO["moved"])) + ")")
_WON_AND_JEON = re.compile(r"\d원 ?\d{1,2}전")  # 1원 50전: a page that prices in the won's hundredths
_GAMES_AFTER = re.compile(r" ?\d+ ?[승패무]")
_JEON_TOLD = re.compile(r"권(?![리한역])|짜리|(?:(?:, ?|과 |와 | 및 )\d{1,2}전)*(?:, ?|과 |와 | 및 )[1-9]\d{0,2}원|"
                        r"\((?P<won>0\.\d\d?)원\)")
_WON_DIGITS = re.compile(r"\d ?원")
_RATE_TALK = tuple(load_table("quotes.toml")["words"]["rate"])  # a page about exchange rates


def _bare_hundredth(scan: Scan, number: Number, end: int) -> bool:
    """Is ``number`` followed by 전 at ``end`` the won's hundredths standing alone, as old
    price lists write them beside 1원 50전 (2등 80전, 3등 40전)? Only a plain number below
    100 with no word after it, on a page that writes won and 전 together."""
    s = scan.s
    if not number.arabic or number.top_myriad is not None or not 0 < number.low < 100 or _GAMES_AFTER.match(s, end):
        return False  # (3전 3승: games played)
    if (m := _JEON_TOLD.match(s, end)) is not None:
        # 10전권과 50전권, 50전짜리 넥타이 (a note, a price); 10전, 50전, 1원 (a list of the won's
        # denominations); 35전(0.35원) (the sum restated in won)
        if m.group("won") is not None:
            return Decimal(m.group("won")) * 100 == number.low
        return m.end() - end > 2 or _WON_DIGITS.search(s) is not None  # (a note, a price: on a page that prices in 원)
    if end < len(s) and is_hangul(s[end]):
        return False
    priced = scan.found.get("won_and_jeon")
    if priced is None:
        priced = scan.found["won_and_jeon"] = ("전" in s and not any(w in s for w in _RATE_TALK)
                                               and _WON_AND_JEON.search(s) is not None)
        # (not on a page about exchange rates: there 62전 높게 is the rate's move)
    return priced


_UNIT_SCALE = re.compile(r"(?:m|mn|bn|k|M|MM|000)(?![A-Za-z0-9])")  # £m, $bn, €000: the unit of a column


def read_suffixed(scan: Scan, number: Number, *, tail: bool = False) -> Candidate | None:
    """A number followed by its currency word; ``tail`` reads the second half of a range."""
    s = scan.s
    end, scale = number.end, ONE
    if number.top_myriad is None and number.arabic:
        end, scale = _magnitude(s, number.end, letters=False)
        if scale == ONE and end < len(s) and s[end] in _LETTERS and (glued := _glued_letter(scan, end)) is not None:
            end, scale = glued  # 2.2m won, 2.2m KRW: a letter, then the currency in English
        if scale != ONE:
            number, end, scale = english_groups(scan, number, end, scale)
        if (scale != ONE and s.startswith(". ", end) and len(s[number.end : end].strip(" -")) <= 4
                and scan.currencies.matches(s, end + 2)):
            end += 1  # 261 Tril. Won: an abbreviation's point
    approx = number.approx
    if (s.startswith(_SPACED_APPROX, end) and number.top_myriad is None and end + 2 < len(s)
            and s[end + 2] in MYRIADS and scale == ONE):
        end += 1  # 3천 여억원: the 여 of 3천여 억원, a space before it
    if end < len(s) and s[end] == _APPROX_INFIX:  # 100억여 원, 1000여 달러
        end, approx = end + 1, True
        k = end + 1 if s.startswith(" ", end) else end
        if k < len(s) and s[k] in MYRIADS and MYRIADS[s[k]] > (number.top_myriad or 0) and scale == ONE:
            end, scale = k + 1, ONE.scaleb(MYRIADS[s[k]])  # 3천7백여 만원: about 3,700만
        elif k < len(s) and s[k] in MYRIADS and scale == ONE and (lower := _lower_group(number, MYRIADS[s[k]])):
            number, end = lower, k + 1  # 1조 3천여 억원: about 1조 3,000억
    elif (number.top_myriad is not None and s.startswith(_SPACED_APPROX, end) and s.startswith(" ", end + 2)
          and scale == ONE and scan.currencies.matches(s, end + 3)):
        end, approx = end + 2, True  # 8천억 여 엔: the 여 spaced out between the number and its currency
    gap = gap_end(s, end)
    cell = None
    if gap < len(s) and s[gap] == "|" and (cell := _UNIT_CELL.match(s, gap)) is not None:
        gap = cell.end()  # | 6,945,248,500 | 원 |: the unit alone in the next cell
    hyphen = gap == end and s.startswith("-", end) and end + 1 < len(s) and s[end + 1].isascii() and s[end + 1].isalpha()
    if hyphen:
        gap = end + 1  # 609 bln-won, a 10,000-won note, the 1,320-won level: a compound adjective
    close = QUOTES.get(s[gap]) if gap < len(s) else None
    at = gap + 1 if close else gap
    matches = scan.currencies.matches(s, at)
    for word, cur_end in matches:
        if word.compound_only and not (gap == end and scale == ONE and _bare_hundredth(scan, number, cur_end)):
            continue
        if word.kind == "subunit" and word.name.isascii() and scale != ONE:
            continue
        if word.strength == "weak" and s.find("\n", end, at) >= 0:
            continue  # 54.31⏎⏎한화 1,717: the next row's name (Hanwha), not the won
        if hyphen and scale == ONE and word.kind != "english":
            continue  # 10-K, 3-D: only an English currency word makes a compound with a bare number
        if word.kind == "symbol" and cur_end < len(s) and not close and (
                s[cur_end].isdigit() or s[cur_end] == " " and s[cur_end + 1 : cur_end + 2].isdigit() and gap > end):
            continue  # 번호판 만 £460,000, 17 ₩ 8,356,560: the sign of the next amount, not a sign after this number
        if word.kind == "symbol" and _UNIT_SCALE.match(s, cur_end) is not None:
            continue  # 2025 £m 2024 £m: a column's unit after its year, not a sign after an amount
        if word.strength == "weak" and word.kind == "symbol" and (word.name.isalpha() or scale == ONE and not any(
                ch in ",." for ch in s[number.start : number.end])):
            continue  # 1,500W is watts; C:\2024\file: a weak sign after a number only with separators (1,143\)
        if word.kind == "english" and word.strength != "strong" and s.startswith("-", cur_end) and s[cur_end + 1 : cur_end + 2].isalpha():
            continue  # the March 6 Dong-a Ilbo: a name going on, not the dong
        if cell is not None and not _CELL_END.match(s, cur_end):
            continue  # (| 1,234 | 원화 예금 |: a label in the next cell, not its unit)
        form_end = cur_end
        if close:
            if not s.startswith(close, cur_end):
                continue
            form_end = cur_end + 1
        spoken = _SPOKEN.get(word.name[-1], word.name[-1])
        stop = word_end(s, spoken, form_end, number.start)
        if stop is None and (((number.top_myriad is not None or unmistakable(s, number))
                              and short_from(s, form_end, hangul_run_end(s, form_end)))
                             or run_on(s, number.start, gap, end, word.name, form_end)):
            stop = hangul_run_end(s, form_end)  # 1500만원서 무한대까지; 5조5억원포함 as old pages run words on
        if stop is None and word.name == "원" and costing(
                s, form_end, hangul_run_end(s, form_end), number.end, plain=unmistakable(s, number)):
            stop = hangul_run_end(s, form_end)  # 3600원하던 아메리카노
        if stop is None and word.kind != "subunit" and run_on_act(s, number.start, gap, end, form_end):
            stop = form_end  # 800원오른 3800원; 통행료 70밧포함; 1백50원내지 2백원: the act glued on, read apart
        if stop is None and not (word.kind != "subunit" and _subunit_after(scan, form_end, word.code)):
            continue  # the form was the start of a longer word (원칙, 유로존), not money
        stop = form_end if stop is None else stop
        if word.kind != "symbol" and s.startswith("화", form_end) and is_hangul(word.name[-1]):
            form_end += 1  # 루피화, 바트화: the currency's own name
        code, rule = word.code, "suffix_word" if not close else "quoted_word"
        if word.kind == "code" and scale == ONE and (after := _MAGNITUDE.match(s, form_end)):
            scale, form_end = ONE.scaleb(_MAGNITUDES[after.group(1).lower()]), after.end()  # 1322KRW tn
            stop = form_end
        if scale == ONE and s.startswith(".", number.end - 4) and minor_digits(code) == 0 and (
                _POINT_THOUSAND.fullmatch(s, number.start, number.end)
                or code == "KRW" and word.kind in ("english", "code") and _POINT_GROUP.fullmatch(s, number.start, number.end)):
            number = _thousand(number)  # 9.000원, 50.000won, 57.300 won: thousands, as the point is written there; no won has decimals
        c = draft(number.start, form_end, number, number, word, code, scale * word.scale, rule,
                   word_start=gap, word_end=stop)
        if approx and c.qualifier is None:
            c = c.but("approx_infix", qualifier="approx")
        if word.kind != "subunit" and not tail:
            c = _compound(scan, c)
        return c
    if matches and scan.trace is not None:
        word, cur_end = matches[0]
        stop = hangul_run_end(s, cur_end)
        scan.trace.append(Rejection(number.start, cur_end, "word_boundary",
                                    f"{word.name} is only the start of the word {s[at:stop]}"))
    return None


_AND = " and "  # 10 dollars and 50 cents
_SPACED_APPROX = " " + _APPROX_INFIX  # 3천 여억원


def _lower_group(number: Number, exponent: int) -> Number | None:
    """A number whose last group, written without its myriad word, takes the one after 여
    (1조 3천여 억원: 1조 and 3,000억), when that myriad is below every one the number wrote."""
    if number.top_myriad is None or number.vague or exponent >= number.top_myriad:
        return None
    with localcontext(ARITHMETIC):
        rest = number.low % 10000
        head = number.low - rest
        if rest == 0 or head % Decimal(10) ** (exponent + 4):
            return None
        low = head + rest.scaleb(exponent)
        precision = written_precision(rest).scaleb(exponent)
    return Number(number.start, number.end, low, low, precision, approx=True, top_myriad=number.top_myriad,
                  arabic=number.arabic, hangul=number.hangul)


def _subunit_after(scan: Scan, end: int, code: str) -> tuple[Number, CurrencyWord, int, int] | None:
    """The subunit amount right after a main unit's (1달러 20센트, 10 dollars and 50 cents):
    its number, word, end and the end of its word."""
    s = scan.s
    english_and = s.startswith(_AND, end)
    j = end + len(_AND) if english_and else end + 1 if end < len(s) and s[end] in " \n" else end  # 1백62원⏎28전: print wraps
    if j >= len(s) or not (s[j].isdigit() or is_hangul(s[j])):
        return None
    number = scan.number(j)
    if number is None or number.vague:
        return None
    k = number.end + 1 if number.end < len(s) and s[number.end] == " " else number.end
    for word, sub_end in scan.currencies.matches(s, k):
        if word.kind == "subunit" and code in word.joins and not (english_and and not word.name.isascii()):
            stop = word_end(s, word.name[-1], sub_end, number.start)
            if stop is not None:
                return number, word, sub_end, stop
    return None


def _compound(scan: Scan, c: Candidate) -> Candidate:
    """"1달러 20센트" = 1.20 USD; "913원42전" = 913.42 KRW."""
    if not c.exact or c.word_end != c.end:
        return c  # particles after the main unit end the amount (1달러를 20센트에)
    found = _subunit_after(scan, c.end, c.code)
    if found is None:
        return c
    number, sub, end, stop = found
    with localcontext(ARITHMETIC):
        low, high = c.low + number.low * sub.scale, c.high + number.low * sub.scale
        precision = min(c.precision, number.precision * sub.scale)
    return c.but("subunit_compound", low=low, high=high, precision=precision, end=end, word_end=stop)


FROM_MARKS = "~～"
_FROM_ROW = re.compile(r"[~～] ?[0-9][0-9,.]* ?[^\s0-9~～]{1,4}[~～](?=\s|$)")


def from_mark(s: str, end: int) -> bool:
    """Is the tilde right after an amount ending at ``end`` its "from" (1박 50,000원~,
    항공권 300,000원~ 500,000원~ 800,000원~: a row of starting prices), not a range's mark?
    It is when nothing numeric follows it, or when the next amount ends with one too."""
    if end >= len(s) or s[end] not in FROM_MARKS:
        return False
    j = end + 1
    while j < len(s) and s[j] in " \t\n":
        j += 1
    return j >= len(s) or not s[j].isdigit() and s[j] not in "$₩€£¥" or _FROM_ROW.match(s, end) is not None


def range_link(s: str, end: int) -> tuple[int, bool] | None:
    """Where a range's second number starts after its first ends at ``end`` (a mark, ~ or -,
    or the word 에서), and whether the word made the link (then what follows the second
    must say it is a range: :func:`from_to_range`)."""
    j = end + 1 if end < len(s) and s[end] == " " else end
    if j < len(s) and s[j] in RANGE_MARKS:
        k = j + 1
        k += k < len(s) and s[k] == " "
        k += k < len(s) and s[k] == "\n"  # 150 ~⏎600엔: a range a line wrapped
        return k, False
    if s.startswith(_FROM_TO["word"], end) and s.startswith(" ", end + len(_FROM_TO["word"])):
        return end + len(_FROM_TO["word"]) + 1, True
    if s.startswith(_OR_TO, j) and s.startswith(" ", j + len(_OR_TO)):
        return j + len(_OR_TO) + 1, False  # 8천만불 내지 9천만불: "to", as a mark joins them
    return None


_OR_TO = _FROM_TO["or_to"]


_UP_TO = _FROM_TO["up_to"]
_SPAN_PARTICLES = frozenset(_FROM_TO["span_particles"])
_BECOMES = re.compile(r" ?(?:" + "|".join(map(re.escape, _FROM_TO["becomes"])) + ")")
_BECAME = re.compile(r" ?(?:되었|됐)")  # (the past of 되다: a change that happened, not the span a sum comes to)
_SPREAD = re.compile(r" ?(?:" + "|".join(map(re.escape, _FROM_TO["spread"])) + ")")


_NOTE_REACH = 40  # characters a bracket's note after a span may hold
_BRACKET_PARTICLES = ("이", "가")


def from_to_range(s: str, tail: Candidate, bare: bool = False) -> bool:
    """After "A에서 B", does the text say B ends a range (가량, 사이, 정도, 선이다; the copula:
    13000원이다) rather than the end of a change (5억원으로 올랐다)? A first number written
    without the unit (250에서 300밧) shares it as a range does, so there a B that ends its
    clause (a line end, a comma) is a range too; a change always names where it went (으로)."""
    particle = s[tail.end : tail.word_end]
    if particle in _FROM_TO["copula"] or particle.startswith(_FROM_TO["after"]):
        return not (particle.endswith(_FROM_TO["restated"]) and _MOVED.match(s, tail.word_end, tail.word_end + 16)
                    or particle.endswith(_BRACKET_PARTICLES) and _BECAME.match(s, tail.word_end))
        # (1천5백원에서 1천8백원정도로 20% 올랐다: where it went; 2달러에서 5달러 정도로 이용: a span)
    if particle == "에" and s.startswith(_FROM_TO["reach"], tail.word_end):
        return True  # 4억에서 5억달러에 이를 것: the span the sum reaches
    if particle == _UP_TO and _SPREAD.match(s, tail.word_end):
        return True  # 150유로에서 400유로까지 다양합니다: the span prices vary over (not 5천원까지 올랐다)
    if particle in _SPAN_PARTICLES and not _MOVED.match(s, tail.word_end) and not _BECOMES.match(s, tail.word_end):
        return True  # 14만원에서 25만원이면, 150만 과라니에서 250만 과라니짜리 (not 1만원이 됐다)
    if particle in _FROM_TO["restated"] and tail.code != "KRW" and _WON_AFTER.match(s, tail.word_end):
        return True  # 150 스위스 프랑에서 250 스위스 프랑으로 약 22만 원에서 37만 원: the span, then the same in won
    if particle:
        return False
    j = tail.word_end + 1 if s.startswith(" ", tail.word_end) else tail.word_end
    if s.startswith(_FROM_TO["after"], j):
        k = next(j + len(w) for w in _FROM_TO["after"] if s.startswith(w, j))
        return not (s.startswith(_FROM_TO["restated"], k) and _MOVED.match(s, k)
                    or s.startswith(_BRACKET_PARTICLES, k) and _BECAME.match(s, k + 1))
        # (… 1천8백원 정도로 올랐다; 1백62원에서 1백86원선이 되었다: where it went, in the past; 3만원에서
        # 5만원 정도가 된다 is the span a cost comes to)
    bound = next((w for w in _FROM_TO["bounds"] if s.startswith(w, j)), None)
    if bound is not None:
        return not _MOVED.match(s, j + len(bound))  # 300만 원에서 500만 원 이상이 필요: the span, bounded (not … 이하 기업으로 확대)
    if j < len(s) and s[j] == "(" and (close := s.find(")", j, j + _NOTE_REACH)) > 0 and "%" not in s[j:close]:
        after = close + 1 + s.startswith(" ", close + 1)
        return not (s.startswith(_FROM_TO["restated"], after) or _MOVED.match(s, after)
                    or _BECOMES.match(s, after + s.startswith(_BRACKET_PARTICLES, after)))
        # 18불에서 25불 (1인), 20 만원에서 50 만원 (약 1 100 에서 2800 위안): a span and its note (not a change's
        # share: 6만원에서 5만5천원(8.3%); nor one going on to where it went: 447만9000원(3.3㎡=…)으로 4.8% 올랐다)
    return bare and (j == len(s) or s[j] in _FROM_TO["clause_end"])


def range_tail(scan: Scan, end: int, bare: bool = False) -> tuple[Number, Candidate] | None:
    """The second half of a range whose first ends at ``end``: its number and the exact
    amount it reads as (after the word 에서, only where the text says a range ends there;
    ``bare``: the first number was written without the unit)."""
    link = range_link(scan.s, end)
    if link is None:
        return None
    k, worded = link
    second = scan.number(k)
    if second is None:
        return None
    tail = read_suffixed(scan, second, tail=True)
    if tail is None or not tail.exact or (worded and not from_to_range(scan.s, tail, bare)):
        return None
    return second, tail


def prefixed_tail(scan: Scan, c: Candidate) -> tuple[int, Decimal, Decimal, Decimal, str] | None:
    """The second half of a range after an amount whose sign comes first ($10~20, $10~$20,
    €5-10, $1.5~2 billion, ₮80,000~100,000): where it ends, the range's bounds (the first
    read in the second's magnitude when only the second writes one), its precision and its
    currency (the sign's, or the one of its dollars named after the range: $10~15 호주달러)."""
    s = scan.s
    link = range_link(s, c.end)
    if link is None and s.startswith(_TO, c.end) and c.word.name.isascii() and not after_change_word(s, c.start):
        link = c.end + len(_TO), False  # US$11.2 to 11.5 billion: the magnitude is both numbers'
    if link is None or c.number.top_myriad is not None:
        return None
    k, worded = link
    sign = s[c.word_start : c.number.start].split()
    sign = sign[-1] if sign else ""  # (USD $40-$60: the sign, not the code before it)
    if sign and s.startswith(sign, k):
        k += len(sign)
        k += k < len(s) and s[k] == " "
    second = scan.number(k)
    if second is None or not second.arabic or second.top_myriad is not None or second.vague:
        return None
    end, scale = _magnitude(s, second.end, letters=True)
    first = c.scale
    if scale == ONE:
        scale = first
    elif first == ONE:
        first = scale  # $1.5~2 billion: the magnitude is both numbers'
    elif scale < first:
        return None  # (₩600k–1.1M: each writes its own, the second the larger; not $2m-5k)
    after = scan.currencies.matches(s, gap_end(s, end)) if end < len(s) else []
    code = c.code
    own = after and c.rules[0] == "prefix_symbol" and _named_dollar(s, c.word, after[0][0], after[0][1], c.start)
    if after and after[0][0].code == c.code and after[0][0].name.isascii() and end < len(s) and s[end] == " ":
        end = after[0][1]  # $75K–$230K USD: the sign's currency named again after the range
    elif own:
        end, code = after[0][1], own  # $10~15 호주달러: the sign's dollar named after the range
    elif end < len(s) and (s[end].isalnum() and not is_hangul(s[end]) or after):
        return None  # $10~20원, $5-10K-model: not the same amount's range
    if worded and not s.startswith(_FROM_TO["after"], end + s.startswith(" ", end)):
        return None  # $1에서 $5 정도: a span (a change goes on to where it went: $1에서 $5로)
    number = c.number
    if first == scale == ONE and not (sign and s.startswith(sign, link[0])) and (
            dropped := _dropped_places(s, number, second)) is not None:
        number = dropped  # $3-400: 300 to 400, the places said once (not $3-$400)
    with localcontext(ARITHMETIC):
        low, high = number.low * first, second.high * scale
        precision = min(number.precision * first, second.precision * scale)
    return (end, low, high, precision, code) if high > low else None


_BETWEEN = "between "
_TO = " to "
RANGE_LINKS = (_AND, _TO)  # the English words that may join a range's amounts (shapes.range_after)
_WORD_BEFORE = re.compile(r"([A-Za-z]+) $")
_BARE_FIRST = re.compile(r"(?:\bbetween (?P<n>\d[\d,]*(?:\.\d+)?)(?P<mag> ?[A-Za-z]+)? and "
                         r"|(?<![A-Za-z\d.,])(?P<n2>\d[\d,]*(?:\.\d+)?)(?P<mag2> ?[A-Za-z]+)? to "
                         r"|(?<![A-Za-z\d.,])(?P<n3>\d[\d,]*(?:\.\d+)?)(?P<mag3> ?[A-Za-z]+) ?[-–] ?)$")
# (1.9M to 2.6M Won; 2.3m - 3.0m KRW: a dash joins two amounts when the first writes its magnitude)
DASH_LINKS = ("-", " - ", "–", " – ")
# before "A to B won" (fined 30 million to 100 million won), a word of change makes two amounts
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? $")
_ENGLISH_RANGE = qualifiers()["english_range"]
_RANGE_VERBS = frozenset(_ENGLISH_RANGE["verbs"])
_CHANGE_BEFORE = frozenset(_ENGLISH_RANGE["change_before"])


def after_change_word(s: str, start: int) -> bool:
    """Does a word of change (from, rose, by, a decrease of …) stand right before
    ``start``? Then "A to B" there is a move from one amount to another, not a range."""
    before = _CHANGE_OF.search(s, max(0, start - 32), start)
    if before is not None and before.group(1).lower() in _CHANGE_NOUNS:
        return True
    before = _RANGE_FROM.search(s, max(0, start - 48), start)
    if before is not None:  # range from A to B: a range; raised from the existing A to B: a change
        return before.group(1).lower() not in _RANGE_VERBS
    before = _WORD_BEFORE.search(s, max(0, start - 24), start)
    return before is not None and before.group(1).lower() in _CHANGE_BEFORE


_RANGE_FROM = re.compile(r"([A-Za-z]+) from (?:(?:the|its|their) )?(?:(?:existing|current|previous|original|present|old) )?$")
_CHANGE_OF = re.compile(r"([A-Za-z]+) of $")
_CHANGE_NOUNS = frozenset(_ENGLISH_RANGE["change_nouns"])


def between_tail(scan: Scan, c: Candidate) -> tuple[int, Decimal, Decimal, Decimal] | None:
    """"between $1 billion and $2 billion", "between 1 trillion and 2 trillion won": the
    range an English amount opens after "between" (it ends at the second amount) or closes
    after a bare first number (it starts there). Returns the range's start or end, its
    bounds and its precision."""
    s = scan.s
    head = s[max(0, c.start - 40) : c.start]
    link = _AND if head.lower().endswith(_BETWEEN) and s.startswith(_AND, c.end) else None
    if link is None and s.startswith(_TO, c.end) and c.word_end == c.end:
        link = None if after_change_word(s, c.start) else _TO  # 55 trillion won to 249 trillion won; not from … to
    if link is not None:
        tail = read_amount(scan, c.end + len(link))
        if tail is None or tail.code != c.code or not tail.exact or tail.low <= c.low:
            return None
        low, precision = c.low, min(c.precision, tail.precision)
        if c.scale == ONE and tail.scale > ONE and c.low < tail.low / tail.scale:
            with localcontext(ARITHMETIC):  # $11.2 to $11.5 billion: the magnitude is both numbers'
                low, precision = c.low * tail.scale, min(c.precision * tail.scale, tail.precision)
        return tail.end, low, tail.high, precision
    m = _BARE_FIRST.search(head)
    if m is None:
        return None
    if _MONTH_BEFORE.search(head, 0, m.start("n2") if m.group("n2") is not None else m.start("n")):
        return None  # from March 1 to $74 a month: a date, then the amount
    if m.group("n3") is not None and c.scale == ONE:
        return None  # (a dash after a magnitude joins amounts that both write one: 2.3m - 3.0m KRW)
    if m.group("n2") is not None and after_change_word(s, c.start - len(head) + m.start("n2")):
        return None  # rose 30 billion to 100 billion won: from one amount to another (but ranges from)
    n, mag = ("n", "mag") if m.group("n") is not None else ("n2", "mag2") if m.group("n2") is not None else ("n3", "mag3")
    scale = c.scale
    if m.group(mag) is not None:
        word = m.group(mag).strip()
        power = _MAGNITUDES.get(word.lower(), None if m.group(mag).startswith(" ") else _LETTERS.get(word))
        if power is None:
            return None  # (a word, not a magnitude; a letter glued on only: 1.9M)
        scale = ONE.scaleb(power)
    first = Decimal(m.group(n).replace(",", ""))
    with localcontext(ARITHMETIC):
        low, precision = first * scale, min(c.precision, written_precision(first) * scale)
        start = c.start - len(head) + m.start(n)
        far = m.group(mag) is None and (low * 100 < c.low or _YEAR.fullmatch(m.group(n)) is not None
                                        and not s[max(0, start - 9) : start].lower().rstrip().endswith("between"))
        # (1 to 1,000 won: no range of a price; as of 2008 to W59,036 billion: a year; between 2000 and 4000 won is no year)
    if low >= c.low or far or (scan.last is not None and start < scan.last.end):
        return None  # never over the figure read before it
    return start, low, c.high, precision


def _dropped_places(s: str, first: Number, second: Number) -> Number | None:
    """A single digit before the next one's round hundreds or tens says its places once
    (6~700 is 600 to 700; 2~300만 is 200만 to 300만), as Korean writes 6~7백, and so does a
    digit equal to the leading one of a number of four or more digits (4~4,500원 is 4,000 to
    4,500): the first number in the second's places, or None."""
    if not first.arabic or first.top_myriad is not None or first.low == 0:
        return None
    written = s[second.start : second.end]
    if (second.top_myriad is None and "," in written and "." not in written and first.end - first.start <= 2
            and s[first.start : first.end].isdigit()):
        with localcontext(ARITHMETIC):
            thousands = ONE.scaleb(3 * written.count(","))  # 5-10,000원, 3-5,000원: the first in the second's thousands
            if first.low * thousands < second.low <= first.low * thousands * 10:
                value = first.low * thousands
                return Number(first.start, first.end, value, value, thousands, arabic=True)
    if first.end - first.start != 1:
        return None
    myriad = ONE.scaleb(second.top_myriad or 0)
    with localcontext(ARITHMETIC):
        group = second.low / myriad
        if group != group.to_integral_value() or not 10 <= group < 10000:
            return None
        unit = second.precision / myriad
        if s[second.start + 1 : second.start + 2] in _PLACE_WORDS and first.low < group / unit < 10:
            value = first.low * unit * myriad  # 3-5천 원: 3천 to 5천, the place word said once
            return Number(first.start, first.end, value, value, unit * myriad, arabic=True)
        head = group
        places = ONE
        while head >= 10 and head % 10 == 0:
            head, places = head / 10, places * 10
        if head >= 10 or head != first.low + 1:
            places = ONE.scaleb(len(str(int(group))) - 1)  # 4~4,500원: 4,000 to 4,500, the leading digit said once
            if group < 1000 or group % places == 0 or group // places != first.low:
                return None
        value = first.low * places * myriad
    return Number(first.start, first.end, value, value, places * myriad, arabic=True)


_PLACE_WORDS = frozenset("십백천")


def _range(scan: Scan, first: Number) -> Candidate | None:
    """"100억~200억 달러", "1~2조 원", "3억에서 5억원 가량": the first number borrows the
    second's unit, unless the borrowed first would not be below the second (5000~1만 원)."""
    found = range_tail(scan, first.end, bare=True)
    if found is None or found[1].qualifier is not None:
        return None
    second, tail = found
    low = first
    if (dropped := _dropped_places(scan.s, first, second)) is not None:
        low = dropped  # 6~700엔, 2~300만원: 600 to 700 yen, 200만 to 300만 won
    elif first.top_myriad is None and second.top_myriad is not None and first.low < 10000:
        with localcontext(ARITHMETIC):
            borrow = ONE.scaleb(second.top_myriad)
            low = Number(first.start, first.end, first.low * borrow, first.high * borrow, first.precision * borrow,
                         first.vague)
    with localcontext(ARITHMETIC):
        lo = low.low * tail.scale
        if lo >= tail.low and low is not first and first.low * tail.scale * 100 >= tail.low:
            low, lo = first, first.low * tail.scale  # 5000~1만 원: the first is whole, 5,000 to 10,000
        precision = min(low.precision * tail.scale, tail.precision)
        if (lo >= tail.low and first.top_myriad is not None and second.top_myriad is None and not second.vague
                and first.low < (lifted := second.low * ONE.scaleb(first.top_myriad)) <= first.low * 10):
            hi = lifted * tail.scale  # 8백40억~8백50달러: the second's myriad left to the first's
            return Candidate(first.start, tail.end, lo, hi, min(precision, second.precision * ONE.scaleb(first.top_myriad)),
                             tail.code, first, tail.word, word_start=tail.word_start, word_end=tail.word_end,
                             exact=False, qualifier="range_of", shape="range", scale=tail.scale,
                             rules=("range", "myriad_left_to_first"))
    if lo >= tail.low and low is first and tail.scale == ONE and (last := _last_digits(scan.s, first, second)) is not None:
        lo, high, places = last  # 1,430~40원대, 109.37~40엔: the second gives the first's last digits
        return Candidate(first.start, tail.end, lo, high, min(first.precision, places), tail.code, first, tail.word,
                         word_start=tail.word_start, word_end=tail.word_end, exact=False, qualifier="range_of",
                         shape="range", scale=tail.scale, rules=("range", "last_digits_of_first"))
    if lo >= tail.low:
        return None
    return Candidate(first.start, tail.end, lo, tail.low, precision, tail.code, first, tail.word,
                     word_start=tail.word_start, word_end=tail.word_end, exact=False, qualifier="range_of",
                     shape="range", scale=tail.scale, rules=("range",))


_PLAIN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _last_digits(s: str, first: Number, second: Number) -> tuple[Decimal, Decimal, Decimal] | None:
    """The second number of a range written as the first's last digits, as rate reports
    write a band (1,430~40원대 is 1,430 to 1,440; 109.37~40엔, 7.04~05위안), or as what stands
    below its top myriad word (3만2천~5천원 is 32,000 to 35,000 won; 1조2천억~5천억원; 2억5천~8천만원,
    the 만 said once): the range's low and high and its precision, or None. Two digits at
    least, fewer than the first's (10~5달러 stays no range), and above the first."""
    a, b = s[first.start : first.end], s[second.start : second.end]
    if (first.top_myriad is not None and (second.top_myriad or 0) < first.top_myriad and not first.vague
            and not second.vague):  # 3만2천~5천원, 1조2천억~5천억원: what stands below the first's top myriad word
        with localcontext(ARITHMETIC):
            group = ONE.scaleb(first.top_myriad)
            rest = first.low % group
            said_once = ONE.scaleb(second.top_myriad or 0) if a[-1] not in MYRIADS else ONE  # 2억5천~8천만: 5천만
            shared = rest * said_once
            if 0 < rest and shared < second.low < group:
                return (first.low - rest + shared, first.low - rest + second.low,
                        min(first.precision * said_once, second.precision))
        return None
    if (first.top_myriad is not None or second.top_myriad is not None or not _PLAIN_NUMBER.fullmatch(a)
            or not (b.isascii() and b.isdigit()) or len(b) < 2):
        return None
    whole, _, fraction = a.replace(",", "").partition(".")
    if fraction:
        written = whole + "." + b if len(b) == len(fraction) else None  # 109.37~40: the hundredths
    else:
        written = whole[: -len(b)] + b if len(b) < len(whole) else None  # 1,430~40: the tens and units
    if written is None:
        return None
    value = Decimal(written)
    return (first.low, value, written_precision(value)) if value > first.low else None
