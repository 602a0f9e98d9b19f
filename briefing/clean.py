"""Placeholder cleaner (to be replaced): first line is the title, the rest is the body."""

from __future__ import annotations

from .models import Article

VERSION = 0


def clean(article: Article) -> Article:
    """Split the raw text into a title and body paragraphs."""
    lines = [line.strip() for line in article.raw_text.splitlines() if line.strip()]
    title = article.title or (lines[0] if lines else "")
    body = "\n\n".join(lines[1:] if not article.title else lines)
    return article.replace(title=title, title_method=article.title_method or "first-line", body=body)
