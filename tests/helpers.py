"""Small factories for tests: a minimal companion site written into a temporary folder, and a real build."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Fixture
site_url: http://127.0.0.1:8000/
strict: true
theme:
  name: material
  font: false
plugins:
  - search
  - companion
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
not_in_nav: |
  /glossary/*.md
  /chapters/*.md
  /sources/*.md
markdown_extensions:
  - attr_list
  - md_in_html
  - footnotes
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - toc:
      permalink: true
"""

CITATIONS = """\
trotsky1937:
  title: The Revolution Betrayed
  authors: ["Trotsky, Leon"]
  date: "1937"
  kind: edition
  url: https://www.marxists.org/archive/trotsky/1936/revbet/
"""

GLOSSARY = {
    "thermidor": """\
---
term: Thermidor
aliases: [Thermidorian]
summary: The reaction inside a revolution that keeps its new property forms.
kind: theme
related: [bonapartism]
---

# Thermidor

Thermidor is explained here [@trotsky1937].
""",
    "bonapartism": """\
---
term: Bonapartism
summary: Rule by an arbiter standing above contending classes.
kind: theme
---

# Bonapartism

A regime of crisis [@trotsky1937].
""",
}

CHAPTER = """\
---
number: 5
title: The Soviet Thermidor
question: How did a bureaucracy come to rule?
online_text: https://www.marxists.org/archive/trotsky/1936/revbet/ch05.htm
sections:
  - number: 1
    title: Why Stalin Triumphed
    anchor: ch05-1
    terms: [thermidor]
themes: [thermidor]
reading_time: 40
difficulty: moderate
---

# Chapter 5

## At a glance

The question [@trotsky1937, sec. 1].

## Before you read

Orientation.

## Section by section

### 1. Why Stalin Triumphed { #section-1 }

A paragraph.

## Key terms

## Key passages

> A passage.

— Chapter 5, section 1.

> Another passage.

— Chapter 5, section 3.

## Context

Context.

## Debates

Debates.

## Questions for discussion

1. Why?
2. How?
3. When?
4. Who?
5. What then?

## Further reading

- A book.
"""


def write_site(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """Write the minimal good site into ``root``; ``files`` overrides (``None`` deletes) paths."""
    base = {
        "mkdocs.yml": MKDOCS_YML,
        "citations.yaml": CITATIONS,
        "docs/index.md": "# Home\n\nSee [the guide](chapters/05-soviet-thermidor.md) [@trotsky1937].\n",
        "chapters/05-soviet-thermidor.md": CHAPTER,
        **{f"glossary/{slug}.md": text for slug, text in GLOSSARY.items()},
    }
    for path, text in {**base, **(files or {})}.items():
        target = root / path
        if text is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


def build(root: Path, *args: str, site_dir: str = "site") -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build --strict`` in ``root``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site_dir, *args],
        cwd=root, env=env, capture_output=True, text=True, timeout=300,
    )


def warnings_of(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The WARNING lines of a build, without the level prefix."""
    out = []
    for line in result.stderr.splitlines():
        if line.startswith("WARNING"):
            out.append(line.split("-", 1)[1].strip().removeprefix("companion: "))
    return out
