"""What the text around a figure says about its currency: the countries and currencies
it names, and where its sentences end. Read once per text, and only when a figure needs
it (a word shared by several currencies, or one that counts only in context).

>>> ctx = Context("인도 루피화가 급락했다. 환전소에서는 84루피를 받았다.", TABLES)
>>> ctx.decide(("INR", "LKR", "NPR"), 25)
('INR', 'same text')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from units.currencies import is_hangul
from units.extraction.grammar import GRAMMAR, hangul_run_end
from units.lexicon import context_words, currency_curation, currency_words, territory_names
from units.text import ends_sentence, longest_first, trie_alternation

__all__ = ["Context", "Mentions", "TABLES"]


@dataclass(frozen=True, slots=True)
class Mentions:
    """The names that point at currencies: territories (인도 -> INR) and currency names
    that mean one currency (위안화 -> CNY, 바트화 -> THB), in one trie."""

    root: dict
    firsts: frozenset[str]
    opening: re.Pattern[str]  # a first character of a name, not inside a Hangul word
    ends: re.Pattern[str]  # a sentence end
    money: re.Pattern[str]  # a word that makes a sentence about money
    living: re.Pattern[str]  # a word of living in a country (유학, 학비, 렌트비, 주급): its dollar is the local one
    staying: re.Pattern[str]  # the same but pay (주급): its pound is the local one too


def _build() -> Mentions:
    names: dict[str, set[str]] = {}
    hwa = currency_curation()["hwa_mentions"]
    ordinary = currency_curation()["not_mentions"]  # (건지: 할 수 있는 건지, not Guernsey)
    for name, codes in territory_names().items():
        if name not in ordinary:
            names.setdefault(name.replace(" ", ""), set()).update(codes)
    for w in currency_words():
        if w.kind == "symbol" and len(w.candidates) == 1 and len(w.name) >= 2 and not w.name.isalpha():
            names.setdefault(w.name, set()).update(w.candidates)  # HK$, NT$, R$: a page in them names its dollar
            continue
        if w.kind != "name":
            continue
        if w.strength == "strong" and len(w.candidates) == 1:
            names.setdefault(w.name.replace(" ", ""), set()).update(w.candidates)
        elif w.name + "화" in hwa or (w.strength != "weak" and len(w.name) > 1 and len(w.candidates) == 1
                                      and all(map(is_hangul, w.name))):
            names.setdefault(w.name + "화", set()).update(w.candidates)  # 바트화 names the baht, 바트 alone does not
    root: dict = {}
    for name, codes in names.items():
        node = root
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = frozenset(codes)
    words = context_words()
    money = sorted({*words["money_context"]["words"], *words["implied_won"]["nouns"]}, key=longest_first)
    # a name's first character, not inside a Hangul word, then the second character of some
    # name (or a name of one character): the class first, so the engine skips ahead to it
    singles = "".join(re.escape(ch) for ch in sorted(root) if "" in root[ch])
    seconds = "".join(re.escape(ch) for ch in sorted({c for node in root.values() for c in node if c}))
    opening = re.compile("[" + "".join(re.escape(ch) for ch in sorted(root)) + "](?<![\uac00-\ud7a3].)"
                         "(?:(?<=[" + singles + "])|(?=[" + seconds + "]))")
    return Mentions(root, frozenset(root), opening, re.compile("|".join(re.escape(w) for w in words["sentence"]["ends"])),
                    # (only whether one is there is asked: factored by first character, one tried per hit)
                    re.compile(trie_alternation(money)),
                    re.compile(trie_alternation(words["local_dollar"]["cues"] + words["local_dollar"]["wages"])),
                    re.compile(trie_alternation(words["local_dollar"]["cues"])))


TABLES = _build()


_DERIVED = tuple(sorted(context_words()["derived_names"]["suffixes"], key=longest_first))
_MONEY_OF = frozenset(context_words()["derived_names"]["money"])  # 호주화, 호주돈: the country's money
_NAMED_UNITS = tuple(context_words()["derived_names"]["named_units"])  # 호주달러 1달러당


def _derived(s: str, end: int, stop: int) -> bool:
    """Is the rest of the word a noun the name makes (필리핀인들은, 태국산, 네팔여행의)?"""
    if not s.startswith(_DERIVED, end):
        return False  # (one call for the commonest answer)
    for suffix in _DERIVED:
        if s.startswith(suffix, end) and end + len(suffix) <= stop:
            k = end + len(suffix)
            return GRAMMAR.ends_noun(s[k:stop], suffix[-1])
    return False


class Context:
    """The mentions of one text (positions and the currencies each names) and its
    sentences; each read on first use (the mentions walk the whole text)."""

    def __init__(self, s: str, tables: Mentions = TABLES) -> None:
        self.s = s
        self._tables = tables
        self._mentions: tuple[list[int], list[int], list[frozenset[str]]] | None = None
        self._positions: dict[str, list[int]] | None = None
        self._sentence_ends: list[int] | None = None
        self._living: bool | None = None
        self._staying: bool | None = None
        self._named: frozenset[str] | None = None

    @property
    def starts(self) -> list[int]:
        return self._mentioned()[0]

    @property
    def ends(self) -> list[int]:
        return self._mentioned()[1]

    @property
    def codes(self) -> list[frozenset[str]]:
        return self._mentioned()[2]

    def _mentioned(self) -> tuple[list[int], list[int], list[frozenset[str]]]:
        if self._mentions is None:
            self._mentions = self._scan(self._tables)
        return self._mentions

    def _scan(self, t: Mentions) -> tuple[list[int], list[int], list[frozenset[str]]]:
        starts: list[int] = []
        ends: list[int] = []
        codes_at: list[frozenset[str]] = []
        s, n, root = self.s, len(self.s), t.root
        after = 0  # where the last name found ends: names do not overlap
        for m in t.opening.finditer(s):  # a name's first character opening a word
            i = m.start()
            if i < after:
                continue
            node, j, found = root[s[i]], i + 1, None  # (the opening pattern matched a first character of the trie)
            while True:
                if (codes := node.get("")) is not None:
                    found = (j, codes)
                if j >= n or (node := node.get(s[j])) is None:
                    break
                j += 1
            if found is not None:
                end, codes = found
                stop = hangul_run_end(s, end)
                if stop == end or GRAMMAR.ends_noun(s[end:stop], s[end - 1]) or _derived(s, end, stop):  # 인도는, not 인도적
                    starts.append(i)
                    ends.append(end)
                    codes_at.append(codes)
                after = end
        return starts, ends, codes_at

    def _ends(self) -> list[int]:
        """Positions of sentence ends, found once (not a decimal point, 1,450.3, nor an
        abbreviation's, a.m.: :func:`units.text.ends_sentence`)."""
        if self._sentence_ends is None:
            s = self.s
            self._sentence_ends = [m.start() for m in TABLES.ends.finditer(s) if ends_sentence(s, m.start())]
        return self._sentence_ends

    def _sentence_start(self, at: int) -> int:
        ends = self._ends()
        k = bisect_right(ends, at - 1)
        return ends[k - 1] + 1 if k else 0

    def _sentence_end(self, at: int) -> int:
        ends = self._ends()
        k = bisect_right(ends, at - 1)
        return ends[k] if k < len(ends) else len(self.s)

    def sentence_span(self, at: int) -> tuple[int, int]:
        """Where the sentence holding ``at`` starts and ends."""
        return self._sentence_start(at), self._sentence_end(at)

    def about_money(self, at: int) -> bool:
        """Is the sentence around ``at`` about money (가격, 지출, 환율 …)?"""
        return TABLES.money.search(self.s, self._sentence_start(at), self._sentence_end(at)) is not None

    def local_money(self, others: frozenset[str], home: str) -> str | None:
        """The one of ``others`` (the dollars other than the US one, the pounds other than
        sterling) whose country the text names, on a page about living, studying, working or
        travelling there (유학, 학비, 렌트비, 입장료 …) that names no place or currency of ``home``:
        a bare 달러 or 파운드 there is that country's."""
        if self._living is None:
            self._living = self._tables.living.search(self.s) is not None  # (one pass: a dozen `in` tests cost 3x)
        if not self._living:
            return None
        if home != "USD":  # (pay in pounds is sterling's: 레바논 출신 선수의 주급은 500 파운드)
            if self._staying is None:
                self._staying = self._tables.staying.search(self.s) is not None
            if not self._staying:
                return None
        return self.named_other(others, home)

    def named_other(self, others: frozenset[str], home: str) -> str | None:
        """The one of ``others`` whose country or currency the text names, where it names
        none of ``home`` (the usual currency of the word) nor another of ``others``."""
        if self._named is None:  # (read once a text: asked at every amount of a page of notes)
            self._named = frozenset(code for codes in self.codes if len(codes) == 1 for code in codes)
        named = self._named
        local = named & others
        return next(iter(local)) if len(local) == 1 and home not in named else None

    def names(self, codes: tuple[str, ...] | frozenset[str]) -> bool:
        """Does the text name any of these currencies or their countries?"""
        wanted = set(codes)
        return any(c & wanted for c in self.codes)

    def just_before(self, candidates: tuple[str, ...], at: int, *, country: bool = False) -> str | None:
        """The currency among ``candidates`` that a country's money written right before
        ``at`` names (캐나다화 1달러, 호주화 100달러, 호주돈 4달러): the amount's own currency. (Read off the
        few characters there, not the whole text's mentions.) With ``country``, the
        country's name alone counts too (호주 1달러 | 98엔: the unit of a rate)."""
        s, j = self.s, at
        while j > 0 and at - j < 2 and s[j - 1] == " ":
            j -= 1
        if (country and j >= 2 and s[j - 1] not in _MONEY_OF) or (j >= 4 and s.endswith(_NAMED_UNITS, 0, j)):
            end = j  # 호주 1달러 | 98엔 (a country, when asked); 호주달러 1달러당 992원 (a dollar named before its unit)
        elif j < 3 or s[j - 1] not in _MONEY_OF:
            return None  # a bare 캐나다 1억달러 may be the country's dollars (USD)
        else:
            end = j - 1
        first = end
        while first > 0 and end - first < 8 and is_hangul(s[first - 1]):
            first -= 1
        name = s[first:end]
        if (not name or name in _NAMED_UNITS) and first >= 2 and s[first - 1] == " " and is_hangul(s[first - 2]):
            # 캐나다 돈 10만달러, 뉴질랜드 달러 100달러: the country written apart from its money
            start = first - 1
            while start > 0 and first - start < 8 and is_hangul(s[start - 1]):
                start -= 1
            name = s[start:first - 1] + name
        for i in range(len(name)):
            node = self._tables.root
            for ch in name[i:]:
                node = node.get(ch)
                if node is None:
                    break
            if node is not None and "" in node:
                codes = node[""]
                if _FOREIGN_DOLLAR in codes and len(codes & set(candidates)) > 1:
                    codes = codes - {_FOREIGN_DOLLAR}  # 짐바브웨 100조달러: the country's own dollar, not the US one it used too
                return _pick(codes, set(candidates), candidates)
        return None

    def decide(self, candidates: tuple[str, ...], at: int) -> tuple[str, str] | None:
        """The currency among ``candidates`` that the text points at for a figure at
        ``at``: the nearest mention before it in its sentence, else the nearest anywhere
        in the text. Returns (code, where) or None."""
        wanted = set(candidates)
        k = bisect_right(self.starts, at)
        first = self._sentence_start(at)
        for i in range(k - 1, -1, -1):
            if self.starts[i] < first:
                break
            hit = _pick(self.codes[i], wanted, candidates)
            if hit:
                return hit, "same sentence"
        best = None
        by_code = self._by_code()
        for code in candidates:  # the nearest mention of each, by bisection: no walk over the text's mentions
            places = by_code.get(code)
            if not places:
                continue
            j = bisect_right(places, at)
            near = min(abs(places[m] - at) for m in (j - 1, j) if 0 <= m < len(places))
            if best is None or near < best[0]:
                best = (near, code)
        return (best[1], "same text") if best else None

    def _by_code(self) -> dict[str, list[int]]:
        """Where each currency is mentioned, in order (read once)."""
        if self._positions is None:
            out: dict[str, list[int]] = {}
            for start, codes in zip(self.starts, self.codes):
                for code in codes:
                    out.setdefault(code, []).append(start)
            self._positions = out
        return self._positions


_FOREIGN_DOLLAR = "USD"  # a dollar some countries use besides (or instead of) their own


def _pick(codes: frozenset[str], wanted: set[str], order: tuple[str, ...]) -> str | None:
    common = codes & wanted
    if not common:
        return None
    return next(c for c in order if c in common)
