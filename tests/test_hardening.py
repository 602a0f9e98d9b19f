"""Hardened against what an inbox and a hand edit can hold (issue 16): links, YAML bombs, wrong shapes, BOMs, `lang`."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import random
import re
import time
from datetime import date
from pathlib import Path

import frontmatter
import pytest

from briefing import fsutil, pipeline
from briefing.content import read, schema
from briefing.render import pages as render
from briefing.stages import ingest, stories
from briefing.errors import MAX_REASON, InputError, excerpt
from briefing.models import Translation
from briefing.outputs.report import BuildReport
from briefing.content.store import ContentStore

from conftest import FIXTURES, new_project

SECRET = "SECRET-c0ffee-7d41"
CANARY = "canary-mkdocs-5f19"


def bomb(levels: int = 9) -> str:
    """A 'billion laughs' YAML document: each level repeats the one before nine times (~500 bytes)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nsummary: *a{levels - 1}\n"


def every_text_under(*folders: Path) -> str:
    """The text of every regular file under the folders (links are not followed)."""
    out = []
    for folder in folders:
        for top, _, files in os.walk(folder):
            for name in files:
                path = Path(top) / name
                if not path.is_symlink():
                    out.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(out)


def rel(proj, path: Path) -> str:
    """A file as the build report names it: relative to the project root."""
    return path.relative_to(proj.root).as_posix()


def built(tmp_path, *names: str):
    """A project with the named fixtures in its inbox, built once."""
    proj = new_project(tmp_path / "p")
    for name in names:
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    report = proj.build()
    assert report.skipped == [] and report.problems == []
    return proj


def content_of(proj, input_name: str) -> Path:
    """The content file derived from inbox file `input_name`."""
    return next(p for p in proj.articles.glob("*.md")
                if frontmatter.load(p)["provenance"]["input"] == f"content/inbox/{input_name}")


# ----------------------------------------------------------------------------- 1. symbolic links
def test_symlinks_in_content_are_refused_and_nothing_outside_is_published(tmp_path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    secret_text = f"Secret quarterly plan {SECRET}.\n\nThe chip maker said revenue rose 9% in the quarter, its chief said.\n"
    (outside / "secret.txt").write_text(secret_text, encoding="utf-8")
    (outside / "folder" / "inner.txt").write_text(secret_text, encoding="utf-8")
    (outside / "secret.md").write_text(f"---\ntitle: {SECRET}\nlanguage: en\n---\n{secret_text}", encoding="utf-8")
    proj = new_project(tmp_path / "p")
    with proj.mkdocs_yml.open("a", encoding="utf-8") as handle:
        handle.write(f"# {CANARY}: the mkdocs.yml is not an article\n")
    proj.add("good.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    (proj.inbox / "nested").mkdir()
    links = {
        proj.inbox / "p.txt": outside / "secret.txt",
        proj.inbox / "linked": outside / "folder",
        proj.inbox / "nested" / "cfg.txt": Path("../../../mkdocs.yml"),
        proj.articles / "leak.md": outside / "secret.md",
        proj.articles / "cfg.md": Path("../../mkdocs.yml"),
    }
    for link, target in links.items():
        link.symlink_to(target)
    report = proj.build()
    for link in links:
        name = link.relative_to(proj.root).as_posix()
        lines = [line for line in report.skipped if line.startswith(f"{name}:")]
        assert len(lines) == 1 and "symbolic link" in lines[0], name
    assert len(report.added) == 1 and report.failed  # the rest builds; --strict would fail
    published = every_text_under(proj.site, proj.articles, proj.build_dir)
    assert SECRET not in published and CANARY not in published
    assert SECRET not in report.summary() and CANARY not in report.summary()
    assert all(target.read_text(encoding="utf-8") == secret_text for target in (outside / "secret.txt",))


def test_reading_refuses_links_and_paths_outside_the_project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "inner.txt").write_text("fine", encoding="utf-8")
    (root / "inner-link.txt").symlink_to(root / "inner.txt")
    for path in (root / "link.txt", root / "inner-link.txt"):
        with pytest.raises(InputError, match="symbolic link|outside the project"):
            ingest.read_bytes(path, root)
    with pytest.raises(InputError, match="outside the project"):
        ingest.read_bytes(tmp_path / "secret.txt", root)
    with pytest.raises(InputError, match="symbolic link"):
        read.read_content(root / "inner-link.txt")
    assert ingest.read_bytes(root / "inner.txt", root) == b"fine"
    # `briefing inspect FILE` reads the one file the user names, wherever it is (it publishes nothing).
    assert ingest.read_bytes(root / "link.txt", root, confined=False) == SECRET.encode()
    os.mkfifo(root / "fifo.md")
    with pytest.raises(InputError, match="not a regular file"):
        read.read_content(root / "fifo.md")  # returns at once: a FIFO is never waited on


def test_a_content_folder_that_leads_outside_the_project_stops_the_build(tmp_path):
    proj = new_project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.md").write_text(f"---\ntitle: {SECRET}\n---\nbody\n", encoding="utf-8")
    proj.articles.rmdir()
    proj.articles.symlink_to(elsewhere)
    with pytest.raises(InputError, match="outside the project"):
        proj.build()
    assert not proj.site.exists() or SECRET not in every_text_under(proj.site)


# ----------------------------------------------------------------------------- 2. bounded YAML
def test_an_alias_bomb_in_a_content_file_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(f"---\ntitle: x\n{bomb()}---\nbody\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        read.read_content(path)
    assert time.perf_counter() - start < 1.0
    assert "aliases" in str(err.value) and err.value.line == 3 and len(str(err.value)) < 400


@pytest.mark.parametrize("nested", ["x: " + "[" * 200_000 + "]" * 200_000, "x:\n" + "- " * 200_000 + "y",
                                    "x: " + "{a: " * 100_000 + "1" + "}" * 100_000])
def test_deep_nesting_is_refused_without_a_crash(tmp_path, nested):
    path = tmp_path / "deep.md"
    path.write_text(f"---\n{nested}\n---\nbody\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError, match="nested more than"):
        read.read_content(path)  # libyaml's own composer would overflow the C stack here
    assert time.perf_counter() - start < 1.0


def test_an_alias_bomb_in_an_inbox_markdown_file_is_refused_at_once(tmp_path):
    root = tmp_path / "p"
    path = root / "content" / "inbox" / "bomb.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"---\ntitle: x\n{bomb()}---\nThe chip maker said revenue rose 9% in the quarter.\n",
                    encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        ingest.read(path, root)
    assert time.perf_counter() - start < 1.0
    assert "aliases" in str(err.value) and len(str(err.value)) < 400


def test_the_alias_bomb_in_both_places_keeps_the_build_and_its_report_small(tmp_path):
    proj = built(tmp_path, "en-retail.txt", "fr-puces.txt")
    proj.add("bomb.md", f"---\ntitle: boom\n{bomb()}---\nThe chip maker said revenue rose 9% in the quarter.\n")
    edited = content_of(proj, "fr-puces.txt")
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle:", f"\n{bomb().replace('summary:', 'note:')}title:", 1), encoding="utf-8")
    report = proj.build()
    lines = report.skipped + report.problems
    assert any(line.startswith("content/inbox/bomb.md:") and "aliases" in line for line in lines)
    assert any(line.startswith(f"{rel(proj, edited)}:") and "aliases" in line for line in lines)
    assert max(map(len, lines)) < 500
    assert (proj.site / "build-report.json").stat().st_size < 20_000
    assert report.failed and len(list(proj.articles.glob("*.md"))) == 2
    assert max(p.stat().st_size for p in proj.articles.glob("*.md")) < 200_000


def test_no_message_echoes_more_than_an_excerpt_of_a_value(tmp_path):
    huge = "x" * 1_000_000
    path = tmp_path / "big.md"
    for front in (f"topics: [{{a: '{huge}'}}]", f"title: [{huge}]", f"language: '{huge}'", f"date: '{huge}'",
                  f"summary: '{huge}'", f"key_points: ['{huge}']"):
        path.write_text(f"---\n{front}\n---\nbody\n", encoding="utf-8")
        with pytest.raises(InputError) as err:
            read.read_content(path)
        assert len(str(err.value)) <= len(str(path)) + MAX_REASON + 10, front
    assert len(InputError("f", "y" * 10**6).reason) <= MAX_REASON
    assert len(excerpt(list(range(10**6)))) <= 60 and len(excerpt(huge)) <= 60


def test_every_field_has_a_size_cap_and_the_pipeline_writes_within_it():
    long_title = "word " * 10_000
    fields = schema.clipped({"title": long_title, "key_points": [long_title * 30], "summary": "short"})
    assert len(fields["title"]) == schema.SHORT and len(fields["key_points"][0]) == schema.LONG
    assert fields["summary"] == "short"
    assert schema.problems(fields, "body") == []
    assert schema.problems({"title": long_title}, "body")[0][0] == "title"


# ----------------------------------------------------------------------------- 4. wrong shapes
WRONG_SHAPES = {
    "provenance.fields": ("provenance:\n  fields: [1, 2]", 3),
    "topic_terms.chips": ("topic_terms: {chips: 5}", 2),
    "topics[0]": ("topics: [{a: 1}]", 2),
    "key_points": ("key_points: 5", 2),
    "translations": ("translations: [fr]", 2),
    "translations.fr.status": ("translations:\n  fr: {status: done}", 3),
    "translations.fr.key_points": ("translations:\n  fr:\n    status: machine\n    key_points: 7", 5),
    "translations.en\" id=\"x": ("translations:\n  'en\" id=\"x': {status: pending}", 2),
    "date": ("date: 2024-02-31x", 2),
    "language": ("language: [en]", 2),
    "title": ("title: {a: 1}", 2),
    "provenance.versions.clean": ("provenance:\n  versions: {clean: one}", 3),
}


@pytest.mark.parametrize("field", WRONG_SHAPES)
def test_a_wrong_shape_names_file_line_and_field(tmp_path, field):
    front, line = WRONG_SHAPES[field]
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\nbody\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read.read_content(path)
    assert str(err.value).startswith(f"{path}:{line}: {field.split('.')[0]}")
    assert err.value.line == line


@pytest.mark.parametrize("front", ["date: 2024-13-45", "n: " + "9" * 5000, "1: x", "- a list", "x: !!binary QUJD"])
def test_valid_yaml_that_python_refuses_is_reported_not_raised(tmp_path, front):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\nbody\n", encoding="utf-8")
    try:
        read.to_article(read.read_content(path))
    except InputError as exc:
        assert str(exc).startswith(f"{path}:")


def test_wrong_shape_edits_keep_the_last_good_version_and_the_rest_builds(tmp_path):
    proj = built(tmp_path, "en-retail.txt", "fr-puces.txt", "zh-robot.txt")
    en, fr = content_of(proj, "en-retail.txt"), content_of(proj, "fr-puces.txt")
    en_title = frontmatter.load(en)["title"]
    en_page = proj.site / "en" / "articles" / en.stem / "index.html"
    assert en_title in en_page.read_text(encoding="utf-8")
    en.write_text(re.sub(r"(?m)^topic_terms:.*\n(  .*\n)*", "topic_terms: {chips: 5}\n",
                         re.sub(r"(?m)^title: .*$", "title: Edited title", en.read_text(encoding="utf-8"), count=1)),
                  encoding="utf-8")
    fr.write_text(re.sub(r"(?m)^  fields:\n", "  fields: [1, 2]\n  old_fields:\n", fr.read_text(encoding="utf-8")),
                  encoding="utf-8")
    (proj.articles / "hand.md").write_text("---\ntitle: Hand written\ntopics: [{a: 1}]\n---\nSome text.\n",
                                           encoding="utf-8")
    broken = {p: p.read_bytes() for p in (en, fr, proj.articles / "hand.md")}
    report = proj.build()
    assert re.search(rf"^{re.escape(rel(proj, en))}:\d+: topic_terms\.chips: must be a list.*last good version",
                     "\n".join(report.problems), re.M)
    assert re.search(rf"^{re.escape(rel(proj, fr))}:\d+: provenance\.fields: must be a mapping", "\n".join(report.problems), re.M)
    assert any(line.startswith(f"{rel(proj, proj.articles / 'hand.md')}:3: topics[0]: must be text") for line in report.skipped)
    assert report.failed
    # The broken files stay as the editor left them; no second copy is derived; the site keeps the last good pages.
    assert {p: p.read_bytes() for p in broken} == broken
    assert len(list(proj.articles.glob("*.md"))) == 4
    assert en_title in en_page.read_text(encoding="utf-8") and "Edited title" not in en_page.read_text(encoding="utf-8")
    assert (proj.site / "en" / "articles" / fr.stem / "index.html").is_file()
    assert not (proj.site / "en" / "articles" / "hand").exists()
    # Fixed: the edit is published.
    en.write_text(en.read_text(encoding="utf-8").replace("topic_terms: {chips: 5}", "topic_terms: {}"), encoding="utf-8")
    report = proj.build()
    assert not any(rel(proj, en) in line for line in report.problems + report.skipped)
    assert "Edited title" in en_page.read_text(encoding="utf-8")


def _random_value(rng: random.Random, depth: int = 0):
    """A random YAML-able value of any shape."""
    kinds = ["int", "float", "bool", "none", "str", "long", "date", "code", "list", "dict"]
    kind = rng.choice(kinds if depth < 3 else kinds[:8])
    if kind == "list":
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "dict":
        return {rng.choice(["a", "status", "fr", "chips", "hash", 1]): _random_value(rng, depth + 1)
                for _ in range(rng.randint(0, 3))}
    return {"int": rng.randint(-5, 10**6), "float": rng.random(), "bool": rng.random() < 0.5, "none": None,
            "str": rng.choice(["", "x", "machine", "chips", "2024-01-02", "<b>&\"'"]), "long": "y" * 5000,
            "date": date(2024, 1, 2), "code": "en"}[kind]


def _fuzzed(rng: random.Random, base: dict) -> dict:
    """`base` with one or two known fields (or nested fields) replaced by random values."""
    meta = json.loads(json.dumps(base, default=str))
    for _ in range(rng.randint(1, 2)):
        key = rng.choice([*schema.FIELDS, "translations.fr", "translations.fr.body", "provenance.fields.title",
                          "provenance.versions", "provenance.input", "story"])
        target, *rest = key.split(".")
        holder, name = meta, target
        for part in rest:
            holder = holder.setdefault(name, {}) if isinstance(holder.get(name), dict) else holder
            name = part
        holder[name] = _random_value(rng)
    return meta


def test_fuzz_wrong_shapes_are_reported_never_raised(tmp_path):
    proj = built(tmp_path, "en-retail.txt")
    source = next(proj.articles.glob("*.md"))
    base = frontmatter.load(source)
    rng = random.Random(16)
    for number in range(400):
        meta = _fuzzed(rng, base.metadata)
        path = tmp_path / f"f{number}.md"
        path.write_text(frontmatter.dumps(frontmatter.Post(base.content, **meta)), encoding="utf-8")
        try:
            article = read.to_article(read.read_content(path))
        except InputError as exc:
            assert len(str(exc)) < len(str(path)) + MAX_REASON + 10
            continue
        assert article.slug == path.stem
    # A whole build over many random shapes: every file is built or named in the report.
    for number in range(24):
        meta = _fuzzed(rng, base.metadata)
        meta.pop("provenance", None)  # hand-written: no input to derive it again from
        (proj.articles / f"fuzz-{number}.md").write_text(
            frontmatter.dumps(frontmatter.Post(base.content, **meta)), encoding="utf-8")
    report = proj.build()
    named = "\n".join(report.skipped + report.problems)
    for number in range(24):
        page = proj.site / "en" / "articles" / f"fuzz-{number}" / "index.html"
        assert page.is_file() or f"fuzz-{number}.md" in named


# ----------------------------------------------------------------------------- 5. BOM, CRLF, Latin-1
def test_bom_and_crlf_content_files_are_read_as_they_are(tmp_path):
    proj = built(tmp_path, "en-retail.txt", "fr-puces.txt")
    en, fr = content_of(proj, "en-retail.txt"), content_of(proj, "fr-puces.txt")
    titles = {p: frontmatter.load(p)["title"] for p in (en, fr)}
    en.write_bytes(codecs.BOM_UTF8 + en.read_bytes())  # Windows Notepad
    fr.write_bytes(codecs.BOM_UTF8 + fr.read_bytes().replace(b"\n", b"\r\n"))
    report = proj.build()
    assert report.skipped == [] and report.problems == [] and report.added == []
    assert sorted(p.name for p in proj.articles.glob("*.md")) == sorted([en.name, fr.name])  # no "-2.md"
    for path, title in titles.items():
        text = path.read_bytes().decode("utf-8-sig")
        assert text.count("sha256:") == 1 and text.lstrip().startswith("---")  # one front matter, not two
        assert title in (proj.site / "en" / "articles" / path.stem / "index.html").read_text(encoding="utf-8")


def test_a_latin1_content_file_is_read_as_cp1252_and_reported_with_its_line(tmp_path):
    proj = built(tmp_path, "en-retail.txt")
    hand = proj.articles / "cafe.md"
    hand.write_bytes("---\ntitle: Café crème\nlanguage: fr\n---\nLe café coûte plus cher.\n".encode("latin-1"))
    report = proj.build()
    assert any(line.startswith(f"{rel(proj, hand)}:2: not UTF-8 (byte 0xE9)") for line in report.problems)
    page = (proj.site / "en" / "articles" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert "Café crème" in page and "Le café coûte plus cher." in page


@pytest.mark.parametrize("encode", [
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r").encode("utf-8"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("cp1252"),
])
def test_decode_content_reads_every_saving(tmp_path, encode):
    text = "---\ntitle: Café “crème”\n---\nBody é.\n"
    content = read.parse_content(tmp_path / "a.md", *read.decode_content(tmp_path / "a.md", encode(text)))
    assert content.metadata == {"title": "Café “crème”"} and content.body == "Body é."


# ----------------------------------------------------------------------------- 7. `lang` injection
INJECTED = 'en" id="__search" class="md-header" onmouseover="alert(1)'


def test_an_injected_language_is_refused_and_never_reaches_an_attribute(tmp_path):
    proj = built(tmp_path, "fr-puces.txt")
    (proj.articles / "hand.md").write_text(
        f"---\ntitle: Hand\nlanguage: {json.dumps(INJECTED)}\n---\nText of the hand-written article.\n", encoding="utf-8")
    report = proj.build()
    assert any(line.startswith(f"{rel(proj, proj.articles / 'hand.md')}:3: language: not a language code") for line in report.skipped)
    for page in proj.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'onmouseover' not in html
        assert all(schema.LANGUAGE_CODE.fullmatch(code) for code in re.findall(r'\slang="([^"]*)"', html)), page


def test_templates_escape_a_language_code_for_its_attribute(tmp_path):
    """Even a record that skipped the check (a future code path) cannot leave the attribute."""
    proj = built(tmp_path, "fr-puces.txt")
    config = proj.config()
    briefing = pipeline.assemble(config, BuildReport(), ContentStore.load(config.articles), record=False)
    # An editor translation shows the original text below it, in a section with the original's `lang`.
    english = Translation(language="en", status="editor", title="Title", summary="Dek.", body="Body.")
    hostile = [dataclasses.replace(a, language=INJECTED, translations=(english,)) for a in briefing.articles]
    briefing = stories.Briefing(tuple(hostile), tuple(stories.group(hostile, briefing.analyses)), briefing.analyses)
    pages = render.build_pages(briefing, config, config.site.templates, "en")
    article = next(p for p in pages if p.path.startswith("articles/"))
    assert 'lang="en&quot; id=&quot;__search&quot;' in article.text and 'id="__search"' not in article.text
    assert str(render.attribute('a"b<c>&')) == "a&quot;b&lt;c&gt;&amp;"


def test_config_refuses_a_language_that_is_not_a_code(tmp_path):
    from briefing.config import load_config
    from briefing.errors import ConfigError

    proj = new_project(tmp_path / "p")
    text = proj.mkdocs_yml.read_text(encoding="utf-8")
    proj.mkdocs_yml.write_text(re.sub(r"languages: \[[^\]]*\]", 'languages: [en, "fr\\" x=\\"y"]', text),
                               encoding="utf-8")
    with pytest.raises(ConfigError, match="not a language code"):
        load_config(proj.mkdocs_yml)


def test_links_in_lists_folders_and_files_without_following(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "dirlink").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "flink.txt").symlink_to(tmp_path / "real" / "f.txt")
    assert fsutil.links_in(tmp_path) == [tmp_path / "dirlink", tmp_path / "real" / "flink.txt"]
    assert ingest.discover(tmp_path) == [tmp_path / "real" / "f.txt"]


def test_a_template_link_to_outside_the_project_stops_the_build(tmp_path):
    (tmp_path / "secret.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    proj = new_project(tmp_path / "p")
    proj.add("good.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    link = proj.root / "templates" / "assets" / "leak.css"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(tmp_path / "secret.css")
    with pytest.raises(InputError, match="templates/assets/leak.css: a symbolic link to outside"):
        proj.build()
    assert not proj.site.exists() or SECRET not in every_text_under(proj.site)
