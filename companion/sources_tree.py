"""Find the Markdown files of a content folder (``chapters/``, ``glossary/``) and their flat slugs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .frontmatter import MarkdownSource, parse_markdown
from .messages import Problem
from .schema import validate

Model = TypeVar("Model", bound=BaseModel)


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


def load_validated(
    root: Path, folder: str, model: type[Model], name: re.Pattern[str], name_hint: str, problems: list[Problem]
) -> Iterator[tuple[ContentFile, MarkdownSource, Model | None]]:
    """Each Markdown file of ``folder`` with its front matter validated as ``model``.

    Problems (clashing slugs, unreadable front matter, bad file names, schema errors) are
    appended to ``problems``; files whose front matter cannot be read at all are skipped.
    """
    files, found = find_content(root, folder)
    problems += found
    for item in files:
        source = parse_markdown(item.abs_path.read_text(encoding="utf-8"), item.rel_path)
        problems += source.problems
        if not source.readable:
            yield item, source, None
            continue
        if not name.match(item.slug):
            problems.append(Problem(item.rel_path, 1, f"file name '{item.slug}' {name_hint}. Rename the file."))
        meta, errors = validate(model, source.meta, item.rel_path, default_line=2)
        problems += errors
        yield item, source, meta
