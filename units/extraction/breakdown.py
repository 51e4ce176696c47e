"""Bare numbers that carry on an amount's unit: the parts of a total in brackets after
it, and the next items of a list whose first item wrote its unit.

>>> from units import extract
>>> [(f.text, str(f.value)) for f in extract("총사업비 200억 원(국비 140, 지방비 60)을 확보했다.")]
[('200억 원', '20000000000'), ('140', '14000000000'), ('60', '6000000000')]
>>> [(f.text, str(f.value)) for f in extract("정보기반 구축(47억원), 표준 확산(45), 빅데이터 센터(39) 등")]
[('47억원', '4700000000'), ('45', '4500000000'), ('39', '3900000000')]

Korean budget news writes the unit once and leaves it off what follows:

* ``breakdown_sum``: a total, then its parts in brackets with their names and no unit
  (200억 원(국비 140, 지방비 60); 170 HKD (보증금 42 + 충전액 128), in the total's own unit
  when it writes no magnitude). The parts are read in the total's magnitude only when
  they add up to the total, so the arithmetic, not a guess, says what they are;
* ``list_denomination``: the items of a list of rising plain numbers whose last item
  alone carries its currency (10, 20, 50, 100 홍콩 달러), each in that currency;
* ``list_unit_last``: the items of a list of named amounts whose last item alone writes
  its magnitude and currency (헬기 구입에 120, 장비 보강 64, 청사 신축에 91억원; 지방세 84.3,
  세외수입 28.5조원): each earlier item in that unit. Only 억 and above (a list of prices in
  만 mixes too much else), only items joined by a comma and named in Hangul words alone (not
  2019년 138, nor 한국 3, 일본 2, 중국 1이고 상금은 5억원), and never a name that counts
  people, years or things (인구 138, 나이 27);
* ``list_unit_carried``: an item of a list whose amount stands alone in brackets with a
  magnitude and currency (구축(47억원)), then items of the same sentence with a bare
  number alone in brackets (확산(45), 센터(39)): each in the first item's unit. Only a
  bracket that holds nothing but the number counts, only while the items follow one
  another with a comma and a name between, and only an item that a comma, 등 or 및
  follows, so a person's age (라이올라(49)에게, 김모(45)씨) is not read.

The first amount's unit is its last magnitude word (47억원: 억 won; 1조2000억원: 억 won).
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from units.extraction.figure import Candidate
from units.lexicon import context_words
from units.numerals import ARITHMETIC, Number, written_precision

__all__ = ["read_breakdowns"]

_CONTEXT = context_words()

_MAGNITUDES = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NAME = r"[가-힣A-Za-z][가-힣A-Za-z·\s]{0,15}?"
_PART = re.compile(r"\s*(?P<name>" + _NAME + r")\s?(?P<num>(?:(?P<high>\d{1,4})(?P<word>[조억])\s?)?(?P<low>" + _NUMBER
                   + r"))\s*(?:[,·+]|(?=[가-힣A-Za-z])|$)")
_PARTS = re.compile(r" ?\((?P<body>[^()\n]{3,80})\)")
_NEXT = re.compile(r"(?P<between>(?:[^().!?\n\d]|\([A-Za-z가-힣]{1,10}\)){1,40}?)\((?P<num>" + _NUMBER + r")\)")  # (ICT) 기자재
_ITEM_END = re.compile(r",| ?등(?![가-힣])| ?등[이을의은에]| ?및 |[과와] |·|$")  # what may follow an item
_MAX_ITEMS = 30


_PLACES = {"십": Decimal(10), "백": Decimal(100), "천": Decimal(1000)}


def _unit(s: str, c: Candidate) -> Decimal | None:
    """The scale of a figure's last magnitude word (47억원: 10^8; 120,000천원: 10^3, as
    budgets count in thousands; 1,200백만원: 10^6), or None."""
    end = c.word_start if c.word_start > c.number.start else c.end
    written = s[c.number.start : end].rstrip()
    if not written:
        return None
    scale = _MAGNITUDES.get(written[-1])
    if scale is None:
        return _PLACES["천"] if written[-1] == "천" and written[-2:-1].isdigit() else None
    if len(written) >= 3 and written[-2] in _PLACES and written[-3].isdigit():
        scale *= _PLACES[written[-2]]  # 1,200백만원: millions after digits
    return scale


def _part(start: int, end: int, digits: str, scale: Decimal, whole: Candidate, rule: str) -> Candidate:
    plain = Decimal(digits.replace(",", ""))
    with localcontext(ARITHMETIC):
        value, precision = plain * scale, written_precision(plain) * scale
    number = Number(start, end, plain, plain, precision, arabic=True)
    return Candidate(start, end, value, value, precision, whole.code, number, None, end, end, basis="implied",
                     rules=(rule,))


def _parts_of(body: str) -> list[re.Match[str]] | None:
    """The named parts a bracket lists, one after another (국비 140, 지방비 60; 일반회계 9,122
    특별회계 295; 도 6조 2,760, 시군 9조 8,339), or None when it holds anything else."""
    parts, at = [], 0
    while at < len(body):
        p = _PART.match(body, at)
        if p is None or p.end() == at:
            return None
        parts.append(p)
        at = p.end()
    return parts


def _part_value(p: re.Match[str], scale: Decimal) -> Decimal | None:
    """A part's amount in the total's unit: its bare number scaled, after its own higher
    magnitude word when it writes one (6조 2,760 under 억: 6조 2,760억)."""
    low = Decimal(p.group("low").replace(",", ""))
    with localcontext(ARITHMETIC):
        if p.group("high") is None:
            return low * scale
        high = _MAGNITUDES[p.group("word")]
        if high <= scale or low * scale >= high:
            return None
        return Decimal(p.group("high")) * high + low * scale


def _sum_parts(s: str, c: Candidate, scale: Decimal) -> list[Candidate]:
    m = _PARTS.match(s, c.end)
    if m is None:
        return []
    parts = _parts_of(m.group("body"))
    if parts is None or len(parts) < 2:
        return []
    values = [_part_value(p, scale) for p in parts]
    if any(v is None for v in values):
        return []
    with localcontext(ARITHMETIC):
        total = sum(values)  # type: ignore[arg-type]
    if total != c.low:
        return []
    out, at = [], m.start("body")
    for p, value in zip(parts, values, strict=True):
        start, end = at + p.start("num"), at + p.end("num")
        part = _part(start, end, p.group("low"), scale, c, "breakdown_sum")
        if p.group("high") is not None:
            part = part.but("breakdown_sum", low=value, high=value)
        out.append(part)
    return out


def _carried(s: str, c: Candidate, scale: Decimal) -> list[Candidate]:
    if c.start == 0 or s[c.start - 1] != "(" or not s.startswith(")", c.end):
        return []
    out, at = [], c.end + 1
    for _ in range(_MAX_ITEMS):
        m = _NEXT.match(s, at)
        if m is None or "," not in m.group("between") or not re.search(r"[가-힣A-Za-z]", m.group("between")):
            break
        if not _ITEM_END.match(s, m.end()):
            break  # 라이올라(49)에게, 김모(45)씨: an age, not an item of the list
        out.append(_part(m.start("num"), m.end("num"), m.group("num"), scale, c, "list_unit_carried"))
        at = m.end()
    return out


_LIST_ITEM = r"\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d{1,6}"
# 10, 20, 50, 100, 500, : the items before the last (1,000, 5,000 and; 10, 50, 100, and)
_LISTED_BEFORE = re.compile(r"(?:(?<![\d.,])(?:" + _LIST_ITEM + r")(?:, ?|,? and |,? or | / ))+$")  # (100 / 500 / 1,000 vnd)
_LIST_REACH = 64  # characters before the last item looked at for the others, a window at a time
_LIST_ITEM_WIDTH = 10  # a list found this close to its window's start may run on before it
_LIST_LONGEST = 320  # characters a list of denominations may take
_LAST_LINKS = (" and ", " or ")
_SCALED_ITEM = r"\d{1,3}(?:\.\d+)?(?![\d.])"  # (under a thousand: 28.69 billion, never a year)
_SCALED_BEFORE = re.compile(r"(?:(?<![\d.,])" + _SCALED_ITEM + r"(?:, ?|,? and |,? or ))+$")
_MILLION = Decimal(10) ** 6


def _listed(s: str, c: Candidate) -> list[Candidate]:
    """Denominations written as a list whose last item alone carries the currency (지폐
    단위는 10, 20, 50, 100, 500, 1000 홍콩 달러; 1, 2, 5, 10, 20, 50 cent; 액면가 500, 200, 100, 50,
    20, 10, 5 유로): each earlier item in that currency, when they rise to it or fall to it.
    Before an English magnitude, the items are amounts in it, in any order (a value of
    28.69, 22.24, 15.93, and 10.66 billion riyals, respectively)."""
    if c.scale >= _MILLION and (m := _SCALED_BEFORE.search(s, max(0, c.start - _LIST_REACH), c.start)) is not None and not (
            m.start() and s[m.start() - 1].isalnum()):
        items = list(re.finditer(_SCALED_ITEM, m.group()))
        if len(items) >= 2 or "." in items[0].group():  # (not Chapter 11, and 5 million dollars)
            return [_part(m.start() + x.start(), m.start() + x.end(), x.group(), c.scale, c, "list_magnitude")
                    for x in items]
    first = max(0, c.start - _LIST_REACH)
    m = _LISTED_BEFORE.search(s, first, c.start)
    while m is not None and first and m.start() - first < _LIST_ITEM_WIDTH and c.start - first < _LIST_LONGEST:
        first = max(0, first - _LIST_REACH)  # 100 / 500 / 1,000 / … / 500,000동: the list runs on before the window
        m = _LISTED_BEFORE.search(s, first, c.start)
    if m is None or (m.start() and s[m.start() - 1].isalnum()):
        return []
    items = [(x.start(), x.end()) for x in re.finditer(_LIST_ITEM, s[m.start() : m.end()])]
    values = [Decimal(s[m.start() + a : m.start() + b].replace(",", "")) for a, b in items]
    if len(values) < 2:
        return []
    rising = c.number.low > values[-1] and all(x < y for x, y in zip(values, values[1:]))
    falling = c.number.low < values[-1] and all(x > y for x, y in zip(values, values[1:])) and not any(
        1900 <= x <= 2100 and x == x.to_integral_value() for x in values)
    if not (rising or falling):
        return []  # 2019, 2020, 100달러: not one way to the last (액면가 500, 200, 100, 50 … 5 유로 falls)
    return [_part(m.start() + a, m.start() + b, s[m.start() + a : m.start() + b], c.scale, c, "list_denomination")
            for a, b in items]


_ALTERNATIVE = re.compile(r"(?<![\d.,])(?P<a>" + _NUMBER + r")\((?P<b>" + _NUMBER + r")$")
_ALTERNATIVE_UNIT = re.compile(r"\)(?P<m>[" + "".join(_MAGNITUDES) + r"])\s?원")


def _alternatives(s: str) -> list[Candidate]:
    """소계 258(246)만원: an amount and its alternative in brackets before one unit, each in it.
    Found from the unit back (a pattern opening with a number would be tried at every digit;
    one opening with the bracket is also the cheapest test of a text for the form: the
    engine skips to each ``)``, faster than three ``in`` tests of ``)만``, ``)억``, ``)조``)."""
    out = []
    for u in _ALTERNATIVE_UNIT.finditer(s):
        head = max(0, u.start() - 40)
        m = _ALTERNATIVE.search(s, head, u.start())
        if m is None:
            continue
        scale = _MAGNITUDES[u.group("m")]
        for g in ("a", "b"):
            start, end = m.span(g)
            value = Decimal(m.group(g).replace(",", ""))
            with localcontext(ARITHMETIC):
                amount, precision = value * scale, written_precision(value) * scale
            number = Number(start, end, value, value, precision, arabic=True)
            out.append(Candidate(start, end, amount, amount, precision, "KRW", number, None, end, end, basis="implied",
                                 rules=("bracketed_alternative",)))
    return out


_CUES = "|".join(re.escape(cue).replace("\\ ", " ?") for cue in context_words()["implied_won"]["conversion_cues"])
_NUM = r"\d{1,3}(?:,\d{3})+|\d{1,7}"
_BRACKETED = re.compile(r" ?\( ?(?:(?:" + _CUES + r") ?)*(?P<num>" + _NUM + r")(?: ?[~∼〜～-] ?(?P<top>" + _NUM + r"))? ?\)")


def _bracketed_won(s: str, c: Candidate) -> list[Candidate]:
    """A bare number alone in brackets right after a foreign amount, at a rate the pair
    can have (35바트( 1050), 2바트(60)): the amount in won, as travel pages write it. A
    range restates a range (30~50 바트 (한화 1200~2000)), each end at one rate."""
    m = _BRACKETED.match(s, c.word_end if c.word_end > c.end else c.end)
    if m is None or c.code == "KRW" or c.low <= 0 or (m.group("top") is None) != (c.low == c.high):
        return []
    from units.rates import stated_won_band  # the rate history loads on first use

    won = Decimal(m.group("num").replace(",", ""))
    top = won if m.group("top") is None else Decimal(m.group("top").replace(",", ""))
    band = stated_won_band(c.code, sane=True)
    with localcontext(ARITHMETIC):
        if band is None or not (band[0] <= won / c.low <= band[1] and band[0] <= top / c.high <= band[1]) or top < won:
            return []
    if m.group("top") is None:
        part = _part(m.start("num"), m.end("num"), m.group("num"), Decimal(1), c, "bracketed_won")
        return [Candidate(part.start, part.end, part.low, part.high, part.precision, "KRW", part.number, None, part.end,
                          part.end, basis="implied", rules=part.rules)]
    first = Number(m.start("num"), m.end("num"), won, won, written_precision(won), arabic=True)
    return [Candidate(m.start("num"), m.end("top"), won, top, min(first.precision, written_precision(top)), "KRW", first,
                      None, m.end("top"), m.end("top"), exact=False, qualifier="range_of", shape="range", basis="implied",
                      rules=("bracketed_won", "range"))]


_ITEM_BEFORE = re.compile(r"(?<=[가-힣)]) (?P<num>" + _NUMBER + r"), $")  # 장비 보강 64, : the item before, ending at its comma
_ITEM_NAME = re.compile(r"[가-힣][가-힣·]*(?: [가-힣][가-힣·]*){0,3}")  # 청사 신축에: Hangul words only
_NAME_REACH = 24  # characters an item's name may take
_NUMBER_REACH = 24  # characters an item's number may take
_LAST_UNIT_FLOOR = Decimal(10) ** 8  # 억 and above
_NOT_NAMES = re.compile("|".join(map(re.escape, _CONTEXT["implied_won"]["not_money_nouns"])))


def _named_items(s: str, c: Candidate) -> list[Candidate]:
    """The items before the last of a list of named amounts that writes its unit once, at
    its end (장비 보강 64, 청사 신축에 91억원), read back from the last item while each name
    is Hangul words alone and each number is followed by a comma."""
    out: list[Candidate] = []
    at = c.start - 1  # (the space after the last item's name)
    scale: Decimal | None = None
    for _ in range(_MAX_ITEMS):
        comma = s.rfind(", ", max(0, at - _NAME_REACH), at)
        if comma < 0 or _ITEM_NAME.fullmatch(s, comma + 2, at) is None or _NOT_NAMES.search(s, comma + 2, at):
            break
        m = _ITEM_BEFORE.search(s, max(0, comma - _NUMBER_REACH), comma + 2)
        if m is None:
            break
        if scale is None and ((scale := _unit(s, c)) is None or scale < _LAST_UNIT_FLOOR):
            return []  # (the last item's unit, read once an item before it is found: 억 and above)
        with localcontext(ARITHMETIC):
            if scale == _LAST_UNIT_FLOOR and Decimal(m.group("num").replace(",", "")) >= 10000:
                break  # (10,000억 is written 1조: no item of this list)
        out.append(_part(m.start("num"), m.end("num"), m.group("num"), scale, c, "list_unit_last"))
        at = m.start("num") - 1
    if out:  # the first item's name too (국보보물 등 문화재 보수정비 200): not a count
        head = s.rfind(" ", max(0, at - _NAME_REACH), at)
        if _NOT_NAMES.search(s, max(0, head), at):
            out.pop()
    return out[::-1]


def read_breakdowns(s: str, figures: list[Candidate]) -> list[Candidate]:
    """The parts and carried items after each exact figure with a magnitude word, the
    named items before one, the denominations listed before one, amounts with an alternative in brackets before
    their unit (258(246)만원), and a foreign amount's won alone in brackets."""
    out: list[Candidate] = _alternatives(s)
    for c in figures:
        if c.code != "KRW" and (c.exact or c.shape == "range") and c.word is not None and s.find("(", c.end, c.end + 4) >= 0:
            out += _bracketed_won(s, c)
        if c.exact and c.word is not None and c.number.top_myriad is None and c.start >= 3 and (
                s[c.start - 2] in ",/" or s[c.start - 2] in "dr" and s.endswith(_LAST_LINKS, 0, c.start)):
            out += _listed(s, c)
        if (c.exact and c.number.top_myriad is not None and c.start > 3 and s[c.start - 1] == " "
                and (comma := s.rfind(", ", max(0, c.start - _NAME_REACH), c.start)) > 0 and s[comma - 1].isdigit()):
            out += _named_items(s, c)  # (an item's number before its comma)
        if c.end >= len(s) or not c.exact:
            continue
        after = s[c.end]
        parts = after == "(" or after == " " and s.startswith("(", c.end + 1)
        carried = after == ")" and c.start > 0 and s[c.start - 1] == "("
        if not (parts or carried) or c.low != c.high:
            continue
        scale = _unit(s, c)
        if scale is None and parts and c.scale == 1 and c.number.top_myriad is None:
            scale = Decimal(1)  # 170 HKD (보증금 42 + 충전액 128): parts in the total's own unit
        if scale is None:
            continue
        out += _sum_parts(s, c, scale) if parts else _carried(s, c, scale)
    return out
