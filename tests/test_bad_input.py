"""Each bad input fails a real ``mkdocs build --strict`` with an exact, located message and leaves no site behind."""

from __future__ import annotations

import pytest

from tests.helpers import CHAPTER, CITATIONS, GLOSSARY, build, warnings_of, write_site

C = CHAPTER
G = GLOSSARY

CASES = {
    "unknown theme": (
        {"chapters/05-soviet-thermidor.md": C.replace("themes: [thermidor]", "themes: [bonapartizm]")},
        ["chapters/05-soviet-thermidor.md:11: unknown theme 'bonapartizm'. Did you mean 'bonapartism'?"],
    ),
    "unknown section term": (
        {"chapters/05-soviet-thermidor.md": C.replace("terms: [thermidor]", "terms: [thermidorr]")},
        ["chapters/05-soviet-thermidor.md:10: unknown term 'thermidorr'. Did you mean 'thermidor'?"],
    ),
    "missing summary": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("summary: Rule by an arbiter standing above contending classes.\n", "")},
        ["glossary/bonapartism.md:2: missing required field 'summary'. Add it to the front matter."],
    ),
    "summary not a sentence": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("contending classes.", "contending classes")},
        ["glossary/bonapartism.md:3: summary: must be a full sentence ending with a full stop."],
    ),
    "malformed front matter": (
        {"chapters/05-soviet-thermidor.md": C.replace("reading_time: 40", "reading_time: forty").replace("difficulty: moderate", "difficulty: hard")},
        [
            "chapters/05-soviet-thermidor.md:12: reading_time: input should be a valid integer, unable to parse string as an integer.",
            "chapters/05-soviet-thermidor.md:13: difficulty: 'hard' is not a difficulty. Use one of: introductory, moderate, demanding.",
        ],
    ),
    "unknown front matter field": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("kind: theme", "kind: theme\nsumary: x")},
        ["glossary/bonapartism.md:5: unknown field 'sumary'. Did you mean 'summary'?"],
    ),
    "unknown glossary kind": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("kind: theme", "kind: themes")},
        ["glossary/bonapartism.md:4: kind: 'themes' is not a glossary kind. Did you mean 'theme'?"],
    ),
    "front matter that is not YAML": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("kind: theme", "kind: [theme")},
        ["glossary/bonapartism.md:5: not valid YAML: expected ',' or ']', but got '<stream end>'. Check indentation, colons and quotes."],
    ),
    "no front matter": (
        {"glossary/bonapartism.md": "# Bonapartism\n"},
        ["glossary/bonapartism.md:1: no front matter. Start the file with a '---' block (see the contributor template)."],
    ),
    "two files with the same slug": (
        {"glossary/people/thermidor.md": G["thermidor"]},
        ["glossary/thermidor.md:1: slug 'thermidor' is already used by glossary/people/thermidor.md. Rename one of the files."],
    ),
    "a chapter number used twice": (
        {"chapters/06-inequality.md": C},
        ["chapters/06-inequality.md:2: chapter number 5 is already used by chapters/05-soviet-thermidor.md. Give each guide its own number."],
    ),
    "unknown related entry": (
        {"glossary/thermidor.md": G["thermidor"].replace("related: [bonapartism]", "related: [bonapartizm]")},
        ["glossary/thermidor.md:6: unknown glossary entry 'bonapartizm' in related. Did you mean 'bonapartism'?"],
    ),
    "a name shared by two entries": (
        {"glossary/bonapartism.md": G["bonapartism"].replace("kind: theme", "kind: theme\naliases: [Thermidorian]")},
        ["glossary/thermidor.md:3: name 'Thermidorian' is also used by glossary/bonapartism.md. A name must lead to one entry."],
    ),
    "missing guide heading": (
        {"chapters/05-soviet-thermidor.md": C.replace("## Debates\n", "## Disputes\n")},
        [
            "chapters/05-soviet-thermidor.md:15: missing heading '## Debates'. Every guide has: At a glance, Before you read, "
            "Section by section, Key terms, Key passages, Context, Debates, Questions for discussion, Further reading."
        ],
    ),
    "too few key passages": (
        {"chapters/05-soviet-thermidor.md": C.replace("> Another passage.\n", "Another passage, not quoted.\n")},
        ["chapters/05-soviet-thermidor.md:34: '## Key passages' has 1 quotations (blockquotes); a guide has 2 to 4."],
    ),
    "too many questions": (
        {"chapters/05-soviet-thermidor.md": C.replace("5. What then?\n", "5. What then?\n6. A.\n7. B.\n8. C.\n9. D.\n")},
        ["chapters/05-soviet-thermidor.md:52: '## Questions for discussion' has 9 numbered questions; a guide has 5 to 8."],
    ),
    "section without its heading": (
        {"chapters/05-soviet-thermidor.md": C.replace("{ #section-1 }", "")},
        [
            "chapters/05-soviet-thermidor.md:15: section 1 has no heading. "
            "Add '### 1. Why Stalin Triumphed { #section-1 }' under '## Section by section'."
        ],
    ),
    "leftover placeholder": (
        {"chapters/05-soviet-thermidor.md": C.replace("A paragraph.", "A paragraph. TK")},
        ["chapters/05-soviet-thermidor.md:30: leftover placeholder 'TK'. Write the missing text or delete the line."],
    ),
    "unknown citation key": (
        {"chapters/05-soviet-thermidor.md": C.replace("A paragraph.", "A paragraph [@trotsky1973].")},
        ["chapters/05-soviet-thermidor.md:30: unknown citation key 'trotsky1973'. Did you mean 'trotsky1937'?"],
    ),
    "unknown citation key on a docs page": (
        {"docs/index.md": "# Home\n\nText [@nobody2000; @trotsky1937, sec. 2].\n"},
        ["docs/index.md:3: unknown citation key 'nobody2000'. Add it to citations.yaml first."],
    ),
    "duplicate registry key": (
        {"citations.yaml": CITATIONS + CITATIONS},
        ["citations.yaml:7: duplicate key 'trotsky1937' (first at line 1). Remove or rename one of them."],
    ),
    "entry without title": (
        {"citations.yaml": CITATIONS + "mattick1937:\n  url: https://example.org/x\n  kind: review\n  container: OBU\n"},
        ["citations.yaml:8: entry 'mattick1937': missing required field 'title'. Add it to the entry."],
    ),
    "entry without url": (
        {"citations.yaml": CITATIONS + "mattick1937:\n  title: A review\n  kind: review\n  container: OBU\n"},
        ["citations.yaml:8: entry 'mattick1937': missing required field 'url'. Add it to the entry."],
    ),
    "malformed url": (
        {"citations.yaml": CITATIONS + "mattick1937:\n  title: A review\n  url: htp//example.org\n  kind: review\n  container: OBU\n"},
        ["citations.yaml:9: entry 'mattick1937': url: 'htp//example.org' must start with http:// or https://."],
    ),
    "javascript url": (
        {"citations.yaml": CITATIONS + "evil2020:\n  title: Evil\n  url: javascript:alert(1)\n  kind: review\n  container: X\n"},
        ["citations.yaml:9: entry 'evil2020': url: 'javascript:alert(1)' must start with http:// or https://."],
    ),
    "isbn with a bad checksum": (
        {"citations.yaml": CITATIONS + "dover2004:\n  title: Reprint\n  url: https://example.org/x\n  isbn: 978-0-486-43398-2\n  kind: edition\n  container: Dover\n"},
        ["citations.yaml:10: entry 'dover2004': isbn: '978-0-486-43398-2' has a bad ISBN-13 checksum. Copy it again from the book's copyright page."],
    ),
    "doi with bad syntax": (
        {"citations.yaml": CITATIONS + "davies1957:\n  title: Article\n  url: https://example.org/x\n  doi: 11.1000/xyz\n  kind: scholarly\n  container: LR\n"},
        ["citations.yaml:10: entry 'davies1957': doi: '11.1000/xyz' is not DOI syntax: expected '10.' + registrant digits + '/' + suffix."],
    ),
    "bad citation key grammar": (
        {"citations.yaml": CITATIONS + "Mattick_1937:\n  title: A review\n  url: https://example.org/x\n"},
        [
            "citations.yaml:7: citation key 'Mattick_1937' does not follow the key grammar: lower-case letters and digits, optionally "
            "followed by '-part' suffixes: author family name + year + optional word, e.g. 'trotsky1937', 'trotsky1937-ch05', 'dawsey2018'."
        ],
    ),
    "registry that is not YAML": (
        {"citations.yaml": "trotsky1937:\n  title: [unclosed\n"},
        ["citations.yaml:3: not valid YAML: expected ',' or ']', but got '<stream end>'. Check indentation, colons and quotes."],
    ),
    "broken link": (
        {"docs/index.md": "# Home\n\n[missing](nowhere.md) [@trotsky1937]\n"},
        ["docs/index.md:3: broken link 'nowhere.md': the target is not found among documentation files."],
    ),
    "broken anchor into a chapter guide": (
        {"docs/index.md": "# Home\n\n[gone](chapters/05-soviet-thermidor.md#section-9) [@trotsky1937]\n"},
        ["docs/index.md:3: broken link 'chapters/05-soviet-thermidor.md#section-9': the page 'chapters/05-soviet-thermidor.md' does not contain an anchor '#section-9'."],
    ),
}


@pytest.mark.build
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_fails_with_exact_message(tmp_path, case):
    """The build fails, says exactly what is wrong where, and writes no site."""
    files, expected = CASES[case]
    root = write_site(tmp_path, files)
    result = build(root)
    assert result.returncode != 0, result.stderr
    assert warnings_of(result) == expected
    assert not (root / "site").exists()
    assert not list(root.glob(".site-staging-*"))


@pytest.mark.build
def test_failed_build_keeps_the_previous_site(tmp_path):
    """A failing build leaves the last good site untouched instead of half-writing over it."""
    root = write_site(tmp_path)
    assert build(root).returncode == 0
    before = (root / "site" / "index.html").read_text()
    write_site(root, {"docs/index.md": "# Home\n\n[missing](nowhere.md) [@trotsky1937]\n"})
    assert build(root).returncode != 0
    assert (root / "site" / "index.html").read_text() == before
    assert not list(root.glob(".site-staging-*"))


@pytest.mark.build
def test_unused_entry_is_reported_but_does_not_fail(tmp_path):
    """An entry nobody cites is named in the log; the strict build still succeeds."""
    extra = "mattick1937:\n  title: A review\n  url: https://example.org/x\n  kind: review\n  container: OBU\n"
    root = write_site(tmp_path, {"citations.yaml": CITATIONS + extra})
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "citations.yaml:7: entry 'mattick1937' is never cited. Cite it or remove it." in result.stderr


@pytest.mark.build
def test_registry_markup_is_shown_as_text_never_run(tmp_path):
    """A title with <script> and an author with an onerror handler render as text in notes and bibliography."""
    evil = (
        "evil2020:\n"
        "  title: \"<script>alert('title')</script> [x](javascript:alert(1))\"\n"
        "  authors: [\"<img src=x onerror=alert(1)>\"]\n"
        "  container: \"*Journal*\"\n"
        "  kind: review\n"
        "  url: https://example.org/\n"
    )
    root = write_site(tmp_path, {
        "citations.yaml": CITATIONS + evil,
        "docs/index.md": "# Home\n\nSee [the guide](chapters/05-soviet-thermidor.md) [@trotsky1937; @evil2020].\n",
    })
    result = build(root)
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "sources/index.html"):
        html = (root / "site" / page).read_text()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;alert" in html
