"""Link the first mention of each glossary term on a page; make external links open safely, and mark
the links whose target a reader may preview.

Works on rendered HTML, so code, headings, existing links and quotations are easy to leave
alone: a term inside any of them is never linked. The HTML is walked once as a stream of tags and
text (Markdown's output is well formed); the text a term may be linked in is then searched for
every name at once with an Aho-Corasick automaton (``pyahocorasick``), which costs a fraction of a
regular expression of all the names tried at every position.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import ahocorasick

_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "abbr", "script", "style",
         "button", "label", "summary", "kbd", "cite", "svg", "title", "textarea", "select", "option"}
_SKIP_CLASSES = {"footnote", "glossary-aliases", "chapter-facts", "md-button", "glossary-summary",
                 "admonition-title", "tabbed-labels"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_MARKUP = re.compile(r"<!--.*?-->|<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)?[^>]*>", re.S)
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_APART = "\x00"  # between two pieces of text searched together: no name contains it, and it is no word character


def _wordish(char: str) -> bool:
    """Whether ``char`` may not stand next to a name: a word character (as ``\\w``) or a hyphen."""
    return char.isalnum() or char in "_-"


def _lower_in_place(text: str) -> str:
    """``text`` lower-cased character by character, keeping its length (and so every offset):
    a character whose lower case is longer ('İ') stays as it is."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class TermLinker:
    """Links the first mention of each glossary entry's names (term or alias) on a page."""

    def __init__(self, entries: dict[str, tuple[list[str], str]]):
        self.summaries = {slug: summary for slug, (_, summary) in entries.items()}
        owner: dict[str, str] = {}
        self._names = ahocorasick.Automaton()
        for slug, (terms, _) in entries.items():
            for name in terms:
                if len(name) >= 3:
                    owner.setdefault(name.casefold(), slug)  # the first entry to claim a name keeps it
                    self._names.add_word(name.lower(), (len(name.lower()), owner[name.casefold()]))
        if len(self._names):
            self._names.make_automaton()

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Every mention ``(start, end, slug)`` in ``text``, case-insensitive: at each place the longest
        name that stands as whole words (no letter, digit, '_' or '-' on either side), left to right,
        never overlapping, as a regular expression of all the names would find them."""
        if not len(self._names):
            return []
        lowered = _lower_in_place(text)
        last_index = len(lowered) - 1
        found = []
        for last, (length, slug) in self._names.iter(lowered):
            first = last - length + 1
            if (first and _wordish(lowered[first - 1])) or (last < last_index and _wordish(lowered[last + 1])):
                continue
            found.append((first, -length, slug))
        found.sort()
        spans, cursor = [], 0
        for first, minus_length, slug in found:
            if first >= cursor:
                cursor = first - minus_length
                spans.append((first, cursor, slug))
        return spans

    def link(self, html: str, href: Callable[[str], str], skip: set[str] | None = None) -> str:
        """Return ``html`` with the first mention of each term linked to ``href(slug)``."""
        return rewrite_links(html, linker=self, href=href, skip=skip)

    def _link_pieces(self, pieces: list[str], at: list[int], href: Callable[[str], str], done: set[str]) -> None:
        """Link first mentions in ``pieces[i]`` for each ``i`` in ``at`` (the text a term may be linked in)."""
        texts = [pieces[i] for i in at]
        starts, offset = [], 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        piece = 0
        linked: dict[int, list[tuple[int, int, str]]] = {}
        for first, end, slug in self.mentions(_APART.join(texts)):
            if slug in done:
                continue
            done.add(slug)
            while piece + 1 < len(starts) and starts[piece + 1] <= first:
                piece += 1
            linked.setdefault(piece, []).append((first - starts[piece], end - starts[piece], slug))
        for piece, spans in linked.items():
            text, out, cursor = texts[piece], [], 0
            for first, end, slug in spans:
                title = html_lib.escape(self.summaries[slug], quote=True)
                out += [text[cursor:first], f'<a class="glossary-link" data-preview="" href="{html_lib.escape(href(slug), quote=True)}" '
                        f'title="{title}">{text[first:end]}</a>']
                cursor = end
            out.append(text[cursor:])
            pieces[at[piece]] = "".join(out)


def rewrite_links(html: str, previewed: Callable[[str], bool] | None = None, linker: TermLinker | None = None,
                  href: Callable[[str], str] = lambda slug: slug, skip: set[str] | None = None) -> str:
    """One walk over ``html``: with ``previewed``, every link is tuned as :func:`tune_links` says; with
    ``linker``, the first mention of each term outside code, headings, links and quotations is linked
    to ``href(slug)``, except the entries in ``skip``."""
    pieces: list[str] = []
    linkable: list[int] = []  # indexes in pieces of the text a term may be linked in
    stack: list[tuple[str, bool]] = []
    skipping = 0
    cursor = 0
    for match in _MARKUP.finditer(html):
        if match.start() > cursor:
            text = html[cursor:match.start()]
            if not skipping and linker and not text.isspace():
                linkable.append(len(pieces))
            pieces.append(text)
        cursor = match.end()
        tag = match.group(0)
        closing, name = match.group(1, 2)
        if name:
            name = name.lower()
            if closing:
                while stack:
                    opened, skipped = stack.pop()
                    skipping -= skipped
                    if opened == name:
                        break
            elif name not in _VOID and not tag.endswith("/>"):
                classes = _CLASS.search(tag) if "class" in tag else None
                skipped = name in _SKIP or bool(classes and set(classes.group(1).split()) & _SKIP_CLASSES)
                stack.append((name, skipped))
                skipping += skipped
                if name == "a" and previewed is not None:
                    tag = _tuned(tag, previewed)
        pieces.append(tag)
    if cursor < len(html):
        if not skipping and linker and not html[cursor:].isspace():
            linkable.append(len(pieces))
        pieces.append(html[cursor:])
    if linker and linkable:
        linker._link_pieces(pieces, linkable, href, set(skip or ()))
    return "".join(pieces)


_HREF = re.compile(r'\bhref="([^"]*)"')


def _tuned(tag: str, previewed: Callable[[str], bool]) -> str:
    href = _HREF.search(tag)
    if href is None or not tag.startswith("<a"):
        return tag
    if href.group(1).startswith(("http://", "https://")):
        return tag if "rel=" in tag else '<a rel="noopener" ' + tag[3:]
    if "data-preview" not in tag and previewed(href.group(1)):
        return '<a data-preview="" ' + tag[3:]
    return tag


def tune_links(html: str, previewed: Callable[[str], bool] = lambda href: False) -> str:
    """Links leaving the site get ``rel="noopener"``; links on the site for which ``previewed(href)``
    is true get ``data-preview``, so Material shows their target in a pop-up on hover.

    Previews are asked for link by link rather than for every link on the site (Material's
    ``navigation.instant.preview``): a guide has hundreds of links (notes, back-references,
    bibliography entries), and watching each one costs the reader's browser time at every page load.
    """
    return rewrite_links(html, previewed)
