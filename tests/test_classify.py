"""Topic classification on synthetic articles, with the built-in and custom taxonomies."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefing import classify as classify_module
from briefing.classify import classify, compile_taxonomy, term_pattern
from briefing.config import BriefingConfig, TopicConfig, default_taxonomy
from briefing.models import Article, TopicMatch
from briefing.text import normalise

TAXONOMY = default_taxonomy()


def make(body: str, title: str = "", lang: str = "en") -> Article:
    return Article(source_path=Path("inbox/x.txt"), raw_sha256="0" * 64, raw_text=body,
                   body=body, title=title, language=lang)


def topics(body: str, title: str = "", taxonomy=None) -> list[str]:
    return classify(make(body, title), taxonomy or TAXONOMY).topic_names


def test_version():
    assert classify_module.VERSION == 1


# --- the built-in taxonomy on synthetic stories

def test_chip_story():
    body = ("Veltrix Semiconductor said its new AI accelerator would ship to cloud customers in May. "
            "The chipmaker expects the GPUs to face export controls in some markets. "
            "Veltrix makes its chips at a foundry in Taiwan.")
    assert topics(body, "Veltrix unveils new AI chip") == ["chips"]


def test_robot_story():
    body = ("Quillon Robotics showed a humanoid robot that can sort parcels. "
            "The company already sells industrial robots to carmakers.")
    assert topics(body, "Quillon shows humanoid") == ["robotics"]


def test_capex_story():
    body = ("Orvanta Cloud will spend 12 billion dollars on new data centres in Ohio this year. "
            "The hyperscaler said its capital expenditure on AI infrastructure would double.")
    assert topics(body) == ["capex"]


def test_retailer_results_get_no_topic():
    body = ("Brightmart said quarterly sales fell 3 percent as shoppers cut spending on clothes. "
            "The retailer announced an investment plan for its stores and a new loyalty programme. "
            "Its shares fell 4 percent in early trading. Online sales rose 2 percent, and the group "
            "plans more investment in logistics. Analysts said AI tools could help it forecast demand.")
    assert topics(body, "Brightmart sales drop as shoppers pull back") == []


def test_idioms_with_chip_do_not_count():
    body = ("Blue-chip stocks rallied on Friday. Employees agreed to chip in for the party, and the "
            "union used the pension as a bargaining chip. Chocolate chip cookies sold out.")
    assert topics(body, "Blue chips rally") == []


def test_several_topics_sorted_by_score_then_name():
    body = ("Quillon Robotics will use Veltrix chips in its humanoid robots. "
            "The robots run on a GPU. Quillon plans a data centre to train its robot software.")
    result = classify(make(body, "Quillon robots get Veltrix chips"), TAXONOMY).topics
    names = [t.name for t in result]
    assert names == ["robotics", "chips"]
    assert result[0].score >= result[1].score


def test_french_article():
    body = ("Le fabricant Orvanta a présenté lundi ses nouvelles puces pour l'IA. "
            "Les semi-conducteurs seront produits en Europe. Orvanta investit aussi dans des "
            "centres de données et des robots humanoïdes pour ses usines, et dans la robotique.")
    assert set(topics(body)) == {"chips", "robotics"}


def test_french_article_with_english_term_and_investment_phrases():
    body = ("Le groupe Brenntal a dévoilé un plan d'investissement de 8 milliards d'euros. "
            "Il prévoit d'investir dans l'IA et de construire un data center près de Lyon.")
    assert topics(body) == ["capex"]


def test_german_compounds():
    body = ("Der Halbleiterhersteller Veltrix baut eine Chipfabrik in Sachsen. "
            "Das Robotik-Start-up Quillon liefert Industrieroboter an Autobauer; "
            "die Roboter sortieren Teile. Neue Rechenzentren sind nicht geplant.")
    result = classify(make(body), TAXONOMY)
    assert set(result.topic_names) == {"chips", "robotics"}
    robotics = next(t for t in result.topics if t.name == "robotics")
    assert "*roboter*" in robotics.terms and "robotik*" in robotics.terms


def test_spanish_article():
    body = ("La empresa Ventisca construirá dos centros de datos en Teruel. "
            "Es la mayor inversión en IA de la región, según el Gobierno.")
    assert topics(body, "Ventisca invertirá en centros de datos") == ["capex"]


def test_chinese_simplified_and_traditional():
    simplified = "星河公司发布新款人形机器人，并计划扩大机器人产能。公司还采购了国产芯片。"
    traditional = "晨光科技發表新款人形機器人，並計劃擴大機器人產能。"
    assert topics(simplified) == ["robotics"]
    assert topics(traditional) == ["robotics"]


def test_chinese_chips_with_embedded_latin_term():
    body = "星河公司采购了一批英伟达GPU，并与台积电签署了晶圆代工协议。"
    assert topics(body) == ["chips"]


def test_japanese_article():
    body = ("青葉テックは大阪に新しいデータセンターを建設すると発表した。"
            "設備投資は三年間で二千億円にのぼる。")
    assert topics(body) == ["capex"]


# --- term syntax

@pytest.mark.parametrize("term, text, hit", [
    ("semiconductor", "two semiconductors plants", True),
    ("semiconductor", "semiconductores baratos", True),
    ("robot", "neue Roboter und Robotern", True),
    ("robot", "robotaxi fleets", False),
    ("robot", "the megarobotcorp summary", False),
    ("data centre", "new data-centres and datacentre", True),
    ("data center", "big data centers", True),
    ("centro de datos", "tres centros de datos", True),
    ("halbleiter*", "Halbleiterhersteller", True),
    ("*roboter", "Industrieroboter", True),
    ("*roboter*", "Roboterkollegen", True),
    ("GPU", "英伟达GPU芯片", True),
    ("GPU", "GPUs", True),
    ("GPU", "xGPU", False),
    ("机器人", "人形机器人", True),
    ("invest* in AI", "investing in AI", True),
    ("Nvidia", "Nvidia’s results", True),
    ("accélérateur d'IA", "accelerateurs d’IA", True),
])
def test_term_matching(term, text, hit):
    taxonomy = {"t": TopicConfig(title="T", terms={"xx": [term]}, min_score=1)}
    assert (topics(text, taxonomy=taxonomy) == ["t"]) is hit


def test_exclusion_takes_text_away_but_not_plurals():
    taxonomy = {"t": TopicConfig(title="T", terms={"en": ["chip", "-chip in"]}, min_score=1)}
    assert topics("they will chip in", taxonomy=taxonomy) == []
    assert topics("sales of chips in Asia", taxonomy=taxonomy) == ["t"]


def test_term_pattern_is_anchored_after_the_literal_start():
    assert term_pattern("Data Centre").startswith("data")
    assert term_pattern("机器人") == "机器人"


# --- scoring

def test_score_rule():
    taxonomy = {"t": TopicConfig(title="T", terms={"en": ["alpha", "beta"], "fr": ["gamma"]},
                                 min_score=1)}
    body = "alpha alpha alpha beta. " + "gamma " * 10
    [match] = classify(make(body, "Alpha news"), taxonomy).topics
    # alpha: 1 + title 1 + 3 repeats * 0.25; beta: 1; gamma: 1 + repeats capped at 1.
    assert match == TopicMatch("t", ("alpha", "beta", "gamma"), 1 + 1 + 0.75 + 1 + 1 + 1)


def test_title_hits_count_more():
    taxonomy = {"t": TopicConfig(title="T", terms={"en": ["robot"]}, min_score=2)}
    assert topics("A robot arrived.", taxonomy=taxonomy) == []
    assert topics("A robot arrived.", "Robot arrives", taxonomy=taxonomy) == ["t"]


def test_overlapping_terms_count_once():
    taxonomy = {"t": TopicConfig(title="T", terms={"en": ["robot", "humanoid robot"]}, min_score=1)}
    [match] = classify(make("a humanoid robot"), taxonomy).topics
    assert match.terms == ("humanoid robot",) and match.score == 1.0


def test_same_term_in_two_languages_is_one_term():
    taxonomy = {"t": TopicConfig(title="T", terms={"en": ["robot"], "fr": ["robot"]}, min_score=1)}
    [match] = classify(make("un robot"), taxonomy).topics
    assert match.terms == ("robot",) and match.score == 1.0


def test_terms_are_sorted_unique_configured_spellings():
    result = classify(make("Nvidia GPUs and more GPUs; NVIDIA chips"), TAXONOMY).topics
    chips = next(t for t in result if t.name == "chips")
    assert chips.terms == ("GPU", "Nvidia", "chip")


def test_empty_topic_or_zero_min_score_never_matches_everything():
    taxonomy = {"empty": TopicConfig(title="E"),
                "zero": TopicConfig(title="Z", terms={"en": ["quasar"]}, min_score=0)}
    assert topics("nothing relevant", taxonomy=taxonomy) == []
    assert topics("a quasar", taxonomy=taxonomy) == ["zero"]


# --- editor-defined topics and caching

def test_editor_topic_from_config_needs_no_code():
    config = BriefingConfig(topics={
        "quantum": {"title": "Quantum", "terms": {"en": ["qubit", "quantum computer"],
                                                  "zh": ["量子计算"]}, "min_score": 2},
        "capex": None,
    })
    body = "Lumora built a quantum computer with 500 qubits. It also opened a data centre."
    assert classify(make(body), config.taxonomy).topic_names == ["quantum"]


def test_compiled_patterns_are_cached_per_taxonomy_content():
    first = compile_taxonomy(TAXONOMY)
    assert compile_taxonomy(dict(TAXONOMY)) is first
    changed = {**TAXONOMY, "extra": TopicConfig(title="X", terms={"en": ["quasar"]})}
    assert compile_taxonomy(changed) is not first


def test_classifying_many_articles_is_fast():
    body = ("Quillon Robotics will use Veltrix chips in its humanoid robots, and plans a data "
            "centre. " * 20 + "星河公司发布新款人形机器人。" * 10)
    article = make(body, "Quillon robots")
    classify(article, TAXONOMY)
    start = time.perf_counter()
    for _ in range(200):
        classify(article, TAXONOMY)
    assert (time.perf_counter() - start) / 200 < 0.02


# --- the built-in taxonomy's shape

@pytest.mark.parametrize("name", ["chips", "robotics", "capex"])
def test_default_topics_cover_the_required_languages(name):
    topic = TAXONOMY[name]
    assert topic.title and topic.description and topic.min_score > 0
    assert {"en", "fr", "es", "de", "zh", "ja"} <= set(topic.terms)


@pytest.mark.parametrize("simplified, traditional", [
    ("机器人", "機器人"), ("半导体", "半導體"), ("数据中心", "數據中心"),
])
def test_default_taxonomy_has_simplified_and_traditional_forms(simplified, traditional):
    terms = {t for topic in TAXONOMY.values() for t in topic.terms.get("zh", [])}
    assert simplified in terms and traditional in terms


def test_default_terms_compile_and_are_not_generic():
    generic = {"investment", "ai", "cloud", "spending", "infrastructure", "chip in"}
    for topic in TAXONOMY.values():
        for terms in topic.terms.values():
            assert not {normalise(t) for t in terms} & generic
    assert all(t.terms for t in compile_taxonomy(TAXONOMY))
