"""The merge behind ``currency_words.json`` (needs babel): CLDR's Korean currency and
territory names, which currency each territory used when, ``currencies.toml``'s aliases
and ``curation.toml``'s drops and restrictions. ``python -m units.lexicon`` runs it."""

from __future__ import annotations

import json
import re
from datetime import date as Date
from pathlib import Path

from units.lexicon.tables import currency_curation, currency_overrides
from units.lexicon.words import MERGED_CURRENCIES

__all__ = ["build_currency_words", "write_merged"]


_PERIOD = re.compile(r"\s*\(.*$")  # "터키 리라(1922~2005)" -> "터키 리라"
_HANGUL = re.compile("[\uac00-\ud7a3]")


def _tender_history(since: Date, names_since: Date) -> tuple[dict[str, list[str]], dict[str, list[str]],
                                                              dict[str, list[str | None]]]:
    """Per territory the currencies it used on or after ``since``, and those it used on or
    after ``names_since``; per currency the span (earliest start, latest end) over all
    territories. Dates as ISO text."""
    import babel.numbers
    from babel import Locale

    used: dict[str, list[str]] = {}
    named: dict[str, list[str]] = {}
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
            if row["to"] is None or row["to"] > names_since:
                named.setdefault(territory, []).append(code)
            start = row["from"].isoformat() if row["from"] else None
            end = row["to"].isoformat() if row["to"] else None
            span = spans.setdefault(code, [start, end])
            span[0] = None if start is None or span[0] is None else min(span[0], start)
            span[1] = None if end is None or span[1] is None else max(span[1], end)
    return {t: sorted(set(c)) for t, c in used.items()}, {t: sorted(set(c)) for t, c in named.items()}, spans


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
    used, named, spans = _tender_history(since, Date.fromisoformat(cur["keep"]["names_since"]))
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
            territory_names.setdefault(country, set()).update(c for c in named.get(territory, ()) if c in kept)
            for code in codes:
                if code in head_of:
                    for head in (head_of[code], *variants.get(head_of[code], [])):
                        if code[:2] != territory and any(c[:2] == territory and head_of.get(c) == head_of[code]
                                                         for c in codes):
                            continue  # 짐바브웨 달러 is the country's own dollar, not the US one it also used
                        add(f"{country} {head}", code)
        for place in cur["places"].get(territory, []):  # (a city names its country in context, no currency name)
            territory_names.setdefault(place, set()).update(c for c in named.get(territory, ()) if c in kept)
    heads: dict[str, set[str]] = {}
    for code, head in head_of.items():
        for h in (head, *variants.get(head, [])):
            heads.setdefault(h, set()).add(code)

    defaults = cur["defaults"]
    words: dict[str, dict] = {}

    def row(name: str, codes: list[str], kind: str = "name", **extra: object) -> dict:
        strength = "weak" if name in cur["weak"] else "country_only" if name in cur["country_only"] else "strong"
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
    en_names = Locale("en").currencies
    for code in sorted(kept):  # CLDR's English names with their country (Hong Kong dollars, Swiss francs, Thai baht)
        for name in {en_names.get(code, ""), *(babel.numbers.get_currency_name(code, count=n, locale="en") for n in (1, 2))}:
            if " " in name and "(" not in name and name not in words:
                words[name] = row(name, [code], "english")
    for name, code in over["english"].items():
        words[name] = row(name, [code], "english")
    for name, head in over["english_heads"].items():  # 500 baht, 50 pesos: as the Korean head reads
        if head in words:
            strength = "contextual" if name.lower() in over["english_heads_context"]["words"] else "strong"
            words[name] = {**words[head], "name": name, "kind": "english", "conventional": False, "strength": strength}
    for name, codes in over["symbols"].items():
        codes = [codes] if isinstance(codes, str) else list(codes)
        words[name] = row(name, codes, "symbol")
    for sign, codes in over["sign_codes"].items():  # NZD$ 9, CAD$ 800: a code glued to the sign it is written with
        for code in codes:
            words.setdefault(code + sign, row(code + sign, [code], "symbol"))
    for name, sub in over["subunits"].items():
        shared = [sub["currency"], *(c for c in sub["of"] if c != sub["currency"])]  # 50 cents on a HK$ page: HKD
        words[name] = row(name, shared, "subunit", scale=sub["scale"], joins=list(sub["of"]),
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
