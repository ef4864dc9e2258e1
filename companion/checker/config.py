"""The checker's settings, with the defaults used by the weekly run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

USER_AGENT = (
    "revolution-betrayed-companion-source-checker/0.1 "
    "(+https://github.com/revolution-betrayed-companion; checks that cited sources still resolve)"
)


@dataclass
class CheckerConfig:
    """Everything the online check needs to know; every field has a safe default."""

    timeout: float = 20.0
    """Seconds for one request: connecting and receiving the headers, then again for reading the body."""
    concurrency: int = 8
    """Requests in flight over all hosts."""
    host_concurrency: int = 2
    """Requests in flight to one host."""
    host_interval: float = 1.0
    """Seconds between the starts of two requests to one host."""
    max_retries: int = 2
    """Extra attempts after a timeout, a 5xx, a 429 or a broken connection."""
    retry_wait: float = 1.0
    """First back-off in seconds, doubled on every retry."""
    retry_after_cap: float = 60.0
    """Longest ``Retry-After`` honoured; a longer one ends the retries at once."""
    max_redirects: int = 10
    max_bytes: int = 1_000_000
    """Most bytes of a body read (enough for the title, the anchors and the soft-404 probe)."""
    budget: float = 900.0
    """Seconds for the whole run; what is not checked by then is reported ``unchecked``."""
    head_first: bool = True
    """Try HEAD first for URLs without a fragment, falling back to GET."""
    confirm_delay: float = 0.5
    """Seconds before the request that confirms a dead URL."""
    allow_private: bool = False
    """Allow private, loopback and link-local addresses (the tests need it)."""
    wayback_url: str = "https://web.archive.org"
    """Base of the Wayback Machine, for snapshot suggestions."""
    user_agent: str = USER_AGENT
    use_cache: bool = True
    cache_dir: Path = Path(".cache/sources")
    confirm_runs: int = 1
    """Failing runs in a row before a dead or gone source fails the run; earlier ones are warnings."""

    def problems(self) -> list[str]:
        """What is wrong with these settings, as messages for a usage error."""
        out = []
        if self.timeout <= 0:
            out.append(f"--timeout must be a positive number of seconds, not {self.timeout:g}.")
        if self.concurrency < 1:
            out.append(f"--concurrency must be at least 1, not {self.concurrency}.")
        if self.host_concurrency < 1:
            out.append(f"--host-concurrency must be at least 1, not {self.host_concurrency}.")
        if self.host_interval < 0:
            out.append(f"--host-interval must not be negative, not {self.host_interval:g}.")
        if self.max_retries < 0:
            out.append(f"--retries must not be negative, not {self.max_retries}.")
        if self.budget <= 0:
            out.append(f"--budget must be a positive number of seconds, not {self.budget:g}.")
        if self.confirm_runs < 1:
            out.append(f"--confirm-runs must be at least 1, not {self.confirm_runs}.")
        if not self.wayback_url.startswith(("http://", "https://")):
            out.append(f"--wayback-url must start with http:// or https://, not '{self.wayback_url}'.")
        return out
