"""`content/articles` for one build: read once, changed in memory, each changed file written once.

    ContentStore.load()   every `*.md` read once (through the parse cache); unreadable ones with their last good version
      ├── put()           a file's next state: derived again, edits recorded, translated, its story set
      ├── article()       the record the site shows, read from a file's current state
      └── save()          each changed file written once, atomically; the parse cache remembers its bytes

A build derives, translates and groups in turn; each step puts its result into the store, and
nothing touches the disk until `save`. A file that did not change is never written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..fsutil import write_bytes_atomic
from ..models import Article
from . import read, write
from .read import ContentFile, ParsedCache

log = logging.getLogger(__name__)


@dataclass
class ContentStore:
    """The content files of one build, by path, with what could not be read."""

    folder: Path
    cache: ParsedCache
    files: dict[Path, ContentFile] = field(default_factory=dict)
    """Every readable file in its current state, and the last good version of each broken one (`stale`)."""
    errors: dict[Path, InputError] = field(default_factory=dict)
    """Files that cannot be read (bad YAML, a wrong shape): reported, never overwritten."""
    blocked: set[str] = field(default_factory=set)
    """Raw inputs whose content file is unreadable: not derived again until the editor fixes it."""
    blocked_sha256: set[str] = field(default_factory=set)
    """The same inputs by their bytes, so that moving one does not unblock it."""
    inputs_of: dict[Path, str] = field(default_factory=dict)
    """The raw input each unreadable file names (held back with it), for the report."""
    notes: list[InputError] = field(default_factory=list)
    """Files that were read but need the editor's attention (not UTF-8), with the line."""
    unlinked: list[ContentFile] = field(default_factory=list)
    """Files without `provenance.input`, as loaded: written by hand, or the editor removed the provenance."""
    taken: set[str] = field(default_factory=set)
    """File names (without .md) in use: on disk when loaded, and those new files took since."""
    changed: set[Path] = field(default_factory=set)
    _articles: dict[Path, Article] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, cache: ParsedCache | None = None) -> ContentStore:
        """Read every content file in `folder` once; an unreadable one is kept as an error, with its last good version."""
        paths, taken = read.content_listing(folder)
        store = cls(folder, cache or ParsedCache(None), taken=taken)
        for path in paths:
            try:
                content = store.cache.read(path)
            except InputError as exc:
                store._broken(path, exc)
                continue
            if content.note:
                store.notes.append(InputError(path, content.note[0], line=content.note[1]))
            store.files[path] = content
            if not content.input:
                store.unlinked.append(content)
        return store

    def _broken(self, path: Path, error: InputError) -> None:
        """Record an unreadable file: its last good version stays on the site, and its input is held back."""
        self.errors[path] = error
        last = self.cache.last_good(path)
        if last is not None:
            self.files[path] = last
        # Why: deriving that input again would write a second copy next to the editor's broken file.
        blocked_input, blocked_sha = ((last.input, last.provenance.sha256) if last is not None
                                      else read.provenance_named_in(path))
        if blocked_input:
            self.blocked.add(str(blocked_input))
            self.inputs_of[path] = str(blocked_input)
        if blocked_sha:
            self.blocked_sha256.add(str(blocked_sha))

    def by_input(self) -> dict[str, ContentFile]:
        """The files derived from a raw input (last good versions left out), keyed by that input."""
        return {content.input: content for content in self.files.values() if content.input and not content.stale}

    def paths(self) -> list[Path]:
        """Every content file, readable or not, in name order (new ones included)."""
        return sorted({*self.files, *self.errors})

    def current(self) -> list[ContentFile]:
        """The files that can be changed (last good versions of broken ones left out), in name order."""
        return [self.files[path] for path in sorted(self.files) if not self.files[path].stale]

    def new_path(self, slug: str) -> Path:
        """Where a new article with `slug` goes; the name is taken from now on."""
        self.taken.add(slug)
        return self.folder / f"{slug}.md"

    def put(self, content: ContentFile) -> None:
        """Keep `content` as the file's next state; it is written by `save`."""
        if content.stale:
            raise ValueError(f"{content.path}: the last good version of a broken file is never written back")
        self.files[content.path] = content
        self._articles.pop(content.path, None)
        self.changed.add(content.path)

    def article(self, content: ContentFile) -> Article:
        """The record the site shows for a file in its current state (read once per state)."""
        if content.path not in self._articles or self.files.get(content.path) is not content:
            article = self.cache.article(content)  # as the last build made it, for a file as it was
            if article is None:
                article = read.to_article(content)
                self.cache.keep_article(content, article)
            self._articles[content.path] = article
        return self._articles[content.path]

    def line_of(self, content: ContentFile, key: str) -> int | None:
        """1-based line of a front-matter field in the file as it will be written (as it is, if unchanged)."""
        if content.path in self.changed:
            return read.line_in(write.dump(content.metadata, content.body), key)
        return read.line_of(content, key)

    def save(self) -> list[Path]:
        """Write each changed file once, atomically, and remember its bytes in the parse cache; the files written."""
        written = []
        for path in sorted(self.changed):
            content = self.files[path]
            data = write.dump(content.metadata, content.body).encode("utf-8")
            if write_bytes_atomic(path, data):
                written.append(path)
            self.cache.remember(content, data)
        self.changed.clear()
        self.cache.save()
        return written
