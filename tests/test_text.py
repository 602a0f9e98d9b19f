"""Sentence splitting, word tokens and normalising (synthetic texts only)."""

from __future__ import annotations

import time

import pysbd
import pytest

from briefing.lang.text import cjk_ratio, content_words, fold, normalise, sentence_spans, split_sentences, words


# --- sentences: Latin script

def test_english_abbreviations_initials_and_decimals_do_not_split():
    text = ("Dr. Alma Reyes of Quillon Inc. said on Monday that output rose 4.5 per cent. "
            "Mr. J. R. Ostrander, the chief executive, agreed. Sales reached $3.2 bn.")
    assert split_sentences(text, "en") == [
        "Dr. Alma Reyes of Quillon Inc. said on Monday that output rose 4.5 per cent.",
        "Mr. J. R. Ostrander, the chief executive, agreed.",
        "Sales reached $3.2 bn.",
    ]


def test_ambiguous_abbreviation_splits_only_before_a_sentence_opener():
    text = "Shares rose at Quillon Inc. The rally was brief. Exports to the U.S. The end came."
    assert split_sentences(text, "en") == [
        "Shares rose at Quillon Inc.", "The rally was brief.", "Exports to the U.S.", "The end came.",
    ]
    assert split_sentences("U.S. President Pell spoke. Then he left.", "en") == [
        "U.S. President Pell spoke.", "Then he left.",
    ]


def test_quotes_questions_and_exclamations():
    text = ("“Are we ready?” asked the engineer. “We are,” the lead replied. "
            "“It works! It really works.” Then the demo ended.")
    assert split_sentences(text, "en") == [
        "“Are we ready?” asked the engineer.",
        "“We are,” the lead replied.",
        "“It works! It really works.”",
        "Then the demo ended.",
    ]


def test_french_guillemets_and_titles():
    text = ("« Nous avancerons (…) et très prudemment ». Debout, M. Valcourt sourit. "
            "Mme Ardent a répondu non ! Puis la séance a repris.")
    assert split_sentences(text, "fr") == [
        "« Nous avancerons (…) et très prudemment ».",
        "Debout, M. Valcourt sourit.",
        "Mme Ardent a répondu non !",
        "Puis la séance a repris.",
    ]


def test_german_ordinals_abbreviations_and_quotes():
    text = ("Am 3. Oktober eröffnet Brenntal z. B. ein Werk in Ulm. Das war 2021. "
            "Die Chefin sagt: „Wir bleiben hier. Ganz sicher.“ Dr. Weiß stimmt zu.")
    assert split_sentences(text, "de") == [
        "Am 3. Oktober eröffnet Brenntal z. B. ein Werk in Ulm.",
        "Das war 2021.",
        "Die Chefin sagt: „Wir bleiben hier. Ganz sicher.“",
        "Dr. Weiß stimmt zu.",
    ]


def test_spanish_inverted_marks_and_titles():
    text = "¿Quién ganó? La Sra. Olmedo llegó primero. ¡Qué carrera! El Sr. Vidal aplaudió."
    assert split_sentences(text, "es") == [
        "¿Quién ganó?", "La Sra. Olmedo llegó primero.", "¡Qué carrera!", "El Sr. Vidal aplaudió.",
    ]


def test_citation_marks_stay_with_their_sentence():
    text = "Revenue rose [1]. Margins fell [2].Costs were flat."
    assert split_sentences(text, "en") == ["Revenue rose [1].", "Margins fell [2].", "Costs were flat."]


# --- sentences: Chinese and Japanese

def test_chinese_sentences_end_without_spaces():
    text = "星河机器人今天发布新产品。他说：「我们会继续努力。我们会成功。」公司表示，价格很快公布！真的吗？是的。"
    assert split_sentences(text, "zh") == [
        "星河机器人今天发布新产品。",
        "他说：「我们会继续努力。我们会成功。」",
        "公司表示，价格很快公布！",
        "真的吗？",
        "是的。",
    ]


def test_traditional_chinese_and_mixed_latin():
    text = "晨光科技推出H2機器人。該機器人售價約3.5萬美元。"
    assert split_sentences(text, "zh") == ["晨光科技推出H2機器人。", "該機器人售價約3.5萬美元。"]


def test_japanese_quotative_to_keeps_the_sentence():
    text = "新型ロボットを発表した。「来年に出荷します。」と社長は述べた。工場は大阪にある。"
    assert split_sentences(text, "ja") == [
        "新型ロボットを発表した。", "「来年に出荷します。」と社長は述べた。", "工場は大阪にある。",
    ]


# --- sentences: lines, bullets, spans

def test_lines_headings_and_bullets():
    text = ("Market Outlook\n\n- Demand for servers grew sharply this year.\n"
            "- Prices held steady.\n\nThe board met on Friday.")
    assert split_sentences(text) == [
        "Market Outlook", "Demand for servers grew sharply this year.", "Prices held steady.",
        "The board met on Friday.",
    ]


def test_hard_wrapped_line_is_joined():
    text = ("The regional operator said it would build two more plants near the\n"
            "river before the end of next year. A spokesman declined to comment.")
    sentences = split_sentences(text, "en")
    assert len(sentences) == 2
    assert sentences[0].endswith("next year.")


def test_overlong_unpunctuated_run_is_cut_before_inline_bullets():
    items = [f"Item {n} describes a long finding about regional markets and suppliers in detail [{n}]"
             for n in range(1, 7)]
    text = "Key Findings - " + " - ".join(items)
    sentences = split_sentences(text, "en")
    assert sentences[0] == "Key Findings"
    assert sentences[1:] == items


def test_spans_are_verbatim_and_ordered():
    text = "  First one here.  Second one?\n\n「三番目。」 Fourth!  "
    spans = sentence_spans(text, "und")
    assert [text[s:e] for s, e in spans] == split_sentences(text)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "。。"])
def test_empty_or_punctuation_only(text):
    assert split_sentences(text) == []


def test_agrees_with_pysbd_on_plain_news_prose():
    text = ("Quillon Robotics said on Tuesday it would open a plant in Porto. The company, "
            "founded in 2019, makes arms for warehouses. Its chief executive, Dr. Ana Ferro, "
            "expects 300 hires by 2027. Analysts at Brightwater Capital welcomed the news.")
    ours = split_sentences(text, "en")
    theirs = [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text)]
    assert ours == theirs


def test_splitting_is_fast():
    paragraph = ("Quillon Robotics said on Tuesday it would open a plant in Porto, Dr. Ferro said. "
                 "“We are ready,” she added. 星河机器人今天发布新产品。") * 30
    start = time.perf_counter()
    for _ in range(20):
        split_sentences(paragraph, "en")
    assert (time.perf_counter() - start) / 20 < 0.05


# --- words and normalising

def test_words_latin_and_apostrophes():
    assert words("L’IA d'Orvanta: 380 milliards, Künstliche Intelligenz") == [
        "l", "ia", "d", "orvanta", "380", "milliards", "kunstliche", "intelligenz",
    ]


def test_words_cjk_bigrams_and_embedded_latin():
    assert words("星河GPU芯片") == ["星河", "gpu", "芯片"]
    assert words("机器人") == ["机器", "器人"]
    assert words("人") == ["人"]


def test_content_words_drop_stopwords_and_grammar_bigrams():
    assert content_words("The robots of the company are new", "en") == ["robots", "company"]
    assert "ます" not in content_words("ロボットを作ります", "ja")
    assert all("的" not in t for t in content_words("公司的机器人", "zh"))
    # Why: an unknown language falls back to all known stopwords.
    assert content_words("les robots and the arms", "und") == ["robots", "arms"]


def test_normalise_folds_case_accents_width_and_punctuation():
    assert normalise("  Ｒｏｂｏｔｅｒ\tÉCOLE  Straße l’été — ok ") == "roboter ecole strasse l'ete - ok"
    assert normalise("ｶﾞｲﾄﾞ") == "ガイド"
    assert fold("がぎぐ") == "がぎぐ"


def test_cjk_ratio():
    assert cjk_ratio("plain text") == 0.0
    assert cjk_ratio("机器人") == 1.0
    assert 0.4 < cjk_ratio("ab机器") < 0.6
    # An ideograph newer than Python's Unicode tables (CJK Extension I) is not isalpha(): no division by 0.
    assert cjk_ratio("0\U0002ebe1") == 1.0
