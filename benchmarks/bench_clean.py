"""Time the cleaner on large and adversarial inputs (shapes that once hid quadratic paths).

Usage: python benchmarks/bench_clean.py
Prints seconds per shape at two sizes and the growth factor (about 4 means linear for 4x input).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_clean import ADVERSARIAL  # noqa: E402

from briefing.clean import clean  # noqa: E402
from briefing.models import Article  # noqa: E402


def seconds(text: str) -> float:
    article = Article(source_path=Path("bench.txt"), raw_sha256="0" * 64, raw_text=text)
    start = time.perf_counter()
    clean(article)
    return time.perf_counter() - start


def main() -> None:
    shapes = {**ADVERSARIAL, "one 1 MB line": lambda n: ("Output rose in the quarter. " * (n * 12))}
    print(f"{'shape':<16} {'n=750 s':>9} {'n=3000 s':>9} {'growth':>7}")
    for name, make in shapes.items():
        small, large = seconds(make(750)), seconds(make(3000))
        print(f"{name:<16} {small:>9.3f} {large:>9.3f} {large / max(small, 1e-6):>7.1f}", flush=True)


if __name__ == "__main__":
    main()
