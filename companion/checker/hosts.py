"""Politeness per host: at most N requests in flight, a minimum gap between starts, and back-off."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


class PrioritySlots:
    """A semaphore whose waiters are served by priority (lower first), then in arrival order."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    async def acquire(self, priority: int = 0) -> None:
        if self._free and not self._waiters:
            self._free -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (priority, next(self._arrivals), waiter)
        heapq.heappush(self._waiters, entry)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just as we were cancelled
            else:
                self._waiters.remove(entry)
                heapq.heapify(self._waiters)
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, waiter = heapq.heappop(self._waiters)
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1


@dataclass
class _Host:
    slots: PrioritySlots
    next_start: float = 0.0


class HostGate:
    """Global and per-host limits shared by every request of a run.

    Retries go before first attempts in a host's queue, so a URL that already waited is not sent to the back.
    """

    def __init__(self, concurrency: int, host_concurrency: int, interval: float) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = host_concurrency
        self._interval = interval
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(PrioritySlots(self._per_host))
        return self._hosts[host]

    @asynccontextmanager
    async def slot(self, host: str, attempt: int = 1) -> AsyncIterator[None]:
        """Hold one of ``host``'s slots (and a global one), starting no sooner than the host allows."""
        state = self._host(host)
        await state.slots.acquire(-attempt)
        try:
            now = time.monotonic()
            start = max(now, state.next_start)
            state.next_start = start + self._interval
            if start > now:
                await asyncio.sleep(start - now)
            async with self._global:
                yield
        finally:
            state.slots.release()

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
