"""Story grouping from the last build's: the stories `stories.cluster` gives, scoring only what a change can move.

`stories.cluster` scores every candidate pair on every build, because a signal weighs by its rarity
in the whole briefing: one new article changes every weight, so every score, a little. Here a
snapshot of the last grouping (`build/cache/stories.pickle`) keeps each pair's signal overlap and
word cosine, and a build scores again only the pairs whose result could differ:

- Why components suffice. Average linkage only ever merges two groups joined by a pair at or above
  the threshold, and a merge reads only the pairs between the two groups. So the grouping is the
  same when run on each connected component of the pairs at or above the threshold alone, in the
  same order: all a build needs is that set of pairs exactly, and the exact scores inside components.
- Why the other scores need not be known. A weight is log(1 + n / df). An article whose signals and
  words did not change, none of them held by a new, changed or removed article in a way that moves
  its weight by more than HOT, sees every weight move by a factor within [lo, hi]: those of unchanged
  counts move by at most n_new / n_old, the others are measured. Its overlap with another such
  article then moves by at most hi / min(lo, 1), and its cosine by (hi / lo)²; a noisy-or of the
  two grows with each. A pair whose bound stays below the threshold is not scored again and its
  bound is kept as its value: a bound of a bound is still a bound.
- Pairs not kept in the snapshot lie below floors (of overlap and cosine) that grow by the same
  factors at each build; when the floors could reach the threshold, or anything else cannot be
  bounded (a signal that starts or stops counting for an unchanged article, a small briefing, many
  changes, a new configuration or code), the grouping is done from scratch and the snapshot with it.

Scored again exactly: every candidate pair of a new, changed or HOT article, the pairs a signal makes
candidates by falling to BLOCK_MAX holders, the kept pairs that may stop being candidates, and the kept
pairs whose bound reaches the threshold.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import math
import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, repeat
from operator import mul
from pathlib import Path

from ..config import StoriesConfig
from ..content import pickled
from ..fsutil import write_bytes_atomic
from . import stories
from .stories import Signals

log = logging.getLogger(__name__)

VERSION = 1
HOT = 0.01
"""A weight that moves by more than this share makes every pair of the articles holding it scored again."""
FLOORS = (0.25, 0.5)
"""Pairs kept in the snapshot: overlap or cosine at least these shares of the threshold (the rest are below)."""
MARGIN = 1e-9
"""Relative slack on every bound, for rounding."""
MOST_CHANGED = 0.05
"""Beyond this share of the articles new, changed or removed, grouping from scratch costs about the same."""

Pair = tuple[int, int]


@dataclass
class Snapshot:
    """What a grouping leaves for the next one; pairs are indices into `slugs`."""

    fingerprint: str
    slugs: list[str]
    digests: list[bytes]
    df: dict[str, int]
    tdf: dict[str, dict[str, int]]
    floors: tuple[float, float]
    pairs: dict[Pair, tuple[float, float]]
    """(overlap, cosine) or bounds of them, for pairs not below both floors."""


def cluster(all_signals: list[Signals], config: StoriesConfig, path: Path) -> list[list[str]]:
    """What `stories.cluster(all_signals, config)` gives, through the snapshot at `path` (written again)."""
    fingerprint = _fingerprint(config)
    digests = [digest(s) for s in all_signals]
    state = Current(all_signals, config)
    old = _load(path, fingerprint)
    done = None
    if old is not None:
        try:
            done = _regroup(old, state, digests)
        except Exception:  # a damaged snapshot is only a slower build
            log.warning("grouping from scratch: the last grouping could not be used", exc_info=True)
    groups, snapshot = done or _from_scratch(state, digests, fingerprint)
    snapshot.fingerprint = fingerprint
    _save(path, snapshot)
    return [[all_signals[i].slug for i in sorted(g)] for g in groups]


def digest(s: Signals) -> bytes:
    """A hash of everything the grouping reads of one article."""
    day = s.published.toordinal() if s.published else None
    return hashlib.blake2b(marshal.dumps((s.slug, day, s.features, s.terms, s.days), 2), digest_size=16).digest()


class Current:
    """The briefing being grouped: its counts and weights, and exact scores of pairs on demand."""

    def __init__(self, all_signals: list[Signals], config: StoriesConfig):
        self.signals, self.config, self.n = all_signals, config, len(all_signals)
        self.window = config.window_days
        self.df, self.tdf = stories.signal_counts(all_signals), stories.term_counts(all_signals)
        self.idf = stories.idf_of(self.df, self.n)
        self.tidf = stories.term_idf_of(self.tdf, self.n)
        self._vectors: dict[tuple[int, str], dict[str, float] | None] = {}
        self._masses: dict[int, float] = {}
        self._keys: dict[int, set[str]] = {}
        # Why a set: an article's eligible signals are then one C-level intersection (`_eligible_keys`).
        self._eligible = {key for key, count in self.df.items() if count <= stories.BLOCK_MAX and key in self.idf}

    def eligible(self, key: str) -> bool:
        """A signal that makes the pairs holding it candidates (counted, held by at most BLOCK_MAX)."""
        return key in self._eligible

    def postings(self) -> dict[str, list[int]]:
        """The articles holding each eligible signal, in order."""
        held: dict[str, list[int]] = defaultdict(list)
        eligible = self._eligible
        for i, s in enumerate(self.signals):
            for key in s.features:
                if key in eligible:
                    held[key].append(i)
        return held

    def candidate(self, i: int, j: int) -> bool:
        """A pair `stories.scored_pairs` scores (sharing an eligible signal, not dated too far apart)."""
        a, b = self.signals[i], self.signals[j]
        if a.published and b.published and abs(a.published.toordinal() - b.published.toordinal()) > self.window:
            return False  # `stories.scored` gives them zero: told cheaply
        return not self._eligible_keys(i).isdisjoint(self._eligible_keys(j))

    def _eligible_keys(self, i: int) -> set[str]:
        """The signals of article `i` that make pairs candidates (worked out once per article)."""
        keys = self._keys.get(i)
        if keys is None:
            keys = self._keys[i] = self.signals[i].features.keys() & self._eligible
        return keys

    def score(self, i: int, j: int) -> tuple[float, float, float]:
        """`stories.scored` of a pair as `stories.scored_pairs` sees it: zero unless a candidate."""
        if not self.candidate(i, j):
            return 0.0, 0.0, 0.0
        a, b = self.signals[i], self.signals[j]
        return stories.scored(a, b, self.idf, self.config, (self._vectors_for(i, b), self._vectors_for(j, a)),
                              (self._mass(i), self._mass(j)))

    def _vectors_for(self, i: int, other: Signals) -> stories.Vectors:
        """Article `i`'s `stories.unit_vectors` in the languages `other` has words in: `scored` reads no others.

        Why: most pairs share no language, and weighing every word of every article scored was
        most of the rescoring; each (article, language) vector is weighed once, when first needed."""
        vectors = {}
        for lang, counts in self.signals[i].terms.items():
            if other.terms.get(lang):
                key = (i, lang)
                if key not in self._vectors:
                    self._vectors[key] = stories.unit_vector(counts, self.tidf.get(lang, {}))
                if self._vectors[key] is not None:
                    vectors[lang] = self._vectors[key]
        return vectors

    def _mass(self, i: int) -> float:
        if i not in self._masses:
            features = self.signals[i].features
            # `stories.mass`, the same products summed in the same order, without a Python frame per signal.
            self._masses[i] = sum(map(mul, features.values(), map(self.idf.get, features, repeat(0.0))))
        return self._masses[i]


def noisy_or(overlap: float, cosine: float) -> float:
    """The similarity of a pair from its parts (`stories.scored`); it grows with each."""
    return 1 - (1 - min(overlap, 1.0)) * (1 - stories.TEXT_WEIGHT * min(cosine, 1.0))


def _from_scratch(state: Current, digests: list[bytes], fingerprint: str) -> tuple[list[set[int]], Snapshot]:
    threshold = state.config.threshold
    scored = stories.scored_pairs(state.signals, state.config)
    groups = stories.linkage_groups(state.n, {pair: parts[0] for pair, parts in scored.items()}, threshold)
    floors = (FLOORS[0] * threshold, FLOORS[1] * threshold)
    kept = {pair: (s, c) for pair, (_, s, c) in scored.items() if s >= floors[0] or c >= floors[1]}
    return groups, Snapshot(fingerprint, [s.slug for s in state.signals], digests, dict(state.df),
                            {lang: dict(counts) for lang, counts in state.tdf.items()}, floors, kept)


def _regroup(old: Snapshot, state: Current, digests: list[bytes]) -> tuple[list[set[int]], Snapshot] | None:
    """The grouping and the next snapshot, from the last one; None when it cannot be shown to be exact."""
    n, threshold = state.n, state.config.threshold
    if min(n, len(old.slugs)) <= stories.ALL_PAIRS:
        return None
    was = {slug: k for k, slug in enumerate(old.slugs)}
    position = [was.get(s.slug) for s in state.signals]
    changed = {i for i, k in enumerate(position) if k is None or old.digests[k] != digests[i]}
    removed = len(old.slugs) - sum(k is not None for k in position)
    if len(changed) + removed > MOST_CHANGED * n:
        return None
    moves = _weight_moves(old, state, changed)
    if moves is None:
        return None
    hot, (grow_overlap, grow_cosine), newly, lost = moves
    floors = (old.floors[0] * grow_overlap, old.floors[1] * grow_cosine)
    if noisy_or(*floors) * (1 + MARGIN) >= threshold:
        return None
    touched = changed | hot
    postings = state.postings()
    todo: set[Pair] = set()
    for i in touched:
        for key in state.signals[i].features:
            todo.update(_pair(i, j) for j in postings.get(key, ()) if j != i)
    for key in newly:
        todo.update(combinations(postings[key], 2))
    now = {k: i for i, k in enumerate(position) if k is not None}
    bounded: dict[Pair, tuple[float, float]] = {}
    for (x, y), (s, c) in old.pairs.items():
        i, j = now.get(x), now.get(y)
        if i is None or j is None or i in touched or j in touched:
            continue
        pair, bound = _pair(i, j), (s * grow_overlap, c * grow_cosine)
        if noisy_or(*bound) * (1 + MARGIN) >= threshold or (lost and _shares(state, pair, lost)):
            todo.add(pair)
        else:
            bounded[pair] = bound
    exact = {pair: state.score(*pair) for pair in todo}
    unknown = noisy_or(*floors)
    untouched = [i not in touched for i in range(n)]

    def bound(pair: Pair) -> float:
        """An upper bound of a pair's score, cheap: exact, kept bound, zero when not a candidate, else the floors'."""
        if pair in exact:
            return exact[pair][0]
        if pair in bounded:
            return noisy_or(*bounded[pair])
        # Why zero for a touched article's pair that is not scored: all its candidate pairs are.
        return unknown if untouched[pair[0]] and untouched[pair[1]] and state.candidate(*pair) else 0.0

    groups = _linkage(state, exact, bound)
    kept = {pair: b for pair, b in bounded.items() if b[0] >= floors[0] or b[1] >= floors[1]}
    kept.update((pair, (s, c)) for pair, (_, s, c) in exact.items() if s >= floors[0] or c >= floors[1])
    return groups, Snapshot(old.fingerprint, [s.slug for s in state.signals], digests, dict(state.df),
                            {lang: dict(counts) for lang, counts in state.tdf.items()}, floors, kept)


def _pair(i: int, j: int) -> Pair:
    return (i, j) if i < j else (j, i)


def _shares(state: Current, pair: Pair, keys: set[str]) -> bool:
    """True if both articles of `pair` hold one of `keys`."""
    a, b = state.signals[pair[0]].features, state.signals[pair[1]].features
    return any(key in a and key in b for key in keys)


def _weight_moves(old: Snapshot, state: Current, changed: set[int]):
    """(articles whose weights moved by more than HOT, (overlap factor, cosine factor) bounding every other
    pair's move, signals that became eligible, signals that stopped being eligible); None if unbounded."""
    holders: dict[str, int] = defaultdict(int)
    for i in changed:
        for key in state.signals[i].features:
            holders[key] += 1
    old_cap, cap = stories.counted_most(len(old.slugs)), stories.counted_most(state.n)
    ratio = state.n / len(old.slugs)
    lo, hi = min(1.0, ratio), max(1.0, ratio)
    hot_keys, newly, lost = set(), set(), set()
    for key in old.df.keys() | state.df.keys():
        before, after = old.df.get(key, 0), state.df.get(key, 0)
        if after <= holders.get(key, 0):
            continue  # held by no unchanged article
        if before == 0:
            return None  # an unchanged article holds it, so it was counted: a snapshot out of step
        if (before <= old_cap) != (after <= cap):
            return None  # starts or stops counting for an unchanged article
        if before == after or after > cap:
            continue
        eligible_before, eligible = before <= stories.BLOCK_MAX, after <= stories.BLOCK_MAX
        if eligible and not eligible_before:
            newly.add(key)
        elif eligible_before and not eligible:
            lost.add(key)
        move = math.log(1 + state.n / after) / math.log(1 + len(old.slugs) / before)
        if abs(move - 1) > HOT:
            hot_keys.add(key)
        else:
            lo, hi = min(lo, move), max(hi, move)
    hot_terms: dict[str, set[str]] = defaultdict(set)
    for lang, counts in state.tdf.items():
        before_counts = old.tdf.get(lang, {})
        for term, after in counts.items():
            before = before_counts.get(term, 0)
            if before == after or before == 0:
                continue  # unchanged, or held only by changed articles
            move = math.log(1 + state.n / after) / math.log(1 + len(old.slugs) / before)
            if abs(move - 1) > HOT:
                hot_terms[lang].add(term)
            else:
                lo, hi = min(lo, move), max(hi, move)
    hot = {i for i, s in enumerate(state.signals)
           if not hot_keys.isdisjoint(s.features)
           or any(not hot_terms[lang].isdisjoint(terms) for lang, terms in s.terms.items() if lang in hot_terms)}
    return hot - changed, (hi / lo * (1 + MARGIN), (hi / lo) ** 2 * (1 + MARGIN)), newly, lost


def _linkage(state: Current, exact: dict[Pair, tuple[float, float, float]],
             bound: Callable[[Pair], float] | None = None) -> list[set[int]]:
    """`stories.linkage_groups` over the whole briefing: `exact` holds every pair at or above the threshold;
    the pairs a merge reads besides are scored when it reads them, unless `bound` shows it falls short."""
    threshold = state.config.threshold
    edges = sorted(((pair, parts[0]) for pair, parts in exact.items() if parts[0] >= threshold),
                   key=lambda item: (-item[1], item[0]))

    def sim(pair: Pair) -> float:
        parts = exact.get(pair)
        if parts is None:
            parts = exact[pair] = state.score(*pair)
        return parts[0]

    return stories.merge_groups(state.n, edges, sim, threshold, bound)


def _fingerprint(config: StoriesConfig) -> str:
    """What a grouping depends on besides the articles: the settings and the code."""
    digest_ = hashlib.sha256(f"{VERSION}\x00{stories.VERSION}\x00{config.model_dump_json()}".encode("utf-8"))
    for source in (Path(stories.__file__), Path(__file__)):
        digest_.update(source.read_bytes())
    return digest_.hexdigest()


def _load(path: Path, fingerprint: str) -> Snapshot | None:
    snapshot = pickled.read(path)
    if not isinstance(snapshot, Snapshot) or snapshot.fingerprint != fingerprint:
        return None
    return snapshot


def _save(path: Path, snapshot: Snapshot) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
