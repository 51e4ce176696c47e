"""The extractor: spotting, then the stages, each a list of small named rules.

    spot        one fast regex: where an amount may start           (spot.py)
    amount      the number and the currency written with it          (amount.py)
                or won the text makes certain: 연봉 5억, 30억을 투입     (implied.py)
    boundary    do the number and the currency stand as words?        (boundary.py)
    not money   ordinals, captions, years, unit headers, scores       (notmoney.py)
    shapes      ranges of two amounts, bands                          (shapes.py)
    qualify     signs, bounds and approximations                      (qualify.py)
    resolve     which currency, and how it was decided                (resolve.py)
    quotes      exchange-rate quotes, which are not amounts of money      (quotes.py)
    tables      the bare numbers a unit header makes money: (단위: 백만원)  (tables.py)
    spelled     amounts in English words: nine-point-eight trillion won    (spelled.py)
    breakdown   parts that carry on an amount's unit: 200억 원(국비 140, 지방비 60)  (breakdown.py)

Each rule takes the candidate and returns a new one (its name added to the candidate's
``rules``) or a :class:`Rejection` that names it; ``explain`` keeps the rejections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from operator import attrgetter
from dataclasses import dataclass, fields
from datetime import date as Date
from decimal import Decimal
from functools import partial
from itertools import islice

from units.budget import Budget
from units.currencies import CurrencyMatcher
from units.extraction import boundary, notmoney, qualify, quotes, resolve, shapes
from units.extraction.amount import read
from units.extraction.implied import DECLARES, declared_page, eok_bands, read_implied, won_only
from units.extraction.figure import Candidate, Figure, Rejection
from units.extraction.quotes import QuoteDraft, RateQuote
from units.extraction.scan import Scan
from units.extraction.spot import spot_pattern
from units.extraction.spelled import read_spelled
from units.extraction.breakdown import read_breakdowns
from units.extraction.tables import read_tables
from units.numerals import ARITHMETIC
from units.text import Normalized, ascii_part

__all__ = ["Extractor", "Explanation", "Reading", "STAGES", "plain"]

Rule = Callable[[Scan, Candidate], "Candidate | Rejection"]
SEARCH_WINDOW = 4096  # characters one spotting call reads at most (under 1 ms on the densest input)
WINDOW_MARGIN = 64  # more than any spot's lookahead reaches
STAGES: tuple[tuple[str, tuple[Rule, ...]], ...] = (
    ("boundary", boundary.RULES),
    ("not_money", notmoney.RULES),
    ("shapes", shapes.RULES),
    ("qualify", qualify.RULES),
    ("resolve", resolve.RULES),
    ("quotes", quotes.RULES),
)
_RULES: tuple[Rule, ...] = tuple(rule for _, rules in STAGES for rule in rules)
# Rejections whose whole span is spent: a rate quote, a number a typo broke (29억7,085억원)
_START = attrgetter("start")
_SKIP_RULES = frozenset({"rate_quote", "rate_change", "malformed_number"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What one pass over a text found, in the caller's coordinates: the figures, the
    exchange-rate quotes, (when explaining) the readings rules turned down, and the
    changes of exchange rates the text states."""

    figures: tuple[Figure, ...]
    quotes: tuple[RateQuote, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    changes: tuple[RateQuote, ...] = ()  # changes of exchange rates (8.3원 오른): neither money nor levels


Explanation = Reading  # what explain() returns


def _date(value: Date | str | None) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    return Date.fromisoformat(str(value).strip())


class Extractor:
    """A configured money scanner; :func:`units.extract` uses one with the default lexicon.

    :param defaults: the usual currency of words shared by several currencies, e.g.
        ``{"루피": "LKR"}`` (the default reads a bare 루피 as the Indian rupee).
    """

    def __init__(self, defaults: Mapping[str, str] | None = None) -> None:
        self.currencies = CurrencyMatcher(defaults)
        self._spot = spot_pattern(self.currencies)

    def _search(self, s: str, pos: int) -> re.Match[str] | None:
        """The next spot from ``pos``, searched a window at a time: one regex call never runs
        long (it holds the interpreter meanwhile, and the service's event loop waits)."""
        n, search = len(s), self._spot.search
        while pos < n:
            end = min(n, pos + SEARCH_WINDOW)
            m = search(s, pos, end)
            if m is not None and (end == n or m.end() < end - WINDOW_MARGIN):
                return m
            if m is not None:  # near the window's edge, where a lookahead could not see: look again
                return search(s, m.start(), min(n, m.start() + SEARCH_WINDOW))
            if end == n:
                return None
            pos = end - WINDOW_MARGIN
        return None

    def count_spots(self, text: str, limit: int | None = None) -> int:
        """How many places the extractor may read a candidate at (at most ``limit``): the
        spotting regex over the normalized text, so every way an amount can be written
        (일억원, 億, １３０) counts as the scan will count it. No candidate is read without a
        spot, and each spot is read at most once: a scheduler's measure of the work a text
        asks for, at a tenth of the work's cost (less with a ``limit``).

        >>> Extractor().count_spots("일억원, 3億 달러, １３０억 원; 이번 주에 사람이 오늘")
        3
        """
        return sum(1 for _ in islice(self._spot.finditer(Normalized.of(text).text), limit))

    def extract(self, text: str, *, date: Date | str | None = None, budget: Budget | None = None) -> list[Figure]:
        """Every monetary figure in ``text``, in reading order; never raises on a string
        (but a ``budget`` raises when the work passes one of its limits).

        :param date: the article's date, when known: it decides currencies whose meaning
            changed (a bare 리라 in 1995 is the Italian lira).
        """
        return list(self._run(text, date, None, budget).figures)

    def scan(self, text: str, *, date: Date | str | None = None, budget: Budget | None = None) -> Reading:
        """The figures and the exchange-rate quotes of ``text``, in one pass."""
        return self._run(text, date, None, budget)

    def explain(self, text: str, *, date: Date | str | None = None) -> Reading:
        """The figures and quotes, and every reading a rule turned down with the rule that did."""
        return self._run(text, date, [], None)

    def _run(self, text: str, date: Date | str | None, trace: list[Rejection] | None,
             budget: Budget | None) -> Reading:
        if not isinstance(text, str):
            raise TypeError(f"extract() takes a str, not {type(text).__name__}")
        norm = Normalized.of(text)
        scan = Scan(norm.text, self.currencies, _date(date), trace)
        out: list[Figure] = []
        try:
            return self._loop(norm, scan, out, trace, budget)
        except BaseException:
            # the traceback keeps this frame alive until the collector finds it: let it hold
            # no figures (a text stopped at its 10,001st figure would keep 10,000 of them)
            out.clear()
            scan.memo.clear()
            raise

    def _loop(self, norm: Normalized, scan: Scan, out: list[Figure], trace: list[Rejection] | None,
              budget: Budget | None) -> Reading:
        pos = steps = counted_quotes = 0
        search = self._search
        rules, rejected_class, candidate_class = _RULES, Rejection, Candidate  # locals: looked up once per text
        taken: list[tuple[int, int]] = []  # the figures' spans in the normalized text
        read_figures: list[Candidate] = []
        declares = DECLARES in ascii_part(scan.s)  # a stock page that declares its currency once (Currency is KRW)
        while (m := search(scan.s, pos)) is not None:
            steps += 1
            if steps % 64 == 0:
                scan.forget_before(m.start())
                if budget is not None:
                    budget.check()
            c: Candidate | Rejection | None = (declares and declared_page(scan, m.start())) or read(scan, m.start())
            if c is None:
                c = read_implied(scan, m.start())
            if c is not None and c.__class__ is candidate_class:
                for rule in rules:
                    c = rule(scan, c)  # type: ignore[arg-type]
                    if c.__class__ is rejected_class:
                        break
            if budget is not None:
                while counted_quotes < len(scan.quotes):  # a rate quote is an item of the answer too
                    counted_quotes += 1
                    budget.count_item("rate quote")
            if c is None or c.__class__ is Rejection:
                pos = m.end()
                if c is None and (n := scan.memo.get(m.start())) is not None and m.start() < n.end < pos:
                    pos = n.end  # 10, 50, 100, 500원: the spot ran over a list's items; the next may be read
                if c is not None:
                    if trace is not None:
                        trace.append(c)  # type: ignore[arg-type]
                    if c.rule in _SKIP_RULES:  # type: ignore[union-attr]
                        pos = max(pos, c.end)  # type: ignore[union-attr]
                continue
            if budget is not None:
                budget.count_item("figure")
            scan.last = c  # type: ignore[assignment]
            scan.read_codes.add(c.code)  # type: ignore[union-attr]
            out.append(_finish(norm, c))  # type: ignore[arg-type]
            taken.append((c.start, c.end))  # type: ignore[union-attr]
            read_figures.append(c)  # type: ignore[arg-type]
            pos = c.end  # type: ignore[union-attr]
        if moves := quotes.moves_before_levels(scan.s, read_figures, scan.quotes):
            # 전날보다 0.09페소 내린 달러당 54.84페소: the move, not an amount
            scan.changes.extend(moves.values())
            scan.changes.sort(key=_START)
        if factors := quotes.applied_rates(scan, read_figures):  # 3,490 ISK × 10.9원 = 38,041원
            scan.quotes.extend(factors.values())
            scan.quotes.sort(key=_START)
            if budget is not None:
                for _ in factors:
                    budget.count_item("rate quote")
        if ahead := {k: q for k, q in quotes.levels_ahead(scan, read_figures).items() if k not in factors}:
            scan.quotes.extend(ahead.values())  # 1020원대 초중반에서 … 원·달러 환율 예상 레인지로 1020.0~1028.0원
            scan.quotes.sort(key=_START)
            if budget is not None:
                for _ in ahead:
                    budget.count_item("rate quote")
            late = {k: q for k, q in quotes.moves_before_levels(scan.s, read_figures, sorted(ahead.values(), key=_START)).items()
                    if k not in moves and k not in factors and k not in ahead}
            if late:  # 3.0원 오른 1102.7원⏎원·달러 환율이: the move before a level read ahead of its rate word
                moves.update(late)
                scan.changes.extend(late.values())
                scan.changes.sort(key=_START)
        units = set(moves) | set(factors) | set(ahead) | quotes.quoted_units(scan.s, read_figures, scan.quotes) | quotes.equation_units(
            scan.s, read_figures) | notmoney.unit_definitions(scan.s, read_figures)  # 1달러는 100센트
        if units:
            # 1달러를 사려면 1,089원; 1$=5.5P
            keep = [k for k in range(len(read_figures)) if k not in units]
            if budget is not None:
                budget.items["figure"] -= len(units)  # (each was counted as it was read)
            if trace is not None:
                for k in units:
                    c = read_figures[k]
                    trace.append(
                        Rejection(c.start, c.end, "rate_change", "a change of the exchange rate after it, not an amount")
                        if k in moves else
                        Rejection(c.start, c.end, "rate_quote",
                                  "the won one unit costs, applied to the sum before it, not an amount")
                        if k in factors else
                        Rejection(c.start, c.end, "rate_quote", "a level of the exchange rate the text quotes after it, "
                                  "not an amount")
                        if k in ahead else
                        Rejection(c.start, c.end, "rate_unit",
                                  "the unit the next exchange rate is quoted for, not a sum of money"))
            read_figures[:] = [read_figures[k] for k in keep]
            out[:] = [out[k] for k in keep]
            taken[:] = [taken[k] for k in keep]
        quotes_before = len(scan.quotes)
        cells = (read_tables(scan.s, self.currencies, trace, scan.quotes, partial(won_only, scan), read_figures) + _spelled(scan, self.currencies, trace)
                 + read_breakdowns(scan.s, read_figures) + eok_bands(scan.s))
        if cells:
            cells.sort(key=_START)
            cells = _apart(cells)
            out[:] = _with_cells(norm, out, taken, cells, budget)
        quotes.english_bare_levels(scan, taken, cells)
        quotes.english_per_dollar_levels(scan, taken, cells)
        quotes.english_named_levels(scan, taken, cells)
        quotes.english_following_levels(scan, taken, cells)
        quotes.dollar_table_levels(scan, taken, cells)
        quotes.english_bid_offer_levels(scan, taken, cells)
        quotes.korean_cross_levels(scan, taken, cells)
        quotes.korean_bare_levels(scan, taken, cells)  # (after the levels of a rate word, which it follows)
        quotes.forecast_ranges(scan, taken, cells)  # 오늘 예상 범위: 935.00∼940.00
        quotes.per_bare_levels(scan, taken, cells)
        quotes.dollar_rate_bare_levels(scan, taken, cells)  # 브라질 헤알화의 달러 대비 환율은 1.436으로
        quotes.multiplier_levels(scan, taken, cells)
        if len(scan.quotes) > quotes_before:  # rows of exchange rates in tables
            if budget is not None:
                for _ in range(len(scan.quotes) - quotes_before):
                    budget.count_item("rate quote")
            scan.quotes.sort(key=_START)
        quoted = tuple(_finish_quote(norm, q) for q in scan.quotes)
        changes = tuple(_finish_quote(norm, q) for q in scan.changes)
        rejected = () if trace is None else tuple(_map_rejection(norm, r) for r in trace)
        return Reading(tuple(out), quoted, rejected, changes)


def _spelled(scan: Scan, currencies: CurrencyMatcher, trace: list[Rejection] | None) -> list[Candidate]:
    """The amounts spelled in words, less the exchange rates among them (the local currency
    ended the day at one-thousand-339-point-eight won)."""
    out = []
    for c in read_spelled(scan.s, currencies):
        for rule in quotes.RULES:
            c = rule(scan, c)  # type: ignore[assignment]
            if c.__class__ is Rejection:
                break
        if c.__class__ is Candidate:
            out.append(c)
        elif trace is not None:
            trace.append(c)  # type: ignore[arg-type]
    return out


def _apart(cells: list[Candidate]) -> list[Candidate]:
    """The cells in order, each overlapping none before it (a value a disclosure label and
    a column header both name is one figure)."""
    out: list[Candidate] = []
    for c in cells:
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out


def _with_cells(norm: Normalized, figures: list[Figure], taken: list[tuple[int, int]], cells: list[Candidate],
                budget: Budget | None) -> list[Figure]:
    """The figures, and the table cells and spelled amounts that no figure covers, in
    reading order."""
    out: list[Figure] = []
    k = 0
    for c in cells:
        while k < len(taken) and taken[k][1] <= c.start:
            out.append(figures[k])
            k += 1
        inside = k
        while inside < len(taken) and c.start <= taken[inside][0] and taken[inside][1] <= c.end:
            inside += 1  # one-point-15 billion dollars holds 15 billion dollars: the whole is the amount
        if inside == k and k < len(taken) and taken[k][0] < c.end:
            continue  # the cell is (part of) an amount with its own currency
        if inside < len(taken) and taken[inside][0] < c.end:
            continue
        k = inside
        if budget is not None:
            budget.count_item("figure")
        out.append(_finish(norm, c))
    out.extend(figures[k:])
    return out


def _map_rejection(norm: Normalized, r: Rejection) -> Rejection:
    start, end = norm.span(r.start, r.end)
    return Rejection(start, end, r.rule, r.reason)


def _finish_quote(norm: Normalized, q: QuoteDraft) -> RateQuote:
    start, end = norm.span(q.start, q.end)
    return RateQuote(start, end, norm.original[start:end], q.base, q.quote, plain(q.rate), plain(q.per),
                     q.qualifier, q.kind, (q.rule,), None if q.high is None else plain(q.high))


_ONE = Decimal(1)


def plain(d: Decimal) -> Decimal:
    """The same value without exponent or trailing zeros: 1.3E+10 -> 13000000000, 2.50 -> 2.5."""
    whole = d.quantize(_ONE, None, ARITHMETIC)  # (a third of the cost of reading the exponent off as_tuple)
    if whole == d:
        return whole
    return d.normalize(ARITHMETIC)  # a fraction: its exponent stays below zero


_FIGURE_SLOTS = tuple(getattr(Figure, f.name).__set__ for f in fields(Figure))  # in the order of its fields


def _finish(norm: Normalized, c: Candidate) -> Figure:
    """The figure a candidate becomes, in the caller's coordinates; built slot by slot (a
    frozen dataclass's ``__init__`` costs twice as much, once per figure of every text)."""
    start, end = norm.span(c.start, c.end)
    low = plain(c.low)
    high = low if c.high == c.low else plain(c.high)  # one object for equal bounds
    f = object.__new__(Figure)
    for put, value in zip(_FIGURE_SLOTS, (start, end, norm.original[start:end], low if c.exact else None, low, high,
                                          c.code, c.qualifier, c.precision, c.shape, c.basis, c.rules)):
        put(f, value)
    return f
