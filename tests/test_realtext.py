"""The real-text corpus (fixtures/real/): its shape, its split, and eokjo's score on it.

The corpus is passages of public pages copied character for character and labelled by
reading them (fixtures/real/README.md). The floors below are regression floors: the
scores measured when they were set, less a small margin; ``make score`` prints the full
table (tests/realtext.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter

import pytest

from tests.realtext import REAL, SHARED, records, score

GENRES = {"earnings", "english", "budget", "court", "realestate", "pairs", "fx", "travel", "sports", "crypto", "price",
          "old", "negative", "news"}  # news: general news with money and no conversion, as the shared set's
HALVES = ("dev", "test")


def _validator():
    spec = importlib.util.spec_from_file_location("validate", REAL / "validate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.parametrize("half", HALVES)
def test_every_record_is_well_formed(half: str) -> None:
    validate = _validator()
    for path in sorted((REAL / half).glob("*.jsonl")):
        _, _, problems = validate.check(str(path))
        assert problems == [], problems[:5]


def test_the_corpus_is_large_and_covers_every_genre() -> None:
    recs = [r for half in HALVES for r in records(REAL / half)]
    genres = Counter(r["genre"] for r in recs)
    assert len(recs) >= 400
    assert set(genres) == GENRES
    assert genres["negative"] >= 40
    assert len({r["url"] for r in recs}) >= 300


def test_split_once_by_url() -> None:
    """A page's passages all sit in one half: the half its URL hashes to."""
    for half in HALVES:
        for r in records(REAL / half):
            expected = "test" if hashlib.sha256(r["url"].encode()).digest()[0] % 2 else "dev"
            assert expected == half, (r["id"], r["url"])
    dev = {r["url"] for r in records(REAL / "dev")}
    assert not dev & {r["url"] for r in records(REAL / "test")}
    for half in HALVES:
        genres = {r["genre"] for r in records(REAL / half)}
        assert genres == GENRES, f"{half} lacks {GENRES - genres}"


def test_ids_are_unique_and_texts_verbatim_enough() -> None:
    recs = [r for half in HALVES for r in records(REAL / half)]
    ids = Counter(r["id"] for r in recs)
    assert [i for i, n in ids.items() if n > 1] == []
    for r in recs:
        for f in r["figures"]:
            assert r["text"][f["start"] : f["start"] + len(f["span"])] == f["span"], (r["id"], f["span"])


# The floors: (money precision, money recall, pair precision, pair recall, rate precision,
# rate recall), per half, as measured when set (see the README's table), less a margin.
# Measured 2026-12-06, eighth stop, after 1,870 new passages (rounds 23 to 29: 933 dev,
# 937 test): dev .983 .957 .982 .850 .963 .839; test .970 .918 .976 .795 .930 .762 (scored
# after the rules were written against dev only; each batch's test passages were first
# scored before any rule for it, fixtures/real/README.md); shared .997 .994 1.0 .934 1.0 1.0.
# The test half's pair and rate recall floors went down with its new passages (on the
# passages it held before, .812 and .783). Measured again at the ninth stop, after 1,094 new
# passages (rounds 30 to 33: 585 dev, 509 test): dev .982 .955 .978 .856 .961 .841; test
# .970 .920 .978 .801 .939 .771; shared unchanged. The floors hold as they are. Measured
# again at the tenth stop, after 1,740 new passages (rounds 34 to 39: 849 dev, 891 test): dev
# .983 .957 .983 .872 .964 .855; test .971 .922 .977 .809 .929 .760; shared unchanged.
# Measured again at the eleventh stop, after 647 new passages (rounds 40 and 41: 323 dev,
# 324 test): dev .983 .956 .983 .875 .963 .849; test .971 .922 .978 .813 .925 .755; shared
# unchanged. The floors hold as they are. Measured again at the twelfth stop, after 775 new
# passages (rounds 42 and 43: 374 dev, 401 test): dev .985 .957 .983 .871 .963 .860; test
# .970 .921 .978 .810 .928 .758; shared unchanged. The floors hold as they are. Measured
# again at the thirteenth stop, after 755 new passages (rounds 44 and 45: 404 dev, 351
# test): dev .984 .956 .984 .870 .966 .861; test .970 .920 .976 .807 .928 .759; shared
# unchanged. The floors hold as they are. Measured again at the fourteenth stop, after 388
# new passages (round 46: 197 dev, 191 test): dev .984 .956 .984 .867 .966 .856; test .970
# .922 .977 .806 .929 .760; shared unchanged. The floors hold as they are. Measured again at
# the fifteenth stop, after 381 new passages (round 47: 192 dev, 189 test): dev .984 .957 .984
# .866 .968 .867; test .970 .921 .977 .807 .931 .770; shared unchanged. The floors hold.
# Measured again at the sixteenth stop, after 389 new passages (round 48: 179 dev, 210 test):
# dev .984 .956 .982 .867 .967 .869; test .970 .922 .978 .810 .931 .774; shared unchanged.
# Measured again at the seventeenth stop, after 1,158 new passages (rounds 49 to 51: 592 dev,
# 566 test): dev .983 .951 .983 .864 .966 .867; test .969 .919 .979 .812 .935 .768; shared
# unchanged. The floors hold as they are. Measured again at the eighteenth stop, after 711 new
# passages (rounds 52 and 53: 360 dev, 351 test): dev .982 .951 .990 .882 .966 .874; test .969
# .919 .980 .820 .935 .778; shared unchanged. The floors hold as they are. Measured again at the
# nineteenth stop, after 1,136 new passages (rounds 54 to 56: 546 dev, 590 test): dev .982 .951
# .988 .893 .965 .876; test .969 .920 .979 .834 .935 .785; shared unchanged. The floors hold.
# Measured again at the twentieth stop, after 2,149 new passages (rounds 57 to 62: 1,121 dev,
# 1,028 test): dev .981 .952 .986 .889 .964 .878; test .970 .924 .981 .838 .937 .798; shared
# unchanged. The floors hold. Measured again at the twenty-first stop, after 470 new passages
# (rounds 63 and 64: 230 dev, 240 test): dev .981 .952 .987 .891 .964 .880; test .970 .924 .981
# .839 .938 .795; shared unchanged. The floors hold. Measured again at the twenty-second stop,
# after 244 new passages (round 65: 123 dev, 121 test): dev .981 .952 .987 .891 .963 .881; test
# .970 .924 .981 .837 .937 .796; shared unchanged. The floors hold. Measured again at the
# twenty-third stop, no new passages: dev .981 .952 .987 .896 .965 .883; test .970 .924 .981
# .838 .937 .797; shared unchanged. The floors hold.
FLOORS = {
    "dev": (0.97, 0.94, 0.96, 0.83, 0.94, 0.83),
    "test": (0.96, 0.90, 0.96, 0.78, 0.91, 0.74),
    "shared": (0.99, 0.98, 0.98, 0.91, 0.95, 0.95),
}


@pytest.mark.parametrize("name", ["dev", "test", "shared"])
def test_scores_hold(name: str) -> None:
    path = SHARED if name == "shared" else REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is the workplace's shared folder)")
    t = score(records(path))["all"]
    got = (t.precision, t.recall, t.pair_precision, t.pair_recall, t.rate_precision, t.rate_recall)
    names = ("money P", "money R", "pair P", "pair R", "rate P", "rate R")
    below = [f"{n} {g:.3f} < {f}" for n, g, f in zip(names, got, FLOORS[name]) if g is not None and g < f]
    assert below == [], f"{name}: {', '.join(below)}"


def test_score_counts_what_it_says() -> None:
    """The scorer itself: a perfect prediction scores 1, a missed figure lowers recall."""
    import units

    text = "누적 투자액은 130억 달러(약 18조 원)에 달한다."
    rec = {"id": "t1", "text": text, "genre": "pairs", "rate_quotes": [],
           "figures": [{"span": "130억 달러", "start": 7, "value": "13000000000", "currency": "USD", "qualifier": None},
                       {"span": "18조 원", "start": 19, "value": "18000000000000", "currency": "KRW", "qualifier": "approx"}],
           "conversions": [{"from": 0, "to": 1}]}
    t = score([rec])["all"]
    assert (t.tp, t.predicted, t.gold, t.pair_tp, t.pair_gold) == (2, 2, 2, 1, 1)
    missing = json.loads(json.dumps(rec))
    missing["figures"].append({"span": "달한다", "start": 30, "value": "1", "currency": "KRW", "qualifier": None})
    assert score([missing])["all"].recall == pytest.approx(2 / 3)
    assert units.extract(text)  # the scorer reads eokjo as a caller would
