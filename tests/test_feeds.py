"""Feeds, sitemaps and social metadata: feeds read back with feedparser, unit by unit and in built sites."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import frontmatter
import pytest

from briefing import pipeline
from briefing.outputs import feeds
from briefing.config import BriefingConfig
from briefing.models import TopicMatch, Translation, TranslationStatus
from briefing.stages.stories import Briefing, Story

from conftest import article

ADDRESS = feeds.Address("https://example.org/brief/")
CONFIG = BriefingConfig(languages=["en", "fr"])


def report(slug: str, day: int | None, topics: tuple[str, ...], *, title: str = "", fr: str = "",
           source: str | None = None):
    """An English report dated 2025-09-<day>, with a French translation of its title and dek when `fr` is given."""
    french = Translation("fr", TranslationStatus.MACHINE, title=fr, summary=f"{fr} : le résumé.")
    translations = (french,) if fr else ()
    return article("Body text.", slug=slug, title=title or slug.replace("-", " ").title(), language="en",
                   published=date(2025, 9, day) if day else None, summary=f"{title or slug}: the dek.",
                   topics=tuple(TopicMatch(name, (name,), 3.0) for name in topics), source=source,
                   translations=translations, story=slug)


def briefing_of(*stories: tuple[str, list]) -> Briefing:
    built = tuple(Story(story_id, tuple(reports)) for story_id, reports in stories)
    return Briefing(tuple(a for s in built for a in s.articles), built, {})


CHIPS = report("chip-plant", 1, ("chips",), title="Chip plant opens", fr="Une usine de puces ouvre", source="Outlet A")
ROBOT = report("robot-arm", 2, ("robotics",), title="Robot arm ships", fr="Un bras robot est livré")
BOTH = report("robot-chips", 3, ("robotics", "chips"), title="Robot chips", source="Outlet B")
UNDATED = report("undated", None, ("capex",), title="Undated capex story")
SAMPLE = briefing_of(("chip-plant", [CHIPS]), ("robot-arm", [ROBOT]), ("robot-chips", [BOTH]), ("undated", [UNDATED]))


def parsed(briefing: Briefing, language: str = "en", folder: str = "") -> dict[str, feedparser.FeedParserDict]:
    files = feeds.files(briefing, CONFIG, language, ADDRESS)
    return {fmt: feedparser.parse(files[folder + name]) for fmt, name in feeds.FILES.items() if fmt != "json"}


def test_rss_and_atom_are_valid_with_one_item_per_story_newest_update_first():
    for fmt, feed in parsed(SAMPLE).items():
        assert not feed.bozo, (fmt, feed.get("bozo_exception"))
        assert [e.title for e in feed.entries] == ["Robot chips", "Robot arm ships", "Chip plant opens",
                                                  "Undated capex story"], fmt
        assert len({e.id for e in feed.entries}) == 4
        first = feed.entries[0]
        assert first.link == "https://example.org/brief/en/articles/robot-chips/"
        assert first.summary == "Robot chips: the dek."
        assert {t.term for t in first.tags} == {"Robotics", "Chips"} if fmt == "rss" else {"robotics", "chips"}
        assert first.author == "Outlet B"
        assert first.published_parsed[:3] == (2025, 9, 3)


def test_json_feed_holds_the_same_items():
    data = json.loads(feeds.files(SAMPLE, CONFIG, "en", ADDRESS)["feed.json"])
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "https://example.org/brief/en/feed.json"
    atom = parsed(SAMPLE)["atom"]
    assert [i["id"] for i in data["items"]] == [e.id for e in atom.entries]
    assert data["items"][0]["authors"] == [{"name": "Outlet B"}] and data["items"][0]["tags"] == ["Robotics", "Chips"]
    assert "date_published" not in data["items"][-1]  # an undated story claims no date


def test_ids_are_stable_and_an_updated_story_keeps_its_id_with_a_newer_date():
    before = parsed(SAMPLE)["atom"]
    assert feeds.files(SAMPLE, CONFIG, "en", ADDRESS) == feeds.files(SAMPLE, CONFIG, "en", ADDRESS)  # same bytes
    later = report("chip-plant-2", 5, ("chips",), title="Chip plant hires", source="Outlet C")
    grown = briefing_of(("chip-plant", [CHIPS, later]), ("robot-arm", [ROBOT]), ("robot-chips", [BOTH]),
                        ("undated", [UNDATED]))
    after = parsed(grown)["atom"]
    old = {e.id: e for e in before.entries}
    new = {e.id: e for e in after.entries}
    assert set(old) == set(new)  # no story shows as a new item
    chip_id = next(i for i, e in old.items() if e.title == "Chip plant opens")
    assert new[chip_id].updated_parsed > old[chip_id].updated_parsed
    assert new[chip_id].published_parsed == old[chip_id].published_parsed
    assert new[chip_id].link == "https://example.org/brief/en/stories/chip-plant/"  # now a story of two reports
    assert after.entries[0].id == chip_id  # the latest update comes first
    assert {a.name for a in new[chip_id].authors} == {"Outlet A", "Outlet C"}
    assert all(new[i].updated == old[i].updated for i in old if i != chip_id)


def test_a_topic_feed_holds_only_that_topics_stories():
    chips = parsed(SAMPLE, folder="topics/chips/")["atom"]
    assert not chips.bozo and [e.title for e in chips.entries] == ["Robot chips", "Chip plant opens"]
    assert all("chips" in {t.term for t in e.tags} for e in chips.entries)
    assert chips.feed.link == "https://example.org/brief/en/topics/chips/"
    capex = parsed(SAMPLE, folder="topics/capex/")["rss"]
    assert [e.title for e in capex.entries] == ["Undated capex story"]
    assert set(feeds.files(SAMPLE, CONFIG, "en", ADDRESS)) >= {
        f"topics/{name}/{file}" for name in CONFIG.taxonomy for file in feeds.FILES.values()}


def test_the_french_feed_speaks_french_where_translations_exist():
    atom = parsed(SAMPLE, "fr")["atom"]
    by_title = {e.title: e for e in atom.entries}
    assert {"Une usine de puces ouvre", "Un bras robot est livré"} <= set(by_title)
    assert by_title["Une usine de puces ouvre"].summary == "Une usine de puces ouvre : le résumé."
    assert "Robot chips" in by_title  # no translation yet: the original, as the French pages show it
    assert {t.label for t in by_title["Une usine de puces ouvre"].tags} == {"Puces"}
    assert atom.feed.language == "fr"
    english = {e.id for e in parsed(SAMPLE, "en")["atom"].entries}
    assert english.isdisjoint(by_title[t].id for t in by_title)  # each language's feeds have their own ids


def test_titles_are_carried_as_text_whatever_they_hold():
    hostile = 'Chips <script>alert("x")</script> & <b>more</b>\x0b\x00'
    story = briefing_of(("h", [report("h", 4, ("chips",), title=hostile)]))
    for fmt, feed in parsed(story).items():
        assert not feed.bozo, fmt
        assert feed.entries[0].title == 'Chips <script>alert("x")</script> & <b>more</b>', fmt
    raw = feeds.files(story, CONFIG, "en", ADDRESS)["feed.xml"]
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_address_builds_urls_for_both_url_styles_and_reads_site_url(monkeypatch):
    assert ADDRESS.page("en", "index.md") == "https://example.org/brief/en/"
    assert ADDRESS.page("fr", "stories/x.md") == "https://example.org/brief/fr/stories/x/"
    assert feeds.Address("https://e.org/", False).page("en", "stories/x.md") == "https://e.org/en/stories/x.html"
    monkeypatch.delenv(feeds.ENV_SITE_URL, raising=False)
    assert feeds.address({}) is None
    assert feeds.address({"site_url": "https://e.org/b"}).root == "https://e.org/b/"
    monkeypatch.setenv("PAGES_URL", "https://pages.example/")
    assert feeds.site_url({"site_url": ["PAGES_URL", "https://fallback/"]}) == "https://pages.example/"
    assert feeds.site_url({"site_url": ["UNSET_NAME_X", "https://fallback/"]}) == "https://fallback/"
    assert feeds.site_url({"site_url": "PAGES_URL"}) == "https://pages.example/"  # `!ENV PAGES_URL`
    assert feeds.site_url({"site_url": "UNSET_NAME_X"}) == ""
    monkeypatch.setenv(feeds.ENV_SITE_URL, "https://override.example/")
    assert feeds.address({"site_url": "https://e.org/b", "use_directory_urls": False}) == feeds.Address(
        "https://override.example/", False)


def test_no_address_no_feed():
    assert feeds.files(SAMPLE, CONFIG, "en", None) == {}


# ------------------------------------------------------------------------------ built sites


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


class Head(HTMLParser):
    """The <link rel=alternate> and <meta> tags of a page's <head>."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[dict] = []
        self.meta: dict[str, list[str]] = {}
        self.feed(html.split("</head>", 1)[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type"):
            self.links.append(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))


def local(url: str, site: Path) -> Path:
    """The file of the built site a published URL points at."""
    path = site / url.removeprefix("https://example.org/brief/")
    return path / "index.html" if url.endswith("/") else path


def stories_in(proj) -> dict[str, list[frontmatter.Post]]:
    found: dict[str, list] = {}
    for path in proj.articles.glob("*.md"):
        post = frontmatter.load(path)
        found.setdefault(post["story"], []).append(post)
    return found


def test_built_feeds_are_valid_one_item_per_story_and_link_to_pages(feed_site):
    for language in ("en", "fr"):
        for name in ("feed.xml", "atom.xml"):
            feed = feedparser.parse((feed_site.site / language / name).read_bytes())
            assert not feed.bozo, (language, name)
            assert len(feed.entries) == len(stories_in(feed_site)), (language, name)
            for entry in feed.entries:
                assert local(entry.link, feed_site.site).is_file(), entry.link
        assert json.loads((feed_site.site / language / "feed.json").read_text(encoding="utf-8"))["items"]


def test_built_feeds_keep_ids_across_builds_and_date_the_grown_story_later(feed_site):
    before, after = (feedparser.parse(text) for text in feed_site.atom_en)
    old = {e.id: e for e in before.entries}
    new = {e.id: e for e in after.entries}
    grown = new[feeds.story_id(feed_site.address, "en", feed_site.grown_story)]
    assert grown.id in old and grown.updated_parsed > old[grown.id].updated_parsed
    assert grown.updated_parsed[:3] == (2025, 9, 3)
    assert set(new) <= set(old)  # the added report's own story merged into the grown one: no new item


def test_a_rebuild_with_nothing_changed_leaves_feeds_and_sites_as_they_are(feed_site):
    def feed_files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in feed_site.site.rglob("*")
                if p.suffix in {".xml", ".json"} and p.name != "build-report.json"}

    before = feed_files()
    assert sorted(feed_site.build(strict=True).sites_current) == ["en", "fr"]  # feeds are the same bytes
    assert feed_files() == before


def test_built_topic_feeds_hold_only_their_topics_stories(feed_site):
    config = feed_site.config()
    for name in config.taxonomy:
        feed = feedparser.parse((feed_site.site / "en" / "topics" / name / "atom.xml").read_bytes())
        expected = {feeds.story_id(feed_site.address, "en", story) for story, posts in stories_in(feed_site).items()
                    if any(name in post["topics"] for post in posts)}
        assert {e.id for e in feed.entries} == expected, name


def test_built_french_feed_is_french_where_translations_exist(feed_site):
    french = set()
    for posts in stories_in(feed_site).values():
        for post in posts:
            french.add(post["title"] if post["language"] == "fr" else (post.get("translations") or {}).get(
                "fr", {}).get("title"))
    titles = [e.title for e in feedparser.parse((feed_site.site / "fr" / "atom.xml").read_bytes()).entries]
    english = [e.title for e in feedparser.parse((feed_site.site / "en" / "atom.xml").read_bytes()).entries]
    assert len([t for t in titles if t in french]) >= 2 and titles != english


def test_every_page_links_its_feeds_and_topic_pages_their_own(feed_site):
    for language in ("en", "fr"):
        for page in pages(feed_site.site / language):
            links = Head(page.read_text(encoding="utf-8")).links
            types = {link["type"] for link in links}
            assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= types, page
            assert all(local(link["href"], feed_site.site).is_file() for link in links), page
        chips = Head((feed_site.site / language / "topics" / "chips" / "index.html").read_text(encoding="utf-8"))
        assert chips.links[0]["href"] == f"https://example.org/brief/{language}/topics/chips/feed.xml"


def test_without_site_url_no_feed_no_sitemap_and_one_warning(sample_site, caplog):
    assert not list(sample_site.site.rglob("feed.xml")) and not list(sample_site.site.rglob("sitemap.xml"))
    page = (sample_site.site / "en" / "index.html").read_text(encoding="utf-8")
    assert not Head(page).links and "og:url" not in page
    with caplog.at_level(logging.WARNING):
        report = sample_site.build(strict=True)  # as the fixture built it: current, no MkDocs run
    assert sorted(report.sites_current) == ["en", "fr"]
    assert len([r for r in caplog.records if "site_url" in r.getMessage()]) == 1


def test_the_tags_index_is_built_but_no_tags_export(sample_site):
    """tags.json (every page's tags, for other tools) has no reader: mkdocs.yml turns Material's export off."""
    for language in ("en", "fr"):
        assert "chips" in (sample_site.site / language / "tags" / "index.html").read_text(encoding="utf-8").lower()
    assert not list(sample_site.site.rglob("tags.json"))


def test_sitemaps_list_every_page_with_its_date(feed_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(feed_site.site / "sitemap.xml").getroot()
    # The root index names each language's list of pages (an index may not list other indexes).
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [
        "https://example.org/brief/en/sitemap-pages.xml", "https://example.org/brief/fr/sitemap-pages.xml"]
    for language in ("en", "fr"):
        # Each language's sitemap.xml is a small index of its list of pages.
        own = ET.parse(feed_site.site / language / "sitemap.xml").getroot()
        assert own.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
        assert [e.text for e in own.findall("s:sitemap/s:loc", ns)] == [
            f"https://example.org/brief/{language}/sitemap-pages.xml"]
        urls = {u.find("s:loc", ns).text: u.findtext("s:lastmod", None, ns)
                for u in ET.parse(feed_site.site / language / "sitemap-pages.xml").getroot().findall("s:url", ns)}
        assert {local(url, feed_site.site) for url in urls} == set(pages(feed_site.site / language))
        for path in feed_site.articles.glob("*.md"):
            post = frontmatter.load(path)
            url = f"https://example.org/brief/{language}/articles/{path.stem}/"
            assert url in urls
            if post["date"]:
                assert urls[url] >= post["date"].isoformat()
        # The home page is the latest edition (the day the sample's undated reports were added): its day.
        assert urls[f"https://example.org/brief/{language}/"] == "2026-11-23"
        # An edition page changed last when its newest report came: the 2025-09-01 story grew on 2025-09-03.
        assert urls[f"https://example.org/brief/{language}/editions/2025-09-01/"] == "2025-09-03"


def test_a_page_opened_fetches_only_the_small_sitemap_index(feed_site, browser):
    """Material's scripts fetch sitemap.xml beside each alternate link of every page opened: the index, not the list."""
    from browser import served

    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response) if "sitemap" in response.url else None)
    try:
        with served(feed_site.site) as url:
            page, fetched = context.new_page(), {}
            for path in ("en/", "fr/topics/chips/"):
                page.goto(f"{url}/{path}", wait_until="networkidle")
                # Read before the next navigation: Chromium drops the bodies of a page navigated away from.
                fetched.update((response.url, len(response.body())) for response in responses)
                responses.clear()
    finally:
        context.close()
    assert fetched, "no sitemap was fetched: Material no longer reads it, and this split is not needed"
    assert not [address for address in fetched if "sitemap-pages" in address]
    assert all(0 < size < 400 for size in fetched.values()), fetched
    assert (feed_site.site / "en" / "sitemap-pages.xml").stat().st_size > 400  # the list is what stays unfetched


def test_story_and_article_pages_carry_escaped_social_metadata(feed_site):
    post = frontmatter.load(feed_site.articles / f"{feed_site.hostile}.md")
    html = (feed_site.site / "en" / "articles" / feed_site.hostile / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert "<script>alert" not in head and "<b>" not in head
    meta = Head(html).meta
    assert meta["og:title"] == [post["title"]] == meta["twitter:title"]  # read back unescaped: exactly the title
    assert meta["og:type"] == ["article"] and meta["twitter:card"] == ["summary"]
    assert meta["og:locale"] == ["en"] and meta["og:locale:alternate"] == ["fr"]
    assert meta["og:url"] == [f"https://example.org/brief/en/articles/{feed_site.hostile}/"]
    assert meta["article:published_time"] == ["2025-09-03"]
    story = Head((feed_site.site / "fr" / "stories" / feed_site.grown_story / "index.html").read_text(encoding="utf-8"))
    assert story.meta["og:type"] == ["article"] and story.meta["og:locale"] == ["fr"]
    assert story.meta["article:published_time"] == ["2025-09-01"]
    assert story.meta["article:modified_time"] == ["2025-09-03"]
    assert story.meta["og:description"][0]
    home = Head((feed_site.site / "en" / "index.html").read_text(encoding="utf-8")).meta
    assert home["og:type"] == ["website"]
