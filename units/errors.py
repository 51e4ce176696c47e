"""The exception tree of eokjo's domain core.

    EokjoError                  base of everything raised on purpose
    ├── ParseError(ValueError)  a number expression could not be read
    ├── RateError(ValueError)   a rate is missing, out of band, or not a positive number
    │   └── DateOutOfRange      no reference rate for that date in the loaded data
    ├── CurrencyError(ValueError)  an unknown or unsupported currency code
    ├── ConfigError(ValueError) a setting (EOKJO_* variable, settings file) that cannot be used
    └── LimitExceeded           a piece of work went past a limit of its budget
        ├── TooManyFigures      more figures, rate quotes and pairs than one answer may hold
        ├── DeadlineExceeded    more CPU time than one request may use
        └── Cancelled           the caller gave up (a client disconnected)

Every error says what was wrong and what would have been accepted.
"""

from __future__ import annotations

__all__ = ["EokjoError", "ParseError", "RateError", "DateOutOfRange", "CurrencyError", "ConfigError", "LimitExceeded",
           "TooManyFigures", "DeadlineExceeded", "Cancelled"]


class EokjoError(Exception):
    """Base class for errors raised by :mod:`units`."""


class ParseError(EokjoError, ValueError):
    """A number expression could not be read.

    ``text`` is the expression and ``position`` the index of the first character that
    could not be read.
    """

    def __init__(self, message: str, text: str = "", position: int = 0) -> None:
        super().__init__(message)
        self.text = text
        self.position = position


class RateError(EokjoError, ValueError):
    """A rate is not usable: not a positive finite decimal, or outside the pair's band."""


class DateOutOfRange(RateError):
    """No reference rate exists for the requested date in the loaded rate data."""


class CurrencyError(EokjoError, ValueError):
    """An unknown or unsupported currency code."""


class ConfigError(EokjoError, ValueError):
    """Settings that cannot be used: one line per bad setting, each naming the variable
    (or the key of the settings file), the value given and what is accepted."""


class LimitExceeded(EokjoError):
    """Work went past a limit of its :class:`units.budget.Budget`. ``limit`` names the
    limit (the setting that sets it) and ``value`` its value."""

    def __init__(self, message: str, *, limit: str, value: object) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value


class TooManyFigures(LimitExceeded):
    """A text yields more items than one answer may hold (``max_figures``): its figures,
    rate quotes and pairs, counted together."""


class DeadlineExceeded(LimitExceeded):
    """The work used more CPU time than one request may (``cpu_seconds``)."""


class Cancelled(LimitExceeded):
    """The caller gave up: the work stopped at its next check."""
