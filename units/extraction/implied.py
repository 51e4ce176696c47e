"""Won implied by what an amount is: a bare amount with a myriad word (270조, 17억) that
the text makes certain is won, though no currency is written.

>>> from units import extract
>>> [(f.text, f.rules[0]) for f in extract("계약: 4년 최대 54억 원 (보장 44억 + 옵션 10억)")]
[('54억 원', 'suffix_word'), ('44억', 'implied_won_in_money_clause'), ('10억', 'implied_won_in_money_clause')]
>>> [f.text for f in extract("누적 관객 1000만 돌파, 인구 5천만, 조회수 100만, 약 2억 년 전")]
[]

The rules, tried in order (the first that holds names the figure's rule):

* ``implied_won_after_money_noun``: right after a money noun (매출 270조, 연봉 5억, 우리 돈으로
  28조, 한화로 약 870억);
* ``implied_won_priced_item``: 억 or more glued to 짜리, the price of a thing (66억짜리 다이아몬드);
* ``implied_won_in_conversion``: the converted side of a foreign amount (31억 달러(약 4조2700억));
* ``implied_won_in_money_clause``: a money noun earlier in its clause, no counted noun
  between (첫 해 연봉은 5억, 국비 140억 포함 200억 예산, 보장 44억 + 옵션 10억);
* ``implied_won_before_money_verb``: a verb of spending or trading after it (총 30억을 투입,
  11억에 팔렸는데);
* ``implied_won_before_money_noun``: a money noun right after it, the amount its
  attribute (5억의 별도 예산, 30억 규모의 사업비);
* ``implied_won_beside_won``: another amount of its sentence is written in won (일반회계가
  326억이 늘어 4천677억원이며);
* ``implied_won_property``: a sentence or headline about homes, where a bare 억 is a price
  (국평 20억, 17억→ 8억 반토막);
* ``implied_won_list_item``: an item of a list in a text about money, its amount in
  brackets (△스마트팜 조성(48억));
* ``implied_won_list_to_won``: an item of a list whose later item, written the same way,
  names the 원 (▲조성사업 45억 ▲… 227억 ▲설치지원 9억 원 등);
* ``implied_won_echo``: the text writes the same amount with 원 elsewhere (a headline's
  5억 이상 사업 over the body's 5억 원 이상이 투입되는).
* ``moved_from``: an English sum after "from" whose move ends at a sum with its currency
  (raised from 5,580 in 2015 to 6,030 won; from 140,000 to 200,000 pounds), in that currency;
* ``implied_won_english_carry``: an English report's bare magnitude soon after an amount
  in won (sales of 38.6 trillion won … posting 28.8 trillion in 2003 sales);
* ``implied_won_restated_abroad``: the amount restated in another currency in the
  bracket after it, at a rate the won has had (1947억(1억6200만 달러); in English, Posco will
  spend 194.7 billion ($162 million), on a page that names Korea or the won);
* ``restated_bare``: a bare amount alone in the bracket right after an amount, worth the same
  in other words (Tk 128.7 million (12.87 crore)): the same sum in the same currency.
* ``declared_page`` (tried before every other reading): a stock page that declares its
  currency once (· Delayed Price · Currency is KRW): the price on the line after, its signed
  move (+25.00 (0.86%)), and amounts with a magnitude after a money label (Market Cap⏎74.06B).
* ``implied_won_headline``: a headline (the first line, a body after it) over a body that
  writes amounts in won: headlines drop 원 (두산 -2억·키움 -49억, 총액 125억서 5억까지).
* ``implied_won_money_text``: a text about money in won alone (a money noun, no other
  currency, no country but Korea);
* ``implied_won_after_won``: the paragraph of an amount just read in won, no other money
  named since (28억원의 농사자금이 … 대출액 48억에는 우대금융 15억이).

Never before a counter (3만 명, 2억 년 전), never an article of a statute (특가법 2조에
따라, 형법 62조 1항), never after a noun that counts people or views (인구 5천만, 조회수 100만), and never when the text restates the amount at a rate
no won amount could have (적자 16억(25억 4천만 달러)). Words come from
``lexicon/context.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, localcontext

from units.currencies import is_hangul
from units.extraction.amount import after_change_word, draft, english_groups, english_magnitude, english_magnitude_words, read_amount
from units.extraction.figure import Candidate
from units.extraction.grammar import GRAMMAR, hangul_run_end, short_from, word_end
from units.extraction.scan import Scan
from units.lexicon import context_words, qualifiers
from units.numerals import ARITHMETIC, MYRIADS, Number
from units.rates import known_range, listed_band
from units.text import gap_end, line_around, longest_first

__all__ = ["eok_bands", "read_implied", "declared_page", "DECLARES", "RULES"]

_C = context_words()
_I = _C["implied_won"]
_COUNTERS = tuple(sorted(_C["counters"]["words"], key=longest_first))


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w).replace("\\ ", " ?") for w in words), key=longest_first))


_MONEY_NOUN = re.compile(
    "(?:" + _alternation(_I["nouns"]) + ")(?:" + "|".join(sorted(_I["particles"], key=longest_first)) + ")?"
    + "(?: ?(?:" + "|".join(sorted(_I["fillers"], key=longest_first)) + "))?" + r"(?: {0,2}| ?\()$"
)  # (적립금(1억2900여만): a budget's item, its amount in brackets)
_PAIR_OPEN = re.compile(
    r"\s*\(\s*(?:(?:" + _alternation(_I["conversion_cues"]) + r")(?:" + "|".join(_I["particles"]) + r")?\s*)*"
)
_CLAUSE_NOUN = re.compile(r"(?<![가-힣])(?:" + _alternation(_I["clause_nouns"]) + ")")
_MONEY_WORD = re.compile(_alternation(sorted({*_I["nouns"], *_I["clause_nouns"]})))
_NOT_MONEY = re.compile(r"(?<![가-힣])(?:" + _alternation(_I["not_money_nouns"]) + ")")
_VERB = re.compile(r"[가-힣]{0,3} ?(?:" + _alternation(_I["verbs_after"]) + ")")
_SIZE = "규모"
_PRICED = "짜리"  # 66억짜리 다이아몬드: what a thing costs
# a qualifier glued after a bare amount (1,000억가량 증가한, 500억이상의): the nouns of qualifiers.toml's
# [after], not its verb stems (넘, 웃돌)
_GLUED_QUALIFIERS = tuple(sorted((w for w in qualifiers()["after"] if len(w) >= 2 and all(map(is_hangul, w))
                                  and not w.startswith(("웃", "밑"))), key=longest_first))
_GLUED_VERB = re.compile("(?:" + _alternation([v for v in _I["verbs_after"] if len(v) == 2] + _I["glued_changes"])
                         + ")(?:해|한|하고|했다|된다|된|됐다|돼|되고|세)?(?:등)?")  # (2,484억증가등: "and so on", glued)
_PROPERTY = re.compile(_alternation(_I["property_words"]))
_PYEONG = re.compile(r"평(?![가-힣])(?:(?<=\d평)|(?<=\d 평))")  # 34평 2억 4500: an area in pyeong (a literal first: fast to find)
# an amount in won: 905억원이, 4천677억원, 1조3천6백47억원으로, 3,000원 (not 억원대학, a word going on);
# found by its 원, a literal quick to find, and the numeral looked back at (a digit is everywhere)
_WON = re.compile(r"원(?:(?<=[0-9]원)|(?<=[0-9] 원)|(?:(?<=[십백천만억조]원)|(?<=[십백천만억조] 원))"
                  r"(?:(?![가-힣]{2})|(?=으로|에서|까지|보다|이며|이고|이다|에는|에도|이었)))")


def _numeral_of(s: str, m: re.Match[str]) -> int:
    """Where the amount of a 원 that _WON found writes its last numeral: right before the 원,
    or before its space."""
    return m.start() - 1 - (s[m.start() - 1] == " ")


_ONE = Decimal(1)
_DROPPED_UNIT = re.compile(r"[만억조경] ?[0-9,]*[1-9][0-9,]*$")  # a last group of digits no myriad word closes
# Read from the clause, the sentence or the page, a bare amount must reach 억: a bare 만 is
# as often a count (3만, 100만) as money, and counts it when a money noun stands right before
_FAR = 8
_CLAUSE = 48  # characters: how far back a clause's money noun may stand
_CLAUSE_MARKS = frozenset(".!?\n…;")
_BESIDE = 80  # characters: how far in its sentence an amount written in won vouches for a bare one
_LINE_REACH = 200  # characters: how far a figure's line is looked at either way
_LIST_MARKS = "△▲▶►●•◆◇■□○※-"
_OPENING_MARKS = "".join(ch for ch in _LIST_MARKS if ch not in "※-")  # the marks that open an item (not a note's ※ or a minus)

Rule = Callable[[Scan, Number], bool]


def _clause_start(scan: Scan, at: int) -> int:
    """Where the clause holding ``at`` starts: its sentence, at most ``_CLAUSE`` back."""
    s, first = scan.s, max(0, at - _CLAUSE)
    for j in range(at - 1, first - 1, -1):
        if s[j] in _CLAUSE_MARKS:
            return j + 1
    return first


def after_money_noun(scan: Scan, n: Number) -> bool:
    s = scan.s
    return (_MONEY_NOUN.search(s[max(0, n.start - 24) : n.start]) is not None
            or n.start >= 4 and s[n.start - 1] == "(" and _COST_ITEM.search(s, n.start - 8, n.start) is not None)


# a budget's item named by its cost, its amount in brackets: 교체비(3500만), 구입비(2700만), 사용료(1억)
# (not 대비, 준비, 장비, 설비, 예비: words that end so and cost nothing; 예비비 is a cost)
_COST_ITEM = re.compile(r"(?<![가-힣])[가-힣]{1,5}(?<!대|준|장|설|예)비\($|(?<![가-힣])[가-힣]{0,5}(?:사용|임대|수수|이용|입장)료\($")


def in_conversion(scan: Scan, n: Number) -> bool:
    last = scan.last
    return last is not None and last.code != "KRW" and _PAIR_OPEN.fullmatch(scan.s[last.end : n.start]) is not None


def in_money_clause(scan: Scan, n: Number) -> bool:
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    s = scan.s
    first = _clause_start(scan, n.start)
    nouns = list(_CLAUSE_NOUN.finditer(s, first, n.start))
    if not nouns:
        return _list_topic(scan, n.start)
    return _NOT_MONEY.search(s, nouns[-1].end(), n.start) is None


def _list_topic(scan: Scan, at: int) -> bool:
    """Is the amount at ``at`` an item's of a list (▲… 건립사업 12억 ▲… 5억) that a money noun
    opens, in the clause before the list's first mark (특별교부세는 논산지역 ▲…)?"""
    s = scan.s
    marks = scan.found.get("topic_marks")
    if marks is None:  # (most texts hold no list mark: looked for once)
        marks = scan.found["topic_marks"] = _TOPIC_MARK.search(s) is not None
    if not marks:
        return False
    start = scan.context.sentence_span(at)[0]
    found = _TOPIC_MARK.search(s, max(start, at - _LIST_REACH), at)
    if found is None or _DIGIT.search(s, s.rfind(s[found.start()], found.start(), at), at) is not None:
        return False  # not an item's amount (the item's name holds no number before it)
    mark = found.start()
    while (before := s.rfind(s[mark], start, mark)) >= 0:
        mark = before  # (back to the first item of the list)
    nouns = list(_CLAUSE_NOUN.finditer(s, max(start, mark - _CLAUSE), mark))
    return bool(nouns) and _NOT_MONEY.search(s, nouns[-1].end(), mark) is None


_TOPIC_MARK = re.compile("[" + re.escape(_OPENING_MARKS) + "]")
_DIGIT = re.compile(r"\d")
_LIST_REACH = 400  # characters back from an item's amount to the first item of its list, looked at


def before_money_verb(scan: Scan, n: Number) -> bool:
    s = scan.s
    stop = word_end(s, s[n.end - 1], n.end, n.start) or n.end
    j = stop + 1 if s.startswith(" ", stop) else stop
    return _VERB.match(s, j) is not None and j - n.end < 6


_NOUN_AFTER = re.compile(r"의? (?:규모의? |상당의? )?(?:[가-힣]{1,4} )?(?:" + _alternation(_I["nouns_after"]) + ")")


def before_money_noun(scan: Scan, n: Number) -> bool:
    """A money noun right after it, the amount its attribute: 5억의 별도 예산, 30억 규모의
    사업비, 100억의 매출."""
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    return _NOUN_AFTER.match(scan.s, n.end) is not None


def beside_won(scan: Scan, n: Number) -> bool:
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    first, last = scan.context.sentence_span(n.start)
    first, last = max(first, n.start - _BESIDE), min(last, n.end + _BESIDE)
    return scan.marked(_WON, first, n.start, _numeral_of) or scan.marked(_WON, n.end, last, _numeral_of)


def after_won(scan: Scan, n: Number) -> bool:
    """A bare amount of 억 or more in the paragraph of an amount just read in won, with no
    other money named between (농협에서는 28억원의 농사자금이 … 대출액 48억에는 우대금융 15억이)."""
    last = scan.last
    if n.top_myriad < _FAR or last is None or last.code != "KRW" or not 0 <= n.start - last.end <= _PARAGRAPH:  # type: ignore[operator]
        return False
    s = scan.s
    return (s.find("\n\n", last.end, n.start) < 0 and _FOREIGN.search(s, last.end, n.start) is None
            and _NOT_MONEY.search(s, _clause_start(scan, n.start), n.start) is None)


_PARAGRAPH = 300  # characters after an amount in won a bare one may follow


def change_of_won(scan: Scan, n: Number) -> bool:
    """The change of the amount in won just read, against an earlier one (2,120억 원을
    확보했다. 이는 2018년도 대비 203억 증가한 것으로): in won too."""
    last = scan.last
    if (n.top_myriad < _FAR or last is None or last.code != "KRW" or last.basis != "written"  # type: ignore[operator]
            or not 0 < n.start - last.end <= _CHANGE_REACH):
        return False
    s = scan.s
    return (_CHANGE_BEFORE.search(s, max(0, n.start - _CHANGE_GAP), n.start) is not None
            and _CHANGE_AFTER.match(s, n.end) is not None)


_CHANGE_BEFORE = re.compile(r"(?:" + _alternation(_I["change_before"]) + r")(?: [가-힣]{1,4})? ?$")
_CHANGE_AFTER = re.compile(r"(?:이|가)? ?(?:" + _alternation(_I["change_after"]) + ")")
_CHANGE_GAP = 12  # characters before the amount its word of comparison may end by
_CHANGE_REACH = 160  # characters after the amount in won the change may stand


_ITEM_MARKS = _OPENING_MARKS + "ㆍ"
# the next item of a list: its mark, its name, its amount (and the 원 that closes the list)
_NEXT_ITEM = re.compile(r"[ \t]*[" + _ITEM_MARKS + r"][^" + _ITEM_MARKS + r"\d\n]{1,30}?[ \t]?"
                        r"[0-9][0-9,.]*[ \t]?[조억만천](?:[ \t]?[0-9,.]+[ \t]?[억만천])*(?P<won>[ \t]?원)?")
_ITEMS_TO_WON = 24  # items a list may run before the one that names its 원


def list_to_won(scan: Scan, n: Number) -> bool:
    """The amount of a list's item whose later item names the 원 (▲지역활력타운 조성사업 45억
    ▲… 227억 ▲… 설치지원 9억 원 등을 편성했다): every item between written the same way."""
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    s = scan.s
    head = s[max(0, n.start - 32) : n.start]
    mark = max(head.rfind(m) for m in _ITEM_MARKS)
    if mark < 0 or "\n" in head[mark:] or any(ch.isdigit() for ch in head[mark:]):
        return False  # not an item's amount
    j = n.end
    for _ in range(_ITEMS_TO_WON):
        item = _NEXT_ITEM.match(s, j)
        if item is None:
            return False
        if item.group("won"):
            return True
        j = item.end()
    return False


def property_price(scan: Scan, n: Number) -> bool:
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False  # a bare 억 or more: 17억, 27.3억
    s = scan.s
    line_start, line_end = line_around(s, n.start, _LINE_REACH)
    first, last = scan.context.sentence_span(n.start)
    a, b = min(first, line_start), max(last, line_end)
    return scan.marked(_PROPERTY, a, b) or scan.marked(_PYEONG, a, b)


def list_item(scan: Scan, n: Number) -> bool:
    """The amount of an item of a list, in brackets after its name (△스마트팜 조성(48억),
    ▲도로 개설(120억)), in a text about money."""
    s = scan.s
    if n.top_myriad < _FAR or n.start == 0 or s[n.start - 1] != "(" or not s.startswith(")", n.end):  # type: ignore[operator]
        return False
    line = s[line_around(s, n.start, _LINE_REACH)[0] : n.start]
    if not any(mark in line for mark in _LIST_MARKS):
        return False
    if "money_text" not in scan.found:
        scan.found["money_text"] = _CLAUSE_NOUN.search(s) is not None or _WON.search(s) is not None
    return bool(scan.found["money_text"])


_NUMBER_CHARS = frozenset("0123456789,.십백천만억조경 ")
_MYRIAD_CHARS = frozenset(MYRIADS)


def _written_won(s: str) -> frozenset[str]:
    """Every amount with a magnitude word written with 원 in ``s`` (5억 원, 1조 2천억원),
    spaces dropped: found from each 원 looking back, as str.find goes faster through a
    text than a regular expression tried at each character."""
    out, at = set(), s.find("원")
    while at >= 0:
        j = at - 1 if at and s[at - 1] != " " else at - 2
        if j >= 0 and s[j] in _MYRIAD_CHARS:
            k = j
            while k > 0 and j - k < 40 and s[k - 1] in _NUMBER_CHARS:
                k -= 1
            written = s[k : j + 1].replace(" ", "").lstrip(",.")
            if written[:1].isdigit():
                out.add(written)
        at = s.find("원", at + 1)
    return frozenset(out)


def echo(scan: Scan, n: Number) -> bool:
    """The same amount is written with 원 elsewhere in the text: a headline's 5억 이상 사업
    over a body's 5억 원 이상이 투입되는 (the text's written amounts are gathered once)."""
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    written = scan.found.get("written_won")
    if not isinstance(written, frozenset):
        written = scan.found["written_won"] = _written_won(scan.s)
    return scan.s[n.start : n.end].replace(" ", "") in written


_HEADLINE = 100  # characters: the longest first line read as a headline


def headline(scan: Scan, n: Number) -> bool:
    """A bare amount of 억 or more in a headline (the text's first line, with a body after
    it) over a body that writes its amounts in won: headlines drop 원 (두산 -2억·키움 -49억,
    총액 125억서 5억까지); a foreign amount keeps its currency word there (130억달러)."""
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    s = scan.s
    end = s.find("\n", 0, _HEADLINE + 1)
    if end < 0 or n.start > end or s[:end].rstrip().endswith("."):
        return False
    if "body_won" not in scan.found:
        scan.found["body_won"] = _writes_won(s, end)
    return bool(scan.found["body_won"])


_AMOUNT_WON = re.compile(r"[0-9십백천만억조] ?원")


def _writes_won(s: str, start: int) -> bool:
    """Does ``s`` from ``start`` on write an amount in won, 원 ending its word (111억8175만원으로,
    not 3원칙)?"""
    for m in _AMOUNT_WON.finditer(s, start):
        stop = hangul_run_end(s, m.end())
        if GRAMMAR.ends_noun(s[m.end() : stop], "원"):
            return True
    return False


def money_text(scan: Scan, n: Number) -> bool:
    """A bare amount of 억 or more in a text about money in won alone: the text names a
    money noun of a clause (국비, 예산, 매출, 연봉 …), no other currency and no country (the
    won is the only money it can be), and the amount's clause counts nothing (인구 80억)."""
    if n.top_myriad < _FAR:  # type: ignore[operator]
        return False
    found = scan.found.get("won_only_text")
    if found is None:
        found = scan.found["won_only_text"] = _CLAUSE_NOUN.search(scan.s) is not None and won_only(scan)
    if not found:
        return False
    return _NOT_MONEY.search(scan.s, _clause_start(scan, n.start), n.start) is None


def won_only(scan: Scan) -> bool:
    """Does the text name no currency but the won, and no country but Korea (the won is
    the only money a bare amount in it can be)?"""
    found = scan.found.get("won_only")
    if found is None:
        found = scan.found["won_only"] = (_FOREIGN.search(scan.s) is None  # (first: the mentions walk the text)
                                          and all(codes <= _WON_ONLY for codes in scan.context.codes))
    return found


_WON_ONLY = frozenset({"KRW"})
_RATIO_AFTER = re.compile(r"의 ?[0-9]")


_FOREIGN = re.compile("|".join(map(re.escape, _I["foreign_money"])) + r"|[0-9] ?엔")


def restated_abroad(scan: Scan, n: Number) -> bool:
    """A bare amount of 만 or more restated in another currency in the bracket after it, at
    a rate the won has had against that currency (포스코는 1947억(1억6200만 달러)을: the
    won of a Korean sum, its dollars given for foreign readers)."""
    return (n.top_myriad or 0) >= _MAN_EXPONENT and _restated_at_won_rate(scan, n.end, n.low)


def _restated_at_won_rate(scan: Scan, end: int, value: Decimal) -> bool:
    """Is the bracket after ``end`` another currency's amount that ``value`` won comes to at
    a rate within that currency's history against the won (widened a fifth)?"""
    found = _bracketed_rate(scan, end, value)
    span = None if found is None else known_range(found[0], "KRW")
    return span is not None and span[0] * _CLOSE_LOW <= found[1] <= span[1] * _CLOSE_HIGH  # type: ignore[index]


def _bracketed_rate(scan: Scan, end: int, value: Decimal) -> tuple[str, Decimal] | None:
    """The other currency whose amount the bracket right after ``end`` gives, and the won per
    unit of it that ``value`` won comes to; None when the bracket holds no such amount."""
    s = scan.s
    j = gap_end(s, end)
    if j >= len(s) or s[j] != "(" or value <= 0:
        return None
    other = read_amount(scan, _BRACKET_CUE.match(s, j + 1).end())  # type: ignore[union-attr]
    if other is None or other.code == "KRW" or not other.exact or other.low <= 0:
        return None
    with localcontext(ARITHMETIC):
        return other.code, value / other.low


def _english_restated_abroad(scan: Scan, n: Number) -> Candidate | None:
    """An English page's bare magnitude restated in another currency in the bracket after
    it, at a rate the won has had (Posco will spend 194.7 billion ($162 million)), on a page
    that names Korea or the won."""
    s = scan.s
    end, scale = english_magnitude(s, n.end)
    if scale < _MILLION or not s.startswith(_OPEN_AFTER, end) or not _korean_page(scan):
        return None
    with localcontext(ARITHMETIC):
        value = n.low * scale
    if not _restated_at_won_rate(scan, end, value):
        return None
    return draft(n.start, end, n, n, None, "KRW", scale, "implied_won_restated_abroad", word_start=end, word_end=end,
                 basis="implied")


def _dollars_in_bracket(scan: Scan, n: Number) -> Candidate | None:
    """An English page's amount in won, then in the bracket right after it a bare magnitude
    with nothing else (Woori had KRW325.4 trillion (293.43 billion) in assets; diverting 46.5
    billion won (43.5 million)): its dollars, as the press writes them with the sign left
    out, where the won per dollar they imply is one the won has had (widened a fifth)."""
    s, last = scan.s, scan.last
    if last is None or last.code != "KRW" or not last.exact or s[last.end : n.start] not in _OPEN_AFTER:
        return None
    end, scale = english_magnitude(s, n.end)
    if scale < _MILLION or not s.startswith(")", end) or n.low <= 0:
        return None
    span = known_range(_DOLLAR, "KRW")
    with localcontext(ARITHMETIC):
        rate = last.low / (n.low * scale)
    if span is None or not span[0] * _CLOSE_LOW <= rate <= span[1] * _CLOSE_HIGH:
        return None
    return draft(n.start, end, n, n, None, _DOLLAR, scale, "dollars_in_bracket", word_start=end, word_end=end,
                 basis="implied")


_DOLLAR = "USD"


def _korean_page(scan: Scan) -> bool:
    key = "korean_page"
    if key not in scan.found:
        scan.found[key] = _KOREA_WORDS.search(scan.s) is not None
    return scan.found[key]  # type: ignore[return-value]


_MILLION = Decimal(10) ** 6
_MAGNITUDE_FIRSTS = frozenset("mbtMBT")  # (million, bn, trillion: looked at before the magnitude is read)
_OPEN_AFTER = (" (", "(")
_KOREA_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, _I["korea_in_english"])) + r")\b")
_MAN_EXPONENT = 4
_BRACKET_CUE = re.compile(r" {0,2}(?:약|about|around|approximately|roughly|some|US)? ?")


def priced_item(scan: Scan, n: Number) -> bool:
    """An amount of 억 or more glued to 짜리, the price of a thing (1080억짜리 아파트, 66억짜리
    다이아몬드): Korean text writes a foreign price's currency (100만 달러짜리), not the won's."""
    return (n.top_myriad or 0) >= _FAR and scan.s.startswith(_PRICED, n.end)


RULES: tuple[tuple[str, Rule], ...] = (
    ("implied_won_after_money_noun", after_money_noun),
    ("implied_won_priced_item", priced_item),
    ("implied_won_in_conversion", in_conversion),
    ("implied_won_restated_abroad", restated_abroad),
    ("implied_won_in_money_clause", in_money_clause),
    ("implied_won_before_money_verb", before_money_verb),
    ("implied_won_before_money_noun", before_money_noun),
    ("implied_won_beside_won", beside_won),
    ("implied_won_change_of_won", change_of_won),
    ("implied_won_property", property_price),
    ("implied_won_list_item", list_item),
    ("implied_won_list_to_won", list_to_won),
    ("implied_won_echo", echo),
    ("implied_won_headline", headline),
    ("implied_won_money_text", money_text),
    ("implied_won_after_won", after_won),
)


# a statute's article: 특가법 2조에 따라, 형법 62조 1항, 같은 법 3조의2, - 제 2 조 세입·세출예산의
_LAW_BEFORE = re.compile(r"(?:(?:법|령|규칙|조례|규정|협약|헌법)(?:\s?제)?|(?<![가-힣])제)\s?$")
_ARTICLE_AFTER = re.compile(r"\s?(?:의\s?\d|제?\s?\d+\s?항|\d+\s?호|의 ?(?:사항|규정|요건|조항|적용|단서)"
                            r"|에 ?(?:따라|따른|의해|의한|의하여|규정된|해당하는 (?:죄|행위)))")  # 51조의 사항을 참작


def _article(s: str, n: Number) -> bool:
    """Is a bare N조 an article of a statute (특가법 2조에 따라, 형법 62조 1항)?"""
    if n.top_myriad != 12 or n.end - n.start > 4:
        return False
    return _LAW_BEFORE.search(s, max(0, n.start - 6), n.start) is not None or _ARTICLE_AFTER.match(s, n.end) is not None


def _counted(scan: Scan, n: Number) -> bool:
    """Does a counter follow (3만 명), or a noun that counts stand right before (인구 5천만)?"""
    s = scan.s
    after = n.end + 1 if n.end < len(s) and s[n.end] == " " else n.end
    if any(s.startswith(w, after) and word_end(s, w[-1], after + len(w), after) is not None
           and not (w in _GLUED_COUNTERS and after > n.end) for w in _COUNTERS):
        return True  # (3등 is a rank; 868억 등의 순이다 is "and so on")
    counted = _NOT_MONEY.search(s, max(0, n.start - 12), n.start)
    if counted is None:
        return False
    for counted in _NOT_MONEY.finditer(s, counted.start(), n.start):
        pass  # (the last one)
    return _MONEY_WORD.search(s, counted.end(), n.start) is None
    # (주민지원사업 국비 80억: the money noun after the people's names the amount)


_GLUED_COUNTERS = frozenset(_C["implied_won"]["glued_counters"])
_CARRY = _C["english_carry"]
_CARRY_MAGNITUDE = re.compile(r" (" + "|".join(_CARRY["magnitudes"]) + r")(?![A-Za-z])")
_CARRY_AFTER = tuple(_CARRY["after"])
_RANGE_TO = " to "
_TEN = Decimal(10)
_CARRY_SCALES = {"million": 6, "billion": 9, "trillion": 12}
_CARRIED = "implied_won_english_carry"
_CARRIED_OTHER = "english_carry"
_CARRY_KINDS = frozenset({"english", "symbol", "code"})
_SENTENCE_BREAK = re.compile(r"[.?!] |\n")
_COUNTED = re.compile(r"\b(?:" + "|".join(map(re.escape, _CARRY["counted"])) + r")\b", re.IGNORECASE)
_CLAUSE_REACH = 160


def _english_carry(scan: Scan, n: Number) -> Candidate | None:
    """28.8 trillion in 2003 sales, after 38.6 trillion won: an English report's bare
    magnitude, close after an amount in won, with no counted noun after it. Other
    currencies carry the same way when the amount before wrote its magnitude in words
    too (to P19 billion from 16.9 billion; 38.3 trillion yen, up from 37.7 trillion)."""
    last, s = scan.last, scan.s
    if last is None or n.start - last.end > _CARRY["reach"] or n.start - last.end < 0:
        return None
    if (restated := _restated_bare(scan, n)) is not None:
        return restated
    carried = _CARRIED in last.rules or _CARRIED_OTHER in last.rules  # (a carried amount carries on)
    if last.code == "KRW":
        if (last.word.kind != "english" if last.word is not None else not carried) or max(last.scale, abs(last.low)) < 10**6:
            return None  # (128 trillion 241.4 billion won is one number of scale 1)
    elif (not carried and (last.word is None or last.word.kind not in _CARRY_KINDS or last.scale < 10**6)
          or _SENTENCE_BREAK.search(s, last.end, n.start) or s[last.start - 1 : last.start] == "("):
        return None  # (a dollar amount in digits sets no magnitude to carry; nor one restating the
        # amount before it, 3.9 trillion won ($3.3 billion); nor one of another sentence)
    m = _CARRY_MAGNITUDE.match(s, n.end)
    if m is None or (n.start and s[n.start - 1].isalnum()):
        return None
    n, end, scale = english_groups(scan, n, m.end(), _TEN ** _CARRY_SCALES[m.group(1)])  # 1 trillion 900 billion
    if not s.startswith(_CARRY_AFTER, end):
        return None
    clause = s[max(0, n.start - _CLAUSE_REACH) : n.start]
    if _COUNTED.search(clause[max(clause.rfind(". "), clause.rfind("\n")) + 1 :]) is not None:
        return None  # the elderly population exceeded 1 million: the sentence counts people
    if s.startswith(_RANGE_TO, end) and not after_change_word(s, n.start) and (
            tail := read_amount(scan, end + len(_RANGE_TO))) is not None and tail.word is not None and tail.code == last.code:
        return None  # … to 30 million to 100 million won: the first of a range, read with its second
    if last.code != "KRW":
        return draft(n.start, end, n, n, None, last.code, scale, _CARRIED_OTHER, word_start=end, word_end=end,
                     basis="context")
    return draft(n.start, end, n, n, None, "KRW", scale, _CARRIED, word_start=end,
                 word_end=end, basis="implied")


_BRACKET_OPEN = re.compile(r" ?[(\[] ?")
_BARE_MAGNITUDE = re.compile(r" ?(" + "|".join(sorted(map(re.escape, english_magnitude_words()), key=longest_first))
                             + r")(?![A-Za-z]) ?[)\]]")


def _restated_bare(scan: Scan, n: Number) -> Candidate | None:
    """A bare amount alone in the bracket right after an amount, worth the same in other
    words (Tk 128.7 million (12.87 crore); $1.5 billion (1,500 million)): the same sum in
    the same currency."""
    last, s = scan.last, scan.s
    if last is None or not last.exact or _BRACKET_OPEN.fullmatch(s, last.end, n.start) is None:
        return None
    m = _BARE_MAGNITUDE.match(s, n.end)
    if m is None:
        return None
    scale = _TEN ** english_magnitude_words()[m.group(1).lower()]
    with localcontext(ARITHMETIC):  # (equal to the coarser of the two writings: 1.065 billion is 106.54 crore)
        if abs(n.low * scale - last.low) > max(last.precision, n.precision * scale):
            return None
    end = m.end(1)
    return draft(n.start, end, n, n, last.word, last.code, scale, "restated_bare", word_start=end, word_end=end,
                 basis="context")


_EN_JOINER = re.compile(r",? (?:or|and) |, ")


def _english_thousands_list(scan: Scan, n: Number) -> Candidate | None:
    """50,000 or 60,000 won: a bare amount written with thousands that opens a list whose
    next item names an English currency, of the same size (within ten times)."""
    s = scan.s
    if "," not in s[n.start : n.end] or n.start and (s[n.start - 1].isalnum() or s[n.start - 1] in "$₩€£¥,."):
        return None
    joiner = _EN_JOINER.match(s, n.end)
    if joiner is None or s[max(0, n.start - 9) : n.start].lower().rstrip().endswith(("between", "from")):
        return None
    item = read_amount(scan, joiner.end())
    if (item is None or item.word is None or item.word.kind != "english" or not item.exact or item.scale != _ONE
            or "," not in s[item.number.start : item.number.end] or not n.low <= item.low * 10 or not item.low <= n.low * 10):
        return None
    return draft(n.start, n.end, n, n, item.word, item.code, _ONE, "list_currency", word_start=n.end, word_end=n.end,
                 basis="context")


def _english_list(scan: Scan, n: Number) -> Candidate | None:
    """50 million, 60 million or 70 million won: a bare amount with an English magnitude
    that opens or stands in a list whose last item names the currency, in the same
    magnitude."""
    s = scan.s
    m = _CARRY_MAGNITUDE.match(s, n.end) if s.startswith(" ", n.end) else None
    if m is None:
        return _english_thousands_list(scan, n)
    if n.start and (s[n.start - 1].isalnum() or s[n.start - 1] in "$₩€£¥") or s[max(0, n.start - 9) : n.start].lower(
            ).rstrip().endswith(("between", "from")):
        return None  # (between 1 trillion and 2 trillion won: a range, read by its second bound)
    scale, j = _TEN ** _CARRY_SCALES[m.group(1)], m.end()
    for _ in range(_LIST_ITEMS):
        joiner = _EN_JOINER.match(s, j)
        if joiner is None:
            return None
        j = joiner.end()
        item = read_amount(scan, j)
        if item is not None:
            if item.word is None or item.word.kind != "english" or not item.exact or item.scale != scale:
                return None
            return draft(n.start, m.end(), n, n, item.word, item.code, scale, "list_currency", word_start=m.end(),
                         word_end=m.end(), basis="context")
        following = scan.number(j)
        if following is None or not following.arabic or (after := _CARRY_MAGNITUDE.match(s, following.end)) is None \
                or after.group(1) != m.group(1):
            return None
        j = after.end()
    return None


_FROM = "from "
# between the sum it moved from and " to ": a year or a short phrase of no numbers (from 19,000 for pepperoni to)
_FROM_TO = re.compile(r"(?: (?:in|for|at|on|last|this|a|per|an) (?:\d{4}|[^\d.,;:()\n]{1,24}?))? to ")
_FROM_RATIO = 10  # the two sums lie within this factor of each other


def _english_from(scan: Scan, n: Number) -> Candidate | None:
    """A bare sum after "from", whose move ends at a sum with its currency (raised from 5,580
    in 2015 to 6,030 won; from 140,000 to 200,000 pounds): in that currency, written in the
    same magnitude."""
    s = scan.s
    m = _FROM_TO.match(s, n.end)
    if m is None or n.low <= 0 or n.precision >= 1 and 1900 <= n.low <= 2099 and "," not in s[n.start : n.end]:
        return None  # (from 1990 to 2000: years)
    to = read_amount(scan, m.end())
    if to is None or to.word is None or to.word.kind == "code" and to.word_start == to.start or not to.exact:
        return None
    with localcontext(ARITHMETIC):
        value = n.low * to.scale
        if not to.low / _FROM_RATIO <= value <= to.low * _FROM_RATIO:
            return None
    return draft(n.start, n.end, n, n, to.word, to.code, to.scale, "moved_from", word_start=n.end, word_end=n.end,
                 basis="context")


_MOVE_MARKS = "▲▼"
_UP = "▲"
_PERCENT_AFTER = re.compile(r" ?[+-]?[0-9]+(?:\.[0-9]+)? ?%")


DECLARES = b"Currency i"  # (looked for once a text among its ASCII characters, by the extractor)
_DECLARATION = re.compile(r"\bCurrency (?:is|in) (?P<code>[A-Z]{3})\b")
_PAGE_LABEL = re.compile(r"(?i)\b(?:" + _alternation(_C["declared_page"]["labels"]) + r")\b")
_PAGE_MAGNITUDE = re.compile(r"(?: (?:trillion|billion|million)\b|[TBM](?![A-Za-z0-9]))")
_PAGE_SCALES = {"t": 12, "b": 9, "m": 6}
_LABEL_REACH = 60  # characters before the amount where its label is looked for (its line, or the line before)
_MOVE_PERCENT = re.compile(r" ?\([+-]?[0-9]+(?:\.[0-9]+)?%\)")


def declared_page(scan: Scan, i: int) -> Candidate | None:
    """The amount at ``s[i]`` on a stock page that declares its currency once (read before
    any other reading: 74.06B there is a magnitude, not baht), or None."""
    if not "0" <= scan.s[i] <= "9":
        return None
    n = scan.number(i)
    if n is None or n.top_myriad is not None or not n.arabic or n.vague:
        return None
    return _declared_page(scan, n)


def _declared_page(scan: Scan, n: Number) -> Candidate | None:
    """A stock page's amounts in the currency it declares once (· Delayed Price · Currency is
    KRW): the price alone on the line after the declaration (2,945.00), its signed move on the
    next (+25.00 (0.86%)), and an amount with a magnitude after a money label (a market cap or
    net worth of 74.06 billion; Market Cap⏎74.06B). Nothing else on the page is read by it."""
    s = scan.s
    found = scan.found.get("declared_page")
    if found is None:
        found = scan.found["declared_page"] = [(m.end(), m.group("code")) for m in _DECLARATION.finditer(s)
                                               if m.group("code") in scan.currencies.kept]
    before = [(end, code) for end, code in found if end <= n.start]
    if not before:
        return None
    end, code = before[-1]
    word = scan.currencies.code_word(code)
    sign = n.start - 1 if n.start and s[n.start - 1] in "+-" else n.start
    gap = s[end:sign]
    if not gap.strip() and gap.count("\n") == 1 and (sign == n.start or _MOVE_PERCENT.match(s, n.end)):
        return draft(n.start, n.end, n, n, word, code, _ONE, "declared_page", word_start=n.end, word_end=n.end,
                     basis="context")  # the price, on the line after the declaration
    if sign < n.start and _MOVE_PERCENT.match(s, n.end) and (line := s.rfind("\n", end, sign)) > end and (
            price := scan.number(s.rfind("\n", end, line) + 1)) is not None and not s[end:price.start].strip() \
            and not s[price.end : sign].strip():
        start = sign if s[sign] == "+" else n.start  # (a minus joins the span as qualify.sign negates it)
        return draft(start, n.end, n, n, word, code, _ONE, "declared_page", word_start=n.end, word_end=n.end,
                     basis="context")  # its signed move, on the line after the price
    m = _PAGE_MAGNITUDE.match(s, n.end)
    if m is None or (n.start and (s[n.start - 1].isalnum() or s[n.start - 1] in "$₩€£¥")):
        return None
    label = s[max(end, n.start - _LABEL_REACH) : n.start]
    label = label[label.rfind("\n", 0, len(label.rstrip("\n")) - 1) + 1 :]  # its line, or the line before
    if _PAGE_LABEL.search(label) is None or _COUNTED.search(label) is not None:
        return None
    scale = _TEN ** _PAGE_SCALES[m.group().strip()[0].lower()]
    return draft(n.start, m.end(), n, n, word, code, scale, "declared_page", word_start=m.end(), word_end=m.end(),
                 basis="context")


def _price_move(scan: Scan, n: Number) -> Candidate | None:
    """A share's move right after its price in won, as stock news prints it with the move's
    percentage (6,680원 ▼190 -2.77%, 28,500원 ▲1,200 +4.40%): in won (▼ makes it negative)."""
    last, s = scan.last, scan.s
    mark = n.start - 1
    if (last is None or last.code != "KRW" or last.word is None or not 0 <= mark - last.end <= 1
            or _PERCENT_AFTER.match(s, n.end) is None):
        return None
    start = mark if s[mark] == _UP else n.start  # (▼ joins the span as a minus sign: qualify.sign)
    return draft(start, n.end, n, n, last.word, "KRW", _ONE, "price_move", word_start=n.end, word_end=n.end,
                 basis="context")


_ARROWS = tuple(_C["arrows"]["marks"])
_ARROW_FIRST = frozenset(a[0] for a in _ARROWS)


_CLOSE_LOW, _CLOSE_HIGH = Decimal("0.8"), Decimal("1.25")  # a first end this close to the second shares its myriad


def _arrow_source(scan: Scan, n: Number) -> Candidate | None:
    """7천300→7천600원: the amount before an arrow is in the currency of the amount it
    becomes, when both are written to the same myriad (a price change, as lists of new
    prices write it)."""
    s = scan.s
    k = n.end + 1 if s.startswith(" ", n.end) else n.end
    arrow = next((a for a in _ARROWS if s.startswith(a, k)), None)
    if arrow is None or n.vague:
        return None
    k += len(arrow)
    k += s.startswith(" ", k)
    target = read_amount(scan, k)
    if target is None or target.word is None or not target.exact:
        return None
    if target.number.top_myriad != n.top_myriad:
        top = target.number.top_myriad
        if n.top_myriad is not None or top is None or not n.arabic or n.low <= 0 or (
                1900 <= n.low <= 2100 and s[n.start : n.end].isdigit()):
            return None  # (2019→2020억원: a year)
        with localcontext(ARITHMETIC):
            myriad = _ONE.scaleb(top)
            coefficient = target.number.low / myriad
            if not (coefficient * _CLOSE_LOW <= n.low <= coefficient * _CLOSE_HIGH
                    or top >= _EOK_EXPONENT and n.low < _MYRIAD_COUNT):
                return None  # (the first in the second's myriad: 639.0→638.7조원, a total that moved a little, or
                # any count of 억 or 조: 코스피 50→500억원, no sum of won becomes 500억; 300→500만원 may be 300 won or 300만 won)
            value = n.low * myriad
        n = Number(n.start, n.end, value, value, n.precision * myriad, top_myriad=top, arabic=True)
    return draft(n.start, n.end, n, n, target.word, target.code, target.scale, "arrow_currency", word_start=n.end,
                 word_end=n.end, basis="context")


_B = _C["eok_band"]
# 억대 연봉, 억대의 과태료, 억대돈 (a noun of money after it), 연봉은 억대 (one before it, its subject)
_EOK_BAND = re.compile(r"(?<![0-9가-힣.,])" + re.escape(_B["band"]) + r"(?=(?:의)? ?(?:" + _alternation(_B["after"])
                       + r"))|(?<=(?:" + "|".join(sorted({re.escape(w[-1]) for w in _B["before"]})) + r")(?:은|는|이|가|도) )"
                       + r"(?P<subject>" + re.escape(_B["band"]) + r")(?=인|이다|였|이었|로|이며|이고|[ .,\n]|$)")
_EOK_BEFORE = re.compile("(?:" + _alternation(_B["before"]) + r")(?:은|는|이|가|도) $")


def eok_bands(s: str) -> list[Candidate]:
    """억대 with no number before it, in won where money is spoken of (억대 연봉; 연봉은 억대): a
    vague amount from 1억 to under 10억."""
    if _B["band"] not in s:
        return []
    out = []
    for m in _EOK_BAND.finditer(s):
        if m.group("subject") is not None and _EOK_BEFORE.search(s, max(0, m.start() - 12), m.start()) is None:
            continue  # (a subject before it that is no money's noun, whole: 조회수가 억대)
        low, high = _EOK, _EOK * 10
        number = Number(m.start(), m.start() + 1, low, high, _EOK, top_myriad=_EOK_EXPONENT, vague=True)
        out.append(Candidate(m.start(), m.end(), low, high, _EOK, "KRW", number, None, m.end(), m.end(), exact=False,
                             qualifier="vague", shape="vague", basis="implied", rules=("implied_won_eok_band",)))
    return out


_EOK_EXPONENT = 8
_MYRIAD_COUNT = 10000  # (a count of a myriad is under 10,000 of it)
_GLUED_NOUNS = tuple(sorted({*(w for w in _I["nouns"] if " " not in w), *_I["clause_nouns"]}, key=longest_first))
_GLUED_REACH = max(map(len, _GLUED_NOUNS))


def _glued_noun(s: str, start: int) -> bool:
    """Is the word glued before ``start`` a money noun, whole or ending it (국비11억, 군비34억,
    총사업비45억: a list that drops the space)?"""
    first = start
    while first > 0 and start - first <= _GLUED_REACH and is_hangul(s[first - 1]):
        first -= 1
    word = s[first:start]
    return any(word == noun or (len(noun) >= 2 and word.endswith(noun)) for noun in _GLUED_NOUNS)


def _approx_glued(s: str, start: int) -> bool:
    """Is the word glued before ``start`` the approximation alone ((약2300억), 한화약1조)?"""
    return s[start - 1] == _APPROX and (start < 2 or not is_hangul(s[start - 2]) or s.endswith(_GLUED_CUES, 0, start - 1))


_APPROX = _I["conversion_cues"][0]  # 약
_GLUED_CUES = tuple(cue.replace(" ", "") for cue in _I["conversion_cues"][1:])  # 한화약1조, 우리돈약


def _glued_qualifier(s: str, end: int, stop: int) -> bool:
    """Is the rest of the word a qualifier glued on, then a plain ending (1,000억가량 증가한,
    300억정도의)? The qualifier rules read it."""
    if not s.startswith(_GLUED_QUALIFIERS, end):
        return False
    q = next(w for w in _GLUED_QUALIFIERS if s.startswith(w, end))
    return GRAMMAR.ends_plainly(s[end + len(q) : stop], q[-1])


def read_implied(scan: Scan, i: int, *, ranges: bool = True) -> Candidate | None:
    """The implied won amount starting at ``s[i]``, or None."""
    n = scan.number(i)
    s = scan.s
    if ranges and n is not None and n.end < len(s) and s[n.end] in _RANGE_FIRST and (ranged := _implied_range(scan, n)):
        return ranged  # 보증금 30~37억, 최저가 2.1억~2.4억: a range of implied won
    if n is not None:
        k = n.end + 1 if s.startswith(" ", n.end) else n.end
        if k < len(s) and s[k] in _ARROW_FIRST and (arrowed := _arrow_source(scan, n)) is not None:
            return arrowed
    if n is not None and n.top_myriad is None and n.arabic and not n.vague and (listed := _english_list(scan, n)):
        return listed  # 50 million, 60 million or 70 million won: the list's currency, written at its end
    if (n is not None and n.top_myriad is None and n.arabic and n.start > 2 and s[n.start - 1] in _MOVE_MARKS
            and (moved := _price_move(scan, n)) is not None):
        return moved  # (6,680원 ▼190 -2.77%): the share price's move in won
    if (n is not None and n.top_myriad is None and n.arabic and not n.vague and n.end + 1 < len(s)
            and s[n.end + 1 if s[n.end] == " " else n.end] in _MAGNITUDE_FIRSTS
            and (abroad := _english_restated_abroad(scan, n)) is not None):
        return abroad  # Posco will spend 194.7 billion ($162 million)
    if n is not None and n.top_myriad is None and n.arabic and not n.vague and s.endswith(_FROM, 0, n.start) and (
            moved := _english_from(scan, n)) is not None:
        return moved  # raised from 5,580 in 2015 to 6,030 won: the sum it moved from, in the currency it moved to
    if (n is not None and n.top_myriad is None and n.arabic and not n.vague and scan.last is not None
            and n.start and s[n.start - 1] == "(" and (dollars := _dollars_in_bracket(scan, n)) is not None):
        return dollars  # KRW325.4 trillion (293.43 billion): the won's dollars, their sign left out
    if n is not None and n.top_myriad is None and n.arabic and not n.vague and scan.last is not None:
        return _english_carry(scan, n)
    if n is None or n.top_myriad is None or n.top_myriad > 12 or not (n.arabic or s[n.start].isdigit()):
        return None  # 구조, 공조, 백조 are words (1조1천7백73억 is not); a bare 경 (10^16) is no price
    stop = hangul_run_end(s, n.end)
    glued_verb = _GLUED_VERB.fullmatch(s, n.end, stop) is not None  # 배수로정비 등 21억투입: a headline's verb noun
    if glued_verb:
        stop = n.end
    elif s.startswith(_SIZE, n.end) and GRAMMAR.ends_plainly(s[n.end + len(_SIZE) : stop], _SIZE[-1]):
        pass  # 예산 43조2천5백억규모: the amount's size, glued
    elif s.startswith(_PRICED, n.end):
        stop = n.end  # 66억짜리 다이아몬드: the price of a thing
    elif not (GRAMMAR.ends_plainly(s[n.end : stop], s[n.end - 1]) or short_from(s, n.end, stop)
              or _glued_qualifier(s, n.end, stop)) or (
            n.start and is_hangul(s[n.start - 1]) and not _approx_glued(s, n.start) and not _glued_noun(s, n.start)):
        return None  # (총액 125억서 5억까지: 에서, as headlines shorten it; (약2300억) is about 2300억)
    if n.end < len(s) and "a" <= s[n.end] <= "z":
        return None  # 2억2천700만t: a unit of measure glued to it (not 23兆7,092억LG, a headline run into a name)
    if _counted(scan, n) or _article(scan.s, n) or _RATIO_AFTER.match(s, n.end):
        return None  # (1경은 1억의 1억배: arithmetic, not a sum)
    listed = _list_currency(scan, n)
    if listed is not None:  # 8500만+2억+3000만+5000만유로: the list's currency, written once at its end
        return draft(n.start, n.end, n, n, listed.word, listed.code, listed.scale, "list_currency", word_start=n.end,
                     word_end=stop, basis="context")
    dropped_man = _dropped_man(s, n)
    if dropped_man is not None:
        n = dropped_man  # 34평 2억 4500, 25평 1억 5천: 2억 4500만, 1억 5천만, as prices are spoken
    elif _DROPPED_UNIT.search(s, n.start, n.end):
        return None  # 시가총액 1조6242: a unit dropped by typo (6242억? 6242만?); no reading is safe
    rule = next((name for name, holds in RULES if holds(scan, n)), None)
    if rule is None or _contradicted(scan, n):
        return None
    c = draft(n.start, n.end, n, n, None, "KRW", _ONE, rule, word_start=n.end, word_end=stop, basis="implied")
    return c.but("approx_infix", qualifier="approx") if n.approx else c  # 사업비 100여억: about, as 100여억 원 is


_MAN = Decimal(10000)
_EOK = Decimal(10) ** 8
_RANGE_FIRST = frozenset("~∼〜～-")


def _implied_range(scan: Scan, first: Number) -> Candidate | None:
    """A range of two bare amounts whose second is implied won (보증금 30~37억, 최저가
    2.1억~2.4억, 임대료 1억 3천~1억7천): the first borrows the second's myriad when it writes
    none (30 is 30억), and is read as the second is (1억 3천 is 1억3천만)."""
    s = scan.s
    k = first.end + 1
    if k >= len(s) or first.vague or first.low != first.high or not (first.arabic or s[first.start].isdigit()):
        return None
    second = scan.number(k)
    if second is None or second.top_myriad is None or (first.top_myriad or 0) > second.top_myriad:
        return None
    if first.top_myriad is not None and first.low >= second.low and (
            (_dropped_man(s, first) or first).low >= (_dropped_man(s, second) or second).low):
        return None  # (1억~1억: no range; looked at before reading either as won)
    tail = read_implied(scan, k, ranges=False)
    if tail is None and first.top_myriad == second.top_myriad and (
            head := read_implied(scan, first.start, ranges=False)) is not None and head.word is None and head.exact:
        second = _dropped_man(s, second) or second  # 최저가 2.1억~2.4억: the second read as the first is
        tail = draft(second.start, second.end, second, second, None, "KRW", _ONE, head.rules[0], word_start=second.end,
                     word_end=second.end, basis="implied")
    if tail is None or tail.start != k or tail.word is not None or not tail.exact:
        return None
    with localcontext(ARITHMETIC):
        if first.top_myriad is None:
            if first.low >= 10000:
                return None
            borrow = _ONE.scaleb(second.top_myriad)
            low, precision = first.low * borrow, first.precision * borrow
        else:
            first = _dropped_man(s, first) or first
            low, precision = first.low, first.precision
    if low >= tail.low:
        return None
    return Candidate(first.start, tail.end, low, tail.high, min(precision, tail.precision), "KRW", first, None,
                     word_start=tail.word_start, word_end=tail.word_end, exact=False, qualifier="range_of",
                     shape="range", scale=tail.scale, rules=(*tail.rules, "range"), basis="implied")


def _dropped_man(s: str, n: Number) -> Number | None:
    """A bare amount of 억 and a last group with no 만 (2억 4500, 1억 5천, 1억3천5백): the
    group counts 만, as Korean says prices; 100,005,000 is never written 1억 5천."""
    written = s[n.start : n.end]
    if n.top_myriad != 8 or "만" in written or n.vague or n.low != n.high:
        return None
    with localcontext(ARITHMETIC):
        group = n.low % _EOK
        if group == 0 or group >= _MAN or group != group.to_integral_value():
            return None
        value = n.low - group + group * _MAN
    return Number(n.start, n.end, value, value, min(n.precision * _MAN, _EOK), top_myriad=8, arabic=n.arabic)


_LIST_JOINERS = ("+", "·", ",", "/", "및", "와", "과", "또는", "내지", "혹은")
_LIST_ITEMS = 8


def _list_currency(scan: Scan, n: Number) -> Candidate | None:
    """The amount with a currency that ends a list the bare amount opens or stands in
    (8500만+2억+3000만+5000만유로; 1억, 2억 또는 3억 달러), or None."""
    s, j = scan.s, n.end
    for _ in range(_LIST_ITEMS):
        while j < len(s) and s[j] == " ":
            j += 1
        joiner = next((w for w in _LIST_JOINERS if s.startswith(w, j)), None)
        if joiner is None:
            return None
        j += len(joiner)
        while j < len(s) and s[j] == " ":
            j += 1
        item = read_amount(scan, j)
        if item is not None:
            return item if item.word is not None and item.exact else None
        following = scan.number(j)
        if following is None or following.top_myriad is None:
            return None
        j = following.end
    return None


def _contradicted(scan: Scan, n: Number) -> bool:
    """Does the text restate the amount in another currency at a rate no won amount
    could have (적자 16억(25억 4천만 달러): 16억 is not won)?"""
    found = _bracketed_rate(scan, n.end, n.low)
    band = None if found is None else listed_band(found[0], "KRW")
    return band is not None and not band[0] <= found[1] <= band[1]  # type: ignore[index]
