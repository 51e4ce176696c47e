"""Finding the conversions a text states: which amount is stated as which other.

>>> [(p.source.text, p.stated.text, p.form) for p in find_pairs("130억 달러(약 18조 원)를 투자")]
[('130억 달러', '18조 원', 'parenthesis')]
>>> [(p.source.text, p.stated.text) for p in find_pairs("이적료 1억5000만 파운드(2억1500만 달러·약 2890억원)")]
[('1억5000만 파운드', '2억1500만 달러'), ('1억5000만 파운드', '2890억원')]

The text between two amounts is read as a sequence of tokens from
``lexicon/pairs.toml`` (brackets, separators, commas, money words such as 우리 돈,
conversion words such as 환산하면, 약); the sequence decides whether the second amount
states the first, and by which form:

* ``parenthesis``: A(약 B), B(A), A(B·약 C): each amount in the bracket states A;
* ``phrase``: A, 우리 돈 약 B; A로, 약 B; A(B)으로, 미국 달러화 기준으로는 약 C; A는 B;
  A로 약 B (at a plausible rate); A를 송금하려면 B가 들었다, A를 B로 바꿨다 (at a rate within
  the pair's history);
* ``cue``: A 우리 돈으로 B, A 한화 약 B;
* ``headline``: A…원화 B, A B (two amounts side by side), when a rate between them is
  plausible for the pair;
* ``arrow``: A → B;
* ``table``: | A | 약 B |, the next cell of a row stating the amount in another currency
  with 약 (when a rate between them is plausible for the pair);
* ``next_sentence``: a sentence opening with 한화로, 우리 돈으로 … states the main
  amount of the sentence before;
* ``respectively``: A1과 A2는 … 각각 B1, B2.

Two amounts of one currency never pair, nor amounts joined by anything else (2019년,
7%, 및, 와, 에서 … 로, 바꾸면).

The cost is linear in the text: each finder looks at a figure's near neighbours only,
and reads the text through one :class:`_Text`, which tallies every character read on the
budget (``pairs.chars``), as the finders tally the figures they compare
(``pairs.candidates``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from units.budget import Budget
from units.currencies import CurrencyMatcher
from units.extraction import Figure
from units.extraction.quotes import APPLIED_BACK, APPLIED_REACH, BY_HUNDRED, RateQuote, applied_per, product_holds
from units.lexicon import context_words, load_table
from units.rates import RATE_CONTEXT, known_range, listed_band, quote_pair
from units.text import ends_sentence, longest_first, normalize

__all__ = ["PairSpan", "find_pairs", "FORMS"]

FORMS = ("parenthesis", "phrase", "cue", "headline", "arrow", "next_sentence", "respectively", "table")
_T = load_table("pairs.toml")
_MAX_GAP = 48  # characters between two amounts of one stated conversion


@dataclass(frozen=True, slots=True)
class PairSpan:
    """``stated`` is given in the text as ``source`` in another currency; ``cue`` is the
    text that ties them, as written."""

    source: Figure
    stated: Figure
    form: str
    cue: str


class _Text:
    """The text the finders read, a piece at a time: every read is tallied on the budget
    (``pairs.chars``), so the tally is all the text the finders examine."""

    __slots__ = ("text", "budget")

    def __init__(self, text: str, budget: Budget) -> None:
        self.text, self.budget = text, budget

    def read(self, start: int, end: int) -> str:
        piece = self.text[start:end]
        self.budget.spend("pairs.chars", len(piece))
        return piece

    def scanned(self) -> str:
        """The whole text, for one regular-expression pass over it (tallied as read)."""
        self.budget.spend("pairs.chars", len(self.text))
        return self.text


# ------------------------------------------------------------------ tokens


def _kinds() -> dict[str, str]:
    marks, cues = _T["marks"], _T["cues"]
    table: dict[str, str] = {}
    for kind, words in (("particle", cues["particles"]), ("tail", cues["tail"]), ("approx", cues["approx"]),
                        ("act", cues["acts"] + cues["weak_acts"]), ("money", cues["money"]), ("comma", marks["comma"]),
                        ("sep", marks["separators"]), ("ellipsis", marks["ellipsis"]), ("arrow", marks["arrow"]),
                        ("alt", marks["alternatives"]), ("cell", marks["cell"]), ("quote", marks["quotes"]),
                        ("close", marks["close"]), ("open", marks["open"])):
        for w in words:
            table[w] = kind
    return table


_KIND = _kinds()
_WEAK_ACTS = frozenset(_T["cues"]["weak_acts"])
# currency words that head the items of a list of amounts by currency (외화 28 달러, 한화 …)
_LIST_LABELS = ("외화", "일화", "미화", "달러화", "엔화", "위안화", "유로화", "현금", "원화")
_RATE_CUE = re.compile(r"(?:(?:미\s?)?(?:달러|엔|유로|위안|파운드)화?\s?당|환율)\s?[0-9][0-9,.천백십]*\s?원(?:\s?[0-9]+\s?전)?"
                       r"(?:\s?(?:기준으로|기준|으로|로|일 때|적용 시|시))?")  # 환율 1,200원 시 108만원: the rate it used
_TOKEN = re.compile("|".join(re.escape(w) for w in sorted(_KIND, key=longest_first)))
# the day the stated sum held, as a filler: 100만원(14일 기준 약 830달러), (2024년 3월 기준), (24.3.14 현재)
_EVENT_WHEN = re.compile(r"[가-힣]{1,4} (?=당시)")  # 처벌 당시, 계약 당시: the event a rate's time is of (not 는 당시의: a particle)
_DATE_CUE = re.compile(r"(?:(?:(?:19|20)?\d\d년\s?)?(?:\d{1,2}월\s?)?\d{1,2}일|(?:19|20)?\d\d년(?:\s?\d{1,2}월)?|\d{1,2}월"
                       r"|(?:19|20)?\d\d[./-]\d{1,2}(?:[./-]\d{1,2})?\.?)\s?(?:기준|현재)")


@lru_cache(maxsize=1)
def _matcher() -> CurrencyMatcher:
    return CurrencyMatcher()


def _currency_bracket(gap: str, i: int, close_mark: str = ")") -> int:
    """Where the bracket opening at ``i`` closes (or, given ``close_mark``, where that mark
    stands), when it holds only a currency's name or code before it ((ISK), (元), (CHF,);
    else -1."""
    close = gap.find(close_mark, i)
    return close if close > 0 and any(end == close for _, end in _matcher().matches(gap, i + 1)) else -1


_WRAPPED_WORD = re.compile(r"(?<=[가-힣])\n(?=[가-힣])")


@lru_cache(maxsize=4096)
def tokens(gap: str) -> tuple[tuple[str, str], ...] | None:
    """The gap as (kind, text) tokens, or None when it holds anything else (a year, a
    percentage, a verb): then the amounts around it state nothing about each other."""
    if "\n" in gap:
        gap = _WRAPPED_WORD.sub("", gap)  # 792억 달러(한⏎화 106조 8000억원): a word hard-wrapped print broke
    out: list[tuple[str, str]] = []
    i, n = 0, len(gap)
    while i < n:
        if gap[i].isspace():
            i += 1
            continue
        rate = _RATE_CUE.match(gap, i)
        if rate is not None:  # (달러당 8백원 기준 1조6천6백56억원): the rate the conversion used
            out.append(("act", rate.group()))
            i = rate.end()
            continue
        if gap[i].isdigit() and (day := _DATE_CUE.match(gap, i)) is not None:
            out.append(("approx", day.group()))  # (14일 기준 약 830달러): the day, as 당시 or 현재 would say it
            i = day.end()
            continue
        if (event := _EVENT_WHEN.match(gap, i)) is not None and _KIND.get(event.group()[:-1]) != "particle":
            out.append(("approx", event.group()))  # 처벌 당시 환율로: the event whose time the rate is of
            i = event.end()
            continue
        if gap[i] == "(" and not out and (close := _currency_bracket(gap, i)) > 0:
            i = close + 1
            continue  # 3,000 아이슬란드 크로나(ISK) 정도이며: the source's currency, spelled out again
        if gap[i] == "(" and not out and (close := _currency_bracket(gap, i, ",")) > 0:
            out.append(("open", "("))
            i = close + 1
            continue  # 17,833,752.45스위스프랑(CHF, 220억 9,700여만원): its code, then the stated sum
        m = _TOKEN.match(gap, i)
        names = _matcher().matches(gap, i)
        if names and names[0][0].kind == "name" and (m is None or names[0][1] > m.end()):
            end = names[0][1]  # a currency named as the stated side's: 미국 달러화 기준으로는
            if gap.startswith("화", end):
                end += 1
            out.append(("money", gap[i:end]))
            i = end
            continue
        if m is None:
            return None
        text = m.group()
        kind = _KIND[text]
        if kind == "quote":
            i = m.end()
            continue  # “100만달러”는 “12억 7천만원”: the marks say nothing
        if kind == "sep" and text == "," and not any(k == "open" for k, _ in out):
            kind = "comma"
        out.append((kind, text))
        i = m.end()
    return tuple(out)


def _kinds_of(toks: Sequence[tuple[str, str]]) -> list[str]:
    return [k for k, _ in toks]


_CUE_WORDS = frozenset({"money", "act"})
_EQUALS = frozenset(_T["cues"]["equals"])
_AS = frozenset(("로", "으로"))
_FILLER = frozenset({"money", "act", "approx", "particle"})


def _clause(kinds: Sequence[str]) -> bool:
    """Fillers only, a comma allowed after a cue (현재 환율 기준, 한화 약)."""
    return all(k in _FILLER or (k in ("sep", "comma") and j and kinds[j - 1] in _CUE_WORDS)
               for j, k in enumerate(kinds))


def _connect(toks: tuple[tuple[str, str], ...]) -> str | None:
    """The form a gap of tokens makes between a source and a stated amount, or None."""
    if any(toks[k][0] == toks[k + 1][0] == "open" for k in range(len(toks) - 1)):
        toks = tuple(tok for k, tok in enumerate(toks) if not (k and tok[0] == toks[k - 1][0] == "open"))  # ((약 51억원): a typo
    kinds = _kinds_of(toks)
    i = 0
    while i < len(kinds) and kinds[i] == "particle":
        i += 1
    rest = kinds[i:]
    if len(rest) > 2 and rest[0] == "tail" and "comma" in rest and all(k in ("tail", "particle") for k in rest[
            1 : rest.index("comma")]):
        rest = rest[rest.index("comma") :]  # 2,200포린트/편도, 약 9,000원; 3,000 크로나 정도이며, 이는 한화로 약
    if rest and rest[0] == "open" and (_clause(rest[1:]) or rest[1:2] == ["alt"] and _clause(rest[2:])):
        return "parenthesis"  # (약 18조 원); ₩1,800 (or $1.50): another way of writing the same sum
    tails = 0
    while tails < len(rest) and rest[tails] == "tail":
        tails += 1
    if 0 < tails < len(rest) and rest[tails] == "open" and _clause(rest[tails + 1 :]):
        return "parenthesis"  # 5,000엔 이상 (50,000원 이상), $60 가량의 돈(…): the source's own words before its bracket
    if rest and rest[0] == "comma" and len(rest) > 1 and all(k in _FILLER or k in ("comma", "alt") for k in rest[1:]):
        return "phrase"
    if rest == ["comma"] and len(kinds) == 1:
        return "comma"  # 약 500억엔, 6천540억 원이지만: at a rate within the pair's history only
    if rest and rest[0] == "alt" and all(k in _FILLER for k in rest[1:]):
        return "phrase"  # 14 trillion won or 12 billion dollars
    if rest and rest[0] in _CUE_WORDS and _clause(rest):
        return "cue"
    if len(rest) > 1 and rest[0] == "approx" and rest[1] in _CUE_WORDS and _clause(rest):
        return "cue"  # 100TWD가 대략 원화 기준으로 약 4,200원: about, then the cue
    if not kinds or (rest and rest[0] == "ellipsis" and all(k in _FILLER for k in rest[1:])):
        return "headline"
    if all(k == "approx" for k in kinds):
        return "headline"  # 100 약 1,380 (a row of a table of conversions), 10만낍 약 7천원: side by side, about
    if toks and toks[0][0] == "tail" and len(toks) > 1 and toks[1][0] == "particle":
        toks, kinds = toks[1:], kinds[1:]  # 10리얄 정도로 3,000원: the source's own 정도
    if toks and toks[0][1] in _EQUALS and all(k == "approx" for k in kinds[1:]):
        return "equals"  # 1천디르함은 (무려) 34만8천원이다
    if toks and toks[0][1] in _AS and all(k == "approx" for k in kinds[1:]):
        return "equals"  # $3.99로 약 5,700원이며, $10로 14,000원
    if toks and toks[0][1] == "에" and len(kinds) > 1 and all(k == "approx" for k in kinds[1:]):
        return "equals"  # 1000바트에 약 35,000원: at, about (the 약 says it is the same sum)
    if rest and rest[0] == "arrow" and all(k in _FILLER for k in rest[1:]):
        return "arrow"
    if rest and rest[0] == "cell" and "approx" in rest[1:] and all(k in _FILLER for k in rest[1:]):
        return "table"  # | ₮3,000 | 약 1,200원 |: the next cell of the row, about the same sum
    if rest and rest[0] == "sep" and all(k in _FILLER for k in rest[1:]):
        return "within"  # (1억7304만 달러·약 2173억원): both in one bracket
    return None


_NOTE_AFTER = re.compile(r"(?P<tail>[^()\[\].]{0,12}?)\. [^()\[\]]{1,44}?[)\]]")
_AT_RATE = re.compile(r" at (?:the |that |this )?[^()\[\]]{0,40}?(?:exchange )?rates?(?= ?[)\],;/])")


# the upper end of a stated range, each end written whole (약 36,000원에서 63,000원; 약 3천 원~6천 원)
_RANGE_REST = re.compile(r" ?(?:[~∼〜–-]|에서|부터) ?(?:약 ?)?[0-9][0-9,.]* ?[십백천만억조]*(?: ?[천백십][0-9,.]*)* ?")
_RANGE_TAIL = re.compile(r"(?: ?(?:가량|정도|까지|선|대))?")


def _range_rest(text: str) -> int | None:
    """Where the upper end of a stated range written whole ends, in ``text`` after the
    lower end (~약 4,700억원, 에서 63,000원 가량): its number, the currency word the matcher
    knows after it, its hedge; None when no upper end follows."""
    m = _RANGE_REST.match(text)
    if m is None:
        return None
    k = max((end for _, end in _matcher().matches(text, m.end())), default=m.end())
    return _RANGE_TAIL.match(text, k).end()  # type: ignore[union-attr]


_AFTER_KINDS = ("tail", "particle", "approx", "ellipsis")  # the hedge may follow the amount too: (Rs 256 crore
# approximately); and an aside (약 63만 원...ㄷㄷ)


def _after_stated(t: _Text, end: int) -> str | None:
    """What closes a stated amount in a bracket: its tail words, then the bracket's close or
    a separator before the next stated amount. Returns "close", "sep" or None."""
    raw = t.read(end, end + 64)
    text, ended, end = normalize(raw), end + len(raw) == len(t.text) and len(raw) < 24, 0
    if (rate := _AT_RATE.match(text)) is not None:
        text = text[rate.end() :]  # ($657 million at the average 2022 exchange rate): the rate it used
    if (note := _NOTE_AFTER.match(text)) is not None and (toks := tokens(note.group("tail"))) is not None and all(
            k in ("tail", "particle") for k, _ in toks):
        return "close"  # (약 361억7000만 원. 1달러당 1105.58원으로 계산): a note on how, then the close
    if (upper := _range_rest(text)) is not None:
        text = text[upper:]  # (약 2,686억원~약 4,700억원): the range's low end states the source's low end
    text = text[:24]
    m = re.match(r"[^()\[\]·ㆍ,;/]{0,16}?(?= or |(?=[()\[\]·ㆍ,;/])|$)", text[end : end + 20])
    toks = tokens(m.group() if m else "")
    if toks is None or any(k not in _AFTER_KINDS for k, _ in toks):
        return None
    rest = text[end + (m.end() if m else 0) :]
    nxt = rest[:1]
    if nxt in _T["marks"]["close"] or ended and not rest.strip():
        return "close"  # (한화 약 8540원: the text ends inside the bracket
    if nxt in _T["marks"]["separators"] or rest.startswith(" or "):
        return "sep"
    return None


# ------------------------------------------------------------------ finding pairs


def _amount(f: Figure) -> Decimal | None:
    """A figure's amount, or the floor of its band or range (50조 원대, 1~2조 원)."""
    return f.value if f.value is not None else (f.low if f.shape in ("band", "range") else None)


def _plausible(source: Figure, stated: Figure) -> bool:
    """Two amounts side by side state one another only at a rate the pair could have:
    within a factor of three of its sane band (else its history); any, for a pair
    neither knows."""
    return _rate_within(source, stated, _LOOSE, listed=True)


def _close_rate(source: Figure, stated: Figure) -> bool:
    """Is the rate between the two within the pair's bundled history (a quarter beyond
    either end)? A cue inside a sentence is weaker than one opening it; a pair with no
    history gives no such rate."""
    return _rate_within(source, stated, _CLOSE, listed=False)


_LOOSE, _CLOSE = Decimal(3), Decimal("1.25")


def _unknown(source: Figure, stated: Figure) -> bool:
    """Does eokjo know no rate of the pair at all (no sane band, no history)?"""
    base, quote = quote_pair(source.currency, stated.currency)
    return listed_band(base, quote) is None and known_range(base, quote) is None


def _rate_within(source: Figure, stated: Figure, margin: Decimal, *, listed: bool) -> bool:
    a, b = _amount(source), _amount(stated)
    if a is None or b is None or a <= 0 or b <= 0:
        return False
    base, quote = quote_pair(source.currency, stated.currency)
    band = (listed_band(base, quote) if listed else None) or known_range(base, quote)
    if band is None:
        return listed
    with localcontext(RATE_CONTEXT):
        rate = b / a if source.currency == base else a / b
        return band[0] / margin <= rate <= band[1] * margin


def find_pairs(text: str, figures: Sequence[Figure] | None = None, *, budget: Budget | None = None,
               quotes: Sequence[RateQuote] = ()) -> list[PairSpan]:
    """Every stated conversion of ``text``, in reading order of the stated amounts.

    :param quotes: the rates the text quotes (:attr:`Reading.quotes`): two amounts side by
        side in one sentence at one of them are a conversion.

    :param budget: tallies the work (``pairs.chars``, ``pairs.candidates``) and checks
        its limits as the finders go.
    """
    if figures is None:
        from units.extraction import default_extractor

        reading = default_extractor().scan(text)
        figures, quotes = reading.figures, quotes or reading.quotes
    t = _Text(text, budget if budget is not None else Budget())
    out: list[PairSpan] = []
    stated_of: dict[int, Figure] = {}  # index of a stated amount -> its source
    in_bracket: dict[int, Figure] = {}  # stated amounts inside an open bracket -> source
    restating: dict[int, Figure] = {}  # an amount restated in its own currency in brackets -> the amount
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        t.budget.spend("pairs.candidates")
        if b.start - a.end > _MAX_GAP:
            continue
        gap = normalize(t.read(a.end, b.start))
        if _restates(t, a, b, gap):
            restating[i] = restating.get(i - 1, a)
            continue  # $10,000 (만불): the same sum again
        pair = _bracket_continuation(t, a, b, gap, in_bracket.get(i - 1)) or (
            None if gap[:1] in _CLOSERS and i - 1 in stated_of else _direct(t, a, b, gap))
        # (9조6000억원(120억 호주달러)으로 … 약 81억달러: after a bracket that states its source, the source's)
        if pair is None and (source := stated_of.get(i - 1)) is not None:
            pair = _after_bracket(a, b, gap, source) or _after_phrase(a, b, gap, source)
        if pair is not None and (first := restating.get(i - 1)) is not None and gap.strip() in _EQUATION:
            pair = PairSpan(first, b, pair.form, pair.cue)  # 백만달러 = 1,000,000 달러 = 1,172,000,000 원: from the first
        elif (pair is None and (first := restating.get(i - 1)) is not None and gap.lstrip().startswith(_CLOSERS)
                and "\n" not in gap):
            pair = _direct(t, first, b, gap.lstrip()[1:])  # $10,000 (만불) = 10,000,000원: from the first
            pair = pair if pair is not None and pair.form != "headline" else None
        if pair is None or pair.source.currency == b.currency or i in stated_of:
            continue
        if pair.form == "headline" and not gap.strip() and _in_row_of_cells(t, figures, i):
            continue  # KRW38,000 USD38 KRW15,000 USD15: a row of a table's cells, not a headline's pair
        if (pair.form == "parenthesis" and a.currency == "KRW" and b.currency != "KRW"
                and _WON_FIRST.search(normalize(t.read(max(0, a.start - 16), a.start))) is not None):
            pair = PairSpan(b, a, pair.form, pair.cue)  # 한국 돈으로 최대 100만원(1,000 SGD)의 벌금: the won restates the bracket's
        out.append(pair)
        stated_of[i] = pair.source
        if pair.form == "parenthesis" and _after_stated(t, b.end) == "sep":
            in_bracket[i] = pair.source
    out += _translated_rows(t, figures, stated_of)
    out += _applied(t, figures, stated_of)
    sentences = _Sentences(t)
    if quotes:
        out += _at_quoted(t, sentences, figures, stated_of, quotes)
    out += _next_sentence(t, sentences, figures, stated_of, out)
    out += _respectively(t, sentences, figures, stated_of)
    out += _then_now(t, sentences, figures, stated_of, out)
    out.sort(key=lambda p: (p.stated.start, p.source.start))
    return out


# a won amount that says it is the conversion (한국 돈으로, 우리 돈 약, 한화로 최대) before the bracket holding
# the sum in its own currency
_WON_FIRST = re.compile("(?:" + "|".join(map(re.escape, sorted(_T["cues"]["money"], key=longest_first)))
                        + r")(?:으로|로)?(?: (?:약|최대|최소|총|대략|무려))? ?$")
_ELLIPSES = tuple(_T["marks"]["ellipsis"])
_WON_RATE = re.compile(r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?) ?원")


def _applied(t: _Text, figures: Sequence[Figure], stated_of: dict[int, Figure]) -> list[PairSpan]:
    """A sum and the won it comes to at the rate written between them (100유로/1박 → 1,450원
    기준 14.5만원; 3만600달러로 환율을 1240원으로 잡았을 때 3794만원; 3,490 ISK × 10.9원 =
    38,041원): the sum times the rate within 2% of the won (per 100 for the yen); the
    nearest sum in another currency, within a hundred characters."""
    out = []
    for i in range(1, len(figures)):
        b = figures[i]
        if b.currency != "KRW" or i in stated_of or b.value is None or b.value <= 0:
            continue
        for j in range(i - 1, max(-1, i - 1 - APPLIED_BACK), -1):
            a = figures[j]
            if b.end - a.start > APPLIED_REACH:
                break
            if a.currency == "KRW":
                continue
            if a.value is not None and a.value != 0 and "원" in (gap := t.read(a.end, b.start)):
                t.budget.spend("pairs.chars", len(gap))
                last = None
                for last in _WON_RATE.finditer(gap):  # the won written last before the sum's won: its rate
                    pass
                if (last is not None and applied_per(a.currency, a.value, Decimal(last.group("n").replace(",", "")),
                                                     b.value) is not None and _close_rate(a, b)):
                    out.append(PairSpan(a, b, "arrow" if any(m in gap for m in _EQUATION) else "phrase",
                                        normalize(gap).strip()))
                    stated_of[i] = a
            break  # (the nearest sum in another currency only)
    return out


def _at_quoted(t: _Text, sentences: _Sentences, figures: Sequence[Figure], stated_of: dict[int, Figure],
               quotes: Sequence[RateQuote]) -> list[PairSpan]:
    """Two amounts side by side in one sentence, the second what the first comes to at a
    rate the text quotes for their pair (1바트당 38.94원 … 개당 10바트를 썼다면 390원 정도를
    지불했다고; 1달러당 1,300원이라는 매매기준율이 있다면, 100달러를 구매할 때는 130,000원을):
    the first times the rate within 2% of the second. Not the quote restated (100엔으로 환산한
    금액은 174원), nor from an amount that states another or a note in brackets, nor to an
    operand (34,958,000원(= 20만 위안 × 174.79))."""
    levels: dict[tuple[str, str], list[Decimal]] = {}
    per: dict[tuple[str, str], set[Decimal]] = {}  # the amounts a pair's rates are quoted per
    for q in quotes:
        if q.kind == "level" and q.rate > 0:
            levels.setdefault((q.base, q.quote), []).extend(r for r in (q.rate, q.high) if r is not None)
            per.setdefault((q.base, q.quote), {_ONE, _HUNDRED} if q.base in BY_HUNDRED else {_ONE}).add(q.per)
    out = []
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if (i in stated_of or i - 1 in stated_of or a.currency == b.currency or b.end - a.start > APPLIED_REACH
                or a.value is None or b.value is None or a.value <= 0 or b.value <= 0):
            continue
        t.budget.spend("pairs.candidates")
        there, back = (a.currency, b.currency), (b.currency, a.currency)
        if not ((there in levels and a.value not in per[there] and any(product_holds(a.value, r, b.value)
                                                                        for r in levels[there]))
                or (back in levels and b.value not in per[back] and any(product_holds(b.value, r, a.value)
                                                                        for r in levels[back]))):
            continue
        gap = t.read(a.end, b.start)
        if (gap.count(")") > gap.count("(") or _OPERATOR.match(t.read(b.end, b.end + 4))
                or sentences.start(b.start) > a.start):
            continue
        out.append(PairSpan(a, b, "arrow" if any(m in gap for m in _EQUATION) else "phrase", normalize(gap).strip()))
        stated_of[i] = a
    return out


_ONE, _HUNDRED = Decimal(1), Decimal(100)
_OPERATOR = re.compile(r"\s?[×÷*xX/]\s?[\d(]")


_CELL_GAP = 3  # characters of spaces between two cells of a row set out with spaces


def _in_row_of_cells(t: _Text, figures: Sequence[Figure], i: int) -> bool:
    """Do the two amounts side by side at ``i - 1`` and ``i`` stand in a run of three or
    more, only spaces between (a row of a table: 58pgs KRW38,000 USD38 KRW15,000 USD15)?"""
    def apart(k: int) -> bool:
        if k < 1 or k >= len(figures) or figures[k].start - figures[k - 1].end > _CELL_GAP:
            return False
        return not t.read(figures[k - 1].end, figures[k].start).strip(" \t")
    return apart(i - 1) or apart(i + 1)


def _headline_word(gap: str) -> str:
    """A headline puts one short word before its ellipsis (500억위안 투자…한화 9조원): with a
    money word after the ellipsis, that word does not break the pair."""
    for mark in _ELLIPSES:
        head, found, tail = gap.partition(mark)
        toks = tokens(tail) if found else None
        if toks and toks[0][0] == "money" and len(head.strip()) <= 4 and " " not in head.strip():
            return found + tail
    return gap


# after an amount of a thing's price (짜리) the thing named, as the topic, and about its won:
# the same price restated (500엔짜리 편의점 도시락은 약 5,000원, 1,200엔짜리 라멘은 약 12,000원)
_PRICED_THING = re.compile(r"짜리 (?:[가-힣]{1,8} )?[가-힣]{1,8}(?:은|는|이|가) (?:" + "|".join(
    map(re.escape, ("약", "대략", "거의", "한"))) + r") ?")


# one short word between an amount and the bracket stating it (15,000 숨 요구 (1,900 원), 125.2 Trillion
# Won Plan (~$86 Billion), 1억
# 달러 투자(약 1,300억원)): at a rate within the pair's history only
_WORD_BRACKET = re.compile(r"\s?(?:[가-힣]{1,4}|/?[A-Za-z][a-z]{0,11}(?: [A-Za-z0-9][A-Za-z0-9.]{0,11}){0,2})\s?[(\[](?P<inner>[^()\[\]]{0,16})")
# (and up to three English words: 1,300 won a cabbage ($1.15), 394 million yuan in funds ($49 million)


# a bracket that opens with an aside on the source, then, after a comma, the cue of its sum in
# another currency: 50,000 won (introduced only in 2009, equal to US$ 45)
_ASIDE = re.compile(r"\s?[(\[][^()\[\],]{1,40}, (?P<cue>[^()\[\],]{1,24})")
_ASIDE_CUES = ("approx", "act", "money")


def _direct(t: _Text, a: Figure, b: Figure, gap: str) -> PairSpan | None:
    if a.currency == b.currency:
        return None
    if a.value == 1 and gap.startswith("(") and _currency_bracket(gap, 0) > 0:
        return None  # 1위안(元)은 680원: one unit's price, a rate
    if "header" in (a.currency_basis, b.currency_basis) and not gap.strip():
        return None  # 279,604,799 234,079,475; 34억2천⏎5510 (만엔): two cells side by side in a table are two columns
    if gap[:1] in _CLOSERS and t.read(max(0, a.start - 1), a.start) in _BRACKET_OPENS:
        # 가격(4천300원)을 달러로 환산하면 3.78달러: the source in its own bracket, then the act
        pair = _direct(t, a, b, gap[1:])
        return pair if pair is not None and pair.form == "cue" else None
    if (form := _cost(t, b, gap)) is not None:
        return PairSpan(a, b, form, gap.strip()) if _close_rate(a, b) else None
    toks = tokens(gap) if tokens(gap) is not None else tokens(_headline_word(gap))
    if toks is None:
        if _PRICED_THING.fullmatch(gap) and _plausible(a, b):
            return PairSpan(a, b, "phrase", gap.strip())  # 500엔짜리 편의점 도시락은 약 5,000원: the thing's price, restated
        if ((m := _WORD_BRACKET.fullmatch(gap)) is not None and (inner := tokens(m.group("inner"))) is not None
                and _clause(_kinds_of(inner)) and _after_stated(t, b.end) is not None
                and (_close_rate(a, b) or _unknown(a, b) and any(k in ("approx", "money") for k, _ in inner))):
            return PairSpan(a, b, "parenthesis", gap.strip())  # 31.18마나트 사용(약 39,598원): a word, then its bracket
        if ((m := _ASIDE.fullmatch(gap)) is not None and (cue := tokens(m.group("cue")))
                and cue[0][0] in _ASIDE_CUES and _clause(_kinds_of(cue)) and _after_stated(t, b.end) is not None
                and _close_rate(a, b)):
            return PairSpan(a, b, "parenthesis", gap.strip())  # 50,000 won (introduced in 2009, equal to US$ 45)
        return None
    form = _connect(toks)
    if (form is None and toks == (("particle", "에"),) and t.read(max(0, a.start - 1), a.start) in _BRACKET_OPENS
            and _after_stated(t, b.end) == "close" and _close_rate(a, b)):
        form = "parenthesis"  # (10만 투그릭에 42,000원): one bracket, a sum and what it buys
    if form == "headline" and not toks and "\n" in gap:
        return None  # TWD 8,000 = KRW 375,520⏎TWD 1,000 = KRW 46,940: one line's end and the next line's start
    if form == "parenthesis" and _after_stated(t, b.end) is None:
        return None
    if form == "within":
        if not t.read(max(0, a.start - 2), a.start).rstrip().endswith(("(", "[")) or _after_stated(t, b.end) is None:
            # 10조7000억원·115조루피아, $93.61 million/₩107.01 billion: one sum in two currencies, side by side,
            # at a rate within the pair's history (not a bracket's note after them)
            return PairSpan(a, b, "phrase", gap.strip()) if toks == (("sep", gap.strip()),) and _close_rate(a, b) else None
        form = "parenthesis"
    if form != "parenthesis" and not _plausible(a, b):
        return None  # 2000만원으로 계산하면 3조달러: no rate makes one the other
    if form == "cue" and any(text in _WEAK_ACTS for _, text in toks) and not _close_rate(a, b):
        return None  # 2억 달러를 바꾸면 80억원 가량 더 받는 셈: what changing it gains, not what it is
    if form == "comma":  # only a foreign amount restated in won (125만원, 1199달러 모델 is a list)
        if a.currency == "KRW" or b.currency != "KRW" or not _close_rate(a, b):
            return None
        form = "phrase"
    if form == "phrase" and _listed(t, a, toks):
        return None  # 일화가 3백80여만엔, 한화가 6백여만원: a list of amounts by currency
    if form == "phrase" and "comma" in _kinds_of(toks) and not _close_rate(a, b) and not _unknown(a, b):
        return None  # 각각 50만 달러, 우리 돈 약 22억 원 규모: the won of all three, at no rate the dollar has had
    if form == "equals":
        form = "phrase"  # 1,099달러는 148만6000원: a phrase with a particle for its cue
    return None if form is None else PairSpan(a, b, form, gap.strip())


_C = _T["cost"]
_COST_GAP = re.compile(r"\s?[을를]\s(?:" + "|".join(map(re.escape, sorted(_C["acts"], key=longest_first))) + r")(?:는)?\s"
                       r"(?:(?:" + "|".join(map(re.escape, sorted(_C["when"], key=longest_first)))
                       + r")\s?(?:\d{1,2}월\s?)?(?:초|말|중순)?(?:에는|에|엔|만 해도|만해도|는|은)?\s)?")
# (1천 달러를 송금하는데 지난 11월에 84만3천 원이 들었지만: the time the cost held, between; the act may take
# a topic particle: 송금하는데는 88만5천 원이 들었지만)
_COST_AFTER = re.compile(r"\s?(?:[이가을를은는]|만큼|이나|씩)?\s?(?:" + "|".join(map(re.escape, _C["costs"])) + ")")
_CHANGED_AFTER = re.compile(r"\s?(?:으로|로)\s?(?:" + "|".join(map(re.escape, _C["changed"])) + ")")
_EXCHANGED_AFTER = re.compile(r"(?:[을를]|까지|씩|을 더|를 더)?\s?(?:" + "|".join(map(re.escape, _C["changed"] + _C["dealt"])) + ")")
_BOUGHT_AFTER = re.compile(r"에\s?(?:" + "|".join(map(re.escape, _C["bought"])) + ")")
_COST_REACH = 12  # characters after the stated amount its verb may end by


def _cost(t: _Text, b: Figure, gap: str) -> str | None:
    """The form of a cost (1만달러를 송금하려면 940만원이 들었지만), a change (20불을 400페소로
    바꿔) or an exchange at a sum (100달러에 3850루피를 바꾸어): the act between the amounts, then
    the verb after the second; else None."""
    bare = gap.strip()
    if bare in ("을", "를") and gap.startswith(("을 ", "를 ")):
        after = t.read(b.end, b.end + _COST_REACH)
        return "phrase" if _CHANGED_AFTER.match(after) or _BOUGHT_AFTER.match(after) else None
    if bare == "에":
        return "phrase" if _EXCHANGED_AFTER.match(t.read(b.end, b.end + _COST_REACH)) else None
    if bare == "짜리를":
        return "phrase" if _BOUGHT_AFTER.match(t.read(b.end, b.end + _COST_REACH)) else None
    if _COST_GAP.fullmatch(gap) and _COST_AFTER.match(t.read(b.end, b.end + _COST_REACH)):
        return "phrase"
    return None


_LABEL_PARTICLES = ("가", "이", "는", "은")


def _listed(t: _Text, a: Figure, toks: tuple[tuple[str, str], ...]) -> bool:
    """Is the stated amount the next item of a list of amounts by currency (외화 28 달러,
    한화 701만 2천원; 일화가 3백80여만엔, 한화가 6백여만원)? Its money word takes a subject
    particle, or the amount before it has a currency word of its own in front."""
    kinds = _kinds_of(toks)
    if "money" not in kinds:
        return False
    k = kinds.index("money")
    if k + 1 < len(toks) and toks[k + 1][0] == "particle" and toks[k + 1][1] in _LABEL_PARTICLES:
        return True
    j = k + 1 + (k + 1 < len(toks) and toks[k + 1][0] == "particle" and toks[k + 1][1] in _AS)
    if j < len(toks) and toks[j][0] == "approx" or j > k + 1:
        return False  # 현금 7억8천50만 달러, 한화 약 1조1백87억 원; 현금 500만페소, 우리 돈으로 약 1억2천만 원: a list's
        # item is neither "about" nor "in" a currency; a restatement is
    return normalize(t.read(max(0, a.start - 6), a.start)).rstrip().endswith(_LIST_LABELS)


_CLOSERS = (")", "]")
_BRACKET_OPENS = ("(", "[")


def _translated_rows(t: _Text, figures: Sequence[Figure], stated_of: dict[int, Figure]) -> list[PairSpan]:
    """A statement's convenience translation: a row of table cells whose first half is in
    one currency and second half in another, column for column (Revenue 302,231,360
    279,604,799 234,079,475 216,555,107 under KRW KRW USD USD): each cell of the first half
    is stated in the second, at a rate the pair could have."""
    out: list[PairSpan] = []
    i = 0
    while i < len(figures):
        if figures[i].currency_basis != "header":
            i += 1
            continue
        line_end = t.text.find("\n", figures[i].start)
        line_end = len(t.text) if line_end < 0 else line_end
        j = i
        while j < len(figures) and figures[j].start < line_end and figures[j].currency_basis == "header":
            j += 1
        row = figures[i:j]
        t.budget.spend("pairs.candidates", len(row))
        half = len(row) // 2
        if half and len(row) % 2 == 0 and len({f.currency for f in row[:half]}) == 1 and len(
                {f.currency for f in row[half:]}) == 1 and row[0].currency != row[half].currency:
            found = [PairSpan(a, b, "table", "") for a, b in zip(row[:half], row[half:]) if _close_rate(a, b)]
            if len(found) == half:
                for k, pair in enumerate(found):
                    out.append(pair)
                    stated_of[i + half + k] = pair.source
                i = max(j, i + 1)
                continue
        for k in range(len(row) - 1):  # 3,000 3,180,000 … under [USD] [KRW]: a cell and the next in another currency,
            a, b = row[k], row[k + 1]  # at a rate the pair has had
            if a.currency != b.currency and i + k + 1 not in stated_of and _close_rate(a, b):
                out.append(PairSpan(a, b, "table", ""))
                stated_of[i + k + 1] = a
        i = max(j, i + 1)
    return out


def _restates(t: _Text, a: Figure, b: Figure, gap: str) -> bool:
    """Is ``b`` the sum of ``a`` in its own currency again, alone in a bracket right after
    it ($10,000 (만불), 1,000,000 VND(100만 동))?"""
    if a.currency != b.currency or a.value is None or a.value != b.value:
        return False
    if gap.strip() in _EQUATION:
        return True  # 백만달러 = 1,000,000 달러 = 1,172,000,000 원: the sum in figures, then in won
    return gap.strip() in ("(", "[") and normalize(t.read(b.end, b.end + 2)).lstrip().startswith(_CLOSERS)


_EQUATION = frozenset(("=", "→", "⇒", "≈", "≒", "≃"))  # (≈, ≒: about equal, as an equation states a sum)


def _bracket_continuation(t: _Text, a: Figure, b: Figure, gap: str, source: Figure | None) -> PairSpan | None:
    """A second stated amount in the same bracket: A(B·약 C)."""
    if source is None or source.currency == b.currency:
        return None
    toks = tokens(gap)
    if toks is None:
        return None
    kinds = [k for k in _kinds_of(toks) if k != "tail"]
    if kinds and kinds[0] in ("sep", "comma", "alt") and all(k in _FILLER for k in kinds[1:]) and _after_stated(t, b.end):
        return PairSpan(source, b, "parenthesis", gap.strip())
    return None


def _after_bracket(a: Figure, b: Figure, gap: str, source: Figure) -> PairSpan | None:
    """A stated amount after the bracket closes: 11조원(130억 캐나다달러)으로, 미국 달러화
    기준으로는 약 95억달러."""
    if source.currency == b.currency:
        return None
    toks = tokens(gap)
    if toks is None:
        return None
    kinds = [k for k in _kinds_of(toks) if k != "tail"]
    if not kinds or kinds[0] != "close":
        return None
    form = _connect(toks[[k for k, _ in toks].index("close") + 1 :])
    if form in ("phrase", "cue"):
        return PairSpan(source, b, form, gap.strip())
    return None


def _after_phrase(a: Figure, b: Figure, gap: str, source: Figure) -> PairSpan | None:
    """A second statement after a comma, naming its currency: 1,000 스위스 프랑 지폐로 미화
    1,055.3달러, 원화로는 114만7,760원 (both state the francs)."""
    if source.currency in (a.currency, b.currency):
        return None
    toks = tokens(gap)
    if not toks or toks[0][0] != "comma" or not any(k == "money" for k, _ in toks[1:]):
        return None
    return PairSpan(source, b, "phrase", gap.strip()) if _clause(_kinds_of(toks[1:])) else None


_WEAK_OPENERS = frozenset(o.replace(" ", "") for o in _T["next_sentence"]["weak_openers"])
_OPENERS = tuple(sorted({o.replace(" ", "") for o in _T["next_sentence"]["openers"]} | _WEAK_OPENERS, key=len,
                        reverse=True))
_LEADS = tuple(_T["next_sentence"]["lead"])
_ENDS = re.compile("|".join(re.escape(w) for w in context_words()["sentence"]["ends"]))


def _after_opener(head: str, opener: str) -> str:
    """What follows an opener (compared without spaces) in the head of a sentence."""
    k = seen = 0
    while k < len(head) and seen < len(opener):
        seen += head[k] != " "
        k += 1
    return head[k:]


class _Sentences:
    """Where the sentences of a text start: found once, looked up by bisection, so the
    finders stay linear however many amounts a text holds."""

    def __init__(self, t: _Text) -> None:
        text = t.scanned()
        ends: list[int] = []
        for m in _ENDS.finditer(text):
            at = m.start()
            if not ends_sentence(text, at):
                continue  # 1.5, a.m.
            if ends and (ends[-1] + 1 == at or text[ends[-1] + 1 : at].isspace()):
                ends[-1] = at  # 다.\n\n: marks with nothing but space between end one sentence
            else:
                ends.append(at)
        self.ends = ends

    def start(self, at: int) -> int:
        k = bisect_right(self.ends, at - 1)
        return self.ends[k - 1] + 1 if k else 0


_HEAD = 64  # characters from a sentence's start to its first amount, at most, for an opener
_NONSPACE = re.compile(r"\S")


def _head(t: _Text, first: dict[int, int], start: int, end: int) -> tuple[int, int] | None:
    """Where ``text[start:end].strip()`` lies, when it is one short opener (at most
    :data:`_HEAD` characters): found without reading the text between, which may be long.
    ``first`` remembers the first word of each sentence (several amounts share one)."""
    if start not in first:
        m = _NONSPACE.search(t.text, start)
        first[start] = len(t.text) if m is None else m.start()
        t.budget.spend("pairs.chars", first[start] - start + 1)
    lo, hi = first[start], end
    while hi > lo and t.text[hi - 1].isspace():  # the space before the amount, once per amount
        hi -= 1
    t.budget.spend("pairs.chars", end - hi)
    return (lo, hi) if 0 < hi - lo <= _HEAD else None


def _next_sentence(t: _Text, sentences: _Sentences, figures: Sequence[Figure], stated_of: dict[int, Figure],
                   found: list[PairSpan]) -> list[PairSpan]:
    """한화로 약 870억원이다: a sentence opening with a cue states the main amount of the
    sentence before (the source of its conversions, else its first amount)."""
    out = []
    sources = {id(p.source) for p in found}
    starts = [f.start for f in figures]
    first: dict[int, int] = {}
    mains: dict[int, Figure | None] = {}  # sentence start -> the source of a conversion in the sentence before
    befores: dict[int, list[Figure]] = {}  # sentence start -> the amounts of the sentence before
    for i, b in enumerate(figures):
        if i in stated_of:
            continue
        start = sentences.start(b.start)
        span = _head(t, first, start, b.start)
        if span is None or bisect_left(starts, start) < i:
            continue  # (1만 페소는 공식 환율 기준 11달러: an amount opens the sentence, which states it itself)
        cue = t.read(*span)
        head = normalize(cue).strip()  # the words, without the marks and odd spaces between them
        for lead in _LEADS:
            if head.startswith(lead):
                head = head[len(lead) :].strip()
        bare = head.replace(" ", "")
        opener = next((o for o in _OPENERS if bare.startswith(o)), None)
        if opener is None:  # 공시 규정에 따라 이를 원화로 바꿔 표시했는데 …: the lead names the sentence before
            head, opener = _led_opener(head)
        if opener is None and _cue_head(head):  # 오늘 환율로 따진다면 대충 7천원: the words of a cue
            opener = head
        closing = opener is None and _opener_closes(bare)  # 류현진의 누적 수입은 우리 돈으로 약 1613억원
        if (opener is None and not closing) or start == 0:
            continue
        lo, hi = bisect_left(starts, sentences.start(start - 1)), bisect_left(starts, start)
        if not closing and tokens(_after_opener(head, opener)) is None:  # 이를 원화로 환산하면 매출액 217억원, 영업익 20억원
            listed = _in_order(t, figures, stated_of, range(lo, hi), i, sentences.ends, cue)
            out += listed
            closing = not listed and _opener_closes(bare)  # 한화 이글스로 돌아온 … 우리 돈으로 약: no opener after all
            if not closing:
                continue
        if start not in mains:  # every amount of the sentence before is read, once
            t.budget.spend("pairs.candidates", hi - lo)
            candidates = [figures[j] for j in range(lo, hi) if j not in stated_of]
            mains[start] = next((f for f in candidates if id(f) in sources), None)
            befores[start] = candidates
        main = mains[start]
        if main is None:  # an amount the won fits (…총 1882만5000달러(500만달러+…). 한화로 약 247억 원)
            candidates = befores[start]
            t.budget.spend("pairs.candidates", len(candidates))
            fitting = [f for f in candidates if f.currency != b.currency and _close_rate(f, b)]
            # the last where all are in one currency (세금을 포함하면 약 1679달러에 판매되고 있다. 한국 돈으로는
            # 193만원: the price it came to), else the first (1만 싱가포르 달러의 … 미화 기준으로 8,177.9달러)
            main = ((fitting[-1] if len({f.currency for f in fitting}) == 1 else fitting[0]) if fitting
                    else candidates[0] if candidates else None)
        if main is not None and main.currency != b.currency and (
                not (closing or opener in _WEAK_OPENERS) or _close_rate(main, b)):
            out.append(PairSpan(main, b, "next_sentence", cue))
            stated_of[i] = main
    return out


_APPROX_WORDS = tuple(sorted(_T["cues"]["approx"], key=longest_first))


def _cue_head(head: str) -> bool:
    """Is a sentence's head, before its first amount, nothing but the words of a cue that
    opens with a money word or an act of converting (오늘 환율로 따진다면 대충, 원화로 환산 시 약)?"""
    toks = tokens(head) if head else None
    return bool(toks) and toks[0][0] in _CUE_WORDS and _clause(_kinds_of(toks))  # type: ignore[index]


def _opener_closes(bare: str) -> bool:
    """Does a sentence's head end with an opener or an act of converting, its amount the
    first of the sentence (그의 누적 수입은 우리 돈으로 약 …; 처벌 당시 환율로 계산하면 약 …)?
    Compared without spaces."""
    for word in _APPROX_WORDS:
        if bare.endswith(word):
            bare = bare[: -len(word)]
            break
    return bare.endswith(_OPENERS) or bare.endswith(_CLOSING_ACTS)


_CLOSING_ACTS = tuple(sorted({a.replace(" ", "") for a in _T["cues"]["acts"] if "환" in a}, key=longest_first))


def _led_opener(head: str) -> tuple[str, str | None]:
    """Within a sentence, a lead word that points back (이를, 이는) followed by an opener:
    the head from the opener on, and the opener."""
    for lead in _LEADS:
        at = head.find(lead + " ")
        while at >= 0:
            if at == 0 or head[at - 1] == " ":
                rest = head[at + len(lead) :].strip()
                opener = next((o for o in _OPENERS if rest.replace(" ", "").startswith(o)), None)
                if opener is not None:
                    return rest, opener
            at = head.find(lead + " ", at + 1)
    return head, None


_LIST_MAX = 8  # amounts of a list restated in order in the next sentence, at most


def _in_order(t: _Text, figures: Sequence[Figure], stated_of: dict[int, Figure], before: range, first: int,
              ends: list[int], cue: str) -> list[PairSpan]:
    """A sentence opening with a cue that restates, in order, the amounts of one currency
    of the sentence before in another (매출액은 19억8300만 엔, 영업이익은 1억8300만 엔 … 이를
    원화로 환산하면 매출액 217억2000만원, 영업익 20억800만원): as many of one as of the other."""
    b = figures[first]
    end = ends[bisect_left(ends, b.start)] if bisect_left(ends, b.start) < len(ends) else len(t.text)
    stated = [j for j in range(first, min(len(figures), first + _LIST_MAX)) if figures[j].start < end
              and figures[j].currency == b.currency and j not in stated_of]
    sources = [figures[j] for j in before if j not in stated_of][-_LIST_MAX:]
    t.budget.spend("pairs.candidates", len(stated) + len(sources))
    sources = [f for f in sources if f.currency != b.currency]
    if len(stated) < 2 or len(sources) != len(stated) or len({f.currency for f in sources}) != 1:
        return []
    if not all(_plausible(src, figures[j]) for src, j in zip(sources, stated, strict=True)):
        return []
    out = []
    for src, j in zip(sources, stated, strict=True):
        out.append(PairSpan(src, figures[j], "next_sentence", cue))
        stated_of[j] = src
    return out


_EACH = tuple(_T["respectively"]["words"])
_EACH_WINDOW = int(_T["respectively"]["window"])
_EACH_AMOUNTS = 8  # amounts on either side of 각각, at most


def _respectively(t: _Text, sentences: _Sentences, figures: Sequence[Figure],
                  stated_of: dict[int, Figure]) -> list[PairSpan]:
    """999달러 모델과 1299달러 모델은 … 각각 139만원, 181만원."""
    out = []
    starts = [f.start for f in figures]
    for word in _EACH:
        for m in re.finditer(re.escape(word), t.scanned()):
            start = sentences.start(m.start())
            lo, mid = bisect_left(starts, start), bisect_left(starts, m.start())
            hi = bisect_right(starts, m.end() + _EACH_WINDOW)
            before = [figures[j] for j in range(max(lo, mid - _EACH_AMOUNTS), mid) if j not in stated_of]
            after = [(j, figures[j]) for j in range(mid, min(hi, mid + _EACH_AMOUNTS)) if j not in stated_of]
            t.budget.spend("pairs.candidates", len(before) + len(after))
            if after:  # the run of amounts in one currency right after the word (not the next sentence's $3.25)
                run = next((k for k, (_, f) in enumerate(after) if f.currency != after[0][1].currency), len(after))
                after = after[:run]
            if len(after) < 2:
                continue
            sources = [f for f in before if f.currency != after[0][1].currency][-len(after):]
            if len(sources) != len(after) or len({f.currency for f in sources}) != 1:
                continue
            for src, (j, f) in zip(sources, after, strict=True):
                out.append(PairSpan(src, f, "respectively", word))
                stated_of[j] = src
    return out


_NOW = _T["then_now"]
_NOW_WORDS = tuple(_NOW["now"])
_ALTERNATIVES = frozenset(_NOW["alternatives"])
_NOW_REACH = int(_NOW["reach"])


def _then_now(t: _Text, sentences: _Sentences, figures: Sequence[Figure], stated_of: dict[int, Figure],
              found: list[PairSpan]) -> list[PairSpan]:
    """The sum of a conversion stated again in the same sentence at another rate: the won it
    took then, a word of now, the won it takes now (1만달러를 송금하려면 940만원이 들었지만 지금은
    1100만원), or two results side by side (100달러를 환전할 때 120,000원이 아닌 130,000원); at a
    rate within the pair's history."""
    out = []
    index = {id(f): k for k, f in enumerate(figures)}
    for p in found:
        k = index.get(id(p.stated))
        if k is None or k + 1 >= len(figures) or (c := figures[k + 1]).currency != p.stated.currency:
            continue
        t.budget.spend("pairs.candidates")
        if k + 1 in stated_of or c.start - p.stated.end > _NOW_REACH or sentences.start(c.start) > p.stated.start:
            continue
        gap = normalize(t.read(p.stated.end, c.start)).strip()
        if ((gap in _ALTERNATIVES or any(w in gap for w in _NOW_WORDS)) and not any(m in gap for m in "()[]")
                and _close_rate(p.source, c)):  # (3조 위안(약 4천710억 달러)에 이르러 월마트(현재 4천440억 달러): another's)
            out.append(PairSpan(p.source, c, "phrase", gap))
            stated_of[k + 1] = p.source
    return out
