"""Print the URL of every guide, glossary entry and generated page, for tests/published_urls.txt.

Run after adding pages: `python scripts/list_urls.py >> tests/published_urls.txt` (then remove duplicates).
A published URL must never disappear: rename a glossary entry by listing its old slug in `former_slugs`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.project import Project


def main() -> None:
    project = Project.load(Path(__file__).resolve().parent.parent)
    for url in ["", "chapters/", "glossary/", "glossary/tracker/", "sources/"]:
        print(url or "/")
    for chapter in project.book:
        print(f"chapters/{chapter.slug}/")
    for entry in project.glossary.sorted():
        print(f"glossary/{entry.slug}/")


if __name__ == "__main__":
    main()
