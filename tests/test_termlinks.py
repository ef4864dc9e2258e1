"""Linking the first mention of glossary terms in rendered HTML."""

from companion.termlinks import TermLinker, tune_links

LINKER = TermLinker({
    "kulak": (["Kulak", "kulaks"], "A well-off peasant."),
    "thermidor": (["Thermidor", "Soviet Thermidor"], "The reaction."),
})


def test_first_mention_only_and_longest_name_wins():
    """Only the first mention of an entry is linked; 'Soviet Thermidor' beats 'Thermidor'."""
    html = LINKER.link("<p>The Soviet Thermidor came. Thermidor again. The kulaks and a kulak.</p>", href=lambda slug: f"../../glossary/{slug}/")
    assert html.count('class="glossary-link"') == 2
    assert '<a class="glossary-link" data-preview="" href="../../glossary/thermidor/" title="The reaction.">Soviet Thermidor</a>' in html
    assert 'href="../../glossary/kulak/" title="A well-off peasant.">kulaks</a> and a kulak.' in html


def test_text_whose_length_lower_changes_is_still_linked():
    """'İ' lower-cases to two characters; such text is matched case-insensitively instead."""
    html = LINKER.link("<p>İ and the KULAKS.</p>", href=lambda slug: f"{slug}/")
    assert html == '<p>İ and the <a class="glossary-link" data-preview="" href="kulak/" title="A well-off peasant.">KULAKS</a>.</p>'


def test_code_headings_links_and_quotations_are_left_alone():
    """Terms inside code, headings, links and blockquotes are never linked."""
    html = "<h2>Thermidor</h2><p><code>kulak</code> <a href='x'>Thermidor</a></p><blockquote><p>kulaks</p></blockquote>"
    assert LINKER.link(html, href=lambda slug: f"glossary/{slug}/") == html


def test_an_entry_does_not_link_to_itself():
    """On the kulak page, 'kulak' stays plain text."""
    assert "glossary-link" not in LINKER.link("<p>kulak</p>", href=lambda slug: f"glossary/{slug}/", skip={"kulak"})


def test_external_links_get_noopener():
    """Links leaving the site gain rel=noopener; internal links are unchanged."""
    html = tune_links('<a href="https://x.org">x</a> <a href="../y/">y</a>')
    assert html == '<a rel="noopener" href="https://x.org">x</a> <a href="../y/">y</a>'


def test_only_the_links_asked_for_get_previews():
    """An internal link gains data-preview when the predicate says so; others, and links that have one, do not."""
    html = tune_links(
        '<a href="../kulak/#x">a</a> <a href="#fnref:cite-1">b</a> <a data-preview="" href="../kulak/">c</a>',
        previewed=lambda href: href.startswith("../kulak/"),
    )
    assert html == '<a data-preview="" href="../kulak/#x">a</a> <a href="#fnref:cite-1">b</a> <a data-preview="" href="../kulak/">c</a>'
