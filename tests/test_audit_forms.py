"""How articles state conversions (fixtures/audit_forms.jsonl): each text's pairs, in
order, with the form that ties them; texts that state none must yield none. And the
exchange-rate quotes (fixtures/rate_quotes.jsonl): each quote read, none left as money."""

from __future__ import annotations

from decimal import Decimal

import pytest

import units
from units.extraction import default_extractor
from tests.conftest import corpus
from units.auditing import find_pairs

FORMS = corpus("audit_forms")
QUOTES = corpus("rate_quotes")


@pytest.mark.parametrize("case", FORMS, ids=[c["id"] for c in FORMS])
def test_pairs_and_their_forms(case: dict) -> None:
    pairs = find_pairs(case["text"])
    assert [[p.source.text, p.stated.text, p.form] for p in pairs] == case["pairs"]
    for p in pairs:
        assert p.source.currency != p.stated.currency
        assert case["text"][p.source.start : p.source.end] == p.source.text


def test_corpora_cover_every_form_and_the_not_pairs() -> None:
    forms = {f for c in FORMS for _, _, f in c["pairs"]}
    assert len(FORMS) >= 150
    from units.auditing import FORMS as PAIR_FORMS

    assert forms == set(PAIR_FORMS)
    assert sum(1 for c in FORMS if not c["pairs"]) >= 30  # not pairs
    won_first = sum(1 for c in FORMS for p in c["pairs"] if "원" in p[0] and "원" not in p[1])
    assert won_first >= 10
    assert len(QUOTES) >= 40
    assert {q[4] for c in QUOTES for q in c["quotes"]} == {"level", "change", "limit"}


@pytest.mark.parametrize("case", QUOTES, ids=[c["id"] for c in QUOTES])
def test_rate_quotes(case: dict) -> None:
    text = case["text"]
    reading = default_extractor().scan(text)
    assert [q.kind for q in reading.quotes if q.kind == "change"] == []  # a change is not a quote: it is kept apart
    assert [(q.text, q.pair) for q in units.rate_quotes(text)] == [(q.text, q.pair) for q in reading.quotes]
    got = sorted(reading.quotes + reading.changes, key=lambda q: q.start)
    expected = case["quotes"]
    assert [(q.text, q.pair, q.rate, q.per, q.kind, q.qualifier) for q in got] == [
        (t, pair, Decimal(rate), Decimal(per), kind, qualifier) for t, pair, rate, per, kind, qualifier in expected]
    assert [f.text for f in units.extract(text)] == case.get("figures", [])
    for q in got:
        assert text[q.start : q.end] == q.text
