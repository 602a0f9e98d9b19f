"""Raw files → `Article`: find inputs, decode bytes, extract HTML main text.

Raw inputs are only ever read. Nothing here writes, moves or deletes a file.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import hashlib
import itertools
import logging
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ftfy
import ftfy.badness
import ftfy.fixes
import yaml
from charset_normalizer import from_bytes
from lxml import etree

from .. import fsutil, moments
from ..content import schema
from ..extract import dates
from ..errors import InputError, excerpt
from ..models import Article

log = logging.getLogger(__name__)

VERSION = 2
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
# Lines with anything but tab, newline, form feed and printable ASCII other than "&".
_NOT_ASCII_TEXT = re.compile(r"[^\t\n\x0c\x20-\x25\x27-\x7e]")
_FTFY_TARGETS = re.compile(r"[&\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u206a-\u206f\ud800-\udfff\ufeff\ufff9-\ufffd]")
"""Characters one of ftfy's fixes besides mojibake repair acts on (entities, escapes, controls…)."""
_BADNESS_BY_LINE = re.compile(ftfy.badness.BADNESS_RE.pattern, ftfy.badness.BADNESS_RE.flags | re.MULTILINE)
"""ftfy's mojibake test, where "^" is the start of each line as when ftfy sees one line."""
# Control characters other than tab, newline, carriage return, form feed, and the replacement character
# a failed decode leaves: a high share means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A Markdown link is its head (`[text](`, no "[" in the text) and its tail (a URL up to the
# first ")" or space, an optional "title", then ")"): see `_md_links`.
_MD_LINK_HEAD = re.compile(r"!?\[([^\[\]\n]*+)\]\(")
_MD_LINK_TAIL = re.compile(r"(\S[^\s)]*+)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_DELIMITER = re.compile(r"\*{5,}+|_{5,}+|(?=(\*\*|__))")
"""Where `**` or `__` starts; a run of five or more (a rule, a redaction) is skipped whole: it marks no emphasis."""


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
                raise InputError(relative(path, root), f"too large for an article: {_size(size)}; "
                                                       f"the limit is {_size(MAX_INPUT_BYTES)}")
            return handle.read()
    except InputError as exc:
        raise InputError(relative(path, root), exc.reason) from None


def _size(count: int) -> str:
    """A byte count exact to the byte, with its size in MiB: two sizes never read the same."""
    return f"{count:,} bytes ({count / 2**20:.2f} MiB)"


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
    else:
        article = _with_front_matter(article)
    # Why again: HTML entities (&#x202E;) and YAML escapes can spell out what decoding removed.
    article = article.replace(**{name: strip_invisible(value) for name in ("raw_text", "title", "source", "author")
                                 if isinstance(value := getattr(article, name), str)})
    if not article.raw_text.strip():
        raise InputError(rel, "no text left after reading (empty or whitespace only)")
    return article


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes: BOMs first, then UTF-8 line by line before a legacy code page; repair mojibake."""
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = _decode_bytes(data, path)
    # Why before ftfy: it deletes control characters, which would hide that the bytes were binary.
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(path, "looks binary (control characters or undecodable bytes), not text")
    # Why: pasted text often went through a wrong decode once ("â€™" for "’"); ftfy undoes that.
    # Width and ligature fixes stay off: they would rewrite CJK full-width punctuation.
    text = _fix_text(text.replace("\x00", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_invisible(text), encoding


_WINDOWS_LINE_END = re.compile(r"(?<!\r)\r\n")  # "\r\r\n" is two line ends to ftfy: left to it
FTFY_LINES_MAX = 2_000
"""Lines of one input ftfy repairs in full (about 100 µs each); after them, a pathological input (tens of
thousands of lines of entities or controls) gets only ftfy's character-by-character fixes."""


def _fix_text(text: str) -> str:
    """ftfy's fix_text, line by line as ftfy works, but only on the lines it could change."""
    # Why: ftfy costs about 70 µs per line even where it changes nothing: a long article in any
    # language but English, or a million short lines, took seconds. It changes a line only when
    # the line looks like mojibake (its own `is_bad` test), holds a character one of its other
    # fixes targets (entity, control, surrogate, line separator…), or is not in NFC.
    # "<" anywhere before a line turns ftfy's HTML unescaping off from there on; that is kept.
    # Windows line ends first, for the whole text at once, as ftfy would for each line: otherwise the
    # "\r" that ends every line of a Windows file would send each one to ftfy. (Other breaks, such as
    # U+2028 or a lone "\r", stay with ftfy: it decides on HTML escapes before it splits there.)
    text = _WINDOWS_LINE_END.sub("\n", text) if "\r" in text else text
    pieces, pos = [], 0
    first_lt = text.find("<")
    for start in _lines_ftfy_may_change(text, FTFY_LINES_MAX + 1):
        if start < pos:
            continue
        if len(pieces) == 2 * FTFY_LINES_MAX:  # a pathological input: the rest gets the character fixes
            pieces += [text[pos:start], _character_fixes(text[start:])]
            pos = len(text)
            break
        end = text.find("\n", start) + 1 or len(text)
        html = False if 0 <= first_lt < start else "auto"
        fixed = ftfy.fix_text(text[start:end], unescape_html=html, fix_character_width=False,
                              fix_latin_ligatures=False, uncurl_quotes=False)
        pieces += [text[pos:start], fixed]
        pos = end
    return "".join(pieces) + text[pos:] if pieces else text


def _character_fixes(text: str) -> str:
    """What ftfy does to text character by character: surrogates paired, controls removed, NFC."""
    text = ftfy.fixes.remove_control_chars(ftfy.fixes.fix_surrogates(text))
    return unicodedata.normalize("NFC", text)


def _lines_ftfy_may_change(text: str, most: int) -> list[int]:
    """Start offsets, in order, of the first `most` lines ftfy might change (a few more never hurt)."""
    ascii = text.isascii()
    if not ascii and not unicodedata.is_normalized("NFC", text):
        return list(itertools.islice(_lines_matching(text, _NOT_ASCII_TEXT), most))  # rare: every non-ASCII line
    starts = set(itertools.islice(_lines_matching(text, _FTFY_TARGETS), most))
    if not ascii:  # ASCII is never mojibake
        starts.update(itertools.islice(_lines_matching(text, _BADNESS_BY_LINE), most))
    return sorted(starts)[:most]


def _lines_matching(text: str, pattern: re.Pattern) -> Iterator[int]:
    """Start offsets, in order, of the lines a match of `pattern` touches (a match may span lines).

    Why one search per line, not per match: a line of a million "&" is one line to fix, and looking
    back for the start of its line from every match took time growing with the square of its length."""
    pos = 0
    while pos < len(text) and (match := pattern.search(text, pos)):
        yield text.rfind("\n", 0, match.start()) + 1  # stops at the line break just before
        yield from (i + 1 for i, ch in enumerate(match.group(), match.start()) if ch == "\n")
        last = max(match.end() - 1, match.start())
        pos = text.find("\n", last) + 1 or len(text)


def _decode_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if bom == codecs.BOM_UTF8:
                _refuse_binary(data[len(bom):], path)  # a BOM in front of binary makes it no text
            return data.decode(encoding, errors="replace"), encoding
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace"), utf16
    _refuse_binary(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_by_line(data, path)


def _refuse_binary(data: bytes, path: Path | str) -> None:
    """Raise when NUL or other control bytes are too many for text in an 8-bit encoding.

    Why a share, not any NUL: one stray NUL in a text file is damage, not a sign of binary.
    """
    sample = data[:65536]
    if sample.count(0) > max(2, len(sample) // 1000):
        raise InputError(path, "looks binary (NUL bytes), not text")
    if len(_CONTROL_BYTES.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(path, "looks binary (control characters), not text")


def _decode_by_line(data: bytes, path: Path | str) -> tuple[str, str]:
    """Each line as UTF-8 when it is valid UTF-8, the others in one legacy code page.

    Why by line: text pasted together from several sources mixes UTF-8 lines with cp1252 ones;
    one code page for the whole file garbles half of it ("dĂ©jĂ").
    """
    lines = data.splitlines(keepends=True)
    as_utf8 = [_utf8_or_none(line) for line in lines]
    legacy = _legacy_encoding(b"".join(line for line, text in zip(lines, as_utf8) if text is None), path)
    if not _single_byte(legacy):
        # Why whole-file: in a multi-byte code page (Shift-JIS, GBK) a short line can pass for UTF-8 by chance.
        try:
            return data.decode(legacy), legacy
        except UnicodeDecodeError as exc:
            raise InputError(path, f"cannot decode as {legacy}: {exc.reason} at byte {exc.start}") from None
    parts = [text if text is not None else line.decode(legacy, errors="replace") for line, text in zip(lines, as_utf8)]
    mixed = any(text is not None and not text.isascii() for text in as_utf8)
    return "".join(parts), f"utf-8+{legacy}" if mixed else legacy


def _utf8_or_none(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _legacy_encoding(data: bytes, path: Path | str) -> str:
    """The legacy code page of bytes that are not UTF-8: cp1252 unless that looks wrong, else detected."""
    # Why: Western pages saved by old tools are cp1252; detectors guess wrongly on short texts.
    # Accept cp1252 when the result does not look like mojibake, else ask the detector.
    try:
        if not ftfy.badness.is_bad(data.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise InputError(path, "cannot detect the text encoding")
    # Why: detectors often call Western text latin-1 when it is cp1252 (curly quotes at 0x91-0x94).
    return "cp1252" if best.encoding in {"latin_1", "iso8859_1", "ascii"} else best.encoding


@functools.lru_cache(maxsize=32)
def _single_byte(encoding: str) -> bool:
    """True for a code page in which every byte is one character (cp1252, koi8-r), not Shift-JIS or GBK."""
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256 and "utf" not in encoding
    except LookupError:
        return False


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position, else None."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) <= len(sample) // 4 or min(even, odd) > len(sample) // 50:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


# ----------------------------------------------------------------------------- invisible characters
# Bidi embeddings, overrides and isolates: they reorder what a reader sees and are never needed in news text.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Invisible characters that only split words: zero-width space, word joiner, BOM, soft hyphen.
_WORD_SPLITTERS = "\u200b\u2060\ufeff\u00ad"
# Scripts in which ZWNJ/ZWJ change how letters join or form conjuncts: Arabic, Syriac, Thaana, N'Ko,
# Indic scripts, Sinhala, Tibetan, Myanmar, Khmer, Mongolian, Arabic presentation forms.
_JOINING_SCRIPTS = re.compile("[\u0600-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u18af"
                              "\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufefe]")
# Pictographs and the variation selector that make emoji; ZWJ between two of them forms one emoji (👩‍💻).
_EMOJI = re.compile("[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]")
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_INVISIBLE = re.compile(f"[{_BIDI_CONTROLS}{_WORD_SPLITTERS}\u200c\u200d\u200e\u200f]")


def strip_invisible(text: str) -> str:
    """`text` without invisible characters that reorder it or split its words ("Nv\\u200cidia" → "Nvidia").

    Kept where they do something a reader needs: ZWNJ/ZWJ beside letters of a joining script
    (Persian, Hindi), ZWJ inside an emoji sequence, and LRM/RLM next to right-to-left text or punctuation.
    """
    return _INVISIBLE.sub(_keep_if_needed, text) if _INVISIBLE.search(text) else text


def _keep_if_needed(match: re.Match) -> str:
    char, text, at = match.group(), match.string, match.start()
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if char in "\u200c\u200d" and (_JOINING_SCRIPTS.match(before) or _JOINING_SCRIPTS.match(after)):
        return char
    if char == "\u200d" and _EMOJI.match(before) and _EMOJI.match(after):
        return char
    if char in "\u200e\u200f" and not (before.isalnum() and after.isalnum()
                                       and not _RIGHT_TO_LEFT.match(before) and not _RIGHT_TO_LEFT.match(after)):
        return char
    return ""


HTML_ELEMENTS_MAX = 6_000
"""Elements (besides scripts, styles and SVG drawings) a page may have for main-text extraction.

Why a bound: trafilatura spends 150–300 µs on each element, so a page of tiny elements (tens of
thousands of `<p>a</p>`) would take minutes. A saved news page has one to five thousand; a page
with more is read by `_html_text_quickly` (block elements as lines, linear in the page's size)
and the cleaner removes its furniture as it does for pasted text."""
_HTML_START_TAG = re.compile(r"<[A-Za-z]")
_HTML_NOT_SHOWN = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas")
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "title", "tr", "ul",
})


def _from_html(article: Article, path: Path) -> Article:
    """Keep the page's main text (trafilatura) and its metadata: title, date, outlet, URL."""
    if len(_HTML_START_TAG.findall(article.raw_text)) > HTML_ELEMENTS_MAX:  # then count what is shown
        tree = _html_tree(article.raw_text)
        if tree is not None:
            etree.strip_elements(tree, *_HTML_NOT_SHOWN, with_tail=False)
            elements = sum(1 for _ in tree.iter())
            if elements > HTML_ELEMENTS_MAX:
                log.warning("%s: %s HTML elements (more than %s): read as plain text without main-text "
                            "extraction", article.source_path, f"{elements:,}", f"{HTML_ELEMENTS_MAX:,}")
                return _html_text_quickly(article, tree)
    return _main_text(article)


def _main_text(article: Article) -> Article:
    """The page's main text and metadata by trafilatura."""
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    # Why no extensive date search: it hands any date-like text of the page to dateparser, which tries
    # every locale it knows: 30 s for one 400 KB page. The page's structured dates (meta tags, JSON-LD,
    # <time>, the URL) are still read, and the cleaner finds a date written in the text (`dates.py`).
    doc = trafilatura.bare_extraction(
        article.raw_text, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if doc is None or not (doc.text or "").strip():
        raise InputError(article.source_path, "no article text found in the HTML")
    return _with_page_text(article, doc.text, (doc.title or "").strip(), doc.date, doc.sitename, doc.url)


def _with_page_text(article: Article, text: str, title: str, published: str | None,
                    source: str | None, url: str | None) -> Article:
    """The article with a page's text, its title on the first line (where the cleaner finds the headline)."""
    text = text.strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return article.replace(
        raw_text=text,
        title=title,
        title_method="html" if title else "",
        published=_iso_date(published),
        date_method="html" if _iso_date(published) else "",
        source=source or None,
        url=url or None,
    )


def _html_tree(html: str):
    """The page parsed by lxml (None when it has no element at all)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return etree.fromstring(html.encode("utf-8", "replace"), parser)


def _html_text_quickly(article: Article, tree) -> Article:
    """Every text of the page, one line per block element, and the metadata of its <head>."""
    title = _first(tree, "//meta[@property='og:title']/@content", "//title//text()", "//h1//text()")
    for block in tree.iter(*_HTML_BLOCKS):  # a line break before and after each block element
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    shown = etree.tostring(tree, method="text", encoding="unicode")
    text = "\n".join(line for line in (" ".join(piece.split()) for piece in shown.splitlines()) if line and line != title)
    if not text:
        raise InputError(article.source_path, "no article text found in the HTML")
    published = _first(tree, "//meta[@property='article:published_time']/@content",
                       "//meta[@itemprop='datePublished']/@content", "//time/@datetime")
    return _with_page_text(article, text, title, published,
                           _first(tree, "//meta[@property='og:site_name']/@content"),
                           _first(tree, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"))


def _first(tree, *paths: str) -> str:
    """The first non-blank value any of the XPath `paths` finds, in order, whitespace collapsed."""
    for xpath in paths:
        for value in tree.xpath(xpath)[:50]:
            value = " ".join(str(value).split())
            if value:
                return value
    return ""


def _from_markdown(article: Article, path: Path) -> Article:
    """Read optional front matter (title, date, author, source, url) and turn Markdown into plain text."""
    article = _with_front_matter(article, markdown=True)
    content = article.raw_text
    found = _md_links(content)
    links = [url for *_, url in found if url.startswith(("http://", "https://"))]
    text = _replace_spans(content, [(start, end, label) for start, end, label, _ in found])
    text = _strip_emphasis(_MD_HEADING.sub("", text))
    if links:
        text += "\n\nReferences:\n" + "\n".join(links)
    return article.replace(raw_text=text)


# ----------------------------------------------------------------------------- pasted front matter
FRONT_MATTER_MAX = 16 * 1024
"""Characters a front-matter block may span; a longer block is not front matter (and stays text)."""
_FENCE = re.compile(r"\A\s*(---|\+\+\+)[ \t]*\n")
_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_KEY = re.compile(r"[A-Za-z_][\w.-]{0,63}")
# A line of a front-matter block read by hand when YAML refuses it (`title: Foo: bar`, an anchor).
_YAML_LINE = re.compile(r"([A-Za-z_][\w.-]{0,63})[ \t]*:(?:[ \t]+(.*))?")
_TOML_LINE = re.compile(r"([A-Za-z_][\w.-]{0,63})[ \t]*=[ \t]*(.*)")
# Keys of Jekyll, Hugo and other generators' front matter: one of them makes a block front matter.
_KNOWN_KEYS = {
    "title", "headline", "subtitle", "date", "published", "publishdate", "pubdate", "published_at", "publish_date",
    "datepublished", "created", "created_at", "lastmod", "updated", "modified", "layout", "author", "authors",
    "byline", "creator", "tags", "categories", "category", "keywords", "permalink", "slug", "draft", "description",
    "summary", "excerpt", "lang", "language", "url", "link", "canonical", "canonical_url", "canonicalurl",
    "source", "source_url", "original_url", "publisher", "site_name", "sitename", "outlet", "image", "images",
    "cover", "featured_image", "thumbnail", "type", "weight", "aliases", "toc", "comments", "template", "series",
    "id", "uuid",
}
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date", "published", "publishdate", "pubdate", "published_at", "publish_date", "datepublished",
              "created", "created_at")
_AUTHOR_KEYS = ("author", "authors", "byline", "creator")
_SOURCE_KEYS = ("source", "publisher", "site_name", "sitename", "outlet")
_URL_KEYS = ("url", "canonical", "canonical_url", "canonicalurl", "source_url", "original_url", "link", "permalink")
_VALUE_MAX = 2000
"""Characters kept of one front-matter value."""


def _with_front_matter(article: Article, markdown: bool = False) -> Article:
    """Move a pasted Jekyll/Hugo front-matter block out of the text and into the article's fields."""
    try:
        found = split_front_matter(article.raw_text, markdown)
    except schema.RefusedYAML as exc:
        mark = exc.problem_mark
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(article.source_path, f"invalid front matter{where}: {exc.problem}") from None
    if found is None:
        return article
    meta, body = found
    title = _text_value(meta, _TITLE_KEYS) or ""
    source = _text_value(meta, _SOURCE_KEYS)
    url = _text_value(meta, _URL_KEYS)
    day, problems = _front_matter_date(meta, article.raw_text[:len(article.raw_text) - len(body)])
    return article.replace(
        raw_text=body,
        title=title,
        title_method="front-matter" if title else "",
        published=day,
        published_at=_front_matter_time(meta) if day else None,
        date_method="front-matter" if day else "",
        input_problems=article.input_problems + tuple(problems),
        author=_text_value(meta, _AUTHOR_KEYS),
        source=source,
        url=url if url and url.startswith(("http://", "https://")) else None,
    )


def _front_matter_date(meta: dict[str, Any], block: str) -> tuple[date | None, list[tuple[int, str]]]:
    """The first valid date of the block's date keys, and a (line, reason) for each one that holds no date.

    Why report it: an impossible date (`2025-13-45`) silently dropped leaves the editor wondering why the
    article is dated otherwise. The article still builds; the date is then looked for in the text."""
    problems = []
    for key in _DATE_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        day = _iso_date(value) or _written_date(value)
        if day is not None:
            return day, problems
        problems.append((_key_line(block, key),
                         f"{key}: {excerpt(value)} is not a valid date; ignored (the date is looked for in the text)"))
    return None, problems


def _front_matter_time(meta: dict[str, Any]) -> datetime | None:
    """The time of day (and offset) of the date key `_front_matter_date` takes, when it gives one."""
    for key in _DATE_KEYS:
        value = meta.get(key)
        if value is not None and value != "" and (_iso_date(value) or _written_date(value)):
            return moments.parse(value)
    return None


def _written_date(value: Any) -> date | None:
    """A date written out in a front-matter value ("September 3, 2025", "2025/09/03"), else None."""
    found = dates.first(value) if isinstance(value, str) else None
    return found.day if found else None


def _key_line(block: str, key: str) -> int:
    """The 1-based line of `key:` (or `key =`) in the text that opens with the front-matter block."""
    match = re.search(rf"(?im)^[ \t]*{re.escape(key)}[ \t]*[:=]", block)
    return block.count("\n", 0, match.start()) + 1 if match else 1


def split_front_matter(text: str, markdown: bool = False) -> tuple[dict[str, Any], str] | None:
    """(metadata, the text after the block) when `text` opens with YAML `---` or TOML `+++` front matter.

    A block counts only at the very top, closed within FRONT_MATTER_MAX characters, made of `key: value`
    (or `key = value`) lines with at least one key that generators use (title, date, layout...). Anything
    else, such as a `---` rule above a line of prose, stays text. In a Markdown file, where a top block
    is front matter by convention, any mapping with plain keys counts.
    """
    opening = _FENCE.match(text)
    if not opening:
        return None
    fence = opening.group(1)
    window = text[opening.end():opening.end() + FRONT_MATTER_MAX]
    lines, offset = [], opening.end()
    for line in window.splitlines(keepends=True):
        offset += len(line)
        if line.strip() in _CLOSERS[fence] and line.startswith(line.strip()):
            meta = _parse_block("".join(lines), fence, markdown)
            if meta is None:
                return None
            return meta, text[offset:].lstrip("\n")
        lines.append(line)
    return None


def _parse_block(block: str, fence: str, markdown: bool) -> dict[str, Any] | None:
    """The block's mapping with lower-case keys, or None when it is not front matter."""
    meta = _load_toml(block) if fence == "+++" else _load_yaml(block)
    if meta is None:
        # Why read it by hand: pasted front matter is often invalid (`title: Foo: bar`) yet plainly metadata.
        meta = _read_lines(block, _TOML_LINE if fence == "+++" else _YAML_LINE)
    if not meta or not all(isinstance(k, str) and _KEY.fullmatch(k) for k in meta):
        return None
    meta = {key.lower(): value for key, value in meta.items()}
    return meta if markdown or _KNOWN_KEYS & meta.keys() else None


def _load_yaml(block: str) -> dict | None:
    """Safe-loaded YAML mapping; None on an error, a non-mapping, or any anchor or alias (no expansion bombs)."""
    try:
        value = schema.load_yaml(block)
    except schema.RefusedYAML:
        raise  # anchors, aliases or deep nesting: refused outright, never read line by line
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


_YAMLLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_toml(block: str) -> dict | None:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None


def _read_lines(block: str, pattern: re.Pattern) -> dict[str, str] | None:
    """`key: value` lines read literally (quotes dropped); None unless most lines are such lines."""
    lines = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    meta: dict[str, str] = {}
    shaped = 0
    for line in lines:
        match = pattern.fullmatch(line.rstrip())
        if match:
            meta.setdefault(match.group(1), (match.group(2) or "").strip().strip("'\"").strip())
        # Why count list items and indented lines: they continue the key above (tags, authors).
        if match or line[:1] in " \t-":
            shaped += 1
    return meta if lines and shaped * 5 >= len(lines) * 4 else None


def _text_value(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that holds text (a list is joined; a mapping gives its name), capped in length."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list):
            value = ", ".join(str(v.get("name") if isinstance(v, dict) else v) for v in value if v)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return " ".join(str(value).split())[:_VALUE_MAX]
    return None


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
    spots = [(m.start(), m.group(1)) for m in _MD_DELIMITER.finditer(text) if m.group(1)]
    if not spots:
        return text
    closers = {d: [j for j, e in spots if e == d and j > 0 and not text[j - 1].isspace()] for d in ("**", "__")}
    if not closers["**"] and not closers["__"]:
        return text  # openers only ("**a " repeated): nothing to strip
    pieces, pos, line_end = [], 0, -1
    for i, delim in spots:
        if i < pos or i + 2 >= len(text) or text[i + 2].isspace() or not closers[delim]:
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
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(str(value)[:10]) if value and not isinstance(value, bool) else None
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
