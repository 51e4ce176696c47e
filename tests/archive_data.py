"""A generated news archive for the archive tests and ``make bench-archive``: articles
built from the fixture corpora and the seed, in several currencies, with dates and outlets,
and (when asked) the bad rows a real archive holds."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.conftest import FIXTURES, SEED, SHARED

OUTLETS = ["한겨레", "조선일보", "연합뉴스", "매일경제", "KBS", None]
CORPORA = ["audit", "audit_forms", "rate_quotes", "money_currencies", "money_korean_numbers", "money_qualifiers",
           "money_english", "negative", "hygiene"]
FILLER = ("정부는 이날 관계부처 합동 회의를 열고 후속 대책을 논의했다. 업계에서는 시장 상황을 지켜봐야 한다는 "
          "신중론이 우세하다. 전문가들은 하반기 경기 흐름이 변수가 될 것으로 내다봤다. ")


def sentences() -> list[str]:
    """Every text of the fixture corpora: money in many forms and currencies, and none."""
    out = []
    for name in CORPORA:
        path = FIXTURES / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    out.append(text.strip())
    return out


def real_texts() -> list[str]:
    """The excerpts of real Korean news in the shared set (``../shared/realtext``), its
    paragraphs one by one; none when the set is not there."""
    path = SHARED / "realtext" / "dev_news.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [p.strip() for row in rows for p in row["text"].split("\n") if p.strip()]


BAD_ROWS = [
    '{"id": "bad-number", "text": 12345}',
    '{"id": "bad-date", "text": "130억 달러(약 18조 원)", "date": "2025-13-45"}',
    '{"id": "bad-empty", "text": ""}',
    '{"id": "bad-blank", "text": "   "}',
    '{"text": "id가 없는 기사 1억 원"}',
    '{"id": "bad-list", "text": ["130억 달러"]}',
    '{"id": "bad-date-type", "text": "1억 원", "date": 20251107}',
    "[1, 2, 3]",
    "{not json at all",
]
# Articles dated before the rate data (1999): kept whole, their pairs judged without a
# reference rate (on their own, a slip of 억 and 조 still shows: 1조2000억 for 1200만 dollars).
OLD_ARTICLES = [
    {"id": "old-date", "text": "1억 달러(약 1200억 원)를 들여 1200만 달러(약 1조2000억 원)짜리를 샀다.", "date": "1990-05-01"},
]


def articles(n: int, *, seed: int = 7, bad: bool = True, parts: tuple[int, int] = (4, 14),
             pool: list[str] | None = None) -> list[dict | str]:
    """``n`` articles (dicts) of ``parts`` sentences each (with filler prose) from ``pool``
    (default: the corpora's :func:`sentences`), and the bad rows (raw lines) and the old
    articles when ``bad``."""
    rng = random.Random(seed)
    pool = pool or sentences()
    seed_text = SEED.read_text(encoding="utf-8")
    rows: list[dict | str] = []
    for i in range(n):
        if i % 50 == 0:
            text = seed_text
        else:
            chosen = rng.sample(pool, k=rng.randint(*parts))
            text = " ".join(p + (" " + FILLER if rng.random() < 0.5 else "") for p in chosen)
        row: dict = {"id": f"a{i:06d}", "text": text}
        if i % 50 and rng.random() < 0.7:  # the seed keeps its byline date
            row["date"] = f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        outlet = rng.choice(OUTLETS)
        if outlet:
            row["outlet"] = outlet
        rows.append(row)
    if bad:
        for k, line in enumerate(BAD_ROWS):
            rows.insert((k * 37) % len(rows), line)
        rows.extend(OLD_ARTICLES)
    return rows


# The columns that name a row of each table: rows sorted by them compare across engines,
# whose part files (and so row orders) differ.
KEYS = {"figures": ["article_id", "figure"], "pairs": ["article_id", "pair_index"],
        "rate_quotes": ["article_id", "quote_index"], "articles": ["article_id"],
        "errors": ["article_id", "stage", "reason"]}


def sorted_rows(table, name: str) -> list[dict]:
    """The rows of an Arrow table of the archive, in the order of :data:`KEYS`."""
    return table.sort_by([(k, "ascending") for k in KEYS[name]]).to_pylist()


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path
