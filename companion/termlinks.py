"""Link the first mention of each glossary term on a page; make external links open safely, and mark
the links whose target a reader may preview.

Works on rendered HTML, so code, headings, existing links and quotations are easy to leave
alone: a term inside any of them is never linked. The HTML is walked as a stream of tags and
text (Markdown's output is well formed), which is fast enough to run on every page.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from functools import cached_property

_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "abbr", "script", "style",
         "button", "label", "summary", "kbd", "cite", "svg", "title", "textarea", "select", "option"}
_SKIP_CLASSES = {"footnote", "glossary-aliases", "chapter-facts", "md-button", "glossary-summary",
                 "admonition-title", "tabbed-labels"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")


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
        # Matched against the lower-cased text: several times faster than re.IGNORECASE.
        self.pattern = re.compile(rf"(?<![\w-])({_trie_pattern(names) if names else '(?!x)x'})(?![\w-])")

    @cached_property
    def pattern_any_case(self) -> re.Pattern[str]:
        """For the rare text whose length ``lower()`` changes (compiled only then)."""
        return re.compile(self.pattern.pattern, re.IGNORECASE)

    def link(self, html: str, href: Callable[[str], str], skip: set[str] | None = None) -> str:
        """Return ``html`` with the first mention of each term linked to ``href(slug)``."""
        done = set(skip or ())
        out: list[str] = []
        stack: list[tuple[str, bool]] = []
        skipping = 0
        for token in _TOKEN.split(html):
            if not token:
                continue
            if token.startswith("<"):
                out.append(token)
                match = _TAG.match(token)
                if not match:
                    continue
                closing, name = match.group(1), match.group(2).lower()
                if closing:
                    while stack:
                        opened, skipped = stack.pop()
                        skipping -= skipped
                        if opened == name:
                            break
                elif name not in _VOID and not token.endswith("/>"):
                    classes = _CLASS.search(token)
                    skipped = name in _SKIP or bool(classes and set(classes.group(1).split()) & _SKIP_CLASSES)
                    stack.append((name, skipped))
                    skipping += skipped
                continue
            out.append(token if skipping or not token.strip() else self._link_text(token, href, done))
        return "".join(out)

    def _link_text(self, text: str, href: Callable[[str], str], done: set[str]) -> str:
        lowered = text.lower()
        pattern, haystack = (self.pattern, lowered) if len(lowered) == len(text) else (self.pattern_any_case, text)
        pieces: list[str] = []
        cursor = 0
        for match in pattern.finditer(haystack):
            slug = self.owner.get(html_lib.unescape(match.group(1)).casefold())
            if slug is None or slug in done:
                continue
            done.add(slug)
            start, end = match.span(1)
            title = html_lib.escape(self.summaries[slug], quote=True)
            pieces += [text[cursor:start], f'<a class="glossary-link" data-preview="" href="{html_lib.escape(href(slug), quote=True)}" '
                       f'title="{title}">{text[start:end]}</a>']
            cursor = end
        return "".join([*pieces, text[cursor:]]) if pieces else text


def _trie_pattern(names: list[str]) -> str:
    """One regular expression for all ``names``, shaped as a trie of their (lower-case) letters.

    It matches what the plain alternation of the names, longest first, would match, several times
    faster: at each position Python's regex engine tries one branch per next letter, not every name.
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_ANCHOR = re.compile(r"<a\s[^>]*>")
_HREF = re.compile(r'\bhref="([^"]*)"')


def tune_links(html: str, previewed: Callable[[str], bool] = lambda href: False) -> str:
    """Links leaving the site get ``rel="noopener"``; links on the site for which ``previewed(href)``
    is true get ``data-preview``, so Material shows their target in a pop-up on hover.

    Previews are asked for link by link rather than for every link on the site (Material's
    ``navigation.instant.preview``): a guide has hundreds of links (notes, back-references,
    bibliography entries), and watching each one costs the reader's browser time at every page load.
    """

    def tune(match: re.Match[str]) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None:
            return tag
        if href.group(1).startswith(("http://", "https://")):
            return tag if "rel=" in tag else '<a rel="noopener" ' + tag[3:]
        if "data-preview" not in tag and previewed(href.group(1)):
            return '<a data-preview="" ' + tag[3:]
        return tag

    return _ANCHOR.sub(tune, html)
