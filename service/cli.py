"""The ``eokjo`` command: extract, convert, audit, serve.

Exit status: 0 on success, 1 when an audit finds a verdict at or above ``--fail-on``,
2 on usage or input errors (the message names the file or argument).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

import units

__all__ = ["main"]

err = Console(stderr=True)


def _read_text(arg: str) -> tuple[str, str]:
    """A file's text if ``arg`` names a file, else ``arg`` itself: (label, text)."""
    path = Path(arg)
    if path.is_file():
        try:
            return str(path), path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SystemExit(_usage(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"))
        except OSError as exc:
            raise SystemExit(_usage(f"{path}: cannot read ({exc.strerror})"))
    return "<argument>", arg


def _usage(message: str) -> int:
    err.print(f"[red]eokjo: {message}[/red]")
    return 2


def cmd_extract(args: argparse.Namespace) -> int:
    console = Console()
    for arg in args.inputs:
        label, text = _read_text(arg)
        figures = units.extract(text)
        if args.format == "json":
            import orjson

            console.print_json(orjson.dumps([f.to_dict() for f in figures]).decode())
            continue
        table = Table(title=f"{label}: {len(figures)} figures")
        for col in ("span", "text", "value", "currency", "qualifier", "precision"):
            table.add_column(col, justify="right" if col in ("value", "precision") else "left")
        for f in figures:
            value = f"{f.value:,}" if f.value is not None else f"{f.low:,} ~ {f.high:,}"
            table.add_row(f"{f.start}-{f.end}", f.text, value, f.currency, f.qualifier or "", str(f.precision))
        console.print(table)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eokjo", description="Money in Korean text: extract, convert, audit.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="list the monetary figures of files or text")
    p.add_argument("inputs", nargs="+", help="files, or text to read")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except units.EokjoError as exc:
        return _usage(str(exc))


if __name__ == "__main__":
    sys.exit(main())
