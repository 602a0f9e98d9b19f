"""Time the cleaner on large and adversarial inputs (shapes that once hid quadratic paths).

Usage: python benchmarks/bench_clean.py [--dev CORPUS_DIR]
Prints seconds per shape at two sizes and the growth factor (about 4 means linear for 4x input).
With --dev, also the median and worst milliseconds per article over a corpus folder's .txt files
(best of 5 runs each; the corpus is only read).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_clean import ADVERSARIAL  # noqa: E402

from briefing.stages.clean import clean  # noqa: E402
from briefing.models import Article  # noqa: E402


def seconds(text: str) -> float:
    article = Article(source_path=Path("bench.txt"), raw_sha256="0" * 64, raw_text=text)
    start = time.perf_counter()
    clean(article)
    return time.perf_counter() - start


def dev_timings(folder: Path) -> None:
    """Median and worst clean() time per article of `folder` (best of five runs each)."""
    from briefing.stages import ingest
    times = []
    for path in sorted(folder.glob("*.txt")):
        article = ingest.parse(path, path.read_bytes(), folder)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            clean(article)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    print(f"dev corpus: {len(times)} articles, clean median {statistics.median(times):.1f} ms, "
          f"worst {max(times):.1f} ms")


def main() -> None:
    if "--dev" in sys.argv:
        dev_timings(Path(sys.argv[sys.argv.index("--dev") + 1]))
        return
    shapes = {**ADVERSARIAL, "one 1 MB line": lambda n: ("Output rose in the quarter. " * (n * 12))}
    print(f"{'shape':<16} {'n=750 s':>9} {'n=3000 s':>9} {'growth':>7}")
    for name, make in shapes.items():
        small, large = seconds(make(750)), seconds(make(3000))
        print(f"{name:<16} {small:>9.3f} {large:>9.3f} {large / max(small, 1e-6):>7.1f}", flush=True)


if __name__ == "__main__":
    main()
