"""The status classes of a checked source, which of them fail a run, and the advice for each."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What became of one cited URL."""

    OK = "ok"
    REDIRECTED = "redirected"
    DEAD = "dead"
    GONE = "gone"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    TLS = "tls"
    AUTH_WALL = "auth-wall"
    SOFT_404_SUSPECT = "soft-404-suspect"
    FRAGMENT_MISSING = "fragment-missing"
    SERVER_ERROR = "server-error"
    IDENTIFIER_INVALID = "identifier-invalid"
    UNCHECKED = "unchecked"


FAILING = frozenset({Status.DEAD, Status.GONE, Status.FRAGMENT_MISSING, Status.IDENTIFIER_INVALID})
"""Classes that fail a run by default; every other class except ``ok`` is a warning."""

ADVICE: dict[Status, str] = {
    Status.OK: "",
    Status.REDIRECTED: "The address moved for good: put the new URL in citations.yaml.",
    Status.DEAD: "The source no longer resolves: find its new address or cite an archived copy (archive_url).",
    Status.GONE: "The server says the page was removed on purpose (410): cite an archived copy (archive_url).",
    Status.BLOCKED: "A bot wall answered, so the source could not be verified. Open it in a browser; do not call it dead.",
    Status.RATE_LIMITED: "The host kept answering 429. Check again later or lower --concurrency.",
    Status.TIMEOUT: "No answer in time. Check again later; if it persists, look for a new address.",
    Status.TLS: "The TLS handshake failed. An incomplete certificate chain often still works in browsers.",
    Status.AUTH_WALL: "The URL leads to a login page: cite a public address or an archived copy.",
    Status.SOFT_404_SUSPECT: "The page answers 200 but looks like the site's not-found page: open it and check.",
    Status.FRAGMENT_MISSING: "The page has no element with this #anchor: fix the anchor in the URL.",
    Status.SERVER_ERROR: "The server kept failing (5xx). Check again later.",
    Status.IDENTIFIER_INVALID: "Fix the identifier in citations.yaml.",
    Status.UNCHECKED: "The run's time budget ran out before this URL was checked.",
}


def is_failing(status: Status) -> bool:
    """Whether ``status`` fails a run without ``--strict``."""
    return status in FAILING


def is_warning(status: Status) -> bool:
    """Whether ``status`` is a warning: neither ``ok`` nor failing."""
    return status is not Status.OK and status not in FAILING
