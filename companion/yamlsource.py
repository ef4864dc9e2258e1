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


def _loader(path: str, offset: int, duplicates: list[Problem], base: type = _BASE) -> type:
    class Loader(base):
        def construct_mapping(self, node, deep=False):
            self.flatten_mapping(node)
            result = LineDict()
            result.line = node.start_mark.line + 1 + offset
            result.lines = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1 + offset
                if key in result:
                    duplicates.append(
                        Problem(
                            path,
                            line,
                            f"duplicate key '{key}' (first at line {result.lines[key]}). "
                            "Remove or rename one of them.",
                        )
                    )
                    continue
                result[key] = self.construct_object(value_node, deep=True)
                result.lines[key] = line
            return result

        def construct_sequence(self, node, deep=False):
            result = LineList(self.construct_object(child, deep=True) for child in node.value)
            result.line = node.start_mark.line + 1 + offset
            result.lines = [child.start_mark.line + 1 + offset for child in node.value]
            return result

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_sequence)
    # Dates stay strings: authors write ISO dates and we validate them ourselves.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    return Loader


def load_yaml(text: str, path: str, offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (found in ``path``, starting ``offset`` lines in).

    Returns the data and the duplicate-key problems; raises :class:`YamlSyntaxError`
    when the text is not YAML at all.
    """
    duplicates: list[Problem] = []
    try:
        try:
            data = yaml.load(text, Loader=_loader(path, offset, duplicates))
        except yaml.YAMLError:
            # Not YAML: parse again with the pure-Python parser, whose messages read better.
            data = yaml.load(text, Loader=_loader(path, offset, [], yaml.SafeLoader))
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
