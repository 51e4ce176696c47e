"""Scoring eokjo on hand-labelled real text: ``make score`` (``python -m tests.realtext``).

The corpora are JSON Lines in the schema of ``../shared/realtext/README.md``:
``fixtures/real/dev/`` (rules are written against it), ``fixtures/real/test/`` (held
back: scored, never tuned on) and, when present, the shared set
``../shared/realtext/dev_news.jsonl``. Matching follows the shared scorer:

* a money figure matches a gold one when their spans overlap and the currency and the
  value agree (for a range, both bounds; for a vague amount, any range; for a band, its
  floor);
* a gold exchange-rate quote matches a reported one that overlaps it with the same
  currencies and rate (per unit or per the stated base); a money figure on a gold rate
  quote is neither a hit nor a false figure here (it is a rate-quote miss);
* a stated conversion (pair) matches when each side overlaps the gold side.

    python -m tests.realtext                 # every half, a table per half
    python -m tests.realtext --half dev --show 40
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"
SHARED = ROOT.parent / "shared" / "realtext" / "dev_news.jsonl"


def records(path: Path) -> list[dict]:
    """The records of a .jsonl file, or of every .jsonl file in a folder."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def halves() -> dict[str, Path]:
    """The corpora to score, by name: dev, test and (when ``../shared`` is there) shared."""
    out = {"dev": REAL / "dev", "test": REAL / "test"}
    if SHARED.is_file():
        out["shared"] = SHARED
    return out


def _num(x: object) -> Decimal | None:
    if x is None:
        return None
    try:
        return Decimal(str(x)).normalize()
    except InvalidOperation:
        return None


@dataclass
class Tally:
    """Counts for one genre (or a whole half): money figures, pairs, rate quotes."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    pair_tp: int = 0
    pair_predicted: int = 0
    pair_gold: int = 0
    pair_hits: int = 0  # predicted pairs that match some gold pair
    rate_tp: int = 0
    rate_predicted: int = 0
    rate_gold: int = 0
    rate_hits: int = 0  # predicted quotes that match some gold quote
    records: int = 0
    misses: list[tuple] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("tp", "predicted", "gold", "pair_tp", "pair_predicted", "pair_gold", "pair_hits", "rate_tp",
                     "rate_predicted", "rate_gold", "rate_hits", "records"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def precision(self) -> float | None:
        return self._ratio(self.tp, self.predicted) if self.predicted else (1.0 if self.gold == 0 else 0.0)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.tp, self.gold)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def pair_recall(self) -> float | None:
        return self._ratio(self.pair_tp, self.pair_gold)

    @property
    def pair_precision(self) -> float | None:
        return self._ratio(self.pair_hits, self.pair_predicted)

    @property
    def rate_recall(self) -> float | None:
        return self._ratio(self.rate_tp, self.rate_gold)

    @property
    def rate_precision(self) -> float | None:
        return self._ratio(self.rate_hits, self.rate_predicted)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass(frozen=True)
class _Gold:
    start: int
    end: int
    span: str
    values: frozenset
    low: Decimal | None
    high: Decimal | None
    currencies: frozenset
    qualifier: str | None


def _gold(rec: dict) -> list[_Gold]:
    out = []
    for g in rec["figures"]:
        start = g["start"] if g.get("start") is not None else rec["text"].find(g["span"])
        values = frozenset(v for v in (_num(g.get("value")), _num(g.get("alt_value"))) if v is not None)
        out.append(_Gold(start, start + len(g["span"]), g["span"], values, _num(g.get("low")), _num(g.get("high")),
                         frozenset({g["currency"], g.get("surface_currency") or g["currency"]}), g.get("qualifier")))
    return out


def _matches(g: _Gold, f) -> bool:
    value = _num(f.value)
    if g.qualifier == "vague":
        return value is None
    if g.low is not None and g.high is not None and g.low != g.high:
        low, high = _num(f.low), _num(f.high)
        if (low, high) == (g.low, g.high):
            return True
        # a band (1200원대, 1900만원대, 40만 원 중후반대, the 600 million KRW range): labellers write its top as its last
        # value (1299, 1,990만) or as the next band's floor (1300, as eokjo does): the same band
        # when the floors agree and the gold top lies in the upper half of eokjo's band
        return (f.text.rstrip().lower().endswith(("대", " range")) and value is None
                and low == g.low and high is not None and (low + high) / 2 < g.high <= high)
    if value is not None and value in g.values:
        return True
    # a band: its floor (in English, "the 10 trillion won range")
    return value is None and _num(f.low) in g.values and f.text.rstrip().lower().endswith(("대", " range"))


def score_record(rec: dict, report) -> Tally:
    """Compare one record's gold labels with an :class:`units.AuditReport` of its text."""
    t = Tally(records=1)
    gold = _gold(rec)
    pred = list(report.figures)
    used: set[int] = set()
    t.gold = len(gold)
    for g in gold:
        hit = next((i for i, f in enumerate(pred) if i not in used and _overlap(g.start, g.end, f.start, f.end)
                    and f.currency in g.currencies and _matches(g, f)), None)
        if hit is None:
            t.misses.append((rec["id"], "MISS", g.span, sorted(map(str, g.values)) or (str(g.low), str(g.high)),
                             sorted(g.currencies)))
        else:
            used.add(hit)
            t.tp += 1
    quotes = [(q["start"], q["start"] + len(q["span"])) for q in rec.get("rate_quotes", [])]
    for i, f in enumerate(pred):
        if i in used:
            continue
        if any(_overlap(a, b, f.start, f.end) for a, b in quotes):
            continue  # scored as a rate-quote miss below
        t.misses.append((rec["id"], "EXTRA", f.text, str(f.value if f.value is not None else (f.low, f.high)), f.currency))
    t.predicted = len(pred) - sum(1 for i, f in enumerate(pred) if i not in used
                                  and any(_overlap(a, b, f.start, f.end) for a, b in quotes))
    _score_quotes(rec, report, t)
    _score_pairs(rec, report, gold, t)
    return t


def _quote_rates(q) -> set[Decimal]:
    """The rates a quote gives, per one and as written (100엔당 950원: 9.5 and 950); a level
    written as a range gives its top too (1,140~1,250원: a labeller's two quotes)."""
    per = Decimal(q.per or 1)
    rates = [Decimal(q.rate)] + ([] if getattr(q, "high", None) is None else [Decimal(q.high)])
    return {r.normalize() for rate in rates for r in (rate, rate * per)}


def _quote_ok(gq: dict, q) -> bool:
    start = gq["start"]
    end = start + len(gq["span"])
    return (_overlap(start, end, q.start, q.end) and _num(gq["rate"]) in _quote_rates(q)
            and {q.base, q.quote} == {gq["base"], gq["quote"]})


def _score_quotes(rec: dict, report, t: Tally) -> None:
    got = [getattr(c, "quote", c) for c in report.rate_quotes]
    gold = rec.get("rate_quotes", [])
    t.rate_gold, t.rate_predicted = len(gold), len(got)
    for gq in gold:
        if any(_quote_ok(gq, q) for q in got):
            t.rate_tp += 1
        else:
            t.misses.append((rec["id"], "RATE-MISS", gq["span"], gq["rate"], f"{gq['base']}/{gq['quote']}"))
    for q in got:
        if any(_quote_ok(gq, q) for gq in gold):
            t.rate_hits += 1
        else:
            t.misses.append((rec["id"], "RATE-EXTRA", q.text, str(q.rate), q.pair))


def _score_pairs(rec: dict, report, gold: list[_Gold], t: Tally) -> None:
    wanted = {(c["from"], c["to"]) for c in rec.get("conversions", [])}
    t.pair_gold, t.pair_predicted = len(wanted), len(report.pairs)

    def same(p, i: int, j: int) -> bool:
        a, b = gold[i], gold[j]
        return (_overlap(a.start, a.end, p.source.start, p.source.end)
                and _overlap(b.start, b.end, p.stated.start, p.stated.end))

    for i, j in sorted(wanted):
        if any(same(p, i, j) for p in report.pairs):
            t.pair_tp += 1
        else:
            t.misses.append((rec["id"], "PAIR-MISS", gold[i].span, gold[j].span))
    for p in report.pairs:
        if any(same(p, i, j) for i, j in wanted):
            t.pair_hits += 1
        else:
            t.misses.append((rec["id"], "PAIR-EXTRA", p.source.text, p.stated.text))


def score(recs: Iterable[dict]) -> dict[str, Tally]:
    """Per-genre tallies (and ``"all"``) of eokjo's audit on ``recs``."""
    import units

    out: dict[str, Tally] = {}
    total = Tally()
    for rec in recs:
        # as the shared scorer does, without the record's date: eokjo finds a date in the text itself
        t = score_record(rec, units.audit(rec["text"]))
        out.setdefault(rec.get("genre") or "news", Tally()).add(t)
        total.add(t)
    out["all"] = total
    return out


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:.3f}"


def table(name: str, tallies: dict[str, Tally]) -> Iterator[str]:
    yield f"{name}: {tallies['all'].records} records"
    yield (f"  {'genre':<11} {'gold':>5} {'found':>5}  {'P':>5} {'R':>5} {'F1':>5}   {'pairs':>5} {'P':>5} {'R':>5}"
           f"   {'rates':>5} {'P':>5} {'R':>5}")
    for genre in sorted(tallies, key=lambda g: (g == "all", g)):
        t = tallies[genre]
        yield (f"  {genre:<11} {t.gold:>5} {t.predicted:>5}  {_fmt(t.precision)} {_fmt(t.recall)} {_fmt(t.f1)}"
               f"   {t.pair_gold:>5} {_fmt(t.pair_precision)} {_fmt(t.pair_recall)}"
               f"   {t.rate_gold:>5} {_fmt(t.rate_precision)} {_fmt(t.rate_recall)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.realtext", description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", action="append", help="dev, test or shared (default: every one there is)")
    ap.add_argument("--show", type=int, default=0, help="list the first N misses of each half")
    ap.add_argument("--genre", help="only records of this genre")
    a = ap.parse_args(argv)
    known = halves()
    for name in a.half or list(known):
        if name not in known:
            print(f"no corpus named {name!r}: choose from {', '.join(known)}", file=sys.stderr)
            return 2
        recs = [r for r in records(known[name]) if a.genre is None or (r.get("genre") or "news") == a.genre]
        tallies = score(recs)
        print("\n".join(table(name, tallies)))
        for miss in tallies["all"].misses[: a.show]:
            print("   ", *miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
