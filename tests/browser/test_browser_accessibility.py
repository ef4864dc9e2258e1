"""Accessibility: axe-core finds no WCAG 2.1 A or AA violation on the main kinds of page, light or dark."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "chapter guide": "chapters/05-soviet-thermidor/",
    "glossary entry": "glossary/thermidor/",
    "glossary": "glossary/",
    "theme tracker": "glossary/tracker/",
    "sources": "sources/",
}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
SCHEMES = {"light": "default", "dark": "slate"}


def describe(violations: list[dict]) -> str:
    """One line per violation and up to three of the elements it was found on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:3]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    … and {len(violation['nodes']) - 3} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_wcag_violations(scheme_reader, axe, request, path):
    """axe-core (WCAG 2.0/2.1 A and AA rules) reports no violations on the page in the reader's scheme."""
    scheme = request.node.callspec.params["scheme_reader"]
    page = scheme_reader.open(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    violations = axe.run(page, options=WCAG_21_AA).response["violations"]
    assert not violations, f"/{path} in the {scheme} scheme:\n{describe(violations)}"
