"""Stories: articles about the same event, across outlets and languages.

Two articles are compared on language-independent signals first: the names they
share (Latin-script names, any script through the alias list, and model numbers
inside product names), the amounts, percentages and counts they share (normalised,
so "380 billion yuan" meets "380 milliards de yuans", and money also in rough US
dollars, so "¥380bn" meets "$53bn"), their tickers, the days they name and the
concepts they are about (briefing/extract/concepts.py). Each shared signal weighs by its
kind and by how rare it is in the briefing (a name every article mentions says
little), and every article is assumed to hold PRIOR_MASS of evidence it does not
show, so two sparse articles do not join on one weak signal. When both articles
exist in a common language (an original or a translation), the cosine of their
word vectors in that language is added.

Articles published more than `window_days` apart are never one story; an undated
article counts at the days its text names. Groups are merged greedily by average
linkage: two groups join only when their articles are similar *on average*, so
one article cannot chain two different events together.

The weights below and the threshold are fitted by scripts/eval_stories.py, which
cross-validates them on the seeds and the dev corpus.

The result is recorded in front matter (`story:`). A story the editor set by hand
is pinned: the article stays in it and is left out of the clustering.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from slugify import slugify

from ..lang import text
from .analyse import Analysis
from ..config import StoriesConfig
from ..models import Article

VERSION = 3

KIND_WEIGHT = {"person": 3.0, "product": 2.0, "company": 1.0, "other": 1.0, "place": 0.6}
"""A shared person or product name is stronger evidence of one event than a shared country."""
FIGURE_WEIGHT = {"currency": 2.5, "count": 1.5, "percent": 1.0}
"""A shared amount of money is strong evidence; a shared percentage is weaker (9% is common)."""
USD_PER_UNIT = {"USD": 1.0, "EUR": 1.1, "GBP": 1.28, "CHF": 1.15, "CNY": 0.14, "JPY": 0.0068, "KRW": 0.00074,
                "HKD": 0.128, "TWD": 0.032, "INR": 0.012, "CAD": 0.73, "AUD": 0.66, "SGD": 0.75, "BRL": 0.19}
"""Rough exchange rates: only to see that "380 billion yuan", "$53bn" and "€45bn" may be one amount."""
CONVERTED_WEIGHT = 1.5
"""An amount met again in another currency (converted within CONVERTED_TOLERANCE) is fair evidence."""
CONVERTED_TOLERANCE = 0.12
"""Converted amounts within this share of each other may be one amount: rates move, writers round."""
MEASURE_WEIGHT = 1.5
"""Two articles measuring the same thing of the same actor (Alibaba's share price) whatever the value."""
TICKER_WEIGHT = 1.0
DAY_WEIGHT = 1.5
"""Two reports naming the same day ("19 April", "4月19日") often name the day of one event."""
UNDATED_SLACK_DAYS = 30
"""An undated article counts at the days its text names, and may be this much further away than the window."""
CONCEPT_WEIGHT = 3.0
"""A shared concept (an earthquake, a ban) crosses every language; its rarity decides how much it says."""
CONCEPT_PREFIX = "concept:"
CONVERTED_PREFIX = "usd:"
SUPPORT_PREFIXES = (CONCEPT_PREFIX, CONVERTED_PREFIX)
"""Signals that support a particular shared signal but never make one (`_signal_overlap`)."""
TEXT_WEIGHT = 0.5
"""How much word vectors add when both articles exist in one language: they can only add evidence."""
PRIOR_MASS = 4.0
"""Evidence every article is assumed to hold beyond what was found: one weak shared name cannot join two sparse articles."""
MAX_DF_SHARE = 0.5
"""Signals found in more than this share of a large briefing are ignored (they link everything)."""


BLOCK_MAX = 60
"""In a large briefing, only pairs sharing a signal held by at most this many articles are compared."""
ALL_PAIRS = 200
"""A briefing of at most this many articles compares every pair."""


@dataclass(frozen=True)
class Signals:
    """One article as the clustering sees it."""

    slug: str
    published: date | None
    features: dict[str, float]
    """Signal → weight by kind (names, figures, tickers)."""
    terms: dict[str, dict[str, int]]
    """Language → content-word counts (original and translations)."""
    days: tuple[tuple[int | None, int, int], ...] = ()
    """For an undated article, the days its text names, (year or None, month, day)."""


def signals(article: Article, analysis: Analysis) -> Signals:
    """The language-independent signals of one article (names, figures, tickers) and its word vectors."""
    features: dict[str, float] = {}
    for name, kind in {**analysis.translated_entities, **analysis.entities}.items():
        for key, weight in _name_features(name, kind):
            features[key] = weight
    for figure, subject in zip(analysis.figures, analysis.subjects):
        for key in figure_keys(figure):
            features[key] = max(features.get(key, 0.0), FIGURE_WEIGHT.get(figure.unit, 1.0))
        for key in converted_keys(figure):
            features[key] = CONVERTED_WEIGHT
        if figure.concept and subject:
            features[f"measure:{figure.concept}:{text.normalise(subject)}"] = MEASURE_WEIGHT
    for ticker in article.tickers:
        features[f"ticker:{ticker.upper()}"] = TICKER_WEIGHT
    for concept, weight in analysis.concepts.items():
        features[f"{CONCEPT_PREFIX}{concept}"] = CONCEPT_WEIGHT * weight
    for _, month, day in analysis.days:
        features[f"day:{month:02d}-{day:02d}"] = DAY_WEIGHT
    days = () if article.published else analysis.days
    return Signals(article.slug, article.published, features, analysis.terms, days)


@functools.lru_cache(maxsize=1 << 16)
def _name_features(name: str, kind: str) -> tuple[tuple[str, float], ...]:
    """The signals a name gives, in order: the name, then model numbers in it (names recur: kept once worked out)."""
    codes = tuple((f"model:{code}", KIND_WEIGHT["product"]) for code in model_codes(name))
    return ((f"name:{text.normalise(name)}", KIND_WEIGHT.get(kind, 1.0)), *codes)


_MODEL_CODE = re.compile(r"(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{3,}")


def model_codes(name: str) -> list[str]:
    """Model numbers inside a longer name ("RTX Pro 6000D" → 6000d): outlets drop the words around them."""
    words = text.normalise(name).replace("-", " ").split()
    if len(words) < 2:
        return []
    return [w for w in words if _MODEL_CODE.fullmatch(w)]


def figure_keys(figure) -> list[str]:
    """Keys under which two articles share a figure: unit, currency and the value to 3 significant digits."""
    if figure.unit == "count" and figure.value < 100:
        return []  # small counts ("three years") are everywhere
    values = [figure.value] + ([figure.high] if figure.high is not None else [])
    return [f"fig:{figure.unit}:{figure.currency or ''}:{_round(v)}" for v in values]


def converted_keys(figure) -> list[str]:
    """Keys of a money figure in US dollars: the log-scale bins within the tolerance of its value.

    Bins are CONVERTED_TOLERANCE wide and each amount takes every bin its ±tolerance interval
    touches, so two amounts within the tolerance of each other always share a key.
    """
    rate = USD_PER_UNIT.get(figure.currency or "")
    if figure.unit != "currency" or rate is None or figure.value <= 0:
        return []
    width = math.log1p(CONVERTED_TOLERANCE)
    centre = math.log(figure.value * rate) / width
    return [f"{CONVERTED_PREFIX}{b}" for b in range(math.floor(centre - 1), math.floor(centre + 1) + 1)]


def _round(value: float) -> str:
    return f"{value:.3g}"


def idf_weights(all_signals: list[Signals]) -> dict[str, float]:
    """Inverse document frequency of every signal: rare signals weigh more."""
    return idf_of(signal_counts(all_signals), len(all_signals))


def signal_counts(all_signals: list[Signals]) -> Counter[str]:
    """How many articles hold each signal."""
    df: Counter[str] = Counter()
    for s in all_signals:
        df.update(s.features.keys())
    return df


def counted_most(n: int) -> int:
    """The most articles a signal may be held by and still count, in a briefing of `n` (MAX_DF_SHARE)."""
    return max(2, int(n * MAX_DF_SHARE)) if n >= 20 else n


def idf_of(df: dict[str, int], n: int) -> dict[str, float]:
    """The weights `idf_weights` gives, from the signal counts `df` of a briefing of `n`."""
    cap = counted_most(n)
    return {key: math.log(1 + n / count) for key, count in df.items() if count <= cap}


def similarity(a: Signals, b: Signals, idf: dict[str, float], config: StoriesConfig,
               term_idf: dict[str, dict[str, float]] | None = None) -> float:
    """How likely two articles report one event, from 0 to 1."""
    vectors = None if term_idf is None else (unit_vectors(a, term_idf), unit_vectors(b, term_idf))
    return _similarity(a, b, idf, config, vectors)


Vectors = dict[str, dict[str, float]]
"""Language → an article's tf-idf word vector in that language, scaled to length 1."""


def _similarity(a: Signals, b: Signals, idf: dict[str, float], config: StoriesConfig,
                vectors: tuple[Vectors, Vectors] | None, masses: tuple[float, float] | None = None) -> float:
    return scored(a, b, idf, config, vectors, masses)[0]


def scored(a: Signals, b: Signals, idf: dict[str, float], config: StoriesConfig,
           vectors: tuple[Vectors, Vectors] | None, masses: tuple[float, float] | None = None
           ) -> tuple[float, float, float]:
    """(similarity, signal overlap, best cosine of the word vectors: 0 without a common language)."""
    if _too_far_apart(a, b, config.window_days):
        return 0.0, 0.0, 0.0
    overlap = score = _signal_overlap(a, b, idf, masses)
    shared_languages = sorted(set(vectors[0]) & set(vectors[1])) if vectors else []
    cosine = 0.0
    if shared_languages:
        cosine = max(_dot(vectors[0][lang], vectors[1][lang]) for lang in shared_languages)
        # Why a noisy-or: text in a common language is more evidence, never less.
        score = 1 - (1 - score) * (1 - TEXT_WEIGHT * cosine)
    return score, overlap, cosine


def _too_far_apart(a: Signals, b: Signals, window_days: int) -> bool:
    """Published more than the window apart; an undated article counts at every day its text names."""
    if a.published and b.published:
        return abs((a.published - b.published).days) > window_days
    first = [(a.published.year, a.published.month, a.published.day)] if a.published else a.days
    second = [(b.published.year, b.published.month, b.published.day)] if b.published else b.days
    if not first or not second:
        return False
    # Why the nearest pair and a slack: a report names the event's day, and maybe older ones;
    # only when no day it names comes near the other article's is it surely another event.
    nearest = min(_days_between(x, y) for x in first for y in second)
    return nearest > window_days + UNDATED_SLACK_DAYS


def _days_between(x: tuple[int | None, int, int], y: tuple[int | None, int, int]) -> int:
    """Days between two named days; without both years, the distance within a year (wrapping at New Year)."""
    if x[0] is not None and y[0] is not None:
        return abs((date(*x) - date(*y)).days)
    gap = abs((date(2000, x[1], x[2]) - date(2000, y[1], y[2])).days)
    return min(gap, 366 - gap)


def mass(s: Signals, idf: dict[str, float]) -> float:
    """The weight of everything an article signals (the norm its overlaps are divided by, less the prior)."""
    return sum(w * idf.get(k, 0.0) for k, w in s.features.items())


def _signal_overlap(a: Signals, b: Signals, idf: dict[str, float],
                    masses: tuple[float, float] | None = None) -> float:
    """Weighted overlap of the two signal sets, normalised like a cosine of binary vectors."""
    other, weight_of = b.features, idf.get  # bound once: this runs for every pair scored
    common = [(k, min(w, other[k]) * weight_of(k, 0.0)) for k, w in a.features.items() if k in other]
    # Why: what an article is about (a robot, a launch) is shared by many events, and an amount met in another
    # currency is a guess (rough rates, a 12% tolerance: two robots priced near $30k); each counts only as
    # support for something more particular the two share (a name, an amount as written, a day).
    if not any(weight > 0 for k, weight in common if not k.startswith(SUPPORT_PREFIXES)):
        return 0.0
    shared = sum(weight for _, weight in common)
    mass_a, mass_b = masses or (mass(a, idf), mass(b, idf))
    denominator = math.sqrt((mass_a + PRIOR_MASS) * (mass_b + PRIOR_MASS))
    return shared / denominator if denominator else 0.0


def unit_vectors(s: Signals, term_idf: dict[str, dict[str, float]]) -> Vectors:
    """The article's word vectors, weighted (1 + log count) × idf and scaled to length 1, once per article."""
    vectors: Vectors = {}
    for lang, counts in s.terms.items():
        vector = unit_vector(counts, term_idf.get(lang, {}))
        if vector is not None:
            vectors[lang] = vector
    return vectors


def unit_vector(counts: dict[str, int], idf: dict[str, float]) -> dict[str, float] | None:
    """One language's vector of `unit_vectors`; None when it has no words (its length is 0).

    Counts are at least 1 and weights positive, so only an empty `counts` gives None."""
    log, weight_of = math.log, idf.get  # bound once: this runs for every word of every article compared
    weights = {t: (1 + log(c)) * weight_of(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else None


def _dot(x: dict[str, float], y: dict[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(x) > len(y):
        x, y = y, x
    return sum(w * y[t] for t, w in x.items() if t in y)


def term_idf(all_signals: list[Signals]) -> dict[str, dict[str, float]]:
    """Per language, the inverse document frequency of each content word."""
    return term_idf_of(term_counts(all_signals), len(all_signals))


def term_counts(all_signals: list[Signals]) -> dict[str, Counter[str]]:
    """Per language, how many articles hold each content word."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    for s in all_signals:
        for lang, terms in s.terms.items():
            df[lang].update(terms.keys())
    return dict(df)


def term_idf_of(df: dict[str, dict[str, int]], n: int) -> dict[str, dict[str, float]]:
    """The weights `term_idf` gives, from the word counts `df` of a briefing of `n`."""
    return {lang: {t: math.log(1 + n / c) for t, c in counts.items()} for lang, counts in df.items()}


def candidate_pairs(all_signals: list[Signals], idf: dict[str, float]) -> set[tuple[int, int]]:
    """Pairs sharing at least one counted signal (or a language, for small briefings): the only ones scored."""
    n = len(all_signals)
    if n <= ALL_PAIRS:
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
    groups = linkage_groups(len(all_signals), similarities(all_signals, config), config.threshold)
    return [[all_signals[i].slug for i in sorted(g)] for g in groups]


def similarities(all_signals: list[Signals], config: StoriesConfig) -> dict[tuple[int, int], float]:
    """(i, j) → similarity for every candidate pair with a score above 0 (i < j, indices into the list)."""
    return {pair: parts[0] for pair, parts in scored_pairs(all_signals, config).items()}


def scored_pairs(all_signals: list[Signals], config: StoriesConfig) -> dict[tuple[int, int], tuple[float, float, float]]:
    """(i, j) → `scored` for every candidate pair with a score above 0 (i < j, indices into the list)."""
    idf = idf_weights(all_signals)
    tidf = term_idf(all_signals)
    # Why weigh and normalise each article once: doing it per pair was most of a rebuild's grouping time.
    vectors = [unit_vectors(s, tidf) for s in all_signals]
    masses = [mass(s, idf) for s in all_signals]
    # Why day numbers: most candidate pairs of a large archive are dated far apart; telling so first is cheap.
    days = [s.published.toordinal() if s.published else None for s in all_signals]
    window = config.window_days
    sims: dict[tuple[int, int], tuple[float, float, float]] = {}
    for i, j in candidate_pairs(all_signals, idf):
        if days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > window:
            continue
        parts = scored(all_signals[i], all_signals[j], idf, config, (vectors[i], vectors[j]), (masses[i], masses[j]))
        if parts[0] > 0:
            sims[(i, j)] = parts
    return sims


def linkage_groups(n: int, sims: dict[tuple[int, int], float], threshold: float) -> list[set[int]]:
    """Merge the most similar pair of groups while their average pairwise similarity reaches `threshold`."""
    # Why greedy by descending pair score: the strongest evidence decides first, and each
    # merge is checked against every pair it would join, not just the best one.
    edges = sorted(((pair, score) for pair, score in sims.items() if score >= threshold),
                   key=lambda item: (-item[1], item[0]))
    return merge_groups(n, edges, lambda pair: sims.get(pair, 0.0), threshold)


def merge_groups(n: int, edges: list[tuple[tuple[int, int], float]], sim: Callable[[tuple[int, int]], float],
                 threshold: float, bound: Callable[[tuple[int, int]], float] | None = None) -> list[set[int]]:
    """`linkage_groups` given its pairs at or above `threshold` in order (`edges`) and every pair's score (`sim`).

    `bound`, a cheap upper bound of `sim`: a merge it shows to fall short is not scored exactly."""
    group_of = list(range(n))
    members: dict[int, set[int]] = {i: {i} for i in range(n)}

    def linkage(g: int, h: int, of: Callable[[tuple[int, int]], float]) -> float:
        total = sum(of((min(i, j), max(i, j))) for i in members[g] for j in members[h])
        return total / (len(members[g]) * len(members[h]))

    for (i, j), score in edges:
        g, h = group_of[i], group_of[j]
        if g == h or (bound and linkage(g, h, bound) * (1 + 1e-9) < threshold) or linkage(g, h, sim) < threshold:
            continue
        members[g] |= members.pop(h)
        for k in members[g]:
            group_of[k] = g
    return sorted(members.values(), key=min)


def assign(articles: list[Article], analyses: dict[str, Analysis], pinned: dict[str, str],
           previous: dict[str, str], config: StoriesConfig,
           clusterer: Callable[[list[Signals], StoriesConfig], list[list[str]]] | None = None) -> dict[str, str]:
    """Story id for every article: pinned ones keep the editor's id; the others are clustered (by `clusterer`,
    which must give what `cluster` gives: briefing/stages/regroup.py does it from the last build's grouping).

    A machine story keeps the id most of its articles had before (so ids are stable as a
    story grows); a new story is named after its earliest article.
    """
    free = [a for a in articles if a.slug not in pinned]
    groups = (clusterer or cluster)([signals(a, analyses[a.slug]) for a in free], config)
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
