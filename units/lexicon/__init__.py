"""Word tables: numerals, qualifiers and currency words, loaded once.

The currency table merges two sources reproducibly:

* CLDR's Korean currency names, read through babel (``미국 달러``, ``캐나다 달러``,
  ``스위스 프랑``, ``일본 엔화`` …) and their head nouns (``달러``, ``프랑``), and
* the hand-written ``currencies.toml`` (colloquial aliases, defaults for ambiguous
  head nouns, symbols, minor units).

The merge result is stored in ``currency_words.json`` so that importing :mod:`units`
needs no CLDR lookups; ``python -m units.lexicon`` regenerates it and a test checks
that the stored file equals a fresh merge.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
MERGED_CURRENCIES = HERE / "currency_words.json"

__all__ = [
    "CurrencyWord",
    "build_currency_words",
    "currency_words",
    "iso_codes",
    "numerals",
    "qualifiers",
    "currency_overrides",
]


def _load_toml(name: str) -> dict:
    with open(HERE / name, "rb") as fh:
        return tomllib.load(fh)


@cache
def numerals() -> dict:
    """The numeral tables of ``numerals.toml``."""
    return _load_toml("numerals.toml")


@cache
def qualifiers() -> dict:
    """The qualifier tables of ``qualifiers.toml``."""
    return _load_toml("qualifiers.toml")


@cache
def currency_overrides() -> dict:
    """The hand-written currency tables of ``currencies.toml``."""
    return _load_toml("currencies.toml")


@dataclass(frozen=True, slots=True)
class CurrencyWord:
    """One written form of a currency: a name, an alias, a symbol or a minor unit."""

    name: str
    code: str
    kind: str  # "name" (Korean word), "english", "symbol", "code", "subunit"
    scale: Decimal = Decimal(1)
    joins: tuple[str, ...] = ()  # for minor units: main currencies a compound may join
    ambiguous: bool = False  # a head noun shared by several currencies, read by default


def _current_codes() -> set[str]:
    import babel.numbers
    from babel import Locale

    current: set[str] = set()
    for territory in Locale("en").territories:
        try:
            current.update(babel.numbers.get_territory_currencies(territory))
        except Exception:  # noqa: BLE001 - babel raises for pseudo-territories
            continue
    return current


def build_currency_words() -> dict:
    """Merge CLDR's Korean currency names with ``currencies.toml`` (needs babel).

    Returns plain data: ``{"words": [[name, code, kind, scale, joins, ambiguous], ...],
    "codes": [...]}``, names sorted so the result is reproducible.
    """
    import babel.numbers
    from babel import Locale

    over = currency_overrides()
    current = _current_codes()
    words: dict[str, tuple] = {}
    heads: dict[str, set[str]] = {}
    for code, name in sorted(Locale("ko").currencies.items()):
        if "(" in name or not any("\uac00" <= ch <= "\ud7a3" for ch in name):
            continue  # dated variants such as "아프가니 (1927–2002)"
        previous = words.get(name)
        if previous is None or (code in current and previous[1] not in current):
            words[name] = (name, code, "name", "1", [], False)
        if " " in name:
            heads.setdefault(name.rsplit(" ", 1)[1], set()).add(code)
    excluded = set(over["exclude_heads"]["names"])
    for head, codes in sorted(heads.items()):
        if head in words or head in excluded:
            continue
        if head in over["defaults"]:
            words[head] = (head, over["defaults"][head], "name", "1", [], True)
        elif len(codes) == 1:
            words[head] = (head, next(iter(codes)), "name", "1", [], False)
        elif len(codes & current) == 1:
            words[head] = (head, next(iter(codes & current)), "name", "1", [], True)
    for name, code in over["defaults"].items():
        words.setdefault(name, (name, code, "name", "1", [], True))
    for name, code in over["aliases"].items():
        words[name] = (name, code, "name", "1", [], False)
    for name, code in over["english"].items():
        words[name] = (name, code, "english", "1", [], False)
    for name, code in over["symbols"].items():
        words[name] = (name, code, "symbol", "1", [], False)
    for name, sub in over["subunits"].items():
        words[name] = (name, sub["currency"], "subunit", sub["scale"], list(sub["of"]), False)
    codes = sorted(c for c in babel.numbers.list_currencies() if len(c) == 3 and c.isalpha())
    return {"words": [list(words[k]) for k in sorted(words)], "codes": codes}


def write_merged(path: Path = MERGED_CURRENCIES) -> None:
    """Regenerate ``currency_words.json`` from CLDR and ``currencies.toml``."""
    data = build_currency_words()
    rows = ",\n".join(json.dumps(w, ensure_ascii=False) for w in data["words"])
    codes = json.dumps(data["codes"])
    path.write_text(f'{{"words": [\n{rows}\n],\n"codes": {codes}}}\n', encoding="utf-8")


@cache
def _merged() -> dict:
    return json.loads(MERGED_CURRENCIES.read_text(encoding="utf-8"))


@cache
def currency_words() -> tuple[CurrencyWord, ...]:
    """Every written currency form the extractor knows, from the merged table."""
    return tuple(
        CurrencyWord(name, code, kind, Decimal(scale), tuple(joins), ambiguous)
        for name, code, kind, scale, joins, ambiguous in _merged()["words"]
    )


@cache
def iso_codes() -> frozenset[str]:
    """ISO 4217 codes known to CLDR (current and historical)."""
    return frozenset(_merged()["codes"])
