"""Ingest: encodings, mojibake, HTML main text, Markdown inputs, bad files, raw inputs untouched."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from briefing.stages import ingest
from briefing.errors import InputError

TEXT = "Zentrale Öffnung: Die Firma Quellwerk baut Chips in Görlitz – für 2 Mrd. €.\n\nÇa coûte « cher »."


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_decode_detects_the_encoding(encoded, encoding):
    text, found = ingest.decode(encoded)
    assert text == TEXT
    assert found == encoding


def test_latin1_text_with_curly_quotes_is_read_as_cp1252():
    raw = "L\x92entreprise a dit \x93oui\x94 \x96 d\xe9j\xe0.".encode("latin-1")
    text, encoding = ingest.decode(raw)
    assert text == "L’entreprise a dit “oui” – déjà."
    assert encoding == "cp1252"


def test_mojibake_is_repaired():
    broken = "Lâ€™usine de Dresde produit des puces Ã  grande Ã©chelle.".encode("utf-8")
    text, _ = ingest.decode(broken)
    assert text == "L’usine de Dresde produit des puces à grande échelle."


def test_cjk_full_width_punctuation_is_kept():
    raw = "機器人公司「天工」發佈新品，１體約２０００萬円。".encode("utf-8")
    text, _ = ingest.decode(raw)
    assert text == raw.decode("utf-8")


def test_legacy_cjk_encodings_are_detected():
    source = "日本のロボット企業が新しい人型ロボットを発表しました。価格は約二千万円です。"
    text, encoding = ingest.decode(source.encode("shift_jis"))
    assert text == source
    assert encoding in {"shift_jis", "cp932"}


def test_line_endings_are_normalised():
    text, _ = ingest.decode(b"one\r\ntwo\rthree\n")
    assert text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ],
)
def test_unusable_bytes_raise_input_error_naming_the_file(raw, message):
    with pytest.raises(InputError) as err:
        ingest.decode(raw, "content/inbox/bad.txt")
    assert "content/inbox/bad.txt" in str(err.value)
    assert message in str(err.value)


def test_read_html_keeps_the_main_text_and_metadata(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        """<html><head><title>Robots take the stage - The Daily Wire</title>
        <link rel="canonical" href="https://news.example.com/robots-stage">
        <meta property="og:site_name" content="The Daily Example">
        <meta property="article:published_time" content="2025-06-03T08:00:00Z"></head>
        <body><nav><a href="/">Home</a> | <a href="/tech">Tech</a> | Subscribe now</nav>
        <article><h1>Robots take the stage</h1>
        <p>A humanoid robot made by Kinetica Labs walked onto the stage in Lyon on Tuesday and greeted the audience.</p>
        <p>The company said it would start selling the robot to factories next spring, at a price it did not disclose.</p>
        </article><footer>Copyright 2025 The Daily Example. All rights reserved.</footer></body></html>""",
        encoding="utf-8",
    )
    article = ingest.read(page, tmp_path)
    assert article.title == "Robots take the stage"
    assert article.source == "The Daily Example"
    assert article.url == "https://news.example.com/robots-stage"
    assert article.published == date(2025, 6, 3)
    assert "greeted the audience" in article.raw_text
    assert "factories next spring" in article.raw_text
    assert "Subscribe now" not in article.raw_text
    assert "All rights reserved" not in article.raw_text
    assert article.source_path == Path("story.html")


def test_read_markdown_uses_front_matter_and_strips_syntax(tmp_path):
    md = tmp_path / "note.md"
    md.write_text(
        "---\ntitle: Chip plant opens\ndate: 2025-02-01\nsource: Example Wire\n---\n"
        "# Chip plant opens\n\nThe **new plant** in [Dresden](https://example.org/dresden) makes chips.\n",
        encoding="utf-8",
    )
    article = ingest.read(md, tmp_path)
    assert article.title == "Chip plant opens"
    assert article.published == date(2025, 2, 1)
    assert article.source == "Example Wire"
    assert "The new plant in Dresden makes chips." in article.raw_text
    assert "https://example.org/dresden" in article.raw_text
    assert "**" not in article.raw_text and "# " not in article.raw_text


def test_read_never_modifies_the_raw_input(tmp_path):
    raw = tmp_path / "in.txt"
    data = "Headline\n\nBody text with “quotes”.\r\n".encode("cp1252")
    raw.write_bytes(data)
    before = raw.stat().st_mtime_ns
    article = ingest.read(raw, tmp_path)
    assert raw.read_bytes() == data
    assert raw.stat().st_mtime_ns == before
    assert article.raw_sha256 == ingest.sha256_of(data)


def test_discover_lists_supported_files_in_order_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.md", "c.html", "d.pdf", ".hidden.txt", "sub/e.htm", ".git/f.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in ingest.discover(tmp_path)]
    assert found == ["a.md", "b.txt", "c.html", "sub/e.htm"]
