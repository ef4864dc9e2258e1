"""Progress while checking: a rich bar on a terminal, one plain line per URL in CI or a pipe."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .records import UrlResult


def interactive(stream: TextIO) -> bool:
    """Whether to draw a bar: ``stream`` is a terminal and ``CI`` is not set."""
    return stream.isatty() and not os.environ.get("CI")


class ProgressReporter:
    """Counts finished URLs; use as a context manager and call it with each result."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self._bar: Progress | None = None
        self._task = None
        if interactive(self.stream):
            self._bar = Progress(TextColumn("checking sources"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=self.stream), transient=True)

    def __enter__(self) -> ProgressReporter:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("check", total=self.total)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, result: UrlResult) -> None:
        self.done += 1
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)
            return
        cached = " (cached)" if result.from_cache else ""
        print(f"[{self.done}/{self.total}] {result.status}{cached} {result.url}", file=self.stream, flush=True)
