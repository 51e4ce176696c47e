"""Benchmark inputs and the optional Duckling peer (``pip install -e '.[peers]'``)."""

from __future__ import annotations

import pytest

from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def korean_text(size: int) -> str:
    """Ordinary Korean news text of ``size`` characters (the seed article repeated)."""
    return (SEED_TEXT * (size // len(SEED_TEXT) + 1))[:size]


class DucklingPeer:
    def __init__(self) -> None:
        import duckling as d

        self.d = d
        tz = d.load_time_zones("/usr/share/zoneinfo")
        self.ctx = d.Context(d.get_current_ref_time(tz, "Asia/Seoul"), d.default_locale_lang(d.parse_lang("KO")))
        self.dims = d.parse_dimensions(["amount-of-money"])

    def extract(self, text: str) -> list:
        return self.d.parse(text, self.ctx, self.dims, False)


@pytest.fixture(scope="session")
def duckling() -> DucklingPeer | None:
    try:
        return DucklingPeer()
    except Exception:  # noqa: BLE001 - the peer is optional
        return None
