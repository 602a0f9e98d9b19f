"""Story grouping from the last build's (briefing/stages/regroup.py) gives the stories a grouping from scratch gives."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.config import StoriesConfig
from briefing.stages import regroup, stories

CONFIG = StoriesConfig()
KINDS = (0.6, 1.0, 2.0, 3.0)


def _signals(rng: random.Random, slug: str, events: int = 60) -> stories.Signals:
    """An article of one of `events` events: most of its event's names and words, some common ones, some noise."""
    event = rng.randrange(events)
    ev = random.Random(event)
    features = {f"name:e{event}-{k}": KINDS[k % 4] for k in range(6) if rng.random() < 0.6}
    features |= {f"fig:currency:USD:{ev.randrange(999)}": 2.5} if rng.random() < 0.5 else {}
    features |= {f"name:common-{rng.randrange(8)}": 1.0 for _ in range(rng.randrange(3))}
    features |= {f"place:p{rng.randrange(40)}": 0.6 for _ in range(rng.randrange(3))}
    features |= {f"concept:c{ev.randrange(5)}": 3.0 * rng.random()}
    words = [f"w{event}-{k}" for k in range(12)] + [f"word{k}" for k in range(40)]
    terms = {lang: {rng.choice(words): rng.randrange(1, 5) for _ in range(rng.randrange(5, 20))}
             for lang in ("en", "fr") if rng.random() < 0.7}
    if rng.random() < 0.1:
        day = date(2025, 1, 1) + timedelta(days=3 * event)
        return stories.Signals(slug, None, features, terms, ((None, day.month, day.day),))
    published = date(2025, 1, 1) + timedelta(days=3 * event + rng.randrange(3))
    return stories.Signals(slug, published, features, terms)


def _step(briefing: list[stories.Signals], rng: random.Random, op: str, counter: list[int]) -> list[stories.Signals]:
    if op == "add" or len(briefing) < 220:
        counter[0] += 1
        new = _signals(rng, f"s{counter[0]:05d}")
        at = rng.randrange(len(briefing) + 1)
        return briefing[:at] + [new] + briefing[at:]
    at = rng.randrange(len(briefing))
    if op == "remove":
        return briefing[:at] + briefing[at + 1:]
    if op == "edit":
        return briefing[:at] + [_signals(rng, briefing[at].slug)] + briefing[at + 1:]
    return list(briefing)  # the same briefing again


def _count_calls(monkeypatch, module, name: str) -> list[int]:
    """Replace `module.name` by a wrapper that counts its calls in the returned one-item list."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.fixture
def scratch_runs(monkeypatch):
    """How many groupings were done from scratch."""
    return _count_calls(monkeypatch, regroup, "_from_scratch")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), ops=st.lists(st.sampled_from(["add", "edit", "remove", "again"]),
                                              min_size=1, max_size=6))
def test_regrouping_gives_the_stories_of_a_grouping_from_scratch(tmp_path_factory, scratch_runs, seed, ops):
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("regroup") / "stories.pickle"
    counter = [0]
    briefing: list[stories.Signals] = []
    while len(briefing) < 240:
        briefing = _step(briefing, rng, "add", counter)
    scratch_runs[0] = 0
    assert regroup.cluster(briefing, CONFIG, path) == stories.cluster(briefing, CONFIG)
    for op in ops:
        briefing = _step(briefing, rng, op, counter)
        assert regroup.cluster(briefing, CONFIG, path) == stories.cluster(briefing, CONFIG)
    assert scratch_runs[0] >= 1  # the first, at least


def test_adding_one_article_scores_only_pairs_it_can_move(tmp_path, scratch_runs, monkeypatch):
    rng = random.Random(7)
    briefing = [_signals(rng, f"s{k:05d}", events=400) for k in range(1200)]
    path = tmp_path / "stories.pickle"
    regroup.cluster(briefing, CONFIG, path)
    calls = _count_calls(monkeypatch, stories, "scored")
    briefing.append(_signals(rng, "s99999", events=400))
    grouped = regroup.cluster(briefing, CONFIG, path)
    incremental, calls[0] = calls[0], 0
    assert grouped == stories.cluster(briefing, CONFIG)
    assert scratch_runs[0] == 1 and 0 < incremental < calls[0] / 2


def test_a_new_setting_or_a_damaged_snapshot_groups_from_scratch(tmp_path, scratch_runs):
    rng = random.Random(3)
    briefing = [_signals(rng, f"s{k:05d}") for k in range(300)]
    path = tmp_path / "stories.pickle"
    regroup.cluster(briefing, CONFIG, path)
    stricter = StoriesConfig(threshold=0.5)
    assert regroup.cluster(briefing, stricter, path) == stories.cluster(briefing, stricter)
    path.write_bytes(b"damaged")
    assert regroup.cluster(briefing, stricter, path) == stories.cluster(briefing, stricter)
    assert scratch_runs[0] == 3
    regroup.cluster(briefing, stricter, path)
    assert scratch_runs[0] == 3


def test_rescoring_weighs_only_the_word_vectors_a_pair_compares(monkeypatch):
    rng = random.Random(5)
    briefing = [_signals(rng, f"s{k:05d}") for k in range(250)]
    # Two articles of one event that share no language, and a third in the first one's language.
    briefing[0] = stories.Signals("a", date(2025, 1, 1), {"name:x": 3.0, "name:y": 2.0}, {"en": {"w": 2, "v": 1}})
    briefing[1] = stories.Signals("b", date(2025, 1, 1), {"name:x": 3.0, "name:y": 2.0}, {"fr": {"w": 1}})
    briefing[2] = stories.Signals("c", date(2025, 1, 2), {"name:x": 3.0}, {"en": {"w": 1}, "de": {"z": 4}})
    idf, tidf = stories.idf_weights(briefing), stories.term_idf(briefing)
    vectors = [stories.unit_vectors(s, tidf) for s in briefing[:3]]
    expected = [stories.scored(briefing[0], briefing[j], idf, CONFIG, (vectors[0], vectors[j])) for j in (1, 2)]
    weighed = _count_calls(monkeypatch, stories, "unit_vector")
    state = regroup.Current(briefing, CONFIG)
    assert state.score(0, 1) == expected[0] and weighed[0] == 0  # no common language: no vector weighed
    assert state.score(0, 2) == expected[1] and weighed[0] == 2  # en of each, not c's de
