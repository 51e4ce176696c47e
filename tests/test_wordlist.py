"""Precision on ordinary words: every Hangul word of Debian's Korean word list, put after a
number and alone, yields a figure only when it is a currency word.

The frames are "가격은 3 {w} 이다", "가격은 3{w} 이다" and "그 {w} 이다". A word may fire
when it is a currency form of the lexicon, one of those with 화 (루피화), a magnitude
compound (만원, 억달러), or one of the reviewed ambiguous words of
fixtures/wordlist/allowlist.toml (at most 20, each with its reason).

The list comes from the Debian package hunspell-ko, which .ci/run installs; without it the
test skips and says so.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import pytest

import units
from tests.conftest import FIXTURES
from units.lexicon import currency_words
from units.numerals import MYRIADS, SMALL_UNITS

WORDLIST = Path("/usr/share/hunspell/ko.dic")
ALLOWLIST = tomllib.loads((FIXTURES / "wordlist" / "allowlist.toml").read_text(encoding="utf-8"))
FRAMES = ("가격은 3 {} 이다", "가격은 3{} 이다", "그 {} 이다")


def _hangul(word: str) -> bool:
    return bool(word) and all("\uac00" <= ch <= "\ud7a3" for ch in word)


def currency_forms() -> set[str]:
    """The closed list: every Korean currency form, its 화 form, and magnitude compounds."""
    forms = {w.name.replace(" ", "") for w in currency_words() if _hangul(w.name.replace(" ", ""))}
    forms |= {f + "화" for f in forms}
    places = [*SMALL_UNITS, *MYRIADS]
    compounds = {p + f for p in places for f in forms} | {a + b + f for a in SMALL_UNITS for b in MYRIADS for f in forms}
    return forms | compounds


@pytest.fixture(scope="module")
def words() -> list[str]:
    if not WORDLIST.exists():
        pytest.skip(f"{WORDLIST} not found: install the Debian package hunspell-ko (.ci/run does)")
    lines = WORDLIST.read_text(encoding="utf-8").splitlines()[1:]
    found = {unicodedata.normalize("NFC", line.split("/")[0].strip()) for line in lines}
    return sorted(w for w in found if _hangul(w))


def test_the_list_is_the_korean_dictionary(words: list[str]) -> None:
    assert len(words) > 50_000
    assert {"원", "원인", "불가능", "이유", "사원"} <= set(words)


def test_only_currency_words_yield_a_figure(words: list[str]) -> None:
    allowed = currency_forms() | set(ALLOWLIST)
    fired = [w for w in words if w not in allowed and any(units.extract(f.format(w)) for f in FRAMES)]
    assert fired == [], f"{len(fired)} ordinary words read as money, e.g. {fired[:30]}"


def test_allowlist_is_short_and_every_entry_still_fires(words: list[str]) -> None:
    assert len(ALLOWLIST) <= 20
    for word, reason in ALLOWLIST.items():
        assert len(reason) > 20, f"{word}: give the reason"
        assert word in words
        assert any(units.extract(f.format(word)) for f in FRAMES), f"{word} no longer fires: drop it from the allowlist"


def test_the_hwa_forms_that_name_a_currency_are_no_ordinary_words(words: list[str]) -> None:
    """A currency name's 화 form names its currency on a page (바트화 가치가 … 100바트) without a
    listing when the name has two syllables or more: so none of those forms may be a word
    (동화, a fairy tale, is why one syllable is not enough)."""
    from units.extraction.context import TABLES

    def named(name: str) -> bool:
        node = TABLES.root
        for ch in name:
            if (node := node.get(ch)) is None:
                return False
        return "" in node

    forms = {w.name + "화" for w in currency_words() if w.kind == "name" and w.strength in ("contextual", "country_only")}
    naming = {f for f in forms if named(f)}
    assert {"바트화", "과라니화", "링기트화", "솔화"} <= naming
    assert "동화" not in naming
    assert sorted(naming & set(words)) == []
