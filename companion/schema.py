"""Validate loaded YAML against a pydantic model and turn every error into a located :class:`Problem`."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import Problem, did_you_mean
from .yamlsource import LineDict, LineList

Model = TypeVar("Model", bound=BaseModel)


def _line_at(data: Any, loc: tuple[Any, ...], default: int) -> int:
    """The line of the deepest node along ``loc`` that knows its line."""
    line = getattr(data, "line", 0) or default
    node = data
    for part in loc:
        if (isinstance(node, LineDict) and part in node) or (isinstance(node, LineList) and isinstance(part, int) and part < len(node)):
            line = node.line_of(part)
            node = node[part]
        else:
            break
    return line


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(error: dict[str, Any], model: type[BaseModel], where: str) -> str:
    loc = tuple(error["loc"])
    name = _field_path(loc)
    kind = error["type"]
    if kind == "missing":
        return f"missing required field '{name}'. Add it to {where}."
    if kind == "extra_forbidden":
        field = str(loc[-1])
        known = _known_fields(model, loc[:-1])
        hint = did_you_mean(field, known) or f" Known fields: {', '.join(sorted(known))}."
        return f"unknown field '{name}'.{hint}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        value = str(error.get("input"))
        hint = did_you_mean(value, choices) or f" Use one of: {', '.join(choices)}."
        return f"{name} '{value}' is not allowed.{hint}"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return f"{name}: {message[0].lower() + message[1:]}" + ("" if message.endswith((".", "?")) else ".")


def _known_fields(model: type[BaseModel], parent: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), None)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def validate(
    model: type[Model], data: Any, path: str, default_line: int = 1, where: str = "the front matter"
) -> tuple[Model | None, list[Problem]]:
    """Validate ``data`` as ``model``; return the instance or ``None`` and every problem found."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = [
            Problem(path, _line_at(data, tuple(e["loc"]), default_line), _describe(e, model, where))
            for e in exc.errors(include_url=False)
        ]
        return None, problems
