"""Turn a fetch into a status class: bot walls, login pages, dead and gone pages, rate limits."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .classes import Status
from .fetch import Fetched

_LOGIN = re.compile(
    r"(?:^|[/._=-])(?:log[-_]?in|sign[-_]?in|signon|sso|saml|oauth2?|authenticate|auth|cas|idp|session/new|accounts?/login|consent)"
    r"(?:[/._?=&-]|$)",
    re.I,
)
_CHALLENGE_TEXT = re.compile(
    rb"just a moment|attention required|cf-chl|checking your browser|captcha|are you a robot|"
    rb"bot detection|verify you are (?:a )?human|request unsuccessful\. incapsula|ddos-guard",
    re.I,
)
_WAF_HEADERS = ("cf-mitigated", "x-amzn-waf-action", "x-datadome", "x-sucuri-block", "x-iinfo")
_DEAD_ERRORS = frozenset({"dns", "refused", "connect", "not-http", "reset", "redirect-loop", "too-many-redirects", "invalid-url"})


def is_login_url(url: str) -> bool:
    """Whether ``url``'s path or query looks like a login, SSO or consent page."""
    parts = urlsplit(url)
    return bool(_LOGIN.search(f"{parts.path}?{parts.query}"))


def bot_wall_signal(fetched: Fetched) -> str:
    """The first sign that a bot wall answered (``""`` if none)."""
    if fetched.status == 999:
        return "status 999 (a bot-denial code)"
    for name in _WAF_HEADERS:
        if name in fetched.headers:
            return f"header '{name}: {fetched.headers[name]}'"
    if fetched.status in (403, 429, 503) and "cloudflare" in fetched.headers.get("server", "").lower():
        return "a Cloudflare error page"
    if fetched.status in (403, 503) and (match := _CHALLENGE_TEXT.search(fetched.body[:200_000])):
        return f"a challenge page ('{match.group(0).decode(errors='replace')}')"
    return ""


def classify(fetched: Fetched) -> tuple[Status, str]:
    """The class of a finished fetch and the error to report (empty for ``ok``)."""
    hops = [hop.location for hop in fetched.redirects]
    if any(is_login_url(url) for url in hops) and not is_login_url(fetched.url):
        return Status.AUTH_WALL, f"redirected to a login page: {next(u for u in hops if is_login_url(u))}"
    kind, status = fetched.error_kind, fetched.status
    if kind == "timeout":
        return Status.TIMEOUT, f"{fetched.error} ({fetched.attempts} attempts)"
    if kind == "tls":
        return Status.TLS, fetched.error
    if kind == "private":
        return Status.BLOCKED, fetched.error
    if kind in _DEAD_ERRORS:
        return Status.DEAD, fetched.error
    if status is None:
        return Status.DEAD, fetched.error or "no answer"
    if 200 <= status < 300:
        return Status.OK, ""
    reason = f"HTTP {status}"
    if signal := bot_wall_signal(fetched):
        return Status.BLOCKED, f"{reason}: bot wall ({signal})"
    if status in (401, 407):
        return Status.AUTH_WALL, f"{reason}: the server asks for credentials"
    if status == 403:
        return Status.BLOCKED, f"{reason}: forbidden, with no bot-wall signal (may be a block or a real refusal)"
    if status == 451:
        return Status.BLOCKED, f"{reason}: unavailable for legal reasons (from this location)"
    if status == 410:
        return Status.GONE, reason
    if status == 429:
        extra = f"; {fetched.error}" if fetched.error else ""
        return Status.RATE_LIMITED, f"{reason} after {fetched.attempts} attempts{extra}"
    if status >= 500:
        return Status.SERVER_ERROR, f"{reason} after {fetched.attempts} attempts"
    if 300 <= status < 400:
        return Status.DEAD, fetched.error or f"{reason} without a usable redirect"
    return Status.DEAD, reason


def redirected_home(fetched: Fetched) -> bool:
    """Whether a deep link was redirected to its site's home page (a soft-404 sign)."""
    if not fetched.redirects:
        return False
    before, after = urlsplit(fetched.url), urlsplit(fetched.final_url)
    return before.path.strip("/") != "" and after.path.strip("/") == "" and not after.query
