"""Measure story clustering on the sample seeds plus the dev corpus (a report, not a test).

Usage:
    python scripts/eval_stories.py [CORPUS_DIR] [--folds K] [--quiet] [--offline-only]

Every raw file of content/inbox (the five seeds) and of CORPUS_DIR (default shared/corpus/dev in the first folder above the repository that has one)
is ingested and enriched in memory (nothing is written), analysed, and clustered with the
project's settings, untranslated (the offline case).

The truth: seeds 000, 001 and 002 are one event; the dev labels' `same_story_as` lists are
symmetric links whose transitive closure is a story; `same_story_optional` pairs count neither
as a hit nor as an error; `related_not_same` pairs must not be joined (their violations are
listed on their own, and they are errors too). Every other pair is two stories.

Prints pairwise precision and recall with the shipped settings, the pairs missed and wrongly
joined (short titles only), then cross-validated figures: the true stories (and single articles)
are dealt into K folds; for each fold the weights of briefing/stages/stories.py listed in WEIGHTS and the
threshold are fitted on the pairs among the other folds' articles (the best F1, ties to the
setting least sensitive to its threshold) and scored on the pairs that touch the held-out fold.
The same fit over every article is printed as the setting to ship. A second run adds the editor's translations from
content/articles for the seeds (the case where translations exist). Always exits 0.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing import pipeline  # noqa: E402
from briefing.content import read  # noqa: E402
from briefing.extract import entities  # noqa: E402
from briefing.stages import analyse, stories  # noqa: E402
from briefing.config import load_config  # noqa: E402

SEED_STORY = ("000", "001", "002")
THRESHOLDS = [round(0.10 + 0.02 * i, 2) for i in range(26)]
"""The thresholds the cross-validation chooses from."""
WEIGHTS = {
    "CONCEPT_WEIGHT": [0.0, 1.0, 2.0, 3.0],
    "DAY_WEIGHT": [0.0, 1.5, 3.0],
    "CONVERTED_WEIGHT": [0.0, 1.5],
    "PRIOR_MASS": [0.0, 4.0],
}
"""Module settings of briefing/stages/stories.py the cross-validation chooses from, with the threshold."""


@dataclass
class Truth:
    """Pairs of labels: same story, may go either way, must not be joined."""

    same: set[tuple[str, str]]
    optional: set[tuple[str, str]]
    must_not: set[tuple[str, str]]
    stories: list[set[str]]
    """Every label in exactly one true story (singletons included): the units dealt into folds."""


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def truth_from(labels_path: Path, all_labels: list[str]) -> Truth:
    """The seed story plus the dev labels' groups, closed transitively."""
    parent = {label: label for label in all_labels}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        if x in parent and y in parent:
            parent[find(x)] = find(y)

    for x, y in combinations(SEED_STORY, 2):
        union(x, y)
    optional, must_not = set(), set()
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else {}
    for entry in labels.get("articles", []):
        me = Path(entry["file"]).stem
        for other in entry.get("same_story_as") or []:
            union(me, Path(other).stem)
        optional |= {_pair(me, Path(o).stem) for o in entry.get("same_story_optional") or []}
        must_not |= {_pair(me, Path(o).stem) for o in entry.get("related_not_same") or []}
    clusters: dict[str, set[str]] = {}
    for label in all_labels:
        clusters.setdefault(find(label), set()).add(label)
    same = {_pair(x, y) for c in clusters.values() for x, y in combinations(c, 2)}
    return Truth(same, optional - same, must_not, sorted(clusters.values(), key=min))


def load(corpus: Path, config, with_translations: bool):
    """(label, article) for every seed and dev file, enriched in memory."""
    translations = {}
    if with_translations:
        for path in config.articles.glob("*.md"):
            content = read.read_content(path)
            translations[Path(content.input or "").name] = read.to_article(content).translations
    items = []
    for path in sorted((REPO / "content" / "inbox").iterdir()) + sorted(corpus.glob("*.txt")):
        article = pipeline.inspect(path, config, REPO)
        label = path.name[:3] if path.parent.name == "inbox" else path.stem
        items.append((label, article.replace(slug=label, translations=translations.get(path.name, ()))))
    return items


def score(predicted: set[tuple[str, str]], truth: Truth, scope: set[str] | None = None) -> dict:
    """Pairwise precision and recall (optional pairs ignored), restricted to pairs touching `scope`."""
    def keep(pairs):
        return {p for p in pairs if scope is None or p[0] in scope or p[1] in scope}

    predicted = keep(predicted) - truth.optional
    same = keep(truth.same)
    hits = predicted & same
    return {
        "predicted": len(predicted), "true": len(same), "hits": len(hits),
        "precision": len(hits) / len(predicted) if predicted else 1.0,
        "recall": len(hits) / len(same) if same else 1.0,
        "missed": sorted(same - predicted), "wrong": sorted(predicted - same),
        "violations": sorted(predicted & keep(truth.must_not)),
    }


def predicted_pairs(signals, config) -> set[tuple[str, str]]:
    """Pairs the clustering puts in one story."""
    return {_pair(x, y) for g in stories.cluster(signals, config) for x, y in combinations(g, 2)}


def _pairs_among(slugs: list[str], sims: dict, threshold: float, keep: set[str]) -> set[tuple[str, str]]:
    """Pairs joined when only the articles in `keep` are clustered, from precomputed similarities."""
    index = {i: n for n, i in enumerate(i for i, s in enumerate(slugs) if s in keep)}
    sub = {(index[i], index[j]): v for (i, j), v in sims.items() if i in index and j in index}
    names = {n: slugs[i] for i, n in index.items()}
    return {_pair(names[x], names[y]) for g in stories.linkage_groups(len(index), sub, threshold)
            for x, y in combinations(sorted(g), 2)}


def _f(result: dict) -> float:
    """The fitting objective: F1 of pairs, with a wrongly joined related pair costing extra."""
    p, r = result["precision"], result["recall"]
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1 - 0.05 * len(result["violations"])


def weight_grid() -> list[dict[str, float]]:
    """The settings of briefing/stages/stories.py the cross-validation chooses from (besides the threshold)."""
    grid = [{}]
    for name, values in WEIGHTS.items():
        grid = [{**g, name: v} for g in grid for v in values]
    return grid


def _best(table, slugs, train: set[str], truth: Truth):
    """The weight setting and threshold that fit the training articles best.

    Ties are common on a few dozen articles, so among the settings with the best fit the one
    whose best thresholds span the widest range wins (the fit least sensitive to the threshold),
    with the threshold in the middle of that range.
    """
    best, best_key = None, None
    for setting, sims in table:
        fits = [_f(score(_pairs_among(slugs, sims, t, train), truth)) for t in THRESHOLDS]
        top = max(fits)
        run = _widest_run([f >= top - 1e-9 for f in fits])
        key = (round(top, 6), len(run))
        if best_key is None or key > best_key:
            best, best_key = (setting, sims, THRESHOLDS[run[len(run) // 2]]), key
    return best


def _widest_run(flags: list[bool]) -> list[int]:
    """Indices of the longest run of True values."""
    best: list[int] = []
    current: list[int] = []
    for i, flag in enumerate(flags):
        current = current + [i] if flag else []
        if len(current) > len(best):
            best = current
    return best


def cross_validate(items, analyses, truth: Truth, config, folds: int) -> dict:
    """Fit weights and threshold on K-1 folds of true stories, score on the held-out fold; sum over folds."""
    slugs = [label for label, _ in items]
    units = sorted(truth.stories, key=lambda c: (-len(c), min(c)))
    fold_of = {label: i % folds for i, unit in enumerate(units) for label in unit}
    defaults = {name: getattr(stories, name) for name in WEIGHTS}
    table = []  # (setting, sims) for every weight setting
    for setting in weight_grid():
        for name, value in setting.items():
            setattr(stories, name, value)
        signals = [stories.signals(a, analyses[label]) for label, a in items]
        table.append((setting, stories.similarities(signals, config)))
    for name, value in defaults.items():
        setattr(stories, name, value)
    totals = {"predicted": 0, "true": 0, "hits": 0, "violations": 0}
    setting, _, threshold = _best(table, slugs, set(slugs), truth)
    overall = {**setting, "threshold": threshold}
    chosen = []
    for k in range(folds):
        train = {label for label, f in fold_of.items() if f != k}
        held = {label for label, f in fold_of.items() if f == k}
        setting, sims, threshold = _best(table, slugs, train, truth)
        chosen.append({**setting, "threshold": threshold})
        result = score(_pairs_among(slugs, sims, threshold, set(slugs)), truth, held)
        for key in ("predicted", "true", "hits"):
            totals[key] += result[key]
        totals["violations"] += len(result["violations"])
    return {**totals, "chosen": chosen, "overall": overall,
            "precision": totals["hits"] / totals["predicted"] if totals["predicted"] else 1.0,
            "recall": totals["hits"] / totals["true"] if totals["true"] else 1.0}


def evaluate(items, config, labels_path: Path, folds: int, quiet: bool) -> None:
    """Print precision, recall, the misses and wrong joins, and the cross-validated figures."""
    aliases = entities.Aliases.load(config.entity_aliases)
    titles = {label: a.title for label, a in items}
    articles = [a for _, a in items]
    analyses_by_label = {label: analyse.analyse(a, aliases) for label, a in items}
    signals = [stories.signals(a, analyses_by_label[a.slug]) for a in articles]
    truth = truth_from(labels_path, [label for label, _ in items])
    result = score(predicted_pairs(signals, config.stories), truth)
    print(f"  in-sample (threshold {config.stories.threshold}): pairs predicted {result['predicted']}, "
          f"true {result['true']}, correct {result['hits']}: "
          f"precision {result['precision']:.2f}, recall {result['recall']:.2f}; "
          f"related-not-same joined: {len(result['violations'])}")
    if not quiet:
        idf, tidf = stories.idf_weights(signals), stories.term_idf(signals)
        by_slug = {s.slug: s for s in signals}
        for heading, key in (("missed", "missed"), ("wrongly joined", "wrong"),
                             ("related-not-same joined", "violations")):
            for x, y in result[key]:
                sim = stories.similarity(by_slug[x], by_slug[y], idf, config.stories, tidf)
                print(f"    {heading}: {sim:.3f}  {x} {_short(titles[x])} | {y} {_short(titles[y])}")
    cv = cross_validate(items, analyses_by_label, truth, config.stories, folds)
    print(f"  held-out ({folds}-fold, weights and threshold fitted on the other folds): "
          f"pairs predicted {cv['predicted']}, true {cv['true']}, correct {cv['hits']}: "
          f"precision {cv['precision']:.2f}, recall {cv['recall']:.2f}; "
          f"related-not-same joined: {cv['violations']}")
    for k, chosen in enumerate(cv["chosen"]):
        print(f"    fold {k}: " + _settings(chosen))
    print("  the same fit on every article (what briefing/stages/stories.py should ship): " + _settings(cv["overall"]))
    print("  shipped: " + _settings({**{name: getattr(stories, name) for name in WEIGHTS},
                                     "threshold": config.stories.threshold}))


def _settings(chosen: dict) -> str:
    return ", ".join(f"{name.lower()} {value}" for name, value in chosen.items())


def _short(title: str, width: int = 40) -> str:
    title = " ".join(title.split())
    return f"«{title[:width]}{'…' if len(title) > width else ''}»"


def _default_corpus() -> Path:
    """../shared/corpus/dev from the repository or any folder above it (worktrees sit deeper)."""
    for folder in REPO.parents:
        if (folder / "shared" / "corpus" / "dev").is_dir():
            return folder / "shared" / "corpus" / "dev"
    return REPO.parent / "shared" / "corpus" / "dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=_default_corpus())
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quiet", action="store_true", help="figures only, no pair lists")
    parser.add_argument("--offline-only", action="store_true", help="skip the run with the seeds' translations")
    args = parser.parse_args()
    config = load_config(REPO / "mkdocs.yml")
    for with_translations in (False,) if args.offline_only else (False, True):
        print("with the seeds' translations:" if with_translations else "untranslated (offline):")
        evaluate(load(args.corpus, config, with_translations), config,
                 args.corpus / "labels.yaml", args.folds, args.quiet)


if __name__ == "__main__":
    main()
