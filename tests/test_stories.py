"""Stories: clustering across outlets and languages, editor overrides, story pages, figures, digests, names."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner
from conftest import REPO, article, new_project

from briefing import pipeline
from briefing.content import read, write
from briefing.extract import entities
from briefing.render import digest, markup
from briefing.stages import analyse, stories
from briefing.cli import cli
from briefing.config import StoriesConfig
from briefing.extract.figures import Figure
from briefing.models import Article, Translation
from briefing.outputs.report import BuildReport
from briefing.content.store import ContentStore

SEED_STORY = {"000", "001", "002"}


def _slugs_by_seed(articles_dir: Path) -> dict[str, str]:
    """Seed number ('000') → slug of its content file."""
    found = {}
    for path in articles_dir.glob("*.md"):
        source = frontmatter.load(path).metadata["provenance"]["input"]
        found[Path(source).name[:3]] = path.stem
    return found


def _stories_json(root: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["-f", str(root / "mkdocs.yml"), "stories", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _partition(groups: list[dict], slugs: dict[str, str]) -> set[frozenset[str]]:
    seed_of = {slug: seed for seed, slug in slugs.items()}
    return {frozenset(seed_of[s] for s in g["articles"]) for g in groups}


def test_sample_seeds_form_three_stories(sample_site):
    slugs = _slugs_by_seed(sample_site.articles)
    groups = _stories_json(sample_site.root)
    assert _partition(groups, slugs) == {frozenset(SEED_STORY), frozenset({"003"}), frozenset({"004"})}
    main = next(g for g in groups if len(g["articles"]) == 3)
    assert main["best"] in main["articles"]
    # Every slug is a content file, and every content file is in exactly one story.
    listed = [s for g in groups for s in g["articles"]]
    assert sorted(listed) == sorted(p.stem for p in sample_site.articles.glob("*.md"))


def test_story_is_recorded_in_front_matter(sample_site):
    slugs = _slugs_by_seed(sample_site.articles)
    story_of = {seed: frontmatter.load(sample_site.articles / f"{slug}.md").metadata["story"]
                for seed, slug in slugs.items()}
    assert story_of["000"] == story_of["001"] == story_of["002"]
    assert len({story_of["000"], story_of["003"], story_of["004"]}) == 3


@pytest.mark.slow
def test_seeds_cluster_offline_without_translations(tmp_path):
    """Language-independent signals alone (names, amounts, percentages) join the French and English reports."""
    proj = new_project(tmp_path / "p")
    for path in sorted((REPO / "content" / "inbox").iterdir()):
        shutil.copy(path, proj.inbox / path.name)
    pipeline.prepare(proj.project(), offline=True)
    for path in proj.articles.glob("*.md"):
        meta = frontmatter.load(path).metadata
        assert all(t["status"] == "pending" for t in (meta.get("translations") or {}).values())
    slugs = _slugs_by_seed(proj.articles)
    assert _partition(_stories_json(proj.root), slugs) == {
        frozenset(SEED_STORY), frozenset({"003"}), frozenset({"004"})}


# --- the clustering on made-up articles -------------------------------------------------------

ALIASES = entities.Aliases.load()
CONFIG = StoriesConfig()


def _article(slug: str, body: str, language: str = "en", published: date | None = None,
             title: str = "", translations: tuple[Translation, ...] = ()) -> Article:
    return article(body, slug=slug, title=title or body.split(".")[0], language=language,
                   published=published, translations=translations)


def _signals(article_: Article) -> stories.Signals:
    return stories.signals(article_, analyse.analyse(article_, ALIASES))


def _cluster(articles: list[Article]) -> set[frozenset[str]]:
    analyses = {a.slug: analyse.analyse(a, ALIASES) for a in articles}
    groups = stories.cluster([stories.signals(a, analyses[a.slug]) for a in articles], CONFIG)
    return {frozenset(g) for g in groups}


FILLER = [
    "Retail sales in Germany fell in the spring as shoppers held back. Economists expect a recovery later in the year.",
    "A new museum opened in Lisbon with an exhibition of tiles. Visitors queued for hours on the first day.",
    "Heavy rain flooded several roads in northern Italy. Rescue teams evacuated villages near the river.",
]


def test_same_company_different_announcement_stays_apart():
    a = _article("a", "Samsung Electronics said on Tuesday it will build a chip plant in Texas for 17 billion dollars. "
                      "Chief executive Kim Ki-nam said production starts in 2026.", published=date(2025, 3, 4))
    b = _article("b", "Samsung Electronics opened a plant in Texas to make chips, a 17 billion dollar project. "
                      "Kim Ki-nam cut the ribbon on Tuesday.", published=date(2025, 3, 5))
    c = _article("c", "Samsung Electronics reported a 12% fall in quarterly profit on Thursday as memory prices slid. "
                      "The company's shares dropped 3% in Seoul.", published=date(2025, 3, 6))
    fillers = [_article(f"f{i}", text) for i, text in enumerate(FILLER)]
    groups = _cluster([a, b, c, *fillers])
    assert frozenset({"a", "b"}) in groups
    assert frozenset({"c"}) in groups


def test_same_programme_in_another_month_stays_apart():
    text = ("The Stargate programme of OpenAI and SoftBank announced a data centre in Abilene with "
            "Sam Altman on stage, pledging 100 billion dollars.")
    a = _article("a", text, published=date(2025, 1, 21))
    b = _article("b", text.replace("Abilene", "Abilene and Ohio"), published=date(2025, 6, 2))
    assert _cluster([a, b]) == {frozenset({"a"}), frozenset({"b"})}


def test_translations_make_cross_language_matches_stronger():
    en = _article("en", "Mistral AI raised new money from investors led by General Catalyst to train larger models. "
                        "The round values the start-up far above last year.", published=date(2025, 9, 9))
    fr_text = ("La jeune pousse parisienne Mistral AI, dirigée par Arthur Mensch, a levé de nouveaux fonds auprès d'investisseurs pour entraîner "
               "des modèles plus grands. Le tour valorise l'entreprise bien au-dessus de l'an dernier.")
    fr_plain = _article("fr", fr_text, language="fr", published=date(2025, 9, 9))
    translation = Translation(language="en", status="machine", title="Mistral AI raises money",
                              body="The young Paris company Mistral AI, led by Arthur Mensch, raised new funds "
                                   "from investors to train "
                                   "larger models. The round values the company well above last year.")
    fr_translated = fr_plain.replace(translations=(translation,))
    fillers = [_article(f"f{i}", text) for i, text in enumerate(FILLER)]

    def score(fr: Article) -> float:
        items = [en, fr, *fillers]
        analyses = {a.slug: analyse.analyse(a, ALIASES) for a in items}
        sig = [stories.signals(a, analyses[a.slug]) for a in items]
        return stories.similarity(sig[0], sig[1], stories.idf_weights(sig), CONFIG, stories.term_idf(sig))

    assert score(fr_translated) > score(fr_plain)
    assert score(fr_translated) >= CONFIG.threshold


def test_one_amount_in_three_currencies_shares_a_converted_key():
    def figure(value: float, unit: str, currency: str | None) -> Figure:
        return Figure(value=value, high=None, unit=unit, currency=currency, scale=None, qualifier=None, text="",
                      sentence="", paragraph=0, sentence_index=0, start=0, concept=None)

    def keys(value: float, currency: str) -> set[str]:
        return set(stories.converted_keys(figure(value, "currency", currency)))

    yuan, dollars, euros = keys(380e9, "CNY"), keys(53e9, "USD"), keys(45e9, "EUR")
    assert yuan & dollars and dollars & euros and yuan & euros
    assert not keys(53e9, "USD") & keys(80e9, "USD")
    assert stories.converted_keys(figure(12.0, "percent", None)) == []


def test_model_numbers_inside_longer_product_names():
    assert stories.model_codes("RTX Pro 6000D") == ["6000d"]
    assert stories.model_codes("Instinct MI308") == ["mi308"]
    assert stories.model_codes("H20") == []  # a lone code is already the name itself
    assert stories.model_codes("Chapter 11") == []


QUAKE_EN = ("A strong earthquake struck off the coast of Quorland on July 30, and a tsunami warning "
            "was issued for the Velmar islands. Residents were told to leave the shore.")
QUAKE_DE = ("Ein starkes Erdbeben hat am 30. Juli die Küste von Quorland erschüttert. Für die Velmar-Inseln "
            "wurde eine Tsunami-Warnung ausgegeben. Die Bewohner sollten die Strände verlassen.")
QUAKE_JA = "7月30日、クォーランド沖で強い地震が発生し、津波警報が出された。住民は海岸から離れるよう求められた。"
ROBOTS = [
    "A humanoid robot from Pexaro walked through a trade fair in Lyon and waved at visitors.",
    "Unitree showed a humanoid robot that folds laundry at a fair in Shenzhen.",
    "Rain flooded the streets of Varna after a storm; the city closed two schools.",
]


def test_reports_of_one_event_in_three_languages_join_without_translations():
    articles = [_article("en", QUAKE_EN, title="Strong earthquake off Quorland"),
                _article("de", QUAKE_DE, language="de", title="Starkes Erdbeben vor Quorland"),
                _article("ja", QUAKE_JA, language="ja", title="クォーランド沖で地震、津波警報"),
                *[_article(f"f{i}", text) for i, text in enumerate(FILLER + ROBOTS)]]
    groups = _cluster(articles)
    assert frozenset({"en", "de", "ja"}) in groups


def test_an_undated_report_naming_a_far_day_is_another_event():
    dated = _article("dated", QUAKE_EN, title="Strong earthquake off Quorland", published=date(2025, 7, 30))
    later = _article("later", QUAKE_DE.replace("30. Juli", "14. November"), language="de",
                     title="Starkes Erdbeben vor Quorland")
    near = _article("near", QUAKE_DE, language="de", title="Starkes Erdbeben vor Quorland")
    fillers = [_article(f"f{i}", text) for i, text in enumerate(FILLER + ROBOTS)]
    assert frozenset({"dated", "later"}) not in _cluster([dated, later, *fillers])
    assert frozenset({"dated", "near"}) in _cluster([dated, near, *fillers])


def test_shared_concepts_alone_do_not_join_two_launches():
    a = _article("a", "Pexaro unveiled a humanoid robot for car factories in Lyon on Tuesday.",
                 published=date(2025, 6, 3))
    b = _article("b", "星河机器人公司在深圳发布了新款人形机器人，用于工厂搬运零件。", language="zh",
                 published=date(2025, 6, 3))
    assert _cluster([a, b]) == {frozenset({"a"}), frozenset({"b"})}


def test_an_amount_met_only_in_another_currency_does_not_join_two_launches():
    # Two robots priced near the same number of dollars (CNY 200,000, JPY 4.5 million): a guess, not one event.
    a = _article("a", "星河机器人公司在深圳发布了新款人形机器人，售价降至20万元人民币，用于工厂搬运零件。", language="zh",
                 published=date(2025, 6, 3))
    b = _article("b", "東光ロボティクスは横浜市で工場向けの新型ロボットを発表した。価格は一台あたり450万円。", language="ja",
                 published=date(2025, 6, 3))
    assert set(_signals(a).features) & set(_signals(b).features) & {k for k in _signals(a).features
                                                                    if k.startswith("usd:")}
    assert _cluster([a, b]) == {frozenset({"a"}), frozenset({"b"})}


def test_two_sparse_articles_sharing_one_country_stay_apart():
    a = _article("a", "Japan passed the budget after a long debate in parliament.")
    b = _article("b", "Japan won the final after extra time in a full stadium.")
    fillers = [_article(f"f{i}", text) for i, text in enumerate(FILLER + ROBOTS)]
    assert frozenset({"a", "b"}) not in _cluster([a, b, *fillers])


def test_average_linkage_does_not_chain_two_events():
    # b bridges a and c, but a and c share nothing: one story would need a to be like c.
    sims = {(0, 1): 0.9, (1, 2): 0.8}
    groups = stories.linkage_groups(3, sims, 0.5)
    assert groups == [{0, 1}, {2}]


def test_assign_keeps_pinned_stories_and_stable_ids():
    arts = [_article(s, "x", published=date(2025, 1, 1)) for s in ("a", "b", "c")]
    analyses = {a.slug: analyse.Analysis() for a in arts}
    chosen = stories.assign(arts, analyses, pinned={"c": "my-story"}, previous={"a": "old", "b": "old"},
                            config=CONFIG)
    assert chosen["c"] == "my-story"
    assert {chosen["a"], chosen["b"]} <= {"old", "a", "b"}


def test_best_article_is_the_most_complete():
    short = _article("short", "One sentence only.")
    long = _article("long", "A longer text with many more words in it. " * 5)
    analyses = {a.slug: analyse.analyse(a, ALIASES) for a in (short, long)}
    [story] = stories.group([short.replace(story="s"), long.replace(story="s")], analyses)
    assert story.best.slug == "long"


# --- editor overrides -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    proj = new_project(tmp_path_factory.mktemp("seeded") / "p")
    for path in sorted((REPO / "content" / "inbox").iterdir()):
        shutil.copy(path, proj.inbox / path.name)
    proj.build()
    return proj


def _set_story(path: Path, story: str) -> None:
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^story: .*$", f"story: {story}", text, count=1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def test_editor_can_split_and_merge_stories(seeded):
    slugs = _slugs_by_seed(seeded.articles)
    big = frontmatter.load(seeded.articles / f"{slugs['000']}.md").metadata["story"]
    # Split 002 out, merge 003 in.
    _set_story(seeded.articles / f"{slugs['002']}.md", "my-own-story")
    _set_story(seeded.articles / f"{slugs['003']}.md", big)
    seeded.build()
    seeded.build()  # the edit survives a second build too
    assert _partition(_stories_json(seeded.root), slugs) == {
        frozenset({"000", "001", "003"}), frozenset({"002"}), frozenset({"004"})}
    meta = frontmatter.load(seeded.articles / f"{slugs['002']}.md").metadata
    assert meta["story"] == "my-own-story"
    assert meta["provenance"]["fields"]["story"]["method"] == "editor"
    story_pages = {p.stem for p in (seeded.build_dir / "en" / "docs" / "stories").glob("*.md")}
    assert story_pages == {stories.page_name(big)}


# --- pages ------------------------------------------------------------------------------------


def _docs(project, language: str, page: str) -> str:
    return (project.build_dir / language / "docs" / page).read_text(encoding="utf-8")


def test_story_page_lists_every_report_and_combined_points(sample_site):
    slugs = _slugs_by_seed(sample_site.articles)
    story = frontmatter.load(sample_site.articles / f"{slugs['000']}.md").metadata["story"]
    page = _docs(sample_site, "en", f"stories/{stories.page_name(story)}.md")
    for seed in SEED_STORY:
        assert f"../articles/{slugs[seed]}.md" in page
    points = [line for line in page.splitlines() if line.startswith("- ") and "](" not in line]
    assert 3 <= len(points) <= CONFIG.key_points_max
    assert len(set(points)) == len(points)


def test_home_shows_one_card_per_story_and_topic_cards_the_other_reports(sample_site):
    home = _docs(sample_site, "en", "index.md")
    slugs = _slugs_by_seed(sample_site.articles)
    assert "Also reported by" in _docs(sample_site, "en", "topics/capex.md")
    assert "English, French · 3\u00a0reports" in home
    # The three reports of one event make one card, not three.
    titles = re.findall(r"^\[(.+?)\]\((.+?)\)\n\{: \.briefing-card-title \}", home, flags=re.M)
    links = [link for _, link in titles]
    story_cards = [link for link in links if link.startswith("stories/")]
    assert story_cards, "the three-source story has a story card"
    for seed in ("000", "001", "002"):
        assert f"articles/{slugs[seed]}.md" not in links


def test_share_price_conflict_is_flagged(sample_site):
    for language, flag in (("en", "Sources disagree"), ("fr", "Les sources divergent")):
        pages = [_docs(sample_site, language, f"topics/{t}.md") for t in ("chips", "robotics", "capex")]
        rows = [line for page in pages for line in page.splitlines() if flag in line]
        assert rows, f"no flagged figure on the {language} topic pages"
        joined = "\n".join(rows)
        assert "7.8" in joined or "7,8" in joined
        assert "9" in joined


def test_yuan_dollar_and_euro_amounts_are_one_quantity(sample_site):
    config = sample_site.config()
    briefing = pipeline.assemble(config, BuildReport(), ContentStore.load(config.articles), record=False)
    [story] = [s for s in briefing.stories if len(s.articles) == 3]
    sv = digest.story_view(story, "en", 5)
    quantities = digest.story_figures(sv, briefing.analyses, 50)
    yuan = [q for q in quantities
            if any(m.figure.currency == "CNY" and abs(m.figure.value - 380e9) < 1e9 for m in q.mentions)]
    assert len(yuan) == 1
    [q] = yuan
    currencies = {f.currency for m in q.mentions for f in (m.figure, *m.equivalents)}
    assert {"CNY", "USD", "EUR"} <= currencies
    assert len(q.sources) == 3
    assert not q.conflict


def test_topic_pages_have_digest_timeline_and_figures_in_each_language(sample_site):
    labels = {"en": ("In brief", "Timeline", "Key figures"), "fr": ("L’essentiel", "Chronologie", "Chiffres clés")}
    for language, (brief, timeline_label, figures_label) in labels.items():
        page = _docs(sample_site, language, "topics/capex.md")
        assert f"## {brief}" in page and f"## {timeline_label}" in page and f"## {figures_label}" in page
        digest_block = page.split(f"## {brief}")[1].split("## ")[0]
        citations = re.findall(r"\[\[(\d+)\]\]\(\.\./articles/([a-z0-9-]+)\.md\)", digest_block)
        assert citations, digest_block
        for _, slug in citations:
            assert (sample_site.articles / f"{slug}.md").exists()


def test_french_site_shows_french_text_in_cards(sample_site):
    slugs = _slugs_by_seed(sample_site.articles)
    fr_title = frontmatter.load(sample_site.articles / f"{slugs['001']}.md").metadata["title"]
    en_meta = frontmatter.load(sample_site.articles / f"{slugs['000']}.md").metadata
    home = _docs(sample_site, "fr", "index.md")
    assert "Également rapporté par" in _docs(sample_site, "fr", "topics/capex.md")
    # French pages are typeset (narrow no-break spaces inside « » and before : ; ? !).
    titles = [markup.french_spacing(t) for t in (en_meta["translations"]["fr"]["title"], fr_title)]
    assert any(title in home for title in titles)


def test_names_index_merges_spellings_and_links_stories(sample_site):
    for language, heading in (("en", "## Companies"), ("fr", "## Entreprises")):
        page = _docs(sample_site, language, "names.md")
        assert heading in page
        for name in ("Alibaba", "Nvidia", "Eddie Wu", "Hangzhou"):
            line = next((l for l in page.splitlines() if l.startswith(f"- **{name}**")), None)
            assert line, f"{name} missing from the {language} names index"
            assert "](stories/" in line or "](articles/" in line
    assert "- **NVIDIA**" not in _docs(sample_site, "en", "names.md")


def test_inspect_reports_figures_and_entities(tmp_path):
    seed = next(p for p in (REPO / "content" / "inbox").iterdir() if p.name.startswith("001"))
    result = CliRunner().invoke(cli, ["-f", str(REPO / "mkdocs.yml"), "inspect", str(seed), "--format", "json"],
                                catch_exceptions=False)
    record = json.loads(result.stdout)
    yuan = [f for f in record["figures"] if f["currency"] == "CNY"]
    assert yuan and yuan[0]["value"] == pytest.approx(380e9)
    assert yuan[0]["scale"] and yuan[0]["sentence"] in record["body"]
    for key in ("value", "unit", "currency", "scale", "sentence"):
        assert key in record["figures"][0]
    names = {e["name"] for e in record["entities"]}
    assert {"Alibaba", "Nvidia", "Eddie Wu"} <= names


def test_unchanged_rebuild_reuses_the_analysis_cache(seeded):
    cache = seeded.build_dir / "cache" / "analysis.pickle"
    assert cache.exists()
    before = cache.stat().st_mtime_ns
    seeded.build()
    assert cache.stat().st_mtime_ns == before


def test_write_with_story_keeps_other_fields(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ntranslations: {}\nprovenance:\n  input: x\n---\nBody\n", encoding="utf-8")
    content = write.with_story(read.read_content(path), "s-1", 1)
    assert list(content.metadata) == ["title", "story", "translations", "provenance"]
    path.write_text(write.dump(content.metadata, content.body), encoding="utf-8")
    assert read.story_of(read.read_content(path)) == ("s-1", False)
    path.write_text(path.read_text(encoding="utf-8").replace("story: s-1", "story: mine"), encoding="utf-8")
    assert read.story_of(read.read_content(path)) == ("mine", True)


@pytest.mark.slow
def test_editor_extends_the_alias_list_in_config(tmp_path):
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("languages: [en, fr]", "languages: [en]")
    text += "    entities:\n      Kinetica:\n        kind: company\n        aliases: [キネティカ]\n"
    proj = new_project(tmp_path / "p", mkdocs_text=text)
    proj.add("k.txt", "Kinetica shows a walking robot in Osaka\n\n"
                      "The robot maker Kinetica, written キネティカ in Japan, showed a walking robot in Osaka on Monday. "
                      "キネティカ said the first humanoid robots will reach car factories next year.\n")
    proj.build(strict=True)
    slug = next(proj.articles.glob("*.md")).stem
    names = _docs(proj, "en", "names.md")
    assert f"- **Kinetica** — [Kinetica shows a walking robot in Osaka](articles/{slug}.md)" in names
    assert "キネティカ" not in names
    article = _docs(proj, "en", f"articles/{slug}.md")
    assert "Names: Kinetica" in article


def test_story_page_indexes_its_story_once_and_keeps_original_language_text_out(sample_site):
    """The story page is the search entry of its articles; text shown untranslated stays out of the index."""
    from briefing.render import pages as render

    config = sample_site.config()
    briefing = pipeline.assemble(config, BuildReport(), ContentStore.load(config.articles), record=False)
    [story] = [s for s in briefing.stories if len(s.articles) == 3]
    # The French article loses its English translation: on the English site it is shown in French (pending).
    french = next(a for a in story.articles if a.language == "fr")
    story = stories.Story(story.id, tuple(a.replace(translations=()) if a is french else a for a in story.articles))
    sv = digest.story_view(story, "en", 5)
    env = render.environment(config.site.templates, "en")
    context = {"briefing": config, "taxonomy": config.taxonomy, "lang": "en", "t": render.i18n.strings("en")}
    pages = {p.path: p.text for p in render._story_pages(sv, env, context, briefing, config)}
    story_page = pages[sv.link]
    # Full-text search (the default) indexes each report and lists it under its story; lean search
    # indexes the story page alone.
    full = config.site.search_full_text
    assert ("exclude: true" in story_page.split("---")[1]) == full
    for item in sv.views:
        front = pages[f"articles/{item.slug}.md"].split("---")[1]
        assert ("exclude: true" in front) != full
        assert f"search_story: \"{sv.link}\"" in front
    # The French report shown untranslated on the English site: its French body stays out of the index.
    before = pages[f"articles/{french.slug}.md"].split(french.paragraphs[0][:40])[0]
    opened = before.rfind("<section")
    assert opened > before.rfind("</section>") and 'data-search-exclude="true"' in before[opened:opened + 60]
    french_points = [p.text for p in sv.cited_key_points if p.source.slug == french.slug]
    assert french_points, "the French article gives a key point to the story"
    for point in sv.cited_key_points:
        line = next(line for line in story_page.splitlines() if line.startswith("- ") and point.text[:40] in line)
        assert line.startswith('- <span data-search-exclude="true">') == (point.source.slug == french.slug), line
