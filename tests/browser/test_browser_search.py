"""Search as readers use it: typed into Material's search box, from the home page and from a guide."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

LOOKUPS_DIR = Path(__file__).resolve().parent.parent / "search_lookups"
START_PAGES = {"home": "", "chapter guide": "chapters/05-soviet-thermidor/"}


def load_lookups() -> list[tuple[str, str, str]]:
    """Every ``(file, query, expect)`` in tests/search_lookups/*.yaml."""
    lookups = []
    for path in sorted(LOOKUPS_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            lookups.append((path.name, str(entry["query"]), str(entry["expect"])))
    return lookups


LOOKUPS = load_lookups()


def result_path(href: str, base: str) -> str:
    """The site-relative path of a search result link, without ``?h=`` or a section anchor."""
    return urlsplit(urljoin(base, href)).path.lstrip("/")


def test_there_are_search_lookups():
    """The committed lookup lists are not empty (an empty list would test nothing)."""
    assert LOOKUPS, f"no lookups in {LOOKUPS_DIR}/*.yaml"


LOOKUP_FILES = sorted({source for source, _, _ in LOOKUPS})


@pytest.mark.parametrize("start", list(START_PAGES), ids=list(START_PAGES))
@pytest.mark.parametrize("source", LOOKUP_FILES)
def test_lookups_put_expected_page_first(reader, site, start, source):
    """Typing each query of a lookup list into the search box shows its expected page as the first result."""
    page = reader.open(START_PAGES[start])
    failures = []
    for _, query, expect in (lookup for lookup in LOOKUPS if lookup[0] == source):
        if not (site.root / expect / "index.html").is_file():
            failures.append(f"{query!r}: expects {expect}, which the site does not have")
            continue
        links = reader.search(query)
        top = [result_path(href, page.url) for href in links[:3]]
        if not top or top[0] != expect:
            failures.append(f"{query!r}: {top[0] if top else 'nothing'} came first (top three: {top}), not {expect}")
    assert not failures, f"{source}, searching from the {start} ({START_PAGES[start] or '/'}):\n" + "\n".join(failures)


def test_search_share_link_reopens_search_with_the_query(reader, site):
    """The share button's ?q= link opens a page with the search box open, holding the query, results shown."""
    page = reader.open("chapters/05-soviet-thermidor/")
    reader.search("thermidor")
    share = page.locator("a.md-search__icon[href*='q=']")
    href = share.get_attribute("href")
    assert parse_qs(urlsplit(href).query) == {"q": ["thermidor"]}, href
    reader.open(urljoin(page.url, href))
    assert page.input_value("input.md-search__input") == "thermidor"
    assert page.is_checked("#__search")
    page.wait_for_selector(".md-search-result__item")
    first = result_path(page.locator(".md-search-result__item > a").first.get_attribute("href"), page.url)
    assert first == "glossary/thermidor/"


def test_search_index_waits_until_the_reader_turns_to_search(reader, site):
    """A first visit does not download the search index; turning to the search box does, and search works."""
    page = reader.open("chapters/05-soviet-thermidor/", wait_until="networkidle")
    page.mouse.move(5, 400)
    page.wait_for_timeout(300)  # give an eager request the chance to show up (this is no timing assertion)
    index_requests = lambda: [url for url in reader.requests if urlsplit(url).path.endswith("/search/search_index.json")]  # noqa: E731
    assert not index_requests(), "the search index was downloaded before the reader turned to search"
    links = reader.search("kulak")
    assert len(index_requests()) == 1
    assert links and result_path(links[0], page.url) == "glossary/kulak/"


def test_a_result_opened_with_highlighting_marks_the_query(reader):
    """A search result's link (?h=) opened in a new tab highlights the query on the page."""
    page = reader.open("glossary/kulak/?h=kulak", wait_until="networkidle")
    page.locator("article mark").first.wait_for(state="attached")
    assert page.locator("article mark").count() > 0
