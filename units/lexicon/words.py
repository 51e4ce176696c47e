"""The merged currency table (``currency_words.json``), typed: every written form of a
currency (:class:`CurrencyWord`), when each was legal tender (:class:`Tender`), territory
names and dated defaults. :mod:`units.lexicon.merge` writes the table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from functools import cache

from units.lexicon.tables import HERE

MERGED_CURRENCIES = HERE / "currency_words.json"

__all__ = ["CurrencyWord", "Tender", "MERGED_CURRENCIES", "currency_words", "iso_codes", "tender_periods",
           "territory_names", "defaults_by_date"]


@dataclass(frozen=True, slots=True)
class CurrencyWord:
    """One written form of a currency: a name, an alias, a symbol or a minor unit.

    ``code`` is the usual reading; ``candidates`` every currency the form can mean (one
    for most forms; ``리라`` names ITL, TRL, TRY and MTL). ``strength`` says what the
    form needs to count: ``strong`` nothing more, ``weak`` an amount that can be nothing
    else (100불), ``contextual`` its country or currency named in the text, a sentence
    about money or such an amount (가격은 100 콜론, 10만 킵), ``country_only`` its
    country or currency named (베트남 ... 2만5000동).
    """

    name: str
    code: str
    kind: str  # "name" (Korean word), "english", "symbol", "code", "subunit"
    scale: Decimal = Decimal(1)
    joins: tuple[str, ...] = ()  # for minor units: main currencies a compound may join
    candidates: tuple[str, ...] = ()
    strength: str = "strong"
    compound_only: bool = False  # a minor unit read only after its main unit (913원42전)
    conventional: bool = False  # a head noun that context does not reassign (달러, 파운드)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True, slots=True)
class Tender:
    """When a currency was legal tender somewhere (CLDR); ``None`` is open-ended. Both days
    count: CLDR's ``to`` is the last day of tender (ITL to 2002-02-28, ADP to 2001-12-31)."""

    start: Date | None
    end: Date | None

    def covers(self, day: Date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@cache
def _merged() -> dict:
    return json.loads(MERGED_CURRENCIES.read_text(encoding="utf-8"))


@cache
def currency_words() -> tuple[CurrencyWord, ...]:
    """Every written currency form the extractor knows, from the merged table."""
    return tuple(
        CurrencyWord(w["name"], w["code"], w["kind"], Decimal(w.get("scale", "1")), tuple(w.get("joins", ())),
                     tuple(w["candidates"]), w["strength"], bool(w.get("compound_only")), bool(w["conventional"]))
        for w in _merged()["words"]
    )


@cache
def iso_codes() -> frozenset[str]:
    """ISO 4217 codes known to CLDR (current and historical)."""
    return frozenset(_merged()["codes"])


def _day(text: str | None) -> Date | None:
    return Date.fromisoformat(text) if text else None


@cache
def tender_periods() -> dict[str, Tender]:
    """When each currency of the lexicon was legal tender somewhere."""
    return {code: Tender(_day(a), _day(b)) for code, (a, b) in _merged()["tender"].items()}


@cache
def territory_names() -> dict[str, tuple[str, ...]]:
    """Korean territory names (CLDR and aliases) -> the currencies the territory used."""
    return {name: tuple(codes) for name, codes in _merged()["territories"].items()}


@cache
def defaults_by_date() -> dict[str, tuple[tuple[Date | None, Date | None, str], ...]]:
    """Bare head nouns whose usual currency changed with time (리라: ITL, then TRY)."""
    return {head: tuple((_day(a), _day(b), code) for a, b, code in rows) for head, rows in _merged()["defaults"].items()}
