"""Word tables: numerals, qualifiers, particles, context words and currency words, loaded
once and typed.

The currency table merges three sources reproducibly (as dateparser merges CLDR with its
own overrides):

* CLDR through babel: the Korean names of currencies (``캐나다 달러``, ``스위스 프랑``),
  the Korean names of territories (``튀르키예``, ``인도``) and which currency each
  territory used when (``TR``: TRL until 2005, TRY since);
* ``currencies.toml``: colloquial aliases, symbols, minor units, English words;
* ``curation.toml``: what is dropped or restricted, each entry with its reason.

From these it builds every written name: a currency's CLDR name, each of its territory's
names with the head noun (``터키 리라``, ``대만 달러``), and the bare head noun
(``리라``), which may mean several currencies. The result is stored in
``currency_words.json`` so that importing :mod:`units` needs no CLDR lookups;
``python -m units.lexicon`` regenerates it and a test checks that the stored file equals
a fresh merge.
"""

from units.lexicon.merge import build_currency_words, write_merged
from units.lexicon.tables import (
    HERE,
    context_words,
    currency_curation,
    currency_overrides,
    load_table,
    numerals,
    particles,
    qualifiers,
)
from units.lexicon.words import (
    MERGED_CURRENCIES,
    CurrencyWord,
    Tender,
    currency_words,
    defaults_by_date,
    iso_codes,
    tender_periods,
    territory_names,
)

__all__ = ["CurrencyWord", "Tender", "HERE", "MERGED_CURRENCIES", "build_currency_words", "context_words",
           "currency_curation", "currency_overrides", "currency_words", "defaults_by_date", "iso_codes", "load_table",
           "numerals", "particles", "qualifiers", "tender_periods", "territory_names", "write_merged"]
