"""Front matter as the editor may write it: bounded YAML, and the shape of every known field.

Content files are edited by hand, so anything valid YAML can arrive. Two checks stand
between a file and the pipeline, both when a file is read:

- `load_yaml`: front matter is small and never needs anchors, aliases or deep nesting,
  so they are refused before anything is built from them (a 500-byte "billion laughs"
  alias bomb would otherwise expand into gigabytes when printed or hashed).
- `typed`: the front matter as a `FrontMatter` (pydantic): every known field has the shape
  the pipeline reads (`topics` a list of names, `provenance.fields` a mapping of records, …)
  and no text is longer than its cap; keys the editor added are kept as they are. Every bad
  field is reported by dotted path; values are quoted as short excerpts only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError
from pydantic_core import PydanticCustomError

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


# ----------------------------------------------------------------------------- the typed front matter
def _kind(value: Any) -> str:
    """How a wrong value is named in a message: its kind, and a short excerpt for scalars."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return excerpt(value, 40)


_NO_VALUE = object()


def _wrong(message: str, value: Any = _NO_VALUE) -> PydanticCustomError:
    """A shape error in the editor's words ('must be a list, got 5'); the value only as a short excerpt."""
    reason = message if value is _NO_VALUE else f"{message}, got {_kind(value)}"
    return PydanticCustomError("front_matter", "{reason}", {"reason": reason})


def _text(limit: int, quoted: bool = False) -> Any:
    """Text of at most `limit` characters: any scalar printed as text (or, `quoted`, only text written as text)."""
    def check(value: Any) -> str | None:  # noqa: ANN401
        if value is None:
            return None
        if quoted and not isinstance(value, str):
            raise _wrong("must be text in quotes", value)
        if not isinstance(value, _SCALARS):
            raise _wrong("must be text", value)
        if isinstance(value, str) and len(value) > limit:
            raise _wrong(f"too long: {len(value):,} characters (the limit is {limit:,})", _NO_VALUE)
        return value if isinstance(value, str) else str(value)
    return Annotated[str | None, PlainValidator(check)]


def _code(value: Any) -> str | None:
    """A language code such as `en` or `pt-BR`."""
    if value is not None and not (isinstance(value, str) and LANGUAGE_CODE.fullmatch(value)):
        raise _wrong("not a language code (like en or pt-BR)", value)
    return value


def _date(value: Any) -> date | str | None:
    """A date (a YAML date or timestamp), or text starting with an ISO date; kept as written."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            date.fromisoformat(value[:10])
            return value
        except ValueError:
            pass
    raise _wrong("not a date (YYYY-MM-DD)", value)


def _integer(value: Any) -> int | None:
    """A whole number."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise _wrong("must be a whole number", value)
    return value


def _status(value: Any) -> TranslationStatus:
    """One of the statuses a content file may record."""
    allowed = [status.value for status in TranslationStatus.stored()]
    if value not in allowed:
        raise _wrong(f"must be one of {', '.join(allowed)}", value)
    return TranslationStatus(value)


def _bounded(kind: type, what: str, optional: bool = True) -> Any:
    """A check that `value` is a list (or mapping) of at most MAX_ITEMS, before its items are validated."""
    def check(value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, kind):
            raise _wrong(f"must be {what}", value)
        if len(value) > MAX_ITEMS:
            noun = "entries" if kind is dict else "items"
            raise _wrong(f"too many {noun}: {len(value):,} (the limit is {MAX_ITEMS:,})", _NO_VALUE)
        return value
    return BeforeValidator(check)


Short = _text(SHORT)
Long = _text(LONG)
Quoted = _text(SHORT, quoted=True)
Code = Annotated[str | None, PlainValidator(_code)]
Number = Annotated[int | None, PlainValidator(_integer)]
When = Annotated[date | str | None, PlainValidator(_date)]


def _list(item: Any) -> Any:
    return Annotated[list[item] | None, _bounded(list, "a list")]


def _mapping(key: Any, item: Any) -> Any:
    return Annotated[dict[key, item] | None, _bounded(dict, "a mapping")]


class _Record(BaseModel):
    """A mapping with known keys; others are allowed and left alone (an editor's own notes)."""

    model_config = ConfigDict(extra="allow", frozen=True, hide_input_in_errors=True)


def _record(model: type[_Record]) -> Any:
    return Annotated[model | None, _bounded(dict, "a mapping")]


class FieldRecord(_Record):
    """`provenance.fields.<name>`: what wrote a derived field, and the hash of the value written."""

    method: Quoted = None
    version: Number = None
    hash: Quoted = None


class Provenance(_Record):
    """`provenance`: the raw input a file was derived from, and how each field was."""

    input: Quoted = None
    added: When = None
    sha256: Quoted = None
    encoding: Quoted = None
    versions: _mapping(Short, Number) = None
    fields: _mapping(Short, _record(FieldRecord)) = None


class TranslationEntry(_Record):
    """`translations.<language>`: the article in another site language, as the file holds it (None: absent)."""

    status: Annotated[TranslationStatus, PlainValidator(_status)] = Field(default=None, validate_default=True)
    title: Short = None
    summary: Long = None
    key_points: _list(Long) = None
    body: _text(BODY) = None
    provider: Short = None
    translated_at: Short = None
    source_hash: Quoted = None
    text_hash: Quoted = None


class FrontMatter(_Record):
    """An article file's front matter, typed: every key the pipeline reads (None: absent), the editor's own kept."""

    title: Short = None
    date: When = None
    language: Code = None
    source: Short = None
    url: Short = None
    references: _list(Short) = None
    tickers: _list(Short) = None
    topics: _list(Short) = None
    topic_terms: _mapping(Short, _list(Short)) = None
    summary: Long = None
    key_points: _list(Long) = None
    story: Short = None
    translations: _mapping(Code, Annotated[TranslationEntry, _bounded(dict, "a mapping", optional=False)]) = None
    provenance: _record(Provenance) = None


FIELDS = tuple(FrontMatter.model_fields)
"""Every front-matter key the pipeline reads."""


class BadFrontMatter(Exception):
    """Front matter that does not have the shape the pipeline reads: every problem, as (dotted field, reason)."""

    def __init__(self, found: list[Problem]):
        super().__init__(f"{len(found)} problem(s)")
        self.problems = found


def typed(metadata: dict[Any, Any], body: str) -> FrontMatter:
    """The front matter as a typed record; BadFrontMatter lists every bad field (and an over-long body)."""
    found: list[Problem] = []
    try:
        front = FrontMatter.model_validate({k: v for k, v in metadata.items() if isinstance(k, str)})
    except ValidationError as exc:
        front = None
        found += [(_dotted(err["loc"]), err["msg"]) for err in exc.errors(include_url=False, include_input=False)]
    for key, value in metadata.items():
        if not isinstance(key, str):
            found.append((excerpt(key, 40), "front-matter keys must be text"))
        elif key not in FrontMatter.model_fields:
            found += _anything(value, key)
    if len(body) > BODY:
        found.append(("body", f"too long: {len(body):,} characters (the limit is {BODY:,})"))
    if found:
        order = {key: number for number, key in enumerate(metadata)}
        raise BadFrontMatter(sorted(found, key=lambda p: order.get(re.split(r"[.\[]", p[0])[0], len(order))))
    return front


def _dotted(loc: tuple[Any, ...]) -> str:
    """A pydantic error location as the editor reads it: `translations.fr.key_points[2]`."""
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int) and path:
            path += f"[{part}]"
        else:
            name = part[:40] if isinstance(part, str) else excerpt(part, 40)
            path = f"{path}.{name}" if path else name
    return path


def _anything(value: Any, path: str) -> list[Problem]:
    """A key the editor added: any shape, but no text beyond the cap for long text."""
    if isinstance(value, str):
        return [(path, f"too long: {len(value):,} characters (the limit is {LONG:,})")] if len(value) > LONG else []
    if not isinstance(value, (list, dict)):
        return []
    if len(value) > MAX_ITEMS:
        return [(path, f"too many items: {len(value):,} (the limit is {MAX_ITEMS:,})")]
    items = value.items() if isinstance(value, dict) else enumerate(value)
    return [problem for name, entry in items
            for problem in _anything(entry, f"{path}.{name}" if isinstance(name, str) else f"{path}[{name}]")]


def problems(metadata: dict[Any, Any], body: str) -> list[Problem]:
    """Every problem with the front matter's shape (and the body's size), in field order."""
    try:
        typed(metadata, body)
    except BadFrontMatter as exc:
        return exc.problems
    return []


CLIP = {"title": SHORT, "source": SHORT, "url": SHORT, "references": SHORT, "tickers": SHORT, "summary": LONG,
        "key_points": LONG, "body": BODY}
"""Caps the pipeline applies to what it writes (derived fields, translations), so its own files pass `problems`."""



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
