"""The TOML word tables of this folder (numerals, qualifiers, particles, context words,
currency overrides and curation), each read once."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

__all__ = ["HERE", "load_table", "numerals", "qualifiers", "particles", "context_words", "currency_overrides",
           "currency_curation"]


def _load_toml(name: str) -> dict:
    with open(HERE / name, "rb") as fh:
        return tomllib.load(fh)


@cache
def load_table(name: str) -> dict:
    """A TOML table of this folder, read once (``quotes.toml``, ``pairs.toml``…)."""
    return _load_toml(name)


@cache
def numerals() -> dict:
    """The numeral tables of ``numerals.toml``."""
    return _load_toml("numerals.toml")


@cache
def qualifiers() -> dict:
    """The qualifier tables of ``qualifiers.toml``."""
    return _load_toml("qualifiers.toml")


@cache
def particles() -> dict:
    """The tables of ``particles.toml``: what may end a word after a currency word."""
    return _load_toml("particles.toml")


@cache
def context_words() -> dict:
    """The tables of ``context.toml``: money nouns, counters, captions, unit headers."""
    return _load_toml("context.toml")


@cache
def currency_overrides() -> dict:
    """The hand-written currency forms of ``currencies.toml``."""
    return _load_toml("currencies.toml")


@cache
def currency_curation() -> dict:
    """The curation of ``curation.toml``: drops, restrictions and defaults, with reasons."""
    return _load_toml("curation.toml")
