"""A bad setting is one line naming the variable, the value given and what is accepted, and
exit status 2: never a traceback, on the command line or when the service starts."""

from __future__ import annotations

import subprocess
import sys

import pytest

import units
from tests.servers import ROOT, server_env
from units.config import load_settings

ECB = "Date,USD,KRW,\n2027-03-02,1.2000,1500.00,\n"

# (variables, what the one line must say: the variable, the value, and what is accepted)
BAD = {
    "port": ({"EOKJO_PORT": "abc"}, ["EOKJO_PORT='abc'", "not an integer", "expected an integer from 1 to 65535"]),
    "rates": ({"EOKJO_RATES": "{bad"}, ["EOKJO_RATES='{bad'", "not JSON", 'expected a JSON object such as {"EUR/KRW"']),
    "rate entry": ({"EOKJO_RATES": '{"EUR/KRW": "x"}'}, ["EOKJO_RATES=", "entry 'EUR/KRW' is not a decimal number"]),
    "missing config": ({"EOKJO_CONFIG": "{tmp}/nope.toml"},
                       ["EOKJO_CONFIG='{tmp}/nope.toml'", "no such file", "expected the path of a TOML file"]),
    "config not TOML": ({"EOKJO_CONFIG": "{tmp}/broken.toml"}, ["EOKJO_CONFIG='{tmp}/broken.toml'", "not a TOML file"]),
    "history file": ({"EOKJO_HISTORY_FILE": "{tmp}/garbage.csv"},
                     ["EOKJO_HISTORY_FILE='{tmp}/garbage.csv'", "expected the ECB format"]),
    "missing history file": ({"EOKJO_HISTORY_FILE": "{tmp}/nope.zip"},
                             ["EOKJO_HISTORY_FILE='{tmp}/nope.zip'", "No such file", "expected an ECB eurofxref-hist"]),
    "dated rates": ({"EOKJO_DATED_RATES_FILE": "{tmp}/garbage.csv"},
                    ["EOKJO_DATED_RATES_FILE='{tmp}/garbage.csv'", "expected columns date,base,quote,rate"]),
    "workers": ({"EOKJO_WORKERS": "0"}, ["EOKJO_WORKERS='0'", "out of range", "from 1 to 64"]),
    "timeout": ({"EOKJO_BODY_TIMEOUT_SECONDS": "-1"}, ["EOKJO_BODY_TIMEOUT_SECONDS='-1'", "above 0 and at most 600"]),
    "log level": ({"EOKJO_LOG_LEVEL": "loud"}, ["EOKJO_LOG_LEVEL='loud'", "one of critical, error"]),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("settings")
    (tmp / "garbage.csv").write_text("garbage\n", encoding="utf-8")
    (tmp / "broken.toml").write_text("port = [\n", encoding="utf-8")
    return str(tmp)


# every setting at `eokjo serve`; the rate settings at a command that converts too
RUNS = [(case, ["serve"]) for case in sorted(BAD)] + [
    (case, ["convert", "130억 달러"]) for case in sorted(BAD) if "rate" in case or "history" in case or "config" in case]


@pytest.mark.parametrize(("case", "command"), RUNS, ids=[f"{c}-{cmd[0]}" for c, cmd in RUNS])
def test_a_bad_setting_is_one_line_and_exit_2(files: str, case: str, command: list[str]) -> None:
    variables, said = BAD[case]
    env = server_env(**{k: v.replace("{tmp}", files) for k, v in variables.items()})
    run = subprocess.run([sys.executable, "-m", "service.cli", *command], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    for part in said:
        assert part.replace("{tmp}", files) in lines[0], lines[0]


def test_every_bad_setting_gets_its_own_line(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "eokjo.toml"
    config.write_text('port = "x"\nworkres = 2\n', encoding="utf-8")
    monkeypatch.setenv("EOKJO_CONFIG", str(config))
    monkeypatch.setenv("EOKJO_MAX_TARGETS", "100")
    with pytest.raises(units.ConfigError) as caught:
        load_settings()
    lines = str(caught.value).splitlines()
    assert len(lines) == 3, lines
    assert any(line.startswith(f"port in {config}='x': not an integer") for line in lines)
    assert any(line.startswith(f"workres in {config}=2: not a setting eokjo knows; expected one of") for line in lines)
    assert "EOKJO_MAX_TARGETS='100': out of range; expected an integer from 1 to 64" in lines


def test_good_settings_still_load(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    history = tmp_path / "eurofxref-hist.csv"
    history.write_text(ECB, encoding="utf-8")
    monkeypatch.setenv("EOKJO_HISTORY_FILE", str(history))
    monkeypatch.setenv("EOKJO_RATES", '{"EUR/KRW": "1500"}')
    settings = load_settings()
    assert settings.fixed_rates() == {"EUR/KRW": units.Settings(rates={"EUR/KRW": "1500"}).rates["EUR/KRW"]}
    assert units.convert("1", "USD", "KRW", date="2027-03-02", settings=settings).rate.source == "ecb"
