"""What editions cost at archive scale: rendering their pages, and MkDocs building them.

Usage: .venv/bin/python benchmarks/bench_editions.py [--sizes 1000] [--repeat 3] [--period daily|weekly]

For each N: a fresh project of N synthetic articles (synthetic.py: dated across 2025, so daily
editions number about 300) in one site language (en), built once with `briefing build --offline`.
Then it prints:

- editions and edition pages, and the seconds `render/editions.pages` takes for them (in process,
  best of --repeat), with the seconds per article (flat when linear);
- the CPU seconds (user + sys) of `mkdocs build` on the generated docs, with the edition pages and
  without them (a copy of the docs with editions/<date>.md removed), best of --repeat each, run in
  turn, and the ratio: what the edition pages add to a build's MkDocs part.

CPU time, not wall time: other processes on a shared machine move wall time far more. A script that
prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import BRIEFING, ENV, make_project  # noqa: E402

from briefing import pipeline  # noqa: E402
from briefing.config import load_config  # noqa: E402
from briefing.outputs.report import BuildReport  # noqa: E402
from briefing.render import digest, editions, i18n  # noqa: E402


def _render_seconds(root: Path, repeat: int) -> tuple[int, float]:
    """(edition pages, best seconds) of rendering the editions' pages of the built project, in process."""
    from briefing.render import pages

    config = load_config(root / "mkdocs.yml")
    briefing = pipeline.assemble(config, BuildReport(), {}, record=False)
    env = pages.environment(config.site.templates, "en")
    views = {s.id: digest.story_view(s, "en", config.stories.key_points_max, config.taxonomy) for s in briefing.stories}
    listing = {"briefing": config, "taxonomy": config.taxonomy, "lang": "en", "t": i18n.strings("en"),
               "by_topic": {name: [sv for sv in views.values() if name in sv.topics] for name in config.taxonomy}}
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(editions.pages(briefing, views, env, listing, config))
        best = min(best, time.perf_counter() - start)
    return count, best


def _mkdocs_cpu(config_yml: Path, out: Path) -> float:
    """CPU seconds (user + sys) of one `mkdocs build` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_yml), "-d", str(out)],
                   env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _without_editions(root: Path) -> Path:
    """A copy of the en docs and config without the edition pages (the archive page stays)."""
    source = root / "build" / "en"
    copy = root / "build" / "en-without"
    shutil.copytree(source / "docs", copy / "docs")
    for page in (copy / "docs" / "editions").glob("2*.md"):
        page.unlink()
    # Same relative INHERIT and docs_dir: the copy sits beside the original, one folder below build/.
    shutil.copy2(source / "mkdocs.yml", copy / "mkdocs.yml")
    return copy / "mkdocs.yml"


def measure(n: int, repeat: int, period: str) -> None:
    """Print the figures for an archive of n articles."""
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as tmp:
        root = Path(tmp)
        make_project(root, n, "[en]")
        if period != "daily":
            yml = root / "mkdocs.yml"
            yml.write_text(yml.read_text(encoding="utf-8").replace(
                "    languages: [en]", f"    languages: [en]\n    editions:\n      period: {period}"), encoding="utf-8")
        subprocess.run([*BRIEFING, "build", "--offline"], cwd=root, env=ENV, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        count, seconds = _render_seconds(root, repeat)
        print(f"N={n}  {period}: {count - 2} editions ({count} pages with home and archive); "
              f"rendered in {seconds:.3f} s ({1000 * seconds / n:.3f} ms/article)")
        without = _without_editions(root)
        with_cpu, without_cpu = [], []
        for _ in range(repeat):
            with_cpu.append(_mkdocs_cpu(root / "build" / "en" / "mkdocs.yml", root / "out-with"))
            without_cpu.append(_mkdocs_cpu(without, root / "out-without"))
        a, b = min(with_cpu), min(without_cpu)
        print(f"  mkdocs CPU s (best of {repeat}): with edition pages {a:.2f}, without {b:.2f}, "
              f"ratio {a / b:.3f}  (all runs: with {', '.join(f'{x:.1f}' for x in with_cpu)}; "
              f"without {', '.join(f'{x:.1f}' for x in without_cpu)}); load {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--period", choices=["daily", "weekly"], default="daily")
    args = parser.parse_args()
    for n in args.sizes:
        measure(n, args.repeat, args.period)


if __name__ == "__main__":
    main()
