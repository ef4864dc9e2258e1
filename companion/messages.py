"""One shape for every message an author can act on: ``path:line: what is wrong. hint``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in one file, at one line, with the fix where we know it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """Return `` Did you mean 'x'?`` for the closest known value, or an empty string."""
    matches = difflib.get_close_matches(value, sorted(set(known)), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def unknown(what: str, value: str, known: Iterable[str], fix: str = "") -> str:
    """Message for an unknown reference: ``unknown theme 'x'. Did you mean 'y'?``."""
    hint = did_you_mean(value, known)
    if not hint and fix:
        hint = f" {fix}"
    return f"unknown {what} '{value}'.{hint}"


def report(problems: Iterable[Problem]) -> str:
    """All problems, sorted by file and line, one per line."""
    return "\n".join(str(p) for p in sorted(set(problems)))
