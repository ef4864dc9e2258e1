"""Results kept between runs (a maximum age per class, failures never) and the failure history.

Two JSON files under the cache directory: ``results.json`` (fresh results, served instead of a request)
and ``history.json`` (per URL: when it first failed, how many runs in a row, when it was last fine).
A file that cannot be read is ignored and written again at the end of the run.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .classes import Status

VERSION = 1
DAY = 86_400.0
MAX_AGE: dict[Status, float] = {
    Status.OK: 7 * DAY,
    Status.REDIRECTED: 7 * DAY,
    Status.AUTH_WALL: 1 * DAY,
    Status.SOFT_404_SUSPECT: 1 * DAY,
}
"""How long a result of each class may be served from the cache; other classes are never cached."""
FINE = frozenset({Status.OK, Status.REDIRECTED})


def now_iso(now: float | None = None) -> str:
    """An ISO 8601 UTC timestamp, to the second."""
    return datetime.fromtimestamp(time.time() if now is None else now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> float:
    """Seconds since the epoch for a timestamp written by :func:`now_iso`."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()


@dataclass
class History:
    """The failure history of one URL."""

    consecutive_failures: int = 0
    first_failed_at: str = ""
    last_ok_at: str = ""
    last_class: str = ""


def _atomic_write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1, sort_keys=True)
    os.replace(tmp, path)


@dataclass
class Cache:
    """The result cache and the failure history of one cache directory."""

    directory: Path
    use_results: bool = True
    now: float = field(default_factory=time.time)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: dict[str, History] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def results_file(self) -> Path:
        return self.directory / "results.json"

    @property
    def history_file(self) -> Path:
        return self.directory / "history.json"

    def load(self) -> Cache:
        """Read both files; a missing file is empty, a corrupt one is noted and ignored."""
        if self.use_results:
            data = self._read(self.results_file, "results")
            self.results = {url: r for url, r in data.items() if isinstance(r, dict) and self._valid(r)}
        for url, raw in self._read(self.history_file, "urls").items():
            if isinstance(raw, dict):
                try:
                    self.history[url] = History(**raw)
                except TypeError:
                    continue
        return self

    def _read(self, path: Path, section: str) -> dict[str, Any]:
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get(section), dict):
                raise ValueError("unexpected layout or version")
        except (OSError, ValueError) as error:
            self.notes.append(f"{path}: ignoring the unreadable cache file ({error}); it will be rebuilt.")
            return {}
        return data[section]

    @staticmethod
    def _valid(record: dict[str, Any]) -> bool:
        try:
            return Status(record["class"]) in MAX_AGE and bool(parse_iso(record["checked_at"]))
        except (KeyError, ValueError, TypeError):
            return False

    def get(self, url: str) -> dict[str, Any] | None:
        """A cached result for ``url`` still within its class's maximum age, or ``None``."""
        record = self.results.get(url)
        if record is None:
            return None
        age = self.now - parse_iso(record["checked_at"])
        return record if -DAY <= age <= MAX_AGE[Status(record["class"])] else None

    def put(self, url: str, record: dict[str, Any]) -> None:
        """Remember ``record`` (with ``class`` and ``checked_at``) if its class may be cached at all."""
        if self.use_results and Status(record["class"]) in MAX_AGE:
            self.results[url] = record
        else:
            self.results.pop(url, None)

    def record_run(self, url: str, status: Status, checked_at: str) -> History:
        """Update ``url``'s failure history with this run's class and return it."""
        entry = self.history.setdefault(url, History())
        if status in FINE:
            entry.consecutive_failures, entry.first_failed_at, entry.last_ok_at = 0, "", checked_at
        else:
            entry.consecutive_failures += 1
            entry.first_failed_at = entry.first_failed_at or checked_at
        entry.last_class = str(status)
        return entry

    def save(self) -> None:
        """Write both files atomically (the result file only when the result cache is in use)."""
        if self.use_results:
            fresh = {url: r for url, r in self.results.items() if self.get(url) is not None}
            _atomic_write(self.results_file, {"version": VERSION, "results": fresh})
        _atomic_write(self.history_file, {"version": VERSION, "urls": {u: vars(h) for u, h in self.history.items()}})
