"""An article as one site language shows it: the translation when there is one, else the original."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..models import Article, Translation, TranslationStatus


def newest_first(articles: list[Article]) -> list[Article]:
    """Newest first; undated articles last; ties by title, then slug, for a stable order."""
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.title, a.slug))
    dated.sort(key=lambda a: a.published, reverse=True)
    undated = sorted((a for a in articles if not a.published), key=lambda a: (a.title, a.slug))
    return dated + undated


def outlet_name(article: Article) -> str:
    """The outlet an article comes from: its name, else its web site's domain, else ''."""
    if article.source:
        return article.source
    try:
        host = urlsplit(article.url or "").hostname or ""
    except ValueError:  # a malformed URL names no site
        host = ""
    return host.removeprefix("www.")


@dataclass(frozen=True)
class ArticleView:
    """An article as one site language shows it: translated text when there is one, else the original."""

    article: Article
    language: str
    """The site language."""
    translation: Translation | None
    """The translation shown, or None when the page shows the original."""

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def status(self) -> TranslationStatus:
        """The translation's status; ORIGINAL on a page in the article's language, PENDING (the
        original shown in its place) when there is no translation to show."""
        if self.article.language == self.language:
            return TranslationStatus.ORIGINAL
        return self.translation.status if self.translation else TranslationStatus.PENDING

    @property
    def title(self) -> str:
        return self.translation.title if self.translation else self.article.title

    @property
    def real_title(self) -> bool:
        """Whether the title is the outlet's headline (or the editor's), not one generated from the text."""
        return self.article.title_method != "generated"

    @property
    def summary(self) -> str:
        return self.translation.summary if self.translation else self.article.summary

    @property
    def key_points(self) -> tuple[str, ...]:
        return self.translation.key_points if self.translation else self.article.key_points

    @property
    def paragraphs(self) -> list[str]:
        return self.translation.paragraphs if self.translation else self.article.paragraphs


def view(article: Article, language: str) -> ArticleView:
    """The article for a site language: its complete translation into it, if any."""
    usable = [t for t in article.translations
              if t.language == language and t.status.done and t.title]
    if article.language == language or not usable:
        return ArticleView(article, language, None)
    return ArticleView(article, language, usable[0])
