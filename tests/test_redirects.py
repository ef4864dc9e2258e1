"""A renamed glossary entry keeps its old URL through a redirect, never a 404."""

import pytest

from tests.helpers import GLOSSARY, MKDOCS_YML, build, write_site


@pytest.mark.build
def test_former_slug_redirects_to_the_entry(tmp_path):
    """``former_slugs: [soviet-thermidor]`` makes /glossary/soviet-thermidor/ lead to /glossary/thermidor/."""
    root = write_site(tmp_path, {
        "mkdocs.yml": MKDOCS_YML.replace("  - companion\n", "  - companion\n  - redirects\n"),
        "glossary/thermidor.md": GLOSSARY["thermidor"].replace("kind: theme", "kind: theme\nformer_slugs: [soviet-thermidor]"),
    })
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "glossary" / "soviet-thermidor" / "index.html").read_text()
    assert 'http-equiv="refresh"' in page and "../thermidor/" in page


@pytest.mark.build
def test_former_slug_without_the_redirects_plugin_is_refused(tmp_path):
    """Without the redirects plugin the build stops and says what to enable."""
    root = write_site(tmp_path, {
        "glossary/thermidor.md": GLOSSARY["thermidor"].replace("kind: theme", "kind: theme\nformer_slugs: [soviet-thermidor]"),
    })
    result = build(root)
    assert result.returncode != 0
    assert "glossary entries list former_slugs, but the 'redirects' plugin is not enabled in mkdocs.yml." in result.stderr
