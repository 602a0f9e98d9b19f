"""Time `briefing build` against a bare `mkdocs build` of the same generated pages.

Usage: python benchmarks/bench_build.py [--sizes 100 1000]
Prints one line per size: briefing cold, briefing warm (nothing changed), bare mkdocs, and ratios.
It is a script that prints figures, not a test.
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


def make_project(root: Path, n: int) -> None:
    """A project with the repo's mkdocs.yml and templates and n synthetic raw articles."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
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
        briefing = [sys.executable, "-m", "briefing", "build"]
        cold = timed(briefing, root)
        warm = timed(briefing, root)
        bare = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "build/mkdocs.yml"], root)
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
    return {"n": n, "cold": cold, "warm": warm, "mkdocs": bare, "site_mb": size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    print(f"{'N':>6} {'cold s':>8} {'warm s':>8} {'mkdocs s':>9} {'cold/mkdocs':>12} {'warm/mkdocs':>12} {'site MB':>8}")
    for n in args.sizes:
        r = bench(n)
        print(f"{r['n']:>6} {r['cold']:>8.2f} {r['warm']:>8.2f} {r['mkdocs']:>9.2f} "
              f"{r['cold'] / r['mkdocs']:>12.2f} {r['warm'] / r['mkdocs']:>12.2f} {r['site_mb']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
