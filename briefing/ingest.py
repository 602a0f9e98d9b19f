"""Raw files → `Article`: find inputs, decode bytes, extract HTML main text.

Raw inputs are only ever read. Nothing here writes, moves or deletes a file.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import logging
import os
import re
from datetime import date
from pathlib import Path

import ftfy
import ftfy.badness
from charset_normalizer import from_bytes

from . import fsutil, schema, write
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
# Control characters other than tab, newline, carriage return, form feed: a high share means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def discover(inbox: Path) -> list[Path]:
    """Raw inputs in `inbox` (recursively), in a stable order; hidden files and symbolic links are ignored."""
    if not inbox.is_dir():
        return []
    # Why fsutil.entries: it never follows a linked folder, and links are left out (the build reports them).
    found = [Path(entry.path) for entry in fsutil.entries(inbox, skip_hidden=True)
             if entry.is_file(follow_symlinks=False) and Path(entry.name).suffix.lower() in SUFFIXES]
    return sorted(found)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path, root: Path, *, confined: bool = True) -> Article:
    """Read one raw input into an Article. Raises InputError naming the file when unusable.

    `confined=False` reads a file the user named on the command line (`briefing inspect`) wherever it is."""
    return parse(path, read_bytes(path, root, confined=confined), root)


def read_bytes(path: Path, root: Path, *, confined: bool = True) -> bytes:
    """The raw bytes of an input, refusing files over MAX_INPUT_BYTES and, when `confined`, links and
    anything outside `root` (nothing outside the project is ever published)."""
    if confined and not fsutil.inside(path, root):
        raise InputError(path, "outside the project: refused")
    try:
        with fsutil.open_regular(path, follow=not confined) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_INPUT_BYTES:
                raise InputError(relative(path, root), f"too large for an article: {size / 1e6:.1f} MB "
                                                       f"(the limit is {MAX_INPUT_BYTES / 1e6:.1f} MB)")
            return handle.read()
    except InputError as exc:
        raise InputError(relative(path, root), exc.reason) from None


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
    text = ftfy.fix_text(text, fix_character_width=False, fix_latin_ligatures=False, uncurl_quotes=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise InputError(path, "looks binary (control characters), not text")
    return text, encoding


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
        meta, content = write.split_front_matter(article.raw_text)
    except Exception as exc:  # YAML errors come in several types; RefusedYAML for aliases and deep nesting
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(article.source_path,
                         f"invalid front matter{where}: {getattr(exc, 'problem', None) or exc}") from None
    meta = meta if isinstance(meta, dict) else {}
    links = [url for _, url in _MD_LINK.findall(content) if url.startswith(("http://", "https://"))]
    text = _MD_LINK.sub(lambda m: m.group(1), content)
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), _MD_HEADING.sub("", text))
    if links:
        text += "\n\nReferences:\n" + "\n".join(links)
    title = _scalar(meta.get("title"))
    return article.replace(
        raw_text=text,
        title=title,
        title_method="front-matter" if title else "",
        published=_iso_date(meta.get("date")),
        source=_scalar(meta.get("source")) or None,
        url=_scalar(meta.get("url")) or None,
    )


def _scalar(value: object) -> str:
    """A front-matter value as one line of text, if it is text, a number or a date (a list or mapping is ignored)."""
    if not isinstance(value, (str, int, float, date)) or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())[: schema.SHORT]


def _iso_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10]) if value else None
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
