"""Fixtures for the source checker: real HTTP servers on 127.0.0.1 and a runner with small, fast limits.

Every server here listens on loopback only; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from companion.checker.cache import Cache
from companion.checker.config import CheckerConfig
from companion.checker.records import UrlResult
from companion.checker.run import check_urls

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, "RawServer"], Awaitable[None]]


def _start(threaded: bool) -> HTTPServer:
    httpserver = HTTPServer(host="127.0.0.1", threaded=threaded)
    httpserver.no_handler_status_code = 404
    httpserver.start()
    return httpserver


def _cleared(httpserver: HTTPServer) -> HTTPServer:
    httpserver.clear()  # also resets no_handler_status_code to 500
    httpserver.no_handler_status_code = 404
    return httpserver


@pytest.fixture(scope="session")
def _servers() -> Iterator[tuple[HTTPServer, HTTPServer]]:
    started = (_start(threaded=True), _start(threaded=False))
    yield started
    for one in started:
        one.stop()


@pytest.fixture
def server(_servers: tuple[HTTPServer, HTTPServer]) -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 that answers 404 where no handler matches (cleared per test)."""
    yield _cleared(_servers[0])
    _cleared(_servers[0])


@pytest.fixture
def wayback(_servers: tuple[HTTPServer, HTTPServer]) -> Iterator[HTTPServer]:
    """A stand-in Wayback Machine: ``/web/<url>`` is 404 unless a test registers a snapshot."""
    yield _cleared(_servers[1])
    _cleared(_servers[1])


def add_snapshot(wayback: HTTPServer, url: str, snapshot_path: str) -> str:
    """Make ``wayback`` redirect the look-up of ``url`` to a snapshot; returns the snapshot URL."""
    wayback.expect_request(re.compile("^/web/" + re.escape(url) + "$")).respond_with_data(
        "", status=302, headers={"Location": snapshot_path})
    return wayback.url_for(snapshot_path)


def fast_config(tmp_path: Path, wayback: HTTPServer, **overrides: Any) -> CheckerConfig:
    """Settings for tests: two-second timeouts (the slow-server tests set smaller ones), tiny back-offs, loopback allowed, a local Wayback."""
    config = CheckerConfig(
        timeout=2.0, host_interval=0.0, retry_wait=0.05, retry_after_cap=1.0, confirm_delay=0.05, budget=30.0,
        allow_private=True, wayback_url=wayback.url_for("/").rstrip("/"), cache_dir=tmp_path / "cache",
    )
    return replace(config, **overrides)


@pytest.fixture
def check(tmp_path: Path, wayback: HTTPServer) -> Callable[..., dict[str, UrlResult]]:
    """Run the real online check over some URLs (with Wayback suggestions) and return its results."""

    def run(*urls: str, **overrides: Any) -> dict[str, UrlResult]:
        config = fast_config(tmp_path, wayback, **overrides)
        cache = Cache(config.cache_dir, use_results=config.use_cache).load()
        results = asyncio.run(check_urls(list(urls), config, cache, suggest=frozenset(urls)))
        cache.save()
        return results

    return run


@dataclass
class RawServer:
    """An asyncio TCP server on 127.0.0.1 in its own thread, for broken transports and server-side counting."""

    handler: Handler
    port: int = 0
    connections: int = 0
    active: int = 0
    max_active: int = 0
    notes: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _server: Any = None
    _thread: threading.Thread | None = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            await asyncio.wait_for(self.handler(reader, writer, self), timeout=10)
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self.active -= 1
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    def start(self) -> RawServer:
        ready = threading.Event()

        def target() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=target, daemon=True)
        self._thread.start()
        ready.wait(5)
        return self

    async def _shutdown(self) -> None:
        self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._server.wait_closed()

    def stop(self) -> None:
        """Cancel every connection's handler, close the server and end its thread."""
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Handler], RawServer]]:
    """Start raw servers with the given handlers; all are stopped after the test."""
    started: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        started.append(RawServer(handler).start())
        return started[-1]

    yield start
    for one in started:
        one.stop()


async def read_request(reader: asyncio.StreamReader, server: RawServer | None = None) -> str:
    """Read one request head and return its first line (also logged in ``server.requests``)."""
    head = await reader.readuntil(b"\r\n\r\n")
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    if server is not None:
        server.requests.append(line)
    return line


def http_response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    """A complete HTTP/1.1 response that closes the connection."""
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Content-Type: text/html", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
