"""Rendering audit reports for people: a rich table, Markdown, and a self-contained HTML
document with the article's figures highlighted by role and verdict, which the page at /
shows too.

Every piece of article text is escaped by the templates (autoescape) and its bidi and
control characters made visible; the HTML report loads nothing and runs no script.

Writing the HTML of a long text costs more than auditing it: given a budget, the report
spends on it per figure, row and serialized item as it is written, so a CPU limit holds
until the last byte (``report.*`` in :attr:`units.Budget.work`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.table import Table
from rich.text import Text

import units
from units.auditing import AuditReport, Pair
from units.extraction import Figure

__all__ = ["AuditTable", "table", "markdown", "html_page", "page", "article_view", "templates"]

RICH = {"consistent": "green", "inconsistent": "red", "magnitude_error": "magenta", "not_checkable": "dim"}


def _rate(d: Decimal | None) -> str:
    return "" if d is None else f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def _interval(p: Pair) -> str:
    i = p.implied_interval
    if i is None:
        return ""
    low = "-inf" if i.low is None else _rate(i.low)
    high = "inf" if i.high is None else _rate(i.high)
    return f"{'(' if i.low_open else '['}{low}, {high}{')' if i.high_open else ']'}"


def _reference(p: Pair) -> str:
    if p.reference is None:
        return ""
    r = p.reference
    when = f" {r.date}" if r.date else ""
    return f"{_rate(r.towards(p.pair.split('/')[1]))} ({r.source}{when})"


def _dates(p: Pair) -> str:
    return ", ".join(f"{d} ({_rate(v)})" for d, v in p.matching_dates)


def _date_line(report: AuditReport) -> str:
    if report.article_date is None:
        fits = "; ".join(f"{pair} of {', '.join(d.isoformat() for d, _ in rows)}"
                         for pair, rows in report.fitting_dates.items())
        return "article date: unknown" + (f" (its conversions fit the rates of {fits})" if fits else "")
    return f"article date: {report.article_date} (from the {report.article_date_source})"


def _joint(report: AuditReport) -> list[str]:
    out = []
    for pair, interval in report.joint_rate_interval.items():
        if interval is None:
            out.append(f"{pair}: no single rate satisfies every pair")
        else:
            low = "-inf" if interval.low is None else _rate(interval.low)
            high = "inf" if interval.high is None else _rate(interval.high)
            out.append(f"{pair}: one rate fits every pair: [{low}, {high}]")
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _verdict(p: Pair) -> str:
    return p.verdict + (f" x10^{p.magnitude}" if p.magnitude else "") + (" (stale)" if p.stale else "")


def _arithmetic(p: Pair) -> str:
    a = p.arithmetic
    if a is None:
        return ""
    dev = "" if a.deviation_percent is None else f" {a.deviation_percent:+}%"
    return f"{a.verdict}{dev} at {_rate(a.rate)} ({a.quote.text})"


def _outlier(p: Pair) -> str:
    return "" if p.outlier is None else f"outlier: {p.outlier.cause}"


def _quote_rows(report: AuditReport) -> list[list[str]]:
    rows = []
    for q in report.rate_quotes:
        dev = "" if q.deviation_percent is None else f"{q.deviation_percent:+}%"
        ref = "" if q.reference is None else f"{_rate(q.reference.towards(q.quote.quote))} ({q.reference.source} {q.reference.date or ''})".strip()
        rows.append([q.quote.text, q.quote.pair, _rate(q.quote.rate), q.quote.kind, ref, q.verdict, dev,
                     ", ".join(f"{d} ({_rate(v)})" for d, v in q.matching_dates)])
    return rows


COLUMNS = ("source", "stated", "cue", "implied rate", "reference", "verdict", "deviation", "matches dates",
           "own rate", "outlier")


def _cells(p: Pair) -> list[str]:
    """One pair's cells, in the order of COLUMNS, as plain text."""
    dev = "" if p.deviation_percent is None else f"{p.deviation_percent:+}%"
    return [p.source.text, p.stated.text, p.cue, _interval(p), _reference(p), _verdict(p), dev, _dates(p),
            _arithmetic(p), _outlier(p)]


def _notes(report: AuditReport) -> list[str]:
    """The lines under the table: the joint rate, repeated amounts, rate quotes, notes."""
    return (_joint(report)
            + [f"repeat: {r.amount:,} {r.currency} stated as " + " / ".join(p.stated.text for p in r.pairs)
               for r in report.repeats]
            + [f"rate quote {row[0]} ({row[1]} {row[2]}, {row[3]}): {row[5]} {row[6]} "
               f"{'against ' + row[4] if row[4] else ''}".rstrip() for row in _quote_rows(report)]
            + list(report.notes))


class AuditTable:
    """The pairs of one report for a terminal: a table when its columns fit the width
    without splitting a word, else one block per pair (a label and its value a line), so
    that 80 or 60 columns stay readable. Columns no pair fills are left out. Every piece
    of text is printed as given (escaped for rich's markup)."""

    def __init__(self, name: str, report: AuditReport) -> None:
        self.name, self.report = name, report
        s = report.summary
        self.title = (f"{name}: {_plural(s['figures'], 'figure')}, {_plural(s['pairs'], 'pair')}, "
                      f"{_plural(s['rate_quotes'], 'rate quote')}; {_date_line(report)}")
        self.rows = [_cells(p) for p in report.pairs]
        self.columns = [i for i in range(len(COLUMNS)) if any(row[i] for row in self.rows)] or [0, 1]
        self.notes = _notes(report)

    def widths(self, max_width: int) -> list[int] | None:
        """Column widths within ``max_width`` that split no word (a column is never
        narrower than its longest word), the room left given to what each column still
        lacks for its longest line, the columns that lack least first (so that short cells
        stay on one line); None when even the narrowest do not fit."""
        lines = [[self.rows[r][i] for r in range(len(self.rows))] + [COLUMNS[i]] for i in self.columns]
        narrowest = [max(cell_len(word) for cell in cells for word in cell.split() or [""]) for cells in lines]
        widest = [max(cell_len(cell) for cell in cells) for cells in lines]
        room = max_width - (3 * len(self.columns) + 1) - sum(narrowest)  # borders and padding: 3 a column, 1
        if room < 0:
            return None
        widths = list(narrowest)
        for i in sorted(range(len(widths)), key=lambda i: widest[i] - narrowest[i]):  # short cells on one line first
            grant = min(room, widest[i] - widths[i])
            widths[i] += grant
            room -= grant
        return widths

    def wide(self, widths: list[int]) -> Table:
        t = Table(title=escape(self.title), caption=escape("\n".join(self.notes)) or None)
        for i, width in zip(self.columns, widths, strict=True):
            t.add_column(COLUMNS[i], width=width, overflow="fold")
        for p, row in zip(self.report.pairs, self.rows, strict=True):
            t.add_row(*(f"[{RICH[p.verdict]}]{escape(row[i])}[/]" if COLUMNS[i] == "verdict" else escape(row[i])
                        for i in self.columns))
        return t

    def blocks(self) -> Group:
        parts: list = [Text(self.title, style="italic")]
        for n, (p, row) in enumerate(zip(self.report.pairs, self.rows, strict=True), 1):
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            grid.add_row(f"pair {n}", escape(f"{row[0]} → {row[1]}"))
            for i in self.columns[2:] if self.columns[:2] == [0, 1] else self.columns:
                if row[i]:
                    value = escape(row[i])
                    grid.add_row(COLUMNS[i], f"[{RICH[p.verdict]}]{value}[/]" if COLUMNS[i] == "verdict" else value)
            parts += [Text(""), grid]
        if self.notes:
            parts += [Text(""), *(Text(line, style="dim") for line in self.notes)]
        return Group(*parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(options.max_width)
        yield self.blocks() if widths is None else self.wide(widths)


def table(name: str, report: AuditReport) -> AuditTable:
    """The pairs of one report, and its quoted rates, for a terminal (:class:`AuditTable`)."""
    return AuditTable(name, report)


def markdown(name: str, report: AuditReport) -> str:
    """The report as a Markdown section."""
    lines = [f"## {name}", "", f"- {_date_line(report)}"]
    lines += [f"- {line}" for line in _joint(report) + list(report.notes)]
    lines += [f"- repeated amount {r.amount:,} {r.currency}: " + " / ".join(p.stated.text for p in r.pairs)
              for r in report.repeats]
    lines += ["", "| source | stated | cue | implied rate | reference | verdict | deviation | matches | own rate | outlier | reason |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for p in report.pairs:
        dev = "" if p.deviation_percent is None else f"{p.deviation_percent:+}%"
        reason = p.reason_en + ("" if p.outlier is None else f" {p.outlier.detail_en}")
        cells = [p.source.text, p.stated.text, p.cue, _interval(p), _reference(p), _verdict(p), dev, _dates(p),
                 _arithmetic(p), _outlier(p), reason]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    quotes = _quote_rows(report)
    if quotes:
        lines += ["", "| rate quote | pair | rate | kind | reference | verdict | deviation | matches |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in quotes]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ HTML: one renderer
# The standalone report (eokjo audit --format html, POST /v1/audit with Accept: text/html)
# and the page at / render through the same templates (service/web/templates): the page
# shows the report's <main> as the service rendered it, so the two cannot drift.

WEB = Path(__file__).with_name("web")

# Bidirectional overrides and control characters could reorder or hide what a reader sees
# in the report; they are shown as visible code points instead.
_INVISIBLE = {c: f"⟨U+{c:04X}⟩" for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x200E, 0x200F,
                                           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def _visible(text: str) -> str:
    return text.translate(_INVISIBLE)


@lru_cache(maxsize=1)
def templates():
    """The Jinja2 environment of the page and the report (autoescaped)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader([WEB / "templates", WEB / "static"]),
                      autoescape=select_autoescape(("html",), default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def _figure_money(f: Figure) -> str:
    """A figure's amount as written (not rounded: it is the article's own)."""
    if f.value is not None:
        return f"{f.value:,} {f.currency}"
    return f"{f.low:,} ~ {f.high:,} {f.currency}"


def _arithmetic_text(p: Pair) -> tuple[str, str] | None:
    a = p.arithmetic
    if a is None:
        return None
    dev = "" if a.deviation_percent is None else f" {a.deviation_percent:+}%"
    ko = {"consistent": "맞음", "inconsistent": "어긋남"}.get(a.verdict, a.verdict)
    return (f"{ko}{dev} ({_rate(a.rate)}, {_visible(a.quote.text)})",
            f"{a.verdict}{dev} at {_rate(a.rate)} ({_visible(a.quote.text)})")


def _conversions(figures: tuple[Figure, ...], rate: object, on: object, budget: units.Budget) -> list[dict[str, str]]:
    """Each figure in USD and KRW for the details (rounded; the exact values are in the JSON)."""
    try:
        rows = units.convert_figures(figures, ("USD", "KRW"), rate=rate, date=on, rounded=True, budget=budget)
    except units.LimitExceeded:
        raise
    except units.EokjoError:
        return [{} for _ in figures]
    out = []
    for f, row in zip(figures, rows, strict=True):
        budget.spend("report.figures")
        shown = {}
        for code, c in row.items():
            if code == f.currency or isinstance(c, units.ConversionFailure):
                continue
            shown[code] = (f"{c.amount:,} {code}" if c.amount is not None else f"{c.low:,} ~ {c.high:,} {code}")
        out.append(shown)
    return out


def _reference_rate(report: AuditReport, rate: object) -> str:
    """The USD/KRW reference of the article's date (what its pairs were judged against)."""
    try:
        r = units.resolve_rate("USD", "KRW", rate=rate, date=report.article_date)
    except units.EokjoError:
        return ""
    return f"{_rate(r.value)} KRW/USD ({r.source}{' ' + str(r.date) if r.date else ''})"


class _Metered(Sequence):
    """Rows a template loops over, each spent on the budget as the template writes it."""

    def __init__(self, rows: list, budget: units.Budget) -> None:
        self.rows, self.budget = rows, budget

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k: Any) -> Any:
        return self.rows[k]

    def __iter__(self) -> Iterator:
        for row in self.rows:
            self.budget.spend("report.rows")
            yield row


def article_view(name: str, text: str, report: AuditReport, *, rate: object = None, index: int = 1,
                 budget: units.Budget | None = None) -> dict:
    """What the templates show of one audited text: its segments with the figures and rate
    quotes marked by role and verdict, the counts, the facts and the rows of the tables.

    :param budget: spent on per figure, pair and row (and so checked) as the view is built
        and as the templates write it.
    """
    budget = budget if budget is not None else units.Budget()
    roles: dict[tuple[int, int], dict] = {}
    for n, p in enumerate(report.pairs, 1):
        budget.spend("report.pairs")
        for side, f in (("source", p.source), ("stated", p.stated)):
            roles.setdefault((f.start, f.end), {"kind": "pair", "verdict": p.verdict, "stale": p.stale, "pair": n,
                                                "side": side, "reason_ko": p.reason_ko, "reason_en": p.reason_en})
    conversions = _conversions(report.figures, rate, report.article_date, budget)
    spans = []
    for f, conv in zip(report.figures, conversions, strict=True):
        role = roles.get((f.start, f.end), {"kind": "figure"})
        spans.append((f.start, f.end, {**role, "money": _figure_money(f), "conversions": conv}))
    for q in report.rate_quotes:
        spans.append((q.quote.start, q.quote.end, {
            "kind": "quote", "verdict": q.verdict, "stale": q.verdict == "stale",
            "money": f"{_rate(q.quote.rate)} {q.quote.quote}/{q.quote.base}"
                     + (f" per {q.quote.per:,}" if q.quote.per != 1 else ""),
            "conversions": {}, "reason_ko": q.reason_ko, "reason_en": q.reason_en}))
    segments, at = [], 0
    for k, (start, end, mark) in enumerate(sorted(spans, key=lambda s: (s[0], -s[1]))):
        if start < at:  # overlapping spans: the first one stands
            continue
        segments.append({"text": _visible(text[at:start])})
        segments.append({"text": _visible(text[start:end]), "mark": {**mark, "id": f"a{index}-m{k}"}})
        at = end
    segments.append({"text": _visible(text[at:])})

    pairs = []
    for n, p in enumerate(report.pairs, 1):
        budget.spend("report.pairs")
        pairs.append({"n": n, "source": _visible(p.source.text), "stated": _visible(p.stated.text),
                      "cue": _visible(p.cue), "implied": _interval(p), "reference": _reference(p),
                      "verdict": p.verdict, "stale": p.stale, "magnitude": p.magnitude,
                      "deviation": "" if p.deviation_percent is None else f"{p.deviation_percent:+}%",
                      "dates": [(str(d), _rate(v)) for d, v in p.matching_dates],
                      "arithmetic": _arithmetic_text(p), "outlier": _outlier(p),
                      "reason_ko": p.reason_ko + ("" if p.outlier is None else " " + p.outlier.detail_ko),
                      "reason_en": p.reason_en + ("" if p.outlier is None else " " + p.outlier.detail_en)})
    quotes = [{"text": _visible(q.quote.text), "pair": q.quote.pair, "rate": _rate(q.quote.rate), "kind": q.quote.kind,
               "reference": "" if q.reference is None else
               f"{_rate(q.reference.towards(q.quote.quote))} ({q.reference.source}"
               + (f" {q.reference.date})" if q.reference.date else ")"),
               "verdict": q.verdict, "deviation": "" if q.deviation_percent is None else f"{q.deviation_percent:+}%",
               "dates": [(str(d), _rate(v)) for d, v in q.matching_dates],
               "reason_ko": q.reason_ko, "reason_en": q.reason_en} for q in report.rate_quotes]
    joint = []
    for pair, interval in report.joint_rate_interval.items():
        if interval is None:
            joint.append((pair, None))
        else:
            low = "−∞" if interval.low is None else _rate(interval.low)
            high = "∞" if interval.high is None else _rate(interval.high)
            joint.append((pair, f"{'(' if interval.low_open else '['}{low}, {high}{')' if interval.high_open else ']'}"))
    return {"index": index, "name": _visible(name), "segments": _Metered(segments, budget), "summary": report.summary,
            "date": None if report.article_date is None else str(report.article_date),
            "date_source": report.article_date_source, "reference": _reference_rate(report, rate),
            "joint": joint, "pairs": _Metered(pairs, budget), "quotes": _Metered(quotes, budget),
            "notes": list(report.notes),
            "repeats": [f"{r.amount:,} {r.currency}: " + " / ".join(_visible(p.stated.text) for p in r.pairs)
                        for r in report.repeats]}


_ITEMS = ("pairs", "rate_quotes", "figures")  # the long parts of a report, serialized an item at a time


def _report_json(name: str, report: AuditReport, budget: units.Budget) -> bytes:
    """``{"file": name, **report.to_dict()}`` as JSON, its long parts an item at a time."""
    parts = [b'"file":' + orjson.dumps(name)]
    for field in AuditReport.FIELDS:
        if field in _ITEMS:
            items = []
            for item in getattr(report, field):
                budget.spend("report.items")
                items.append(orjson.dumps(item.to_dict()))
            value = b"[" + b",".join(items) + b"]"
        else:
            value = orjson.dumps(report.to_dict(parts=(field,))[field])
        parts.append(orjson.dumps(field) + b":" + value)
    return b"{" + b",".join(parts) + b"}"


def _data_json(items: list[tuple[str, str, AuditReport]], budget: units.Budget) -> str:
    """The reports' exact JSON, safe inside a <script type="application/json"> element."""
    data = (b"[" + b",".join(_report_json(name, rep, budget) for name, _, rep in items) + b"]").decode()
    return (data.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def html_page(items: list[tuple[str, str, AuditReport]], *, rate: object = None,
              budget: units.Budget | None = None) -> str:
    """One self-contained HTML document for (name, text, report) items: its style inline,
    no script that runs, nothing loaded; the exact JSON rides along as data.

    :param budget: spent on (and so checked) as the document is written: a CPU limit
        holds for the HTML as for the audit.
    """
    budget = budget if budget is not None else units.Budget()
    views = [article_view(name, text, rep, rate=rate, index=n, budget=budget)
             for n, (name, text, rep) in enumerate(items, 1)]
    return templates().get_template("report.html").render(articles=views, data_json=_data_json(items, budget))


def page() -> str:
    """The page at /: paste an article, audit it, read the report."""
    return templates().get_template("page.html").render()
