"""The real site, built for real: generated pages, citations, sharing metadata, stable URLs, privacy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from companion.project import Project
from tests.helpers import REPO

pytestmark = pytest.mark.build
PROJECT = Project.load(REPO)


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_content_loads_without_problems():
    """The real content has no schema or reference problems (the build would refuse it)."""
    assert [str(p) for p in PROJECT.problems] == []


def test_every_guide_and_entry_is_a_page(real_site):
    """chapters/*.md render at /chapters/<slug>/ and glossary/*.md at /glossary/<slug>/."""
    for chapter in PROJECT.book:
        assert (real_site / "chapters" / chapter.slug / "index.html").is_file()
    for slug in PROJECT.glossary.entries:
        assert (real_site / "glossary" / slug / "index.html").is_file()


def test_chapter_index_lists_guides_in_reading_order(real_site):
    """/chapters/ links every guide, in reading order, each with its question."""
    page = soup(real_site, "chapters")
    links = [a["href"].strip("/").split("/")[-1] for a in page.select("article table a")]
    assert links == [c.slug for c in PROJECT.book]
    text = page.select_one("article").get_text(" ")
    for chapter in PROJECT.book:
        assert chapter.meta.question.split(",")[0] in text


def test_glossary_index_is_a_to_z_with_summaries(real_site):
    """/glossary/ lists every entry A–Z, each with its one-line summary and kind."""
    page = soup(real_site, "glossary")
    items = page.select(".glossary-az li")
    terms = [li.a.get_text() for li in items]
    assert terms == [e.meta.term for e in PROJECT.glossary.sorted()]
    assert {li.a["data-kind"] for li in items} <= {"theme", "concept", "policy", "institution", "event", "person"}


def test_glossary_entry_has_summary_sharing_meta_and_generated_parts(real_site):
    """A theme page unfurls (og:title, og:description = summary, canonical URL) and lists where it matters in the book."""
    entry = PROJECT.glossary["thermidor"]
    page = soup(real_site, "glossary/thermidor")
    assert page.find("meta", property="og:description")["content"] == entry.meta.summary
    assert page.find("meta", attrs={"name": "description"})["content"] == entry.meta.summary
    assert page.find("meta", property="og:title")["content"].startswith(entry.meta.term)
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical.endswith("/glossary/thermidor/") and canonical.startswith("http")
    assert page.select_one("#summary").get_text(" ", strip=True).endswith(entry.meta.summary)
    in_book = page.find(id="in-the-book").find_next("ul")
    assert "05-soviet-thermidor" in str(in_book)


def test_citations_become_numbered_notes_and_a_sources_list(real_site):
    """[@key] becomes a numbered marker whose note holds the full reference and links to /sources/#key."""
    page = soup(real_site, "chapters/05-soviet-thermidor")
    markers = page.select("sup[id^=fnref] a.footnote-ref")
    assert markers, "no citation markers"
    assert page.find(id="sources") is not None
    notes = page.select("div.footnote li")
    assert any("marxists.org/archive/trotsky/1936/revbet/ch05.htm" in str(li) for li in notes)
    assert all(li.find("a", href=re.compile(r"sources/#")) for li in notes if "cite-" in li.get("id", ""))
    assert "[@" not in page.select_one("article").get_text()


def test_bibliography_has_stable_anchors_and_backlinks(real_site):
    """/sources/ has one anchored entry per registry key, grouped by kind, with pages that cite it."""
    page = soup(real_site, "sources")
    for key in PROJECT.registry.entries:
        assert page.find(id=key) is not None, key
    entry = page.find(id="trotsky1937-ch05")
    assert entry.find("a", href=re.compile(r"chapters/05-soviet-thermidor/")) is not None


def test_exports_for_reference_managers(real_site):
    """The registry is downloadable as BibTeX and CSL-JSON."""
    items = json.loads((real_site / "sources" / "citations.json").read_text())
    assert {i["id"] for i in items} == set(PROJECT.registry.keys())
    bib = (real_site / "sources" / "citations.bib").read_text()
    assert bib.count("\n@") + 1 == len(items)


def test_guides_and_entries_offer_cite_this_page(real_site):
    """Each guide and entry carries Chicago, APA, MLA and BibTeX citations of itself."""
    for url in ("chapters/05-soviet-thermidor", "glossary/political-revolution"):
        page = soup(real_site, url)
        labels = [label.get_text(strip=True) for label in page.select(".tabbed-labels label")]
        assert labels[-4:] == ["Chicago", "APA", "MLA", "BibTeX"]
        assert "@online{companion-" in page.get_text()


def test_chapter_guide_links_the_online_text_of_exactly_that_chapter(real_site):
    """The facts box links the marxists.org chapter and each section's anchor."""
    chapter = PROJECT.book.by_slug()["05-soviet-thermidor"]
    page = soup(real_site, "chapters/05-soviet-thermidor")
    hrefs = {a["href"] for a in page.select(".chapter-facts a")}
    assert str(chapter.meta.online_text) in hrefs
    for section in chapter.meta.sections:
        assert chapter.section_url(section) in hrefs


def test_external_links_open_safely(real_site):
    """Every content link leaving the site carries rel=noopener (the theme's own edit button excepted)."""
    for html in real_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for a in page.select("article a[href^='http']:not(.md-content__button)"):
            assert "noopener" in (a.get("rel") or []), (html, a)


def test_no_asset_from_another_host(real_site):
    """No built page loads a script, stylesheet, font, image or frame from another host."""
    for html in real_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for node in page.find_all(tag):
                value = node.get(attr) or ""
                if tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload", "preconnect"} & set(node.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", value), (html, str(node))


def test_published_urls_never_break(real_site):
    """Every URL we have published still resolves (as a page or a redirect)."""
    published = [line.strip() for line in (REPO / "tests" / "published_urls.txt").read_text().splitlines()]
    for url in [u for u in published if u and not u.startswith("#")]:
        assert (real_site / url.strip("/") / "index.html").is_file(), f"published URL /{url} is gone; add a redirect"


def test_no_citation_is_left_unrendered(real_site):
    """No page shows a raw ``[@key]`` outside code: every citation was understood."""
    for html in real_site.rglob("index.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        article = page.select_one("article")
        if article is None:
            continue
        for code in article.select("code, pre"):
            code.decompose()
        assert "[@" not in article.get_text(), html


def test_generated_html_replaces_every_placeholder(real_site):
    """No page shows a placeholder of the generated blocks (facts, notes, markers, cite this page, bibliography)."""
    leftovers = [
        html.relative_to(real_site).as_posix()
        for html in real_site.rglob("*.html")
        if re.search(r"companion(?:block|inline)\d+x|<!--companion:\d+-->", html.read_text(encoding="utf-8"))
    ]
    assert leftovers == []


def test_search_index_holds_what_readers_search_for_and_not_the_apparatus(real_site):
    """The index has entries' summaries and the bibliography, not the notes, key-term lists or cite boxes."""
    docs = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {doc["location"]: doc["text"] for doc in docs}
    titles = {doc["location"]: doc["title"] for doc in docs}
    kulak = PROJECT.glossary["kulak"].meta.summary
    assert any(kulak[:60] in body for location, body in text.items() if location.startswith("glossary/kulak/"))
    assert any("Revolution Betrayed" in body for location, body in text.items() if location.startswith("sources/"))
    generated = {"Sources", "In the book", "Related entries"}
    assert not [location for location, title in titles.items() if title in generated and not location.startswith("sources/")]
    everything = " ".join(text.values())
    assert "@online{companion-" not in everything
    assert "Bibliography entry" not in everything and "companionblock" not in everything


def test_registry_notes_are_on_the_sources_page_but_not_in_the_search_index(real_site):
    """A note says what was seen of a source; searching a term should find the pages that explain it."""
    docs = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    indexed = " ".join(doc["text"] for doc in docs)
    page = soup(real_site, "sources")
    notes = [entry.source.note for entry in PROJECT.registry.entries.values() if len(entry.source.note) > 40]
    assert notes
    shown = " ".join(p.get_text(" ", strip=True) for p in page.select("p.bib-note"))
    for note in notes:
        assert note[:40] in shown, note
        assert note not in indexed, note


def test_a_cited_section_links_to_that_section_of_the_online_text(real_site):
    """A note citing a chapter with "sec. N" sends "Read online" to that section's anchor at marxists.org."""
    page = soup(real_site, "chapters/05-soviet-thermidor")
    notes = [li for li in page.select("div.footnote li") if "Sec. " in li.get_text() and "revbet/ch" in str(li)]
    assert notes, "no note cites a section of the online text"
    for li in notes:
        number = re.search(r"Sec\. (\d+)\.", li.get_text()).group(1)
        href = li.find("a", string="Read online")["href"]
        assert re.search(rf"revbet/ch(\d\d)\.htm#ch\1-{number}$", href), href
