"""Rendering audit reports for people: a rich table, Markdown, and a self-contained HTML
page with the article's figures highlighted and each pair coloured by its verdict.

Every piece of article text goes through :func:`html.escape`; the page loads nothing.
"""

from __future__ import annotations

import html
from decimal import ROUND_HALF_UP, Decimal

from rich.table import Table

from units.audit import AuditReport, Pair

__all__ = ["table", "markdown", "html_page", "COLOURS"]

COLOURS = {"consistent": "#2e7d32", "inconsistent": "#c62828", "magnitude_error": "#6a1b9a", "not_checkable": "#757575"}
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
        return "article date: unknown"
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


def table(name: str, report: AuditReport) -> Table:
    """A rich table of the pairs of one report, and of its quoted rates."""
    s = report.summary
    t = Table(title=f"{name}: {_plural(s['figures'], 'figure')}, {_plural(s['pairs'], 'pair')}, "
                    f"{_plural(s['rate_quotes'], 'rate quote')}; {_date_line(report)}",
              caption="\n".join(_joint(report) + [f"repeat: {r.amount:,} {r.currency} stated as "
                                                   + " / ".join(p.stated.text for p in r.pairs) for r in report.repeats]
                                + [f"rate quote {row[0]} ({row[1]} {row[2]}, {row[3]}): {row[5]} {row[6]} "
                                   f"{'against ' + row[4] if row[4] else ''}".rstrip() for row in _quote_rows(report)]
                                + list(report.notes)) or None)
    for col in ("source", "stated", "cue", "implied rate", "reference", "verdict", "deviation", "matches dates",
                "own rate", "outlier"):
        t.add_column(col)
    for p in report.pairs:
        dev = "" if p.deviation_percent is None else f"{p.deviation_percent:+}%"
        t.add_row(p.source.text, p.stated.text, p.cue, _interval(p), _reference(p),
                  f"[{RICH[p.verdict]}]{_verdict(p)}[/]", dev, _dates(p), _arithmetic(p), _outlier(p))
    return t


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


_STYLE = """
body{font:15px/1.6 system-ui,sans-serif;margin:0;color:#222}
header{padding:12px 20px;background:#263238;color:#fff}
section{display:flex;gap:20px;padding:16px 20px;border-bottom:1px solid #ddd;align-items:flex-start}
.article{flex:1 1 55%;white-space:pre-wrap;max-height:80vh;overflow:auto;border:1px solid #eee;padding:12px}
.numbers{flex:1 1 45%}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
mark{background:#fff59d;border-radius:3px}
""" + "".join(f"mark.{v}{{background:{c}22;outline:2px solid {c}}} td.{v}{{color:{c};font-weight:600}}"
              for v, c in COLOURS.items())


# Bidirectional overrides and control characters could reorder or hide what a reader sees
# in the report; they are shown as visible code points instead.
_INVISIBLE = {c: f"⟨U+{c:04X}⟩" for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x200E, 0x200F,
                                           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def _esc(text: str) -> str:
    return html.escape(text.translate(_INVISIBLE))


def _highlighted(text: str, report: AuditReport) -> str:
    marks: dict[tuple[int, int], tuple[str, str]] = {}
    for i, p in enumerate(report.pairs, 1):
        for f in (p.source, p.stated):
            marks[(f.start, f.end)] = (p.verdict, f"pair {i}: {p.verdict}")
    out, at = [], 0
    for f in report.figures:
        cls, title = marks.get((f.start, f.end), ("figure", f"{f.value if f.value is not None else ''} {f.currency}"))
        out.append(_esc(text[at : f.start]))
        out.append(f'<mark class="{cls}" title="{_esc(title)}">{_esc(f.text)}</mark>')
        at = f.end
    out.append(_esc(text[at:]))
    return "".join(out)


def html_page(items: list[tuple[str, str, AuditReport]]) -> str:
    """One self-contained page for (name, text, report) items: no scripts, no links out."""
    parts = ["<!doctype html><html lang=\"ko\"><head><meta charset=\"utf-8\">",
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>eokjo audit</title><style>{_STYLE}</style></head><body>",
             f"<header><strong>eokjo audit</strong> — {len(items)} article(s)</header>"]
    for name, text, report in items:
        rows = []
        for i, p in enumerate(report.pairs, 1):
            dev = "" if p.deviation_percent is None else f"{p.deviation_percent:+}%"
            cells = [str(i), p.source.text, p.stated.text, _interval(p), _reference(p), dev, _dates(p)]
            rows.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells[:5])
                        + f"<td class=\"{p.verdict}\">{_esc(p.verdict)}</td>"
                        + "".join(f"<td>{_esc(c)}</td>" for c in cells[5:])
                        + f"<td>{_esc(p.reason_ko)}<br>{_esc(p.reason_en)}</td></tr>")
        facts = [_date_line(report), *_joint(report), *report.notes]
        facts += [f"repeated amount {r.amount:,} {r.currency}: " + " / ".join(p.stated.text for p in r.pairs)
                  for r in report.repeats]
        parts.append(
            f"<section><div class=\"article\"><h2>{_esc(name)}</h2>{_highlighted(text, report)}</div>"
            "<div class=\"numbers\"><ul>" + "".join(f"<li>{_esc(x)}</li>" for x in facts) + "</ul>"
            "<table><tr><th>#</th><th>source</th><th>stated</th><th>implied rate</th><th>reference</th>"
            "<th>verdict</th><th>deviation</th><th>matches dates</th><th>reason</th></tr>"
            + "".join(rows) + "</table></div></section>")
    parts.append("</body></html>")
    return "".join(parts)
