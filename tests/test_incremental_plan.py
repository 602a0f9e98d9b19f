"""Planning an incremental MkDocs run: what changed since the last run, and the staged copy of the previous site."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from briefing.outputs import incremental
from briefing.outputs import site as site_runs


@pytest.mark.parametrize("src", ["index.md", "tags.md", "articles/a-b.md", "editions/index.md", "x/README.md",
                                 "feed.xml", "topics/chips/feed.json", "assets/briefing.css", "notes.markdown"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_outputs_are_where_mkdocs_writes_them(src, directory_urls):
    expected = File(src, src_dir=None, dest_dir="", use_directory_urls=directory_urls).dest_uri
    assert incremental.output_of(src, directory_urls) == expected


def _write(path: Path, text: str, mtime: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))
    return path


@pytest.fixture
def built(tmp_path):
    """A generated config, its docs and a site as a MkDocs run left them, with the run's state committed."""
    _write(tmp_path / "mkdocs.yml", "site_name: T\n")
    generated = _write(tmp_path / "build" / "en" / "mkdocs.yml", "INHERIT: ../../mkdocs.yml\ndocs_dir: docs\n")
    docs = generated.parent / "docs"
    for name in ("index.md", "tags.md", "articles/a.md", "articles/b.md", "feed.xml"):
        _write(docs / name, name, 1_000_000_000)
    site = tmp_path / "site" / "en"
    for name in ("index.html", "tags/index.html", "articles/a/index.html", "articles/b/index.html", "feed.xml",
                 "sitemap.xml", "sitemap-pages.xml", "404.html", "search/search_index.json", "assets/main.css"):
        _write(site / name, f"<{name}>")
    plan = incremental.plan(generated, site)
    assert plan.full and plan.reason == "no previous run"
    incremental.write_records(plan.records_out, [], ["tags.md"])
    incremental.commit(plan)
    return generated, docs, site


def test_nothing_changed_is_current_and_a_changed_or_deleted_page_is_all_that_is_built(built):
    generated, docs, site = built
    assert incremental.plan(generated, site).current
    os.utime(docs / "articles" / "a.md", ns=(2_000_000_000, 2_000_000_000))
    (docs / "articles" / "b.md").unlink()
    plan = incremental.plan(generated, site)
    assert not plan.full
    assert plan.dirty == ["articles/a.md", "tags.md"]  # the tags index lists every page: always built
    assert plan.deleted == ["articles/b.md"]
    assert incremental.outputs(plan) >= {"articles/a/index.html", "articles/b/index.html", "tags/index.html",
                                         "sitemap.xml", "sitemap-pages.xml", "404.html"}
    assert "index.html" not in incremental.outputs(plan)


@pytest.mark.parametrize("change", ["config", "site", "records", "full"])
def test_what_every_page_reads_a_site_changed_by_hand_or_full_means_a_full_run(built, change):
    generated, docs, site = built
    if change == "config":
        _write(generated.parent.parent.parent / "mkdocs.yml", "site_name: Changed\n")
    elif change == "site":
        (site / "articles" / "a" / "index.html").unlink()
    elif change == "records":
        (generated.parent / incremental.RECORDS).unlink()
    plan = incremental.plan(generated, site, force=change == "full")
    assert plan.full and plan.reason


def test_the_live_site_counted_ahead_in_another_process_is_what_the_plan_checks(built, tmp_path):
    generated, docs, site = built
    counting = site_runs.Counting([site, tmp_path / "site" / "not-built"])
    live = counting.result()
    assert live == {site: incremental.site_summary(site)}  # a site not built yet is left out
    assert incremental.plan(generated, site, live=live[site]).current
    # The count given is the one checked: a site that differs from the stamp means a full run.
    changed = [live[site][0] - 1, *live[site][1:]]
    plan = incremental.plan(generated, site, live=changed)
    assert plan.full and plan.reason == "the site was changed since the last run"


def test_the_staged_site_links_what_is_kept_and_leaves_out_what_is_written_again(built, tmp_path):
    generated, docs, site = built
    os.utime(docs / "articles" / "a.md", ns=(2_000_000_000, 2_000_000_000))
    (docs / "articles" / "b.md").unlink()
    staging = tmp_path / "staging"
    staging.mkdir()
    plan = incremental.plan(generated, site)
    linked = incremental.stage(plan, staging)
    kept = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    assert kept == ["assets/main.css", "feed.xml", "index.html"] and linked == 3
    assert os.path.samefile(staging / "index.html", site / "index.html")
    # A deleted page's folder is not even created; the search index is rebuilt from scratch.
    assert not (staging / "articles" / "b").exists() and not (staging / "search").exists()


def _tree(folder: Path) -> dict[str, int | None]:
    """Every path under `folder`: a file's inode, None for a folder."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.stat().st_ino for p in folder.rglob("*")}


def test_a_spare_tree_is_brought_to_what_a_fresh_staging_folder_holds(built, tmp_path):
    generated, docs, site = built
    os.utime(docs / "articles" / "a.md", ns=(2_000_000_000, 2_000_000_000))
    (docs / "articles" / "b.md").unlink()
    plan = incremental.plan(generated, site)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    incremental.stage(plan, fresh)
    # An older tree: a file of another version (another inode), a page the site no longer has, a page's output
    # that is written again, a search index, a file where the site has a folder, and a folder missing.
    spare = tmp_path / "spare"
    for name in ("index.html", "gone/index.html", "articles/a/index.html", "search/x.js", "assets", "feed.xml"):
        _write(spare / name, "old")
    os.link(site / "feed.xml", spare / "feed.xml.kept")  # a stray link: not in the site under that name
    held = incremental.stage(plan, spare)
    assert _tree(spare) == _tree(fresh) and held == 3
    assert all(os.path.samefile(spare / name, site / name) for name in ("index.html", "feed.xml", "assets/main.css"))


def test_the_site_a_run_replaced_is_kept_as_links_to_the_new_one(built, tmp_path):
    generated, docs, site = built
    plan = incremental.plan(generated, site)  # current: nothing to build, but a full run keeps its old site too
    plan.full = True
    old = tmp_path / "old"
    _write(old / "index.html", "old")
    _write(old / "articles" / "gone" / "index.html", "old")
    incremental.keep_spare(plan, old)
    spare = plan.state_dir / incremental.SPARE
    assert not old.exists() and (spare / "index.html").samefile(site / "index.html")
    assert not (spare / "articles" / "gone").exists()
    assert (spare / "search" / "search_index.json").samefile(site / "search" / "search_index.json")
    staging = tmp_path / "staging"
    staging.mkdir()
    assert incremental.take_spare(plan, staging) and (staging / "index.html").samefile(site / "index.html")
    assert not incremental.take_spare(plan, tmp_path / "again")  # taken


def test_records_keep_every_page_in_order(tmp_path):
    # Why a date: front matter values come back as MkDocs read them (a full run's page.meta), not as text.
    records = [{"src": "b.md", "url": "b/", "title": "B", "meta": {"tags": ["x"], "date": datetime.date(2026, 1, 2)},
                "entries": []},
               {"src": "a.md", "url": "a/", "title": "A", "meta": {}, "entries": [{"location": "a/", "text": "é"}]}]
    path = tmp_path / "r.jsonl"
    incremental.write_records(path, records, ["tags.md"])
    assert list(incremental.read_records(path).values()) == records
    assert incremental.read_header(path) == {"always": ["tags.md"]}


def test_a_plugin_or_hook_of_the_project_means_full_runs(built):
    generated, docs, site = built
    text = generated.read_text(encoding="utf-8")
    generated.write_text(text + "plugins: [search, tags, blog]\n", encoding="utf-8")
    assert "blog" in incremental.plan(generated, site).reason
    _write(generated.parent / "mine.py", "def on_post_build(config): pass\n")
    generated.write_text(text + f"hooks: [{generated.parent / 'mine.py'}]\n", encoding="utf-8")
    assert "mine.py" in incremental.plan(generated, site).reason


def _run(plan, site: Path, staging: Path, written: dict[str, str]) -> None:
    """What site.finish does once MkDocs wrote `written` into `staging`: count, swap (keeping the spare), stamp."""
    import functools

    from briefing import fsutil

    for name, text in written.items():
        (staging / name).unlink(missing_ok=True)  # as the search hook does: never through a link
        _write(staging / name, text)
    incremental.account(plan, staging)
    fsutil.replace_dir(staging, site, functools.partial(incremental.keep_spare, plan))
    incremental.write_records(plan.records_out, [], ["tags.md"])
    incremental.commit(plan)


def test_a_run_from_the_spare_looks_only_at_what_the_last_run_changed_and_counts_the_new_site(built, tmp_path):
    generated, docs, site = built
    plan = incremental.plan(generated, site)
    plan.full = True  # as after a full run: the spare is made links of the whole site
    old = tmp_path / "old"
    _write(old / "index.html", "old")
    incremental.keep_spare(plan, old)
    incremental.write_records(plan.records_out, [], ["tags.md"])
    incremental.commit(plan)
    for step, name in enumerate(["articles/a.md", "articles/b.md", "index.md"], start=2):
        os.utime(docs / name, ns=(step * 10**9, step * 10**9))
        if step == 3:
            (docs / "articles" / "a.md").unlink()
        plan = incremental.plan(generated, site)
        assert not plan.full, plan.reason
        fresh = tmp_path / f"fresh{step}"
        fresh.mkdir()
        incremental.stage(plan, fresh)
        staging = tmp_path / f"staging{step}"
        staging.mkdir()
        assert incremental.take_spare(plan, staging)
        (staging / "feed.xml.stray").write_text("only a walk of the whole tree would see this")
        incremental.stage(plan, staging, spare=True)
        (staging / "feed.xml.stray").unlink()  # left: the run looked only at what changed
        assert _tree(staging) == _tree(fresh), step
        written = {incremental.output_of(src): f"{src} {step}" for src in plan.dirty}
        _run(plan, site, staging, {**written, "sitemap.xml": f"{step}", "404.html": f"{step}",
                                   "search/search_index.json": f"{step}", f"search/d/{step % 2}.js": f"{step}"})
        assert plan.summary == incremental.site_summary(site)  # counted, not walked
    assert not (site / "articles" / "a").exists() and not (incremental.plan(generated, site).full)


def test_a_spare_that_is_not_the_one_the_last_run_kept_is_compared_file_by_file(built, tmp_path):
    generated, docs, site = built
    os.utime(docs / "index.md", ns=(2 * 10**9, 2 * 10**9))
    plan = incremental.plan(generated, site)
    plan.changed_before, plan.spare = [], incremental.identity(tmp_path)  # another folder's identity
    staging = tmp_path / "staging"
    _write(staging / "feed.xml.stray", "stray")
    incremental.stage(plan, staging, spare=True)
    assert not (staging / "feed.xml.stray").exists() and (staging / "feed.xml").samefile(site / "feed.xml")
