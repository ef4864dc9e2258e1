"""The online tier: every registry URL (and archive URL) fetched once, classified and reported per entry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from .archive import latest_snapshot
from .cache import Cache, History, now_iso
from .classes import ADVICE, FAILING, Status
from .classify import classify, redirected_home
from .config import CheckerConfig
from .fetch import Fetched, Fetcher
from .hosts import HostGate
from .offline import OfflineResult
from .pages import is_html, parse_page
from .soft404 import SiblingProbe, soft_404_reason

_SUGGEST_SNAPSHOT = frozenset({Status.DEAD, Status.GONE, Status.BLOCKED})


@dataclass
class UrlResult:
    """The outcome for one distinct URL."""

    url: str
    status: Status
    http_status: int | None = None
    final_url: str = ""
    redirects: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    error: str = ""
    new_url: str = ""
    """For ``redirected``: the address to put in the registry."""
    snapshot: str = ""
    from_cache: bool = False
    checked_at: str = ""

    def cacheable(self) -> dict[str, Any]:
        """The fields worth keeping in the cache."""
        data = asdict(self)
        data["class"] = str(data.pop("status"))
        for key in ("from_cache", "attempts", "elapsed_ms", "snapshot"):
            data.pop(key)
        return data

    @classmethod
    def restore(cls, data: dict[str, Any]) -> UrlResult:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "status"}
        return cls(**fields, status=Status(data["class"]), from_cache=True)


@dataclass
class Record:
    """One registry entry's line in the report."""

    key: str
    url: str
    status: Status
    line: int = 0
    http_status: int | None = None
    final_url: str = ""
    redirects: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    error: str = ""
    cited_on: list[str] = field(default_factory=list)
    suggestion: str = ""
    from_cache: bool = False
    checked_at: str = ""
    archive_url: str = ""
    archive: dict[str, Any] | None = None
    consecutive_failures: int = 0
    first_failed_at: str = ""
    last_ok_at: str = ""
    fails: bool = False
    """Whether this record fails the run (before ``--strict``)."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["class"] = str(data.pop("status"))
        return data


ProgressHook = Callable[[UrlResult], None]


class Checker:
    """Checks a set of URLs within the run's limits and time budget."""

    def __init__(self, config: CheckerConfig, client: httpx.AsyncClient) -> None:
        self.config = config
        self.gate = HostGate(config.concurrency, config.host_concurrency, config.host_interval)
        self.fetcher = Fetcher(config, client, self.gate)
        self.probe = SiblingProbe(self.fetcher)

    async def check(self, url: str) -> UrlResult:
        """Fetch and classify one URL (HEAD first where that is enough, GET otherwise)."""
        fragment = urlsplit(url).fragment
        attempts = 0
        fetched: Fetched | None = None
        if self.config.head_first and not fragment:
            head = await self.fetcher.fetch(url, "HEAD")
            attempts += head.attempts
            ok = head.status is not None and 200 <= head.status < 300
            if ok or head.error_kind == "timeout":
                fetched = head
        if fetched is None:
            fetched = await self.fetcher.fetch(url, "GET")
            attempts += fetched.attempts
        status, error = classify(fetched)
        if status is Status.DEAD:
            await asyncio.sleep(self.config.confirm_delay)
            again = await self.fetcher.fetch(url, "GET")
            attempts += again.attempts
            fetched = again
            status, error = classify(fetched)
            if status is Status.DEAD:
                error += " (confirmed on a second try)"
        new_url = ""
        if status is Status.OK:
            status, error, fetched, extra = await self._inspect(url, fetched)
            attempts += extra
            if status is Status.OK and fetched.permanent_target:
                status, new_url = Status.REDIRECTED, fetched.permanent_target
        return UrlResult(
            url, status, fetched.status, fetched.final_url,
            [{"url": h.url, "status": h.status, "location": h.location} for h in fetched.redirects],
            attempts, fetched.elapsed_ms, error, new_url, checked_at=now_iso(),
        )

    async def _inspect(self, url: str, fetched: Fetched) -> tuple[Status, str, Fetched, int]:
        """Checks of a 2xx answer: home-page redirects, the soft-404 probe and the fragment."""
        extra = 0
        if redirected_home(fetched):
            return Status.SOFT_404_SUSPECT, f"redirected to the site's home page {fetched.final_url}", fetched, extra
        probe = await self.probe.probe(fetched.final_url)
        if probe.status is not None and 200 <= probe.status < 300:
            if fetched.method == "HEAD":
                fetched = await self.fetcher.fetch(url, "GET")
                extra += fetched.attempts
                status, error = classify(fetched)
                if status is not Status.OK:
                    return status, error, fetched, extra
            if reason := soft_404_reason(fetched, probe):
                return Status.SOFT_404_SUSPECT, reason, fetched, extra
        fragment = urlsplit(url).fragment
        if fragment and not fragment.startswith(":~:"):
            content_type = fetched.headers.get("content-type", "")
            if not is_html(content_type):
                return Status.OK, "", fetched, extra
            if not parse_page(fetched.body, content_type).has_anchor(fragment):
                cut = f" (only the first {len(fetched.body)} bytes were read)" if fetched.truncated else ""
                return Status.FRAGMENT_MISSING, f"no element with id or name '{fragment}' on the page{cut}", fetched, extra
        return Status.OK, "", fetched, extra

    async def snapshot(self, url: str) -> str:
        """The latest Wayback snapshot of ``url`` (``""`` if none, or if look-ups are off)."""
        if not self.config.wayback_url:
            return ""
        return await latest_snapshot(self.fetcher, self.config.wayback_url, url)


def _client(config: CheckerConfig) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=config.concurrency + 8, max_keepalive_connections=config.concurrency + 8)
    return httpx.AsyncClient(
        follow_redirects=False, verify=True, trust_env=False, limits=limits,
        timeout=httpx.Timeout(config.timeout), headers={"User-Agent": config.user_agent},
    )


async def check_urls(urls: list[str], config: CheckerConfig, cache: Cache, progress: ProgressHook | None = None,
                     suggest: frozenset[str] = frozenset()) -> dict[str, UrlResult]:
    """Check each distinct URL once (fresh cache entries are served instead), within ``config.budget``.

    URLs in ``suggest`` get a Wayback snapshot suggestion when they end dead, gone or blocked.
    """
    results: dict[str, UrlResult] = {}
    todo: list[str] = []
    for url in dict.fromkeys(urls):
        cached = cache.get(url) if config.use_cache else None
        if cached is not None:
            results[url] = UrlResult.restore(cached)
            if progress:
                progress(results[url])
        else:
            todo.append(url)
    deadline = time.monotonic() + config.budget
    async with _client(config) as client:
        checker = Checker(config, client)

        async def one(url: str) -> UrlResult:
            result = await checker.check(url)
            if result.status in _SUGGEST_SNAPSHOT and url in suggest:
                result.snapshot = await checker.snapshot(url)
            return result

        tasks = {asyncio.ensure_future(one(url)): url for url in todo}
        pending = set(tasks)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                url = tasks[task]
                error = task.exception()
                if error is not None:
                    results[url] = UrlResult(url, Status.UNCHECKED, error=f"internal error: {type(error).__name__}: {error}",
                                             checked_at=now_iso())
                else:
                    results[url] = task.result()
                    cache.put(url, results[url].cacheable())
                if progress:
                    progress(results[url])
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        for task in pending:
            url = tasks[task]
            results[url] = UrlResult(url, Status.UNCHECKED, error=f"not checked: the run's time budget of {config.budget:g} s ran out",
                                     checked_at=now_iso())
            if progress:
                progress(results[url])
    return results


def _suggestion(result: UrlResult, archive_url: str) -> str:
    if result.status is Status.REDIRECTED:
        return f"Replace the url with {result.new_url}"
    advice = ADVICE[result.status]
    if result.status in _SUGGEST_SNAPSHOT:
        if archive_url:
            return f"{advice} The entry's archive_url is {archive_url}."
        if result.snapshot:
            return f"{advice} Latest Wayback snapshot: {result.snapshot} (add it as archive_url)."
        return f"{advice} No Wayback snapshot was found."
    return advice


def build_records(offline: OfflineResult, results: dict[str, UrlResult], cache: Cache, config: CheckerConfig) -> list[Record]:
    """One record per registry entry (rejected entries included), with history and suggestions."""
    records: list[Record] = []
    histories: dict[str, History] = {}
    for url, result in results.items():
        if result.status is not Status.UNCHECKED:
            histories[url] = cache.record_run(url, result.status, result.checked_at)
    for key, entry in offline.registry.entries.items():
        source = entry.source
        result = results.get(source.url) or UrlResult(source.url, Status.UNCHECKED, error="not checked")
        history = histories.get(source.url) or cache.history.get(source.url) or History()
        record = Record(
            key, source.url, result.status, entry.line, result.http_status, result.final_url, result.redirects,
            result.attempts, result.elapsed_ms, result.error, offline.cited_on.get(key, []),
            _suggestion(result, source.archive_url), result.from_cache, result.checked_at, source.archive_url,
            consecutive_failures=history.consecutive_failures, first_failed_at=history.first_failed_at,
            last_ok_at=history.last_ok_at,
        )
        record.fails = result.status in FAILING
        if record.status in (Status.DEAD, Status.GONE) and history.consecutive_failures < config.confirm_runs:
            record.fails = False
            record.suggestion += (f" First failure on {history.first_failed_at}: not yet confirmed "
                                  f"({history.consecutive_failures} of {config.confirm_runs} failing runs).")
        elif record.status in (Status.DEAD, Status.GONE) and history.consecutive_failures == 1:
            record.suggestion += " This is its first failing run."
        if source.archive_url:
            archived = results.get(source.archive_url) or UrlResult(source.archive_url, Status.UNCHECKED)
            record.archive = {"url": source.archive_url, "class": str(archived.status), "http_status": archived.http_status,
                              "final_url": archived.final_url, "error": archived.error, "from_cache": archived.from_cache}
            if archived.status in FAILING:
                record.fails = True
                record.suggestion += f" The archive_url is {archived.status}: {ADVICE[archived.status]}"
        records.append(record)
    for key, rejected in offline.rejected.items():
        records.append(Record(
            key, rejected.url, Status.IDENTIFIER_INVALID if rejected.identifier else Status.UNCHECKED, rejected.line,
            error="; ".join(rejected.messages), cited_on=offline.cited_on.get(key, []),
            suggestion=ADVICE[Status.IDENTIFIER_INVALID] if rejected.identifier else "Fix the entry in citations.yaml.",
            checked_at=now_iso(), fails=True,
        ))
    return sorted(records, key=lambda r: r.line)


def urls_to_check(offline: OfflineResult) -> tuple[list[str], frozenset[str]]:
    """Every distinct url and archive_url, and the live URLs without an archive_url (they get snapshot suggestions)."""
    entries = offline.registry.entries.values()
    live = [entry.source.url for entry in entries]
    archives = [entry.source.archive_url for entry in entries if entry.source.archive_url]
    unarchived = frozenset(entry.source.url for entry in entries if not entry.source.archive_url)
    return list(dict.fromkeys(live + archives)), unarchived
