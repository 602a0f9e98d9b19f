"""Text filters at render time: footnote markers, section labels, French spacing, pending text marked."""

from __future__ import annotations

from datetime import date

from conftest import article

from briefing.render import markup, pages as render
from briefing.models import Article
from briefing.render.views import view

NNBSP = "\u202f"


def test_footnote_markers_are_removed_wherever_they_are_glued():
    assert markup.strip_markers("Spending tops $400 billion this year [1][5][11]") == \
        "Spending tops $400 billion this year"
    assert markup.strip_markers("Revenue rose 26% [1]. Shares fell[2].") == "Revenue rose 26%. Shares fell."
    # A bracketed year or a marker opening a line (a numbered list) is not a footnote.
    assert markup.strip_markers("The plan [2025] holds.") == "The plan [2025] holds."
    assert markup.strip_markers("[1] https://example.com") == "[1] https://example.com"


def test_markers_are_linkable_only_when_every_one_points_into_the_sources():
    texts = ["Chips rose [1].", "Cloud grew [2][3]."]
    assert markup.linkable(texts, 3)
    assert not markup.linkable(texts, 2)
    assert not markup.linkable(["No markers."], 5)
    assert markup.split_markers("A [1] b [2][3] c") == [("A", [1]), (" b", [2, 3]), (" c", [])]


def test_section_labels_are_short_unpunctuated_lines_before_longer_paragraphs():
    paragraphs = ["Market Overview", "Chipmakers raised prices again, analysts said on Monday.",
                  "Outlook", "Demand stays strong.", "Thanks for reading"]
    kinds = [kind for kind, _ in markup.blocks(paragraphs)]
    assert kinds == ["heading", "paragraph", "heading", "paragraph", "paragraph"]
    assert not markup.is_label("Prices rose.", "A much longer paragraph follows this one here.")
    assert not markup.is_label("lowercase start", "A much longer paragraph follows this one here.")


def test_french_spacing_puts_narrow_no_break_spaces_where_french_wants_them():
    assert markup.french_spacing("Noms: Pékin · Source : X") == f"Noms{NNBSP}: Pékin · Source{NNBSP}: X"
    assert markup.french_spacing("« collaboration majeure »") == f"«{NNBSP}collaboration majeure{NNBSP}»"
    assert markup.french_spacing("Vraiment? Oui! Bien; fin") == f"Vraiment{NNBSP}? Oui{NNBSP}! Bien{NNBSP}; fin"
    # Markdown syntax, URLs and times are left alone; an escaped "!" keeps its backslash.
    for untouched in ("{: .briefing-meta }", "[lien](https://example.com/a?b=1)", "à 10:30", "!!! warning"):
        assert markup.french_spacing(untouched) == untouched
    assert markup.french_spacing("Bravo\\!") == f"Bravo{NNBSP}\\!"


def test_typeset_leaves_front_matter_and_other_languages_alone():
    page = '---\ntitle: "Noms"\n---\n\nSource: X\n'
    assert markup.typeset(page, "fr") == f'---\ntitle: "Noms"\n---\n\nSource{NNBSP}: X\n'
    assert markup.typeset(page, "en") == page


def _article(body: str, language: str = "de", references: tuple[str, ...] = ()) -> Article:
    return article(body, slug="a", title="Titel", language=language, published=date(2025, 5, 2),
                   references=references)


def test_text_shown_in_another_language_is_marked_with_it():
    pending = view(_article("Umsatz stieg."), "en")
    assert pending.status == "pending"
    shown = str(render.shown_text("Der Umsatz stieg um 5 % [2].", pending, "en"))
    assert shown == '<span lang="de">Der Umsatz stieg um 5 %.</span> <span class="briefing-lang">(German)</span>'
    original = view(_article("Revenue rose.", language="en"), "en")
    assert str(render.shown_text("Revenue rose 5% [2].", original, "en")) == "Revenue rose 5%."


def test_an_article_body_links_markers_to_its_sources_or_drops_them():
    body = "Overview\n\nRevenue rose 5% [1]. Margins held [2].\n\nMore text follows here."
    cited = view(_article(body, "en", ("https://a.example/1", "https://b.example/2")), "en")
    rendered = str(render.body_markdown(cited))
    assert rendered.startswith('### Overview { data-search-exclude="true" }\n\n')  # no search entry of its own
    assert str(render.body_markdown(cited, lean=False)).startswith("### Overview\n\n")
    assert "5%<sup>[1](#source-1)</sup>." in rendered and "held<sup>[2](#source-2)</sup>." in rendered
    uncited = view(_article(body, "en", ("https://a.example/1",)), "en")  # [2] points nowhere
    rendered = str(render.body_markdown(uncited))
    assert "[1]" not in rendered and "[2]" not in rendered and "Revenue rose 5%. Margins held." in rendered


def test_text_marked_as_another_language_keeps_its_typography():
    page = ('---\ntitle: "T"\n---\n\nNoms: X\n\n<section data-search-exclude="true" markdown="1" lang="en">\n\n'
            'China: a lesson\n\n</section>\n\n- <span lang="de">Umsatz: gut</span> (allemand)\n')
    assert markup.typeset(page, "fr") == (
        f'---\ntitle: "T"\n---\n\nNoms{NNBSP}: X\n\n<section data-search-exclude="true" markdown="1" lang="en">\n\n'
        'China: a lesson\n\n</section>\n\n- <span lang="de">Umsatz: gut</span> (allemand)\n')
