"""Placeholder classifier (to be replaced): case-insensitive substring match."""

from __future__ import annotations

from .config import TopicConfig
from .models import Article, TopicMatch

VERSION = 0


def classify(article: Article, taxonomy: dict[str, TopicConfig]) -> Article:
    """Assign the topics whose terms occur in the article."""
    text = f"{article.title}\n{article.body}".lower()
    topics = []
    for name, topic in taxonomy.items():
        hits = tuple(t for terms in topic.terms.values() for t in terms if t.lower() in text)
        if len(hits) >= topic.min_score:
            topics.append(TopicMatch(name=name, terms=hits, score=float(len(hits))))
    return article.replace(topics=tuple(topics))
