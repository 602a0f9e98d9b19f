"""Key figures: money, percentages and counts, normalised (invented sentences only)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.extract.figures import Figure, agree, display, extract


def one(text: str, lang: str) -> Figure:
    """The single figure of `text` (fails if there is not exactly one)."""
    found = extract(text, lang)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def values(text: str, lang: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in extract(text, lang)]


# --- the headline cases of the brief

def test_word_number_percent_with_qualifier_and_share_price_concept():
    f = one("Quillon shares soared more than nine percent on Tuesday.", "en")
    assert (f.value, f.high, f.unit, f.qualifier) == (9.0, None, "percent", "more than")
    assert f.text == "more than nine percent"
    assert f.concept == "share price"
    assert f.currency is None and f.scale is None


def test_increase_of_up_to_is_an_up_to_qualifier():
    f = one("The stock saw an increase of up to 7.8% in Hong Kong.", "en")
    assert (f.value, f.unit, f.qualifier, f.text) == (7.8, "percent", "up to", "up to 7.8%")


def test_more_than_nine_and_up_to_seven_point_eight_do_not_agree():
    a = one("Its shares soared more than nine percent.", "en")
    b = one("Its shares saw an increase of up to 7.8% in Hong Kong.", "en")
    assert not agree(a, b) and not agree(b, a)


def test_amount_with_parenthetical_dollar_conversion():
    found = extract("Quillon plans to invest at least 380 billion yuan ($53 billion) in new "
                    "data centres.", "en")
    assert len(found) == 2
    yuan, dollars = found
    assert (yuan.value, yuan.unit, yuan.currency, yuan.scale, yuan.qualifier) == (
        380e9, "currency", "CNY", "billion", "at least")
    assert yuan.text == "at least 380 billion yuan" and yuan.equivalent_of is None
    assert (dollars.value, dollars.currency, dollars.text) == (53e9, "USD", "$53 billion")
    assert dollars.equivalent_of == 0
    assert yuan.concept == dollars.concept == "investment"


def test_french_amount_with_conversion_to_euros():
    for apostrophe in ("'", "’"):
        found = extract(f"Le groupe investira au moins 380 milliards de yuans "
                        f"(45 milliards d{apostrophe}euros) dans le nuage.", "fr")
        assert [(f.value, f.currency, f.scale, f.qualifier) for f in found] == [
            (380e9, "CNY", "milliards", "at least"), (45e9, "EUR", "milliards", None)]
        assert found[0].text == "au moins 380 milliards de yuans"
        assert found[1].text == f"45 milliards d{apostrophe}euros"
        assert found[1].equivalent_of == 0


def test_spanish_thousands_of_millions_of_euros():
    f = one("La empresa invertirá 18.000 millones de euros en la región.", "es")
    assert (f.value, f.currency, f.scale, f.concept) == (18e9, "EUR", "millones", "investment")


def test_chinese_hundred_millions_of_yuan():
    f = one("该集团宣布投入3800亿元建设数据中心。", "zh")
    assert (f.value, f.unit, f.currency, f.text) == (380e9, "currency", "CNY", "3800亿元")
    assert f.scale == "亿"


def test_ticker_in_parentheses_does_not_hide_the_percentage():
    f = one("Alibaba (BABA) rose 3% in early trading.", "en")
    assert (f.value, f.unit) == (3.0, "percent")


@pytest.mark.parametrize("text", [
    "The H20 chip is still on sale.",
    "It launched the RTX Pro 6000D for China.",
    "Sales will start in 2025.",
    "The claim is disputed [1].",
    "Orders for the MI308 and the Qwen 3 model were cut.",
    "The 5G rollout of the 1990s ended.",
])
def test_names_years_and_footnotes_are_not_figures(text):
    assert extract(text, "en") == []


def test_german_billion_is_a_million_millions():
    f = one("Der Staat plant 1,5 Billionen Euro für Netze.", "de")
    assert (f.value, f.currency, f.scale) == (1.5e12, "EUR", "Billionen")


# --- currencies

@pytest.mark.parametrize(("lang", "text", "currency"), [
    ("en", "It paid $40 million.", "USD"),
    ("en", "It paid US$40 million.", "USD"),
    ("en", "It paid USD 40 million.", "USD"),
    ("en", "It paid 40 million dollars.", "USD"),
    ("es", "Pagó 40 millones de dólares.", "USD"),
    ("de", "Es zahlte 40 Millionen Dollar.", "USD"),
    ("zh", "公司支付了40亿美元。", "USD"),
    ("ja", "同社は40億ドルを支払った。", "USD"),
    ("en", "It paid €40 million.", "EUR"),
    ("en", "It paid EUR 40 million.", "EUR"),
    ("fr", "Il a payé 40 millions d'euros.", "EUR"),
    ("de", "Es zahlte 40 Millionen Euro.", "EUR"),
    ("zh", "公司支付了40亿欧元。", "EUR"),
    ("ja", "同社は40億ユーロを支払った。", "EUR"),
    ("en", "It paid 40 million yuan.", "CNY"),
    ("fr", "Il a payé 40 millions de yuans.", "CNY"),
    ("en", "It paid CNY 40 million.", "CNY"),
    ("en", "It paid RMB 40 million.", "CNY"),
    ("en", "It paid 40 million renminbi.", "CNY"),
    ("zh", "公司支付了人民币40亿。", "CNY"),
    ("zh", "公司支付了40亿元。", "CNY"),
    ("zh", "公司支付了¥40亿。", "CNY"),
    ("ja", "同社は¥40億を支払った。", "JPY"),
    ("ja", "同社は40億円を支払った。", "JPY"),
    ("en", "It paid 40 billion yen.", "JPY"),
    ("en", "It paid £40 million.", "GBP"),
    ("en", "It paid 40 million pounds.", "GBP"),
    ("en", "It paid HK$40 million.", "HKD"),
    ("en", "It paid NT$40 million.", "TWD"),
    ("zh", "公司支付了新台幣40億。", "TWD"),
    ("zh", "公司支付了40亿台币。", "TWD"),
    ("en", "It paid 40 trillion won.", "KRW"),
    ("en", "It paid ₹40 crore.", "INR"),
])
def test_currencies(lang, text, currency):
    f = one(text, lang)
    assert (f.unit, f.currency) == ("currency", currency)


def test_won_is_money_only_after_a_number_and_scale():
    assert extract("The firm won 3 contracts and 20 awards.", "en") == []
    f = one("Samsung won orders worth 5 trillion won.", "en")
    assert (f.value, f.currency) == (5e12, "KRW")


# --- scales

@pytest.mark.parametrize(("lang", "text", "value", "scale"), [
    ("en", "It raised 5 thousand dollars.", 5e3, "thousand"),
    ("en", "It raised $5 million.", 5e6, "million"),
    ("en", "It raised $5m.", 5e6, "m"),
    ("en", "It raised $5mn.", 5e6, "mn"),
    ("en", "It raised $53 billion.", 53e9, "billion"),
    ("en", "It raised $53bn.", 53e9, "bn"),
    ("en", "It raised $5b.", 5e9, "b"),
    ("en", "It raised $2 trillion.", 2e12, "trillion"),
    ("en", "It raised $2tn.", 2e12, "tn"),
    ("fr", "Il a levé 5 millions d'euros.", 5e6, "millions"),
    ("fr", "Il a levé 5 milliards d'euros.", 5e9, "milliards"),
    ("fr", "Il a levé 2 billions d'euros.", 2e12, "billions"),
    ("fr", "Il a levé 45 M€.", 45e6, "M"),
    ("de", "Es sammelte 5 Mio. Euro ein.", 5e6, "Mio."),
    ("de", "Es sammelte 5 Millionen Euro ein.", 5e6, "Millionen"),
    ("de", "Es sammelte 5 Mrd. Euro ein.", 5e9, "Mrd."),
    ("de", "Es sammelte 5 Milliarden Euro ein.", 5e9, "Milliarden"),
    ("de", "Es sammelte 2 Billionen Euro ein.", 2e12, "Billionen"),
    ("es", "Recaudó 5 mil euros.", 5e3, "mil"),
    ("es", "Recaudó 5 millones de euros.", 5e6, "millones"),
    ("es", "Recaudó 5 mil millones de euros.", 5e9, "mil millones"),
    ("es", "Recaudó 2 billones de euros.", 2e12, "billones"),
    ("it", "Ha raccolto 5 milioni di euro.", 5e6, "milioni"),
    ("it", "Ha raccolto 5 miliardi di euro.", 5e9, "miliardi"),
    ("pt", "Captou 5 milhões de dólares.", 5e6, "milhões"),
    ("pt", "Captou 5 bilhões de dólares.", 5e9, "bilhões"),
    ("zh", "融资5万元。", 5e4, "万"),
    ("zh", "融资3800亿元。", 380e9, "亿"),
    ("zh", "融资1.5万亿元。", 1.5e12, "万亿"),
    ("zh", "融资3千亿元。", 3e11, "千亿"),
    ("ja", "調達額は380億ドル。", 38e9, "億"),
    ("ja", "調達額は2兆円。", 2e12, "兆"),
    ("ja", "調達額は1億2000万円。", 1.2e8, "億"),
])
def test_scales(lang, text, value, scale):
    f = one(text, lang)
    assert f.value == pytest.approx(value) and f.scale == scale


def test_chinese_numerals_and_full_width_digits():
    assert one("计划投资三千亿元。", "zh").value == 3e11
    assert one("计划投资两万亿元。", "zh").value == 2e12
    f = one("売上高は３８００億円、前年並み。", "ja")
    assert (f.value, f.currency, f.text) == (380e9, "JPY", "３８００億円")


def test_vague_chinese_amounts_are_not_figures():
    assert extract("公司投入数十亿元研发。", "zh") == []


# --- numbers

@pytest.mark.parametrize(("lang", "text", "value"), [
    ("en", "The plant employs 2,480 people.", 2480),
    ("en", "Margins reached 7.8% this year.", 7.8),
    ("en", "It booked 1,234.5 million dollars.", 1_234.5e6),
    ("en", "The firm counts 12,345,678 users.", 12_345_678),
    ("fr", "L'usine emploie 1 000 salariés.", 1000),
    ("fr", "L'usine emploie 1\u00a0000 salariés.", 1000),
    ("fr", "L'usine emploie 1\u202f000 salariés.", 1000),
    ("fr", "La marge atteint 9,5 % cette année.", 9.5),
    ("fr", "Le fonds pèse 1 000 milliards d'euros.", 1e12),
    ("de", "Das Werk hat 18.000 Mitarbeiter.", 18000),
    ("de", "Die Marge lag bei 7,8 Prozent.", 7.8),
    ("de", "Der Umsatz betrug 1.234,5 Millionen Euro.", 1_234.5e6),
    ("es", "La planta tiene 18.000 empleados.", 18000),
    ("es", "El margen fue del 7,8 %.", 7.8),
    ("it", "Lo stabilimento ha 2.500 dipendenti.", 2500),
    ("pt", "A margem foi de 7,8 por cento.", 7.8),
])
def test_locale_number_formats(lang, text, value):
    assert one(text, lang).value == pytest.approx(value)


def test_german_lone_comma_with_three_digits_is_decimal():
    assert one("Die Quote stieg auf 9,500 Prozent.", "de").value == 9.5


# --- number words

@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("en", "Sales fell nine percent.", 9, "percent"),
    ("en", "Sales fell twenty-five percent.", 25, "percent"),
    ("en", "It hired two billion robots.", 2e9, "count"),
    ("en", "It spent two billion dollars.", 2e9, "currency"),
    ("en", "It spent a billion dollars.", 1e9, "currency"),
    ("en", "It set up a trillion-yuan fund.", 1e12, "currency"),
    ("fr", "Les ventes ont reculé de neuf pour cent.", 9, "percent"),
    ("fr", "Les ventes ont reculé de soixante-quinze pour cent.", 75, "percent"),
    ("fr", "Les ventes ont reculé de vingt et un pour cent.", 21, "percent"),
    ("fr", "Il a investi un milliard d'euros.", 1e9, "currency"),
    ("es", "Las ventas cayeron nueve por ciento.", 9, "percent"),
    ("es", "Las ventas cayeron treinta y cinco por ciento.", 35, "percent"),
    ("de", "Der Umsatz fiel um neun Prozent.", 9, "percent"),
    ("de", "Der Umsatz fiel um fünfundzwanzig Prozent.", 25, "percent"),
    ("de", "Der Staat gibt eine Milliarde Euro.", 1e9, "currency"),
    ("it", "Le vendite sono calate del dieci per cento.", 10, "percent"),
])
def test_number_words(lang, text, value, unit):
    f = one(text, lang)
    assert (f.value, f.unit) == (value, unit)


def test_number_words_alone_are_not_figures():
    assert extract("Nine people met two partners and a friend.", "en") == []


# --- percentages

@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Output rose 9%."),
    ("en", "Output rose 9 percent."),
    ("en", "Output rose 9 per cent."),
    ("en", "Output rose 9 percentage points."),
    ("fr", "La production a progressé de 9 %."),
    ("fr", "La production a progressé de 9 pour cent."),
    ("es", "La producción subió un 9 por ciento."),
    ("de", "Die Produktion stieg um 9 Prozent."),
    ("it", "La produzione è salita del 9 per cento."),
    ("pt", "A produção subiu 9 por cento."),
    ("zh", "产量增长9％。"),
    ("zh", "产量增长百分之九。"),
    ("ja", "生産は9％増えた。"),
])
def test_percent_forms(lang, text):
    f = one(text, lang)
    assert (f.value, f.unit, f.currency) == (9.0, "percent", None)


def test_chinese_percent_with_decimal():
    assert one("利润率为百分之九点五。", "zh").value == 9.5


def test_japanese_tenths_are_percent():
    f = one("同社の株価は3割上昇した。", "ja")
    assert (f.value, f.unit, f.text) == (30.0, "percent", "3割")


# --- qualifiers

@pytest.mark.parametrize(("lang", "text", "qualifier"), [
    ("en", "Costs rose by more than 5%.", "more than"),
    ("en", "Costs rose by over 5%.", "more than"),
    ("en", "Costs rose by above 5%.", "more than"),
    ("en", "Costs were in excess of $5 billion.", "more than"),
    ("en", "Costs rose as much as 5%.", "up to"),
    ("en", "Costs rose at least 5%.", "at least"),
    ("en", "Costs rose less than 5%.", "less than"),
    ("en", "Costs were under $5 billion.", "less than"),
    ("en", "Costs rose about 5%.", "about"),
    ("en", "Costs rose around 5%.", "about"),
    ("en", "Costs rose roughly 5%.", "about"),
    ("en", "Costs rose nearly 5%.", "about"),
    ("en", "Costs rose almost 5%.", "about"),
    ("fr", "Les coûts ont augmenté de plus de 5 %.", "more than"),
    ("fr", "Les coûts ont augmenté d'au moins 5 %.", "at least"),
    ("fr", "Les coûts pourraient croître jusqu'à 5 %.", "up to"),
    ("fr", "Les coûts ont augmenté de moins de 5 %.", "less than"),
    ("fr", "Les coûts ont augmenté d'environ 5 %.", "about"),
    ("fr", "Les coûts ont augmenté de près de 5 %.", "about"),
    ("es", "Los costes subieron más de 5 %.", "more than"),
    ("es", "Los costes subieron más del 5 %.", "more than"),
    ("es", "Los costes subirán hasta el 5 %.", "up to"),
    ("es", "Los costes subieron menos de 5 %.", "less than"),
    ("es", "Los costes subieron alrededor de 5 %.", "about"),
    ("es", "Los costes subieron casi el 5 %.", "about"),
    ("de", "Die Kosten stiegen um mehr als 5 Prozent.", "more than"),
    ("de", "Die Kosten stiegen um über 5 Prozent.", "more than"),
    ("de", "Die Kosten steigen um bis zu 5 Prozent.", "up to"),
    ("de", "Die Kosten stiegen um weniger als 5 Prozent.", "less than"),
    ("de", "Die Kosten stiegen um rund 5 Prozent.", "about"),
    ("de", "Die Kosten stiegen um etwa 5 Prozent.", "about"),
    ("de", "Die Kosten stiegen um knapp 5 Prozent.", "about"),
    ("zh", "成本增长超过5%。", "more than"),
    ("zh", "成本增长逾5%。", "more than"),
    ("zh", "成本增长5%以上。", "more than"),
    ("zh", "成本约5亿元。", "about"),
    ("zh", "成本近5亿元。", "about"),
    ("ja", "費用は約5億円。", "about"),
    ("ja", "費用は5億円以上。", "more than"),
    ("ja", "費用は1兆円超。", "more than"),
    ("zh", "投资300多亿元。", "more than"),
    ("zh", "员工1万人以上。", "more than"),
    ("en", "Prices may rise 5% or more.", "at least"),
    ("fr", "Les prix pourraient grimper de 5 % ou plus.", "at least"),
])
def test_qualifiers(lang, text, qualifier):
    assert one(text, lang).qualifier == qualifier


def test_qualifier_is_part_of_the_figure_text():
    f = one("Costs rose by more than $5 billion last year.", "en")
    assert f.text == "more than $5 billion"


def test_recent_is_not_nearly_in_chinese():
    f = one("最近5亿元的订单。", "zh")
    assert f.qualifier is None


# --- ranges

@pytest.mark.parametrize(("lang", "text", "low", "high", "unit"), [
    ("en", "Margins will be 10-12% next year.", 10, 12, "percent"),
    ("en", "Margins will be 10% to 12% next year.", 10, 12, "percent"),
    ("en", "It will cost 10 to 12 billion dollars.", 10e9, 12e9, "currency"),
    ("en", "It will cost between $10 and $12 billion.", 10e9, 12e9, "currency"),
    ("en", "It will cost $10bn-$12bn.", 10e9, 12e9, "currency"),
    ("en", "It will cut 1,000 to 2,000 jobs.", 1000, 2000, "count"),
    ("fr", "Cela coûtera entre 10 et 12 milliards d'euros.", 10e9, 12e9, "currency"),
    ("fr", "Cela coûtera 10 à 12 milliards d'euros.", 10e9, 12e9, "currency"),
    ("de", "Es kostet zwischen 10 und 12 Milliarden Euro.", 10e9, 12e9, "currency"),
    ("de", "Es kostet 10 bis 12 Milliarden Euro.", 10e9, 12e9, "currency"),
    ("es", "Costará de 10 a 12 millones de euros.", 10e6, 12e6, "currency"),
    ("zh", "预计投资10～12亿元。", 1e9, 1.2e9, "currency"),
    ("zh", "预计投资10至12亿元。", 1e9, 1.2e9, "currency"),
    ("ja", "投資額は10～12億円。", 1e9, 1.2e9, "currency"),
])
def test_ranges(lang, text, low, high, unit):
    f = one(text, lang)
    assert (f.value, f.high, f.unit) == (pytest.approx(low), pytest.approx(high), unit)


def test_range_text_includes_between():
    assert one("It will cost between $10 and $12 billion.", "en").text == (
        "between $10 and $12 billion")
    assert one("Cela coûtera entre 10 et 12 milliards d'euros.", "fr").text == (
        "entre 10 et 12 milliards d'euros")


def test_and_without_between_is_not_a_range():
    found = extract("It sold 10 and 12 billion units.", "en")
    assert [(f.value, f.high) for f in found] == [(12e9, None)]


def test_from_to_is_a_change_not_a_range():
    found = extract("Its stake rose from 10% to 12% and revenue from $5 billion to $7 billion.",
                    "en")
    assert [(f.value, f.high, f.unit) for f in found] == [
        (10, None, "percent"), (12, None, "percent"),
        (5e9, None, "currency"), (7e9, None, "currency")]


def test_decreasing_numbers_are_not_a_range():
    found = extract("The index fell 12-10% on the day.", "en")
    assert all(f.high is None for f in found)


# --- counts and what is not a figure

@pytest.mark.parametrize(("lang", "text", "value"), [
    ("en", "The country has 2 million robots.", 2e6),
    ("en", "Some 450,000 companies signed up.", 450_000),
    ("en", "It employs 12,000 engineers.", 12_000),
    ("ja", "国内では45万社が導入した。", 450_000),
    ("zh", "全国有45万家企业参与。", 450_000),
    ("fr", "Le pays compte 1,5 million de robots.", 1.5e6),
])
def test_counts(lang, text, value):
    f = one(text, lang)
    assert (f.value, f.unit, f.currency) == (value, "count", None)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The meeting began at 10:46 on Monday."),
    ("en", "The law passed on 15.08.2025 after review."),
    ("en", "The report is dated 2025-08-15 and 08/15/2025."),
    ("en", "She finished 1st and he came 23rd in 2019 and 2020."),
    ("en", "See notes [12] and [3] for details."),
    ("en", "Call +1 555 123 4567 or 010-1234-5678 for details."),
    ("en", "The data centre draws 2,480 MW from the grid."),
    ("en", "The robot ran for 5,000 hours in tests."),
    ("en", "The mine produced 2 million tonnes of ore."),
    ("zh", "高铁网络延伸10万公里。"),
    ("en", "Nvidia's RTX 4090 boards sold out."),
    ("en", "Page 1200 of the filing is missing."),
    ("zh", "宇树H1机器人完成1500公尺赛跑，用时6分34秒。"),
    ("zh", "该公司成立于2015年。"),
    ("en", "They sold 300 and then 12, then 2,480."),
])
def test_not_figures(lang, text):
    assert extract(text, lang) == []


def test_digits_glued_to_letters_are_never_figures():
    assert extract("The A100 and H800 cards, the B200 and 4K screens, GPT-4 and 3D chips.",
                   "en") == []


# --- parenthetical conversions

@pytest.mark.parametrize(("lang", "text", "first", "second"), [
    ("en", "A plan worth 380 billion yuan ($53 billion) was approved.", "CNY", "USD"),
    ("en", "Brussels set aside €45bn (about $49bn) for chips.", "EUR", "USD"),
    ("en", "It costs 380 billion yuan, or about $53 billion, over three years.", "CNY", "USD"),
    ("fr", "Un plan de 380 milliards de yuans (45 milliards d'euros) a été validé.", "CNY", "EUR"),
    ("zh", "计划投资3800亿元，约合530亿美元。", "CNY", "USD"),
    ("zh", "计划投资3800亿元（折合530亿美元）。", "CNY", "USD"),
])
def test_parenthetical_conversions(lang, text, first, second):
    a, b = extract(text, lang)
    assert (a.currency, b.currency) == (first, second)
    assert a.equivalent_of is None and b.equivalent_of == 0


def test_equivalent_of_is_an_index_into_the_whole_result():
    text = ("Shares rose 4%.\n\nThe plan costs 380 billion yuan ($53 billion).\n\n"
            "Separately it spent $5 billion and €4 billion.")
    found = extract(text, "en")
    assert [f.equivalent_of for f in found] == [None, None, 1, None, None]


def test_same_currency_in_parentheses_is_not_a_conversion():
    a, b = extract("Revenue was $5 billion ($4.9 billion a year earlier).", "en")
    assert b.equivalent_of is None


# --- concepts

@pytest.mark.parametrize(("lang", "text", "concept"), [
    ("en", "The share price fell 4%.", "share price"),
    ("en", "Annual revenue reached $3 billion.", "revenue"),
    ("en", "The firm will invest $3 billion.", "investment"),
    ("en", "Capital expenditure rose to $3 billion.", "investment"),
    ("en", "The start-up is valued at $3 billion.", "valuation"),
    ("en", "Net income was $3 billion.", "profit"),
    ("en", "The start-up raised $300 million in a funding round.", "funding"),
    ("en", "The plan creates 3,000 jobs.", "jobs"),
    ("en", "It targets a market worth $3 billion.", "market size"),
    ("en", "A $3 billion cloud market is at stake.", "market size"),
    ("fr", "Le chiffre d'affaires atteint 3 milliards d'euros.", "revenue"),
    ("fr", "L'action a bondi de 4 %.", "share price"),
    ("fr", "La valorisation atteint 3 milliards d'euros.", "valuation"),
    ("de", "Die Aktie stieg um 4 Prozent.", "share price"),
    ("de", "Der Umsatz stieg auf 3 Milliarden Euro.", "revenue"),
    ("de", "Der Gewinn lag bei 3 Milliarden Euro.", "profit"),
    ("es", "Las acciones subieron un 4 %.", "share price"),
    ("es", "Los ingresos alcanzaron 3.000 millones de euros.", "revenue"),
    ("zh", "公司股价上涨4%。", "share price"),
    ("zh", "公司营收达30亿元。", "revenue"),
    ("zh", "公司估值达30亿美元。", "valuation"),
    ("ja", "同社の株価は4%上昇した。", "share price"),
    ("ja", "売上高は30億円だった。", "revenue"),
    ("en", "The weather was fine and 4% of people agreed.", None),
])
def test_concepts(lang, text, concept):
    assert one(text, lang).concept == concept


def test_nearest_keyword_before_the_figure_wins():
    found = extract("Revenue grew 8% while the shares fell 3%.", "en")
    assert [f.concept for f in found] == ["revenue", "share price"]


def test_investors_are_not_investment():
    assert one("For investors, the shares are up 3%.", "en").concept == "share price"


# --- display

@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "It will spend 380 billion yuan.", "380 billion CNY"),
    ("en", "Shares rose more than nine percent.", "more than 9%"),
    ("en", "It raised $53 billion.", "53 billion USD"),
    ("en", "It employs 450,000 people.", "450,000"),
    ("en", "Margins will be 10-12% next year.", "10–12%"),
    ("fr", "Le titre a bondi de plus de 9 %.", "plus de 9 %"),
    ("fr", "Il dépensera 380 milliards de yuans.", "380 milliards CNY"),
    ("fr", "Il dépensera 1,5 milliard d'euros.", "1,5 milliard EUR"),
    ("de", "Die Aktie stieg um mehr als 9 Prozent.", "mehr als 9 %"),
    ("de", "Es gibt 380 Milliarden Yuan aus.", "380 Mrd. CNY"),
    ("es", "La acción subió más del 9 %.", "más del 9 %"),
    ("es", "Gastará 380.000 millones de yuanes.", "380.000 millones CNY"),
    ("zh", "股价上涨超过9%。", "超过9%"),
    ("zh", "投资3800亿元。", "3800亿 CNY"),
    ("zh", "投资1.5万亿元。", "1.5万亿 CNY"),
    ("ja", "投資額は約380億ドル。", "約380億 USD"),
])
def test_display_in_the_figure_language(lang, text, expected):
    assert display(one(text, lang), lang) == expected


def test_display_in_another_language_and_fallback():
    f = one("It will spend at least 380 billion yuan.", "en")
    assert display(f, "fr") == "au moins 380 milliards CNY"
    assert display(f, "zh") == "至少3800亿 CNY"
    assert display(f, "de") == "mindestens 380 Mrd. CNY"
    assert display(f, "es") == "al menos 380.000 millones CNY"
    assert display(f, "ja") == "少なくとも3800億 CNY"
    assert display(f, "ko") == display(f, "en") == "at least 380 billion CNY"
    assert display(one("Costs rose 4.5%.", "en"), "fr") == "4,5 %"


# --- interval, agree, JSON

def make(value, qualifier=None, high=None, unit="percent", currency=None):
    return Figure(value=value, high=high, unit=unit, currency=currency, scale=None,
                  qualifier=qualifier, text="", sentence="", paragraph=0, sentence_index=0,
                  start=0, concept=None)


def test_intervals():
    assert make(9, "more than").interval() == (9, math.inf)
    assert make(9, "at least").interval() == (9, math.inf)
    assert make(7.8, "up to").interval() == (0, 7.8)
    assert make(7.8, "less than").interval() == (0, 7.8)
    assert make(50, "about").interval() == pytest.approx((47.5, 52.5))
    assert make(100).interval() == pytest.approx((99, 101))
    assert make(10, high=12).interval() == (10, 12)


def test_agree():
    assert agree(make(53e9, unit="currency", currency="USD"),
                 make(52.7e9, unit="currency", currency="USD"))
    assert not agree(make(53e9, unit="currency", currency="USD"),
                     make(53e9, unit="currency", currency="EUR"))
    assert not agree(make(9), make(9, unit="count"))
    assert agree(make(9, "more than"), make(12))
    assert agree(make(50, "about"), make(52))
    assert not agree(make(50, "about"), make(56))
    assert agree(make(10, high=12), make(11))
    found = extract("Brussels set aside more than €45bn.\n\nThe EU pledged €46 billion.", "en")
    assert agree(*found)


def test_to_json_round_trips():
    found = extract("At least 380 billion yuan ($53 billion) and 9% more.", "en")
    data = json.loads(json.dumps([f.to_json() for f in found]))
    assert [Figure(**d) for d in data] == found
    assert set(data[0]) >= {"value", "high", "unit", "currency", "scale", "qualifier", "text",
                            "sentence", "paragraph", "sentence_index", "start", "concept",
                            "equivalent_of"}


# --- positions and the whole article

ARTICLE = """Quillon raised $300 million in a funding round. Its shares jumped 12%.

Analysts said nothing new.
  Then they said 9 percent.

该公司营收达3800亿元，同比增长9.5％。"""


def test_positions_are_verbatim_and_paragraphs_counted_on_blank_lines():
    found = extract(ARTICLE, "en")
    assert [f.text for f in found] == ["$300 million", "12%", "9 percent", "3800亿元", "9.5％"]
    assert [(f.paragraph, f.sentence_index) for f in found] == [
        (0, 0), (0, 1), (1, 1), (2, 0), (2, 0)]
    for f in found:
        assert f.sentence in ARTICLE
        assert f.sentence[f.start:f.start + len(f.text)] == f.text
    assert found[2].sentence == "Then they said 9 percent."


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Le groupe prévoit d'investir 5 milliards d'euros.\n\nSa valorisation dépasse "
           "40 milliards d’euros. Le titre a pris 3,5 %."),
    ("de", "Der Umsatz stieg um neun Prozent auf 18,5 Mrd. Euro.\n\nDie Aktie gewann 2 %."),
    ("ja", "売上高は３８００億円。株価は5%上昇した。\n\n従業員は1万人以上。"),
])
def test_positions_are_verbatim_in_other_languages(lang, text):
    found = extract(text, lang)
    assert found
    for f in found:
        assert f.sentence in text
        assert f.sentence[f.start:f.start + len(f.text)] == f.text
        assert f.paragraph == (0 if text.index(f.sentence) < text.index("\n\n") else 1)


def test_language_codes_with_regions():
    assert one("La acción subió 4,5 %.", "es-MX").value == 4.5
    assert one("股价上涨4.5%。", "zh-Hans").value == 4.5
    assert one("Shares rose 4.5%.", "xx").value == 4.5


# --- properties

LANGUAGES = ["en", "fr", "es", "de", "it", "pt", "zh", "ja", "xx"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(LANGUAGES))
def test_extract_never_raises_and_spans_are_verbatim(text, lang):
    for f in extract(text, lang):
        assert f.sentence in text
        assert f.sentence[f.start:f.start + len(f.text)] == f.text
        assert f.unit in ("currency", "percent", "count")
        assert f.value >= 0 and (f.high is None or f.high > f.value)
        json.dumps(f.to_json())
        display(f, lang)


number_text = st.lists(st.sampled_from(
    ["12", "1,5", "3.800", " ", "%", "亿", "万", "元", "$", "€", "bn", " billion", " to ", "-",
     "more than ", "约", "(", ")", "百分之", "九", "nine", " percent", "2025", "[1]", "H", "\n\n",
     ". ", "，", "～", "¥", "円", " Mrd.", " milliards", " de ", "d'", "euros"]),
    max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(number_text, st.sampled_from(["en", "fr", "de", "zh", "ja"]))
def test_extract_never_raises_on_number_like_text(text, lang):
    for f in extract(text, lang):
        assert f.sentence[f.start:f.start + len(f.text)] == f.text
        assert f.equivalent_of is None or 0 <= f.equivalent_of < len(extract(text, lang))


# --- languages as data

def test_a_language_without_a_file_reads_digits_symbols_and_cjk_numerals_but_no_words():
    # Polish has no language file: no number words, scales or qualifiers of its own, and
    # English ones are not borrowed; digits, currency symbols and CJK forms still count.
    text = ("Spółka Kestrel pozyskała US$ 40 od funduszu, czyli dziewięć procent więcej niż "
            "nine percent. Udział wzrósł o 12%, a rynek w Chinach osiągnie 三千亿元.")
    found = [(f.value, f.unit, f.currency, f.qualifier) for f in extract(text, "pl")]
    assert found == [(40.0, "currency", "USD", None), (12.0, "percent", None, None),
                     (3e11, "currency", "CNY", None)]
    english = [(f.value, f.unit) for f in extract(text, "en")]
    assert (9.0, "percent") in english                        # the English words, read as English


def test_a_language_with_a_file_but_no_numbers_section_is_read_like_one_without_a_file():
    text = "Firma zebrała more than $5 billion, czyli 12.5% rynku i 1 200 robotów."
    assert extract(text, "nl") == extract(text, "pl") == extract(text, "und")
    # "more than" and "billion" are English words: unread outside English.
    assert [(f.value, f.qualifier) for f in extract(text, "nl")] == [(5.0, None), (12.5, None)]
    assert [(f.value, f.qualifier) for f in extract(text, "en")][:1] == [(5e9, "more than")]


def test_number_words_scales_and_percent_words_come_from_the_language_file():
    from briefing import lang
    checked = 0
    for code in lang.supported():
        data = lang.get(code).numbers
        if data is None or not data.words:
            continue
        word, value = data.words[-1]
        scale, factor = next((k, v) for k, v in data.scales if " " not in k and len(k) > 3)
        f = one(f"Kestrel: {word} {scale} USD.", code)
        assert (f.value, f.unit, f.currency) == (value * factor, "currency", "USD"), code
        f = one(f"Kestrel: {word} {data.percent[0]}.", code)
        assert (f.value, f.unit) == (value, "percent"), code
        checked += 1
    assert checked >= 6
