"""Chapter guides: one Markdown file per part of the book, with a validated front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, HttpUrl, field_validator

from .frontmatter import MarkdownSource
from .messages import Problem, did_you_mean
from .sources_tree import load_validated
from .vocabulary import difficulties
from .yamlsource import item_line

FILE_NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


class Section(BaseModel):
    """A numbered section of a chapter as printed in the book."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    number: int
    title: str
    anchor: str
    title_verified: bool = False
    terms: list[str] = []


class ChapterMeta(BaseModel):
    """The front matter of a chapter guide."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    number: int
    label: str = ""
    title: str
    question: str
    online_text: HttpUrl
    sections: list[Section] = []
    themes: list[str]
    terms: list[str] = []
    reading_time: int
    difficulty: str
    tags: list[str] = []
    hide: list[str] = []

    @field_validator("number")
    @classmethod
    def _number(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be 0 (Introduction) or more")
        return value

    @field_validator("reading_time")
    @classmethod
    def _reading_time(cls, value: int) -> int:
        if not 1 <= value <= 600:
            raise ValueError("must be an estimate in minutes between 1 and 600")
        return value

    @field_validator("difficulty")
    @classmethod
    def _difficulty(cls, value: str) -> str:
        allowed = difficulties()
        if value not in allowed:
            raise ValueError(f"'{value}' is not a difficulty.{did_you_mean(value, allowed) or ' Use one of: ' + ', '.join(allowed) + '.'}")
        return value

    @field_validator("question")
    @classmethod
    def _question(cls, value: str) -> str:
        if not value or "\n" in value:
            raise ValueError("must be one line: the question the chapter answers")
        return value

    @property
    def display_label(self) -> str:
        """'Chapter 5', or the label given (Introduction, Appendix)."""
        return self.label or f"Chapter {self.number}"


@dataclass
class Chapter:
    """A chapter guide: slug (its URL), validated metadata and its Markdown source."""

    slug: str
    meta: ChapterMeta
    source: MarkdownSource
    abs_path: Path

    @property
    def path(self) -> str:
        return self.source.path

    def section_url(self, section: Section) -> str:
        """The online text of exactly this section."""
        return f"{str(self.meta.online_text).split('#')[0]}#{section.anchor}"


_SECTION_LOCATOR = re.compile(r"(?:sec\.|section|§)\s*(\d+)", re.I)


@dataclass
class Book:
    """All chapter guides, in reading order."""

    chapters: list[Chapter] = field(default_factory=list)

    def __iter__(self):
        return iter(self.chapters)

    def by_slug(self) -> dict[str, Chapter]:
        return {c.slug: c for c in self.chapters}

    def section_place(self, url: str, locator: str) -> str | None:
        """For a citation of a chapter's online text with ``sec. N``, the address of that section."""
        match = _SECTION_LOCATOR.fullmatch(locator.strip())
        if not match:
            return None
        chapter = self._by_online_text.get(_page_address(url))
        if chapter is None:
            return None
        return next((chapter.section_url(s) for s in chapter.meta.sections if s.number == int(match.group(1))), None)

    @cached_property
    def _by_online_text(self) -> dict[str, Chapter]:
        """Each guide by the address of its chapter's online text (first guide wins)."""
        found: dict[str, Chapter] = {}
        for chapter in self.chapters:
            found.setdefault(_page_address(str(chapter.meta.online_text)), chapter)
        return found


def _page_address(url: str) -> str:
    """``url`` without its fragment and trailing slash, for comparing addresses of the same page."""
    return url.split("#")[0].rstrip("/")


def load_chapters(root: Path, folder: str = "chapters") -> tuple[Book, list[Problem]]:
    """Read and validate every chapter guide under ``root/folder``; problems are collected."""
    problems: list[Problem] = []
    chapters: list[Chapter] = []
    numbers: dict[int, Chapter] = {}
    hint = "does not follow 'NN-slug' (e.g. '05-soviet-thermidor')"
    for item, source, meta in load_validated(root, folder, ChapterMeta, FILE_NAME, hint, problems):
        if meta is None:
            continue
        chapter = Chapter(item.slug, meta, source, item.abs_path)
        if meta.number in numbers:
            problems.append(
                Problem(item.rel_path, source.meta.line_of("number"), f"chapter number {meta.number} is already used by {numbers[meta.number].path}. Give each guide its own number.")
            )
            continue
        numbers[meta.number] = chapter
        chapters.append(chapter)
        problems += _check_sections(chapter)
    chapters.sort(key=lambda c: c.meta.number)
    return Book(chapters), problems


def _check_sections(chapter: Chapter) -> list[Problem]:
    problems = []
    expected = 1
    for index, section in enumerate(chapter.meta.sections):
        line = item_line(chapter.source.meta, "sections", index)
        if section.number != expected:
            problems.append(Problem(chapter.path, line, f"section {section.number} is out of order; expected {expected}. Number sections 1, 2, 3… as in the book."))
        expected = section.number + 1
    return problems
