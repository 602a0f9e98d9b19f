"""Articles → Markdown pages for MkDocs (Jinja2 templates in templates/); outputs/mkdocs_config.py writes the config.

Every value a template prints is escaped for Markdown and HTML unless it is
marked safe, so article text renders as text. The generated tree under
`site.build_dir` is owned by briefing: stale pages are removed and unchanged
pages are not rewritten.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..config import BriefingConfig
from ..extract import entities, figures
from . import digest, editions, i18n, markup
from ..stages.stories import Briefing, Story
from ..models import Article, TranslationStatus
from .views import ArticleView, outlet_name
from ..fsutil import write_text_atomic
from ..memory import fewer_gc_passes

log = logging.getLogger(__name__)

PROVIDER_NAMES = {
    "google": "Google Translate", "deepl": "DeepL", "microsoft": "Microsoft Translator",
    "mymemory": "MyMemory", "libre": "LibreTranslate",
}

# Characters Python-Markdown treats as syntax anywhere in a line, and those that only matter at line start.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()!])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)([#+\-=:>|~])")
_MD_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])")
_MD_RISKY_START = re.compile(r"\s*(?:[#+\-=:>|~]|\d+[.)])")


STORY_NAMES = 12
"""Most names listed on a story page (those its articles mention most, the best article's first)."""


@dataclass(frozen=True)
class Page:
    """One generated page: its path under docs_dir and its Markdown text."""

    path: str
    text: str


BYTECODE = "jinja-pages"
"""Folder of the page templates' compiled code, in the cache folder."""


def md_escape(value: object) -> str:
    """Escape text so Markdown and HTML print it literally."""
    text = html.escape(str(value), quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    # Why the shortcut: most values are one line that starts harmlessly; the two line-start passes
    # below were a third of the render time at archive scale.
    if "\n" not in text and not _MD_RISKY_START.match(text):
        return text
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    # Why entities: Python-Markdown has no backslash escape for ':', '=', '|' or '~'.
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def _finalize(value: object) -> object:
    """Jinja finalize hook: every printed value is escaped unless it is Markup; footnote markers go."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md_escape(markup.strip_markers(str(value)))


def safe_url(value: object) -> Markup:
    """An http(s) URL made safe for a Markdown link target; anything else becomes empty."""
    url = str(value or "").strip()
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return Markup("")
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~-._"))


def yaml_value(value: object) -> Markup:
    """A value as one-line YAML (JSON is valid YAML), for page front matter.

    Strings are HTML-escaped first: the theme prints front-matter values such as the
    title and description into the page without escaping them."""
    def escape_strings(item: object) -> object:
        if isinstance(item, str):
            return html.escape(markup.strip_markers(item), quote=True)
        if isinstance(item, list):
            return [escape_strings(x) for x in item]
        return item

    return Markup(json.dumps(escape_strings(value), ensure_ascii=False, default=str))


def attribute(value: object) -> Markup:
    """Text escaped for a double-quoted HTML attribute value (quotes included), e.g. `lang="…"`."""
    return Markup(html.escape(str(value if value is not None else ""), quote=True))


def table_cell(value: object) -> str:
    """Text escaped for one cell of a Markdown table (no pipes, no line breaks)."""
    return Markup(" ".join(md_escape(markup.strip_markers(str(value))).split()).replace("|", "&#124;"))


def outlet(item: ArticleView) -> str:
    """How an article is named in lists of sources: its outlet, else its site's domain, else its title."""
    return outlet_name(item.article) or shorten(item.title, 60)


def shorten(value: str, limit: int) -> str:
    """Text cut to at most `limit` characters at a word boundary, with '…' when cut."""
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    # Why at a space: a title cut mid-word ("surge to t…") reads as a typo.
    mid_word = not value[limit - 1].isspace()
    head = cut.rsplit(" ", 1)[0] if mid_word and " " in cut.strip() else cut
    return head.rstrip(" ,;:–—-") + "…"


def date_range(value: tuple[date, date] | None) -> str:
    """A story's dates: '2025-09-01', or '2025-09-01 – 2025-09-03' over several days; '' when undated."""
    if not value:
        return ""
    first, last = value
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def story_facts(sv: digest.StoryView, language: str) -> list[str]:
    """What a story card says besides its title: its dates, its outlets, its languages, how many reports."""
    t = i18n.strings(language)
    facts = [date_range(sv.date_range), ", ".join(sv.outlets),
             ", ".join(i18n.language_name(code, language) for code in sv.languages)]
    if sv.multi:
        facts.append(t["n_reports"].format(n=len(sv.views)).replace(" ", "\u00a0"))  # "3 reports" on one line
    return [fact for fact in facts if fact]


ENVIRONMENT = dict(autoescape=False, finalize=_finalize, undefined=StrictUndefined, keep_trailing_newline=True,
                   trim_blocks=True, lstrip_blocks=True)
"""How the page templates are read and compiled (the bytecode cache is keyed by it)."""


def environment(templates: Path, language: str = "en", aliases: entities.Aliases | None = None,
                bytecode: Path | None = None) -> Environment:
    """The Jinja2 environment for one site language: escape by default, fail on undefined names.

    `aliases` gives names their display name in the language (the built-in alias list when None);
    `bytecode`, a folder where compiled templates are kept between builds."""
    names = aliases or entities.Aliases.shared()
    env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=bytecode_cache(bytecode),
                      **ENVIRONMENT)
    env.filters.update(url=safe_url, yaml=yaml_value, isodate=isodate, attr=attribute,
                       language_name=lambda code: i18n.language_name(code, language),
                       native_name=lambda code: i18n.NATIVE.get(code, code),
                       provider_name=lambda name: PROVIDER_NAMES.get(name or "", name or "?"),
                       figure=lambda f: figures.display(f, language), cell=table_cell, outlet=outlet,
                       daterange=date_range, outlet_name=outlet_name,
                       story_facts=lambda sv: story_facts(sv, language),
                       path=lambda value: Markup(quote(str(value), safe="")),
                       concept=lambda name: i18n.strings(language).get(f"concept_{name}", name),
                       display_name=lambda name: names.display(str(name), language),
                       shown=lambda text_, item: shown_text(text_, item, language),
                       language_mark=lambda item: language_mark(item, language),
                       body=body_markdown, cites_sources=cites_sources, updated=updated)
    return env


def bytecode_cache(folder: Path | None) -> jinja2.FileSystemBytecodeCache | None:
    """Compiled page templates kept in `folder` (None: none kept).

    Why: compiling the page templates took ~0.4 s of each language's render, every build. Jinja
    checks each template's source and its own version; the file names add how templates are compiled."""
    if folder is None:
        return None
    settings = repr(sorted((k, getattr(v, "__name__", v)) for k, v in ENVIRONMENT.items()))
    tag = hashlib.sha256(f"{settings}\x00{jinja2.__version__}".encode("utf-8")).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), f"pages-{tag}-%s.cache")


def shown_text(value: object, item: ArticleView, language: str) -> Markup:
    """Text of an article as a page shows it: marked with its language when it is not the page's (pending)."""
    text = md_escape(markup.strip_markers(str(value or "")))
    if item.status is not TranslationStatus.PENDING:
        return Markup(text)
    return Markup(f'<span lang="{attribute(item.article.language)}">{text}</span> {language_mark(item, language)}')


def language_mark(item: ArticleView, language: str) -> Markup:
    """'(German)' after text of an article still shown in its original language (a pending translation), else ''."""
    if item.status is not TranslationStatus.PENDING:
        return Markup("")
    name = md_escape(i18n.language_name(item.article.language, language))
    return Markup(f'<span class="briefing-lang">({name})</span>')


def body_markdown(item: ArticleView, lean: bool = True) -> Markup:
    """An article's body as Markdown: section labels as headings, footnote markers linked to its sources
    (`#source-N` in the list of sources) when it carries every source they cite, else removed.

    With lean search the body is out of the index, and so are its headings (each would start an entry)."""
    paragraphs = item.paragraphs
    linked = cites_sources(item)
    out = []
    for kind, paragraph in markup.blocks(paragraphs):
        if kind == "heading":
            heading = "### " + md_escape(markup.strip_markers(paragraph))
            out.append(heading + ' { data-search-exclude="true" }' if lean else heading)
            continue
        parts = []
        for piece, numbers in markup.split_markers(paragraph):
            parts.append(md_escape(piece))
            if linked:
                parts += [f'<sup>[{n}](#source-{n})</sup>' for n in numbers]
        out.append("".join(parts))
    return Markup("\n\n".join(out))


def cites_sources(item: ArticleView) -> bool:
    """Whether the body's footnote markers all point into the article's list of sources (then they are linked)."""
    return markup.linkable(item.paragraphs, len(source_links(item.article)))


def source_links(article: Article) -> list[str]:
    """The article's sources as safe links, numbered as the source numbers them (none if any is unsafe)."""
    links = [str(safe_url(ref)) for ref in article.references]
    return links if all(links) else []


def isodate(value: date | None) -> str:
    return value.isoformat() if value else ""


def updated(story_views: list[digest.StoryView]) -> str:
    """The newest report date of some stories, as an ISO date ('' when none is dated): a page's last change."""
    return isodate(max((sv.date_range[1] for sv in story_views if sv.date_range), default=None))


def build_pages(briefing: Briefing, config: BriefingConfig, templates: Path, language: str,
                cache: PageCache | None = None, search_order: dict[str, str] | None = None) -> list[Page]:
    """Every page of one language's site: home, topics, stories, names, articles, tags.

    With a cache, the pages of a story already on disk as they would be rendered now are not
    rendered again: they are left out of the list and named in `cache.kept`. `search_order` gets
    each story page and article page with when its story was added (search numbers its documents so).
    """
    aliases = entities.Aliases.shared(config.entity_aliases)
    env = environment(templates, language, aliases, cache.path.parent / BYTECODE if cache else None)
    taxonomy = config.taxonomy
    settings = config.stories
    story_views = {s.id: digest.story_view(s, language, settings.key_points_max, taxonomy)
                   for s in briefing.stories}
    ordered = list(story_views.values())  # briefing.stories is newest first
    by_topic = {name: [sv for sv in ordered if name in sv.topics] for name in taxonomy}
    # Why two contexts: a story's own pages see only their story, so they can be cached story by story.
    context = {"briefing": config, "taxonomy": taxonomy, "lang": language, "t": i18n.strings(language)}
    listing = {**context, "by_topic": by_topic}
    story_keys = {s.id: cache.key(s) for s in briefing.stories} if cache else {}
    # Why editions render the home page: it is the latest edition (briefing/render/editions.py).
    pages = [Page(path, text) for path, text in editions.pages(briefing, story_views, env, listing, config,
                                                               cache, story_keys)]
    pages += [
        Page("tags.md", env.get_template("tags.md.j2").render(**listing)),
        Page("names.md", env.get_template("names.md.j2").render(
            **listing, index=digest.name_index(briefing, story_views, _known_names(aliases),
                                               lambda name: aliases.display(name, language)))),
    ]
    topic_template = env.get_template("topic.md.j2")
    archive_template = env.get_template("archive.md.j2")
    def cached(path: str, parts: list, render) -> None:
        """Render a listing page, unless the cache has it on disk as rendered from the same `parts`."""
        key = listing_key(path, parts, story_keys) if cache else ""
        if cache and cache.keep(key):
            return
        pages.append(Page(path, render()))
        if cache:
            cache.rendered(key, [path])

    for name, topic in taxonomy.items():
        # Why: at archive scale a topic page lists only its latest stories; older ones go by month.
        latest, older = by_topic[name][:config.site.stories_per_topic_page], by_topic[name][config.site.stories_per_topic_page:]
        # Why ranked: every story tagged with two topics would otherwise lead both pages alike.
        latest = digest.ranked_for_topic(latest, name)
        months = archive_months(older)
        # Why cached: a new story changes its topics' pages and the month a story leaves them for, not the others.
        cached(f"topics/{name}.md", [latest, [[month, len(members)] for month, members in months.items()]],
               lambda: topic_template.render(
                   **listing, name=name, topic=topic, stories=latest, months=months,
                   digest=digest.topic_digest(latest, settings.digest_sentences),
                   timeline=digest.timeline(latest),
                   figures=[(sv, digest.story_figures(sv, briefing.analyses, settings.figures_per_story))
                            for sv in latest]))
        for month, members in months.items():
            cached(f"archive/{name}-{month}.md", [members], lambda: archive_template.render(
                **listing, name=name, topic=topic, month=month, stories=members))
    pages += static_pages(templates)
    for sv in ordered:
        if search_order is not None and sv.first_added:
            search_order.update({path: sv.first_added for path in _story_paths(sv)})
        key = story_keys.get(sv.story.id, "")
        if cache and cache.keep(key):
            continue
        story_pages = _story_pages(sv, env, context, briefing, config)
        if cache:
            cache.rendered(key, [page.path for page in story_pages])
        pages += story_pages
    return pages


def listing_key(path: str, parts: list, story_keys: dict[str, str]) -> str:
    """The render cache's key of a listing page that reads only some stories (the cache's fingerprint covers
    the configuration, templates and code): its path and `parts`, each story view standing for its story's key."""
    def plain(value):
        if isinstance(value, digest.StoryView):
            return story_keys[value.story.id]
        if isinstance(value, (list, tuple)):
            return [plain(item) for item in value]
        return value

    return hashlib.sha256(json.dumps(["listing", path, plain(parts)]).encode("utf-8")).hexdigest()


def _story_paths(sv: digest.StoryView) -> list[str]:
    """The paths of a story's own pages (`_story_pages`)."""
    return ([sv.link] if sv.multi else []) + [f"articles/{item.slug}.md" for item in sv.views]


def _story_pages(sv: digest.StoryView, env: Environment, context: dict, briefing: Briefing,
                 config: BriefingConfig) -> list[Page]:
    """A story's own pages: its story page (when several outlets reported it) and its articles'."""
    pages = []
    settings = config.stories
    if sv.multi:
        names = list(dict.fromkeys(name for item in sv.views for name in _names(briefing.analyses[item.slug])))
        pages.append(Page(sv.link, env.get_template("story.md.j2").render(
            **context, sv=sv, names=names[:STORY_NAMES], outlets=sv.outlets,
            figures=digest.story_figures(sv, briefing.analyses, settings.figures_per_story))))
    article_template = env.get_template("article.md.j2")
    taxonomy = context["taxonomy"]
    for item in sv.views:
        tags = [taxonomy[n].title_in(context["lang"]) for n in item.article.topic_names if n in taxonomy]
        pages.append(Page(f"articles/{item.slug}.md", article_template.render(
            **context, view=item, article=item.article, tags=tags, sv=sv,
            names=_names(briefing.analyses[item.slug]))))
    return pages


class PageCache:
    """One language's render cache: which stories' pages are on disk as they would be rendered now.

    A story's pages (its story page and its articles' pages) read only that story's articles, their
    analyses (a function of the articles and the alias list), the configuration, the templates and
    briefing's own code. A story's key hashes the articles; the cache's fingerprint hashes the rest.
    A story whose key is unchanged, and whose pages are on disk with the size and mtime they were
    written with, is not rendered again; adding one article renders only its story's pages and the
    listings. An edition's own page is cached the same way (briefing/render/editions.py `page_key`). The cache is a JSON file under the build folder, rebuilt when lost.
    """

    def __init__(self, path: Path, docs_dir: Path, fingerprint: str):
        self.path, self.docs_dir, self.fingerprint = path, docs_dir, fingerprint
        self.kept: list[str] = []
        """Paths (under docs_dir) of the pages left on disk as they are."""
        self._pending: dict[str, list[str]] = {}
        self._fresh: dict[str, list[list]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        fresh = isinstance(data, dict) and data.get("fingerprint") == fingerprint
        self._stories: dict[str, list[list]] = data.get("stories", {}) if fresh else {}

    def key(self, story: Story) -> str:
        # Why the records' digests (`Article.digest`: of their repr): they cover every field a template could
        # read, and an unchanged record brings its digest from the parse cache. Why kept on the story: every
        # language asks.
        known = story.__dict__.get("_render_key")
        if known is None:
            parts = [story.id, *(article.digest() for article in story.articles)]
            known = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
            object.__setattr__(story, "_render_key", known)
        return known

    def keep(self, key: str) -> bool:
        """True if the story's pages are on disk as written for this key (they are then kept as they are)."""
        pages = self._stories.get(key)
        if not pages:
            return False
        for path, size, mtime in pages:
            try:
                stat = (self.docs_dir / path).stat()
            except OSError:
                return False
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
        self._fresh[key] = pages
        self.kept += [path for path, *_ in pages]
        return True

    def rendered(self, key: str, paths: list[str]) -> None:
        """The story's pages were rendered now; recorded once they are written (`save`)."""
        self._pending[key] = paths

    def save(self) -> None:
        """Record the pages written this run (stat them now) and write the cache: only this run's stories."""
        for key, paths in self._pending.items():
            self._fresh[key] = [[path, stat.st_size, stat.st_mtime_ns]
                                for path in paths for stat in [(self.docs_dir / path).stat()]]
        data = {"fingerprint": self.fingerprint, "stories": self._fresh}
        write_text_atomic(self.path, json.dumps(data, separators=(",", ":")))


def fingerprint(config: BriefingConfig, language: str) -> str:
    """Hash of what every page of a language reads besides its stories: config, templates, briefing's code."""
    digest_ = hashlib.sha256("\x00".join((language, config.model_dump_json(), jinja2.__version__)).encode("utf-8"))
    for root in (Path(__file__).parent.parent, config.site.templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest_.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00" + path.read_bytes())
    return digest_.hexdigest()


def write_language(briefing: Briefing, config: BriefingConfig, language: str, cache_dir: Path,
                   extra: dict[str, str] | None = None, search_order: dict[str, str] | None = None) -> int:
    """Render one language's pages into its docs folder, through its render cache, with `extra` files (the
    feeds: path under docs → text) beside them. Returns pages written; `search_order` gets each story and
    article page with when its story was added (`build_pages`)."""
    docs_dir = config.site.build_dir / language / "docs"
    cache = PageCache(cache_dir / f"pages-{language}.json", docs_dir, fingerprint(config, language))
    with fewer_gc_passes():
        pages = build_pages(briefing, config, config.site.templates, language, cache, search_order)
        pages = [Page(page.path, markup.typeset(page.text, language)) if page.path.endswith(".md") else page
                 for page in pages]
        pages += [Page(path, text) for path, text in (extra or {}).items()]
    written = write_pages(pages, docs_dir, keep=cache.kept)
    cache.save()
    return written


def archive_months(story_views: list[digest.StoryView]) -> dict[str, list[digest.StoryView]]:
    """Stories by month ('2025-09'), newest month first, undated ones last under 'undated'."""
    months: dict[str, list[digest.StoryView]] = {}
    for sv in story_views:
        months.setdefault(sv.published.strftime("%Y-%m") if sv.published else "undated", []).append(sv)
    order = sorted((m for m in months if m != "undated"), reverse=True) + (["undated"] if "undated" in months else [])
    return {month: months[month] for month in order}


def _names(analysis, limit: int = 8) -> list[str]:
    """The names an article mentions most (companies, people, products first), for its names line."""
    # Why no "other": unclassified capitalised runs are often headings, not names.
    named = [name for name, kind in analysis.entities.items() if kind != "other"]
    ranked = sorted(named, key=lambda name: (analysis.entities[name] == "place", -analysis.mentions.get(name, 0), name))
    return ranked[:limit]


def _known_names(aliases: entities.Aliases) -> set[str]:
    """Canonical names of the alias list: always listed in the names index when mentioned."""
    return {entity.name for entity in aliases.entities.values()}


def static_pages(templates: Path) -> list[Page]:
    """Text assets shipped with the templates (CSS), copied under docs_dir/assets."""
    assets = templates / "assets"
    if not assets.is_dir():
        return []
    return [
        Page(f"assets/{path.relative_to(assets).as_posix()}", path.read_text(encoding="utf-8"))
        for path in sorted(assets.rglob("*"))
        if path.is_file() and path.suffix != ".md"  # notes about vendored files are not pages
    ]


def write_pages(pages: list[Page], docs_dir: Path, keep: list[str] = ()) -> int:
    """Write pages under docs_dir, skipping identical ones and deleting the others but `keep`. Returns pages written."""
    wanted = {page.path for page in pages} | set(keep)
    written = sum(write_text_atomic(docs_dir / page.path, page.text) for page in pages)
    # Why os.walk and paths as text: at archive scale, Path.rglob and Path objects were most of this loop's time.
    for folder, _, names in os.walk(docs_dir):
        below = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        for name in names:
            if (name if below == "." else f"{below}/{name}") not in wanted:
                os.unlink(os.path.join(folder, name))
    return written
