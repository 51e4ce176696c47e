"""Tables and lists under a unit header: the bare numbers a header makes money.

>>> from units import extract
>>> [(f.text, str(f.value), f.currency_basis) for f in extract("(단위: 억원)\\n구분 2024 2023\\n매출액 1,234 △56")]
[('1,234', '123400000000', 'header'), ('△56', '-5600000000', 'header')]

A unit header (``(단위: 백만원)``, ``※ 단위: 억원``, ``(Unit: KRW million)``, ``(억 달러)``
at the end of a caption line) governs the bare numbers below it until the table or list
ends: at a line of running prose or at the next header. Each cell is a figure of its own,
in the header's currency and scale, with ``currency_basis`` "header" and a rule naming
the header. Accounting negatives keep their sign (``-3,412``, ``△4,871``, ``(1,234)``).

Not money, though under a header: rows and columns whose label says percent, ratio or
count (구성비, 증감률, 부채비율, ``(%)``, ``(명)``), a column whose every cell is a small
decimal beside columns of large amounts (a percentage the labels did not name), year
rows (구분 | 2024 | 2023), dates, times and list numbers. A header that names several
money units (단위: 억원, 원, %) governs nothing: which column is in which unit is not
said, and ``explain`` says so.

The steps: :func:`find_headers`, then per header :func:`_rows` (the lines of its table),
:func:`_cells` (the numbers of a row, with their column), and :func:`read_tables`,
which drops what is not money and makes the candidates. Words come from
``lexicon/tables.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from units.currencies import CurrencyMatcher
from units.extraction.figure import Candidate, Rejection
from units.lexicon import load_table, numerals
from units.numerals import ARITHMETIC, Number, scan_number, written_precision

__all__ = ["Header", "find_headers", "read_tables"]

_T = load_table("tables.toml")
_H, _U, _L, _R = _T["header"], _T["units"], _T["labels"], _T["region"]
_SIGNS = numerals()["signs"]
_NEGATIVE, _POSITIVE = frozenset(_SIGNS["negative"]), frozenset(_SIGNS["positive"])
_BRACKETS = {"(": ")", "[": "]", "<": ">", "（": "）", "【": "】", "〔": "〕", "〈": "〉"}
_CLOSERS = "".join(re.escape(c) for c in _BRACKETS.values())
_OPENERS = "".join(re.escape(c) for c in _BRACKETS)
_SCALES = {k: Decimal(10) ** v for k, v in _H["english_scales"].items()}
_CURRENCIES = _H["english_currencies"]

# Each header pattern starts with its keyword (the engine then skips ahead fast); what
# stands before the keyword, a bracket or ※, is looked at by :func:`_opened`.
_KOREAN_HEADER = re.compile(
    re.escape(_H["korean"]) + r"\s*(?P<colon>[:：])?\s*(?P<units>[^" + _CLOSERS + r"\n|]{1,60}?)\s*(?P<close>["
    + _CLOSERS + r"]|(?=\n)|$)"
)
_ENGLISH_HEADER = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(_H["english"], key=len, reverse=True)))
    + r")\s*[:：]\s*(?P<units>[^)\n|]{1,40}?)\s*(?P<close>\)|(?=\n)|$)"
)
_ENGLISH_BRACKET = re.compile(
    r"\((?P<units>(?:in\s+)?(?:[A-Za-z$₩€.]+\s+)?(?:in\s+)?(?:" + "|".join(map(re.escape, _SCALES))
    + r")(?:\s+of\s+[A-Za-z.$ ]+?)?)\)"
)
# (억 달러), (억원), (백만 달러) alone at the end of a caption line
_BARE_UNIT = re.compile(r"\((?P<units>(?:천|만|백만|천만|억|십억|백억|천억|조)?\s?[가-힣]{1,3})\)(?=[ \t|]*(?:\n|$))")
_SEPARATORS = re.compile("|".join(map(re.escape, _H["separators"])))
_CELL = re.compile(
    r"(?<![\w.,%/:\-△▲▼+(])(?P<open>\()?(?P<sign>[" + re.escape("".join(_NEGATIVE | _POSITIVE)) + r"])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<close>\))?"
)
_SENTENCE_ENDS = tuple(_R["sentence_ends"])
_NOT_MONEY_UNITS = frozenset(_U["not_money"])
_LABEL_ENDINGS = tuple(_L["not_money_endings"])
_LABEL_WORDS = tuple(_L["not_money_words"])
_HEADER_WORDS = frozenset(_L["header_words"])
_CEILING, _FLOOR = Decimal(_L["percent_ceiling"]), Decimal(_L["money_floor"])
_UNIT_IN_LABEL = re.compile(r"[(\[]([^()\[\]]{1,8})[)\]]")


@dataclass(frozen=True, slots=True)
class Header:
    """A unit header: its span and text, and the money unit it gives bare numbers
    (``code`` None when it gives none, ``problem`` saying why)."""

    start: int
    end: int
    text: str
    code: str | None
    scale: Decimal
    parens: str = "negative"  # what (1,234) means: "negative", or "not_money" (괄호안은 증감률)
    problem: str | None = None


@dataclass(slots=True)
class _Cell:
    start: int
    end: int
    value: Decimal
    precision: Decimal
    column: int
    label: str
    column_name: str = ""
    decimals: bool = False
    large: bool = False
    skip: str | None = None  # why it is not money
    unit: tuple[str, Decimal] | None = None  # a unit its label gives it: 주당배당금(원)


# ------------------------------------------------------------------ headers


def _money_unit(part: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | None:
    """A money unit such as 백만원, 억 달러, 천원, 원, KRW million, US$ thousand."""
    part = part.strip()
    if not part:
        return None
    english = _english_unit(part)
    if english is not None:
        return english
    scale, k = Decimal(1), 0
    number = scan_number(part, 0, expr=True)
    if number is not None and not number.arabic and number.low == number.high:
        scale, k = number.low, number.end
    while k < len(part) and part[k] == " ":
        k += 1
    for word, end in currencies.matches(part, k):
        if end == len(part) and word.kind != "subunit" and word.strength != "country_only":
            return word.code, scale
    return None


def _english_unit(part: str) -> tuple[str, Decimal] | None:
    """KRW million, in millions of won, US$ thousand, KRW bn: a currency and a scale word."""
    text = part
    for name in sorted((k for k in _CURRENCIES if " " in k), key=len, reverse=True):
        text = text.replace(name, _CURRENCIES[name])
    code = scale = None
    for w in re.split(r"[\s(),]+", text):
        if not w or w.lower() in ("in", "of"):
            continue
        if w.lower() in _SCALES and scale is None:
            scale = _SCALES[w.lower()]
        elif w in _CURRENCIES and code is None:
            code = _CURRENCIES[w]
        else:
            return None
    return None if code is None else (code, scale if scale is not None else Decimal(1))


def _parens(units: str) -> tuple[str, str]:
    """The units text without its parentheses clause, and what parentheses hold."""
    for word in _H["parens"]:
        at = units.find(word)
        if at >= 0:
            return units[:at], "not_money"
    return units, "negative"


def _header(m: re.Match[str], kind: str, currencies: CurrencyMatcher) -> Header | None:
    units, parens = _parens(m.group("units"))
    money, other = [], []
    for part in _SEPARATORS.split(units):
        part = part.strip()
        if not part:
            continue
        found = _money_unit(part, currencies)
        if found is not None:
            money.append(found)
        elif part in _NOT_MONEY_UNITS or kind == "korean":
            other.append(part)  # 기준 : IFRS, 괄호 …: words beside the units
        else:
            return None
    if not money:
        return None if kind != "korean" else Header(m.start(), m.end(), m.group(), None, Decimal(1), parens,
                                                      "the header names no unit of money")
    if len(set(money)) > 1:
        names = ", ".join(p.strip() for p in _SEPARATORS.split(units) if _money_unit(p, currencies))
        return Header(m.start(), m.end(), m.group(), None, Decimal(1), parens,
                      f"the header names several units of money ({names}) and does not say which column is in which")
    code, scale = money[0]
    return Header(m.start(), m.end(), m.group(), code, scale, parens)


def _opened(s: str, at: int) -> int | None:
    """Where a bracket opens just before ``at`` (spaces and ※ between), or None."""
    j = at
    while j > 0 and at - j < 4 and s[j - 1] in " ※":
        j -= 1
    return j - 1 if j > 0 and s[j - 1] in _BRACKETS else None


def find_headers(s: str, currencies: CurrencyMatcher) -> list[Header]:
    """Every unit header of ``s``, in order (one per position)."""
    found: dict[int, Header] = {}
    patterns = []
    if _H["korean"] in s:
        patterns.append(("korean", _KOREAN_HEADER))
    if "nit" in s or "NIT" in s:
        patterns.append(("english", _ENGLISH_HEADER))
    if "(" in s:
        patterns += [("english", _ENGLISH_BRACKET), ("bare", _BARE_UNIT)]
    for kind, pattern in patterns:
        for m in pattern.finditer(s):
            opened = _opened(s, m.start())
            if kind == "korean" and not (m.group("colon") or (opened is not None and m.group("close"))):
                continue  # 천원 단위로 적는다: a sentence about units, not a header
            if kind == "bare" and m.start() and s[m.start() - 1].isalnum():
                continue  # 130억 달러(억 달러): not a caption's unit
            h = _header(m, kind, currencies)
            if h is not None and opened is not None and kind != "bare":
                h = replace(h, start=opened, text=s[opened : h.end])
            if h is not None and not any(h.start < o.end and o.start < h.end for o in found.values()):
                found[h.start] = h
    return [found[k] for k in sorted(found)]


# ------------------------------------------------------------------ the lines of a table


def _is_prose(line: str, numbers: int) -> bool:
    """A line of running text: a sentence end, or a long line with few numbers (and no
    cell bars)."""
    if "|" in line or "\t" in line or numbers > _R["prose_max_numbers"]:
        return False
    text = line.strip()
    return len(text) >= _R["prose_min_chars"] or (len(text) >= 12 and text.endswith(_SENTENCE_ENDS))


def _rows(s: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """The lines of the table under a header ending at ``start``: the rest of the header's
    line, then each line until running prose, ``stop`` (the next header) or the limits."""
    limit = min(stop, start + int(_R["max_chars"]))
    a, lines = start, 0
    while a < limit and lines < _R["max_lines"]:
        b = s.find("\n", a, limit)
        b = limit if b < 0 else b
        if s[a:b].strip():
            if not _is_prose(s[a:b], len(_CELL.findall(s, a, b))):
                yield a, b
            elif lines:
                return
        lines += 1
        a = b + 1


# ------------------------------------------------------------------ the cells of a row


def _year_like(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100


def _after_ok(s: str, end: int) -> bool:
    """May a bare number end here? Not before a letter or syllable (2024년, 3Q), a percent
    sign, or a date or time going on (2024.03.13, 15:30, 2024-03-13)."""
    if end >= len(s):
        return True
    ch = s[end]
    if ch.isalnum() or ch in "%％":
        return False
    if ch == " " and end + 1 < len(s) and s[end + 1] in "%％":
        return False
    return not (ch in ".,:/-" and end + 1 < len(s) and s[end + 1].isdigit())


def _label(text: str) -> str:
    return text.strip(" \t|-•·*#:=▶►▷○●◦▪■□").strip()


def _first_text(head: str) -> str:
    """The first cell of text in the part of a row before its numbers."""
    for part in head.split("|"):
        if text := _label(part):
            return text
    return ""


@dataclass(frozen=True, slots=True)
class _Row:
    """One line of a table: its label, its numbers with their column, and how many cells
    it has (to line them up with the columns' names)."""

    label: str
    numbers: tuple[tuple[re.Match[str], int], ...]
    cells: int
    barred: bool


def _row(s: str, a: int, b: int) -> _Row:
    """A row's label (the text before its first number) and its numbers with their column:
    the place among the row's non-empty cells in a row of bars, else among its numbers and
    dashes (empty cells)."""
    line = s[a:b]
    barred = "|" in line
    numbers: list[tuple[re.Match[str], int]] = []
    first = None
    for m in _CELL.finditer(s, a, b):
        if not _after_ok(s, m.end()):
            continue
        head = s[a : m.start()]
        if m.group("close") and not m.group("open"):
            if not head.strip(" |"):
                continue  # 1) a list number
            m = _CELL.match(s, m.start(), m.end() - 1) or m
        if m.group("open") and not m.group("close"):
            continue
        if not head.strip(" |") and re.match(r"\d{1,2}\.\s", s[m.start() : m.end() + 2]):
            continue  # 3. 재무현황: a list number
        first = m.start() if first is None else first
        if barred:
            column = sum(1 for p in head.split("|")[:-1] if p.strip())
        else:  # the words since the first number: numbers, dashes (empty cells), 적자전환
            column = len(s[first : m.start()].split())
        numbers.append((m, column))
    label = _first_text(s[a : first if first is not None else b])
    if barred:
        cells = sum(1 for p in line.split("|") if p.strip())
    else:
        cells = bool(label) + (len(s[first:b].split()) if first is not None else 0)
    return _Row(label, tuple(numbers), cells, barred)


def _names(line: str) -> list[str]:
    """The columns' names a header row gives: its cells, or its words."""
    parts = line.split("|") if "|" in line else line.split()
    return [p for p in (_label(x) for x in parts) if p]


def _name(names: list[str], row: _Row, column: int) -> str:
    """The name of a column when the header row lines up with the row (as many cells, or
    one more for the labels' column); merged header cells line up with nothing."""
    place = column if row.barred else column + bool(row.label)
    if len(names) == row.cells:
        return names[place] if place < len(names) else ""
    if len(names) == row.cells - 1 and row.label:
        return names[place - 1] if 0 < place <= len(names) else ""
    if not row.barred and not row.label and len(names) == row.cells + 1:
        return names[place + 1] if place + 1 < len(names) else ""
    return ""


def _label_skip(label: str) -> str | None:
    """Why a row or column of this label holds no money (a percentage, a count), or None."""
    if not label:
        return None
    unit = _UNIT_IN_LABEL.search(label)
    if unit is not None and unit.group(1).strip() in _NOT_MONEY_UNITS:
        return f"{label} is in {unit.group(1)}, not money"
    bare = _UNIT_IN_LABEL.sub("", label).strip()
    if bare.endswith(_LABEL_ENDINGS) or any(w in label for w in _LABEL_WORDS):
        return f"{label} is a ratio or count, not money"
    return None


def _label_unit(label: str, currencies: CurrencyMatcher) -> tuple[str, Decimal] | None:
    unit = _UNIT_IN_LABEL.search(label)
    return _money_unit(unit.group(1), currencies) if unit is not None else None


# ------------------------------------------------------------------ reading a table


def _table(s: str, header: Header, stop: int, currencies: CurrencyMatcher) -> list[_Cell]:
    cells: list[_Cell] = []
    label, names = "", []
    flat = 0  # the place of the next number in a row written one number a line
    for a, b in _rows(s, header.end, stop):
        row = _row(s, a, b)
        if not row.numbers:
            if len(found := _names(s[a:b])) >= 2:
                names = found
            if row.label:
                label, flat = row.label, 0
            continue
        tokens = [m.group("num") for m, _ in row.numbers]
        if (row.label in _HEADER_WORDS or not row.label) and all(map(_year_like, tokens)) and (
                len(tokens) >= 2 or row.label in _HEADER_WORDS):
            names = _names(s[a:b])
            continue  # 구분 | 2024 | 2023: the columns' names
        if row.label:
            label, flat = row.label, 0
        for m, column in row.numbers:
            name = _name(names, row, column)
            if not row.label and len(row.numbers) == 1:  # one number a line, after its label
                column, flat, name = flat, flat + 1, ""
            cells.append(_cell(m, column, label, name, header, currencies))
    return cells


def _cell(m: re.Match[str], column: int, label: str, name: str, header: Header,
          currencies: CurrencyMatcher) -> _Cell:
    digits = m.group("num").replace(",", "")
    value = Decimal(digits)
    sign = m.group("sign")
    negative = sign in _NEGATIVE or (m.group("open") is not None and header.parens == "negative")
    with localcontext(ARITHMETIC):
        value = -value if negative else value
    cell = _Cell(m.start(), m.end(), value, written_precision(Decimal(digits)), column, label,
                 decimals="." in digits, large=abs(value) >= _FLOOR or "," in m.group("num"))
    if m.group("open") is not None and header.parens == "not_money":
        cell.skip = f"the header says parentheses hold no money ({header.text})"
    cell.column_name = name
    cell.unit = _label_unit(label, currencies) or (_label_unit(name, currencies) if name else None)
    if cell.unit is None:
        cell.skip = cell.skip or _label_skip(label) or _label_skip(name)
    return cell


def _percent_columns(cells: list[_Cell]) -> set[int]:
    """Columns whose every cell is a small number, mostly decimals, in a table whose other
    columns hold large amounts: percentages the labels did not name (구성비, 증감률)."""
    if not any(c.large for c in cells):
        return set()
    by_column: dict[int, list[_Cell]] = {}
    for c in cells:
        if c.skip is None:
            by_column.setdefault(c.column, []).append(c)
    out = set()
    for column, members in by_column.items():
        if len(members) < 2 or any(abs(c.value) > _CEILING for c in members):
            continue
        if sum(c.decimals or abs(c.value) in (0, _CEILING) for c in members) * 5 >= len(members) * 3 and any(
                c.large for other, ms in by_column.items() if other != column for c in ms):
            out.add(column)
    return out


def read_tables(s: str, currencies: CurrencyMatcher, trace: list[Rejection] | None) -> list[Candidate]:
    """The money cells of every table under a unit header in ``s``, in order."""
    headers = find_headers(s, currencies)
    out: list[Candidate] = []
    for k, header in enumerate(headers):
        stop = headers[k + 1].start if k + 1 < len(headers) else len(s)
        if header.code is None:
            if trace is not None and header.problem and "names no unit" not in header.problem:
                trace.append(Rejection(header.start, header.end, "ambiguous_header", header.problem))
            continue
        cells = _table(s, header, stop, currencies)
        percent = _percent_columns(cells)
        for c in cells:
            if c.skip is None and c.column in percent and c.unit is None:
                c.skip = "a column of small decimals beside large amounts: a percentage"
            if c.skip is not None:
                if trace is not None:
                    trace.append(Rejection(c.start, c.end, "table_not_money", c.skip))
                continue
            out.append(_candidate(c, header))
    return out


def _candidate(c: _Cell, header: Header) -> Candidate:
    code, scale = c.unit if c.unit is not None else (header.code, header.scale)
    with localcontext(ARITHMETIC):
        value, precision = c.value * scale, c.precision * scale
    number = Number(c.start, c.end, c.value, c.value, c.precision, arabic=True)
    rule = f"unit_header:{' '.join(header.text.split())}"
    return Candidate(c.start, c.end, value, value, precision, code, number, None, c.end, c.end, basis="header",
                     rules=("table_cell", rule))
