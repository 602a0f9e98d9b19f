"""MkDocs hook: each language's search index, built at build time (briefing/outputs/search_index.py builds it).

The hook only gathers what the index needs from MkDocs once every page is read (each page's
location and title, the story an article belongs to) and, once the search plugin has written
Material's index, has it replaced by the sharded one.
"""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path

from mkdocs.plugins import event_priority

from briefing.outputs.search_index import ORDER_FILE, read_order, terms_file, write_index

log = logging.getLogger(__name__)

CACHE_FROM_CONFIG = ("..", "cache")
"""Where the build cache is, from a generated config (build/<lang>/mkdocs.yml → build/cache)."""


def on_config(config):
    """MkDocs hook: jieba writes its dictionary cache under the project's build/cache, not the system temp folder."""
    try:
        import jieba
    except ImportError:
        return config
    if config.config_file_path:
        cache = Path(config.config_file_path).resolve().parent.joinpath(*CACHE_FROM_CONFIG).resolve()
        cache.mkdir(parents=True, exist_ok=True)
        # Why deferred when it can be: under briefing's MkDocs runner jieba is imported only when text is cut.
        if hasattr(type(jieba), "when_loaded"):
            jieba.when_loaded(lambda real: setattr(real.dt, "tmp_dir", str(cache)))
        else:
            jieba.dt.tmp_dir = str(cache)
    return config


_pages: dict[str, tuple[str, str]] = {}
"""During a build: every page's source path -> (location, title)."""
_story_of: dict[str, str] = {}
"""During a build: an article's location -> its story page's source path (front matter `search_story`)."""


def on_pre_build(config) -> None:
    """MkDocs hook: forget the previous build's pages."""
    _pages.clear()
    _story_of.clear()


def on_env(env, config, files):
    """MkDocs hook: note each page's location and title, and the story an article belongs to.

    Why here and not as each page is rendered: every page is known by now, those an incremental run
    does not render too (the incremental hook gave them their front matter back before this)."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        _pages[file.src_uri] = (page.url, html.unescape(str(page.meta.get("title") or page.title or "")))
        story = page.meta.get("search_story")
        if story:
            _story_of[page.url] = str(story)
    return env


@event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
def on_post_build(config) -> None:
    """MkDocs hook: build the site's search index (term files and documents) from Material's."""
    stories = {url: _pages[src] for url, src in _story_of.items() if src in _pages}
    started = time.perf_counter()
    generated = Path(config.config_file_path).resolve() if config.config_file_path else None
    # Why per language (the generated config's folder is build/<lang>): languages build side by side.
    cache = terms_file(generated.parent.joinpath(*CACHE_FROM_CONFIG).resolve(), generated.parent.name) \
        if generated else None
    order = {_pages[src][0]: added for src, added in read_order(generated.parent / ORDER_FILE).items()
             if src in _pages} if generated else {}
    stats = write_index(Path(config["site_dir"]), stories, str(config["theme"]["language"] or ""), cache, order)
    if stats:
        log.debug("search index: %(docs)d documents (%(cached)d cut before), %(terms)d terms in %(files)d files, "
                  "%(written)d files written", stats)
        log.debug("search index built in %.2f s", time.perf_counter() - started)

