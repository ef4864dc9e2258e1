"""The result cache (maximum age per class, failures never cached) and the failure history."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from companion.checker.cache import DAY, Cache
from companion.checker.classes import Status
from companion.checker.run import check_urls

from .conftest import fast_config

PAGE = "<html><head><title>Cached</title></head><body>" + "words " * 40 + "</body></html>"


def _requests(server: HTTPServer, path: str) -> int:
    return len([r for r, _ in server.log if r.path == path])


def test_fresh_result_is_served_from_cache(server: HTTPServer, check):
    """A second run within the maximum age makes no request and says the result is cached."""
    server.expect_request("/kept").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/kept")
    first = check(url)[url]
    before = _requests(server, "/kept")
    second = check(url)[url]
    assert (first.status, first.from_cache) == (Status.OK, False)
    assert (second.status, second.from_cache, second.checked_at) == (Status.OK, True, first.checked_at)
    assert _requests(server, "/kept") == before


def test_expired_result_is_checked_again(server: HTTPServer, wayback: HTTPServer, tmp_path: Path, check):
    """A cached ok older than its maximum age (7 days) is fetched again."""
    server.expect_request("/aging").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/aging")
    check(url)
    before = _requests(server, "/aging")
    config = fast_config(tmp_path, wayback)
    cache = Cache(config.cache_dir, now=Cache(config.cache_dir).now + 8 * DAY).load()
    result = asyncio.run(check_urls([url], config, cache))[url]
    assert (result.status, result.from_cache) == (Status.OK, False)
    assert _requests(server, "/aging") > before


def test_failures_are_never_cached(server: HTTPServer, check, tmp_path: Path):
    """A dead URL is checked again on every run and never written to the result cache."""
    url = server.url_for("/missing")
    check(url)
    second = check(url)[url]
    assert (second.status, second.from_cache) == (Status.DEAD, False)
    assert url not in json.loads((tmp_path / "cache" / "results.json").read_text())["results"]


def test_no_cache_neither_reads_nor_writes_results(server: HTTPServer, check, tmp_path: Path):
    """With the cache off a good result is fetched again and no result file is written."""
    server.expect_request("/fresh").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/fresh")
    check(url, use_cache=False)
    assert check(url, use_cache=False)[url].from_cache is False
    assert not (tmp_path / "cache" / "results.json").exists()


def test_corrupt_cache_is_ignored_and_rebuilt(server: HTTPServer, wayback: HTTPServer, tmp_path: Path):
    """A cache file that is not JSON is noted, ignored, and replaced by a valid one."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/page")
    config = fast_config(tmp_path, wayback)
    config.cache_dir.mkdir(parents=True)
    (config.cache_dir / "results.json").write_text("{not json", encoding="utf-8")
    (config.cache_dir / "history.json").write_text('{"version": 1, "urls": []}', encoding="utf-8")
    cache = Cache(config.cache_dir).load()
    result = asyncio.run(check_urls([url], config, cache))[url]
    cache.save()
    assert (result.status, result.from_cache) == (Status.OK, False)
    assert [n.split(": ignoring")[0] for n in cache.notes] == [str(config.cache_dir / "results.json"), str(config.cache_dir / "history.json")]
    assert json.loads((config.cache_dir / "results.json").read_text())["results"][url]["class"] == "ok"


def test_history_counts_failing_runs_and_resets_on_success(tmp_path: Path):
    """The history counts failing runs in a row, keeps the first failure's date, and clears on success."""
    cache = Cache(tmp_path)
    cache.record_run("http://a.example/", Status.DEAD, "2026-01-01T00:00:00Z")
    cache.save()
    again = Cache(tmp_path).load()
    history = again.record_run("http://a.example/", Status.TIMEOUT, "2026-01-08T00:00:00Z")
    assert (history.consecutive_failures, history.first_failed_at) == (2, "2026-01-01T00:00:00Z")
    history = again.record_run("http://a.example/", Status.OK, "2026-01-15T00:00:00Z")
    assert (history.consecutive_failures, history.first_failed_at, history.last_ok_at) == (0, "", "2026-01-15T00:00:00Z")
