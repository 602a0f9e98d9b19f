"""Home, topic and story pages: story headlines, topic strength, one card per story, dates, outlets (no MkDocs)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from briefing import digest, render, write
from briefing.analyse import Analysis
from briefing.config import BriefingConfig
from briefing.models import Article, TopicMatch, Translation
from briefing.stories import Briefing, Story

from conftest import REPO


def _article(slug: str, *, title: str = "", method: str = "first-line", language: str = "en",
             published: date | None = None, source: str | None = None, url: str | None = None,
             topics: dict[str, int] | None = None, summary: str = "", translations=()) -> Article:
    """An article whose topics matched `topics[name]` distinct terms each (in that order)."""
    matches = tuple(TopicMatch(name, tuple(f"{name}-term-{i}" for i in range(n)), 0.0)
                    for name, n in (topics or {}).items())
    return Article(source_path=Path(f"{slug}.txt"), raw_sha256="", raw_text="", slug=slug,
                   title=title or slug.replace("-", " "), title_method=method, language=language,
                   published=published, source=source, url=url, topics=matches,
                   summary=summary or f"What {slug} says happened.", translations=tuple(translations))


def _sv(*articles: Article, language: str = "en", taxonomy=("chips", "robotics", "capex")) -> digest.StoryView:
    return digest.story_view(Story(articles[0].slug, articles), language, 5, taxonomy)


def test_a_real_headline_heads_the_story_over_the_leads_generated_title():
    lead = _article("lead", title="Acme said on Monday that it would", method="generated")
    other = _article("other", title="Acme Buys Widget Maker", method="first-line")
    sv = _sv(lead, other)
    assert sv.lead.slug == "lead"  # the most complete report still leads (dek, key points)
    assert sv.title == "Acme Buys Widget Maker"


def test_the_headline_is_in_the_pages_language_and_an_original_beats_a_translation():
    generated = _article("a", title="Acme said on Monday", method="generated")
    french = _article("b", title="Acme rachète un fabricant", language="fr", method="first-line",
                      translations=[Translation("en", "machine", title="Acme buys a maker")])
    english = _article("c", title="Acme Buys Widget Maker", method="html")
    assert _sv(generated, french, english).title == "Acme Buys Widget Maker"
    assert _sv(generated, french).title == "Acme buys a maker"  # a translated real headline beats a generated one
    untranslated = french.replace(translations=())
    # Shown in French on the English site, a real headline loses to a generated one in English.
    assert _sv(generated, untranslated).title == "Acme said on Monday"
    assert _sv(generated, untranslated, language="fr").title == "Acme rachète un fabricant"


def test_topics_rank_by_strength_and_the_primary_topic_comes_first():
    chip_story = _sv(_article("chip", topics={"capex": 2, "chips": 6}))
    spend_story = _sv(_article("spend-1", topics={"chips": 2, "capex": 3}),
                      _article("spend-2", topics={"capex": 5, "chips": 1}))
    assert chip_story.topics == ("chips", "capex")  # stronger than the classifier's order said
    assert spend_story.topics == ("capex", "chips")
    assert abs(sum(spend_story.strengths.values()) - 1.0) < 1e-9
    both = [spend_story, chip_story]
    assert [sv.story.id for sv in digest.ranked_for_topic(both, "chips")] == ["chip", "spend-1"]
    assert [sv.story.id for sv in digest.ranked_for_topic(both, "capex")] == ["spend-1", "chip"]


def test_topics_outside_the_taxonomy_are_not_chips_and_an_editors_bare_topic_counts():
    sv = _sv(_article("a", topics={"energy": 9, "robotics": 0}))
    assert sv.topics == ("robotics",)
    assert sv.strengths["robotics"] > 0


def test_each_story_is_placed_once_under_its_primary_topic():
    views = [_sv(_article("a", topics={"chips": 3, "capex": 1})), _sv(_article("b", topics={"capex": 4, "chips": 2})),
             _sv(_article("c", topics={"chips": 1, "robotics": 1})), _sv(_article("d"))]
    placed = digest.placed_by_topic(views, ["chips", "robotics", "capex"])
    assert {name: [sv.story.id for sv in members] for name, members in placed.items()} == {
        "chips": ["a", "c"], "robotics": [], "capex": ["b"]}


def test_story_facts_give_the_date_range_outlets_and_languages():
    sv = _sv(_article("a", published=date(2025, 9, 3), source="Wire One"),
             _article("b", published=date(2025, 9, 1), url="https://www.example.org/news/1", language="fr"),
             _article("c", published=date(2025, 9, 2), source="Wire One"),
             _article("d"))
    assert sv.date_range == (date(2025, 9, 1), date(2025, 9, 3))
    assert sv.outlets == ["Wire One", "example.org"]
    assert render.story_facts(sv, "en") == ["2025-09-01 – 2025-09-03", "Wire One, example.org",
                                            "English, French", "4\u00a0reports"]
    assert render.story_facts(sv, "fr")[2:] == ["anglais, français", "4\u00a0articles"]
    one_day = _sv(_article("e", published=date(2025, 9, 1)))
    assert render.story_facts(one_day, "en") == ["2025-09-01", "English"]


def test_in_brief_says_each_newest_story_once():
    same = "Acme bought Widget Co for two billion dollars on Monday."
    views = [_sv(_article("a", summary=same)), _sv(_article("b", summary=same)),
             _sv(_article("c", summary="Rivals cut prices of their robots in Osaka.")),
             _sv(_article("d", summary="A third thing happened somewhere else entirely."))]
    brief = digest.in_brief(views, 2)
    assert [(sv.story.id, cited.text) for sv, cited in brief] == [("a", same), ("c", views[2].lead.summary)]


def test_outlet_names_cut_a_long_title_at_a_word():
    assert render.shorten("Alibaba Group Holding Ltd. has seen its shares surge to their highest level", 40) == \
        "Alibaba Group Holding Ltd. has seen its…"
    assert render.shorten("short", 40) == "short"


def _pages(articles: list[Article], language: str = "en") -> dict[str, str]:
    config = BriefingConfig(languages=["en", "fr"], site={"templates": REPO / "templates"})
    story = Story(articles[0].slug, tuple(articles))
    others = [Story(a.slug, (a,)) for a in articles[len(story.articles):]]
    briefing = Briefing(tuple(articles), (story, *others), {a.slug: Analysis() for a in articles})
    return {p.path: p.text for p in render.build_pages(briefing, config, config.site.templates, language)}


def test_story_page_has_the_headline_date_range_outlets_and_links_every_report():
    reports = [_article("long-report", title="Acme said on Monday it would buy", method="generated",
                        published=date(2025, 9, 2), source="Wire One", topics={"chips": 3}),
               _article("short-report", title="Acme Buys Widget Maker", published=date(2025, 9, 1),
                        url="https://news.example.com/acme", topics={"chips": 2, "capex": 1})]
    page = _pages(reports)["stories/long-report.md"]
    assert "\n# Acme Buys Widget Maker\n" in page
    assert "2025-09-01 – 2025-09-02 · Wire One, news.example.com · English · 2\u00a0reports" in page
    assert "[Chips](../topics/chips.md){: .briefing-chip }" in page
    for slug, meta in (("long-report", "Wire One · 2025-09-02"), ("short-report", "news.example.com · 2025-09-01")):
        line = next(line for line in page.splitlines() if f"](../articles/{slug}.md)" in line)
        assert meta in line


def test_title_method_is_read_back_from_provenance(tmp_path):
    fields = {"title": {"method": "clean.generated", "hash": write.value_hash("Acme said on Monday")}}
    text = write.dump({"title": "Acme said on Monday", "provenance": {"fields": fields}}, "Body.")
    path = tmp_path / "a.md"
    assert write.to_article(write.parse_content(path, text)).title_method == "generated"
    edited = text.replace("title: Acme said on Monday", "title: Acme Buys Widget Maker")
    assert write.to_article(write.parse_content(path, edited)).title_method == "editor"
    by_hand = write.dump({"title": "Acme Buys Widget Maker"}, "Body.")
    assert write.to_article(write.parse_content(path, by_hand)).title_method == ""


def test_a_storys_dek_is_in_the_pages_language_when_a_report_has_one():
    untranslated = _article("long-french", language="fr", summary="Acme a racheté Widget lundi.")
    english = _article("short-english", summary="Acme bought Widget on Monday.")
    sv = _sv(untranslated, english)
    assert sv.lead.slug == "long-french" and sv.dek.text == "Acme bought Widget on Monday."
    [(_, cited)] = digest.in_brief([sv], 5)
    assert cited.source.slug == "short-english"
    assert _sv(untranslated, english, language="fr").dek.text == "Acme a racheté Widget lundi."
