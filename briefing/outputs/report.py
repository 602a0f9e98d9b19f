"""Reports: what a build did (BuildReport), and one article for `briefing inspect`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..stages import analyse
from ..stages.analyse import Analysis
from ..models import Article
from ..stages.stories import Briefing


@dataclass
class BuildReport:
    """What a build did, for the summary line and the exit code."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One line per input that could not be built: file and reason."""
    problems: list[str] = field(default_factory=list)
    """Errors in articles that were still built (an unknown topic, say): file, line and reason."""
    moved: list[str] = field(default_factory=list)
    """Inputs found under a new path (same bytes) whose content file followed them: 'old → new (file)'."""
    orphaned: list[str] = field(default_factory=list)
    """Content files whose input is no longer in the inbox: kept as they are."""
    hand_kept: list[str] = field(default_factory=list)
    """Inputs whose article is a content file without provenance (the editor's): not derived again."""
    pages_written: int = 0
    site_dir: Path | None = None
    translated: int = 0
    """Translations completed by this build (machine)."""
    pending: list[str] = field(default_factory=list)
    """Translations still pending after this build, as 'file → language'."""
    outdated: list[str] = field(default_factory=list)
    """Translations older than their original (flagged on the page), as 'file → language: why'."""
    translation_requests: int = 0
    offline: bool = False
    stories: int = 0
    """Stories the articles form."""
    sites_current: list[str] = field(default_factory=list)
    """Languages whose site was left as it was: nothing MkDocs reads had changed."""
    sites_incremental: dict[str, int] = field(default_factory=dict)
    """Languages whose site MkDocs built incrementally, with how many docs files it built again or removed."""
    timings: dict[str, float] = field(default_factory=dict)
    """Wall seconds per phase: prepare (inbox, translations, stories); sites (every language, side by side),
    of which render (pages) and mkdocs for the slowest language; total."""

    root: Path | None = None
    """The project root: files are named relative to it (`relative_to`)."""

    NOTES = ("added", "updated", "unchanged", "skipped", "problems", "moved", "orphaned", "hand_kept", "pending",
             "outdated")
    """The lists of lines that may name files."""

    @property
    def failed(self) -> bool:
        return bool(self.skipped or self.problems)

    def relative_to(self, root: Path) -> None:
        """Name every file relative to the project root, in every line (idempotent).

        Why: the report is published with the site (site/build-report.json); absolute paths would show
        the layout of the machine that built it, and they differ from one checkout to the next."""
        self.root = root
        prefixes = sorted({str(path) + sep for path in (root.absolute(), root.resolve()) for sep in {os.sep, "/"}},
                          key=len, reverse=True)
        for name in self.NOTES:
            setattr(self, name, [_without(line, prefixes) for line in getattr(self, name)])

    def shown_site_dir(self) -> str:
        """Where the site went, relative to the project root when it lies inside it."""
        if self.site_dir is None:
            return ""
        for root in (self.root, self.root.resolve()) if self.root else ():
            try:
                return self.site_dir.relative_to(root).as_posix()
            except ValueError:
                continue
        return str(self.site_dir)

    def summary(self) -> str:
        """The end-of-build report: counts, then one row per problem, then where the site went."""
        lines = [
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped."
        ]
        if not (self.added or self.updated) and self.unchanged:
            lines.append("Nothing changed: no article was re-derived.")
        rows = [("added", len(self.added)), ("updated", len(self.updated)), ("unchanged", len(self.unchanged)),
                ("pending translation", len(self.pending)), ("translation outdated", len(self.outdated)),
                ("skipped or failed", len(self.skipped) + len(self.problems))]
        lines += ["", *(f"  {label:<20} {count:>6}" for label, count in rows), ""]
        lines += named("pending translation", self.pending)
        lines += named("translation outdated", self.outdated)
        lines += [f"  moved {line}" for line in self.moved]
        lines += [f"  input gone: {line}" for line in self.orphaned]
        lines += [f"  kept by hand: {line}" for line in self.hand_kept]
        lines += [f"  skipped {line}" for line in self.skipped]
        lines += [f"  error {line}" for line in self.problems]
        if self.translated or self.pending or self.translation_requests:
            why = " (offline)" if self.offline else ""
            lines.append(f"Translations: {self.translated} done, {len(self.pending)} pending{why}, "
                         f"{self.translation_requests} requests.")
        if self.stories:
            lines.append(f"Stories: {self.stories}.")
        if self.site_dir:
            lines.append(f"Site written to {self.shown_site_dir()} ({self.pages_written} pages changed).")
        if self.sites_current:
            lines.append(f"Unchanged, MkDocs not run: {', '.join(self.sites_current)} (--full runs it anyway).")
        if self.sites_incremental:
            built = ", ".join(f"{lang} ({n} files)" for lang, n in self.sites_incremental.items())
            lines.append(f"Built incrementally, only what changed: {built} (--full builds everything).")
        return "\n".join(lines)

    def to_json(self) -> dict:
        """The report as plain data (site/build-report.json)."""
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "pending_translations": self.pending, "outdated_translations": self.outdated,
            "skipped": self.skipped, "errors": self.problems,
            "moved": self.moved, "inputs_gone": self.orphaned, "kept_by_hand": self.hand_kept,
            "translations_done": self.translated, "translation_requests": self.translation_requests,
            "offline": self.offline, "stories": self.stories, "sites_current": self.sites_current,
            "sites_incremental": self.sites_incremental,
            "timings": self.timings,
        }


def _without(line: str, prefixes: list[str]) -> str:
    """`line` with every occurrence of the given folder prefixes removed (longest first)."""
    for prefix in prefixes:
        line = line.replace(prefix, "")
    return line


NAMED_MAX = 10
"""Most articles named per kind of note in the terminal summary; build-report.json names them all."""


def named(label: str, items: list[str]) -> list[str]:
    """One summary line per item (the first few), then how many more the JSON report lists."""
    lines = [f"  {label}: {item}" for item in items[:NAMED_MAX]]
    if len(items) > NAMED_MAX:
        lines.append(f"  {label}: … and {len(items) - NAMED_MAX:,} more (all in build-report.json)")
    return lines


def inspect_record(article: Article, analysis: Analysis | None = None) -> dict[str, Any]:
    """The article as one JSON-ready object (with its key figures and names when analysed)."""
    fields = article.derived_fields()
    published = fields.pop("date")
    return {
        "file": article.source_path.as_posix(),
        "sha256": article.raw_sha256,
        "encoding": article.encoding,
        "title_method": article.title_method,
        "published": published.isoformat() if published else None,
        "date_method": article.date_method,
        "author": article.author,
        **fields,
        "paragraph_languages": list(article.paragraph_languages),
        "removed": [{"text": text, "why": why or "removed"}
                    for text, why in zip(article.removed, article.removed_why or [""] * len(article.removed))],
        **(analyse.record(analysis) if analysis else {}),
    }


def stories_record(briefing: Briefing) -> list[dict[str, Any]]:
    """The stories as `briefing stories --format json` prints them: id, article slugs, best slug."""
    return [{"id": s.id, "articles": sorted(a.slug for a in s.articles), "best": s.best.slug}
            for s in briefing.stories]


def format_record(record: dict[str, Any]) -> str:
    """The same record, readable in a terminal."""
    lines = []
    for key in ("file", "title", "title_method", "language", "published", "date_method", "author", "source", "url", "tickers",
                "topics"):
        value = record.get(key)
        if key == "author" and not value:
            continue
        lines.append(f"{key + ':':<14}{', '.join(value) if isinstance(value, list) else value}")
    for name, terms in record["topic_terms"].items():
        lines.append(f"  {name}: {', '.join(terms)}")
    lines += ["", "Summary:", f"  {record['summary']}", "", "Key points:"]
    lines += [f"  - {p}" for p in record["key_points"]]
    if record["references"]:
        lines += ["", "References:"] + [f"  {u}" for u in record["references"]]
    if record.get("figures"):
        lines += ["", "Key figures:"] + [
            f"  - {f['text']}: {f['value']:g}{'–' + format(f['high'], 'g') if f['high'] is not None else ''} "
            f"{f['currency'] or f['unit']}{' (' + f['qualifier'] + ')' if f['qualifier'] else ''}"
            f"{' · ' + f['concept'] if f['concept'] else ''}{' · ' + f['subject'] if f['subject'] else ''}"
            for f in record["figures"]]
    if record.get("entities"):
        lines += ["", "Names:"] + [f"  - {e['name']} ({e['kind']}, {e['mentions']}×)" for e in record["entities"]]
    lines += ["", "Body:", record["body"], "", f"Removed ({len(record['removed'])}):"]
    lines += [f"  - [{r['why']}] {r['text']}" for r in record["removed"]]
    return "\n".join(lines)
