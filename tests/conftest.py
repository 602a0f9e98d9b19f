"""Shared fixtures: throw-away briefing projects, the built sample briefing, golden files."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.config import load_config
from briefing.models import Article
from briefing.project import Project as BriefingProject

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).with_name("golden")
FIXTURES = Path(__file__).with_name("fixtures")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output.")


SLOW_FILES = frozenset({
    "test_build.py", "test_browser.py", "test_editors.py", "test_hardening.py", "test_hostile.py",
    "test_incremental.py", "test_incremental_sites.py", "test_outputs.py", "test_pages_browser.py", "test_safety.py",
    "test_serve.py", "test_editions_site.py",
})
"""End-to-end files: nearly every test builds a project, runs MkDocs, Chromium or a subprocess."""
SLOW_FIXTURES = frozenset({"sample_site", "served_sample", "browser", "project", "seeded", "feed_site", "edition_site"})
"""Fixtures that build a project or start a browser: a test using one is slow wherever it lives."""


def pytest_collection_modifyitems(items):
    """Mark end-to-end tests `slow`, so `pytest -m "not slow"` is a quick run (CI runs everything)."""
    for item in items:
        if item.path.name in SLOW_FILES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def article(body: str = "", *, slug: str = "", **fields) -> Article:
    """The shared article factory for unit tests: a record with `body` (also its raw text, unless
    `raw_text` is given), an optional `slug`, and any other Article fields."""
    fields.setdefault("raw_text", body)
    fields.setdefault("raw_sha256", slug or "0" * 64)
    fields.setdefault("source_path", Path(f"inbox/{slug or 'x'}.txt"))
    return Article(body=body, slug=slug, **fields)


class Project:
    """A briefing project in a temporary directory: the repo's mkdocs.yml and templates, its own inbox."""

    def __init__(self, root: Path):
        self.root = root
        self.mkdocs_yml = root / "mkdocs.yml"
        self.inbox = root / "content" / "inbox"
        self.articles = root / "content" / "articles"
        self.site = root / "site"
        self.build_dir = root / "build"

    def add(self, name: str, data: str | bytes) -> Path:
        path = self.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def config(self):
        return load_config(self.mkdocs_yml)

    def project(self) -> BriefingProject:
        """The project as the CLI loads it (mkdocs.yml read now: a test may have changed it)."""
        return BriefingProject.load(self.mkdocs_yml)

    def build(self, strict: bool = False, offline: bool = True) -> pipeline.BuildReport:
        """Build the project; offline unless a test brings its own translation server."""
        return pipeline.build(self.project(), strict=strict, offline=offline)

    def content_files(self) -> dict[str, str]:
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(self.articles.glob("*.md"))}


def new_project(root: Path, mkdocs_text: str | None = None) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs_text or (REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "inbox").mkdir(parents=True)
    (root / "content" / "articles").mkdir(parents=True)
    return Project(root)


@pytest.fixture
def project(tmp_path) -> Project:
    """An empty project."""
    return new_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Project:
    """The sample briefing as committed (seeds in content/inbox, curated content/articles), built once."""
    proj = new_project(tmp_path_factory.mktemp("sample") / "project")
    shutil.rmtree(proj.root / "content")
    shutil.copytree(REPO / "content", proj.root / "content")
    report = proj.build(strict=True)
    proj.report = report
    return proj


EDITION_LANGUAGES = ["en", "fr", "de", "es", "zh", "ja"]
"""The edition site is built in every interface language i18n.py has."""
EDITION_ZONE = "Asia/Tokyo"
FOLLOW_UP = """---
title: Alibaba's new AI chip passes its first customer trials
date: 2025-09-03T07:30:00+09:00
language: en
topics: [chips]
summary: Alibaba said its new AI inference chip passed trials with three cloud customers.
key_points:
- Alibaba said its new AI inference chip passed trials with three cloud customers.
story: chinas-alibaba-tests-new-ai-chip-amid-nvidia-restrictions
---

Alibaba said on Wednesday that its new AI inference chip passed trials with three cloud customers.

The company did not say when the chip would be sold.
"""
"""A hand-written follow-up of the sample's chip story, published 07:30 in Tokyo (22:30 UTC the day before)."""
SILICOR_DATE = "2025-09-02"


@pytest.fixture(scope="session")
def edition_site(tmp_path_factory) -> Project:
    """The sample briefing plus two articles on other days, in every UI language, editions in Tokyo time, built once.

    Editions: 2025-09-01 (the chip story), 2025-09-02 (a new story: the French chip start-up from the fixtures),
    2025-09-03 (the chip story again: an update) and 2026-11-23 (the day the sample's undated articles were added)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("languages: [en, fr]", f"languages: [{', '.join(EDITION_LANGUAGES)}]\n"
                                                f"    editions:\n      timezone: {EDITION_ZONE}")
    proj = new_project(tmp_path_factory.mktemp("editions") / "project", mkdocs_text=text)
    shutil.rmtree(proj.root / "content")
    shutil.copytree(REPO / "content", proj.root / "content")
    (proj.articles / "alibaba-chip-trials.md").write_text(FOLLOW_UP, encoding="utf-8")
    raw = (FIXTURES / "inbox" / "fr-puces.txt").read_text(encoding="utf-8")
    proj.add("silicor.txt", f"---\ndate: {SILICOR_DATE}\n---\n{raw}")
    proj.report = proj.build(strict=True)
    return proj


SITE_URL = "https://example.org/brief/"
ADDED_REPORT = """Quorra opens a robotics lab in Ohio
September 3, 2025

Quorra opened a robotics laboratory in Columbus, Ohio, on Wednesday, the company said, hiring 120 engineers.

The lab will test warehouse robots before they ship to customers next year, Quorra said in a statement.
"""
HOSTILE_TITLE = 'Quorra "lab" <script>alert(1)</script> & <b>robots</b>'


@pytest.fixture(scope="session")
def feed_site(tmp_path_factory) -> Project:
    """The sample briefing published at SITE_URL plus a report dated 2025-09-03, built twice: between the
    builds the editor moves that report into the sample's dated story and gives it a hostile title.

    `atom_en` holds the English Atom feed of both builds, `grown_story` the story that gained the report,
    `hostile` the report's slug."""
    import re

    from briefing.outputs import feeds

    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    proj = new_project(tmp_path_factory.mktemp("feeds") / "project",
                       re.sub(r"(?m)^# site_url:.*$", f"site_url: {SITE_URL}", text))
    shutil.rmtree(proj.root / "content")
    shutil.copytree(REPO / "content", proj.root / "content")
    proj.add("added.txt", ADDED_REPORT)
    proj.build(strict=True)
    before = (proj.site / "en" / "atom.xml").read_text(encoding="utf-8")
    files = {path: path.read_text(encoding="utf-8") for path in proj.articles.glob("*.md")}
    added = next(path for path, body in files.items() if "content/inbox/added.txt" in body)
    dated = next(re.search(r"(?m)^story: (.+)$", body).group(1) for path, body in files.items()
                 if path != added and re.search(r"(?m)^date: 2025-09-01$", body))
    edited = re.sub(r"(?m)^story: .+$", f"story: {dated}", files[added])
    edited = re.sub(r"(?m)^title: .+$", lambda _: f"title: {json.dumps(HOSTILE_TITLE)}", edited)
    added.write_text(edited, encoding="utf-8")
    proj.build(strict=True)
    proj.atom_en = (before, (proj.site / "en" / "atom.xml").read_text(encoding="utf-8"))
    proj.grown_story, proj.hostile, proj.address = dated, added.stem, feeds.Address(SITE_URL)
    return proj


@pytest.fixture(scope="session")
def served_sample(sample_site):
    """`briefing serve` on the built sample briefing, for the whole session: its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "briefing", "serve", "--offline", "-a", f"127.0.0.1:{port}"],
                              cwd=sample_site.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/fr/", timeout=5):
                break
        except OSError:
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's, through Playwright), one per session."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, FLAGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test.sh installs Debian's chromium")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site over http on 127.0.0.1, for the whole session."""
    from browser import served

    with served(sample_site.site) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh page at desktop width, in its own context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/<name>; --update-golden rewrites it. Fails with a unified diff."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual"))
            pytest.fail(f"output differs from golden/{name} (pytest --update-golden to accept):\n{diff}")

    return check
