"""Content files: slugs, front matter, provenance, editor edits that survive rebuilds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import frontmatter
import pytest

from briefing.content import read, write
from briefing.errors import InputError
from briefing.models import Article, TopicMatch, TranslationStatus

VERSIONS = {"ingest": 1, "clean": 1, "detect": 1, "summarise": 1, "classify": 1}


def _write(article: Article, previous, folder: Path) -> Path:
    """The article's content file as a build writes it (pipeline.update_content): composed, then written
    over the previous file or as <slug>.md."""
    path = previous.path if previous else folder / f"{article.slug}.md"
    path.write_text(write.dump(*write.compose(article, previous, VERSIONS)), encoding="utf-8")
    return path


def make_article(**changes) -> Article:
    base = Article(
        source_path=Path("content/inbox/a.txt"),
        raw_sha256="ab" * 32,
        raw_text="raw",
        title="Kinetica unveils a walking robot",
        title_method="first-line",
        published=date(2025, 6, 3),
        source="Example Wire",
        references=("https://example.org/1",),
        tickers=("KNTC",),
        language="en",
        summary="Kinetica showed a robot.",
        key_points=("It walks.", "It talks."),
        topics=(TopicMatch("robotics", ("robot",), 3.0),),
        body="Kinetica showed a robot.\n\nIt walks.\n\nIt talks.",
        slug="kinetica-unveils-a-walking-robot",
    )
    return base.replace(**changes)


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "CON", "x" * 300, "宇宙机器人公司发布新品", "😀🚀", "Ça va? «Oui» / Non: 50% — d'accord", "", "   "],
)
def test_slugs_are_ascii_safe_and_short(title):
    slug = write.assign_slug(make_article(title=title), set())
    assert slug.isascii()
    assert 0 < len(slug) <= write.SLUG_MAX
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slug not in {"con", "prn", "aux", "nul"}
    assert slug == slug.lower() and slug[0].isalnum()


def test_same_title_gets_distinct_slugs():
    taken: set[str] = set()
    first = write.assign_slug(make_article(), taken)
    taken.add(first)
    second = write.assign_slug(make_article(raw_sha256="cd" * 32), taken)
    assert first != second
    assert second.startswith(first)


def test_slug_is_stable_for_the_same_title():
    assert write.assign_slug(make_article(), set()) == write.assign_slug(make_article(), set())


def test_a_content_file_has_front_matter_with_provenance(tmp_path):
    path = _write(make_article(), None, tmp_path)
    post = frontmatter.load(path)
    assert post["title"] == "Kinetica unveils a walking robot"
    assert post["date"] == date(2025, 6, 3)
    assert post["topics"] == ["robotics"]
    assert post["topic_terms"] == {"robotics": ["robot"]}
    assert post["key_points"] == ["It walks.", "It talks."]
    prov = post["provenance"]
    assert prov["input"] == "content/inbox/a.txt"
    assert prov["sha256"] == "ab" * 32
    assert prov["versions"] == VERSIONS
    assert prov["fields"]["title"]["method"] == "clean.first-line"
    assert prov["fields"]["summary"] == {"method": "summarise.extractive", "version": 1,
                                         "hash": read.value_hash("Kinetica showed a robot.")}
    assert post.content == "Kinetica showed a robot.\n\nIt walks.\n\nIt talks."


def test_round_trip_gives_back_the_article(tmp_path):
    original = make_article()
    path = _write(original, None, tmp_path)
    back = read.to_article(read.read_content(path))
    for name in ("title", "published", "source", "references", "tickers", "language", "summary",
                 "key_points", "body", "slug", "raw_sha256", "source_path"):
        assert getattr(back, name) == getattr(original, name), name
    assert back.topic_names == ["robotics"]


def test_editor_edits_survive_a_rederive(tmp_path):
    path = _write(make_article(), None, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Kinetica unveils a walking robot", "title: Kinetica's robot walks (edited)")
    text = text.rstrip("\n").removesuffix("It talks.") + "It talks, says the editor.\n"
    path.write_text(text, encoding="utf-8")

    previous = read.read_content(path)
    assert previous.edited_fields() == {"title", "body"}
    # The raw input changed: everything is re-derived, but the edits stay.
    newer = make_article(raw_sha256="ef" * 32, title="A new generated title", summary="New dek.", body="New body.")
    _write(newer, previous, tmp_path)
    post = frontmatter.load(path)
    assert post["title"] == "Kinetica's robot walks (edited)"
    assert post.content.endswith("It talks, says the editor.")
    assert post["summary"] == "New dek."
    assert post["provenance"]["fields"]["title"]["method"] == "editor"
    assert post["provenance"]["fields"]["body"]["method"] == "editor"
    assert post["provenance"]["fields"]["summary"]["method"] == "summarise.extractive"
    # Still edited after another rebuild: the editor's mark sticks.
    assert read.read_content(path).edited_fields() >= {"title", "body"}


def test_keys_added_by_the_editor_are_kept(tmp_path):
    path = _write(make_article(), None, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("---\ntitle:", "---\nnote: check figures\ntitle:", 1),
                    encoding="utf-8")
    _write(make_article(raw_sha256="ef" * 32), read.read_content(path), tmp_path)
    assert frontmatter.load(path)["note"] == "check figures"


def test_mark_edits_records_hand_edits_on_an_unchanged_input(tmp_path):
    path = _write(make_article(), None, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Kinetica showed a robot.",
                                                             "summary: Edited dek."), encoding="utf-8")
    marked = write.mark_edits(read.read_content(path))
    path.write_text(write.dump(marked.metadata, marked.body), encoding="utf-8")
    post = frontmatter.load(path)
    assert post["summary"] == "Edited dek."
    assert post["provenance"]["fields"]["summary"]["method"] == "editor"
    assert write.mark_edits(read.read_content(path)) is None


def test_is_current_compares_input_hash_and_versions(tmp_path):
    article = make_article()
    content = read.read_content(_write(article, None, tmp_path))
    assert read.is_current(content, article.raw_sha256, VERSIONS)
    assert not read.is_current(content, "00" * 32, VERSIONS)
    assert not read.is_current(content, article.raw_sha256, {**VERSIONS, "clean": 2})


def test_write_text_atomic_skips_identical_bytes(tmp_path):
    target = tmp_path / "page.md"
    assert write.write_text_atomic(target, "one") is True
    mtime = target.stat().st_mtime_ns
    assert write.write_text_atomic(target, "one") is False
    assert target.stat().st_mtime_ns == mtime
    assert write.write_text_atomic(target, "two") is True
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary files left behind


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\ntopics: [chips\nsummary: x\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read.read_content(path)
    assert str(path) in str(err.value)
    assert err.value.line is not None and 3 <= err.value.line <= 5


def test_wrong_type_names_file_and_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\nlanguage: en\ntopics: 5\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read.to_article(read.read_content(path))
    assert err.value.line == 4
    assert "topics" in str(err.value) and f"{path}:4" in str(err.value)


def test_every_bad_field_is_named_with_its_line(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\ntopics: 5\nnote: mine\ntranslations:\n  fr:\n    status: done\n"
                    "provenance:\n  versions: {clean: one}\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read.read_content(path)
    assert err.value.line == 3 and str(err.value).startswith(f"{path}:3: topics: must be a list, got 5")
    assert "translations.fr.status (line 7)" in str(err.value)
    assert "provenance.versions.clean (line 9)" in str(err.value)


def test_front_matter_is_read_into_typed_records(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 2024\ndate: 2025-06-03\nnote: [mine]\ntranslations:\n  fr: {status: editor, title: T}\n"
                    "provenance:\n  input: inbox/a.txt\n  versions: {clean: 1}\n---\nbody\n", encoding="utf-8")
    content = read.read_content(path)
    front = content.front
    assert front.title == "2024" and front.date == date(2025, 6, 3) and front.model_extra == {"note": ["mine"]}
    assert front.translations["fr"].status is TranslationStatus.EDITOR and front.translations["fr"].summary is None
    assert content.provenance.input == "inbox/a.txt" and content.provenance.versions == {"clean": 1}
    article = read.to_article(content)
    assert article.translations[0].status is TranslationStatus.EDITOR and article.translations[0].title == "T"
    assert content.metadata["title"] == 2024  # written back as the editor wrote it
