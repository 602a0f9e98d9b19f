"""Shared text utilities: sentence splitting, word tokens, normalising for matching.

Everything here is offline, deterministic and pure (no state besides compiled regexes
and constant word lists), so summarise, classify and translate can share one notion of
"sentence" and "word".

Sentences
    `sentence_spans(text, lang)` returns (start, end) offsets; `split_sentences` the
    verbatim substrings. A regex splitter with abbreviation handling (pysbd costs about
    4 ms per KB, too slow for thousands of articles; this one about 0.1 ms per KB).
    `lang` only picks the abbreviation list; the rules hold for every language:

    * a blank line or a line break ends a sentence, unless the next line starts with a
      lowercase letter (hard-wrapped text);
    * Latin-script text: ``. ! ? …`` (plus closing quotes/brackets) followed by
      whitespace and a non-lowercase character; not after a known abbreviation
      ("Dr.", "z. B.", "M.", "Sra."), an initial ("John F. Kennedy"), or, when the next
      word is not a typical sentence opener, after an ambiguous abbreviation ("Inc.",
      "U.S.") or a German ordinal ("am 3. Oktober");
    * Chinese/Japanese: ``。！？`` (plus closing brackets) end a sentence with no space
      needed, except before the Japanese quotative と (「…。」と述べた);
    * no cut inside a quotation that closes within 300 characters („Wir bleiben. Sicher.“
      stays one sentence), and none before a lowercase continuation;
    * a leading list bullet ("- ", "• ") is left out of the sentence;
    * an overlong unpunctuated run (> 400 chars) is cut before inline " - " bullets.

Words
    `words(text)` gives normalised tokens: Latin/Cyrillic/Hangul words and numbers as
    runs of word characters (apostrophes split, so "l'IA" gives "l", "ia"), and Chinese
    and Japanese as overlapping character bigrams (no segmenter needed).
    `content_words(text, lang)` drops stopwords and one-letter tokens.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from . import charsets
from . import get as language_data
from . import supported as supported_languages
from . import union as language_union

log = logging.getLogger(__name__)

_CJK_CLASS = charsets.CJK
_CJK_CHAR = charsets.CJK_CHAR
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_HIRAGANA_ONLY = re.compile("^[\u3040-\u309f]+$")
_NON_CJK_WORD = re.compile(f"(?:(?![{_CJK_CLASS}])[^\\W_])+")

_OPENERS = "\"'“‘„«‹([{¿¡「『（《〈【"
_CLOSERS = "\"'”’“‘»›)]}」』）》〉】"
# Why the lookbehinds and possessive runs: a match may start only where a run of marks (or of
# spaces) starts, so a 20,000-character run of "?" or of U+3000 is scanned once, not once per
# character (which was quadratic); giving characters back could never help the match.
_LATIN_END = re.compile(
    f"(?<![.!?…])[.!?…]++[{re.escape(_CLOSERS)}]*+(?:\\[\\d+\\])*+\\s+|(?<=\\])[.!?](?=[A-Z][a-z])"
)
_ANY_END = re.compile("[.!?…。！？．]")
_CJK_END = re.compile(f"(?:[。！？．]+|(?<=[{_CJK_CLASS}])[!?]+)[{re.escape(_CLOSERS)}]*")
_INLINE_BULLET = re.compile(r"(?<!\s)\s++[-–—•]\s++(?=[A-Z\"“])")
_LEADING_BULLET = re.compile(r"[-–—•*·▪►]\s+")
_LAST_TOKEN = re.compile(r"(\S+)$")
_FIRST_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_LINE = re.compile(r"[^\n]+")
_GERMAN_ORDINAL = re.compile(r"^\d{1,4}\.$")
_DOTTED = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")

_OVERLONG = 400
_WRAPPED_MIN = 40
_QUOTATIVE = "とっ、，,"
_QUOTE_REACH = 300
# Opening quote -> the marks that may close it („…“ in German, “…” in English).
_QUOTE_PAIRS = {"„": "“”", "“": "”", "«": "»", "‹": "›", "「": "」", "『": "』", '"': '"'}
_QUOTE_MARK = re.compile("[„“”«»‹›「」『』\"]")

_PUNCT_MAP = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'",
                            "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
                            "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                            "\ufeff": None})
_FOLD_MAP = {**_PUNCT_MAP, **dict.fromkeys(range(0x300, 0x370))}

def fold(text: str) -> str:
    """NFKC, unify apostrophes and dashes, drop Latin diacritics (é→e) but not kana marks."""
    if text.isascii():
        return text.translate(_PUNCT_MAP)
    # Why: NFKD then NFC is NFKC (full-width Latin and half-width kana made usual), with a
    # chance in between to strip the combining diacritics block only (Japanese voicing
    # marks live elsewhere and survive).
    decomposed = unicodedata.normalize("NFKD", text).translate(_FOLD_MAP)
    return unicodedata.normalize("NFC", decomposed)


def normalise(text: str) -> str:
    """Fold, casefold and collapse whitespace: the form used for matching and comparing."""
    return _SPACES.sub(" ", fold(text).casefold()).strip()


@functools.lru_cache(maxsize=None)
def stopwords(code: str) -> frozenset[str]:
    """The content stop words of a language (its file's `content_stopwords`, normalised like tokens)."""
    return frozenset(normalise(" ".join(language_data(code).content_stopwords)).split())


@functools.lru_cache(maxsize=1)
def _all_stopwords() -> frozenset[str]:
    """Every language's content stop words: for a language without a list."""
    return frozenset().union(*(stopwords(code) for code in supported_languages()))


def is_cjk(char: str) -> bool:
    """Whether `char` is a Han ideograph or kana."""
    return bool(_CJK_CHAR.match(char))


def cjk_ratio(text: str) -> float:
    """Share of Han/kana characters among the letters of `text` (0 when it has none)."""
    # Why: most text has no CJK at all; skip counting letters then.
    if not _CJK_CHAR.search(text):
        return 0.0
    cjk = len(_CJK_CHAR.findall(text))
    # Why max: ideographs of blocks newer than Python's Unicode tables (e.g. U+2EBE1, Extension I)
    # match the CJK ranges but are not `isalpha()`; a text of only those has no "letters".
    return cjk / max(cjk, sum(map(str.isalpha, text)))


def sentence_spans(text: str, lang: str = "und") -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, in order, without outer whitespace."""
    if len(text) <= _OVERLONG and "\n" not in text and not _ANY_END.search(text):
        # Why: a short line with no terminal mark is one sentence (most lines of a list or
        # table); skipping the splitter keeps a million short lines cheap.
        span = _trim(text, 0, len(text))
        return [span] if span else []
    spans: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        for s, e in _split_block(text, start, end, lang):
            spans.extend(_split_overlong(text, s, e))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span]


def paragraphs(body: str) -> list[str]:
    """The paragraphs of a body: blocks separated by a blank line, empty ones left out.

    The one definition: figures, translations and views index paragraphs by position, so every
    stage must split a body the same way."""
    return [p for p in body.split("\n\n") if p.strip()]


def split_sentences(text: str, lang: str = "und") -> list[str]:
    """The sentences of `text`, each a verbatim substring of it."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def words(text: str) -> list[str]:
    """Normalised tokens: words and numbers; Chinese/Japanese as character bigrams."""
    norm = normalise(text)
    if not _CJK_CHAR.search(norm):
        return _WORD.findall(norm)
    tokens: list[str] = []
    pos = 0
    # Why: walk CJK runs and the text between them in order, so tokens keep text order.
    for run in _CJK_RUN.finditer(norm):
        tokens.extend(_NON_CJK_WORD.findall(norm, pos, run.start()))
        tokens.extend(_bigrams(run.group()))
        pos = run.end()
    tokens.extend(_NON_CJK_WORD.findall(norm, pos))
    return tokens


def content_words(text: str, lang: str = "und") -> list[str]:
    """`words` without stopwords, one-letter tokens and function-word bigrams."""
    stop = stopwords(lang) or _all_stopwords()
    return [t for t in words(text) if _is_content(t, stop)]


def _is_content(token: str, stop: frozenset[str]) -> bool:
    if token[0] >= "\u3040" and is_cjk(token[0]):
        # Why: pure-hiragana bigrams are grammar (ます, した); 的/了 bigrams are glue.
        return not _HIRAGANA_ONLY.match(token) and not (set(token) & language_union("content_function_chars"))
    return len(token) > 1 and token not in stop


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line spans, a line joined to the previous one when it starts lowercase (wrapped text)."""
    blocks: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        stripped = line.group().lstrip()
        if not stripped:
            continue
        # Why: a line starting lowercase after a long unfinished line continues a
        # hard-wrapped sentence (a short line before it is a byline or a label).
        joined = blocks and stripped[0].islower() and _wraps(text, blocks[-1], line.start())
        if joined:
            blocks[-1] = (blocks[-1][0], line.end())
        else:
            blocks.append((line.start(), line.end()))
    return blocks


def _wraps(text: str, previous: tuple[int, int], next_start: int) -> bool:
    """Whether the line after `previous` (a span) continues it: no blank line, no full stop."""
    prev = text[previous[0]:previous[1]].rstrip()
    gap = text[previous[1]:next_start]
    return gap.count("\n") == 1 and len(prev) >= _WRAPPED_MIN and prev[-1] not in ".!?。！？:"


def _split_block(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    cuts = sorted(set(_latin_cuts(text, start, end, lang)) | set(_cjk_cuts(text, start, end)))
    bounds = [start, *_outside_quotes(text, cuts, start, end), end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _latin_cuts(text: str, start: int, end: int, lang: str) -> list[int]:
    cuts = []
    for m in _LATIN_END.finditer(text, start, end):
        if m.end() < end and _ends_sentence(text, start, m, lang):
            cuts.append(m.end())
    return cuts


def _cjk_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = []
    for m in _CJK_END.finditer(text, start, end):
        nxt = text[m.end():m.end() + 1]
        # Why: 「…。」と言った continues the sentence; a comma after a quote does too.
        if m.end() < end and not (nxt and nxt in _QUOTATIVE):
            cuts.append(m.end())
    return cuts


def _outside_quotes(text: str, cuts: list[int], start: int, end: int) -> list[int]:
    """Drop cuts inside a quotation that closes soon after (keeps a quoted speech whole)."""
    kept: list[int] = []
    expected: list[str] = []
    pos = start
    for cut in cuts:
        expected = _track_quotes(text[pos:cut], expected)
        pos = cut
        # Why: an unclosed quote (a stray mark) must not swallow the rest of the paragraph.
        if expected and any(c in text[cut:min(end, cut + _QUOTE_REACH)] for c in expected[-1]):
            continue
        kept.append(cut)
        expected = []
    return kept


def _track_quotes(segment: str, expected: list[str]) -> list[str]:
    """Update the stack of closing marks awaited after reading `segment`."""
    stack = list(expected)
    for ch in _QUOTE_MARK.findall(segment):
        if stack and ch in stack[-1]:
            stack.pop()
        elif ch in _QUOTE_PAIRS:
            stack.append(_QUOTE_PAIRS[ch])
    return stack


def _ends_sentence(text: str, start: int, m: re.Match, lang: str) -> bool:
    """Whether the terminal punctuation matched by `m` really ends a sentence."""
    following = text[m.end():m.end() + 40].lstrip(_OPENERS)
    # Why: a lowercase continuation ("e.g. the", "(…) et") is mid-sentence.
    if not following or following[0].islower():
        return False
    # Why: only a bare period can be an abbreviation's; "!", "?" and "…" always end.
    marks = m.group().rstrip().rstrip(_CLOSERS + "[]0123456789")
    if "!" in marks or "?" in marks or "." not in marks:
        return True
    token = _token_before(text, start, m.start())
    return _period_ends(token, _next_word(following), lang)


def _period_ends(token: str, next_word: str, lang: str) -> bool:
    """Whether a period after `token` ends the sentence, given the next word."""
    key = token.lower().rstrip(".")
    if key in _always_abbreviations(lang) or _INITIAL.match(token + "."):
        return False
    # Why: "Apple Inc. The" ends a sentence, "Apple Inc. said" does not; likewise
    # "the U.S. The" vs "U.S. President", and German "2019. Die" vs "3. Oktober".
    ambiguous = (key in language_union("abbreviations_ambiguous") or _DOTTED.match(token + ".")
                 or (lang == "de" and _GERMAN_ORDINAL.match(token + ".")))
    if ambiguous:
        return next_word.lower() in language_union("sentence_openers")
    return True


@functools.cache
def _always_abbreviations(lang: str) -> frozenset[str]:
    """The language's never-final abbreviations plus the English ones (built once per language)."""
    return language_data(lang).abbreviations | language_data("en").abbreviations


def _token_before(text: str, start: int, pos: int) -> str:
    m = _LAST_TOKEN.search(text[max(start, pos - 40):pos])
    return m.group(1).lstrip(_OPENERS) if m else ""


def _next_word(following: str) -> str:
    m = _FIRST_WORD.match(following)
    return m.group() if m else ""


def _split_overlong(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a very long unpunctuated run before inline " - " bullets."""
    if end - start <= _OVERLONG:
        return [(start, end)]
    cuts = [m.start() for m in _INLINE_BULLET.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a span to its content: no outer whitespace, no leading list bullet."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    bullet = _LEADING_BULLET.match(text, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    return (start, end) if end > start and any(ch.isalnum() for ch in text[start:end]) else None
