"""Per-article signals for stories: key figures, names and term vectors, cached on disk.

Runs on the content files (editor edits and translations included), so it sees
what readers see. Results are cached in `<build_dir>/cache/` under a hash of the
text analysed, the extractor versions and the alias list: an unchanged article is
never analysed twice, and a new extractor version re-analyses everything.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import pickle
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import concepts, daymentions, entities, figures, text
from .fsutil import write_bytes_atomic
from .models import Article

log = logging.getLogger(__name__)

VERSION = 3
TERMS_KEPT = 80
"""Most frequent content words kept per language for text similarity."""
SUBJECT_KINDS = ("company", "person", "product", "other", "place")
"""Which names a figure is attributed to first: a share price belongs to a company, not a city."""


@dataclass(frozen=True)
class Analysis:
    """What the story stage needs to know about one article."""

    figures: tuple[figures.Figure, ...] = ()
    """Key figures of the original text, in text order."""
    subjects: tuple[str | None, ...] = ()
    """The canonical name each figure is about (nearest name before it in its sentence), aligned with `figures`."""
    entities: dict[str, str] = field(default_factory=dict)
    """Canonical name → kind, for names in the original title and text."""
    mentions: dict[str, int] = field(default_factory=dict)
    """Canonical name → times mentioned in the original."""
    translated_entities: dict[str, str] = field(default_factory=dict)
    """Names found only in the article's translations (spellings the original's script hides)."""
    terms: dict[str, dict[str, int]] = field(default_factory=dict)
    """Language → the most frequent content words of the title and text in that language."""
    words: int = 0
    """Words in the original text (Chinese and Japanese: character pairs): how complete the text is."""
    concepts: dict[str, float] = field(default_factory=dict)
    """Concept id → weight (higher when in the headline or lead), original and translations together."""
    days: tuple[tuple[int | None, int, int], ...] = ()
    """Explicit days the original names, (year or None, month, day), in text order."""


def analyse(article: Article, aliases: entities.Aliases) -> Analysis:
    """Figures, names and term vectors of one article."""
    original = f"{article.title}\n\n{article.body}"
    found = entities.collect(original, article.language, aliases)
    counts = _mention_counts(original, article.language, aliases)
    extracted = tuple(figures.extract(article.body, article.language))
    subjects = _subjects(extracted, article.language, aliases)
    terms = {article.language: _top_terms(original, article.language)}
    ideas = concepts.weigh(article.title, article.body)
    translated: dict[str, str] = {}
    for translation in article.translations:
        if translation.status not in {"machine", "editor"} or not translation.body:
            continue
        version = f"{translation.title}\n\n{translation.body}"
        terms[translation.language] = _top_terms(version, translation.language)
        # Why the larger weight: a translation can only add evidence, never take it away.
        for concept, weight in concepts.weigh(translation.title, translation.body).items():
            ideas[concept] = max(ideas.get(concept, 0.0), weight)
        for name, entity in entities.collect(version, translation.language, aliases).items():
            if name not in found:
                translated[name] = entity.kind
    return Analysis(
        figures=extracted, subjects=subjects,
        entities={name: entity.kind for name, entity in found.items()},
        mentions=counts, translated_entities=translated, terms=terms, words=len(text.words(article.body)),
        concepts=ideas, days=tuple(daymentions.mentioned(article.body, article.title)),
    )


def _mention_counts(text_: str, language: str, aliases: entities.Aliases) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for mention in entities.mentions(text_, language, aliases):
        counts[canonical_name(mention.surface, aliases)] += 1
    return dict(counts)


def canonical_name(surface: str, aliases: entities.Aliases) -> str:
    """The alias list's name for `surface`, or the surface itself."""
    entity = aliases.canonical(surface)
    return entity.name if entity else surface


def _subjects(extracted: tuple[figures.Figure, ...], language: str,
              aliases: entities.Aliases) -> tuple[str | None, ...]:
    """The subject of each figure; names are found once per sentence, not once per figure."""
    # Why: a sentence with thousands of figures would otherwise be searched for names thousands
    # of times (quadratic); figures of one sentence share its `_SentenceNames`.
    names: dict[str, _SentenceNames] = {}
    subjects = []
    for figure in extracted:
        found = names.get(figure.sentence)
        if found is None:
            found = names[figure.sentence] = _SentenceNames(entities.mentions(figure.sentence, language, aliases))
        subject = found.subject(figure.start, figure.start + len(figure.text))
        subjects.append(canonical_name(subject.surface, aliases) if subject else None)
    return tuple(subjects)


class _SentenceNames:
    """The names of one sentence by kind group (in text order, no overlaps), for nearest lookups."""

    def __init__(self, found: list[entities.Mention]):
        self.groups = []
        for kinds in (SUBJECT_KINDS[:-1], SUBJECT_KINDS):
            chosen = [m for m in found if m.kind in kinds]
            self.groups.append((chosen, [m.start for m in chosen], [m.end for m in chosen]))

    def subject(self, start: int, end: int) -> entities.Mention | None:
        """The nearest name ending before `start`, else the nearest starting after `end` (first kinds first)."""
        for chosen, starts, ends in self.groups:
            # Why bisect: mentions do not overlap and come in text order, so both lists are sorted.
            i = bisect.bisect_right(ends, start)
            if i:
                return chosen[i - 1]
            j = bisect.bisect_left(starts, end)
            if j < len(chosen):
                return chosen[j]
        return None


def _top_terms(text_: str, language: str) -> dict[str, int]:
    counts = Counter(text.content_words(text_, language))
    return dict(counts.most_common(TERMS_KEPT))


def cache_key(article: Article, aliases_fingerprint: str) -> str:
    """Hash of everything `analyse` reads, plus the versions of the code that reads it."""
    parts = [article.language, article.title, article.body, aliases_fingerprint,
             f"{VERSION}.{figures.VERSION}.{entities.VERSION}.{concepts.VERSION}.{daymentions.VERSION}"]
    for t in article.translations:
        if t.status in {"machine", "editor"}:
            parts += [t.language, t.title, t.body]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class Cache:
    """Analyses keyed by `cache_key`, in one pickle under the build folder (rebuildable, never committed)."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, Analysis] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("version") == VERSION:
                self.entries = loaded["entries"]
        except FileNotFoundError:
            pass
        except Exception:  # a truncated or foreign cache is only a slower build
            log.warning("ignoring unreadable analysis cache %s", path)

    def get(self, article: Article, aliases: entities.Aliases, fingerprint: str) -> Analysis:
        key = cache_key(article, fingerprint)
        self.used.add(key)
        if key in self.entries:
            self.hits += 1
            return self.entries[key]
        self.misses += 1
        result = self.entries[key] = analyse(article, aliases)
        return result

    def save(self) -> None:
        """Keep only what this run used (deleted articles drop out), and write it if it changed."""
        if not self.misses and len(self.used) == len(self.entries):
            return
        kept = {key: self.entries[key] for key in self.used if key in self.entries}
        write_bytes_atomic(self.path, pickle.dumps({"version": VERSION, "entries": kept},
                                                   protocol=pickle.HIGHEST_PROTOCOL))


def analyse_all(articles: list[Article], aliases: entities.Aliases, cache_dir: Path | None,
                failed: Callable[[Article, Exception], Analysis] | None = None) -> dict[str, Analysis]:
    """Every article's analysis by slug, through the cache when there is a folder for it.

    With `failed`, an article whose analysis raises gets what `failed` returns (and is not cached)."""
    fingerprint = aliases_fingerprint(aliases)
    cache = Cache(cache_dir / "analysis.pickle") if cache_dir is not None else None

    def one(article: Article) -> Analysis:
        try:
            return cache.get(article, aliases, fingerprint) if cache else analyse(article, aliases)
        except Exception as exc:  # one article's bug must not take the others' analyses with it
            if failed is None:
                raise
            return failed(article, exc)

    results = {a.slug: one(a) for a in articles}
    if cache is None:
        return results
    cache.save()
    log.debug("analysis cache: %d hits, %d misses", cache.hits, cache.misses)
    return results


def aliases_fingerprint(aliases: entities.Aliases) -> str:
    """A short hash of the alias list: editing it re-analyses every article."""
    listing = sorted((e.name, e.kind, sorted(e.aliases)) for e in aliases.entities.values())
    return hashlib.sha256(json.dumps(listing, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def record(analysis: Analysis) -> dict:
    """The analysis as JSON-ready fields for `briefing inspect`."""
    return {
        "figures": [{**f.to_json(), "subject": s} for f, s in zip(analysis.figures, analysis.subjects)],
        "entities": [{"name": name, "kind": kind, "mentions": analysis.mentions.get(name, 0)}
                     for name, kind in sorted(analysis.entities.items(),
                                              key=lambda item: (-analysis.mentions.get(item[0], 0), item[0]))],
    }
