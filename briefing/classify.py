"""Topics from the configured taxonomy, with the terms that matched and a score.

Every term of every language is matched against every article (a French article may
say "data center"); text and terms are compared in `text.normalise`d form, so case,
accents (é = e), full-width letters and curly apostrophes do not matter.

Term syntax (the same for built-in and editor-defined topics):

* ``robot``: a whole word, with an optional inflection ending (s, es, e, en, n, er,
  ern): "robots", "Roboter", "Robotern", "semiconductores", "puces".
* ``data centre``: several words; in the text they may be separated by spaces or
  hyphens, or written together ("data-centre", "datacentre"); each word may inflect
  ("centros de datos" matches ``centro de datos``).
* ``halbleiter*``: a word ending in ``*`` matches any word starting with it
  ("Halbleiterhersteller"); ``*roboter`` any word ending with it ("Industrieroboter");
  ``*roboter*`` any word containing it.
* ``机器人``, ``AIチップ``: a term with Chinese or Japanese characters matches as a
  substring (list simplified and traditional forms separately); one that starts with a
  Latin letter still needs a word start ("AIチップ" is not found in "GenAIチップ").
  Latin terms are found inside CJK text ("英伟达GPU芯片" has ``GPU``).
* ``-blue chip``: a leading ``-`` makes an exclusion: text it matches (exactly, no
  inflection) counts for none of the topic's terms ("blue-chip stocks" is not a chip).

Where matches overlap, the leftmost (then the longest) takes the text ("humanoid
robots" counts for ``humanoid robot``, not also for ``robot``).

Score: each distinct matching term 1, plus 1 if it occurs in the title, plus 0.25 for
each further occurrence (at most 1 per term). A topic is assigned when the score reaches
its `min_score`; topics are ordered by score, then name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .config import TopicConfig
from .models import Article, TopicMatch
from .text import normalise

log = logging.getLogger(__name__)

VERSION = 1

# Letters and digits that make a word go on (CJK excluded: "英伟达GPU" has a GPU).
_WORD_CHAR = "0-9a-z\u00b5\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uac00-\ud7af"
_ENDINGS = "(?:s|es|e|en|n|er|ern)?"
_SEPARATOR = r"[\s\-]*"
_WORD = re.compile(f"[{_WORD_CHAR}]")
_CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_TITLE_BONUS = 1.0
_REPEAT_BONUS = 0.25
_REPEAT_CAP = 1.0

_TaxonomyKey = tuple[tuple[str, float, tuple[tuple[str, tuple[str, ...]], ...]], ...]


@dataclass(frozen=True)
class _Term:
    """One compiled term: `term` is None for an exclusion; `literal` must occur for a match."""

    term: str | None
    literal: str
    pattern: re.Pattern[str]
    """Matches from the literal start of the term on (fast); the word start is checked apart."""
    suffix: bool
    """The term starts with `*`: a match extends back to the start of its word."""


@dataclass(frozen=True)
class _Topic:
    name: str
    min_score: float
    terms: tuple[_Term, ...]


def classify(article: Article, taxonomy: dict[str, TopicConfig]) -> Article:
    """Set `topics`: the taxonomy topics whose terms score at least their `min_score`."""
    title, body = normalise(article.title), normalise(article.body)
    matches = [m for topic in compile_taxonomy(taxonomy) if (m := _match(topic, title, body))]
    matches.sort(key=lambda m: (-m.score, m.name))
    return article.replace(topics=tuple(matches))


def compile_taxonomy(taxonomy: dict[str, TopicConfig]) -> tuple[_Topic, ...]:
    """The taxonomy's compiled patterns, built once per distinct taxonomy content."""
    return _compile(_key(taxonomy))


def term_pattern(term: str, exact: bool = False) -> str:
    """Regex source matching one term in normalised text, from its first literal letter.

    What comes before the term (a word boundary or, for ``*word``, the rest of the word)
    is checked by the caller: a pattern that starts with a literal is searched far faster.
    """
    norm = normalise(term)
    if _CJK.search(norm):
        return re.escape(norm)
    # Why: exclusions match exactly; "chip in" must not also swallow "chips in China".
    ending = "" if exact else _ENDINGS
    words = _words_of(norm)
    parts = [_word_pattern(w, ending, first=i == 0) for i, w in enumerate(words)]
    return _SEPARATOR.join(parts) + f"(?![{_WORD_CHAR}])"


def _words_of(norm: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", norm) if w.strip("*")]


def _word_pattern(word: str, ending: str, first: bool) -> str:
    head = f"[{_WORD_CHAR}]*" if word.startswith("*") and not first else ""
    tail = f"[{_WORD_CHAR}]*" if word.endswith("*") else ending
    return head + re.escape(word.strip("*")) + tail


def _key(taxonomy: dict[str, TopicConfig]) -> _TaxonomyKey:
    """A hashable form of the taxonomy, so equal taxonomies share compiled patterns."""
    return tuple(
        (name, topic.min_score, tuple((lang, tuple(terms)) for lang, terms in topic.terms.items()))
        for name, topic in taxonomy.items()
    )


@lru_cache(maxsize=16)
def _compile(key: _TaxonomyKey) -> tuple[_Topic, ...]:
    log.debug("compiling %d topics", len(key))
    return tuple(_compile_topic(name, min_score, terms) for name, min_score, terms in key)


def _compile_topic(name: str, min_score: float,
                   terms: tuple[tuple[str, tuple[str, ...]], ...]) -> _Topic:
    """The topic's terms compiled, each once, with the literal that prefilters it."""
    compiled: dict[str, _Term] = {}
    for _lang, words in terms:
        for term in words:
            exclusion = term.startswith("-")
            bare = term[1:] if exclusion else term
            source = term_pattern(bare, exact=exclusion)
            # Why: the same term listed under two languages is one term, reported once.
            if source not in compiled and bare.strip("* "):
                compiled[source] = _Term(None if exclusion else term, _literal(bare),
                                         re.compile(source), bare.strip().startswith("*"))
    return _Topic(name, min_score, tuple(compiled.values()))


def _literal(term: str) -> str:
    """The longest plain word of a term: text without it cannot match (a cheap prefilter)."""
    norm = normalise(term)
    if _CJK.search(norm):
        return norm
    return max((w.strip("*") for w in _words_of(norm)), key=len)


def _match(topic: _Topic, title: str, body: str) -> TopicMatch | None:
    """The topic's match on one article, or None when it scores below `min_score`."""
    title_hits, body_hits = _hits(topic, title), _hits(topic, body)
    score = 0.0
    for term in set(title_hits) | set(body_hits):
        repeats = title_hits.get(term, 0) + body_hits.get(term, 0) - 1
        score += 1.0 + min(_REPEAT_CAP, _REPEAT_BONUS * repeats)
        score += _TITLE_BONUS if term in title_hits else 0.0
    if score == 0 or score < topic.min_score:
        return None
    return TopicMatch(topic.name, tuple(sorted(set(title_hits) | set(body_hits))), round(score, 2))


def _spans(term: _Term, index: int, text: str) -> list[tuple[int, int, int]]:
    """(start, -length, index) of each match of `term`, checked at its word start."""
    spans = []
    for m in term.pattern.finditer(text):
        start = m.start()
        # Why: CJK terms are substrings; a Latin term starts a word, or with `*` ends one.
        if term.suffix:
            while start and _WORD.match(text, start - 1):
                start -= 1
        elif start and not _CJK.match(term.literal) and _WORD.match(text, start - 1):
            continue
        spans.append((start, start - m.end(), index))
    return spans


def _hits(topic: _Topic, text: str) -> dict[str, int]:
    """How often each term occurs in `text`; overlapping matches go to the leftmost-longest."""
    # Why: a substring test is far cheaper than a regex, and most terms are absent.
    spans = [span for i, t in enumerate(topic.terms) if t.literal in text
             for span in _spans(t, i, text)]
    counts: dict[str, int] = {}
    end = -1
    for start, neg_len, i in sorted(spans):
        if start < end:
            continue
        end = start - neg_len
        # Why: an exclusion ("blue-chip") takes its text away from every term.
        term = topic.terms[i].term
        if term is not None:
            counts[term] = counts.get(term, 0) + 1
    return counts
