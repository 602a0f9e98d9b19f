"""Placeholder summariser (to be replaced): first paragraphs as dek and key points."""

from __future__ import annotations

from .config import SummaryConfig
from .models import Article

VERSION = 0


def summarise(article: Article, config: SummaryConfig) -> Article:
    """Set the dek and key points from the body."""
    paras = article.paragraphs
    return article.replace(summary=paras[0] if paras else "", key_points=tuple(paras[1:4]))
