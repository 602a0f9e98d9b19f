"""End to end: raw inbox → content/articles → pages → MkDocs site, on the sample briefing and fixtures."""

from __future__ import annotations

import json
from collections import Counter
from html import unescape
import re
import subprocess
import sys
from pathlib import Path

import frontmatter

from briefing.render import markup
from briefing.stages.stories import page_name
from conftest import FIXTURES, new_project

SEED_TOPICS = {
    # seed file prefix: (topics it must have, topics it must not have); the rest is either way
    # (scripts/seed_topics.yaml has the reading behind them). One sentence about chipmakers'
    # shares does not make 002 a chips article, nor a recalled spending plan 003 a capex one.
    "000": ({"robotics"}, set()),
    "001": ({"robotics"}, set()),
    "002": ({"capex"}, {"chips", "robotics"}),
    "003": ({"chips"}, {"robotics"}),
    "004": ({"capex"}, set()),
}


def articles_by_input(proj) -> dict[str, frontmatter.Post]:
    """Content files keyed by the raw input's file-name prefix."""
    posts = {}
    for path in proj.articles.glob("*.md"):
        post = frontmatter.load(path)
        post.metadata["_slug"] = path.stem
        posts[Path(post["provenance"]["input"]).name[:3]] = post
    return posts


def linked_articles(html_path: Path) -> set[str]:
    """Slugs of the articles an HTML page links to."""
    return set(re.findall(r'href="(?:\.\./)*articles/([^/"]+)/"', html_path.read_text(encoding="utf-8")))


def test_committed_sample_content_is_current(sample_site):
    # Bumping a stage's VERSION means rebuilding content/ and committing it (edits are kept).
    assert sorted(sample_site.report.unchanged) == sorted(
        f"content/inbox/{p.name}" for p in sample_site.inbox.iterdir())
    assert sample_site.report.added == sample_site.report.updated == sample_site.report.skipped == []
    assert len(list(sample_site.articles.glob("*.md"))) == 5


def test_seed_topics_are_what_a_reader_expects(sample_site):
    posts = articles_by_input(sample_site)
    for prefix, (expected, unwanted) in SEED_TOPICS.items():
        assert expected <= set(posts[prefix]["topics"]), prefix
        assert not unwanted & set(posts[prefix]["topics"]), prefix
        for topic in posts[prefix]["topics"]:
            assert posts[prefix]["topic_terms"][topic], f"{prefix}: no matched terms recorded for {topic}"


def test_seed_languages(sample_site):
    posts = articles_by_input(sample_site)
    assert {k: p["language"] for k, p in posts.items()} == {
        "000": "en", "001": "fr", "002": "en", "003": "en", "004": "en"}


def reached_articles(html_path: Path, posts) -> set[str]:
    """Slugs of the articles a page links to, directly or through a story page."""
    stories = set(re.findall(r'href="(?:\.\./)*stories/([^/"]+)/"', html_path.read_text(encoding="utf-8")))
    via_story = {p["_slug"] for p in posts.values() if p["story"] in stories}
    return linked_articles(html_path) | via_story


def test_topic_pages_list_the_right_articles(sample_site):
    """A topic page shows every story with an article on the topic, and with it the story's other reports."""
    posts = articles_by_input(sample_site)
    for topic in ("chips", "robotics", "capex"):
        page = sample_site.site / "en" / "topics" / topic / "index.html"
        on_topic = {p["_slug"] for p in posts.values() if topic in p["topics"]}
        stories = {p["story"] for p in posts.values() if topic in p["topics"]}
        assert on_topic, topic
        assert reached_articles(page, posts) == {p["_slug"] for p in posts.values() if p["story"] in stories}, topic


def test_topic_pages_are_newest_first(sample_site):
    posts = {p["_slug"]: p for p in articles_by_input(sample_site).values()}
    html = (sample_site.site / "en" / "topics" / "capex" / "index.html").read_text(encoding="utf-8")
    order = [s for s in re.findall(r'href="\.\./\.\./articles/([^/"]+)/"', html)]
    dates = [posts[s]["date"] for s in dict.fromkeys(order) if posts[s]["date"]]
    assert dates == sorted(dates, reverse=True)


def search_docs(site: Path, language: str) -> dict[str, dict]:
    """One language's search documents (search/d/*.js, built by briefing/outputs/search_index.py), by location."""
    docs = {}
    for path in (site / language / "search" / "d").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for doc in json.loads(text[text.index(",") + 1:text.rindex(")")]):
            docs[doc["l"]] = doc
    return docs


def test_every_article_page_exists_and_is_in_the_search_index_once(sample_site):
    """Every article is a search document of its own; one of a story several outlets reported names its story."""
    docs = search_docs(sample_site.site, "en")
    members = Counter(post["story"] for post in articles_by_input(sample_site).values())
    for post in articles_by_input(sample_site).values():
        slug = post["_slug"]
        assert (sample_site.site / "en" / "articles" / slug / "index.html").is_file()
        doc = docs[f"articles/{slug}/"]
        if members[post["story"]] > 1:
            assert doc["g"][0] == f"stories/{page_name(post['story'])}/" and doc["g"][1]
        else:
            assert "g" not in doc
    assert len(docs) == len(articles_by_input(sample_site))


def test_articles_are_not_in_the_navigation(sample_site):
    home = (sample_site.site / "en" / "index.html").read_text(encoding="utf-8")
    nav = home.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]
    assert 'href="topics/robotics/"' in nav
    assert 'href="articles/' not in nav


def test_home_lists_top_stories_per_topic_with_meta(sample_site):
    posts = articles_by_input(sample_site)
    home = (sample_site.site / "en" / "index.html").read_text(encoding="utf-8")
    # The home page is the latest edition; with the edition before it, every article is reached.
    latest = reached_articles(sample_site.site / "en" / "index.html", posts)
    previous = reached_articles(sample_site.site / "en" / "editions" / "2025-09-01" / "index.html", posts)
    assert latest and previous and not latest & previous
    assert latest | previous == {p["_slug"] for p in posts.values()}
    assert 'href="editions/2025-09-01/"' in home
    for heading in ("Chips", "Robotics", "Capex"):
        assert f">{heading}<" in home
    assert "French" in home and "English" in home


def test_article_page_shows_dek_key_points_body_and_sources(sample_site):
    post = articles_by_input(sample_site)["003"]
    html = (sample_site.site / "en" / "articles" / post["_slug"] / "index.html").read_text(encoding="utf-8")
    assert "Key points" in html
    for ref in post["references"]:
        assert f'href="{ref}"' in html
    assert len(post["key_points"]) >= 3


def test_tags_page_lists_topics(sample_site):
    html = (sample_site.site / "en" / "tags" / "index.html").read_text(encoding="utf-8")
    for tag in ("Chips", "Robotics", "Capex"):
        assert tag in html


def test_rebuild_with_nothing_changed_rederives_nothing(sample_site, tmp_path, monkeypatch):
    # The clock at the time the sample was added, so its files record the same `provenance.added`.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795422490")  # 2026-11-23T08:28:10Z
    proj = new_project(tmp_path / "again")
    for path in sample_site.inbox.iterdir():
        proj.add(path.name, path.read_bytes())
    first = proj.build()
    assert len(first.added) == 5
    before = proj.content_files()
    report = proj.build()
    assert report.added == [] and report.updated == []
    assert len(report.unchanged) == 5
    assert "Nothing changed" in report.summary()
    assert proj.content_files() == before
    # A fresh derivation gives exactly the committed sample content (bar the editor's translations).
    committed = {name: frontmatter.loads(text) for name, text in sample_site.content_files().items()}
    for name, text in before.items():
        fresh = frontmatter.loads(text)
        assert fresh.content == committed[name].content, name
        for key, value in fresh.metadata.items():
            if key not in {"translations"}:
                assert committed[name][key] == value, (name, key)


def test_editor_edit_survives_rebuild_and_reaches_the_site(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("a.txt", (FIXTURES / "inbox" / "fr-puces.txt").read_bytes())
    proj.build()
    path = next(proj.articles.glob("*.md"))
    post = frontmatter.load(path)
    post["summary"] = "Résumé écrit par la rédaction."
    post.content += "\n\nParagraphe ajouté par la rédaction."
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # Another raw file arrives; the edited article is not re-derived and keeps the edits.
    proj.add("b.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    report = proj.build()
    assert report.unchanged == ["content/inbox/a.txt"]
    again = frontmatter.load(path)
    assert again["summary"] == "Résumé écrit par la rédaction."
    assert again.content.endswith("Paragraphe ajouté par la rédaction.")
    assert again["provenance"]["fields"]["summary"]["method"] == "editor"
    html = (proj.site / "en" / "articles" / path.stem / "index.html").read_text(encoding="utf-8")
    assert "Résumé écrit par la rédaction." in html and "Paragraphe ajouté par la rédaction." in html


def test_bad_files_are_reported_and_the_rest_builds(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("good.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    proj.add("empty.txt", b"")
    proj.add("binary.txt", bytes(range(256)) * 16)
    proj.add("copy.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    raw_before = {p.name: p.read_bytes() for p in proj.inbox.iterdir()}
    report = proj.build()
    assert report.added == ["content/inbox/copy.txt"]
    skipped = "\n".join(report.skipped)
    assert "content/inbox/empty.txt: empty file" in skipped
    assert "content/inbox/binary.txt: looks binary" in skipped
    assert "content/inbox/good.txt: duplicate of content/inbox/copy.txt" in skipped
    assert len(list(proj.articles.glob("*.md"))) == 1
    assert (proj.site / "en" / "index.html").is_file()
    assert {p.name: p.read_bytes() for p in proj.inbox.iterdir()} == raw_before


def run_cli(proj, *args):
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=proj.root,
                          capture_output=True, text=True, timeout=300)


def test_cli_build_strict_fails_on_a_bad_file_with_one_line_naming_it(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("good.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.add("broken.txt", b"\x00\x01\x02\x03" * 100)
    proj.add("bad-date.txt", "---\ntitle: Quellwerk picks Görlitz\ndate: 2025-13-45\n---\n\n"
             + (FIXTURES / "inbox" / "zh-robot.txt").read_text(encoding="utf-8"))
    (proj.articles / "by-hand.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    lenient = run_cli(proj, "build", "--offline")
    assert lenient.returncode == 0, lenient.stderr
    assert "skipped content/inbox/broken.txt: looks binary (NUL bytes), not text" in lenient.stdout
    assert "error content/inbox/bad-date.txt:3: date: '2025-13-45' is not a valid date" in lenient.stdout
    assert lenient.stdout.count("skipped content/articles/by-hand.md:3: invalid YAML") == 1  # counted once
    # The report is published with the site: files are named relative to the project, never by absolute path.
    published = (proj.site / "build-report.json").read_text(encoding="utf-8")
    assert "content/articles/by-hand.md:3" in published and "content/inbox/bad-date.txt:3" in published
    for text in (lenient.stdout, published):
        assert str(proj.root) not in text and str(proj.root.resolve()) not in text
    assert len(list(proj.articles.glob("*.md"))) == 3  # the bad date's article is built too
    strict = run_cli(proj, "build", "--strict", "--offline")
    assert strict.returncode != 0
    assert "skipped" in strict.stderr + strict.stdout
    assert (proj.site / "en" / "index.html").is_file()


def test_cli_inspect_prints_one_json_object_and_writes_nothing(tmp_path):
    proj = new_project(tmp_path / "p")
    raw = proj.add("a.txt", (FIXTURES / "inbox" / "en-robot-wrapped.txt").read_bytes())
    result = run_cli(proj, "inspect", str(raw), "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in ("title", "language", "published", "source", "topics", "topic_terms",
                "summary", "key_points", "body", "removed"):
        assert key in record
    assert record["language"] == "en"
    assert "robotics" in record["topics"]
    assert list(proj.articles.iterdir()) == []
    assert not proj.site.exists()
    readable = run_cli(proj, "inspect", str(raw))
    assert readable.returncode == 0 and record["title"] in readable.stdout


def test_cli_reports_config_errors_cleanly(tmp_path):
    proj = new_project(tmp_path / "p", mkdocs_text="site_name: X\nextra:\n  briefing:\n    languages: 5\n")
    result = run_cli(proj, "build", "--offline")
    assert result.returncode == 1
    assert "extra.briefing.languages" in result.stderr
    assert "Traceback" not in result.stderr


def test_added_topic_in_mkdocs_yml_gets_a_page(tmp_path):
    text = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("    languages: [en, fr]\n", """    languages: [en, fr]
    topics:
      retail:
        title: Retail
        description: Shops and shoppers.
        terms: {en: [retailer, shoppers]}
""")
    proj = new_project(tmp_path / "p", mkdocs_text=text)
    proj.add("r.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.build(strict=True)
    post = frontmatter.load(next(proj.articles.glob("*.md")))
    assert post["topics"] == ["retail"]
    assert linked_articles(proj.site / "en" / "topics" / "retail" / "index.html") == {next(proj.articles.glob("*.md")).stem}


def shown(text: str, language: str) -> str:
    """Text as a page of `language` prints it: footnote markers removed, French spacing on French pages."""
    text = markup.strip_markers(text)
    return markup.french_spacing(text) if language == "fr" else text


def test_sample_site_shows_every_seed_in_english_and_french(sample_site):
    notes = {"en": "Translated from French by the editor",
             "fr": "Traduit par la rédaction (langue d’origine : anglais)"}
    for post in articles_by_input(sample_site).values():
        other = "fr" if post["language"] == "en" else "en"
        translation = post["translations"][other]
        assert translation["status"] == "editor"
        page = sample_site.site / other / "articles" / post["_slug"] / "index.html"
        html = unescape(page.read_text(encoding="utf-8"))
        assert "<h1" in html and shown(translation["title"], other) in html
        # Up to its first footnote marker (markers are linked to the sources, or removed).
        assert shown(markup.split_markers(translation["body"].split("\n\n")[0])[0][0], other) in html
        assert shown(notes[other], other) in html
        # The original follows on the page, but stays out of this language's search index.
        first = markup.strip_markers(post.content.split("\n\n")[0])
        assert first in html
        # Search: this language's title, dek, key points and body are indexed, never the original.
        doc = search_docs(sample_site.site, other)[f"articles/{post['_slug']}/"]
        indexed = doc["t"] + " " + doc["x"]  # spaces collapsed (French spacing's narrow no-break spaces too)

        def spaced(text: str, language: str = other) -> str:
            return " ".join(shown(text, language).split())

        assert first[:40] not in indexed and spaced(translation["title"]) in indexed
        assert spaced(translation["summary"])[:40] in indexed
        assert all(spaced(point)[:40] in indexed for point in translation["key_points"])
        assert spaced(markup.strip_markers(translation["body"].split("\n\n")[-1]))[:40] in indexed
        original = unescape((sample_site.site / post["language"] / "articles" / post["_slug"] / "index.html")
                            .read_text(encoding="utf-8"))
        assert post["title"] in original and notes[other] not in original


def test_root_index_sends_readers_to_the_default_language(sample_site):
    html = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert 'url=en/index.html' in html
    assert sorted(p.name for p in sample_site.site.iterdir()) == ["build-report.json", "en", "fr", "index.html"]


def test_language_selector_links_the_same_page_in_every_language(sample_site):
    slug = next(iter(articles_by_input(sample_site).values()))["_slug"]
    html = (sample_site.site / "fr" / "articles" / slug / "index.html").read_text(encoding="utf-8")
    links = dict(re.findall(r'hreflang="(\w+)"[^>]*?href="([^"]+)"', html))
    for lang in ("en", "fr"):
        target = (sample_site.site / "fr" / "articles" / slug / links[lang] / "index.html").resolve()
        assert target == (sample_site.site / lang / "articles" / slug / "index.html").resolve()
        assert target.is_file()


def test_each_language_index_holds_only_its_language(sample_site):
    posts = articles_by_input(sample_site)
    french_only = "semi-conducteurs"  # in the French seed's own text and the French translations only
    for lang in ("en", "fr"):
        docs = search_docs(sample_site.site, lang).values()
        text = " ".join(doc["x"] + " " + doc["t"] for doc in docs).lower()
        assert (french_only in text) == (lang == "fr"), lang
        index = json.loads((sample_site.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang] and index["docs"] == []  # the manifest only: no index to build
        titles = {doc["t"] for doc in docs}
        for post in posts.values():
            title = post["title"] if post["language"] == lang else post["translations"][lang]["title"]
            assert " ".join(shown(title, lang).split()) in titles  # spaces collapsed


def test_search_index_holds_every_article_once_and_no_listing_page(sample_site):
    """One document per article page; story, topic, tag and home pages repeat the articles' text: none."""
    posts = articles_by_input(sample_site)
    for language in ("en", "fr"):
        docs = search_docs(sample_site.site, language)
        assert sorted(docs) == sorted(f"articles/{post['_slug']}/" for post in posts.values())


def _entry_text(site: Path, language: str, post) -> tuple[str, bool]:
    """The indexed text that finds an article (its own entry, else its story's), and whether it is its own."""
    entries = search_docs(site, language)
    own = entries.get(f"articles/{post['_slug']}/")
    entry = own or entries[f"stories/{page_name(post['story'])}/"]
    return entry["t"] + " " + entry["x"], own is not None


def test_search_indexes_the_whole_text_summary_points_and_names(sample_site):
    for post in articles_by_input(sample_site).values():
        view = post if post["language"] == "en" else post["translations"]["en"]
        indexed, own = _entry_text(sample_site.site, "en", post)
        assert own
        assert view["title"] in indexed and view["summary"][:40] in indexed
        assert all(point[:40] in indexed for point in view["key_points"])
        body = post.content if post["language"] == "en" else view["body"]
        paragraphs = [" ".join(markup.strip_markers(p).split())[:60] for p in body.split("\n\n") if len(p) > 60]
        assert paragraphs and all(p in indexed for p in paragraphs)


def test_search_without_full_text_indexes_summary_and_points_but_not_the_body(tmp_path):
    text = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("    languages: [en, fr]\n", "    languages: [en]\n    site:\n      search_full_text: false\n")
    proj = new_project(tmp_path / "p", mkdocs_text=text)
    proj.add("r.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.build(strict=True)
    post = frontmatter.load(next(proj.articles.glob("*.md")))
    post["_slug"] = next(proj.articles.glob("*.md")).stem
    indexed, own = _entry_text(proj.site, "en", post)
    assert own and post["summary"][:50] in indexed
    # Its key points are sentences of the body: with the body out, each is indexed once (with it, twice).
    assert post["key_points"] and all(indexed.count(point[:50]) == 1 for point in post["key_points"])


def test_more_languages_than_cores_build_one_after_another(tmp_path, monkeypatch):
    """With every core busy, a language's MkDocs waits for the oldest run; every site still lands."""
    import os

    text = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    proj = new_project(tmp_path / "p", mkdocs_text=text.replace("languages: [en, fr]", "languages: [en, fr, de]"))
    proj.add("r.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    proj.build(strict=True)
    slug = next(proj.articles.glob("*.md")).stem
    for language in ("en", "fr", "de"):
        assert (proj.site / language / "articles" / slug / "index.html").is_file(), language
        assert not list((proj.site).glob(f".{language}.new-*"))
