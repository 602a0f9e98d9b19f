"""Time `briefing build` against a bare `mkdocs build` of the same generated pages.

Usage: python benchmarks/bench_build.py [--sizes 100 1000]
Prints one line per size: briefing cold, briefing warm (nothing changed), bare mkdocs of the same
pages (every language, one after the other), and ratios; then `briefing pdf` (one language) and
`briefing bundle`; then the warm build with one site language against two (the sites build in parallel). All builds run --offline. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import article  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def make_project(root: Path, n: int, languages: str = "[en, fr]") -> None:
    """A project with the repo's mkdocs.yml (site languages replaced) and templates, and n synthetic raw articles."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en, fr]", f"languages: {languages}")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    inbox = root / "content" / "inbox"
    inbox.mkdir(parents=True)
    (root / "content" / "articles").mkdir()
    for i in range(n):
        (inbox / f"{i:05d}.txt").write_text(article(i), encoding="utf-8")


def timed(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, n)
        cold = timed(BRIEFING, root)
        warm = timed(BRIEFING, root)
        bare = sum(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], root)
                   for config in sorted((root / "build").glob("*/mkdocs.yml")))
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        pdf = timed([sys.executable, "-m", "briefing", "pdf", "--offline", "--lang", "en"], root)
        pages = len(__import__("pypdf").PdfReader(root / "dist" / "briefing-en.pdf").pages)
        bundle = timed([sys.executable, "-m", "briefing", "bundle", "--offline"], root)
        zip_mb = (root / "dist" / "briefing-offline.zip").stat().st_size / 1e6
    return {"n": n, "cold": cold, "warm": warm, "mkdocs": bare, "site_mb": size / 1e6,
            "pdf": pdf, "pages": pages, "bundle": bundle, "zip_mb": zip_mb}


BRIEFING = [sys.executable, "-m", "briefing", "build", "--offline"]


def bench_languages(n: int) -> tuple[float, float]:
    """Warm build time with one site language, and with two."""
    times = []
    for languages in ("[en]", "[en, fr]"):
        with tempfile.TemporaryDirectory() as tmp:
            make_project(Path(tmp), n, languages)
            timed(BRIEFING, Path(tmp))
            times.append(timed(BRIEFING, Path(tmp)))
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    print(f"{'N':>6} {'cold s':>8} {'warm s':>8} {'mkdocs s':>9} {'cold/mkdocs':>12} {'warm/mkdocs':>12} {'site MB':>8}")
    results = []
    for n in args.sizes:
        r = bench(n)
        results.append(r)
        print(f"{r['n']:>6} {r['cold']:>8.2f} {r['warm']:>8.2f} {r['mkdocs']:>9.2f} "
              f"{r['cold'] / r['mkdocs']:>12.2f} {r['warm'] / r['mkdocs']:>12.2f} {r['site_mb']:>8.1f}", flush=True)
    print(f"\n{'N':>6} {'pdf (en) s':>11} {'pdf pages':>10} {'bundle s':>9} {'zip MB':>7}")
    for r in results:
        print(f"{r['n']:>6} {r['pdf']:>11.2f} {r['pages']:>10} {r['bundle']:>9.2f} {r['zip_mb']:>7.1f}")
    print(f"\n{'N':>6} {'1 lang warm s':>14} {'2 langs warm s':>15} {'ratio':>6}")
    for n in args.sizes:
        one, two = bench_languages(n)
        print(f"{n:>6} {one:>14.2f} {two:>15.2f} {two / one:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
