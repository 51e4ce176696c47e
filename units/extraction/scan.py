"""The state of one ``extract()`` call, shared by the stages: the normalized text, the
numbers read so far, the article's date and, read only when a figure needs it, the
text's context."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date as Date
from typing import TYPE_CHECKING

from units.extraction.context import Context
from units.extraction.figure import Candidate, Rejection
from units.numerals import Number, scan_number
from units.text import ascii_part, letters_part

if TYPE_CHECKING:
    from collections.abc import Callable

    from units.currencies import CurrencyMatcher

__all__ = ["Scan"]


class Scan:
    """One text being scanned. ``trace`` collects rejected readings when explaining."""

    __slots__ = ("s", "currencies", "date", "memo", "last", "quotes", "changes", "trace", "fx_text", "found",
                 "_context", "_holds", "_marks", "read_codes", "pricing")

    def __init__(self, s: str, currencies: CurrencyMatcher, date: Date | None, trace: list[Rejection] | None) -> None:
        self.s = s
        self.currencies = currencies
        self.date = date
        self.memo: dict[int, Number | None] = {}
        self.last: Candidate | None = None  # the figure read last (a stated conversion follows it)
        self.read_codes: set[str] = set()  # the currencies of the figures read so far
        self.pricing: Candidate | None = None  # the one unit whose price a quote's reader is reading (1불에 35 코르도바)
        self.quotes: list = []  # exchange-rate quotes (QuoteDraft), read by the last stage
        self.changes: list = []  # changes of exchange rates (QuoteDraft): neither money nor levels
        self.fx_text: object = None  # where the text talks about rates (quotes.FxText), read once when needed
        self.found: dict[str, object] = {}  # what a stage looked for in the whole text, and what it found
        self._marks: dict[object, list[int]] = {}  # by pattern, or (pattern, place)
        self.trace = trace
        self._context: Context | None = None
        self._holds: dict[str, bool] = {}

    def holds(self, word: str) -> bool:
        """Does the text hold ``word`` anywhere? (a rule that needs it skips texts without it)"""
        found = self._holds.get(word)
        if found is None:  # an English cue is looked for among the ASCII characters only (units.text.ascii_part)
            if not word.isascii():
                found = word in self.s
            else:  # (a word of letters first among the letters: a Korean text's few are looked through fast)
                found = (not word.isalpha() or word.encode() in letters_part(self.s)) and word.encode() in ascii_part(self.s)
            self._holds[word] = found
        return found

    def marked(self, pattern: re.Pattern[str], start: int, end: int,
               place: Callable[[str, re.Match[str]], int] | None = None) -> bool:
        """Does ``pattern`` match somewhere in ``s[start:end]``? The text is searched once
        per pattern and the places kept, so asking about every figure's sentence costs a
        lookup, not a pass over the sentence (a text with no sentence ends is one sentence).
        A match is where it starts, or the ``place`` that function gives it (a pattern that
        opens on a literal, fast to find, may look back at what the mark starts with)."""
        key = pattern if place is None else (pattern, place)  # (the same pattern placed otherwise is another mark)
        places = self._marks.get(key)
        if places is None:
            s = self.s
            places = self._marks[key] = ([m.start() for m in pattern.finditer(s)] if place is None
                                             else [place(s, m) for m in pattern.finditer(s)])
        k = bisect_left(places, start)
        return k < len(places) and places[k] < end

    def forget_before(self, pos: int) -> None:
        """Drop the numbers read before ``pos``: the scan never goes back, and a text's many
        numbers would otherwise all stay alive (and be walked by every garbage collection)."""
        if len(self.memo) > 32:
            self.memo = {k: v for k, v in self.memo.items() if k >= pos}

    def number(self, i: int) -> Number | None:
        """The well-formed number starting at ``i``, or None."""
        try:
            found = self.memo[i]
        except KeyError:
            found = self.memo[i] = scan_number(self.s, i)
        return None if found is None or found.malformed else found

    def number_before(self, end: int, reach: int = 16) -> Number | None:
        """The well-formed number that ends right at ``end`` (1143.00 before the slash of
        1143.00/1144.00원, 1천231.50 of 1천231.50/1천233원), written in digits with its
        separators and place words, and opening a word; else None."""
        s, first = self.s, end
        while first > 0 and end - first < reach and (s[first - 1].isdigit() or s[first - 1] in ",.천백"):
            first -= 1
        if first == end or (first > 0 and s[first - 1].isalnum()):
            return None
        found = self.number(first)
        return found if found is not None and found.end == end else None

    def written(self, i: int) -> Number | None:
        """The number written at ``i``, malformed ones too (29억7,085억: a typo). A range or
        compound reads its second number, and the scan reads it again when it moves on:
        each is read once."""
        try:
            return self.memo[i]
        except KeyError:
            found = self.memo[i] = scan_number(self.s, i)
            return found

    @property
    def context(self) -> Context:
        if self._context is None:
            self._context = Context(self.s)
        return self._context
