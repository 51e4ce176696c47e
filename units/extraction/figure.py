"""The records extraction passes along: a :class:`Candidate` between stages, in the
coordinates of the normalized text, and the :class:`Figure` it becomes, in the caller's."""

from __future__ import annotations

from units.decimals import plain

from dataclasses import dataclass, field, fields
from decimal import Decimal

from units.lexicon import CurrencyWord
from units.numerals import Number

__all__ = ["Figure", "Candidate", "Rejection", "QUALIFIERS", "SHAPES", "CURRENCY_BASES"]

QUALIFIERS = ("approx", "at_least", "at_most", "over", "under", "range_of", "vague")
SHAPES = ("amount", "range", "band", "vague")
# How a figure's currency was decided: written with the amount (달러, $, 캐나다 달러), from
# the text around it (a country named nearby, the article's date), by default for a word
# shared by several currencies (루피 -> INR), implied (매출 270조: won), or by the unit
# header of its table ((단위: 백만원) over a bare 1,234).
CURRENCY_BASES = ("written", "context", "default", "implied", "header")
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Figure:
    """One monetary figure found in a text.

    ``start``/``end`` index the caller's original text (``text[start:end] == figure.text``).
    ``value`` is in the currency's main unit, or None for ranges, bands ("50조 원대") and
    vague amounts ("수십억 달러"), whose bounds are ``low``/``high``; otherwise
    ``low == high == value``. ``precision`` is the unit of the last significant digit
    written (1E+12 for "18조 원"). ``currency_basis`` says how the currency was decided,
    ``rules`` which rules made the figure (``eokjo extract --explain`` shows them).
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    low: Decimal
    high: Decimal
    currency: str
    qualifier: str | None
    precision: Decimal
    shape: str = "amount"
    currency_basis: str = "written"
    rules: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict:
        """Plain JSON-ready data; decimals as strings so nothing is lost."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": plain(self.value),
            "low": plain(self.low),
            "high": plain(self.high),
            "currency": self.currency,
            "qualifier": self.qualifier,
            "precision": plain(self.precision),
            "shape": self.shape,
            "currency_basis": self.currency_basis,
        }


@dataclass(slots=True)  # not frozen: a frozen __init__ sets each field through object.__setattr__, 5x the cost; no stage mutates one
class Candidate:
    """A figure being read, in normalized coordinates; each stage returns a new one.

    ``word`` is the currency form as written (None for an implied won), ``code`` the
    currency read so far, ``number`` the (first) number, ``word_end`` where the written
    word around the currency form ends (after its particles: 원을, 달러어치).
    """

    start: int
    end: int
    low: Decimal
    high: Decimal
    precision: Decimal
    code: str
    number: Number
    word: CurrencyWord | None = None
    word_start: int = -1
    word_end: int = -1
    exact: bool = True
    qualifier: str | None = None
    shape: str = "amount"
    scale: Decimal = ONE
    basis: str = "written"
    rules: tuple[str, ...] = ()

    def but(self, rule: str, **changes: object) -> Candidate:
        """A copy with ``changes``, the rule that made them added to the trail. (Built field
        by field: ``dataclasses.replace`` costs three times as much, and every stage calls it.)"""
        if not changes.keys() <= _CANDIDATE_FIELDS:
            raise TypeError(f"Candidate has no field {sorted(changes.keys() - _CANDIDATE_FIELDS)}")
        g = changes.get
        return Candidate(g("start", self.start), g("end", self.end), g("low", self.low),  # type: ignore[arg-type]
                         g("high", self.high), g("precision", self.precision), g("code", self.code),  # type: ignore[arg-type]
                         g("number", self.number), g("word", self.word), g("word_start", self.word_start),  # type: ignore[arg-type]
                         g("word_end", self.word_end), g("exact", self.exact), g("qualifier", self.qualifier),  # type: ignore[arg-type]
                         g("shape", self.shape), g("scale", self.scale), g("basis", self.basis),  # type: ignore[arg-type]
                         (*self.rules, rule))


_CANDIDATE_FIELDS = frozenset(f.name for f in fields(Candidate)) - {"rules"}


@dataclass(frozen=True, slots=True)
class Rejection:
    """A reading that a rule turned down, kept for ``--explain``."""

    start: int
    end: int
    rule: str
    reason: str
