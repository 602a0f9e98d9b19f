"""Editions end to end (issue 18): the sample briefing plus two articles on other days (conftest's edition_site,
every interface language, editions in Tokyo time), in headless Chromium; `briefing pdf --edition` read back with
pypdf; `briefing newsletter` files parsed and rendered at 600 px."""

from __future__ import annotations

import email
import functools
import os
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime
from email import policy
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from browser import served
from conftest import EDITION_LANGUAGES, EDITION_ZONE, REPO
from pypdf import PdfReader

from briefing.render import i18n
from briefing.stages import stories

ZONE = ZoneInfo(EDITION_ZONE)


def _day(meta: dict) -> date:
    """The Tokyo day of one content file, worked out here from its front matter (not with briefing's code)."""
    value = meta.get("date")
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(ZONE).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    added = datetime.fromisoformat(meta["provenance"]["added"].replace("Z", "+00:00"))
    return added.astimezone(ZONE).date()


@functools.lru_cache(maxsize=None)
def _expected(articles_dir) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Edition → the links of the stories first reported or updated that day, and → the links of its updates."""
    metas = [frontmatter.load(path).metadata for path in sorted(articles_dir.glob("*.md"))]
    members = defaultdict(list)
    for path, meta in zip(sorted(articles_dir.glob("*.md")), metas):
        members[meta["story"]].append((path.stem, _day(meta)))
    listed, updates = defaultdict(set), defaultdict(set)
    for story, reports in members.items():
        link = f"stories/{stories.page_name(story)}/" if len(reports) > 1 else f"articles/{reports[0][0]}/"
        first = min(day for _, day in reports)
        for _, day in reports:
            listed[day.isoformat()].add(link)
            if day > first:
                updates[day.isoformat()].add(link)
    return dict(listed), dict(updates)


@pytest.fixture(scope="module")
def edition_url(edition_site):
    with served(edition_site.site) as url:
        yield url


def _links(page, selector: str, root: str) -> set[str]:
    """The hrefs of `selector`, resolved and made relative to the language's root."""
    return {href.removeprefix(root) for href in page.locator(selector).evaluate_all("els => els.map(e => e.href)")}


def test_the_sample_and_two_added_articles_make_four_editions(edition_site):
    listed, updates = _expected(edition_site.articles)
    assert sorted(listed) == ["2025-09-01", "2025-09-02", "2025-09-03", "2026-11-23"]
    assert updates == {"2025-09-03": {"stories/chinas-alibaba-tests-new-ai-chip-amid-nvidia-restrictions/"}}
    assert edition_site.report.skipped == [] and edition_site.report.problems == []


@pytest.mark.parametrize("language", EDITION_LANGUAGES)
def test_each_edition_page_lists_exactly_the_stories_first_reported_or_updated_that_day(
        page, edition_url, edition_site, language):
    listed, updates = _expected(edition_site.articles)
    t = i18n.strings(language)
    root = f"{edition_url}/{language}/"
    for key, links in listed.items():
        page.goto(f"{root}editions/{key}/", wait_until="networkidle")
        assert page.locator("h1").inner_text().replace("¶", "").strip() == t["edition_of"].format(date=key)
        assert _links(page, ".briefing-card-title a", root) == links, key
        marked = page.locator(".briefing-card-title").filter(has=page.locator(".briefing-update"))
        assert _links(page, "p.briefing-card-title:has(.briefing-update) a", root) == updates.get(key, set()), key
        assert all(text.strip().startswith(t["update_label"]) for text in marked.all_inner_texts())
    # The update names its new report, and the story page it links to exists.
    page.goto(f"{root}editions/2025-09-03/", wait_until="networkidle")
    assert _links(page, ".briefing-new-reports a", root) == {"articles/alibaba-chip-trials/"}
    for href in _links(page, ".briefing-card-title a, .briefing-new-reports a", root):
        assert page.request.get(root + href).ok, href


@pytest.mark.parametrize("language", EDITION_LANGUAGES)
def test_previous_next_and_the_archive_work_in_every_language(page, edition_url, language):
    t = i18n.strings(language)
    root = f"{edition_url}/{language}/"
    page.goto(root, wait_until="networkidle")
    assert page.locator(".briefing-edition").inner_text().startswith(f"{t['latest']}")
    assert "2026-11-23" in page.locator(".briefing-edition").inner_text()
    visited = []
    while page.locator(".briefing-previous").count():
        page.locator(".briefing-previous").click()
        page.wait_for_load_state("networkidle")
        visited.append(page.url.removeprefix(root))
    assert visited == ["editions/2025-09-03/", "editions/2025-09-02/", "editions/2025-09-01/"]
    back = []
    while page.locator(".briefing-next").count():
        page.locator(".briefing-next").click()
        page.wait_for_load_state("networkidle")
        back.append(page.url.removeprefix(root))
    assert back == ["editions/2025-09-02/", "editions/2025-09-03/", "editions/2026-11-23/"]
    # The archive, from the navigation: every edition, newest first, under its month.
    page.locator(".md-tabs__link", has_text=t["editions"]).click()
    page.wait_for_url(f"{root}editions/")
    assert [h.replace("¶", "").strip() for h in page.locator("article h2").all_inner_texts()] == ["2026-11", "2025-09"]
    entries = page.locator("article li a")
    assert [e.strip() for e in entries.all_inner_texts()] == ["2026-11-23", "2025-09-03", "2025-09-02", "2025-09-01"]
    entries.nth(2).click()
    page.wait_for_url(f"{root}editions/2025-09-02/")
    assert page.locator("h1").inner_text().replace("¶", "").strip() == t["edition_of"].format(date="2025-09-02")


def _pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join((p.extract_text() or "") for p in PdfReader(path).pages).replace("\x00", ""))


def _run(edition_site, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True,
                          cwd=edition_site.root, env=os.environ | {"PYTHONPATH": str(REPO)}, timeout=600, check=False)


def test_pdf_of_one_edition_prints_only_its_stories(edition_site, tmp_path):
    chip = "China's Alibaba Tests New AI Chip"
    silicor, first_report = "Silicor", "Alibaba announced on Wednesday"
    result = _run(edition_site, "pdf", "--offline", "--lang", "en", "--edition", "2025-09-03", "-o", str(tmp_path / "a.pdf"))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(tmp_path / "a.pdf")
    assert "EDITION OF 2025-09-03" in text.upper() and chip in text and "passes its first customer trials" in text
    assert silicor not in text and first_report not in text
    result = _run(edition_site, "pdf", "--offline", "--lang", "en", "--edition", "2025-09-02", "-o", str(tmp_path / "b.pdf"))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(tmp_path / "b.pdf")
    assert silicor in text and chip not in text and first_report not in text
    result = _run(edition_site, "pdf", "--offline", "--lang", "en", "--edition", "2024-01-01", "-o", str(tmp_path / "c.pdf"))
    assert result.returncode == 1 and "no edition of 2024-01-01" in result.stderr
    assert not (tmp_path / "c.pdf").exists()


def test_newsletter_needs_site_url_and_writes_nothing_without_it(edition_site, tmp_path):
    result = _run(edition_site, "newsletter", "--offline", "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "site_url is not set" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def newsletters(edition_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("newsletter")
    result = _run(edition_site, "newsletter", "--offline", "--edition", "2025-09-03", "--site-url",
                  "https://example.org/briefing/", "--to", "reader@example.org", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("language", EDITION_LANGUAGES)
def test_newsletter_files_in_every_language(newsletters, browser, language):
    stem = newsletters / f"newsletter-{language}-2025-09-03"
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@font-face" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(f"https://example.org/briefing/{language}/") for h in hrefs)
    message = email.message_from_bytes(stem.with_suffix(".eml").read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"].endswith(i18n.strings(language)["edition_of"].format(date="2025-09-03"))
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "https://example.org/briefing/" in parts["text/plain"] and "<table" in parts["text/html"]
    # At 600 px (the column's width) nothing scrolls sideways, in light and dark schemes alike.
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 600, "height": 800}, color_scheme=scheme)
        view = context.new_page()
        requests = []
        view.on("request", lambda r: requests.append(r.url))
        view.goto(stem.with_suffix(".html").as_uri(), wait_until="load")
        assert view.evaluate("document.documentElement.scrollWidth") <= 600
        body = view.evaluate("getComputedStyle(document.querySelector('.column')).backgroundColor")
        assert body == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(31, 34, 39)")
        assert [url for url in requests if not url.startswith("file://")] == []
        context.close()
