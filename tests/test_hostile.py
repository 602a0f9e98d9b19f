"""Nothing lost, nothing injected: hostile article text, bad files and broken editor edits."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
import sys
from html import unescape

import frontmatter
import pytest
from pypdf import PdfReader

from briefing.outputs import pdf

from conftest import FIXTURES, new_project

HOSTILE = """Kinetica robots: <script>alert('pwned')</script> take over the factory floor
Kinetica said on Monday <img src=x onerror=alert(1)> its robots now run the line in Lyon, the company said.
An <iframe src="https://evil.example/"></iframe> and <svg onload=alert(2)> and <style>body{display:none}</style> appeared too.
Readers may click [here](javascript:alert(3)) or ![x](data:text/html;base64,PHNjcmlwdD4=) for more details today.
Entities like &lt;script&gt;alert(4)&lt;/script&gt; must stay text, and so must {{ 7*7 }} and {% include 'x' %} and {{ config }}.
---
title: injected
---
# Not a heading
```
not a fence
```
| a | b |
|---|---|
!!! danger "not an admonition"
Braces {: .evil onclick="alert(5)" } stay literal in the robot story, the company said.
References:
[1] javascript:alert(6)
[2] https://example.com/kinetica
"""


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    proj = new_project(tmp_path_factory.mktemp("hostile") / "p")
    proj.add("hostile.txt", HOSTILE)
    report = proj.build(strict=True)
    assert report.skipped == [] and report.problems == []
    return proj


def article_html(proj, lang="en") -> str:
    return next((proj.site / lang / "articles").glob("*/index.html")).read_text(encoding="utf-8")


def test_hostile_text_renders_as_text_in_the_site(hostile_project):
    html = article_html(hostile_project)
    body = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    for tag in ("<script", "<iframe", "<svg", "<style", "<img", "<table", "<pre", "<h1 id=\"not"):
        assert tag not in body.lower(), tag
    tags = " ".join(re.findall(r"<[^>]+>", body))  # markup only, not the text between tags
    assert not re.search(r"\son(error|load|click)\s*=", tags)
    assert "javascript:" not in tags
    assert 'href="data:' not in body
    text = unescape(re.sub(r"<[^>]+>", "", body))
    assert "<script>alert('pwned')</script>" in text
    assert "{{ 7*7 }}" in text and "{% include 'x' %}" in text and "{{ config }}" in text
    assert "49" not in text
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in text  # entities are not decoded into tags
    assert "title: injected" in text and "!!! danger" in text


def test_hostile_references_keep_only_web_links(hostile_project):
    post = frontmatter.load(next(hostile_project.articles.glob("*.md")))
    html = article_html(hostile_project)
    assert 'href="https://example.com/kinetica"' in html
    assert not any(ref.startswith("javascript:") and f'href="{ref}"' in html for ref in post["references"])


def test_content_file_keeps_the_hostile_body_intact(hostile_project):
    post = frontmatter.load(next(hostile_project.articles.glob("*.md")))
    assert "<script>alert('pwned')</script>" in post["title"] + post.content
    assert "title: injected" in post.content  # front-matter delimiters in the body survive the round trip


def test_hostile_text_is_text_in_the_pdf(hostile_project, tmp_path):
    _, written = pdf.export(hostile_project.project(), tmp_path, ["en"], offline=True)
    reader = PdfReader(written[0])
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    assert "<script>alert('pwned')</script>" in text and "{{ 7*7 }}" in text
    uris = [a.get_object()["/A"].get("/URI") for p in reader.pages for a in p.get("/Annots") or []
            if a.get_object().get("/A", {}).get("/URI")]
    assert uris and all(u.startswith(("http://", "https://")) for u in uris)


BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n \t\n", "empty file"),
    "binary.txt": (bytes(range(256)) * 40, "binary"),
    "nul.txt": (b"Robots\x00\x00\x00 in \x00 Lyon" * 50, "binary"),
    "huge.txt": (b"Robots work. " * (9 * 1024 * 1024 // 13), "too large"),
}
GOOD_ODD_FILES = {
    "latin1.txt": "Kinetica d\xe9voile un robot\n\nLe robot humano\xefde de Kinetica travaille \xe0 Lyon depuis lundi."
                  .encode("latin-1"),
    "utf16.txt": "Quorra opens a plant\n\nQuorra opened a chip plant in Ohio on Monday, it said.".encode("utf-16-le"),
    "mixed-eol.txt": b"Veltro hires\r\nVeltro hired 300 people in Ohio.\rIt builds robots.\nIt said so.",
    "one-line.txt": ("Robots work in the factory all day long, the company said. " * 18000).encode(),
    "rtl.txt": "شركة روبوتات تفتتح مصنعا\n\nافتتحت الشركة مصنعا جديدا للروبوتات في دبي يوم الاثنين.".encode(),
    "controls.txt": "Zero\u200bwidth\u200d robots\x07 arrive\n\nThe\u200b robots\x1b arrive in Lyon on Monday.".encode(),
    "emoji.txt": "🤖🤖🤖 🚀🚀".encode(),
}


def test_bad_files_get_one_clear_line_and_the_rest_builds(tmp_path):
    proj = new_project(tmp_path / "p")
    for name, (data, _) in BAD_FILES.items():
        proj.add(name, data)
    for name, data in GOOD_ODD_FILES.items():
        proj.add(name, data)
    proj.add("dup-a.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.add("dup-b.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.add("same-title.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes().replace(b"fell 3%", b"fell 4%"))
    raw_before = {p.name: p.read_bytes() for p in proj.inbox.iterdir()}
    report = proj.build()
    for name, (_, reason) in BAD_FILES.items():
        lines = [line for line in report.skipped if line.startswith(f"content/inbox/{name}:")]
        assert len(lines) == 1 and reason in lines[0] and "\n" not in lines[0], name
    assert any("dup-b.txt: duplicate of content/inbox/dup-a.txt" in line for line in report.skipped)
    assert len(report.added) == len(GOOD_ODD_FILES) + 2  # dup-a and same-title
    slugs = [p.stem for p in proj.articles.glob("*.md")]
    assert len(slugs) == len(set(slugs)) == len(report.added)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", s) for s in slugs)
    assert {p.name: p.read_bytes() for p in proj.inbox.iterdir()} == raw_before  # raw inputs untouched
    assert sorted(p.name for p in proj.root.iterdir()) == ["build", "content", "mkdocs.yml", "site", "templates"]


def test_broken_editor_edits_name_file_and_line_and_the_rest_builds(tmp_path):
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt", "zh-robot.txt"):
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    proj.build()
    files = {frontmatter.load(p)["provenance"]["input"]: p for p in proj.articles.glob("*.md")}
    bad_yaml, wrong_type, unknown = (files[f"content/inbox/{n}"] for n in ("en-retail.txt", "fr-puces.txt", "zh-robot.txt"))
    bad_yaml.write_text(bad_yaml.read_text(encoding="utf-8").replace("tickers: []", "tickers: [unclosed"), encoding="utf-8")
    wrong_type.write_text(wrong_type.read_text(encoding="utf-8").replace("topics:\n- chips", "topics: 5"), encoding="utf-8")
    unknown.write_text(unknown.read_text(encoding="utf-8").replace("topics:\n- robotics", "topics:\n- robotics\n- robotix"),
                       encoding="utf-8")
    broken_text = bad_yaml.read_text(encoding="utf-8")
    report = proj.build()
    messages = "\n".join(report.skipped + report.problems)
    assert re.search(rf"{re.escape(bad_yaml.relative_to(proj.root).as_posix())}:\d+: invalid YAML", messages)
    assert re.search(rf"{re.escape(wrong_type.relative_to(proj.root).as_posix())}:\d+: topics: must be a list", messages)
    assert re.search(rf"{re.escape(unknown.relative_to(proj.root).as_posix())}:\d+: topics: unknown topic 'robotix'", messages)
    # The broken file is neither overwritten nor duplicated; the other articles are built.
    assert bad_yaml.read_text(encoding="utf-8") == broken_text
    assert len(list(proj.articles.glob("*.md"))) == 3
    assert (proj.site / "en" / "articles" / unknown.stem / "index.html").is_file()
    strict = subprocess.run([sys.executable, "-m", "briefing", "build", "--strict", "--offline"], cwd=proj.root,
                            capture_output=True, text=True, timeout=300)
    assert strict.returncode != 0 and "strict mode" in strict.stderr


def test_sanitiser_keeps_our_markup_and_drops_anything_else():
    from briefing.hooks.sanitize import clean

    kept = ('<section data-search-exclude="true" lang="en"><p class="briefing-meta">x</p></section>'
            '<h2 id="a">T<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
            '<ol><li><a href="https://example.com/a">https://example.com/a</a></li></ol>')
    assert clean(kept) == kept
    assert clean('<p onclick="x()">a<script>alert(1)</script><img src=x onerror=y></p>') == "<p>a</p>"
    assert clean('<a href="javascript:alert(1)">x</a><a href="data:text/html,x">y</a>') == "<a>x</a><a>y</a>"
    assert clean("<iframe src='https://evil'></iframe><style>p{}</style><svg onload=1></svg>ok") == "ok"


class _Markup(HTMLParser):
    """Collects what a browser would treat as markup: tags, attributes, script and style bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self.tags.append(tag)
        self._in_script = tag in {"script", "style"}

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_nothing_from_content_is_executable_anywhere_in_site(hostile_project):
    for path in hostile_project.site.rglob("*.html"):
        markup = _Markup()
        markup.feed(path.read_text(encoding="utf-8"))
        assert not any("pwned" in s or "alert(" in s for s in markup.scripts), path
        assert not [a for a in markup.attributes if a[1].startswith("on")], path
        assert not [a for a in markup.attributes if a[1] in {"href", "src", "action"}
                    and a[2].strip().lower().startswith(("javascript:", "data:"))], path
        assert "iframe" not in markup.tags and not any("display:none" in s for s in markup.scripts), path
        assert not [a for a in markup.attributes if a[0] == "img" and a[1] == "src" and a[2] == "x"], path


def test_hostile_pages_run_no_injected_script_in_chromium(hostile_project, browser):
    from browser import served

    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with served(hostile_project.site) as url:
            for lang in ("en", "fr"):
                slug = next((hostile_project.site / lang / "articles").iterdir()).name
                page.goto(f"{url}/{lang}/articles/{slug}/", wait_until="load")
                page.wait_for_timeout(500)
                assert "{{ 7*7 }}" in page.locator("article").inner_text()
                assert page.evaluate(
                    "document.querySelectorAll('article script, article iframe, article svg[onload]').length") == 0
    finally:
        context.close()
    assert dialogs == []
