"""Incremental MkDocs runs: only the pages a change touches go through MkDocs; every other page's HTML is kept.

After each MkDocs run of a site, its state is kept next to the generated config (`site-stamp.json`):
a fingerprint of everything MkDocs reads besides the pages (the generated config and the one it
inherits, the navigation in it, the theme overrides, the hooks, the installed packages), every
docs file by size and mtime, a summary of the site written, and the per-page records the
incremental hook (briefing/hooks/incremental.py) wrote while MkDocs rendered (`site-pages.pickle`:
each page's address, title, front matter and search entries).

The next run compares (`plan`):

- the fingerprint changed (a template, the theme, mkdocs.yml, the navigation, a hook, a package), the
  site was changed by hand, the records are missing, or `--full`: a full MkDocs run, as always;
- else only the docs files whose size or mtime changed (or that are new) are built again, and the
  outputs of deleted ones go. The new site is staged as a hard-link copy of the previous one
  (`stage`) without the outputs MkDocs will write again (those pages, the sitemap, the 404 page,
  Material's search index, the tags export; the search hook replaces the index files that change), so MkDocs never writes into a file the live site shares, and
  the staging folder is swapped in atomically as after a full run. `mkdocs build --dirty` with the
  hook then renders only the pages whose output is missing; what is computed over every page
  (the tags page, the sitemap, the search index) is completed from the records of the others.

Pages whose HTML depends on other pages (the tags listing) are rebuilt every time (`always`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import fsutil, hooks

log = logging.getLogger(__name__)

STAMP = "site-stamp.json"
"""Next to a generated config: what its last MkDocs run read, and the site it wrote."""
RECORDS = "site-pages.pickle"
"""Next to the stamp: a header, then the records of every page of the site (written by the hook), pickled.

Why pickled: at 10,000 pages the records (search entries included) are tens of megabytes, read and written
by every MkDocs run; JSON took seconds of each."""
ENV_JOB = "BRIEFING_SITE_JOB"
"""The environment variable that tells the incremental hook what to do (JSON: see `Plan.job`)."""
ALWAYS_OUTPUTS = ("sitemap.xml", "sitemap.xml.gz", "sitemap-pages.xml", "404.html", "tags.json",
                  "search/search_index.json")
"""Outputs written by every MkDocs run from every page, in place: never carried over from the previous site.

The search index's other files (search/t/, search/d/) are carried over: the search hook replaces those whose
bytes change, and removes those the index no longer has (search_index.write_index)."""
FORMAT = 3
"""Version of the stamp and records; another one means a full run."""


@dataclass
class Plan:
    """What one MkDocs run of a site does: everything (`full`), nothing (`current`), or some pages."""

    site_dir: Path
    state_dir: Path
    config: str
    docs: dict[str, list[int]]
    full: bool = True
    reason: str = ""
    dirty: list[str] = field(default_factory=list)
    """Docs files (paths under docs_dir) to build again: new, changed, or always built."""
    deleted: list[str] = field(default_factory=list)
    """Docs files of the previous run that are gone: their outputs go."""
    use_directory_urls: bool = True
    site: list[int] | None = None
    """The live site's summary, checked against the stamp (`site_summary`): the base of the new one's."""
    changed_before: list[str] | None = None
    """Paths where the live site differs from the spare tree (the site before it), from the stamp (`changed`)."""
    spare: list[int] | None = None
    """The spare tree's identity when the last run kept it (`identity`): only that tree differs by `changed_before`."""
    summary: list[int] | None = None
    """The new site's summary, counted before the swap from the files the run replaced (`account`)."""

    @property
    def current(self) -> bool:
        return not self.full and not self.dirty and not self.deleted

    @property
    def records(self) -> Path:
        return self.state_dir / RECORDS

    @property
    def records_out(self) -> Path:
        return self.state_dir / f".{RECORDS}.new-{os.getpid()}"

    def job(self) -> str:
        """What the hook needs, as the JSON of ENV_JOB: whether to build only what is missing, where records are."""
        return json.dumps({"incremental": not self.full, "records_in": str(self.records),
                           "records_out": str(self.records_out)})


# --------------------------------------------------------------------------- what MkDocs reads
def config_fingerprint(generated_yml: Path) -> str:
    """Hash of what MkDocs reads for one generated config besides its docs: configs, theme, hooks, packages."""
    config = yaml.safe_load(generated_yml.read_text(encoding="utf-8"))
    base = generated_yml.parent
    digest = hashlib.sha256(f"{FORMAT}\0".encode())
    digest.update(generated_yml.read_bytes())
    digest.update((base / config["INHERIT"]).read_bytes())
    hook_files = [Path(hook) for hook in config.get("hooks") or []]
    # Why the scripts beside the hooks: a hook copies them into the site (the search worker). Why the
    # modules named: the hooks are thin, the index and this module do their work.
    scripts = sorted({script for hook in hook_files for script in hook.parent.glob("*.js")})
    from . import search_index
    for path in hook_files + scripts + [Path(search_index.__file__), Path(__file__), hooks.path("incremental.py")]:
        digest.update(path.read_bytes())
    custom = config.get("theme", {}).get("custom_dir")
    for path, stat in sorted(_files(Path(custom)), key=lambda item: item[0]) if custom else ():
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    digest.update(_packages(base.parent / "cache" / PACKAGES).encode())
    return digest.hexdigest()


PACKAGES = "packages.json"
"""In the build cache: the installed packages, with the state of the folders they were read from."""


@functools.lru_cache(maxsize=1)
def _packages(cache: Path | None = None) -> str:
    """Every installed package and its version, once per process, and read again only when a folder of the
    import path changed (reading them costs a fifth of a second; installing or removing one changes its folder).

    Why every one: a theme, plugin or Markdown extension upgrade changes the output."""
    folders = []
    for entry in sys.path:
        try:
            folders.append([entry, os.stat(entry or ".").st_mtime_ns])
        except OSError:
            folders.append([entry, None])
    try:
        known = json.loads(cache.read_text(encoding="utf-8")) if cache else None
    except (OSError, ValueError):
        known = None
    if isinstance(known, dict) and known.get("folders") == folders and isinstance(known.get("packages"), str):
        return known["packages"]
    packages = "\n".join(sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()))
    if cache is not None:
        fsutil.write_text_atomic(cache, json.dumps({"folders": folders, "packages": packages}))
    return packages


def docs_state(docs_dir: Path) -> dict[str, list[int]]:
    """Every docs file (hidden ones aside: MkDocs leaves them out) by path, with its size and mtime."""
    return {path: [stat.st_size, stat.st_mtime_ns] for path, stat in _files(docs_dir, skip_hidden=True)}


def _files(folder: Path, skip_hidden: bool = False) -> list[tuple[str, os.stat_result]]:
    """Every file under `folder` (its path below it, '/'-separated) with its stat, in no particular order.

    Why unsorted: the callers sum or map what they find; sorting the listing of each of a large site's
    13,000 folders was a third of a walk's time."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [("", os.fspath(folder))]
    while pending:
        rel, path = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # a linked folder is not followed (no cycles)
                pending.append((f"{rel}{entry.name}/", entry.path))
            else:
                found.append((f"{rel}{entry.name}", entry.stat()))
    return found


def site_summary(site_dir: Path) -> list[int]:
    """Files, bytes and the sum of the mtimes of a built site: a site changed or deleted by hand no longer matches.

    Why sums: a run counts the new site's from the old one's and the few files it replaced (`account`)."""
    return _sum(stat for _, stat in _files(site_dir))


def _sum(stats) -> list[int]:
    count = size = mtimes = 0
    for stat in stats:
        count, size, mtimes = count + 1, size + stat.st_size, mtimes + stat.st_mtime_ns
    return [count, size, mtimes]


def _signature(path: Path) -> list[int] | None:
    sig = fsutil.signature(path)
    return list(sig) if sig else None


# --------------------------------------------------------------------------- the plan
def plan(generated_yml: Path, site_dir: Path, state_dir: Path | None = None, *, force: bool = False,
         strict: bool = False, live: list[int] | None = None) -> Plan:
    """What the next MkDocs run of this config into `site_dir` must do, from the state its last run left.

    `live` is `site_summary(site_dir)` when the caller counted it already (while the build prepared)."""
    state_dir = state_dir or generated_yml.parent
    config = yaml.safe_load(generated_yml.read_text(encoding="utf-8"))
    result = Plan(site_dir, state_dir, config_fingerprint(generated_yml),
                  docs_state(generated_yml.parent / config["docs_dir"]), use_directory_urls=_directory_urls(generated_yml))
    stamp = read_stamp(state_dir)
    unknown = unknown_extensions(config)
    counted: list[list[int]] = []  # the site's summary, once the cheaper checks passed

    def summary() -> list[int]:
        counted.append(live if live is not None else site_summary(site_dir))
        return counted[-1]

    reason = ("--full" if force else "no previous run" if not stamp
              else f"a plugin or hook incremental runs do not know ({', '.join(unknown)})" if unknown
              else "the theme, configuration, navigation, hooks or packages changed" if stamp.get("config") != result.config
              else "the site's records are missing" if stamp.get("records") != _signature(result.records)
              else "the previous run had warnings (--strict)" if strict and stamp.get("warnings")
              else "the site was changed since the last run" if stamp.get("site") != summary()
              else "")
    if reason:
        result.reason = reason
        return result
    before: dict[str, list[int]] = stamp["docs"]
    result.full = False
    result.site, result.changed_before, result.spare = counted[-1], stamp.get("changed"), stamp.get("spare")
    result.dirty = sorted(path for path, stat in result.docs.items() if before.get(path) != stat)
    result.deleted = sorted(set(before) - set(result.docs))
    if result.dirty or result.deleted:
        # Why: a page listing every other page (the tags index) must see them all, whatever changed.
        result.dirty = sorted({*result.dirty, *(p for p in stamp.get("always", []) if p in result.docs)})
    return result


KNOWN_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags"})
"""Plugins whose work over every page the incremental hook completes (the search index, the tags index)."""


def unknown_extensions(config: dict) -> list[str]:
    """The project's plugins and hooks beyond those incremental runs complete: any could compute over every page."""
    plugins = [entry if isinstance(entry, str) else next(iter(entry)) for entry in config.get("plugins") or []]
    mine = {hooks.FOLDER.resolve()}
    extra = [hook for hook in config.get("hooks") or [] if Path(hook).resolve().parent not in mine]
    return [name for name in plugins if name not in KNOWN_PLUGINS] + [Path(hook).name for hook in extra]


def read_stamp(state_dir: Path) -> dict | None:
    """The state the last MkDocs run left, or None (none yet, unreadable, or of another format)."""
    try:
        stamp = json.loads((state_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == FORMAT else None


def _directory_urls(generated_yml: Path) -> bool:
    """The config's `use_directory_urls` (the generated config's, else the one it inherits; MkDocs' default True)."""
    from ..config import MkDocsLoader

    config = yaml.safe_load(generated_yml.read_text(encoding="utf-8")) or {}
    if "use_directory_urls" not in config and config.get("INHERIT"):
        inherited = generated_yml.parent / config["INHERIT"]
        config = yaml.load(inherited.read_text(encoding="utf-8"), Loader=MkDocsLoader) or {}
    return bool(config.get("use_directory_urls", True))


def outputs(plan_: Plan) -> set[str]:
    """Paths under the site that the run writes again: the dirty and deleted files' outputs, and the global ones."""
    return {*ALWAYS_OUTPUTS, *(output_of(src, plan_.use_directory_urls) for src in [*plan_.dirty, *plan_.deleted])}


MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def output_of(src: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs writes a docs file in the site (as mkdocs.structure.files.File names it, without importing MkDocs)."""
    parent, _, name = src.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in MARKDOWN:
        return src
    stem = "index" if stem in {"index", "README"} else stem
    path = f"{stem}.html" if not use_directory_urls or stem == "index" else f"{stem}/index.html"
    return f"{parent}/{path}" if parent else path


# --------------------------------------------------------------------------- the site before MkDocs runs
SPARE = ".site-spare"
"""In the state folder: the site before the last run (hard links to most of the live site's files), the next run's
staging folder. Why keep it: a site is mostly folders (one per page), and creating and deleting thousands of
folders costs most of a second per run on ext4; bringing the old tree up to date costs a link per changed file."""


CARRIED = ("search",)
"""Folders of which a run replaces some files and removes others (the search index): in `changed` as a whole."""


def stage(plan_: Plan, staging: Path, spare: bool = False) -> int:
    """Make `staging` hold hard links to the previous site's files that the run keeps, and nothing else; returns how many
    (with `spare`, how many were linked again).

    `staging` may be empty or hold an older tree: what differs from the site is replaced and what the site no
    longer has goes. With `spare` (`staging` is the spare tree the last run kept, see `take_spare`), only the paths
    where the site differs from it (`Plan.changed_before`) and those the run writes again are looked at; any other
    tree is compared with the site file by file. Why links: a copy of a large site costs seconds, a link
    microseconds. Why leave out what MkDocs writes: it writes files in place (truncating them), which through a
    link would change the live site."""
    skip = outputs(plan_)
    if spare and plan_.changed_before is not None and plan_.spare is not None and identity(staging) == plan_.spare:
        return _restage(os.fspath(plan_.site_dir), os.fspath(staging), {*plan_.changed_before, *skip}, skip)
    return _sync(os.fspath(plan_.site_dir), os.fspath(staging), "", skip, root=True)[0]


def identity(folder: Path) -> list[int] | None:
    """A folder's device and inode: the spare tree is the one the last run kept while it has the same."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def _restage(live: str, staged: str, paths: set[str], skip: set[str]) -> int:
    """Bring `staged` (the site before the live one) to the live site at `paths` ('x/' a whole folder), but `skip`.

    Why: a site is 13,000 folders at 10,000 articles; walking two of them cost most of a second per run, to
    find the few dozen paths the last run changed, which it noted."""
    linked = 0
    for rel in sorted(paths):
        if rel.endswith("/"):
            if os.path.isdir(os.path.join(live, rel)):
                linked += _sync(os.path.join(live, rel), os.path.join(staged, rel), rel, skip, root=True)[0]
            else:
                shutil.rmtree(os.path.join(staged, rel), ignore_errors=True)
            continue
        target, source = os.path.join(staged, rel), os.path.join(live, rel)
        if os.path.lexists(target):
            shutil.rmtree(target) if os.path.isdir(target) and not os.path.islink(target) else os.unlink(target)
        if rel not in skip and os.path.isdir(source):
            linked += _sync(source, target, f"{rel}/", skip)[0]
        elif rel not in skip and os.path.lexists(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
            linked += 1
        else:
            _prune(staged, os.path.dirname(rel))
    return linked


def _prune(root: str, rel: str) -> None:
    """Remove folder `rel` under `root` and then its parents while they are empty (a deleted page's folder)."""
    while rel:
        try:
            os.rmdir(os.path.join(root, rel))
        except OSError:  # not empty, or already gone
            if os.path.isdir(os.path.join(root, rel)):
                return
        rel = os.path.dirname(rel)


def _sync(live: str, staged: str, rel: str, skip: set[str], root: bool = False) -> tuple[int, bool]:
    """Bring folder `staged` to hard links of `live`'s files but those in `skip`: (files held, whether it holds any).

    A folder that would hold no file (a deleted page's) is not created, or goes."""
    try:
        with os.scandir(staged) as listing:
            had, exists = {entry.name: entry for entry in listing}, True
    except FileNotFoundError:
        had, exists = {}, False
    held = 0
    with os.scandir(live) as listing:
        for entry in listing:
            key, old = f"{rel}{entry.name}", had.pop(entry.name, None)
            if entry.is_dir(follow_symlinks=False):
                if old is not None and not old.is_dir(follow_symlinks=False):
                    _remove(old)
                held += _sync(entry.path, os.path.join(staged, entry.name), f"{key}/", skip)[0]
                continue
            if old is not None and (key in skip or old.is_dir(follow_symlinks=False) or old.inode() != entry.inode()):
                _remove(old)
                old = None
            if key in skip:
                continue
            if old is None:
                if not exists:
                    os.makedirs(staged, exist_ok=True)
                    exists = True
                os.link(entry.path, os.path.join(staged, entry.name))
            held += 1
    for entry in had.values():  # what the site no longer has
        _remove(entry)
    if exists and not held and not root:
        os.rmdir(staged)  # emptied: a deleted page's folder
    return held, bool(held)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def take_spare(plan_: Plan, staging: Path) -> bool:
    """Put the spare tree (the site before the last run) in place of the empty folder `staging`; False without one."""
    try:
        os.rename(plan_.state_dir / SPARE, staging)
    except OSError:
        return False
    return True


def keep_spare(plan_: Plan, old_site: Path) -> None:
    """Keep the site the run replaced as the next run's staging folder; a full run's is first made links of the new site.

    Why links after a full run: its files are all new, and the old ones would double the site's size on disk."""
    spare = plan_.state_dir / SPARE
    shutil.rmtree(spare, ignore_errors=True)
    try:
        if plan_.full:
            _sync(os.fspath(plan_.site_dir), os.fspath(old_site), "", set(), root=True)
        os.rename(old_site, spare)
    except OSError:
        log.debug("no spare tree kept for %s", plan_.site_dir, exc_info=True)
        shutil.rmtree(old_site, ignore_errors=True)


def clear(plan_: Plan) -> None:
    """Remove from the site itself what the run writes again (the preview, which is built in place)."""
    site_dir = plan_.site_dir
    if plan_.full:
        for entry in site_dir.iterdir() if site_dir.is_dir() else ():
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        return
    for key in outputs(plan_):
        (site_dir / key).unlink(missing_ok=True)


# --------------------------------------------------------------------------- after MkDocs ran
def changed(plan_: Plan) -> list[str]:
    """Paths where an incremental run's site may differ from the site before it ('x/': anywhere in a folder)."""
    return sorted({*outputs(plan_), *(f"{folder}/" for folder in CARRIED)})


def account(plan_: Plan, staging: Path) -> None:
    """Before the swap: the new site's summary, from the live one's and the files at the paths the run changed.

    Why: counting the whole new site again was a walk of 13,000 folders at 10,000 articles. A file the run wrote
    elsewhere (it should not) makes the next run's check fail, and that run a full one."""
    if plan_.full or plan_.site is None:
        return
    old, new = _changed_sum(plan_, plan_.site_dir), _changed_sum(plan_, staging)
    plan_.summary = [base - before + after for base, before, after in zip(plan_.site, old, new)]


def _changed_sum(plan_: Plan, root: Path) -> list[int]:
    stats = []
    for rel in changed(plan_):
        if rel.endswith("/"):
            stats.extend(stat for _, stat in _files(root / rel))
            continue
        if rel.split("/", 1)[0] in CARRIED:
            continue  # counted with its folder
        try:
            stat = os.lstat(root / rel)
        except FileNotFoundError:
            continue
        if not os.path.isdir(root / rel):
            stats.append(stat)
    return _sum(stats)


def commit(plan_: Plan, warnings: int = 0) -> None:
    """The run succeeded and its site is in place: keep its records and stamp them with the site."""
    os.replace(plan_.records_out, plan_.records)
    stamp = {"format": FORMAT, "config": plan_.config, "docs": plan_.docs,
             "site": plan_.summary if plan_.summary is not None else site_summary(plan_.site_dir),
             "records": _signature(plan_.records), "warnings": warnings,
             "always": read_header(plan_.records).get("always", []),
             # Why none after a full run: the spare it keeps is made links of the whole new site (`keep_spare`).
             "changed": [] if plan_.full else changed(plan_), "spare": identity(plan_.state_dir / SPARE)}
    fsutil.write_text_atomic(plan_.state_dir / STAMP, json.dumps(stamp, separators=(",", ":")) + "\n")


def discard(plan_: Plan) -> None:
    """The run failed: its records go; the stamp of the site still in place stays."""
    plan_.records_out.unlink(missing_ok=True)


def forget(state_dir: Path) -> None:
    """No previous run: the next one is full (the preview starts from an empty folder)."""
    for name in (STAMP, RECORDS):
        (state_dir / name).unlink(missing_ok=True)


# --------------------------------------------------------------------------- records (the hook's side)
def read_header(path: Path) -> dict:
    """The header of a records file: {"always": [...]}, read without the records after it."""
    try:
        with open(path, "rb") as handle:
            header = pickle.load(handle)
    except Exception:  # missing, partial, or of another format
        return {}
    return header if isinstance(header, dict) else {}


def read_records(path: Path) -> dict[str, dict]:
    """Every page's record of a records file, by its path under docs_dir."""
    with open(path, "rb") as handle:
        pickle.load(handle)
        records = pickle.load(handle)
    return {record["src"]: record for record in records}


def write_records(path: Path, records: list[dict], always: list[str]) -> None:
    """Write a records file: the header, then every page's record, in the site's page order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pickle.dump({"always": always}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(records, handle, protocol=pickle.HIGHEST_PROTOCOL)


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning that a dirty build may be inaccurate: briefing completes what it leaves out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


DIRTY_WARNING = DirtyWarningFilter()
