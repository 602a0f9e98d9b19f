"""Stories: articles about the same event, across outlets and languages.

Two articles are compared on language-independent signals first: the names they
share (Latin-script names, and any script through the alias list), the amounts,
percentages and counts they share (normalised, so "380 billion yuan" meets
"380 milliards de yuans"), and their tickers. Each shared signal weighs by its
kind and by how rare it is in the briefing (a name every article mentions says
little). When both articles exist in a common language (an original or a
translation), the cosine of their word vectors in that language is added.

Articles published more than `window_days` apart are never one story. Groups are
merged greedily by average linkage: two groups join only when their articles are
similar *on average*, so one article cannot chain two different events together.

The result is recorded in front matter (`story:`). A story the editor set by hand
is pinned: the article stays in it and is left out of the clustering.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from slugify import slugify

from . import text
from .analyse import Analysis
from .config import StoriesConfig
from .models import Article

VERSION = 1

KIND_WEIGHT = {"person": 3.0, "product": 2.0, "company": 1.0, "other": 1.0, "place": 0.6}
"""A shared person or product name is stronger evidence of one event than a shared country."""
FIGURE_WEIGHT = {"currency": 2.5, "count": 1.5, "percent": 1.0}
"""A shared amount of money is strong evidence; a shared percentage is weaker (9% is common)."""
MEASURE_WEIGHT = 1.5
"""Two articles measuring the same thing of the same actor (Alibaba's share price) whatever the value."""
TICKER_WEIGHT = 1.0
TEXT_WEIGHT = 0.5
"""How much word vectors add when both articles exist in one language: they can only add evidence."""
MAX_DF_SHARE = 0.5
"""Signals found in more than this share of a large briefing are ignored (they link everything)."""


BLOCK_MAX = 60
"""In a large briefing, only pairs sharing a signal held by at most this many articles are compared."""


@dataclass(frozen=True)
class Signals:
    """One article as the clustering sees it."""

    slug: str
    published: date | None
    features: dict[str, float]
    """Signal → weight by kind (names, figures, tickers)."""
    terms: dict[str, dict[str, int]]
    """Language → content-word counts (original and translations)."""


def signals(article: Article, analysis: Analysis) -> Signals:
    """The language-independent signals of one article (names, figures, tickers) and its word vectors."""
    features: dict[str, float] = {}
    for name, kind in {**analysis.translated_entities, **analysis.entities}.items():
        features[f"name:{text.normalise(name)}"] = KIND_WEIGHT.get(kind, 1.0)
    for figure, subject in zip(analysis.figures, analysis.subjects):
        for key in figure_keys(figure):
            features[key] = max(features.get(key, 0.0), FIGURE_WEIGHT.get(figure.unit, 1.0))
        if figure.concept and subject:
            features[f"measure:{figure.concept}:{text.normalise(subject)}"] = MEASURE_WEIGHT
    for ticker in article.tickers:
        features[f"ticker:{ticker.upper()}"] = TICKER_WEIGHT
    return Signals(article.slug, article.published, features, analysis.terms)


def figure_keys(figure) -> list[str]:
    """Keys under which two articles share a figure: unit, currency and the value to 3 significant digits."""
    if figure.unit == "count" and figure.value < 100:
        return []  # small counts ("three years") are everywhere
    values = [figure.value] + ([figure.high] if figure.high is not None else [])
    return [f"fig:{figure.unit}:{figure.currency or ''}:{_round(v)}" for v in values]


def _round(value: float) -> str:
    return f"{value:.3g}"


def idf_weights(all_signals: list[Signals]) -> dict[str, float]:
    """Inverse document frequency of every signal: rare signals weigh more."""
    df: Counter[str] = Counter()
    for s in all_signals:
        df.update(s.features.keys())
    n = len(all_signals)
    cap = max(2, int(n * MAX_DF_SHARE)) if n >= 20 else n
    return {key: math.log(1 + n / count) for key, count in df.items() if count <= cap}


def similarity(a: Signals, b: Signals, idf: dict[str, float], config: StoriesConfig,
               term_idf: dict[str, dict[str, float]] | None = None) -> float:
    """How likely two articles report one event, from 0 to 1."""
    vectors = None if term_idf is None else (unit_vectors(a, term_idf), unit_vectors(b, term_idf))
    return _similarity(a, b, idf, config, vectors)


Vectors = dict[str, dict[str, float]]
"""Language → an article's tf-idf word vector in that language, scaled to length 1."""


def _similarity(a: Signals, b: Signals, idf: dict[str, float], config: StoriesConfig,
                vectors: tuple[Vectors, Vectors] | None) -> float:
    if a.published and b.published and abs((a.published - b.published).days) > config.window_days:
        return 0.0
    score = _signal_overlap(a, b, idf)
    shared_languages = sorted(set(vectors[0]) & set(vectors[1])) if vectors else []
    if shared_languages:
        cosine = max(_dot(vectors[0][lang], vectors[1][lang]) for lang in shared_languages)
        # Why a noisy-or: text in a common language is more evidence, never less.
        score = 1 - (1 - score) * (1 - TEXT_WEIGHT * cosine)
    return score


def _signal_overlap(a: Signals, b: Signals, idf: dict[str, float]) -> float:
    """Weighted overlap of the two signal sets, normalised like a cosine of binary vectors."""
    def mass(s: Signals) -> float:
        return sum(w * idf.get(k, 0.0) for k, w in s.features.items())

    shared = sum(min(w, b.features[k]) * idf.get(k, 0.0) for k, w in a.features.items() if k in b.features)
    denominator = math.sqrt(mass(a) * mass(b))
    return shared / denominator if denominator else 0.0


def unit_vectors(s: Signals, term_idf: dict[str, dict[str, float]]) -> Vectors:
    """The article's word vectors, weighted (1 + log count) × idf and scaled to length 1, once per article."""
    vectors: Vectors = {}
    for lang, counts in s.terms.items():
        idf = term_idf.get(lang, {})
        weights = {t: (1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        if norm:
            vectors[lang] = {t: w / norm for t, w in weights.items()}
    return vectors


def _dot(x: dict[str, float], y: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(x) > len(y):
        x, y = y, x
    return sum(w * y[t] for t, w in x.items() if t in y)


def term_idf(all_signals: list[Signals]) -> dict[str, dict[str, float]]:
    """Per language, the inverse document frequency of each content word."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    for s in all_signals:
        for lang, terms in s.terms.items():
            df[lang].update(terms.keys())
    n = len(all_signals)
    return {lang: {t: math.log(1 + n / c) for t, c in counts.items()} for lang, counts in df.items()}


def candidate_pairs(all_signals: list[Signals], idf: dict[str, float]) -> set[tuple[int, int]]:
    """Pairs sharing at least one counted signal (or a language, for small briefings): the only ones scored."""
    n = len(all_signals)
    if n <= 200:
        return set(combinations(range(n), 2))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(all_signals):
        for key in s.features:
            if key in idf:
                postings[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        # Why a cap: a signal shared by hundreds of articles is not what makes two of them one event,
        # and pairing them all would make a large archive quadratic.
        if len(members) <= BLOCK_MAX:
            pairs.update(combinations(members, 2))
    return pairs


def cluster(all_signals: list[Signals], config: StoriesConfig) -> list[list[str]]:
    """Groups of slugs that report one event (average linkage over pairwise similarity)."""
    idf = idf_weights(all_signals)
    tidf = term_idf(all_signals)
    # Why weigh and normalise each article once: doing it per pair was most of a rebuild's grouping time.
    vectors = [unit_vectors(s, tidf) for s in all_signals]
    sims: dict[tuple[int, int], float] = {}
    for i, j in candidate_pairs(all_signals, idf):
        score = _similarity(all_signals[i], all_signals[j], idf, config, (vectors[i], vectors[j]))
        if score > 0:
            sims[(i, j)] = score
    groups = _average_linkage(len(all_signals), sims, config.threshold)
    return [[all_signals[i].slug for i in sorted(g)] for g in groups]


def _average_linkage(n: int, sims: dict[tuple[int, int], float], threshold: float) -> list[set[int]]:
    """Merge the most similar pair of groups while their average pairwise similarity reaches `threshold`."""
    group_of = list(range(n))
    members: dict[int, set[int]] = {i: {i} for i in range(n)}

    def linkage(g: int, h: int) -> float:
        total = sum(sims.get((min(i, j), max(i, j)), 0.0) for i in members[g] for j in members[h])
        return total / (len(members[g]) * len(members[h]))

    # Why greedy by descending pair score: the strongest evidence decides first, and each
    # merge is checked against every pair it would join, not just the best one.
    for (i, j), score in sorted(sims.items(), key=lambda item: (-item[1], item[0])):
        if score < threshold:
            break
        g, h = group_of[i], group_of[j]
        if g == h or linkage(g, h) < threshold:
            continue
        members[g] |= members.pop(h)
        for k in members[g]:
            group_of[k] = g
    return sorted(members.values(), key=min)


def assign(articles: list[Article], analyses: dict[str, Analysis], pinned: dict[str, str],
           previous: dict[str, str], config: StoriesConfig) -> dict[str, str]:
    """Story id for every article: pinned ones keep the editor's id; the others are clustered.

    A machine story keeps the id most of its articles had before (so ids are stable as a
    story grows); a new story is named after its earliest article.
    """
    free = [a for a in articles if a.slug not in pinned]
    groups = cluster([signals(a, analyses[a.slug]) for a in free], config)
    by_slug = {a.slug: a for a in articles}
    claimed: set[str] = set()
    result = dict(pinned)
    # Why largest first: when two groups claim one old id, the bigger keeps it. An id an editor
    # pinned an article to stays available: that is how an editor merges an article into a story.
    for group in sorted(groups, key=lambda g: (-len(g), g)):
        story = _stable_id(group, previous, claimed) or _new_id(group, by_slug, claimed | set(pinned.values()))
        claimed.add(story)
        result.update(dict.fromkeys(group, story))
    return result


def _stable_id(group: list[str], previous: dict[str, str], taken: set[str]) -> str | None:
    votes = Counter(previous[s] for s in group if previous.get(s))
    for story, _ in sorted(votes.items(), key=lambda item: (-item[1], item[0])):
        if story not in taken:
            return story
    return None


def _new_id(group: list[str], by_slug: dict[str, Article], taken: set[str]) -> str:
    earliest = min(group, key=lambda s: (by_slug[s].published or date.max, s))
    story, n = earliest, 2
    while story in taken:
        story, n = f"{earliest}-{n}", n + 1
    return story


def page_name(story: str) -> str:
    """A safe file name for a story page (editor-typed ids may contain anything)."""
    name = slugify(story, max_length=80) or "story"
    return re.sub(r"[^a-z0-9-]", "", name) or "story"


@dataclass(frozen=True)
class Story:
    """Articles reporting one event: the best one first, then by date."""

    id: str
    articles: tuple[Article, ...]

    @property
    def best(self) -> Article:
        return self.articles[0]

    @property
    def others(self) -> tuple[Article, ...]:
        return self.articles[1:]

    @property
    def published(self) -> date | None:
        """The story's date: its earliest article's."""
        dates = [a.published for a in self.articles if a.published]
        return min(dates) if dates else None

    @property
    def topic_names(self) -> list[str]:
        """Every topic of any of its articles, the best article's first."""
        return list(dict.fromkeys(name for a in self.articles for name in a.topic_names))

    @property
    def page(self) -> str:
        return page_name(self.id)


@dataclass(frozen=True)
class Briefing:
    """The whole collection as the renderers see it: articles with their story, the stories, the analyses."""

    articles: tuple[Article, ...]
    stories: tuple[Story, ...]
    analyses: dict[str, Analysis]

    def story_of(self, article: Article) -> Story:
        return self._by_slug()[article.slug]

    def _by_slug(self) -> dict[str, Story]:
        cached = self.__dict__.get("_story_index")
        if cached is None:
            cached = {a.slug: s for s in self.stories for a in s.articles}
            object.__setattr__(self, "_story_index", cached)
        return cached


def completeness(article: Article, analysis: Analysis) -> tuple:
    """The best-article rule: the most complete text (most words), then the earliest, then the slug."""
    return (-analysis.words, article.published or date.max, article.slug)


def group(articles: list[Article], analyses: dict[str, Analysis]) -> list[Story]:
    """Stories from the articles' `story` fields: best article first, newest story first."""
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[article.story or article.slug].append(article)
    stories = []
    for story_id, members in by_story.items():
        best = min(members, key=lambda a: completeness(a, analyses[a.slug]))
        rest = sorted((a for a in members if a is not best), key=lambda a: (a.published or date.max, a.slug))
        stories.append(Story(story_id, (best, *rest)))
    stories.sort(key=lambda s: s.id)
    stories.sort(key=lambda s: s.published or date.min, reverse=True)
    return stories
