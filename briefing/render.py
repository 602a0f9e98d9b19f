"""Articles → Markdown pages for MkDocs (Jinja2 templates in templates/) and the MkDocs config.

Every value a template prints is escaped for Markdown and HTML unless it is
marked safe, so article text renders as text. The generated tree under
`site.docs_dir` is owned by briefing: stale pages are removed and unchanged
pages are not rewritten.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .config import BriefingConfig, MkDocsLoader, TopicConfig
from .models import Article
from .write import write_text_atomic

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German", "zh": "Chinese",
    "ja": "Japanese", "it": "Italian", "pt": "Portuguese", "ko": "Korean", "ru": "Russian",
    "ar": "Arabic", "nl": "Dutch", "und": "Unknown language",
}

NATIVE_NAMES = {
    "en": "English", "fr": "Français", "es": "Español", "de": "Deutsch", "zh": "中文", "ja": "日本語",
    "it": "Italiano", "pt": "Português", "ko": "한국어", "ru": "Русский", "ar": "العربية", "nl": "Nederlands",
}
PROVIDER_NAMES = {
    "google": "Google Translate", "deepl": "DeepL", "microsoft": "Microsoft Translator",
    "mymemory": "MyMemory", "libre": "LibreTranslate",
}

# Characters Python-Markdown treats as syntax anywhere in a line, and those that only matter at line start.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()!])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)([#+\-=:>|~])")
_MD_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])")


@dataclass(frozen=True)
class Page:
    """One generated page: its path under docs_dir and its Markdown text."""

    path: str
    text: str


def md_escape(value: object) -> str:
    """Escape text so Markdown and HTML print it literally."""
    text = html.escape(str(value), quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    # Why entities: Python-Markdown has no backslash escape for ':', '=', '|' or '~'.
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def _finalize(value: object) -> object:
    """Jinja finalize hook: every printed value is escaped unless it is Markup."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return md_escape(value)


def safe_url(value: object) -> Markup:
    """An http(s) URL made safe for a Markdown link target; anything else becomes empty."""
    url = str(value or "").strip()
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return Markup("")
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~-._"))


def yaml_value(value: object) -> Markup:
    """A value as one-line YAML (JSON is valid YAML), for page front matter."""
    return Markup(json.dumps(value, ensure_ascii=False, default=str))


def environment(templates: Path) -> Environment:
    """The Jinja2 environment: escape by default, fail on undefined names."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(url=safe_url, yaml=yaml_value, language_name=language_name, isodate=isodate,
                       native_name=lambda code: NATIVE_NAMES.get(code, language_name(code)),
                       provider_name=lambda name: PROVIDER_NAMES.get(name or "", name or "a machine translator"))
    return env


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def isodate(value: date | None) -> str:
    return value.isoformat() if value else ""


def newest_first(articles: list[Article]) -> list[Article]:
    """Newest first; undated articles last; ties by title, then slug, for a stable order."""
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.title, a.slug))
    dated.sort(key=lambda a: a.published, reverse=True)
    undated = sorted((a for a in articles if not a.published), key=lambda a: (a.title, a.slug))
    return dated + undated


def build_pages(articles: list[Article], config: BriefingConfig, templates: Path) -> list[Page]:
    """Every page of the site: home, one per topic, one per article, tags."""
    env = environment(templates)
    taxonomy = config.taxonomy
    ordered = newest_first(articles)
    by_topic = {name: [a for a in ordered if name in a.topic_names] for name in taxonomy}
    unsorted = [a for a in ordered if not any(n in taxonomy for n in a.topic_names)]
    context = {"briefing": config, "taxonomy": taxonomy, "by_topic": by_topic}
    pages = [
        Page("index.md", env.get_template("home.md.j2").render(
            **context, articles=ordered, unsorted=unsorted, edition=_edition(ordered),
            top=config.site.top_per_topic)),
        Page("tags.md", env.get_template("tags.md.j2").render(**context)),
    ]
    for name, topic in taxonomy.items():
        pages.append(Page(f"topics/{name}.md", env.get_template("topic.md.j2").render(
            **context, name=name, topic=topic, articles=by_topic[name])))
    article_template = env.get_template("article.md.j2")
    pages += static_pages(templates)
    for article in ordered:
        tags = [taxonomy[name].title for name in article.topic_names if name in taxonomy]
        pages.append(Page(f"articles/{article.slug}.md", article_template.render(**context, article=article, tags=tags)))
    return pages


def static_pages(templates: Path) -> list[Page]:
    """Text assets shipped with the templates (CSS), copied under docs_dir/assets."""
    assets = templates / "assets"
    if not assets.is_dir():
        return []
    return [
        Page(f"assets/{path.relative_to(assets).as_posix()}", path.read_text(encoding="utf-8"))
        for path in sorted(assets.rglob("*"))
        if path.is_file()
    ]


def nav(taxonomy: dict[str, TopicConfig]) -> list:
    """Navigation: home, the topic pages and tags. Articles stay out of it (linear builds)."""
    return [
        {"Home": "index.md"},
        {"Topics": [{topic.title: f"topics/{name}.md"} for name, topic in taxonomy.items()]},
        {"Tags": "tags.md"},
    ]


def write_pages(pages: list[Page], docs_dir: Path) -> int:
    """Write pages under docs_dir, skipping identical ones and deleting stale ones. Returns pages written."""
    wanted = {docs_dir / page.path for page in pages}
    written = sum(write_text_atomic(docs_dir / page.path, page.text) for page in pages)
    if docs_dir.exists():
        for path in [p for p in docs_dir.rglob("*") if p.is_file()]:
            if path not in wanted:
                path.unlink()
    return written


def write_mkdocs_config(config: BriefingConfig, mkdocs_yml: Path, *, strict: bool = False) -> Path:
    """The MkDocs config for the generated pages: inherits mkdocs.yml, adds docs_dir, nav, not_in_nav."""
    docs_dir = config.site.docs_dir
    target = docs_dir.parent / "mkdocs.yml"
    user = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=MkDocsLoader) or {}
    site_dir = (mkdocs_yml.resolve().parent / user.get("site_dir", "site")).resolve()
    generated = {
        "INHERIT": os.path.relpath(mkdocs_yml.resolve(), target.parent.resolve()),
        "docs_dir": docs_dir.name,
        "site_dir": str(site_dir),
        "nav": nav(config.taxonomy),
        "not_in_nav": "/articles/\n",
        "strict": strict,
    }
    text = "# Generated by briefing from mkdocs.yml: do not edit.\n" + yaml.safe_dump(
        generated, sort_keys=False, allow_unicode=True)
    write_text_atomic(target, text)
    return target


def _edition(articles: list[Article]) -> date | None:
    dates = [a.published for a in articles if a.published]
    return max(dates) if dates else None
