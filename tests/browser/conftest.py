"""The browser suite's fixtures: the real site built once and served locally, and one Debian Chromium.

When ``CI`` is set (non-empty) the suite is mandatory: a missing Chromium (or Playwright) fails
every browser test with a clear message. Elsewhere those tests are skipped with a one-line hint.
Never ``playwright install``: it downloads a browser; Debian's ``chromium`` is used instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest

from tests.site_build import ServedSite, close_served_site, served_site

HINT = "install Debian's chromium: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}

# Counts the search worker's queries (type 2) and answers (type 3) so a test can wait until the
# results shown belong to the whole query typed, not to a prefix typed on the way (Material
# searches on every keystroke). The answer is counted after Material's own listener has run.
# window.Worker is wrapped through a setter too, because on file:// the offline copy's
# iframe-worker shim replaces it after this script has run.
COUNT_SEARCHES = """
(() => {
  window.__searchAsked = 0;
  window.__searchAnswered = 0;
  const counted = (Base) => class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 3) setTimeout(() => { window.__searchAnswered += 1; });
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.__searchAsked += 1;
      return super.postMessage(message, ...rest);
    }
  };
  let current = counted(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get: () => current,
    set: (replacement) => { current = counted(replacement); },
  });
})();
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"The browser suite is mandatory when CI is set, but {reason}. Fix: {HINT}.", pytrace=False)
    pytest.skip(f"{reason}; {HINT}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test itself failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, or a failure (CI) or skip (elsewhere) with the install hint."""
    path = shutil.which("chromium")
    if path is None:
        _unavailable("no `chromium` on PATH")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package `playwright` is not installed in this environment")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[ServedSite]:
    """The real site, built once with ``mkdocs build --strict`` for the local server's URL, and served."""
    yield served_site(tmp_path_factory.mktemp("built"))
    close_served_site()


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """A browser tab as a reader uses it, recording every request and console error along the way."""

    page: object
    site: ServedSite
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    pages_visited: list[str] = field(default_factory=list)

    def open(self, path: str = "", wait_until: str = "load"):
        """Load ``path`` (relative to the site root, or a whole URL) and wait until it has loaded."""
        self.page.goto(urljoin(self.site.url, path), wait_until=wait_until)
        self.pages_visited.append(path or "/")
        return self.page

    def foreign_requests(self) -> list[str]:
        """Requests to any host other than the local server (``data:``/``blob:``/``about:`` are in-page)."""
        local = urlsplit(self.site.url).netloc
        return [
            url for url in self.requests
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).netloc != local
        ]

    def search(self, query: str, *, mobile: bool = False) -> list[str]:
        """Type ``query`` into Material's search box and return the result links, best first."""
        page = self.page
        if not page.is_checked("#__search"):
            page.click("label.md-header__button[for=__search]" if mobile else "input.md-search__input")
        page.fill("input.md-search__input", "")
        page.keyboard.type(query)
        page.wait_for_function("window.__searchAsked > 0 && window.__searchAsked === window.__searchAnswered")
        if not page.locator(".md-search-result__item").count():
            return []  # "No matching documents"
        return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a.md-search-result__link").all()]


def _new_reader(request, browser, site: ServedSite, **context_options) -> Iterator[Reader]:
    context = browser.new_context(**context_options)
    context.add_init_script(COUNT_SEARCHES)
    page = context.new_page()
    reader = Reader(page=page, site=site)

    def record(sent) -> None:
        reader.requests.append(sent.url)

    # Only recorded, not intercepted: routing would switch off the HTTP cache readers rely on.
    # The sandbox has no way out anyway, and Chromium's own background traffic is switched off.
    context.on("request", record)
    page.on("console", lambda message: message.type == "error" and reader.console_errors.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: reader.console_errors.append(f"{page.url}: uncaught {error}"))
    try:
        yield reader
    finally:
        context.close()
    # Every page any browser test visits must stay on the local server and log no errors
    # (checked here unless the test already failed, which would report the same thing twice).
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        return
    foreign = reader.foreign_requests()
    assert not foreign, f"requests left the local server while visiting {reader.pages_visited}: {foreign}"
    assert not reader.console_errors, "console errors:\n" + "\n".join(reader.console_errors)


@pytest.fixture
def reader(request, browser, site) -> Iterator[Reader]:
    """A desktop reader (1280 px wide) in the light scheme."""
    yield from _new_reader(request, browser, site, viewport=DESKTOP, color_scheme="light")


@pytest.fixture
def mobile_reader(request, browser, site) -> Iterator[Reader]:
    """A phone-sized reader (375 × 812, touch)."""
    yield from _new_reader(request, browser, site, viewport=MOBILE, color_scheme="light", has_touch=True, is_mobile=True, device_scale_factor=2)


@pytest.fixture(params=["light", "dark"])
def scheme_reader(request, browser, site) -> Iterator[Reader]:
    """A desktop reader whose system asks for the light or the dark scheme (Material follows it)."""
    yield from _new_reader(request, browser, site, viewport=DESKTOP, color_scheme=request.param)
