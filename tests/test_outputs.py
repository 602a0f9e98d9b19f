"""The briefing leaves the building: the PDF read back, the offline bundle from file://, the Pages workflow."""

from __future__ import annotations

import re
import zipfile

import frontmatter
import pytest
import yaml
from pypdf import PdfReader

from briefing import bundle, pdf

from conftest import FIXTURES, REPO, new_project


def text_of(page) -> str:
    """A page's text with whitespace collapsed (and any NULs from font fallbacks dropped)."""
    return re.sub(r"\s+", " ", (page.extract_text() or "").replace("\x00", ""))


@pytest.fixture(scope="session")
def sample_pdfs(sample_site):
    report, written = pdf.export(sample_site.config(), sample_site.mkdocs_yml, sample_site.root / "dist",
                                 ["en", "fr"], offline=True)
    assert report.skipped == []
    return {path.stem.rsplit("-", 1)[1]: path for path in written}


def shown_titles(sample_site, language: str) -> list[str]:
    titles = []
    for path in sorted(sample_site.articles.glob("*.md")):
        post = frontmatter.load(path)
        titles.append(post["title"] if post["language"] == language else post["translations"][language]["title"])
    return titles


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_has_every_article_and_a_sane_page_count(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    assert 8 <= len(reader.pages) <= 40
    assert all(text_of(p).strip() for p in reader.pages), "an empty page"
    text = " ".join(text_of(p) for p in reader.pages)
    for title in shown_titles(sample_site, language):
        assert re.sub(r"\s+", " ", title) in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_toc_page_numbers_point_at_the_articles(sample_site, sample_pdfs, language):
    reader = PdfReader(sample_pdfs[language])
    toc = text_of(reader.pages[1])
    for title in shown_titles(sample_site, language):
        match = re.search(re.escape(re.sub(r"\s+", " ", title)) + r"[\s.]*(\d+)", toc)
        assert match, f"{title!r} not in the table of contents"
        page = reader.pages[int(match.group(1)) - 1]
        assert text_of(page).startswith(re.sub(r"\s+", " ", title)[:30]) or \
            re.sub(r"\s+", " ", title)[:30] in text_of(page)[:400], title


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
    _, again = pdf.export(sample_site.config(), sample_site.mkdocs_yml, tmp_path, ["fr"], offline=True)
    first, second = PdfReader(sample_pdfs["fr"]), PdfReader(again[0])
    assert len(first.pages) == len(second.pages)
    assert [text_of(p) for p in first.pages] == [text_of(p) for p in second.pages]


def test_pdf_renders_cjk_text(tmp_path):
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: [zh]")
    proj = new_project(tmp_path / "zh", mkdocs_text=text)
    proj.add("zh.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    _, written = pdf.export(proj.config(), proj.mkdocs_yml, tmp_path / "dist", ["zh"], offline=True)
    extracted = " ".join(text_of(p) for p in PdfReader(written[0]).pages).replace(" ", "")
    assert "星河机器人发布新款人形机器人" in extracted
    assert "目录" in extracted  # the interface is Chinese too


# ----------------------------------------------------------------------------- offline bundle
@pytest.fixture(scope="session")
def bundle_dir(sample_site, tmp_path_factory):
    zip_path = sample_site.root / "dist" / "briefing-offline.zip"
    report = bundle.export(sample_site.config(), sample_site.mkdocs_yml, zip_path, offline=True)
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


def outside(requests: list[str]) -> list[str]:
    """Requests for anything not in the bundle (blob: is the search worker's code, made by the page)."""
    return [url for url in requests if not url.startswith(("file://", "blob:"))]


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
def test_bundle_search_runs_in_a_real_worker_from_file_urls(bundle_dir, file_page, lang, query):
    """Not iframe-worker's hidden iframe, on the page's thread: a dedicated worker, lunr's language in it."""
    from browser import STORY_000, search

    page = file_page
    assert STORY_000 in search(page, (bundle_dir / lang / "index.html").as_uri(), query)
    assert page.evaluate("document.querySelectorAll('iframe').length") == 0
    workers = [worker for worker in page.workers if worker.url.startswith("blob:")]
    assert len(workers) == 1
    stemmer = "typeof lunr.fr.stemmer" if lang == "fr" else "typeof lunr.stemmer"  # fr: embedded lunr.fr.min.js
    assert workers[0].evaluate(stemmer) == "function"
    assert outside(page.requests) == []


def test_bundle_search_falls_back_to_iframe_worker_without_blob_workers(bundle_dir, file_page):
    from browser import STORY_000, search

    page = file_page
    page.add_init_script("URL.createObjectURL = () => { throw new Error('no Blob URLs here'); };")
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    for lang, query in [("en", "humanoid"), ("fr", "humanoides")]:
        assert STORY_000 in search(page, (bundle_dir / lang / "index.html").as_uri(), query)
        assert page.evaluate("document.querySelectorAll('iframe[hidden]').length") == 1
        assert not [worker for worker in page.workers if worker.url.startswith("blob:")]
    assert any("no Blob URLs here" in text for text in warnings)
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
    assert {"BRIEFING_TRANSLATOR", "BRIEFING_TRANSLATOR_URL", "BRIEFING_TRANSLATOR_KEY"} <= set(build["env"])
    assert all("secrets." in build["env"][k] for k in build["env"] if k.startswith("BRIEFING_"))
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
