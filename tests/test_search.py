"""The search index built at build time (briefing/outputs/search_index.py): words, folding, documents, term files."""

from __future__ import annotations

import json
import pickle

from briefing.outputs import search_index as search


def test_fold_lowercases_and_drops_accents_but_keeps_kana_voicing():
    assert search.fold("Sécurité ÉNERGIE") == "securite energie"
    assert search.fold("ＡＩ") == "ai"  # full-width forms
    assert search.fold("ガバナンス") == "ガバナンス"  # the voicing mark is part of the kana, not an accent


def test_words_split_on_punctuation_and_apostrophes_and_keep_jiebas_cuts_of_chinese():
    assert search.words("l'énergie, AI-powered (3.5%)") == ["l", "energie", "ai", "powered", "3", "5"]
    assert search.words("人工\u200b智能", "zh") == ["人工", "智能"]  # jieba's cuts, as Material leaves them
    assert search.words("人工\u200b智能", "zh", pairs=False) == ["人工", "智能"]
    assert search.words("AI芯片2027年") == ["ai", "芯片", "2027", "年"]


def test_japanese_is_cut_into_words_not_only_where_the_script_changes():
    # A katakana compound and a verb with its endings: splitting by script would leave each one word.
    assert search.words("データセンターの建設を行いました") == ["データ", "センター", "の", "建設", "を", "行い", "まし", "た"]
    # jieba's cuts of the kanji (a Chinese dictionary) are undone first on a Japanese site.
    assert search.words("物流\u200b倉庫", "ja") == search.words("物流倉庫", "ja") == ["物流", "倉庫"]
    # Latin and digits inside Japanese text stay as they were.
    assert search.words("東光ロボティクスはAI半導体を2027年に") == [
        "東光", "ロボティクス", "は", "ai", "半導体", "を", "半導", "導体", "2027", "年", "に"]


def test_chinese_words_of_three_characters_or_more_also_give_their_character_pairs():
    # On a Chinese site jieba's model may join a word with its neighbour (由代工): its pairs make 代工 a term.
    assert search.words("由代工\u200b伙伴", "zh") == ["由代工", "伙伴", "由代", "代工"]
    assert search.words("人工\u200b智能", "zh") == ["人工", "智能"]  # two-character words are terms as they are
    # Elsewhere jieba has a small dictionary and cuts more words in two (时耗 电约): every pair of the run.
    assert search.words("运行\u200b时耗\u200b电约") == ["运行", "时耗", "电约", "行时", "耗电"]


def test_page_docs_merge_sections_and_keep_a_storys_reports_together():
    entries = [
        {"location": "articles/b/", "title": "B", "text": "<p>one &amp; two</p>"},
        {"location": "articles/b/#part", "title": "Part", "text": "<p>three</p>"},
        {"location": "articles/a/", "title": "A", "text": "alpha"},
        {"location": "articles/c/", "title": "C", "text": "gamma"},
    ]
    story = ("stories/s/", "The story")
    docs = search.page_docs(entries, {"articles/b/": story, "articles/c/": story})
    assert [d.location for d in docs] == ["articles/a/", "articles/b/", "articles/c/"]
    assert docs[1].text == "one & two Part three" and docs[1].story == story


def test_postings_hold_gaps_title_flags_and_counts():
    docs = [search.Doc("a/", "Chips", "chips and chips"), search.Doc("b/", "Other", "no"),
            search.Doc("c/", "Third", "chips")]
    index = search.postings(docs)
    assert index["chips"] == [0 * 8 + 4 + 3, 2 * 8 + 1]  # doc 0: in the title, 3 times; doc 2 (gap 2): once
    assert index["no"] == [1 * 8 + 1]


def test_shards_split_big_groups_by_the_next_letter_and_place_each_term_once():
    index = {f"se{c}{i}": [1] * 30 for c in "abc" for i in range(20)} | {"s": [1], "se": [1], "x": [1]}
    groups = search.shard(index, limit=1000)
    placed = [term for terms in groups.values() for term in terms]
    assert sorted(placed) == sorted(index)
    for key, terms in groups.items():
        assert all(t.startswith(key) for t in terms)
        # each term is in the group of the longest key it starts with
        assert all(max((k for k in groups if t.startswith(k)), key=len) == key for t in terms)
    assert "x" in groups and len(groups) > 3


def test_write_index_replaces_materials_index_by_a_manifest_and_small_files(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    workers = site / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.1234.min.js").write_text("lunr worker", encoding="utf-8")
    entries = [{"location": f"articles/{i}/", "title": f"Title {i}", "text": f"word{i} sécurité"} for i in range(5)]
    (site / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": ["fr"]}, "docs": entries}))
    stats = search.write_index(site, {})
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    manifest = index["config"]["briefing"]
    assert index["docs"] == [] and index["config"]["lang"] == ["fr"]
    assert manifest["docs"] == 5 == stats["docs"] and manifest["starts"] == [0, 1, 2, 3, 4]
    assert len(list((site / "search" / "t").glob("*.js"))) == len(set(manifest["files"])) == stats["files"]
    assert len(list((site / "search" / "d").glob("*.js"))) == 2  # documents 0-3, then 4
    doc = (site / "search" / "d" / "1.js").read_text(encoding="utf-8")
    assert doc.startswith('__briefingSearch("d1",[{"l":"articles/4/"') and "sécurité" in doc
    text = (site / "search" / "t" / f"{manifest['files'][manifest['keys'].index('s')]}.js").read_text(encoding="utf-8")
    assert '"securite":[1,9,9,9,9]' in text  # every document, gaps of one, found once
    assert (workers / "search.1234.min.js").read_text(encoding="utf-8").startswith(search.MARKER)


def test_pack_puts_neighbouring_small_groups_in_one_file_in_key_order():
    groups = {key: {key + "x": [1]} for key in "abcdef"} | {"g": {"g" + str(i): [1] * 50 for i in range(20)}}
    files = search.pack(dict(sorted(groups.items())), limit=200)
    assert [key for keys in files for key in keys] == sorted(groups)
    assert files[0] == list("abcdef") and ["g"] in files


def test_the_term_cache_gives_the_same_index_and_cuts_only_new_or_changed_pages(tmp_path):
    docs = [search.Doc("a/", "Chips", "chips and chips"), search.Doc("b/", "Énergie", "l'énergie solaire"),
            search.Doc("c/", "Third", "chips")]
    path = tmp_path / "terms.pickle"
    first = search.TermCache(path)
    assert search.postings(docs, cache=first) == search.postings(docs) and first.hits == 0
    first.save()
    changed = [docs[0], search.Doc("b/", "Énergie", "l'énergie éolienne"), docs[2], search.Doc("d/", "New", "chips")]
    second = search.TermCache(path)
    assert search.postings(changed, cache=second) == search.postings(changed)
    assert second.hits == 2  # a/ and c/; b/ changed and d/ is new
    second.save()
    third = search.TermCache(path)
    search.postings(changed[2:], cache=third)
    third.save()
    # Only the last run's pages are kept; a cache of another version of the cut is not used.
    assert len(search.TermCache(path)._old) == 2
    path.write_bytes(pickle.dumps(("another version", search.TermCache(path)._old)))
    assert search.TermCache(path)._old == {}
    path.write_bytes(b"not a pickle")
    assert search.TermCache(path)._old == {}


def test_an_index_handed_over_in_memory_is_used_instead_of_the_file(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": ["en"]}, "docs": []}))
    entries = [{"location": f"a/{i}/", "title": f"T{i}", "text": "handed"} for i in range(3)]
    search.hand_over(site, {"config": {"lang": ["en"]}, "docs": entries})
    assert search.write_index(site, {})["docs"] == 3
    assert search.write_index(site, {})["docs"] == 0  # taken once: the next run reads the file again


def test_an_index_staged_as_links_keeps_the_files_that_do_not_change_and_never_writes_into_them(tmp_path):
    import os
    import shutil

    def material(site, texts):
        (site / "search").mkdir(parents=True, exist_ok=True)
        entries = [{"location": f"a/{i}/", "title": f"T{i}", "text": text} for i, text in enumerate(texts)]
        (site / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": entries}))

    texts = [f"word{i} common" for i in range(9)]  # documents in three files
    live = tmp_path / "live"
    material(live, texts)
    assert search.write_index(live, {})["written"] == 4  # 3 document files, 1 term file
    before = {p.name: p.read_bytes() for p in (live / "search" / "d").iterdir()}
    staged = tmp_path / "staged"
    shutil.copytree(live, staged, copy_function=os.link)  # as an incremental run stages the previous site
    (staged / "search" / "search_index.json").unlink()
    (staged / "search" / "d" / "9.js").write_text("an older, longer index's")
    texts[5] = "word5 changed"  # a typo fix in the second file's documents
    material(staged, texts)
    assert search.write_index(staged, {})["written"] == 2  # its document file and the term file
    assert (staged / "search" / "d" / "0.js").samefile(live / "search" / "d" / "0.js")
    assert not (staged / "search" / "d" / "1.js").samefile(live / "search" / "d" / "1.js")
    assert {p.name: p.read_bytes() for p in (live / "search" / "d").iterdir()} == before  # the live site untouched
    assert sorted(p.name for p in (staged / "search" / "d").iterdir()) == ["0.js", "1.js", "2.js"]
    fresh = tmp_path / "fresh"
    material(fresh, texts)
    search.write_index(fresh, {})
    assert {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()} == \
        {p.relative_to(staged): p.read_bytes() for p in staged.rglob("*") if p.is_file()}


def test_a_story_added_last_takes_the_last_ids_and_leaves_the_earlier_document_files_as_they_were(tmp_path):
    """Documents are numbered by when their story was added (front matter search_order), not by address: a new
    story's pages go last, even when their address sorts first."""
    import os
    import shutil

    def material(site, pages):
        (site / "search").mkdir(parents=True, exist_ok=True)
        entries = [{"location": location, "title": location, "text": f"common {location.strip('/')}"}
                   for location in pages]
        (site / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": entries}))

    pages = {f"b/{i}/": f"2026-01-0{i + 1}T00:00:00" for i in range(9)}  # three document files
    live = tmp_path / "live"
    material(live, pages)
    search.write_index(live, {}, order=pages)
    staged = tmp_path / "staged"
    shutil.copytree(live, staged, copy_function=os.link)
    (staged / "search" / "search_index.json").unlink()
    pages["a/new/"] = "2026-02-01T00:00:00"  # its address sorts first; it was added last
    material(staged, pages)
    assert search.write_index(staged, {}, order=pages)["written"] == 2  # the last document file and the term file
    for n in (0, 1):
        assert (staged / "search" / "d" / f"{n}.js").samefile(live / "search" / "d" / f"{n}.js")
    last = (staged / "search" / "d" / "2.js").read_text(encoding="utf-8")
    assert last.index('"b/8/"') < last.index('"a/new/"')


def test_the_term_cache_is_not_written_again_when_every_page_is_the_last_runs(tmp_path):
    docs = [search.Doc("a/", "A", "one two"), search.Doc("b/", "B", "three")]
    path = tmp_path / "terms.pickle"
    cache = search.TermCache(path)
    search.postings(docs, cache=cache)
    cache.save()
    before = path.stat()
    again = search.TermCache(path)
    search.postings(docs, cache=again)
    again.save()
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns
    fewer = search.TermCache(path)
    search.postings(docs[:1], cache=fewer)  # a page gone: the cache keeps only this run's
    fewer.save()
    assert len(search.TermCache(path)._old) == 1
