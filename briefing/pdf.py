"""`briefing pdf`: the briefing as a PDF for circulation, one per language, from our own print template.

templates/print.html.j2 (+ print.css) lays out a cover, a table of contents with page
numbers (CSS `target-counter`), one section per topic opening with its list of
stories, then each story with its meta line, dek, key points, text and sources.
WeasyPrint renders it (pip only, CSS paged media). Each article is printed once,
under its first topic; the other topics list it with its page number. The output
depends only on the content: the edition date is the newest article's date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import i18n, pipeline
from .config import BriefingConfig
from .models import Article
from .render import PROVIDER_NAMES, ArticleView, newest_first, safe_url, view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintItem:
    """One story as printed in one language."""

    view: ArticleView
    note: str
    links: tuple[str, ...]
    original_name: str

    def __getattr__(self, name):  # title, summary, key_points, paragraphs, slug, article come from the view
        return getattr(self.view, name)

    @property
    def text_language(self) -> str:
        return self.view.language if self.view.translation else self.view.article.language


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str
    stories: list[PrintItem]
    printed: list[PrintItem]


def export(config: BriefingConfig, mkdocs_yml: Path, out_dir: Path, languages: list[str],
           output: Path | None = None, *, offline: bool = False) -> tuple[pipeline.BuildReport, list[Path]]:
    """Bring the content up to date, then write one PDF per language; returns the report and the files."""
    report, briefing = pipeline.prepare(config, mkdocs_yml, offline=offline)
    articles = list(briefing.articles)
    written = []
    for language in languages:
        target = output or out_dir / f"briefing-{language}.pdf"
        write_pdf(render_html(articles, config, language), target, config.site.templates)
        written.append(target)
    return report, written


def render_html(articles: list[Article], config: BriefingConfig, language: str) -> str:
    """The print HTML of the briefing in one language."""
    env = Environment(loader=FileSystemLoader(str(config.site.templates)), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    t = {**i18n.strings(language)}
    items = [_item(view(a, language), language, t) for a in newest_first(articles)]
    dates = sorted(a.published for a in articles if a.published)
    edition = dates[-1] if dates else None
    return env.get_template("print.html.j2").render(
        briefing=config, lang=language, t=t, views=items, sections=_sections(items, config, language),
        css=(config.site.templates / "print.css").read_text(encoding="utf-8"),
        edition_label=edition.isoformat() if edition else "—",
        edition_iso=edition.isoformat() if edition else "",
        period=f"{dates[0].isoformat()} – {dates[-1].isoformat()}" if dates else "—",
        outlets=sorted({a.source for a in articles if a.source}),
        languages=[i18n.language_name(code, language) for code in sorted({a.language for a in articles})],
    )


def write_pdf(html: str, target: Path, base: Path) -> Path:
    """Render the print HTML to `target` with WeasyPrint (written atomically)."""
    from weasyprint import HTML  # imported lazily: heavy, and only the PDF needs it

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    HTML(string=html, base_url=str(base)).write_pdf(partial)
    partial.replace(target)
    return target


def _item(item: ArticleView, language: str, t: dict[str, str]) -> PrintItem:
    original = i18n.language_name(item.article.language, language)
    if item.status == "machine":
        note = t["machine"].format(original=original, provider=PROVIDER_NAMES.get(item.translation.provider or "", "?"))
    elif item.status == "editor":
        note = t["editor"].format(original=original)
    elif item.status == "pending":
        note = t["pending_body"].format(language=i18n.language_name(language, language), original=original)
    else:
        note = ""
    urls = [str(safe_url(u)) for u in (item.article.url, *item.article.references) if u]
    return PrintItem(view=item, note=note, links=tuple(dict.fromkeys(u for u in urls if u)), original_name=original)


def _sections(items: list[PrintItem], config: BriefingConfig, language: str) -> list[Section]:
    """One section per topic with stories; each story printed under its first topic only."""
    taxonomy = config.taxonomy
    printed: set[str] = set()
    sections = []
    for name, topic in taxonomy.items():
        stories = [i for i in items if name in i.article.topic_names]
        if not stories:
            continue
        own = [i for i in stories if i.slug not in printed]
        printed.update(i.slug for i in own)
        sections.append(Section(f"topic-{name}", topic.title_in(language), topic.description_in(language), stories, own))
    rest = [i for i in items if i.slug not in printed]
    if rest:
        t = i18n.strings(language)
        sections.append(Section("topic-other", t["other_stories"], "", rest, rest))
    return sections
