"""Sharing as readers do it: entry pages unfurl in chat apps, and heading permalinks land on the heading."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

GUIDE = "chapters/05-soviet-thermidor/"
READ_META = """() => {
  const attr = (selector, name) => document.querySelector(selector)?.getAttribute(name) ?? "";
  const h1 = document.querySelector("article h1");
  return {
    heading: h1 ? h1.textContent.replace("¶", "").trim() : "",
    "og:title": attr("meta[property='og:title']", "content"),
    "og:description": attr("meta[property='og:description']", "content"),
    "og:url": attr("meta[property='og:url']", "content"),
    description: attr("meta[name='description']", "content"),
    canonical: attr("link[rel='canonical']", "href"),
  };
}"""


def entry_paths(site) -> list[str]:
    """Every glossary entry's path in the built site (``glossary/<slug>/``), not the index or the tracker."""
    return sorted(
        f"glossary/{page.parent.name}/"
        for page in site.root.glob("glossary/*/index.html")
        if page.parent.name != "tracker"
    )


def test_every_glossary_entry_unfurls(reader, site):
    """Each glossary entry page has og:title, og:description and a canonical URL pointing at itself."""
    paths = entry_paths(site)
    assert len(paths) >= 10, paths
    problems = []
    for path in paths:
        page = reader.open(path, wait_until="domcontentloaded")
        meta = page.evaluate(READ_META)
        heading, og_title, description = meta["heading"], meta["og:title"], meta["description"]
        og_description, canonical, og_url = meta["og:description"], meta["canonical"], meta["og:url"]
        if not heading or heading not in og_title:
            problems.append(f"{path}: og:title {og_title!r} does not name the entry {heading!r}")
        if not og_description.strip() or og_description != description:
            problems.append(f"{path}: og:description {og_description!r} is empty or differs from the description {description!r}")
        if canonical != site.url + path or og_url != canonical:
            problems.append(f"{path}: canonical {canonical!r} / og:url {og_url!r}, expected {site.url + path!r}")
    assert not problems, "\n".join(problems)


def test_heading_permalinks_land_on_their_heading(reader, site):
    """Every heading permalink on a guide targets its own heading; clicking one, or opening it fresh, shows that heading."""
    page = reader.open(GUIDE)
    links = page.locator("article a.headerlink")
    assert links.count() >= 3
    for index in range(links.count()):
        link = links.nth(index)
        fragment = link.get_attribute("href").split("#", 1)[1]
        owner = link.evaluate("a => a.parentElement.id")
        assert owner == fragment, f"permalink #{fragment} sits in the heading #{owner}"
        assert page.locator(f"[id='{fragment}']").count() == 1, f"#{fragment} is not a unique id"
    # The first section heading has a whole section below it, so it can scroll to the top.
    link = page.locator("article h2 > a.headerlink").first
    fragment = link.get_attribute("href").split("#", 1)[1]
    heading = page.locator(f"[id='{fragment}']")
    header_height = page.locator("header.md-header").bounding_box()["height"]
    heading.hover()
    link.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=fragment)
    page.wait_for_function(
        "([id, top]) => Math.abs(document.getElementById(id).getBoundingClientRect().top - top) < 80",
        arg=[fragment, header_height],
    )
    # A reader following the shared link in a fresh tab lands on the same heading.
    fresh = reader.open(urljoin(site.url, f"{GUIDE}#{fragment}"))
    fresh.wait_for_function(
        "([id, top]) => Math.abs(document.getElementById(id).getBoundingClientRect().top - top) < 80",
        arg=[fragment, header_height],
    )
    assert urlsplit(fresh.url).fragment == fragment
