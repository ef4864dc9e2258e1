"""The shape every chapter guide shares: its level-2 headings in order, one heading per section,
2 to 4 key passages and 5 to 8 questions for discussion."""

from __future__ import annotations

import re

from .chapters import Chapter
from .citations.syntax import mask_code
from .messages import Problem
from .vocabulary import chapter_headings

PASSAGES = (2, 4)
QUESTIONS = (5, 8)
_H2 = re.compile(r"^##[ \t]+(?P<title>[^{\n#]+?)[ \t]*(?:\{[^}\n]*\})?[ \t]*#*[ \t]*$", re.M)


def check_guide_shape(chapter: Chapter) -> list[Problem]:
    """Missing or misordered headings, and sections without their ``#section-N`` heading."""
    body = mask_code(chapter.source.body)
    first = chapter.source.body_line
    found = [(m.group("title").strip(), first + body.count("\n", 0, m.start())) for m in _H2.finditer(body)]
    titles = [t for t, _ in found]
    problems = []
    expected = chapter_headings()
    position = 0
    for heading in expected:
        if heading not in titles:
            problems.append(Problem(chapter.path, first, f"missing heading '## {heading}'. Every guide has: {', '.join(expected)}."))
            continue
        index = titles.index(heading)
        if index < position:
            problems.append(Problem(chapter.path, found[index][1], f"heading '## {heading}' is out of order. Every guide has: {', '.join(expected)}."))
        position = max(position, index)
    problems += _count(chapter, body, found, "Key passages", _passages, PASSAGES, "quotations (blockquotes)")
    problems += _count(chapter, body, found, "Questions for discussion", _questions, QUESTIONS, "numbered questions")
    for section in chapter.meta.sections:
        if not re.search(rf"\{{[^}}\n]*#section-{section.number}\b[^}}\n]*\}}", body):
            problems.append(
                Problem(chapter.path, first, f"section {section.number} has no heading. Add '### {section.number}. {section.title} {{ #section-{section.number} }}' under '## Section by section'.")
            )
    return problems


def _passages(text: str) -> int:
    lines = text.split("\n")
    return sum(1 for i, line in enumerate(lines) if line.startswith(">") and (i == 0 or not lines[i - 1].startswith(">")))


def _questions(text: str) -> int:
    return len(re.findall(r"^\d+\.[ \t]", text, re.M))


def _count(chapter: Chapter, body: str, found: list[tuple[str, int]], heading: str, counter, bounds: tuple[int, int], what: str) -> list[Problem]:
    """A problem when the part under ``heading`` has fewer or more items than ``bounds`` allows."""
    titles = [t for t, _ in found]
    if heading not in titles:
        return []
    index = titles.index(heading)
    starts = [m.start() for m in _H2.finditer(body)]
    part = body[starts[index]: starts[index + 1] if index + 1 < len(starts) else len(body)]
    count = counter(part.split("\n", 1)[1] if "\n" in part else "")
    low, high = bounds
    if low <= count <= high:
        return []
    return [Problem(chapter.path, found[index][1], f"'## {heading}' has {count} {what}; a guide has {low} to {high}.")]
