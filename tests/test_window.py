"""Bounded close reading of very long inputs (`briefing.window`), and what the stages make of it."""

from pathlib import Path

from conftest import article as make_article

from briefing.lang import window
from briefing.stages import clean, detect
from briefing.models import Article


def article(raw: str) -> Article:
    return make_article(raw_text=raw, source_path=Path("inbox/long.txt"))


def story_lines(count: int, start: int = 0) -> list[str]:
    """Distinct, invented story sentences (no two alike, so no repeat rule drops them)."""
    return [f"Paragraph {i} says the harbour crane number {i} lifted {i * 7} containers on its shift today."
            for i in range(start, start + count)]


def test_a_real_article_is_read_whole():
    raw = "Headline here\n\n" + "\n\n".join(story_lines(40))
    assert window.split_raw(raw) == (raw, "", "")
    body = "\n\n".join(story_lines(40))
    assert window.analysed(body) == body


def test_a_long_input_splits_at_line_breaks_into_bounded_head_and_tail():
    raw = "\n".join(story_lines(3000))
    head, middle, tail = window.split_raw(raw)
    assert head + middle + tail == raw
    assert middle and head.endswith("\n") and middle.endswith("\n")
    assert len(head) <= window.HEAD_CHARS and head.count("\n") <= window.HEAD_LINES
    assert len(tail) <= window.TAIL_CHARS and tail.count("\n") < window.TAIL_LINES


def test_many_short_lines_are_bounded_by_line_count():
    raw = "Table\n" + "".join(f"{i}\n" for i in range(200_000))
    head, middle, tail = window.split_raw(raw)
    assert head.count("\n") == window.HEAD_LINES
    assert window.TAIL_LINES - 1 <= tail.count("\n") <= window.TAIL_LINES
    assert head + middle + tail == raw


def test_a_long_word_is_not_cut_but_a_blob_is():
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    raw = "\n".join(story_lines(300)) + " " + word * 500 + " end.\n" + "\n".join(story_lines(300, 300))
    head, middle, tail = window.split_raw(raw)
    assert head + middle + tail == raw
    assert sum(word * 500 in part for part in (head, middle, tail)) == 1  # 21 KB: still whole
    blob = "abcA" * 30_000  # 120 KB without a space: no word, cut where the bound falls
    head, middle, tail = window.split_raw("Intro.\n" + blob + " end.\n" + "\n".join(story_lines(400)))
    assert len(head) <= window.HEAD_CHARS and (head + middle).count("abcA") == 30_000


def test_analysed_body_is_a_prefix_cut_at_a_paragraph_break():
    body = "\n\n".join(story_lines(2000))
    read = window.analysed(body)
    assert body.startswith(read) and body[len(read):].startswith("\n\n")
    assert len(read) <= window.ANALYSED_CHARS
    assert read.count("\n\n") < window.ANALYSED_PARAGRAPHS


def test_analysed_body_of_one_huge_paragraph_ends_on_a_sentence():
    body = " ".join(story_lines(1500))
    read = window.analysed(body)
    assert body.startswith(read) and read.endswith(".") and len(read) <= window.ANALYSED_CHARS


def test_clean_keeps_every_middle_line_in_order_and_still_cleans_head_and_tail():
    lines = story_lines(2500)
    raw = ("Skip to main content\nHarbour cranes set a record\n" + "\n".join(lines)
           + "\nShare on Facebook\n© 2025 Example Harbour News. All rights reserved.\n")
    result = clean.clean(article(raw))
    paragraphs = result.body.split("\n\n")
    assert paragraphs == lines  # every story line, in order, head + middle + tail
    assert result.title == "Harbour cranes set a record"
    assert any("rights reserved" in r for r in result.removed)
    assert any("main content" in r for r in result.removed)


def test_clean_joins_hard_wrapped_lines_and_strips_ticker_chips_in_the_middle():
    wrapped = "\n".join(["The port authority said on Monday that the new terminal would open",
                         "next spring, after a delay caused by the late delivery of cranes."] * 1)
    filler = story_lines(1500)
    raw = "\n\n".join(filler[:1200] + [wrapped, "Shares of ExampleCorpEXC-- rose."] + filler[1200:])
    result = clean.clean(article(raw))
    assert ("The port authority said on Monday that the new terminal would open next spring, after a "
            "delay caused by the late delivery of cranes.") in result.body.split("\n\n")
    assert "EXC--" not in result.body and "Shares of ExampleCorp rose." in result.body
    assert "EXC--" in result.removed and result.removed_why[result.removed.index("EXC--")] == "ticker"


def test_detect_gives_paragraphs_past_the_window_the_article_language():
    body = "\n\n".join(story_lines(1200) + ["Ceci est un paragraphe entièrement écrit en français, assez long."])
    result = detect.detect(article("x").replace(body=body))
    assert result.language == "en"
    assert len(result.paragraph_languages) == len(result.paragraphs)
    assert result.paragraph_languages[-1] == "en"  # past the window: not read, follows the article
    short = detect.detect(article("x").replace(body="\n\n".join(story_lines(5) + [
        "Ceci est un paragraphe entièrement écrit en français, assez long."])))
    assert short.paragraph_languages[-1] == "fr"  # within the window: read
