"""`briefing pdf`: the briefing as a PDF for circulation, one per language, from our own print template.

templates/print.html.j2 (+ print.css) lays out a cover (edition dates, how many stories,
reports and outlets), a table of contents listing each story once with its page, "In brief"
(one line per latest story), then one section per topic. A story is printed once, in full,
under its primary topic: headline, dates and outlets, dek, combined key points, key figures,
the text of one report (an original in the reader's language when the story has one, else
its lead report) and its numbered sources. The other topics it belongs to refer back to it
with its page number. Text flows from page to page, so no page is left near-empty.
WeasyPrint renders it (pip only, CSS paged media) and stays quiet unless `-v`. The output
depends only on the content: the edition date is the newest article's date.
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import pipeline
from ..extract import figures
from ..render import digest, editions, i18n, markup
from ..config import BriefingConfig
from ..project import Project
from ..models import TranslationStatus
from ..render.pages import PROVIDER_NAMES, safe_url
from .report import BuildReport
from ..render.views import ArticleView
from ..stages.stories import Briefing, Story

log = logging.getLogger(__name__)

IN_BRIEF_MAX = 12
"""Most stories in the PDF's "In brief" (the latest ones)."""
COVER_OUTLETS = 12
"""Most outlets the cover names (those with most reports); the rest are counted."""
LAST_PAGE_MIN = 0.3
"""Share of the last page the text should reach; below it, the layout is tried with other leadings."""
FIT_LEADINGS = (None, 1.4, 1.5, 1.35, 1.55)
"""Line heights tried in turn (None: print.css's own) until the last page is filled enough; the best is kept."""

# French typography: a narrow no-break space inside « » and before ; : ! ? (none in 14:30 or a URL).
_FR_PERCENT = re.compile(r"(?<=\d)[ \u00a0]?%")
_FR_STRAIGHT_QUOTES = re.compile(r'"\s*([^"]+?)\s*"')
# A source's footnote markers ("growth [1][5]"): they point to a list the briefing does not print.


@dataclass(frozen=True)
class Report:
    """One report of a story as its numbered source list shows it."""

    number: int
    view: ArticleView
    outlet: str
    """Its outlet, else its site's domain, else '' (no outlet named)."""
    original_name: str
    note: str
    """How the text shown came to be in this language ('' for an original)."""
    links: tuple[str, ...]
    outdated: str = ""
    """The "translation outdated" note when its translation is older than its original (as the site flags it)."""


@dataclass(frozen=True)
class FigureRow:
    """One quantity of a story's key figures, with the numbers of the reports that give it."""

    figure: str
    measure: str
    sources: str
    sentence: str
    """The sentence giving it in a report whose text is not printed; '' when the printed text gives it."""
    conflict: bool


@dataclass(frozen=True)
class PrintStory:
    """A story as printed once in one language."""

    anchor: str
    story: Story
    body: Report
    """The report whose text is printed in full."""
    reports: tuple[Report, ...]
    key_points: tuple[str, ...]
    figures: tuple[FigureRow, ...]
    topics: tuple[str, ...]
    """Titles of its topics, the primary one first."""
    dates: str
    headline: str = ""
    """The story's best real headline among its reports, in the printed language (the pages' choice)."""
    primary_topic: str | None = None
    """The topic it is printed under: the site's primary topic for it (`digest.ranked_topics`)."""

    @property
    def title(self) -> str:
        return self.headline or self.body.view.title

    @property
    def dek(self) -> str:
        return self.body.view.summary or (self.key_points[0] if self.key_points else "")

    @property
    def paragraphs(self) -> list[str]:
        """The printed report's text; its opening paragraph left out when it is the dek word for word.

        (The opening may follow a section label such as "Key points", so the first three are looked at.)"""
        paragraphs = self.body.view.paragraphs
        dek = self.dek.strip()
        same = next((i for i, p in enumerate(paragraphs[:3]) if dek and p.strip() == dek), None)
        return paragraphs if same is None else paragraphs[:same] + paragraphs[same + 1:]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(r.outlet for r in self.reports if r.outlet))

    @property
    def text_language(self) -> str:
        view = self.body.view
        return view.language if view.translation else view.article.language


@dataclass(frozen=True)
class Section:
    """A topic: the stories printed under it, and those of its stories printed under another topic."""

    id: str
    title: str
    description: str
    printed: list[PrintStory]
    elsewhere: list[PrintStory]


def export(project: Project, out_dir: Path, languages: list[str],
           output: Path | None = None, *, offline: bool = False, edition: str | None = None,
           whole: bool = True) -> tuple[BuildReport, list[Path]]:
    """Bring the content up to date, then write one PDF per language; returns the report and the files.

    `whole`: the whole archive (dist/briefing-<lang>.pdf); else one edition, `edition` or the latest
    (dist/briefing-<lang>-<edition>.pdf)."""
    report, briefing = pipeline.prepare(project, offline=offline)
    config = project.config
    chosen = None if whole else editions.chosen(briefing, config.editions, edition)
    if chosen is not None:
        briefing = editions.only(briefing, chosen)
    written = []
    for language in languages:
        name = f"briefing-{language}-{chosen.slug}.pdf" if chosen else f"briefing-{language}.pdf"
        target = output or out_dir / name
        write_pdf(render_html(briefing, config, language, chosen), target, config.site.templates)
        written.append(target)
    return report, written


def render_html(briefing: Briefing, config: BriefingConfig, language: str,
                edition: editions.Edition | None = None) -> str:
    """The print HTML of the briefing in one language (of one edition of it, when given)."""
    env = Environment(loader=FileSystemLoader(str(config.site.templates)), autoescape=select_autoescape(["html", "j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["typo"] = lambda value, lang=language: typography(str(value or ""), lang)
    t = i18n.strings(language) | i18n.print_strings(language)
    stories = [_print_story(s, briefing, config, language, t) for s in briefing.stories]  # newest first
    articles = list(briefing.articles)
    dates = sorted(a.published for a in articles if a.published)
    reports = [r for s in stories for r in s.reports]
    return env.get_template("print.html.j2").render(
        briefing=config, lang=language, t=t, stories=stories, in_brief=stories[:IN_BRIEF_MAX],
        sections=_sections(stories, briefing, config, language),
        css=(config.site.templates / "print.css").read_text(encoding="utf-8"),
        kicker=edition.label(language) if edition else t["latest"],
        edition_label=edition.slug if edition else dates[-1].isoformat() if dates else "—",
        edition_iso=edition.slug if edition else dates[-1].isoformat() if dates else "",
        period=_date_range(dates) or "—",
        report_count=len(reports),
        outlets=_cover_outlets(reports, t),
        languages=[i18n.language_name(code, language) for code in sorted({a.language for a in articles})],
    )


def write_pdf(html: str, target: Path, base: Path) -> Path:
    """Render the print HTML to `target` with WeasyPrint (written atomically); its progress lines only with -v."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with _quiet_unless_debug("weasyprint.progress", "fontTools"):
        _copyfit(html, base).write_pdf(partial)
    partial.replace(target)
    return target


def _copyfit(html: str, base: Path):
    """The laid-out document whose last page is filled best: as designed, else a little tighter or looser.

    Text flows, so only the last page can end nearly empty; a slightly different leading moves
    its few lines back onto the page before, or brings more of the text forward."""
    # Imported lazily (heavy, only the PDF needs it) and inside the quiet block: importing logs steps.
    from weasyprint import CSS, HTML

    best = None
    for leading in FIT_LEADINGS:
        extra = [CSS(string=f"html {{ line-height: {leading} !important; }}")] if leading else []
        document = HTML(string=html, base_url=str(base)).render(stylesheets=extra)
        filled = last_page_filled(document)
        if best is None or filled > best[0]:
            best = (filled, document)
        if filled >= LAST_PAGE_MIN:
            break
    log.debug("PDF: %d pages, last page %.0f%% full", len(best[1].pages), 100 * best[0])
    return best[1]


def last_page_filled(document) -> float:
    """How far down its content area the last page's text reaches (0 to 1)."""
    from weasyprint.formatting_structure.boxes import LineBox

    page = document.pages[-1]._page_box  # WeasyPrint is pinned: its page box is how to see the layout
    lines = [box for box in page.children[0].descendants() if isinstance(box, LineBox)]
    if not lines:
        return 0.0
    return (max(box.position_y + box.height for box in lines) - page.content_box_y()) / page.height


@contextlib.contextmanager
def _quiet_unless_debug(*names: str):
    """Raise these loggers to WARNING for the block, unless debug output (-v) is on."""
    if log.isEnabledFor(logging.DEBUG):
        yield
        return
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def typography(text: str, language: str) -> str:
    """Text as printed: footnote markers out, the spacing its language wants (French: narrow no-break spaces)."""
    text = markup.strip_markers(text)
    if language.split("-")[0] != "fr":
        return text
    if text.count('"') % 2 == 0:  # Why only when paired: a lone '"' (inches, a cut quote) is left alone
        text = _FR_STRAIGHT_QUOTES.sub("«\\1»", text)
    return markup.french_spacing(_FR_PERCENT.sub("\u202f%", text))


def _print_story(story: Story, briefing: Briefing, config: BriefingConfig, language: str,
                 t: dict[str, str]) -> PrintStory:
    """Everything printed about one story in `language`."""
    taxonomy = config.taxonomy
    # Why the site's story view: its ranked topics decide the section, as they decide the site's chips.
    sv = digest.story_view(story, language, config.stories.key_points_max, taxonomy)
    reports = tuple(_report(n, v, language, t) for n, v in enumerate(sv.views, start=1))
    body = _body_report(reports, language)
    # Why: the printed report's points come first; the others add only what it does not say.
    ordered = [body.view, *(r.view for r in reports if r is not body)]
    points = tuple(c.text for c in digest.combined_key_points(ordered, config.stories.key_points_max))
    quantities = digest.story_figures(sv, briefing.analyses, config.stories.figures_per_story)
    numbers = {r.view.slug: r.number for r in reports}
    rows = tuple(_figure_row(q, numbers, body.view.slug, language, t) for q in quantities)
    topics = tuple(taxonomy[n].title_in(language) for n in sv.topics)
    dates = sorted(a.published for a in story.articles if a.published)
    return PrintStory(f"story-{story.page}", story, body, reports, points,
                      rows, topics, _date_range(dates), sv.title, sv.primary_topic)


def _report(number: int, item: ArticleView, language: str, t: dict[str, str]) -> Report:
    """One report of a story: outlet, how its text came to be in `language`, its links."""
    original = i18n.language_name(item.article.language, language)
    if item.status is TranslationStatus.MACHINE:
        note = t["machine"].format(original=original, provider=PROVIDER_NAMES.get(item.translation.provider or "", "?"))
    elif item.status is TranslationStatus.EDITOR:
        note = t["editor"].format(original=original)
    elif item.status is TranslationStatus.PENDING:
        note = t["pending_body"].format(language=i18n.language_name(language, language), original=original)
    else:
        note = ""
    urls = [str(safe_url(u)) for u in (item.article.url, *item.article.references) if u]
    outdated = t["outdated_print"].format(original=original) if item.translation and item.translation.outdated else ""
    return Report(number, item, _outlet(item), original, note, tuple(dict.fromkeys(u for u in urls if u)), outdated)


def _outlet(item: ArticleView) -> str:
    """The report's outlet, else its site's domain, else ''."""
    if item.article.source:
        return item.article.source
    return (urlsplit(item.article.url or "").hostname or "").removeprefix("www.")


def _body_report(reports: tuple[Report, ...], language: str) -> Report:
    """The report printed in full: an original in the reader's language, else the story's lead report."""
    originals = [r for r in reports if r.view.article.language == language]
    return originals[0] if originals else reports[0]


def _figure_row(q: digest.Quantity, numbers: dict[str, int], printed: str, language: str,
                t: dict[str, str]) -> FigureRow:
    """A quantity as one table row: every value its sources give, what it measures, which reports say it.

    Its sentence comes from a report whose text is not printed ('' when only the printed one gives it):
    the full text below already says it."""
    values = [figures.display(m.figure, language) + "".join(f" ≈ {figures.display(e, language)}" for e in m.equivalents)
              for m in q.mentions]
    # Why the counted noun first: a count's measure is what it counts ("robots"), not a nearby concept word.
    concept = q.counted or t.get(f"concept_{q.concept}", q.concept or "")
    measure = " · ".join(part for part in (concept, q.subject or "") if part) or "—"
    sources = ", ".join(str(n) for n in sorted({numbers[m.source.slug] for m in q.mentions}))
    shown = list(dict.fromkeys(values)) if q.conflict else values[:1]
    quoted = next((m for m in q.mentions if m.source.slug != printed), None)
    return FigureRow(" / ".join(shown), measure, sources, quoted.sentence() if quoted else "", q.conflict)


def _sections(stories: list[PrintStory], briefing: Briefing, config: BriefingConfig,
              language: str) -> list[Section]:
    """One section per topic: its stories whose primary topic it is, and references to the others."""
    taxonomy = config.taxonomy
    sections = []
    for name, topic in taxonomy.items():
        printed = [s for s in stories if s.primary_topic == name]
        elsewhere = [s for s in stories if s.primary_topic not in (name, None) and name in s.story.topic_names]
        if printed or elsewhere:
            sections.append(Section(f"topic-{name}", topic.title_in(language), topic.description_in(language),
                                    printed, elsewhere))
    rest = [s for s in stories if s.primary_topic is None]
    if rest:
        sections.append(Section("topic-other", i18n.strings(language)["other_stories"], "", rest, []))
    return sections


def _cover_outlets(reports: list[Report], t: dict[str, str]) -> list[str]:
    """The cover's outlets: each named one with its reports, most first, then how many more and how many unnamed."""
    counts: dict[str, int] = {}
    for r in reports:
        if r.outlet:
            counts[r.outlet] = counts.get(r.outlet, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    parts = [f"{name} ({n})" for name, n in ranked[:COVER_OUTLETS]]
    if len(ranked) > COVER_OUTLETS:
        parts.append(t["more"].format(n=len(ranked) - COVER_OUTLETS))
    unnamed = sum(1 for r in reports if not r.outlet)
    if unnamed:
        parts.append(t["unnamed_outlets"].format(n=unnamed))
    return parts


def _date_range(dates: list) -> str:
    """'2025-09-01', or '2025-09-01 – 2025-09-03' for several days; '' when undated."""
    if not dates:
        return ""
    first, last = min(dates).isoformat(), max(dates).isoformat()
    return first if first == last else f"{first} – {last}"
