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

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
MERGED_CURRENCIES = HERE / "currency_words.json"

__all__ = [
    "CurrencyWord",
    "Tender",
    "build_currency_words",
    "context_words",
    "currency_curation",
    "currency_overrides",
    "currency_words",
    "defaults_by_date",
    "iso_codes",
    "load_table",
    "numerals",
    "particles",
    "qualifiers",
    "tender_periods",
    "territory_names",
]


def _load_toml(name: str) -> dict:
    with open(HERE / name, "rb") as fh:
        return tomllib.load(fh)


@cache
def load_table(name: str) -> dict:
    """A TOML table of this folder, read once (``quotes.toml``, ``pairs.toml``…)."""
    return _load_toml(name)


@cache
def numerals() -> dict:
    """The numeral tables of ``numerals.toml``."""
    return _load_toml("numerals.toml")


@cache
def qualifiers() -> dict:
    """The qualifier tables of ``qualifiers.toml``."""
    return _load_toml("qualifiers.toml")


@cache
def particles() -> dict:
    """The tables of ``particles.toml``: what may end a word after a currency word."""
    return _load_toml("particles.toml")


@cache
def context_words() -> dict:
    """The tables of ``context.toml``: money nouns, counters, captions, unit headers."""
    return _load_toml("context.toml")


@cache
def currency_overrides() -> dict:
    """The hand-written currency forms of ``currencies.toml``."""
    return _load_toml("currencies.toml")


@cache
def currency_curation() -> dict:
    """The curation of ``curation.toml``: drops, restrictions and defaults, with reasons."""
    return _load_toml("curation.toml")


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
    """When a currency was legal tender somewhere (CLDR); ``None`` is open-ended."""

    start: Date | None
    end: Date | None

    def covers(self, day: Date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


# ------------------------------------------------------------------ the merge (needs babel)

_PERIOD = re.compile(r"\s*\(.*$")  # "터키 리라(1922~2005)" -> "터키 리라"
_HANGUL = re.compile("[\uac00-\ud7a3]")


def _tender_history(since: Date) -> tuple[dict[str, list[str]], dict[str, list[str | None]]]:
    """Per territory the currencies it used on or after ``since``; per currency the span
    (earliest start, latest end) over all territories. Dates as ISO text."""
    import babel.numbers
    from babel import Locale

    used: dict[str, list[str]] = {}
    spans: dict[str, list[str | None]] = {}
    for territory in sorted(Locale("en").territories):
        if not (len(territory) == 2 and territory.isalpha()):
            continue
        try:
            rows = babel.numbers.get_territory_currencies(
                territory, start_date=since, end_date=Date(2100, 1, 1), tender=True, non_tender=False,
                include_details=True)
        except Exception:  # noqa: BLE001 - babel raises for pseudo-territories
            continue
        for row in rows:
            code = row["currency"]
            used.setdefault(territory, []).append(code)
            start = row["from"].isoformat() if row["from"] else None
            end = row["to"].isoformat() if row["to"] else None
            span = spans.setdefault(code, [start, end])
            span[0] = None if start is None or span[0] is None else min(span[0], start)
            span[1] = None if end is None or span[1] is None else max(span[1], end)
    return {t: sorted(set(c)) for t, c in used.items()}, spans


def _head(name: str) -> str:
    """The head noun of a currency name: 캐나다 달러 -> 달러, 중국 위안화 -> 위안."""
    head = name.rsplit(" ", 1)[-1]
    return head[:-1] if head.endswith("화") and len(head) > 2 else head


def build_currency_words() -> dict:
    """Merge CLDR's Korean names with ``currencies.toml`` and ``curation.toml`` (needs babel).

    Returns plain data, sorted so the result is reproducible: ``words`` (one row per
    written form), ``codes`` (every ISO code CLDR knows), ``tender`` (per kept currency
    the span it was legal tender), ``territories`` (Korean territory name -> the
    currencies it used since the cut-off), ``defaults`` (bare head -> code by date).
    """
    import babel.numbers
    from babel import Locale

    over, cur = currency_overrides(), currency_curation()
    since = Date.fromisoformat(cur["keep"]["since"])
    used, spans = _tender_history(since)
    kept = {c for codes in used.values() for c in codes} - set(cur["drop"])
    ko_names = Locale("ko").currencies
    head_of = {c: _head(_PERIOD.sub("", ko_names[c])) for c in kept if c in ko_names and _HANGUL.search(ko_names[c])}
    variants = cur["head_variants"]
    conventional = set(cur["conventional"]["heads"])

    names: dict[str, set[str]] = {}  # written form -> currencies

    def add(name: str, code: str) -> None:
        names.setdefault(name, set()).add(code)

    for code in sorted(head_of):
        add(_PERIOD.sub("", ko_names[code]).strip(), code)
    territory_names: dict[str, set[str]] = {}
    ko_territories = Locale("ko").territories
    for territory, codes in sorted(used.items()):
        spelled = [ko_territories[territory]] if territory in ko_territories and "(" not in ko_territories[territory] else []
        spelled += cur["country_aliases"].get(territory, [])
        for country in spelled:
            territory_names.setdefault(country, set()).update(c for c in codes if c in kept)
            for code in codes:
                if code in head_of:
                    for head in (head_of[code], *variants.get(head_of[code], [])):
                        add(f"{country} {head}", code)
    heads: dict[str, set[str]] = {}
    for code, head in head_of.items():
        for h in (head, *variants.get(head, [])):
            heads.setdefault(h, set()).add(code)

    defaults = cur["defaults"]
    words: dict[str, dict] = {}

    def row(name: str, codes: list[str], kind: str = "name", **extra: object) -> dict:
        strength = "weak" if name in cur["weak"] else "strong"
        if kind == "name" and " " not in name:  # a bare word: see [bare] in curation.toml
            strength = ("strong" if name in cur["bare"] else "weak" if name in cur["weak"]
                        else "country_only" if name in cur["country_only"] else "contextual")
        return {"name": name, "code": codes[0], "kind": kind, "candidates": codes, "strength": strength,
                "conventional": name in conventional, **extra}

    def ordered(name: str, codes: set[str]) -> list[str]:
        """The usual reading first: the default, else a current currency, else by code."""
        first = defaults.get(name)
        if isinstance(first, list):
            first = first[-1][2]
        current = sorted(c for c in codes if spans.get(c, [None, None])[1] is None)
        lead = first if first in codes else (current[0] if current else sorted(codes)[0])
        return [lead, *sorted(codes - {lead})]

    for name, codes in names.items():
        words[name] = row(name, ordered(name, codes))
    for head, codes in heads.items():
        if head not in words:
            words[head] = row(head, ordered(head, codes))
    for name, codes in over["aliases"].items():
        codes = [codes] if isinstance(codes, str) else list(codes)
        words[name] = row(name, codes)
    for name, code in over["english"].items():
        words[name] = row(name, [code], "english")
    for name, codes in over["symbols"].items():
        codes = [codes] if isinstance(codes, str) else list(codes)
        words[name] = row(name, codes, "symbol")
    for name, sub in over["subunits"].items():
        words[name] = row(name, [sub["currency"]], "subunit", scale=sub["scale"], joins=list(sub["of"]),
                          compound_only=bool(sub.get("compound_only", False)))
    codes = sorted(c for c in babel.numbers.list_currencies() if len(c) == 3 and c.isalpha())
    return {
        "words": [words[k] for k in sorted(words)],
        "codes": codes,
        "tender": {c: spans[c] for c in sorted(kept) if c in spans},
        "territories": {k: sorted(v) for k, v in sorted(territory_names.items()) if v},
        "defaults": {k: v for k, v in sorted(defaults.items()) if isinstance(v, list)},
    }


def write_merged(path: Path = MERGED_CURRENCIES) -> None:
    """Regenerate ``currency_words.json`` from CLDR, ``currencies.toml`` and ``curation.toml``."""
    data = build_currency_words()
    rows = ",\n".join(json.dumps(w, ensure_ascii=False, sort_keys=True) for w in data["words"])
    rest = {k: v for k, v in data.items() if k != "words"}
    tail = ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in rest.items())
    path.write_text(f'{{"words": [\n{rows}\n],\n{tail}}}\n', encoding="utf-8")


# ------------------------------------------------------------------ the merged table


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
