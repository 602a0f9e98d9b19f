"""Property-based tests (hypothesis): no crash on arbitrary input, lossless round trips, safe unique slugs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.content import read, write
from briefing.stages import ingest
from briefing.errors import InputError
from briefing.models import Article, TopicMatch
from briefing.stages.translate import Memory

VERSIONS = {"ingest": 1, "clean": 1, "detect": 1, "summarise": 1, "classify": 1}
# Text an article field may hold: anything printable, including YAML and Markdown syntax.
field_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
line_text = field_text.map(lambda s: " ".join(s.split()))
slug_safe = re.compile(r"[a-z0-9][a-z0-9-]*")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000))
def test_decode_never_crashes_on_arbitrary_bytes(data):
    try:
        text, encoding = ingest.decode(data, "x.txt")
    except InputError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert isinstance(text, str) and "\r" not in text and encoding


@settings(max_examples=300, deadline=None)
@given(st.lists(field_text, min_size=1, max_size=8))
def test_slugs_are_always_safe_and_unique(titles):
    taken: set[str] = set()
    for i, title in enumerate(titles):
        slug = write.assign_slug(Article(Path("a"), f"{i:064x}", "", title=title), taken)
        assert slug_safe.fullmatch(slug) and len(slug) <= write.SLUG_MAX
        assert slug not in taken and slug.lower() not in {"con", "nul", "prn", "aux"}
        taken.add(slug)


articles = st.builds(
    lambda title, summary, points, paras, refs, day, source: Article(
        source_path=Path("content/inbox/a.txt"), raw_sha256="ab" * 32, raw_text="", title=title or "t",
        summary=summary, key_points=tuple(points), body="\n\n".join(p for p in paras if p) or "x",
        references=tuple(refs), published=day, source=source or None, language="en",
        topics=(TopicMatch("chips", ("chip",), 1.0),), slug="a-slug"),
    line_text, line_text, st.lists(line_text, max_size=4), st.lists(line_text, max_size=5),
    st.lists(st.from_regex(r"https://example\.com/[a-z0-9/]{0,20}", fullmatch=True), max_size=3),
    st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 1, 1))), line_text,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles)
def test_front_matter_round_trip_is_lossless(tmp_path, article):
    path = tmp_path / f"{article.slug}.md"  # as a build writes it: composed, then written
    path.write_text(write.dump(*write.compose(article, None, VERSIONS)), encoding="utf-8")
    back = read.to_article(read.read_content(path))
    for name in ("title", "summary", "key_points", "references", "published", "source", "language", "topic_names"):
        assert getattr(back, name) == getattr(article, name), name
    assert back.body == article.body.strip()
    # Rewriting an unchanged file changes nothing and reports no edit.
    content = read.read_content(path)
    assert content.edited_fields() == set()
    assert write.write_text_atomic(path, write.dump(*write.compose(article, content, VERSIONS))) is False


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(field_text, field_text, max_size=10))
def test_translation_memory_round_trip(tmp_path, pairs):
    path = tmp_path / "tm.jsonl"
    path.unlink(missing_ok=True)
    memory = Memory(path)
    for source, target in pairs.items():
        memory.put("libre", "fr", "en", source, target)
    memory.save()
    again = Memory(path)
    assert len(again) == len(pairs)
    for source, target in pairs.items():
        assert again.get("libre", "fr", "en", source) == target
        assert again.get("google", "fr", "en", source) is None
