"""Offline identifier checks: ISBN checksums, DOI syntax, URL syntax, dates."""

import pytest

from companion.citations.identifiers import date_problem, doi_problem, isbn_problem, url_problem


@pytest.mark.parametrize("isbn", ["978-0-486-43398-1", "0486433986", "978-0-87580-474-3", "0-8044-2957-X"])
def test_valid_isbns(isbn):
    """Real ISBN-10 and ISBN-13 pass, with or without hyphens."""
    assert isbn_problem(isbn) is None


@pytest.mark.parametrize("isbn", ["978-0-486-43398-2", "0486433987", "12345"])
def test_invalid_isbns(isbn):
    """A bad checksum or length is reported."""
    assert isbn_problem(isbn)


@pytest.mark.parametrize(("doi", "ok"), [("10.1080/09668136.2010.123", True), ("11.1/x", False), ("https://doi.org/10.1/x", False)])
def test_doi_syntax(doi, ok):
    """Bare DOIs pass; resolver URLs and wrong prefixes do not."""
    assert (doi_problem(doi) is None) is ok


@pytest.mark.parametrize(("url", "ok"), [("https://www.marxists.org/a.htm#x", True), ("javascript:alert(1)", False), ("http://x", False), ("https://a b.org", False)])
def test_url_syntax(url, ok):
    """Only http(s) URLs with a real host pass."""
    assert (url_problem(url) is None) is ok


@pytest.mark.parametrize(("date", "ok"), [("1937", True), ("1937-11", True), ("2018-12-02", True), ("1937-13", False), ("Nov 1937", False)])
def test_dates(date, ok):
    """Dates are YYYY, YYYY-MM or YYYY-MM-DD."""
    assert (date_problem(date) is None) is ok


def test_url_with_white_space_is_refused():
    """A space or a tab anywhere in a URL is a problem."""
    assert url_problem("https://example.org/a b") == "contains white space. Percent-encode spaces as %20."
    assert url_problem("https://example.org/a\tb") == "contains white space. Percent-encode spaces as %20."
    assert url_problem("https://example.org/a") is None
