"""Amounts spelled in English words, as radio scripts and wires write them.

>>> from units import extract
>>> [(f.text, str(f.value), f.currency) for f in extract("profit reached nine-point-eight trillion won, or seven-point-nine billion dollars")]
[('nine-point-eight trillion won', '9800000000000', 'KRW'), ('seven-point-nine billion dollars', '7900000000', 'USD')]
>>> [str(f.value) for f in extract("pledges worth a combined one-point-15 billion dollars, more than one billion dollars")]
['1150000000', '1000000000']
>>> [str(f.value) for f in extract("sales of one-quadrillion-641-trillion won; an eleven-point-seven-trillion-won budget")]
['1641000000000000', '11700000000000']

A number in words is a run of words and digits joined by hyphens or spaces, read by the
grammar of English numbers: groups of one to ninety-nine ("a", "twenty-five", or digits),
"hundred" inside a group, "point" and its decimals (in words or digits), and magnitudes
("thousand" to "quadrillion") in falling order between groups: "one-thousand-339-point-eight
won" is 1,339.8 won. A currency word must follow. The run must hold a word (digits and
magnitudes alone are the extractor's: "1 trillion 500 billion won"), and a bare group
must be counted in hundreds, thousands or decimals ("three won" is rarely money: "all
three won gold"). The extractor's one regex spots digits, not words, so this pass reads
them after the scan. Words come from ``lexicon/numerals.toml`` (``english_words``,
``english_multipliers``, ``english_magnitudes``) and the currency lexicon's English names.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

from units.currencies import CurrencyMatcher
from units.extraction.figure import Candidate
from units.lexicon import numerals
from units.numerals import ARITHMETIC, Number, written_precision
from units.text import ascii_part as ascii_of
from units.text import longest_first
from units.text import letters_part

__all__ = ["read_spelled", "read_spelled_number", "SPELLED_RUN"]

_N = numerals()
_WORDS: dict[str, int] = {k.lower(): int(v) for k, v in _N["english_words"].items()}
_MULTIPLIERS: dict[str, int] = {k.lower(): int(v) for k, v in _N["english_multipliers"].items()}
_MAGNITUDES = {k.lower(): int(v) for k, v in _N["english_magnitudes"].items() if len(k) > 3}
_POINT = "point"
_TOKEN = "|".join(sorted(map(re.escape, [*_WORDS, *_MULTIPLIERS, *_MAGNITUDES, _POINT]), key=longest_first))
_AND_A_HALF = ("and", "a", "half")  # seven-and-a-half trillion won, 11-and-a-half million dollars
_TOKEN = r"(?:\d+(?![0-9.,][0-9])|and[- ]a[- ]half(?![A-Za-z])|(?<=hundred )and(?= (?!a[- ]))|(?:" + _TOKEN + r")(?![A-Za-z]))"
_RUN = re.compile(r"(?<![A-Za-z0-9-])(?<![0-9][.,])" + _TOKEN + r"(?:[- ]" + _TOKEN + r")*", re.IGNORECASE)
SPELLED_RUN = re.compile(_TOKEN + r"(?:[- ]" + _TOKEN + r")*", re.IGNORECASE)  # a run, for other patterns to embed
_HALF = "half "
_CUES = ("illion", "ILLION", "housand", "HOUSAND", "undred", "UNDRED", "point", "POINT", "ollar", "OLLAR")
_CUE = re.compile("|".join(map(re.escape, _CUES)).encode())


_THOUSAND = 3
_THOUSAND_GROUP = Decimal(1000)


def _read(tokens: list[str], hyphenated: bool = False, bare: bool = False) -> tuple[Decimal, Decimal] | None:
    """The value and precision of a run of number tokens, or None when the run is not one
    English number (five-twenty, a 500, million thousand). Digits and magnitudes alone
    are one only ``hyphenated``, as scripts join them (3-thousand-800 won); a bare group
    of words (seven) only where ``bare`` says its unit makes it money."""
    total, group, precision = Decimal(0), None, Decimal(1)
    last_magnitude, previous, closed, counted, worded = 99, "", False, False, False
    i = 0
    while i < len(tokens):
        t = tokens[i].lower()
        if closed:
            return None  # nothing after a decimal number's magnitude: one-point-five billion 200 million
        if t == _AND_A_HALF[0] and previous == "hundred" and i + 1 < len(tokens) and tokens[i + 1].lower() in _WORDS:
            i += 1  # eight hundred and seventy thousand won, as British English says it
            continue
        if t == _AND_A_HALF[0]:
            if group is None or previous == "point" or tuple(x.lower() for x in tokens[i : i + 3]) != _AND_A_HALF:
                return None
            group, previous, counted, worded = group + Decimal("0.5"), "point", True, True
            i += 3
            continue
        if t == _POINT:
            if group is None or group != group.to_integral_value() or previous == "point":
                return None
            digits = []
            while i + 1 < len(tokens) and (tokens[i + 1].isdigit() or _WORDS.get(tokens[i + 1].lower(), 10) < 10):
                i += 1
                digits.append(tokens[i] if tokens[i].isdigit() else str(_WORDS[tokens[i].lower()]))
            if not digits or tokens[i].lower() == "a":
                return None
            group = Decimal(f"{int(group)}.{''.join(digits)}")
            previous, counted, worded = "point", True, True
        elif t in _MAGNITUDES:
            size = _MAGNITUDES[t]
            if group is None and previous == "magnitude" and last_magnitude == _THOUSAND and size > _THOUSAND:
                group = Decimal(0)  # two-thousand-trillion: the thousands are the trillions' count
            if group is None or size >= last_magnitude and not (last_magnitude == _THOUSAND and size > _THOUSAND
                                                               and group < _THOUSAND_GROUP):
                return None  # (one-thousand-862 trillion: the group after thousand is below a thousand)
            with localcontext(ARITHMETIC):
                if size >= last_magnitude:  # one-thousand-862-point-one trillion: 1,862.1 trillion, as KBS reads it
                    precision = written_precision(total + group).scaleb(size)
                    total = (total + group).scaleb(size)
                else:
                    total += group.scaleb(size)
                    precision = written_precision(group).scaleb(size)
            closed = previous == "point"
            group, last_magnitude, previous, counted = None, size, "magnitude", True
        elif t in _MULTIPLIERS:
            if group is None or group >= 100 or group >= 10 and last_magnitude != 99 or previous in ("hundred", "point"):
                return None  # (fourteen hundred, 14-hundred-six: 1,406; not one-thousand-14-hundred)
            group, previous, counted, worded = group.scaleb(_MULTIPLIERS[t]), "hundred", True, True
        else:
            if not t.isdigit() and t not in _WORDS:
                return None  # (a-half without its and, in a run cut short: 11-…a-half million)
            n = int(t) if t.isdigit() else _WORDS[t]
            if t == "a" and i:
                return None
            if group is None:
                group = Decimal(n)
            elif previous == "hundred" and n < 100 or previous == "tens" and 0 < n < 10:
                group += n  # one hundred twenty; twenty-five
            else:
                return None
            worded = worded or not t.isdigit()
            previous = "tens" if not t.isdigit() and 20 <= n <= 90 and n % 10 == 0 else "digits" if t.isdigit() else "word"
        i += 1
    if group is not None:
        total += group
        precision = written_precision(group)
    if not (worded or hyphenated and last_magnitude != 99 and all(len(t) <= 3 for t in tokens if t.isdigit())) or not (
            counted or bare and worded):
        return None
    return total, precision


def read_spelled_number(text: str) -> tuple[Decimal, Decimal] | None:
    """The value and precision of a number spelled in words (one-thousand-439-point-zero),
    or None when ``text`` is not one."""
    return _read(re.split(r"[- ]", text))


_V = _N["english_vague"]
_TIMES = {word: Decimal(10) ** power for word, power in _V["times"].items()}
_PLURALS = "|".join(m + "s" for m in _V["magnitudes"])
_VAGUE = re.compile(r"\b(?:(?P<times>" + "|".join(_TIMES) + r") of (?P<of>" + _PLURALS + r")|(?P<plural>" + _PLURALS
                    + r")|(?P<some>" + "|".join(map(re.escape, _V["some"])) + r") (?P<one>" + "|".join(_V["magnitudes"])
                    + r")) (?:of )?(?=[A-Za-z])", re.IGNORECASE)
_SEVERAL = (Decimal(2), Decimal(9))  # as 수십억 is 20억 to 90억
_UNIT_HEAD = re.compile(r"(?:^|[\s(])in$|[(:]$|units?$")


def _vague(s: str, currencies: CurrencyMatcher) -> list[Candidate]:
    """"tens of billions of won", "hundreds of millions of dollars", "billions of dollars",
    "several million won": vague amounts, bounded as Korean bounds 수십억 (2 to 9 of the
    unit)."""
    out = []
    for m in _VAGUE.finditer(s):
        head = s[max(0, m.start() - 8) : m.start()].rstrip().lower()
        if _UNIT_HEAD.search(head):
            continue  # (In millions of won), Unit: thousands of dollars: a table's unit, no amount
        found = currencies.matches(s, m.end())
        if not found or found[0][0].kind != "english":
            continue
        word, end = found[0]
        magnitude = (m.group("of") or m.group("plural") or m.group("one")).lower().rstrip("s")
        unit = Decimal(10) ** _MAGNITUDES[magnitude]
        if m.group("times") is not None:
            unit *= _TIMES[m.group("times").lower()]
        with localcontext(ARITHMETIC):
            low, high = _SEVERAL[0] * unit, _SEVERAL[1] * unit
        number = Number(m.start(), m.end(), low, high, unit, vague=True)
        out.append(Candidate(m.start(), end, low, high, unit, word.code, number, word, m.end(), end, exact=False,
                             qualifier="vague", shape="vague", rules=("spelled_vague",)))
    return out


def read_spelled(s: str, currencies: CurrencyMatcher) -> list[Candidate]:
    """The spelled-out amounts of ``s`` with a currency word after them, in order."""
    if _CUE.search(letters_part(s)) is None or _CUE.search(ascii_of(s)) is None:
        return []  # (the letters first: a Korean text's few letters are looked through fast)
    out = _vague(s, currencies)
    runs = list(_RUN.finditer(s))
    for k, m in enumerate(runs):
        echo = _ECHO.match(s, m.end())  # five thousand (5,000) Korean Won: a deed's number, then its digits
        after = echo.end() if echo is not None else m.end() + 1
        if after >= len(s) or s[m.end()] not in " -":
            continue
        found = currencies.matches(s, after)
        if (not found or found[0][0].kind != "english") and k + 1 < len(runs):
            found = _shared_unit(s, m, runs[k + 1], currencies)  # between one-thousand-403-point-seven and … won
            after = m.end()
        if not found or found[0][0].kind != "english":
            continue
        word, end = found[0]
        end = max(end, m.end()) if after == m.end() else end
        tokens = re.split(r"[- ]", m.group())
        starts = [m.start()]
        for t in tokens[:-1]:
            starts.append(starts[-1] + len(t) + 1)
        cents = _cents(s, end) if _DOLLAR in word.name.lower() else None
        for first in range(len(tokens)):  # "at a one-thousand won": the longest run that reads
            if first and s[starts[first] - 1] == "-":
                continue  # (five-twenty dollars: no number, and not twenty)
            # (seven dollars, a dollar 70 cents: a bare count of dollars is money; "a dollar" alone is the
            # currency, "one dollar" the unit of a rate: one dollar is exchanged for less than 1,000 won)
            bare = cents is not None or _DOLLAR in word.name.lower() and tokens[first].lower() not in _UNIT_WORDS
            read = _read(tokens[first:], first == 0 and "-" in m.group(), bare and after != m.end())
            if read is not None:
                break
        else:
            continue
        value, precision = read
        if echo is not None and Decimal(echo.group(1).replace(",", "")) != value:
            continue  # (digits that say another number: no reading is safe)
        if cents is not None:
            with localcontext(ARITHMETIC):
                value, precision, end = value + cents[0] / 100, min(precision, Decimal("0.01")), cents[1]
        start = starts[first]
        if tokens[first].lower() == "a" and s[max(0, start - len(_HALF)) : start].lower() == _HALF:
            start -= len(_HALF)  # half a million dollars
            with localcontext(ARITHMETIC):
                value, precision = value / 2, precision / 2
        number = Number(start, m.end(), value, value, precision)
        if after == m.end():  # the first of two numbers that share the second's unit: the number alone
            end = m.end()
        out.append(Candidate(start, end, value, value, precision, word.code, number, word, after, end,
                             rules=("spelled_english",)))
    return out


_DOLLAR = "dollar"
_ECHO = re.compile(r" \(([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)\) ")
_UNIT_WORDS = ("a", "one")
_CENTS = re.compile(r"(?:,? and)? (?P<c>" + SPELLED_RUN.pattern + r") cents?\b|(?P<b> \d{2})(?=[.,;:!?)]|$)", re.IGNORECASE)


def _cents(s: str, end: int) -> tuple[Decimal, int] | None:
    """The cents written after a count of dollars (a dollar 70 cents, five U.S. dollars and
    80 cents, nearly a dollar 50.): how many, and where they end."""
    m = _CENTS.match(s, end)
    if m is None:
        return None
    if m.group("b") is not None:
        return Decimal(m.group("b").strip()), m.end()
    words = re.split(r"[- ]", m.group("c"))
    if len(words) == 1 and words[0].isascii() and words[0].isdigit():
        read: tuple[Decimal, Decimal] | None = (Decimal(words[0]), Decimal(1))  # a dollar 70 cents
    else:  # (7-5 cents, ٣ cents: digits in pieces or not ASCII are no count of cents)
        read = None if any(w.isdigit() for w in words) and all(w.isdigit() for w in words) else _read(words, bare=True)
    return (read[0], m.end()) if read is not None and read[0] < 100 and read[0] == read[0].to_integral_value() else None


_SHARED = {"between": " and ", "from": " to "}


def _shared_unit(s: str, m: re.Match[str], nxt: re.Match[str], currencies: CurrencyMatcher) -> list:
    """The currency the next number's unit gives a number that has none, in "between X and
    Y won" or "from X to Y won" (as wires read a range of rates), else no match."""
    before = s[max(0, m.start() - 8) : m.start()].rstrip().rpartition(" ")[2].lower()
    link = _SHARED.get(before)
    if link is None or s[m.end() : nxt.start()] != link or nxt.end() + 1 >= len(s) or s[nxt.end()] not in " -":
        return []
    if re.split(r"[- ]", nxt.group())[-1].lower() in _MAGNITUDES and not any(
            t.lower() in _MAGNITUDES for t in re.split(r"[- ]", m.group())):
        return []  # between one-point-two and one-point-five trillion won: the magnitude is shared too
    return currencies.matches(s, nxt.end() + 1)
