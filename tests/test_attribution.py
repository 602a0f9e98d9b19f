"""Whose figure it is: attribution on invented sentences (never dev-corpus text), and the key-figure rows."""

from __future__ import annotations

import re

import pytest
from conftest import article

from briefing.extract import attribution, entities, figures


@pytest.fixture(scope="module")
def aliases():
    return entities.Aliases.load()


def owners(sentence: str, language: str, aliases) -> list[tuple[str, str | None]]:
    """(figure text, the name it is credited to) for every figure of one sentence."""
    found = figures.extract(sentence, language)
    spans = [(f.start, f.start + len(f.text)) for f in found]
    subjects = attribution.subjects(sentence, spans, entities.mentions(sentence, language, aliases), language)
    return [(f.text, s.surface if s else None) for f, s in zip(found, subjects)]


@pytest.mark.parametrize("sentence, language, expected", [
    # "respectively": the i-th figure belongs to the i-th name of the list before it.
    ("Tencent's stock gained up to 6.2% in Shanghai, which lifted suppliers Baidu (Beijing) Ltd. and "
     "Xiaomi Corp., rising by 12% and 4%, respectively.", "en",
     [("up to 6.2%", "Tencent"), ("12%", "Baidu"), ("4%", "Xiaomi Corp.")]),
    ("Les actions de Baidu et de Xiaomi ont gagné 12 % et 4 %, respectivement.", "fr",
     [("12 %", "Baidu"), ("4 %", "Xiaomi")]),
    # A forecast whose clause subject is not a name belongs to nobody, not to the executive who made it.
    ("Chief executive Lisa Su forecasts that global spending on chips will reach about $2 trillion by 2030.",
     "en", [("about $2 trillion", None)]),
    # A possessive right before the figure names its owner, not the first name of the sentence.
    ("U.S. export rules have cut its access to Japan's $3.1 billion cloud market in 2024.", "en",
     [("$3.1 billion", "Japan")]),
    # A relative clause between commas is an aside: the German startup is valued, not its investor.
    ("Das Start-up Figure AI, an dem auch Nvidia beteiligt ist, wird mit 2,6 Milliarden Dollar bewertet.",
     "de", [("2,6 Milliarden Dollar", "Figure AI")]),
    ("Figure AI, which counts Nvidia among its backers, was valued at $2.6 billion.", "en",
     [("$2.6 billion", "Figure AI")]),
    # An opening phrase belongs to the subject of the main clause.
    ("Previously targeting a $20 billion budget, Tencent is joining the race.", "en",
     [("$20 billion", "Tencent")]),
    # "said that it would …": the pronoun's clause takes the subject it depends on.
    ("Baidu said that it would spend $4 billion on data centres.", "en", [("$4 billion", "Baidu")]),
    ("In March, Baidu said it would spend $4 billion on data centres.", "en", [("$4 billion", "Baidu")]),
    # A name a preposition governs is where or according to whom, not who.
    ("Sales in Germany rose 20% last year.", "en", [("20%", None)]),
    ("Selon Reuters, le groupe Tencent investira 8 milliards d'euros en France.", "fr",
     [("8 milliards d'euros", "Tencent")]),
    ("The race between Japan and the US is shaped by giants, with estimates of over $300 billion in spending.",
     "en", [("over $300 billion", None)]),
    # Two clauses, two owners.
    ("Xiaomi shares rose 5%, while Tencent fell 3% in Hong Kong.", "en", [("5%", "Xiaomi"), ("3%", "Tencent")]),
    ("The deal came as Baidu's revenue climbed 14% in the quarter.", "en", [("14%", "Baidu")]),
    # What a bracket or a pair of dashes encloses does not cut the clause around it.
    ("The shares of Xiaomi (XMI) rose 6% in Paris.", "en", [("6%", "Xiaomi")]),
    ("Japan's $65 billion chip subsidy in 2024—$30 billion of it from local banks—marks a shift.", "en",
     [("$65 billion", "Japan"), ("$30 billion", None)]),
    # Chinese: the subject opens the clause (and carries over a comma: pro-drop); 在 marks a place.
    ("腾讯表示，将在未来三年投资1000亿元。", "zh", [("1000亿元", "腾讯")]),
    ("某公司周二在深圳发布新品，售价降至20万元。", "zh", [("20万元", None)]),
])
def test_a_figure_belongs_to_the_subject_of_its_clause(aliases, sentence, language, expected):
    assert owners(sentence, language, aliases) == expected


def test_attribution_stays_linear_on_a_huge_sentence(aliases):
    # Thousands of figures and names in one sentence: every lookup is bounded (bisect, short walks).
    sentence = ", ".join(f"Baidu rose {i}% in Tencent, which Xiaomi, and Nvidia, respectively"
                         for i in range(3000)) + "."
    # Spans found by hand: figures.extract reads at most MAX_FIGURES per article.
    spans = [m.span() for m in re.finditer(r"\d+%", sentence)]
    result = attribution.subjects(sentence, spans, entities.mentions(sentence, "en", aliases), "en")
    assert len(result) == len(spans) == 3000
    assert result[0] is not None and result[0].surface == "Baidu"


def test_display_names_come_from_the_alias_list(aliases):
    assert aliases.display("United States", "fr") == "États-Unis"
    assert aliases.display("United States", "en") == "United States"
    assert aliases.display("Beijing", "de") == "Peking"
    assert aliases.display("Nvidia", "fr") == "Nvidia"  # no entry: the canonical name
    assert aliases.display("Not In The List", "fr") == "Not In The List"
    # A display name is a spelling too: French text writing it finds the entity.
    assert aliases.canonical("Allemagne").name == "Germany"


def test_editor_names_extend_the_built_in_ones():
    extra = {"Beijing": {"names": {"fr": "Beijing"}}, "Kinetica": {"kind": "company", "names": {"zh": "动力科技"}}}
    aliases = entities.Aliases.load(extra)
    assert aliases.display("Beijing", "fr") == "Beijing"
    assert aliases.display("Beijing", "es") == "Pekín"
    assert aliases.display("Kinetica", "zh") == "动力科技"
    with pytest.raises(ValueError, match="names"):
        entities.Aliases.load({"Kinetica": {"kind": "company", "names": ["fr"]}})


# --- key-figure rows of a story (invented articles) --------------------------------------------

from datetime import date  # noqa: E402

from briefing.render import digest  # noqa: E402
from briefing.stages import analyse, stories  # noqa: E402
from briefing.models import Article, Translation  # noqa: E402


def _article(slug: str, body: str, language: str = "en", translations: tuple[Translation, ...] = ()) -> Article:
    return article(body, slug=slug, title=body.split(".")[0], language=language, published=date(2025, 5, 2),
                   translations=translations)


def _rows(articles: list[Article], language: str = "en", limit: int = 10) -> list[digest.Quantity]:
    aliases = entities.Aliases.load()
    analyses = {a.slug: analyse.analyse(a, aliases) for a in articles}
    sv = digest.story_view(stories.Story("s", tuple(articles)), language, 5)
    return digest.story_figures(sv, analyses, limit)


def test_one_row_per_quantity_with_all_its_sources_and_only_figures_with_a_measure():
    first = _article("a", "Tencent said on Friday it would invest 200 billion yuan ($28 billion) in data centres. "
                          "The plan covers 12 sites.")
    second = _article("b", "Tencent will spend more than 200 billion yuan on data centres over five years, it said.")
    third = _article("c", "Tencent's investment of $28 billion in data centres was announced on Friday.")
    rows = _rows([first, second, third])
    investment = [q for q in rows if q.concept == "investment"]
    assert len(investment) == 1  # the same amount, in yuan and dollars, is one row
    [q] = investment
    assert [v.slug for v in q.source_views] == ["a", "b", "c"] and q.lead.source.slug == "a"
    assert q.subject == "Tencent" and not q.conflict
    assert all(q.concept for q in rows)  # "12 sites" has no measure: not a key figure


def test_disagreeing_sources_are_one_flagged_row_with_each_value():
    rows = _rows([_article("a", "Baidu's shares rose 9% in Hong Kong on Monday."),
                  _article("b", "Baidu's shares rose up to 6% in Hong Kong on Monday.")])
    [q] = rows
    assert q.conflict and q.subject == "Baidu"
    values = q.values()
    assert sorted(figures.display(m.figure, "en") for m, _ in values) == ["9%", "up to 6%"]
    assert sorted(v.slug for _, views in values for v in views) == ["a", "b"]


def test_the_cap_counts_disagreements_too():
    companies = ["Baidu", "Tencent", "Xiaomi", "Huawei", "Samsung", "Intel"]
    body = " ".join(f"{name}'s revenue rose {i + 10}% last year." for i, name in enumerate(companies))
    other = " ".join(f"{name}'s revenue rose {i + 30}% last year." for i, name in enumerate(companies))
    rows = _rows([_article("a", body), _article("b", other)], limit=3)
    assert len(rows) == 3 and all(q.conflict for q in rows)
    assert len(_rows([_article("a", body), _article("b", other)], limit=10)) == len(companies)


def test_a_figure_sentence_comes_from_the_translation_even_when_paragraphs_differ():
    translation = Translation(language="fr", status="machine", title="Titre", summary="", key_points=(),
                              body="Introduction sans chiffre.\n\nUne autre phrase.\n\n"
                                   "Tencent investira 200 milliards de yuans dans des centres de données.")
    article = _article("a", "Tencent will invest 200 billion yuan in data centres.", translations=(translation,))
    [q] = _rows([article], language="fr")
    assert q.lead.sentence() == "Tencent investira 200 milliards de yuans dans des centres de données."
    assert q.lead.sentence_language() == "fr"
