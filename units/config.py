"""Settings: ``EOKJO_*`` environment variables, an optional TOML file (``EOKJO_CONFIG``),
then defaults; per-call arguments override all of them.

>>> Settings(rate_usd_krw="1380").fixed_rates()
{'USD/KRW': Decimal('1380')}
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache
from pathlib import Path

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

__all__ = ["Settings", "get_settings"]


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
    keep_alive_seconds: float = Field(5.0, gt=0, le=600, description="close an idle connection after this")
    max_connections: int = Field(512, ge=1, description="connections and requests at once per worker (503 above)")
    batch_max_lines: int = Field(10_000, ge=1)
    batch_max_line_bytes: int = Field(256 << 10, ge=64)

    # budgets: what one request (or batch line) may cost, enforced while the work runs
    max_figures: int = Field(10_000, ge=1, description="figures, rate quotes and pairs one answer may hold, all counted "
                                                      "(422 above)")
    max_targets: int = Field(8, ge=1, le=64, description="target currencies one request may ask for")
    max_answer_bytes: int = Field(16 << 20, ge=4096, description="the largest answer one request may get (422 above)")
    cpu_seconds: float = Field(5.0, gt=0, le=600, description="CPU time one request or batch line may use (503 above)")
    batch_cpu_seconds: float = Field(120.0, gt=0, le=3600, description="CPU time one whole batch may use")
    inline_budget_ms: float = Field(0.5, ge=0, le=50,
                                    description="work estimated under this runs on the event loop, the rest in threads")
    heavy_slots: int = Field(1, ge=1, le=64, description="pieces of heavier work one worker runs at once; more wait")
    log_level: str = "info"

    # built from the fields above on first use, and kept with them
    _rate_chain: object = PrivateAttr(default=None)

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
                raise ValueError(f"EOKJO_CONFIG={config}: no such file (expected a TOML file of settings)")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config))
        return tuple(sources)

    def fixed_rates(self) -> dict[str, Decimal]:
        rates = {k.replace("_", "/").upper(): v for k, v in self.rates.items()}
        if self.rate_usd_krw is not None:
            rates["USD/KRW"] = self.rate_usd_krw
        return rates


@cache
def get_settings() -> Settings:
    """The process settings, read once (call ``get_settings.cache_clear()`` to re-read)."""
    return Settings()
