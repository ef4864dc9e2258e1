"""The citations registry: ``citations.yaml`` loaded into typed, validated entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from ..messages import Problem, did_you_mean
from ..schema import validate
from ..vocabulary import citation_kinds
from ..yamlsource import LineDict, YamlSyntaxError, load_yaml
from .identifiers import date_problem, doi_problem, isbn_problem, url_problem

KEY = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
KEY_GRAMMAR = (
    "lower-case letters and digits, optionally followed by '-part' suffixes: "
    "author family name + year + optional word, e.g. 'trotsky1937', 'trotsky1937-ch05', 'dawsey2018'"
)


_IDENTIFIER_CHECKS = {
    "url": url_problem, "archive_url": url_problem,
    "date": date_problem, "accessed": date_problem, "archived_at": date_problem,
    "isbn": isbn_problem, "doi": doi_problem,
}


class Source(BaseModel):
    """One registry entry. Only ``title`` and ``url`` are required."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str
    url: str
    authors: list[str] = []
    translators: list[str] = []
    container: str = ""
    date: str = ""
    accessed: str = ""
    archive_url: str = ""
    archived_at: str = ""
    kind: str = ""
    isbn: str = ""
    doi: str = ""
    locator: str = ""
    note: str = ""

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("url", "archive_url", "date", "accessed", "archived_at", "isbn", "doi")
    @classmethod
    def _identifier(cls, value: str, info: ValidationInfo) -> str:
        if value and (why := _IDENTIFIER_CHECKS[info.field_name](value)):
            raise ValueError(f"'{value}' {why}")
        return value

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        kinds = citation_kinds()
        if value and value not in kinds:
            raise ValueError(f"'{value}' is not a source kind.{did_you_mean(value, kinds) or ' Use one of: ' + ', '.join(kinds) + '.'}")
        return value

    @property
    def year(self) -> str:
        return self.date[:4] if self.date else "n.d."


@dataclass
class Entry:
    """A registry entry with its key and the line it starts on."""

    key: str
    source: Source
    line: int


@dataclass
class Registry:
    """All entries of ``citations.yaml`` by key, in file order."""

    path: str = "citations.yaml"
    entries: dict[str, Entry] = field(default_factory=dict)
    readable: bool = True
    """False when the file is missing or not YAML: citation keys are then not checked against it."""

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    def keys(self) -> list[str]:
        return list(self.entries)

    def unknown_key_message(self, key: str) -> str:
        return f"unknown citation key '{key}'.{did_you_mean(key, self.entries) or ' Add it to citations.yaml first.'}"


def parse_registry(text: str, path: str = "citations.yaml") -> tuple[Registry, list[Problem]]:
    """Parse and validate registry text; every problem is collected, none raised."""
    registry = Registry(path)
    try:
        data, problems = load_yaml(text, path)
    except YamlSyntaxError as error:
        registry.readable = False
        return registry, [error.problem]
    if data is None:
        return registry, []
    if not isinstance(data, LineDict):
        return registry, [Problem(path, 1, "the registry must be a mapping from citation keys to entries.")]
    for key, value in data.items():
        line = data.line_of(key)
        key_text = str(key)
        if not KEY.match(key_text):
            problems.append(Problem(path, line, f"citation key '{key_text}' does not follow the key grammar: {KEY_GRAMMAR}."))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(path, line, f"entry '{key_text}' must be a mapping with at least 'title' and 'url'."))
            continue
        source, errors = validate(Source, value, path, default_line=line, where="the entry")
        problems += [Problem(p.path, p.line, f"entry '{key_text}': {p.message}") for p in errors]
        if source is not None:
            registry.entries[key_text] = Entry(key_text, source, line)
    return registry, problems


def load_registry(path: Path, display: str = "citations.yaml") -> tuple[Registry, list[Problem]]:
    """Read ``path`` and parse it; a missing file is a problem, not an exception."""
    if not path.is_file():
        return Registry(display, readable=False), [Problem(display, 1, "the citations registry is missing. Create it (see docs/contributing/citations.md).")]
    return parse_registry(path.read_text(encoding="utf-8"), display)


def lint_for_project(registry: Registry) -> list[Problem]:
    """The project's own demands beyond the schema: every entry has a kind, and authors or a container."""
    problems = []
    for entry in registry.entries.values():
        missing = ["kind"] if not entry.source.kind else []
        if not entry.source.authors and not entry.source.container:
            missing.append("authors or container")
        if missing:
            problems.append(Problem(registry.path, entry.line, f"entry '{entry.key}' lacks {', '.join(missing)}. The project's entries need them for the bibliography."))
    return problems
