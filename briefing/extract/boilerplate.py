"""A fitted keep/drop model for the lines of a raw article.

Rules in `clean` remove what is boilerplate beyond doubt (bylines, tickers, paywall
notices, repeats). Every line they keep then gets a probability of being boilerplate
from one logistic model over evidence that holds across outlets and languages:

    shape     length, final punctuation, digits, capitals, Title Case, brackets, quotes
    words     share of the language's stop words (jusText lists; function characters for CJK)
    place     header and footer zones (above the first and below the last body paragraph),
              short neighbours (menus and link lists come in runs)
    marks     URLs, @handles, e-mail, ©, separators (| • ·), dates and times
    phrases   the language's boilerplate phrases (`briefing/lang/<code>.yaml`)
    repeats   a line printed more than once, or again inside a nearby line (a teaser with a kicker)
    captions  a credit at the end ("/ AFP", "(Photo: …)", "=…撮影"), a date closing the line
              ("…, on May 19, 2023, in Lisbon."): how photo captions end, unlike story sentences
    authors   a reporter's title in a short line (a byline or an author blurb)
    arrows    a line opening with a pointing mark ("👉", "▶"): a link to another story

The weights are not tuned by hand: `scripts/fit_clean.py` fits them on the labelled
development corpus, reports cross-validated figures, and writes `boilerplate.json`.
The model never drops a long line (`MAX_CHARS`): paragraphs of story are long.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import lang
from . import dates
from ..lang import charsets
from .logit import Model

MAX_CHARS = 260
"""Lines longer than this are story (or handled by rules), never dropped by the model (the longest
boilerplate line labelled in the development corpus has 250 characters)."""
MAX_SCORED_INSIDE = 2000
"""At most this many lines inside the story are scored: a real article has far fewer, and the
bound keeps a pathological input (a million short lines) linear with a small constant."""

_WEIGHTS_FILE = Path(__file__).resolve().parent / "boilerplate.json"

_CJK_CHAR = charsets.CJK_OR_HANGUL_CHAR
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W_])){0,40}")
_TERMINAL_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]{0,3}(?:\[\d{1,3}\]){0,3}$")
_URL = re.compile(r"https?://|www\.|\b[\w-]{2,30}\.(?:com|net|org|fr|de|es|it|pt|br|jp|cn|kr|tw|hk|co|io|ai|news)\b",
                  re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{2,20}")
_COPYRIGHT = re.compile(r"©|ⓒ|\(c\)|copyright", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s[|•·/›»>]\s|\s[|•·]|[|•·]\s")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:時h]\d{2}(?!\d)")
_BRACKETED = re.compile(r"^[\[(（【<〈《].{0,300}[\])）】>〉》]$")
_QUOTE_START = re.compile(r"^[\"'“”‘’«»„「『]")
_LETTER = re.compile(r"[^\W\d_]")
_NOT_ALNUM = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")
_PHRASE_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_MARK = re.compile(r"[.!?…][\s\"'”’»)]|[.!?…]$|[。！？，、]")
_PICTOGRAPH = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
_PART_SPLIT = re.compile(r"\s+|\s?[|•·/]\s?")
_ARROW = re.compile(r"^[\s\W]{0,3}?[👉👇☞➡➜➔→⇒▶►▸⏩]")
_SLASH_CREDIT = re.compile(r"\([^()]{2,60}/[^()]{2,60}\)$")
_ECHO_MIN = 20
"""Letters a line must have to count as printed again inside a nearby line."""
_ECHO_SPAN = 3
_DATE_END = 40
"""A date ending this close to the end of a line closes it, as in a photo caption."""


@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    """The fitted model shipped with the package."""
    return Model.load(_WEIGHTS_FILE)


@functools.lru_cache(maxsize=1)
def _credit_end() -> lang.Lowered:
    """A photo credit closing a line, from every language file's caption words and credits.

    The credit needs a mark before it ("/ AFP", "Photo: … Reuters", "=…撮影"): a sentence may
    end "…, according to Reuters." and still be story."""
    labels = lang.alternation(lang.every("caption_labels"))
    credits = lang.alternation(lang.every("caption_credits"))
    return lang.Lowered(rf"(?:[(（]\s*{labels}[^()（）]{{0,80}}[)）]|[/|©=＝／:：(（][^/|©=＝／]{{0,50}}{credits}\)?)[\s.。]*$")


@functools.lru_cache(maxsize=1)
def _role() -> lang.Lowered:
    """A reporter's title of any language with a file ("correspondent", "기자", "記者")."""
    return lang.Lowered(lang.alternation(lang.every("reporter_titles")))


@dataclass(frozen=True)
class Context:
    """What the features of one line need to know about the whole text."""

    texts: list[str]
    language: lang.LangData
    body_start: int
    body_end: int
    counts: dict[str, int]
    units: list[float]
    keys: list[str]
    echoes: frozenset[int]


def context(texts: list[str], language: str) -> Context:
    """The shared facts about the kept lines `texts` of an article in `language`."""
    units = [_units(t) for t in texts]
    body = [i for i, (t, u) in enumerate(zip(texts, units)) if is_story_line(t, u)]
    # Why a lower bar for the end: the footer starts after the story's last full sentence,
    # and a closing sentence is often shorter than a paragraph.
    sentences = [i for i, (t, u) in enumerate(zip(texts, units)) if u >= 8 and _TERMINAL_END.search(t)]
    start = body[0] if body else 0
    end = max(body[-1:] + [i for i in sentences if i >= start], default=len(texts) - 1)
    keys = [_key(text) for text in texts]
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return Context(texts, lang.get(language), start, end, counts, units, keys, _echoes(texts, keys))


def _echoes(texts: list[str], keys: list[str]) -> frozenset[int]:
    """Lines printed again inside a nearby line, or holding one ("Kicker Headline" beside "Headline")."""
    found = set()
    for i, key in enumerate(keys):
        if len(key) < _ECHO_MIN or len(texts[i]) > MAX_CHARS:
            continue
        for j in range(i + 1, min(len(keys), i + 1 + _ECHO_SPAN)):
            other = keys[j]
            if other != key and len(other) >= _ECHO_MIN and len(texts[j]) <= MAX_CHARS \
                    and (key in other or other in key):
                found.update((i, j))
    return frozenset(found)


def features(ctx: Context, i: int) -> dict[str, float]:
    """The evidence about line `i` of `ctx.texts` (every value between 0 and about 1)."""
    text = ctx.texts[i]
    units = ctx.units[i]
    n = len(ctx.texts)
    f: dict[str, float] = {}
    # Why shape: story is sentences; furniture is short, unpunctuated labels.
    f["len"] = min(1.0, math.log1p(units) / math.log(60))
    f["short"] = float(units <= 3)
    f["medium"] = float(3 < units <= 10)
    f["terminal"] = float(bool(_TERMINAL_END.search(text)))
    f["colon_end"] = float(text.endswith((":", "：")))
    f["question"] = float(text.endswith(("?", "？")) and units <= 12)
    letters = len(_LETTER.findall(text)) or 1
    f["digits"] = min(1.0, len(_DIGIT.findall(text)) / letters)
    f["upper"] = sum(1 for c in text if c.isupper()) / letters
    f["title_case"] = _title_case(text)
    f["bracketed"] = float(bool(_BRACKETED.match(text)))
    f["quote_start"] = float(bool(_QUOTE_START.match(text)))
    f["symbols"] = float(letters <= 1 or len(text) > 2 * letters + 4)
    # Why stop words: running prose is full of them in every language; labels and names are not.
    ratio, known = _stop_ratio(text, ctx.language)
    f["stop"] = ratio if known else 0.0
    f["no_stop"] = float(known and ratio < 0.08)
    f["no_stoplist"] = float(not known)
    # Why place: menus sit above the story, link lists and credits below it.
    f["head"] = float(i < ctx.body_start)
    f["tail"] = float(i > ctx.body_end)
    f["edge"] = float(i == 0 or i == n - 1)
    f["short_head"] = f["head"] * float(units <= 10)
    f["short_tail"] = f["tail"] * float(units <= 10)
    near = [ctx.units[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < n]
    f["short_neighbours"] = sum(u <= 6 for u in near) / len(near) if near else 1.0
    # Why marks: addresses, handles and credits are furniture whatever the language.
    f["url"] = float(bool(_URL.search(text)))
    f["handle"] = float(bool(_HANDLE.search(text)))
    f["email"] = float(bool(_EMAIL.search(text)))
    f["copyright"] = float(bool(_COPYRIGHT.search(text)))
    f["separator"] = float(bool(_SEPARATOR.search(text)))
    found_dates = dates.find(text, ctx.language.code) if len(text) <= MAX_CHARS else []
    f["date"] = float(bool(found_dates)) if len(text) <= 200 else 0.0
    f["time"] = float(bool(_TIME.search(text)))
    cover, start = _phrase_cover(text, ctx.language)
    f["phrase"] = cover
    f["phrase_start"] = start
    f["repeated"] = float(ctx.counts.get(ctx.keys[i], 0) > 1)
    f["unfinished_short"] = float(units <= 10 and not f["terminal"])
    # Why words: "Home News World" is a menu; a Title Case sub-head has its "the" and "of".
    f["menu"] = float(_menu_like(text) and bool(f["separator"] or f["no_stop"] or not known))
    f["pictograph"] = float(bool(_PICTOGRAPH.search(text[:8])))
    # Why captions and blurbs: they are sentences, so only how they end or who they name tells.
    f["echo"] = float(i in ctx.echoes)
    short = len(text) <= MAX_CHARS
    f["credit_end"] = float(short and bool(_credit_end().search(text) or _SLASH_CREDIT.search(text)))
    # Why: a caption ends with its date ("…, le 17 mars 2025."); story names a date mid-sentence.
    f["date_end"] = float(any(len(text) - found.end <= _DATE_END for found in found_dates))
    f["role"] = float(units <= 40 and bool(_role().search(text)))
    f["arrow"] = float(bool(_ARROW.match(text)))
    return f


def _menu_like(text: str) -> bool:
    """Three or more short items side by side with no sentence mark: a menu or a link row."""
    if _SENTENCE_MARK.search(text) or len(text) > 200:
        return False
    parts = [p for p in _PART_SPLIT.split(text) if p]
    if len(parts) < 3:
        return False
    cjk = bool(_CJK_CHAR.search(text))
    # Why per script: a Latin menu item is a word or two, a CJK one a few characters.
    return cjk and all(len(p) <= 10 for p in parts) or not cjk and _title_case(text) >= 0.8 and len(parts) <= 12


_QUICK_MARK = re.compile(r"https?:|www\.|@|©|ⓒ|\(c\)|\d|[\[(（【<〈《|•·/／=＝→⇒▶►▸⏩]|[\U0001F000-\U0001FAFF\u2600-\u27BF]",
                         re.IGNORECASE)


def may_have_marks(ctx: Context, i: int) -> bool:
    """A cheap test that is true whenever `has_marks(features(ctx, i))` could be (never misses one)."""
    text = ctx.texts[i]
    return (bool(_QUICK_MARK.search(text)) or ctx.counts.get(ctx.keys[i], 0) > 1 or text.count(" ") >= 2
            or i in ctx.echoes or bool(_role().search(text)) or bool(_credit_end().search(text))
            or bool(ctx.language.boilerplate) and _phrase_cover(text, ctx.language)[0] > 0)


_MARKS = ("phrase", "url", "handle", "email", "copyright", "date", "bracketed", "repeated", "menu", "pictograph",
          "echo", "credit_end", "role", "arrow")


def has_marks(found: dict[str, float]) -> bool:
    """True when a line carries specific evidence of furniture, not only a short shape."""
    return any(found.get(mark) for mark in _MARKS)


def is_story_line(text: str, units: float | None = None) -> bool:
    """A paragraph of story: long, and written in sentences (a menu of many words has no full stop)."""
    units = _units(text) if units is None else units
    return units >= 20 and bool(_SENTENCE_MARK.search(text))


def _units(text: str) -> float:
    """Length in words; two CJK characters count as one word."""
    cjk = len(_CJK_CHAR.findall(text)) if not text.isascii() else 0
    return len(_WORD.findall(text)) + cjk / 2.0


def _key(text: str) -> str:
    """Letters and digits only, case-folded: the key for "the same line"."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def _title_case(text: str) -> float:
    """Share of longer words that start with a capital."""
    words = [w for w in _WORD.findall(text) if len(w) >= 4]
    return sum(w[0].isupper() for w in words) / len(words) if len(words) >= 2 else 0.0


def _stop_ratio(text: str, data: lang.LangData) -> tuple[float, bool]:
    """(share of stop words or function characters, whether the language has a list)."""
    if data.function_chars and _CJK_CHAR.search(text):
        chars = _CJK_CHAR.findall(text)
        return sum(c in data.function_chars for c in chars) / max(1, len(chars)), True
    if not data.stopwords:
        return 0.0, False
    words = [w.lower() for w in _WORD.findall(text)]
    return (sum(w in data.stopwords for w in words) / len(words) if words else 0.0), True


def _phrase_cover(text: str, data: lang.LangData) -> tuple[float, float]:
    """(share of the line's letters inside boilerplate phrases, 1.0 if the line starts with one)."""
    if len(text) > MAX_CHARS or not data.boilerplate:
        return 0.0, 0.0
    letters = len(_LETTER.findall(text)) or 1
    covered, starts = 0, 0.0
    # Why words, not one big alternation: a set lookup per word n-gram is linear and fast.
    phrases, longest = data.boilerplate_words
    if phrases:
        words = _PHRASE_WORD.findall(text.casefold())
        k = 0
        while k < len(words):
            size = next((n for n in range(min(longest, len(words) - k), 0, -1)
                         if tuple(words[k:k + n]) in phrases), 0)
            if size:
                covered += sum(len(w) for w in words[k:k + size])
                starts = starts or float(k == 0)
                k += size
            else:
                k += 1
    for phrase in data.boilerplate_runs:
        at = text.find(phrase)
        if at >= 0:
            covered += len(phrase) * text.count(phrase)
            starts = starts or float(at <= 2)
    return min(1.0, covered / letters), starts
