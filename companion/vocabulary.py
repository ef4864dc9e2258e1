"""The controlled vocabularies (glossary kinds, citation kinds, difficulty, placeholders), read from data."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .yamlsource import load_yaml


@cache
def vocabulary() -> dict:
    """The parsed ``data/vocabulary.yaml`` shipped with the package."""
    text = resources.files("companion").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
    return load_yaml(text, "companion/data/vocabulary.yaml")[0]  # libyaml's parser, as for the content


def glossary_kinds() -> dict[str, str]:
    return dict(vocabulary()["glossary_kinds"])


def citation_kinds() -> dict[str, str]:
    return dict(vocabulary()["citation_kinds"])


def difficulties() -> list[str]:
    return list(vocabulary()["difficulty"])


def placeholders() -> list[str]:
    return list(vocabulary()["placeholders"])


def chapter_headings() -> list[str]:
    return list(vocabulary()["chapter_headings"])
