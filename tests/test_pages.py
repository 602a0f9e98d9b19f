"""Home, topic and story pages: story headlines, topic strength, one card per story, dates, outlets (no MkDocs)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from conftest import REPO
from conftest import article as make_article

from briefing.content import read, write
from briefing.extract import figures
from briefing.render import digest, pages as render
from briefing.stages.analyse import Analysis
from briefing.config import BriefingConfig
from briefing.models import Article, TopicMatch, Translation
from briefing.stages.stories import Briefing, Story


def _article(slug: str, *, title: str = "", method: str = "first-line", language: str = "en",
             published: date | None = None, source: str | None = None, url: str | None = None,
             topics: dict[str, int] | None = None, summary: str = "", translations=()) -> Article:
    """An article whose topics matched `topics[name]` distinct terms each (in that order)."""
    matches = tuple(TopicMatch(name, tuple(f"{name}-term-{i}" for i in range(n)), 0.0)
                    for name, n in (topics or {}).items())
    return make_article(slug=slug,
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
    fields = {"title": {"method": "clean.generated", "hash": read.value_hash("Acme said on Monday")}}
    text = write.dump({"title": "Acme said on Monday", "provenance": {"fields": fields}}, "Body.")
    path = tmp_path / "a.md"
    assert read.to_article(read.parse_content(path, text)).title_method == "generated"
    edited = text.replace("title: Acme said on Monday", "title: Acme Buys Widget Maker")
    assert read.to_article(read.parse_content(path, edited)).title_method == "editor"
    by_hand = write.dump({"title": "Acme Buys Widget Maker"}, "Body.")
    assert read.to_article(read.parse_content(path, by_hand)).title_method == ""


def test_a_storys_dek_is_in_the_pages_language_when_a_report_has_one():
    untranslated = _article("long-french", language="fr", summary="Acme a racheté Widget lundi.")
    english = _article("short-english", summary="Acme bought Widget on Monday.")
    sv = _sv(untranslated, english)
    assert sv.lead.slug == "long-french" and sv.dek.text == "Acme bought Widget on Monday."
    [(_, cited)] = digest.in_brief([sv], 5)
    assert cited.source.slug == "short-english"
    assert _sv(untranslated, english, language="fr").dek.text == "Acme a racheté Widget lundi."


def test_cards_mark_key_points_still_in_another_language_as_story_pages_do():
    english = _article("english-report", topics={"chips": 3}, summary="Acme bought Widget on Monday.")
    english = english.replace(key_points=("Acme paid two billion dollars for Widget.",))
    german = _article("german-report", language="de", topics={"chips": 2}, summary="Acme kaufte Widget am Montag.")
    german = german.replace(key_points=("Der Kauf soll im Herbst abgeschlossen sein.",))  # pending: no translation
    page = _pages([english, german])["topics/chips.md"]
    marked = ('- <span lang="de">Der Kauf soll im Herbst abgeschlossen sein.</span> '
              '<span class="briefing-lang">(German)</span>')
    assert marked in page
    assert "- Acme paid two billion dollars for Widget." in page  # text in the page's language is not marked
    # The same marker as the story page puts on the same point.
    story = _pages([english, german])["stories/english-report.md"]
    assert marked.removeprefix("- ") in story


def test_a_card_headline_still_in_another_language_is_marked():
    german = _article("nur-deutsch", title="Acme kauft Widget", language="de", topics={"chips": 2})
    pages = _pages([german])
    for path in ("index.md", "topics/chips.md"):
        line = next(line for line in pages[path].splitlines() if line.startswith("[Acme kauft Widget]("))
        assert line.endswith('<span class="briefing-lang">(German)</span>'), (path, line)
    french_site = _pages([german], language="fr")["index.md"]
    assert "(allemand)" in french_site
    english = _article("english-only", title="Acme Buys Widget", topics={"chips": 2})
    assert "briefing-lang" not in _pages([english])["index.md"]


def _names_page(language: str, kind: str = "place",
                names: tuple[str, ...] = ("United States", "Germany", "Brazil", "United Arab Emirates", "Spain",
                                          "China")) -> list[str]:
    """The names of one kind on the names page, as listed, for two articles naming them (the first three in both)."""
    one = _article("one", topics={"chips": 1})
    two = _article("two", topics={"chips": 1})
    config = BriefingConfig(languages=["en", "fr", "zh", "ja"], site={"templates": REPO / "templates"})
    analyses = {"one": Analysis(entities=dict.fromkeys(names, kind)),
                "two": Analysis(entities=dict.fromkeys(names[:3], kind))}
    briefing = Briefing((one, two), (Story("one", (one,)), Story("two", (two,))), analyses)
    page = next(p.text for p in render.build_pages(briefing, config, config.site.templates, language)
                if p.path == "names.md")
    return [line.split("**")[1] for line in page.splitlines() if line.startswith("- **")]


def test_the_names_index_is_in_the_alphabetical_order_of_the_names_shown():
    assert _names_page("en") == ["Brazil", "China", "Germany", "Spain", "United Arab Emirates", "United States"]
    # French names, accents folded: "Émirats" and "États" sort among the E's, not after Z or by their English name.
    assert _names_page("fr") == ["Allemagne", "Brésil", "Chine", "Émirats arabes unis", "Espagne", "États-Unis"]


def test_companies_have_chinese_and_japanese_display_names():
    companies = ("Nvidia", "Alibaba", "Tencent", "Huawei")
    assert set(_names_page("zh", "company", companies)) == {"英伟达", "阿里巴巴", "腾讯", "华为"}
    assert set(_names_page("ja", "company", companies)) == {"エヌビディア", "アリババ", "テンセント", "ファーウェイ"}
    assert set(_names_page("fr", "company", companies)) == set(companies)  # a language without one keeps the name


def test_every_chinese_or_japanese_company_name_is_a_spelling_the_alias_list_already_matches():
    # Why: a display name is matched as an alias too, and CJK aliases match inside words ("メタ" in "メタバース").
    from briefing.extract import entities

    listed = yaml.safe_load((REPO / "briefing" / "extract" / "entities.yaml").read_text(encoding="utf-8"))
    companies = {name: spec for name, spec in listed.items() if isinstance(spec, dict) and spec["kind"] == "company"}
    shown = [(name, code, display) for name, spec in companies.items()
             for code, display in (spec.get("names") or {}).items() if code in ("zh", "ja")]
    assert len({name for name, _, _ in shown}) >= 40
    for name, code, display in shown:
        assert display in companies[name]["aliases"], (name, code, display)
    aliases = entities.Aliases.load()
    assert all(aliases.canonical(display).name == name for name, _, display in shown)


@pytest.mark.parametrize("sentence, language, noun", [
    ("Acme expects sales of 2 million robots by 2030.", "en", "robots"),
    ("The plant will run over 2 million active robots, the firm said.", "en", "active robots"),
    ("Acme prévoit de vendre plus de 2 millions de robots d'ici 2030.", "fr", "robots"),
    ("Acme will bis 2030 rund 2 Millionen Roboter verkaufen.", "de", "Roboter"),
    ("Acme预计到2030年销售200万台机器人。", "zh", "机器人"),
    ("Acmeは2030年までに200万台のロボットを販売する見通しだ。", "ja", "ロボット"),
    ("The market will reach 2 million by 2030.", "en", None),
    ("Acme invested 2 billion dollars in robots.", "en", None),  # money: its concept is its measure
])
def test_a_count_is_measured_by_what_it_counts(sentence, language, noun):
    [figure] = [f for f in figures.extract(sentence, language) if f.value >= 1e6]
    assert digest.counted_noun(figure, language) == noun


def test_a_count_in_the_key_figures_table_shows_what_it_counts_not_a_nearby_concept():
    body = "Acme expects sales of 2 million robots by 2030, it said on Monday."
    french = Translation("fr", "machine", title="Acme vise 2 millions de robots",
                         body="Acme prévoit des ventes de 2 millions de robots d'ici 2030, a-t-elle indiqué lundi.")
    report = _article("acme", topics={"robotics": 2}, translations=[french]).replace(body=body)
    [figure] = figures.extract(body, "en")
    assert figure.concept == "revenue"  # "sales" is the nearest concept word, but no revenue is counted
    config = BriefingConfig(languages=["en", "fr"], site={"templates": REPO / "templates"})
    briefing = Briefing((report,), (Story("acme", (report,)),),
                        {"acme": Analysis(figures=(figure,), subjects=("Acme",))})
    for language, measure, wrong in (("en", "robots · Acme", "revenue"), ("fr", "robots · Acme", "chiffre d")):
        page = next(p.text for p in render.build_pages(briefing, config, config.site.templates, language)
                    if p.path == "topics/robotics.md")
        row = next(line for line in page.splitlines() if line.startswith("| **"))
        cells = [cell.strip() for cell in row.split(" | ")]
        assert cells[1] == measure and wrong not in row, row
