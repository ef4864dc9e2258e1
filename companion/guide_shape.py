"""The shape every chapter guide shares: its level-2 headings in order and one heading per section."""

from __future__ import annotations

import re

from .chapters import Chapter
from .citations.syntax import mask_code
from .messages import Problem
from .vocabulary import chapter_headings

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
    for section in chapter.meta.sections:
        if not re.search(rf"\{{[^}}\n]*#section-{section.number}\b[^}}\n]*\}}", body):
            problems.append(
                Problem(chapter.path, first, f"section {section.number} has no heading. Add '### {section.number}. {section.title} {{ #section-{section.number} }}' under '## Section by section'.")
            )
    return problems
