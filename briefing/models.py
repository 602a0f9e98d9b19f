"""The records that flow through the pipeline.

An `Article` is created by ingest and each stage returns an updated copy
(`dataclasses.replace`). Nothing attaches attributes on the fly.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from .lang import text


@dataclass(frozen=True)
class TopicMatch:
    """One topic assigned to an article, with the terms that matched and the score."""

    name: str
    terms: tuple[str, ...]
    score: float


class TranslationStatus(StrEnum):
    """Where an article's text in another language stands."""

    MACHINE = "machine"
    """Translated by a machine translation service."""
    EDITOR = "editor"
    """Written or corrected by the editor: never replaced by a machine translation."""
    PENDING = "pending"
    """Not translated yet: readers get the original."""
    ORIGINAL = "original"
    """Only in views: the page is in the article's own language (never stored)."""

    @property
    def done(self) -> bool:
        """Whether there is a translation to show."""
        return self in (TranslationStatus.MACHINE, TranslationStatus.EDITOR)

    @classmethod
    def stored(cls) -> tuple[TranslationStatus, ...]:
        """The statuses a content file may record."""
        return cls.MACHINE, cls.EDITOR, cls.PENDING


@dataclass(frozen=True)
class Translation:
    """The article in another site language (front matter `translations.<language>`)."""

    language: str
    status: TranslationStatus
    title: str = ""
    summary: str = ""
    key_points: tuple[str, ...] = ()
    body: str = ""
    provider: str | None = None
    translated_at: str | None = None
    source_hash: str | None = None
    """Hash of the original's text it was made from (`translate.source_hash`): another one means outdated."""
    text_hash: str | None = None
    """Hash of its own text as the pipeline last wrote it: another one means the editor changed it."""
    outdated: bool = False
    """Made from an earlier version of the original (the page says so)."""

    def __post_init__(self) -> None:
        # Why: a status read from a file is a string; the record always holds the enum.
        object.__setattr__(self, "status", TranslationStatus(self.status))

    @property
    def paragraphs(self) -> list[str]:
        return text.paragraphs(self.body)


@dataclass(frozen=True)
class Article:
    """One article, from raw input to enriched record."""

    # --- ingest: where it came from and its decoded text
    source_path: Path
    """Path of the raw input, relative to the project root (POSIX style in output)."""
    raw_sha256: str
    """SHA-256 of the raw input bytes: the article's identity for caching."""
    raw_text: str
    """The decoded, mojibake-repaired text (main text only, for HTML)."""
    encoding: str = "utf-8"
    """The encoding the raw bytes were decoded from."""
    url: str | None = None
    """Canonical URL of the article, when the input names it (HTML <link rel=canonical>, etc.)."""
    author: str | None = None
    """The byline, when pasted front matter names it (shown by `briefing inspect`; not written to content)."""
    input_problems: tuple[tuple[int, str], ...] = ()
    """Faults of the input that did not stop it, as (line, reason): an impossible date in pasted front matter.
    The build reports each with the file and line; the article is built without the faulty value."""

    # --- clean: boilerplate out, metadata in
    body: str = ""
    """Cleaned body: paragraphs separated by one blank line, no headline."""
    removed: tuple[str, ...] = ()
    """Lines or spans the cleaner removed, in input order."""
    removed_why: tuple[str, ...] = ()
    """Why each of `removed` went (a rule's name, or the model's score and main evidence)."""
    title: str = ""
    title_method: str = ""
    """How the title was found: 'first-line', 'last-line', 'html', 'generated', 'editor'."""
    published: date | None = None
    published_at: datetime | None = None
    """The publication time, when the source gives one (with its UTC offset when it names one);
    `published` is its day as written. Editions convert it to the briefing's time zone."""
    date_method: str = ""
    """Where the date came from: 'html', 'front-matter', 'page-marker', 'header', 'footer'."""
    source: str | None = None
    """The outlet (publication) the article comes from, when known."""
    references: tuple[str, ...] = ()
    """URLs the article cites: kept as the article's sources."""
    tickers: tuple[str, ...] = ()
    """Stock tickers mentioned, e.g. ('BABA', 'NVDA')."""

    # --- detect
    language: str = "und"
    """ISO 639-1 code of the article's language ('und' when unknown)."""
    paragraph_languages: tuple[str, ...] = ()
    """Language of each body paragraph, aligned with `paragraphs`."""

    # --- summarise
    summary: str = ""
    """One-sentence dek, taken from the body."""
    key_points: tuple[str, ...] = ()
    """3-5 key sentences from the body (fewer for a very short article)."""

    # --- classify
    topics: tuple[TopicMatch, ...] = ()

    # --- translate (read back from the content file)
    translations: tuple[Translation, ...] = ()

    # --- write
    slug: str = ""
    added: datetime | None = None
    """When the article was first written to content/articles (`provenance.added`, UTC): its edition's
    day when it has no date."""

    # --- stories (front matter `story`, assigned across the collection)
    story: str = ""
    """Id of the story the article belongs to ('' until clustering has run)."""

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs."""
        return text.paragraphs(self.body)

    @property
    def topic_names(self) -> list[str]:
        return [t.name for t in self.topics]

    def derived_fields(self) -> dict:
        """The values the pipeline derives, keyed as in an article's front matter (body included)."""
        return {
            "title": self.title,
            "date": self.published_at or self.published,
            "language": self.language,
            "source": self.source,
            "url": self.url,
            "references": list(self.references),
            "tickers": list(self.tickers),
            "topics": [t.name for t in self.topics],
            "topic_terms": {t.name: list(t.terms) for t in self.topics},
            "summary": self.summary,
            "key_points": list(self.key_points),
            "body": self.body,
        }

    def replace(self, **changes) -> "Article":
        """Return a copy with `changes` applied (stages use this to pass the record on)."""
        return dataclasses.replace(self, **changes)

    def digest(self) -> str:
        """SHA-256 of the record's repr: every field a page could read (all are strings, numbers, dates,
        paths and tuples of them, so the repr is deterministic). Kept on the record once made, and pickled
        with it: a record memoised by the parse cache (briefing/content/read.py) carries it from build to
        build. A copy made by `replace` has none until asked.

        Why: the render cache keys each story by its records; the repr of 10,000 records was ~0.5 s a build."""
        known = self.__dict__.get("_digest")
        if known is None:
            known = hashlib.sha256(repr(self).encode("utf-8")).hexdigest()
            object.__setattr__(self, "_digest", known)
        return known
