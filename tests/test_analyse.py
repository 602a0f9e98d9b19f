"""Per-article analyses (briefing/stages/analyse.py): helpers of the build."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.stages import analyse


def test_an_analysis_without_its_terms_is_the_same_analysis_with_no_terms():
    analysis = analyse.Analysis(entities={"Arcturo": "company"}, terms={"en": {"chip": 3}}, words=12,
                                days=((2025, 9, 27),))
    bare = analyse.without_terms(analysis)
    assert bare == dataclasses.replace(analysis, terms={}) and bare is not analysis
    assert analysis.terms == {"en": {"chip": 3}}  # the original keeps them (the cache holds it)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bare.words = 3
