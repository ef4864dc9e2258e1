"""The whole companion's content loaded and cross-checked: registry, glossary and chapter guides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .chapters import Book, Chapter, load_chapters
from .citations.notes import check_keys
from .citations.registry import Registry, lint_for_project, load_registry
from .citations.syntax import Citation
from .glossary import Glossary, check_glossary_links, load_glossary
from .guide_shape import check_guide_shape
from .messages import Problem, did_you_mean
from .vocabulary import placeholders
from .yamlsource import item_line


@dataclass
class Project:
    """Everything the site is built from, with every problem found while loading it."""

    root: Path
    registry: Registry
    glossary: Glossary
    book: Book
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path, registry_file: str = "citations.yaml", chapters_dir: str = "chapters",
             glossary_dir: str = "glossary", strict_registry: bool = True) -> Project:
        """Load and check all content under ``root``; problems are collected in ``problems``."""
        registry, problems = load_registry(root / registry_file, registry_file)
        if strict_registry:
            problems += lint_for_project(registry)
        glossary, found = load_glossary(root, glossary_dir)
        problems += found + check_glossary_links(glossary)
        book, found = load_chapters(root, chapters_dir)
        problems += found
        project = cls(root, registry, glossary, book, problems)
        for chapter in book:
            project.problems += project._check_chapter_refs(chapter) + check_guide_shape(chapter)
        for text, path, line in project.content_bodies():
            project.problems += find_placeholders(text, path, line)
        return project

    def content_bodies(self):
        """(body, path, first line) of every chapter guide and glossary entry."""
        for chapter in self.book:
            yield chapter.source.body, chapter.path, chapter.source.body_line
        for entry in self.glossary.entries.values():
            yield entry.source.body, entry.path, entry.source.body_line

    def _check_chapter_refs(self, chapter: Chapter) -> list[Problem]:
        meta = chapter.source.meta
        refs = [(meta, field, index, slug, what) for field, what in (("themes", "theme"), ("terms", "term"))
                for index, slug in enumerate(getattr(chapter.meta, field))]
        for s_index, section in enumerate(chapter.meta.sections):
            raw_section = (meta.get("sections") or [])[s_index]
            refs += [(raw_section, "terms", index, slug, "term") for index, slug in enumerate(section.terms)]
        return [
            Problem(chapter.path, item_line(where, field, index), f"unknown {what} '{slug}'."
                    + (did_you_mean(slug, self.glossary.slugs()) or f" Add glossary/{slug}.md first."))
            for where, field, index, slug, what in refs if not self.glossary.known(slug)
        ]

    def cited_keys(self, pages: dict[str, list[Citation]]) -> tuple[dict[str, list[str]], list[Problem]]:
        """For ``{path: citations found there}``, map each cited key to the pages citing it."""
        cited: dict[str, list[str]] = {}
        problems: list[Problem] = []
        if not self.registry.readable:
            return cited, problems
        for path, citations in pages.items():
            keys, found = check_keys(citations, path, self.registry)
            problems += found
            for key in keys:
                cited.setdefault(key, []).append(path)
        return cited, problems

    def unused_entries(self, cited: dict[str, list[str]]) -> list[Problem]:
        """Registry entries no page cites (reported, never fatal)."""
        return [
            Problem(self.registry.path, entry.line, f"entry '{key}' is never cited. Cite it or remove it.")
            for key, entry in self.registry.entries.items() if key not in cited
        ]


def find_placeholders(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Leftover template placeholders (``TODO``, ``TK``…) as whole words in upper case."""
    words = "|".join(re.escape(w) for w in placeholders())
    pattern = re.compile(rf"(?<![A-Za-z0-9])({words})(?![A-Za-z0-9])")
    problems: list[Problem] = []
    for match in pattern.finditer(text):  # one search of the whole text; lines counted only for a hit
        line = first_line + text.count("\n", 0, match.start())
        if not problems or problems[-1].line != line:  # one problem per line, as authors fix them
            problems.append(Problem(path, line, f"leftover placeholder '{match.group(1)}'. Write the missing text or delete the line."))
    return problems
