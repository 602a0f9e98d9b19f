"""The briefing leaves the building: the PDF read back, the offline bundle from file://, the Pages workflow."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass

import frontmatter
import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from briefing import pipeline
from briefing.outputs import bundle, pdf
from briefing.render import digest, i18n

from conftest import FIXTURES, REPO, new_project


def text_of(page) -> str:
    """A page's text with whitespace collapsed (and any NULs from font fallbacks dropped)."""
    return re.sub(r"\s+", " ", (page.extract_text() or "").replace("\x00", ""))


@pytest.fixture(scope="session")
def sample_pdfs(sample_site):
    report, written = pdf.export(sample_site.project(), sample_site.root / "dist",
                                 ["en", "fr"], offline=True)
    assert report.skipped == []
    return {path.stem.rsplit("-", 1)[1]: path for path in written}


def shown_titles(sample_site, language: str) -> list[str]:
    titles = []
    for path in sorted(sample_site.articles.glob("*.md")):
        post = frontmatter.load(path)
        titles.append(post["title"] if post["language"] == language else post["translations"][language]["title"])
    return titles


@dataclass(frozen=True)
class Shown:
    """One report of the sample as a site language shows it (its translation, else its original)."""

    slug: str
    story: str
    title: str
    summary: str
    key_points: tuple[str, ...]
    paragraphs: tuple[str, ...]
    source: str | None


def shown_reports(sample_site, language: str) -> list[Shown]:
    shown = []
    for path in sorted(sample_site.articles.glob("*.md")):
        post = frontmatter.load(path)
        text = post.metadata | {"body": post.content}
        if post["language"] != language:
            text = text | post["translations"][language]
        shown.append(Shown(path.stem, post["story"], text["title"], text["summary"], tuple(text["key_points"]),
                           tuple(p for p in text["body"].split("\n\n") if p.strip()), post["source"]))
    return shown


def body_lines(page) -> list[str]:
    """A page's lines of text without its running head and foot (and list bullets pypdf extracts apart)."""
    lines = (page.extract_text() or "").replace("\x00", "").splitlines()
    return [line for line in lines if line.strip() and not re.fullmatch(r"\s*(\d+ / \d+|•)\s*", line)
            and not line.rstrip().endswith("AI Industry Briefing")]


def squeezed(text: str) -> str:
    """Text compared across layouts: no whitespace, no footnote markers, one kind of double quote."""
    return re.sub(r"\s+", "", re.sub(r'[«»"“”]', '"', re.sub(r"\[\d{1,3}\]", "", text)))


def spaced(text: str) -> str:
    """Whitespace collapsed, and none before the punctuation French typography spaces."""
    return re.sub(r"\s+([:;!?»%])", r"\1", re.sub(r"«\s+", "«", re.sub(r"\s+", " ", text)))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_has_every_article_and_a_sane_page_count(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    assert 4 <= len(reader.pages) <= 40
    assert all(text_of(p).strip() for p in reader.pages), "an empty page"
    text = spaced(" ".join(text_of(p) for p in reader.pages))
    for title in shown_titles(sample_site, language):
        assert spaced(title) in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_contents_list_each_story_once_with_its_page(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    toc = spaced(text_of(reader.pages[1]))
    toc = toc[:toc.index(spaced(i18n.strings(language)["in_brief"]), len(i18n.strings(language)["contents"]) + 40)]
    reports = shown_reports(sample_site, language)
    for story in {r.story for r in reports}:
        listed = [r for r in reports if r.story == story and spaced(r.title) in toc]
        assert len(listed) == 1, f"story {story}: {[r.slug for r in listed]} in the contents"
        title = spaced(listed[0].title)
        assert toc.count(title) == 1
        page = int(re.search(re.escape(title) + r"[\s.]*(\d+)", toc).group(1))
        assert title in spaced(" ".join(body_lines(reader.pages[page - 1]))), title


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_story_is_printed_under_the_topic_the_site_lists_it_under(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    toc = spaced(text_of(reader.pages[1]))
    project = sample_site.project()
    config = project.config
    _, briefing = pipeline.prepare(project, offline=True)
    titles = {name: spaced(topic.title_in(language)) for name, topic in config.taxonomy.items()}
    starts = sorted((toc.index(title), name) for name, title in titles.items())
    moved = 0
    for story in briefing.stories:
        sv = digest.story_view(story, language, config.stories.key_points_max, config.taxonomy)
        at = toc.index(spaced(sv.title))
        section = max((start, name) for start, name in starts if start < at)[1]
        assert section == sv.primary_topic, (sv.title, section, sv.topics)
        moved += sv.primary_topic != story.topic_names[0]
    assert moved, "the sample has a story whose first-listed topic is not the one it is most about"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_story_is_told_once(sample_site, sample_pdfs, language):
    """One report of each story printed in full; no paragraph of any report printed twice.

    The dek and key points are left out of the count: "In brief" and the key points quote them."""
    reader = PdfReader(sample_pdfs[language])
    text = squeezed(" ".join(line for page in reader.pages for line in body_lines(page)))
    reports = shown_reports(sample_site, language)
    stories = {r.story for r in reports}
    assert len(stories) < len(reports)  # the sample has a story told by several reports
    for story in stories:
        told = [r for r in reports if r.story == story]
        quoted = {squeezed(x) for r in told for x in (r.summary, *r.key_points)}
        printed = []
        for report in told:
            paragraphs = [squeezed(p) for p in report.paragraphs if len(squeezed(p)) >= 60]
            counts = [text.count(p) for p in paragraphs if p not in quoted]
            assert max(counts, default=0) <= 1, f"{report.slug}: a paragraph printed {max(counts)} times"
            if counts and min(counts) == 1:
                printed.append(report.slug)
        assert len(printed) == 1, f"story {story}: full text of {printed}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_but_the_cover_is_nearly_empty(sample_pdfs, language, tmp_path):
    reader = PdfReader(sample_pdfs[language])
    short = {n: len(body_lines(p)) for n, p in enumerate(reader.pages, start=1) if len(body_lines(p)) < 12}
    assert set(short) <= {1}, f"pages with a few lines: {short}"
    # What a reader sees: on every page after the cover, text reaches down a fair part of the page.
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(sample_pdfs[language]), str(tmp_path / "page")], check=True)
    for number, image in enumerate(sorted(tmp_path.glob("page-*.pgm"))[1:], start=2):
        with Image.open(image) as page:
            width, height = page.size
            pixels = page.load()
            rows = range(int(height * 0.08), int(height * 0.92))  # inside the running head and foot
            inked = sum(1 for y in rows if any(pixels[x, y] < 160 for x in range(width)))
        assert inked / len(rows) >= 0.2, f"page {number} is mostly blank"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_cover_counts_every_report_and_names_the_outlets(sample_site, sample_pdfs, language):
    cover = spaced(text_of(PdfReader(sample_pdfs[language]).pages[0]))
    reports = shown_reports(sample_site, language)
    t = i18n.strings(language) | i18n.print_strings(language)
    assert f"{t['sources']} {len(reports)} " in cover
    assert f"{t['stories_label']} {len({r.story for r in reports})} " in cover
    unnamed = sum(1 for r in reports if not r.source)
    for outlet in {r.source for r in reports if r.source}:
        assert f"{outlet} ({sum(1 for r in reports if r.source == outlet)})" in cover
    assert spaced(t["unnamed_outlets"].format(n=unnamed)) in cover


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_has_in_brief_and_key_figures(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    t = i18n.strings(language)
    heading = squeezed(t["in_brief"])
    text = squeezed(" ".join(text_of(p) for p in reader.pages))
    start = text.index(heading, text.index(heading) + len(heading))  # the section, after its contents line
    brief = text[start:start + 4000]
    reports = shown_reports(sample_site, language)
    # Each story once, with the dek of one of its reports.
    for story in {r.story for r in reports}:
        assert sum(1 for r in reports if r.story == story and squeezed(r.summary) in brief) == 1, story
    assert squeezed(t["key_figures"]) in text and squeezed(t["measure"]) in text


def test_french_pdf_typography(sample_pdfs):
    lines = [line for page in PdfReader(sample_pdfs["fr"]).pages for line in body_lines(page)]
    text = " ".join(lines)
    assert "«\u202f" in text and "\u202f»" in text
    assert not [line for line in lines if line.rstrip().endswith("«") or line.lstrip().startswith("»")]
    assert "Langue d’origine" not in text  # said once, in the translation note
    assert not [line for line in lines if line.count("origine") > 1]
    assert not re.search(r"\[\d{1,3}\]", text), "a footnote marker"


def test_pdf_command_is_quiet(sample_site, tmp_path):
    target = tmp_path / "en.pdf"
    result = subprocess.run([sys.executable, "-m", "briefing", "-f", str(sample_site.mkdocs_yml), "pdf", "--offline",
                             "--lang", "en", "-o", str(target)], capture_output=True, text=True, cwd=sample_site.root,
                            env=os.environ | {"PYTHONPATH": str(REPO)}, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).splitlines() == [f"PDF written to {target}"]


def test_pdf_links_and_metadata(sample_site, sample_pdfs):
    reader = PdfReader(sample_pdfs["fr"])
    uris = {annot.get_object()["/A"].get("/URI") for page in reader.pages for annot in page.get("/Annots") or []
            if annot.get_object().get("/A", {}).get("/URI")}
    references = {ref for path in sample_site.articles.glob("*.md") for ref in frontmatter.load(path)["references"]}
    assert references and references <= uris
    text = " ".join(text_of(p) for p in reader.pages)
    for ref in references:
        assert ref in text.replace(" ", "") or ref in text  # printed in full, not only linked
    assert reader.metadata.title.startswith("AI Industry Briefing")
    assert reader.metadata.creation_date.date().isoformat() == "2025-09-01"  # the newest article, not today
    assert reader.trailer["/Root"].get("/Lang") == "fr"
    assert "Puces" in text and "Traduit par la rédaction" in text


def test_pdf_is_deterministic(sample_site, sample_pdfs, tmp_path):
    _, again = pdf.export(sample_site.project(), tmp_path, ["fr"], offline=True)
    first, second = PdfReader(sample_pdfs["fr"]), PdfReader(again[0])
    assert len(first.pages) == len(second.pages)
    assert [text_of(p) for p in first.pages] == [text_of(p) for p in second.pages]


def test_pdf_renders_cjk_text(tmp_path):
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: [zh]")
    proj = new_project(tmp_path / "zh", mkdocs_text=text)
    proj.add("zh.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    _, written = pdf.export(proj.project(), tmp_path / "dist", ["zh"], offline=True)
    extracted = " ".join(text_of(p) for p in PdfReader(written[0]).pages).replace(" ", "")
    assert "星河机器人发布新款人形机器人" in extracted
    assert "目录" in extracted  # the interface is Chinese too


# ----------------------------------------------------------------------------- offline bundle
@pytest.fixture(scope="session")
def bundle_dir(sample_site, tmp_path_factory):
    zip_path = sample_site.root / "dist" / "briefing-offline.zip"
    report = bundle.export(sample_site.project(), zip_path, offline=True)
    assert report.skipped == []
    target = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(target)
    return target


def test_bundle_has_every_language_and_the_vendored_shim(bundle_dir):
    assert (bundle_dir / "index.html").is_file()
    for lang in ("en", "fr"):
        assert (bundle_dir / lang / "index.html").is_file()
        html = (bundle_dir / lang / "index.html").read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html
        assert (bundle_dir / lang / "assets/vendor/iframe-worker/shim.js").is_file()
        assert f'<script src="{bundle.FILE_WORKER}">' in html and "iframe-worker/shim.js" not in html
        assert (bundle_dir / lang / bundle.FILE_WORKER).is_file()


def test_bundle_has_the_edition_pages_and_their_links_work_from_file_urls(bundle_dir, file_page):
    page = file_page
    for lang in ("en", "fr"):
        assert (bundle_dir / lang / "editions" / "index.html").is_file()
        assert (bundle_dir / lang / "editions" / "2025-09-01.html").is_file()
    page.goto((bundle_dir / "en" / "index.html").as_uri())
    page.locator(".briefing-previous").click()
    page.wait_for_url("**/en/editions/2025-09-01.html")
    assert page.locator("h1").inner_text().replace("¶", "").strip() == "Edition of 2025-09-01"
    page.locator(".briefing-next").click()
    page.wait_for_url("**/en/editions/2026-11-23.html")
    page.locator(".briefing-archive").click()
    page.wait_for_url("**/en/editions/index.html")
    assert page.locator("article li a").count() == 2
    assert outside(page.requests) == []


def outside(requests: list[str]) -> list[str]:
    """Requests for anything not in the bundle."""
    return [url for url in requests if not url.startswith("file://")]


@pytest.fixture
def file_page(browser):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()


def test_bundle_works_from_file_urls_with_no_outside_request(bundle_dir, file_page):
    from browser import STORY_000, search

    page = file_page
    page.goto((bundle_dir / "index.html").as_uri())
    page.wait_for_url("**/en/index.html")
    assert STORY_000 in search(page, (bundle_dir / "en" / "index.html").as_uri(), "humanoid")
    assert STORY_000 in search(page, (bundle_dir / "fr" / "index.html").as_uri(), "humanoides")
    # Navigation: a topic page, then an article, by clicking.
    page.goto((bundle_dir / "fr" / "index.html").as_uri())
    page.locator(".md-tabs__link", has_text="Thèmes").click()
    page.wait_for_url("**/fr/topics/*.html")
    page.locator(".briefing-card-title a").first.click()
    page.wait_for_url("**/fr/articles/*.html")
    assert page.locator("h1").count() == 1
    assert page.requests and outside(page.requests) == []


@pytest.mark.parametrize("lang, query", [("en", "humanoid"), ("fr", "humanoides")])
def test_bundle_search_loads_only_the_index_files_a_query_needs(bundle_dir, file_page, lang, query):
    """From file://: the index built at build time, read by <script> in the page (no iframe, no worker)."""
    from browser import STORY_000, search

    page = file_page
    assert STORY_000 in search(page, (bundle_dir / lang / "index.html").as_uri(), query)
    assert page.evaluate("document.querySelectorAll('iframe').length") == 0 and not page.workers
    loaded = {url.split("/search/")[1] for url in page.requests if "/search/" in url}
    # The term files of the keys the query's word may be under: the longest key it starts with, keys under it.
    manifest = json.loads((bundle_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    keys, files = manifest["config"]["briefing"]["keys"], manifest["config"]["briefing"]["files"]
    deepest = max((k for k in keys if query.startswith(k)), key=len)
    wanted = {f"t/{files[i]}.js" for i, k in enumerate(keys) if k == deepest or k.startswith(query)}
    assert {name for name in loaded if name.startswith("t/")} == wanted
    assert any(name.startswith("d/") for name in loaded) and "search/search_index.js" in " ".join(page.requests)
    assert outside(page.requests) == []


# ----------------------------------------------------------------------------- GitHub Pages
def test_pages_workflow_builds_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads a bare `on` as True
    assert "main" in triggers["push"]["branches"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    build = next(step for step in steps if "briefing build" in step.get("run", ""))
    # The site (with its edition pages), the latest edition's PDFs and the whole archive's are published.
    assert "briefing pdf --all" in build["run"] and re.search(r"briefing pdf\s*$", build["run"], flags=re.M)
    assert {"BRIEFING_TRANSLATOR", "BRIEFING_TRANSLATOR_URL", "BRIEFING_TRANSLATOR_KEY"} <= set(build["env"])
    assert all("secrets." in build["env"][k] for k in build["env"] if k.startswith("BRIEFING_TRANSLATOR"))
    # Feeds, sitemaps and og:url need the published address: the one GitHub gives, from configure-pages.
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages"))
    assert steps.index(pages) < steps.index(build)
    assert build["env"]["BRIEFING_SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
