"""Deferred HTML blocks: what Markdown carries, what search sees, what the reader gets."""

from __future__ import annotations

import markdown

from companion.deferred import DeferredBlocks


def render(text: str) -> str:
    return markdown.markdown(text)


def test_blocks_and_markers_come_back_in_two_stages():
    """Searchable blocks are put in first; the others stay comments until after indexing."""
    blocks = DeferredBlocks()
    source = (
        "Text with a marker" + blocks.inline("<sup>1</sup>") + " here."
        + blocks.placeholder(lambda href: f'<a href="{href("chapters/05.md")}">searchable</a>', searchable=True)
        + blocks.placeholder("<div>apparatus</div>")
    )
    html = render(source)
    first = blocks.fill(html, lambda target: "../" + target.replace(".md", "/"))
    assert '<a href="../chapters/05/">searchable</a>' in first
    assert "apparatus" not in first and "<sup>1</sup>" not in first
    assert "companion" not in first.replace("<!--companion:", "")
    final = blocks.fill_late(first, lambda target: target)
    assert "<div>apparatus</div>" in final and "marker<sup>1</sup> here." in final
    assert "<!--companion:" not in final


def test_a_page_without_blocks_is_left_alone():
    html = "<p>companionblock0x</p>"
    assert DeferredBlocks().fill(html, str) == html
