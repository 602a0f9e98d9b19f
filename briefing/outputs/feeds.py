"""Feeds of each site language: the whole briefing and each topic, as RSS 2.0, Atom and JSON Feed.

One item per story, newest update first: the story's title and dek as that language's pages show
them (the same `digest.StoryView`, so nothing is translated here), a link to the page its card links
to (its story page, or its article's page for a single report), the first and latest report's dates,
its topics as categories and its outlets as authors. An item's id is made from the story's id, never
from its title, so a story that gains a report keeps its id and gets a newer `updated` date.

Feeds need absolute links, hence `site_url` (mkdocs.yml, or BRIEFING_SITE_URL in the environment):
without it the build warns once and writes none. The files are written into each language's
generated docs folder, so MkDocs copies them into the site as static files:

    feed.xml  atom.xml  feed.json                  the whole briefing
    topics/<topic>/feed.xml  atom.xml  feed.json   one topic

The same folder gives `sitemap.xml`: the root one (`site/sitemap.xml`) is an index of the languages'.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from .. import __version__
from ..config import BriefingConfig
from ..fsutil import write_text_atomic
from ..render import digest, markup
from ..stages.stories import Briefing, Story

log = logging.getLogger(__name__)

ITEMS = 50
"""Stories per feed: the latest updated (a feed is a window on what is new, the site holds the rest)."""

FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""Each format's file name, in the language's site and in each topic's folder."""

MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}

ENV_SITE_URL = "BRIEFING_SITE_URL"
"""Overrides mkdocs.yml's site_url (the Pages workflow passes the address GitHub gives the site)."""

EPOCH = date(1970, 1, 1)
"""Atom needs a date on every entry: the `updated` of an undated story (RSS and JSON Feed give it none), and of
a feed none of whose stories is dated."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Address:
    """Where the sites are published: `site_url`, one folder per language below it."""

    root: str
    """The published address, ending in '/'."""
    directory_urls: bool = True
    """MkDocs' use_directory_urls: `stories/x.md` is at `stories/x/` (else `stories/x.html`)."""

    def base(self, language: str) -> str:
        """The address of one language's site."""
        return f"{self.root}{quote(language)}/"

    def page(self, language: str, src: str) -> str:
        """The absolute URL of a generated page, from its path under docs ('stories/x.md')."""
        stem = src.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            path = stem.removesuffix("index")
        else:
            path = f"{stem}/" if self.directory_urls else f"{stem}.html"
        return self.base(language) + quote(path)


def site_url(user: dict) -> str:
    """The published address: BRIEFING_SITE_URL, else mkdocs.yml's site_url (an `!ENV` tag resolved); '' when unset."""
    value = os.environ.get(ENV_SITE_URL) or user.get("site_url") or ""
    # Why: MkDocsLoader reads `!ENV NAME` as "NAME" and `!ENV [NAME, …, default]` as the list.
    if isinstance(value, list):
        value = next((os.environ[n] for n in value[:-1] if os.environ.get(n)), value[-1] if len(value) > 1 else "")
    elif isinstance(value, str) and "://" not in value:
        value = os.environ.get(value, "")
    return str(value or "").strip()


def address(user: dict) -> Address | None:
    """Where the sites are published, from mkdocs.yml's settings; None without a site_url."""
    url = site_url(user)
    if not url:
        return None
    return Address(url.rstrip("/") + "/", bool(user.get("use_directory_urls", True)))


def warn_without(found: Address | None) -> None:
    """Say once per build that no feed and no sitemap are written, and why."""
    if found is None:
        log.warning("site_url is not set in mkdocs.yml (nor %s): no feeds and no sitemap are written; "
                    "set it to the published address, e.g. https://<user>.github.io/<repo>/", ENV_SITE_URL)


# --- what a feed holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One story as a feed item, in one language."""

    id: str
    title: str
    summary: str
    link: str
    published: date | None
    updated: date | None
    categories: tuple[tuple[str, str], ...]
    """(topic name, its title in the language)."""
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """One feed's metadata and items."""

    title: str
    description: str
    home: str
    """The page the feed is about (the language's home page, or the topic's page)."""
    folder: str
    """Where its files go under docs ('' or 'topics/<name>/')."""
    language: str
    items: tuple[Item, ...]
    updated: date

    def url(self, address: Address, fmt: str) -> str:
        return address.base(self.language) + quote(self.folder + FILES[fmt])


def story_dates(story: Story) -> tuple[date, date] | None:
    """The first and the latest report's dates, or None when no report is dated."""
    dates = [a.published for a in story.articles if a.published]
    return (min(dates), max(dates)) if dates else None


def latest_first(stories: list[Story]) -> list[Story]:
    """Stories by their latest report, newest first (then by first report); undated ones last; ties by id."""
    ordered = sorted(stories, key=lambda s: s.id)
    ordered.sort(key=lambda s: tuple(reversed(story_dates(s) or (date.min, date.min))), reverse=True)
    return ordered


def item(sv: digest.StoryView, language: str, address: Address, titles: dict[str, str]) -> Item:
    """A story as a feed item: the text its card shows in `language`."""
    dates = sv.date_range
    dek = sv.dek.text if sv.dek else ""
    return Item(
        id=story_id(address, language, sv.story.id),
        title=_text(sv.title), summary=_text(dek), link=address.page(language, sv.link),
        published=dates[0] if dates else None, updated=dates[1] if dates else None,
        categories=tuple((name, titles[name]) for name in sv.topics if name in titles),
        outlets=tuple(_text(name) for name in sv.outlets))


def story_id(address: Address, language: str, story: str) -> str:
    """A story's item id in one language's feeds: a URN from the site, the language and the story id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{address.base(language)}#story={story}").urn


def _text(value: str) -> str:
    """Text as a feed carries it: no footnote markers, no character XML cannot hold."""
    return _NOT_XML.sub("", markup.strip_markers(value or "")).strip()


def feeds(briefing: Briefing, config: BriefingConfig, language: str, address: Address) -> list[Feed]:
    """The language's feeds: the whole briefing's, then each topic's."""
    taxonomy = config.taxonomy
    titles = {name: topic.title_in(language) for name, topic in taxonomy.items()}
    ordered = latest_first(list(briefing.stories))
    views: dict[str, Item] = {}

    def items_of(stories: list[Story]) -> tuple[Item, ...]:
        # Why memoised: a story is in the whole feed and in each of its topics' feeds.
        for story in stories:
            if story.id not in views:
                sv = digest.story_view(story, language, config.stories.key_points_max, taxonomy)
                views[story.id] = item(sv, language, address, titles)
        return tuple(views[story.id] for story in stories)

    newest = max((d[1] for s in ordered if (d := story_dates(s))), default=EPOCH)
    home = address.base(language)
    found = [Feed(config.title, config.title, home, "", language, items_of(ordered[:ITEMS]), newest)]
    for name, topic in taxonomy.items():
        # Why the story's topic names: they are the topics its pages list it under (digest.ranked_topics).
        members = [s for s in ordered if name in s.topic_names][:ITEMS]
        updated = max((d[1] for s in members if (d := story_dates(s))), default=newest)
        found.append(Feed(f"{config.title} · {titles[name]}", topic.description_in(language) or titles[name],
                          address.page(language, f"topics/{name}.md"), f"topics/{name}/", language,
                          items_of(members), updated))
    return found


# --- the three formats -------------------------------------------------------------------------


def _moment(day: date) -> datetime:
    """A report's date as a time feeds accept: midnight UTC (articles carry a day, not a time)."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _generator(feed: Feed, address: Address, fmt: str) -> FeedGenerator:
    """The feed and its entries in feedgen, for RSS or Atom (entries newest first)."""
    gen = FeedGenerator()
    gen.load_extension("dc", atom=False, rss=True)
    gen.id(feed.url(address, "atom"))
    gen.title(feed.title)
    gen.subtitle(feed.description)  # RSS: the channel's description
    gen.language(feed.language)
    gen.link(href=feed.url(address, fmt), rel="self")
    gen.link(href=feed.home, rel="alternate")  # last: RSS's <link> is the last one given
    gen.updated(_moment(feed.updated))
    gen.generator("briefing", version=__version__)
    for it in reversed(feed.items):  # feedgen puts each new entry first
        entry = gen.add_entry()
        entry.id(it.id)
        entry.guid(it.id, permalink=False)
        entry.title(it.title or it.link)
        entry.link(href=it.link, rel="alternate")
        if it.summary:
            entry.summary(it.summary)
        if it.published:
            entry.published(_moment(it.published))
        # Why a fixed date for an undated story: Atom requires one, and one that moves (the feed's, say) would show
        # the story as updated in readers whenever another story arrives.
        entry.updated(_moment(it.updated or EPOCH))
        for name, label in it.categories:
            entry.category(term=name, label=label, scheme=address.page(feed.language, f"topics/{name}.md"))
        if it.outlets:
            entry.author([{"name": outlet} for outlet in it.outlets])
            entry.dc.dc_creator(list(it.outlets))  # RSS names authors by e-mail only; Dublin Core by name
    return gen


def rss(feed: Feed, address: Address) -> str:
    """The feed as RSS 2.0, with an atom:link to itself."""
    return _generator(feed, address, "rss").rss_str(pretty=True).decode("utf-8")


def atom(feed: Feed, address: Address) -> str:
    """The feed as Atom (RFC 4287)."""
    return _generator(feed, address, "atom").atom_str(pretty=True).decode("utf-8")


def json_feed(feed: Feed, address: Address) -> str:
    """The feed as JSON Feed 1.1."""
    items = []
    for it in feed.items:
        entry = {"id": it.id, "url": it.link, "title": it.title}
        if it.summary:
            entry |= {"summary": it.summary, "content_text": it.summary}
        else:
            entry["content_text"] = it.title
        if it.published:
            entry |= {"date_published": _moment(it.published).isoformat(),
                      "date_modified": _moment(it.updated).isoformat()}
        if it.categories:
            entry["tags"] = [label for _, label in it.categories]
        if it.outlets:
            entry["authors"] = [{"name": outlet} for outlet in it.outlets]
        items.append(entry)
    data = {"version": "https://jsonfeed.org/version/1.1", "title": feed.title, "description": feed.description,
            "home_page_url": feed.home, "feed_url": feed.url(address, "json"), "language": feed.language,
            "items": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


WRITERS = {"rss": rss, "atom": atom, "json": json_feed}


def files(briefing: Briefing, config: BriefingConfig, language: str, address: Address | None) -> dict[str, str]:
    """The language's feed files by path under its docs folder (none without an address)."""
    if address is None:
        return {}
    return {feed.folder + FILES[fmt]: write(feed, address)
            for feed in feeds(briefing, config, language, address) for fmt, write in WRITERS.items()}


def head_links(config: BriefingConfig, language: str, address: Address) -> dict:
    """What each page's <head> links to (`extra.briefing_feeds` of the generated config): the language's
    feeds, and each topic page's own, by the topic page's path under docs."""
    def links(title: str, folder: str) -> list[dict[str, str]]:
        return [{"type": MEDIA_TYPES[fmt], "title": f"{title} ({LABELS[fmt]})",
                 "href": address.base(language) + quote(folder + FILES[fmt])} for fmt in FILES]

    return {"site": links(config.title, ""),
            "topics": {f"topics/{name}.md": links(f"{config.title} · {topic.title_in(language)}", f"topics/{name}/")
                       for name, topic in config.taxonomy.items()}}


# --- sitemaps ----------------------------------------------------------------------------------


SITEMAP = "sitemap.xml"
"""Each language's sitemap index (it names SITEMAP_PAGES), and the root index of every language's pages."""
SITEMAP_PAGES = "sitemap-pages.xml"
"""Each language's list of pages: a static template of the theme overrides, rendered by MkDocs."""


def write_sitemap_index(site_root: Path, address: Address | None, languages: list[str]) -> Path | None:
    """site/sitemap.xml: the index of every language's list of pages (removed without a site_url).

    It names the lists themselves, not the languages' sitemap.xml: an index may not list other indexes."""
    path = site_root / SITEMAP
    if address is None:
        path.unlink(missing_ok=True)
        return None
    entries = "".join(f"  <sitemap><loc>{escape(address.base(code) + SITEMAP_PAGES)}</loc></sitemap>\n"
                      for code in languages)
    write_text_atomic(path, '<?xml version="1.0" encoding="UTF-8"?>\n'
                      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                      f"{entries}</sitemapindex>\n")
    return path

