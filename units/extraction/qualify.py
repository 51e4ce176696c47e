"""Signs and qualifiers around an amount; the words stay outside the figure's span.

Rules, in order:

* ``sign``: △30억 원, -30억 원, 마이너스 3달러 are negative (a run of dashes is table
  fill, not a sign: ``-----5천만원---``);
* ``qualifier``: a bound or approximation before the number (약, 최대, 적어도) or after
  the amount (가량, 이상, 넘는, 웃돌았다, 이내), across up to two spaces or a line break;
  a bound negated right after it turns around (초과하지 아니하는 is at most, 미만이 아닌
  at least). Words come from ``lexicon/qualifiers.toml``.
"""

from __future__ import annotations

import re

from units.currencies import is_hangul
from units.extraction.amount import FROM_MARKS as _FROM_MARKS, from_mark
from units.extraction.figure import Candidate, Rejection
from units.extraction.scan import Scan
from units.lexicon import numerals, qualifiers
from units.text import longest_first

__all__ = ["RULES"]

_Q = qualifiers()
_BEFORE = dict(_Q["before"])
_AFTER = dict(_Q["after"])
_PARTICLES = _Q["particles"]["before_after"]
_GAP = r"(?: {0,2}| ?\n{1,2} *)"
_AFTER_RE = re.compile(_GAP + "(" + "|".join(re.escape(w) for w in sorted(_AFTER, key=longest_first)) + ")")
_PARTICLE_AFTER_RE = re.compile(
    "(?:" + "|".join(_PARTICLES) + ")" + _GAP
    + "(" + "|".join(re.escape(w) for w in sorted(_AFTER, key=longest_first)) + ")"
)
_NEG = _Q["negation"]
_NEG_RE = re.compile(r".{0," + str(int(_NEG["within"])) + "}?(?:" + "|".join(re.escape(w) for w in _NEG["cues"]) + ")")
_TURNS = _NEG["turns"]
_N = numerals()
_NEGATIVE = frozenset(_N["signs"]["negative"])
_MINUS_WORDS = tuple(_N["words"]["minus"])


def sign(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A sign or minus word before the number joins the span and negates the amount."""
    s, i = scan.s, c.start
    start = None
    if i > 0 and s[i - 1] in _NEGATIVE and (i < 2 or not s[i - 2].isalnum()):
        if not (s[i - 1] == "-" and i >= 2 and s[i - 2] in "-)]"):  # ----5천만원: dash fill; 997원(980원)-962원: a dash
            start = i - 1
    else:
        j = i - 1 if i > 0 and s[i - 1] == " " else i
        for word in _MINUS_WORDS:
            if s.startswith(word, j - len(word)) and (j - len(word) == 0 or not is_hangul(s[j - len(word) - 1])):
                start = j - len(word)
                break
    if start is None:
        return c
    return c.but("sign", start=start, low=-c.high, high=-c.low)


# Quick refusals: most amounts have no qualifier, and the character next to them says so.
_AFTER_FIRST = frozenset(w[0] for w in _AFTER) | frozenset(p[0] for p in _PARTICLES)
_BEFORE_BY_LAST: dict[str, list[str]] = {}  # the Korean words before an amount, by their last character, longest first
for _w in sorted((w for w in _BEFORE if not w.isascii()), key=longest_first):
    _BEFORE_BY_LAST.setdefault(_w[-1], []).append(_w)
_ENGLISH_BY_LAST: dict[str, list[str]] = {}  # the English ones (about, approx.), lower case
for _w in sorted((w.lower() for w in _BEFORE if w.isascii()), key=longest_first):
    _ENGLISH_BY_LAST.setdefault(_w[-1], []).append(_w)
_GAP_RE = re.compile(_GAP)


def _after(s: str, end: int) -> str | None:
    j = end
    while j < len(s) and j - end < 6 and s[j] in " \n":
        j += 1
    if j >= len(s) or s[j] not in _AFTER_FIRST:
        return None
    m = _AFTER_RE.match(s, end) or _PARTICLE_AFTER_RE.match(s, end)
    if m is None:
        return None
    kind = _AFTER[m.group(1)]
    if kind in _TURNS and _NEG_RE.match(s, m.end()):
        return _TURNS[kind]
    return kind


def _before(s: str, start: int) -> str | None:
    j = start
    while j > 0 and start - j < 6 and s[j - 1] in " \n":
        j -= 1
    if j == 0:
        return None
    last = s[j - 1]
    english = last.isascii()
    words = (_ENGLISH_BY_LAST if english else _BEFORE_BY_LAST).get(last.lower() if english else last)
    if words is None or not _GAP_RE.fullmatch(s, j, start):
        return None
    for word in words:  # the longest word ending there that starts a word (what a search back would find first)
        k = j - len(word)
        if k < 0:
            continue
        if english:  # (about, More than: any case, after no letter)
            if s[k:j].lower() == word and (k == 0 or not (s[k - 1].isascii() and s[k - 1].isalpha())):
                return _BEFORE[word]
        elif s.startswith(word, k) and (k == 0 or not "\uac00" <= s[k - 1] <= "\ud7a3"):
            return _BEFORE[word]
    return None


def qualifier(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """The bound or approximation written around the amount."""
    if c.qualifier is not None and c.qualifier != "approx":
        return c  # ranges, bands and vague amounts say what they are
    found = _after(scan.s, c.end) or _before(scan.s, c.start)
    if found is None and c.end < len(scan.s) and scan.s[c.end] in _FROM_MARKS and c.exact and from_mark(scan.s, c.end):
        found = _FROM_KIND  # 1박 50,000원~: from that price up
    if found is None or found == c.qualifier:
        return c
    return c.but("qualifier", qualifier=found)


_FROM_KIND = "at_least"
RULES = (sign, qualifier)
