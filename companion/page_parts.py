"""Blocks added to chapter guides and glossary entries: facts at a glance, key terms, cite this page."""

from __future__ import annotations

import html
import re

from .chapters import Chapter
from .citations.styles import escape_html
from .deferred import Href
from .generate import glossary_src
from .glossary import Glossary, GlossaryEntry


def chapter_facts(chapter: Chapter) -> str:
    """The facts box under "At a glance" (HTML): label, reading time, difficulty, online text, section map."""
    m = chapter.meta
    label = m.display_label.lower() if m.label else f"chapter {m.number}"
    parts = [
        '<div class="chapter-facts" data-search-exclude>',
        f"<p><strong>{escape_html(m.display_label)}</strong> · about {m.reading_time} minutes to read · difficulty: {escape_html(m.difficulty)}<br />",
        f'<a class="md-button md-button--primary" href="{escape_html(str(m.online_text))}" rel="noopener">Read {escape_html(label)} online (marxists.org)</a></p>',
    ]
    if m.sections:
        parts.append("<p>Sections of the chapter:</p>\n<ol>")
        for section in m.sections:
            unverified = "" if section.title_verified else ' <span class="unverified" title="This title has not yet been checked against the text">(title unconfirmed)</span>'
            parts.append(
                f'<li><a href="#section-{section.number}">{escape_html(section.title)}</a>{unverified}'
                f' · <a href="{escape_html(chapter.section_url(section))}" rel="noopener">online text</a></li>'
            )
        parts.append("</ol>")
    parts.append("</div>")
    return "\n".join(parts)


def key_terms(chapter: Chapter, glossary: Glossary, href: Href) -> str:
    """Links to the glossary entries the chapter leans on, each with its one-line summary (HTML)."""
    slugs = list(dict.fromkeys([*chapter.meta.themes, *chapter.meta.terms]))
    return entry_list([glossary[slug] for slug in slugs if slug in glossary], href, css_class="key-terms")


def entry_list(entries: list[GlossaryEntry], href: Href, css_class: str) -> str:
    """A list of glossary entries, each linked and followed by its summary; left out of the search index."""
    items = [
        f'<li><a href="{escape_html(href(glossary_src(entry)))}">{escape_html(entry.meta.term)}</a>: {escape_html(entry.meta.summary)}</li>'
        for entry in entries
    ]
    return f'<ul class="{css_class}" data-search-exclude>\n' + "\n".join(items) + "\n</ul>"


def entry_summary(summary: str, aliases: list[str]) -> str:
    """A glossary entry's one-sentence summary and its other names (which search then finds), as HTML."""
    block = f'<p class="glossary-summary" id="summary"><strong>In one sentence:</strong> {escape_html(summary)}</p>'
    if aliases:
        block += f'\n<p class="glossary-aliases"><strong>Also written:</strong> {escape_html(", ".join(aliases))}</p>'
    return block


def insert_after_title(markdown: str, block: str) -> str:
    """Insert ``block`` right after the page's level-1 heading (or at the top)."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: index + 1], block, *lines[index + 1:]])
    return block + markdown


def insert_after_heading(markdown: str, heading: str, block: str) -> str:
    """Insert ``block`` right after the level-2 ``heading`` (or append it with that heading)."""
    pattern = re.compile(rf"^##[ \t]+{re.escape(heading)}[ \t]*(?:\{{[^}}\n]*\}})?[ \t]*\n", re.M)
    match = pattern.search(markdown)
    if not match:
        return markdown.rstrip("\n") + f"\n\n## {heading}\n{block}\n"
    return markdown[: match.end()] + block + "\n" + markdown[match.end():]


def cite_this_page(title: str, url: str, site_name: str, author: str, year: str, key: str) -> str:
    """A collapsed "Cite this page" box (HTML): Chicago, APA, MLA and BibTeX tabs, each a copyable code block."""
    chicago = f'{author}. {year}. "{title}." {site_name}. {url}.'
    apa = f"{author}. ({year}). {title}. {site_name}. {url}"
    mla = f'"{title}." {site_name}, {author}, {year}, {url}.'
    bib = "\n".join([
        f"@online{{{key},",
        f"  title = {{{title}}},",
        f"  author = {{{{{author}}}}},",
        f"  organization = {{{site_name}}},",
        f"  year = {{{year}}},",
        f"  url = {{{url}}},",
        "}",
    ])
    styles = (("Chicago", chicago), ("APA", apa), ("MLA", mla), ("BibTeX", bib))
    name = "__tabbed_cite"
    checked = 'checked="checked" '
    inputs = "".join(
        f'<input {checked if index == 1 else ""}id="{name}_{index}" name="{name}" type="radio" />'
        for index in range(1, len(styles) + 1)
    )
    labels = "".join(f'<label for="{name}_{index}">{label}</label>' for index, (label, _) in enumerate(styles, 1))
    blocks = "\n".join(
        f'<div class="tabbed-block">\n<div class="highlight"><pre><span></span><code>{html.escape(text, quote=False)}\n</code></pre></div>\n</div>'
        for _, text in styles
    )
    return (
        '<details class="quote cite-this-page" data-search-exclude>\n<summary>Cite this page</summary>\n'
        f'<div class="tabbed-set tabbed-alternate" data-tabs="cite:{len(styles)}">{inputs}'
        f'<div class="tabbed-labels">{labels}</div>\n<div class="tabbed-content">\n{blocks}\n</div>\n</div>\n</details>'
    )
