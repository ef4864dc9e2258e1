"""Leftover template placeholders in guides and entries."""

from companion.project import find_placeholders


def test_placeholders_are_reported_once_per_line_at_their_line():
    """Two placeholders on one line make one problem; one on a later line makes another, at its own line."""
    problems = find_placeholders("Intro.\nTODO and TK here.\nFine.\nTK\n", "chapters/x.md", first_line=5)
    assert [str(p) for p in problems] == [
        "chapters/x.md:6: leftover placeholder 'TODO'. Write the missing text or delete the line.",
        "chapters/x.md:8: leftover placeholder 'TK'. Write the missing text or delete the line.",
    ]

