"""Amounts spelled in English words, as radio scripts and wires write them.

>>> from units import extract
>>> [(f.text, str(f.value), f.currency) for f in extract("profit reached nine-point-eight trillion won, or seven-point-nine billion dollars")]
[('nine-point-eight trillion won', '9800000000000', 'KRW'), ('seven-point-nine billion dollars', '7900000000', 'USD')]
>>> [str(f.value) for f in extract("pledges worth a combined one-point-15 billion dollars, more than one billion dollars")]
['1150000000', '1000000000']

A number in words (one to ninety-nine, "a"; or digits before "point": 512-point-three),
its decimals after "point" (in words or digits), then an English magnitude and a currency word: the digits are spotted by the
extractor's one regex, words are not, so this pass reads them. Words come from
``lexicon/numerals.toml`` (``english_words``, ``english_magnitudes``) and the currency
lexicon's English names.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from units.currencies import CurrencyMatcher
from units.extraction.figure import Candidate
from units.lexicon import numerals
from units.numerals import ARITHMETIC, Number, written_precision

__all__ = ["read_spelled"]

_N = numerals()
_WORDS: dict[str, int] = {k.lower(): int(v) for k, v in _N["english_words"].items()}
_MAGNITUDES = {k.lower(): int(v) for k, v in _N["english_magnitudes"].items() if len(k) > 3}
_WORD = "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
_SPELLED = re.compile(
    r"(?<![A-Za-z0-9-])(?P<whole>\d+(?=-point-)|(?:" + _WORD + r")(?:-(?:" + _WORD + r"))?)"
    r"(?:-point-(?P<frac>(?:\d+|" + _WORD + r")(?:-(?:\d+|" + _WORD + r"))*))?"
    r" (?P<mag>" + "|".join(sorted(_MAGNITUDES, key=len, reverse=True)) + r")s? ",
    re.IGNORECASE,
)


def _whole(text: str) -> int | None:
    if text.isdigit():
        return int(text)  # 512-point-three trillion won: digits before the point, words after
    parts = [_WORDS.get(p.lower()) for p in text.split("-")]
    if None in parts:
        return None
    if len(parts) == 2 and not (parts[0] % 10 == 0 and 20 <= parts[0] <= 90 and 0 < parts[1] < 10):  # type: ignore[operator]
        return None  # twenty-five, not five-twenty
    return sum(parts)  # type: ignore[arg-type]


def _fraction(text: str) -> str | None:
    digits = []
    for p in text.split("-"):
        if p.isdigit():
            digits.append(p)
        elif (d := _WORDS.get(p.lower())) is not None and d < 10:
            digits.append(str(d))
        else:
            return None
    return "".join(digits)


def read_spelled(s: str, currencies: CurrencyMatcher) -> list[Candidate]:
    """The spelled-out amounts of ``s`` with a currency after their magnitude, in order."""
    if "illion" not in s and "ILLION" not in s:
        return []
    out = []
    for m in _SPELLED.finditer(s):
        whole = _whole(m.group("whole"))
        frac = _fraction(m.group("frac")) if m.group("frac") else ""
        found = currencies.matches(s, m.end())
        if whole is None or frac is None or not found or found[0][0].kind != "english":
            continue
        word, end = found[0]
        written = Decimal(f"{whole}.{frac}" if frac else whole)
        with localcontext(ARITHMETIC):
            scale = Decimal(10) ** _MAGNITUDES[m.group("mag").lower()]
            value, precision = written * scale, written_precision(written) * scale
        number = Number(m.start(), m.end("mag"), value, value, precision)
        out.append(Candidate(m.start(), end, value, value, precision, word.code, number, word, m.end(), end,
                             rules=("spelled_english",)))
    return out
