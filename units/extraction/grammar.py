"""The grammar of a Korean word (어절) after a noun, for telling a currency word from the
start of a longer word.

Korean writes a noun and its particles as one word: ``100억원을``, ``130억 달러어치가``,
``100만 원인 경우``. After a currency word the rest of its word must be a closed class of
Korean: particles, chosen by the last sound (원을 but 달러를), the copula (원이다,
달러였다), and money suffixes (원대, 만원권, 달러당) — the tables of
``lexicon/particles.toml``. Anything else means the currency word was only the start of
a longer word: 원인균, 불가능, 유로존, 엔진.

>>> g = GRAMMAR
>>> g.ends_noun("을", "원"), g.ends_noun("를", "원"), g.ends_noun("칙", "원"), g.ends_noun("대의", "원")
(True, False, False, True)
"""

from __future__ import annotations

from functools import lru_cache

from units.currencies import is_hangul
from units.lexicon import context_words, particles
from units.numerals import MYRIADS

__all__ = ["GRAMMAR", "Grammar", "costing", "final_sound", "hangul_run_end", "run_on", "run_on_act", "short_from",
           "word_end"]

_J0 = 0xAC00


def final_sound(ch: str) -> str:
    """The last sound of a syllable, for choosing particles: "v" (vowel), "l" (ㄹ),
    "c" (another final consonant), or "" for a character that is not Hangul."""
    if not is_hangul(ch):
        return ""
    tail = (ord(ch) - _J0) % 28
    return "v" if tail == 0 else "l" if tail == 8 else "c"


class Grammar:
    """What may end a noun's word, from ``lexicon/particles.toml``."""

    def __init__(self, table: dict) -> None:
        p, c, sfx = table["particles"], table["copula"], table["suffixes"]
        consonant = tuple(p["consonant"])
        self.particles = {
            "c": frozenset((*consonant, *p["any"])),
            "l": frozenset((*(x for x in consonant if not x.startswith("으")), *p["rieul"], *p["any"])),
            "v": frozenset((*p["vowel"], *p["any"])),
        }
        self.particles[""] = self.particles["c"] | self.particles["v"] | self.particles["l"]
        tails = ("", *c["tails"])
        consonant_forms = frozenset(f + t for f in c["consonant"] for t in tails)
        self.copula = {"c": consonant_forms, "l": consonant_forms,
                       "v": frozenset((*(f + t for f in c["vowel"] for t in tails), *consonant_forms))}
        self.copula[""] = self.copula["c"] | self.copula["v"]
        self.adnominal = frozenset(c["adnominal"])
        self.bound_nouns = frozenset(c["bound_nouns"])
        self.suffixes = frozenset(sfx["money"])
        self.derivational = frozenset(table["derivational"]["suffixes"])
        self.max_particles = int(p["max_stack"])
        self.short_from = frozenset(table["particles"]["short_from"])  # 서 for 에서 (1500만원서, 1380원대서)
        self.run_on_magnitudes = str(table["particles"]["run_on_magnitudes"])
        self.run_on_words = frozenset(table["particles"]["run_on_words"])
        self.costing = tuple(table["particles"]["costing"])
        self.costing_after = tuple(table["particles"]["costing_after"])
        self.run_on_acts = tuple(table["particles"]["run_on_acts"])
        self.max_suffixes = int(sfx["max_stack"])
        self._longest = max(len(w) for w in (*self.particles[""], *self.copula[""], *self.suffixes, *self.derivational))

    def ends_noun(self, rest: str, last: str) -> bool:
        """Can ``rest`` follow a noun ending in the character ``last``, to the end of its
        word? (money suffixes, then particles or the copula)"""
        return _ends(self, rest, final_sound(last), True)

    def ends_plainly(self, rest: str, last: str) -> bool:
        """Like :meth:`ends_noun`, but particles and the copula only (3조로, 5억이다): what
        may end a bare number's word, where 3조선 is Joseon and 3만화 a comic."""
        return not rest or _after(self, rest, 0, final_sound(last), 0, self.max_particles, True)

    def ends_word(self, rest: str, last: str) -> bool:
        """Like :meth:`ends_noun`, but with derivational suffixes (화, 적, 하다) too: can
        the characters before ``rest`` be an ordinary noun? (이유 + 로, 일원 + 화)"""
        return _ends(self, rest, final_sound(last), False)


@lru_cache(maxsize=4096)
def _ends(g: Grammar, rest: str, sound: str, money: bool) -> bool:
    if not rest:
        return True
    return _after(g, rest, 0, sound, g.max_suffixes, g.max_particles, money)


def _after(g: Grammar, rest: str, i: int, sound: str, suffixes: int, stack: int, money: bool) -> bool:
    n = len(rest)
    if i == n:
        return True
    for k in range(min(g._longest, n - i), 0, -1):
        piece = rest[i : i + k]
        last = final_sound(piece[-1])
        if suffixes and stack == g.max_particles and (piece in g.suffixes if money else piece in g.derivational):
            if _after(g, rest, i + k, last, suffixes - 1, stack, money):
                return True
        if stack and piece in g.particles[sound] and _after(g, rest, i + k, last, 0, stack - 1, money):
            return True
        if i + k == n and piece in g.copula[sound]:  # 원이다, and after a particle too: 달러부터다
            return True
    for form in g.adnominal:  # 원인거네요: 원 + 인 + 거 + (이)네요; 낍이었던듯: 낍 + 이었던 + 듯
        j = i + len(form)
        if rest.startswith(form, i) and rest[j : j + 1] in g.bound_nouns:
            return j + 1 == n or _after(g, rest, j + 1, final_sound(rest[j]), 0, g.max_particles, money)
    return False


GRAMMAR = Grammar(particles())
_EXACT = context_words()["exact_sum"]


def _sum_before(s: str, number_start: int) -> bool:
    """Is the amount written as a sum, after 일금 or 금 standing as a word (금 삼천만원정)?"""
    head = s[max(0, number_start - 8) : number_start].rstrip()
    for word in _EXACT["before"]:
        at = len(head) - len(word)
        if head.endswith(word) and (at == 0 or not is_hangul(head[at - 1])):
            return True
    return False


_LONGEST_ENDING = 16  # syllables: no particle, copula and suffix run is longer


def hangul_run_end(s: str, i: int) -> int:
    """The end of the run of Hangul syllables at ``i``, looked at up to a bound: a run
    longer than any noun ending is cut there (and so is not a noun ending)."""
    j, stop = i, min(len(s), i + _LONGEST_ENDING + 1)
    while j < stop and is_hangul(s[j]):
        j += 1
    return j


def short_from(s: str, end: int, stop: int) -> bool:
    """Is the rest of the word, ``s[end:stop]``, the headline's 서 for 에서 (1500만원서,
    1380원대서: after a band too)? Callers accept it after an amount that can be nothing
    but a number (3원서 is an application form)."""
    return s[end:stop] in GRAMMAR.short_from


def run_on_act(s: str, number_start: int, gap: int, end: int, form_end: int) -> bool:
    """Is an act of change or inclusion (800원오른, 70밧포함, 40원내지: particles.toml run_on_acts)
    glued to a currency word written onto a number in digits?"""
    return gap == end and s[number_start].isdigit() and s.startswith(GRAMMAR.run_on_acts, form_end)


def run_on(s: str, number_start: int, gap: int, end: int, name: str, form_end: int) -> bool:
    """Is the currency word ``name`` written onto a number in digits that can be nothing but
    an amount, where old and hurried pages and flattened tables run the next word on: one
    ending in a magnitude (5조5억원포함, 2조2000억원로), holding a magnitude (4천1백50원으로올해),
    a decimal (1438.8원로) or a thousands separator (4만원32,000원단속특별구역)? Then it is
    the currency whatever follows it, unless a magnitude does (2,845원억: the typo of an amount
    whose value the text does not give)."""
    if gap != end or name not in GRAMMAR.run_on_words or not s[number_start].isdigit():
        return False
    if form_end < len(s) and s[form_end] in GRAMMAR.run_on_magnitudes:
        return False
    return not _RUN_ON_MARKS.isdisjoint(s[number_start:end])


_RUN_ON_MARKS = frozenset(GRAMMAR.run_on_magnitudes + ".,")  # what makes a number in digits an amount


def costing(s: str, end: int, stop: int, number_end: int, *, plain: bool) -> bool:
    """Is the rest of the word 하다 after a price (3600원하던, 1만원하는, 40원정도하니)? Only
    after a number that can be nothing else (``plain``: numerals.unmistakable), as 원하다 is
    to want, unless "about" comes first (40원정도하니); a magnitude ending the number must
    be a common one, as for run-on words (3경원하다 is not)."""
    last, rest = s[number_end - 1], s[end:stop]
    about = next((w for w in GRAMMAR.costing_after if rest.startswith(w)), "")
    if not (plain or about):
        return False
    return rest[len(about):] in GRAMMAR.costing and (last not in MYRIADS or last in GRAMMAR.run_on_magnitudes)


def word_end(s: str, last: str, end: int, number_start: int) -> int | None:
    """Where the word of a currency form ending at ``end`` ends, or None when the rest of
    the word is not a noun ending (the form was the start of a longer word).

    ``last`` is the form's last character as read aloud (원, 달러, 弗).
    """
    stop = hangul_run_end(s, end)
    if stop == end:
        return end
    rest = s[end:stop]
    if GRAMMAR.ends_noun(rest, last):
        return stop
    # 일금 오만원정: "exactly", only after 일금
    for mark in _EXACT["after"]:
        if rest.startswith(mark) and GRAMMAR.ends_noun(rest[len(mark) :], mark) and _sum_before(s, number_start):
            return stop
    return None
