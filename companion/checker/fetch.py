"""One URL fetched politely: streamed GET with a byte cap, manual redirects, retries and back-off."""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import ssl
import time
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

from .config import CheckerConfig
from .hosts import HostGate, retry_after_seconds
from .safety import NoSuchHost, private_address

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_RETRY_ERRORS = frozenset({"timeout", "reset", "connect"})


@dataclass
class Hop:
    """One redirect of a chain: ``url`` answered ``status`` and pointed to ``location``."""

    url: str
    status: int
    location: str


@dataclass
class Fetched:
    """What a fetch ended with: a response (``status``) or a transport error (``error_kind``)."""

    url: str
    method: str = "GET"
    status: int | None = None
    final_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[Hop] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    error: str = ""
    error_kind: str = ""
    """One of timeout, reset, connect, refused, dns, tls, not-http, private, redirect-loop, too-many-redirects,
    invalid-url, retry-after-too-long; empty when a response arrived."""
    truncated: bool = False

    @property
    def permanent_target(self) -> str:
        """Where the leading permanent redirects of the chain lead, or ``""`` if the chain starts otherwise."""
        target = ""
        for hop in self.redirects:
            if hop.status not in PERMANENT_REDIRECTS:
                break
            target = hop.location
        return target


def strip_fragment(url: str) -> str:
    """``url`` without its ``#fragment``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def host_key(url: str) -> str:
    """The host (and port) that politeness limits apply to."""
    return urlsplit(url).netloc.lower()


def _ssl_reason(error: BaseException) -> str | None:
    seen: set[int] = set()
    node: BaseException | None = error
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        if isinstance(node, ssl.SSLCertVerificationError):
            reason = node.verify_message or str(node)
            return f"{reason} (likely an incomplete certificate chain)" if "local issuer" in reason else reason
        if isinstance(node, ssl.SSLError):
            return node.reason or str(node)
        node = node.__cause__ or node.__context__
    return None


def _root_cause(error: BaseException) -> BaseException | None:
    """The innermost OS-level error behind ``error``, if any."""
    found: BaseException | None = None
    node: BaseException | None = error
    for _ in range(10):
        if node is None:
            break
        if isinstance(node, OSError):
            found = node
        node = node.__cause__ or node.__context__
    return found


def _describe_error(error: Exception) -> tuple[str, str]:
    """(error_kind, message) for a transport error."""
    text = str(error) or type(error).__name__
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "timeout", "no answer within the timeout"
    if (reason := _ssl_reason(error)) is not None:
        return "tls", f"TLS: {reason}"
    if isinstance(error, httpx.ConnectError):
        cause = _root_cause(error)
        if isinstance(cause, socket.gaierror):
            return "dns", f"no such host ({cause.strerror or cause})"
        if isinstance(cause, ConnectionRefusedError) or "refused" in text.lower():
            return "refused", "connection refused"
        return "connect", f"could not connect ({cause or text})"
    if isinstance(error, httpx.RemoteProtocolError):
        if "without sending" in text or "peer closed" in text.lower():
            return "reset", "the server closed the connection without answering"
        return "not-http", f"the answer is not HTTP ({text[:120]})"
    if isinstance(error, httpx.ReadError | httpx.WriteError | ConnectionError):
        return "reset", f"connection reset ({text})"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid-url", f"not a fetchable URL ({text})"
    return "connect", f"{type(error).__name__}: {text}"


class Fetcher:
    """Fetches URLs through one shared client and one :class:`HostGate`."""

    def __init__(self, config: CheckerConfig, gate: HostGate) -> None:
        self.config = config
        self.gate = gate
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None
        self.requests = 0
        self._private: dict[str, str | NoSuchHost | None] = {}

    def _client(self, host: str) -> httpx.AsyncClient:
        """One client per host: small connection pools, and nothing shared between hosts."""
        if host not in self._clients:
            size = self.config.host_concurrency
            if self._tls is None:  # built once: loading the CA bundle is the slow part of a client
                self._tls = ssl.create_default_context(cafile=certifi.where())
            self._clients[host] = httpx.AsyncClient(
                follow_redirects=False, verify=self._tls, trust_env=False, timeout=httpx.Timeout(self.config.timeout),
                limits=httpx.Limits(max_connections=size, max_keepalive_connections=size, keepalive_expiry=5.0),
                headers={"User-Agent": self.config.user_agent},
            )
        return self._clients[host]

    async def aclose(self) -> None:
        """Close every host's client."""
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    async def fetch(self, url: str, method: str = "GET", follow: bool = True, retries: int | None = None) -> Fetched:
        """Fetch ``url`` (redirects followed unless ``follow`` is false), retrying what is transient.

        ``retries`` overrides the configured number of retries per request.
        """
        retries = self.config.max_retries if retries is None else retries
        started = time.monotonic()
        result = Fetched(url, method, final_url=url)
        current, seen, cookies = url, {strip_fragment(url)}, SimpleCookie()
        for _ in range(self.config.max_redirects + 1):
            hop = await self._request(current, method, cookies, result, retries)
            if hop.error_kind or not follow or hop.status not in REDIRECT_STATUSES:
                break
            location = hop.headers.get("location")
            if not location:
                result.error = f"a {hop.status} redirect without a Location header"
                break
            target = urljoin(current, location)
            if not urlsplit(target).fragment and urlsplit(url).fragment:
                target = f"{strip_fragment(target)}#{urlsplit(url).fragment}"
            result.redirects.append(Hop(current, hop.status or 0, target))
            if hop.status == 303:
                method = "GET" if method != "HEAD" else method
            if strip_fragment(target) in seen:
                result.error_kind, result.error = "redirect-loop", "redirect loop: " + " -> ".join(
                    [h.url for h in result.redirects] + [target])
                result.status = None
                break
            seen.add(strip_fragment(target))
            current = target
        else:
            result.error_kind = "too-many-redirects"
            result.error = f"more than {self.config.max_redirects} redirects"
            result.status = None
        result.final_url = current
        result.method = method
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        return result

    async def _request(self, url: str, method: str, cookies: SimpleCookie, result: Fetched, retries: int) -> Fetched:
        """One hop with up to ``retries`` retries; copies status, headers, body and error into ``result``."""
        host = host_key(url)
        wait = self.config.retry_wait
        for attempt in range(retries + 1):
            result.attempts += 1
            self._reset(result)
            started = time.monotonic()
            await self._once(url, method, cookies, result, attempt + 1)
            last = attempt == retries
            delay: float | None = None
            if result.error_kind in _RETRY_ERRORS:
                delay = wait
            elif result.status in _RETRY_STATUSES:
                delay = wait
                asked = retry_after_seconds(result.headers.get("retry-after"))
                if asked is not None:
                    if asked > self.config.retry_after_cap:
                        result.error = f"Retry-After {asked:.0f} s is longer than the cap of {self.config.retry_after_cap:g} s"
                        return result
                    self.gate.hold_off(host, asked)
                    delay = max(asked, 0.0)
            if delay is None or last:
                return result
            # the back-off runs from the start of the failed attempt: a timeout has already waited its share
            pause = delay * (1 + random.uniform(0, 0.1)) - (time.monotonic() - started)
            if pause > 0:
                await asyncio.sleep(pause)
            wait *= 2
        return result

    @staticmethod
    def _reset(result: Fetched) -> None:
        result.status, result.headers, result.body = None, {}, b""
        result.error, result.error_kind, result.truncated = "", "", False

    async def _is_private(self, url: str) -> str | None:
        """The private address ``url``'s host resolves to, or ``None``; raises :class:`NoSuchHost`."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in self._private:
            try:
                self._private[host] = await private_address(host, parts.port or (443 if parts.scheme == "https" else 80))
            except NoSuchHost as error:
                self._private[host] = error
        found = self._private[host]
        if isinstance(found, NoSuchHost):
            raise found
        return found

    async def _once(self, url: str, method: str, cookies: SimpleCookie, result: Fetched, attempt: int = 1) -> None:
        """A single request: status, headers and up to ``max_bytes`` of body, or an error."""
        if not self.config.allow_private:
            try:
                address = await self._is_private(url)
            except NoSuchHost as error:
                result.error_kind, result.error = "dns", str(error)
                return
            if address:
                result.error_kind = "private"
                result.error = f"refused: the host resolves to the private address {address} (use --allow-private)"
                return
        headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
        if cookie:
            headers["Cookie"] = cookie
        timeout = self.config.timeout
        host = host_key(url)
        async with self.gate.slot(host, attempt):
            self.requests += 1
            client = self._client(host)
            try:
                async with asyncio.timeout(timeout):
                    response = await client.send(client.build_request(method, url, headers=headers), stream=True)
            except Exception as error:  # every transport failure becomes a classified result
                result.error_kind, result.error = _describe_error(error)
                return
            try:
                result.status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                for value in response.headers.get_list("set-cookie"):
                    with contextlib.suppress(CookieError):
                        cookies.load(value)
                # read even empty (HEAD) and redirect bodies: a finished response keeps its connection for reuse
                await self._read_body(response, result, timeout)
            finally:
                await response.aclose()

    async def _read_body(self, response: httpx.Response, result: Fetched, timeout: float) -> None:
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(timeout):
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= self.config.max_bytes:
                        result.truncated = True
                        break
        except (TimeoutError, httpx.HTTPError) as error:
            result.truncated = True
            result.error = f"body cut short ({_describe_error(error)[1]})"
        result.body = b"".join(chunks)[: self.config.max_bytes]
