"""Snapshot what figures and entities extract from every local text, to compare two versions.

Usage:
    python scripts/snapshot_extraction.py OUT.json [--synthetic N]
    python scripts/snapshot_extraction.py --compare BEFORE.json AFTER.json

Texts: the dev corpus (../shared/corpus/dev/*.txt next to the repository, or $CORPUS_DIR), the
seeds (../shared/seeds/*), the sample briefing's article bodies (content/articles/*.md) and the
first N synthetic articles (benchmarks/synthetic.py, default 300). Each text is read in its own
language and in every language of CODES (language files, languages without one, 'und'), so a
change in any language's grammar shows. The output holds `figures.extract`,
`entities.mentions` and `entities.collect` for every (text, language) pair, and the time spent.

The corpus text belongs to third parties: the snapshot stays local (never commit it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

CODES = ("en", "fr", "es", "de", "it", "pt", "zh", "ja", "ko", "nl", "sv", "pl", "und")


def texts(synthetic: int) -> list[tuple[str, str, str]]:
    """(name, language, text) of every local text."""
    import yaml
    import synthetic as synth
    shared = Path(os.environ.get("CORPUS_DIR", ROOT.parent.parent / "shared" / "corpus" / "dev"))
    if not shared.is_dir():
        shared = Path("/work/shared/corpus/dev")
    labels = yaml.safe_load((shared / "labels.yaml").read_text(encoding="utf-8")) or {}
    language = {a["file"]: a.get("language", "und") for a in labels.get("articles") or []}
    out = []
    for path in sorted(shared.glob("*.txt")):
        out.append((f"dev/{path.name}", language.get(path.name, "und"), path.read_text(encoding="utf-8")))
    for path in sorted((shared.parent.parent / "seeds").glob("*")):
        out.append((f"seeds/{path.name}", "und", path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        out.append((f"content/{path.name}", (yaml.safe_load(front) or {}).get("language", "und"), body))
    for i in range(synthetic):
        out.append((f"synthetic/{i}", synth.language_of(i), synth.article(i)))
    return out


def snapshot(synthetic: int) -> dict:
    """Every extraction of every text in every language, and the seconds it took."""
    from briefing.extract import entities, figures
    aliases = entities.Aliases.load()
    result: dict = {"runs": {}}
    spent = {"figures": 0.0, "entities": 0.0}
    for name, own, text in texts(synthetic):
        for code in dict.fromkeys((own, *CODES)):
            t0 = time.perf_counter()
            found = [f.to_json() for f in figures.extract(text, code)]
            t1 = time.perf_counter()
            named = [dataclasses.astuple(m) for m in entities.mentions(text, code, aliases)]
            kept = {k: dataclasses.astuple(e) for k, e in entities.collect(text, code, aliases).items()}
            t2 = time.perf_counter()
            spent["figures"] += t1 - t0
            spent["entities"] += t2 - t1
            result["runs"][f"{name}|{code}"] = {"figures": found, "mentions": named, "collect": kept}
    result["seconds"] = spent
    return result


def compare(before: Path, after: Path) -> int:
    """Print the (text, language) pairs whose extraction differs; 1 when any does."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    keys = sorted(set(a["runs"]) | set(b["runs"]))
    differ = [k for k in keys if a["runs"].get(k) != b["runs"].get(k)]
    counts = {part: sum(len(r[part]) for r in a["runs"].values()) for part in ("figures", "mentions", "collect")}
    print(f"{len(keys)} (text, language) runs; before: {counts}")
    for k in differ:
        parts = [p for p in ("figures", "mentions", "collect")
                 if (a["runs"].get(k) or {}).get(p) != (b["runs"].get(k) or {}).get(p)]
        print(f"  differs: {k} ({', '.join(parts)})")
    print(f"{len(differ)} differ")
    for side, data in (("before", a), ("after", b)):
        print(f"{side}: " + ", ".join(f"{k} {v:.2f} s" for k, v in data["seconds"].items()))
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    args.out.write_text(json.dumps(snapshot(args.synthetic), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
