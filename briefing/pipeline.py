"""The stages in order: ingest → enrich → write → render → MkDocs.

`build()` reads as the list of stages. Each raw input is handled on its own:
one bad article is reported and skipped, and never stops the others.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import classify, clean, detect, ingest, render, summarise, write
from .config import BriefingConfig
from .errors import BriefingError, StageError
from .models import Article

log = logging.getLogger(__name__)

STAGES = (
    ("ingest", ingest),
    ("clean", clean),
    ("detect", detect),
    ("summarise", summarise),
    ("classify", classify),
)


def stage_versions() -> dict[str, int]:
    """Version of every enrichment stage: a change re-derives the articles it produced."""
    return {name: module.VERSION for name, module in STAGES}


@dataclass
class BuildReport:
    """What a build did, for the summary line and the exit code."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One line per input that could not be built: file and reason."""
    pages_written: int = 0
    site_dir: Path | None = None

    @property
    def failed(self) -> bool:
        return bool(self.skipped)

    def summary(self) -> str:
        derived = len(self.added) + len(self.updated)
        lines = [
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped."
        ]
        if derived == 0 and self.unchanged:
            lines.append("Nothing changed: no article was re-derived.")
        lines += [f"  skipped {line}" for line in self.skipped]
        if self.site_dir:
            lines.append(f"Site written to {self.site_dir} ({self.pages_written} pages changed).")
        return "\n".join(lines)


def enrich(article: Article, config: BriefingConfig) -> Article:
    """Clean, detect the language, summarise and classify one article."""
    for stage, step in (
        ("cleaning", clean.clean),
        ("detecting the language of", detect.detect),
        ("summarising", lambda a: summarise.summarise(a, config.summary)),
        ("classifying", lambda a: classify.classify(a, config.taxonomy)),
    ):
        try:
            article = step(article)
        except BriefingError:
            raise
        except Exception as exc:  # a bug or bad input in one stage must not sink the briefing
            log.debug("stage failure", exc_info=True)
            raise StageError(stage, article.source_path, f"{type(exc).__name__}: {exc}", slug=article.slug or None)
    return article


def inspect(path: Path, config: BriefingConfig, root: Path) -> Article:
    """Ingest and enrich one raw file, writing nothing."""
    return enrich(ingest.read(path, root), config)


def update_content(config: BriefingConfig, root: Path, report: BuildReport,
                   progress: Callable[[Iterable[Path]], Iterable[Path]] = iter) -> None:
    """Bring content/articles up to date with the inbox, keeping editor edits."""
    versions = stage_versions()
    existing, errors = write.index_content(config.articles)
    report.skipped += [str(e) for e in errors]
    taken = {p.stem for p in config.articles.glob("*.md")}
    seen: dict[str, Path] = {}
    for path in progress(ingest.discover(config.inbox)):
        try:
            _update_one(path, config, root, versions, existing, taken, seen, report)
        except BriefingError as exc:
            log.debug("skipped %s", path, exc_info=True)
            report.skipped.append(str(exc))
        except OSError as exc:
            report.skipped.append(f"{_rel(path, root)}: cannot read: {exc.strerror or exc}")


def _update_one(path, config, root, versions, existing, taken, seen, report) -> None:
    article = ingest.read(path, root)
    key = article.source_path.as_posix()
    # Why: the same bytes dropped twice would publish the same article twice.
    if article.raw_sha256 in seen:
        report.skipped.append(f"{key}: duplicate of {seen[article.raw_sha256].as_posix()}, dropped")
        return
    seen[article.raw_sha256] = article.source_path
    previous = existing.get(key)
    if previous and write.is_current(previous, article, versions):
        # Why: re-deriving an unchanged input wastes time and would churn the file.
        write.mark_edits(previous)
        report.unchanged.append(key)
        return
    article = enrich(article, config)
    if previous is None:
        article = article.replace(slug=write.assign_slug(article, taken))
        taken.add(article.slug)
    write.save(article, previous, config.articles, versions)
    (report.updated if previous else report.added).append(key)


def load_articles(config: BriefingConfig, report: BuildReport) -> list[Article]:
    """Every article in content/articles (pipeline-made or hand-written), as the renderer sees it."""
    articles = []
    for path in sorted(config.articles.glob("*.md")):
        try:
            articles.append(write.to_article(write.read_content(path)))
        except BriefingError as exc:
            if str(exc) not in report.skipped:
                report.skipped.append(str(exc))
    return articles


def render_docs(config: BriefingConfig, mkdocs_yml: Path, report: BuildReport, *, strict: bool = False) -> Path:
    """Write the Markdown pages and the generated MkDocs config; return the config's path."""
    articles = load_articles(config, report)
    pages = render.build_pages(articles, config, config.site.templates)
    report.pages_written = render.write_pages(pages, config.site.docs_dir)
    return render.write_mkdocs_config(config, mkdocs_yml, strict=strict)


def run_mkdocs(generated_yml: Path, *, strict: bool) -> Path:
    """Build the site with MkDocs from the generated config; return the site directory."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import MkDocsException

    try:
        mk_config = mkdocs_load_config(str(generated_yml), strict=strict)
        mkdocs_build(mk_config)
    except MkDocsException as exc:
        raise StageError("building the site for", generated_yml, str(exc)) from None
    return Path(mk_config.site_dir)


def build(config: BriefingConfig, mkdocs_yml: Path, *, strict: bool = False,
          progress: Callable[[Iterable[Path]], Iterable[Path]] = iter) -> BuildReport:
    """The whole run: inbox → content/articles → pages → site/."""
    root = mkdocs_yml.resolve().parent
    report = BuildReport()
    update_content(config, root, report, progress)
    generated = render_docs(config, mkdocs_yml, report, strict=strict)
    report.site_dir = run_mkdocs(generated, strict=strict)
    return report


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
