"""What a fetched page says: its title, its anchors (``id`` and ``name``) and its text, parsed with html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

_SKIP = frozenset({"script", "style", "noscript", "template"})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Page:
    """The parts of an HTML page the checker compares."""

    title: str = ""
    anchors: set[str] = field(default_factory=set)
    text: str = ""

    def has_anchor(self, fragment: str) -> bool:
        """Whether an element has ``fragment`` as its ``id`` or ``name`` (raw or percent-decoded)."""
        return fragment in self.anchors or unquote(fragment) in self.anchors

    def shingles(self, size: int = 3) -> set[tuple[str, ...]]:
        """Word ``size``-grams of the title and text, for comparing two pages."""
        words = _WORD.findall(f"{self.title} {self.text}".lower())
        if len(words) < size:
            return {tuple(words)} if words else set()
        return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._skip = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag in ("a", "map", "form", "iframe", "img", "object"))):
                self.page.anchors.add(value)
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        elif not self._skip:
            self._text.append(data)


def parse_page(body: bytes, content_type: str = "") -> Page:
    """Parse ``body`` as HTML (charset from ``content_type``, else UTF-8 with replacement)."""
    match = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    try:
        text = body.decode(match.group(1) if match else "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    parser = _Parser()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed markup; keep what it read
        pass
    page = parser.page
    page.title = " ".join(page.title.split())
    page.text = " ".join(" ".join(parser._text).split())
    return page


def similarity(a: Page, b: Page) -> float:
    """Jaccard similarity of two pages' word shingles (1.0 for two empty pages)."""
    left, right = a.shingles(), b.shingles()
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def is_html(content_type: str) -> bool:
    """Whether a Content-Type names HTML (a missing one counts as HTML)."""
    return not content_type or "html" in content_type.lower()
