"""Editions (issue 18): which edition an article is in, time zones, weekly editions, edition pages, the
edition PDF's print HTML and the newsletter's files (no MkDocs; end to end in test_editions_site.py)."""

from __future__ import annotations

import email
import re
from datetime import date, datetime, timedelta, timezone
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO
from conftest import article as make_article

from briefing import moments, pipeline
from briefing.config import BriefingConfig, EditionsConfig, load_config, read_mkdocs
from briefing.content import read, write
from briefing.errors import ConfigError
from briefing.models import TopicMatch
from briefing.outputs import mkdocs_config, newsletter, pdf
from briefing.project import Project
from briefing.render import editions, i18n, pages as render
from briefing.stages import ingest
from briefing.stages.analyse import Analysis
from briefing.stages.stories import Briefing, Story

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")
UI_LANGUAGES = sorted(i18n.STRINGS)


def _article(slug: str, *, published=None, published_at=None, added=None, topics=("chips",), source="Wire"):
    return make_article(f"What {slug} says happened, in some detail.", slug=slug, title=f"Headline of {slug}",
                        summary=f"Dek of {slug}.", key_points=(f"Point of {slug}.",), published=published,
                        published_at=published_at, added=added, source=source, story=slug, language="en",
                        topics=tuple(TopicMatch(name, (f"{name}-term",), 0.0) for name in topics))


def _briefing(*stories: tuple[str, list]) -> Briefing:
    """Stories in the briefing's order (newest first, as stories.group sorts them)."""
    built = tuple(Story(story_id, tuple(members)) for story_id, members in stories)
    articles = tuple(a for s in built for a in s.articles)
    return Briefing(articles, built, {a.slug: Analysis() for a in articles})


# ----------------------------------------------------------------------------- which edition


@pytest.mark.parametrize("written, zone, day", [
    ("2025-09-01T23:30:00+09:00", TOKYO, date(2025, 9, 1)),   # 23:30 in Tokyo: that day's Tokyo edition
    ("2025-09-01T23:30:00+09:00", UTC, date(2025, 9, 1)),     # 14:30 UTC
    ("2025-09-01T23:30:00+09:00", ZoneInfo("America/Los_Angeles"), date(2025, 9, 1)),  # 07:30 in LA
    ("2025-09-01T14:30:00Z", TOKYO, date(2025, 9, 1)),        # 23:30 in Tokyo, written in UTC
    ("2025-09-01T15:30:00Z", TOKYO, date(2025, 9, 2)),        # 00:30 the next day in Tokyo
    ("2025-09-01T15:30:00Z", UTC, date(2025, 9, 1)),
    ("2025-09-02T07:30:00+09:00", UTC, date(2025, 9, 1)),     # 22:30 UTC the day before
    ("2025-09-01T23:30:00", UTC, date(2025, 9, 1)),           # no offset: read as written, in the zone
])
def test_a_published_time_is_converted_to_the_briefings_zone(written, zone, day):
    a = _article("a", published=date.fromisoformat(written[:10]), published_at=moments.parse(written))
    assert editions.day_of(a, zone) == day


def test_the_tokyo_2330_report_is_in_that_days_tokyo_edition_from_its_content_file(tmp_path):
    path = tmp_path / "late.md"
    path.write_text("---\ntitle: Late news\ndate: 2025-09-01T23:30:00+09:00\nlanguage: en\n---\n\nText.\n",
                    encoding="utf-8")
    a = read.to_article(read.read_content(path))
    assert a.published == date(2025, 9, 1) and a.published_at.utcoffset() == timedelta(hours=9)
    assert editions.day_of(a, TOKYO) == date(2025, 9, 1)
    # 23:30 in Tokyo is 04:30 in Honolulu, still 1 September; 00:30 in Tokyo is still 31 August there.
    assert editions.day_of(a, ZoneInfo("Pacific/Honolulu")) == date(2025, 9, 1)
    early = a.replace(published_at=datetime(2025, 9, 1, 0, 30, tzinfo=TOKYO))
    assert editions.day_of(early, ZoneInfo("Pacific/Honolulu")) == date(2025, 8, 31)


def test_a_time_in_pasted_front_matter_is_kept_into_the_content_file():
    raw = "---\ntitle: Acme ships\ndate: 2025-09-01T23:30:00+09:00\n---\nAcme shipped a robot on Monday.\n"
    a = ingest._with_front_matter(make_article(raw_text=raw, slug="acme"), markdown=True)
    assert a.published == date(2025, 9, 1) and a.published_at == datetime(2025, 9, 1, 23, 30, tzinfo=TOKYO)
    text = write.dump(*write.compose(a.replace(body="Acme shipped a robot on Monday.", slug="acme"), None, pipeline.stage_versions()))
    back = read.to_article(read.parse_content(Path("acme.md"), text))
    assert back.published_at == a.published_at and back.published == date(2025, 9, 1)


def test_an_undated_article_is_in_the_edition_of_the_day_it_was_added(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2025, 9, 1, 20, 0, tzinfo=timezone.utc).timestamp())))
    text = write.dump(*write.compose(_article("undated").replace(slug="undated"), None, pipeline.stage_versions()))
    assert "added: '2025-09-01T20:00:00Z'" in text
    a = read.to_article(read.parse_content(Path("undated.md"), text))
    assert editions.day_of(a, UTC) == date(2025, 9, 1)
    assert editions.day_of(a, TOKYO) == date(2025, 9, 2)  # 05:00 the next morning in Tokyo
    # Rewritten later (a new stage version), the file keeps the day it was first added.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    again = write.dump(*write.compose(a, read.parse_content(Path("undated.md"), text), pipeline.stage_versions()))
    assert "added: '2025-09-01T20:00:00Z'" in again


def test_weekly_editions_are_named_after_the_monday_of_the_iso_week():
    assert {editions.edition_key(date(2025, 9, d), "weekly") for d in range(1, 8)} == {date(2025, 9, 1)}
    assert editions.edition_key(date(2025, 9, 8), "weekly") == date(2025, 9, 8)
    assert editions.edition_key(date(2025, 1, 1), "weekly") == date(2024, 12, 30)  # ISO week 1 starts in 2024
    assert editions.edition_key(date(2025, 9, 3), "daily") == date(2025, 9, 3)
    b = _briefing(("b", [_article("b", published=date(2025, 9, 7))]), ("a", [_article("a", published=date(2025, 9, 1))]),
                  ("c", [_article("c", published=date(2025, 8, 31))]))
    weekly = editions.assign(b, EditionsConfig(period="weekly"))
    assert [(e.slug, [s.id for s in e.stories]) for e in weekly] == [("2025-09-01", ["b", "a"]), ("2025-08-25", ["c"])]
    assert weekly[0].label("fr") == "Semaine du 2025-09-01"


def test_a_story_is_new_in_its_first_edition_and_an_update_in_later_ones():
    first, second = _article("chip-1", published=date(2025, 9, 1)), _article("chip-2", published=date(2025, 9, 3))
    robot = _article("robot", published=date(2025, 9, 2), topics=("robotics",))
    b = _briefing(("chip", [first, second]), ("robot", [robot]))
    found = editions.assign(b, EditionsConfig())
    assert [e.slug for e in found] == ["2025-09-03", "2025-09-02", "2025-09-01"]
    latest, middle, oldest = found
    assert [s.id for s in latest.stories] == ["chip"] and latest.updates == {"chip"}
    assert [a.slug for a in latest.reports["chip"]] == ["chip-2"]
    assert [s.id for s in middle.stories] == ["robot"] and not middle.updates
    assert [s.id for s in oldest.stories] == ["chip"] and not oldest.updates
    assert editions.find(found, "2025-09-02") is middle and editions.find(found, None) is latest
    with pytest.raises(editions.EditionNotFound, match="no edition of 2025-08-01"):
        editions.chosen(b, EditionsConfig(), "2025-08-01")
    with pytest.raises(editions.EditionNotFound):
        editions.chosen(b, EditionsConfig(), "yesterday")


def test_the_zone_and_the_period_are_checked_in_the_config(tmp_path):
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("extra:\n  briefing:\n    editions:\n      period: monthly\n      timezone: Mars/Olympus\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(yml)
    assert "extra.briefing.editions.period" in str(caught.value)
    assert "extra.briefing.editions.timezone" in str(caught.value) and "Mars/Olympus" in str(caught.value)
    assert BriefingConfig().editions.period == "daily" and BriefingConfig().editions.timezone == "UTC"


# ----------------------------------------------------------------------------- pages


CHIP_1, CHIP_2 = _article("chip-1", published=date(2025, 9, 1)), _article("chip-2", published=date(2025, 9, 3), source="Other Wire")
ROBOT = _article("robot", published=date(2025, 9, 2), topics=("robotics",))
PAGES_BRIEFING = _briefing(("chip", [CHIP_1, CHIP_2]), ("robot", [ROBOT]))


def _pages(language: str = "en") -> dict[str, str]:
    config = BriefingConfig(languages=["en", "fr"], site={"templates": REPO / "templates"})
    return {p.path: p.text for p in render.build_pages(PAGES_BRIEFING, config, config.site.templates, language)}


def _cards(page: str) -> list[str]:
    return re.findall(r"\]\(((?:\.\./)?(?:stories|articles)/[^)]+)\)\n\{: \.briefing-card-title \}", page)


def test_each_edition_page_lists_exactly_its_stories_and_marks_updates():
    pages = _pages()
    assert _cards(pages["editions/2025-09-01.md"]) == ["../stories/chip.md"]
    assert _cards(pages["editions/2025-09-02.md"]) == ["../articles/robot.md"]
    latest = pages["editions/2025-09-03.md"]
    assert _cards(latest) == ["../stories/chip.md"]
    assert '<span class="briefing-update">Update</span> [Headline of chip-1]' in latest
    assert "New in this edition: [Other Wire](../articles/chip-2.md)" in latest
    assert "**Update:** Dek of chip-2." in latest  # told by the new report, not by what was said before
    assert "briefing-update" not in pages["editions/2025-09-01.md"]
    assert "1 article · 1 story · 1 update" in latest


def test_home_is_the_latest_edition_with_previous_and_archive_links():
    home = _pages()["index.md"]
    assert _cards(home) == ["stories/chip.md"]
    assert "Latest briefing: 2025-09-03 · 1 article · 1 story · 1 update" in home
    assert "[← Previous edition (2025-09-02)](editions/2025-09-02.md)" in home
    assert "[All editions](editions/index.md)" in home and "Next edition" not in home
    assert "Nothing new on Robotics in this edition." in home  # the robot story is in an older edition


def test_edition_pages_link_previous_and_next_and_the_archive_groups_by_month():
    pages = _pages()
    middle = pages["editions/2025-09-02.md"]
    assert "[← Previous edition (2025-09-01)](2025-09-01.md)" in middle
    assert "[Next edition (2025-09-03) →](2025-09-03.md)" in middle
    assert "Previous edition" not in pages["editions/2025-09-01.md"]
    archive = pages["editions/index.md"]
    assert archive.index("## 2025-09") < archive.index("[2025-09-03](2025-09-03.md)") \
        < archive.index("[2025-09-02](2025-09-02.md)") < archive.index("[2025-09-01](2025-09-01.md)")
    assert "— 1 story · 1 update" in archive


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_edition_pages_speak_every_interface_language(language):
    t = i18n.strings(language)
    pages = _pages(language)
    latest = pages["editions/2025-09-03.md"]
    assert f"# {t['edition_of'].format(date='2025-09-03')}" in latest
    assert t["update_label"] in latest and t["previous_edition"] in latest and t["all_editions"] in latest
    assert f"# {t['editions']}" in pages["editions/index.md"]
    assert t["next_edition"] in pages["editions/2025-09-02.md"]
    if language != "en":  # not English strings left over
        assert all(i18n.EDITION_STRINGS[language][key] != i18n.EDITION_STRINGS["en"][key]
                   for key in ("editions", "previous_edition", "next_edition", "update_label", "new_reports"))


def test_every_interface_language_has_every_edition_string():
    keys = set(i18n.EDITION_STRINGS["en"])
    for language in UI_LANGUAGES:
        assert set(i18n.EDITION_STRINGS[language]) == keys, language


def test_edition_pages_stay_out_of_the_navigation_but_the_archive_is_in_it(tmp_path):
    config = BriefingConfig(site={"templates": REPO / "templates", "build_dir": tmp_path / "build"})
    project = Project((REPO / "mkdocs.yml").resolve(), config, read_mkdocs(REPO / "mkdocs.yml"))
    generated = mkdocs_config.write_mkdocs_config(project, "en").read_text(encoding="utf-8")
    assert "/editions/" in generated.split("not_in_nav:")[1].split("extra:")[0]
    assert {"Editions": editions.ARCHIVE} in mkdocs_config.nav(config.taxonomy, "en")


# ----------------------------------------------------------------------------- PDF of one edition


def test_the_print_html_of_an_edition_has_only_its_stories():
    config = load_config(REPO / "mkdocs.yml")
    middle = editions.find(editions.assign(PAGES_BRIEFING, config.editions), "2025-09-02")
    html = pdf.render_html(editions.only(PAGES_BRIEFING, middle), config, "en", middle)
    assert "Headline of robot" in html and "Headline of chip-1" not in html
    assert '<p class="kicker">Edition of 2025-09-02</p>' in html
    whole = pdf.render_html(PAGES_BRIEFING, config, "en")
    assert "Headline of robot" in whole and "Headline of chip-1" in whole


# ----------------------------------------------------------------------------- newsletter


def _newsletter(language: str = "en") -> tuple[str, str]:
    config = load_config(REPO / "mkdocs.yml")
    latest = editions.assign(PAGES_BRIEFING, config.editions)[0]
    links = newsletter.Links("https://example.org/briefing/" + language + "/")
    return newsletter.render(PAGES_BRIEFING, latest, config, language, links)


def test_newsletter_html_has_no_script_no_outside_css_and_only_absolute_links():
    html, _ = _newsletter()
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "@import" not in html and "@font-face" not in html and "fonts.googleapis" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://example.org/briefing/en/") for h in hrefs), hrefs
    assert "https://example.org/briefing/en/stories/chip/" in hrefs
    assert "https://example.org/briefing/en/editions/2025-09-03/" in hrefs
    # The CSS is inlined: every table cell carries its style; only the dark-scheme rules stay in <style>.
    cells = re.findall(r"<td\b[^>]*>", html)
    assert cells and all('style="' in cell for cell in cells)
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert len(styles) == 1 and styles[0].strip().startswith("@media (prefers-color-scheme: dark)")
    assert 'width="600"' in html and "max-width: 600px" in html


def test_newsletter_text_has_the_edition_and_full_links():
    _, text = _newsletter("fr")
    assert text.startswith("AI Industry Briefing\nÉdition du 2025-09-03\n")
    assert "Mise à jour" in text and "https://example.org/briefing/fr/articles/chip-2/" in text
    assert "<" not in text.replace("<https://", "")  # no markup, only bracketed URLs


def test_the_eml_parses_into_text_and_html_alternatives():
    html, text = _newsletter()
    config = load_config(REPO / "mkdocs.yml")
    latest = editions.assign(PAGES_BRIEFING, config.editions)[0]
    message = newsletter.draft(newsletter.subject(config, latest, "en"), text, html, "desk@example.org",
                               ("reader@example.org",), latest)
    parsed = email.message_from_bytes(message.as_bytes(policy=policy.default), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Subject"] == "AI Industry Briefing — Edition of 2025-09-03"
    assert parsed["To"] == "reader@example.org" and parsed["From"] == "desk@example.org"
    parts = {part.get_content_type(): part.get_content() for part in parsed.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert parts["text/plain"].strip() == text.strip() and "<html" in parts["text/html"]


def test_the_newsletter_refuses_relative_links_without_site_url(tmp_path):
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("site_name: X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="site_url is not set"):
        newsletter.site_links(Project.load(yml), "en")
    with pytest.raises(ConfigError, match="not an http"):
        newsletter.site_links(Project.load(yml), "en", "/relative/")
    assert newsletter.site_links(Project.load(yml), "fr", "https://example.org/b").base == "https://example.org/b/fr/"
    yml.write_text("site_name: X\nsite_url: https://example.org/\nuse_directory_urls: false\n", encoding="utf-8")
    links = newsletter.site_links(Project.load(yml), "en")
    assert links.page("stories/x.md") == "https://example.org/en/stories/x.html"
    assert links.page("editions/index.md") == "https://example.org/en/editions/"
    assert links.page("index.md") == "https://example.org/en/"
