"""The built sample site in real headless Chromium, served over http on 127.0.0.1: search and language selector."""

from __future__ import annotations

import re

import pytest

from browser import SEED_000, STORY_000, search, served


@pytest.mark.parametrize("query", ["humanoïdes", "humanoides", "HUMANOÏDES"])
def test_french_search_finds_french_words_with_or_without_accents(page, site_url, query):
    assert STORY_000 in search(page, f"{site_url}/fr/", query)


def test_english_search_finds_english_words(page, site_url):
    assert STORY_000 in search(page, f"{site_url}/en/", "humanoid")


def test_three_letters_typed_key_by_key_show_results_as_a_prefix(page, site_url):
    # A reader typing "Alibaba" sees results from its first letters; only a single letter is a word alone.
    page.goto(f"{site_url}/en/", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Ali", delay=50)
    page.wait_for_selector(".md-search-result__item", state="attached", timeout=15000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert any(STORY_000 in h for h in hrefs), hrefs


def test_search_opens_and_shows_its_results_without_animating(page, site_url):
    # Material's widening box and fading results cost the page a layout per frame while the reader types.
    assert STORY_000 in search(page, f"{site_url}/en/", "humanoid")
    durations = page.evaluate("""[".md-search__inner", ".md-search__output", ".md-search__overlay"]
        .map(s => getComputedStyle(document.querySelector(s)).transitionDuration)""")
    assert durations == ["0s", "0s", "0s"]
    assert page.evaluate("getComputedStyle(document.querySelector('.md-search__output')).opacity") == "1"



def _result_items(page) -> list[list[str]]:
    """The search results shown: per result item, the pages it links ('articles/<slug>', 'stories/<name>')."""
    hrefs = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(i => [...i.querySelectorAll('a')].map(a => a.href))")
    return [[m.group(1) for h in item if (m := re.search(r"/((?:articles|stories)/[^/?#.]+)", h))] for item in hrefs]


def test_a_story_reported_by_several_outlets_is_one_search_result_with_its_reports(page, site_url):
    # Seeds 000-002 report one event: "Alibaba" is in all three, and in seed 003 (a story of its own).
    found = search(page, f"{site_url}/en/", "Alibaba")
    members = {f"articles/{SEED_000}", "articles/alibaba-group-holding-ltd-has-seen-its-shares-surge-to-their-highest-level",
               "articles/ia-le-chinois-alibaba-et-lamericain-nvidia-sallient-dans-la-technologie"}
    assert STORY_000 in found and "articles/chinas-alibaba-tests-new-ai-chip-amid-nvidia-restrictions" in found
    items = _result_items(page)
    story = [item for item in items if STORY_000 in item]
    assert len(story) == 1 and story[0][0] == STORY_000 and set(story[0][1:]) == members  # the story, then its reports
    assert not any(members & set(item) for item in items if item is not story[0])
    # Words only a non-lead article's title holds still find the story ("surge": seed 002's title).
    assert STORY_000 in search(page, f"{site_url}/en/", "surge")


@pytest.mark.parametrize("query", ["securite", "sécurité", "SÉCURITÉ"])
def test_french_body_words_find_seed_001_with_or_without_accents_and_mark_the_accented_word(page, site_url, query):
    seed_001 = "articles/ia-le-chinois-alibaba-et-lamericain-nvidia-sallient-dans-la-technologie"
    assert seed_001 in search(page, f"{site_url}/fr/", query)
    marked = page.locator(".md-search-result__item mark").all_inner_texts()
    assert "sécurité" in marked


def test_a_word_from_deep_in_an_english_body_finds_its_article(page, site_url, sample_site):
    import frontmatter

    from briefing.outputs import search_index as site_search

    path = sample_site.root / "content" / "articles" / "chinas-lesson-for-the-us-it-takes-more-than-chips-to-win-the-ai-race.md"
    post = frontmatter.load(path)
    head = " ".join([post["title"], post.get("summary") or "", *post.get("key_points", []),
                     *post.content.split("\n\n")[:-3]])
    # A word of the last paragraphs that the title, dek, key points and the rest of the body never use.
    deep = sorted(set(site_search.words(" ".join(post.content.split("\n\n")[-3:]))) - set(site_search.words(head)),
                  key=lambda w: (-len(w), w))
    word = next(w for w in deep if w.isalpha() and w.isascii())
    assert f"articles/{path.stem}" in search(page, f"{site_url}/en/", word), word


def test_a_french_only_word_finds_nothing_on_the_english_site(page, site_url):
    # Seed 001 says "sécurité" in French; the English site holds its English translation, never its original.
    assert search(page, f"{site_url}/en/", "sécurité") == []
    assert search(page, f"{site_url}/en/", "security") != []


def test_searching_one_language_never_finds_the_other_languages_text(page, site_url):
    # "semi-conducteurs" only occurs in French text; "semiconductors" only in English text.
    assert search(page, f"{site_url}/en/", "semi-conducteurs") == []
    assert search(page, f"{site_url}/fr/", "semiconductors") == []
    assert search(page, f"{site_url}/en/", "semiconductors") != []
    assert search(page, f"{site_url}/fr/", "semi-conducteurs") != []


@pytest.mark.parametrize("start, other, heading", [("fr", "en", "milestone collaboration"),
                                                   ("en", "fr", "collaboration majeure")])
def test_language_selector_opens_the_same_article_in_the_other_language(page, site_url, start, other, heading):
    page.goto(f"{site_url}/{start}/articles/{SEED_000}/")
    assert page.locator("html").get_attribute("lang") == start
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(f"**/{other}/articles/{SEED_000}/")
    assert page.locator("html").get_attribute("lang") == other
    assert heading in page.locator("h1").inner_text()


def test_briefing_serve_serves_every_language_and_the_selector_works(page, served_sample):
    page.goto(f"{served_sample}/")
    page.wait_for_url("**/en/index.html")
    page.goto(f"{served_sample}/en/articles/{SEED_000}/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="fr"]').click()
    page.wait_for_url(f"**/fr/articles/{SEED_000}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "collaboration majeure" in page.locator("h1").inner_text()
    page.goto(f"{served_sample}/fr/topics/chips/")
    assert page.locator("html").get_attribute("lang") == "fr" and page.locator("h1").inner_text().startswith("Puces")


def test_root_opens_the_default_language(page, site_url):
    page.goto(f"{site_url}/")
    page.wait_for_url("**/en/index.html")
    assert page.locator("h1").inner_text().startswith("AI Industry Briefing")


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory):
    """A small briefing whose default language is Chinese, with a Japanese site too, served over http."""
    from conftest import FIXTURES, REPO, new_project

    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: [zh, ja, en]")
    proj = new_project(tmp_path_factory.mktemp("zh") / "p", mkdocs_text=text)
    proj.add("zh.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    proj.add("ja.txt", (FIXTURES / "inbox" / "ja-robot.txt").read_bytes())
    proj.add("en.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    proj.build(strict=True)
    with served(proj.site) as url:
        yield proj, url


def test_chinese_words_are_findable_in_the_chinese_site(page, chinese_site):
    proj, url = chinese_site
    slug = next(p.stem for p in proj.articles.glob("*.md") if p.stem.startswith("xing-he"))
    # Words from inside an unspaced sentence, found because jieba segmented the text at build time.
    for word in ("人形机器人", "深圳"):
        assert f"articles/{slug}" in search(page, f"{url}/zh/", word), word
    # English words of the same site stay findable.
    assert search(page, f"{url}/zh/", "Brightmart") != []


def test_japanese_words_are_findable_in_the_japanese_site_whole_or_in_part(page, chinese_site):
    proj, url = chinese_site
    found = search(page, f"{url}/ja/", "ロボット")
    slug = next(s for s in found if not s.startswith("articles/xing-he"))
    # MeCab cut the text at build time; the browser cuts a query by the index's words: the second half of a
    # katakana compound, the compound itself, a compound still being typed, a verb with its endings, and
    # kanji words written together in the text.
    for word in ("センター", "データセンター", "データセン", "始める", "物流倉庫", "搬送"):
        assert slug in search(page, f"{url}/ja/", word), word
    assert search(page, f"{url}/ja/", "センター深圳") == []  # every part must be in the article
    assert [s for s in search(page, f"{url}/ja/", "センター") if s.startswith("articles/")] == [slug]
    marked = page.locator(".md-search-result__item mark").all_inner_texts()
    assert "センター" in marked, marked  # the snippet marks the word inside its compound, not the compound



# --- what a reader sees: footnote markers, names, key figures (issue 15) ---------------------------

# Visible text outside links (a linked source marker or a digest citation "[2]" is a link, not a stray marker).
_UNLINKED_TEXT = """() => {
  const root = document.querySelector('.md-content');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('a')) out.push(node.textContent);
  }
  return out.join(' ');
}"""


def _pages(sample_site, language: str) -> list[str]:
    """Every generated page of one language site, as a path under /<language>/."""
    root = sample_site.site / language
    return sorted(str(p.parent.relative_to(root)).replace(".", "") for p in root.rglob("index.html")
                  if "search" not in p.parts and "assets" not in p.parts)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_footnote_marker_is_printed_on_any_page(page, site_url, sample_site, language):
    pages = _pages(sample_site, language)
    assert len(pages) >= 10  # home, names, tags, topics, story and article pages
    for path in pages:
        page.goto(f"{site_url}/{language}/{path}/" if path else f"{site_url}/{language}/")
        text = page.evaluate(_UNLINKED_TEXT)
        assert not re.search(r"\[\d{1,3}\]", text), (path, re.search(r".{40}\[\d{1,3}\].{0,20}", text))
    # The article that cites numbered sources links each marker to its entry in the list of sources.
    page.goto(f"{site_url}/{language}/articles/chinas-alibaba-tests-new-ai-chip-amid-nvidia-restrictions/")
    targets = page.locator("sup a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert targets and all(page.locator(t).count() == 1 for t in set(targets))


def test_french_names_page_shows_no_english_name(page, site_url):
    from briefing.extract.entities import Aliases

    aliases = Aliases.load()
    english = {e.name for e in aliases.entities.values() if e.display("fr") != e.name}
    page.goto(f"{site_url}/fr/names/")
    shown = set(page.locator(".md-content li > p > strong, .md-content li > strong").all_inner_texts())
    assert len(shown) >= 10
    assert not shown & english, shown & english
    # Names the alias list writes differently in French are there, in French.
    assert {"États-Unis", "Chine", "Pékin"} <= shown


@pytest.mark.parametrize("path", ["en/topics/chips/", "fr/topics/chips/", "en/stories/" + SEED_000 + "/",
                                  "fr/stories/" + SEED_000 + "/"])
def test_key_figure_rows_have_no_empty_cell(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    rows = page.locator(".briefing-figures tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    assert rows
    for cells in rows:
        assert len(cells) == 4 and all(cells), cells
        assert not cells[1].startswith("·"), cells  # a measure, not just a name
    # One row per quantity: no figure of one story is listed twice for one measure.
    if "stories" in path:
        assert len({tuple(cells[:2]) for cells in rows}) == len(rows), rows


def test_key_figures_fit_a_390_px_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        phone = context.new_page()
        for path in ("en/topics/chips/", f"fr/stories/{SEED_000}/"):
            phone.goto(f"{site_url}/{path}")
            table = phone.locator(".briefing-figures table")
            table.scroll_into_view_if_needed()
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            # Nothing scrolls sideways: not the page, not the table's own wrapper.
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
            assert phone.locator(".briefing-figures .md-typeset__scrollwrap, .briefing-figures .md-typeset__table") \
                .evaluate_all("els => els.every(e => e.scrollWidth <= e.clientWidth + 1)")
    finally:
        context.close()


def test_a_result_opens_its_page_with_the_accented_word_marked(page, site_url):
    # The reader types "securite"; the opened page must mark "sécurité" as written there.
    seed_001 = "articles/ia-le-chinois-alibaba-et-lamericain-nvidia-sallient-dans-la-technologie"
    assert seed_001 in search(page, f"{site_url}/fr/", "securite")
    link = page.locator(f".md-search-result__item a[href*='{seed_001.split('/')[1]}']").first
    href = link.get_attribute("href")
    assert "h=" in href and ("s%C3%A9curit%C3%A9" in href or "sécurité" in href), href
    link.click()
    page.wait_for_load_state("networkidle")
    marked = [t.lower() for t in page.locator("article mark").all_inner_texts()]
    assert "sécurité" in marked, marked


@pytest.fixture
def worker(page):
    """A blank page with the search worker's script loaded: its engine and handler, tried on made-up files."""
    from briefing import hooks

    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=hooks.path("search_worker.js").read_text(encoding="utf-8"))
    return page


ALPHA_FILES = """
  // `docs` documents, each its own result, all holding the word "alpha"; `per` documents to a file.
  function alphaEngine(docs, per, loaded) {
    var postings = [];
    for (var i = 0; i < docs; i++) { postings.push((i === 0 ? 0 : 1) * 8 + 1); }
    var files = {t0: {alpha: postings}};
    for (var f = 0; f * per < docs; f++) {
      files["d" + f] = {};
      for (var d = f * per; d < Math.min(docs, (f + 1) * per); d++) {
        files["d" + f][d % per] = {l: "articles/a" + d + "/", t: "Report " + d, x: "The alpha text " + d, g: null};
      }
    }
    var engine = new BriefingSearch.Engine(function (key) { loaded.push(key); return Promise.resolve(files[key]); });
    engine.setup({briefing: {keys: ["a"], files: [0], per_file: per, docs: docs,
                             starts: Array.from({length: docs}, function (_, i) { return i; })}});
    return engine;
  }
"""


ENGINE_PROBE = """async () => {""" + ALPHA_FILES + """
  var loaded = [], answers = [], engine = alphaEngine(30, 4, loaded);  // four documents to a file
  var docsLoaded = function () { return loaded.filter(function (k) { return k[0] === "d"; }).length; };
  // A query overtaken by a newer one (the reader typed on) loads no document file and answers nothing.
  var overtaken = await engine.search("alpha", function () { answers.push("emitted"); },
                                      function () { return true; });
  answers.push({overtaken: overtaken, loadedDocs: docsLoaded()});
  var all = await engine.search("alpha", function (first) {
    answers.push({items: first.items.length, loadedDocs: docsLoaded()});
  });
  answers.push({items: all.items.length, loadedDocs: docsLoaded()});
  return answers;
}"""


def test_search_answers_with_the_first_results_before_loading_every_listed_document_and_drops_overtaken_queries(worker):
    overtaken, first, full = worker.evaluate(ENGINE_PROBE)
    assert overtaken == {"overtaken": None, "loadedDocs": 0}
    assert first == {"items": 5, "loadedDocs": 2}  # documents 0-4 (a screenful): two files of four
    assert full == {"items": 30, "loadedDocs": 8}   # then the rest of the list: eight files in all


TIES_PROBE = """async () => {
  // Three documents numbered as their stories were added; the oldest holds "alpha" three times, the others once.
  var files = {t0: {alpha: [3, 9, 9]},
               d0: [{l: "a/old/", t: "Old", x: "alpha alpha alpha"}, {l: "a/mid/", t: "Mid", x: "alpha"},
                    {l: "a/new/", t: "New", x: "alpha"}]};
  var engine = new BriefingSearch.Engine(function (key) { return Promise.resolve(files[key]); });
  engine.setup({briefing: {keys: ["a"], files: [0], per_file: 4, docs: 3, starts: [0, 1, 2]}});
  return await engine.matching("alpha");
}"""


def test_results_that_match_alike_list_the_latest_added_story_first(worker):
    # The better match first, whatever its age; then, of two alike, the story added last.
    assert worker.evaluate(TIES_PROBE) == [0, 2, 1]


SEGMENT_PROBE = """async (queries) => {
  // Four documents: jieba left 数据中心 whole in one, cut it in two in another; the third has 数 and 据 apart.
  var files = {t0: {"数据中心": [1], "数据": [9], "中心": [9], "数": [17], "据": [17], "データ": [25], "センター": [25]},
               d0: [{l: "a0/", t: "a0", x: "新\\u200b数据中心"}, {l: "a1/", t: "a1", x: "新\\u200b数据\\u200b中心"},
                    {l: "a2/", t: "a2", x: "数\\u200b据"}, {l: "a3/", t: "a3", x: "新型データセンター"}]};
  var engine = new BriefingSearch.Engine(function (key) { return Promise.resolve(files[key]); });
  engine.setup({briefing: {keys: ["数", "中", "据", "デ", "セ"], files: [0, 0, 0, 0, 0], per_file: 4, docs: 4,
                           starts: [0, 1, 2, 3]}});
  var out = {};
  for (var q of queries) { out[q] = (await engine.matching(q)).sort(); }
  var marked = (await engine.search("センター")).items[0][0].text;
  return [out, marked];
}"""


def test_chinese_and_japanese_queries_are_cut_by_the_indexs_words_whichever_way_jieba_cut_the_text(worker):
    found, marked = worker.evaluate(SEGMENT_PROBE, ["数据中心", "数据", "中心", "センター", "データセン", "ータセ"])
    assert found["数据中心"] == [0, 1]  # the word whole, and the word cut in two
    assert found["数据"] == [0, 1]  # a prefix of 数据中心; and 数 and 据 apart (document 2) are not 数据
    assert found["中心"] == [1]
    assert found["センター"] == found["データセン"] == [3]  # a part of a compound; a compound being typed
    assert found["ータセ"] == []  # characters that are no word of the index
    assert "データ<mark>センター</mark>" in marked


HANDLER_PROBE = """async () => {
  // "one" is in document 0 (file d0), "two" in document 1 (file d1); a file loads after delay[key] ms.
  var files = {t0: {one: [1], two: [9]}, d0: [{l: "a0/", t: "zero", x: "one"}], d1: [{l: "a1/", t: "one", x: "two"}]};
  var settle = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
  async function run(delay) {
    var posted = [];
    var engine = new BriefingSearch.Engine(function (key) {
      return new Promise(function (resolve) { setTimeout(function () { resolve(files[key]); }, delay[key] || 0); });
    });
    var handle = BriefingSearch.handler(engine, function (message) {
      if (message.type === 3) { posted.push(message.data.items.map(function (item) { return item[0].location; })); }
    });
    handle({type: 0, data: {config: {briefing: {keys: ["o", "t"], files: [0, 0], per_file: 1, docs: 2, starts: [0, 1]}}}});
    handle({type: 2, data: "one"});
    handle({type: 2, data: "two"});  // the reader typed on before "one" answered
    await settle(300);
    return posted;
  }
  return [await run({d1: 100}), await run({d0: 100})];
}"""


def test_results_show_while_the_reader_types_but_never_older_ones_after_newer(worker):
    typing, late = worker.evaluate(HANDLER_PROBE)
    assert typing == [["a0/"], ["a1/"]]  # the overtaken query answered first: its results show, then the newer
    assert late == [["a1/"]]  # the newer answered first: the older one's results never replace them


BURST_PROBE = """async () => {
  // Three queries typed in a burst; document i holds word i. The first answers at once, the second 40 ms later
  // (overtaken by the third, which answers at 300 ms).
  var files = {t0: {one: [1], two: [9], six: [17]}, d0: [{l: "a0/", t: "a", x: "one"}], d1: [{l: "a1/", t: "b", x: "two"}],
               d2: [{l: "a2/", t: "c", x: "six"}]};
  var delay = {d1: 40, d2: 300}, posted = [];
  var engine = new BriefingSearch.Engine(function (key) {
    return new Promise(function (resolve) { setTimeout(function () { resolve(files[key]); }, delay[key] || 0); });
  });
  var handle = BriefingSearch.handler(engine, function (message) {
    if (message.type === 3) { posted.push(message.data.items.map(function (item) { return item[0].location; })); }
  });
  handle({type: 0, data: {config: {briefing: {keys: ["o", "t", "s"], files: [0, 0, 0], per_file: 1, docs: 3,
                                              starts: [0, 1, 2]}}}});
  handle({type: 2, data: "one"});
  handle({type: 2, data: "two"});
  handle({type: 2, data: "six"});
  await new Promise(function (r) { setTimeout(r, 500); });
  return posted;
}"""


def test_a_burst_of_typing_shows_the_first_answer_and_the_newest_but_not_every_one_between(worker):
    # "two" answered 40 ms after "one" was shown, while "six" was still coming: one list fewer for the page
    # to render. "six", the newest, always shows.
    assert worker.evaluate(BURST_PROBE) == [["a0/"], ["a2/"]]



EMPTY_PROBE = """async (queries) => {
  // Queries sent in a row; "zzz" finds nothing and answers at once, "one" (document 0) answers after 40 ms,
  // "two" (document 1) after 300 ms.
  var files = {t0: {one: [1], two: [9]}, d0: [{l: "a0/", t: "zero", x: "one"}], d1: [{l: "a1/", t: "b", x: "two"}]};
  var delay = {d0: 40, d1: 300}, posted = [];
  var engine = new BriefingSearch.Engine(function (key) {
    return new Promise(function (resolve) { setTimeout(function () { resolve(files[key]); }, delay[key] || 0); });
  });
  var handle = BriefingSearch.handler(engine, function (message) {
    if (message.type === 3) { posted.push(message.data.items.map(function (item) { return item[0].location; })); }
  });
  handle({type: 0, data: {config: {briefing: {keys: ["o", "t", "z"], files: [0, 0, 0], per_file: 1, docs: 2,
                                              starts: [0, 1]}}}});
  for (var [q, wait] of queries) {  // each query, then `wait` ms (null: the next query in the same turn)
    handle({type: 2, data: q});
    if (wait !== null) { await new Promise(function (r) { setTimeout(r, wait); }); }
  }
  await new Promise(function (r) { setTimeout(r, 500); });
  return posted;
}"""


def test_an_empty_answer_does_not_hold_back_the_next_list_and_an_overtaken_one_is_not_shown(worker):
    # "zzz" was the newest when it answered: its nothing shows. Then "one", overtaken by "two", answers 40 ms
    # later: an empty list is no list shown, so "one"'s results show while "two" is still coming.
    assert worker.evaluate(EMPTY_PROBE, [["zzz", 20], ["one", 0], ["two", 0]]) == [[], ["a0/"], ["a1/"]]
    # The reader typed on past "zzz" (as past "O", a letter that is no word) before it answered: no
    # "no results" between lists, and "one"'s results show as soon as they come.
    assert worker.evaluate(EMPTY_PROBE, [["zzz", None], ["one", 0]]) == [["a0/"]]
    assert worker.evaluate(EMPTY_PROBE, [["o", None], ["one", 0], ["two", 0]]) == [["a0/"], ["a1/"]]


PREFETCH_PROBE = """async (letterKeys) => {
  // Term files: one per key; the keys of "o" are `letterKeys` of them, then "s" and "sa".
  var keys = [], files = [], loaded = [];
  for (var i = 0; i < letterKeys; i++) { keys.push("o" + String.fromCharCode(97 + i)); files.push(i); }
  keys.push("s", "sa"); files.push(letterKeys, letterKeys + 1);
  var engine = new BriefingSearch.Engine(function (key) { loaded.push(key); return Promise.resolve({}); });
  engine.setup({briefing: {keys: keys, files: files, per_file: 4, docs: 0, starts: []}});
  await engine.search("O");
  var atFirstLetter = loaded.slice().sort();
  await engine.search("Oa");
  return [atFirstLetter, loaded.length - atFirstLetter.length];
}"""


def test_a_words_first_letter_loads_the_term_files_of_that_letter_when_they_are_few(worker):
    # One letter is a word alone and finds nothing; its term files load meanwhile, so that the reader's second
    # letter (a prefix) starts with its documents' files. No more than eight: a letter of many files loads none.
    at_first, more = worker.evaluate(PREFETCH_PROBE, 3)
    assert at_first == ["t0", "t1", "t2"] and more == 0
    at_first, more = worker.evaluate(PREFETCH_PROBE, 9)
    assert at_first == [] and more == 1


SNIPPET_PROBE = """async () => {
  // One document: its title, then a long text that holds "sécurité" once, deep down, and "sécurisé" further on.
  var filler = Array.from({length: 2000}, function (_, i) { return "mot" + i; }).join(" ");
  var text = filler + " la sécurité des données " + filler + " sécurisé";
  var files = {t0: {"securite": [1], "securise": [1]}, d0: [{l: "a0/", t: "Un titre", x: text}]};
  var engine = new BriefingSearch.Engine(function (key) { return Promise.resolve(files[key]); });
  engine.setup({briefing: {keys: ["s"], files: [0], per_file: 4, docs: 1, starts: [0]}});
  var item = (await engine.search("securite")).items[0][0];
  return [item.text, Object.keys(item.terms).sort()];
}"""


def test_a_snippet_is_cut_around_the_first_match_deep_in_a_long_text_with_the_word_as_written(worker):
    text, terms = worker.evaluate(SNIPPET_PROBE)
    assert text.startswith("… ") and text.endswith(" …") and len(text) < 400, text
    assert "la <mark>sécurité</mark> des données" in text
    assert text.startswith("… mot199")  # from the words just before the match, not from the text's start
    assert terms == ["securite", "sécurité"]  # the word as written, for the opened page to mark; and the query's


OVERTAKEN_PROBE = """async () => {""" + ALPHA_FILES + """
  // The query is overtaken as it answers.
  var loaded = [], emitted = [], engine = alphaEngine(30, 4, loaded);
  var all = await engine.search("alpha", function (first) { emitted.push(first.items.length); },
                                function () { return false; }, function () { return true; });
  return [all, emitted, loaded.filter(function (k) { return k[0] === "d"; }).length];
}"""


def test_an_overtaken_query_shows_its_first_results_but_loads_no_more_documents(worker):
    # Its first screenful shows (better than nothing while the reader types), and the rest of the list,
    # which the newer query's answer replaces, is not loaded: its files would delay the newer query's.
    assert worker.evaluate(OVERTAKEN_PROBE) == [None, [5], 2]


BATCH_PROBE = """async () => {
  // 100 documents holding "alpha", one to a file: the first screen is 5 files, the whole list (40 results) 40.
  var docs = 100, loaded = [], postings = [], files = {};
  for (var i = 0; i < docs; i++) {
    postings.push((i === 0 ? 0 : 1) * 8 + 1);
    files["d" + i] = [{l: "articles/a" + i + "/", t: "Report " + i, x: "The alpha text " + i, g: null}];
  }
  files.t0 = {alpha: postings};
  var engine = new BriefingSearch.Engine(function (key) { loaded.push(key); return Promise.resolve(files[key]); });
  engine.setup({briefing: {keys: ["a"], files: [0], per_file: 1, docs: docs,
                           starts: Array.from({length: docs}, function (_, i) { return i; })}});
  var docsLoaded = function () { return loaded.filter(function (k) { return k[0] === "d"; }).length; };
  // The reader types on while the rest of the list loads: overtaken once more than the first screen loaded.
  var all = await engine.search("alpha", function () {}, function () { return false; },
                                function () { return docsLoaded() > 5; });
  var typedOn = [all, docsLoaded()];
  loaded = [];
  var whole = await engine.search("alpha", function () {}, function () { return false; }, function () { return false; });
  return [typedOn, whole.items.length, docsLoaded()];
}"""


def test_the_rest_of_a_list_loads_in_batches_and_stops_when_the_reader_types_on(worker):
    typed_on, items, reloaded = worker.evaluate(BATCH_PROBE)
    # The first screen (5 files), then one batch of 8 files (the 5 again, 3 more): not the other 32.
    assert typed_on == [None, 8]
    assert items == 40 and reloaded == 32  # not overtaken: the whole list (the 8 files loaded before are kept)


CACHE_PROBE = """async () => {
  // A reader asks query after query: 1,000 different files, one after another.
  var loads = {}, most = 0, limit = BriefingSearch.CACHE_FILES;
  var engine = new BriefingSearch.Engine(function (key) {
    loads[key] = (loads[key] || 0) + 1;
    return Promise.resolve({key: key});
  });
  for (var i = 0; i < 1000; i++) {
    var data = await engine.file("d" + i);
    if (data.key !== "d" + i) { return "wrong file for d" + i; }
    most = Math.max(most, engine.cache.size);
  }
  var last = await engine.file("d999"), first = await engine.file("d0");
  return [limit, most, loads.d999, loads.d0, first.key, last.key];
}"""


def test_the_search_holds_a_bounded_number_of_index_files_however_many_queries_come(worker):
    # Why: at 10,000 articles a reader's session may touch thousands of the index's files; the page must not
    # keep them all. A file dropped when the cache starts over is loaded again when asked; a held one is not.
    limit, most, loads_last, loads_first, first, last = worker.evaluate(CACHE_PROBE)
    assert 100 <= limit <= 1000 and most == limit
    assert (loads_last, loads_first) == (1, 2)
    assert (first, last) == ("d0", "d999")
