"""How much of a very long input each stage reads closely: bounded work per article.

A news article is a few kilobytes; the longest long reads are about 60 KB. Inputs far longer
than that (an 8 MB paste, a table of a million cells, a log) are still published whole, but
the close reading is bounded so that enrichment costs a constant plus a cheap linear pass:

- the cleaner scores, line by line, the first `HEAD_CHARS` (at most `HEAD_LINES` lines) and the
  last `TAIL_CHARS` (at most `TAIL_LINES` lines), where a page's furniture lives; the middle is
  kept as story text, with whitespace and invisible characters normalised by whole-text passes;
- summaries, topics, figures, names and days read the body's first `ANALYSED_CHARS` (at most
  `ANALYSED_PARAGRAPHS` paragraphs), cut at a paragraph break (or a sentence end or a space).

Every input shorter than these bounds, which is every real article, is read whole: the bounds
change nothing for it.
"""

from __future__ import annotations

import re

HEAD_CHARS, HEAD_LINES = 48_000, 1_000
TAIL_CHARS, TAIL_LINES = 16_000, 300
ANALYSED_CHARS, ANALYSED_PARAGRAPHS = 40_000, 400

_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")


def split_raw(raw: str) -> tuple[str, str, str]:
    """(head, middle, tail) of a raw text with "\\n" line ends; the middle is "" for any real article.

    The head ends and the tail starts at a line break when there is one near the bound."""
    if len(raw) <= HEAD_CHARS + TAIL_CHARS and raw.count("\n") < HEAD_LINES + TAIL_LINES:
        return raw, "", ""
    head_end = _snap_back(raw, min(HEAD_CHARS, _nth_newline(raw, HEAD_LINES)), HEAD_CHARS // 2)
    tail_start = _snap_forward(raw, max(len(raw) - TAIL_CHARS, _nth_newline_from_end(raw, TAIL_LINES)),
                               TAIL_CHARS // 2)
    if tail_start <= head_end:
        return raw, "", ""
    return raw[:head_end], raw[head_end:tail_start], raw[tail_start:]


def analysed(body: str) -> str:
    """The part of a cleaned body (paragraphs separated by blank lines) that is read closely."""
    limit = min(ANALYSED_CHARS, _nth(body, "\n\n", ANALYSED_PARAGRAPHS))
    if limit >= len(body):
        return body
    cut = body.rfind("\n\n", 0, limit + 1)
    if cut < limit // 2:
        cut = _last_break(body, limit)
    return body[:cut].rstrip()


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
