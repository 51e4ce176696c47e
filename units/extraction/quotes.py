"""Exchange-rate quotes: the price of a currency, not an amount of money.

>>> from units import rate_quotes
>>> [(q.text, q.base, q.quote, str(q.rate), q.kind) for q in rate_quotes("원·달러 환율은 8.3원 오른 1,450.3원에 마감했다.")]
[('1,450.3원', 'USD', 'KRW', '1450.3', 'level')]
>>> [(q.text, str(q.rate), str(q.per)) for q in rate_quotes("100엔당 950원, 1유로=1.16달러")]
[('100엔당 950원', '9.5', '100'), ('1유로=1.16달러', '1.16', '1')]

The last stage of extraction reads them, so ``extract`` does not report them as money; a
change of a rate (8.3원 오른) is neither money nor a level: it is kept apart
(:attr:`Reading.changes`). The rules, tried in order on every figure:

* ``rate_per``: the price per unit of the base currency (달러당 1,327.8원, 미달러당 7.7455
  홍콩달러); the base is the sentence's pair when it names a dollar of its own
  (캐나다달러 환율이 달러당 920원);
* ``rate_base``: an amount before 당 and its price (100엔당 950원); before 당 with no price
  it is the unit of a ratio (100달러당 수수료), not an amount either;
* ``rate_equation``: one unit and its price (1달러=1,450원, 1달러에 1,450원, C$1에 991원37전,
  US$1 was equivalent to 1,183.06 won, and 1달러 1,300원 side by side at a plausible rate);
* ``rate_english``: 1,090 won to the dollar, KRW 929 per US dollar;
* ``rate_context``: a level or change in a text about exchange rates: in a sentence whose
  rate word names the pair (원·달러 환율은 … 1,450원에 마감, 원/엔 재정환율, 달러·엔 150엔대,
  유로·달러 환율 1.08달러), or, in the sentences after, close to the last level quoted for
  the pair (… 장중 1,370원대까지 올라섰다). A change is a small amount next to a word of
  change (전날보다 8.3원 오른, 3원21전 내린, 변동폭은 34원70전).

Words come from ``lexicon/quotes.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from operator import attrgetter

from units.currencies import is_hangul
from units.decimals import plain
from units.extraction import resolve
from units.extraction.amount import read_amount
from units.extraction.context import TABLES as MENTIONS
from units.extraction.figure import Candidate, Rejection
from units.extraction.grammar import GRAMMAR
from units.extraction.scan import Scan
from units.extraction.spelled import SPELLED_RUN, read_spelled_number
from units.rates import history_range, known_range  # (the rate history itself loads on first use)
from units.lexicon import context_words, currency_words, load_table
from units.numerals import ARITHMETIC, MYRIADS, SMALL_UNITS, Number
from units.text import line_around, longest_first, trie_alternation

__all__ = ["RateQuote", "QuoteDraft", "FxText", "RULES", "KINDS", "BY_HUNDRED", "quoted_units", "applied_per",
           "product_holds"]

KINDS = ("level", "change", "limit")
_T = load_table("quotes.toml")
_W = _T["words"]
_RATE_WORDS = tuple(_W["rate"])
_AGAINST_DOLLAR = tuple(_W["against_dollar"])
# a pair named as the topic, standing for its rate: 유로-달러는 1.2353달러로, 엔·달러가, 원-위안의 경우
_TOPIC_AFTER = r"(?=(?:은|는|이|가|도|의 경우(?:에는|엔)?) |, | (?:" + "|".join(map(re.escape, _W["pair_topic_after"])) + r"|\d))"
_PAIR_NAMES = (r"(?:(?:" + "|".join(_W["pair_dollar_countries"]) + r") ?달러|"
               + "|".join(sorted(_W["pair_names"], key=longest_first)) + ")")  # 원·달러, 엔/달러, 원·호주 달러
# (found at the mark between the two names, a rare character, then the first name read back
# from it: a pattern opening with the names would try every 원 and 대 of a text)
_PAIR_TOPIC = re.compile(r"[-·/ㆍ‧]" + _PAIR_NAMES + r"화?" + _TOPIC_AFTER)
_PAIR_FIRSTS = tuple(sorted({name + hwa for name in (
    *_W["pair_names"], *(country + gap + "달러" for country in _W["pair_dollar_countries"] for gap in ("", " ")))
    for hwa in ("", "화")}, key=longest_first))
# the pair glued as headlines write it (원달러 1390원 돌파), looked for only where one is written
_WON_WORD = "원"
_GLUED_PAIRS = tuple(_WON_WORD + other for other in _W["glued_pair_others"]) + tuple(_W["glued_pairs"])
_GLUED_TOPIC = re.compile(r"(?<![0-9가-힣])(?:" + _WON_WORD + "(?:" + "|".join(map(re.escape, _W["glued_pair_others"]))
                          + ")|" + "|".join(map(re.escape, _W["glued_pairs"])) + ")화?" + _TOPIC_AFTER)


def _pair_topics(scan: Scan) -> list[tuple[int, int]]:
    """The spans of the pairs named as a topic in the text: 유로-달러는, 원·달러 장중, 원ㆍ호주
    달러가, 원달러 1390원 (read once)."""
    found = scan.found.get("pair_topics")
    if found is None:
        s, found = scan.s, []
        for m in _PAIR_TOPIC.finditer(s):
            first = next((name for name in _PAIR_FIRSTS if s.endswith(name, 0, m.start())), None)
            if first is not None:
                found.append((m.start() - len(first), m.end()))
        if any(w in s for w in _GLUED_PAIRS):
            found += [m.span() for m in _GLUED_TOPIC.finditer(s)]
        scan.found["pair_topics"] = found
    return found  # type: ignore[return-value]
# an English sentence about the won's rate: the won was quoted at, the won-dollar rate
_ENGLISH_TOPIC = re.compile("|".join(_W["english_topics"]))
_ENGLISH_CUES = tuple(_W["english_cues"])
_RATE_WORD = re.compile(trie_alternation(list(_RATE_WORDS + tuple(_W["session"]))))  # (one branch per first character)
# a rate word as the means of a conversion names no level after it: 현재 환율 기준 1400원 정도,
# 환율로 따지면 7천원, 환율을 적용하면 3,500원 (the won a price comes to)
_INSTRUMENT = re.compile(r" ?(?:" + "|".join(map(re.escape, _W["instrument"])) + r")")
_PER = _W["per"]
_BAR_AFTER = re.compile(r"[ \t]*\|[ \t]*(?=[^|\n])")
_EQUALS = tuple(sorted(_W["equals"], key=longest_first))
_LONG_LINKS = tuple(w for w in _EQUALS if " " in w and not w.isascii())  # 를 팔면, 의 가치는
# the links by their first character, longest first
_EQUALS_BY_FIRST = {first: tuple(w for w in _EQUALS if w[0] == first) for first in {w[0] for w in _EQUALS}}
_LINK_HEADS = frozenset(w.split(" ")[0] for w in _LONG_LINKS)
_ENGLISH_PER = tuple(sorted(_W["english_per"], key=longest_first))
_PER_AMOUNTS = frozenset(Decimal(x) for x in _W["per_amounts"])
_PRICE_FILLERS = tuple(sorted(_W["price_fillers"], key=longest_first))
_PARTICLE_LINKS = frozenset(w for w in _W["equals"] if len(w) == 1 and is_hangul(w) and w != "에")
_THOUSAND_AMOUNTS = frozenset(Decimal(x) for x in _W["thousand_amounts"])
_BY_THOUSAND = frozenset(_W["by_thousand"])  # 1,000낍 = 63원: a rate per 1,000
_PER_WIDTH = max(len(x) for x in _W["thousand_amounts"]) + 2  # 1백, 100.0, 10,000: a per amount is written short
_JOINERS = frozenset("".join(_W["pair_joiners"]) + "대")
_GLUED_PREFIXES = frozenset(_W["glued_prefixes"]) | frozenset(SMALL_UNITS) | frozenset(MYRIADS)  # 1백엔 (not 11일엔)
# the US dollar named as such (미 달러, 달러/엔, 원·달러), not a dollar of another country (싱가포르 달러당)
_US_DOLLAR = re.compile("미(?:국)? ?달러|US ?달러|달러[" + re.escape("".join(_W["pair_joiners"])) + "]|["
                        + re.escape("".join(_W["pair_joiners"])) + "]달러"
                        + "|(?<![가-힣])달러화? ?(?:강세|약세|가치|인덱스)")  # 엔화 강세와 달러 약세: the dollar
_WINDOW = int(_W["pair_window"])
_INHERIT = Decimal(_W["inherit_within"])
_INHERIT_CHARS = int(_W["inherit_chars"])
_SAME_LEVEL = Decimal(_W["same_level_within"])  # a level this close to the one its sentence just quoted is of its pair
_PRICES = tuple(_W["prices"])
_ITEM_MARKS = frozenset("*•-△▲▶▷○●■□◆◇※·")  # (the first character of a line of a list)
_SENTENCE_FINAL = frozenset(".!?…。다\"'”’)")
_HEADLINE = 90
_REACH = 160  # characters: how far from its rate word a sentence's level may stand
_WRAPPED_LINES = 4  # lines of hard-wrapped print a sentence may run back over  # characters: a line this short reads as one sentence, whatever its marks
_C = _T["change"]
_CHANGE_AFTER, _CHANGE_BEFORE = tuple(_C["after"]), tuple(_C["before"])
_WIDTH_WORD = re.compile(trie_alternation(_C["width"]))  # (factored: the first look at a width sentence reads the text)
_FRACTION = Decimal(_C["fraction"])
_WIDTH_FRACTION = Decimal(_C["width_fraction"])  # in a sentence about a move's width (하락폭으로는 … 338원 이후 최대)
_DESTINATION = tuple(_C["destination"])
_LIMIT_BEFORE = tuple(_T["limit"]["before"])
_LIMIT_AFTER = tuple(_T["limit"]["after"])
_LIMIT_PARTICLES = frozenset(_T["limit"]["particles"])
_SUFFIX = dict(_T["level_suffix"])
_LINE = next(suffix for suffix, kind in _SUFFIX.items() if kind == "line")  # 1,500원선
_ONE, _HUNDRED, _MYRIAD = Decimal(1), Decimal(100), Decimal(10_000)
BY_HUNDRED = frozenset(_W["by_hundred"])  # 100루피아는 원화로 13원, 100엔에 900원: a rate per 100


@dataclass(frozen=True, slots=True)
class RateQuote:
    """``rate`` units of ``quote`` buy one unit of ``base`` (``per`` is the base amount
    written: 100 for 100엔당 950원, whose rate is 9.5). ``kind`` is ``level``, ``change``
    (전 거래일보다 8.3원 오른) or ``limit`` (상단 1,500원); ``qualifier`` is ``line``
    (1,450원선), ``band`` (1,400원대; 1,140~1,250원), ``approx`` (약) or None. ``high`` is the
    top of a level written as a range of two (1,140~1,250원: rate 1,140, high 1,250, per the
    same ``per``), else None."""

    start: int
    end: int
    text: str
    base: str
    quote: str
    rate: Decimal
    per: Decimal
    qualifier: str | None
    kind: str
    rules: tuple[str, ...] = field(default=(), compare=False, repr=False)
    high: Decimal | None = None

    @property
    def pair(self) -> str:
        return f"{self.base}/{self.quote}"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "pair": self.pair, "base": self.base,
                "quote": self.quote, "rate": plain(self.rate), "per": plain(self.per), "qualifier": self.qualifier,
                "kind": self.kind, "high": None if self.high is None else plain(self.high)}


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A quote in normalized coordinates, until the scan maps it back."""

    start: int
    end: int
    base: str
    quote: str
    rate: Decimal
    per: Decimal
    qualifier: str | None
    kind: str
    rule: str
    high: Decimal | None = None  # the top of a level written as a range (1,140~1,250원)

    @property
    def written(self) -> Decimal:
        """The level as written (950 for 100엔당 950원)."""
        with localcontext(ARITHMETIC):
            return self.rate * self.per


# ------------------------------------------------------------------ the pairs a text names


@dataclass(frozen=True, slots=True)
class _Named:
    """Currencies named before a rate word (원·달러 환율: KRW, USD), each as the codes
    it may mean, its usual reading first."""

    at: int
    currencies: tuple[tuple[str, ...], ...]
    topic: bool = False  # a currency as a sentence's topic (파운드화는), no rate word
    value: bool = False  # named before its value as a rate word (페소화 가치는): a pair the history lacks may be read

    def base_for(self, quote: str) -> tuple[str, ...]:
        """The other side of the pair when the quote currency is named (the one named
        nearest the rate word: 유로·엔 환율 is EUR/JPY), the one named when it is not the
        quote (위안화 환율 190원: CNY), else the usual base; as the codes it may be, the
        usual first (원-리라: TRY or TRL, as the rate fits)."""
        sides = [codes for codes in self.currencies if quote not in codes]
        if len(sides) < len(self.currencies) or not self.currencies:
            return sides[-1] if sides else (_usual_base(quote),)
        return sides[-1] if len(sides) == 1 else ()


_TOPIC_MARKS = ("화는 ", "화가 ", "화도 ", "화 가치")
_TOPIC_WORD = 7  # characters a currency's word may take before its 화 (뉴질랜드달러화 가격도)
_TOPIC_NAMES = {name: tuple(w.candidates) for w in currency_words() for name in {w.name, w.name.replace(" ", "")}
                if w.kind == "name" and len(name) <= _TOPIC_WORD and all(map(is_hangul, name.replace(" ", "")))}
# (뉴질랜드달러화 가격도, 뉴질랜드 달러화는: a country's dollar, written with or without its space)


def _currency_topics(scan: Scan) -> dict[int, tuple[str, ...]]:
    """Currencies a sentence is about, by where their topic ends (4일 파운드화는 런던외환시장서
    $1.275까지 밀렸다; 유로화 가치는): found at their 화 and its particle, after a syllable
    that can end a currency's name (not 변화는, 강화가)."""
    s, out = scan.s, {}
    for mark in _TOPIC_MARKS:
        i = s.find(mark)
        while i >= 0:
            for j in range(max(0, i - _TOPIC_WORD), i):
                codes = _TOPIC_NAMES.get(s[j:i])
                if codes is not None and (j == 0 or not is_hangul(s[j - 1])):
                    out[i + 1] = codes
                    break
            i = s.find(mark, i + 1)
    for name, codes in _BARE_TOPICS:  # 유로가 2년4개월만에 처음으로 0.98달러를 돌파했다 (not 2유로가 있다)
        i = s.find(name)
        while i >= 0:
            if (i == 0 or not (is_hangul(s[i - 1]) or s[i - 1].isdigit())) and s.startswith(_BARE_TOPIC_PARTICLES, i + len(name)):
                out[i + len(name) + 1] = codes
            i = s.find(name, i + 1)
    return out


_BARE_TOPIC_PARTICLES = ("는 ", "가 ")
_BARE_TOPICS = tuple((name, _TOPIC_NAMES[name]) for name in _W["bare_topics"])


_VALUE_WORDS = tuple(_W["value"])
_VALUE_NAMES = {name: codes for name, codes in _TOPIC_NAMES.items() if name not in _W["value_not_names"]}


def _value_words(scan: Scan) -> list[tuple[int, int]]:
    """The spans of a currency's value or price named as a rate (루피아 가치는, 페소화 가치가,
    달러화 시세는, 달러당 원화값은): the value word right after a currency's name (and its
    화), the name standing as a noun of its own (not 100달러 가치의, 1만원 가치): found once."""
    found = scan.found.get("value_words")
    if found is None:
        s, found = scan.s, []
        for word in _VALUE_WORDS:
            if not scan.holds(word):
                continue
            i = s.find(word)
            while i >= 0:
                j = i - 1 if i and s[i - 1] == " " else i
                hwa = j > 0 and s[j - 1] == "화"
                j -= hwa
                for k in range(max(0, j - _TOPIC_WORD), j):
                    if (s[k:j] in _VALUE_NAMES or hwa and s[k:j] in _TOPIC_NAMES) and (
                            k == 0 or not (is_hangul(s[k - 1]) or s[k - 1].isalnum())):
                        found.append((i, i + len(word)))
                        break
                i = s.find(word, i + 1)
        scan.found["value_words"] = found
    return found  # type: ignore[return-value]


def _usual_base(quote: str) -> str:
    return "EUR" if quote == "USD" else "USD"


class FxText:
    """Where a text talks about exchange rates: each rate word (환율, 매매기준율) with the
    currencies named just before it (not past the rate word before it)."""

    def __init__(self, scan: Scan) -> None:
        self.named: list[_Named] = []
        previous = 0
        words = [(m.start(), m.end()) for m in _RATE_WORD.finditer(scan.s)]
        valued = {span[0] for span in _value_words(scan) if not any(a <= span[0] < b for a, b in words)}
        words += [span for span in _value_words(scan) if span[0] in valued]
        pairs = _pair_topics(scan)
        if pairs:  # 원/엔화가 930원대: the pair's own 엔화가 is no rate word of the yen's alone
            words = [w for w in words if not any(a < w[0] < b for a, b in pairs)]
        words += [(b, b) for _, b in pairs]  # 유로-달러는 1.2381달러
        if _english(scan):  # the won closed at 1,470 won; the won-yen exchange rate: the pair serves the rate word after
            words += [(m.end(), m.start()) for m in _ENGLISH_TOPIC.finditer(scan.s)]
        topics = _currency_topics(scan)
        words += [(at, -1) for at in topics]
        for start, end in sorted(words):
            if end < 0:  # 파운드화는: the currency a sentence is about
                self.named.append(_Named(start, (topics[start],), topic=True))
                continue
            first = max(scan.context.sentence_span(start)[0], start - _WINDOW, previous)
            against = scan.s.startswith(_AGAINST_DOLLAR, start)  # 페소는 미국 달러 대비: the dollar is a side
            pair = tuple(dict.fromkeys(_currencies_in(scan, first, end if against else start)))  # 미 달러(USD): once
            if against and (after := _currency_at(scan, end + (scan.s.startswith(" ", end)), end + _WINDOW)):
                pair = tuple(dict.fromkeys(pair + (after[0],)))  # 달러 대비 파운드화 가치는: the side named after it
            if all(codes == ("KRW",) for codes in pair) and end > start and _INSTRUMENT.match(scan.s, end):
                continue  # (한국 돈으로) 현재 환율 기준 1400원 정도: the means of a conversion; 원·달러 환율 기준으로 1,400원 is a level
            self.named.append(_Named(start, pair, value=start in valued))
            previous = max(previous, start if against else end)  # (달러 대비 원화 가치는: the dollar serves both)
        self.starts = [n.at for n in self.named]

    def in_sentence(self, scan: Scan, at: int) -> list[_Named]:
        """The rate words of the sentence (or headline line) holding ``at``, nearest before
        it first, then those after it."""
        first, last = _wrapped_sentence(scan, at)
        line, end = line_around(scan.s, at, _HEADLINE + 1)
        if end - line <= _HEADLINE:  # a headline: 원/달러 환율, 1,370원대…7.1원 상승 마감
            first = min(first, line)
        first, last = max(first, at - _REACH), min(last, at + _REACH)  # a sentence of a thousand rates: the near ones
        lo, hi = bisect_right(self.starts, first - 1), bisect_right(self.starts, last)
        before = [n for n in self.named[lo:hi] if n.at < at]
        return before[::-1] + [n for n in self.named[lo:hi] if n.at >= at]


def _wrapped_sentence(scan: Scan, at: int) -> tuple[int, int]:
    """The sentence holding ``at``, across the line breaks of hard-wrapped print (a line
    that does not end a sentence: 원화의 환율은 이날 매매기준율⏎인 8백79원보다)."""
    s = scan.s
    first, last = scan.context.sentence_span(at)
    for _ in range(_WRAPPED_LINES):
        if first <= 1 or s[first - 1] != "\n":
            break
        j = first - 1
        while j > 0 and first - j < 8 and s[j - 1] == " ":  # trailing spaces, a few looked at
            j -= 1
        if j == 0 or s[j - 1] in _SENTENCE_FINAL or s[j - 1] == "\n":
            break
        if s[first] in _ITEM_MARKS and s[s.rfind("\n", 0, j - 1) + 1] == s[first]:
            break  # * …영국 파운드화는 비교적 선방⏎* 엔화 환율은 160엔 상회: two items of one list, not one wrapped line
        first = scan.context.sentence_span(first - 2)[0]
    return first, last


def _currencies_in(scan: Scan, a: int, b: int) -> list[tuple[str, ...]]:
    """The currencies (and countries: 캐나다환율) named in ``s[a:b]``, in order."""
    out, i, s, out_end = [], a, scan.s, -1
    names, places = scan.currencies.root, MENTIONS.root  # (a character that opens neither is passed by, not looked up)
    while i < b:
        ch = s[i]
        if ch not in names and ch not in places and not (ch < "\x80" and ch.isalpha()):
            i += 1
            continue
        found = _currency_at(scan, i, b)
        if found is None:
            i += 1
            continue
        codes, end = found
        if i > a and is_hangul(s[i - 1]) and s[i - 1] not in _GLUED_PREFIXES and out_end != i and not (
                end < len(s) and s[end] in _JOINERS):
            i += 1  # 11일엔, 이유로, 연구원: the end of another word, not a name
            continue
        out.append(codes)
        i = out_end = end
    return out


def _currency_at(scan: Scan, i: int, b: int) -> tuple[tuple[str, ...], int] | None:
    s = scan.s
    for word, end in scan.currencies.matches(s, i):
        if end > b or word.kind == "subunit" or word.strength not in ("strong",) and not word.conventional:
            continue
        stop = end + 1 if s.startswith("화", end) else end
        if stop >= len(s) or not is_hangul(s[stop]) or s[stop] in _JOINERS or _ends_word(s, stop):
            return word.candidates, stop
    node, j, found = MENTIONS.root, i, None
    while j < b and s[j] in node:
        node = node[s[j]]
        j += 1
        if "" in node and _mention_ends(scan, j, b):
            found = (tuple(sorted(node[""])), j)
    return found


def _mention_ends(scan: Scan, j: int, b: int) -> bool:
    """Does a place or currency named up to ``j`` end there (원·달러, 캐나다환율, 원달러,
    엔화는, 엔화에대한), rather than begin a longer word (원고는, 엔진)?"""
    s = scan.s
    if j >= len(s) or s[j - 1] == "화" or not is_hangul(s[j]) or s[j] in _JOINERS or s.startswith(_RATE_WORDS, j) or _ends_word(s, j):
        return True
    return j < b and _currency_at(scan, j, b) is not None


def _ends_word(s: str, i: int) -> bool:
    j = i
    while j < len(s) and is_hangul(s[j]) and j - i < 4:
        j += 1
    return GRAMMAR.ends_noun(s[i:j], s[i - 1])


def _english(scan: Scan) -> bool:
    return any(map(scan.holds, _ENGLISH_CUES))


def fx_text(scan: Scan) -> FxText | None:
    """The scan's :class:`FxText`, read once; None when the text has no rate word."""
    if scan.fx_text is None:
        found = (any(map(scan.holds, _RATE_WORDS)) or bool(_pair_topics(scan)) or bool(_value_words(scan))
                 or _english(scan) and _ENGLISH_TOPIC.search(scan.s) is not None or bool(_currency_topics(scan)))
        scan.fx_text = FxText(scan) if found else False
    return scan.fx_text or None  # type: ignore[return-value]


# ------------------------------------------------------------------ shared pieces


def _value(c: Candidate) -> Decimal | None:
    if c.shape in ("band", "range"):
        return c.low
    return c.low if c.exact else None


def _top(c: Candidate, per: Decimal) -> Decimal | None:
    """The top of a level written as a range of two (1,140~1,250원: 1,250), per ``per``."""
    if c.shape != "range":
        return None
    with localcontext(ARITHMETIC):
        return c.high / per


def _qualifier(s: str, c: Candidate) -> str | None:
    if c.shape in ("band", "range"):
        return "band"  # 1,390원대; 1페소는 23~26원: a level quoted as a span
    rest = s[c.end : c.word_end]
    for suffix, kind in _SUFFIX.items():
        if rest.startswith(suffix):
            return kind
    before = s[max(0, c.start - _ABOUT_WIDTH - 1) : c.start].rstrip()
    if c.qualifier == "approx" or any(before.endswith(w) and (len(before) == len(w) or not is_hangul(before[-len(w) - 1]))
                                      for w in _ABOUT):
        return "approx"  # 10,000동이 약 580원 (계약 1,300원 is no 약)
    return None


_ABOUT = ("약", "대략", "거의", "얼추", "대충")
_ABOUT_WIDTH = 4
_EVEN = re.compile(r"^(?:이나|나|이|가|만큼|씩) ?")
_PERCENT_BESIDE = re.compile(r", ?\d+(?:\.\d+)?[%％] ?")
_HOW_MUCH_WORDS = ("씩이나", "가까이", "가까운", "넘게", "넘는", "이상", "가량", "정도", "남짓", "안팎", "여", "씩",
                   # and how fast (20원 훅 빠졌다가, 30원 껑충 뛰었다)
                   "훅", "확", "뚝", "쑥", "껑충", "훌쩍", "단숨에", "순식간에")  # 10원 넘게 올라
_HOW_MUCH = re.compile("(?:" + "|".join(_HOW_MUCH_WORDS) + ")(?:이나|이|가)? ")  # 20원 가량이 오른, 13원 이상이나 상승
_HOW_MUCH_FIRST = tuple({w[0] for w in _HOW_MUCH_WORDS})  # a cheap test before the pattern
_RATE_SUBJECT = re.compile(r"(?:환율|원화 ?가치|원화값|원값)(?:이|은|는|도|가)? ")
_RATE_SUBJECT_FIRST = ("환", "원")


_THAN = "보다"


def _kind(s: str, c: Candidate, start: int) -> str:
    """A change (8.3원 오른), a limit (상단은 1,500원, 1,400원 지지선) or a level."""
    after = s[c.word_end : c.word_end + 40].lstrip(" )").replace("\n", "")  # 14원90전이 올⏎라: print wraps inside words
    if after.startswith("("):  # 15.6원(0.88%) 오른, 1백23원21전(16.29% 평가절하)이나 오른
        close = after.find(")")
        after = after[close + 1 :].lstrip() if 0 < close < 30 else after
        after = _EVEN.sub("", after, count=1)
    if after.startswith(_HOW_MUCH_FIRST) and (m := _HOW_MUCH.match(after)) is not None:
        after = after[m.end() :]
        if after.startswith(_RATE_SUBJECT_FIRST) and (m := _RATE_SUBJECT.match(after)) is not None:
            after = after[m.end() :]  # 40원 가까이 환율이 하락하면서: the rate named between the move and its verb
    if after.startswith(",") and (m := _PERCENT_BESIDE.match(after)) is not None:
        after = after[m.end() :]  # 0.03엔, 0.02% 내렸다: the move, then its percentage
    before = s[max(0, start - 16) : start].rstrip().replace("\n", "")  # 전⏎날보다: old print wraps inside words
    if before and before[-1] in _LIMIT_PARTICLES:
        before = before[:-1]
    if before.endswith(_LIMIT_BEFORE) or after.startswith(_LIMIT_AFTER):
        return "limit"
    if start >= 2 and s[start - 1] == "(" and s[start - 2] in "%％":
        return "change"  # 0.37%(0.44엔): a move's size beside its percentage
    particle = s[c.end : c.word_end]
    reached = particle.endswith(_DESTINATION)  # 1,500원까지 올랐다: the level reached
    if particle.startswith(_THAN):
        return "level"  # 개장가인 1,475.0원보다는 낮은, 1,288.0원보다 184.5원 뛰었다: the level compared with
    if not reached and (after.startswith(_CHANGE_AFTER) or before.endswith(_CHANGE_BEFORE)
                        or particle.startswith(_CHANGE_AFTER)):  # 20.5원줄었고: the verb glued on as the word's ending
        if after.startswith(_GAP_WORD) and ")" in s[c.word_end : c.word_end + 2]:
            return "level"  # 저가(1,379.7원)와 고가(1,402.5원) 차이는 22.8원: the levels whose gap it is
        return "change"
    return "level"


_GAP_WORD = "차이"


def _plausible(base: str, quote: str, rate: Decimal, kind: str, *, unknown: bool = True, old: bool = False) -> bool:
    """Could ``rate`` be a rate of the pair (a level within the pair's history, widened by
    half either way; a change under half its highest level)? A pair the history
    does not hold is ``unknown``: plausible for a quote written as one (달러당 3.75리얄),
    not for a number read from context. ``old``: a level written per its unit may be one
    the won had before the ECB history (100엔당 200~300원대, the 1980s)."""
    span = known_range(base, quote, before_ecb=old)
    if span is None:
        return unknown
    low, high = span
    if kind == "change":
        return rate <= high / 2  # a year of crisis moved the won by half its level (1997: 844.90 to 1,695)
    return low / 2 <= rate <= high * 3 / 2


def _per(base: str, quote: str, value: Decimal) -> Decimal | None:
    """The base amount a bare level is quoted per: 1, or 100 for a currency quoted by the
    hundred where only that makes it a rate of the pair (원·엔 900원, 엔화(100엔) 대비
    5.4885위안); None when neither does."""
    if _plausible(base, quote, value, "level", unknown=False):
        return _ONE
    if base not in BY_HUNDRED:
        return None
    with localcontext(ARITHMETIC):
        return _HUNDRED if _plausible(base, quote, value / _HUNDRED, "level", unknown=False) else None


def _record(scan: Scan, c: Candidate, rule: str, start: int, end: int, base: str, value: Decimal, per: Decimal,
            kind: str, qualifier: str | None) -> Rejection:
    """Keep a quote (or a change) and turn the candidate down as money. A change of a
    currency quoted by the hundred is per what the text's levels of the pair are quoted,
    else per hundred where only that makes it one (원·엔 환율이 1백23원21전 오른: per 100 yen)."""
    with localcontext(ARITHMETIC):
        if kind == "change" and per == _ONE and base in BY_HUNDRED:
            levels = [q.per for q in scan.quotes if q.base == base and q.quote == c.code]
            if levels:  # 100엔=5.6037위안 … 0.0203위안 낮춰: per what the text's levels are quoted
                per = levels[-1]
            elif (not _plausible(base, c.code, value, "change", unknown=False)
                  and _plausible(base, c.code, value / _HUNDRED, "change", unknown=False)):
                per = _HUNDRED
        rate = value / per
    code = c.code if kind == "change" else _north_or_south(scan, base, _fitting(scan, c, base, rate), rate)
    draft = QuoteDraft(start, end, base, code, rate, per, qualifier, kind, rule, None if kind == "change" else _top(c, per))
    if kind == "change":
        scan.changes.append(draft)
        return Rejection(start, end, "rate_change", f"{scan.s[start:end]} is a change of an exchange rate, not an amount")
    if start >= 2 and scan.s[start - 1] == "/" and (bid := _bid(scan, start - 1, rate, per)) is not None:
        scan.quotes.append(QuoteDraft(bid.start, bid.end, base, c.code, bid.low / per, per, None, "level", "rate_bid"))
    scan.quotes.append(draft)
    return Rejection(start, end, "rate_quote", f"{scan.s[start:end]} is an exchange rate, not an amount")


_NK_PAGE = tuple(context_words()["north_korean_won"]["korean_page"])


def _fitting(scan: Scan, c: Candidate, base: str, rate: Decimal) -> str:
    """The currency a level is quoted in, of those its shared word may mean: the one read,
    unless no rate of the pair was ever so (이집트 파운드화는 1달러당 30파운드: not sterling); then
    the one whose history fits, else the one the text names nearest (whose history eokjo lacks)."""
    w = c.word
    if w is None or len(w.candidates) < 2 or c.code != base and _plausible(base, c.code, rate, "level", unknown=True):
        return c.code
    others = tuple(code for code in w.candidates if code not in (base, c.code))
    fits = [code for code in others if _plausible(base, code, rate, "level", unknown=False)]
    # the ones whose history fits first (the peso at 16.10 a dollar: Mexico's), then one that only a
    # rough dollar range allows, where the text names it (달러당 1.4561 파운드 on a page about sterling: not Egypt's)
    fits = [code for code in fits if history_range(base, code) is not None] or [
        code for code in fits if scan.context.names((code,))]
    if len(fits) == 1:
        return fits[0]
    named = scan.context.decide(others, c.start)
    return named[0] if named is not None and _plausible(base, named[0], rate, "level", unknown=True) else c.code


def _north_or_south(scan: Scan, base: str, quote: str, rate: Decimal) -> str:
    """The won a level is quoted in: on a Korean page on the North, a level no rate of the
    South's won has been (1달러=9000원, 1일본 엔은 0.8870원) is in the North's."""
    if quote == "KRW" and any(map(scan.holds, _NK_PAGE)) and not _plausible(base, quote, rate, "level"):
        return "KPW"
    return quote


_BID_REACH = 16  # characters of a bid before its offer's slash (1천231.50/1천233원)
_BID_CLOSE = Decimal("0.05")  # a bid and its offer lie this close


def _bid(scan: Scan, slash: int, rate: Decimal, per: Decimal) -> Number | None:
    """The bid a quote of two levels gives before its offer (1143.00/1144.00원: 1143.00),
    written bare and close to the offer; else None."""
    number = scan.number_before(slash, _BID_REACH)
    if number is None or number.low != number.high or number.low <= 0:
        return None
    with localcontext(ARITHMETIC):
        return number if abs(number.low / per - rate) <= rate * _BID_CLOSE else None


def _price(scan: Scan, k: int) -> Candidate | None:
    """The price a quote states at ``k`` (950원 in 100엔당 950원), its currency resolved
    (1달러당 4페소 in a story about Argentina: ARS)."""
    price = read_amount(scan, k)
    for rule in resolve.RULES:
        if price is None:
            return None
        price = rule(scan, price)  # type: ignore[assignment]
        if price.__class__ is not Candidate:
            return None
    return price


def _currency_before(scan: Scan, end: int) -> tuple[tuple[str, ...], int] | None:
    """The currency word that ends at ``end`` (달러 in 달러당, 미달러당, 1달러 당)."""
    s = scan.s
    while end > 0 and s[end - 1] == " ":
        end -= 1
    for k in range(min(7, end), 0, -1):
        for word, stop in scan.currencies.matches(s, end - k):
            if stop == end and word.kind in ("name", "symbol") and (word.strength == "strong" or word.conventional):
                return word.candidates, end - k
    return None


# ------------------------------------------------------------------ the rules


def _sentence_dollar(scan: Scan, c: Candidate, codes: tuple[str, ...], at: int) -> str:
    """Which of a shared word's currencies 달러당 means: the pair of the sentence's rate
    word (캐나다달러 환율이 달러당 920원), else the one the sentence names before it
    (캐나다달러는 … 달러당 885.59원), else the usual one."""
    fx = fx_text(scan)
    for named in fx.in_sentence(scan, c.start) if fx is not None else ():
        other = next((b for b in named.base_for(c.code) if b in codes), None)
        if other is not None:
            return other
    first = max(_wrapped_sentence(scan, at)[0], at - _REACH)  # a sentence of a thousand rates: the near words
    for named in reversed(_currencies_in(scan, first, at)):
        if named[0] in codes and named[0] != codes[0]:
            return named[0]
    return codes[0]


_PER_VALUE = re.compile(_PER + r" ?(?:[가-힣]{0,3}화? ?(?:가치|값|가격|환율)(?:은|는|이|가)?|[가-힣]{1,3}화(?:는|가))"
                        r" ?(?:(?:(?:" + "|".join(map(re.escape, _W["per_times"])) + r") )?(?:"
                        + "|".join(map(re.escape, _W["per_adverbs"])) + r") ?)?$")  # 달러당 엔화가 한때 160엔
# (100엔당 원화 값은 950원: the value named apart from its currency)


def _per_slash(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """환율 285원/RM, 1,300원/$, 950원/100엔: a price written over the unit it is per."""
    s, k = scan.s, c.end + 1
    number = re.match(r"(\d[\d,]*) ?", s[k : k + 12])
    per = _ONE
    if number is not None:
        per, k = Decimal(number.group(1).replace(",", "")), k + number.end()
    found = scan.currencies.matches(s, k)
    value = _value(c)
    if not found or value is None or per <= 0:
        return c
    word, end = found[0]
    if word.kind not in ("name", "symbol", "code", "english") or c.code in word.candidates or (
            end < len(s) and (s[end].isalnum() and not is_hangul(s[end]))):
        return c
    base = word.candidates[0]
    with localcontext(ARITHMETIC):
        level = value / per
    if not _plausible(base, c.code, level, "level"):
        return c
    scan.quotes.append(QuoteDraft(c.start, c.end, base, c.code, level, per, _qualifier(s, c), "level", "rate_slash",
                                  _top(c, per)))
    return Rejection(c.start, end, "rate_quote", f"{s[c.start:end]} is an exchange rate, not an amount")


_CODE_BEFORE_PER = re.compile(r"\([A-Z]{3}\)$")


def rate_per(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """달러당 1,327.8원, 100엔당 950원: the price per unit (or per 100) of the base; 285원/RM,
    the unit written after a slash."""
    s = scan.s
    if s.startswith("/", c.end) and c.exact and c.number.top_myriad is None:
        return _per_slash(scan, c)
    j = c.start
    while j > 0 and c.start - j < 2 and s[j - 1] in " \n":  # (달러당⏎7백62원80전: old print wraps after 당)
        j -= 1
    worded = False
    if j >= 2 and s[j - 1] != _PER and s.find(_PER, max(0, c.start - 14), c.start) >= 0:
        if (m := _PER_VALUE.search(s, max(0, c.start - 14), c.start)) is not None:
            j = m.start() + 1  # 달러당 엔화가치는 161.93엔: the price named between
        elif (m := _PER_WORD.search(s, max(0, c.start - _PER_WORD_REACH), c.start)) is not None:
            j, worded = m.start() + 1, True  # 1달러 당 평양 8,128원: where the price is paid, between
    if j < 2 or s[j - 1] != _PER:
        return c
    value = _value(c)
    if value is None:
        return c
    unit_end = j - 1
    if (code := _CODE_BEFORE_PER.search(s, max(0, unit_end - 6), unit_end)) is not None:
        unit_end = code.start()  # 1달러(USD)당: the unit's code in brackets
    found = _currency_before(scan, unit_end)
    if found is None or c.code == found[0][0]:
        return c
    codes, at = found
    if c.code in codes:  # 달러당 7.85홍콩달러: the other dollar, the usual one
        codes = tuple(code for code in codes if code != c.code)
    base = _sentence_dollar(scan, c, codes, at) if len(codes) > 1 else codes[0]
    per, start = _ONE, at
    number = re.search(r"(\d[\d,]*)\s?$", s[max(0, at - 8) : at])
    if number is not None:
        per, start = Decimal(number.group(1).replace(",", "")), at - len(number.group(0))
    if per <= 0:
        return c
    kind = _kind(s, c, start)
    with localcontext(ARITHMETIC):
        level = value / per
    if worded and (kind != "level" or not _plausible(base, _north_or_south(scan, base, c.code, level), level, "level")):
        return c  # 100달러당 수수료 3,000원: a word between makes it a level only where the amount can be one
    if (kind != "change" and not _plausible(base, c.code, level, "level", old=True)
            and _plausible(base, c.code, level, "change")):
        kind = "change"  # 달러당 35.50원 급등한: a change per dollar
    elif (kind == "change" and not _plausible(base, c.code, level, "change", unknown=False)
          and _plausible(base, c.code, level, "level", unknown=False)):
        kind = "level"  # 달러당 원화 환율이 천 4백원 가까이 치솟았던: where it rose to, no move is that large
    return _record(scan, c, "rate_per", start, c.end, base, value, per, kind, _qualifier(s, c))


# one word between 당 and the price: where it is paid (1달러 당 평양 8,128원)
_PER_WORD = re.compile(_PER + r" ?(?:[가-힣]{2,3}(?<![도만의을를이가로])(?:은|는|에서는|에서)?) ?$")
_PER_WORD_REACH = 12


_AGAINST = tuple(_W["against"])
_BASIS = re.compile(r" ?(?:" + "|".join(map(re.escape, _W["basis"])) + r") ?(?=[0-9])")  # 1달러 기준 1,300원
# 100엔 대비 원화 환율은 999.08원: the unit a rate is quoted against, before the rate word
_UNIT_AGAINST = re.compile(r"화? ?대비 (?:[가-힣]{1,4} ){0,2}?(?:" + "|".join(map(re.escape, _RATE_WORDS)) + ")")
# 원/엔(100엔 기준) 재정환율, 100엔을 기준으로 표기: the unit rates are quoted for, no amount
_UNIT_BASIS = re.compile(r"(?:을|를)? ?(?:기준\)|기준으로 (?:표기|표시|고시|발표|환산))")


def _labelled_unit(scan: Scan, c: Candidate) -> Rejection | None:
    """엔화(100엔) 대비 환율, 달러(1달러)당: one or a hundred units in brackets right after
    the currency's own name, before 대비 or 당, label the unit a rate is quoted per."""
    s = scan.s
    if c.start < 2 or s[c.start - 1] != "(" or not s.startswith(")", c.end) or _value(c) not in _PER_AMOUNTS:
        return None
    after = s[c.end + 1 : c.end + 4].lstrip()
    if not after.startswith(_AGAINST):
        return None
    name = s[max(0, c.start - 8) : c.start - 1].rstrip()
    if name.endswith("화"):
        name = name[:-1]
    for size in range(1, len(name) + 1):
        if any(w.code == c.code and end == len(name) for w, end in scan.currencies.matches(name, len(name) - size)):
            return Rejection(c.start - 1, c.end + 1, "per_unit",
                             f"{s[c.start - 1 : c.end + 1]} labels the unit a rate is quoted per, not an amount")
    return None


def rate_base(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """100엔당 950원, 1달러당 1,300원: an amount before 당 is the unit a rate is quoted per
    (and 100달러당 수수료 3달러 a denominator): not an amount of money either way."""
    s = scan.s
    label = _labelled_unit(scan, c)
    if label is not None:
        return label
    if c.exact and c.low in _PER_AMOUNTS and (m := _UNIT_AGAINST.match(s, c.end)) is not None:
        return Rejection(c.start, c.end, "per_unit", f"{s[c.start:c.end]} is the unit a rate is quoted against, not an amount")
    if c.exact and c.low in _PER_AMOUNTS and c.word is not None and _UNIT_BASIS.match(s, c.word_end):
        return Rejection(c.start, c.end, "per_unit", f"{s[c.start:c.end]} is the unit rates are quoted for, not an amount")
    at = c.end + 1 if s.startswith((" " + _PER, "\n" + _PER), c.end) else c.end  # 1달러당, 1달러 당, 1백엔⏎당 (print wraps)
    if s.startswith(_CODE_OPEN, at) and (code := _CODE_AFTER.match(s, at)) is not None and s.startswith(_PER, code.end()):
        at = code.end()  # 1달러(USD)당
    if c.word is not None and c.exact and c.low in _PER_AMOUNTS and (m := _BASIS.match(s, c.end)) is not None:
        end = m.end()  # 100엔 기준 994.79원: the unit a rate is quoted per
    elif c.word is None or not s.startswith(_PER, at) or (c.word_end != c.end + len(_PER) and (
            at == c.end or at + 1 < len(s) and is_hangul(s[at + 1]))):
        return c
    else:
        end = at + len(_PER)
    value = _value(c)
    if value is None:
        return c
    unit = Rejection(c.start, end, "per_unit", f"{s[c.start:end]} is the unit of a ratio, not an amount")
    if value <= 0:
        return unit
    k = end
    while k < len(s) and k - c.word_end < 2 and s[k] == " ":
        k += 1
    price = _price(scan, k)
    if price is None and c.code == "KRW" and _FARE_STEP.match(s, k + s.startswith(" ", k)):
        return c  # 거리요금 100원당 132m, 시간요금 100원당 31초: a fare's step, money for a distance or a time
    if price is None or price.code == c.code or not price.exact or price.number.top_myriad is not None and value < 1000:
        return unit
    kind = _kind(s, price, c.start)
    with localcontext(ARITHMETIC):
        rate = price.low / value
    base = c.code
    if c.basis != "context" and len(codes := resolve.in_use(c.word.candidates, scan.date)) > 1 and base == codes[0]:
        named = _sentence_dollar(scan, price, codes, c.start)  # 호주 달러의 환율은 1달러당 795.40원: the pair named
        base = named if _plausible(named, price.code, rate, "level") else base
    quote = price.code if kind == "change" else _north_or_south(scan, base, _fitting(scan, price, base, rate), rate)
    draft = QuoteDraft(c.start, price.end, base, quote, rate, value, _qualifier(s, price), kind, "rate_base",
                       None if kind == "change" else _top(price, value))
    (scan.changes if kind == "change" else scan.quotes).append(draft)
    what = "a change of an exchange rate" if kind == "change" else "an exchange rate"
    return Rejection(c.start, price.end, "rate_change" if kind == "change" else "rate_quote",
                     f"{s[c.start:price.end]} is {what}, not an amount")


_FARE_STEP = re.compile(r"[0-9][0-9,.]* ?(?:m|km|㎞|미터|초|분(?!의))(?![A-Za-z])")  # (133m에서 132m로: a particle may follow)
_CODE_AFTER = re.compile(r" ?\((?:[A-Z]{3}|[A-Z][a-z]{2,11})\)")  # 1루블(RUB)=14원, 1비르(Birr)에 53.20원
_CODE_OPEN = ("(", " (")
_BANK_RATE = re.compile(r" ?(?:현찰|송금|전신환)? ?(?:매입|매도|살 때|팔 때|보낼 때|받을 때)? ?기준(?=[은이는가 =])")


def _joint(s: str, c: Candidate) -> int | None:
    """Where the price starts after one unit and its link: 1달러=, 1달러에, US$1 was
    equivalent to; None when nothing links them."""
    if c.word_end > c.end:  # 1달러는; 1달러를 팔면, 1유로의 가치는: the particle, or a link that opens with it
        particle = s[c.end : c.word_end]
        if particle in _EQUALS:
            return c.word_end
        if particle in _LINK_HEADS:
            return next((c.end + len(link) for link in _LONG_LINKS if s.startswith(link, c.end)), None)
        return None
    k = c.end
    if (code := _CODE_AFTER.match(s, k)) is not None:
        k = code.end()  # 1루블(RUB)=14원: the code in brackets after the unit
    elif (kind := _BANK_RATE.match(s, k)) is not None:
        k = kind.end()  # 1달러 현찰 매입 기준은 1108.46원: which of a bank's rates
    while k < len(s) and k - c.end < 2 + (code is not None) * 8 and s[k] == " ":
        k += 1
    for link in _EQUALS_BY_FIRST.get(s[k], ()) if k < len(s) else ():
        if s.startswith(link, k) and not (is_hangul(link[-1]) and k + len(link) < len(s) and is_hangul(s[k + len(link)])):
            return k + len(link)  # (a link that starts a longer word is none: 1호주달러 가격은 is no 1호주달러가)
    return None


_RATE_BEFORE = re.compile(r"환율(?:은|이|을|로)?\s?(?:대략|약|보통)?\s?$")
_RATE_AFTER_PRICE = re.compile(r"[^.\n]{1,24}?(?:의|인) 환율")  # 100달러 = 5500루피의 환율이었다


def _past_fillers(s: str, k: int) -> int:
    """Where the price starts after the words that say a rate in words (우리 돈으로, 약)."""
    moved = True
    while moved:
        moved = False
        while k < len(s) and s[k] == " ":
            k += 1
        for w in _PRICE_FILLERS:
            if s.startswith(w, k) and (k + len(w) >= len(s) or s[k + len(w)] == " "):
                k, moved = k + len(w), True
                break
        else:
            if k < len(s) and s[k].isdigit() and (m := _WHEN_FILLER.match(s, k)) is not None:
                k, moved = m.end(), True  # 1호주달러 가격은 지난 9월초 7백76원대: when, before the price
    return k


_WHEN_FILLER = re.compile(r"\d{1,4}(?:년|월)(?: ?\d{1,2}일)?(?:초|말|중순|초순|하순)?(?:엔|에는|에|께)?(?= )")


_PLACE_BEFORE_PRICE = re.compile(r"[가-힣]{2,3}(?<![도만의을를이가로])(?:은|는|에서는|에서)? (?=\d)")  # 평양은 1,290원


_PER_UNIT_GAPS = resolve.PER_UNIT  # 1불에 35 코르도바, 1유로는 24코르도바


def rate_equation(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """1달러=1,450원, 1달러에 1,450원, C$1에 991원37전, 1유로=1.16달러, US$1 was equivalent
    to 1,183.06 South Korean won."""
    if c.word is None or c.number.end - c.number.start > _PER_WIDTH or not c.exact:
        return c  # one unit (1달러, US$1, 100엔): a short number
    s, value = scan.s, c.low
    if value not in _PER_AMOUNTS and not (value in _THOUSAND_AMOUNTS and c.code in _BY_THOUSAND
                                          and not _notes_in_sentence(scan, c.start)):
        return c  # (지폐의 최소단위인 1,000루피는 약 140원: a note and its worth)
    k = _joint(s, c)
    named = _RATE_BEFORE.search(s, max(0, c.start - 12), c.start) is not None  # 당시 환율은 100루피가 2200원
    if value != _ONE and c.code not in BY_HUNDRED | _BY_THOUSAND and not named and not _RATE_AFTER_PRICE.match(
            s, c.end, min(len(s), c.end + 32)):
        return c  # 100달러는 13만원, 100달러에 5만원: amounts; a rate is one unit's price, or 100 of the yen's

    placed = False
    if k is not None:
        k = _past_fillers(s, k)  # 1밧은 우리 돈으로 27원정도
        if (m := _PLACE_BEFORE_PRICE.match(s, k)) is not None:
            k, placed = m.end(), True  # 중국돈 1위안에 평양은 1,290원: where it is paid, then the price
    spaced = False
    bar = _BAR_AFTER.match(s, c.word_end)
    if k is None and bar is not None:
        k, spaced = bar.end(), True  # | 미국 1달러 | 148엔 |: a table of rates, the unit and its price in cells
    elif k is None:
        if value != _ONE or c.word_end != c.end or not s.startswith(" ", c.end):
            return c
        k, spaced = c.end, True  # 1달러 1,300원: one unit and its price, side by side
    while k < len(s) and k - c.end < 24 and s[k] == " ":
        k += 1
    if spaced and c.word_start == c.start and s.startswith(c.word.name, k):
        return c  # $1 $1: the same sign again, the next amount (a rate pairs two currencies)
    price = _price(scan, k)
    if price is None and ("=" in s[c.end : k] or s[c.end : k].strip() in _PER_UNIT_GAPS):
        # US$1 = RM4.196, 1불에 35 코르도바: a sign or word that counts only in context, set equal to money
        last, scan.last, scan.pricing = scan.last, c, c
        price, scan.last, scan.pricing = _price(scan, k), last, None
        if price is not None and len(price.word.name) < 2:  # type: ignore[union-attr]
            price = None  # (but not one letter, which says too little alone: 1$=5.5P(이집션 파운드))
    if price is None and value == _ONE and not spaced and (bare := _bare_price(scan, c, k)) is not None:
        return bare  # 브라질 레알은 … 1달러에 2.29였지만: the price in the one currency the text names
    if price is None or price.code == c.code or not (price.exact or (price.qualifier == "range_of" and not spaced)):
        return c  # 1페소는 거의 23~26원: a band, quoted by its floor
    if price.word is not None and price.word.kind == "subunit" and set(c.word.candidates) & set(price.word.joins):
        return c  # 1프랑=100상팀: the unit's hundredths, not a rate
    base = c.code
    if len(c.word.candidates) > 1 and (own := scan.context.just_before(c.word.candidates, c.start, country=True)):
        base = own  # 호주 1달러 | 98엔: one unit of the country's dollar
    with localcontext(ARITHMETIC):
        rate = price.low / value
    quote = _fitting(scan, price, base, rate) if price.basis == "default" else price.code
    # (1달러에 16.10페소: no Philippine peso was ever so dear, the Mexican)
    if spaced and not _plausible(base, quote, rate, "level"):
        return c
    quote = _north_or_south(scan, base, quote, rate)
    if placed and not _plausible(base, quote, rate, "level"):
        return c  # (1달러에 서울 1,300원 … only where the amount can be the level)
    scan.quotes.append(QuoteDraft(c.start, price.end, base, quote, rate, value, _qualifier(s, price),
                                  _kind(s, price, c.start), "rate_equation", _top(price, value)))
    return Rejection(c.start, price.end, "rate_quote", f"{s[c.start:price.end]} is an exchange rate, not an amount")


_BARE_PRICE = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})*\.\d+|\d+\.\d+)(?=(?:이고|이며|이었|였|이다|이라|으로|로|이지만|인데)|[ ,.)])")


def _bare_price(scan: Scan, c: Candidate, k: int) -> Rejection | None:
    """One unit and a bare price with decimals (1달러에 2.29였지만) on a page naming currencies:
    the level of the one of them (not the won, not the unit's) whose history it fits."""
    m = _BARE_PRICE.match(scan.s, k)
    if m is None:
        return None
    value = Decimal(m.group("n").replace(",", ""))
    named = {code for codes in scan.context.codes for code in codes} | scan.read_codes
    fits = {code for code in named - {"KRW", c.code} if _plausible(c.code, code, value, "level", unknown=False)}
    if len(fits) != 1:
        return None
    code = fits.pop()
    scan.quotes.append(QuoteDraft(c.start, m.end("n"), c.code, code, value, _ONE, None, "level", "rate_equation"))  # type: ignore[arg-type]
    return Rejection(c.start, m.end("n"), "rate_quote", f"{scan.s[c.start:m.end('n')]} is an exchange rate, not an amount")


_WONS = frozenset({"KRW", "KPW"})  # (14,040 won to the dollar and 1,950 won to the yuan, in a North Korean market)
_ENGLISH_PER_UNIT = re.compile(r"(?:(?:range|level|mark|line) )?(?:per|to|against|for) (?:(?P<n>1|one|100|a|the) )?")


def _english_unit(scan: Scan, k: int) -> tuple[str, Decimal, int] | None:
    """The currency and base amount after "per", "to" or "against" (per 100 yen, to the
    dollar is :data:`_ENGLISH_PER`'s): its code, the amount, and where it ends."""
    m = _ENGLISH_PER_UNIT.match(scan.s, k)
    if m is None:
        return None
    per = _HUNDRED if m.group("n") == "100" else _ONE
    for word, end in scan.currencies.matches(scan.s, m.end()):
        if word.kind in ("english", "code") and (end >= len(scan.s) or not scan.s[end].isalpha()):
            return word.code, per, end
    return None


_ONE_DOLLAR_IS = re.compile(r"(?<![A-Za-z\d])(?:[Oo]ne|ONE|1|[Aa]) (?:U\.?S\.? )?(?:[Dd]ollar|DOLLAR) ?(?:= ?|(?:is|was) "
                            r"(?:exchanged for|worth|equal to|equivalent to|traded for) (?:(?:less|more) than |about |around "
                            r"|nearly |almost )?)$")  # One Dollar = 1,057 Won; one dollar is exchanged for less than 1,000 won


_NOTE_WIDTH = 24  # characters of a bracket between an English level and "per dollar"


def rate_english(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """1,090 won to the dollar, KRW 929 per US dollar, 779.55 won per 100 yen, 919.77 won to
    100 yen, 38.38 baht per dollar: a level in English. And an amount the dollar is quoted at,
    or moved to or from, in its own sentence (the U.S. dollar was quoted at 38.3800 baht, up
    from 38.3100 baht): the dollar's level in that currency."""
    quote = c.code
    if c.word is None or c.word.kind not in ("english", "code", "symbol") or c.number.top_myriad is not None:
        return c
    s, value = scan.s, _value(c)
    if value is None or c.scale != 1:
        return c
    k = c.end + 1 + s.startswith(" ", c.end + 1) if s.startswith(" ", c.end) else c.end  # (P50.30  to the US dollar)
    if s.startswith("(", k) and 0 < (close := s.find(")", k, k + _NOTE_WIDTH)) and s.startswith(" ", close + 1):
        k = close + 2  # Rp16,775 (around US$1) per dollar: its worth in a bracket, then what it is quoted per
    unit = None
    if quote != "USD" and (any(s.startswith(w, k) for w in _ENGLISH_PER)
                           or quote == "KRW" and _ONE_DOLLAR_IS.search(s, max(0, c.start - 48), c.start)):
        base, per = "USD", _ONE  # 1,090 won to the dollar; One Dollar = 1,057 Won
    elif quote in _WONS and (unit := _english_unit(scan, k)) is not None and unit[0] not in _WONS:
        base, per = unit[0], unit[1]  # (before the sentence's subject: 14,040 won to the dollar and 1,950 won to the yuan)
        if per == _ONE and (fit := _per(base, "KRW", value)) is not None:
            per = fit  # 898.56 won per yen: per 100 yen, as the won-yen rate is quoted
    elif (subject := _quoted_subject(scan, c.start)) is not None and subject != quote and (
            fit := _per(subject, quote, value) or (_ONE if _plausible(subject, quote, value, "level") else None)):
        base, per = subject, fit  # the dollar was quoted at 38.38 baht; the yen sank below the 800-won mark
    else:
        return c
    with localcontext(ARITHMETIC):
        rate = value / per
    if not _plausible(base, quote, rate, "level", unknown=unit is not None):
        return c  # (a pair the history lacks stands when the text writes its unit: 1,950 won to the yuan)
    end = c.end if unit is None else unit[2]  # the unit quoted per is no amount either: 779.55 won per 100 yen
    scan.quotes.append(QuoteDraft(c.start, c.end, base, quote, rate, per, _qualifier(s, c), "level", "rate_english",
                                  _top(c, per)))
    return Rejection(c.start, end, "rate_quote", f"{s[c.start:end]} is an exchange rate, not an amount")


# a currency as the subject of a market report's sentence, and the word that puts the amount
# after it as its level (the U.S. dollar was quoted at 38.3800 baht, up from 38.3100 baht; the
# dollar fell to 105 yen; the Japanese yen sank below the 800-won mark; a year ago the dollar
# was buying about 950 won): not "the dollar value of exports rose to", whose amount is scaled
_SUBJECT = re.compile(r"\b(?:[Tt]he|[Aa]) (?:(?:U\.?S\.?|American|Japanese|Chinese|European|British) )?"
                      r"(?P<w>dollar|greenback|currency|yen|yuan|euro|pound)(?![-/\w])")
_SUBJECT_CODES = {"dollar": "USD", "greenback": "USD", "currency": "USD", "yen": "JPY", "yuan": "CNY", "euro": "EUR",
                  "pound": "GBP"}
_LEVEL_BEFORE = re.compile(r"\b(?:at|to|from|average|averaging|of|below|above|beyond|past|near|around|under|over|buying"
                           r"|bought|fetch|fetched|fetching|worth)(?: (?:about|around|some|nearly|almost|just))?"
                           r"(?: the)? $")
_SUBJECT_REACH = 120  # characters from the subject to the amount it is quoted at


def _quoted_subject(scan: Scan, at: int) -> str | None:
    """The currency whose level the amount at ``at`` is, as the subject of its sentence
    (the last one named there before it), or None."""
    s = scan.s
    if _LEVEL_BEFORE.search(s, max(0, at - 28), at) is None:
        return None
    first = max(scan.context.sentence_span(at)[0], at - _SUBJECT_REACH)
    last = None
    for m in _SUBJECT.finditer(s, first, at):
        last = m
    if last is None or last.group("w") == "currency" and "U" not in last.group(0) or _NOT_THE_RATE.search(s, last.end(), at):
        return None  # (the currency alone is the local one, named elsewhere; Samsung shares fell below the 1,200-won mark)
    return _SUBJECT_CODES[last.group("w")]


def _price_between(s: str, a: int, b: int, *, first: bool = False) -> bool:
    """Does the price of something else stand between a rate word and a number (환율 상승으로
    라면 값이 1,000원을 넘었다)? Then the number is that price, not a level. ``first``: the
    first word counts too (a window before the number, not a rate word's own)."""
    return any(w.startswith(_PRICES) or _COMPOUND_PRICE.search(w) is not None for w in s[a:b].split()[0 if first else 1 :])


# a compound ending in a price's noun (점심값이, 택시요금은, 숙박비용도): a price too
_COMPOUND_PRICE = re.compile("[\uac00-\ud7a3](?:" + "|".join(map(re.escape, _W["compound_prices"])) + ")(?:[이은는도을가]|$)")


_PRICE_BEFORE = 12  # characters before a level read from the discourse where a price's noun would say it is a price
_WIDTH_MOST = Decimal(500)  # the most a move is worth where no level is quoted to compare it with (변동 폭이 67.6원)
_WIDTH_NEAR = 48  # characters either side of such a move where its word of width stands (장중 20원대까지 상승폭을)



def _width_sentence(scan: Scan, at: int) -> bool:
    first, last = scan.context.sentence_span(at)
    return scan.marked(_WIDTH_WORD, first, last)


def _from_sentence(scan: Scan, c: Candidate, fx: FxText, value: Decimal, kind: str,
                   inherited: tuple[str, Decimal] | None = None, *, moved: bool = False) -> tuple[str, Decimal] | None:
    """The pair a rate word of the candidate's sentence names for its currency (the nearest
    before it whose pair the amount fits, then those after): its base, and the base amount
    the level is quoted per. A rate word that names no pair (이 환율이, 환율이 너무 떨어졌다)
    speaks of the pair ``inherited`` from the last level, when the amount lies close to it.
    ``moved``: the amount is written as a move, read as a level only as too large for one."""
    in_sentence = fx.in_sentence(scan, c.start)
    paired = any(n.currencies and n.at < c.start and not n.topic for n in in_sentence)
    priced = None
    won_subject = False  # 엔화가 강세, 원화도 동조하며 1,378원까지 하락: the won's own level, not the yen's
    for named in in_sentence:
        if named.at < c.start and (c.start - named.at > _REACH or _price_between(scan.s, named.at, c.start)):
            continue
        if named.topic and c.code == "KRW" and named.currencies == _WON_ONLY and named.at < c.start:
            won_subject = True
        elif won_subject and named.at < c.start and named.currencies and all("KRW" not in codes for codes in named.currencies):
            continue  # (a rate word before the won's subject, naming only another currency, speaks of its own clause)
        if named.at >= c.end and (priced := _price_between(scan.s, max(0, c.start - _PRICE_BEFORE), c.start, first=True)
                                  if priced is None else priced):
            continue  # 라면 값이 1,100원을 넘었고 원·달러 환율은: a price before the rate word after it
        if c.start <= named.at < c.end:
            continue  # 1달러 가치를 유지: the amount's own word, not a rate word before a level
        if paired and not named.currencies and named.at < c.start:
            continue  # 달러당 원화환율이 매매기준율 7백68원80전: the rate word that names the pair speaks for it
        if named.topic and (named.at > c.start or kind not in ("level", "limit")
                            or c.code == "KRW" and (named.currencies == _WON_ONLY or moved
                                                    or any(n.at < c.start and n is not named for n in in_sentence))
                            or not _MARKET_MOVE.search(scan.s, c.end, c.end + 16)):
            continue  # 파운드화는 … $1.275까지 밀렸다, 캐나다달러는 8일 1263원으로 급등했다: a level the market reached,
            # only (호주달러는 400원 가까이 떨어져: its move, which the topic does not make a level; NDF … 엔화가 …
            # 1천235원까지: a won level the sentence's rate word speaks for)
        if named.value and kind == "level" and not _MARKET_MOVE.search(scan.s, c.end, c.end + 16):
            continue  # 루피화 가치가 떨어졌다. 망고 한 개가 84루피였다: a price; 15,016루피아를 기록: a level
        if named.at > c.start + _REACH:
            break
        if not named.currencies and inherited is not None:
            return inherited
        if (kind in ("level", "change") and all(codes == (c.code,) for codes in named.currencies)
                and not any(n.at < named.at and c.start - n.at <= _REACH and any(codes != (c.code,) for codes in n.currencies)
                            for n in in_sentence)
                and (current := _current_pair(scan, c, value, kind)) is not None):
            return current  # 호주달러 1달러당 992원 … 송금 환율은 보낼 때 1002.64원: the pair the text quotes
        if not named.currencies and kind == "level" and c.code == "USD" and (
                found := _text_currency_level(scan, value, "USD")) is not None:
            return found  # 투표 직전 환율이 $1.50 on a page about the pound: GBP, before the usual euro
        if (not named.currencies and kind == "level" and c.code == "KRW" and (
                found := _text_currency_level(scan, value, "KRW")) is not None and not scan.found["text_names_dollar"]
                and not any("USD" in (q.base, q.quote) for q in scan.quotes)):
            return found  # 7,200엔 … 환율이 900원대: on a page about the yen that names and quotes no dollar, the yen's
        bases = named.base_for(c.code)
        own = c.code == "USD" and bool(named.currencies) and all(c.code in codes for codes in named.currencies)
        for base in bases:
            if base == c.code or base != bases[0] and len(bases) > 2 and not scan.context.names((base,)):
                continue  # (원·달러 … 338원: not the Australian dollar's level, which the text never names)
            if (own or c.code == "USD" and not named.currencies) and not scan.context.names((base,)):
                continue  # 달러 가치에 연동되는 UST는 1달러로: the dollar's own value in dollars, no pair the text names
                # (a rate word naming no currency: 1.08달러 is the euro's only on a page that names the euro)
            if kind == "change":
                if _plausible(base, c.code, value, "change", unknown=False) or (
                        base in BY_HUNDRED and _plausible(base, c.code, value / _HUNDRED, "change", unknown=False)):
                    return base, _ONE  # 1백62원⏎28전 올랐으며: a move of a rate quoted per 100 yen
                continue
            per = _per(base, c.code, value)
            if per is None and named.value and base == "USD" and _plausible(base, c.code, value, "level"):
                per = _ONE  # 달러화 시세는 … 8.65페소: a dollar rate the bundled history does not hold, named as one
            if per is not None:
                return base, per
        if not named.currencies and kind == "level" and c.code == "KRW" and (
                found := _text_currency_level(scan, value, "KRW")) is not None:
            return found  # (현찰 환율 … 살 때: 198.11원 on a page about the yuan: CNY, as the dollar does not fit)
    return None


_WON_ONLY = (("KRW",),)
_BULLETS = frozenset("△")  # a sign that bullets a list item as often as it negates (Korean print)


def _current_pair(scan: Scan, c: Candidate, value: Decimal, kind: str = "level") -> tuple[str, Decimal] | None:
    """The pair of the last level the text quoted, for a rate word that names none, when
    that pair is not the dollar's and the text has quoted no dollar rate, and the amount
    can be its level; else None (a bare 환율 is the dollar's by default)."""
    last = _last_level(scan, c)
    if last is None or "USD" in (last.base, last.quote) or any("USD" in (q.base, q.quote) for q in scan.quotes):
        return None
    with localcontext(ARITHMETIC):
        return (last.base, last.per) if _plausible(last.base, c.code, value / last.per, kind, unknown=False) else None


def _text_currency_level(scan: Scan, value: Decimal, quote: str) -> tuple[str, Decimal] | None:
    """The one currency the text names (a country or a currency, not the won or the
    dollar) whose rate in ``quote`` ``value`` can be, for a rate word that names no pair;
    None when the text names none, several, or the level fits none."""
    key = "text_currency"
    if key not in scan.found or scan.found["text_codes_read"] != len(scan.read_codes):
        # the currencies the text names, and those of the amounts read before (1368 파운드(약
        # 260만원) … 환율은 1900원: the pound's)
        every = {code for codes in scan.context.codes if len(codes) == 1 for code in codes} | scan.read_codes
        named = every - {"KRW", "USD"}
        scan.found[key] = next(iter(named)) if len(named) == 1 else None
        scan.found["text_names_dollar"] = "USD" in every or _US_DOLLAR.search(scan.s) is not None
        scan.found["text_codes_read"] = len(scan.read_codes)
    code = scan.found[key]
    if code is None:
        return None
    per = _per(code, quote, value)  # type: ignore[arg-type]
    return None if per is None else (code, per)  # type: ignore[return-value]


def _same_sentence(scan: Scan, a: int, b: int) -> bool:
    """Do ``a`` and ``b`` (a <= b) stand in one sentence, hard-wrapped lines joined?"""
    return _wrapped_sentence(scan, b)[0] <= a


def _last_level(scan: Scan, c: Candidate) -> QuoteDraft | None:
    """The last level quoted for the candidate's currency shortly before it; or, where that
    one lies far from the candidate's value, an earlier one of another pair that lies close
    (9월만기 달러 선물은 … 1183.5원 after 원·달러 1188.80원, then 원·엔 100엔당 1125.1원)."""
    last = None
    value = _value(c)
    for q in reversed(scan.quotes):
        if c.start - q.end > _INHERIT_CHARS:
            break
        if (q.quote == c.code or c.word is not None and q.quote in c.word.candidates
                or q.quote == "KPW" and c.code == "KRW") and q.kind != "change" and q.end <= c.start:
            # (30파운드 after 이집트 파운드화는 1달러당 30파운드: the same word, the pound the level was in)
            if last is None:
                last = q
                if value is None or _near(q.written, value):
                    return q
            elif _near(q.written, value) and (q.base, q.per) != (last.base, last.per):  # type: ignore[arg-type]
                return q
    return last


def _near(level: Decimal, value: Decimal) -> bool:
    """Does ``value`` lie within a twentieth of ``level``?"""
    with localcontext(ARITHMETIC):
        return abs(value - level) <= level * _SAME_LEVEL


def _bracketed_after(s: str, end: int, start: int) -> bool:
    """Does a bracket right after a level hold the next (1,230.75원(1,233.54원), 557.05원(토요일
    558.39원)): the same pair's level on another day?"""
    gap = s[end:start]
    return 0 < len(gap) <= 10 and gap.lstrip().startswith("(") and not any(ch.isdigit() or ch in ")," for ch in gap)


_NAME_LAST = frozenset(w.name[-1] for w in currency_words() if w.kind in ("name", "symbol"))
_NAME_PARTICLES = tuple(_W["name_particles"])
_PARTICLE_LAST = frozenset(p[-1] for p in _NAME_PARTICLES)


def _named_just_before(scan: Scan, c: Candidate, value: Decimal) -> tuple[str, Decimal] | None:
    """A currency named right before a level in a list of rates (<>영국 파운드 1,230.75원,
    호주 달러화는 576.83원): the pair's base and the amount quoted per, when the level fits it."""
    s, j = scan.s, c.start
    while j > 0 and c.start - j < 2 and s[j - 1] == " ":
        j -= 1
    if j == 0:
        return None
    if s[j - 1] not in _NAME_LAST:
        if s[j - 1] not in _PARTICLE_LAST:
            return None  # 환율은 1,300원: no currency's name ends there (a cheap test before the lexicon's)
        for particle in _NAME_PARTICLES:
            if s.endswith(particle, 0, j) and j - len(particle) > 0:
                j -= len(particle)
                break
        if s[j - 1] not in _NAME_LAST:
            return None
    found = _currency_before(scan, j)
    if found is None or c.code in found[0] or (found[1] > 0 and (s[found[1] - 1].isalnum() or s[found[1] - 1] in "-·‧ㆍ")):
        return None  # 29일엔, 장 초반엔: a particle; 유로-달러는 1.2381달러: a pair's name
    codes = found[0]
    base = _sentence_dollar(scan, c, codes, found[1]) if len(codes) > 1 else codes[0]
    per = _per(base, c.code, value)
    if per is None and _plausible(base, c.code, value, "level"):
        per = _ONE  # 서독 마르크 388.91원: a pair the bundled history does not hold, named as the level's
    return None if per is None else (base, per)


_WRAP_VERB = re.compile(r"\b(?:" + "|".join(map(re.escape, _T["english_bare"]["wrap_verbs"])) + r")[a-z]* (?:the (?:day|session|week) )?"
                        r"(?:at|to)(?: (?:" + "|".join(map(re.escape, _T["english_bare"]["hedges"])) + r"))? $")
_OTHER_LEVEL = re.compile(r"\b(?:" + "|".join(map(re.escape, _T["english_bare"]["other_levels"])) + r")\b")


def _wrap_level(scan: Scan, c: Candidate, fx: FxText, value: Decimal) -> tuple[str, Decimal] | None:
    """A level an English market wrap gives with a verb of the session and no rate word in
    its sentence (Weekly trading closes at 1,469.0 won): the pair a rate word of the text
    names for its currency, when the level fits it and no other market is in the sentence."""
    s = scan.s
    if _WRAP_VERB.search(s, max(0, c.start - 40), c.start) is None:
        return None
    first, last = scan.context.sentence_span(c.start)
    if _OTHER_LEVEL.search(s, first, last):
        return None
    for named in fx.named:
        found = _level_of(named, c.code, value) if named.currencies else None
        if found is not None:
            return found
    return None


def _level_of(named: _Named, code: str, value: Decimal) -> tuple[str, Decimal] | None:
    """The base a rate word's pair gives a level in ``code``, and the amount it is quoted
    per, when the value fits the pair; else None."""
    for base in named.base_for(code):
        per = _per(base, code, value) if base != code else None
        if per is not None:
            return base, per
    return None


_PREVIOUS_REACH = 200  # characters from the previous sentence's rate word to the level
_OWN_SUBJECT = re.compile(r"[가-힣A-Za-z0-9)](?:은|는|이|가|도) ")  # a topic or subject before a move: its own
_SWAP = re.compile("(?:" + "|".join(map(re.escape, _C["swap"])) + r")[ \t]?(?:[(은는이가]|은 |는 |이 |가 )?$")
_SWAP_STEMS = ("스와", "스왑", "swap")  # (one of them in every swap word: a text without them has none)
_SWAP_REACH = 16  # characters before an amount where its swap-point word ends
_MARKET_MOVE = re.compile("|".join(map(re.escape, _T["market_moves"]["words"])))
_MOVE_AFTER = 12  # characters after a level's particle where the market's move to it is said
_AFTER_MOVE_GAP = re.compile(r"^[ 까지으로에선대]*(?:(?:근처|부근|언저리|안팎|가까이)[ 까지으로에]*)?(?:수직|껑충|훌쩍)? ?")
# (1,259.5원으로 급등, 1,500원선까지 치솟아, 1,500원선 근처로 수직 상승했습니다)


def _previous_sentence(scan: Scan, c: Candidate, fx: FxText, value: Decimal,
                       kind: str = "level") -> tuple[str, Decimal] | None:
    """The pair the sentence before names, for the first level quoted, when its sentence
    names none (원·달러 환율이 13년 만에 최고치를 기록했다. 장중 한때 1340원도 넘어섰다); or for
    a move, written with its verb (… 환율이 큰 폭으로 하락했다. 이틀간 43.3원 급락)."""
    if c.word is None or c.word.kind == "english" or not (
            kind == "change" or c.shape == "band" or _MARKET_MOVE.search(scan.s, c.end, c.end + 16)
            or scan.s.startswith(_LINE, c.end)):
        return None  # 그는 1,300원을 냈다: a price; only a level the market reached (넘어섰다, 마감했다), a band or a line counts
    first = _wrapped_sentence(scan, c.start)[0]
    if first < 2 or any(n.currencies and first <= n.at < c.start for n in fx.in_sentence(scan, c.start)):
        return None  # (* 엔화 환율은 … 160엔 상회: its own sentence names the pair, whether or not it fits)
    for named in fx.in_sentence(scan, first - 2):
        if not named.currencies or named.at >= first or c.start - named.at > _PREVIOUS_REACH:
            continue
        if _price_between(scan.s, named.at, c.start):
            return None
        if kind == "change":
            if _OWN_SUBJECT.search(scan.s, first, c.start) is not None:
                return None  # 삼성전자는 500원 오른, 1테더는 … 93원 비싸게: the move of what its own sentence names
            base = next(iter(named.base_for(c.code)), None)
            return None if base is None or not _plausible(base, c.code, value, "change") else (base, _ONE)
        found = _level_of(named, c.code, value)
        if found is not None:
            return found
    return None


# after an amount, what makes it a sum of money rather than a level: the note or coin it is,
# or the base of a conversion (1달러는, $1 미국 달러는 약 1,380원, 1달러 =)
_NOTES = tuple(_W["notes"])
_UNIT_COUNTS = frozenset((Decimal(1), Decimal(100)))
_UNIT_NEXT = re.compile(r"[은는이가]?\s?(?:(?:" + "|".join(map(re.escape, _PRICE_FILLERS)) + r"|[가-힣]{1,4} ?돈(?:으로)?)의?\s)?=?\s?"
                        r"[0-9일이삼사오육칠팔구십백천만]")
# 1달러 9500숨, 1달러가 천원, 미국의 1달러는 우리나라의 1,181원
_UNIT_BEFORE = re.compile(r"(?:\bto|\bper|=)\s?$")  # 1,291.0 Korean Won to US$1.00
_BASE_AFTER = 6  # characters between a level and the unit it is quoted per (… Won to US$1.00)
_BASE_LINKS = frozenset(("to", "for", "per", "=", "/"))
_UNIT_AMOUNT = re.compile(r" ?(?:" + "|".join(map(re.escape, _W["notes"])) + r")|(?<=[^0-9]1)(?: 미국 달러)?(?:는|은| ?=)")


def _notes_in_sentence(scan: Scan, at: int) -> bool:
    """Does the sentence name notes or coins before ``at`` (동전은 … 10페소, 5페소)? Their
    denominations are money, however close to a rate."""
    first = max(scan.context.sentence_span(at)[0], at - _NOTE_REACH)
    return any(scan.s.find(note, first, at) >= 0 for note in _NOTE_NOUNS)


_NOTE_NOUNS = tuple(_W["note_nouns"])
_NOTE_REACH = 80  # characters before a denomination where its noun is looked for


def _headline_ahead(scan: Scan, c: Candidate, fx: FxText, value: Decimal,
                    kind: str = "level") -> tuple[str, Decimal] | None:
    """The pair the body names first, for a level the market reached, or a move, in a
    headline that names none (한때 1096.30원까지 하락⏎환율이 1천100원선을 … 원/달러 환율은;
    또 1원30전 올라 696.90원 고시⏎… 달러당)."""
    s = scan.s
    if c.start > _HEADLINE:
        return None  # (a level past the first line's reach: no headline's)
    line_end = s.find("\n", 0, _HEADLINE + 1)
    if not 0 < line_end <= _HEADLINE or c.end > line_end or c.word is None or c.word.kind == "english":
        return None
    if not _MARKET_MOVE.search(s, c.end, c.end + 16) or _price_between(s, max(0, c.start - _PRICE_BEFORE), c.start,
                                                                         first=True):
        return None  # 라면값 1,300원 돌파: a price
    at = bisect_right(fx.starts, line_end)
    for named in fx.named[at:]:
        if named.at - line_end > _PREVIOUS_REACH:
            break
        if not named.currencies:
            continue
        if kind == "level":
            return _level_of(named, c.code, value)
        base = next(iter(named.base_for(c.code)), None)
        return None if base is None or not _plausible(base, c.code, value, "change") else (base, _ONE)
    return None


_ENGLISH_NOTE_BEFORE = re.compile(r"\b(?:denominations?|notes?|bills?|banknotes?|coins?) of $")
_ENGLISH_NOTE_AFTER = re.compile(r"[ -](?:notes?|bills?|banknotes?|coins?|denominations?)\b")


def rate_context(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A level or change in a text about exchange rates: in a sentence whose rate word
    names the pair, or close to the last level quoted for the pair before it."""
    if c.number.top_myriad not in (None, 4) or c.word is None or c.scale != 1 or c.number.top_myriad == 4 and (
            c.code == "KRW" or c.number.value % _MYRIAD == 0):
        return c  # (1만4777루피아, 1만1천7백95동: a level in thousands has its 만; not a round 5만리얄, a note; a won level never)
    s, fx = scan.s, fx_text(scan)
    last = _last_level(scan, c) if scan.quotes else None
    value = _value(c)
    if (value is not None and value != 0 and any(map(scan.holds, _SWAP_STEMS))
            and _SWAP.search(s, max(0, c.start - _SWAP_REACH), c.start)):
        if last is None:  # 스와프포인트 1.95원을 감안하면: the words say what it is, wherever it stands
            return Rejection(c.start, c.end, "rate_change", "a forward's swap points: the gap between two rates, "
                             "not money")
        return _record(scan, c, "rate_change", c.start, c.end, last.base, abs(value), _ONE, "change", None)
    if fx is None and last is None:
        return c
    if value is None or value == 0:
        return c
    if (value in _UNIT_COUNTS and scan.quotes and 0 <= c.start - scan.quotes[-1].end <= _BASE_AFTER
            and s[scan.quotes[-1].end : c.start].strip() in _BASE_LINKS):
        return Rejection(c.start, c.end, "rate_quote", f"{s[c.start:c.end]} is the unit the rate before it is quoted "
                         "per (1,291.0 Korean Won to US$1.00)")
    if (value < 0 and last is not None and s[c.start] in _BULLETS and last.kind == "level"
            and abs(value + last.written) <= last.written * _INHERIT):
        # 달러당 1천6백85.48원에 첫 고시한 뒤 △1천5백90.80원 △1천6백10.20원: no rate is negative; a △ near the
        # last level bullets a list of the pair's levels
        return _record(scan, c, "rate_context", c.start + 1, c.end, last.base, -value, last.per, "level", None)
    if value < 0:  # 변동폭(-2.00원); 전일(-7.6원)에 이어 하락: a signed gap beside the levels, not money
        if last is None or not (_width_sentence(scan, c.start) or fx is not None and -value < last.written * _FRACTION):
            return c
        return _record(scan, c, "rate_change", c.start, c.end, last.base, -value, _ONE, "change", None)
    kind = _kind(s, c, c.start)
    if kind == "level" and (s[c.start] == "+" or c.start and s[c.start - 1] == "+"):
        kind = "change"  # (+8.0 won): a signed move beside the levels
    if kind == "level" and (_UNIT_AMOUNT.match(s, c.word_end) or s.startswith(_NOTES, c.end, c.word_end)
                            or _ENGLISH_NOTE_BEFORE.search(s, max(0, c.start - 20), c.start)
                            or _ENGLISH_NOTE_AFTER.match(s, c.end)):
        return c  # 2달러 동전의 경우 … 환율을 기준으로 1600원; the largest denomination of 5,000 won: money, not a level
    if kind == "level" and _restating(scan, c):
        return c  # 1.2 EUR (1,896원) after 1 EUR = 1,580 KRW: the price's won, not another level
    if kind == "level" and _converted(s, c, unit=value in _UNIT_COUNTS):
        return c  # 10위안은 한국 돈 약 1,900원: a sum and its won, not levels; 1위안을 한화 …: the unit
    reference = last.written if last is not None else None
    width = (kind == "level" and reference is not None and value < reference * _WIDTH_FRACTION
             and _width_sentence(scan, c.start))
    if width:
        kind = "change"  # 변동폭은 34원70전에 달했다; 환전 수수료(스프레드) : 24.15원
    if fx is not None and kind == "level" and (named := _named_just_before(scan, c, value)) is not None:
        return _record(scan, c, "rate_named", c.start, c.end, named[0], value, named[1], kind, _qualifier(s, c))
    inherited = None
    if reference is not None:  # close to the last level quoted for the pair
        with localcontext(ARITHMETIC):
            near = (value < reference * (_WIDTH_FRACTION if width else _FRACTION) if kind == "change"
                    else abs(value - reference) <= reference * _INHERIT)
        if not near and kind == "level":  # 달러당 45.90바트로 작년말(25.66바트)보다: a level it is compared with
            near = (_same_sentence(scan, last.start, c.start) or _MARKET_MOVE.match(  # type: ignore[union-attr]
                _AFTER_MOVE_GAP.sub("", s[c.word_end : c.word_end + _MOVE_AFTER]))) and _plausible(
                last.base, c.code, value / last.per, "level", unknown=False)  # type: ignore[union-attr]
            # (2008년 말엔 1,259.5원으로 급등했고: a level the market reached, far from the last one)
        if near and (width or not _price_between(s, max(0, c.start - _PRICE_BEFORE, last.end), c.start,  # type: ignore[union-attr]
                                                  first=True)) and not (kind == "level" and _notes_in_sentence(scan, c.start)):
            # (not the last level's own words: 1호주달러 가격은 776원대에서 895원대로, the price of one unit)
            inherited = (last.base, _ONE if kind == "change" else last.per)  # type: ignore[union-attr]
    beside = inherited is not None and (_bracketed_after(s, last.end, c.start) or (  # type: ignore[union-attr]
        kind == "level" and abs(value - reference) <= reference * _SAME_LEVEL  # type: ignore[operator]
        and _same_sentence(scan, last.start, c.start)))  # type: ignore[union-attr]
    # (100엔당 749.45원으로 거래를 마쳐 750원 선이 무너졌다: the line of the level just quoted)
    found = _from_sentence(scan, c, fx, value, kind, inherited) if fx is not None and not beside else None
    if found is None:  # from the discourse
        found = inherited
    if found is None and kind == "level" and fx is not None and c.word is not None and c.word.kind == "english":
        found = _wrap_level(scan, c, fx, value)  # Weekly trading closes at 1,469.0 won (… the won-dollar exchange rate)
    if found is None and kind == "level" and fx is not None and last is None:
        found = _previous_sentence(scan, c, fx, value)  # 원·달러 환율이 최고치를 기록했다. 장중 한때 1340원도 넘어섰다
        found = found or _headline_ahead(scan, c, fx, value)  # 한때 1096.30원까지 하락⏎… 원/달러 환율은
    if found is None and kind == "change" and fx is not None and last is None:
        found = _headline_ahead(scan, c, fx, value, kind)  # 또 1원30전 올라 696.90원 고시⏎… 달러당
        found = found or _previous_sentence(scan, c, fx, value, kind)  # … 환율이 하락했다. 이틀간 43.3원 급락
    if found is None and kind == "change" and fx is not None:  # 유로 환율 1,591.74원 하락: too large for a move
        found = _from_sentence(scan, c, fx, value, "level", moved=True)
        kind = "level"
    elif (found is None and kind == "level" and fx is not None and reference is None and value < _WIDTH_MOST
          and _WIDTH_WORD.search(s, max(0, c.start - _WIDTH_NEAR), c.end + _WIDTH_NEAR)):
        # 원/달러 환율 변동 폭이 67.6원에 달했다: too small for a level, near a word of width
        found = _from_sentence(scan, c, fx, value, "change")
        kind = "change"
    if found is None:
        return c
    base, per = found
    if kind == "change":
        return _record(scan, c, "rate_change", c.start, c.end, base, value, _ONE, "change", None)
    if value in _UNIT_COUNTS and (_UNIT_NEXT.match(s, c.word_end) or _UNIT_BEFORE.search(s, max(0, c.start - 6), c.start)):
        return c  # 1달러 9500숨, 1달러가 천원, to US$1.00: the unit a rate is quoted per, not a level
    if value == _ONE and per != _ONE:  # (엔화가 1달러 대비 84.73엔; 1위안:180원): one unit is no level per 100 of another
        return Rejection(c.start, c.end, "rate_quote", f"{s[c.start:c.end]} is the unit a rate is quoted per, not an amount")
    return _record(scan, c, "rate_context", c.start, c.end, base, value, per, kind, _qualifier(s, c))


_CONVERSION_MONEY = tuple(_W["conversion_money"])
_CONVERTED_AFTER = re.compile(r"(?:은|는|이|가|을|를|이면|면|로|으로)? ?(?:" + "|".join(map(re.escape, _CONVERSION_MONEY)) + ")")
_CONVERTED_BEFORE = re.compile(r"(?:" + "|".join(map(re.escape, _CONVERSION_MONEY)) + r")(?:로|으로)?"
                               r"(?: (?:" + "|".join(map(re.escape, _PRICE_FILLERS)) + r"))? ?$")
_CUE_WIDTH = 16  # characters before an amount where its conversion's cue may stand


def _restating(scan: Scan, c: Candidate) -> bool:
    """Does the amount fill a bracket right after an amount in another currency, not one
    unit of it (1.2 EUR (1,896원)): that amount stated in this currency?"""
    s, last = scan.s, scan.last
    if last is None or last.code == c.code or last.low in _UNIT_COUNTS or c.start == 0 or s[c.start - 1] not in "([":
        return False
    end = c.start - 1
    while end > 0 and s[end - 1] == " ":
        end -= 1
    return last.end == end


def _converted(s: str, c: Candidate, *, unit: bool) -> bool:
    """Is the amount one side of a stated conversion: followed by the won it comes to
    (10위안은 한국 돈 약 1,900원; for a ``unit`` count, 1위안을 한화 179.34원, the unit
    the rate is quoted per) or, when no unit count, preceded by its cue (한국 돈 약 1,900원)?"""
    if c.code != "KRW" and _CONVERTED_AFTER.match(s, c.word_end):
        return True  # (929.8원으로 원화 가치 절상률이: an amount in won is converted into no won)
    if unit:
        return False
    start = max(0, c.start - _CUE_WIDTH)
    if s.find("화", start, c.start) < 0 and s.find("돈", start, c.start) < 0:
        return False  # (every cue holds one: 한화, 원화, 우리 돈)
    cue = _CONVERTED_BEFORE.search(s[start : c.start])
    if cue is None:
        return False
    unit = _UNIT_SOURCE.search(s[max(0, start + cue.start() - _CUE_WIDTH) : start + cue.start()])
    return unit is None  # 1위안을 한화 179.34원으로: one unit's price, a level


_UNIT_SOURCE = re.compile(r"(?<![0-9.,])(?:1|100)(?:\.0+)? ?[^\s0-9]{1,4}(?:을|를|은|는|이|가|에|당)? ?$")


def rate_reversed(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """약 305원이 1셰켈, 1,300원이 1달러인 셈: the won first, then the one unit it buys; a
    level the pair could have."""
    s = scan.s
    if c.code != "KRW" or c.word is None or not c.exact or s[c.word_end - 1] not in "이가" or c.low <= 0:
        return c
    m = _REVERSED.match(s, c.word_end)
    if m is None:
        return c
    unit = read_amount(scan, m.end())
    if unit is None or unit.code == "KRW" or not unit.exact or unit.word is None or not (
            unit.low == _ONE or unit.low == _HUNDRED and unit.code in BY_HUNDRED):
        return c
    if not _REVERSED_END.match(s, unit.end):
        return c  # 5만원이 100달러보다 싸다: a comparison, not what one unit costs
    with localcontext(ARITHMETIC):
        rate = c.low / unit.low
    if not _plausible(unit.code, "KRW", rate, "level", unknown=False):
        return c
    scan.quotes.append(QuoteDraft(c.start, unit.end, unit.code, "KRW", rate, unit.low, _qualifier(s, c), "level",
                                  "rate_reversed", _top(c, unit.low)))
    return Rejection(c.start, unit.end, "rate_quote", f"{s[c.start:unit.end]} is an exchange rate, not an amount")


_REVERSED = re.compile(r"(?<=[이가]) ?(?=(?:1|100) ?[^\d\s])")
_REVERSED_END = re.compile(r"\s?(?:\(|이다|입니다|이에요|이라|라고|인 셈|인셈|정도|쯤|꼴|[.,]|$)")


_PAIR_CODE_BEFORE = re.compile(r"(?<![A-Za-z])(?P<base>[A-Z]{3})(?P<per>100)?/$")
_PAIR_CODE_AFTER = re.compile(r"/[A-Z]{3}(?![A-Za-z])")


def rate_pair_code(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """JPY100/KRW 891.9, EUR/KRW 1456.11, as market tickers write a pair: the number after
    the pair's codes is its level (per 100 where the base says so), and the base's code
    with its 100 is no amount (JPY100 of JPY100/KRW)."""
    if c.word is None or c.word.kind != "code":
        return c
    s = scan.s
    if c.word_start == c.start and c.low in _UNIT_COUNTS and c.exact and _PAIR_CODE_AFTER.match(s, c.end):
        return Rejection(c.start, c.end, "per_unit", f"{s[c.start:c.end]} names a pair's base, not an amount")
    if c.word_start != c.start or c.start < 4 or s[c.start - 1] != "/":
        return c
    m = _PAIR_CODE_BEFORE.search(s, max(0, c.start - 7), c.start)
    value = _value(c)
    if m is None or value is None or value <= 0 or m.group("base") == c.code:
        return c
    per = _HUNDRED if m.group("per") else _ONE
    return _record(scan, c, "rate_pair_code", m.start(), c.end, m.group("base"), value, per, "level", None)


_FROM_LEVEL = "에서 "  # 달러당 1만7,941동에서 1만8,544동으로: the level it moved from, then the one it moved to
_LIST_LEVEL = ", "  # 각각 달러당 3.3426링깃, 32.919바트로: one level per currency of a list
_EACH = "각각"
_EACH_REACH = 40  # characters before a list's first level its 각각 may stand


def rate_continued(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """The level right after another of the same pair (달러당 1만7,941동에서 1만8,544동으로),
    or of another currency in a list of levels against the same base that 각각 opens (각각
    달러당 3.3426링깃, 32.919바트로): a level too, where its pair's history allows."""
    if not scan.quotes:
        return c
    q, s = scan.quotes[-1], scan.s
    if q.kind != "level" or q.base == c.code:
        return c
    moved = q.end + len(_FROM_LEVEL) == c.start and s.startswith(_FROM_LEVEL, q.end)
    if moved:
        if c.code != q.quote:
            return c
    elif not (q.end + len(_LIST_LEVEL) == c.start and s.startswith(_LIST_LEVEL, q.end)
              and s.find(_EACH, max(scan.context.sentence_span(q.start)[0], q.start - _EACH_REACH), q.start) >= 0):
        return c
    value = _value(c)
    if value is None:
        return c
    with localcontext(ARITHMETIC):
        level = value / q.per
    if not _plausible(q.base, c.code, level, "level") or moved and abs(level - q.rate) * 2 > q.rate:
        return c  # (a level moves by less than half of itself: 1,300원에서 2,000원으로 is no rate's move)
    return _record(scan, c, "rate_continued", c.start, c.end, q.base, value, q.per, "level", _qualifier(s, c))


RULES = (rate_pair_code, rate_per, rate_base, rate_equation, rate_reversed, rate_english, rate_continued, rate_context)


# ------------------------------------------------------------------ bare levels in English

_E = _T["english_bare"]
_BARE = re.compile(
    r"\b(?:" + "|".join(map(re.escape, _E["before"])) + r")(?: (?:" + "|".join(map(re.escape, _E["hedges"])) + r"))?"
    r"[ \n](?P<the>the )?(?P<n>\d{1,2},\d{3}(?:\.\d+)?|\d{3,4}\.\d+|" + SPELLED_RUN.pattern + r")"
    r"(?![0-9A-Za-z%-]| (?:won|percent|per cent|points?|pct)\b)", re.IGNORECASE)
_SPELLED_LEVEL = re.compile(r"(?i:one|two)-thousand-[\w-]+")  # one-thousand-484-point-one: a broadcast's level
_MARK_AFTER = re.compile(r"[- ](?:" + "|".join(map(re.escape, _E["marks"])) + r")\b")
_NOT_THE_RATE = re.compile(r"\b(?:" + "|".join(map(re.escape, _E["other_levels"])) + r")\b", re.IGNORECASE)
_CLOSE = Decimal(_E["within_history"])


def _occupied(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> list[tuple[int, int]]:
    """The spans already read (figures, cells, quotes and changes), where no bare level may stand."""
    return [*taken, *((c.start, c.end) for c in cells), *((q.start, q.end) for q in scan.quotes),
            *((q.start, q.end) for q in scan.changes)]


def english_bare_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """Levels of the won written without a currency in an English sentence about its rate:
    "USD/KRW trades at 1,227.55", "the won ended the year at one-thousand-439-point-zero per
    U.S. dollar". The number follows a word of level (at, to, past); no other market's
    level (the Kospi, points) stands between the topic and it; and it lies within the
    pair's bundled history (widened a little), or is said to be per dollar."""

    if not _english(scan) or (fx := fx_text(scan)) is None:  # the cheap test first: most texts are not English
        return
    s, span = scan.s, history_range("USD", "KRW")
    if span is None:
        return
    with localcontext(ARITHMETIC):
        low, high = span[0] * (1 - _CLOSE), span[1] * (1 + _CLOSE)
    occupied = _occupied(scan, taken, cells)
    for at in fx.starts:  # each rate word and topic of the text (exchange rate, the won, USD/KRW)
        last = _wrapped_end(scan, scan.context.sentence_span(at)[1])
        stop = min(last, at + _REACH)
        if last < len(s) and (spelled := _SPELLED_LEVEL.search(s, last, min(len(s), last + _REACH))) is not None:
            # (… the won ended the year at one-thousand-439-point-zero. This year's peak was recorded on
            # April 9 at one-thousand-484-point-one: a broadcast's spelled levels run on into the next sentence)
            stop = max(stop, _wrapped_end(scan, scan.context.sentence_span(spelled.start())[1]))
        for m in _BARE.finditer(s, at, stop):
            a, b = m.span("n")
            if _NOT_THE_RATE.search(s, at, a) or any(x < b and a < y for x, y in occupied):
                continue
            if a > last and (not _SPELLED_LEVEL.fullmatch(s, a, b) or _NOT_THE_RATE.search(s, last, a)):
                continue  # (past its sentence only a level spelled in thousands, one-thousand-484-point-one)
            if m.group("the") and not _MARK_AFTER.match(s, b):
                continue  # below the 1,370 level: "the" before a level only as a mark
            value = _bare_value(m.group("n"))
            if value is None:
                continue
            k = b + 1 if s.startswith(" ", b) else b
            per_dollar = any(s.startswith(w, k) for w in _ENGLISH_PER)
            if not (low <= value <= high or per_dollar and _plausible("USD", "KRW", value, "level")):
                continue
            scan.quotes.append(QuoteDraft(a, b, "USD", "KRW", value, _ONE, None, "level", "rate_english_bare"))
            occupied.append((a, b))
    _ratio_levels(scan, occupied, low, high)


_N = _T["english_named"]
_NAMED_CURRENCY = re.compile(r"\b(?P<name>" + "|".join(sorted(map(re.escape, [*_N["names"], *_N["local"]]), key=longest_first))
                             + r")s?\b")
_NAMED_LEVEL = re.compile(r"\b(?:" + "|".join(map(re.escape, _E["wrap_verbs"] + _N["verbs"])) + r")[a-z]*\b[^.;\n\d]{0,48}?\b(?:at|to) "
                          r"(?:(?:" + "|".join(map(re.escape, _E["hedges"])) + r") )?(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d+)?)"
                          r"(?![\d%]| ?(?:percent|per cent|points?|bps|basis|%|trillion|billion|million))")


_OTHER_PAIR = re.compile(r"/ ?[A-Za-z0-9]|\b(?:pounds?|euros?|francs?|won|sterling)\b")


def english_named_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """Levels of another currency against the dollar in an English wrap that names it (the
    Indian rupee opened at 87.36; the local currency ended the session at 87.34): a verb of
    the wrap, then the level, within the pair's bundled history."""
    if not _english(scan):  # (the cheap test first: most texts are not English)
        return
    s = scan.s
    occupied: list[tuple[int, int]] | None = None
    code = None
    for m in _NAMED_CURRENCY.finditer(s):
        name = m.group("name")
        code = _N["names"].get(name, code if name in _N["local"] else None)
        if code is None or (span := history_range("USD", code)) is None:
            continue
        stop = min(scan.context.sentence_span(m.start())[1], m.end() + _N["reach"])
        for level in _NAMED_LEVEL.finditer(s, m.end(), stop):
            value = _bare_value(level.group("n"))
            a, b = level.span("n")
            if _OTHER_PAIR.search(s, m.end(), a) is not None:
                break  # the reference rate for rupee/British pound was fixed at 91.1327: another pair's
            if (other := _NAMED_CURRENCY.search(s, m.end(), a)) is not None and _N["names"].get(other.group("name")) != code:
                break
            with localcontext(ARITHMETIC):
                fits = value is not None and span[0] * (1 - _CLOSE) <= value <= span[1] * (1 + _CLOSE)
            if not fits:
                continue
            if occupied is None:
                occupied = _occupied(scan, taken, cells)
            if any(x < b and a < y for x, y in occupied):
                continue
            scan.quotes.append(QuoteDraft(a, b, "USD", code, value, _ONE, None, "level", "rate_english_named"))
            occupied.append((a, b))


_PER_DOLLAR_BARE = re.compile(r"(?<![\d,.$/])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,5})(?:/\d\d)? {1,2}(?="
                               r"(?:(?:and|or|to|-|–) (?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,5}) )?(?:"
                               + "|".join(map(re.escape, (w for w in _ENGLISH_PER if w[0].isalpha() and " " in w))) + r"))")
# (between 37.80 and 37.90 to the dollar: the first of two levels the words after the second are per;
# P50.30  to the US dollar: a wire's doubled space;
# 115.83/86 per dollar: a bid and the last digits of its offer)
_ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[A-Z]?[a-z]")  # where an English currency name may start


def english_per_dollar_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A bare number said to be per dollar, in a sentence whose currency is named before it
    (the baht advanced 0.2 percent to 33.26 per dollar; Indonesia's rupiah fell to 9,063 to
    the dollar): that currency's level against the dollar, where the pair's history allows."""
    s = scan.s
    if not scan.holds("dollar"):  # (most texts name no dollar in English)
        return
    occupied: list[tuple[int, int]] | None = None
    for m in _PER_DOLLAR_BARE.finditer(s):
        a, b = m.span("n")
        if occupied is None:
            occupied = _occupied(scan, taken, cells)
        if any(x < b and a < y for x, y in occupied):
            continue
        first = max(scan.context.sentence_span(a)[0], a - _SUBJECT_REACH)
        code = _english_named_before(scan, first, a)
        if code is None and first > 0 and a - first < _SUBJECT_REACH:  # (… the yuan strengthened. The central
            code = _english_named_before(scan, max(0, first - _SUBJECT_REACH), first)  # parity rate was set at 6.5706
            # per US dollar: the words just before the sentence name it)
        value = Decimal(m.group("n").replace(",", ""))
        if code is None or not _plausible("USD", code, value, "level", unknown=False):
            continue
        scan.quotes.append(QuoteDraft(a, b, "USD", code, value, _ONE, None, "level", "rate_english_per_dollar"))
        occupied.append((a, b))


def english_following_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """After a currency's level against the dollar in English (the peso closed the week at
    46.74 against a U.S. dollar), the bare numbers a word of level opens in the lines that
    follow, close to it (from Thursday's finish of 46.68; opened the day stronger at 46.65;
    traded between 46.64 and 46.76): levels of the same pair, as a wire writes the rest of
    its report. The won's own are read by :func:`english_bare_levels`."""
    anchors = sorted((q for q in scan.quotes if q.rule in _FOLLOWED_RULES and q.base == "USD" and q.quote != "KRW"),
                     key=_AT)  # (in the text's order: a level read from the last stage may stand before another)
    if not anchors:
        return
    s, occupied = scan.s, _occupied(scan, taken, cells)
    for k, q in enumerate(anchors):
        stop = min(len(s), q.end + _FOLLOW_REACH, anchors[k + 1].start if k + 1 < len(anchors) else len(s))
        with localcontext(ARITHMETIC):
            low, high = q.rate * (1 - _FOLLOW_CLOSE), q.rate * (1 + _FOLLOW_CLOSE)
        for m in _FOLLOWING.finditer(s, q.end, stop):
            a, b = m.span("n")
            if any(x < b and a < y for x, y in occupied) or _NOT_THE_RATE.search(s, scan.context.sentence_span(a)[0], a):
                continue
            value = Decimal(m.group("n").replace(",", ""))
            if low <= value <= high:
                scan.quotes.append(QuoteDraft(a, b, "USD", q.quote, value, _ONE, None, "level", "rate_english_following"))
                occupied.append((a, b))


_FOLLOWED_RULES = frozenset({"rate_english", "rate_english_per_dollar"})
_AT = attrgetter("start")
_FOLLOW_REACH = 700  # characters after a level the report's bare levels of its pair may run to
_FOLLOW_CLOSE = Decimal("0.05")  # how close to that level (a fraction of it) a bare number must lie
_FOLLOWING = re.compile(r"\b(?:at|from|to|of|between|and|around|near)(?: (?:" + "|".join(map(re.escape, _E["hedges"]))
                        + r"))? (?P<n>\d{1,3}(?:,\d{3})*\.\d+|\d{1,3}(?:,\d{3})+)"
                        r"(?![0-9A-Za-z%-]| (?:percent|per cent|points?|pct|million|billion|trillion)\b)")


_DOLLAR_TABLE = _T["dollar_table"]
_DOLLAR_TABLE_NAMES: dict[str, str] = _DOLLAR_TABLE["names"]
_DOLLAR_TABLE_HEAD = re.compile(r"(?i)(?:\bvs\.?|\bversus|\bagainst) (?:the )?u\.?s\.? dollar\b")
_DOLLAR_TABLE_ROW = re.compile(r"^(?P<name>" + "|".join(map(re.escape, sorted(_DOLLAR_TABLE_NAMES, key=longest_first)))
                               + r") +(?P<a>\d[\d,]*(?:\.\d+)?) +(?P<b>\d[\d,]*(?:\.\d+)?)(?: +[+-]?\d+(?:\.\d+)?)?[ \t]*$",
                               re.MULTILINE)


def dollar_table_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A wire's table of currencies against the dollar (CURRENCIES VS U.S. DOLLAR / Japan yen
    114.460 114.36 -0.09): each row's latest and previous levels, of the currency it names
    against the dollar, where the pair's history allows; the move in percent is not a level."""
    if not (scan.holds("DOLLAR") or scan.holds("dollar")):
        return
    s = scan.s
    occupied: list[tuple[int, int]] | None = None
    done = 0  # where the rows read so far end: each line is looked at once, however many headings stand above it
    for head in _DOLLAR_TABLE_HEAD.finditer(s):
        end = start = max(head.end(), done)
        for _ in range(int(_DOLLAR_TABLE["rows_after"])):  # the table's lines: up to its last row
            nxt = s.find("\n", end + 1)
            if nxt < 0:
                end = len(s)
                break
            end = nxt
        done = end
        for row in _DOLLAR_TABLE_ROW.finditer(s, start, end):
            code = _DOLLAR_TABLE_NAMES[row.group("name")]
            for group in ("a", "b"):
                a, b = row.span(group)
                value = Decimal(row.group(group).replace(",", ""))
                if occupied is None:
                    occupied = _occupied(scan, taken, cells)
                if code == "USD" or any(x < b and a < y for x, y in occupied) or not _plausible(
                        "USD", code, value, "level", unknown=False):
                    continue
                scan.quotes.append(QuoteDraft(a, b, "USD", code, value, _ONE, None, "level", "rate_dollar_table"))
                occupied.append((a, b))


_BID_OFFER = re.compile(r"(?<![\d.,/])(?P<n>\d{1,3}(?:,\d{3})*\.\d{2,4})/(?P<o>\d{2,4})(?![\d/]|\.\d)")
_COUNTER = re.compile(r"(?i)\b(?:against|versus|vs\.?|vis-[aà]-vis) (?:the )?(?P<w>[A-Za-z])")
_GREENBACK = "greenback"
_COUNTER_WORDS = ("against", "versus", "vs", "vis-")


def english_bid_offer_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A level quoted as bid and offer, the offer's last digits after a slash (the ringgit was
    quoted at 4.1785/1835 against the greenback from 4.1860/1900; fell against the Singapore
    dollar to 3.0181/0239): the rate of the currency its sentence sets it against, in the one the
    text is about, where the pair's history allows (by the hundred for the yen). The bid is the level."""
    s = scan.s
    if "/" not in s or not any(map(scan.holds, _COUNTER_WORDS)):
        return  # (most texts set nothing against anything in English)
    found = list(_BID_OFFER.finditer(s))
    if not found:
        return
    occupied = _occupied(scan, taken, cells)
    subjects: list[str] | None = None
    for m in found:
        a, b = m.start("n"), m.end("o")
        if any(x < b and a < y for x, y in occupied):
            continue
        first, last = scan.context.sentence_span(a)
        counter = _counter_currency(scan, first, last, a)
        if counter is None:
            continue
        if subjects is None:  # (the currencies the text names in English, in order: read once)
            subjects = _english_codes(scan, 0, len(s))
        value = Decimal(m.group("n").replace(",", ""))
        fits = [(code, per) for code in dict.fromkeys(subjects) if code != counter
                and (per := _per(counter, code, value)) is not None]
        if not fits:
            continue
        code, per = fits[0]
        scan.quotes.append(QuoteDraft(a, b, counter, code, value, per, None, "level", "rate_bid_offer"))
        occupied.append((a, b))


def _counter_currency(scan: Scan, first: int, last: int, at: int) -> str | None:
    """The currency a sentence sets a level against (against the greenback, versus the Yen),
    the nearest such phrase to ``at``; None when it names none."""
    s, best, code = scan.s, None, None
    for m in _COUNTER.finditer(s, first, last):
        k = m.start("w")
        if s.startswith(_GREENBACK, k):
            found = "USD"
        else:
            found = next((w.code for w, end in scan.currencies.matches(s, k)
                          if w.kind == "english" and w.code is not None and (end >= len(s) or not s[end].isalpha())), None)
        if found is not None and (best is None or abs(k - at) < best):
            best, code = abs(k - at), found
    return code


def _english_codes(scan: Scan, first: int, a: int) -> list[str]:
    """The currencies named in English in ``s[first:a]``, in order."""
    s, out = scan.s, []
    for w in _ENGLISH_WORD.finditer(s, first, a):
        for word, end in scan.currencies.matches(s, w.start()):
            if word.kind == "english" and word.code is not None and (end >= len(s) or not s[end].isalpha()):
                out.append(word.code)
                break
    return out


def _english_named_before(scan: Scan, first: int, a: int) -> str | None:
    """The last currency but the dollar named in English in ``s[first:a]``, or None."""
    s, code = scan.s, None
    for w in _ENGLISH_WORD.finditer(s, first, a):
        for word, end in scan.currencies.matches(s, w.start()):
            if word.kind == "english" and word.code not in ("USD", None) and (end >= len(s) or not s[end].isalpha()):
                code = word.code
    return code


_KOREAN_BARE = re.compile(r"(?P<n>\d(?<![\d,.]\d)(?:\d?,\d{3}\.\d{1,2}|\d{2,3}\.\d{1,2}|\d?\.\d{2,4}))(?![\d,.%원엔A-Za-z]| ?(?:포인트|p\b|points?\b))")
_OTHER_LEVELS = tuple(_T["korean_bare"]["other_levels"])
_BARE_CLOSE = Decimal(_T["korean_bare"]["within"])


def korean_bare_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """Levels a Korean market report writes with no unit once the pair is quoted (…달러화가
    1,110원선 밑으로 하락했다. 달러화는 … 10시25분 1,109.60까지 하락했다. … 1,110.00으로 반등한뒤):
    a number with decimals (two or more where it has one or two digits before its point: 미 달러
    당 7.85 홍콩달러 … 7.8499까지), within a few characters of the last level of one unit of a pair
    and close to it, where no other market's level (코스피, 지수, 포인트) is named between."""
    if not scan.quotes:
        return
    s = scan.s
    occupied = _occupied(scan, taken, cells)
    found: list[QuoteDraft] = []
    for q in [q for q in scan.quotes if q.kind == "level" and q.per == _ONE]:
        last, stop = q, min(len(s), q.end + _REACH)
        if not _decimal_between(s, q.end, stop):
            continue  # (most levels have no number with decimals after them: no pattern run)
        for m in _KOREAN_BARE.finditer(s, q.end, stop):
            a, b = m.span("n")
            value = Decimal(m.group("n").replace(",", ""))
            if (any(x < b and a < y for x, y in occupied) or abs(value - last.rate) > last.rate * _BARE_CLOSE
                    or any(s.find(w, last.end, a) >= 0 for w in _OTHER_LEVELS)):
                continue
            last = QuoteDraft(a, b, q.base, q.quote, value, _ONE, None, "level", "rate_bare_after_level")
            found.append(last)
            occupied.append((a, b))
    scan.quotes.extend(found)


def forecast_ranges(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A bank's forecast range written with no unit under its label (오늘 예상 범위:
    935.00∼940.00) in a report that quotes a won pair before it: two levels of that pair,
    each within a tenth of the last level quoted (quotes.toml [forecast_range])."""
    s = scan.s
    if not scan.quotes or not any(stem in s for stem in _RANGE_STEMS):
        return
    occupied = _occupied(scan, taken, cells)
    found: list[QuoteDraft] = []
    for m in _FORECAST_RANGE.finditer(s):
        last = next((q for q in reversed(scan.quotes) if q.end <= m.start() and q.kind == "level" and q.quote == "KRW"
                     and q.per == _ONE and m.start() - q.end <= _FORECAST_REACH), None)
        if last is None:
            continue
        for name in ("low", "high"):
            a, b = m.span(name)
            value = Decimal(m.group(name).replace(",", ""))
            if any(x < b and a < y for x, y in occupied) or abs(value - last.rate) > last.rate * _FORECAST_CLOSE:
                break
            found.append(QuoteDraft(a, b, last.base, last.quote, value, _ONE, None, "level", "rate_forecast_range"))
    scan.quotes.extend(found)


_RANGE_LABELS = tuple(_T["forecast_range"]["labels"])
_RANGE_STEMS = tuple({stem for stem in ("범위", "레인지", "밴드") if any(stem in label for label in _RANGE_LABELS)})
_FORECAST_RANGE = re.compile("(?:" + "|".join(map(re.escape, _RANGE_LABELS)) + r")\s?(?:은|는)?\s?[:：]?\s?"
                             r"(?P<low>\d{1,2},?\d{3}(?:\.\d+)?|\d{3}(?:\.\d+)?)\s?[~∼〜-]\s?"
                             r"(?P<high>\d{1,2},?\d{3}(?:\.\d+)?|\d{3}(?:\.\d+)?)(?![\d.]| ?원)")
_FORECAST_REACH = int(_T["forecast_range"]["reach"])
_FORECAST_CLOSE = Decimal(_T["forecast_range"]["close"])


_CROSS_BARE = re.compile(r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,4})(?P<mark>선|대)?"
                         r"(?=(?:을|를|으로|로|에|까지|에서|선|대|수준|부근|입니다|이다|이었|였)?(?:[ ,.()~∼\n]|$))")
_CROSS_NAMES = "(?:" + "|".join(sorted(_W["pair_names"], key=longest_first)) + ")"  # (엔/달러, 달러/루피: no country's dollar)
_JOINED_NAMES = re.compile(_CROSS_NAMES + r"화? ?[" + "".join(map(re.escape, _W["pair_joiners"])) + r"] ?" + _CROSS_NAMES)
_CROSS_REACH = 40  # characters from a pair's rate word to a bare level of it
_CROSS_WITHIN = Decimal(_T["english_bare"]["within_history"])
_USUAL_BASES = tuple(_W["usual_bases"])  # quoted per one of them against the dollar (유로/달러 1.08)
_REACHED = tuple(_W["reached_particles"])  # an integer level only where the market reaches it (160을 터치)


def korean_cross_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """Levels written with no unit right after a rate word that names two currencies:
    cross rates (달러/위안 환율은 1% 급등한 7.0117을, 엔/달러 환율이 160을 터치, 유로/달러
    환율은 1.5010), and a won pair's line or band (원·엔 환율 900선 붕괴); or one currency, its
    won level with decimals (현재 달러 환율은 1054.90입니다). The number stands in
    the rate word's sentence before any other rate word, and lies within the history of the
    pair read either way (the dollar's usual partners quoted per one of them where both fit)."""
    if not scan.holds(_RATE_WORDS[0]):
        return
    joined = _JOINED_NAMES.search(scan.s) is not None
    if not joined and not _decimal_between(scan.s, 0, len(scan.s)) or (fx := fx_text(scan)) is None:
        return  # (환율 looked for, then two currencies joined or a decimal, before fx_text's look at every rate word)

    s = scan.s
    occupied = _occupied(scan, taken, cells)
    for k, named in enumerate(fx.named):
        if named.topic or named.value or not (len(named.currencies) == 1 or len(named.currencies) == 2 and joined):
            continue
        first, second = (*(codes[0] for codes in named.currencies), "KRW")[:2]  # (달러 환율: the dollar in won)
        if first == second:
            continue
        won, single = "KRW" in (first, second), len(named.currencies) == 1
        stop = min(scan.context.sentence_span(named.at)[1], named.at + _CROSS_REACH,
                   fx.named[k + 1].at if k + 1 < len(fx.named) else len(s))
        for m in _CROSS_BARE.finditer(s, named.at, stop):
            a, b = m.span("n")
            if won and m.group("mark") is None and "." not in m.group("n") or any(
                    x < m.end() and a < y for x, y in occupied):
                continue  # (a won pair's bare number only as a line or band, or with decimals: 원·달러 환율
                # 2025년 is a year; 현재 달러 환율은 1054.90입니다, 원·달러 환율은 1168.90에 마감)
            if "." not in m.group("n") and m.group("mark") is None and not s.startswith(_REACHED, m.end()):
                continue  # an integer level only where it is reached (엔/달러 환율이 160을 터치)
            value = Decimal(m.group("n").replace(",", ""))
            fits = []
            if single and "당" in s[named.at : a]:
                continue  # (루블화 환율 달러당 6.1: the rate per another currency, not the won's)
            for base, quote in ((first, second),) if single else ((first, second), (second, first)):
                per = _ONE if not won or base not in BY_HUNDRED else _HUNDRED
                span = history_range(base, quote)
                with localcontext(ARITHMETIC):
                    if span is not None and span[0] * (1 - _CROSS_WITHIN) <= value / per <= span[1] * (1 + _CROSS_WITHIN):
                        fits.append((base, quote, per))
            if len(fits) == 2:
                fits = [f for f in fits if f[0] in _USUAL_BASES or f[0] == "USD" and f[1] not in _USUAL_BASES]
            if len(fits) != 1:
                continue
            base, quote, per = fits[0]
            with localcontext(ARITHMETIC):
                rate = value / per
            qualifier = None if m.group("mark") is None else _SUFFIX[m.group("mark")]
            scan.quotes.append(QuoteDraft(a, m.end("mark") if m.group("mark") else b, base, quote, rate, per, qualifier,
                                          "level", "rate_bare_after_pair"))
            occupied.append((a, b))


_BARE_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+"
_PER_BARE = re.compile(_PER + r" ?(?P<n>" + _BARE_NUMBER + r")(?=에서|에|으로|로|까지|을|를|이었|였|이다|[ ,)]|$)")
_FROM_BARE = re.compile(r"에서 ?(?P<n>" + _BARE_NUMBER + r")(?=으로|로)")


_MULTIPLY = "곱하"
_TIMES = re.compile(r"(?P<w>[가-힣A-Za-z]{1,8}?)화?(?:에|에다|에다가) (?P<n>\d+(?:\.\d+)?)(?:을|를)? ?곱하(?:면|고)")
_INTO_WON = re.compile(r"[^.\n]{0,16}?(?:원화|한화|우리 ?(?:나라 )?돈|한국 ?돈|원으로|원이)")


def multiplier_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A rate a traveller gives as the number to multiply by for won (페소에 25를 곱하면
    우리나라 돈의 가치가 된다; 라리에 500을 곱하면 원화): the won per unit of that currency."""
    if not scan.holds(_MULTIPLY):
        return
    s = scan.s
    occupied = _occupied(scan, taken, cells)
    for m in _TIMES.finditer(s):
        a, b = m.span("n")
        if any(x < b and a < y for x, y in occupied) or _INTO_WON.match(s, m.end()) is None:
            continue
        word = next((w for w, end in scan.currencies.matches(s, m.start("w")) if end in (m.end("w"), m.end("w") + 1)
                     and w.code != "KRW"), None)
        if word is None:
            continue
        codes = resolve.in_use(word.candidates, scan.date)
        hit = scan.context.decide(codes, m.start()) if len(codes) > 1 else None
        base, value = hit[0] if hit else codes[0], Decimal(m.group("n"))
        per = _per(base, "KRW", value) or _ONE
        with localcontext(ARITHMETIC):
            rate = value / per
        if not _plausible(base, "KRW", rate, "level"):
            continue
        scan.quotes.append(QuoteDraft(a, b, base, "KRW", rate, per, None, "level", "rate_multiplier"))
        occupied.append((a, b))


def dollar_rate_bare_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A currency's rate against the dollar written as a bare number with decimals after its
    rate word, the currency named as the clause's topic (브라질 헤알화의 달러 대비 환율은 1.436으로;
    멕시코 페소화 가치는 달러 환율이 13.1739로): a level of the dollar in that currency, within
    the pair's history."""
    s = scan.s
    if _DOLLAR_RATE_WORD not in s or _RATE_WORD_LITERAL not in s:
        return  # (the pattern reads the text only where both words are in it)
    occupied = None
    for m in _DOLLAR_RATE_BARE.finditer(s):
        named = _currency_before(scan, m.start())
        if named is None or len(named[0]) != 1 and " " not in s[named[1] : m.start()]:
            continue  # (a bare 페소화 names no one peso; 멕시코 페소화 its country's, the current one first)
        quote = resolve.in_use(named[0], scan.date)[0]
        if quote in ("USD", "KRW"):
            continue
        a, b = m.span("n")
        value = Decimal(m.group("n").replace(",", ""))
        if occupied is None:
            occupied = _occupied(scan, taken, cells)
        if any(x < b and a < y for x, y in occupied) or not _plausible("USD", quote, value, "level", unknown=False):
            continue
        scan.quotes.append(QuoteDraft(a, b, "USD", quote, value, _ONE, None, "level", "rate_dollar_bare"))
        occupied.append((a, b))


_DOLLAR_RATE_WORD = "달러"
_RATE_WORD_LITERAL = "환율"
# 헤알화의 달러 대비 환율은 1.436으로, 페소화 가치는 달러 환율이 13.1739로: the topic's 화 (and its particle), then
# the dollar and the rate word, then the bare number
_DOLLAR_RATE_BARE = re.compile(r"화(?:의|는|은|가|이)? (?:가치는 )?(?:미 ?)?달러 ?(?:대비|에 대한)? ?환율(?:은|는|이|가)? "
                               r"(?P<n>" + _BARE_NUMBER + r")(?=으로|로|에|을|를|까지|[ ,]|$)")


def per_bare_levels(scan: Scan, taken: list[tuple[int, int]], cells: list[Candidate]) -> None:
    """A level per one unit written with no currency after it (프랑스 프랑이 전날의 달러당
    6.1920에서 6.2265로 뛰었으며): the rate of the unit against the currency its sentence
    names before it (else the one the text names) whose history the number fits; and the
    level it moved to after 에서."""
    s = scan.s
    found = list(_PER_BARE.finditer(s)) if _PER in s else ()
    if not found:
        return
    occupied = _occupied(scan, taken, cells)
    for m in found:
        a, b = m.span("n")
        if any(x < b and a < y for x, y in occupied):
            continue
        unit = _currency_before(scan, m.start())
        if unit is None:
            continue
        base = unit[0][0]
        value = Decimal(m.group("n").replace(",", ""))
        first = max(_wrapped_sentence(scan, a)[0], a - _REACH)
        named = [code for codes in reversed(_currencies_in(scan, first, unit[1])) for code in codes[:1]]
        quote = next((code for code in named if code != base and _plausible(base, code, value, "level", unknown=False)), None)
        if quote is None:
            continue
        scan.quotes.append(QuoteDraft(a, b, base, quote, value, _ONE, None, "level", "rate_per_bare"))
        occupied.append((a, b))
        moved = _FROM_BARE.match(s, b)
        if moved is not None and _plausible(base, quote, (to := Decimal(moved.group("n").replace(",", ""))), "level",
                                            unknown=False):
            scan.quotes.append(QuoteDraft(moved.start("n"), moved.end("n"), base, quote, to, _ONE, None, "level",
                                          "rate_per_bare"))
            occupied.append(moved.span("n"))
            _also_bare(scan, base, moved.end(), occupied)


def _also_bare(scan: Scan, base: str, at: int, occupied: list[tuple[int, int]]) -> None:
    """The next currencies of the sentence that moved the same way, per the same unit (…
    달러당 6.1920에서 6.2265로 뛰었으며 스위스 프랑도 1.5160에서 1.5203으로 올랐다)."""
    end = _wrapped_sentence(scan, at)[1]
    for m in _ALSO_BARE.finditer(scan.s, at, end):
        named = _currency_before(scan, m.start())
        if named is None or len(named[0]) != 1 or named[0][0] == base:
            continue
        quote = named[0][0]
        levels = [(m.span(g), Decimal(m.group(g).replace(",", ""))) for g in ("n", "to")]
        if any(any(x < y and a < z for x, z in occupied) for (a, y), _ in levels) or not all(
                _plausible(base, quote, value, "level", unknown=False) for _, value in levels):
            continue
        for (a, b), value in levels:
            scan.quotes.append(QuoteDraft(a, b, base, quote, value, _ONE, None, "level", "rate_per_bare"))
            occupied.append((a, b))


_ALSO_BARE = re.compile(r"(?:도|이|가|는|은) (?P<n>" + _BARE_NUMBER + r")에서 (?P<to>" + _BARE_NUMBER + r")(?=으로|로)")


def _decimal_between(s: str, a: int, b: int) -> bool:
    """Does a number with a decimal point (1,109.60) stand in ``s[a:b]``?"""
    k = s.find(".", a, b)
    while k >= 0:
        if k > a and s[k - 1].isdigit() and k + 1 < b and s[k + 1].isdigit():
            return True
        k = s.find(".", k + 1, b)
    return False


_TO_ONE = ("-to-1", "-to-one")


def _ratio_levels(scan: Scan, occupied: list[tuple[int, int]], low: Decimal, high: Decimal) -> None:
    """Levels written as a ratio on an English page about the won's rate: "the won
    strengthened to 898-to-1", "the 1,089.50-to-1 commercial rate" (won to one dollar),
    within the pair's history."""
    s = scan.s
    k = s.find("-to-")
    while k >= 0:
        end = k + len(next((w for w in _TO_ONE if s.startswith(w, k)), ""))
        a = k
        while a > 0 and (s[a - 1].isdigit() or s[a - 1] in ",." and a >= 2 and s[a - 2].isdigit()):
            a -= 1
        if end > k and a < k and not (end < len(s) and s[end].isalnum()) and not any(x < k and a < y for x, y in occupied):
            try:
                value = Decimal(s[a:k].replace(",", ""))
            except ArithmeticError:
                value = None
            if value is not None and low <= value <= high:
                scan.quotes.append(QuoteDraft(a, k, "USD", "KRW", value, _ONE, None, "level", "rate_english_ratio"))
                occupied.append((a, k))
        k = s.find("-to-", k + 4)


def _wrapped_end(scan: Scan, last: int) -> int:
    """Where a sentence ends across the line breaks of a hard-wrapped wire story (…down 0.7
    percent⏎at 1,096.0 per dollar): a line that ends with no sentence mark goes on."""
    s = scan.s
    for _ in range(_WRAPPED_LINES):
        if last >= len(s) or s[last] != "\n" or last == 0 or s[last - 1] in _SENTENCE_FINAL or s[last - 1] == "\n":
            break
        last = scan.context.sentence_span(last + 1)[1]
    return last


def _bare_value(text: str) -> Decimal | None:
    if all(ch.isdigit() or ch in ",." for ch in text):  # 1,227.55, 1227.55; not 1300 (employees)
        return Decimal(text.replace(",", "")) if "," in text or "." in text else None
    read = read_spelled_number(text)
    return None if read is None else read[0]


# ------------------------------------------------------------------ the units rates are quoted per

_UNIT_REACH = 40  # characters from one unit of a currency to the level quoted for it


_EQUATION_AFTER = re.compile(r" ?[=≈≒] ?[$₩€£¥]?\d")
_EQUATION_FIRST = frozenset(" =≈≒")  # (a cheap test before the pattern)


def equation_units(s: str, figures: list[Candidate]) -> set[int]:
    """The figures that are one unit set equal to a price (1$=5.5P, 1USD = 16peso, 1유로 =
    7.67Kn, 1JD = 1700): the unit of an exchange rate, whether or not eokjo reads the price
    as one, never a sum of money. Their indices in ``figures``."""
    n = len(s)
    return {i for i, c in enumerate(figures) if c.end < n and s[c.end] in _EQUATION_FIRST
            and _EQUATION_AFTER.match(s, c.end) and c.exact and c.low == 1}


_PRODUCT_WITHIN = Decimal("0.02")  # how near the product must come to the sum it is set equal to
APPLIED_REACH = 100  # characters from a sum to the won it comes to at a rate written between them
APPLIED_BACK = 4  # figures back from the rate to the sum it is applied to
_LISTED_GAP = 12  # characters between two sums in one currency listed side by side


def product_holds(amount: Decimal, rate: Decimal, total: Decimal) -> bool:
    """Does ``amount`` times ``rate`` come within 2% of ``total``?"""
    with localcontext(ARITHMETIC):
        return abs(amount * rate - total) <= total * _PRODUCT_WITHIN


def applied_per(code: str, amount: Decimal, written: Decimal, total: Decimal) -> Decimal | None:
    """The base amount a won rate ``written`` is quoted per (1, or 100 for the yen) where
    ``amount`` of ``code`` at that rate comes within 2% of ``total`` won; None where it does
    not (3,490 ISK × 10.9원 = 38,041원: 1; 1,000엔 … 100엔당 900원 … 9,000원: 100)."""
    if product_holds(abs(amount), written, total):
        return _ONE
    if code in BY_HUNDRED:
        with localcontext(ARITHMETIC):
            if product_holds(abs(amount), written / _HUNDRED, total):
                return _HUNDRED
    return None


def applied_rates(scan: Scan, figures: list[Candidate]) -> dict[int, QuoteDraft]:
    """The won one unit costs, written between a sum in another currency and the won the sum
    comes to at it (3,490 ISK × 10.9원 = 38,041원; 100유로/1박 → 1,450원 기준 14.5만원; 3만600
    달러로 환율을 1240원으로 잡았을 때 3794만원; 100달러짜리 … 1,200원일 땐 약 12만 원), or after both
    in a bracket that says so, or as an operand (2,139만 달러, 원화로는 295억원(지난 9일 1,380원 기준);
    302,500원(275불 × 1,100원)): a rate, when the sum times it comes within 2% of the won (per 100 for the
    yen), within a hundred characters. Each index in ``figures``, with the quote it is."""
    out: dict[int, QuoteDraft] = {}
    codes = scan.read_codes
    if "KRW" not in codes or len(codes) < 2:
        return out
    for k in range(1, len(figures) - 1):
        r, b = figures[k], figures[k + 1]
        if r.code != "KRW" or b.code != "KRW" or not r.exact or not b.exact or b.low <= r.low:
            continue
        for j in range(k - 1, max(-1, k - 1 - APPLIED_BACK), -1):
            a = figures[j]
            if b.end - a.start > APPLIED_REACH:
                break
            if a.code == "KRW" or not a.exact or a.low == 0:
                continue
            if j and figures[j - 1].code == a.code and a.start - figures[j - 1].end < _LISTED_GAP:
                break  # 1달러와 2달러는 각각 1,400원, 2,800원: a list of sums, each with its won
            if (quote := _applied_quote(a, r, b)) is not None:
                out[k] = quote
            break  # (the nearest sum in another currency only)
    for k in range(2, len(figures)):  # the rate written after both, as a note or an operand
        r, x, y = figures[k], figures[k - 2], figures[k - 1]
        if r.code != "KRW" or (x.code == "KRW") == (y.code == "KRW") or k in out or not r.exact:
            continue  # (one sum in won and one in another currency before it)
        a, b = (x, y) if y.code == "KRW" else (y, x)  # 2,139만 달러, 원화로는 295억원(1,380원 기준); 302,500원(275불 × 1,100원)
        if (not a.exact or not b.exact or a.low == 0 or b.low <= r.low or r.end - x.start > APPLIED_REACH
                or not (_OPERAND.search(scan.s, max(0, r.start - 2), r.start)
                        or (m := _NOTED.search(scan.s, max(0, r.start - _NOTE_REACH), r.start)) is not None
                        and (_RATE_NOTE.match(scan.s, r.word_end) or "환율" in m.group()))):
            continue
        if (quote := _applied_quote(a, r, b)) is not None:
            out[k] = quote
    return out


def _applied_quote(a: Candidate, r: Candidate, b: Candidate) -> QuoteDraft | None:
    """The quote the won amount ``r`` is when the sum ``a`` times it comes to the won ``b``
    (per 100 for the yen) at a level plausible for the pair; None otherwise."""
    if (per := applied_per(a.code, a.low, r.low, b.low)) is None:
        return None
    with localcontext(ARITHMETIC):
        rate = r.low / per
    if not _plausible(a.code, "KRW", rate, "level", unknown=False):
        return None
    return QuoteDraft(r.start, r.end, a.code, "KRW", rate, per, None, "level", "rate_applied")


# the bracket of a note on the rate a conversion used (지난 9일 1,380원 기준; 환율 1,380원 적용), and an
# operator right before the rate (275불 × 1,100원)
_NOTED = re.compile(r"[(\[][^()\[\]]{0,16}$")
_OPERAND = re.compile(r"[×*@] ?$")
_RATE_NOTE = re.compile(r" ?(?:기준|적용)")
_NOTE_REACH = 18  # characters before the rate where the bracket of its note or its operator stands


def levels_ahead(scan: Scan, figures: list[Candidate]) -> dict[int, QuoteDraft]:
    """Won levels a market report writes before it names the pair they are levels of
    (… 포지션 플레이가 제한돼 1020원대 초중반에서 방향을 잡을 것 … 원·달러 환율 예상 레인지로
    1020.0~1028.0원; a dealer's 1,125원 위 레벨에서는 … 1,120원대 후반 등락): in a text about
    exchange rates, a plain won amount before the first won level the text quotes, within
    a few sentences of it and within 5% of it, with no price, note or stated conversion
    about it. Each index in ``figures``, with the quote it is."""
    out: dict[int, QuoteDraft] = {}
    first = next((q for q in scan.quotes if q.kind == "level" and q.quote == "KRW" and q.per == _ONE), None)
    if first is None or fx_text(scan) is None:
        return out
    s = scan.s
    for k, c in enumerate(figures):
        if c.end > first.start:
            break
        if (c.code != "KRW" or c.word is None or c.scale != 1 or c.number.top_myriad is not None or c.shape == "vague"
                or first.start - c.end > _AHEAD_REACH or c.low <= 0):
            continue
        with localcontext(ARITHMETIC):
            if abs(c.low - first.rate) > first.rate * _SAME_LEVEL:
                continue
        if (_price_between(s, max(0, c.start - _PRICE_BEFORE), c.start, first=True) or _notes_in_sentence(scan, c.start)
                or _UNIT_AMOUNT.match(s, c.word_end) or _converted(s, c, unit=False)
                or not _plausible(first.base, "KRW", c.low, "level", unknown=False)):
            continue
        out[k] = QuoteDraft(c.start, c.end, first.base, "KRW", c.low, _ONE, _qualifier(s, c), "level",
                            "rate_level_ahead", c.high if c.high != c.low else None)
    return out


_AHEAD_REACH = 400  # characters from a level written ahead to the first level the text quotes


def moves_before_levels(s: str, figures: list[Candidate], quotes: list[QuoteDraft]) -> dict[int, QuoteDraft]:
    """The figures that are a move written right before the level it moved to, in the
    level's own currency (전날보다 0.09페소 내린 달러당 54.84페소; 3VND 내린 달러당 23,051VND):
    read before the level was, they took the amount's place. Each index in ``figures``
    with its change."""
    out: dict[int, QuoteDraft] = {}
    levels = [q for q in quotes if q.kind == "level"]
    if not levels:
        return out
    k = 0
    for i, c in enumerate(figures):
        while k < len(levels) and levels[k].start < c.end:
            k += 1
        if k == len(levels):
            break
        q = levels[k]
        if q.quote != c.code or not c.exact or q.start - c.word_end > _MOVE_REACH or (
                i + 1 < len(figures) and figures[i + 1].start < q.start):
            continue
        gap = _MOVE_ASIDE.sub("", s[c.word_end : q.start].strip(), count=1)
        if not gap.startswith(_CHANGE_AFTER) or any(mark in gap for mark in ".!?\n") or "," in gap.rstrip(", "):
            continue  # (1엔(0.8%) 가까이 상승, 달러당 111.76엔: the move's size and percentage between)
        with localcontext(ARITHMETIC):
            if c.low >= q.rate * q.per * _FRACTION:
                continue  # a move is a small part of the level
            out[i] = QuoteDraft(c.start, c.end, q.base, q.quote, c.low / q.per, q.per, None, "change", "rate_change")
    return out


_MOVE_REACH = 24  # characters between a move and the level it reached (0.09페소 내린 달러당)
_MOVE_ASIDE = re.compile(r"^(?:\([^()]{1,12}\) ?)?(?:(?:" + "|".join(_HOW_MUCH_WORDS) + r")(?:이|가)? )?")


def quoted_units(s: str, figures: list[Candidate], quotes: list[QuoteDraft]) -> set[int]:
    """The figures that are the unit a later level is quoted for, not sums of money (1달러를
    은행에서 사려면 1,089원이 필요하다; 1위안(CNY)을 구입하기 위해 약 198.11원이): one unit
    (or 100 of a currency quoted by the hundred) of the level's base, in its sentence and
    shortly before it, with no other amount between. Their indices in ``figures``."""
    if not quotes:
        return set()
    out, k = set(), 0
    levels = [q for q in quotes if q.kind == "level"]
    for i, c in enumerate(figures):
        if c.code == "KRW" or not c.exact or c.low not in _UNIT_COUNTS or (c.low == 100 and c.code not in BY_HUNDRED):
            continue
        if s.startswith(_NOTES, c.end, c.word_end) or _UNIT_AMOUNT.match(s, c.word_end) and not s.startswith(
                ("는", "은", "="), c.word_end):
            continue  # 1달러짜리, 2달러 동전: a note or coin
        while k < len(levels) and levels[k].start < c.end:
            k += 1
        if k == len(levels) or levels[k].base != c.code or levels[k].start - c.end > _UNIT_REACH:
            continue
        between = s[c.end : levels[k].start]
        if any(mark in between for mark in ".!?\n") or (i + 1 < len(figures) and figures[i + 1].start < levels[k].start):
            continue
        out.add(i)
    return out
