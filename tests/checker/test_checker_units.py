"""Small pure pieces of the checker: Retry-After parsing, login URLs, sibling probes, anchors."""

from __future__ import annotations

import email.utils

import pytest

from companion.checker.classify import is_login_url
from companion.checker.hosts import retry_after_seconds
from companion.checker.pages import parse_page
from companion.checker.soft404 import sibling_url


@pytest.mark.parametrize(("value", "expected"), [("2", 2.0), ("0", 0.0), (None, None), ("", None), ("soon", None)])
def test_retry_after_values(value, expected):
    """Delta-seconds are read as is; a missing or garbage value gives None."""
    assert retry_after_seconds(value) == expected


def test_retry_after_http_date():
    """An HTTP-date gives the seconds until that moment."""
    assert retry_after_seconds(email.utils.formatdate(1_000_030, usegmt=True), now=1_000_000) == 30.0


@pytest.mark.parametrize(("url", "login"), [
    ("https://x.org/login?next=/a", True), ("https://x.org/users/sign_in", True), ("https://sso.x.org/idp/auth", True),
    ("https://x.org/authors/trotsky", False), ("https://x.org/archive/trotsky/1936/revbet/ch05.htm", False),
])
def test_login_urls(url, login):
    """Login, sign-in and SSO paths are recognised; ordinary paths are not."""
    assert is_login_url(url) is login


def test_sibling_keeps_directory_and_extension():
    """The made-up sibling lives in the same directory with the same extension, without query or fragment."""
    probe = sibling_url("https://www.marxists.org/archive/trotsky/1936/revbet/ch05.htm?x=1#ch05-1")
    assert probe.startswith("https://www.marxists.org/archive/trotsky/1936/revbet/companion-probe-")
    assert probe.endswith(".htm")


def test_anchors_by_id_name_and_percent_encoding():
    """Anchors come from id and <a name>, and percent-encoded fragments match."""
    page = parse_page("<title> T </title><h2 id='Thermidor é'>x</h2><a name='old'></a><script>id='no'</script>".encode())
    assert (page.title, page.has_anchor("old"), page.has_anchor("Thermidor%20%C3%A9"), page.has_anchor("no")) == ("T", True, True, False)
