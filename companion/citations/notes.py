"""Turn ``[@key]`` citations in a page into numbered note markers and a "Sources" list.

Each distinct (key, locator) pair becomes one numbered note whose text is the full reference.
Markers and notes use the markup of Python-Markdown's footnotes (``sup#fnref:cite-1`` →
``li#fn:cite-1`` inside ``div.footnote``), so Material's footnote tooltips show the reference on
hover; they are written as HTML directly rather than as Markdown footnotes to keep builds fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..messages import Problem
from .registry import Registry
from .styles import escape_html, links_html, reference_html
from .syntax import Citation, CiteItem, find_citations

SOURCES_HEADING = "## Sources { #sources data-search-exclude }"


@dataclass
class CitedPage:
    """The rewritten Markdown, the problems met, the keys cited (in order) and the notes, numbered."""

    markdown: str
    problems: list[Problem] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    notes: dict[CiteItem, int] = field(default_factory=dict)
    uses: dict[int, int] = field(default_factory=dict)


def scan_keys(markdown: str, path: str, registry: Registry, first_line: int = 1) -> tuple[list[str], list[Problem]]:
    """The keys cited in ``markdown`` and a problem for each unknown one, without rewriting."""
    return check_keys(find_citations(markdown, first_line), path, registry)


def check_keys(citations: list[Citation], path: str, registry: Registry) -> tuple[list[str], list[Problem]]:
    """The keys of ``citations`` found in ``path`` (in order, once each) and a problem for each unknown one."""
    keys: list[str] = []
    problems: list[Problem] = []
    for citation in citations:
        for item in citation.items:
            if item.key in registry:
                if item.key not in keys:
                    keys.append(item.key)
            else:
                problems.append(Problem(path, citation.line, registry.unknown_key_message(item.key)))
    return keys, problems


def render_citations(
    markdown: str, path: str, registry: Registry, first_line: int = 1,
    inline: Callable[[str], str] = lambda html: html, citations: list[Citation] | None = None,
) -> CitedPage:
    """Replace citations by note markers (``citations`` when the caller has found them already).

    Each citation's marker HTML goes through ``inline`` (by default written into the Markdown as
    is; a caller may swap in a placeholder). The notes themselves come from :func:`notes_html`;
    the caller puts them at the end of the page, under :data:`SOURCES_HEADING`.
    """
    result = CitedPage(markdown)
    if citations is None:
        citations = find_citations(markdown, first_line)
    if not citations:
        return result
    pieces: list[str] = []
    cursor = 0
    for citation in citations:
        markers = []
        for item in citation.items:
            if item.key not in registry:
                result.problems.append(Problem(path, citation.line, registry.unknown_key_message(item.key)))
                continue
            if item.key not in result.keys:
                result.keys.append(item.key)
            number = result.notes.setdefault(item, len(result.notes) + 1)
            use = result.uses[number] = result.uses.get(number, 0) + 1
            ref_id = f"fnref{use if use > 1 else ''}:cite-{number}"
            markers.append(f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:cite-{number}">{number}</a></sup>')
        pieces.append(markdown[cursor:citation.start])
        if markers:
            pieces.append(inline('<sup class="cite-sep">,</sup>'.join(markers)))
        cursor = citation.end
    pieces.append(markdown[cursor:])
    result.markdown = "".join(pieces)
    return result


def notes_html(
    page: CitedPage, registry: Registry, entry_url: Callable[[str], str], references: dict[str, str] | None = None,
    place_url: Callable[[str, str], str | None] = lambda url, locator: None,
) -> str:
    """The numbered notes of ``page``; ``entry_url(key)`` is the URL of the key's bibliography entry.

    ``references`` caches each key's formatted reference across the pages of a build. ``place_url(url,
    locator)`` may give the address of exactly the cited place (a section of the online text); the
    note's "Read online" link then goes there.
    """
    references = {} if references is None else references
    items = []
    for item, number in page.notes.items():
        locator = f" {escape_html(_sentence(item.locator))}" if item.locator else ""
        # A label, not a title: Material mounts a tooltip on every titled element at page load.
        uses = page.uses[number]
        back = "".join(
            f'<a class="footnote-backref" href="#fnref{use if use > 1 else ""}:cite-{number}" '
            f'aria-label="Back to {f"mention {use} of " if uses > 1 else ""}note {number} in the text">&#8617;</a>'
            for use in range(1, uses + 1)
        )
        items.append(
            f'<li id="fn:cite-{number}">\n<p>{_reference(item.key, registry, references)}{locator} '
            f'{links_html(registry[item.key], place_url(registry[item.key].source.url, item.locator))} · <a href="{escape_html(entry_url(item.key))}">Bibliography entry</a>&#160;{back}</p>\n</li>'
        )
    return '<div class="footnote">\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"


def _reference(key: str, registry: Registry, cache: dict[str, str]) -> str:
    if key not in cache:
        cache[key] = reference_html(registry[key], with_links=False)
    return cache[key]


def _sentence(locator: str) -> str:
    """A locator as a sentence of its own: "sec. 3" → "Sec. 3."."""
    text = locator[:1].upper() + locator[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
