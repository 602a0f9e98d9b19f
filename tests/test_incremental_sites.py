"""Incremental MkDocs runs: after any sequence of changes, each site equals a full build from scratch."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.outputs import incremental

from conftest import REPO, new_project

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # noqa: E402  (deterministic raw articles, in several languages, some reporting one event)

SITE_URL = "https://example.org/brief/"
LANGUAGES = ("en", "fr")


def make(root: Path, articles: int):
    """A project published at SITE_URL (so it has feeds and sitemaps) with the first `articles` synthetic inputs."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    proj = new_project(root, re.sub(r"(?m)^# site_url:.*$", f"site_url: {SITE_URL}", text))
    for i in range(articles):
        proj.add(synthetic.file_name(i), synthetic.article(i))
    proj.next = articles
    return proj


def site_files(proj) -> dict[str, bytes]:
    """Every file of every language's site, by its path under site/."""
    return {p.relative_to(proj.site).as_posix(): p.read_bytes()
            for lang in LANGUAGES for p in sorted((proj.site / lang).rglob("*")) if p.is_file()}


def from_scratch(proj, root: Path) -> dict[str, bytes]:
    """The site a full build writes from the same content, in a fresh copy of the project (no caches, no site)."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "templates", "content"):
        source = proj.root / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    fresh = type(proj)(root)
    pipeline.build(fresh.project(), offline=True, full=True)
    return site_files(fresh)


def assert_same_site(actual: dict[str, bytes], expected: dict[str, bytes], step: str) -> None:
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    differ = sorted(name for name in set(actual) & set(expected) if actual[name] != expected[name])
    assert not (missing or extra or differ), f"after {step}: missing {missing}, extra {extra}, differ {differ}"


# ----------------------------------------------------------------------------- the editor's changes
def _content(proj) -> list[Path]:
    return sorted(proj.articles.glob("*.md"))


def add(proj, rnd: random.Random) -> str:
    """A new raw article in the inbox."""
    proj.add(synthetic.file_name(proj.next), synthetic.article(proj.next))
    proj.next += 1
    return f"add {synthetic.file_name(proj.next - 1)}"


def typo(proj, rnd: random.Random) -> str:
    """A one-word fix in the body of one content file."""
    candidates = {}
    for path in _content(proj):
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        words = sorted(set(re.findall(r"\b[a-z]{5,}\b", body)))
        if words:  # an article in Chinese or Japanese may have none
            candidates[path] = (head, body, words)
    path = rnd.choice(sorted(candidates))
    head, body, words = candidates[path]
    word = rnd.choice(words)
    path.write_text(head + "\n---\n" + body.replace(word, word[:-1] + word[-1].upper(), 1), encoding="utf-8")
    return f"typo {word} in {path.name}"


def delete(proj, rnd: random.Random) -> str:
    """An article unpublished: its content file and its raw input deleted."""
    path = rnd.choice(_content(proj))
    found = re.search(r"(?m)^\s+input: (.+)$", path.read_text(encoding="utf-8"))
    if found:
        (proj.root / found.group(1).strip().strip("'\"")).unlink(missing_ok=True)
    path.unlink()
    return f"delete {path.name}"


def merge(proj, rnd: random.Random) -> str:
    """The editor merges one article into another's story (`story:` set to the other's id)."""
    stories = {path: re.search(r"(?m)^story: (.+)$", path.read_text(encoding="utf-8")).group(1)
               for path in _content(proj)}
    apart = [(a, b) for a in stories for b in stories if stories[a] != stories[b]]
    if not apart:
        return add(proj, rnd)
    moved, into = rnd.choice(apart)
    text = moved.read_text(encoding="utf-8")
    moved.write_text(re.sub(r"(?m)^story: .+$", f"story: {stories[into]}", text, count=1), encoding="utf-8")
    return f"merge {moved.name} into {stories[into]}"


CHANGES = (add, typo, delete, merge)


@pytest.mark.parametrize("seed", [3, 8])
def test_incremental_builds_write_the_site_a_full_build_writes(tmp_path, seed):
    rnd = random.Random(seed)
    proj = make(tmp_path / "p", 4)
    proj.build()
    done = []
    # Every kind of change once, in a random order, then one more at random.
    changes = list(CHANGES)
    rnd.shuffle(changes)
    for change in [*changes, rnd.choice(CHANGES)]:
        done.append((change if len(_content(proj)) > 2 else add)(proj, rnd))
        report = proj.build()
        assert sorted(report.sites_incremental) == list(LANGUAGES), (done, report.sites_incremental)
        assert_same_site(site_files(proj), from_scratch(proj, tmp_path / "scratch"), "; ".join(done))


def test_an_incremental_build_renders_only_what_changed_and_never_writes_into_the_live_site(tmp_path):
    proj = make(tmp_path / "p", 5)
    proj.build()
    # Hard links to every file of the live site: a run writing into a file it shares would change them.
    shadow = tmp_path / "shadow"
    before = {}
    for path in proj.site.rglob("*"):
        if path.is_file():
            key = path.relative_to(proj.site).as_posix()
            (shadow / key).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, shadow / key)
            before[key] = path.read_bytes()
    untouched = {key for key in before if key.startswith("en/articles/")}
    add(proj, random.Random(0))
    report = proj.build()
    assert sorted(report.sites_incremental) == list(LANGUAGES)
    assert all((shadow / key).read_bytes() == data for key, data in before.items())
    # The pages of other stories are the very files of the previous site (kept, not rendered again).
    kept = {key for key in untouched if (proj.site / key).is_file()
            and os.path.samefile(proj.site / key, shadow / key)}
    assert kept and len(kept) >= len(untouched) - 1
    # Nothing is left behind: no staging folder, no unfinished records.
    assert not [p for p in proj.site.iterdir() if p.name.startswith(".")]
    assert not list((proj.build_dir / "en").glob(f".{incremental.RECORDS}*"))


def test_a_template_change_or_full_builds_everything_and_a_site_changed_by_hand_too(tmp_path):
    proj = make(tmp_path / "p", 3)
    proj.build()
    template = proj.root / "templates" / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    add(proj, random.Random(0))
    report = proj.build()
    assert report.sites_incremental == {} and report.sites_current == []
    assert pipeline.build(proj.project(), offline=True, full=True).sites_incremental == {}
    typo(proj, random.Random(1))
    next((proj.site / "fr" / "articles").glob("*/index.html")).unlink()
    report = proj.build()
    assert list(report.sites_incremental) == ["en"]  # fr was changed by hand: built in full
    assert_same_site(site_files(proj), from_scratch(proj, tmp_path / "scratch"), "a page deleted by hand")


def _cli(proj, *args):
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=proj.root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _staging_appears(proj, process, timeout: float = 120) -> bool:
    """Wait until a site is being staged (MkDocs is about to run or running); False if the build ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if any(".new-" in p.name for p in proj.site.iterdir()):
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_kill_9_during_an_incremental_build_leaves_each_site_whole(tmp_path, delay):
    proj = make(tmp_path / "p", 4)
    assert _cli(proj, "build", "--offline").wait(timeout=300) == 0
    before = site_files(proj)
    add(proj, random.Random(0))
    typo(proj, random.Random(1))
    victim = _cli(proj, "build", "--offline")
    assert _staging_appears(proj, victim)
    time.sleep(delay)  # into the MkDocs run
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    killed = site_files(proj)
    finished = _cli(proj, "build", "--offline")
    assert finished.wait(timeout=300) == 0, finished.stderr.read()
    after = site_files(proj)
    # Each language's site is the previous one or the new one, whole: never a mix, never a file written halfway.
    for lang in LANGUAGES:
        mine = {k: v for k, v in killed.items() if k.startswith(f"{lang}/")}
        assert mine in ({k: v for k, v in before.items() if k.startswith(f"{lang}/")},
                        {k: v for k, v in after.items() if k.startswith(f"{lang}/")}), lang
    assert_same_site(after, from_scratch(proj, tmp_path / "scratch"), "a killed build and a rebuild")


def test_records_that_cannot_be_read_mean_one_full_run_and_the_same_site(tmp_path):
    proj = make(tmp_path / "p", 3)
    proj.build()
    records = proj.build_dir / "en" / incremental.RECORDS
    stat = records.stat()
    data = records.read_bytes()
    records.write_bytes(data[:len(data) // 2] + b"\x00" * (len(data) - len(data) // 2))  # same size, broken
    os.utime(records, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    add(proj, random.Random(0))
    report = proj.build()
    assert list(report.sites_incremental) == ["fr"]  # en: the incremental run failed, then ran in full
    assert_same_site(site_files(proj), from_scratch(proj, tmp_path / "scratch"), "broken records")
