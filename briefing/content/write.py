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
from typing import Any

import frontmatter
import yaml
from slugify import slugify

from . import schema
from .read import STORY_METHOD, ContentFile, value_hash
from .. import moments
from ..fsutil import write_text_atomic
from ..models import Article

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
    # Why kept from the first write: an undated article belongs to the edition of the day it was added.
    added = previous.provenance.get("added") if previous else moments.stamp(moments.now())
    if added:
        metadata["provenance"]["added"] = added
    return dump(metadata, values["body"])


def mark_edits(content: ContentFile) -> bool:
    """Record hand edits in an up-to-date file's provenance. Returns True if it was rewritten."""
    _refuse_stale(content)
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
    value = schema.clipped(article.derived_fields())
    return {name: (value[name], method[name], FIELD_STAGE[name]) for name in FIELD_STAGE}


def with_translations(content: ContentFile, translations: dict[str, Any]) -> ContentFile:
    """Write `translations` into the file (just before `provenance`) and return the new state."""
    _refuse_stale(content)
    metadata = {k: v for k, v in content.metadata.items() if k not in {"translations", "provenance"}}
    metadata["translations"] = {language: schema.clipped(entry) for language, entry in translations.items()}
    if "provenance" in content.metadata:
        metadata["provenance"] = content.metadata["provenance"]
    write_text_atomic(content.path, dump(metadata, content.body))
    return ContentFile(path=content.path, metadata=metadata, body=content.body)


def with_story(content: ContentFile, story: str, version: int) -> ContentFile:
    """Write the machine-chosen `story` into the file (before translations) and return the new state."""
    _refuse_stale(content)
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


def _refuse_stale(content: ContentFile) -> None:
    """A last good version stands in for a broken file on the site; writing it back would undo the editor's work."""
    if content.stale:
        raise ValueError(f"{content.path}: the last good version of a broken file is never written back")
