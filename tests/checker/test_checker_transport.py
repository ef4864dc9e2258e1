"""Broken transports and server-side politeness, against raw asyncio servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import struct

from companion.checker.classes import Status

from .conftest import RawServer, http_response, read_request

PAGE = b"<html><head><title>A page</title></head><body><p id='here'>Here.</p></body></html>"


async def _slow_headers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, server: RawServer) -> None:
    await read_request(reader, server)
    await asyncio.sleep(2)
    writer.write(http_response(200, PAGE))


async def _endless_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, server: RawServer) -> None:
    line = await read_request(reader, server)
    if "/companion-probe-" in line:
        writer.write(http_response(404))
        return
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    chunk = PAGE + b"x" * 16_000
    for _ in range(10_000):  # bounded: 160 MB at most, far past the byte cap
        writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        await writer.drain()
    server.notes.append("sent the whole endless body")


async def _reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, server: RawServer) -> None:
    await read_request(reader, server)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
    writer.transport.abort()


async def _not_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, server: RawServer) -> None:
    await read_request(reader, server)
    writer.write(b"SSH-2.0-OpenSSH_9.2\r\nthis is not an HTTP server\r\n\r\n")
    await writer.drain()


async def _slow_page(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, server: RawServer) -> None:
    line = await read_request(reader, server)
    await asyncio.sleep(0.1)
    writer.write(http_response(404 if "/companion-probe-" in line else 200, PAGE))
    await writer.drain()


def test_headers_slower_than_timeout_is_timeout(raw_server, check):
    """Headers that arrive after the timeout give a timeout (retried, then reported)."""
    server = raw_server(_slow_headers)
    url = server.url("/slow")
    result = check(url, timeout=0.3, max_retries=1)[url]
    assert (result.status, result.http_status) == (Status.TIMEOUT, None)
    assert result.error == "no answer within the timeout (2 attempts)"
    assert server.connections == 2


def test_endless_body_is_read_up_to_the_cap(raw_server, check):
    """An endless body is cut at the byte cap: the status stands and the run goes on."""
    server = raw_server(_endless_body)
    url = server.url("/stream") + "#here"
    result = check(url, max_bytes=50_000)[url]
    assert (result.status, result.http_status) == (Status.OK, 200)
    assert "sent the whole endless body" not in server.notes


def test_connection_reset_is_dead(raw_server, check):
    """A server that resets every connection is dead once the retries agree."""
    server = raw_server(_reset)
    url = server.url("/reset")
    result = check(url, max_retries=1)[url]
    assert result.status is Status.DEAD
    assert result.error.startswith("connection reset") or result.error.startswith("the server closed the connection")
    assert result.error.endswith("(HEAD and GET agree)")


def test_not_http_is_dead(raw_server, check):
    """An answer that is not HTTP is dead, with the reason."""
    server = raw_server(_not_http)
    url = server.url("/ssh")
    result = check(url, max_retries=0)[url]
    assert result.status is Status.DEAD
    assert result.error.startswith("the answer is not HTTP")


def test_refused_connection_is_dead(check):
    """A port nobody listens on is dead (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/nothing"
    result = check(url, max_retries=0)[url]
    assert (result.status, result.error) == (Status.DEAD, "connection refused (HEAD and GET agree)")


def test_per_host_limit_is_held_at_the_server(raw_server, check):
    """With two requests per host allowed, the server never sees more than two connections at once."""
    server = raw_server(_slow_page)
    urls = [server.url(f"/doc/{n}") for n in range(10)]
    results = check(*urls, host_concurrency=2, concurrency=16, head_first=False, timeout=3.0)
    assert {r.status for r in results.values()} == {Status.OK}
    assert len(server.requests) == 11, server.requests  # ten pages and one sibling probe
    assert server.max_active <= 2


def test_global_limit_is_held_across_hosts(raw_server, check):
    """The global limit caps requests in flight over several hosts (counted at the servers)."""
    servers = [raw_server(_slow_page) for _ in range(3)]
    urls = [s.url(f"/doc/{n}") for s in servers for n in range(4)]
    results = check(*urls, host_concurrency=4, concurrency=2, head_first=False, timeout=3.0)
    assert {r.status for r in results.values()} == {Status.OK}
    assert sum(s.max_active for s in servers) <= 2 * len(servers)
    assert all(s.max_active <= 2 for s in servers)


def test_run_budget_ends_the_run(raw_server, check):
    """When the run's budget runs out, what is left is reported unchecked instead of waited for."""
    server = raw_server(_slow_headers)
    url = server.url("/very-slow")
    result = check(url, timeout=5.0, budget=0.3)[url]
    assert result.status is Status.UNCHECKED
    assert result.error == "not checked: the run's time budget of 0.3 s ran out"
