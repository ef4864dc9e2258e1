"""On a phone (375 × 812): the drawer opens, search works, a guide reads without sideways scrolling."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

GUIDE = "chapters/05-soviet-thermidor/"
PAGES = ["", GUIDE, "glossary/thermidor/", "glossary/", "glossary/tracker/", "sources/"]


def overflow(page) -> dict:
    """How wide the document is against the viewport, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
            .filter(e => !e.closest('.md-sidebar, .md-search, .md-tooltip2, [hidden]'))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
          return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, wide};
        }"""
    )


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_no_horizontal_scrolling(mobile_reader, path):
    """The page is no wider than the phone's screen."""
    page = mobile_reader.open(path)
    sizes = overflow(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], f"/{path} scrolls sideways: {sizes}"


def test_navigation_drawer_opens_and_leads_somewhere(mobile_reader, site):
    """The menu button opens the drawer with the site's sections; tapping one opens that page."""
    page = mobile_reader.open("")
    drawer = page.locator("nav.md-nav--primary").first
    assert not drawer.is_visible() or drawer.bounding_box()["x"] + drawer.bounding_box()["width"] <= 0
    page.locator("label.md-header__button[for='__drawer']").tap()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link = page.locator("nav.md-nav--primary a.md-nav__link[href$='sources/']").first
    link.wait_for(state="visible")
    # The drawer slides in; wait until it is wholly on screen.
    page.wait_for_function(
        "() => { const r = document.querySelector('nav.md-nav--primary').getBoundingClientRect();"
        " return r.left >= 0 && r.right <= window.innerWidth && r.width > 200; }"
    )
    link.tap()
    page.wait_for_url(urljoin(site.url, "sources/"))
    page.locator("article h1", has_text="Sources").wait_for(state="visible")


def test_search_works_on_a_phone(mobile_reader):
    """The search button opens search; typing a term lists its glossary entry first."""
    page = mobile_reader.open(GUIDE)
    links = mobile_reader.search("thermidor", mobile=True)
    assert urlsplit(urljoin(page.url, links[0])).path == "/glossary/thermidor/"
    assert page.locator(".md-search-result__item").first.is_visible()


def test_a_chapter_guide_is_usable_on_a_phone(mobile_reader, site):
    """The guide's text is readable without zooming, its contents are reachable, and a glossary term opens its entry."""
    page = mobile_reader.open(GUIDE)
    font_size = page.locator("article p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert font_size >= 14, f"body text is {font_size}px"
    headings = page.locator("article h2")
    assert headings.count() >= 3
    last = headings.nth(headings.count() - 1)
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    term = page.locator("article a.glossary-link").first
    target = urljoin(page.url, term.get_attribute("href"))
    term.scroll_into_view_if_needed()
    term.tap()
    # Path only: after scrolling, Material's navigation.tracking can carry the guide's current
    # section anchor over to the new address (glossary/thermidor/#at-a-glance).
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(target).path)
    page.locator("p.glossary-summary").wait_for(state="visible")
