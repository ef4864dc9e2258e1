"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .messages import Problem
from .yamlsource import LineDict, YamlSyntaxError, load_yaml

_NOT_NEWLINE = re.compile(r"[^\n]")
_FENCE = re.compile(r"^---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


@dataclass
class MarkdownSource:
    """A Markdown file read from disk: front matter (with lines), body and where the body starts."""

    path: str
    meta: LineDict
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Whether the front matter could be parsed at all."""
        return not any("not valid YAML" in p.message or "front matter" in p.message for p in self.problems)


def parse_markdown(text: str, path: str) -> MarkdownSource:
    """Read front matter and body from ``text``; problems are collected, never raised."""
    text = text.replace("\r\n", "\n")
    match = _FENCE.match(text)
    empty = LineDict()
    empty.line, empty.lines = 1, {}
    if not match:
        problem = Problem(path, 1, "no front matter. Start the file with a '---' block (see the contributor template).")
        return MarkdownSource(path, empty, text, 1, [problem])
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    try:
        data, problems = load_yaml(match.group(1) or "", path, offset=1)
    except YamlSyntaxError as error:
        return MarkdownSource(path, empty, body, body_line, [error.problem])
    if data is None:
        data = empty
    if not isinstance(data, dict):
        problem = Problem(path, 2, "front matter is not a mapping. Write 'key: value' lines between the '---' fences.")
        return MarkdownSource(path, empty, body, body_line, [problem])
    return MarkdownSource(path, data, body, body_line, problems)


def meta_value(source: MarkdownSource, key: str, default: Any = None) -> Any:
    """Convenience accessor for a front-matter key."""
    return source.meta.get(key, default)


def blank_front_matter(text: str) -> str:
    """``text`` with its front matter blanked out (spaces, newlines kept), so lines and offsets still match the file."""
    text = text.replace("\r\n", "\n")
    match = _FENCE.match(text)
    if not match:
        return text
    return _NOT_NEWLINE.sub(" ", match.group(0)) + text[match.end():]


def page_title(text: str, fallback: str) -> str:
    """A page's title: its front matter's ``title``, else its first level-1 heading, else ``fallback``."""
    return source_title(parse_markdown(text, fallback), fallback)


def source_title(source: MarkdownSource, fallback: str) -> str:
    """:func:`page_title` of a file already parsed."""
    title = source.meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", source.body, re.M)
    return heading.group(1) if heading else fallback
