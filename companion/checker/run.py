"""The online tier: every registry URL (and archive URL) fetched once and classified, within a time budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from .archive import latest_snapshot
from .cache import Cache, now_iso
from .classes import Status
from .classify import classify, redirected_home
from .config import CheckerConfig
from .fetch import Fetched, Fetcher
from .hosts import HostGate
from .pages import is_html, parse_page
from .records import SUGGEST_SNAPSHOT, UrlResult
from .soft404 import SiblingProbe, soft_404_reason

ProgressHook = Callable[[UrlResult], None]


class Checker:
    """Checks a set of URLs within the run's limits and time budget."""

    def __init__(self, config: CheckerConfig) -> None:
        self.config = config
        self.gate = HostGate(config.concurrency, config.host_concurrency, config.host_interval)
        self.fetcher = Fetcher(config, self.gate)
        self.probe = SiblingProbe(self.fetcher)

    async def check(self, url: str) -> UrlResult:
        """Fetch and classify one URL.

        HEAD is tried once first where no body is needed; anything but a 2xx falls back to GET, which has the
        retry budget (less the HEAD's attempt when that timed out). A dead result is confirmed by a second
        observation: the HEAD that agreed, the GET's own retries, or one more GET after a short pause.
        """
        fragment = urlsplit(url).fragment
        attempts = 0
        fetched: Fetched | None = None
        head: Fetched | None = None
        retries = self.config.max_retries
        if self.config.head_first and not fragment:
            head = await self.fetcher.fetch(url, "HEAD", retries=0)
            attempts += head.attempts
            if head.status is not None and 200 <= head.status < 300:
                fetched = head
            elif head.error_kind == "timeout":
                retries = max(0, retries - 1)
        if fetched is None:
            fetched = await self.fetcher.fetch(url, "GET", retries=retries)
            attempts += fetched.attempts
            fetched.attempts = attempts
        status, error = classify(fetched)
        if status is Status.DEAD:
            agreed = head is not None and classify(head)[0] is Status.DEAD and (head.status, head.error_kind) == (
                fetched.status, fetched.error_kind)
            if agreed:
                error += " (HEAD and GET agree)"
            elif fetched.attempts > 1:
                error += f" (on each of {fetched.attempts} attempts)"
            else:
                await asyncio.sleep(self.config.confirm_delay)
                fetched = await self.fetcher.fetch(url, "GET", retries=0)
                attempts += fetched.attempts
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
    checker = Checker(config)
    try:

        async def one(url: str) -> UrlResult:
            result = await checker.check(url)
            if result.status in SUGGEST_SNAPSHOT and url in suggest:
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
    finally:
        await checker.fetcher.aclose()
    return results


