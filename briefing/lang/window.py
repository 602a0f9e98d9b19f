"""How much of a very long input each stage reads closely: bounded work per article.

A news article is a few kilobytes (1,000 words is about 6 KB); a 4,000-word long read is about
24 KB. Inputs far longer than that (an 8 MB paste, a table of a million cells, a log) are still
published whole, but the close reading is bounded, so that enrichment costs a constant plus a
few whole-text passes (about 1 MB/s or better for any shape; `benchmarks/bench_pathological.py`):

- the cleaner scores, line by line, the first `HEAD_CHARS` (at most `HEAD_LINES` lines and
  `HEAD_SENTENCES` sentence ends) and the last `TAIL_CHARS` (at most `TAIL_LINES` lines), where a
  page's furniture lives; the middle is kept as story text, with whitespace, controls and glued ticker chips handled by whole-text passes;
- summaries, topics, figures, names, days and per-paragraph languages read the body's first
  `ANALYSED_CHARS` (at most `ANALYSED_PARAGRAPHS` paragraphs and `ANALYSED_SENTENCES` sentence
  ends: a real article's sentences run to a hundred characters, not four), cut at a paragraph
  break (or else a sentence end or a space); later paragraphs take the article's language.

An input within these bounds, which is every article but the longest long reads, is read whole:
for it the bounds change nothing. The cleaner logs a warning naming a file it did not read whole.
"""

from __future__ import annotations

import itertools
import re

HEAD_CHARS, HEAD_LINES, HEAD_SENTENCES = 32_000, 1_000, 2_000
TAIL_CHARS, TAIL_LINES = 8_000, 300
ANALYSED_CHARS, ANALYSED_PARAGRAPHS, ANALYSED_SENTENCES = 24_000, 400, 1_500

_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")


def split_raw(raw: str) -> tuple[str, str, str]:
    """(head, middle, tail) of a raw text with "\\n" line ends; the middle is "" for any real article.

    The head ends and the tail starts at a line break when there is one near the bound."""
    if (len(raw) <= HEAD_CHARS + TAIL_CHARS and raw.count("\n") < HEAD_LINES + TAIL_LINES
            and _nth_sentence_end(raw, HEAD_SENTENCES) == len(raw)):
        return raw, "", ""
    bound = min(HEAD_CHARS, _nth_newline(raw, HEAD_LINES), _nth_sentence_end(raw, HEAD_SENTENCES))
    head_end = _snap_back(raw, bound, HEAD_CHARS // 2)
    tail_start = _snap_forward(raw, max(len(raw) - TAIL_CHARS, _nth_newline_from_end(raw, TAIL_LINES)),
                               TAIL_CHARS // 2)
    if tail_start <= head_end:
        return raw, "", ""
    return raw[:head_end], raw[head_end:tail_start], raw[tail_start:]


def analysed(body: str) -> str:
    """The part of a cleaned body (paragraphs separated by blank lines) that is read closely."""
    limit = min(ANALYSED_CHARS, _nth(body, "\n\n", ANALYSED_PARAGRAPHS), _nth_sentence_end(body, ANALYSED_SENTENCES))
    if limit >= len(body):
        return body
    cut = body.rfind("\n\n", 0, limit + 1)
    if cut < limit // 2:
        cut = _last_break(body, limit)
    return body[:cut].rstrip()


def _nth_sentence_end(text: str, n: int) -> int:
    """Offset just past the n-th sentence end within the first HEAD_CHARS (len(text) if fewer)."""
    ends = itertools.islice(_SENTENCE_END.finditer(text, 0, max(HEAD_CHARS, ANALYSED_CHARS)), n - 1, None)
    found = next(ends, None)
    return found.end() if found else len(text)


def _last_break(body: str, limit: int) -> int:
    """The end of the last sentence (or else the last space) in the second half of body[:limit]."""
    ends = [m.end() for m in _SENTENCE_END.finditer(body, limit // 2, limit)]
    if ends:
        return ends[-1]
    space = body.rfind(" ", limit // 2, limit)
    return space if space >= 0 else limit


def _nth(text: str, needle: str, n: int) -> int:
    """Offset of the n-th occurrence of `needle` (len(text) when there are fewer)."""
    at = -1
    for _ in range(n):
        at = text.find(needle, at + 1)
        if at < 0:
            return len(text)
    return at


def _nth_newline(raw: str, n: int) -> int:
    """Offset just past the n-th line break (len(raw) when there are fewer)."""
    at = _nth(raw, "\n", n)
    return min(at + 1, len(raw))


def _nth_newline_from_end(raw: str, n: int) -> int:
    """Offset just past the n-th line break counted from the end (0 when there are fewer)."""
    at = len(raw)
    for _ in range(n):
        at = raw.rfind("\n", 0, at)
        if at < 0:
            return 0
    return at + 1


def _snap_back(raw: str, at: int, reach: int) -> int:
    """`at`, moved back to just after a line break (else a space) within `reach` characters."""
    for mark in ("\n", " "):
        found = raw.rfind(mark, max(0, at - reach), at)
        if found >= 0:
            return found + 1
    return at  # Why cut there: no word is `reach` characters long; this is a blob, not text


def _snap_forward(raw: str, at: int, reach: int) -> int:
    """`at`, moved forward to just after a line break (else a space) within `reach` characters."""
    if at == 0 or raw[at - 1] == "\n":
        return at
    for mark in ("\n", " "):
        found = raw.find(mark, at, at + reach)
        if found >= 0:
            return found + 1
    return at
