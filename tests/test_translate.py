"""Translation: the real deep-translator client against a LibreTranslate-compatible server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path

import frontmatter
import pytest

from briefing.content import read, schema
from briefing.stages import translate
from briefing.config import TranslationConfig
from briefing.models import Translation, TranslationStatus
from briefing.stages.translate import Link, Memory, Settings, Translator

from conftest import FIXTURES, article, new_project
from translation_server import FakeLibreTranslate, refused_url

FRENCH = article(
    language="fr",
    title="La start-up Silicor lève 300 millions d'euros",
    summary="Silicor a annoncé jeudi une levée de fonds de 300 millions d'euros.",
    key_points=("La puce est gravée en 5 nanomètres.", "Les premiers clients la testeront dès l'automne."),
    body=("Silicor a annoncé jeudi une levée de fonds de 300 millions d'euros. La puce est gravée en 5 nanomètres."
          "\n\nLes premiers clients la testeront dès l'automne. Le gouvernement a salué une bonne nouvelle."
          "\n\nLe gouvernement a salué une bonne nouvelle."),
)
SOURCE = "f00d"
"""The source hash the content store would pass for FRENCH (any value: it is recorded as given)."""


def translated(original, target: str, tr: Translator) -> Translation:
    """`translate_article` as the pipeline calls it."""
    return translate.translate_article(original, target, tr, SOURCE)


def settings(*urls: str, deadline: float = 2.0, retries: int = 2, limit: int = 2000) -> Settings:
    return Settings(chain=tuple(Link("libre", u) for u in urls), api_key=None, region=None,
                    deadline=deadline, retries=retries, backoff=0.01, libre_char_limit=limit)


def translator(tmp_path, *urls, **kw) -> Translator:
    return Translator(settings(*urls, **kw), Memory(tmp_path / "tm.jsonl"))


def test_success_translates_every_field_in_few_requests(tmp_path):
    with FakeLibreTranslate() as server:
        tr = translator(tmp_path, server.url)
        entry = translated(FRENCH, "en", tr)
    assert entry.status == "machine" and entry.provider == "libre"
    assert entry.title == "[en] La start-up Silicor lève 300 millions d'euros"
    assert entry.summary == "[en] Silicor a annoncé jeudi une levée de fonds de 300 millions d'euros."
    assert entry.key_points == ("[en] La puce est gravée en 5 nanomètres.",
                                "[en] Les premiers clients la testeront dès l'automne.")
    paragraphs = entry.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0] == ("[en] Silicor a annoncé jeudi une levée de fonds de 300 millions d'euros. "
                             "[en] La puce est gravée en 5 nanomètres.")
    # Everything fits one request: title, and each distinct sentence once (summary and key points are body sentences).
    assert server.translate_calls == tr.requests == 1
    sent = server.requests[0]["q"].split("\n")
    assert len(sent) == len(set(sent)) == 5  # title + four distinct sentences
    assert server.requests[0]["source"] == "fr" and server.requests[0]["target"] == "en"


def test_requests_stay_near_characters_over_limit_and_never_cut_sentences(tmp_path):
    sentences = [f"Phrase numéro {i} sur les puces et les robots de l'entreprise Silicor." for i in range(60)]
    fields = FRENCH.replace(body="\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, 60, 3)))
    limit = 500
    with FakeLibreTranslate() as server:
        tr = translator(tmp_path, server.url, limit=limit)
        entry = translated(fields, "en", tr)
        sent = [line for r in server.requests for line in r["q"].split("\n")]
        sizes = [len(r["q"]) for r in server.requests]
    assert entry.status == "machine"
    total = sum(len(s) + 1 for s in set(sent))
    assert max(sizes) <= limit
    assert server.translate_calls <= math.ceil(total / limit) + 1
    assert set(sentences) <= set(sent)  # whole sentences only


def test_429_then_success_is_retried(tmp_path):
    with FakeLibreTranslate("429") as server:
        tr = translator(tmp_path, server.url)
        entry = translated(FRENCH, "en", tr)
    assert entry.status == "machine"
    assert server.translate_calls == 2


def test_persistent_500_leaves_pending_after_bounded_retries(tmp_path):
    with FakeLibreTranslate(default="500") as server:
        tr = translator(tmp_path, server.url, retries=2)
        first = translated(FRENCH, "en", tr)
        second = translated(FRENCH.replace(title="Autre titre"), "en", tr)
    assert first.status == second.status == "pending"
    assert server.translate_calls == 3  # one request, two retries; then the server is skipped
    assert len(tr.memory) == 0


def test_server_that_never_answers_costs_one_deadline_and_is_then_down(tmp_path):
    with FakeLibreTranslate(default="hang") as server:
        tr = translator(tmp_path, server.url, deadline=0.5, retries=3)
        start = time.monotonic()
        entry = translated(FRENCH, "en", tr)
        entry2 = translated(FRENCH.replace(title="Autre"), "en", tr)
        entry3 = translated(FRENCH, "de", tr)
        elapsed = time.monotonic() - start
        calls = server.translate_calls
    assert entry.status == entry2.status == entry3.status == "pending"
    assert calls == 1  # no retry after a timeout, and no request once the server is down
    assert server.url.rstrip("/") in next(iter(tr.down))
    assert elapsed < 0.5 + 1.5  # one deadline, plus slack; never deadline × attempts


def test_a_silent_server_falls_through_to_the_next_one(tmp_path):
    with FakeLibreTranslate(default="hang") as silent, FakeLibreTranslate() as live:
        tr = translator(tmp_path, silent.url, live.url, deadline=0.5, retries=3)
        entry = translated(FRENCH, "en", tr)
        assert silent.translate_calls == 1
    assert entry.status == "machine" and entry.title.startswith("[en] ")


def test_malformed_json_is_not_retried_and_stays_pending(tmp_path):
    with FakeLibreTranslate(default="badjson") as server:
        tr = translator(tmp_path, server.url)
        entry = translated(FRENCH, "en", tr)
    assert entry.status == "pending"
    assert server.translate_calls == 1


def test_connection_refused_falls_through_to_the_next_server(tmp_path):
    with FakeLibreTranslate() as server:
        tr = translator(tmp_path, refused_url(), server.url, retries=1)
        entry = translated(FRENCH, "en", tr)
    assert entry.status == "machine" and entry.provider == "libre"
    assert tr.requests == 2 + 1  # two attempts on the dead server, one on the live one
    assert any("refused" in reason or "connection" in reason for reason in tr.down.values())


def test_echoed_text_is_not_a_translation(tmp_path):
    with FakeLibreTranslate(default="echo") as server:
        entry = translated(FRENCH, "en", translator(tmp_path, server.url))
    assert entry.status == "pending"


def test_merged_lines_fall_back_to_one_request_per_sentence(tmp_path):
    with FakeLibreTranslate("merge") as server:
        tr = translator(tmp_path, server.url)
        entry = translated(FRENCH, "en", tr)
    assert entry.status == "machine"
    assert entry.title == "[en] La start-up Silicor lève 300 millions d'euros"
    assert server.translate_calls == 1 + 5


def test_memory_makes_a_rebuild_free_and_survives_reloading(tmp_path):
    with FakeLibreTranslate() as server:
        tr = translator(tmp_path, server.url)
        first = translated(FRENCH, "en", tr)
        tr.memory.save()
        again = Translator(settings(server.url), Memory(tmp_path / "tm.jsonl"))
        second = translated(FRENCH, "en", again)
        assert server.translate_calls == 1
    assert again.requests == 0
    assert dataclasses.replace(second, translated_at=None) == dataclasses.replace(first, translated_at=None)
    # Offline, with the memory warm, the article is still complete.
    offline = Translator(settings(refused_url()), Memory(tmp_path / "tm.jsonl"), offline=True)
    assert translated(FRENCH, "en", offline).status == "machine"


def test_pack_and_split_long():
    assert translate.pack(["aaaa", "bb", "cc", "dddddd"], 8) == [["aaaa", "bb"], ["cc"], ["dddddd"]]
    parts = translate.split_long("un deux trois quatre cinq six", 10)
    assert all(len(p) <= 10 for p in parts) and " ".join(parts) == "un deux trois quatre cinq six"


def test_environment_overrides_config():
    config = TranslationConfig(providers=["google"], url=None)
    env = {"BRIEFING_TRANSLATOR": "libre, mymemory", "BRIEFING_TRANSLATOR_URL": "http://a:1/,http://b:2/",
           "BRIEFING_TRANSLATOR_KEY": "k"}
    resolved = Settings.resolve(config, env)
    assert resolved.chain == (Link("libre", "http://a:1/"), Link("libre", "http://b:2/"), Link("mymemory"))
    assert resolved.api_key == "k"
    assert Settings.resolve(config, {}).chain == (Link("google"),)
    with pytest.raises(Exception, match="unknown provider 'babel'"):
        Settings.resolve(config, {"BRIEFING_TRANSLATOR": "babel"})


def test_editor_translations_are_never_replaced():
    assert not translate.needs_translation(Translation("fr", TranslationStatus.EDITOR, title="x"), "any-hash")
    assert translate.needs_translation(None, "h")
    assert translate.needs_translation(Translation("fr", TranslationStatus.PENDING), "h")
    assert translate.needs_translation(Translation("fr", TranslationStatus.MACHINE, source_hash="old"), "new")
    assert not translate.needs_translation(Translation("fr", TranslationStatus.MACHINE, source_hash="h"), "h")


# ----------------------------------------------------------------------------- whole builds
def french_project(tmp_path, **translation):
    text = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    settings_yaml = "".join(f"      {k}: {v}\n" for k, v in {"retries": 1, "backoff": 0.01, **translation}.items())
    text = text.replace("    languages: [en, fr]\n", "    languages: [en, fr]\n    translation:\n" + settings_yaml)
    proj = new_project(tmp_path / "p", mkdocs_text=text)
    proj.add("puces.txt", (FIXTURES / "inbox" / "fr-puces.txt").read_bytes())
    return proj


def translations_of(proj) -> dict:
    return frontmatter.load(next(proj.articles.glob("*.md")))["translations"]


@pytest.mark.slow
def test_build_translates_a_new_article_then_makes_zero_requests(tmp_path, monkeypatch):
    proj = french_project(tmp_path)
    with FakeLibreTranslate() as server:
        monkeypatch.setenv("BRIEFING_TRANSLATOR", "libre")
        monkeypatch.setenv("BRIEFING_TRANSLATOR_URL", server.url)
        report = proj.build(offline=False)
        entry = translations_of(proj)["en"]
        assert entry["status"] == "machine" and entry["provider"] == "libre"
        assert entry["title"].startswith("[en] ")
        assert report.translated == 1 and report.translation_requests == server.translate_calls >= 1
        calls = server.translate_calls
        again = proj.build(offline=False)
        assert server.translate_calls == calls
        assert again.translation_requests == 0
    assert (proj.root / "content" / "translation-memory.jsonl").is_file()
    html = next((proj.site / "en" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert entry["title"] in html.replace("&#39;", "'")


@pytest.mark.slow
def test_build_with_a_dead_server_stays_pending_then_completes(tmp_path, monkeypatch):
    proj = french_project(tmp_path, deadline=2, retries=3)
    for name in ("en-retail.txt", "zh-robot.txt"):  # three articles, each wanting a translation
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    with FakeLibreTranslate(default="hang") as server:
        monkeypatch.setenv("BRIEFING_TRANSLATOR", "libre")
        monkeypatch.setenv("BRIEFING_TRANSLATOR_URL", server.url)
        start = time.monotonic()
        report = proj.build(offline=False)
        assert time.monotonic() - start < 30
        # One request ran into the deadline; the build then treated the server as down.
        assert server.translate_calls == 1 and report.translation_requests == 1
        assert len(report.pending) == 4  # en-retail → fr, puces → en, zh-robot → en and fr
        puces = next(p for p in proj.articles.glob("*.md") if "puces" in p.read_text(encoding="utf-8"))
        assert frontmatter.load(puces)["translations"]["en"]["status"] == "pending"
        assert f"{puces.name} → en" in report.pending
        html = (proj.site / "en" / "articles" / puces.stem / "index.html").read_text(encoding="utf-8")
        assert "Translation pending" in html
        server.set_default("ok")
        fixed = proj.build(offline=False)
    assert frontmatter.load(puces)["translations"]["en"]["status"] == "machine"
    assert fixed.pending == []


@pytest.mark.slow
def test_offline_build_makes_no_connection_and_reports_pending(tmp_path, monkeypatch):
    proj = french_project(tmp_path)
    with FakeLibreTranslate() as server:
        monkeypatch.setenv("BRIEFING_TRANSLATOR", "libre")
        monkeypatch.setenv("BRIEFING_TRANSLATOR_URL", server.url)
        report = proj.build(offline=True)
        assert server.requests == []
    assert translations_of(proj)["en"]["status"] == "pending"
    assert "1 pending (offline)" in report.summary()


@pytest.mark.slow
def test_editor_translation_survives_builds_with_a_live_server(tmp_path, monkeypatch):
    proj = french_project(tmp_path)
    proj.build()
    path = next(proj.articles.glob("*.md"))
    post = frontmatter.load(path)
    post["translations"] = {"en": {"title": "Silicor raises 300 million euros", "summary": "Edited.",
                                   "key_points": [], "body": "Editor text.", "provider": "editor",
                                   "status": "editor", "translated_at": "2026-11-23"}}
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with FakeLibreTranslate() as server:
        monkeypatch.setenv("BRIEFING_TRANSLATOR", "libre")
        monkeypatch.setenv("BRIEFING_TRANSLATOR_URL", server.url)
        proj.build(offline=False)
        assert server.requests == []
    assert translations_of(proj)["en"]["title"] == "Silicor raises 300 million euros"


def test_a_damaged_translation_memory_line_is_named_and_the_others_are_kept(tmp_path, caplog):
    path = tmp_path / "tm.jsonl"
    memory = Memory(path)
    memory.put("libre", "fr", "en", "Bonjour", "Hello")
    memory.put("libre", "fr", "en", "Merci", "Thanks")
    memory.save()
    first, second = path.read_text(encoding="utf-8").splitlines()
    # A line cut in two (a bad merge): joined back, the two halves would read as one valid entry.
    cut = len(second) // 2
    path.write_text(f"{first}\n{second[:cut]}\n{second[cut:]}\n", encoding="utf-8")
    again = Memory(path)
    kept = {"Bonjour": "Hello", "Merci": "Thanks"}
    intact = next(source for source in kept if Memory.key("libre", "fr", "en", source) in first)
    assert len(again) == 1
    assert again.get("libre", "fr", "en", intact) == kept[intact]
    assert "tm.jsonl:2: unreadable translation memory entry" in caplog.text
    assert "tm.jsonl:3: unreadable translation memory entry" in caplog.text


# ----------------------------------------------------------------------------- outdated translations
def test_settled_adopts_hand_edits_and_keeps_what_a_translation_was_made_from():
    def settle(entry: dict, current: str) -> Translation:
        return read.settled(schema.TranslationEntry.model_validate(entry), "fr", current)

    machine = {"status": "machine", "title": "T", "summary": "", "key_points": [], "body": "B", "source_hash": "s1"}
    machine["text_hash"] = translate.source_hash("T", "", [], "B")
    kept = settle(machine, "s2")  # untouched: still the pipeline's, and outdated
    assert kept.status == TranslationStatus.MACHINE and kept.source_hash == "s1" and kept.outdated
    assert not settle(machine, "s1").outdated
    edited = settle({**machine, "title": "Hand-fixed"}, "s2")
    assert (edited.status, edited.title, edited.source_hash, edited.outdated) == ("editor", "Hand-fixed", "s2", False)
    first = settle({"status": "editor", "title": "T", "body": "B"}, "s3")  # hand-written, no record
    assert first.source_hash == "s3" and first.text_hash == translate.source_hash("T", None, None, "B")
    # Recorded as settled, the entry (still without summary or key points) is the editor's as it was: now outdated.
    again = settle({"status": "editor", "title": "T", "body": "B", "source_hash": "s3", "text_hash": first.text_hash},
                   "s4")
    assert again.source_hash == "s3" and again.outdated
    made_from = settle({"status": "editor", "title": "T", "source_hash": "s1"}, "s5")
    assert made_from.source_hash == "s1" and made_from.outdated
    legacy = settle({"status": "machine", "title": "T", "source_hash": "s1"}, "s2")  # from before text hashes
    assert legacy.status == TranslationStatus.MACHINE and legacy.text_hash is None
    assert not settle({"status": "pending", "source_hash": "s1"}, "s2").outdated


def _edit(path: Path, change) -> None:
    post = frontmatter.load(path)
    change(post)
    path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _prepare(proj, offline: bool):
    from briefing import pipeline

    report, _ = pipeline.prepare(proj.project(), offline=offline)
    return report


@pytest.mark.slow
def test_an_edited_original_refreshes_machine_translations_and_flags_editor_ones(tmp_path, monkeypatch):
    proj = french_project(tmp_path)
    proj.add("retail.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    with FakeLibreTranslate() as server:
        monkeypatch.setenv("BRIEFING_TRANSLATOR", "libre")
        monkeypatch.setenv("BRIEFING_TRANSLATOR_URL", server.url)
        _prepare(proj, offline=False)
        puces = next(p for p in proj.articles.glob("*.md") if frontmatter.load(p)["language"] == "fr")
        retail = next(p for p in proj.articles.glob("*.md") if p != puces)
        # The editor takes over the English translation of the French article by correcting it.
        _edit(puces, lambda post: post["translations"]["en"].update(title="Silicor raises €300m"))
        report = _prepare(proj, offline=False)
        assert translations_of_file(puces)["en"]["status"] == "editor" and report.outdated == []
        # Both originals change: a new paragraph in each.
        for path in (puces, retail):
            _edit(path, lambda post: setattr(post, "content", post.content + "\n\nA paragraph added by the editor."))
        calls = server.translate_calls
        report = _prepare(proj, offline=False)
        assert server.translate_calls > calls
        fr = translations_of_file(retail)["fr"]
        assert fr["status"] == "machine" and fr["body"].endswith("[fr] A paragraph added by the editor.")
        en = translations_of_file(puces)["en"]
        assert en["title"] == "Silicor raises €300m" and "added by the editor" not in en["body"]
        assert report.outdated == [f"{puces.name} → en: the editor's translation predates the last change to the "
                                   "original: update it (any edit marks it current)"]
        assert f"translation outdated: {puces.name} → en" in report.summary()
        # Offline, a machine translation that cannot be refreshed is kept and flagged, not thrown away.
        _edit(retail, lambda post: post.__setitem__("title", "Brightmart sales fall again"))
        report = _prepare(proj, offline=True)
        assert translations_of_file(retail)["fr"]["status"] == "machine"
        assert any(line.startswith(f"{retail.name} → fr: machine translation of an earlier version")
                   for line in report.outdated)
        built = proj.build(offline=True)
        assert len(built.outdated) == 2
        page = (proj.site / "en" / "articles" / puces.stem / "index.html").read_text(encoding="utf-8")
        assert "Translation outdated" in page and "Silicor raises €300m" in page
        assert "Traduction à mettre à jour" in (proj.site / "fr" / "articles" / retail.stem / "index.html").read_text(
            encoding="utf-8")
        assert "Translation outdated" not in (proj.site / "en" / "articles" / retail.stem / "index.html").read_text(
            encoding="utf-8")
        # Online again: the machine translation is refreshed; the editor updates theirs; nothing is flagged.
        _edit(puces, lambda post: post["translations"]["en"].update(body=post["translations"]["en"]["body"]
                                                                    + "\n\nA paragraph the editor translated."))
        report = _prepare(proj, offline=False)
    assert report.outdated == [] and report.pending == []
    assert translations_of_file(retail)["fr"]["title"] == "[fr] Brightmart sales fall again"


def translations_of_file(path: Path) -> dict:
    return frontmatter.load(path)["translations"]
