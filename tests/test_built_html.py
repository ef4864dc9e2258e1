"""Checks over every page of the real built site, no browser needed: alt text, titles, descriptions,
unique ids, links with names, and no asset loaded from another host."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

# (tag, attribute) pairs that make the browser fetch something as the page loads.
ASSET_ATTRIBUTES = [
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("source", "src"), ("source", "srcset"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("embed", "src"), ("object", "data"),
    ("image", "href"), ("use", "href"), ("input", "src"),
]
# <link rel=...> values that load something (a canonical or alternate link does not).
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[tuple[str, BeautifulSoup]]:
    found = [(page.relative_to(site).as_posix(), parse(page)) for page in sorted(site.rglob("*.html"))]
    assert len(found) >= 10, f"only {len(found)} pages in {site}"
    return found


def is_remote(url: str | None) -> bool:
    """A URL on another host: with a scheme and host, or protocol-relative (``data:`` and paths are local)."""
    if not url:
        return False
    return any(REMOTE.match(part.strip().split(" ")[0]) for part in url.split(","))


def accessible_name(link) -> str:
    """Roughly what a screen reader announces for a link: its text, aria-label, title or image alt."""
    parts = [link.get_text(" ", strip=True), link.get("aria-label", ""), link.get("title", "")]
    parts += [img.get("alt", "") for img in link.find_all("img")]
    parts += [title.get_text(strip=True) for title in link.select("svg title")]
    return " ".join(p for p in parts if p).strip()


def test_every_image_has_alt_text(real_site):
    """Every <img> has an alt attribute; inside the content it is not empty."""
    problems = []
    for name, soup in pages(real_site):
        for img in soup.find_all("img"):
            alt = img.get("alt")
            if alt is None or (not alt.strip() and img.find_parent("article") and img.get("role") != "presentation"):
                problems.append(f"{name}: {img}")
    assert problems == []


def test_every_page_has_a_title_and_a_description(real_site):
    """Every page has a non-empty <title> and a non-empty meta description."""
    problems = []
    for name, soup in pages(real_site):
        title = soup.title.get_text(strip=True) if soup.title else ""
        description = soup.find("meta", attrs={"name": "description"})
        if not title:
            problems.append(f"{name}: no <title>")
        if description is None or not description.get("content", "").strip():
            problems.append(f"{name}: no meta description")
    assert problems == []


def test_no_page_repeats_an_id(real_site):
    """No id is used twice on one page (anchors, labels and ARIA references need unique ids)."""
    problems = []
    for name, soup in pages(real_site):
        counts = Counter(tag["id"] for tag in soup.find_all(id=True))
        repeated = sorted(i for i, n in counts.items() if n > 1)
        if repeated:
            problems.append(f"{name}: {repeated}")
    assert problems == []


def test_no_empty_links(real_site):
    """Every link has a target (a non-empty href) and a name a screen reader can announce."""
    problems = []
    for name, soup in pages(real_site):
        for link in soup.find_all("a"):
            if "href" not in link.attrs:
                continue  # a named anchor, not a link
            if not link["href"].strip() or link["href"].strip() == "#":
                problems.append(f"{name}: link without a target: {str(link)[:160]}")
            elif not accessible_name(link):
                problems.append(f"{name}: link without a name: {str(link)[:160]}")
    assert problems == []


def test_no_page_loads_assets_from_another_host(real_site):
    """Scripts, stylesheets, fonts, images and frames all come from the site itself, in HTML and in CSS."""
    problems = []
    for name, soup in pages(real_site):
        for tag, attribute in ASSET_ATTRIBUTES:
            for element in soup.find_all(tag):
                for attr in (attribute, f"xlink:{attribute}"):
                    if is_remote(element.get(attr)):
                        problems.append(f"{name}: <{tag} {attr}={element.get(attr)!r}>")
        for link in soup.find_all("link", href=True):
            if LOADING_RELS & set(link.get("rel") or []) and is_remote(link["href"]):
                problems.append(f"{name}: <link rel={' '.join(link['rel'])} href={link['href']!r}>")
        for styled in soup.find_all(style=True):
            problems += [f"{name}: style url {url!r}" for url in CSS_URL.findall(styled["style"]) if is_remote(url)]
        for style in soup.find_all("style"):
            problems += [f"{name}: <style> url {url!r}" for url in CSS_URL.findall(style.get_text()) if is_remote(url)]
    for css in sorted(real_site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        problems += [f"{css.relative_to(real_site)}: url {url!r}" for url in CSS_URL.findall(text) if is_remote(url)]
    assert problems == []


def test_the_checks_catch_what_they_look_for():
    """The helpers flag remote and protocol-relative URLs and nameless links, and pass local ones."""
    assert is_remote("https://cdn.example.org/x.js") and is_remote("//fonts.example.org/a.css")
    assert is_remote("a.png 1x, https://cdn.example.org/b.png 2x")
    assert not is_remote("assets/javascripts/bundle.js") and not is_remote("data:image/png;base64,AAAA") and not is_remote("../x.css")
    link = BeautifulSoup('<a href="x/"><svg></svg></a>', "html.parser").a
    assert accessible_name(link) == ""
    named = BeautifulSoup('<a href="x/" aria-label="Edit"><svg></svg></a>', "html.parser").a
    assert accessible_name(named) == "Edit"
    assert CSS_URL.findall("@import 'https://a.example/b.css'; x{background:url(\"//c.example/d.png\")}") == [
        "https://a.example/b.css", "//c.example/d.png",
    ]
