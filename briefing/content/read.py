"""`content/articles/<slug>.md` → ContentFile and Article: reading the store, and what the editor changed in it.

A file is read once per build through `ParsedCache` (bytes unchanged since the last build: its
parse is reused) and typed by `schema`; `store.ContentStore` holds them for the build.
`to_article` gives the record the site shows; `ContentFile.edited_fields` the fields whose
value no longer matches the hash recorded when the pipeline wrote them.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .. import fsutil, moments
from ..errors import InputError
from ..models import Article, TopicMatch, Translation, TranslationStatus
from ..stages import translate
from . import pickled, schema
from .seen import Seen

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentFile:
    """An article file: its path, its front matter (as written, and typed) and its body."""

    path: Path
    metadata: dict[str, Any]
    """The front matter as the file holds it, in its order: what is written back."""
    body: str
    front: schema.FrontMatter
    """The same front matter, typed and checked (None for a key the file lacks)."""
    seen: bool = False
    """Its bytes are those the previous build read (its edits are already recorded)."""
    note: tuple[str, int] | None = None
    """Something to tell the editor about a file that was still read (not UTF-8): (reason, line)."""
    stale: bool = False
    """The file is broken: this is its last good version, shown on the site and never written back."""

    @classmethod
    def of(cls, path: Path, metadata: dict[str, Any], body: str, **flags: Any) -> ContentFile:
        """A content file from its front matter and body; raises schema.BadFrontMatter on a wrong shape."""
        return cls(path=path, metadata=metadata, body=body, front=schema.typed(metadata, body), **flags)

    @property
    def provenance(self) -> schema.Provenance:
        return self.front.provenance or schema.Provenance()

    @property
    def input(self) -> str | None:
        return self.provenance.input

    def recorded(self) -> dict[str, schema.FieldRecord]:
        """`provenance.fields`: how the pipeline wrote each field it derived."""
        return {name: info for name, info in (self.provenance.fields or {}).items() if info is not None}

    def edited_fields(self) -> set[str]:
        """Fields whose current value differs from what the pipeline last wrote."""
        return {name for name, info in self.recorded().items()
                if info.method == "editor" or info.hash != value_hash(self.value(name))}

    def value(self, name: str) -> Any:
        return self.body if name == "body" else self.metadata.get(name)

    @property
    def source_hash(self) -> str:
        """`translate.source_hash` of the text as the file holds it: what its translations were made from."""
        front = self.front
        return translate.source_hash(front.title, front.summary, front.key_points, self.body)


def value_hash(value: Any) -> str:
    """Short, stable hash of a front-matter value (dates as ISO strings, text stripped)."""
    if isinstance(value, str):
        value = value.strip()
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class _BoundedYAML(frontmatter.YAMLHandler):
    """Front matter parsed by `schema.load_yaml`: libyaml's safe loader, no aliases, anchors or deep nesting."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return schema.load_yaml(fm)


HANDLER = _BoundedYAML()
"""The front-matter handler for every file the editor or a contributor can write (content and inbox)."""

MAX_CONTENT_BYTES = 64 * 1024 * 1024
"""Larger content files are refused: a body and its translations in eight languages fit well below."""


def read_content(path: Path) -> ContentFile:
    """Parse one content file. Raises InputError with the file and line on bad front matter."""
    text, note = decode_content(path, fsutil.read_regular(path, MAX_CONTENT_BYTES))
    return parse_content(path, text, note)


def decode_content(path: Path, data: bytes) -> tuple[str, tuple[str, int] | None]:
    """The text of a content file, read as what it is: BOM stripped, CRLF or CR line ends made LF.

    A file that is not UTF-8 (a Latin-1 editor) is read as cp1252; the note says so, with the line."""
    note = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid UTF-16 at byte {exc.start}") from None
    else:
        data = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Why cp1252, then Latin-1: Windows editors save cp1252; Latin-1 maps the five bytes cp1252 lacks.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            line = data.count(b"\n", 0, exc.start) + 1
            note = (f"not UTF-8 (byte 0x{data[exc.start]:02X}): read as cp1252; save the file as UTF-8", line)
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def parse_content(path: Path, text: str, note: tuple[str, int] | None = None) -> ContentFile:
    """Parse and check the text of content file `path`. Raises InputError with the file, line and field."""
    try:
        metadata, body = split_front_matter(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None  # 1-based; the YAML starts on the --- line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        # Why the key: a value YAML reads but Python refuses (date: 2025-13-45) is a field to fix, not bad syntax.
        key = _key_on_line(text, line) if isinstance(exc, yaml.constructor.ConstructorError) else None
        raise InputError(path, f"{key}: {problem}" if key else f"invalid YAML front matter: {problem}",
                         line=line) from None
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        # Why: YAML's constructors raise these on valid syntax (month 13, a 5,000-digit number).
        raise InputError(path, f"invalid YAML front matter: {exc}", line=2) from None
    if not isinstance(metadata, dict):
        raise InputError(path, "front matter must be a mapping", line=2)
    try:
        return ContentFile.of(path, dict(metadata), body, note=note)
    except schema.BadFrontMatter as exc:
        raise _shape_error(path, text, exc.problems) from None


def _shape_error(path: Path, text: str, found: list[schema.Problem]) -> InputError:
    """One error naming every bad field: the first with its line as the error's line, the others with theirs."""
    (name, problem), rest = found[0], found[1:]
    others = ", ".join(f"{field} (line {line_in(text, field) or '?'})" for field, _ in rest[:5])
    more = f" (and {len(rest)} more: {others}{', …' if len(rest) > 5 else ''})" if rest else ""
    return InputError(path, f"{name}: {problem}{more}", line=line_in(text, name))


def _key_on_line(text: str, line: int | None) -> str | None:
    """The front-matter key written on 1-based `line` of a file's text, if that line starts one."""
    lines = text.split("\n")
    if not line or line > len(lines):
        return None
    match = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:", lines[line - 1])
    return match.group(1) if match else None


def split_front_matter(text: str) -> tuple[Any, str]:
    """(front matter, body) of a file's text: ({}, text) when it does not open with a `---` block."""
    text = text.strip()
    if not HANDLER.detect(text):
        return {}, text
    try:
        fm, body = HANDLER.split(text)
    except ValueError:  # an opening --- without a closing one
        return {}, text
    metadata = HANDLER.load(fm)
    return ({} if metadata is None else metadata), body.strip()


def line_in(text: str, field: str) -> int | None:
    """1-based line of a dotted front-matter field (`translations.fr.key_points`) in a file's text, best effort."""
    names = [part for part in re.split(r"[.\[]", field) if part and not part.endswith("]")]
    lines = text.split("\n")
    best, start = None, 0
    for depth, name in enumerate(names):
        # Why the indent test: a top-level key starts its line; a nested one is indented (or follows "- ").
        found = next((i for i in range(start, len(lines)) if lines[i].lstrip(" -").startswith(f"{name}:")
                      and (depth > 0) == (lines[i][:1] in (" ", "-"))), None)
        if found is None:
            break
        best, start = found, found + 1
    return best + 1 if best is not None else None


_PROVENANCE_INPUT = re.compile(r"^\s+input:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.MULTILINE)
_PROVENANCE_SHA = re.compile(r"^\s+sha256:\s*['\"]?([0-9a-f]{64})['\"]?\s*$", re.MULTILINE)


def content_paths(articles_dir: Path) -> list[Path]:
    """The content files: regular `*.md` files in `articles_dir`, never a symbolic link (it could point anywhere)."""
    return content_listing(articles_dir)[0]


def content_listing(articles_dir: Path) -> tuple[list[Path], set[str]]:
    """`content_paths`, and the names (without .md) of every `*.md` entry, links and folders included.

    Why one listing by `os.scandir`: its entries know their type without a `stat` each, and the
    names come in one pass (two globs and two stats per file were ~0.3 s at 10,000 articles)."""
    try:
        entries = [entry for entry in os.scandir(articles_dir) if entry.name.endswith(".md")]
    except (FileNotFoundError, NotADirectoryError, PermissionError):  # as `Path.glob`: no files
        return [], set()
    names = sorted(entry.name for entry in entries if not entry.is_symlink() and entry.is_file())
    return [articles_dir / name for name in names], {entry.name[:-3] for entry in entries}


class ParsedCache:
    """Parsed content files keyed by a hash of their bytes, pickled under the build folder.

    Parsing YAML front matter is most of the cost of a rebuild in which nothing changed;
    a file whose bytes are unchanged is not parsed again. It also remembers, by file name,
    the last version of each file that parsed: while the editor's file is broken, the site
    keeps that one. Rebuildable, never committed."""

    VERSION = 5

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, ContentFile] = {}
        self.good: dict[str, str] = {}
        """File name → key of the last bytes of it that parsed."""
        self.fresh: dict[str, ContentFile] = {}
        self.fresh_good: dict[str, str] = {}
        self.articles: dict[str, Memo] = {}
        """Key → the file's `to_article`, as made by the last build that needed it (see `article`)."""
        self.memoised: set[str] = set()
        """Keys whose record was made this run: written with the entry even when the entry is not new."""
        self.stored = pickled.Stored()
        # Why: reading and hashing every content file was ~0.5 s of an add-one build at 10,000 articles.
        self.seen = Seen(path.with_name(f"{path.stem}-seen{path.suffix}") if path else None)
        if path is None:
            return
        # Why a base and a delta (briefing/content/pickled.py): adding one article writes a small file.
        self.stored = pickled.load(path, self.VERSION)
        self.good = self.stored.good
        # Each entry is stored as (parsed file, memoised record or None).
        self.entries = {key: entry for key, (entry, _) in self.stored.entries.items()}
        self.articles = {key: memo for key, (_, memo) in self.stored.entries.items() if memo is not None}

    def read(self, path: Path) -> ContentFile:
        """The parsed file, from the cache when its bytes are unchanged (not even read when its stamps are)."""
        try:
            key = self.seen.known(str(path), path)
            if key not in self.entries:
                taken = self.seen.taken(path)
                data = fsutil.read_regular(path, MAX_CONTENT_BYTES)
                key = hashlib.sha1(data).hexdigest()
                self.seen.remember(str(path), taken, key)
            if key in self.entries:
                content = _as_read(self.entries[key], path)
            else:
                content = parse_content(path, *decode_content(path, data))
        except InputError:
            self._keep_last_good(path)
            raise
        self.fresh[key] = content
        self.fresh_good[path.name] = key
        return content

    def _keep_last_good(self, path: Path) -> None:
        key = self.good.get(path.name)
        if key in self.entries:
            self.fresh[key] = self.entries[key]
            self.fresh_good[path.name] = key

    def last_good(self, path: Path) -> ContentFile | None:
        """The last version of a (now broken) file that parsed, marked stale; None if there is none."""
        entry = self.fresh.get(self.fresh_good.get(path.name, ""))
        if entry is None:
            return None
        return dataclasses.replace(entry, path=path, seen=True, stale=True, note=None)

    def remember(self, content: ContentFile, data: bytes) -> None:
        """Record a file as the pipeline wrote it (`data`, its bytes): the last good version from now on."""
        if content.stale or content.seen:
            return
        key = hashlib.sha1(data).hexdigest()
        self.fresh[key] = content
        self.fresh_good[content.path.name] = key

    def article(self, content: ContentFile) -> Article | None:
        """`to_article(content)` as memoised by a build that read the same bytes at the same path with the same
        code; None when there is none. Only for a file as read this run (`content` is its cache entry).

        Why: making every file's record again was ~1 s of an add-one build at 10,000 articles."""
        key = self._key_of(content)
        memo = self.articles.get(key) if key is not None else None
        if memo is None or memo.code != article_code() or memo.name != content.path.name:
            return None
        return memo.article

    def keep_article(self, content: ContentFile, article: Article) -> None:
        """Memoise `to_article(content)` for the next build: for a file as read this run, whose record reads
        nothing but its bytes and name (not its modification time: see `_added`)."""
        key = self._key_of(content)
        if key is None or _recorded_added(content) is None:
            return
        article.digest()  # made once, pickled with the record (the render cache's key reads it)
        self.articles[key] = Memo(article_code(), content.path.name, article)
        self.memoised.add(key)

    def _key_of(self, content: ContentFile) -> str | None:
        """The key of `content` if it is the entry this run read for its file (not a later state, not stale)."""
        key = self.fresh_good.get(content.path.name)
        return key if key is not None and self.fresh.get(key) is content else None

    def save(self) -> None:
        """Keep the files seen this run, written if anything differs from what was loaded."""
        if self.path is not None and (self.fresh.keys() != self.entries.keys() or self.fresh_good != self.good
                                      or self.memoised & self.fresh.keys()):
            stored = {key: (entry, self.articles.get(key)) for key, entry in self.fresh.items()}
            pickled.save(self.path, self.VERSION, self.stored, stored, self.fresh_good, changed=self.memoised)
            self.memoised = set()
        self.seen.save()


@dataclass(frozen=True)
class Memo:
    """A content file's record (`to_article`), with what it was made from besides the file's bytes."""

    code: str
    """`article_code()` of the code that made it."""
    name: str
    """The file's name: the record's slug and fallbacks read it."""
    article: Article


ARTICLE_SOURCES = ("content/read.py", "content/schema.py", "models.py", "stages/translate.py", "moments.py")
"""The modules `to_article` runs (relative to the package): a change to one makes every record again."""


@functools.cache
def article_code() -> str:
    """A digest of the code `to_article` runs, so that a memoised record never outlives it."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in ARTICLE_SOURCES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


def _as_read(entry: ContentFile, path: Path) -> ContentFile:
    """A cached entry as the file `path` holding its bytes: the entry itself when it already says so."""
    # Why: an unchanged file's entry was kept as read (same path, seen), and a copy per file is a cost.
    if entry.path == path and entry.seen and not entry.stale:
        return entry
    return dataclasses.replace(entry, path=path, seen=True, stale=False)


def provenance_named_in(path: Path) -> tuple[str | None, str | None]:
    """The raw input and its sha256 that a broken content file names in `provenance`, read as plain text."""
    try:
        text = fsutil.read_regular(path, MAX_CONTENT_BYTES).decode("utf-8", errors="replace")
    except InputError:
        return None, None
    match, sha = _PROVENANCE_INPUT.search(text), _PROVENANCE_SHA.search(text)
    return (match.group(1) if match else None), (sha.group(1) if sha else None)


def is_current(content: ContentFile, raw_sha256: str, versions: dict[str, int]) -> bool:
    """True when `content` was derived from the same raw bytes by the same stage versions."""
    prov = content.provenance
    return prov.sha256 == raw_sha256 and prov.versions == versions


def to_article(content: ContentFile) -> Article:
    """The record the site shows, read from a content file: editor edits, translations and story included."""
    front = content.front
    topic_terms = front.topic_terms or {}
    topics = tuple(TopicMatch(name=name, terms=tuple(topic_terms.get(name) or ()), score=0.0)
                   for name in front.topics or () if name is not None)
    published, published_at = front.date, moments.parse(front.date)
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])  # its shape was checked when the file was read
    if isinstance(published, datetime):
        published = published.date()
    prov = content.provenance
    return Article(
        source_path=Path(prov.input or content.path.name),
        raw_sha256=prov.sha256 or "",
        raw_text="",
        encoding=prov.encoding or "utf-8",
        url=front.url or None,
        body=content.body.strip(),
        title=front.title or content.path.stem,
        title_method=_title_method(content),
        published=published,
        published_at=published_at,
        added=_added(content),
        source=front.source or None,
        references=_texts(front.references),
        tickers=_texts(front.tickers),
        language=front.language or "und",
        summary=front.summary or "",
        key_points=_texts(front.key_points),
        topics=topics,
        translations=translations_of(content),
        slug=content.path.stem,
        story=story_of(content)[0],
    )


def _texts(values: list[str | None] | None) -> tuple[str, ...]:
    """A list of text from the front matter as a tuple (an empty item stays, as 'None' did before)."""
    return tuple("None" if value is None else value for value in values or ())


def _added(content: ContentFile) -> datetime | None:
    """When the file was first written (`provenance.added`); for a file without it, its modification time."""
    added = _recorded_added(content)
    if added is not None:
        return added
    try:
        return datetime.fromtimestamp(content.path.stat().st_mtime, timezone.utc).replace(microsecond=0)
    except OSError:
        return None


def _recorded_added(content: ContentFile) -> datetime | None:
    """`provenance.added` as a moment in UTC; None when the file does not record it."""
    added = moments.parse(content.provenance.added)
    if added is None:
        return None
    return added if added.tzinfo else added.replace(tzinfo=timezone.utc)


def _title_method(content: ContentFile) -> str:
    """How the file's title was found ('generated', 'first-line', …), 'editor' once edited, '' in a hand-written file."""
    info = content.recorded().get("title")
    if info is None:
        return ""
    if info.method == "editor" or info.hash != value_hash(content.value("title")):
        return "editor"
    return (info.method or "").removeprefix("clean.")


def translations_of(content: ContentFile) -> tuple[Translation, ...]:
    """The `translations` of a file as records, in language order, with the editor's hand edits adopted."""
    current = content.source_hash if content.front.translations else ""
    return tuple(sorted((settled(entry, language, current) for language, entry in _entries(content)),
                        key=lambda t: t.language))


def _entries(content: ContentFile) -> list[tuple[str, schema.TranslationEntry]]:
    """(language, typed entry) of each translation the file holds, in the file's order."""
    return [(language, entry) for language, entry in (content.front.translations or {}).items() if language]


def settled(entry: schema.TranslationEntry, language: str, current_hash: str) -> Translation:
    """A translation as the file holds it, the editor's hand edits adopted and never lost.

    A machine translation whose text was edited becomes the editor's. An editor translation edited
    since the last build (or seen for the first time without a record) is taken to match the current
    source; one left as it was keeps the source hash it was made from, so a later change to the
    source shows it as outdated."""
    record = Translation(
        language=language, status=entry.status, title=entry.title or "", summary=entry.summary or "",
        key_points=_texts(entry.key_points), body=(entry.body or "").strip(), provider=entry.provider or None,
        translated_at=entry.translated_at or None, source_hash=entry.source_hash, text_hash=entry.text_hash)
    if entry.status.done:
        written, recorded = _written_hash(entry), entry.text_hash
        # As the pipeline left it (a machine entry from before text hashes: nothing to compare).
        if not (recorded == written or (recorded is None and entry.status == TranslationStatus.MACHINE)):
            fresh = recorded is not None or not entry.source_hash
            record = dataclasses.replace(record, status=TranslationStatus.EDITOR, text_hash=written,
                                         source_hash=current_hash if fresh else entry.source_hash)
    return dataclasses.replace(record, outdated=translate.is_outdated(record, current_hash))


def _written_hash(entry: schema.TranslationEntry) -> str:
    """The text hash of a translation as the file holds it (None for a part it lacks)."""
    return translate.source_hash(entry.title, entry.summary, entry.key_points, entry.body)


STORY_METHOD = "stories.cluster"


def story_of(content: ContentFile) -> tuple[str, bool]:
    """The file's `story` and whether the editor set it (a pinned story the clustering keeps)."""
    value = content.metadata.get("story")
    if not isinstance(value, str) or not value.strip():
        return "", False
    record = content.recorded().get("story")
    machine = record is not None and record.method == STORY_METHOD and record.hash == value_hash(value)
    return value.strip(), not machine


def line_of(content: ContentFile, key: str) -> int | None:
    """1-based line of a front-matter field (dotted for a nested one) in the file on disk, for error messages."""
    try:
        text, _ = decode_content(content.path, fsutil.read_regular(content.path, MAX_CONTENT_BYTES))
    except InputError:
        return None
    return line_in(text, key)
