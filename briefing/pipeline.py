"""The stages in order: ingest → enrich → write → render → MkDocs.

`build()` reads as the list of stages. Each raw input is handled on its own:
one bad article is reported and skipped, and never stops the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import logging
import multiprocessing
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from . import fsutil, memory
from .content import pickled, read, write
from .content.store import ContentStore
from .project import CACHE, Project
from .extract import entities
from .outputs import feeds, incremental, mkdocs_config, search_index, site
from .render import pages as render
from .stages import analyse, classify, clean, detect, ingest, pending, regroup, scan, stories, summarise, translate
from .config import BriefingConfig
from .errors import BriefingError, InputError, StageError
from .models import Article, Translation, TranslationStatus
from .outputs.report import BuildReport

log = logging.getLogger(__name__)

@dataclasses.dataclass(frozen=True)
class Stage:
    """One stage of deriving an article from its input, and its version (a new one re-derives)."""

    name: str
    module: ModuleType
    doing: str
    """What a failure report says the stage was doing ("cleaning" inbox/x.txt)."""
    step: Callable[[Article, BriefingConfig], Article] | None
    """The enrichment step; None for ingest, which reads a file rather than enriching a record."""


STAGES = (
    Stage("ingest", ingest, "reading", None),
    Stage("clean", clean, "cleaning", lambda a, config: clean.clean(a)),
    Stage("detect", detect, "detecting the language of", lambda a, config: detect.detect(a)),
    Stage("summarise", summarise, "summarising", lambda a, config: summarise.summarise(a, config.summary)),
    Stage("classify", classify, "classifying", lambda a, config: classify.classify(a, config.taxonomy)),
)
"""The stages in order: enrichment runs them and content files record their versions."""


REPORT_FILE = "build-report.json"
"""Machine-readable build report, next to the language sites (a JSON file: never in the search index)."""

INBOX_SEEN = "inbox.pickle"
"""Each raw input's sha256 with the stamps of the file it was read from (briefing/stages/scan.py), in the cache folder."""

TRANSLATED = "translated.pickle"
"""The files the last offline translation pass left as they were (briefing/stages/pending.py), in the cache folder."""

STORIES_SNAPSHOT = "stories.pickle"
"""The last grouping into stories (briefing/stages/regroup.py), in the cache folder."""

LOCK = ".lock"
"""The build lock's file name, in the build folder."""


SERVE = "serve"
"""Folder `briefing serve` watches for the editor's changes, in the build folder (kept by a build)."""

PARALLEL_MIN = 32
"""Below this many inputs to derive, a process pool costs more than it saves."""

Progress = Callable[[Iterable[Any], int], Iterable[Any]]
"""Wraps an iterable of known length to show progress (the CLI passes a progress bar)."""


def _no_progress(items: Iterable[Any], total: int) -> Iterable[Any]:
    return items


def stage_versions() -> dict[str, int]:
    """Version of every enrichment stage: a change re-derives the articles it produced."""
    return {stage.name: stage.module.VERSION for stage in STAGES}


def enrich(article: Article, config: BriefingConfig) -> Article:
    """Clean, detect the language, summarise and classify one article."""
    for stage in STAGES:
        if stage.step is None:
            continue
        try:
            article = stage.step(article, config)
        except BriefingError:
            raise
        except Exception as exc:  # a bug or bad input in one stage must not sink the briefing
            log.debug("stage failure", exc_info=True)
            raise StageError(stage.doing, article.source_path, f"{type(exc).__name__}: {exc}",
                             slug=article.slug or None)
    return article


def inspect(path: Path, config: BriefingConfig, root: Path) -> Article:
    """Ingest and enrich one raw file, writing nothing (any file the user names: it is not published)."""
    return enrich(ingest.read(path, root, confined=False), config)


def analysis_of(article: Article, config: BriefingConfig) -> analyse.Analysis:
    """Key figures and names of one article (for `briefing inspect`)."""
    return analyse.analyse(article, entities.Aliases.load(config.entity_aliases))


def update_content(config: BriefingConfig, root: Path, store: ContentStore, report: BuildReport,
                   progress: Progress = _no_progress) -> None:
    """Bring the store up to date with the inbox, keeping editor edits (nothing is written until `store.save`).

    An input is its bytes: a file moved or renamed in the inbox keeps its content file (and the
    editor's edits), and an input that is gone leaves its content file as it is.
    """
    versions = stage_versions()
    _report_unreadable(store, report)
    jobs = _changed_inputs(config, root, versions, store, report)
    derive = functools.partial(_derive, root=root, config=config, versions=versions)
    for (path, _, previous), result in zip(jobs, _derive_all(derive, jobs, progress), strict=True):
        key = ingest.relative(path, root).as_posix()
        if isinstance(result, str):
            report.skipped.append(result)
            continue
        article, metadata, body = result
        # Why still built: a fault such as an impossible date leaves the rest of the input usable.
        report.problems += [str(InputError(key, reason, line=line)) for line, reason in article.input_problems]
        if previous is None:
            kept = write.hand_kept_copy(article, store.unlinked)
            if kept is not None:
                report.hand_kept.append(f"{key}: the article is {_rel(kept.path, root)}, kept by hand without "
                                        "provenance; not derived again")
                continue
        target = previous.path if previous else store.new_path(write.assign_slug(article, store.taken))
        store.put(read.ContentFile.of(target, metadata, body))
        (report.updated if previous else report.added).append(key)


def _report_unreadable(store: ContentStore, report: BuildReport) -> None:
    """One line per content file that cannot be read, saying what happens to it meanwhile; and files to look at."""
    for path, error in store.errors.items():
        # Why one line per broken file: its input is held back too, and that is said here, not counted twice.
        held = store.inputs_of.get(path)
        held = f"; its input {held} is not derived again meanwhile" if held else ""
        # Why two lists: a file with a last good version is still on the site; one without is not.
        if path in store.files:
            report.problems.append(f"{error} (the site keeps its last good version until this is fixed{held})")
        else:
            report.skipped.append(f"{error} (left out of the site until this is fixed{held})")
    report.problems += [str(note) for note in store.notes]


def refuse_outside(config: BriefingConfig, root: Path, report: BuildReport) -> None:
    """Nothing outside the project is read: the content folders must lie inside it, and links in them are refused."""
    for folder in (config.inbox, config.articles):
        if folder.exists() and not fsutil.inside(folder, root):
            raise InputError(folder, "outside the project (a symbolic link?): refused; nothing was built")
        for link in fsutil.links_in(folder):
            report.skipped.append(f"{_shown(link, root)}: {fsutil.LINK_REFUSED}")
    # Why stop: templates/assets and the theme overrides are copied into the site as they are.
    templates = config.site.templates
    for link in fsutil.links_in(templates):
        if not (fsutil.inside(link, root) or fsutil.inside(link, templates)):
            raise InputError(_shown(link, root), "a symbolic link to outside the project: refused; nothing was built")


def _shown(path: Path, root: Path) -> str:
    """`path` relative to the project root, without resolving links (a link is named, not its target)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _changed_inputs(config, root, versions, store: ContentStore,
                    report) -> list[tuple[Path, bytes, read.ContentFile | None]]:
    """Raw inputs that need deriving, each with its content file if it has one.

    Unchanged inputs, duplicates and blocked ones are reported and left out; a moved input takes
    its content file along (pointing it at the new path); a vanished input's file is reported.
    """
    existing = store.by_input()
    seen = scan.Seen(config.site.build_dir / CACHE / INBOX_SEEN)
    found, present = _read_inputs(config, root, store, existing, report, seen)
    # Why by bytes: a file moved in the inbox is the same input; its content file and edits follow it.
    orphans: dict[str, list[read.ContentFile]] = {}
    for content in existing.values():
        if content.input not in present:
            orphans.setdefault(str(content.provenance.sha256), []).append(content)
    todo: list[tuple[Path, bytes, read.ContentFile | None]] = []
    for path, key, sha, data in found:
        previous = existing.get(key)
        if previous is None and orphans.get(sha):
            previous = orphans[sha].pop(0)
            report.moved.append(f"{previous.input} → {key} ({_rel(previous.path, root)})")
            if read.is_current(previous, sha, versions):
                store.put(write.with_input(previous, key))
                report.unchanged.append(key)
                continue
        elif previous and read.is_current(previous, sha, versions):
            # Why: re-deriving an unchanged input wastes time and would churn the file.
            # Why `seen`: a file the previous build read as it is had its edits recorded then.
            marked = None if previous.seen else write.mark_edits(previous)
            if marked is not None:
                store.put(marked)
            report.unchanged.append(key)
            continue
        if data is None:  # not read by the scan (as it was when last read): read it to derive it
            read_now = _read_input(path, key, root, seen, report)
            if read_now is None:
                continue
            data = read_now[0]
        todo.append((path, data, previous))
    for content in (c for group in orphans.values() for c in group):
        report.orphaned.append(f"{_rel(content.path, root)}: its input {content.input} is gone; "
                               "the article is kept as it is")
    seen.save()
    return todo


def _read_input(path: Path, key: str, root: Path, seen: scan.Seen, report) -> tuple[bytes, str] | None:
    """(bytes, sha256) of an inbox file, read now; None (reported as skipped) if it cannot be read."""
    try:
        return seen.read(key, path, root)
    except InputError as exc:
        report.skipped.append(str(exc))
    except OSError as exc:
        report.skipped.append(f"{key}: cannot read: {exc.strerror or exc}")
    return None


def _read_inputs(config, root, store: ContentStore, existing: dict[str, read.ContentFile],
                 report, seen: scan.Seen) -> tuple[list[tuple[Path, str, str, bytes | None]], set[str]]:
    """(path, key, sha256, bytes) of each readable inbox file, duplicates left out; and every key found.

    The bytes are None for a file as it was when last read (`seen`): `_bytes_of` reads them if needed."""
    found: list[tuple[Path, str, str, bytes | None]] = []
    present: set[str] = set()
    paths = ingest.discover(config.inbox)
    for path, key in zip(paths, scan.keys(paths, config.inbox, root), strict=True):
        present.add(key)
        if key in store.blocked:
            log.debug("%s: held back while its content file has errors", key)  # reported with that file
            continue
        # Why not read: an input as it was when last read has the same bytes; they are read if it is derived.
        sha, data = seen.known(key, path), None
        if sha is None:
            read_now = _read_input(path, key, root, seen, report)
            if read_now is None:
                continue
            data, sha = read_now
        if sha in store.blocked_sha256:
            log.debug("%s: held back while its content file has errors", key)  # reported with that file
            continue
        found.append((path, key, sha, data))
    return _without_duplicates(found, existing, report), present


def _without_duplicates(found: list[tuple[Path, str, str, bytes]], existing: dict[str, read.ContentFile],
                        report) -> list[tuple[Path, str, str, bytes]]:
    """One input per distinct content: the one that already has a content file, else the first."""
    # Why: the same bytes dropped twice would publish the same article twice.
    keep: dict[str, str] = {}
    for _, key, sha, _ in found:
        if sha not in keep or (key in existing and keep[sha] not in existing):
            keep[sha] = key
    for _, key, sha, _ in found:
        if keep[sha] != key:
            report.skipped.append(f"{key}: duplicate of {keep[sha]}, dropped")
    return [item for item in found if keep[item[2]] == item[1]]


def _rel(path: Path, root: Path) -> str:
    """A content file's path as the report shows it (relative to the project)."""
    return ingest.relative(path, root).as_posix()


def _derive_all(derive: Callable, jobs: list[tuple],
                progress: Progress) -> list[tuple[Article, dict[str, Any], str] | str]:
    """Run `derive` on every job, over all cores when there are enough of them."""
    if len(jobs) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
        return list(progress(map(derive, jobs), len(jobs)))
    # Why processes: enrichment and YAML serialisation are CPU-bound Python; threads share one core.
    # The config travels once per chunk (inside the partial), not once per article.
    with ProcessPoolExecutor(max_workers=os.cpu_count(), initializer=fsutil.die_with_parent) as pool:
        return list(progress(pool.map(derive, jobs, chunksize=16), len(jobs)))


def _derive(job: tuple[Path, bytes, read.ContentFile | None], *, root: Path, config: BriefingConfig,
            versions: dict[str, int]) -> tuple[Article, dict[str, Any], str] | str:
    """Ingest, enrich and compose one content file: (article, front matter, body), or the error naming the file.

    Runs in a worker process, so errors come back as text.
    """
    path, data, previous = job
    try:
        article = enrich(ingest.parse(path, data, root), config)
        return article, *write.compose(article, previous, versions)
    except BriefingError as exc:
        log.debug("skipped %s", path, exc_info=True)
        return str(exc)


def _load(config: BriefingConfig, report: BuildReport, store: ContentStore) -> list[tuple[read.ContentFile, Article]]:
    """Each readable content file with its article; unreadable ones are reported and left out."""
    loaded = []
    taxonomy = config.taxonomy
    for path in store.paths():
        content = store.files.get(path)
        if content is None:
            error = str(store.errors[path])
            # Why by prefix: the content stage already reported this file, with what happens to it meanwhile.
            if not any(line.startswith(error) for line in (*report.skipped, *report.problems)):
                report.skipped.append(error)
            continue
        article = store.article(content)
        unknown = [name for name in article.topic_names if name not in taxonomy]
        if unknown:
            # Why keep the article: a typo in a topic must not take the story off the site.
            report.problems.append(str(InputError(
                path, f"topics: unknown topic {', '.join(map(repr, unknown))} (known: {', '.join(taxonomy)})",
                line=store.line_of(content, "topics"))))
            article = article.replace(topics=tuple(t for t in article.topics if t.name in taxonomy))
        loaded.append((content, article))
    return loaded


def assemble(config: BriefingConfig, report: BuildReport, store: ContentStore, *, record: bool = True,
             aliases: entities.Aliases | None = None) -> stories.Briefing:
    """Group the articles into stories and return the collection; `record` puts each machine choice in the store."""
    loaded = _load(config, report, store)
    articles = [article for _, article in loaded]
    aliases = aliases or entities.Aliases.shared(config.entity_aliases)
    unanalysed: set[str] = set()
    failed = functools.partial(_analysis_failed, config=config, report=report, unanalysed=unanalysed)
    analyses = analyse.analyse_all(articles, aliases, config.site.build_dir / CACHE, failed=failed)
    pinned, previous = {}, {}
    for content, article in loaded:
        story, edited = read.story_of(content)
        if story:
            (pinned if edited else previous)[article.slug] = story
    # Why: an article without its analysis has nothing to group on; it stays in the story it had.
    kept = {slug: previous[slug] for slug in unanalysed if slug in previous}
    chosen, held = _assign_stories(articles, analyses, {**pinned, **kept}, previous, config, report)
    held |= unanalysed
    # Why: word vectors serve the grouping only; at archive scale they are most of the analyses' memory.
    analyses = {slug: analyse.without_terms(analysis) for slug, analysis in analyses.items()}
    for content, article in loaded:
        if (record and not content.stale and article.slug not in pinned and article.slug not in held
                and previous.get(article.slug) != chosen[article.slug]):
            store.put(write.with_story(content, chosen[article.slug], stories.VERSION))
    report.stories = len(set(chosen.values()))
    # Why not a copy of each: most articles keep their story, and 10,000 copies cost ~0.15 s.
    placed = [article if article.story == chosen[article.slug] else article.replace(story=chosen[article.slug])
              for article in articles]
    return stories.Briefing(tuple(placed), tuple(stories.group(placed, analyses)), analyses)


def _stage_failed(report: BuildReport, stage: str, article: Article, exc: Exception, config: BriefingConfig,
                  outcome: str) -> None:
    """Report one article's failure in a stage after enrichment, as enrich does: article, file, stage, reason."""
    log.debug("%s %s failed", stage, article.slug, exc_info=exc)
    error = StageError(stage, config.articles / f"{article.slug}.md", f"{type(exc).__name__}: {exc}", slug=article.slug)
    line = f"{error}; {outcome}"
    if line not in report.problems:
        report.problems.append(line)


def _analysis_failed(article: Article, exc: Exception, *, config: BriefingConfig, report: BuildReport,
                     unanalysed: set[str]) -> analyse.Analysis:
    """An article whose analysis fails is still published, without key figures and names."""
    _stage_failed(report, "analysing", article, exc, config, "published without key figures and names")
    unanalysed.add(article.slug)
    return analyse.Analysis()


def _assign_stories(articles: list[Article], analyses: dict[str, analyse.Analysis], pinned: dict[str, str],
                    previous: dict[str, str], config: BriefingConfig,
                    report: BuildReport) -> tuple[dict[str, str], set[str]]:
    """Story ids, and the articles whose id is not to be recorded: one that fails stands alone, the rest group."""
    # Why through the last grouping: scoring every pair again was most of an add-one build at 10,000 articles.
    clusterer = functools.partial(regroup.cluster, path=config.site.build_dir / CACHE / STORIES_SNAPSHOT)
    try:
        return stories.assign(articles, analyses, pinned, previous, config.stories, clusterer), set()
    except Exception:
        log.debug("grouping failed; looking for the article", exc_info=True)
    # Why per article: what fails is almost always one article's signals; the others still group.
    taken = {*pinned.values(), *previous.values()}
    alone: dict[str, str] = {}
    for article in (a for a in articles if a.slug not in pinned):
        try:
            stories.signals(article, analyses[article.slug])
        except Exception as exc:
            _stage_failed(report, "grouping", article, exc, config, "shown as a story of its own")
            alone[article.slug] = _unused(article.slug, taken)
            taken.add(alone[article.slug])
    try:
        return stories.assign(articles, analyses, {**pinned, **alone}, previous, config.stories, clusterer), set(alone)
    except Exception as exc:
        log.debug("grouping failed", exc_info=True)
        error = StageError("grouping the articles in", config.articles, f"{type(exc).__name__}: {exc}")
        report.problems.append(f"{error}; every article keeps the story it had")
        kept = {a.slug: pinned.get(a.slug) or previous.get(a.slug) or a.slug for a in articles}
        return kept, set(kept)


def _unused(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`… when it is taken."""
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def translate_content(config: BriefingConfig, report: BuildReport, store: ContentStore, *,
                      offline: bool = False) -> None:
    """Give every article a translation into every other site language, or mark it pending."""
    settings = translate.Settings.resolve(config.translation)
    translator = translate.Translator(settings, translate.Memory(config.translation.memory), offline=offline)
    report.offline = offline
    skip = pending.Unchanged(config.site.build_dir / CACHE / TRANSLATED,
                             pending.context(settings, config.languages, config.translation.memory, offline))
    # Why not the last good versions of broken files: they are shown as they were, never written back.
    for content in store.current():
        name = content.path.name
        key = None if content.path in store.changed else store.cache.fresh_good.get(name)
        lines = skip.get(name, key)
        if lines is not None:
            report.pending += lines[0]
            report.outdated += lines[1]
            continue
        marks = len(report.pending), len(report.outdated), report.translated
        updated = _translate_one(content, store.article(content), config.languages, translator, report)
        if updated is not None:
            store.put(updated)
        elif report.translated == marks[2]:
            skip.put(name, key, (report.pending[marks[0]:], report.outdated[marks[1]:]))
    translator.memory.save()
    skip.save()
    report.translation_requests = translator.requests


def _translate_one(content: read.ContentFile, article: Article, languages: list[str],
                   translator: translate.Translator, report: BuildReport) -> read.ContentFile | None:
    """Fill in missing or outdated translations of one file; the new file state if it changed."""
    current = content.source_hash
    # Why the file's own title: a file without one is shown under its name, which is no text to translate.
    original = article.replace(title=content.front.title or "")
    held = {t.language: t for t in article.translations}
    chosen: dict[str, Translation] = {}
    for target in languages:
        if target == content.front.language:
            continue
        translation = held.get(target)
        if translate.needs_translation(translation, current):
            fresh = translate.translate_article(original, target, translator, current)
            if fresh.status == TranslationStatus.MACHINE:
                report.translated += 1
            # Why keep an outdated machine translation when no provider answers: it reads better
            # than the original in another language, and the page says it is outdated.
            if fresh.status == TranslationStatus.MACHINE or not translate.is_outdated(translation, current):
                translation = fresh
        chosen[target] = translation
        _note_translation(content.path.name, translation, current, report)
    return write.with_translations(content, list(chosen.values())) if chosen else None


def _note_translation(name: str, translation: Translation, current: str, report: BuildReport) -> None:
    """Name a translation the reader does not get up to date in the report: pending or outdated."""
    target = translation.language
    if translation.status == TranslationStatus.PENDING:
        report.pending.append(f"{name} → {target}")
    elif translate.is_outdated(translation, current):
        why = ("the editor's translation predates the last change to the original: update it (any edit "
               "marks it current)" if translation.status == TranslationStatus.EDITOR
               else "machine translation of an earlier version, kept until a translator can refresh it")
        report.outdated.append(f"{name} → {target}: {why}")


def render_docs(project: Project, briefing: stories.Briefing, report: BuildReport, *,
                strict: bool = False) -> dict[str, Path]:
    """Write every language's Markdown pages and MkDocs config; return the configs by language."""
    generated = {}
    address = feeds.address(project.mkdocs)
    feeds.warn_without(address)
    for language in project.config.languages:
        report.pages_written += render_language(briefing, project.config, language, report, address)
        generated[language] = mkdocs_config.write_mkdocs_config(project, language, strict=strict)
    return generated


def render_language(briefing: stories.Briefing, config: BriefingConfig, language: str, report: BuildReport,
                    address: feeds.Address | None = None) -> int:
    """Write one language's pages (and feeds, at a known `address`); a story whose digest or pages fail is left
    out of that site and reported.

    Returns the pages written. Why a second pass rather than a guard around each page: the listings
    (home, topics, names) read every story, so a story that breaks one of them must leave them all.
    """
    cache_dir = config.site.build_dir / CACHE

    def write(kept: stories.Briefing) -> int:
        # Why the feeds with the pages: MkDocs copies them into the site, which counts them in its fingerprint.
        order: dict[str, str] = {}
        written = render.write_language(kept, config, language, cache_dir,
                                        feeds.files(kept, config, language, address), order)
        # Why beside the docs: the search hook numbers the documents by it (briefing/outputs/search_index.py).
        search_index.write_order(config.site.build_dir / language / search_index.ORDER_FILE, order)
        return written

    try:
        return write(briefing)
    except Exception as exc:
        log.debug("rendering %s failed; looking for the story", language, exc_info=True)
        first = exc
    failing = _failing_stories(briefing, config, language, list(briefing.stories))
    if not failing:
        raise StageError("rendering the site in", language, f"{type(first).__name__}: {first}") from first
    for story, exc in failing:
        for article in story.articles:
            _stage_failed(report, _render_stage(exc), article, exc, config, f"left out of the {language} site")
    return write(_without(briefing, [story for story, _ in failing]))


def _failing_stories(briefing: stories.Briefing, config: BriefingConfig, language: str,
                     among: list[stories.Story]) -> list[tuple[stories.Story, Exception]]:
    """The stories whose pages cannot be rendered, each with its error: halves are tried, then halves of halves."""
    try:
        render.build_pages(_only(briefing, among), config, config.site.templates, language)
        return []
    except Exception as exc:
        if len(among) == 1:
            return [(among[0], exc)]
    middle = len(among) // 2
    return (_failing_stories(briefing, config, language, among[:middle])
            + _failing_stories(briefing, config, language, among[middle:]))


def _only(briefing: stories.Briefing, kept: list[stories.Story]) -> stories.Briefing:
    """The briefing reduced to some of its stories (their articles and analyses)."""
    slugs = {article.slug for story in kept for article in story.articles}
    return stories.Briefing(tuple(a for a in briefing.articles if a.slug in slugs), tuple(kept), briefing.analyses)


def _without(briefing: stories.Briefing, dropped: list[stories.Story]) -> stories.Briefing:
    """The briefing without some of its stories."""
    ids = {story.id for story in dropped}
    return _only(briefing, [story for story in briefing.stories if story.id not in ids])


def _render_stage(exc: BaseException) -> str:
    """'digesting' when the error arose in the digest (what pages say about stories), else 'rendering'."""
    frames = traceback.extract_tb(exc.__traceback__)
    return "digesting" if any(Path(frame.filename).name == "digest.py" for frame in frames) else "rendering"


def build_sites(project: Project, briefing: stories.Briefing, report: BuildReport, *,
                strict: bool, full: bool = False, waiting: list[site.Waiting] | None = None,
                live: dict[Path, list[int]] | None = None) -> site.Builds:
    """Render each language's pages and start its MkDocs process as soon as they are written.

    Languages after the first render in forked processes at the same time as the first (`_Renderers`);
    no more MkDocs processes run at once than there are cores. A language whose site is current is left
    as it is, unless `full`.
    """
    builds = site.Builds(strict=strict, stamps=True, force=full, waiting=waiting, live=live)
    report.timings["render"] = 0.0
    address = feeds.address(project.mkdocs)
    feeds.warn_without(address)
    job = _RenderJob(project, briefing, builds, strict, address)
    languages = project.config.languages
    with _Renderers(job, languages[1:]) as elsewhere:
        for language in languages:
            start = time.perf_counter()
            try:
                rendered = elsewhere.result(language) or job.run(language, report)
                report.problems += [line for line in rendered.problems if line not in report.problems]
                report.pages_written += rendered.pages
            except BaseException:
                builds.abort()
                raise
            report.timings["render"] = round(report.timings["render"] + time.perf_counter() - start, 3)
            builds.start(rendered.generated, rendered.plan)
    return builds


@dataclasses.dataclass
class _Rendered:
    """One language's pages written: what starting its MkDocs run needs."""

    pages: int
    problems: list[str]
    generated: Path
    plan: Any  # incremental.Plan | None


@dataclasses.dataclass
class _RenderJob:
    """Rendering one language's pages, its MkDocs config and the plan of its MkDocs run."""

    project: Project
    briefing: stories.Briefing
    builds: site.Builds
    strict: bool
    address: feeds.Address | None

    def run(self, language: str, report: BuildReport) -> _Rendered:
        """Render `language` here; problems go to `report` (and are returned too)."""
        config = self.project.config
        fsutil.remove_stale_staging(config.site.build_dir / language)
        before = len(report.problems)
        pages = render_language(self.briefing, config, language, report, self.address)
        generated = mkdocs_config.write_mkdocs_config(self.project, language, strict=self.strict)
        return _Rendered(pages, report.problems[before:], generated, self.builds.plan(generated))


_JOB: _RenderJob | None = None
"""The render job a forked renderer runs: set before the fork, so the briefing is inherited, never pickled."""


def _render_forked(language: str) -> _Rendered:
    return _JOB.run(language, BuildReport())


class _Renderers:
    """Forked processes rendering some languages while the build renders the first one itself.

    Why: rendering a language and planning its MkDocs run is a second or more at 10,000 articles, one
    language after another on one core while the other waits. A fork shares the prepared briefing
    without copying it. Anything that goes wrong in a forked renderer (even a page that cannot be
    rendered) leaves that language to the build itself, which reports it as it always did."""

    def __init__(self, job: _RenderJob, languages: list[str]):
        self.job, self.languages, self.pool, self.futures = job, languages, None, {}

    def __enter__(self) -> _Renderers:
        workers = min(len(self.languages), (os.cpu_count() or 1) - 1)
        if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
            return self
        global _JOB
        _JOB = self.job
        fsutil.flush_streams()
        # Why freeze: the forked renderers' garbage collections then skip the briefing's objects (and do not
        # copy the pages they sit on).
        gc.freeze()
        try:
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=fsutil.die_with_parent)
            self.futures = {language: self.pool.submit(_render_forked, language) for language in self.languages}
        except Exception:
            log.debug("rendering in forked processes is not possible here", exc_info=True)
            self.futures = {}
        finally:
            gc.unfreeze()
            _JOB = None
        return self

    def result(self, language: str) -> _Rendered | None:
        """What the forked renderer of `language` wrote, or None for the build to render it itself."""
        future = self.futures.pop(language, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception:
            log.debug("rendering %s in a forked process failed; rendering it here", language, exc_info=True)
            return None

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def write_root_index(site_root: Path, default_language: str, languages: list[str]) -> Path:
    """site/index.html: sends the reader to the default language (works over http and file://)."""
    from html import escape

    target = f"{default_language}/index.html"
    links = " · ".join(f'<a href="{escape(code)}/index.html" hreflang="{escape(code)}">{escape(code)}</a>'
                       for code in languages)
    page = (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\">\n"
        f"<title>Briefing</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<link rel=\"canonical\" href=\"{target}\">\n</head>\n"
        f"<body><p><a href=\"{target}\">Open the briefing</a> ({links})</p></body></html>\n"
    )
    path = site_root / "index.html"
    write.write_text_atomic(path, page)
    return path


def exclusive(config: BriefingConfig, wait: float = 0.0):
    """One briefing command at a time per project (a second one refuses with a clear message, or waits `wait` s)."""
    return fsutil.exclusive(config.site.build_dir / LOCK, wait=wait)


def prepare(project: Project, *, offline: bool = False,
            progress: Progress = _no_progress) -> tuple[BuildReport, stories.Briefing]:
    """What every output needs first: content up to date with the inbox, translated, grouped into stories.

    The content files are read once, changed in memory by each step, and each changed one written once."""
    report, config, root = BuildReport(), project.config, project.root
    try:
        with memory.fewer_gc_passes():
            refuse_outside(config, root, report)
            store = ContentStore.load(project.articles, read.ParsedCache(project.cache / "content.pickle"))
            update_content(config, root, store, report, progress)
            translate_content(config, report, store, offline=offline)
            briefing = assemble(config, report, store, aliases=project.aliases)
            store.save()
    finally:
        pickled.thaw()  # the loaded caches go back to the collector (briefing/content/pickled.py)
    report.relative_to(root)
    return report, briefing


def build(project: Project, *, strict: bool = False, offline: bool = False,
          full: bool = False, progress: Progress = _no_progress) -> BuildReport:
    """The whole run: inbox → content/articles → translations → stories → pages → one site per language.

    `full` runs MkDocs for every language, even one whose site is current."""
    clock = Clock()
    # Why first: the MkDocs processes import MkDocs while the briefing is prepared and rendered.
    waiting = site.wait_ready(min(len(project.config.languages), os.cpu_count() or 1), ahead=_read_ahead(project))
    counting = site.Counting([project.site / language for language in project.config.languages])
    try:
        with clock("prepare"):
            report, briefing = prepare(project, offline=offline, progress=progress)
    except BaseException:
        counting.close()
        for process in waiting:
            process.close()
        raise
    with clock("sites"):
        builds = build_sites(project, briefing, report, strict=strict, full=full, waiting=waiting,
                             live=counting.result())
        del briefing  # the MkDocs processes hold the pages now: memory goes back before they peak
        memory.release_memory()
        sites = builds.finish()
    report.timings.update(clock.laps, mkdocs=builds.mkdocs_seconds, total=clock.total())
    report.sites_current = [path.name for path in builds.current]
    report.sites_incremental = {path.name: n for path, n in builds.incremental.items()}
    publish(report, project.config, sites[0].parent, project.root, feeds.address(project.mkdocs))
    return report


def _read_ahead(project: Project) -> dict[str, dict[str, Path]]:
    """What each language's MkDocs run reads first (its previous page records, its search term cache), by
    language, for the waiting runs to load while the briefing is prepared (briefing/outputs/preload.py)."""
    build_dir = project.config.site.build_dir.resolve()
    return {language: {"records": build_dir / language / incremental.RECORDS,
                       "terms": search_index.terms_file(build_dir / CACHE, language)}
            for language in project.config.languages}


def publish(report: BuildReport, config: BriefingConfig, site_dir: Path, root: Path,
            address: feeds.Address | None = None) -> None:
    """The root index, the sitemap index and the build report next to the language sites; anything else old goes."""
    report.site_dir = site_dir
    write_root_index(site_dir, config.languages[0], config.languages)
    feeds.write_sitemap_index(site_dir, address, config.languages)
    report.relative_to(root)  # again: the sites' stage may have added lines
    fsutil.write_text_atomic(site_dir / REPORT_FILE, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    # Why: site/ and build/ are ours; a language dropped from the config must not linger.
    prune(site_dir, keep={*config.languages, "index.html", REPORT_FILE, feeds.SITEMAP})
    prune(config.site.build_dir, keep={*config.languages, LOCK, CACHE, SERVE})


class Clock:
    """Wall seconds per phase of a build (`with clock("prepare"): …`), rounded for the report."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.laps: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, phase: str):
        begun = time.perf_counter()
        try:
            yield
        finally:
            self.laps[phase] = round(time.perf_counter() - begun, 3)

    def total(self) -> float:
        return round(time.perf_counter() - self.start, 3)


def prune(folder: Path, keep: set[str]) -> None:
    """Delete everything directly in `folder` (generated output) except the names in `keep`."""
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
