"""The ``eokjo`` command: extract, convert, audit, archive, serve.

Exit status: 0 on success, 1 when an audit finds a verdict at or above ``--fail-on``,
2 on usage or input errors (the message names the file or argument).

Everything a user wrote (file names, text, arguments) is printed as given: it is escaped
before rich reads markup, so ``bad[red].txt`` stays ``bad[red].txt``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import units
from service import __version__
from units.conversion import rate_chain

__all__ = ["main"]

err = Console(stderr=True, soft_wrap=True)


def _read_file(arg: str) -> tuple[str, str]:
    """The text of a file named on the command line, or of standard input for ``-``: (label,
    text). A missing path or a folder is a usage error naming it (exit 2)."""
    if arg == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(arg)
    if path.is_dir():
        raise SystemExit(_usage(f"{arg}: is a folder; extract reads files (eokjo audit reads folders)"))
    if not path.exists():
        raise SystemExit(_usage(f"{arg}: no such file; to read text given on the command line, use --text"))
    try:
        return str(path), path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SystemExit(_usage(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    except OSError as exc:
        raise SystemExit(_usage(f"{path}: cannot read ({exc.strerror})")) from None


def _usage(message: str) -> int:
    """Print ``message`` (plain text, printed as given) as an error; the usage exit status."""
    _error(message)
    return 2


def _error(message: str) -> None:
    err.print(f"[red]eokjo: {escape(message)}[/red]", markup=True, highlight=False)


def plural(n: int, word: str) -> str:
    """``1 figure``, ``2 figures``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def console(file=None) -> Console:
    """Standard output for tables: as wide as the terminal (``COLUMNS`` overrides its
    size; values wrap, never cut), and unbounded when the output is not a terminal, so
    nothing piped is truncated."""
    out = file or sys.stdout
    wide = not out.isatty()
    return Console(file=out, width=1_000_000 if wide else None, soft_wrap=wide, highlight=False)


def cmd_extract(args: argparse.Namespace) -> int:
    inputs = [_read_file(arg) for arg in args.inputs] + [("--text", text) for text in args.text or []]
    if not inputs:
        return _usage("nothing to read: name files, - for standard input, or give --text '130억 달러'")
    out = console()
    if args.explain:
        for label, text in inputs:
            _explain(out, label, text)
        return 0
    results = [(label, units.extract(text)) for label, text in inputs]
    if args.format in ("json", "ndjson"):
        import orjson

        docs = [{"source": label, "figures": [f.to_dict() for f in figures]} for label, figures in results]
        if args.format == "json":
            sys.stdout.write(orjson.dumps(docs, option=orjson.OPT_INDENT_2).decode() + "\n")
        else:
            sys.stdout.write("".join(orjson.dumps(doc).decode() + "\n" for doc in docs))
        return 0
    for label, figures in results:
        table = Table(title=f"{escape(label)}: {plural(len(figures), 'figure')}")
        for col in ("span", "text", "value", "currency", "qualifier", "precision"):
            table.add_column(col, justify="right" if col in ("value", "precision") else "left", overflow="fold")
        for f in figures:
            value = f"{f.value:,}" if f.value is not None else f"{f.low:,} ~ {f.high:,}"
            table.add_row(f"{f.start}-{f.end}", escape(f.text), value, f.currency, f.qualifier or "", f"{f.precision:f}")
        out.print(table)
    return 0


def _explain(console: Console, label: str, text: str) -> None:
    """The figures with the rules that made them, and the readings rules turned down."""
    found = units.explain(text)
    table = Table(title=f"{escape(label)}: {plural(len(found.figures), 'figure')}, "
                        f"{plural(len(found.rejected), 'reading')} turned down")
    for col in ("span", "text", "reading", "rules"):
        table.add_column(col, overflow="fold")
    for f in found.figures:
        value = f"{f.value:,}" if f.value is not None else f"{f.low:,} ~ {f.high:,}"
        table.add_row(f"{f.start}-{f.end}", escape(f.text), f"{value} {f.currency} ({f.currency_basis})", " → ".join(f.rules))
    for r in found.rejected:
        table.add_row(f"{r.start}-{r.end}", f"[dim]{escape(text[r.start:r.end])}[/dim]",
                      f"[red]not money[/red]: {escape(r.reason)}",
                      r.rule)
    console.print(table)


def _amount_figure(text: str) -> units.Figure:
    figures = units.extract(text)
    if len(figures) != 1 or figures[0].value is None:
        found = ", ".join(f.text for f in figures) or "none"
        raise SystemExit(_usage(f"expected one exact amount such as '130억 달러' or '$13 billion', found: {found}"))
    return figures[0]


DEFAULT_TARGETS = ("KRW", "USD")


def cmd_convert(args: argparse.Namespace) -> int:
    from units.decimals import round_money
    from units.format import format_english, format_locale, format_money_korean, format_rate

    figure = _amount_figure(args.amount)
    # By default, the other of won and dollars (both for a third currency); a currency asked
    # for by name is shown even when it is the amount's own.
    targets = args.to or [code for code in DEFAULT_TARGETS if code != figure.currency]
    out = console()
    for code in targets:
        conv = units.convert(figure.value, figure.currency, code, rate=args.rate, date=args.date)
        rate = conv.rate
        korean = format_money_korean(conv.amount, conv.currency, groups=args.groups)
        local = format_locale(round_money(conv.amount, conv.currency), conv.currency, "ko_KR")
        out.print(f"[bold]{escape(figure.text)}[/bold] = [bold green]{escape(korean)}[/bold green]"
                  f"  ({escape(format_english(conv.amount, conv.currency))}; {escape(local)})")
        when = f" of {rate.date}" if rate.date else ""
        asked = f" (asked {rate.requested})" if rate.requested and rate.requested != rate.date else ""
        origin = f", {rate.dataset} ({rate.dataset_version}) up to {rate.data_end}" if rate.dataset else ""
        if rate.stale_reference:
            origin += " (stale: the currency had no rate on the days before)"
        out.print(escape(f"  rate {rate.pair} = {format_rate(rate.value)} from {rate.source}{when}{asked}{origin}"))
    return 0


RATED_COMMANDS = ("convert", "audit", "archive", "serve")  # the commands that read the rate settings
FAIL_LEVELS = {"never": 99, "inconsistent": 1, "magnitude_error": 2}


def _audit_inputs(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files named or held by folders (sorted), and the errors for missing ones."""
    files, errors = [], []
    for arg in paths:
        path = Path(arg)
        if arg == "-":  # standard input, as one article
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", "")
                                and not p.name.startswith(".") and p.name != "README.md"))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{arg}: no such file or folder")
    return files, errors


def cmd_audit(args: argparse.Namespace) -> int:
    import orjson
    from rich.progress import track

    from service import report as render
    from units.auditing import SEVERITY

    if not args.paths:
        return _usage("nothing to audit: name files or folders of articles (.txt, .md, .html), or - for "
                      "standard input; e.g. eokjo audit article.txt, or eokjo audit seeds/ in a clone of eokjo")
    files, errors = _audit_inputs(args.paths)
    settings = units.get_settings()
    results = []
    for path in track(files, description="auditing", console=err, transient=True, disable=len(files) < 2):
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); skipped")
            continue
        except OSError as exc:
            errors.append(f"{path}: cannot read ({exc.strerror}); skipped")
            continue
        try:
            name = "<stdin>" if str(path) == "-" else str(path)
            # each file within the limits a request has (EOKJO_CPU_SECONDS, EOKJO_MAX_FIGURES)
            budget = units.Budget.from_settings(settings)
            results.append((name, text, units.audit(text, rate=args.rate, date=args.date, budget=budget)))
        except units.EokjoError as exc:  # a bad --rate or --date is the same for every file
            if isinstance(exc, units.RateError) and (args.rate or args.date):
                raise
            limit = f" (EOKJO_{exc.limit.upper()})" if isinstance(exc, units.LimitExceeded) else ""
            errors.append(f"{path}: {exc}{limit}; skipped")
    if args.format == "json":
        body = "".join(orjson.dumps({"file": name, **rep.to_dict()}).decode() + "\n" for name, _, rep in results)
    elif args.format == "markdown":
        body = "# eokjo audit\n\n" + "\n".join(render.markdown(name, rep) for name, _, rep in results)
    elif args.format == "html":
        body = render.html_page(results, rate=args.rate)
    else:
        body = None
    if body is not None:
        if args.output:
            Path(args.output).write_text(body, encoding="utf-8")
        else:
            sys.stdout.write(body)
    else:
        with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout) as file:
            out = console(file)
            for name, _, rep in results:
                out.print(render.table(name, rep))
    for message in errors:
        _error(message)
    if errors:
        return 2
    worst = max((SEVERITY[p.verdict] for _, _, rep in results for p in rep.pairs), default=0)
    return 1 if worst >= FAIL_LEVELS[args.fail_on] else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os
    import shutil
    import tempfile

    import uvicorn

    from service.http.protocol import BoundedHttpToolsProtocol
    from units.config import get_settings

    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    workers = args.workers or settings.workers
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="eokjo-metrics-")
    err.print(escape(
        f"eokjo serving on http://{host}:{port} ({workers} worker{'s' * (workers != 1)}); rates: "
        f"{'configured ' + ', '.join(settings.fixed_rates()) if settings.fixed_rates() else 'ECB reference rates'}; "
        f"open http://{host}:{port}/ in a browser, API docs at /docs"), highlight=False)
    _more_files()
    try:
        # connections are bounded by the protocol (it refuses with problem+json, and lets an
        # idle connection give way to a new one), not by uvicorn's limit_concurrency
        uvicorn.run("service.http.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level=settings.log_level, timeout_graceful_shutdown=30, access_log=False,
                    http=BoundedHttpToolsProtocol, timeout_keep_alive=settings.keep_alive_seconds,
                    limit_concurrency=None, backlog=4096)
    finally:
        if metrics_dir is not None:  # the metrics of this run's workers go with it
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _more_files() -> None:
    """Raise the soft limit of open files to the hard one: each connection is a file, and
    a worker at its limit cannot even accept a connection to refuse it."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass


def cmd_archive(args: argparse.Namespace) -> int:
    try:
        from service import archive
        from units.archive import Columns
    except ImportError as exc:
        return _usage(f"eokjo archive needs pyarrow ({exc.name} is missing): pip install 'eokjo[archive]'")
    remote = not (archive.is_local(args.input) and archive.is_local(args.out))
    if remote and args.engine != "spark":
        return _usage("storage URIs (s3a://, gs://, hdfs://) need --engine spark")
    try:
        inputs = [args.input] if not archive.is_local(args.input) else archive.sources(args.input)
        out = args.out if not archive.is_local(args.out) else Path(args.out)
        archive.prepare_output(out, args.overwrite)
    except (FileNotFoundError, FileExistsError, ValueError, OSError) as exc:
        return _usage(str(exc))
    if args.rate is not None:
        units.check_rate(args.rate)
    job = archive.Job(inputs, out, Columns(id=args.id_col, text=args.text_col, date=args.date_col,
                                          outlet=args.outlet_col), rate=args.rate, batch_rows=args.batch_rows,
                      input_format=args.input_format)
    if args.engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError:
            return _usage("--engine spark needs pyspark: pip install 'eokjo[spark]' (and Java 17 or newer)")
        try:
            seconds = archive.timed(archive.run_spark, job, master=args.master, partitions=args.partitions,
                                    conf=dict(args.conf or []))
        except archive.NotOnExecutors as exc:
            return _usage(str(exc))
    else:
        seconds = archive.timed(archive.run_local, job, processes=args.processes or os.cpu_count() or 1,
                                progress=sys.stderr.isatty())
    if remote:  # the tables are where Spark wrote them; count them there
        console().print(escape(f"wrote {out}/{{figures,pairs,rate_quotes,articles,errors}} in {seconds:.1f} s"))
        return 0
    counts = archive.summary(out)
    table = Table(title=f"{escape(str(out))}: {plural(len(inputs), 'input file')}, {args.engine} engine, {seconds:.1f} s "
                        f"({(counts['articles'] + counts['errors']) / seconds:,.0f} articles/s, "
                        f"{job.bytes / seconds / 1e6:,.1f} MB/s)")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in ("articles", "figures", "pairs", "rate_quotes", "errors"):
        table.add_row(name, f"{counts[name]:,}")
    for verdict in ("consistent", "inconsistent", "magnitude_error", "not_checkable", "stale"):
        table.add_row(f"  pairs {verdict}", f"{counts['pairs_' + verdict]:,}")
    console().print(table)
    return 0


def _spark_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip().startswith("spark."):
        raise argparse.ArgumentTypeError(f"{text!r}: expected KEY=VALUE with a Spark key, e.g. spark.executor.memory=2g")
    return key.strip(), value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eokjo", description="Money in Korean text: extract, convert, audit.")
    parser.add_argument("--version", action="version", version=f"eokjo {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="list the monetary figures of files or text")
    p.add_argument("inputs", nargs="*", metavar="FILE", help="files to read; - reads standard input")
    p.add_argument("--text", action="append", metavar="TEXT", help="text to read (repeatable), e.g. --text '130억 달러'")
    p.add_argument("--format", choices=["table", "json", "ndjson"], default="table",
                   help="json: one document, a list of {source, figures}; ndjson: one such line per input")
    p.add_argument("--explain", action="store_true",
                   help="show the rules behind each figure and the readings they turned down")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("convert", help="convert an amount written in Korean or English")
    p.add_argument("amount", help="e.g. '130억 달러', '$13 billion', '18조 원'")
    p.add_argument("--to", action="append", help="target currency (repeatable; default: KRW and USD, "
                                                 "leaving out the amount's own)")
    p.add_argument("--rate", help="rate for this call (won per unit of foreign currency when KRW is involved)")
    p.add_argument("--date", help="reference-rate date, YYYY-MM-DD (default: latest in the data)")
    p.add_argument("--groups", type=int, default=2, help="significant myriad groups in Korean style (default 2)")
    p.set_defaults(run=cmd_convert)

    p = sub.add_parser("audit", help="audit the conversions articles state")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of articles; - reads standard input")
    p.add_argument("--rate", help="reference USD/KRW rate (won per dollar) instead of ECB of the article date")
    p.add_argument("--date", help="the article date, YYYY-MM-DD (default: from the byline)")
    p.add_argument("--format", choices=["table", "json", "markdown", "html"], default="table")
    p.add_argument("--output", help="write the report to this file")
    p.add_argument("--fail-on", choices=sorted(FAIL_LEVELS), default="never",
                   help="exit 1 when a verdict this bad or worse is found (default: never)")
    p.set_defaults(run=cmd_audit)

    p = sub.add_parser("archive", help="audit an archive of articles (JSON Lines or Parquet) into Parquet tables")
    p.add_argument("input", help="a file, folder or glob of JSON Lines (.jsonl) or Parquet files")
    p.add_argument("--out", required=True, help="folder for figures/, pairs/, rate_quotes/, articles/, errors/")
    p.add_argument("--engine", choices=["local", "spark"], default="local")
    p.add_argument("--master", default="local[2]", help="Spark master: local[2], spark://host:7077, yarn")
    p.add_argument("--processes", type=int, help="local engine: worker processes (default: the CPU count)")
    p.add_argument("--partitions", type=int, help="spark engine: repartition the input into N partitions")
    p.add_argument("--conf", action="append", type=_spark_setting, metavar="KEY=VALUE",
                   help="spark engine: a Spark setting (repeatable), e.g. spark.archives=eokjo-env.tar.gz#env "
                        "and spark.pyspark.python=./env/bin/python to ship eokjo to a cluster's executors")
    p.add_argument("--rate", help="one USD/KRW rate for every article, instead of ECB of each article's date")
    p.add_argument("--id-col", default="id")
    p.add_argument("--text-col", default="text")
    p.add_argument("--date-col", default="date")
    p.add_argument("--outlet-col", default="outlet")
    p.add_argument("--input-format", choices=["jsonl", "parquet"], help="default: by file suffix (.parquet, else JSON Lines)")
    p.add_argument("--batch-rows", type=int, default=256, help="articles per Arrow batch (default 256)")
    p.add_argument("--overwrite", action="store_true", help="replace the tables of an earlier run in --out")
    p.set_defaults(run=cmd_archive)

    p = sub.add_parser("serve", help="run the HTTP service (settings: EOKJO_* variables, EOKJO_CONFIG)")
    p.add_argument("--host", help="default 127.0.0.1 (EOKJO_HOST)")
    p.add_argument("--port", type=int, help="default 8000 (EOKJO_PORT)")
    p.add_argument("--workers", type=int, help="default 1 (EOKJO_WORKERS)")
    p.set_defaults(run=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = units.get_settings()  # bad settings: one line each, exit 2, before any work
        if args.command in RATED_COMMANDS:
            rate_chain(settings)  # and rate files that cannot be read
        return args.run(args)
    except units.EokjoError as exc:
        return _usage(str(exc))


if __name__ == "__main__":
    sys.exit(main())
