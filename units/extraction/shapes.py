"""Shapes around an amount once it is read: two amounts of one currency joined into a
range, and a band ("50조 원대"). Vague amounts (수십억) and ranges whose first number
borrows the unit (100억~200억 달러) are read with the amount itself.

Rules, in order: ``range_after`` (with English ``between`` ranges), ``band``.
"""

from __future__ import annotations

import re
from decimal import localcontext

from units.currencies import is_hangul
from units.extraction.amount import DASH_LINKS, FROM_MARKS, RANGE_LINKS, between_tail, from_mark, prefixed_tail, range_tail
from units.extraction.figure import Candidate, Rejection
from units.extraction.grammar import GRAMMAR, hangul_run_end
from units.extraction.scan import Scan
from units.lexicon import qualifiers
from units.numerals import ARITHMETIC

__all__ = ["RULES"]

_BAND = qualifiers()["band"]["suffix"]
_SPACED_BAND = " " + _BAND
_NOT_BAND_AFTER = tuple(qualifiers()["band"]["not_after_space"])  # 100억 원 대가: a price paid, not a band
_ENGLISH_BAND = qualifiers()["band"]["english"]
_ENGLISH_BANDS = (_ENGLISH_BAND, _ENGLISH_BAND.title(), _ENGLISH_BAND.upper())  # range, Range (in headlines), RANGE
_FROM = qualifiers()["from_to"]["word"]
_PART_BAND = re.compile(r" ?(?:" + "|".join(qualifiers()["band"]["parts"]) + ")" + _BAND)  # 40만 원 중후반대
_PART_FIRST = tuple({p[0] for p in qualifiers()["band"]["parts"]} | {" " + p[0] for p in qualifiers()["band"]["parts"]})


def range_after(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """"100억 달러~200억 달러", "11200원에서 13000원이다": two amounts of one currency joined by
    a range mark, or by 에서 where what follows the second says it ends a range; in English
    between A and B, A to B (:func:`between`); after a sign written once, $10~20."""
    s = scan.s
    if c.exact and c.word is not None and (c.word.name.isascii() or c.word.kind == "symbol") and (
            s.startswith(RANGE_LINKS, c.end) or s.endswith(RANGE_LINKS, 0, c.start)
            or c.scale > 1 and s.endswith(DASH_LINKS, 0, c.start)):
        found = between(scan, c)  # between $1 billion and $2 billion; 55 trillion won to 249 trillion won
        if found is not c:
            return found
    if c.exact and c.word is not None and c.word_start < c.number.start and c.word_end == c.end:
        tail = prefixed_tail(scan, c)  # $10~20, €5-10: the sign written once, before the first
        if tail is not None:
            end, low, high, precision, code = tail
            if code != c.code:
                c = c.but("prefix_symbol_code", code=code)  # $10~15 호주달러: the dollar named after the range
            return c.but("range_after", low=low, high=high, end=end, word_end=end, exact=False, qualifier="range_of",
                         shape="range", precision=precision)
    if not c.exact or (c.word_end != c.end and s[c.end : c.word_end] != _FROM) or (
            c.end < len(s) and s[c.end] in FROM_MARKS and from_mark(s, c.end)):
        return c  # (300,000원~ 500,000원~: a row of starting prices, not a range)
    found = range_tail(scan, c.end)
    if found is None or found[1].code != c.code or found[1].low <= c.low:
        return c
    tail = found[1]
    return c.but("range_after", high=tail.high, end=tail.end, word_end=tail.word_end, exact=False,
                 qualifier="range_of", shape="range", precision=min(c.precision, tail.precision))


def _spaced_band_end(s: str, k: int) -> int | None:
    """Where the word of a band written apart from its amount ends (400억 원 대, 6만7000달러
    대로), or None: 대 there is another word (대출, 대비, 대가) or "versus" (3억 원 대 2억 원)."""
    stop = hangul_run_end(s, k)
    if stop == k:
        j = k + 1 if s.startswith(" ", k) else k
        return k if j >= len(s) or not s[j].isdigit() else None
    rest = s[k:stop]
    return stop if not rest.startswith(_NOT_BAND_AFTER) and GRAMMAR.ends_plainly(rest, _BAND) else None


_RATIO = re.compile(r" ?\d[\d,.]* ?[\uac00-\ud7a3]{1,3}의 (?:비율|비례|교환)")  # (10환대 1원의 비율)


def band(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """"50조 원대": from 50조 up to (not including) 60조; in English "the 13 trillion won range"."""
    s = scan.s
    if c.word is None or not (c.exact or c.shape == "range"):
        return c
    if s.startswith(_BAND, c.end) and is_hangul(s[c.end - 1]):
        if _RATIO.match(s, c.end + len(_BAND)):
            return c  # 10환대 1원의 비율로: 대 is "to" between the two sides of a ratio, not a band
        suffix = _BAND
    elif s.startswith(_SPACED_BAND, c.end) and is_hangul(s[c.end - 1]) and c.word_end == c.end and (
            stop := _spaced_band_end(s, c.end + len(_SPACED_BAND))) is not None:
        with localcontext(ARITHMETIC):  # 6만7000달러 대로, 400억 원 대: the band written apart
            high = c.high + c.precision
        return c.but("band", high=high, end=c.end + len(_SPACED_BAND), word_end=stop, exact=False,
                     qualifier="range_of", shape="band")
    elif s.startswith(_PART_FIRST, c.end) and c.word_end == c.end and (part := _PART_BAND.match(s, c.end)) is not None and (
            stop := _spaced_band_end(s, part.end())) is not None:
        with localcontext(ARITHMETIC):  # 40만 원 중후반대: a part of the band, read as the whole band
            high = c.high + c.precision
        return c.but("band", high=high, end=part.end(), word_end=stop, exact=False, qualifier="range_of", shape="band")
    elif (s.startswith(_ENGLISH_BANDS, c.end) and s[c.end - 1].isascii()
          and s[c.end - 1].isalpha() and not s[c.end + len(_ENGLISH_BAND) : c.end + len(_ENGLISH_BAND) + 1].isalpha()):
        suffix = _ENGLISH_BAND  # the 13 trillion won range; Entering 600 Million KRW Range, as headlines capitalize
    else:
        return c
    with localcontext(ARITHMETIC):  # 7500만~7600만원대: up to the second's band
        high = c.high + c.precision
    return c.but("band", high=high, end=c.end + len(suffix), exact=False, qualifier="range_of", shape="band")


def between(scan: Scan, c: Candidate) -> Candidate:
    """"between $1 billion and $2 billion", "between 1 trillion and 2 trillion won", "55
    trillion won to 249 trillion won": an English range, its first amount written in full
    or as a bare number (not after from or a word of change: rose 1 trillion won to …)."""
    s = scan.s
    if c.start and s[c.start - 1] not in " (" and not (c.word is not None and c.word_start == c.start
                                                       and c.word.kind == "symbol"):
        return c  # ($600 to $1,200): a range in brackets too; Deposit₩5 million to ₩20 million: a sign glued
    found = between_tail(scan, c)
    if found is None:
        return c
    at, low, high, precision = found
    start, end = (c.start, at) if at > c.end else (at, c.end)
    return c.but("between", start=start, end=end, word_end=max(end, c.word_end), low=low, high=high, exact=False,
                 qualifier="range_of", shape="range", precision=precision)


RULES = (range_after, band)
