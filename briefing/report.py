"""Plain records of an article for `briefing inspect` (JSON or readable text)."""

from __future__ import annotations

from typing import Any

from .models import Article


def inspect_record(article: Article) -> dict[str, Any]:
    """The article as one JSON-ready object."""
    fields = article.derived_fields()
    published = fields.pop("date")
    return {
        "file": article.source_path.as_posix(),
        "sha256": article.raw_sha256,
        "encoding": article.encoding,
        "title_method": article.title_method,
        "published": published.isoformat() if published else None,
        **fields,
        "paragraph_languages": list(article.paragraph_languages),
        "removed": list(article.removed),
    }


def format_record(record: dict[str, Any]) -> str:
    """The same record, readable in a terminal."""
    lines = []
    for key in ("file", "title", "title_method", "language", "published", "source", "url", "tickers", "topics"):
        value = record[key]
        lines.append(f"{key + ':':<14}{', '.join(value) if isinstance(value, list) else value}")
    for name, terms in record["topic_terms"].items():
        lines.append(f"  {name}: {', '.join(terms)}")
    lines += ["", "Summary:", f"  {record['summary']}", "", "Key points:"]
    lines += [f"  - {p}" for p in record["key_points"]]
    if record["references"]:
        lines += ["", "References:"] + [f"  {u}" for u in record["references"]]
    lines += ["", "Body:", record["body"], "", f"Removed ({len(record['removed'])}):"]
    lines += [f"  - {r}" for r in record["removed"]]
    return "\n".join(lines)
