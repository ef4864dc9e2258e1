"""The report's records: one outcome per distinct URL, one record per registry entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .cache import Cache, History, now_iso
from .classes import ADVICE, FAILING, Status
from .config import CheckerConfig
from .offline import OfflineResult

SUGGEST_SNAPSHOT = frozenset({Status.DEAD, Status.GONE, Status.BLOCKED})
"""Classes for which the latest Wayback snapshot is suggested."""


@dataclass
class UrlResult:
    """The outcome for one distinct URL."""

    url: str
    status: Status
    http_status: int | None = None
    final_url: str = ""
    redirects: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    error: str = ""
    new_url: str = ""
    """For ``redirected``: the address to put in the registry."""
    snapshot: str = ""
    from_cache: bool = False
    checked_at: str = ""

    def cacheable(self) -> dict[str, Any]:
        """The fields worth keeping in the cache."""
        data = asdict(self)
        data["class"] = str(data.pop("status"))
        for key in ("from_cache", "attempts", "elapsed_ms", "snapshot"):
            data.pop(key)
        return data

    @classmethod
    def restore(cls, data: dict[str, Any]) -> UrlResult:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "status"}
        return cls(**fields, status=Status(data["class"]), from_cache=True)


@dataclass
class Record:
    """One registry entry's line in the report: the outcome for its URL plus what the registry and history add."""

    key: str
    result: UrlResult
    line: int = 0
    cited_on: list[str] = field(default_factory=list)
    suggestion: str = ""
    archive_url: str = ""
    archive: dict[str, Any] | None = None
    consecutive_failures: int = 0
    first_failed_at: str = ""
    last_ok_at: str = ""
    fails: bool = False
    """Whether this record fails the run (before ``--strict``)."""
    rejected: bool = False
    """The schema refused the entry (its problems are reported as registry problems)."""

    @property
    def url(self) -> str:
        return self.result.url

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def http_status(self) -> int | None:
        return self.result.http_status

    @property
    def error(self) -> str:
        return self.result.error

    @property
    def elapsed_ms(self) -> int:
        return self.result.elapsed_ms

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "key": self.key, "url": r.url, "line": self.line, "http_status": r.http_status, "final_url": r.final_url,
            "redirects": list(r.redirects), "attempts": r.attempts, "elapsed_ms": r.elapsed_ms, "error": r.error,
            "cited_on": list(self.cited_on), "suggestion": self.suggestion, "from_cache": r.from_cache,
            "checked_at": r.checked_at, "archive_url": self.archive_url, "archive": self.archive,
            "consecutive_failures": self.consecutive_failures, "first_failed_at": self.first_failed_at,
            "last_ok_at": self.last_ok_at, "fails": self.fails, "rejected": self.rejected, "class": str(r.status),
        }


def _suggestion(result: UrlResult, archive_url: str) -> str:
    if result.status is Status.REDIRECTED:
        return f"Replace the url with {result.new_url}"
    advice = ADVICE[result.status]
    if result.status in SUGGEST_SNAPSHOT:
        if archive_url:
            return f"{advice} The entry's archive_url is {archive_url}."
        if result.snapshot:
            return f"{advice} Latest Wayback snapshot: {result.snapshot} (add it as archive_url)."
        return f"{advice} No Wayback snapshot was found."
    return advice


def build_records(offline: OfflineResult, results: dict[str, UrlResult], cache: Cache, config: CheckerConfig) -> list[Record]:
    """One record per registry entry (rejected entries included), with history and suggestions."""
    records: list[Record] = []
    histories: dict[str, History] = {}
    for url, result in results.items():
        if result.status is not Status.UNCHECKED:
            histories[url] = cache.record_run(url, result.status, result.checked_at)
    for key, entry in offline.registry.entries.items():
        source = entry.source
        result = results.get(source.url) or UrlResult(source.url, Status.UNCHECKED, error="not checked")
        history = histories.get(source.url) or cache.history.get(source.url) or History()
        record = Record(
            key, result, entry.line, offline.cited_on.get(key, []), _suggestion(result, source.archive_url),
            source.archive_url, consecutive_failures=history.consecutive_failures,
            first_failed_at=history.first_failed_at, last_ok_at=history.last_ok_at,
        )
        record.fails = result.status in FAILING
        if record.status in (Status.DEAD, Status.GONE) and history.consecutive_failures < config.confirm_runs:
            record.fails = False
            record.suggestion += (f" First failure on {history.first_failed_at}: not yet confirmed "
                                  f"({history.consecutive_failures} of {config.confirm_runs} failing runs).")
        elif record.status in (Status.DEAD, Status.GONE) and history.consecutive_failures == 1:
            record.suggestion += " This is its first failing run."
        if source.archive_url:
            archived = results.get(source.archive_url) or UrlResult(source.archive_url, Status.UNCHECKED)
            record.archive = {"url": source.archive_url, "class": str(archived.status), "http_status": archived.http_status,
                              "final_url": archived.final_url, "error": archived.error, "from_cache": archived.from_cache}
            if archived.status in FAILING:
                record.fails = True
                record.suggestion += f" The archive_url is {archived.status}: {ADVICE[archived.status]}"
        records.append(record)
    for key, rejected in offline.rejected.items():
        status = Status.IDENTIFIER_INVALID if rejected.identifier else Status.UNCHECKED
        outcome = UrlResult(rejected.url, status, error="; ".join(rejected.messages), checked_at=now_iso())
        records.append(Record(
            key, outcome, rejected.line, cited_on=offline.cited_on.get(key, []),
            suggestion=ADVICE[Status.IDENTIFIER_INVALID] if rejected.identifier else "Fix the entry in citations.yaml.",
            fails=True, rejected=True,
        ))
    return sorted(records, key=lambda r: r.line)


def urls_to_check(offline: OfflineResult) -> tuple[list[str], frozenset[str]]:
    """Every distinct url and archive_url, and the live URLs without an archive_url (they get snapshot suggestions)."""
    entries = offline.registry.entries.values()
    live = [entry.source.url for entry in entries]
    archives = [entry.source.archive_url for entry in entries if entry.source.archive_url]
    unarchived = frozenset(entry.source.url for entry in entries if not entry.source.archive_url)
    return list(dict.fromkeys(live + archives)), unarchived
