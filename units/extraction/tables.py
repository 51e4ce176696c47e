"""Tables and lists under a unit header: the bare numbers a header makes money.

>>> from units import extract
>>> [(f.text, str(f.value), f.currency_basis) for f in extract("(단위: 억원)\\n구분 2024 2023\\n매출액 1,234 △56")]
[('1,234', '123400000000', 'header'), ('△56', '-5600000000', 'header')]

A unit header (``(단위: 백만원)``, ``※ 단위: 억원``, ``(Unit: KRW million)``, ``(억 달러)``
at the end of a caption line) governs the bare numbers below it until the table or list
ends: at a line of running prose or at the next header. Each cell is a figure of its own,
in the header's currency and scale, with ``currency_basis`` "header" and a rule naming
the header. Accounting negatives keep their sign (``-3,412``, ``△4,871``, ``(1,234)``).

Not money, though under a header: rows and columns whose label says percent, ratio or
count (구성비, 증감률, 부채비율, ``(%)``, ``(명)``), a column whose every cell is a small
decimal beside columns of large amounts (a percentage the labels did not name), year
rows (구분 | 2024 | 2023), dates, times and list numbers. A header that names several
money units (단위: 억원, 원, %) governs nothing: which column is in which unit is not
said, and ``explain`` says so.

The steps: :func:`find_headers`, then per header :func:`_rows` (the lines of its table),
:func:`_cells` (the numbers of a row, with their column), and :func:`read_tables`,
which drops what is not money and makes the candidates. Words come from
``lexicon/tables.toml``.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter, methodcaller
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from decimal import Decimal, localcontext

from units.currencies import CODE, CurrencyMatcher, is_hangul, supported_codes
from units.extraction.figure import Candidate, Rejection
from units.lexicon import load_table, numerals
from units.numerals import ARITHMETIC, MAX_DIGITS, ZERO, Number, scan_number, written_precision
from units.text import ascii_part as ascii_of
from units.text import longest_first
from units.text import letters_part

__all__ = ["FOOTNOTES", "Header", "find_headers", "read_tables", "read_footnoted"]

_T = load_table("tables.toml")
_H, _U, _L, _R = _T["header"], _T["units"], _T["labels"], _T["region"]
_SIGNS = numerals()["signs"]
_NEGATIVE, _POSITIVE = frozenset(_SIGNS["negative"]), frozenset(_SIGNS["positive"])
_BRACKETS = {"(": ")", "[": "]", "<": ">", "（": "）", "【": "】", "〔": "〕", "〈": "〉"}
_CLOSERS = "".join(re.escape(c) for c in _BRACKETS.values())
_OPENERS = "".join(re.escape(c) for c in _BRACKETS)
_SCALES = {k: Decimal(10) ** v for k, v in _H["english_scales"].items()}
_CURRENCIES = _H["english_currencies"]

# Each header pattern starts with its keyword (the engine then skips ahead fast); what
# stands before the keyword, a bracket or ※, is looked at by :func:`_opened`.
_KOREAN_HEADER = re.compile(
    re.escape(_H["korean"]) + r"\s*(?P<colon>[:：=]|는(?= ))?\s*\(?\s*(?P<units>(?:(?!" + re.escape(_H["korean"]) + r")[^" + _CLOSERS
    + r"\n|]){1,60}?)\s*(?P<close>["
    + _CLOSERS + r"]|(?=\n)|(?<=[ \t])(?=\|)|$)"  # (단위:백만원, % |: a cell's bar ends it too)
)
_KOREAN_UNCLOSED = re.compile(  # ( 단위 : 억원 증감 현금및예치금 8,174: a flattened page lost the closing bracket
    re.escape(_H["korean"]) + r"\s*(?P<colon>[:：])\s*(?P<units>[^\s" + _CLOSERS + r"|,]{1,6})(?P<close>)(?=[ \t]+[^\s\d])"
)
_ENGLISH_HEADER = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(_H["english"], key=longest_first)))
    + r")\s*[:：]\s*(?P<units>[^)\n|]{1,40}?)\s*(?P<close>\)|(?=\n)|$)"
)
_SCALE_WORDS = "|".join(map(re.escape, sorted((k for k in _SCALES if _SCALES[k] >= 1000), key=longest_first)))  # not cents: a label's unit (US cents), no header
# (KRW million), (in millions of won), (RMB'000), (US$’000)
_ENGLISH_BRACKET = re.compile(
    r"\((?P<units>[^()\n]{0,24}?(?:\b(?:" + _SCALE_WORDS + r")\b|['’]000)[^()\n]{0,16}?)"
    r"(?:,\s*except[^()\n]{1,40})?\)", re.IGNORECASE
)  # (in millions of Korean won, except per share amounts): the rows excepted are a ratio's to skip
# (In millions of Korean won, in thousands of US dollars (Note 2.29)): a statement with a
# convenience translation, its columns named on a line of codes below (KRW KRW USD USD)
_ENGLISH_TWO = re.compile(
    r"\((?P<units>[Ii]n (?:" + _SCALE_WORDS + r") of [^()\n,]{2,24}?, (?:and )?in (?:" + _SCALE_WORDS
    + r") of [^()\n,]{2,24}?)\s?(?:\([^()\n]{0,24}\))?\)"
)
_CODE_LINE = re.compile(r"(?m)^[ \t|]*(?:(?:KRW|USD|EUR|JPY|CNY|RMB|HKD|W|₩|US\$|\$)[ \t|]+){1,7}"
                        r"(?:KRW|USD|EUR|JPY|CNY|RMB|HKD|W|₩|US\$|\$)[ \t|]*$")
_CODE_LINE_REACH = 240  # characters after a header where its line of column codes may stand
# (In won), (in KRW): a currency with no scale, in words
_ENGLISH_PLAIN = re.compile(r"\((?P<units>[Ii]n (?:Korean )?(?:won|Won|KRW))\)")
# (Korean Won- KRW ) on its own line: a caption naming the currency of the table below
_ENGLISH_CAPTION = re.compile(r"(?m)^[ \t]*\((?P<units>Korean (?:won|Won|WON)|KRW)(?: ?- ?KRW)? ?\)[ \t]*$")
# Financials in millions KRW. Fiscal year is …: a stock page's line of its statements' unit
_ENGLISH_IN = re.compile(r"(?m)^[ \t]*(?:(?:Financials|Figures|Amounts) in )?(?P<units>(?:[Mm]illions|[Bb]illions|[Tt]housands) "
                         r"(?:of )?(?:KRW|USD|EUR|JPY|CNY|Korean [Ww]on|won))\.?(?=[ \t]|$)")
# KRW, except where indicated otherwise: a currency alone on its line, its scale one
_ENGLISH_EXCEPT = re.compile(r"(?m)^[ \t]*(?P<units>KRW|Korean [Ww]on|W|USD|US\$),? (?:except|unless otherwise)[^\n]{0,40}$")
# HK$ million, KRW'000, RMB thousand: a unit alone on its line
_ENGLISH_LINE = re.compile(
    r"(?m)^[ \t]*(?P<units>(?:KRW|USD|US\$|HK\$|RMB|JPY|EUR|₩|W)\s?(?:in\s)?(?i:['’]000|" + _SCALE_WORDS + r"))[ \t|]*$"
)
# 2025 £m 2024 £m 2023 £m, $'000 $'000: a line of column headings, each in the same unit
# (a symbol and a scale), with the year of its column or not
_COLUMN_SYMBOLS = ("£", "$", "€", "US$", "A$", "HK$", "NZ$", "S$")
_COLUMN_SCALES = ("m", "bn", "'000", "’000")
_COLUMN_LINE = re.compile(
    r"(?m)^[ \t|]*(?:(?:FY ?)?\d{4}[ \t|]+)?(?P<units>(?:" + "|".join(map(re.escape, _COLUMN_SYMBOLS)) + r") ?(?:"
    + "|".join(map(re.escape, _COLUMN_SCALES)) + r"))(?:[ \t|]+(?:(?:FY ?)?\d{4}[ \t|]+)?(?P=units))+[ \t|]*$"
)
_COLUMN_CUES = tuple(a + b for a in ("£", "$", "€") for b in _COLUMN_SCALES)


def _signed_scale(s: str) -> bool:
    """Does a sign stand before a scale word ($m, £bn) anywhere in ``s``? Looked for at each
    sign, found by str.find (a text's few; a regex over every character cost 45 us on the news)."""
    for sign in "$£€":
        at = s.find(sign)
        while at >= 0:
            if s.startswith(_COLUMN_CUES, at):
                return True
            at = s.find(sign, at + 1)
    return False


# (억 달러), (억원), (백만 달러) at the end of a caption line, or before the colon of a list
_BARE_UNIT = re.compile(
    r"\((?P<units>(?:천|만|백만|천만|억|십억|백억|천억|조)?\s?[가-힣]{1,3}(?:\s?[,/]\s?(?:%|％|[가-힣]{1,2}))*)\)"
    r"(?=[ \t|]*(?:\n|$)|\s?[:：])"
)  # (조원, %): the units of the columns, as a header names them
_SCALE_HINTS = ("illion", "ILLION", "housand", "HOUSAND", "'000", "’000", "mn", "bn", "tn", "tr)", "bil", "rore", "akh")
_ASCII_HINTS = tuple(w.encode() for w in _SCALE_HINTS if w.isascii())
_ASCII_HINT = re.compile(b"|".join(map(re.escape, _ASCII_HINTS)))
_LETTER_HINT = re.compile(b"|".join(sorted({re.escape(bytes(b for b in w if 65 <= b <= 90 or 97 <= b <= 122))
                                            for w in _ASCII_HINTS} - {b""})))  # (the hints' letters)
_LINE_CURRENCY = re.compile(r"(?m)^[ \t|]*(KRW|USD|US\$|HK\$|RMB|JPY|EUR|₩)\b")
_SEPARATORS = re.compile("|".join(
    r",(?!\d{3}(?!\d))" if sep == "," else re.escape(sep) for sep in _H["separators"]))  # not KRW 1,000,000's commas
_POWER_OF_TEN = re.compile(r"10*")
_DOTTED = re.compile(r"(?<![\d.])1(?:\.000)+(?![\d.])")  # a power of ten grouped with dots, as Vietnam and Europe write it
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_AS_OF = ("As of", "as of", "As at", "as at", "기준")  # (Unit : KRW 1,000,000 / As of December 31, 2020)
# (not a statement's formula over its line numbers: Profit after tax (15)-(18), (11)+(14))
_CELL = re.compile(
    r"(?<![\d.,%/:\-△▲▼+(A-Za-z_'’‘·])(?!\(\d{1,3}\) ?[-+] ?\()(?P<open>\()?(?P<sign>[" + re.escape("".join(sorted(_NEGATIVE | _POSITIVE))) + r"])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:[.·]\d+)?|\d+(?:[.·]\d+)?)(?!\d*[.·]{2}\d)(?P<close>\))?"
)  # (77..5, a typo: no cell)
_QUOTIENT = re.compile(r"[^\s()/\d]\s?/\s?[^\s()/]|[^\s()/]\s?/\s?[^\s()/\d]")  # 순차입금/EBITDA; not Inc / (Exp), (Loss)/profit, 2024/12
_MAX_CELL = MAX_DIGITS + 10  # characters of a cell's number, separators included: more is no amount
_PERCENT_CELL = re.compile(r"[-+△▲▼(]?\d[\d,.]*\)?\s?[%％]$")
_SUB_ROW = re.compile(r"\([가-힣][가-힣 ·]*\)$")  # (교부금 제외) | (17.2): a row in brackets, a part, not a loss
_ACCOUNTS = re.compile(r"[ \t]*\|[ \t]*".join(map(re.escape, _L["account_columns"])))


@lru_cache(maxsize=8)
def _has_accounts(s: str) -> bool:
    """Does ``s`` head a table with a budget's account columns (관 | 항 | 목)? (Once per text.)"""
    return _ACCOUNTS.search(s) is not None
_CODE_BEFORE_LABEL = re.compile(r"[ \t]*\|[ \t]*[가-힣]")  # a number whose next cell is a name
_RULE_CHARS = "=-─━_~·.+* "
_CLOSE_NEXT_LINE = re.compile(r"[ \t]*\n[ \t|]*\)")
_SECTION_AFTER = re.compile(r"[ \t]*\n[ \t]*[A-Za-z가-힣]")
_LIST_NUMBER = re.compile(r"\d{1,2}\.(?:\s+[^\d\s]|[가-힣])")  # 3. 재무현황, 1.이자수익
_RATE_LABEL = re.compile(
    r"(?:[가-힣]{1,6} ?)?(?P<name>[A-Z]{3})\s?(?:\(?(?P<per>100) ?(?:엔|JPY)?\)?)?|(?P<word>[가-힣 ]{1,8}?)\s?(?:\(?(?P<wper>100) ?엔?\)?)?")
_CENTS = re.compile(r"[ \t]?(?:cents?|센트)(?![A-Za-z가-힣])")
_SIGN_BEFORE = re.compile(r"(₩|US\$|HK\$|\$|€|W) ?$")
_ITEM_MARKS = "▲△▶►●•◆■□○※"
_ITEM_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"  # circled numbers that number a list's items
_LEADING_PERCENT = re.compile(r"^\s*(?:[-△▲▼+]?\d[\d,.]*\s?[%％]\s*)+")
_ITEM_NAME = re.compile("[" + _ITEM_MARKS + "][가-힣]{1,8}$")
_OLD_DECIMAL_GAP = re.compile(r"\d· ")
_RUN = re.compile(r"[\d,]+")
_PIECE = re.compile(r"(?P<open>\()?(?P<sign>\+)?(?P<num>[1-9]\d{0,2}(?:,\d{3})+|0)(?P<close>\))?")
_LONE_NUMBER = re.compile(r"(?:[ \t|]*\n){0,3}[ \t|]*(?:[(△▲▼+-]?\d[\d,]*(?:\.\d+)?\)?|[—–-])[ \t|]*(?:\n|$)")  # (a bar's line first; a dash, an empty cell)
_MONTH = re.compile(r"(?<![A-Za-z])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.? $")
_MONTH_AFTER = re.compile(r" (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}(?![A-Za-z])")
_PERIOD_AFTER = re.compile(r" (?:[Mm]onths?|MONTHS?|[Yy]ears?|[Ww]eeks?|[Dd]ays?|[Qq]uarters?)(?![A-Za-z])")
_NOTE = re.compile(r"[(\[](?:Note|Notes|note|notes|NOTE|주석|주|註)\s?$")
_BARS = str.maketrans({"│": "|", "┃": "|", "║": "|"})
_BAR_CHARS = "|│┃║"
_ANY_BAR = re.compile("[" + _BAR_CHARS + "]")
_AMOUNT = r"\d{1,3}(?:,\d{3})+|\d+"
_COMPUTATION = re.compile(
    r"(?<![\d,.])(?P<price>" + _AMOUNT + r")(?P<factors>(?:\s*[X×＊*]\s*\d[\d,.]*\s?[가-힣A-Za-z%％]{0,4})+)"
    r"(?:\s*=\s*(?P<total>" + _AMOUNT + r")(?![\d,.]))?"
)
_FACTOR = re.compile(r"[X×＊*]\s*(?P<n>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>[%％]?)")
_TOTAL_AFTER = re.compile(r"[ \t]*\n[ \t]*=[ \t]*\n[ \t]*(?P<total>" + _AMOUNT + r")[ \t]*(?:\n|$)")
_PRODUCT = re.compile(r"[\d,]\s*[X×＊*]\s+[\d,]|[\d,]\s+[X×＊*]\s*[\d,]")  # 3,000 X 10통: a computation
_SENTENCE_ENDS = tuple(_R["sentence_ends"])
_NOT_MONEY_UNITS = frozenset(_U["not_money"])
_GROUP = re.compile(r"(?P<measure>\S*[(\[][^()\[\]]{1,8}[)\]]) (?P<sub>[^\s()\[\]]{1,6})")  # 주식배당액(원) 보통주
_SUB_LABEL = re.compile(r"[^\s()\[\]]{1,6}")  # 우선주: a sub-row of the group before, one short word
_YEAR_SPAN_BEFORE = re.compile(r"(?:19|20)\d\d[ \t]?[~\-–][ \t]?$")
_COUNTER_AFTER = re.compile(r"[ \t]?(?:" + "|".join(map(re.escape, sorted(
    (u for u in _NOT_MONEY_UNITS if not u.isascii() and u not in "%％"), key=longest_first))) + r")(?![가-힣])")
_LABEL_ENDINGS = tuple(_L["not_money_endings"])
_AGAINST_WORD = "대비"  # 국가채무(GDP대비): a ratio to something
# English words match as words (Operations holds "ratio", Shareholders "Shares"); Korean ones anywhere
_LABEL_WORDS = re.compile("|".join(
    rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w)
    for w in sorted(_L["not_money_words"], key=longest_first)))
_PER_SHARE = re.compile("|".join(
    rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" for w in sorted(_L["per_share_words"], key=longest_first)))
_HEADER_WORDS = frozenset(_L["header_words"])
_CEILING, _FLOOR = Decimal(_L["percent_ceiling"]), Decimal(_L["money_floor"])
_UNIT_IN_LABEL = re.compile(r"[(\[]([^()\[\]]{1,12})[)\]]")


@dataclass(frozen=True, slots=True)
class Header:
    """A unit header: its span and text, and the money unit it gives bare numbers
    (``code`` None when it gives none, ``problem`` saying why)."""

    start: int
    end: int
    text: str
    code: str | None
    scale: Decimal
    parens: str = "negative"  # what (1,234) means: "negative", or "not_money" (괄호안은 증감률)
    problem: str | None = None
    columns: tuple[tuple[str, Decimal] | None, ...] = ()  # a unit per column, as listed: (단위: 조원, 조원, %)
    rate: tuple[str, Decimal] | None = None  # a unit of exchange rates in won: (단위: 100엔당 원) is (JPY, 100)
    right: bool = False  # the columns are the row's last numbers (a note's number may stand before them)


@dataclass(slots=True)
class _Cell:
    start: int
    end: int
    value: Decimal
    precision: Decimal
    column: int
    label: str
    column_name: str = ""
    decimals: bool = False
    large: bool = False
    skip: str | None = None  # why it is not money
    unit: tuple[str, Decimal] | None = None  # a unit its label gives it: 주당배당금(원)


# ------------------------------------------------------------------ headers


def _power_of_ten(value: Decimal) -> bool:
    return value >= 1 and value == value.to_integral_value() and str(int(value)).rstrip("0") == "1"


def _money_unit(part: str, currencies: CurrencyMatcher, *, counted: bool = False) -> tuple[str, Decimal] | None:
    """A money unit such as 백만원, 억 달러, 천원, 원, KRW million, US$ thousand; with
    ``counted``, a header's unit written with a count in digits too (100만원)."""
    part = part.strip()
    if not part:
        return None
    english = _english_unit(part, currencies)
    if english is not None:
        return english
    scale, k = Decimal(1), 0
    number = scan_number(part, 0, expr=True)
    if number is not None and number.low == number.high and (not number.arabic or counted and _power_of_ten(number.low)):
        scale, k = number.low, number.end  # 백만원; 100만원, 1,000원 (a count that is a power of ten)
    while k < len(part) and part[k] == " ":
        k += 1
    for word, end in currencies.matches(part, k):
        if end == len(part) and word.kind != "subunit" and word.strength != "country_only":
            return word.code, scale
    return None


def _english_unit(part: str, currencies: CurrencyMatcher | None = None) -> tuple[str, Decimal] | None:
    """KRW million, in millions of won, US$ thousand, KRW bn: a currency and a scale word.
    With ``currencies``, any currency's English name counts too (In Million Rupiah)."""
    text = re.sub(r"['’]000\b", " thousand", part)
    text = re.sub(r"^(₩|\$|€)(?=\d)", r"\1 ", text)  # ₩1 million
    text = re.sub(r"(?<=[$£€])(?=m$|bn$)", " ", text)  # £m, $bn: a column's heading
    text = _GROUPED.sub(lambda m: m.group().replace(",", ""), text)  # KRW 1,000,000: one count, not three
    text = _DOTTED.sub(lambda m: m.group().replace(".", "") + " ", text)  # Unit: 1.000.000đ (dots group thousands)
    for name in sorted((k for k in _CURRENCIES if " " in k), key=longest_first):
        text = text.replace(name, _CURRENCIES[name])
    code = scale = None
    count = Decimal(1)  # KRW 100 million: a count before the scale word multiplies it
    for w in re.split(r"[\s(),]+", text):
        if w.endswith(".") and w[:-1].lower() in _SCALES:
            w = w[:-1]  # (Rupees in Crores.)
        if not w or w.lower() in ("in", "of") or w.lower() == "one" and scale is None:
            continue  # Unit : one million KRW
        if w.isdigit() and scale is None and _POWER_OF_TEN.fullmatch(w):
            count = Decimal(w)  # KRW 100 million; KRW 1,000,000: the count is the scale
        elif w.lower() in _SCALES and scale is None:
            scale = _SCALES[w.lower()] * count
        elif w.endswith(("$", "¥")) and len(w) > 1 and w[:-1] in _CURRENCIES and code is None:
            code = _CURRENCIES[w[:-1]]  # RMB¥
        elif w in _CURRENCIES and code is None:
            code = _CURRENCIES[w]
        elif code is None and CODE.fullmatch(w) and w in supported_codes() and w not in _H["not_codes"]:
            code = w  # Unit: VND million, THB thousand: any ISO code the header writes
        elif code is None and currencies is not None and (named := _english_name(w, currencies)) is not None:
            code = named  # (In Million Rupiah), (Naira'000)
        else:
            return None
    return None if code is None else (code, scale if scale is not None else count)


def _english_name(w: str, currencies: CurrencyMatcher) -> str | None:
    """The currency a whole word names in English (Rupiah, ringgit, Naira), when the
    name is a strong one of at most two currencies (not pesos, dinars, riyals)."""
    for word, end in currencies.matches(w, 0):
        if end == len(w) and word.kind == "english" and word.strength == "strong" and len(word.candidates) <= 2:
            return word.code
    return None


def _parens(units: str) -> tuple[str, str]:
    """The units text without its parentheses clause, and what parentheses hold."""
    for word in _H["parens"]:
        at = units.find(word)
        if at >= 0:
            return units[:at], "not_money"
    return units, "negative"


_RATE_UNIT = (re.compile(r"(?P<per>\d+)?\s?(?P<base>[^\d\s/]{1,6})\s?당\s?(?P<quote>[^\d\s/]{1,4})"),
              re.compile(r"(?P<quote>[^\d\s/]{1,4})\s?/\s?(?P<per>\d+)?\s?(?P<base>[^\d\s/]{1,6})"))


def _rate_unit(units: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | None:
    """The currency and count a header of exchange rates in won names (100엔당 원, 원/달러,
    원/100엔), or None."""
    for pattern in _RATE_UNIT:
        m = pattern.fullmatch(units.strip())
        if m is None:
            continue
        base, quote = _money_unit(m.group("base"), currencies), _money_unit(m.group("quote"), currencies)
        per = Decimal(m.group("per") or 1)
        if base is not None and quote == ("KRW", 1) and base[0] != "KRW" and base[1] == 1 and _power_of_ten(per):
            return base[0], per  # (a count of 000엔: no unit)
    return None


def _header(m: re.Match[str], kind: str, currencies: CurrencyMatcher, nearby: str | None = None) -> Header | None:
    units, parens = _parens(m.group("units"))
    if not units.strip(" \t:：="):
        return None  # (단위: ), (단위:): a form printed without its unit names none, and keeps no reader away
    if kind == "korean" and (rate := _rate_unit(units, currencies)) is not None:
        return Header(m.start(), m.end(), m.group(), None, Decimal(1), parens, rate=rate)
    if nearby is not None and _english_unit(units) is None and _english_unit(f"{nearby} {units}") is not None:
        units = f"{nearby} {units}"  # KRW | Fiscal Year⏎(in millions) |
    parts: list[tuple[str, Decimal] | None] = []
    cut = min((at for at in (units.find(w) for w in _AS_OF) if at > 0), default=len(units))
    for part in _SEPARATORS.split(units[:cut]):  # (Unit : KRW 1,000,000 / As of December 31, 2020): a date ends the units
        part = part.strip()
        if not part:
            continue
        found = _money_unit(part, currencies, counted=True)
        if found is None and part not in _NOT_MONEY_UNITS and kind != "korean":
            return None
        if found is not None or part in _NOT_MONEY_UNITS:
            parts.append(found)  # 기준 : IFRS and other words beside the units are no column
    money = {p for p in parts if p is not None}
    columns = tuple(parts) if len(parts) >= 2 else ()
    where = (m.start(), m.end(), m.group())
    if not money:
        return None if kind != "korean" else Header(*where, None, Decimal(1), parens, "the header names no unit of money")
    if len(money) > 1:
        names = ", ".join(p.strip() for p in _SEPARATORS.split(units) if _money_unit(p, currencies, counted=True))
        return Header(*where, None, Decimal(1), parens, f"the header names several units of money ({names}) and "
                      "does not say which column is in which", columns)
    code, scale = next(iter(money))
    return Header(*where, code, scale, parens, None, columns)


_CODE_NAMES = {"RMB": "CNY", "W": "KRW", "₩": "KRW", "US$": "USD", "$": "USD"}


def _coded_columns(s: str, header: Header, stop: int) -> Header:
    """A header naming two units (millions of won, thousands of dollars) whose table names
    each column's currency on a line of codes (KRW KRW USD USD): each column in its
    currency's unit, counted from the row's end. Unchanged if no such line follows, or it
    names a currency the header does not."""
    m = _CODE_LINE.search(s, header.end, min(stop, header.end + _CODE_LINE_REACH))
    if m is None:
        return header
    units = {code: unit for code, unit in ((u[0], u) for u in header.columns if u)}
    codes = [_CODE_NAMES.get(tok, tok) for tok in m.group().replace("|", " ").split()]
    if not all(code in units for code in codes):
        return header
    return replace(header, columns=tuple(units[code] for code in codes), right=True, problem=None)


def _opened(s: str, at: int) -> int | None:
    """Where a bracket opens before ``at`` on its line and is not closed before it
    ((단위: 억원), (특별회계포함· 단위억원)), or None."""
    line = s.rfind("\n", 0, at) + 1
    for j in range(at - 1, max(line, at - 24) - 1, -1):
        if s[j] in _BRACKETS:
            return j
        if s[j] in _BRACKETS.values():
            return None
    return None


def _closes(s: str, at: int) -> bool:
    """Does a bracket close on the line after ``at``?"""
    end = s.find("\n", at)
    return any(c in _BRACKETS.values() for c in s[at : len(s) if end < 0 else end])


def _currency_nearby(s: str, at: int) -> str | None:
    """A currency written at the start of this line or the line before: KRW | …⏎(in millions)."""
    line = s.rfind("\n", 0, at) + 1
    before = s.rfind("\n", 0, max(0, line - 1)) + 1
    for start in (line, before):
        m = _LINE_CURRENCY.match(s, start)
        if m is not None:
            return m.group(1)
    return None


def _english_hint(s: str, ascii_part: bytes | None = None) -> bool:
    """Does ``s`` hold an English scale word (million, bn, '000)? Looked for in its ASCII
    characters only, by one pattern: a dozen searches of a Korean text cost more than
    dropping its Hangul (and in its letters first, where a Korean text has few)."""
    if ascii_part is None:
        ascii_part = ascii_of(s)
    if b"000" in ascii_part and (b"'000" in ascii_part or "’" in s and "’000" in s):  # (one character first: fast)
        return True
    return _LETTER_HINT.search(letters_part(s)) is not None and _ASCII_HINT.search(ascii_part) is not None


def _cues(*cues: bytes) -> tuple[tuple[bytes, bytes], ...]:
    """Cues of ASCII text, each with its letters: looked for in the text's letters first."""
    return tuple((cue, bytes(b for b in cue if 65 <= b <= 90 or 97 <= b <= 122)) for cue in cues)


def _any_cue(cues: tuple[tuple[bytes, bytes], ...], ascii_part: bytes, letters: bytes) -> bool:
    return any(gate in letters and cue in ascii_part for cue, gate in cues)


_UNIT_CUES = _cues(b"nit", b"NIT")
_WON_CUES = _cues(b"n won)", b"n Won)", b"n KRW)")
_CAPTION_CUES = _cues(b"(KRW", b"(Korean W", b"(Korean w")
_EXCEPT_CUES = _cues(b"xcept where", b"nless otherwise")
_IN_CUES = _cues(b"illions ", b"housands ")


def _row_unit(s: str, m: re.Match[str]) -> bool:
    """Is a bracketed unit a row's own, between its label and its values on one line?"""
    line_start = s.rfind("\n", 0, m.start()) + 1
    line_end = s.find("\n", m.end())
    rest = s[m.end() : len(s) if line_end < 0 else line_end]
    return any(ch.isalpha() for ch in s[line_start : m.start()]) and _CELL.search(rest) is not None


def find_headers(s: str, currencies: CurrencyMatcher) -> list[Header]:
    """Every unit header of ``s``, in order (one per position)."""
    patterns = []
    if _H["korean"] in s:
        patterns += [("korean", _KOREAN_HEADER), ("unclosed", _KOREAN_UNCLOSED)]
    ascii_part = ascii_of(s)  # the English cues are looked for in the ASCII characters only
    letters = letters_part(s)  # (and each first in its letters, where a Korean text has few)
    if _any_cue(_UNIT_CUES, ascii_part, letters):
        patterns.append(("english", _ENGLISH_HEADER))
    english = _english_hint(s, ascii_part)
    if b"(" in ascii_part:
        patterns += [("english", _ENGLISH_BRACKET), ("english", _ENGLISH_TWO)] if english else []
        patterns.append(("bare", _BARE_UNIT))
        if _any_cue(_WON_CUES, ascii_part, letters):
            patterns.append(("english", _ENGLISH_PLAIN))
        if _any_cue(_CAPTION_CUES, ascii_part, letters):
            patterns.append(("english", _ENGLISH_CAPTION))
    if english:
        patterns.append(("english", _ENGLISH_LINE))
    if _signed_scale(s):
        patterns.append(("english", _COLUMN_LINE))
    if _any_cue(_EXCEPT_CUES, ascii_part, letters):
        patterns.append(("english", _ENGLISH_EXCEPT))
    if english and _any_cue(_IN_CUES, ascii_part, letters):  # (scale words: an English hint)
        patterns.append(("english", _ENGLISH_IN))
    found: list[tuple[int, int, Header]] = []
    for rank, (kind, pattern) in enumerate(patterns):
        for m in pattern.finditer(s):
            opened = _opened(s, m.start())
            if kind == "korean" and not (m.group("colon") or (opened is not None and m.group("close"))):
                continue  # 천원 단위로 적는다: a sentence about units, not a header
            if kind == "korean" and m.group("colon") == "는" and (
                    m.group("close") or _money_unit(m.group("units"), currencies) is None):
                continue  # 가격 단위는 원⏎ (a line ending at its unit) heads a list; not 단위는 원이다 in a sentence
            if kind == "unclosed" and (opened is None or _money_unit(m.group("units"), currencies) is None
                                       or _closes(s, m.end())):
                continue  # only a bracket left open, around a unit of money
            if kind == "bare" and m.start() and s[m.start() - 1].isdigit():
                continue  # 130억 달러(억 달러): not a caption's unit
            if kind == "bare" and _column_units(s, m.start(), currencies):
                continue  # 연봉 (원) | 세율 (%) | 공제액 (원): each column's unit (read_unit_columns)
            if pattern is _ENGLISH_BRACKET and (_row_unit(s, m) or _column_units(s, m.start(), currencies)):
                continue  # Total Dividend (KRW 1 million) 3,331: one row's unit (read_labelled); or one column's
            h = _header(m, "korean" if kind == "unclosed" else kind, currencies,
                        _currency_nearby(s, m.start()) if pattern is _ENGLISH_BRACKET else None)
            if h is not None and opened is not None and kind != "bare":
                h = replace(h, start=opened, text=s[opened : h.end])
            if h is not None:
                found.append((h.start, rank, h))
    found.sort(key=lambda row: (row[0], row[1]))
    kept: list[Header] = []
    for _, _, h in found:  # where two overlap, the one that starts first (then the stronger kind)
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    return kept


# ------------------------------------------------------------------ the lines of a table


def _is_prose(line: str, numbers: int) -> bool:
    """A line of running text: a sentence end, or a long line with few numbers (and no
    cell bars)."""
    if "|" in line or "\t" in line:
        return False
    text = " ".join(line.split())
    if not text.strip(_RULE_CHARS):
        return False  # ======== or -------: a table's rule, not prose  # 운영            2,000,000    X    1식: a row's padding is no prose
    if len(text) >= 12 and text.endswith(_SENTENCE_ENDS):
        return True  # a sentence, however many numbers it holds (1분기 수출은 1, 3월 …을 기록했다.)
    return numbers <= _R["prose_max_numbers"] and len(text) >= _R["prose_min_chars"]


def _rows(s: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """The lines of the table under a header ending at ``start``: the rest of the header's
    line, then each line until running prose, ``stop`` (the next header) or the limits."""
    limit = min(stop, start + int(_R["max_chars"]))
    a, lines, rows, captions = start, 0, 0, 0
    while a < limit and lines < _R["max_lines"]:
        b = s.find("\n", a, limit)
        b = limit if b < 0 else b
        if s[a:b].strip():
            numbers = len(_CELL.findall(s, a, b))
            if not _is_prose(s[a:b], numbers) or _LONE_NUMBER.match(s, b + 1, limit) or _between_bars(s, a, b, limit):
                yield a, b  # a long label is no prose when its numbers follow a line each
                rows += 1 if numbers else 0  # (a short line of column names is no row yet: Level Gyeongbuk⏎Jeju)
            elif rows and not numbers and _section_title(s, a, b, limit):
                yield a, b  # Profit or Loss and Other Comprehensive Income⏎Net Revenues 2,860,388 …: a statement's section
            elif lines and (rows or captions >= _CAPTIONS or not (_bar_row_after(s, b + 1, limit) or (
                    not " ".join(s[a:b].split()).endswith(_SENTENCE_ENDS)
                    and _row_within(s, b + 1, limit, _CAPTIONS - captions)))):
                return  # (a caption that names the columns, no sentence, may stand before rows of numbers)
            elif lines:
                captions += 1  # (단위 : 억원)⏎…항목에 대한 내용입니다.⏎| 구분 |: a caption before the table's first row
        lines += 1
        a = b + 1


def _section_title(s: str, a: int, b: int, limit: int) -> bool:
    """Is a line of words between rows a section title of the statement (no sentence end,
    not long, a row of numbers right after it)?"""
    text = " ".join(s[a:b].split())
    return len(text) <= _R["section_max_chars"] and not text.endswith(_SENTENCE_ENDS) and _row_after(s, b + 1, limit)


def _between_bars(s: str, a: int, b: int, limit: int) -> bool:
    """Is a line with no sentence end set between lines of cell bars (|⏎Loans and other
    financial assets at amortized cost⏎|): a row's long label in a table laid out a cell a line?"""
    return (s.rfind("|", max(0, a - 3), a) >= 0 and _bar_row_after(s, b + 1, limit)
            and not " ".join(s[a:b].split()).endswith(_SENTENCE_ENDS))


_CAPTIONS = 3  # lines of prose between a unit line and its table, at most (column names wrapped over lines)


def _bar_row_after(s: str, at: int, limit: int) -> bool:
    """Does a line of cell bars follow (a table set out with |)?"""
    b = s.find("\n", at, limit)
    return "|" in s[at : limit if b < 0 else b]


def _row_within(s: str, at: int, limit: int, lines: int) -> bool:
    """Does a row of numbers follow within ``lines`` lines, the ones before it no sentences
    (Level Gyeongbuk Jeonbuk⏎Jeju⏎Gangwon … Seoul⏎1+ (SMOE) S, A 2.8 2.8: column names wrapped)?"""
    for _ in range(lines):
        if _row_after(s, at, limit):
            return True
        while at < limit and s[at] in " \t\n":
            at += 1
        b = s.find("\n", at, limit)
        if b < 0 or " ".join(s[at:b].split()).endswith(_SENTENCE_ENDS):
            return False
        at = b + 1
    return False


def _row_after(s: str, at: int, limit: int) -> bool:
    """Does a line of numbers that is no prose follow, past blank lines (구분 2007 2008 …,
    연결당기순이익 6,886 10,026)?"""
    while at < limit and s[at] in " \t\n":
        at += 1
    b = s.find("\n", at, limit)
    line = s[at : limit if b < 0 else b]
    if any(mark in line for mark in _NOT_A_ROW):
        return False  # $1 = 1,000원: amounts with their own units, no row of bare cells
    numbers = len(_CELL.findall(line))
    return numbers >= 2 and not _is_prose(line, numbers)


_NOT_A_ROW = ("=", "$", "원", "€", "£", "¥")


# ------------------------------------------------------------------ the cells of a row


def _year_like(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100


def _successive(tokens: list[str]) -> bool:
    """Years one after another (분야 | 2020 | 2021, 2024 2023 2022): the names of columns."""
    years = [int(t) for t in tokens]
    return len(years) >= 2 and all(abs(b - a) == 1 for a, b in zip(years, years[1:]))


def _numbering(tokens: list[str]) -> bool:
    """Small whole numbers counting up by one (1 2 3 4): the numbers of a list's items."""
    if len(tokens) < 3 or not all(t.isdigit() and len(t) <= 2 for t in tokens):
        return False
    return all(int(b) - int(a) == 1 for a, b in zip(tokens, tokens[1:]))


def _after_ok(s: str, end: int) -> bool:
    """May a bare number end here? Not before a letter or syllable (2024년, 3Q), a percent
    sign, or a date, time or old decimal going on (2024.03.13, 15:30, 2024-03-13, 49·8)."""
    if end >= len(s):
        return True
    ch = s[end]
    if ch.isalnum() or ch in "%％":
        return False
    if ch == " " and end + 1 < len(s) and s[end + 1] in "%％":
        return False
    return not (ch in ".,:/-·" and end + 1 < len(s) and s[end + 1].isdigit())


def _before_ok(s: str, m: re.Match[str]) -> bool:
    """May a bare number start here? After a syllable only a number that cannot be part
    of a word (▲대구2,633, 정부안677.4; not 제2, 시즌3), or the amount of a list item whose
    name the page glued to it (▲교통471, ▲총무529)."""
    at = m.start()
    if at == 0 or not s[at - 1].isalnum():
        return True
    if s[at - 1].isascii():
        return False
    return "," in m.group("num") or "." in m.group("num") or _ITEM_NAME.search(s, max(0, at - 10), at) is not None


def _label(text: str) -> str:
    return text.strip(" \t|-•·*#:=▶►▷○●◦▪■□").strip()


def _first_text(head: str) -> str:
    """The first cell of text in the part of a row before its numbers."""
    for part in head.split("|"):
        if text := _label(part):
            return text
    return ""


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of a table: its label, its numbers with their column, and how many cells
    it has (to line them up with the columns' names)."""

    label: str
    numbers: tuple[tuple[re.Match[str], int], ...]
    cells: int
    barred: bool
    percents: frozenset[int] = frozenset()  # the places of its cells written in percent (100.0%)


def _numbers(s: str, a: int, b: int) -> list[re.Match[str]]:
    """The bare numbers of a line: not list numbers (1), 3.), dates or words (제2)."""
    out = []
    for m in _CELL.finditer(s, a, b):
        if "," in m.group("num") and m.end() < b and s[m.end()].isdigit() and _before_ok(s, m):
            out += _glued(s, m.start(), b)
            continue
        if not _after_ok(s, m.end()) or not _before_ok(s, m) or len(m.group("num")) > _MAX_CELL:
            continue
        head = s[a : m.start()].translate(_BARS)
        if m.group("close") and not m.group("open"):
            if not head.strip(" |"):
                continue  # 1) a list number
            m = _CELL.match(s, m.start(), m.end() - 1) or m
        if m.group("open") and not m.group("close") and not _CLOSE_NEXT_LINE.match(s, m.end()):
            continue  # (|(493,871⏎|): a negative whose bracket closes in the next cell's line, as filings flatten them)
        if m.group("open") and m.group("close") and len(m.group("num")) == 1 and _SECTION_AFTER.match(s, m.end()):
            continue  # |(2)⏎Details of due from banks: a section's number
        if (m.group("open") and m.group("close") and len(m.group("num")) == 1 and m.start() >= 2
                and s[m.start() - 1] == " " and s[m.start() - 2].isalpha() and _CELL.search(s, m.end(), b)):
            continue  # Dividend Per Share (1) 250: the label's footnote, before its cells
        if _LIST_NUMBER.match(s, m.start(), m.end() + 4):
            continue  # 3. 재무현황, 주 1. K-IFRS 기반: a list number
        if _NOTE.search(s, max(a, m.start() - 8), m.start()):
            continue  # (Note 3), (주4): a note's number
        if _MONTH.search(s, max(a, m.start() - 10), m.start()) or _MONTH_AFTER.match(s, m.end()):
            continue  # December 31, 2023, 30 June: a day
        if _PERIOD_AFTER.match(s, m.end()):
            continue  # 12 Months Ended: a period
        if _year_like(m.group("num")) and _YEAR_SPAN_BEFORE.search(s, max(a, m.start() - 8), m.start()):
            continue  # FY2025~2027: the end of a span of years
        if _COUNTER_AFTER.match(s, m.end()):
            continue  # 가입자 1,234,567 명: the cell names its own unit, a count
        if m.start() >= 3 and _OLD_DECIMAL_GAP.match(s, m.start() - 3, m.start()):
            continue  # (17· 2): the rest of an older print's decimal, a space after its point
        out.append(m)
    return out


def _glued(s: str, a: int, b: int) -> list[re.Match[str]]:
    """Cells a page lost the space between (580,000562,00018,000: 580,000 | 562,000 |
    18,000): the run is read as numbers with thousands separators, one after the other,
    and only if it is read whole; otherwise it is no cell."""
    run = _RUN.match(s, a, b)
    end = run.end() if run is not None else a
    if end < b and (s[end].isalnum() or s[end] in "%％"):
        return []
    pieces, at = [], a
    while at < end:
        m = _PIECE.match(s, at, end)
        if m is None:
            return []
        pieces.append(m)
        at = m.end()
    return pieces if len(pieces) >= 2 else []


def _rows_of(s: str, a: int, b: int) -> list[_Row]:
    """The rows a line holds: one in a row of bars (the column is the place among its
    non-empty cells); in a line of words, one for each label and the numbers after it,
    as flattened tables put several rows on a line (매출액 108,477 117,018 EBIT 3,455 …),
    the column being the place among the words since the label."""
    line = s[a:b].translate(_BARS)
    if _PRODUCT.search(line):
        return []  # 2,000,000 X 1식 = 2,000: a computation, in units of its own
    numbers = _numbers(s, a, b)
    if "|" in line:
        if _has_accounts(s):  # 관 | 항 | 목: a budget's account codes stand before their names
            numbers = [m for m in numbers if not _CODE_BEFORE_LABEL.match(s, m.end())
                       or "," in m.group("num") or len(m.group("num")) > 4]  # | 111 | 정부지원보육료 |
        label = _first_text(line[: numbers[0].start() - a] if numbers else line)
        found = tuple((m, sum(1 for p in line[: m.start() - a].split("|")[:-1] if p.strip())) for m in numbers)
        parts = [p.strip() for p in line.split("|") if p.strip()]
        percents = frozenset(k for k, p in enumerate(parts) if _PERCENT_CELL.match(p)) if "%" in line else frozenset()
        return [_Row(label, found, len(parts), True, percents)]
    rows, start, label, group = [], a, _first_text(s[a : numbers[0].start()] if numbers else s[a:b]), []
    for k, m in enumerate(numbers):
        between = s[numbers[k - 1].end() : m.start()] if k else ""
        if k and re.search(r"[^\W\d_]{2,}", _CENTS.sub("", between, count=1)):  # a label between numbers starts a row
            rows.append(_Row(label, tuple(group), bool(label) + len(s[start : numbers[k - 1].end()].split()), False))
            label, group, start = _label(_after_marker(between)), [], m.start()
        if not group:
            start = m.start()
        group.append((m, len(s[start : m.start()].split())))
    tail = len(s[start:b].split()) if group else 0
    rows.append(_Row(label, tuple(group), bool(label) + tail, False))
    if len(rows) >= 2 and not rows[0].label and len(rows[0].numbers) == 1 and rows[0].numbers[0][0].group(
            "num").isdigit() and not s[a : rows[0].numbers[0][0].start()].strip():
        del rows[0]  # 307 민간이전 199,773 200,744: the code a budget numbers its item with, before its name
    return rows


def _after_marker(between: str) -> str:
    """The label of a list's next item: what follows its last marker (…(69%) ▲경호실 33·6:
    경호실, not the bracket the item before it closed with)."""
    at = max(between.rfind(mark) for mark in _ITEM_MARKS + _ITEM_NUMBERS)
    label = between[at + 1 :] if at >= 0 else between
    return _LEADING_PERCENT.sub("", label)  # 5,982,660,000 100.00% 계(일반회계): the cell before is no part of the label


def _names(line: str) -> list[str]:
    """The columns' names a header row gives: its cells, or its words."""
    parts = line.split("|") if "|" in line else line.split()
    return [p for p in (_label(x) for x in parts) if p]


def _name(names: list[str], row: _Row, column: int) -> str:
    """The name of a column when the header row lines up with the row (as many cells, or
    one more for the labels' column); merged header cells line up with nothing. Where the
    row's cells in percent fall under the ratios' names only one place to the left, the
    header has no cell for the labels (금액 | 구성비 | 금액 over 영업수익 | 6,628 | 100.0% | …)."""
    place = column if row.barred else column + bool(row.label)
    if len(names) == row.cells and row.percents and row.label and _shifted(names, row.percents):
        return names[place - 1] if 0 < place <= len(names) else ""
    if len(names) == row.cells:
        return names[place] if place < len(names) else ""
    if len(names) == row.cells - 1 and row.label:
        return names[place - 1] if 0 < place <= len(names) else ""
    if not row.barred and not row.label and len(names) == row.cells + 1:
        return names[place + 1] if place + 1 < len(names) else ""
    return ""


def _shifted(names: list[str], percents: frozenset[int]) -> bool:
    """Do the percent cells fall under ratio names one place to the left, not in place?"""
    in_place = sum(1 for k in percents if k < len(names) and _label_skip(names[k]))
    left = sum(1 for k in percents if 0 < k <= len(names) and _label_skip(names[k - 1]))
    return left > in_place


def _label_skip(label: str) -> str | None:
    """Why a row or column of this label holds no money (a percentage, a ratio, a count),
    or None: (%) or (명) in it, a word of ratio (영업이익률, 부채비율, EBITDA마진), or a
    quotient (순차입금/EBITDA)."""
    if not label:
        return None
    bare = _UNIT_IN_LABEL.sub("", label).strip()
    for unit in _UNIT_IN_LABEL.finditer(label):
        inner = unit.group(1).strip()
        if inner in _NOT_MONEY_UNITS:
            return f"{label} is in {inner}, not money"
        if (inner.endswith(_LABEL_ENDINGS) or inner.endswith(_AGAINST_WORD)) and not (
                bare and unit.end() == len(label) and inner not in _LABEL_ENDINGS):
            return f"{label} is in {inner}, not money"
        # 총지출(증가율), 국가채무(GDP대비): the brackets of the row's cells hold the ratio, not the amount
    if bare.endswith(_LABEL_ENDINGS) or _LABEL_WORDS.search(label) or _QUOTIENT.search(label):
        return f"{label} is a ratio or count, not money"
    return None


def _label_unit(label: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | None:
    unit = _UNIT_IN_LABEL.search(label)
    if unit is None:
        return None
    return _label_money(unit.group(1), currencies)


def _label_money(text: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | None:
    """The money unit a label's bracket names (원, 백만원), or the money of one per a
    measure (소득(천원/10a), 분양가(만원/㎡): still money, in that unit); not a rate (원/달러)."""
    found = _money_unit(text, currencies)
    if found is None and text.count("/") == 1:
        money, per = text.split("/")
        if per.strip() and _money_unit(per, currencies) is None and not any(ch in per for ch in "%％"):
            found = _money_unit(money, currencies)
    return found


# ------------------------------------------------------------------ computations


def _plain_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _computation(s: str, a: int, b: int, header: Header) -> list[_Cell]:
    """A line of a budget's computation basis (산출기초): a unit price times counts, and its
    total on the line or after a line of ``=`` (3,128,300 X 3인 X 12월 = 112,619,000;
    2,000,000 X 1식⏎ = ⏎2,000). The unit price is in won, as such lines are written; it is
    read only when the arithmetic holds, with the total in won or in the header's unit
    (the next line's total, a cell of the table, is read as one)."""
    m = _COMPUTATION.search(s, a, b)
    if m is None or header.code != "KRW":
        return []
    digits = _plain_decimal
    product = digits(m.group("price"))
    with localcontext(ARITHMETIC):
        for f in _FACTOR.finditer(m.group("factors")):
            product *= digits(f.group("n")) / (100 if f.group("unit") in ("%", "％") else 1)
    same_line = m.group("total")
    if same_line is not None:
        total, scales = digits(same_line), (Decimal(1), header.scale)
    else:
        after = _TOTAL_AFTER.match(s, b)
        if after is None:
            return []
        total, scales = digits(after.group("total")), (header.scale,)
    scale = next((k for k in scales if abs(product - total * k) < 1000), None)
    if scale is None:
        return []
    price = digits(m.group("price"))
    out = [_Cell(m.start("price"), m.end("price"), price, written_precision(price), -1, "", large=True,
                 unit=("KRW", Decimal(1)))]
    if same_line is not None:
        out.append(_Cell(m.start("total"), m.end("total"), total, written_precision(total), -1, "", large=True,
                         unit=("KRW", scale)))
    return out


# ------------------------------------------------------------------ reading a table


_NOTES_COLUMN = re.compile(r"\b(?:Notes?|NOTES?)\b|주석")  # a statement's column of note numbers
_NOTES_REACH = 200  # characters around a header where its column heads are looked for
_NOTE_REF = re.compile(r"\d{1,2}")


def _past_notes(row: _Row) -> _Row:
    """A statement's row without the note numbers before its amounts (1, 19 100,000): small
    numbers written with no separator, before a number written with one."""
    j = 0
    while j < len(row.numbers) - 1 and _NOTE_REF.fullmatch(row.numbers[j][0].group("num")):
        j += 1
    if j == 0 or not any("," in m.group("num") for m, _ in row.numbers[j:]):
        return row
    return replace(row, numbers=row.numbers[j:])


def _table(s: str, header: Header, stop: int, currencies: CurrencyMatcher) -> tuple[list[_Cell], int]:
    """The cells of the table under ``header``, and where its last row ends."""
    cells: list[_Cell] = []
    label, names, section = "", [], ""
    flat = 0  # the place of the next number in a row written one number a line
    end = header.end
    widths: dict[int, int] = {}  # how many rows hold each count of numbers
    by_listing: list[tuple] = []  # cells given a unit by the header's list, by their row's count
    noted = not header.right and _NOTES_COLUMN.search(s, max(0, header.start - _NOTES_REACH), header.end + _NOTES_REACH)
    stack: list[tuple[int, str]] = []  # the cells of the row being written one number a line: (index, digits)
    codes: list[int] = []  # the cells that are an item's code, not an amount
    for a, b in _rows(s, header.end, stop):
        end = b
        if _PRODUCT.search(s, a, b):
            cells += _computation(s, a, b, header)
            continue
        for row in _rows_of(s, a, b):
            if noted and row.label and len(row.numbers) >= 2:
                row = _past_notes(row)  # Share capital 1, 19 100,000: the notes the row refers to, no amounts
            if not row.numbers:
                found = _names(s[a:b].translate(_BARS))
                if len(found) >= 2 and not any(_PERCENT_CELL.match(p) for p in found):
                    names = found  # not a row of percentages (% Revenue | 14.5% | 15.8%)
                if row.label:
                    label, flat, section = row.label, 0, row.label
                    codes += _item_code(stack)
                continue
            tokens = [m.group("num") for m, _ in row.numbers]
            if _numbering(tokens):
                continue  # 주요변동요인 1 2 3 4: items numbered, no amounts
            if row.label in _HEADER_WORDS or all(map(_year_like, tokens)) and (
                    not row.label and (len(tokens) >= 2 or not label or _named_year(s, row.numbers[0][0].end(), b))
                    or _successive(tokens)):
                names = _names(s[a:b].translate(_BARS)) if len(tokens) >= 2 else names
                continue  # 구분 | 2024 | 2023, FY - 4 | FY - 3, or 2022 | alone on its line: names of columns
            if row.label or len(row.numbers) != 1:
                codes += _item_code(stack)
            if row.label:
                parent = _GROUP.fullmatch(label)
                label, flat = row.label, 0
                if parent is not None and _SUB_LABEL.fullmatch(row.label):
                    label = f"{parent.group('measure')} {row.label}"  # 액면배당률(%) 보통주 40 …⏎우선주 41 …: the group's measure
            widths[len(row.numbers)] = widths.get(len(row.numbers), 0) + 1
            for k, (m, column) in enumerate(row.numbers):
                name = _name(names, row, column)
                if not row.label and len(row.numbers) == 1:  # one number a line, after its label
                    column, flat, name = flat, flat + 1, ""
                    stack.append((len(cells), m.group("num")))
                listed = header.columns[k] if len(header.columns) == len(row.numbers) and not (
                    row.percents and header.code is not None) else ...  # (6,628 | 100.0% | 10,029 | 100.0%
                # under (단위:백만원,%): the row writes its percents itself, its numbers are the money)
                if header.right and len(row.numbers) > len(header.columns):  # Revenue 29 302,231,360 …: a note first
                    at = k - (len(row.numbers) - len(header.columns))
                    if at < 0:
                        continue  # the note the row refers to, no amount
                    listed = header.columns[at]
                cell = _cell(m, column, label, name, header, currencies, listed, section)
                if listed is not ...:
                    by_listing.append((len(cells), m, column, label, name, section))
                sign = _SIGN_BEFORE.search(s, max(a, m.start() - 5), m.start())
                if sign is not None and _CURRENCIES.get(sign.group(1)) == header.code and cell.unit is None:
                    cell.start = sign.start()  # | ₩ 57,466,678 under ₩ in Millions: the sign is the header's
                cells.append(cell)
    if by_listing and not header.right and max(widths, key=widths.__getitem__) != len(header.columns):
        for k, m, column, label, name, section in by_listing:  # (단위:억원, %) over three columns: a short
            cells[k] = _cell(m, column, label, name, header, currencies, ..., section)  # row is no column list
    codes += _item_code(stack)
    if codes:
        cells = [c for k, c in enumerate(cells) if k not in codes]
    return cells, end


def _item_code(stack: list[tuple[int, str]]) -> list[int]:
    """The code a budget's statement numbers an item with, written one cell a line before
    its amounts (경상예산⏎110⏎2,720,382⏎25,000,778⏎27,721,160, in 천원): a first cell of
    digits alone, before three amounts of which one is the sum of the other two (this year's,
    last year's and the change). Empties ``stack``; the code's index, or none."""
    found: list[int] = []
    if len(stack) == 4 and stack[0][1].isdigit() and len(stack[0][1]) <= 4:
        x, y, z = (Decimal(d.replace(",", "")) for _, d in stack[1:])
        if x + y == z or y + z == x or x + z == y:
            found.append(stack[0][0])
    stack.clear()
    return found


_YEAR_NAME = re.compile(r"(?:년도?)?\s?[가-힣]")


def _named_year(s: str, end: int, stop: int) -> bool:
    """Does a year name its column with a word after it (2026 예산 |, 2025년 결산)?"""
    return _YEAR_NAME.match(s, end, stop) is not None


def _glued_label(s: str, opened: int) -> bool:
    """Is the bracket opening at ``opened`` glued to a word (주차비(3,000), 등록금(460,400,000)):
    the word's own sum in brackets, not an accounting negative?"""
    return opened > 0 and is_hangul(s[opened - 1])


def _cell(m: re.Match[str], column: int, label: str, name: str, header: Header,
          currencies: CurrencyMatcher, listed: object = ..., section: str = "") -> _Cell:
    """A cell, in the unit its row's label names, else the unit of the section it sits in
    (a row of words alone: Earnings per share (US cents), then – basic | 2.94), else its
    column's, else the header's."""
    digits = m.group("num").replace(",", "").replace("·", ".")  # 49·8: the decimal point of older print
    value = Decimal(digits)
    sign = m.group("sign")
    negative = sign in _NEGATIVE or (m.group("open") is not None and header.parens == "negative"
                                     and not _SUB_ROW.match(label) and not _glued_label(m.string, m.start("open")))
    with localcontext(ARITHMETIC):
        value = -value if negative else value
    cell = _Cell(m.start(), m.end(), value, written_precision(Decimal(digits)), column, label,
                 decimals="." in digits, large=abs(value) >= _FLOOR or "," in m.group("num"))
    if m.group("open") is not None and header.parens == "not_money":
        cell.skip = f"the header says parentheses hold no money ({header.text})"
    cell.column_name = name
    own = _label_unit(label, currencies)
    if _CENTS.match(m.string, m.end()) and header.code is not None:
        own = (header.code, Decimal("0.01"))  # (3.58) cents in a table in HK$'000: cents of its currency
    if own is None and header.code is not None and _PER_SHARE.search(label) and _label_skip(_PER_SHARE.sub("", label)) is None:
        own = (header.code, Decimal(1))  # 주당배당금 | 1,000 under 백만원: won per share, not millions
    if own is None and _label_skip(label) is None:  # Gearing Ratio (%) under Net Asset Value per Share (HK$)
        own = (_label_unit(section, currencies) if section != label else None) or (
            _label_unit(name, currencies) if name else None)
    cell.unit = own
    if cell.unit is None and listed is not ...:  # (단위: 조원, 조원, %): the header's unit for this column
        if listed is None:
            cell.skip = cell.skip or f"the header gives this column a unit that is not money ({header.text})"
        else:
            cell.unit = listed  # type: ignore[assignment]
            cell.skip = cell.skip or _label_skip(label)  # (증가율 | 3.5 under 조원, %: the row's label says a ratio)
    if cell.unit is None:
        cell.skip = cell.skip or _label_skip(label) or _label_skip(name)
        if header.code is None:  # (a row shorter than the columns its header names: no column's unit is its own)
            cell.skip = cell.skip or header.problem or f"no column of the header gives this cell a unit ({header.text})"
    return cell


def _percent_columns(cells: list[_Cell]) -> set[int]:
    """Columns whose every cell is a small number, mostly decimals, in a table whose other
    columns hold large amounts: percentages the labels did not name (구성비, 증감률)."""
    if not any(c.large for c in cells):
        return set()
    by_column: dict[int, list[_Cell]] = {}
    for c in cells:
        if c.skip is None:
            by_column.setdefault(c.column, []).append(c)
    large = [c for c in cells if c.large and c.skip is None]
    if sum(c.decimals for c in large) * 2 > len(large):
        return set()  # 180.5 | 199.9 | 19.4 under 조원: amounts written with decimals, a small one among them no percentage
    out = set()
    for column, members in by_column.items():
        if len(members) < 2 or not any(c.decimals for c in members):
            continue  # (a column of zeros is no percentage: 증감 0)
        if any(abs(c.value) > _CEILING for c in members) and not (
                all(c.decimals and not c.large and abs(c.value) < _CEILING * 10 for c in members)
                and not any(c.decimals for other, ms in by_column.items() if other != column for c in ms)):
            continue  # a rise of 175.78% beside whole amounts: beyond 100, but every cell a small decimal
        if sum(c.decimals or abs(c.value) in (0, _CEILING) for c in members) * 5 >= len(members) * 3 and any(
                c.large for other, ms in by_column.items() if other != column for c in ms):
            out.add(column)
    return out


def _row_percents(cells: list[_Cell]) -> None:
    """Under a header that lists % among its units (단위:백만원, %), a small decimal in a row
    of large whole amounts is the row's percentage (매출액 998,207 878,893 -12.0: 증감률), where
    a column of it cannot be told (a table laid out a cell a line)."""
    large_rows = {c.label for c in cells if c.large and c.skip is None and c.label}
    large_rows -= {c.label for c in cells if c.decimals and c.large}  # (1,195.8 | △3.7 under 조원: a change, in tenths too)
    for c in cells:
        if (c.skip is None and c.unit is None and c.decimals and not c.large and abs(c.value) < _CEILING
                and c.label in large_rows):
            c.skip = "a small decimal beside the row's amounts, under a header that lists %: a percentage"


_MONTH_DAY = re.compile(r"(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])")


def _unseparated(s: str, cells: list[_Cell]) -> None:
    """In a table that writes its amounts with thousands separators, a number of four
    digits or more before its decimal point without them, or with a leading zero, is a
    year, a date or a code (2023, 2026.01, 1212, 01), not an amount. In one that writes
    them with decimals (180.5 | 199.9 under 조원), a whole number that reads as a year is
    one (2020년 | 2021: the name of a column)."""
    if sum(c.decimals for c in cells) * 2 >= len(cells) >= 2:
        year = None
        for c in cells:
            if year is not None and "\n" not in s[year.end : c.start] and _MONTH_DAY.fullmatch(s, c.start, c.end):
                c.skip = f"{s[c.start:c.end]} is a date after the year {s[year.start:year.end]}, not an amount"
                continue  # 2008 6.20 9.18: the year, then the days of the year
            year = None
            if c.skip is None and _year_like(s[c.start : c.end]):
                c.skip = f"{s[c.start:c.end]} is a year among amounts written with decimals, not an amount"
                year = c
    if not any("," in s[c.start : c.end] for c in cells):
        return
    for c in cells:
        digits = s[c.start : c.end].strip("()△▲▼+-")
        whole = digits.split(".")[0]  # 2026.01 in a column of maturities: a date
        if c.skip is None and whole.isdigit() and (len(whole) >= 4 or (len(whole) > 1 and whole[0] == "0")):
            c.skip = f"{digits} is written without the table's thousands separators: a year, a date or a code"


@cache
def _level_span(base: str) -> tuple[Decimal, Decimal] | None:
    from units.rates import history_range  # the rate history loads on first use

    span = history_range(base, "KRW")
    return None if span is None else (span[0] / 2, span[1] * 3 / 2)


def _rate_label(label: str, currencies: CurrencyMatcher) -> tuple[str, Decimal | None] | None:
    """The currency a row of exchange rates is labelled with under a header in won (USD,
    미국 달러, JPY(100엔), 엔화 100) and the count its rates are for when the label says
    (100), or None for a label that is no currency alone."""
    m = _RATE_LABEL.fullmatch(label)
    if m is None:
        return None
    unit = _money_unit(m.group("name") or m.group("word"), currencies)
    if unit is None or unit[0] == "KRW" or unit[1] != 1:
        return None
    return unit[0], Decimal(100) if m.group("per") or m.group("wper") else None


def _rate_level(code: str, per: Decimal | None, value: Decimal) -> Decimal | None:
    """How many units of ``code`` a cell of its row is the price of (the label's count, else
    1 or 100, whichever makes it a level the currency had in won), or None: no level."""
    span = _level_span(code)
    for count in ((per,) if per else (Decimal(1), Decimal(100))):
        if span is None or span[0] <= value / count <= span[1]:
            return count
    return None


def read_tables(s: str, currencies: CurrencyMatcher, trace: list[Rejection] | None,
                quotes: list | None = None, won_only: Callable[[], bool] | None = None,
                figures: Sequence[Candidate] = ()) -> list[Candidate]:
    """The money cells of every table under a unit header in ``s``, in order. A row of
    exchange rates under a header in won (USD | 1,291.15) gives rate quotes, added to
    ``quotes`` when given, and no money. ``won_only`` says whether the text names no
    money but the won (asked only when a table with no unit could be read as plain won);
    ``figures``, the amounts the text writes with their unit, may give a table with no
    unit its unit by restating a cell (read_echoed)."""
    headers = find_headers(s, currencies)
    out: list[Candidate] = []
    spans = []
    for k, header in enumerate(headers):
        stop = headers[k + 1].start if k + 1 < len(headers) else len(s)
        if header.rate is not None:
            end = _rate_table(s, header, stop, currencies, trace, quotes)
            spans.append((header.start, end))
            continue
        if header.code is None and not header.columns:
            spans.append((header.start, stop))  # a header that reads nothing keeps what follows it from other readers
            if trace is not None and header.problem and "names no unit" not in header.problem:
                trace.append(Rejection(header.start, header.end, "ambiguous_header", header.problem))
            continue
        if header.code is None and len({c for c in header.columns if c}) >= 2:
            header = _coded_columns(s, header, stop)  # KRW KRW USD USD under (In millions of Korean won, in thousands of US dollars)
        cells, end = _table(s, header, stop, currencies)
        spans.append((header.start, end))  # the table's own lines: a labelled row after it is read (… per share(won)⏎400)
        _unseparated(s, cells)  # (a year is no large amount: 2021 among 180.5 | 199.9)
        percent = _percent_columns(cells)
        if "%" in header.text or "％" in header.text:
            _row_percents(cells)
        for c in cells:
            if c.unit is None and header.code == "KRW" and header.scale == 1 and (
                    labelled := _rate_label(c.label, currencies)) is not None:
                code, per = labelled
                count = _rate_level(code, per, c.value)
                if count is None:
                    c.skip = f"a change or share in a row of exchange rates ({c.label}), not money"
                else:
                    c.skip = f"a rate of {code} in won: a row of exchange rates"
                    if quotes is not None:
                        quotes.append(_quote(c, (code, count)))
            if c.skip is None and c.column in percent and c.unit is None:
                c.skip = "a column of small decimals beside large amounts: a percentage"
            if c.skip is not None:
                if trace is not None:
                    trace.append(Rejection(c.start, c.end, "table_not_money", c.skip))
                continue
            out.append(_candidate(c, header))
    columns = (read_column_tables(s, currencies, spans) + read_labelled(s, currencies, spans)
               + read_keyed(s, currencies, spans) + read_unit_columns(s, currencies, spans)
               + (read_headed(s, currencies, spans, won_only) if won_only is not None else []))
    if won_only is not None:
        columns += read_money_rows(s, currencies, spans, won_only)
    if (b"illion" in (ascii_part := ascii_of(s)) or b"housand" in ascii_part) and _FOOTNOTE_CUE.search(s) is not None:
        # (looked for among the ASCII characters first: a regex over every text cost more than the words)
        columns += read_footnoted(s, currencies, spans)
    if figures and ("|" in s or "," in s):
        columns += read_echoed(s, currencies, spans + [(c.start, c.end) for c in columns], figures)
    found = sorted(out + columns, key=_START) if columns else out
    return _cell_ranges(s, found) if len(found) >= 2 else found


_START = attrgetter("start")
# 12,000 to 46,000 | 15% |, 500~1,000, 5–10: one cell, a bracket of amounts (not 297,556 - 543,307, where
# a spaced dash is the empty cell between two)
_CELL_RANGE = re.compile(r" ?[~∼〜] ?| to |–")


def _cell_ranges(s: str, cells: list[Candidate]) -> list[Candidate]:
    """Two amounts of a table joined by a range's mark or "to" (a tax bracket, a fee's
    span) are one cell: a range, not two amounts."""
    out: list[Candidate] = []
    for c in cells:
        last = out[-1] if out else None
        if (last is not None and last.qualifier is None and last.code == c.code and last.scale == c.scale
                and _CELL_RANGE.fullmatch(s, last.end, c.start) is not None and ZERO <= last.low < c.high):
            out[-1] = last.but("table_range", end=c.end, word_end=c.end, high=c.high, exact=False,
                               qualifier="range_of", shape="range", precision=min(last.precision, c.precision))
        else:
            out.append(c)
    return out
_MONEY_COLUMN = re.compile("|".join(map(re.escape, sorted(_T["columns"]["money"], key=longest_first))))
_PLAIN_WON = int(_T["columns"]["plain_won_digits"])
_NO_HEADER = Header(0, 0, "", "KRW", Decimal(1))
_ENGLISH_COLUMN_HINT = re.compile(r"K[¥$€£₩]|['’]000|\b(?:" + _SCALE_WORDS + r")\b")
_ENGLISH_COLUMN = re.compile(
    r"(?<![A-Za-z])(?P<code>KRW|USD|US\$|HK\$|HKD|RMB|CNY|JPY|EUR)\s?\(?(?P<scale>K[¥$€£₩]|['’]000|"
    + _SCALE_WORDS + r")\)?$", re.IGNORECASE
)  # the cells of a column whose header names its money


def _column_unit(name: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | bool | None:
    """A column's money unit from its name: written (금액(원) -> KRW 1, 예산액(천원)), or True
    for a money noun with no unit (예산현액: plain won if its cells say so), else None."""
    if _label_skip(name):
        return None
    unit = _label_unit(name, currencies)
    if unit is not None:
        return unit
    english = _ENGLISH_COLUMN.search(name)
    if english is not None:  # 2024/12 RMB(K¥), HK$'000, KRW mn: a currency and its scale ending the name
        code = _CURRENCIES[english.group("code").upper()]
        scale = english.group("scale") or ""
        if scale.startswith("K") or "000" in scale:
            return code, Decimal(1000)
        return code, _SCALES[scale.lower()] if scale else Decimal(1)
    return True if _MONEY_COLUMN.search(name) else None


def _bars_on_two_lines(s: str) -> bool:
    """Does ``s`` hold a bar (|), and another bar on a later line?"""
    first = s.find("|")
    line_end = s.find("\n", first) if first >= 0 else -1
    return line_end >= 0 and any(s.find(bar, line_end) >= 0 for bar in _BAR_CHARS)


def read_column_tables(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]]) -> list[Candidate]:
    """Tables with no unit header whose column headers name their money (| 회계별 | 예산현액 |
    지출액 누계 | 집행률 |): the cells of each such column, outside the ``skip`` spans (the
    tables of unit headers)."""
    if not _bars_on_two_lines(s) or (_MONEY_COLUMN.search(s) is None and _ENGLISH_COLUMN_HINT.search(s) is None):
        return []  # (a header row and a row under it: not a byline's 입력 … | 수정 …)
    out: list[Candidate] = []
    units: list[tuple[str, Decimal] | bool | None] = []
    titles: list[str] = []
    column_cells: dict[int, list[_Cell]] = {}
    a = k = 0  # k: the first header span not yet passed (the spans are in order)
    while a < len(s):
        bar = _ANY_BAR.search(s, a)
        if bar is None:
            break
        start = s.rfind("\n", a, bar.start()) + 1
        if start > a:  # lines with no bar between: each ends the columns (read once, not line by line)
            out += _plain_columns(s, column_cells, units)
            units, column_cells = [], {}
            a = start
        b = s.find("\n", a)
        b = len(s) if b < 0 else b
        line = s[a:b].translate(_BARS)
        while k < len(skip) and skip[k][1] <= a:
            k += 1
        inside = k < len(skip) and skip[k][0] <= a
        if "|" not in line or inside:
            out += _plain_columns(s, column_cells, units)
            units, column_cells = [], {}
        else:
            rows = _rows_of(s, a, b)
            row = rows[0] if rows else _Row("", (), 0, True)
            names = [p for p in (_label(x) for x in line.split("|")) if p]
            if not row.numbers and len(names) >= 2:
                out += _plain_columns(s, column_cells, units)
                units, column_cells = [_column_unit(n, currencies) for n in names], {}
                titles = names
            elif units and (row.cells == len(units) or row.cells == len(units) + 1 and row.label):
                shift = row.cells - len(units)  # | Turnover | 3,484,655 | under a header row with no labels' cell
                for m, column in row.numbers:
                    column -= shift
                    if 0 <= column < len(units) and units[column] and len(m.group("num")) <= _MAX_CELL:
                        cell = _cell(m, column, "", titles[column], _NO_HEADER, currencies)
                        column_cells.setdefault(column, []).append(cell)
        a = b + 1
    out += _plain_columns(s, column_cells, units)
    return out


def _plain_columns(s: str, column_cells: dict[int, list[_Cell]], units: list) -> list[Candidate]:
    out = []
    for column, cells in column_cells.items():
        unit = units[column]
        if unit is True:  # a money noun with no unit: plain won only if a cell is written in won
            if not any(len(s[c.start : c.end].strip("()△▲▼+-").replace(",", "").split(".")[0]) >= _PLAIN_WON
                       for c in cells):
                continue
            unit = ("KRW", Decimal(1))
        for c in cells:
            c.unit = unit  # type: ignore[assignment]
            out.append(_candidate(c, _NO_HEADER, f"column_header:{c.column_name}"))
    return out


def _candidate(c: _Cell, header: Header, rule: str | None = None) -> Candidate:
    code, scale = c.unit if c.unit is not None else (header.code, header.scale)  # type: ignore[misc]
    with localcontext(ARITHMETIC):
        value, precision = c.value * scale, c.precision * scale
    number = Number(c.start, c.end, c.value, c.value, c.precision, arabic=True)
    rule = rule or f"unit_header:{' '.join(header.text.split())}"
    return Candidate(c.start, c.end, value, value, precision, code, number, None, c.end, c.end, basis="header",
                     rules=("table_cell", rule))


_BRACKETED = re.compile(r"[(\[]([^()\[\]\n]{1,24})[)\]]")  # (KRW) or, as some tables print it, [KRW]
_UNIT_INSIDE = r"(?:(?:KRW|USD|EUR|JPY|CNY|RMB|HKD|GBP|TWD|SGD)\b|₩|\$|US\$|HK\$|[Ww]on\b|원|천 ?원|백만 ?원|억 ?원|만 ?원|in )"
# one pattern per bracket, each opening with its literal: the engine's fast scan (a class of
# two openers would try every character)
_UNIT_BRACKETS = (re.compile(r"\(" + _UNIT_INSIDE), re.compile(r"\[" + _UNIT_INSIDE))
_START_OF = methodcaller("start")
_PER_ONE = re.compile(r"\d+(?=[가-힣])")  # 1인당, 2차: a number inside a column's name
_COUNTED = re.compile(r"^(?:천|만|백만|십만|억)")  # 천일, 만명: a count's unit in thousands or myriads
_UNIT_COUNT = re.compile(r"^(?:KRW|USD|EUR|JPY|RMB|HK\$|US\$|₩|\$) ?1[0,]*(?: |$)")  # (KRW 1,000,000), (₩1 million)
_ROW_TOKEN = re.compile(r"\S+")
_DASHES = frozenset("-–—")
_COLUMN_ROWS = 60  # rows read under a line of column units, at most


def _column_units(s: str, at: int, currencies: CurrencyMatcher) -> list[tuple[str, tuple[str, Decimal] | None]] | None:
    """The units of the columns a header line names in brackets, in order (Category Dividend
    per Share (KRW) Market price-dividend (%) … Total Dividend Amount (KRW million)): when
    the line holding ``at`` has two or more, every one a unit and one of them money, and
    no numbers of its own; else None."""
    a = s.rfind("\n", 0, at) + 1
    b = s.find("\n", at)
    line = s[a : len(s) if b < 0 else b]
    if line.count("(") + line.count("[") < 2 or len(line) > 400:
        return None
    brackets = _BRACKETED.findall(line)
    if len(brackets) < 2 or any(ch.isdigit() and not _UNIT_COUNT.search(inner) for inner in brackets for ch in inner[:1] + inner[-1:]):
        return None  # (약 18조 원), (2024): an amount or a year in brackets, no unit
    if _CELL.search(_PER_ONE.sub("", _BRACKETED.sub("", line))):
        return None  # (a column's name may count: 1인당 진료비(원))
    units: list[tuple[str, tuple[str, Decimal] | None]] = []
    for inner in brackets:
        unit = _money_unit(inner, currencies)
        if unit is None and inner.strip() not in _NOT_MONEY_UNITS and _COUNTED.sub("", inner.strip()) not in _NOT_MONEY_UNITS:
            return None  # (천명, 천일: a count in thousands)
        units.append((inner, unit))
    return units if any(unit for _, unit in units) else None


# A quote site's footnotes of units under its tables (1 KRW in Million 2 KRW |): the rows whose
# label ends in a note's number (Net sales1 |, EPS2 |) hold cells in that note's unit, spaced in
# thousands with a decimal comma (66 700 | -9 074 | 0,46), on the line after the label.
_NOTE_UNIT = r"\d (?:[A-Z]{3})(?: in (?:Million|Thousand|Billion)s?)?"
FOOTNOTES = re.compile(r"(?m)^[ \t]*(?P<notes>" + _NOTE_UNIT + r"(?: " + _NOTE_UNIT + r")*)[ \t|]*$")
_FOOTNOTE = re.compile(r"(?P<n>\d) (?P<code>[A-Z]{3})(?: in (?P<scale>Million|Thousand|Billion)s?)?")
_FOOTNOTE_SCALES = {None: 0, "Thousand": 3, "Million": 6, "Billion": 9}
_FOOTNOTE_CUE = re.compile(r" in (?:Million|Thousand|Billion)")
_NOTED_LABEL = re.compile(r"(?m)^[ \t|]*(?P<label>[^\n|]*?[A-Za-z)])(?P<n>\d)[ \t]*\|?[ \t]*\n(?P<cells>[^\n]*)")
_SPACED_CELL = re.compile(r"[ \t]*(?P<num>[-–]?\d{1,3}(?: \d{3})*(?:,\d+)?)[ \t]*(?:\||$)")
_BLOCK_START = re.compile(r"(?m)^[ \t|]*Fiscal Period")


def read_footnoted(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]]) -> list[Candidate]:
    """The cells of tables whose units a footnote line gives by number (Net sales1 |⏎66 700 |
    26 832 | … ⏎1 KRW in Million 2 KRW |): each row labelled with a note's number is in that
    note's currency and scale; a row with no number (Operating Margin, Announcement Date)
    is not money. The rows read are those between the footnote and the one before it."""
    out: list[Candidate] = []
    begin = 0
    for foot in FOOTNOTES.finditer(s):
        notes = {m.group("n"): (m.group("code"), Decimal(10) ** _FOOTNOTE_SCALES[m.group("scale")])
                 for m in _FOOTNOTE.finditer(foot.group("notes")) if m.group("code") in currencies.kept}
        start = max((m.start() for m in _BLOCK_START.finditer(s, begin, foot.start())), default=begin)
        begin = foot.end()
        if not notes or any(a < foot.start() and start < b for a, b in skip):
            continue
        for row in _NOTED_LABEL.finditer(s, start, foot.start()):
            unit = notes.get(row.group("n"))
            if unit is None:
                continue  # (EPS2 |: the note gives even a row a ratio's label would make no money)
            code, scale = unit
            at, end = row.start("cells"), row.end("cells")
            while (cell := _SPACED_CELL.match(s, at, end)) is not None and cell.end() > at:
                a, b = cell.span("num")
                written = cell.group("num").replace("–", "-")
                digits = Decimal(written.replace(" ", "").replace(",", "."))
                with localcontext(ARITHMETIC):
                    value, precision = digits * scale, written_precision(abs(digits)) * scale
                number = Number(a, b, digits, digits, written_precision(abs(digits)), arabic=True)
                out.append(Candidate(a, b, value, value, precision, code, number, None, b, b, basis="header",
                                     rules=("table_cell", f"unit_footnote:{foot.group('notes')}")))
                at = cell.end()
                if at < end and s[at - 1] != "|":
                    break
    return out


_RULE_ROW = re.compile(r"[ \t|:\-=─━]+")


def read_unit_columns(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]]) -> list[Candidate]:
    """The rows under a line that names each column's unit in brackets, the cells separated
    by spaces (2022 1,200 1.5 37.0 825,181 -): a row with as many cells as the line has
    units, after its label, gives each money column's cell in that column's unit."""
    out: list[Candidate] = []
    done = -1
    found = [p.finditer(s) for p in _UNIT_BRACKETS if p.pattern[1] in s]
    marks = found[0] if len(found) == 1 else heapq.merge(*found, key=_START_OF)
    for unit_mark in marks:  # only lines with a bracket that opens with a unit
        at = unit_mark.start()
        if at < done:
            continue
        units = _column_units(s, at, currencies)
        line_end = s.find("\n", at)
        done = line_end if line_end >= 0 else len(s)
        if units is None or line_end < 0 or any(a <= at < b for a, b in skip):
            continue
        a = line_end + 1
        for _ in range(_COLUMN_ROWS):
            b = s.find("\n", a)
            b = len(s) if b < 0 else b
            if _RULE_ROW.fullmatch(s, a, b):
                a = b + 1  # |---|---|: the rule under a table's head
                continue
            tokens = list(_ROW_TOKEN.finditer(s, a, b))
            cells = [t for t in tokens[1:] if t.group() in _DASHES or _CELL.fullmatch(t.group())]
            if len(tokens) == len(units) and all(_CELL.fullmatch(t.group()) for t in tokens):
                cells = tokens  # 3,000 3,180,000 38,160,000 4.80 …: a row of cells alone, no label before them
            if not tokens or not cells:
                break
            while len(cells) > len(units) and cells[-1].group() in _DASHES:
                cells.pop()  # 825,181 - : a dash in a column of words the header gives no unit
            if len(cells) == len(units):
                for t, (inner, unit) in zip(cells, units):
                    m = _CELL.fullmatch(s, t.start(), t.end())
                    if unit is None or m is None or len(m.group("num")) > _MAX_CELL:
                        continue
                    c = _cell(m, 0, tokens[0].group(), "", _NO_HEADER, currencies)
                    c.unit = unit
                    out.append(_candidate(c, _NO_HEADER, f"column_unit:({inner})"))
            a = b + 1
        done = a
    return out


# the end of a labelled line: the unit's closing bracket, a word or two, the value
_VALUE = r"(?:[-△]?\(?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?|[-△]?\d+(?:\.\d+)?|-)"
_LABELLED = re.compile(  # the values on the label's line, or alone on the next (Par value per⏎share (won)⏎1,000 1,000)
    r"(?m)[)\]](?P<mid>[ \t|]*(?:\n[ \t|]*|(?:[가-힣A-Za-z]{1,8}[ \t]+){1,2}|[가-힣A-Za-z]{1,8}[ \t|]+)?)"
    r"(?P<cells>" + _VALUE + r"(?:[ \t|]+" + _VALUE + r"){0,11})(?:[ \t|]*$|[ \t]*\|[ \t]*(?=[^\d\s|.,()△-]))"
)  # (… | 876 | 소득률(%)* | 61.5: a flattened row ends at the next label's cell)
_UNIT_TEXT = re.compile(r"[^()\[\]\n]{1,32}")
_CELL_LABEL = re.compile(r"[ \t]*[^\d\s|()\[\]][^\d\n|()\[\]]{0,29}")  # a cell's label: no number, no bar
_LABEL_TEXT = re.compile(r"[ \t|]*(?:\([A-Za-z가-힣 ]{1,16}\)\s?)?(?P<label>[^\n|(\[]{1,60}?)\s?")  # (Consolidated) Net income


def _all(s: str, ch: str) -> list[int]:
    out, at = [], s.find(ch)
    while at >= 0:
        out.append(at)
        at = s.find(ch, at + 1)
    return out


def read_labelled(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]]) -> list[Candidate]:
    """The values on the line of a label that names its unit, as disclosures print them
    (5. 배당금총액(원) 58,303,222,800; 1주당 배당금(원) 보통주식 300; 주당배당금 (원) 5,000
    5,000 6,500, a row of a table flattened into words), outside the ``skip``
    spans (the tables of unit headers). A unit that is not money ((%), (주)) gives nothing."""
    if "(" not in s and "[" not in s:
        return []
    out = []
    for close in sorted(_all(s, ")") + _all(s, "]")):  # str.find: a regex scan of every character costs 7 ns each
        m = _LABELLED.match(s, close)
        if m is None or any(a <= m.start() < b for a, b in skip):
            continue
        line = s.rfind("\n", 0, m.start()) + 1
        opened = max(s.rfind("(", line, m.start()), s.rfind("[", line, m.start()))
        units_text = s[opened + 1 : m.start()]
        if opened < 0 or not _UNIT_TEXT.fullmatch(units_text):
            continue
        head = _LABEL_TEXT.fullmatch(s, line, opened)
        if head is not None:
            label = head.group("label")
        elif (bar := s.rfind("|", line, opened)) >= 0 and _CELL_LABEL.fullmatch(s, bar + 1, opened):
            label = s[bar + 1 : opened].strip()  # … | 참깨 | 소득(천원/10a) | 395 | 561: a row flattened into one line
        elif opened == line and line >= 2:  # Total Dividend Paid⏎(Common Stock, KRW million)⏎773,839 …
            label = s[s.rfind("\n", 0, line - 1) + 1 : line - 1].strip()
            if not label or len(label) > 60 or any(ch.isdigit() for ch in label):
                continue
        else:
            continue
        unit = _label_money(units_text, currencies) or _money_unit(units_text.rpartition(",")[2], currencies)
        if unit is None:  # (Common Stock, KRW million): the unit after what the row counts
            continue
        rule = f"label_unit:{_label(label)}({units_text})"
        for cell in _CELL.finditer(s, m.start("cells"), m.end("cells")):  # 주당배당금 (원) 5,000 5,000 6,500
            if len(cell.group("num")) > _MAX_CELL:
                continue  # (a run of digits longer than any amount)
            c = _cell(cell, 0, _label(label), "", _NO_HEADER, currencies)
            c.unit = unit
            out.append(_candidate(c, _NO_HEADER, rule))
    return out


def _rate_table(s: str, header: Header, stop: int, currencies: CurrencyMatcher, trace: list[Rejection] | None,
                quotes: list | None) -> int:
    """The cells of a table under a header of exchange rates in won ((단위: 100엔당 원)):
    a rate quote each where it is a level the currency had, else a change; never money.
    Where the table ends."""
    code, per = header.rate  # type: ignore[misc]
    cells, end = _table(s, header, stop, currencies)
    percent = _percent_columns(cells)
    for c in cells:  # the labels' words (환율, 기준율) say rate, not money: the level alone decides
        if (c.column not in percent and not _year_like(s[c.start : c.end])
                and _rate_level(code, per, c.value) is not None):
            if quotes is not None:
                quotes.append(_quote(c, (code, per)))
        elif trace is not None:
            trace.append(Rejection(c.start, c.end, "table_not_money", c.skip or
                                   f"a change or share in a table of exchange rates ({header.text}), not money"))
    return end


def _quote(c: _Cell, rate: tuple[str, Decimal]) -> object:
    from units.extraction.quotes import QuoteDraft

    code, per = rate
    with localcontext(ARITHMETIC):
        level = c.value / per
    return QuoteDraft(c.start, c.end, code, "KRW", level, per, None, "level", "table_rate_row")


_VALUE_LINE = re.compile(r"\n[ \t]*\d{1,3}(?:,\d{3}){2,}[ \t]*(?:\n|$)")
_SEVEN_DIGITS = re.compile(rb",\d{3},\d{3}")  # a keyed amount's two thousands groups at least: a comma first, fast to find
_KEYED = re.compile(r"(?m)^[ \t|]*(?P<label>[가-힣][가-힣 ]{1,11}?)[ \t]*(?:\||\n)[ \t]*(?P<num>\d{1,3}(?:,\d{3}){2,})"
                    r"[ \t]*(?=\||$)")  # | 총사업비 | 50,000,000 |, or the value alone on the next line


def read_keyed(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]]) -> list[Candidate]:
    """A key and its value in a row of bars, with no unit anywhere: a money noun and an
    amount written in plain won (| 총사업비 | 50,000,000 |), the won a table in thousands
    never writes (seven digits or more, as for a column of such nouns)."""
    if (_SEVEN_DIGITS.search(ascii_of(s)) is None or ("|" not in s and _VALUE_LINE.search(s) is None)
            or _MONEY_COLUMN.search(s) is None):
        return []  # (a row of bars, or a line holding only a plain won amount: 총사업비⏎ 2,350,005,000)
    out = []
    for m in _KEYED.finditer(s):
        label = m.group("label").strip()
        if any(a <= m.start() < b for a, b in skip) or not _MONEY_COLUMN.fullmatch(label):
            continue
        if len(m.group("num").replace(",", "")) < _PLAIN_WON:
            continue
        cell = _CELL.match(s, m.start("num"), m.end("num"))
        if cell is None or len(cell.group("num")) > _MAX_CELL:
            continue
        c = _cell(cell, 0, label, "", _NO_HEADER, currencies)
        c.unit = ("KRW", Decimal(1))
        out.append(_candidate(c, _NO_HEADER, f"keyed_won:{label}"))
    return out


_HEADINGS = _T["columns"]["heading"] + _T["columns"]["fee_heading"]
_FEES = frozenset(_T["columns"]["fee_heading"])
_HEADING = re.compile("|".join(" ?".join(map(re.escape, w))  # 금 액, 예 산 액: a heading spaced out to its cell's width
                               for w in sorted(_HEADINGS, key=longest_first)))
_HEADING_LAST = frozenset(w[-1] for w in _HEADINGS)  # 액, 료: the nouns end in few syllables, rare in running text (not 비 or 표)
_COMMA_GROUP = re.compile(rb",\d\d\d")  # a literal first: the engine skips to each comma


def _grouped(ascii_part: bytes) -> bool:
    """Does the text write a number with thousands (1,234)? Looked for among its ASCII
    characters, from each comma followed by three digits."""
    at = 0
    while (m := _COMMA_GROUP.search(ascii_part, at)) is not None:
        if m.start() and ascii_part[m.start() - 1] in b"0123456789":
            return True
        at = m.end()
    return False
_HEADING_END = re.compile("(?:" + _HEADING.pattern + ")$")
_HEADING_REACH = 2 * max(map(len, _HEADINGS))  # characters a spaced heading spans, at most


def _headings(s: str) -> list[re.Match[str]]:
    """The headings of ``s``, in order: found at their last syllables (액, 비) by
    str.find, each then matched back from there, as a scan of the whole text by the
    pattern costs more than the few places it can end."""
    out = []
    for last in _HEADING_LAST:
        at = s.find(last)
        while at >= 0:
            line_end = s.find("\n", at)
            line_end = len(s) if line_end < 0 else line_end
            if line_end - at <= _HEADING_CHARS and at - s.rfind("\n", 0, at) <= _HEADING_CHARS:
                m = _HEADING_END.search(s, max(0, at - _HEADING_REACH), at + 1)  # (on a short line only)
                if m is not None:
                    out.append(m)
            at = s.find(last, at + 1)
    out.sort(key=lambda m: m.start())
    return out
_HEADING_CHARS = 60  # a line of column names is short
_COUNT_BELOW = 100  # a whole number below this in a table of plain won counts something (학생 15)


def _heading_line(s: str, a: int, b: int) -> bool:
    """Is the line ``s[a:b]`` a table's column names (예산액 전년도예산액 비교증감; 금 액), no
    running prose and no numbers but years?"""
    line = " ".join(s[a:b].split())
    if "|" in line and sum(1 for cell in line.split("|") if cell.strip()) != 1:
        return False  # | 구분 | 금액 | 인원 |: a row of bars names its columns (read_column_tables); 금 액 |: one a line
    if not line or len(line) > _HEADING_CHARS or line.endswith(_SENTENCE_ENDS):
        return False
    return all(_year_like(m.group("num")) for m in _numbers(s, a, b))


def read_headed(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]],
                won_only: Callable[[], bool]) -> list[Candidate]:
    """Tables with no unit anywhere, set out without bars (a cell a line, or cells spaced
    along a line) under a line of column names that names an amount (예산액, 결산액, 금 액),
    outside the ``skip`` spans: in a text that names no money but the won, the cells are
    plain won when one of them is an amount no table in thousands writes (seven digits
    or more), as budgets, settlements and school accounts print them."""
    if "\n" not in s or not _grouped(ascii_of(s)):
        return []  # (no number written with thousands: no table of plain won to read)
    found = _headings(s)
    if not found or not won_only():
        return []
    out: list[Candidate] = []
    done = 0
    for m in found:
        if m.start() < done:
            continue
        a = s.rfind("\n", 0, m.start()) + 1
        b = s.find("\n", m.end())
        b = len(s) if b < 0 else b
        done = b
        if any(x <= a < y for x, y in skip) or not _heading_line(s, a, b):
            continue
        stop = min((x for x, _ in skip if x > a), default=len(s))
        header = Header(a, b, m.group(), "KRW", Decimal(1))
        cells, end = _table(s, header, stop, currencies)
        done = max(done, end)
        _unseparated(s, cells)  # (a year is no large amount: 2021 among 180.5 | 199.9)
        percent = _percent_columns(cells)
        kept = [c for c in cells if c.skip is None and c.column not in percent and c.unit is None
                and not (0 < abs(c.value) < _COUNT_BELOW and not c.decimals)]  # 학생 15, 교원 3: counts
        noun = m.group().replace(" ", "")
        if noun in _FEES:  # 시설사용료 안내: fees, plain won however small, each written with thousands
            kept = [c for c in kept if "," in s[c.start : c.end]]
        elif not any(len(s[c.start : c.end].strip("()△▲▼+-").replace(",", "").split(".")[0]) >= _PLAIN_WON
                     for c in kept):
            continue
        if len(kept) < 2:
            continue
        out += [_candidate(c, header, f"money_heading:{noun}") for c in kept]
    return out


_ECHO_SCALES = tuple(Decimal(10) ** k for k in _T["echo"]["powers"])  # 천원, 만원, 백만원, 억원, 조원 …
_ECHO_MIN = Decimal(_T["echo"]["min_cell"])  # a cell this small matches a prose amount by chance
_ECHO_SURE = Decimal(_T["echo"]["sure_cell"])  # one cell this large matching is enough; smaller, two must


def _bar_blocks(s: str) -> Iterator[tuple[int, int]]:
    """The runs of lines with cell bars: a table set out with |, from its first line's
    start to its last line's end."""
    a = 0
    while (bar := s.find("|", a)) >= 0:
        start = s.rfind("\n", 0, bar) + 1
        end = s.find("\n", bar)
        while end >= 0 and s.find("|", end + 1, s.find("\n", end + 1) if s.find("\n", end + 1) >= 0 else len(s)) >= 0:
            end = s.find("\n", end + 1)
        end = len(s) if end < 0 else end
        yield start, end
        a = end + 1


_SPACED_ROW = re.compile(r"[ \t]*[^\d|\n]{1,30}?(?:[ \t]+[-△(]?\d{1,3}(?:,\d{3})+\)?){2,}[ \t]*")


_ADJACENT_AMOUNTS = re.compile(r",\d{3}\)?[ \t]+[-△(]?\d{1,3},\d{3}")


def _adjacent_amounts(s: str) -> Iterator[int]:
    """Where two amounts with thousands separators stand side by side, spaces between
    (13,561 4,829)."""
    for m in _ADJACENT_AMOUNTS.finditer(s):  # (a pattern opening with its comma: the search skips to commas)
        if m.start() and s[m.start() - 1].isdigit():
            yield m.start()


def _spaced_blocks(s: str) -> Iterator[tuple[int, int]]:
    """The runs of lines set out as a table with spaces, not bars: a label, then two or
    more amounts with thousands separators (서초구 13,561 4,829 4,505 47,445). Only the
    lines where two amounts stand side by side are looked at."""
    start = end = -1
    line_end = -1
    for at in _adjacent_amounts(s):
        if at < line_end:
            continue  # (a line already looked at)
        a = s.rfind("\n", 0, at) + 1
        line_end = s.find("\n", at)
        line_end = len(s) if line_end < 0 else line_end
        if not _SPACED_ROW.fullmatch(s, a, line_end):
            continue
        if start >= 0 and a == end + 1:
            end = line_end
            continue
        if start >= 0:
            yield start, end
        start, end = a, line_end
    if start >= 0:
        yield start, end


def read_echoed(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]],
                figures: Sequence[Candidate]) -> list[Candidate]:
    """Tables set out with bars or spaces and no unit anywhere, whose unit the text gives by restating
    a cell with it outside the table (일반회계:16조 1,099억원 over a row | 계 | 161,099 |: the
    cells are in 억원; 34,000백만원 신규 발행 under a cell 34,000: in 백만원). The unit is the
    one power of ten that turns some cell of the table into an amount in won the text writes
    elsewhere; the cells are read in it, outside the ``skip`` spans."""
    blocks = (*_bar_blocks(s), *_spaced_blocks(s))
    if not blocks:
        return []
    prose: dict[Decimal, int] = {}  # each amount in won the text writes -> where it first stands
    for c in figures:
        if c.code == "KRW" and c.exact and c.low == c.high and c.low >= _ECHO_MIN:
            prose.setdefault(c.low, c.start)
    if not prose:
        return []
    out: list[Candidate] = []
    for a, b in blocks:
        if any(x < b and a < y for x, y in skip):
            continue
        header = Header(a, a, "", "KRW", Decimal(1))
        cells, _ = _table(s, header, b, currencies)
        _unseparated(s, cells)  # (a year is no large amount: 2021 among 180.5 | 199.9)
        percent = _percent_columns(cells)
        kept = [c for c in cells if c.skip is None and c.column not in percent and c.unit is None]
        echoed: dict[Decimal, set[Decimal]] = {}
        for scale in _ECHO_SCALES:
            for c in kept:
                if abs(c.value) >= _ECHO_MIN and not a <= prose.get(c.value * scale, a) < b:
                    echoed.setdefault(scale, set()).add(abs(c.value))
        if len(echoed) != 1:
            continue  # none, or two units that each fit a cell: no unit is certain
        scale, matched = echoed.popitem()
        if len(matched) < 2 and max(matched) < _ECHO_SURE:
            continue  # one small cell matching an amount may be chance
        rule = f"echoed_unit:{_SCALE_NAMES.get(scale, str(scale))}"
        out += [_candidate(c, replace(header, scale=scale), rule) for c in kept]
    return out


_SCALE_NAMES = {Decimal(10) ** k: name for k, name in ((0, "원"), (3, "천원"), (4, "만원"), (6, "백만원"), (8, "억원"),
                                                        (9, "십억원"), (12, "조원"))}


_MONEY_ROW_WORDS = tuple(_T["columns"]["money_rows"])
_MONEY_ROW_FIRST = re.compile(r"[ \t|]*(?:" + "|".join(map(re.escape, sorted(_MONEY_ROW_WORDS, key=longest_first))) + ")")
_MONEY_ROW_LINE = re.compile("\n" + _MONEY_ROW_FIRST.pattern)
_BARLESS_ROW_HINT = "er Share"  # Earning per Share, Earnings Per Share, Book Value per Share
_MONEY_ROW = re.compile(r"[ \t|]*(?P<label>" + "|".join(map(re.escape, _MONEY_ROW_WORDS))
                        + r")(?:[ \t]*(?=\||\n|$)|[ \t]+(?=[-△(]?\d))")  # EPS | 7,000.00; Earning per Share 254 226


_WORDY = re.compile(r"[A-Za-z가-힣]")


def read_money_rows(s: str, currencies: CurrencyMatcher, skip: list[tuple[int, int]],
                    won_only: Callable[[], bool]) -> list[Candidate]:
    """The rows of a table with no unit whose label says they hold won (a stock page's
    기업가치 | 20,556,552,096,450.00 | …, EPS | 7,000.00 |; an IR page's Earning per Share 254
    226), each cell to the next row's label, outside the ``skip`` spans, in a text naming
    no other money."""
    if "|" not in s and _BARLESS_ROW_HINT not in s:
        return []  # (without bars, only a per-share row in English is read: Earning per Share 254 226)
    # the lines that open with a row's label (after spaces and bars), found at each line break:
    # the engine skips ahead to them (a dozen `in` tests of the words over a long text cost 8x)
    starts = [m.start() + 1 for m in _MONEY_ROW_LINE.finditer(s)]
    if _MONEY_ROW_FIRST.match(s) is not None:
        starts.insert(0, 0)  # (and the text's first line)
    if not starts:
        return []
    out: list[Candidate] = []
    checked = False
    for m in (m for at in starts if (m := _MONEY_ROW.match(s, at)) is not None):
        if any(a <= m.start() < b for a, b in skip):
            continue
        if not checked:
            if not won_only():
                return []
            checked = True
        label, pos = m.group("label"), m.end()
        while pos < len(s):
            end = s.find("\n", pos)
            end = len(s) if end < 0 else end
            if pos > m.end() and _WORDY.search(s, pos, end):
                break  # the next row's label
            for cell in _CELL.finditer(s, pos, end):
                if len(cell.group("num")) > _MAX_CELL:
                    continue  # (a run of digits longer than any amount)
                if _after_ok(s, cell.end()):
                    c = _cell(cell, 0, label, "", _NO_HEADER, currencies)
                    c.unit = ("KRW", Decimal(1))
                    out.append(_candidate(c, _NO_HEADER, f"money_row:{label}"))
            pos = end + 1
    return out
