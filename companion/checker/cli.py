"""The command line of ``scripts/check_sources.py``.

Exit codes: 0 clean; 1 hard failures (registry problems, or a source dead, gone, missing its fragment or
with an invalid identifier); 2 warnings only, under ``--strict``; 3 usage or configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from .cache import Cache, now_iso
from .classes import Status
from .config import CheckerConfig
from .offline import OfflineResult, check_offline
from .records import Record, build_records, urls_to_check
from .report import Report, console_lines, to_json, to_junit, to_markdown

CLEAN, FAILED, WARNINGS, USAGE = 0, 1, 2, 3


class UsageError(Exception):
    """A bad option or configuration: exit code 3."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The options, documented in ``--help``."""
    parser = _Parser(
        prog="check_sources.py",
        description="Check the citations registry: offline (schema, keys, identifiers) or, with --online, every URL.",
        epilog="Exit codes: 0 clean, 1 hard failures, 2 warnings only (with --strict), 3 usage or configuration error.",
    )
    parser.add_argument("--registry", type=Path, default=Path("citations.yaml"), help="the registry (default: citations.yaml)")
    parser.add_argument("--online", action="store_true", help="fetch every url and archive_url (the default is offline checks only)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report here")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write the Markdown report here")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="write a JUnit XML report here")
    defaults = CheckerConfig()
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="SECONDS", help="per request (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, metavar="N", help="requests in flight (default: %(default)s)")
    parser.add_argument("--host-concurrency", type=int, default=defaults.host_concurrency, metavar="N",
                        help="requests in flight per host (default: %(default)s)")
    parser.add_argument("--host-interval", type=float, default=defaults.host_interval, metavar="SECONDS",
                        help="gap between request starts on one host (default: %(default)s)")
    parser.add_argument("--retries", type=int, default=defaults.max_retries, metavar="N", help="retries of transient failures (default: %(default)s)")
    parser.add_argument("--retry-wait", type=float, default=defaults.retry_wait, metavar="SECONDS",
                        help="first back-off, doubled each retry (default: %(default)s)")
    parser.add_argument("--retry-after-cap", type=float, default=defaults.retry_after_cap, metavar="SECONDS",
                        help="longest Retry-After honoured (default: %(default)s)")
    parser.add_argument("--budget", type=float, default=defaults.budget, metavar="SECONDS", help="wall-clock limit of the run (default: %(default)s)")
    parser.add_argument("--no-head", action="store_true", help="always GET (by default HEAD is tried first where it is enough)")
    parser.add_argument("--no-cache", action="store_true", help="neither use nor store cached results (the failure history is kept)")
    parser.add_argument("--cache-dir", type=Path, default=defaults.cache_dir, metavar="DIR", help="default: %(default)s")
    parser.add_argument("--confirm-runs", type=int, default=defaults.confirm_runs, metavar="N",
                        help="failing runs in a row before a dead source fails the run (default: %(default)s)")
    parser.add_argument("--wayback-url", default=defaults.wayback_url, metavar="URL",
                        help="Wayback Machine base for snapshot suggestions; '' turns them off (default: %(default)s)")
    parser.add_argument("--allow-private", action="store_true", help="allow private and loopback addresses (refused by default)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the run too (exit 2)")
    return parser


def config_from(args: argparse.Namespace) -> CheckerConfig:
    """The checker settings from parsed options; raises :class:`UsageError` if they make no sense."""
    config = CheckerConfig(
        timeout=args.timeout, concurrency=args.concurrency, host_concurrency=args.host_concurrency,
        host_interval=args.host_interval, max_retries=args.retries, retry_wait=args.retry_wait,
        retry_after_cap=args.retry_after_cap, budget=args.budget, head_first=not args.no_head,
        allow_private=args.allow_private, wayback_url=args.wayback_url, use_cache=not args.no_cache,
        cache_dir=args.cache_dir, confirm_runs=args.confirm_runs,
    )
    problems = config.problems()
    if config.wayback_url == "":
        problems = [p for p in problems if not p.startswith("--wayback-url")]
    if problems:
        raise UsageError(" ".join(problems))
    return config


def _write(path: Path | None, text: str) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the report {path}: {error.strerror}") from error


def _exit_code(report: Report) -> int:
    if report.problems or any(r.fails for r in report.records):
        return FAILED
    if report.strict and (report.warnings or any(r.status is not Status.OK for r in report.records)):
        return WARNINGS
    return CLEAN


def _online(offline: OfflineResult, config: CheckerConfig) -> tuple[list[Record], list[str]]:
    from .progress import ProgressReporter  # imported here: offline runs need neither httpx nor rich
    from .run import check_urls

    cache = Cache(config.cache_dir, use_results=config.use_cache).load()
    urls, suggest = urls_to_check(offline)
    with ProgressReporter(len(urls)) as progress:
        results = asyncio.run(check_urls(urls, config, cache, progress, suggest))
    records = build_records(offline, results, cache, config)
    try:
        cache.save()
    except OSError as error:
        cache.notes.append(f"{config.cache_dir}: cannot write the cache ({error.strerror}).")
    return records, cache.notes


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check and return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        config = config_from(args)
        registry_file: Path = args.registry
        offline = check_offline(registry_file, registry_file.resolve().parent)
        if offline.missing:
            raise UsageError(f"{registry_file}: the citations registry does not exist. Pass --registry FILE.")
        records, notes = _online(offline, config) if args.online else (build_records_offline(offline), [])
        report = Report(offline.registry.path, records, offline.problems, offline.warnings, now_iso(), args.strict, notes)
        _write(args.json, to_json(report))
        _write(args.markdown, to_markdown(report))
        _write(args.junit, to_junit(report))
    except UsageError as error:
        print(f"check_sources.py: error: {error}", file=sys.stderr)
        return USAGE
    for note in notes:
        print(note, file=sys.stderr)
    for line in console_lines(report) + [str(w) for w in sorted(offline.warnings)]:
        print(line)
    code = _exit_code(report)
    mode = "online" if args.online else "offline"
    summary = ", ".join(f"{n} {s}" for s, n in report.summary().items())
    print(f"{mode} check of {len(offline.registry.entries)} entries: {len(report.problems)} problems, "
          f"{len(report.warnings)} warnings{'; ' + summary if summary else ''}. Exit code {code}.", file=sys.stderr)
    return code


def build_records_offline(offline: OfflineResult) -> list[Record]:
    """Offline mode reports only the entries the schema refused (no URL was fetched)."""
    return [r for r in build_records(offline, {}, Cache(Path("."), use_results=False), CheckerConfig()) if r.key in offline.rejected]
