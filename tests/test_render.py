"""Rendering: escaping, URL safety, page order, and golden files for content files and pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
import pytest

from briefing.render import pages as render, views
from briefing.models import Article

from conftest import FIXTURES, new_project


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "**bold** and _under_ and `code`",
        "[click](javascript:alert(1))",
        "# Not a heading",
        "1. not a list",
        "- not a bullet",
        "!!! note \"not an admonition\"",
        "{: .cls } attr braces",
        "&lt;b&gt; entity",
        "> not a quote",
        ": not a definition",
        "first line\n=== not a heading",
        "| a | b |\n|---|---|",
        "~~~ not a fence",
        "```python\nnot code\n```",
        "{{ 7*7 }} {% include 'x' %}",
    ],
)
def test_md_escape_renders_text_literally(text):
    html = markdown.markdown(render.md_escape(text), extensions=["attr_list", "admonition", "md_in_html"])
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    # What the reader sees is exactly the text: HTML-escaped once, no markup added.
    from html import unescape
    assert unescape(inner) == text
    assert "<" not in inner.replace("&lt;", "")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.com/a b(c)", "https://example.com/a%20b%28c%29"),
        ("http://example.org/x?y=1&z=2", "http://example.org/x?y=1&z=2"),
        ("javascript:alert(1)", ""),
        ("data:text/html;base64,AAAA", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("", ""),
    ],
)
def test_safe_url_keeps_only_http_links(url, expected):
    assert str(render.safe_url(url)) == expected


def test_newest_first_puts_undated_last_and_is_stable():
    def art(slug, day):
        return Article(source_path=Path(slug), raw_sha256="", raw_text="", title=slug, slug=slug,
                       published=date(2025, 1, day) if day else None)

    ordered = views.newest_first([art("b", 1), art("a", None), art("c", 3), art("d", 1)])
    assert [a.slug for a in ordered] == ["c", "b", "d", "a"]


def test_generated_files_match_golden(tmp_path, golden, monkeypatch):
    # The clock every new content file records as its `provenance.added` (undated articles' edition day).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748952000")  # 2025-06-03 12:00 UTC: the fixtures' one edition
    proj = new_project(tmp_path / "golden")
    for path in sorted((FIXTURES / "inbox").iterdir()):
        proj.add(path.name, path.read_bytes())
    report = proj.build(strict=True)
    assert report.skipped == []
    for name, text in proj.content_files().items():
        golden(f"content/{name}", text)
    for page in sorted(proj.build_dir.rglob("*.md")):
        golden(f"pages/{page.relative_to(proj.build_dir).as_posix()}", page.read_text(encoding="utf-8"))
    expected = {p.relative_to(Path(__file__).with_name("golden") / "content").as_posix()
                for p in (Path(__file__).with_name("golden") / "content").glob("*.md")}
    assert set(proj.content_files()) == expected, "a content file appeared or disappeared"
    pages_dir = Path(__file__).with_name("golden") / "pages"
    written = {page.relative_to(proj.build_dir).as_posix() for page in proj.build_dir.rglob("*.md")}
    assert written == {p.relative_to(pages_dir).as_posix() for p in pages_dir.rglob("*.md")}, \
        "a page appeared or disappeared"
