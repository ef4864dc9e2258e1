"""Offline checks of identifiers and addresses: URL syntax, ISBN checksums, DOI syntax, dates."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")
_SPACE = re.compile(r"\s")
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable http(s) address, or ``None``."""
    if _SPACE.search(url):
        return "contains white space. Percent-encode spaces as %20."
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://."
    host = parts.hostname or ""
    if not host or ("." not in host and host != "localhost"):
        return "has no valid host name."
    return None


def normalize_isbn(isbn: str) -> str:
    """Digits (and a final X) of an ISBN, without hyphens or spaces."""
    return re.sub(r"[\s-]", "", isbn).upper()


def isbn_problem(isbn: str) -> str | None:
    """Why ``isbn`` is not a valid ISBN-10 or ISBN-13, or ``None``."""
    digits = normalize_isbn(isbn)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return None if total % 11 == 0 else "has a bad ISBN-10 checksum. Copy it again from the book's copyright page."
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return None if total % 10 == 0 else "has a bad ISBN-13 checksum. Copy it again from the book's copyright page."
    return "is not an ISBN: expected 10 or 13 digits (hyphens allowed)."


def doi_problem(doi: str) -> str | None:
    """Why ``doi`` is not DOI syntax (``10.NNNN/suffix``, no resolver prefix), or ``None``."""
    if doi.lower().startswith(("http://", "https://", "doi:")):
        return "must be the bare DOI, e.g. '10.1080/09668136.2010.123', without 'https://doi.org/' or 'doi:'."
    if not _DOI.match(doi):
        return "is not DOI syntax: expected '10.' + registrant digits + '/' + suffix."
    return None


def date_problem(value: str) -> str | None:
    """Why ``value`` is not YYYY, YYYY-MM or YYYY-MM-DD, or ``None``."""
    return None if _DATE.match(value) else "must be a date written YYYY, YYYY-MM or YYYY-MM-DD."
