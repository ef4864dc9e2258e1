"""Pandoc-style citations in Markdown: ``[@key]``, ``[@key, sec. 2]``, ``[@a; @b]``.

Text inside code spans and fenced code blocks is never a citation. Offsets refer to
the original text, so a caller can replace each citation in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=indent)(?P=fence)[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BRACKET = re.compile(r"\[(?P<body>\s*@[^\[\]]+?)\](?![(\[])")
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}$")
_NOT_NEWLINE = re.compile(r"[^\n]")
_ITEM = re.compile(r"^\s*@(?P<key>[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*?)\s*(?:,\s*(?P<locator>[^;]+?))?\s*$")


@dataclass(frozen=True)
class CiteItem:
    """One cited source with an optional locator (``sec. 2``, ``p. 14``)."""

    key: str
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    """A bracketed citation of one or more items at ``start:end`` of the text, on ``line``."""

    items: tuple[CiteItem, ...]
    start: int
    end: int
    line: int


def mask_code(text: str) -> str:
    """``text`` with code blocks, code spans and HTML comments blanked out, lengths and newlines kept."""

    def blank(match: re.Match[str]) -> str:
        return _NOT_NEWLINE.sub(" ", match.group(0))

    # Each scan only where its marker occurs: most pages have no code or comments at all.
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(blank, text)
    if "<!--" in text:
        text = _COMMENT.sub(blank, text)
    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    return text


def find_citations(text: str, first_line: int = 1) -> list[Citation]:
    """Every citation in ``text``; ``first_line`` is the file line where ``text`` starts."""
    masked = mask_code(text)
    found = []
    line, counted = first_line, 0  # lines are counted on from the previous citation
    for match in _BRACKET.finditer(masked):
        line_start = masked.rfind("\n", 0, match.start()) + 1
        if masked.startswith(":", match.end()) and _REFERENCE_DEFINITION.match(masked[line_start:match.start()]):
            continue  # "[@x]: url" at the start of a line is a link reference definition
        parts = " ".join(match.group("body").split()).split(";")
        items = []
        for part in parts:
            item = _ITEM.match(part)
            if not item:
                break
            items.append(CiteItem(item.group("key"), (item.group("locator") or "").strip()))
        else:
            line += masked.count("\n", counted, match.start())
            counted = match.start()
            found.append(Citation(tuple(items), match.start(), match.end(), line))
    return found
