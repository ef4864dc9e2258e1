"""Privacy and cleanliness on every page: nothing is fetched from another host, nothing is logged as an error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def sitemap_paths(site) -> list[str]:
    """Every page the built sitemap lists, as a path from the site root."""
    tree = ET.parse(site.root / "sitemap.xml")
    locations = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [urlsplit(url).path.lstrip("/") for url in locations]


def test_every_page_stays_local_and_logs_no_errors(reader, site):
    """Loading every page in the sitemap requests nothing from any other host and logs no console error."""
    paths = sitemap_paths(site)
    assert len(paths) >= 10, paths
    for path in paths:
        page = reader.open(path)
        assert page.locator("article h1").count() >= 1, f"/{path} has no heading"
    assert reader.foreign_requests() == []
    assert reader.console_errors == []
    assert {urlsplit(url).netloc for url in reader.requests} == {urlsplit(site.url).netloc}


def test_interacting_stays_local(reader, site):
    """Searching, hovering previews, opening instant-loaded pages and toggling the palette fetch nothing from elsewhere."""
    page = reader.open("")
    reader.search("thermidor")
    page.keyboard.press("Escape")
    reader.open("chapters/05-soviet-thermidor/")
    page.locator("article a.glossary-link").first.hover()
    page.locator(".md-tooltip2--active").first.wait_for(state="visible")
    page.locator("label[for^='__palette_']:visible").first.click()
    page.locator("nav.md-nav--primary a.md-nav__link[href$='sources/']").first.click()
    page.wait_for_url(f"{site.url}sources/")
    assert reader.foreign_requests() == []
    assert reader.console_errors == []
