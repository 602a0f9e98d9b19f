"""Raw files → `Article`: find inputs, decode bytes, extract HTML main text.

Raw inputs are only ever read. Nothing here writes, moves or deletes a file.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import hashlib
import logging
import re
from datetime import date
from pathlib import Path

import frontmatter
import ftfy
import ftfy.badness
from charset_normalizer import from_bytes

from .errors import InputError
from .models import Article

log = logging.getLogger(__name__)

VERSION = 1
MAX_INPUT_BYTES = 8 * 1024 * 1024
"""Larger raw files are refused: no news article is this long, and cleaning would take minutes."""
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What ftfy may change: anything but tab, newline, form feed and printable ASCII other than "&".
_FTFY_MAY_CHANGE = re.compile(r"[^\t\n\x0c\x20-\x25\x27-\x7e]")
# Control characters other than tab, newline, carriage return, form feed: a high share means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A Markdown link is its head (`[text](`, no "[" in the text) and its tail (a URL up to the
# first ")" or space, an optional "title", then ")"): see `_md_links`.
_MD_LINK_HEAD = re.compile(r"!?\[([^\[\]\n]*+)\]\(")
_MD_LINK_TAIL = re.compile(r"(\S[^\s)]*+)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_DELIMITER = re.compile(r"(?=(\*\*|__))")


def discover(inbox: Path) -> list[Path]:
    """Raw inputs in `inbox` (recursively), in a stable order; hidden files are ignored."""
    if not inbox.is_dir():
        return []
    return sorted(
        p
        for p in inbox.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(inbox).parts)
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path, root: Path) -> Article:
    """Read one raw input into an Article. Raises InputError naming the file when unusable."""
    return parse(path, read_bytes(path, root), root)


def read_bytes(path: Path, root: Path) -> bytes:
    """The raw bytes of an input, refusing files over MAX_INPUT_BYTES."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(relative(path, root), f"too large for an article: {size / 1e6:.1f} MB "
                                               f"(the limit is {MAX_INPUT_BYTES / 1e6:.1f} MB)")
    return path.read_bytes()


def parse(path: Path, data: bytes, root: Path) -> Article:
    """The Article for raw bytes `data` read from `path`."""
    rel = relative(path, root)
    text, encoding = decode(data, rel)
    article = Article(source_path=rel, raw_sha256=sha256_of(data), raw_text=text, encoding=encoding)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        article = _from_html(article, path)
    elif suffix in MARKDOWN_SUFFIXES:
        article = _from_markdown(article, path)
    if not article.raw_text.strip():
        raise InputError(rel, "no text left after reading (empty or whitespace only)")
    return article


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes: BOMs first, then strict UTF-8, then detection; repair mojibake."""
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = _decode_bytes(data, path)
    # Why: pasted text often went through a wrong decode once ("â€™" for "’"); ftfy undoes that.
    # Width and ligature fixes stay off: they would rewrite CJK full-width punctuation.
    text = _fix_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise InputError(path, "looks binary (control characters), not text")
    return text, encoding


def _fix_text(text: str) -> str:
    """ftfy's fix_text, line by line as ftfy works, but only on the lines it could change."""
    # Why: ftfy costs about 20 µs per line even on plain ASCII, which it never changes (no
    # mojibake, entity, control character or CR there): a million short lines took seconds.
    # "<" anywhere before a line turns ftfy's HTML unescaping off from there on; that is kept.
    pieces, pos = [], 0
    first_lt = text.find("<")
    for m in _FTFY_MAY_CHANGE.finditer(text):
        if m.start() < pos:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start()) + 1 or len(text)
        html = False if 0 <= first_lt < start else "auto"
        fixed = ftfy.fix_text(text[start:end], unescape_html=html, fix_character_width=False,
                              fix_latin_ligatures=False, uncurl_quotes=False)
        pieces += [text[pos:start], fixed]
        pos = end
    return "".join(pieces) + text[pos:] if pieces else text


def _decode_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(path, "looks binary (NUL bytes), not text")
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Why: Western pages saved by old tools are cp1252; detectors guess wrongly on short texts.
    # Accept cp1252 when the result does not look like mojibake, else ask the detector.
    try:
        western = data.decode("cp1252")
        if not ftfy.badness.is_bad(western):
            return western, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise InputError(path, "cannot detect the text encoding")
    encoding = best.encoding
    # Why: detectors often call Western text latin-1 when it is cp1252 (curly quotes at 0x91-0x94).
    if encoding in {"latin_1", "iso8859_1", "ascii"}:
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position, else None."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) <= len(sample) // 4 or min(even, odd) > len(sample) // 50:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _from_html(article: Article, path: Path) -> Article:
    """Keep the page's main text (trafilatura) and its metadata: title, date, outlet, URL."""
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        article.raw_text, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    if doc is None or not (doc.text or "").strip():
        raise InputError(article.source_path, "no article text found in the HTML")
    title = (doc.title or "").strip()
    text = doc.text.strip()
    # Why: the cleaner finds the headline on the first line; put the page title there once.
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return article.replace(
        raw_text=text,
        title=title,
        title_method="html" if title else "",
        published=_iso_date(doc.date),
        source=(doc.sitename or None),
        url=doc.url or None,
    )


def _from_markdown(article: Article, path: Path) -> Article:
    """Read optional front matter (title, date, source, url) and turn Markdown into plain text."""
    try:
        post = frontmatter.loads(article.raw_text)
    except Exception as exc:  # YAML errors come in several types
        raise InputError(article.source_path, f"invalid front matter: {exc}") from None
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    found = _md_links(post.content)
    links = [url for *_, url in found if url.startswith(("http://", "https://"))]
    text = _replace_spans(post.content, [(start, end, label) for start, end, label, _ in found])
    text = _strip_emphasis(_MD_HEADING.sub("", text))
    if links:
        text += "\n\nReferences:\n" + "\n".join(links)
    title = str(meta.get("title") or "").strip()
    return article.replace(
        raw_text=text,
        title=title,
        title_method="front-matter" if title else "",
        published=_iso_date(meta.get("date")),
        source=str(meta["source"]) if meta.get("source") else None,
        url=str(meta["url"]) if meta.get("url") else None,
    )


def _md_links(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, url) of the Markdown links and images in `text`, left to right."""
    # Why a scan, not one regex: on "[](" repeated, every "[" began a URL that ran to the end
    # of the run (quadratic). A failed tail fails for every head whose URL ends at the same
    # place, so the scan skips those heads.
    found, pos, dead_until = [], 0, -1
    for head in _MD_LINK_HEAD.finditer(text):
        if head.start() < pos or head.end() < dead_until:
            continue
        tail = _MD_LINK_TAIL.match(text, head.end())
        if tail is None:
            run = _URL_RUN.match(text, head.end())
            dead_until = run.end() if run else -1
            continue
        found.append((head.start(), tail.end(), head.group(1), tail.group(1)))
        pos = tail.end()
    return found


_URL_RUN = re.compile(r"\S[^\s)]*+")


def _replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span, in order and apart, replaced by its string."""
    pieces, pos = [], 0
    for start, end, replacement in spans:
        pieces += [text[pos:start], replacement]
        pos = end
    return "".join(pieces) + text[pos:]


def _strip_emphasis(text: str) -> str:
    """`**bold**` and `__bold__` without their markers (within one line; text must touch the markers)."""
    # Why a scan, not a lazy regex: an opener without a closer made the regex read to the end
    # of the line from every "**" ("**a " repeated: quadratic). Here each opener finds its
    # closer by bisecting the sorted closer offsets.
    spots = [(m.start(), m.group(1)) for m in _MD_DELIMITER.finditer(text)]
    if not spots:
        return text
    closers = {d: [j for j, e in spots if e == d and j > 0 and not text[j - 1].isspace()] for d in ("**", "__")}
    pieces, pos, line_end = [], 0, -1
    for i, delim in spots:
        if i < pos or i + 2 >= len(text) or text[i + 2].isspace():
            continue
        if line_end < i + 2:  # openers come in order, so the line's end is found once per line
            line_end = text.find("\n", i + 2) % (len(text) + 1)
        ends = closers[delim]
        k = bisect.bisect_left(ends, i + 3)
        if k < len(ends) and ends[k] < line_end:
            pieces += [text[pos:i], text[i + 2:ends[k]]]
            pos = ends[k] + 2
    return "".join(pieces) + text[pos:]


def _iso_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def relative(path: Path, root: Path) -> Path:
    """`path` relative to the project root when it is inside it."""
    try:
        return path.resolve().relative_to(_resolved(root) if root.is_absolute() else root.resolve())
    except ValueError:
        return path


@functools.lru_cache(maxsize=8)
def _resolved(root: Path) -> Path:
    """An absolute root resolved once: a build asks for thousands of paths relative to it."""
    return root.resolve()
