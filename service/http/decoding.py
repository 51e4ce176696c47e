"""Request bodies from bytes to models: UTF-8 checked (a bad byte is named by its offset),
JSON parsed, numbers kept exact, then validated.

orjson reads a JSON number with a fraction or an exponent, or an integer past 64 bits, as
a binary float, which cannot hold ``1459.64`` exactly. So a body whose fields hold such a
float is read again by the standard library with every such number as a ``Decimal``,
written digit for digit: ``"rate": 1459.64`` is ``Decimal('1459.64')``, never
``1459.6400000000001``. The fast path (strings and small integers only) stays orjson's.

>>> loads(b'{"rate": 1459.64, "to": ["KRW"]}', "the body")
{'rate': Decimal('1459.64'), 'to': ['KRW']}
>>> loads(b'{"rate": 1380}', "the body")
{'rate': 1380}
>>> loads(b'{"text": "\\xed\\x95\\x9c\\xff"}', "line 2")
Traceback (most recent call last):
  ...
service.http.problems.Problem: line 2 is not UTF-8: byte 0xff at offset 13 (invalid start byte); send UTF-8 text
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from service.http.problems import Problem, validation_problem

__all__ = ["loads", "validate", "decode", "check_utf8"]

Model = TypeVar("Model", bound=BaseModel)


def check_utf8(body: bytes, where: str) -> None:
    """Raise a 400 ``invalid-utf8`` problem naming the first byte that is not UTF-8."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "invalid-utf8", "Invalid UTF-8",
                      f"{where} is not UTF-8: byte 0x{body[exc.start]:02x} at offset {exc.start} ({exc.reason}); "
                      "send UTF-8 text") from None


def loads(body: bytes, where: str) -> Any:
    """The JSON value of ``body`` (``where`` names it in messages: "the body", "line 3"),
    with fractional and very large numbers as exact ``Decimal`` values."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        check_utf8(body, where)
        data = _exact(body, where, refused=exc)  # valid JSON orjson cannot hold: a number past a double
    else:
        if isinstance(data, dict) and any(isinstance(v, float) for v in data.values()):
            data = _exact(body, where)
    return data


def _exact(body: bytes, where: str, refused: Exception | None = None) -> Any:
    """``body`` read by the standard library, numbers as written; what orjson refuses
    (``refused``) stays refused unless only its numbers were the matter."""
    try:
        data = json.loads(body.decode("utf-8"), parse_float=Decimal, parse_int=_exact_int,
                          parse_constant=_no_constant)
        if refused is not None:
            _check_strings(data)
    except (RecursionError, ValueError, ArithmeticError) as exc:  # ArithmeticError: 1e999999999, past Decimal
        reason = refused or exc
        raise Problem(400, "malformed-json", "Malformed JSON",
                      f"{where} is not valid JSON ({type(reason).__name__ if not str(reason) else reason}); "
                      'send a JSON object such as {"text": "130억 달러(약 18조 원)"}') from None
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_strings(value: Any) -> None:
    """Raise ValueError on a string with a lone surrogate (orjson refuses them; the
    standard library lets ``"\\ud800"`` through)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            item.encode("utf-8")  # UnicodeEncodeError is a ValueError
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _exact_int(digits: str) -> int | Decimal:
    """An integer as written; past the standard library's 4,300-digit limit a Decimal,
    which validation then refuses for its length."""
    return int(digits) if len(digits) <= 4000 else Decimal(digits)


def validate(data: Any, model: type[Model]) -> Model:
    """``data`` as ``model``, or a 422 problem naming each offending field."""
    if not isinstance(data, dict):
        raise Problem(422, "validation-error", "Invalid request", "the body must be a JSON object",
                      errors=[{"loc": ["body"], "msg": "expected an object", "type": "model_type"}])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_problem(exc.errors()) from None


def decode(body: bytes, model: type[Model], where: str = "the body") -> Model:
    """A request body as ``model``: :func:`loads`, then :func:`validate`."""
    return validate(loads(body, where), model)
