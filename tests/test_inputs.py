"""What an inbox file can hold: invisible controls, mixed encodings, stray NULs, pasted front matter."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import frontmatter
import pytest

from briefing import pipeline
from briefing.stages import ingest
from briefing.errors import InputError
from briefing.outputs.report import BuildReport
from briefing.content.store import ContentStore
from conftest import FIXTURES, new_project

BODY = ("Quellwerk said on Tuesday it would build a second chip plant in Görlitz.\n\n"
        "The plant will employ 900 people and open in 2027, the company said.\n")


# ----------------------------------------------------------------------------- invisible controls
@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])
def test_zero_width_characters_inside_a_word_are_removed(hidden):
    text, _ = ingest.decode(f"Nv{hidden}i{hidden}dia shares rose.".encode("utf-8"))
    assert text == "Nvidia shares rose."


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069"])
def test_bidi_overrides_and_isolates_are_removed(control):
    text, _ = ingest.decode(f"Robots {control}gnitset{control} in Lyon.".encode("utf-8"))
    assert text == "Robots gnitset in Lyon."


def test_joiners_are_kept_where_a_script_or_an_emoji_needs_them():
    persian = "می\u200cخواهم"  # ZWNJ separates the prefix in Persian spelling
    hindi = "क्\u200dष"  # ZWJ asks for a half form
    emoji = "👩\u200d💻"  # one emoji, not two
    hebrew = "שלום\u200f."
    text = f"{persian} {hindi} {emoji} {hebrew}"
    assert ingest.strip_invisible(text) == text


def test_invisible_controls_are_cleaned_from_html_entities_and_front_matter(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>Nv&#x200C;idia &#x202E;sets record</title></head><body><article>"
                    "<p>Nv&#x200D;idia said on Tuesday that its data-centre revenue reached a record in the quarter."
                    "</p><p>The company expects demand for its chips to keep growing through next year.</p>"
                    "</article></body></html>", encoding="utf-8")
    article = ingest.read(page, tmp_path)
    assert article.title == "Nvidia sets record"
    assert "Nvidia said" in article.raw_text
    md = tmp_path / "b.md"
    md.write_text('---\ntitle: "Nv\\u200Cidia \\u202Ewins"\n---\n' + BODY, encoding="utf-8")
    assert ingest.read(md, tmp_path).title == "Nvidia wins"


# ----------------------------------------------------------------------------- decoding
def test_mixed_utf8_and_cp1252_lines_each_decode_right():
    raw = "Le café a ouvert déjà à Paris.\n".encode("utf-8") + "Il était déjà là, « oui ».\n".encode("cp1252")
    text, encoding = ingest.decode(raw)
    assert text == "Le café a ouvert déjà à Paris.\nIl était déjà là, « oui ».\n"
    assert encoding == "utf-8+cp1252"


def test_a_whole_cp1252_file_is_still_cp1252():
    text, encoding = ingest.decode("Il était déjà là.\nÇa coûte « cher ».\n".encode("cp1252"))
    assert (text, encoding) == ("Il était déjà là.\nÇa coûte « cher ».\n", "cp1252")


def test_a_legacy_cyrillic_file_is_not_read_line_by_line_as_utf8():
    source = "Компания объявила о новом заводе по выпуску чипов.\nЗавод откроется в 2027 году.\n"
    text, encoding = ingest.decode(source.encode("cp1251"))
    assert text == source
    assert encoding in {"cp1251", "windows-1251"}


@pytest.mark.parametrize("binary", [bytes(range(128, 256)) * 8, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01" * 20])
def test_a_utf8_bom_in_front_of_binary_is_refused(binary):
    with pytest.raises(InputError, match="looks binary"):
        ingest.decode(codecs.BOM_UTF8 + binary, "content/inbox/x.txt")


def test_one_nul_byte_does_not_refuse_a_good_text_file():
    raw = BODY.encode("utf-8")
    damaged = raw[:40] + b"\x00" + raw[40:]
    text, encoding = ingest.decode(damaged)
    assert text == BODY and encoding == "utf-8"


def test_many_nul_bytes_are_still_binary():
    with pytest.raises(InputError, match="NUL"):
        ingest.decode(BODY.encode("utf-8").replace(b" ", b"\x00 "))


def test_the_size_message_tells_the_size_from_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (ingest.MAX_INPUT_BYTES + 11_392))
    with pytest.raises(InputError) as err:
        ingest.read_bytes(big, tmp_path)
    message = str(err.value)
    assert f"{ingest.MAX_INPUT_BYTES + 11_392:,} bytes" in message
    assert f"the limit is {ingest.MAX_INPUT_BYTES:,} bytes" in message


# ----------------------------------------------------------------------------- pasted front matter
JEKYLL = ("---\nlayout: post\ntitle: \"Quellwerk picks Görlitz for its second plant\"\ndate: 2025-03-04 09:30:00 +0100\n"
          "author: Jane Roe\ncategories: [chips]\npermalink: /2025/03/quellwerk/\n---\n")


def read_text(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest.read(path, tmp_path)


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_jekyll_front_matter_is_metadata_not_body(tmp_path, name):
    article = read_text(tmp_path, name, JEKYLL + BODY)
    assert article.title == "Quellwerk picks Görlitz for its second plant"
    assert article.title_method == "front-matter"
    assert article.published == date(2025, 3, 4)
    assert article.author == "Jane Roe"
    assert "layout" not in article.raw_text and "permalink" not in article.raw_text
    assert "---" not in article.raw_text
    assert article.raw_text.startswith("Quellwerk said on Tuesday")


def test_hugo_toml_front_matter_is_metadata(tmp_path):
    toml = ('+++\ntitle = "Robots on the line"\ndate = 2025-05-06T08:00:00Z\n'
            'authors = ["Ana Ruiz", "Li Wei"]\nsource = "Example Wire"\nurl = "https://example.org/robots"\n'
            'tags = ["robotics"]\n+++\n\n')
    article = read_text(tmp_path, "h.txt", toml + BODY)
    assert article.title == "Robots on the line"
    assert article.published == date(2025, 5, 6)
    assert article.author == "Ana Ruiz, Li Wei"
    assert article.source == "Example Wire"
    assert article.url == "https://example.org/robots"
    assert "+++" not in article.raw_text and "tags" not in article.raw_text


def test_invalid_yaml_front_matter_is_read_line_by_line(tmp_path):
    # `title: A: B` is not valid YAML, yet plainly a title.
    article = read_text(tmp_path, "j.txt", "---\nlayout: post\ntitle: Chips: the next wave\n---\n" + BODY)
    assert article.title == "Chips: the next wave"
    assert "layout" not in article.raw_text


def test_anchors_and_aliases_are_never_expanded(tmp_path):
    bomb = "---\ntitle: Bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
    # Refused with the file named, before anything is expanded.
    with pytest.raises(InputError, match="aliases"):
        read_text(tmp_path, "bomb.md", bomb + BODY)


@pytest.mark.parametrize("text", [
    "Robots take over\n\n---\n\ntitle: not front matter\n---\n" + BODY,  # a rule further down
    "---\nBreaking: Quellwerk picks Görlitz\n---\n" + BODY,  # a rule above a headline with a colon
    "---\ntitle: never closed\n" + BODY,
    "---\n" + "title: x\n" * 3000 + "---\n" + BODY,  # longer than any front matter
])
def test_rules_that_are_not_front_matter_stay_text(tmp_path, text):
    article = read_text(tmp_path, "r.txt", text)
    assert article.raw_text == text
    assert article.title == ""


# ----------------------------------------------------------------------------- an input is its bytes
def update(proj) -> BuildReport:
    """Bring content/articles up to date with the inbox (no site build), returning the report."""
    report, config = BuildReport(), proj.config()
    store = ContentStore.load(config.articles)
    pipeline.update_content(config, proj.root, store, report)
    store.save()
    return report


@pytest.fixture
def inbox_project(tmp_path):
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt", "zh-robot.txt"):
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    report = update(proj)
    assert len(report.added) == 3
    return proj


def edit_summary(path: Path, summary: str) -> None:
    post = frontmatter.load(path)
    post["summary"] = summary
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_moving_inputs_into_a_folder_keeps_their_articles_and_edits(inbox_project):
    proj = inbox_project
    retail = next(p for p in proj.articles.glob("*.md") if "retail" in frontmatter.load(p)["provenance"]["input"])
    edit_summary(retail, "The editor's own dek.")
    before = sorted(p.name for p in proj.articles.glob("*.md"))
    (proj.inbox / "2025").mkdir()
    for path in list(proj.inbox.glob("*.txt")):
        path.rename(proj.inbox / "2025" / path.name.replace(".txt", "-renamed.txt"))
    report = update(proj)
    assert report.added == report.updated == [] and report.orphaned == []
    assert sorted(report.unchanged) == [f"content/inbox/2025/{n}-renamed.txt" for n in ("en-retail", "fr-puces", "zh-robot")]
    assert len(report.moved) == 3 and "content/inbox/en-retail.txt → content/inbox/2025/en-retail-renamed.txt" in \
        report.moved[0] + report.moved[1] + report.moved[2]
    assert sorted(p.name for p in proj.articles.glob("*.md")) == before
    post = frontmatter.load(retail)
    assert post["provenance"]["input"] == "content/inbox/2025/en-retail-renamed.txt"
    assert post["summary"] == "The editor's own dek."
    assert post["provenance"]["fields"]["summary"]["method"] == "editor"
    again = update(proj)
    assert again.moved == [] and len(again.unchanged) == 3 and again.added == []


def test_a_moved_input_is_rederived_in_place_when_stages_changed(inbox_project, monkeypatch):
    proj = inbox_project
    retail = next(p for p in proj.articles.glob("*.md") if "retail" in frontmatter.load(p)["provenance"]["input"])
    edit_summary(retail, "Kept through a move and a new stage version.")
    (proj.inbox / "en-retail.txt").rename(proj.inbox / "retail.txt")
    monkeypatch.setattr(ingest, "VERSION", ingest.VERSION + 1)
    report = update(proj)
    assert "content/inbox/retail.txt" in report.updated and len(report.updated) == 3
    assert report.added == []
    assert len(list(proj.articles.glob("*.md"))) == 3
    post = frontmatter.load(retail)
    assert post["provenance"]["input"] == "content/inbox/retail.txt"
    assert post["summary"] == "Kept through a move and a new stage version."


def test_a_copy_next_to_the_original_is_a_duplicate_even_when_it_sorts_first(inbox_project):
    proj = inbox_project
    proj.add("0-copy.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    report = update(proj)
    assert report.added == [] and report.moved == []
    assert "content/inbox/0-copy.txt: duplicate of content/inbox/en-retail.txt, dropped" in report.skipped
    assert len(list(proj.articles.glob("*.md"))) == 3


def test_an_input_that_disappears_leaves_its_article_and_is_reported(inbox_project):
    proj = inbox_project
    files = {p: p.read_bytes() for p in proj.articles.glob("*.md")}
    (proj.inbox / "fr-puces.txt").unlink()
    report = update(proj)
    assert {p: p.read_bytes() for p in proj.articles.glob("*.md")} == files
    assert len(report.orphaned) == 1 and "its input content/inbox/fr-puces.txt is gone" in report.orphaned[0]
    assert "input gone: content/articles/" in report.summary()
    assert not report.failed


def test_deleting_provenance_does_not_derive_a_second_article(inbox_project):
    proj = inbox_project
    path = next(p for p in proj.articles.glob("*.md") if "puces" in frontmatter.load(p)["provenance"]["input"])
    post = frontmatter.load(path)
    del post.metadata["provenance"]
    post["title"] = "Un titre écrit par la rédaction"
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
    mine = path.read_bytes()
    report = update(proj)
    assert report.added == [] and len(list(proj.articles.glob("*.md"))) == 3
    assert report.hand_kept == [f"content/inbox/fr-puces.txt: the article is content/articles/{path.name}, "
                                "kept by hand without provenance; not derived again"]
    assert path.read_bytes() == mine


def test_moving_the_input_of_a_broken_content_file_does_not_derive_a_copy(inbox_project):
    proj = inbox_project
    path = next(p for p in proj.articles.glob("*.md") if "retail" in frontmatter.load(p)["provenance"]["input"])
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle: [unclosed\nx:", 1), encoding="utf-8")
    (proj.inbox / "en-retail.txt").rename(proj.inbox / "moved.txt")
    report = update(proj)
    assert report.added == []
    # One line for the broken file, naming the input it holds back; the moved input is not counted again.
    lines = report.skipped + report.problems
    assert len(lines) == 1 and lines[0].startswith(f"{path}:")
    assert "its input content/inbox/en-retail.txt is not derived again meanwhile" in lines[0]
    assert len(list(proj.articles.glob("*.md"))) == 3


# ----------------------------------------------------------------------------- a date that cannot be
@pytest.mark.parametrize("name, value, line", [("a.txt", "2025-13-45", 3), ("b.md", "2025-02-30", 4)])
def test_an_impossible_front_matter_date_is_a_problem_with_its_line(tmp_path, name, value, line):
    head = "---\ntitle: Quellwerk picks Görlitz\n" + ("layout: post\n" if line == 4 else "") + f"date: {value}\n---\n"
    article = read_text(tmp_path, name, head + BODY)
    assert article.title == "Quellwerk picks Görlitz" and article.raw_text.startswith("Quellwerk said")
    assert article.published is None or article.date_method != "front-matter"
    [(at, reason)] = article.input_problems
    assert at == line and value in reason and "not a valid date" in reason


def test_a_written_out_front_matter_date_is_read_and_no_problem(tmp_path):
    article = read_text(tmp_path, "c.txt", "---\ntitle: Quellwerk picks Görlitz\ndate: March 4, 2025\n---\n" + BODY)
    assert article.published == date(2025, 3, 4) and article.input_problems == ()


def test_a_build_reports_an_impossible_date_by_file_and_line_and_still_builds_the_article(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("bad-date.txt", "---\ntitle: Quellwerk picks Görlitz\ndate: 2025-13-45\n---\n" + BODY)
    proj.add("en-retail.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    report = update(proj)
    assert sorted(report.added) == ["content/inbox/bad-date.txt", "content/inbox/en-retail.txt"]
    [problem] = report.problems
    assert problem.startswith("content/inbox/bad-date.txt:3: date: '2025-13-45' is not a valid date")
    assert report.failed  # --strict fails on it
    assert len(list(proj.articles.glob("*.md"))) == 2
