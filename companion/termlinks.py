"""Link the first mention of each glossary term on a page, and make external links open safely.

Works on rendered HTML, so code, headings, existing links and quotations are easy to leave
alone: a term inside any of them is never linked.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString

_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "abbr", "script", "style", "button", "label", "summary", "kbd", "cite"}
_SKIP_CLASSES = {"footnote", "glossary-aliases", "chapter-facts", "md-button", "glossary-summary", "admonition-title", "tabbed-labels"}


class TermLinker:
    """Links the first mention of each glossary entry's names (term or alias) on a page."""

    def __init__(self, entries: dict[str, tuple[list[str], str]]):
        self.summaries = {slug: summary for slug, (_, summary) in entries.items()}
        self.owner: dict[str, str] = {}
        names: list[str] = []
        for slug, (terms, _) in entries.items():
            for name in terms:
                if len(name) < 3:
                    continue
                self.owner.setdefault(name.casefold(), slug)
                names.append(name)
        names.sort(key=len, reverse=True)
        pattern = "|".join(re.escape(n) for n in names) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w-])({pattern})(?![\w-])", re.IGNORECASE)

    def _slug(self, text: str) -> str | None:
        return self.owner.get(text.casefold())

    def link(self, html: str, base: str, skip: set[str] | None = None) -> str:
        """Return ``html`` with the first mention of each term linked to ``{base}glossary/<slug>/``."""
        soup = BeautifulSoup(html, "html.parser")
        done = set(skip or ())
        for node in list(soup.find_all(string=True)):
            if not isinstance(node, NavigableString) or not node.strip() or _inside_skipped(node):
                continue
            text = str(node)
            pieces: list = []
            cursor = 0
            for match in self.pattern.finditer(text):
                slug = self._slug(match.group(1))
                if slug is None or slug in done:
                    continue
                done.add(slug)
                pieces.append(text[cursor:match.start()])
                anchor = soup.new_tag("a", href=f"{base}glossary/{slug}/", attrs={"class": "glossary-link", "data-preview": ""})
                anchor["title"] = self.summaries[slug]
                anchor.string = match.group(1)
                pieces.append(anchor)
                cursor = match.end()
            if pieces:
                pieces.append(text[cursor:])
                for piece in pieces:
                    node.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
                node.extract()
        return str(soup)


def _inside_skipped(node) -> bool:
    for parent in node.parents:
        if parent.name in _SKIP:
            return True
        classes = set(parent.get("class") or [])
        if classes & _SKIP_CLASSES:
            return True
    return False


def harden_external_links(html: str) -> str:
    """Add ``rel="noopener"`` to every link that leaves the site."""
    return re.sub(
        r'<a (?![^>]*\brel=)([^>]*\bhref="https?://[^"]*"[^>]*)>',
        r'<a rel="noopener" \1>',
        html,
    )
