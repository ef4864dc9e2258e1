"""The reports: JSON (one record per entry), Markdown grouped by class, JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..messages import Problem
from .classes import ADVICE, FAILING, Status
from .records import Record

ORDER = [
    Status.DEAD, Status.GONE, Status.FRAGMENT_MISSING, Status.IDENTIFIER_INVALID, Status.BLOCKED, Status.RATE_LIMITED,
    Status.TIMEOUT, Status.TLS, Status.AUTH_WALL, Status.SOFT_404_SUSPECT, Status.SERVER_ERROR, Status.UNCHECKED,
    Status.REDIRECTED, Status.OK,
]


@dataclass
class Report:
    """Everything a run found, ready to be written out."""

    registry: str
    records: list[Record]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    checked_at: str = ""
    strict: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = Counter(str(r.status) for r in self.records)
        return {str(s): counts[str(s)] for s in ORDER if counts[str(s)]}

    def failing(self, record: Record) -> bool:
        """Whether ``record`` fails the run under the current strictness."""
        return record.fails or (self.strict and record.status is not Status.OK)


def to_json(report: Report) -> str:
    """The JSON report: an object whose ``results`` hold one record per registry entry."""
    data: dict[str, Any] = {
        "registry": report.registry,
        "checked_at": report.checked_at,
        "summary": report.summary(),
        "problems": [str(p) for p in sorted(report.problems)],
        "warnings": [str(p) for p in sorted(report.warnings)],
        "results": [r.to_json() for r in report.records],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A Markdown summary grouped by class (for a job summary or an issue), failures first."""
    lines = [f"# Source check of `{report.registry}`", ""]
    summary = ", ".join(f"{n} {s}" for s, n in report.summary().items()) or "nothing checked"
    lines += [f"{len(report.records)} entries checked on {report.checked_at}: {summary}.", ""]
    if report.problems:
        lines += ["## Registry problems", ""] + [f"- `{p}`" for p in sorted(report.problems)] + [""]
    groups: dict[Status, list[Record]] = {}
    for record in report.records:
        groups.setdefault(record.status, []).append(record)
    for status in ORDER:
        records = groups.get(status)
        if not records:
            continue
        verdict = "fails the run" if status in FAILING else ("fine" if status is Status.OK else "warning")
        lines += [f"## {status} ({len(records)}, {verdict})", ""]
        if status is Status.OK:
            lines += [", ".join(f"`{r.key}`" for r in records), ""]
            continue
        if ADVICE[status]:
            lines += [ADVICE[status], ""]
        lines += ["| Key | URL | HTTP | Detail | Suggestion | Cited on |", "|---|---|---|---|---|---|"]
        for r in records:
            cited = ", ".join(f"`{page}`" for page in r.cited_on) or "not cited"
            suggestion = r.suggestion if status is Status.REDIRECTED else r.suggestion.replace(ADVICE[status], "").strip()
            lines.append(f"| `{r.key}` ({r.line}) | <{r.url}> | {r.http_status or ''} | {_cell(r.error)} | {_cell(suggestion)} | {cited} |")
        lines.append("")
    archives = [r for r in report.records if r.archive and r.archive["class"] != str(Status.OK)]
    if archives:
        lines += ["## Archive copies that need a look", "", "| Key | archive_url | Class | Detail |", "|---|---|---|---|"]
        lines += [f"| `{r.key}` | <{r.archive_url}> | {r.archive['class']} | {_cell(r.archive['error'])} |" for r in archives if r.archive]
        lines.append("")
    if report.warnings:
        lines += ["## Other warnings", ""] + [f"- `{p}`" for p in sorted(report.warnings)] + [""]
    return "\n".join(lines)


def to_junit(report: Report) -> str:
    """JUnit XML: one test case per entry, plus one per registry problem."""
    suite = ET.Element("testsuite", name="sources", timestamp=report.checked_at)
    failures = 0
    for problem in sorted(report.problems):
        case = ET.SubElement(suite, "testcase", classname="sources.registry", name=f"{problem.path}:{problem.line}")
        ET.SubElement(case, "failure", message=problem.message, type="registry").text = str(problem)
        failures += 1
    for record in report.records:
        case = ET.SubElement(suite, "testcase", classname=f"sources.{record.status}", name=f"{record.key} {record.url}",
                             time=f"{record.elapsed_ms / 1000:.3f}")
        detail = f"{report.registry}:{record.line}: entry '{record.key}': {record.status}: {record.error}. {record.suggestion}".strip()
        if report.failing(record):
            ET.SubElement(case, "failure", message=f"{record.status}: {record.error}", type=str(record.status)).text = detail
            failures += 1
        elif record.status is not Status.OK:
            ET.SubElement(case, "system-out").text = detail
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def console_lines(report: Report) -> list[str]:
    """Compiler-style lines for the terminal: every non-ok record and every problem."""
    lines = [str(p) for p in sorted(report.problems)]
    for r in report.records:
        if r.status is Status.OK or r.rejected:
            continue
        label = "error" if report.failing(r) else "warning"
        lines.append(f"{report.registry}:{r.line}: {label}: entry '{r.key}': url {r.url} is {r.status}"
                     f"{': ' + r.error if r.error else ''}. {r.suggestion}".rstrip())
        if r.archive and r.archive["class"] != str(Status.OK):
            lines.append(f"{report.registry}:{r.line}: warning: entry '{r.key}': archive_url {r.archive_url} is {r.archive['class']}"
                         f"{': ' + r.archive['error'] if r.archive['error'] else ''}.")
    return lines
