"""Spark's Python daemon, with eokjo loaded before it forks its workers.

Spark starts one daemon per executor (``python -m pyspark.daemon``) and forks a Python
worker from it for each task. With ``spark.python.daemon.module=service.spark_daemon``
the daemon first loads eokjo's lexicons, matcher and rate history and freezes them out
of the garbage collector's passes, so every worker starts warm instead of loading them
again (the local engine's workers get the same from its parent process).

Only the pure domain core is loaded here: pyarrow starts threads when it is imported,
and a process must not fork with threads running (pyspark.daemon says the same), so the
workers import pyarrow themselves, as they do anyway.
"""

from __future__ import annotations

import gc


def preload() -> None:
    import units

    units.audit("원·달러 환율은 1,380원이다. 130억 달러(약 18조 원)", date="2025-11-07")
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    preload()
    from pyspark.daemon import manager

    manager()
