"""A timing fuzzer: enrich inputs of many shapes at two sizes and flag super-linear growth.

Usage:
    python benchmarks/fuzz_linear.py                      # every unit alone, then 120 random mixes
    python benchmarks/fuzz_linear.py --mixes 400 --seed 3 # more mixes, another draw
    python benchmarks/fuzz_linear.py --kb 32 64 --flag 3  # sizes, and the growth that is flagged

A shape is a few *units* (punctuation, digits, currency, CJK, Hangul, other scripts, brackets,
quotes, URLs, e-mails, Markdown syntax, HTML tags, line breaks, tabs, capitalised names…)
repeated to fill the size, as .txt, .md or .html. Each shape runs at both sizes in a forked
child (`bench_pathological.timed`); a growth factor above `--flag` for twice the input (linear
is about 2, quadratic about 4), or a timeout, is flagged, re-measured at twice the sizes (best of two) to
rule out noise, and listed at the end with the repeated text so it can be reproduced.
"""

from __future__ import annotations

import argparse
import random

from bench_pathological import timed, warm_up

UNITS: dict[str, list[str]] = {
    "punctuation": [".", ",", ";", ":", "!", "?", "…", "-", "–", "—", "_", "*", "#", "=", "+", "~", "|",
                    "/", "\\", "'", "\"", "`", "@", "&", "%", "$", "^", "·", "•", ". ", "? ", "! ", "- ",
                    " - ", " – ", "...", ".\u3000", "?!"],
    "digits": ["1", "12 ", "1,234 ", "1.5 ", "1 000 ", "10%", "5 % ", "1-2 ", "2024 ", "1990s ", "12:30 ",
               "3pm ", "+1 555 123 4567 ", "15.08.2025 ", "2025-01-02 ", "1/2 ", "#1 ", "No. 5 ", "24/7 ",
               "0.", "1.", "1e9 ", "Q3 ", "H20 ", "RTX 4090 ", "5G "],
    "money": ["$1 ", "$1.2 billion ", "€5m ", "US$3bn ", "¥100 ", "5 billion yuan ", "USD 4 ", "$", "€",
              "between $1 and $2 ", "from 10% to 12% ", "380 billion yuan ($53 billion) ", "约合",
              "more than 5,000 people ", "up to 20% ", "nine percent ", "a billion ", "one hundred "],
    "cjk": ["中", "中文。", "１２％", "億", "万", "約", "グ", "ー", "。", "「", "」", "（", "）", "、",
            "３億ドル", "10億元", "百分之五", "十", "株式会社", "公司", "グループ", "記者", "【写真】",
            "2025年1月2日", "５月", "〇"],
    "scripts": ["한국어 ", "한", "삼성전자 ", "Ελληνικά ", "Русский ", "Я", "العربية ", "עברית ", "हिन्दी ",
                "ไทย", "é", "ß", "İ", "ﬁ", "\u0301", "\u200b", "\u200d", "\u202e", "\ufeff", "🙂", "𝐀"],
    "brackets": ["(", ")", "[", "]", "{", "}", "([", "[1]", "[12] ", "(a)", "()", "[]", "(AAPL) ",
                 "(NASDAQ: NVDA) ", "<", ">", "⟨", "《", "》"],
    "quotes": ["\"", "“", "”", "„", "«", "»", "'", "’", "‘", "「a", "“a ", "\"A. ", "« a » "],
    "urls": ["http://a.com/", "https://example.com/x?y=1 ", "www.a.com ", "a@b.com ", "http://", "https://a.b/(",
             "[1] https://a.com\n", "<https://a.com>"],
    "names": ["Acme ", "Acme Corp ", "John Smith ", "The ", "CEO ", "AI ", "U.S. ", "Inc. ", "Dr. ",
              "Co ", "Co. ", "Mr. A ", "NVIDIA ", "Nvidia's ", "OpenAI ", "A ", "Big Tech ", "de la ",
              "Deutsche Bank AG ", "St. ", "Jan. ", "By ", "Photo: ", "Advertisement\n", "Share\n"],
    "words": ["a", "A", "aA", "abc", "Ab", "a ", "word ", "Word ", "WORD ", "word. ", "Word. ",
              "the quick brown fox ", "that ", "and ", "l'", "d’", "-a", "a-", "x_y", "über "],
    "space": [" ", "\u3000", "\u00a0", "\u2009", "\u202f", "\t", "\n", "\n\n", "a\n", "A.\n", "\ta\n",
              " \n", "\r\n", "\x0c", "\u2028", "a \n", "Ab cd\n", "- a\n", "• a\n", "1. a\n"],
    "markdown": ["# ", "## a\n", "* a\n", "> ", "`", "```\n", "![](", "[a](b) ", "**", "**a ", "__a ",
                 "_a ", "|a|", "[](", "[a]", "](", "---\n", "***", "~~"],
    "html": ["<p>", "<p>a</p>", "<div>", "<a href='x'>", "</a>", "</p>", "<!--", "<br>", "&amp;", "&#123;",
             "<b>a", "<li>a</li>", "<script>", "<table><tr><td>a", "<h1>A</h1>", "<", "&"],
}
SUFFIX = {"markdown": ".md", "html": ".html"}


def text_of(parts: list[str], size: int, suffix: str) -> str:
    """`parts` repeated to about `size` bytes, inside an ordinary sentence (and page, for HTML)."""
    unit = "".join(parts)
    body = unit * max(1, size // max(1, len(unit.encode("utf-8"))))
    text = f"Acme said on Monday that sales rose. {body} The end."
    if suffix == ".html":
        return f"<html><head><title>Acme sales</title></head><body><article><p>{text}</p></article></body></html>"
    return text


def shapes(mixes: int, seed: int) -> list[tuple[str, list[str], str]]:
    """(label, units, suffix): every unit alone, then random mixes of two or three units."""
    found = [(f"{group}:{u!r}", [u], SUFFIX.get(group, ".txt")) for group, units in UNITS.items() for u in units]
    rnd = random.Random(seed)
    pool = [(group, u) for group, units in UNITS.items() for u in units]
    for _ in range(mixes):
        picked = rnd.sample(pool, rnd.choice((2, 3)))
        suffix = next((SUFFIX[g] for g, _ in picked if g in SUFFIX), ".txt")
        found.append(("mix:" + "+".join(repr(u) for _, u in picked), [u for _, u in picked], suffix))
    return found


def growth(parts: list[str], suffix: str, sizes: tuple[int, int], timeout: float, runs: int = 1):
    """(seconds small, seconds large, growth) for one shape, best of `runs`; None where a run timed out."""
    small = best(suffix, text_of(parts, sizes[0], suffix), timeout, runs)
    large = best(suffix, text_of(parts, sizes[1], suffix), timeout, runs) if small is not None else None
    ratio = large / max(small, 1e-3) if small is not None and large is not None else None
    return small, large, ratio


def best(suffix: str, text: str, timeout: float, runs: int) -> float | None:
    """The fastest of `runs` timings (None when the first one timed out)."""
    times = []
    for _ in range(runs):
        seconds = timed(suffix, text, timeout)
        if seconds is None:
            return None
        times.append(seconds)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs=2, default=[32, 64])
    parser.add_argument("--mixes", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flag", type=float, default=3.0, help="growth above this is flagged")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    warm_up()
    sizes = (args.kb[0] * 1024, args.kb[1] * 1024)
    flagged = []
    all_shapes = shapes(args.mixes, args.seed)
    for n, (label, parts, suffix) in enumerate(all_shapes, 1):
        small, large, ratio = growth(parts, suffix, sizes, args.timeout)
        slow = ratio is None or (ratio > args.flag and large > 0.05)
        if slow:
            # Why re-measure: a busy machine can make one short run look slow.
            small, large, ratio = growth(parts, suffix, (sizes[0] * 2, sizes[1] * 2), args.timeout, runs=2)
            slow = ratio is None or ratio > args.flag
        mark = "  <-- FLAGGED" if slow else ""
        fmt = lambda v: ">T" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"[{n}/{len(all_shapes)}] {label[:60]:<60} {suffix:<5} {fmt(small):>7} {fmt(large):>7} "
              f"x{fmt(ratio)}{mark}", flush=True)
        if slow:
            flagged.append((label, suffix, ratio))
    print(f"\n{len(flagged)} of {len(all_shapes)} shapes grew faster than x{args.flag} for twice the input:")
    for label, suffix, ratio in flagged:
        print(f"  {label} ({suffix}): x{'>T' if ratio is None else f'{ratio:.1f}'}")


if __name__ == "__main__":
    main()
