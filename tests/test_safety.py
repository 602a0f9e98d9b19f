"""Crash safety: a killed build loses nothing, and two builds never run at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from briefing import fsutil
from briefing.content import read

from conftest import FIXTURES, new_project


def cli(proj, *args, **kw):
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=proj.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def snapshot(proj) -> dict[str, bytes]:
    return {p.relative_to(proj.root).as_posix(): p.read_bytes()
            for p in [*proj.articles.glob("*.md"), *proj.site.rglob("index.html")]}


@pytest.mark.parametrize("delay", [0.4, 1.2, 2.5, 4.0])
def test_kill_9_during_a_build_leaves_the_previous_site_and_content_intact(tmp_path, delay):
    proj = new_project(tmp_path / "p")
    for name in ("en-robot-wrapped.txt", "fr-puces.txt"):
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    assert cli(proj, "build", "--offline").wait(timeout=300) == 0
    before = snapshot(proj)
    # New work for the next build: a new article and a template change (every page is rewritten).
    proj.add("zh.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    (proj.root / "templates" / "assets" / "briefing.css").write_text("/* changed */\n", encoding="utf-8")
    victim = cli(proj, "build", "--offline")
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    # Whatever moment it died at: every previous content file and site page is still there, whole.
    for name, data in before.items():
        path = proj.root / name
        assert path.is_file(), name
        if name.startswith("content/"):
            read.to_article(read.read_content(path))  # still parses
            assert path.read_bytes() == data
        else:
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), name
    assert all(p.name in {"en", "fr", "index.html", "build-report.json"} or p.name.startswith(".") for p in proj.site.iterdir())
    # And the next build completes and cleans up after the killed one.
    finished = cli(proj, "build", "--offline")
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert len(list(proj.articles.glob("*.md"))) == 3
    assert sorted(p.name for p in proj.site.iterdir()) == ["build-report.json", "en", "fr", "index.html"]


def test_a_second_build_refuses_while_one_is_running(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("a.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    with fsutil.exclusive(proj.root / "build" / ".lock"):
        second = cli(proj, "build", "--offline")
        out, err = second.communicate(timeout=120)
    assert second.returncode == 1
    assert "another briefing command is running" in err and f"pid {os.getpid()}" in err
    assert list(proj.articles.glob("*.md")) == []  # it did nothing
    assert cli(proj, "build", "--offline").wait(timeout=300) == 0  # and runs once the lock is free


def test_replace_dir_swaps_folders(tmp_path):
    target, new = tmp_path / "site", tmp_path / "new"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    fsutil.replace_dir(new, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
