"""An editor's first day (issue 15): broken dates, one article's fault in a late stage, the CLI as documented."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from briefing import __version__, cli, pipeline
from briefing.render import digest, pages as render
from briefing.stages import analyse, stories

from conftest import FIXTURES, REPO, new_project

INPUTS = ("en-retail.txt", "fr-puces.txt", "zh-robot.txt", "en-robot-wrapped.txt")


def rel(proj, path) -> str:
    """A file as the build report names it: relative to the project root."""
    return path.relative_to(proj.root).as_posix()


def content_of(proj, input_name: str):
    """The content file derived from inbox file `input_name`."""
    return next(p for p in proj.articles.glob("*.md")
                if frontmatter.load(p)["provenance"]["input"] == f"content/inbox/{input_name}")


@pytest.fixture
def four(tmp_path):
    """Four articles in two languages, built once (so every file has a last good version)."""
    proj = new_project(tmp_path / "p")
    for name in INPUTS:
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    report = proj.build()
    assert report.skipped == [] and report.problems == []
    return proj


def pages(proj, language: str) -> set[str]:
    return {p.parent.name for p in (proj.site / language / "articles").glob("*/index.html")}


def run(proj, *args: str):
    return CliRunner().invoke(cli.cli, ["-f", str(proj.mkdocs_yml), *args], catch_exceptions=False)


def fail_for(monkeypatch, module, name: str, guilty) -> None:
    """Make `module.name` raise for the arguments `guilty` accepts (a bug in one article's data, say)."""
    original = getattr(module, name)

    def faulty(*args, **kwargs):
        if guilty(*args):
            raise ZeroDivisionError("injected fault")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, faulty)


# ----------------------------------------------------------------------------- the must-show build
def test_an_impossible_date_and_a_failing_analysis_build_everything_else(four, monkeypatch):
    proj = four
    dated, faulty = content_of(proj, "en-robot-wrapped.txt"), content_of(proj, "zh-robot.txt")
    assert frontmatter.load(dated)["date"].isoformat() == "2025-06-03"
    before = set(pages(proj, "en"))
    text = dated.read_text(encoding="utf-8")
    dated.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-02-30", text, count=1), encoding="utf-8")
    line = 1 + dated.read_text(encoding="utf-8").split("\n").index("date: 2025-02-30")
    (proj.build_dir / "cache" / "analysis.pickle").unlink()  # analyse afresh, so the fault is reached
    fail_for(monkeypatch, analyse, "analyse", lambda article, aliases: article.slug == faulty.stem)

    result = run(proj, "build", "--offline")
    assert result.exit_code == 0, result.output
    assert f"{rel(proj, dated)}:{line}: date: 2025-02-30 is not a date that exists (day is out of range for month)" in result.output
    assert f"Error analysing '{faulty.stem}' ({rel(proj, faulty)}): ZeroDivisionError: injected fault" in result.output
    assert re.search(r"skipped or failed\s+2\b", result.output)  # each problem counted once
    # Every article is on both sites: the broken file as it last was, the faulty one without figures and names.
    assert pages(proj, "en") == pages(proj, "fr") == before
    page = (proj.site / "en" / "articles" / dated.stem / "index.html").read_text(encoding="utf-8")
    assert "2025-02-30" not in page and "2025-06-03" in page

    strict = run(proj, "build", "--offline", "--strict")
    assert strict.exit_code != 0 and "error(s) in strict mode" in strict.output
    assert pages(proj, "en") == before


def test_the_stories_and_pdf_commands_name_an_impossible_date_instead_of_crashing(four):
    proj = four
    dated = content_of(proj, "fr-puces.txt")
    dated.write_text(re.sub(r"(?m)^date: .*$", "date: 2025-13-45", dated.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    result = run(proj, "stories", "--format", "json")
    assert result.exit_code == 0
    assert re.search(rf"{re.escape(rel(proj, dated))}:\d+: date: 2025-13-45 is not a date that exists", result.output)


# ----------------------------------------------------------------------------- one article, one late stage
def test_a_failing_grouping_leaves_the_article_alone_and_groups_the_rest(tmp_path, monkeypatch):
    proj = new_project(tmp_path / "p")
    shutil.rmtree(proj.root / "content")
    shutil.copytree(REPO / "content", proj.root / "content")
    _, briefing = pipeline.prepare(proj.project(), offline=True)
    big = max(briefing.stories, key=lambda s: len(s.articles))
    assert len(big.articles) >= 3
    victim = big.articles[-1].slug
    recorded = {p.stem: frontmatter.load(p).get("story") for p in proj.articles.glob("*.md")}
    fail_for(monkeypatch, stories, "signals", lambda article, analysis: article.slug == victim)

    report, briefing = pipeline.prepare(proj.project(), offline=True)
    assert [line for line in report.problems if line.startswith(f"Error grouping '{victim}' (")] != []
    assert all("shown as a story of its own" in line for line in report.problems)
    alone = next(s for s in briefing.stories if victim in {a.slug for a in s.articles})
    assert [a.slug for a in alone.articles] == [victim]
    rest = next(s for s in briefing.stories if s.id == big.id)
    assert {a.slug for a in rest.articles} == {a.slug for a in big.articles} - {victim}
    # The stand-in id is not written to the file: fixed, the article rejoins its story.
    assert frontmatter.load(proj.articles / f"{victim}.md").get("story") == recorded[victim]


def test_an_article_whose_analysis_fails_stays_in_its_story(tmp_path, monkeypatch):
    proj = new_project(tmp_path / "p")
    shutil.rmtree(proj.root / "content")
    shutil.copytree(REPO / "content", proj.root / "content")
    _, briefing = pipeline.prepare(proj.project(), offline=True)
    big = max(briefing.stories, key=lambda s: len(s.articles))
    victim = big.articles[0].slug  # the lead: its analysis picked it as the most complete
    (proj.build_dir / "cache" / "analysis.pickle").unlink()
    fail_for(monkeypatch, analyse, "analyse", lambda article, aliases: article.slug == victim)
    report, briefing = pipeline.prepare(proj.project(), offline=True)
    assert len(report.problems) == 1 and report.problems[0].startswith(f"Error analysing '{victim}' (")
    assert {a.slug for a in next(s for s in briefing.stories if s.id == big.id).articles} == {
        a.slug for a in big.articles}
    assert briefing.analyses[victim].figures == () and briefing.analyses[victim].entities == {}
    assert frontmatter.load(proj.articles / f"{victim}.md")["story"] == big.id


@pytest.mark.parametrize("module, name, stage", [(digest, "view", "digesting"), (render, "_story_pages", "rendering")])
def test_a_failing_digest_or_page_leaves_one_story_out_and_builds_the_rest(four, monkeypatch, module, name, stage):
    proj = four
    faulty = content_of(proj, "fr-puces.txt").stem
    before = pages(proj, "en")
    for cache in (proj.build_dir / "cache").glob("pages-*.json"):
        cache.unlink()  # render every story afresh, so the fault is reached
    # digest.view: an article's text in one language, inside the digest; render._story_pages: a story's own pages.
    fail_for(monkeypatch, module, name, lambda item, *rest: faulty in (
        {item.slug} if hasattr(item, "slug") else {a.slug for a in item.story.articles}))
    report = proj.build()
    for language in ("en", "fr"):
        assert (f"Error {stage} '{faulty}' (content/articles/{faulty}.md): ZeroDivisionError: injected fault; "
                f"left out of the {language} site") in report.problems
        assert pages(proj, language) == before - {faulty}
        home = (proj.site / language / "index.html").read_text(encoding="utf-8")
        assert faulty not in home
    assert report.failed
    # Fixed: it is back.
    monkeypatch.undo()
    assert pages(proj, "en") != before and proj.build().problems == [] and pages(proj, "en") == before


def _record_renders(monkeypatch, log: Path) -> None:
    """Make every language rendered append "language pid" to `log` (a file: forked processes write it too)."""
    original = pipeline.render_language

    def recorded(briefing, config, language, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{language} {os.getpid()}\n")
        return original(briefing, config, language, *args, **kwargs)

    monkeypatch.setattr(pipeline, "render_language", recorded)


def test_the_second_language_renders_in_a_forked_process_and_both_sites_build(four, monkeypatch, tmp_path):
    log = tmp_path / "renders.txt"
    _record_renders(monkeypatch, log)
    before = {language: pages(four, language) for language in ("en", "fr")}
    report = four.build()
    renders = dict(line.split() for line in log.read_text(encoding="utf-8").splitlines())
    assert renders["en"] == str(os.getpid())  # the build renders the first language itself...
    assert renders["fr"] != str(os.getpid())  # ...while a forked process renders the next
    assert report.problems == [] and {language: pages(four, language) for language in ("en", "fr")} == before


def test_a_forked_renderer_that_fails_leaves_its_language_to_the_build(four, monkeypatch, tmp_path):
    log, parent = tmp_path / "renders.txt", os.getpid()
    _record_renders(monkeypatch, log)
    run = pipeline._RenderJob.run

    def fails_when_forked(job, language, report):
        if os.getpid() != parent:
            raise MemoryError("injected: the forked renderer dies")
        return run(job, language, report)

    monkeypatch.setattr(pipeline._RenderJob, "run", fails_when_forked)
    (four.articles / "added-by-hand.md").write_text(
        "---\ntitle: A note added by hand\nlanguage: en\ndate: 2026-11-30\ntopics: [chips]\n---\n\n"
        "Wafer output rose in November, the note says.\n", encoding="utf-8")
    report = four.build()
    assert report.problems == [] and not report.failed
    assert [line.split()[0] for line in log.read_text(encoding="utf-8").splitlines()] == ["en", "fr"]
    for language in ("en", "fr"):  # the language the forked renderer failed on is built, new article included
        assert "added-by-hand" in pages(four, language)


def _search_locations(proj, language: str) -> list[str]:
    """The search index's documents of a built site, in id order (their addresses)."""
    folder = proj.site / language / "search" / "d"
    locations = []
    for n in range(len(list(folder.glob("*.js")))):
        text = (folder / f"{n}.js").read_text(encoding="utf-8")
        locations += [doc["l"] for doc in json.loads(text[text.index(",") + 1:text.rindex(")")])]
    return locations


def test_search_numbers_documents_by_when_their_story_was_added_so_a_new_one_goes_last(four):
    before = _search_locations(four, "en")
    # Added last, though its address sorts before every other article's.
    (four.articles / "aaa-added-last.md").write_text(
        "---\ntitle: Aaa added last\nlanguage: en\ndate: 2026-11-30\ntopics: [chips]\n---\n\n"
        "Foundry output rose in November, the note says.\n", encoding="utf-8")
    assert four.build().problems == []
    order = json.loads((four.build_dir / "en" / "search-order.json").read_text(encoding="utf-8"))
    assert order["articles/aaa-added-last.md"] == max(order.values())
    after = _search_locations(four, "en")
    assert after[-1] == "articles/aaa-added-last/" and after[:-1] == before  # the others keep their ids


# ----------------------------------------------------------------------------- the CLI as the README says
def test_version_and_verbose_after_the_command(four):
    assert run(four, "--version").output.strip() == f"briefing {__version__}"
    for args in (["-v", "stories"], ["stories", "-v"]):
        result = CliRunner().invoke(cli.cli, ["-f", str(four.mkdocs_yml), *args])
        assert result.exit_code == 0, result.output
    assert run(four, "build", "-v", "--offline").exit_code == 0
