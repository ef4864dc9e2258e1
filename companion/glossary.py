"""Glossary entries: one Markdown file per theme or term, with a validated front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from .frontmatter import MarkdownSource
from .messages import Problem, did_you_mean
from .sources_tree import load_validated
from .vocabulary import glossary_kinds
from .yamlsource import item_line

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class GlossaryMeta(BaseModel):
    """The front matter of a glossary entry."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    term: str
    summary: str
    kind: str
    aliases: list[str] = []
    related: list[str] = []
    former_slugs: list[str] = []
    tags: list[str] = []
    hide: list[str] = []

    @field_validator("term")
    @classmethod
    def _term(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("summary")
    @classmethod
    def _summary(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty. Write one sentence that answers 'what is it?'")
        if "\n" in value or len(value) > 320:
            raise ValueError("must be one sentence of at most 320 characters")
        if value[-1] not in ".?!":
            raise ValueError("must be a full sentence ending with a full stop")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        kinds = glossary_kinds()
        if value not in kinds:
            hint = did_you_mean(value, kinds) or f" Use one of: {', '.join(kinds)}."
            raise ValueError(f"'{value}' is not a glossary kind.{hint}")
        return value


@dataclass
class GlossaryEntry:
    """A glossary entry: slug (its URL), validated metadata and its Markdown source."""

    slug: str
    meta: GlossaryMeta
    source: MarkdownSource
    abs_path: Path

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def sort_key(self) -> str:
        """Where the entry files in an A–Z list: 'Trotsky, Leon' under T, '1936 Constitution' under C, 'The family' under F."""
        term = self.meta.term
        if self.meta.kind == "person" and " " in term:
            given, family = term.rsplit(" ", 1)
            term = f"{family}, {given}"
        term = term.lstrip("0123456789 ")
        return term.removeprefix("The ").casefold()

    @property
    def names(self) -> list[str]:
        """The term and every alias, as a reader might type them."""
        return [self.meta.term, *self.meta.aliases]


_WORD = re.compile(r"[\w']+")


@dataclass
class Glossary:
    """All glossary entries by slug."""

    entries: dict[str, GlossaryEntry] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)
    """Slugs of entries that exist but failed validation (already reported; not reported again as unknown)."""

    def known(self, slug: str) -> bool:
        return slug in self.entries or slug in self.invalid

    def __contains__(self, slug: str) -> bool:
        return slug in self.entries

    def __getitem__(self, slug: str) -> GlossaryEntry:
        return self.entries[slug]

    def sorted(self) -> list[GlossaryEntry]:
        """Entries A–Z by term; people by family name (the last word of the term)."""
        return sorted(self.entries.values(), key=lambda e: e.sort_key)

    def slugs(self) -> list[str]:
        return list(self.entries)

    def contained(self) -> set[str]:
        """Slugs of entries whose term's words all occur in another entry's longer term.

        "Workers' state" lies inside "Degenerated workers' state": search scores the two alike for
        the query "workers' state", so the shorter, more general entry needs a little more weight
        to come first for its own name.
        """
        words = {slug: set(_WORD.findall(e.meta.term.casefold())) for slug, e in self.entries.items()}
        return {
            slug for slug, mine in words.items()
            if mine and any(mine < other for other_slug, other in words.items() if other_slug != slug)
        }


def load_glossary(root: Path, folder: str = "glossary") -> tuple[Glossary, list[Problem]]:
    """Read and validate every entry under ``root/folder``; problems are collected."""
    problems: list[Problem] = []
    glossary = Glossary()
    hint = "is not a slug: use lower-case words joined by '-'"
    for item, source, meta in load_validated(root, folder, GlossaryMeta, SLUG, hint, problems):
        if meta is not None:
            glossary.entries[item.slug] = GlossaryEntry(item.slug, meta, source, item.abs_path)
        else:
            glossary.invalid.add(item.slug)
    return glossary, problems


def check_glossary_links(glossary: Glossary) -> list[Problem]:
    """Related entries exist; no name (term or alias) belongs to two entries."""
    problems: list[Problem] = []
    owners: dict[str, GlossaryEntry] = {}
    for entry in glossary.entries.values():
        meta = entry.source.meta
        for index, slug in enumerate(entry.meta.related):
            if not glossary.known(slug):
                line = item_line(meta, "related", index)
                problems.append(Problem(entry.path, line, f"unknown glossary entry '{slug}' in related.{did_you_mean(slug, glossary.slugs())}"))
        for name in entry.names:
            key = name.casefold()
            owner = owners.setdefault(key, entry)
            if owner is not entry:
                problems.append(
                    Problem(entry.path, meta.line_of("aliases"), f"name '{name}' is also used by {owner.path}. A name must lead to one entry.")
                )
    return problems
