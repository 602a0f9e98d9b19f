"""Front matter under attack: how long reading a content file or an inbox .md takes, and what it costs normally.

Prints, for each hostile shape, the time to refuse it and the length of the message; then the
cost of the checks (alias scan and shape check) on the project's own content files.

    python benchmarks/bench_frontmatter.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.content import read, schema  # noqa: E402
from briefing.stages import ingest  # noqa: E402
from briefing.errors import InputError  # noqa: E402


def bomb(levels: int) -> str:
    """A 'billion laughs' document: 9 ** levels strings from about 55 bytes per level."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nsummary: *a{levels - 1}\n"


SHAPES = {
    "alias bomb, 9 levels": "title: x\n" + bomb(9),
    "alias bomb, 12 levels": "title: x\n" + bomb(12),
    "200,000 nested [": "x: " + "[" * 200_000 + "]" * 200_000,
    "200,000 nested '- '": "x:\n" + "- " * 200_000 + "y",
    "1 MB title in a list": "title: [" + "x" * 1_000_000 + "]",
    "1 MB language code": "language: '" + "x" * 1_000_000 + "'",
    "5,000-digit number": "n: " + "9" * 5000,
}


def timed(fn) -> tuple[float, str]:
    """Seconds `fn` took and the message it raised ('' if none)."""
    start = time.perf_counter()
    try:
        fn()
        message = ""
    except InputError as exc:
        message = str(exc)
    return time.perf_counter() - start, message


def hostile(folder: Path) -> None:
    print(f"{'shape':<24} {'bytes':>9} {'content file':>13} {'inbox .md':>10} {'message':>8}")
    root = folder / "p"
    inbox = root / "content" / "inbox"
    inbox.mkdir(parents=True)
    for name, front in SHAPES.items():
        content = folder / "c.md"
        content.write_text(f"---\n{front}\n---\nbody\n", encoding="utf-8")
        raw = inbox / "r.md"
        raw.write_text(f"---\n{front}\n---\nThe chip maker said revenue rose 9% in the quarter.\n", encoding="utf-8")
        c_time, c_msg = timed(lambda: read.to_article(read.read_content(content)))
        r_time, _ = timed(lambda: ingest.read(raw, root))
        print(f"{name:<24} {len(front):>9,} {c_time * 1e3:>10.1f} ms {r_time * 1e3:>7.1f} ms {len(c_msg):>8}")


def overhead() -> None:
    files = sorted((ROOT / "content" / "articles").glob("*.md"))
    texts = [read.decode_content(p, p.read_bytes())[0] for p in files]
    fronts = [read.HANDLER.split(t.strip())[0] for t in texts]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rounds = 30

    def per_file(fn) -> float:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(rounds):
                for item in fn():
                    pass
            runs.append((time.perf_counter() - start) / rounds / len(files))
        return statistics.median(runs) * 1e3

    plain = per_file(lambda: [yaml.load(f, Loader=loader) for f in fronts])
    bounded = per_file(lambda: [schema.load_yaml(f) for f in fronts])
    full = per_file(lambda: [read.parse_content(p, t) for p, t in zip(files, texts)])
    print(f"\nOn the project's {len(files)} content files ({sum(map(len, texts)) // len(files):,} characters each):")
    print(f"  plain libyaml load        {plain:.3f} ms per file")
    print(f"  + alias and depth scan    {bounded:.3f} ms per file ({(bounded / plain - 1) * 100:+.0f}%)")
    print(f"  + shape check (parse_content) {full:.3f} ms per file ({(full / plain - 1) * 100:+.0f}%)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        hostile(Path(tmp))
    overhead()
