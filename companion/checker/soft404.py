"""The random-sibling probe: does this host answer 200 for a page that cannot exist?"""

from __future__ import annotations

import asyncio
import posixpath
import uuid
from urllib.parse import urlsplit, urlunsplit

from .fetch import Fetched, Fetcher, strip_fragment
from .pages import is_html, parse_page, similarity

THRESHOLD = 0.8
"""Shingle similarity above which a page counts as the same as the made-up sibling."""


def sibling_url(url: str) -> str:
    """A made-up URL in the same directory as ``url``, with the same file extension."""
    parts = urlsplit(url)
    directory, name = posixpath.split(parts.path or "/")
    extension = posixpath.splitext(name)[1]
    made_up = f"companion-probe-{uuid.uuid4().hex[:12]}{extension}"
    return urlunsplit(parts._replace(path=posixpath.join(directory or "/", made_up), query="", fragment=""))


class SiblingProbe:
    """One probe per directory of a host per run, shared by every URL in it."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._probes: dict[tuple[str, str], asyncio.Task[Fetched]] = {}

    async def probe(self, url: str) -> Fetched:
        """The answer to a made-up sibling of ``url`` (fetched once per directory)."""
        parts = urlsplit(url)
        key = (parts.netloc.lower(), posixpath.dirname(parts.path or "/") + posixpath.splitext(parts.path)[1])
        if key not in self._probes:
            self._probes[key] = asyncio.ensure_future(self.fetcher.fetch(sibling_url(url), "GET"))
        return await asyncio.shield(self._probes[key])


def soft_404_reason(target: Fetched, probe: Fetched) -> str:
    """Why ``target`` looks like the host's not-found page, judged against ``probe`` (``""`` if it does not)."""
    if probe.status is None or not 200 <= probe.status < 300:
        return ""
    if strip_fragment(target.final_url) == strip_fragment(probe.final_url) and target.redirects:
        return f"a made-up sibling URL ends at the same page ({probe.final_url})"
    if not is_html(target.headers.get("content-type", "")):
        return ""
    page = parse_page(target.body, target.headers.get("content-type", ""))
    made_up = parse_page(probe.body, probe.headers.get("content-type", ""))
    score = similarity(page, made_up)
    if score >= THRESHOLD and (page.title == made_up.title or score >= 0.95):
        title = f" (title '{page.title}')" if page.title else ""
        return f"the page matches what the host serves for a made-up sibling URL{title}, {score:.0%} alike"
    return ""
