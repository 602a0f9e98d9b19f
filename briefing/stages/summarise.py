"""Dek and key points: extractive, offline, deterministic, in the article's language.

Every sentence comes verbatim from `text.split_sentences(body, lang)`, so a later stage
can map the choice onto a sentence-by-sentence translation: `select` returns the
*indices* of the chosen sentences (`Selection`), `select_sentences` does the same for an
already split list, and `shorten` cuts an overlong dek the same way in any language.

Scoring (centroid with leave-one-out): a sentence scores the sum, over its distinct
content words, of how many *other* sentences share the word (title words count extra),
divided by the square root of its word count, times a position prior (earlier is
better) and small penalties for quotes and sentences that lean on the previous one.
The dek is the first lead-like sentence (punctuated, not a quotation, not the headline
again) unless one of the next two carries clearly more of the story's recurring words.
Key points are then chosen by maximal marginal relevance (score lowered by word overlap
with what is already taken, near-duplicates dropped) and returned in document order.
Candidates must be complete sentences of some length, not questions, not mostly
numbers or links, not captions; an overlong dek is cut at a clause boundary (`shorten`).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from ..lang import window
from ..config import SummaryConfig
from ..models import Article
from ..lang.text import cjk_ratio, content_words, split_sentences

log = logging.getLogger(__name__)

VERSION = 1

_QUOTE_START = re.compile(r"^[\"'“‘„«‹「『]")
_CLOSING = " \t\n\"'”’“»›)]}」』）》〉】"
# A caption or label marker (▲, ■, 【写真】) or a symbol starts no sentence worth quoting.
_LABEL_START = re.compile(r"^[【\[■□▲△▼▽●○◆◇★☆※►▶→#|]")
_OPENING = "\"'“‘„«(["
_DIGIT = re.compile(r"\d")
_URL = re.compile(r"https?://|www\.|\w\.(?:com|org|net)\b", re.IGNORECASE)
_LATIN_CLAUSE = re.compile(r"(?:[,;:]|\s[–—-])\s")
_CJK_CLAUSE = re.compile(r"[，、；：,;]")
# Sentence openers that point back to the previous sentence ("He said", "But", "Il").
_ANAPHORIC = frozenset(
    """he she it they this that these those but however also and so yet meanwhile
    il elle ils elles cela ce mais cependant er sie es dies diese aber jedoch
    él ella ellos ellas esto pero sin lui lei essi ma però ele ela eles elas mas""".split()
)

_DEK_WINDOW = 3
_DEK_DECAY = 0.4
_POSITION_WEIGHT = 0.3
_TITLE_BONUS = 1.0
_QUOTE_PENALTY = 0.7
_ANAPHORA_PENALTY = 0.85
_LONG_CHARS = 350
_LONG_PENALTY = 0.8
_DUPLICATE_JACCARD = 0.5
_DUPLICATE_CONTAINMENT = 0.8
_TITLE_COPY = 0.85
_SENTENCES_PER_POINT = 3
_DIVERSITY = 1.5


@dataclass(frozen=True)
class Selection:
    """Indices, into `split_sentences(body, lang)`, of the dek and of the key points."""

    dek_index: int | None
    key_point_indices: tuple[int, ...]


@dataclass(frozen=True)
class _Sentence:
    index: int
    text: str
    tokens: frozenset[str]
    cjk: bool


def summarise(article: Article, config: SummaryConfig) -> Article:
    """Set the dek (`summary`) and `key_points` from sentences of the cleaned body."""
    sentences = split_sentences(window.analysed(article.body), article.language)
    chosen = select_sentences(sentences, article.language, config, article.title)
    dek = "" if chosen.dek_index is None else shorten(sentences[chosen.dek_index],
                                                      config.dek_max_chars)
    points = tuple(sentences[i] for i in chosen.key_point_indices)
    return article.replace(summary=dek, key_points=points)


def select(body: str, lang: str, config: SummaryConfig, title: str = "") -> Selection:
    """Choose the dek and key points of `body`, as indices into `split_sentences(body, lang)`."""
    return select_sentences(split_sentences(body, lang), lang, config, title)


def select_sentences(sentences: list[str], lang: str, config: SummaryConfig,
                     title: str = "") -> Selection:
    """Choose the dek and key points among `sentences` (any list), by index."""
    parsed = [_parse(i, s, lang) for i, s in enumerate(sentences)]
    title_tokens = frozenset(content_words(title, lang))
    # Why: the last sentence of a truncated page is cut mid-way; never pick it unfinished.
    candidates = [s for s in parsed if _is_candidate(s, is_last=s.index == len(parsed) - 1)]
    df = _doc_freq(parsed)
    weights = {s.index: _weight(s, df, title_tokens) for s in candidates}
    scores = _scores(candidates, weights)
    dek = _choose_dek(candidates, weights, title_tokens) or _fallback_dek(parsed)
    # Why: the headline is shown above the key points; a copy of it adds nothing.
    fresh = [s for s in candidates if not _is_title_copy(s, title_tokens)]
    points = _choose_points(fresh, scores, dek, config)
    log.debug("selected dek %s and key points %s of %d sentences", dek and dek.index,
              points, len(sentences))
    return Selection(dek.index if dek else None, points)


def shorten(sentence: str, max_chars: int) -> str:
    """Cut `sentence` at a clause boundary to fit `max_chars` (CJK: a third), adding '…'."""
    limit = max_chars // 3 if cjk_ratio(sentence) > 0.3 else max_chars
    if len(sentence) <= limit:
        return sentence
    head = sentence[:limit]
    # Why: prefer the last clause boundary in the second half; else the last space.
    clause = _CJK_CLAUSE if cjk_ratio(sentence) > 0.3 else _LATIN_CLAUSE
    cuts = [m.start() for m in clause.finditer(head) if m.start() >= limit // 2]
    if not cuts and " " in head[limit // 2:]:
        cuts = [head.rindex(" ")]
    end = cuts[-1] if cuts else limit - 1
    return head[:end].rstrip(" ,;:–—-，、；：") + "…"


def _parse(index: int, text: str, lang: str) -> _Sentence:
    return _Sentence(index, text, frozenset(content_words(text, lang)), cjk_ratio(text) > 0.3)


def _core(text: str) -> str:
    """The sentence without trailing closing quotes, brackets and citation marks ("[3]")."""
    core = text.rstrip(_CLOSING)
    while core.endswith("]") and core[core.rfind("[") + 1:-1].isdigit():
        core = core[:core.rfind("[")].rstrip(_CLOSING)
    return core


def _is_candidate(s: _Sentence, is_last: bool) -> bool:
    """Whether a sentence can be a key point: complete, long enough, mostly words."""
    core = _core(s.text)
    if not core or core[-1] in "?？" or _URL.search(s.text) or _mostly_digits(s.text):
        return False
    if _LABEL_START.match(s.text) or (not s.cjk and s.text.lstrip(_OPENING)[:1].islower()):
        return False
    punctuated = core[-1] in ".!。！…．"
    if s.cjk:
        return punctuated and len(core) >= 12
    n_words = len(s.text.split())
    # Why: an unpunctuated line is a headline or a caption, unless long (a list item).
    return n_words >= 6 and len(core) >= 30 and (punctuated or (n_words >= 20 and not is_last))


def _mostly_digits(text: str) -> bool:
    digits = len(_DIGIT.findall(text))
    return digits > 0.3 * (digits + sum(map(str.isalpha, text)))


def _doc_freq(parsed: list[_Sentence]) -> dict[str, int]:
    """In how many sentences each content word occurs."""
    df: dict[str, int] = {}
    for s in parsed:
        for token in s.tokens:
            df[token] = df.get(token, 0) + 1
    return df


def _weight(s: _Sentence, df: dict[str, int], title_tokens: frozenset[str]) -> float:
    """How much of the article's recurring vocabulary (and the title's) a sentence carries."""
    # Why: leave-one-out document frequency: a word only this sentence uses adds nothing.
    return sum(df[t] - 1 + (_TITLE_BONUS if t in title_tokens else 0.0) for t in s.tokens)


def _scores(candidates: list[_Sentence], weights: dict[int, float]) -> dict[int, float]:
    """Centrality (weight per square root of length) times position prior and penalties."""
    n = max(len(candidates), 1)
    scores = {}
    for rank, s in enumerate(candidates):
        central = weights[s.index] / math.sqrt(len(s.tokens)) if s.tokens else 0.0
        prior = 1.0 + _POSITION_WEIGHT * (1.0 - rank / n)
        scores[s.index] = central * prior * _penalty(s)
    return scores


def _penalty(s: _Sentence) -> float:
    """Factor below 1 for quotes, anaphoric openers and very long sentences."""
    factor = _QUOTE_PENALTY if _QUOTE_START.match(s.text) else 1.0
    first = s.text.split(maxsplit=1)[0].strip(",;:").lower() if s.text.split() else ""
    if first in _ANAPHORIC:
        factor *= _ANAPHORA_PENALTY
    if len(s.text) > _LONG_CHARS:
        factor *= _LONG_PENALTY
    return factor


def _choose_dek(candidates: list[_Sentence], weights: dict[int, float],
                title_tokens: frozenset[str]) -> _Sentence | None:
    """The most informative of the first few lead-like candidates, earlier ones preferred."""
    leads = [s for s in candidates if _is_lead(s, title_tokens)][:_DEK_WINDOW] or candidates[:1]
    if not leads:
        return None
    # Why: a news lead is usually the first real sentence; a later one must carry clearly
    # more of the story's vocabulary (raw weight: leads are long, that is no fault here).
    ranked = sorted(enumerate(leads), key=lambda p: (
        -(weights[p[1].index] * _penalty(p[1]) + 1e-9) * (1 - _DEK_DECAY * p[0]), p[0]))
    return ranked[0][1]


def _fallback_dek(parsed: list[_Sentence]) -> _Sentence | None:
    """For a body too short for any candidate: its first sentence of a few words."""
    for s in parsed:
        if _URL.search(s.text) or _mostly_digits(s.text) or _LABEL_START.match(s.text):
            continue
        if len(s.text) >= 8 if s.cjk else len(s.text.split()) >= 3:
            return s
    return None


def _is_lead(s: _Sentence, title_tokens: frozenset[str]) -> bool:
    """A dek candidate: a punctuated sentence, not a quotation, not the headline again."""
    if _QUOTE_START.match(s.text) or s.text.rstrip().endswith((":", "：")):
        return False
    # Why: a headline-like line (no final punctuation) is not a dek.
    if _core(s.text)[-1:] not in ".!。！…．":
        return False
    # Why: only a near copy of the headline is refused; a good lead shares most of its words.
    return not _is_title_copy(s, title_tokens)


def _is_title_copy(s: _Sentence, title_tokens: frozenset[str]) -> bool:
    return bool(title_tokens) and _jaccard(s.tokens, title_tokens) >= _TITLE_COPY


def _choose_points(candidates: list[_Sentence], scores: dict[int, float],
                   dek: _Sentence | None, config: SummaryConfig) -> tuple[int, ...]:
    """The best candidates, each new one penalised for overlap with those taken, in text order."""
    wanted = min(config.key_points_max,
                 max(config.key_points_min, len(candidates) // _SENTENCES_PER_POINT))
    pool = {s.index: s for s in candidates if s is not dek}
    overlap = dict.fromkeys(pool, 0.0)
    if dek:
        _take(dek, pool, overlap)
    chosen: list[int] = []
    while pool and len(chosen) < wanted:
        # Why: maximal marginal relevance: a high score counts less when it repeats.
        best = max(pool.values(), key=lambda c: (
            scores[c.index] * (1.0 - _DIVERSITY * overlap[c.index]), -c.index))
        chosen.append(best.index)
        _take(best, pool, overlap)
    return tuple(sorted(chosen))


def _take(taken: _Sentence, pool: dict[int, _Sentence], overlap: dict[int, float]) -> None:
    """Remove `taken` and its near-duplicates from `pool`; raise the others' overlap."""
    pool.pop(taken.index, None)
    for index, s in list(pool.items()):
        if s.text == taken.text or _near_duplicate(s.tokens, taken.tokens):
            del pool[index]
        else:
            overlap[index] = max(overlap[index], _jaccard(s.tokens, taken.tokens))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two token sets overlap enough to say the same thing."""
    if not a or not b:
        return a == b
    containment = len(a & b) / min(len(a), len(b))
    return _jaccard(a, b) >= _DUPLICATE_JACCARD or containment >= _DUPLICATE_CONTAINMENT
