"""The offline copy as a reader gets it: the zip from scripts/build_offline.py, unpacked and opened from file://."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.site_build import REPO, build_env

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    """The offline zip built by the real script, unpacked; the folder holding index.html."""
    out = tmp_path_factory.mktemp("offline")
    result = subprocess.run(
        [sys.executable, "scripts/build_offline.py", "--site-dir", str(out / "site")],
        cwd=REPO, env=build_env(), capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, f"scripts/build_offline.py failed:\n{result.stdout}\n{result.stderr[-6000:]}"
    archive = out / "site" / "download" / "companion-offline.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert names and all(n.startswith("companion-offline/") for n in names), names[:5]
        zipped.extractall(out / "unzipped")
    return out / "unzipped" / "companion-offline"


def test_zip_holds_the_whole_site(offline_copy, site):
    """Every page of the online site is in the offline copy (as name.html), with the inlined search index."""
    online = {p.relative_to(site.root).as_posix() for p in site.root.rglob("index.html")}
    expected = {"index.html" if p == "index.html" else p.removesuffix("/index.html") + ".html" for p in online}
    # Section index pages keep their index.html (chapters/index.md -> chapters/index.html).
    present = {p.relative_to(offline_copy).as_posix() for p in offline_copy.rglob("*.html")}
    missing = sorted(e for e in expected if e not in present and e.removesuffix(".html") + "/index.html" not in present)
    assert missing == []
    assert (offline_copy / "search" / "search_index.js").is_file()
    shim = (offline_copy / "assets" / "javascripts" / "iframe-worker-shim.js").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in shim and "window.IFrameWorker" in shim


def test_search_works_from_file(reader, offline_copy):
    """Opened from file://, typing a term into the search box lists its glossary entry first."""
    page = reader.open((offline_copy / "index.html").as_uri())
    assert page.url.startswith("file://")
    links = reader.search("thermidor")
    first = Path(unquote(urlsplit(urljoin(page.url, links[0])).path))
    assert first == offline_copy / "glossary" / "thermidor.html", links[:5]
    page.locator(".md-search-result__item > a").first.click()
    page.locator("p.glossary-summary").wait_for(state="visible")
    assert reader.foreign_requests() == []


def test_a_guide_works_from_file(reader, offline_copy):
    """A chapter guide opened from file:// is styled, its citation markers jump to their notes and its terms name their entry."""
    page = reader.open((offline_copy / "chapters" / "05-soviet-thermidor.html").as_uri())
    assert page.locator("article h1").first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in {"sticky", "fixed"}
    marker = page.locator("article sup[id^='fnref'] a.footnote-ref").first
    note = marker.get_attribute("href").split("#", 1)[1]
    marker.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=note)
    assert page.locator(f"[id='{note}']").is_visible()
    # Material's pop-ups do not start on file://; the summary is still the term's (native) tooltip.
    assert page.locator("article a.glossary-link").first.get_attribute("title")


def test_every_local_link_in_the_offline_copy_resolves(offline_copy):
    """Every relative link on every page of the offline copy points at a file that is in the copy."""
    broken = []
    for page in sorted(offline_copy.rglob("*.html")):
        if page.name == "404.html":
            continue  # served for unknown URLs at the site root, so its links are root-absolute
        for href in re.findall(r'<a\s[^>]*href="([^"#?]*)', page.read_text(encoding="utf-8")):
            if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
                continue
            if href.endswith("download/companion-offline.zip"):
                continue  # the zip is the offline copy itself; it cannot contain itself
            target = (page.parent / unquote(href)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(offline_copy)}: {href}")
    assert broken == []
