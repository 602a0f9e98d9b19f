"""Dek and key points, on synthetic articles in several languages."""

from __future__ import annotations

from conftest import article
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.config import SummaryConfig
from briefing.models import Article
from briefing.stages.summarise import Selection, select, select_sentences, shorten, summarise
from briefing.lang.text import split_sentences

CONFIG = SummaryConfig()

EN_BODY = """\
Quillon Robotics said on Tuesday it would invest 2 billion euros in a new factory for warehouse robots in Porto, its largest bet yet.

The factory will build robot arms and mobile robots for logistics customers across Europe, the company said.

“We have never seen demand like this,” said chief executive Ana Ferro.

Quillon expects the Porto factory to employ 900 people when it reaches full output in 2028.

Who will pay for it?

The company will fund the factory from its own cash and a loan from two regional banks.

Rival Brenntal Automation opened a similar robot factory in Ulm last year and has struggled to fill it.

Analysts at Brightwater Capital said the robot market for warehouses could double by 2030.

Quillon Robotics said the factory will build robot arms and mobile robots for logistics customers across Europe.

See https://quillon.example.com/press for details.

2026 2027 2028 2029 2030 41% 57% 66%"""

EN_TITLE = "Quillon Robotics to build warehouse robot factory in Porto"


def make(body: str, lang: str, title: str = "") -> Article:
    return article(body, title=title, language=lang)


def is_cut_from(dek: str, body: str) -> bool:
    """A dek is a whole body sentence, or the start of one cut with an ellipsis."""
    return dek in body or (dek.endswith("…") and dek[:-1] in body)


# --- English: dek, key points, filters

def test_dek_is_the_news_lead():
    result = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG)
    assert result.summary.startswith("Quillon Robotics said on Tuesday it would invest")
    assert result.summary in EN_BODY


def test_key_points_are_whole_body_sentences_in_document_order():
    result = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG)
    sentences = split_sentences(EN_BODY, "en")
    assert CONFIG.key_points_min <= len(result.key_points) <= CONFIG.key_points_max
    positions = [sentences.index(p) for p in result.key_points]
    assert positions == sorted(positions)
    assert result.summary not in result.key_points


def test_key_points_skip_questions_urls_numbers_and_near_duplicates():
    points = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG).key_points
    assert not any(p.endswith("?") for p in points)
    assert not any("https://" in p for p in points)
    assert not any(p.startswith("2026 2027") for p in points)
    # The last story sentence repeats the second one almost word for word.
    duplicates = {"The factory will build robot arms and mobile robots for logistics customers across Europe, the company said.",
                  "Quillon Robotics said the factory will build robot arms and mobile robots for logistics customers across Europe."}
    assert len(duplicates & set(points)) <= 1


def test_quote_or_headline_is_not_the_dek():
    body = ("“This changes everything for our customers,” said the founder of Orvanta Systems.\n\n"
            "Orvanta Systems unveils new inference accelerator\n\n"
            "Orvanta Systems on Monday unveiled an accelerator for running language models in data centres.\n\n"
            "The accelerator uses a new memory design that the company developed over four years.\n\n"
            "Orvanta Systems said the first customers would receive the accelerator in the spring.")
    dek = summarise(make(body, "en"), CONFIG).summary
    assert dek.startswith("Orvanta Systems on Monday unveiled")


def test_near_duplicate_of_the_dek_is_not_a_key_point():
    body = ("Veltrix Chips will spend 30 billion dollars on a new chip plant in Arizona over five years.\n\n"
            "Veltrix Chips will spend 30 billion dollars on a new chip plant in Arizona over the next five years.\n\n"
            "The plant will make processors for data centres and cars, the company said.\n\n"
            "Construction will start in March and the first wafers are due in 2029.\n\n"
            "Local officials offered tax credits worth 2 billion dollars to win the project.")
    result = summarise(make(body, "en"), CONFIG)
    assert not any("over the next five years" in p or "over five years" in p for p in result.key_points)


def test_short_article_gets_fewer_key_points():
    body = "Orvanta Systems hired a new chief financial officer on Monday after a long search."
    result = summarise(make(body, "en"), CONFIG)
    assert result.summary == body
    assert result.key_points == ()


def test_empty_body():
    result = summarise(make("", "en"), CONFIG)
    assert result.summary == "" and result.key_points == ()


def test_config_bounds_are_respected():
    config = SummaryConfig(key_points_min=1, key_points_max=2)
    assert len(summarise(make(EN_BODY, "en"), config).key_points) <= 2


def test_long_dek_is_cut_at_a_clause_boundary():
    body = ("Quillon Robotics, the warehouse automation group based in Porto, said on Tuesday that it "
            "would build a second factory for mobile robots, pending approval from regulators in "
            "three countries, and that it would hire 400 engineers.\n\n"
            "The company said demand from logistics customers had doubled.")
    dek = summarise(make(body, "en"), SummaryConfig(dek_max_chars=120)).summary
    assert dek.endswith("…") and len(dek) <= 121
    assert is_cut_from(dek, body)
    assert dek[:-1].endswith(("Porto", "Tuesday that it would build a second factory for mobile robots"))


def test_shorten():
    assert shorten("Short sentence.", 60) == "Short sentence."
    cut = shorten("A" * 30 + ", " + "b " * 40, 60)
    assert cut == "A" * 30 + "…"
    assert shorten("星河机器人公司今天宣布，" + "新工厂将在明年投产" * 5 + "。", 60).endswith("宣布…")


def test_deterministic():
    first = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG)
    second = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG)
    assert (first.summary, first.key_points) == (second.summary, second.key_points)


# --- sentence alignment helpers

def test_select_returns_indices_into_split_sentences():
    selection = select(EN_BODY, "en", CONFIG, EN_TITLE)
    assert isinstance(selection, Selection)
    sentences = split_sentences(EN_BODY, "en")
    result = summarise(make(EN_BODY, "en", EN_TITLE), CONFIG)
    assert sentences[selection.dek_index] == result.summary
    assert tuple(sentences[i] for i in selection.key_point_indices) == result.key_points
    assert selection.dek_index not in selection.key_point_indices


def test_selection_maps_onto_a_parallel_translation():
    sentences = split_sentences(EN_BODY, "en")
    selection = select_sentences(sentences, "en", CONFIG, EN_TITLE)
    translated = [f"[fr] {s}" for s in sentences]
    assert translated[selection.dek_index] == f"[fr] {sentences[selection.dek_index]}"
    assert select_sentences(sentences, "en", CONFIG, EN_TITLE) == selection


def test_no_sentences():
    assert select("", "en", CONFIG) == Selection(None, ())


# --- other languages

FR_BODY = """\
Le groupe Orvanta a annoncé lundi un investissement de 4 milliards d'euros dans trois centres de données en Bretagne.

Les centres de données accueilleront des serveurs de calcul pour l'intelligence artificielle, selon l'entreprise.

« Nous voulons être prêts pour la demande », a déclaré la directrice générale, Claire Mondor.

Le premier site ouvrira en 2027 près de Rennes et emploiera 300 personnes.

Les élus locaux ont salué un projet qui doit aussi financer un nouveau réseau électrique.

Orvanta prévoit d'alimenter ses centres de données avec de l'énergie éolienne achetée en mer."""

DE_BODY = """\
Der Maschinenbauer Brenntal will bis 2028 rund 500 Millionen Euro in ein neues Roboterwerk in Ulm investieren.

Das Werk soll Industrieroboter für die Autoindustrie und für Logistikzentren bauen.

Brenntal beschäftigt derzeit 4000 Menschen, die meisten davon in Baden-Württemberg.

Die Gewerkschaft begrüßte die Pläne, forderte aber Zusagen für die bestehenden Standorte.

Konkurrenten aus Asien drängen mit günstigen Robotern auf den europäischen Markt."""

ES_BODY = """\
La empresa Ventisca Datos construirá dos nuevos centros de datos en Teruel con una inversión de 900 millones de euros.

Los centros de datos darán servicio a clientes de computación en la nube de toda Europa.

¿Habrá suficiente agua para refrigerarlos?

La compañía asegura que usará sistemas de refrigeración por aire y energía solar.

El Gobierno regional calcula que el proyecto creará 600 empleos directos."""

ZH_BODY = """\
星河机器人公司今天在深圳发布了新一代人形机器人，售价约为十五万元。

该公司表示，新机器人可以在工厂搬运零件，并能连续工作八小时。

星河机器人计划明年在上海建设第二座工厂，年产能达到一万台。

分析人士认为，人形机器人市场未来五年将快速增长。

真的会这么快吗？

公司创始人说：「我们的目标是让机器人进入每一家工厂。」"""

ZH_HANT_BODY = """\
晨光科技今日在台北發表新款人形機器人，售價約為五十萬元新台幣。

該公司表示，新機器人可以在倉庫搬運貨物，並能連續工作十小時。

晨光科技計劃明年在台中興建第二座工廠，年產能達到五千台。

分析師認為，人形機器人市場未來五年將快速成長。"""

JA_BODY = """\
青葉ロボティクスは本日、物流倉庫向けの新型ロボットを発表した。

新型ロボットは一台約八百万円で、来年春から出荷を始める予定だ。

同社は大阪に新工場を建設し、年間二千台のロボットを生産する計画である。

「人手不足に悩む倉庫を支えたい」と社長は話した。

業界団体によると、物流ロボットの市場は五年で倍増する見通しだ。"""


def _check(body: str, lang: str, expected_start: str, min_points: int = 3) -> None:
    result = summarise(make(body, lang), CONFIG)
    assert result.summary.startswith(expected_start), result.summary
    assert is_cut_from(result.summary, body)
    assert min_points <= len(result.key_points) <= CONFIG.key_points_max
    assert all(p in body for p in result.key_points)
    assert not any(p.endswith(("?", "？")) for p in result.key_points)


def test_french():
    _check(FR_BODY, "fr", "Le groupe Orvanta a annoncé lundi")


def test_german():
    _check(DE_BODY, "de", "Der Maschinenbauer Brenntal")


def test_spanish():
    _check(ES_BODY, "es", "La empresa Ventisca Datos")


def test_chinese_simplified():
    _check(ZH_BODY, "zh", "星河机器人公司今天")


def test_chinese_traditional():
    _check(ZH_HANT_BODY, "zh", "晨光科技今日")


def test_japanese():
    _check(JA_BODY, "ja", "青葉ロボティクスは本日")


def test_undetermined_language_still_works():
    _check(ZH_BODY, "und", "星河机器人公司今天")
    _check(EN_BODY, "und", "Quillon Robotics said")


def test_cjk_dek_is_cut_at_a_third_of_the_limit():
    body = ("星河机器人公司今天在深圳发布了新一代人形机器人，该机器人可以在工厂搬运零件，"
            "并能连续工作八小时，售价约为十五万元，首批产品将于明年春天交付给汽车制造商。\n\n"
            "分析人士认为，人形机器人市场未来五年将快速增长。")
    dek = summarise(make(body, "zh"), SummaryConfig(dek_max_chars=90)).summary
    assert dek.endswith("…") and len(dek) <= 31
    assert dek[:-1] in body


# --- properties

sentence_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
)
words_text = st.lists(
    st.sampled_from(["Quillon", "robots", "said", "the", "plant", "will", "open", "in", "2027",
                     "Dr.", "U.S.", "“We", "go,”", "?", "!", ".", "。", "机器人", "工厂", "\n", "\n\n",
                     "- ", "https://x.example", "Inc.", "…", "「", "」"]),
    max_size=120,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(body=st.one_of(sentence_text, words_text),
       lang=st.sampled_from(["en", "fr", "de", "es", "zh", "ja", "und", "xx"]))
def test_never_crashes_and_key_points_are_substrings(body, lang):
    result = summarise(make(body, lang, title="Quillon robots"), CONFIG)
    assert all(p in body for p in result.key_points)
    assert len(result.key_points) <= CONFIG.key_points_max
    assert result.summary == "" or is_cut_from(result.summary, body)
    selection = select(body, lang, CONFIG, "Quillon robots")
    assert len(set(selection.key_point_indices)) == len(selection.key_point_indices)


def test_very_short_body_still_gets_a_dek():
    result = summarise(make("Quillon opens Porto plant.", "en"), CONFIG)
    assert result.summary == "Quillon opens Porto plant."
    assert result.key_points == ()
    assert summarise(make("2026 2027 41%", "en"), CONFIG).summary == ""


def test_lead_sharing_the_headline_words_is_still_the_dek():
    title = "Quillon Robotics to build robot factory in Porto"
    body = ("Quillon Robotics will build a robot factory in Porto, the company said on Tuesday.\n\n"
            "The factory will make arms for warehouses and employ 900 people.\n\n"
            "Quillon Robotics said the Porto robot factory would open in 2028.")
    assert summarise(make(body, "en", title), CONFIG).summary.startswith("Quillon Robotics will build")


def test_headline_repeated_in_the_body_is_not_the_dek():
    title = "Quillon Robotics opens robot factory in Porto"
    body = ("Quillon Robotics opens robot factory in Porto.\n\n"
            "The warehouse robot maker opened its new plant on Tuesday with 900 staff.\n\n"
            "The factory will make arms for warehouses across Europe.")
    assert summarise(make(body, "en", title), CONFIG).summary.startswith("The warehouse robot maker")


def test_copy_of_the_title_is_not_a_key_point():
    title = "« Nous irons plus vite que prévu », promet Orvanta"
    body = ("Orvanta a annoncé lundi un plan de 4 milliards d'euros pour trois centres de données.\n\n"
            "« Nous irons plus vite que prévu », promet Orvanta.\n\n"
            "Le premier site ouvrira en 2027 près de Rennes et emploiera 300 personnes.\n\n"
            "Les élus locaux ont salué un projet qui doit aussi financer un réseau électrique.\n\n"
            "Orvanta prévoit d'alimenter ses centres de données avec de l'énergie éolienne.")
    result = summarise(make(body, "fr", title), CONFIG)
    assert result.key_points and not any("plus vite" in p for p in result.key_points)
