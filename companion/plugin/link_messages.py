"""Rewrite MkDocs' link warnings into the companion's ``path:line: message`` shape."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?P<kind>a|an unrecognized relative|an absolute) link '(?P<link>[^']+)', (?P<rest>.*)$",
    re.S,
)


class LinkMessageFilter(logging.Filter):
    """A logging filter for ``mkdocs.structure.pages`` that names the file (from the repository root) and line."""

    def __init__(self, locate: Callable[[str], tuple[str, str | None]]):
        super().__init__()
        self.locate = locate  # src_uri -> (repository path, source text or None)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _LINK.match(message)
        if not match:
            return True
        path, text = self.locate(match["src"])
        link = match["link"]
        line = _line_of(text, link) if text else 1
        rest = match["rest"]
        rest = rest.replace("but the target", "the target", 1).replace("but the doc", "the page", 1).replace("but there", "there", 1)
        rest = rest.replace("it was left as is.", "Write a relative link to the .md file instead.")
        what = {"a": "broken link", "an unrecognized relative": "unrecognized link", "an absolute": "absolute link"}[match["kind"]]
        record.msg = f"{path}:{line}: {what} '{link}': {rest}"
        record.args = ()
        return True


def _line_of(text: str, link: str) -> int:
    for needle in (f"]({link}", f"({link}", f'"{link}"', link):
        index = text.find(needle)
        if index != -1:
            return text.count("\n", 0, index) + 1
    return 1
