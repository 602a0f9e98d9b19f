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
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..extract import attribution, concepts, daymentions, entities, figures
from ..lang import charsets, text, window
from ..content import pickled
from ..models import Article

log = logging.getLogger(__name__)

VERSION = 4
_ROUGH_WORD = re.compile(f"[{charsets.CJK}]|[^\\W_]+")
TERMS_KEPT = 80
"""Most frequent content words kept per language for text similarity."""


@dataclass(frozen=True)
class Analysis:
    """What the story stage needs to know about one article."""

    figures: tuple[figures.Figure, ...] = ()
    """Key figures of the original text, in text order."""
    subjects: tuple[str | None, ...] = ()
    """The canonical name each figure belongs to (the subject of its clause, or None), aligned with `figures`."""
    entities: dict[str, str] = field(default_factory=dict)
    """Canonical name → kind, for names in the original title and text."""
    mentions: dict[str, int] = field(default_factory=dict)
    """Canonical name → times mentioned in the original."""
    translated_entities: dict[str, str] = field(default_factory=dict)
    """Names found only in the article's translations (spellings the original's script hides)."""
    entities_by_language: dict[str, dict[str, str]] = field(default_factory=dict)
    """Translation language → canonical name → kind: the names a page in that language shows."""
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
    body = window.analysed(article.body)
    original = f"{article.title}\n\n{body}"
    found = entities.collect(original, article.language, aliases)
    named = entities.mentions(original, article.language, aliases)
    counts = Counter(canonical_name(mention.surface, aliases) for mention in named)
    extracted = tuple(figures.extract(body, article.language))
    subjects = _subjects(extracted, article.language, aliases, _confirmed(named, found))
    terms = {article.language: _top_terms(original, article.language)}
    ideas = concepts.weigh(article.title, body)
    translated: dict[str, str] = {}
    by_language: dict[str, dict[str, str]] = {}
    for translation in article.translations:
        if not translation.status.done or not translation.body:
            continue
        translated_body = window.analysed(translation.body)
        version = f"{translation.title}\n\n{translated_body}"
        terms[translation.language] = _top_terms(version, translation.language)
        # Why the larger weight: a translation can only add evidence, never take it away.
        for concept, weight in concepts.weigh(translation.title, translated_body).items():
            ideas[concept] = max(ideas.get(concept, 0.0), weight)
        in_translation = entities.collect(version, translation.language, aliases)
        by_language[translation.language] = {name: entity.kind for name, entity in in_translation.items()}
        for name, entity in in_translation.items():
            if name not in found:
                translated[name] = entity.kind
    return Analysis(
        figures=extracted, subjects=subjects,
        entities={name: entity.kind for name, entity in found.items()},
        mentions=dict(counts), translated_entities=translated, entities_by_language=by_language, terms=terms, words=_word_count(body, article.body),
        concepts=ideas, days=tuple(daymentions.mentioned(body, article.title)),
    )


def without_terms(analysis: Analysis) -> Analysis:
    """`dataclasses.replace(analysis, terms={})`, made by copying its fields: no __init__ call (~10 µs), for
    every article of a briefing."""
    copy = object.__new__(Analysis)
    copy.__dict__.update(analysis.__dict__, terms={})
    return copy


def _word_count(read: str, body: str) -> int:
    """`text.words` of the part read closely, plus a rough count (runs of letters and digits, CJK
    characters) of the rest of a very long body."""
    rest = body[len(read):]
    return len(text.words(read)) + (len(_ROUGH_WORD.findall(rest)) if rest else 0)


def _confirmed(named: list[entities.Mention], found: dict[str, entities.Entity]) -> dict[str, str]:
    """Spellings the whole article confirms as names (surface → kind): a name `collect` kept, a spelling
    seen twice, or the first word of a kept longer name ("Kinetica" of "Kinetica Labs").

    A sentence read alone misses them ("Kinetica plans to spend …" opens with an unknown capitalised
    word); figures look for them in their sentence too."""
    seen = Counter(m.surface for m in named)
    firsts = {name.split()[0] for name in found if " " in name}
    return {m.surface: m.kind for m in named
            if m.surface in found or seen[m.surface] > 1 or m.surface in firsts}


def canonical_name(surface: str, aliases: entities.Aliases) -> str:
    """The alias list's name for `surface`, or the surface itself."""
    entity = aliases.canonical(surface)
    return entity.name if entity else surface


def _subjects(extracted: tuple[figures.Figure, ...], language: str, aliases: entities.Aliases,
              confirmed: dict[str, str]) -> tuple[str | None, ...]:
    """The subject of each figure: the name it belongs to in its sentence (`attribution`), or None."""
    # Why by sentence: names are found once per sentence, not once per figure (a sentence with
    # thousands of figures would otherwise be searched thousands of times).
    by_sentence: dict[tuple[int, int, str], list[int]] = {}
    for i, figure in enumerate(extracted):
        by_sentence.setdefault((figure.paragraph, figure.sentence_index, figure.sentence), []).append(i)
    known = _spelling_pattern(confirmed)
    subjects: list[str | None] = [None] * len(extracted)
    for (_, _, sentence), members in by_sentence.items():
        spans = [(extracted[i].start, extracted[i].start + len(extracted[i].text)) for i in members]
        names = _with_known(entities.mentions(sentence, language, aliases), sentence, known, confirmed)
        for i, subject in zip(members, attribution.subjects(sentence, spans, names, language)):
            subjects[i] = canonical_name(subject.surface, aliases) if subject else None
    return tuple(subjects)


def _spelling_pattern(confirmed: dict[str, str]) -> re.Pattern | None:
    if not confirmed:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(confirmed, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def _with_known(found: list[entities.Mention], sentence: str, known: re.Pattern | None,
                confirmed: dict[str, str]) -> list[entities.Mention]:
    """The sentence's names plus the article's confirmed spellings it contains, without overlaps."""
    if known is None:
        return found
    ends = [f.end for f in found]  # mentions come in text order without overlaps: ends are sorted too
    extra = []
    for m in known.finditer(sentence):
        i = bisect.bisect_right(ends, m.start())
        if i == len(found) or found[i].start >= m.end():
            extra.append(entities.Mention(m.group(), m.start(), m.end(), confirmed[m.group()]))
    return sorted([*found, *extra], key=lambda m: m.start) if extra else found


def _top_terms(text_: str, language: str) -> dict[str, int]:
    counts = Counter(text.content_words(text_, language))
    return dict(counts.most_common(TERMS_KEPT))


def cache_key(article: Article, aliases_fingerprint: str) -> str:
    """Hash of everything `analyse` reads, plus the versions of the code that reads it."""
    parts = [article.language, article.title, article.body, aliases_fingerprint,
             f"{VERSION}.{figures.VERSION}.{attribution.VERSION}.{entities.VERSION}.{concepts.VERSION}.{daymentions.VERSION}"]
    for t in article.translations:
        if t.status.done:
            parts += [t.language, t.title, t.body]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class Cache:
    """Analyses keyed by `cache_key`, in one pickle under the build folder (rebuildable, never committed)."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, Analysis] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0
        # Why a base and a delta (briefing/content/pickled.py): adding one article writes a small file.
        self.stored = pickled.load(path, VERSION)
        self.entries = self.stored.entries

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
        pickled.save(self.path, VERSION, self.stored, kept, {})


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
