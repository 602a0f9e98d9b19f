"""`content/articles/<slug>.md` → ContentFile and Article: reading the store, and what the editor changed in it.

A file is read once per build through `ParsedCache` (bytes unchanged since the last build: its
parse is reused), checked by `schema`, and indexed by the input it was derived from
(`ContentIndex`). `to_article` gives the record the site shows; `ContentFile.edited_fields`
the fields whose value no longer matches the hash recorded when the pipeline wrote them.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import pickle
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .. import fsutil, moments
from ..errors import InputError
from ..fsutil import write_bytes_atomic
from ..models import Article, TopicMatch, Translation, TranslationStatus
from ..stages import translate
from . import schema

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentFile:
    """An article file as found on disk: its path, front matter and body."""

    path: Path
    metadata: dict[str, Any]
    body: str
    seen: bool = False
    """Its bytes are those the previous build read (its edits are already recorded)."""
    note: tuple[str, int] | None = None
    """Something to tell the editor about a file that was still read (not UTF-8): (reason, line)."""
    stale: bool = False
    """The file is broken: this is its last good version, shown on the site and never written back."""

    @property
    def provenance(self) -> dict[str, Any]:
        value = self.metadata.get("provenance")
        return value if isinstance(value, dict) else {}

    @property
    def input(self) -> str | None:
        return self.provenance.get("input")

    def edited_fields(self) -> set[str]:
        """Fields whose current value differs from what the pipeline last wrote."""
        recorded = self.provenance.get("fields") or {}
        edited = set()
        for name, info in recorded.items():
            if not isinstance(info, dict):
                continue
            if info.get("method") == "editor" or info.get("hash") != value_hash(self.value(name)):
                edited.add(name)
        return edited

    def value(self, name: str) -> Any:
        return self.body if name == "body" else self.metadata.get(name)


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
    found = schema.problems(metadata, body)
    if found:
        name, problem = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InputError(path, f"{name}: {problem}{more}", line=line_in(text, name))
    return ContentFile(path=path, metadata=dict(metadata), body=body, note=note)


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


@dataclass
class ContentIndex:
    """The content files found on disk, keyed by the raw input they came from."""

    by_input: dict[str, ContentFile]
    errors: list[InputError]
    """Files that cannot be read (bad YAML, a wrong shape): reported, never overwritten."""
    blocked: set[str]
    """Raw inputs whose content file is unreadable: not re-derived until the editor fixes it."""
    blocked_sha256: set[str] = field(default_factory=set)
    """The same inputs by their bytes, so that moving one does not unblock it."""
    unlinked: list[ContentFile] = field(default_factory=list)
    """Files without `provenance.input`: written by hand, or the editor removed the provenance."""
    stale: dict[Path, ContentFile] = field(default_factory=dict)
    """The last good version of each unreadable file that had one: the site keeps showing it."""
    notes: list[InputError] = field(default_factory=list)
    """Files that were read but need the editor's attention (not UTF-8), with the line."""
    inputs_of: dict[Path, str] = field(default_factory=dict)
    """The raw input each unreadable file names (held back with it), for the report."""


def content_paths(articles_dir: Path) -> list[Path]:
    """The content files: regular `*.md` files in `articles_dir`, never a symbolic link (it could point anywhere)."""
    return sorted(p for p in articles_dir.glob("*.md") if not p.is_symlink() and p.is_file())


class ParsedCache:
    """Parsed content files keyed by a hash of their bytes, pickled under the build folder.

    Parsing YAML front matter is most of the cost of a rebuild in which nothing changed;
    a file whose bytes are unchanged is not parsed again. It also remembers, by file name,
    the last version of each file that parsed: while the editor's file is broken, the site
    keeps that one. Rebuildable, never committed."""

    VERSION = 2

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, tuple[dict[str, Any], str, tuple[str, int] | None]] = {}
        self.good: dict[str, str] = {}
        """File name → key of the last bytes of it that parsed."""
        self.fresh: dict[str, tuple[dict[str, Any], str, tuple[str, int] | None]] = {}
        self.fresh_good: dict[str, str] = {}
        if path is None:
            return
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("version") == self.VERSION:
                self.entries, self.good = loaded["entries"], loaded["good"]
        except FileNotFoundError:
            pass
        except Exception:  # a damaged cache is only a slower build
            log.warning("ignoring unreadable cache %s", path)

    def read(self, path: Path) -> ContentFile:
        """The parsed file, from the cache when its bytes are unchanged."""
        try:
            data = fsutil.read_regular(path, MAX_CONTENT_BYTES)
            key = hashlib.sha1(data).hexdigest()
            if key in self.entries:
                metadata, body, note = self.entries[key]
                content = ContentFile(path=path, metadata=metadata, body=body, seen=True, note=note)
            else:
                content = parse_content(path, *decode_content(path, data))
        except InputError:
            self._keep_last_good(path)
            raise
        self.fresh[key] = (content.metadata, content.body, content.note)
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
        metadata, body, _ = entry
        return ContentFile(path=path, metadata=metadata, body=body, seen=True, stale=True)

    def remember(self, content: ContentFile) -> None:
        """Record a file as the pipeline left it (its bytes on disk now): the last good version from now on."""
        if content.stale or content.seen:
            return
        try:
            key = hashlib.sha1(fsutil.read_regular(content.path, MAX_CONTENT_BYTES)).hexdigest()
        except InputError:
            return
        self.fresh[key] = (content.metadata, content.body, content.note)
        self.fresh_good[content.path.name] = key

    def save(self) -> None:
        """Keep the files seen this run, written if anything differs from what was loaded."""
        if self.path is not None and (self.fresh.keys() != self.entries.keys() or self.fresh_good != self.good):
            data = {"version": self.VERSION, "entries": self.fresh, "good": self.fresh_good}
            write_bytes_atomic(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def index_content(articles_dir: Path, cache: ParsedCache | None = None) -> ContentIndex:
    """Existing content files keyed by their raw input; unreadable files as errors (with their last good version).

    The caller saves the cache once the pipeline has written what it writes (`ParsedCache.remember`)."""
    index = ContentIndex({}, [], set())
    cache = cache or ParsedCache(None)
    for path in content_paths(articles_dir):
        try:
            content = cache.read(path)
        except InputError as exc:
            index.errors.append(exc)
            last = cache.last_good(path)
            if last is not None:
                index.stale[path] = last
            # Why: deriving that input again would write a second copy next to the editor's broken file.
            blocked_input, blocked_sha = ((last.input, last.provenance.get("sha256")) if last is not None
                                          else _provenance_named_in(path))
            if blocked_input:
                index.blocked.add(str(blocked_input))
                index.inputs_of[path] = str(blocked_input)
            if blocked_sha:
                index.blocked_sha256.add(str(blocked_sha))
            continue
        if content.note:
            index.notes.append(InputError(path, content.note[0], line=content.note[1]))
        if isinstance(content.input, str) and content.input:
            index.by_input[content.input] = content
        else:
            index.unlinked.append(content)
    return index


def _provenance_named_in(path: Path) -> tuple[str | None, str | None]:
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
    return prov.get("sha256") == raw_sha256 and prov.get("versions") == versions


def to_article(content: ContentFile) -> Article:
    """The record the renderer needs, read back from a content file (editor edits included)."""
    meta = content.metadata
    prov = content.provenance
    topic_terms = meta.get("topic_terms") or {}
    topics = tuple(
        TopicMatch(name=str(name), terms=tuple(map(str, topic_terms.get(name) or ())), score=0.0)
        for name in meta.get("topics") or ()
    )
    published = meta.get("date")
    published_at = moments.parse(published)
    if isinstance(published, str):
        published = date.fromisoformat(published[:10])  # its shape was checked when the file was read
    if isinstance(published, datetime):
        published = published.date()
    return Article(
        source_path=Path(prov.get("input") or content.path.name),
        raw_sha256=str(prov.get("sha256") or ""),
        raw_text="",
        url=meta.get("url") or None,
        body=content.body.strip(),
        title=str(meta.get("title") or content.path.stem),
        title_method=_title_method(content),
        published=published if isinstance(published, date) else None,
        published_at=published_at,
        added=_added(content),
        source=str(meta["source"]) if meta.get("source") else None,
        references=tuple(map(str, meta.get("references") or ())),
        tickers=tuple(map(str, meta.get("tickers") or ())),
        language=str(meta.get("language") or "und"),
        summary=str(meta.get("summary") or ""),
        key_points=tuple(map(str, meta.get("key_points") or ())),
        topics=topics,
        translations=_translations_of(content),
        slug=content.path.stem,
        story=str(meta.get("story") or ""),
    )


def _added(content: ContentFile) -> datetime | None:
    """When the file was first written (`provenance.added`); for a file without it, its modification time."""
    added = moments.parse(content.provenance.get("added"))
    if added is not None:
        return added if added.tzinfo else added.replace(tzinfo=timezone.utc)
    try:
        return datetime.fromtimestamp(content.path.stat().st_mtime, timezone.utc).replace(microsecond=0)
    except OSError:
        return None


def _title_method(content: ContentFile) -> str:
    """How the file's title was found ('generated', 'first-line', …), 'editor' once edited, '' in a hand-written file."""
    info = (content.provenance.get("fields") or {}).get("title")
    if not isinstance(info, dict):
        return ""
    if info.get("method") == "editor" or info.get("hash") != value_hash(content.value("title")):
        return "editor"
    return str(info.get("method") or "").removeprefix("clean.")


def _translations_of(content: ContentFile) -> tuple[Translation, ...]:
    """The `translations` mapping as records, in language order."""
    raw = content.metadata.get("translations") or {}
    records = []
    current = translate.source_hash({**content.metadata, "body": content.body}) if raw else ""
    for language, entry in sorted(raw.items()):  # its shape was checked when the file was read
        records.append(Translation(
            language=str(language),
            status=TranslationStatus(entry["status"]),
            title=str(entry.get("title") or ""),
            summary=str(entry.get("summary") or ""),
            key_points=tuple(map(str, entry.get("key_points") or ())),
            body=str(entry.get("body") or "").strip(),
            provider=str(entry["provider"]) if entry.get("provider") else None,
            translated_at=str(entry["translated_at"]) if entry.get("translated_at") else None,
            outdated=translate.is_outdated(entry, current),
        ))
    return tuple(records)


STORY_METHOD = "stories.cluster"


def story_of(content: ContentFile) -> tuple[str, bool]:
    """The file's `story` and whether the editor set it (a pinned story the clustering keeps)."""
    value = content.metadata.get("story")
    if not isinstance(value, str) or not value.strip():
        return "", False
    record = (content.provenance.get("fields") or {}).get("story")
    machine = (isinstance(record, dict) and record.get("method") == STORY_METHOD
               and record.get("hash") == value_hash(value))
    return value.strip(), not machine


def line_of(content: ContentFile, key: str) -> int | None:
    """1-based line of a front-matter field (dotted for a nested one) in the file on disk, for error messages."""
    try:
        text, _ = decode_content(content.path, fsutil.read_regular(content.path, MAX_CONTENT_BYTES))
    except InputError:
        return None
    return line_in(text, key)
