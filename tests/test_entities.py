"""Names of companies, people, places and products (invented sentences only)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.extract.entities import KINDS, Aliases, Entity, collect, mentions


@pytest.fixture(scope="module")
def aliases() -> Aliases:
    return Aliases.load()


def surfaces(text: str, language: str, aliases: Aliases) -> dict[str, str]:
    """Surface -> kind of every mention (checks the offsets on the way)."""
    found = mentions(text, language, aliases)
    for m in found:
        assert text[m.start:m.end] == m.surface
    return {m.surface: m.kind for m in found}


def names(text: str, language: str, aliases: Aliases) -> dict[str, str]:
    return {name: entity.kind for name, entity in collect(text, language, aliases).items()}


# --- the alias list

@pytest.mark.parametrize("spelling", ["NVIDIA", "Nvidia", "nvidia", "英伟达", "英偉達", "輝達",
                                      "エヌビディア", "ＮＶＩＤＩＡ", "Nvidia's", "Nvidia Corp."])
def test_every_spelling_of_nvidia_is_one_entity(aliases, spelling):
    entity = aliases.canonical(spelling)
    assert entity is not None and entity.name == "Nvidia" and entity.kind == "company"


@pytest.mark.parametrize("spelling, name", [
    ("阿里巴巴", "Alibaba"), ("Alibaba's", "Alibaba"), ("Alibaba’s", "Alibaba"),
    ("Alibaba Group Holding Ltd.", "Alibaba"), ("阿里巴巴集团", "Alibaba"), ("アリババ", "Alibaba"),
    ("阿里雲", "Alibaba Cloud"), ("Pékin", "Beijing"), ("PEKIN", "Beijing"), ("北京", "Beijing"),
    ("États-Unis", "United States"), ("U.S.", "United States"), ("美国", "United States"),
    ("アメリカ", "United States"), ("東京", "Tokyo"), ("黃仁勳", "Jensen Huang"),
    ("特朗普", "Donald Trump"), ("Samsung Electronics Co., Ltd.", "Samsung"),
])
def test_canonical_ignores_case_accents_width_possessive_and_suffixes(aliases, spelling, name):
    entity = aliases.canonical(spelling)
    assert entity is not None and entity.name == name


def test_canonical_unknown_names_give_none(aliases):
    assert aliases.canonical("Quillon Robotics") is None
    assert aliases.canonical("") is None


def test_builtin_list_kinds(aliases):
    kinds = {name: aliases.canonical(name).kind for name in
             ["Huawei Ascend", "Jensen Huang", "Hong Kong", "Silicon Valley", "DeepSeek", "Mistral AI"]}
    assert kinds == {"Huawei Ascend": "product", "Jensen Huang": "person", "Hong Kong": "place",
                     "Silicon Valley": "place", "DeepSeek": "company", "Mistral AI": "company"}
    assert "_given_names" not in aliases.entities and "eddie" in aliases.given_names


def test_find_matches_every_script_longest_first(aliases):
    text = "英伟达的H20芯片与Nvidia合作，Alibaba Cloud和阿里巴巴都在杭州。"
    found = [(text[s:e], entity.name) for s, e, entity in aliases.find(text)]
    assert found == [("英伟达", "Nvidia"), ("Nvidia", "Nvidia"), ("Alibaba Cloud", "Alibaba Cloud"),
                     ("阿里巴巴", "Alibaba"), ("杭州", "Hangzhou")]


def test_find_needs_word_boundaries_for_latin_aliases(aliases):
    text = "Armada and Intelligent Metaverse firms; Hongkong traders; the Armenian arm."
    assert [(text[s:e], entity.name) for s, e, entity in aliases.find(text)] == [("Hongkong", "Hong Kong")]


def test_lowercase_common_words_are_not_companies(aliases):
    assert surfaces("He hurt his arm, ate an apple and set a new meta goal.", "en", aliases) == {}


def test_currency_prefix_is_not_the_country(aliases):
    text = "Quillon raised US$5 billion in the US."
    assert [(m.start, m.kind) for m in mentions(text, "en", aliases) if m.surface == "US"] == [(35, "place")]


def test_company_suffix_is_taken_along(aliases):
    assert surfaces("Nvidia Corp. and 腾讯控股 reported results.", "en", aliases) == {
        "Nvidia Corp.": "company", "腾讯控股": "company"}


def test_korean_spellings_match_with_a_particle_but_not_inside_a_word(aliases):
    text = "메타가 발표했고 엔비디아의 칩 H20을 샀다. 메타버스 사업과 인텔리전스 분야는 별개다."
    found = [(text[s:e], entity.name) for s, e, entity in aliases.find(text)]
    assert found == [("메타", "Meta"), ("엔비디아", "Nvidia")]


def test_latin_names_glued_to_korean_particles_lose_the_particle(aliases):
    found = names("오픈AI가 새 모델을 공개했고 Quillon은 투자를 늘렸다. Quillon의 주가가 올랐다.", "ko", aliases)
    assert found.get("OpenAI") == "company"
    assert "Quillon" in found
    assert not any("은" in name or "의" in name or "가" in name for name in found)


# --- Aliases.load(extra)

def test_extra_adds_an_entity_and_extends_an_existing_one():
    custom = Aliases.load({
        "Quillon Robotics": {"kind": "company", "aliases": ["Quillon", "奎隆机器人"]},
        "Nvidia": {"kind": "company", "aliases": ["Team Green"]},
    })
    assert custom.canonical("奎隆机器人").name == "Quillon Robotics"
    nvidia = custom.canonical("team green")
    assert nvidia.name == "Nvidia" and "英伟达" in nvidia.aliases and "Team Green" in nvidia.aliases
    assert custom.canonical("輝達").name == "Nvidia"
    assert names("Quillon and Team Green signed a deal.", "en", custom) == {
        "Quillon Robotics": "company", "Nvidia": "company"}


def test_extra_replaces_kind_and_none_removes():
    custom = Aliases.load({"Arm": {"kind": "other"}, "Tesla": None})
    assert custom.canonical("Arm").kind == "other" and custom.canonical("ARM").name == "Arm"
    assert custom.canonical("Tesla") is None and custom.canonical("特斯拉") is None
    assert Aliases.load().canonical("Tesla").kind == "company"  # the built-in list is untouched


def test_extra_given_names_extend_the_list():
    custom = Aliases.load({"_given_names": ["Zorvath"]})
    assert surfaces("The meeting included Zorvath Kellen.", "en", custom) == {"Zorvath Kellen": "person"}


def test_extra_with_a_bad_kind_is_rejected():
    with pytest.raises(ValueError, match="Quillon"):
        Aliases.load({"Quillon": {"kind": "robot", "aliases": []}})
    with pytest.raises(ValueError, match="aliases"):
        Aliases.load({"Quillon": {"kind": "company", "aliases": "Q"}})


# --- mentions: Latin-script heuristics

def test_english_article(aliases):
    text = ("Alibaba's shares rose on Wednesday after chief executive Eddie Wu said the group "
            "would spend more on Nvidia chips in Hong Kong and Hangzhou. Alibaba Group Holding Ltd. "
            "confirmed the plan.")
    assert surfaces(text, "en", aliases) == {"Alibaba": "company", "Eddie Wu": "person", "Nvidia": "company",
                                             "Hong Kong": "place", "Hangzhou": "place",
                                             "Alibaba Group Holding Ltd.": "company"}
    assert names(text, "en", aliases) == {"Alibaba": "company", "Eddie Wu": "person", "Nvidia": "company",
                                          "Hong Kong": "place", "Hangzhou": "place"}


def test_person_after_a_title_without_the_alias_list():
    bare = Aliases.load({"Eddie Wu": None})
    text = "Alibaba chief executive Eddie Wu said demand was strong."
    assert surfaces(text, "en", bare) == {"Alibaba": "company", "Eddie Wu": "person"}
    text = "Le PDG Marc Ovidal-Brenne a salué l'accord, selon la présidente Ilse Varga."
    assert surfaces(text, "fr", bare) == {"Marc Ovidal-Brenne": "person", "Ilse Varga": "person"}


def test_french_sentence(aliases):
    text = ("Le géant chinois Alibaba a annoncé mercredi un partenariat avec Nvidia à Pékin. "
            "Le groupe vise aussi les États-Unis.")
    assert surfaces(text, "fr", aliases) == {"Alibaba": "company", "Nvidia": "company", "Pékin": "place",
                                             "États-Unis": "place"}
    assert names(text, "fr", aliases) == {"Alibaba": "company", "Nvidia": "company", "Beijing": "place",
                                          "United States": "place"}


def test_sentence_initial_common_words_are_not_names(aliases):
    text = ("The results were strong. However, margins fell at Quillon. Wednesday brought more news. "
            "Analysts expect Quillon to recover; the results matter.")
    assert surfaces(text, "en", aliases) == {"Quillon": "other"}


def test_months_days_and_nationalities_are_not_names(aliases):
    text = "On Monday in March, Chinese and American officials met Japanese investors in May."
    assert surfaces(text, "en", aliases) == {}


def test_german_nouns_are_not_names(aliases):
    text = ("Die Roboter der Firma Neura Robotics arbeiten neben Menschen in der Fabrik. "
            "Roboter sind teuer, sagte die Firma am Montag in Deutschland.")
    found = surfaces(text, "de", aliases)
    assert found == {"Neura Robotics": "company", "Deutschland": "place"}
    assert names(text, "de", aliases) == {"Neura Robotics": "company", "Germany": "place"}


def test_german_noun_spelled_like_a_company(aliases):
    text = "Der Roboter hat nur einen Arm. ARM liefert das Design."
    assert [(m.surface, m.kind) for m in mentions(text, "de", aliases)] == [("ARM", "company")]


def test_german_names_with_capitals_inside_or_several_words(aliases):
    text = "Der Chef von DeepMindly, Tobias Kranich, lobt das Modell NX7 der Quillon GmbH."
    assert surfaces(text, "de", aliases) == {"DeepMindly": "company", "Tobias Kranich": "person",
                                             "NX7": "product", "Quillon GmbH": "company"}


def test_products_mix_letters_and_digits(aliases):
    text = "Shipments of the H20 and the RTX Pro 6000D slowed, while GPT-4o and the MI308 gained."
    assert surfaces(text, "en", aliases) == {"H20": "product", "RTX Pro 6000D": "product",
                                             "GPT-4o": "product", "MI308": "product"}


def test_version_number_after_a_name_is_a_product():
    bare = Aliases.load({"Qwen": None})
    assert surfaces("Developers compared Qwen 3 with older models.", "en", bare) == {"Qwen 3": "product"}
    assert surfaces("The fund holds Quillon 15% and Vexor 3.", "en", bare) == {"Quillon": "other",
                                                                            "Vexor 3": "product"}


def test_capitalised_runs_and_allcaps(aliases):
    text = "Shares of ACM Research and NAURA jumped, and Alibaba Cloud Intelligence gained."
    assert surfaces(text, "en", aliases) == {"ACM Research": "other", "NAURA": "other",
                                             "Alibaba Cloud Intelligence": "company"}


def test_kind_from_suffix_ticker_and_cue_words(aliases):
    text = ("Quillon Inc. said sales rose. Rival Vexor (VXR) fell, as did the startup Ondrix. "
            "Analysts at Bank of America were cautious.")
    assert surfaces(text, "en", aliases) == {"Quillon Inc.": "company", "Vexor": "company",
                                             "Ondrix": "company", "Bank of America": "company"}


def test_institution_name_takes_its_place_name_along(aliases):
    found = surfaces("Economists at the Bank of China and the University of Tokyo agreed.", "en", aliases)
    assert found == {"Bank of China": "company", "University of Tokyo": "other"}
    found = surfaces("Selon la Banque de France et Luis de Guindos, la croissance ralentit.", "fr", aliases)
    assert found == {"Banque de France": "company", "Luis de Guindos": "person"}


def test_acronym_definition_is_not_a_ticker(aliases):
    assert surfaces("Experts at the Quillon Vexor Institute (QVI) agreed.", "en", aliases) == {
        "Quillon Vexor Institute": "other"}


def test_title_case_headline_words_are_not_names(aliases):
    text = "Quillon Unveils Bold Robot Strategy\n\nOn Monday, Quillon said that its robot strategy is bold."
    assert surfaces(text, "en", aliases) == {"Quillon": "other"}


def test_allcaps_headline_words_are_not_names(aliases):
    text = "NVIDIA TO PAY MORE FOR LICENCES\nNvidia agreed to the terms."
    assert surfaces(text, "en", aliases) == {"NVIDIA": "company", "Nvidia": "company"}


# --- mentions: Chinese and Japanese

def test_chinese_aliases_and_person_after_title(aliases):
    text = "阿里巴巴首席执行官吴泳铭表示，公司将与英伟达合作。董事长王小明说，宇树科技的H1机器人在北京亮相。"
    assert surfaces(text, "zh", aliases) == {"阿里巴巴": "company", "吴泳铭": "person", "英伟达": "company",
                                             "王小明": "person", "宇树科技": "company", "H1": "product",
                                             "北京": "place"}
    assert names(text, "zh", aliases) == {"Alibaba": "company", "Eddie Wu": "person", "Nvidia": "company",
                                          "王小明": "person", "Unitree": "company", "H1": "product",
                                          "Beijing": "place"}


def test_japanese_names_and_katakana(aliases):
    text = ("ソフトバンクグループの孫正義会長は、エヌビディアと提携した。同社の山田太郎社長は、"
            "ヒューマノイドロボットのデータセンターについてオプティマスを紹介した。オプティマスは東京で動く。")
    assert surfaces(text, "ja", aliases) == {"ソフトバンクグループ": "company", "孫正義": "person",
                                             "エヌビディア": "company", "山田太郎": "person",
                                             "オプティマス": "other", "東京": "place"}
    assert names(text, "ja", aliases) == {"SoftBank": "company", "Masayoshi Son": "person",
                                          "Nvidia": "company", "山田太郎": "person", "オプティマス": "other",
                                          "Tokyo": "place"}


# --- collect

def test_collect_groups_spellings_and_filters_weak_names(aliases):
    text = ("Quillon Inc. said Quillon would hire. Eddie Wu praised it; Wu said Nvidia and NVIDIA "
            "agree. Intelligence matters. NAURA and Vexor Dynamics also spoke, and H20 sales rose.")
    found = collect(text, "en", aliases)
    assert list(found) == ["Quillon Inc.", "Eddie Wu", "Nvidia", "NAURA", "Vexor Dynamics", "H20"]
    assert found["Quillon Inc."] == Entity("Quillon Inc.", "company", ("Quillon",))
    assert found["Nvidia"] is aliases.canonical("NVIDIA")


def test_collect_folds_a_surname_into_the_full_name():
    bare = Aliases.load({"Eddie Wu": None})
    found = collect("Chief executive Eddie Wu spoke. Later Wu said more.", "en", bare)
    assert found == {"Eddie Wu": Entity("Eddie Wu", "person", ("Wu",))}


def test_collect_keeps_a_single_word_seen_twice(aliases):
    text = "Sales at Ondrix rose. Investors liked Ondrix."
    assert names(text, "en", aliases) == {"Ondrix": "other"}
    assert names("Sales at Ondrix rose.", "en", aliases) == {}


# --- invariants

MIXED = ("NVIDIA’s H100 and Alibaba's Qwen 3 — 英伟达与阿里巴巴在杭州合作。"
         "Le PDG Jean Vorel a parlé à Pékin. Die Firma Neura Robotics (NRB) baut Roboter. ソフトバンクの孫正義会長はオプティマスを見た。")


@pytest.mark.parametrize("language", ["en", "fr", "de", "zh", "ja", "es", "it", "pt", "und", ""])
def test_mentions_are_ordered_disjoint_and_verbatim(aliases, language):
    found = mentions(MIXED, language, aliases)
    assert found
    for a, b in pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert MIXED[m.start:m.end] == m.surface and m.kind in KINDS


def test_empty_text(aliases):
    assert mentions("", "en", aliases) == [] and collect("", "zh", aliases) == {}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "fr", "de", "es", "it", "pt", "zh", "ja", "und"]))
def test_mentions_never_raise_on_arbitrary_text(aliases, text, language):
    found = mentions(text, language, aliases)
    for a, b in pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert text[m.start:m.end] == m.surface and m.kind in KINDS
    collect(text, language, aliases)



def test_person_titles_come_from_the_language_files(aliases):
    from briefing import lang
    from briefing.extract import entities
    for code in lang.supported():
        cased = [t for t in lang.get(code).titles if t[:1].lower() != t[:1].upper()]
        assert all(entities._norm_key(w) in entities._TITLES for t in cased for w in t.split()), code
    # A Chinese title of zh.yaml before a name, a Japanese title of ja.yaml after one.
    zh_title, ja_title = lang.get("zh").titles[0], "会長"
    assert ja_title in lang.get("ja").titles
    found = entities.mentions(f"{zh_title}林晓风表示，公司将扩产。", "zh", aliases)
    assert [(m.surface, m.kind) for m in found] == [("林晓风", "person")]
    found = entities.mentions(f"記者会見で森田雄{ja_title}が説明した。", "ja", aliases)
    assert ("森田雄", "person") in [(m.surface, m.kind) for m in found]
