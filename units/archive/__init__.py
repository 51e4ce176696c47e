"""Auditing an archive in Arrow batches: articles in, tables out.

:func:`audit_batch` (:mod:`units.archive.batch`) is the one function every engine runs
(eokjo's local process pool, Spark's ``mapInArrow``, or your own Dask ``map_partitions``
and Ray ``map_batches``); :mod:`units.archive.schemas` holds the tables' Arrow schemas.
Needs the ``archive`` extra (pyarrow).
"""

from units.archive.batch import (
    Columns,
    INPUT_ERROR,
    TABLES,
    articles_from_json_lines,
    audit_batch,
    loads,
    warm,
)

__all__ = ["Columns", "audit_batch", "articles_from_json_lines", "warm", "INPUT_ERROR", "TABLES", "loads"]
