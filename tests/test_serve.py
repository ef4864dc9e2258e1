"""``mkdocs serve`` watches chapters/, glossary/ and citations.yaml and serves edits live."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import CHAPTER, write_site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, attempts: int = 120) -> str:
    """Poll until the page contains ``text`` (a bounded wait, not a timing assertion)."""
    page = ""
    for _ in range(attempts):
        page = _fetch(url)
        if text in page:
            return page
        time.sleep(0.5)
    return page


@pytest.mark.build
def test_serve_rebuilds_on_edits_to_chapters_glossary_and_registry(tmp_path):
    """Editing a chapter guide, a glossary entry and the registry each shows up on the served site."""
    root = write_site(tmp_path, {"mkdocs.yml": _config()})
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _wait_for(base + "chapters/05-soviet-thermidor/", "Why Stalin Triumphed")
        assert "Why Stalin Triumphed" in page
        assert 'href="https://example.org/repo/edit/main/chapters/05-soviet-thermidor.md"' in page
        (root / "chapters/05-soviet-thermidor.md").write_text(CHAPTER.replace("A paragraph.", "A freshly edited paragraph."))
        assert "A freshly edited paragraph." in _wait_for(base + "chapters/05-soviet-thermidor/", "A freshly edited paragraph.")
        glossary = root / "glossary/bonapartism.md"
        glossary.write_text(glossary.read_text().replace("A regime of crisis", "A regime of permanent crisis"))
        assert "A regime of permanent crisis" in _wait_for(base + "glossary/bonapartism/", "A regime of permanent crisis")
        registry = root / "citations.yaml"
        registry.write_text(registry.read_text().replace("title: The Revolution Betrayed", "title: The Revolution Betrayed, reissued"))
        assert "The Revolution Betrayed, reissued" in _wait_for(base + "sources/", "The Revolution Betrayed, reissued")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _config() -> str:
    from tests.helpers import MKDOCS_YML

    config = MKDOCS_YML.replace("strict: true\n", "edit_uri: https://example.org/repo/edit/main/\n")
    return config.replace("  font: false\n", "  font: false\n  features: [content.action.edit]\n")
