"""Clients that hold connections and do nothing useful with them, for the stress run and
the connection tests: ``silent`` sockets that connect and send nothing, and ``slow`` ones
that send a request head a byte every few seconds. Each one the server closes is opened
again at once, so the count holds for the whole run; what the server answered on the
way is counted (408, 503, a close without a word).

    python -m tests.load.hold PORT --silent 1000 --slow 1000 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter

SLOW_HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "


async def _one(host: str, port: int, source: str | None, slow: bool, until: float, seen: Counter) -> None:
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0) if source else None)
        except OSError as exc:
            seen[f"connect failed: {type(exc).__name__}"] += 1
            await asyncio.sleep(0.5)
            continue
        seen["opened"] += 1
        try:
            if slow:
                writer.write(SLOW_HEAD)
            while time.monotonic() < until:
                if slow:
                    writer.write(b"a")
                    await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(4096), timeout=2.0)
                except TimeoutError:
                    continue
                status = data[9:12].decode("latin-1", "replace") if data.startswith(b"HTTP/1.1 ") else "closed"
                seen[status] += 1
                break
        except OSError:
            seen["reset"] += 1
        finally:
            writer.close()


async def hold(port: int, *, silent: int, slow: int, seconds: float, host: str = "127.0.0.1",
               source: str | None = None) -> dict[str, int]:
    """Hold ``silent`` and ``slow`` connections to ``host:port`` for ``seconds``; what
    happened to them, counted."""
    until = time.monotonic() + seconds
    seen: Counter = Counter()
    await asyncio.gather(*(_one(host, port, source, False, until, seen) for _ in range(silent)),
                         *(_one(host, port, source, True, until, seen) for _ in range(slow)))
    return dict(seen)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("port", type=int)
    ap.add_argument("--silent", type=int, default=1000)
    ap.add_argument("--slow", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--source", help="the client address to connect from (127.0.0.2: another client)")
    args = ap.parse_args(argv)
    print(json.dumps(asyncio.run(hold(args.port, silent=args.silent, slow=args.slow, seconds=args.seconds,
                                      source=args.source))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
