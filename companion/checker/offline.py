"""The offline tier: the registry loads, keys are known, entries match the schema, identifiers are valid."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..citations.registry import Registry, load_registry
from ..messages import Problem
from ..yamlsource import YamlSyntaxError, load_yaml
from .citedon import cited_on

_ENTRY = re.compile(r"^entry '(?P<key>[^']+)': (?P<field>[a-z_]+)")
_UNKNOWN = re.compile(r"^unknown citation key '(?P<key>[^']+)'")
IDENTIFIER_FIELDS = frozenset({"url", "archive_url", "isbn", "doi"})


@dataclass
class RejectedEntry:
    """A registry entry the schema refused, kept so the report still has a record for it."""

    key: str
    line: int
    url: str
    identifier: bool
    messages: list[str] = field(default_factory=list)


@dataclass
class OfflineResult:
    """What the offline checks found: hard problems, warnings and who cites what."""

    registry: Registry
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    cited_on: dict[str, list[str]] = field(default_factory=dict)
    rejected: dict[str, RejectedEntry] = field(default_factory=dict)
    missing: bool = False
    """The registry file does not exist (a configuration error)."""


def _rejected(path: Path, display: str, registry: Registry, problems: list[Problem]) -> dict[str, RejectedEntry]:
    try:
        data, _ = load_yaml(path.read_text(encoding="utf-8"), display)
    except (OSError, YamlSyntaxError):
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, RejectedEntry] = {}
    for problem in problems:
        match = _ENTRY.match(problem.message)
        if not match or match["key"] in registry.entries or match["key"] not in data:
            continue
        raw = data[match["key"]]
        url = str(raw.get("url", "")) if isinstance(raw, dict) else ""
        line = data.line_of(match["key"]) if hasattr(data, "line_of") else problem.line
        entry = out.setdefault(match["key"], RejectedEntry(match["key"], line, url, False))
        entry.identifier = entry.identifier or match["field"] in IDENTIFIER_FIELDS
        entry.messages.append(str(problem))
    return out


def check_offline(registry_file: Path, root: Path) -> OfflineResult:
    """Run every offline check of ``registry_file``; pages are looked up under ``root``."""
    try:
        display = registry_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        display = str(registry_file)
    registry, problems = load_registry(registry_file, display)
    result = OfflineResult(registry, list(problems), missing=not registry_file.is_file())
    if result.missing:
        return result
    result.rejected = _rejected(registry_file, display, registry, problems)
    result.cited_on, found = cited_on(root, registry)
    result.problems += [p for p in found if _UNKNOWN.match(p.message) is None or _UNKNOWN.match(p.message)["key"] not in result.rejected]
    for problem in found:  # a key of a refused entry is not unknown: record where it is cited
        if (match := _UNKNOWN.match(problem.message)) and match["key"] in result.rejected:
            pages = result.cited_on.setdefault(match["key"], [])
            if problem.path not in pages:
                pages.append(problem.path)
    result.warnings = [
        Problem(display, entry.line, f"entry '{key}' is never cited on a page in docs/, chapters/ or glossary/. Cite it or remove it.")
        for key, entry in registry.entries.items() if key not in result.cited_on
    ]
    return result
