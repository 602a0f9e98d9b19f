"""Time enrichment (what `briefing inspect` runs) on pathological input shapes at two sizes.

Usage:
    python benchmarks/bench_pathological.py                 # every shape at 256 KB and 512 KB
    python benchmarks/bench_pathological.py --kb 20 40      # smaller sizes (for slow, old code)
    python benchmarks/bench_pathological.py --only dots     # shapes whose name contains "dots"
    python benchmarks/bench_pathological.py --timeout 60    # give up on one run after 60 s

For each shape it prints the seconds at both sizes, the growth factor (about 2 for twice the
input when the work is linear; about 4 when it is quadratic) and the throughput at the larger
size in MB/s. Each run is ingest (from bytes, so .md and .html shapes go through their readers),
clean, detect, summarise, classify, and the analysis (figures, names, subjects). Runs happen in a
forked child so a stalled run can be stopped at `--timeout` (printed as ">T").
"""

from __future__ import annotations

import argparse
import base64
import multiprocessing
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Why: the code measured is whichever `briefing` is importable (PYTHONPATH=/some/checkout picks
# one), so the same script times the old and the new code; the header names it.
sys.path.insert(0, str(ROOT / "benchmarks"))

import briefing  # noqa: E402
from briefing import pipeline  # noqa: E402
from briefing.extract import entities  # noqa: E402
from briefing.stages import analyse, ingest  # noqa: E402
from briefing.config import BriefingConfig  # noqa: E402

Shape = Callable[[int], tuple[str, str]]
"""Size in bytes → (file suffix, text of about that many UTF-8 bytes)."""


def repeat(unit: str, prefix: str = "Report. ", suffix: str = ".txt", tail: str = " End of report.") -> Shape:
    """A shape that repeats `unit` to fill the size, between a short prefix and tail."""
    def make(size: int) -> tuple[str, str]:
        count = max(1, size // len(unit.encode("utf-8")))
        return suffix, prefix + unit * count + tail
    return make


def base64_blob(size: int) -> tuple[str, str]:
    """One base64 token of random bytes (an inline image pasted as text)."""
    data = random.Random(7).randbytes(size * 3 // 4)
    return ".txt", "Image follows. " + base64.b64encode(data).decode("ascii") + " Done."


def many_lines(size: int) -> tuple[str, str]:
    """Very many very short lines (a column of one-letter cells)."""
    return ".txt", "Table\n" + "a\n" * (size // 2)


def ordinary_article(size: int) -> tuple[str, str]:
    """Ordinary news prose: synthetic English articles laid end to end."""
    import synthetic

    parts, total, i = [], 0, 0
    while total < size:
        chunk = synthetic.article(i * 6) + "\n\n"  # every sixth is English
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        i += 1
    return ".txt", "".join(parts)


SHAPES: dict[str, Shape] = {
    "glued abcA": repeat("abcA", prefix="Token: "),
    "base64 blob": base64_blob,
    "camelCase run": repeat("fooBarBaz", prefix="Token: "),
    "run of ?": repeat("?", prefix="Why", tail="x"),
    "run of .": repeat(".", prefix="Wait", tail="x"),
    "run of !": repeat("!", prefix="Wow", tail="x"),
    "U+3000 run": repeat("\u3000", prefix="Start a", tail="b end."),
    "5% figures": repeat("5% ", prefix="Rates were "),
    "Acme revenue": repeat("Acme Corp said revenue was $1.2 billion and ", prefix=""),
    "many dates": repeat("on 12 March 2024 and ", prefix="It happened "),
    "many ISO dates": repeat("2024-03-12, ", prefix="Dates "),
    "many times": repeat("at 10:30 and ", prefix="It happened "),
    "many [12] refs": repeat("claims[12] and ", prefix="There are "),
    "Co run": repeat("Co ", prefix="Acme "),
    "katakana group": repeat("グループ", prefix="ソフトバンク"),
    "md [](": repeat("[](", prefix="# Title\n\nText ", suffix=".md"),
    "md **a": repeat("**a ", prefix="# Title\n\nText ", suffix=".md"),
    "million lines": many_lines,
    "ordinary article": ordinary_article,
}


def enrich_bytes(suffix: str, data: bytes, config: BriefingConfig, aliases: entities.Aliases) -> None:
    """What `briefing inspect FILE` computes, from bytes instead of a file."""
    article = ingest.parse(Path(f"bench{suffix}"), data, ROOT)
    article = pipeline.enrich(article, config)
    analyse.analyse(article, aliases)


_CONFIG = BriefingConfig()
_ALIASES = entities.Aliases.load(_CONFIG.entity_aliases)


def _child(suffix: str, data: bytes, queue) -> None:
    start = time.perf_counter()
    enrich_bytes(suffix, data, _CONFIG, _ALIASES)
    queue.put(time.perf_counter() - start)


def timed(suffix: str, text: str, timeout: float) -> float | None:
    """Seconds to enrich `text`, in a forked child; None when it ran past `timeout`."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(suffix, text.encode("utf-8"), queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return queue.get() if not queue.empty() else float("nan")


def warm_up() -> None:
    """Load lazy models and imports once in the parent, so children do not pay for them.

    One synthetic article per language too: each language's patterns are compiled on first use,
    once per process in a build, so a timed run must not pay for them either."""
    import synthetic

    enrich_bytes(".txt", b"Warm up. The company said revenue rose 5% to $1 billion in 2024.", _CONFIG, _ALIASES)
    enrich_bytes(".md", b"# Warm\n\nUp **now**.", _CONFIG, _ALIASES)
    seen: set[str] = set()
    for i in range(60):
        if synthetic.language_of(i) not in seen:
            seen.add(synthetic.language_of(i))
            enrich_bytes(".txt", synthetic.article(i).encode("utf-8"), _CONFIG, _ALIASES)


def measure(shapes: dict[str, Shape], sizes: tuple[int, int], timeout: float) -> list[tuple]:
    """Print and return (name, seconds small, seconds large, growth, MB/s) for each shape."""
    small_kb, large_kb = (s // 1024 for s in sizes)
    print(f"{'shape':<18} {f'{small_kb} KB s':>10} {f'{large_kb} KB s':>10} {'growth':>7} {'MB/s':>7}")
    rows = []
    for name, make in shapes.items():
        texts = [make(size) for size in sizes]
        small = timed(*texts[0], timeout)
        large = timed(*texts[1], timeout) if small is not None else None
        rows.append(row := _row(name, small, large, len(texts[1][1].encode("utf-8"))))
        print(_format(row), flush=True)
    return rows


def _row(name: str, small: float | None, large: float | None, large_bytes: int) -> tuple:
    growth = large / max(small, 1e-4) if small is not None and large is not None else None
    rate = large_bytes / 1e6 / large if large else None
    return name, small, large, growth, rate


def _format(row: tuple) -> str:
    name, small, large, growth, rate = row
    cell = lambda v, spec: (">T" if v is None else format(v, spec))  # noqa: E731
    return (f"{name:<18} {cell(small, '10.3f'):>10} {cell(large, '10.3f'):>10} "
            f"{cell(growth, '7.1f'):>7} {cell(rate, '7.2f'):>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs=2, default=[256, 512], help="the two input sizes in KB")
    parser.add_argument("--only", default="", help="run only shapes whose name contains this")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before one run is stopped")
    args = parser.parse_args()
    print(f"code: {Path(briefing.__file__).parent}")
    warm_up()
    shapes = {k: v for k, v in SHAPES.items() if args.only.lower() in k.lower()}
    measure(shapes, (args.kb[0] * 1024, args.kb[1] * 1024), args.timeout)


if __name__ == "__main__":
    main()
