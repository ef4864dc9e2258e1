"""Options of the ``companion`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CompanionConfig(Config):
    """``plugins: [companion: {...}]`` in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)

    # Content folders and the registry, relative to mkdocs.yml
    chapters_dir = c.Type(str, default="chapters")
    glossary_dir = c.Type(str, default="glossary")
    citations_file = c.Type(str, default="citations.yaml")

    # Citations
    citations_lint = c.Type(bool, default=True)
    """Demand kind, date and authors or container of every registry entry (beyond the schema)."""

    # Glossary
    glossary_search_boost = c.Type((int, float), default=8)
    """Search boost of glossary entries, so that looking up a term finds its entry first."""
    glossary_link_terms = c.Type(bool, default=True)
    """Link the first mention of each glossary term on chapter guides and docs pages."""

    # Cite this page
    cite_author = c.Type(str, default="The Revolution Betrayed Companion contributors")

    # Output
    atomic_build = c.Type(bool, default=True)
    """Build into a staging folder and replace site_dir only if the build succeeds."""
