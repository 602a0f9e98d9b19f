"""Topics from the configured taxonomy, weighing where and how often their terms occur.

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
* ``반도체``: a Korean (Hangul) term matches inside longer words and takes any Hangul
  ending, as Korean glues particles and compounds on ("반도체를", "차세대반도체").
* ``-blue chip``: a leading ``-`` makes an exclusion: text it matches (exactly, no
  inflection) counts for none of the topic's terms ("blue-chip stocks" is not a chip).

Where matches overlap, the leftmost (then the longest) takes the text ("humanoid
robots" counts for ``humanoid robot``, not also for ``robot``).

Evidence and score. A headline and a lead that name the topic say more than a passing
mention; a topic the article comes back to, sentence after sentence, is what it is about;
and one sentence about chips in a capex story does not make it a chips story, however many
chip words that sentence has. So each topic gets `Evidence` by zone (distinct terms in the
headline, in the lead; body sentences with a hit) and its share of the article's topical
evidence (its hits over all topics' hits), and its score weighs them:

    score = title·min(headline terms, 2) + lead·min(lead terms, 2)
            + sentences·log2(sentences with a hit) + share·(share of all topics' hits)

A single sentence adds nothing by itself (log2 1 = 0): a passing mention in the body only
adds its small share, so it cannot reach the threshold; a second and third sentence do.
The weights, the threshold a topic's score must reach and the share of the best topic's
score it must also reach (`relative`) are fitted on the labelled dev corpus by
scripts/fit_topics.py (cross-validated) and committed as briefing/stages/topic_weights.yaml. A
topic's own `min_score` replaces the fitted threshold (the relative share still applies).
Topics are ordered by score, then name: the first is the article's primary topic.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from ..lang import FAST_LOADER, charsets, window
from ..config import TopicConfig
from ..errors import ConfigError
from ..models import Article, TopicMatch
from ..lang.text import normalise, sentence_spans

log = logging.getLogger(__name__)

VERSION = 3

# Letters and digits that make a word go on (CJK excluded: "英伟达GPU" has a GPU).
_WORD_CHAR = "0-9a-z\u00b5\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uac00-\ud7af"
_HANGUL = charsets.HANGUL
_ENDINGS = "(?:s|es|e|en|n|er|ern)?"
_HANGUL_ENDINGS = f"[{_HANGUL}]*"
_SEPARATOR = r"[ \-]*"
_WORD = re.compile(f"[{_WORD_CHAR}]")
_CJK_CLASS = charsets.CJK
_CJK = charsets.CJK_CHAR
_HANGUL_CHAR = charsets.HANGUL_CHAR
_TOKEN = re.compile(f"[{_WORD_CHAR}]+|[{_CJK_CLASS}]")
_PROSE_END = re.compile("[.!?。！？…][\"'”’»)）」』]*$")

LEAD_WORDS = 50
"""The lead is this many words (a Chinese or Japanese character is half a word) from the first
sentence of prose: one that ends with a full stop (or ! ?) and has PROSE_WORDS words or more."""
PROSE_WORDS = 6
"""Fewest words of a sentence of prose (shorter lines are menus, labels, captions)."""
TERM_CAP = 2
"""Headline and lead terms count up to this many each: a third term there adds nothing."""
FEATURES = ("title", "lead", "sentences", "share")

_TaxonomyKey = tuple[tuple[str, float | None, tuple[tuple[str, tuple[str, ...]], ...]], ...]


@dataclass(frozen=True)
class Weights:
    """The fitted score weights, threshold and relative share (briefing/stages/topic_weights.yaml)."""

    title: float
    lead: float
    sentences: float
    share: float
    threshold: float
    relative: float

    @classmethod
    def from_mapping(cls, data: dict) -> Weights:
        """Weights from the file's shape: `weights` per feature, `threshold`, `relative`."""
        try:
            return cls(**{name: float(data["weights"][name]) for name in FEATURES},
                       threshold=float(data["threshold"]), relative=float(data.get("relative", 0.0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError("briefing/stages/topic_weights.yaml", [f"bad or missing value: {exc}"]) from None


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The committed weights, from briefing/stages/topic_weights.yaml."""
    text = resources.files(__package__).joinpath("topic_weights.yaml").read_text(encoding="utf-8")
    return Weights.from_mapping(yaml.load(text, Loader=FAST_LOADER) or {})


@dataclass(frozen=True)
class Evidence:
    """What one topic's terms show in one article."""

    terms: tuple[str, ...]
    """The distinct terms found (as configured), sorted."""
    title: int
    """Distinct terms in the headline."""
    lead: int
    """Distinct terms in the lead."""
    sentences: int
    """Body sentences with at least one hit (a passing mention has one)."""
    hits: int
    """Hits in the headline and the body."""
    share: float = 1.0
    """This topic's share of all topics' hits in the article (0-1; `evidence` sets it)."""

    def features(self) -> tuple[float, ...]:
        """The values the weights multiply, in `FEATURES` order."""
        return (min(self.title, TERM_CAP), min(self.lead, TERM_CAP), math.log2(max(self.sentences, 1)),
                self.share)

    def score(self, weights: Weights) -> float:
        """The weighted sum of the features."""
        return sum(getattr(weights, name) * value for name, value in zip(FEATURES, self.features(), strict=True))


@dataclass(frozen=True)
class _Term:
    """One compiled term: `term` is None for an exclusion; `literal` must occur for a match."""

    term: str | None
    literal: str
    source: str
    """The regex: matches from the literal start of the term on (fast); the word start is checked apart."""
    suffix: bool
    """The term starts with `*`: a match extends back to the start of its word."""
    anywhere: bool
    """The term starts with a CJK or Hangul character: it needs no word start."""

    @property
    def pattern(self) -> re.Pattern[str]:
        # Why compiled when first needed: only terms whose literal occurs are matched, and compiling all
        # of a taxonomy's few hundred patterns was most of deriving a single article.
        return _compiled(self.source)


@lru_cache(maxsize=None)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True)
class _Topic:
    name: str
    min_score: float | None
    terms: tuple[_Term, ...]


@dataclass(frozen=True)
class _Text:
    """One article's normalised text and the positions evidence is measured against."""

    title: str
    body: str
    """The body, one normalised sentence a line."""
    lead_start: int
    """The lead: the first LEAD_WORDS words from the first sentence of prose."""
    lead_end: int
    sentence_ends: tuple[int, ...]


def classify(article: Article, taxonomy: dict[str, TopicConfig], weights: Weights | None = None) -> Article:
    """Set `topics`: the taxonomy topics whose evidence scores high enough, best first."""
    weights = weights or default_weights()
    scored = [(name, ev, ev.score(weights), floor) for name, ev, floor in evidence(article, taxonomy)]
    best = max((score for *_, score, _ in scored), default=0.0)
    matches = [TopicMatch(name, ev.terms, round(score, 2)) for name, ev, score, floor in scored
               if score > 0 and score >= (weights.threshold if floor is None else floor)
               and score >= weights.relative * best]
    matches.sort(key=lambda m: (-m.score, m.name))
    return article.replace(topics=tuple(matches))


def evidence(article: Article, taxonomy: dict[str, TopicConfig]) -> list[tuple[str, Evidence, float | None]]:
    """(topic, evidence, its own min_score) for every topic with at least one term in the article."""
    # Why: a title written from the lead (no headline found) would count the lead twice.
    title = "" if article.title_method == "generated" else article.title
    text = _prepare(title, window.analysed(article.body), article.language)
    found = []
    for topic in compile_taxonomy(taxonomy):
        ev = _evidence(topic, text)
        if ev is not None:
            found.append((topic.name, ev, topic.min_score))
    # Why: a topic that has a tenth of the article's topical hits is background to another.
    total = sum(ev.hits for _, ev, _ in found)
    return [(name, replace(ev, share=ev.hits / total), floor) for name, ev, floor in found]


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
    parts = [_word_pattern(w, ending, first=i == 0, last=i == len(words) - 1) for i, w in enumerate(words)]
    return _SEPARATOR.join(parts) + f"(?![{_WORD_CHAR}])"


def _words_of(norm: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", norm) if w.strip("*")]


def _word_pattern(word: str, ending: str, first: bool, last: bool) -> str:
    head = f"[{_WORD_CHAR}]*" if word.startswith("*") and not first else ""
    bare = word.strip("*")
    if word.endswith("*"):
        tail = f"[{_WORD_CHAR}]*"
    elif last and ending and _HANGUL_CHAR.match(bare[-1]):
        # Why: Korean glues particles to the noun ("반도체를"); any Hangul may follow.
        tail = _HANGUL_ENDINGS
    else:
        tail = ending
    return head + re.escape(bare) + tail


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


def _compile_topic(name: str, min_score: float | None,
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
                literal = _literal(bare)
                first = normalise(bare).lstrip("*")[:1]
                anywhere = bool(_CJK.match(first) or _HANGUL_CHAR.match(first))
                compiled[source] = _Term(None if exclusion else term, literal, source,
                                         bare.strip().startswith("*"), anywhere)
    return _Topic(name, min_score, tuple(compiled.values()))


def _literal(term: str) -> str:
    """The longest plain word of a term: text without it cannot match (a cheap prefilter)."""
    norm = normalise(term)
    if _CJK.search(norm):
        return norm
    return max((w.strip("*") for w in _words_of(norm)), key=len)


def _prepare(title: str, body: str, language: str) -> _Text:
    """The normalised text, one sentence a line, with its lead and sentence ends."""
    # Why: sentences are found in the original text (capitals, line breaks), which
    # `normalise` folds away; each is then normalised on its own line.
    sentences = [normalise(body[start:end]) for start, end in sentence_spans(body, language)]
    text = "\n".join(sentences)
    starts, offset = [], 0
    for sentence in sentences:
        starts.append(offset)
        offset += len(sentence) + 1
    first = next((i for i, sentence in enumerate(sentences) if _is_prose(sentence)), 0)
    lead_start = starts[first] if sentences else 0
    return _Text(normalise(title), text, lead_start, _lead_end(text, lead_start),
                 tuple(start - 1 for start in starts[1:]))


def _is_prose(sentence: str) -> bool:
    """A sentence that ends like one and has some words: not a menu, label or headline line."""
    return bool(_PROSE_END.search(sentence)) and _count_words(sentence) >= PROSE_WORDS


def _count_words(text: str) -> float:
    return sum(0.5 if _CJK.match(t.group()) else 1.0 for t in _TOKEN.finditer(text))


def _lead_end(text: str, start: int) -> int:
    """Where the lead that starts at `start` ends: after LEAD_WORDS words."""
    words = 0.0
    for token in _TOKEN.finditer(text, start):
        words += 0.5 if _CJK.match(token.group()) else 1.0
        if words >= LEAD_WORDS:
            return token.end()
    return len(text)


def _evidence(topic: _Topic, text: _Text) -> Evidence | None:
    """The topic's evidence in one article, or None when none of its terms occurs."""
    title_hits, body_hits = _hits(topic, text.title), _hits(topic, text.body)
    terms = {term for _, term in title_hits} | {term for _, term in body_hits}
    if not terms:
        return None
    sentences = {bisect.bisect_right(text.sentence_ends, start) for start, _ in body_hits}
    return Evidence(
        terms=tuple(sorted(terms)),
        title=len({term for _, term in title_hits}),
        lead=len({term for start, term in body_hits if text.lead_start <= start < text.lead_end}),
        sentences=len(sentences),
        hits=len(title_hits) + len(body_hits),
    )


def _spans(term: _Term, index: int, text: str) -> list[tuple[int, int, int]]:
    """(start, -length, index) of each match of `term`, checked at its word start."""
    spans = []
    for m in term.pattern.finditer(text):
        start = m.start()
        # Why: CJK and Hangul terms are substrings; a Latin term starts a word, or with `*` ends one.
        if term.suffix:
            while start and _WORD.match(text, start - 1):
                start -= 1
        elif start and not term.anywhere and _WORD.match(text, start - 1):
            continue
        spans.append((start, start - m.end(), index))
    return spans


def _hits(topic: _Topic, text: str) -> list[tuple[int, str]]:
    """(start, term) of each hit in `text`; overlapping matches go to the leftmost-longest."""
    # Why: a substring test is far cheaper than a regex, and most terms are absent.
    spans = [span for i, t in enumerate(topic.terms) if t.literal in text
             for span in _spans(t, i, text)]
    hits: list[tuple[int, str]] = []
    end = -1
    for start, neg_len, i in sorted(spans):
        if start < end:
            continue
        end = start - neg_len
        # Why: an exclusion ("blue-chip") takes its text away from every term.
        term = topic.terms[i].term
        if term is not None:
            hits.append((start, term))
    return hits
