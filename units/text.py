r"""Text hygiene with offsets kept: the scanner reads a normalized copy of the text and
every position it finds is mapped back into the caller's original string.

Normalization folds full-width forms (１３０억 → 130억, （ → (), composes decomposed
(NFD) Hangul, drops zero-width characters and the bidirectional marks, embeddings and
isolates that right-to-left pages and copy-paste leave in text (U+200E, U+200F,
U+202A–U+202E, U+2066–U+2069) and the line break hard-wrapped print put inside an amount
(약1백⏎17억, 4천만달⏎러), turns the many space characters into a plain
space, the tilde and dash variants into ``~`` and ``-``, and the Hanja magnitudes of
older print (and simplified Chinese: 40万韩元) into Hangul (3億弗 → 3억弗, 5兆원 → 5조원): each fold is one character for one,
or one for a composed run, so positions map back exactly.

A *gap* is the whitespace that may stand inside an amount or between an amount and its
currency: up to two spaces, or a line break or two with their indentation, as in
hard-wrapped and PDF text ("월 300만\n\n원을", "1조\n2천억원"). :func:`gap_end` is the
one definition every stage uses.

>>> n = Normalized.of("１３０\u200b억 달러")
>>> n.text
'130억 달러'
>>> n.span(0, 4)
(0, 5)
>>> n = Normalized.of("130억\u200f 달러(\u202b약 18조 원\u202c)")
>>> n.text, n.span(0, 7), n.span(10, 15)
('130억 달러(약 18조 원)', (0, 8), (12, 17))
"""

from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Normalized", "normalize", "gap_end", "line_around", "ends_sentence", "trie_alternation", "longest_first", "MAX_GAP_SPACES",
           "MAX_GAP_BREAKS"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # marks, embeddings, isolates
_DROP = frozenset(_ZERO_WIDTH + _BIDI)
_SPACES = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                    "\u200a\u202f\u205f\u3000\t")
_TILDES = frozenset("\u301c\u223c\u2053\uff5e\u02dc")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2015\u2212\ufe63\uff0d")  # \u2015: (―38억 원), a loss as some papers print it
_FOLD = {"\uffe6": "₩", "\uffe5": "¥", "\uffe1": "£", "\uffe0": "¢",
         "萬": "만", "億": "억", "兆": "조", "万": "만", "亿": "억", "千": "천", "百": "백", "\r": " ",
         # the Hanja digits of older print and of cheques' formal forms (十萬圓, 拾萬圓: 100,000 won)
         "一": "일", "二": "이", "三": "삼", "四": "사", "五": "오", "六": "육", "七": "칠", "八": "팔", "九": "구",
         "十": "십", "拾": "십", "佰": "백", "仟": "천", "壹": "일", "貳": "이", "參": "삼",
         "\u2206": "△", "\u0394": "△"}  # ∆ and Δ: the triangle of a negative, as some pages type it
_NEEDS_WORK = re.compile(
    "[\u00a0\u00ad\u1100-\u11ff\u1680\u180e\u2000-\u2013\u2015\u202a-\u202f\u2053\u205f\u2060\u2066-\u2069\u2212"
    "\u223c\u2206\u0394\u02dc\u3000\u301c\ufe63\ufeff\uff01-\uffef\t\r萬億兆千百万亿一二三四五六七八九十拾佰仟壹貳參]"
)

# A line break that hard-wrapped print put inside an amount, dropped: after a place word
# before the rest of the number (약1백\n17억에서: 117억), or inside 달러 after its amount
# (4천만달\n러). Only there: a table's lines of digits stay apart.
_WRAPPED = re.compile(r"(?<=[0-9][백천])\n(?=[0-9]+[십백천만억조])|(?<=[0-9십백천만억조]달)\n(?=러)"
                      r"|(?<=[0-9][십백천]여)\n(?=[만억조])|(?<=[0-9],)\n(?=[0-9]{3}[만억조원])")
# (and after 여 before its myriad word, 1억4천여⏎만원; after a thousands comma before the group and
# its unit, 4,⏎300만원)
_NEEDS_WORK_WRAPPED = re.compile(_NEEDS_WORK.pattern + "|" + _WRAPPED.pattern)


_BREAK_BEFORE = re.compile(r"\n(?=[0-9]+[십백천만억조원]|러|[만억조])")  # (the break first: 3 us on the seed, a loop over breaks 18)


def _wrapped(original: str) -> bool:
    """Does hard-wrapping cut an amount of ``original`` at a line break (see _WRAPPED)?"""
    return any(_WRAPPED.match(original, m.start()) for m in _BREAK_BEFORE.finditer(original))

_L0, _V0, _T0, _S0 = 0x1100, 0x1161, 0x11A7, 0xAC00


def _fold(ch: str) -> str:
    """The plain form of one character ('' to drop it)."""
    if ch in _DROP:
        return ""
    if ch in _SPACES:
        return " "
    if ch in _TILDES:
        return "~"
    if ch in _DASHES:
        return "-"
    if ch in _FOLD:
        return _FOLD[ch]
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return ch


def _compose(text: str, i: int) -> tuple[str, int] | None:
    """A Hangul syllable composed from conjoining jamo at ``i``: (syllable, chars used)."""
    code = ord(text[i])
    if _L0 <= code <= 0x1112 and i + 1 < len(text) and 0x1161 <= ord(text[i + 1]) <= 0x1175:
        lv = _S0 + ((code - _L0) * 21 + ord(text[i + 1]) - _V0) * 28
        if i + 2 < len(text) and 0x11A8 <= ord(text[i + 2]) <= 0x11C2:
            return chr(lv + ord(text[i + 2]) - _T0), 3
        return chr(lv), 2
    if 0xAC00 <= code <= 0xD7A3 and (code - _S0) % 28 == 0 and i + 1 < len(text):
        tail = ord(text[i + 1])
        if 0x11A8 <= tail <= 0x11C2:
            return chr(code + tail - _T0), 2
    return None


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized copy of ``original`` with a map from its positions back.

    Plain runs are copied whole; the map is sparse: ``special`` holds the original span of
    each folded or composed character, and ``breaks``/``deltas`` the offset
    (original - normalized) in force from each normalized position on.
    """

    original: str
    text: str
    special: dict[int, tuple[int, int]] | None = None
    breaks: tuple[int, ...] = (0,)
    deltas: tuple[int, ...] = (0,)

    @classmethod
    def of(cls, original: str) -> Normalized:
        special = set(_NEEDS_WORK.findall(original))
        wrapped = "\n" in original and _wrapped(original)
        if not special and not wrapped:
            return cls(original, original)
        if not wrapped and not any(ch in _DROP or "\u1100" <= ch <= "\u11ff" for ch in special):
            text = original  # no-break spaces, full-width digits: one character for one, offsets unchanged
            for ch in special:  # a few distinct characters, each replaced in one pass
                text = text.replace(ch, _fold(ch))
            return cls(original, text)
        pieces: list[str] = []
        special: dict[int, tuple[int, int]] = {}
        breaks, deltas = [0], [0]
        last = size = 0
        for m in (_NEEDS_WORK_WRAPPED if wrapped else _NEEDS_WORK).finditer(original):
            i = m.start()
            if i < last:
                continue  # consumed by a composition
            if i > last and 0x11A8 <= ord(original[i]) <= 0x11C2 and _compose(original, i - 1):
                i -= 1  # a precomposed syllable followed by a final consonant
            pieces.append(original[last:i])
            size += i - last
            composed = _compose(original, i)
            ch, used = composed if composed is not None else ("" if original[i] == "\n" else _fold(original[i]), 1)
            if ch:
                pieces.append(ch)
                special[size] = (i, i + used)
                size += 1
            last = i + used
            breaks.append(size)
            deltas.append(last - size)
        pieces.append(original[last:])
        return cls(original, "".join(pieces), special, tuple(breaks), tuple(deltas))

    def _orig(self, k: int) -> int:
        return k + self.deltas[bisect_right(self.breaks, k) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span ``[start, end)`` to the original text."""
        if self.special is None:
            return start, end
        if start >= end:
            return self._orig(start), self._orig(start)
        first = self.special.get(start)
        last = self.special.get(end - 1)
        return (first[0] if first else self._orig(start)), (last[1] if last else self._orig(end - 1) + 1)


MAX_GAP_SPACES = 2  # spaces in a gap without a line break
MAX_GAP_BREAKS = 2  # line breaks in a gap
_MAX_GAP_CHARS = 12  # a gap with line breaks, indentation included


def gap_end(s: str, i: int, *, breaks: int = MAX_GAP_BREAKS) -> int:
    r"""The end of the gap starting at ``s[i]``: ``i`` itself when there is none, or when
    the whitespace there is too long to stand inside one amount (a paragraph apart).

    >>> gap_end("300만  원", 4), gap_end("300만\n\n원", 4), gap_end("300만     원", 4)
    (6, 6, 4)
    """
    j, n, newlines = i, len(s), 0
    while j < n and s[j] in " \n":
        if s[j] == "\n":
            newlines += 1
            if newlines > breaks:
                return i
        j += 1
    if j - i > (_MAX_GAP_CHARS if newlines else MAX_GAP_SPACES):
        return i
    return j


_FINAL_SYLLABLES = frozenset("다요죠까네음임함됨")  # the endings a sentence closes on


def ends_sentence(s: str, at: int) -> bool:
    """Does the mark at ``s[at]`` (one of the sentence ends: . ! ? ⏎ …) end a sentence? A
    point does not between digits (1,450.3), inside an abbreviation (a.m., U.S.), or before
    a letter, digit, dash or bracket (a.m.–3:30, U.S.-made, p.m.)).

    >>> [ends_sentence(t, t.index(".")) for t in ("1.5원", "9 a.m.–3 p.m.", "했다. 그", "U.S. dollars", "있다.13일",
    ...                                            "원.달러 환율", "올랐다.그러나")]
    [False, False, True, False, True, False, True]
    """
    if s[at] != ".":
        return True
    before = s[at - 1] if at else ""
    after = s[at + 1] if at + 1 < len(s) else ""
    if before.isdigit() and after.isdigit():
        return False
    if after.isdigit() and "가" <= before <= "힣":
        return True  # 오르고 있다.13일 서울 외환시장에서: paragraphs a page ran together
    if "가" <= before <= "힣" and "가" <= after <= "힣" and before not in _FINAL_SYLLABLES and not (
            at >= 3 and "가" <= s[at - 2] <= "힣" and "가" <= s[at - 3] <= "힣"):
        return False  # 원.달러, 한.미: a point for the middle dot between short names (not 했다.그러나)
    if after and ((after.isascii() and after.isalnum()) or after in "–-),"):
        return False
    return not (at >= 2 and s[at - 2] == "." and before.isascii() and before.isalpha())


def line_around(s: str, at: int, reach: int) -> tuple[int, int]:
    r"""The line holding ``s[at]``, looked for at most ``reach`` characters either way (a
    line longer than that is cut there): per figure, a bounded look, never a pass over a
    text with no line breaks.

    >>> line_around("제목\n본문 100원\n끝", 6, 40), line_around("x" * 100, 50, 10)
    ((3, 10), (40, 60))
    """
    first = max(0, at - reach)
    start = s.rfind("\n", first, at)
    end = s.find("\n", at, at + reach)
    return (start + 1 if start >= 0 else first), (end if end >= 0 else min(len(s), at + reach))


def normalize(text: str) -> str:
    """The normalized form of ``text`` (see :class:`Normalized`)."""
    return Normalized.of(text).text


@lru_cache(maxsize=8)
def ascii_part(text: str) -> bytes:
    """The ASCII characters of ``text``, for the English cues several readers look for in a
    Korean text: searched there, a dozen cues cost less than one pass dropping the Hangul."""
    return text.encode("ascii", "ignore")


@lru_cache(maxsize=8)
def letters_part(text: str) -> bytes:
    """The ASCII letters of ``text`` alone: a cue of letters (million, Unit) is in it wherever
    it is in the text, and a Korean text's few letters are searched many times faster than its
    ASCII part, whose spaces and digits are most of it. (A match here may join two words: a
    gate before the real look, never the look itself.)"""
    return ascii_part(text).translate(None, _NOT_LETTERS)


_NOT_LETTERS = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def longest_first(word: str) -> tuple[int, str]:
    """A sort key: longer words first (so an alternation tries 억원 before 억), and words of
    one length in their own order, so a pattern built from a set reads the same in every
    process whatever the hash seed."""
    return -len(word), word


def trie_alternation(words: list[str]) -> str:
    """An alternation of literals factored by first character (가(?:나|봉)|감비…), so the
    engine tries one character per branch instead of one word."""
    tree: dict[str, set[str]] = {}
    for w in words:
        tree.setdefault(w[0], set()).add(w[1:])
    parts = []
    for first in sorted(tree):
        rests = sorted((r for r in tree[first] if r), key=longest_first)
        if not rests:
            parts.append(re.escape(first))
            continue
        optional = "?" if "" in tree[first] else ""
        parts.append(re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")" + optional)
    return "|".join(parts)
