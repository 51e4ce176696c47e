"""Settings: ``EOKJO_*`` environment variables, an optional TOML file (``EOKJO_CONFIG``),
then defaults; per-call arguments override all of them.

>>> Settings(rate_usd_krw="1380").fixed_rates()
{'USD/KRW': Decimal('1380')}
"""

from __future__ import annotations

import os
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource
from pydantic_settings import SettingsError as _SourceError

from units.errors import ConfigError

__all__ = ["Settings", "get_settings", "load_settings"]

ENV_PREFIX = "EOKJO_"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


class Settings(BaseSettings):
    """Everything eokjo can be configured with. Each field is ``EOKJO_<NAME>`` in the
    environment, or ``name = ...`` in the TOML file named by ``EOKJO_CONFIG``."""

    model_config = SettingsConfigDict(env_prefix="EOKJO_", extra="forbid", validate_default=True)

    # rates
    rate_usd_krw: Decimal | None = Field(None, description="fixed USD/KRW rate, e.g. 1380")
    rates: dict[str, Decimal] = Field(default_factory=dict, description='fixed rates, e.g. {"EUR/KRW": "1500"}')
    history_file: Path | None = Field(None, description="a newer ECB eurofxref-hist zip or CSV")
    dated_rates_file: Path | None = Field(None, description="CSV of your own dated rates: date,base,quote,rate")
    allow_nearest_date: bool = Field(False, description="answer dates outside the rate data with the nearest date")
    stale_reference_days: int = Field(7, ge=0, le=3650, description="flag a dated rate older than this before the date asked")
    max_reference_age_days: int = Field(92, ge=1, le=36500,
                                        description="never use a dated rate older than this before the date asked")
    rate_tolerance: Decimal = Field(Decimal("0.005"), description="audit: extra tolerance against a reference rate")
    quote_tolerance: Decimal = Field(
        Decimal("0.01"), description="audit: how far a quoted market rate may sit from the reference rate "
                                     "(Seoul closing prices against ECB cross rates differ by a fraction of a percent)")
    stale_window_days: int = Field(
        1096, ge=0, le=36500, description="audit: a conversion or quote copied from an older rate is offered as the "
                                          "cause only when that rate is at most this many days before the article")
    currency_defaults: dict[str, str] = Field(default_factory=dict, description='e.g. {"프랑": "FRF"}')

    # service
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    max_body_bytes: int = Field(1 << 20, ge=1024, description="request body limit (413 above)")
    body_timeout_seconds: float = Field(15.0, gt=0, le=600, description="cut a body that pauses this long (408)")
    body_deadline_seconds: float = Field(60.0, gt=0, le=3600, description="cut a body not complete in this time (408)")
    max_header_bytes: int = Field(16 << 10, ge=1024, le=1 << 20, description="request line and headers limit (431)")
    header_timeout_seconds: float = Field(10.0, gt=0, le=600, description="cut a request head this slow (408)")
    keep_alive_seconds: float = Field(5.0, gt=0, le=600, description="close a connection idle this long: from "
                                      "accept to its first byte, and between requests")
    max_connections: int = Field(4096, ge=1, le=1 << 20, description="connections one worker holds; past it the "
                                 "longest idle is closed, or the new one refused (503)")
    max_connections_per_client: int = Field(2048, ge=1, le=1 << 20, description="connections one client address holds "
                                            "per worker; past it its longest idle is closed, or the new one refused")
    batch_max_lines: int = Field(10_000, ge=1)
    batch_max_line_bytes: int = Field(256 << 10, ge=64)

    # budgets: what one request (or batch line) may cost, enforced while the work runs
    max_figures: int = Field(10_000, ge=1, description="figures, rate quotes and pairs one answer may hold, all counted "
                                                      "(422 above)")
    max_targets: int = Field(8, ge=1, le=64, description="target currencies one request may ask for")
    max_answer_bytes: int = Field(16 << 20, ge=4096, description="the largest answer one request may get (422 above)")
    cpu_seconds: float = Field(5.0, gt=0, le=600, description="CPU time one request or batch line may use (503 above)")
    batch_cpu_seconds: float = Field(120.0, gt=0, le=3600, description="CPU time one whole batch may use")
    # scheduling: every request's work is estimated before it runs and given to a lane
    inline_budget_ms: float = Field(0.5, ge=0, le=50,
                                    description="work estimated under this runs on the event loop")
    light_budget_ms: float = Field(20.0, gt=0, le=10_000,
                                   description="work estimated under this runs in the worker's threads, the rest in "
                                               "its heavy processes; light work measured past 4x this moves there")
    light_slots: int = Field(2, ge=1, le=64, description="light requests one worker runs at once")
    light_queue: int = Field(256, ge=0, le=1 << 16, description="light requests one worker keeps waiting (503 above)")
    heavy_slots: int = Field(1, ge=1, le=64, description="heavy requests one worker runs at once, each in a process "
                                                         "of its own")
    heavy_queue: int = Field(4, ge=0, le=1 << 16, description="heavy requests one worker keeps waiting; past it 503 "
                                                            "with Retry-After at once")
    heavy_chars: int = Field(16_384, ge=0, le=1 << 24, description="a text longer than this is heavy without counting "
                                                                 "its amounts (counting would hold the event loop)")
    heavy_body_bytes: int = Field(64 << 10, ge=1024, le=1 << 30, description="a body this large or larger is "
                                  "heavy whatever its text (reading and decoding it is work): refused before it is "
                                  "read when the heavy lane is full")
    heavy_nice: int = Field(19, ge=0, le=19, description="how much lower than the service's the heavy processes' "
                                                         "scheduling priority is")
    log_level: str = "info"

    # built from the fields above on first use, and kept with them
    _rate_chain: object = PrivateAttr(default=None)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.lower() not in LOG_LEVELS:
            raise ValueError("not a log level")
        return value.lower()

    @field_validator("rate_usd_krw", "rate_tolerance", "quote_tolerance", mode="before")
    @classmethod
    def _no_floats(cls, value: object) -> object:
        return str(value) if isinstance(value, float) else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = [init_settings, env_settings]
        config = os.environ.get("EOKJO_CONFIG")
        if config:
            if not Path(config).is_file():
                raise ConfigError(f"EOKJO_CONFIG={config!r}: no such file; expected the path of a TOML file of settings "
                                  "such as port = 8080")
            try:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"EOKJO_CONFIG={config!r}: not a TOML file ({exc}); expected lines such as "
                                  "port = 8080") from None
        return tuple(sources)

    def fixed_rates(self) -> dict[str, Decimal]:
        rates = {k.replace("_", "/").upper(): v for k, v in self.rates.items()}
        if self.rate_usd_krw is not None:
            rates["USD/KRW"] = self.rate_usd_krw
        return rates


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and the settings file, and ``overrides``; each bad
    setting is one line of the :class:`ConfigError`, naming the variable (or the file's
    key), the value given and what is accepted.

    >>> os.environ["EOKJO_PORT"] = "abc"
    >>> load_settings()
    Traceback (most recent call last):
    ...
    units.errors.ConfigError: EOKJO_PORT='abc': not an integer; expected an integer from 1 to 65535
    >>> del os.environ["EOKJO_PORT"]
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError("\n".join(_problem_line(e) for e in exc.errors())) from None
    except _SourceError as exc:  # a value the environment source could not decode (JSON of a dict)
        field = str(exc).split('"')[1] if '"' in str(exc) else ""
        raise ConfigError(f"{_where(field)}={_given(field)!r}: not JSON; expected {_accepted(field)}") from None


@cache
def get_settings() -> Settings:
    """The process settings, read once (call ``get_settings.cache_clear()`` to re-read)."""
    return load_settings()


# What a bad setting is told: pydantic's error types in words, and what the field accepts.
_SAID = {"int_parsing": "not an integer", "int_from_float": "not an integer", "float_parsing": "not a number",
         "decimal_parsing": "not a decimal number", "bool_parsing": "not true or false",
         "extra_forbidden": "not a setting eokjo knows", "missing": "missing"}


def _where(field: str) -> str:
    """The name a setting was given by: its variable when set, else its key in the file."""
    name = ENV_PREFIX + field.upper()
    if field and name not in os.environ and os.environ.get("EOKJO_CONFIG"):
        return f"{field} in {os.environ['EOKJO_CONFIG']}"
    return name


def _given(field: str) -> object:
    value = os.environ.get(ENV_PREFIX + field.upper())
    if value is None and os.environ.get("EOKJO_CONFIG"):
        try:
            value = tomllib.loads(Path(os.environ["EOKJO_CONFIG"]).read_text(encoding="utf-8")).get(field)
        except (OSError, ValueError):
            pass
    return value


def _accepted(field: str) -> str:
    """What ``field`` accepts, from its type and bounds: "an integer from 1 to 65535"."""
    info = Settings.model_fields.get(field)
    if info is None:  # a key of the settings file that is no setting
        return "one of " + ", ".join(Settings.model_fields)
    bounds = {k: getattr(m, k) for m in info.metadata for k in ("ge", "gt", "le") if getattr(m, k, None) is not None}
    kind = info.annotation
    if kind is int or kind is float:
        noun = "an integer" if kind is int else "a number"
        low = f"{bounds['ge']}" if "ge" in bounds else None
        if "le" in bounds:
            return (f"{noun} from {low} to {bounds['le']}" if low is not None
                    else f"{noun} above {bounds.get('gt', 0)} and at most {bounds['le']}")
        return f"{noun} of at least {low}" if low is not None else f"{noun} above {bounds.get('gt', 0)}"
    if kind is bool:
        return "true or false"
    if field == "log_level":
        return "one of " + ", ".join(LOG_LEVELS)
    if str(kind).startswith("dict"):
        example = '{"EUR/KRW": "1500"}' if "Decimal" in str(kind) else '{"프랑": "FRF"}'
        return f"a JSON object such as {example}"
    if "Decimal" in str(kind):
        return "a decimal number such as 1380"
    if "Path" in str(kind):
        return "the path of a file"
    return f"text ({info.description})" if info.description else "text"


def _problem_line(error: dict) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    said = _SAID.get(error["type"]) or error["msg"].removeprefix("Value error, ").lower()
    if error["type"] in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        said = "out of range"
    given = _given(field)  # as written, before any decoding
    if given is None:
        given = error.get("input")
    if len(error["loc"]) > 1:  # an entry of a dict setting
        said = f"entry {error['loc'][1]!r} is {said}"
    return f"{_where(field)}={given!r}: {said}; expected {_accepted(field)}"
