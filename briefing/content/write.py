"""Article ↔ `content/articles/<slug>.md` (python-frontmatter), keeping the editor's edits.

Every derived field records in `provenance.fields` the method and version that
produced it and a short hash of the value written. On the next build a value
whose hash no longer matches was edited by hand: it is kept, and marked
`method: editor`. A file whose input and stage versions are unchanged is not
re-derived at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import frontmatter
import yaml
from slugify import slugify

from . import read, schema
from .read import STORY_METHOD, ContentFile, value_hash
from .. import moments
from ..fsutil import write_text_atomic  # noqa: F401  (the writers, and their tests, write through it)
from ..models import Article, Translation, TranslationStatus

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


def with_input(content: ContentFile, key: str) -> ContentFile:
    """Point an up-to-date file at its moved input (the same bytes under a new path); record hand edits too."""
    _refuse_stale(content)
    provenance = _provenance(content)
    provenance["input"] = key
    fields = dict(provenance.get("fields") or {})
    for name in content.edited_fields():
        fields[name] = {"method": "editor", "hash": value_hash(content.value(name))}
    provenance["fields"] = fields
    return ContentFile.of(content.path, {**content.metadata, "provenance": provenance}, content.body)


def _provenance(content: ContentFile) -> dict[str, Any]:
    """A copy of the file's `provenance` as written (its values as they are, for writing back)."""
    return dict(content.metadata.get("provenance") or {})


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


def compose(article: Article, previous: ContentFile | None, versions: dict[str, int]) -> tuple[dict[str, Any], str]:
    """The front matter and body of the article's content file, keeping every field the editor changed in `previous`."""
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
        recorded = _provenance(previous).get("fields") or {}
        for key, value in previous.metadata.items():
            if key not in metadata and key != "provenance":
                metadata[key] = value
                if key in recorded:
                    fields_prov[key] = recorded[key]
    metadata["provenance"] = {
        "input": article.source_path.as_posix(),
        "sha256": article.raw_sha256,
        "encoding": article.encoding,
        "versions": versions,
        "fields": fields_prov,
    }
    # Why kept from the first write: an undated article belongs to the edition of the day it was added.
    added = _provenance(previous).get("added") if previous else moments.stamp(moments.now())
    if added:
        metadata["provenance"]["added"] = added
    return metadata, values["body"]


def mark_edits(content: ContentFile) -> ContentFile | None:
    """An up-to-date file with its hand edits recorded in its provenance; None when there is none to record."""
    _refuse_stale(content)
    recorded = content.recorded()
    newly = [name for name in content.edited_fields() if recorded[name].method != "editor"]
    if not newly:
        return None
    provenance = _provenance(content)
    fields = dict(provenance.get("fields") or {})
    for name in newly:
        fields[name] = {"method": "editor", "hash": value_hash(content.value(name))}
    provenance["fields"] = fields
    return ContentFile.of(content.path, {**content.metadata, "provenance": provenance}, content.body)


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
    value = schema.clipped(article.derived_fields())
    return {name: (value[name], method[name], FIELD_STAGE[name]) for name in FIELD_STAGE}


def with_translations(content: ContentFile, translations: Sequence[Translation]) -> ContentFile | None:
    """The file with `translations` (just before `provenance`), entries it holds keeping their keys and order;
    None when it holds them already."""
    _refuse_stale(content)
    held = dict(_entries_of(content))
    existing = dict(_raw_entries(content))
    entries = dict(existing)
    for translation in translations:
        entries[translation.language] = _entry(translation, held.get(translation.language),
                                               entries.get(translation.language))
    if entries == existing:
        return None
    metadata = {k: v for k, v in content.metadata.items() if k not in {"translations", "provenance"}}
    metadata["translations"] = {language: schema.clipped(entry) for language, entry in entries.items()}
    if "provenance" in content.metadata:
        metadata["provenance"] = content.metadata["provenance"]
    return ContentFile.of(content.path, metadata, content.body)


def _raw_entries(content: ContentFile) -> list[tuple[str, dict[str, Any]]]:
    """The `translations` entries as the file holds them, in its order."""
    return list((content.metadata.get("translations") or {}).items())


def _entries_of(content: ContentFile) -> list[tuple[str, Translation]]:
    """Each translation the file holds, as read (hand edits adopted), by language."""
    return [(t.language, t) for t in read.translations_of(content)]


def _entry(translation: Translation, held: Translation | None, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The `translations.<language>` entry to write: the file's own, with what settling changed, or a new one."""
    if raw is not None and translation == held:
        # Why the file's own entry: an editor's translation keeps the keys, order and values they wrote.
        if (held.status, held.source_hash, held.text_hash) == (raw["status"], raw.get("source_hash"),
                                                               raw.get("text_hash")):
            return raw
        return {**raw, "status": held.status.value, "source_hash": held.source_hash, "text_hash": held.text_hash}
    if translation.status == TranslationStatus.PENDING:
        return {"status": translation.status.value, "source_hash": translation.source_hash}
    return {"title": translation.title, "summary": translation.summary, "key_points": list(translation.key_points),
            "body": translation.body, "provider": translation.provider, "status": translation.status.value,
            "translated_at": translation.translated_at, "source_hash": translation.source_hash,
            "text_hash": translation.text_hash}


def with_story(content: ContentFile, story: str, version: int) -> ContentFile:
    """The file with the machine-chosen `story` (before translations), recorded as the clustering's."""
    _refuse_stale(content)
    metadata: dict[str, Any] = {}
    for key, value in content.metadata.items():
        if key in {"translations", "provenance"} and "story" not in metadata:
            metadata["story"] = story
        if key != "story":
            metadata[key] = value
    metadata.setdefault("story", story)
    provenance = _provenance(content)
    fields = dict(provenance.get("fields") or {})
    fields["story"] = {"method": STORY_METHOD, "version": version, "hash": value_hash(story)}
    provenance["fields"] = fields
    metadata.pop("provenance", None)
    metadata["provenance"] = provenance
    return ContentFile.of(content.path, metadata, content.body)


def _refuse_stale(content: ContentFile) -> None:
    """A last good version stands in for a broken file on the site; writing it back would undo the editor's work."""
    if content.stale:
        raise ValueError(f"{content.path}: the last good version of a broken file is never written back")
