"""What feeds add to a build: the time to write every language's feeds, against the time to render its pages.

Usage: .venv/bin/python benchmarks/bench_feeds.py [--sizes 1000 3000] [--repeat 3]

For each N, in a fresh temporary project of N synthetic articles (as bench_build.py makes it), runs
everything `briefing build --offline` does before rendering (pipeline.prepare), then times, per site
language, `render.build_pages` (every page, no render cache: a cold render) and `feeds.files` (the whole
briefing's and every topic's feed, in RSS, Atom and JSON Feed), the best of --repeat runs, and prints
both, their ratio and the feeds' size. MkDocs only copies the feed files (about 15 per language), so the
render-time ratio bounds what feeds add to a build. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project  # noqa: E402

from briefing import pipeline  # noqa: E402
from briefing.outputs import feeds  # noqa: E402
from briefing.render import pages as render  # noqa: E402
from briefing.project import Project  # noqa: E402

ADDRESS = feeds.Address("https://example.org/briefing/")


def best_of(repeat: int, work) -> tuple[float, object]:
    """The shortest wall time of `repeat` runs of work(), and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        root = Path(tmp)
        make_project(root, n)
        project = Project.load(root / "mkdocs.yml")
        config = project.config
        start = time.perf_counter()
        _, briefing = pipeline.prepare(project, offline=True)
        print(f"N={n}: prepared in {time.perf_counter() - start:.1f} s, {len(briefing.stories)} stories")
        for language in config.languages:
            pages_s, pages = best_of(repeat, lambda: render.build_pages(briefing, config, config.site.templates,
                                                                         language))
            feeds_s, files = best_of(repeat, lambda: feeds.files(briefing, config, language, ADDRESS))
            size = sum(len(text.encode("utf-8")) for text in files.values())
            print(f"  {language}: pages {pages_s * 1000:8.1f} ms ({len(pages)} pages)   feeds {feeds_s * 1000:7.1f} ms "
                  f"({len(files)} files, {size / 1024:.0f} KB)   feeds/pages {feeds_s / pages_s:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000], help="archive sizes N")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best of)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    for n in args.sizes:
        measure(n, args.repeat)


if __name__ == "__main__":
    main()
