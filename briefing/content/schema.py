"""Front matter as the editor may write it: bounded YAML, and the shape of every known field.

Content files are edited by hand, so anything valid YAML can arrive. Two checks stand
between a file and the pipeline, both when a file is read:

- `load_yaml`: front matter is small and never needs anchors, aliases or deep nesting,
  so they are refused before anything is built from them (a 500-byte "billion laughs"
  alias bomb would otherwise expand into gigabytes when printed or hashed).
- `problems`: every known field has the shape the pipeline reads (`topics` a list of
  names, `provenance.fields` a mapping of records, …) and no text is longer than its cap.
  Each problem names its field by dotted path; values are quoted as short excerpts only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import yaml

from ..errors import excerpt
from ..models import TranslationStatus

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings front matter may have (ours is 4 deep)."""
MAX_ITEMS = 10_000
"""Most items in one list or mapping."""
SHORT = 4_000
"""Longest title, outlet, URL, name or other one-line value, in characters."""
LONG = 100_000
"""Longest summary or key point, in characters."""
BODY = 16 * 1024 * 1024
"""Longest body or translated body, in characters (twice the largest raw input)."""

LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
"""A BCP 47-like language code: `en`, `pt-BR`, `zh-Hant`, `und`. Nothing that could leave an attribute."""

_SCALARS = (str, int, float, date)  # bool is an int; a date or a number prints as text
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Problem = tuple[str, str]
"""(dotted field path, what is wrong with it)."""
Check = Callable[[Any, str], Iterator[Problem]]


class RefusedYAML(yaml.YAMLError):
    """Front matter uses something it never needs (an alias, an anchor, deep nesting)."""

    def __init__(self, problem: str, mark: yaml.Mark | None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, with the node's place on every value Python refuses to build."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            # Why: valid YAML that Python refuses (month 13, 30 February, a 5,000-digit number) would
            # otherwise come out as a bare ValueError with no line; the editor needs the line.
            raise yaml.constructor.ConstructorError(None, None, _refused(node, exc), node.start_mark) from None


def _refused(node: yaml.Node, exc: Exception) -> str:
    """What is wrong with a value Python could not build, in the editor's words."""
    shown = excerpt(node.value, 40) if isinstance(node.value, str) else "the value"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"{node.value[:40]} is not a date that exists ({exc})"
    return f"{shown} cannot be read ({str(exc).split(':')[0][:80]})"


def load_yaml(text: str) -> Any:
    """Parse front matter with the safe (C when available) loader, refusing aliases, anchors and deep nesting."""
    _refuse_references(text)
    return yaml.load(text, Loader=_Loader)


def _refuse_references(text: str) -> None:
    """Scan the event stream first: it streams, so a bomb or a million brackets stop at the first offence."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYAML("anchors and aliases (&name, *name) are not allowed in front matter",
                              event.start_mark)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise RefusedYAML(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


# ----------------------------------------------------------------------------- field checks
def _kind(value: Any) -> str:
    """How a wrong value is named in a message: its kind, and a short excerpt for scalars."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return excerpt(value, 40)


def text(limit: int) -> Check:
    """A scalar printed as text, at most `limit` characters."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value is None:
            return
        if not isinstance(value, _SCALARS):
            yield path, f"must be text, got {_kind(value)}"
        elif isinstance(value, str) and len(value) > limit:
            yield path, f"too long: {len(value):,} characters (the limit is {limit:,})"
    return check


def string(limit: int) -> Check:
    """Text written as text (a path, a hash, a method): a number or a date is not one."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value is not None and not isinstance(value, str):
            yield path, f"must be text in quotes, got {_kind(value)}"
        else:
            yield from text(limit)(value, path)
    return check


def code(value: Any, path: str) -> Iterator[Problem]:
    """A language code such as `en` or `pt-BR`."""
    if value is not None and not (isinstance(value, str) and LANGUAGE_CODE.fullmatch(value)):
        yield path, f"not a language code (like en or pt-BR), got {_kind(value)}"


def a_date(value: Any, path: str) -> Iterator[Problem]:
    """A date, or text starting with an ISO date."""
    if value is None or isinstance(value, date):
        return
    if isinstance(value, str):
        try:
            date.fromisoformat(value[:10])
            return
        except ValueError:
            pass
    yield path, f"not a date (YYYY-MM-DD), got {_kind(value)}"


def integer(value: Any, path: str) -> Iterator[Problem]:
    """A whole number."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        yield path, f"must be a whole number, got {_kind(value)}"


def one_of(*allowed: str) -> Check:
    """One of a few words."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value not in allowed:
            yield path, f"must be one of {', '.join(allowed)}, got {_kind(value)}"
    return check


def list_of(item: Check) -> Check:
    """A list whose every item passes `item`."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value is None:
            return
        if not isinstance(value, list):
            yield path, f"must be a list, got {_kind(value)}"
        elif len(value) > MAX_ITEMS:
            yield path, f"too many items: {len(value):,} (the limit is {MAX_ITEMS:,})"
        else:
            for number, entry in enumerate(value):
                yield from item(entry, f"{path}[{number}]")
    return check


def mapping_of(key: Check, item: Check) -> Check:
    """A mapping whose keys pass `key` and values pass `item`."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value is None:
            return
        if not isinstance(value, dict):
            yield path, f"must be a mapping, got {_kind(value)}"
        elif len(value) > MAX_ITEMS:
            yield path, f"too many entries: {len(value):,} (the limit is {MAX_ITEMS:,})"
        else:
            for name, entry in value.items():
                where = f"{path}.{excerpt(name, 40) if not isinstance(name, str) else name[:40]}"
                yield from key(name, where)
                yield from item(entry, where)
    return check


def record(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    """A mapping with known keys (others are allowed and left alone)."""
    def check(value: Any, path: str) -> Iterator[Problem]:
        if value is None and not required:
            return
        if not isinstance(value, dict):
            yield path, f"must be a mapping, got {_kind(value)}"
            return
        for name, field in fields.items():
            if name in value or name in required:
                yield from field(value.get(name), f"{path}.{name}")
    return check


def anything(value: Any, path: str) -> Iterator[Problem]:
    """A key the editor added: any shape, but no text beyond the cap for long text."""
    if isinstance(value, str):
        yield from text(LONG)(value, path)
    elif isinstance(value, (list, dict)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        if len(value) > MAX_ITEMS:
            yield path, f"too many items: {len(value):,} (the limit is {MAX_ITEMS:,})"
            return
        for name, entry in items:
            yield from anything(entry, f"{path}.{name}" if isinstance(name, str) else f"{path}[{name}]")


NAME = text(SHORT)

TRANSLATION = record({
    "status": one_of(*(status.value for status in TranslationStatus.stored())),
    "title": text(SHORT),
    "summary": text(LONG),
    "key_points": list_of(text(LONG)),
    "body": text(BODY),
    "provider": text(SHORT),
    "translated_at": text(SHORT),
    "source_hash": string(SHORT),
    "text_hash": string(SHORT),
}, required=("status",))

PROVENANCE = record({
    "input": string(SHORT),
    "added": a_date,
    "sha256": string(SHORT),
    "encoding": string(SHORT),
    "versions": mapping_of(NAME, integer),
    "fields": mapping_of(NAME, record({"method": string(SHORT), "version": integer, "hash": string(SHORT)})),
})

FIELDS: dict[str, Check] = {
    "title": text(SHORT),
    "date": a_date,
    "language": code,
    "source": text(SHORT),
    "url": text(SHORT),
    "references": list_of(text(SHORT)),
    "tickers": list_of(text(SHORT)),
    "topics": list_of(NAME),
    "topic_terms": mapping_of(NAME, list_of(text(SHORT))),
    "summary": text(LONG),
    "key_points": list_of(text(LONG)),
    "story": text(SHORT),
    "translations": mapping_of(code, TRANSLATION),
    "provenance": PROVENANCE,
}
"""Every front-matter key the pipeline reads, with the shape it must have."""

CLIP = {"title": SHORT, "source": SHORT, "url": SHORT, "references": SHORT, "tickers": SHORT, "summary": LONG,
        "key_points": LONG, "body": BODY}
"""Caps the pipeline applies to what it writes (derived fields, translations), so its own files pass `problems`."""


def problems(metadata: dict[Any, Any], body: str) -> list[Problem]:
    """Every problem with the front matter's shape (and the body's size), in field order."""
    found: list[Problem] = []
    for key, value in metadata.items():
        if not isinstance(key, str):
            found.append((excerpt(key, 40), "front-matter keys must be text"))
            continue
        found += (FIELDS.get(key) or anything)(value, key)
    found += text(BODY)(body, "body")
    return found


def clipped(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with every value named in CLIP cut to its cap."""
    return {name: clip(value, CLIP[name]) if name in CLIP else value for name, value in fields.items()}


def clip(value: Any, limit: int) -> Any:
    """Text cut to `limit` characters (with '…'); lists clipped item by item; other values as they are."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    if isinstance(value, list):
        return [clip(item, limit) for item in value[:MAX_ITEMS]]
    return value
