"""Fit the boilerplate model on the labelled development corpus, with cross-validation.

Usage:
    python scripts/fit_clean.py [CORPUS_DIR] [--write]

Every raw file of CORPUS_DIR (default ../shared/corpus/dev) goes through ingest and the
cleaner's rules; each line the rules keep is labelled from labels.yaml:

    drop    it is one of the article's boilerplate_must_remove_lines
    keep    any other line, except may-remove lines, duplicated lines and the headline
            (either way is right for those, so they teach nothing)

A logistic model (L2, Newton's method, no dependencies) is fitted on the lines, and the
drop threshold is the lowest that keeps the fitted keep-lines' false drops under
`MAX_FALSE_DROP` (long lines weigh more). The script prints, in-sample and held out
(leave one language out, then leave one article out):

    boilerplate removed, real text kept, headline, date

measured with scripts/eval_dev.py's scoring. With --write it saves the model fitted on
the whole corpus to briefing/extract/boilerplate.json. Reproducible: no randomness, no network.
The corpus is third-party text: it is read, never copied.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing import pipeline  # noqa: E402
from briefing.extract import boilerplate, headline, logit  # noqa: E402
from briefing.stages import clean, ingest  # noqa: E402
from briefing.config import BriefingConfig  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared/corpus/dev"
VERBOSE = "--verbose" in sys.argv
L2 = 1.0
DROP_WEIGHT = 3.0
MAX_FALSE_DROP = 0.005
MIN_THRESHOLD = 0.5

_spec = importlib.util.spec_from_file_location("eval_dev", REPO / "scripts/eval_dev.py")
eval_dev = importlib.util.module_from_spec(_spec)
sys.modules["eval_dev"] = eval_dev
_spec.loader.exec_module(eval_dev)


def norm(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def labelled_lines(path: Path, label: dict) -> list[tuple[dict[str, float], int, float]]:
    """(features, 1 = drop / 0 = keep, sample weight) for each line the rules keep."""
    article = ingest.parse(path, path.read_bytes(), path.parent)
    must = {norm(x) for x in label.get("boilerplate_must_remove_lines") or [] if norm(x)}
    skip = {norm(x) for key in ("boilerplate_may_remove_lines", "boilerplate_duplicate_lines")
            for x in label.get(key) or [] if norm(x)}
    skip.add(norm(label.get("headline", "")))
    rows = []
    for text, found in clean.line_features(article):
        key = norm(text)
        if not key:
            continue
        if key in must or any(m and m in key and len(key) <= 1.3 * len(m) for m in must):
            rows.append((found, 1, DROP_WEIGHT))
        elif key in skip or any(s and s in key and len(key) <= 1.3 * len(s) for s in skip):
            continue
        else:
            # Why the weight: losing a paragraph of story costs more than keeping a label.
            rows.append((found, 0, 1.0 + min(3.0, len(text) / 100)))
    return rows


def headline_rows(path: Path, label: dict) -> list[tuple[dict[str, float], int, float]]:
    """(features, 1 = the headline / 0, weight) for each headline candidate of one article."""
    article = ingest.parse(path, path.read_bytes(), path.parent)
    work = clean.title_work(article)
    texts, meta_after, eligible = clean.title_inputs(work)
    page = headline.Page(texts, meta_after, work.language)
    rows = []
    for candidate in headline.candidates(page):
        if not eligible[candidate.index]:
            continue
        found = headline.features(candidate, page)
        hit = eval_dev._headline_match(candidate.text.rstrip(".。"), label.get("headline", "")) != "miss"
        rows.append((found, int(hit), 2.0 if hit else 1.0))
    return rows


def fit_headline(groups: list[list[tuple[dict[str, float], int, float]]]) -> logit.Model:
    """The headline model, and the threshold that gets the most articles right."""
    model = logistic([row for group in groups for row in group])

    def right(t: float) -> int:
        hits = 0
        for group in groups:
            if not group:
                continue
            scored = [(model.probability(f), y) for f, y, _ in group]
            p, y = max(scored)
            hits += y if p >= t else not any(y for _, y in scored)
        return hits

    best = max((right(k / 100), -k) for k in range(5, 95))
    return logit.Model(model.weights, model.bias, -best[1] / 100)


def fit(rows: list[tuple[dict[str, float], int, float]]) -> logit.Model:
    """The boilerplate model: logistic regression, then the drop threshold."""
    model = logistic(rows)
    return logit.Model(model.weights, model.bias, threshold_for(model, rows))


def logistic(rows: list[tuple[dict[str, float], int, float]]) -> logit.Model:
    """Weighted L2 logistic regression by Newton's method (threshold left at 0.5)."""
    names = sorted({k for f, _, _ in rows for k in f})
    x = [[1.0] + [f.get(k, 0.0) for k in names] for f, _, _ in rows]
    y = [t for _, t, _ in rows]
    w = [s for _, _, s in rows]
    beta = [0.0] * (len(names) + 1)
    for _ in range(25):
        grad = [0.0] * len(beta)
        hess = [[0.0] * len(beta) for _ in beta]
        for xi, yi, wi in zip(x, y, w):
            p = 1 / (1 + math.exp(-max(-30, min(30, sum(b * v for b, v in zip(beta, xi))))))
            r, c = wi * (yi - p), wi * p * (1 - p)
            for a, va in enumerate(xi):
                if va:
                    grad[a] += r * va
                    row = hess[a]
                    for b, vb in enumerate(xi):
                        if vb:
                            row[b] += c * va * vb
        for a in range(1, len(beta)):
            grad[a] -= L2 * beta[a]
            hess[a][a] += L2
        hess[0][0] += 1e-6
        step = solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return logit.Model({k: round(b, 4) for k, b in zip(names, beta[1:])}, round(beta[0], 4), 0.5)


def threshold_for(model: logit.Model, rows) -> float:
    """The lowest threshold whose weighted false drops of keep-lines stay under MAX_FALSE_DROP."""
    keeps = [(model.probability(f), s) for f, t, _s in rows if t == 0 for s in [_s]]
    total = sum(s for _, s in keeps) or 1.0
    for t in [MIN_THRESHOLD + k / 100 for k in range(0, 50)]:
        if sum(s for p, s in keeps if p >= t) / total <= MAX_FALSE_DROP:
            return round(t, 2)
    return 0.99


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            if factor:
                for c in range(col, n + 1):
                    m[r][c] -= factor * m[col][c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(m[r][r]) < 1e-12:
            continue
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


def evaluate(items, models: tuple[logit.Model, logit.Model]) -> dict[str, tuple[int, int]]:
    """eval_dev's figures for `items` cleaned with (boilerplate, headline) models."""
    originals = boilerplate.default_model, headline.default_model
    boilerplate.default_model = lambda: models[0]
    headline.default_model = lambda: models[1]
    try:
        totals = defaultdict(lambda: [0, 0])
        config = BriefingConfig()
        for path, label in items:
            article = pipeline.inspect(path, config, path.parent)
            got = {"body": article.body, "title": article.title, "language": article.language,
                   "published": article.published.isoformat() if article.published else None,
                   "topics": [t.name for t in article.topics], "title_method": article.title_method}
            result = eval_dev.Result(path.name)
            eval_dev._score_metadata(got, label, result)
            eval_dev._score_boilerplate(article.body, article.title, label, result)
            lost, _ = eval_dev._lost_lines(path.read_text(encoding="utf-8"), article.body, label)
            kept_lines = _story_lines(path.read_text(encoding="utf-8"), label)
            if VERBOSE:
                for line in lost:
                    print(f"    {path.name} lost: {line[:60]!r}")
                for note in result.notes:
                    if note.startswith("still in body"):
                        print(f"    {path.name} {note[:80]}")
                if not _headline_right(article, result, path, label):
                    print(f"    {path.name} title: {article.title[:60]!r} ({article.title_method})")
            _add(totals, "removed", result.must_removed, result.must_total)
            _add(totals, "kept", kept_lines - len(lost), kept_lines)
            _add(totals, "headline", _headline_right(article, result, path, label), 1)
            if result.date is not None:
                _add(totals, "date", bool(result.date), 1)
            _add(totals, "language", bool(result.language), 1)
        return {k: tuple(v) for k, v in totals.items()}
    finally:
        boilerplate.default_model, headline.default_model = originals


def _headline_right(article, result, path: Path, label: dict) -> bool:
    """The headline found; or, when the text prints none, a title generated from it."""
    if result.headline in ("exact", "near"):
        return True
    gold = label.get("headline", "")
    raw_lines = path.read_text(encoding="utf-8").splitlines()
    in_text = any(eval_dev._headline_match(line.strip(), gold) != "miss" for line in raw_lines if line.strip())
    whole_words = eval_dev._norm(article.title) in eval_dev._norm(article.raw_text) and not _cut_mid_word(article)
    return not in_text and article.title_method == "generated" and whole_words


def _cut_mid_word(article) -> bool:
    """True when the generated title ends inside a word of the text."""
    title = article.title.rstrip(" »”」』")
    at = article.raw_text.find(title)
    return at >= 0 and article.raw_text[at + len(title):at + len(title) + 1].isalnum()


def _story_lines(raw: str, label: dict) -> int:
    """How many raw lines count as story for 'real text kept' (as eval_dev counts lost ones)."""
    boiler = {x.strip() for key in ("boilerplate_must_remove_lines", "boilerplate_may_remove_lines",
                                    "boilerplate_duplicate_lines") for x in label.get(key) or []}
    return sum(1 for line in raw.splitlines()
               if len(line.strip()) > eval_dev.LOST_MIN_CHARS and line.strip() not in boiler) or 1


def _add(totals, key, hits, total) -> None:
    totals[key][0] += int(hits)
    totals[key][1] += total


def show(name: str, figures: dict[str, tuple[int, int]]) -> None:
    parts = [f"{k} {h}/{t} ({100 * h / t:.0f}%)" for k, (h, t) in sorted(figures.items()) if t]
    print(f"{name:<22} " + "  ".join(parts))


def merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, (h, t) in b.items():
        out[k] = (out.get(k, (0, 0))[0] + h, out.get(k, (0, 0))[1] + t)
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))["articles"]
    items = [(corpus / item["file"], item) for item in labels]
    rows = {path.name: labelled_lines(path, label) for path, label in items}
    print(f"lines: {sum(len(r) for r in rows.values())}, "
          f"drop: {sum(t for r in rows.values() for _, t, _ in r)}")

    heads = {path.name: headline_rows(path, label) for path, label in items}
    full = fit([row for r in rows.values() for row in r])
    full_head = fit_headline(list(heads.values()))
    show("in-sample", evaluate(items, (full, full_head)))
    if VERBOSE:
        print()
    for scheme, key in (("leave-one-language-out", lambda it: it[1]["language"]),
                        ("leave-one-article-out", lambda it: it[0].name)):
        held: dict = {}
        for group in sorted({key(it) for it in items}):
            train = [row for it in items if key(it) != group for row in rows[it[0].name]]
            test = [it for it in items if key(it) == group]
            train_heads = [heads[it[0].name] for it in items if key(it) != group]
            held = merge(held, evaluate(test, (fit(train), fit_headline(train_heads))))
        show(scheme, held)
        if VERBOSE:
            print()
    print("weights:", ", ".join(f"{k} {v:+.2f}" for k, v in sorted(full.weights.items(), key=lambda kv: -abs(kv[1]))))
    print(f"bias {full.bias:+.2f}, threshold {full.threshold}")
    print("headline:", ", ".join(f"{k} {v:+.2f}" for k, v in sorted(full_head.weights.items(), key=lambda kv: -abs(kv[1]))))
    print(f"bias {full_head.bias:+.2f}, threshold {full_head.threshold}")
    if "--write" in argv:
        for model, name in ((full, "boilerplate.json"), (full_head, "headline.json")):
            path = REPO / "briefing" / "extract" / name
            path.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
