"""Previews as readers see them: hovering a glossary term or a citation marker shows what it stands for."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

PAGES = ["chapters/05-soviet-thermidor/", "glossary/thermidor/"]
ACTIVE_TOOLTIP = ".md-tooltip2--active .md-tooltip2__inner"


def words(text: str) -> str:
    """Text with whitespace collapsed and the footnote back-reference arrow dropped, for comparison."""
    return " ".join(text.replace("↩", " ").split())


def summary_of(site, entry_url: str) -> str:
    """The one-sentence summary printed on a glossary entry's built page."""
    path = urlsplit(entry_url).path.lstrip("/")
    html = (site.root / path / "index.html").read_text(encoding="utf-8")
    summary = BeautifulSoup(html, "html.parser").select_one("p.glossary-summary")
    assert summary is not None, f"{path} has no p.glossary-summary"
    return words(summary.get_text(" ")).removeprefix("In one sentence: ")


@pytest.mark.parametrize("path", PAGES)
def test_hovering_a_glossary_link_previews_the_entry(reader, site, path):
    """Hovering the first glossary link on a page pops up the entry's title and one-sentence summary."""
    page = reader.open(path)
    link = page.locator("article a.glossary-link").first
    assert link.count() == 1, f"{path} has no glossary link to hover"
    target = urljoin(page.url, link.get_attribute("href"))
    summary = summary_of(site, target)
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(ACTIVE_TOOLTIP).filter(has_text=summary[:60])
    tooltip.first.wait_for(state="visible")
    assert summary in words(tooltip.first.inner_text())


@pytest.mark.parametrize("path", PAGES)
def test_hovering_a_citation_marker_shows_the_reference(reader, path):
    """Hovering a footnote citation marker pops up the full reference from the page's notes."""
    page = reader.open(path)
    marker = page.locator("article sup[id^='fnref'] a.footnote-ref").first
    assert marker.count() == 1, f"{path} has no citation marker to hover"
    note_id = marker.get_attribute("href").split("#", 1)[1]
    reference = words(page.locator(f"[id='{note_id}']").inner_text())
    assert reference, f"footnote {note_id} is empty"
    marker.scroll_into_view_if_needed()
    marker.hover()
    tooltip = page.locator(ACTIVE_TOOLTIP).filter(has_text=reference[:60])
    tooltip.first.wait_for(state="visible")
    assert words(tooltip.first.inner_text()) == reference
