"""Numbers that stand next to a currency word without being an amount of money.

Rules, in order (each rejects, or lets the candidate pass):

* ``ordinal``: 제3조, 제2 금융권: a number glued to 제 is an ordinal;
* ``caption``: 표 2 달러 인덱스, [그림 3]: a table or figure number;
* ``year``: 2024 달러 전망: a bare year, spaced from the currency word;
* ``unit_header``: (단위: 백만원), 천원 단위, HK$'000, | 단위 정정 | 백만원 | 천원 |: the unit
  of a table, not an amount;
* ``date_part``: 2024/12 RMB(K¥): the month of a date written with a slash;
* ``quote_unit``: JPY(100엔): the units a rate is quoted for;
* ``score``: 2-1 프랑스, 7-2 한화: the second number of a score;
* ``full_house``: 관중석은 만원이었다, 만원 관중: 만원 meaning "full".

The words come from ``lexicon/context.toml``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from units.currencies import is_hangul
from units.extraction.figure import Candidate, Rejection
from units.extraction.scan import Scan
from units.extraction.tables import FOOTNOTES
from units.lexicon import context_words, load_table, qualifiers
from units.numerals import MYRIADS
from units.text import line_around, longest_first

__all__ = ["RULES"]

_T = context_words()
_NM = _T["not_money"]
_ORDINAL = _NM["ordinal_prefix"]
_CAPTION = re.compile(
    r"(?:^|[^\uac00-\ud7a3A-Za-z])(?:" + "|".join(re.escape(w) for w in sorted(_NM["captions"], key=longest_first))
    + r") ?[\[<(]?$"
)
_UNIT_BEFORE = re.compile(re.escape(_NM["unit_header"]) + r"\s*[:：=·]?\s*[\[(]?\s*$")
_UNIT_IS = re.compile(re.escape(_NM["unit_header"]) + r"는 $")  # 가격 단위는 천원⏎: a list's unit, ending its line
_UNIT_AFTER = re.compile(r"\s*" + re.escape(_NM["unit_header"]))
_ROW_VALUES = re.compile(r"[ \t]*(?:\||[-△▲(]?\d)")  # a row's cells or values after its label's unit
_UNIT_NAME = re.compile("(?:십|백|천)?(?:만|억|조)|천|백")  # 천원, 백만원, 억원 written without a digit
_UNIT_ROW = re.compile(re.escape(_NM["unit_header"]) + r"[^\n]*\|")  # | 단위 정정 | 백만원 | 천원 |
_PER_WORDS = ("per ", "Per ")
_TITLE_AFTER = re.compile(r" [A-Z][a-z]")
_PER_COUNTS = frozenset((Decimal(1), Decimal(100)))
_QUOTED_FOR = re.compile(r"(?:JPY|엔|엔화|일본|일본 엔|Yen|yen) ?$")
_RATE_WORD_AFTER = re.compile(r" ?(?:" + "|".join(map(re.escape, load_table("quotes.toml")["words"]["rate"])) + ")")
_ENGLISH_UNIT = re.compile(r"(?<![A-Za-z])(?:[Uu]nits?|UNITS?)\s?[:：]\s?$")
_THOUSANDS = re.compile(r"\s?['’]000(?!\d)")  # HK$'000, RMB’000: "in thousands", a column's unit
_SCORE = re.compile(r"(?<![\d.,])\d{1,3} ?[" + re.escape("".join(_NM["score_marks"])) + r"] ?$")
_FULL = _T["full_house"]


def _bare_integer(s: str, c: Candidate, digits: int) -> bool:
    """A plain integer of at most ``digits`` digits: no myriad, separator or decimal."""
    text = s[c.number.start : c.number.end]
    return c.number.arabic and text.isdigit() and len(text) <= digits


def _reject(c: Candidate, rule: str, reason: str) -> Rejection:
    return Rejection(c.start, c.end, rule, reason)


def before_number(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """What stands right before the number says it is none: 제 (제3조, an ordinal); a digit and a stray space
    before a number starting with 0 (기념품 구입비 7 0만원: the end of a number the space cut,
    and a figure worth nothing would be false), or "per" before the unit a rate is quoted
    per (KRW per 1 USD, 5 won per 100 yen)."""
    s, i = scan.s, c.number.start
    if i == 0:
        return c
    if s[i - 1] == _ORDINAL and (i < 2 or not is_hangul(s[i - 2])):
        return _reject(c, "ordinal", f"{_ORDINAL}{s[i:c.number.end]} is an ordinal")
    if i >= 2 and s[i - 1] == " " and s[i - 2].isdigit() and s[i] == "0" and not s.startswith("0.", i) and c.number.arabic:
        return _reject(c, "cut_number", f"{s[i - 2 : c.end]}: a number cut in two by a space")
    if (c.start >= 4 and s[c.start - 1] == " " and s[c.start - 2] == "r" and s.endswith(_PER_WORDS, 0, c.start)
            and c.low == c.high and c.low in _PER_COUNTS):
        return _reject(c, "per_unit", f"{s[c.start:c.end]} is the unit a rate is quoted per")  # per 1 USD, per $1
    if c.number.top_myriad is None:
        return c
    if not c.high and not s[i - 1].isspace() and not is_hangul(s[i - 1]):
        return _reject(c, "malformed", f"{s[i - 1 : c.end]}: nothing with a myriad word glued to a sign (1억5000=0만 "
                       "달러, a typo); no reading is safe")
    if (i >= 3 and s[i - 1] == " " and s[i - 2] in MYRIADS and s[i - 3].isdigit()
            and MYRIADS[s[i - 2]] <= c.number.top_myriad):
        return _reject(c, "malformed", f"{s[i - 3 : c.end]}: the myriad words must decrease (4억 1,435억 is a typo "
                       "for 4억 1,435만); no reading is safe")
    return c


def caption(scan: Scan, c: Candidate) -> Candidate | Rejection:
    s = scan.s
    if _bare_integer(s, c, 3) and _CAPTION.search(s, max(0, c.number.start - 12), c.number.start):
        return _reject(c, "caption", "the number of a table or figure")
    return c


def year(scan: Scan, c: Candidate) -> Candidate | Rejection:
    s = scan.s
    text = s[c.number.start : c.number.end]
    if (_bare_integer(s, c, 4) and len(text) == 4 and _NM["year_low"] <= int(text) <= _NM["year_high"]
            and c.word is not None and c.word_start > c.number.end and not s[c.word_start - 1].isdigit()
            and (
                c.word.kind == "name" and _titled(s, c.end) or c.word.kind == "symbol" and _TITLE_AFTER.match(s, c.word_end)
                or c.word.kind == "english" and _WON_VERB.match(s, c.word_end))):
        return _reject(c, "year", f"{text} is a year")  # (the 2025 US$ Notes: a year, then a title; 1900~2000달러 is a range)
    return c


# what follows an amount, not a year's title: 2000 달러 이상, 2000 리라짜리 지폐, 2000 크로나씩
_AMOUNT_AFTER = (*qualifiers()["after"], "짜리", "씩")


def _titled(s: str, at: int) -> bool:
    """Does a noun follow the currency's name at ``at``, as a title follows a year (2025
    달러 전망, 1999 리라 폭락)? Not a particle, a comma or a bound (햄버거 세트 하나에 2000 크로나,
    2000 달러를 냈다, 2000 달러 이상): those follow an amount."""
    return (s.startswith(" ", at) and at + 1 < len(s) and is_hangul(s[at + 1])
            and not s.startswith(_AMOUNT_AFTER, at + 1))


_WON_VERB = re.compile(r" (?:the|their|his|her|its|our|gold|silver|bronze)\b")  # (Korea in 2002 won the bid)


def _in_brackets(s: str, c: Candidate) -> bool:
    """Does the candidate fill a pair of brackets (KRW 1 million), (₩1 million)?"""
    return c.start > 0 and s[c.start - 1] in "([" and c.end < len(s) and s[c.end] in ")]"


def _after_amount(scan: Scan, bracket: int) -> bool:
    """Does an amount with its currency stand right before the bracket at ``bracket``
    (1.4 billion won ($1 million), 14억원($1 million)): the bracket then states it in
    another currency."""
    s, end = scan.s, bracket
    while end > 0 and s[end - 1] == " ":
        end -= 1
    if scan.last is not None and scan.last.end == end:
        return True  # $923 million (1 trillion won): the amount read just before, its sign first
    for k in range(1, min(8, end) + 1):
        if any(stop == end for _, stop in scan.currencies.matches(s, end - k)):
            return any(ch.isdigit() for ch in s[max(0, end - k - 16) : end - k])
    return False


def _counted_step(s: str, c: Candidate) -> bool:
    """Is an amount before 단위 a step of money (100달러 단위로 환전, 10원 단위 요금, 50홍콩달러
    단위로만 충전): written in digits other than a power of a thousand, unlike the unit of a
    table (천원 단위로, 1,000원 단위, 백만원 단위)?"""
    if not c.number.arabic or c.low != c.high or c.low <= 0:
        return False
    digits = s[c.number.start : c.number.end].replace(",", "")
    return not (digits.startswith("1") and set(digits[1:]) == {"0"} and (len(digits) - 1) % 3 == 0)


def unit_header(scan: Scan, c: Candidate) -> Candidate | Rejection:
    s = scan.s
    if c.end < len(s) and s[c.end] in " '’" and c.word is not None and _THOUSANDS.match(s, c.end):
        return _reject(c, "unit_header", f"{s[c.word_start:c.end]}'000 is the unit of a table (thousands), not an amount")
    k = c.start - 1 if c.start and s[c.start - 1].isspace() else c.start  # (Unit : KRW 100 million): a colon first,
    if k and s[k - 1] in ":：" and _ENGLISH_UNIT.search(s, max(0, c.start - 12), c.start):  # before any search
        return _reject(c, "unit_header", "the unit of a table (Unit : KRW 100 million), not an amount")
    if _in_brackets(s, c) and c.number.low == 1 and c.scale > 1 and c.low == c.high and not _after_amount(scan, c.start - 1):
        return _reject(c, "unit_header", f"({s[c.start:c.end]}) is the unit of a row (Total Dividend (KRW 1 million)), "
                       "not an amount")
    if (not c.number.arabic and _in_brackets(s, c) and _UNIT_NAME.fullmatch(s, c.number.start, c.number.end)
            and c.start >= 2 and is_hangul(s[c.start - 2]) and _ROW_VALUES.match(s, c.end + 1)):
        return _reject(c, "unit_header", f"({s[c.start:c.end]}) is the unit of a row (채무현황(백만원) | 39,932), "
                       "not an amount")
    if (c.start and s[c.start - 1] == "(" and c.end < len(s) and s[c.end] == "/" and not c.number.arabic
            and _UNIT_NAME.fullmatch(s, c.number.start, c.number.end)):
        return _reject(c, "unit_header", f"({s[c.start:c.end]}{s[c.end]}…) is the unit of a column (분양단가(만원/㎡)), "
                       "not an amount")
    if (c.word is not None and c.word.kind == "code" and c.number.end - c.number.start == 1
            and FOOTNOTES.fullmatch(s, *line_around(s, c.start, 80)) is not None):
        return _reject(c, "unit_header", f"{s[c.start:c.end]} numbers a footnote of units (1 KRW in Million 2 KRW), "
                       "not an amount")
    if not scan.holds(_NM["unit_header"]):
        return c
    if (not c.number.arabic and _UNIT_NAME.fullmatch(s, c.number.start, c.number.end)
            and _UNIT_ROW.search(s, *line_around(s, c.start, 80))):
        return _reject(c, "unit_header", f"{s[c.start:c.end]} names a unit in a row about units, not an amount")
    line, line_end = line_around(s, c.start, 16)
    if (not c.number.arabic and _UNIT_IS.search(s, max(line, c.start - 4), c.start) and c.word_end == line_end
            and _UNIT_NAME.fullmatch(s, c.number.start, c.number.end)):
        return _reject(c, "unit_header", "the unit of the list below (가격 단위는 천원), not an amount")
    if _UNIT_BEFORE.search(s, max(line, c.start - 16), c.start) or (
            _UNIT_AFTER.match(s, max(c.end, c.word_end)) and not _counted_step(s, c)):
        return _reject(c, "unit_header", "the unit of a table, not an amount")
    return c


def date_part(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """2024/12 RMB(K¥), 2023/12 HK$: a number after a digit and a slash is the month of a
    date (or the second term of a fraction), never an amount by itself."""
    s, i = scan.s, c.number.start
    if c.number.arabic and i >= 2 and s[i - 1] == "/" and s[i - 2].isdigit() and not _offer(scan, c):
        return _reject(c, "date_part", f"{s[max(0, i - 4):c.number.end]} is a date or a fraction, not an amount")
    return c


def _offer(scan: Scan, c: Candidate) -> bool:
    """Is a number after a slash the offer of a bid and offer (1143.00/1144.00원), the
    number before the slash a price of the same size (within a twentieth), 100 or more?"""
    if c.low < 100:
        return False
    bid = scan.number_before(c.number.start - 1)
    return bid is not None and abs(bid.low - c.low) * 20 <= c.low


def quote_unit(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """JPY(100엔), 엔화(100엔): the number of units a rate is quoted for, in brackets after
    the currency's name, is no amount."""
    s, i = scan.s, c.number.start
    if i == 0 or s[i - 1] != "(" or c.end >= len(s) or s[c.end] != ")":
        return c
    if c.code == "JPY" and s[i:c.number.end] in ("100", "1백") and _QUOTED_FOR.search(s, max(0, i - 8), i - 1):
        return _reject(c, "quote_unit", f"({s[i:c.end]}) is what a rate of {s[max(0, i - 6):i - 1].strip()} is quoted for")
    if s[i:c.number.end] == "1" and c.word is not None and _RATE_WORD_AFTER.match(s, c.end + 1):
        return _reject(c, "quote_unit", f"({s[i:c.end]}) is the unit the rate after it is quoted for")  # 미 달러(1 USD) 매매기준율
    return c


def score(scan: Scan, c: Candidate) -> Candidate | Rejection:
    s = scan.s
    if _bare_integer(s, c, 3) and c.start == c.number.start and _SCORE.search(s, max(0, c.start - 8), c.start):
        return _reject(c, "score", "the second number of a score")
    return c


def full_house(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """만원 is also "full": bare 만원 with a place before it in the sentence or a crowd
    after it (관중석은 만원이었다, 만원 관중)."""
    s, n = scan.s, c.number
    if n.arabic or n.end - n.start != 1 or n.top_myriad != 4 or c.code != "KRW" or c.word_start != n.end:
        return c
    after = s[c.end : c.end + 8].lstrip()
    window = s[max(0, c.start - _FULL["window"]) : c.start]
    if any(after.startswith(w) for w in _FULL["after"]) or any(w in window for w in _FULL["before"]):
        return _reject(c, "full_house", "만원 here means full, not ten thousand won")
    return c


_POUND = _T["weight_pound"]
_POUND_WORDS = frozenset(_POUND["words"])
_KILOGRAMS = re.compile(r"\d\s?(?:" + "|".join(map(re.escape, _POUND["kilograms"])) + ")", re.IGNORECASE)
# a weight in kilograms restated in the bracket that opens right before the pounds: 10 kilograms (22 pounds)
_KILOGRAMS_BRACKET = re.compile(r"\d\s?(?:" + "|".join(map(re.escape, _POUND["kilograms"])) + r")\s?[(\[]\s?"
                                r"(?:about |approximately |roughly |some |약 ?)?$", re.IGNORECASE)
_BRACKET_REACH = 32  # characters before the pounds: the kilograms' number, their longest word, the bracket


_ADDRESS = _T["address"]
_BUILDING = _ADDRESS["building"]
_FLAT_AFTER = re.compile(r" ?\d{1,5}" + re.escape(_ADDRESS["flat"]) + "(?!선)")  # (302호에; not 2호선, a line)


def word_sense(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A currency word in another sense: 만원 as full (:func:`full_house`) or as the unit of
    the numbers before it (258(246)만원, read by breakdown), 파운드 as a weight
    (:func:`weight_pound`), 동 as a building of flats (101동 302호). One rule, as most amounts
    need none of these tests."""
    if c.word is not None and c.word.name in _POUND_WORDS:
        return weight_pound(scan, c)
    if c.word is not None and c.word.name == _BUILDING and _FLAT_AFTER.match(scan.s, c.word_end):
        return _reject(c, "address", f"{scan.s[c.start:c.word_end]} is a building of flats in an address, not dong")
    n, s = c.number, scan.s
    if not n.arabic and n.end - n.start == 1 and n.start >= 2 and s[n.start - 1] == ")" and s[n.start - 2].isdigit():
        return _reject(c, "unit_of_alternative", f"{s[c.start:c.end]} is the unit of the numbers before it "
                       "(258(246)만원), not an amount of its own")
    return full_house(scan, c)


def weight_pound(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """파운드 as a weight: beside kilograms (23kg(약 50파운드)) or after a word of weight
    (한도 무게(50파운드), 체중 180파운드)."""
    s, window = scan.s, int(_POUND["window"])
    before, after = s[max(0, c.start - window) : c.start], s[c.end : c.end + window]
    if (_KILOGRAMS.search(before) or _KILOGRAMS.search(after) or any(w in before for w in _POUND["before"])
            or _KILOGRAMS_BRACKET.search(s, max(0, c.start - _BRACKET_REACH), c.start)):
        return _reject(c, "weight", f"{s[c.start:c.end]} is a weight in pounds, not money")
    of = c.word_end + (s.startswith(")", c.word_end))  # (about 22 pounds) of rice
    if c.word.name.isascii() and c.scale == 1 and s.startswith(_POUND["of_thing"], of) and (
            of + 4 < len(s) and s[of + 4].islower()):
        return _reject(c, "weight", f"{s[c.start:c.end]} of a thing is its weight in pounds, not money")
    return c


RULES = (before_number, caption, year, unit_header, date_part, quote_unit, score, word_sense)


_DEFINING = re.compile(r"\)?\s?(?:\([^()\n]{1,8}\))?\s?(?:은|는|이|가|=|:)?\s?")  # 1달러(1$)는 100센트


def unit_definitions(s: str, figures: list[Candidate]) -> set[int]:
    """The figures that define a currency by its minor unit rather than count money (1달러는
    100센트, $1(1달러)는 100¢, 1루블 = 100코페이카, 1원은 100전에 해당): one main unit right
    before the hundredths that make it. Their indices in ``figures``."""
    out: set[int] = set()
    for i in range(len(figures) - 1):
        main, minor = figures[i], figures[i + 1]
        if minor.word is not None and minor.word.kind != "subunit" and main.word is not None and main.word.kind == "subunit":
            main, minor = minor, main  # 100 파이사가 1루피다: the hundredths first
        if (minor.word is None or minor.word.kind != "subunit" or main.word is None or main.word.kind == "subunit"
                or main.code != minor.code and main.code not in minor.word.joins  # (1프랑=100상팀: CHF, FRF's centime)
                or not main.exact or not minor.exact or main.low != 1 or minor.low != 1
                or figures[i + 1].start - figures[i].end > _DEFINING_REACH
                or _DEFINING.fullmatch(s, figures[i].end, figures[i + 1].start) is None):
            continue
        out.update((i, i + 1))
        if i + 2 < len(figures) and figures[i + 2].code == minor.code and figures[i + 2].low == 1 and (
                figures[i + 2].start - minor.end <= 2):
            out.add(i + 2)  # 100¢(100센트): the hundredths written twice
        if i and figures[i - 1].code == main.code and figures[i - 1].low == 1 and main.start - figures[i - 1].end <= 2:
            out.add(i - 1)  # $1(1달러)는 100센트: the unit written twice
    return out


_DEFINING_REACH = 12
