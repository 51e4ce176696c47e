"""Spotting: the one fast regular expression that finds where an amount may start.

Most of a text holds no money, so the first stage must be cheap. One character class
opens the pattern, so the regex engine skips ahead with its fast prefix scan; each
branch then checks, looking back, what kind of character opened it and whether it starts
a word, and looking ahead, whether a currency, a magnitude or more of a number follows.
Everything it reads is built from the lexicon's tables; it decides nothing, the stages
after it do.
"""

from __future__ import annotations

import re

from units.currencies import WON_WORD, CurrencyMatcher, is_hangul
from units.extraction.amount import HANGUL_MAGNITUDE_FIRSTS, QUOTES
from units.lexicon import context_words, currency_overrides, currency_words
from units.numerals import APPROX_INFIX, DECIMAL_POINTS, MYRIADS, NUMERAL_CHARS, SINO_DIGITS, SMALL_UNITS, VAGUE
from units.text import longest_first, trie_alternation

__all__ = ["spot_pattern"]


def _cls(chars: set[str] | frozenset[str] | str) -> str:
    return "".join(sorted(re.escape(ch) for ch in set(chars)))


def _rests(symbols: list[str]) -> str:
    """The signs of two characters or more, read after their first: an alternation led by
    each second character, then the first two looked behind at, then the rest."""
    by_second: dict[str, dict[str, set[str]]] = {}
    for w in symbols:
        if len(w) > 1:
            by_second.setdefault(w[1], {}).setdefault(w[:2], set()).add(w[2:])
    parts = []
    for second in sorted(by_second):
        heads = []
        for head, tails in sorted(by_second[second].items()):
            longer = sorted((t for t in tails if t), key=longest_first)
            rest = "" if not longer else "(?:" + "|".join(map(re.escape, longer)) + ")" + ("?" if "" in tails else "")
            heads.append("(?<=" + re.escape(head) + ")" + rest)
        parts.append(re.escape(second) + "(?:" + "|".join(heads) + ")")
    return "|".join(parts)


def spot_pattern(currencies: CurrencyMatcher) -> re.Pattern[str]:
    """The spotting pattern for a matcher's lexicon."""
    words = currency_words()
    after_only = set(currency_overrides()["suffix_signs"]["names"])  # 200kr: spotted by its number
    symbols = sorted((w.name for w in words if w.kind == "symbol" and w.name not in after_only), key=longest_first)
    numeral = _cls(NUMERAL_CHARS | set(VAGUE))
    follow = {ch for ch in currencies.root if not ch.isascii() or not ch.isalnum()}
    # a Korean numeral before a country_only word (이만 동) is a word far more often than money
    heads = sorted({w.name.replace(" ", "")[:2] for w in words
                    if w.kind in ("name", "subunit") and is_hangul(w.name[0]) and w.strength != "country_only"})
    heads += sorted(ch for ch in follow if not is_hangul(ch))  # 弗, 元, ¢: one character is enough
    quotes = _cls(set(QUOTES))
    cont = _cls(follow | NUMERAL_CHARS | {w[0] for w in symbols} | HANGUL_MAGNITUDE_FIRSTS) + quotes  # (3.5 빌리언 달러)
    arrows = _cls({a[0] for a in context_words()["arrows"]["marks"]})  # 9,300 → 9,600원: a price and what it becomes
    first = "0-9A-Z" + _cls({w[0] for w in symbols}) + numeral
    # One lookbehind per kind of opening character, so a character of another kind fails
    # each branch in one step (the text is mostly Hangul; most Hangul numerals are words).
    singles = {w for w in symbols if len(w) == 1}
    letters = {w for w in singles if w.isascii() and w.isalpha()}  # P48.38, W1 trillion: a letter only before digits
    # the rests of the signs after their first character, by their second (one literal tried
    # per branch, not one sign: the text's every capital letter is tried), each behind the first
    # two characters of its own sign (not The, Tu or Au: T of Tk, then h of Sh)
    symbol_branch = ("(?<=[" + _cls({w[0] for w in symbols if len(w) > 1}) + "])(?:" + _rests(symbols) + ")"
                     + "|(?<=[" + _cls(singles - letters - {"$"}) + "])"
                     + r"|(?<=\$)(?<![A-Z]\$)")  # (N$32.762, Z$: another dollar's sign, glued to its capital; money$937.6k is scraped text)
    if letters:  # (and the won's W of "Won 500 million", as Korea's English press once wrote it)
        symbol_branch += "|(?<=[" + _cls(letters) + r"])(?=\n?\d|" + re.escape(WON_WORD[1:]) + r" ?\d)"
    myriads, digits = _cls(set(MYRIADS)), _cls(set(SINO_DIGITS) | set(SMALL_UNITS))
    # a Korean numeral inside a Hangul word (회사, 연구, 이 after a noun) is the commonest false
    # opening of a Korean text, and a letter inside a Latin word (OpenAI, things, select) of an
    # English one: turned down at once, before any branch is tried (no sign or code opens inside a word;
    # the branches need not look again); and so is a digit after a digit (the rest of 2024: no branch takes it)
    inside_word = "(?<![\uac00-\ud7a3][" + numeral + "])(?<![A-Za-z][A-Za-z])(?<![0-9][0-9])"
    return re.compile(
        "[" + first + "]" + inside_word + "(?:"
        # digits that start a number (not inside a word or another number; "품목,3억" starts;
        # not the fraction of $.80, whose point stands right after the sign)
        # (never the last groups of one: 3, 000, 000원 as courts print it; a list's last item
        # does start: 10, 50, 100, 500원)
        # (%2B1.7조원: a plus sign a web page left URL-encoded is no letter before the number)
        r"(?<=[0-9])(?:(?:(?<![A-Za-z0-9][0-9])|(?<=%2B[0-9]))(?<![0-9][.,][0-9])(?<![$€£¥₩]\.[0-9])(?!(?<=[0-9], 0)[0-9]{2}(?![0-9]))"
        r"\d*+(?:[.,]\d+|, \d{3}(?![0-9]))*+"  # (possessive: what follows a shorter reading is a digit, a point or a comma, never a cue)
        r"(?=[ \n]{0,8}[" + cont + arrows + r"A-Za-z~\-+" + APPROX_INFIX + r"]|[ \t]*\|[ \t]*[^\s|\d][^|\n]{0,6}[ \t]*(?:\||\n|$)"
        r"| \([+-]?\d[\d.]*%\)))"  # (+25.00 (0.86%): a price's move and its percentage, on a stock page)
        # Korean numerals that start a word (not the rest of a number: l억5천만원) and go on
        # to a currency, a digit or more numerals (the commonest opening of Korean text after
        # digits, so second: its two branches are tried only after a numeral)
        + r"|(?<=[" + numeral + r"])(?=[" + numeral + r" \n" + _cls({h[0] for h in heads}) + r"0-9~\-" + quotes
        + APPROX_INFIX + _cls(DECIMAL_POINTS) + r"])(?:"  # (what may follow a numeral of money, checked once: 이번, 사업 fail here)
        # a vague coefficient, a space and a place word (몇 만엔, 수 억 원)
        # (십몇 만 원: a vague word of two syllables, spotted at its first)
        + r"(?<=[" + _cls({w[0] for w in VAGUE}) + r"])(?=[" + _cls({w[1] for w in VAGUE if len(w) == 2}) + r"]? ["
        + _cls(set(SMALL_UNITS) | set(MYRIADS)) + r"])"
        + r"|(?<![0-9][" + numeral + r"])[" + numeral + r"]*"
        + r"(?:(?= {0,2}[" + _cls({h[0] for h in heads}) + r"0-9~\-" + quotes + APPROX_INFIX + _cls(DECIMAL_POINTS) + "])"
        + r"(?= {0,2}(?:" + trie_alternation(heads) + r"|[0-9~\-" + quotes + APPROX_INFIX
        + _cls(DECIMAL_POINTS) + r"]))|(?<=[" + myriads + r"])(?=[ \n]{1,4}[" + digits + r"])"
        + r"|(?= [" + myriads + r"])(?<=[" + _cls(set(SMALL_UNITS)) + r"])))"  # (천 억 원, 삼천 억 달러)
        # the letters and signs, behind one look (a digit or numeral that failed above tries nothing more):
        # an ISO code before a number (or in brackets right before it: (KRW)1,000)
        + r"|(?<=[A-Z" + _cls({w[0] for w in symbols}) + r"])(?:(?<=[A-Z])[A-Z]{2}(?=[ \n]?\d|\)\d)"
        "|" + symbol_branch
        + "))"
    )
