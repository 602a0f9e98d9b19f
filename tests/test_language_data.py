"""Language data files, the date finder, the boilerplate model and the headline chooser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from briefing import lang
from briefing.extract import boilerplate, dates, headline
from briefing.stages.clean import clean
from briefing.models import Article


def run(text: str) -> Article:
    return clean(Article(Path("inbox/x.txt"), "0" * 64, text))


# --------------------------------------------------------------------------- language data
def test_every_language_file_loads_with_months_and_phrases():
    for code in lang.supported():
        data = lang.get(code)
        assert data.name and data.boilerplate, code
        assert data.date_order in {"mdy", "dmy", "ymd"}, code
        if data.months:
            assert sorted(set(n for _, n in data.months)) == list(range(1, 13)), code


def test_every_word_in_the_files_is_text():
    # YAML reads a bare on, no or yes as a boolean: a word list must quote them.
    for path in sorted(Path(lang.__file__).parent.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            items = value if isinstance(value, list) else list(value) if isinstance(value, dict) else [value]
            assert all(isinstance(item, str) for item in items), (path.name, key)


def test_every_word_of_the_numbers_and_titles_is_text():
    # Deeper than the check above: a bare no or on inside `numbers` would be a boolean too.
    def words(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from words(item) if isinstance(item, (dict, list)) else ()
        elif isinstance(value, list):
            for item in value:
                yield from words(item) if isinstance(item, (dict, list)) else [item]
    for path in sorted(Path(lang.__file__).parent.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        numbers = dict(data.get("numbers") or {})
        display = numbers.pop("display", {})
        for item in words({k: v for k, v in numbers.items() if k != "words"}):
            assert isinstance(item, str), (path.name, item)
        assert all(isinstance(w, str) for w in (numbers.get("words") or {})), path.name
        assert all(isinstance(t, str) for t in data.get("titles") or ()), path.name
        assert all(isinstance(w, str) for _, one, many in display.get("scales", ()) for w in (one, many))


def test_the_numbers_sections_are_complete_and_consistent():
    for code in lang.supported():
        data = lang.get(code).numbers
        if data is None:
            continue
        assert data.decimal in {".", ","} and data.decimal != data.thousands, code
        # `display` needs a template for every qualifier, and scales from the largest.
        assert [name for name, _ in data.display_qualifiers] == list(lang.QUALIFIERS), code
        assert [v for v, _, _ in data.display_scales] == sorted((v for v, _, _ in data.display_scales), reverse=True)
        assert all(value > 0 for _, value in data.words), code
        if data.also:
            assert lang.get(data.also).numbers is not None, code


def test_a_misspelt_key_of_a_numbers_section_is_an_error():
    from briefing.errors import ConfigError
    assert lang._number_data({"words": {"one": 1}}, "x.yaml").words == (("one", 1),)
    with pytest.raises(ConfigError, match="qualifier"):
        lang._number_data({"qualifier": {}}, "x.yaml")
    with pytest.raises(ConfigError, match="more"):
        lang._number_data({"qualifiers": {"more": ["over"]}}, "x.yaml")


def test_a_date_line_is_recognised_in_any_language_with_a_file():
    pattern = lang.date_line_words()
    assert pattern.sub("", "Published on Monday at").split() == []
    assert pattern.sub("", "Publié le lundi").split() == []
    assert pattern.sub("", "(火) 更新").strip() == ""


def test_a_language_without_a_file_still_gets_stop_words_from_justext():
    polish = lang.get("pl")
    assert polish.name == "" and not polish.boilerplate
    assert "jest" in polish.stopwords


def test_boilerplate_phrases_match_whole_words_and_runs_of_cjk():
    english, chinese = lang.get("en"), lang.get("zh")
    assert boilerplate._phrase_cover("Read more", english) == (1.0, 1.0)
    assert boilerplate._phrase_cover("Already homeward", english) == (0.0, 0.0)   # "home" inside a word
    assert boilerplate._phrase_cover("記者王小明／台北報導", chinese)[0] > 0.4


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize("text, language, expected", [
    ("8/19/2025", "en", date(2025, 8, 19)),
    ("19.08.2025 13:49", "de", date(2025, 8, 19)),
    ("2025年7月15日", "zh", date(2025, 7, 15)),
    ("2025.09.18", "ko", date(2025, 9, 18)),
    ("2025년 8월 19일 오후 3:00", "ko", date(2025, 8, 19)),
    ("lunes, 1 de septiembre de 2025", "es", date(2025, 9, 1)),
    ("business8/19/2025", "en", date(2025, 8, 19)),
    ("Aug. 19, 2025", "und", date(2025, 8, 19)),
    ("1er mars 2025", "en", date(2025, 3, 1)),          # month names of every language
    ("16 settembre 2025", "it", date(2025, 9, 16)),
])
def test_dates_in_every_common_form(text, language, expected):
    assert dates.first(text, language).day == expected


@pytest.mark.parametrize("text", ["05/06/2025", "31.02.2025", "2025-13-01", "il y a 3 heures", "6小时前"])
def test_ambiguous_impossible_or_relative_dates_give_none(text):
    assert dates.first(text, "fr") is None


def test_a_line_with_two_dates_gives_both_in_order():
    found = dates.find("更新於 2025年07月30日06:05 • 發布於 2025年07月29日00:07", "zh")
    assert [f.day for f in found] == [date(2025, 7, 30), date(2025, 7, 29)]


def test_the_published_date_is_the_earliest_of_a_labelled_header_line():
    text = ("美日同步示警 北海道嚴防海嘯來襲\n"
            "更新於 2025年07月30日06:05 • 發布於 2025年07月29日00:07 • 記者王小明\n"
            "7月30日上午7時24分,俄羅斯遠東地區的外海發生強烈地震,震央深度約73.9公里,地震規模達芮氏8.0級。"
            "這起地震也引發鄰近國家高度警戒,日本氣象廳在8時37分對多個地區發布海嘯注意報。\n")
    assert run(text).published == date(2025, 7, 29)


def test_an_event_date_in_the_story_is_never_the_publication_date():
    text = ("Veltro opens its Ohio plant\n"
            "Veltro said on 3 May 2025 that it had opened its new plant in Ohio, which will employ 300 people "
            "and build industrial robots for car makers in the region, the company said in a statement.\n")
    assert run(text).published is None


# --------------------------------------------------------------------------- boilerplate model
def test_the_shipped_models_load_with_thresholds_in_range():
    for model in (boilerplate.default_model(), headline.default_model()):
        assert model.weights and 0.0 < model.threshold < 1.0


def test_menu_lines_above_the_story_go_with_the_models_reasons():
    text = ("Markets Tech Opinion\nLatest news\nTrending\n"
            "Veltro opens its Ohio plant\n"
            "Veltro opened its new plant in Ohio on Monday, the company said, adding that the site will "
            "employ 300 people and build industrial robots for car makers across the Midwest region.\n"
            "The plant is the company's largest outside Europe and cost about 400 million dollars to build.\n")
    result = run(text)
    assert result.title == "Veltro opens its Ohio plant"
    for line in ("Markets Tech Opinion", "Latest news", "Trending"):
        assert line in result.removed
        assert result.removed_why[result.removed.index(line)].startswith("model ")
    assert result.paragraphs[0].startswith("Veltro opened its new plant")


def test_short_lines_inside_the_story_stay_without_a_mark_of_furniture():
    text = ("Veltro opens its Ohio plant\n"
            "Veltro opened its new plant in Ohio on Monday, the company said, adding that the site will "
            "employ 300 people and build industrial robots for car makers across the Midwest region.\n"
            "What comes next\n"
            "The plant is the company's largest outside Europe and cost about 400 million dollars to build, "
            "and a second site in Texas is planned for 2027 if demand from car makers keeps growing.\n")
    assert "What comes next" in run(text).paragraphs


# --------------------------------------------------------------------------- headline
def test_a_site_name_above_the_headline_is_not_the_title():
    text = ("nordwire.example logo\n"
            "Kinetica unveils walking robot for car factories\n"
            "Kinetica Labs unveiled a walking robot for car factories on Tuesday, saying the machine can "
            "carry parts between assembly lines and will ship to two German car makers next year.\n"
            "The robot walks at four kilometres an hour and runs for eight hours on one charge.\n")
    assert run(text).title == "Kinetica unveils walking robot for car factories"


def test_breadcrumb_before_the_headline_is_cut_off():
    text = ("Accueil » Kinetica dévoile un robot marcheur pour les usines automobiles\n"
            "Kinetica Labs a dévoilé mardi un robot marcheur pour les usines automobiles, capable de "
            "transporter des pièces entre les chaînes de montage, a indiqué la société dans un communiqué.\n"
            "Le robot sera livré à deux constructeurs allemands l'an prochain, selon la même source.\n")
    result = run(text)
    assert result.title == "Kinetica dévoile un robot marcheur pour les usines automobiles"
    assert "Accueil" in result.removed


def test_the_record_says_where_its_date_came_from():
    marker = run(" date 2025-08-15 Veltro opens its Ohio plant\nVeltro opened its new plant in Ohio on Monday, "
                 "the company said, adding that it will employ 300 people in the region.\n")
    assert (marker.published, marker.date_method) == (date(2025, 8, 15), "page-marker")
    header = run("Veltro opens its Ohio plant\nPublished: 19 August 2025\nVeltro opened its new plant in Ohio on "
                 "Monday, the company said, adding that it will employ 300 people in the region.\n")
    assert (header.published, header.date_method) == (date(2025, 8, 19), "header")
    assert run("Veltro opens its Ohio plant\nVeltro opened a plant.\n").date_method == ""


def test_a_caption_printed_again_without_its_credit_goes_too():
    caption = "Workers assemble robot arms at the Veltro plant outside Dayton on Tuesday morning"
    text = ("Veltro opens its Ohio plant\n"
            f"{caption}\n"
            f"{caption} | Jane Roe / Wire\n"
            "Veltro opened its new plant in Ohio on Monday, the company said, adding that the site will "
            "employ 300 people and build industrial robots for car makers across the Midwest region.\n")
    result = run(text)
    assert caption not in result.paragraphs
    assert result.paragraphs[0].startswith("Veltro opened its new plant")


# --------------------------------------------------------------------------- rule patterns
@pytest.mark.parametrize("phrase, hits, misses", [
    ("# min read", ["5 min read", "12min read"], ["123456 min read", "5 min reader"]),
    ("{update|upgrade} your browser", ["Please upgrade your browser"], ["update your browsers"]),
    ("[à ]lire {aussi|également}", ["À lire aussi", "Lire également"], ["élire aussi"]),
    ("déjà abonné ?", ["Déjà abonné ?", "déjà abonné?"], ["déjà abonnée"]),
    ("^subscribe to read", ["Subscribe to read more"], ["Please subscribe to read"]),
    ("\\[logo\\]", ["[logo]"], ["logo"]),
    ("{l'ia|ia} générative", ["l’IA générative", "IA générative"], []),
    ("残り#文字", ["残り1200文字"], ["残り文字"]),
])
def test_phrase_grammar(phrase, hits, misses):
    pattern = lang.Lowered(lang.alternation([phrase]))
    assert all(pattern.search(text) for text in hits), phrase
    assert not any(pattern.search(text) for text in misses), phrase


def test_lowered_patterns_replace_without_changing_the_case_of_the_rest():
    pattern = lang.Lowered(lang.alternation(["# min read"]))
    assert pattern.subn(" ", "Nordwire | 4 MIN READ") == ("Nordwire |  ", 1)


def test_every_pattern_list_is_the_union_of_the_language_files():
    assert "by" in lang.every("byline_words") and "par" in lang.every("byline_words")
    assert "av" in lang.every("byline_words")          # only the Swedish file has it
    assert "기자" in lang.every("reporter_titles")
    with pytest.raises(KeyError):
        lang.every("no such list")


def test_every_pattern_of_every_file_compiles():
    import re
    for key in lang.PATTERN_KEYS:
        re.compile(lang.alternation(lang.every(key)))


# --------------------------------------------------------------------------- new evidence
def _features(lines: list[str], code: str = "en") -> list[dict[str, float]]:
    ctx = boilerplate.context(lines, code)
    return [boilerplate.features(ctx, i) for i in range(len(lines))]


def test_caption_credits_and_closing_dates_are_evidence():
    story = ("Kinetica Labs said on Tuesday that its walking robot would ship to two car makers next year, "
             "and that the first units were already being tested in a plant near Turin.")
    lines = [story,
             "A walking robot carries a crate at a trade fair in Turin, Italy, on May 4, 2025.",
             "A walking robot carries a crate at the fair. (Photo: Jane Roe/Wire)",
             "The robot carries crates, according to Reuters.",
             story]
    found = _features(lines)
    assert found[1]["date_end"] == 1.0 and found[0]["date_end"] == 0.0
    assert found[2]["credit_end"] == 1.0
    assert found[3]["credit_end"] == 0.0           # a source named at the end of a sentence is no credit
    cjk = _features(["会場で展示されたロボット＝山田太郎撮影", "機器人在會場展示。記者王小明／攝影"], "ja")
    assert cjk[0]["credit_end"] == cjk[1]["credit_end"] == 1.0


def test_author_titles_echoes_and_arrows_are_evidence():
    lines = ["Kinetica Labs unveiled a walking robot for car factories on Tuesday, saying it will ship next year "
             "to two German car makers.",
             "Weather Week Ahead Storm warnings for the northern coast this weekend?",
             "Storm warnings for the northern coast this weekend?",
             "▶ More robots in the factories of tomorrow",
             "Jane Roe is a technology correspondent based in Berlin."]
    found = _features(lines)
    assert found[1]["echo"] == found[2]["echo"] == 1.0 and found[0]["echo"] == 0.0
    assert found[3]["arrow"] == 1.0 and found[2]["arrow"] == 0.0
    assert found[4]["role"] == 1.0 and found[0]["role"] == 0.0


def test_sentence_and_content_words_come_from_the_language_files():
    from briefing.lang import text

    assert "mme" in lang.get("fr").abbreviations
    # "Mme." never ends a sentence; "Inc." does when the next word opens one.
    assert len(text.split_sentences("Mme. Durand a parlé hier. Elle est partie.", "fr")) == 2
    assert len(text.split_sentences("Shares of Acme Inc. The board met on Monday.", "en")) == 2
    assert text.stopwords("de") == frozenset(text.normalise(" ".join(lang.get("de").content_stopwords)).split())
    assert "der" in text.stopwords("de") and "der" not in text.content_words("der Hafen wächst", "de")
    # A language whose file lists none (Korean) uses every list, as one without a file does.
    assert text.stopwords("ko") == frozenset() and "the" not in text.content_words("the harbour", "ko")
