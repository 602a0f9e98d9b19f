"""Incremental builds: one new article derives one article; nothing changed derives and writes nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from briefing import analyse, entities, figures, pipeline
from briefing.report import BuildReport
from conftest import FIXTURES, new_project


@pytest.fixture
def built(tmp_path):
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt", "zh-robot.txt"):
        shutil.copy(FIXTURES / "inbox" / name, proj.inbox / name)
    proj.build()
    return proj


def _mtimes(folder):
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_adding_one_article_derives_exactly_that_one(built):
    before = _mtimes(built.articles)
    shutil.copy(FIXTURES / "inbox" / "en-robot-wrapped.txt", built.inbox / "new.txt")
    report = built.build()
    assert report.added == ["content/inbox/new.txt"]
    assert report.updated == [] and len(report.unchanged) == 3
    # The three existing content files were not rewritten (their story did not change either).
    assert {p: t for p, t in _mtimes(built.articles).items() if p in before} == before


def test_unchanged_rebuild_derives_nothing_and_rewrites_no_page(built):
    docs = built.build_dir / "en" / "docs"
    before, content_before = _mtimes(docs), _mtimes(built.articles)
    report = built.build()
    assert report.added == report.updated == [] and len(report.unchanged) == 3
    assert report.pages_written == 0 and report.translation_requests == 0
    assert _mtimes(docs) == before and _mtimes(built.articles) == content_before
    data = json.loads((built.site / "build-report.json").read_text(encoding="utf-8"))
    assert set(data["timings"]) == {"prepare", "render", "mkdocs", "sites", "total"}


def test_analysis_cache_is_invalidated_by_an_extractor_version(built, monkeypatch):
    config = built.config()
    articles = pipeline.load_articles(config, BuildReport())
    aliases = entities.Aliases.load()
    cache_dir = built.build_dir / "cache"
    cache = analyse.Cache(cache_dir / "analysis.pickle")
    for article in articles:
        cache.get(article, aliases, analyse.aliases_fingerprint(aliases))
    assert cache.misses == 0 and cache.hits == len(articles)
    monkeypatch.setattr(figures, "VERSION", figures.VERSION + 1)
    cache = analyse.Cache(cache_dir / "analysis.pickle")
    for article in articles:
        cache.get(article, aliases, analyse.aliases_fingerprint(aliases))
    assert cache.hits == 0 and cache.misses == len(articles)


def test_editing_a_content_file_is_seen_despite_the_parse_cache(built):
    path = next(built.articles.glob("brightmart*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Brightmart", "title: Edited Brightmart", 1), encoding="utf-8")
    built.build()
    page = (built.build_dir / "en" / "docs" / "articles" / f"{path.stem}.md").read_text(encoding="utf-8")
    assert "# Edited Brightmart" in page
