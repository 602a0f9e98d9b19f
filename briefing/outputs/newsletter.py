"""`briefing newsletter`: one edition as an e-mail, per site language. It writes files; it sends nothing.

For each language three files: an HTML e-mail (templates/newsletter.html.j2, Jinja2 autoescaped;
a 600 px table column, system fonts, colours set on every block plus a dark-scheme media query,
no script, no image, no web font), its CSS inlined into `style` attributes by css-inline (which
is told never to fetch anything); the plain-text alternative (templates/newsletter.txt.j2); and
a `.eml` draft (multipart/alternative: text first, HTML second; Subject "<title> — <edition>")
that a standard tool sends as it is (see the README).

Every link is absolute: it points to the published site, so the newsletter needs `site_url`
(mkdocs.yml, BRIEFING_SITE_URL, or --site-url). Without it the command stops with a ConfigError saying so: an
e-mail with relative links has no working link at all.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as email_policy
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import pipeline
from ..config import BriefingConfig
from ..project import Project
from ..errors import ConfigError
from ..fsutil import write_bytes_atomic, write_text_atomic
from ..render import digest, editions, i18n, markup
from ..stages.stories import Briefing
from . import feeds
from .report import BuildReport

log = logging.getLogger(__name__)

POINTS = 3
"""Key points an e-mail gives for a story under its dek (the site has the rest)."""


@dataclass(frozen=True)
class Links:
    """Absolute links into one language's published site."""

    base: str
    """The language site's root URL, ending in '/': https://example.org/briefing/en/"""
    directory_urls: bool = True

    def page(self, docs_path: str) -> str:
        """The URL of a page given by its path under docs/ ('stories/x.md' → …/en/stories/x/)."""
        stem = docs_path.removesuffix(".md")
        if posixpath.basename(stem) == "index":
            stem = posixpath.dirname(stem)
            return self.base + (stem + "/" if stem else "")
        return self.base + (stem + "/" if self.directory_urls else stem + ".html")


@dataclass(frozen=True)
class Written:
    """The files of one language's newsletter."""

    html: Path
    text: Path
    eml: Path


def site_links(project: Project, language: str, site_url: str | None = None) -> Links:
    """The language site's absolute links, from `site_url` (given, else mkdocs.yml's); a ConfigError without one."""
    user = project.mkdocs
    url = (site_url or feeds.site_url(user)).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        why = f"site_url {url!r} is not an http(s) URL" if url else "site_url is not set"
        raise ConfigError(project.mkdocs_yml, [
            f"{why}: the newsletter's links must be absolute, to the published site. Set site_url in "
            f"mkdocs.yml (e.g. https://<user>.github.io/<repo>/), set {feeds.ENV_SITE_URL} or pass --site-url."])
    return Links(url.rstrip("/") + f"/{language}/", bool(user.get("use_directory_urls", True)))


def export(project: Project, out_dir: Path, languages: list[str], *,
           edition: str | None = None, site_url: str | None = None, sender: str | None = None,
           recipients: tuple[str, ...] = (), offline: bool = False) -> tuple[BuildReport, list[Written]]:
    """Bring the content up to date, then write one edition's newsletter per language into `out_dir`."""
    links = {language: site_links(project, language, site_url) for language in languages}  # fail before work
    report, briefing = pipeline.prepare(project, offline=offline)
    config = project.config
    chosen = editions.chosen(briefing, config.editions, edition)
    if chosen is None:
        raise ConfigError(project.mkdocs_yml, [f"{config.articles}: no articles yet, so no edition to send"])
    written = []
    for language in languages:
        html, text = render(briefing, chosen, config, language, links[language])
        stem = out_dir / f"newsletter-{language}-{chosen.slug}"
        html_path, text_path, eml_path = (stem.with_suffix(s) for s in (".html", ".txt", ".eml"))
        write_text_atomic(html_path, html)
        write_text_atomic(text_path, text)
        message = draft(subject(config, chosen, language), text, html, sender, recipients, chosen)
        write_bytes_atomic(eml_path, message.as_bytes(policy=email_policy))
        written.append(Written(html_path, text_path, eml_path))
    return report, written


def subject(config: BriefingConfig, edition: editions.Edition, language: str) -> str:
    """'AI Industry Briefing — Edition of 2025-09-01', in the language."""
    return f"{config.title} — {edition.label(language)}"


def render(briefing: Briefing, edition: editions.Edition, config: BriefingConfig, language: str,
           links: Links) -> tuple[str, str]:
    """The newsletter of one edition in one language: its HTML (CSS inlined) and its plain text."""
    context = _context(briefing, edition, config, language, links)
    templates = config.site.templates
    html = _environment(templates, language, autoescape=True).get_template("newsletter.html.j2").render(**context)
    text = _environment(templates, language, autoescape=False).get_template("newsletter.txt.j2").render(**context)
    return inline_css(html), _typeset(text, language)


def _environment(templates: Path, language: str, *, autoescape: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=autoescape, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Why strip markers: a source's "[3]" points to a list the e-mail does not carry.
    env.filters["plain"] = lambda value: _typeset(markup.strip_markers(str(value or "")), language)
    return env


def _typeset(text: str, language: str) -> str:
    """Text with the spacing its language wants (French: narrow no-break spaces before : ; ? ! and in « »)."""
    return markup.french_spacing(text) if language.split("-")[0] == "fr" else text


def _context(briefing: Briefing, edition: editions.Edition, config: BriefingConfig, language: str,
             links: Links) -> dict:
    """What both templates show: the edition as its page shows it, with every link absolute."""
    taxonomy = config.taxonomy
    settings = config.stories
    story_views = {s.id: digest.story_view(s, language, settings.key_points_max, taxonomy) for s in edition.stories}
    shown = editions.edition_context(edition, None, None, story_views, config, language, home=False)
    t = i18n.strings(language)
    sections = [(topic.title_in(language), shown["placed"][name]) for name, topic in taxonomy.items()
                if shown["placed"][name]]
    if shown["unsorted"]:
        sections.append((t["other_stories"], shown["unsorted"]))
    return {
        "briefing": config, "lang": language, "t": t, "edition": edition, "label": edition.label(language),
        "stories": shown["stories"], "articles": shown["articles"], "in_brief": shown["in_brief"],
        "sections": sections, "updates": edition.updates, "new_reports": shown["new_reports"],
        "points": POINTS, "subject": subject(config, edition, language),
        "url": links.page, "edition_url": links.page(edition.path), "archive_url": links.page(editions.ARCHIVE),
        "facts": lambda sv: _facts(sv, language),
    }


def _facts(sv: digest.StoryView, language: str) -> str:
    """A story's dates, outlets and report count, as its card on the site gives them."""
    from ..render.pages import story_facts  # the site's own wording of a card's facts

    return " · ".join(story_facts(sv, language))


def inline_css(html: str) -> str:
    """The HTML with its <style> rules moved into `style` attributes; only @media rules stay in a <style>.

    Nothing is fetched: the document has no stylesheet link, and remote loading is off anyway."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, keep_at_rules=True,
                                    load_remote_stylesheets=False)
    return inliner.inline(html)


def draft(subject_line: str, text: str, html: str, sender: str | None, recipients: tuple[str, ...],
          edition: editions.Edition) -> EmailMessage:
    """The .eml draft: multipart/alternative, the plain text first and the HTML last (the one clients prefer)."""
    message = EmailMessage()
    message["Subject"] = subject_line
    if sender:
        message["From"] = sender
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(_edition_time(edition))
    message["X-Unsent"] = "1"  # mail clients open the file as a draft to send, not as a received message
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # Why a boundary from the content: the same edition gives the same bytes (a random one would differ each run).
    message.set_boundary("briefing-" + hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32])
    return message


def _edition_time(edition: editions.Edition):
    """Noon UTC of the edition's day: a fixed Date header, so the same edition gives the same file."""
    from datetime import datetime, time, timezone

    return datetime.combine(edition.key, time(12), timezone.utc)
