"""Which currency a figure is in, and how that was decided (``currency_basis``).

Strong evidence is tried before weak, and the rule that decided is kept:

1. ``written``: the form names one currency (원, 엔, 캐나다 달러, $, USD), or is a head
   noun Korean news reads one way (달러 is the US dollar, 파운드 the pound sterling);
   a country written with the head noun picks its currency (터키 리라), and the date,
   when known, its era (TRL before 2005, TRY after);
2. ``context``: for a word shared by several currencies, a country or currency written
   right before the amount (캐나다화 1달러, 호주화 100달러: even 달러), else one named in
   the same sentence before it, else anywhere in the text (인도 루피화 ... 84루피 is INR;
   인민폐 ... ¥100 is CNY); else the article's date (a bare 리라 before 2002 is the lira,
   after it the Turkish lira);
3. ``default``: the word's usual reading (루피 -> INR), which callers can change.

A form that counts only in context is dropped when the text does not name its country or
currency (동, 바트, the code PHP) or, for a rare currency that is not also a Korean word,
when neither its sentence is about money nor its amount plainly one (가격은 100 콜론입니다
and 10만 킵 count).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date as Date
from functools import lru_cache
from itertools import islice
from collections.abc import Iterator
from decimal import Decimal, localcontext

from units.currencies import is_hangul
from units.extraction.amount import read_amount
from units.extraction.boundary import is_strong
from units.extraction.figure import Candidate, Rejection
from units.extraction.scan import Scan
from units.lexicon import CurrencyWord, context_words, currency_words, defaults_by_date, tender_periods, territory_names
from units.numerals import ARITHMETIC
from units.rates import stated_won_band
from units.text import longest_first

__all__ = ["RULES"]

_TENDER = tender_periods()
_BY_DATE = defaults_by_date()


def in_use(codes: tuple[str, ...], day: Date | None) -> tuple[str, ...]:
    """The candidates that were legal tender on ``day`` (all of them if none was)."""
    if day is None:
        return codes
    alive = tuple(c for c in codes if c not in _TENDER or _TENDER[c].covers(day))
    return alive or codes


def _dated_default(head: str, day: Date) -> str | None:
    for start, end, code in _BY_DATE.get(head, ()):
        if (start is None or start <= day) and (end is None or day < end):
            return code
    return None


# a sentence about a country's notes and coins (지폐는 100달러, 50달러 … 동전은 2달러): where the
# text names one country of a shared word's other currencies and not its usual one, that one's
_NOTES_WORDS = tuple(context_words()["notes"]["words"])
_LARGEST_NOTE = 10000  # a note or coin is worth at most this (the Singapore dollar's 10,000)
_NOTES_REACH = 40  # characters either side of the amount, on its line, a word of notes may stand


def _notes_near(scan: Scan, c: Candidate) -> bool:
    """Does a word of notes or coins stand within a few words of the amount, on its line?"""
    if c.number.top_myriad is not None or c.high > _LARGEST_NOTE:
        return False  # (130억 달러 is no note: most dollars of news are not asked)
    a, b = _near(scan, c)
    window = scan.s[a:b]
    return any(w in window for w in _NOTES_WORDS)


def _near(scan: Scan, c: Candidate) -> tuple[int, int]:
    """A few words either side of the amount, on its line (read without the text's sentence
    ends, which a page that needs none of them would pay for at its first dollar)."""
    s = scan.s
    a, b = max(0, c.start - _NOTES_REACH), min(len(s), c.end + _NOTES_REACH)
    line_end = s.find("\n", c.end, b)
    return s.rfind("\n", a, c.start) + 1 or a, b if line_end < 0 else line_end
# 호주 100달러 지폐: the country's note (not 권리, not a billion)
_NOTE_AFTER = re.compile(r" ?(?:짜리 )?(?:지폐|동전|권(?![리한역])|구권|신권|(?:banknote|note|bill|coin)s?(?![A-Za-z]))")


_LAKH_GROUPS = re.compile(r"\d,\d\d,\d")  # 1,00,000: the thousands, then groups of two (a lakh, a crore)
_LAKH_CODES = frozenset({"INR", "PKR", "NPR", "BDT", "LKR"})  # the money of the countries that group so


def _lakh_typo(scan: Scan, c: Candidate) -> Rejection | None:
    """Digits grouped in lakhs (1,00,000) are South Asia's way: in any other currency the
    grouping is a typo (KRW 1,00,000 per day), and no reading of it is safe."""
    n = c.number
    if c.code in _LAKH_CODES or (c.word is not None and _LAKH_CODES.intersection(c.word.candidates)) or (
            _LAKH_GROUPS.search(scan.s, n.start, n.end) is None):
        return None
    return Rejection(c.start, c.end, "malformed_number", f"{scan.s[n.start:n.end]} is grouped in lakhs, "
                     f"as only South Asia's money is written; in {c.code} it is a typo, and no reading is safe")


def currency(scan: Scan, c: Candidate) -> Candidate | Rejection:
    w = c.word
    if scan.s.count(",", c.number.start, c.number.end) >= 2 and (typo := _lakh_typo(scan, c)) is not None:
        return typo  # (two commas at least, looked for first: most amounts have fewer)
    if w is None or "prefix_symbol_code" in c.rules:
        return c  # an implied won; $670 AUD, the code after the amount names it
    if (w.strength in ("contextual", "country_only") and not scan.context.names(w.candidates)
            and not _named_in_english(scan, w.candidates)
            and not _named_together(scan, w.candidates) and not _priced_in_won(scan, w.name, w.candidates)):
        if w.strength == "country_only":  # a price (입장료는 7400숨.) or millions (RM421 billion) say it is money
            counted = (_priced(scan.s, c) or w.kind in ("symbol", "code") and c.scale >= _MILLION
                       or _equated(scan, c) or _court_sum(scan.s, c))
        else:  # (scan.last: a page already read as one about money)
            counted = (is_strong(scan.s, c) or scan.context.about_money(c.start) or scan.last is not None
                       or _written_often(scan, w))
        if not counted:
            return Rejection(c.start, c.end, "needs_context", f"{w.name} counts as a currency only where the text "
                             f"names its country or currency{'' if w.strength == 'country_only' else ' or talks money'}")
    codes = in_use(w.candidates, scan.date)
    if len(w.candidates) > 1 and " " not in w.name and ((own := scan.context.just_before(codes, c.start)) is not None or (
            _NOTE_AFTER.match(scan.s, c.word_end) is not None
            and (own := scan.context.just_before(codes, c.start, country=True)) is not None)):
        _named_amount(scan, c, own)
        return c.but("named_before", code=own, basis="context")  # 캐나다화 1달러, 호주화 100달러, 호주 100달러 지폐
    if len(w.candidates) > 1 and _NAMED_AMOUNTS in scan.found and (own := _restated(scan, c, codes)) is not None:
        return c.but("restated", code=own, basis="context")  # 캐나다화 1천 달러를 송금하는데 … 1천 달러에 못미친다
    if len(w.candidates) > 1 and (own := _hereafter(scan, w.name, codes)) is not None and not _us_before(scan.s, c.start):
        return c.but("declared", code=own, basis="context")  # 100조 짐바브웨달러(Z$. 이하 달러) … 10조 달러
    if len(w.candidates) == 1 or " " in w.name:  # the form names it (with its country)
        code = codes[0]
        if w.name in _NK_WORDS and (_north_korean(scan) or c.high < _NK_MARKET_BELOW and _english_market(scan)
                                    or c.high < _NK_PRICES_BELOW and c.scale == 1 and _english_north_prices(scan)):
            return c.but("north_korean_won", code="KPW", basis="context")  # … 2,400 North Korean won … 1,400 won
        if (w.name == _WON and code == "KRW" and c.high < _NK_MARKET_BELOW and _north_korean_market(scan)
                and not _south_before(scan.s, c.start)):
            return c.but("north_korean_won", code="KPW", basis="context")  # 북한의 장마당 물가 … 쌀값은 1kg당 5,250원
        if w.name == _BACKSLASH and _yen_page(scan):
            return c.but("backslash_yen", code="JPY", basis="context")  # ¥88,000 million and \120,000 million
        if code == "KRW" and w.name == _WON and scan.s.startswith(_WON_RESTATED_FIRST, c.word_end):
            return yuan_as_won(scan, c)  # 20원 (한화 약 800원): 元
        if w.name in _LOCAL_WORDS and (own := scan.context.just_before(in_use(_DOLLARS, scan.date), c.start)) is not None:
            _named_amount(scan, c, own)
            return c.but("named_before", code=own, basis="context")  # 호주달러 $10,000; 캐나다돈 50불
        if w.name in _LOCAL_WORDS and _NAMED_AMOUNTS in scan.found and (
                own := _restated(scan, c, in_use(_DOLLARS, scan.date))) is not None:
            return c.but("restated", code=own, basis="context")  # 호주달러 $10,000 … $10,000 -$ 22(수수료)
        if w.name in _LOCAL_WORDS and (own := _same_as_last(scan, c)) is not None:
            return c.but("named_before", code=own, basis="context")  # 싱가포르 달러 5불에서 8불 … 5불이 4,853원
        if w.name in _LOCAL_WORDS and (declared := _declared(scan, _DOLLAR, _DOLLARS)) is not None:
            return c.but("declared", code=declared, basis="context")  # 호주의 화폐는 … 100불짜리 초록색 지폐
        if w.name in _LOCAL_WORDS and (local := _local_money(scan, _DOLLARS, _DOLLARS)) is not None:
            return c.but("local_dollar", code=local, basis="context")  # 캐나다 … 유학생 학비는 보통 6만불
        if w.name == "$" and (local := _english_local_dollar(scan)) is not None:
            return c.but("local_dollar", code=local, basis="context")  # The ASX … Qantas posted a profit of $91.1 million
        return c if code == c.code else c.but("dated_name", code=code)
    if w.conventional:  # 파운드 is the pound sterling, unless the text names another and the won it gives says so
        fitting = scan.found.get(_stated_key(w.name, True))  # (read already for an amount before it)
        if fitting is None:
            fitting = (_stated_fits(scan, w.name, codes, strict=True, near=near)
                       if len(codes) > 1 and scan.s.find("원", c.end, c.end + 40) >= 0  # (its won said after it)
                       and (near := _names_another(scan, w.name, codes)) and _close_to(near, c.start) else [])
        hit = (fitting[0], "") if len(fitting) == 1 else scan.context.decide(tuple(fitting), c.start) if fitting else None
        if hit is not None:  # 이집트 … 120파운드 (5,200원): 43 won a pound, the Egyptian pound
            return c.but("stated_rate", code=hit[0], basis="context")
        if len(codes) > 1 and (declared := _declared(scan, w.name, codes)) is not None:
            return c.but("declared", code=declared, basis="context")  # 뉴질랜드의 화폐는 NZ달러($)이다 … 15$
        if len(codes) > 1 and (local := _local_money(scan, w.candidates, codes)) is not None:
            return c.but("local_dollar", code=local, basis="context")  # 토론토 대학교 유학생 학비는 보통 6만불; 이집트 … 입장료 360파운드
        if (len(codes) > 1 and _notes_near(scan, c)
                and (local := scan.context.named_other(frozenset(w.candidates[1:]), w.candidates[0])) in codes):
            return c.but("notes_of", code=local, basis="context")  # 싱가포르 지폐는 2달러부터 시작: the notes of the one country named
        code = codes[0]
        return c if code == c.code else c.but("dated_name", code=code)
    if len(codes) == 1:  # a shared word with one currency in use on the article's date
        return c.but("dated_in_use", code=codes[0], basis="context")
    if w.kind == "subunit" and w.name.isascii() and (local := _english_local_dollar(scan)) in codes:
        return c.but("local_dollar", code=local, basis="context")  # The ASX … a final dividend of 63.9 cents
    hit = scan.context.decide(codes, c.start)
    if hit is not None and hit[1] == "same sentence":
        return c.but("context_same_sentence", code=hit[0], basis="context")
    if (declared := _declared(scan, w.name, codes)) is not None:
        return c.but("declared", code=declared, basis="context")  # 스리랑카 통화 단위는 '루피'이나 인도의 루피와는 … 20루피
    if hit is not None:
        return c.but("context_same_text", code=hit[0], basis="context")
    if w.name.isascii() and len(named := [code for code in codes if _named_in_english(scan, (code,))]) == 1:
        return c.but("context_same_text", code=named[0], basis="context")  # The fee is Dh10 in Rabat, Morocco
    stated = _stated_rate(scan, w.name, codes)
    if stated is not None:
        return c.but("stated_rate", code=stated, basis="context")
    if scan.date is not None and (dated := _dated_default(w.name, scan.date)) is not None:
        return c.but("dated_default", code=dated, basis="context")
    return c.but("default", code=codes[0], basis="default")


# A page that says which of a shared word's currencies its country uses (뉴질랜드의 화폐는
# NZ달러($)이다; 호주의 화폐는 …) means that one by the bare word.
_DECLARING = tuple(context_words()["declared_currency"]["cues"])
_DECLARING_STEMS = tuple((stem, tuple(c for c in _DECLARING if stem in c))
                         for stem in context_words()["declared_currency"]["stems"])  # looked for first


@lru_cache(maxsize=64)
def _declaration(codes: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    places = {place for place, cs in _TERRITORIES.items() if not set(cs).isdisjoint(codes)}
    if not places:
        return None
    names = "|".join(map(re.escape, sorted(places, key=longest_first)))
    return re.compile("(?P<t>" + names + r")(?:의|은|는)? ?(?:화폐|통화)(?: 단위)?(?:는|은) "), tuple(places)


def _declared(scan: Scan, name: str, codes: tuple[str, ...]) -> str | None:
    """The currency the text declares its country uses, of those ``name`` may mean."""
    cues = scan.found.get(_DECLARING_KEY)
    if cues is None:  # (whether the text holds a cue at all: looked for once a text)
        s = scan.s
        cues = scan.found[_DECLARING_KEY] = any(stem in s and any(c in s for c in stem_cues)
                                                for stem, stem_cues in _DECLARING_STEMS)
    if not cues:
        return None
    key = "declared:" + name
    if key not in scan.found:
        declaration = _declaration(codes)
        scan.found[key] = None if declaration is None else _declared_near_cues(scan.s, *declaration)
    place = scan.found[key]
    return None if place is None else next(c for c in codes if c in _TERRITORIES[place])  # (터키: TRY, not TRL, by date)


_DECLARING_KEY = "declaring"
_LOCAL_WORDS = frozenset(context_words()["local_dollar"]["words"])
_DOLLAR = "달러"
_DOLLARS = next(w.candidates for w in currency_words() if w.name == _DOLLAR)  # the dollars a bare 달러 may be


def _same_as_last(scan: Scan, c: Candidate) -> str | None:
    """The dollar named for the amount just read in the same word, which a bare amount
    in it a few words on repeats (싱가포르 달러 5불에서 8불이었다. 5불이 4,853원)."""
    last = scan.last
    if (last is None or last.word is None or last.word.name != c.word.name  # type: ignore[union-attr]
            or "named_before" not in last.rules or c.start - last.end > _SAME_REACH):
        return None
    return last.code


_SAME_REACH = 60  # characters after an amount in a named dollar that a bare one in its word follows it


def _named_amount(scan: Scan, c: Candidate, code: str) -> None:
    """Keep the currency a country named for an amount (캐나다화 1천 달러), for the same
    amount restated bare later in the text."""
    if c.low != _ONE:  # (one unit is every currency's: 미국 1달러 … 1달러당)
        scan.found.setdefault(_NAMED_AMOUNTS, {})[(c.low, c.high)] = code  # type: ignore[index]


def _restated(scan: Scan, c: Candidate, codes: tuple[str, ...]) -> str | None:
    """The currency named earlier in the text for this very amount, which a bare one
    restates (캐나다화 1천 달러를 송금하는데 … 송금하면 … 1천 달러에 못미친다)."""
    named = scan.found.get(_NAMED_AMOUNTS)
    code = named.get((c.low, c.high)) if named else None  # type: ignore[attr-defined]
    return code if code in codes else None


def _hereafter(scan: Scan, name: str, codes: tuple[str, ...]) -> str | None:
    """The currency the text says it calls by the bare word from then on: 짐바브웨달러(Z$.
    이하 달러), 홍콩달러(이하 '달러'). The namings are found once a text; each word's
    currency once a text and word."""
    namings = scan.found.get(_NAMINGS)
    if namings is None:
        namings = scan.found[_NAMINGS] = _namings(scan.s)
    if name not in namings:  # type: ignore[operator]
        return None
    key = "hereafter:" + name
    found = scan.found.get(key, _UNREAD)
    if found is not _UNREAD:
        return found  # type: ignore[return-value]
    found = None
    s = scan.s
    for opened in namings[name]:  # type: ignore[index]
        for k in range(min(_HEREAFTER_REACH, opened), 1, -1):  # the longest currency word ending at the bracket
            named_codes = next((in_use(w.candidates, scan.date) for w, end in scan.currencies.matches(s, opened - k)
                                if end == opened and w.name != name and w.strength == "strong"), ())
            if (found := next((code for code in named_codes if code in codes), None)) is not None:
                break
        if found is not None:
            break
    scan.found[key] = found
    return found


def _namings(s: str) -> dict[str, list[int]]:
    """Each word a text says it uses from then on (…(이하 달러)), with where the bracket
    naming it opens."""
    out: dict[str, list[int]] = {}
    i = s.find(_HEREAFTER)
    while i >= 0:
        named = _HEREAFTER_NAME.match(s, i + len(_HEREAFTER))
        opened = s.rfind("(", max(0, i - _HEREAFTER_REACH), i)
        if named is not None and opened > 0:
            out.setdefault(named.group(1), []).append(opened)
        i = s.find(_HEREAFTER, i + 1)
    return out


def _us_before(s: str, at: int) -> bool:
    """Is the amount at ``at`` said to be in US money right before it (미화 300달러)?"""
    return s[max(0, at - 6) : at].rstrip().endswith(_US_BEFORE)


_US_BEFORE = tuple(context_words()["us_money_before"]["words"])
_HEREAFTER = "이하"
_NAMINGS = "namings"
_UNREAD = object()
_HEREAFTER_NAME = re.compile(r" ?['‘\"“]?([가-힣]{1,4})['’\"”]?\)")
_HEREAFTER_REACH = 12  # characters between the bracket that opens the naming and 이하, and of the name before it

_NAMED_AMOUNTS = "named_amounts"
_ONE = Decimal(1)


def _local_money(scan: Scan, candidates: tuple[str, ...], codes: tuple[str, ...]) -> str | None:
    """The currency of ``codes`` a bare conventional word (달러, 파운드: ``candidates``, the usual
    one first) is on a page about living or travelling in one country of the others
    (:meth:`Context.local_money`), when no amount in the usual one was read before it."""
    home = candidates[0]
    key = "local:" + home
    local = scan.found.get(key, False)
    if local is False:  # (decided once a text, at its first bare dollar or pound)
        local = None if home in scan.read_codes else scan.context.local_money(frozenset(candidates[1:]), home)
        scan.found[key] = local
    return local if local is not None and local in codes else None  # type: ignore[return-value]


def _english_local_dollar(scan: Scan) -> str | None:
    """The dollar of the one country an English page names (twice or more) where it names
    neither the US nor Korea: what its bare $ means (context.toml [english_local_dollar]).
    Decided once a text."""
    key = "english_local_dollar"
    if key not in scan.found:
        s = scan.s
        local = None
        if s.isascii() or len(s.encode("ascii", "ignore")) >= len(s) * _ENGLISH_SHARE:  # (counted in C)
            if _NOT_LOCAL.search(s) is None:
                counts = {code: len(pattern.findall(s)) for code, pattern in _LOCAL_PLACES.items()}
                named = {code for code, n in counts.items() if n >= _LOCAL["places_at_least"]}
                if len(named) == 1 and counts[(code := next(iter(named)))] > len(_RIVALS.findall(s)):
                    local = code
        scan.found[key] = local
    return scan.found[key]  # type: ignore[return-value]


_LOCAL = context_words()["english_local_dollar"]
_LOCAL_PLACES = {code: re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
                 for code, names in _LOCAL.items() if isinstance(names, list) and code.isupper() and len(code) == 3}
_RIVALS = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, _LOCAL["rivals"])) + r")(?![A-Za-z])")
_NOT_LOCAL = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, _LOCAL["not_with"])) + r")(?![A-Za-z])")
_ENGLISH_SHARE = 0.8  # of a text's characters ASCII: an English page


def _declared_near_cues(s: str, pattern: re.Pattern[str], places: tuple[str, ...]) -> str | None:
    """The place whose money the declaration ``pattern`` finds just before one of the cues
    (a few places in a text) declares, where one of the ``places`` stands: the alternation
    of every place's name is read there only, not over the text."""
    for cue in _DECLARING:
        i = s.find(cue)
        while i >= 0:
            a = max(0, i - _DECLARATION_REACH)
            if any(s.find(place, a, i) >= 0 for place in places) and (
                    m := pattern.search(s, a, i + len(cue) + 1)) is not None:
                return m.group("t")
            i = s.find(cue, i + len(cue))
    return None


_DECLARATION_REACH = 40  # characters before its cue a declaration may start (뉴질랜드의 화폐는)
_TERRITORIES = territory_names()
_DIGITS_BEFORE = re.compile(r"\d[\d,.]*(?: ?[십백천만억조][\d,.]*)* ?$")  # 5만 동, 2,000 동
_TO_DIGITS = re.compile(r"[^\d\n.]{0,16}?(?=\d)")
_MAX_STATED = 12  # occurrences of the word looked at
_STRICT_RATES = 3  # stated rates read for a word news reads one way, at most
_MAX_READS = 24  # amounts with won after them read for a word's stated rates, at most
_STRICT_READS = 3  # and for a word news reads one way


@lru_cache(maxsize=256)
def _others_named(codes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern of the names of the territories that use those of a word's other
    currencies the won can tell from its usual one (their bands apart: the Hong Kong
    dollar's from the US dollar's, not the Australian's), or None when there are none."""
    usual = stated_won_band(codes[0])
    if usual is None:
        return None
    others = set()
    for code in codes[1:]:
        band = stated_won_band(code, sane=True)
        if band is not None and (band[1] < usual[0] or band[0] > usual[1]):
            others.add(code)
    names = sorted((n for n, used in territory_names().items() if others & set(used)), key=longest_first)
    return re.compile("|".join(map(re.escape, names))) if names else None


def _names_another(scan: Scan, name: str, codes: tuple[str, ...]) -> tuple[int, ...]:
    """Where the text names a territory that uses one of the word's other currencies
    (이집트 for 파운드), if anywhere: one pass of the text per word, cheaper than reading
    its rates."""
    key = "names_another:" + name
    if key not in scan.found:
        pattern = _others_named(codes)
        scan.found[key] = () if pattern is None else tuple(m.start() for m in pattern.finditer(scan.s))
    return scan.found[key]  # type: ignore[return-value]


def _stated_rate(scan: Scan, name: str, codes: tuple[str, ...]) -> str | None:
    """The currency a shared word must be, by the won the text gives for its amounts
    (100페소, 우리 돈 7000원: the Mexican peso, as no Philippine peso was ever worth
    70 won), when its usual reading cannot be: one
    candidate whose history fits every such rate, or None. Read once per word and text."""
    fitting = _stated_fits(scan, name, codes)
    return fitting[0] if len(fitting) == 1 else None


def _stated_key(name: str, strict: bool) -> str:
    return f"stated_fits:{name}:{strict}"


def _stated_fits(scan: Scan, name: str, codes: tuple[str, ...], strict: bool = False,
                 near: tuple[int, ...] = ()) -> list[str]:
    """The candidates after the usual one whose history fits every won-per-unit rate the
    text states for the word, when the usual one's does not (``strict``: fits none of
    them, and two of them at least, as for a word news reads one way: one odd rate is a
    slip, not another currency); else none. Read once per word and text."""
    key = _stated_key(name, strict)
    if key in scan.found:
        return scan.found[key]  # type: ignore[return-value]
    if strict:  # two rates at least, none of them the usual currency's (by its history, or its sane band)
        rates = []
        for rate in _won_rates(scan, name, _STRICT_READS, near):  # (stopped at the first that fits the usual currency)
            if _fits(codes[0], [rate]) or _fits(codes[0], [rate], sane=True):
                scan.found[key] = []
                return []
            rates.append(rate)
            if len(rates) == _STRICT_RATES:
                break  # enough to call the usual currency out
        usual = len(rates) < 2
    else:
        rates = _won_per_unit(scan, name)
        usual = _fits(codes[0], rates)
    fitting = [code for code in codes[1:] if _fits(code, rates, sane=strict)] if rates and not usual else []
    scan.found[key] = fitting  # type: ignore[assignment]
    return fitting


_TOGETHER = {code: tuple(tuple(words) for words in sets) for code, sets in context_words()["named_together"].items()}


def _named_together(scan: Scan, codes: tuple[str, ...]) -> bool:
    """Do words that together name one of ``codes`` all stand in the text (화폐개혁 … 1962)?"""
    return any(all(map(scan.holds, words)) for code in codes for words in _TOGETHER.get(code, ()))


# 입장료는 7400숨, 택시비 50솜: a price's noun (and its particle) right before digits
_PRICED = re.compile("(?:" + "|".join(map(re.escape, sorted(context_words()["priced"]["nouns"], key=longest_first)))
                     + ")(?:은|는|이|가|도|만|:)? ?(?:약|대략|겨우|단|무려)? ?$")
_MILLION = Decimal(1_000_000)  # a letter sign before millions or billions (RM421 billion) is money wherever it stands
_PRICED_REACH = 12  # characters before the amount the noun and its particle take


def _priced(s: str, c: Candidate) -> bool:
    """Does a price's noun stand right before the amount, written in two digits or more, and
    the word end the amount (입장료는 7400숨. — not 가격은 3숨은, where 숨은 may be a word, nor
    가격은 3 동, one digit and a word of one syllable)?"""
    return (s[c.start : c.start + 2].isdigit() and c.shape != "band" and (c.end == len(s) or not is_hangul(s[c.end]))
            and _PRICED.search(s, max(0, c.start - _PRICED_REACH), c.start) is not None)


def _court_sum(s: str, c: Candidate) -> bool:
    """Is the amount written as rulings write a sum, 금 before it, in thousands or a myriad
    (금 80,000환을 증뢰하였으나, 금 337,800만환)?"""
    return (_COURT_SUM.search(s, max(0, c.start - 3), c.start) is not None
            and ("," in s[c.number.start : c.number.end] or c.number.top_myriad is not None))


_COURT_SUM = re.compile(r"(?<![가-힣])금 ?$")
_OFTEN = 3  # amounts in a word that counts only in context that make the page one about its currency


def _written_often(scan: Scan, w: CurrencyWord) -> bool:
    """Does the text write amounts in ``w``'s currency, by any of its names that count in
    context, at least three times (타패 근처는 20바트고 … 30바트 … 50바트: a page about baht,
    its first prices read like the later ones)? Counted once per currency and text."""
    key = "often:" + w.code
    found = scan.found.get(key)
    if found is None:
        pattern = _after_digits(w.code)
        found = scan.found[key] = pattern is not None and sum(
            1 for _ in islice(pattern.finditer(scan.s), _OFTEN)) >= _OFTEN
    return found  # type: ignore[return-value]


@lru_cache(maxsize=None)
def _after_digits(code: str) -> re.Pattern[str] | None:
    """One pattern for an amount in digits written in any of a currency's names that count
    only in context (20바트, 40 바트, 3만낍 for THB and LAK), compiled on first use."""
    words = [w.name for w in currency_words()
             if w.code == code and w.strength == "contextual" and w.kind == "name" and is_hangul(w.name[0])]
    if not words:
        return None
    return re.compile(r"\d(?:[천만억])? ?(?:" + "|".join(map(re.escape, sorted(words, key=longest_first))) + ")")


def _named_in_english(scan: Scan, codes: tuple[str, ...]) -> bool:
    """Does an English text name one of the currencies by its English name with its country
    (the Philippine peso … at P57.5; Malaysian ringgit … RM30)?"""
    return any(scan.holds(name) for code in codes for name in _ENGLISH_NAMES.get(code, ()))


def _english_names() -> dict[str, list[str]]:
    """Each currency's English names that carry its country (Philippine peso, Malaysian ringgit),
    and the English names of the countries whose signs count only there (Malaysia, Manila:
    context.toml [english_countries])."""
    names: dict[str, list[str]] = {}
    for w in currency_words():
        if w.kind == "english" and len(w.candidates) == 1 and " " in w.name and w.name[0].isupper():
            names.setdefault(w.candidates[0], []).append(w.name)
    for code, countries in context_words()["english_countries"].items():  # (Bank Negara Malaysia … RM1.15)
        names.setdefault(code, []).extend(countries)
    return names


_ENGLISH_NAMES = _english_names()


def _equated(scan: Scan, c: Candidate) -> bool:
    """Is the amount set equal to an amount of money read just before it (1달러 = 2820숨), or
    the price of one unit of it (1불에 35 코르도바, 1유로는 24코르도바, $1에 6천 솜)?"""
    last = scan.last
    if last is None or c.start - last.end > 5:
        return False
    gap = scan.s[last.end : c.start].strip()
    return gap in _EQUALS or gap in PER_UNIT and scan.pricing is last  # (a quote's reader pricing that unit)


_EQUALS = frozenset(("=", "＝", "=약", "= 약"))
PER_UNIT = frozenset(("에", "은", "는", "에 약", "은 약", "는 약"))  # 1불에 35 코르도바: what one unit buys


def _priced_in_won(scan: Scan, name: str, codes: tuple[str, ...]) -> bool:
    """Does the text give the won for amounts of a word that counts only in context, at a
    rate one of its currencies can have (70,000~80,000동 (한화 3,800원 ~ 4,300원): dong;
    never 101동(30만원), a building at 300,000 won)? Then the word is a currency there."""
    rates = _won_per_unit(scan, name)
    return bool(rates) and any(_fits(code, rates, sane=True) for code in codes)


def _won_per_unit(scan: Scan, name: str) -> list[Decimal]:
    """The won per unit of ``name`` that the text states right after its amounts (up to
    twelve of them): 1000페소는 우리나라돈으로 25000원 gives 25. Read once per word and text."""
    key = "won_per_unit:" + name
    if key not in scan.found:
        scan.found[key] = list(_won_rates(scan, name))
    return scan.found[key]  # type: ignore[return-value]


def _won_rates(scan: Scan, name: str, reads: int = _MAX_READS, near: tuple[int, ...] = ()) -> Iterator[Decimal]:
    """The won per unit of ``name`` the text states after its amounts, in order, up to
    twelve, from at most ``reads`` amounts with won after them (and, given ``near``, only
    within a few sentences of those places): read one by one, for a caller that may stop
    at the first."""
    s, found = scan.s, 0
    at = s.find(name)
    while at >= 0 and found < _MAX_STATED and reads > 0:
        if s.find("원", at + len(name), at + len(name) + 40) < 0 or near and not _close_to(near, at):
            at = s.find(name, at + len(name))
            continue  # no won after it to read (most of a news text's dollars), or far from the place named
        reads -= 1
        before = _DIGITS_BEFORE.search(s, max(0, at - 16), at)
        after = _TO_DIGITS.match(s, at + len(name), at + len(name) + 32)
        amount = scan.number(before.start()) if before is not None else None
        won = read_amount(scan, after.end()) if after is not None else None
        if (amount is not None and amount.low > 0 and not amount.vague and won is not None and won.code == "KRW"
                and won.exact and won.low > 0):
            found += 1
            with localcontext(ARITHMETIC):
                yield won.low / amount.low
        at = s.find(name, at + len(name))


_NEAR = 400  # characters between a place named and an amount priced in its currency, at most


def _close_to(places: tuple[int, ...], at: int) -> bool:
    k = bisect_right(places, at)
    return (k > 0 and at - places[k - 1] <= _NEAR) or (k < len(places) and places[k] - at <= _NEAR)


def _fits(code: str, rates: list[Decimal], sane: bool = False) -> bool:
    """Could every one of ``rates`` (won per unit) be the currency's, within a third of the
    range the bundled history has for it? A currency with no history: only if ``sane``
    and the rates lie in its listed sane band (too wide to tell pesos apart, narrow
    enough to tell a dong from a building number)."""
    band = stated_won_band(code, sane=sane)
    return band is not None and all(band[0] <= r <= band[1] for r in rates)


_YUAN = context_words()["won_as_yuan"]
_YUAN_CODES = tuple(_YUAN["codes"])
_YUAN_BANDS = {code: (Decimal(lo), Decimal(hi)) for code, (lo, hi) in _YUAN["bands"].items()}
_WON_RESTATED = re.compile(r" ?\( ?(?:" + "|".join(map(re.escape, _YUAN["restated"])) + r")(?:로| 기준)? ?(?:약|대략)? ?")


def yuan_as_won(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """20원 (한화 약 800원): an amount in 원 restated in won is not won but 元, the yuan or
    the Taiwan or Hong Kong dollar: the one the text names, else the one whose rate in won
    the restatement fits."""
    w = c.word
    if c.code != "KRW" or w is None or w.name != "원" or not c.exact or c.low <= 0:
        return c
    m = _WON_RESTATED.match(scan.s, c.word_end)
    if m is None:
        return c
    stated = read_amount(scan, m.end())
    if stated is None or stated.__class__ is not Candidate or stated.code != "KRW" or not stated.exact:
        return c
    with localcontext(ARITHMETIC):
        rate = stated.low / c.low  # type: ignore[union-attr]
    fitting = tuple(code for code in _YUAN_CODES if _YUAN_BANDS[code][0] <= rate <= _YUAN_BANDS[code][1])
    if not fitting:
        return c
    hit = scan.context.decide(fitting, c.start)
    return c.but("yuan_as_won", code=hit[0] if hit is not None else fitting[0], basis="context")


_NK = context_words()["north_korean_won"]
_NK_WORDS = frozenset(_NK["words"])


def _north_korean(scan: Scan) -> bool:
    """Does an English page name the North Korean won, and not the South Korean?"""
    return any(map(scan.holds, _NK["named"])) and not any(map(scan.holds, _NK["other"]))


def _english_market(scan: Scan) -> bool:
    """Does an English page report the North's markets: two of its market towns named, and
    neither the South Korean won nor the South?"""
    found = scan.found.get("nk_english_market")
    if found is None:
        found = scan.found["nk_english_market"] = sum(map(scan.holds, _NK["english_market"])) >= 2 and not any(
            map(scan.holds, (*_NK["other"], *_NK["english_south"])))
    return found  # type: ignore[return-value]


def _english_north_prices(scan: Scan) -> bool:
    """Does an English page speak of the North's prices or markets (North Korea … salary, rice,
    market), naming neither the South nor its won?"""
    found = scan.found.get("nk_english_prices")
    if found is None:
        found = scan.found["nk_english_prices"] = (
            any(map(scan.holds, _NK["english_north"])) and any(map(scan.holds, _NK["english_prices"]))
            and not any(map(scan.holds, (*_NK["other"], *_NK["english_south"]))))
    return found  # type: ignore[return-value]


_NK_PRICES_BELOW = Decimal(_NK["english_prices_below"])
_NK_MARKET = tuple(_NK["korean_market"])
_NK_MARKET_BELOW = Decimal(_NK["korean_market_below"])
_SOUTH = tuple(_NK["south"])
_SOUTH_REACH = 8  # characters before an amount where the South's money may be named (우리 돈 약 500원)


def _north_korean_market(scan: Scan) -> bool:
    """Is a Korean page about the North's markets and money (장마당, 데일리NK, 북한 돈), or one
    that names two of its market towns and not the South's money (평양과 신의주, 혜산의 쌀 가격)?"""
    found = scan.found.get("nk_market")
    if found is None:
        found = scan.found["nk_market"] = (any(map(scan.holds, _NK["korean_page"])) and _market_cue(scan.s)
                                           or not any(map(scan.holds, _SOUTH)) and _two_towns(scan))
    return found  # type: ignore[return-value]


_NORTH = _NK["korean_page"][0]  # 북한: the cues that start with it are read where it stands, not over the text
_NORTH_CUES = tuple(cue[len(_NORTH):] for cue in _NK_MARKET if cue.startswith(_NORTH))
_OTHER_CUES = tuple(cue for cue in _NK_MARKET if not cue.startswith(_NORTH))


def _market_cue(s: str) -> bool:
    if any(cue in s for cue in _OTHER_CUES):
        return True
    i = s.find(_NORTH)
    while i >= 0:
        if s.startswith(_NORTH_CUES, i + len(_NORTH)):
            return True
        i = s.find(_NORTH, i + 1)
    return False


def _two_towns(scan: Scan) -> bool:
    """Does the text name two of the North's market towns (평양과 신의주)?"""
    named = 0
    for town in _NK["korean_towns"]:
        named += scan.holds(town)
        if named >= 2:
            return True
    return False


def _south_before(s: str, at: int) -> bool:
    """Is the South's money named just before an amount (대한민국 돈으로 약 135원)?"""
    before = s[max(0, at - _SOUTH_REACH) : at]
    return any(w in before for w in _SOUTH)


_WON = "원"
_BACKSLASH = "\\"
_BACKSLASH_YEN = context_words()["backslash_yen"]


def _yen_page(scan: Scan) -> bool:
    """Does the text write the yen and never the won (a Japanese code page's backslash)?
    Decided once a text."""
    key = "yen_page"
    if key not in scan.found:
        s = scan.s
        scan.found[key] = any(w in s for w in _BACKSLASH_YEN["yen"]) and not any(w in s for w in _BACKSLASH_YEN["won"])
    return scan.found[key]  # type: ignore[return-value]
_WON_RESTATED_FIRST = (" (", "(")


RULES = (currency,)
