"""Which pages cite which registry key (``docs/``, ``chapters/`` and ``glossary/``)."""

from __future__ import annotations

from pathlib import Path

from ..citations.notes import scan_keys
from ..citations.registry import Registry
from ..frontmatter import blank_front_matter
from ..messages import Problem

PAGE_DIRS = ("docs", "chapters", "glossary")


def cited_on(root: Path, registry: Registry) -> tuple[dict[str, list[str]], list[Problem]]:
    """Map each cited key to the repository-relative pages citing it; unknown keys are problems."""
    pages: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for folder in PAGE_DIRS:
        for path in sorted((root / folder).rglob("*.md")):
            relative = path.relative_to(root).as_posix()
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                problems.append(Problem(relative, 1, f"cannot read the page ({error})."))
                continue
            keys, found = scan_keys(blank_front_matter(text), relative, registry)
            problems += found
            for key in keys:
                pages.setdefault(key, []).append(relative)
    return pages, problems
