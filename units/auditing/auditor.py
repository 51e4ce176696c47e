"""The audit itself: extract, find the stated pairs, judge each, and gather the report.

>>> [p.verdict for p in audit("130억 달러(약 18조 원)", rate="1380").pairs]
['consistent']

An article dated before the rate data keeps its figures and pairs; they are judged on
their own (a slip of 억 and 조, the rates the article quotes), and say why no reference
rate was used:

>>> old = audit("1억 달러(약 1200억 원)", date="1993-09-18")
>>> [(p.verdict, p.reason_en[:44]) for p in old.pairs]
[('not_checkable', 'Not checkable: no reference rate for 1993-09')]
"""


from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from units.auditing.dating import find_article_date
from units.auditing.intervals import Interval
from units.auditing.judge import arithmetic, check_quote, judge, matching_dates, outliers
from units.auditing.pairs import find_pairs
from units.auditing.report import AuditReport, Pair, QuoteCheck, Repeat
from units.config import Settings, get_settings
from units.budget import Budget
from units.conversion import RateArg, check_date, check_rate, parse_date
from units.errors import DateOutOfRange
from units.extraction import default_extractor

__all__ = ["audit"]


def audit(text: str, *, rate: RateArg = None, date: Date | str | None = None,
          settings: Settings | None = None, budget: Budget | None = None) -> AuditReport:
    """Find the conversions ``text`` states and judge each against a reference rate.

    :param rate: a rate for this call; a bare number is read as won per unit of the
        foreign currency (USD/KRW 1380). Else the configured rate, else ECB of the date.
    :param date: the article's date; else found in its byline; else only internal
        consistency is judged.
    :param budget: limits on the work (figures, CPU time), checked as it runs; it tallies
        the work of each stage (:attr:`Budget.work`): characters read and candidates
        compared in finding pairs, pairs and quotes judged, pairs weighed for outliers.
    :raise RateError: a rate given with the call that no conversion could use, or a date
        that is not an ISO date (the same checks as extract and convert). A date outside
        the rate data is the article's date all the same: it decides currencies (리라 in
        1995 is the Italian lira), and the pairs are judged without a reference rate.
    """
    settings = settings or get_settings()
    check_rate(rate)
    on, date_source, span = parse_date(date), ("call" if date is not None else None), None
    if on is None and (found := find_article_date(text)) is not None:
        on, date_source, span = found[0], "text", (found[1], found[2])
    budget = budget if budget is not None else Budget()  # no limits: it only tallies the work
    reading = default_extractor().scan(text, date=on, budget=budget)
    figures = list(reading.figures)
    notes = []
    if rate is None and not settings.fixed_rates():
        if on is None:
            notes.append("could not date the article and no rate was given: only internal consistency is judged")
        elif (outside := _outside_rate_data(on, settings)) is not None:
            notes.append(f"{outside}; only internal consistency and the rates the article quotes are judged")
    pairs: list[Pair] = []
    try:
        for p in find_pairs(text, figures, budget=budget, quotes=reading.quotes):
            budget.count_item("pair")
            budget.spend("judge.pairs")
            pairs.append(judge(p, rate, on, settings))
    except BaseException:  # hold nothing large in the traceback's frames
        figures.clear()
        pairs.clear()
        raise
    pairs = arithmetic(text, pairs, reading.quotes, budget=budget)
    quotes = []
    for q in reading.quotes:
        budget.spend("judge.quotes")
        quotes.append(check_quote(q, rate, on, settings))
    pairs = outliers(pairs, _anchors(pairs, quotes), on, budget=budget)
    final = tuple(pairs)
    joint = _joint(final)
    fitting = _fitting_dates(final, joint) if on is None and rate is None and not settings.fixed_rates() else {}
    return AuditReport(tuple(figures), final, on, date_source, span, joint, _repeats(final), tuple(notes),
                       tuple(quotes), fitting)


def _outside_rate_data(on: Date, settings: Settings) -> str | None:
    """Why the rate data has no reference rate for the date, or None when it has."""
    try:
        check_date(on, settings)
    except DateOutOfRange as exc:
        return str(exc)
    return None


def _anchors(pairs: list[Pair], quotes: list[QuoteCheck]) -> dict[str, Decimal]:
    """A rate known for each pair beyond the article's conversions: the reference, else
    the level the article quotes."""
    out: dict[str, Decimal] = {}
    for p in pairs:
        if p.reference is not None:
            out.setdefault(p.pair, p.reference.towards(p.pair.split("/")[1]))
    for q in quotes:
        if q.quote.kind == "level":
            out.setdefault(q.quote.pair, q.quote.rate)
    return out


def _joint(pairs: tuple[Pair, ...]) -> dict[str, Interval | None]:
    """Per rate pair: the rates that satisfy every checkable stated conversion at once."""
    joint: dict[str, Interval | None] = {}
    for p in pairs:
        if p.implied_interval is None:
            continue
        if p.pair not in joint:
            joint[p.pair] = p.implied_interval
        elif joint[p.pair] is not None:
            joint[p.pair] = joint[p.pair].intersect(p.implied_interval)  # type: ignore[union-attr]
    return joint


def _fitting_dates(pairs: tuple[Pair, ...], joint: dict[str, Interval | None]
                   ) -> dict[str, tuple[tuple[Date, Decimal], ...]]:
    """For an undated article, per rate pair: the latest dates whose reference rate fits
    every checkable conversion (else the rate most of them share, the outliers aside)."""
    out: dict[str, tuple[tuple[Date, Decimal], ...]] = {}
    for name, interval in joint.items():
        if interval is None:  # they disagree: the rate the majority shares, if an outlier named one
            interval = next((p.outlier.agreed for p in pairs if p.pair == name and p.outlier is not None), None)
        if interval is None or not interval.bounded:
            continue
        base, quote = name.split("/")
        found = matching_dates(base, quote, interval, None)
        if found:
            out[name] = found
    return out


def _repeats(pairs: tuple[Pair, ...]) -> tuple[Repeat, ...]:
    groups: dict[tuple[str, Decimal, str], list[Pair]] = {}
    for p in pairs:
        if p.source.value is not None:
            groups.setdefault((p.source.currency, p.source.value, p.stated.currency), []).append(p)
    out = []
    for (currency, amount, _), members in groups.items():
        if len({(m.stated.low, m.stated.high, m.stated.shape) for m in members}) > 1:
            out.append(Repeat(currency, amount, tuple(members)))
    return tuple(out)
