"""eokjo archive: the Arrow batch function, the local engine and the Spark engine over a
generated archive of 600 articles with bad rows. Both engines write identical tables."""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'eokjo[archive]')")
import pyarrow.parquet as pq  # noqa: E402

import units  # noqa: E402
from service import archive  # noqa: E402
from service.cli import main  # noqa: E402
from tests.archive_data import BAD_ROWS, OLD_ARTICLES, articles, sorted_rows, write_jsonl  # noqa: E402
from units.archive import Columns, audit_batch, loads, warm  # noqa: E402
from units.archive.schemas import TABLES  # noqa: E402

N = 600


@pytest.fixture(scope="module")
def rows() -> list:
    return articles(N)


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory, rows) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("archive") / "news.jsonl", rows)


@pytest.fixture(scope="module")
def local_out(tmp_path_factory, jsonl) -> Path:
    import gc

    out = tmp_path_factory.mktemp("local")
    frozen = gc.get_freeze_count()
    archive.run_local(archive.Job([jsonl], out), processes=2, progress=False)
    if frozen == 0:  # the caller's objects are frozen only while the workers fork
        assert gc.get_freeze_count() == 0
    else:  # the caller froze some itself (a service): they stay frozen
        assert gc.get_freeze_count() >= frozen
    return out


def _good(rows: list) -> list[dict]:
    return [r for r in rows if isinstance(r, dict)]


# ------------------------------------------------------------------ the batch function


def test_every_figure_once_with_exact_decimals(local_out: Path, rows: list) -> None:
    figures = archive.read_table(local_out, "figures")
    by_article: dict[str, list[dict]] = {}
    for row in figures.to_pylist():
        by_article.setdefault(row["article_id"], []).append(row)
    dates = {r["article_id"]: r["article_date"] for r in archive.read_table(local_out, "articles").to_pylist()}
    checked = 0
    for article in _good(rows):
        if article["id"] not in dates:
            continue  # a bad row (errors)
        expected = units.extract(article["text"], date=dates[article["id"]])  # 마르크 in 1999 is DEM
        got = sorted(by_article.get(article["id"], []), key=lambda r: r["figure"])
        assert [(r["start"], r["end"], r["text"]) for r in got] == [(f.start, f.end, f.text) for f in expected]
        for r, f in zip(got, expected, strict=True):
            assert (r["value"], r["low"], r["high"], r["currency"]) == (f.value, f.low, f.high, f.currency)
            assert isinstance(r["low"], Decimal) and r["precision"] == f.precision
        checked += len(expected)
    assert checked > 5000


def test_parts_are_written_in_large_row_groups(tmp_path: Path) -> None:
    batch = audit_batch(pa.RecordBatch.from_pydict({"id": ["a"], "date": ["2025-11-07"],
                                                    "text": ["130억 달러(약 18조 원), 5억 달러(약 7천억 원)"]}))
    parts = archive.Parts(tmp_path, "part-x")
    for _ in range(5):  # five batches, one row group
        parts.write(batch)
    assert parts.close()["figures"] == 20
    meta = pq.ParquetFile(tmp_path / "figures" / "part-x.parquet").metadata
    assert (meta.num_rows, meta.num_row_groups) == (20, 1)


def test_bad_rows_land_in_errors(local_out: Path) -> None:
    errors = archive.read_table(local_out, "errors").to_pylist()
    reasons = {(e["article_id"], e["reason"].split(":")[0].split(" (")[0]) for e in errors}
    assert len(errors) == len(BAD_ROWS)
    assert ("bad-number", "text must be a string, not a number") in reasons
    assert ("bad-date", "invalid date '2025-13-45'") in reasons
    assert ("bad-empty", "text is empty") in reasons and ("bad-blank", "text is empty") in reasons
    assert (None, "id is missing") in reasons and ("bad-list", "text must be a string, not a list") in reasons
    articles_table = archive.read_table(local_out, "articles")
    assert articles_table.num_rows == N + len(OLD_ARTICLES)  # every good article, once


def test_an_article_dated_before_the_rate_data_keeps_its_figures_and_pairs(local_out: Path) -> None:
    """Its conversions carry the reason, as for a currency without a rate; its pairs are
    judged without a reference rate, and say why."""
    (old,) = OLD_ARTICLES
    figures = [r for r in archive.read_table(local_out, "figures").to_pylist() if r["article_id"] == old["id"]]
    assert [r["text"] for r in figures] == [f.text for f in units.extract(old["text"])]
    for r in figures:
        assert r["usd_amount"] is None and "no reference rate for 1990-05-01" in r["usd_error"]
    pairs = [r for r in archive.read_table(local_out, "pairs").to_pylist() if r["article_id"] == old["id"]]
    assert [(p["source_text"], p["stated_text"], p["verdict"]) for p in pairs] == [
        ("1억 달러", "1200억 원", "not_checkable"), ("1200만 달러", "1조2000억 원", "magnitude_error")]
    assert "no reference rate for 1990-05-01" in pairs[0]["reason_en"] and pairs[1]["magnitude"] == -2
    (article,) = [r for r in archive.read_table(local_out, "articles").to_pylist() if r["article_id"] == old["id"]]
    assert article["article_date"].isoformat() == "1990-05-01" and article["date_source"] == "column"


def test_the_real_news_archive_keeps_every_figure_and_pair(tmp_path: Path) -> None:
    """``eokjo archive`` over the shared real-news set (some articles dated before 1999)
    keeps every figure ``units.extract`` finds and every pair ``units.audit`` finds."""
    import json

    from tests.conftest import SHARED

    news = SHARED / "realtext" / "dev_news.jsonl"
    if not news.exists():
        pytest.skip("../shared/realtext is not present beside this checkout")
    records = [json.loads(line) for line in news.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sum(r["date"] is not None and r["date"] < "1999" for r in records) >= 2
    out = tmp_path / "news"
    assert main(["archive", str(news), "--out", str(out), "--processes", "1"]) == 0
    assert archive.read_table(out, "errors").num_rows == 0
    figures, pairs = archive.read_table(out, "figures").to_pylist(), archive.read_table(out, "pairs").to_pylist()
    for r in records:
        report = units.audit(r["text"], date=r["date"])
        mine = sorted((f for f in figures if f["article_id"] == r["id"]), key=lambda f: f["figure"])
        assert [(f["start"], f["text"]) for f in mine] == [(f.start, f.text) for f in units.extract(
            r["text"], date=report.article_date)], r["id"]
        assert [(f.start, f.text) for f in report.figures] == [(f["start"], f["text"]) for f in mine]
        stated = sorted((p["source_start"], p["stated_start"], p["verdict"]) for p in pairs if p["article_id"] == r["id"])
        assert stated == sorted((p.source.start, p.stated.start, p.verdict) for p in report.pairs), r["id"]
    assert len(figures) > 300 and len(pairs) > 40


def test_articles_carry_counts_and_dates(local_out: Path, rows: list) -> None:
    table = {r["article_id"]: r for r in archive.read_table(local_out, "articles").to_pylist()}
    seed = table["a000000"]  # the seed article, with no date column: its byline gives the date
    assert seed["article_date"].isoformat() == "2025-11-07" and seed["date_source"] == "text"
    assert (seed["pairs"], seed["inconsistent"], seed["stale"], seed["worst_verdict"]) == (2, 2, 2, "inconsistent")
    (joint,) = seed["joint_rate_interval"]
    assert joint["pair"] == "USD/KRW" and joint["low"] == Decimal("1346.153846153846153846")
    pairs = [p for p in archive.read_table(local_out, "pairs").to_pylist() if p["article_id"] == "a000000"]
    assert pairs[0]["matching_dates"][0]["date"].isoformat() == "2025-10-29"
    assert pairs[0]["reference_rate"] == Decimal("1459.640169535507309056")  # 18 places of a cross rate


def test_extremes_fit_exactly_or_go_to_errors() -> None:
    batch = pa.RecordBatch.from_pydict({
        "id": ["big", "small", "huge", "yen"],
        "date": ["2025-11-07"] * 4,
        "text": ["국가 자산 9999경 9999조 원", "수수료는 0.0001달러와 1원", "123456789012345678901234567890경 원",
                 "0.5엔짜리 동전"]})
    tables = audit_batch(batch)
    figures = {r["text"]: r for r in tables["figures"].to_pylist()}
    assert figures["9999경 9999조 원"]["value"] == Decimal("99999999000000000000")
    assert figures["9999경 9999조 원"]["krw_amount"] == Decimal("99999999000000000000")
    assert figures["0.0001달러"]["value"] == Decimal("0.0001") and figures["0.0001달러"]["usd_amount"] == Decimal("0.0001")
    assert figures["0.0001달러"]["krw_amount"] == Decimal("0.1460")  # rounded to 4 significant digits below a won
    assert figures["1원"]["usd_amount"] == Decimal("0.0006851")
    (error,) = tables["errors"].to_pylist()
    assert error["article_id"] == "huge" and error["stage"] == "table" and "does not fit decimal(38, 10)" in error["reason"]
    assert {r["article_id"] for r in tables["articles"].to_pylist()} == {"big", "small", "yen"}
    # through Parquet and back, every decimal unchanged
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_batches([table]), sink)
        assert pq.read_table(pa.BufferReader(sink.getvalue())).equals(pa.Table.from_batches([table])), name


def test_articles_that_do_not_fit_leave_the_rest_of_the_batch_whole() -> None:
    texts = {"a": "130억 달러(약 18조 원)를 투자한다. 원·달러 환율은 1,380원이다.",
             "huge1": "123456789012345678901234567890경 원과 10억 달러",
             "b": "매출 3조원, 영업이익 5000억원. 1유로=1.16달러.",
             "huge2": "5억 달러(약 7천억 원), 그리고 9999999999999999999999999999조 원",
             "c": "20억 엔(약 1억3000만 달러)과 50조 원대"}
    batch = pa.RecordBatch.from_pydict({"id": list(texts), "date": ["2025-11-07"] * 5, "text": list(texts.values())})
    tables = audit_batch(batch)
    assert sorted(e["article_id"] for e in tables["errors"].to_pylist()) == ["huge1", "huge2"]
    seen = dict.fromkeys(("figures", "pairs", "rate_quotes", "articles"), 0)
    for ident in ("a", "b", "c"):  # each kept article's rows, as if it were audited alone
        alone = audit_batch(batch.filter(pa.array([i == ident for i in texts])))
        for name in seen:
            mine = [r for r in tables[name].to_pylist() if r["article_id"] == ident]
            assert mine == alone[name].to_pylist(), (ident, name)
            seen[name] += len(mine)
    assert all(seen.values()) and tables["figures"].num_rows == seen["figures"], seen


def test_each_article_has_the_limits_of_a_request() -> None:
    """An article past ``max_figures`` or ``cpu_seconds`` is a row of errors naming the
    limit; the rest of the batch stands."""
    from units.config import Settings

    texts = {"short": "130억 달러(약 18조 원)를 투자한다.", "long": "1억 달러(약 1,400억 원) " * 40}
    batch = pa.RecordBatch.from_pydict({"id": list(texts), "date": ["2025-11-07"] * 2, "text": list(texts.values())})
    tables = audit_batch(batch, settings=Settings(max_figures=50))
    (error,) = tables["errors"].to_pylist()
    assert error["article_id"] == "long" and error["stage"] == "audit" and "max_figures" in error["reason"]
    assert [r["article_id"] for r in tables["articles"].to_pylist()] == ["short"]
    long_text = {"id": ["long"], "date": ["2025-11-07"], "text": ["1억 달러(약 1,400억 원) " * 4000]}
    tables = audit_batch(pa.RecordBatch.from_pydict(long_text), settings=Settings(cpu_seconds=0.001))
    (error,) = tables["errors"].to_pylist()
    assert "cpu_seconds" in error["reason"] and tables["figures"].num_rows == 0


def test_conversions_are_the_apis_rounded_conversions(local_out: Path, rows: list) -> None:
    figures = archive.read_table(local_out, "figures").to_pylist()
    dates = {r["article_id"]: r["article_date"] for r in archive.read_table(local_out, "articles").to_pylist()}
    texts = {r["id"]: r["text"] for r in _good(rows)}
    by_article: dict[str, list[dict]] = {}
    for row in figures:
        by_article.setdefault(row["article_id"], []).append(row)
    checked = 0
    for ident in sorted(by_article)[:120]:
        got = sorted(by_article[ident], key=lambda r: r["figure"])
        try:
            expected = units.convert_figures(units.extract(texts[ident], date=dates[ident]), ("USD", "KRW"),
                                             date=dates[ident], rounded=True)
        except units.EokjoError as exc:  # a date the text gives, before the rate data: each conversion says so
            assert all((r["usd_amount"], r["krw_amount"], r["usd_error"]) == (None, None, str(exc)) for r in got)
            continue
        for r, conversions in zip(got, expected, strict=True):
            for code, c in conversions.items():
                p = code.lower()
                if isinstance(c, units.ConversionFailure):
                    assert (r[f"{p}_amount"], r[f"{p}_low"], r[f"{p}_error"]) == (None, None, c.error)
                else:
                    assert (r[f"{p}_amount"], r[f"{p}_low"], r[f"{p}_high"]) == (c.amount, c.low, c.high)
                    assert (r[f"{p}_rate_date"], r[f"{p}_rate_source"], r[f"{p}_error"]) == (c.rate.date, c.rate.source, None)
                    checked += 1
    assert checked > 1000


def test_an_audit_leaves_no_reference_cycles(rows: list) -> None:
    """audit_batch pauses the cyclic collector for a batch (see _collector_paused): that is
    only free if units.audit leaves nothing for it to collect."""
    import gc

    texts = [r["text"] for r in _good(rows)[:150] if isinstance(r.get("text"), str) and r["text"].strip()]
    gc.collect()
    gc.disable()
    try:
        for text in texts + ["1999년 100마르크", "사우디 100억 리얄(약 3조9000억원)", "1.5E+999 달러"]:
            try:
                units.audit(text, date="2025-11-07")
            except units.EokjoError:
                pass
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_columns_are_configurable_and_a_missing_column_is_named() -> None:
    batch = pa.RecordBatch.from_pydict({"doc": ["x"], "body": ["1억 원"], "published": ["2025-11-07"]})
    tables = audit_batch(batch, columns=Columns(id="doc", text="body", date="published"))
    assert tables["figures"].to_pylist()[0]["article_id"] == "x"
    with pytest.raises(KeyError, match="no column 'id' .*columns: doc, body, published.*--id-col"):
        audit_batch(batch)
    numbers = pa.RecordBatch.from_pydict({"id": ["n"], "text": [5]})
    assert "expected text" in audit_batch(numbers)["errors"].to_pylist()[0]["reason"]


def _loads_in_worker(batch) -> tuple[int, int, int, int]:
    from units.extraction import default_extractor
    from units.rates import HistoryRates

    audit_batch(batch, columns=archive._WORKER["job"].columns)
    return os.getpid(), loads(), id(default_extractor()), id(HistoryRates.bundled())


def test_workers_load_the_lexicons_once() -> None:
    warm()
    warm()
    assert loads() == 1
    batch = pa.RecordBatch.from_pydict({"id": ["a"], "text": ["130억 달러(약 18조 원)"]})
    with ProcessPoolExecutor(2, initializer=archive._init_worker, initargs=(archive.Job([], Path("unused")),)) as pool:
        seen = list(pool.map(_loads_in_worker, [batch] * 12))
    assert {n for _, n, _, _ in seen} == {1}  # every batch in a worker found it warm
    by_pid: dict[int, set] = {}
    for pid, _, matcher, rates in seen:
        by_pid.setdefault(pid, set()).add((matcher, rates))
    assert all(len(states) == 1 for states in by_pid.values())  # one matcher, one rate history per worker


# ------------------------------------------------------------------ the engines and the command


def test_parquet_input_gives_the_same_tables(tmp_path: Path, rows: list, local_out: Path) -> None:
    good = _good(rows)
    table = pa.Table.from_pylist([{"id": r["id"], "text": r["text"], "date": r.get("date"), "outlet": r.get("outlet")}
                                  for r in good])
    source = tmp_path / "in" / "news.parquet"
    source.parent.mkdir()
    pq.write_table(table, source, row_group_size=100)
    out = tmp_path / "out"
    archive.run_local(archive.Job([source], out, batch_rows=64), processes=1, progress=False)
    for name in ("figures", "pairs", "rate_quotes", "articles"):
        assert sorted_rows(archive.read_table(out, name), name) == sorted_rows(archive.read_table(local_out, name), name), name


def test_the_command_refuses_to_overwrite(tmp_path: Path, jsonl: Path, capsys) -> None:
    small = write_jsonl(tmp_path / "small.jsonl", articles(20, bad=False))
    out = tmp_path / "out"
    assert main(["archive", str(small), "--out", str(out), "--processes", "1"]) == 0
    printed = capsys.readouterr().out
    assert "articles" in printed and "pairs" in printed and "articles/s" in printed
    assert main(["archive", str(small), "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["archive", str(small), "--out", str(out), "--overwrite", "--processes", "1"]) == 0
    assert archive.read_table(out, "articles").num_rows == 20
    assert main(["archive", str(tmp_path / "nothing-*.jsonl"), "--out", str(tmp_path / "o2")]) == 2


# ------------------------------------------------------------------ Spark


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'eokjo[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java: PySpark 4 needs Java 17 or newer (apt-get install openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", __import__("sys").executable)
    session = (SparkSession.builder.master("local[2]").appName("eokjo tests").config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "ERROR")
               .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def test_spark_writes_the_same_tables_as_the_local_engine(spark, jsonl: Path, local_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "spark"
    archive.run_spark(archive.Job([jsonl], out), spark=spark, partitions=3)
    for name in TABLES:
        local, remote = archive.read_table(local_out, name), archive.read_table(out, name)
        assert remote.schema.equals(local.schema), name
        assert sorted_rows(remote, name) == sorted_rows(local, name), name


def test_spark_settings_are_spark_keys_with_values(capsys) -> None:
    for bad in ("executor.memory=2g", "spark.executor.memory"):
        with pytest.raises(SystemExit):
            main(["archive", "news.jsonl", "--out", "out", "--engine", "spark", "--conf", bad])
        assert "expected KEY=VALUE with a Spark key" in capsys.readouterr().err


def test_executors_without_eokjo_are_named_with_the_way_to_ship_it() -> None:
    """What a cluster's failing tasks say (tests/test_spark_cluster.py meets it for real)."""
    failure = RuntimeError("PythonException: ... cloudpickle.loads(obj)\nModuleNotFoundError: No module named 'units.archive'")
    with pytest.raises(archive.NotOnExecutors, match=r"cannot import eokjo \(No module named 'units.archive'\).*"
                                                      r"spark.archives=eokjo-env.tar.gz#env"):
        archive._raise_if_missing_on_executors(failure)
    archive._raise_if_missing_on_executors(RuntimeError("No module named 'unitsx'"))  # not eokjo: left as it is
    archive._raise_if_missing_on_executors(RuntimeError("No module named 'pyarrow'"))
