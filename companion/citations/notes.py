"""Turn ``[@key]`` citations in a page into numbered notes and a "Sources" list.

Each distinct (key, locator) pair becomes one Markdown footnote whose text is the full
reference, so the marker's hover (Material's footnote tooltips) shows it and the notes
form the page's "Sources" section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import Problem
from .registry import Registry
from .styles import escape, reference_html
from .syntax import CiteItem, find_citations

PLACE_MARKER = "///Footnotes Go Here///"


@dataclass
class CitedPage:
    """The rewritten Markdown, the problems met and the keys cited (in order)."""

    markdown: str
    problems: list[Problem] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def scan_keys(markdown: str, path: str, registry: Registry, first_line: int = 1) -> tuple[list[str], list[Problem]]:
    """The keys cited in ``markdown`` and a problem for each unknown one, without rewriting."""
    keys: list[str] = []
    problems: list[Problem] = []
    for citation in find_citations(markdown, first_line):
        for item in citation.items:
            if item.key in registry:
                if item.key not in keys:
                    keys.append(item.key)
            else:
                problems.append(Problem(path, citation.line, registry.unknown_key_message(item.key)))
    return keys, problems


def render_citations(markdown: str, path: str, registry: Registry, sources_link: str, first_line: int = 1) -> CitedPage:
    """Replace citations by footnote markers and append the "Sources" section.

    ``sources_link`` is the Markdown path of the bibliography page relative to this page
    (e.g. ``../sources/index.md``); each note links to its entry there.
    """
    result = CitedPage(markdown)
    citations = find_citations(markdown, first_line)
    if not citations:
        return result
    numbers: dict[CiteItem, int] = {}
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
            number = numbers.setdefault(item, len(numbers) + 1)
            markers.append(f"[^cite-{number}]")
        pieces.append(markdown[cursor:citation.start])
        pieces.append('<sup class="cite-sep">,</sup>'.join(markers))
        cursor = citation.end
    pieces.append(markdown[cursor:])
    notes = []
    for item, number in numbers.items():
        entry = registry[item.key]
        locator = f" {escape(item.locator)}." if item.locator else ""
        notes.append(
            f'[^cite-{number}]: {reference_html(entry)}{locator} '
            f'[Bibliography entry]({sources_link}#{item.key})'
        )
    body = "".join(pieces).rstrip("\n")
    result.markdown = f"{body}\n\n## Sources {{ #sources }}\n\n{PLACE_MARKER}\n\n" + "\n".join(notes) + "\n"
    return result
