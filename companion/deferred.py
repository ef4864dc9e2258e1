"""HTML kept out of the Markdown conversion, and out of the search index unless asked.

Generated parts of a page (notes and their markers, facts box, key terms, cite this page,
bibliography groups) are built as HTML directly: Python-Markdown would spend most of a build
re-parsing them. The page's Markdown holds a placeholder (a paragraph for a block, a word for an
inline marker). Once Markdown has rendered the page, :meth:`DeferredBlocks.fill` puts in the
blocks the search index should see and turns the other placeholders into HTML comments, which
the index skips; after indexing, :meth:`DeferredBlocks.fill_late` puts those in too.

A block is rendered with a function that turns a source path (``chapters/05-x.md``, with an
optional ``#fragment``) into a URL relative to the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Href = Callable[[str], str]
Render = Callable[[Href], str]

_PLACEHOLDER = re.compile(r"<p>companionblock(\d+)x</p>|companioninline(\d+)x")
_LATE = re.compile(r"<!--companion:(\d+)-->")


@dataclass(frozen=True)
class _Block:
    render: Render
    searchable: bool


class DeferredBlocks:
    """The generated HTML of one page, each piece behind a placeholder in its Markdown."""

    def __init__(self) -> None:
        self._blocks: list[_Block] = []

    def __bool__(self) -> bool:
        return bool(self._blocks)

    def _add(self, render: Render | str, searchable: bool) -> int:
        self._blocks.append(_Block(render if callable(render) else (lambda _href, text=render: text), searchable))
        return len(self._blocks) - 1

    def placeholder(self, render: Render | str, *, searchable: bool = False) -> str:
        """A Markdown paragraph that becomes ``render(href)`` (or the string itself)."""
        return f"\n\ncompanionblock{self._add(render, searchable)}x\n\n"

    def later(self, render: Render | str) -> str:
        """An HTML comment, for use inside another block's HTML, that :meth:`fill_late` replaces."""
        return f"<!--companion:{self._add(render, False)}-->"

    def inline(self, html: str) -> str:
        """A word to put in running Markdown text that becomes ``html`` (never indexed for search)."""
        return f"companioninline{self._add(html, False)}x"

    def fill(self, html: str, href: Href) -> str:
        """Put in the searchable blocks; leave a comment for the others (see :meth:`fill_late`)."""
        if not self._blocks:
            return html

        def replace(match: re.Match[str]) -> str:
            index = int(match.group(1) or match.group(2))
            block = self._blocks[index]
            return block.render(href) if block.searchable else f"<!--companion:{index}-->"

        return _PLACEHOLDER.sub(replace, html)

    def fill_late(self, html: str, href: Href) -> str:
        """Put in the blocks left out of the search index."""
        if not self._blocks:
            return html
        return _LATE.sub(lambda m: self._blocks[int(m.group(1))].render(href), html)
