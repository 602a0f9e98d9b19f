"""The inbox scan (briefing/stages/scan.py): unchanged inputs are not read again, changed ones always are."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import FIXTURES, new_project

from briefing import pipeline
from briefing.stages import ingest, scan


@pytest.fixture
def reads(monkeypatch):
    """The inbox files read (their names), counted across prepares; every stamp trusted at once."""
    monkeypatch.setattr(scan, "RECENT", 0.0)
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
    monkeypatch.setattr(scan, "RECENT", 3600.0)  # every file changed "just now"
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
