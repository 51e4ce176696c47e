"""Finding currency words, symbols and codes next to a number.

Korean names (CLDR's "캐나다 달러", colloquial "달러", "엔화", "원", the country forms
"터키 리라") and symbols live in one character trie, so a lookup costs one step per
character whatever the size of the lexicon; a space between the words of a name is
optional ("캐나다달러"). The trie offers every form that starts at a position, longest
first; which one stands as a word is for :mod:`units.extraction.boundary` to decide.

>>> m = CurrencyMatcher()
>>> [(w.name, w.code, end) for w, end in m.matches("1천 640만 캐나다 달러이다", 8)]
[('캐나다 달러', 'CAD', 14)]
>>> [(w.name, end) for w, end in m.matches("3조 원화로", 3)]
[('원화', 5), ('원', 4)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from units.errors import CurrencyError
from units.lexicon import CurrencyWord, currency_curation, currency_words, iso_codes, tender_periods
from units.text import longest_first

__all__ = ["CurrencyMatcher", "is_hangul", "supported_codes", "validate_code", "CODE"]


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def supported_codes() -> frozenset[str]:
    """Every ISO 4217 code eokjo can name (CLDR's list)."""
    return iso_codes()


def validate_code(code: str) -> str:
    """The upper-case ISO code, or :class:`CurrencyError` saying how to list valid ones."""
    norm = code.strip().upper() if isinstance(code, str) else ""
    if norm not in iso_codes():
        raise CurrencyError(
            f"unknown currency code {code!r}: expected an ISO 4217 code such as USD, KRW, EUR "
            "(see units.supported_codes() or GET /v1/currencies)"
        )
    return norm


CODE = re.compile(r"[A-Z]{3}(?![A-Za-z])")
_LOWER_CODE = re.compile(r"[a-z]{3}(?![A-Za-z])")


class _Node(dict):
    __slots__ = ("word", "spaced")

    def __init__(self) -> None:
        super().__init__()
        self.word: CurrencyWord | None = None
        self.spaced = False  # a name has a space after this prefix


class CurrencyMatcher:
    """Lookup of currency forms at a position of normalized text.

    :param defaults: the usual reading of words shared by several currencies, e.g.
        ``{"프랑": "FRF", "루피": "LKR"}``.
    """

    def __init__(self, defaults: Mapping[str, str] | None = None) -> None:
        self.root = _Node()
        self.english: dict[str, CurrencyWord] = {}
        overrides = {k: validate_code(v) for k, v in (defaults or {}).items()}
        self.overridden = frozenset(overrides)
        for word in currency_words():
            if word.name in overrides:
                code = overrides[word.name]
                word = replace(word, code=code, candidates=(code, *(c for c in word.candidates if c != code)))
            if word.kind == "english" or (word.kind == "subunit" and word.name.isascii() and word.name.isalpha()):
                self.english[word.name.lower()] = word
            else:
                self._add(word)
        names = sorted(self.english, key=longest_first)
        # a word ends where no letter follows, or where a capital opens the next word of text that
        # lost its space (416,500 wonMeanwhile, 5,000 wonBy Nam Kyung-don: a headline run into a byline)
        self._english = re.compile(r"(?i)(?:" + "|".join(map(re.escape, names)) + r")(?-i:(?![A-Za-z])|(?<=[a-z])(?=[A-Z][a-z]))")
        self.codes = iso_codes()
        self.kept = frozenset(tender_periods())  # codes written in text: currencies in use since the cut-off
        self.acronyms = frozenset(currency_curation()["acronyms"])
        self._code_words: dict[str, CurrencyWord] = {}

    def _add(self, word: CurrencyWord) -> None:
        node = self.root
        for ch in word.name:
            if ch == " ":
                node.spaced = True
                continue
            node = node.setdefault(ch, _Node())
        node.word = word

    def code_word(self, code: str) -> CurrencyWord:
        """The form of an ISO code written in the text ("USD", "PHP")."""
        word = self._code_words.get(code)
        if word is None:
            strength = "country_only" if code in self.acronyms else "strong"
            word = self._code_words[code] = CurrencyWord(code, code, "code", candidates=(code,), strength=strength)
        return word

    def matches(self, s: str, i: int) -> list[tuple[CurrencyWord, int]]:
        """Every currency form starting at ``s[i]``, longest first: [(word, end), ...]."""
        found = self._trie(s, i)
        if found and _letter_goes_on(s, i, found[-1][1]):
            found.pop()  # PLN, BHD: a one-letter sign (P, B) that goes on as a word is no sign
        if found:
            if s[i].isascii() and s[i].isalpha() and (m := self._english.match(s, i)) is not None and m.end() > found[0][1]:
                return [(self.english[m.group().lower()], m.end()), *found]  # Won, not the sign W; krw, not kr
            return found
        if i < len(s) and s[i].isascii() and s[i].isalpha():
            if (m := CODE.match(s, i)) is not None and m.group() in self.kept:
                return [(self.code_word(m.group()), m.end())]
            if (m := self._english.match(s, i)) is not None:
                return [(self.english[m.group().lower()], m.end())]
            if (s[i].islower() and i and (s[i - 1].isdigit() or s[i - 1] == " " and i > 1 and s[i - 2].isdigit())
                    and (m := _LOWER_CODE.match(s, i)) is not None and (code := m.group().upper()) in self.kept):
                return [(self.lower_code_word(code), m.end())]  # 1500 rwf, 6,000kzt: the code typed in lower case
        return []

    def lower_code_word(self, code: str) -> CurrencyWord:
        """An ISO code typed in lower case after an amount (1500 rwf): a currency only where
        the text names its country or currency, as lower-case letters are so often a word."""
        word = self._code_words.get(code.lower())
        if word is None:
            word = self._code_words[code.lower()] = CurrencyWord(code.lower(), code, "code", candidates=(code,),
                                                                 strength="country_only")
        return word

    def prefix(self, s: str, i: int) -> tuple[CurrencyWord, int] | None:
        """A symbol or ISO code written before a number ("US$", "₩", "EUR"), or the won's
        name as Korea's English press once wrote it there ("Won 500 million")."""
        if s.startswith(WON_WORD, i) and (m := _WON_PREFIX.match(s, i)) is not None:
            return self.english[m.group(1).lower()], m.end(1)
        for word, end in self._trie(s, i):
            if word.kind == "symbol" and not _letter_goes_on(s, i, end):
                return word, end
        if (m := CODE.match(s, i)) is not None and m.group() in self.kept:
            return self.code_word(m.group()), m.end()
        return None

    def _trie(self, s: str, i: int) -> list[tuple[CurrencyWord, int]]:
        node, j, n = self.root, i, len(s)
        found: list[tuple[CurrencyWord, int]] = []
        while j < n:
            ch = s[j]
            if ch == " " and node.spaced and j + 1 < n and s[j + 1] in node:
                j += 1
                ch = s[j]
            child = node.get(ch)
            if child is None:
                break
            node, j = child, j + 1
            if node.word is not None:
                found.append((node.word, j))
        found.reverse()
        return found


def _letter_goes_on(s: str, i: int, end: int) -> bool:
    """Is the form ``s[i:end]`` one Latin letter that another letter follows (the P of PLN)?"""
    return end == i + 1 and end < len(s) and s[end].isascii() and s[end].isalpha() and s[i].isascii() and s[i].isalpha()


WON_WORD = "Won"  # the won's name written before the amount (Won 500 million): spotted at its W
_WON_PREFIX = re.compile(r"(Won) ?(?=\d)")  # Won 500 million, Won566bn
