"""YAML that remembers where each key and item stands, and refuses duplicate keys.

``yaml.safe_load`` silently keeps the last of two equal keys and forgets line numbers;
authors need both, so mappings load as :class:`LineDict` and sequences as
:class:`LineList`, each knowing the 1-based line of its members.
"""

from __future__ import annotations

from typing import Any

import yaml

from .messages import Problem


class LineDict(dict):
    """A mapping that knows the line of each key (``lines``) and of itself (``line``)."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the line of each item (``lines``) and of itself (``line``)."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def item_line(mapping: Any, key: str, index: int) -> int:
    """The line of item ``index`` of the list under ``key`` (or of the key) in a loaded mapping."""
    items = mapping.get(key) if isinstance(mapping, dict) else None
    if isinstance(items, LineList):
        return items.line_of(index)
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 1


class YamlSyntaxError(Exception):
    """The text is not YAML; carries a :class:`Problem`."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# libyaml's parser when PyYAML was built with it (several times faster); the same marks and errors.
_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _line_loader(base: type) -> type:
    """A loader class on ``base`` whose instances are told the file (``path``), the line offset and
    where to put duplicate-key problems; one class for every file, as building a class costs more
    than parsing a front matter."""

    class Loader(base):
        path = ""
        offset = 0
        duplicates: list[Problem]

        def construct_mapping(self, node, deep=False):
            self.flatten_mapping(node)
            offset = self.offset + 1
            result = LineDict()
            result.line = node.start_mark.line + offset
            result.lines = lines = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + offset
                if key in result:
                    self.duplicates.append(
                        Problem(
                            self.path,
                            line,
                            f"duplicate key '{key}' (first at line {lines[key]}). "
                            "Remove or rename one of them.",
                        )
                    )
                    continue
                result[key] = self.construct_object(value_node, deep=True)
                lines[key] = line
            return result

        def construct_sequence(self, node, deep=False):
            offset = self.offset + 1
            result = LineList(self.construct_object(child, deep=True) for child in node.value)
            result.line = node.start_mark.line + offset
            result.lines = [child.start_mark.line + offset for child in node.value]
            return result

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_sequence)
    # Dates stay strings: authors write ISO dates and we validate them ourselves.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    return Loader


_FAST_LOADER = _line_loader(_BASE)
_CLEAR_LOADER = _line_loader(yaml.SafeLoader)


def _load(text: str, path: str, offset: int, duplicates: list[Problem], loader_class: type) -> Any:
    loader = loader_class(text)
    loader.path, loader.offset, loader.duplicates = path, offset, duplicates
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(text: str, path: str, offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (found in ``path``, starting ``offset`` lines in).

    Returns the data and the duplicate-key problems; raises :class:`YamlSyntaxError`
    when the text is not YAML at all.
    """
    duplicates: list[Problem] = []
    try:
        try:
            data = _load(text, path, offset, duplicates, _FAST_LOADER)
        except yaml.YAMLError:
            # Not YAML: parse again with the pure-Python parser, whose messages read better.
            data = _load(text, path, offset, [], _CLEAR_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + offset) if mark else offset + 1
        reason = error.problem or "invalid YAML"
        raise YamlSyntaxError(
            Problem(path, line, f"not valid YAML: {reason}. Check indentation, colons and quotes.")
        ) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(Problem(path, offset + 1, f"not valid YAML: {error}.")) from error
    return data, duplicates
