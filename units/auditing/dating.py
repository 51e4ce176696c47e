"""The article's date, from its byline: in one pass, in time linear in the text.

>>> find_article_date("입력 2026.02.18 07:15\\n본문 2019.1.1")[0]
datetime.date(2026, 2, 18)
>>> find_article_date("by 초록이의 소소한 일상 2025. 11. 7.\\n본문")[0]
datetime.date(2025, 11, 7)

A byline sits at the head or the tail of an article, so only there is a date after a
byline word looked for; elsewhere the first full date of the text answers.
"""

from __future__ import annotations

import re
from datetime import date as Date

from units.lexicon import load_table
from units.text import longest_first

__all__ = ["find_article_date", "HEAD", "TAIL"]

_T = load_table("dating.toml")
HEAD = int(_T["where"]["head"])
TAIL = int(_T["where"]["tail"])
_DATES = re.compile(
    r"(?P<y>(?:19|20)\d{2})[ \t]{0,3}(?:(?:[.\-/][ \t]{0,3}(?P<m>\d{1,2})[ \t]{0,3}[.\-/][ \t]{0,3}(?P<d>\d{1,2}))"
    r"|(?:년[ \t]{0,3}(?P<m2>\d{1,2})[ \t]{0,3}월[ \t]{0,3}(?P<d2>\d{1,2})[ \t]{0,3}일))(?!\d)"
)
_BYLINE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(_T["byline"]["words"], key=longest_first)) + ")[^\\n]{0,40}?"
    + _DATES.pattern
)


def _day(m: re.Match[str]) -> Date | None:
    try:
        return Date(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
    except ValueError:
        return None


def find_article_date(text: str) -> tuple[Date, int, int] | None:
    """The article's date, and where it is written: a date after a byline word (입력,
    기사입력, 등록, by, 기자…) in the head or tail of the text wins; else the first full
    date of the text. None when there is none."""
    n = len(text)
    regions = [(0, min(n, HEAD))] + ([(max(HEAD, n - TAIL), n)] if n > HEAD else [])
    for start, end in regions:
        for m in _BYLINE.finditer(text, start, end):
            day = _day(m)
            if day is not None:
                return day, m.start("y"), m.end()
    for m in _DATES.finditer(text):
        day = _day(m)
        if day is not None:
            return day, m.start(), m.end()
    return None
