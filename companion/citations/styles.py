"""Reference styles: one Chicago author-date reference in safe HTML, plus BibTeX and CSL-JSON exports.

References are HTML, written into pages after Markdown has rendered them (see ``deferred``):
every registry field is HTML-escaped, so a ``<script>`` in a title shows as text. :func:`escape`
also neutralises Markdown syntax, for text that generated Markdown pages carry.
"""

from __future__ import annotations

import html
import json
import re

from .identifiers import normalize_isbn
from .registry import Entry, Registry

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~^$"}
)


def escape(text: str) -> str:
    """Escape ``text`` for HTML and neutralise Markdown syntax characters."""
    return text.translate(_ESCAPES)


def escape_html(text: str) -> str:
    """Escape ``text`` for HTML text and attribute values."""
    return html.escape(text, quote=True)


def safe_href(url: str) -> str:
    """An http(s) URL escaped for an attribute; anything else becomes ``#`` (never ``javascript:``)."""
    if not re.match(r"^https?://", url, re.I):
        return "#"
    return escape_html(url)


def human_date(iso: str) -> str:
    """``2026-11-24`` → ``November 24, 2026``; ``1937`` stays ``1937``."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{_MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def _name_list(names: list[str], invert_first: bool = True) -> str:
    """Chicago name list: 'Trotsky, Leon', then 'Given Family' for the rest."""
    shown = []
    for index, name in enumerate(names):
        if (index and "," in name) or (index == 0 and not invert_first and "," in name):
            family, given = (p.strip() for p in name.split(",", 1))
            name = f"{given} {family}"
        shown.append(name)
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def is_book(entry: Entry) -> bool:
    """Books get italic titles; articles and pages get quoted titles in an italic container."""
    return bool(entry.source.isbn) or entry.source.kind == "edition"


def reference_html(entry: Entry, with_links: bool = True) -> str:
    """A Chicago author-date reference as escaped inline HTML."""
    s = entry.source
    parts: list[str] = []
    lead = escape_html(_name_list(s.authors)) if s.authors else ""
    title = escape_html(s.title)
    title_html = f"<cite>{title}</cite>." if is_book(entry) else f"“{_inner_quotes(title)}.”"
    year = _stop(escape_html(s.year))
    if lead:
        parts.append(f"{_stop(lead)} {year} {title_html}")
    else:
        parts.append(f"{title_html} {year}")
    if s.translators:
        parts.append(f"Translated by {escape_html(_name_list(s.translators, invert_first=False))}.")
    if s.container:
        parts.append(f"{escape_html(s.container)}." if is_book(entry) else f"<i>{escape_html(s.container)}</i>.")
    if s.locator:
        parts.append(f"{escape_html(s.locator)}.")
    if s.isbn:
        parts.append(f"ISBN {escape_html(normalize_isbn(s.isbn))}.")
    if s.doi:
        parts.append(f"doi:{escape_html(s.doi)}.")
    if s.accessed:
        parts.append(f"Accessed {escape_html(human_date(s.accessed))}.")
    text = " ".join(parts).replace("?.", "?").replace("!.", "!").replace("?.”", "?”").replace("?</cite>.", "?</cite>")
    if with_links:
        text += " " + links_html(entry)
    return text.strip()


def _inner_quotes(title: str) -> str:
    """Double quotes inside a quoted title become single ones: “"Military Communism", the NEP” → “‘Military Communism’, the NEP”."""
    return re.sub(r"(?:&quot;|“)(.*?)(?:&quot;|”)", r"‘\1’", title)


def _stop(text: str) -> str:
    """``text`` ending with one full stop: "Law, David S." and "n.d." are not given a second one."""
    return text if text.endswith((".", "?", "!")) else text + "."


def links_html(entry: Entry, url: str | None = None) -> str:
    """Links to the source (or to ``url``, a more precise place in it) and to its archived copy, opening safely."""
    s = entry.source
    links = [f'<a href="{safe_href(url or s.url)}" rel="noopener">Read online</a>']
    if s.archive_url:
        archived = f" ({escape_html(human_date(s.archived_at))})" if s.archived_at else ""
        links.append(f'<a href="{safe_href(s.archive_url)}" rel="noopener">Archived copy{archived}</a>')
    return " · ".join(links)


def bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def _bibtex_names(names: list[str]) -> str:
    return " and ".join(bibtex_escape(n) for n in names)


def bibtex(entry: Entry) -> str:
    """One BibTeX record for an entry (``@book`` or ``@online``)."""
    s = entry.source
    kind = "book" if is_book(entry) else "online"
    fields = {
        "title": s.title,
        "author": None,
        "translator": None,
        "year": s.date[:4] if s.date else "",
        "publisher" if kind == "book" else "organization": s.container,
        "url": s.url,
        "urldate": s.accessed,
        "isbn": normalize_isbn(s.isbn) if s.isbn else "",
        "doi": s.doi,
        "note": s.locator,
    }
    lines = [f"@{kind}{{{entry.key},"]
    if s.authors:
        lines.append(f"  author = {{{_bibtex_names(s.authors)}}},")
    if s.translators:
        lines.append(f"  translator = {{{_bibtex_names(s.translators)}}},")
    for name, value in fields.items():
        if value:
            shown = value if name in ("url", "doi") else bibtex_escape(value)
            lines.append(f"  {name} = {{{shown}}},")
    lines.append("}")
    return "\n".join(lines)


def _csl_names(names: list[str]) -> list[dict[str, str]]:
    out = []
    for name in names:
        if "," in name:
            family, given = (p.strip() for p in name.split(",", 1))
            out.append({"family": family, "given": given})
        else:
            out.append({"literal": name})
    return out


def csl_item(entry: Entry) -> dict:
    """One CSL-JSON item (the format Zotero and Pandoc read)."""
    s = entry.source
    item: dict = {"id": entry.key, "type": "book" if is_book(entry) else "webpage", "title": s.title, "URL": s.url}
    if s.authors:
        item["author"] = _csl_names(s.authors)
    if s.translators:
        item["translator"] = _csl_names(s.translators)
    if s.container:
        item["publisher" if is_book(entry) else "container-title"] = s.container
    if s.date:
        item["issued"] = {"date-parts": [[int(p) for p in s.date.split("-")]]}
    if s.accessed:
        item["accessed"] = {"date-parts": [[int(p) for p in s.accessed.split("-")]]}
    if s.isbn:
        item["ISBN"] = normalize_isbn(s.isbn)
    if s.doi:
        item["DOI"] = s.doi
    if s.note:
        item["note"] = s.note
    return item


def export_bibtex(registry: Registry) -> str:
    return "\n\n".join(bibtex(e) for e in registry.entries.values()) + "\n"


def export_csl_json(registry: Registry) -> str:
    return json.dumps([csl_item(e) for e in registry.entries.values()], indent=2, ensure_ascii=False) + "\n"
