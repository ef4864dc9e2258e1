"""Generated pages and page parts, as Markdown: chapter index, glossary A–Z, theme tracker,
bibliography, and the per-page blocks (chapter facts, key terms, "In the book", cite this page).

Links are ordinary relative Markdown links, so MkDocs validates every one of them.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from .chapters import Book, Chapter
from .citations.registry import Registry
from .citations.styles import escape, reference_html
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


def glossary_index(glossary: Glossary) -> str:
    """``/glossary/``: A–Z with one-line summaries and a filter by kind (CSS only, no script)."""
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
    letter = ""
    for entry in glossary.sorted():
        first = entry.sort_key[0].upper()
        if first != letter:
            letter = first
            lines += ["", f"### {letter} {{ #letter-{letter.lower()} }}", ""]
        lines.append(
            f"- [{_md(entry.meta.term)}]({rel(here, glossary_src(entry))}){{ data-kind=\"{entry.meta.kind}\" }}"
            f" <span class=\"glossary-kind\">{escape(entry.meta.kind)}</span> — {_md(entry.meta.summary)}"
        )
    lines += ["", "</div>", ""]
    return "\n".join(lines)


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


def in_the_book(entry: GlossaryEntry, book: Book) -> str:
    """The "In the book" section of a glossary entry, generated from the chapter guides."""
    here = glossary_src(entry)
    places = mentions(book).get(entry.slug, [])
    lines = ["", "## In the book { #in-the-book }", ""]
    if not places:
        lines.append("No chapter guide lists this entry yet.")
        return "\n".join(lines) + "\n"
    by_chapter: dict[str, list[Mention]] = defaultdict(list)
    for place in places:
        by_chapter[place.chapter.slug].append(place)
    for items in by_chapter.values():
        chapter = items[0].chapter
        guide = rel(here, chapter_src(chapter))
        central = " (a central theme)" if any(i.central for i in items) else ""
        sections = [
            f"[§{i.section_number} {_md(i.section_title)}]({guide}#section-{i.section_number})"
            for i in items if i.section_number is not None
        ]
        where = f": {', '.join(sections)}" if sections else ""
        lines.append(f"- [{_md(chapter.meta.display_label)}, “{_md(chapter.meta.title)}”]({guide}){central}{where}")
    return "\n".join(lines) + "\n"


def related_block(entry: GlossaryEntry, glossary: Glossary) -> str:
    """Links to the related entries, each with its summary."""
    if not entry.meta.related:
        return ""
    here = glossary_src(entry)
    lines = ["", "## Related entries { #related }", ""]
    for slug in entry.meta.related:
        if slug in glossary:
            other = glossary[slug]
            lines.append(f"- [{_md(other.meta.term)}]({rel(here, glossary_src(other))}): {_md(other.meta.summary)}")
    return "\n".join(lines) + "\n"


def tracker(book: Book, glossary: Glossary) -> str:
    """``/glossary/tracker/``: themes × chapters; each cell links to the guide's section."""
    here = "glossary/tracker.md"
    found = mentions(book)
    themes = [e for e in glossary.sorted() if e.meta.kind == "theme"]
    chapters = list(book)
    head = "| Theme | " + " | ".join(
        f"[{_md(c.meta.display_label.replace('Chapter ', 'Ch. '))}]({rel(here, chapter_src(c))} \"{_md(c.meta.title)}\")" for c in chapters
    ) + " |"
    lines = [
        "---", "title: Theme tracker", "description: Where each of the book's themes matters, chapter by chapter, linked to the guides' sections.", "---", "",
        "# Theme tracker", "",
        "Each row is a theme of the book; each column a part of it. **●** marks a chapter where the theme is central, "
        "**○** one where it comes up in a section. Follow a mark to the section of the guide.", "",
        '<div class="theme-tracker" markdown>', "", head, "|---|" + "---|" * len(chapters),
    ]
    for theme in themes:
        cells = []
        for chapter in chapters:
            places = [p for p in found.get(theme.slug, []) if p.chapter is chapter]
            if not places:
                cells.append(" ")
                continue
            central = any(p.central for p in places)
            section = next((p for p in places if p.section_number is not None), None)
            target = rel(here, chapter_src(chapter)) + (f"#section-{section.section_number}" if section else "")
            mark = "●" if central else "○"
            label = f"{theme.meta.term} in {chapter.meta.display_label}" + (f", section {section.section_number}" if section else "")
            cells.append(f"[{mark}]({target} \"{_md(label)}\"){{ aria-label=\"{_md(label)}\" }}")
        lines.append(f"| [{_md(theme.meta.term)}]({rel(here, glossary_src(theme))}) | " + " | ".join(cells) + " |")
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def bibliography(registry: Registry, cited: dict[str, list[str]], titles: dict[str, str]) -> str:
    """``/sources/``: every entry grouped by kind, at a stable anchor, with backlinks."""
    here = "sources/index.md"
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
        lines += [f"## {kinds.get(kind, 'Other sources')} {{ #kind-{kind} }}", ""]
        for entry in sorted(entries, key=lambda e: (e.source.authors[:1], e.source.year, e.source.title)):
            lines.append(f'<div class="bib-entry" id="{entry.key}" markdown>')
            lines.append(f'<p class="bib-reference">{reference_html(entry)}</p>')
            if entry.source.note:
                lines.append(f'<p class="bib-note">Note: {escape(entry.source.note)}</p>')
            pages = cited.get(entry.key, [])
            if pages:
                links = ", ".join(f"[{_md(titles.get(p, p))}]({rel(here, p)})" for p in pages)
                lines.append(f"\nCited on: {links}\n")
            lines += [f'<p class="bib-key">Key: <code>{entry.key}</code></p>', "</div>", ""]
    return "\n".join(lines)
