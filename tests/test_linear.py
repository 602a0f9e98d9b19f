"""Enrichment stays linear on shapes that were once quadratic (issue 16, finding 3).

Each shape runs at a size where the old quadratic code took 30 s to minutes (measured before
the fix; see benchmarks/bench_pathological.py) and the linear code well under a second, so the
time bound is generous: only a quadratic path can exceed it. Each test also checks the result.
"""

from __future__ import annotations

import time
from pathlib import Path

import ftfy
import pytest

from briefing import pipeline
from briefing.extract import entities, figures
from briefing.lang import text
from briefing.stages import analyse, ingest
from briefing.config import BriefingConfig

BOUND = 5.0
"""Seconds; every case below takes about 1 s or less when linear and 30 s or more when quadratic."""

CONFIG = BriefingConfig()
ALIASES = entities.Aliases.load(CONFIG.entity_aliases)


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the language model and compile the grammars before anything is timed."""
    enriched("Warm up. Acme said revenue rose 5% to $1 billion.")
    enriched("# Warm\n\nUp **now**.", ".md")
    figures.extract("收入三千亿元。", "zh")


def enriched(raw: str, suffix: str = ".txt"):
    """(article, analysis, seconds) for raw text read as a file with `suffix`."""
    start = time.perf_counter()
    article = ingest.parse(Path(f"shape{suffix}"), raw.encode("utf-8"), Path.cwd())
    article = pipeline.enrich(article, CONFIG)
    result = analyse.analyse(article, ALIASES)
    return article, result, time.perf_counter() - start


def timed(call, *args):
    """(result, seconds) of `call(*args)`."""
    start = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - start


@pytest.mark.parametrize("token", [
    "abcA" * 20_000,  # glued link titles: every capital after three lowercase letters was a start
    "fooBarBaz" * 9_000,
])
def test_long_token_without_spaces(token):
    article, _, seconds = enriched(f"Intro sentence here. {token} end.")
    assert seconds < BOUND
    # Longer than the part read closely (see `window`): a blob, published whole but cut where
    # the bound falls, so its pieces are separate paragraphs.
    assert token in article.body.replace("\n\n", "")


@pytest.mark.parametrize("mark", ["?", ".", "!"])
def test_run_of_terminal_marks(mark):
    raw = "Why" + mark * 20_000 + "x and more words. A second sentence."
    article, _, seconds = enriched(raw)
    assert seconds < BOUND
    sentences = text.split_sentences(article.body, "en")
    assert sentences[-1] == "A second sentence."


def test_run_of_ideographic_spaces():
    raw = "Start a" + "\u3000" * 20_000 + "b - Next item here. Revenue was $5 billion\u3000\u3000(約 40 billion yuan)."
    article, result, seconds = enriched(raw)
    assert seconds < BOUND
    assert any(f.value == 5e9 and f.currency == "USD" for f in result.figures)


def test_many_figures_in_one_sentence():
    raw = "Rates were " + "5% " * 3_333 + "in the end."
    _, result, seconds = enriched(raw)
    assert seconds < BOUND
    # Read up to the cap (a sentence of thousands of figures is a table), every one right.
    assert len(result.figures) == figures.MAX_FIGURES
    assert all(f.unit == "percent" and f.value == 5 for f in result.figures)


def test_many_figures_with_names_in_one_sentence():
    raw = "Acme Corp said revenue was $1.2 billion and " * 1_000 + "more."
    _, result, seconds = enriched(raw)
    assert seconds < BOUND
    assert len(result.figures) == figures.MAX_FIGURES
    # The subject of every figure is the name right before it, found once for the sentence.
    assert set(result.subjects) == {analyse.canonical_name("Acme Corp", ALIASES)}


@pytest.mark.parametrize("unit, masked", [
    ("on 12.03.2024 and ", True), ("at 10:30 and ", True), ("claims[12] and ", True),
    ("sales of 4,500 units and ", False),
])
def test_many_masked_spans_in_one_sentence(unit, masked):
    sentence = "It happened " + unit * 8_000 + "then."
    found, seconds = timed(figures.extract, sentence, "en")
    assert seconds < BOUND
    assert len(found) == (0 if masked else figures.MAX_FIGURES)


def test_long_run_of_chinese_numerals():
    found, seconds = timed(figures.extract, "收入" + "十" * 40_000 + "元。收入三千亿元。", "zh")
    assert seconds < BOUND
    assert [f.value for f in found] == [3e11]


@pytest.mark.parametrize("name, stripped", [
    ("acme" + " co" * 33_000, "acme" + " co" * 33_000),
    ("ソフトバンク" + "グループ" * 20_000, "ソフトバンク" + "グループ" * 20_000),
    ("acme co., ltd.", "acme"),
    ("ソフトバンクグループ", "ソフトバンク"),
])
def test_company_suffixes_of_long_names(name, stripped):
    result, seconds = timed(entities._strip_key, name)
    assert seconds < BOUND
    # Suffixes are stripped from the end of a real name; a name made of thousands of them keeps
    # all but the last few characters' worth (only the tail is searched).
    assert result == stripped or (len(name) > 200 and stripped.startswith(result) and len(result) > 100)


@pytest.mark.parametrize("raw", ["[](" * 26_700, "![](" * 20_000, "**a " * 20_000, "[x](" * 20_000])
def test_markdown_syntax_runs(raw):
    article, _, seconds = enriched("# Title\n\nText " + raw + " end.", ".md")
    assert seconds < BOUND
    assert article.body


def test_markdown_links_and_emphasis_still_read():
    raw = ("# Title\n\nSee **the report** and [the filing](https://example.com/f \"Filing\") or "
           "![chart](https://example.com/c.png), __twice__ ** not bold** and [a [b](https://example.com/b).")
    article = ingest.parse(Path("x.md"), raw.encode("utf-8"), Path.cwd())
    assert "See the report and the filing or chart, twice ** not bold** and [a b." in article.raw_text
    assert article.raw_text.endswith("https://example.com/f\nhttps://example.com/c.png\nhttps://example.com/b")


def test_fix_text_changes_only_what_ftfy_would():
    lines = ["plain ascii line", "caf\u00c3\u00a9 mojibake", "a &amp; b", "x < y &amp; z", "after &lt; tag",
             "tab\there", "ctrl\x01char", "curly \u2019quote\u2019", "\u4e2d\u6587"]
    raw = "\n".join(lines * 3)
    expected = ftfy.fix_text(raw, fix_character_width=False, fix_latin_ligatures=False, uncurl_quotes=False)
    assert ingest._fix_text(raw) == expected
    assert "café" in expected and "a & b" in expected and "after &lt; tag" in expected


def test_many_short_lines_are_linear():
    small = enriched("Table\n" + "a\n" * 5_000)[2]
    large = enriched("Table\n" + "a\n" * 20_000)[2]
    # Four times the lines in about four times the time (quadratic would be sixteen).
    assert large < 8 * small + 0.5


@pytest.mark.parametrize("unit", ["&", "\x0c", "\ufeff", "caf\u00c3\u00a9 "])
def test_one_long_line_of_characters_ftfy_targets(unit):
    # Found by benchmarks/fuzz_linear.py at 256/512 KB: every "&" looked back for its line's start,
    # 8 s for 1 MB of them on one line.
    raw = "Intro line\n" + unit * (600_000 // len(unit)) + "\nlast line &amp; more\nplain"
    starts, seconds = timed(ingest._lines_ftfy_may_change, raw, 100)
    assert seconds < BOUND
    assert starts == [raw.index("\n") + 1, raw.index("last line")]


@pytest.mark.parametrize("unit", ["<p>a</p>", "<p>", "<li><a href='x'>a</a></li>"])
def test_a_page_of_very_many_tiny_elements(unit):
    # Main-text extraction costs 150-300 µs per element: 40,000 "<p>a</p>" took 12 s before the bound.
    page = ("<html><head><title>Dense page</title>"
            "<meta property='article:published_time' content='2025-03-04T10:00:00Z'></head><body>"
            "<p>Acme said on Monday that its sales rose. <b>Strongly</b>, it said.</p>"
            + unit * 40_000 + "<p>The last paragraph of the page.</p><script>var x = 1;</script></body></html>")
    article, seconds = timed(ingest.parse, Path("dense.html"), page.encode("utf-8"), Path.cwd())
    assert seconds < BOUND
    lines = article.raw_text.splitlines()
    assert lines[0] == "Dense page" and article.title == "Dense page"
    assert "Acme said on Monday that its sales rose. Strongly, it said." in lines
    assert lines[-1] == "The last paragraph of the page." and "var x" not in article.raw_text
    assert article.published.isoformat() == "2025-03-04"


@pytest.mark.parametrize("unit", ["&amp;\n", "\x01\n", "caf\u00c3\u00a9\n", "a\r\n"])
def test_very_many_lines_for_ftfy(unit):
    # ftfy costs ~100 µs a line: 260,000 lines of entities or controls took 30 s.
    raw = unit * 200_000 + "the end &amp; \x01more"
    fixed, seconds = timed(ingest._fix_text, raw)
    assert seconds < BOUND
    first = ftfy.fix_text(unit, fix_character_width=False, fix_latin_ligatures=False, uncurl_quotes=False)
    # The first lines as ftfy repairs them; past FTFY_LINES_MAX, only ftfy's character fixes.
    assert fixed.startswith(first * ingest.FTFY_LINES_MAX)
    assert "\x01" not in fixed and "\r" not in fixed and fixed.endswith(" more")
