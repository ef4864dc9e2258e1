"""Wayback Machine look-ups: the latest snapshot of a URL, without following the redirect to it."""

from __future__ import annotations

from urllib.parse import urljoin

from .fetch import REDIRECT_STATUSES, Fetcher


def lookup_url(base: str, url: str) -> str:
    """The Wayback address that redirects to the latest snapshot of ``url``."""
    return f"{base.rstrip('/')}/web/{url}"


async def latest_snapshot(fetcher: Fetcher, base: str, url: str) -> str:
    """The latest snapshot's URL, or ``""`` when there is none or the archive does not answer."""
    look = lookup_url(base, url)
    answer = await fetcher.fetch(look, "GET", follow=False)
    if answer.status in REDIRECT_STATUSES and answer.headers.get("location"):
        return urljoin(look, answer.headers["location"])
    return ""
