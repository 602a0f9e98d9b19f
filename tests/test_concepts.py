"""Concepts across languages and explicit days named in text (invented sentences only)."""

from __future__ import annotations

import pytest

from briefing.extract import concepts, daymentions


@pytest.mark.parametrize(("title", "body"), [
    ("A strong earthquake hits the coast", "Officials issued a tsunami warning."),
    ("Un fort séisme frappe la côte", "Les autorités ont lancé une alerte au tsunami."),
    ("Starkes Erdbeben erschüttert die Küste", "Die Behörden gaben eine Tsunami-Warnung heraus."),
    ("沿岸发生强烈地震", "当局发布了海啸预警。"),
    ("沿岸で強い地震", "気象庁は津波警報を出した。"),
    ("해안에 강한 지진", "당국은 쓰나미 경보를 내렸다."),
])
def test_one_event_is_the_same_concepts_in_every_language(title, body):
    found = concepts.weigh(title, body)
    assert {"earthquake", "tsunami", "weather_alert"} <= set(found)


def test_whole_words_take_only_an_ending_and_prefixes_any():
    found = concepts.weigh("", "The bank band banned a bandit. Investors and investment flowed.")
    assert "ban" in found  # "banned" is "ban" with an ending; "bank", "band", "bandit" are not
    assert found["investment"] > 0
    assert concepts.weigh("", "The bank band met a bandit in the bandstand.").get("ban") is None


def test_concepts_in_headline_and_lead_weigh_more_than_further_down():
    filler = "Nothing else happened that day in the town. " * 40
    found = concepts.weigh("Flood closes the old bridge", f"Water rose overnight. {filler} A tariff was mentioned.")
    assert found["flood"] == concepts.LEAD_WEIGHT
    assert found["tariff"] == concepts.BODY_WEIGHT < concepts.LEAD_WEIGHT


def test_a_custom_lexicon_is_checked_and_used():
    lexicon = concepts.compile_lexicon({"volcano": ["volcano*", "Vulkan*", "火山"]})
    assert concepts.weigh("Vulkanausbruch", "", lexicon) == {"volcano": 1.0}
    assert concepts.weigh("火山喷发", "", lexicon) == {"volcano": 1.0}
    with pytest.raises(ValueError):
        concepts.compile_lexicon({"bad": "not a list"})


@pytest.mark.parametrize("written", [
    "on April 19, 2025", "le 19 avril 2025", "am 19. April 2025", "el 19 de abril de 2025",
    "2025-04-19", "19.04.2025", "2025年4月19日", "2025년 4월 19일", "Apr. 19th 2025",
])
def test_every_common_way_of_writing_a_day_is_read(written):
    assert daymentions.mentioned(f"The race took place {written} in the city.") == [(2025, 4, 19)]


def test_days_without_a_year_and_impossible_days():
    assert daymentions.mentioned("It opened on 7月30日 and closed on 31 June.") == [(None, 7, 30)]
    assert daymentions.mentioned("Sales rose 19% in 2025 and may 5 firms merge?") == []
