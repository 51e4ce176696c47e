"""Exchange-rate quotes: the price of a currency, not an amount of money.

>>> from units import rate_quotes
>>> [(q.text, q.base, q.quote, str(q.rate), q.kind) for q in rate_quotes("원·달러 환율은 8.3원 오른 1,450.3원에 마감했다.")]
[('8.3원', 'USD', 'KRW', '8.3', 'change'), ('1,450.3원', 'USD', 'KRW', '1450.3', 'level')]
>>> [(q.text, str(q.rate), str(q.per)) for q in rate_quotes("100엔당 950원, 1유로=1.16달러")]
[('100엔당 950원', '9.5', '100'), ('1유로=1.16달러', '1.16', '1')]

The last stage of extraction reads them, so ``extract`` no longer reports them as money.
The rules, tried in order on every figure:

* ``rate_per``: the price per unit of the base currency (달러당 1,327.8원);
* ``rate_base``: an amount before 당 and its price (100엔당 950원); before 당 with no price
  it is the unit of a ratio (100달러당 수수료), not an amount either;
* ``rate_equation``: one unit and its price (1달러=1,450원, 1달러에 1,450원, C$1에 991원37전,
  and 1달러 1,300원 side by side at a plausible rate);
* ``rate_context``: a level or change in a sentence about an exchange rate (원·달러 환율은
  … 1,450원에 마감, 엔·달러 환율 150엔, 8.3원 오른); plausible for the pair, no myriad word.

Words come from ``lexicon/quotes.toml``.
"""

from __future__ import annotations

from units.decimals import plain

import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from functools import lru_cache

from units.extraction.amount import read_amount
from units.extraction.figure import Candidate, Rejection
from units.extraction.scan import Scan
from units.lexicon import currency_words, load_table
from units.numerals import ARITHMETIC

__all__ = ["RateQuote", "QuoteDraft", "RULES", "KINDS"]

KINDS = ("level", "change", "limit")
_T = load_table("quotes.toml")
_W = _T["words"]
_RATE_WORDS = tuple(_W["rate"])
_PER = _W["per"]
_EQUALS = tuple(_W["equals"])
_PER_AMOUNTS = frozenset(Decimal(x) for x in _W["per_amounts"])
_CHANGE_AFTER = tuple(_T["change"]["after"])
_CHANGE_BEFORE = tuple(_T["change"]["before"])
_LIMIT_BEFORE = tuple(_T["limit"]["before"])
_LIMIT_AFTER = tuple(_T["limit"]["after"])
_LIMIT_PARTICLES = frozenset(_T["limit"]["particles"])
_DESTINATION = tuple(_T["change"]["destination"])
_SUFFIX = dict(_T["level_suffix"])
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class RateQuote:
    """``rate`` units of ``quote`` buy one unit of ``base`` (``per`` is the base amount
    written: 100 for 100엔당 950원, whose rate is 9.5). ``kind`` is ``level``, ``change``
    (전 거래일보다 8.3원 오른) or ``limit`` (상단 1,500원); ``qualifier`` is ``line``
    (1,450원선), ``band`` (1,400원대), ``approx`` (약) or None."""

    start: int
    end: int
    text: str
    base: str
    quote: str
    rate: Decimal
    per: Decimal
    qualifier: str | None
    kind: str
    rules: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def pair(self) -> str:
        return f"{self.base}/{self.quote}"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "pair": self.pair, "base": self.base,
                "quote": self.quote, "rate": plain(self.rate), "per": plain(self.per), "qualifier": self.qualifier,
                "kind": self.kind}


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A quote in normalized coordinates, until the scan maps it back."""

    start: int
    end: int
    base: str
    quote: str
    rate: Decimal
    per: Decimal
    qualifier: str | None
    kind: str
    rule: str


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for the currency words a quote names (달러, 엔화, 원, 위안, 유로…)."""
    codes = {}
    for w in currency_words():
        if w.kind in ("name", "symbol") and w.strength == "strong" and (" " not in w.name):
            codes[w.name] = w.code
    alternation = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    return re.compile(alternation), codes


def _currency_before(s: str, end: int) -> tuple[str, int] | None:
    """The currency word that ends at ``end`` (달러 in 달러당), and where it starts."""
    pattern, codes = _names()
    for k in range(min(6, end), 0, -1):
        m = pattern.fullmatch(s, end - k, end)
        if m is not None:
            return codes[m.group()], end - k
    return None


def _value(c: Candidate) -> Decimal | None:
    if c.shape == "band":
        return c.low
    return c.low if c.exact else None


def _quote(c: Candidate, rule: str, start: int, end: int, base: str, rate: Decimal, per: Decimal,
           kind: str, qualifier: str | None) -> QuoteDraft:
    return QuoteDraft(start, end, base, c.code, rate, per, qualifier, kind, rule)


def _qualifier(s: str, c: Candidate) -> str | None:
    if c.shape == "band":
        return "band"
    rest = s[c.end : c.word_end]
    for suffix, kind in _SUFFIX.items():
        if rest.startswith(suffix):
            return kind
    return c.qualifier if c.qualifier in ("approx",) else None


def rate_per(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """달러당 1,327.8원, 100엔당 950원: the price per unit (or per 100) of the base."""
    s = scan.s
    value = _value(c)
    j = c.start
    while j > 0 and c.start - j < 2 and s[j - 1] == " ":
        j -= 1
    if value is None or j < 2 or s[j - 1] != _PER:
        return c
    found = _currency_before(s, j - 1)
    if found is None or found[0] == c.code:
        return c
    base, at = found
    per, start = _ONE, at
    number = re.search(r"(\d[\d,]*)\s?$", s[max(0, at - 8) : at])
    if number is not None:
        per, start = Decimal(number.group(1).replace(",", "")), at - len(number.group(0))
    if per <= 0:
        return c
    with localcontext(ARITHMETIC):
        rate = value / per
    scan.quotes.append(_quote(c, "rate_per", start, c.end, base, rate, per, _kind(s, c, start), _qualifier(s, c)))
    return Rejection(start, c.end, "rate_quote", f"{s[start:c.end]} is an exchange rate, not an amount")


def rate_base(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """100엔당 950원, 1달러당 1,300원: an amount before 당 is the unit a rate is quoted per
    (and 100달러당 수수료 3달러 a denominator): not an amount of money either way."""
    s = scan.s
    value = _value(c)
    if c.word is None or value is None or not s.startswith(_PER, c.end) or c.word_end != c.end + len(_PER):
        return c
    if value <= 0:
        return Rejection(c.start, c.word_end, "per_unit", f"{s[c.start:c.word_end]} is the unit of a ratio, not an amount")
    k = c.word_end
    while k < len(s) and k - c.word_end < 2 and s[k] == " ":
        k += 1
    price = read_amount(scan, k)
    if price is None or price.code == c.code or not price.exact or price.number.top_myriad is not None and value < 1000:
        return Rejection(c.start, c.word_end, "per_unit", f"{s[c.start:c.word_end]} is the unit of a ratio, not an amount")
    with localcontext(ARITHMETIC):
        rate = price.low / value
    scan.quotes.append(QuoteDraft(c.start, price.end, c.code, price.code, rate, value, _qualifier(s, price),
                                  _kind(s, price, c.start), "rate_base"))
    return Rejection(c.start, price.end, "rate_quote", f"{s[c.start:price.end]} is an exchange rate, not an amount")


def rate_equation(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """1달러=1,450원, 1달러에 1,450원, C$1에 991원37전, 1유로=1.16달러."""
    s = scan.s
    value = _value(c)
    if value not in _PER_AMOUNTS or c.word is None:
        return c
    joint = s[c.end : c.word_end] if c.word_end > c.end else ""
    k = c.end
    spaced = False
    if not joint:
        while k < len(s) and k - c.end < 2 and s[k] == " ":
            k += 1
        if s.startswith(_EQUALS, k):
            k += 1
        elif k > c.end and value == _ONE:  # 1달러 1,300원: one unit and its price, side by side
            spaced = True
        else:
            return c
    elif joint not in _EQUALS:
        return c
    else:
        k = c.word_end
    while k < len(s) and k - c.end < 4 and s[k] == " ":
        k += 1
    price = read_amount(scan, k)
    if price is None or price.code == c.code or not price.exact:
        return c
    price_end = price.end
    with localcontext(ARITHMETIC):
        rate = price.low / value
    if spaced and not _plausible(c.code, price.code, rate, "level"):
        return c
    scan.quotes.append(QuoteDraft(c.start, price_end, c.code, price.code, rate, value, _qualifier(s, price),
                                  _kind(s, price, c.start), "rate_equation"))
    return Rejection(c.start, price_end, "rate_quote", f"{s[c.start:price_end]} is an exchange rate, not an amount")


def rate_context(scan: Scan, c: Candidate) -> Candidate | Rejection:
    """A level or change in a sentence about an exchange rate: 원·달러 환율은 … 1,450원."""
    s = scan.s
    if c.number.top_myriad is not None or c.word is None or not any(map(scan.holds, _RATE_WORDS)):
        return c
    value = _value(c)
    if value is None:
        return c
    first, last = scan.context.sentence_span(c.start)
    sentence = s[first:last]
    at = next((sentence.find(w) for w in _RATE_WORDS if w in sentence), -1)
    if at < 0:
        return c
    base = _pair_base(sentence, at, c.code)
    if base is None:
        return c
    kind = _kind(s, c, c.start)
    per = Decimal(100) if base == "JPY" and c.code == "KRW" else _ONE
    with localcontext(ARITHMETIC):
        rate = value / per
    if not _plausible(base, c.code, rate, kind):
        return c
    scan.quotes.append(_quote(c, "rate_context", c.start, c.end, base, rate, per, kind, _qualifier(s, c)))
    return Rejection(c.start, c.end, "rate_quote", f"{s[c.start:c.end]} is an exchange rate, not an amount")


def _pair_base(sentence: str, at: int, quote: str) -> str | None:
    """The base currency the sentence's rate is quoted for: the other side of a named pair
    (원·달러 환율, 엔·달러 환율), the currency named before 환율 (엔화 환율), else the dollar."""
    head = sentence[max(0, at - 14) : at].rstrip()
    joiners = re.escape("".join(_W["pair_joiners"]))
    m = re.search(r"(\S+?)\s?[" + joiners + r"]\s?(\S+?)$", head)
    pattern, codes = _names()
    if m is not None:
        named = [codes.get(w) or codes.get(w.rstrip("화")) for w in (m.group(1), m.group(2))]
        if quote in named and all(named):
            other = [n for n in named if n != quote]
            return other[0] if other else None
    words = head.split()
    if words:
        last = words[-1]
        code = codes.get(last) or codes.get(last.rstrip("화"))
        if code is not None and code != quote:
            return code
    return "USD" if quote != "USD" else None


def _kind(s: str, c: Candidate, start: int) -> str:
    """A change (8.3원 오른), a limit (상단은 1,500원, 1,400원 지지선) or a level."""
    after = s[c.word_end : c.word_end + 8].lstrip()
    before = s[max(0, start - 16) : start].rstrip()
    if before and before[-1] in _LIMIT_PARTICLES:
        before = before[:-1]
    if any(before.endswith(w) for w in _LIMIT_BEFORE) or any(after.startswith(w) for w in _LIMIT_AFTER):
        return "limit"
    particle = s[c.end : c.word_end]
    reached = any(particle.endswith(w) for w in _DESTINATION)  # 1,500원까지 올랐다: the level reached
    if not reached and (any(after.startswith(w) for w in _CHANGE_AFTER) or any(before.endswith(w) for w in _CHANGE_BEFORE)):
        return "change"
    return "level"


def _plausible(base: str, quote: str, rate: Decimal, kind: str) -> bool:
    """Could ``rate`` be a rate of the pair (a level within the pair's history, widened by
    half either way; a change under a fifth of its highest level)?"""
    from units.rates import history_range

    span = history_range(base, quote)
    if span is None:
        return True
    low, high = span
    if kind == "change":
        return rate <= high / 5
    return low / 2 <= rate <= high * 3 / 2


RULES = (rate_per, rate_base, rate_equation, rate_context)
