"""Editions: the briefing as it arrives, one edition a day (or a week) in the briefing's time zone.

An article belongs to the edition of the day it was published, as that day runs in the briefing's
zone (`extra.briefing.editions.timezone`): a time with an offset is converted to the zone (a report
published at 23:30 in Tokyo is in that day's edition of a briefing kept in Asia/Tokyo, and in the
day before's of one kept in Europe/Paris), a time without one is read in the zone, a date alone is
that day. An undated article goes by the day it was added (`provenance.added`). Weekly editions
are named after the Monday of their ISO week.

A story is in every edition in which one of its reports appeared: first reported in the earliest,
and an update in each later one (its new reports are named there, with a link to the story).

The pages (briefing/render/pages.py calls `pages`): the home page is the latest edition; every edition
has a page `editions/<key>.md` with previous/next links; `editions/index.md` lists them by month.
They are listings kept out of the navigation, so a build stays linear in the number of articles.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from jinja2 import Environment

from .. import moments
from ..config import BriefingConfig, EditionsConfig
from ..errors import BriefingError
from ..models import Article
from ..stages.stories import Briefing, Story
from . import digest, i18n

log = logging.getLogger(__name__)

ARCHIVE = "editions/index.md"
"""The page listing every edition, by month."""


@dataclass(frozen=True)
class Edition:
    """One edition: the stories first reported or updated in it, and each story's reports of that edition."""

    key: date
    """Its day (daily), or the Monday of its week (weekly)."""
    period: str
    stories: tuple[Story, ...]
    """In the briefing's order: newest story first (so stories that began earlier, the updates, come last)."""
    reports: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Story id → its reports that appeared in this edition."""
    updates: frozenset[str] = frozenset()
    """Ids of its stories that began in an earlier edition."""

    @property
    def slug(self) -> str:
        return self.key.isoformat()

    @property
    def path(self) -> str:
        """Its page under the docs root."""
        return f"editions/{self.slug}.md"

    @property
    def articles(self) -> list[Article]:
        return [a for s in self.stories for a in self.reports[s.id]]

    def label(self, language: str) -> str:
        """'Edition of 2025-09-01', or 'Week of 2025-09-01', in a site language."""
        t = i18n.strings(language)
        return t["week_of" if self.period == "weekly" else "edition_of"].format(date=self.slug)


def day_of(article: Article, zone: tzinfo, now: datetime | None = None) -> date:
    """The day an article belongs to in `zone`: its publication time converted there, else its date,
    else the day it was added (else today: an article never written to content/articles)."""
    if article.published_at is not None:
        moment = article.published_at
        return moment.astimezone(zone).date() if moment.tzinfo else moment.date()
    if article.published is not None:
        return article.published
    added = article.added or now or moments.now()
    return added.astimezone(zone).date()


def edition_key(day: date, period: str) -> date:
    """The edition a day is in: the day itself, or the Monday of its ISO week."""
    return day - timedelta(days=day.weekday()) if period == "weekly" else day


def assign(briefing: Briefing, config: EditionsConfig) -> list[Edition]:
    """The briefing's editions, newest first (one pass over the articles, one over the stories)."""
    zone, now = config.zone, moments.now()
    by_key: dict[date, dict[str, list[Article]]] = defaultdict(lambda: defaultdict(list))
    first: dict[str, date] = {}
    for story in briefing.stories:
        for article in story.articles:
            key = edition_key(day_of(article, zone, now), config.period)
            by_key[key][story.id].append(article)
            first[story.id] = min(first.get(story.id, key), key)
    order = {story.id: i for i, story in enumerate(briefing.stories)}
    stories = {story.id: story for story in briefing.stories}
    editions = []
    for key in sorted(by_key, reverse=True):
        members = sorted(by_key[key], key=order.__getitem__)
        editions.append(Edition(
            key, config.period, tuple(stories[s] for s in members),
            {s: tuple(by_key[key][s]) for s in members},
            frozenset(s for s in members if first[s] < key)))
    return editions


def find(editions: list[Edition], wanted: str | None) -> Edition | None:
    """The edition named by a date ('2025-09-01'; for weekly editions, any day of the week), else the latest."""
    if not editions:
        return None
    if not wanted:
        return editions[0]
    day = date.fromisoformat(wanted)
    key = edition_key(day, editions[0].period)
    return next((e for e in editions if e.key == key), None)


class EditionNotFound(BriefingError):
    """No edition has the date asked for (`briefing pdf --edition`, `briefing newsletter --edition`)."""

    def __init__(self, wanted: str, editions: list[Edition]):
        shown = ", ".join(e.slug for e in editions[:5]) + (", …" if len(editions) > 5 else "")
        super().__init__(f"no edition of {wanted} (editions: {shown or 'none yet'})")


def chosen(briefing: Briefing, config: EditionsConfig, wanted: str | None) -> Edition | None:
    """The edition asked for ('2025-09-01'), or the latest when none is named; None for an empty briefing."""
    editions = assign(briefing, config)
    try:
        edition = find(editions, wanted)
    except ValueError:
        raise EditionNotFound(wanted or "", editions) from None
    if edition is None and wanted:
        raise EditionNotFound(wanted, editions)
    return edition


def only(briefing: Briefing, edition: Edition) -> Briefing:
    """The briefing reduced to one edition's stories (whole: an update keeps its earlier reports)."""
    kept = {s.id for s in edition.stories}
    stories = tuple(s for s in briefing.stories if s.id in kept)
    slugs = {a.slug for s in stories for a in s.articles}
    return Briefing(tuple(a for a in briefing.articles if a.slug in slugs), stories, briefing.analyses)


# ----------------------------------------------------------------------------- pages


def pages(briefing: Briefing, story_views: dict[str, digest.StoryView], env: Environment, listing: dict,
          config: BriefingConfig, cache=None, story_keys: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(path, Markdown) of the home page (the latest edition), every edition's page and the archive.

    With a render cache (briefing/render/pages.py PageCache) and each story's cache key, an edition's page
    already on disk as it would be rendered now is left out (named in `cache.kept`): adding an article
    renders its edition's page and its neighbours', not every edition's."""
    editions = assign(briefing, config.editions)
    language = listing["lang"]
    template = env.get_template("home.md.j2")
    latest = editions[0] if editions else Edition(moments.now().date(), config.editions.period, ())
    out = [("index.md", template.render(**listing, **edition_context(
        latest, None, editions[1] if len(editions) > 1 else None, story_views, config, language, home=True)))]
    for i, edition in enumerate(editions):
        newer = editions[i - 1] if i else None
        older = editions[i + 1] if i + 1 < len(editions) else None
        key = page_key(edition, newer, older, story_views, listing["by_topic"], story_keys or {},
                       config) if cache else ""
        if cache and cache.keep(key):
            continue
        out.append((edition.path, template.render(**listing, **edition_context(
            edition, newer, older, story_views, config, language, home=False))))
        if cache:
            cache.rendered(key, [edition.path])
    out.append((ARCHIVE, env.get_template("editions.md.j2").render(
        **listing, months=by_month(editions), labels={e.slug: e.label(language) if e.period == "weekly" else e.slug for e in editions})))
    return out


def page_key(edition: Edition, newer: Edition | None, older: Edition | None,
             story_views: dict[str, digest.StoryView], by_topic: dict[str, list], story_keys: dict[str, str],
             config: BriefingConfig) -> str:
    """Everything an edition's own page reads (the render cache's fingerprint covers config, templates, code):
    its stories (their cache keys) and reports, its neighbours, and of the whole briefing only whether each
    topic has stories at all and more than the edition shows (the page names no count)."""
    shown = [story_views[s.id] for s in edition.stories if s.id in story_views]
    placed = digest.placed_by_topic(shown, config.taxonomy)
    top = max(1, len(shown))
    beyond = [[name, bool(by_topic[name]), len(by_topic[name]) > len(placed[name][:top])] for name in config.taxonomy]
    parts = ["edition", edition.path, edition.period, [story_keys.get(s.id, s.id) for s in edition.stories],
             {sid: [a.slug for a in reports] for sid, reports in edition.reports.items()}, sorted(edition.updates),
             newer.slug if newer else None, older.slug if older else None, beyond]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def by_month(editions: list[Edition]) -> dict[str, list[Edition]]:
    """Editions by month ('2025-09'), newest first, as they are listed."""
    months: dict[str, list[Edition]] = {}
    for edition in editions:
        months.setdefault(edition.key.strftime("%Y-%m"), []).append(edition)
    return months


def edition_context(edition: Edition, newer: Edition | None, older: Edition | None,
                     story_views: dict[str, digest.StoryView], config: BriefingConfig, language: str,
                     *, home: bool) -> dict:
    """What home.md.j2 needs to show one edition, as the home page or as its own page."""
    taxonomy = config.taxonomy
    shown = [story_views[s.id] for s in edition.stories if s.id in story_views]
    new_reports = {}
    for sv in shown:
        if sv.story.id in edition.updates:
            slugs = {a.slug for a in edition.reports[sv.story.id]}
            new_reports[sv.story.id] = [v for v in sv.views if v.slug in slugs]
    return {
        "edition": edition, "home": home, "prefix": "" if home else "../",
        "heading": config.title if home else edition.label(language),
        "newer": newer, "older": older,
        "stories": shown, "articles": edition.articles,
        "edition_by_topic": {name: [sv for sv in shown if name in sv.topics] for name in taxonomy},
        "placed": digest.placed_by_topic(shown, taxonomy),
        "unsorted": [sv for sv in shown if not sv.topics],
        "in_brief": in_brief(shown, edition, language, config),
        "updates": edition.updates, "new_reports": new_reports,
        "top": config.site.top_per_topic if home else max(1, len(shown)),
    }


def in_brief(shown: list[digest.StoryView], edition: Edition, language: str,
             config: BriefingConfig) -> list[tuple[digest.StoryView, digest.Cited]]:
    """One sentence per story of the edition; an update is told by its new reports, not by what was said before."""
    settings = config.stories
    told = [sv if sv.story.id not in edition.updates else
            digest.story_view(Story(sv.story.id, edition.reports[sv.story.id]), language, settings.key_points_max)
            for sv in shown]
    whole = {sv.story.id: sv for sv in shown}
    return [(whole[part.story.id], cited) for part, cited in digest.in_brief(told, settings.digest_sentences)]
