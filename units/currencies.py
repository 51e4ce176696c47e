"""Finding currency words, symbols and codes next to a number.

Korean names (CLDR's "캐나다 달러" and colloquial "달러", "엔화", "원") and symbols live in
one character trie, so a match costs one step per character whatever the size of the
lexicon; a space between the words of a name is optional ("캐나다달러").

>>> m = CurrencyMatcher()
>>> w, end = m.match("1천 640만 캐나다 달러이다", 8)
>>> w.code, end
('CAD', 14)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from units.errors import CurrencyError
from units.lexicon import CurrencyWord, currency_overrides, currency_words, iso_codes

__all__ = ["CurrencyMatcher", "is_hangul", "supported_codes", "validate_code"]


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


class _Node(dict):
    __slots__ = ("word", "spaced")

    def __init__(self) -> None:
        super().__init__()
        self.word: CurrencyWord | None = None
        self.spaced = False  # a name has a space after this prefix


class CurrencyMatcher:
    """Longest-match lookup of currency forms at a position of normalized text.

    :param defaults: overrides for words shared by several currencies, e.g.
        ``{"프랑": "FRF", "루피": "INR"}``.
    """

    def __init__(self, defaults: Mapping[str, str] | None = None) -> None:
        self.root = _Node()
        self.english: dict[str, CurrencyWord] = {}
        overrides = {k: validate_code(v) for k, v in (defaults or {}).items()}
        for word in currency_words():
            if word.name in overrides:
                word = replace(word, code=overrides[word.name])
            if word.kind in ("english",) or (word.kind == "subunit" and word.name.isascii()):
                self.english[word.name.lower()] = word
            else:
                self._add(word)
        self.not_before: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in currency_overrides()["not_before"].items()
        }
        names = sorted(self.english, key=len, reverse=True)
        self._english = re.compile(r"(?i)(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")
        self._code = re.compile(r"[A-Z]{3}(?![A-Za-z])")
        self.codes = iso_codes()

    def _add(self, word: CurrencyWord) -> None:
        node = self.root
        for ch in word.name:
            if ch == " ":
                node.spaced = True
                continue
            node = node.setdefault(ch, _Node())
        if node.word is None or not word.ambiguous:
            node.word = word

    def match(self, s: str, i: int) -> tuple[CurrencyWord, int] | None:
        """The longest currency form starting at ``s[i]``: (word, end), or None."""
        found = self._trie(s, i)
        if found is not None:
            return found
        if i < len(s) and s[i].isascii() and s[i].isalpha():
            if (m := self._code.match(s, i)) is not None and m.group() in self.codes:
                return CurrencyWord(m.group(), m.group(), "code"), m.end()
            if (m := self._english.match(s, i)) is not None:
                return self.english[m.group().lower()], m.end()
        return None

    def prefix(self, s: str, i: int) -> tuple[CurrencyWord, int] | None:
        """A symbol or ISO code written before a number ("US$", "₩", "EUR")."""
        found = self._trie(s, i)
        if found is not None and found[0].kind == "symbol":
            return found
        if (m := self._code.match(s, i)) is not None and m.group() in self.codes:
            return CurrencyWord(m.group(), m.group(), "code"), m.end()
        return None

    def _trie(self, s: str, i: int) -> tuple[CurrencyWord, int] | None:
        node, j, n = self.root, i, len(s)
        best: tuple[CurrencyWord, int] | None = None
        while j < n:
            ch = s[j]
            if ch == " " and node.spaced and j + 1 < n and s[j + 1] in node:
                j += 1
                ch = s[j]
            child = node.get(ch)
            if child is None:
                break
            node, j = child, j + 1
            if node.word is not None and self._bounded(node.word, s, j):
                best = (node.word, j)
        return best

    def _bounded(self, word: CurrencyWord, s: str, end: int) -> bool:
        """Does the form end here, rather than run on into another word?"""
        if end >= len(s):
            return True
        nxt = s[end]
        if word.name[-1].isascii() and word.name[-1].isalpha():
            return not (nxt.isascii() and nxt.isalpha())
        return nxt not in self.not_before.get(word.name, ())
