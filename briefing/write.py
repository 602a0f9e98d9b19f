"""Article ↔ `content/articles/<slug>.md` (python-frontmatter), keeping the editor's edits.

Every derived field records in `provenance.fields` the method and version that
produced it and a short hash of the value written. On the next build a value
whose hash no longer matches was edited by hand: it is kept, and marked
`method: editor`. A file whose input and stage versions are unchanged is not
re-derived at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from slugify import slugify

from .errors import InputError
from .fsutil import write_bytes_atomic, write_text_atomic
from .models import Article, TopicMatch, Translation

log = logging.getLogger(__name__)

SLUG_MAX = 80
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_SLUG_SAFE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Front-matter keys derived by the pipeline, in the order they are written, with the stage owning each.
FIELD_STAGE = {
    "title": "clean",
    "date": "clean",
    "language": "detect",
    "source": "clean",
    "url": "ingest",
    "references": "clean",
    "tickers": "clean",
    "topics": "classify",
    "topic_terms": "classify",
    "summary": "summarise",
    "key_points": "summarise",
    "body": "clean",
}


@dataclass(frozen=True)
class ContentFile:
    """An article file as found on disk: its path, front matter and body."""

    path: Path
    metadata: dict[str, Any]
    body: str
    seen: bool = False
    """Its bytes are those the previous build read (its edits are already recorded)."""

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


class _FastYAML(frontmatter.YAMLHandler):
    """Front matter parsed with libyaml's safe loader when PyYAML has it (same result, several times faster)."""

    def load(self, fm: str, **kwargs: object) -> Any:
        kwargs.setdefault("Loader", getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return super().load(fm, **kwargs)


_HANDLER = _FastYAML()


def read_content(path: Path) -> ContentFile:
    """Parse one content file. Raises InputError with the file and line on bad front matter."""
    return parse_content(path, path.read_text(encoding="utf-8"))


def parse_content(path: Path, text: str) -> ContentFile:
    """Parse the text of content file `path`. Raises InputError with the file and line on bad front matter."""
    try:
        post = frontmatter.loads(text, handler=_HANDLER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"invalid YAML front matter: {problem}", line=line) from None
    if not isinstance(post.metadata, dict):
        raise InputError(path, "front matter must be a mapping", line=2)
    return ContentFile(path=path, metadata=dict(post.metadata), body=post.content)


_PROVENANCE_INPUT = re.compile(r"^\s+input:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.MULTILINE)
_PROVENANCE_SHA = re.compile(r"^\s+sha256:\s*['\"]?([0-9a-f]{64})['\"]?\s*$", re.MULTILINE)


@dataclass
class ContentIndex:
    """The content files found on disk, keyed by the raw input they came from."""

    by_input: dict[str, ContentFile]
    errors: list[InputError]
    """Files that cannot be read (bad YAML): reported, never overwritten."""
    blocked: set[str]
    """Raw inputs whose content file is unreadable: not re-derived until the editor fixes it."""
    blocked_sha256: set[str] = field(default_factory=set)
    """The same inputs by their bytes, so that moving one does not unblock it."""
    unlinked: list[ContentFile] = field(default_factory=list)
    """Files without `provenance.input`: written by hand, or the editor removed the provenance."""


class ParsedCache:
    """Parsed content files keyed by a hash of their bytes, pickled under the build folder.

    Parsing YAML front matter is most of the cost of a rebuild in which nothing changed;
    a file whose bytes are unchanged is not parsed again. Rebuildable, never committed."""

    VERSION = 1

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, tuple[dict[str, Any], str]] = {}
        self.fresh: dict[str, tuple[dict[str, Any], str]] = {}
        if path is None:
            return
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("version") == self.VERSION:
                self.entries = loaded["entries"]
        except FileNotFoundError:
            pass
        except Exception:  # a damaged cache is only a slower build
            log.warning("ignoring unreadable cache %s", path)

    def read(self, path: Path) -> ContentFile:
        """The parsed file, from the cache when its bytes are unchanged."""
        data = path.read_bytes()
        key = hashlib.sha1(data).hexdigest()
        if key in self.entries:
            metadata, body = self.entries[key]
            content = ContentFile(path=path, metadata=metadata, body=body, seen=True)
        else:
            # Why the replace: the same universal newlines as Path.read_text.
            content = parse_content(path, data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        self.fresh[key] = (content.metadata, content.body)
        return content

    def save(self) -> None:
        """Keep the files seen this run, written if anything differs from what was loaded."""
        if self.path is not None and self.fresh.keys() != self.entries.keys():
            write_bytes_atomic(self.path, pickle.dumps({"version": self.VERSION, "entries": self.fresh},
                                                       protocol=pickle.HIGHEST_PROTOCOL))


def index_content(articles_dir: Path, cache_file: Path | None = None) -> ContentIndex:
    """Existing content files keyed by their raw input; unreadable files as errors."""
    index = ContentIndex({}, [], set())
    cache = ParsedCache(cache_file)
    for path in sorted(articles_dir.glob("*.md")):
        try:
            content = cache.read(path)
        except InputError as exc:
            index.errors.append(exc)
            # Why: deriving that input again would write a second copy next to the editor's broken file.
            text = path.read_text(encoding="utf-8", errors="replace")
            if match := _PROVENANCE_INPUT.search(text):
                index.blocked.add(match.group(1))
            if match := _PROVENANCE_SHA.search(text):
                index.blocked_sha256.add(match.group(1))
            continue
        if isinstance(content.input, str) and content.input:
            index.by_input[content.input] = content
        else:
            index.unlinked.append(content)
    cache.save()
    return index


def is_current(content: ContentFile, raw_sha256: str, versions: dict[str, int]) -> bool:
    """True when `content` was derived from the same raw bytes by the same stage versions."""
    prov = content.provenance
    return prov.get("sha256") == raw_sha256 and prov.get("versions") == versions


def with_input(content: ContentFile, key: str) -> ContentFile:
    """Point an up-to-date file at its moved input (the same bytes under a new path); record hand edits too."""
    provenance = dict(content.provenance)
    provenance["input"] = key
    fields = dict(provenance.get("fields") or {})
    for name in content.edited_fields():
        fields[name] = {"method": "editor", "hash": value_hash(content.value(name))}
    provenance["fields"] = fields
    metadata = {**content.metadata, "provenance": provenance}
    write_text_atomic(content.path, dump(metadata, content.body))
    return ContentFile(path=content.path, metadata=metadata, body=content.body)


def hand_kept_copy(article: Article, unlinked: list[ContentFile]) -> ContentFile | None:
    """The file without provenance that holds `article` (same file name, title or body), if any.

    Why: an editor who deletes a file's `provenance` takes the article over; deriving its input
    again would publish the story twice.
    """
    slug, title, body = assign_slug(article, set()), _plain(article.title), _plain(article.body)
    for content in unlinked:
        if (content.path.stem == slug or (title and _plain(content.metadata.get("title")) == title)
                or (body and _plain(content.body) == body)):
            return content
    return None


def _plain(value: Any) -> str:
    """Text compared without case or spacing."""
    return " ".join(str(value or "").casefold().split())


def assign_slug(article: Article, taken: set[str]) -> str:
    """A safe, ASCII, unique slug for a new article, derived from its title."""
    base = slugify(
        article.title,
        max_length=SLUG_MAX,
        word_boundary=True,
        replacements=[["'", ""], ["’", ""]],
    )
    if not base or not _SLUG_SAFE.match(base):
        base = f"article-{article.raw_sha256[:8]}"
    if base in _RESERVED:
        base = f"{base}-article"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[: SLUG_MAX - 4]}-{n}"
        n += 1
    return slug


def save(article: Article, previous: ContentFile | None, articles_dir: Path, versions: dict[str, int]) -> Path:
    """Write the article, keeping every field the editor changed in `previous`."""
    path = previous.path if previous else articles_dir / f"{article.slug}.md"
    write_text_atomic(path, compose(article, previous, versions))
    return path


def compose(article: Article, previous: ContentFile | None, versions: dict[str, int]) -> str:
    """The text of the article's content file, keeping every field the editor changed in `previous`."""
    fresh = _fields_of(article)
    edited = previous.edited_fields() if previous else set()
    fields_prov: dict[str, dict[str, Any]] = {}
    values: dict[str, Any] = {}
    for name, (value, method, stage) in fresh.items():
        # Why: an edited value belongs to the editor; the pipeline never overwrites it.
        if name in edited:
            value = previous.value(name)
            fields_prov[name] = {"method": "editor", "hash": value_hash(value)}
        else:
            fields_prov[name] = {"method": method, "version": versions[stage], "hash": value_hash(value)}
        values[name] = value
    metadata = {k: v for k, v in values.items() if k != "body"}
    # Why: keys the editor added by hand (notes, custom tags) are theirs too, and so are
    # collection-level fields (story) with the provenance that tells machine from editor.
    if previous:
        for key, value in previous.metadata.items():
            if key not in metadata and key != "provenance":
                metadata[key] = value
                if key in (previous.provenance.get("fields") or {}):
                    fields_prov[key] = previous.provenance["fields"][key]
    metadata["provenance"] = {
        "input": article.source_path.as_posix(),
        "sha256": article.raw_sha256,
        "encoding": article.encoding,
        "versions": versions,
        "fields": fields_prov,
    }
    return dump(metadata, values["body"])


def mark_edits(content: ContentFile) -> bool:
    """Record hand edits in an up-to-date file's provenance. Returns True if it was rewritten."""
    edited = content.edited_fields()
    fields = content.provenance.get("fields") or {}
    newly = {n for n in edited if fields.get(n, {}).get("method") != "editor"}
    if not newly:
        return False
    for name in newly:
        fields[name] = {"method": "editor", "hash": value_hash(content.value(name))}
    write_text_atomic(content.path, dump(content.metadata, content.body))
    return True


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """YAML dumper that writes multi-line text (translated bodies) as readable literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(metadata: dict[str, Any], body: str) -> str:
    """Front matter + body as the text of a content file."""
    post = frontmatter.Post(body, **metadata)
    return frontmatter.dumps(post, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100) + "\n"


def _fields_of(article: Article) -> dict[str, tuple[Any, str, str]]:
    """Each derived field: (value, method, owning stage)."""
    method = {
        "title": f"clean.{article.title_method or 'first-line'}",
        "date": "clean.date",
        "language": "detect.fasttext",
        "source": "clean.outlet",
        "url": "ingest.html" if article.url else "ingest",
        "references": "clean.references",
        "tickers": "clean.tickers",
        "topics": "classify.terms",
        "topic_terms": "classify.terms",
        "summary": "summarise.extractive",
        "key_points": "summarise.extractive",
        "body": "clean.boilerplate",
    }
    value = article.derived_fields()
    return {name: (value[name], method[name], FIELD_STAGE[name]) for name in FIELD_STAGE}


def to_article(content: ContentFile) -> Article:
    """The record the renderer needs, read back from a content file (editor edits included)."""
    meta = content.metadata
    prov = content.provenance
    _check_types(content)
    topic_terms = meta.get("topic_terms") or {}
    topics = tuple(
        TopicMatch(name=str(name), terms=tuple(map(str, topic_terms.get(name) or ())), score=0.0)
        for name in meta.get("topics") or ()
    )
    published = meta.get("date")
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError:
            raise InputError(content.path, f"date: not a date: {published!r}", line=line_of(content, "date"))
    return Article(
        source_path=Path(prov.get("input") or content.path.name),
        raw_sha256=str(prov.get("sha256") or ""),
        raw_text="",
        url=meta.get("url") or None,
        body=content.body.strip(),
        title=str(meta.get("title") or content.path.stem),
        published=published if isinstance(published, date) else None,
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


def _translations_of(content: ContentFile) -> tuple[Translation, ...]:
    """The `translations` mapping as records, in language order; malformed entries are errors."""
    raw = content.metadata.get("translations") or {}
    if not isinstance(raw, dict):
        raise InputError(content.path, "translations: must be a mapping of language → translation",
                         line=line_of(content, "translations"))
    records = []
    for language, entry in sorted(raw.items()):
        if not isinstance(entry, dict) or entry.get("status") not in {"machine", "editor", "pending"}:
            raise InputError(content.path, f"translations.{language}: needs status machine, editor or pending",
                             line=line_of(content, "translations"))
        records.append(Translation(
            language=str(language),
            status=entry["status"],
            title=str(entry.get("title") or ""),
            summary=str(entry.get("summary") or ""),
            key_points=tuple(map(str, entry.get("key_points") or ())),
            body=str(entry.get("body") or "").strip(),
            provider=str(entry["provider"]) if entry.get("provider") else None,
            translated_at=str(entry["translated_at"]) if entry.get("translated_at") else None,
        ))
    return tuple(records)


def with_translations(content: ContentFile, translations: dict[str, Any]) -> ContentFile:
    """Write `translations` into the file (just before `provenance`) and return the new state."""
    metadata = {k: v for k, v in content.metadata.items() if k not in {"translations", "provenance"}}
    metadata["translations"] = translations
    if "provenance" in content.metadata:
        metadata["provenance"] = content.metadata["provenance"]
    write_text_atomic(content.path, dump(metadata, content.body))
    return ContentFile(path=content.path, metadata=metadata, body=content.body)


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


def with_story(content: ContentFile, story: str, version: int) -> ContentFile:
    """Write the machine-chosen `story` into the file (before translations) and return the new state."""
    metadata: dict[str, Any] = {}
    for key, value in content.metadata.items():
        if key in {"translations", "provenance"} and "story" not in metadata:
            metadata["story"] = story
        if key != "story":
            metadata[key] = value
    metadata.setdefault("story", story)
    provenance = dict(content.provenance)
    fields = dict(provenance.get("fields") or {})
    fields["story"] = {"method": STORY_METHOD, "version": version, "hash": value_hash(story)}
    provenance["fields"] = fields
    metadata.pop("provenance", None)
    metadata["provenance"] = provenance
    write_text_atomic(content.path, dump(metadata, content.body))
    return ContentFile(path=content.path, metadata=metadata, body=content.body)


_LIST_FIELDS = ("references", "tickers", "topics", "key_points")
_TEXT_FIELDS = ("title", "language", "source", "url", "summary", "story")


def _check_types(content: ContentFile) -> None:
    """Reject values of the wrong type with the file and line, e.g. `topics: 5`."""
    meta = content.metadata
    for key in _LIST_FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], list):
            raise InputError(content.path, f"{key}: must be a list, got {meta[key]!r}", line=line_of(content, key))
    for key in _TEXT_FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], (str, int, float)):
            raise InputError(content.path, f"{key}: must be text, got {meta[key]!r}", line=line_of(content, key))
    if meta.get("topic_terms") is not None and not isinstance(meta["topic_terms"], dict):
        raise InputError(content.path, "topic_terms: must be a mapping", line=line_of(content, "topic_terms"))


def line_of(content: ContentFile, key: str) -> int | None:
    """1-based line of a top-level key in the file, for error messages."""
    try:
        lines = content.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
