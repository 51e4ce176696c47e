"""The seed article: exactly nine money figures, pinned with their offsets."""

from __future__ import annotations

from decimal import Decimal

import units
from tests.conftest import SEED

EXPECTED = [
    (37, 45, "1000억 달러", "100000000000", "USD", None),
    (336, 343, "130억 달러", "13000000000", "USD", None),
    (425, 432, "130억 달러", "13000000000", "USD", None),
    (435, 440, "18조 원", "18000000000000", "KRW", "approx"),
    (1888, 1896, "1000억 달러", "100000000000", "USD", None),
    (2011, 2019, "1000억 달러", "100000000000", "USD", None),
    (2022, 2028, "135조 원", "135000000000000", "KRW", "approx"),
    (2565, 2573, "1000억 달러", "100000000000", "USD", None),
    (2696, 2704, "1000억 달러", "100000000000", "USD", None),
]


def test_seed_article_figures() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = [(f.start, f.end, f.text, f.value, f.currency, f.qualifier) for f in units.extract(text)]
    assert got == [(s, e, t, Decimal(v), c, q) for s, e, t, v, c, q in EXPECTED]
    for f in units.extract(text):
        assert text[f.start : f.end] == f.text


def test_seed_precisions() -> None:
    text = SEED.read_text(encoding="utf-8")
    precisions = {f.text: f.precision for f in units.extract(text)}
    assert precisions == {
        "1000억 달러": Decimal("1E+11"),
        "130억 달러": Decimal("1E+9"),
        "18조 원": Decimal("1E+12"),
        "135조 원": Decimal("1E+12"),
    }
