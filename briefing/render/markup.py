"""Text filters applied when pages are rendered: footnote markers, section labels, typography.

The content files keep the text as the cleaner left it; what a reader sees is decided here:

* Footnote markers ("… this year [1][5][11]") are removed, or, in an article's own body, linked
  to its numbered list of sources when the article carries every source they point to.
* A source's section labels ("Core Insights", a short line with no closing punctuation between
  paragraphs) become headings.
* French pages get French spacing: a narrow no-break space before : ; ? ! and inside « »,
  so no line ever breaks between « and its word.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

_MARKERS = re.compile(r"(?<=\S)[ \t\u00a0]*((?:\[\d{1,3}\])+)")
"""Footnote markers glued to the end of a word or sentence: "market [1].", "this year [1][5][11]"."""
_NUMBERS = re.compile(r"\[(\d{1,3})\]")
_LABEL_END = re.compile(r"[.!?;:,…。！？；：，、\"'”’»)\]]$")
LABEL_WORDS = 8
"""Longest section label, in words: a longer line is a sentence."""
LABEL_CHARS = 70

NNBSP = "\u202f"
_SPACED_LANGUAGES = frozenset({"fr"})
_BEFORE_MARK = re.compile(r"(?<=[\w»”’)\]*_%])[ \u00a0\u202f]?(\\?[;:?!][?!]{0,2})(?=[\s*_]|$)", re.M)
_FOREIGN = re.compile(r'(<(section|span)\b[^>]*\blang="(?!fr")[^"]*"[^>]*>.*?</\2>)', re.S)
"""A section or span the page marks as written in another language than French."""
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]*»")


def strip_markers(text: str) -> str:
    """The text without footnote markers."""
    return _MARKERS.sub("", text) if "[" in text else text


def markers(text: str) -> list[int]:
    """The footnote numbers a text cites, in order."""
    return [int(n) for group in _MARKERS.finditer(text) for n in _NUMBERS.findall(group.group(1))]


def linkable(texts: list[str], sources: int) -> bool:
    """Whether every marker in the texts points into a list of `sources` numbered sources."""
    cited = [n for t in texts for n in markers(t)]
    return bool(cited) and all(1 <= n <= sources for n in cited)


def split_markers(text: str) -> list[tuple[str, list[int]]]:
    """The text cut at its markers: (text, the numbers cited right after it) pairs, in order."""
    parts, pos = [], 0
    for m in _MARKERS.finditer(text):
        parts.append((text[pos:m.start()], [int(n) for n in _NUMBERS.findall(m.group(1))]))
        pos = m.end()
    parts.append((text[pos:], []))
    return parts


def is_label(paragraph: str, following: str | None) -> bool:
    """Whether a paragraph is a source's section label: short, one line, no closing punctuation,
    starting with a capital, and followed by a longer paragraph."""
    line = paragraph.strip()
    if not line or "\n" in line or following is None or len(following.strip()) <= len(line):
        return False
    if len(line) > LABEL_CHARS or len(line.split()) > LABEL_WORDS or _LABEL_END.search(line):
        return False
    first = line[0]
    return first.isupper() or not first.isalpha()


def blocks(paragraphs: list[str]) -> list[tuple[str, str]]:
    """The body as ("heading" | "paragraph", text) blocks: section labels become headings."""
    result = []
    for i, paragraph in enumerate(paragraphs):
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        result.append(("heading" if is_label(paragraph, following) else "paragraph", paragraph))
    return result


def typeset(markdown: str, language: str) -> str:
    """A generated Markdown page with the typography of its language (French spacing), front matter untouched."""
    if (language or "").split("-")[0] not in _SPACED_LANGUAGES:
        return markdown
    head, body = _split_front_matter(markdown)
    # Why: text marked as another language (an original shown below its translation, a pending
    # article's sentence) keeps its own typography.
    parts = _FOREIGN.split(body)
    out = []
    for i in range(0, len(parts), 3):
        out.append(french_spacing(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return head + "".join(out)


def french_spacing(text: str) -> str:
    """Narrow no-break spaces before ; : ? ! and inside « » (replacing any other space there)."""
    text = _BEFORE_MARK.sub(lambda m: NNBSP + m.group(1), text)
    text = _OPEN_GUILLEMET.sub("«" + NNBSP, text)
    return _CLOSE_GUILLEMET.sub(NNBSP + "»", text)


def _split_front_matter(markdown: str) -> tuple[str, str]:
    if not markdown.startswith("---\n"):
        return "", markdown
    end = markdown.find("\n---\n", 4)
    if end < 0:
        return "", markdown
    return markdown[:end + 5], markdown[end + 5:]
