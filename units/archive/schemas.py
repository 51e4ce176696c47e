"""The Arrow schemas of an audited archive: one module, so every engine, every reader and
the README agree. ``python -m units.archive.schemas`` prints them.

Decimals are Arrow ``decimal128`` with precision 38, the most Spark's ``DecimalType``
holds, and a scale per kind of number:

- :data:`AMOUNT` ``decimal128(38, 10)``: amounts as written and converted. Below 10^28
  (ten thousand 경 times a trillion: more than any money ever written) with ten digits
  after the point (a millionth of a cent). Converted amounts are rounded half-up to the
  currency's minor unit, keeping 4 significant digits below one unit, as the API does.
- :data:`RATE` ``decimal128(38, 18)``: rates below 10^20 with 18 digits after the point.
  A rate as written or published (1,450.3; ECB's 1.1568) is kept exactly. A computed rate
  (an implied rate, a cross rate through the euro) is a quotient eokjo carries to 28
  significant digits; the table keeps it to 18 decimal places, rounded half-even, which
  also holds the implied rates of magnitude errors (10^-7 to 10^12).
- :data:`PERCENT` ``decimal128(38, 10)``: deviations in percent (two decimals).

An amount that does not fit its column exactly is never rounded or cut, and neither is
a rate of 10^20 or more: the article goes to ``errors`` with the reason, and the rest of
the batch stands.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["AMOUNT", "RATE", "PERCENT", "FIGURES", "PAIRS", "RATE_QUOTES", "ARTICLES", "ERRORS", "TABLES",
           "MATCHING_DATES", "JOINT"]

AMOUNT = pa.decimal128(38, 10)
RATE = pa.decimal128(38, 18)
PERCENT = pa.decimal128(38, 10)

MATCHING_DATES = pa.list_(pa.struct([("date", pa.date32()), ("rate", RATE)]))
JOINT = pa.list_(pa.struct([("pair", pa.string()), ("low", RATE), ("high", RATE), ("low_open", pa.bool_()),
                            ("high_open", pa.bool_()), ("empty", pa.bool_())]))


def _conversion(code: str) -> list[tuple[str, pa.DataType]]:
    c = code.lower()
    return [(f"{c}_amount", AMOUNT), (f"{c}_low", AMOUNT), (f"{c}_high", AMOUNT), (f"{c}_rate", RATE),
            (f"{c}_rate_date", pa.date32()), (f"{c}_rate_source", pa.string()), (f"{c}_error", pa.string())]


FIGURES = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("figure", pa.int64()),
    ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
    ("value", AMOUNT), ("low", AMOUNT), ("high", AMOUNT), ("currency", pa.string()), ("qualifier", pa.string()),
    ("precision", AMOUNT), ("shape", pa.string()), ("currency_basis", pa.string()),
    *_conversion("USD"), *_conversion("KRW"),
])

PAIRS = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("pair_index", pa.int64()),
    ("form", pa.string()), ("cue", pa.string()), ("pair", pa.string()),
    ("source_start", pa.int64()), ("source_end", pa.int64()), ("source_text", pa.string()),
    ("source_value", AMOUNT), ("source_currency", pa.string()),
    ("stated_start", pa.int64()), ("stated_end", pa.int64()), ("stated_text", pa.string()),
    ("stated_value", AMOUNT), ("stated_currency", pa.string()),
    ("implied_rate", RATE), ("implied_low", RATE), ("implied_high", RATE),
    ("implied_low_open", pa.bool_()), ("implied_high_open", pa.bool_()),
    ("reference_rate", RATE), ("reference_date", pa.date32()), ("reference_source", pa.string()),
    ("verdict", pa.string()), ("deviation_percent", PERCENT), ("magnitude", pa.int64()), ("stale", pa.bool_()),
    ("matching_dates", MATCHING_DATES), ("outlier", pa.string()), ("arithmetic", pa.string()),
    ("reason_en", pa.string()), ("reason_ko", pa.string()),
])

RATE_QUOTES = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("quote_index", pa.int64()),
    ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("pair", pa.string()),
    ("base", pa.string()), ("quote", pa.string()), ("rate", RATE), ("per", AMOUNT), ("qualifier", pa.string()),
    ("kind", pa.string()), ("reference_rate", RATE), ("reference_date", pa.date32()), ("verdict", pa.string()),
    ("deviation_percent", PERCENT), ("matching_dates", MATCHING_DATES), ("reason_en", pa.string()),
])

ARTICLES = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("chars", pa.int64()),
    ("article_date", pa.date32()), ("date_source", pa.string()),
    ("figures", pa.int64()), ("pairs", pa.int64()), ("consistent", pa.int64()), ("inconsistent", pa.int64()),
    ("magnitude_error", pa.int64()), ("not_checkable", pa.int64()), ("stale", pa.int64()),
    ("rate_quotes", pa.int64()), ("worst_verdict", pa.string()), ("joint_rate_interval", JOINT),
])

ERRORS = pa.schema([
    ("article_id", pa.string()), ("outlet", pa.string()), ("stage", pa.string()), ("reason", pa.string()),
])

TABLES: dict[str, pa.Schema] = {"figures": FIGURES, "pairs": PAIRS, "rate_quotes": RATE_QUOTES,
                                "articles": ARTICLES, "errors": ERRORS}
