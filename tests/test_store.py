"""The content store: content/articles read once per build, changed in memory, each changed file written once."""

from __future__ import annotations

import collections
import re

import frontmatter
import pytest

from conftest import FIXTURES, new_project

from briefing import fsutil, pipeline
from briefing.content import read, store as store_module, write
from briefing.content.store import ContentStore


def counting(monkeypatch, proj) -> tuple[collections.Counter, collections.Counter]:
    """(reads, writes) of each content file from here on, by file name."""
    reads, writes = collections.Counter(), collections.Counter()
    real_read, real_write = fsutil.read_regular, store_module.write_bytes_atomic

    def read_regular(path, limit):
        if path.parent == proj.articles:
            reads[path.name] += 1
        return real_read(path, limit)

    def write_bytes_atomic(path, data):
        writes[path.name] += 1
        return real_write(path, data)

    monkeypatch.setattr(fsutil, "read_regular", read_regular)
    monkeypatch.setattr(store_module, "write_bytes_atomic", write_bytes_atomic)
    return reads, writes


@pytest.fixture
def two_languages(tmp_path):
    """A project with an English and a French input, prepared once (content written, no site)."""
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt"):
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    return proj


def test_a_new_article_is_derived_translated_and_grouped_in_memory_and_written_once(two_languages, monkeypatch):
    proj = two_languages
    reads, writes = counting(monkeypatch, proj)
    report, briefing = pipeline.prepare(proj.project(), offline=True)
    names = sorted(p.name for p in proj.articles.glob("*.md"))
    assert len(names) == 2 and sorted(writes) == names and set(writes.values()) == {1}
    assert not reads  # nothing read back: derivation, translations and stories were applied in memory
    for path in proj.articles.glob("*.md"):
        post = frontmatter.load(path)
        assert post["story"] and post["translations"] and post["provenance"]["fields"]["story"]["method"] == "stories.cluster"
    assert {a.story for a in briefing.articles} == {frontmatter.load(p)["story"] for p in proj.articles.glob("*.md")}


def test_an_unchanged_rebuild_reads_each_file_once_and_writes_none(two_languages, monkeypatch):
    proj = two_languages
    pipeline.prepare(proj.project(), offline=True)
    before = proj.content_files()
    reads, writes = counting(monkeypatch, proj)
    pipeline.prepare(proj.project(), offline=True)
    assert not writes and proj.content_files() == before
    assert sorted(reads) == sorted(before) and set(reads.values()) == {1}


def test_an_edit_is_recorded_with_the_new_story_in_one_write(two_languages, monkeypatch):
    proj = two_languages
    pipeline.prepare(proj.project(), offline=True)
    path = next(p for p in proj.articles.glob("*.md") if frontmatter.load(p)["language"] == "en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsummary: ", "\nmy_note: keep me\nsummary: Edited dek. ", 1), encoding="utf-8")
    reads, writes = counting(monkeypatch, proj)
    pipeline.prepare(proj.project(), offline=True)
    post = frontmatter.load(path)
    assert writes == {path.name: 1} and reads[path.name] == 1
    assert post["summary"].startswith("Edited dek.") and post["my_note"] == "keep me"
    assert post["provenance"]["fields"]["summary"]["method"] == "editor"


def test_the_store_never_writes_back_a_broken_files_last_good_version(two_languages):
    proj = two_languages
    config = proj.config()
    cache_file = proj.root / "content.pickle"
    store = ContentStore.load(config.articles, read.ParsedCache(cache_file))
    pipeline.update_content(config, proj.root, store, pipeline.BuildReport())
    store.save()
    path = sorted(proj.articles.glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("\ntopics:", "\ntopics: 5\nold_topics:", 1),
                    encoding="utf-8")
    broken = path.read_bytes()
    again = ContentStore.load(config.articles, read.ParsedCache(cache_file))
    assert path in again.errors and again.files[path].stale
    assert again.files[path] not in again.current() and str(again.inputs_of[path]).startswith("content/inbox/")
    with pytest.raises(ValueError, match="never written back"):
        again.put(write.with_story(again.files[path], "s", 1))
    assert again.save() == [] and path.read_bytes() == broken


def test_a_files_record_is_made_once_and_reused_while_its_bytes_name_and_the_code_stay(two_languages, monkeypatch):
    proj = two_languages
    pipeline.prepare(proj.project(), offline=True)
    cache_file = proj.root / "memo.pickle"
    made = collections.Counter()
    real = read.to_article
    monkeypatch.setattr(read, "to_article", lambda content: made.update([content.path.name]) or real(content))

    def records() -> dict[str, object]:
        made.clear()
        store = ContentStore.load(proj.articles, read.ParsedCache(cache_file))
        found = {path.name: store.article(content) for path, content in store.files.items()}
        store.save()
        return found

    first = records()
    assert len(made) == 2
    assert records() == first and not made  # memoised: the same records, none made again
    old = sorted(proj.articles.glob("*.md"))[0]
    new = old.rename(old.with_name("renamed.md"))
    assert records()["renamed.md"].slug == "renamed" and made == {"renamed.md": 1}  # its name is in its record
    monkeypatch.setattr(read, "article_code", lambda: "other code")
    records()
    assert len(made) == 2  # new code makes every record again
    # A file without `provenance.added` is dated by its modification time: its record is never kept.
    new.write_text(re.sub(r"\n +added: .*", "", new.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    records()
    again = records()
    assert made == {"renamed.md": 1} and again["renamed.md"].added is not None


def test_one_listing_gives_the_content_files_and_every_name_taken(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("b.md", "a.md", "notes.txt"):
        (folder / name).write_text("---\ntitle: x\n---\nbody\n", encoding="utf-8")
    (folder / "link.md").symlink_to(folder / "a.md")
    (folder / "folder.md").mkdir()
    assert read.content_listing(folder) == ([folder / "a.md", folder / "b.md"], {"a", "b", "link", "folder"})
    assert read.content_listing(tmp_path / "missing") == ([], set())


def test_an_unchanged_files_cache_entry_is_used_as_it_is(two_languages):
    proj = two_languages
    pipeline.prepare(proj.project(), offline=True)
    pipeline.prepare(proj.project(), offline=True)  # the entries are now as read: seen, at their paths
    cache = read.ParsedCache(proj.project().cache / "content.pickle")
    for path in sorted(proj.articles.glob("*.md")):
        content = cache.read(path)
        assert content is cache.entries[cache.fresh_good[path.name]] and content.seen and content.path == path
