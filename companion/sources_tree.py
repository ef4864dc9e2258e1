"""Find the Markdown files of a content folder (``chapters/``, ``glossary/``) and their flat slugs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .messages import Problem


@dataclass(frozen=True)
class ContentFile:
    """A Markdown file in a content folder: absolute path, repository-relative path and slug."""

    abs_path: Path
    rel_path: str
    slug: str


def find_content(root: Path, folder: str) -> tuple[list[ContentFile], list[Problem]]:
    """All ``*.md`` files under ``root/folder`` (recursively), with slug clashes reported.

    Files whose name starts with ``_`` (templates, notes) are not content.
    """
    base = root / folder
    found: list[ContentFile] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return found, problems
    seen: dict[str, ContentFile] = {}
    for path in sorted(base.rglob("*.md")):
        if any(part.startswith(("_", ".")) for part in path.relative_to(base).parts):
            continue
        rel = path.relative_to(root).as_posix()
        slug = path.stem.lower()
        item = ContentFile(path, rel, slug)
        if slug in seen:
            problems.append(
                Problem(rel, 1, f"slug '{slug}' is already used by {seen[slug].rel_path}. Rename one of the files.")
            )
            continue
        seen[slug] = item
        found.append(item)
    return found, problems
