"""Measure story clustering on the sample seeds plus the dev corpus (a report, not a test).

Usage:
    python scripts/eval_stories.py [CORPUS_DIR]

Every raw file of content/inbox (the five seeds) and of CORPUS_DIR (default ../shared/corpus/dev)
is ingested and enriched in memory (nothing is written), analysed, and clustered with the
project's settings, untranslated (the offline case). The truth: seeds 000, 001 and 002 are one
event; every other article is its own (the dev articles are related to seed stories, but none
reports the same event). Prints pairwise precision and recall, the clusters, and the closest
pairs with their similarity. A second run adds the editor's translations from
content/articles for the seeds (the case where translations exist). Always exits 0.
"""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing import analyse, entities, pipeline, stories, write  # noqa: E402
from briefing.config import load_config  # noqa: E402

TRUE_STORY = {"000", "001", "002"}


def load(corpus: Path, config, with_translations: bool):
    """(label, article) for every seed and dev file, enriched in memory."""
    translations = {}
    if with_translations:
        for path in config.articles.glob("*.md"):
            content = write.read_content(path)
            translations[Path(content.input or "").name] = write.to_article(content).translations
    items = []
    for path in sorted((REPO / "content" / "inbox").iterdir()) + sorted(corpus.glob("*.txt")):
        article = pipeline.inspect(path, config, REPO)
        label = path.name[:3] if path.parent.name == "inbox" else path.stem
        items.append((label, article.replace(slug=label, translations=translations.get(path.name, ()))))
    return items


def evaluate(items, config) -> None:
    aliases = entities.Aliases.load(config.entity_aliases)
    articles = [a for _, a in items]
    analyses = {a.slug: analyse.analyse(a, aliases) for a in articles}
    signals = [stories.signals(a, analyses[a.slug]) for a in articles]
    groups = stories.cluster(signals, config.stories)
    predicted = {pair for g in groups for pair in combinations(sorted(g), 2)}
    truth = set(combinations(sorted(TRUE_STORY), 2))
    hits = predicted & truth
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(truth)
    print(f"  pairs predicted {len(predicted)}, true {len(truth)}, correct {len(hits)}: "
          f"precision {precision:.2f}, recall {recall:.2f}")
    print("  clusters:", " | ".join(",".join(g) for g in groups if len(g) > 1) or "none")
    idf, tidf = stories.idf_weights(signals), stories.term_idf(signals)
    scored = sorted(((stories.similarity(a, b, idf, config.stories, tidf), a.slug, b.slug)
                     for a, b in combinations(signals, 2)), reverse=True)
    print(f"  closest pairs (threshold {config.stories.threshold}):")
    for score, x, y in scored[:8]:
        mark = "same event" if {x, y} <= TRUE_STORY else "different"
        print(f"    {score:.3f}  {x} – {y}  ({mark})")


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "dev"
    config = load_config(REPO / "mkdocs.yml")
    for with_translations in (False, True):
        print("with the seeds' translations:" if with_translations else "untranslated (offline):")
        evaluate(load(corpus, config, with_translations), config)


if __name__ == "__main__":
    main()
