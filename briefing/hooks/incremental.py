"""MkDocs hook: incremental runs render only the pages whose output is missing, and complete the rest from records.

briefing/outputs/incremental.py plans a run and stages the previous site without the outputs to write
again; it passes the job in the environment (`BRIEFING_SITE_JOB`). Without a job (a `mkdocs build` by
hand) this hook does nothing. With one, it records every page (address, title, front matter, search
entries) for the next run, and in an incremental run (`mkdocs build --dirty`):

- a file is built only when its output is missing from the staged site;
- a page not rendered gets its title and front matter back from its record, so what MkDocs computes
  over every page (the sitemap, the tags index and export) sees it as a full run would, in the same order;
- the search index is completed with the records' entries and handed to the search hook in memory.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from briefing.outputs import incremental, preload, search_index

log = logging.getLogger("mkdocs.briefing")

_job: dict = {}
_previous: dict[str, dict] = {}
"""An incremental run: the previous run's record of each page, by its path under docs_dir."""
_pages: list = []
"""Every documentation page of this run, in MkDocs' order."""
_rendered: dict[str, dict] = {}
"""This run's record of each page it rendered."""
_always: set[str] = set()
"""Pages that list other pages (the tags index): rendered in every run."""


@event_priority(-10)  # after the preview's hook has planned the run (it sets the job)
def on_pre_build(config) -> None:
    """Read the job and, in an incremental run, the previous run's records."""
    for state in (_job, _previous, _rendered):
        state.clear()
    _pages.clear()
    _always.clear()
    text = os.environ.get(incremental.ENV_JOB)
    if not text:
        return
    _job.update(json.loads(text))
    logging.getLogger("mkdocs.commands.build").addFilter(incremental.DIRTY_WARNING)
    for plugin in config.plugins.values():
        # Why: under `mkdocs serve --dirty`, Material's search carries its last index over and merges by
        # guesswork; the records carry what this run does not render.
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None
    if _job["incremental"]:
        _previous.update(preload.take(Path(_job["records_in"]), incremental.read_records))


def _missing(file) -> bool:
    return not os.path.exists(file.abs_dest_path)


def on_files(files, config):
    """An incremental run builds a file only when its output is not in the staged site."""
    if _job.get("incremental"):
        for file in files:
            file.is_modified = functools.partial(_missing, file)
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Note the pages that hold a tags listing: they list every tagged page, so they are rendered every run."""
    if _job and any(f"<!-- {directive}" in markdown for directive in _listing_directives(config)):
        _always.add(page.file.src_uri)
    return markdown


def _tags_plugins(config) -> list:
    return [plugin for plugin in config.plugins.values()
            if type(plugin).__module__.startswith("material.plugins.tags") and plugin.config.enabled]


def _listing_directives(config) -> list[str]:
    return [plugin.config.listings_directive for plugin in _tags_plugins(config)]


@event_priority(110)  # before the tags plugin renders its listings (100) and before the search hook
def on_env(env, config, files):
    """Give the pages not rendered this run their title and front matter back, and note every page rendered.

    Every run also keeps the theme's compiled templates in the build cache: compiling Material's
    templates is a fixed half second or so of each run, a large part of one that renders a few pages."""
    if config.config_file_path:
        cache = Path(config.config_file_path).resolve().parent.parent / "cache" / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    if not _job:
        return env
    _pages[:] = [file.page for file in files.documentation_pages() if file.page is not None]
    for page in _pages:
        src = page.file.src_uri
        if page.content is not None:
            _rendered[src] = {"src": src, "url": page.url, "title": page.title, "meta": page.meta}
            continue
        record = _previous.get(src)
        if record is None:
            raise PluginError(f"briefing: no record of {src} from the previous run: run `briefing build --full`")
        page.meta, page.title = record["meta"], record["title"]
    if _job["incremental"]:
        _map_tags(config)
    return env


def _map_tags(config) -> None:
    """Every page's tags, in page order, as a full run's tags plugin collects them while rendering each page."""
    for plugin in _tags_plugins(config):
        plugin.mappings.data.clear()
        for page in _pages:
            if plugin.filter(page.file):
                plugin.mappings.add(page, page.markdown or "")


@event_priority(-40)  # after the search plugin writes Material's index (0), before the search hook reads it (-50)
def on_post_build(config) -> None:
    """Complete the search index with the pages not rendered, and write every page's record for the next run."""
    if not _job:
        return
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    material = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else None
    entries: dict[str, list[dict]] = {}
    for entry in (material or {}).get("docs", []):
        entries.setdefault(entry["location"].split("#")[0], []).append(entry)
    records = []
    for page in _pages:
        src = page.file.src_uri
        fresh = _rendered.get(src)
        records.append({**fresh, "entries": entries.get(page.url, [])} if fresh else _previous[src])
    if material is not None:
        if _job["incremental"]:
            material["docs"] = [entry for record in records for entry in record["entries"]]
        search_index.hand_over(Path(config.site_dir), material)
    incremental.write_records(Path(_job["records_out"]), records, sorted(_always))
