"""The ``[@key]`` parser: Pandoc forms, locators, lines, and nothing inside code."""

from companion.citations.syntax import CiteItem, find_citations


def keys(text):
    return [[(i.key, i.locator) for i in c.items] for c in find_citations(text)]


def test_single_and_locator_and_multiple():
    """Plain, located and grouped citations are all found, in order."""
    text = "A [@trotsky1937]. B [@trotsky1937-ch05, sec. 2]. C [@a; @b, p. 3]."
    assert keys(text) == [[("trotsky1937", "")], [("trotsky1937-ch05", "sec. 2")], [("a", ""), ("b", "p. 3")]]


def test_lines_are_counted_from_the_first_line():
    """Each citation knows the file line it stands on."""
    found = find_citations("one\n\nthree [@x]\n", first_line=10)
    assert found[0].line == 12


def test_code_spans_and_blocks_are_never_citations():
    """Inline code, fenced code and HTML comments are left alone."""
    text = "`[@inline]`\n\n```\n[@fenced]\n```\n\n~~~md\n[@tilde]\n~~~\n<!-- [@comment] -->\n[@real]"
    assert keys(text) == [[("real", "")]]


def test_links_footnotes_and_emails_are_not_citations():
    """Link text, footnote definitions and e-mail addresses in brackets are not citations."""
    text = "[@handle](https://example.org) [^1] [me@example.org] [@ok]\n\n[@ref]: https://x\n"
    assert keys(text) == [[("ok", "")]]


def test_offsets_allow_replacement_in_place():
    """start/end cover exactly the bracket."""
    text = "see [@a, sec. 1] here"
    c = find_citations(text)[0]
    assert text[c.start:c.end] == "[@a, sec. 1]"
    assert c.items == (CiteItem("a", "sec. 1"),)


def test_citation_across_a_line_break_and_before_a_colon():
    """A citation wrapped over two lines, or followed by a colon mid-sentence, is still a citation."""
    assert keys("as he says [@a,\nsec. 2]: more") == [[("a", "sec. 2")]]
