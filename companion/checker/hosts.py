"""Politeness per host: at most N requests in flight, a minimum gap between starts, and back-off."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime


@dataclass
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class HostGate:
    """Global and per-host limits shared by every request of a run."""

    def __init__(self, concurrency: int, host_concurrency: int, interval: float) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = host_concurrency
        self._interval = interval
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(asyncio.Semaphore(self._per_host))
        return self._hosts[host]

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of ``host``'s slots (and a global one), starting no sooner than the host allows."""
        state = self._host(host)
        async with state.slots:
            async with state.lock:
                now = time.monotonic()
                start = max(now, state.next_start)
                state.next_start = start + self._interval
            if start > now:
                await asyncio.sleep(start - now)
            async with self._global:
                yield

    def hold_off(self, host: str, seconds: float) -> None:
        """Start no request to ``host`` for ``seconds`` (a ``Retry-After`` applies to the whole host)."""
        state = self._host(host)
        state.next_start = max(state.next_start, time.monotonic() + seconds)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date); ``None`` if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
