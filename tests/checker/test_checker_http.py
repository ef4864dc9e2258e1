"""The online check against a real HTTP server on 127.0.0.1: one status class per behaviour."""

from __future__ import annotations

import email.utils
import time

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from companion.checker.classes import Status

from .conftest import add_snapshot

PAGE = "<html><head><title>Chapter 5</title></head><body><h2 id='ch05-1'>1</h2><a name='old-anchor'></a>" + "text " * 50 + "</body></html>"
NOT_FOUND = "<html><head><title>Page not found</title></head><body>Sorry, the page you asked for is not here.</body></html>"


def _counter(*responses: Response):
    """A handler answering ``responses`` in turn, then the last one forever."""
    calls: list[Request] = []

    def handler(request: Request) -> Response:
        calls.append(request)
        return responses[min(len(calls), len(responses)) - 1]

    return handler, calls


def test_200_is_ok(server: HTTPServer, check):
    """A page that answers 200 is ok, with its status and final URL recorded."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/page")
    result = check(url)[url]
    assert (result.status, result.http_status, result.final_url, result.error) == (Status.OK, 200, url, "")


def test_404_is_dead_confirmed_and_suggests_snapshot(server: HTTPServer, wayback: HTTPServer, check):
    """A 404 seen by both HEAD and GET is dead, and the latest Wayback snapshot is suggested."""
    url = server.url_for("/missing")
    snapshot = add_snapshot(wayback, url, "/web/20200101000000/" + url)
    result = check(url)[url]
    assert (result.status, result.http_status, result.error) == (Status.DEAD, 404, "HTTP 404 (HEAD and GET agree)")
    assert result.snapshot == snapshot
    assert [r.method for r, _ in server.log if r.path == "/missing"] == ["HEAD", "GET"]


def test_404_on_get_only_is_confirmed_by_a_second_get(server: HTTPServer, check):
    """Without HEAD, a 404 is confirmed by one more GET before it is called dead."""
    url = server.url_for("/missing-too")
    result = check(url, head_first=False)[url]
    assert (result.status, result.error, result.attempts) == (Status.DEAD, "HTTP 404 (confirmed on a second try)", 2)
    assert [r.method for r, _ in server.log if r.path == "/missing-too"] == ["GET", "GET"]


def test_410_is_gone(server: HTTPServer, check):
    """A 410 is gone, distinct from dead."""
    server.expect_request("/removed").respond_with_data("gone", status=410)
    url = server.url_for("/removed")
    result = check(url)[url]
    assert (result.status, result.http_status) == (Status.GONE, 410)


def test_head_refused_but_get_fine(server: HTTPServer, check):
    """HEAD answered 405 falls back to GET, which decides: ok."""
    server.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/nohead", method="GET").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/nohead")
    result = check(url)[url]
    assert (result.status, result.http_status) == (Status.OK, 200)
    assert [r.method for r, _ in server.log if r.path == "/nohead"] == ["HEAD", "GET"]


def test_permanent_redirect_reports_new_url(server: HTTPServer, check):
    """A 301 to a live page is redirected, with the new URL and the recorded chain."""
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    url, new = server.url_for("/old"), server.url_for("/new")
    result = check(url)[url]
    assert (result.status, result.new_url, result.final_url) == (Status.REDIRECTED, new, new)
    assert result.redirects == [{"url": url, "status": 301, "location": new}]


def test_temporary_redirect_is_ok(server: HTTPServer, check):
    """A 302 chain ending at a live page is ok; the chain is still recorded."""
    server.expect_request("/tmp").respond_with_data("", status=302, headers={"Location": "/tmp2"})
    server.expect_request("/tmp2").respond_with_data("", status=307, headers={"Location": "/final"})
    server.expect_request("/final").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/tmp")
    result = check(url)[url]
    assert (result.status, result.new_url, result.final_url) == (Status.OK, "", server.url_for("/final"))
    assert [hop["status"] for hop in result.redirects] == [302, 307]


def test_redirect_loop_is_dead(server: HTTPServer, check):
    """A redirect loop ends at once and is dead, with the loop spelled out."""
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    url = server.url_for("/a")
    result = check(url)[url]
    assert result.status is Status.DEAD
    assert result.error.startswith(f"redirect loop: {url} -> {server.url_for('/b')} -> {url}")


def test_redirect_to_login_is_auth_wall(server: HTTPServer, check):
    """A redirect to a login page is an auth wall, not ok."""
    server.expect_request("/members/paper").respond_with_data("", status=302, headers={"Location": "/login?next=/members/paper"})
    server.expect_request("/login").respond_with_data("<title>Sign in</title>", content_type="text/html")
    url = server.url_for("/members/paper")
    result = check(url)[url]
    assert result.status is Status.AUTH_WALL
    assert result.error == f"redirected to a login page: {server.url_for('/login?next=/members/paper')}"


def test_429_with_retry_after_then_200(server: HTTPServer, check):
    """A 429 with Retry-After in seconds is waited out, then the 200 makes it ok."""
    handler, calls = _counter(Response("slow down", status=429, headers={"Retry-After": "1"}), Response(PAGE, content_type="text/html"))
    server.expect_request("/busy").respond_with_handler(handler)
    url = server.url_for("/busy")
    result = check(url, head_first=False)[url]
    assert (result.status, result.http_status, result.attempts) == (Status.OK, 200, 2)
    assert len(calls) == 2


def test_429_with_http_date_retry_after_then_200(server: HTTPServer, check):
    """Retry-After as an HTTP-date is honoured as well."""
    when = email.utils.formatdate(time.time() + 1, usegmt=True)
    handler, calls = _counter(Response("", status=429, headers={"Retry-After": when}), Response(PAGE, content_type="text/html"))
    server.expect_request("/busy-date").respond_with_handler(handler)
    url = server.url_for("/busy-date")
    result = check(url, head_first=False)[url]
    assert (result.status, result.attempts, len(calls)) == (Status.OK, 2, 2)


def test_429_forever_is_rate_limited(server: HTTPServer, check):
    """A host that answers 429 to every try is rate-limited after the retry budget, never dead."""
    server.expect_request("/always-busy").respond_with_data("", status=429)
    url = server.url_for("/always-busy")
    result = check(url, head_first=False, max_retries=2)[url]
    assert (result.status, result.http_status, result.attempts) == (Status.RATE_LIMITED, 429, 3)
    assert result.error == "HTTP 429 after 3 attempts"


def test_retry_after_beyond_cap_is_not_slept(server: HTTPServer, check):
    """A Retry-After longer than the cap ends the retries at once with a rate-limited result."""
    server.expect_request("/come-back-tomorrow").respond_with_data("", status=429, headers={"Retry-After": "86400"})
    url = server.url_for("/come-back-tomorrow")
    result = check(url, head_first=False)[url]
    assert (result.status, result.attempts) == (Status.RATE_LIMITED, 1)
    assert result.error == "HTTP 429 after 1 attempts; Retry-After 86400 s is longer than the cap of 1 s"


def test_503_once_then_200(server: HTTPServer, check):
    """A single 503 is retried and the page is ok."""
    handler, calls = _counter(Response("maintenance", status=503), Response(PAGE, content_type="text/html"))
    server.expect_request("/flaky").respond_with_handler(handler)
    url = server.url_for("/flaky")
    result = check(url, head_first=False)[url]
    assert (result.status, result.attempts, len(calls)) == (Status.OK, 2, 2)


def test_503_forever_is_server_error(server: HTTPServer, check):
    """A host that keeps failing with 5xx is a server-error warning, not dead."""
    server.expect_request("/broken").respond_with_data("", status=503)
    url = server.url_for("/broken")
    result = check(url, head_first=False, max_retries=1)[url]
    assert (result.status, result.attempts) == (Status.SERVER_ERROR, 2)


def test_bot_wall_403_is_blocked(server: HTTPServer, check):
    """A 403 Cloudflare challenge is blocked (unverifiable), never dead."""
    server.expect_request("/walled").respond_with_data(
        "<html><title>Just a moment...</title></html>", status=403, content_type="text/html",
        headers={"cf-mitigated": "challenge", "Server": "cloudflare"})
    url = server.url_for("/walled")
    result = check(url)[url]
    assert (result.status, result.http_status) == (Status.BLOCKED, 403)
    assert result.error == "HTTP 403: bot wall (header 'cf-mitigated: challenge')"


def test_challenge_page_without_headers_is_blocked(server: HTTPServer, check):
    """A 403 whose body is a challenge page is blocked too."""
    server.expect_request("/captcha").respond_with_data("<p>Please complete the CAPTCHA</p>", status=403, content_type="text/html")
    url = server.url_for("/captcha")
    result = check(url)[url]
    assert result.status is Status.BLOCKED
    assert result.error == "HTTP 403: bot wall (a challenge page ('CAPTCHA'))"


def test_status_999_is_blocked(server: HTTPServer, check):
    """LinkedIn's 999 is a bot denial: blocked."""
    server.expect_request("/in").respond_with_data("", status=999)
    url = server.url_for("/in")
    assert check(url)[url].status is Status.BLOCKED


def test_catch_all_site_is_soft_404_suspect(server: HTTPServer, check):
    """A site that answers 200 'not found' for every path makes the cited page a soft-404 suspect."""
    server.expect_request("/books/").respond_with_data(NOT_FOUND, content_type="text/html")
    server.expect_request(uri=__import__("re").compile("^/books/.*")).respond_with_data(NOT_FOUND, content_type="text/html")
    url = server.url_for("/books/revolution-betrayed.html")
    result = check(url)[url]
    assert result.status is Status.SOFT_404_SUSPECT
    assert result.error == "the page matches what the host serves for a made-up sibling URL (title 'Page not found'), 100% alike"


def test_real_page_on_catch_all_site_is_ok(server: HTTPServer, check):
    """On a catch-all site, a page that differs from the not-found page is ok."""
    server.expect_request("/books/real.html").respond_with_data(PAGE, content_type="text/html")
    server.expect_request(uri=__import__("re").compile("^/books/.*")).respond_with_data(NOT_FOUND, content_type="text/html")
    url = server.url_for("/books/real.html")
    assert check(url)[url].status is Status.OK


def test_redirect_to_home_page_is_soft_404_suspect(server: HTTPServer, check):
    """A deep link redirected to the site's home page is a soft-404 suspect."""
    server.expect_request("/deep/article").respond_with_data("", status=302, headers={"Location": "/"})
    server.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/deep/article")
    result = check(url)[url]
    assert (result.status, result.error) == (Status.SOFT_404_SUSPECT, f"redirected to the site's home page {server.url_for('/')}")


def test_fragments_by_id_and_name(server: HTTPServer, check):
    """A fragment matching an id or an <a name> is ok; a fragment matching neither is fragment-missing."""
    server.expect_request("/ch05.htm").respond_with_data(PAGE, content_type="text/html")
    by_id, by_name, missing = (server.url_for("/ch05.htm") + f"#{f}" for f in ("ch05-1", "old-anchor", "ch05-9"))
    results = check(by_id, by_name, missing)
    assert results[by_id].status is Status.OK
    assert results[by_name].status is Status.OK
    assert (results[missing].status, results[missing].error) == (Status.FRAGMENT_MISSING, "no element with id or name 'ch05-9' on the page")


def test_duplicate_urls_are_fetched_once(server: HTTPServer, check):
    """The same URL cited three times is requested once."""
    server.expect_request("/shared").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/shared")
    results = check(url, url, url)
    assert list(results) == [url]
    assert len([r for r, _ in server.log if r.path == "/shared"]) == 1


def test_private_addresses_are_refused_by_default(server: HTTPServer, check):
    """Without allow_private a loopback URL is refused before any request is sent."""
    server.expect_request("/page").respond_with_data(PAGE)
    url = server.url_for("/page")
    result = check(url, allow_private=False, wayback_url="")[url]
    assert result.status is Status.BLOCKED
    assert result.error == "refused: the host resolves to the private address 127.0.0.1 (use --allow-private)"
    assert server.log == []


def test_honest_user_agent_is_sent(server: HTTPServer, check):
    """Every request carries the checker's own User-Agent."""
    server.expect_request("/ua").respond_with_data(PAGE, content_type="text/html")
    url = server.url_for("/ua")
    check(url)
    agents = {r.headers.get("User-Agent") for r, _ in server.log}
    assert len(agents) == 1
    assert agents.pop().startswith("revolution-betrayed-companion-source-checker/")
