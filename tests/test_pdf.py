"""The print HTML of `briefing pdf`: stories placed once, French typography, cover counts, a quiet WeasyPrint.

These tests render the print HTML from hand-made stories (no pipeline run); the sample briefing's
PDFs are read back with pypdf in test_outputs.py.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO
from conftest import article as make_article

from briefing.extract import figures
from briefing.outputs import pdf
from briefing.render import digest
from briefing.stages.analyse import Analysis
from briefing.config import load_config
from briefing.models import Article, TopicMatch, Translation
from briefing.stages.stories import Briefing, Story

NNBSP = "\u202f"


def article(slug: str, topics: list[str], *, language: str = "en", source: str | None = None,
            url: str | None = None, published: date | None = None, translations=()) -> Article:
    """An article whose every paragraph names its slug, so the print HTML shows which text was printed."""
    body = "\n\n".join(f"Paragraph {n} of {slug} tells what happened in some detail." for n in range(1, 4))
    return make_article(body, slug=slug, source_path=Path(f"content/inbox/{slug}.txt"),
                        title=f"Headline of {slug}", summary=f"Dek of {slug}.", key_points=(f"Point of {slug} alone.",),
                        language=language, source=source, url=url, published=published, story=slug,
                        topics=tuple(TopicMatch(name, (), 0.0) for name in topics), translations=tuple(translations))


def translated(slug: str, language: str) -> Translation:
    body = "\n\n".join(f"Paragraphe {n} de {slug} raconte ce qui s'est passé." for n in range(1, 4))
    return Translation(language, "editor", f"Titre de {slug}", f"Chapeau de {slug}.", (f"Point de {slug}.",), body)


def briefing_of(*stories: tuple[str, list[Article]]) -> Briefing:
    built = tuple(Story(story_id, tuple(articles)) for story_id, articles in stories)
    articles = tuple(a for s in built for a in s.articles)
    return Briefing(articles, built, {a.slug: Analysis() for a in articles})


@pytest.fixture(scope="module")
def config():
    return load_config(REPO / "mkdocs.yml")


def body_of(html: str) -> str:
    """The topic sections (everything after the contents and "In brief")."""
    return html[html.index('<section class="topic"'):]


def section(html: str, name: str) -> str:
    """One topic section of the print HTML."""
    start = html.index(f'<section class="topic" id="topic-{name}">')
    return html[start:html.index("</section>", start)]


def test_each_story_is_printed_once_under_its_strongest_topic(config):
    b = briefing_of(
        ("chip-test", [article("chip-test", ["chips", "capex"], published=date(2025, 9, 1))]),
        ("alliance", [article("alliance", ["chips", "robotics", "capex"]), article("shares", ["capex", "chips"]),
                      article("alliance-fr", ["robotics", "chips", "capex"], language="fr")]),
        ("lesson", [article("lesson", ["robotics", "capex", "chips"])]),
    )
    html = pdf.render_html(b, config, "en")
    body = body_of(html)
    for story in ("chip-test", "alliance", "lesson"):
        assert body.count(f'<article class="story" id="story-{story}">') == 1
    # Chips leads two of the alliance's three reports' rankings; robotics is the lesson's strongest.
    assert 'id="story-chip-test"' in section(html, "chips") and 'id="story-alliance"' in section(html, "chips")
    robotics = section(html, "robotics")
    assert 'id="story-lesson"' in robotics
    assert 'href="#story-alliance"' in robotics and 'id="story-alliance"' not in robotics  # referred back
    # Capex has no story of its own: no section (no near-empty page), a contents line with page references.
    assert 'id="topic-capex"' not in html
    toc = html[html.index('<nav class="toc">'):html.index("</nav>")]
    capex = toc[toc.index("Capex"):]
    assert all(f'href="#story-{s}"' in capex for s in ("chip-test", "alliance", "lesson"))
    # The contents list each story once.
    assert all(toc.count(f'<li><a href="#story-{s}">') == 1 for s in ("chip-test", "alliance", "lesson"))


def test_a_story_prints_one_report_in_full_and_prefers_an_original_in_the_readers_language(config):
    reports = [article("alliance", ["robotics"], translations=[translated("alliance", "fr")]),
               article("alliance-fr", ["robotics"], language="fr", source="Le Quotidien")]
    b = briefing_of(("alliance", reports))
    english = pdf.render_html(b, config, "en")
    assert "Paragraph 2 of alliance tells" in english and "Paragraph 2 of alliance-fr" not in english
    french = pdf.render_html(b, config, "fr")
    assert "Paragraph 2 of alliance-fr tells" in french  # the French original, not a translation of the English
    assert "Paragraphe 2 de alliance" not in french
    # Both reports are listed as the story's sources.
    assert "Titre de alliance" in french and "Le Quotidien" in french


def test_cover_counts_every_report_and_names_the_outlets(config):
    b = briefing_of(
        ("a", [article("a", ["chips"], source="Ainvest", published=date(2025, 9, 1))]),
        ("b", [article("b", ["chips"], url="https://www.example.com/news/1", published=date(2025, 9, 3)),
               article("c", ["chips"]), article("d", ["chips"], language="fr")]),
    )
    html = pdf.render_html(b, config, "en")
    cover = re.sub(r"\s+", " ", html[html.index('<section class="cover">'):html.index("</section>")])
    assert '<dd class="source-count">4</dd>' in cover and '<dd class="story-count">2</dd>' in cover
    assert "Ainvest (1)" in cover and "example.com (1)" in cover and "2 with no outlet named" in cover
    assert "2025-09-01 – 2025-09-03" in cover
    assert "English, French" in cover


def test_in_brief_lists_the_latest_stories_with_their_dek(config):
    b = briefing_of(*((f"s{n}", [article(f"s{n}", ["chips"])]) for n in range(pdf.IN_BRIEF_MAX + 3)))
    html = pdf.render_html(b, config, "en")
    brief = html[html.index('<section class="in-brief"'):html.index("</section>", html.index('class="in-brief"'))]
    assert brief.count("<li") == pdf.IN_BRIEF_MAX
    assert "Dek of s0." in brief and 'href="#story-s0"' in brief


@pytest.mark.parametrize("text, expected", [
    ("une « collaboration majeure » avec", f"une «{NNBSP}collaboration majeure{NNBSP}» avec"),
    ("une «collaboration»", f"une «{NNBSP}collaboration{NNBSP}»"),
    ('une "collaboration majeure" avec', f"une «{NNBSP}collaboration majeure{NNBSP}» avec"),
    ("IA: le chinois", f"IA{NNBSP}: le chinois"),
    ("Etats-Unis : il faut", f"Etats-Unis{NNBSP}: il faut"),
    ("Vraiment ?! Oui ; non", f"Vraiment{NNBSP}?! Oui{NNBSP}; non"),
    ("bondi de 9% à", f"bondi de 9{NNBSP}% à"),
    ("à 14:30, voir https://a.example/b?c=d", "à 14:30, voir https://a.example/b?c=d"),
    ('un écran de 12"', 'un écran de 12"'),
    ("les estimations [1][5][11]", "les estimations"),
])
def test_french_typography(text, expected):
    assert pdf.typography(text, "fr") == expected


def test_other_languages_keep_their_spacing_but_lose_footnote_markers():
    assert pdf.typography('It said: "yes" [1][5]. Really?', "en") == 'It said: "yes". Really?'
    assert pdf.typography("Item [a] and [12x] stay", "en") == "Item [a] and [12x] stay"


def test_french_pdf_says_the_original_language_once(config):
    b = briefing_of(("a", [article("a", ["chips"], translations=[translated("a", "fr")])]))
    html = pdf.render_html(b, config, "fr")
    story = body_of(html)
    assert story.count("langue d’origine") == 1 and "Langue d’origine" not in story


def test_weasyprint_is_quiet_unless_debug(tmp_path, caplog):
    html = "<html><body><p>Quiet, please.</p></body></html>"
    caplog.set_level(logging.INFO)
    pdf.write_pdf(html, tmp_path / "quiet.pdf", tmp_path)
    assert (tmp_path / "quiet.pdf").stat().st_size > 0
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="briefing")
    pdf.write_pdf(html, tmp_path / "loud.pdf", tmp_path)
    assert any(r.name == "weasyprint.progress" for r in caplog.records)


def test_cover_names_the_outlets_with_most_reports_and_counts_the_rest(config):
    outlets = [f"Outlet {n:02d}" for n in range(pdf.COVER_OUTLETS + 3)]
    reports = [article(f"r{n}", ["chips"], source=outlet) for n, outlet in enumerate(outlets)]
    reports.append(article("extra", ["chips"], source="Outlet 14"))  # the one outlet with two reports leads
    html = pdf.render_html(briefing_of(*((r.slug, [r]) for r in reports)), config, "en")
    cover = html[html.index('<section class="cover">'):html.index("</section>")]
    named = re.findall(r"Outlet \d\d \(\d\)", cover)
    assert len(named) == pdf.COVER_OUTLETS and named[0] == "Outlet 14 (2)"
    assert "and 3 more" in cover and f'<dd class="source-count">{len(reports)}</dd>' in cover


def test_the_dek_is_not_printed_again_as_the_opening_paragraph(config):
    lead = article("a", ["chips"])
    body = "Key insights\n\nDek of a.\n\nThe rest of the story, told at length."
    b = briefing_of(("a", [lead.replace(body=body)]))
    story = body_of(pdf.render_html(b, config, "en"))
    assert story.count("Dek of a.") == 1 and "Key insights" in story and "The rest of the story" in story


def test_a_story_is_printed_under_the_same_primary_topic_as_the_site_lists_it(config):
    # The classifier listed chips first (one term) but robotics matched four: robotics is what the story is about.
    robots = article("robots", []).replace(topics=(TopicMatch("chips", ("chip",), 0.9),
                                                   TopicMatch("robotics", ("robot", "humanoid", "arm", "gripper"), 0.5)))
    second = article("robots-2", []).replace(topics=(TopicMatch("chips", ("chip", "wafer"), 0.9),
                                                     TopicMatch("robotics", ("robot", "humanoid", "arm"), 0.5)))
    b = briefing_of(("robots", [robots, second]))
    site_primary = digest.story_view(b.stories[0], "en", 5, config.taxonomy).primary_topic
    assert site_primary == digest.ranked_topics(b.stories[0], config.taxonomy)[0] == "robotics"
    html = pdf.render_html(b, config, "en")
    assert 'id="story-robots"' in section(html, "robotics")
    assert 'id="topic-chips"' not in html  # chips refers back to it from the contents instead


@pytest.mark.parametrize("language, words", [("en", "Translation outdated"), ("fr", "Traduction à mettre à jour")])
def test_an_outdated_translation_is_flagged_in_the_pdf_as_on_the_site(config, language, words):
    other = "fr" if language == "en" else "en"
    stale = Translation(language, "editor", "Old title", "Old dek.", ("Old point.",), "Old body paragraph.",
                        outdated=True)
    b = briefing_of(("a", [article("a", ["chips"], language=other, translations=[stale])]))
    story = body_of(pdf.render_html(b, config, language))
    assert story.count(words) == 2  # above the printed text, and in its source's line
    fresh = briefing_of(("a", [article("a", ["chips"], language=other,
                                       translations=[dataclasses.replace(stale, outdated=False)])]))
    assert words not in body_of(pdf.render_html(fresh, config, language))


def test_a_count_in_the_printed_key_figures_shows_what_it_counts(config):
    body = "Acme expects sales of 2 million robots by 2030, it said on Monday."
    report = article("acme", ["robotics"]).replace(body=body)
    [figure] = figures.extract(body, "en")
    b = Briefing((report,), (Story("acme", (report,)),), {"acme": Analysis(figures=(figure,), subjects=("Acme",))})
    table = body_of(pdf.render_html(b, config, "en")).split('<table class="figures">')[1].split("</table>")[0]
    assert "<td>robots · Acme</td>" in table and "revenue" not in table
