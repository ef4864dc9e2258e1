"""Reference rendering: one consistent style, exports, and escaping of every field."""

import json

from companion.citations.registry import parse_registry
from companion.citations.styles import export_bibtex, export_csl_json, reference_html

REGISTRY = """\
trotsky1937:
  title: "The Revolution Betrayed: What Is the Soviet Union and Where Is It Going?"
  authors: ["Trotsky, Leon"]
  translators: ["Eastman, Max"]
  container: "Garden City, NY: Doubleday, Doran"
  date: "1937"
  kind: edition
  url: https://www.marxists.org/archive/trotsky/1936/revbet/
dawsey2018:
  title: "To Topple the Stalinist Bureaucracy"
  authors: ["Dawsey, Jason"]
  container: "Platypus Review 112"
  date: "2018-12-02"
  kind: commentary
  url: https://platypus1917.org/2018/12/02/x/
  archive_url: https://web.archive.org/web/2020/https://platypus1917.org/2018/12/02/x/
  archived_at: "2020-01-05"
evil2020:
  title: "<script>alert('x')</script> *bold* [link](http://e.org)"
  authors: ["<img src=x onerror=alert(1)>"]
  url: https://example.org/"onmouseover="alert(1)
"""


def registry():
    reg, problems = parse_registry(REGISTRY)
    assert problems == []
    return reg


def test_book_reference_in_chicago_author_date():
    """A book: inverted first author, year, italic title, translator, publisher, links."""
    html = reference_html(registry()["trotsky1937"], with_links=False)
    assert html == (
        "Trotsky, Leon. 1937. <cite>The Revolution Betrayed: What Is the Soviet Union and Where Is It Going?</cite> "
        "Translated by Max Eastman. Garden City, NY: Doubleday, Doran."
    )


def test_article_reference_has_quoted_title_and_archive_link():
    """An article: quoted title, italic container, a link to the source and to its archived copy."""
    html = reference_html(registry()["dawsey2018"])
    assert html.startswith("Dawsey, Jason. 2018. “To Topple the Stalinist Bureaucracy.” <i>Platypus Review 112</i>.")
    assert '<a href="https://platypus1917.org/2018/12/02/x/" rel="noopener">Read online</a>' in html
    assert 'rel="noopener">Archived copy (January 5, 2020)</a>' in html


def test_every_field_is_escaped():
    """Markup in registry fields is shown as text and cannot break out of attributes."""
    html = reference_html(registry()["evil2020"])
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '"onmouseover=' not in html and "&quot;onmouseover=&quot;" in html
    assert "*bold*" in html  # references are HTML written after Markdown has run: asterisks stay asterisks


def test_exports_for_reference_managers():
    """BibTeX and CSL-JSON carry every entry with its identifiers."""
    bib = export_bibtex(registry())
    assert "@book{trotsky1937," in bib and "translator = {Eastman, Max}," in bib
    items = json.loads(export_csl_json(registry()))
    assert [i["id"] for i in items] == ["trotsky1937", "dawsey2018", "evil2020"]
    assert items[1]["issued"] == {"date-parts": [[2018, 12, 2]]}
    assert items[0]["author"] == [{"family": "Trotsky", "given": "Leon"}]
