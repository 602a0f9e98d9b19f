"""Incremental builds: one new article derives one article; nothing changed derives and writes nothing."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from briefing import pipeline
from briefing.extract import entities, figures
from briefing.render import pages as render
from briefing.stages import analyse
from briefing.outputs.report import BuildReport
from briefing.content.store import ContentStore
from conftest import FIXTURES, REPO, new_project

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # noqa: E402  (deterministic raw articles, some reporting one event)


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


# ----------------------------------------------------------------------------- sites left as they are
def test_an_unchanged_rebuild_leaves_every_site_as_it_is(built):
    sites = _mtimes(built.site / "en") | _mtimes(built.site / "fr")
    report = built.build()
    assert report.sites_current == ["en", "fr"] and report.timings["mkdocs"] == 0
    assert _mtimes(built.site / "en") | _mtimes(built.site / "fr") == sites
    assert "MkDocs not run: en, fr" in report.summary()


def test_a_new_article_or_full_runs_mkdocs_again(built):
    shutil.copy(FIXTURES / "inbox" / "en-robot-wrapped.txt", built.inbox / "new.txt")
    report = built.build()
    assert report.sites_current == [] and report.timings["mkdocs"] > 0
    slug = next(p.stem for p in built.articles.glob("*.md") if "new.txt" in p.read_text(encoding="utf-8"))
    assert (built.site / "fr" / "articles" / slug / "index.html").is_file()
    report = pipeline.build(built.project(), offline=True, full=True)
    assert report.sites_current == [] and report.timings["mkdocs"] > 0
    assert built.build().sites_current == ["en", "fr"]  # what --full built is current next time


def test_a_site_changed_by_hand_or_a_theme_override_change_runs_mkdocs_again(built):
    page = next((built.site / "en" / "articles").glob("*/index.html"))
    page.unlink()
    report = built.build()
    assert report.sites_current == ["fr"] and page.is_file()
    override = built.root / "templates" / "overrides" / "partials" / "alternate.html"
    override.write_text(override.read_text(encoding="utf-8") + "\n{# a change #}\n", encoding="utf-8")
    assert built.build().sites_current == []


def test_analysis_cache_is_invalidated_by_an_extractor_version(built, monkeypatch):
    config = built.config()
    articles = pipeline.assemble(config, BuildReport(), ContentStore.load(config.articles), record=False).articles
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


# ----------------------------------------------------------------------------- render cache
def _render(proj, language="en") -> int:
    """Render one language's pages as a build does (no MkDocs); returns pages written."""
    project = proj.project()
    config = project.config
    _, briefing = pipeline.prepare(project, offline=True)
    return render.write_language(briefing, config, language, proj.build_dir / pipeline.CACHE)


def _pages(docs):
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))}


@pytest.fixture
def rendered_stories(monkeypatch):
    """The ids of the stories whose pages are rendered (the renderer runs as usual)."""
    seen: list[str] = []
    story_pages = render._story_pages

    def spy(sv, *args, **kwargs):
        seen.append(sv.story.id)
        return story_pages(sv, *args, **kwargs)

    monkeypatch.setattr(render, "_story_pages", spy)
    return seen


def test_a_rebuild_renders_only_the_stories_that_changed(built, rendered_stories):
    assert _render(built) == 0 and rendered_stories == []
    shutil.copy(FIXTURES / "inbox" / "en-robot-wrapped.txt", built.inbox / "new.txt")
    _render(built)
    _, briefing = pipeline.prepare(built.project(), offline=True)
    new = next(a for a in briefing.articles if a.source_path.name == "new.txt")
    assert rendered_stories == [new.story]
    assert len(briefing.stories) > 1  # the others were there, and were not rendered again


def test_a_records_digest_follows_its_fields_and_is_carried_by_the_parse_cache(built):
    import pickle

    _, briefing = pipeline.prepare(built.project(), offline=True)
    article = briefing.articles[0]
    # The record came from the parse cache with its digest already made (not made again this build).
    assert "_digest" in article.__dict__ and article.digest() == article.__dict__["_digest"]
    copy = pickle.loads(pickle.dumps(article))
    assert copy.digest() == article.digest() and copy == article
    edited = article.replace(summary=article.summary + " More.")
    assert "_digest" not in edited.__dict__ and edited.digest() != article.digest()
    assert article.replace().digest() == article.digest()  # made again from the same fields


def test_pages_kept_from_the_render_cache_are_those_a_full_render_writes(built):
    shutil.copy(FIXTURES / "inbox" / "en-robot-wrapped.txt", built.inbox / "new.txt")
    path = next(built.articles.glob("brightmart*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("title: Brightmart", "title: Edited Brightmart", 1),
                    encoding="utf-8")
    docs = built.build_dir / "en" / "docs"
    _render(built)
    incremental = _pages(docs)
    shutil.rmtree(docs)
    (built.build_dir / pipeline.CACHE / "pages-en.json").unlink()
    _render(built)
    assert _pages(docs) == incremental
    assert any("# Edited Brightmart" in text for text in incremental.values())


def test_a_template_change_renders_every_story_again(built, rendered_stories):
    template = built.root / "templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nRendered again.\n", encoding="utf-8")
    _render(built)
    articles = sorted((built.build_dir / "en" / "docs" / "articles").glob("*.md"))
    assert len(articles) == 3 and all("Rendered again." in p.read_text(encoding="utf-8") for p in articles)
    assert len(rendered_stories) == len(set(rendered_stories)) >= 2


def test_a_generated_page_changed_or_deleted_by_hand_is_written_again(built):
    docs = built.build_dir / "en" / "docs"
    before = _pages(docs)
    changed, deleted = sorted((docs / "articles").glob("*.md"))[:2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nstray edit\n", encoding="utf-8")
    deleted.unlink()
    assert _render(built) == 2
    assert _pages(docs) == before


def test_listing_pages_kept_from_the_render_cache_are_those_a_full_render_writes(tmp_path, monkeypatch):
    # One story per topic page: the others go to the month archive pages, which are cached like story pages.
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  briefing:\n", "  briefing:\n    site:\n      stories_per_topic_page: 1\n", 1)
    proj = new_project(tmp_path / "p", text)
    for i in range(14):
        (proj.inbox / synthetic.file_name(i)).write_text(synthetic.article(i), encoding="utf-8")
    proj.build()
    docs = proj.build_dir / "en" / "docs"
    (proj.inbox / synthetic.file_name(14)).write_text(synthetic.article(14), encoding="utf-8")
    written: list[str] = []
    real_write = render.write_pages
    monkeypatch.setattr(render, "write_pages", lambda pages, *a, **k: written.extend(p.path for p in pages)
                        or real_write(pages, *a, **k))
    _render(proj)
    incremental = _pages(docs)
    listings = [path for path in incremental if path.startswith(("archive/", "topics/"))]
    assert len(listings) > 4 and any(path.startswith("archive/") for path in listings)
    kept = [path for path in listings if path not in written]
    assert kept and len(kept) < len(listings)  # some listings changed, and the others were kept as they were
    shutil.rmtree(docs)
    (proj.build_dir / pipeline.CACHE / "pages-en.json").unlink()
    _render(proj)
    assert _pages(docs) == incremental


def test_page_templates_are_compiled_once_and_again_after_a_change(built, monkeypatch):
    """The compiled page templates are kept under the cache folder; a template's change compiles it again."""
    folder = built.build_dir / pipeline.CACHE / render.BYTECODE
    assert any(folder.iterdir())  # the build kept them
    compiled: list[str] = []
    compile_ = render.Environment.compile

    def spy(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(render.Environment, "compile", spy)
    env = render.environment(built.root / "templates", "en", bytecode=folder)
    env.get_template("article.md.j2")
    assert compiled == []
    template = built.root / "templates" / "article.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nRendered again.\n", encoding="utf-8")
    render.environment(built.root / "templates", "en", bytecode=folder).get_template("article.md.j2")
    assert compiled == ["article.md.j2"]
