"""Hypothesis properties of the core: round trips and the guarantees of extract()."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import units
from units.format import format_korean, format_money_korean

amounts = st.integers(min_value=0, max_value=10**20).map(Decimal)
cents = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n).scaleb(-2))


@given(amounts, st.booleans())
def test_korean_rendering_parses_back(value: Decimal, compact: bool) -> None:
    assert units.parse_number(format_korean(value, compact=compact)) == value


@given(st.integers(min_value=0, max_value=10**19).map(Decimal))
def test_hangul_rendering_parses_back(value: Decimal) -> None:
    assert units.parse_number(format_korean(value, hangul=True)) == value


@given(cents)
def test_decimal_rendering_parses_back(value: Decimal) -> None:
    assert units.parse_number(format_korean(value)) == value


def _subject_particle(word: str) -> str:
    """이 after a final consonant (원이), 가 after a vowel (달러가): the text must be Korean."""
    last = ord(word[-1]) - 0xAC00
    return "이" if 0 <= last < 11172 and last % 28 else "가"


@given(amounts.filter(lambda v: v > 0), st.sampled_from(["KRW", "USD", "EUR", "JPY", "CNY", "GBP"]))
def test_formatted_money_is_extracted_back(value: Decimal, code: str) -> None:
    written = format_money_korean(value, code)
    text = f"총 {written}{_subject_particle(written)} 들었다"
    (figure,) = units.extract(text)
    assert (figure.value, figure.currency) == (value, code)


def _check_spans(text: str) -> None:
    figures = units.extract(text)
    last = 0
    for f in figures:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= last, "spans must be ordered and must not overlap"
        assert text[f.start : f.end] == f.text
        assert f.low <= f.high
        assert f.value is None or f.low == f.value == f.high
        assert len(f.currency) == 3
        last = f.end


@settings(max_examples=300)
@given(st.text())
def test_extract_never_raises_on_any_unicode(text: str) -> None:
    _check_spans(text)


ALPHABET = list("0123456789,.~-△ ") + list("만억조경천백십일이삼사오수약여대") + [
    "달러", "원", "엔", "$", "US$", "₩", "센트", "이상", "가량", "(", ")", "\u200b", "１", "\u3000", "\u1100", "\u1161",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_extract_on_money_shaped_noise(text: str) -> None:
    _check_spans(text)


BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
WORDS = [w for w in ALPHABET if w not in ("\u1100", "\u1161")]  # a mark between conjoining jamo keeps them apart


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map("".join),
       st.lists(st.tuples(st.integers(min_value=0, max_value=200), st.sampled_from(BIDI)), max_size=4))
def test_bidi_marks_are_ignored_and_spans_stay_in_the_text(text: str, marks: list[tuple[int, str]]) -> None:
    """Bidi marks, embeddings and isolates anywhere change no figure, and each figure's
    span still points into the text as given, marks and all."""
    marked = text
    for at, mark in sorted(marks, reverse=True):
        at = min(at, len(marked))
        marked = marked[:at] + mark + marked[at:]
    plain = [(f.value, f.low, f.high, f.currency, f.qualifier) for f in units.extract(text)]
    assert [(f.value, f.low, f.high, f.currency, f.qualifier) for f in units.extract(marked)] == plain
    _check_spans(marked)


def test_a_value_two_table_readers_find_is_one_figure() -> None:
    """Found by the fuzz smoke: a unit header in the middle of a row of bars, so the cell
    was read once by the header's table and once by its column's name. Cells stay in order
    and apart."""
    text = ('사업명 | 예산액|  인원(명)\n청년 {"text": "(단위: 억원)\\n1. 사업 개요\\n2.": '
            '[{"t": "0.25 KD"}, x | 1,200,000 | 30\n노인 35')
    _check_spans(text)
    assert [f.text for f in units.extract(text)].count("1,200,000") == 1
