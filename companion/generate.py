"""Generated pages and page parts: chapter index, glossary A–Z, theme tracker, bibliography, "In the book".

The small generated pages are Markdown with ordinary relative links, which MkDocs validates. The
large generated parts (bibliography entries, "In the book") are HTML blocks (see ``deferred``):
their links are built from the project's own chapters and entries, which exist by construction.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from .chapters import Book, Chapter
from .citations.registry import Registry
from .citations.styles import escape, escape_html, reference_html
from .deferred import DeferredBlocks, Href
from .glossary import Glossary, GlossaryEntry
from .vocabulary import citation_kinds, glossary_kinds


def rel(from_src: str, to_src: str) -> str:
    """Relative Markdown path from one page's source URI to another's."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def chapter_src(chapter: Chapter) -> str:
    return f"chapters/{chapter.slug}.md"


def glossary_src(entry: GlossaryEntry | str) -> str:
    slug = entry if isinstance(entry, str) else entry.slug
    return f"glossary/{slug}.md"


def _md(text: str) -> str:
    """Author-supplied plain text made safe for Markdown table cells and lists."""
    return escape(text)


def chapters_index(book: Book) -> str:
    """``/chapters/``: every guide in reading order with its question."""
    here = "chapters/index.md"
    lines = [
        "---", "title: Chapter guides", "description: A guide to every part of The Revolution Betrayed, in reading order.", "---", "",
        "# Chapter guides", "",
        "Open a guide before you read the chapter: it says what the chapter asks, maps its sections, "
        "names the terms to know and ends with questions for discussion.", "",
        "| Part | Guide | The question it answers | Reading time |", "|---|---|---|---|",
    ]
    for chapter in book:
        m = chapter.meta
        lines.append(
            f"| {_md(m.display_label)} | [{_md(m.title)}]({rel(here, chapter_src(chapter))}) | {_md(m.question)} | about {m.reading_time} min |"
        )
    return "\n".join(lines) + "\n"


def glossary_index(glossary: Glossary, blocks: DeferredBlocks) -> str:
    """``/glossary/``: A–Z with one-line summaries and a filter by kind (CSS only, no script).

    The letters are Markdown headings (for the table of contents); each letter's list is an HTML
    block in ``blocks``, left out of the search index (the entries themselves are indexed).
    """
    here = "glossary/index.md"
    kinds = glossary_kinds()
    lines = [
        "---", "title: Glossary of themes and terms",
        "description: Every theme, concept, policy, institution, event and person the guides explain, A to Z.",
        "---", "", "# Glossary of themes and terms", "",
        "Each entry answers in one sentence, then goes as deep as you want. "
        f"See also the [theme tracker]({rel(here, 'glossary/tracker.md')}): where each theme matters, chapter by chapter.", "",
        '<form class="glossary-filter" aria-label="Filter the glossary by kind"><fieldset><legend>Show</legend>',
        '<label><input type="radio" name="kind" value="all" id="kind-all" checked> All</label>',
    ]
    for kind, label in kinds.items():
        lines.append(f'<label><input type="radio" name="kind" value="{kind}" id="kind-{kind}"> {escape(label)}</label>')
    lines += ["</fieldset></form>", "", '<div class="glossary-az" markdown>', ""]
    by_letter: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for entry in glossary.sorted():
        by_letter[entry.sort_key[0].upper()].append(entry)
    for letter, entries in by_letter.items():
        lines += [f"### {letter} {{ #letter-{letter.lower()} }}", blocks.placeholder(lambda href, entries=entries: _az_list(entries, href))]
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def _az_list(entries: list[GlossaryEntry], href: Href) -> str:
    items = [
        f'<li><a data-kind="{entry.meta.kind}" href="{escape_html(href(glossary_src(entry)))}">{escape_html(entry.meta.term)}</a>'
        f' <span class="glossary-kind">{escape_html(entry.meta.kind)}</span> — {escape_html(entry.meta.summary)}</li>'
        for entry in entries
    ]
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


@dataclass(frozen=True)
class Mention:
    """Where a glossary slug matters in a chapter: centrally (a theme) and/or in a section."""

    chapter: Chapter
    section_number: int | None
    section_title: str
    central: bool


def mentions(book: Book) -> dict[str, list[Mention]]:
    """Slug → the chapters and sections of the book where it matters, in reading order."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for chapter in book:
        m = chapter.meta
        chapter_level = list(dict.fromkeys([*m.themes, *m.terms]))
        for slug in chapter_level:
            found[slug].append(Mention(chapter, None, "", slug in m.themes))
        for section in m.sections:
            for slug in section.terms:
                found[slug].append(Mention(chapter, section.number, section.title, slug in m.themes))
    return found


IN_THE_BOOK_HEADING = "## In the book { #in-the-book data-search-exclude }"
RELATED_HEADING = "## Related entries { #related data-search-exclude }"


def in_the_book(places: list[Mention], href: Href) -> str:
    """The body of a glossary entry's "In the book" section (HTML): ``places`` are its :func:`mentions`."""
    if not places:
        return "<p>No chapter guide lists this entry yet.</p>"
    by_chapter: dict[str, list[Mention]] = defaultdict(list)
    for place in places:
        by_chapter[place.chapter.slug].append(place)
    items = []
    for mentioned in by_chapter.values():
        chapter = mentioned[0].chapter
        guide = chapter_src(chapter)
        central = " (a central theme)" if any(i.central for i in mentioned) else ""
        sections = [
            f'<a href="{escape_html(href(f"{guide}#section-{i.section_number}"))}">§{i.section_number} {escape_html(i.section_title)}</a>'
            for i in mentioned if i.section_number is not None
        ]
        where = f": {', '.join(sections)}" if sections else ""
        items.append(
            f'<li><a href="{escape_html(href(guide))}">{escape_html(chapter.meta.display_label)}, “{escape_html(chapter.meta.title)}”</a>{central}{where}</li>'
        )
    return '<ul class="in-the-book">\n' + "\n".join(items) + "\n</ul>"


def tracker(book: Book, glossary: Glossary, blocks: DeferredBlocks) -> str:
    """``/glossary/tracker/``: themes × chapters; each cell links to the guide's section (an HTML table in ``blocks``)."""
    lines = [
        "---", "title: Theme tracker", "description: Where each of the book's themes matters, chapter by chapter, linked to the guides' sections.", "---", "",
        "# Theme tracker", "",
        "Each row is a theme of the book; each column a part of it. **●** marks a chapter where the theme is central, "
        "**○** one where it comes up in a section. Follow a mark to the section of the guide.", "",
        blocks.placeholder(lambda href: _tracker_table(book, glossary, href)),
    ]
    return "\n".join(lines)


def _tracker_table(book: Book, glossary: Glossary, href: Href) -> str:
    found = mentions(book)
    themes = [e for e in glossary.sorted() if e.meta.kind == "theme"]
    chapters = list(book)
    head = "".join(
        f'<th><a href="{escape_html(href(chapter_src(c)))}" title="{escape_html(c.meta.title)}">{escape_html(c.meta.display_label.replace("Chapter ", "Ch. "))}</a></th>'
        for c in chapters
    )
    rows = []
    for theme in themes:
        cells = []
        for chapter in chapters:
            places = [p for p in found.get(theme.slug, []) if p.chapter is chapter]
            if not places:
                cells.append("<td></td>")
                continue
            central = any(p.central for p in places)
            section = next((p for p in places if p.section_number is not None), None)
            target = chapter_src(chapter) + (f"#section-{section.section_number}" if section else "")
            mark = "●" if central else "○"
            label = escape_html(f"{theme.meta.term} in {chapter.meta.display_label}" + (f", section {section.section_number}" if section else ""))
            cells.append(f'<td><a aria-label="{label}" href="{escape_html(href(target))}" title="{label}">{mark}</a></td>')
        rows.append(f'<tr><td><a href="{escape_html(href(glossary_src(theme)))}">{escape_html(theme.meta.term)}</a></td>{"".join(cells)}</tr>')
    return (
        '<div class="theme-tracker" data-search-exclude>\n<table>\n<thead>\n<tr><th>Theme</th>' + head + "</tr>\n</thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )


def bibliography(registry: Registry, cited: dict[str, list[str]], titles: dict[str, str], blocks: DeferredBlocks) -> str:
    """``/sources/``: every entry grouped by kind, at a stable anchor, with backlinks.

    Headings stay Markdown (for the table of contents); each group's entries are an HTML block in ``blocks``.
    """
    lines = [
        "---", "title: Sources", "description: Every source the companion cites, grouped by kind, with the pages that cite it.", "---", "",
        "# Sources", "",
        "Every source cited on this site, in Chicago author-date style. Each entry links to the source, to an "
        "archived copy where one is recorded, and back to the pages that cite it. Download the whole list for "
        "your reference manager as [BibTeX](citations.bib) or [CSL-JSON](citations.json).", "",
    ]
    kinds = citation_kinds()
    grouped: dict[str, list] = defaultdict(list)
    for entry in registry.entries.values():
        grouped[entry.source.kind or "other"].append(entry)
    for kind in [*kinds, "other"]:
        entries = grouped.get(kind)
        if not entries:
            continue
        ordered = sorted(entries, key=lambda e: (e.source.authors[:1], e.source.year, e.source.title))
        lines.append(f"## {kinds.get(kind, 'Other sources')} {{ #kind-{kind} }}")
        lines.append(blocks.placeholder(
            lambda href, ordered=ordered: "\n".join(_bib_entry(e, cited, titles, href, blocks) for e in ordered), searchable=True))
    return "\n".join(lines)


def _bib_entry(entry, cited: dict[str, list[str]], titles: dict[str, str], href: Href, blocks: DeferredBlocks) -> str:
    """One bibliography entry. Only the reference is searchable: the note (what was seen of the source
    and how far it can be trusted), the backlinks and the key come after indexing, so a search for a
    term finds the pages that explain it rather than the editors' remarks on a source."""
    return "\n".join([
        f'<div class="bib-entry" id="{entry.key}">', f'<p class="bib-reference">{reference_html(entry)}</p>',
        blocks.later(lambda href: _bib_apparatus(entry, cited, titles, href)), "</div>",
    ])


def _bib_apparatus(entry, cited: dict[str, list[str]], titles: dict[str, str], href: Href) -> str:
    pages = cited.get(entry.key, [])
    parts = [f'<p class="bib-note" data-search-exclude>Note: {escape_html(entry.source.note)}</p>'] if entry.source.note else []
    if pages:
        links = ", ".join(f'<a href="{escape_html(href(p))}">{escape_html(titles.get(p, p))}</a>' for p in pages)
        parts.append(f'<p class="bib-cited" data-search-exclude>Cited on: {links}</p>')
    parts.append(f'<p class="bib-key" data-search-exclude>Key: <code>{entry.key}</code></p>')
    return "\n".join(parts)
