"""The inbox scan (briefing/stages/scan.py): unchanged inputs are not read again, changed ones always are."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import FIXTURES, new_project

from briefing import pipeline
from briefing.content import seen
from briefing.stages import ingest, pending, scan


@pytest.fixture
def reads(monkeypatch):
    """The inbox files read (their names), counted across prepares; every stamp trusted at once."""
    monkeypatch.setattr(seen, "RECENT", 0.0)
    names: list[str] = []
    read_bytes = ingest.read_bytes

    def spy(path, *args, **kwargs):
        names.append(path.name)
        return read_bytes(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_bytes", spy)
    return names


@pytest.fixture
def proj(tmp_path):
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt"):
        shutil.copy(FIXTURES / "inbox" / name, proj.inbox / name)
    return proj


def _prepare(proj):
    return pipeline.prepare(proj.project(), offline=True)[0]


def test_an_unchanged_input_is_not_read_again(proj, reads):
    assert _prepare(proj).added and sorted(reads) == ["en-retail.txt", "fr-puces.txt"]
    reads.clear()
    report = _prepare(proj)
    assert reads == [] and len(report.unchanged) == 2


def test_an_input_changed_with_its_size_and_mtime_kept_is_read_and_derived_again(proj, reads):
    _prepare(proj)
    path = proj.inbox / "en-retail.txt"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Brightmart", "Brightmarx", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a copy that keeps the time
    assert path.stat().st_size == before.st_size
    reads.clear()
    report = _prepare(proj)
    assert reads == ["en-retail.txt"] and report.updated == ["content/inbox/en-retail.txt"]


def test_a_file_read_just_after_its_change_is_read_again_next_time(proj, reads, monkeypatch):
    monkeypatch.setattr(seen, "RECENT", 3600.0)  # every file changed "just now"
    _prepare(proj)
    reads.clear()
    _prepare(proj)
    assert sorted(reads) == ["en-retail.txt", "fr-puces.txt"]


def test_a_derived_again_input_is_read_when_the_scan_did_not(proj, reads, monkeypatch):
    _prepare(proj)
    monkeypatch.setitem(pipeline.STAGES[1].module.__dict__, "VERSION", pipeline.STAGES[1].module.VERSION + 1)
    reads.clear()
    report = _prepare(proj)
    assert sorted(reads) == ["en-retail.txt", "fr-puces.txt"] and len(report.updated) == 2


def test_keys_are_the_paths_relative_to_the_project_even_through_a_linked_inbox(tmp_path):
    root = tmp_path / "p"
    (root / "real" / "sub").mkdir(parents=True)
    (root / "real" / "a.txt").write_text("a")
    (root / "real" / "sub" / "b.md").write_text("b")
    (root / "content").mkdir()
    os.symlink(root / "real", root / "content" / "inbox")
    for inbox in (root / "real", root / "content" / "inbox"):
        paths = ingest.discover(inbox)
        assert scan.keys(paths, inbox, root) == [ingest.relative(p, root).as_posix() for p in paths]
        assert scan.keys(paths, inbox, root) == ["real/a.txt", "real/sub/b.md"]


def test_an_unchanged_content_file_is_not_read_again_and_an_edit_is_always_seen(proj, reads, monkeypatch):
    from briefing import fsutil
    from briefing.content import read

    _prepare(proj)
    read_files: list[str] = []
    read_regular = fsutil.read_regular

    def spy(path, *args, **kwargs):
        read_files.append(path.name)
        return read_regular(path, *args, **kwargs)

    monkeypatch.setattr(read.fsutil, "read_regular", spy)
    _prepare(proj)
    _prepare(proj)  # the first may read the files the previous one wrote
    read_files.clear()
    briefing = pipeline.prepare(proj.project(), offline=True)[1]
    assert read_files == [] and len(briefing.articles) == 2
    path = next(proj.articles.glob("brightmart*.md"))
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Brightmart", "title: Brightmarx", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    briefing = pipeline.prepare(proj.project(), offline=True)[1]
    assert path.name in read_files and any(a.title.startswith("Brightmarx") for a in briefing.articles)


def test_the_offline_translation_pass_skips_files_it_left_as_they_were(proj, reads, monkeypatch):
    first = _prepare(proj)
    assert first.pending  # the fixtures have no translations offline
    gone_over: list[str] = []
    translate_one = pipeline._translate_one

    def spy(content, *args, **kwargs):
        gone_over.append(content.path.name)
        return translate_one(content, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_translate_one", spy)
    _prepare(proj)
    gone_over.clear()
    again = _prepare(proj)
    assert gone_over == [] and again.pending == first.pending and again.outdated == first.outdated
    # an edited file is gone over again, and online every file is
    path = next(proj.articles.glob("brightmart*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("title: Brightmart", "title: Brightmarx", 1),
                    encoding="utf-8")
    assert _prepare(proj).pending == first.pending and gone_over == [path.name]
    config = proj.project().config
    settings = pending.translate.Settings.resolve(config.translation)
    assert pending.context(settings, config.languages, config.translation.memory, offline=False) is None
    assert pending.context(settings, config.languages, config.translation.memory, offline=True) is not None
