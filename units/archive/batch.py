"""Auditing an archive in Arrow batches: articles in, tables out (:func:`audit_batch`).

:func:`audit_batch` is the one function every engine runs (eokjo's local process pool,
Spark's ``mapInArrow``, or your own Dask ``map_partitions`` and Ray ``map_batches``). It
takes a record batch of articles (``id``, ``text``, optional ``date`` and ``outlet``; the
names are configurable with :class:`Columns`) and returns one record batch per table of
:mod:`units.archive.schemas`: ``figures``, ``pairs``, ``rate_quotes``, ``articles`` and
``errors``. A bad row never stops the batch: it becomes a row of ``errors``.

>>> import pyarrow as pa
>>> articles = pa.RecordBatch.from_pydict({"id": ["a1", "a2"], "date": ["2025-11-07", "2025-13-45"],
...     "text": ["누적 투자액은 130억 달러(약 18조 원)에 달한다.", "100억 달러"]})
>>> tables = audit_batch(articles)
>>> tables["pairs"].to_pydict()["verdict"], tables["figures"].num_rows
(['inconsistent'], 2)
>>> tables["errors"].to_pylist()[0]["reason"]
"invalid date '2025-13-45': expected YYYY-MM-DD, such as 2025-11-07"

Decimals stay exact: amounts and rates are Arrow decimals (see the schemas), never floats.
The lexicons, the matcher and the rate history are loaded once per process and kept, so
a worker pays for them once, not once per batch (:func:`warm`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import lru_cache
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc

import units
from units.archive.schemas import RATE, TABLES
from units.config import Settings, get_settings
from units.conversion import RateArg

__all__ = ["Columns", "audit_batch", "articles_from_json_lines", "warm", "INPUT_ERROR", "TABLES", "loads"]

INPUT_ERROR = "_input_error"  # readers may add this column: a reason the row is unusable


@dataclass(frozen=True)
class Columns:
    """The names of the input columns."""

    id: str = "id"
    text: str = "text"
    date: str = "date"
    outlet: str = "outlet"


_LOADS = {"count": 0, "pid": None}


def warm() -> None:
    """Load the lexicons, the matcher and the rate history in this process, once."""
    if _LOADS["pid"] != os.getpid():  # a new process (a forked worker too) loads its own
        units.audit("원·달러 환율은 1,380원이다. 130억 달러(약 18조 원)", date="2025-11-07")
        _LOADS.update(pid=os.getpid(), count=_LOADS["count"] + 1 if _LOADS["pid"] is None else 1)


def loads() -> int:
    """How many times this process warmed up (1 once warm, 0 before)."""
    return _LOADS["count"] if _LOADS["pid"] == os.getpid() else 0


# ------------------------------------------------------------------ reading rows


def articles_from_json_lines(lines: Iterable[str | bytes], columns: Columns = Columns()) -> pa.RecordBatch:
    """Articles from JSON Lines, one object per line: ``id``, ``text``, ``date`` and
    ``outlet`` as strings, and :data:`INPUT_ERROR` for a line that cannot be an article
    (not JSON, not an object, text not a string). Every engine reads JSON Lines this way."""
    ids, texts, dates, outlets, problems = [], [], [], [], []
    for raw in lines:
        line = raw.strip() if isinstance(raw, bytes) else raw.strip().encode()
        if not line:
            continue
        ident = text = day = outlet = problem = None
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            problem = f"not a JSON object: {line[:60].decode(errors='replace')!r}"
        else:
            if not isinstance(row, dict):
                problem = f"not a JSON object but a {type(row).__name__}"
            else:
                ident = _text_or_none(row.get(columns.id))
                outlet = _text_or_none(row.get(columns.outlet))
                value = row.get(columns.text)
                if isinstance(value, str):
                    text = value
                elif value is not None:
                    problem = f"{columns.text} must be a string, not {_json_type(value)}"
                day = row.get(columns.date)
                if day is not None and not isinstance(day, str):
                    problem = problem or f"{columns.date} must be a string such as 2025-11-07, not {_json_type(day)}"
                    day = None
        ids.append(ident), texts.append(text), dates.append(day), outlets.append(outlet), problems.append(problem)
    return pa.RecordBatch.from_arrays(
        [pa.array(ids, pa.string()), pa.array(texts, pa.string()), pa.array(dates, pa.string()),
         pa.array(outlets, pa.string()), pa.array(problems, pa.string())],
        names=[columns.id, columns.text, columns.date, columns.outlet, INPUT_ERROR])


def _text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _json_type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


# ------------------------------------------------------------------ the batch function


class _Unfit(Exception):
    """A value its decimal column cannot hold exactly."""


def _fit(value: Decimal | None, column: pa.Decimal128Type, what: str) -> Decimal | None:
    """``value`` unchanged if ``column`` holds it exactly, else :class:`_Unfit`."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -column.scale:
        value = value.normalize()
        exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -column.scale or (
            value and value.adjusted() >= column.precision - column.scale):
        raise _Unfit(f"{what} {value:f} does not fit decimal({column.precision}, {column.scale}) exactly")
    return value


_RATE_PLACES = Decimal(1).scaleb(-RATE.scale)


@lru_cache(maxsize=4096)
def _rate(value: Decimal | None) -> Decimal | None:
    """A rate for the :data:`RATE` column: a computed quotient's digits past the 18th
    decimal place rounded half-even (see the schemas); the rest is checked as every
    decimal is, when the table is built."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -RATE.scale:
        value = value.quantize(_RATE_PLACES, None, _QUANTIZE)
    return value


_QUANTIZE = Context(prec=80, rounding=ROUND_HALF_EVEN)


def _dates(column: pa.Array | None, n: int) -> list[Date | str | None]:
    """The date column as dates (or the text of an invalid one)."""
    if column is None:
        return [None] * n
    if pa.types.is_timestamp(column.type) or pa.types.is_date64(column.type):
        column = column.cast(pa.date32())
    values = column.to_pylist()
    out: list[Date | str | None] = []
    for v in values:
        if v is None or isinstance(v, Date):
            out.append(v)
        else:
            try:
                out.append(Date.fromisoformat(str(v).strip()) if len(str(v).strip()) == 10 else str(v))
            except ValueError:
                out.append(str(v))
    return out


def audit_batch(batch: pa.RecordBatch | pa.Table, *, columns: Columns = Columns(), rate: RateArg = None,
                settings: Settings | None = None) -> dict[str, pa.RecordBatch]:
    """Audit every article of ``batch``: one record batch per table of
    :data:`units.archive.schemas.TABLES`, in the order of the articles.

    :param rate: a rate for every article (a bare number is USD/KRW), else ECB of each
        article's date (its ``date`` column, else the date its byline gives).
    :param settings: among others the limits of one article, as of one request in the
        service (``cpu_seconds``, ``max_figures``): an article past one is a row of
        ``errors`` that names the limit.
    :raise KeyError: ``batch`` has no id or text column (named in the message).
    """
    settings = settings or get_settings()
    warm()
    if isinstance(batch, pa.Table):
        batch = batch.combine_chunks().to_batches()[0] if batch.num_rows else pa.RecordBatch.from_pylist([])
    names = batch.schema.names
    for needed in (columns.id, columns.text):
        if needed not in names:
            raise KeyError(f"no column {needed!r} in the articles (columns: {', '.join(names)}); "
                           "name it with Columns(id=..., text=...) or --id-col/--text-col")
    n = batch.num_rows
    ids = [None if v is None else str(v) for v in batch.column(columns.id).to_pylist()]
    outlets = batch.column(columns.outlet).to_pylist() if columns.outlet in names else [None] * n
    dates = _dates(batch.column(columns.date) if columns.date in names else None, n)
    problems = batch.column(INPUT_ERROR).to_pylist() if INPUT_ERROR in names else [None] * n
    text_column = batch.column(columns.text)
    text_ok = pa.types.is_string(text_column.type) or pa.types.is_large_string(text_column.type)
    texts = text_column.to_pylist() if text_ok else [None] * n

    tables = _Tables()
    with _collector_paused():  # see there: a batch's audits leave no cycles to collect
        for i in range(n):
            ident, outlet = ids[i], None if outlets[i] is None else str(outlets[i])
            text, day = texts[i], dates[i]
            if problems[i]:
                tables.error(ident, outlet, "input", problems[i])
            elif not text_ok:
                tables.error(ident, outlet, "input",
                             f"the {columns.text} column is {text_column.type}, expected text (string)")
            elif ident is None:
                tables.error(ident, outlet, "input", f"{columns.id} is missing")
            elif text is None:
                tables.error(ident, outlet, "input", f"{columns.text} is missing")
            elif not text.strip():
                tables.error(ident, outlet, "input", f"{columns.text} is empty")
            elif isinstance(day, str):
                tables.error(ident, outlet, "input", f"invalid date {day!r}: expected YYYY-MM-DD, such as 2025-11-07")
            else:
                try:
                    report = units.audit(text, rate=rate, date=day, settings=settings,
                                         budget=units.Budget.from_settings(settings))
                except units.EokjoError as exc:
                    tables.error(ident, outlet, "audit", str(exc))
                else:
                    tables.add(ident, outlet, len(text), report, _conversions(report, rate, settings))
        try:
            out = tables.batches()
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):  # a value its column cannot hold
            # Some value does not fit its column exactly (Arrow refuses to lose digits):
            # the articles that hold one go to errors; the rest stand.
            tables.drop_unfit()
            out = tables.batches()
        del tables  # freed while the collector is paused: its first pass would walk them all
    return out


@contextmanager
def _collector_paused():
    """No cyclic garbage collection while a batch is audited and its tables built.
    ``units.audit`` leaves no reference cycles (tests/test_archive.py checks it), so
    reference counting frees everything as it goes; meanwhile the batch's rows stay alive,
    and every automatic pass of the collector would walk them (and the lexicons and the
    rate history, in a process that has not frozen them) for nothing: a tenth of the time
    of a batch. The collector runs again as before once the batch is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_CONVERTED = ("USD", "KRW")


def _conversions(report: units.AuditReport, rate: RateArg, settings: Settings) -> dict[str, units.ConversionColumns]:
    """Every figure of ``report`` in dollars and won at the article's date, rounded to the
    minor unit as the API gives them."""
    try:
        return units.convert_columns(report.figures, _CONVERTED, rate=rate, date=report.article_date,
                                     settings=settings)
    except units.EokjoError as exc:  # a date outside the data: every conversion says so
        n, nothing = len(report.figures), [None] * len(report.figures)
        return {code: units.ConversionColumns(code, nothing, nothing, nothing, nothing, [str(exc)] * n)
                for code in _CONVERTED}


# The figure's own fields, in the order of the figures table.
_FIGURE_FIELDS = ("start", "end", "text", "value", "low", "high", "currency", "qualifier", "precision", "shape",
                  "currency_basis")
_ROWS = ("pairs", "rate_quotes", "articles", "errors")  # the tables built a row at a time


class _Tables:
    """The tables of one batch, filled an article at a time: the figures (many) as
    columns, the other tables as rows. Nothing of a report outlives its article: a batch
    of reports kept alive would make every pass of the garbage collector walk them."""

    def __init__(self) -> None:
        self.figures: dict[str, list] = {name: [] for name in TABLES["figures"].names}
        self._fields = [(self.figures[name], attrgetter(name)) for name in _FIGURE_FIELDS]
        self.rows: dict[str, list[dict | tuple]] = {name: [] for name in _ROWS}  # dicts, or tuples in the schema's order
        self.spans: list[tuple[str, str | None, dict[str, int]]] = []  # per article: where its rows start

    def error(self, ident: str | None, outlet: str | None, stage: str, reason: str) -> None:
        self.rows["errors"].append({"article_id": ident, "outlet": outlet, "stage": stage, "reason": reason})

    def add(self, ident: str, outlet: str | None, chars: int, report: units.AuditReport,
            conversions: dict[str, units.ConversionColumns]) -> None:
        self.spans.append((ident, outlet, self._ends()))
        columns, figures = self.figures, report.figures
        n = len(figures)
        columns["article_id"].extend(repeat(ident, n))
        columns["outlet"].extend(repeat(outlet, n))
        columns["figure"].extend(range(n))
        for column, field in self._fields:
            column.extend(map(field, figures))
        for code, c in conversions.items():
            p = code.lower()
            columns[f"{p}_amount"] += c.amount
            columns[f"{p}_low"] += c.low
            columns[f"{p}_high"] += c.high
            if c.error.count(None) == n:  # every figure converted: the rates' fields, read in C
                columns[f"{p}_rate"].extend(map(_rate, map(_VALUE, c.rate)))
                columns[f"{p}_rate_date"].extend(map(_DATE, c.rate))
                columns[f"{p}_rate_source"].extend(map(_SOURCE, c.rate))
            else:
                columns[f"{p}_rate"] += [None if r is None else _rate(r.value) for r in c.rate]
                columns[f"{p}_rate_date"] += [None if r is None else r.date for r in c.rate]
                columns[f"{p}_rate_source"] += [None if r is None else r.source for r in c.rate]
            columns[f"{p}_error"] += c.error
        _article_rows(ident, outlet, chars, report, self.rows)

    def _ends(self) -> dict[str, int]:
        return {"figures": len(self.figures["article_id"]), **{name: len(self.rows[name]) for name in _ROWS}}

    def columns(self, name: str) -> dict[str, list]:
        if name == "figures":
            return self.figures
        names, rows = TABLES[name].names, self.rows[name]
        if rows and isinstance(rows[0], dict):
            rows = map(itemgetter(*names), rows)
        columns = zip(*rows) if self.rows[name] else ([] for _ in names)
        return {column: list(values) for column, values in zip(names, columns)}

    def batches(self) -> dict[str, pa.RecordBatch]:
        """The tables as record batches. A decimal with more digits than its column holds
        fails (``ArrowInvalid``): nothing is rounded or cut."""
        out = {}
        for name, schema in TABLES.items():
            columns = self.columns(name)
            arrays: dict[str, pa.Array] = {}
            for field in schema:
                values, base = columns[field.name], _DERIVED.get(field.name)
                if name == "figures" and base is not None:
                    arrays[field.name] = _derived(values, columns[base], arrays[base], field.type)
                else:
                    arrays[field.name] = pa.array(values, field.type)
            out[name] = pa.RecordBatch.from_arrays(list(arrays.values()), schema=schema)
        return out

    def drop_unfit(self) -> None:
        """Move every article with a value its column cannot hold to errors, with the
        first such value named."""
        columns = {name: self.columns(name) for name in TABLES if name != "errors"}
        ends = [*(start for _, _, start in self.spans[1:]), self._ends()]
        unfit: list[tuple[dict[str, int], dict[str, int]]] = []
        for (ident, outlet, start), end in zip(self.spans, ends):
            try:
                for name, table in columns.items():
                    for field in TABLES[name]:
                        for value in table[field.name][start[name]:end[name]]:
                            _check_value(value, field.type, f"{name}.{field.name}")
            except _Unfit as exc:
                unfit.append((start, end))
                self.error(ident, outlet, "table", str(exc))
        gone = {name: set() for name in columns}
        for start, end in unfit:
            for name in columns:
                gone[name].update(range(start[name], end[name]))
        for name, table in columns.items():
            keep = [i for i in range(len(next(iter(table.values())))) if i not in gone[name]]
            if name == "figures":
                self.figures = {column: [values[i] for i in keep] for column, values in table.items()}
            else:
                self.rows[name] = [self.rows[name][i] for i in keep]
        self.spans = []


_VALUE, _DATE, _SOURCE = attrgetter("value"), attrgetter("date"), attrgetter("source")

# A figure's low is usually its value, its high its low, and a conversion's bounds its
# amount: these columns are built from the one named here where they hold the same object.
_DERIVED = {"low": "value", "high": "low", **{f"{c}_{bound}": f"{c}_{before}" for c in ("usd", "krw")
                                              for bound, before in (("low", "amount"), ("high", "low"))}}


def _derived(values: list, base: list, base_array: pa.Array, kind: pa.DataType) -> pa.Array:
    """``values`` as an Arrow array, converting only the items that are not the very
    object of ``base`` (a Decimal costs Arrow about 0.2 µs; the extractor and the
    conversions reuse one object for equal bounds) and taking the rest from
    ``base_array``. An item is None only where its ``base`` item is None (a missing value
    has no bounds)."""
    differing = [None if v is b else v for v, b in zip(values, base)]
    return pc.coalesce(pa.array(differing, kind), base_array)


def _check_value(value: Any, kind: pa.DataType, what: str) -> None:
    if value is None:
        return
    if pa.types.is_decimal(kind):
        _fit(value, kind, what)
    elif pa.types.is_list(kind):
        for item in value:
            _check_value(item, kind.value_type, what)
    elif pa.types.is_struct(kind):
        for field in kind:
            _check_value(value.get(field.name), field.type, f"{what}.{field.name}")


def _matching(rows: tuple[tuple[Date, Decimal], ...]) -> list[dict]:
    return [{"date": d, "rate": _rate(r)} for d, r in rows]


def _article_rows(ident: str, outlet: str | None, chars: int, report: units.AuditReport,
                  rows: dict[str, list[dict]]) -> None:
    """The article's rows of the pairs, rate quotes and articles tables, appended to ``rows``."""
    pairs = rows["pairs"]
    for k, p in enumerate(report.pairs):  # a tuple in the order of the PAIRS schema
        i, ref, source, stated = p.implied_interval, p.reference, p.source, p.stated
        pairs.append((
            ident, outlet, k, p.form, p.cue, p.pair,
            source.start, source.end, source.text, source.value, source.currency,
            stated.start, stated.end, stated.text, stated.value, stated.currency,
            _rate(p.implied_rate), *((None,) * 4 if i is None else (_rate(i.low), _rate(i.high), i.low_open, i.high_open)),
            *((None,) * 3 if ref is None else (_rate(ref.towards(p.pair[p.pair.index("/") + 1:])), ref.date, ref.source)),
            p.verdict, p.deviation_percent, p.magnitude, p.stale, _matching(p.matching_dates),
            None if p.outlier is None else p.outlier.cause, None if p.arithmetic is None else p.arithmetic.verdict,
            p.reason_en, p.reason_ko))
    quotes = rows["rate_quotes"]
    for k, q in enumerate(report.rate_quotes):
        r = q.quote
        ref = q.reference
        quotes.append({"article_id": ident, "outlet": outlet, "quote_index": k, "start": r.start, "end": r.end, "text": r.text, "pair": r.pair,
                       "base": r.base, "quote": r.quote, "rate": _rate(r.rate),
                       "per": r.per, "qualifier": r.qualifier, "kind": r.kind,
                       "reference_rate": None if ref is None else _rate(ref.towards(r.quote)),
                       "reference_date": None if ref is None else ref.date, "verdict": q.verdict,
                       "deviation_percent": q.deviation_percent,
                       "matching_dates": _matching(q.matching_dates), "reason_en": q.reason_en})
    s = report.summary
    joint = [{"pair": pair, "low": None if iv is None else _rate(iv.low),
              "high": None if iv is None else _rate(iv.high),
              "low_open": None if iv is None else iv.low_open, "high_open": None if iv is None else iv.high_open,
              "empty": iv is None} for pair, iv in report.joint_rate_interval.items()]
    row = {"article_id": ident, "outlet": outlet, "chars": chars, "article_date": report.article_date,
             "date_source": {"call": "column", "text": "text"}.get(report.article_date_source or ""),
             "figures": s["figures"], "pairs": s["pairs"], "consistent": s["consistent"],
             "inconsistent": s["inconsistent"], "magnitude_error": s["magnitude_error"],
             "not_checkable": s["not_checkable"], "stale": s["stale"], "rate_quotes": s["rate_quotes"],
             "worst_verdict": report.worst, "joint_rate_interval": joint}
    rows["articles"].append(row)
