"""Boilerplate out, metadata in: turn an article's raw text into a clean body.

A saved news page carries more than the story: bylines, read times, ticker chips,
AI summaries, disclaimers, paywall notices, captions, comment boxes, reference lists,
and sometimes the whole story twice. `clean()` runs these steps, in order:

    1. lines        normalise (control characters out), one line per paragraph; the
                    story's language (its month names, phrases and stop words follow)
    2. marker       the page store's " date 2026-03-02 " prefix -> published
    3. rules        what is boilerplate beyond doubt: bylines, tickers, paywall notices,
                    AI summary bullets, disclaimer runs, reference lists, ticker residue,
                    date/outlet header lines, breadcrumbs, datelines, repeats, captions
    4. title        the best-scored candidate line (`headline.py`), the last line, or none
    5. model        every other line scored by the fitted boilerplate model (`boilerplate.py`)
    6. edges        head/tail paragraphs in another language than the story
    7. generated    no headline in the text: a whole clause of the lead
    8. date         from the header zone (then the last lines), never from the story

Every dropped line or span goes to `removed`, in input order, with the reason in
`removed_why`, so nothing vanishes silently. Language knowledge lives in
`briefing/lang/<code>.yaml`; everything here is linear in the input.
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .. import lang
from ..extract import boilerplate, dates, headline, logit, tickers
from ..lang import charsets, window
from . import detect
from ..models import Article
from ..lang.text import split_sentences

VERSION = 6

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- limits
_SHORT_LINE = 300
"""Line-level boilerplate patterns only look at lines up to this length."""
_HEADER_LINES = 10
"""The header (metadata area) is at most this many lines above the first body paragraph."""
_LEAD_SCAN = 1000
"""A generated title is the first sentence of the lead, looked for in its first this many characters."""
_TITLE_MAX = 80
"""A generated title is cut to this many characters (CJK: half)."""

# --------------------------------------------------------------------------- text shape
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")
_WRAPPED_LINE = re.compile(r"(?m)^([^\n]{39,99}[^\n.!?:;\"”»)\]])\n(?=[a-zß-öø-ÿ])")
"""A hard-wrapped line (40-100 characters, no sentence end) whose next line goes on in lowercase."""
_ALNUM = re.compile(r"[^\W_]+")
_TOKEN = re.compile(f"[{charsets.CJK}]|[^\\W_]+")
_CJK = charsets.CJK_OR_HANGUL_CHAR
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’&.-]*")
_TERMINAL = ".!?…。！？"
_BULLET = re.compile(r"^[-•*·・‣▪◦–—]\s+")
_QUOTE_START = re.compile(r"^[\"'“”‘’«»„‚「『‹›—–-]")
_SENTENCE_END_AT = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*(?:\[\d{1,3}\])*$")

# --------------------------------------------------------------------------- page store
_PAGE_MARKER = re.compile(r"^date\s+(\d{4})-(\d{2})-(\d{2})(?!\d)\s*", re.I)

# --------------------------------------------------------------------------- tickers
_TICKER_LINE = tickers.CHIP_LINE
_TICKER_SYMBOL = tickers.CHIP
_TICKER_GLUED = tickers.CHIP_GLUED
_CASHTAG = tickers.CASHTAG
_NOT_TICKERS = frozenset(
    "AI IA KI US USA UK EU UN UAE CEO CFO CTO COO GPU GPUS CPU TPU NPU LLM LLMS API AGI ASI "
    "IPO GDP PIB BIP VR AR XR IT EV EVS SUV PC TV OS SDK ESG SEC FTC DOJ FCC WTO IMF OECD NATO "
    "PRC CCP DOD NASA MIT ETF CAGR EPS ROI PPA PPAS MW GW KW TWH GWH CAPEX OPEX HK ET PT GMT "
    "UTC EUR USD CNY RMB JPY GBP KRW HBM DRAM NAND RTX ADAS AV PDF FAQ AFP AP EFE DPA BBC CNN "
    "FT WSJ NYT".split())

# --------------------------------------------------------------------------- language patterns
class _Rules:
    """The rules' patterns, built once from the language files' pattern lists (`lang.every`).

    Every language's words apply to every page: a story in one language is often wrapped in
    another's site furniture. Built on first use, so importing the module reads no file."""

    @functools.cached_property
    def byline(self) -> re.Pattern:
        """"By Jane Doe", "Por: Ainvest", "Texte : Marie Martin"."""
        return re.compile(rf"^{lang.alternation(lang.every('byline_words'))}\s*[:：]?\s+(?P<who>.+)$", re.I)

    @functools.cached_property
    def glued_byline(self) -> re.Pattern:
        """"PorAinvest": a short byline word glued to a capitalised name (case matters here)."""
        words = sorted({w.capitalize() for w in lang.every("byline_words") if w.isalpha() and 2 <= len(w) <= 3})
        return re.compile(rf"^(?:{'|'.join(map(re.escape, words)) or '(?!)'})(?P<who>[A-Z][\w&-]{{2,}})$")

    @functools.cached_property
    def cjk_byline(self) -> re.Pattern:
        """"記者王小明／台北報導", "（中央社記者王小明台北電）", "撮影：山田太郎"."""
        titles = lang.alternation([t for t in lang.every("reporter_titles") if not _is_cased(t)])
        labels = lang.alternation(lang.every("credit_labels"))
        return re.compile(
            rf"^(?:{titles}\s?[^\s。！？，,／/]{{2,4}}\s?[／/]\s?[^\s。！？，,]{{1,10}}"
            rf"|[（(][^\s（()）。]{{0,4}}{titles}[^）)。]{{2,24}}[）)]"
            rf"|{labels}\s*[：:／/｜|]\s*[^\s。！？，,]{{1,12}})$")

    @functools.cached_property
    def titled_byline(self) -> re.Pattern:
        """A name and a reporter's title: "Jane Doe, Staff Reporter", "홍길동 기자"."""
        titles = lang.alternation(lang.every("reporter_titles"))
        return re.compile(rf"^(?P<who>[^\W\d_][\w .'’-]{{0,40}}?),?\s?{titles}[.。]?"
                          rf"(?:\s+[\w.+-]{{1,64}}@[\w-]{{1,63}}\.[\w.]{{2,20}})?$", re.I)

    @functools.cached_property
    def name_words(self) -> frozenset[str]:
        """Small words inside bylines' names, and reporters' titles ("and", "de", "reporter")."""
        titles = {w for t in lang.every("reporter_titles") for w in t.casefold().split()}
        return lang.every_word("name_words") | titles

    @functools.cached_property
    def generated(self) -> lang.Lowered:
        return lang.Lowered(rf"^{lang.alternation(lang.every('generated'))}")

    @functools.cached_property
    def ai_summary(self) -> lang.Lowered:
        return lang.Lowered(lang.alternation(lang.every("ai_summary")))

    @functools.cached_property
    def disclaimer(self) -> lang.Lowered:
        """A disclaimer's heading and colon, or a disclaimer sentence's opening words."""
        heading = lang.alternation(lang.every("disclaimers"))
        return lang.Lowered(rf"^(?:{heading}[^:：.]{{0,50}}[:：]|{lang.alternation(lang.every('disclaimer_openings'))})")

    @functools.cached_property
    def notice(self) -> lang.Lowered:
        """Paywall, browser, cookie and JavaScript notices, wherever they stand in a short line."""
        return lang.Lowered(lang.alternation(lang.every("notices")))

    @functools.cached_property
    def label(self) -> lang.Lowered:
        """A whole line that is one furniture label ("Share", "Imprimer", "12 comments")."""
        return lang.Lowered(rf"{lang.alternation(lang.every('labels'))}[\s:：.…»>›]*")

    @functools.cached_property
    def opening(self) -> lang.Lowered:
        return lang.Lowered(rf"^{lang.alternation(lang.every('line_openings'))}")

    @functools.cached_property
    def read_time(self) -> lang.Lowered:
        return lang.Lowered(lang.alternation(lang.every("read_time")))

    @functools.cached_property
    def caption_start(self) -> lang.Lowered:
        """"▲ …", "Photo: …", "写真／…"."""
        return lang.Lowered(rf"^(?:[▲△▼▽]|{lang.alternation(lang.every('caption_labels'))}\s*[:：/／|])")

    @functools.cached_property
    def caption_end(self) -> lang.Lowered:
        """A credit closing a caption: "(Photo: Jane Doe)", "/ AFP", "=山田太郎撮影", "（圖／翻攝網路）"."""
        labels = lang.alternation(lang.every("caption_labels"))
        credits = lang.alternation(lang.every("caption_credits"))
        return lang.Lowered(
            rf"(?:[（(]\s*{labels}[^()（）]{{0,80}}[）)]"
            rf"|(?:[/|©=＝／]|{labels}\s*[:：])\s*[^/|©=＝／]{{0,50}}{credits}\)?)\s*$")

    @functools.cached_property
    def comments(self) -> lang.Lowered:
        """A comment box's header ("Comments (12)") or an empty box's line."""
        header = lang.alternation(lang.every("comments"))
        empty = lang.alternation(lang.every("no_comments"))
        return lang.Lowered(rf"{header}(?:\s*[(（]\d+[)）])?\s*[:：]?|{empty}\W*")

    @functools.cached_property
    def reference_header(self) -> lang.Lowered:
        return lang.Lowered(rf"{lang.alternation(lang.every('reference_labels'))}\s*[:：]?")

    @functools.cached_property
    def time(self) -> re.Pattern:
        """A clock time with its words and zone ("10:30 a.m. ET", "14 Uhr", "9時30分")."""
        words = lang.alternation(lang.every("time_words"))
        return re.compile(
            r"(?<!\d)\d{1,2}(?:[:h]\d{2}|h(?![^\W\d_])|\s*[ap]\.?m\.?)(?:\s*[ap]\.?\s?m\.?)?"
            rf"(?:\s*{words})?"
            r"(?:\s*\(?(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|HKT|SGT|KST|AEST|AEDT)"
            r"(?:[+-]\d{1,2})?\)?)?(?![A-Za-z])|\d{1,2}時\d{1,2}分|(?<![A-Za-z])(?:ET|GMT|UTC|CET|CEST|JST)(?![A-Za-z])",
            re.I)

    @functools.cached_property
    def clause_break(self) -> re.Pattern:
        """Where a long generated title may be cut: a comma or dash, or before a clause's first word."""
        words = "|".join(re.escape(w) for w in sorted(lang.every_word("clause_words"), key=len, reverse=True))
        return re.compile(rf"\s*[,;:—–]\s+|\s+(?=(?:{words or '(?!)'})\s)", re.I)

    @functools.cached_property
    def weak_endings(self) -> frozenset[str]:
        return lang.every_word("weak_endings")

    @functools.cached_property
    def newsroom(self) -> frozenset[str]:
        return lang.every_word("newsroom_words")


def _is_cased(text: str) -> bool:
    """True when `text` starts with a letter of a cased script (Latin, Greek, Cyrillic)."""
    return text[:1].lower() != text[:1].upper()


_RULES = _Rules()

# --------------------------------------------------------------------------- captions, references
_POST_SIGNATURE = re.compile(r"^[—–-]\s?[^()]{1,60}\(@\w{1,30}\)\s.{0,40}\d$")
"""The signature line of an embedded post: "— Name (@handle) date"."""
_POINTER = re.compile(r"^\s?[👉☞]")
"""A pointing hand opening a line without a full stop: a link to another story."""
_PIPE_CREDIT = re.compile(r"^(?P<caption>[^|]{15,250}?)\s+\|\s+(?P<credit>[^|.!?。]{1,30})$")
_REF_ITEM = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[-•*·])\s*")
_URL = re.compile(r"https?://[^\s<>\"'\[\]{}|\\^`（）「」《》]+", re.I)
_URL_LINE = re.compile(r"^<?https?://\S+?>?$", re.I)
_URL_TAIL = ".,;:!?)’”'\""

# --------------------------------------------------------------------------- inline residue
# Why bounded, possessive words: in a long token without spaces every capital is a start, and an
# unbounded word scan from each would be quadratic; no real title word is over 60 characters.
_GLUED_LINK_TITLE = re.compile(
    r"(?<=[a-z]{3})(?P<title>(?:\d{4}:\s)?[A-Z0-9][^\s\[\]]{0,60}+(?:\s[^\s\[\]]{1,60}+){3,14})"
    r"(?P<cite>\[\d{1,3}\])")

# --------------------------------------------------------------------------- dates and times
_META_MAX_WORDS = 4

# --------------------------------------------------------------------------- header labels
_BREADCRUMB_SPLIT = re.compile(r"\s*[›>»/|→]\s*")
_BREADCRUMB_HEAD = re.compile(r"^(?P<first>[^›>»→|/]{1,30}?)\s*[›>»→]\s*(?:[^›>»→|/]{1,30}?\s*[›>»→]\s*){0,3}")
_DATELINE = re.compile(r"^[^\W\d_][\w .'’-]{1,40}?\s*[|·—–]$")
_OUTLET_SUFFIX = re.compile(r"^(?P<title>.{10,}?)(?:\s+\||\s?｜|(?<=[\u3000-\u9fff])\|)\s*(?P<outlet>[^|｜]{2,40})$")

# --------------------------------------------------------------------------- generated titles
_CJK_CLAUSE = re.compile(r"[、，,；;：:]")

# --------------------------------------------------------------------------- repeats
_SHINGLE = 3
_NEAR_DUPLICATE = 0.6
"""Share of a paragraph's word 3-grams found in one longer paragraph that makes it a repeat."""
_POSTINGS_CAP = 30
_TEASER_MAX = 200
_TEASER_SPAN = 3
"""A teaser's two lines (image text, link text) stand within this many lines of each other."""


# =========================================================================== working state
@dataclass
class _Line:
    """One paragraph line while cleaning; `pos` orders what gets removed."""

    pos: tuple[int, int]
    text: str
    kept: bool = True
    kind: str = ""


@dataclass
class _Work:
    """The scratch state of one `clean()` call."""

    lines: list[_Line]
    removed: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    title: str = ""
    title_method: str = ""
    published: date | None = None
    source: str | None = None
    references: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    tickers: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    language: str = "und"
    date_method: str = ""
    why: dict[tuple[int, int], str] = field(default_factory=dict)
    """Why each removed line or span went, by position ('byline', 'model 0.93: short_head, phrase')."""

    def kept(self) -> list[_Line]:
        return [line for line in self.lines if line.kept]

    def drop(self, line: _Line, kind: str) -> None:
        """Take `line` out of the body and record it as removed."""
        line.kept, line.kind = False, kind
        self.removed.append((line.pos, line.text))
        self.why.setdefault(line.pos, kind)

    def cut(self, line: _Line, start: int, end: int) -> None:
        """Remove `line.text[start:end]` and record the span as removed."""
        self.cut_all(line, [(start, end)])

    def cut_all(self, line: _Line, spans: list[tuple[int, int]]) -> None:
        """Remove non-overlapping, ordered spans of `line.text` in one pass; record each."""
        if not spans:
            return
        pieces, at = [], 0
        for start, end in spans:
            at_pos = (line.pos[0], line.pos[1] + start)
            self.removed.append((at_pos, line.text[start:end].strip()))
            self.why.setdefault(at_pos, line.kind or "inline")
            pieces.append(line.text[at:start])
            at = end
        pieces.append(line.text[at:])
        line.text = _SPACES.sub(" ", "".join(pieces)).strip()
        if not line.text:
            line.kept, line.kind = False, "empty"

    def set_date(self, day: date | None, method: str = "header") -> None:
        if day is not None and self.published is None:
            self.published, self.date_method = day, method

    def set_source(self, name: str | None) -> None:
        if name and self.source is None:
            self.source = name


# =========================================================================== entry point
def clean(article: Article, model: logit.Model | None = None) -> Article:
    """Strip boilerplate from `raw_text`; set body, removed, title, date, source, references, tickers."""
    head, middle, tail = window.split_raw(_NEWLINES.sub("\n", article.raw_text))
    if middle:
        log.warning("%s: %d KB of text; boilerplate looked for in its first %d KB and last %d KB only",
                    article.source_path, len(article.raw_text) // 1000, len(head) // 1000, len(tail) // 1000)
        article = article.replace(raw_text=head + ("" if head.endswith("\n") else "\n") + tail)
    work = _prepare(article)
    _find_title(work, article.title, article.title_method)
    _classify_lines(work, model or boilerplate.default_model())
    _drop_foreign_edges(work)
    if not work.title:
        _generate_title(work)
    _find_published(work)
    _collect_tickers(work)
    _collect_urls(work, article.url)
    head_lines = head.count("\n") + (not head.endswith("\n"))
    body = _body(work, head_lines, _middle_paragraphs(work, middle, head_lines))
    log.debug("%s: kept %d lines, removed %d", article.source_path, body.count("\n\n") + 1,
              len(work.removed))
    removed = [(pos, text) for pos, text in sorted(work.removed, key=lambda r: r[0]) if text]
    return article.replace(
        body=body,
        removed=tuple(text for _, text in removed),
        removed_why=tuple(work.why.get(pos, "") for pos, _ in removed),
        title=work.title,
        title_method=work.title_method,
        published=work.published,
        date_method=work.date_method if work.published else "",
        source=work.source,
        references=_unique(work.references),
        tickers=_unique(work.tickers),
    )


def _body(work: _Work, head_lines: int, middle: list[str]) -> str:
    """The kept lines as paragraphs, with a long input's middle (see `window`) between head and tail."""
    lines = work.kept()
    kept = [line.text for line in lines]
    if not middle:
        return "\n\n".join(kept)
    in_head = sum(1 for line in lines if line.pos[0] < head_lines)
    return "\n\n".join(kept[:in_head] + middle + kept[in_head:])


def _middle_paragraphs(work: _Work, middle: str, head_lines: int) -> list[str]:
    """A long input's middle as paragraphs, by whole-text passes: controls and glued ticker chips
    out (recorded as removed), spaces collapsed, hard-wrapped lines joined."""
    if not middle:
        return []
    chips = [m.group() for m in _TICKER_GLUED.finditer(middle)]
    for k, chip in enumerate(chips):
        at = (head_lines - 0.5, k)  # Why: removed lines are reported in input order, head < middle < tail
        work.removed.append((at, chip))
        work.why[at] = "ticker"
    text = _SPACES.sub(" ", _INVISIBLE.sub("", _TICKER_GLUED.sub("", middle) if chips else middle))
    text = _WRAPPED_LINE.sub(r"\1 ", text)
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]


def title_work(article: Article) -> _Work:
    """The working state at the moment the headline is chosen (for fitting the headline model)."""
    return _prepare(article)


def line_features(article: Article) -> list[tuple[str, dict[str, float]]]:
    """(text, features) of each line the rules keep, as the model sees them (for fitting)."""
    work = _prepare(article)
    _find_title(work, article.title, article.title_method)
    kept = work.kept()
    ctx = boilerplate.context([line.text for line in kept], work.language)
    return [(line.text, boilerplate.features(ctx, i)) for i, line in enumerate(kept)]


def _prepare(article: Article) -> _Work:
    """Lines, the story's language, and every rule-based step up to the title."""
    work = _Work(_split_lines(article.raw_text))
    work.published, work.source, work.date_method = article.published, article.source, article.date_method
    work.language = _vote_language(work.lines)
    _strip_page_marker(work)
    _drop_boilerplate_lines(work)
    _drop_ai_summaries(work)
    _drop_disclaimer_runs(work)
    _take_references(work)
    _strip_inline_residue(work)
    _split_flattened_outlines(work)
    _read_header(work)
    _drop_header_labels(work)
    _drop_datelines(work)
    _drop_credit_captions(work)
    _drop_social_embeds(work)
    _drop_repeats(work)
    return work


def _vote_language(lines: list[_Line]) -> str:
    """The language most lines are in: month names, stop words and phrases depend on it."""
    language, _ = detect.vote([line.text for line in _sample(lines)])
    return language


# =========================================================================== 1. lines
def _split_lines(raw: str) -> list[_Line]:
    """Normalised non-empty lines; hard-wrapped lines of one paragraph joined."""
    # Why: every rule below works on clean lines, whatever the input's newlines and controls.
    text = _INVISIBLE.sub("", _NEWLINES.sub("\n", raw))
    lines = []
    for number, raw_line in enumerate(text.split("\n")):
        line = _SPACES.sub(" ", raw_line).strip()
        if line:
            lines.append(_Line((number, 0), line))
    return _join_wrapped(lines)


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Join a line to the previous one when the text was hard-wrapped mid-sentence."""
    joined: list[list[str]] = []
    heads: list[_Line] = []
    previous: _Line | None = None
    for line in lines:
        # Why these tests: a wrapped line is medium length, has no sentence end, and the
        # next line, with no blank between, continues in lowercase.
        if (previous and line.pos[0] == previous.pos[0] + 1 and 40 <= len(previous.text) <= 100
                and previous.text[-1] not in _TERMINAL + ":;\"”»)]" and line.text[0].islower()):
            joined[-1].append(line.text)
        else:
            joined.append([line.text])
            heads.append(line)
        previous = line
    for head, parts in zip(heads, joined, strict=True):
        head.text = " ".join(parts)
    return heads


# =========================================================================== 2. page marker
def _strip_page_marker(work: _Work) -> None:
    """The page store's " date 2026-03-02 " prefix: take the date, drop the marker."""
    for line in work.lines[:3]:
        match = _PAGE_MARKER.match(line.text)
        if match:
            work.set_date(dates.make(match[1], match[2], match[3]), "page-marker")
            work.cut(line, 0, match.end())
            return


# =========================================================================== 3. boilerplate lines
def _drop_boilerplate_lines(work: _Work) -> None:
    """Drop the lines that are boilerplate on their own (no context needed)."""
    for line in work.lines:
        if not line.kept:
            continue
        kind = _line_kind(line.text)
        if kind is None:
            continue
        if kind == "ticker":
            work.tickers += [(line.pos, s) for s in _TICKER_SYMBOL.findall(line.text)]
        elif kind == "byline":
            work.set_source(_byline_outlet(line.text))
        elif kind == "furniture":
            # Why: "Source: https://..." names a reference even though the line goes.
            work.references += [(line.pos, u.rstrip(_URL_TAIL)) for u in _URL.findall(line.text)]
        work.drop(line, kind)


def _line_kind(text: str) -> str | None:
    """Why `text` is boilerplate on its own ('byline', 'ticker', ...), or None."""
    # Why first: disclaimers can be long, but they are recognised by their opening words.
    if _RULES.disclaimer.match(text):
        return "disclaimer"
    if len(text) > _SHORT_LINE:
        return None
    checks = (
        ("ticker", _TICKER_LINE.match),
        ("byline", _is_byline),
        ("generated", _RULES.generated.match),
        ("paywall", _RULES.notice.search),
        ("furniture", lambda t: _RULES.label.fullmatch(t) or _RULES.opening.match(t)),
        ("link", lambda t: _POINTER.match(t) and not _SENTENCE_END_AT.search(t)),
        ("comments", _RULES.comments.fullmatch),
        ("caption", lambda t: _RULES.caption_start.match(t) or _RULES.caption_end.search(t)),
    )
    for kind, check in checks:
        if check(text):
            return kind
    return None


def _is_byline(text: str) -> bool:
    """"By Jane Doe", "Por Ainvest", "PorAinvest", "記者王小明／台北報導"."""
    if _RULES.glued_byline.match(text) or _RULES.cjk_byline.match(text):
        return True
    match = _RULES.byline.match(text)
    if match and _looks_like_names(match["who"]):
        return True
    # Why a short line only: "Jane Doe, Staff Reporter" and "홍길동 기자" name a reporter; a longer
    # line ending in a title is a sentence about one.
    match = len(text) <= 60 and _RULES.titled_byline.match(text)
    return bool(match) and len(match["who"].split()) <= 4 and _looks_like_names(match["who"], uncased=True)


def _looks_like_names(who: str, uncased: bool = False) -> bool:
    """True for 'Jane Doe', 'Jane Doe and John Roe, Reuters'; false for a sentence.

    With `uncased`, a short word of a script without case ("홍길동") counts as a name too."""
    words = re.split(r"[\s,|·&/]+", who.strip())
    words = [w for w in words if w]
    if not words or len(words) > 10 or len(who) > 80 or who.rstrip()[-1] in "!?:;":
        return False
    for word in words:
        # Why the generic words: "Par la rédaction", "Von Redaktion" name the newsroom, not a person.
        if word.lower() in _RULES.name_words or word.lower() in _RULES.newsroom:
            continue
        if not (word[0].isupper() or word[0] == "@" or uncased and _CJK.match(word) and len(word) <= 4):
            return False
    return True


def _byline_outlet(text: str) -> str | None:
    """The outlet named by a one-word byline ("PorAinvest" -> "Ainvest"), else None."""
    match = _RULES.glued_byline.match(text) or _RULES.byline.match(text)
    if not match:
        return None
    who = match["who"].strip().rstrip(".")
    # Why one word only: "By Jane Doe" names a reporter, not the outlet.
    if " " in who or who.lower() in _RULES.newsroom or not who[:1].isupper():
        return None
    return who


# =========================================================================== 4. blocks
def _drop_ai_summaries(work: _Work) -> None:
    """An "Aime Summary" header and the generated bullet list under it."""
    in_summary = False
    for line in work.lines:
        if not line.kept:
            continue
        if len(line.text) <= 60 and _RULES.ai_summary.match(line.text):
            work.drop(line, "ai-summary")
            in_summary = True
        elif in_summary and _BULLET.match(line.text):
            work.drop(line, "ai-summary")
        else:
            in_summary = False


def _drop_disclaimer_runs(work: _Work) -> None:
    """Lines sandwiched between two disclaimers of the closing block belong to the block."""
    lines = work.lines
    marks = [i for i, line in enumerate(lines) if line.kind == "disclaimer"]
    if len(marks) < 2:
        return
    # Why these bounds: a disclaimer continues over a line or two at the end of a page,
    # after the story; a story line between two stray disclaimers is still story.
    first_story = next((i for i, line in enumerate(lines) if line.kept and _is_body_like(line.text)), len(lines))
    last_kept = max((i for i, line in enumerate(lines) if line.kept), default=-1)
    # Why from the end: the closing block grows backwards, one disclaimer at a time.
    for start, end in reversed(list(zip(marks, marks[1:], strict=False))):
        if end - start <= 4 and first_story < start and last_kept < end:
            for line in lines[start + 1:end]:
                if line.kept:
                    work.drop(line, "disclaimer")
            last_kept = start - 1


def _take_references(work: _Work) -> None:
    """Reference lists ("References:" + "[1] https://...") and bare URL lines -> references."""
    kept = work.kept()
    i = 0
    while i < len(kept):
        line = kept[i]
        if len(line.text) <= 40 and _RULES.reference_header.fullmatch(line.text):
            items = _reference_items(kept, i + 1)
            if items:
                work.drop(line, "references")
                for item in items:
                    _take_reference_line(work, item)
                i += len(items) + 1
                continue
        if _is_reference_line(line.text):
            _take_reference_line(work, line)
        i += 1


def _reference_items(kept: list[_Line], start: int) -> list[_Line]:
    """The run of reference items from `start` on."""
    items = []
    for line in kept[start:]:
        if not (_is_reference_line(line.text) or _REF_ITEM.match(line.text) and len(line.text) <= _SHORT_LINE
                and _URL.search(line.text)):
            break
        items.append(line)
    return items


def _is_reference_line(text: str) -> bool:
    """"[3] https://..." or a bare URL on its own line."""
    if len(text) > 600:
        return False
    rest = _REF_ITEM.sub("", text, count=1) if text.startswith("[") else text
    return bool(_URL_LINE.match(rest))


def _take_reference_line(work: _Work, line: _Line) -> None:
    """Record a reference line's URLs and drop the line."""
    for url in _URL.findall(line.text):
        work.references.append((line.pos, url.rstrip(_URL_TAIL)))
    work.drop(line, "references")


# =========================================================================== 5. inline
def _strip_inline_residue(work: _Work) -> None:
    """Ticker chips glued into words ("AmazonAMZN-- Web") and glued link titles."""
    titles: list[str] = []
    for line in work.kept():
        chips = list(_TICKER_GLUED.finditer(line.text))
        work.tickers += [(line.pos, m[1]) for m in chips]
        work.cut_all(line, [m.span() for m in chips])
        glued = [m for m in _GLUED_LINK_TITLE.finditer(line.text) if _is_link_title(m["title"])]
        titles += [m["title"] for m in glued]
        work.cut_all(line, [(m.start(), m.start("cite")) for m in glued])
    # Why a cap: a page repeats a few link titles; thousands would be no link titles at all.
    for title in list(dict.fromkeys(titles))[:20]:
        _strip_repeated_link_title(work, title)


def _is_link_title(text: str) -> bool:
    """A link's title glued into the sentence: Title Case, and a year or colon, or long."""
    words = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    shaped = text[:1].isdigit() or ":" in text or len(text.split()) >= 6
    return shaped and len(words) >= 2 and capitalised >= 0.6 * len(words)


def _strip_repeated_link_title(work: _Work, title: str) -> None:
    """The same link title glued elsewhere, even cut off at the end of a truncated page."""
    kept = work.kept()
    for line in kept:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(title), line.text)
                 if m.start() > 0 and line.text[m.start() - 1].islower()]
        work.cut_all(line, spans)
    # Why only the last line: the page store cut the text mid-title ("...12 Largest Hyperscaler").
    last = kept[-1] if kept else None
    for size in range(len(title) - 1, 19, -1):
        if last and last.kept and last.text.endswith(title[:size]) and last.text[-size - 1:-size].islower():
            work.cut(last, len(last.text) - size, len(last.text))
            break


# =========================================================================== 6. header
def _read_header(work: _Work) -> None:
    """Date, read-time and outlet lines above the story -> published, source; lines dropped."""
    for line in _header(work):
        meta = _parse_meta_line(line.text, work.language)
        if meta is not None:
            day, outlet = meta
            work.set_date(day)
            work.set_source(outlet)
            work.drop(line, "meta")


def _header(work: _Work) -> list[_Line]:
    """The kept lines above the first body paragraph (at most `_HEADER_LINES`)."""
    header = []
    for line in work.kept()[:_HEADER_LINES]:
        if _is_body_like(line.text):
            break
        header.append(line)
    return header


def _is_body_like(text: str) -> bool:
    """A paragraph of story, not a header line: long, or several sentences."""
    limit = 60 if _is_cjk_text(text) else 150
    return len(text) >= limit or (len(text) >= 60 and len(split_sentences(text)) >= 2)


def _parse_meta_line(text: str, language: str = "und") -> tuple[date | None, str | None] | None:
    """(date, outlet) if `text` is a date/read-time line with little else, else None."""
    if len(text) > 120:
        return None
    plain = unicodedata.normalize("NFKC", text)
    found = dates.first(plain, language)
    day, span = (found.day, (found.start, found.end)) if found else (None, None)
    rest = plain if span is None else plain[:span[0]] + " " + plain[span[1]:]
    rest, read_times = _RULES.read_time.subn(" ", rest)
    if day is None and not read_times:
        return None
    rest = lang.date_line_words().sub(" ", _RULES.time.sub(" ", rest))
    words = _LETTER_WORD.findall(rest)
    if not words:
        return day, None
    # Why: "By Jane Doe | March 3, 2025" is a byline with a date; the reporter is no outlet.
    byline = _RULES.byline.match(rest.strip(" |·•,–—-"))
    if byline and _looks_like_names(byline["who"]):
        return day, None
    # Why only a name may be left: "Apple event: September 9, 2025" is a headline, not metadata.
    outlet = _outlet_name(words, rest)
    return (day, outlet) if outlet and len(words) <= _META_MAX_WORDS else None


def _outlet_name(words: list[str], rest: str) -> str | None:
    """The leftover words of a metadata line, when they read as a name ("Fast Company")."""
    if not words or re.search(r"\d", rest):
        return None
    if all(w[0].isupper() or _CJK.match(w) for w in words):
        return " ".join(words)
    return None


def _drop_header_labels(work: _Work) -> None:
    """Breadcrumbs and section labels above the headline ("Economía", "國際 新聞")."""
    kept = work.kept()[:_HEADER_LINES]
    for i, line in enumerate(kept):
        if _is_breadcrumb(line.text):
            work.drop(line, "breadcrumb")
            continue
        _cut_breadcrumb_prefix(work, line)
        after = kept[i + 1] if i + 1 < len(kept) else None
        # Why both tests: a one-to-three-word line is a label only when a headline follows.
        if (after and _is_section_label(line.text) and not _is_section_label(after.text)
                and _headline_shape(after.text)):
            work.drop(line, "section")
            continue
        break


def _cut_breadcrumb_prefix(work: _Work, line: _Line) -> None:
    """"Home » Tech » Headline": the trail glued before a headline goes when it starts at a
    furniture label ("Home", "Accueil", "首页") and a headline of several words follows."""
    match = _BREADCRUMB_HEAD.match(line.text)
    if not match or not _RULES.label.fullmatch(match["first"].strip()):
        return
    rest = line.text[match.end():]
    if len(rest.split()) >= 3 or _is_cjk_text(rest) and len(rest) >= 8:
        work.cut(line, 0, match.end())
        # Why: the removed trail is its labels ("Accueil"), not the arrows between them.
        pos, trail = work.removed[-1]
        work.removed[-1] = (pos, trail.rstrip(" ›>»→"))


def _is_section_label(text: str) -> bool:
    """A short kicker: one to three words, no digits, no punctuation."""
    if re.search(r"[\d.!?,;:。！？，、]", text):
        return False
    if _is_cjk_text(text):
        return len(text) <= 6
    return len(text) <= 30 and 1 <= len(text.split()) <= 3


def _is_breadcrumb(text: str) -> bool:
    """"Home > Tech > AI", or short CJK section names separated by spaces."""
    if len(text) > 80 or re.search(r"[.!?。！？，、]", text):
        return False
    parts = [p for p in _BREADCRUMB_SPLIT.split(text) if p]
    # Why three parts for | and /: "Short headline | Outlet" has two.
    needed = 2 if re.search(r"[›>»→]", text) else 3
    if len(parts) >= needed and all(len(p.split()) <= 3 for p in parts):
        return True
    tokens = text.split()
    return len(tokens) >= 2 and all(_is_cjk_text(t) and len(t) <= 6 for t in tokens)


def _drop_datelines(work: _Work) -> None:
    """"Zaragoza |" dateline fragments, and the outlet/author line right above one."""
    kept = work.kept()
    for i, line in enumerate(kept):
        if not (len(line.text) <= 45 and _DATELINE.match(line.text)):
            continue
        work.drop(line, "dateline")
        prev = kept[i - 1] if i >= 2 else None
        if prev and prev.kept and _is_short_name(prev.text):
            work.set_source(prev.text)
            work.drop(prev, "outlet")


def _drop_credit_captions(work: _Work) -> None:
    """"Caption text | Credit" lines; the first line is spared ("Headline | Outlet")."""
    for line in work.kept()[1:]:
        match = len(line.text) <= _SHORT_LINE and _PIPE_CREDIT.match(line.text)
        if (match and match["caption"].rstrip()[-1] not in _TERMINAL
                and len(match["credit"].split()) <= 4):
            work.drop(line, "caption")


def _drop_social_embeds(work: _Work) -> None:
    """An embedded social post: its signature ("— Jane Doe (@jane) May 1, 2025") and the post above it."""
    kept = work.kept()
    for i, line in enumerate(kept):
        if len(line.text) > 120 or not _POST_SIGNATURE.match(line.text):
            continue
        work.drop(line, "social")
        # Why one line of at most 300 characters: a post is that short; a story paragraph is not one.
        if i > 0 and kept[i - 1].kept and len(kept[i - 1].text) <= 300:
            work.drop(kept[i - 1], "social")


def _is_short_name(text: str) -> bool:
    """"Onda Cero Aragón": up to four capitalised words, no digits or punctuation."""
    words = text.split()
    return (1 <= len(words) <= 4 and not re.search(r"[\d.!?,;:]", text)
            and all(w[0].isupper() or w.lower() in _RULES.name_words for w in words))


# ------------------------------------------------------------------ flattened outlines
# Why a lookbehind and possessive runs: a long run of spaces (U+3000) is scanned once, not once per character.
_OUTLINE_DASH = re.compile(r"(?<!\s)\s++[-–•]\s++")
_CITED_END = re.compile(r"(?:\[\d{1,3}\])+\s*$|[.!?…。！？][\"'”’»)]*\s*$")
_TRAILING_HEADING = re.compile(r"^(?P<bullet>.*(?:\[\d{1,3}\]|[.!?…][\"'”’»)]*))\s+(?P<heading>[A-Z][^.!?\[\]]{2,60})$")
_OUTLINE_MIN_BULLETS = 3
_HEADING_MAX_WORDS = 6


def _split_flattened_outlines(work: _Work) -> None:
    """A bulleted summary pasted as one line ("Heading - point [1] - point [2] Heading - …"): one
    paragraph per point and per heading, so the summariser and readers see separate points."""
    new_lines: list[_Line] = []
    for line in work.lines:
        parts = _outline_parts(line.text) if line.kept else None
        if not parts:
            new_lines.append(line)
            continue
        for offset, text, kind in parts:
            new_lines.append(_Line((line.pos[0], line.pos[1] + offset), text, kind=kind))
    work.lines = new_lines


def _outline_parts(text: str) -> list[tuple[int, str, str]] | None:
    """(offset, text, kind) of each heading and point of a flattened outline, or None for prose."""
    cuts = list(_OUTLINE_DASH.finditer(text))
    if len(cuts) < _OUTLINE_MIN_BULLETS:
        return None
    pieces, start = [], 0
    for cut in cuts:
        pieces.append((start, text[start:cut.start()]))
        start = cut.end()
    pieces.append((start, text[start:]))
    # Why: prose uses " - " as a dash too; an outline's points end with a citation or a full stop.
    ended = sum(1 for _, piece in pieces[1:] if _CITED_END.search(piece) or _TRAILING_HEADING.match(piece))
    if ended < 0.75 * (len(pieces) - 1):
        return None
    first_offset, first = pieces[0]
    heading = len(first.split()) <= _HEADING_MAX_WORDS and not _CITED_END.search(first)
    parts: list[tuple[int, str, str]] = [(first_offset, first.strip(), "heading" if heading else "point")]
    for offset, piece in pieces[1:]:
        match = _TRAILING_HEADING.match(piece)
        if match and len(match["heading"].split()) <= _HEADING_MAX_WORDS:
            parts.append((offset, match["bullet"].strip(), "point"))
            parts.append((offset + match.start("heading"), match["heading"].strip(), "heading"))
        else:
            parts.append((offset, piece.strip(), "point"))
    return [part for part in parts if part[1]]


# =========================================================================== 7. repeats
def _drop_repeats(work: _Work) -> None:
    """Paragraphs printed twice, and captions or pull quotes that repeat story text."""
    _split_glued_copies(work)
    _drop_exact_copies(work)
    _drop_teaser_pairs(work)
    _drop_caption_prefixes(work)
    _drop_repeated_sentences(work)
    _drop_near_copies(work)


def _split_glued_copies(work: _Work) -> None:
    """A paragraph that starts or ends with another whole paragraph was glued to a copy: split."""
    kept = work.kept()
    by_head: dict[str, _Line] = {}
    by_tail: dict[str, _Line] = {}
    for line in kept:
        if len(line.text) >= 80:
            key = _norm(line.text)
            for index, part in ((by_head, key[:60]), (by_tail, key[-60:])):
                if part not in index or len(line.text) < len(index[part].text):
                    index[part] = line
    added: dict[int, _Line] = {}
    for line in kept:
        key = _norm(line.text)
        other = by_tail.get(key[-60:])
        if other is not None and other is not line and line.text.endswith(other.text):
            tail = _split_line(line, len(line.text) - len(other.text))
        else:
            other = by_head.get(key[:60])
            ok = other is not None and other is not line and line.text.startswith(other.text)
            tail = _split_line(line, len(other.text)) if ok else None
        if tail is not None:
            added[id(line)] = tail
    if added:
        work.lines = [part for line in work.lines for part in (line, added.get(id(line))) if part]


def _split_line(line: _Line, at: int) -> _Line | None:
    """Cut `line` at character `at` if a sentence ends there; return the second part."""
    head, tail = line.text[:at].strip(), line.text[at:].strip()
    # Why: a caption is also a prefix of its paragraph, but it stops mid-sentence.
    if not head or not tail or not _SENTENCE_END_AT.search(head) or not (tail[0].isupper() or _CJK.match(tail)):
        return None
    line.text = head
    return _Line((line.pos[0], line.pos[1] + at), tail)


def _drop_exact_copies(work: _Work) -> None:
    """Keep the last copy of a repeated paragraph: earlier copies are teasers or previews."""
    last: dict[str, _Line] = {}
    kept = work.kept()
    for line in kept:
        key = _norm(line.text)
        if len(key) >= 10:
            last[key] = line
    for line in kept:
        key = _norm(line.text)
        if len(key) >= 10 and last[key] is not line:
            work.drop(line, "duplicate")


def _drop_teaser_pairs(work: _Work) -> None:
    """Two nearby headline-shaped lines below the lead, one inside the other ("Kicker Headline" and
    "Headline"): a teaser for another story, printed as image text and as link text."""
    kept = work.kept()
    first_body = next((i for i, line in enumerate(kept) if _is_body_like(line.text)), len(kept))
    keys = [_norm(line.text) if len(line.text) <= _TEASER_MAX and _headline_shape(line.text) else ""
            for line in kept]
    for i in range(first_body + 1, len(kept)):
        for j in range(i + 1, min(len(kept), i + 1 + _TEASER_SPAN)):
            a, b = keys[i], keys[j]
            if len(a) >= 20 and len(b) >= 20 and a != b and (a in b or b in a):
                for line in (kept[i], kept[j]):
                    if line.kept:
                        work.drop(line, "teaser")


def _drop_caption_prefixes(work: _Work) -> None:
    """A short line that a later paragraph (not the next one) starts with is a caption."""
    kept = work.kept()
    starts: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(kept):
        starts[_norm(line.text)[:16]].append(i)
    for i, line in enumerate(kept):
        key = _norm(line.text)
        if len(line.text) > _SHORT_LINE or len(key) < 16:
            continue
        for j in starts[key[:16]][:_POSTINGS_CAP]:
            later = _norm(kept[j].text)
            if j > i + 1 and len(later) > len(key) and later.startswith(key):
                work.drop(line, "caption")
                break
    _drop_uncredited_captions(work)


def _drop_uncredited_captions(work: _Work) -> None:
    """A line that a removed "caption | credit" line starts with is the same caption without its credit."""
    captions = [_norm(line.text) for line in work.lines if line.kind == "caption" and not line.kept][:_POSTINGS_CAP]
    if not captions:
        return
    for line in work.kept():
        key = _norm(line.text)
        if len(key) >= 16 and len(line.text) <= _SHORT_LINE and any(c != key and c.startswith(key) for c in captions):
            work.drop(line, "caption")


def _drop_repeated_sentences(work: _Work) -> None:
    """A short line equal to one sentence of a longer paragraph is a caption or pull quote."""
    kept = work.kept()
    owner: dict[str, int] = {}
    for i, line in enumerate(kept):
        sentences = split_sentences(line.text)
        if len(sentences) >= 2:
            for sentence in sentences:
                owner.setdefault(_norm(sentence), i)
    for i, line in enumerate(kept):
        key = _norm(line.text)
        if len(line.text) <= _SHORT_LINE and len(key) >= 20 and owner.get(key, i) != i:
            work.drop(line, "caption")


def _drop_near_copies(work: _Work) -> None:
    """A paragraph mostly contained in one longer paragraph (a summary, a reworded lead)."""
    kept = work.kept()
    shingles = [_shingles(line.text) for line in kept]
    postings: dict[int, list[int]] = defaultdict(list)
    for i, grams in enumerate(shingles):
        for gram in grams:
            if len(postings[gram]) < _POSTINGS_CAP:
                postings[gram].append(i)
    for i, grams in enumerate(shingles):
        # Why skip headline-shaped lines: a headline often rewords the lead; keep it for the title.
        if len(grams) < 8 or _headline_shape(kept[i].text):
            continue
        shared: dict[int, int] = defaultdict(int)
        for gram in grams:
            for j in postings[gram]:
                if j != i and kept[j].kept and _longer(kept[j], kept[i], j > i):
                    shared[j] += 1
        if shared and max(shared.values()) >= _NEAR_DUPLICATE * len(grams):
            work.drop(kept[i], "near-duplicate")


def _longer(other: _Line, line: _Line, later: bool) -> bool:
    """Which of two near-copies survives: the longer one, or the later of two equals."""
    return len(other.text) > len(line.text) or (len(other.text) == len(line.text) and later)


def _shingles(text: str) -> set[int]:
    """Hashes of the word 3-grams of `text` (CJK characters count as words)."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    return {hash(tuple(tokens[k:k + _SHINGLE])) for k in range(len(tokens) - _SHINGLE + 1)}


# =========================================================================== 8. title
def _find_title(work: _Work, prefilled: str, prefilled_method: str, model: logit.Model | None = None) -> None:
    """The headline: pre-filled (front matter, HTML), else the best candidate line of the text."""
    if prefilled:
        work.title, work.title_method = prefilled, prefilled_method or "editor"
        _take_title_copies(work, prefilled)
        return
    kept = work.kept()
    if len(kept) < 2:
        return
    texts, meta_after, eligible = title_inputs(work)
    best = headline.choose(headline.Page(texts, meta_after, work.language), model, eligible)
    if best is None:
        # Why a fallback: a page that opens with a summary box may print its headline last.
        if _last_line_headline(work):
            _take_title_copies(work, work.title, record=True)
        return
    candidate, probability = best
    line = kept[candidate.index]
    if candidate.part:
        rest = line.text.replace(candidate.text, " ").strip(" |｜»›>·•-–—")
        if _split_outlet(line.text)[1] == rest:
            work.set_source(rest)
        if rest:
            work.removed.append((line.pos, rest))
            work.why[line.pos] = "beside the headline"
    line.kept, line.kind = False, "title"
    last = candidate.index == len(kept) - 1
    work.title = candidate.text.rstrip(".。") if not last else candidate.text
    work.title_method = "last-line" if last else ("first-line" if candidate.index == 0 else "header")
    work.title, outlet = _split_outlet(work.title)
    work.set_source(outlet)
    _take_title_copies(work, work.title, record=True)


def _plain_sentence(text: str) -> bool:
    """True for a line that ends with a full stop and is not in Title Case: story, not a headline."""
    return text.rstrip().endswith((".", "。")) and not text.rstrip().endswith("...") and not _title_case(text)


def title_inputs(work: _Work) -> tuple[list[str], list[bool], list[bool]]:
    """The kept lines; for each, whether a metadata line (byline, date) followed it; and whether it may be the title."""
    kept = work.kept()
    following = {id(a): b for a, b in zip(work.lines, work.lines[1:])}
    meta = {"byline", "meta", "ticker", "generated", "dateline", "outlet"}
    after = [bool(following.get(id(line)) and following[id(line)].kind in meta) for line in kept]
    # Why: the parts of a pasted outline ("Key points - …") are labels and points, not the headline;
    # a line ending in a full stop is a sentence of story unless it reads as a headline (Title Case).
    eligible = [line.kind not in {"heading", "point"} and not _plain_sentence(line.text) for line in kept]
    return [line.text for line in kept], after, eligible


def _take_title_copies(work: _Work, title: str, record: bool = False) -> None:
    """Drop body lines repeating the title (the first one silently when it is the title line)."""
    key = _norm(title)
    if not key:
        return
    for line in work.kept():
        if _norm(line.text) == key or _norm(line.text.rstrip(".")) == key:
            if record:
                work.drop(line, "duplicate-title")
            else:
                line.kept, line.kind, record = False, "title", True


def _last_line_headline(work: _Work) -> bool:
    """A short, complete last line after a long body (some pages print the headline last)."""
    kept = work.kept()
    if len(kept) < 2:
        return False
    last = kept[-1]
    text = last.text
    cjk = _is_cjk_text(text)
    if not _headline_shape(text, strict=True) or text[-1] in _TERMINAL or (cjk and "，" in text):
        return False
    if not (text[0].isupper() or text[0].isdigit() or cjk):
        return False
    # Why: a sign-off ("Jane Doe") is not a headline, and a headline sums up a real body.
    if (len(text) < 8 if cjk else len(text.split()) < 4) or sum(len(k.text) for k in kept[:-1]) < 200:
        return False
    last.kept, last.kind = False, "title"
    work.title, work.title_method = text.strip(), "last-line"
    return True


def _headline_shape(text: str, strict: bool = False) -> bool:
    """Short, one sentence, no trailing comma or colon, not a bullet, not a full stop."""
    if not text or text[-1] in ".。,;:、，；：" or _BULLET.match(text):
        return False
    cjk = _is_cjk_text(text)
    if cjk:
        limit = 60 if strict else 80
    else:
        limit = 110 if strict else 160
        if len(text.split()) > (16 if strict else 25):
            return False
    return len(text) <= limit and len(split_sentences(text)) == 1


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as in English headlines."""
    words = [w for w in _LETTER_WORD.findall(text) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _split_outlet(title: str) -> tuple[str, str | None]:
    """"Headline | Outlet" -> ("Headline", "Outlet")."""
    match = _OUTLET_SUFFIX.match(title)
    if match and len(match["outlet"].split()) <= 4:
        return match["title"].strip(), match["outlet"].strip()
    return title, None


def _generate_title(work: _Work) -> None:
    """No headline in the text: the first sentence of the body, cut at a clause boundary."""
    kept = work.kept()
    if not kept:
        return
    first = _BULLET.sub("", kept[0].text)
    sentences = split_sentences(first[:_LEAD_SCAN])
    sentence = sentences[0] if sentences else first
    # Why: a saved page cut off mid-word ("… einen Halbm") must not end the title mid-word.
    if len(kept) == 1 and len(sentences) <= 1 and not _SENTENCE_END_AT.search(sentence.rstrip()):
        sentence = _drop_cut_word(sentence)
    work.title, work.title_method = _balance_quotes(_shorten(sentence)), "generated"


def _drop_cut_word(sentence: str) -> str:
    """`sentence` without its last word (CJK: back to the last clause mark), which may be cut."""
    if _is_cjk_text(sentence):
        cuts = [m.start() for m in _CJK_CLAUSE.finditer(sentence)]
        return sentence[:cuts[-1]] if cuts else sentence
    head, _, _ = sentence.rstrip().rpartition(" ")
    return head.rstrip(" ,;:") if len(head.split()) >= 4 else sentence


def _balance_quotes(title: str) -> str:
    """Close a quotation mark that the cut left open ("« Nous sommes..." -> "« Nous sommes... »")."""
    for opening, closing in (("«", " »"), ("“", "”"), ("„", "“"), ("「", "」"), ("『", "』")):
        if title.count(opening) > title.count(closing.strip()):
            title += closing
    return title


def _shorten(sentence: str) -> str:
    """`sentence` cut to at most `_TITLE_MAX` characters (CJK: half) at a clause or word boundary."""
    sentence = sentence.strip().rstrip(".。")
    cjk = _is_cjk_text(sentence)
    limit = _TITLE_MAX // 2 if cjk else _TITLE_MAX
    if len(sentence) <= limit:
        return sentence
    if cjk:
        cuts = [m.start() for m in _CJK_CLAUSE.finditer(sentence, 0, limit + 1) if m.start() >= limit // 3]
        return sentence[: cuts[-1] if cuts else limit]
    cuts = [m.start() for m in _RULES.clause_break.finditer(sentence, 0, limit + 1) if m.start() >= 30]
    if cuts:
        return sentence[: cuts[-1]].rstrip(" ,;:")
    words = sentence[: limit + 1].split()[:-1] or [sentence[:limit]]
    while len(words) > 3 and words[-1].lower() in _RULES.weak_endings:
        words.pop()
    return " ".join(words).rstrip(" ,;:")


# =========================================================================== 8b. model
def _classify_lines(work: _Work, model: logit.Model) -> None:
    """Drop the kept lines the fitted model scores as boilerplate; record score and evidence.

    Two passes: once the first has dropped a notice or a menu that looked like story, the
    story's true start and end are known, and the lines around them are scored again."""
    # Why a second pass only then: dropping lines that are not story moves no zone boundary.
    if _classify_pass(work, model):
        _classify_pass(work, model)


def _classify_pass(work: _Work, model: logit.Model) -> bool:
    """One scoring pass over the kept lines; True when it dropped a line that looked like story."""
    kept = work.kept()
    if len(kept) < 2:
        return False
    ctx = boilerplate.context([line.text for line in kept], work.language)
    scored, inside_scored = [], 0
    for i, line in enumerate(kept):
        # Why: long lines are story, and an outline's points and headings are its structure.
        if len(line.text) > boilerplate.MAX_CHARS or line.kind in {"heading", "point"}:
            continue
        # Why: "（従業員）" or "JANE DOE:" right before a quote names its speaker; it is story.
        # A quote is a sentence or more: a run of 「topic」 link labels has no speakers.
        if (i + 1 < len(kept) and _QUOTE_START.match(kept[i + 1].text) and len(line.text) <= 30
                and ctx.units[i + 1] >= 8 and not _QUOTE_START.match(line.text)):
            continue
        # Why: inside the story, shape alone is no proof (lists, tables, sub-heads are story);
        # a line there goes only with a mark of furniture: a phrase, an address, a credit.
        inside = ctx.body_start < i < ctx.body_end
        if inside:
            if inside_scored >= boilerplate.MAX_SCORED_INSIDE or not boilerplate.may_have_marks(ctx, i):
                continue
            inside_scored += 1
        found = boilerplate.features(ctx, i)
        if inside and not boilerplate.has_marks(found):
            continue
        probability = model.probability(found)
        if probability >= model.threshold:
            scored.append((line, probability, model.reasons(found)))
    # Why: a text the model would empty completely is a story of short lines, not furniture.
    if len(scored) == len(kept):
        return False
    for line, probability, reasons in scored:
        work.drop(line, "model")
        work.why[line.pos] = f"model {probability:.2f}: {', '.join(reasons) or 'shape'}"
    return any(boilerplate.is_story_line(line.text) for line, _, _ in scored)


# =========================================================================== 8c. date
_DATE_LINE_MAX = 200
_HEADER_RAW_LINES = 15


def _find_published(work: _Work) -> None:
    """The publication date from the header zone (then the last lines), never from the story."""
    if work.published is not None:
        return
    zone = _date_zone(work)
    for line in zone:
        day = _line_date(line.text, work.language)
        if day is not None:
            work.set_date(day, "footer" if zone.index(line) >= len(zone) - 3 and line in work.lines[-3:] else "header")
            return


def _date_zone(work: _Work) -> list[_Line]:
    """Input lines above the first kept body paragraph (at most 15), then the last three."""
    head: list[_Line] = []
    for line in work.lines[:_HEADER_RAW_LINES]:
        if line.kept and _is_body_like(line.text) and line.kind != "title":
            break
        head.append(line)
    tail = [line for line in work.lines[-3:] if line not in head]
    return head + tail


def _line_date(text: str, language: str) -> date | None:
    """The earliest date of a metadata line: a date line, or a line with a date label or byline."""
    if len(text) > _DATE_LINE_MAX:
        return None
    found = dates.find(text, language)
    if not found:
        return None
    # Why the proof: "Apple event: September 9, 2025" is a headline, not when it was published.
    meta = _parse_meta_line(text, language)
    if meta is None and not _has_date_label(text, language) and not _RULES.byline.match(text) \
            and not _one_word_besides(text, found):
        return None
    return min(f.day for f in found)


def _one_word_besides(text: str, found: list[dates.Found]) -> bool:
    """"business8/19/2025": a section label glued to a date is still a date line."""
    # Why glued counts: prose puts a space before a date; only scraped labels touch it.
    if any(f.start > 0 and text[f.start - 1].isalpha() for f in found):
        return True
    rest = text[:found[0].start] + " " + text[found[-1].end:]
    return len(_LETTER_WORD.findall(_RULES.time.sub(" ", rest))) <= 1


def _has_date_label(text: str, language: str) -> bool:
    """True when `text` introduces a date ("Published", "Mis à jour le", "更新於")."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    labels = set(lang.get(language).date_labels) | set(lang.get("en").date_labels)
    return any(label.casefold() in plain for label in labels)


# =========================================================================== 9. edges
def _drop_foreign_edges(work: _Work) -> None:
    """Drop head/tail runs of paragraphs in another language than the story (boilerplate)."""
    kept = work.kept()
    if len(kept) < 3:
        return
    language = work.language
    if language == detect.UNKNOWN:
        return
    total = sum(_letters(line.text) for line in kept)
    for run in (_foreign_run(kept, language), _foreign_run(kept[::-1], language)):
        # Why the cap: if a third of the text is "foreign", the vote is unsure; drop nothing.
        if run and sum(_letters(line.text) for line in run) < total / 3:
            for line in run:
                if line.kept:
                    work.drop(line, "foreign")


def _sample(lines: list[_Line], size: int = 60) -> list[_Line]:
    """At most `size` lines, spread over the text: enough for a language vote."""
    if len(lines) <= size:
        return lines
    step = len(lines) / size
    return [lines[int(k * step)] for k in range(size)]


def _foreign_run(lines: list[_Line], language: str) -> list[_Line]:
    """Lines from the edge inward up to the last confidently foreign one; quotes stop the run."""
    run: list[_Line] = []
    end = 0
    for line in lines:
        if _QUOTE_START.match(line.text):
            break
        if _letters(line.text) >= 30:
            if not _is_foreign(line.text, language):
                break
            end = len(run) + 1
        run.append(line)
    return run[:end]


def _is_foreign(text: str, language: str) -> bool:
    """True when `text` is confidently in another language than `language`."""
    code, confidence = detect.language_of(text)
    if code in (language, detect.UNKNOWN) or confidence < 0.6:
        return False
    # Why: kanji-only text in a Japanese story reads as Chinese to the script test.
    return not ({code, language} == {"zh", "ja"} and code == "zh")


# =========================================================================== 10. harvest
def _collect_tickers(work: _Work) -> None:
    """Tickers written as "(BABA)", "(NASDAQ: NVDA)" or "$NVDA" in the kept text."""
    lines = [(line.pos, line.text) for line in work.kept()]
    lines.insert(0, ((-1, 0), work.title))
    for pos, text in lines:
        for match in tickers.IN_PARENS.finditer(text):
            symbol = match["symbol"].split(".")[0]
            if len(symbol) < 2 or not symbol.isalpha():
                continue  # "(A)" is a list mark; a numeric symbol is for the name finder
            before = text[max(0, match.start() - 120):match.start()]
            if match["exchange"] or _is_ticker_in_context(symbol, before):
                work.tickers.append((pos, symbol))
        work.tickers += [(pos, s) for s in _CASHTAG.findall(text) if s not in _NOT_TICKERS]


def _is_ticker_in_context(symbol: str, before: str) -> bool:
    """"Alibaba (BABA)" is a ticker; "artificial intelligence (AI)" is an acronym."""
    if symbol in _NOT_TICKERS:
        return False
    words = _LETTER_WORD.findall(before)
    if not words or not words[-1][0].isupper():
        return False
    return not _is_initialism(symbol, words)


def _is_initialism(symbol: str, words: list[str]) -> bool:
    """True if `symbol` spells the initials of the words before it (skipping small words)."""
    letters = symbol.lower()
    k = len(letters) - 1
    for word in reversed(words[-(len(letters) + 3):]):
        if k < 0:
            break
        if word[0].lower() == letters[k]:
            k -= 1
        elif len(word) > 3:
            return False
    return k < 0


def _collect_urls(work: _Work, own_url: str | None) -> None:
    """Bare URLs cited in the kept text join the references (not the article's own URL)."""
    for line in work.kept():
        for url in _URL.findall(line.text):
            work.references.append((line.pos, url.rstrip(_URL_TAIL)))
    if own_url:
        work.references = [(pos, url) for pos, url in work.references if url != own_url]


# =========================================================================== helpers
def _norm(text: str) -> str:
    """Letters and digits only, case-folded: the key for "same text" comparisons."""
    return "".join(_ALNUM.findall(unicodedata.normalize("NFKC", text).casefold()))


def _is_cjk_text(text: str) -> bool:
    """True when CJK characters make up at least a third of the non-space characters."""
    sample = text[:400]
    cjk = len(_CJK.findall(sample))
    return cjk > 0 and cjk * 3 >= len(sample.replace(" ", ""))


def _letters(text: str) -> int:
    return sum(1 for ch in text[:8000] if ch.isalpha())


def _unique(items: list[tuple[tuple[int, int], str]]) -> tuple[str, ...]:
    """The values of (position, value) pairs, in position order, without repeats."""
    return tuple(dict.fromkeys(value for _, value in sorted(items, key=lambda x: x[0])))
