"""The sample's home, topic, story and tags pages in headless Chromium, as a reader meets them."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import frontmatter
import pytest

from briefing.render import i18n
from briefing.stages import stories


def _articles(sample_site) -> dict[str, dict]:
    return {path.stem: frontmatter.load(path).metadata for path in sorted(sample_site.articles.glob("*.md"))}


def _title_in(meta: dict, language: str) -> str:
    """The title a site language shows: the original's, else its translation's."""
    if meta["language"] == language:
        return meta["title"]
    return (meta.get("translations") or {}).get(language, {}).get("title") or meta["title"]


def _hrefs(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_tags_page_names_and_links_every_article(page, site_url, sample_site, language):
    page.goto(f"{site_url}/{language}/tags/", wait_until="networkidle")
    entries = page.locator("article.md-content__inner ul li a")
    titles = [text.strip() for text in entries.all_inner_texts()]
    assert titles and "None" not in titles and all(titles)
    expected = defaultdict(set)
    for meta in _articles(sample_site).values():
        for topic in meta["topics"]:
            expected[topic].add(_title_in(meta, language))
    assert sorted(titles) == sorted(t for group in expected.values() for t in group)
    for href in set(_hrefs(page, "article.md-content__inner ul li a")):
        assert page.request.get(f"{site_url}/{language}/tags/{href}").ok, href


def _latest_edition_stories(sample_site) -> set[str]:
    """The stories with a report on the sample's latest day (its date, else the day it was added; UTC)."""
    def day(meta: dict) -> str:
        return str(meta["date"]) if meta.get("date") else str(meta["provenance"]["added"])[:10]

    metas = list(_articles(sample_site).values())
    latest = max(day(meta) for meta in metas)
    return {meta["story"] for meta in metas if day(meta) == latest}


def test_home_lists_each_story_of_the_latest_edition_once_with_its_topic_chips(page, site_url, sample_site):
    page.goto(f"{site_url}/en/", wait_until="networkidle")
    cards = _hrefs(page, ".briefing-card-title a")
    story_ids = _latest_edition_stories(sample_site)
    assert 0 < len(story_ids) < len({meta["story"] for meta in _articles(sample_site).values()})
    assert len(cards) == len(set(cards)) == len(story_ids)
    assert page.locator("h2", has_text="In brief").count() == 1
    assert page.locator(".briefing-brief li").count() == len(story_ids)
    chips = _hrefs(page, ".briefing-meta a.briefing-chip")
    assert chips and all(re.fullmatch(r"topics/(chips|robotics|capex)/", href) for href in chips)


def test_story_page_is_headed_by_a_real_headline_and_links_every_report(page, site_url, sample_site):
    articles = _articles(sample_site)
    members = defaultdict(list)
    for slug, meta in articles.items():
        members[meta["story"]].append(slug)
    story, slugs = next((s, m) for s, m in members.items() if len(m) == 3)
    real = {_title_in(articles[s], "en") for s in slugs
            if articles[s]["provenance"]["fields"]["title"]["method"] != "clean.generated"}
    assert real, "the sample story has a report with its outlet's headline"
    page.goto(f"{site_url}/en/stories/{stories.page_name(story)}/", wait_until="networkidle")
    assert page.locator("h1").inner_text().replace("¶", "").strip() in real  # ¶: the heading's permalink
    assert "English, French · 3\u00a0reports" in page.locator(".briefing-meta").first.inner_text()
    reports = {href.split("/")[-2] for href in _hrefs(page, "li > a[href*='articles/']")}
    assert reports == set(slugs)


def test_chips_and_capex_pages_lead_with_different_stories(page, site_url):
    leads = {}
    for topic in ("chips", "capex"):
        page.goto(f"{site_url}/en/topics/{topic}/", wait_until="networkidle")
        leads[topic] = _hrefs(page, ".briefing-card-title a")[0]
        # Each card's first chip is its story's primary topic (absolute: a link to the page itself is "./").
        primaries = [m.locator("a.briefing-chip").first.evaluate("e => e.href").rstrip("/")
                     for m in page.locator(".briefing-meta").all() if m.locator("a.briefing-chip").count()]
        mine = [p.endswith(f"/topics/{topic}") for p in primaries]
        if any(mine):
            assert mine[0], "a story mainly about the topic leads its page"
    assert leads["chips"] != leads["capex"]


@pytest.mark.parametrize("path", ["en/", "fr/", "en/tags/"])
def test_home_and_tags_fit_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{site_url}/{path}", wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_attribute_list_is_printed_as_text(page, site_url, lang):
    # A "{: .class }" line glued to the next paragraph is shown to readers as text.
    for path in ("", "topics/capex/", "topics/chips/"):
        page.goto(f"{site_url}/{lang}/{path}", wait_until="networkidle")
        assert "{:" not in page.locator("article").inner_text(), path


def _folded(name: str) -> str:
    """A name as an index orders it: accents and case folded."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_names_index_is_in_the_alphabetical_order_of_the_names_shown(page, site_url, language):
    page.goto(f"{site_url}/{language}/names/", wait_until="networkidle")
    sections = page.locator("article.md-content__inner h2 + ul").evaluate_all(
        "lists => lists.map(ul => [...ul.querySelectorAll(':scope > li')].map(li => li.querySelector('strong').textContent))")
    assert sum(map(len, sections)) >= 10
    for names in sections:
        assert names == sorted(names, key=_folded), names
    if language == "fr":
        assert "États-Unis" in [n for names in sections for n in names]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_count_in_key_figures_is_measured_by_what_it_counts(page, site_url, language):
    # A plain count (no currency, no %) counts things: its measure is never a money or market concept.
    money = {i18n.strings(language)[f"concept_{c}"] for c in
             ("revenue", "investment", "valuation", "profit", "funding", "price", "market size", "share price")}
    page.goto(f"{site_url}/{language}/topics/robotics/", wait_until="networkidle")
    rows = page.locator(".briefing-figures tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].slice(0, 2).map(c => c.innerText.trim()))")
    counts = [(value, measure) for value, measure in rows if not re.search(r"[%$€¥£]|[A-Z]{3}\b", value)]
    assert counts, rows
    for value, measure in counts:
        assert measure.split(" · ")[0] not in money, (value, measure)
    assert any("robots" in measure for _, measure in counts)
