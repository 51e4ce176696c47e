"""The public API is exactly what units.__all__ names, and the lexicon merge is reproducible."""

from __future__ import annotations

import dataclasses
import json

import pytest

import units
from units import lexicon


def test_public_api_is_all() -> None:
    public = {name for name in dir(units) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(units, name)).__name__ == "module"}
    assert public - modules == set(units.__all__)


def test_figure_is_frozen_and_slotted() -> None:
    figure = units.extract("130억 달러")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.value = None  # type: ignore[misc]
    assert not hasattr(figure, "__dict__")
    assert json.loads(json.dumps(figure.to_dict()))["value"] == "13000000000"


def test_units_imports_no_web_framework() -> None:
    import subprocess
    import sys

    code = "import sys, units; units.extract('130억 달러'); print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi','starlette','uvicorn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_merged_currency_table_is_what_cldr_and_overrides_give() -> None:
    stored = json.loads(lexicon.MERGED_CURRENCIES.read_text(encoding="utf-8"))
    assert stored == lexicon.build_currency_words(), "run: python -m units.lexicon"


def test_cldr_names_reach_the_extractor() -> None:
    # names that come from CLDR only, not from currencies.toml
    for text, code in [("10 뉴질랜드 달러", "NZD"), ("5 싱가포르 달러", "SGD"), ("3 멕시코 페소", "MXN")]:
        assert [f.currency for f in units.extract(text)] == [code]


def test_ambiguous_words_follow_configured_defaults() -> None:
    assert units.extract("200억 프랑")[0].currency == "CHF"
    assert units.Extractor(defaults={"프랑": "FRF"}).extract("200억 프랑")[0].currency == "FRF"
    with pytest.raises(units.CurrencyError, match="supported"):
        units.Extractor(defaults={"프랑": "XXQ"})
