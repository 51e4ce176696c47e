"""Word boundaries: a number and a currency word count only where they stand as words.

Where the currency word's own word ends is the grammar's to say
(:mod:`units.extraction.grammar`: particles, the copula, money suffixes). The number side
has rules too (each a small named function, listed in ``RULES``): a lone Sino digit glued
to a currency word is usually a word (이유로 = 이유 + 로, 일원화), an Arabic number glued
to a name is part of the name (코로나19 원인), and a currency word that is also a common
word (불, 한화) needs an amount that can be nothing else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from units.currencies import is_hangul
from units.extraction.figure import Candidate, Rejection
from units.extraction.grammar import GRAMMAR
from units.lexicon import context_words, currency_overrides, currency_words, qualifiers
from units.numerals import MYRIADS, SINO_DIGITS, SMALL_UNITS, unmistakable
from units.text import longest_first

if TYPE_CHECKING:
    from units.extraction.scan import Scan

__all__ = ["RULES", "is_strong"]

_MYRIAD_CHARS = frozenset(MYRIADS)
_SMALL_UNIT_CHARS = frozenset(SMALL_UNITS)
_NUMERAL_CHARS = _MYRIAD_CHARS | _SMALL_UNIT_CHARS


def is_strong(s: str, c: Candidate) -> bool:
    """An amount that can be nothing but a number: a myriad word (만불, 3억), a Sino place
    word (십불), a thousands separator or decimal point, or three or more digits."""
    return unmistakable(s, c.number)


# ------------------------------------------------------------------ rules on the number side


_QUALIFIER_HEADS = tuple(sorted((w for w in qualifiers()["before"] if is_hangul(w[0])), key=longest_first))


def _after_qualifier(s: str, at: int) -> bool:
    """Does a Korean qualifier word (약, 최대, 적어도) end right at ``at``, as a word of its own?"""
    for q in _QUALIFIER_HEADS:
        if s.endswith(q, 0, at):
            k = at - len(q)
            return k == 0 or not is_hangul(s[k - 1])
    return False


_NO_NAME_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d\d")


def glued_name(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """An Arabic number glued to a name is part of it (코로나19 원인, 아이폰16 원가,
    시즌3 달러) unless a magnitude or the currency follows it tightly (매출1조원, 월50만원);
    after a word and a hyphen it ends a number spelled in words (one-thousand-340 won)."""
    n, s = c.number, scan.s
    if not n.arabic or n.start == 0 or c.word is None or c.word_start < n.start:
        return c
    before = s[n.start - 1]
    if before == "-" and n.start >= 2 and s[n.start - 2].isascii() and s[n.start - 2].isalpha():
        return Rejection(n.start, c.end, "glued_name", f"{s[max(0, n.start - 9):n.end]} is the end of a number spelled "
                         "in words (one-thousand-340 won), not an amount by itself")
    if not (is_hangul(before) or (before.isascii() and before.isalpha())):
        return c
    if _after_qualifier(s, n.start):
        return c  # 약8~12달러, 최대3억원: a qualifier written onto the number, as hurried print does
    if before in _NUMERAL_CHARS or (n.start >= 2 and s[n.start - 2].isdigit() and is_hangul(before)):
        # l억5천만원, 1⏎0조1천3백억원, 9초5천9백56억원 (초 for 조): the rest of a number whose head is a typo or cut
        return Rejection(n.start, c.end, "glued_name", f"{s[max(0, n.start - 2):n.end]} is the rest of a number cut by a typo")
    tight = n.top_myriad is not None or c.word_start == n.end or (c.scale != 1 and c.word_start > n.end)
    if tight or _NO_NAME_NUMBER.fullmatch(s, n.start, n.end):
        return c  # (이코노미68.77 USD, 컴팩트1,200 USD: cents or thousands end no name, as 아이폰16 does)
    return Rejection(n.start, c.end, "glued_name", f"the number is glued to the word before it ({before}{s[n.start:n.end]})")


def sino_word(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A lone Sino digit glued to a currency word is a number only when the word cannot
    be read as an ordinary noun: 이유로 is 이유 + 로, 일원화 is 일원 + 화, 사원 and 이불
    are nouns; 구파운드 and 이달러 are money (Duckling's corpus)."""
    n, s = c.number, scan.s
    if n.arabic or n.end - n.start != 1 or s[n.start] not in SINO_DIGITS or c.word is None:
        return c
    if c.word_start != n.end:
        return Rejection(n.start, c.end, "sino_word", "a lone Sino digit apart from its currency word is a word (이 달러)")
    written = s[n.start : c.word_end if c.word_end > 0 else c.end]
    form_end = c.end - n.start
    if sum(map(is_hangul, s[c.word_start : c.end])) < 2 and "subunit_compound" not in c.rules:
        return Rejection(n.start, c.end, "sino_word", f"{written} reads as an ordinary word")
    for k in range(2, form_end):
        if GRAMMAR.ends_word(written[k:], written[k - 1]):
            return Rejection(n.start, c.end, "sino_word", f"{written} reads as {written[:k]} + {written[k:]}")
    return c


_LOCAL_WORDS = frozenset(context_words()["local_dollar"]["words"])  # 불, $: the dollar's other words
_DOLLARS = next(w.candidates for w in currency_words() if w.name == "달러")
_TWO_DIGITS = frozenset(context_words()["weak_two_digits"]["words"])  # 35불, as speech writes the dollar
_NOES = tuple(context_words()["weak_two_digits"]["not_before"])  # 10불 운동: the noes of a policy
_VERB_ENDINGS = {word: tuple(endings) for word, endings in context_words()["weak_verb_endings"].items()}  # 달라고


def weak_word(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A currency word that is also a common word (불, 한화, 펜스) counts after an amount
    that can be nothing else (100불, 만불, 십불, W1 trillion), before a money suffix
    (3불짜리), or after two digits (입장료는 35불, 25불을 보냈다)."""
    s = scan.s
    if c.word is None or c.word.strength != "weak":
        return c
    if (endings := _VERB_ENDINGS.get(c.word.name)) is not None and s.startswith(endings, c.end):
        return Rejection(c.start, c.end, "weak_word", f"{c.word.name} is the verb here ({s[c.number.end:c.word_end].strip()}), not money")
    if c.scale != 1 or is_strong(s, c) or "subunit_compound" in c.rules:
        return c
    rest = s[c.end : c.word_end]
    if rest and any(rest.startswith(sfx) for sfx in GRAMMAR.suffixes):
        return c
    written = s[c.number.start : c.number.end]
    if s.startswith(_NOES, c.word_end + (s[c.word_end : c.word_end + 1] == " ")):
        pass  # 3불 정책, 10불 운동: noes
    elif c.word.name in _TWO_DIGITS and len(written) == 2 and written.isdigit() and written[0] != "0":
        return c  # 입장료는 35불, 25불을 보냈다: two digits (3불 정책 has one; 10불 운동 is ten noes)
    elif ((last := scan.last) is not None and last.word is not None and last.word.name == c.word.name
            and c.start - last.end <= _AFTER_SAME and written.isdigit()):
        return c  # 발급비용은 30불인데 … 5불 정도 비용내고: an amount in the word just read as money
    elif scan.context.just_before(_DOLLARS if c.word.name in _LOCAL_WORDS else c.word.candidates, c.start) is not None:
        return c  # 싱가포르 달러 5불: the country's money named right before the amount
    return Rejection(c.start, c.end, "weak_word", f"{c.word.name} is also a common word and the amount {s[c.number.start:c.number.end]} is too plain")


_AFTER_SAME = 60  # characters after an amount in the same weak word that make a plain one money too


_PREFIX_LETTERS = frozenset(currency_overrides()["prefix_letters"]["names"])  # P48.38: the peso, before the digits
_STRICT_LETTERS = frozenset(currency_overrides()["prefix_letters"]["strict"])  # N4,500, not N95
_LETTER_SIGNS = frozenset(w.name for w in currency_words() if w.kind == "symbol" and len(w.name) == 1
                          and w.name.isascii() and w.strength == "country_only")  # (B, the baht)


def letter_sign(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A sign that is one Latin letter and counts only where the text names its country
    (the baht's B) is a price tag's: glued after the amount's digits and ending there
    (35B, 1,000B(밧), 50B~60B), never before it (B5 용지) or apart from it (비타민 B 10정)."""
    w = c.word
    if w is None or w.name not in _LETTER_SIGNS:
        return c
    s, end = scan.s, c.word_start + 1
    if w.name in _PREFIX_LETTERS:
        if c.word_start + 1 != c.number.start or (c.word_start and s[c.word_start - 1].isalnum()):
            return Rejection(c.start, c.end, "letter_sign", f"{w.name} is a letter here, not the sign of a price: "
                             f"the sign is glued before the digits ({w.name}48.38)")
        if w.name in _STRICT_LETTERS and c.scale == 1 and not any(ch in ",. " for ch in s[c.number.start : c.number.end]):
            return Rejection(c.start, c.end, "letter_sign", f"{w.name} is a letter here (N95, R2), not the sign of a "
                             f"price: the sign counts before a number with separators or a magnitude ({w.name}4,500)")
        return c
    if (c.word_start < c.number.start or not s[c.word_start - 1].isdigit()
            or (end < len(s) and s[end].isascii() and s[end].isalnum())):
        return Rejection(c.start, c.end, "letter_sign", f"{w.name} is a letter here, not a price tag's sign: the "
                         f"sign is glued after the digits and ends the amount (35{w.name})")
    return c


def myriad_name(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A Korean numeral that with the currency word forms a currency's name is the name:
    오만 리얄 is the Omani rial, not 50,000 riyals."""
    n, s = c.number, scan.s
    if n.arabic or c.word is None or not is_hangul(s[n.start]):
        return c
    for word, end in scan.currencies.matches(s, n.start):
        if end >= c.end and word.kind == "name":
            return Rejection(n.start, c.end, "currency_name", f"{s[n.start:end]} is the name of a currency")
    return c


def line_break(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A code or symbol on the next line is not the currency of a number ending a line:
    English writes them before the amount (USD 750), and a table flattened one cell a
    line puts a label after a cell (1,291.15⏎⏎JPY⏎⏎9.85). Nor is any word on the next
    line when either line is a row of a table (… | -1.2⏎유로 EUR | 1,420.00): a cell ends
    at its line. A Korean word may wrap onto the next line (월 300만⏎원을)."""
    s = scan.s
    if c.word is None or c.word_start <= c.number.end or "\n" not in s[c.number.end : c.word_start]:
        return c
    if c.scale != 1 and s.startswith("\n", c.number.end) and "\n" not in s[c.number.end + 1 : c.word_start]:
        return c  # 58.3⏎billion Korean won: a wire wraps its line between the number and its magnitude
    if (c.scale != 1 and c.word.kind == "english" and s.count("\n", c.number.end, c.word_start) == 1
            and s[c.number.end : c.word_start].strip(" \n").isalpha()):
        return c  # 7.2 trillion⏎Korean won: and between the magnitude and its currency
    if s[c.word_start].isascii():
        return Rejection(c.start, c.end, "line_break", f"{s[c.word_start:c.end]} begins the next line; it is no suffix of {s[c.number.start:c.number.end]}")
    before = s.rfind("\n", 0, c.number.start) + 1
    after = s.find("\n", c.word_start)
    if "|" in s[before : c.number.start] or "|" in s[c.word_start : after if after >= 0 else len(s)]:
        return Rejection(c.start, c.end, "line_break", "a cell of a table ends at its line")
    return c


def cut_number(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """The rest of a number a line break cut, read alone, is no amount: a line that opens
    with 0 and a myriad word after a line ending in a digit (1⏎0조1천3백억원), or any
    number after a line ending in a place word below the myriads (약1백⏎17억에서: 117억;
    a myriad word ends an amount: 3천만⏎1억원 are two)."""
    n, s = c.number, scan.s
    i = n.start
    if s.rfind("\n", max(0, i - 8), i) < 0 or not s[i].isdigit():
        return c  # most numbers: no line break just before
    j = i - 1
    while j >= 0 and i - j < 8 and s[j] in " \t":  # a line's indentation, looked at a few characters back
        j -= 1
    if j < 2 or s[j] != "\n":
        return c
    last, before = s[j - 1], s[j - 2]
    zero_head = s[i] == "0" and i + 1 < len(s) and s[i + 1] in _MYRIAD_CHARS and last.isdigit()
    place_tail = last in _SMALL_UNIT_CHARS and (before.isdigit() or before in _NUMERAL_CHARS)
    if zero_head or place_tail:
        return Rejection(n.start, c.end, "cut_number", f"{s[i:c.end]} is the rest of a number cut by a line break")
    return c


RULES = (glued_name, sino_word, weak_word, letter_sign, myriad_name, line_break, cut_number)
