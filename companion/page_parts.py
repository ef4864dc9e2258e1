"""Blocks added to chapter guides and glossary entries: facts at a glance, key terms, cite this page."""

from __future__ import annotations

import re

from .chapters import Chapter
from .citations.styles import escape
from .generate import chapter_src, glossary_src, rel
from .glossary import Glossary


def chapter_facts(chapter: Chapter) -> str:
    """The facts box under "At a glance": label, reading time, difficulty, online text, section map."""
    m = chapter.meta
    lines = [
        "",
        '<div class="chapter-facts" markdown>',
        "",
        f"**{escape(m.display_label)}** · about {m.reading_time} minutes to read · difficulty: {escape(m.difficulty)}  ",
        f'<a class="md-button md-button--primary" href="{escape(str(m.online_text))}" rel="noopener">Read {escape(m.display_label.lower() if m.label else "chapter " + str(m.number))} online (marxists.org)</a>',
        "",
    ]
    if m.sections:
        lines.append("Sections of the chapter:")
        lines.append("")
        for section in m.sections:
            unverified = "" if section.title_verified else ' <span class="unverified" title="This title has not yet been checked against the text">(title unconfirmed)</span>'
            lines.append(
                f"{section.number}. [{escape(section.title)}](#section-{section.number}){unverified}"
                f" · [online text]({escape(chapter.section_url(section))}){{ rel=\"noopener\" }}"
            )
        lines.append("")
    lines += ["</div>", ""]
    return "\n".join(lines)


def key_terms(chapter: Chapter, glossary: Glossary) -> str:
    """Links to the glossary entries the chapter leans on, each with its one-line summary."""
    here = chapter_src(chapter)
    slugs = list(dict.fromkeys([*chapter.meta.themes, *chapter.meta.terms]))
    lines = [""]
    for slug in slugs:
        if slug in glossary:
            entry = glossary[slug]
            lines.append(f"- [{escape(entry.meta.term)}]({rel(here, glossary_src(entry))}): {escape(entry.meta.summary)}")
    return "\n".join(lines) + "\n"


def insert_after_heading(markdown: str, heading: str, block: str) -> str:
    """Insert ``block`` right after the level-2 ``heading`` (or append it with that heading)."""
    pattern = re.compile(rf"^##[ \t]+{re.escape(heading)}[ \t]*(?:\{{[^}}\n]*\}})?[ \t]*\n", re.M)
    match = pattern.search(markdown)
    if not match:
        return markdown.rstrip("\n") + f"\n\n## {heading}\n{block}\n"
    return markdown[: match.end()] + block + "\n" + markdown[match.end():]


def cite_this_page(title: str, url: str, site_name: str, author: str, year: str, key: str) -> str:
    """A "Cite this page" box with Chicago, APA, MLA and BibTeX, each in a copyable code block."""
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
    blocks = []
    for name, text, lang in (("Chicago", chicago, "text"), ("APA", apa, "text"), ("MLA", mla, "text"), ("BibTeX", bib, "bibtex")):
        indented = "\n".join("        " + line for line in text.split("\n"))
        blocks.append(f'    === "{name}"\n\n        ``` {lang}\n{indented}\n        ```\n')
    return "\n\n??? quote \"Cite this page\"\n\n" + "\n".join(blocks) + "\n"
